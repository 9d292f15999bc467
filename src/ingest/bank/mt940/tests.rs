//! The MT940 reader on whole files: real samples and small statements
//! written for one layout or one flaw each.

use std::sync::Arc;

use chrono::NaiveDate;

use super::super::swift::swift_amount;
use super::*;
use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::money::Money;
use crate::payment::BankLine;
use crate::problem::{ProblemKind, Severity, SwiftFlaw};
use crate::source::{Loc, Source};

fn m(s: &str) -> Money {
    Money::new(rust_decimal::Decimal::from_str_exact(s).unwrap())
}

fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap()
}

fn read(text: &str) -> FileRead<BankLine> {
    parse(&Arc::from("bank/x.sta"), text)
}

fn sample(name: &str) -> FileRead<BankLine> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/samples/bank/mt940/");
    let bytes = std::fs::read(format!("{dir}{name}")).unwrap();
    let (text, _) = crate::text::decode(&bytes);
    assert!(detect(&text), "{name} not detected");
    parse(&Arc::from(name), &text)
}

const HEAD: &str = ":20:STMT\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C260101EUR100,00\n";

#[test]
fn a_huge_balance_or_amount_is_a_problem_not_a_panic() {
    // Decimal::MAX as opening balance: unreadable, so the statement is
    // not checked, and the line stays.
    let r = read(
        ":20:X\n:25:NL01\n:60F:C260101EUR79228162514264337593543950335,\n\
:61:2601010101C1,NTRFNONREF\n:62F:C260101EUR0,\n",
    );
    assert_eq!((r.rows.len(), r.rows_rejected), (1, 0));
    assert!(
        r.problems
            .iter()
            .any(|p| p.kind == ProblemKind::BalanceUnreadable),
        "{:?}",
        r.problems
    );
    // A line of 1e15 or more is refused with its text.
    let r = read(
        ":20:X\n:25:NL01\n:60F:C260101EUR0,\n\
:61:2601010101C1000000000000000,NTRFNONREF\n:61:2601010101C1,NTRFNONREF\n:62F:C260101EUR1,\n",
    );
    assert_eq!((r.rows.len(), r.rows_rejected), (1, 1));
    assert!(
        r.problems.iter().any(|p| p.kind
            == ProblemKind::SwiftLine(SwiftFlaw::AmountTooLarge("1000000000000000,".into())))
    );
    assert_eq!(
        swift_amount("999999999999999,99"),
        Ok(m("999999999999999.99"))
    );
}

#[test]
fn detects_mt940_but_no_csv() {
    assert!(detect(HEAD));
    assert!(detect(
        "{1:F01X}{2:I940X}{4:\n:20:A\n:25:123\n:61:2601010101C1,NTRFNONREF\n-}"
    ));
    assert!(!detect(
        "\"Datum\",\"Naam / Omschrijving\",\"Rekening\"\n\"20260101\",\":20:x\",\"NL\"\n"
    ));
    assert!(!detect(
        "date;amount;description\n2026-01-01;10,00;:20: :25: :61:\n"
    ));
    assert!(!detect("<Document><BkToCstmrStmt/></Document>"));
}

#[test]
fn ctrl_z_glued_to_a_tag_and_two_accounts() {
    let r = sample("zilverline-two-accounts.txt");
    assert_eq!(r.rows.len(), 3);
    // The ^Z glued to `:20:` still opens the fourth statement, whose
    // account is `1325.76.155EUR`.
    assert_eq!(r.rows[0].account, "156750961");
    assert_eq!(r.rows[2].account, "132576155");
    assert_eq!(r.rows[2].amount, m("250.00"));
    assert_eq!(r.rows[2].counterparty_name, "ZILVERLINE B.V. /FREEMLE");
    // Three `:86:` after one `:61:` are one description.
    assert_eq!(
        r.rows[1].description,
        "BETALINGSKENM. 3010675705 GOOGLE GOOG6291713437 1402786401"
    );
    let mut text = String::from(HEAD);
    text.push_str(":61:2601050105C10,00NTRFNONREF\n:86:a\n:62F:C260105EUR110,00\n\u{1a}");
    text.push_str(
        ":20:B\n:25:NL02RABO0123456789\n:60F:C260101EUR0,\n:61:2601060106D1,NTRFNONREF\n",
    );
    let r = read(&text);
    assert_eq!(r.rows.len(), 2);
    assert_eq!(r.rows[1].account, "NL02RABO0123456789");
    assert_eq!(r.rows[1].source.loc, Loc::Line(11));
}

