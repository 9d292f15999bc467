//! `report.xlsx`, the accountant's workbook (docs/outputs.md): a summary sheet with
//! totals, checks, inputs and two charts; one sheet per invoice status; the
//! write-off list; the per-client, per-insurer and billing agent lists;
//! payments that need attention; input problems.
//!
//! Choices worth knowing:
//! - Money is written as a number with a euro format. This is the one place
//!   where a `Decimal` becomes an `f64`: a spreadsheet cell holds nothing
//!   else, and the exact amounts stay in the CSV and JSON files.
//! - Text is always written with `write_string`, never as a formula: bank
//!   descriptions come from strangers.
//! - List sheets are written in constant-memory mode (row by row, to a
//!   temporary file) so a million rows do not sit in memory, and a list
//!   longer than Excel's 1,048,576 rows continues on a sheet "… (2)".
//! - The creation date in the document properties is the as-of date, not
//!   the clock, so the same input gives the same bytes.

use std::borrow::Cow;
use std::path::Path;
use std::sync::mpsc::Receiver;

use anyhow::Context;
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, Format, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::money::Money;
use crate::outcome::{InvoiceStatus, PaymentOutcome, PaymentStatus};
use crate::payment::BankLine;
use crate::source::column_letters;
use crate::text::mask_bsn;

use super::csv_out;
use super::summary::{AGE_BUCKETS, Summary};
use super::text::{self, Label};
use super::{Lang, ReportInput};

mod agents_sheet;
mod bank_checks;
mod decisions_sheet;
mod follow_up;
mod letters_sheet;
mod print;
mod review;

/// Excel's last row number.
pub const EXCEL_MAX_ROWS: u32 = 1_048_576;

/// Data rows that fit on one list sheet beside its header and totals rows.
pub const MAX_DATA_ROWS: u32 = EXCEL_MAX_ROWS - 2;

/// Euro amounts, negative in red; `[$€-413]` is the euro sign of the Dutch
/// locale, which Excel and LibreOffice both understand.
pub const EURO_FORMAT: &str = "[$€-413] #,##0.00;[Red][$€-413] -#,##0.00";

/// Dates as ISO, unambiguous in both languages.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";

/// Ratios (reimbursement rates) as percentages.
pub const RATE_FORMAT: &str = "0.00%";

/// Excel's longest cell text, in UTF-16 units.
const MAX_TEXT_UNITS: usize = 32_767;

/// The cell formats, made once.
struct Formats {
    title: Format,
    heading: Format,
    header: Format,
    money: Format,
    date: Format,
    total_label: Format,
    total_money: Format,
    rate: Format,
    /// Long text (reason, note, problem) wrapped in its column.
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        let top = FormatBorder::Thin;
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_background_color(0xD9E1F2)
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format(EURO_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            total_label: Format::new().set_bold().set_border_top(top),
            total_money: Format::new()
                .set_bold()
                .set_border_top(top)
                .set_num_format(EURO_FORMAT),
            rate: Format::new().set_num_format(RATE_FORMAT),
            // Bottom-aligned as every other cell, so that the last line
            // of a wrapped text stands beside the row's invoice number.
            wrap: Format::new().set_text_wrap(),
        }
    }
}

/// What every list sheet is written with.
struct Ctx {
    formats: Formats,
    lang: Lang,
    max_rows: u32,
}

/// What a column holds, which decides how its cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
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
struct Column {
    label: Label,
    kind: Kind,
    width: f64,
}

const fn col(label: Label, kind: Kind, width: f64) -> Column {
    Column { label, kind, width }
}

/// One cell of a list sheet.
enum Cell<'a> {
    Text(Cow<'a, str>),
    Money(Money),
    Blank,
    Date(NaiveDate),
    Int(i64),
    Rate(rust_decimal::Decimal),
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }
    fn owned(s: String) -> Cell<'a> {
        Cell::Text(Cow::Owned(s))
    }
    fn opt_money(m: Option<Money>) -> Cell<'a> {
        m.map_or(Cell::Blank, Cell::Money)
    }
}

/// Several texts in one cell, `; `-separated: no allocation for none or one.
fn joined<'a>(parts: &'a [impl AsRef<str>]) -> Cell<'a> {
    match parts {
        [] => Cell::Blank,
        [one] => Cell::text(one.as_ref()),
        _ => {
            let mut s = String::new();
            for (n, p) in parts.iter().enumerate() {
                if n > 0 {
                    s.push_str("; ");
                }
                s.push_str(p.as_ref());
            }
            Cell::owned(s)
        }
    }
}

/// The number written for an amount. A `Decimal` always has an `f64`
/// approximation; 0 would only appear if that ever changed.
fn money_f64(m: Money) -> f64 {
    m.decimal().to_f64().unwrap_or_default()
}

