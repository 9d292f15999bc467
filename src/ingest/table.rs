//! Tables from spreadsheets (xlsx, xlsm, xls, ods) and CSV files, as typed
//! cells with their positions, and header-row finding by aliases.
//!
//! Every tabular input (the invoice register, insurer specifications,
//! `overrides.csv`) goes through here, so that they all accept the same
//! layouts: the format is decided by the bytes (zip, OLE2 or text), never by
//! the file name; a CSV may use `;`, `,` or tab, be quoted or not and come in
//! any encoding [`decode`](crate::text::decode) knows; a workbook is read sheet by sheet.
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
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use calamine::{Data, DataRef, Reader, Sheets};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::FileRead;
use crate::money::{AmountError, DecimalStyle, Money, parse_amount};
use crate::problem::Problem;
use crate::source::Source;
use crate::text::{decode, fold, fold_eq, fold_starts_with_word};

mod bounds;

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
    /// What went wrong, lower-case.
    pub why: String,
}

/// Opens a file as tables, deciding the format from its bytes: a zip
/// archive is xlsx/xlsm/ods, an OLE2 compound file is xls, readable text
/// is CSV. Never panics, whatever the bytes, and keeps the memory a
/// workbook may cost bounded (see the `bounds` module): a file or sheet beyond the
/// limits is an error, never an abort.
pub fn open(path: &Arc<str>, bytes: &[u8]) -> Result<Table, OpenError> {
    if let Some(why) = implausible_compound_file(bytes) {
        return Err(OpenError { format: "xls", why });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // calamine is a large parser of hostile formats; a panic inside it
        // must cost this file only, never the run.
        match quietly_catch_unwind(|| open_workbook(path, bytes)) {
            Ok(r) => r,
            Err(()) => Err(OpenError {
                format: "unknown",
                why: "the spreadsheet is damaged (the reader gave up)".into(),
            }),
        }
    } else if looks_binary(bytes) {
        Err(OpenError {
            format: "unknown",
            why: "not a spreadsheet or CSV file (binary content)".into(),
        })
    } else {
        let (text, _) = decode(bytes);
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
pub fn overlong_first_line(text: &str) -> Option<String> {
    let head = text.get(..MAX_FIRST_LINE + 1).unwrap_or(text);
    let len = head.find(['\n', '\r']).unwrap_or(head.len());
    (len > MAX_FIRST_LINE)
        .then(|| format!("not a table: the first line is longer than {MAX_FIRST_LINE} bytes"))
}

thread_local! {
    /// True while this thread runs calamine under [`quietly_catch_unwind`].
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `catch_unwind` without the panic message and backtrace on stderr: a
/// damaged file is reported in exceptions.csv, and a stack trace under cron
/// would read as a crash of the job. The panic hook is wrapped once, on
/// first use; it stays silent only on a thread inside this function, so a
/// panic anywhere else still prints as it always did (through whatever hook
/// was installed before, e.g. by `main`).
fn quietly_catch_unwind<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    static WRAP: std::sync::Once = std::sync::Once::new();
    WRAP.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(std::cell::Cell::get) {
                log::debug!("spreadsheet reader panicked: {info}");
            } else {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    r.map_err(|_| ())
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

/// Checks the header of an OLE2 compound file (xls) before calamine sees
/// it. calamine sizes vectors from the header's sector counts before
/// reading any sector (calamine issue #714), so a crafted 600-byte file can
/// make it ask for 16 GiB and abort the whole process, which no
/// `catch_unwind` can stop. A real file never declares more sectors than
/// it has bytes for. Returns why the file is refused, or `None`.
fn implausible_compound_file(bytes: &[u8]) -> Option<String> {
    const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if !bytes.starts_with(&MAGIC[..4]) {
        return None;
    }
    let refuse = |what: &str| {
        Some(format!(
            "the spreadsheet is damaged: its {what} does not fit the file"
        ))
    };
    if bytes.len() < 512 || !bytes.starts_with(&MAGIC) {
        return refuse("header");
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes([
            bytes[i],
            bytes[i + 1],
            bytes[i + 2],
            bytes[i + 3],
        ]))
    };
    let shift = u16_at(30);
    if shift != 9 && shift != 12 {
        return refuse("sector size");
    }
    let sectors = (bytes.len() as u64 >> shift) + 1;
    // Sector counts: FAT (44), mini FAT (64), DIFAT (72).
    for (at, what) in [
        (44, "FAT sector count"),
        (64, "mini FAT sector count"),
        (72, "DIFAT sector count"),
    ] {
        if u32_at(at) > sectors {
            return refuse(what);
        }
    }
    // calamine 0.38 reads the DIFAT count from bytes 62..66 (see #714);
    // bound what it will reserve from there too. Real files give at most a
    // few million there (mini FAT count in the upper half).
    if u32_at(62) > (1 << 28) {
        return refuse("DIFAT sector count");
    }
    if fat_has_loop(bytes, shift) {
        return refuse("sector chain");
    }
    None
}

/// True when the compound file's FAT, rebuilt as calamine 0.38 builds it,
/// has a sector chain that leads back into itself. calamine follows chains
/// without a bound (`Cfb::get_chain`, the directory chain with no length
/// limit), appending the same sectors until memory runs out: a 5 KB xls
/// asked for 2 GiB (found by the `specs` fuzz target). A real file's
/// chains all end; a file with a loop is damaged.
fn fat_has_loop(bytes: &[u8], shift: u16) -> bool {
    const RESERVED: u32 = 0xFFFF_FFFA;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    let size = 1usize << shift;
    // Sector `id` follows the header, which fills sector-sized slot 0.
    let maxid = bytes.len() / size;
    let sector = |id: u32| {
        let start = (id as usize + 1).saturating_mul(size);
        let end = start.saturating_add(size).min(bytes.len());
        bytes.get(start..end).unwrap_or_default()
    };
    let words = |b: &[u8]| -> Vec<u32> {
        // chunks_exact(4): every `w` has indexes 0..4.
        b.chunks_exact(4)
            .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
            .collect()
    };
    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors
    // whose last entry names the next (bounded as calamine bounds it).
    let mut difat = words(bytes.get(76..512).unwrap_or_default());
    let mut next = bytes
        .get(68..72)
        .map_or(RESERVED, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let mut steps = 0;
    while next < RESERVED {
        steps += 1;
        if steps > maxid + 1 || next as usize > maxid {
            return false; // calamine refuses this itself
        }
        difat.extend(words(sector(next)));
        match difat.pop() {
            Some(n) => next = n,
            None => return false,
        }
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        if id as usize > maxid {
            return false; // calamine refuses this itself
        }
        fat.extend(words(sector(id)));
    }
    // Each sector has one successor: walk every chain once, marking the
    // sectors on the current walk (1) and those known to end (2).
    let mut state = vec![0u8; fat.len()];
    let mut walk = Vec::new();
    for start in 0..fat.len() {
        let mut at = start;
        while at < fat.len() && state[at] == 0 {
            state[at] = 1;
            walk.push(at);
            at = fat[at] as usize;
        }
        if at < fat.len() && state[at] == 1 {
            return true;
        }
        for s in walk.drain(..) {
            state[s] = 2;
        }
    }
    false
}

/// True when bytes are no text: NUL bytes (outside UTF-16) or many control
/// characters in the first few kilobytes.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    head.contains(&0) || control * 20 > head.len()
}

fn open_workbook(path: &Arc<str>, bytes: &[u8]) -> Result<Table, OpenError> {
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
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| OpenError {
            format: "unknown",
            why: format!("not a readable spreadsheet: {e}"),
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
                    format!("sheet `{name}` skipped: cannot be read ({e})"),
                    "",
                ));
                continue;
            }
            Err(SheetError::TooLarge(why)) => {
                budget.left = before;
                table.problems.push(Problem::error(
                    Source::file(path),
                    format!("sheet `{name}` not read: {why}"),
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
                    format!(
                        "sheet `{name}` not read: too large (more than {} cells with its merged regions)",
                        budget.limit
                    ),
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

/// What is left of the cells one file may allocate ([`bounds::MAX_CELLS`]).
struct Budget {
    left: u64,
    limit: u64,
}

impl Budget {
    fn new(limit: u64) -> Budget {
        Budget { left: limit, limit }
    }

    fn too_large(&self) -> SheetError {
        SheetError::TooLarge(format!("sheet too large: more than {} cells", self.limit))
    }

    /// Takes `n` cells; false (and nothing taken) when fewer are left.
    fn take(&mut self, n: u64) -> bool {
        match self.left.checked_sub(n) {
            Some(left) => {
                self.left = left;
                true
            }
            None => false,
        }
    }
}

/// A row costs this many cells of the budget besides its cells: its source
/// (path, sheet name) and vector headers take about as much as four cells.
const ROW_COST: u64 = 4;

/// The largest sheet Excel writes: 1,048,576 rows of 16,384 columns. A
/// position beyond it comes from a damaged or crafted file.
const MAX_SHEET_ROWS: u32 = 1_048_576;
const MAX_SHEET_COLUMNS: u32 = 16_384;

/// Why one sheet was not read.
enum SheetError {
    /// calamine could not read it (a warning: the other sheets count).
    Unreadable(String),
    /// It would take more memory than the file may (an error).
    TooLarge(String),
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

/// Gathers streamed cells into rows that hold only the span from their
/// first to their last non-empty cell, counting every cell slot against
/// the file's [`Budget`].
struct RowBuilder<'a> {
    path: &'a Arc<str>,
    /// The sheet's name, shared by the sources of its rows.
    sheet: Arc<str>,
    rows: Vec<Row>,
    /// The row being gathered and its (column, cell) pairs.
    current: Option<u32>,
    pending: Vec<(u32, Cell)>,
    /// False once a row came after a later one (cells out of order).
    ordered: bool,
}

impl<'a> RowBuilder<'a> {
    fn new(path: &'a Arc<str>, sheet: &str) -> RowBuilder<'a> {
        RowBuilder {
            path,
            sheet: Arc::from(sheet),
            rows: Vec::new(),
            current: None,
            pending: Vec::new(),
            ordered: true,
        }
    }

    fn push(
        &mut self,
        (row, col): (u32, u32),
        cell: Cell,
        budget: &mut Budget,
    ) -> Result<(), SheetError> {
        if cell.is_empty() {
            return Ok(());
        }
        if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
            return Err(SheetError::TooLarge(format!(
                "a cell lies beyond the last row or column a sheet can have (row {}, column {})",
                u64::from(row) + 1,
                u64::from(col) + 1
            )));
        }
        if self.current != Some(row) {
            self.flush(budget)?;
            self.current = Some(row);
        }
        // Pending cells cost their slot now; the row's span is settled
        // when it is flushed.
        if !budget.take(1) {
            return Err(budget.too_large());
        }
        self.pending.push((col, cell));
        Ok(())
    }

    /// Turns the pending cells into a row spanning them.
    fn flush(&mut self, budget: &mut Budget) -> Result<(), SheetError> {
        let Some(index) = self.current.take() else {
            return Ok(());
        };
        let pending = std::mem::take(&mut self.pending);
        budget.left = budget.left.saturating_add(pending.len() as u64);
        let row = self.densify(index, pending, budget)?;
        if self.rows.last().is_some_and(|last| last.index >= index) {
            self.ordered = false;
        }
        self.rows.push(row);
        Ok(())
    }

    fn densify(
        &self,
        index: u32,
        mut pending: Vec<(u32, Cell)>,
        budget: &mut Budget,
    ) -> Result<Row, SheetError> {
        // Stable: of two cells at one position the later one wins below.
        pending.sort_by_key(|(c, _)| *c);
        let first = pending.first().map_or(0, |(c, _)| *c);
        let last = pending.last().map_or(0, |(c, _)| *c);
        let width = u64::from(last - first) + 1;
        if pending.is_empty() || !budget.take(width.saturating_add(ROW_COST)) {
            return Err(budget.too_large());
        }
        let mut cells = vec![Cell::Empty; width as usize];
        for (c, cell) in pending {
            if let Some(slot) = cells.get_mut((c - first) as usize) {
                *slot = cell;
            }
        }
        Ok(Row {
            source: Source::row_in(self.path, &self.sheet, index.saturating_add(1)),
            index,
            first_col: first,
            cells,
        })
    }

    /// The rows in sheet order. Cells of one row met in several places (a
    /// damaged or hand-made file) are joined into one row.
    fn finish(mut self, budget: &mut Budget) -> Result<Vec<Row>, SheetError> {
        self.flush(budget)?;
        if self.ordered {
            return Ok(self.rows);
        }
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_by_key(|r| r.index);
        let mut out: Vec<Row> = Vec::with_capacity(rows.len());
        for row in rows {
            match out.last_mut() {
                Some(prev) if prev.index == row.index => {
                    let mut cells: Vec<(u32, Cell)> = Vec::new();
                    for r in [std::mem::replace(prev, row.clone()), row] {
                        budget.left = budget.left.saturating_add(r.cells.len() as u64 + ROW_COST);
                        let first = r.first_col;
                        cells.extend(
                            r.cells
                                .into_iter()
                                .enumerate()
                                .filter(|(_, c)| !c.is_empty())
                                .map(|(i, c)| (first + i as u32, c)),
                        );
                    }
                    *prev = self.densify(prev.index, cells, budget)?;
                }
                _ => out.push(row),
            }
        }
        Ok(out)
    }
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
    let mut by_col: HashMap<u32, Vec<Merge>> = HashMap::new();
    for d in dims {
        let m = Merge {
            first_row: d.start.0.min(d.end.0),
            first_col: d.start.1.min(d.end.1),
            last_row: d.start.0.max(d.end.0),
            last_col: d.start.1.max(d.end.1),
        };
        // A region wider than any sheet is a damaged file; the cap keeps it
        // from costing memory.
        let last = m
            .last_col
            .min(m.first_col.saturating_add(MAX_SHEET_COLUMNS));
        if !budget.take(u64::from(last - m.first_col) + 1) {
            return None;
        }
        for col in m.first_col..=last {
            by_col.entry(col).or_default().push(m);
        }
    }
    for list in by_col.values_mut() {
        list.sort_by_key(|m| m.first_row);
    }
    Some(by_col)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// calamine's cell → ours. Dates are converted here, so that the 1904 date
/// system (carried by calamine's `ExcelDateTime`) is never lost.
fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            // Outside Excel's own range chrono's conversion could overflow;
            // such a "date" is shown as the number it is.
            if dt.is_duration() || !(0.0..2_958_466.0).contains(&v) {
                Cell::Number(v)
            } else {
                dt.as_datetime().map_or(Cell::Number(v), Cell::Date)
            }
        }
        Data::DateTimeIso(s) => {
            parse_iso_datetime(s).map_or_else(|| Cell::Text(s.clone()), Cell::Date)
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// A streamed cell's value → ours, through calamine's own conversion.
fn convert_ref(d: &DataRef<'_>) -> Cell {
    convert(&Data::from(d.clone()))
}

fn parse_iso_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

/// Reads a CSV file: decoded, delimiter sniffed, every record a row with
/// its physical line. Cells are text; empty ones are [`Cell::Empty`].
#[cfg(test)]
fn open_csv(path: &Arc<str>, bytes: &[u8]) -> Table {
    csv_table(path, &decode(bytes).0)
}

/// [`open_csv`] on text already decoded.
fn csv_table(path: &Arc<str>, text: &str) -> Table {
    let delimiter = sniff_delimiter(text);
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
                    format!("csv reading stopped: {e}"),
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

/// Picks `;`, `,` or tab: the delimiter under which the most of the first
/// lines share one field count (above one), larger counts breaking ties.
/// Counting consistency rather than characters keeps decimal commas in a
/// `;` file from winning.
fn sniff_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(50).collect::<Vec<_>>().join("\n");
    let mut best = (b';', 0usize, 0usize);
    for d in [b';', b',', b'\t'] {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample.as_bytes());
        let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
        for rec in rdr.records().flatten() {
            if rec.len() > 1 {
                *counts.entry(rec.len()).or_default() += 1;
            }
        }
        if let Some((fields, lines)) = counts
            .iter()
            .max_by_key(|(fields, lines)| (**lines, **fields))
            .map(|(f, l)| (*f, *l))
            && (lines, fields) > (best.1, best.2)
        {
            best = (d, lines, fields);
        }
    }
    best.0
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

/// Matches a folded header text against the aliases.
///
/// Order of preference, documented because aliases collide: an exact
/// folded match beats a containment match (`uitbetaald aan` is paid-to, not
/// paid-out); among containment matches, which need whole words and no
/// negating word, the longest alias wins (`vergoed bedrag` beats `bedrag`).
fn match_header<F: Copy>(folded: &str, aliases: &[(F, Vec<String>)]) -> Vec<(F, bool, usize)> {
    let mut out = Vec::new();
    if folded.is_empty() {
        return out;
    }
    let padded = format!(" {folded} ");
    let negated = NEGATING.iter().any(|n| padded.contains(&format!(" {n} ")));
    for (field, names) in aliases {
        let mut best: Option<(bool, usize)> = None;
        for a in names {
            let m = if a == folded {
                Some((true, a.len()))
            } else if !negated && padded.contains(&format!(" {a} ")) {
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

/// Finds the header row of a sheet: among the first rows, the one naming
/// the most fields (earliest on a tie) that `accept` calls recognisable.
/// Title, logo and empty rows above it are thereby skipped.
pub fn find_header<F: Copy + Eq>(
    sheet: &Sheet,
    aliases: &Aliases<F>,
    accept: impl Fn(&[(F, u32)]) -> bool,
) -> Option<Header<F>> {
    let folded: Vec<(F, Vec<String>)> = aliases
        .iter()
        .map(|(f, names)| (*f, names.iter().map(|n| fold(n)).collect()))
        .collect();
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
            for (field, exact, alias_len) in match_header(&f, &folded) {
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
            format!("no header row with known columns found (expected columns such as {expected})"),
            "",
        ));
    } else {
        for name in skipped {
            problems.push(Problem::warning(
                Source::file(path),
                format!("sheet `{name}` skipped: no header row with known columns"),
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
pub fn amount(cell: &Cell) -> Result<Option<Money>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Money::from_spreadsheet(*n)
            .map(Some)
            .ok_or_else(|| "number is not an amount".to_string()),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() || matches!(t, "-" | "–" | "—") {
                return Ok(None);
            }
            match parse_amount(t, DecimalStyle::Auto) {
                Ok(m) => Ok(Some(m)),
                Err(AmountError::Empty) => Ok(None),
                Err(AmountError::Ambiguous) => {
                    Err("ambiguous amount: `.` or `,` could separate thousands or decimals".into())
                }
                Err(AmountError::Invalid) => Err("not an amount".into()),
            }
        }
        Cell::Date(_) => Err("a date where an amount is expected".into()),
        Cell::Bool(_) => Err("a true/false value where an amount is expected".into()),
        Cell::Error(e) => Err(format!("formula error {e} where an amount is expected")),
    }
}

/// Excel serial numbers taken as dates: 1950-01-01 up to 2099-12-31.
/// Outside that a number in a date column is more likely something else.
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 18_264.0..=73_050.0;

/// A date: a date cell, an Excel serial number in a plausible range, or
/// text as `dd-mm-yyyy`, `d-m-yyyy`, `yyyy-mm-dd`, `d-m-yy`, `dd/mm/yyyy`,
/// `dd.mm.yyyy`, `yyyymmdd`, `1 maart 2026`; a time after the date and a
/// second date after it (a period `01-03-2026 t/m 31-03-2026`) are ignored.
/// Day comes before month: these are Dutch files.
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => plausible(d.date())
            .map(Some)
            .ok_or_else(|| "date out of range (a time of day, or a typo in the year)".into()),
        Cell::Number(n) if SERIAL_RANGE.contains(n) => {
            // Serial 1 is 1900-01-01 in Excel's 1900 system, which counts a
            // 29 February 1900 that never was; from serial 61 on (all of our
            // range) 1899-12-30 + n days is exact.
            let base = NaiveDate::from_ymd_opt(1899, 12, 30);
            base.and_then(|b| b.checked_add_days(chrono::Days::new(n.floor() as u64)))
                .map(Some)
                .ok_or_else(|| "number is not a date".to_string())
        }
        Cell::Number(_) => Err("number is not a plausible date".into()),
        Cell::Text(t) => {
            if t.trim().is_empty() {
                return Ok(None);
            }
            parse_date_text(t)
                .map(Some)
                .ok_or_else(|| "not a date".to_string())
        }
        Cell::Bool(_) => Err("a true/false value where a date is expected".into()),
        Cell::Error(e) => Err(format!("formula error {e} where a date is expected")),
    }
}

/// Parses a date written as text; see [`date`].
pub fn parse_date_text(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    // A date-time or a period: the first date in it counts.
    let first = t
        .split(|c: char| c.is_whitespace() || c == 'T')
        .next()
        .unwrap_or(t);
    if let Some(d) = parse_date_token(first) {
        return Some(d);
    }
    parse_long_date(t)
}

fn plausible(d: NaiveDate) -> Option<NaiveDate> {
    (1900..=2100).contains(&d.year()).then_some(d)
}

fn parse_date_token(s: &str) -> Option<NaiveDate> {
    let num = |p: &str| -> Option<u32> {
        if !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y = num(s.get(..4)?)?;
        let m = num(s.get(4..6)?)?;
        let d = num(s.get(6..)?)?;
        if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d).and_then(plausible) {
            return Some(date);
        }
        // ddmmyyyy, when yyyymmdd makes no date.
        let d = num(s.get(..2)?)?;
        let m = num(s.get(2..4)?)?;
        let y = num(s.get(4..)?)?;
        return NaiveDate::from_ymd_opt(y as i32, m, d).and_then(plausible);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if a.len() <= 2 && b.len() <= 2 && (c.len() == 4 || c.len() == 2) {
        let y = num(c)?;
        // Two-digit years: 70–99 are 1970–1999, the rest 2000–2069.
        let y = match (c.len(), y) {
            (2, y) if y >= 70 => 1900 + y,
            (2, y) => 2000 + y,
            (_, y) => y,
        };
        (y, num(b)?, num(a)?)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).and_then(plausible)
}

/// `1 maart 2026`, `1 mrt 2026`, `1 March 2026`.
fn parse_long_date(t: &str) -> Option<NaiveDate> {
    const MONTHS: [&[&str]; 12] = [
        &["jan", "januari", "january"],
        &["feb", "februari", "february"],
        &["mrt", "maart", "mar", "march"],
        &["apr", "april"],
        &["mei", "may"],
        &["jun", "juni", "june"],
        &["jul", "juli", "july"],
        &["aug", "augustus", "august"],
        &["sep", "sept", "september"],
        &["okt", "oktober", "oct", "october"],
        &["nov", "november"],
        &["dec", "december"],
    ];
    let f = fold(t);
    let words: Vec<&str> = f.split(' ').collect();
    let [d, m, y, ..] = words.as_slice() else {
        return None;
    };
    let month = MONTHS.iter().position(|names| names.contains(m))? as u32 + 1;
    let d: u32 = d.parse().ok()?;
    let y: i32 = y.parse().ok().filter(|_| y.len() == 4)?;
    NaiveDate::from_ymd_opt(y, month, d).and_then(plausible)
}

/// Largest integer an f64 holds exactly; beyond it a number has lost digits.
const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// An identifier (invoice, declaration, client number): text as written
/// (trimmed, an Excel text-marking `'` removed), or a whole number written
/// without decimals (`3805219728`, not `3805219728.0`). A number with
/// decimals or beyond f64's exact range is an error, not a guess.
pub fn ident(cell: &Cell) -> Result<Option<String>, String> {
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
        Cell::Number(n) if n.is_finite() && n.fract() == 0.0 => {
            Err("number too long to be exact: store this identifier as text".into())
        }
        Cell::Number(_) => Err("number with decimals where an identifier is expected".into()),
        Cell::Date(_) => Err("a date where an identifier is expected".into()),
        Cell::Bool(_) => Err("a true/false value where an identifier is expected".into()),
        Cell::Error(e) => Err(format!("formula error {e} where an identifier is expected")),
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
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
    }

    #[test]
    fn csv_rows_carry_physical_lines_even_after_multiline_fields() {
        let t = open_csv(&p(), b"a;b\n\"x\ny\";1\nz;2\n");
        let rows = &t.sheets[0].rows;
        assert_eq!(rows[1].source.to_string(), "x/t.csv:2");
        assert_eq!(rows[2].source.to_string(), "x/t.csv:4");
        assert_eq!(rows[2].cell_source(1).to_string(), "x/t.csv:4");
    }

    fn too_large(r: Result<Vec<Row>, SheetError>) -> String {
        match r {
            Err(SheetError::TooLarge(why)) => why,
            Err(SheetError::Unreadable(why)) => panic!("unreadable: {why}"),
            Ok(rows) => panic!("read {} rows", rows.len()),
        }
    }

    #[test]
    fn streamed_rows_hold_only_the_cells_there_are() {
        let path = Arc::from("s.xlsx");
        let mut budget = Budget::new(100);
        let mut b = RowBuilder::new(&path, "S");
        b.push((0, 0), t("A1"), &mut budget).ok().unwrap();
        b.push((0, 1), Cell::Empty, &mut budget).ok().unwrap();
        b.push((1_048_575, 16_383), t("far"), &mut budget)
            .ok()
            .unwrap();
        let rows = b.finish(&mut budget).ok().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[1].index, rows[1].first_col, rows[1].cells.len()),
            (1_048_575, 16_383, 1)
        );
        assert_eq!(rows[1].source.to_string(), "s.xlsx:S!1048576");
        assert_eq!(rows[1].cell(16_383), &t("far"));
        assert_eq!(budget.left, 100 - 2 - 2 * ROW_COST);
    }

    #[test]
    fn cells_out_of_order_are_joined_into_their_rows() {
        let path = Arc::from("s.xlsx");
        let mut budget = Budget::new(100);
        let mut b = RowBuilder::new(&path, "S");
        for (pos, v) in [((5, 1), "b"), ((2, 0), "x"), ((5, 3), "d"), ((5, 1), "B")] {
            b.push(pos, t(v), &mut budget).ok().unwrap();
        }
        let rows = b.finish(&mut budget).ok().unwrap();
        let shape: Vec<(u32, u32, usize)> = rows
            .iter()
            .map(|r| (r.index, r.first_col, r.cells.len()))
            .collect();
        assert_eq!(shape, vec![(2, 0, 1), (5, 1, 3)]);
        assert_eq!(rows[1].cell(1), &t("B"), "the later of two cells wins");
        assert_eq!(rows[1].cell(3), &t("d"));
        assert_eq!(budget.left, 100 - 4 - 2 * ROW_COST);
    }

    #[test]
    fn a_sheet_beyond_the_budget_or_the_sheet_limits_is_too_large() {
        let path = Arc::from("s.xlsx");
        // One wide row: A1 and XFD1 cost 16,384 cells.
        let mut budget = Budget::new(10_000);
        let mut b = RowBuilder::new(&path, "S");
        b.push((0, 0), t("a"), &mut budget).ok().unwrap();
        b.push((0, 16_383), t("b"), &mut budget).ok().unwrap();
        let why = too_large(b.finish(&mut budget));
        assert!(why.starts_with("sheet too large: more than"), "{why}");
        // Many small rows.
        let mut budget = Budget::new(50);
        let mut b = RowBuilder::new(&path, "S");
        let pushed = (0..100).try_for_each(|r| b.push((r, 0), t("x"), &mut budget));
        assert!(pushed.is_err());
        // A position no sheet has.
        let mut budget = Budget::new(50);
        let mut b = RowBuilder::new(&path, "S");
        let e = b.push((MAX_SHEET_ROWS, 0), t("x"), &mut budget);
        assert!(too_large(e.map(|()| Vec::new())).contains("beyond the last row"));
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
            p.problem,
            "sheet `Wide` not read: sheet too large: more than 100000 cells"
        );
        assert_eq!(t.sheets.len(), 1);
        assert_eq!(t.sheets[0].rows.len(), 2);
        // With the default budget the wide sheet is read, 10 rows of two
        // cells each spanning 16,384 columns.
        let t = open(&path, &bytes).unwrap();
        assert!(t.problems.is_empty());
        assert_eq!(t.sheets[0].rows.len(), 10);
        assert_eq!(t.sheets[0].rows[9].cell(16_383), &Cell::Text("z".into()));
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
        assert!(e.why.contains("first line"), "{}", e.why);
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
        assert!(
            amount(&Cell::Text("1.234".into()))
                .unwrap_err()
                .contains("ambiguous")
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
    fn calamine_dates_in_both_systems() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let d1900 = ExcelDateTime::new(46082.0, ExcelDateTimeType::DateTime, false);
        let d1904 = ExcelDateTime::new(46082.0 - 1462.0, ExcelDateTimeType::DateTime, true);
        for dt in [d1900, d1904] {
            let Cell::Date(d) = convert(&Data::DateTime(dt)) else {
                panic!("not a date")
            };
            assert_eq!(d.date(), ymd(2026, 3, 1));
        }
        let huge = ExcelDateTime::new(f64::NEG_INFINITY, ExcelDateTimeType::DateTime, false);
        assert!(matches!(convert(&Data::DateTime(huge)), Cell::Number(_)));
        assert_eq!(
            convert(&Data::DateTimeIso("2026-03-01".into())),
            Cell::Date(ymd(2026, 3, 1).and_time(chrono::NaiveTime::MIN))
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
        assert!(e.why.contains("binary"));
        let e = open(&path, b"PK\x03\x04garbage").unwrap_err();
        assert!(e.why.contains("spreadsheet"));
        let e = open(&path, &[0xD0, 0xCF, 0x11, 0xE0, 1, 2]).unwrap_err();
        assert!(!e.why.is_empty());
    }

    /// A FAT chain that leads back into itself: calamine appended the same
    /// sectors until memory ran out (the `specs` fuzz target's 2 GiB ask).
    #[test]
    fn compound_files_whose_sector_chain_loops_are_refused() {
        let path = p();
        let real = include_bytes!("../../fixtures/sheets/spec.xls");
        assert!(!fat_has_loop(real, 9));
        let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        // The directory chain's first sector points at itself.
        let dir = u32_at(real, 48) as usize;
        let fat_sector = u32_at(real, 76 + 4 * (dir / 128)) as usize;
        let at = (fat_sector + 1) * 512 + (dir % 128) * 4;
        let mut bad = real.to_vec();
        bad[at..at + 4].copy_from_slice(&(dir as u32).to_le_bytes());
        assert!(fat_has_loop(&bad, 9));
        let e = open(&path, &bad).unwrap_err();
        assert!(e.why.contains("sector chain"), "{}", e.why);
    }

    /// calamine issue #714: sector counts in the header drive allocations
    /// before any sector is read; a crafted header aborted the process.
    #[test]
    fn compound_file_headers_that_promise_more_than_the_file_holds_are_refused() {
        let path = p();
        let real = include_bytes!("../../fixtures/sheets/spec.xls");
        assert!(implausible_compound_file(real).is_none());
        assert!(open(&path, real).is_ok());
        for (at, value) in [
            (44usize, u32::MAX),
            (64, u32::MAX),
            (72, u32::MAX),
            (62, u32::MAX),
        ] {
            let mut bad = real.to_vec();
            bad[at..at + 4].copy_from_slice(&value.to_le_bytes());
            let e = open(&path, &bad).unwrap_err();
            assert!(e.why.contains("damaged"), "offset {at}: {}", e.why);
        }
        let mut tiny = vec![0u8; 612];
        tiny[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        tiny[30] = 9;
        tiny[44..48].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(open(&path, &tiny).is_err());
    }
}
