//! Writing the outputs (docs/outputs.md) into a folder: `invoices.csv`,
//! `payments.csv`, `exceptions.csv`, `summary.json`, `coulance.csv`,
//! `journal.csv`, `changes.csv`, `decisions.csv`, `letters.csv`, `spec_missing.csv` and `report.xlsx`. Decides nothing; writes what the core
//! decided. The same input gives the same bytes in every file.

pub mod agents;
pub mod by_client;
pub mod by_insurer;
pub mod csv_out;
pub mod decisions;
pub mod journal;
pub mod letters;
pub mod refunds;
pub mod spec_missing;
pub mod summary;
pub mod text;
pub mod workbook;

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;

use crate::changes::ChangeSet;
use crate::config::Policy;
use crate::ingest::FileReport;
use crate::ledger::Ledger;
use crate::outcome::{PaymentOutcome, Reconciliation};
use crate::problem::Problem;
use crate::threads::ThreadCount;

pub use summary::Summary;

/// Language of the workbook's labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Dutch (default).
    #[default]
    Nl,
    /// English.
    En,
}

/// Everything the report is made of.
pub struct ReportInput<'a> {
    /// The date the run is for.
    pub as_of: NaiveDate,
    /// The configuration used.
    pub policy: &'a Policy,
    /// The inputs.
    pub ledger: &'a Ledger,
    /// The decisions.
    pub recon: &'a Reconciliation,
    /// The files read.
    pub files: &'a [FileReport],
    /// All input problems (readers' and core's), sorted.
    pub problems: &'a [Problem],
    /// Workbook language.
    pub lang: Lang,
    /// Changes since the previous report, when there was one.
    pub changes: Option<&'a ChangeSet>,
    /// What earlier nights handed over (`crate::history`); `None` is
    /// nothing.
    pub handed: Option<&'a crate::history::HandedOver>,
}

impl<'a> ReportInput<'a> {
    /// The report of a reconciliation alone: no files, no problems, no
    /// changes or history, in Dutch. What tests write from; set the other
    /// fields with `ReportInput { lang, ..ReportInput::of(…) }`.
    pub fn of(
        as_of: NaiveDate,
        policy: &'a Policy,
        ledger: &'a Ledger,
        recon: &'a Reconciliation,
    ) -> ReportInput<'a> {
        ReportInput {
            as_of,
            policy,
            ledger,
            recon,
            files: &[],
            problems: &[],
            lang: Lang::Nl,
            changes: None,
            handed: None,
        }
    }
}

/// Writes every output file into `dir`, which exists and is empty.
pub fn write_all(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let xlsx = dir.join("report.xlsx");
    let (book, attention) =
        crate::quiet::catch_quietly(|| workbook::prepare(dir, input, workbook::MAX_DATA_ROWS))
            .map_err(|cause| anyhow::anyhow!("cannot write {}: {cause}", xlsx.display()))??;
    // The workbook takes longest, and compressing it at the end cannot
    // start before every sheet is there. Its sheets are written on a
    // thread of their own, except the attention sheets (payments to look
    // at, often the longest list), which this thread fills first and hands
    // over; it then writes the other files while the workbook finishes the
    // lists and compresses. The summary is made here too, before anything
    // else. Each thread writes files and sheets of its own and every cell
    // format is registered up front, so the bytes do not depend on which
    // finishes first.
    //
    // The workbook is a job on a pool of one thread beside this one,
    // whatever `--threads` says (it is always written beside the other
    // files). It waits for what this thread sends; this thread never
    // waits for it before the scope ends, so neither can block the other
    // (and when the system refuses the thread, the workbook runs here at
    // the end of the scope, with everything sent).
    let summary_slot = std::sync::OnceLock::new();
    let (tx, rx) = std::sync::mpsc::channel();
    let (summary_tx, summary_rx) = std::sync::mpsc::channel();
    let mut workbook = None;
    let written = &mut workbook;
    let others = ThreadCount::ONE.scope_here(|s| {
        s.spawn(move |_| {
            let started = std::time::Instant::now();
            let cpu = thread_cpu_ticks();
            // rust_xlsxwriter panics when a write to its spooled sheets
            // fails (a full disk): that is a write error like any other.
            let r = crate::quiet::catch_quietly(|| {
                workbook::finish(dir, book, input, &summary_rx, &rx)
            })
            .unwrap_or_else(|cause| Err(anyhow::anyhow!("{cause}")))
            .with_context(|| format!("cannot write {}", dir.join("report.xlsx").display()));
            log::debug!(
                "workbook written in {:.2} s ({} s CPU)",
                started.elapsed().as_secs_f64(),
                cpu_seconds_since(cpu)
            );
            *written = Some(r);
        });
        let summary = summary_slot.get_or_init(|| summary::build(input));
        let _ = summary_tx.send(summary);
        let started = std::time::Instant::now();
        let cpu = thread_cpu_ticks();
        // The attention sheets spool to files too, so a full disk can make
        // rust_xlsxwriter panic here as well; the workbook then reports
        // the cause.
        let filled = crate::quiet::catch_quietly(|| {
            workbook::fill_attention(attention, input, workbook::MAX_DATA_ROWS)
        })
        .unwrap_or_else(|cause| {
            Err(rust_xlsxwriter::XlsxError::IoError(std::io::Error::other(
                cause,
            )))
        });
        let _ = tx.send(filled);
        // Dropped once sent: a workbook that finds a message missing then
        // stops instead of waiting.
        drop((tx, summary_tx));
        log::debug!(
            "attention sheets filled in {:.2} s ({} s CPU)",
            started.elapsed().as_secs_f64(),
            cpu_seconds_since(cpu)
        );
        let others = write_files(dir, input, summary);
        log::debug!(
            "other files written in {:.2} s ({} s CPU)",
            started.elapsed().as_secs_f64(),
            cpu_seconds_since(cpu)
        );
        others
    });
    others?;
    // The scope waited for the workbook's job, so it is there.
    workbook.unwrap_or_else(|| Err(anyhow::anyhow!("the workbook was not written")))?;
    // Made above unless a job panicked, and then this is not reached.
    let Some(summary) = summary_slot.get() else {
        return Ok(());
    };
    if !summary.conservation.balanced {
        log::warn!(
            "conservation check fails: credits read {} but accounted for {}",
            summary.conservation.credits_read,
            summary.conservation.accounted
        );
    }
    Ok(())
}

