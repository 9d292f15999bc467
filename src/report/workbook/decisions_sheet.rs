//! The `Beslissingen` / `Decisions` sheet: every decision read
//! from `decisions/`, where it came from, and whether it took effect or why
//! not, as `decisions.csv` lists them. Its `Effect` column marks it as a
//! listing, so that a workbook saved into `decisions/` is not read back
//! twice.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::super::decisions::{explanation, lines};
use super::super::text::{self, Label};
use super::cells::ListCell;
use super::list::{Column, ColumnKind, Ctx, List, col};

const DECISION_COLUMNS: [Column; 11] = [
    col(Label::Source, ColumnKind::Text, 36.0),
    col(Label::DecisionKind, ColumnKind::Text, 12.0),
    col(Label::PaymentId, ColumnKind::Text, 24.0),
    col(Label::InvoiceNumber, ColumnKind::Text, 16.0),
    col(Label::Decision, ColumnKind::Text, 20.0),
    col(Label::Amount, ColumnKind::Money, 13.0),
    col(Label::DecisionNote, ColumnKind::Text, 36.0),
    col(Label::Effect, ColumnKind::Text, 20.0),
    col(Label::Explanation, ColumnKind::Text, 60.0),
    col(Label::PaymentStatus, ColumnKind::Text, 16.0),
    col(Label::Rule, ColumnKind::Text, 14.0),
];

/// The sheet: a listing, without totals.
const DECISIONS: List = List::new(Label::DecisionsSheet, &DECISION_COLUMNS).without_totals();

/// Writes the decisions sheet (with its header also when there are none).
pub(super) fn write(wb: &mut Workbook, ctx: &Ctx<'_>) -> Result<(), XlsxError> {
    let input = ctx.input;
    let lang = ctx.lang;
    DECISIONS.write(wb, ctx, lines(input), |d, row| {
        let kind = match d.kind() {
            "payment" => Label::PaymentDecision,
            "refund" => Label::RefundDecision,
            _ => Label::WriteOffDecision,
        };
        row.extend([
            ListCell::owned(d.row.source.to_string()),
            ListCell::text(text::label(kind, lang)),
            ListCell::text(d.payment_id()),
            ListCell::text(d.invoice()),
            ListCell::text(d.row.written.as_str()),
            ListCell::opt_money(d.amount()),
            ListCell::text(d.row.note.as_str()),
            ListCell::text(d.outcome.effect.code()),
            ListCell::owned(explanation(&d.outcome.effect, lang)),
            ListCell::text(
                d.payment
                    .map_or("", |p| text::payment_status(p.status, lang)),
            ),
            ListCell::text(d.payment.map_or("", |p| text::rule(p.rule, lang))),
        ]);
    })
}
