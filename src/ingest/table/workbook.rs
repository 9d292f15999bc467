//! Workbooks through calamine (xlsx, xlsm, xlsb, xls, ods): sheets
//! streamed into rows that hold only their used span, under a per-file
//! budget of cells, with a panic inside calamine caught and quieted.
//!
//! The containers were checked by [`bounds`](super::bounds) and
//! [`compound`](super::compound) before calamine sees them; what calamine
//! then gives is counted here against [`bounds::MAX_CELLS`].

use std::io::Cursor;
use std::sync::Arc;

use calamine::{Data, DataRef, Reader, Sheets};
use foldhash::{HashMap, HashMapExt};

use super::cell::CellValue;
use super::header::HEADER_SEARCH_ROWS;
use super::row_builder::{Budget, RowBuilder, SheetError, merges_by_column, row_cost};
use super::sheet::{Merge, OpenError, Row, Sheet, Table};
use super::sink::{SheetSink, Streamed};
use super::values::parse_iso_datetime;
use super::{bounds, sheet_scan};
use crate::problem::{Problem, ProblemKind, Refusal, SheetFlaw};
use crate::source::Source;

/// [`crate::quiet::catch_quietly`] for calamine: a damaged file is reported
/// in exceptions.csv, so the panic's text is not needed.
pub(super) fn quietly_catch_unwind<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    crate::quiet::catch_quietly(f).map_err(|_| ())
}

pub(super) fn open_workbook(path: &Arc<str>, bytes: &[u8]) -> Result<Table, OpenError> {
    open_workbook_within(path, bytes, bounds::MAX_CELLS)
}

/// [`open_workbook`] with `cells` as the file's cell budget.
fn open_workbook_within(path: &Arc<str>, bytes: &[u8], cells: u64) -> Result<Table, OpenError> {
    let precheck = if bytes.starts_with(b"PK\x03\x04") {
        bounds::check_zip(bytes)
    } else {
        bounds::check_compound(bytes)
    };
    if let Err(why) = precheck {
        return Err(OpenError {
            format: "unknown",
            why,
        });
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        match password_protected(bytes) {
            Some(format) => OpenError {
                format,
                why: Refusal::PasswordProtected,
            },
            None => OpenError {
                format: "unknown",
                why: Refusal::NotASpreadsheet(e.to_string()),
            },
        }
    })?;
    let format = match &book {
        Sheets::Xls(_) => "xls",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
        // File names inside a zip are stored uncompressed; a macro project
        // is what makes a workbook an xlsm.
        Sheets::Xlsx(_) if contains(bytes, b"xl/vbaProject.bin") => "xlsm",
        Sheets::Xlsx(_) => "xlsx",
    };
    let mut table = Table {
        format,
        sheets: Vec::new(),
        problems: Vec::new(),
    };
    let mut budget = Budget::new(cells);
    for name in book.sheet_names() {
        // A sheet refused for its size is dropped at once, so what it took
        // is given back to the sheets after it.
        let before = budget.left;
        let rows = match read_sheet(&mut book, path, &name, &mut budget) {
            Ok(rows) => rows,
            Err(SheetError::Unreadable(e)) => {
                budget.left = before;
                table.problems.push(Problem::warning(
                    Source::file(path),
                    ProblemKind::SheetUnreadable {
                        sheet: name.clone(),
                        error: e,
                    },
                    "",
                ));
                continue;
            }
            Err(SheetError::TooLarge(why)) => {
                budget.left = before;
                table.problems.push(Problem::error(
                    Source::file(path),
                    ProblemKind::SheetNotRead {
                        sheet: name.clone(),
                        why,
                    },
                    name.clone(),
                ));
                continue;
            }
        };
        let merges = match merged_regions(&mut book, &name, &mut budget) {
            Some(m) => m,
            None => {
                budget.left = before;
                table.problems.push(Problem::error(
                    Source::file(path),
                    ProblemKind::SheetNotRead {
                        sheet: name.clone(),
                        why: SheetFlaw::TooManyMergedCells {
                            limit: budget.limit,
                        },
                    },
                    name.clone(),
                ));
                continue;
            }
        };
        table.sheets.push(Sheet {
            name: Some(name),
            rows,
            merges,
        });
    }
    Ok(table)
}

