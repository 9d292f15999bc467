//! Rule-by-rule tests of [`super::reconcile`] on small ledgers built in
//! code, and the helpers the submodules' tests share.

use std::sync::Arc;

use super::*;
use crate::ident::Iban;
use crate::invoice::InvoiceRow;
use crate::matching::book::tests::{d, m, row};
use crate::note::{self, AccountFact, CandidateWhy, Fact, FitKind, How, Support, Who};
use crate::outcome::{InvoiceStatus, PaymentStatus as PS};
use crate::overrides::{OverrideRow, OverrideTarget};
use crate::problem::Severity;
use crate::source::Source;
use crate::spec::SpecLine;

/// A credit (or, negative, a debit) on 2026-02-01 with an id made from the
/// description, so that tests can set their own order with `at`.
pub(crate) fn bank(amount: &str, iban: &str, name: &str, description: &str) -> BankLine {
    let path: Arc<str> = Arc::from("bank/ing.csv");
    let mut l = BankLine {
        counterparty_iban: Iban::parse(iban),
        counterparty_name: name.into(),
        description: description.into(),
        ..BankLine::booked(
            Source::line(&path, 2),
            "NL91ABNA0417164300",
            d("2026-02-01"),
            m(amount),
        )
    };
    l.id = format!("P-{}", l.fingerprint()).into();
    l
}

/// Decides `bank_lines` against `invoices` alone (no specifications, no
/// overrides) with the test policy.
fn decide(invoices: Vec<InvoiceRow>, bank_lines: Vec<BankLine>) -> Reconciliation {
    run_with(invoices, bank_lines, vec![], vec![], &policy())
}

/// Asserts how a payment was decided, showing its note when not.
fn assert_decided(p: &PaymentOutcome, status: PS, rule: Rule) {
    assert_eq!((p.status, p.rule), (status, rule), "{:?}", p.note);
}

/// A specification line: invoice, reimbursed, deductible.
pub(crate) fn spec_line(
    line: u64,
    invoice: &str,
    reimbursed: Option<&str>,
    deductible: Option<&str>,
) -> SpecLine {
    let path: Arc<str> = Arc::from("specs/zk.csv");
    SpecLine {
        source: Source::line(&path, line),
        invoice_number: Some(invoice.into()),
        declaration_number: None,
        insurer: Some("Zilveren Kruis".into()),
        client: None,
        care_date: None,
        declared: None,
        reimbursed: reimbursed.map(m),
        deductible: deductible.map(m),
        co_payment: None,
        paid_out: None,
        paid_to: None,
        payment_date: None,
    }
}

/// The same line booked on `date`, at line `n` of `path`.
fn at(mut l: BankLine, date: &str, path: &str, n: u64) -> BankLine {
    l.booking_date = d(date);
    l.source = Source::line(&Arc::from(path), n);
    l.id = format!("P{}-{}", date, l.fingerprint()).into();
    l
}

fn with_iban(mut r: InvoiceRow, iban: &str) -> InvoiceRow {
    r.client_ibans = Iban::parse(iban).into_iter().collect();
    r
}

const JANSEN: &str = "NL11RABO0000000001";
const PIETERS: &str = "NL22RABO0000000002";
const OWN: &str = "NL91ABNA0417164300";
const ZK: &str = "NL00ABNA0123456789";

fn policy() -> Policy {
    Policy::from_toml(&format!(
        "[provider]\nibans = [\"{OWN}\"]\n[insurers]\n\"Zilveren Kruis\" = [\"{ZK}\"]\n"
    ))
    .unwrap()
}

/// Jansen (K1) has F-2026-0001 (300), F-2026-0002 (400), F-2026-0003 (500);
/// Pieters (K2) has F-2026-0010 (1000). Only K1's IBAN is in the register.
fn register() -> Vec<InvoiceRow> {
    vec![
        with_iban(
            row(
                2,
                "F-2026-0001",
                "K1",
                "Jansen, Jan",
                "300.00",
                "2026-01-01",
            ),
            JANSEN,
        ),
        row(
            3,
            "F-2026-0002",
            "K1",
            "Jansen, Jan",
            "400.00",
            "2026-01-02",
        ),
        row(
            4,
            "F-2026-0003",
            "K1",
            "Jansen, Jan",
            "500.00",
            "2026-01-03",
        ),
        row(
            5,
            "F-2026-0010",
            "K2",
            "Piet Pieters",
            "1000.00",
            "2026-01-04",
        ),
    ]
}

fn run(bank_lines: Vec<BankLine>) -> Reconciliation {
    run_with(register(), bank_lines, Vec::new(), Vec::new(), &policy())
}

fn run_with(
    invoices: Vec<InvoiceRow>,
    bank_lines: Vec<BankLine>,
    spec_lines: Vec<SpecLine>,
    overrides: Vec<OverrideRow>,
    policy: &Policy,
) -> Reconciliation {
    let ledger = Ledger {
        invoices,
        bank_lines,
        spec_lines,
        overrides,
        own_accounts: Vec::new(),
        decisions: Vec::new(),
        agent_lines: Vec::new(),
    };
    reconcile(&ledger, policy, d("2026-03-01"))
}

fn inv<'a>(r: &'a Reconciliation, number: &str) -> &'a InvoiceOutcome {
    r.invoices.iter().find(|i| i.number == number).unwrap()
}

fn alloc(p: &PaymentOutcome) -> Vec<(&str, Money)> {
    p.allocations
        .iter()
        .map(|a| (a.invoice.as_str(), a.amount))
        .collect()
}

