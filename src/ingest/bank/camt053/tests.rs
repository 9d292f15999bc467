//! The CAMT.053 reader on whole statements: batches, returns, references,
//! versions, broken and hostile XML.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::*;
use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::money::Money;
use crate::payment::BankLine;
use crate::problem::Severity;
use crate::problem::{Field, Flaw, ProblemKind};
use crate::source::Loc;

fn m(s: &str) -> Money {
    Money::new(Decimal::from_str_exact(s).unwrap())
}

fn read(xml: &str) -> FileRead<BankLine> {
    parse(&Arc::from("bank/x.xml"), xml)
}

/// A statement for the own account with the given entries.
fn doc(entries: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr>
<Stmt><Id>1</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
{entries}
</Stmt></BkToCstmrStmt></Document>"#
    )
}

fn entry(amount: &str, ind: &str, extra: &str, details: &str) -> String {
    format!(
        r#"<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{ind}</CdtDbtInd>{extra}
<Sts>BOOK</Sts><BookgDt><Dt>2026-01-05</Dt></BookgDt><ValDt><Dt>2026-01-06</Dt></ValDt>
<AcctSvcrRef>REF-{amount}</AcctSvcrRef>{details}</Ntry>"#
    )
}

fn tx(amount: &str, name: &str, iban: &str, rmt: &str) -> String {
    format!(
        r#"<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">{amount}</Amt>
<RltdPties><Dbtr><Nm>{name}</Nm></Dbtr><DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf>{rmt}</RmtInf></TxDtls>"#
    )
}

#[test]
fn detects_xml_statements_only() {
    assert!(detect(&doc("")));
    assert!(detect(
        "\u{feff}  <?xml version=\"1.0\"?><Document><BkToCstmrStmt/></Document>"
    ));
    assert!(!detect(
        "\"Datum\",\"Naam / Omschrijving\",\"BkToCstmrStmt\"\n"
    ));
    assert!(!detect("date,amount\n2026-01-01,10.00\n"));
    assert!(!detect(
        ":20:X\n:25:NL91ABNA0417164300\n:60F:C260101EUR0,00\n"
    ));
}

#[test]
fn batch_entry_becomes_one_line_per_transaction_with_the_same_total() {
    let details = format!(
        "<NtryDtls><Btch><NbOfTxs>3</NbOfTxs></Btch>{}{}{}</NtryDtls>",
        tx(
            "100.00",
            "J. Jansen",
            "NL02RABO0123456789",
            "<Ustrd>factuur F-2026-001</Ustrd>"
        ),
        tx(
            "50.25",
            "P. de Vries",
            "NL20INGB0001234567",
            "<Ustrd>F-2026-002</Ustrd>"
        ),
        tx(
            "20.00",
            "A. Bakker",
            "NL44RABO0123456780",
            "<Ustrd>F-2026-003</Ustrd>"
        ),
    );
    let r = read(&doc(&entry("170.25", "CRDT", "", &details)));
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.rows.len(), 3);
    assert_eq!(r.rows_read, 3);
    let total: Money = r.rows.iter().map(|l| l.amount).sum();
    assert_eq!(total, m("170.25"));
    assert_eq!(r.rows[1].amount, m("50.25"));
    assert_eq!(r.rows[1].counterparty_name, "P. de Vries");
    assert_eq!(
        r.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
        Some("NL20INGB0001234567")
    );
    assert_eq!(r.rows[2].description, "F-2026-003");
    // Numbered by transaction within the file.
    let locs: Vec<Loc> = r.rows.iter().map(|l| l.source.loc.clone()).collect();
    assert_eq!(locs, vec![Loc::Entry(1), Loc::Entry(2), Loc::Entry(3)]);
    assert!(r.rows.iter().all(|l| l.references.is_empty()));
    assert!(r.rows.iter().all(|l| l.account == "NL91ABNA0417164300"));
}

