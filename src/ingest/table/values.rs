//! Cell values as domain values: amounts, dates, identifiers and free
//! text, and the exact decimals and dates that text-based workbook
//! formats write.
//!
//! The helpers refuse to guess: an ambiguous `1.234`, a fractional
//! identifier or an impossible date is a [`Flaw`] for the caller to turn
//! into a problem at that cell.

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::cell::CellValue;
use crate::ingest::dates;
use crate::money::{AmountError, DecimalStyle, Money, parse_amount};
use crate::problem::{Expected, Flaw, Found};

/// An amount: a number cell rounded to cents once, or text read with
/// [`DecimalStyle::Auto`] (`€ 1.234,56`, `1234.56`, `-12,50`, `(12,50)`).
/// `Ok(None)` for an empty cell (or a lone dash, which spreadsheets show
/// for zero); an error message for anything that is no amount, including
/// an ambiguous text such as `1.234`.
pub fn amount(cell: &CellValue) -> Result<Option<Money>, Flaw> {
    match cell {
        CellValue::Empty => Ok(None),
        CellValue::Number(n) => Money::from_spreadsheet(*n)
            .map(Some)
            .ok_or(Flaw::NumberNotAmount),
        CellValue::Decimal(d) => Money::bounded(*d)
            .map(|m| Some(m.round_cents()))
            .ok_or(Flaw::AmountTooLarge),
        CellValue::Text(t) => {
            let t = t.trim();
            if t.is_empty() || matches!(t, "-" | "–" | "—") {
                return Ok(None);
            }
            match parse_amount(t, DecimalStyle::Auto) {
                Ok(m) => Ok(Some(m)),
                Err(AmountError::Empty) => Ok(None),
                Err(AmountError::Ambiguous) => Err(Flaw::AmbiguousAmount),
                Err(AmountError::Invalid) => Err(Flaw::NotAnAmount),
                Err(AmountError::TooLarge) => Err(Flaw::AmountTooLarge),
            }
        }
        CellValue::Date(_) => Err(unexpected(Found::Date, Expected::Amount)),
        CellValue::Bool(_) => Err(unexpected(Found::Bool, Expected::Amount)),
        CellValue::Error(e) => Err(unexpected(
            Found::FormulaError(e.to_string()),
            Expected::Amount,
        )),
    }
}

/// A value of the wrong type where `expected` was expected.
fn unexpected(found: Found, expected: Expected) -> Flaw {
    Flaw::Unexpected { found, expected }
}

/// Excel serial numbers taken as dates: 1950-01-01 up to 2099-12-31.
/// Outside that a number in a date column is more likely something else.
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 18_264.0..=73_050.0;

/// A date: a date cell, an Excel serial number in a plausible range, or
/// text as people type it, read by `dates::liberal` (`dd-mm-yyyy`,
/// `d-m-yy`, `yyyy-mm-dd`, `1 maart 2026`, …; day before month).
pub fn date(cell: &CellValue) -> Result<Option<NaiveDate>, Flaw> {
    match cell {
        CellValue::Empty => Ok(None),
        CellValue::Date(d) => dates::in_window(d.date())
            .map(Some)
            .ok_or(Flaw::DateOutOfRange),
        CellValue::Number(n) if SERIAL_RANGE.contains(n) => {
            // Serial 1 is 1900-01-01 in Excel's 1900 system, which counts a
            // 29 February 1900 that never was; from serial 61 on (all of our
            // range) 1899-12-30 + n days is exact.
            let base = NaiveDate::from_ymd_opt(1899, 12, 30);
            base.and_then(|b| b.checked_add_days(chrono::Days::new(n.floor() as u64)))
                .map(Some)
                .ok_or(Flaw::NumberNotPlausibleDate)
        }
        CellValue::Number(_) => Err(Flaw::NumberNotPlausibleDate),
        CellValue::Decimal(d) => {
            // Exactly as a float serial: whole days count, a time of day
            // after them does not.
            let serial = d.floor();
            let days = u64::try_from(serial)
                .ok()
                .filter(|n| SERIAL_RANGE.contains(&(*n as f64)));
            days.and_then(|n| {
                NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n))
            })
            .map(Some)
            .ok_or(Flaw::NumberNotPlausibleDate)
        }
        CellValue::Text(t) => {
            if t.trim().is_empty() {
                return Ok(None);
            }
            dates::liberal(t).map(Some).ok_or(Flaw::NotADate)
        }
        CellValue::Bool(_) => Err(unexpected(Found::Bool, Expected::Date)),
        CellValue::Error(e) => Err(unexpected(
            Found::FormulaError(e.to_string()),
            Expected::Date,
        )),
    }
}

