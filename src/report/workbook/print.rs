//! How the workbook prints: every sheet landscape on A4,
//! the header row of every list sheet repeated at the top of each page, and
//! a footer with the provider, the as-of date and "page n of m".
//!
//! Type stays legible: no sheet is shrunk to one page
//! wide whatever its width. Each list gets a fixed print scale, decided
//! here from its column widths ([`layout`]): a list
//! that fits one page wide at [`MIN_SCALE`] % or more prints one page wide,
//! as large as fits (at most 100 %); a wider list (the status sheets, the
//! payments to look at) prints over as few pages wide as it takes at
//! [`MIN_SCALE`] %, again as large as that page count allows. Every list
//! repeats its first text columns (invoice number, client; status,
//! payment id) on every page and prints the pages of a row side by side
//! (over, then down). Long text columns (reason, note, problem) wrap
//! instead of being cut off at the page edge ([`WRAP_WIDTH`]). The summary
//! prints at [`SUMMARY_SCALE`] %: its tables on the first page across, the
//! checksums and the charts on the next. The scale is written into the
//! file and never shrinks to fit, so no program prints smaller type; where
//! the printing program draws columns wider than Excel, a list takes more
//! pages across, its key columns on each.
//!
//! Page setup is written when the workbook is saved, also for the
//! constant-memory sheets whose rows went to disk long before.

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use crate::report::text::{self, Label};
use crate::report::{Lang, ReportInput};

/// Excel's paper size code for A4 (the Dutch default).
const A4: u8 = 9;

/// Excel's limit on a header or footer, in UTF-16 units.
const MAX_FOOTER_UNITS: usize = 255;

/// The smallest print scale of any sheet, in per cent: at 11 pt, type
/// printed at 65 % is about 7 pt, still readable on paper.
pub const MIN_SCALE: u16 = 65;

/// The summary's print scale: its tables (columns A–H) fit one page at it.
pub const SUMMARY_SCALE: u16 = 90;

/// A text column at least this wide (in characters) wraps its text.
pub const WRAP_WIDTH: f64 = 60.0;

/// The height of one line of 11-point text in a row, in points.
pub const LINE_HEIGHT: f64 = 15.0;

/// The data rows of a sheet that get the height of their wrapped text. A
/// row's height stays in rust_xlsxwriter's memory until the file is saved,
/// also for a sheet written in constant memory, so a list of a million
/// rows would keep a million; nobody prints that many, and the rows after
/// these keep the default height (on screen the text still wraps where
/// the row is made taller).
pub const TALL_ROWS: u32 = 2_000;

/// Excel's tallest row: 409 points.
const MAX_LINES: usize = 27;

/// How many lines `text` takes wrapped in a column `width` characters
/// wide: one per `width` characters of each of its lines (proportional
/// text runs narrower than the digits a width counts, so this rather
/// over- than underestimates), at least one, at most what a row can hold.
/// The rows are given their height when written: neither LibreOffice nor
/// every Excel fits a row to wrapped text written by a program.
pub fn lines(text: &str, width: f64) -> usize {
    let per_line = (width.floor() as usize).max(1);
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .min(MAX_LINES)
}

/// The printable width of A4 landscape in pixels at 96 dpi: 297 mm less
/// the default margins of 0.7 inch each side, less 3 % for the difference
/// between Excel's and LibreOffice's measure of a column.
const PAGE_PIXELS: f64 = (297.0 / 25.4 - 1.4) * 96.0 * 0.97;

/// At most this many leading text columns, together at most
/// [`REPEAT_WIDTH`] characters, are repeated on every page of a list
/// printed more than one page wide.
const REPEAT_COLUMNS: usize = 3;
const REPEAT_WIDTH: f64 = 56.0;

/// A column's width in pixels as Excel draws it at 100 % (Calibri 11: 7
/// pixels a character and 5 of padding).
fn pixels(width: f64) -> f64 {
    (width * 7.0 + 0.5).floor() + 5.0
}

