//! The shapes a file is read into: rows of cells with their positions,
//! sheets with their merged regions, and the table of a whole file.
//!
//! Positions are kept as the user sees them: a spreadsheet row carries
//! `path:Sheet!7` and a cell `path:Sheet!F7`; a CSV row its physical line.

use foldhash::HashMap;
#[cfg(test)]
use foldhash::HashMapExt;
#[cfg(test)]
use std::sync::Arc;

use super::cell::CellValue;
use crate::problem::{Problem, Refusal};
use crate::source::Source;

/// The empty cell returned for positions beyond a row's end.
static EMPTY: CellValue = CellValue::Empty;

/// One row of a sheet or CSV file.
#[derive(Clone, Debug)]
pub struct Row {
    /// Where the row is: `path:Sheet!7` or `path:line`.
    pub source: Source,
    /// 0-based row index on the sheet (CSV: physical line − 1).
    pub index: u32,
    /// Column index of `cells[0]`.
    pub(super) first_col: u32,
    /// The cells from `first_col` on.
    pub(super) cells: Vec<CellValue>,
}

impl Row {
    /// One past the last column that holds a cell.
    pub fn end_col(&self) -> u32 {
        self.first_col.saturating_add(self.cells.len() as u32)
    }

    /// The cell in column `col` (0-based); empty beyond the row's end.
    pub fn cell(&self, col: u32) -> &CellValue {
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
        self.cells.iter().all(CellValue::is_empty)
    }

    /// The non-empty cells with their column index.
    pub(super) fn filled(&self) -> impl Iterator<Item = (u32, &CellValue)> {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (self.first_col + i as u32, c))
    }
}

/// A merged region of cells, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Merge {
    pub(super) first_row: u32,
    pub(super) first_col: u32,
    pub(super) last_row: u32,
    pub(super) last_col: u32,
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
    pub(super) merges: HashMap<u32, Vec<Merge>>,
}

impl Sheet {
    /// The cell at `col` of row `rows[i]`, or, when that cell is empty and
    /// lies inside a merged region, the region's top-left cell (calamine
    /// only keeps the value there). Use it for header texts and for
    /// identifiers written once for several rows, never for amounts: a
    /// merged amount counted on every row would be counted several times.
    pub fn cell_or_merged(&self, i: usize, col: u32) -> (&CellValue, bool) {
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
    fn cell_at(&self, row: u32, col: u32) -> &CellValue {
        match self.rows.binary_search_by_key(&row, |r| r.index) {
            Ok(i) => self.rows.get(i).map_or(&EMPTY, |r| r.cell(col)),
            Err(_) => &EMPTY,
        }
    }

    /// A label for messages: the sheet name, or `file` for CSV.
    pub(super) fn label(&self) -> &str {
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

/// A sheet `S` of `s.xlsx` with `rows` from row 1 and column A on, and
/// merged regions given as (first row, first column, last row, last
/// column), 0-based.
#[cfg(test)]
pub(super) fn sheet_of(rows: Vec<Vec<CellValue>>, merges: &[(u32, u32, u32, u32)]) -> Sheet {
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
