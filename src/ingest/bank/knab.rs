//! Knab CSV export: a `KNAB EXPORT;;;…` line, then an unquoted header
//! ending in `;` (`Rekeningnummer;Transactiedatum;…;Boekdatum;`), then
//! quoted, semicolon-separated lines that end in `;` too.
//!
//! Amounts are unsigned with a decimal comma and `CreditDebet` `C`/`D`.
//! The booking date is `Boekdatum` (the transaction date when that column
//! is missing); `Referentie` is Knab's own id of the transaction.

use std::sync::Arc;

use super::draft::Draft;
use super::fields::{RowError, required_date, signed_amount};
use super::layout::{column, folded};
use super::prologue::{Headed, header, read_headed};
use super::records::{Record, RecordReader, sniff_delimiter};
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::payment::BankLine;
use crate::problem::Field;
use crate::text::fold;

struct Columns {
    account: usize,
    booking_date: usize,
    value_date: Option<usize>,
    sign: usize,
    amount: usize,
    counterparty: Option<usize>,
    name: Option<usize>,
    description: Option<usize>,
    reference: Option<usize>,
}

impl Headed for Columns {
    const FORMAT: &'static str = "knab";

    fn find(header: &[String]) -> Option<Columns> {
        let transaction_date = column(header, &["transactiedatum", "transaction date"])?;
        Some(Columns {
            account: column(header, &["rekeningnummer", "account number"])?,
            booking_date: column(header, &["boekdatum", "booking date"])
                .unwrap_or(transaction_date),
            value_date: column(header, &["valutadatum", "value date"]),
            sign: column(header, &["creditdebet", "credit debit"])?,
            amount: column(header, &["bedrag", "amount"])?,
            counterparty: column(header, &["tegenrekeningnummer", "counter account number"]),
            name: column(header, &["tegenrekeninghouder", "counter account holder"]),
            description: column(header, &["omschrijving", "description"]),
            reference: column(header, &["referentie", "reference"]),
        })
    }

    fn needed(&self) -> usize {
        [self.account, self.booking_date, self.sign, self.amount]
            .into_iter()
            .max()
            .unwrap_or(0)
            + 1
    }

    fn line(&self, r: &Record) -> Result<Draft, RowError> {
        let date = required_date(r.get(self.booking_date), Field::BookingDate)?;
        let amount = signed_amount(r.get(self.amount), r.get(self.sign))?;
        let mut d = Draft::new(r.get(self.account), date, amount);
        d.value_date = dates::strict(r.opt(self.value_date));
        d.counterparty = r.opt(self.counterparty).to_string();
        d.name = r.opt(self.name).to_string();
        d.texts.push(r.opt(self.description).to_string());
        d.bank_reference = Some(r.opt(self.reference).to_string());
        Ok(d)
    }

    /// The `KNAB EXPORT` line above the header.
    fn preamble(first: &Record) -> bool {
        fold(first.get(0)) == "knab export"
    }
}

/// The records of a Knab export, each ending at its line end.
fn records(text: &str) -> RecordReader<'_> {
    RecordReader::new(text, sniff_delimiter(text), b'"').one_line()
}

/// True for a file that opens with `KNAB EXPORT` or whose header has
/// Knab's `CreditDebet` and account columns.
pub fn detect(text: &str) -> bool {
    let head: String = text.lines().take(4).collect::<Vec<_>>().join("\n");
    header::<Columns>(&mut records(&head))
        .is_some_and(|h| Columns::find(&folded(&h.fields)).is_some())
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    read_headed::<Columns>(path, records(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    const HEAD: &str = "KNAB EXPORT;;;;;;;;;;;;;;;;\r\nRekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;Machtigingsnummer;Incassant ID;Adres;Referentie;Boekdatum;\r\n";

    fn p() -> Arc<str> {
        Arc::from("bank/knab.csv")
    }

    #[test]
    fn reads_the_export_line_trailing_semicolons_and_boekdatum() {
        let t = format!(
            "{HEAD}\"NL27KNAB1234567890\";\"17-05-2019\";\"EUR\";\"D\";\"13,75\";\" \";\"CCV*BURGER BAR\";\"17-05-2019\";\"Betaalautomaat\";\"AMSTERDAM Pas: 1234\";\"\";\"\";\"\";\"\";\"B9E17AG0G5000068\";\"18-05-2019\";\r\n\
\"NL27KNAB1234567890\";\"17-05-2019\";\"EUR\";\"C\";\"1.013,75\";\"NL91ABNA0417164300\";\"Jansen\";\"17-05-2019\";\"\";\"nota 2019-5\";\"\";\"\";\"\";\"\";\"R2\";\"17-05-2019\";"
        );
        assert!(detect(&t));
        let r = parse(&p(), &t);
        assert_eq!(r.format, "knab");
        assert_eq!((r.rows_read, r.rows_rejected), (2, 0));
        let a = &r.rows[0];
        assert_eq!(a.amount, Money::from_cents(-1375));
        assert_eq!(a.booking_date.to_string(), "2019-05-18");
        assert_eq!(a.counterparty_iban, None);
        assert_eq!(a.bank_reference.as_deref(), Some("B9E17AG0G5000068"));
        assert_eq!(a.source.to_string(), "bank/knab.csv:3");
        assert_eq!(r.rows[1].amount, Money::from_cents(101_375));
    }

    #[test]
    fn a_bad_line_is_one_problem() {
        let t = format!(
            "{HEAD}\"NL27KNAB1234567890\";\"17-05-2019\";\"EUR\";\"X\";\"13,75\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"17-05-2019\";\r\n\
\"NL27KNAB1234567890\";\"17-05-2019\";\"EUR\";\"D\";\"13,75\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"\";\"17-05-2019\";\r\n"
        );
        let r = parse(&p(), &t);
        assert_eq!((r.rows_read, r.rows_rejected), (2, 1));
        assert_eq!(r.problems[0].source.to_string(), "bank/knab.csv:3");
    }

    #[test]
    fn does_not_claim_other_formats() {
        assert!(!detect("Datum;Bedrag;Naam\n"));
        assert!(!detect("KNAB"));
    }
}
