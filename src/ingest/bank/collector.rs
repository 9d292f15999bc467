//! Collects the lines of one CSV-like file: each record read becomes a row
//! or one error problem, and both count as read, so that for every file
//! `rows_read = rows + rows_rejected`.

use std::sync::Arc;

use super::draft::{Draft, SharedAccounts};
use super::fields::RowError;
use super::records::{Record, RecordReader};
use crate::ingest::FileRead;
use crate::payment::BankLine;
use crate::problem::Problem;
use crate::source::Source;

/// The result of a bank file in `format` before any line is read, its rows
/// reserved as [`crate::ingest::direct_vec`] says: the start of every
/// reader, CSV-like or not.
pub(crate) fn empty_read(format: &str) -> FileRead<BankLine> {
    FileRead {
        format: format.to_string(),
        rows: crate::ingest::direct_vec(0),
        problems: Vec::new(),
        rows_read: 0,
        rows_rejected: 0,
        bank: Default::default(),
    }
}

/// Collects the lines of one file: each record read becomes a row, each
/// record that cannot be read one error problem, and both count as read.
pub(crate) struct Collector {
    path: Arc<str>,
    read: FileRead<BankLine>,
    accounts: SharedAccounts,
}

impl Collector {
    /// An empty collection for `path` in `format`.
    pub fn new(path: &Arc<str>, format: &'static str) -> Collector {
        Collector {
            path: path.clone(),
            read: empty_read(format),
            accounts: SharedAccounts::default(),
        }
    }

    /// Adds the outcome of reading the record on `line`.
    pub fn add(&mut self, line: u64, row: Result<Draft, RowError>) {
        self.read.rows_read += 1;
        match row {
            Ok(d) => {
                let balance = d.balance;
                let l = d.finish_with(&self.path, line, &mut self.accounts);
                let index = self.read.rows.len();
                super::stated::record_line(&mut self.read.bank, index, balance);
                self.read.rows.push(l);
            }
            Err(e) => {
                let index = self.read.rows.len();
                self.read
                    .bank
                    .rejected(index, Source::line(&self.path, line));
                self.read.rows_rejected += 1;
                self.read.problems.push(Problem::error(
                    Source::line(&self.path, line),
                    *e.problem,
                    e.value,
                ));
            }
        }
    }

    /// Adds every record `all` has left, each read by `line`.
    pub fn add_all(
        &mut self,
        all: &mut RecordReader<'_>,
        mut line: impl FnMut(&Record) -> Result<Draft, RowError>,
    ) {
        while let Some(r) = all.next_record() {
            self.add(r.line, line(r));
        }
    }

    /// The file's result.
    pub fn finish(self) -> FileRead<BankLine> {
        self.read
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    use crate::money::Money;
    use crate::problem::ProblemKind;
    #[test]
    fn lines_of_one_account_share_its_text() {
        let p: Arc<str> = Arc::from("bank/x.csv");
        let mut c = Collector::new(&p, "generic");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        c.add(
            2,
            Ok(Draft::new("nl91 abna 0417 1643 00", date, Money::ZERO)),
        );
        c.add(
            3,
            Ok(Draft::new("nl91 abna 0417 1643 00", date, Money::ZERO)),
        );
        let r = c.finish();
        assert_eq!(r.rows[0].account, "NL91ABNA0417164300");
        assert!(std::ptr::eq(
            r.rows[0].account.as_str(),
            r.rows[1].account.as_str()
        ));
    }

    #[test]
    fn a_bad_line_is_one_problem_and_counts() {
        let p: Arc<str> = Arc::from("bank/x.csv");
        let mut c = Collector::new(&p, "generic");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        c.add(2, Ok(Draft::new("NL91ABNA0417164300", date, Money::ZERO)));
        c.add(3, Err(RowError::new(ProblemKind::MinusAndIndicator, "x")));
        let r = c.finish();
        assert_eq!((r.rows_read, r.rows_rejected), (2, 1));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.problems[0].source, Source::line(&p, 3));
    }
}
