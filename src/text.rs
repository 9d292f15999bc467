//! Text helpers shared by readers and rules: decoding input bytes and
//! folding names for comparison.

use std::borrow::Cow;

/// The encoding a text file was read in, for the summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without BOM.
    Utf8,
    /// UTF-16 with a BOM.
    Utf16,
    /// Windows-1252 (superset of ISO-8859-1 for printable text).
    Windows1252,
}

/// Decodes a text file: UTF-16 when it has a UTF-16 BOM, UTF-8 (BOM
/// stripped) when valid, else Windows-1252. Never fails.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes);
        return (Cow::Owned(text.into_owned()), Encoding::Utf16);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
            (text, Encoding::Windows1252)
        }
    }
}

/// Folds a name or header for comparison: lower case, accents removed,
/// runs of white space and punctuation made one space, trimmed.
/// `Cliëntnummer` → `clientnummer`, `Decl. Nr.` → `decl nr`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = strip_accent(c);
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// The base letter of a Latin letter with a diacritic; other characters
/// unchanged.
pub fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        _ => c,
    }
}

/// Replaces every citizen service number (BSN) in a text with `*********`
/// so that none reaches an output (SPEC §3). A BSN is a run of exactly 9
/// digits, not part of a longer number, that passes the eleven-test
/// (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11, and not all zeros). Spaced or
/// dotted forms (`1234.56.782`, `123 456 782`) are masked too.
pub fn mask_bsn(text: &str) -> Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Option<Vec<char>> = None;
    let mut i = 0;
    while i < chars.len() {
        let starts_number =
            chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if !starts_number {
            i += 1;
            continue;
        }
        // Collect digits, allowing single separators between groups.
        let mut digits = Vec::new();
        let mut j = i;
        while j < chars.len() && digits.len() <= 9 {
            if chars[j].is_ascii_digit() {
                digits.push(chars[j]);
                j += 1;
            } else if matches!(chars[j], ' ' | '.' | '-')
                && j + 1 < chars.len()
                && chars[j + 1].is_ascii_digit()
                && !digits.is_empty()
                && digits.len() < 9
            {
                j += 1;
            } else {
                break;
            }
        }
        let ends_number = j >= chars.len() || !chars[j].is_ascii_alphanumeric();
        if digits.len() == 9 && ends_number && passes_eleven_test(&digits) {
            let o = out.get_or_insert_with(|| chars.clone());
            for c in o.iter_mut().take(j).skip(i) {
                if c.is_ascii_digit() {
                    *c = '*';
                }
            }
            i = j;
        } else {
            // Skip the whole run of digits so a longer number is never
            // masked in part.
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
        }
    }
    match out {
        Some(o) => Cow::Owned(o.into_iter().collect()),
        None => Cow::Borrowed(text),
    }
}

fn passes_eleven_test(d: &[char]) -> bool {
    let v: Vec<i64> = d
        .iter()
        .map(|c| i64::from(c.to_digit(10).unwrap_or(0)))
        .collect();
    if v.iter().all(|x| *x == 0) {
        return false;
    }
    let sum: i64 = v[..8]
        .iter()
        .enumerate()
        .map(|(k, x)| x * (9 - k as i64))
        .sum::<i64>()
        - v[8];
    sum % 11 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc").0, "abc");
        let (t, e) = decode(b"initi\xEBrende");
        assert_eq!(t, "initiërende");
        assert_eq!(e, Encoding::Windows1252);
        let (t, e) = decode(b"\xFF\xFEa\0b\0");
        assert_eq!((t.as_ref(), e), ("ab", Encoding::Utf16));
    }

    #[test]
    fn masks_citizen_service_numbers_only() {
        assert_eq!(
            mask_bsn("bsn 111222333 factuur F1"),
            "bsn ********* factuur F1"
        );
        assert_eq!(mask_bsn("BSN: 1112.22.333"), "BSN: ****.**.***");
        // Fails the eleven-test, longer numbers, invoice numbers: untouched.
        assert_eq!(mask_bsn("nr 123456789"), "nr 123456789");
        assert_eq!(
            mask_bsn("kenmerk 5000056789012345"),
            "kenmerk 5000056789012345"
        );
        assert_eq!(mask_bsn("F111222333"), "F111222333");
        assert!(matches!(mask_bsn("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn folds_headers() {
        assert_eq!(fold("Cliëntnummer"), "clientnummer");
        assert_eq!(fold("  Decl. Nr. "), "decl nr");
        assert_eq!(fold("Naam / Omschrijving"), "naam omschrijving");
    }
}
