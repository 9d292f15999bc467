//! The statement readers checked against the real samples in
//! `fixtures/samples/bank`: `expected.csv` holds each file's totals, counted
//! by an independent reader, and every MT940 and CAMT.053 sample must be
//! listed there and read as it says.

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;

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
