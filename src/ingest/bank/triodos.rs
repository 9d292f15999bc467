//! Triodos CSV export: no header, comma separated, quoted; columns date
//! (`dd-mm-yyyy`), own IBAN, unsigned amount with a decimal comma (and `.`
//! for thousands), `Debet`/`Credit`, counterparty name, counterparty account
//! written as `BIC IBAN` in one field, transaction code, description.

use std::sync::Arc;

use super::draft::Draft;
use super::fields::{RowError, required_date, signed_amount};
use super::layout::{head_lines, layout_fits};
use super::prologue::read_fixed;
use super::records::{Record, RecordReader, line_records, sniff_delimiter};
use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::payment::BankLine;
use crate::problem::Field;
use crate::text::fold;

const COLUMNS: usize = 8;
const DATE: usize = 0;
const ACCOUNT: usize = 1;
const AMOUNT: usize = 2;
const SIGN: usize = 3;
const NAME: usize = 4;
const COUNTERPARTY: usize = 5;
const DESCRIPTION: usize = 7;

/// True for headerless lines of at least 8 fields: a `dd-mm-yyyy` date,
/// an account, an amount and `Debet`/`Credit`, judged over several lines
/// ([`layout_fits`]) so that one bad line does not hide the file.
pub fn detect(text: &str) -> bool {
    let head = head_lines(text);
    layout_fits(
        line_records(&head, sniff_delimiter(&head), b'"').into_iter(),
        |r| {
            r.fields.len() >= COLUMNS
                && r.get(DATE).len() == 10
                && dates::strict(r.get(DATE)).is_some()
                && Iban::parse(r.get(ACCOUNT)).is_some()
                && matches!(fold(r.get(SIGN)).as_str(), "debet" | "credit")
        },
    )
}

/// The counterparty account from `BIC IBAN`: the last word that is not a
/// BIC. A field with only a BIC has no account.
fn counterparty_account(field: &str) -> &str {
    field
        .split_whitespace()
        .next_back()
        .filter(|w| !looks_like_bic(w))
        .unwrap_or("")
}

/// Eight or eleven characters, the first six letters: the shape of a BIC
/// (an IBAN has at least 15 characters and digits in places 3 and 4).
fn looks_like_bic(w: &str) -> bool {
    (w.len() == 8 || w.len() == 11) && w.bytes().take(6).all(|b| b.is_ascii_alphabetic())
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let all = RecordReader::new(text, sniff_delimiter(text), b'"').one_line();
    read_fixed(path, "triodos", all, 0, COLUMNS, line)
}

fn line(r: &Record) -> Result<Draft, RowError> {
    let date = required_date(r.get(DATE), Field::Date)?;
    let amount = signed_amount(r.get(AMOUNT), r.get(SIGN))?;
    let mut d = Draft::new(r.get(ACCOUNT), date, amount);
    d.name = r.get(NAME).to_string();
    d.counterparty = counterparty_account(r.get(COUNTERPARTY)).to_string();
    d.texts.push(r.get(DESCRIPTION).to_string());
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    fn p() -> Arc<str> {
        Arc::from("bank/triodos.csv")
    }

    const TEXT: &str = "\"02-11-2020\",\"NL74TRIO0123456789\",\"1.200,00\",\"Debet\",\"Something\",\"CBBRLV22 LV87CBBR0123456789\",\"ET\",\"customer No 1234 account\"\r\n\
\"02-11-2020\",\"NL74TRIO0123456789\",\"500,00\",\"Credit\",\"J.Jansen\",\"MOYONL21 NL13MOYO0123456789\",\"ET\",\"\"";

    #[test]
    fn reads_bic_iban_counterparties_and_crlf_without_final_newline() {
        assert!(detect(TEXT));
        let r = parse(&p(), TEXT);
        assert_eq!(r.format, "triodos");
        assert_eq!((r.rows_read, r.rows_rejected), (2, 0));
        assert_eq!(r.rows[0].amount, Money::from_cents(-120_000));
        assert_eq!(
            r.rows[0].counterparty_iban.as_ref().map(|i| i.as_str()),
            Some("LV87CBBR0123456789")
        );
        assert_eq!(r.rows[0].description, "customer No 1234 account");
        assert_eq!(r.rows[1].amount, Money::from_cents(50_000));
        assert_eq!(r.rows[1].source.to_string(), "bank/triodos.csv:2");
    }

    #[test]
    fn splits_the_counterparty_field() {
        assert_eq!(
            counterparty_account("CBBRLV22 LV87CBBR0123456789"),
            "LV87CBBR0123456789"
        );
        assert_eq!(
            counterparty_account("NL13MOYO0123456789"),
            "NL13MOYO0123456789"
        );
        assert_eq!(counterparty_account("TRIONL2U"), "");
        assert_eq!(counterparty_account(""), "");
    }

    #[test]
    fn a_bad_line_is_one_problem() {
        let t = format!(
            "{TEXT}\r\n\"02-11-2020\",\"NL74TRIO0123456789\",\"x\",\"Credit\",\"\",\"\",\"\",\"\"\r\n\"03-11-2020\",\"NL74TRIO0123456789\"\r\n"
        );
        let r = parse(&p(), &t);
        assert_eq!((r.rows_read, r.rows_rejected), (4, 2));
        assert_eq!(r.problems[0].source.to_string(), "bank/triodos.csv:3");
        assert_eq!(r.problems[1].source.to_string(), "bank/triodos.csv:4");
    }

    #[test]
    fn a_bad_first_line_costs_that_line_only() {
        let bad =
            "\"02-11-2020\",\"NL74TRIO0123456789\",\"#N/B\",\"Credit\",\"X\",\"\",\"ET\",\"\"\r\n";
        let t = format!("{bad}{TEXT}");
        assert!(detect(&t));
        let r = crate::ingest::bank::read(&p(), t.as_bytes());
        assert_eq!(r.format, "triodos");
        assert_eq!((r.rows_read, r.rows_rejected, r.rows.len()), (3, 1, 2));
        assert_eq!(r.problems[0].source.to_string(), "bank/triodos.csv:1");
        assert_eq!(r.problems[0].value, "#N/B");
    }

    #[test]
    fn does_not_claim_other_formats() {
        assert!(!detect(
            "02-01-2019,NL00SNSB0123456789,,,,,,EUR,200.00,EUR,300.00"
        ));
        assert!(!detect("Datum,Bedrag,Naam,Omschrijving,a,b,c,d\n"));
    }
}