#[test]
fn soft_hyphens_tabs_and_summary_lines_are_no_content() {
    let r = sample("mt940rs-jejik-ing.sta");
    assert_eq!(r.rows.len(), 7);
    for l in &r.rows {
        assert!(
            !l.description.contains(['\u{ad}', '\t']),
            "{:?}",
            l.description
        );
    }
    assert!(
        r.rows[1]
            .description
            .contains("SPOEDBETALING MPBZS1016000047")
    );
    // `:86:D000004C…` after `:62F:` is no transaction and no text.
    assert!(r.rows.iter().all(|l| !l.description.contains("D000004C")));
    assert_eq!(r.rows[6].booking_date, date(2010, 7, 23));
}

#[test]
fn envelopes_and_the_ing_sum_trailer() {
    let r = sample("zilverline-ing-iban.txt");
    assert_eq!(r.rows.len(), 21);
    assert_eq!(r.rows[0].account, "NL68INGB0000012345");
    assert_eq!(r.rows[0].description, "22-08-2014 Omschrijving");
    assert_eq!(r.rows[0].counterparty_name, "B Bert");
    assert_eq!(r.rows[0].bank_reference.as_deref(), Some("14237654096217"));
    let kpn = &r.rows[8];
    assert_eq!(kpn.counterparty_name, "KPN - MOBIEL");
    assert_eq!(*kpn.references, ["02164810730000043"]);
    assert!(kpn.description.starts_with("Factuurnr: 2015/123456789.00."));
    let sns = sample("zilverline-sns.txt");
    assert_eq!(sns.rows.len(), 4);
    assert_eq!(
        sns.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL11RABO0987654321")
    );
    assert_eq!(sns.rows[1].counterparty_name, "f. spark bedrijf n.v.");
    // Entry date 01-19 with value date 01-01.
    assert_eq!(sns.rows[0].booking_date, date(2014, 1, 19));
    assert_eq!(sns.rows[0].value_date, Some(date(2014, 1, 1)));
    let knab = sample("zilverline-knab-two-blocks.txt");
    assert_eq!(knab.rows.len(), 3);
    assert_eq!(knab.rows[1].counterparty_name, "BEDRIJF VOF");
    assert_eq!(
        knab.rows[2].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL76INB05555555555")
    );
}

#[test]
fn tags_wrapped_mid_name_are_joined() {
    let r = sample("zilverline-triodos-iban-2.txt");
    assert_eq!(r.rows[1].description, "Factuurnummer 201801-001");
    assert!(
        r.rows[1].references.is_empty(),
        "{:?}",
        r.rows[1].references
    );
    assert_eq!(*r.rows[0].references, ["7293-201801001"]);
    assert_eq!(r.rows[0].counterparty_name, "G-AAAAA N.V.");
    // Empty `/CNTP////`: no counterparty.
    assert_eq!(r.rows[3].counterparty_iban, None);
    assert_eq!(r.rows[3].counterparty_name, "");
    let rabo = sample("zilverline-rabobank-structured.txt");
    assert_eq!(rabo.rows[0].counterparty_name, "Nespresso Nederland B.V.");
    assert_eq!(
        rabo.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL96RBOS0523149468")
    );
    assert_eq!(
        rabo.rows[2].counterparty_iban.as_ref().map(Iban::as_str),
        Some("P004500018")
    );
}