/// Text cut to what a cell can hold (on a character boundary).
fn cell_text(s: &str) -> Cow<'_, str> {
    if s.len() <= MAX_TEXT_UNITS {
        // Fewer bytes than the limit means fewer UTF-16 units too.
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT_UNITS {
            end = i;
            break;
        }
    }
    match s.get(..end) {
        Some(t) if end < s.len() => Cow::Owned(t.to_string()),
        _ => Cow::Borrowed(s),
    }
}

fn write_text(ws: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string(row, col, cell_text(s))?;
    }
    Ok(())
}

/// Writes one cell of a list sheet. Money and date cells carry no format
/// of their own: their column has the euro or date format (set in
/// [`write_list`]), which rust_xlsxwriter gives a cell without a format of
/// its own, so each cell gets the same style as when written with the
/// format, without a hash of the whole `Format` per cell (that lookup was
/// an eighth of the workbook's time).
fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: Cell<'_>) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(Cow::Borrowed(s)) => write_text(ws, row, col, s)?,
        // An owned text is moved into the worksheet, not copied again.
        Cell::Text(Cow::Owned(s)) => match cell_text(&s) {
            Cow::Borrowed(_) if !s.is_empty() => {
                ws.write_string(row, col, s)?;
            }
            Cow::Borrowed(_) => {}
            Cow::Owned(cut) => {
                ws.write_string(row, col, cut)?;
            }
        },
        Cell::Money(m) => {
            ws.write_number(row, col, money_f64(m))?;
        }
        Cell::Blank => {}
        Cell::Date(d) => {
            ws.write_datetime(row, col, d)?;
        }
        Cell::Int(n) => {
            // Counts and day numbers are far below 2^53: exact as f64.
            ws.write_number(row, col, n as f64)?;
        }
        Cell::Rate(r) => {
            ws.write_number(row, col, r.to_f64().unwrap_or_default())?;
        }
    }
    Ok(())
}

/// A cell reference such as `H7` (row 0-based).
fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", column_letters(u32::from(col)), row + 1)
}

/// A SUM formula over `col` from `first` to `last` (0-based rows) with
/// its value cached, so readers that do not calculate see the total too.
fn sum_formula(col: u16, first: u32, last: u32, total: Money) -> Formula {
    Formula::new(format!(
        "=SUM({}:{})",
        cell_ref(first, col),
        cell_ref(last, col)
    ))
    .set_result(total.to_string())
}

/// True for a long text column, whose text wraps ([`print::WRAP_WIDTH`]).
fn wraps(column: &Column) -> bool {
    column.kind == Kind::Text && column.width >= print::WRAP_WIDTH
}

/// Writes a list on one sheet, or on several ("name (2)", …) when it is
/// longer than `max_rows` (see [`fill_sheet`]).
fn write_list<'a, T>(
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
fn sheets_for(rows: usize, max_rows: u32) -> usize {
    let per_sheet = ctx_max_rows(max_rows) as usize;
    rows.div_ceil(per_sheet).max(1)
}

/// The data rows per sheet for a requested limit: at least one, at most
/// what fits beside the header and totals rows.
fn ctx_max_rows(max_rows: u32) -> u32 {
    max_rows.clamp(1, MAX_DATA_ROWS)
}

/// Fills part `part` of a list (sheet "base", or "base (part)" after the
/// first) with up to `max_rows` items: header row frozen, autofilter,
/// widths, the euro or date format on money and date columns, and when
/// `totals` a bold row of SUM formulas under each money column. `cells`
/// puts one item's cells into a buffer that is reused from row to row.
#[allow(clippy::too_many_arguments)]
fn fill_sheet<'a, T>(
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

const INVOICE_COLUMNS: [Column; 23] = [
    col(Label::InvoiceNumber, Kind::Text, 16.0),
    col(Label::ClientId, Kind::Text, 12.0),
    col(Label::ClientName, Kind::Text, 26.0),
    col(Label::Insurer, Kind::Text, 20.0),
    col(Label::InvoiceDate, Kind::Date, 12.0),
    col(Label::DueDate, Kind::Date, 12.0),
    col(Label::DaysOverdue, Kind::Int, 10.0),
    col(Label::Amount, Kind::Money, 13.0),
    col(Label::Credited, Kind::Money, 13.0),
    col(Label::Net, Kind::Money, 13.0),
    col(Label::Paid, Kind::Money, 13.0),
    col(Label::PaidByInsurer, Kind::Money, 13.0),
    col(Label::Reimbursed, Kind::Money, 13.0),
    col(Label::Deductible, Kind::Money, 13.0),
    col(Label::Required, Kind::Money, 13.0),
    col(Label::Coulance, Kind::Money, 13.0),
    col(Label::Outstanding, Kind::Money, 13.0),
    col(Label::PaymentIds, Kind::Text, 30.0),
    col(Label::Specifications, Kind::Text, 22.0),
    // After the specifications, as in invoices.csv.
    col(Label::Agent, Kind::Text, 18.0),
    // The editable column before the reason: a long reason spills over
    // the empty cells to its right, and must not cover the cell the
    // accountant types in.
    col(Label::WriteOff, Kind::Input(review::Input::WriteOff), 14.0),
    // Where the hold pre-filled beside it came from.
    col(Label::Prefilled, Kind::Text, 30.0),
    col(Label::Reason, Kind::Text, 70.0),
];

