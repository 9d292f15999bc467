//! Rabobank CSV (2018 and later): 26 columns, comma separated, every field
//! quoted, Dutch or English header, often ISO-8859-1 (decoded before this
//! reader sees it).
//!
//! The layout is fixed, so columns are taken by position: the English
//! header names the same columns in the same order. `Bedrag` is signed with
//! a decimal comma; `Betalingskenmerk` and `Transactiereferentie` are
//! structured references; `Omschrijving-1..3` is the free text; a filled
//! `Reden retour` marks a returned payment; `Volgnr` is the bank's own id.

use std::sync::Arc;

use super::draft::Draft;
use super::fields::{RowError, require_euro, required_amount, required_date};
use super::layout::{first_record, folded};
use super::prologue::read_fixed;
use super::records::{Record, RecordReader, sniff_delimiter};
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::money::DecimalStyle;
use crate::payment::BankLine;
use crate::problem::Field;

/// Number of columns of the layout.
const COLUMNS: usize = 26;
const ACCOUNT: usize = 0;
const CURRENCY: usize = 1;
const SEQUENCE: usize = 3;
const DATE: usize = 4;
const VALUE_DATE: usize = 5;
const AMOUNT: usize = 6;
const BALANCE_AFTER: usize = 7;
const COUNTERPARTY: usize = 8;
const NAME: usize = 9;
const ULTIMATE_NAME: usize = 10;
const TRANSACTION_REFERENCE: usize = 15;
const PAYMENT_REFERENCE: usize = 18;
const DESCRIPTION: [usize; 3] = [19, 20, 21];
const RETURN_REASON: usize = 22;

/// True for a header whose first column is `IBAN/BBAN` with at least the
/// 26 columns of the layout and a currency column second: `Munt` in the
/// Dutch header, `Ccy` (or `Currency`) in the English one (`Seq No`,
/// `Counterpty IBAN/BBAN`, `Name Counterpty`, `Description-1`, …).
pub fn detect(text: &str) -> bool {
    first_record(text).is_some_and(|h| {
        let f = folded(&h.fields);
        f.len() >= COLUMNS
            && f.first().is_some_and(|c| c == "iban bban")
            && f.get(1)
                .is_some_and(|c| matches!(c.as_str(), "munt" | "ccy" | "currency"))
    })
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let all = RecordReader::new(text, sniff_delimiter(text), b'"').one_line();
    // The first record is the header.
    read_fixed(path, "rabobank", all, 1, COLUMNS, line)
}

