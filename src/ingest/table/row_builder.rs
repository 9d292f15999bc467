//! Rows gathered from positioned cells under the file's budget of cells:
//! every format that places cells by position (calamine's streamed and
//! dense sheets, HTML tables, SpreadsheetML) builds its rows here, so the
//! memory one file may take is counted in one way.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::cell::CellValue;
use super::sheet::{Merge, Row};
use crate::problem::SheetFlaw;
use crate::source::Source;

/// What is left of the cells one file may allocate ([`bounds::MAX_CELLS`]).
pub(super) struct Budget {
    pub(super) left: u64,
    pub(super) limit: u64,
}

impl Budget {
    pub(super) fn new(limit: u64) -> Budget {
        Budget { left: limit, limit }
    }

    pub(super) fn too_large(&self) -> SheetError {
        SheetError::TooLarge(SheetFlaw::TooManyCells { limit: self.limit })
    }

    /// Takes `n` cells; false (and nothing taken) when fewer are left.
    pub(super) fn take(&mut self, n: u64) -> bool {
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
pub(super) const MAX_SHEET_ROWS: u32 = 1_048_576;
pub(super) const MAX_SHEET_COLUMNS: u32 = 16_384;

/// The cells a row was charged, given back once the row is done with.
pub(super) fn row_cost(row: &Row) -> u64 {
    (row.cells.len() as u64).saturating_add(ROW_COST)
}

/// Why one sheet was not read.
pub(super) enum SheetError {
    /// calamine could not read it (a warning: the other sheets count).
    Unreadable(String),
    /// It would take more memory than the file may (an error).
    TooLarge(SheetFlaw),
}

/// Gathers streamed cells into rows that hold only the span from their
/// first to their last non-empty cell, counting every cell slot against
/// the file's [`Budget`].
pub(super) struct RowBuilder<'a> {
    path: &'a Arc<str>,
    /// The sheet's name, shared by the sources of its rows.
    sheet: Arc<str>,
    rows: Vec<Row>,
    /// The row being gathered and its (column, cell) pairs.
    current: Option<u32>,
    pending: Vec<(u32, CellValue)>,
    /// False once a row came after a later one (cells out of order).
    ordered: bool,
}

impl<'a> RowBuilder<'a> {
    pub(super) fn new(path: &'a Arc<str>, sheet: &str) -> RowBuilder<'a> {
        RowBuilder {
            path,
            sheet: Arc::from(sheet),
            rows: Vec::new(),
            current: None,
            pending: Vec::new(),
            ordered: true,
        }
    }

    pub(super) fn push(
        &mut self,
        (row, col): (u32, u32),
        cell: CellValue,
        budget: &mut Budget,
    ) -> Result<(), SheetError> {
        if cell.is_empty() {
            return Ok(());
        }
        if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
            return Err(SheetError::TooLarge(SheetFlaw::CellOutOfBounds {
                row: u64::from(row) + 1,
                col: u64::from(col) + 1,
            }));
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

    /// The row whose cells are being gathered, if any.
    pub(super) fn gathering(&self) -> Option<u32> {
        self.current
    }

    /// Ends the row being gathered and takes the last row built, if any.
    pub(super) fn take_last(&mut self, budget: &mut Budget) -> Result<Option<Row>, SheetError> {
        self.flush(budget)?;
        Ok(self.rows.pop())
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
        mut pending: Vec<(u32, CellValue)>,
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
        let mut cells = vec![CellValue::Empty; width as usize];
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
    pub(super) fn finish(mut self, budget: &mut Budget) -> Result<Vec<Row>, SheetError> {
        self.flush(budget)?;
        if self.ordered {
            return Ok(self.rows);
        }
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_by_key(|r| r.index);
        let mut out: Vec<Row> = Vec::with_capacity(rows.len());
        let mut rows = rows.into_iter().peekable();
        while let Some(row) = rows.next() {
            if rows.peek().is_none_or(|next| next.index != row.index) {
                out.push(row);
                continue;
            }
            // All fragments of one index are gathered first and densified
            // once: joining them pairwise would rebuild the whole row for
            // every fragment (quadratic in a hostile file).
            let index = row.index;
            let mut cells: Vec<(u32, CellValue)> = Vec::new();
            let mut next = Some(row);
            while let Some(r) = next {
                budget.left = budget.left.saturating_add(r.cells.len() as u64 + ROW_COST);
                let first = r.first_col;
                cells.extend(
                    r.cells
                        .into_iter()
                        .enumerate()
                        .filter(|(_, c)| !c.is_empty())
                        .map(|(i, c)| (first + i as u32, c)),
                );
                next = rows.next_if(|n| n.index == index);
            }
            out.push(self.densify(index, cells, budget)?);
        }
        Ok(out)
    }
}

/// Merged regions indexed by column, each column entry counted against the
/// budget; `None` when they exceed it.
pub(super) fn merges_by_column(
    regions: impl IntoIterator<Item = Merge>,
    budget: &mut Budget,
) -> Option<HashMap<u32, Vec<Merge>>> {
    let mut by_col: HashMap<u32, Vec<Merge>> = HashMap::new();
    for m in regions {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    fn too_large(r: Result<Vec<Row>, SheetError>) -> SheetFlaw {
        match r {
            Err(SheetError::TooLarge(why)) => why,
            Err(SheetError::Unreadable(why)) => panic!("unreadable: {why}"),
            Ok(rows) => panic!("read {} rows", rows.len()),
        }
    }

    #[test]
    fn fragments_of_one_row_are_joined_once() {
        // A wide first fragment, then the row revisited between others:
        // every fragment lands in one row, the later cell of a position
        // wins, and the budget is charged for the joined row only.
        let path = Arc::from("s.xml");
        let mut budget = Budget::new(1_000_000);
        let mut b = RowBuilder::new(&path, "S");
        b.push((0, 16_383), t("far"), &mut budget).ok().unwrap();
        for k in 0..400u32 {
            b.push((1, 0), t("other"), &mut budget).ok().unwrap();
            b.push((0, k % 200), t(&k.to_string()), &mut budget)
                .ok()
                .unwrap();
        }
        let rows = b.finish(&mut budget).ok().unwrap();
        assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), [0, 1]);
        assert_eq!((rows[0].first_col, rows[0].cells.len()), (0, 16_384));
        assert_eq!(rows[0].cell(16_383), &t("far"));
        assert_eq!(rows[0].cell(7), &t("207"));
        assert_eq!(rows[0].cell(200), &CellValue::Empty);
        assert_eq!(rows[1].cells, [t("other")]);
        assert_eq!(budget.left, 1_000_000 - 16_384 - 1 - 2 * ROW_COST);
    }

    #[test]
    fn streamed_rows_hold_only_the_cells_there_are() {
        let path = Arc::from("s.xlsx");
        let mut budget = Budget::new(100);
        let mut b = RowBuilder::new(&path, "S");
        b.push((0, 0), t("A1"), &mut budget).ok().unwrap();
        b.push((0, 1), CellValue::Empty, &mut budget).ok().unwrap();
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
        assert_eq!(why, SheetFlaw::TooManyCells { limit: 10_000 });
        // Many small rows.
        let mut budget = Budget::new(50);
        let mut b = RowBuilder::new(&path, "S");
        let pushed = (0..100).try_for_each(|r| b.push((r, 0), t("x"), &mut budget));
        assert!(pushed.is_err());
        // A position no sheet has.
        let mut budget = Budget::new(50);
        let mut b = RowBuilder::new(&path, "S");
        let e = b.push((MAX_SHEET_ROWS, 0), t("x"), &mut budget);
        assert!(matches!(
            too_large(e.map(|()| Vec::new())),
            SheetFlaw::CellOutOfBounds { .. }
        ));
    }
}