/// The overpaid sheet's columns: those of every status sheet, with
/// `Terugbetalen` / `Refund` where the others have `Afboeken` / `Write off`.
const OVERPAID_COLUMNS: [Column; 23] = {
    let mut columns = INVOICE_COLUMNS;
    columns[WRITE_OFF_COL] = col(Label::Refund, Kind::Input(review::Input::Refund), 14.0);
    columns
};

/// The column of `Afboeken` (or `Terugbetalen`) on the status sheets.
const WRITE_OFF_COL: usize = 20;

const COULANCE_COLUMNS: [Column; 12] = [
    col(Label::InvoiceNumber, Kind::Text, 16.0),
    col(Label::ClientId, Kind::Text, 12.0),
    col(Label::ClientName, Kind::Text, 26.0),
    col(Label::Insurer, Kind::Text, 20.0),
    col(Label::InvoiceDate, Kind::Date, 12.0),
    col(Label::Net, Kind::Money, 13.0),
    col(Label::Reimbursed, Kind::Money, 13.0),
    col(Label::Paid, Kind::Money, 13.0),
    col(Label::Coulance, Kind::Money, 13.0),
    col(Label::Specifications, Kind::Text, 30.0),
    // The agent and its key for the invoice, so that the list can be
    // handed to the billing agent as it is.
    col(Label::Agent, Kind::Text, 18.0),
    col(Label::AgentReference, Kind::Text, 20.0),
];

const ATTENTION_COLUMNS: [Column; 12] = [
    col(Label::Status, Kind::Text, 14.0),
    col(Label::PaymentId, Kind::Text, 24.0),
    col(Label::Source, Kind::Text, 28.0),
    col(Label::BookingDate, Kind::Date, 12.0),
    col(Label::Amount, Kind::Money, 13.0),
    col(Label::CounterpartyIban, Kind::Text, 22.0),
    col(Label::CounterpartyName, Kind::Text, 26.0),
    col(Label::Description, Kind::Text, 50.0),
    col(Label::Rule, Kind::Text, 14.0),
    col(Label::InvoiceNumbers, Kind::Text, 18.0),
    col(Label::Unallocated, Kind::Money, 13.0),
    col(Label::Note, Kind::Text, 70.0),
];

const PROBLEM_COLUMNS: [Column; 4] = [
    col(Label::Source, Kind::Text, 36.0),
    col(Label::Severity, Kind::Text, 14.0),
    col(Label::Problem, Kind::Text, 70.0),
    col(Label::Value, Kind::Text, 40.0),
];

/// Payment statuses the accountant has to look at, in the order listed:
/// those that need a decision on the review sheet, then those that need
/// none (reversed pairs, lines read twice) on a sheet of their own.
pub const ATTENTION: [PaymentStatus; 4] = [
    PaymentStatus::Unmatched,
    PaymentStatus::Suggested,
    PaymentStatus::Reversed,
    PaymentStatus::Duplicate,
];

/// How many of [`ATTENTION`] go on the review sheet.
const TO_REVIEW: usize = 2;

/// A workbook about to be built: the attention sheets (payments to look at,
/// often the longest list) are filled on another thread than the rest, the
/// report's two threads each taking a share (see `report::write_all`).
pub(super) struct Book {
    wb: Workbook,
    max_rows: u32,
}

/// Creates the workbook and the empty attention sheets. Every cell format
/// is registered here, in a fixed order, so that the style numbers do not
/// depend on which thread writes a format first.
pub(super) fn prepare(
    dir: &Path,
    input: &ReportInput<'_>,
    max_rows: u32,
) -> anyhow::Result<(Book, Vec<Worksheet>)> {
    let mut wb = Workbook::new();
    // Level 3 (what Excel itself uses) instead of 6: a third less time for
    // a file some 5 % larger at a billing agent's scale. The zip stays
    // byte-for-byte the same between runs.
    wb.set_zip_compression_level(3);
    // Constant-memory sheets spool to temporary files; keep those (which
    // hold client data) beside the report rather than in a shared /tmp.
    wb.set_tempdir(dir).context("cannot build report.xlsx")?;
    // The order the first list sheet used to meet them in (its header, a
    // date and a money column, then the totals row), so the styles keep
    // their numbers. `register_format` is documented for exactly this:
    // constant-memory sheets written on several threads.
    let f = Formats::new();
    for format in [&f.header, &f.date, &f.money, &f.total_label, &f.total_money] {
        wb.register_format(format);
    }
    // The rate column of the per-insurer sheet, after the
    // others so that their numbers stay as they were.
    wb.register_format(&f.rate);
    for format in review::formats() {
        wb.register_format(&format);
    }
    // The wrapped long texts, after the others for the same
    // reason.
    wb.register_format(&f.wrap);
    let outcomes = super::outcome_per_line(input);
    let review = attention_rows(input, &outcomes, ..TO_REVIEW).count();
    let others = attention_rows(input, &outcomes, TO_REVIEW..).count();
    let count = sheets_for(review, max_rows) + sheets_for(others, max_rows);
    let sheets = (0..count)
        .map(|_| wb.new_worksheet_with_constant_memory())
        .collect::<Result<Vec<_>, _>>()
        .context("cannot build report.xlsx")?;
    Ok((Book { wb, max_rows }, sheets))
}