#[test]
fn batch_that_does_not_add_up_keeps_the_entry_total_with_a_warning() {
    let details = format!(
        "<NtryDtls>{}{}</NtryDtls>",
        tx("100.00", "A", "NL02RABO0123456789", ""),
        tx("50.00", "B", "NL20INGB0001234567", ""),
    );
    let r = read(&doc(&entry("155.00", "CRDT", "", &details)));
    assert_eq!(r.rows.len(), 2);
    assert_eq!(r.rows.iter().map(|l| l.amount).sum::<Money>(), m("155.00"));
    assert_eq!(r.rows[1].amount, m("55.00"));
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].severity, Severity::Warning);
    assert!(
        matches!(r.problems[0].kind, ProblemKind::BatchDifference { .. }),
        "{:?}",
        r.problems
    );
}

#[test]
fn batch_without_amounts_is_one_payment() {
    let bare = |n: &str| {
        format!(
            "<TxDtls><RltdPties><Dbtr><Nm>{n}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>nota {n}</Ustrd></RmtInf></TxDtls>"
        )
    };
    let details = format!("<NtryDtls>{}{}</NtryDtls>", bare("A"), bare("B"));
    let r = read(&doc(&entry("80.00", "CRDT", "", &details)));
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].amount, m("80.00"));
    assert_eq!(r.rows[0].description, "nota A nota B");
    assert_eq!(r.problems[0].severity, Severity::Warning);
}

#[test]
fn one_missing_amount_in_a_batch_takes_the_rest() {
    let details = format!(
        "<NtryDtls>{}<TxDtls><RmtInf><Ustrd>x</Ustrd></RmtInf></TxDtls></NtryDtls>",
        tx("30.00", "A", "NL02RABO0123456789", "")
    );
    let r = read(&doc(&entry("100.00", "DBIT", "", &details)));
    let amounts: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, vec![m("-30.00"), m("-70.00")]);
}

#[test]
fn reversal_indicator_and_return_info_mark_returns() {
    let rtr = r#"<NtryDtls><TxDtls><Refs><EndToEndId>E2E-9</EndToEndId></Refs>
<RltdPties><Cdtr><Nm>Client</Nm></Cdtr><CdtrAcct><Id><IBAN>NL02RABO0123456789</IBAN></Id></CdtrAcct></RltdPties>
<RtrInf><Rsn><Cd>MD06</Cd></Rsn><AddtlInf>terugboeking</AddtlInf></RtrInf></TxDtls></NtryDtls>"#;
    let xml = doc(&format!(
        "{}{}",
        entry("25.00", "DBIT", "<RvslInd>true</RvslInd>", ""),
        entry("40.00", "DBIT", "<RvslInd>false</RvslInd>", rtr)
    ));
    let r = read(&xml);
    assert_eq!(r.rows.len(), 2);
    assert_eq!(r.rows[0].return_info.as_deref(), Some("reversal"));
    assert_eq!(r.rows[0].amount, m("-25.00"));
    assert_eq!(r.rows[1].return_info.as_deref(), Some("MD06"));
    assert_eq!(r.rows[1].counterparty_name, "Client");
    assert_eq!(*r.rows[1].references, ["E2E-9"]);
    assert_eq!(r.rows[1].description, "terugboeking");
}

#[test]
fn structured_creditor_references_are_taken() {
    let strd = |issr: &str, r: &str| {
        format!(
            "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>{issr}</Issr></Tp><Ref>{r}</Ref></CdtrRefInf></Strd>"
        )
    };
    let details = format!(
        "<NtryDtls>{}</NtryDtls>",
        tx(
            "12.00",
            "A",
            "NL02RABO0123456789",
            &strd("CUR", "5000056789012345")
        )
    );
    let details2 = format!(
        "<NtryDtls>{}</NtryDtls>",
        tx(
            "13.00",
            "B",
            "NL02RABO0123456789",
            &strd("ISO", "RF18539007547034")
        )
    );
    let r = read(&doc(&format!(
        "{}{}",
        entry("12.00", "CRDT", "", &details),
        entry("13.00", "CRDT", "", &details2)
    )));
    assert_eq!(*r.rows[0].references, ["5000056789012345"]);
    assert_eq!(*r.rows[1].references, ["RF18539007547034"]);
    assert_eq!(r.rows[0].bank_reference.as_deref(), Some("REF-12.00"));
}

