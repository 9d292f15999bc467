//! Integration tests: the report writer on a hand-built ledger and
//! reconciliation with every invoice and payment status. They check the
//! files' headers, formula escaping, the summary's checks, the workbook as
//! calamine reads it back (sheets, headers, euro-formatted numbers, dates,
//! totals) and that two writes give the same bytes.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use zorgrecon::config::Policy;
use zorgrecon::ident::Iban;
use zorgrecon::ingest::bank::balance::{BalanceCheck, BalanceStatus, BalanceUnit};
use zorgrecon::ingest::{FileReport, InputKind};
use zorgrecon::invoice::InvoiceRow;
use zorgrecon::ledger::Ledger;
use zorgrecon::money::Money;
use zorgrecon::note::{Fact, FitKind, Mention, Note, Suggested};
use zorgrecon::outcome::{
    Allocation, InvoiceOutcome, InvoiceStatus, PaymentOutcome, PaymentStatus, Reconciliation, Rule,
};
use zorgrecon::own_accounts::NamedAccount;
use zorgrecon::payment::BankLine;
use zorgrecon::problem::{Field, Flaw, Problem, ProblemKind};
use zorgrecon::report::{Lang, ReportInput, write_all};
use zorgrecon::source::Source;
use zorgrecon::spec::SpecLine;

use crate::support::{cell_text, office_convert, run_demo, soffice};

const HYPERLINK: &str = "=HYPERLINK(\"http://x\")";
const DDE: &str = "+cmd|' /C calc'!A0";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn eur(s: &str) -> Money {
    s.parse().unwrap()
}

fn as_of() -> NaiveDate {
    date(2026, 3, 31)
}

/// Hand-built inputs and decisions.
struct Fixture {
    policy: Policy,
    ledger: Ledger,
    recon: Reconciliation,
    files: Vec<FileReport>,
    problems: Vec<Problem>,
}

struct Inv<'a> {
    number: &'a str,
    name: &'a str,
    status: InvoiceStatus,
    net: &'a str,
    paid: &'a str,
    reimbursed: Option<&'a str>,
    coulance: &'a str,
    days_overdue: i64,
}

fn invoice(i: &Inv<'_>) -> InvoiceOutcome {
    let net = eur(i.net);
    let paid = eur(i.paid);
    let invoice_date = date(2026, 1, 15);
    InvoiceOutcome {
        number: i.number.into(),
        client_id: format!("C{}", &i.number[2..]),
        client_name: i.name.into(),
        insurer: Some("Zilveren Kruis".into()),
        invoice_date,
        due_date: date(2026, 2, 14),
        amount: net,
        credited: Money::ZERO,
        net,
        paid,
        paid_by_insurer: Money::ZERO,
        reimbursed: i.reimbursed.map(eur),
        deductible: i.reimbursed.map(|_| Money::ZERO),
        required: i.reimbursed.map(eur),
        floor_applied: false,
        status: i.status,
        coulance: eur(i.coulance),
        outstanding: net - paid,
        days_overdue: i.days_overdue,
        payments: vec![],
        specifications: i.reimbursed.map_or(vec![], |_| vec!["D-900".into()]),
        reason: zorgrecon::reason::Why::Paid { paid, net }.into(),
        agent: None,
        agent_reference: None,
    }
}

fn bank_line(n: u64, path: &Arc<str>, amount: &str, name: &str, description: &str) -> BankLine {
    BankLine {
        id: format!("P20260301-{n:012}").into(),
        counterparty_iban: Iban::parse("NL20INGB0001234567"),
        counterparty_name: name.into(),
        description: description.into(),
        ..BankLine::booked(
            Source::line(path, n + 1),
            "NL91ABNA0417164300",
            date(2026, 3, 1),
            eur(amount),
        )
    }
}

fn decided(
    line: usize,
    status: PaymentStatus,
    rule: Rule,
    allocations: &[(&str, &str)],
    unallocated: &str,
    note: Note,
) -> PaymentOutcome {
    PaymentOutcome {
        line,
        status,
        rule,
        allocations: allocations
            .iter()
            .map(|(invoice, amount)| Allocation {
                invoice: (*invoice).into(),
                amount: eur(amount),
            })
            .collect(),
        unallocated: eur(unallocated),
        note,
    }
}

/// The note of rule 2 naming one invoice.
fn named(invoice: &str) -> Note {
    Note::of(vec![
        Fact::Named(Mention {
            token: invoice.replace('-', "").as_str().into(),
            invoice: invoice.into(),
            by_payment_reference: false,
        }),
        Fact::WholePayment,
    ])
}

