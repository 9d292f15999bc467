//! Reading the input folder (docs/inputs.md): find the files of each kind,
//! read each with the reader its content calls for, and gather typed rows,
//! input problems and a report per file. All I/O of the inputs is here.

pub mod agents;
pub mod bank;
pub(crate) mod dates;
pub mod decisions;
pub mod overrides;
pub mod register;
pub mod sniff;
pub mod specs;
pub mod table;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

use crate::config::Policy;
use crate::ledger::Ledger;
use crate::problem::{Problem, ProblemKind, Refusal};
use crate::source::Source;
use crate::threads::ThreadCount;

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
    /// `decisions/`: the accountant's decisions saved from the workbook.
    Decisions,
    /// `agents/`: billing agents' statements.
    Agents,
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
    /// Bank exports only: the balances the file states, their check and
    /// the own accounts it names (empty for every other file). Boxed: a
    /// reader's result travels by value, and most files are no bank export.
    pub bank: Box<bank::balance::BankFacts>,
}

impl<T> FileRead<T> {
    /// A file no reader could make sense of: one problem for the whole file.
    pub fn unreadable(path: &Arc<str>, format: &str, why: Refusal) -> FileRead<T> {
        FileRead {
            format: format.to_string(),
            rows: Vec::new(),
            problems: vec![Problem::error(
                Source::file(path),
                ProblemKind::FileRefused(why),
                "",
            )],
            rows_read: 0,
            rows_rejected: 0,
            bank: Default::default(),
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
    /// Specification lines dropped because an earlier file delivered the
    /// same line (counted once, reported as a warning).
    pub rows_duplicate: u64,
    /// Bank exports: how the balances the file states came out; absent
    /// when it states none, and for other files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balances: Option<bank::balance::BalanceCheck>,
    /// Bank exports: the days it covers per account, with the balance at
    /// the start of each; `summary.json` lists the dates under `coverage`.
    #[serde(skip)]
    pub coverage: Vec<bank::coverage::Coverage>,
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

/// Reads the whole input folder, on the cores there are. Fails only when
/// the folder is missing or unreadable; every problem with a file or row
/// becomes a [`Problem`].
pub fn read_inputs(input: &Path, policy: &Policy) -> anyhow::Result<Inputs> {
    read_inputs_observed(input, policy, ThreadCount::cores(), &|_, _| {})
}

/// [`read_inputs`] on a pool of `threads` threads, telling
/// `progress(files_done, files_total)` as each file is read. The results
/// are merged in path order, so the outcome does not depend on the number
/// of threads or on which thread was faster.
pub fn read_inputs_observed(
    input: &Path,
    policy: &Policy,
    threads: ThreadCount,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> anyhow::Result<Inputs> {
    if !input.is_dir() {
        bail!(
            "input folder {} does not exist or is not a folder",
            input.display()
        );
    }
    let mut out = Inputs::default();
    let mut jobs: Vec<(Found, InputKind)> = Vec::new();
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
        jobs.extend(found.into_iter().map(|f| (f, kind)));
    }
    // Agents' statements and decisions are optional: no folder, no warning.
    for (folder, kind) in [
        ("agents", InputKind::Agents),
        ("decisions", InputKind::Decisions),
    ] {
        let dir = input.join(folder);
        if dir.is_dir() {
            let mut found = Vec::new();
            walk(&dir, folder, &mut found, &mut out.problems)
                .with_context(|| format!("cannot list {}", dir.display()))?;
            found.sort_by(|a, b| a.rel.cmp(&b.rel));
            jobs.extend(found.into_iter().map(|f| (f, kind)));
        }
    }
    let ov = input.join("overrides.csv");
    if ov.is_file() {
        jobs.push((
            Found {
                rel: Arc::from("overrides.csv"),
                path: ov,
            },
            InputKind::Overrides,
        ));
    }
    let results = read_parallel(&jobs, policy, threads, progress);
    reserve_exact(&results, &mut out.ledger);
    for ((found, kind), result) in jobs.iter().zip(results) {
        merge(found, *kind, result, &mut out);
    }
    out.ledger.add_agent_payments();
    overlapping_balances(&mut out);
    let before = spec_lines_per_file(&out.ledger.spec_lines);
    specs::deduplicate(&mut out.ledger.spec_lines, &mut out.problems);
    let after = spec_lines_per_file(&out.ledger.spec_lines);
    for f in out.files.iter_mut().filter(|f| f.kind == InputKind::Specs) {
        let path = f.path.as_str();
        let (b, a) = (
            before.get(path).copied().unwrap_or(0),
            after.get(path).copied().unwrap_or(0),
        );
        f.rows_duplicate = b.saturating_sub(a);
    }
    Ok(out)
}

/// Two bank exports of one account that overlap in dates must agree on
/// the balance where the overlap begins (docs/balances.md, "Across
/// files"): a warning otherwise. Files whose own balances break are left
/// out, as their balances are already in doubt.
fn overlapping_balances(out: &mut Inputs) {
    let paths: Vec<Arc<str>> = out
        .files
        .iter()
        .map(|f| Arc::from(f.path.as_str()))
        .collect();
    let files: Vec<bank::coverage::FileCoverage<'_>> = out
        .files
        .iter()
        .zip(&paths)
        .filter(|(f, _)| f.kind == InputKind::Bank && !f.coverage.is_empty())
        .map(|(f, path)| bank::coverage::FileCoverage {
            path,
            coverage: &f.coverage,
            trusted: f
                .balances
                .is_some_and(|b| b.status != bank::balance::BalanceStatus::Broken),
        })
        .collect();
    let problems = bank::coverage::check_overlaps(&files);
    for p in &problems {
        log::warn!(
            "balances of {} and an earlier export differ where they overlap",
            p.source
        );
    }
    out.problems.extend(problems);
}

fn spec_lines_per_file(lines: &[crate::spec::SpecLine]) -> foldhash::HashMap<String, u64> {
    let mut m: foldhash::HashMap<String, u64> = foldhash::HashMapExt::new();
    for l in lines {
        *m.entry(l.source.path.to_string()).or_insert(0) += 1;
    }
    m
}

/// What reading one file gave, before it is merged in path order.
enum Loaded {
    CannotRead(Refusal),
    Read {
        sha256: String,
        rows: Rows,
        format: String,
        rows_read: u64,
        rows_rejected: u64,
        problems: Vec<Problem>,
        bank: Box<bank::balance::BankFacts>,
    },
}

/// The typed rows of one file.
enum Rows {
    Bank(Vec<crate::payment::BankLine>),
    Invoices(Vec<crate::invoice::InvoiceRow>),
    Specs(Vec<crate::spec::SpecLine>),
    Overrides(Vec<crate::overrides::OverrideRow>),
    Decisions(Vec<crate::decisions::DecisionRow>),
    Agents(Vec<crate::agent::AgentLine>),
}

/// Makes room for all rows at once: the ledger's vectors are the largest
/// allocations of a run, and growing them by doubling while merging would
/// hold a spare half besides the per-file vectors being copied in.
fn reserve_exact(results: &[Loaded], ledger: &mut Ledger) {
    let (mut bank, mut invoices, mut specs, mut overrides) = (0, 0, 0, 0);
    for r in results {
        if let Loaded::Read { rows, .. } = r {
            match rows {
                Rows::Bank(r) => bank += r.len(),
                Rows::Invoices(r) => invoices += r.len(),
                Rows::Specs(r) => specs += r.len(),
                Rows::Overrides(r) => overrides += r.len(),
                Rows::Agents(r) => bank += r.len(),
                Rows::Decisions(_) => {}
            }
        }
    }
    ledger.bank_lines.reserve_exact(bank);
    ledger.invoices.reserve_exact(invoices);
    ledger.spec_lines.reserve_exact(specs);
    ledger.overrides.reserve_exact(overrides);
}

/// Reads the files on up to `threads` threads, the calling thread being
/// one of them, largest files first so that one big file does not finish
/// last alone: each thread takes the next file in that order as it comes
/// free.
///
/// The calling thread reads too, rather than waiting, and the pool's
/// threads end before the files are merged: the rows the calling thread
/// read stay in its heap, where what the merge frees is reused by the
/// stages after reading (see [`ThreadCount::install`]).
fn read_parallel(
    jobs: &[(Found, InputKind)],
    policy: &Policy,
    threads: ThreadCount,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Vec<Loaded> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(fs::metadata(&jobs[i].0.path).map(|m| m.len()).unwrap_or(0))
    });
    let next = AtomicUsize::new(0);
    let done = AtomicU64::new(0);
    let total = jobs.len() as u64;
    let slots: Vec<Mutex<Option<Loaded>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&i) = order.get(k) else { break };
            let (found, kind) = &jobs[i];
            let loaded = load(found, *kind, policy);
            if let Ok(mut slot) = slots[i].lock() {
                *slot = Some(loaded);
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        }
    };
    // The calling thread and up to `threads - 1` of the pool's.
    let helpers = threads.get().min(jobs.len().max(1)) - 1;
    match ThreadCount::new(helpers) {
        Some(pool) => pool.scope_here(|s| {
            for _ in 0..helpers {
                s.spawn(|_| work());
            }
            work();
        }),
        None => work(),
    }
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Loaded::CannotRead(Refusal::ReaderStopped))
        })
        .collect()
}

