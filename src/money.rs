//! Money: an exact euro amount over `rust_decimal`, and the parsing of amounts
//! as banks and people write them.
//!
//! No float ever becomes money except through [`Money::from_spreadsheet`],
//! which rounds to cents once, at the spreadsheet boundary.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// An exact amount of euros. Signed: credits to the provider are positive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Wraps an exact decimal as money, keeping every digit it has.
    pub fn new(value: Decimal) -> Money {
        Money(value)
    }

    /// An amount read from a file, or `None` when it is beyond any amount a
    /// provider books ([`AMOUNT_LIMIT`]). Every amount parser goes through
    /// this (or [`parse_amount`], which does).
    pub fn bounded(value: Decimal) -> Option<Money> {
        (value.abs() < AMOUNT_LIMIT).then_some(Money(value))
    }

    /// `self + o`, or `None` when the sum overflows the decimal.
    pub fn checked_add(self, o: Money) -> Option<Money> {
        self.0.checked_add(o.0).map(Money)
    }

    /// `self - o`, or `None` when the difference overflows the decimal.
    pub fn checked_sub(self, o: Money) -> Option<Money> {
        self.0.checked_sub(o.0).map(Money)
    }

    /// Money from a whole number of cents.
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// The exact decimal value.
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// Rounded to cents, half away from zero (the rounding docs/statuses.md asks for).
    pub fn round_cents(self) -> Money {
        Money(
            self.0
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        )
    }

    /// `self × ratio`, rounded to cents half away from zero.
    pub fn times(self, ratio: Decimal) -> Money {
        Money(self.0 * ratio).round_cents()
    }

    /// A spreadsheet number, rounded to cents once. `None` for NaN, infinity
    /// and numbers beyond any amount a provider bills ([`AMOUNT_LIMIT`]).
    pub fn from_spreadsheet(value: f64) -> Option<Money> {
        if !value.is_finite() || value.abs() >= 1e15 {
            return None;
        }
        // The shortest text that round-trips is what the person typed or saw
        // (`2.675`, not `2.67499999…`); that text is parsed exactly and then
        // rounded, so float noise never decides a cent.
        let d = Decimal::from_str_exact(&format!("{value}")).ok()?;
        Some(Money(d).round_cents())
    }

    /// Absolute value.
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// True when exactly zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// True when above zero.
    pub fn is_positive(self) -> bool {
        self.0 > Decimal::ZERO
    }

    /// True when below zero.
    pub fn is_negative(self) -> bool {
        self.0 < Decimal::ZERO
    }

    /// The smaller of two amounts.
    pub fn min(self, other: Money) -> Money {
        if self <= other { self } else { other }
    }

    /// The larger of two amounts.
    pub fn max(self, other: Money) -> Money {
        if self >= other { self } else { other }
    }

    /// True when `self` and `other` differ by at most `tolerance`.
    pub fn within(self, other: Money, tolerance: Money) -> bool {
        (self - other).abs() <= tolerance
    }
}

impl fmt::Display for Money {
    /// At least two decimals, never fewer digits than the value has, so that
    /// nothing is rounded away on output (`8.85`, `8.850` → `8.85`, `1.005`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0.normalize();
        if d.scale() < 2 {
            d.rescale(2);
        }
        write!(f, "{d}")
    }
}

impl FromStr for Money {
    type Err = AmountError;
    /// Parses the canonical form written by [`Display`] (`-1234.56`).
    fn from_str(s: &str) -> Result<Money, AmountError> {
        parse_amount(s, DecimalStyle::Point)
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, o: Money) {
        self.0 -= o.0;
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}
impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + *b)
    }
}

/// The bound on every amount read from a file: one at or beyond a
/// thousand billion euros (1e15) is refused as a problem. Decimal's `+`
/// panics on overflow near 7.9e28; with every line below 1e15 and at most
/// 1e7 lines a run, every sum the run makes (statement and chain balances,
/// the summary's conservation, per-client and per-insurer totals, matching)
/// stays below 1e22, far from that limit, so the bound suffices there.
/// `Money::from_spreadsheet` refuses the same floats.
pub const AMOUNT_LIMIT: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