/// How one list prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The print scale, per cent.
    pub scale: u16,
    /// How many pages wide it prints in Excel (Calibri 11).
    pub pages: usize,
    /// The leading columns repeated on every page.
    pub repeat: u16,
}

/// Where a list of columns of these `widths` breaks at `scale`, with the
/// first `repeat` columns on every page: the first column of each page
/// after the first.
fn breaks_at(widths: &[f64], repeat: usize, scale: u16) -> Vec<u32> {
    let room = PAGE_PIXELS * 100.0 / f64::from(scale);
    let repeated: f64 = widths.iter().take(repeat).copied().map(pixels).sum();
    let mut breaks = Vec::new();
    let (mut used, mut own) = (0.0, 0);
    for (c, w) in widths.iter().copied().map(pixels).enumerate() {
        // A page holds at least one column of its own, however wide.
        if own > 0 && used + w > room {
            breaks.push(u32::try_from(c).unwrap_or(u32::MAX));
            (used, own) = (repeated, 0);
        }
        used += w;
        own += 1;
    }
    breaks
}

/// The layout of a list whose columns have these `widths` (characters),
/// the first `keys` of them identifying a row (text columns that may be
/// repeated on every page).
pub fn layout(widths: &[f64], keys: usize) -> Layout {
    let mut repeat = 0;
    let mut width = 0.0;
    for w in widths.iter().take(keys.min(REPEAT_COLUMNS)) {
        if width + w > REPEAT_WIDTH {
            break;
        }
        width += w;
        repeat += 1;
    }
    let repeat_u16 = u16::try_from(repeat).unwrap_or(u16::MAX);
    let total: f64 = widths.iter().copied().map(pixels).sum();
    let fits = (PAGE_PIXELS * 100.0 / total).floor();
    if fits >= f64::from(MIN_SCALE) {
        return Layout {
            scale: fits.min(100.0) as u16,
            pages: 1,
            repeat: repeat_u16,
        };
    }
    let pages = breaks_at(widths, repeat, MIN_SCALE).len();
    // The largest scale that needs no more pages than the smallest does.
    let scale = (MIN_SCALE..=100)
        .rev()
        .find(|s| breaks_at(widths, repeat, *s).len() <= pages)
        .unwrap_or(MIN_SCALE);
    Layout {
        scale,
        pages: breaks_at(widths, repeat, scale).len() + 1,
        repeat: repeat_u16,
    }
}

/// Applies a list's [`layout`] to its sheet. The page breaks are left to
/// the program that prints: with another font than Calibri (LibreOffice
/// without Carlito draws columns a third wider) a page holds fewer
/// columns, and the list prints over more pages at the same scale instead
/// of on pages with a stray column each.
pub(super) fn list(ws: &mut Worksheet, layout: &Layout) -> Result<(), XlsxError> {
    ws.set_print_scale(layout.scale);
    if layout.repeat > 0 {
        ws.set_repeat_columns(0, layout.repeat - 1)?;
    }
    // The pages of one row side by side: over, then down.
    ws.set_page_order(false);
    Ok(())
}

/// Sets up every sheet of `wb` for printing. Every sheet but the summary is
/// a list with its header in the first row, which each page repeats; the
/// lists got their scale and breaks when they were filled ([`list`]).
pub(super) fn apply(wb: &mut Workbook, input: &ReportInput<'_>) -> Result<(), XlsxError> {
    let footer = footer(&input.policy.provider_name, input.as_of, input.lang);
    let summary = text::label(Label::SummarySheet, input.lang);
    for ws in wb.worksheets_mut() {
        ws.set_landscape()
            .set_paper_size(A4)
            .set_footer(footer.as_str());
        if ws.name() == summary {
            // Columns A–H (958 pixels) fit a page at 90 %; the checksums
            // and the charts go to the next.
            ws.set_print_scale(SUMMARY_SCALE);
        } else {
            ws.set_repeat_rows(0, 0)?;
        }
    }
    Ok(())
}

