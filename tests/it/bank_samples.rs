//! The real bank samples of `fixtures/samples/bank/` read through the front
//! door (`ingest::bank::read`) and compared with the independently counted
//! totals of `expected.csv`: format, counts, totals, first and last booking
//! date, no rejected line, and the outcome of the balance check
//! ([`BALANCES`], counted by hand).
//!
//! All mismatches of all rows are collected and reported at once. Set
//! `BANK_SAMPLES=<substring>` to check only the rows whose path contains it.

use std::path::Path;
use std::sync::Arc;

use zorgrecon::ingest::bank;
use zorgrecon::money::Money;
use zorgrecon::problem::{ProblemKind, Severity};
use zorgrecon::report::{Lang, problems};

/// The warnings of the balance check (a sample that does not close).
fn is_balance_check(kind: &ProblemKind) -> bool {
    use ProblemKind as K;
    matches!(
        kind,
        K::BalanceUnreadable
            | K::NoClosingBalance
            | K::NoOpeningBalance
            | K::StatementGap { .. }
            | K::BalanceCurrencies { .. }
            | K::StatementDoesNotClose { .. }
            | K::LineDoesNotClose { .. }
            | K::ChainGap { .. }
            | K::ChainBroken { .. }
    )
}

/// One row of `expected.csv`.
#[derive(Debug, serde::Deserialize)]
struct Expected {
    path: String,
    format: String,
    transactions: usize,
    credits: usize,
    debits: usize,
    credit_total: String,
    debit_total: String,
    first_date: String,
    last_date: String,
}

/// The mismatches of one sample, as readable lines.
fn check(dir: &Path, e: &Expected) -> Vec<String> {
    let mut bad = Vec::new();
    let bytes = match std::fs::read(dir.join(&e.path)) {
        Ok(b) => b,
        Err(err) => return vec![format!("cannot read: {err}")],
    };
    let read = bank::read(&Arc::from(e.path.as_str()), &bytes);
    let mut diff = |what: &str, got: String, want: &str| {
        if got != want {
            bad.push(format!("{what}: got {got}, expected {want}"));
        }
    };
    diff("format", read.format.clone(), &e.format);
    diff(
        "transactions",
        read.rows.len().to_string(),
        &e.transactions.to_string(),
    );
    let credits: Vec<Money> = read
        .rows
        .iter()
        .filter(|l| l.amount.is_positive())
        .map(|l| l.amount)
        .collect();
    let debits: Vec<Money> = read
        .rows
        .iter()
        .filter(|l| l.amount.is_negative())
        .map(|l| -l.amount)
        .collect();
    diff("credits", credits.len().to_string(), &e.credits.to_string());
    diff("debits", debits.len().to_string(), &e.debits.to_string());
    let money = |s: &str| {
        s.parse::<Money>()
            .map_or_else(|_| s.to_string(), |m| m.to_string())
    };
    diff(
        "credit_total",
        credits.iter().sum::<Money>().to_string(),
        &money(&e.credit_total),
    );
    diff(
        "debit_total",
        debits.iter().sum::<Money>().to_string(),
        &money(&e.debit_total),
    );
    let first = read.rows.iter().map(|l| l.booking_date).min();
    let last = read.rows.iter().map(|l| l.booking_date).max();
    diff(
        "first_date",
        first.map_or("none".into(), |d| d.to_string()),
        &e.first_date,
    );
    diff(
        "last_date",
        last.map_or("none".into(), |d| d.to_string()),
        &e.last_date,
    );
    diff("rows_rejected", read.rows_rejected.to_string(), "0");
    diff(
        "rows_read",
        read.rows_read.to_string(),
        &(read.rows.len() as u64 + read.rows_rejected).to_string(),
    );
    // The balance check's warnings are expected where the sample does not
    // close; every other problem is a mismatch.
    let (balance, other): (Vec<_>, Vec<_>) = read
        .problems
        .iter()
        .partition(|p| p.severity == Severity::Warning && is_balance_check(&p.kind));
    let want = BALANCES
        .iter()
        .find(|b| b.0 == e.path)
        .map(|b| format!("{:?}", b.1));
    let got = read.bank.check.map(|c| {
        let status = serde_json::to_value(c.status).unwrap_or_default();
        let unit = serde_json::to_value(c.unit).unwrap_or_default();
        format!(
            "{:?}",
            Some((
                status.as_str().unwrap_or(""),
                unit.as_str().unwrap_or(""),
                c.checked,
                c.closed,
                c.broken,
                c.not_checkable,
            ))
        )
    });
    diff(
        "balances",
        got.unwrap_or_else(|| "None".into()),
        &want.unwrap_or_else(|| "missing from BALANCES".into()),
    );
    let warned = read
        .bank
        .check
        .map_or(0, |c| (c.broken + c.not_checkable) as usize);
    diff(
        "balance warnings",
        balance.len().to_string(),
        &warned.to_string(),
    );
    for p in other.iter().take(3) {
        bad.push(format!(
            "problem at {}: {} ({})",
            p.source,
            problems::text(&p.kind, Lang::En),
            p.value
        ));
    }
    bad
}