/// An empty vector with room for at least `len` items and at least
/// 32 MiB, for a file's bytes and a file's rows.
///
/// Why so much: the allocator (mimalloc, `main.rs`) gives a block of more
/// than 16 MiB a segment of its own, which goes back to the system when
/// the block is freed, while smaller blocks share pages of the allocating
/// thread's heap. The reservation was made for glibc, which kept a reader
/// thread's smaller blocks in that thread's arena after the file was
/// merged; with mimalloc it measured neither faster nor smaller within the
/// noise (BENCHMARKS.md, round 4) and is kept so that the readers stay as
/// they were fuzzed. Reserved pages are not touched until they are
/// written, so a small file costs address space, not memory.
pub(crate) fn direct_vec<T>(len: usize) -> Vec<T> {
    const DIRECT: usize = 32 << 20;
    Vec::with_capacity(len.max(DIRECT / std::mem::size_of::<T>().max(1) + 1))
}

/// The whole file, in a buffer from [`direct_vec`].
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = fs::File::open(path)?;
    let len = file.metadata().map_or(0, |m| m.len());
    let mut bytes = direct_vec(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn load(f: &Found, kind: InputKind, policy: &Policy) -> Loaded {
    let bytes = match read_file(&f.path) {
        Ok(b) => b,
        Err(e) => return Loaded::CannotRead(Refusal::Io(e.to_string())),
    };
    let sha256: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    macro_rules! take {
        ($read:expr, $variant:ident) => {{
            let r = $read;
            Loaded::Read {
                sha256,
                rows: Rows::$variant(r.rows),
                format: r.format,
                rows_read: r.rows_read,
                rows_rejected: r.rows_rejected,
                problems: r.problems,
                bank: r.bank,
            }
        }};
    }
    match kind {
        InputKind::Bank => take!(bank::read(&f.rel, &bytes), Bank),
        InputKind::Invoices => take!(register::read(&f.rel, &bytes), Invoices),
        InputKind::Specs => take!(specs::read(&f.rel, &bytes, policy), Specs),
        InputKind::Overrides => take!(overrides::read(&f.rel, &bytes), Overrides),
        InputKind::Decisions => take!(decisions::read(&f.rel, &bytes), Decisions),
        InputKind::Agents => match agents::agent_of_path(&f.rel, policy) {
            Ok(agent) => take!(agents::read(&f.rel, &bytes, &agent), Agents),
            Err(kind) => Loaded::Read {
                sha256,
                rows: Rows::Agents(Vec::new()),
                format: "unknown".into(),
                rows_read: 0,
                rows_rejected: 0,
                problems: vec![Problem::error(Source::file(&f.rel), kind, "")],
                bank: Default::default(),
            },
        },
    }
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
                ProblemKind::SkippedHidden,
                "",
            ));
        } else if ft.is_symlink() {
            problems.push(Problem::warning(
                Source::file(&rel_path),
                ProblemKind::SkippedSymlink,
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
                ProblemKind::SkippedNotRegular,
                "",
            ));
        }
    }
    Ok(())
}