#[test]
fn short_amounts_preambles_and_entry_dates() {
    let r = sample("zilverline-abnamro-structured.txt");
    assert_eq!(r.rows.len(), 10);
    assert_eq!(r.rows[0].amount, m("-5.1"));
    assert_eq!(r.rows[1].amount, m("-10"));
    assert_eq!(r.rows[3].amount, m("4"));
    // Value date 14-01-11, entry date 01-13.
    assert_eq!(r.rows[0].booking_date, date(2014, 1, 13));
    assert_eq!(r.rows[2].counterparty_name, "FOOBAR");
    assert_eq!(r.rows[2].description, "SAVINGS");
    assert_eq!(r.rows[3].counterparty_name, "NS GROEP INZAKE NSR IDEA");
    // ABN AMRO's `KENMERK:` is a reference here as in its TAB export.
    assert_eq!(
        *r.rows[3].references,
        ["26-01-2014 18:14 0030000735822580", "0030000735822580"]
    );
    assert_eq!(*r.rows[5].references, ["1234567890098876"]);
}

#[test]
fn older_triodos_subfields() {
    let r = sample("zilverline-triodos-iban.txt");
    assert_eq!(r.rows.len(), 3);
    assert_eq!(
        r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL12RABO0888888888")
    );
    assert!(
        r.rows[0]
            .description
            .contains("AANDELENKAPITAAL ZAAK NR 40000")
    );
    assert!(!r.rows[0].description.contains("RABONL2U"));
    assert_eq!(r.rows[2].description.matches("22-09-14").count(), 1);
    assert_eq!(r.rows[0].account, "0454545454");
}

#[test]
fn old_rabobank_reference_columns_and_zero_padded_amounts() {
    let r = sample("zilverline-rabobank.txt");
    assert_eq!(r.rows.len(), 11);
    assert_eq!(r.rows[0].amount, m("-50.00"));
    assert_eq!(r.rows[0].counterparty_name, "J. DOE");
    assert_eq!(
        r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
        Some("1313131319")
    );
    assert_eq!(r.rows[6].amount, m("12100.00"));
    assert_eq!(r.rows[0].account, "212121211");
    assert_eq!(r.rows[0].source.loc, Loc::Line(6));
}

#[test]
fn reversals_returns_and_structured_references() {
    let text = format!(
        "{HEAD}:61:2601050105RC25,00NTRFNONREF\n:86:/TRTP/SEPA OVERBOEKING/IBAN/NL02RABO0123456789/BIC/RABONL2U/NAME/J. Jansen/RTRN/AC04/REMI/F-2026-001\n\
:61:2601050105RD7,50NDDTNONREF\n:86:/EREF/E2E-1//REMI/STRD/CUR/5000056789012345/\n\
:61:2601050105C1,00NTRFNONREF\n:86:/TRTP/SEPA Incasso Storno/NAME/X/\n"
    );
    let r = read(&text);
    assert_eq!(r.rows.len(), 3);
    assert_eq!(r.rows[0].amount, m("-25.00"));
    assert_eq!(r.rows[0].return_info.as_deref(), Some("RC AC04"));
    assert_eq!(r.rows[0].counterparty_name, "J. Jansen");
    assert_eq!(r.rows[0].description, "F-2026-001");
    assert_eq!(r.rows[1].amount, m("7.50"));
    assert_eq!(r.rows[1].return_info.as_deref(), Some("RD"));
    assert_eq!(*r.rows[1].references, ["E2E-1", "5000056789012345"]);
    assert_eq!(
        r.rows[2].return_info.as_deref(),
        Some("SEPA Incasso Storno")
    );
}

#[test]
fn an_unreadable_61_is_one_problem_and_the_rest_goes_on() {
    let text = format!(
        "{HEAD}:61:2613450105C1,00NTRFNONREF\n:86:lost\n:61:260105X1,00N\n:61:2601050105CNTRF\n:61:2601050105C2,50NTRFNONREF\r\n:86:kept\r\n"
    );
    let r = read(&text);
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].amount, m("2.50"));
    assert_eq!(r.rows[0].description, "kept");
    assert_eq!(r.rows_rejected, 3);
    assert_eq!(r.rows_read, 4);
    let lines: Vec<Loc> = r.problems.iter().map(|p| p.source.loc.clone()).collect();
    assert_eq!(lines, vec![Loc::Line(5), Loc::Line(7), Loc::Line(8)]);
    assert!(r.problems.iter().all(|p| p.severity == Severity::Error));
}