#[test]
fn rule_2_reference_takes_the_whole_payment() {
    let r = run(vec![bank(
        "250.00",
        PIETERS,
        "Iemand",
        "factuur F2026-0002",
    )]);
    let p = &r.payments[0];
    assert_eq!((p.status, p.rule), (PS::Allocated, Rule::Reference));
    assert_eq!(alloc(p), vec![("F-2026-0002", m("250.00"))]);
    assert_eq!(p.unallocated, Money::ZERO);
    assert_eq!(
        p.note.facts(),
        [
            Fact::Named(note::Mention {
                token: "F20260002".into(),
                invoice: "F-2026-0002".into(),
                by_payment_reference: false,
            }),
            Fact::WholePayment,
        ]
    );
    assert_eq!(inv(&r, "F-2026-0002").status, InvoiceStatus::PartiallyPaid);
}

#[test]
fn rule_2_several_invoices_in_the_order_named() {
    let r = run(vec![bank(
        "1000.00",
        JANSEN,
        "J Jansen",
        "F-2026-0003, F-2026-0001",
    )]);
    assert_eq!(
        alloc(&r.payments[0]),
        vec![("F-2026-0003", m("500.00")), ("F-2026-0001", m("500.00"))]
    );
    assert_eq!(inv(&r, "F-2026-0001").status, InvoiceStatus::Overpaid);
}

#[test]
fn rule_3_fuzzy_needs_support() {
    // One character off, supported by the amount.
    let r = run(vec![bank("1000.00", PIETERS, "x", "nota F2026-0100")]);
    let p = &r.payments[0];
    assert_eq!(p.rule, Rule::FuzzyReference, "{:?}", p.note);
    assert_eq!(
        p.note.facts().last(),
        Some(&Fact::Support(Support::Need(m("1000.00"))))
    );
    assert_eq!(alloc(p), vec![("F-2026-0010", m("1000.00"))]);
    // Nothing supports it: not taken, and the note says why.
    let r = run(vec![bank(
        "12.00",
        "NL33INGB0000000003",
        "Onbekend",
        "nota F2026-0100",
    )]);
    let p = &r.payments[0];
    assert_eq!(p.status, PS::Unmatched, "{:?}", p.note);
    assert_eq!(
        candidate(p, "F-2026-0010"),
        Some(&CandidateWhy::OneEditUnsupported("F20260100".into())),
        "{:?}",
        p.note
    );
}

#[test]
fn rule_3_never_when_two_invoices_are_equally_close() {
    // F20260004 is one edit from F-2026-0001, -0002 and -0003.
    let r = run(vec![bank(
        "300.00",
        "NL44INGB0000000004",
        "Onbekend",
        "F2026-0004",
    )]);
    let p = &r.payments[0];
    assert_eq!(p.status, PS::Unmatched, "{:?}", p.note);
    assert!(
        matches!(
            candidate(p, "F-2026-0001"),
            Some(CandidateWhy::EquallyClose { invoices, .. }) if invoices.len() == 3
        ),
        "{:?}",
        p.note
    );
    // With the client's IBAN, rule 5 decides by amount instead (pass 2).
    let r = run(vec![bank("300.00", JANSEN, "J Jansen", "F2026-0004")]);
    let p = &r.payments[0];
    assert_eq!(p.rule, Rule::IbanAmount, "{:?}", p.note);
    assert_eq!(alloc(p), vec![("F-2026-0001", m("300.00"))]);
}

#[test]
fn rule_4_insurer_payment_naming_declarations() {
    let mut a = spec_line(2, "F-2026-0001", Some("300.00"), None);
    a.declaration_number = Some("ZK-998877".into());
    let mut b = spec_line(3, "F-2026-0010", Some("700.00"), Some("100.00"));
    b.declaration_number = Some("ZK-998877".into());
    let r = run_with(
        register(),
        vec![bank(
            "900.00",
            ZK,
            "Zilveren Kruis",
            "uitbetaling declaratie ZK998877",
        )],
        vec![a, b],
        Vec::new(),
        &policy(),
    );
    let p = &r.payments[0];
    assert_decided(p, PS::Allocated, Rule::Insurer);
    assert_eq!(
        alloc(p),
        vec![("F-2026-0001", m("300.00")), ("F-2026-0010", m("600.00"))]
    );
    assert_eq!(inv(&r, "F-2026-0010").paid_by_insurer, m("600.00"));
    assert_eq!(inv(&r, "F-2026-0001").status, InvoiceStatus::Settled);
}

#[test]
fn insurer_payment_naming_an_invoice_is_rule_2_and_teaches_no_iban() {
    let r = run(vec![
        bank("100.00", ZK, "Zilveren Kruis", "declaratie F-2026-0010"),
        at(
            bank("900.00", ZK, "Zilveren Kruis", "zonder kenmerk"),
            "2026-02-02",
            "bank/ing.csv",
            3,
        ),
    ]);
    assert_eq!(r.payments[0].rule, Rule::Reference);
    assert_eq!(inv(&r, "F-2026-0010").paid_by_insurer, m("100.00"));
    assert_eq!(r.payments[1].status, PS::Unmatched);
    assert!(
        r.payments[1]
            .note
            .facts()
            .contains(&Fact::InsurerNamesNothing {
                insurer: "Zilveren Kruis".into()
            }),
        "{:?}",
        r.payments[1].note
    );
}

/// Every insurer name and abbreviation zorgrecon knows without being
/// told: those of the default configuration, and the built-in list that
/// names the insurer of a specification file or sheet, with each of its
/// spellings. Read from the code, so that a new one is covered.
fn default_insurer_names() -> Vec<String> {
    let mut names: Vec<String> = Policy::default().insurers.keys().cloned().collect();
    for (name, spellings) in crate::ingest::specs::KNOWN_INSURERS {
        names.push((*name).to_string());
        names.extend(spellings.iter().map(|s| (*s).to_string()));
    }
    names.sort();
    names.dedup();
    assert!(names.len() > 20, "{names:?}");
    names
}