fn fixture() -> Fixture {
    use InvoiceStatus::*;
    let specs = [
        Inv {
            number: "F-1001",
            name: "Jansen",
            status: Overpaid,
            net: "1000.00",
            paid: "1050.00",
            reimbursed: Some("1000.00"),
            coulance: "0",
            days_overdue: 45,
        },
        Inv {
            number: "F-1002",
            name: "de Vries",
            status: Settled,
            net: "400.00",
            paid: "400.00",
            reimbursed: None,
            coulance: "0",
            days_overdue: 45,
        },
        Inv {
            number: "F-1003",
            name: "Bakker",
            status: CoulanceEligible,
            net: "1000.00",
            paid: "700.00",
            reimbursed: Some("700.00"),
            coulance: "300.00",
            days_overdue: 45,
        },
        Inv {
            number: "F-1004",
            name: "Visser",
            status: CoulanceEligible,
            net: "1000.00",
            paid: "699.99",
            reimbursed: Some("700.00"),
            coulance: "300.01",
            days_overdue: 45,
        },
        Inv {
            number: "F-1005",
            name: "Smit",
            status: PartiallyPaid,
            net: "1000.00",
            paid: "315.00",
            reimbursed: Some("700.00"),
            coulance: "0",
            days_overdue: 75,
        },
        Inv {
            number: "F-1006",
            name: "=1+2",
            status: Open,
            net: "250.50",
            paid: "0",
            reimbursed: None,
            coulance: "0",
            days_overdue: 95,
        },
        Inv {
            number: "F-1007",
            name: "Meijer",
            status: Open,
            net: "120.00",
            paid: "0",
            reimbursed: None,
            coulance: "0",
            days_overdue: 0,
        },
    ];
    let mut invoices: Vec<InvoiceOutcome> = specs.iter().map(invoice).collect();
    invoices[0].payments = vec!["P20260301-000000000001".into()];
    invoices[2].payments = vec!["P20260301-000000000002".into()];
    invoices[4].payments = vec![
        "P20260301-000000000003".into(),
        "P20260301-000000000010".into(),
    ];
    invoices[1].amount = eur("500.00");
    invoices[1].credited = eur("100.00");

    let register: Arc<str> = Arc::from("invoices/register.csv");
    let mut register_rows: Vec<InvoiceRow> = invoices
        .iter()
        .enumerate()
        .map(|(n, i)| InvoiceRow {
            source: Source::line(&register, n as u64 + 2),
            number: i.number.clone(),
            client_id: i.client_id.clone(),
            client_name: i.client_name.clone(),
            amount: i.amount,
            invoice_date: i.invoice_date,
            due_date: None,
            insurer: i.insurer.clone(),
            client_ibans: vec![],
            payment_reference: None,
            credit_for: None,
            agent: None,
            contact: Default::default(),
        })
        .collect();
    // A credit note folded into F-1002.
    register_rows.push(InvoiceRow {
        source: Source::line(&register, 9),
        number: "C-1002".into(),
        amount: eur("-100.00"),
        credit_for: Some("F-1002".into()),
        agent: None,
        contact: Default::default(),
        ..register_rows[1].clone()
    });

    let ing: Arc<str> = Arc::from("bank/ing.csv");
    let ing2: Arc<str> = Arc::from("bank/ing2.csv");
    let lines = vec![
        bank_line(1, &ing, "1050.00", "Jansen", "factuur F-1001"),
        bank_line(2, &ing, "700.00", "Bakker", "F-1003"),
        bank_line(3, &ing, "315.00", "Smit", "F-1005"),
        bank_line(4, &ing, "123.45", "Onbekend", HYPERLINK),
        bank_line(5, &ing, "80.00", "M. Meijer", DDE),
        bank_line(6, &ing, "200.00", "Visser", "F-1004"),
        bank_line(7, &ing, "-200.00", "Visser", "retour F-1004"),
        bank_line(8, &ing, "-50.00", "Energie BV", "-maandbedrag"),
        bank_line(9, &ing, "25.00", "Eigen rekening", "overboeking"),
        bank_line(10, &ing, "100.00", "Smit", "F-1005 en rest"),
        bank_line(1, &ing2, "700.00", "Bakker", "F-1003"),
    ];
    let payments = vec![
        decided(
            0,
            PaymentStatus::Allocated,
            Rule::Reference,
            &[("F-1001", "1050.00")],
            "0",
            named("F-1001"),
        ),
        decided(
            1,
            PaymentStatus::Allocated,
            Rule::Reference,
            &[("F-1003", "700.00")],
            "0",
            named("F-1003"),
        ),
        decided(
            2,
            PaymentStatus::Allocated,
            Rule::Reference,
            &[("F-1005", "315.00")],
            "0",
            named("F-1005"),
        ),
        decided(
            3,
            PaymentStatus::Unmatched,
            Rule::Unmatched,
            &[],
            "123.45",
            Note::NothingFitted,
        ),
        decided(
            4,
            PaymentStatus::Suggested,
            Rule::Suggestion,
            &[],
            "80.00",
            Note::of(vec![
                Fact::Suggest {
                    payer: "=Meijer".into(),
                    amount: eur("80.00"),
                    count: 1,
                    fitting: vec![Suggested {
                        invoice: "F-1007".into(),
                        client: "C7".into(),
                        name: "Meijer".into(),
                        kind: FitKind::Need,
                    }]
                    .into(),
                },
                Fact::ForReview,
            ]),
        ),
        decided(
            5,
            PaymentStatus::Reversed,
            Rule::Reversal,
            &[],
            "200.00",
            Note::of(vec![Fact::LoneReturn { reason: None }]),
        ),
        decided(
            6,
            PaymentStatus::Reversed,
            Rule::Reversal,
            &[],
            "-200.00",
            Note::of(vec![Fact::LoneReturn { reason: None }]),
        ),
        decided(
            7,
            PaymentStatus::Ignored,
            Rule::Debit,
            &[],
            "-50.00",
            Note::Debit,
        ),
        decided(
            8,
            PaymentStatus::Ignored,
            Rule::OwnTransfer,
            &[],
            "25.00",
            Note::OwnTransfer,
        ),
        decided(
            9,
            PaymentStatus::Allocated,
            Rule::Reference,
            &[("F-1005", "60.00")],
            "40.00",
            named("F-1005"),
        ),
        decided(
            10,
            PaymentStatus::Duplicate,
            Rule::Duplicate,
            &[],
            "700.00",
            Note::of(vec![Fact::Duplicate {
                first: Source::line(&"bank/ing.csv".into(), 3),
            }]),
        ),
    ];

    let specs_path: Arc<str> = Arc::from("specs/zk.xlsx");
    let spec_lines: Vec<SpecLine> = (0..2)
        .map(|n| SpecLine {
            source: Source::row(&specs_path, "Blad1", n + 2),
            invoice_number: Some(format!("F-100{}", n + 3)),
            declaration_number: Some("D-900".into()),
            insurer: Some("Zilveren Kruis".into()),
            client: None,
            care_date: None,
            declared: None,
            reimbursed: Some(eur("700.00")),
            deductible: None,
            co_payment: None,
            paid_out: None,
            paid_to: None,
            payment_date: None,
        })
        .collect();

    let mut problems = vec![
        Problem::error(
            Source::line(&register, 10),
            ProblemKind::Unreadable {
                field: Field::InvoiceDate,
                flaw: Flaw::NotADate,
            },
            "31-02-2026",
        ),
        Problem::warning(
            Source::cell(&specs_path, "Blad1", 4, 5),
            ProblemKind::PaidToUnknown,
            "-€ 12,50",
        ),
        Problem::warning(
            Source::line(&ing2, 2),
            ProblemKind::SameContent {
                first: "bank/ing.csv".into(),
            },
            "@dup",
        ),
    ];
    problems.sort();
    let file = |path: &str, kind, format: &str, read, rejected| FileReport {
        path: path.into(),
        kind,
        sha256: format!("{:064x}", path.len()),
        format: format.into(),
        rows_read: read,
        rows_rejected: rejected,
        rows_duplicate: 0,
        balances: None,
        coverage: Vec::new(),
    };
    let mut files = vec![
        file("invoices/register.csv", InputKind::Invoices, "csv", 9, 1),
        file("bank/ing.csv", InputKind::Bank, "ing", 10, 0),
        file("bank/ing2.csv", InputKind::Bank, "ing", 1, 0),
        file("specs/zk.xlsx", InputKind::Specs, "xlsx", 2, 0),
    ];
    files[1].coverage = vec![zorgrecon::ingest::bank::coverage::Coverage {
        account: "NL20INGB0001234567".into(),
        first: date(2026, 10, 1),
        last: date(2026, 10, 31),
        starts: Vec::new(),
    }];
    files[1].balances = Some(BalanceCheck {
        status: BalanceStatus::Broken,
        unit: BalanceUnit::Line,
        checked: 9,
        closed: 8,
        broken: 1,
        not_checkable: 0,
    });
    Fixture {
        policy: Policy::default(),
        ledger: Ledger {
            invoices: register_rows,
            bank_lines: lines,
            spec_lines,
            overrides: vec![],
            own_accounts: vec![NamedAccount {
                account: Iban::parse("NL20INGB0001234567").unwrap(),
                file: Arc::from("bank/ing.csv"),
            }],
            decisions: vec![],
            agent_lines: vec![],
        },
        recon: Reconciliation {
            invoices,
            payments,
            problems: vec![],
            ..Reconciliation::default()
        },
        files,
        problems,
    }
}

fn write(fx: &Fixture, lang: Lang) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let input = ReportInput {
        files: &fx.files,
        problems: &fx.problems,
        lang,
        ..ReportInput::of(as_of(), &fx.policy, &fx.ledger, &fx.recon)
    };
    write_all(dir.path(), &input).unwrap();
    dir
}

