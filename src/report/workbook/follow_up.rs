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

use crate::report::ReportInput;
use crate::report::text::{self, Label};

use super::cells::Cell;
use super::list::{Column, Ctx, Kind, col, ctx_max_rows, write_list};

const CLIENT_COLUMNS: [Column; 14] = [
    col(Label::ClientId, Kind::Text, 12.0),
    col(Label::ClientName, Kind::Text, 26.0),
    col(Label::InvoicesOpen, Kind::Int, 10.0),
    col(Label::Owed, Kind::Money, 13.0),
    col(Label::OwedNotDue, Kind::Money, 13.0),
    col(Label::Owed1To30, Kind::Money, 13.0),
    col(Label::Owed31To60, Kind::Money, 13.0),
    col(Label::Owed61To90, Kind::Money, 13.0),
    col(Label::Owed90Plus, Kind::Money, 13.0),
    col(Label::ToRefund, Kind::Money, 13.0),
    col(Label::Coulance, Kind::Money, 13.0),
    col(Label::AwaitingSpecification, Kind::Int, 12.0),
    col(Label::OldestDaysOverdue, Kind::Int, 12.0),
    col(Label::LastPaymentDate, Kind::Date, 12.0),
];

const SPEC_MISSING_COLUMNS: [Column; 12] = [
    col(Label::InvoiceNumber, Kind::Text, 16.0),
    col(Label::ClientId, Kind::Text, 12.0),
    col(Label::ClientName, Kind::Text, 26.0),
    col(Label::ClientIban, Kind::Text, 24.0),
    col(Label::Insurer, Kind::Text, 20.0),
    col(Label::InvoiceDate, Kind::Date, 12.0),
    col(Label::DueDate, Kind::Date, 12.0),
    col(Label::DaysOverdue, Kind::Int, 10.0),
    col(Label::Amount, Kind::Money, 13.0),
    col(Label::Net, Kind::Money, 13.0),
    col(Label::Paid, Kind::Money, 13.0),
    col(Label::Outstanding, Kind::Money, 13.0),
];

/// The column of the rate, which the chart plots.
const RATE_COLUMN: u16 = 6;

const INSURER_COLUMNS: [Column; 12] = [
    col(Label::Insurer, Kind::Text, 22.0),
    col(Label::Invoices, Kind::Int, 10.0),
    col(Label::Net, Kind::Money, 13.0),
    col(Label::WithSpecification, Kind::Int, 12.0),
    col(Label::NetWithSpecification, Kind::Money, 14.0),
    col(Label::Reimbursed, Kind::Money, 13.0),
    col(Label::ReimbursementRate, Kind::Rate, 14.0),
    col(Label::Deductible, Kind::Money, 13.0),
    col(Label::Coulance, Kind::Money, 13.0),
    col(Label::FloorApplied, Kind::Int, 14.0),
    col(Label::AwaitingSpecification, Kind::Int, 12.0),
    col(Label::PaidByInsurer, Kind::Money, 14.0),
];

/// Adds the three sheets, in this order, to `wb`.
pub(super) fn write(
    wb: &mut Workbook,
    ctx: &Ctx,
    input: &ReportInput<'_>,
) -> Result<(), XlsxError> {
    let lang = ctx.lang;
    let clients = by_client::rows(input);
    write_list(
        wb,
        ctx,
        text::label(Label::ClientsSheet, lang),
        &CLIENT_COLUMNS,
        true,
        clients.iter(),
        |r: &ClientRow<'_>, row| {
            row.extend([
                Cell::text(r.client_id),
                Cell::text(r.client_name),
                Cell::Int(r.invoices_open as i64),
                Cell::Money(r.owed),
            ]);
            row.extend(r.owed_by_age.map(Cell::Money));
            row.extend([
                Cell::Money(r.to_refund),
                Cell::Money(r.coulance),
                Cell::Int(r.awaiting_specification as i64),
                r.oldest_days_overdue.map_or(Cell::Blank, Cell::Int),
                r.last_payment_date.map_or(Cell::Blank, Cell::Date),
            ]);
        },
    )?;

    let chase = spec_missing::list(input);
    write_list(
        wb,
        ctx,
        text::label(Label::SpecMissingSheet, lang),
        &SPEC_MISSING_COLUMNS,
        true,
        chase.iter(),
        |c: &ToChase<'_>, row| {
            let i = c.invoice;
            let ibans: Vec<&str> = c.client_ibans.iter().map(|x| x.as_str()).collect();
            row.extend([
                Cell::text(&i.number),
                Cell::text(&i.client_id),
                Cell::text(&i.client_name),
                Cell::owned(ibans.join("; ")),
                Cell::text(i.insurer.as_deref().unwrap_or("")),
                Cell::Date(i.invoice_date),
                Cell::Date(i.due_date),
                Cell::Int(i.days_overdue),
                Cell::Money(i.amount),
                Cell::Money(i.net),
                Cell::Money(i.paid),
                Cell::Money(i.outstanding),
            ]);
        },
    )?;

    let insurers = by_insurer::rows(input);
    let name = text::label(Label::InsurersSheet, lang);
    let no_insurer = text::label(Label::NoInsurer, lang);
    write_list(
        wb,
        ctx,
        name,
        &INSURER_COLUMNS,
        true,
        insurers.iter(),
        |r: &InsurerRow<'_>, row| {
            row.extend([
                Cell::text(r.insurer.unwrap_or(no_insurer)),
                Cell::Int(r.invoices as i64),
                Cell::Money(r.net),
                Cell::Int(r.with_specification as i64),
                Cell::Money(r.net_with_specification),
                Cell::Money(r.reimbursed),
                r.reimbursement_rate().map_or(Cell::Blank, Cell::Rate),
                Cell::Money(r.deductible),
                Cell::Money(r.coulance),
                Cell::Int(r.floor_applied as i64),
                Cell::Int(r.awaiting_specification as i64),
                Cell::Money(r.paid_by_insurer),
            ]);
        },
    )?;

    // The chart plots the rows of the first sheet (a list of insurers never
    // comes near a continuation sheet), under the table and its totals row
    // so that the printed page stays as wide as the table. Without any
    // rate there is nothing to plot.
    if insurers.iter().any(|r| r.reimbursement_rate().is_some()) {
        let shown = u32::try_from(insurers.len())
            .unwrap_or(u32::MAX)
            .min(ctx_max_rows(ctx.max_rows));
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
