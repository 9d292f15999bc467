//! ASN Bank, SNS and RegioBank (de Volksbank) CSV export: no header, 19
//! comma-separated unquoted columns, only the payment reference (16) and
//! the description (17) wrapped in single quotes.
//!
//! Columns: 0 booking date `dd-mm-yyyy`, 1 own IBAN, 2 counterparty IBAN,
//! 3 counterparty name, 8 balance before the mutation, 10 signed amount
//! with a decimal point, 12 value date, 15 sequence number, 16 payment
//! reference, 17 description. The three banks share the layout; the format
//! is named after the bank code of the own IBAN (`ASNB` → `asn`, `RBRB` →
//! `regiobank`, else `sns`).

use std::sync::Arc;

use super::collector::Collector;
use super::draft::Draft;
use super::fields::{RowError, required_amount, required_date};
use super::layout::{head_lines, layout_fits};
use super::records::{Record, line_records};
use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::money::{DecimalStyle, parse_amount};
use crate::payment::BankLine;
use crate::problem::Field;

const COLUMNS: usize = 19;
const DATE: usize = 0;
const ACCOUNT: usize = 1;
const COUNTERPARTY: usize = 2;
const NAME: usize = 3;
const BALANCE_BEFORE: usize = 8;
const AMOUNT: usize = 10;
const VALUE_DATE: usize = 12;
const SEQUENCE: usize = 15;
const REFERENCE: usize = 16;
const DESCRIPTION: usize = 17;

/// The records: comma separated, with `'` as the quote character so that a
/// comma inside the quoted description does not split it; each ends at its
/// line end, so an apostrophe that opens no quote costs no other line.
fn read_records(text: &str) -> Vec<Record> {
    line_records(text, b',', b'\'')
}

/// True for headerless lines of 19 fields with a `dd-mm-yyyy` date, an
/// account and a decimal-point amount in column 10, judged over several
/// lines ([`layout_fits`]) so that one bad line does not hide the file.
pub fn detect(text: &str) -> bool {
    layout_fits(read_records(&head_lines(text)).into_iter(), |r| {
        r.fields.len() == COLUMNS
            && r.get(DATE).len() == 10
            && dates::strict(r.get(DATE)).is_some()
            && Iban::parse(r.get(ACCOUNT)).is_some()
            && parse_amount(r.get(AMOUNT), DecimalStyle::Point).is_ok()
    })
}

/// The format name by the bank code (characters 5–8) of the own IBAN.
fn bank_name(account: &str) -> &'static str {
    let code = Iban::parse(account)
        .and_then(|i| i.as_str().get(4..8).map(str::to_string))
        .unwrap_or_default();
    match code.as_str() {
        "ASNB" => "asn",
        "RBRB" => "regiobank",
        _ => "sns",
    }
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let all = read_records(text);
    // The first line that names an own IBAN names the bank: a first line
    // that is cut off or damaged does not decide it.
    let account = all
        .iter()
        .map(|r| r.get(ACCOUNT))
        .find(|a| Iban::parse(a).is_some_and(|i| i.is_valid_iban() || i.as_str().len() == 18))
        .unwrap_or("");
    let format = bank_name(account);
    let mut out = Collector::new(path, format);
    for r in &all {
        out.add(r.line, line(r));
    }
    out.finish()
}

