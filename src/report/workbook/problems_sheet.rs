//! The input-problems sheet: every problem of `exceptions.csv`, with its
//! severity and sentence in the workbook's language.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::report::text::{self, Label};
use crate::text::mask_bsn;

use super::cells::ListCell;
use super::list::{Column, ColumnKind, Ctx, List, col};

const PROBLEM_COLUMNS: [Column; 4] = [
    col(Label::Source, ColumnKind::Text, 36.0),
    col(Label::Severity, ColumnKind::Text, 14.0),
    col(Label::Problem, ColumnKind::Text, 70.0),
    col(Label::Value, ColumnKind::Text, 40.0),
];

/// The sheet: a listing, without totals.
const PROBLEMS: List = List::new(Label::ProblemsSheet, &PROBLEM_COLUMNS).without_totals();

/// Adds the input-problems sheet (with its header also when there are
/// none).
pub(super) fn write(wb: &mut Workbook, ctx: &Ctx<'_>) -> Result<(), XlsxError> {
    let input = ctx.input;
    let lang = ctx.lang;
    PROBLEMS.write(wb, ctx, input.problems.iter(), |p, row| {
        row.extend([
            ListCell::owned(p.source.to_string()),
            ListCell::text(text::severity(p.severity, lang)),
            ListCell::owned(text::problem(&p.kind, lang)),
            ListCell::Text(mask_bsn(&p.value)),
        ]);
    })?;
    Ok(())
}