/// Streams an xlsx or xlsb workbook's sheets into `sink` (see
/// [`super::stream`]): each sheet's head is read, and the rest only when
/// the sink asks for it, one row at a time, so the workbook never stands
/// in memory as a whole. `None` when the file is no such workbook or its
/// cells are not in row order: then [`super::open`] reads it whole.
///
/// What the sink is shown is what [`open_workbook`] would give it: the
/// same rows, cells and merged regions, and the same problem for a sheet
/// that cannot be read, with one difference by design: the cell budget
/// bounds what is held at once (a sheet's head and one row), not the
/// whole file, since nothing else is kept.
pub(super) fn stream_workbook(
    path: &Arc<str>,
    bytes: &[u8],
    sink: &mut impl SheetSink,
) -> Option<Streamed> {
    bounds::check_zip(bytes).ok()?;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
    let format = match &book {
        Sheets::Xlsx(_) if contains(bytes, b"xl/vbaProject.bin") => "xlsm",
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Xls(_) | Sheets::Ods(_) => return None,
    };
    let mut out = Streamed {
        format,
        problems: Vec::new(),
        blank: true,
    };
    for name in book.sheet_names() {
        let failed = match stream_sheet(&mut book, bytes, path, &name, sink) {
            Ok(blank) => {
                out.blank &= blank;
                continue;
            }
            Err(Streaming::Unordered) => return None,
            Err(Streaming::Failed(e)) => e,
        };
        sink.abandon();
        out.problems.push(match failed {
            SheetError::Unreadable(error) => Problem::warning(
                Source::file(path),
                ProblemKind::SheetUnreadable {
                    sheet: name.clone(),
                    error,
                },
                "",
            ),
            SheetError::TooLarge(why) => Problem::error(
                Source::file(path),
                ProblemKind::SheetNotRead {
                    sheet: name.clone(),
                    why,
                },
                name.clone(),
            ),
        });
    }
    Some(out)
}

/// Why streaming a sheet stopped.
enum Streaming {
    /// The sheet is not read: a problem for the file, as in [`open_workbook`].
    Failed(SheetError),
    /// A row came after a later one: only reading it whole can join them.
    Unordered,
}

impl From<SheetError> for Streaming {
    fn from(e: SheetError) -> Streaming {
        Streaming::Failed(e)
    }
}

/// The cells of one xlsx or xlsb sheet, one at a time: position and value.
type CellStream<'a> = Box<dyn FnMut() -> Result<Option<((u32, u32), CellValue)>, SheetError> + 'a>;

/// The cells of sheet `name`, streamed; none for a chart sheet.
fn open_cells<'a, 'b: 'a>(
    book: &'a mut Sheets<Cursor<&'b [u8]>>,
    name: &str,
) -> Result<CellStream<'a>, SheetError> {
    fn unreadable(e: &dyn std::fmt::Display) -> SheetError {
        SheetError::Unreadable(e.to_string())
    }
    match book {
        Sheets::Xlsx(x) => match x.worksheet_cells_reader(name) {
            Ok(mut c) => Ok(Box::new(move || {
                Ok(c.next_cell()
                    .map_err(|e| unreadable(&e))?
                    .map(|c| (c.get_position(), convert_ref(c.get_value()))))
            })),
            // A chart sheet: nothing to read, as calamine's range has it.
            Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(Box::new(|| Ok(None))),
            Err(e) => Err(unreadable(&e)),
        },
        Sheets::Xlsb(x) => {
            let mut c = x.worksheet_cells_reader(name).map_err(|e| unreadable(&e))?;
            Ok(Box::new(move || {
                Ok(c.next_cell()
                    .map_err(|e| unreadable(&e))?
                    .map(|c| (c.get_position(), convert_ref(c.get_value()))))
            }))
        }
        Sheets::Xls(_) | Sheets::Ods(_) => Ok(Box::new(|| Ok(None))),
    }
}

