//! One run of the job: read the configuration and the inputs, reconcile,
//! and write the report atomically into its folder while holding the
//! folder's lock (`report_folder`). This is the only place that knows the
//! order of the stages.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;

use crate::changes::{ChangeSet, diff, find_previous, load_previous};
use crate::config::Policy;
use crate::ingest::{self, Inputs};
use crate::matching::{Threads, reconcile_observed, reconcile_on};
use crate::outcome::Reconciliation;
use crate::problem::{Problem, Severity};
use crate::report::{self, Lang, ReportInput};
use crate::report_folder::{self, OutputLock};
use crate::threads::ThreadCount;

/// What `zorgrecon run` was asked to do.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The input folder.
    pub input: PathBuf,
    /// The output folder; `reports/<as-of>` when not given.
    pub out: Option<PathBuf>,
    /// The date the run is for.
    pub as_of: NaiveDate,
    /// Configuration file; else `zorgrecon.toml` in the input, else built in.
    pub config: Option<PathBuf>,
    /// Workbook language.
    pub lang: Lang,
    /// The previous report to compare with; by default the newest earlier
    /// `<date>` folder beside the output folder.
    pub previous: Option<PathBuf>,
    /// The most threads any step uses (`--threads`; default the cores).
    pub threads: ThreadCount,
}

/// What a finished run reports back to the binary.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// Where the report was written.
    pub out: PathBuf,
    /// Input problems of severity error.
    pub errors: usize,
    /// Input problems of severity warning.
    pub warnings: usize,
}

/// Reads the configuration: `--config`, else `zorgrecon.toml` in the input
/// folder, else the built-in default.
pub fn load_policy(input: &Path, config: Option<&Path>) -> anyhow::Result<Policy> {
    let path = match config {
        Some(p) => Some(p.to_path_buf()),
        None => Some(input.join("zorgrecon.toml")).filter(|p| p.is_file()),
    };
    match path {
        None => Ok(Policy::default()),
        Some(p) => {
            let text = fs::read_to_string(&p)
                .with_context(|| format!("cannot read configuration {}", p.display()))?;
            let policy = Policy::from_toml(&text)
                .with_context(|| format!("configuration {}", p.display()))?;
            log::info!("configuration read from {}", p.display());
            Ok(policy)
        }
    }
}

/// Reads and validates only (`zorgrecon check`), on at most `threads`
/// threads: every input problem, sorted.
pub fn check(
    input: &Path,
    config: Option<&Path>,
    as_of: NaiveDate,
    threads: ThreadCount,
) -> anyhow::Result<Vec<Problem>> {
    let policy = load_policy(input, config)?;
    let inputs = ingest::read_inputs_observed(input, &policy, threads, &|_, _| {})?;
    require_invoices(&inputs)?;
    let decide = Threads::for_cores(threads.get());
    let recon = reconcile_on(&inputs.ledger, &policy, as_of, decide);
    Ok(all_problems(&inputs, &recon))
}

/// The process's resident memory and its peak so far, in MiB, from
/// `/proc/self/status` (0 where that is not there): for the debug log.
fn memory_mib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

