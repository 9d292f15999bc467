//! An insurer's specification line: what it reimbursed for one declared
//! invoice (docs/inputs.md), and the arithmetic that ties its amounts together.

use chrono::NaiveDate;

use crate::money::Money;
use crate::problem::SpecFlaw;
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

/// A specification line's amounts after the arithmetic of docs/inputs.md.
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

impl SpecLine {
    /// The line's amounts after docs/inputs.md: `reimbursed = paid_out +
    /// deductible + co_payment`, any two given. An absent withheld part is 0;
    /// a sheet with reimbursed and paid-out alone reads the difference as
    /// deductible. Errors (with the reason) when reimbursed, paid-out and a
    /// withheld part are all given and disagree beyond `tolerance`, or when
    /// neither reimbursed nor paid-out is given.
    pub fn amounts(&self, tolerance: Money) -> Result<SpecAmounts, SpecFlaw> {
        let withheld_given = self.deductible.is_some() || self.co_payment.is_some();
        let mut deductible = self.deductible.unwrap_or(Money::ZERO);
        let co_payment = self.co_payment.unwrap_or(Money::ZERO);
        let (reimbursed, paid_out) = match (self.reimbursed, self.paid_out) {
            (Some(r), Some(p)) if withheld_given => {
                let sum = p + deductible + co_payment;
                if !r.within(sum, tolerance) {
                    return Err(SpecFlaw::DoesNotAddUp {
                        reimbursed: r,
                        paid_out: p,
                        deductible,
                        co_payment,
                        sum,
                    });
                }
                (r, p)
            }
            (Some(r), Some(p)) => {
                deductible = r - p;
                (r, p)
            }
            (Some(r), None) => (r, r - deductible - co_payment),
            (None, Some(p)) => (p + deductible + co_payment, p),
            (None, None) => return Err(SpecFlaw::NoAmount),
        };
        Ok(SpecAmounts {
            reimbursed,
            deductible,
            co_payment,
            paid_out,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn line(r: Option<i64>, d: Option<i64>, c: Option<i64>, p: Option<i64>) -> SpecLine {
        let path: Arc<str> = Arc::from("specs/x.csv");
        SpecLine {
            source: Source::line(&path, 2),
            invoice_number: Some("F1".into()),
            declaration_number: None,
            insurer: None,
            client: None,
            care_date: None,
            declared: None,
            reimbursed: r.map(Money::from_cents),
            deductible: d.map(Money::from_cents),
            co_payment: c.map(Money::from_cents),
            paid_out: p.map(Money::from_cents),
            paid_to: None,
            payment_date: None,
        }
    }

    fn amounts(r: i64, d: i64, c: i64, p: i64) -> SpecAmounts {
        SpecAmounts {
            reimbursed: Money::from_cents(r),
            deductible: Money::from_cents(d),
            co_payment: Money::from_cents(c),
            paid_out: Money::from_cents(p),
        }
    }

    #[test]
    fn any_two_give_the_rest() {
        let tol = Money::from_cents(1);
        assert_eq!(
            line(Some(70000), None, None, None).amounts(tol),
            Ok(amounts(70000, 0, 0, 70000))
        );
        assert_eq!(
            line(None, Some(38500), None, Some(31500)).amounts(tol),
            Ok(amounts(70000, 38500, 0, 31500))
        );
        assert_eq!(
            line(Some(70000), Some(38500), None, None).amounts(tol),
            Ok(amounts(70000, 38500, 0, 31500))
        );
        // Reimbursed and paid out alone: the difference is the deductible.
        assert_eq!(
            line(Some(70000), None, None, Some(31500)).amounts(tol),
            Ok(amounts(70000, 38500, 0, 31500))
        );
        assert_eq!(
            line(Some(70000), Some(38500), Some(0), Some(31500)).amounts(tol),
            Ok(amounts(70000, 38500, 0, 31500))
        );
    }

    #[test]
    fn disagreeing_lines_are_errors() {
        let tol = Money::from_cents(1);
        assert!(
            line(Some(70000), Some(38500), None, Some(30000))
                .amounts(tol)
                .is_err()
        );
        assert!(
            line(Some(70000), Some(38500), None, Some(31501))
                .amounts(tol)
                .is_ok()
        );
        assert_eq!(
            line(None, Some(100), None, None).amounts(tol),
            Err(SpecFlaw::NoAmount)
        );
    }
}
