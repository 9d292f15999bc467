//! The columns the accountant fills in, and the review sheet
//! that carries most of them.
//!
//! - The review sheet (`Betalingen te beoordelen` / `Payments to review`)
//!   lists the payments that need a person: unmatched and suggested. After
//!   the payment's columns come `Beslissing` / `Decision`, `Bedrag` /
//!   `Amount` and `Toelichting bij beslissing` / `Decision note`; the
//!   payment's own amount is headed `Bedrag betaling` / `Payment amount`
//!   here, so that the two amounts can never be taken for each other when
//!   the sheet is read back.
//! - The status sheets get `Afboeken` / `Write off`; the overpaid sheet
//!   gets `Terugbetalen` / `Refund` in its place (an overpaid invoice has
//!   nothing to write off).
//! - The editable cells are pre-filled with the decision in force
//!   (`report::decisions::InForce`), and `Vooraf ingevuld uit` /
//!   `Prefilled from` beside them says where it came from; read back, a
//!   pre-filled cell left empty undoes the decision.
//! - Editable columns are marked by `editable.rs` (yellow header with a
//!   note on how to fill them in, light fill, text or money format).
//! - The decision cell offers a drop-down of the invoices the payment's
//!   note names, and `negeren` / `ignore`; the error alert is off, so any
//!   invoice number may be typed. Rows with the same choices share one
//!   validation. Excel keeps a list within 255 characters, so candidates
//!   that do not fit are left out of it (they can still be typed). On very
//!   long sheets the drop-down is offered on [`MAX_LISTS`] different lists
//!   (suggested payments first) and [`MAX_RUNS`] row runs of each:
//!   validations are kept in memory until the workbook is saved, and
//!   typing works everywhere.

use std::cell::RefCell;
use std::collections::BTreeMap;

use foldhash::{HashSet, HashSetExt};
use rust_xlsxwriter::{DataValidation, Worksheet, XlsxError};

use crate::note::Note as PaymentNote;
use crate::outcome::PaymentOutcome;
use crate::payment::BankLine;
use crate::source::column_letters;

use super::super::text::{self, Label};
use super::super::{Lang, ReportInput};
use super::cells::ListCell;
use super::editable::Input;
use super::list::{Column, ColumnKind, Ctx, List, col, concat};
use super::payment_columns::{NOTE_COLUMN, PAYMENT_COLUMNS, payment_cells};

/// Most different drop-down lists per sheet. Each is a validation that
/// rust_xlsxwriter keeps (and copies once) until the workbook is saved:
/// some half a kilobyte each.
pub const MAX_LISTS: usize = 10_000;

/// Most row runs one drop-down list covers.
pub const MAX_RUNS: usize = 1_000;

/// Most candidate invoices offered in one drop-down.
const MAX_CHOICES: usize = 5;

/// The review sheet's columns: the attention sheet's, the payment's
/// amount headed as such, the three editable ones, and the note last: a
/// long note spills over the empty cells to its right, and must not cover
/// the cells the accountant types in.
const REVIEW_COLUMNS: [Column; 16] = {
    let mut columns = concat(
        PAYMENT_COLUMNS,
        [
            col(Label::Decision, ColumnKind::Input(Input::Decision), 20.0),
            col(Label::Amount, ColumnKind::Input(Input::Amount), 13.0),
            col(Label::DecisionNote, ColumnKind::Input(Input::Note), 40.0),
            // Where the decision pre-filled beside it came from.
            col(Label::Prefilled, ColumnKind::Text, 30.0),
            NOTE_COLUMN,
        ],
    );
    columns[PAYMENT_AMOUNT_COL] = col(Label::PaymentAmount, ColumnKind::Money, 13.0);
    columns
};

/// The column of the payment's own amount, `Amount` on the other
/// attention sheet.
const PAYMENT_AMOUNT_COL: usize = 4;

/// The review sheet.
const REVIEW: List = List::new(Label::AttentionSheet, &REVIEW_COLUMNS);

/// The column of the decision on the review sheet.
const DECISION_COL: u16 = 11;