/// A client whose name starts with or holds an insurer's name
/// or abbreviation ("DSW de Bosman") pays from the account the register
/// gives for her: a client payment, whether that insurer's accounts are
/// configured or it is only named in the register.
#[test]
fn a_client_named_like_an_insurer_pays_from_her_register_account() {
    const HER: &str = "NL55INGB0000000055";
    const INSURER: &str = "NL66ABNA0000000066";
    for name in default_insurer_names() {
        for payer in [format!("{name} de Bosman"), format!("A. van {name} Bosman")] {
            for configured in [false, true] {
                let policy = if configured {
                    Policy::from_toml(&format!("[insurers]\n\"{name}\" = [\"{INSURER}\"]\n"))
                        .unwrap()
                } else {
                    Policy::default()
                };
                // The register names the insurer, so its name is one that
                // payers are recognised by.
                let mut r = with_iban(
                    row(2, "BOS-0001", "K7", &payer, "123.45", "2026-01-01"),
                    HER,
                );
                r.insurer = Some(name.clone());
                let r = run_with(
                    vec![r],
                    vec![bank("123.45", HER, &payer.to_uppercase(), "zorg januari")],
                    Vec::new(),
                    Vec::new(),
                    &policy,
                );
                let p = &r.payments[0];
                let case = format!("{payer} (configured: {configured}): {:?}", p.note);
                assert_eq!(
                    (p.status, p.rule),
                    (PS::Allocated, Rule::IbanAmount),
                    "{case}"
                );
                assert_eq!(alloc(p), vec![("BOS-0001", m("123.45"))], "{case}");
                assert_eq!(inv(&r, "BOS-0001").paid_by_insurer, Money::ZERO, "{case}");
                assert!(
                    !p.note
                        .facts()
                        .iter()
                        .any(|f| matches!(f, Fact::FromInsurer { .. })),
                    "{case}"
                );
            }
        }
    }
}

/// The same from an account pass 1 learned as hers: a payment naming an
/// invoice is hers (not counted as the insurer's), and one naming none is
/// decided by rule 5, also when it was booked before the one that taught
/// the account.
#[test]
fn a_client_named_like_an_insurer_pays_from_a_learned_account() {
    const HER: &str = "NL55INGB0000000055";
    for name in default_insurer_names() {
        let payer = format!("{} DE BOSMAN", name.to_uppercase());
        let invoice = |line: u64, number: &str, amount: &str| {
            let mut r = row(line, number, "K7", "Bosman, A.", amount, "2026-01-01");
            r.insurer = Some(name.clone());
            r
        };
        let lines = vec![
            at(
                bank("300.00", HER, &payer, "zorg"),
                "2026-01-20",
                "bank/ing.csv",
                2,
            ),
            at(
                bank("100.00", HER, "A. Bosman", "factuur BOS-0001"),
                "2026-02-01",
                "bank/ing.csv",
                3,
            ),
            at(
                bank("200.00", HER, &payer, "factuur BOS-0002"),
                "2026-02-02",
                "bank/ing.csv",
                4,
            ),
        ];
        let ledger = Ledger {
            invoices: vec![
                invoice(2, "BOS-0001", "100.00"),
                invoice(3, "BOS-0002", "200.00"),
                invoice(4, "BOS-0003", "300.00"),
            ],
            bank_lines: lines,
            ..Ledger::default()
        };
        let r = reconcile_on(&ledger, &Policy::default(), d("2026-03-01"), Threads::ONE);
        let rules: Vec<(PS, Rule)> = r.payments.iter().map(|p| (p.status, p.rule)).collect();
        assert_eq!(
            rules,
            [
                (PS::Allocated, Rule::IbanAmount),
                (PS::Allocated, Rule::Reference),
                (PS::Allocated, Rule::Reference),
            ],
            "{name}: {:?}",
            r.payments
        );
        assert_eq!(
            alloc(&r.payments[0]),
            vec![("BOS-0003", m("300.00"))],
            "{name}"
        );
        for p in &r.payments {
            assert!(
                !p.note
                    .facts()
                    .iter()
                    .any(|f| matches!(f, Fact::FromInsurer { .. })),
                "{name}: {:?}",
                p.note
            );
        }
        assert!(
            r.invoices.iter().all(|i| i.paid_by_insurer.is_zero()),
            "{name}"
        );
        // Deciding in groups on several threads gives the same.
        let many = reconcile_on(
            &ledger,
            &Policy::default(),
            d("2026-03-01"),
            Threads::all(3),
        );
        assert_eq!(r, many, "{name}");
    }
}

/// An insurer known by name only (no configured accounts) paying from an
/// account nobody knows is still recognised by name, as before; once its
/// accounts are configured, that name from another account is not.
#[test]
fn an_insurer_without_configured_accounts_is_still_known_by_name() {
    const STRANGER: &str = "NL77RABO0000000077";
    for name in default_insurer_names() {
        let mut r = row(2, "BOS-0001", "K7", "Bosman, A.", "100.00", "2026-01-01");
        r.insurer = Some(name.clone());
        let mut s = spec_line(2, "BOS-0001", Some("100.00"), None);
        s.insurer = Some(name.clone());
        s.declaration_number = Some("DCL-4711".into());
        let payer = format!("{} ZORGVERZEKERAAR", name.to_uppercase());
        let run_on = |policy: &Policy| {
            run_with(
                vec![r.clone()],
                vec![bank("100.00", STRANGER, &payer, "uitbetaling DCL4711")],
                vec![s.clone()],
                Vec::new(),
                policy,
            )
        };
        let by_name = run_on(&Policy::default());
        let p = &by_name.payments[0];
        assert_eq!(
            (p.status, p.rule),
            (PS::Allocated, Rule::Insurer),
            "{name}: {:?}",
            p.note
        );
        assert_eq!(
            inv(&by_name, "BOS-0001").paid_by_insurer,
            m("100.00"),
            "{name}"
        );
        let configured = Policy::from_toml(&format!(
            "[insurers]\n\"{name}\" = [\"NL66ABNA0000000066\"]\n"
        ))
        .unwrap();
        let p = &run_on(&configured).payments[0];
        assert_eq!(p.status, PS::Unmatched, "{name}: {:?}", p.note);
    }
}

