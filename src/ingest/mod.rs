//! Reading the input folder (SPEC §3, §5): find the files of each kind,
//! read each with the reader its content calls for, and gather typed rows,
//! input problems and a report per file. All I/O of the inputs is here.

pub mod bank;
pub mod overrides;
pub mod register;
pub mod specs;
pub mod table;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

use crate::config::Policy;
use crate::ledger::Ledger;
use crate::problem::Problem;
use crate::source::Source;

/// The kinds of input, by folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// `invoices/`: the invoice register.
    Invoices,
    /// `bank/`: bank exports.
    Bank,
    /// `specs/`: insurer specifications.
    Specs,
    /// `overrides.csv`.
    Overrides,
}

/// What one reader made of one file.
#[derive(Clone, Debug, Default)]
pub struct FileRead<T> {
    /// Detected format, e.g. `ing`, `xlsx`; `unknown` when none fitted.
    pub format: String,
    /// Rows read successfully.
    pub rows: Vec<T>,
    /// Problems: rejected rows (errors) and doubtful ones (warnings).
    pub problems: Vec<Problem>,
    /// Data rows met in the file, rejected ones included; so
    /// `rows_read = rows.len() + rows_rejected`.
    pub rows_read: u64,
    /// Data rows that went to the exceptions instead.
    pub rows_rejected: u64,
}

impl<T> FileRead<T> {
    /// A file no reader could make sense of: one problem for the whole file.
    pub fn unreadable(path: &Arc<str>, format: &str, why: impl Into<String>) -> FileRead<T> {
        FileRead {
            format: format.to_string(),
            rows: Vec::new(),
            problems: vec![Problem::error(Source::file(path), why, "")],
            rows_read: 0,
            rows_rejected: 0,
        }
    }
}

/// One input file as it appears in `summary.json`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FileReport {
    /// Path relative to `--input`.
    pub path: String,
    /// Which folder it came from.
    pub kind: InputKind,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Detected format.
    pub format: String,
    /// Data rows met.
    pub rows_read: u64,
    /// Data rows rejected.
    pub rows_rejected: u64,
}

/// Everything read from the input folder.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Typed rows for the core.
    pub ledger: Ledger,
    /// Input problems found while reading.
    pub problems: Vec<Problem>,
    /// One report per file read, in path order.
    pub files: Vec<FileReport>,
}

/// A file found in the input folder.
#[derive(Clone, Debug)]
struct Found {
    rel: Arc<str>,
    path: PathBuf,
}

/// Reads the whole input folder. Fails only when the folder is missing or
/// unreadable; every problem with a file or row becomes a [`Problem`].
pub fn read_inputs(input: &Path, policy: &Policy) -> anyhow::Result<Inputs> {
    if !input.is_dir() {
        bail!(
            "input folder {} does not exist or is not a folder",
            input.display()
        );
    }
    let mut out = Inputs::default();
    let kinds = [
        ("invoices", InputKind::Invoices),
        ("bank", InputKind::Bank),
        ("specs", InputKind::Specs),
    ];
    for (folder, kind) in kinds {
        let dir = input.join(folder);
        let mut found = Vec::new();
        if dir.is_dir() {
            walk(&dir, folder, &mut found, &mut out.problems)
                .with_context(|| format!("cannot list {}", dir.display()))?;
        } else {
            log::warn!("input folder has no {folder}/ folder");
        }
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
        for f in found {
            read_one(&f, kind, policy, &mut out);
        }
    }
    let ov = input.join("overrides.csv");
    if ov.is_file() {
        read_one(
            &Found {
                rel: Arc::from("overrides.csv"),
                path: ov,
            },
            InputKind::Overrides,
            policy,
            &mut out,
        );
    }
    specs::deduplicate(&mut out.ledger.spec_lines, &mut out.problems);
    Ok(out)
}

/// Lists the files below `dir` (recursively), skipping hidden files, editor
/// lock files and symbolic links with a warning.
fn walk(
    dir: &Path,
    rel: &str,
    found: &mut Vec<Found>,
    problems: &mut Vec<Problem>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel_path: Arc<str> = Arc::from(format!("{rel}/{name}"));
        let ft = e.file_type()?;
        if name.starts_with('.')
            || name.starts_with("~$")
            || name.ends_with('~')
            || name.starts_with(".~lock")
        {
            problems.push(Problem::warning(
                Source::file(&rel_path),
                "skipped hidden or editor lock file",
                "",
            ));
        } else if ft.is_symlink() {
            problems.push(Problem::warning(
                Source::file(&rel_path),
                "skipped symbolic link (links are not followed)",
                "",
            ));
        } else if ft.is_dir() {
            walk(&e.path(), &rel_path, found, problems)?;
        } else if ft.is_file() {
            found.push(Found {
                rel: rel_path,
                path: e.path(),
            });
        } else {
            problems.push(Problem::warning(
                Source::file(&rel_path),
                "skipped: not a regular file",
                "",
            ));
        }
    }
    Ok(())
}

fn read_one(f: &Found, kind: InputKind, policy: &Policy, out: &mut Inputs) {
    let bytes = match fs::read(&f.path) {
        Ok(b) => b,
        Err(e) => {
            out.problems.push(Problem::error(
                Source::file(&f.rel),
                format!("cannot read file: {e}"),
                "",
            ));
            return;
        }
    };
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if kind == InputKind::Specs
        && let Some(first) = out
            .files
            .iter()
            .find(|r| r.kind == InputKind::Specs && r.sha256 == sha256)
    {
        out.problems.push(Problem::warning(
            Source::file(&f.rel),
            format!("same content as {}: read once", first.path),
            "",
        ));
        out.files.push(FileReport {
            path: f.rel.to_string(),
            kind,
            sha256,
            format: "duplicate".into(),
            rows_read: 0,
            rows_rejected: 0,
        });
        return;
    }
    let (format, rows_read, rows_rejected, problems) = match kind {
        InputKind::Bank => {
            let r = bank::read(&f.rel, &bytes);
            out.ledger.bank_lines.extend(r.rows);
            (r.format, r.rows_read, r.rows_rejected, r.problems)
        }
        InputKind::Invoices => {
            let r = register::read(&f.rel, &bytes);
            out.ledger.invoices.extend(r.rows);
            (r.format, r.rows_read, r.rows_rejected, r.problems)
        }
        InputKind::Specs => {
            let r = specs::read(&f.rel, &bytes, policy);
            out.ledger.spec_lines.extend(r.rows);
            (r.format, r.rows_read, r.rows_rejected, r.problems)
        }
        InputKind::Overrides => {
            let r = overrides::read(&f.rel, &bytes);
            out.ledger.overrides.extend(r.rows);
            (r.format, r.rows_read, r.rows_rejected, r.problems)
        }
    };
    log::info!(
        "read {} ({format}): {rows_read} rows, {rows_rejected} rejected",
        f.rel
    );
    out.problems.extend(problems);
    out.files.push(FileReport {
        path: f.rel.to_string(),
        kind,
        sha256,
        format,
        rows_read,
        rows_rejected,
    });
}
