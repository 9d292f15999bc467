//! bunq CSV exports: English (`Date,Interest Date,Amount,Account,
//! Counterparty,Name,Description`) and Dutch (`Datum,Rentedatum,Bedrag,…`)
//! headers, comma or semicolon, signed amounts.
//!
//! One export circulates with broken quoting: each physical line is a single
//! quoted field holding the real comma-separated line with doubled quotes
//! (`"Datum,""Rentedatum"",…"`). After the csv crate has undone the outer
//! quoting, such a one-field record is read again as a line of its own.
//! Amounts usually have a decimal comma, but the decimal style is decided
//! per file from the amounts themselves.

use std::sync::Arc;

use super::collector::Collector;
use super::draft::Draft;
use super::fields::{RowError, infer_style, required_amount, required_date};
use super::layout::{column, folded};
use super::prologue::columns;
use super::records::{Record, records, sniff_delimiter};
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::money::DecimalStyle;
use crate::payment::BankLine;
use crate::problem::Field;

/// The folded headers of the six-column exports, Dutch and English.
const SIX_COLUMNS: [[&str; 6]; 2] = [
    [
        "datum",
        "bedrag",
        "rekening",
        "tegenrekening",
        "naam",
        "omschrijving",
    ],
    [
        "date",
        "amount",
        "account",
        "counterparty",
        "name",
        "description",
    ],
];

struct Columns {
    date: usize,
    interest_date: Option<usize>,
    amount: usize,
    account: usize,
    counterparty: usize,
    name: Option<usize>,
    description: Option<usize>,
}

impl Columns {
    /// The columns by name; `Interest Date`/`Rentedatum` is what tells a
    /// bunq export from the generic layout, and plain `Account`/`Rekening`
    /// and `Counterparty`/`Tegenrekening` what tell it from Rabobank's
    /// (which has `Rentedatum` too). The older exports (2018, 2019) have
    /// no interest date: exactly their six columns in their order are bunq.
    fn find(header: &[String]) -> Option<Columns> {
        let interest_date = column(header, &["interest date", "rentedatum"]);
        if interest_date.is_none() && !SIX_COLUMNS.iter().any(|six| header == six) {
            return None;
        }
        Some(Columns {
            date: column(header, &["date", "datum"])?,
            interest_date,
            amount: column(header, &["amount", "bedrag"])?,
            account: column(header, &["account", "rekening"])?,
            counterparty: column(header, &["counterparty", "tegenrekening"])?,
            name: column(header, &["name", "naam"]),
            description: column(header, &["description", "omschrijving"]),
        })
    }

    fn needed(&self) -> usize {
        [self.date, self.amount].into_iter().max().unwrap_or(0) + 1
    }
}

/// Undoes the broken outer quoting: a record of one field that holds the
/// delimiter is the real line, read once more.
fn unwrap(r: Record) -> Record {
    let [inner] = r.fields.as_slice() else {
        return r;
    };
    let delimiter = sniff_delimiter(inner);
    if !inner.contains(char::from(delimiter)) {
        return r;
    }
    match records(inner, delimiter, b'"').into_iter().next() {
        Some(inner) => Record {
            line: r.line,
            fields: inner.fields,
        },
        None => r,
    }
}

/// The records of the file, broken quoting undone.
fn read_records(text: &str) -> Vec<Record> {
    records(text, sniff_delimiter(text), b'"')
        .into_iter()
        .map(unwrap)
        .collect()
}

/// True for a header with a date, an amount and an interest date column,
/// also when the whole line is wrapped in one pair of quotes.
pub fn detect(text: &str) -> bool {
    let head: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
    read_records(&head)
        .first()
        .is_some_and(|h| Columns::find(&folded(&h.fields)).is_some())
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let all = read_records(text);
    let (header, rows) = all
        .split_first()
        .map_or((None, &[][..]), |(header, rows)| (Some(header), rows));
    let cols = match columns(path, "bunq", header, Columns::find) {
        Ok(cols) => cols,
        Err(refused) => return refused,
    };
    let style = infer_style(rows.iter().map(|r| r.get(cols.amount)));
    let mut out = Collector::new(path, "bunq");
    for r in rows {
        out.add(r.line, line(&cols, style, r));
    }
    out.finish()
}

