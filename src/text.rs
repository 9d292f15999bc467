//! Text helpers shared by readers and rules: decoding input bytes and
//! folding names for comparison.

use compact_str::CompactString;
use std::borrow::Cow;
use std::fmt;

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
        // ASCII (nearly every character of a header or name) without the
        // Unicode tables: no accent to strip, one lower-case letter.
        let c = if c.is_ascii() { c } else { strip_accent(c) };
        if !c.is_alphanumeric() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The characters of [`fold`]`(text)` one by one, handed to `f` until it
/// returns false (then this returns false too): compares a text's folded
/// form without building it.
fn fold_each(text: &str, mut f: impl FnMut(char) -> bool) -> bool {
    let (mut space, mut any) = (false, false);
    for c in text.chars() {
        let c = if c.is_ascii() { c } else { strip_accent(c) };
        if c.is_alphanumeric() {
            if space && any && !f(' ') {
                return false;
            }
            space = false;
            any = true;
            if c.is_ascii() {
                if !f(c.to_ascii_lowercase()) {
                    return false;
                }
            } else {
                for l in c.to_lowercase() {
                    if !f(l) {
                        return false;
                    }
                }
            }
        } else {
            space = true;
        }
    }
    true
}

/// `fold(text) == folded`, without building the folded text.
pub fn fold_eq(text: &str, folded: &str) -> bool {
    let mut want = folded.chars();
    fold_each(text, |c| want.next() == Some(c)) && want.next().is_none()
}

/// True when `fold(text)` is the folded `word` or starts with it and a
/// space, without building the folded text.
pub fn fold_starts_with_word(text: &str, word: &str) -> bool {
    let mut want = word.chars();
    // Whether every folded character so far was the word's, and the one
    // after the word (if any) a space.
    let mut ok = true;
    fold_each(text, |c| match want.next() {
        Some(w) => {
            ok = w == c;
            ok
        }
        None => {
            ok = c == ' ';
            false
        }
    });
    ok && want.next().is_none()
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
/// so that none reaches an output (ARCHITECTURE.md, privacy). A BSN is written as 9 digits
/// (`111222333`) or grouped as `1112.22.333` / `111 222 333` (one
/// separator kind: space, `.` or `-`), not part of a longer number, and
/// passes the eleven-test (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11, not all
/// zeros). Other digit runs, amounts and invoice numbers are left alone.
pub fn mask_bsn(text: &str) -> Cow<'_, str> {
    const SHAPES: [&[usize]; 3] = [&[9], &[4, 2, 3], &[3, 3, 3]];
    // Every shape has nine digits: most texts have fewer and need no look.
    if text.bytes().filter(u8::is_ascii_digit).count() < 9 {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out: Option<Vec<char>> = None;
    let boundary_before = |i: usize| {
        i == 0
            || !(chars[i - 1].is_alphanumeric()
                || (i >= 2 && is_sep(chars[i - 1]) && chars[i - 2].is_ascii_digit()))
    };
    let mut i = 0;
    while i < chars.len() {
        if !(chars[i].is_ascii_digit() && boundary_before(i)) {
            i += 1;
            continue;
        }
        let found = SHAPES
            .iter()
            .find_map(|shape| match_shape(&chars, i, shape));
        match found {
            Some(end) => {
                let digits: Vec<char> = chars[i..end]
                    .iter()
                    .copied()
                    .filter(char::is_ascii_digit)
                    .collect();
                if passes_eleven_test(&digits) {
                    let o = out.get_or_insert_with(|| chars.clone());
                    for c in o.iter_mut().take(end).skip(i) {
                        if c.is_ascii_digit() {
                            *c = '*';
                        }
                    }
                }
                i = end;
            }
            None => {
                while i < chars.len() && chars[i].is_alphanumeric() {
                    i += 1;
                }
            }
        }
    }
    match out {
        Some(o) => Cow::Owned(o.into_iter().collect()),
        None => Cow::Borrowed(text),
    }
}

fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '.' | '-')
}

