//! Tables from spreadsheets (xlsx, xlsm, xls, ods) and CSV files, as typed
//! cells with their positions, and header-row finding by aliases.
//!
//! Every tabular input (the invoice register, insurer specifications,
//! `overrides.csv`) goes through here, so that they all accept the same
//! layouts: the format is decided by the bytes (zip, OLE2 or text), never by
//! the file name; a CSV may use `;`, `,` or tab, be quoted or not and come in
//! any encoding [`decode`](crate::text::decode) knows; a workbook is read sheet by sheet.
//! Text that is an HTML table (a web portal's ".xls") or Excel 2003 XML
//! (SpreadsheetML) is read as the tables it holds.
//!
//! One file per source beside this one: `workbook` (calamine), `compound`
//! (OLE2 checks, password protection), `bounds` (container sizes), `html`
//! and `spreadsheetml`; this file keeps the cells, CSV, header finding and
//! the cell → value helpers.
//!
//! Positions are kept as the user sees them: a spreadsheet row carries
//! `path:Sheet!7` and a cell `path:Sheet!F7`; a CSV row its physical line.
//!
//! Memory is bounded whatever a file claims: xlsx and xlsb sheets are
//! streamed into rows that hold only their used span, under a per-file
//! budget of cells; zip, ods and xls containers are checked by the `bounds` module
//! before calamine allocates for them; a text file whose first line passes
//! [`MAX_FIRST_LINE`] is no table. A file or sheet over a limit is an
//! error for that file or sheet, never an abort of the run.
//!
//! Cell values become domain values only through the helpers at the bottom
//! ([`amount`], [`date`], [`ident`], [`text`]), which refuse to guess: an
//! ambiguous `1.234`, a fractional identifier or an impossible date is an
//! error message for the caller to turn into a [`Problem`] at that cell.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::FileRead;
use super::dates;
use crate::money::{AmountError, DecimalStyle, Money, parse_amount};
use crate::problem::{Expected, Flaw, Found, Problem, ProblemKind, Refusal, SheetSkip};
use crate::source::Source;
use crate::text::{decode, fold, fold_eq, fold_starts_with_word};

mod bounds;
mod compound;
pub mod html;
mod sheet_scan;
pub mod spreadsheetml;
mod workbook;

/// How many rows from the top of a sheet are searched for the header row.
/// Title, logo and address blocks above a header are rarely longer.
const HEADER_SEARCH_ROWS: usize = 40;

/// One cell, typed as the file stores it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing (or only white space) in it.
    Empty,
    /// Text, as stored (not trimmed).
    Text(String),
    /// A number (spreadsheets only; CSV cells are always text).
    Number(f64),
    /// A number the file writes as decimal text (SpreadsheetML's
    /// `ss:Type="Number"`, an HTML cell's `x:num`), kept as the exact
    /// decimal written (`spreadsheetml::excel_number`).
    Decimal(Decimal),
    /// A cell formatted as a date or date-time, converted from the
    /// workbook's 1900 or 1904 date system (or an ODS ISO date).
    Date(NaiveDateTime),
    /// A boolean.
    Bool(bool),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// True for an empty cell or one holding only white space.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as it would be shown, for the `value` column of a problem.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => format!("{n}"),
            Cell::Decimal(d) => d.normalize().to_string(),
            Cell::Date(d) if d.time() == chrono::NaiveTime::MIN => d.date().to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// The empty cell returned for positions beyond a row's end.
static EMPTY: Cell = Cell::Empty;

/// One row of a sheet or CSV file.
#[derive(Clone, Debug)]
pub struct Row {
    /// Where the row is: `path:Sheet!7` or `path:line`.
    pub source: Source,
    /// 0-based row index on the sheet (CSV: physical line − 1).
    pub index: u32,
    /// Column index of `cells[0]`.
    first_col: u32,
    /// The cells from `first_col` on.
    cells: Vec<Cell>,
}

impl Row {
    /// One past the last column that holds a cell.
    pub fn end_col(&self) -> u32 {
        self.first_col.saturating_add(self.cells.len() as u32)
    }

    /// The cell in column `col` (0-based); empty beyond the row's end.
    pub fn cell(&self, col: u32) -> &Cell {
        col.checked_sub(self.first_col)
            .and_then(|i| self.cells.get(i as usize))
            .unwrap_or(&EMPTY)
    }

    /// Where cell `col` of this row is: `path:Sheet!F7`, or the CSV line.
    pub fn cell_source(&self, col: u32) -> Source {
        self.source.with_col(col)
    }

    /// True when every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }

    /// The non-empty cells with their column index.
    fn filled(&self) -> impl Iterator<Item = (u32, &Cell)> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (self.first_col + i as u32, c))
    }
}

/// A merged region of cells, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Merge {
    first_row: u32,
    first_col: u32,
    last_row: u32,
    last_col: u32,
}

/// One sheet of a workbook, or the whole of a CSV file.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// Sheet name; `None` for a CSV file.
    pub name: Option<String>,
    /// The rows in order. Spreadsheet rows are those that hold a cell, each
    /// spanning its first to its last cell (blank rows between them are
    /// left out); CSV rows are the file's records.
    pub rows: Vec<Row>,
    /// Merged regions by column, each list sorted by first row. Regions
    /// never overlap, so per column at most one can hold a given row.
    merges: HashMap<u32, Vec<Merge>>,
}