/// Fills the review sheets (`sheets`, made by `prepare`) with `items`.
pub(super) fn fill_review<'a>(
    sheets: &mut [Worksheet],
    ctx: &Ctx<'_>,
    input: &ReportInput<'a>,
    items: impl Iterator<Item = (&'a BankLine, &'a PaymentOutcome)>,
) -> Result<(), XlsxError> {
    let lang = ctx.lang;
    let mut numbers: HashSet<&str> = HashSet::with_capacity(input.recon.invoices.len());
    numbers.extend(input.recon.invoices.iter().map(|i| i.number.as_str()));
    // The candidates of each row written, in order (borrowed from the
    // notes: most rows have none, and an empty list costs no allocation);
    // taken after each sheet.
    let lists: RefCell<Vec<(bool, Vec<&'a str>)>> = RefCell::new(Vec::new());
    let in_force = super::super::decisions::InForce::of(input);
    let cells = |(line, o): (&'a BankLine, &'a PaymentOutcome), row: &mut Vec<ListCell<'a>>| {
        payment_cells(line, o, lang, row);
        // The note, which `payment_cells` puts last, goes after the
        // editable cells.
        let note = row.pop().unwrap_or(ListCell::Blank);
        match in_force.payments.get(line.id.as_str()) {
            Some(d) => {
                let amount = match &d.decided {
                    crate::decisions::Decided::Payment { amount, .. } => *amount,
                    _ => None,
                };
                row.extend([
                    ListCell::owned(super::super::decisions::decision_text(d, lang)),
                    ListCell::opt_money(amount),
                    ListCell::owned(d.note.clone()),
                    ListCell::owned(d.source.to_string()),
                    note,
                ]);
            }
            None => row.extend([
                ListCell::Blank,
                ListCell::Blank,
                ListCell::Blank,
                ListCell::Blank,
                note,
            ]),
        }
        let suggested = o.status == crate::outcome::PaymentStatus::Suggested;
        lists
            .borrow_mut()
            .push((suggested, candidates(&o.note, &numbers)));
    };
    REVIEW.fill_parts(sheets, ctx, items, cells, |ws| {
        let rows = std::mem::take(&mut *lists.borrow_mut());
        add_dropdowns(ws, DECISION_COL, &rows, lang)
    })
}

/// The invoice numbers a note names, in the order named, each once: the
/// typed note's invoices that are in the book, up to [`MAX_CHOICES`].
pub(super) fn candidates<'n>(note: &'n PaymentNote, numbers: &HashSet<&str>) -> Vec<&'n str> {
    let mut out = note.invoices();
    out.retain(|n| numbers.contains(n));
    out.truncate(MAX_CHOICES);
    out
}

/// A drop-down's choices: the candidates that fit Excel's 255 characters
/// (a comma would split a choice, so numbers with one are left out), then
/// the word for ignore.
pub(super) fn choices(candidates: &[&str], lang: Lang) -> Vec<String> {
    let ignore = text::label(Label::Ignore, lang);
    let mut len = ignore.encode_utf16().count();
    let mut out: Vec<String> = Vec::new();
    for c in candidates {
        let extra = c.encode_utf16().count() + c.matches('"').count() + 1;
        if c.contains(',') || len + extra > 255 {
            continue;
        }
        len += extra;
        out.push((*c).to_string());
    }
    out.push(ignore.to_string());
    out
}