/// Largest integer an f64 holds exactly; beyond it a number has lost digits.
const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// An identifier (invoice, declaration, client number): text as written
/// (trimmed, an Excel text-marking `'` removed), or a whole number written
/// without decimals (`3805219728`, not `3805219728.0`). A number with
/// decimals or beyond f64's exact range is an error, not a guess.
pub fn ident(cell: &CellValue) -> Result<Option<String>, Flaw> {
    match cell {
        CellValue::Empty => Ok(None),
        CellValue::Text(t) => {
            let t = t.trim();
            let t = t.strip_prefix('\'').unwrap_or(t).trim();
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        CellValue::Number(n) if n.fract() == 0.0 && n.abs() <= EXACT_INTEGER => {
            Ok(Some(format!("{}", *n as i64)))
        }
        CellValue::Number(n) if n.is_finite() && n.fract() == 0.0 => Err(Flaw::NumberTooLong),
        CellValue::Number(_) => Err(Flaw::NumberWithDecimals),
        CellValue::Decimal(d) if d.fract().is_zero() => Ok(Some(d.trunc().normalize().to_string())),
        CellValue::Decimal(_) => Err(Flaw::NumberWithDecimals),
        CellValue::Date(_) => Err(unexpected(Found::Date, Expected::Identifier)),
        CellValue::Bool(_) => Err(unexpected(Found::Bool, Expected::Identifier)),
        CellValue::Error(e) => Err(unexpected(
            Found::FormulaError(e.to_string()),
            Expected::Identifier,
        )),
    }
}

/// Free text (names, notes): trimmed text, a whole number without `.0`,
/// other values as shown; `None` when empty or a formula error.
pub fn text(cell: &CellValue) -> Option<String> {
    match cell {
        CellValue::Empty | CellValue::Error(_) => None,
        CellValue::Number(n) if n.fract() == 0.0 && n.abs() <= EXACT_INTEGER => {
            Some(format!("{}", *n as i64))
        }
        other => {
            let s = other.display();
            (!s.is_empty()).then_some(s)
        }
    }
}

/// A number as Excel writes it in XML (`1234.5`, `-3E-2`,
/// `8.8800000000000008`), as an exact decimal; `None` for no number.
///
/// Excel holds a number as a double and keeps 15 significant digits. Up to
/// 15 the text is taken as written. Where it writes more (the double's full
/// 17-digit form: `2.6749999999999998` for a typed 2.675), the digits
/// beyond are the float's noise, and the shortest text that gives the same
/// double is what the user typed and saw, the same rule as
/// [`Money::from_spreadsheet`](crate::money::Money::from_spreadsheet) for
/// xlsx cells; so 2.675 rounds to 2.68 as it shows in Excel.
pub(super) fn excel_number(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let exact = Decimal::from_str_exact(t)
        .or_else(|_| Decimal::from_scientific(t))
        .ok()?;
    let mantissa = t.split(['e', 'E']).next().unwrap_or(t);
    let significant = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|b| *b == b'0')
        .count();
    if significant <= 15 {
        return Some(exact);
    }
    let shortest = t
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(|f| Decimal::from_str_exact(&format!("{f}")).ok());
    Some(shortest.unwrap_or(exact))
}

