//! Handed over once: over several nights into one reports folder, the new
//! lists (`coulance_new.csv`, `journal_new.csv`) hold each write-off once,
//! reverse what is no longer due, lose nothing when a night is skipped, and
//! a rerun of a past night gives that night's files again byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use zorgrecon::run::run;

use crate::support::{csv_records, job, run_ok};

const HEAD: &str = "date,amount,counterparty_iban,counterparty_name,description\n";

/// F-1001 (1000, reimbursed 700) and F-1002 (500, reimbursed 400).
fn input(dir: &Path, bank: &str) -> PathBuf {
    let input = dir.join("input");
    let _ = fs::remove_dir_all(&input);
    for f in ["invoices", "bank", "specs"] {
        fs::create_dir_all(input.join(f)).unwrap();
    }
    fs::write(
        input.join("invoices/register.csv"),
        "factuurnummer;clientnummer;naam;bedrag;factuurdatum;iban\n\
         F-1001;C1;A. Jansen;1000,00;2026-09-01;NL69INGB0123456789\n\
         F-1002;C2;B. de Vries;500,00;2026-09-01;\n",
    )
    .unwrap();
    fs::write(
        input.join("specs/vgz.csv"),
        "factuurnummer;vergoed\nF-1001;700,00\nF-1002;400,00\n",
    )
    .unwrap();
    fs::write(input.join("bank/bank.csv"), format!("{HEAD}{bank}")).unwrap();
    input
}

fn night(dir: &Path, bank: &str, as_of: &str) -> PathBuf {
    let input = input(dir, bank);
    let out = dir.join("reports").join(as_of);
    run_ok(&job(&input, &out, as_of));
    out
}

fn cents(s: &str) -> i64 {
    let (whole, frac) = s.split_once('.').unwrap();
    let sign = if whole.starts_with('-') { -1 } else { 1 };
    whole.parse::<i64>().unwrap() * 100 + sign * frac.parse::<i64>().unwrap()
}

/// Invoice → coulance in a write-off list.
fn coulance(path: &Path) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    for r in csv_records(path) {
        *m.entry(r["invoice_number"].clone()).or_insert(0) += cents(&r["coulance"]);
    }
    m
}

/// (entry, kind, invoice, write-off account amount, relation) per entry,
/// checking that the lines of each entry sum to zero.
fn entries(path: &Path) -> Vec<(u64, String, String, i64, String)> {
    let mut by: BTreeMap<u64, Vec<BTreeMap<String, String>>> = BTreeMap::new();
    for r in csv_records(path) {
        by.entry(r["entry"].parse().unwrap()).or_default().push(r);
    }
    by.into_iter()
        .map(|(e, lines)| {
            assert_eq!(lines.len(), 2, "entry {e}");
            let sum: i64 = lines.iter().map(|l| cents(&l["amount"])).sum();
            assert_eq!(sum, 0, "entry {e} does not balance");
            let expense = lines.iter().find(|l| l["account"] == "8400").unwrap();
            let receivable = lines.iter().find(|l| l["account"] == "1300").unwrap();
            (
                e,
                expense["kind"].clone(),
                expense["invoice_number"].clone(),
                cents(&expense["amount"]),
                receivable["relation"].clone(),
            )
        })
        .collect()
}

const PAY_700: &str = "2026-10-05,700.00,NL69INGB0123456789,A Jansen,F-1001\n";
const RETURN_700: &str = "2026-11-18,-700.00,NL69INGB0123456789,A Jansen,F-1001\n";
const PAY_400: &str = "2026-11-18,400.00,NL11RABO0000000002,B de Vries,F-1002\n";
const PAY_750: &str = "2026-11-19,750.00,NL69INGB0123456789,A Jansen,F-1001\n";

fn e(
    n: u64,
    kind: &str,
    invoice: &str,
    cents: i64,
    relation: &str,
) -> (u64, String, String, i64, String) {
    (n, kind.into(), invoice.into(), cents, relation.into())
}

