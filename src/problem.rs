//! Input problems: rejected rows and suspicious values. They are data, not
//! failures: every one reaches `exceptions.csv` with where and why.

use crate::source::Source;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The row or file was not used.
    Error,
    /// The row was used, but something about it needs a look.
    Warning,
}

impl Severity {
    /// The word written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One input problem, as written to `exceptions.csv`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where: file and line, sheet and cell, or the file.
    pub source: Source,
    /// Error (not used) or warning (used, but look).
    pub severity: Severity,
    /// What is wrong, in one lower-case sentence without a trailing period.
    pub problem: String,
    /// The offending value as read (may be empty).
    pub value: String,
}

impl Problem {
    /// A problem that kept the row or file out of the results.
    pub fn error(source: Source, problem: impl Into<String>, value: impl Into<String>) -> Problem {
        Problem {
            source,
            severity: Severity::Error,
            problem: problem.into(),
            value: value.into(),
        }
    }

    /// A problem with something that was still used.
    pub fn warning(
        source: Source,
        problem: impl Into<String>,
        value: impl Into<String>,
    ) -> Problem {
        Problem {
            source,
            severity: Severity::Warning,
            problem: problem.into(),
            value: value.into(),
        }
    }
}
