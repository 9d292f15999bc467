//! Spreadsheets as offices save them. Bank exports saved as workbooks,
//! HTML pages and Excel 2003 XML are read by their bank's reader; ABN AMRO's xls download is read as its
//! TAB export; a workbook protected with a password is one problem that
//! says so, in every folder. Fixtures: `fixtures/sheets/make_office_fixtures.py`.

use std::sync::Arc;

use rust_xlsxwriter::Workbook;
use zorgrecon::config::Policy;
use zorgrecon::ingest::{bank, register, specs};
use zorgrecon::money::Money;
use zorgrecon::problem::{ProblemKind, Refusal, XmlBreak};
use zorgrecon::report::{Lang, text};

fn fixture(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/sheets")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn demo(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/demo")
        .join(name);
    std::fs::read(p).unwrap()
}

fn eur(cents: i64) -> Money {
    Money::from_cents(cents)
}

#[test]
fn abnamro_xls_download_is_read_as_its_tab_export() {
    let path: Arc<str> = Arc::from("bank/abnamro.xls");
    let r = bank::read(&path, &fixture("abnamro.xls"));
    assert_eq!(r.format, "abnamro-xls");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!((r.rows_read, r.rows_rejected), (3, 0));
    let amounts: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
    assert_eq!(amounts, [eur(70000), eur(-2550), eur(61500)]);
    let first = &r.rows[0];
    assert_eq!(first.source.to_string(), "bank/abnamro.xls:Sheet0!2");
    assert_eq!(
        first.counterparty_iban.as_ref().map(|i| i.as_str()),
        Some("NL91ABNA0417164300")
    );
    assert_eq!(&*first.counterparty_name, "J. DE VRIES");
    assert!(
        first.description.contains("F-2026-001"),
        "{}",
        first.description
    );
    assert_eq!(
        first.booking_date,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
    );
    let third = &r.rows[2];
    assert_eq!(&*third.counterparty_name, "P. JANSEN");
    assert!(
        third.description.contains("F-2026-002"),
        "{}",
        third.description
    );
}

