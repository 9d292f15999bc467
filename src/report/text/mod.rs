//! The words of the report: the core's typed facts (an invoice's reason,
//! …) written as sentences, from one catalogue per language (`nl.rs`,
//! `en.rs`). Each catalogue is an exhaustive `match` over the same types,
//! so a variant without a text in both languages does not compile. Codes
//! that scripts read (status, rule, severity) are not words and stay in
//! `outcome.rs`.

mod en;
mod nl;

use std::fmt::Display;

use crate::outcome::{PaymentOutcome, Rule};
use crate::reason::Reason;

use super::Lang;

/// Why an invoice has its status, in one sentence of the language.
pub fn reason(r: &Reason, lang: Lang) -> String {
    match lang {
        Lang::Nl => nl::reason(r),
        Lang::En => en::reason(r),
    }
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
    match lang {
        Lang::Nl => nl::note(buf, p),
        Lang::En => en::note(buf, p),
    }
}

/// The rule that decided a payment, as the workbook names it (the CSV
/// files write the code, [`Rule::as_str`]).
pub fn rule(rule: Rule, lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => nl::rule(rule),
        Lang::En => en::rule(rule),
    }
}

/// Why a decision did or did not take effect.
pub fn effect(effect: &crate::decisions::Effect, lang: Lang) -> String {
    match lang {
        Lang::Nl => nl::effect(effect),
        Lang::En => en::effect(effect),
    }
}

/// The note of a bank line no stage decided (should not happen).
pub fn undecided(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "voor deze regel is niets beslist",
        Lang::En => "no decision was made for this line",
    }
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
