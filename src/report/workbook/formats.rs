//! The workbook's cell formats: the number formats of money, dates and
//! rates, and the bold, filled and bordered styles of headings, headers
//! and totals, made once per thread.

use rust_xlsxwriter::{Format, FormatBorder};

/// Euro amounts, negative in red; `[$€-413]` is the euro sign of the Dutch
/// locale, which Excel and LibreOffice both understand.
pub(super) const EURO_FORMAT: &str = "[$€-413] #,##0.00;[Red][$€-413] -#,##0.00";

/// Dates as ISO, unambiguous in both languages.
pub(super) const DATE_FORMAT: &str = "yyyy-mm-dd";

/// Ratios (reimbursement rates) as percentages.
pub(super) const RATE_FORMAT: &str = "0.00%";

/// The cell formats, made once.
pub(super) struct Formats {
    pub(super) title: Format,
    pub(super) heading: Format,
    pub(super) header: Format,
    pub(super) money: Format,
    pub(super) date: Format,
    pub(super) total_label: Format,
    pub(super) total_money: Format,
    pub(super) rate: Format,
    /// Long text (reason, note, problem) wrapped in its column.
    pub(super) wrap: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        let top = FormatBorder::Thin;
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_background_color(0xD9E1F2)
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format(EURO_FORMAT),
            date: Format::new().set_num_format(DATE_FORMAT),
            total_label: Format::new().set_bold().set_border_top(top),
            total_money: Format::new()
                .set_bold()
                .set_border_top(top)
                .set_num_format(EURO_FORMAT),
            rate: Format::new().set_num_format(RATE_FORMAT),
            // Bottom-aligned as every other cell, so that the last line
            // of a wrapped text stands beside the row's invoice number.
            wrap: Format::new().set_text_wrap(),
        }
    }
}
