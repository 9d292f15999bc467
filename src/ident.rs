//! Identifiers compared the way docs/matching.md says: IBANs without spaces and case,
//! invoice numbers without case and the separators `-`, `.`, `/`, `_`.

use std::fmt;

use crate::text::Text;

/// A bank account number normalised for comparison: upper case, letters and
/// digits only. Holds IBANs and, for old exports, domestic account numbers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Iban(Text);

impl Iban {
    /// Normalises an account number; `None` when nothing is left (empty,
    /// only spaces or punctuation).
    pub fn parse(text: &str) -> Option<Iban> {
        // Most account numbers come normalised already: boxed as they are,
        // without building them again.
        let b = text.as_bytes();
        if !b.is_empty()
            && b.iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return (!b.iter().all(|c| *c == b'0')).then(|| Iban(Text::from(text)));
        }
        let s: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if s.is_empty() || s.chars().all(|c| c == '0') {
            None
        } else {
            Some(Iban(Text::from(s)))
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// True when this is a well-formed IBAN with a correct mod-97 check.
    pub fn is_valid_iban(&self) -> bool {
        let s = self.0.as_bytes();
        if s.len() < 15 || s.len() > 34 {
            return false;
        }
        if !s[..2].iter().all(u8::is_ascii_uppercase) || !s[2..4].iter().all(u8::is_ascii_digit) {
            return false;
        }
        let rearranged = self.0[4..].chars().chain(self.0[..4].chars());
        let mut rem: u32 = 0;
        for c in rearranged {
            let v = match c.to_digit(36) {
                Some(v) => v,
                None => return false,
            };
            rem = if v >= 10 {
                (rem * 100 + v) % 97
            } else {
                (rem * 10 + v) % 97
            };
        }
        rem == 1
    }
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Several account numbers in one cell, separated by `;` (or `,`).
pub fn parse_iban_list(text: &str) -> Vec<Iban> {
    text.split([';', ',']).filter_map(Iban::parse).collect()
}

/// The form in which invoice numbers and description tokens are compared:
/// upper case, without `-`, `.`, `/`, `_` and white space (docs/matching.md rule 2).
pub fn invoice_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    invoice_key_into(text, &mut key);
    key
}

/// [`invoice_key`] into a buffer the caller reuses (cleared first): the
/// matching core forms a key for every word of a million descriptions.
pub fn invoice_key_into(text: &str, key: &mut String) {
    key.clear();
    for c in text.chars() {
        if matches!(c, '-' | '.' | '/' | '_') || c.is_whitespace() {
            continue;
        }
        if c.is_ascii() {
            key.push(c.to_ascii_uppercase());
        } else {
            key.extend(c.to_uppercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_compare_without_spaces_and_case() {
        assert_eq!(
            Iban::parse("nl91 abna 0417 1643 00"),
            Iban::parse("NL91ABNA0417164300")
        );
        assert_eq!(Iban::parse("  "), None);
        assert_eq!(Iban::parse("0000000"), None);
        assert!(Iban::parse("NL91ABNA0417164300").is_some_and(|i| i.is_valid_iban()));
        assert!(!Iban::parse("NL91ABNA0417164301").is_some_and(|i| i.is_valid_iban()));
        assert!(!Iban::parse("NL76INB05555555555").is_some_and(|i| i.is_valid_iban()));
    }

    #[test]
    fn iban_lists_split_on_semicolons() {
        let l = parse_iban_list("NL91ABNA0417164300; NL02 RABO 0123 4567 89");
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].as_str(), "NL02RABO0123456789");
    }

    #[test]
    fn invoice_keys_drop_separators() {
        assert_eq!(invoice_key("f-2026.0012"), "F20260012");
        assert_eq!(invoice_key("F_2026/0012"), "F20260012");
    }
}
