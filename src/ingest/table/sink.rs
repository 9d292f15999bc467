//! Tables shown sheet by sheet and row by row to a [`SheetSink`], so that a
//! reader which needs a few columns of a large workbook never holds it as
//! a whole.

use super::header::HEADER_SEARCH_ROWS;
use super::sheet::{Row, Sheet, Table};
use crate::problem::Problem;

/// A reader that takes a table sheet by sheet and row by row, instead of
/// the whole [`Table`] at once, so that a large workbook of which only a
/// few columns matter (the accountant's saved report in `decisions/`)
/// never stands in memory as a whole.
///
/// For each sheet the reader is shown its head, the rows in which
/// [`find_header`](super::find_header) searches (the same rows, with the same indexes, as in
/// the whole sheet), then the rows after it, in order. A sheet that could
/// not be read is dropped with [`SheetSink::abandon`] after whatever was
/// shown of it, as [`open`](super::open) leaves it out of the table.
pub trait SheetSink {
    /// Can this sheet matter at all, judged from the texts of its head
    /// alone? Merged regions only copy a text of the head into other
    /// cells, so a reader can tell from the texts whether a header it
    /// needs could be there. `false` skips the sheet without reading it
    /// further (its merged regions included).
    fn may_matter(&mut self, head: &Sheet) -> bool;

    /// The head with its merged regions. `None`: nothing after the head
    /// matters; `Some(columns)`: a row after the head matters only when it
    /// has a cell in one of `columns`, so a sheet whose later rows have
    /// none there need not be read further.
    fn head(&mut self, head: &Sheet) -> Option<Vec<u32>>;

    /// One row after the head, in sheet order.
    fn row(&mut self, row: &Row);

    /// The sheet is done: what it gave counts.
    fn end(&mut self);

    /// The sheet could not be read after all: forget what it gave.
    fn abandon(&mut self);
}

/// What [`stream`](super::stream) found besides what it showed the sink.
#[derive(Clone, Debug)]
pub struct Streamed {
    /// The detected format, as [`Table::format`].
    pub format: &'static str,
    /// Sheets that could not be read, as [`Table::problems`].
    pub problems: Vec<Problem>,
    /// True when every sheet is empty or holds only blank rows.
    pub blank: bool,
}

/// Shows a whole table to a sink, sheet by sheet.
pub(super) fn show_table(table: Table, sink: &mut impl SheetSink) -> Streamed {
    let blank = table
        .sheets
        .iter()
        .all(|s| s.rows.iter().all(Row::is_blank));
    for mut sheet in table.sheets {
        let rest = sheet
            .rows
            .split_off(head_len(&sheet.rows, sheet.name.is_some()));
        if !sink.may_matter(&sheet) {
            continue;
        }
        if sink.head(&sheet).is_some() {
            for row in &rest {
                sink.row(row);
            }
        }
        sink.end();
    }
    Streamed {
        format: table.format,
        problems: table.problems,
        blank,
    }
}

/// How many of `rows` (from the top of a sheet) [`find_header`] looks at:
/// at most [`HEADER_SEARCH_ROWS`] rows, and on a spreadsheet only those
/// within that many sheet rows of the first used one.
pub(super) fn head_len(rows: &[Row], spreadsheet: bool) -> usize {
    let top = rows.first().map_or(0, |r| r.index);
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .take_while(|r| !spreadsheet || r.index - top < HEADER_SEARCH_ROWS as u32)
        .count()
}
