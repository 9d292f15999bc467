//! One transaction of an MT940 statement as its `:61:` line states it
//! (dates, debit or credit, amount, references, and in old layouts the
//! counterparty), and the lines some banks put between it and its `:86:`.

use chrono::NaiveDate;

use super::super::account_shapes::{is_domestic_account, looks_like_iban};
use super::super::remittance::parse_info_text;
use super::super::swift::swift_amount;
use super::super::words::{no_reference, squash};
use crate::ident::Iban;
use crate::ingest::dates;
use crate::money::Money;
use crate::problem::{ProblemKind, SwiftFlaw};

/// What a `:61:` line says.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Head {
    pub(super) value_date: NaiveDate,
    /// Entry (booking) date as month and day, when given.
    pub(super) entry: Option<(u32, u32)>,
    pub(super) debit: bool,
    /// `RC` or `RD` when the bank marks the line as a reversal.
    pub(super) reversal: Option<&'static str>,
    /// The mark was written in lower case (`c`, `d`), as in ABN AMRO's own
    /// example file: taken only when the statement's balances confirm it.
    pub(super) lower_case: Option<char>,
    pub(super) amount: Money,
    pub(super) customer_ref: String,
    pub(super) bank_ref: Option<String>,
    /// Old Rabobank: the counterparty's name after a 16-column reference.
    pub(super) tail_name: Option<String>,
}

impl Head {
    /// The booking date: the entry date in the year that puts it nearest the
    /// value date (so `1231` with value date `0102` is last year), else the
    /// value date.
    pub(super) fn booking_date(&self) -> (NaiveDate, Option<ProblemKind>) {
        let Some((m, d)) = self.entry else {
            return (self.value_date, None);
        };
        match dates::nearest_year(m, d, self.value_date) {
            Some(date) => (date, None),
            None => (
                self.value_date,
                Some(ProblemKind::EntryDateNoDate { month: m, day: d }),
            ),
        }
    }

    /// The counterparty's account when the reference field holds it: an
    /// IBAN (SNS), or an old domestic number followed by a name (Rabobank).
    pub(super) fn reference_account(&self) -> Option<Iban> {
        let r = self.customer_ref.trim();
        if looks_like_iban(r) {
            return Iban::parse(r);
        }
        (self.tail_name.is_some() && is_domestic_account(r))
            .then(|| Iban::parse(r))
            .flatten()
    }
}