impl Sheet {
    /// The cell at `col` of row `rows[i]`, or, when that cell is empty and
    /// lies inside a merged region, the region's top-left cell (calamine
    /// only keeps the value there). Use it for header texts and for
    /// identifiers written once for several rows, never for amounts: a
    /// merged amount counted on every row would be counted several times.
    pub fn cell_or_merged(&self, i: usize, col: u32) -> (&Cell, bool) {
        let Some(row) = self.rows.get(i) else {
            return (&EMPTY, false);
        };
        let cell = row.cell(col);
        if !cell.is_empty() {
            return (cell, false);
        }
        let Some(list) = self.merges.get(&col) else {
            return (cell, false);
        };
        // The last region starting at or above this row is the only one
        // that can contain it.
        let n = list.partition_point(|m| m.first_row <= row.index);
        match n.checked_sub(1).and_then(|k| list.get(k)) {
            Some(m)
                if row.index <= m.last_row && (m.first_row, m.first_col) != (row.index, col) =>
            {
                (self.cell_at(m.first_row, m.first_col), true)
            }
            _ => (cell, false),
        }
    }

    /// The cell at a 0-based sheet position.
    fn cell_at(&self, row: u32, col: u32) -> &Cell {
        match self.rows.binary_search_by_key(&row, |r| r.index) {
            Ok(i) => self.rows.get(i).map_or(&EMPTY, |r| r.cell(col)),
            Err(_) => &EMPTY,
        }
    }

    /// A label for messages: the sheet name, or `file` for CSV.
    fn label(&self) -> &str {
        self.name.as_deref().unwrap_or("file")
    }
}

/// A whole input file as tables.
#[derive(Clone, Debug)]
pub struct Table {
    /// The detected format: `csv`, `xlsx`, `xlsm`, `xlsb`, `xls` or `ods`.
    pub format: &'static str,
    /// The sheets in workbook order (one for CSV).
    pub sheets: Vec<Sheet>,
    /// Sheets that could not be read, as warnings (the others still count).
    pub problems: Vec<Problem>,
}

/// Why a file could not be opened as a table at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenError {
    /// The format the bytes claimed, or `unknown`.
    pub format: &'static str,
    /// What went wrong.
    pub why: Refusal,
}

