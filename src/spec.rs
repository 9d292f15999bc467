//! An insurer's specification line: what it reimbursed for one declared
//! invoice (SPEC §5.3), and the arithmetic that ties its amounts together.

use chrono::NaiveDate;

use crate::money::Money;
use crate::source::Source;

/// To whom the insurer paid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaidTo {
    /// The insured client (the usual case for non-contracted care).
    Insured,
    /// The provider directly (cessie).
    Provider,
}

/// One line of a specification sheet, as read. An amount is `None` when its
/// column is absent from the sheet, `Some(0)` when the cell is empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecLine {
    /// Sheet row (or CSV line).
    pub source: Source,
    /// The provider's invoice number the line is for.
    pub invoice_number: Option<String>,
    /// The insurer's declaration (archive) number.
    pub declaration_number: Option<String>,
    /// Insurer, from a column or else from the file or sheet name.
    pub insurer: Option<String>,
    /// The insured person (name or policy number) as the sheet gives it.
    pub client: Option<String>,
    /// Date (or first date) of care.
    pub care_date: Option<NaiveDate>,
    /// Amount declared.
    pub declared: Option<Money>,
    /// Amount the insurer covers, before withholding.
    pub reimbursed: Option<Money>,
    /// Deductible kept back.
    pub deductible: Option<Money>,
    /// Co-payment kept back.
    pub co_payment: Option<Money>,
    /// Amount actually paid out.
    pub paid_out: Option<Money>,
    /// To whom it was paid out.
    pub paid_to: Option<PaidTo>,
    /// Date of payment.
    pub payment_date: Option<NaiveDate>,
}

/// A specification line's amounts after the arithmetic of SPEC §5.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecAmounts {
    /// Reimbursed = paid out + deductible + co-payment.
    pub reimbursed: Money,
    /// Deductible withheld.
    pub deductible: Money,
    /// Co-payment withheld.
    pub co_payment: Money,
    /// Paid out.
    pub paid_out: Money,
}
