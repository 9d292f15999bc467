//! The accountant's decisions made in the workbook: read back
//! from any CSV or spreadsheet in the input folder's `decisions/` folder.
//!
//! A payment decision (`Beslissing` / `Decision` on the review sheet, or a
//! row in the columns of `overrides.csv`) works as an override (docs/inputs.md,
//! rule 1). A write-off hold (`Afboeken` / `Write off` = `nee` / `no` on a
//! status sheet) keeps an invoice's status but takes it off the write-off
//! list; `Terugbetalen` / `Refund` = `nee` holds an overpaid invoice's
//! refund. A pre-filled cell left empty undoes a decision; of the files
//! that decide one thing, the newest report date wins. Every decision read
//! ends in [`DecisionOutcome`]: applied, or why not.

use crate::money::Money;
use crate::source::Source;

/// Where a payment decision sends the payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentTarget {
    /// `negeren` / `ignore`: not a client payment.
    Ignore,
    /// These invoices (as written), in the order written: each up to what
    /// it still needs, the rest to the last.
    Invoices(Vec<String>),
}

/// What one decision row decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decided {
    /// A payment goes to invoices or is ignored.
    Payment {
        /// The payment id.
        payment_id: String,
        /// Where it goes.
        target: PaymentTarget,
        /// How much of it; `None` for all of it.
        amount: Option<Money>,
    },
    /// `nee` / `no`: hold this invoice's write-off.
    Hold {
        /// The invoice number as written.
        invoice: String,
    },
    /// `ja` / `yes`: write off as usual (what happens without a decision).
    WriteOff {
        /// The invoice number as written.
        invoice: String,
    },
    /// `nee` / `no` in `Terugbetalen` / `Refund`: hold this overpaid
    /// invoice's refund (it stays overpaid and out of `refunds.xml`).
    HoldRefund {
        /// The invoice number as written.
        invoice: String,
    },
    /// `ja` / `yes` in `Terugbetalen` / `Refund`: refund as usual.
    Refund {
        /// The invoice number as written.
        invoice: String,
    },
    /// A decision cell that the workbook it was saved from had pre-filled
    /// with the decision then in force (its `Vooraf ingevuld uit` /
    /// `Prefilled from` cell says where that came from), and that is empty
    /// now: the accountant undid the decision.
    Cleared {
        /// What was undone.
        subject: Subject,
        /// The payment id or invoice number as written on the row.
        about: String,
    },
    /// A decision cell that could not be read (the reader reported why,
    /// at its cell); listed so that no decision read goes unaccounted.
    Unreadable {
        /// True on a payment-decision sheet, false on a write-off sheet.
        payment: bool,
        /// True for a `Terugbetalen` / `Refund` cell.
        refund: bool,
        /// What it would decide about: a payment id or invoice number, as
        /// far as it could be read.
        about: String,
        /// Why it could not be read.
        why: crate::problem::ProblemKind,
    },
}

/// One decision read from a file in `decisions/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionRow {
    /// The decision cell (`path:Sheet!Q5`), or the CSV line.
    pub source: Source,
    /// What it decides.
    pub decided: Decided,
    /// The decision as written in its cell.
    pub written: String,
    /// The accountant's note (`Toelichting bij beslissing` / `Decision
    /// note`, or what follows `nee` in a write-off cell).
    pub note: String,
    /// The report date of the workbook it was saved in (the as-of date on
    /// its summary sheet); `None` for a CSV or a workbook without one. Of
    /// the files that decide one payment or invoice, the newest report
    /// date wins.
    pub report_date: Option<chrono::NaiveDate>,
}

/// What kind of thing a decision decides: two decisions are compared only
/// when they share the kind and the payment id or invoice key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// Where a payment goes.
    Payment,
    /// Whether an invoice's write-off is held.
    WriteOff,
    /// Whether an overpaid invoice's refund is held.
    Refund,
}