/// An account nobody configured, whose payer is named like an insurer
/// whose accounts are configured, is no insurer's; but it is not learned
/// as a client's either: were it the insurer's second account, its next
/// payment would go to that client by rule 5.
#[test]
fn an_unconfigured_account_named_like_a_configured_insurer_teaches_nothing() {
    let r = run(vec![
        bank(
            "100.00",
            "NL95DSWX0000000066",
            "ZILVEREN KRUIS ZORGVERZEKERINGEN",
            "declaratie F-2026-0010",
        ),
        at(
            bank(
                "400.00",
                "NL95DSWX0000000066",
                "ZILVEREN KRUIS ZORGVERZEKERINGEN",
                "uitbetaling week 6",
            ),
            "2026-02-02",
            "bank/ing.csv",
            3,
        ),
    ]);
    let p = &r.payments[0];
    assert_eq!((p.status, p.rule), (PS::Allocated, Rule::Reference));
    assert!(
        !p.note
            .facts()
            .iter()
            .any(|f| matches!(f, Fact::FromInsurer { .. })),
        "{:?}",
        p.note
    );
    assert_eq!(inv(&r, "F-2026-0010").paid_by_insurer, Money::ZERO);
    assert_eq!(
        r.payments[1].status,
        PS::Unmatched,
        "{:?}",
        r.payments[1].note
    );
    // A client's payment from an account not in the register still teaches.
    let r = run(vec![
        bank("100.00", PIETERS, "P. Pieters", "factuur F-2026-0010"),
        at(
            bank("900.00", PIETERS, "P. Pieters", "rest"),
            "2026-02-02",
            "bank/ing.csv",
            3,
        ),
    ]);
    assert_eq!(
        r.payments[1].rule,
        Rule::IbanAmount,
        "{:?}",
        r.payments[1].note
    );
}

#[test]
fn rule_5_iban_amount_subset_and_fifo() {
    // Amount fits F-0002's need exactly.
    let r = run(vec![bank("400.00", JANSEN, "J Jansen", "zorg")]);
    assert_eq!(r.payments[0].rule, Rule::IbanAmount);
    assert_eq!(alloc(&r.payments[0]), vec![("F-2026-0002", m("400.00"))]);
    // 300 + 500: exactly one set.
    let r = run(vec![bank("800.00", JANSEN, "J Jansen", "zorg")]);
    assert_eq!(
        r.payments[0].rule,
        Rule::IbanSubset,
        "{:?}",
        r.payments[0].note
    );
    assert_eq!(
        alloc(&r.payments[0]),
        vec![("F-2026-0001", m("300.00")), ("F-2026-0003", m("500.00"))]
    );
    // 750 fits nothing: oldest first, the rest to the last.
    let r = run(vec![bank("750.00", JANSEN, "J Jansen", "zorg")]);
    assert_eq!(r.payments[0].rule, Rule::IbanFifo);
    assert_eq!(
        alloc(&r.payments[0]),
        vec![
            ("F-2026-0001", m("300.00")),
            ("F-2026-0002", m("400.00")),
            ("F-2026-0003", m("50.00"))
        ]
    );
    let r = run(vec![bank("2000.00", JANSEN, "J Jansen", "zorg")]);
    assert_eq!(
        alloc(&r.payments[0]),
        vec![
            ("F-2026-0001", m("300.00")),
            ("F-2026-0002", m("400.00")),
            ("F-2026-0003", m("1300.00"))
        ]
    );
}

