//! How the workbook prints (issue 15): every sheet landscape on A4, scaled
//! to one page wide (as many pages long as it takes), the header row of
//! every list sheet repeated at the top of each page, and a footer with the
//! provider, the as-of date and "page n of m". Applied once to every sheet
//! after all are made, so a sheet added later gets it too.
//!
//! Page setup is written when the workbook is saved, also for the
//! constant-memory sheets whose rows went to disk long before.

use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, XlsxError};

use super::{Label, Lang, ReportInput};

/// Excel's paper size code for A4 (the Dutch default).
const A4: u8 = 9;

/// Excel's limit on a header or footer, in UTF-16 units.
const MAX_FOOTER_UNITS: usize = 255;

/// Sets up every sheet of `wb` for printing. Every sheet but the summary is
/// a list with its header in the first row, which each page repeats.
pub(super) fn apply(wb: &mut Workbook, input: &ReportInput<'_>) -> Result<(), XlsxError> {
    let footer = footer(&input.policy.provider_name, input.as_of, input.lang);
    let summary = Label::SummarySheet.text(input.lang);
    for ws in wb.worksheets_mut() {
        ws.set_landscape()
            .set_paper_size(A4)
            .set_print_fit_to_pages(1, 0)
            .set_footer(footer.as_str());
        if ws.name() != summary {
            ws.set_repeat_rows(0, 0)?;
        }
    }
    Ok(())
}

/// The footer: provider left, as-of date centre, page number right. An `&`
/// in the provider's name is doubled (Excel's codes start with `&`), and a
/// name too long for Excel's limit is cut, so the footer is never dropped.
pub(super) fn footer(provider: &str, as_of: NaiveDate, lang: Lang) -> String {
    let rest = format!("&C{as_of}&R{}", Label::PageOfPages.text(lang));
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
}
