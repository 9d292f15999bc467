//! The accountant's standing decisions (docs/inputs.md): allocate a payment (or
//! part of it) to an invoice, or declare it no client payment.

use crate::money::Money;
use crate::source::Source;

/// What an override does with its payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverrideTarget {
    /// `ignore`: the payment is not a client payment.
    Ignore,
    /// Allocate to this invoice number (as written).
    Invoice(String),
}

/// One row of `overrides.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverrideRow {
    /// Line in `overrides.csv`.
    pub source: Source,
    /// The payment id it applies to.
    pub payment_id: String,
    /// Where the money goes.
    pub target: OverrideTarget,
    /// How much of the payment; `None` means all of it (or all that is left).
    pub amount: Option<Money>,
    /// The accountant's note, copied to the payment's note.
    pub note: String,
}