#[test]
fn three_nights_hand_each_write_off_over_once_and_reverse_what_is_withdrawn() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Night 1: F-1001 paid what the insurer reimbursed: 300 to write off.
    let n1 = night(dir, PAY_700, "2026-11-18");
    assert_eq!(
        coulance(&n1.join("coulance_new.csv")),
        [("F-1001".into(), 30000)].into()
    );
    assert_eq!(
        entries(&n1.join("journal_new.csv")),
        [e(1, "write_off", "F-1001", 30000, "C1")]
    );
    // Night 2: the bank returned F-1001's payment; F-1002 paid its 400.
    let bank2 = format!("{PAY_700}{RETURN_700}{PAY_400}");
    let n2 = night(dir, &bank2, "2026-11-19");
    assert_eq!(
        coulance(&n2.join("coulance_new.csv")),
        [("F-1001".into(), -30000), ("F-1002".into(), 10000)].into()
    );
    assert_eq!(
        entries(&n2.join("journal_new.csv")),
        [
            e(2, "reversal", "F-1001", -30000, "C1"),
            e(3, "write_off", "F-1002", 10000, "C2")
        ]
    );
    // Night 3: F-1001 paid 750: a write-off of 250.
    let bank3 = format!("{bank2}{PAY_750}");
    let n3 = night(dir, &bank3, "2026-11-20");
    assert_eq!(
        coulance(&n3.join("coulance_new.csv")),
        [("F-1001".into(), 25000)].into()
    );
    assert_eq!(
        entries(&n3.join("journal_new.csv")),
        [e(4, "write_off", "F-1001", 25000, "C1")]
    );
    // A fourth night with nothing new hands over nothing.
    let n4 = night(dir, &bank3, "2026-11-21");
    assert!(csv_records(&n4.join("coulance_new.csv")).is_empty());
    assert!(csv_records(&n4.join("journal_new.csv")).is_empty());
    // What all new lists add up to is tonight's write-off, per invoice.
    let mut total: BTreeMap<String, i64> = BTreeMap::new();
    for n in [&n1, &n2, &n3, &n4] {
        for (k, v) in coulance(&n.join("coulance_new.csv")) {
            *total.entry(k).or_insert(0) += v;
        }
    }
    assert_eq!(total, coulance(&n4.join("coulance.csv")));
    // The full journal shows each write-off under the entry that booked it.
    assert_eq!(
        entries(&n4.join("journal.csv")),
        [
            e(3, "write_off", "F-1002", 10000, "C2"),
            e(4, "write_off", "F-1001", 25000, "C1")
        ]
    );
    // A rerun of night 2 gives its files again, byte for byte.
    let before: Vec<Vec<u8>> = ["coulance_new.csv", "journal_new.csv", "journal.csv"]
        .iter()
        .map(|f| fs::read(n2.join(f)).unwrap())
        .collect();
    night(dir, &bank2, "2026-11-19");
    let after: Vec<Vec<u8>> = ["coulance_new.csv", "journal_new.csv", "journal.csv"]
        .iter()
        .map(|f| fs::read(n2.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn a_skipped_night_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    night(dir, PAY_700, "2026-11-18");
    // The 19th is skipped; the 20th hands over what the 19th would have
    // and its own.
    let bank = format!("{PAY_700}{RETURN_700}{PAY_400}{PAY_750}");
    let n3 = night(dir, &bank, "2026-11-20");
    assert_eq!(
        coulance(&n3.join("coulance_new.csv")),
        [("F-1001".into(), -5000), ("F-1002".into(), 10000)].into()
    );
    assert_eq!(
        entries(&n3.join("journal_new.csv")),
        [
            e(2, "reversal", "F-1001", -30000, "C1"),
            e(3, "write_off", "F-1001", 25000, "C1"),
            e(4, "write_off", "F-1002", 10000, "C2")
        ]
    );
}

#[test]
fn an_unreadable_history_stops_the_run_instead_of_handing_over_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let n1 = night(dir, PAY_700, "2026-11-18");
    fs::write(
        n1.join("journal_new.csv"),
        "entry,kind,invoice_number\nzeven,write_off,F-1001\n",
    )
    .unwrap();
    let opts = job(
        &input(dir, PAY_700),
        &dir.join("reports/2026-11-19"),
        "2026-11-19",
    );
    let err = format!("{:#}", run(&opts).unwrap_err());
    assert!(
        err.contains("journal_new.csv") && err.contains("zeven"),
        "{err}"
    );
    assert!(!dir.join("reports/2026-11-19").exists());
}