/// Gives every row of `rows` (row `i` is sheet row `i + 1`: whether it is
/// suggested, and its candidates) its drop-down in column `c`: one
/// validation per different list, over the runs of rows that have it.
fn add_dropdowns(
    ws: &mut Worksheet,
    c: u16,
    rows: &[(bool, Vec<&str>)],
    lang: Lang,
) -> Result<(), XlsxError> {
    // Suggested payments first: when the limits cut, the rows whose note
    // names the likeliest invoice keep their drop-down.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (!rows[i].0, i));
    let mut by_rows: BTreeMap<&[&str], Vec<u32>> = BTreeMap::new();
    for i in order {
        let list = rows[i].1.as_slice();
        if !by_rows.contains_key(list) && by_rows.len() >= MAX_LISTS {
            continue;
        }
        by_rows
            .entry(list)
            .or_default()
            .push(u32::try_from(i).unwrap_or(u32::MAX - 1) + 1);
    }
    let mut by_list: BTreeMap<&[&str], Vec<(u32, u32)>> = BTreeMap::new();
    for (list, mut rs) in by_rows {
        rs.sort_unstable();
        let runs = by_list.entry(list).or_default();
        for r in rs {
            let extends = runs.last().is_some_and(|&(_, last)| last + 1 == r);
            if extends {
                if let Some(run) = runs.last_mut() {
                    run.1 = r;
                }
            } else if runs.len() < MAX_RUNS {
                runs.push((r, r));
            }
        }
    }
    let letters = column_letters(u32::from(c));
    let message = text::label(Label::DecisionPrompt, lang);
    for (list, runs) in by_list {
        let Some(&(first, _)) = runs.first() else {
            continue;
        };
        let ranges: Vec<String> = runs
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    format!("{letters}{}", a + 1)
                } else {
                    format!("{letters}{}:{letters}{}", a + 1, b + 1)
                }
            })
            .collect();
        let dv = DataValidation::new()
            .allow_list_strings(&choices(list, lang))?
            .show_error_message(false)
            .set_input_title(text::label(Label::Decision, lang))?
            .set_input_message(message)?
            .set_multi_range(ranges.join(" "));
        ws.add_data_validation(first, c, first, c, &dv)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_the_invoice_numbers_a_note_names() {
        let numbers: HashSet<&str> = ["2026-0116", "2026-0121", "C023"].into_iter().collect();
        // A client number that is also an invoice number is no candidate.
        use crate::note::{Besides, Candidate, CandidateWhy, Fact, FitKind, Suggested};
        let note = PaymentNote::of(vec![
            Fact::Suggest {
                payer: "P. van den Berg".into(),
                amount: "330.00".parse().unwrap(),
                count: 1,
                fitting: vec![Suggested {
                    invoice: "2026-0121".into(),
                    client: "C023".into(),
                    name: "P. van den Berg".into(),
                    kind: FitKind::Need,
                }]
                .into(),
            },
            Fact::Candidates(
                vec![
                    Candidate {
                        invoice: "2026-0116".into(),
                        why: CandidateWhy::Differs {
                            by: "100.00".parse().unwrap(),
                            and: Besides::Nothing,
                        },
                    },
                    Candidate {
                        invoice: "2026-0121".into(),
                        why: CandidateWhy::NothingPoints,
                    },
                    Candidate {
                        invoice: "F-unknown".into(),
                        why: CandidateWhy::NothingPoints,
                    },
                ]
                .into(),
            ),
        ]);
        assert_eq!(candidates(&note, &numbers), ["2026-0121", "2026-0116"]);
        assert_eq!(
            candidates(&PaymentNote::NothingFitted, &numbers),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn choices_keep_within_excels_255_characters_and_end_with_ignore() {
        assert_eq!(
            choices(&["F-1", "F-2"], Lang::Nl),
            ["F-1", "F-2", "negeren"]
        );
        assert_eq!(choices(&[], Lang::En), ["ignore"]);
        let long = "X".repeat(200);
        let picked = choices(&[&long, &long, "A,B", "F-3"], Lang::Nl);
        assert_eq!(picked, [long.as_str(), "F-3", "negeren"]);
        let joined = picked.join(",");
        assert!(joined.len() <= 255, "{}", joined.len());
    }
}

#[cfg(test)]
mod dropdown_tests {
    use super::*;

    /// Rows with the same choices share one validation over their runs.
    #[test]
    fn rows_with_the_same_choices_share_one_validation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dv.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let rows: Vec<(bool, Vec<&str>)> = [vec![], vec![], vec!["F-1"], vec![], vec!["F-1"]]
            .into_iter()
            .map(|l| (false, l))
            .collect();
        add_dropdowns(ws, DECISION_COL, &rows, Lang::Nl).unwrap();
        wb.save(&path).unwrap();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(xml.contains("<dataValidations count=\"2\">"), "{xml}");
        assert!(
            xml.contains("sqref=\"L2:L3 L5\"><formula1>\"negeren\"</formula1>"),
            "{xml}"
        );
        assert!(
            xml.contains("sqref=\"L4 L6\"><formula1>\"F-1,negeren\"</formula1>"),
            "{xml}"
        );
        assert!(
            !xml.contains("showErrorMessage"),
            "typing any invoice must be allowed"
        );
    }
}
