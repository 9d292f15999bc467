//! The payments the accountant has to look at: those that need a decision
//! on the review sheet (`review.rs` adds the editable columns), those that
//! need none (reversed pairs, lines read twice) on a sheet of their own.
//! Their sheets are made up front and filled on the report's second thread.

use std::borrow::Cow;

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::outcome::{PaymentOutcome, PaymentStatus};
use crate::payment::BankLine;
use crate::report::text::{self, Label};
use crate::report::{Lang, ReportInput, csv_out};
use crate::text::mask_bsn;

use super::cells::ListCell;
use super::list::{Column, ColumnKind, Ctx, List, col, concat, sheets_for};
use super::review;

/// The columns of a payment on the attention sheets, its note aside
/// (the review sheet puts its editable columns between them).
pub(super) const PAYMENT_COLUMNS: [Column; 11] = [
    col(Label::Status, ColumnKind::Text, 14.0),
    col(Label::PaymentId, ColumnKind::Text, 24.0),
    col(Label::Source, ColumnKind::Text, 28.0),
    col(Label::BookingDate, ColumnKind::Date, 12.0),
    col(Label::Amount, ColumnKind::Money, 13.0),
    col(Label::CounterpartyIban, ColumnKind::Text, 22.0),
    col(Label::CounterpartyName, ColumnKind::Text, 26.0),
    col(Label::Description, ColumnKind::Text, 50.0),
    col(Label::Rule, ColumnKind::Text, 14.0),
    col(Label::InvoiceNumbers, ColumnKind::Text, 18.0),
    col(Label::Unallocated, ColumnKind::Money, 13.0),
];

/// The column of a payment's note, last.
pub(super) const NOTE_COLUMN: Column = col(Label::Note, ColumnKind::Text, 70.0);

/// The columns of the sheet of payments that need no decision.
const ATTENTION_COLUMNS: [Column; 12] = concat(PAYMENT_COLUMNS, [NOTE_COLUMN]);

/// The sheet of the payments that need no decision (reversed pairs,
/// lines read twice).
const REVERSED: List = List::new(Label::ReversedSheet, &ATTENTION_COLUMNS);

/// Payment statuses the accountant has to look at, in the order listed:
/// those that need a decision on the review sheet, then those that need
/// none (reversed pairs, lines read twice) on a sheet of their own.
pub(super) const ATTENTION: [PaymentStatus; 4] = [
    PaymentStatus::Unmatched,
    PaymentStatus::Suggested,
    PaymentStatus::Reversed,
    PaymentStatus::Duplicate,
];

/// How many of [`ATTENTION`] go on the review sheet.
pub(super) const TO_REVIEW: usize = 2;

/// The payments to look at, status by status in [`ATTENTION`] order (the
/// statuses `which` picks), each in ledger order.
/// `outcomes` is [`crate::report::outcome_per_line`].
pub(super) fn attention_rows<'a, 'o>(
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

/// Fills the attention sheets made by [`super::prepare`]; they go back to
/// [`super::finish`].
pub(in crate::report) fn fill_attention<'a>(
    mut sheets: Vec<Worksheet>,
    input: &ReportInput<'a>,
    max_rows: u32,
) -> Result<Vec<Worksheet>, XlsxError> {
    let lang = input.lang;
    let ctx = Ctx::new(input, max_rows);
    let outcomes = crate::report::outcome_per_line(input);
    let review_rows = attention_rows(input, &outcomes, ..TO_REVIEW).count();
    let split = sheets_for(review_rows, max_rows).min(sheets.len());
    let (to_review, others) = sheets.split_at_mut(split);
    review::fill_review(
        to_review,
        &ctx,
        input,
        attention_rows(input, &outcomes, ..TO_REVIEW),
    )?;
    REVERSED.fill_parts(
        others,
        &ctx,
        attention_rows(input, &outcomes, TO_REVIEW..),
        |(line, o): (&'a BankLine, &'a PaymentOutcome), row: &mut Vec<ListCell<'a>>| {
            payment_cells(line, o, lang, row);
        },
        |_| Ok(()),
    )?;
    // `prepare` counted the same rows, so none can be left over.
    Ok(sheets)
}

/// The cells of a payment on the attention sheets ([`ATTENTION_COLUMNS`]).
pub(super) fn payment_cells<'a>(
    line: &'a BankLine,
    o: &'a PaymentOutcome,
    lang: Lang,
    row: &mut Vec<ListCell<'a>>,
) {
    {
        row.extend([
            ListCell::text(text::payment_status(o.status, lang)),
            ListCell::text(&line.id),
            ListCell::owned(line.source.to_string()),
            ListCell::Date(line.booking_date),
            ListCell::Money(line.amount),
            ListCell::text(line.counterparty_iban.as_ref().map_or("", |i| i.as_str())),
            ListCell::Text(mask_bsn(&line.counterparty_name)),
            ListCell::Text(mask_bsn(&line.description)),
            ListCell::text(text::rule(o.rule, lang)),
            ListCell::owned(csv_out::allocated_invoices(o)),
            ListCell::Money(o.unallocated),
            ListCell::Text(Cow::Owned(mask_bsn(&text::note(o, lang)).into_owned())),
        ]);
    }
}
