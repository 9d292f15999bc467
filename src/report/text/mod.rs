//! The words of the report: the core's typed facts (an invoice's reason,
//! …) written as sentences, from one catalogue per language (`nl.rs`,
//! `en.rs`). Each catalogue is an exhaustive `match` over the same types,
//! so a variant without a text in both languages does not compile. Codes
//! that scripts read (status, rule, severity) are not words and stay in
//! `outcome.rs`.

mod en;
mod nl;

use crate::reason::Reason;

use super::Lang;

/// Why an invoice has its status, in one sentence of the language.
pub fn reason(r: &Reason, lang: Lang) -> String {
    match lang {
        Lang::Nl => nl::reason(r),
        Lang::En => en::reason(r),
    }
}

#[cfg(test)]
mod tests;