/// Opens a file as tables, deciding the format from its bytes: a zip
/// archive is xlsx/xlsm/ods, an OLE2 compound file is xls, readable text
/// is CSV. Never panics, whatever the bytes, and keeps the memory a
/// workbook may cost bounded (see the `bounds` module): a file or sheet beyond the
/// limits is an error, never an abort.
pub fn open(path: &Arc<str>, bytes: &[u8]) -> Result<Table, OpenError> {
    if let Some(why) = compound::implausible_compound_file(bytes) {
        return Err(OpenError { format: "xls", why });
    }
    if compound::is_encrypted_package(bytes) {
        return Err(OpenError {
            format: "xlsx",
            why: Refusal::PasswordProtected,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // calamine is a large parser of hostile formats; a panic inside it
        // must cost this file only, never the run.
        match workbook::quietly_catch_unwind(|| workbook::open_workbook(path, bytes)) {
            Ok(r) => r,
            Err(()) => Err(OpenError {
                format: "unknown",
                why: Refusal::Damaged,
            }),
        }
    } else if super::sniff::looks_binary(bytes) {
        Err(OpenError {
            format: "unknown",
            why: Refusal::Binary,
        })
    } else {
        let (text, _) = decode(bytes);
        if spreadsheetml::detect(&text) {
            return spreadsheetml::read(path, &text);
        }
        if html::detect(&text) {
            return html::read(path, &text);
        }
        if let Some(why) = overlong_first_line(&text) {
            return Err(OpenError {
                format: "unknown",
                why,
            });
        }
        Ok(csv_table(path, &text))
    }
}

/// Longest first line a text table or bank export may have: 1 MiB. A
/// header of the widest known layout (Rabobank, 26 columns) is about 400
/// bytes, and a register or specification header a few hundred; a first
/// line a thousand times longer is no table, and each reader that tries
/// it would split and fold millions of header fields (minutes and a
/// gigabyte for a 100 MB line in a debug build).
pub const MAX_FIRST_LINE: usize = 1 << 20;

/// Why a text file is refused before any reader parses it: a first line
/// (ended by `\n` or `\r`, as the csv reader ends records) longer than
/// [`MAX_FIRST_LINE`]. XML is exempt from this by its callers: a
/// statement may well be one long line.
pub fn overlong_first_line(text: &str) -> Option<Refusal> {
    let head = text.get(..MAX_FIRST_LINE + 1).unwrap_or(text);
    let len = head.find(['\n', '\r']).unwrap_or(head.len());
    (len > MAX_FIRST_LINE).then_some(Refusal::FirstLineTooLong {
        limit: MAX_FIRST_LINE as u64,
    })
}

/// Opens a file as tables and starts a reader's result from it: the
/// detected format and the problems the table layer found. A file that is
/// no table at all is already the whole result (`Err`).
pub fn start<T>(path: &Arc<str>, bytes: &[u8]) -> Result<(Table, FileRead<T>), FileRead<T>> {
    let table = open(path, bytes).map_err(|e| FileRead::unreadable(path, e.format, e.why))?;
    let out = FileRead {
        format: table.format.to_string(),
        rows: Vec::new(),
        problems: table.problems.clone(),
        rows_read: 0,
        rows_rejected: 0,
        bank: Default::default(),
    };
    Ok((table, out))
}

// ---------------------------------------------------------------------------
// Sheets streamed

/// A reader that takes a table sheet by sheet and row by row, instead of
/// the whole [`Table`] at once, so that a large workbook of which only a
/// few columns matter (the accountant's saved report in `decisions/`)
/// never stands in memory as a whole.
///
/// For each sheet the reader is shown its head, the rows in which
/// [`find_header`] searches (the same rows, with the same indexes, as in
/// the whole sheet), then the rows after it, in order. A sheet that could
/// not be read is dropped with [`SheetSink::abandon`] after whatever was
/// shown of it, as [`open`] leaves it out of the table.
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

/// What [`stream`] found besides what it showed the sink.
#[derive(Clone, Debug)]
pub struct Streamed {
    /// The detected format, as [`Table::format`].
    pub format: &'static str,
    /// Sheets that could not be read, as [`Table::problems`].
    pub problems: Vec<Problem>,
    /// True when every sheet is empty or holds only blank rows.
    pub blank: bool,
}

/// Feeds a file's sheets to `sink`, deciding the format from the bytes as
/// [`open`] does. An xlsx or xlsb workbook is streamed: each sheet's head
/// is read, and the rest only when the sink asks for it, one row at a
/// time; every other format is opened whole by [`open`] and then shown the
/// same way. `make` gives a fresh sink; it is called again when a workbook
/// turns out not to be streamable after all (cells out of row order,
/// which only [`open`] joins), and the sink returned is the one that saw
/// the file. Whatever the bytes, the sink is shown what [`open`] would
/// give it.
pub fn stream<S: SheetSink>(
    path: &Arc<str>,
    bytes: &[u8],
    make: impl Fn() -> S,
) -> Result<(S, Streamed), OpenError> {
    if bytes.starts_with(b"PK\x03\x04")
        && compound::implausible_compound_file(bytes).is_none()
        && !compound::is_encrypted_package(bytes)
    {
        let mut sink = make();
        let streamed =
            workbook::quietly_catch_unwind(|| workbook::stream_workbook(path, bytes, &mut sink));
        if let Ok(Some(streamed)) = streamed {
            return Ok((sink, streamed));
        }
    }
    let table = open(path, bytes)?;
    let mut sink = make();
    let streamed = show_table(table, &mut sink);
    Ok((sink, streamed))
}

/// [`stream`] without streaming: the file opened whole by [`open`], then
/// shown to the sink sheet by sheet. What a streamed file gives is
/// checked against this.
#[cfg(test)]
pub(crate) fn stream_whole<S: SheetSink>(
    path: &Arc<str>,
    bytes: &[u8],
    mut sink: S,
) -> Result<(S, Streamed), OpenError> {
    let table = open(path, bytes)?;
    let streamed = show_table(table, &mut sink);
    Ok((sink, streamed))
}

/// Shows a whole table to a sink, sheet by sheet.
fn show_table(table: Table, sink: &mut impl SheetSink) -> Streamed {
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
fn head_len(rows: &[Row], spreadsheet: bool) -> usize {
    let top = rows.first().map_or(0, |r| r.index);
    rows.iter()
        .take(HEADER_SEARCH_ROWS)
        .take_while(|r| !spreadsheet || r.index - top < HEADER_SEARCH_ROWS as u32)
        .count()
}

/// Reads a CSV file: decoded, delimiter sniffed, every record a row with
/// its physical line. Cells are text; empty ones are [`Cell::Empty`].
#[cfg(test)]
fn open_csv(path: &Arc<str>, bytes: &[u8]) -> Table {
    csv_table(path, &decode(bytes).0)
}

/// [`open_csv`] on text already decoded.
fn csv_table(path: &Arc<str>, text: &str) -> Table {
    let delimiter = super::sniff::delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, csv::Position::line);
                rows.push(Row {
                    source: Source::line(path, line),
                    index: u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
                    first_col: 0,
                    cells: record
                        .iter()
                        .map(|f| {
                            if f.trim().is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(f.to_string())
                            }
                        })
                        .collect(),
                });
            }
            Ok(false) => break,
            Err(e) => {
                // Only broken UTF-8 or I/O can stop the csv reader, and the
                // text is already decoded; kept as a guard, not a crash.
                problems.push(Problem::error(
                    Source::file(path),
                    ProblemKind::CsvStopped(e.to_string()),
                    "",
                ));
                break;
            }
        }
    }
    Table {
        format: "csv",
        sheets: vec![Sheet {
            name: None,
            rows,
            merges: HashMap::new(),
        }],
        problems,
    }
}

// ---------------------------------------------------------------------------
// Header rows

/// A field's header aliases. Aliases are compared after [`fold`].
pub type Aliases<F> = [(F, &'static [&'static str])];