#[test]
fn rule_5_several_sets_are_suggested() {
    let invoices = vec![
        with_iban(
            row(2, "A-0001", "K1", "Jansen", "100.00", "2026-01-01"),
            JANSEN,
        ),
        row(3, "A-0002", "K1", "Jansen", "200.00", "2026-01-02"),
        row(4, "A-0003", "K1", "Jansen", "150.00", "2026-01-03"),
        row(5, "A-0004", "K1", "Jansen", "150.00", "2026-01-04"),
    ];
    let r = decide(invoices.clone(), vec![bank("300.00", JANSEN, "x", "")]);
    let p = &r.payments[0];
    assert_decided(p, PS::Suggested, Rule::IbanSubset);
    let sets: Vec<Vec<&str>> = match account(p) {
        Some(AccountFact::SeveralSets { sets, .. }) => sets
            .iter()
            .map(|set| set.iter().map(Text::as_str).collect())
            .collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(sets, [["A-0001", "A-0002"], ["A-0003", "A-0004"]]);
    assert_eq!(p.unallocated, m("300.00"));
    // Two invoices with the same need: none is chosen.
    let r = decide(invoices, vec![bank("150.00", JANSEN, "x", "")]);
    let p = &r.payments[0];
    assert_decided(p, PS::Suggested, Rule::IbanAmount);
    assert!(
        matches!(
            account(p),
            Some(AccountFact::SeveralFit { count: 2, invoices, .. })
                if invoices[..] == [Text::from("A-0003"), Text::from("A-0004")]
        ),
        "{:?}",
        p.note
    );
}

#[test]
fn rule_5_need_up_to_required() {
    let spec = spec_line(2, "F-2026-0010", Some("700.00"), None);
    let mut invoices = register();
    invoices[3] = with_iban(invoices[3].clone(), PIETERS);
    let r = run_with(
        invoices,
        vec![bank("700.00", PIETERS, "P Pieters", "")],
        vec![spec],
        vec![],
        &policy(),
    );
    assert_eq!(r.payments[0].rule, Rule::IbanAmount);
    assert!(
        matches!(
            account(&r.payments[0]),
            Some(AccountFact::Fits(note::Fit {
                kind: FitKind::Required,
                ..
            }))
        ),
        "{:?}",
        r.payments[0].note
    );
    let i = inv(&r, "F-2026-0010");
    assert_eq!(i.status, InvoiceStatus::CoulanceEligible);
    assert_eq!(i.coulance, m("300.00"));
}

#[test]
fn rule_5_learns_ibans_from_pass_1_but_not_from_reversed_payments() {
    let learned = at(
        bank("300.00", PIETERS, "P Pieters", "F-2026-0010"),
        "2026-02-05",
        "bank/ing.csv",
        3,
    );
    // Earlier in time than what taught it: pass 2 still knows the IBAN.
    let later = bank("700.00", PIETERS, "P Pieters", "restant");
    let r = run(vec![later.clone(), learned.clone()]);
    assert_eq!(
        r.payments[0].rule,
        Rule::IbanAmount,
        "{:?}",
        r.payments[0].note
    );
    assert!(
        matches!(
            r.payments[0].note.facts().first(),
            Some(Fact::Account { who, .. })
                if matches!(**who, Who::Client { how: How::Learned(_), .. })
        ),
        "{:?}",
        r.payments[0].note
    );
    // Returned: it teaches nothing.
    let ret = at(
        bank("-300.00", PIETERS, "P Pieters", "storno F-2026-0010"),
        "2026-02-06",
        "bank/ing.csv",
        4,
    );
    let r = run(vec![later, learned, ret]);
    assert_eq!(r.payments[1].status, PS::Reversed);
    assert_eq!(r.payments[2].status, PS::Reversed);
    assert_ne!(
        r.payments[0].status,
        PS::Allocated,
        "{:?}",
        r.payments[0].note
    );
    assert_eq!(inv(&r, "F-2026-0010").paid, Money::ZERO);
}

#[test]
fn rule_5_shared_iban_allows_only_an_exact_single_fit() {
    let mut invoices = register();
    invoices[3] = with_iban(invoices[3].clone(), JANSEN);
    let r = decide(invoices.clone(), vec![bank("1000.00", JANSEN, "x", "")]);
    assert_eq!(r.payments[0].rule, Rule::IbanAmount);
    assert_eq!(alloc(&r.payments[0]), vec![("F-2026-0010", m("1000.00"))]);
    let r = decide(invoices, vec![bank("700.00", JANSEN, "x", "")]);
    assert_eq!(r.payments[0].status, PS::Unmatched, "no subset, no fifo");
    assert!(
        r.payments[0].note.facts().iter().any(|f| matches!(
            f,
            Fact::Account { who, what: AccountFact::FitsNone }
                if matches!(&**who, Who::Shared { clients, .. }
                    if clients[..] == [Text::from("K1"), Text::from("K2")])
        )),
        "{:?}",
        r.payments[0].note
    );
}

#[test]
fn rule_6_suggests_by_name_and_amount() {
    let r = run(vec![bank(
        "1000.00",
        "NL44INGB0000000004",
        "P. PIETERS",
        "zorg",
    )]);
    let p = &r.payments[0];
    assert_decided(p, PS::Suggested, Rule::Suggestion);
    assert!(
        matches!(
            p.note.facts().first(),
            Some(Fact::Suggest { fitting, count: 1, .. })
                if fitting[0].invoice == *"F-2026-0010" && fitting[0].client == *"K2"
        ),
        "{:?}",
        p.note
    );
    assert!(p.allocations.is_empty());
    assert_eq!(inv(&r, "F-2026-0010").paid, Money::ZERO);
    // Conflicting initials: no suggestion.
    let r = run(vec![bank(
        "1000.00",
        "NL44INGB0000000004",
        "K. Pieters",
        "zorg",
    )]);
    assert_eq!(r.payments[0].status, PS::Unmatched);
}

#[test]
fn unmatched_notes_list_candidates_with_reasons() {
    let r = run(vec![bank(
        "1012.50",
        "NL44INGB0000000004",
        "Piet Pieters",
        "zorg",
    )]);
    let p = &r.payments[0];
    assert_eq!(p.status, PS::Unmatched);
    assert!(
        matches!(
            candidate(p, "F-2026-0010"),
            Some(CandidateWhy::Differs { by, .. }) if *by == m("12.50")
        ),
        "{:?}",
        p.note
    );
    let r = run(vec![bank("1000.00", JANSEN, "x", "")]);
    // Jansen's IBAN, but 1000.00 is no sum of Jansen's invoices... fifo takes it.
    assert_eq!(r.payments[0].rule, Rule::IbanFifo);
    let mut p = policy();
    p.fifo = false;
    let r = run_with(
        register(),
        vec![bank("1000.00", JANSEN, "x", "")],
        vec![],
        vec![],
        &p,
    );
    assert_eq!(
        candidate(&r.payments[0], "F-2026-0010"),
        Some(&CandidateWhy::OtherClientsIban),
        "{:?}",
        r.payments[0].note
    );
}

#[test]
fn overrides_allocate_or_ignore_and_bad_rows_are_errors() {
    let a = bank("500.00", "NL44INGB0000000004", "x", "a");
    let b = bank("50.00", "NL44INGB0000000004", "x", "b");
    let path: Arc<str> = Arc::from("overrides.csv");
    let ov = |line: u64, id: &str, target: OverrideTarget, amount: Option<&str>| OverrideRow {
        source: Source::line(&path, line),
        payment_id: id.into(),
        target,
        amount: amount.map(m),
        note: "afspraak".into(),
    };
    let rows = vec![
        ov(
            2,
            &a.id,
            OverrideTarget::Invoice("F-2026-0001".into()),
            Some("200.00"),
        ),
        ov(3, &a.id, OverrideTarget::Invoice("f2026.0002".into()), None),
        ov(4, &b.id, OverrideTarget::Ignore, None),
        ov(5, "P-unknown", OverrideTarget::Ignore, None),
        ov(6, &b.id, OverrideTarget::Invoice("F-9".into()), None),
    ];
    let r = run_with(register(), vec![a, b], vec![], rows, &policy());
    assert_eq!(r.payments[0].rule, Rule::Override);
    assert_eq!(
        alloc(&r.payments[0]),
        vec![("F-2026-0001", m("200.00")), ("F-2026-0002", m("300.00"))]
    );
    assert_eq!(
        r.payments[0].note.facts().last(),
        Some(&Fact::AccountantNotes(vec!["afspraak".into()].into()))
    );
    assert_eq!(
        (r.payments[1].status, r.payments[1].rule),
        (PS::Ignored, Rule::Override)
    );
    let errors: Vec<&crate::problem::ProblemKind> = r
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| &p.kind)
        .collect();
    assert_eq!(
        errors,
        vec![
            &crate::problem::ProblemKind::OverrideUnknownPayment,
            &crate::problem::ProblemKind::OverrideUnknownInvoice
        ]
    );
}

