//! What a reader records beside the lines it reads: the balances the file
//! states and the lines it could not read, each placed among the lines
//! ([`Mark`]). The balance check ([`super::balance`]) and the coverage of
//! days ([`super::coverage`]) are computed from these.

use crate::money::Money;
use crate::payment::Shared;
use crate::source::Source;

/// A balance an export states for a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stated {
    /// The account the statement is for, normalised as the lines' account.
    pub account: Shared,
    /// The balance, signed (a debit balance is negative).
    pub balance: Money,
    /// The currency the balance is given in, when the format says.
    pub currency: Option<Box<str>>,
    /// Where the file states it.
    pub source: Source,
}

/// What a file states at one place among its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A statement opens with this balance; the lines read after it belong
    /// to it until its closing balance.
    Opening(Box<Stated>),
    /// A statement closes with this balance.
    Closing(Box<Stated>),
    /// The balance after the line read just before the mark.
    After(Money),
    /// The balance before the line read just after the mark.
    Before(Money),
    /// The opening and closing balance of the line read just before the
    /// mark: a statement of one line (ABN AMRO TAB). Kept inline rather
    /// than as two boxed statement balances, since every line has them.
    Both {
        /// Balance before the line.
        opening: Money,
        /// Balance after it.
        closing: Money,
    },
    /// A line here could not be read: the running balance is unknown.
    Rejected(Box<Source>),
}

/// One stated balance or rejected line, placed among the lines read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// How many lines of the file were read before it.
    pub at: usize,
    /// What it states.
    pub kind: MarkKind,
}