fn line(cols: &Columns, style: DecimalStyle, r: &Record) -> Result<Draft, RowError> {
    if r.fields.len() < cols.needed() {
        return Err(RowError::columns(cols.needed(), r.fields.len()));
    }
    let date = required_date(r.get(cols.date), Field::Date)?;
    let amount = required_amount(r.get(cols.amount), style, Field::Amount)?;
    let mut d = Draft::new(r.get(cols.account), date, amount);
    d.value_date = dates::strict(r.opt(cols.interest_date));
    d.counterparty = r.get(cols.counterparty).to_string();
    d.name = r.opt(cols.name).to_string();
    d.texts.push(r.opt(cols.description).to_string());
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    fn p() -> Arc<str> {
        Arc::from("bank/bunq.csv")
    }

    #[test]
    fn unwraps_the_broken_double_quoting() {
        let t = "\"Datum,\"\"Rentedatum\"\",\"\"Bedrag\"\",\"\"Rekening\"\",\"\"Tegenrekening\"\",\"\"Naam\"\",\"\"Omschrijving\"\"\"\r\n\
\"2020-06-01,\"\"2020-06-01\"\",\"\"-83,86\"\",\"\"NL51BUNQ2039462171\"\",\"\"\"\",\"\"Albert Heijn BV\"\",\"\"Albert Heijn BV ZAANDAM, NL\"\"\"\r\n";
        assert!(detect(t));
        let r = parse(&p(), t);
        assert_eq!(r.format, "bunq");
        assert_eq!((r.rows_read, r.rows_rejected), (1, 0));
        let l = &r.rows[0];
        assert_eq!(l.amount, Money::from_cents(-8386));
        assert_eq!(l.account, "NL51BUNQ2039462171");
        assert_eq!(l.counterparty_iban, None);
        assert_eq!(l.counterparty_name, "Albert Heijn BV");
        assert_eq!(l.description, "Albert Heijn BV ZAANDAM, NL");
        assert_eq!(l.source.to_string(), "bank/bunq.csv:2");
    }

    #[test]
    fn reads_english_headers_day_first_dates_and_both_decimal_styles() {
        let t = "Date,Interest Date,Amount,Account,Counterparty,Name,Description\n\
21/10/2018,21/10/2018,\"15,00\",NL12BUNQ3456789123,NL12TRIO3456789123,Magic,nota 2018-1\n\
28/10/2018,28/10/2018,\"-1.020,54\",NL12BUNQ3456789123,,Other,x\n";
        assert!(detect(t));
        let r = parse(&p(), t);
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows[0].booking_date.to_string(), "2018-10-21");
        assert_eq!(r.rows[1].amount, Money::from_cents(-102_054));
        let point = "\"Date\";\"Interest Date\";\"Amount\";\"Account\";\"Counterparty\";\"Name\";\"Description\"\n\
\"2023-01-02\";\"2023-01-02\";\"-1,020.54\";\"NL12BUNQ3456789123\";\"\";\"X\";\"Y\"\n";
        let r = parse(&p(), point);
        assert_eq!(r.rows[0].amount, Money::from_cents(-102_054));
    }

    #[test]
    fn a_bad_line_is_one_problem() {
        let t = "Date,Interest Date,Amount,Account,Counterparty,Name,Description\n\
32/10/2018,21/10/2018,\"15,00\",A,,N,D\n\
21/10/2018,21/10/2018,\"5,00\",A,,N,D";
        let r = parse(&p(), t);
        assert_eq!((r.rows_read, r.rows_rejected), (2, 1));
        assert_eq!(r.problems[0].source.to_string(), "bank/bunq.csv:2");
    }

    #[test]
    fn reads_the_six_column_exports_of_2018_and_2019_as_bunq() {
        let nl = "\"Datum\",\"Bedrag\",\"Rekening\",\"Tegenrekening\",\"Naam\",\"Omschrijving\"\n\
\"2019-03-01\",\"-12,50\",\"NL12BUNQ3456789123\",\"NL91ABNA0417164300\",\"Apotheek\",\"nota 2019-7\"\n";
        let en = "Date,Amount,Account,Counterparty,Name,Description\n\
2018-10-21,\"15,00\",NL12BUNQ3456789123,NL91ABNA0417164300,J. Jansen,factuur 2018-3\n";
        for (t, cents, name) in [(nl, -1250, "Apotheek"), (en, 1500, "J. Jansen")] {
            assert!(detect(t), "{t}");
            let r = crate::ingest::bank::read(&p(), t.as_bytes());
            assert_eq!(r.format, "bunq");
            assert_eq!((r.rows_read, r.rows_rejected), (1, 0));
            let l = &r.rows[0];
            assert_eq!(l.amount, Money::from_cents(cents));
            assert_eq!(l.counterparty_name, name);
            assert_eq!(
                l.counterparty_iban.as_ref().map(|i| i.as_str()),
                Some("NL91ABNA0417164300")
            );
            assert_eq!(l.value_date, None);
        }
    }

    #[test]
    fn does_not_claim_the_generic_layout() {
        assert!(!detect("datum,bedrag,tegenrekening,naam,omschrijving\n"));
    }
}