/// Adds one file's result to the inputs, in path order. A specification
/// file whose content equals an earlier one is read once.
fn merge(f: &Found, kind: InputKind, loaded: Loaded, out: &mut Inputs) {
    let (sha256, rows, format, rows_read, rows_rejected, problems, bank) = match loaded {
        Loaded::CannotRead(why) => {
            out.problems.push(Problem::error(
                Source::file(&f.rel),
                ProblemKind::FileRefused(why),
                "",
            ));
            return;
        }
        Loaded::Read {
            sha256,
            rows,
            format,
            rows_read,
            rows_rejected,
            problems,
            bank,
        } => (
            sha256,
            rows,
            format,
            rows_read,
            rows_rejected,
            problems,
            bank,
        ),
    };
    if kind == InputKind::Specs
        && let Some(first) = out
            .files
            .iter()
            .find(|r| r.kind == InputKind::Specs && r.sha256 == sha256)
    {
        out.problems.push(Problem::warning(
            Source::file(&f.rel),
            ProblemKind::SameContent {
                first: first.path.to_string(),
            },
            "",
        ));
        out.files.push(FileReport {
            path: f.rel.to_string(),
            kind,
            sha256,
            format: "duplicate".into(),
            rows_read: 0,
            rows_rejected: 0,
            rows_duplicate: 0,
            balances: None,
            coverage: Vec::new(),
        });
        return;
    }
    match rows {
        Rows::Bank(r) => out.ledger.bank_lines.extend(r),
        Rows::Invoices(r) => out.ledger.invoices.extend(r),
        Rows::Specs(r) => out.ledger.spec_lines.extend(r),
        Rows::Overrides(r) => out.ledger.overrides.extend(r),
        Rows::Decisions(r) => out.ledger.decisions.extend(r),
        Rows::Agents(r) => out.ledger.agent_lines.extend(r),
    }
    log::info!(
        "read {} ({format}): {rows_read} rows, {rows_rejected} rejected",
        f.rel
    );
    if let Some(c) = &bank.check {
        let level = match c.status {
            bank::balance::BalanceStatus::Broken => log::Level::Warn,
            _ => log::Level::Info,
        };
        log::log!(
            level,
            "balances of {}: {} ({} {}s checked, {} broken, {} not checkable)",
            f.rel,
            c.status.as_str(),
            c.checked,
            c.unit.as_str(),
            c.broken,
            c.not_checkable
        );
    }
    out.problems.extend(problems);
    out.ledger
        .own_accounts
        .extend(bank.accounts.iter().filter_map(|a| {
            crate::ident::Iban::parse(a).map(|account| crate::own_accounts::NamedAccount {
                account,
                file: f.rel.clone(),
            })
        }));
    out.files.push(FileReport {
        path: f.rel.to_string(),
        kind,
        sha256,
        format,
        rows_read,
        rows_rejected,
        rows_duplicate: 0,
        balances: bank.check,
        coverage: bank.coverage,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_vectors_reserve_at_least_32_mib_and_at_least_what_is_asked() {
        let rows: Vec<crate::payment::BankLine> = direct_vec(0);
        assert!(rows.capacity() * std::mem::size_of::<crate::payment::BankLine>() >= 32 << 20);
        let bytes: Vec<u8> = direct_vec(40 << 20);
        assert!(bytes.capacity() >= 40 << 20);
        assert!(rows.is_empty() && bytes.is_empty());
    }

    #[test]
    fn a_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, b"a;b\n1;2\n").unwrap();
        assert_eq!(read_file(&path).unwrap(), b"a;b\n1;2\n");
        assert!(read_file(&dir.path().join("missing")).is_err());
    }
}