/// How the text of an amount separates its decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalStyle {
    /// `1.234,56`: decimal comma, `.` groups thousands (Dutch bank CSVs).
    Comma,
    /// `1,234.56`: decimal point, `,` groups thousands.
    Point,
    /// Decided from the text; a text that could be read both ways
    /// (`1.234`, `1,234`) is an error, never a guess.
    Auto,
}

/// Why a text is not an amount.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Empty after trimming.
    #[error("empty amount")]
    Empty,
    /// Not a number at all.
    #[error("not an amount")]
    Invalid,
    /// Could mean two different amounts.
    #[error("ambiguous amount: thousands or decimal separator")]
    Ambiguous,
    /// At or beyond [`AMOUNT_LIMIT`].
    #[error("amount too large")]
    TooLarge,
}

/// Parses an amount as written in bank exports and spreadsheets: optional
/// `€`/`EUR`, sign before or after (`-12,50`, `12,50-`), parentheses for a
/// negative (`(12,50)`), thousands separators in groups of three.
///
/// ```
/// use zorgrecon::money::{AmountError, DecimalStyle, Money, parse_amount};
///
/// let a = parse_amount("€ 1.234,56", DecimalStyle::Auto).unwrap();
/// assert_eq!(a, Money::from_cents(123_456));
/// assert_eq!(parse_amount("(12,50)", DecimalStyle::Comma).unwrap(), Money::from_cents(-1250));
/// // Thousands or decimals? Never a guess.
/// assert_eq!(parse_amount("1.234", DecimalStyle::Auto), Err(AmountError::Ambiguous));
/// ```
pub fn parse_amount(text: &str, style: DecimalStyle) -> Result<Money, AmountError> {
    // The currency only at either end: `12EUR34` is no amount, not 1234.
    let mut t = text.trim().trim_start_matches('\u{feff}').trim();
    for cur in ["EUR", "eur", "€"] {
        t = t.strip_prefix(cur).unwrap_or(t).trim_start();
        t = t.strip_suffix(cur).unwrap_or(t).trim_end();
    }
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut negative = false;
    let mut s = t;
    if s.starts_with('(') && s.ends_with(')') && s.len() > 2 {
        negative = true;
        s = s[1..s.len() - 1].trim();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = !negative;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    } else if let Some(rest) = s.strip_suffix('-') {
        negative = !negative;
        s = rest;
    } else if let Some(rest) = s.strip_suffix('+') {
        s = rest;
    }
    // A sign may stand before the currency too (`-€ 12,50`).
    s = s.trim();
    for cur in ["EUR", "eur", "€"] {
        s = s.strip_prefix(cur).unwrap_or(s).trim_start();
    }
    // What is left is the number itself: spaces (also no-break and narrow
    // ones) and apostrophes may only group thousands, so `1 234,56` is
    // read and `12 34` is refused, never taken as 1234.
    let s = without_group_spaces(s.trim())?;
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(AmountError::Invalid);
    }
    let decimal_sep = decimal_separator(&s, style)?;
    let (int_part, frac_part) = match decimal_sep {
        Some(sep) => match s.rfind(sep) {
            Some(i) => (&s[..i], &s[i + 1..]),
            None => (s.as_str(), ""),
        },
        None => (s.as_str(), ""),
    };
    let group_sep = match decimal_sep {
        Some(',') => '.',
        Some(_) => ',',
        None => match style {
            DecimalStyle::Comma => '.',
            DecimalStyle::Point => ',',
            DecimalStyle::Auto if s.contains('.') => '.',
            DecimalStyle::Auto => ',',
        },
    };
    if frac_part.contains(['.', ',']) {
        return Err(AmountError::Invalid);
    }
    let digits = check_groups(int_part, group_sep)?;
    let number = if frac_part.is_empty() {
        digits
    } else {
        format!("{digits}.{frac_part}")
    };
    let number = if number.is_empty() || number.starts_with('.') {
        format!("0{number}")
    } else {
        number
    };
    let mut value = Decimal::from_str_exact(&number).map_err(|_| AmountError::Invalid)?;
    if negative {
        value = -value;
    }
    Money::bounded(value).ok_or(AmountError::TooLarge)
}