/// The header row of a sheet and the column of each field it names.
#[derive(Clone, Debug)]
pub struct Header<F> {
    /// Index of the header row in [`Sheet::rows`].
    pub row: usize,
    /// Field → column, each field and each column at most once.
    pub columns: Vec<(F, u32)>,
    /// The folded header text of each mapped column, to recognise a
    /// header repeated further down (printed page by page).
    texts: Vec<(u32, String)>,
}

impl<F: Copy + Eq> Header<F> {
    /// The column of a field, when the header names it.
    pub fn col(&self, field: F) -> Option<u32> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    /// True when the header names the field.
    pub fn has(&self, field: F) -> bool {
        self.col(field).is_some()
    }

    /// True when `row` repeats this header (same texts in its columns).
    pub fn is_repeated_in(&self, row: &Row) -> bool {
        !self.texts.is_empty()
            && self.texts.iter().all(|(c, t)| match row.cell(*c) {
                Cell::Text(s) => fold_eq(s, t),
                _ => false,
            })
    }
}

/// Words that turn a header into the opposite of the field it contains
/// (`niet vergoed` is not `vergoed`), into what is still left (`resterend
/// eigen risico` is the deductible to come, not the one withheld here), or
/// into a reference to something else (`verrekend met declaratienr` is not
/// the declaration number). They block matching by containment only; an
/// exact alias still matches.
const NEGATING: [&str; 9] = [
    "niet",
    "geen",
    "not",
    "non",
    "verrekend met",
    "resterend",
    "resterende",
    "saldo",
    "nog",
];

/// How one header cell matches one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    exact: bool,
    direct: bool,
    alias_len: usize,
}

/// The aliases of [`Aliases`] and the [`NEGATING`] words folded once, each
/// also padded with a space on both sides for the whole-word containment
/// test: matching a header cell then builds no string but the cell's own
/// (a header of a hundred thousand columns would otherwise fold and format
/// every alias once per column).
struct Matcher<F> {
    /// Per field: each alias folded, and folded with a space either side.
    aliases: Vec<(F, Vec<(String, String)>)>,
    /// The negating words with a space either side.
    negating: Vec<String>,
}

impl<F: Copy> Matcher<F> {
    /// Folds `aliases` and the negating words.
    fn new(aliases: &Aliases<F>) -> Matcher<F> {
        let aliases = aliases
            .iter()
            .map(|(f, names)| {
                let names = names
                    .iter()
                    .map(|n| {
                        let folded = fold(n);
                        let padded = format!(" {folded} ");
                        (folded, padded)
                    })
                    .collect();
                (*f, names)
            })
            .collect();
        let negating = NEGATING.iter().map(|n| format!(" {n} ")).collect();
        Matcher { aliases, negating }
    }

    /// Matches a folded header text against the aliases.
    ///
    /// Order of preference, documented because aliases collide: an exact
    /// folded match beats a containment match (`uitbetaald aan` is paid-to,
    /// not paid-out); among containment matches, which need whole words and
    /// no negating word, the longest alias wins (`vergoed bedrag` beats
    /// `bedrag`).
    fn match_header(&self, folded: &str) -> Vec<(F, bool, usize)> {
        let mut out = Vec::new();
        if folded.is_empty() {
            return out;
        }
        let padded = format!(" {folded} ");
        let negated = self.negating.iter().any(|n| padded.contains(n.as_str()));
        for (field, names) in &self.aliases {
            let mut best: Option<(bool, usize)> = None;
            for (a, a_padded) in names {
                let m = if a == folded {
                    Some((true, a.len()))
                } else if !negated && padded.contains(a_padded.as_str()) {
                    Some((false, a.len()))
                } else {
                    None
                };
                if m > best {
                    best = m;
                }
            }
            if let Some((exact, len)) = best {
                out.push((*field, exact, len));
            }
        }
        out
    }
}

/// Finds the header row of a sheet: among the first rows, the one naming
/// the most fields (earliest on a tie) that `accept` calls recognisable.
/// Title, logo and empty rows above it are thereby skipped.
pub fn find_header<F: Copy + Eq>(
    sheet: &Sheet,
    aliases: &Aliases<F>,
    accept: impl Fn(&[(F, u32)]) -> bool,
) -> Option<Header<F>> {
    let matcher = Matcher::new(aliases);
    let mut best: Option<Header<F>> = None;
    // Spreadsheet rows hold only rows with cells, so the window is counted
    // in sheet rows from the first used one, as the user sees it; CSV rows
    // are records.
    let top = sheet.rows.first().map_or(0, |r| r.index);
    for i in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        let Some(row) = sheet.rows.get(i) else { break };
        if sheet.name.is_some() && row.index - top >= HEADER_SEARCH_ROWS as u32 {
            break;
        }
        let width = row.first_col + row.cells.len() as u32;
        let mut cands: Vec<(Score, u32, F, String)> = Vec::new();
        for col in 0..width {
            let (cell, merged) = sheet.cell_or_merged(i, col);
            let Cell::Text(t) = cell else { continue };
            let f = fold(t);
            for (field, exact, alias_len) in matcher.match_header(&f) {
                let score = Score {
                    exact,
                    direct: !merged,
                    alias_len,
                };
                cands.push((score, col, field, f.clone()));
            }
        }
        // Best matches first; a column filled from a merge comes after the
        // merge's own column, so the field lands where the value is.
        cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut columns: Vec<(F, u32)> = Vec::new();
        let mut texts = Vec::new();
        for (score, col, field, text) in cands {
            if columns.iter().any(|(f, c)| *f == field || *c == col) {
                continue;
            }
            columns.push((field, col));
            if score.direct {
                texts.push((col, text));
            }
        }
        if columns.is_empty() || !accept(&columns) {
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|b| columns.len() > b.columns.len())
        {
            columns.sort_by_key(|(_, c)| *c);
            best = Some(Header {
                row: i,
                columns,
                texts,
            });
        }
    }
    best
}

