//! The `Brieven` / `Letters` sheet: the letters of
//! `letters.csv`, one row per client and letter kind, laid out like the
//! other follow-up lists. The letters come from [`letters::list`], which
//! also makes the CSV file, so sheet and file never disagree. Money and
//! dates are numbers and dates here; the CSV file adds their texts for
//! mail merge.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::report::letters::{self, Letter};
use crate::report::text;

use crate::report::ReportInput;
use crate::report::text::Label;

use super::cells::Cell;
use super::list::{Column, Ctx, Kind, col, write_list};

const LETTER_COLUMNS: [Column; 18] = [
    col(Label::Letter, Kind::Text, 20.0),
    col(Label::ClientId, Kind::Text, 12.0),
    col(Label::ClientName, Kind::Text, 24.0),
    col(Label::Email, Kind::Text, 24.0),
    col(Label::Address, Kind::Text, 24.0),
    col(Label::Postcode, Kind::Text, 9.0),
    col(Label::City, Kind::Text, 16.0),
    col(Label::Invoices, Kind::Text, 24.0),
    col(Label::InvoiceCount, Kind::Int, 9.0),
    col(Label::OldestDueDate, Kind::Date, 12.0),
    col(Label::DaysOverdue, Kind::Int, 10.0),
    col(Label::Principal, Kind::Money, 13.0),
    col(Label::CollectionCosts, Kind::Money, 13.0),
    col(Label::Total, Kind::Money, 13.0),
    col(Label::PayBy, Kind::Date, 12.0),
    col(Label::PaymentReference, Kind::Text, 20.0),
    col(Label::RefundDue, Kind::Money, 13.0),
    col(Label::Note, Kind::Text, 40.0),
];

/// Adds the letters sheet to `wb`.
pub(super) fn write(
    wb: &mut Workbook,
    ctx: &Ctx,
    input: &ReportInput<'_>,
) -> Result<(), XlsxError> {
    let lang = ctx.lang;
    let list = letters::list(input);
    write_list(
        wb,
        ctx,
        text::label(Label::LettersSheet, lang),
        &LETTER_COLUMNS,
        true,
        list.iter(),
        |l: &Letter<'_>, row| {
            let c = &l.contact;
            let opt = |t: &Option<String>| Cell::owned(t.clone().unwrap_or_default());
            row.extend([
                Cell::text(text::letter_kind(l.kind, lang)),
                Cell::text(l.client_id),
                Cell::text(l.client_name),
                opt(&c.email),
                opt(&c.address),
                opt(&c.postcode),
                opt(&c.city),
                Cell::owned(letters::invoice_numbers(l)),
                Cell::Int(l.invoices.len() as i64),
                Cell::Date(l.oldest_due_date),
                Cell::Int(l.days_overdue),
                Cell::Money(l.principal),
                Cell::Money(l.collection_costs),
                Cell::Money(l.total),
                Cell::Date(l.pay_by),
                Cell::owned(l.payment_reference.clone()),
                Cell::Money(l.refund_due),
                Cell::owned(letters::note(l, lang)),
            ]);
        },
    )
}
