//! The fields every CSV-like line must have, read or refused: a date, an
//! amount (signed, or unsigned with a debit/credit column), the currency.
//! A field that cannot be read becomes a [`RowError`] naming the field,
//! which costs that line and not the file.

use chrono::NaiveDate;

use crate::money::{DecimalStyle, Money, parse_amount};
use crate::problem::{Field, Flaw, ProblemKind};
use crate::text::fold;

/// A date field that must be there: the error message names the field.
pub(crate) fn required_date(text: &str, what: Field) -> Result<NaiveDate, RowError> {
    crate::ingest::dates::strict(text).ok_or_else(|| {
        RowError::new(
            ProblemKind::Unreadable {
                field: what,
                flaw: Flaw::NotADate,
            },
            text,
        )
    })
}

/// An amount field that must be there: the error message names the field.
pub(crate) fn required_amount(
    text: &str,
    style: DecimalStyle,
    what: Field,
) -> Result<Money, RowError> {
    parse_amount(text, style).map_err(|e| {
        RowError::new(
            ProblemKind::Unreadable {
                field: what,
                flaw: e.into(),
            },
            text,
        )
    })
}

/// The decimal style of a file whose amounts may be written either way
/// (bunq): a comma followed by one or two digits at the end of any amount
/// means decimal comma; a point likewise means decimal point. When no
/// amount tells, [`DecimalStyle::Auto`] refuses the ambiguous ones.
pub(crate) fn infer_style<'a>(amounts: impl Iterator<Item = &'a str>) -> DecimalStyle {
    for a in amounts {
        let a = a.trim().trim_end_matches(['-', '+']);
        let tail = |sep: char| {
            a.rfind(sep).is_some_and(|i| {
                let frac = &a[i + 1..];
                (1..=2).contains(&frac.len()) && frac.bytes().all(|b| b.is_ascii_digit())
            })
        };
        if tail(',') {
            return DecimalStyle::Comma;
        }
        if tail('.') {
            return DecimalStyle::Point;
        }
    }
    DecimalStyle::Auto
}

/// The sign word of a debit/credit indicator column, as a multiplier:
/// `Af`, `Debit`, `Debet`, `D` are debits; `Bij`, `Credit`, `C` credits.
pub(crate) fn debit_credit(text: &str) -> Result<bool, RowError> {
    // A word of ASCII letters folds to itself in lower case: compared
    // without building the folded string.
    let t = text.trim();
    if !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        let is = |w: &str| t.eq_ignore_ascii_case(w);
        if ["af", "debit", "debet", "d", "db"].into_iter().any(is) {
            return Ok(false);
        }
        if ["bij", "credit", "c", "cr"].into_iter().any(is) {
            return Ok(true);
        }
    }
    match fold(text).as_str() {
        "af" | "debit" | "debet" | "d" | "db" => Ok(false),
        "bij" | "credit" | "c" | "cr" => Ok(true),
        _ => Err(RowError::new(ProblemKind::DebitCreditUnknown, text)),
    }
}

/// An unsigned amount whose sign comes from a debit/credit indicator column
/// (ING `Af`/`Bij`, Knab `D`/`C`, Triodos `Debet`/`Credit`).
///
/// A negative amount in such a column is refused: which of the two signs
/// the bank meant cannot be told, and dropping one would change the amount.
pub(crate) fn signed_amount(amount: &str, indicator: &str) -> Result<Money, RowError> {
    let credit = debit_credit(indicator)?;
    let magnitude = required_amount(amount, DecimalStyle::Comma, Field::Amount)?;
    if magnitude.is_negative() {
        return Err(RowError::new(ProblemKind::MinusAndIndicator, amount));
    }
    Ok(if credit { magnitude } else { -magnitude })
}

/// The currency column of a line: empty or `EUR` is fine; any other
/// currency is refused rather than read as if it were euros (CAMT and
/// MT940 refuse them the same way).
pub(crate) fn require_euro(code: &str) -> Result<(), RowError> {
    let c = code.trim();
    if c.is_empty() || c.eq_ignore_ascii_case("EUR") {
        Ok(())
    } else {
        Err(RowError::new(ProblemKind::NotEuro(c.to_string()), c))
    }
}

/// Why one line could not be read, before it knows its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RowError {
    /// What is wrong (boxed: a row error is passed up through `?`).
    pub problem: Box<ProblemKind>,
    /// The offending value.
    pub value: String,
}

impl RowError {
    /// A row error about `value`.
    pub fn new(problem: ProblemKind, value: impl Into<String>) -> RowError {
        RowError {
            problem: Box::new(problem),
            value: value.into(),
        }
    }

    /// The error for a record with too few fields.
    pub fn columns(expected: usize, found: usize) -> RowError {
        RowError::new(
            ProblemKind::ColumnCount { expected, found },
            found.to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    #[test]
    fn infers_the_decimal_style_from_any_telling_amount() {
        assert_eq!(
            infer_style(["1.000", "-83,86"].into_iter()),
            DecimalStyle::Comma
        );
        assert_eq!(infer_style(["12.5"].into_iter()), DecimalStyle::Point);
        assert_eq!(infer_style(["1.000"].into_iter()), DecimalStyle::Auto);
    }

    #[test]
    fn an_indicator_signs_an_unsigned_amount_and_refuses_a_signed_one() {
        assert_eq!(
            signed_amount("1.013,75", "Af"),
            Ok(Money::from_cents(-101_375))
        );
        assert_eq!(signed_amount("+5,00", "C"), Ok(Money::from_cents(500)));
        assert!(signed_amount("-5,00", "Bij").is_err());
        assert!(signed_amount("-5,00", "Af").is_err());
        assert!(signed_amount("5,00", "?").is_err());
    }
}
