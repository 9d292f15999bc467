//! List sheets: a header row of labelled columns, one row per item, a
//! totals row of SUM formulas under the money columns, and a continuation
//! sheet "… (2)" when a list is longer than Excel's rows. Written in
//! constant-memory mode, row by row, so a million rows do not sit in
//! memory.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::money::Money;
use crate::outcome::InvoiceStatus;
use crate::report::text::{self, Label};
use crate::report::{Lang, ReportInput};

use super::cells::{ListCell, sum_formula, write_cell};
use super::formats::Formats;
use super::{editable, print};

/// Excel's last row number.
pub(super) const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// Data rows that fit on one list sheet beside its header and totals rows.
pub const MAX_DATA_ROWS: u32 = EXCEL_MAX_ROWS - 2;

/// What every sheet is written with and from.
pub(super) struct Ctx<'a> {
    /// What the report is made of.
    pub(super) input: &'a ReportInput<'a>,
    pub(super) formats: Formats,
    /// The workbook's language (`input.lang`).
    pub(super) lang: Lang,
    /// The data rows a list sheet takes at most.
    pub(super) max_rows: u32,
}

impl<'a> Ctx<'a> {
    /// The formats made once, and at most `max_rows` rows a sheet.
    pub(super) fn new(input: &'a ReportInput<'a>, max_rows: u32) -> Ctx<'a> {
        Ctx {
            input,
            formats: Formats::new(),
            lang: input.lang,
            max_rows,
        }
    }

    /// The data rows a sheet takes.
    pub(super) fn rows_per_sheet(&self) -> u32 {
        rows_per_sheet(self.max_rows)
    }
}

/// What a column holds, which decides how its cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ColumnKind {
    Text,
    Money,
    Date,
    Int,
    /// A ratio, shown as a percentage.
    Rate,
    /// A column the accountant fills in: marked, and read back
    /// from `decisions/`; its cells are written blank.
    Input(editable::Input),
}

/// One column of a list sheet.
#[derive(Clone, Copy, Debug)]
pub(super) struct Column {
    pub(super) label: Label,
    pub(super) kind: ColumnKind,
    pub(super) width: f64,
}

pub(super) const fn col(label: Label, kind: ColumnKind, width: f64) -> Column {
    Column { label, kind, width }
}

