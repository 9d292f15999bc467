//! SWIFT's own notation, as MT940 writes it and nothing else: amounts with
//! a decimal comma and no sign, and balance fields (`C190825EUR1111,10`:
//! mark, date, currency, amount). One reader of each, for the lines and
//! for the balances alike.

use crate::money::Money;
use crate::problem::SwiftFlaw;

/// A SWIFT amount, read exactly: digits with a decimal comma (`1000,00`,
/// `1171,6`, `203,`, `0,`) or, in old Rabobank and JPY statements, a
/// decimal point (`000000000350.43`, `00000001560395.`). Anything else
/// is an error that quotes the text, never the digits that happen to lead.
pub(crate) fn swift_amount(text: &str) -> Result<Money, SwiftFlaw> {
    let bad = || SwiftFlaw::AmountNotNumber(text.to_string());
    let (int, frac) = match text.find([',', '.']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if text.is_empty() || int.is_empty() || !digits(int) || !digits(frac) {
        return Err(if text.is_empty() {
            SwiftFlaw::NoAmount
        } else {
            bad()
        });
    }
    let int = int.trim_start_matches('0');
    let number = format!("{}.{frac}", if int.is_empty() { "0" } else { int });
    let number = number.trim_end_matches('.');
    let value = rust_decimal::Decimal::from_str_exact(number).map_err(|_| bad())?;
    Money::bounded(value).ok_or_else(|| SwiftFlaw::AmountTooLarge(text.to_string()))
}

/// A SWIFT balance field (`:60F:`, `:62F:` and their `M` forms): `C` or
/// `D`, the date `YYMMDD`, the currency and the amount, e.g.
/// `C190825EUR1111,10`. The signed balance and its currency, or `None`
/// when any part cannot be read.
pub(crate) fn balance(value: &str) -> Option<(Money, Box<str>)> {
    let v = value.trim();
    let debit = match v.as_bytes().first()? {
        b'C' => false,
        b'D' => true,
        _ => return None,
    };
    let date = v.get(1..7)?;
    let currency = v.get(7..10)?;
    if !date.bytes().all(|b| b.is_ascii_digit())
        || !currency.bytes().all(|b| b.is_ascii_uppercase())
    {
        return None;
    }
    let amount = swift_amount(v.get(10..)?.trim()).ok()?;
    Some((if debit { -amount } else { amount }, currency.into()))
}

/// The currency of a `:60F:` balance: `C190825EUR1111,10` → `EUR`.
pub(crate) fn balance_currency(value: &str) -> Option<String> {
    let cur: String = value.trim().chars().skip(7).take(3).collect();
    (cur.len() == 3 && cur.chars().all(|c| c.is_ascii_uppercase())).then_some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::new(rust_decimal::Decimal::from_str_exact(s).unwrap())
    }

    #[test]
    fn amounts_are_read_exactly_with_a_decimal_comma_or_point() {
        for (text, want) in [
            ("1000,00", "1000.00"),
            ("1171,6", "1171.6"),
            ("203,", "203"),
            ("0,", "0"),
            ("000000000350.43", "350.43"),
            ("00000001560395.", "1560395"),
            ("5", "5"),
        ] {
            assert_eq!(swift_amount(text), Ok(m(want)), "{text}");
        }
        for text in [
            "",
            "1O5,00",
            ",5",
            "1,2,3",
            "1.2,3",
            "1 000,00",
            "12-",
            "9".repeat(40).as_str(),
        ] {
            assert!(swift_amount(text).is_err(), "{text}");
        }
    }

    #[test]
    fn balance_fields_give_sign_and_currency() {
        assert_eq!(
            balance("D140112EUR10000,9"),
            Some((m("-10000.9"), "EUR".into()))
        );
        assert_eq!(balance(" C140113JPY5, "), Some((m("5"), "JPY".into())));
        for bad in [
            "X14011EUR5,",
            "C1401EUR5,",
            "C140113eur5,",
            "C140113EUR5,5,",
        ] {
            assert_eq!(balance(bad), None, "{bad}");
        }
        assert_eq!(
            balance_currency("C190825EUR1111,10").as_deref(),
            Some("EUR")
        );
    }
}