/// Rows from a cell stream, one at a time: [`RowBuilder`]'s rows, with the
/// cells of a row gathered until the next row begins.
struct RowStream<'b> {
    rows: RowBuilder<'b>,
    /// The first cell of the next row, met while finishing the last one.
    next: Option<((u32, u32), CellValue)>,
    /// The index of the last row given, to see rows out of order.
    last: Option<u32>,
    /// True once the cells have run out (calamine must not be asked again).
    ended: bool,
}

impl<'b> RowStream<'b> {
    fn new(path: &'b Arc<str>, name: &str) -> RowStream<'b> {
        RowStream {
            rows: RowBuilder::new(path, name),
            next: None,
            last: None,
            ended: false,
        }
    }

    /// The next row of `cells` (skipping cells of rows up to `after`), or
    /// `None` at the end of the sheet.
    fn next(
        &mut self,
        cells: &mut CellStream<'_>,
        after: Option<u32>,
        budget: &mut Budget,
    ) -> Result<Option<Row>, Streaming> {
        loop {
            let cell = match self.next.take() {
                Some(c) => Some(c),
                None if self.ended => None,
                None => cells()?,
            };
            let Some(((row, col), value)) = cell else {
                self.ended = true;
                return self.take(budget);
            };
            if after.is_some_and(|a| row <= a) || value.is_empty() {
                continue;
            }
            if self.rows.gathering().is_some_and(|r| r != row) {
                self.next = Some(((row, col), value));
                return self.take(budget);
            }
            self.rows.push((row, col), value, budget)?;
        }
    }

    /// The row gathered so far, if any.
    fn take(&mut self, budget: &mut Budget) -> Result<Option<Row>, Streaming> {
        let Some(row) = self.rows.take_last(budget)? else {
            return Ok(None);
        };
        if self.last.is_some_and(|l| l >= row.index) {
            return Err(Streaming::Unordered);
        }
        self.last = Some(row.index);
        Ok(Some(row))
    }
}

/// Streams one sheet into the sink (see [`stream_workbook`]); true when
/// it holds no cell.
fn stream_sheet(
    book: &mut Sheets<Cursor<&[u8]>>,
    bytes: &[u8],
    path: &Arc<str>,
    name: &str,
    sink: &mut impl SheetSink,
) -> Result<bool, Streaming> {
    let mut budget = Budget::new(bounds::MAX_CELLS);
    // The head: the rows `find_header` looks at.
    let mut head = Vec::new();
    let mut more = false;
    {
        let mut cells = open_cells(book, name)?;
        let mut rows = RowStream::new(path, name);
        while let Some(row) = rows.next(&mut cells, None, &mut budget)? {
            let top = head.first().map_or(row.index, |r: &Row| r.index);
            if head.len() >= HEADER_SEARCH_ROWS || row.index - top >= HEADER_SEARCH_ROWS as u32 {
                more = true;
                break;
            }
            head.push(row);
        }
    }
    let blank = head.iter().all(Row::is_blank);
    let mut sheet = Sheet {
        name: Some(name.to_string()),
        rows: head,
        merges: HashMap::new(),
    };
    if !sink.may_matter(&sheet) {
        return Ok(blank);
    }
    // An xlsx sheet is first looked through without calamine: its merged
    // regions, and whether anything stands below the head in the columns
    // the sink will ask about (a saved report: nearly never).
    let after = sheet.rows.last().map(|r| r.index);
    let scan = match (&*book, after) {
        (Sheets::Xlsx(_), Some(after)) => sheet_scan::scan(bytes, name, after),
        _ => None,
    };
    let too_many = || {
        SheetError::TooLarge(SheetFlaw::TooManyMergedCells {
            limit: bounds::MAX_CELLS,
        })
    };
    sheet.merges = match &scan {
        Some(scan) => merges_by_column(scan.merges.iter().copied(), &mut budget),
        None => merged_regions(book, name, &mut budget),
    }
    .ok_or_else(too_many)?;
    let wanted = match (sink.head(&sheet), &scan) {
        (Some(columns), Some(scan))
            if !columns
                .iter()
                .any(|c| scan.columns_below.binary_search(c).is_ok()) =>
        {
            None
        }
        (wanted, _) => wanted,
    };
    if wanted.is_some() && more {
        let mut cells = open_cells(book, name)?;
        let mut rows = RowStream::new(path, name);
        rows.last = after;
        while let Some(row) = rows.next(&mut cells, after, &mut budget)? {
            sink.row(&row);
            budget.left = budget.left.saturating_add(row_cost(&row));
        }
    }
    sink.end();
    Ok(blank)
}

/// The format of a workbook calamine refused because it is protected
/// with a password: an xls with a `FILEPASS` record, an ods whose manifest
/// names encryption data. `open_workbook_auto_from_rs` drops that reason
/// ("Cannot detect file format"), so the one reader that can tell is asked
/// again; this runs only for a file that failed to open.
fn password_protected(bytes: &[u8]) -> Option<&'static str> {
    use calamine::{Ods, OdsError, Xls, XlsError};
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let e = calamine::open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes)).err();
        matches!(e, Some(XlsError::Password)).then_some("xls")
    } else {
        let e = calamine::open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes)).err();
        matches!(e, Some(OdsError::Password)).then_some("ods")
    }
}

