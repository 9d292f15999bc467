//! Bank export reader: MT940 (SWIFT customer statement), as Dutch banks
//! write it (docs/inputs.md, "MT940").
//!
//! The reader is deliberately tolerant, because every bank bends the
//! standard its own way: SWIFT envelopes `{1:}{2:}{4: … -}{5:}`, preamble
//! lines (`:940:`, `ABNANL2A`/`940`, `0000 01INGBNL2AXXXX00001`), `-` and
//! `-XXX` terminators, several statements and accounts per file, stray
//! `^Z` bytes, soft hyphens and TABs. Each `:61:` line is one transaction;
//! its `:86:` lines are joined first (they wrap mid-token at 65 characters,
//! even inside a tag name) and then read as Dutch `/TAG/` subfields, the
//! older Triodos `>20…>31` subfields or labelled free text (`NAAM:`,
//! `REK:`, `IBAN:`). A `:61:` that cannot be read is one problem and the
//! rest of the file goes on.

mod message;
mod statement;
mod transaction;

use std::sync::Arc;

use self::message::strip_envelope;
use self::statement::Reader;
use super::words::clean_line;
use crate::ingest::FileRead;
use crate::payment::BankLine;

/// The format name this reader reports.
const FORMAT: &str = "mt940";

/// True when `text` is an MT940 file: it has the statement tags `:20:` and
/// `:25:` at the start of lines, and a balance or transaction tag. No CSV
/// export has lines that start that way.
pub fn detect(text: &str) -> bool {
    let (mut has20, mut has25, mut has_body) = (false, false, false);
    for raw in text.lines() {
        // Only a line whose first character that stays is `:`, `{` or `-`
        // can hold a tag (after an envelope); other lines, such as every
        // line of a CSV export, are passed over without cleaning.
        let first = raw
            .chars()
            .find(|c| !c.is_whitespace() && !matches!(c, '\u{1a}' | '\u{ad}' | '\u{feff}'));
        if !matches!(first, Some(':' | '{' | '-')) {
            continue;
        }
        let line = clean_line(raw);
        let (content, _) = strip_envelope(&line);
        let t = content.trim_start();
        has20 |= t.starts_with(":20:");
        has25 |= t.starts_with(":25:");
        has_body |= [":60F:", ":60M:", ":61:", ":28C:", ":28:", ":62F:"]
            .iter()
            .any(|tag| t.starts_with(tag));
        if has20 && has25 && has_body {
            return true;
        }
    }
    false
}

/// Reads every `:61:` transaction of the file. Source = the physical line of
/// the `:61:`.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let mut reader = Reader::new(path, FORMAT);
    for (i, raw) in text.lines().enumerate() {
        reader.line(i as u64 + 1, raw);
    }
    reader.end()
}

#[cfg(test)]
mod tests;