/// The CPU time the calling thread has used so far, in clock ticks of
/// 1/100 s, for the debug log (the machine may be shared, so wall time
/// alone says little): from `/proc/thread-self/stat`, `None` where there
/// is no such file.
fn thread_cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold
    // spaces): state is the first, utime the 12th and stime the 13th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    Some(ticks(11)? + ticks(12)?)
}

/// The CPU seconds the calling thread has used since `start` (from
/// [`thread_cpu_ticks`]), or "?". A pool's thread may have done other
/// work before, so only the difference means something.
fn cpu_seconds_since(start: Option<u64>) -> String {
    match (start, thread_cpu_ticks()) {
        (Some(a), Some(b)) => format!("{:.2}", b.saturating_sub(a) as f64 / 100.0),
        _ => "?".into(),
    }
}

/// The name of every file a report folder holds, sorted; [`write_all`]
/// writes exactly these (a test holds them together). A folder of nothing
/// but these is a report the job may replace (`crate::report_folder`).
pub const FILES: &[&str] = &[
    "agents.csv",
    "changes.csv",
    "clients.csv",
    "coulance.csv",
    "coulance_new.csv",
    "decisions.csv",
    "exceptions.csv",
    "insurers.csv",
    "invoices.csv",
    "journal.csv",
    "journal_new.csv",
    "letters.csv",
    "payments.csv",
    "refunds_new.csv",
    "report.xlsx",
    "spec_missing.csv",
    "summary.json",
];

/// Files a report folder holds only when they have something to say:
/// `refunds.xml` when there is a refund to pay by file.
pub const OPTIONAL_FILES: &[&str] = &["refunds.xml"];

/// Every file except the workbook.
fn write_files(
    dir: &Path,
    input: &ReportInput<'_>,
    summary: &summary::Summary,
) -> anyhow::Result<()> {
    csv_out::write_invoices(dir, input)?;
    csv_out::write_payments(dir, input)?;
    csv_out::write_exceptions(dir, input)?;
    csv_out::write_changes(dir, input)?;
    journal::write_coulance(dir, input)?;
    let new = journal::new_handover(input);
    journal::write_coulance_new(dir, &new)?;
    journal::write_journal(dir, input, &new)?;
    journal::write_journal_new(dir, input, &new)?;
    let to_refund = refunds::new_refunds(input);
    refunds::write_list(dir, &to_refund)?;
    refunds::write_xml(dir, input, &to_refund)?;
    by_client::write(dir, &by_client::rows(input))?;
    by_insurer::write(dir, &by_insurer::rows(input))?;
    spec_missing::write(dir, &spec_missing::list(input))?;
    letters::write(dir, input, &letters::list(input))?;
    decisions::write_decisions(dir, input)?;
    agents::write(dir, input)?;
    summary::write(dir, summary)?;
    Ok(())
}

/// The core's decision for each bank line, by position in
/// `Ledger::bank_lines`. The core gives exactly one per line; an outcome that
/// points past the ledger is dropped and a second one for the same line is
/// ignored, so a faulty core shows up as an unbalanced summary instead of a
/// crash.
pub fn outcome_per_line<'a>(input: &ReportInput<'a>) -> Vec<Option<&'a PaymentOutcome>> {
    let mut per_line: Vec<Option<&'a PaymentOutcome>> = vec![None; input.ledger.bank_lines.len()];
    for o in &input.recon.payments {
        if let Some(slot @ None) = per_line.get_mut(o.line) {
            *slot = Some(o);
        }
    }
    per_line
}
