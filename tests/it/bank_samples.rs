//! The real bank samples of `fixtures/samples/bank/` read through the front
//! door (`ingest::bank::read`) and compared with the independently counted
//! totals of `expected.csv`: format, counts, totals, first and last booking
//! date, the lines refused by design (`rejected`) and no other, the outcome
//! of the balance check against `balance_checks` and `balance_breaks`, and
//! the first and last stated balance against `first_opening` and
//! `last_closing`. Every file of the folder must have its row.
//!
//! All mismatches of all rows are collected and reported at once. Set
//! `BANK_SAMPLES=<substring>` to check only the rows whose path contains it.

use std::path::Path;
use std::sync::Arc;

use zorgrecon::ingest::FileRead;
use zorgrecon::ingest::bank;
use zorgrecon::ingest::bank::balance::{BalanceStatus, BalanceUnit};
use zorgrecon::ingest::bank::marks::{Mark, MarkKind};
use zorgrecon::money::Money;
use zorgrecon::payment::BankLine;
use zorgrecon::problem::{Problem, ProblemKind, Severity};
use zorgrecon::report::{Lang, text};

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
    /// Statements or lines whose balances can be compared (`SOURCES.md`);
    /// empty where the format states no balance.
    balance_checks: Option<u64>,
    /// Those of them that do not close.
    balance_breaks: Option<u64>,
    /// The opening balance of the first statement or line, and the closing
    /// balance of the last (`SOURCES.md` says which order).
    first_opening: Option<String>,
    last_closing: Option<String>,
    /// Lines refused by design: those of a statement in another currency
    /// than EUR (nothing is converted). The counts and totals above are of
    /// the lines read.
    rejected: u64,
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
    diff(
        "rows_rejected",
        read.rows_rejected.to_string(),
        &e.rejected.to_string(),
    );
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
    // So are the errors of the lines refused by design, one per line.
    let (foreign, other): (Vec<_>, Vec<_>) = other
        .into_iter()
        .partition(|p| p.severity == Severity::Error && matches!(p.kind, ProblemKind::NotEuro(_)));
    diff(
        "lines refused as not EUR",
        foreign.len().to_string(),
        &e.rejected.to_string(),
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
    balances(e, &read, &balance, &mut bad);
    stated_ends(e, &bytes, &mut bad);
    for p in other.iter().take(3) {
        bad.push(format!(
            "problem at {}: {} ({})",
            p.source,
            text::problem(&p.kind, Lang::En),
            p.value
        ));
    }
    bad
}