/// Reads one sheet into rows. xlsx and xlsb sheets are streamed cell by
/// cell and only rows that hold cells are built, each from its first to
/// its last cell; calamine's `worksheet_range` would allocate the whole
/// bounding box, so a stray cell at XFD1048576 next to A1 would ask for 17
/// billion cells. xls and ods have no streaming reader in calamine; their
/// dense ranges were bounded by [`bounds`] before the file was opened, and
/// our copy of them is counted against the budget here.
fn read_sheet(
    book: &mut Sheets<Cursor<&[u8]>>,
    path: &Arc<str>,
    name: &str,
    budget: &mut Budget,
) -> Result<Vec<Row>, SheetError> {
    let unreadable = |e: &dyn std::fmt::Display| SheetError::Unreadable(e.to_string());
    let mut rows = RowBuilder::new(path, name);
    match book {
        Sheets::Xlsx(x) => {
            let mut cells = match x.worksheet_cells_reader(name) {
                Ok(c) => c,
                // A chart sheet: nothing to read, as calamine's range has it.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
                Err(e) => return Err(unreadable(&e)),
            };
            while let Some(c) = cells.next_cell().map_err(|e| unreadable(&e))? {
                rows.push(c.get_position(), convert_ref(c.get_value()), budget)?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(name).map_err(|e| unreadable(&e))?;
            while let Some(c) = cells.next_cell().map_err(|e| unreadable(&e))? {
                rows.push(c.get_position(), convert_ref(c.get_value()), budget)?;
            }
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = book.worksheet_range(name).map_err(|e| unreadable(&e))?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            for (i, r) in range.rows().enumerate() {
                let row = row0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
                for (j, d) in r.iter().enumerate() {
                    if matches!(d, Data::Empty) {
                        continue;
                    }
                    let col = col0.saturating_add(u32::try_from(j).unwrap_or(u32::MAX));
                    rows.push((row, col), convert(d), budget)?;
                }
            }
        }
    }
    rows.finish(budget)
}

/// Merged regions of a sheet where the format records them (xlsx, xls),
/// indexed by column; every column entry counts against the budget.
/// `None` when they exceed it.
fn merged_regions(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Option<HashMap<u32, Vec<Merge>>> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let regions = dims.into_iter().map(|d| Merge {
        first_row: d.start.0.min(d.end.0),
        first_col: d.start.1.min(d.end.1),
        last_row: d.start.0.max(d.end.0),
        last_col: d.start.1.max(d.end.1),
    });
    merges_by_column(regions, budget)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// calamine's cell → ours. Dates are converted here, so that the 1904 date
/// system (carried by calamine's `ExcelDateTime`) is never lost.
fn convert(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::String(s) if s.trim().is_empty() => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::Error(e) => CellValue::Error(e.to_string()),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            // Outside Excel's own range chrono's conversion could overflow;
            // such a "date" is shown as the number it is.
            if dt.is_duration() || !(0.0..2_958_466.0).contains(&v) {
                CellValue::Number(v)
            } else {
                dt.as_datetime()
                    .map_or(CellValue::Number(v), CellValue::Date)
            }
        }
        Data::DateTimeIso(s) => {
            parse_iso_datetime(s).map_or_else(|| CellValue::Text(s.clone()), CellValue::Date)
        }
        Data::DurationIso(s) => CellValue::Text(s.clone()),
    }
}

