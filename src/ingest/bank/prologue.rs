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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::bank::fields::{required_amount, required_date};
    use crate::ingest::bank::layout::column;
    use crate::ingest::bank::records::sniff_delimiter;
    use crate::money::DecimalStyle;
    use crate::problem::{Field, ProblemKind};

    /// A format of two columns, `date` and `amount`, under a `PREAMBLE`.
    struct Two {
        date: usize,
        amount: usize,
    }

    impl Headed for Two {
        const FORMAT: &'static str = "two";

        fn find(header: &[String]) -> Option<Two> {
            Some(Two {
                date: column(header, &["date"])?,
                amount: column(header, &["amount"])?,
            })
        }

        fn needed(&self) -> usize {
            self.date.max(self.amount) + 1
        }

        fn line(&self, r: &Record) -> Result<Draft, RowError> {
            let date = required_date(r.get(self.date), Field::Date)?;
            let amount = required_amount(r.get(self.amount), DecimalStyle::Point, Field::Amount)?;
            Ok(Draft::new("", date, amount))
        }

        fn preamble(first: &Record) -> bool {
            first.get(0) == "PREAMBLE"
        }
    }

    fn read(text: &str) -> FileRead<BankLine> {
        let all = RecordReader::new(text, sniff_delimiter(text), b'"');
        read_headed::<Two>(&Arc::from("bank/two.csv"), all)
    }

    fn refusal(r: &FileRead<BankLine>) -> Option<&Refusal> {
        match r.problems.as_slice() {
            [p] => match &p.kind {
                ProblemKind::FileRefused(why) => Some(why),
                _ => None,
            },
            _ => None,
        }
    }

    #[test]
    fn a_file_without_its_header_or_columns_is_refused_whole() {
        let none = read("");
        assert_eq!(
            refusal(&none),
            Some(&Refusal::BankWithoutHeader {
                format: "two".into()
            })
        );
        let other = read("PREAMBLE\nday,sum\n2024-01-01,1.00\n");
        assert_eq!(
            refusal(&other),
            Some(&Refusal::BankWithoutColumns {
                format: "two".into()
            })
        );
        assert_eq!((other.rows_read, other.format.as_str()), (0, "two"));
    }

    #[test]
    fn records_after_the_header_are_lines_and_a_short_one_is_refused() {
        let r = read("PREAMBLE\ndate,amount\n2024-01-01,1.00\n2024-01-02\n");
        assert_eq!((r.rows_read, r.rows_rejected, r.rows.len()), (2, 1, 1));
        assert_eq!(r.rows[0].source.to_string(), "bank/two.csv:3");
        assert_eq!(
            r.problems[0].kind,
            ProblemKind::ColumnCount {
                expected: 2,
                found: 1
            }
        );
        // Without the preamble the header is the first record.
        assert_eq!(read("date,amount\n2024-01-01,1.00\n").rows.len(), 1);
    }

    #[test]
    fn a_fixed_layout_skips_its_header_and_refuses_short_records() {
        let text = "h1,h2\n2024-01-01,1.00\n2024-01-02\n";
        let line = |r: &Record| Two { date: 0, amount: 1 }.line(r);
        let all = RecordReader::new(text, b',', b'"');
        let r = read_fixed(&Arc::from("bank/f.csv"), "fixed", all, 1, 2, line);
        assert_eq!(
            (r.rows_read, r.rows_rejected, r.format.as_str()),
            (2, 1, "fixed")
        );
        assert_eq!(r.problems[0].source.to_string(), "bank/f.csv:3");
        // Nothing but the header: nothing read.
        let all = RecordReader::new("h1,h2\n", b',', b'"');
        let r = read_fixed(&Arc::from("bank/f.csv"), "fixed", all, 1, 2, line);
        assert_eq!((r.rows_read, r.problems.len()), (0, 0));
    }
}
