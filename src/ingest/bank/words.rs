//! Format-neutral words of bank text: runs of white space made one space,
//! characters that are no content removed, and the placeholders that stand
//! where a reference is missing. Every reader cleans its texts with these,
//! so a description or a name reads the same whichever format it came from.

use std::borrow::Cow;

/// True for a reference field that holds no reference: empty, or a
/// placeholder (`NOTPROVIDED`, the SEPA "no end-to-end id"; `NONREF`, the
/// SWIFT "no reference"). The one test every reader uses.
pub(crate) fn no_reference(r: &str) -> bool {
    let r = r.trim();
    r.is_empty() || r.eq_ignore_ascii_case("NOTPROVIDED") || r.eq_ignore_ascii_case("NONREF")
}

/// Runs of white space made one space, trimmed.
pub(crate) fn squash(text: &str) -> String {
    // Exact when no run of white space is inside: nothing to give back
    // when the result is boxed.
    let mut out = String::with_capacity(text.trim().len());
    squash_into(&mut out, text);
    out
}

/// Appends the words of `text` to `out`, each after one space unless
/// `out` is empty: [`squash`] of several texts joined by spaces, built in
/// one string.
pub(crate) fn squash_into(out: &mut String, text: &str) {
    // Reserved once for the whole text rather than grown word by word.
    let t = text.trim();
    if !t.is_empty() {
        out.reserve(t.len() + 1);
    }
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// Removes what is no content from one line of bank text: `^Z` (0x1A, an
/// old end-of-file mark that some banks glue to a tag), soft hyphens
/// (U+00AD), byte-order marks, carriage returns; TABs become spaces. A
/// line with none of them (nearly every line) is returned as it is.
pub(crate) fn clean_line(raw: &str) -> Cow<'_, str> {
    // The first bytes of what is removed or replaced: 0x1A, CR, TAB, and
    // the UTF-8 lead bytes of U+00AD (C2 AD) and U+FEFF (EF BB BF).
    if !raw
        .bytes()
        .any(|b| matches!(b, 0x1a | b'\r' | b'\t' | 0xc2 | 0xef))
    {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(
        raw.chars()
            .filter(|c| !matches!(c, '\u{1a}' | '\u{ad}' | '\r' | '\u{feff}'))
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squashing_ascii_and_other_text_gives_the_words_joined_by_one_space() {
        for text in [
            "",
            "   ",
            "a",
            " a  b\tc\r\nd ",
            "x\u{0B}y",
            "\u{0C}f\u{0C}",
            "café  au\u{A0}lait",
            "\u{2003}em space\u{2003}",
            "NOTPROVIDED /TRTP/SEPA OVERBOEKING",
        ] {
            for before in ["", "start"] {
                let mut got = before.to_string();
                squash_into(&mut got, text);
                let mut want: Vec<&str> = Vec::new();
                if !before.is_empty() {
                    want.push(before);
                }
                want.extend(text.split_whitespace());
                assert_eq!(got, want.join(" "), "{text:?} after {before:?}");
            }
        }
    }
}