#[test]
fn version_8_date_times_other_ids_and_prefixed_names_read_the_same() {
    let xml = r#"<?xml version="1.0"?>
<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><c:BkToCstmrStmt>
<c:Stmt><c:Acct><c:Id><c:Othr><c:Id>NL91 ABNA 0417 1643 00</c:Id></c:Othr></c:Id></c:Acct>
<c:Ntry><c:Amt Ccy="EUR">8.850</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts><c:Cd>BOOK</c:Cd></c:Sts>
<c:BookgDt><c:DtTm>2014-12-31T23:15:00+01:00</c:DtTm></c:BookgDt>
<c:NtryDtls><c:TxDtls><c:Amt Ccy="SEK">0</c:Amt>
<c:RltdPties><c:Dbtr><c:Pty><c:Nm>Jansen &amp; Zn</c:Nm></c:Pty></c:Dbtr>
<c:DbtrAcct><c:Id><c:Othr><c:Id>123456789</c:Id></c:Othr></c:Id></c:DbtrAcct></c:RltdPties>
</c:TxDtls></c:NtryDtls></c:Ntry></c:Stmt></c:BkToCstmrStmt></c:Document>"#;
    let r = read(xml);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let l = &r.rows[0];
    assert_eq!(l.account, "NL91ABNA0417164300");
    assert_eq!(
        l.booking_date,
        chrono::NaiveDate::from_ymd_opt(2014, 12, 31).unwrap()
    );
    assert_eq!(l.value_date, None);
    // One transaction: the entry amount, whatever its own Amt says.
    assert_eq!(l.amount, m("8.850"));
    assert_eq!(l.amount.decimal().scale(), 3);
    assert_eq!(l.counterparty_name, "Jansen & Zn");
    assert_eq!(
        l.counterparty_iban.as_ref().map(Iban::as_str),
        Some("123456789")
    );
}

#[test]
fn truncated_xml_keeps_what_was_read_and_says_where() {
    let full = doc(&format!(
        "{}{}",
        entry("10.00", "CRDT", "", ""),
        entry("20.00", "CRDT", "", "")
    ));
    let cut = &full[..full.find("20.00</Amt>").unwrap() + 5];
    let r = read(cut);
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].amount, m("10.00"));
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].severity, Severity::Error);
    assert!(matches!(r.problems[0].source.loc, Loc::Line(n) if n > 1));
    assert_eq!(r.rows_rejected, 1);
    assert_eq!(r.rows_read, 2);

    let broken = full.replace("<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>CRDT</Cdt>");
    let r = read(&broken);
    assert!(r.rows.is_empty());
    assert_eq!(r.problems.len(), 1);
    assert!(
        matches!(
            r.problems[0].kind,
            ProblemKind::XmlBroken {
                why: XmlBreak::Malformed { .. },
                ..
            }
        ),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_nested_entry_rejects_the_outer_one_never_silently() {
    let outer = r#"<Ntry><Amt Ccy="EUR">7.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"#;
    let r = read(&doc(&format!(
        "{outer}{}</Ntry>{}",
        entry("5.00", "DBIT", "", ""),
        entry("3.00", "CRDT", "", "")
    )));
    let amounts: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [m("-5.00"), m("3.00")]);
    assert_eq!((r.rows_read, r.rows_rejected), (3, 1));
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    let p = &r.problems[0];
    assert_eq!(
        (&p.kind, p.value.as_str()),
        (&ProblemKind::EntryNested, "7.00")
    );
    assert_eq!(p.source.loc, Loc::Entry(1));
    assert_eq!(r.rows[1].source.loc, Loc::Entry(3));
}

#[test]
fn an_amount_beyond_the_bound_is_a_problem_not_a_panic() {
    let huge = "79228162514264337593543950335";
    let big_batch = entry(
        "10.00",
        "CRDT",
        "",
        &format!(
            "<NtryDtls>{}{}</NtryDtls>",
            tx(huge, "A", "NL91ABNA0417164300", "x"),
            tx(huge, "B", "NL91ABNA0417164300", "y")
        ),
    );
    let r = read(&doc(&format!("{}{big_batch}", entry(huge, "CRDT", "", ""))));
    // The huge entry is rejected; the batch with huge details stays
    // one line of its entry amount.
    let amounts: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [m("10.00")]);
    assert_eq!(r.rows_rejected, 1);
    let too_large = ProblemKind::Unreadable {
        field: Field::Amount,
        flaw: Flaw::AmountTooLarge,
    };
    assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
    assert!(r.problems.iter().all(|p| p.kind == too_large));
}

