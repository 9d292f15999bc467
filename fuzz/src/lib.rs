//! Shared checks for the fuzz targets: every reader must keep its count
//! invariant on any input, and a violation must be a crash the fuzzer sees.

use std::sync::Arc;

use zorgrecon::ingest::FileRead;
use zorgrecon::payment::{BankLine, assign_ids};

/// The path every target hands the readers; its text does not matter.
pub fn path() -> Arc<str> {
    Arc::from("fuzz/input")
}

/// Panics unless `rows_read = rows.len() + rows_rejected`: every row read
/// is either kept or refused with a problem, never dropped.
pub fn check<T>(read: &FileRead<T>) {
    let rows = read.rows.len() as u64;
    assert_eq!(
        read.rows_read,
        rows + read.rows_rejected,
        "rows_read {} != rows {} + rows_rejected {} (format {})",
        read.rows_read,
        rows,
        read.rows_rejected,
        read.format
    );
}

/// Runs one bank format's `parse` on the decoded bytes, bypassing format
/// detection, assigns ids as `bank::read` does, and checks the counts.
pub fn bank_format(data: &[u8], parse: fn(&Arc<str>, &str) -> FileRead<BankLine>) {
    let (text, _) = zorgrecon::text::decode(data);
    let mut read = parse(&path(), &text);
    assign_ids(&mut read.rows);
    check(&read);
}

/// Panics unless every sheet's rows are in strictly increasing sheet
/// order, as the header finder and the merged-cell look-up assume.
pub fn check_sheets(table: &zorgrecon::ingest::table::Table) {
    for sheet in &table.sheets {
        for pair in sheet.rows.windows(2) {
            assert!(
                pair[0].index < pair[1].index,
                "rows out of order in {:?}: {} then {}",
                sheet.name,
                pair[0].index,
                pair[1].index
            );
        }
    }
}
