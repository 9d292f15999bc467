//! The catalogue: every word of the report a person reads, in Dutch
//! (`nl/`) and English (`en/`), one file per subject in each — the
//! sentences of the core's facts (`notes.rs`), the input problems
//! (`problems.rs`), the fixed words of the workbook and the journal
//! (`labels.rs`, named by [`Label`]) and the words a client reads
//! (`letters.rs`).
//!
//! Each subject is a trait that both languages implement, every method
//! with an exhaustive `match`, and `Catalogue` asks for all of them: a
//! word missing in one language does not compile. Everything else looks
//! a word up through the functions here, `text::label(Label::Title,
//! lang)`, `text::problem(&kind, lang)`, and so on.
//!
//! Codes that scripts read (status, rule, severity, a problem's code) are
//! not words and stay with their types. The workbook headers the decisions
//! reader reads back are taken from `crate::decision_headers`, below both
//! the readers and the report.

mod en;
mod labels;
mod nl;

use std::fmt::Display;

pub use labels::Label;

use crate::decisions::Effect;
use crate::ingest::InputKind;
use crate::outcome::{BatchStatus, InvoiceStatus, PaymentOutcome, PaymentStatus, Rule};
use crate::problem::{Field, ProblemKind, Severity};
use crate::reason::Reason;

use super::Lang;
use super::letters::kind::LetterKind;

/// The sentences of the core's facts.
trait NoteWords {
    /// An invoice's reason.
    fn reason(&self, r: &Reason) -> String;
    /// A payment's note, written into `s` (cleared first).
    fn note(&self, s: &mut String, p: &PaymentOutcome);
    /// A rule's word.
    fn rule(&self, rule: Rule) -> &'static str;
    /// Why a decision did or did not take effect.
    fn effect(&self, effect: &Effect) -> String;
    /// The note of a bank line no stage decided (should not happen).
    fn undecided(&self) -> &'static str;
}

/// The input problems.
trait ProblemWords {
    /// A problem's sentence: lower case, no trailing period.
    fn problem(&self, kind: &ProblemKind) -> String;
    /// The name of a field.
    fn field(&self, f: Field) -> &'static str;
}

/// The fixed words of the workbook and the journal.
trait LabelWords {
    /// A fixed text.
    fn label(&self, label: Label) -> &'static str;
    /// An invoice status; also its sheet's name.
    fn invoice_status(&self, status: InvoiceStatus) -> &'static str;
    /// A payment status.
    fn payment_status(&self, status: PaymentStatus) -> &'static str;
    /// A billing agent's batch status.
    fn batch_status(&self, status: BatchStatus) -> &'static str;
    /// A letter's kind.
    fn letter_kind(&self, kind: LetterKind) -> &'static str;
    /// A problem's severity.
    fn severity(&self, severity: Severity) -> &'static str;
    /// A kind of change since the previous report, by its code.
    fn change_kind(&self, kind: &str) -> &'static str;
    /// The kind of an input file.
    fn input_kind(&self, kind: InputKind) -> &'static str;
}

/// The words a client reads in a letter.
trait LetterWords {
    /// The note of a letter when the provider owes the client a refund
    /// (the amount as the letter prints it).
    fn refund_note(&self, refund: &str) -> String;
    /// What a final notice with collection costs must say (amounts and
    /// date as the letter prints them).
    fn consequences(&self, principal: &str, date: &str, costs: &str, total: &str) -> String;
    /// A month's name, `month0` counting from 0 for January.
    fn month(&self, month0: u32) -> &'static str;
    /// How a letter writes an amount.
    fn money_marks(&self) -> MoneyMarks;
}

/// How a letter writes an amount in a language: `€ 1.234,50` in Dutch,
/// `€1,234.50` in English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoneyMarks {
    /// Between groups of three digits.
    pub group: char,
    /// Before the cents.
    pub decimal: char,
    /// Before the amount: the euro sign, with or without a space.
    pub prefix: &'static str,
}

/// Every subject of the catalogue: what a language must word.
trait Catalogue: NoteWords + ProblemWords + LabelWords + LetterWords + Sync {}

/// The catalogue of a language.
fn words(lang: Lang) -> &'static dyn Catalogue {
    match lang {
        Lang::Nl => &nl::Nl,
        Lang::En => &en::En,
    }
}

/// Why an invoice has its status, in one sentence of the language.
pub fn reason(r: &Reason, lang: Lang) -> String {
    words(lang).reason(r)
}

