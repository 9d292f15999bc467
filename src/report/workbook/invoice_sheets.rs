//! One sheet per invoice status (the overpaid one with the refund column,
//! the others with the write-off column, both pre-filled with the holds in
//! force) and the write-off list.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::outcome::InvoiceStatus;
use crate::report::ReportInput;
use crate::report::text::{self, Label};

use super::cells::{Cell, joined};
use super::list::{Column, Ctx, Kind, col, write_list};
use super::review;

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

/// Adds the status sheets, in the order of [`InvoiceStatus::ALL`], and the
/// write-off list.
pub(super) fn write(
    wb: &mut Workbook,
    ctx: &Ctx,
    input: &ReportInput<'_>,
) -> Result<(), XlsxError> {
    let lang = ctx.lang;
    // The holds in force, pre-filled with where they came from.
    let in_force = crate::report::decisions::InForce::of(input);
    for status in InvoiceStatus::ALL {
        let items = input.recon.invoices.iter().filter(|i| i.status == status);
        let refund = status == InvoiceStatus::Overpaid;
        let name = text::invoice_status(status, lang);
        let columns = if status == InvoiceStatus::Overpaid {
            &OVERPAID_COLUMNS
        } else {
            &INVOICE_COLUMNS
        };
        write_list(wb, ctx, name, columns, true, items, |i, row| {
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
                    Cell::owned(crate::report::decisions::hold_text(d, lang)),
                    Cell::owned(d.source.to_string()),
                ]),
                None => row.extend([Cell::Blank, Cell::Blank]),
            }
            row.push(Cell::owned(text::reason(&i.reason, lang)));
        })?;
    }

    let name = text::label(Label::CoulanceSheet, lang);
    let items = crate::report::journal::write_offs(input);
    write_list(wb, ctx, name, &COULANCE_COLUMNS, true, items, |i, row| {
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
    })?;
    Ok(())
}