/// A streamed cell's value → ours, through calamine's own conversion.
fn convert_ref(d: &DataRef<'_>) -> CellValue {
    convert(&Data::from(d.clone()))
}

#[cfg(test)]
mod tests {
    use super::super::open;
    use super::*;
    use chrono::NaiveDate;

    fn ymd(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    /// The budget through calamine on a real workbook: the wide sheet is
    /// one error and gives its cells back, the sheet after it is read.
    #[test]
    fn a_workbook_sheet_over_the_budget_is_one_error_and_the_others_are_read() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let wide = wb.add_worksheet().set_name("Wide").unwrap();
        for r in 0..10 {
            wide.write_string(r, 0, "a").unwrap();
            wide.write_string(r, 16_383, "z").unwrap();
        }
        let ok = wb.add_worksheet().set_name("Spec").unwrap();
        ok.write_string(0, 0, "Factuurnummer").unwrap();
        ok.write_string(0, 1, "Vergoed").unwrap();
        ok.write_string(1, 0, "F1").unwrap();
        ok.write_number(1, 1, 10.0).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let path: Arc<str> = Arc::from("w.xlsx");
        let t = open_workbook_within(&path, &bytes, 100_000).unwrap();
        assert_eq!(t.problems.len(), 1, "{:?}", t.problems);
        let p = &t.problems[0];
        assert_eq!(p.severity, crate::problem::Severity::Error);
        assert_eq!(p.source, Source::file(&path));
        assert_eq!(
            p.kind,
            ProblemKind::SheetNotRead {
                sheet: "Wide".into(),
                why: SheetFlaw::TooManyCells { limit: 100_000 }
            }
        );
        assert_eq!(t.sheets.len(), 1);
        assert_eq!(t.sheets[0].rows.len(), 2);
        // With the default budget the wide sheet is read, 10 rows of two
        // cells each spanning 16,384 columns.
        let t = open(&path, &bytes).unwrap();
        assert!(t.problems.is_empty());
        assert_eq!(t.sheets[0].rows.len(), 10);
        assert_eq!(
            t.sheets[0].rows[9].cell(16_383),
            &CellValue::Text("z".into())
        );
    }

    #[test]
    fn calamine_dates_in_both_systems() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d1900 = ExcelDateTime::new(46082.0, ExcelDateTimeType::DateTime, false);
        let d1904 = ExcelDateTime::new(46082.0 - 1462.0, ExcelDateTimeType::DateTime, true);
        for dt in [d1900, d1904] {
            let CellValue::Date(d) = convert(&Data::DateTime(dt)) else {
                panic!("not a date")
            };
            assert_eq!(d.date(), ymd(2026, 3, 1));
        }
        let huge = ExcelDateTime::new(f64::NEG_INFINITY, ExcelDateTimeType::DateTime, false);
        assert!(matches!(
            convert(&Data::DateTime(huge)),
            CellValue::Number(_)
        ));
        assert_eq!(
            convert(&Data::DateTimeIso("2026-03-01".into())),
            CellValue::Date(ymd(2026, 3, 1).and_time(chrono::NaiveTime::MIN))
        );
    }
}
