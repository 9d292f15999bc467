//! Payment references in free text: the docs/matching.md tokeniser, the Dutch
//! betalingskenmerk check digit and the ISO 11649 RF creditor reference.

use crate::ident::invoice_key;

/// Cuts a description into tokens at white space and at `,;:()"'`
/// (docs/matching.md rule 2). Empty tokens are skipped.
pub fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '\''))
        .filter(|t| !t.is_empty())
}

/// Tokens in comparison form (see [`invoice_key`]), at least 4 characters
/// long, in the order they appear.
pub fn match_tokens(text: &str) -> Vec<String> {
    tokens(text)
        .map(invoice_key)
        .filter(|t| t.chars().count() >= 4)
        .collect()
}

/// True for a valid betalingskenmerk: 7–16 digits; 16 digits: check digit
/// and 15 digits; 9–14 digits: check digit, length code and 7–12 digits;
/// 7 digits: no check. (8 and 15 digits are no valid length.)
///
/// ```
/// use zorgrecon::reference::is_betalingskenmerk;
///
/// assert!(is_betalingskenmerk("5000056789012345"));
/// assert!(!is_betalingskenmerk("9001123412341234"));
/// ```
pub fn is_betalingskenmerk(digits: &str) -> bool {
    let b = digits.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    match b.len() {
        7 => true,
        16 => check_digit(&b[1..]) == Some(b[0] - b'0'),
        9..=14 => {
            let length_code = (b[1] - b'0') as usize;
            length_code == (b.len() - 2) % 10 && check_digit(&b[1..]) == Some(b[0] - b'0')
        }
        _ => false,
    }
}

/// The check digit over the digits after it: weights 2, 4, 8, 5, 10, 9, 7,
/// 3, 6, 1 from the right, repeating; 11 − (sum mod 11), 10 → 1, 11 → 0.
fn check_digit(rest: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 10] = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1];
    let sum: u32 = rest
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * WEIGHTS[i % 10])
        .sum();
    let c = 11 - (sum % 11);
    Some(match c {
        10 => 1,
        11 => 0,
        c => c as u8,
    })
}