/// The payments to look at, status by status in [`ATTENTION`] order (the
/// statuses `which` picks), each in ledger order.
/// `outcomes` is [`super::outcome_per_line`].
fn attention_rows<'a, 'o>(
    input: &ReportInput<'a>,
    outcomes: &'o [Option<&'a PaymentOutcome>],
    which: impl std::slice::SliceIndex<[PaymentStatus], Output = [PaymentStatus]>,
) -> impl Iterator<Item = (&'a BankLine, &'a PaymentOutcome)> + 'o
where
    'a: 'o,
{
    let lines = &input.ledger.bank_lines;
    ATTENTION[which].iter().flat_map(move |status| {
        lines
            .iter()
            .zip(outcomes.iter().copied())
            .filter_map(move |(line, o)| o.filter(|o| o.status == *status).map(|o| (line, o)))
    })
}

/// Fills the attention sheets made by [`prepare`]; they go back to
/// [`finish`].
pub(super) fn fill_attention<'a>(
    mut sheets: Vec<Worksheet>,
    input: &ReportInput<'a>,
    max_rows: u32,
) -> Result<Vec<Worksheet>, XlsxError> {
    let lang = input.lang;
    let ctx = Ctx {
        formats: Formats::new(),
        lang,
        max_rows,
    };
    let outcomes = super::outcome_per_line(input);
    let review_rows = attention_rows(input, &outcomes, ..TO_REVIEW).count();
    let split = sheets_for(review_rows, max_rows).min(sheets.len());
    let (to_review, others) = sheets.split_at_mut(split);
    review::fill_review(
        to_review,
        &ctx,
        input,
        attention_rows(input, &outcomes, ..TO_REVIEW),
    )?;
    let name = text::label(Label::ReversedSheet, lang);
    let mut items = attention_rows(input, &outcomes, TO_REVIEW..);
    let mut cells = |(line, o): (&'a BankLine, &'a PaymentOutcome), row: &mut Vec<Cell<'a>>| {
        payment_cells(line, o, lang, row);
    };
    for (part, ws) in (1u32..).zip(others.iter_mut()) {
        fill_sheet(
            ws,
            &ctx,
            name,
            part,
            &ATTENTION_COLUMNS,
            true,
            &mut items,
            &mut cells,
        )?;
    }
    // `prepare` counted the same rows, so none can be left over.
    Ok(sheets)
}

/// The cells of a payment on the attention sheets ([`ATTENTION_COLUMNS`]).
fn payment_cells<'a>(
    line: &'a BankLine,
    o: &'a PaymentOutcome,
    lang: Lang,
    row: &mut Vec<Cell<'a>>,
) {
    {
        row.extend([
            Cell::text(text::payment_status(o.status, lang)),
            Cell::text(&line.id),
            Cell::owned(line.source.to_string()),
            Cell::Date(line.booking_date),
            Cell::Money(line.amount),
            Cell::text(line.counterparty_iban.as_ref().map_or("", |i| i.as_str())),
            Cell::Text(mask_bsn(&line.counterparty_name)),
            Cell::Text(mask_bsn(&line.description)),
            Cell::text(text::rule(o.rule, lang)),
            Cell::owned(csv_out::allocated_invoices(o)),
            Cell::Money(o.unallocated),
            Cell::Text(Cow::Owned(mask_bsn(&text::note(o, lang)).into_owned())),
        ]);
    }
}

/// `report.xlsx` written on one thread with a smaller row limit per sheet,
/// so that the continuation sheets can be tested without a million rows.
#[cfg(test)]
pub(super) fn write_with_limit(
    dir: &Path,
    input: &ReportInput<'_>,
    summary: &Summary,
    max_rows: u32,
) -> anyhow::Result<()> {
    let (book, sheets) = prepare(dir, input, max_rows)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let (summary_tx, summary_rx) = std::sync::mpsc::channel();
    // The receivers are alive until `finish` returns.
    let _ = tx.send(fill_attention(sheets, input, max_rows));
    let _ = summary_tx.send(summary);
    finish(dir, book, input, &summary_rx, &rx)
}

