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
    fn folds_headers() {
        assert_eq!(fold("Cliëntnummer"), "clientnummer");
        assert_eq!(fold("  Decl. Nr. "), "decl nr");
        assert_eq!(fold("Naam / Omschrijving"), "naam omschrijving");
    }
}
