use super::*;
use crate::config::Policy;
use crate::invoice::InvoiceRow;
use crate::ledger::Ledger;
use crate::outcome::{InvoiceStatus::*, Reconciliation};
use crate::report::spec_missing::tests::{as_of, invoice};
use crate::source::Source;

fn m(s: &str) -> Money {
    s.parse().unwrap()
}

#[test]
fn bik_scale_at_its_boundaries() {
    for (principal, costs) in [
        ("0", "0.00"),
        ("-5", "0.00"),
        ("0.01", "40.00"),
        ("266.66", "40.00"),
        ("266.67", "40.00"),
        ("266.70", "40.01"),
        ("300", "45.00"),
        ("2500", "375.00"),
        ("2500.01", "375.00"),
        ("2500.05", "375.01"),
        ("5000", "625.00"),
        ("5000.10", "625.01"),
        ("10000", "875.00"),
        ("200000", "2775.00"),
        ("200001", "2775.01"),
        ("999999.99", "6775.00"),
        ("1000000", "6775.00"),
        ("1000000.01", "6775.00"),
        ("5000000", "6775.00"),
    ] {
        assert_eq!(bik(m(principal)), m(costs), "BIK over {principal}");
    }
}

#[test]
fn pay_by_allows_delivery_and_fourteen_days_and_skips_the_weekend() {
    let d = |y, mo, da| NaiveDate::from_ymd_opt(y, mo, da).unwrap();
    // Monday 7 December 2026, received Wednesday 9th, 14 days: Wednesday 23rd.
    assert_eq!(pay_by(d(2026, 12, 7), 2), d(2026, 12, 23));
    assert_eq!(pay_by(d(2026, 12, 7), 0), d(2026, 12, 21));
    // Friday 4th + 1 + 14 = Saturday 19th: Monday 21st.
    assert_eq!(pay_by(d(2026, 12, 4), 1), d(2026, 12, 21));
    // Sunday 20th: Monday 21st.
    assert_eq!(pay_by(d(2026, 12, 4), 2), d(2026, 12, 21));
}

#[test]
fn amounts_and_dates_in_words_of_either_language() {
    assert_eq!(money_text(m("1234.5"), Lang::Nl), "€ 1.234,50");
    assert_eq!(money_text(m("1234.5"), Lang::En), "€1,234.50");
    assert_eq!(money_text(m("0"), Lang::Nl), "€ 0,00");
    assert_eq!(money_text(m("1234567.891"), Lang::En), "€1,234,567.89");
    assert_eq!(money_text(m("-12.3"), Lang::Nl), "-€ 12,30");
    assert_eq!(money_text(m("999"), Lang::Nl), "€ 999,00");
    let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    assert_eq!(date_text(d, Lang::Nl), "20 november 2026");
    assert_eq!(date_text(d, Lang::En), "20 November 2026");
    let d = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    assert_eq!(date_text(d, Lang::Nl), "1 maart 2027");
}

fn register(
    number: &str,
    client: &str,
    reference: Option<&str>,
    email: Option<&str>,
) -> InvoiceRow {
    let path: std::sync::Arc<str> = std::sync::Arc::from("invoices/r.csv");
    InvoiceRow {
        source: Source::line(&path, 2),
        number: number.into(),
        client_id: client.into(),
        client_name: format!("Client {client}"),
        amount: Money::from_cents(10_000),
        invoice_date: as_of(),
        due_date: None,
        insurer: None,
        client_ibans: vec![],
        payment_reference: reference.map(Into::into),
        credit_for: None,
        agent: None,
        contact: Contact {
            email: email.map(Into::into),
            address: email.map(|_| "Dorpsstraat 1".into()),
            postcode: None,
            city: email.map(|_| "Utrecht".into()),
        },
    }
}

fn run<'a>(
    policy: &'a Policy,
    ledger: &'a Ledger,
    recon: &'a Reconciliation,
    lang: Lang,
) -> ReportInput<'a> {
    ReportInput {
        lang,
        ..ReportInput::of(as_of(), policy, ledger, recon)
    }
}

