//! Bank exports (docs/inputs.md): detect the format of a file from its content
//! and hand it to that format's reader. One file per format below (MT940 a
//! folder of its own), over the pieces they share, each with one job; their
//! import order is in `layers.rs`.
//!
//! Every format module has the same two functions:
//! `detect(text) -> bool`, true when the text is in that format, and
//! `parse(path, text) -> FileRead<BankLine>`, which reads every line it can
//! and reports every line it cannot. Ids are assigned here, after parsing.

mod abnamro_cells;
pub mod abnamro_tab;
mod account_shapes;
pub mod balance;
pub mod bunq;
pub mod camt053;
mod collector;
pub mod coverage;
mod draft;
mod fields;
pub mod generic;
pub mod ing;
pub mod knab;
mod labels;
#[cfg(test)]
pub(crate) mod layers;
mod layout;
pub mod marks;
pub mod mt940;
mod prologue;
pub mod rabobank;
mod records;
mod remittance;
mod sheet;
pub mod sns;
mod stated;
mod swift;
pub mod triodos;
mod words;

use std::sync::Arc;

use crate::ingest::FileRead;
use crate::payment::{BankLine, assign_ids};
use crate::problem::Refusal;
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
    // A spreadsheet (xlsx, xls, ods, HTML, Excel 2003 XML) is opened as
    // tables, and each sheet handed to the text readers below as text.
    if sheet::is_spreadsheet(bytes) {
        return sheet::read(path, bytes, read_text);
    }
    read_text(path, bytes)
}

/// Reads one bank export that is text: every format but a spreadsheet.
fn read_text(path: &Arc<str>, bytes: &[u8]) -> FileRead<BankLine> {
    if crate::ingest::sniff::looks_binary(bytes) {
        return FileRead::unreadable(path, "unknown", Refusal::BinaryBankFile);
    }
    let (text, _) = decode(bytes);
    // Every CSV detector splits and folds the first record; a first line
    // of megabytes is no export header (a CAMT statement may be one line).
    if !camt053::detect(&text)
        && let Some(why) = crate::ingest::table::overlong_first_line(&text)
    {
        return FileRead::unreadable(path, "unknown", why);
    }
    for (detect, parse) in READERS {
        if detect(&text) {
            let mut read = parse(path, &text);
            assign_ids(&mut read.rows);
            balance::settle(&mut read);
            return read;
        }
    }
    FileRead::unreadable(path, "unknown", Refusal::UnknownBankFormat)
}

#[cfg(test)]
mod tests;
