//! The three sheets an accountant acts on: `Per cliënt` (the
//! debtor list with ageing), `Specificatie ontbreekt` (whom to ask for
//! their insurer's specification) and `Per verzekeraar` (reimbursement rate
//! and coulance per insurer, with a chart of the rate). The figures come
//! from [`by_client`], [`spec_missing`] and [`by_insurer`], which also make
//! the CSV files, so sheet and file never disagree; this module only lays
//! them out.

use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};

use crate::report::by_client::{self, ClientRow};
use crate::report::by_insurer::{self, InsurerRow};
use crate::report::spec_missing::{self, ToChase};

use crate::report::text::{self, Label};

use super::cells::ListCell;
use super::list::{Column, ColumnKind, Ctx, List, col};

const CLIENT_COLUMNS: [Column; 14] = [
    col(Label::ClientId, ColumnKind::Text, 12.0),
    col(Label::ClientName, ColumnKind::Text, 26.0),
    col(Label::InvoicesOpen, ColumnKind::Int, 10.0),
    col(Label::Owed, ColumnKind::Money, 13.0),
    col(Label::OwedNotDue, ColumnKind::Money, 13.0),
    col(Label::Owed1To30, ColumnKind::Money, 13.0),
    col(Label::Owed31To60, ColumnKind::Money, 13.0),
    col(Label::Owed61To90, ColumnKind::Money, 13.0),
    col(Label::Owed90Plus, ColumnKind::Money, 13.0),
    col(Label::ToRefund, ColumnKind::Money, 13.0),
    col(Label::Coulance, ColumnKind::Money, 13.0),
    col(Label::AwaitingSpecification, ColumnKind::Int, 12.0),
    col(Label::OldestDaysOverdue, ColumnKind::Int, 12.0),
    col(Label::LastPaymentDate, ColumnKind::Date, 12.0),
];

const SPEC_MISSING_COLUMNS: [Column; 12] = [
    col(Label::InvoiceNumber, ColumnKind::Text, 16.0),
    col(Label::ClientId, ColumnKind::Text, 12.0),
    col(Label::ClientName, ColumnKind::Text, 26.0),
    col(Label::ClientIban, ColumnKind::Text, 24.0),
    col(Label::Insurer, ColumnKind::Text, 20.0),
    col(Label::InvoiceDate, ColumnKind::Date, 12.0),
    col(Label::DueDate, ColumnKind::Date, 12.0),
    col(Label::DaysOverdue, ColumnKind::Int, 10.0),
    col(Label::Amount, ColumnKind::Money, 13.0),
    col(Label::Net, ColumnKind::Money, 13.0),
    col(Label::Paid, ColumnKind::Money, 13.0),
    col(Label::Outstanding, ColumnKind::Money, 13.0),
];

/// The column of the rate, which the chart plots.
const RATE_COLUMN: u16 = 6;

const INSURER_COLUMNS: [Column; 12] = [
    col(Label::Insurer, ColumnKind::Text, 22.0),
    col(Label::Invoices, ColumnKind::Int, 10.0),
    col(Label::Net, ColumnKind::Money, 13.0),
    col(Label::WithSpecification, ColumnKind::Int, 12.0),
    col(Label::NetWithSpecification, ColumnKind::Money, 14.0),
    col(Label::Reimbursed, ColumnKind::Money, 13.0),
    col(Label::ReimbursementRate, ColumnKind::Rate, 14.0),
    col(Label::Deductible, ColumnKind::Money, 13.0),
    col(Label::Coulance, ColumnKind::Money, 13.0),
    col(Label::FloorApplied, ColumnKind::Int, 14.0),
    col(Label::AwaitingSpecification, ColumnKind::Int, 12.0),
    col(Label::PaidByInsurer, ColumnKind::Money, 14.0),
];

const CLIENTS: List = List::new(Label::ClientsSheet, &CLIENT_COLUMNS);
const SPEC_MISSING: List = List::new(Label::SpecMissingSheet, &SPEC_MISSING_COLUMNS);
const INSURERS: List = List::new(Label::InsurersSheet, &INSURER_COLUMNS);

