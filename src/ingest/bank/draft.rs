//! A bank line under construction ([`Draft`]) and the one step that
//! finishes it into a [`BankLine`] ([`Draft::finish_at`]): every reader,
//! MT940 and CAMT.053 too, builds its lines here, so texts, names,
//! accounts and references are cleaned the same way in every format.

use std::sync::Arc;

use chrono::NaiveDate;

use super::stated::LineBalance;
use super::words::{no_reference, squash, squash_into};
use crate::ident::Iban;
use crate::money::Money;
use crate::payment::{BankLine, Shared, Text};
use crate::reference::find_references;
use crate::source::Source;

/// A bank line under construction: the fields every format fills, before
/// its place in the file and its references are settled.
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    /// Own account as given.
    pub account: String,
    /// Booking date.
    pub booking_date: NaiveDate,
    /// Value date, when given.
    pub value_date: Option<NaiveDate>,
    /// Signed amount.
    pub amount: Money,
    /// Counterparty account as given (normalised on finishing).
    pub counterparty: String,
    /// Counterparty name.
    pub name: String,
    /// Free-text parts, joined by single spaces into the description.
    pub texts: Vec<String>,
    /// Structured references from the bank's own fields.
    pub references: Vec<String>,
    /// The bank's own transaction id.
    pub bank_reference: Option<String>,
    /// Return or reversal marker.
    pub return_info: Option<String>,
    /// The balance the line states, for the balance check.
    pub balance: Option<LineBalance>,
}

impl Draft {
    /// A draft with the three fields every line has.
    pub fn new(account: &str, booking_date: NaiveDate, amount: Money) -> Draft {
        Draft {
            account: account.trim().to_string(),
            booking_date,
            value_date: None,
            amount,
            counterparty: String::new(),
            name: String::new(),
            texts: Vec::new(),
            references: Vec::new(),
            bank_reference: None,
            return_info: None,
            balance: None,
        }
    }

    /// The finished line: account and counterparty normalised, description
    /// collapsed to single spaces, references = the structured ones (as
    /// given, trimmed) followed by those found in the free text, without
    /// repeats.
    #[cfg(test)]
    pub fn finish(self, path: &Arc<str>, line: u64) -> BankLine {
        self.finish_with(path, line, &mut SharedAccounts::default())
    }

    /// [`Draft::finish`], the own account shared through `accounts` with
    /// the lines before it.
    pub fn finish_with(
        self,
        path: &Arc<str>,
        line: u64,
        accounts: &mut SharedAccounts,
    ) -> BankLine {
        let account = accounts.shared(&self.account);
        self.finish_at(Source::line(path, line), account)
    }

    /// The draft-to-line step of every bank reader, the one place a
    /// [`BankLine`] is built: at `source` (a line, or a CAMT entry), for
    /// the own `account` as the reader normalised it (the CSV-like readers
    /// through [`SharedAccounts`], MT940 from `:25:`, CAMT from `Acct`), with
    /// texts, names, counterparty account and references cleaned as
    /// [`Draft::finish`] says.
    pub fn finish_at(self, source: Source, account: Shared) -> BankLine {
        let mut description = String::new();
        for t in &self.texts {
            squash_into(&mut description, t);
        }
        let mut references: Vec<String> = Vec::new();
        let mut push = |r: String| {
            if !no_reference(&r) {
                references.push(r);
            }
        };
        for r in &self.references {
            push(squash(r));
        }
        for r in &self.references {
            find_references(r).into_iter().for_each(&mut push);
        }
        find_references(&description)
            .into_iter()
            .for_each(&mut push);
        // Repeats dropped once, hashed (a `contains` per push was square).
        crate::reference::dedup_keep_first(&mut references);
        BankLine {
            id: Text::default(),
            source,
            account,
            booking_date: self.booking_date,
            value_date: self.value_date,
            amount: self.amount,
            counterparty_iban: Iban::parse(&self.counterparty),
            counterparty_name: Text::from(squash(&self.name)),
            description: Text::from(description),
            references: references.into_iter().map(Text::from).collect(),
            bank_reference: self
                .bank_reference
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(Text::from),
            return_info: self
                .return_info
                .map(|r| squash(&r))
                .filter(|r| !r.is_empty())
                .map(String::into_boxed_str),
        }
    }
}

