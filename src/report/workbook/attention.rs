//! The payments the accountant has to look at: those that need a decision
//! on the review sheet (`review.rs` adds the editable columns), those that
//! need none (reversed pairs, lines read twice) on a sheet of their own.
//! Their sheets are made up front and filled on the report's second thread.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::outcome::{PaymentOutcome, PaymentStatus};
use crate::payment::BankLine;
use crate::report::ReportInput;
use crate::report::text::Label;

use super::cells::ListCell;
use super::list::{Column, Ctx, List, concat, sheets_for};
use super::payment_columns::{NOTE_COLUMN, PAYMENT_COLUMNS, payment_cells};
use super::review;

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