/// Adds the three sheets, in this order, to `wb`.
pub(super) fn write(wb: &mut Workbook, ctx: &Ctx<'_>) -> Result<(), XlsxError> {
    let input = ctx.input;
    let lang = ctx.lang;
    let clients = by_client::rows(input);
    CLIENTS.write(wb, ctx, clients.iter(), |r: &ClientRow<'_>, row| {
        row.extend([
            ListCell::text(r.client_id),
            ListCell::text(r.client_name),
            ListCell::Int(r.invoices_open as i64),
            ListCell::Money(r.owed),
        ]);
        row.extend(r.owed_by_age.map(ListCell::Money));
        row.extend([
            ListCell::Money(r.to_refund),
            ListCell::Money(r.coulance),
            ListCell::Int(r.awaiting_specification as i64),
            r.oldest_days_overdue.map_or(ListCell::Blank, ListCell::Int),
            r.last_payment_date.map_or(ListCell::Blank, ListCell::Date),
        ]);
    })?;

    let chase = spec_missing::list(input);
    SPEC_MISSING.write(wb, ctx, chase.iter(), |c: &ToChase<'_>, row| {
        let i = c.invoice;
        let ibans: Vec<&str> = c.client_ibans.iter().map(|x| x.as_str()).collect();
        row.extend([
            ListCell::text(&i.number),
            ListCell::text(&i.client_id),
            ListCell::text(&i.client_name),
            ListCell::owned(ibans.join("; ")),
            ListCell::text(i.insurer.as_deref().unwrap_or("")),
            ListCell::Date(i.invoice_date),
            ListCell::Date(i.due_date),
            ListCell::Int(i.days_overdue),
            ListCell::Money(i.amount),
            ListCell::Money(i.net),
            ListCell::Money(i.paid),
            ListCell::Money(i.outstanding),
        ]);
    })?;

    let insurers = by_insurer::rows(input);
    let name = INSURERS.name(lang);
    let no_insurer = text::label(Label::NoInsurer, lang);
    INSURERS.write(wb, ctx, insurers.iter(), |r: &InsurerRow<'_>, row| {
        row.extend([
            ListCell::text(r.insurer.unwrap_or(no_insurer)),
            ListCell::Int(r.invoices as i64),
            ListCell::Money(r.net),
            ListCell::Int(r.with_specification as i64),
            ListCell::Money(r.net_with_specification),
            ListCell::Money(r.reimbursed),
            r.reimbursement_rate()
                .map_or(ListCell::Blank, ListCell::Rate),
            ListCell::Money(r.deductible),
            ListCell::Money(r.coulance),
            ListCell::Int(r.floor_applied as i64),
            ListCell::Int(r.awaiting_specification as i64),
            ListCell::Money(r.paid_by_insurer),
        ]);
    })?;

    // The chart plots the rows of the first sheet (a list of insurers never
    // comes near a continuation sheet), under the table and its totals row
    // so that the printed page stays as wide as the table. Without any
    // rate there is nothing to plot.
    if insurers.iter().any(|r| r.reimbursement_rate().is_some()) {
        let shown = u32::try_from(insurers.len())
            .unwrap_or(u32::MAX)
            .min(ctx.rows_per_sheet());
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((name, 1, 0, shown, 0))
            .set_values((name, 1, RATE_COLUMN, shown, RATE_COLUMN));
        chart
            .title()
            .set_name(text::label(Label::ChartReimbursementRate, lang));
        chart.legend().set_hidden();
        // In a bar chart the value axis is the horizontal (x) one.
        chart.x_axis().set_num_format("0%").set_min(0);
        // Insurers top to bottom as in the table.
        chart.y_axis().set_reverse();
        wb.worksheet_from_name(name)?
            .insert_chart(shown + 3, 0, &chart)?;
    }
    Ok(())
}