/// The balance check of every sample: `(status, unit, checked, closed,
/// broken, not checkable)`, or `None` where the format states no balance.
/// Counted by hand from each file's opening and closing balances and its
/// amounts; the breaks are those the `notes` of `expected.csv` record
/// (`… != …`, the ABN AMRO TAB anonymisation scramble, banks' placeholder
/// balances), so the check must report them and still read every line.
type Balance = Option<(&'static str, &'static str, u64, u64, u64, u64)>;
const BALANCES: &[(&str, Balance)] = &[
    // 26 lines, each opening + amount = closing except 2023-02-02 and 2023-12-30.
    (
        "abnamro-tab/TXT_SAMPLE.TAB",
        Some(("broken", "line", 26, 24, 2, 0)),
    ),
    // Balance before each line: 200 +300 = 500 −20 = 480 −10.50 = 469.50 −69.50 = 400.
    ("asn/asn.csv", Some(("closed", "line", 4, 4, 0, 0))),
    ("bunq/bunq-en.csv", None),
    ("bunq/bunq.csv", None),
    // OPBD 18.150 + 8.850 = 27.000, CLBD 27.050.
    (
        "camt053/genkgo-camt053.v2.five.decimals.xml",
        Some(("broken", "statement", 1, 0, 1, 0)),
    ),
    // 18.15 + 8.85 = 27.00; 27.00 − 7.00 = 20.00.
    (
        "camt053/genkgo-camt053.v2.multi.statement.xml",
        Some(("closed", "statement", 2, 2, 0, 0)),
    ),
    // OPBD in EUR, CLBD in SEK.
    (
        "camt053/genkgo-camt053.v8.xml",
        Some(("not_checked", "statement", 0, 0, 0, 1)),
    ),
    // Newest first: 86.78 − 40.18 = 46.60 − 45.14 = 1.46.
    (
        "ing-english/ing-english.csv",
        Some(("closed", "line", 2, 2, 0, 0)),
    ),
    // Newest first: 1 +1 = 2 −100 = −98 −100 = −198 +100 = −98.
    ("ing/ing-spaar.csv", Some(("closed", "line", 4, 4, 0, 0))),
    ("ing/ing.csv", None),
    ("knab/knab.csv", None),
    // Placeholder balances: 1111.10 − 14.74 ≠ 2222.20, 5555.20 − 8.25 ≠ 6666.83.
    (
        "mt940/mt940rs-abnamro.sta",
        Some(("broken", "statement", 2, 0, 2, 0)),
    ),
    // 3236.28 − 321.44 ≠ 876.84, 2876.84 − 24.49 ≠ 1849.75.
    (
        "mt940/mt940rs-jejik-abnamro.sta",
        Some(("broken", "statement", 2, 0, 2, 0)),
    ),
    // 0.00 − 45.59 ≠ 3.47.
    (
        "mt940/mt940rs-jejik-ing.sta",
        Some(("broken", "statement", 1, 0, 1, 0)),
    ),
    // 10000.90 − 25.10 ≠ 9980.90, 9980.90 − 5996.00 ≠ 3976.90.
    (
        "mt940/zilverline-abnamro-structured.txt",
        Some(("broken", "statement", 2, 0, 2, 0)),
    ),
    // 436.90 + 14640.00 − 14830.45 = 246.45.
    (
        "mt940/zilverline-ing-iban.txt",
        Some(("closed", "statement", 1, 1, 0, 0)),
    ),
    // 0 + 50 = 50; 50 + 1000 + 10 = 1060.
    (
        "mt940/zilverline-knab-two-blocks.txt",
        Some(("closed", "statement", 2, 2, 0, 0)),
    ),
    // 1147.95 → 1190.35 → 18846.34.
    (
        "mt940/zilverline-rabobank-structured.txt",
        Some(("closed", "statement", 2, 2, 0, 0)),
    ),
    // 23 daily statements, 15 without lines: 17431.67 → 6675.99.
    (
        "mt940/zilverline-rabobank.txt",
        Some(("closed", "statement", 23, 23, 0, 0)),
    ),
    // 16 daily statements, 12 without lines: 534.03 → 45546.48.
    (
        "mt940/zilverline-sns.txt",
        Some(("closed", "statement", 16, 16, 0, 0)),
    ),
    // 0 + 4383.23 + 3456.29 − 90.91 − 19.83 = 7728.78.
    (
        "mt940/zilverline-triodos-iban-2.txt",
        Some(("closed", "statement", 1, 1, 0, 0)),
    ),
    // 0 + 1000 − 42 − 10 = 948.
    (
        "mt940/zilverline-triodos-iban.txt",
        Some(("closed", "statement", 1, 1, 0, 0)),
    ),
    // 9265.12 − 6098.75 − 500 = 2666.37; 352.84; 5000.00; −12.00 + 250 = 238.00.
    (
        "mt940/zilverline-two-accounts.txt",
        Some(("closed", "statement", 4, 4, 0, 0)),
    ),
    // Oldest first: 1000 +1000 = 2000 −500 = 1500 −100 = 1400 +100 = 1500.
    ("rabobank/rabo.csv", Some(("closed", "line", 4, 4, 0, 0))),
    ("sns/sns.csv", Some(("closed", "line", 4, 4, 0, 0))),
    ("triodos/triodos.csv", None),
];

