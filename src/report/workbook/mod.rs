//! `report.xlsx`, the accountant's workbook (docs/outputs.md): a summary sheet with
//! totals, checks, inputs and two charts; one sheet per invoice status; the
//! write-off list; the per-client, per-insurer and billing agent lists;
//! payments that need attention; input problems.
//!
//! Choices worth knowing:
//! - Money is written as a number with a euro format. This is the one place
//!   where a `Decimal` becomes an `f64`: a spreadsheet cell holds nothing
//!   else, and the exact amounts stay in the CSV and JSON files.
//! - Text is always written with `write_string`, never as a formula: bank
//!   descriptions come from strangers.
//! - List sheets are written in constant-memory mode (row by row, to a
//!   temporary file) so a million rows do not sit in memory, and a list
//!   longer than Excel's 1,048,576 rows continues on a sheet "… (2)".
//! - The creation date in the document properties is the as-of date, not
//!   the clock, so the same input gives the same bytes.

use std::path::Path;
use std::sync::mpsc::Receiver;

use anyhow::Context;
use chrono::NaiveTime;
use rust_xlsxwriter::{DocProperties, Workbook, Worksheet, XlsxError};

use super::ReportInput;
use super::summary::Summary;
use super::text::{self, Label};
use attention::{TO_REVIEW, attention_rows};
use formats::Formats;
use list::{Ctx, sheets_for};

mod agents_sheet;
mod attention;
mod bank_checks;
mod cells;
mod decisions_sheet;
mod editable;
mod follow_up;
mod formats;
mod invoice_sheets;
#[cfg(test)]
pub(crate) mod layers;
mod letters_sheet;
mod list;
mod payment_columns;
mod print;
mod problems_sheet;
mod review;
mod summary_sheet;

pub(super) use attention::fill_attention;
pub use list::MAX_DATA_ROWS;

/// A workbook about to be built: the attention sheets (payments to look at,
/// often the longest list) are filled on another thread than the rest, the
/// report's two threads each taking a share (see `report::write_all`).
pub(super) struct Prepared {
    wb: Workbook,
    max_rows: u32,
}

/// Creates the workbook and the empty attention sheets. Every cell format
/// is registered here, in a fixed order, so that the style numbers do not
/// depend on which thread writes a format first.
pub(super) fn prepare(
    dir: &Path,
    input: &ReportInput<'_>,
    max_rows: u32,
) -> anyhow::Result<(Prepared, Vec<Worksheet>)> {
    let mut wb = Workbook::new();
    // Level 3 (what Excel itself uses) instead of 6: a third less time for
    // a file some 5 % larger at a billing agent's scale. The zip stays
    // byte-for-byte the same between runs.
    wb.set_zip_compression_level(3);
    // Constant-memory sheets spool to temporary files; keep those (which
    // hold client data) beside the report rather than in a shared /tmp.
    wb.set_tempdir(dir).context("cannot build report.xlsx")?;
    // The order the first list sheet used to meet them in (its header, a
    // date and a money column, then the totals row), so the styles keep
    // their numbers. `register_format` is documented for exactly this:
    // constant-memory sheets written on several threads.
    let f = Formats::new();
    for format in [&f.header, &f.date, &f.money, &f.total_label, &f.total_money] {
        wb.register_format(format);
    }
    // The rate column of the per-insurer sheet, after the
    // others so that their numbers stay as they were.
    wb.register_format(&f.rate);
    for format in editable::formats() {
        wb.register_format(&format);
    }
    // The wrapped long texts, after the others for the same
    // reason.
    wb.register_format(&f.wrap);
    let outcomes = super::outcome_per_line(input);
    let review = attention_rows(input, &outcomes, ..TO_REVIEW).count();
    let others = attention_rows(input, &outcomes, TO_REVIEW..).count();
    let count = sheets_for(review, max_rows) + sheets_for(others, max_rows);
    let sheets = (0..count)
        .map(|_| wb.new_worksheet_with_constant_memory())
        .collect::<Result<Vec<_>, _>>()
        .context("cannot build report.xlsx")?;
    Ok((Prepared { wb, max_rows }, sheets))
}

/// `report.xlsx` written on one thread with a smaller row limit per sheet,
/// so that the continuation sheets can be tested without a million rows.
#[cfg(test)]
pub(super) fn write_with_limit(
    dir: &Path,
    input: &ReportInput<'_>,
    summary: &Summary,
    max_rows: u32,
) -> anyhow::Result<()> {
    let (book, sheets) = prepare(dir, input, max_rows)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let (summary_tx, summary_rx) = std::sync::mpsc::channel();
    // The receivers are alive until `finish` returns.
    let _ = tx.send(fill_attention(sheets, input, max_rows));
    let _ = summary_tx.send(summary);
    finish(dir, book, input, &summary_rx, &rx)
}