/// The number with its space-like thousands separators removed: each run
/// of digits after one must be three long and end at the decimal
/// separator, another space or the end. Anything else is no amount.
fn without_group_spaces(s: &str) -> Result<String, AmountError> {
    let is_gap = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'');
    if !s.contains(is_gap) {
        return Ok(s.to_string());
    }
    let mut parts = s.split(is_gap);
    let first = parts.next().unwrap_or("");
    let first_ok = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    if !first_ok {
        return Err(AmountError::Invalid);
    }
    let mut out = first.to_string();
    for p in parts {
        // The group is the three digits before any decimal part.
        let digits = p.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &p[digits..];
        if digits != 3 || !(rest.is_empty() || rest.starts_with(['.', ','])) {
            return Err(AmountError::Invalid);
        }
        out.push_str(p);
    }
    Ok(out)
}

/// Which character separates the decimals, if any.
fn decimal_separator(s: &str, style: DecimalStyle) -> Result<Option<char>, AmountError> {
    let commas = s.matches(',').count();
    let points = s.matches('.').count();
    Ok(match style {
        DecimalStyle::Comma => (commas > 0).then_some(','),
        DecimalStyle::Point => (points > 0).then_some('.'),
        DecimalStyle::Auto => match (commas, points) {
            (0, 0) => None,
            (c, p) if c > 0 && p > 0 => {
                // Both present: the one that comes last separates decimals.
                let last_comma = s.rfind(',');
                let last_point = s.rfind('.');
                if last_comma > last_point {
                    Some(',')
                } else {
                    Some('.')
                }
            }
            (c, 0) if c > 1 => None,
            (0, p) if p > 1 => None,
            (_, _) => {
                let sep = if commas == 1 { ',' } else { '.' };
                let after = s.rsplit(sep).next().map_or(0, str::len);
                let before = s.split(sep).next().map_or(0, str::len);
                if after == 3 && before > 0 && before <= 3 && !s.starts_with('0') {
                    return Err(AmountError::Ambiguous);
                }
                Some(sep)
            }
        },
    })
}