/// The sheets of a table that have a header, with it. A sheet with data
/// but no recognisable header is a warning; when no sheet has one, the
/// result is empty and one error for the file is added instead.
pub fn sheets_with_header<'t, F: Copy + Eq>(
    path: &Arc<str>,
    table: &'t Table,
    aliases: &Aliases<F>,
    accept: impl Fn(&[(F, u32)]) -> bool,
    expected: &str,
    problems: &mut Vec<Problem>,
) -> Vec<(&'t Sheet, Header<F>)> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for sheet in &table.sheets {
        match find_header(sheet, aliases, &accept) {
            Some(h) => found.push((sheet, h)),
            // An unused, empty sheet (the default `Blad2`) is no news.
            None if sheet.rows.iter().all(Row::is_blank) => {}
            None => skipped.push(sheet.label().to_string()),
        }
    }
    if found.is_empty() {
        problems.push(Problem::error(
            Source::file(path),
            ProblemKind::NoHeader {
                expected: expected.to_string(),
            },
            "",
        ));
    } else {
        for name in skipped {
            problems.push(Problem::warning(
                Source::file(path),
                ProblemKind::SheetSkipped {
                    sheet: name.clone(),
                    why: SheetSkip::NoHeader,
                },
                name.clone(),
            ));
        }
    }
    found
}

/// What a row below the header is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A row to read.
    Data,
    /// Blank, a totals row or a repeated header: not data, not counted.
    Skip,
}

/// Words that open a totals row.
const TOTALS: [&str; 8] = [
    "totaal",
    "subtotaal",
    "eindtotaal",
    "totalen",
    "total",
    "subtotal",
    "totals",
    "grand total",
];

/// Classifies a row below the header. A totals row has a cell starting
/// with a totals word (`Totaal`, `Subtotaal:`, `Total`) while its key
/// columns (the identifiers a data row must have) hold nothing else; so a
/// client called "Totaal Zorg" on a row with an invoice number stays data.
pub fn row_kind<F: Copy + Eq>(row: &Row, header: &Header<F>, key_cols: &[u32]) -> RowKind {
    if row.is_blank() || header.is_repeated_in(row) {
        return RowKind::Skip;
    }
    let is_total_word = |c: &Cell| match c {
        Cell::Text(t) => TOTALS.iter().any(|w| fold_starts_with_word(t, w)),
        _ => false,
    };
    let labelled = row.filled().any(|(_, c)| is_total_word(c));
    let keys_free = key_cols.iter().all(|k| {
        let c = row.cell(*k);
        c.is_empty() || is_total_word(c)
    });
    if labelled && keys_free {
        RowKind::Skip
    } else {
        RowKind::Data
    }
}

// ---------------------------------------------------------------------------
// Cell → value

/// An amount: a number cell rounded to cents once, or text read with
/// [`DecimalStyle::Auto`] (`€ 1.234,56`, `1234.56`, `-12,50`, `(12,50)`).
/// `Ok(None)` for an empty cell (or a lone dash, which spreadsheets show
/// for zero); an error message for anything that is no amount, including
/// an ambiguous text such as `1.234`.
pub fn amount(cell: &Cell) -> Result<Option<Money>, Flaw> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Money::from_spreadsheet(*n)
            .map(Some)
            .ok_or(Flaw::NumberNotAmount),
        Cell::Decimal(d) => Money::bounded(*d)
            .map(|m| Some(m.round_cents()))
            .ok_or(Flaw::AmountTooLarge),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() || matches!(t, "-" | "–" | "—") {
                return Ok(None);
            }
            match parse_amount(t, DecimalStyle::Auto) {
                Ok(m) => Ok(Some(m)),
                Err(AmountError::Empty) => Ok(None),
                Err(AmountError::Ambiguous) => Err(Flaw::AmbiguousAmount),
                Err(AmountError::Invalid) => Err(Flaw::NotAnAmount),
                Err(AmountError::TooLarge) => Err(Flaw::AmountTooLarge),
            }
        }
        Cell::Date(_) => Err(unexpected(Found::Date, Expected::Amount)),
        Cell::Bool(_) => Err(unexpected(Found::Bool, Expected::Amount)),
        Cell::Error(e) => Err(unexpected(
            Found::FormulaError(e.to_string()),
            Expected::Amount,
        )),
    }
}

/// A value of the wrong type where `expected` was expected.
fn unexpected(found: Found, expected: Expected) -> Flaw {
    Flaw::Unexpected { found, expected }
}