/// An ISO date or date-time (`2026-03-01`, `2026-03-01T00:00:00.000`).
pub(super) fn parse_iso_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
                .ok()
                .map(|d| d.and_time(chrono::NaiveTime::MIN))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(c: i64) -> Money {
        Money::from_cents(c)
    }

    fn ymd(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    #[test]
    fn amounts_from_numbers_and_text() {
        assert_eq!(amount(&CellValue::Number(1234.5)), Ok(Some(m(123450))));
        assert_eq!(amount(&CellValue::Number(0.1 + 0.2)), Ok(Some(m(30))));
        assert_eq!(
            amount(&CellValue::Text("€ 1.234,56".into())),
            Ok(Some(m(123456)))
        );
        assert_eq!(
            amount(&CellValue::Text("1234.56".into())),
            Ok(Some(m(123456)))
        );
        assert_eq!(
            amount(&CellValue::Text("-12,50".into())),
            Ok(Some(m(-1250)))
        );
        assert_eq!(
            amount(&CellValue::Text("(12,50)".into())),
            Ok(Some(m(-1250)))
        );
        assert_eq!(amount(&CellValue::Text(" - ".into())), Ok(None));
        assert_eq!(amount(&CellValue::Empty), Ok(None));
        assert_eq!(
            amount(&CellValue::Text("1.234".into())),
            Err(Flaw::AmbiguousAmount)
        );
        assert!(amount(&CellValue::Text("abc".into())).is_err());
        assert!(amount(&CellValue::Error("#DIV/0!".into())).is_err());
        assert!(amount(&CellValue::Number(f64::NAN)).is_err());
    }

    /// Text is read by `dates::liberal`, whose own tests cover the
    /// spellings; here the cell's side: text, serial numbers, date cells.
    #[test]
    fn dates_from_text_serials_and_date_cells() {
        let d = ymd(2026, 3, 1);
        assert_eq!(date(&CellValue::Text(" 1 maart 2026 ".into())), Ok(Some(d)));
        assert_eq!(date(&CellValue::Text("01-03-2026".into())), Ok(Some(d)));
        assert_eq!(date(&CellValue::Text("  ".into())), Ok(None));
        assert_eq!(
            date(&CellValue::Date(d.and_hms_opt(9, 0, 0).unwrap())),
            Ok(Some(d))
        );
        assert_eq!(
            date(&CellValue::Decimal(Decimal::new(460825, 1))),
            Ok(Some(d))
        );
        assert_eq!(date(&CellValue::Number(46082.0)), Ok(Some(d)));
        assert_eq!(date(&CellValue::Number(46082.75)), Ok(Some(d)));
        assert!(date(&CellValue::Number(12.0)).is_err());
        let time_only = NaiveDate::from_ymd_opt(1899, 12, 31)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert!(date(&CellValue::Date(time_only)).is_err());
        assert!(date(&CellValue::Number(f64::INFINITY)).is_err());
        assert!(date(&CellValue::Text("31-02-2026".into())).is_err());
        assert!(date(&CellValue::Text("volgende week".into())).is_err());
        assert_eq!(
            date(&CellValue::Text("15-6-99".into())),
            Ok(Some(ymd(1999, 6, 15)))
        );
    }

    #[test]
    fn identifiers_stored_as_numbers() {
        assert_eq!(
            ident(&CellValue::Number(3805219728.0)),
            Ok(Some("3805219728".into()))
        );
        assert_eq!(
            ident(&CellValue::Text(" '0012 ".into())),
            Ok(Some("0012".into()))
        );
        assert!(ident(&CellValue::Number(12.5)).is_err());
        assert!(ident(&CellValue::Number(1e17)).is_err());
        assert!(ident(&CellValue::Number(f64::NAN)).is_err());
        assert_eq!(ident(&CellValue::Empty), Ok(None));
        assert_eq!(text(&CellValue::Number(42.0)), Some("42".into()));
        assert_eq!(
            text(&CellValue::Text("  Jansen ".into())),
            Some("Jansen".into())
        );
    }

    #[test]
    fn float_noise_in_excel_numbers_is_what_was_typed() {
        let d = |t: &str| excel_number(t).unwrap();
        assert_eq!(d("1.1100000000000001"), Decimal::new(111, 2));
        assert_eq!(d("8.8800000000000008"), Decimal::new(888, 2));
        assert_eq!(d("2.6749999999999998"), Decimal::new(2675, 3));
        assert_eq!(
            amount(&CellValue::Decimal(d("2.6749999999999998"))),
            Ok(Some(Money::from_cents(268)))
        );
        // Up to 15 significant digits, as written.
        assert_eq!(d("1234.565"), Decimal::new(1234565, 3));
        assert_eq!(
            d("0.000000000000123456789012345"),
            Decimal::new(123456789012345, 27)
        );
        assert_eq!(d("-1E-2"), Decimal::new(-1, 2));
        assert_eq!(d("3805219728"), Decimal::new(3805219728, 0));
        assert_eq!(excel_number("1,5"), None);
        assert_eq!(excel_number("1E+400"), None);
    }
}
