//! Integration tests: properties of the pure core on generated ledgers.
//!
//! Each case builds a small register (with credit notes), specifications,
//! overrides and bank files (with overlapping copies, returns, refunds,
//! own transfers, insurer payments by account and by name, and clients
//! named like an insurer), runs `reconcile`, and checks what
//! must always hold (docs/matching.md, §7, §9): money is conserved per payment and in
//! total, every bank line has exactly one outcome, every status follows
//! from its figures, and the order of the files does not matter.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use zorgrecon::config::Policy;
use zorgrecon::decisions::{Decided, DecisionRow, Effect, PaymentTarget};
use zorgrecon::ident::Iban;
use zorgrecon::invoice::InvoiceRow;
use zorgrecon::ledger::Ledger;
use zorgrecon::matching::{Threads, reconcile, reconcile_on};
use zorgrecon::money::Money;
use zorgrecon::outcome::{InvoiceOutcome, InvoiceStatus, PaymentStatus, Reconciliation};
use zorgrecon::overrides::{OverrideRow, OverrideTarget};
use zorgrecon::payment::{BankLine, assign_ids};
use zorgrecon::report::{Lang, ReportInput};
use zorgrecon::source::Source;
use zorgrecon::spec::SpecLine;

const CLIENTS: [(&str, &str, &str); 4] = [
    ("K1", "Jan Jansen", "NL11RABO0000000001"),
    ("K2", "Piet Pieters", "NL22RABO0000000002"),
    ("K3", "Anna de Vries", "NL33RABO0000000003"),
    ("K4", "Kees Bakker", "NL44RABO0000000004"),
];
const INSURER_IBAN: &str = "NL00ABNA0123456789";
const OWN_IBAN: &str = "NL91ABNA0417164300";

#[derive(Clone, Debug)]
struct GenInvoice {
    client: usize,
    cents: i64,
    day: u8,
    in_register: bool,
    credit: Option<i64>,
}

#[derive(Clone, Debug)]
struct GenSpec {
    invoice: usize,
    reimbursed: i64,
    deductible: Option<i64>,
    declaration: u8,
}

#[derive(Clone, Debug)]
struct GenLine {
    file: usize,
    day: u8,
    payer: usize,
    target: usize,
    second: usize,
    kind: u8,
    exact: bool,
    cents: i64,
    debit: bool,
    returned: bool,
    copy_to: Option<usize>,
}

#[derive(Clone, Debug)]
struct Case {
    invoices: Vec<GenInvoice>,
    specs: Vec<GenSpec>,
    lines: Vec<GenLine>,
    overrides: Vec<(usize, usize, Option<i64>)>,
    fifo: bool,
    max_subset: u8,
    floor: u8,
    deadline: u8,
    perm: u64,
}

fn gen_invoice() -> impl Strategy<Value = GenInvoice> {
    (
        0..4usize,
        1..200_000i64,
        0..60u8,
        any::<bool>(),
        prop::option::weighted(0.2, 1..50_000i64),
    )
        .prop_map(|(client, cents, day, in_register, credit)| GenInvoice {
            client,
            cents,
            day,
            in_register,
            credit,
        })
}

fn gen_line() -> impl Strategy<Value = GenLine> {
    (
        (0..4usize, 0..60u8, 0..11usize, 0..16usize, 0..16usize),
        (0..8u8, any::<bool>(), 1..300_000i64),
        (
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.1),
            prop::option::weighted(0.15, 0..4usize),
        ),
    )
        .prop_map(
            |(
                (file, day, payer, target, second),
                (kind, exact, cents),
                (debit, returned, copy_to),
            )| {
                GenLine {
                    file,
                    day,
                    payer,
                    target,
                    second,
                    kind,
                    exact,
                    cents,
                    debit,
                    returned,
                    copy_to,
                }
            },
        )
}

fn gen_case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(gen_invoice(), 1..14),
        prop::collection::vec(
            (
                0..16usize,
                0..200_000i64,
                prop::option::of(0..40_000i64),
                0..4u8,
            )
                .prop_map(|(invoice, reimbursed, deductible, declaration)| GenSpec {
                    invoice,
                    reimbursed,
                    deductible,
                    declaration,
                }),
            0..8,
        ),
        prop::collection::vec(gen_line(), 0..24),
        prop::collection::vec(
            (0..24usize, 0..16usize, prop::option::of(1..100_000i64)),
            0..3,
        ),
        (any::<bool>(), 0..9u8, 0..3u8, 0..3u8, any::<u64>()),
    )
        .prop_map(
            |(invoices, specs, lines, overrides, (fifo, max_subset, floor, deadline, perm))| Case {
                invoices,
                specs,
                lines,
                overrides,
                fifo,
                max_subset,
                floor,
                deadline,
                perm,
            },
        )
}

/// Where a generated bank line is until its file gives it its own line.
fn unplaced() -> Source {
    Source::line(&Arc::from("bank/x.csv"), 0)
}

fn day(n: u8) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(i64::from(n))
}

fn number(i: usize) -> String {
    format!("F-2026-{:04}", 101 + i * 7)
}

fn policy(case: &Case) -> Policy {
    let floor = ["0", "0.5", "0.75"][usize::from(case.floor)];
    let deadline = [0, 10, 60][usize::from(case.deadline)];
    Policy::from_toml(&format!(
        "[provider]\nibans = [\"{OWN_IBAN}\"]\n\
         [policy.insurer.\"Zilveren Kruis\"]\nclient_share_floor = \"{floor}\"\ncoulance_deadline_days = {deadline}\n\
         [insurers]\n\"Zilveren Kruis\" = [\"{INSURER_IBAN}\"]\n\
         [matching]\nfifo = {}\nmax_subset = {}\n",
        case.fifo, case.max_subset
    ))
    .unwrap()
}