fn line(r: &Record) -> Result<Draft, RowError> {
    // A missing trailing statement number is harmless; fewer columns than
    // the description means the line is cut off or not this layout.
    if r.fields.len() < DESCRIPTION + 1 {
        return Err(RowError::columns(COLUMNS, r.fields.len()));
    }
    let date = required_date(r.get(DATE), Field::BookingDate)?;
    let amount = required_amount(r.get(AMOUNT), DecimalStyle::Point, Field::Amount)?;
    let mut d = Draft::new(r.get(ACCOUNT), date, amount);
    d.value_date = dates::strict(r.get(VALUE_DATE));
    d.counterparty = r.get(COUNTERPARTY).to_string();
    d.name = r.get(NAME).to_string();
    d.texts.push(r.get(DESCRIPTION).to_string());
    d.references = vec![r.get(REFERENCE).to_string()];
    d.bank_reference = Some(r.get(SEQUENCE).to_string());
    d.balance = super::stated::before(r.get(BALANCE_BEFORE), DecimalStyle::Point);
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    fn p() -> Arc<str> {
        Arc::from("bank/sns.csv")
    }

    const TEXT: &str = "02-01-2019,NL00SNSB0123456789,NL00RABO1234567890,J F Kennedy,,,,EUR,200.00,EUR,1300.00,02-01-2019,03-01-2019,1234,OVB,12341234,,'nota 2019-4, dank',3\n\
02-01-2019,NL00SNSB0123456789,,,,,,EUR,500.00,EUR,-20.00,02-01-2019,02-01-2019,7903,BEA,12341235,'5000056789012345','[PIN BETALING]NAAM >PLAATS MCC:0000',3\n";

    #[test]
    fn reads_single_quoted_text_with_commas_and_point_amounts() {
        assert!(detect(TEXT));
        let r = parse(&p(), TEXT);
        assert_eq!(r.format, "sns");
        assert_eq!((r.rows_read, r.rows_rejected), (2, 0));
        let a = &r.rows[0];
        assert_eq!(a.amount, Money::from_cents(130_000));
        assert_eq!(a.description, "nota 2019-4, dank");
        assert_eq!(a.counterparty_name, "J F Kennedy");
        assert_eq!(
            a.value_date.map(|d| d.to_string()).as_deref(),
            Some("2019-01-03")
        );
        assert_eq!(a.bank_reference.as_deref(), Some("12341234"));
        assert!(a.references.is_empty());
        let b = &r.rows[1];
        assert_eq!(b.amount, Money::from_cents(-2000));
        assert_eq!(*b.references, ["5000056789012345"]);
        assert_eq!(b.counterparty_iban, None);
    }

    #[test]
    fn names_the_bank_by_the_own_iban() {
        assert_eq!(parse(&p(), &TEXT.replace("SNSB", "ASNB")).format, "asn");
        assert_eq!(
            parse(&p(), &TEXT.replace("SNSB", "RBRB")).format,
            "regiobank"
        );
    }

    #[test]
    fn a_bad_line_is_one_problem() {
        let t = format!(
            "{TEXT}02-01-2019,NL00SNSB0123456789,,,,,,EUR,500.00,EUR,-2x,02-01-2019\n30-02-2019,NL00SNSB0123456789,,,,,,EUR,500.00,EUR,-1.00,,,,,,,'x',3\n"
        );
        let r = parse(&p(), &t);
        assert_eq!((r.rows_read, r.rows_rejected), (4, 2));
        assert_eq!(r.problems[0].source.to_string(), "bank/sns.csv:3");
        assert_eq!(r.problems[1].source.to_string(), "bank/sns.csv:4");
    }

    #[test]
    fn a_bad_first_line_costs_that_line_only() {
        let bad = "02-01-2019,NL00ASNB0123456789,,,,,,EUR,200.00,EUR,1.300.00,02-01-2019,03-01-2019,1234,OVB,12341234,,'x',3\n";
        let t = format!("{bad}{}", TEXT.replace("SNSB", "ASNB"));
        assert!(detect(&t));
        let r = crate::ingest::bank::read(&p(), t.as_bytes());
        assert_eq!(r.format, "asn");
        assert_eq!((r.rows_read, r.rows_rejected, r.rows.len()), (3, 1, 2));
        assert_eq!(r.problems[0].source.to_string(), "bank/sns.csv:1");
        // A file of bad lines only is no export of this bank.
        assert!(!detect(&bad.repeat(3)));
    }

    #[test]
    fn an_apostrophe_that_opens_no_quote_costs_no_other_line() {
        let t = format!(
            "{TEXT}02-01-2019,NL00SNSB0123456789,,,,,,EUR,500.00,EUR,-21.00,02-01-2019,02-01-2019,7903,BEA,12341236,'5000056789012345','Bakker's winkel,3\n\
02-01-2019,NL00SNSB0123456789,,,,,,EUR,500.00,EUR,-22.00,02-01-2019,02-01-2019,7903,BEA,12341237,'','x',3\n"
        );
        let r = parse(&p(), &t);
        assert_eq!((r.rows_read, r.rows_rejected), (4, 0), "{:?}", r.problems);
        let amounts: Vec<i64> = r
            .rows
            .iter()
            .map(|l| {
                (l.amount.decimal() * rust_decimal::Decimal::ONE_HUNDRED)
                    .try_into()
                    .unwrap_or(0)
            })
            .collect();
        assert_eq!(amounts, vec![130_000, -2000, -2100, -2200]);
        assert_eq!(r.rows[3].source.to_string(), "bank/sns.csv:4");
    }

    #[test]
    fn does_not_claim_other_formats() {
        assert!(!detect(
            "\"02-11-2020\",\"NL74TRIO0123456789\",\"200,00\",\"Debet\",\"S\",\"X\",\"ET\",\"c\""
        ));
        assert!(!detect("date,amount\n"));
    }
}
