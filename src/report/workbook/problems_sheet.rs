//! The input-problems sheet: every problem of `exceptions.csv`, with its
//! severity and sentence in the workbook's language.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::report::ReportInput;
use crate::report::text::{self, Label};
use crate::text::mask_bsn;

use super::cells::Cell;
use super::list::{Column, Ctx, Kind, col, write_list};

const PROBLEM_COLUMNS: [Column; 4] = [
    col(Label::Source, Kind::Text, 36.0),
    col(Label::Severity, Kind::Text, 14.0),
    col(Label::Problem, Kind::Text, 70.0),
    col(Label::Value, Kind::Text, 40.0),
];

/// Adds the input-problems sheet (with its header also when there are
/// none).
pub(super) fn write(
    wb: &mut Workbook,
    ctx: &Ctx,
    input: &ReportInput<'_>,
) -> Result<(), XlsxError> {
    let lang = ctx.lang;
    let name = text::label(Label::ProblemsSheet, lang);
    write_list(
        wb,
        ctx,
        name,
        &PROBLEM_COLUMNS,
        false,
        input.problems.iter(),
        |p, row| {
            row.extend([
                Cell::owned(p.source.to_string()),
                Cell::text(text::severity(p.severity, lang)),
                Cell::owned(text::problem(&p.kind, lang)),
                Cell::Text(mask_bsn(&p.value)),
            ]);
        },
    )?;
    Ok(())
}