/// The ledger of a case, with files in path order.
fn ledger(case: &Case) -> Ledger {
    let reg_a: Arc<str> = Arc::from("invoices/a.csv");
    let reg_b: Arc<str> = Arc::from("invoices/b.csv");
    let mut invoices = Vec::new();
    for (i, g) in case.invoices.iter().enumerate() {
        let (id, name, iban) = CLIENTS[g.client];
        let path = if i % 2 == 0 { &reg_a } else { &reg_b };
        invoices.push(InvoiceRow {
            source: Source::line(path, 2 + i as u64 * 2),
            number: number(i),
            client_id: id.into(),
            client_name: name.into(),
            amount: Money::from_cents(g.cents),
            invoice_date: day(g.day),
            due_date: None,
            // VGZ has no configured account: it is known by name only.
            insurer: match i % 3 {
                0 => Some("Zilveren Kruis".to_string()),
                1 => Some("VGZ".to_string()),
                _ => None,
            },
            client_ibans: if g.in_register {
                Iban::parse(iban).into_iter().collect()
            } else {
                Vec::new()
            },
            payment_reference: None,
            credit_for: None,
            agent: None,
            contact: Default::default(),
        });
        if let Some(c) = g.credit {
            invoices.push(InvoiceRow {
                source: Source::line(path, 3 + i as u64 * 2),
                number: format!("C-{i}"),
                client_id: id.into(),
                client_name: name.into(),
                amount: Money::from_cents(-c),
                invoice_date: day(g.day),
                due_date: None,
                insurer: None,
                client_ibans: Vec::new(),
                payment_reference: None,
                // Every third credit note names an invoice that does not exist.
                credit_for: Some(if i % 3 == 2 { "X-1".into() } else { number(i) }),
                agent: None,
                contact: Default::default(),
            });
        }
    }
    invoices.sort_by(|a, b| a.source.cmp(&b.source));

    let n = case.invoices.len();
    let spec_path: Arc<str> = Arc::from("specs/zk.csv");
    let spec_lines: Vec<SpecLine> = case
        .specs
        .iter()
        .enumerate()
        .map(|(k, s)| SpecLine {
            source: Source::line(&spec_path, 2 + k as u64),
            // One in a few names an invoice that does not exist.
            invoice_number: Some(number(s.invoice % (n + 1))),
            declaration_number: Some(format!("D-{:06}", 500_000 + u32::from(s.declaration))),
            insurer: Some("Zilveren Kruis".into()),
            client: None,
            care_date: None,
            declared: None,
            // Mostly a share of the invoice, as insurers reimburse.
            reimbursed: Some(Money::from_cents(
                match case.invoices.get(s.invoice % (n + 1)) {
                    Some(inv) if s.reimbursed % 4 != 0 => inv.cents * (s.reimbursed % 101) / 100,
                    _ => s.reimbursed,
                },
            )),
            deductible: s.deductible.map(Money::from_cents),
            co_payment: None,
            paid_out: None,
            paid_to: None,
            payment_date: None,
        })
        .collect();

    let mut files: Vec<Vec<BankLine>> = vec![Vec::new(); 4];
    for g in &case.lines {
        let target = g.target % n;
        let (payer_iban, payer_name) = match g.payer {
            0..=3 => (Some(CLIENTS[g.payer].2), CLIENTS[g.payer].1),
            4 => (Some(INSURER_IBAN), "Zilveren Kruis"),
            5 => (Some(OWN_IBAN), "Eigen rekening"),
            6 => (None, "J. Jansen"),
            7 => (Some("NL55INGB0000000055"), "Onbekende Betaler"),
            8 => (Some(CLIENTS[case.invoices[target].client].2), "A de Vries"),
            // A client whose name holds an insurer's, from her account
            // (in the register, learned, or neither), and that insurer
            // from an account nobody knows.
            9 => (
                Some(CLIENTS[case.invoices[target].client].2),
                "VGZ de Vries",
            ),
            _ => (Some("NL66INGB0000000066"), "VGZ Zorgverzekeraar"),
        };
        let num = number(target);
        let description = match g.kind {
            0 => format!("factuur {num}"),
            1 => format!("factuur {}", &num[..num.len() - 1]) + "9",
            2 => format!("{num} en {}", number(g.second % n)),
            3 => format!("declaratie D-{:06}", 500_000 + g.second % 4),
            4 => String::new(),
            5 => "gift".into(),
            _ => format!("zorg {}", g.second),
        };
        let mut cents = if g.exact {
            case.invoices[target].cents
        } else {
            g.cents
        };
        if g.debit {
            cents = -cents;
        }
        let mut line = BankLine {
            counterparty_iban: payer_iban.and_then(Iban::parse),
            counterparty_name: payer_name.into(),
            description: description.into(),
            ..BankLine::booked(unplaced(), OWN_IBAN, day(g.day), Money::from_cents(cents))
        };
        files[g.file].push(line.clone());
        if g.returned {
            line.amount = -line.amount;
            line.booking_date += Duration::days(2);
            line.return_info = Some("MD06".into());
            files[g.file].push(line.clone());
        }
        if let Some(other) = g.copy_to {
            files[other].push(line);
        }
    }
    let mut bank_lines = Vec::new();
    for (f, mut lines) in files.into_iter().enumerate() {
        let path: Arc<str> = Arc::from(format!("bank/{f}.csv").as_str());
        for (k, l) in lines.iter_mut().enumerate() {
            l.source = Source::line(&path, 2 + k as u64);
        }
        assign_ids(&mut lines);
        bank_lines.extend(lines);
    }

    let ov_path: Arc<str> = Arc::from("overrides.csv");
    let overrides = case
        .overrides
        .iter()
        .enumerate()
        .map(|(k, (line, inv, amount))| OverrideRow {
            source: Source::line(&ov_path, 2 + k as u64),
            payment_id: bank_lines
                .get(line % bank_lines.len().max(1))
                .map_or("P-none".to_string(), |l| l.id.to_string()),
            target: if *inv == 15 {
                OverrideTarget::Ignore
            } else {
                OverrideTarget::Invoice(number(inv % (n + 1)))
            },
            amount: amount.map(Money::from_cents),
            note: String::new(),
        })
        .collect();

    Ledger {
        invoices,
        bank_lines,
        spec_lines,
        overrides,
        ..Ledger::default()
    }
}

