//! One cell of a table, typed as the file stores it: the value every
//! format's reader produces and every cell helper reads. Named
//! `CellValue` so that it is not mistaken for the cells the report's
//! workbook writer writes.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

/// One cell, typed as the file stores it.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    /// Nothing (or only white space) in it.
    Empty,
    /// Text, as stored (not trimmed).
    Text(String),
    /// A number (spreadsheets only; CSV cells are always text).
    Number(f64),
    /// A number the file writes as decimal text (SpreadsheetML's
    /// `ss:Type="Number"`, an HTML cell's `x:num`), kept as the exact
    /// decimal written (`values::excel_number`).
    Decimal(Decimal),
    /// A cell formatted as a date or date-time, converted from the
    /// workbook's 1900 or 1904 date system (or an ODS ISO date).
    Date(NaiveDateTime),
    /// A boolean.
    Bool(bool),
    /// A formula error such as `#DIV/0!`.
    Error(String),
}

impl CellValue {
    /// True for an empty cell or one holding only white space.
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as it would be shown, for the `value` column of a problem.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(t) => t.trim().to_string(),
            CellValue::Number(n) => format!("{n}"),
            CellValue::Decimal(d) => d.normalize().to_string(),
            CellValue::Date(d) if d.time() == chrono::NaiveTime::MIN => d.date().to_string(),
            CellValue::Date(d) => d.to_string(),
            CellValue::Bool(b) => b.to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }
}