#[test]
fn which_letter_at_the_day_boundaries() {
    // Defaults: spec_reminder_days 0, reminder_days 14, final_notice_days 44.
    let policy = Policy::default();
    let ledger = Ledger::default();
    let spec = Some(5_000);
    let case = |days: i64, reimbursed: Option<i64>| {
        let recon = Reconciliation {
            invoices: vec![invoice("F1", "K1", Open, days, reimbursed)],
            ..Reconciliation::default()
        };
        let input = run(&policy, &ledger, &recon, Lang::Nl);
        kind_of(&recon.invoices[0], &input)
    };
    use LetterKind::*;
    assert_eq!(case(-1, None), None);
    assert_eq!(case(0, None), None);
    assert_eq!(case(1, None), Some(SpecificationRequest));
    assert_eq!(case(1, spec), None);
    assert_eq!(case(14, None), Some(SpecificationRequest));
    assert_eq!(case(14, spec), None);
    assert_eq!(case(15, None), Some(Reminder));
    assert_eq!(case(15, spec), Some(Reminder));
    assert_eq!(case(44, spec), Some(Reminder));
    assert_eq!(case(45, spec), Some(FinalNotice));
    assert_eq!(case(45, None), Some(FinalNotice));
    // Nothing outstanding or nothing awaited: no letter.
    let recon = Reconciliation {
        invoices: vec![
            invoice("F2", "K1", Settled, 100, spec),
            invoice("F3", "K1", CoulanceEligible, 100, spec),
            invoice("F4", "K1", Overpaid, 100, spec),
        ],
        ..Reconciliation::default()
    };
    let input = run(&policy, &ledger, &recon, Lang::Nl);
    assert!(recon.invoices.iter().all(|i| kind_of(i, &input).is_none()));
}

#[test]
fn one_letter_per_client_and_kind_without_agents_holds_or_small_amounts() {
    let mut policy = Policy::from_toml("[provider]\nibans = [\"NL91ABNA0417164300\"]\n[letters]\ncollection_costs = true\nminimum = \"50\"\n").unwrap();
    let mut via_agent = invoice("F05", "K2", Open, 60, Some(5_000));
    via_agent.agent = Some("Infomedics".into());
    let mut small = invoice("F07", "K4", PartiallyPaid, 20, Some(5_000));
    small.outstanding = m("49.99");
    let invoices = vec![
        invoice("F01", "K1", Open, 50, Some(5_000)),
        invoice("F02", "K1", PartiallyPaid, 100, Some(5_000)), // 60.00 outstanding
        invoice("F03", "K1", Open, 20, Some(5_000)),
        invoice("F04", "K1", Open, 5, None),
        via_agent,
        invoice("F06", "K3", Open, 60, Some(5_000)), // held
        small,
        invoice("F08", "K5", Open, 20, Some(5_000)), // 100.00 owed
        invoice("F09", "K5", Overpaid, 5, None),     // refund 20.00
        invoice("F10", "K6", Open, 20, Some(5_000)), // 100.00 owed
        invoice("F11", "K6", Overpaid, 5, None),
        invoice("F12", "K6", Overpaid, 5, None),
        invoice("F13", "K6", Overpaid, 5, None),
        invoice("F14", "K6", Overpaid, 5, None),
        invoice("F15", "K6", Overpaid, 5, None), // 5 × 20.00 refund: no reminder
    ];
    let recon = Reconciliation {
        invoices,
        held: vec![5],
        ..Reconciliation::default()
    };
    let ledger = Ledger {
        invoices: vec![
            register("F03", "K1", Some("5000056789012345"), None),
            register("F01", "K1", None, Some("k1@example.nl")),
        ],
        ..Ledger::default()
    };
    let input = run(&policy, &ledger, &recon, Lang::Nl);
    let letters = list(&input);
    let got: Vec<(&str, &str, String, Money, Money)> = letters
        .iter()
        .map(|l| {
            (
                l.kind.as_str(),
                l.client_id,
                invoice_numbers(l),
                l.principal,
                l.collection_costs,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "specification_request",
                "K1",
                "F04".into(),
                m("100"),
                m("0")
            ),
            ("reminder", "K1", "F03".into(), m("100"), m("0")),
            ("reminder", "K5", "F08".into(), m("100"), m("0")),
            ("final_notice", "K1", "F02; F01".into(), m("160"), m("40")),
        ]
    );
    let k1 = &letters[3];
    assert_eq!(k1.total, m("200"));
    assert_eq!(k1.days_overdue, 100);
    assert_eq!(k1.oldest_due_date, as_of() - Duration::days(100));
    assert_eq!(k1.payment_reference, "F02 F01");
    assert_eq!(k1.contact.email.as_deref(), Some("k1@example.nl"));
    assert_eq!(k1.contact.city.as_deref(), Some("Utrecht"));
    assert_eq!(letters[1].payment_reference, "5000056789012345");
    assert_eq!(letters[2].refund_due, m("20"));
    assert!(note(&letters[2], Lang::Nl).contains("€ 20,00 te veel betaald"));
    assert!(note(&letters[2], Lang::En).contains("€20.00 too much"));
    assert_eq!(note(&letters[1], Lang::Nl), "");
    assert_eq!(
        consequences(&letters[3], Lang::Nl),
        "Betaalt u € 160,00 niet uiterlijk op 16 april 2026, dan bent u daarnaast € 40,00 incassokosten verschuldigd, samen € 200,00."
    );
    assert_eq!(consequences(&letters[1], Lang::Nl), "");

    // Collection costs off (the default): none on the final notice.
    policy.letters.collection_costs = false;
    let input = run(&policy, &ledger, &recon, Lang::Nl);
    let letters = list(&input);
    assert_eq!(letters[3].collection_costs, Money::ZERO);
    assert_eq!(consequences(&letters[3], Lang::Nl), "");
    assert_eq!(letters[3].total, m("160"));
}

