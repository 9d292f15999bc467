//! The `Beslissingen` / `Decisions` sheet: every decision read
//! from `decisions/`, where it came from, and whether it took effect or why
//! not, as `decisions.csv` lists them. Its `Effect` column marks it as a
//! listing, so that a workbook saved into `decisions/` is not read back
//! twice.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::super::ReportInput;
use super::super::decisions::{explanation, lines};
use super::super::text::{self, Label};
use super::cells::Cell;
use super::list::{Column, Ctx, Kind, col, write_list};

const DECISION_COLUMNS: [Column; 11] = [
    col(Label::Source, Kind::Text, 36.0),
    col(Label::DecisionKind, Kind::Text, 12.0),
    col(Label::PaymentId, Kind::Text, 24.0),
    col(Label::InvoiceNumber, Kind::Text, 16.0),
    col(Label::Decision, Kind::Text, 20.0),
    col(Label::Amount, Kind::Money, 13.0),
    col(Label::DecisionNote, Kind::Text, 36.0),
    col(Label::Effect, Kind::Text, 20.0),
    col(Label::Explanation, Kind::Text, 60.0),
    col(Label::PaymentStatus, Kind::Text, 16.0),
    col(Label::Rule, Kind::Text, 14.0),
];

/// Writes the decisions sheet (with its header also when there are none).
pub(super) fn write(
    wb: &mut Workbook,
    ctx: &Ctx,
    input: &ReportInput<'_>,
) -> Result<(), XlsxError> {
    let lang = ctx.lang;
    write_list(
        wb,
        ctx,
        text::label(Label::DecisionsSheet, lang),
        &DECISION_COLUMNS,
        false,
        lines(input),
        |d, row| {
            let kind = match d.kind() {
                "payment" => Label::PaymentDecision,
                "refund" => Label::RefundDecision,
                _ => Label::WriteOffDecision,
            };
            row.extend([
                Cell::owned(d.row.source.to_string()),
                Cell::text(text::label(kind, lang)),
                Cell::text(d.payment_id()),
                Cell::text(d.invoice()),
                Cell::text(d.row.written.as_str()),
                Cell::opt_money(d.amount()),
                Cell::text(d.row.note.as_str()),
                Cell::text(d.outcome.effect.code()),
                Cell::owned(explanation(&d.outcome.effect, lang)),
                Cell::text(
                    d.payment
                        .map_or("", |p| text::payment_status(p.status, lang)),
                ),
                Cell::text(d.payment.map_or("", |p| text::rule(p.rule, lang))),
            ]);
        },
    )
}
