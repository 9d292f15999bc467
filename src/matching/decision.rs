//! A decision on one bank line: its status, rule, allocations (invoices by
//! index into the book) and its note as facts. The type every rule
//! returns; above the book and the state, below the rules.

use crate::money::Money;
use crate::note::Note;
use crate::outcome::{PaymentStatus, Rule};

/// The decision on one bank line, with invoices by index into the book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    /// Status.
    pub status: PaymentStatus,
    /// The rule that decided it.
    pub rule: Rule,
    /// (invoice, amount), in the order made; empty unless allocated.
    pub allocations: Vec<(usize, Money)>,
    /// Evidence, or candidates and why they were not taken, as facts; the
    /// fixed notes most lines get (a debit, no candidate) allocate nothing.
    pub note: Note,
}

impl Decision {
    /// Money goes to invoices.
    pub fn allocated(rule: Rule, allocations: Vec<(usize, Money)>, note: Note) -> Decision {
        Decision {
            status: PaymentStatus::Allocated,
            rule,
            allocations,
            note,
        }
    }

    /// Listed for review, nothing applied.
    pub fn suggested(rule: Rule, note: Note) -> Decision {
        Decision {
            status: PaymentStatus::Suggested,
            rule,
            allocations: Vec::new(),
            note,
        }
    }

    /// Not a client payment.
    pub fn ignored(rule: Rule, note: Note) -> Decision {
        Decision {
            status: PaymentStatus::Ignored,
            rule,
            allocations: Vec::new(),
            note,
        }
    }

    /// A return, or the payment it returns.
    pub fn reversed(note: Note) -> Decision {
        Decision {
            status: PaymentStatus::Reversed,
            rule: Rule::Reversal,
            allocations: Vec::new(),
            note,
        }
    }

    /// Nothing fitted.
    pub fn unmatched(note: Note) -> Decision {
        Decision {
            status: PaymentStatus::Unmatched,
            rule: Rule::Unmatched,
            allocations: Vec::new(),
            note,
        }
    }
}

/// Sets line `i`'s decision in `decided`, where each line is decided once:
/// every step decides only lines no earlier step decided, and a share
/// only its own lines. A second decision would mean two steps (or two
/// shares) both took the line; release builds keep the first, debug
/// builds and the tests stop at once.
pub(crate) fn settle(decided: &[std::sync::OnceLock<Decision>], i: usize, d: Decision) {
    let first = decided[i].set(d);
    debug_assert!(
        first.is_ok(),
        "line {i} decided twice: first {:?}, then {:?}",
        decided[i].get().map(|d| d.rule),
        first.err().map(|d| d.rule)
    );
}