/// ABN AMRO's own example file writes one debit mark in lower case
/// (`:61:1205120514d1,01N946NONREF`, where SWIFT allows only `C|D|RC|RD`); its
/// statement's balances prove it a debit. A lower-case mark is taken
/// only with that proof, and otherwise reported like any unreadable
/// `:61:`, the lines around it kept and checked.
#[test]
fn a_lower_case_mark_is_taken_when_the_balances_prove_it() {
    use crate::ingest::bank::balance;
    let lower = ":61:2601050105d1,01N946NONREF\n:86:example\n";
    let file = |closing: &str| {
        format!(
            "{HEAD}:61:2601050105C5,00NTRFNONREF\n{lower}:61:2601050105D2,00NTRFNONREF\n\
             :62F:C260105EUR{closing}\n\
             :20:B\n:25:NL91ABNA0417164300\n:60F:C260106EUR50,00\n\
             :61:2601060106C1,00NTRFNONREF\n:62F:C260106EUR51,00\n"
        )
    };
    let amounts = |r: &FileRead<BankLine>| r.rows.iter().map(|l| l.amount).collect::<Vec<_>>();
    let outcome = |r: &FileRead<BankLine>| {
        let (c, _) = balance::check(&r.rows, &r.bank.marks);
        c.map(|c| (c.closed, c.broken, c.not_checkable))
    };
    // 100.00 + 5.00 − 1.01 − 2.00 = 101.99: `d` is a debit.
    let r = read(&file("101,99"));
    assert_eq!(amounts(&r), [m("5.00"), m("-1.01"), m("-2.00"), m("1.00")]);
    assert_eq!(r.rows[1].description, "example");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!((r.rows_read, r.rows_rejected), (4, 0));
    assert_eq!(outcome(&r), Some((2, 0, 0)));
    // Read as a credit it would close at 104.01: no proof of a debit
    // (nor of anything), so the line is reported, its statement not
    // checkable, the next statement still checked.
    let r = read(&file("104,01"));
    assert_eq!(amounts(&r), [m("5.00"), m("-2.00"), m("1.00")]);
    assert_eq!((r.rows_read, r.rows_rejected), (4, 1));
    assert_eq!(r.problems.len(), 1);
    let p = &r.problems[0];
    assert_eq!(
        (p.severity, &p.source.loc),
        (Severity::Error, &Loc::Line(6))
    );
    assert_eq!(
        p.kind,
        ProblemKind::SwiftLine(SwiftFlaw::UnconfirmedLowerCaseMark('d'))
    );
    assert_eq!(p.value, ":61:2601050105d1,01N946NONREF");
    assert_eq!(outcome(&r), Some((1, 0, 1)));
    // Without a closing balance nothing proves it.
    let r = read(&format!("{HEAD}{lower}"));
    assert_eq!((r.rows.len(), r.rows_rejected), (0, 1));
    // A lower-case `c` the balances prove a credit.
    let r = read(&format!(
        "{HEAD}:61:2601050105c1,01NTRFNONREF\n:62F:C260105EUR101,01\n"
    ));
    assert_eq!((amounts(&r), r.rows_rejected), (vec![m("1.01")], 0));
}