/// A payment's note, in one sentence of the language.
pub fn note(p: &PaymentOutcome, lang: Lang) -> String {
    let mut s = String::new();
    note_into(&mut s, p, lang);
    s
}

/// A payment's note written into `buf` (cleared first), so that a writer
/// of a million lines reuses one buffer.
pub fn note_into(buf: &mut String, p: &PaymentOutcome, lang: Lang) {
    words(lang).note(buf, p);
}

/// The rule that decided a payment, as the workbook names it (the CSV
/// files write the code, [`Rule::as_str`]).
pub fn rule(rule: Rule, lang: Lang) -> &'static str {
    words(lang).rule(rule)
}

/// Why a decision did or did not take effect.
pub fn effect(effect: &Effect, lang: Lang) -> String {
    words(lang).effect(effect)
}

/// The note of a bank line no stage decided (should not happen).
pub fn undecided(lang: Lang) -> &'static str {
    words(lang).undecided()
}

/// An input problem's sentence, for `exceptions.csv` and the workbook's
/// input-problems sheet: lower case, no trailing period.
pub fn problem(kind: &ProblemKind, lang: Lang) -> String {
    words(lang).problem(kind)
}

/// The name of a field of an input row.
pub fn field(f: Field, lang: Lang) -> &'static str {
    words(lang).field(f)
}

/// A fixed text of the workbook or the journal.
pub fn label(label: Label, lang: Lang) -> &'static str {
    words(lang).label(label)
}

/// An invoice status as the workbook names it; also its sheet's name.
pub fn invoice_status(status: InvoiceStatus, lang: Lang) -> &'static str {
    words(lang).invoice_status(status)
}

/// A payment status as the workbook names it.
pub fn payment_status(status: PaymentStatus, lang: Lang) -> &'static str {
    words(lang).payment_status(status)
}

/// A billing agent's batch status as the workbook names it (`agents.csv`
/// writes the code, [`BatchStatus::as_str`]).
pub fn batch_status(status: BatchStatus, lang: Lang) -> &'static str {
    words(lang).batch_status(status)
}

/// A letter's kind as the workbook names it (`letters.csv` writes the
/// code, [`LetterKind::as_str`]).
pub fn letter_kind(kind: LetterKind, lang: Lang) -> &'static str {
    words(lang).letter_kind(kind)
}

/// A problem's severity as the workbook names it (`exceptions.csv` writes
/// the code, [`Severity::as_str`]).
pub fn severity(severity: Severity, lang: Lang) -> &'static str {
    words(lang).severity(severity)
}

/// A kind of change since the previous report, by its code in
/// `changes.csv`, as the workbook names it.
pub fn change_kind(kind: &str, lang: Lang) -> &'static str {
    words(lang).change_kind(kind)
}

/// The kind of an input file as the workbook names it.
pub fn input_kind(kind: InputKind, lang: Lang) -> &'static str {
    words(lang).input_kind(kind)
}

/// A letter's note when the provider owes the client `refund` (as the
/// letter prints it).
pub fn refund_note(refund: &str, lang: Lang) -> String {
    words(lang).refund_note(refund)
}

/// What a final notice with collection costs must say (art. 6:96 lid 6
/// BW): the costs are owed only when the principal is not paid by the
/// date. Amounts and date as the letter prints them.
pub fn consequences(principal: &str, date: &str, costs: &str, total: &str, lang: Lang) -> String {
    words(lang).consequences(principal, date, costs, total)
}

/// A month's name as a letter prints a date, `month0` counting from 0.
pub fn month(month0: u32, lang: Lang) -> &'static str {
    words(lang).month(month0)
}

/// How a letter writes an amount.
pub fn money_marks(lang: Lang) -> MoneyMarks {
    words(lang).money_marks()
}

/// The remittance text of a refund in `refunds.xml`: the invoice number
/// and nothing about care. Always Dutch, whatever `--lang`: the client's
/// bank shows it to the client, whereas `--lang` chooses the language of
/// the accountant who reads the report.
pub fn refund_remittance(invoice: &str) -> String {
    nl::refund_remittance(invoice)
}

/// Items joined by `sep`.
fn list<T: Display>(items: &[T], sep: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

/// A payment's allocations: "F1 300.00, F2 400.00" (numbers and amounts
/// read the same in both languages).
fn allocations(p: &PaymentOutcome) -> String {
    p.allocations
        .iter()
        .map(|a| format!("{} {}", a.invoice, a.amount))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests;