const FILES: [&str; 17] = [
    "agents.csv",
    "letters.csv",
    "spec_missing.csv",
    "refunds_new.csv",
    "coulance_new.csv",
    "journal_new.csv",
    "changes.csv",
    "clients.csv",
    "decisions.csv",
    "insurers.csv",
    "invoices.csv",
    "payments.csv",
    "exceptions.csv",
    "summary.json",
    "coulance.csv",
    "journal.csv",
    "report.xlsx",
];

/// The records of a CSV file (header excluded) as the csv crate reads them.
fn records(dir: &Path, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(dir.join(name)).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

#[test]
fn writes_every_file_with_the_spec_headers() {
    let fx = fixture();
    let dir = write(&fx, Lang::Nl);
    for f in FILES {
        assert!(dir.path().join(f).is_file(), "{f} missing");
    }
    let first_line = |name: &str| {
        fs::read_to_string(dir.path().join(name))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        first_line("invoices.csv"),
        "invoice_number,client_id,client_name,insurer,invoice_date,due_date,amount,credited,net,\
         paid,reimbursed,deductible,required,status,coulance,outstanding,days_overdue,payments,\
         reason,paid_by_insurer,specifications,agent"
    );
    assert_eq!(
        first_line("payments.csv"),
        "payment_id,source,account,booking_date,amount,counterparty_iban,counterparty_name,\
         description,status,rule,invoices,allocated,unallocated,note"
    );
    assert_eq!(
        first_line("exceptions.csv"),
        "source,severity,code,problem,value"
    );
    assert_eq!(
        first_line("coulance.csv"),
        "invoice_number,client_id,client_name,insurer,invoice_date,net,reimbursed,paid,coulance,specifications,agent,agent_reference"
    );
    assert_eq!(
        first_line("journal.csv"),
        "date,journal,account,debit,credit,amount,invoice_number,description,entry,relation,\
         period,year,kind"
    );
    assert_eq!(
        first_line("agents.csv"),
        "agent,payout,payout_date,statement,lines,received,fees,amount,payment_id,bank_line,\
         paid_out,difference,status,days_in_transit"
    );

    let (h, rows) = records(dir.path(), "invoices.csv");
    assert_eq!(rows.len(), fx.recon.invoices.len());
    // Unknown specification figures stay empty; known ones are plain.
    let settled = &rows[1];
    assert_eq!(settled[column(&h, "reimbursed")], "");
    assert_eq!(settled[column(&h, "required")], "");
    assert_eq!(rows[2][column(&h, "reimbursed")], "700.00");
    assert_eq!(rows[2][column(&h, "invoice_date")], "2026-01-15");
    // Negative money stays a plain number.
    assert_eq!(rows[0][column(&h, "outstanding")], "-50.00");
    assert_eq!(
        rows[4][column(&h, "payments")],
        "P20260301-000000000003;P20260301-000000000010"
    );

    let (h, rows) = records(dir.path(), "payments.csv");
    assert_eq!(rows.len(), fx.ledger.bank_lines.len());
    assert_eq!(rows[0][column(&h, "source")], "bank/ing.csv:2");
    assert_eq!(rows[9][column(&h, "allocated")], "60.00");
    assert_eq!(rows[9][column(&h, "unallocated")], "40.00");
    assert_eq!(rows[9][column(&h, "invoices")], "F-1005");
    assert_eq!(rows[6][column(&h, "amount")], "-200.00");
    assert_eq!(rows[10][column(&h, "status")], "duplicate");

    let (_, rows) = records(dir.path(), "journal.csv");
    assert_eq!(rows.len(), 4, "two lines per write-off");
    assert_eq!(
        rows[0][..6],
        ["2026-03-31", "MEM", "8400", "300.00", "", "300.00"]
    );
    assert_eq!(
        rows[1][..6],
        ["2026-03-31", "MEM", "1300", "", "300.00", "-300.00"]
    );
    assert_eq!(rows[3][6], "F-1004");

    let (_, rows) = records(dir.path(), "coulance.csv");
    let numbers: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["F-1003", "F-1004"]);
}

#[test]
fn formula_looking_text_is_escaped_in_every_csv() {
    let fx = fixture();
    let dir = write(&fx, Lang::Nl);
    let (h, rows) = records(dir.path(), "payments.csv");
    let desc = column(&h, "description");
    assert_eq!(rows[3][desc], format!("'{HYPERLINK}"));
    assert_eq!(rows[4][desc], format!("'{DDE}"));
    assert_eq!(rows[7][desc], "'-maandbedrag");
    // A note is worded by the report: it never starts with the payer's
    // text, and is in the run's language.
    assert_eq!(
        rows[4][column(&h, "note")],
        "de naam van de betaler =Meijer lijkt op de cliënt en het bedrag 80.00 past: \
         F-1007 van C7 (Meijer): wat nog openstaat; ter beoordeling, niets toegepast"
    );
    let (h, rows) = records(dir.path(), "invoices.csv");
    assert_eq!(rows[5][column(&h, "client_name")], "'=1+2");
    let (_, rows) = records(dir.path(), "coulance.csv");
    assert!(rows.iter().all(|r| !r[2].starts_with('=')));
    let (_, rows) = records(dir.path(), "exceptions.csv");
    assert_eq!(rows[0][4], "'@dup");
    assert_eq!(rows[1][0], "invoices/register.csv:10");
    assert_eq!(rows[2][4], "'-€ 12,50");
    // No cell of any CSV starts with a formula character.
    for name in [
        "invoices.csv",
        "payments.csv",
        "exceptions.csv",
        "coulance.csv",
        "journal.csv",
    ] {
        let (h, rows) = records(dir.path(), name);
        for row in rows {
            for (cell, head) in row.iter().zip(&h) {
                let money =
                    ["amount", "outstanding", "unallocated", "allocated"].contains(&head.as_str());
                if !money {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{name} {head}: {cell}"
                    );
                }
            }
        }
    }
}

#[test]
fn summary_json_shows_balanced_checks() {
    let fx = fixture();
    let dir = write(&fx, Lang::Nl);
    let text = fs::read_to_string(dir.path().join("summary.json")).unwrap();
    assert!(text.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["as_of"], "2026-03-31");
    let c = &v["conservation"];
    // Credits: 1050 + 700 + 315 + 123.45 + 80 + 200 + 25 + 100 + 700.
    assert_eq!(c["credits_read"], "3293.45");
    assert_eq!(c["allocated"], "2125.00");
    assert_eq!(c["unallocated"], "243.45");
    assert_eq!(c["ignored"], "25.00");
    assert_eq!(c["duplicate"], "700.00");
    assert_eq!(c["reversed"], "200.00");
    assert_eq!(c["difference"], "0.00");
    assert_eq!(c["balanced"], true);
    assert_eq!(v["rows"]["balanced"], true, "{}", v["rows"]);
    assert_eq!(v["inputs"][1]["kind"], "bank");
    assert_eq!(v["inputs"][1]["rows_read"], 10);
    let by = &v["invoices"]["by_status"];
    let keys: Vec<&str> = by.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 5);
    assert_eq!(by["coulance_eligible"]["count"], 2);
    assert_eq!(by["coulance_eligible"]["coulance"], "600.01");
    assert_eq!(by["open"]["outstanding"], "370.50");
    assert_eq!(
        v["payments"]["by_status"]["reversed"]["debits"]["amount"],
        "-200.00"
    );
    assert_eq!(v["payments"]["by_status"]["ignored"]["credits"]["count"], 1);
    assert_eq!(v["open_by_age"]["90+"]["outstanding"], "250.50");
    assert_eq!(v["open_by_age"]["61-90"]["outstanding"], "685.00");
    // Its one invoice in the first month is not yet due.
    assert_eq!(v["open_by_age"]["not_due"]["count"], 1);
    assert_eq!(v["open_by_age"]["1-30"]["count"], 0);
    assert_eq!(v["problems"]["error"], 1);
    assert_eq!(v["problems"]["warning"], 2);
}

