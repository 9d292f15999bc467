//! Bank export reader: ing. (Not yet written: detects nothing.)

use std::sync::Arc;

use crate::ingest::FileRead;
use crate::payment::BankLine;

/// True when `text` is in this format.
pub fn detect(_text: &str) -> bool {
    false
}

/// Reads every transaction of the file.
pub fn parse(path: &Arc<str>, _text: &str) -> FileRead<BankLine> {
    FileRead::unreadable(path, "ing", "reader not written yet")
}