#[test]
fn many_override_rows_of_one_payment_keep_each_note_once_in_order() {
    // Thousands of rows for one payment (square time before): the notes
    // come out once each, in the order first written.
    let a = bank("500.00", "NL44INGB0000000004", "x", "a");
    let path: Arc<str> = Arc::from("overrides.csv");
    let rows: Vec<OverrideRow> = (0..3_000u64)
        .map(|i| OverrideRow {
            source: Source::line(&path, i + 2),
            payment_id: a.id.to_string(),
            target: OverrideTarget::Ignore,
            amount: None,
            note: format!("afspraak {}", (i * 5) % 7),
        })
        .collect();
    let r = run_with(register(), vec![a], vec![], rows, &policy());
    assert_eq!(
        (r.payments[0].status, r.payments[0].rule),
        (PS::Ignored, Rule::Override)
    );
    let want: Vec<crate::text::Text> = [0, 5, 3, 1, 6, 4, 2]
        .iter()
        .map(|n| format!("afspraak {n}").as_str().into())
        .collect();
    assert_eq!(
        r.payments[0].note.facts().last(),
        Some(&Fact::AccountantNotes(want.into()))
    );
}

#[test]
fn duplicates_own_transfers_and_debits() {
    let line = bank("300.00", JANSEN, "J Jansen", "F-2026-0001");
    let mut copy = line.clone();
    copy.source = Source::line(&Arc::from("bank/a-earlier.csv"), 9);
    let own = bank("5000.00", OWN, "Eigen spaarrekening", "overboeking");
    let debit = bank(
        "-45.00",
        "NL55INGB0000000005",
        "Kantoorboekhandel",
        "F-2026-0001 printer",
    );
    let r = run(vec![line, copy, own, debit]);
    assert_eq!(
        r.payments[0].status,
        PS::Duplicate,
        "the copy in the later file"
    );
    assert!(matches!(
        r.payments[0].note.facts(),
        [Fact::Duplicate { first }] if first.to_string() == "bank/a-earlier.csv:9"
    ));
    assert_eq!(r.payments[1].status, PS::Allocated);
    assert_eq!(
        (r.payments[2].status, r.payments[2].rule),
        (PS::Ignored, Rule::OwnTransfer)
    );
    assert_eq!(
        (r.payments[3].status, r.payments[3].rule),
        (PS::Ignored, Rule::Debit)
    );
    assert!(
        matches!(r.payments[3].note.facts(), [Fact::NotARefund { .. }]),
        "{:?}",
        r.payments[3].note
    );
    assert_eq!(inv(&r, "F-2026-0001").paid, m("300.00"));
}

#[test]
fn refunds_lower_what_the_invoice_received() {
    let pay = bank("350.00", JANSEN, "J Jansen", "F-2026-0001");
    let refund = at(
        bank(
            "-50.00",
            JANSEN,
            "J. Jansen",
            "terugbetaling teveel F-2026-0001",
        ),
        "2026-02-10",
        "bank/ing.csv",
        3,
    );
    let r = run(vec![pay, refund]);
    let p = &r.payments[1];
    assert_eq!(
        (p.status, p.rule),
        (PS::Allocated, Rule::Refund),
        "{:?}",
        p.note
    );
    assert_eq!(alloc(p), vec![("F-2026-0001", m("-50.00"))]);
    assert_eq!(p.unallocated, Money::ZERO);
    let i = inv(&r, "F-2026-0001");
    assert_eq!((i.paid, i.status), (m("300.00"), InvoiceStatus::Settled));
}

#[test]
fn bank_marked_return_cancels_the_original() {
    let pay = bank("300.00", JANSEN, "J Jansen", "F-2026-0001");
    let mut ret = at(
        bank("-300.00", JANSEN, "J Jansen", "retour"),
        "2026-02-03",
        "bank/ing.csv",
        3,
    );
    ret.return_info = Some("AC06".into());
    let r = run(vec![pay, ret]);
    assert_eq!(r.payments[0].status, PS::Reversed);
    assert_eq!(r.payments[1].status, PS::Reversed);
    assert!(
        matches!(
            r.payments[0].note.facts(),
            [Fact::ReturnedBy(ret), Fact::DidNotStay { invoices }]
                if ret.reason.as_deref() == Some("AC06")
                    && invoices[..] == [Text::from("F-2026-0001")]
        ),
        "{:?}",
        r.payments[0].note
    );
    assert_eq!(r.payments[0].unallocated, m("300.00"));
    assert_eq!(inv(&r, "F-2026-0001").status, InvoiceStatus::Open);
}

#[test]
fn every_line_one_outcome_in_ledger_order_and_invoices_by_number() {
    let mut invoices = register();
    invoices.reverse();
    let r = run_with(
        invoices,
        vec![
            at(
                bank("1.00", "NL66", "a", "x"),
                "2026-02-09",
                "bank/z.csv",
                2,
            ),
            at(
                bank("2.00", "NL66", "a", "y"),
                "2026-02-01",
                "bank/a.csv",
                2,
            ),
        ],
        vec![],
        vec![],
        &policy(),
    );
    assert_eq!(
        r.payments.iter().map(|p| p.line).collect::<Vec<_>>(),
        vec![0, 1]
    );
    let numbers: Vec<&str> = r.invoices.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(
        numbers,
        vec!["F-2026-0001", "F-2026-0002", "F-2026-0003", "F-2026-0010"]
    );
}

