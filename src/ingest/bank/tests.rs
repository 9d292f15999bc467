//! The bank readers on the real samples in `fixtures/samples/bank`: each
//! claimed by one reader, read cut off and mangled without a panic, and
//! the MT940 and CAMT.053 statements read as `expected.csv` says (their
//! totals counted there by an independent reader).

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::*;
use crate::money::Money;
use crate::problem::Severity;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/samples/bank");

/// Reads every sample of `format` listed in `expected.csv` through the
/// format detection of `ingest::bank` and compares count, credit and
/// debit counts, totals and first and last booking date (`none` for a
/// file without lines). Returns the paths checked, so that a test can
/// tell whether every sample of its folder is listed.
fn check_format(format: &str) -> Vec<String> {
    let mut csv = csv::Reader::from_path(format!("{DIR}/expected.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (c_path, c_format, c_tx) = (col("path"), col("format"), col("transactions"));
    let (c_cr, c_db) = (col("credits"), col("debits"));
    let (c_crt, c_dbt) = (col("credit_total"), col("debit_total"));
    let (c_first, c_last) = (col("first_date"), col("last_date"));
    let c_rejected = col("rejected");
    let mut checked = Vec::new();
    for rec in csv.records() {
        let rec = rec.unwrap();
        if &rec[c_format] != format {
            continue;
        }
        let rel = &rec[c_path];
        let bytes = std::fs::read(format!("{DIR}/{rel}")).unwrap();
        let path: Arc<str> = Arc::from(format!("bank/{rel}"));
        let r = crate::ingest::bank::read(&path, &bytes);
        assert_eq!(r.format, format, "{rel}: detected as {}", r.format);
        // The only errors are the lines refused by design (`rejected`:
        // those of a statement in another currency than EUR).
        let errors: Vec<_> = r
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        let rejected: u64 = rec[c_rejected].parse().unwrap();
        assert!(
            errors
                .iter()
                .all(|p| matches!(p.kind, crate::problem::ProblemKind::NotEuro(_))),
            "{rel}: {errors:?}"
        );
        assert_eq!(errors.len() as u64, rejected, "{rel}: {errors:?}");
        assert_eq!(r.rows_rejected, rejected, "{rel}: rejected");
        assert_eq!(r.rows_read, r.rows.len() as u64 + r.rows_rejected, "{rel}");
        // `transactions` counts `:61:` lines and CAMT `Ntry` elements;
        // the samples hold no batch entry, so that is one row each.
        let n: usize = rec[c_tx].parse().unwrap();
        assert_eq!(r.rows.len(), n, "{rel}: transactions");
        let credits: Vec<Money> = r
            .rows
            .iter()
            .map(|l| l.amount)
            .filter(|a| a.is_positive())
            .collect();
        let debits: Vec<Money> = r
            .rows
            .iter()
            .map(|l| l.amount)
            .filter(|a| a.is_negative())
            .collect();
        assert_eq!(
            credits.len(),
            rec[c_cr].parse::<usize>().unwrap(),
            "{rel}: credits"
        );
        assert_eq!(
            debits.len(),
            rec[c_db].parse::<usize>().unwrap(),
            "{rel}: debits"
        );
        let credit_total: Money = credits.iter().sum();
        let debit_total: Money = -debits.iter().sum::<Money>();
        assert_eq!(
            credit_total.decimal(),
            Decimal::from_str(&rec[c_crt]).unwrap(),
            "{rel}: credit total"
        );
        assert_eq!(
            debit_total.decimal(),
            Decimal::from_str(&rec[c_dbt]).unwrap(),
            "{rel}: debit total"
        );
        // A statement without lines has no first or last date.
        let date = |d: Option<chrono::NaiveDate>| d.map_or("none".into(), |d| d.to_string());
        let first = date(r.rows.iter().map(|l| l.booking_date).min());
        let last = date(r.rows.iter().map(|l| l.booking_date).max());
        assert_eq!(first, &rec[c_first], "{rel}: first date");
        assert_eq!(last, &rec[c_last], "{rel}: last date");
        checked.push(rel.to_string());
    }
    checked
}

/// The files of one folder of the samples (`mt940`, `camt053`), as
/// `expected.csv` names them (`folder/name`), sorted.
fn files_in(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(format!("{DIR}/{folder}"))
        .unwrap()
        .map(|e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    files
}

/// Every MT940 and CAMT.053 sample has its row in `expected.csv` and reads
/// as that row says.
#[test]
fn statement_samples_match_expected_totals() {
    for folder in ["mt940", "camt053"] {
        let mut checked = check_format(folder);
        checked.sort();
        assert_eq!(checked, files_in(folder));
    }
}

/// Every sample file under `fixtures/samples/bank`, with its bytes.
fn samples() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples/bank");
    let mut out = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.parent() != Some(root.as_path()) {
                let rel = p
                    .strip_prefix(&root)
                    .map_or_else(|_| p.display().to_string(), |r| r.display().to_string());
                out.push((rel, std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn each_sample_is_claimed_by_at_most_one_bank_specific_reader() {
    let names = [
        "camt053",
        "mt940",
        "knab",
        "rabobank",
        "ing",
        "bunq",
        "abnamro-tab",
        "triodos",
        "sns",
        "generic",
    ];
    let samples = samples();
    assert!(samples.len() > 20);
    for (path, bytes) in samples {
        let (text, _) = decode(&bytes);
        // The generic reader accepts any header with a date and an
        // amount; it comes last in `READERS`, which alone decides.
        let claims: Vec<&str> = READERS
            .iter()
            .zip(names)
            .filter(|((detect, _), n)| *n != "generic" && detect(&text))
            .map(|(_, n)| n)
            .collect();
        assert!(claims.len() <= 1, "{path} claimed by {claims:?}");
        let csv_like = !(path.starts_with("camt053/") || path.starts_with("mt940/"));
        if csv_like {
            assert_eq!(claims.len(), 1, "{path} claimed by {claims:?}");
        } else {
            assert!(
                claims.iter().all(|c| *c == "camt053" || *c == "mt940"),
                "{path} claimed by {claims:?}"
            );
        }
    }
}

#[test]
fn cut_off_and_mangled_samples_never_panic_and_count_every_row() {
    for (path, bytes) in samples() {
        let p: Arc<str> = Arc::from(path.as_str());
        let step = (bytes.len() / 16).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let mut b = bytes[..cut].to_vec();
            let r = read(&p, &b);
            assert_eq!(
                r.rows_read,
                r.rows.len() as u64 + r.rows_rejected,
                "{path} cut {cut}"
            );
            // A byte changed in the middle: any reader may reject the
            // line, none may panic.
            if let Some(x) = b.get_mut(cut / 2) {
                *x = if *x == b';' { b'"' } else { b';' };
            }
            let r = read(&p, &b);
            assert_eq!(
                r.rows_read,
                r.rows.len() as u64 + r.rows_rejected,
                "{path} mangled {cut}"
            );
        }
    }
}