/// Removes thousands separators, insisting on groups of three digits.
fn check_groups(int_part: &str, sep: char) -> Result<String, AmountError> {
    if !int_part.contains(sep) {
        return if int_part.contains(['.', ',']) {
            Err(AmountError::Invalid)
        } else {
            Ok(int_part.to_string())
        };
    }
    let groups: Vec<&str> = int_part.split(sep).collect();
    let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return Err(AmountError::Invalid);
    }
    Ok(groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money(Decimal::from_str_exact(s).unwrap())
    }

    #[test]
    fn parses_dutch_bank_amounts() {
        let c = DecimalStyle::Comma;
        assert_eq!(parse_amount("1.234,56", c), Ok(m("1234.56")));
        assert_eq!(parse_amount("+1000,00", c), Ok(m("1000.00")));
        assert_eq!(parse_amount("-4,99", c), Ok(m("-4.99")));
        assert_eq!(parse_amount("10,", c), Ok(m("10")));
        assert_eq!(parse_amount("5,1", c), Ok(m("5.1")));
        assert_eq!(parse_amount("€ 1.234,56", c), Ok(m("1234.56")));
        assert_eq!(parse_amount("12,50-", c), Ok(m("-12.50")));
        assert_eq!(parse_amount("(12,50)", c), Ok(m("-12.50")));
        assert_eq!(parse_amount("1.234", c), Ok(m("1234")));
    }

    #[test]
    fn auto_style_refuses_to_guess() {
        let a = DecimalStyle::Auto;
        assert_eq!(parse_amount("1234.56", a), Ok(m("1234.56")));
        assert_eq!(parse_amount("-12,50", a), Ok(m("-12.50")));
        assert_eq!(parse_amount("€ 1.234,56", a), Ok(m("1234.56")));
        assert_eq!(parse_amount("1,234.56", a), Ok(m("1234.56")));
        assert_eq!(parse_amount("1.234.567", a), Ok(m("1234567")));
        assert_eq!(parse_amount("1.234", a), Err(AmountError::Ambiguous));
        assert_eq!(parse_amount("1,234", a), Err(AmountError::Ambiguous));
        assert_eq!(parse_amount("0,125", a), Ok(m("0.125")));
    }

    #[test]
    fn spaces_group_thousands_and_currency_stands_only_at_the_ends() {
        let c = DecimalStyle::Comma;
        assert_eq!(parse_amount("1 234,56", c), Ok(m("1234.56")));
        assert_eq!(parse_amount("1\u{a0}234\u{a0}567,8", c), Ok(m("1234567.8")));
        assert_eq!(
            parse_amount("1'234.5", DecimalStyle::Point),
            Ok(m("1234.5"))
        );
        assert_eq!(parse_amount("-€ 12,50", c), Ok(m("-12.50")));
        assert_eq!(parse_amount("€ -12,50", c), Ok(m("-12.50")));
        assert_eq!(parse_amount("12,50 EUR", c), Ok(m("12.50")));
        assert_eq!(parse_amount(" - 12,50 ", c), Ok(m("-12.50")));
        // Never the digits glued together: these are no amounts.
        assert_eq!(parse_amount("12 34", c), Err(AmountError::Invalid));
        assert_eq!(parse_amount("1 5,00", c), Err(AmountError::Invalid));
        assert_eq!(parse_amount("12EUR34", c), Err(AmountError::Invalid));
        assert_eq!(parse_amount("1 234 5", c), Err(AmountError::Invalid));
        assert_eq!(parse_amount("1O5,00", c), Err(AmountError::Invalid));
    }

    #[test]
    fn rejects_what_is_no_amount() {
        let a = DecimalStyle::Auto;
        assert_eq!(parse_amount("", a), Err(AmountError::Empty));
        assert_eq!(parse_amount("abc", a), Err(AmountError::Invalid));
        assert_eq!(parse_amount("1.2.3,4,5", a), Err(AmountError::Invalid));
        assert_eq!(
            parse_amount("12,34,5", DecimalStyle::Comma),
            Err(AmountError::Invalid)
        );
        assert_eq!(parse_amount("-", a), Err(AmountError::Invalid));
    }

    #[test]
    fn amounts_beyond_the_limit_are_refused() {
        assert_eq!(AMOUNT_LIMIT, Decimal::from(1_000_000_000_000_000i64));
        assert_eq!(
            parse_amount("50000000000000000000000000000", DecimalStyle::Comma),
            Err(AmountError::TooLarge)
        );
        assert_eq!(
            parse_amount("-1.000.000.000.000.000,00", DecimalStyle::Comma),
            Err(AmountError::TooLarge)
        );
        assert_eq!(
            parse_amount("999.999.999.999.999,99", DecimalStyle::Comma),
            Ok(m("999999999999999.99"))
        );
        assert_eq!(Money::from_spreadsheet(1e15), None);
        assert_eq!(Money::bounded(-AMOUNT_LIMIT), None);
        let max = Money::new(Decimal::MAX);
        assert_eq!(max.checked_add(Money::from_cents(100)), None);
        assert_eq!((-max).checked_sub(Money::from_cents(100)), None);
    }

    #[test]
    fn spreadsheet_floats_become_cents_once() {
        assert_eq!(Money::from_spreadsheet(0.1 + 0.2), Some(m("0.30")));
        assert_eq!(
            Money::from_spreadsheet(33.333333333333336),
            Some(m("33.33"))
        );
        assert_eq!(Money::from_spreadsheet(2.675), Some(m("2.68")));
        assert_eq!(Money::from_spreadsheet(-1234.5), Some(m("-1234.50")));
        assert_eq!(Money::from_spreadsheet(f64::NAN), None);
    }

    #[test]
    fn displays_at_least_two_decimals_without_losing_digits() {
        assert_eq!(m("8.850").to_string(), "8.85");
        assert_eq!(m("10").to_string(), "10.00");
        assert_eq!(m("-0.5").to_string(), "-0.50");
        assert_eq!(m("1.005").to_string(), "1.005");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(m("0.005").round_cents(), m("0.01"));
        assert_eq!(m("-0.005").round_cents(), m("-0.01"));
        assert_eq!(m("1000.00").times(Decimal::new(75, 2)), m("750.00"));
    }
}