#[test]
fn every_bank_sample_reads_as_expected_csv_says() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples/bank");
    let filter = std::env::var("BANK_SAMPLES").unwrap_or_default();
    let mut reader = csv::Reader::from_path(dir.join("expected.csv")).expect("expected.csv");
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in reader.deserialize::<Expected>() {
        let e = row.expect("expected.csv row");
        if !e.path.contains(&filter) {
            continue;
        }
        checked += 1;
        let bad = check(&dir, &e);
        if !bad.is_empty() {
            failures.push(format!("{}:\n    {}", e.path, bad.join("\n    ")));
        }
    }
    assert!(checked > 0, "no row of expected.csv matches {filter:?}");
    assert!(
        failures.is_empty(),
        "{} of {checked} samples differ from expected.csv:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Checks every row of one expected-totals file of `fixtures/samples/bank`
/// and returns how many rows were checked and the readable mismatches.
fn check_listed(file: &str) -> (usize, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples/bank");
    let filter = std::env::var("BANK_SAMPLES").unwrap_or_default();
    let mut reader = csv::Reader::from_path(dir.join(file)).expect(file);
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in reader.deserialize::<Expected>() {
        let e = row.expect("expected-totals row");
        if !e.path.contains(&filter) {
            continue;
        }
        checked += 1;
        let bad = check(&dir, &e);
        if !bad.is_empty() {
            failures.push(format!("{}:\n    {}", e.path, bad.join("\n    ")));
        }
    }
    (checked, failures)
}

/// The samples added for issue 13 have their rows in `expected-extra.csv`,
/// not `expected.csv`: the MT940 and CAMT unit tests in `src/ingest/bank`
/// pin the number of `expected.csv` rows of their format (and need at least
/// one line per file), so the two files stay apart until those tests count
/// rows instead. Same columns, same conventions (`SOURCES.md`).
#[test]
fn every_added_bank_sample_reads_as_expected_extra_csv_says() {
    let (checked, failures) = check_listed("expected-extra.csv");
    let filtered = std::env::var("BANK_SAMPLES").is_ok_and(|f| !f.is_empty());
    assert!(
        checked > 0 || filtered,
        "expected-extra.csv lists no sample"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} samples differ from expected-extra.csv:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The balance check catches a misread amount in every format that has
/// balances: one amount of a real sample changed as a faulty reader would
/// read it (a digit, a sign, a dropped decimal) breaks exactly one more
/// statement or line, and every line is still read.
#[test]
fn a_misread_amount_in_a_real_sample_breaks_its_balances() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples/bank");
    let cases = [
        ("abnamro-tab/TXT_SAMPLE.TAB", "\t-34,49\t", "\t-34,94\t"),
        ("asn/asn.csv", ",-20.00,", ",-2.00,"),
        (
            "camt053/genkgo-camt053.v2.multi.statement.xml",
            ">8.85<",
            ">8.58<",
        ),
        ("ing-english/ing-english.csv", "\"45,14\"", "\"45,41\""),
        (
            "mt940/zilverline-rabobank-structured.txt",
            "D000000000127,50N102",
            "C000000000127,50N102",
        ),
        ("mt940/zilverline-sns.txt", "C12,45N", "C12,4N"),
        ("rabobank/rabo.csv", "\"-500,00\"", "\"-50,00\""),
    ];
    let mut failures = Vec::new();
    for (path, from, to) in cases {
        let bytes = std::fs::read(dir.join(path)).expect("sample");
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(
            text.matches(from).count(),
            1,
            "{path}: {from:?} must occur once"
        );
        let p: Arc<str> = Arc::from(path);
        let good = bank::read(&p, &bytes);
        let bad = bank::read(&p, text.replace(from, to).as_bytes());
        let broken = |r: &zorgrecon::ingest::FileRead<zorgrecon::payment::BankLine>| {
            r.bank.check.map_or(0, |c| c.broken)
        };
        if broken(&bad) != broken(&good) + 1 || bad.rows.len() != good.rows.len() {
            failures.push(format!(
                "{path}: {} broken before, {} after, {} lines before, {} after",
                broken(&good),
                broken(&bad),
                good.rows.len(),
                bad.rows.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
