//! A bank line: one booked transaction on one of the provider's accounts,
//! as every bank reader produces it, and its stable id.

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use std::sync::Arc;

use crate::ident::Iban;
use crate::money::Money;
use crate::source::Source;

/// One transaction on the provider's own account, whatever the format.
///
/// A million of these stay in memory from reading to the end of the report
/// (BENCHMARKS.md), so the text fields are boxed strings (no spare capacity, 16
/// bytes instead of 24 each) and the own account is shared by the lines of
/// a file instead of copied into each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankLine {
    /// Stable id (docs/inputs.md), filled in by `ingest::bank` after parsing:
    /// the same line in a later, overlapping export gets the same id.
    pub id: Text,
    /// File and line (or XML transaction number).
    pub source: Source,
    /// The provider's own account as the export gives it, normalised.
    pub account: Shared,
    /// Booking date.
    pub booking_date: NaiveDate,
    /// Value date, when the format gives one.
    pub value_date: Option<NaiveDate>,
    /// Signed amount: positive is a credit to the provider.
    pub amount: Money,
    /// The other party's account.
    pub counterparty_iban: Option<Iban>,
    /// The other party's name (may be empty).
    pub counterparty_name: Text,
    /// All free text of the line, joined with single spaces.
    pub description: Text,
    /// Structured payment references from the bank's own fields
    /// (betalingskenmerk, RF reference, end-to-end id), as given.
    pub references: Box<[Text]>,
    /// The bank's own id of this transaction when it has one (Rabobank
    /// `Volgnr`, CAMT `AcctSvcrRef`); it makes the stable id sharper.
    pub bank_reference: Option<Text>,
    /// Set when the bank marks this line as a return or reversal of an
    /// earlier one (Rabobank `Reden retour`, CAMT `RvslInd`/`RtrInf`,
    /// MT940 `/RTRN/`): the reason or code as given. Boxed: nearly every
    /// line has none, and a million lines keep this field.
    pub return_info: Option<Box<str>>,
}

impl BankLine {
    /// A line with only what every line has: where it was read, the own
    /// account, the booking date and the amount; no id, counterparty,
    /// text or reference. Readers fill in the rest as their format gives
    /// it; tests start here and set the fields they need.
    pub fn booked(
        source: Source,
        account: &str,
        booking_date: NaiveDate,
        amount: Money,
    ) -> BankLine {
        BankLine {
            id: Text::default(),
            source,
            account: account.into(),
            booking_date,
            value_date: None,
            amount,
            counterparty_iban: None,
            counterparty_name: Text::default(),
            description: Text::default(),
            references: Box::default(),
            bank_reference: None,
            return_info: None,
        }
    }

    /// True for money coming in.
    pub fn is_credit(&self) -> bool {
        self.amount.is_positive()
    }

    /// The content fingerprint behind the stable id: the fields that say
    /// what the transaction is, not where in which file it was read.
    pub fn fingerprint(&self) -> String {
        hex(&self.fingerprint_bytes(&mut String::new()))
    }

    /// The first six bytes of the fingerprint's SHA-256: the parts, each
    /// followed by the separator 0x1f, gathered in `buf` (reused between
    /// lines, so that no part is formatted into a String of its own) and
    /// hashed at once, which gives the same digest as hashing them one by
    /// one.
    fn fingerprint_bytes(&self, buf: &mut String) -> [u8; 6] {
        use std::fmt::Write;
        buf.clear();
        buf.push_str(&self.account);
        // Writing to a String cannot fail.
        let _ = write!(
            buf,
            "\u{1f}{}\u{1f}{}\u{1f}",
            self.booking_date, self.amount
        );
        for part in [
            self.counterparty_iban.as_ref().map_or("", Iban::as_str),
            self.counterparty_name.trim(),
            self.description.trim(),
            self.bank_reference.as_deref().unwrap_or(""),
        ] {
            buf.push_str(part);
            buf.push('\u{1f}');
        }
        let digest = Sha256::digest(buf.as_bytes());
        let mut out = [0u8; 6];
        for (o, d) in out.iter_mut().zip(digest.iter()) {
            *o = *d;
        }
        out
    }
}