/// The own accounts of a file's lines, normalised once and shared: a file
/// is nearly always the export of one account, so each line holds a
/// pointer to the same text instead of a copy.
#[derive(Debug, Default)]
pub(crate) struct SharedAccounts {
    /// The last account as given and its normalised, shared form.
    last: Option<(String, Shared)>,
}

impl SharedAccounts {
    /// The normalised account (see [`Iban::parse`]; as given when it is no
    /// account number) for `given`, the trimmed text of the export.
    pub fn shared(&mut self, given: &str) -> Shared {
        if let Some((raw, shared)) = &self.last
            && raw == given
        {
            return shared.clone();
        }
        let shared =
            Iban::parse(given).map_or_else(|| Shared::from(given), |i| Shared::from(i.as_str()));
        self.last = Some((given.to_string(), shared.clone()));
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reader_finishes_its_lines_through_the_same_step() {
        // MT940 and CAMT.053 give their own normalised account and place
        // (a CAMT entry is no line); the cleaning is the CSV readers'.
        let p: Arc<str> = Arc::from("bank/x.xml");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let mut d = Draft::new("", date, Money::from_cents(-250));
        d.counterparty = "NL91ABNA0417164300".into();
        d.name = " J.  de Vries ".into();
        d.texts = vec!["Factuur  2024-001 ".into()];
        d.references = vec!["NOTPROVIDED".into(), "E2E 1".into()];
        d.bank_reference = Some(" ".into());
        d.return_info = Some(" RD  AC04 ".into());
        let l = d.finish_at(Source::entry(&p, 7), Shared::from("123456789"));
        assert_eq!(l.source, Source::entry(&p, 7));
        assert_eq!(l.account, "123456789");
        assert_eq!(
            l.counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL91ABNA0417164300")
        );
        assert_eq!(l.counterparty_name, "J. de Vries");
        assert_eq!(l.description, "Factuur 2024-001");
        assert_eq!(*l.references, ["E2E 1"]);
        assert_eq!(l.bank_reference, None);
        assert_eq!(l.return_info.as_deref(), Some("RD AC04"));
    }

    #[test]
    fn many_repeated_references_are_kept_once_in_first_order() {
        // Thousands of structured references, each written twice, and the
        // same again in the description (square time before).
        let p: Arc<str> = Arc::from("bank/x.csv");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let refs: Vec<String> = (0..5_000).map(|i| format!("E2E-{i}")).collect();
        let mut d = Draft::new("", date, Money::from_cents(100));
        d.references = refs.iter().chain(&refs).map(|r| format!(" {r} ")).collect();
        d.references.push("NOTPROVIDED".into());
        d.texts = vec![format!(
            "{} 5000056789012345 5000056789012345",
            refs.join(" ")
        )];
        let l = d.finish_at(Source::line(&p, 2), Shared::from("x"));
        assert_eq!(l.references.len(), refs.len() + 1);
        assert_eq!(l.references[..refs.len()], refs[..]);
        assert_eq!(l.references[refs.len()], "5000056789012345");
    }

    #[test]
    fn finish_gathers_structured_and_found_references() {
        let p: Arc<str> = Arc::from("bank/x.csv");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let mut d = Draft::new("nl91 abna 0417 1643 00", date, Money::from_cents(100));
        d.references = vec![" 1067931951601240 ".into(), "".into(), "NOTPROVIDED".into()];
        d.texts = vec![
            "  nota  5000056789012345".into(),
            "".into(),
            "1067931951601240".into(),
        ];
        d.counterparty = " ".into();
        let l = d.finish(&p, 4);
        assert_eq!(l.account, "NL91ABNA0417164300");
        assert_eq!(l.description, "nota 5000056789012345 1067931951601240");
        assert_eq!(*l.references, ["1067931951601240", "5000056789012345"]);
        assert_eq!(l.counterparty_iban, None);
        assert_eq!(l.source, Source::line(&p, 4));
    }
}