#[test]
fn foreign_currency_and_unbooked_entries_are_problems_not_payments() {
    let usd = entry("10.00", "CRDT", "", "").replace("Ccy=\"EUR\"", "Ccy=\"USD\"");
    let pending = entry("30.00", "CRDT", "", "").replace(">BOOK<", ">PDNG<");
    let r = read(&doc(&format!(
        "{usd}{pending}{}",
        entry("5.00", "DBIT", "", "")
    )));
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].amount, m("-5.00"));
    assert_eq!(r.rows[0].source.loc, Loc::Entry(3));
    assert_eq!(r.problems.len(), 2);
    assert_eq!(r.problems[0].severity, Severity::Error);
    assert_eq!(r.problems[0].kind, ProblemKind::NotEuro("USD".into()));
    assert_eq!(r.problems[1].severity, Severity::Warning);
    assert_eq!(
        r.problems[1].kind,
        ProblemKind::EntryNotBooked("PDNG".into())
    );
    assert_eq!(r.rows_rejected, 1);
    assert_eq!(r.rows_read, 2);
}

#[test]
fn cut_names_are_completed_from_additional_entry_info() {
    let details = format!(
        "<NtryDtls>{}</NtryDtls><AddtlNtryInf>/TRTP/SEPA OVERBOEKING/IBAN/NL02RABO0123456789/BIC/RABONL2U/NAME/Stichting Thuiszorg Oost Nederland/REMI/nota 2026-17/EREF/NOTPROVIDED</AddtlNtryInf>",
        tx(
            "10.00",
            "Stichting Thuiszorg Oost",
            "NL02RABO0123456789",
            ""
        )
    );
    let r = read(&doc(&entry("10.00", "CRDT", "", &details)));
    assert_eq!(
        r.rows[0].counterparty_name,
        "Stichting Thuiszorg Oost Nederland"
    );
    assert_eq!(r.rows[0].description, "nota 2026-17");
}

#[test]
fn entry_without_details_is_one_line_from_its_own_fields() {
    let r = read(&doc(&entry(
        "7.50",
        "DBIT",
        "",
        "<AddtlNtryInf>Kosten betalingsverkeer</AddtlNtryInf>",
    )));
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].amount, m("-7.50"));
    assert_eq!(r.rows[0].description, "Kosten betalingsverkeer");
    assert_eq!(
        r.rows[0].value_date,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 6)
    );
}

/// 2.6 MB nested 200,000 deep once took 55 s, the square of the
/// depth. Past [`MAX_DEPTH`] the file is a problem at once; the entries
/// before the deep part still count.
#[test]
fn nesting_beyond_the_limit_is_a_problem_not_a_slow_read() {
    let entry = "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
                 <BookgDt><Dt>2026-10-01</Dt></BookgDt></Ntry>";
    let depth = 200_000;
    let text = format!(
        "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\
         <BkToCstmrStmt><Stmt>{entry}\n{}{}</Stmt></BkToCstmrStmt></Document>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    assert!(detect(&text));
    let path: Arc<str> = Arc::from("bank/deep.xml");
    let r = parse(&path, &text);
    assert_eq!(r.rows.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems.len(), 1);
    let p = &r.problems[0];
    assert!(
        matches!(
            p.kind,
            ProblemKind::XmlBroken {
                why: XmlBreak::TooDeep { limit: 64, line: 3 },
                ..
            }
        ),
        "{:?}",
        p.kind
    );
    assert_eq!(p.source.to_string(), "bank/deep.xml:3");
    // Just within the limit the file is read as usual.
    let ok = format!(
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt>{entry}{}{}</Stmt></BkToCstmrStmt></Document>",
        "<a>".repeat(MAX_DEPTH - 3),
        "</a>".repeat(MAX_DEPTH - 3)
    );
    let r = parse(&path, &ok);
    assert_eq!((r.rows.len(), r.problems.len()), (1, 0), "{:?}", r.problems);
}
