//! Inputs the fuzzers (`fuzz/`) once crashed a reader on, kept as
//! regression tests. Each file under `tests/regressions/<target>/` goes
//! through the same reader as the fuzz target of that name; the reader must
//! not panic and must keep `rows_read = rows.len() + rows_rejected`.
//!
//! A new crash input is added by copying the minimised artifact there under
//! a name that says what it pinned down; no code change is needed here.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

use zorgrecon::config::Policy;
use zorgrecon::ingest::bank::{
    abnamro_tab, bunq, camt053, generic, ing, knab, mt940, rabobank, sns, triodos,
};
use zorgrecon::ingest::{FileRead, bank, decisions, overrides, register, specs};
use zorgrecon::payment::{BankLine, assign_ids};

type Parse = fn(&Arc<str>, &str) -> FileRead<BankLine>;

/// The per-format bank targets and the `parse` each calls.
const FORMATS: [(&str, Parse); 10] = [
    ("abnamro_tab", abnamro_tab::parse),
    ("bunq", bunq::parse),
    ("camt053", camt053::parse),
    ("generic", generic::parse),
    ("ing", ing::parse),
    ("knab", knab::parse),
    ("mt940", mt940::parse),
    ("rabobank", rabobank::parse),
    ("sns", sns::parse),
    ("triodos", triodos::parse),
];

/// `None` when the counts add up, else what is wrong.
fn counts<T>(read: &FileRead<T>) -> Option<String> {
    let rows = read.rows.len() as u64;
    (read.rows_read != rows + read.rows_rejected).then(|| {
        format!(
            "rows_read {} != rows {rows} + rows_rejected {}",
            read.rows_read, read.rows_rejected
        )
    })
}

/// Runs one input through the reader of fuzz target `target`: `None` when
/// all is well, else what went wrong.
fn run(target: &str, bytes: &[u8]) -> Option<String> {
    let path: Arc<str> = Arc::from("regression/input");
    if let Some((_, parse)) = FORMATS.iter().find(|(name, _)| *name == target) {
        let (text, _) = zorgrecon::text::decode(bytes);
        let mut read = parse(&path, &text);
        assign_ids(&mut read.rows);
        return counts(&read);
    }
    match target {
        "bank" => counts(&bank::read(&path, bytes)),
        "overrides" => counts(&overrides::read(&path, bytes)),
        "decisions" => counts(&decisions::read(&path, bytes)),
        "register" => counts(&register::read(&path, bytes)),
        "specs" => counts(&specs::read(&path, bytes, &Policy::default())),
        "html_table" | "spreadsheetml_table" => {
            // These targets check that rows come in sheet order.
            let (text, _) = zorgrecon::text::decode(bytes);
            let table = if target == "html_table" {
                zorgrecon::ingest::table::html::read(&path, &text)
            } else {
                zorgrecon::ingest::table::spreadsheetml::read(&path, &text)
            };
            table.ok().and_then(|t| {
                t.sheets.iter().find_map(|s| {
                    s.rows
                        .windows(2)
                        .any(|w| w[0].index >= w[1].index)
                        .then(|| format!("rows out of order in {:?}", s.name))
                })
            })
        }
        "config" => {
            // The target feeds only UTF-8; so does this.
            if let Ok(text) = std::str::from_utf8(bytes) {
                let _ = Policy::from_toml(text);
            }
            None
        }
        other => Some(format!("no fuzz target named {other}")),
    }
}

#[test]
fn every_fuzz_crash_input_reads_without_panic_and_counts_add_up() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut failures = Vec::new();
    let mut seen = 0;
    let mut targets: Vec<_> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .collect();
    targets.sort_by_key(|e| e.file_name());
    for dir in targets {
        let target = dir.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for file in files {
            seen += 1;
            let name = format!(
                "{target}/{}",
                file.file_name().unwrap_or_default().to_string_lossy()
            );
            let bytes = match std::fs::read(&file) {
                Ok(b) => b,
                Err(e) => {
                    failures.push(format!("{name}: cannot read: {e}"));
                    continue;
                }
            };
            match catch_unwind(AssertUnwindSafe(|| run(&target, &bytes))) {
                Ok(None) => {}
                Ok(Some(why)) => failures.push(format!("{name}: {why}")),
                Err(_) => failures.push(format!("{name}: panicked")),
            }
        }
    }
    assert!(seen > 0, "no regression inputs under {}", root.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