/// True for a valid RF creditor reference (ISO 11649), spaces allowed:
/// `RF` + 2 check digits + up to 21 letters and digits, mod 97 = 1.
pub fn is_rf_reference(text: &str) -> bool {
    let s: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if s.len() < 5 || s.len() > 25 || !s.starts_with("RF") {
        return false;
    }
    // ASCII first: only then are the byte slices below on char boundaries.
    if !s.bytes().all(|b| b.is_ascii_alphanumeric()) || !s[2..4].bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    let mut rem: u32 = 0;
    for c in s[4..].chars().chain(s[..4].chars()) {
        let Some(v) = c.to_digit(36) else {
            return false;
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// Every valid betalingskenmerk (16, 9–14 digits with a correct check digit)
/// and RF reference in a free text, in the order found, without repeats.
/// A 16-digit kenmerk written in groups (`5000 0567 8901 2345`) is found too.
/// 7-digit numbers carry no check and are not taken from free text.
pub fn find_references(text: &str) -> Vec<String> {
    // Repeats are dropped once at the end: a `contains` per push was square
    // time on one long description.
    let mut found: Vec<String> = Vec::new();
    let push = |r: String, found: &mut Vec<String>| found.push(r);
    let words: Vec<&str> = tokens(text).collect();
    for (i, w) in words.iter().enumerate() {
        // Most words are neither: test the bytes before allocating.
        if w.as_bytes()
            .get(..2)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"RF"))
        {
            rf_reference(&words, i, &mut found);
            continue;
        }
        let n = w.len();
        if (9..=16).contains(&n)
            && n != 15
            && w.bytes().all(|b| b.is_ascii_digit())
            && is_betalingskenmerk(w)
        {
            push(w.to_string(), &mut found);
            continue;
        }
        if n == 4 && w.bytes().all(|b| b.is_ascii_digit()) && i + 3 < words.len() {
            let joined: String = words[i..i + 4].concat();
            if joined.len() == 16
                && joined.bytes().all(|b| b.is_ascii_digit())
                && is_betalingskenmerk(&joined)
            {
                push(joined, &mut found);
            }
        }
    }
    dedup_keep_first(&mut found);
    found
}

/// Drops the repeats in `list`, keeping each first occurrence in its
/// place: the same list as pushing each item unless already present, but
/// hashed, so that a list of thousands (one long description) is not
/// square time.
pub(crate) fn dedup_keep_first(list: &mut Vec<String>) {
    if list.len() < 2 {
        return;
    }
    let keep: Vec<bool> = {
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSetExt::with_capacity(list.len());
        list.iter().map(|r| seen.insert(r.as_str())).collect()
    };
    let mut keep = keep.into_iter();
    list.retain(|_| keep.next().unwrap_or(true));
}

/// The RF reference starting at word `i` (which starts with `RF` in any
/// case), whole or in groups of four, added to `found` (repeats are
/// dropped by the caller).
fn rf_reference(words: &[&str], i: usize, found: &mut Vec<String>) {
    let push = |r: String, found: &mut Vec<String>| found.push(r);
    let Some(w) = words.get(i) else {
        return;
    };
    let upper = w.to_ascii_uppercase();
    if is_rf_reference(&upper) {
        push(upper, found);
        return;
    }
    if upper.len() == 4 {
        // `RF18 5390 0754 7034`: join following groups while valid.
        let mut joined = upper;
        for next in words.iter().skip(i + 1).take(6) {
            if !next.bytes().all(|b| b.is_ascii_alphanumeric()) || next.len() > 4 {
                break;
            }
            joined.push_str(&next.to_ascii_uppercase());
            if is_rf_reference(&joined) {
                push(joined.clone(), found);
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn betalingskenmerk_check_digits() {
        for ok in [
            "5000056789012345",
            "12234534622567",
            "1067931951601240",
            "8850426741301240",
        ] {
            assert!(is_betalingskenmerk(ok), "{ok}");
        }
        for bad in [
            "9001123412341234",
            "4420043232693268",
            "12345678",
            "123456789012345",
            "12a4567",
        ] {
            assert!(!is_betalingskenmerk(bad), "{bad}");
        }
        assert!(is_betalingskenmerk("1234567"));
    }

    #[test]
    fn repeats_are_dropped_keeping_first_occurrences_in_order() {
        let mut l: Vec<String> = ["b", "a", "b", "c", "a", "d"].map(String::from).to_vec();
        dedup_keep_first(&mut l);
        assert_eq!(l, ["b", "a", "c", "d"]);
        // One long description: thousands of kenmerken, each twice (square
        // time before); every one found once, in the order first written.
        let kenmerken: Vec<String> = (0..100_000u64)
            .map(|n| format!("{n:015}"))
            .map(|body| {
                (0..10)
                    .map(|c| format!("{c}{body}"))
                    .find(|k| is_betalingskenmerk(k))
                    .unwrap_or_default()
            })
            .filter(|k| !k.is_empty())
            .take(5_000)
            .collect();
        assert_eq!(kenmerken.len(), 5_000);
        let text = format!("{0} RF18539007547034 {0}", kenmerken.join(" "));
        let found = find_references(&text);
        assert_eq!(found.len(), kenmerken.len() + 1);
        assert_eq!(found[..kenmerken.len()], kenmerken[..]);
        assert_eq!(found[kenmerken.len()], "RF18539007547034");
    }

    #[test]
    fn rf_references() {
        assert!(is_rf_reference("RF18539007547034"));
        assert!(is_rf_reference("RF18 5390 0754 7034"));
        assert!(is_rf_reference("RF68AB2G5"));
        assert!(!is_rf_reference("RF18539007547035"));
        assert!(!is_rf_reference("RFXX"));
        // A multi-byte letter across the check digits: false, no panic.
        assert!(!is_rf_reference("RF1ÿ23456"));
    }

    #[test]
    fn finds_references_in_free_text() {
        let t =
            "Betaling factuur 5000 0567 8901 2345 en RF18 5390 0754 7034, kenmerk 1067931951601240";
        assert_eq!(
            find_references(t),
            vec!["5000056789012345", "RF18539007547034", "1067931951601240"]
        );
        assert!(find_references("bedrag 9001123412341234").is_empty());
    }

    #[test]
    fn tokens_split_as_the_spec_says() {
        let t: Vec<&str> = tokens("Factuur:F-2026.001,(zie) \"x\" 'y';z").collect();
        assert_eq!(t, vec!["Factuur", "F-2026.001", "zie", "x", "y", "z"]);
        assert_eq!(match_tokens("nr F-2026.001 abc"), vec!["F2026001"]);
    }
}