/// Excel serial numbers taken as dates: 1950-01-01 up to 2099-12-31.
/// Outside that a number in a date column is more likely something else.
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 18_264.0..=73_050.0;

/// A date: a date cell, an Excel serial number in a plausible range, or
/// text as people type it, read by [`dates::liberal`] (`dd-mm-yyyy`,
/// `d-m-yy`, `yyyy-mm-dd`, `1 maart 2026`, …; day before month).
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, Flaw> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => dates::in_window(d.date())
            .map(Some)
            .ok_or(Flaw::DateOutOfRange),
        Cell::Number(n) if SERIAL_RANGE.contains(n) => {
            // Serial 1 is 1900-01-01 in Excel's 1900 system, which counts a
            // 29 February 1900 that never was; from serial 61 on (all of our
            // range) 1899-12-30 + n days is exact.
            let base = NaiveDate::from_ymd_opt(1899, 12, 30);
            base.and_then(|b| b.checked_add_days(chrono::Days::new(n.floor() as u64)))
                .map(Some)
                .ok_or(Flaw::NumberNotPlausibleDate)
        }
        Cell::Number(_) => Err(Flaw::NumberNotPlausibleDate),
        Cell::Decimal(d) => {
            // Exactly as a float serial: whole days count, a time of day
            // after them does not.
            let serial = d.floor();
            let days = u64::try_from(serial)
                .ok()
                .filter(|n| SERIAL_RANGE.contains(&(*n as f64)));
            days.and_then(|n| {
                NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n))
            })
            .map(Some)
            .ok_or(Flaw::NumberNotPlausibleDate)
        }
        Cell::Text(t) => {
            if t.trim().is_empty() {
                return Ok(None);
            }
            dates::liberal(t).map(Some).ok_or(Flaw::NotADate)
        }
        Cell::Bool(_) => Err(unexpected(Found::Bool, Expected::Date)),
        Cell::Error(e) => Err(unexpected(
            Found::FormulaError(e.to_string()),
            Expected::Date,
        )),
    }
}

/// Largest integer an f64 holds exactly; beyond it a number has lost digits.
const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// An identifier (invoice, declaration, client number): text as written
/// (trimmed, an Excel text-marking `'` removed), or a whole number written
/// without decimals (`3805219728`, not `3805219728.0`). A number with
/// decimals or beyond f64's exact range is an error, not a guess.
pub fn ident(cell: &Cell) -> Result<Option<String>, Flaw> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(t) => {
            let t = t.trim();
            let t = t.strip_prefix('\'').unwrap_or(t).trim();
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        Cell::Number(n) if n.fract() == 0.0 && n.abs() <= EXACT_INTEGER => {
            Ok(Some(format!("{}", *n as i64)))
        }
        Cell::Number(n) if n.is_finite() && n.fract() == 0.0 => Err(Flaw::NumberTooLong),
        Cell::Number(_) => Err(Flaw::NumberWithDecimals),
        Cell::Decimal(d) if d.fract().is_zero() => Ok(Some(d.trunc().normalize().to_string())),
        Cell::Decimal(_) => Err(Flaw::NumberWithDecimals),
        Cell::Date(_) => Err(unexpected(Found::Date, Expected::Identifier)),
        Cell::Bool(_) => Err(unexpected(Found::Bool, Expected::Identifier)),
        Cell::Error(e) => Err(unexpected(
            Found::FormulaError(e.to_string()),
            Expected::Identifier,
        )),
    }
}