/// The demo's ING export as Excel saves it after opening the CSV: dates
/// `yyyymmdd` and amounts turned into numbers, the rest text.
fn ing_as_workbook() -> Vec<u8> {
    let text = String::from_utf8(demo("bank/ing-2026-10.csv")).unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, field) in line.split("\";\"").enumerate() {
            let f = field.trim_matches('"');
            let number = f
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|_| r > 0 && [0, 6, 9].contains(&c));
            match number {
                Some(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                None => ws.write_string(r as u32, c as u16, f).unwrap(),
            };
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_csv_export_saved_as_xlsx_or_html_reads_as_the_csv() {
    let csv_path: Arc<str> = Arc::from("bank/ing.csv");
    let csv = bank::read(&csv_path, &demo("bank/ing-2026-10.csv"));
    let path: Arc<str> = Arc::from("bank/ing.xlsx");
    let xlsx = bank::read(&path, &ing_as_workbook());
    assert_eq!(xlsx.format, format!("{}-xlsx", csv.format));
    assert_eq!(xlsx.rows.len(), csv.rows.len());
    assert!(xlsx.rows.len() > 5);
    for (a, b) in xlsx.rows.iter().zip(&csv.rows) {
        assert_eq!(a.id, b.id, "same line, same id");
        assert_eq!((a.amount, a.booking_date), (b.amount, b.booking_date));
        assert_eq!(a.counterparty_iban, b.counterparty_iban);
        assert_eq!(a.description, b.description);
    }
    assert_eq!(xlsx.rows[0].source.to_string(), "bank/ing.xlsx:Sheet1!2");

    // The same lines as an HTML table (a portal's ".xls").
    let text = String::from_utf8(demo("bank/ing-2026-10.csv")).unwrap();
    let mut html = String::from("<html><body><table>\n");
    for line in text.lines() {
        html.push_str("<tr>");
        for f in line.split("\";\"") {
            let f = f.trim_matches('"').replace('&', "&amp;");
            html.push_str(&format!("<td>{f}</td>"));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table></body></html>\n");
    let path: Arc<str> = Arc::from("bank/ing.xls");
    let h = bank::read(&path, html.as_bytes());
    assert_eq!(h.format, format!("{}-html", csv.format));
    let amounts = |r: &zorgrecon::ingest::FileRead<zorgrecon::payment::BankLine>| {
        r.rows.iter().map(|l| l.amount).collect::<Vec<_>>()
    };
    assert_eq!(amounts(&h), amounts(&csv));
    assert_eq!(h.rows[1].source.to_string(), "bank/ing.xls:Table1!3");
}

#[test]
fn a_workbook_without_a_bank_export_is_one_problem() {
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "Kasboek").unwrap();
    let path: Arc<str> = Arc::from("bank/kas.xlsx");
    let r = bank::read(&path, &wb.save_to_buffer().unwrap());
    assert_eq!(r.format, "xlsx");
    assert_eq!(r.problems.len(), 1);
    assert!(
        matches!(
            r.problems[0].kind,
            ProblemKind::FileRefused(Refusal::NoBankSheet { .. })
        ),
        "{:?}",
        r.problems
    );
}

#[test]
fn a_workbook_protected_with_a_password_says_so_in_every_folder() {
    let policy = Policy::default();
    for name in ["protected.xlsx", "protected.xls"] {
        let bytes = fixture(name);
        let path: Arc<str> = Arc::from(format!("x/{name}"));
        let problems = [
            bank::read(&path, &bytes).problems,
            register::read(&path, &bytes).problems,
            specs::read(&path, &bytes, &policy).problems,
        ];
        for p in problems {
            assert_eq!(p.len(), 1, "{name}: {p:?}");
            assert_eq!(
                p[0].kind,
                ProblemKind::FileRefused(Refusal::PasswordProtected),
                "{name}: {p:?}"
            );
            let en = text::problem(&p[0].kind, Lang::En);
            assert!(en.contains("save a copy without a password"), "{en}");
            assert_eq!(p[0].source.to_string(), format!("x/{name}"));
        }
    }
}

/// The shapes of `examples/pathological.rs` through the front door. Each beyond a limit is one problem that names the limit;
/// those within are read. No timing here: the benchmark measures that.
#[test]
fn hostile_shapes_are_refused_with_a_message() {
    let path: Arc<str> = Arc::from("x/hostile");
    let camt = format!(
        "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\
         <BkToCstmrStmt><Stmt>{}{}</Stmt></BkToCstmrStmt></Document>",
        "<a>".repeat(200_000),
        "</a>".repeat(200_000)
    );
    let r = bank::read(&path, camt.as_bytes());
    assert_eq!(r.format, "camt053");
    assert!(
        matches!(
            r.problems[0].kind,
            ProblemKind::XmlBroken {
                why: XmlBreak::TooDeep { limit: 64, .. },
                ..
            }
        ),
        "{:?}",
        r.problems
    );

    let html = "<html><body>".to_string() + &"<table><tr><td>".repeat(100_000);
    let r = register::read(&path, html.as_bytes());
    assert_eq!(r.format, "html");
    let deep = ProblemKind::FileRefused(Refusal::NestedTooDeep { limit: 16 });
    assert_eq!(r.problems[0].kind, deep);
    let r = bank::read(&path, html.as_bytes());
    assert_eq!(r.problems[0].kind, deep);

    let xml = "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet><Table><Row><Cell><Data>"
        .to_string()
        + &"<B>".repeat(100_000);
    let r = specs::read(&path, xml.as_bytes(), &Policy::default());
    assert_eq!(r.format, "spreadsheetml");
    assert_eq!(
        r.problems[0].kind,
        ProblemKind::FileRefused(Refusal::NestedTooDeep { limit: 64 })
    );

    // Deep inline markup in an HTML cell keeps no stack: it is read.
    let page = "<table><tr><td>Factuurnummer</td><td>Vergoed</td></tr><tr><td>F-1</td><td>"
        .to_string()
        + &"<span><b>".repeat(100_000)
        + "12,50";
    let r = specs::read(&path, page.as_bytes(), &Policy::default());
    assert_eq!(r.format, "html");
    assert_eq!(r.rows_read, 1);
}

#[test]
fn a_bank_sheet_may_have_title_rows_above_its_header() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Transacties").unwrap();
    ws.write_string(0, 0, "Rekeningoverzicht NL20INGB0001234567")
        .unwrap();
    ws.write_string(1, 0, "Periode: oktober 2026").unwrap();
    let text = String::from_utf8(demo("bank/ing-2026-10.csv")).unwrap();
    for (r, line) in text.lines().enumerate() {
        for (c, f) in line.split("\";\"").enumerate() {
            ws.write_string(r as u32 + 3, c as u16, f.trim_matches('"'))
                .unwrap();
        }
    }
    let path: Arc<str> = Arc::from("bank/ing.xlsx");
    let r = bank::read(&path, &wb.save_to_buffer().unwrap());
    let csv = bank::read(&path, text.as_bytes());
    assert_eq!(r.format, format!("{}-xlsx", csv.format));
    assert_eq!(r.rows.len(), csv.rows.len());
    assert_eq!(r.rows[0].source.to_string(), "bank/ing.xlsx:Transacties!5");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}