/// Reads `YYMMDD[MMDD](C|D|RC|RD)[funds code]amount(N|F|S)xxx reference[//bank ref]`.
///
/// `currency` is the statement's (from `:60F:`), when known: only its last
/// letter is taken for a funds code, so a letter typed into an amount
/// (`Cl05,00`) is never passed over as one.
pub(super) fn parse_61(raw: &str, currency: Option<&str>) -> Result<Head, SwiftFlaw> {
    let s = raw.trim_end();
    let digits_at = |from: usize, n: usize| {
        s.get(from..from + n)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
    };
    let num = |t: &str| t.parse::<u32>().unwrap_or(0);
    let date = digits_at(0, 6).ok_or(SwiftFlaw::NoValueDate)?;
    let value_date =
        dates::swift_yymmdd(date).ok_or_else(|| SwiftFlaw::BadValueDate(date.to_string()))?;
    let mut pos = 6;
    let entry = digits_at(6, 4).map(|e| (num(&e[0..2]), num(&e[2..4])));
    // ASN writes four spaces where the optional entry date belongs.
    if entry.is_some() || s.get(6..10) == Some("    ") {
        pos = 10;
    }
    let rest = s.get(pos..).unwrap_or("");
    let (debit, reversal, rest) = if let Some(r) = rest.strip_prefix("RC") {
        (true, Some("RC"), r)
    } else if let Some(r) = rest.strip_prefix("RD") {
        (false, Some("RD"), r)
    } else if let Some(r) = rest.strip_prefix(['C', 'c']) {
        (false, None, r)
    } else if let Some(r) = rest.strip_prefix(['D', 'd']) {
        (true, None, r)
    } else {
        return Err(SwiftFlaw::NoDebitCredit);
    };
    let lower_case = s
        .get(pos..)
        .and_then(|t| t.chars().next())
        .filter(char::is_ascii_lowercase);
    // An optional funds code: the last letter of the currency.
    let funds = currency.and_then(|c| c.chars().last());
    let rest = match rest.chars().next() {
        Some(c) if c.is_ascii_uppercase() && funds.is_none_or(|f| f == c) => &rest[1..],
        _ => rest,
    };
    // The amount runs up to the transaction type (`N`, `F` or `S`); every
    // character of it must be read, or the line is refused: a letter O
    // typed for a zero (`1O5,00`) is no amount of 1.
    let amount_len = rest
        .char_indices()
        .find(|(_, c)| matches!(c, 'N' | 'F' | 'S'))
        .map_or(rest.len(), |(i, _)| i);
    // Commerzbank and Deutsche Bank put a space before the type code
    // (`50,00 NTRF`); Knab writes whole euros without a comma (`C500NTRF`).
    let amount_text = rest[..amount_len].trim_end();
    let amount = swift_amount(amount_text)?;
    let rest = &rest[amount_len..];
    // The type code is the letter and three letters, digits or spaces
    // (`NTRF`, `N426`, Triodos `NET0`); a letter typed into the amount
    // before its comma (`1S5,00`) makes none. One typed after the comma
    // (`105,0N0NTRF`) makes a valid line in SWIFT's own syntax: no reader
    // can tell it from the amount 105,0.
    let code: Vec<char> = rest.chars().skip(1).take(3).collect();
    if !code.iter().all(|c| c.is_ascii_alphanumeric() || *c == ' ') {
        let shown: String = rest.chars().take(4).collect();
        return Err(SwiftFlaw::AmountNotNumber(format!("{amount_text}{shown}")));
    }
    // Transaction type: N, F or S and three characters (`NTRF`, `N426`, `NET `).
    let tail = match rest.chars().next() {
        Some('N' | 'F' | 'S') => {
            let end = rest.char_indices().nth(4).map_or(rest.len(), |(i, _)| i);
            &rest[end..]
        }
        _ => rest,
    };
    let (customer_ref, bank_ref, tail_name) = split_reference(tail);
    Ok(Head {
        value_date,
        entry,
        debit,
        reversal,
        lower_case,
        amount,
        customer_ref,
        bank_ref,
        tail_name,
    })
}

/// Splits the tail of a `:61:` into the account owner's reference, the
/// bank's reference after `//`, and (old Rabobank) a name after a
/// reference padded to 16 columns.
fn split_reference(tail: &str) -> (String, Option<String>, Option<String>) {
    if let Some((cref, bank)) = tail.split_once("//") {
        let bank = bank.split_whitespace().next().unwrap_or("");
        let bank = (!no_reference(bank)).then(|| bank.to_string());
        return (cref.trim().to_string(), bank, None);
    }
    let chars: Vec<char> = tail.chars().collect();
    if chars.len() > 16 {
        let head: String = chars[..16].iter().collect();
        let after: String = chars[16..].iter().collect();
        // A reference padded with spaces to column 16 and text after it.
        let padded = head.ends_with(' ');
        if padded && !head.trim().contains(' ') && !after.trim().is_empty() {
            return (
                head.trim().to_string(),
                None,
                Some(squash(&after)).filter(|n| !n.is_empty()),
            );
        }
    }
    // The same without the padding to column 16: an account number, a run
    // of spaces, then the name.
    let t = tail.trim();
    if let Some((account, after)) = t.split_once("  ")
        && (is_domestic_account(account) || looks_like_iban(account))
        && !after.trim().is_empty()
    {
        return (account.to_string(), None, Some(squash(after)));
    }
    (t.to_string(), None, None)
}

/// What the lines between a `:61:` and its `:86:` add.
#[derive(Default)]
pub(super) struct Extra {
    pub(super) account: Option<Iban>,
    pub(super) name: Option<String>,
    pub(super) return_info: Option<String>,
}

/// Rabobank puts the counter-IBAN (or an old account number) there, SNS
/// the counterparty's name, ING `/TRCD/` codes.
pub(super) fn read_extra(lines: &[String]) -> Extra {
    let mut extra = Extra::default();
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('/') {
            let info = parse_info_text(t);
            extra.return_info = extra.return_info.or(info.return_info);
            continue;
        }
        if extra.account.is_none() && (looks_like_iban(t) || is_domestic_account(t)) {
            extra.account = Iban::parse(t);
        } else if extra.name.is_none() {
            extra.name = Some(squash(t));
        }
    }
    extra
}
