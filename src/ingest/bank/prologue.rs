//! The one opening every CSV bank reader shares: find the columns in the
//! header (or refuse the whole file, without a header or without the
//! columns the format needs), or for a fixed layout pass over its header,
//! then read each record after it as one line into a [`Collector`],
//! refusing a record with too few fields. A format module says only what
//! is its own: which columns it needs ([`Headed::find`]) and how one
//! record becomes a line ([`Headed::line`]).

use std::sync::Arc;

use super::collector::Collector;
use super::draft::Draft;
use super::fields::RowError;
use super::layout::{first_record, folded};
use super::records::{Record, RecordReader};
use crate::ingest::FileRead;
use crate::payment::BankLine;
use crate::problem::Refusal;

/// A CSV bank format with a header, as its reader describes it.
pub(crate) trait Headed: Sized {
    /// The format name, as the file's problems and summary report it.
    const FORMAT: &'static str;

    /// The columns a header names (its cells folded), or `None` when the
    /// header lacks a column the format cannot do without.
    fn find(header: &[String]) -> Option<Self>;

    /// How many fields a record needs to hold every column it must have.
    fn needed(&self) -> usize;

    /// Reads one record after the header that has the fields it needs.
    fn line(&self, r: &Record) -> Result<Draft, RowError>;

    /// The format name a file with these columns reports: [`Headed::FORMAT`]
    /// unless the columns tell a variant of it (ING's English download).
    fn format(&self) -> &'static str {
        Self::FORMAT
    }

    /// True for a first record that stands before the header and is no
    /// part of it (Knab's `KNAB EXPORT` line).
    fn preamble(_first: &Record) -> bool {
        false
    }
}

/// The columns `header` names, found by `find` over its folded cells; or
/// the whole file refused, as a file of `format` without a header or
/// without the columns it needs.
pub(crate) fn columns<C>(
    path: &Arc<str>,
    format: &str,
    header: Option<&Record>,
    find: impl FnOnce(&[String]) -> Option<C>,
) -> Result<C, FileRead<BankLine>> {
    let format_name = || format.to_string();
    let Some(header) = header else {
        let why = Refusal::BankWithoutHeader {
            format: format_name(),
        };
        return Err(FileRead::unreadable(path, format, why));
    };
    find(&folded(&header.fields)).ok_or_else(|| {
        let why = Refusal::BankWithoutColumns {
            format: format_name(),
        };
        FileRead::unreadable(path, format, why)
    })
}

/// The header record of format `C`: the first record, or the second after
/// a preamble.
pub(crate) fn header<C: Headed>(all: &mut RecordReader<'_>) -> Option<Record> {
    // The header is one record per file: kept as a copy, since the reader
    // reuses its record for the next.
    let first = all.next_record().cloned();
    if first.as_ref().is_some_and(C::preamble) {
        return all.next_record().cloned();
    }
    first
}

/// True when the first record of `text` is a header of format `C`.
pub(crate) fn detect_headed<C: Headed>(text: &str) -> bool {
    first_record(text).is_some_and(|h| C::find(&folded(&h.fields)).is_some())
}

/// Reads a CSV export of format `C` from its records: the header (after a
/// preamble, if the format has one), then every record after it.
pub(crate) fn read_headed<C: Headed>(
    path: &Arc<str>,
    mut all: RecordReader<'_>,
) -> FileRead<BankLine> {
    let header = header::<C>(&mut all);
    let cols = match columns(path, C::FORMAT, header.as_ref(), C::find) {
        Ok(cols) => cols,
        Err(refused) => return refused,
    };
    let mut out = Collector::new(path, cols.format());
    let needed = cols.needed();
    out.add_all(&mut all, |r| {
        if r.fields.len() < needed {
            return Err(RowError::columns(needed, r.fields.len()));
        }
        cols.line(r)
    });
    out.finish()
}

/// Reads a CSV export whose columns stand at fixed places (Rabobank,
/// Triodos) from its records: the first `skip` records passed over (a
/// header names nothing the reader needs), then each record one line,
/// refused when it has fewer than `columns` fields.
pub(crate) fn read_fixed(
    path: &Arc<str>,
    format: &'static str,
    mut all: RecordReader<'_>,
    skip: usize,
    columns: usize,
    line: impl Fn(&Record) -> Result<Draft, RowError>,
) -> FileRead<BankLine> {
    let mut out = Collector::new(path, format);
    for _ in 0..skip {
        if all.next_record().is_none() {
            return out.finish();
        }
    }
    out.add_all(&mut all, |r| {
        if r.fields.len() < columns {
            return Err(RowError::columns(columns, r.fields.len()));
        }
        line(r)
    });
    out.finish()
}