fn open_xlsx(dir: &Path) -> Xlsx<std::io::BufReader<fs::File>> {
    open_workbook(dir.join("report.xlsx")).unwrap()
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The money of a CSV cell in cents (exact), for comparing with a sheet.
fn cents(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    (eur(s).decimal() * rust_decimal::Decimal::from(100))
        .try_into()
        .unwrap()
}

fn f64_cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

#[test]
fn workbook_reads_back_with_numbers_dates_and_totals() {
    let fx = fixture();
    let dir = write(&fx, Lang::Nl);
    let mut wb = open_xlsx(dir.path());
    let names = wb.sheet_names();
    assert_eq!(
        names,
        [
            "Samenvatting",
            "Te veel betaald",
            "Voldaan",
            "Coulance mogelijk",
            "Deels betaald",
            "Open",
            "Coulancelijst",
            "Per cliënt",
            "Specificatie ontbreekt",
            "Per verzekeraar",
            "Incassobureau",
            "Brieven",
            "Betalingen te beoordelen",
            "Teruggeboekt en dubbel",
            "Beslissingen",
            "Invoerproblemen",
        ]
    );

    let (h, csv_rows) = records(dir.path(), "invoices.csv");
    let status_col = column(&h, "status");
    let net_col = column(&h, "net");
    let status_sheets = [
        ("overpaid", "Te veel betaald"),
        ("settled", "Voldaan"),
        ("coulance_eligible", "Coulance mogelijk"),
        ("partially_paid", "Deels betaald"),
        ("open", "Open"),
    ];
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (status, sheet) in status_sheets {
        let range = wb.worksheet_range(sheet).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let header: Vec<String> = rows[0].iter().map(cell_text).collect();
        assert_eq!(header[0], "Factuurnummer");
        assert_eq!(header[4], "Factuurdatum");
        assert_eq!(header[9], "Netto");
        assert_eq!(header.len(), 23);
        // The agent after the specifications, as in invoices.csv.
        assert_eq!(header[19], "Incassobureau");
        // The accountant's column comes just before the reason, which is
        // last so that a long reason spills over no cell typed in: on the
        // overpaid sheet the refund hold, elsewhere the write-off hold.
        let editable = if status == "overpaid" {
            "Terugbetalen"
        } else {
            "Afboeken"
        };
        assert_eq!(header[20], editable);
        // Where a decision pre-filled there came from.
        assert_eq!(header[21], "Vooraf ingevuld uit");
        assert_eq!(header[22], "Toelichting");
        let expected: Vec<&Vec<String>> = csv_rows
            .iter()
            .filter(|r| r[status_col] == status)
            .collect();
        let data = &rows[1..rows.len() - 1];
        assert_eq!(data.len(), expected.len(), "{sheet}");
        for row in data {
            *seen.entry(cell_text(&row[0])).or_insert(0) += 1;
            assert!(matches!(row[4], Data::DateTime(_)), "{sheet}: {:?}", row[4]);
        }
        // The totals row holds the sum of invoices.csv for this status.
        let totals = rows[rows.len() - 1];
        assert_eq!(cell_text(&totals[0]), "Totaal");
        let want: i64 = expected.iter().map(|r| cents(&r[net_col])).sum();
        assert_eq!(f64_cents(number(&totals[9])), want, "{sheet}");
        let got: i64 = data.iter().map(|r| f64_cents(number(&r[9]))).sum();
        assert_eq!(got, want, "{sheet}");
        // Totals are formulas.
        let formulas = wb.worksheet_formula(sheet).unwrap();
        let f = formulas
            .get_value((rows.len() as u32 - 1, 9))
            .cloned()
            .unwrap_or_default();
        assert!(f.starts_with("SUM(J2:J"), "{sheet}: {f}");
    }
    assert_eq!(seen.len(), fx.recon.invoices.len());
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");

    // Money cells carry the euro format; the date cells a date format.
    let style = wb.worksheet_style("Coulance mogelijk").unwrap();
    let money_format = style
        .get((1, 9))
        .and_then(|s| s.number_format.as_ref())
        .map(|n| n.format_code.clone())
        .unwrap_or_default();
    assert!(money_format.contains('€'), "{money_format}");
    let range = wb.worksheet_range("Coulance mogelijk").unwrap();
    assert!(matches!(range.get_value((1, 9)), Some(Data::Float(_))));

    // The write-off list totals what coulance.csv lists.
    let (_, coulance_rows) = records(dir.path(), "coulance.csv");
    let want: i64 = coulance_rows.iter().map(|r| cents(&r[8])).sum();
    let range = wb.worksheet_range("Coulancelijst").unwrap();
    let last = range.height() as u32 - 1;
    assert_eq!(f64_cents(number(range.get_value((last, 8)).unwrap())), want);
    assert_eq!(want, 60001);
    let formulas = wb.worksheet_formula("Coulancelijst").unwrap();
    assert_eq!(
        formulas.get_value((last, 8)).cloned().unwrap_or_default(),
        "SUM(I2:I3)"
    );

    // Bank text is a string, never a formula. The review sheet lists what
    // needs a decision; reversed pairs and duplicates have their own sheet.
    let mut descriptions = Vec::new();
    let mut statuses = Vec::new();
    for sheet in ["Betalingen te beoordelen", "Teruggeboekt en dubbel"] {
        let range = wb.worksheet_range(sheet).unwrap();
        descriptions.extend(range.rows().skip(1).map(|r| cell_text(&r[7])));
        statuses.push(
            range
                .rows()
                .skip(1)
                .map(|r| cell_text(&r[0]))
                .filter(|s| !s.is_empty() && s != "Totaal")
                .collect::<Vec<_>>(),
        );
        let formulas = wb.worksheet_formula(sheet).unwrap();
        let (r0, c0) = formulas.start().unwrap_or_default();
        let cells: Vec<(u32, u32)> = formulas
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .map(|(r, c, _)| (r0 + r as u32, c0 + c as u32))
            .collect();
        let last = range.height() as u32 - 1;
        assert_eq!(
            cells,
            [(last, 4), (last, 10)],
            "{sheet}: only the totals are formulas"
        );
    }
    assert!(
        descriptions.contains(&HYPERLINK.to_string()),
        "{descriptions:?}"
    );
    assert!(descriptions.contains(&DDE.to_string()));
    assert!(
        statuses[0]
            .iter()
            .all(|s| s == "niet gevonden" || s == "voorstel"),
        "{statuses:?}"
    );
    assert_eq!(statuses[0][..2], ["niet gevonden", "voorstel"]);
    assert_eq!(statuses[1][..3], ["gestorneerd", "gestorneerd", "dubbel"]);

    // The summary shows the same totals as invoices.csv and the check.
    let range = wb.worksheet_range("Samenvatting").unwrap();
    let find = |label: &str| {
        range
            .rows()
            .position(|r| cell_text(&r[0]) == label)
            .unwrap_or_else(|| panic!("no {label}"))
    };
    let r = find("Coulance mogelijk");
    assert_eq!(number(&range.rows().nth(r).unwrap()[1]), 2.0);
    let all_net: i64 = csv_rows.iter().map(|r| cents(&r[net_col])).sum();
    let r = find("Totaal");
    assert_eq!(f64_cents(number(&range.rows().nth(r).unwrap()[2])), all_net);
    let r = find("Sluit");
    assert_eq!(cell_text(&range.rows().nth(r).unwrap()[1]), "ja");
    let r = find("bank/ing.csv");
    assert_eq!(number(&range.rows().nth(r).unwrap()[3]), 10.0);
    // The balance check per bank file, below the inputs: the file again,
    // its outcome and counts; then the own accounts and where they came from.
    let again = range
        .rows()
        .skip(r + 1)
        .position(|row| cell_text(&row[0]) == "bank/ing.csv")
        .map(|k| k + r + 1)
        .expect("the balance check lists bank/ing.csv");
    let row = range.rows().nth(again).unwrap();
    assert_eq!(cell_text(&row[1]), "NIET sluitend");
    assert_eq!(cell_text(&row[2]), "bankregel");
    assert_eq!((number(&row[3]), number(&row[5])), (9.0, 1.0));
    let next = range.rows().nth(again + 1).unwrap();
    assert_eq!(cell_text(&next[1]), "geen saldi in het bestand");
    // The dates each bank file covers: account, file, first and last
    // booking date as dates; then the own accounts.
    let covered = find("NL20INGB0001234567");
    let row = range.rows().nth(covered).unwrap();
    assert_eq!(cell_text(&row[1]), "bank/ing.csv");
    assert!(
        matches!((&row[2], &row[3]), (Data::DateTime(_), Data::DateTime(_))),
        "{row:?}"
    );
    let heading = range.rows().nth(covered - 2).unwrap();
    assert!(
        cell_text(&heading[0]).starts_with("Periode per rekening"),
        "{heading:?}"
    );
    let own = range
        .rows()
        .skip(covered + 1)
        .position(|row| cell_text(&row[0]) == "NL20INGB0001234567")
        .map(|k| k + covered + 1)
        .expect("the own accounts list NL20INGB0001234567");
    assert_eq!(
        cell_text(&range.rows().nth(own).unwrap()[1]),
        "bank/ing.csv"
    );

    let problems = wb.worksheet_range("Invoerproblemen").unwrap();
    assert_eq!(problems.height(), 1 + fx.problems.len());
    assert_eq!(
        cell_text(problems.get_value((2, 0)).unwrap()),
        "invoices/register.csv:10"
    );
    assert_eq!(cell_text(problems.get_value((2, 1)).unwrap()), "fout");
    assert_eq!(
        cell_text(problems.get_value((2, 2)).unwrap()),
        "factuurdatum: geen datum"
    );
    assert_eq!(
        cell_text(problems.get_value((3, 0)).unwrap()),
        "specs/zk.xlsx:Blad1!F4"
    );
}

#[test]
fn two_writes_give_identical_bytes() {
    let fx = fixture();
    let a = write(&fx, Lang::Nl);
    let b = write(&fx, Lang::Nl);
    for f in FILES {
        let x = fs::read(a.path().join(f)).unwrap();
        let y = fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between two writes");
    }
    // Nothing but the outputs is left in the folder (no spooled temp files).
    let mut names: Vec<String> = fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn english_workbook_has_english_sheet_names() {
    let fx = fixture();
    let dir = write(&fx, Lang::En);
    let mut wb = open_xlsx(dir.path());
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Overpaid",
            "Settled",
            "Coulance eligible",
            "Partially paid",
            "Open",
            "Write-off list",
            "By client",
            "Specification missing",
            "By insurer",
            "Billing agent",
            "Letters",
            "Payments to review",
            "Reversed and duplicates",
            "Decisions",
            "Input problems",
        ]
    );
    // The input problems are in English, in the sheet and in exceptions.csv.
    let problems = wb.worksheet_range("Input problems").unwrap();
    assert_eq!(
        cell_text(problems.get_value((2, 2)).unwrap()),
        "invoice date: not a date"
    );
    let exceptions = fs::read_to_string(dir.path().join("exceptions.csv")).unwrap();
    assert!(
        exceptions.contains(",error,unreadable_value,invoice date: not a date,"),
        "{exceptions}"
    );
    let nl = write(&fx, Lang::Nl);
    let dutch = fs::read_to_string(nl.path().join("exceptions.csv")).unwrap();
    assert!(
        dutch.contains(",error,unreadable_value,factuurdatum: geen datum,"),
        "{dutch}"
    );
    // The CSV files keep their codes whatever the language; only their
    // human texts (reason, note, problem) follow it.
    for f in ["summary.json", "journal.csv"] {
        assert_eq!(
            fs::read(dir.path().join(f)).unwrap(),
            fs::read(nl.path().join(f)).unwrap(),
            "{f}"
        );
    }
    for (f, text) in [("invoices.csv", "reason"), ("payments.csv", "note")] {
        let (h, en_rows) = records(dir.path(), f);
        let (_, nl_rows) = records(nl.path(), f);
        let t = column(&h, text);
        assert_eq!(en_rows.len(), nl_rows.len(), "{f}");
        for (e, n) in en_rows.iter().zip(&nl_rows) {
            for c in (0..h.len()).filter(|&c| c != t) {
                assert_eq!(e[c], n[c], "{f} column {}", h[c]);
            }
            assert_ne!(e[t], n[t], "{f}: {}", e[t]);
        }
    }
}