/// Free text (names, notes): trimmed text, a whole number without `.0`,
/// other values as shown; `None` when empty or a formula error.
pub fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty | Cell::Error(_) => None,
        Cell::Number(n) if n.fract() == 0.0 && n.abs() <= EXACT_INTEGER => {
            Some(format!("{}", *n as i64))
        }
        other => {
            let s = other.display();
            (!s.is_empty()).then_some(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Arc<str> {
        Arc::from("x/t.csv")
    }

    fn m(c: i64) -> Money {
        Money::from_cents(c)
    }

    fn ymd(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum F {
        Nr,
        Amount,
        Paid,
        PaidTo,
        Decl,
    }

    const ALIASES: &Aliases<F> = &[
        (F::Nr, &["factuurnummer", "uw factuurnr"]),
        (F::Amount, &["vergoed", "vergoed bedrag"]),
        (F::Paid, &["uitbetaald"]),
        (F::PaidTo, &["uitbetaald aan"]),
        (F::Decl, &["declaratienr", "decl nr"]),
    ];

    #[test]
    fn sniffs_semicolon_despite_decimal_commas() {
        let t = open_csv(
            &p(),
            b"Factuurnummer;Vergoed;Uitbetaald\nF1;12,50;10,00\nF2;1,00;2,00\n",
        );
        assert_eq!(t.sheets[0].rows[1].cells.len(), 3);
        assert_eq!(super::super::sniff::delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(super::super::sniff::delimiter("a\tb\n1\t2\n"), b'\t');
    }

    #[test]
    fn csv_rows_carry_physical_lines_even_after_multiline_fields() {
        let t = open_csv(&p(), b"a;b\n\"x\ny\";1\nz;2\n");
        let rows = &t.sheets[0].rows;
        assert_eq!(rows[1].source.to_string(), "x/t.csv:2");
        assert_eq!(rows[2].source.to_string(), "x/t.csv:4");
        assert_eq!(rows[2].cell_source(1).to_string(), "x/t.csv:4");
    }

    #[test]
    fn the_header_window_counts_sheet_rows_not_stored_rows() {
        let header = vec![t("Factuurnummer"), t("Vergoed")];
        let mut s = sheet(vec![vec![t("Titel")], header], &[]);
        s.rows[1].index = 39;
        assert!(find_header(&s, ALIASES, |c| c.len() >= 2).is_some());
        s.rows[1].index = 40;
        assert!(find_header(&s, ALIASES, |c| c.len() >= 2).is_none());
    }

    #[test]
    fn a_first_line_of_megabytes_is_no_table() {
        let mut long = vec![b'a'; MAX_FIRST_LINE + 1];
        long.extend(b"\nb;c\n");
        let e = open(&p(), &long).unwrap_err();
        assert!(
            matches!(e.why, Refusal::FirstLineTooLong { .. }),
            "{:?}",
            e.why
        );
        long[MAX_FIRST_LINE] = b'\r';
        assert!(open(&p(), &long).is_ok(), "ends just within the limit");
        assert_eq!(overlong_first_line("a;b\r\nc"), None);
    }

    #[test]
    fn csv_in_windows_1252_is_decoded() {
        let t = open_csv(&p(), b"Cli\xebnt;Bedrag\nJos\xe9;1\n");
        assert_eq!(t.sheets[0].rows[1].cell(0), &Cell::Text("José".into()));
    }

    #[test]
    fn header_skips_title_rows_and_prefers_exact_matches() {
        let t = open_csv(
            &p(),
            "Specificatie Zilveren Kruis\n\n\
             Decl. Nr.;Uw factuurnr;Niet vergoed;Vergoed (basis);Uitbetaald aan;Uitbetaald;Verrekend met declaratienr\n\
             1;F1;0;10;verzekerde;10;\n"
                .as_bytes(),
        );
        let h = find_header(&t.sheets[0], ALIASES, |c| c.len() >= 2).unwrap();
        assert_eq!(h.row, 1, "the empty line is not a record, title is row 0");
        assert_eq!(h.col(F::Decl), Some(0));
        assert_eq!(h.col(F::Nr), Some(1));
        assert_eq!(h.col(F::Amount), Some(3), "niet vergoed is not vergoed");
        assert_eq!(h.col(F::PaidTo), Some(4));
        assert_eq!(h.col(F::Paid), Some(5));
        assert_eq!(h.columns.len(), 5, "verrekend met declaratienr unmapped");
    }

    #[test]
    fn no_header_without_enough_fields() {
        let t = open_csv(&p(), b"foo;bar\n1;2\n");
        assert!(find_header(&t.sheets[0], ALIASES, |c| c.len() >= 2).is_none());
        let mut problems = Vec::new();
        let found = sheets_with_header(&p(), &t, ALIASES, |c| c.len() >= 2, "x", &mut problems);
        assert!(found.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].source, Source::file(&p()));
    }

    #[test]
    fn totals_rows_and_repeated_headers_are_skipped() {
        let t = open_csv(
            &p(),
            b"Factuurnummer;Vergoed\nF1;1\nTotaal;1\n;Subtotaal: 5\nFactuurnummer;Vergoed\nF9;3;Totaal Zorg\n",
        );
        let s = &t.sheets[0];
        let h = find_header(s, ALIASES, |c| c.len() >= 2).unwrap();
        let keys = [h.col(F::Nr).unwrap()];
        let kinds: Vec<RowKind> = s.rows[1..].iter().map(|r| row_kind(r, &h, &keys)).collect();
        assert_eq!(
            kinds,
            vec![
                RowKind::Data,
                RowKind::Skip,
                RowKind::Skip,
                RowKind::Skip,
                RowKind::Data
            ]
        );
    }

    fn sheet(rows: Vec<Vec<Cell>>, merges: &[(u32, u32, u32, u32)]) -> Sheet {
        let path: Arc<str> = Arc::from("s.xlsx");
        let mut by_col: HashMap<u32, Vec<Merge>> = HashMap::new();
        for &(first_row, first_col, last_row, last_col) in merges {
            let m = Merge {
                first_row,
                first_col,
                last_row,
                last_col,
            };
            for c in first_col..=last_col {
                by_col.entry(c).or_default().push(m);
            }
        }
        Sheet {
            name: Some("S".into()),
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    source: Source::row(&path, "S", i as u32 + 1),
                    index: i as u32,
                    first_col: 0,
                    cells,
                })
                .collect(),
            merges: by_col,
        }
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn merged_headers_map_to_the_column_holding_the_value() {
        // A two-row header: `Factuurnummer` merged over A1:A2, a group label
        // `Bedragen` over B1:C1, and the amount names in row 2.
        let s = sheet(
            vec![
                vec![t("Factuurnummer"), t("Bedragen"), Cell::Empty],
                vec![Cell::Empty, t("Vergoed"), t("Uitbetaald")],
                vec![t("F1"), Cell::Number(5.0), Cell::Number(6.0)],
            ],
            &[(0, 0, 1, 0), (0, 1, 0, 2)],
        );
        let h = find_header(&s, ALIASES, |c| c.len() >= 2).unwrap();
        assert_eq!(h.row, 1, "the second header row, with the first filled in");
        assert_eq!(h.col(F::Nr), Some(0));
        assert_eq!(h.col(F::Amount), Some(1));
        assert_eq!(h.col(F::Paid), Some(2));
        assert_eq!(s.cell_or_merged(1, 0), (&t("Factuurnummer"), true));
        assert_eq!(s.cell_or_merged(2, 0), (&t("F1"), false));
        assert_eq!(s.cell_or_merged(2, 1), (&Cell::Number(5.0), false));

        // `Uitbetaald` merged over B1:C1: the field is B, where the values
        // are, and C is not mistaken for a second paid-out column.
        let s = sheet(
            vec![
                vec![t("Factuurnummer"), t("Uitbetaald"), Cell::Empty],
                vec![t("F1"), Cell::Number(5.0), Cell::Empty],
            ],
            &[(0, 1, 0, 2)],
        );
        let h = find_header(&s, ALIASES, |c| c.len() >= 2).unwrap();
        assert_eq!((h.row, h.col(F::Paid)), (0, Some(1)));
        assert_eq!(h.columns.len(), 2);
    }

    #[test]
    fn amounts_from_numbers_and_text() {
        assert_eq!(amount(&Cell::Number(1234.5)), Ok(Some(m(123450))));
        assert_eq!(amount(&Cell::Number(0.1 + 0.2)), Ok(Some(m(30))));
        assert_eq!(
            amount(&Cell::Text("€ 1.234,56".into())),
            Ok(Some(m(123456)))
        );
        assert_eq!(amount(&Cell::Text("1234.56".into())), Ok(Some(m(123456))));
        assert_eq!(amount(&Cell::Text("-12,50".into())), Ok(Some(m(-1250))));
        assert_eq!(amount(&Cell::Text("(12,50)".into())), Ok(Some(m(-1250))));
        assert_eq!(amount(&Cell::Text(" - ".into())), Ok(None));
        assert_eq!(amount(&Cell::Empty), Ok(None));
        assert_eq!(
            amount(&Cell::Text("1.234".into())),
            Err(Flaw::AmbiguousAmount)
        );
        assert!(amount(&Cell::Text("abc".into())).is_err());
        assert!(amount(&Cell::Error("#DIV/0!".into())).is_err());
        assert!(amount(&Cell::Number(f64::NAN)).is_err());
    }

    #[test]
    fn dates_in_every_spelling() {
        let d = ymd(2026, 3, 1);
        for t in [
            "01-03-2026",
            "1-3-2026",
            "2026-03-01",
            "1-3-26",
            "01/03/2026",
            "01.03.2026",
            "20260301",
            "2026-03-01 00:00:00",
            "2026-03-01T12:00:00",
            "01-03-2026 t/m 31-03-2026",
            "1 maart 2026",
            "1 mrt. 2026",
        ] {
            assert_eq!(date(&Cell::Text(t.into())), Ok(Some(d)), "{t}");
        }
        assert_eq!(date(&Cell::Number(46082.0)), Ok(Some(d)));
        assert_eq!(date(&Cell::Number(46082.75)), Ok(Some(d)));
        assert!(date(&Cell::Number(12.0)).is_err());
        let time_only = NaiveDate::from_ymd_opt(1899, 12, 31)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert!(date(&Cell::Date(time_only)).is_err());
        assert!(date(&Cell::Number(f64::INFINITY)).is_err());
        assert!(date(&Cell::Text("31-02-2026".into())).is_err());
        assert!(date(&Cell::Text("volgende week".into())).is_err());
        assert_eq!(
            date(&Cell::Text("15-6-99".into())),
            Ok(Some(ymd(1999, 6, 15)))
        );
    }

    #[test]
    fn identifiers_stored_as_numbers() {
        assert_eq!(
            ident(&Cell::Number(3805219728.0)),
            Ok(Some("3805219728".into()))
        );
        assert_eq!(
            ident(&Cell::Text(" '0012 ".into())),
            Ok(Some("0012".into()))
        );
        assert!(ident(&Cell::Number(12.5)).is_err());
        assert!(ident(&Cell::Number(1e17)).is_err());
        assert!(ident(&Cell::Number(f64::NAN)).is_err());
        assert_eq!(ident(&Cell::Empty), Ok(None));
        assert_eq!(text(&Cell::Number(42.0)), Some("42".into()));
        assert_eq!(text(&Cell::Text("  Jansen ".into())), Some("Jansen".into()));
    }

    #[test]
    fn binary_bytes_are_refused_and_broken_zips_are_errors() {
        let path = p();
        let e = open(&path, &[0, 1, 2, 3, 255, 0, 7]).unwrap_err();
        assert_eq!(e.why, Refusal::Binary);
        let e = open(&path, b"PK\x03\x04garbage").unwrap_err();
        assert!(matches!(e.why, Refusal::NotASpreadsheet(_)), "{:?}", e.why);
        let e = open(&path, &[0xD0, 0xCF, 0x11, 0xE0, 1, 2]).unwrap_err();
        assert!(matches!(e.why, Refusal::DamagedPart { .. }), "{:?}", e.why);
    }
}