/// Implements what a read-only string needs: `Deref` to `str` (so `&t`
/// is a `&str` and every `str` method works), `as_str`, comparison with
/// `str` and `String`, `From` both, and `Display`.
macro_rules! text_type {
    ($name:ident, $inner:ty) => {
        impl $name {
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> $name {
                $name(<$inner>::from(""))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(<$inner>::from(s))
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name(<$inner>::from(s))
            }
        }

        impl From<$name> for String {
            fn from(t: $name) -> String {
                t.0.to_string()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                *self.0 == *other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                *self.0 == **other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                *self.0 == **other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.0
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                *self == *other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                **self == *other.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub use crate::text::Text;

/// A text many lines share, such as the own account of a file's lines:
/// one allocation, each line holding a counted pointer to it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<str>);

text_type!(Shared, Arc<str>);

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    push_hex(&mut s, bytes);
    s
}

/// Appends the lower-case hex of `bytes` to `s`.
pub(crate) fn push_hex(s: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        // Both indexes are below 16.
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
}

/// Assigns stable ids to the lines of one file: `P<date>-<fingerprint>`,
/// and for the second, third … genuinely identical line in the same file a
/// suffix `-2`, `-3`, so that they stay apart while an overlapping export
/// of the same lines gets the same ids.
pub fn assign_ids(lines: &mut [BankLine]) {
    use std::fmt::Write;
    // Keyed by the fingerprint's bytes: the same equality as its hex, without
    // a string per line.
    let mut seen: foldhash::HashMap<[u8; 6], u32> =
        foldhash::HashMapExt::with_capacity(lines.len());
    // One buffer for the hashed parts and one for the id, reused: the id is
    // boxed from it at its exact length.
    let (mut parts, mut id) = (String::new(), String::with_capacity(32));
    for line in lines.iter_mut() {
        let bytes = line.fingerprint_bytes(&mut parts);
        let n = seen.entry(bytes).or_insert(0);
        *n += 1;
        let date = line.booking_date;
        id.clear();
        // `%Y%m%d` prints four zero-padded year digits for years 0–9999;
        // other years go through chrono's own formatting.
        let _ = if (0..=9999).contains(&date.year()) {
            write!(
                id,
                "P{:04}{:02}{:02}-",
                date.year(),
                date.month(),
                date.day()
            )
        } else {
            write!(id, "P{}-", date.format("%Y%m%d"))
        };
        push_hex(&mut id, &bytes);
        if *n > 1 {
            let _ = write!(id, "-{n}");
        }
        line.id = Text::from(id.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn line(name: &str, description: &str) -> BankLine {
        BankLine {
            counterparty_iban: Iban::parse("NL20INGB0001234567"),
            counterparty_name: name.into(),
            description: description.into(),
            bank_reference: Some("0001".into()),
            ..BankLine::booked(
                Source::line(&Arc::from("bank/x.csv"), 2),
                "NL91ABNA0417164300",
                NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
                Money::from_cents(-12_345),
            )
        }
    }

    /// The fingerprint as first written: each part hashed on its own.
    fn fingerprint_part_by_part(l: &BankLine) -> String {
        let mut h = Sha256::new();
        for part in [
            l.account.as_str(),
            &l.booking_date.to_string(),
            &l.amount.to_string(),
            l.counterparty_iban.as_ref().map_or("", Iban::as_str),
            l.counterparty_name.trim(),
            l.description.trim(),
            l.bank_reference.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        hex(&h.finalize()[..6])
    }

    #[test]
    fn fingerprint_hashes_the_same_parts_in_one_buffer() {
        let l = line(
            " J. Jansen ",
            "factuur F-2026-001 en een lange omschrijving",
        );
        assert_eq!(l.fingerprint(), fingerprint_part_by_part(&l));
        assert_eq!(l.fingerprint().len(), 12);
    }

    #[test]
    fn identical_lines_get_numbered_ids() {
        let mut lines = vec![line("a", "x"), line("b", "x"), line("a", "x")];
        assign_ids(&mut lines);
        let fp = lines[0].fingerprint();
        assert_eq!(lines[0].id, format!("P20260301-{fp}"));
        assert_eq!(lines[2].id, format!("P20260301-{fp}-2"));
        assert_ne!(lines[1].id, lines[0].id);
    }
}