#[test]
fn empty_reconciliation_still_writes_a_valid_report() {
    let policy = Policy::default();
    let ledger = Ledger::default();
    let recon = Reconciliation::default();
    let dir = tempfile::tempdir().unwrap();
    let input = ReportInput::of(as_of(), &policy, &ledger, &recon);
    write_all(dir.path(), &input).unwrap();
    let mut wb = open_xlsx(dir.path());
    assert_eq!(wb.sheet_names().len(), 16);
    let range = wb.worksheet_range("Brieven").unwrap();
    assert_eq!(range.height(), 2, "header and a zero totals row");
    let range = wb.worksheet_range("Open").unwrap();
    assert_eq!(range.height(), 2, "header and a zero totals row");
    // The billing agent sheet too, without any agent; and the summary
    // shows no agent check then.
    let range = wb.worksheet_range("Incassobureau").unwrap();
    assert_eq!(range.height(), 2, "header and a zero totals row");
    assert_eq!(cell_text(range.get_value((1, 0)).unwrap()), "Totaal");
    let summary = wb.worksheet_range("Samenvatting").unwrap();
    assert!(
        !summary
            .rows()
            .any(|r| cell_text(&r[0]) == "Sluitcontrole incassobureau"),
        "no agent, no agent check"
    );
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(v["conservation"]["balanced"], true);
}

