//! The cells of one data row read into typed values, with a problem at
//! each cell that cannot be read: the one way every table reader (the
//! register, specifications, billing agents' statements, overrides and the
//! accountant's decisions) reads a cell, so that a cell is required,
//! optional, or left empty with a warning, the same way everywhere.
//!
//! A problem names the cell (`path:Sheet!F7`, or the CSV line) and shows
//! what the cell holds. A reader decides per field which cell counts:
//! [`RowCells::own`] for amounts, which a merged region must never repeat
//! on every row it covers, [`RowCells::merged`] for identifiers, names and
//! dates written once for a block of rows.

use super::cell::CellValue;
use super::sheet::{Row, Sheet};
use crate::problem::{Field, Flaw, Problem, ProblemKind, Severity};

/// Where a field's cell is on the row: its column and the cell; `None`
/// when the sheet has no such column.
pub type At<'r> = Option<(u32, &'r CellValue)>;

/// True when the sheet has the column and the cell holds something.
pub fn filled(at: At<'_>) -> bool {
    at.is_some_and(|(_, c)| !c.is_empty())
}

/// Reads the cells of one row, gathering the problems of the cells that
/// could not be read; [`RowCells::failed`] says whether the row can still
/// be used.
pub struct RowCells<'r> {
    row: &'r Row,
    /// The sheet and the row's index in it, for cells inside merged regions.
    sheet: Option<(&'r Sheet, usize)>,
    problems: Vec<Problem>,
    failed: bool,
}

impl<'r> RowCells<'r> {
    /// A row read on its own: every cell is the row's own.
    pub fn new(row: &'r Row) -> RowCells<'r> {
        RowCells {
            row,
            sheet: None,
            problems: Vec::new(),
            failed: false,
        }
    }

    /// Row `i` of `sheet`, whose merged regions [`RowCells::merged`] sees;
    /// `row` is `sheet.rows[i]`.
    pub fn on_sheet(sheet: &'r Sheet, i: usize, row: &'r Row) -> RowCells<'r> {
        RowCells {
            sheet: Some((sheet, i)),
            ..RowCells::new(row)
        }
    }