/// Builds every other sheet, takes the attention sheets from `attention`
/// and the summary from `summary` when their turn comes, and saves
/// `report.xlsx` into `dir`. Its errors do not name the file: the caller
/// does.
pub(super) fn finish(
    dir: &Path,
    book: Book,
    input: &ReportInput<'_>,
    summary: &Receiver<&Summary>,
    attention: &Receiver<Result<Vec<Worksheet>, XlsxError>>,
) -> anyhow::Result<()> {
    // The caller names the file in the error.
    let mut wb = build(book, input, summary, attention)?;
    let file = crate::private::create_file(&dir.join("report.xlsx"))?;
    wb.save_to_writer(std::io::BufWriter::new(file))?;
    Ok(())
}

fn build(
    book: Book,
    input: &ReportInput<'_>,
    summary: &Receiver<&Summary>,
    attention: &Receiver<Result<Vec<Worksheet>, XlsxError>>,
) -> Result<Workbook, XlsxError> {
    let Book { mut wb, max_rows } = book;
    let lang = input.lang;
    let ctx = Ctx {
        formats: Formats::new(),
        lang,
        max_rows,
    };
    let created = input.as_of.and_time(NaiveTime::MIN);
    let props = DocProperties::new()
        .set_title(format!(
            "{} {} {}",
            text::label(Label::Title, lang),
            input.policy.provider_name,
            input.as_of
        ))
        .set_author("zorgrecon")
        .set_creation_datetime(&created);
    wb.set_properties(&props);

    // The summary sheet comes first but is filled last: the summary is
    // made on the other thread while the lists are written. It is an
    // ordinary (in-memory) sheet, so when its cells are written does not
    // change its bytes.
    wb.add_worksheet();

    // The holds in force, pre-filled with where they came from.
    let in_force = super::decisions::InForce::of(input);
    for status in InvoiceStatus::ALL {
        let items = input.recon.invoices.iter().filter(|i| i.status == status);
        let refund = status == InvoiceStatus::Overpaid;
        let name = text::invoice_status(status, lang);
        let columns = if status == InvoiceStatus::Overpaid {
            &OVERPAID_COLUMNS
        } else {
            &INVOICE_COLUMNS
        };
        write_list(&mut wb, &ctx, name, columns, true, items, |i, row| {
            row.extend([
                Cell::text(&i.number),
                Cell::text(&i.client_id),
                Cell::text(&i.client_name),
                Cell::text(i.insurer.as_deref().unwrap_or("")),
                Cell::Date(i.invoice_date),
                Cell::Date(i.due_date),
                Cell::Int(i.days_overdue),
                Cell::Money(i.amount),
                Cell::Money(i.credited),
                Cell::Money(i.net),
                Cell::Money(i.paid),
                Cell::Money(i.paid_by_insurer),
                Cell::opt_money(i.reimbursed),
                Cell::opt_money(i.deductible),
                Cell::opt_money(i.required),
                Cell::Money(i.coulance),
                Cell::Money(i.outstanding),
                joined(&i.payments),
                joined(&i.specifications),
                Cell::text(i.agent.as_deref().unwrap_or("")),
            ]);
            match in_force.holds.get(&(refund, i.number.as_str())) {
                Some(d) => row.extend([
                    Cell::owned(super::decisions::hold_text(d, lang)),
                    Cell::owned(d.source.to_string()),
                ]),
                None => row.extend([Cell::Blank, Cell::Blank]),
            }
            row.push(Cell::owned(text::reason(&i.reason, lang)));
        })?;
    }

    let name = text::label(Label::CoulanceSheet, lang);
    let items = super::journal::write_offs(input);
    write_list(
        &mut wb,
        &ctx,
        name,
        &COULANCE_COLUMNS,
        true,
        items,
        |i, row| {
            row.extend([
                Cell::text(&i.number),
                Cell::text(&i.client_id),
                Cell::text(&i.client_name),
                Cell::text(i.insurer.as_deref().unwrap_or("")),
                Cell::Date(i.invoice_date),
                Cell::Money(i.net),
                Cell::opt_money(i.reimbursed),
                Cell::Money(i.paid),
                Cell::Money(i.coulance),
                joined(&i.specifications),
                Cell::text(i.agent.as_deref().unwrap_or("")),
                Cell::text(i.agent_reference.as_deref().unwrap_or("")),
            ]);
        },
    )?;

    // Per client, specification missing, per insurer.
    follow_up::write(&mut wb, &ctx, input)?;
    // The billing agents' payout batches, beside the other
    // follow-up lists.
    agents_sheet::write(&mut wb, &ctx, input)?;
    // The letters to clients, after the lists they are made of.
    letters_sheet::write(&mut wb, &ctx, input)?;

    // The attention sheets, filled on another thread (see [`Prepared`]),
    // go between the write-offs and the problems.
    log::debug!("workbook lists written; waiting for the attention sheets");
    match attention.recv() {
        Ok(Ok(sheets)) => {
            for ws in sheets {
                wb.push_worksheet(ws);
            }
        }
        Ok(Err(e)) => return Err(e),
        // The other thread stopped without sending them (its own error is
        // reported); without them there is no report to write. The same
        // holds for the summary.
        Err(_) => {
            return Err(XlsxError::ParameterError(
                "the attention sheets were not written".into(),
            ));
        }
    }
    decisions_sheet::write(&mut wb, &ctx, input)?;

    let name = text::label(Label::ProblemsSheet, lang);
    write_list(
        &mut wb,
        &ctx,
        name,
        &PROBLEM_COLUMNS,
        false,
        input.problems.iter(),
        |p, row| {
            row.extend([
                Cell::owned(p.source.to_string()),
                Cell::text(text::severity(p.severity, lang)),
                Cell::owned(text::problem(&p.kind, lang)),
                Cell::Text(mask_bsn(&p.value)),
            ]);
        },
    )?;

    let Ok(summary) = summary.recv() else {
        // As for the attention sheets below.
        return Err(XlsxError::ParameterError("the summary was not made".into()));
    };
    write_summary(wb.worksheet_from_index(0)?, &ctx.formats, input, summary)?;
    print::apply(&mut wb, input)?;
    log::debug!("workbook sheets complete; compressing");
    Ok(wb)
}

