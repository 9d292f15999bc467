//! The generic bank CSV (docs/inputs.md): a header with `date`, `amount`
//! (signed), `counterparty_iban`, `counterparty_name`, `description`, or
//! the Dutch `datum`, `bedrag`, `tegenrekening`, `naam`, `omschrijving`;
//! optional `account`/`rekening`, `value_date`/`valutadatum` and
//! `reference`/`betalingskenmerk`. Headers are compared after
//! [`fold`](crate::text::fold), so case, accents, `_` and spaces do not
//! matter; `,` or `;` is sniffed.
//!
//! Nothing says how a file from an unknown source writes its amounts, so
//! they are read with [`DecimalStyle::Auto`]: an amount that could mean two
//! things (`1.234`) is a row error, never a guess. Dates are `dd-mm-yyyy`,
//! `yyyy-mm-dd` or `yyyymmdd` (and `dd/mm/yyyy`, `dd.mm.yyyy`).

use std::sync::Arc;

use super::draft::Draft;
use super::fields::{RowError, required_amount, required_date};
use super::layout::column;
use super::prologue::{Headed, detect_headed, read_headed};
use super::records::{Record, RecordReader, sniff_delimiter};
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::money::DecimalStyle;
use crate::payment::BankLine;
use crate::problem::Field;

struct Columns {
    date: usize,
    amount: usize,
    account: Option<usize>,
    value_date: Option<usize>,
    counterparty: Option<usize>,
    name: Option<usize>,
    description: Option<usize>,
    reference: Option<usize>,
}

impl Headed for Columns {
    const FORMAT: &'static str = "generic";

    fn find(header: &[String]) -> Option<Columns> {
        Some(Columns {
            date: column(header, &["date", "datum", "booking date", "boekdatum"])?,
            amount: column(header, &["amount", "bedrag"])?,
            account: column(
                header,
                &["account", "rekening", "own account", "eigen rekening"],
            ),
            value_date: column(header, &["value date", "valutadatum"]),
            counterparty: column(
                header,
                &[
                    "counterparty iban",
                    "tegenrekening",
                    "counterparty",
                    "tegenrekening iban",
                ],
            ),
            name: column(
                header,
                &["counterparty name", "naam", "name", "naam tegenpartij"],
            ),
            description: column(header, &["description", "omschrijving", "mededelingen"]),
            reference: column(
                header,
                &[
                    "reference",
                    "payment reference",
                    "betalingskenmerk",
                    "kenmerk",
                ],
            ),
        })
    }

    fn needed(&self) -> usize {
        self.date.max(self.amount) + 1
    }

    fn line(&self, r: &Record) -> Result<Draft, RowError> {
        let date = required_date(r.get(self.date), Field::Date)?;
        let amount = required_amount(r.get(self.amount), DecimalStyle::Auto, Field::Amount)?;
        let mut d = Draft::new(r.opt(self.account), date, amount);
        d.value_date = dates::strict(r.opt(self.value_date));
        d.counterparty = r.opt(self.counterparty).to_string();
        d.name = r.opt(self.name).to_string();
        d.texts.push(r.opt(self.description).to_string());
        d.references = vec![r.opt(self.reference).to_string()];
        Ok(d)
    }
}