/// The footer: provider left, as-of date centre, page number right. An `&`
/// in the provider's name is doubled (Excel's codes start with `&`), and a
/// name too long for Excel's limit is cut, so the footer is never dropped.
pub(super) fn footer(provider: &str, as_of: NaiveDate, lang: Lang) -> String {
    let rest = format!("&C{as_of}&R{}", text::label(Label::PageOfPages, lang));
    let mut budget = MAX_FOOTER_UNITS - "&L".len() - rest.encode_utf16().count();
    let mut name = String::new();
    for c in provider.chars() {
        let units = if c == '&' { 2 } else { c.len_utf16() };
        if units > budget {
            break;
        }
        budget -= units;
        if c == '&' {
            name.push('&');
        }
        name.push(c);
    }
    format!("&L{name}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_escapes_and_fits() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(
            footer("Balans Thuiszorg", d, Lang::Nl),
            "&LBalans Thuiszorg&C2026-11-20&RPagina &P van &N"
        );
        assert_eq!(
            footer("Zorg & Co", d, Lang::En),
            "&LZorg && Co&C2026-11-20&RPage &P of &N"
        );
        let long = footer(&"&é😀".repeat(200), d, Lang::Nl);
        let units = long.encode_utf16().count();
        assert!(
            units <= MAX_FOOTER_UNITS && units > MAX_FOOTER_UNITS - 4,
            "{units}"
        );
        assert!(long.ends_with("&C2026-11-20&RPagina &P van &N"));
    }

    #[test]
    fn wrapped_text_is_given_its_lines() {
        assert_eq!(lines("", 70.0), 1);
        assert_eq!(lines(&"x".repeat(70), 70.0), 1);
        assert_eq!(lines(&"x".repeat(71), 70.0), 2);
        assert_eq!(lines("a\nb", 70.0), 2);
        assert_eq!(lines(&"é".repeat(100_000), 70.0), MAX_LINES);
    }

    #[test]
    fn narrow_lists_print_one_page_wide_as_large_as_fits() {
        let l = layout(&[12.0, 26.0, 13.0], 2);
        assert_eq!((l.scale, l.pages, l.repeat), (100, 1, 2));
        // 14 columns of 13 (1344 pixels) fit at 71 %.
        let l = layout(&[13.0; 14], 0);
        assert_eq!((l.scale, l.pages, l.repeat), (71, 1, 0));
        // 20 columns of 13: 1840 pixels, 52 % one page wide; two pages.
        let l = layout(&[13.0; 20], 0);
        assert!(l.scale >= MIN_SCALE, "{l:?}");
        assert_eq!(l.pages, 2, "{l:?}");
    }

    #[test]
    fn wide_lists_repeat_their_keys_and_never_shrink_below_the_minimum() {
        let widths = [16.0, 12.0, 26.0, 20.0, 12.0, 12.0, 10.0]
            .into_iter()
            .chain([13.0; 10])
            .chain([30.0, 22.0, 18.0, 14.0, 30.0, 70.0])
            .collect::<Vec<_>>();
        let l = layout(&widths, 4);
        assert!(l.scale >= MIN_SCALE, "{l:?}");
        assert_eq!(l.repeat, 3, "number, client id, client name");
        // Every page holds its columns and the repeated ones at the scale.
        let room = PAGE_PIXELS * 100.0 / f64::from(l.scale);
        let repeated: f64 = widths[..3].iter().copied().map(pixels).sum();
        let breaks = breaks_at(&widths, 3, l.scale);
        assert_eq!(l.pages, breaks.len() + 1);
        let mut starts = vec![0usize];
        starts.extend(breaks.iter().map(|b| *b as usize));
        starts.push(widths.len());
        for (n, page) in starts.windows(2).enumerate() {
            let own: f64 = widths[page[0]..page[1]].iter().copied().map(pixels).sum();
            let used = if n == 0 { own } else { own + repeated };
            assert!(used <= room, "page {n}: {used} > {room}");
        }
        // A larger scale would need another page.
        if l.scale < 100 {
            assert!(breaks_at(&widths, 3, l.scale + 1).len() > breaks.len());
        }
    }
}