#[test]
fn invoice_figures_and_due_dates() {
    let mut invoices = register();
    invoices[0].insurer = Some("Zilveren Kruis".into());
    let mut credit = row(9, "C-1", "K1", "Jansen, Jan", "-100.00", "2026-01-10");
    credit.credit_for = Some("F-2026-0001".into());
    invoices.push(credit);
    let spec = spec_line(2, "F-2026-0001", Some("150.00"), Some("50.00"));
    let r = run_with(
        invoices,
        vec![bank("150.00", JANSEN, "J Jansen", "F-2026-0001")],
        vec![spec],
        vec![],
        &policy(),
    );
    let i = inv(&r, "F-2026-0001");
    assert_eq!(
        (i.amount, i.credited, i.net),
        (m("300.00"), m("100.00"), m("200.00"))
    );
    assert_eq!(i.reimbursed, Some(m("150.00")));
    assert_eq!(i.deductible, Some(m("50.00")));
    assert_eq!(i.required, Some(m("150.00")));
    assert_eq!(i.status, InvoiceStatus::CoulanceEligible);
    assert_eq!(i.coulance, m("50.00"));
    assert_eq!(i.due_date, d("2026-01-31"));
    assert_eq!(i.payments.len(), 1);
    assert_eq!(i.insurer.as_deref(), Some("Zilveren Kruis"));
    let open = inv(&r, "F-2026-0002");
    assert_eq!((open.status, open.days_overdue), (InvoiceStatus::Open, 28));
}

/// A decision read from `decisions/x.xlsx`, row `r` of sheet `Blad`.
fn decided(r: u32, decided: crate::decisions::Decided) -> crate::decisions::DecisionRow {
    let path: Arc<str> = Arc::from("decisions/x.xlsx");
    crate::decisions::DecisionRow {
        source: Source::row(&path, "Blad", r).with_col(12),
        decided,
        written: String::new(),
        note: "besproken".into(),
        report_date: None,
    }
}

fn pay(id: &str, invoices: &[&str], amount: Option<&str>) -> crate::decisions::Decided {
    crate::decisions::Decided::Payment {
        payment_id: id.into(),
        target: crate::decisions::PaymentTarget::Invoices(
            invoices.iter().map(|s| s.to_string()).collect(),
        ),
        amount: amount.map(m),
    }
}

fn run_decided(
    bank_lines: Vec<BankLine>,
    spec_lines: Vec<SpecLine>,
    decisions: Vec<crate::decisions::DecisionRow>,
) -> Reconciliation {
    let ledger = Ledger {
        invoices: register(),
        bank_lines,
        spec_lines,
        decisions,
        ..Ledger::default()
    };
    reconcile(&ledger, &policy(), d("2026-03-01"))
}

#[test]
fn a_decision_naming_several_invoices_gives_each_what_it_needs_in_order() {
    let a = bank("900.00", "NL44INGB0000000004", "x", "a");
    let b = bank("500.00", "NL44INGB0000000004", "x", "b");
    let r = run_decided(
        vec![a.clone(), b.clone()],
        vec![],
        vec![
            decided(
                2,
                pay(&a.id, &["F-2026-0001", "F-2026-0002", "F-2026-0003"], None),
            ),
            // Within an amount: 300 of the 500, first F-2026-0010 up to
            // what it needs (all 300), nothing left for F-2026-0003.
            decided(
                3,
                pay(&b.id, &["F-2026-0010", "F-2026-0003"], Some("300.00")),
            ),
        ],
    );
    assert_eq!(
        alloc(&r.payments[0]),
        vec![
            ("F-2026-0001", m("300.00")),
            ("F-2026-0002", m("400.00")),
            ("F-2026-0003", m("200.00"))
        ]
    );
    assert_eq!(r.payments[0].rule, Rule::Override);
    assert!(
        matches!(
            r.payments[0].note.facts(),
            [Fact::OverrideAllocated { sources }, .., Fact::AccountantNotes(notes)]
                if sources.iter().any(|s| s.to_string() == "decisions/x.xlsx:Blad!M2")
                    && notes[..] == [Text::from("besproken")]
        ),
        "{:?}",
        r.payments[0].note
    );
    assert_eq!(alloc(&r.payments[1]), vec![("F-2026-0010", m("300.00"))]);
    assert_eq!(r.payments[1].unallocated, m("200.00"));
    assert!(
        r.decisions
            .iter()
            .all(|o| o.effect == crate::decisions::Effect::Applied)
    );
}

#[test]
fn a_hold_keeps_the_status_and_says_why_and_conflicting_holds_do_not_apply() {
    use crate::decisions::{Decided, Effect};
    // F-2026-0001: reimbursed 200, paid 200: coulance-eligible (100).
    let a = bank("200.00", JANSEN, "J. Jansen", "F-2026-0001");
    let specs = vec![spec_line(2, "F-2026-0001", Some("200.00"), None)];
    let hold = |r: u32, n: &str| decided(r, Decided::Hold { invoice: n.into() });
    let r = run_decided(vec![a.clone()], specs.clone(), vec![hold(2, "f2026-0001")]);
    let i = inv(&r, "F-2026-0001");
    assert_eq!(i.status, InvoiceStatus::CoulanceEligible);
    assert_eq!(i.coulance, m("100.00"));
    let held = i.reason.hold.as_deref().expect("held");
    assert_eq!(held.amount, m("100.00"));
    assert_eq!(held.source.to_string(), "decisions/x.xlsx:Blad!M2");
    assert_eq!(held.note, "besproken");
    assert_eq!(r.held, vec![0]);
    // The same invoice written off in another file: a conflict.
    let mut other = decided(
        5,
        Decided::WriteOff {
            invoice: "F-2026-0001".into(),
        },
    );
    other.source.path = Arc::from("decisions/y.csv");
    let r = run_decided(vec![a], specs, vec![hold(2, "F-2026-0001"), other]);
    assert!(r.held.is_empty());
    assert!(
        matches!(r.decisions[0].effect, Effect::Conflict(ref s) if s.path.as_ref() == "decisions/y.csv")
    );
    assert!(
        matches!(r.decisions[1].effect, Effect::Conflict(ref s) if s.path.as_ref() == "decisions/x.xlsx")
    );
    let conflicts = r
        .problems
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                crate::problem::ProblemKind::Decision(crate::problem::DecisionFlaw::Conflict(_))
            )
        })
        .count();
    assert_eq!(conflicts, 2, "both places are named");
}