#[test]
fn bik_over_several_invoices_is_over_their_sum() {
    let policy = Policy::from_toml("[letters]\ncollection_costs = true\n").unwrap();
    let mut invoices = Vec::new();
    for (n, cents) in [("F1", 150_000), ("F2", 150_000), ("F3", 300_001)] {
        let mut i = invoice(n, "K1", Open, 90, Some(5_000));
        i.outstanding = Money::from_cents(cents);
        invoices.push(i);
    }
    let recon = Reconciliation {
        invoices,
        ..Reconciliation::default()
    };
    let ledger = Ledger::default();
    let input = run(&policy, &ledger, &recon, Lang::Nl);
    let letters = list(&input);
    assert_eq!(letters.len(), 1);
    // 6,000.01: 375 + 250 + 5 % of 1,000.01 = 675.0005 → 675.00; each
    // invoice alone would give 225 + 225 + 375 + 50 = 875.
    assert_eq!(letters[0].principal, m("6000.01"));
    assert_eq!(letters[0].collection_costs, m("675.00"));
    assert_eq!(letters[0].total, m("6675.01"));
}

#[test]
fn letters_csv_has_a_bom_and_semicolons_and_reads_back() {
    let policy = Policy::from_toml(
        "[provider]\nibans = [\"NL91ABNA0417164300\"]\n[letters]\ncollection_costs = true\n",
    )
    .unwrap();
    let mut big = invoice("F02", "K1", Open, 100, Some(5_000));
    big.outstanding = m("1234.5");
    let recon = Reconciliation {
        invoices: vec![invoice("F01", "K1", Open, 50, Some(5_000)), big],
        ..Reconciliation::default()
    };
    let ledger = Ledger {
        invoices: vec![register("F01", "K1", None, Some("=k1@example.nl"))],
        ..Ledger::default()
    };
    for (lang, principal, date) in [
        (Lang::Nl, "€ 1.334,50", "31 maart 2026"),
        (Lang::En, "€1,334.50", "31 March 2026"),
    ] {
        let input = run(&policy, &ledger, &recon, lang);
        let letters = list(&input);
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &input, &letters).unwrap();
        let bytes = std::fs::read(dir.path().join("letters.csv")).unwrap();
        assert!(bytes.starts_with(BOM));
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(&bytes[BOM.len()..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, LETTER_COLUMNS);
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        let col = |name: &str| &row[LETTER_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(col("letter"), "final_notice");
        assert_eq!(col("invoices"), "F02; F01");
        assert_eq!(col("invoice_count"), "2");
        assert_eq!(col("email"), "'=k1@example.nl");
        assert_eq!(col("city"), "Utrecht");
        assert_eq!(col("postcode"), "");
        assert_eq!(col("principal"), "1334.50");
        assert_eq!(col("principal_text"), principal);
        // 15 % of 1,334.50 = 200.175 → 200.18.
        assert_eq!(col("collection_costs"), "200.18");
        assert_eq!(col("total"), "1534.68");
        assert_eq!(col("letter_date_text"), date);
        assert_eq!(col("oldest_due_date"), "2025-12-21");
        assert_eq!(col("days_overdue"), "100");
        assert_eq!(col("pay_by"), "2026-04-16");
        assert_eq!(col("provider_iban"), "NL91ABNA0417164300");
        assert_eq!(col("payment_reference"), "F02 F01");
        let said = col("consequences");
        assert!(
            said.contains(principal) && said.contains(date_text(pay_by(as_of(), 2), lang).as_str()),
            "{said}"
        );
    }
}