/// The end of a digit run at `start` grouped as `shape` (one separator kind
/// between groups) that stands alone: no letter or digit after it, and no
/// further separated digits.
fn match_shape(chars: &[char], start: usize, shape: &[usize]) -> Option<usize> {
    let mut i = start;
    let mut sep: Option<char> = None;
    for (g, len) in shape.iter().enumerate() {
        if g > 0 {
            let c = *chars.get(i)?;
            if !is_sep(c) || sep.is_some_and(|s| s != c) {
                return None;
            }
            sep = Some(c);
            i += 1;
        }
        for _ in 0..*len {
            if !chars.get(i)?.is_ascii_digit() {
                return None;
            }
            i += 1;
        }
    }
    let after = chars.get(i).copied();
    let continues = match after {
        None => false,
        Some(c) if c.is_alphanumeric() => true,
        Some(c) if is_sep(c) => chars.get(i + 1).is_some_and(char::is_ascii_digit),
        Some(_) => false,
    };
    (!continues).then_some(i)
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

/// A short read-only text as the ledger keeps a million of them: a
/// [`CompactString`], which holds up to 24 bytes in place (24 bytes, no
/// allocation, where a `String` takes 24 bytes plus a heap block) — a
/// stable id (`P20260301-0123456789ab`), an IBAN, most names and bank
/// references fit — and longer ones on the heap. Read-only, so a line's
/// fields cannot be changed behind the stable id. It dereferences to
/// `str`, compares, orders and hashes as its bytes (which for UTF-8 is the
/// order of `str`), and compares equal with `str` and `String`.
#[derive(Clone, Default)]
pub struct Text(CompactString);

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The text's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(CompactString::new(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        // Short texts move in place; long ones keep the String's buffer.
        Text(CompactString::from(s))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_inline_and_boxed_behave_as_str() {
        let short = Text::from("P20260301-0123456789ab");
        let long = Text::from(String::from("P20260301-0123456789ab-2"));
        let longer = Text::from(String::from("P20260301-0123456789ab-27"));
        assert!(!short.0.is_heap_allocated());
        assert!(!long.0.is_heap_allocated(), "24 bytes are held in place");
        assert!(longer.0.is_heap_allocated());
        assert_eq!(longer, "P20260301-0123456789ab-27");
        assert_eq!(short, "P20260301-0123456789ab");
        assert_eq!(long.as_str(), "P20260301-0123456789ab-2");
        assert!(short < long);
        assert_eq!(Text::from("é€"), "é€".to_string());
        assert_eq!(Text::default().len(), 0);
        let mut sorted = vec![
            Text::from("b"),
            Text::from("ab".repeat(20)),
            Text::from("a"),
        ];
        sorted.sort();
        assert_eq!(
            sorted,
            vec!["a".to_string(), "ab".repeat(20), "b".to_string()]
        );
        assert_eq!(
            format!("{short}|{long:?}"),
            "P20260301-0123456789ab|\"P20260301-0123456789ab-2\""
        );
    }

    #[test]
    fn folded_comparisons_agree_with_fold() {
        let texts = [
            "",
            " ",
            "Totaal",
            "  TOTAAL: 12",
            "Totaalbedrag",
            "Subtotaal",
            "tot",
            "Cliëntnummer",
            "Decl. Nr.",
            "Straße",
            "İstanbul",
            "ÀÉÎ õü",
            "a-b",
            "x  y ",
            "totaal-2024",
        ];
        let words = [
            "",
            "totaal",
            "clientnummer",
            "decl nr",
            "a b",
            "x",
            "tot",
            "strasse",
        ];
        for t in texts {
            let f = fold(t);
            for w in words {
                assert_eq!(fold_eq(t, w), f == w, "{t:?} = {w:?}");
                let starts = f == w || f.starts_with(&format!("{w} "));
                assert_eq!(fold_starts_with_word(t, w), starts, "{t:?} starts {w:?}");
            }
            assert!(fold_eq(t, &f), "{t:?}");
        }
    }

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