/// The whole job: read, reconcile, write the report atomically.
pub fn run(opts: &RunOptions) -> anyhow::Result<RunResult> {
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(opts.as_of.to_string()));
    // Before anything is read or created: a report folder that is, holds
    // or lies in the input, or that holds files the job did not write, is
    // never replaced.
    report_folder::refuse_overlap(&opts.input, &out)?;
    report_folder::check_replaceable(&out)?;
    let policy = load_policy(&opts.input, opts.config.as_deref())?;
    let _lock = OutputLock::acquire(&out)?;
    let started = std::time::Instant::now();
    let inputs = read_with_progress(&opts.input, &policy, opts.threads)?;
    require_invoices(&inputs)?;
    log::info!(
        "read {} files in {:.2} s",
        inputs.files.len(),
        started.elapsed().as_secs_f64()
    );
    if log::log_enabled!(log::Level::Debug) {
        let (memory, peak) = memory_mib();
        log::debug!("read: memory {memory} MiB, peak {peak} MiB");
    }
    let started = std::time::Instant::now();
    let lap = std::cell::Cell::new(started);
    let decide = Threads::for_cores(opts.threads.get());
    let recon = reconcile_observed(&inputs.ledger, &policy, opts.as_of, decide, &|stage| {
        if log::log_enabled!(log::Level::Debug) {
            let now = std::time::Instant::now();
            let (memory, peak) = memory_mib();
            log::debug!(
                "decide: {stage} {:.3} s (memory {memory} MiB, peak {peak} MiB)",
                (now - lap.get()).as_secs_f64()
            );
            lap.set(now);
        }
    });
    log::info!(
        "decided {} bank lines and {} invoices in {:.2} s",
        recon.payments.len(),
        recon.invoices.len(),
        started.elapsed().as_secs_f64()
    );
    let problems = all_problems(&inputs, &recon);
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let changes = changes_since_previous(opts, &out, &inputs, &recon);
    let handed = crate::history::load(&out, opts.as_of)?;
    if !handed.nights.is_empty() {
        log::info!(
            "{} earlier reports handed over {} write-offs",
            handed.nights.len(),
            handed
                .write_offs
                .values()
                .filter(|w| !w.amount.is_zero())
                .count()
        );
    }
    let report = ReportInput {
        as_of: opts.as_of,
        policy: &policy,
        ledger: &inputs.ledger,
        recon: &recon,
        files: &inputs.files,
        problems: &problems,
        lang: opts.lang,
        changes: changes.as_ref(),
        handed: Some(&handed),
    };
    let started = std::time::Instant::now();
    report_folder::write_atomically(&out, |dir| report::write_all(dir, &report))?;
    log::info!(
        "wrote the report in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    log_totals(&recon);
    if errors + warnings > 0 {
        log::warn!(
            "{errors} input errors and {warnings} warnings: see {}",
            out.join("exceptions.csv").display()
        );
    }
    Ok(RunResult {
        out,
        errors,
        warnings,
    })
}

/// Reads the inputs with a progress bar on stderr when it is a terminal;
/// under cron (no terminal) nothing of it is written.
fn read_with_progress(
    input: &Path,
    policy: &Policy,
    threads: ThreadCount,
) -> anyhow::Result<Inputs> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return ingest::read_inputs_observed(input, policy, threads, &|_, _| {});
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} files")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("reading inputs");
    let inputs = ingest::read_inputs_observed(input, policy, threads, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    inputs
}

/// Compares with the previous report. A previous report that cannot be
/// read is a warning, not a reason to skip tonight's report.
fn changes_since_previous(
    opts: &RunOptions,
    out: &Path,
    inputs: &Inputs,
    recon: &Reconciliation,
) -> Option<ChangeSet> {
    let dir = opts
        .previous
        .clone()
        .or_else(|| find_previous(out, opts.as_of))?;
    match load_previous(&dir) {
        Ok(prev) => {
            let changes = diff(&prev, &inputs.ledger, recon);
            log::info!("{} changes since {}", changes.len(), dir.display());
            Some(ChangeSet {
                previous: dir.display().to_string(),
                changes,
            })
        }
        Err(e) => {
            log::warn!("cannot compare with the previous report: {e:#}");
            None
        }
    }
}

fn require_invoices(inputs: &Inputs) -> anyhow::Result<()> {
    if inputs.ledger.invoices.is_empty() {
        bail!("no invoices read: invoices/ is missing, empty or has no readable row");
    }
    Ok(())
}

/// Readers' and core's problems together, in a full order.
fn all_problems(inputs: &Inputs, recon: &Reconciliation) -> Vec<Problem> {
    let mut all: Vec<Problem> = inputs
        .problems
        .iter()
        .chain(recon.problems.iter())
        .cloned()
        .collect();
    all.sort();
    all.dedup();
    all
}

fn log_totals(recon: &Reconciliation) {
    use crate::outcome::InvoiceStatus;
    let mut parts = Vec::new();
    for s in InvoiceStatus::ALL {
        let n = recon.invoices.iter().filter(|i| i.status == s).count();
        parts.push(format!("{} {n}", s.as_str()));
    }
    log::info!("invoices: {}", parts.join(", "));
}
