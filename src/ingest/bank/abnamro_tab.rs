//! ABN AMRO TAB export (`TXTyymmddHHMMSS.TAB`): no header, one transaction
//! per line, TAB-separated, no quoting; several accounts may share a file.
//! Columns: account number, currency, transaction date (`yyyymmdd`, the
//! booking date), opening balance, closing balance, value date, signed
//! amount with a decimal comma, description. Lines starting with `#` and
//! blank lines are skipped (sample files carry them; real ones do not).
//!
//! The description comes in two forms:
//! - fixed width: 65-character lines of two 32-character cells with one
//!   space between, padded with spaces. A cell that is full up to its last
//!   character may cut a word in two, so such a cell is joined to the next
//!   without a space, unless the next starts with a label (`Naam:`) or the
//!   cell is itself a column layout (inner runs of spaces). The joined text
//!   carries the labels `IBAN:`, `Naam:`, `Omschrijving:`, `Kenmerk:`,
//!   `Betalingskenm.:`;
//! - slash form: `/TRTP/…/IBAN/…/BIC/…/NAME/…/REMI/…/EREF/…`.

use std::sync::Arc;

use super::abnamro_cells::{join_cells, pre_sepa_party};
use super::collector::Collector;
use super::draft::Draft;
use super::fields::{RowError, require_euro, required_amount, required_date};
use super::labels::split_labels;
use super::layout::layout_fits;
use super::words::{no_reference, squash};
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::money::{DecimalStyle, parse_amount};
use crate::payment::BankLine;
use crate::problem::Field;

/// The data lines: `(physical line number, line)`, comments and blank
/// lines left out.
fn data_lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// True when the data lines have the TAB layout: at least seven fields,
/// a three-letter currency, a `yyyymmdd` date and an amount. Judged over
/// several lines ([`layout_fits`]), so a first line with an unreadable
/// amount (`#N/B`) does not hide the file.
pub fn detect(text: &str) -> bool {
    layout_fits(data_lines(text).map(|(_, l)| l), |l| {
        let f: Vec<&str> = l.split('\t').collect();
        // Indexing below is guarded by the length check that comes first.
        f.len() >= 7
            && f[1].trim().len() == 3
            && f[1].trim().bytes().all(|b| b.is_ascii_alphabetic())
            && f[2].trim().len() == 8
            && dates::strict(f[2]).is_some()
            && parse_amount(f[6], DecimalStyle::Comma).is_ok()
    })
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let mut out = Collector::new(path, "abnamro-tab");
    for (n, l) in data_lines(text) {
        out.add(n, line(l));
    }
    out.finish()
}

fn line(l: &str) -> Result<Draft, RowError> {
    let f: Vec<&str> = l.splitn(8, '\t').collect();
    let [
        account,
        currency,
        date,
        open,
        close,
        value_date,
        amount,
        rest @ ..,
    ] = f.as_slice()
    else {
        return Err(RowError::columns(8, f.len()));
    };
    let date = required_date(date, Field::TransactionDate)?;
    require_euro(currency)?;
    let amount = required_amount(amount, DecimalStyle::Comma, Field::Amount)?;
    let mut d = Draft::new(account, date, amount);
    d.value_date = dates::strict(value_date);
    describe(&mut d, rest.first().copied().unwrap_or(""));
    d.balance = super::stated::both(open, close);
    Ok(d)
}

/// Fills name, counterparty, description and references from the
/// description column, in whichever of the two forms it comes.
fn describe(d: &mut Draft, raw: &str) {
    if raw.trim_start().starts_with('/') {
        slash_form(d, raw.trim());
        return;
    }
    let text = join_cells(raw);
    let l = split_labels(&text);
    d.name = l.name().unwrap_or("").to_string();
    d.counterparty = l
        .account()
        .map(|a| a.as_str().to_string())
        .unwrap_or_default();
    if let Some((account, name)) = pre_sepa_party(raw) {
        if d.counterparty.is_empty() {
            d.counterparty = account;
        }
        if d.name.is_empty() {
            d.name = name;
        }
    }
    d.references = l.references();
    d.texts.push(l.description(&text));
}

