//! Writing the outputs (SPEC §8) into a folder: CSV files, `summary.json`
//! and the workbook. Decides nothing; writes what the core decided.
//! (Not yet written.)

use std::path::Path;

use chrono::NaiveDate;

use crate::config::Policy;
use crate::ingest::FileReport;
use crate::ledger::Ledger;
use crate::outcome::Reconciliation;
use crate::problem::Problem;

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
}

/// Writes every output file into `dir`, which exists and is empty.
pub fn write_all(_dir: &Path, _input: &ReportInput<'_>) -> anyhow::Result<()> {
    Ok(())
}
