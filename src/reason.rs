//! Why an invoice has its status, stated as facts: the figures compared
//! and what the rest waits for. `status.rs` decides them; `report/text`
//! writes them in Dutch or English. No sentence is composed here, so a
//! reason costs no allocation per invoice and reads in either language.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Money;
use crate::source::Source;

/// Why an invoice has its status, and whether the accountant holds its
/// write-off (docs/statuses.md, "The reason"; docs/decisions.md).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// Why the status is what it is.
    pub why: Why,
    /// The accountant's hold on the write-off, when there is one; boxed
    /// because few invoices have one.
    pub hold: Option<Box<Hold>>,
}

impl Reason {
    /// A reason without a hold.
    pub fn new(why: Why) -> Reason {
        Reason { why, hold: None }
    }
}

impl From<Why> for Reason {
    fn from(why: Why) -> Reason {
        Reason::new(why)
    }
}

/// The status and the figures that decided it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// Overpaid: `paid − net` is to be refunded.
    Overpaid {
        /// Received.
        paid: Money,
        /// Net amount.
        net: Money,
    },
    /// Settled: credit notes took the net amount to zero or below.
    NothingToPay {
        /// Net amount after credit notes.
        net: Money,
    },
    /// Settled: paid in full.
    Paid {
        /// Received.
        paid: Money,
        /// Net amount.
        net: Money,
    },
    /// Coulance-eligible: the required amount was received.
    Coulance {
        /// Received.
        paid: Money,
        /// Net amount.
        net: Money,
        /// Where the required amount comes from.
        required: Required,
        /// What may be written off.
        write_off: Money,
    },
    /// Partially paid: some money, more is awaited.
    PartlyPaid {
        /// Received.
        paid: Money,
        /// Net amount.
        net: Money,
        /// What the rest waits for.
        wait: Wait,
    },
    /// Open: nothing received.
    NothingReceived {
        /// Net amount.
        net: Money,
        /// What the rest waits for.
        wait: Wait,
    },
}

/// Where the required amount comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    /// The insurer's reimbursement is the required amount.
    Reimbursed(Money),
    /// The client-share floor raised it above the reimbursement.
    Floor {
        /// What the insurer reimbursed.
        reimbursed: Money,
        /// The floor as a percentage (75 for 0.75).
        percent: Decimal,
        /// The required amount.
        required: Money,
    },
    /// The insurer reimbursed more than the invoice: the net amount.
    AboveInvoice {
        /// What the insurer reimbursed.
        reimbursed: Money,
        /// The required amount.
        required: Money,
    },
}

/// Why an invoice that is not settled is not (yet) coulance-eligible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// No specification yet.
    Specification,
    /// The insurer reimbursed nothing: no coulance.
    ReimbursedNothing,
    /// The required amount was received but the deadline passed.
    DeadlinePassed {
        /// What the insurer reimbursed.
        reimbursed: Money,
        /// The last day coulance could be granted.
        on: NaiveDate,
    },
    /// The required amount was received (a status without deadline).
    Reimbursed(Money),
    /// More is due before the rest may be written off.
    MoreDue {
        /// Where the required amount comes from.
        required: Required,
        /// What is still due.
        more: Money,
    },
}

/// The accountant's hold on an invoice's write-off, or on an overpaid
/// invoice's refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    /// The amount that stays on the books.
    pub amount: Money,
    /// The decision cell.
    pub source: Source,
    /// The accountant's note, possibly empty.
    pub note: String,
    /// True when it holds the refund of an overpaid invoice rather than a
    /// write-off.
    pub refund: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 200,000 invoices keep a reason each, in place and without an
    /// allocation: no more than the string it replaced took with its
    /// sentence on the heap (24 bytes and a 96 or 128-byte chunk).
    #[test]
    fn a_reason_is_compact() {
        assert!(std::mem::size_of::<Reason>() <= 112);
    }
}