/// The demo's workbook opens in LibreOffice without errors: it converts to
/// PDF headlessly. Runs when `soffice` is installed (Debian:
/// `apt-get install libreoffice-calc-nogui`); elsewhere it says it was
/// skipped.
#[test]
fn the_demo_workbook_opens_in_libreoffice() {
    let Some(soffice) = soffice() else {
        return;
    };
    let (tmp, out) = run_demo(Lang::Nl, None);
    let o = office_convert(
        soffice,
        &tmp.path().join("lo-profile"),
        None,
        "pdf",
        tmp.path(),
        &[&out.join("report.xlsx")],
    );
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{log}");
    assert!(!log.to_lowercase().contains("error"), "{log}");
    let pdf = fs::read(tmp.path().join("report.pdf")).unwrap_or_default();
    assert!(
        pdf.starts_with(b"%PDF") && pdf.len() > 10_000,
        "no usable PDF: {log}"
    );
}

/// The billing agent's payout account in [`agent_fixture`].
const AGENT_IBAN: &str = "NL34ABNA0243240058";

/// [`fixture`] with a billing agent: five receipts on four
/// statements (one for an unknown invoice), a batch of every status — paid
/// out, in transit past and within `payout_days`, paid out for another
/// amount, and a payout without a statement — and the write-offs going
/// through the agent with its key.
fn agent_fixture() -> Fixture {
    use zorgrecon::agent::AgentLine;
    use zorgrecon::outcome::{AgentBatch, BatchStatus};

    let mut fx = fixture();
    fx.policy.agents.insert(
        "Infomedics".into(),
        zorgrecon::config::Agent {
            ibans: vec![Iban::parse(AGENT_IBAN).unwrap()],
            payout_days: 14,
            all_invoices: false,
        },
    );
    for (number, reference) in [
        ("F-1003", Some("1000 0000 0000 1003")),
        ("F-1004", Some("1000 0000 0000 1004")),
        ("F-1005", None),
    ] {
        let i = fx
            .recon
            .invoices
            .iter_mut()
            .find(|i| i.number == number)
            .unwrap();
        i.agent = Some("Infomedics".into());
        i.agent_reference = reference.map(String::from);
    }

    // Receipts: (statement, line, invoice, received, fee, payout, payout date).
    let receipts = [
        (
            "agents/infomedics-41.csv",
            4,
            "F-1005",
            "60.00",
            "1.50",
            "UB-41",
            6,
        ),
        (
            "agents/infomedics-41.csv",
            5,
            "F-9999",
            "40.00",
            "1.00",
            "UB-41",
            6,
        ),
        (
            "agents/infomedics-42.xlsx",
            3,
            "F-1007",
            "120.00",
            "2.50",
            "UB-42",
            13,
        ),
        (
            "agents/infomedics-43.csv",
            4,
            "F-1006",
            "50.00",
            "0",
            "UB-43",
            10,
        ),
        (
            "agents/infomedics-44.csv",
            4,
            "F-1006",
            "30.00",
            "0",
            "UB-44",
            27,
        ),
    ];
    for (file, n, invoice, received, fee, payout, day) in receipts {
        let path: Arc<str> = Arc::from(file);
        let source = if file.ends_with(".xlsx") {
            Source::row(&path, "Blad1", n)
        } else {
            Source::line(&path, n.into())
        };
        let line = fx.ledger.bank_lines.len();
        let l = AgentLine {
            source,
            agent: "Infomedics".into(),
            invoice_number: Some(invoice.into()),
            payment_reference: None,
            client: Some("cliënt".into()),
            received: Some(eur(received)),
            received_date: Some(date(2026, 3, day - 2)),
            fee: eur(fee),
            payout: Some(payout.into()),
            payout_date: Some(date(2026, 3, day)),
            line: Some(line),
        };
        let mut payment = l.payment().unwrap();
        payment.id = format!("A202603{:02}-{line:012}", day - 2).into();
        fx.ledger.bank_lines.push(payment);
        fx.ledger.agent_lines.push(l);
        let (status, allocations, unallocated): (_, &[(&str, &str)], _) = if invoice == "F-9999" {
            (PaymentStatus::Unmatched, &[], received)
        } else {
            (PaymentStatus::Allocated, &[(invoice, received)], "0")
        };
        fx.recon.payments.push(decided(
            line,
            status,
            Rule::Agent,
            allocations,
            unallocated,
            Note::of(vec![Fact::AgentReceipt {
                agent: "Infomedics".into(),
                payout: Some(payout.into()),
            }]),
        ));
    }

    // The payouts in the bank: UB-41 in full, UB-42 50 cents short, and
    // one no statement accounts for.
    let ing: Arc<str> = Arc::from("bank/ing.csv");
    let mut payout_lines = Vec::new();
    for (n, amount, description, day) in [
        (11, "97.50", "uitbetaling UB-41", 9),
        (12, "117.00", "uitbetaling UB-42", 16),
        (13, "55.00", "uitbetaling", 20),
    ] {
        let mut l = bank_line(n, &ing, amount, "Infomedics BV", description);
        l.counterparty_iban = Iban::parse(AGENT_IBAN);
        l.booking_date = date(2026, 3, day);
        let i = fx.ledger.bank_lines.len();
        fx.ledger.bank_lines.push(l);
        fx.recon.payments.push(decided(
            i,
            PaymentStatus::Ignored,
            Rule::AgentPayout,
            &[],
            amount,
            Note::of(vec![Fact::AgentPayout {
                agent: "Infomedics".into(),
                batch: description.trim_start_matches("uitbetaling ").into(),
            }]),
        ));
        payout_lines.push(i);
    }

    let batch = |payout: Option<&str>,
                 day: Option<u32>,
                 statement: Option<Source>,
                 (lines, received, fees): (u64, &str, &str),
                 paid: Option<(usize, &str)>,
                 status,
                 overdue_days| {
        let (received, fees) = (eur(received), eur(fees));
        AgentBatch {
            agent: "Infomedics".into(),
            payout: payout.map(String::from),
            payout_date: day.map(|d| date(2026, 3, d)),
            statement,
            lines,
            received,
            fees,
            amount: received - fees,
            payment: paid.map(|(i, _)| i),
            paid_out: paid.map(|(_, m)| eur(m)),
            status,
            overdue_days,
        }
    };
    let first = |file: &str| Some(Source::line(&Arc::from(file), 4));
    fx.recon.batches = vec![
        batch(
            None,
            None,
            None,
            (0, "0", "0"),
            Some((payout_lines[2], "55.00")),
            BatchStatus::StatementMissing,
            None,
        ),
        batch(
            Some("UB-41"),
            Some(6),
            first("agents/infomedics-41.csv"),
            (2, "100.00", "2.50"),
            Some((payout_lines[0], "97.50")),
            BatchStatus::PaidOut,
            None,
        ),
        batch(
            Some("UB-43"),
            Some(10),
            first("agents/infomedics-43.csv"),
            (1, "50.00", "0"),
            None,
            BatchStatus::InTransit,
            Some(21),
        ),
        batch(
            Some("UB-42"),
            Some(13),
            Some(Source::row(
                &Arc::from("agents/infomedics-42.xlsx"),
                "Blad1",
                3,
            )),
            (1, "120.00", "2.50"),
            Some((payout_lines[1], "117.00")),
            BatchStatus::Different,
            None,
        ),
        batch(
            Some("UB-44"),
            Some(27),
            first("agents/infomedics-44.csv"),
            (1, "30.00", "0"),
            None,
            BatchStatus::InTransit,
            None,
        ),
    ];
    fx
}