/// The keys of the slash form, as ABN AMRO and the Dutch MT940 `:86:` use
/// them.
const KEYS: &[&str] = &[
    "TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "CSID", "MARF", "ORDP", "BENM", "ADDR", "RTRN",
    "CNTP", "ISDT", "PREF", "SVCL", "PURP", "ULTC", "ULTD", "ID",
];

/// Splits `/KEY/value/KEY/value` into pairs; a slash inside a value stays
/// in it unless a known key follows it.
fn slash_pairs(text: &str) -> Vec<(&'static str, String)> {
    let mut marks: Vec<(usize, usize, &'static str)> = Vec::new();
    for (i, _) in text.match_indices('/') {
        let rest = &text[i + 1..];
        if let Some(k) = KEYS
            .iter()
            .find(|k| rest.starts_with(**k) && rest[k.len()..].starts_with('/'))
        {
            marks.push((i, i + k.len() + 2, k));
        }
    }
    // A key found inside the previous key's own marker is no key.
    marks.dedup_by(|b, a| b.0 < a.1);
    marks
        .iter()
        .enumerate()
        .map(|(n, (_, start, key))| {
            let end = marks.get(n + 1).map_or(text.len(), |m| m.0);
            let value = text.get(*start..end).unwrap_or("");
            (*key, value.trim().trim_end_matches('/').trim().to_string())
        })
        .collect()
}

fn slash_form(d: &mut Draft, text: &str) {
    let pairs = slash_pairs(text);
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, v)| *k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    d.name = get("NAME").unwrap_or("").to_string();
    d.counterparty = get("IBAN").unwrap_or("").to_string();
    let remi = get("REMI").unwrap_or("");
    // MT940-style sub-fields: `USTD//text` or `STRD/CUR/kenmerk`.
    let (remi, structured) = if let Some(t) = remi.strip_prefix("USTD//") {
        (t, None)
    } else if let Some(r) = remi.strip_prefix("STRD/") {
        ("", Some(r.rsplit('/').find(|s| !s.is_empty()).unwrap_or(r)))
    } else {
        (remi, None)
    };
    let eref = get("EREF").filter(|e| !no_reference(e));
    d.references = structured
        .into_iter()
        .chain(eref)
        .map(str::to_string)
        .collect();
    d.texts.push(if remi.is_empty() && d.references.is_empty() {
        squash(text)
    } else {
        remi.to_string()
    });
    d.texts.extend(eref.map(str::to_string));
    d.return_info = get("RTRN").map(str::to_string);
}

#[cfg(test)]
mod tests {
    use super::super::remittance::parse_info_lines;
    use super::*;
    use crate::ident::Iban;
    use crate::money::Money;

    fn p() -> Arc<str> {
        Arc::from("bank/TXT.TAB")
    }