/// Builds every other sheet, takes the attention sheets from `attention`
/// and the summary from `summary` when their turn comes, and saves
/// `report.xlsx` into `dir`. Its errors do not name the file: the caller
/// does.
pub(super) fn finish(
    dir: &Path,
    book: Prepared,
    input: &ReportInput<'_>,
    summary: &Receiver<&Summary>,
    attention: &Receiver<Result<Vec<Worksheet>, XlsxError>>,
) -> anyhow::Result<()> {
    // The caller names the file in the error.
    let mut wb = build(book, input, summary, attention)?;
    let file = crate::private::create_file(&dir.join("report.xlsx"))?;
    wb.save_to_writer(std::io::BufWriter::new(file))?;
    Ok(())
}

fn build(
    book: Prepared,
    input: &ReportInput<'_>,
    summary: &Receiver<&Summary>,
    attention: &Receiver<Result<Vec<Worksheet>, XlsxError>>,
) -> Result<Workbook, XlsxError> {
    let Prepared { mut wb, max_rows } = book;
    let lang = input.lang;
    let ctx = Ctx::new(input, max_rows);
    let created = input.as_of.and_time(NaiveTime::MIN);
    let props = DocProperties::new()
        .set_title(format!(
            "{} {} {}",
            text::label(Label::Title, lang),
            input.policy.provider_name,
            input.as_of
        ))
        .set_author("zorgrecon")
        .set_creation_datetime(&created);
    wb.set_properties(&props);

    // The summary sheet comes first but is filled last: the summary is
    // made on the other thread while the lists are written. It is an
    // ordinary (in-memory) sheet, so when its cells are written does not
    // change its bytes.
    wb.add_worksheet();

    invoice_sheets::write(&mut wb, &ctx)?;

    // Per client, specification missing, per insurer.
    follow_up::write(&mut wb, &ctx)?;
    // The billing agents' payout batches, beside the other
    // follow-up lists.
    agents_sheet::write(&mut wb, &ctx)?;
    // The letters to clients, after the lists they are made of.
    letters_sheet::write(&mut wb, &ctx)?;

    // The attention sheets, filled on another thread (see [`Prepared`]),
    // go between the write-offs and the problems.
    log::debug!("workbook lists written; waiting for the attention sheets");
    match attention.recv() {
        Ok(Ok(sheets)) => {
            for ws in sheets {
                wb.push_worksheet(ws);
            }
        }
        Ok(Err(e)) => return Err(e),
        // The other thread stopped without sending them (its own error is
        // reported); without them there is no report to write. The same
        // holds for the summary.
        Err(_) => {
            return Err(XlsxError::ParameterError(
                "the attention sheets were not written".into(),
            ));
        }
    }
    decisions_sheet::write(&mut wb, &ctx)?;

    problems_sheet::write(&mut wb, &ctx)?;

    let Ok(summary) = summary.recv() else {
        // As for the attention sheets below.
        return Err(XlsxError::ParameterError("the summary was not made".into()));
    };
    summary_sheet::write(wb.worksheet_from_index(0)?, &ctx.formats, input, summary)?;
    print::apply(&mut wb, input)?;
    log::debug!("workbook sheets complete; compressing");
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Lang;
    use chrono::NaiveDate;

    #[test]
    fn long_lists_continue_on_numbered_sheets() {
        use crate::config::Policy;
        use crate::ledger::Ledger;
        use crate::outcome::Reconciliation;
        use crate::problem::Problem;
        use crate::report::{ReportInput, summary};
        use crate::source::Source;
        use calamine::{Reader, Xlsx, open_workbook};

        let path: std::sync::Arc<str> = std::sync::Arc::from("bank/x.csv");
        let problems: Vec<Problem> = (1..=5)
            .map(|n| {
                Problem::error(
                    Source::line(&path, n),
                    crate::problem::ProblemKind::OverrideNotRead,
                    "",
                )
            })
            .collect();
        let policy = Policy::default();
        let ledger = Ledger::default();
        let recon = Reconciliation::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let input = ReportInput {
            problems: &problems,
            lang: Lang::En,
            ..ReportInput::of(as_of, &policy, &ledger, &recon)
        };
        let dir = tempfile::tempdir().unwrap();
        let s = summary::build(&input);
        write_with_limit(dir.path(), &input, &s, 2).unwrap();
        let mut wb: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
        let names = wb.sheet_names();
        let tail: Vec<&str> = names
            .iter()
            .rev()
            .take(3)
            .rev()
            .map(String::as_str)
            .collect();
        assert_eq!(
            tail,
            ["Input problems", "Input problems (2)", "Input problems (3)"]
        );
        let mut rows = 0;
        for name in tail {
            let range = wb.worksheet_range(name).unwrap();
            assert_eq!(
                range.get_value((0, 0)),
                Some(&calamine::Data::String("Source".into()))
            );
            rows += range.height() - 1;
        }
        assert_eq!(rows, 5, "every row once, each sheet with a header");
        // A list that exactly fills its sheets gets no empty extra sheet.
        let dir = tempfile::tempdir().unwrap();
        write_with_limit(dir.path(), &input, &s, 5).unwrap();
        let wb: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
        assert_eq!(
            wb.sheet_names().last().map(String::as_str),
            Some("Input problems")
        );
    }
}
