//! The entries of the book: an invoice with its credit notes folded in, a
//! client, a specification line as rule 4 needs it, and the sum of an
//! invoice's specification lines. The lowest layer of `matching/` beside
//! `names.rs`: the specification arithmetic and the indexes build on these
//! types, and the book holds them.

use chrono::NaiveDate;

use crate::money::Money;
use crate::source::Source;
use crate::text::Text;

use super::names::PersonName;

/// The sum of an invoice's accepted specification lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SpecTotals {
    /// Reimbursed, before withholding.
    pub reimbursed: Money,
    /// Withheld: deductible plus co-payment (what the client still owes
    /// on top of what the insurer paid out).
    pub withheld: Money,
    /// Paid out.
    pub paid_out: Money,
    /// Sum of the declared amounts of the lines that give one.
    pub declared: Option<Money>,
    /// Declaration numbers, or the line's source when it has none.
    pub labels: Vec<String>,
}

/// One invoice of the register, credit notes folded in.
#[derive(Clone, Debug)]
pub(crate) struct Invoice {
    /// Where the register row was read.
    pub source: Source,
    /// Number as the register writes it.
    pub number: Text,
    /// Number in comparison form ([`invoice_key`]).
    pub key: Text,
    /// Index into `Book::clients`.
    pub client: usize,
    /// Invoice date.
    pub invoice_date: NaiveDate,
    /// Due date from the register; the final due date is [`Invoice::due_date`].
    pub register_due: Option<NaiveDate>,
    /// Due date: register, else invoice date + the insurer's payment term.
    pub due_date: NaiveDate,
    /// Insurer: register, else specification.
    pub insurer: Option<Text>,
    /// Amount billed.
    pub amount: Money,
    /// Sum of its credit notes, positive.
    pub credited: Money,
    /// amount − credited.
    pub net: Money,
    /// Structured payment reference in comparison form.
    pub payment_reference: Option<Text>,
    /// The sum of its accepted specification lines, if any.
    pub spec: Option<SpecTotals>,
    /// Its insurer's `client_share_floor`, looked up once.
    pub floor: rust_decimal::Decimal,
}

/// A client (debtor) of the register.
#[derive(Clone, Debug)]
pub(crate) struct Client {
    /// Client number.
    pub id: String,
    /// Name as the first register row (in path order) gives it.
    pub name: String,
    /// The name parsed for comparison with payer names.
    pub parsed: Option<PersonName>,
    /// Its invoices, oldest first (invoice date, then number).
    pub invoices: Vec<usize>,
}

/// One specification line as rule 4 needs it: whose invoice, how much the
/// insurer paid out for it.
#[derive(Clone, Debug)]
pub(crate) struct DeclaredLine {
    /// Index into `Book::invoices`.
    pub invoice: usize,
    /// Paid out (as given or derived).
    pub paid_out: Money,
}
