//! Tables from spreadsheets (xlsx, xlsm, xlsb, xls, ods), Excel 2003 XML,
//! HTML "Excel exports" and CSV files, as typed cells with their
//! positions, and header-row finding by aliases.
//!
//! Every tabular input (the invoice register, insurer specifications,
//! billing agents' statements, `overrides.csv`, the accountant's saved
//! decisions) goes through here, so that they all accept the same layouts:
//! the format is decided by the bytes (zip, OLE2 or text), never by the
//! file name; a CSV may use `;`, `,` or tab, be quoted or not and come in
//! any encoding [`decode`] knows; a workbook is read sheet by sheet.
//!
//! This file decides the format and hands the bytes to the reader of it;
//! each job has its own file beside it, lowest layer first (see `layers`,
//! which checks that imports run down them):
//!
//! - `cell`, `entities`, `compound`: a cell's value, the XML and HTML
//!   character references, and the one OLE2 compound-file reader;
//! - `sheet`, `values`: rows, sheets and tables; cell values as amounts,
//!   dates, identifiers and text, which refuse to guess;
//! - `row_builder`, `bounds`: rows gathered under the file's cell budget,
//!   and container sizes checked before calamine allocates for them;
//! - `header`, `row_cells`: the header row by aliases and which rows are
//!   data; the cells of one data row read into values or problems;
//! - `sink`, `delimited`, `sheet_scan`, `html`, `spreadsheetml`: tables
//!   shown sheet by sheet, CSV, a quick look through an xlsx sheet, and
//!   the two text workbook formats;
//! - `workbook`: the binary and zipped workbooks, through calamine.
//!
//! Memory is bounded whatever a file claims: xlsx and xlsb sheets are
//! streamed into rows that hold only their used span, under a per-file
//! budget of cells; zip, ods and xls containers are checked by `bounds`
//! before calamine allocates for them; a text file whose first line passes
//! [`MAX_FIRST_LINE`] is no table. A file or sheet over a limit is an
//! error for that file or sheet, never an abort of the run.

use std::sync::Arc;

use super::FileRead;
use crate::problem::Refusal;
use crate::text::decode;

mod bounds;
mod cell;
mod compound;
mod delimited;
pub(crate) mod entities;
mod header;
pub mod html;
#[cfg(test)]
pub(crate) mod layers;
mod row_builder;
mod row_cells;
mod sheet;
mod sheet_scan;
mod sink;
pub mod spreadsheetml;
mod values;
mod workbook;

pub use cell::CellValue;
pub use header::{Aliases, Header, RowKind, data_rows, find_header, row_kind, sheets_with_header};
pub use row_cells::{At, RowCells, filled};
pub use sheet::{OpenError, Row, Sheet, Table};
pub use sink::{SheetSink, Streamed};
pub use values::{amount, date, ident, text};

