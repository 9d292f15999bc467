//! The lines of a SWIFT message as MT940 files carry them: the SWIFT
//! envelope blocks around the text, the terminators that end a message,
//! and the `:tag:` that opens a field.

/// Removes SWIFT envelope blocks at the start of a line: `{1:…}{2:…}{3:…}`
/// are dropped, `{4:` opens the text (what follows it is content), `-}`
/// closes it (returned as `true`), `{5:…}` after it is dropped.
pub(super) fn strip_envelope(line: &str) -> (&str, bool) {
    let mut s = line;
    let mut ended = false;
    loop {
        let t = s.trim_start();
        if let Some(rest) = t.strip_prefix("-}") {
            ended = true;
            s = rest;
        } else if let Some(rest) = t.strip_prefix("{4:") {
            s = rest;
        } else if t.starts_with('{') && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
            s = skip_block(t);
        } else {
            return (s, ended);
        }
    }
}

/// The text after one balanced `{…}` block (blocks nest: `{3:{108:x}}`).
pub(super) fn skip_block(t: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in t.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &t[i + 1..];
                }
            }
            _ => {}
        }
    }
    ""
}

/// `-` or `-XXX` on a line of its own ends a message. (A line such as
/// `-2014 Omschrijving/` is a wrapped `:86:` and no terminator.)
pub(super) fn is_terminator(t: &str) -> bool {
    t == "-"
        || (t.len() <= 4 && t.starts_with('-') && t[1..].bytes().all(|b| b.is_ascii_uppercase()))
}

/// `:61:…` → (`61`, `…`). Tags are two or three digits and an optional
/// letter (`:28C:`, `:60F:`, `:940:`).
pub(super) fn split_tag(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(':')?;
    let end = rest.find(':')?;
    let tag = &rest[..end];
    let digits = tag.bytes().take_while(u8::is_ascii_digit).count();
    let ok = (2..=3).contains(&digits)
        && tag.len() <= digits + 1
        && tag[digits..].bytes().all(|b| b.is_ascii_uppercase());
    ok.then(|| (tag, &rest[end + 1..]))
}
