//! List sheets: a header row of labelled columns, one row per item, a
//! totals row of SUM formulas under the money columns, and a continuation
//! sheet "… (2)" when a list is longer than Excel's rows. Written in
//! constant-memory mode, row by row, so a million rows do not sit in
//! memory.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::money::Money;
use crate::report::Lang;
use crate::report::text::{self, Label};

use super::cells::{Cell, sum_formula, write_cell};
use super::formats::Formats;
use super::{print, review};

/// Excel's last row number.
pub(super) const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// Data rows that fit on one list sheet beside its header and totals rows.
pub const MAX_DATA_ROWS: u32 = EXCEL_MAX_ROWS - 2;

/// What every list sheet is written with.
pub(super) struct Ctx {
    pub(super) formats: Formats,
    pub(super) lang: Lang,
    pub(super) max_rows: u32,
}

/// What a column holds, which decides how its cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Money,
    Date,
    Int,
    /// A ratio, shown as a percentage.
    Rate,
    /// A column the accountant fills in: marked, and read back
    /// from `decisions/`; its cells are written blank.
    Input(review::Input),
}

/// One column of a list sheet.
pub(super) struct Column {
    pub(super) label: Label,
    pub(super) kind: Kind,
    pub(super) width: f64,
}

pub(super) const fn col(label: Label, kind: Kind, width: f64) -> Column {
    Column { label, kind, width }
}

/// True for a long text column, whose text wraps ([`print::WRAP_WIDTH`]).
pub(super) fn wraps(column: &Column) -> bool {
    column.kind == Kind::Text && column.width >= print::WRAP_WIDTH
}

/// Writes a list on one sheet, or on several ("name (2)", …) when it is
/// longer than `max_rows` (see [`fill_sheet`]).
pub(super) fn write_list<'a, T>(
    wb: &mut Workbook,
    ctx: &Ctx,
    base: &str,
    columns: &[Column],
    totals: bool,
    items: impl Iterator<Item = T>,
    mut cells: impl FnMut(T, &mut Vec<Cell<'a>>),
) -> Result<(), XlsxError> {
    let mut items = items.peekable();
    let mut part = 1u32;
    loop {
        let ws = wb.add_worksheet_with_constant_memory()?;
        fill_sheet(ws, ctx, base, part, columns, totals, &mut items, &mut cells)?;
        part += 1;
        if items.peek().is_none() {
            return Ok(());
        }
    }
}

/// The number of sheets [`write_list`] makes for `rows` rows: one even for
/// none.
pub(super) fn sheets_for(rows: usize, max_rows: u32) -> usize {
    let per_sheet = ctx_max_rows(max_rows) as usize;
    rows.div_ceil(per_sheet).max(1)
}

/// The data rows per sheet for a requested limit: at least one, at most
/// what fits beside the header and totals rows.
pub(super) fn ctx_max_rows(max_rows: u32) -> u32 {
    max_rows.clamp(1, MAX_DATA_ROWS)
}

/// Fills part `part` of a list (sheet "base", or "base (part)" after the
/// first) with up to `max_rows` items: header row frozen, autofilter,
/// widths, the euro or date format on money and date columns, and when
/// `totals` a bold row of SUM formulas under each money column. `cells`
/// puts one item's cells into a buffer that is reused from row to row.
#[allow(clippy::too_many_arguments)]
pub(super) fn fill_sheet<'a, T>(
    ws: &mut Worksheet,
    ctx: &Ctx,
    base: &str,
    part: u32,
    columns: &[Column],
    totals: bool,
    items: &mut impl Iterator<Item = T>,
    cells: &mut impl FnMut(T, &mut Vec<Cell<'a>>),
) -> Result<(), XlsxError> {
    let (f, lang) = (&ctx.formats, ctx.lang);
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let max_rows = ctx_max_rows(ctx.max_rows);
    let mut row: Vec<Cell<'a>> = Vec::with_capacity(columns.len());
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
            Kind::Money => {
                ws.set_column_format(c, &f.money)?;
            }
            Kind::Date => {
                ws.set_column_format(c, &f.date)?;
            }
            Kind::Rate => {
                ws.set_column_format(c, &f.rate)?;
            }
            Kind::Input(input) => review::decorate(ws, c, input, lang)?,
            Kind::Text if wraps(column) => {
                ws.set_column_format(c, &f.wrap)?;
            }
            Kind::Text | Kind::Int => {}
        }
        if let Kind::Input(_) = column.kind {
            ws.write_string_with_format(
                0,
                c,
                text::label(column.label, lang),
                &review::header_format(),
            )?;
        } else {
            ws.write_string_with_format(0, c, text::label(column.label, lang), &f.header)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let widths: Vec<f64> = columns.iter().map(|c| c.width).collect();
    let keys = columns.iter().take_while(|c| c.kind == Kind::Text).count();
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
                if let (Cell::Text(t), true) = (cell, wraps(column)) {
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
                (Cell::Blank, _)
                    | (Cell::Text(_), Kind::Text)
                    | (Cell::Text(_), Kind::Input(_))
                    | (Cell::Money(_), Kind::Input(review::Input::Amount))
                    | (Cell::Money(_), Kind::Money)
                    | (Cell::Date(_), Kind::Date)
                    | (Cell::Int(_), Kind::Int)
                    | (Cell::Rate(_), Kind::Rate)
            ));
            if let Cell::Money(m) = &cell {
                *sum += *m;
            }
            write_cell(ws, n, c, cell)?;
        }
    }
    ws.autofilter(0, 0, n, last_col)?;
    for (c, column) in columns.iter().enumerate() {
        if let Kind::Input(input) = column.kind {
            review::finish_column(ws, u16::try_from(c).unwrap_or(u16::MAX), input, n, lang)?;
        }
    }
    if totals {
        let t = n + 1;
        ws.write_string_with_format(t, 0, text::label(Label::Total, lang), &f.total_label)?;
        for (c, (column, sum)) in columns.iter().zip(&sums).enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            if column.kind != Kind::Money || c == 0 {
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