impl DecisionRow {
    /// What the decision is about: a payment id, or an invoice key for a
    /// write-off or a refund, the key two decisions must share to be
    /// compared. A write-off hold and a refund hold of one invoice never
    /// meet.
    pub fn subject(&self) -> (Subject, String) {
        match &self.decided {
            Decided::Payment { payment_id, .. } => {
                (Subject::Payment, payment_id.trim().to_string())
            }
            Decided::Hold { invoice } | Decided::WriteOff { invoice } => {
                (Subject::WriteOff, crate::ident::invoice_key(invoice))
            }
            Decided::HoldRefund { invoice } | Decided::Refund { invoice } => {
                (Subject::Refund, crate::ident::invoice_key(invoice))
            }
            Decided::Cleared { subject, about } => {
                let key = match subject {
                    Subject::Payment => about.trim().to_string(),
                    _ => crate::ident::invoice_key(about),
                };
                (*subject, key)
            }
            Decided::Unreadable {
                payment,
                refund,
                about,
                ..
            } => {
                let kind = match (payment, refund) {
                    (true, _) => Subject::Payment,
                    (false, false) => Subject::WriteOff,
                    (false, true) => Subject::Refund,
                };
                (kind, about.trim().to_string())
            }
        }
    }
}

/// What became of a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The payment was decided by it (rule `override`), or the invoice's
    /// write-off or refund is held.
    Applied,
    /// A hold on an invoice that has nothing to write off (or, for a
    /// refund hold, nothing to refund) tonight; it holds as soon as there
    /// is.
    NothingToHold,
    /// `ja` / `yes`: the invoice is written off as it would be anyway.
    NoEffect,
    /// The same decision was read at an earlier place, where it applies.
    SameAs(Source),
    /// Another file decides the same payment or invoice differently:
    /// neither applies.
    Conflict(Source),
    /// A workbook of a later report date decides the same payment or
    /// invoice (or undoes the decision): that one counts, this one no
    /// more.
    Replaced(Source),
    /// A pre-filled decision cell left empty: the decision it showed is
    /// undone, and nothing is decided.
    Undone,
    /// `overrides.csv` decides the payment differently and keeps it.
    Overridden(Source),
    /// No bank line has this payment id (any more).
    UnknownPayment,
    /// No invoice has this number (any more).
    UnknownInvoice(String),
    /// The amount is more than the payment.
    AmountAbovePayment {
        /// The decision's amount.
        amount: Money,
        /// The payment's amount (as a positive amount).
        payment: Money,
    },
    /// The amount is zero or negative.
    AmountNotPositive(Money),
    /// `negeren` / `ignore` with an amount: ignoring takes all of a payment.
    AmountWithIgnore,
    /// The decision could not be read (see the exceptions at its cell).
    Unreadable(crate::problem::ProblemKind),
}

impl Effect {
    /// The code written to `decisions.csv`.
    pub fn code(&self) -> &'static str {
        match self {
            Effect::Applied => "applied",
            Effect::NothingToHold => "nothing_to_hold",
            Effect::NoEffect => "no_effect",
            Effect::SameAs(_) => "same_as_other",
            Effect::Conflict(_) => "conflict",
            Effect::Replaced(_) => "replaced",
            Effect::Undone => "undone",
            Effect::Overridden(_) => "overridden",
            Effect::UnknownPayment => "unknown_payment",
            Effect::UnknownInvoice(_) => "unknown_invoice",
            Effect::AmountAbovePayment { .. } => "amount_above_payment",
            Effect::AmountNotPositive(_) => "invalid_amount",
            Effect::AmountWithIgnore => "invalid_amount",
            Effect::Unreadable(_) => "unreadable",
        }
    }

    /// True when the decision (or the same one elsewhere) counts.
    pub fn took_effect(&self) -> bool {
        matches!(
            self,
            Effect::Applied
                | Effect::NothingToHold
                | Effect::NoEffect
                | Effect::SameAs(_)
                | Effect::Undone
        )
    }
}

/// The outcome of one decision row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionOutcome {
    /// Index into `Ledger::decisions`.
    pub decision: usize,
    /// What became of it.
    pub effect: Effect,
    /// The bank line it decides, when the payment exists.
    pub line: Option<usize>,
    /// The invoice (index into `Reconciliation::invoices`) it holds, when
    /// it exists.
    pub invoice: Option<usize>,
}