#[test]
fn unconfirmed_lower_case_lines_come_out_in_one_pass() {
    use crate::ingest::bank::marks::MarkKind;
    // Two unconfirmed lines among kept ones: the rejected marks stand
    // where the lines stood, the closing balance moves up by two.
    let r = read(&format!(
        "{HEAD}:61:2601050105C1,00NTRFNONREF\n:61:2601050105c1,00NTRFNONREF\n\
         :61:2601050105C2,00NTRFNONREF\n:61:2601050105d1,00NTRFNONREF\n\
         :62F:C260105EUR1,00\n"
    ));
    assert_eq!((r.rows.len(), r.rows_rejected), (2, 2));
    let shape: Vec<(usize, &str)> = r
        .bank
        .marks
        .iter()
        .map(|m| {
            let k = match &m.kind {
                MarkKind::Opening(_) => "open",
                MarkKind::Closing(_) => "close",
                MarkKind::Rejected(_) => "rejected",
                _ => "other",
            };
            (m.at, k)
        })
        .collect();
    assert_eq!(
        shape,
        [(0, "open"), (1, "rejected"), (2, "rejected"), (2, "close")]
    );
    let rejected: Vec<String> = r
        .bank
        .marks
        .iter()
        .filter_map(|m| match &m.kind {
            MarkKind::Rejected(s) => Some(s.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(rejected, ["bank/x.sta:6", "bank/x.sta:8"]);
    // Reported the last first, as before.
    let lines: Vec<String> = r.problems.iter().map(|p| p.source.to_string()).collect();
    assert_eq!(lines, ["bank/x.sta:8", "bank/x.sta:6"]);
    // Many unconfirmed lines without a closing balance (square time
    // before): every one rejected, each mark where its line stood.
    let n = 20_000;
    let text = format!(":20:X\n:25:NL01\n{}", ":61:260101c1,NTRF\n".repeat(n));
    let r = read(&text);
    assert_eq!((r.rows.len(), r.rows_rejected), (0, n as u64));
    assert_eq!(r.bank.marks.len(), n);
    assert!(r.bank.marks.iter().all(|m| m.at == 0));
    assert_eq!(r.problems.len(), n);
}

#[test]
fn foreign_currency_statements_are_not_converted() {
    let text =
        ":20:A\n:25:NL91ABNA0417164300USD\n:60F:C260101USD0,00\n:61:2601050105C1,00NTRFNONREF\n";
    let r = read(text);
    assert!(r.rows.is_empty());
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].kind, ProblemKind::NotEuro("USD".into()));
}

#[test]
fn entry_dates_across_the_year_boundary() {
    let text = format!(
        "{HEAD}:61:2512311231C1,NTRFNONREF\n:61:2512310102C2,NTRFNONREF\n:61:2601021231C3,NTRFNONREF\n"
    );
    let r = read(&text);
    let dates: Vec<NaiveDate> = r.rows.iter().map(|l| l.booking_date).collect();
    assert_eq!(
        dates,
        vec![date(2025, 12, 31), date(2026, 1, 2), date(2025, 12, 31)]
    );
}

#[test]
fn free_text_wraps_only_at_full_lines() {
    let full = "x".repeat(60) + "FACTU";
    let text = format!("{HEAD}:61:2601050105C1,NTRFNONREF\n:86:{full}\nUR 123\nnext line\n");
    let r = read(&text);
    assert_eq!(
        r.rows[0].description,
        format!("{}FACTUUR 123 next line", "x".repeat(60))
    );
}

/// The old ABN AMRO layout writes the counterparty's account and name
/// after the transaction code in the `:61:`; a number that opens a
/// later `:86:` line is part of the description, not the account.
#[test]
fn old_abn_amro_counterparty_is_the_one_in_the_61() {
    let text = ":20:940A120918\n:25:1567.50.961EUR\n:28:00000/00\n\
:60F:C120917EUR000000009265,12\n\
:61:120918D000000000500,00N0620266050522      Arvato Fin Serv Ltd\n\
:86:BETALINGSKENM.  3010675705\n\
:86:GOOGLE GOOG6291713437\n\
:86:1402786401\n\
:62F:C120918EUR000000008765,12\n";
    let r = read(text);
    assert_eq!((r.rows_read, r.rows_rejected), (1, 0), "{:?}", r.problems);
    let l = &r.rows[0];
    assert_eq!(l.amount, m("-500.00"));
    assert_eq!(
        l.counterparty_iban.as_ref().map(Iban::as_str),
        Some("0266050522")
    );
    assert_eq!(l.counterparty_name, "Arvato Fin Serv Ltd");
    // The `:86:` lines stay the description, and the reference is kept.
    assert_eq!(
        l.description,
        "BETALINGSKENM. 3010675705 GOOGLE GOOG6291713437 1402786401"
    );
    assert!(l.references.iter().any(|x| x == "3010675705"));

    // Without a party in the `:61:`, an account that opens the `:86:`
    // is still the counterparty's (ING before SEPA).
    let text = text.replace("N0620266050522      Arvato Fin Serv Ltd", "N062NONREF");
    let r = read(&text);
    assert_eq!(
        r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
        Some("1402786401")
    );
}

/// The same line in the real file, beside the other layouts of it: a
/// Postbank number and a padded account, each followed by the name.
#[test]
fn two_accounts_sample_reads_the_61_counterparties() {
    let r = sample("zilverline-two-accounts.txt");
    let party = |line: u64| {
        let l = r
            .rows
            .iter()
            .find(|l| l.source == Source::line(&Arc::from("zilverline-two-accounts.txt"), line))
            .unwrap();
        (
            l.counterparty_iban.as_ref().map(|i| i.as_str().to_string()),
            l.counterparty_name.clone(),
        )
    };
    assert_eq!(
        party(6),
        (Some("P002445588".into()), "Belastingdienst Apeldoor".into())
    );
    assert_eq!(
        party(8),
        (Some("0266050522".into()), "Arvato Fin Serv Ltd".into())
    );
    assert_eq!(
        party(27),
        (Some("0156750961".into()), "ZILVERLINE B.V. /FREEMLE".into())
    );
}

#[test]
fn old_rabobank_decimal_points_and_names_after_the_account() {
    let text = ":940:\r\n:20:940S030105\r\n:25:0230346979EUR\r\n:28:00001\r\n:60F:C030102EUR000000001000.00\r\n\
:61:030105C000000000350.43NMSC230346979       STG. DEHON INTERNATIONAL\r\n\
:86:BIJDRAGE 2003\r\n\
:61:030105D000000000012.5NMSC0123456789  J. DOE\r\n\
:62F:C030105EUR000000001337.93\r\n";
    let r = read(text);
    assert_eq!((r.rows_read, r.rows_rejected), (2, 0), "{:?}", r.problems);
    assert_eq!(r.rows[0].amount, m("350.43"));
    assert_eq!(r.rows[0].counterparty_name, "STG. DEHON INTERNATIONAL");
    assert_eq!(
        r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
        Some("230346979")
    );
    assert_eq!(r.rows[0].description, "BIJDRAGE 2003");
    assert_eq!(r.rows[1].amount, m("-12.5"));
    assert_eq!(r.rows[1].counterparty_name, "J. DOE");
}

#[test]
fn a_letter_in_an_amount_is_a_problem_never_the_leading_digits() {
    let text = format!(
        "{HEAD}:61:2407080708C1O5,00NTRFNONREF//X1\n:86:/REMI/USTD//F-1/\n:61:2407080708C105,00NTRFNONREF//X2\n"
    );
    let r = read(&text);
    assert_eq!((r.rows_read, r.rows_rejected), (2, 1));
    assert_eq!(r.rows[0].amount, m("105.00"));
    assert_eq!(r.problems[0].source.to_string(), "bank/x.sta:5");
    assert_eq!(r.problems[0].severity, Severity::Error);
    assert!(
        r.problems[0].kind == ProblemKind::SwiftLine(SwiftFlaw::AmountNotNumber("1O5,00".into())),
        "{:?}",
        r.problems[0].kind
    );
}

#[test]
fn letters_typed_around_an_amount_are_no_funds_code_or_type() {
    for line in [
        ":61:2601050105Cl05,00NTRFNONREF",
        ":61:2601050105C1S5,00NTRFNONREF",
        ":61:2601050105C105,N,0NTRFNONREF",
        ":61:2601050105C1 05,00NTRFNONREF",
    ] {
        let r = read(&format!("{HEAD}{line}\n"));
        assert_eq!((r.rows_read, r.rows_rejected), (1, 1), "{line}");
    }
    // The funds code of the statement's currency (EUR: R) is no amount;
    // a space before the type code (Commerzbank) and whole euros
    // without a comma (Knab) are amounts as written.
    for (line, want) in [
        (":61:2601050105CR105,00NTRFNONREF", "105.00"),
        (":61:2103310331C50,00 NTRFNONREF//2109025460313532", "50.00"),
        (
            ":61:1407290729C500NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E",
            "500",
        ),
    ] {
        let r = read(&format!("{HEAD}{line}\n"));
        assert_eq!(r.rows.len(), 1, "{line}: {:?}", r.problems);
        assert_eq!(r.rows[0].amount, m(want), "{line}");
    }
}

#[test]
fn an_account_and_name_opening_free_86_text() {
    let head = HEAD.replace("NL91ABNA0417164300", "NL68INGB0000012345");
    let text = format!(
        "{head}:61:100722C25,03NOV NONREF\n:86:0111111111 ING Bank N.V. inzake TEST\nEJ004GREENP29052010T1137\n\
:61:100722C1,00NOV NONREF\n:86:03-12-2015 16:04 PAS: 1122\nNAAM: POS\n\
:61:130920C384,75N541EREF\n:86:/ACCW/NL54INGB0006752576,INGBNL2A/ORDP//NAME/Hr A B Huibers/REMI/1000122-P5549161\n"
    );
    let r = read(&text);
    assert_eq!(r.rows.len(), 3);
    assert_eq!(
        r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
        Some("0111111111")
    );
    assert_eq!(r.rows[0].counterparty_name, "ING Bank N.V. inzake TEST");
    assert_eq!(r.rows[1].counterparty_iban, None);
    assert_eq!(r.rows[1].counterparty_name, "POS");
    assert_eq!(
        r.rows[2].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL54INGB0006752576")
    );
    assert_eq!(r.rows[2].counterparty_name, "Hr A B Huibers");
    assert_eq!(r.rows[2].description, "1000122-P5549161");
}

#[test]
fn yen_amounts_read_and_refused_as_foreign() {
    let text =
        ":20:A\n:25:1700.59.308JPY\n:60F:C260101JPY0.\n:61:2601050105C00000001560395.NTRFNONREF\n";
    let r = read(text);
    assert_eq!((r.rows_read, r.rows_rejected), (1, 1));
    assert!(
        r.problems[0].kind == ProblemKind::NotEuro("JPY".into()),
        "{:?}",
        r.problems[0].kind
    );
}

#[test]
fn asn_four_spaces_for_the_entry_date() {
    let text = "{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:\n:20:0000000000\n:25:NL53ASNB0781269733\n:28C:1/1\n:60F:C200101EUR100,00\n\
:61:200101    D65,00NOVBNL29INGB0006475121\nj blom\n:86:NL29INGB0006475121 j blom\n                                                                 \nhuur januari\n\
:62F:C200101EUR35,00\n-}{5:}\n";
    let r = read(text);
    assert_eq!((r.rows_read, r.rows_rejected), (1, 0), "{:?}", r.problems);
    let l = &r.rows[0];
    assert_eq!(l.amount, m("-65.00"));
    assert_eq!(l.booking_date, date(2020, 1, 1));
    assert_eq!(
        l.counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL29INGB0006475121")
    );
    assert_eq!(l.counterparty_name, "j blom");
    assert!(l.description.ends_with("huur januari"), "{}", l.description);
}

#[test]
fn knab_reference_is_no_iban_and_bban_names_the_account() {
    let text = "{1:F01KNABNL2HAXXX0000000000}{2:I940KNABNL2HXXXXN3020}{4:\n:20:C0D28MSTE73HKBCM\n:25:NL52KNAB0326203011\n:28C:108/1\n:60F:C220630EUR0,00\n\
:61:2206300630C25,00NTRFNL66RABO01295689//C2F30PGZEG63AX84\n\
:86:/TRTP/SEPA OVERBOEKING/BBAN/53851317/BIC/KNABNL2HXXX/NAME/NAMENAM\nE B.V./REMI/OPNAME\n\
:61:2206300630C10,00NTRFNL66RABO01295689//C2F30PGZEG63AX85\n:86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BBAN/53851317/NAME/X/REMI/Y\n\
:61:2206300630C1,00NTRFNL66RABO01295689//C2F30PGZEG63AX86\n:86:geen tegenrekening\n-}\n";
    let r = read(text);
    assert_eq!(r.rows.len(), 3);
    assert_eq!(
        r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
        Some("53851317")
    );
    assert_eq!(r.rows[0].counterparty_name, "NAMENAME B.V.");
    assert_eq!(
        r.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL91ABNA0417164300")
    );
    assert_eq!(r.rows[2].counterparty_iban, None);
}

#[test]
fn ordering_and_beneficiary_parties_of_older_structured_86() {
    let text = format!(
        "{HEAD}:61:2601050105C75,00NTRFNONREF\n:86:/ORDP/NL91ABNA0417164300/ABNANL2A/J. Jansen/Utrecht/REMI/nota 2026-1\n\
:61:2601050105D12,00NTRFNONREF\n:86:/BENM/Apotheek De Linde/IBAN/NL02RABO0123456789/REMI/x\n\
:61:2601050105C5,00NTRFNONREF\n:86:/EREF/E1/ORDP//NAME/Jane Example/IBAN/NL91ABNA0417164300/REMI/Invoice 77\n"
    );
    let r = read(&text);
    assert_eq!(r.rows.len(), 3);
    assert_eq!(r.rows[0].counterparty_name, "J. Jansen");
    assert_eq!(
        r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL91ABNA0417164300")
    );
    assert_eq!(r.rows[0].description, "nota 2026-1");
    assert_eq!(r.rows[1].counterparty_name, "Apotheek De Linde");
    assert_eq!(
        r.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL02RABO0123456789")
    );
    assert_eq!(r.rows[2].counterparty_name, "Jane Example");
}

#[test]
fn abn_amro_86_cells_are_joined_as_the_tab_export_joins_them() {
    let full = "OMSCHRIJVING: NOTA HZ-2024-58173 21 EN ZIJN NOTAS HZ-2024-5817322";
    assert_eq!(full.len(), 65);
    let text = format!(
        "ABNANL2A\n940\nABNANL2A\n:20:ABN AMRO BANK NV\n:25:517852257\n:28C:19321/1\n:60F:C110522EUR3236,28\n\
:61:2401100110C150,00N541NONREF\n:86:SEPA OVERBOEKING                 IBAN: NL91ABNA0417164300\n\
BIC: ABNANL2A                    NAAM: THUISZORG DE LINDE\n{full}\n\
KENMERK: 26-01-2014 18:14 003000 0735822580\n\
:61:1105240524D9,N192NONREF\n:86:GIRO   428428 KPN BV             BETALINGSKENM.  000000042188659\n\
:61:1105240524D9,N192NONREF\n:86:54.49.42.108 ABC BOOM KK\n-\n"
    );
    let r = read(&text);
    assert_eq!(r.rows.len(), 3);
    let l = &r.rows[0];
    assert_eq!(l.counterparty_name, "THUISZORG DE LINDE");
    assert!(
        l.description
            .contains("HZ-2024-5817321 EN ZIJN NOTAS HZ-2024-5817322 KENMERK:"),
        "{}",
        l.description
    );
    assert!(
        l.description.contains("0030000735822580"),
        "{}",
        l.description
    );
    assert_eq!(r.rows[1].counterparty_name, "KPN BV");
    assert_eq!(
        r.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
        Some("428428")
    );
    assert_eq!(r.rows[2].counterparty_name, "ABC BOOM KK");
    assert_eq!(
        r.rows[2].counterparty_iban.as_ref().map(Iban::as_str),
        Some("544942108")
    );
    // Without the ABN AMRO marks the same full line is free text that
    // wraps at 65 characters, as other banks write it.
    let other = text.replace("ABNANL2A\n940\nABNANL2A\n", "");
    assert!(read(&other).rows[0].description.contains("5817322KENMERK"));
}