    fn pad(cells: &[&str]) -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(&format!("{c:<32}"));
            if i % 2 == 0 {
                s.push(' ');
            }
        }
        s
    }

    /// A direct debit as ABN AMRO writes it, cell by cell.
    const NETFLIX: [&str; 11] = [
        "SEPA Incasso algemeen doorlopend",
        "Incassant: GB98NFXSDDCHAS0123456",
        "7890123",
        "Naam: NETFLIX INTERNATIONAL B.V.",
        "Machtiging: DD-01234567890123456",
        "7-890-123456",
        "Omschrijving: Netflix Monthly Su",
        "bscription",
        "IBAN: LU012345678901234567",
        "Kenmerk: 02-02-2023 17:01 012345",
        "6789012345",
    ];

    #[test]
    fn mends_words_split_by_the_fixed_width_cells() {
        let raw = pad(&NETFLIX);
        let text = join_cells(&raw);
        assert_eq!(
            text,
            "SEPA Incasso algemeen doorlopend Incassant: GB98NFXSDDCHAS01234567890123 \
             Naam: NETFLIX INTERNATIONAL B.V. Machtiging: DD-012345678901234567-890-123456 \
             Omschrijving: Netflix Monthly Subscription IBAN: LU012345678901234567 \
             Kenmerk: 02-02-2023 17:01 0123456789012345"
        );
        let mut d = Draft::new("1", chrono::NaiveDate::MIN, Money::ZERO);
        describe(&mut d, &raw);
        assert_eq!(d.name, "NETFLIX INTERNATIONAL B.V.");
        assert_eq!(d.counterparty, "LU012345678901234567");
        assert_eq!(*d.references, ["02-02-2023 17:01 0123456789012345"]);
        assert_eq!(
            d.texts,
            vec!["Netflix Monthly Subscription 02-02-2023 17:01 0123456789012345"]
        );
    }

    #[test]
    fn the_mt940_free_form_reads_the_same_labels_as_the_tab_export() {
        let mut tab = Draft::new("1", chrono::NaiveDate::MIN, Money::ZERO);
        describe(&mut tab, &pad(&NETFLIX));
        // The same description in an MT940 `:86:`: two cells a line.
        let lines: Vec<(String, bool)> = NETFLIX
            .chunks(2)
            .enumerate()
            .map(|(i, c)| (format!("{:<32} {}", c[0], c.get(1).unwrap_or(&"")), i == 0))
            .collect();
        let mt940 = parse_info_lines(&lines, true);
        assert_eq!(mt940.name.as_deref(), Some(tab.name.as_str()));
        assert_eq!(
            mt940.iban.as_ref().map(Iban::as_str),
            Some(tab.counterparty.as_str())
        );
        assert_eq!(tab.references, ["02-02-2023 17:01 0123456789012345"]);
        // The MT940 reader adds what it finds in the description after them.
        assert!(mt940.references.starts_with(&tab.references), "{mt940:?}");
    }

    #[test]
    fn keeps_spaces_where_the_cells_are_columns_or_padded() {
        let raw = pad(&[
            "ABN AMRO Bank N.V.",
            "CreditCard                  1,70",
            "Cr.CardExtra                1,00",
            "Basic Package               2,90",
        ]);
        assert_eq!(
            join_cells(&raw),
            "ABN AMRO Bank N.V. CreditCard 1,70 Cr.CardExtra 1,00 Basic Package 2,90"
        );
        assert_eq!(
            join_cells(&pad(&[
                "BEA   NR:A1B23C   30.12.21/09.15",
                "Hema EV123,PAS123"
            ])),
            "BEA NR:A1B23C 30.12.21/09.15 Hema EV123,PAS123"
        );
        // Not the fixed-width layout at all: kept as it is.
        assert_eq!(join_cells("kort  bericht"), "kort bericht");
    }

    #[test]
    fn a_line_in_another_currency_is_refused_not_read_as_euros() {
        let t = "123456789\tUSD\t20230210\t1,00\t2,00\t20230210\t1,00\t/NAME/A/REMI/b\n\
                 123456789\tEUR\t20230210\t1,00\t3,00\t20230210\t2,00\t/NAME/A/REMI/c\n";
        let r = parse(&p(), t);
        assert_eq!((r.rows_read, r.rows_rejected, r.rows.len()), (2, 1, 1));
        assert_eq!(r.rows[0].amount, Money::from_cents(200));
        assert_eq!(r.problems[0].source.to_string(), "bank/TXT.TAB:1");
        assert_eq!(r.problems[0].value, "USD");
    }

    #[test]
    fn reads_the_slash_form() {
        let raw = "/TRTP/SEPA OVERBOEKING/IBAN/NL01RABO0123456789/BIC/RABONL2U/NAME/Fizz Foo/REMI/nota 2023/17 5000056789012345/EREF/Z012345   ";
        let mut d = Draft::new("1", chrono::NaiveDate::MIN, Money::ZERO);
        describe(&mut d, raw);
        assert_eq!(d.name, "Fizz Foo");
        assert_eq!(d.counterparty, "NL01RABO0123456789");
        assert_eq!(*d.references, ["Z012345"]);
        assert_eq!(d.texts, vec!["nota 2023/17 5000056789012345", "Z012345"]);
        let mut r = Draft::new("1", chrono::NaiveDate::MIN, Money::ZERO);
        describe(
            &mut r,
            "/RTRN/MS03/EREF/NOTPROVIDED/REMI/STRD/CUR/1067931951601240/NAME/X",
        );
        assert_eq!(r.return_info.as_deref(), Some("MS03"));
        assert_eq!(*r.references, ["1067931951601240"]);
    }

    #[test]
    fn reads_two_accounts_comments_and_blank_lines_and_rejects_one_bad_line() {
        let t = format!(
            "# comment\n\n123456789\tEUR\t20230210\t3427,00\t2000,00\t20230211\t-1427,00\t{}\n\
             # another\n112233445\tEUR\t20221201\t1,00\t2,00\t20221201\t1,00\t/NAME/A/REMI/b\n\
             112233445\tEUR\t20221301\t1,00\t2,00\t20221201\t1,00\tx\n\
             112233445\tEUR\t20221201\n",
            pad(&[
                "SEPA Overboeking",
                "IBAN: NL01ABNA0123456789",
                "BIC: ABNANL2A",
                "Naam: J SMITH"
            ])
        );
        assert!(detect(&t));
        let r = parse(&p(), &t);
        assert_eq!(r.format, "abnamro-tab");
        assert_eq!((r.rows_read, r.rows_rejected), (4, 2));
        assert_eq!(r.rows[0].account, "123456789");
        assert_eq!(r.rows[0].amount, Money::from_cents(-142_700));
        assert_eq!(r.rows[0].counterparty_name, "J SMITH");
        assert_eq!(r.rows[0].source.to_string(), "bank/TXT.TAB:3");
        assert_eq!(
            r.rows[0].value_date.map(|d| d.to_string()).as_deref(),
            Some("2023-02-11")
        );
        assert_eq!(r.rows[1].account, "112233445");
        assert_eq!(r.rows[1].source.to_string(), "bank/TXT.TAB:5");
        assert_eq!(r.problems[0].source.to_string(), "bank/TXT.TAB:6");
        assert_eq!(r.problems[1].source.to_string(), "bank/TXT.TAB:7");
    }

    #[test]
    fn a_first_line_with_an_unreadable_amount_costs_that_line_only() {
        let good = "123456789\tEUR\t20230210\t1,00\t3,00\t20230210\t2,00\t/NAME/A/REMI/c\n";
        let t = format!(
            "123456789\tEUR\t20230209\t1,00\t1,00\t20230209\t#N/B\t/NAME/A/REMI/b\n{}",
            good.repeat(85)
        );
        assert!(detect(&t));
        let r = crate::ingest::bank::read(&p(), t.as_bytes());
        assert_eq!(r.format, "abnamro-tab");
        assert_eq!((r.rows_read, r.rows_rejected, r.rows.len()), (86, 1, 85));
        assert_eq!(r.problems[0].source.to_string(), "bank/TXT.TAB:1");
        assert_eq!(r.problems[0].value, "#N/B");
    }

    #[test]
    fn does_not_claim_other_formats() {
        assert!(!detect("Datum\tBedrag\tNaam\n"));
        assert!(!detect(
            ":20:940\n:25:123456789\n:61:1405290529D14,74NTRFNONREF\n"
        ));
        assert!(!detect("<?xml version=\"1.0\"?>"));
    }
}