#[test]
fn every_bank_sample_reads_as_expected_csv_says() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples/bank");
    let filter = std::env::var("BANK_SAMPLES").unwrap_or_default();
    let mut reader = csv::Reader::from_path(dir.join("expected.csv")).expect("expected.csv");
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut listed = Vec::new();
    for row in reader.deserialize::<Expected>() {
        let e = row.expect("expected.csv row");
        if !e.path.contains(&filter) {
            continue;
        }
        checked += 1;
        listed.push(e.path.clone());
        let bad = check(&dir, &e);
        if !bad.is_empty() {
            failures.push(format!("{}:\n    {}", e.path, bad.join("\n    ")));
        }
    }
    assert!(checked > 0, "no row of expected.csv matches {filter:?}");
    // Every sample file has its row: none is in the folder untested.
    if filter.is_empty() {
        listed.sort();
        assert_eq!(
            listed,
            sample_files(&dir),
            "expected.csv rows and sample files"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} samples differ from expected.csv:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The sample files under `dir` (one folder per format), as `expected.csv`
/// names them, sorted.
fn sample_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for folder in std::fs::read_dir(dir).expect("samples").flatten() {
        if !folder.path().is_dir() {
            continue;
        }
        let name = folder.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(folder.path())
            .expect("sample folder")
            .flatten()
        {
            files.push(format!("{name}/{}", f.file_name().to_string_lossy()));
        }
    }
    files.sort();
    files
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

/// Where our balance check and the independent count of `expected.csv`
/// legitimately differ (`SOURCES.md`, "Where the balance check counts
/// differently"), per sample; every sample not listed has none of these.
///
/// - `other_currency`: statements whose closing balance is in another
///   currency than their opening balance. The independent count compares
///   the two numbers and calls the statement a break; our check cannot
///   compare two currencies and calls it not checkable, with a warning
///   naming both.
/// - `one_balance`: statements with an opening but no closing balance (or
///   the other way round). The independent count leaves them out; our check
///   counts them not checkable, with a warning, since a lost closing
///   balance is worth a look.
/// - `with_rejected`: statements with a line refused by design (`rejected`)
///   and how many of them the independent count, which adds up every line,
///   finds broken. Without the refused line the running balance is
///   unknown: our check counts the statement not checkable, with a warning
///   naming the line.
struct Differs {
    path: &'static str,
    other_currency: u64,
    one_balance: u64,
    with_rejected: (u64, u64),
}

const DIFFERS: &[Differs] = &[
    // OPBD 18.15 EUR, CLBD 27.00 SEK (and OPAV in CHF, CLAV in JPY).
    Differs {
        path: "camt053/genkgo-camt053.v3.xml",
        other_currency: 1,
        one_balance: 0,
        with_rejected: (0, 0),
    },
    Differs {
        path: "camt053/genkgo-camt053.v4.xml",
        other_currency: 1,
        one_balance: 0,
        with_rejected: (0, 0),
    },
    Differs {
        path: "camt053/genkgo-camt053.v8.xml",
        other_currency: 1,
        one_balance: 0,
        with_rejected: (0, 0),
    },
    // The first envelope is cut off after its `:86:`: `:60F:`, no `:62F:`.
    Differs {
        path: "mt940/zilverline-knab-knab_invalid.txt",
        other_currency: 0,
        one_balance: 1,
        with_rejected: (0, 0),
    },
    // The USD statement of 1700.59.286 and the JPY one of 1700.59.308 have
    // 4 lines each; both break when they are added up (the demo's balances
    // do not chain).
    Differs {
        path: "mt940/phpmt940-rabo-sample.txt",
        other_currency: 0,
        one_balance: 0,
        with_rejected: (2, 2),
    },
];

/// Compares the outcome of the balance check with the independent counts
/// `balance_checks` and `balance_breaks` of `expected.csv`. The counts
/// there are statements (MT940, CAMT.053) or lines (the rest) with both
/// balances, and those that do not close; ours are `checked = closed +
/// broken` and `not_checkable` of the same unit. Apart from [`DIFFERS`],
/// `checked` must equal `balance_checks`, `broken` must equal
/// `balance_breaks`, and nothing may be left not checkable.
fn balances(e: &Expected, read: &FileRead<BankLine>, warnings: &[&Problem], bad: &mut Vec<String>) {
    let warned =
        |pick: fn(&ProblemKind) -> bool| warnings.iter().filter(|p| pick(&p.kind)).count() as u64;
    let other_currency = warned(|k| matches!(k, ProblemKind::BalanceCurrencies { .. }));
    let one_balance = warned(|k| {
        matches!(
            k,
            ProblemKind::NoClosingBalance | ProblemKind::NoOpeningBalance
        )
    });
    let with_rejected = warned(|k| matches!(k, ProblemKind::StatementGap { .. }));
    let differs = DIFFERS.iter().find(|d| d.path == e.path);
    let (want_other, want_one, (want_rejected, rejected_breaks)) = differs
        .map_or((0, 0, (0, 0)), |d| {
            (d.other_currency, d.one_balance, d.with_rejected)
        });
    if (other_currency, one_balance, with_rejected) != (want_other, want_one, want_rejected) {
        bad.push(format!(
            "balances: {other_currency} statement(s) in two currencies, {one_balance} with one balance and {with_rejected} with a refused line warned, {want_other}, {want_one} and {want_rejected} expected (DIFFERS)"
        ));
    }
    let (check, checks, breaks) = match (read.bank.check, e.balance_checks, e.balance_breaks) {
        (None, None, None) => return,
        (Some(c), Some(checks), Some(breaks)) => (c, checks, breaks),
        (got, checks, breaks) => {
            bad.push(format!(
                "balances: got {got:?}, expected balance_checks {checks:?}, balance_breaks {breaks:?}"
            ));
            return;
        }
    };
    let mut diff = |what: &str, got: String, want: String| {
        if got != want {
            bad.push(format!("balances {what}: got {got}, expected {want}"));
        }
    };
    let unit = match e.format.as_str() {
        "mt940" | "camt053" => BalanceUnit::Statement,
        _ => BalanceUnit::Line,
    };
    diff("unit", check.unit.as_str().into(), unit.as_str().into());
    // The independent count, less the statements it checks that we cannot.
    let checks = checks.saturating_sub(want_other + want_rejected);
    let breaks = breaks.saturating_sub(want_other + rejected_breaks);
    diff("checked", check.checked.to_string(), checks.to_string());
    diff("broken", check.broken.to_string(), breaks.to_string());
    diff(
        "closed",
        check.closed.to_string(),
        checks.saturating_sub(breaks).to_string(),
    );
    diff(
        "not checkable",
        check.not_checkable.to_string(),
        (want_other + want_one + want_rejected).to_string(),
    );
    let status = if breaks > 0 {
        BalanceStatus::Broken
    } else if checks > 0 {
        BalanceStatus::Closed
    } else {
        BalanceStatus::NotChecked
    };
    diff(
        "status",
        check.status.as_str().into(),
        status.as_str().into(),
    );
}

/// Compares the first opening and the last closing balance the reader
/// takes from the file with `first_opening` and `last_closing`: the counts
/// above prove that balances and lines agree, these that the balances
/// themselves are read right (a sign misread on both balances of a
/// statement without lines still closes). The marks are read from the
/// format's own parser, as `ingest::bank::read` settles them away.
fn stated_ends(e: &Expected, bytes: &[u8], bad: &mut Vec<String>) {
    let parse: fn(&Arc<str>, &str) -> FileRead<BankLine> = match e.format.as_str() {
        "mt940" => bank::mt940::parse,
        "camt053" => bank::camt053::parse,
        "abnamro-tab" => bank::abnamro_tab::parse,
        "ing" | "ing-english" => bank::ing::parse,
        "rabobank" => bank::rabobank::parse,
        "sns" | "asn" => bank::sns::parse,
        _ => bank::generic::parse,
    };
    let (text, _) = zorgrecon::text::decode(bytes);
    let read = parse(&Arc::from(e.path.as_str()), &text);
    let got = ends(&read.rows, &read.bank.marks);
    let want = (
        e.first_opening
            .as_deref()
            .and_then(|s| s.parse::<Money>().ok()),
        e.last_closing
            .as_deref()
            .and_then(|s| s.parse::<Money>().ok()),
    );
    if got != want {
        bad.push(format!(
            "first opening and last closing balance: got {got:?}, expected {want:?}"
        ));
    }
}

/// The first opening and last closing balance among the marks, as
/// `SOURCES.md` defines them: statements and ABN AMRO TAB lines in the
/// file's order; running balances in booking order (the dates of the first
/// and last line say which way the file runs; on one date, the way with
/// fewer breaks), the opening being the first balance less its line.
fn ends(rows: &[BankLine], marks: &[Mark]) -> (Option<Money>, Option<Money>) {
    let mut first = None;
    let mut last = None;
    // (account, date, amount, balance after) of each line with a balance.
    let mut chain = Vec::new();
    for m in marks {
        match &m.kind {
            MarkKind::Opening(s) => {
                first.get_or_insert(s.balance);
            }
            MarkKind::Closing(s) => last = Some(s.balance),
            MarkKind::Both { opening, closing } => {
                first.get_or_insert(*opening);
                last = Some(*closing);
            }
            MarkKind::After(b) => {
                if let Some(l) = m.at.checked_sub(1).and_then(|i| rows.get(i)) {
                    chain.push((l.account.clone(), l.booking_date, l.amount, *b));
                }
            }
            MarkKind::Before(b) => {
                if let Some(l) = rows.get(m.at) {
                    chain.push((l.account.clone(), l.booking_date, l.amount, *b + l.amount));
                }
            }
            MarkKind::Rejected(_) => {}
        }
    }
    let (Some(head), Some(tail)) = (chain.first(), chain.last()) else {
        return (first, last);
    };
    let breaks = |seq: &[&(_, _, Money, Money)]| {
        let mut after: std::collections::HashMap<&zorgrecon::payment::Shared, Money> =
            Default::default();
        let mut n = 0;
        for (account, _, amount, balance) in seq.iter().copied() {
            if let Some(before) = after.insert(account, *balance)
                && before + *amount != *balance
            {
                n += 1;
            }
        }
        n
    };
    let forward: Vec<_> = chain.iter().collect();
    let backward: Vec<_> = chain.iter().rev().collect();
    let seq = if head.1 != tail.1 {
        if head.1 > tail.1 { backward } else { forward }
    } else if breaks(&backward) < breaks(&forward) {
        backward
    } else {
        forward
    };
    (seq.first().map(|l| l.3 - l.2), seq.last().map(|l| l.3))
}
