//! The columns the accountant fills in, on every sheet that has them: what
//! each holds ([`Input`]), their yellow header with a note on how to fill
//! them in, their light fill and text or money format (so that Excel does
//! not turn an invoice number such as `2026-01` into a date), and the
//! `nee` / `no` drop-down of the write-off and refund columns. Every list
//! sheet marks its editable columns through this file (`list.rs`); the
//! review sheet adds its own drop-downs of candidate invoices
//! (`review.rs`).

use rust_xlsxwriter::{DataValidation, Format, FormatBorder, Note, Worksheet, XlsxError};

use super::super::Lang;
use super::super::text::{self, Label};
use super::formats::EURO_FORMAT;

/// What an editable column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::report) enum Input {
    /// Invoice number(s) or `negeren` / `ignore`.
    Decision,
    /// Part of the payment.
    Amount,
    /// The accountant's note.
    Note,
    /// `nee` / `no` holds the write-off.
    WriteOff,
    /// `nee` / `no` holds the refund (the overpaid sheet).
    Refund,
}

/// Header fill of editable columns (a darker yellow).
const HEADER_FILL: u32 = 0xFFD966;

/// Cell fill of editable columns (a light yellow).
const CELL_FILL: u32 = 0xFFF2CC;

/// The header of an editable column.
pub(super) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(HEADER_FILL)
        .set_border_bottom(FormatBorder::Thin)
}

fn text_format() -> Format {
    Format::new()
        .set_background_color(CELL_FILL)
        .set_num_format("@")
}

fn money_format() -> Format {
    Format::new()
        .set_background_color(CELL_FILL)
        .set_num_format(EURO_FORMAT)
}

/// Every format of this module, registered up front (see `prepare`).
pub(super) fn formats() -> [Format; 3] {
    [header_format(), text_format(), money_format()]
}

/// How to fill in the column, as the header's note says it.
fn header_note(input: Input, lang: Lang) -> &'static str {
    text::label(
        match input {
            Input::Decision => Label::DecisionHelp,
            Input::Amount => Label::AmountHelp,
            Input::Note => Label::NoteHelp,
            Input::WriteOff => Label::WriteOffHelp,
            Input::Refund => Label::RefundHelp,
        },
        lang,
    )
}

/// Marks column `c` as editable: its fill and format, and the note on its
/// header. Called while the header row is written.
pub(super) fn decorate(
    ws: &mut Worksheet,
    c: u16,
    input: Input,
    lang: Lang,
) -> Result<(), XlsxError> {
    let format = match input {
        Input::Amount => money_format(),
        Input::Decision | Input::Note | Input::WriteOff | Input::Refund => text_format(),
    };
    ws.set_column_format(c, &format)?;
    let note = Note::new(header_note(input, lang))
        .add_author_prefix(false)
        .set_author("zorgrecon")
        .set_width(320)
        .set_height(130);
    ws.insert_note(0, c, &note)?;
    Ok(())
}

/// Adds what an editable column needs once its `n` rows are written: the
/// write-off and refund columns' drop-down (`nee` / `no`, any text
/// accepted so that a reason can follow).
pub(super) fn finish_column(
    ws: &mut Worksheet,
    c: u16,
    input: Input,
    n: u32,
    lang: Lang,
) -> Result<(), XlsxError> {
    if !matches!(input, Input::WriteOff | Input::Refund) || n == 0 {
        return Ok(());
    }
    let (message, title) = match input {
        Input::Refund => (Label::RefundPrompt, Label::Refund),
        _ => (Label::WriteOffPrompt, Label::WriteOff),
    };
    let dv = DataValidation::new()
        .allow_list_strings(&[text::label(Label::No, lang)])?
        .show_error_message(false)
        .set_input_title(text::label(title, lang))?
        .set_input_message(text::label(message, lang))?;
    ws.add_data_validation(1, c, n, c, &dv)?;
    Ok(())
}