/// The columns of `a` followed by those of `b`, for lists that begin
/// with the same columns. `N` is `A + B`, checked when the constant is
/// built.
pub(super) const fn concat<const A: usize, const B: usize, const N: usize>(
    a: [Column; A],
    b: [Column; B],
) -> [Column; N] {
    assert!(A + B == N, "a list's columns are those of both parts");
    let mut out = [col(Label::Total, ColumnKind::Text, 0.0); N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

/// True for a long text column, whose text wraps ([`print::WRAP_WIDTH`]).
pub(super) fn wraps(column: &Column) -> bool {
    column.kind == ColumnKind::Text && column.width >= print::WRAP_WIDTH
}

/// What a list sheet is called.
#[derive(Clone, Copy, Debug)]
pub(super) enum Name {
    /// A fixed name.
    Label(Label),
    /// The name of an invoice status: the status sheets.
    Status(InvoiceStatus),
}

/// A list sheet: what it is called, its columns, and whether its money
/// columns get a totals row. Every list of the workbook is written
/// through one, so all lists look and continue alike.
pub(super) struct List<'c> {
    name: Name,
    columns: &'c [Column],
    totals: bool,
}

impl<'c> List<'c> {
    /// A list with a totals row.
    pub(super) const fn new(name: Label, columns: &'c [Column]) -> List<'c> {
        List {
            name: Name::Label(name),
            columns,
            totals: true,
        }
    }

    /// The sheet of the invoices of one status.
    pub(super) const fn status(status: InvoiceStatus, columns: &'c [Column]) -> List<'c> {
        List {
            name: Name::Status(status),
            columns,
            totals: true,
        }
    }

    /// The same list without a totals row.
    pub(super) const fn without_totals(self) -> List<'c> {
        List {
            totals: false,
            ..self
        }
    }

    /// The name of its (first) sheet.
    pub(super) fn name(&self, lang: Lang) -> &'static str {
        match self.name {
            Name::Label(l) => text::label(l, lang),
            Name::Status(s) => text::invoice_status(s, lang),
        }
    }

    /// Writes `items` on one sheet, or on several ("name (2)", …) when
    /// they are more than a sheet takes (see [`List::fill`]). `cells` puts
    /// one item's cells into a buffer that is reused from row to row.
    pub(super) fn write<'a, T>(
        &self,
        wb: &mut Workbook,
        ctx: &Ctx<'_>,
        items: impl Iterator<Item = T>,
        mut cells: impl FnMut(T, &mut Vec<ListCell<'a>>),
    ) -> Result<(), XlsxError> {
        let mut items = items.peekable();
        let mut part = 1u32;
        loop {
            let ws = wb.add_worksheet_with_constant_memory()?;
            self.fill(ws, ctx, part, &mut items, &mut cells)?;
            part += 1;
            if items.peek().is_none() {
                return Ok(());
            }
        }
    }

    /// Fills sheets made beforehand (the attention sheets, made before the
    /// thread that fills them starts) as parts 1, 2, … of the list, and
    /// calls `after` on each once it is filled.
    pub(super) fn fill_parts<'a, T>(
        &self,
        sheets: &mut [Worksheet],
        ctx: &Ctx<'_>,
        mut items: impl Iterator<Item = T>,
        mut cells: impl FnMut(T, &mut Vec<ListCell<'a>>),
        mut after: impl FnMut(&mut Worksheet) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        for (part, ws) in (1u32..).zip(sheets.iter_mut()) {
            self.fill(ws, ctx, part, &mut items, &mut cells)?;
            after(ws)?;
        }
        Ok(())
    }

    /// Fills part `part` of the list (sheet "name", or "name (part)" after
    /// the first) with up to a sheet's rows of items: header row frozen,
    /// autofilter, widths, the euro or date format on money and date
    /// columns, and with `totals` a bold row of SUM formulas under each
    /// money column.
    fn fill<'a, T>(
        &self,
        ws: &mut Worksheet,
        ctx: &Ctx<'_>,
        part: u32,
        items: &mut impl Iterator<Item = T>,
        cells: &mut impl FnMut(T, &mut Vec<ListCell<'a>>),
    ) -> Result<(), XlsxError> {
        let (columns, totals, base) = (self.columns, self.totals, self.name(ctx.lang));
        let (f, lang) = (&ctx.formats, ctx.lang);
        let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
        let max_rows = ctx.rows_per_sheet();
        let mut row: Vec<ListCell<'a>> = Vec::with_capacity(columns.len());
        let name = if part == 1 {
            base.to_string()
        } else {
            format!("{base} ({part})")
        };
        ws.set_name(name)?;
        for (c, column) in columns.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            ws.set_column_width(c, column.width)?;
            match column.kind {
                ColumnKind::Money => {
                    ws.set_column_format(c, &f.money)?;
                }
                ColumnKind::Date => {
                    ws.set_column_format(c, &f.date)?;
                }
                ColumnKind::Rate => {
                    ws.set_column_format(c, &f.rate)?;
                }
                ColumnKind::Input(input) => editable::decorate(ws, c, input, lang)?,
                ColumnKind::Text if wraps(column) => {
                    ws.set_column_format(c, &f.wrap)?;
                }
                ColumnKind::Text | ColumnKind::Int => {}
            }
            if let ColumnKind::Input(_) = column.kind {
                ws.write_string_with_format(
                    0,
                    c,
                    text::label(column.label, lang),
                    &editable::header_format(),
                )?;
            } else {
                ws.write_string_with_format(0, c, text::label(column.label, lang), &f.header)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        let widths: Vec<f64> = columns.iter().map(|c| c.width).collect();
        let keys = columns
            .iter()
            .take_while(|c| c.kind == ColumnKind::Text)
            .count();
        print::list(ws, &print::layout(&widths, keys))?;
        let mut sums = vec![Money::ZERO; columns.len()];
        let mut n: u32 = 0;
        while n < max_rows {
            let Some(item) = items.next() else { break };
            n += 1;
            row.clear();
            cells(item, &mut row);
            // A wrapped text gets the lines it needs, in
            // the rows anyone prints.
            let mut lines = 1;
            if n <= print::TALL_ROWS {
                for (cell, column) in row.iter().zip(columns) {
                    if let (ListCell::Text(t), true) = (cell, wraps(column)) {
                        lines = lines.max(print::lines(t, column.width));
                    }
                }
            }
            if lines > 1 {
                ws.set_row_height(n, print::LINE_HEIGHT * lines as f64)?;
            }
            for (c, (cell, (column, sum))) in row
                .drain(..)
                .zip(columns.iter().zip(sums.iter_mut()))
                .enumerate()
            {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                // A cell is written as its column's kind says, so that it
                // gets the column's format; a mismatch is a bug here.
                debug_assert!(matches!(
                    (&cell, column.kind),
                    (ListCell::Blank, _)
                        | (ListCell::Text(_), ColumnKind::Text)
                        | (ListCell::Text(_), ColumnKind::Input(_))
                        | (
                            ListCell::Money(_),
                            ColumnKind::Input(editable::Input::Amount)
                        )
                        | (ListCell::Money(_), ColumnKind::Money)
                        | (ListCell::Date(_), ColumnKind::Date)
                        | (ListCell::Int(_), ColumnKind::Int)
                        | (ListCell::Rate(_), ColumnKind::Rate)
                ));
                if let ListCell::Money(m) = &cell {
                    *sum += *m;
                }
                write_cell(ws, n, c, cell)?;
            }
        }
        ws.autofilter(0, 0, n, last_col)?;
        for (c, column) in columns.iter().enumerate() {
            if let ColumnKind::Input(input) = column.kind {
                editable::finish_column(ws, u16::try_from(c).unwrap_or(u16::MAX), input, n, lang)?;
            }
        }
        if totals {
            let t = n + 1;
            ws.write_string_with_format(t, 0, text::label(Label::Total, lang), &f.total_label)?;
            for (c, (column, sum)) in columns.iter().zip(&sums).enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                if column.kind != ColumnKind::Money || c == 0 {
                    continue;
                }
                if n == 0 {
                    ws.write_number_with_format(t, c, 0.0, &f.total_money)?;
                } else {
                    ws.write_formula_with_format(t, c, sum_formula(c, 1, n, *sum), &f.total_money)?;
                }
            }
        }
        Ok(())
    }
}

/// The number of sheets [`List::write`] makes for `rows` rows: one even
/// for none.
pub(super) fn sheets_for(rows: usize, max_rows: u32) -> usize {
    let per_sheet = rows_per_sheet(max_rows) as usize;
    rows.div_ceil(per_sheet).max(1)
}

/// The data rows per sheet for a requested limit: at least one, at most
/// what fits beside the header and totals rows.
fn rows_per_sheet(max_rows: u32) -> u32 {
    max_rows.clamp(1, MAX_DATA_ROWS)
}
