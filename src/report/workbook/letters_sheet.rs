//! The `Brieven` / `Letters` sheet: the letters of
//! `letters.csv`, one row per client and letter kind, laid out like the
//! other follow-up lists. The letters come from [`letters::list`], which
//! also makes the CSV file, so sheet and file never disagree. Money and
//! dates are numbers and dates here; the CSV file adds their texts for
//! mail merge.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::report::letters::{self, Letter};
use crate::report::text;

use crate::report::text::Label;

use super::cells::ListCell;
use super::list::{Column, ColumnKind, Ctx, List, col};

const LETTER_COLUMNS: [Column; 18] = [
    col(Label::Letter, ColumnKind::Text, 20.0),
    col(Label::ClientId, ColumnKind::Text, 12.0),
    col(Label::ClientName, ColumnKind::Text, 24.0),
    col(Label::Email, ColumnKind::Text, 24.0),
    col(Label::Address, ColumnKind::Text, 24.0),
    col(Label::Postcode, ColumnKind::Text, 9.0),
    col(Label::City, ColumnKind::Text, 16.0),
    col(Label::Invoices, ColumnKind::Text, 24.0),
    col(Label::InvoiceCount, ColumnKind::Int, 9.0),
    col(Label::OldestDueDate, ColumnKind::Date, 12.0),
    col(Label::DaysOverdue, ColumnKind::Int, 10.0),
    col(Label::Principal, ColumnKind::Money, 13.0),
    col(Label::CollectionCosts, ColumnKind::Money, 13.0),
    col(Label::Total, ColumnKind::Money, 13.0),
    col(Label::PayBy, ColumnKind::Date, 12.0),
    col(Label::PaymentReference, ColumnKind::Text, 20.0),
    col(Label::RefundDue, ColumnKind::Money, 13.0),
    col(Label::Note, ColumnKind::Text, 40.0),
];

const LETTERS: List = List::new(Label::LettersSheet, &LETTER_COLUMNS);

/// Adds the letters sheet to `wb`.
pub(super) fn write(wb: &mut Workbook, ctx: &Ctx<'_>) -> Result<(), XlsxError> {
    let input = ctx.input;
    let lang = ctx.lang;
    let list = letters::list(input);
    LETTERS.write(wb, ctx, list.iter(), |l: &Letter<'_>, row| {
        let c = &l.contact;
        let opt = |t: &Option<String>| ListCell::owned(t.clone().unwrap_or_default());
        row.extend([
            ListCell::text(text::letter_kind(l.kind, lang)),
            ListCell::text(l.client_id),
            ListCell::text(l.client_name),
            opt(&c.email),
            opt(&c.address),
            opt(&c.postcode),
            opt(&c.city),
            ListCell::owned(letters::invoice_numbers(l)),
            ListCell::Int(l.invoices.len() as i64),
            ListCell::Date(l.oldest_due_date),
            ListCell::Int(l.days_overdue),
            ListCell::Money(l.principal),
            ListCell::Money(l.collection_costs),
            ListCell::Money(l.total),
            ListCell::Date(l.pay_by),
            ListCell::owned(l.payment_reference.clone()),
            ListCell::Money(l.refund_due),
            ListCell::owned(letters::note(l, lang)),
        ]);
    })
}