/// The same ledger with whole files listed in another order.
fn shuffled(ledger: &Ledger, seed: u64) -> Ledger {
    fn shuffle_files<T: Clone>(rows: &[T], path: impl Fn(&T) -> Arc<str>, seed: u64) -> Vec<T> {
        let mut files: BTreeMap<Arc<str>, Vec<T>> = BTreeMap::new();
        for r in rows {
            files.entry(path(r)).or_default().push(r.clone());
        }
        let mut keyed: Vec<(u64, Vec<T>)> = files
            .into_values()
            .enumerate()
            .map(|(i, rows)| {
                let k = (i as u64 + 1)
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(seed)
                    .rotate_left(17);
                (k, rows)
            })
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        keyed.into_iter().flat_map(|(_, rows)| rows).collect()
    }
    Ledger {
        invoices: shuffle_files(&ledger.invoices, |r| r.source.path.clone(), seed),
        bank_lines: shuffle_files(&ledger.bank_lines, |r| r.source.path.clone(), seed),
        spec_lines: shuffle_files(&ledger.spec_lines, |r| r.source.path.clone(), seed),
        overrides: ledger.overrides.clone(),
        own_accounts: ledger.own_accounts.clone(),
        decisions: ledger.decisions.clone(),
        // The receipts point into the bank lines by position, which the
        // shuffle changes: the generated ledgers that are shuffled have none.
        agent_lines: Vec::new(),
    }
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

/// docs/statuses.md, written out again independently of `status.rs`.
fn expected_status(
    net: Money,
    paid: Money,
    reimbursed: Option<Money>,
    floor: Decimal,
    deadline_passed: bool,
) -> (InvoiceStatus, Money) {
    let tol = Money::from_cents(1);
    if paid > net + tol {
        return (InvoiceStatus::Overpaid, Money::ZERO);
    }
    if net <= Money::ZERO || paid >= net - tol {
        return (InvoiceStatus::Settled, Money::ZERO);
    }
    if let Some(r) = reimbursed {
        let floor_amount = Money::new(net.decimal() * floor).round_cents();
        let required = net.min(r.max(floor_amount));
        if r > Money::ZERO && paid >= required - tol && !deadline_passed {
            return (InvoiceStatus::CoulanceEligible, net - paid);
        }
    }
    if paid > tol {
        (InvoiceStatus::PartiallyPaid, Money::ZERO)
    } else {
        (InvoiceStatus::Open, Money::ZERO)
    }
}

fn check(ledger: &Ledger, policy: &Policy, r: &Reconciliation) -> Result<(), TestCaseError> {
    // Every bank line has exactly one outcome, in ledger order.
    prop_assert_eq!(r.payments.len(), ledger.bank_lines.len());
    let mut credits = Money::ZERO;
    let mut buckets = Money::ZERO;
    let mut paid_per_invoice: BTreeMap<&str, Money> = BTreeMap::new();
    for (i, p) in r.payments.iter().enumerate() {
        prop_assert_eq!(p.line, i);
        let line = &ledger.bank_lines[i];
        let allocated: Money = p.allocations.iter().map(|a| a.amount).sum();
        // Allocations sum exactly to amount − unallocated and never exceed it.
        prop_assert_eq!(allocated, line.amount - p.unallocated, "{:?}", p);
        prop_assert!(allocated.abs() <= line.amount.abs(), "{:?}", p);
        prop_assert!(
            allocated.is_zero() || allocated.is_negative() == line.amount.is_negative(),
            "{:?}",
            p
        );
        if p.status != PaymentStatus::Allocated {
            prop_assert!(p.allocations.is_empty(), "{:?}", p);
        }
        // Every line's note is worded in both languages.
        prop_assert!(!zorgrecon::report::text::note(p, zorgrecon::report::Lang::En).is_empty());
        for a in &p.allocations {
            *paid_per_invoice.entry(a.invoice.as_str()).or_default() += a.amount;
        }
        if line.is_credit() {
            credits += line.amount;
            buckets += match p.status {
                PaymentStatus::Allocated => allocated + p.unallocated,
                PaymentStatus::Suggested | PaymentStatus::Unmatched => p.unallocated,
                PaymentStatus::Ignored | PaymentStatus::Duplicate | PaymentStatus::Reversed => {
                    line.amount
                }
            };
        }
        if line.return_info.is_some() && p.status != PaymentStatus::Duplicate {
            let overridden = ledger.overrides.iter().any(|o| o.payment_id == line.id)
                || ledger.decisions.iter().any(|d| {
                    matches!(&d.decided, Decided::Payment { payment_id, .. } if payment_id == line.id.as_str())
                });
            // An override may also reach a return through another copy of
            // the same booking (another format that does not mark it as a
            // return): the override follows the line that counts.
            prop_assert!(
                overridden
                    || p.rule == zorgrecon::outcome::Rule::Override
                    || p.status == PaymentStatus::Reversed
                    || p.status == PaymentStatus::Ignored,
                "{:?}",
                p
            );
        }
    }
    // Credits read = allocated + unallocated + ignored + duplicate + reversed.
    prop_assert_eq!(credits, buckets);

    // Every invoice: paid is what payments allocated; status per docs/statuses.md.
    let mut last: Option<&str> = None;
    for inv in &r.invoices {
        if let Some(prev) = last {
            prop_assert!(prev < inv.number.as_str(), "sorted by number");
        }
        last = Some(inv.number.as_str());
        let paid = paid_per_invoice
            .get(inv.number.as_str())
            .copied()
            .unwrap_or_default();
        prop_assert_eq!(inv.paid, paid, "{}", inv.number);
        prop_assert_eq!(inv.net, inv.amount - inv.credited);
        let ip = policy.for_insurer(inv.insurer.as_deref());
        let deadline_passed = ip.coulance_deadline_days > 0
            && as_of() > inv.due_date + Duration::days(i64::from(ip.coulance_deadline_days));
        let (status, coulance) = expected_status(
            inv.net,
            inv.paid,
            inv.reimbursed,
            ip.client_share_floor,
            deadline_passed,
        );
        prop_assert_eq!(inv.status, status, "{}: {:?}", inv.number, inv.reason);
        prop_assert_eq!(inv.coulance, coulance);
        prop_assert_eq!(inv.outstanding, inv.net - inv.paid);
        prop_assert_eq!(inv.required.is_some(), inv.reimbursed.is_some());
        // The reason states the facts of the status it explains.
        use zorgrecon::reason::Why;
        let fits = matches!(
            (&inv.reason.why, inv.status),
            (Why::Overpaid { .. }, InvoiceStatus::Overpaid)
                | (
                    Why::NothingToPay { .. } | Why::Paid { .. },
                    InvoiceStatus::Settled
                )
                | (Why::Coulance { .. }, InvoiceStatus::CoulanceEligible)
                | (Why::PartlyPaid { .. }, InvoiceStatus::PartiallyPaid)
                | (Why::NothingReceived { .. }, InvoiceStatus::Open)
        );
        prop_assert!(fits, "{:?}", inv.reason);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn invariants_hold_on_generated_ledgers(case in gen_case()) {
        let policy = policy(&case);
        let ledger = ledger(&case);
        let r = reconcile(&ledger, &policy, as_of());
        check(&ledger, &policy, &r)?;
    }

    #[test]
    fn the_order_of_the_files_does_not_matter(case in gen_case()) {
        let policy = policy(&case);
        let ledger = ledger(&case);
        let other = shuffled(&ledger, case.perm);
        let a = reconcile(&ledger, &policy, as_of());
        let b = reconcile(&other, &policy, as_of());
        check(&other, &policy, &b)?;
        prop_assert_eq!(&a.invoices, &b.invoices);
        let mut pa = a.problems.clone();
        let mut pb = b.problems.clone();
        pa.sort();
        pb.sort();
        prop_assert_eq!(pa, pb);
        prop_assert_eq!(keyed(&ledger, &a), keyed(&other, &b));
    }

    /// Deciding the groups apart, on several threads, gives exactly what
    /// deciding every line in one sequence gives.
    #[test]
    fn deciding_in_groups_equals_one_sequence(case in gen_case(), threads in 2usize..9) {
        let policy = policy(&case);
        let ledger = ledger(&case);
        let one = reconcile_on(&ledger, &policy, as_of(), Threads::ONE);
        let many = reconcile_on(&ledger, &policy, as_of(), Threads::all(threads));
        prop_assert_eq!(&one.payments, &many.payments);
        prop_assert_eq!(&one.invoices, &many.invoices);
        prop_assert_eq!(&one.problems, &many.problems);
        prop_assert_eq!(&one.decisions, &many.decisions);
        prop_assert_eq!(&one.held, &many.held);
        // What a machine of that many cores uses (no shares below three).
        let chosen = reconcile_on(&ledger, &policy, as_of(), Threads::for_cores(threads));
        prop_assert_eq!(&one, &chosen);
    }
}

/// The ledger with a second copy of bank file `f` in another format, as a
/// bank writes it in MT940 or CAMT.053: names in capitals, the
/// description in other words, the bank's own reference, and for every
/// third line no counterparty account. Its path sorts just after the file
/// it copies (`bank/0.csv` < `bank/0.csv.xml` < `bank/1.csv`).
fn with_copy_in_another_format(ledger: &Ledger, f: usize) -> Ledger {
    let path = format!("bank/{f}.csv");
    let copy_path: Arc<str> = Arc::from(format!("{path}.xml").as_str());
    let mut copy: Vec<BankLine> = ledger
        .bank_lines
        .iter()
        .filter(|l| *l.source.path == *path)
        .cloned()
        .collect();
    for (k, l) in copy.iter_mut().enumerate() {
        l.source = Source::entry(&copy_path, 1 + k as u64);
        l.counterparty_name = l.counterparty_name.to_uppercase().into();
        l.description = format!("/REMI/USTD//{}/", l.description).into();
        l.bank_reference = Some(format!("2026{k:08}").into());
        if k % 3 == 2 {
            l.counterparty_iban = None;
        }
    }
    assign_ids(&mut copy);
    let mut out = ledger.clone();
    let at = out
        .bank_lines
        .iter()
        .position(|l| *l.source.path > *copy_path)
        .unwrap_or(out.bank_lines.len());
    out.bank_lines.splice(at..at, copy);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The same statement downloaded a second time in another
    /// format changes no invoice and no decision of the lines read before;
    /// every line of the copy is a duplicate.
    #[test]
    fn a_second_copy_in_another_format_changes_no_invoice(case in gen_case(), f in 0usize..4) {
        let policy = policy(&case);
        let ledger = ledger(&case);
        let twice = with_copy_in_another_format(&ledger, f);
        let a = reconcile(&ledger, &policy, as_of());
        let b = reconcile(&twice, &policy, as_of());
        check(&twice, &policy, &b)?;
        prop_assert_eq!(&a.invoices, &b.invoices);
        let before = keyed(&ledger, &a);
        let after = keyed(&twice, &b);
        for (source, outcome) in &after {
            match before.get(source) {
                Some(o) => prop_assert_eq!(o, outcome, "{}", source),
                None => prop_assert!(outcome.contains("status: Duplicate"), "{}: {}", source, outcome),
            }
        }
    }
}

/// Payment outcomes keyed by their bank line's source, line index removed.
fn keyed(ledger: &Ledger, r: &Reconciliation) -> BTreeMap<String, String> {
    r.payments
        .iter()
        .map(|p| {
            let source = ledger.bank_lines[p.line].source.to_string();
            let mut p = p.clone();
            p.line = 0;
            (source, format!("{p:?}"))
        })
        .collect()
}

/// The per-client and per-insurer lists and the list of missing
/// specifications, checked against sums over the invoices (what
/// `invoices.csv` holds), with the rules written out again here.
fn check_follow_up(input: &ReportInput<'_>) -> Result<(), TestCaseError> {
    use zorgrecon::report::{by_client, by_insurer, spec_missing};
    let invoices = &input.recon.invoices;
    let reminder = i64::from(input.policy.spec_reminder_days);
    let owing =
        |i: &InvoiceOutcome| matches!(i.status, InvoiceStatus::Open | InvoiceStatus::PartiallyPaid);
    let chased =
        |i: &InvoiceOutcome| owing(i) && i.reimbursed.is_none() && i.days_overdue > reminder;
    // Due today or later (0 days overdue) is not yet due.
    let bucket = |d: i64| match d {
        ..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    };

    // Per client: each row is the sum over that client's invoices, and
    // every client with anything to collect, refund, write off or chase
    // has exactly one row.
    #[derive(Default, PartialEq, Debug)]
    struct Sums {
        open: u64,
        owed: Money,
        aged: [Money; 5],
        refund: Money,
        coulance: Money,
        awaiting: u64,
    }
    let mut want: BTreeMap<&str, Sums> = BTreeMap::new();
    for i in invoices {
        let s = want.entry(i.client_id.as_str()).or_default();
        if owing(i) {
            s.open += 1;
            s.owed += i.outstanding;
            s.aged[bucket(i.days_overdue)] += i.outstanding;
        }
        if i.status == InvoiceStatus::Overpaid {
            s.refund += i.paid - i.net;
        }
        s.coulance += i.coulance;
        s.awaiting += u64::from(chased(i));
    }
    want.retain(|_, s| {
        s.open > 0 || !s.refund.is_zero() || !s.coulance.is_zero() || s.awaiting > 0
    });
    let rows = by_client::rows(input);
    let got: BTreeMap<&str, Sums> = rows
        .iter()
        .map(|r| {
            (
                r.client_id,
                Sums {
                    open: r.invoices_open,
                    owed: r.owed,
                    aged: r.owed_by_age,
                    refund: r.to_refund,
                    coulance: r.coulance,
                    awaiting: r.awaiting_specification,
                },
            )
        })
        .collect();
    prop_assert_eq!(got.len(), rows.len(), "one row per client");
    prop_assert_eq!(&got, &want);
    for pair in rows.windows(2) {
        prop_assert!(
            (std::cmp::Reverse(pair[0].owed), pair[0].client_id)
                < (std::cmp::Reverse(pair[1].owed), pair[1].client_id),
            "sorted by owed, then client"
        );
    }

    // Per insurer: each group's sums, the group without an insurer last.
    type Group = (u64, Money, u64, Money, Money, Money, u64, u64, Money);
    let mut want: BTreeMap<Option<&str>, Group> = BTreeMap::new();
    for i in invoices {
        let g = want.entry(i.insurer.as_deref()).or_default();
        g.0 += 1;
        g.1 += i.net;
        g.2 += u64::from(i.reimbursed.is_some());
        g.3 += i.reimbursed.unwrap_or_default();
        g.4 += i.deductible.unwrap_or_default();
        g.5 += i.coulance;
        // The floor raised what is required above what was reimbursed.
        g.6 += u64::from(matches!((i.reimbursed, i.required), (Some(r), Some(q)) if q > r));
        g.7 += u64::from(chased(i));
        g.8 += i.paid_by_insurer;
    }
    let rows = by_insurer::rows(input);
    let got: BTreeMap<Option<&str>, Group> = rows
        .iter()
        .map(|r| {
            (
                r.insurer,
                (
                    r.invoices,
                    r.net,
                    r.with_specification,
                    r.reimbursed,
                    r.deductible,
                    r.coulance,
                    r.floor_applied,
                    r.awaiting_specification,
                    r.paid_by_insurer,
                ),
            )
        })
        .collect();
    prop_assert_eq!(got.len(), rows.len(), "one row per insurer");
    prop_assert_eq!(&got, &want);
    prop_assert!(rows.iter().rev().skip(1).all(|r| r.insurer.is_some()));
    for r in &rows {
        if let Some(rate) = r.reimbursement_rate() {
            let exact = r.reimbursed.decimal() / r.net_with_specification.decimal();
            prop_assert!((rate - exact).abs() <= Decimal::new(5, 5), "{rate} {exact}");
        }
    }

    // Specification missing: exactly the invoices the rule names, oldest
    // first.
    let list = spec_missing::list(input);
    let mut want: Vec<&str> = invoices
        .iter()
        .filter(|i| chased(i))
        .map(|i| i.number.as_str())
        .collect();
    want.sort();
    let mut got: Vec<&str> = list.iter().map(|c| c.invoice.number.as_str()).collect();
    got.sort();
    prop_assert_eq!(got, want);
    prop_assert!(
        list.windows(2)
            .all(|p| p[0].invoice.due_date <= p[1].invoice.due_date)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn per_client_and_per_insurer_totals_equal_the_invoices(case in gen_case(), reminder in 0u32..45) {
        let mut policy = policy(&case);
        policy.spec_reminder_days = reminder;
        let ledger = ledger(&case);
        let recon = reconcile(&ledger, &policy, as_of());
        let input = ReportInput::of(as_of(), &policy, &ledger, &recon);
        check_follow_up(&input)?;
    }
}

/// The case's overrides as workbook decisions instead: in `decisions/a.csv`
/// and again in `decisions/b.csv` (the same, or with another invoice when
/// `differ`), and write-off holds on the invoices `holds` names.
fn with_decisions(case: &Case, differ: bool, holds: &[usize]) -> Ledger {
    let mut ledger = ledger(case);
    let overrides = std::mem::take(&mut ledger.overrides);
    let (a, b): (Arc<str>, Arc<str>) = (Arc::from("decisions/a.csv"), Arc::from("decisions/b.csv"));
    let n = case.invoices.len();
    for (k, o) in overrides.iter().enumerate() {
        let (target, other) = match &o.target {
            OverrideTarget::Ignore => (
                PaymentTarget::Ignore,
                PaymentTarget::Invoices(vec![number(0)]),
            ),
            OverrideTarget::Invoice(x) => (
                PaymentTarget::Invoices(vec![x.clone()]),
                PaymentTarget::Invoices(vec![number((k + 1) % (n + 1))]),
            ),
        };
        let row = |path: &Arc<str>, target: PaymentTarget| DecisionRow {
            source: Source::line(path, k as u64 + 2),
            decided: Decided::Payment {
                payment_id: o.payment_id.clone(),
                target,
                amount: o.amount,
            },
            written: String::new(),
            note: String::new(),
            report_date: None,
        };
        ledger.decisions.push(row(&a, target.clone()));
        ledger
            .decisions
            .push(row(&b, if differ { other } else { target }));
    }
    for (k, &i) in holds.iter().enumerate() {
        ledger.decisions.push(DecisionRow {
            source: Source::line(&b, 100 + k as u64),
            decided: Decided::Hold {
                invoice: number(i % (n + 1)),
            },
            written: String::new(),
            note: String::new(),
            report_date: None,
        });
    }
    // Files in path order, as the reader delivers them.
    ledger.decisions.sort_by(|x, y| x.source.cmp(&y.source));
    ledger
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Decisions never break an invariant; every decision gets one
    /// outcome; one that applies decides its payment by rule override;
    /// decisions that differ apply neither, and the same decision in two
    /// files is no conflict; only coulance-eligible
    /// invoices are held.
    #[test]
    fn decisions_keep_the_invariants(
        case in gen_case(),
        differ in any::<bool>(),
        holds in prop::collection::vec(0..16usize, 0..3),
    ) {
        let policy = policy(&case);
        let ledger = with_decisions(&case, differ, &holds);
        let r = reconcile(&ledger, &policy, as_of());
        check(&ledger, &policy, &r)?;
        prop_assert_eq!(r.decisions.len(), ledger.decisions.len());
        for (k, o) in r.decisions.iter().enumerate() {
            prop_assert_eq!(o.decision, k);
            let is_payment = matches!(ledger.decisions[k].decided, Decided::Payment { .. });
            if is_payment && o.effect == Effect::Applied {
                let line = o.line.expect("an applied decision has its payment");
                prop_assert_eq!(r.payments[line].rule, zorgrecon::outcome::Rule::Override);
            }
            if let (Effect::Conflict(_), Some(line)) = (&o.effect, o.line) {
                // Decisions that differ apply neither.
                prop_assert!(r.payments[line].rule != zorgrecon::outcome::Rule::Override, "{:?}", o);
            }
        }
        if !differ {
            prop_assert!(r.decisions.iter().all(|o| !matches!(o.effect, Effect::Conflict(_))));
        }
        for &h in &r.held {
            prop_assert_eq!(r.invoices[h].status, InvoiceStatus::CoulanceEligible);
            prop_assert!(r.invoices[h].reason.hold.is_some());
        }
    }
}

// ---------------------------------------------------------------------------
// Billing agents: generated ledgers where some
// invoices go through an agent, with the agents' statements and payouts.

/// The agents, their payout accounts, in the order of their folders.
const AGENTS: [(&str, &str); 2] = [
    ("Famed", "NL69INGB0123456789"),
    ("Infomedics", "NL34ABNA0243240058"),
];

/// One original line of an agent's statement.
#[derive(Clone, Debug)]
struct GenReceipt {
    agent: usize,
    /// Index into the invoices; `n` (after the modulo) names an invoice the
    /// register does not have.
    invoice: usize,
    /// The statement writes the payment reference, not the number (when
    /// the invoice has one).
    by_reference: bool,
    /// 0, 1: in full; 2: in part; 3: above the net amount; 4: negative
    /// (taken back); 5: zero; 6, 7: a line of fees only.
    kind: u8,
    cents: i64,
    fee: i64,
    /// Batches 0–2 have a payout number, batch 3 none (file and date).
    batch: usize,
    /// The original is in the later statement (b) rather than a.
    in_b: bool,
    /// Listed again in the later, overlapping statement (b).
    repeat: bool,
    /// Listed twice in its own statement: two receipts, both counted.
    twin: bool,
}

/// What the bank shows of one batch: 0 paid by payout number, 1 by amount
/// and date, 2 paid for another amount (by number), 3 not (yet) paid.
#[derive(Clone, Debug)]
struct GenPayout {
    how: u8,
    days_after: u8,
    off_cents: i64,
    /// Also in a second, overlapping bank export.
    copied: bool,
}

#[derive(Clone, Debug)]
struct AgentCase {
    invoices: Vec<GenInvoice>,
    /// Per invoice: the register's agent column (0 none, 1 Infomedics, 2
    /// `nee`, 3 Famed) and whether it has a payment reference (shared by
    /// invoices 2k and 2k+1).
    routes: Vec<(u8, bool)>,
    receipts: Vec<GenReceipt>,
    /// Per agent and batch.
    payouts: Vec<GenPayout>,
    /// Payouts from an agent's account no statement accounts for.
    missing: Vec<(usize, i64, u8)>,
    /// Clients paying the provider anyway: (invoice, cents, day).
    direct: Vec<(usize, i64, u8)>,
    payout_days: u8,
    threads: usize,
}

fn gen_receipt() -> impl Strategy<Value = GenReceipt> {
    (
        (0..2usize, 0..16usize, prop::bool::weighted(0.3), 0..8u8),
        (
            1..100_000i64,
            prop::option::weighted(0.5, 1..400i64),
            0..4usize,
        ),
        (
            prop::bool::weighted(0.3),
            prop::bool::weighted(0.3),
            prop::bool::weighted(0.1),
        ),
    )
        .prop_map(
            |((agent, invoice, by_reference, kind), (cents, fee, batch), (in_b, repeat, twin))| {
                GenReceipt {
                    agent,
                    invoice,
                    by_reference,
                    kind,
                    cents,
                    fee: fee.unwrap_or(0),
                    batch,
                    in_b,
                    repeat,
                    twin,
                }
            },
        )
}

fn gen_agent_case() -> impl Strategy<Value = AgentCase> {
    (
        prop::collection::vec(gen_invoice(), 1..10),
        prop::collection::vec((0..4u8, any::<bool>()), 10),
        prop::collection::vec(gen_receipt(), 0..24),
        prop::collection::vec(
            (0..4u8, 0..12u8, -500..500i64, prop::bool::weighted(0.2)).prop_map(
                |(how, days_after, off_cents, copied)| GenPayout {
                    how,
                    days_after,
                    off_cents,
                    copied,
                },
            ),
            8,
        ),
        prop::collection::vec((0..2usize, 1..200_000i64, 0..60u8), 0..3),
        prop::collection::vec((0..16usize, 1..200_000i64, 0..60u8), 0..4),
        (0..30u8, 2..6usize),
    )
        .prop_map(
            |(invoices, routes, receipts, payouts, missing, direct, (payout_days, threads))| {
                AgentCase {
                    invoices,
                    routes,
                    receipts,
                    payouts,
                    missing,
                    direct,
                    payout_days,
                    threads,
                }
            },
        )
}

fn agent_policy(case: &AgentCase) -> Policy {
    let mut toml = format!(
        "[provider]\nibans = [\"{OWN_IBAN}\"]\n[insurers]\n\"Zilveren Kruis\" = [\"{INSURER_IBAN}\"]\n"
    );
    for (name, iban) in AGENTS {
        toml.push_str(&format!(
            "[agents.\"{name}\"]\nibans = [\"{iban}\"]\npayout_days = {}\n",
            case.payout_days
        ));
    }
    Policy::from_toml(&toml).unwrap()
}

/// The payout number and date of an agent's batch.
fn payout_of(agent: usize, batch: usize) -> (Option<String>, NaiveDate) {
    let number = (batch < 3).then(|| format!("UB {}-{}", 41 + batch, agent + 1));
    (number, day(20 + 7 * batch as u8))
}

/// What the test expects per agent, from the generated case alone.
#[derive(Debug, Default)]
struct AgentModel {
    received: Money,
    allocated: Money,
    unallocated: Money,
    fees: Money,
    /// Per batch: received less fees.
    batches: [Money; 4],
    /// Per batch: statement lines counted.
    lines: [u64; 4],
    /// The agent's payouts in the bank, each counted once.
    payouts_in_bank: Money,
}

/// The ledger of an agent case, built as `ingest` builds it: the bank
/// files first, then every statement's receipts appended to the bank lines
/// file by file ([`zorgrecon::agent::assign_ids`] per file), each linked
/// to its statement line. Also the model the test checks against.
fn agent_ledger(case: &AgentCase) -> (Ledger, Vec<AgentModel>) {
    use zorgrecon::agent::AgentLine;
    let n = case.invoices.len();
    let reg: Arc<str> = Arc::from("invoices/a.csv");
    let reference = |i: usize| format!("5000{:012}", 700 + i / 2);
    let invoices: Vec<InvoiceRow> = case
        .invoices
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let (id, name, iban) = CLIENTS[g.client];
            let (route, with_ref) = case.routes[i];
            InvoiceRow {
                source: Source::line(&reg, 2 + i as u64),
                number: number(i),
                client_id: id.into(),
                client_name: name.into(),
                amount: Money::from_cents(g.cents),
                invoice_date: day(g.day),
                due_date: None,
                insurer: None,
                client_ibans: Iban::parse(iban).into_iter().collect(),
                payment_reference: with_ref.then(|| reference(i)),
                credit_for: None,
                agent: match route {
                    1 => Some("Infomedics".into()),
                    2 => Some("nee".into()),
                    3 => Some("famed".into()),
                    _ => None,
                },
                contact: Default::default(),
            }
        })
        .collect();

    let mut model: Vec<AgentModel> = (0..AGENTS.len()).map(|_| AgentModel::default()).collect();
    // Statement lines per file: agents/<agent>/a.csv, then b.csv.
    let mut files: Vec<Vec<AgentLine>> = vec![Vec::new(); AGENTS.len() * 2];
    for (k, g) in case.receipts.iter().enumerate() {
        let target = g.invoice % (n + 1);
        let known = target < n;
        let net = case.invoices.get(target).map_or(g.cents, |inv| inv.cents);
        let fee_only = g.kind >= 6;
        let received = match g.kind {
            0 | 1 => Some(net),
            2 => Some(g.cents % net.max(1) + 1),
            3 => Some(net + g.cents),
            4 => Some(-g.cents),
            5 => Some(0),
            _ => None,
        };
        let with_ref = known && case.routes[target].1;
        let (invoice_number, payment_reference) = if fee_only {
            (None, None)
        } else if !known {
            (Some(format!("X-{k}")), None)
        } else if g.by_reference && with_ref {
            (None, Some(reference(target)))
        } else {
            (Some(number(target)), None)
        };
        let (payout, payout_date) = payout_of(g.agent, g.batch);
        let line = AgentLine {
            // Set when the file is laid out.
            source: Source::line(&Arc::from(""), 0),
            agent: AGENTS[g.agent].0.to_string(),
            invoice_number,
            payment_reference,
            client: Some(CLIENTS[k % CLIENTS.len()].1.to_string()),
            received: received.map(Money::from_cents),
            // A date of its own: no two originals are the same receipt.
            received_date: (!fee_only).then(|| day(k as u8)),
            fee: Money::from_cents(g.fee),
            payout,
            payout_date: Some(payout_date),
            line: None,
        };
        // Fee-only originals only in statement a: two equal fee lines in
        // two statements are one line listed twice (docs/inputs.md).
        let in_b = g.in_b && !fee_only;
        let file = g.agent * 2 + usize::from(in_b);
        let copies = if g.twin { 2 } else { 1 };
        for _ in 0..copies {
            files[file].push(line.clone());
            let m = &mut model[g.agent];
            let cents = received.unwrap_or(0);
            m.received += Money::from_cents(cents);
            if known {
                m.allocated += Money::from_cents(cents);
            } else {
                m.unallocated += Money::from_cents(cents);
            }
            m.fees += Money::from_cents(g.fee);
            m.batches[g.batch] += Money::from_cents(cents - g.fee);
            m.lines[g.batch] += 1;
        }
        if g.repeat && !in_b {
            files[file + 1].push(line);
        }
    }
    let mut agent_lines = Vec::new();
    let mut receipts_bank: Vec<BankLine> = Vec::new();
    let mut per_file: Vec<(Vec<AgentLine>, Vec<BankLine>)> = Vec::new();
    for (f, mut lines) in files.into_iter().enumerate() {
        let path: Arc<str> = Arc::from(
            format!(
                "agents/{}/{}.csv",
                AGENTS[f / 2].0,
                if f % 2 == 0 { "a" } else { "b" }
            )
            .as_str(),
        );
        for (k, l) in lines.iter_mut().enumerate() {
            l.source = Source::line(&path, 3 + k as u64);
        }
        let mut payments: Vec<BankLine> = lines.iter().filter_map(AgentLine::payment).collect();
        zorgrecon::agent::assign_ids(&lines, &mut payments);
        per_file.push((lines, payments));
    }

    // The bank: clients paying the provider directly, and the agents'
    // payouts, in bank/0.csv; copies of some payouts in bank/1.csv.
    let mut bank: Vec<Vec<BankLine>> = vec![Vec::new(), Vec::new()];
    let credit = |amount: Money, iban: &str, name: &str, desc: String, d: NaiveDate| BankLine {
        counterparty_iban: Iban::parse(iban),
        counterparty_name: name.into(),
        description: desc.into(),
        ..BankLine::booked(unplaced(), OWN_IBAN, d, amount)
    };
    for &(inv, cents, d) in &case.direct {
        let target = inv % n;
        let (_, name, iban) = CLIENTS[case.invoices[target].client];
        bank[0].push(credit(
            Money::from_cents(cents),
            iban,
            name,
            format!("factuur {}", number(target)),
            day(d),
        ));
    }
    for (a, (name, iban)) in AGENTS.iter().enumerate() {
        for batch in 0..3 {
            let g = &case.payouts[a * 4 + batch];
            let amount = model[a].batches[batch];
            if g.how == 3 || amount <= Money::ZERO || model[a].lines[batch] == 0 {
                continue;
            }
            let (number, date) = payout_of(a, batch);
            let number = number.unwrap_or_default();
            let (paid, desc) = match g.how {
                0 => (amount, format!("Uitbetaling {number} {name}")),
                // By amount: the description names no batch.
                1 => (amount, format!("{name} uitbetaling")),
                _ => (
                    (amount + Money::from_cents(g.off_cents)).max(Money::from_cents(1)),
                    format!("Uitbetaling {number}"),
                ),
            };
            let d = date + Duration::days(i64::from(g.days_after % 11));
            let line = credit(paid, iban, name, desc, d);
            if g.copied {
                bank[1].push(line.clone());
            }
            bank[0].push(line);
            model[a].payouts_in_bank += paid;
        }
    }
    for &(a, cents, d) in &case.missing {
        let (name, iban) = AGENTS[a];
        bank[0].push(credit(
            Money::from_cents(cents),
            iban,
            name,
            format!("{name} uitbetaling"),
            day(d),
        ));
        model[a].payouts_in_bank += Money::from_cents(cents);
    }
    let mut bank_lines = Vec::new();
    for (f, mut lines) in bank.into_iter().enumerate() {
        let path: Arc<str> = Arc::from(format!("bank/{f}.csv").as_str());
        for (k, l) in lines.iter_mut().enumerate() {
            l.source = Source::line(&path, 2 + k as u64);
        }
        assign_ids(&mut lines);
        bank_lines.extend(lines);
    }
    // As `ingest::add_agent_payments`: the receipts after the bank lines,
    // file by file, each statement line pointing at its payment.
    let bank_len = bank_lines.len();
    for (mut lines, payments) in per_file {
        let receipts = lines.iter_mut().filter(|l| l.payment().is_some());
        for (next, l) in (bank_len + receipts_bank.len()..).zip(receipts) {
            l.line = Some(next);
        }
        receipts_bank.extend(payments);
        agent_lines.extend(lines);
    }
    bank_lines.extend(receipts_bank);
    let ledger = Ledger {
        invoices,
        bank_lines,
        spec_lines: Vec::new(),
        overrides: Vec::new(),
        own_accounts: Vec::new(),
        decisions: Vec::new(),
        agent_lines,
    };
    (ledger, model)
}

fn check_agents(
    case: &AgentCase,
    ledger: &Ledger,
    policy: &Policy,
    model: &[AgentModel],
    r: &Reconciliation,
) -> Result<(), TestCaseError> {
    use zorgrecon::outcome::{BatchStatus, Rule};
    check(ledger, policy, r)?;
    let n = case.invoices.len();

    // Every receipt: counted once (a repeat is a duplicate), its whole
    // amount on the one invoice it names, or unallocated when the register
    // does not have it.
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    for l in &ledger.agent_lines {
        let Some(i) = l.line else {
            prop_assert!(l.received.is_none());
            continue;
        };
        let line = &ledger.bank_lines[i];
        prop_assert_eq!(Some(line.amount), l.received);
        let p = &r.payments[i];
        let first = *first_of.entry(line.id.as_str()).or_insert(i);
        if first != i {
            // Listed again in a later statement of the same agent.
            prop_assert_eq!(p.status, PaymentStatus::Duplicate, "{:?}", l.source);
            prop_assert!(l.source.path.ends_with("/b.csv"));
            continue;
        }
        prop_assert_eq!(p.rule, Rule::Agent, "{:?}", p);
        let named = l
            .invoice_number
            .as_deref()
            .or(l.payment_reference.as_deref());
        let unknown = named.is_some_and(|x| x.starts_with("X-"));
        if unknown {
            prop_assert_eq!(p.status, PaymentStatus::Unmatched);
            prop_assert_eq!(p.unallocated, line.amount);
            prop_assert!(r.problems.iter().any(|q| q.source == l.source));
        } else {
            prop_assert_eq!(p.status, PaymentStatus::Allocated, "{:?}", p);
            prop_assert!(p.unallocated.is_zero(), "{:?}", p);
            let total: Money = p.allocations.iter().map(|a| a.amount).sum();
            prop_assert_eq!(total, line.amount);
            if let Some(num) = &l.invoice_number {
                prop_assert!(p.allocations.iter().all(|a| a.invoice.as_str() == num));
            } else {
                // A reference names the invoices that carry it.
                let refd: Vec<String> = (0..n)
                    .filter(|&i| ledger.invoices[i].payment_reference == l.payment_reference)
                    .map(number)
                    .collect();
                prop_assert!(
                    p.allocations
                        .iter()
                        .all(|a| refd.iter().any(|x| x == a.invoice.as_str())),
                    "{:?} {:?}",
                    p,
                    refd
                );
            }
        }
    }

    // Which invoices go through an agent: a statement naming it, else the
    // register's column.
    for (i, inv) in r.invoices.iter().enumerate() {
        prop_assert_eq!(&inv.number, &number(i));
        let named_by: Vec<&str> = ledger
            .agent_lines
            .iter()
            .filter(|l| {
                l.line.is_some()
                    && (l.invoice_number.as_deref() == Some(inv.number.as_str())
                        || (l.invoice_number.is_none()
                            && l.payment_reference.is_some()
                            && l.payment_reference == ledger.invoices[i].payment_reference))
            })
            .map(|l| l.agent.as_str())
            .collect();
        match (named_by.first(), case.routes[i].0) {
            (Some(a), _) => prop_assert!(
                inv.agent.as_deref().is_some_and(|x| named_by.contains(&x)),
                "{} {:?} {:?}",
                inv.number,
                inv.agent,
                a
            ),
            (None, 1) => prop_assert_eq!(inv.agent.as_deref(), Some("Infomedics")),
            (None, 3) => prop_assert_eq!(inv.agent.as_deref(), Some("Famed")),
            (None, _) => prop_assert_eq!(inv.agent.as_deref(), None),
        }
        if inv.agent.is_some() {
            prop_assert_eq!(
                inv.agent_reference.as_deref(),
                ledger.invoices[i].payment_reference.as_deref()
            );
        }
    }

    // Conservation per agent, as summary.json writes it: each identity,
    // and each figure as the generated case has it.
    let input = ReportInput {
        problems: &r.problems,
        lang: Lang::En,
        ..ReportInput::of(as_of(), policy, ledger, r)
    };
    let summary = zorgrecon::report::summary::build(&input);
    prop_assert!(zorgrecon::report::agents::all_balanced(&summary.agents));
    for (a, (name, _)) in AGENTS.iter().enumerate() {
        let m = &model[a];
        let got = summary.agents.iter().find(|c| c.agent == *name);
        let with_anything = m.lines.iter().any(|&k| k > 0) || !m.payouts_in_bank.is_zero();
        prop_assert_eq!(got.is_some(), with_anything, "{}", name);
        let Some(c) = got else { continue };
        // received = allocated + unallocated
        prop_assert_eq!(c.received, m.received, "{}", name);
        prop_assert_eq!(c.allocated, m.allocated, "{}", name);
        prop_assert_eq!(c.unallocated, m.unallocated, "{}", name);
        prop_assert_eq!(c.received, c.allocated + c.unallocated);
        // batches = paid out + in transit
        prop_assert_eq!(c.fees, m.fees, "{}", name);
        prop_assert_eq!(c.batches, m.received - m.fees, "{}", name);
        prop_assert_eq!(c.batches, c.batches_paid_out + c.in_transit);
        // payouts in bank = paid for batches + without statement
        prop_assert_eq!(c.payouts_in_bank, m.payouts_in_bank, "{}", name);
        prop_assert_eq!(c.payouts_in_bank, c.paid_for_batches + c.without_statement);

        // The batches of agents.csv add up to the same, and a payout that
        // names its batch's number pays that batch.
        let batches: Vec<_> = r.batches.iter().filter(|b| b.agent == *name).collect();
        let listed: Money = batches
            .iter()
            .filter(|b| b.status != BatchStatus::StatementMissing)
            .map(|b| b.amount)
            .sum();
        prop_assert_eq!(listed, c.batches);
        for b in &batches {
            prop_assert_eq!(b.amount, b.received - b.fees);
            prop_assert_eq!(b.payment.is_some(), b.status != BatchStatus::InTransit);
            if b.status != BatchStatus::StatementMissing {
                prop_assert!(b.lines > 0, "a batch of no line: {:?}", b);
            }
        }
        for (batch, want) in m.batches.iter().enumerate().take(3) {
            let g = &case.payouts[a * 4 + batch];
            let (number, _) = payout_of(a, batch);
            let b = batches.iter().find(|b| b.payout == number);
            prop_assert_eq!(b.is_some(), m.lines[batch] > 0);
            let Some(b) = b else { continue };
            prop_assert_eq!(b.amount, *want);
            prop_assert_eq!(b.lines, m.lines[batch]);
            if *want > Money::ZERO && g.how != 3 && g.how != 1 {
                let status =
                    if (b.paid_out.unwrap_or_default() - b.amount).abs() <= Money::from_cents(1) {
                        BatchStatus::PaidOut
                    } else {
                        BatchStatus::Different
                    };
                prop_assert_eq!(b.status, status, "{:?}", b);
            }
        }
    }
    // Every payout from an agent's account is ignored as agent_payout (or
    // a duplicate of one in an earlier export).
    for (line, p) in ledger.bank_lines.iter().zip(&r.payments) {
        let from_agent = line
            .counterparty_iban
            .as_ref()
            .is_some_and(|i| policy.agent_of_iban(i).is_some());
        if from_agent {
            prop_assert!(
                p.rule == Rule::AgentPayout || p.status == PaymentStatus::Duplicate,
                "{:?}",
                p
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Conservation per agent (docs/outputs.md): received = allocated + unallocated, batches =
    /// paid out + in transit, payouts in the bank = paid for batches +
    /// without statement; every receipt's money on the one invoice it
    /// names or unallocated, a repeated line counted once; and the same
    /// result on one thread and on several.
    #[test]
    fn agents_conserve_money_per_agent(case in gen_agent_case()) {
        let policy = agent_policy(&case);
        let (ledger, model) = agent_ledger(&case);
        let one = reconcile_on(&ledger, &policy, as_of(), Threads::ONE);
        check_agents(&case, &ledger, &policy, &model, &one)?;
        let many = reconcile_on(&ledger, &policy, as_of(), Threads::all(case.threads));
        prop_assert_eq!(&one, &many);
    }
}