/// The summary sheet: a small, fixed layout written in normal mode (the
/// charts refer to its cells).
/// A summary-sheet section: its heading on row `r`, its column labels on
/// the next row. Returns the row of the labels.
fn section(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    r: u32,
    heading: Label,
    heads: &[Label],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(r, 0, text::label(heading, lang), &f.heading)?;
    for (c, l) in heads.iter().enumerate() {
        ws.write_string_with_format(r + 1, c as u16, text::label(*l, lang), &f.header)?;
    }
    Ok(r + 1)
}

fn write_summary(
    ws: &mut Worksheet,
    f: &Formats,
    input: &ReportInput<'_>,
    s: &Summary,
) -> Result<(), XlsxError> {
    let lang = input.lang;
    let sheet_name = text::label(Label::SummarySheet, lang);
    ws.set_name(sheet_name)?;
    ws.set_column_width(0, 34.0)?;
    for c in 1..=7 {
        ws.set_column_width(c, 16.0)?;
    }
    ws.set_column_width(8, 66.0)?;

    let t = |l: Label| text::label(l, lang);
    ws.write_string_with_format(0, 0, t(Label::Title), &f.title)?;
    ws.write_string_with_format(1, 0, t(Label::AsOf), &f.total_label)?;
    ws.write_datetime_with_format(1, 1, input.as_of, &f.date)?;
    ws.write_string_with_format(2, 0, t(Label::Provider), &f.total_label)?;
    write_text(ws, 2, 1, &s.provider)?;

    // Invoices per status.
    let heads = [
        Label::Status,
        Label::Count,
        Label::Net,
        Label::Paid,
        Label::Coulance,
        Label::Outstanding,
    ];
    let mut r = section(ws, f, lang, 4, Label::Invoices, &heads)?;
    let inv_first = r + 1;
    for status in InvoiceStatus::ALL {
        r += 1;
        let tot = s
            .invoices
            .by_status
            .get(status.as_str())
            .copied()
            .unwrap_or_default();
        ws.write_string(r, 0, text::invoice_status(status, lang))?;
        ws.write_number(r, 1, tot.count as f64)?;
        for (c, m) in [
            (2, tot.net),
            (3, tot.paid),
            (4, tot.coulance),
            (5, tot.outstanding),
        ] {
            ws.write_number_with_format(r, c, money_f64(m), &f.money)?;
        }
    }
    let inv_last = r;
    r += 1;
    let all = s.invoices.total;
    ws.write_string_with_format(r, 0, t(Label::Total), &f.total_label)?;
    ws.write_formula_with_format(
        r,
        1,
        Formula::new(format!(
            "=SUM({}:{})",
            cell_ref(inv_first, 1),
            cell_ref(inv_last, 1)
        ))
        .set_result(all.count.to_string()),
        &f.total_label,
    )?;
    for (c, m) in [
        (2, all.net),
        (3, all.paid),
        (4, all.coulance),
        (5, all.outstanding),
    ] {
        ws.write_formula_with_format(r, c, sum_formula(c, inv_first, inv_last, m), &f.total_money)?;
    }

    // Payments per status.
    let heads = [
        Label::Status,
        Label::CreditsCount,
        Label::CreditsAmount,
        Label::DebitsCount,
        Label::DebitsAmount,
    ];
    r = section(ws, f, lang, r + 2, Label::Payments, &heads)?;
    let pay_first = r + 1;
    for status in PaymentStatus::ALL {
        r += 1;
        let tot = s
            .payments
            .by_status
            .get(status.as_str())
            .copied()
            .unwrap_or_default();
        ws.write_string(r, 0, text::payment_status(status, lang))?;
        ws.write_number(r, 1, tot.credits.count as f64)?;
        ws.write_number_with_format(r, 2, money_f64(tot.credits.amount), &f.money)?;
        ws.write_number(r, 3, tot.debits.count as f64)?;
        ws.write_number_with_format(r, 4, money_f64(tot.debits.amount), &f.money)?;
    }
    let pay_last = r;
    r += 1;
    let all = s.payments.total;
    ws.write_string_with_format(r, 0, t(Label::Total), &f.total_label)?;
    for (c, count) in [(1u16, all.credits.count), (3, all.debits.count)] {
        let formula = Formula::new(format!(
            "=SUM({}:{})",
            cell_ref(pay_first, c),
            cell_ref(pay_last, c)
        ))
        .set_result(count.to_string());
        ws.write_formula_with_format(r, c, formula, &f.total_label)?;
    }
    for (c, m) in [(2u16, all.credits.amount), (4, all.debits.amount)] {
        ws.write_formula_with_format(r, c, sum_formula(c, pay_first, pay_last, m), &f.total_money)?;
    }

    // Conservation check: both sides and whether they meet.
    let c = &s.conservation;
    r += 2;
    ws.write_string_with_format(r, 0, t(Label::Conservation), &f.heading)?;
    r += 1;
    let read_row = r;
    ws.write_string(r, 0, t(Label::CreditsRead))?;
    ws.write_number_with_format(r, 1, money_f64(c.credits_read), &f.money)?;
    let parts_first = r + 1;
    for (l, m) in [
        (Label::Allocated, c.allocated),
        (Label::Unallocated, c.unallocated),
        (Label::Ignored, c.ignored),
        (Label::Duplicate, c.duplicate),
        (Label::Reversed, c.reversed),
    ] {
        r += 1;
        ws.write_string(r, 0, t(l))?;
        ws.write_number_with_format(r, 1, money_f64(m), &f.money)?;
    }
    let parts_last = r;
    r += 1;
    let accounted_row = r;
    ws.write_string_with_format(r, 0, t(Label::AccountedFor), &f.total_label)?;
    ws.write_formula_with_format(
        r,
        1,
        sum_formula(1, parts_first, parts_last, c.accounted),
        &f.total_money,
    )?;
    r += 1;
    ws.write_string(r, 0, t(Label::Difference))?;
    ws.write_formula_with_format(
        r,
        1,
        Formula::new(format!(
            "={}-{}",
            cell_ref(read_row, 1),
            cell_ref(accounted_row, 1)
        ))
        .set_result(c.difference.to_string()),
        &f.money,
    )?;
    r += 1;
    ws.write_string(r, 0, t(Label::Balanced))?;
    let yes_no = if c.balanced { Label::Yes } else { Label::No };
    ws.write_string_with_format(r, 1, t(yes_no), &f.total_label)?;

    // The same per billing agent, only when there is one.
    if !s.agents.is_empty() {
        r = agents_sheet::write_checks(ws, f, lang, r + 2, &s.agents)?;
    }

    // Open money by age.
    let heads = [Label::DaysOverdue, Label::Count, Label::Outstanding];
    r = section(ws, f, lang, r + 2, Label::OpenByAge, &heads)?;
    let age_first = r + 1;
    for (key, _, _) in AGE_BUCKETS {
        r += 1;
        let b = s.open_by_age.get(key).copied().unwrap_or_default();
        // Not yet due in words, the others as their day range.
        let label = match key {
            "not_due" => t(Label::OwedNotDue).to_string(),
            _ => key.replace('-', "–"),
        };
        ws.write_string(r, 0, label)?;
        ws.write_number(r, 1, b.count as f64)?;
        ws.write_number_with_format(r, 2, money_f64(b.outstanding), &f.money)?;
    }
    let age_last = r;

    // Input problems by severity.
    r += 2;
    ws.write_string_with_format(r, 0, t(Label::InputProblems), &f.heading)?;
    r += 1;
    ws.write_string(r, 0, t(Label::Errors))?;
    ws.write_number(r, 1, s.problems.error as f64)?;
    r += 1;
    ws.write_string(r, 0, t(Label::Warnings))?;
    ws.write_number(r, 1, s.problems.warning as f64)?;

    // Changes since the previous report.
    if let Some(changes) = &s.changes {
        r += 2;
        ws.write_string_with_format(r, 0, t(Label::ChangesSince), &f.heading)?;
        write_text(ws, r, 1, &changes.previous)?;
        for (kind, n) in &changes.counts {
            r += 1;
            ws.write_string(r, 0, text::change_kind(kind, lang))?;
            ws.write_number(r, 1, *n as f64)?;
        }
    }

    // Inputs read.
    let heads = [
        Label::File,
        Label::Kind,
        Label::Format,
        Label::RowsRead,
        Label::RowsRejected,
        Label::RowsInOutputs,
        Label::Errors,
        Label::Warnings,
        Label::Checksum,
    ];
    r = section(ws, f, lang, r + 2, Label::InputsRead, &heads)?;
    for (file, rows) in s.inputs.iter().zip(&s.rows.files) {
        r += 1;
        write_text(ws, r, 0, &file.path)?;
        ws.write_string(r, 1, text::input_kind(file.kind, lang))?;
        write_text(ws, r, 2, &file.format)?;
        ws.write_number(r, 3, file.rows_read as f64)?;
        ws.write_number(r, 4, file.rows_rejected as f64)?;
        ws.write_number(r, 5, rows.rows_in_outputs as f64)?;
        ws.write_number(r, 6, rows.errors as f64)?;
        ws.write_number(r, 7, rows.warnings as f64)?;
        write_text(ws, r, 8, &file.sha256)?;
    }
    bank_checks::write(ws, f, lang, r + 2, s)?;

    // Charts beside the tables, fed from the cells above.
    let mut by_status = Chart::new(ChartType::Column);
    by_status
        .add_series()
        .set_categories((sheet_name, inv_first, 0, inv_last, 0))
        .set_values((sheet_name, inv_first, 2, inv_last, 2));
    by_status.title().set_name(t(Label::ChartByStatus));
    by_status.legend().set_hidden();
    by_status.y_axis().set_num_format("€ #,##0");
    ws.insert_chart(4, 9, &by_status)?;

    let mut by_age = Chart::new(ChartType::Column);
    by_age
        .add_series()
        .set_categories((sheet_name, age_first, 0, age_last, 0))
        .set_values((sheet_name, age_first, 2, age_last, 2));
    by_age.title().set_name(t(Label::ChartByAge));
    by_age.legend().set_hidden();
    by_age.y_axis().set_num_format("€ #,##0");
    ws.insert_chart(21, 9, &by_age)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_a_cell_holds() {
        let s = "é".repeat(40_000);
        let cut = cell_text(&s);
        assert_eq!(cut.encode_utf16().count(), MAX_TEXT_UNITS);
        assert_eq!(cell_text("short"), "short");
        // A character outside the BMP takes two units and is not split.
        let s = format!("{}😀", "a".repeat(MAX_TEXT_UNITS - 1));
        assert_eq!(cell_text(&s).encode_utf16().count(), MAX_TEXT_UNITS - 1);
    }

    #[test]
    fn long_lists_continue_on_numbered_sheets() {
        use crate::config::Policy;
        use crate::ledger::Ledger;
        use crate::outcome::Reconciliation;
        use crate::problem::Problem;
        use crate::report::{ReportInput, summary};
        use crate::source::Source;
        use calamine::{Reader, Xlsx, open_workbook};

        let path: std::sync::Arc<str> = std::sync::Arc::from("bank/x.csv");
        let problems: Vec<Problem> = (1..=5)
            .map(|n| {
                Problem::error(
                    Source::line(&path, n),
                    crate::problem::ProblemKind::OverrideNotRead,
                    "",
                )
            })
            .collect();
        let policy = Policy::default();
        let ledger = Ledger::default();
        let recon = Reconciliation::default();
        let input = ReportInput {
            as_of: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            policy: &policy,
            ledger: &ledger,
            recon: &recon,
            files: &[],
            problems: &problems,
            lang: Lang::En,
            changes: None,
            handed: None,
        };
        let dir = tempfile::tempdir().unwrap();
        let s = summary::build(&input);
        write_with_limit(dir.path(), &input, &s, 2).unwrap();
        let mut wb: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
        let names = wb.sheet_names();
        let tail: Vec<&str> = names
            .iter()
            .rev()
            .take(3)
            .rev()
            .map(String::as_str)
            .collect();
        assert_eq!(
            tail,
            ["Input problems", "Input problems (2)", "Input problems (3)"]
        );
        let mut rows = 0;
        for name in tail {
            let range = wb.worksheet_range(name).unwrap();
            assert_eq!(
                range.get_value((0, 0)),
                Some(&calamine::Data::String("Source".into()))
            );
            rows += range.height() - 1;
        }
        assert_eq!(rows, 5, "every row once, each sheet with a header");
        // A list that exactly fills its sheets gets no empty extra sheet.
        let dir = tempfile::tempdir().unwrap();
        write_with_limit(dir.path(), &input, &s, 5).unwrap();
        let wb: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
        assert_eq!(
            wb.sheet_names().last().map(String::as_str),
            Some("Input problems")
        );
    }

    #[test]
    fn cell_refs_are_a1_style() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 7), "H7");
        assert_eq!(cell_ref(1_048_575, 26), "AA1048576");
    }
}