    /// The row's own cell in column `col`.
    pub fn own(&self, col: Option<u32>) -> At<'r> {
        col.map(|c| (c, self.row.cell(c)))
    }

    /// The cell in column `col`, or, when it is empty inside a merged
    /// region, the region's value (see [`Sheet::cell_or_merged`]).
    pub fn merged(&self, col: Option<u32>) -> At<'r> {
        match self.sheet {
            Some((sheet, i)) => col.map(|c| (c, sheet.cell_or_merged(i, c).0)),
            None => self.own(col),
        }
    }

    /// A value the row cannot do without: an empty cell is an error
    /// ([`ProblemKind::Missing`]), as is one that cannot be read.
    pub fn required<T>(
        &mut self,
        at: At<'_>,
        field: Field,
        read: impl Fn(&CellValue) -> Result<Option<T>, Flaw>,
    ) -> Option<T> {
        self.required_or(at, field, read, ProblemKind::Missing(field), None)
    }

    /// [`RowCells::required`], with the error `missing` when the cell is
    /// empty, showing `shown` (else the cell as shown): a reader whose
    /// empty cell means more than a missing value says so, and a decision
    /// without its payment id shows the decision.
    pub fn required_or<T>(
        &mut self,
        at: At<'_>,
        field: Field,
        read: impl Fn(&CellValue) -> Result<Option<T>, Flaw>,
        missing: ProblemKind,
        shown: Option<&str>,
    ) -> Option<T> {
        let (col, cell) = at?;
        let before = self.problems.len();
        let value = self.optional(at, field, read);
        if value.is_none() && self.problems.len() == before {
            let shown = shown.map_or_else(|| cell.display(), str::to_string);
            self.refuse(col, missing, shown);
        }
        value
    }

    /// A value the row may leave empty; a cell that cannot be read is an
    /// error, and the row is not used.
    pub fn optional<T>(
        &mut self,
        at: At<'_>,
        field: Field,
        read: impl Fn(&CellValue) -> Result<Option<T>, Flaw>,
    ) -> Option<T> {
        self.read(at, field, read, Severity::Error)
    }

    /// A value the row may leave empty and can do without: a cell that
    /// cannot be read is a warning and left empty, and the row is still
    /// used.
    pub fn optional_or_warn<T>(
        &mut self,
        at: At<'_>,
        field: Field,
        read: impl Fn(&CellValue) -> Result<Option<T>, Flaw>,
    ) -> Option<T> {
        self.read(at, field, read, Severity::Warning)
    }

    /// The cell's value, or a problem of `severity` when it cannot be read.
    fn read<T>(
        &mut self,
        at: At<'_>,
        field: Field,
        read: impl Fn(&CellValue) -> Result<Option<T>, Flaw>,
        severity: Severity,
    ) -> Option<T> {
        let (col, cell) = at?;
        read(cell).unwrap_or_else(|flaw| {
            match severity {
                Severity::Error => {
                    let kind = ProblemKind::Unreadable { field, flaw };
                    self.refuse(col, kind, cell.display());
                }
                Severity::Warning => {
                    let kind = ProblemKind::UnreadableLeftEmpty { field, flaw };
                    self.warn(col, kind, cell.display());
                }
            }
            None
        })
    }

    /// An error at the cell in column `col`: the row is not used.
    pub fn refuse(&mut self, col: u32, kind: ProblemKind, shown: impl Into<String>) {
        let source = self.row.cell_source(col);
        self.problems.push(Problem::error(source, kind, shown));
        self.failed = true;
    }

    /// A warning at the cell in column `col`: the row is still used.
    pub fn warn(&mut self, col: u32, kind: ProblemKind, shown: impl Into<String>) {
        let source = self.row.cell_source(col);
        self.problems.push(Problem::warning(source, kind, shown));
    }

    /// True once a cell the row needs could not be read.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The problems found, in the order the cells were read.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::super::delimited::csv_table;
    use super::super::sheet::sheet_of;
    use super::super::values::{amount, date, ident, text};
    use super::*;
    use crate::money::Money;
    use std::sync::Arc;

    fn rows(csv: &str) -> Vec<Row> {
        let mut t = csv_table(&Arc::from("x/r.csv"), csv);
        t.sheets.remove(0).rows
    }

    fn said(cells: RowCells<'_>) -> Vec<(String, Severity, ProblemKind, String)> {
        cells
            .into_problems()
            .into_iter()
            .map(|p| (p.source.to_string(), p.severity, p.kind, p.value))
            .collect()
    }

    #[test]
    fn readable_cells_give_their_values_and_no_problem() {
        let rows = rows("F1;12,50;01-03-2026;Jansen\n");
        let mut r = RowCells::new(&rows[0]);
        let nr = r.required(r.own(Some(0)), Field::InvoiceNumber, ident);
        let sum = r.optional(r.own(Some(1)), Field::Amount, amount);
        let day = r.optional_or_warn(r.own(Some(2)), Field::DueDate, date);
        let name = r.required(r.own(Some(3)), Field::ClientName, |c| Ok(text(c)));
        let absent = r.required(r.own(None), Field::ClientId, ident);
        assert_eq!(nr.as_deref(), Some("F1"));
        assert_eq!(sum, Some(Money::from_cents(1250)));
        assert_eq!(day.map(|d| d.to_string()).as_deref(), Some("2026-03-01"));
        assert_eq!(name.as_deref(), Some("Jansen"));
        assert_eq!(absent, None, "a column the sheet lacks is no problem here");
        assert!(!r.failed());
        assert_eq!(said(r), vec![]);
    }

    #[test]
    fn an_empty_required_cell_is_an_error_naming_the_cell() {
        let rows = rows("F1;;x\n");
        let mut r = RowCells::new(&rows[0]);
        assert_eq!(r.required(r.own(Some(1)), Field::ClientId, ident), None);
        assert!(r.failed());
        let missing = ProblemKind::Missing(Field::ClientId);
        assert_eq!(
            said(r),
            vec![("x/r.csv:1".into(), Severity::Error, missing, String::new())]
        );

        // Another kind of problem, showing what the reader chooses.
        let mut r = RowCells::new(&rows[0]);
        let kind = ProblemKind::OverrideNoPaymentId;
        let got = r.required_or(
            r.own(Some(1)),
            Field::PaymentId,
            ident,
            kind.clone(),
            Some("x"),
        );
        assert_eq!(got, None);
        assert_eq!(
            said(r),
            vec![("x/r.csv:1".into(), Severity::Error, kind, "x".into())]
        );
    }

    #[test]
    fn an_unreadable_cell_is_an_error_or_a_warning_and_said_once() {
        let rows = rows("1.234;later;1.234\n");
        let mut r = RowCells::new(&rows[0]);
        assert_eq!(r.required(r.own(Some(0)), Field::Amount, amount), None);
        assert!(r.failed());
        let flaw = Flaw::AmbiguousAmount;
        let unreadable = ProblemKind::Unreadable {
            field: Field::Amount,
            flaw: flaw.clone(),
        };
        assert_eq!(
            said(r),
            vec![(
                "x/r.csv:1".into(),
                Severity::Error,
                unreadable,
                "1.234".into()
            )]
        );

        let mut r = RowCells::new(&rows[0]);
        assert_eq!(
            r.optional_or_warn(r.own(Some(1)), Field::DueDate, date),
            None
        );
        assert!(!r.failed(), "a warning leaves the row usable");
        let left_empty = ProblemKind::UnreadableLeftEmpty {
            field: Field::DueDate,
            flaw: Flaw::NotADate,
        };
        assert_eq!(
            said(r),
            vec![(
                "x/r.csv:1".into(),
                Severity::Warning,
                left_empty,
                "later".into()
            )]
        );
    }

    #[test]
    fn a_merged_cell_counts_only_where_the_reader_asks_for_it() {
        let f1 = CellValue::Text("F1".into());
        let five = CellValue::Number(5.0);
        let rows = vec![vec![f1, five], vec![CellValue::Empty, CellValue::Empty]];
        let sheet = sheet_of(rows, &[(0, 0, 1, 0), (0, 1, 1, 1)]);
        let r = RowCells::on_sheet(&sheet, 1, &sheet.rows[1]);
        let shown = |at: At<'_>| at.map(|(_, c)| c.display());
        assert_eq!(shown(r.merged(Some(0))).as_deref(), Some("F1"));
        assert_eq!(shown(r.own(Some(1))).as_deref(), Some(""));
        let alone = RowCells::new(&sheet.rows[1]);
        assert_eq!(shown(alone.merged(Some(0))).as_deref(), Some(""));
    }
}
