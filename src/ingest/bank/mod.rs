//! Bank exports (SPEC §5.2): detect the format of a file from its content
//! and hand it to that format's reader. One file per format below.
//!
//! Every format module has the same two functions:
//! `detect(text) -> bool`, true when the text is in that format, and
//! `parse(path, text) -> FileRead<BankLine>`, which reads every line it can
//! and reports every line it cannot. Ids are assigned here, after parsing.

pub mod abnamro_tab;
pub mod bunq;
pub mod camt053;
pub mod generic;
pub mod ing;
pub mod knab;
pub mod mt940;
pub mod rabobank;
mod record;
pub mod sns;
pub mod triodos;

use std::sync::Arc;

use super::FileRead;
use crate::payment::{BankLine, assign_ids};
use crate::text::decode;

type Detect = fn(&str) -> bool;
type Parse = fn(&Arc<str>, &str) -> FileRead<BankLine>;

/// The readers, most specific first: a file is read by the first whose
/// `detect` accepts it.
const READERS: [(Detect, Parse); 10] = [
    (camt053::detect, camt053::parse),
    (mt940::detect, mt940::parse),
    (knab::detect, knab::parse),
    (rabobank::detect, rabobank::parse),
    (ing::detect, ing::parse),
    (bunq::detect, bunq::parse),
    (abnamro_tab::detect, abnamro_tab::parse),
    (triodos::detect, triodos::parse),
    (sns::detect, sns::parse),
    (generic::detect, generic::parse),
];

/// Reads one bank file of any supported format. A file in no known format
/// is one problem, and the run goes on.
pub fn read(path: &Arc<str>, bytes: &[u8]) -> FileRead<BankLine> {
    if looks_binary(bytes) {
        return FileRead::unreadable(
            path,
            "unknown",
            "not a bank export in a known format (binary content)",
        );
    }
    let (text, _) = decode(bytes);
    for (detect, parse) in READERS {
        if detect(&text) {
            let mut read = parse(path, &text);
            assign_ids(&mut read.rows);
            return read;
        }
    }
    FileRead::unreadable(path, "unknown", "not a bank export in a known format")
}

/// True for content no text format has: NUL bytes outside a UTF-16 file.
fn looks_binary(bytes: &[u8]) -> bool {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    !utf16 && bytes.iter().take(8192).any(|b| *b == 0)
}
