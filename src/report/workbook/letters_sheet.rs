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

use super::cells::CellValue;
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
        let opt = |t: &Option<String>| CellValue::owned(t.clone().unwrap_or_default());
        row.extend([
            CellValue::text(text::letter_kind(l.kind, lang)),
            CellValue::text(l.client_id),
            CellValue::text(l.client_name),
            opt(&c.email),
            opt(&c.address),
            opt(&c.postcode),
            opt(&c.city),
            CellValue::owned(letters::invoice_numbers(l)),
            CellValue::Int(l.invoices.len() as i64),
            CellValue::Date(l.oldest_due_date),
            CellValue::Int(l.days_overdue),
            CellValue::Money(l.principal),
            CellValue::Money(l.collection_costs),
            CellValue::Money(l.total),
            CellValue::Date(l.pay_by),
            CellValue::owned(l.payment_reference.clone()),
            CellValue::Money(l.refund_due),
            CellValue::owned(letters::note(l, lang)),
        ]);
    })
}
