//! Three sections of the workbook's summary sheet: the balance check of
//! each bank export (closed, broken or not checked, and how many statements
//! or lines), the dates each export covers per account (`coverage` of
//! `summary.json`), and the provider's own accounts with where each came
//! from (the configuration or the exports that name it).
//!
//! Their words live here, Dutch and English side by side, so that the
//! shared label catalogue does not grow for one section.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Formats, write_text};
use crate::ingest::InputKind;
use crate::ingest::bank::balance::{BalanceStatus, BalanceUnit};
use crate::own_accounts::FROM_CONFIG;
use crate::report::Lang;
use crate::report::summary::Summary;

/// The words of these sections, Dutch then English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    BalanceHeading,
    File,
    Balances,
    Unit,
    Checked,
    Closed,
    Broken,
    NotCheckable,
    StatusClosed,
    StatusBroken,
    StatusNotChecked,
    NoBalances,
    Statements,
    Lines,
    OwnHeading,
    Account,
    From,
    Configuration,
    CoverageHeading,
    First,
    Last,
}

impl Word {
    #[cfg(test)]
    const ALL: [Word; 21] = [
        Word::BalanceHeading,
        Word::File,
        Word::Balances,
        Word::Unit,
        Word::Checked,
        Word::Closed,
        Word::Broken,
        Word::NotCheckable,
        Word::StatusClosed,
        Word::StatusBroken,
        Word::StatusNotChecked,
        Word::NoBalances,
        Word::Statements,
        Word::Lines,
        Word::OwnHeading,
        Word::Account,
        Word::From,
        Word::Configuration,
        Word::CoverageHeading,
        Word::First,
        Word::Last,
    ];

    fn both(self) -> (&'static str, &'static str) {
        match self {
            Word::BalanceHeading => (
                "Saldocontrole van de bankbestanden (beginsaldo + regels = eindsaldo)",
                "Balance check of the bank files (opening balance + lines = closing balance)",
            ),
            Word::File => ("Bestand", "File"),
            Word::Balances => ("Saldi", "Balances"),
            Word::Unit => ("Per", "Per"),
            Word::Checked => ("Gecontroleerd", "Checked"),
            Word::Closed => ("Sluitend", "Closed"),
            Word::Broken => ("Niet sluitend", "Broken"),
            Word::NotCheckable => ("Niet te controleren", "Not checkable"),
            Word::StatusClosed => ("sluitend", "closed"),
            Word::StatusBroken => ("NIET sluitend", "BROKEN"),
            Word::StatusNotChecked => ("niet gecontroleerd", "not checked"),
            Word::NoBalances => ("geen saldi in het bestand", "no balances in the file"),
            Word::Statements => ("afschrift", "statement"),
            Word::Lines => ("regel", "line"),
            Word::OwnHeading => (
                "Eigen rekeningen (overboekingen hiertussen tellen niet als betaling)",
                "Own accounts (transfers between them are no payments)",
            ),
            Word::Account => ("Rekening", "Account"),
            Word::From => ("Bron", "From"),
            Word::Configuration => (
                "configuratie (provider.ibans)",
                "configuration (provider.ibans)",
            ),
            Word::CoverageHeading => (
                "Periode per rekening en bankbestand (dagen in meer bestanden tellen één keer)",
                "Dates each bank file covers, per account (days in several files count once)",
            ),
            Word::First => ("Eerste boekdatum", "First booking date"),
            Word::Last => ("Laatste boekdatum", "Last booking date"),
        }
    }

    fn text(self, lang: Lang) -> &'static str {
        let (nl, en) = self.both();
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// Writes both sections from row `r` on; returns the last row written.
pub(super) fn write(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    mut r: u32,
    s: &Summary,
) -> Result<u32, XlsxError> {
    let t = |w: Word| w.text(lang);
    let header = |ws: &mut Worksheet, r: u32, words: &[Word]| -> Result<(), XlsxError> {
        for (c, w) in words.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, t(*w), &f.header)?;
        }
        Ok(())
    };
    let bank: Vec<_> = s
        .inputs
        .iter()
        .filter(|i| i.kind == InputKind::Bank)
        .collect();
    if !bank.is_empty() {
        ws.write_string_with_format(r, 0, t(Word::BalanceHeading), &f.heading)?;
        r += 1;
        header(
            ws,
            r,
            &[
                Word::File,
                Word::Balances,
                Word::Unit,
                Word::Checked,
                Word::Closed,
                Word::Broken,
                Word::NotCheckable,
            ],
        )?;
        for file in bank {
            r += 1;
            write_text(ws, r, 0, &file.path)?;
            let Some(c) = &file.balances else {
                ws.write_string(r, 1, t(Word::NoBalances))?;
                continue;
            };
            let status = match c.status {
                BalanceStatus::Closed => Word::StatusClosed,
                BalanceStatus::Broken => Word::StatusBroken,
                BalanceStatus::NotChecked => Word::StatusNotChecked,
            };
            if c.status == BalanceStatus::Broken {
                ws.write_string_with_format(r, 1, t(status), &f.total_label)?;
            } else {
                ws.write_string(r, 1, t(status))?;
            }
            let unit = match c.unit {
                BalanceUnit::Statement => Word::Statements,
                BalanceUnit::Line => Word::Lines,
            };
            ws.write_string(r, 2, t(unit))?;
            for (col, n) in [
                (3u16, c.checked),
                (4, c.closed),
                (5, c.broken),
                (6, c.not_checkable),
            ] {
                ws.write_number(r, col, n as f64)?;
            }
        }
        r += 2;
    }
    if !s.coverage.is_empty() {
        ws.write_string_with_format(r, 0, t(Word::CoverageHeading), &f.heading)?;
        r += 1;
        header(ws, r, &[Word::Account, Word::File, Word::First, Word::Last])?;
        for c in &s.coverage {
            r += 1;
            write_text(ws, r, 0, &c.account)?;
            write_text(ws, r, 1, &c.file)?;
            for (col, day) in [(2u16, &c.first), (3, &c.last)] {
                match day.parse::<chrono::NaiveDate>() {
                    Ok(d) => {
                        ws.write_datetime_with_format(r, col, d, &f.date)?;
                    }
                    Err(_) => write_text(ws, r, col, day)?,
                }
            }
        }
        r += 2;
    }
    ws.write_string_with_format(r, 0, t(Word::OwnHeading), &f.heading)?;
    r += 1;
    header(ws, r, &[Word::Account, Word::From])?;
    for a in &s.own_accounts {
        r += 1;
        write_text(ws, r, 0, &a.account)?;
        let from: Vec<&str> = a
            .from
            .iter()
            .map(|f| {
                if f == FROM_CONFIG {
                    t(Word::Configuration)
                } else {
                    f.as_str()
                }
            })
            .collect();
        write_text(ws, r, 1, &from.join(", "))?;
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_has_both_languages_and_they_differ_where_they_should() {
        for w in Word::ALL {
            let (nl, en) = w.both();
            assert!(!nl.is_empty() && !en.is_empty(), "{w:?}");
        }
        assert_ne!(
            Word::BalanceHeading.text(Lang::Nl),
            Word::BalanceHeading.text(Lang::En)
        );
        assert_eq!(Word::StatusBroken.text(Lang::En), "BROKEN");
    }
}
