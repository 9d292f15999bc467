//! What an account number looks like where a bank writes it in free text
//! or a reference field: an IBAN by its shape and its country's length, an
//! old Dutch domestic number, a BIC. Shapes only: the check digits are
//! not tested, since anonymised and mistyped accounts are still the
//! account the bank printed.

/// Shaped like an IBAN (country letters, check digits, 11–30 letters and
/// digits, no spaces). The check digits are not tested: anonymised and
/// mistyped IBANs are still the account the bank printed.
///
/// The length must be the one of its country where that is known: Knab's
/// customer reference `NL66RABO01295689` has the letters of an IBAN but
/// 16 characters, and a Dutch IBAN has 18.
pub(crate) fn looks_like_iban(s: &str) -> bool {
    let b = s.as_bytes();
    let shaped = (15..=34).contains(&b.len())
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b.iter().all(u8::is_ascii_alphanumeric);
    shaped
        && SEPA_IBAN_LENGTHS
            .iter()
            .find(|(country, _)| country.as_bytes() == &b[..2])
            .is_none_or(|(_, len)| *len == b.len())
}

/// IBAN lengths of the SEPA countries (ISO 13616 registry).
const SEPA_IBAN_LENGTHS: [(&str, usize); 37] = [
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

/// An old Dutch account number: 7–10 digits, or a Postbank `P` number.
pub(crate) fn is_domestic_account(s: &str) -> bool {
    let digits = s.strip_prefix('P').unwrap_or(s);
    (3..=10).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (s.starts_with('P') || digits.len() >= 7)
}

/// A BIC: 4 bank letters, 2 country letters, 2 location characters and an
/// optional 3-character branch.
pub(crate) fn is_bic(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 8 || b.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}
