//! A payment's columns and cells as the attention sheets list it: the
//! sheet of payments that need no decision and the review sheet, which
//! puts its editable columns between the payment's columns and its note.

use std::borrow::Cow;

use crate::outcome::PaymentOutcome;
use crate::payment::BankLine;
use crate::report::text::{self, Label};
use crate::report::{Lang, csv_out};
use crate::text::mask_bsn;

use super::cells::ListCell;
use super::list::{Column, ColumnKind, col};

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

/// The cells of a payment on the attention sheets (the payment's columns and its note).
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
