//! ING CSV exports: the comma format, the semicolon format with
//! `Saldo na mutatie`/`Tag`, the English download (`Debit/credit`,
//! `Notifications`) and the savings-account layout (`Rekening type`).
//!
//! All of them have a header; columns are found by name, so the order and
//! the extra columns of each layout do not matter. Amounts are unsigned with
//! a decimal comma; the sign comes from `Af Bij` (`Debit/credit`). The
//! labelled `Mededelingen` (`Naam: … Omschrijving: … IBAN: … Kenmerk: …`)
//! fills name, description, IBAN and reference where the columns do not.

use std::sync::Arc;

use super::draft::Draft;
use super::fields::{RowError, required_date, signed_amount};
use super::labels::split_labels;
use super::layout::column;
use super::prologue::{Headed, detect_headed, read_headed};
use super::records::{Record, RecordReader, sniff_delimiter};
use crate::ingest::FileRead;
use crate::payment::BankLine;
use crate::problem::Field;

/// The columns an ING export may have, by folded header aliases.
struct Columns {
    date: usize,
    sign: usize,
    amount: usize,
    account: Option<usize>,
    name: Option<usize>,
    free: Option<usize>,
    counterparty: Option<usize>,
    notes: Option<usize>,
    kind: Option<usize>,
    english: bool,
    balance: Option<usize>,
}

impl Headed for Columns {
    const FORMAT: &'static str = "ing";

    fn find(header: &[String]) -> Option<Columns> {
        let date = column(header, &["datum", "date"])?;
        let sign = column(header, &["af bij", "debit credit"])?;
        let amount = column(header, &["bedrag eur", "bedrag", "amount eur", "amount"])?;
        let notes = column(header, &["mededelingen", "notifications"]);
        let name = column(header, &["naam omschrijving", "name description"]);
        // The savings layout has a plain `Omschrijving` instead of a name.
        let free = column(header, &["omschrijving", "description"]);
        if notes.is_none() && name.is_none() {
            return None;
        }
        Some(Columns {
            date,
            sign,
            amount,
            account: column(header, &["rekening", "account"]),
            name,
            free,
            counterparty: column(header, &["tegenrekening", "counterparty"]),
            notes,
            kind: column(header, &["mutatiesoort", "transaction type"]),
            english: header.iter().any(|h| h == "debit credit"),
            balance: column(header, &["saldo na mutatie", "resulting balance"]),
        })
    }

    fn needed(&self) -> usize {
        [self.date, self.sign, self.amount]
            .into_iter()
            .max()
            .unwrap_or(0)
            + 1
    }

    fn line(&self, r: &Record) -> Result<Draft, RowError> {
        let date = required_date(r.get(self.date), Field::Date)?;
        let amount = signed_amount(r.get(self.amount), r.get(self.sign))?;
        let mut d = Draft::new(r.opt(self.account), date, amount);
        let notes = r.opt(self.notes);
        let labelled = split_labels(notes);
        d.name = r.opt(self.name).to_string();
        if d.name.is_empty() {
            d.name = labelled.name().unwrap_or("").to_string();
        }
        d.counterparty = r.opt(self.counterparty).to_string();
        if d.counterparty.is_empty() {
            d.counterparty = labelled
                .account()
                .map(|a| a.as_str().to_string())
                .unwrap_or_default();
        }
        d.texts.push(r.opt(self.free).to_string());
        d.texts.push(labelled.description(notes));
        if d.texts.iter().all(|t| t.trim().is_empty()) {
            // A card payment may have nothing but the merchant in the name
            // column; the description then says what the type column says.
            d.texts.push(r.opt(self.kind).to_string());
        }
        d.references = labelled.references();
        d.balance = super::stated::after(r.opt(self.balance));
        Ok(d)
    }

    fn format(&self) -> &'static str {
        if self.english { "ing-english" } else { "ing" }
    }
}