/// True for a header with a date and an amount column. The bank-specific
/// headers have those too: this reader comes last in the precedence of
/// [`super::read`], the one place that orders the readers.
pub fn detect(text: &str) -> bool {
    detect_headed::<Columns>(text)
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    read_headed::<Columns>(path, RecordReader::new(text, sniff_delimiter(text), b'"'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::problem::{Field, Flaw, ProblemKind};

    fn p() -> Arc<str> {
        Arc::from("bank/export.csv")
    }

    #[test]
    fn reads_english_headers_in_any_case() {
        let t = "Date,Amount,Counterparty_IBAN,Counterparty_Name,Description\n\
2024-03-01,125.50,NL91 ABNA 0417 1643 00,J. Jansen,factuur F-2024-001\n\
20240302,\"-1.234,56\",,,\n";
        assert!(detect(t));
        let r = parse(&p(), t);
        assert_eq!(r.format, "generic");
        assert_eq!((r.rows_read, r.rows_rejected), (2, 0));
        let a = &r.rows[0];
        assert_eq!(a.amount, Money::from_cents(12_550));
        assert_eq!(
            a.counterparty_iban.as_ref().map(|i| i.as_str()),
            Some("NL91ABNA0417164300")
        );
        assert_eq!(a.description, "factuur F-2024-001");
        assert_eq!(a.account, "");
        assert_eq!(r.rows[1].amount, Money::from_cents(-123_456));
        assert_eq!(r.rows[1].booking_date.to_string(), "2024-03-02");
    }

    #[test]
    fn reads_dutch_headers_with_accents_and_semicolons() {
        let t = "DATUM;Bédrag;Tegenrekening;Naam;Omschrijving;Betalingskenmerk\n\
01-03-2024;-12,50;;X;nota;5000056789012345\n";
        assert!(detect(t));
        let r = parse(&p(), t);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].amount, Money::from_cents(-1250));
        assert_eq!(*r.rows[0].references, ["5000056789012345"]);
    }

    #[test]
    fn an_amount_beyond_the_bound_is_a_row_error_not_a_panic() {
        let t = "datum,bedrag,omschrijving\n01-03-2024,50000000000000000000000000000,x\n\
01-03-2024,50000000000000000000000000000,y\n01-03-2024,\"999.999.999.999.999,99\",z\n";
        let r = parse(&p(), t);
        assert_eq!((r.rows_read, r.rows_rejected), (3, 2));
        assert_eq!(r.rows.len(), 1);
        let kinds: Vec<_> = r.problems.iter().map(|p| &p.kind).collect();
        assert_eq!(kinds.len(), 2, "{kinds:?}");
        for k in kinds {
            assert!(
                matches!(
                    k,
                    crate::problem::ProblemKind::Unreadable {
                        flaw: crate::problem::Flaw::AmountTooLarge,
                        ..
                    }
                ),
                "{k:?}"
            );
        }
    }

    #[test]
    fn an_ambiguous_amount_is_a_row_error() {
        let t = "datum,bedrag,omschrijving\n01-03-2024,1.234,x\n01-03-2024,\"1.234,00\",y\n2024-13-01,1.00,z\n";
        let r = parse(&p(), t);
        assert_eq!((r.rows_read, r.rows_rejected), (3, 2));
        assert_eq!(r.rows[0].amount, Money::from_cents(123_400));
        assert_eq!(r.problems[0].source.to_string(), "bank/export.csv:2");
        assert_eq!(
            r.problems[0].kind,
            ProblemKind::Unreadable {
                field: Field::Amount,
                flaw: Flaw::AmbiguousAmount
            }
        );
        assert_eq!(r.problems[1].source.to_string(), "bank/export.csv:4");
    }

    #[test]
    fn leaves_bank_specific_layouts_to_their_readers() {
        for (text, format) in [
            (
                "Date,Interest Date,Amount,Account,Counterparty,Name,Description\n2024-01-01,2024-01-01,\"1,00\",A,,N,D\n",
                "bunq",
            ),
            (
                "\"Datum\",\"Naam / Omschrijving\",\"Rekening\",\"Tegenrekening\",\"Code\",\"Af Bij\",\"Bedrag (EUR)\",\"MutatieSoort\",\"Mededelingen\"\n\"20240101\",\"N\",\"A\",\"\",\"OV\",\"Af\",\"1,00\",\"x\",\"y\"\n",
                "ing",
            ),
        ] {
            assert_eq!(super::super::read(&p(), text.as_bytes()).format, format);
        }
        assert!(!detect(
            "<?xml version=\"1.0\"?><Document><Date>x</Date></Document>"
        ));
        assert!(!detect("naam,omschrijving\n"));
    }
}