/// Why the note of `p` says candidate `invoice` was not taken.
fn candidate<'a>(p: &'a PaymentOutcome, invoice: &str) -> Option<&'a CandidateWhy> {
    p.note.facts().iter().find_map(|f| match f {
        Fact::Candidates(list) => list.iter().find(|c| c.invoice == *invoice).map(|c| &c.why),
        _ => None,
    })
}

/// What rule 5 found, as the note of `p` states it.
fn account(p: &PaymentOutcome) -> Option<&AccountFact> {
    p.note.facts().iter().find_map(|f| match f {
        Fact::Account { what, .. } => Some(what),
        _ => None,
    })
}

#[test]
fn a_refund_hold_keeps_an_overpaid_invoice_and_never_meets_a_write_off_hold() {
    use crate::decisions::{Decided, Effect};
    // F-2026-0001 (300.00) paid 350.00: overpaid by 50.00.
    let a = bank("350.00", JANSEN, "J. Jansen", "F-2026-0001");
    let refund_hold = |r: u32, n: &str| decided(r, Decided::HoldRefund { invoice: n.into() });
    // A write-off hold of the same invoice in the same file is another
    // subject: no conflict, and nothing to write off.
    let r = run_decided(
        vec![a.clone()],
        vec![],
        vec![
            refund_hold(2, "F-2026-0001"),
            decided(
                3,
                Decided::Hold {
                    invoice: "F-2026-0001".into(),
                },
            ),
        ],
    );
    let i = inv(&r, "F-2026-0001");
    assert_eq!(i.status, InvoiceStatus::Overpaid);
    assert_eq!(i.outstanding, m("-50.00"));
    let held = i.reason.hold.as_deref().expect("refund held");
    assert!(held.refund);
    assert_eq!(held.amount, m("50.00"));
    assert!(r.held.is_empty(), "no write-off is held");
    assert_eq!(r.decisions[0].effect, Effect::Applied);
    assert_eq!(r.decisions[1].effect, Effect::NothingToHold);
    // A refund hold of an invoice that is not overpaid holds nothing.
    let r = run_decided(vec![], vec![], vec![refund_hold(2, "F-2026-0002")]);
    assert_eq!(r.decisions[0].effect, Effect::NothingToHold);
    assert!(inv(&r, "F-2026-0002").reason.hold.is_none());
    // Another file that refunds as usual: a conflict, as for holds.
    let mut other = decided(
        5,
        Decided::Refund {
            invoice: "F-2026-0001".into(),
        },
    );
    other.source.path = Arc::from("decisions/y.csv");
    let r = run_decided(vec![a], vec![], vec![refund_hold(2, "F-2026-0001"), other]);
    assert!(inv(&r, "F-2026-0001").reason.hold.is_none());
    assert!(
        matches!(r.decisions[0].effect, Effect::Conflict(ref s) if s.path.as_ref() == "decisions/y.csv")
    );
    assert!(
        matches!(r.decisions[1].effect, Effect::Conflict(ref s) if s.path.as_ref() == "decisions/x.xlsx")
    );
}

#[test]
fn a_newer_workbook_replaces_an_older_one_and_a_cleared_cell_undoes() {
    use crate::decisions::{Decided, Effect, Subject};
    // F-2026-0001: reimbursed 200, paid 200: coulance-eligible (100).
    let a = bank("200.00", JANSEN, "J. Jansen", "F-2026-0001");
    let specs = vec![spec_line(2, "F-2026-0001", Some("200.00"), None)];
    let at = |path: &str, date: &str, decided: Decided| {
        let mut row = self::decided(2, decided);
        row.source.path = Arc::from(path);
        row.report_date = Some(d(date));
        row
    };
    let hold = || Decided::Hold {
        invoice: "F-2026-0001".into(),
    };
    let cleared = || Decided::Cleared {
        subject: Subject::WriteOff,
        about: "F-2026-0001".into(),
    };
    // Monday holds, Tuesday clears: written off again.
    let r = run_decided(
        vec![a.clone()],
        specs.clone(),
        vec![
            at("decisions/a.xlsx", "2026-02-23", hold()),
            at("decisions/b.xlsx", "2026-02-24", cleared()),
        ],
    );
    assert!(r.held.is_empty());
    assert!(
        matches!(r.decisions[0].effect, Effect::Replaced(ref s) if s.path.as_ref() == "decisions/b.xlsx")
    );
    assert_eq!(r.decisions[1].effect, Effect::Undone);
    assert!(
        r.problems
            .iter()
            .all(|p| !matches!(p.kind, crate::problem::ProblemKind::Decision(_)))
    );
    // Whatever the path order: the later report date wins.
    let r = run_decided(
        vec![a.clone()],
        specs.clone(),
        vec![
            at("decisions/a.xlsx", "2026-02-24", hold()),
            at("decisions/b.xlsx", "2026-02-23", cleared()),
        ],
    );
    assert_eq!(r.held, vec![0]);
    assert_eq!(r.decisions[0].effect, Effect::Applied);
    // One report date, disagreeing: a conflict, as before.
    let r = run_decided(
        vec![a],
        specs,
        vec![
            at("decisions/a.xlsx", "2026-02-24", hold()),
            at("decisions/b.xlsx", "2026-02-24", cleared()),
        ],
    );
    assert!(r.held.is_empty());
    assert!(matches!(r.decisions[0].effect, Effect::Conflict(_)));
    assert!(matches!(r.decisions[1].effect, Effect::Conflict(_)));
}