fn line(r: &Record) -> Result<Draft, RowError> {
    let date = required_date(r.get(DATE), Field::Date)?;
    require_euro(r.get(CURRENCY))?;
    let amount = required_amount(r.get(AMOUNT), DecimalStyle::Comma, Field::Amount)?;
    let mut d = Draft::new(r.get(ACCOUNT), date, amount);
    d.value_date = dates::strict(r.get(VALUE_DATE));
    d.counterparty = r.get(COUNTERPARTY).to_string();
    d.name = r.get(NAME).to_string();
    if d.name.is_empty() {
        d.name = r.get(ULTIMATE_NAME).to_string();
    }
    d.texts = DESCRIPTION.iter().map(|i| r.get(*i).to_string()).collect();
    d.references = [PAYMENT_REFERENCE, TRANSACTION_REFERENCE]
        .iter()
        .map(|i| r.get(*i).to_string())
        .collect();
    d.bank_reference = Some(r.get(SEQUENCE).to_string());
    let reason = r.get(RETURN_REASON);
    d.return_info = (!reason.is_empty()).then(|| reason.to_string());
    d.balance = super::stated::after(r.get(BALANCE_AFTER));
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::problem::ProblemKind;
    use crate::text::decode;

    const HEADER: &[u8] = b"\"IBAN/BBAN\",\"Munt\",\"BIC\",\"Volgnr\",\"Datum\",\"Rentedatum\",\"Bedrag\",\"Saldo na trn\",\"Tegenrekening IBAN/BBAN\",\"Naam tegenpartij\",\"Naam uiteindelijke partij\",\"Naam initi\xEBrende partij\",\"BIC tegenpartij\",\"Code\",\"Batch ID\",\"Transactiereferentie\",\"Machtigingskenmerk\",\"Incassant ID\",\"Betalingskenmerk\",\"Omschrijving-1\",\"Omschrijving-2\",\"Omschrijving-3\",\"Reden retour\",\"Oorspr bedrag\",\"Oorspr munt\",\"Koers\"\n";

    fn p() -> Arc<str> {
        Arc::from("bank/rabo.csv")
    }

    fn row(amount: &str, kenmerk: &str, retour: &str) -> String {
        format!(
            "\"NL00RABO1234567890\",\"EUR\",\"RABONL2U\",\"000000000000007001\",\"2024-03-01\",\"2024-03-02\",\"{amount}\",\"+1000,00\",\"NL91ABNA0417164300\",\"J. Jansen\",\"\",\"\",\"\",\"cb\",\"\",\"E2E-1\",\"\",\"\",\"{kenmerk}\",\"Factuur\",\"   \",\"F-2024-12\",\"{retour}\",\"\",\"\",\"\"\n"
        )
    }

    #[test]
    fn reads_iso_8859_1_with_references_and_returns() {
        let mut bytes = HEADER.to_vec();
        bytes.extend(row("+1.234,50", "5000056789012345", "").as_bytes());
        bytes.extend(row("-1.234,50", "", "MS03 Reden niet gespecificeerd").as_bytes());
        let (text, _) = decode(&bytes);
        assert!(detect(&text));
        let r = parse(&p(), &text);
        assert_eq!(r.format, "rabobank");
        assert_eq!((r.rows_read, r.rows_rejected), (2, 0));
        let a = &r.rows[0];
        assert_eq!(a.amount, Money::from_cents(123_450));
        assert_eq!(a.description, "Factuur F-2024-12");
        assert_eq!(*a.references, ["5000056789012345", "E2E-1"]);
        assert_eq!(a.bank_reference.as_deref(), Some("000000000000007001"));
        assert_eq!(
            a.value_date.map(|d| d.to_string()).as_deref(),
            Some("2024-03-02")
        );
        assert_eq!(a.return_info, None);
        let b = &r.rows[1];
        assert_eq!(b.amount, Money::from_cents(-123_450));
        assert_eq!(
            b.return_info.as_deref(),
            Some("MS03 Reden niet gespecificeerd")
        );
        assert_eq!(b.source.to_string(), "bank/rabo.csv:3");
    }

    #[test]
    fn reads_utf8_and_english_headers() {
        let header = String::from_utf8_lossy(HEADER)
            .replace("\"Munt\"", "\"Currency\"")
            .replace('\u{fffd}', "ë");
        let text = format!("\u{feff}{header}{}", row("+10,00", "", ""));
        let text = text.trim_start_matches('\u{feff}');
        assert!(detect(text));
        assert_eq!(parse(&p(), text).rows.len(), 1);
    }

    #[test]
    fn reads_the_english_header_with_its_parties_and_references() {
        let header = "\"IBAN/BBAN\",\"Ccy\",\"BIC\",\"Seq No\",\"Date\",\"Value Date\",\"Amount\",\"Bal After Bkng\",\"Counterpty IBAN/BBAN\",\"Name Counterpty\",\"Name Ultimate Pty\",\"Name Initiating Pty\",\"Counterpty BIC\",\"Code\",\"Batch ID\",\"Transaction Reference\",\"Mandate Reference\",\"Collector ID\",\"Payment Reference\",\"Description-1\",\"Description-2\",\"Description-3\",\"Reasoncode\",\"Instr Amt\",\"Instr Ccy\",\"Rate\"\n";
        let text = format!("{header}{}", row("+1.234,50", "5000056789012345", ""));
        assert!(detect(&text));
        let r = crate::ingest::bank::read(&p(), text.as_bytes());
        assert_eq!(r.format, "rabobank");
        let a = &r.rows[0];
        assert_eq!(a.amount, Money::from_cents(123_450));
        assert_eq!(
            a.counterparty_iban.as_ref().map(|i| i.as_str()),
            Some("NL91ABNA0417164300")
        );
        assert_eq!(a.counterparty_name, "J. Jansen");
        assert_eq!(a.description, "Factuur F-2024-12");
        assert_eq!(*a.references, ["5000056789012345", "E2E-1"]);
    }

    #[test]
    fn bad_lines_are_problems_and_the_rest_is_read() {
        let mut text = String::from_utf8_lossy(HEADER).into_owned();
        text.push_str(&row("+10,00", "", ""));
        text.push_str(&row("tien", "", ""));
        text.push_str("\"NL00RABO1234567890\",\"EUR\"\n");
        text.push_str(&row("+10.5", "", ""));
        text.push_str(&row("-2,00", "", ""));
        let r = parse(&p(), &text);
        assert_eq!((r.rows_read, r.rows_rejected), (5, 3));
        assert_eq!(r.rows.len(), 2);
        assert_eq!(
            r.problems[1].kind,
            ProblemKind::ColumnCount {
                expected: 26,
                found: 2
            }
        );
    }

    #[test]
    fn a_lost_closing_quote_costs_its_line_only() {
        // The last field opens a quote that no closing quote ends.
        let broken = row("+10,00", "", "").replace("\"\"\n", "\"\n");
        let text = format!(
            "{}{broken}{}{}",
            String::from_utf8_lossy(HEADER),
            row("+20,00", "", ""),
            row("+30,00", "", "")
        );
        let r = parse(&p(), &text);
        assert_eq!(r.rows_read, 3, "{:?}", r.problems);
        let amounts: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
        assert!(amounts.contains(&Money::from_cents(2000)), "{amounts:?}");
        assert!(amounts.contains(&Money::from_cents(3000)), "{amounts:?}");
        assert_eq!(
            r.rows.last().map(|l| l.source.to_string()).as_deref(),
            Some("bank/rabo.csv:4")
        );
    }

    #[test]
    fn a_line_in_another_currency_is_refused_not_read_as_euros() {
        let usd = row("+10,00", "", "").replacen("\"EUR\"", "\"USD\"", 1);
        let text = format!(
            "{}{usd}{}",
            String::from_utf8_lossy(HEADER),
            row("+20,00", "", "")
        );
        let r = parse(&p(), &text);
        assert_eq!((r.rows_read, r.rows_rejected, r.rows.len()), (2, 1, 1));
        assert_eq!(r.rows[0].amount, Money::from_cents(2000));
        assert_eq!(r.problems[0].source.to_string(), "bank/rabo.csv:2");
        assert!(
            r.problems[0].kind == ProblemKind::NotEuro("USD".into()),
            "{:?}",
            r.problems[0].kind
        );
        assert_eq!(r.problems[0].value, "USD");
    }

    #[test]
    fn does_not_claim_other_formats() {
        assert!(!detect("\"IBAN/BBAN\",\"Munt\"\n\"x\",\"EUR\""));
        assert!(!detect("Datum,Bedrag\n"));
    }
}