/// True for a CSV whose header has ING's sign column (`Af Bij` or
/// `Debit/credit`) with `Mededelingen`/`Notifications` or
/// `Naam / Omschrijving`.
pub fn detect(text: &str) -> bool {
    detect_headed::<Columns>(text)
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    read_headed::<Columns>(
        path,
        RecordReader::new(text, sniff_delimiter(text), b'"').one_line(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    fn p() -> Arc<str> {
        Arc::from("bank/ing.csv")
    }

    const COMMA: &str = "\"Datum\",\"Naam / Omschrijving\",\"Rekening\",\"Tegenrekening\",\"Code\",\"Af Bij\",\"Bedrag (EUR)\",\"MutatieSoort\",\"Mededelingen\"\n\
\"20180503\",\"Hr A.B. de Vries\",\"NL01INGB0123456789\",\"\",\"GT\",\"Bij\",\"1.215,00\",\"Online bankieren\",\"Naam: Hr A.B. de Vries Omschrijving: factuur F-2018-7 IBAN: NL01RABO0123456789 Kenmerk: 5000056789012345\"\n\
\"20180502\",\"M.C. Schilder\",\"NL01INGB0123456789\",\"NL44BUNQ0123456789\",\"GT\",\"Af\",\"35,00\",\"Online bankieren\",\"Omschrijving: iets\"";

    #[test]
    fn reads_the_comma_format_with_mededelingen_labels() {
        assert!(detect(COMMA));
        let r = parse(&p(), COMMA);
        assert_eq!(r.format, "ing");
        assert_eq!((r.rows_read, r.rows_rejected), (2, 0));
        let a = &r.rows[0];
        assert_eq!(a.amount, Money::from_cents(121_500));
        assert_eq!(a.booking_date.to_string(), "2018-05-03");
        assert_eq!(a.account, "NL01INGB0123456789");
        assert_eq!(a.counterparty_name, "Hr A.B. de Vries");
        // The IBAN comes from the Mededelingen when the column is empty.
        assert_eq!(
            a.counterparty_iban.as_ref().map(|i| i.as_str()),
            Some("NL01RABO0123456789")
        );
        assert_eq!(a.description, "factuur F-2018-7 5000056789012345");
        assert_eq!(*a.references, ["5000056789012345"]);
        let b = &r.rows[1];
        assert_eq!(b.amount, Money::from_cents(-3500));
        assert_eq!(b.source.to_string(), "bank/ing.csv:3");
    }

    #[test]
    fn reads_the_semicolon_and_english_formats() {
        let t = "\"Date\";\"Name / Description\";\"Account\";\"Counterparty\";\"Code\";\"Debit/credit\";\"Amount (EUR)\";\"Transaction type\";\"Notifications\";\"Resulting balance\";\"Tag\"\r\n\
\"20240426\";\"Payee\";\"NL76INGB0123456789\";\"DE2134567890123456789\";\"ID\";\"Credit\";\"45,14\";\"iDEAL\";\"Name: X Description: nota 123456 IBAN: DE2134567890123456789 Reference: 12-1\";\"1,46\";\"\"\r\n";
        assert!(detect(t));
        let r = parse(&p(), t);
        assert_eq!(r.format, "ing-english");
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].amount, Money::from_cents(4514));
        assert_eq!(r.rows[0].description, "nota 123456 12-1");
        assert_eq!(*r.rows[0].references, ["12-1"]);
        let nl = t
            .replace(
                "\"Date\";\"Name / Description\"",
                "\"Datum\";\"Naam / Omschrijving\"",
            )
            .replace("Debit/credit", "Af Bij")
            .replace("Credit", "Bij");
        let r = parse(&p(), &nl);
        assert_eq!(r.format, "ing");
        assert_eq!(r.rows[0].amount, Money::from_cents(4514));
    }

    #[test]
    fn reads_the_savings_layout() {
        let t = "\"Datum\",\"Omschrijving\",\"Rekening\",\"Rekening type\",\"Tegenrekening\",\"Af Bij\",\"Bedrag\",\"Valuta\",\"Mutatiesoort\",\"Mededelingen\",\"Saldo na mutatie\"\n\
\"2020-07-02\",\"Bonusrente\",\"NL01INGB0123456789\",\"Bonusrenterekening\",\"\",\"Bij\",\"1,00\",\"EUR\",\"Rente\",\"Valutadatum: 01-07-2020\",\"2,00\"\n";
        assert!(detect(t));
        let r = parse(&p(), t);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].amount, Money::from_cents(100));
        assert_eq!(r.rows[0].description, "Bonusrente Valutadatum: 01-07-2020");
        assert_eq!(r.rows[0].counterparty_iban, None);
    }

    #[test]
    fn a_bad_line_is_one_problem_and_the_rest_is_read() {
        let t = format!(
            "{COMMA}\n\"20181302\",\"X\",\"NL01INGB0123456789\",\"\",\"GT\",\"Af\",\"1,00\",\"\",\"\"\n\"20180501\",\"X\",\"NL01INGB0123456789\",\"\",\"GT\",\"Opzij\",\"1,00\",\"\",\"\"\n\"20180501\",\"X\"\n\"20180501\",\"X\",\"NL01INGB0123456789\",\"\",\"GT\",\"Af\",\"2,00\",\"\",\"\""
        );
        let r = parse(&p(), &t);
        assert_eq!((r.rows_read, r.rows_rejected), (6, 3));
        assert_eq!(r.rows.len(), 3);
        let lines: Vec<String> = r.problems.iter().map(|p| p.source.to_string()).collect();
        assert_eq!(
            lines,
            vec!["bank/ing.csv:4", "bank/ing.csv:5", "bank/ing.csv:6"]
        );
    }

    #[test]
    fn does_not_claim_other_formats() {
        assert!(!detect(
            "Datum,Bedrag,Naam,Omschrijving\n01-01-2024,\"1,00\",a,b"
        ));
        assert!(!detect("<?xml version=\"1.0\"?><Document/>"));
        assert!(!detect(":20:940\n:25:123\n"));
    }
}