/// Opens a file as tables, deciding the format from its bytes: a zip
/// archive is xlsx/xlsm/ods, an OLE2 compound file is xls, readable text
/// is CSV. Never panics, whatever the bytes, and keeps the memory a
/// workbook may cost bounded (see the `bounds` module): a file or sheet beyond the
/// limits is an error, never an abort.
pub fn open(path: &Arc<str>, bytes: &[u8]) -> Result<Table, OpenError> {
    if let Some(why) = compound::implausible_compound_file(bytes) {
        return Err(OpenError { format: "xls", why });
    }
    if compound::is_encrypted_package(bytes) {
        return Err(OpenError {
            format: "xlsx",
            why: Refusal::PasswordProtected,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // calamine is a large parser of hostile formats; a panic inside it
        // must cost this file only, never the run.
        match workbook::quietly_catch_unwind(|| workbook::open_workbook(path, bytes)) {
            Ok(r) => r,
            Err(()) => Err(OpenError {
                format: "unknown",
                why: Refusal::Damaged,
            }),
        }
    } else if super::sniff::looks_binary(bytes) {
        Err(OpenError {
            format: "unknown",
            why: Refusal::Binary,
        })
    } else {
        let (text, _) = decode(bytes);
        if spreadsheetml::detect(&text) {
            return spreadsheetml::read(path, &text);
        }
        if html::detect(&text) {
            return html::read(path, &text);
        }
        if let Some(why) = overlong_first_line(&text) {
            return Err(OpenError {
                format: "unknown",
                why,
            });
        }
        Ok(delimited::csv_table(path, &text))
    }
}

/// Longest first line a text table or bank export may have: 1 MiB. A
/// header of the widest known layout (Rabobank, 26 columns) is about 400
/// bytes, and a register or specification header a few hundred; a first
/// line a thousand times longer is no table, and each reader that tries
/// it would split and fold millions of header fields (minutes and a
/// gigabyte for a 100 MB line in a debug build).
pub const MAX_FIRST_LINE: usize = 1 << 20;

/// Why a text file is refused before any reader parses it: a first line
/// (ended by `\n` or `\r`, as the csv reader ends records) longer than
/// [`MAX_FIRST_LINE`]. XML is exempt from this by its callers: a
/// statement may well be one long line.
pub fn overlong_first_line(text: &str) -> Option<Refusal> {
    let head = text.get(..MAX_FIRST_LINE + 1).unwrap_or(text);
    let len = head.find(['\n', '\r']).unwrap_or(head.len());
    (len > MAX_FIRST_LINE).then_some(Refusal::FirstLineTooLong {
        limit: MAX_FIRST_LINE as u64,
    })
}

/// Opens a file as tables and starts a reader's result from it: the
/// detected format and the problems the table layer found. A file that is
/// no table at all is already the whole result (`Err`).
pub fn start<T>(path: &Arc<str>, bytes: &[u8]) -> Result<(Table, FileRead<T>), FileRead<T>> {
    let table = open(path, bytes).map_err(|e| FileRead::unreadable(path, e.format, e.why))?;
    let out = FileRead {
        format: table.format.to_string(),
        rows: Vec::new(),
        problems: table.problems.clone(),
        rows_read: 0,
        rows_rejected: 0,
        bank: Default::default(),
    };
    Ok((table, out))
}

/// Feeds a file's sheets to `sink`, deciding the format from the bytes as
/// [`open`] does. An xlsx or xlsb workbook is streamed: each sheet's head
/// is read, and the rest only when the sink asks for it, one row at a
/// time; every other format is opened whole by [`open`] and then shown the
/// same way. `make` gives a fresh sink; it is called again when a workbook
/// turns out not to be streamable after all (cells out of row order,
/// which only [`open`] joins), and the sink returned is the one that saw
/// the file. Whatever the bytes, the sink is shown what [`open`] would
/// give it.
pub fn stream<S: SheetSink>(
    path: &Arc<str>,
    bytes: &[u8],
    make: impl Fn() -> S,
) -> Result<(S, Streamed), OpenError> {
    if bytes.starts_with(b"PK\x03\x04")
        && compound::implausible_compound_file(bytes).is_none()
        && !compound::is_encrypted_package(bytes)
    {
        let mut sink = make();
        let streamed =
            workbook::quietly_catch_unwind(|| workbook::stream_workbook(path, bytes, &mut sink));
        if let Ok(Some(streamed)) = streamed {
            return Ok((sink, streamed));
        }
    }
    let table = open(path, bytes)?;
    let mut sink = make();
    let streamed = sink::show_table(table, &mut sink);
    Ok((sink, streamed))
}

/// [`stream`] without streaming: the file opened whole by [`open`], then
/// shown to the sink sheet by sheet. What a streamed file gives is
/// checked against this.
#[cfg(test)]
pub(crate) fn stream_whole<S: SheetSink>(
    path: &Arc<str>,
    bytes: &[u8],
    mut sink: S,
) -> Result<(S, Streamed), OpenError> {
    let table = open(path, bytes)?;
    let streamed = sink::show_table(table, &mut sink);
    Ok((sink, streamed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Arc<str> {
        Arc::from("x/t.csv")
    }

    #[test]
    fn a_first_line_of_megabytes_is_no_table() {
        let mut long = vec![b'a'; MAX_FIRST_LINE + 1];
        long.extend(b"\nb;c\n");
        let e = open(&p(), &long).unwrap_err();
        assert!(
            matches!(e.why, Refusal::FirstLineTooLong { .. }),
            "{:?}",
            e.why
        );
        long[MAX_FIRST_LINE] = b'\r';
        assert!(open(&p(), &long).is_ok(), "ends just within the limit");
        assert_eq!(overlong_first_line("a;b\r\nc"), None);
    }

    #[test]
    fn binary_bytes_are_refused_and_broken_zips_are_errors() {
        let path = p();
        let e = open(&path, &[0, 1, 2, 3, 255, 0, 7]).unwrap_err();
        assert_eq!(e.why, Refusal::Binary);
        let e = open(&path, b"PK\x03\x04garbage").unwrap_err();
        assert!(matches!(e.why, Refusal::NotASpreadsheet(_)), "{:?}", e.why);
        let e = open(&path, &[0xD0, 0xCF, 0x11, 0xE0, 1, 2]).unwrap_err();
        assert!(matches!(e.why, Refusal::DamagedPart { .. }), "{:?}", e.why);
    }
}