/// The rows of a sheet as cells, the header first.
fn sheet_rows(wb: &mut Xlsx<std::io::BufReader<fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

#[test]
fn billing_agent_sheet_lists_every_batch_in_both_languages() {
    let fx = agent_fixture();
    let headers = [
        (
            Lang::Nl,
            "Incassobureau",
            [
                "Incassobureau",
                "Uitbetaling",
                "Uitbetaaldatum",
                "Overzicht",
                "Rijen",
                "Ontvangen",
                "Kosten",
                "Uit te betalen",
                "Betaling",
                "Bankregel",
                "Uitbetaald",
                "Verschil",
                "Status",
                "Dagen onderweg",
            ],
            [
                "overzicht ontbreekt",
                "uitbetaald",
                "onderweg",
                "afwijkend",
                "onderweg",
            ],
            "Totaal",
        ),
        (
            Lang::En,
            "Billing agent",
            [
                "Billing agent",
                "Payout",
                "Payout date",
                "Statement",
                "Lines",
                "Received",
                "Fees",
                "To pay out",
                "Payment id",
                "Bank line",
                "Paid out",
                "Difference",
                "Status",
                "Days in transit",
            ],
            [
                "statement missing",
                "paid out",
                "in transit",
                "different",
                "in transit",
            ],
            "Total",
        ),
    ];
    for (lang, name, header, statuses, total) in headers {
        let dir = write(&fx, lang);
        let mut wb = open_xlsx(dir.path());
        // After the per-insurer sheet.
        let names = wb.sheet_names();
        let at = names.iter().position(|n| n == name).unwrap();
        assert!(
            ["Per verzekeraar", "By insurer"].contains(&names[at - 1].as_str()),
            "{names:?}"
        );
        let rows = sheet_rows(&mut wb, name);
        let got: Vec<String> = rows[0].iter().map(cell_text).collect();
        assert_eq!(got, header, "{lang:?}");

        // One row per batch, in the order of agents.csv, with its figures.
        let (h, csv_rows) = records(dir.path(), "agents.csv");
        assert_eq!(rows.len(), csv_rows.len() + 2, "header, batches, totals");
        let data = &rows[1..rows.len() - 1];
        for (n, (row, csv)) in data.iter().zip(&csv_rows).enumerate() {
            assert_eq!(cell_text(&row[0]), csv[column(&h, "agent")]);
            assert_eq!(cell_text(&row[1]), csv[column(&h, "payout")]);
            assert_eq!(cell_text(&row[3]), csv[column(&h, "statement")]);
            assert_eq!(number(&row[4]).to_string(), csv[column(&h, "lines")]);
            for (c, key) in [
                (5, "received"),
                (6, "fees"),
                (7, "amount"),
                (10, "paid_out"),
                (11, "difference"),
            ] {
                let want = &csv[column(&h, key)];
                if want.is_empty() {
                    assert_eq!(row[c], Data::Empty, "{key} of row {n}");
                } else {
                    assert!(matches!(row[c], Data::Float(_)), "{key}: {:?}", row[c]);
                    assert_eq!(f64_cents(number(&row[c])), cents(want), "{key} of row {n}");
                }
            }
            assert_eq!(cell_text(&row[8]), csv[column(&h, "payment_id")]);
            assert_eq!(cell_text(&row[9]), csv[column(&h, "bank_line")]);
            assert_eq!(cell_text(&row[12]), statuses[n]);
            let days = &csv[column(&h, "days_in_transit")];
            assert_eq!(
                row.get(13).map(cell_text).unwrap_or_default(),
                *days,
                "days in transit of row {n}"
            );
            // The payout date is a date (the payout without a statement
            // has none).
            if csv[column(&h, "payout_date")].is_empty() {
                assert_eq!(row[2], Data::Empty);
            } else {
                assert!(matches!(row[2], Data::DateTime(_)), "{:?}", row[2]);
            }
        }
        let statuses_csv: Vec<&str> = csv_rows
            .iter()
            .map(|r| r[column(&h, "status")].as_str())
            .collect();
        assert_eq!(
            statuses_csv,
            [
                "statement_missing",
                "paid_out",
                "in_transit",
                "different",
                "in_transit"
            ]
        );
        // Specific values, so that a sheet and file wrong alike still fail.
        assert_eq!(cell_text(&data[1][1]), "UB-41");
        assert_eq!(cell_text(&data[1][3]), "agents/infomedics-41.csv:4");
        assert_eq!(cell_text(&data[1][9]), "bank/ing.csv:12");
        assert_eq!(cell_text(&data[3][3]), "agents/infomedics-42.xlsx:Blad1!3");
        assert_eq!(f64_cents(number(&data[3][11])), -50);
        assert_eq!(number(&data[2][13]), 21.0);
        assert_eq!(data[4].get(13).cloned().unwrap_or(Data::Empty), Data::Empty);
        assert_eq!(f64_cents(number(&data[0][10])), 5500);
        assert_eq!(data[0][8], Data::String("P20260301-000000000013".into()));

        // The totals row: a SUM formula under each money column, its value
        // stored.
        let totals = rows.last().unwrap();
        assert_eq!(cell_text(&totals[0]), total);
        let last = rows.len() as u32 - 1;
        let formulas = wb.worksheet_formula(name).unwrap();
        for (c, letter, cents_want) in [
            (5, "F", 30000),
            (6, "G", 500),
            (7, "H", 29500),
            (10, "K", 26950),
            (11, "L", -50),
        ] {
            assert_eq!(f64_cents(number(&totals[c])), cents_want, "column {letter}");
            assert_eq!(
                formulas
                    .get_value((last, c as u32))
                    .cloned()
                    .unwrap_or_default(),
                format!("SUM({letter}2:{letter}{last})")
            );
        }

        // Money cells carry the euro format, dates a date format.
        let style = wb.worksheet_style(name).unwrap();
        let format = |r: u32, c: u32| {
            style
                .get((r, c))
                .and_then(|s| s.number_format.as_ref())
                .map(|n| n.format_code.clone())
                .unwrap_or_default()
        };
        assert!(format(2, 5).contains('€'), "{}", format(2, 5));
        assert!(format(2, 11).contains('€'), "{}", format(2, 11));
        assert_eq!(format(2, 2), "yyyy-mm-dd");
    }
}

#[test]
fn summary_shows_each_agents_three_sums() {
    let fx = agent_fixture();
    let dir = write(&fx, Lang::Nl);
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("summary.json")).unwrap())
            .unwrap();
    let a = &v["agents"][0];
    assert_eq!(a["agent"], "Infomedics");
    for key in ["receipts_balanced", "batches_balanced", "payouts_balanced"] {
        assert_eq!(a[key], true, "{key}: {a}");
    }
    for (lang, heading, tables) in [
        (
            Lang::Nl,
            "Sluitcontrole incassobureau",
            [
                ["Ontvangen", "Toegewezen", "Niet toegewezen"],
                ["Uitbetalingen volgens overzicht", "Uitbetaald", "Onderweg"],
                [
                    "Uitbetalingen in de bank",
                    "Voor uitbetalingen op overzicht",
                    "Zonder overzicht",
                ],
            ],
        ),
        (
            Lang::En,
            "Conservation check (billing agent)",
            [
                ["Received", "Allocated", "Unallocated"],
                ["Batches on statements", "Paid out", "In transit"],
                [
                    "Payouts in the bank",
                    "For batches on statements",
                    "Without statement",
                ],
            ],
        ),
    ] {
        let dir = write(&fx, lang);
        let mut wb = open_xlsx(dir.path());
        let summary = if lang == Lang::Nl {
            "Samenvatting"
        } else {
            "Summary"
        };
        let rows = sheet_rows(&mut wb, summary);
        let r = rows
            .iter()
            .position(|r| cell_text(&r[0]) == heading)
            .unwrap_or_else(|| panic!("no {heading}"));
        let (agent, difference, balanced, yes) = match lang {
            Lang::Nl => ("Incassobureau", "Verschil", "Sluit", "ja"),
            Lang::En => ("Billing agent", "Difference", "Balanced", "yes"),
        };
        // After the conservation check, before the open amounts by age.
        let open_by_age = rows
            .iter()
            .position(|r| {
                cell_text(&r[0]).starts_with("Openstaand naar")
                    || cell_text(&r[0]) == "Open amount by age"
            })
            .unwrap();
        let conservation = rows
            .iter()
            .position(|r| {
                cell_text(&r[0]).starts_with("Sluitcontrole bij")
                    || cell_text(&r[0]) == "Conservation check (credits)"
            })
            .unwrap();
        assert!(
            conservation < r && r < open_by_age,
            "{conservation} {r} {open_by_age}"
        );
        let want = [
            (30000, 26000, 4000),
            (29500, 21500, 8000),
            (26950, 21450, 5500),
        ];
        let formulas = wb.worksheet_formula(summary).unwrap();
        for (k, (heads, (w, p, q))) in tables.iter().zip(want).enumerate() {
            let header: Vec<String> = rows[r + 1 + 2 * k][..6].iter().map(cell_text).collect();
            assert_eq!(
                header,
                [agent, heads[0], heads[1], heads[2], difference, balanced]
            );
            let row = &rows[r + 2 + 2 * k];
            assert_eq!(cell_text(&row[0]), "Infomedics");
            let got: Vec<i64> = row[1..5].iter().map(|d| f64_cents(number(d))).collect();
            assert_eq!(got, [w, p, q, 0], "{heads:?}");
            assert_eq!(cell_text(&row[5]), yes);
            let at = (r + 2 + 2 * k) as u32;
            assert_eq!(
                formulas.get_value((at, 4)).cloned().unwrap_or_default(),
                format!("B{n}-C{n}-D{n}", n = at + 1)
            );
        }
    }
}

