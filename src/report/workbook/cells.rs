//! One cell of a list sheet and how it is written: text cut to what a
//! cell holds and never a formula, money as a number (the one place a
//! `Decimal` becomes an `f64`), and the cell references and SUM formulas of
//! totals rows.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};

use crate::money::Money;
use crate::report::Lang;
use crate::report::text::{self, Label};
use crate::source::column_letters;

use super::formats::Formats;

/// Excel's longest cell text, in UTF-16 units.
pub(super) const MAX_TEXT_UNITS: usize = 32_767;

/// One cell of a list sheet.
pub(super) enum ListCell<'a> {
    Text(Cow<'a, str>),
    Money(Money),
    Blank,
    Date(NaiveDate),
    Int(i64),
    Rate(rust_decimal::Decimal),
}

impl<'a> ListCell<'a> {
    pub(super) fn text(s: &'a str) -> ListCell<'a> {
        ListCell::Text(Cow::Borrowed(s))
    }
    pub(super) fn owned(s: String) -> ListCell<'a> {
        ListCell::Text(Cow::Owned(s))
    }
    pub(super) fn opt_money(m: Option<Money>) -> ListCell<'a> {
        m.map_or(ListCell::Blank, ListCell::Money)
    }
}

/// Several texts in one cell, `; `-separated: no allocation for none or one.
pub(super) fn joined<'a>(parts: &'a [impl AsRef<str>]) -> ListCell<'a> {
    match parts {
        [] => ListCell::Blank,
        [one] => ListCell::text(one.as_ref()),
        _ => {
            let mut s = String::new();
            for (n, p) in parts.iter().enumerate() {
                if n > 0 {
                    s.push_str("; ");
                }
                s.push_str(p.as_ref());
            }
            ListCell::owned(s)
        }
    }
}

/// The number written for an amount. A `Decimal` always has an `f64`
/// approximation; 0 would only appear if that ever changed.
pub(super) fn money_f64(m: Money) -> f64 {
    m.decimal().to_f64().unwrap_or_default()
}

/// Text cut to what a cell can hold (on a character boundary).
pub(super) fn cell_text(s: &str) -> Cow<'_, str> {
    if s.len() <= MAX_TEXT_UNITS {
        // Fewer bytes than the limit means fewer UTF-16 units too.
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    let mut end = s.len();
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > MAX_TEXT_UNITS {
            end = i;
            break;
        }
    }
    match s.get(..end) {
        Some(t) if end < s.len() => Cow::Owned(t.to_string()),
        _ => Cow::Borrowed(s),
    }
}

pub(super) fn write_text(ws: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
    if !s.is_empty() {
        ws.write_string(row, col, cell_text(s))?;
    }
    Ok(())
}

/// Writes one cell of a list sheet. Money and date cells carry no format
/// of their own: their column has the euro or date format (set by
/// [`super::list::List::write`]), which rust_xlsxwriter gives a cell
/// without a format of its own, so each cell gets the same style as when
/// written with the format, without a hash of the whole `Format` per cell (that lookup was
/// an eighth of the workbook's time).
pub(super) fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: ListCell<'_>,
) -> Result<(), XlsxError> {
    match cell {
        ListCell::Text(Cow::Borrowed(s)) => write_text(ws, row, col, s)?,
        // An owned text is moved into the worksheet, not copied again.
        ListCell::Text(Cow::Owned(s)) => match cell_text(&s) {
            Cow::Borrowed(_) if !s.is_empty() => {
                ws.write_string(row, col, s)?;
            }
            Cow::Borrowed(_) => {}
            Cow::Owned(cut) => {
                ws.write_string(row, col, cut)?;
            }
        },
        ListCell::Money(m) => {
            ws.write_number(row, col, money_f64(m))?;
        }
        ListCell::Blank => {}
        ListCell::Date(d) => {
            ws.write_datetime(row, col, d)?;
        }
        ListCell::Int(n) => {
            // Counts and day numbers are far below 2^53: exact as f64.
            ws.write_number(row, col, n as f64)?;
        }
        ListCell::Rate(r) => {
            ws.write_number(row, col, r.to_f64().unwrap_or_default())?;
        }
    }
    Ok(())
}

/// A cell reference such as `H7` (row 0-based).
pub(super) fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", column_letters(u32::from(col)), row + 1)
}

/// A SUM formula over `col` from `first` to `last` (0-based rows) with
/// its value cached, so readers that do not calculate see the total too.
pub(super) fn sum_formula(col: u16, first: u32, last: u32, total: Money) -> Formula {
    Formula::new(format!(
        "=SUM({}:{})",
        cell_ref(first, col),
        cell_ref(last, col)
    ))
    .set_result(total.to_string())
}

/// A section of the summary sheet (its own figures and the bank checks): its heading on row `r`, its column labels on
/// the next row. Returns the row of the labels.
pub(super) fn section(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    r: u32,
    heading: Label,
    heads: &[Label],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(r, 0, text::label(heading, lang), &f.heading)?;
    for (c, l) in heads.iter().enumerate() {
        ws.write_string_with_format(r + 1, c as u16, text::label(*l, lang), &f.header)?;
    }
    Ok(r + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_what_a_cell_holds() {
        let s = "é".repeat(40_000);
        let cut = cell_text(&s);
        assert_eq!(cut.encode_utf16().count(), MAX_TEXT_UNITS);
        assert_eq!(cell_text("short"), "short");
        // A character outside the BMP takes two units and is not split.
        let s = format!("{}😀", "a".repeat(MAX_TEXT_UNITS - 1));
        assert_eq!(cell_text(&s).encode_utf16().count(), MAX_TEXT_UNITS - 1);
    }

    #[test]
    fn cell_refs_are_a1_style() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 7), "H7");
        assert_eq!(cell_ref(1_048_575, 26), "AA1048576");
    }
}
