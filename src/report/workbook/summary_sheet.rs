//! The summary sheet: totals per invoice and payment status, the
//! conservation check, open amounts by age, changes since the previous
//! report, the inputs read with their balance checks, and two charts. A
//! small, fixed layout written in normal mode (the charts refer to its
//! cells).

use rust_xlsxwriter::{Chart, ChartType, Formula, Worksheet, XlsxError};

use crate::outcome::{InvoiceStatus, PaymentStatus};
use crate::report::ReportInput;
use crate::report::summary::{AGE_BUCKETS, Summary};
use crate::report::text::{self, Label};

use super::cells::{cell_ref, money_f64, section, sum_formula, write_text};
use super::formats::Formats;
use super::{agents_sheet, bank_checks};

/// Fills the summary sheet `ws` from the summary `s`.
pub(super) fn write(
    ws: &mut Worksheet,
    f: &Formats,
    input: &ReportInput<'_>,
    s: &Summary,
) -> Result<(), XlsxError> {
    let lang = input.lang;
    let sheet_name = text::label(Label::SummarySheet, lang);
    ws.set_name(sheet_name)?;
    ws.set_column_width(0, 34.0)?;
    for c in 1..=7 {
        ws.set_column_width(c, 16.0)?;
    }
    ws.set_column_width(8, 66.0)?;

    let t = |l: Label| text::label(l, lang);
    ws.write_string_with_format(0, 0, t(Label::Title), &f.title)?;
    ws.write_string_with_format(1, 0, t(Label::AsOf), &f.total_label)?;
    ws.write_datetime_with_format(1, 1, input.as_of, &f.date)?;
    ws.write_string_with_format(2, 0, t(Label::Provider), &f.total_label)?;
    write_text(ws, 2, 1, &s.provider)?;

    // Invoices per status.
    let heads = [
        Label::Status,
        Label::Count,
        Label::Net,
        Label::Paid,
        Label::Coulance,
        Label::Outstanding,
    ];
    let mut r = section(ws, f, lang, 4, Label::Invoices, &heads)?;
    let inv_first = r + 1;
    for status in InvoiceStatus::ALL {
        r += 1;
        let tot = s
            .invoices
            .by_status
            .get(status.as_str())
            .copied()
            .unwrap_or_default();
        ws.write_string(r, 0, text::invoice_status(status, lang))?;
        ws.write_number(r, 1, tot.count as f64)?;
        for (c, m) in [
            (2, tot.net),
            (3, tot.paid),
            (4, tot.coulance),
            (5, tot.outstanding),
        ] {
            ws.write_number_with_format(r, c, money_f64(m), &f.money)?;
        }
    }
    let inv_last = r;
    r += 1;
    let all = s.invoices.total;
    ws.write_string_with_format(r, 0, t(Label::Total), &f.total_label)?;
    ws.write_formula_with_format(
        r,
        1,
        Formula::new(format!(
            "=SUM({}:{})",
            cell_ref(inv_first, 1),
            cell_ref(inv_last, 1)
        ))
        .set_result(all.count.to_string()),
        &f.total_label,
    )?;
    for (c, m) in [
        (2, all.net),
        (3, all.paid),
        (4, all.coulance),
        (5, all.outstanding),
    ] {
        ws.write_formula_with_format(r, c, sum_formula(c, inv_first, inv_last, m), &f.total_money)?;
    }

    // Payments per status.
    let heads = [
        Label::Status,
        Label::CreditsCount,
        Label::CreditsAmount,
        Label::DebitsCount,
        Label::DebitsAmount,
    ];
    r = section(ws, f, lang, r + 2, Label::Payments, &heads)?;
    let pay_first = r + 1;
    for status in PaymentStatus::ALL {
        r += 1;
        let tot = s
            .payments
            .by_status
            .get(status.as_str())
            .copied()
            .unwrap_or_default();
        ws.write_string(r, 0, text::payment_status(status, lang))?;
        ws.write_number(r, 1, tot.credits.count as f64)?;
        ws.write_number_with_format(r, 2, money_f64(tot.credits.amount), &f.money)?;
        ws.write_number(r, 3, tot.debits.count as f64)?;
        ws.write_number_with_format(r, 4, money_f64(tot.debits.amount), &f.money)?;
    }
    let pay_last = r;
    r += 1;
    let all = s.payments.total;
    ws.write_string_with_format(r, 0, t(Label::Total), &f.total_label)?;
    for (c, count) in [(1u16, all.credits.count), (3, all.debits.count)] {
        let formula = Formula::new(format!(
            "=SUM({}:{})",
            cell_ref(pay_first, c),
            cell_ref(pay_last, c)
        ))
        .set_result(count.to_string());
        ws.write_formula_with_format(r, c, formula, &f.total_label)?;
    }
    for (c, m) in [(2u16, all.credits.amount), (4, all.debits.amount)] {
        ws.write_formula_with_format(r, c, sum_formula(c, pay_first, pay_last, m), &f.total_money)?;
    }

    // Conservation check: both sides and whether they meet.
    let c = &s.conservation;
    r += 2;
    ws.write_string_with_format(r, 0, t(Label::Conservation), &f.heading)?;
    r += 1;
    let read_row = r;
    ws.write_string(r, 0, t(Label::CreditsRead))?;
    ws.write_number_with_format(r, 1, money_f64(c.credits_read), &f.money)?;
    let parts_first = r + 1;
    for (l, m) in [
        (Label::Allocated, c.allocated),
        (Label::Unallocated, c.unallocated),
        (Label::Ignored, c.ignored),
        (Label::Duplicate, c.duplicate),
        (Label::Reversed, c.reversed),
    ] {
        r += 1;
        ws.write_string(r, 0, t(l))?;
        ws.write_number_with_format(r, 1, money_f64(m), &f.money)?;
    }
    let parts_last = r;
    r += 1;
    let accounted_row = r;
    ws.write_string_with_format(r, 0, t(Label::AccountedFor), &f.total_label)?;
    ws.write_formula_with_format(
        r,
        1,
        sum_formula(1, parts_first, parts_last, c.accounted),
        &f.total_money,
    )?;
    r += 1;
    ws.write_string(r, 0, t(Label::Difference))?;
    ws.write_formula_with_format(
        r,
        1,
        Formula::new(format!(
            "={}-{}",
            cell_ref(read_row, 1),
            cell_ref(accounted_row, 1)
        ))
        .set_result(c.difference.to_string()),
        &f.money,
    )?;
    r += 1;
    ws.write_string(r, 0, t(Label::Balanced))?;
    let yes_no = if c.balanced { Label::Yes } else { Label::No };
    ws.write_string_with_format(r, 1, t(yes_no), &f.total_label)?;

    // The same per billing agent, only when there is one.
    if !s.agents.is_empty() {
        r = agents_sheet::write_checks(ws, f, lang, r + 2, &s.agents)?;
    }

    // Open money by age.
    let heads = [Label::DaysOverdue, Label::Count, Label::Outstanding];
    r = section(ws, f, lang, r + 2, Label::OpenByAge, &heads)?;
    let age_first = r + 1;
    for (key, _, _) in AGE_BUCKETS {
        r += 1;
        let b = s.open_by_age.get(key).copied().unwrap_or_default();
        // Not yet due in words, the others as their day range.
        let label = match key {
            "not_due" => t(Label::OwedNotDue).to_string(),
            _ => key.replace('-', "–"),
        };
        ws.write_string(r, 0, label)?;
        ws.write_number(r, 1, b.count as f64)?;
        ws.write_number_with_format(r, 2, money_f64(b.outstanding), &f.money)?;
    }
    let age_last = r;

    // Input problems by severity.
    r += 2;
    ws.write_string_with_format(r, 0, t(Label::InputProblems), &f.heading)?;
    r += 1;
    ws.write_string(r, 0, t(Label::Errors))?;
    ws.write_number(r, 1, s.problems.error as f64)?;
    r += 1;
    ws.write_string(r, 0, t(Label::Warnings))?;
    ws.write_number(r, 1, s.problems.warning as f64)?;

    // Changes since the previous report.
    if let Some(changes) = &s.changes {
        r += 2;
        ws.write_string_with_format(r, 0, t(Label::ChangesSince), &f.heading)?;
        write_text(ws, r, 1, &changes.previous)?;
        for (kind, n) in &changes.counts {
            r += 1;
            ws.write_string(r, 0, text::change_kind(kind, lang))?;
            ws.write_number(r, 1, *n as f64)?;
        }
    }

    // Inputs read.
    let heads = [
        Label::File,
        Label::Kind,
        Label::Format,
        Label::RowsRead,
        Label::RowsRejected,
        Label::RowsInOutputs,
        Label::Errors,
        Label::Warnings,
        Label::Checksum,
    ];
    r = section(ws, f, lang, r + 2, Label::InputsRead, &heads)?;
    for (file, rows) in s.inputs.iter().zip(&s.rows.files) {
        r += 1;
        write_text(ws, r, 0, &file.path)?;
        ws.write_string(r, 1, text::input_kind(file.kind, lang))?;
        write_text(ws, r, 2, &file.format)?;
        ws.write_number(r, 3, file.rows_read as f64)?;
        ws.write_number(r, 4, file.rows_rejected as f64)?;
        ws.write_number(r, 5, rows.rows_in_outputs as f64)?;
        ws.write_number(r, 6, rows.errors as f64)?;
        ws.write_number(r, 7, rows.warnings as f64)?;
        write_text(ws, r, 8, &file.sha256)?;
    }
    bank_checks::write(ws, f, lang, r + 2, s)?;

    // Charts beside the tables, fed from the cells above.
    let mut by_status = Chart::new(ChartType::Column);
    by_status
        .add_series()
        .set_categories((sheet_name, inv_first, 0, inv_last, 0))
        .set_values((sheet_name, inv_first, 2, inv_last, 2));
    by_status.title().set_name(t(Label::ChartByStatus));
    by_status.legend().set_hidden();
    by_status.y_axis().set_num_format("€ #,##0");
    ws.insert_chart(4, 9, &by_status)?;

    let mut by_age = Chart::new(ChartType::Column);
    by_age
        .add_series()
        .set_categories((sheet_name, age_first, 0, age_last, 0))
        .set_values((sheet_name, age_first, 2, age_last, 2));
    by_age.title().set_name(t(Label::ChartByAge));
    by_age.legend().set_hidden();
    by_age.y_axis().set_num_format("€ #,##0");
    ws.insert_chart(21, 9, &by_age)?;
    Ok(())
}