#[test]
fn write_off_and_status_sheets_show_the_agent_and_its_key() {
    let fx = agent_fixture();
    for (lang, list, partly, agent, key) in [
        (
            Lang::Nl,
            "Coulancelijst",
            "Deels betaald",
            "Incassobureau",
            "Kenmerk incassobureau",
        ),
        (
            Lang::En,
            "Write-off list",
            "Partially paid",
            "Billing agent",
            "Agent's reference",
        ),
    ] {
        let dir = write(&fx, lang);
        let mut wb = open_xlsx(dir.path());
        let rows = sheet_rows(&mut wb, list);
        let header: Vec<String> = rows[0].iter().map(cell_text).collect();
        assert_eq!(header.len(), 12);
        assert_eq!((header[10].as_str(), header[11].as_str()), (agent, key));
        // As coulance.csv: the list can be handed to the agent as it is.
        let (h, csv_rows) = records(dir.path(), "coulance.csv");
        let data = &rows[1..rows.len() - 1];
        assert_eq!(data.len(), csv_rows.len());
        for (row, csv) in data.iter().zip(&csv_rows) {
            assert_eq!(cell_text(&row[0]), csv[column(&h, "invoice_number")]);
            assert_eq!(cell_text(&row[10]), csv[column(&h, "agent")]);
            assert_eq!(cell_text(&row[11]), csv[column(&h, "agent_reference")]);
        }
        assert_eq!(cell_text(&data[0][10]), "Infomedics");
        assert_eq!(cell_text(&data[0][11]), "1000 0000 0000 1003");
        // The totals stay under the coulance.
        let formulas = wb.worksheet_formula(list).unwrap();
        assert_eq!(
            formulas.get_value((3, 8)).cloned().unwrap_or_default(),
            "SUM(I2:I3)"
        );

        // The status sheet shows the agent beside the specifications.
        let rows = sheet_rows(&mut wb, partly);
        assert_eq!(cell_text(&rows[0][19]), agent);
        let f1005 = rows.iter().find(|r| cell_text(&r[0]) == "F-1005").unwrap();
        assert_eq!(cell_text(&f1005[19]), "Infomedics");
        let open = sheet_rows(&mut wb, "Open");
        assert!(
            open[1..]
                .iter()
                .all(|r| r.get(19).is_none_or(|c| cell_text(c).is_empty()))
        );
    }
}

#[test]
fn two_writes_with_an_agent_give_identical_bytes() {
    let fx = agent_fixture();
    for lang in [Lang::Nl, Lang::En] {
        let a = write(&fx, lang);
        let b = write(&fx, lang);
        for f in FILES {
            let x = fs::read(a.path().join(f)).unwrap();
            let y = fs::read(b.path().join(f)).unwrap();
            assert!(x == y, "{f} differs between two writes ({lang:?})");
        }
    }
}

#[test]
fn letters_sheet_lists_the_letters_of_letters_csv_in_both_languages() {
    let fx = fixture();
    for (lang, sheet, first, principal) in [
        (Lang::Nl, "Brieven", "Brief", "Hoofdsom"),
        (Lang::En, "Letters", "Letter", "Principal"),
    ] {
        let dir = write(&fx, lang);
        let bytes = fs::read(dir.path().join("letters.csv")).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "letters.csv has a BOM");
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[3..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header[0], "letter");
        let csv_rows: Vec<Vec<String>> = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        let mut wb = open_xlsx(dir.path());
        let rows = sheet_rows(&mut wb, sheet);
        let head: Vec<String> = rows[0].iter().map(cell_text).collect();
        assert_eq!(head[0], first);
        assert_eq!(head[11], principal);
        // Header, one row per letter, and the totals row when there is one.
        let data = &rows[1..1 + csv_rows.len()];
        let id = column(&header, "client_id");
        let amount = column(&header, "principal");
        for (s, c) in data.iter().zip(&csv_rows) {
            assert_eq!(cell_text(&s[1]), c[id]);
            let shown = match &s[11] {
                Data::Float(f) => format!("{f:.2}"),
                other => cell_text(other),
            };
            assert_eq!(shown, c[amount]);
        }
    }
}
