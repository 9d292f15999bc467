//! A bank line: one booked transaction on one of the provider's accounts,
//! as every bank reader produces it, and its stable id.

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use crate::ident::Iban;
use crate::money::Money;
use crate::source::Source;

/// One transaction on the provider's own account, whatever the format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankLine {
    /// Stable id (SPEC §5.2), filled in by `ingest::bank` after parsing:
    /// the same line in a later, overlapping export gets the same id.
    pub id: String,
    /// File and line (or XML transaction number).
    pub source: Source,
    /// Name of the detected format, e.g. `ing`, `camt053`.
    pub format: &'static str,
    /// The provider's own account as the export gives it, normalised.
    pub account: String,
    /// Booking date.
    pub booking_date: NaiveDate,
    /// Value date, when the format gives one.
    pub value_date: Option<NaiveDate>,
    /// Signed amount: positive is a credit to the provider.
    pub amount: Money,
    /// The other party's account.
    pub counterparty_iban: Option<Iban>,
    /// The other party's name (may be empty).
    pub counterparty_name: String,
    /// All free text of the line, joined with single spaces.
    pub description: String,
    /// Structured payment references from the bank's own fields
    /// (betalingskenmerk, RF reference, end-to-end id), as given.
    pub references: Vec<String>,
    /// The bank's own id of this transaction when it has one (Rabobank
    /// `Volgnr`, CAMT `AcctSvcrRef`); it makes the stable id sharper.
    pub bank_reference: Option<String>,
    /// Set when the bank marks this line as a return or reversal of an
    /// earlier one (Rabobank `Reden retour`, CAMT `RvslInd`/`RtrInf`,
    /// MT940 `/RTRN/`): the reason or code as given.
    pub return_info: Option<String>,
}

impl BankLine {
    /// True for money coming in.
    pub fn is_credit(&self) -> bool {
        self.amount.is_positive()
    }

    /// The content fingerprint behind the stable id: the fields that say
    /// what the transaction is, not where in which file it was read.
    pub fn fingerprint(&self) -> String {
        hex(&self.fingerprint_bytes())
    }

    /// The first six bytes of the fingerprint's SHA-256.
    fn fingerprint_bytes(&self) -> [u8; 6] {
        let mut h = Sha256::new();
        for part in [
            self.account.as_str(),
            &self.booking_date.to_string(),
            &self.amount.to_string(),
            self.counterparty_iban.as_ref().map_or("", Iban::as_str),
            self.counterparty_name.trim(),
            self.description.trim(),
            self.bank_reference.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        let digest = h.finalize();
        let mut out = [0u8; 6];
        for (o, d) in out.iter_mut().zip(digest.iter()) {
            *o = *d;
        }
        out
    }
}

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        // Both indexes are below 16.
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// Assigns stable ids to the lines of one file: `P<date>-<fingerprint>`,
/// and for the second, third … genuinely identical line in the same file a
/// suffix `-2`, `-3`, so that they stay apart while an overlapping export
/// of the same lines gets the same ids.
pub fn assign_ids(lines: &mut [BankLine]) {
    use std::fmt::Write;
    // Keyed by the fingerprint's bytes: the same equality as its hex, without
    // a string per line.
    let mut seen: foldhash::HashMap<[u8; 6], u32> = foldhash::HashMapExt::new();
    for line in lines.iter_mut() {
        let bytes = line.fingerprint_bytes();
        let n = seen.entry(bytes).or_insert(0);
        *n += 1;
        let fp = hex(&bytes);
        let date = line.booking_date;
        let mut id = String::with_capacity(24);
        // `%Y%m%d` prints four zero-padded year digits for years 0–9999;
        // other years go through chrono's own formatting.
        let _ = if (0..=9999).contains(&date.year()) {
            write!(
                id,
                "P{:04}{:02}{:02}-{fp}",
                date.year(),
                date.month(),
                date.day()
            )
        } else {
            write!(id, "P{}-{fp}", date.format("%Y%m%d"))
        };
        if *n > 1 {
            let _ = write!(id, "-{n}");
        }
        line.id = id;
    }
}
