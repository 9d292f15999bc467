//! One sheet per invoice status (the overpaid one with the refund column,
//! the others with the write-off column, both pre-filled with the holds in
//! force) and the write-off list.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::outcome::{InvoiceOutcome, InvoiceStatus};
use crate::report::text::{self, Label};

use super::cells::{ListCell, joined};
use super::editable;
use super::list::{Column, ColumnKind, Ctx, List, col, concat};

/// The columns that name an invoice, first on every list of invoices
/// ([`invoice_key`]).
const INVOICE_KEY: [Column; 5] = [
    col(Label::InvoiceNumber, ColumnKind::Text, 16.0),
    col(Label::ClientId, ColumnKind::Text, 12.0),
    col(Label::ClientName, ColumnKind::Text, 26.0),
    col(Label::Insurer, ColumnKind::Text, 20.0),
    col(Label::InvoiceDate, ColumnKind::Date, 12.0),
];

const INVOICE_COLUMNS: [Column; 23] = concat(
    INVOICE_KEY,
    [
        col(Label::DueDate, ColumnKind::Date, 12.0),
        col(Label::DaysOverdue, ColumnKind::Int, 10.0),
        col(Label::Amount, ColumnKind::Money, 13.0),
        col(Label::Credited, ColumnKind::Money, 13.0),
        col(Label::Net, ColumnKind::Money, 13.0),
        col(Label::Paid, ColumnKind::Money, 13.0),
        col(Label::PaidByInsurer, ColumnKind::Money, 13.0),
        col(Label::Reimbursed, ColumnKind::Money, 13.0),
        col(Label::Deductible, ColumnKind::Money, 13.0),
        col(Label::Required, ColumnKind::Money, 13.0),
        col(Label::Coulance, ColumnKind::Money, 13.0),
        col(Label::Outstanding, ColumnKind::Money, 13.0),
        col(Label::PaymentIds, ColumnKind::Text, 30.0),
        col(Label::Specifications, ColumnKind::Text, 22.0),
        // After the specifications, as in invoices.csv.
        col(Label::Agent, ColumnKind::Text, 18.0),
        // The editable column before the reason: a long reason spills over
        // the empty cells to its right, and must not cover the cell the
        // accountant types in.
        col(
            Label::WriteOff,
            ColumnKind::Input(editable::Input::WriteOff),
            14.0,
        ),
        // Where the hold pre-filled beside it came from.
        col(Label::Prefilled, ColumnKind::Text, 30.0),
        col(Label::Reason, ColumnKind::Text, 70.0),
    ],
);

/// The overpaid sheet's columns: those of every status sheet, with
/// `Terugbetalen` / `Refund` where the others have `Afboeken` / `Write off`.
const OVERPAID_COLUMNS: [Column; 23] = {
    let mut columns = INVOICE_COLUMNS;
    columns[WRITE_OFF_COL] = col(
        Label::Refund,
        ColumnKind::Input(editable::Input::Refund),
        14.0,
    );
    columns
};

/// The column of `Afboeken` (or `Terugbetalen`) on the status sheets.
const WRITE_OFF_COL: usize = 20;

const COULANCE_COLUMNS: [Column; 12] = concat(
    INVOICE_KEY,
    [
        col(Label::Net, ColumnKind::Money, 13.0),
        col(Label::Reimbursed, ColumnKind::Money, 13.0),
        col(Label::Paid, ColumnKind::Money, 13.0),
        col(Label::Coulance, ColumnKind::Money, 13.0),
        col(Label::Specifications, ColumnKind::Text, 30.0),
        // The agent and its key for the invoice, so that the list can be
        // handed to the billing agent as it is.
        col(Label::Agent, ColumnKind::Text, 18.0),
        col(Label::AgentReference, ColumnKind::Text, 20.0),
    ],
);

/// The write-off list.
const COULANCE: List = List::new(Label::CoulanceSheet, &COULANCE_COLUMNS);

/// Adds the status sheets, in the order of [`InvoiceStatus::ALL`], and the
/// write-off list.
pub(super) fn write(wb: &mut Workbook, ctx: &Ctx<'_>) -> Result<(), XlsxError> {
    let input = ctx.input;
    let lang = ctx.lang;
    // The holds in force, pre-filled with where they came from.
    let in_force = crate::report::decisions::InForce::of(input);
    for status in InvoiceStatus::ALL {
        let items = input.recon.invoices.iter().filter(|i| i.status == status);
        let refund = status == InvoiceStatus::Overpaid;
        let columns: &[Column] = if refund {
            &OVERPAID_COLUMNS
        } else {
            &INVOICE_COLUMNS
        };
        List::status(status, columns).write(wb, ctx, items, |i, row| {
            row.extend(invoice_key(i));
            row.extend([
                ListCell::Date(i.due_date),
                ListCell::Int(i.days_overdue),
                ListCell::Money(i.amount),
                ListCell::Money(i.credited),
                ListCell::Money(i.net),
                ListCell::Money(i.paid),
                ListCell::Money(i.paid_by_insurer),
                ListCell::opt_money(i.reimbursed),
                ListCell::opt_money(i.deductible),
                ListCell::opt_money(i.required),
                ListCell::Money(i.coulance),
                ListCell::Money(i.outstanding),
                joined(&i.payments),
                joined(&i.specifications),
                ListCell::text(i.agent.as_deref().unwrap_or("")),
            ]);
            match in_force.holds.get(&(refund, i.number.as_str())) {
                Some(d) => row.extend([
                    ListCell::owned(crate::report::decisions::hold_text(d, lang)),
                    ListCell::owned(d.source.to_string()),
                ]),
                None => row.extend([ListCell::Blank, ListCell::Blank]),
            }
            row.push(ListCell::owned(text::reason(&i.reason, lang)));
        })?;
    }

    let items = crate::report::journal::write_offs(input);
    COULANCE.write(wb, ctx, items, |i, row| {
        row.extend(invoice_key(i));
        row.extend([
            ListCell::Money(i.net),
            ListCell::opt_money(i.reimbursed),
            ListCell::Money(i.paid),
            ListCell::Money(i.coulance),
            joined(&i.specifications),
            ListCell::text(i.agent.as_deref().unwrap_or("")),
            ListCell::text(i.agent_reference.as_deref().unwrap_or("")),
        ]);
    })?;
    Ok(())
}

/// The cells that name an invoice ([`INVOICE_KEY`]).
fn invoice_key(i: &InvoiceOutcome) -> [ListCell<'_>; 5] {
    [
        ListCell::text(&i.number),
        ListCell::text(&i.client_id),
        ListCell::text(&i.client_name),
        ListCell::text(i.insurer.as_deref().unwrap_or("")),
        ListCell::Date(i.invoice_date),
    ]
}
