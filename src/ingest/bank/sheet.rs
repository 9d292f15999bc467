//! Bank exports saved as spreadsheets: ABN AMRO's "Microsoft Excel"
//! download, and any CSV export an office opened in Excel and saved as
//! xlsx, xls, ods, HTML or Excel 2003 XML. The file is opened by the table
//! reader (`ingest::table`, so the same size limits and the same
//! password-protection message apply), and each sheet is written out as
//! the delimited text its bank's reader knows, which then recognises it by
//! its header as it would the CSV. A bank line keeps its sheet and row
//! (`bank/x.xlsx:Sheet1!5`): row n of the sheet is line n of that text.
//!
//! ABN AMRO's download has a header of its own (`accountNumber`,
//! `mutationcode`, `transactiondate`, `valuedate`, `startsaldo`,
//! `endsaldo`, `amount`, `description`) over the columns of its TAB export
//! in another order, the description in the same 32-character cells; its
//! rows are written in TAB order and read by the TAB reader.
//!
//! Spreadsheet numbers are written as the CSV would have them: whole
//! numbers (account numbers, `yyyymmdd` dates) without decimals, others
//! rounded to cents once ([`Money::from_spreadsheet`], ARCHITECTURE.md (invariants)) with a
//! decimal comma, as the Dutch exports write amounts; dates as
//! `yyyy-mm-dd`.

use std::sync::Arc;

use super::super::FileRead;
use super::super::table::{self, Cell, Row, Sheet};
use crate::money::Money;
use crate::payment::{BankLine, assign_ids};
use crate::problem::{Problem, ProblemKind, Refusal, SheetSkip};
use crate::source::{Loc, Source};
use crate::text::fold;

/// True when the bytes are a spreadsheet rather than a text export: a zip
/// or OLE2 container, or text that is an HTML table or Excel 2003 XML.
pub(super) fn is_spreadsheet(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return true;
    }
    // Only markers in the head are looked at; a character cut at its end
    // is replaced, which no marker contains.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]);
    table::html::detect(&head) || table::spreadsheetml::detect(&head)
}

/// Reads a spreadsheet bank export: every sheet that a bank reader
/// recognises, in order. `read_text` is the reader of text exports.
pub(super) fn read(
    path: &Arc<str>,
    bytes: &[u8],
    read_text: impl Fn(&Arc<str>, &[u8]) -> FileRead<BankLine>,
) -> FileRead<BankLine> {
    let table = match table::open(path, bytes) {
        Ok(t) => t,
        Err(e) => return FileRead::unreadable(path, e.format, e.why),
    };
    let mut out: Option<FileRead<BankLine>> = None;
    let mut skipped = Vec::new();
    for sheet in &table.sheets {
        if sheet.rows.iter().all(Row::is_blank) {
            continue;
        }
        let name = sheet.name.clone().unwrap_or_else(|| "file".into());
        // The header is the first row a reader recognises among the top
        // rows (a title or an account line may come first); each candidate
        // is tried on the few rows below it only.
        let header = (0..sheet.rows.len().min(HEADER_SEARCH_ROWS)).find(|&h| {
            !sheet.rows[h].is_blank()
                && read_text(path, render(sheet, h, PROBE_ROWS).0.as_bytes()).format != "unknown"
        });
        let Some(header) = header else {
            skipped.push(name);
            continue;
        };
        let (text, abnamro) = render(sheet, header, usize::MAX);
        let mut read = read_text(path, text.as_bytes());
        let reader = if abnamro {
            "abnamro"
        } else {
            read.format.as_str()
        };
        read.format = format!("{reader}-{}", table.format);
        let sheet_name: Arc<str> = Arc::from(name.as_str());
        for line in &mut read.rows {
            line.source = at_row(&line.source, &sheet_name);
        }
        for p in &mut read.problems {
            p.source = at_row(&p.source, &sheet_name);
        }
        match out.as_mut() {
            None => out = Some(read),
            Some(o) => {
                o.rows.append(&mut read.rows);
                o.problems.append(&mut read.problems);
                o.rows_read += read.rows_read;
                o.rows_rejected += read.rows_rejected;
            }
        }
    }
    let Some(mut out) = out else {
        return FileRead::unreadable(
            path,
            table.format,
            Refusal::NoBankSheet {
                format: table.format.to_string(),
            },
        );
    };
    out.problems.splice(0..0, table.problems);
    for name in skipped {
        out.problems.push(Problem::warning(
            Source::file(path),
            ProblemKind::SheetSkipped {
                sheet: name.clone(),
                why: SheetSkip::NotBankExport,
            },
            name.clone(),
        ));
    }
    // Lines of several sheets are numbered as one file.
    assign_ids(&mut out.rows);
    out
}

/// A line of the rendered text as the sheet's row of the same number.
fn at_row(source: &Source, sheet: &Arc<str>) -> Source {
    match source.loc {
        Loc::Line(n) => Source::row_in(&source.path, sheet, u32::try_from(n).unwrap_or(u32::MAX)),
        _ => source.clone(),
    }
}

/// How many rows from the top of a sheet may hold the header.
const HEADER_SEARCH_ROWS: usize = 10;

/// How many rows from a header candidate are tried with the readers.
const PROBE_ROWS: usize = 20;

/// ABN AMRO's download header, in the order of its TAB export's columns.
const ABNAMRO: [&str; 8] = [
    "accountnumber",
    "mutationcode",
    "transactiondate",
    "startsaldo",
    "endsaldo",
    "valuedate",
    "amount",
    "description",
];

/// The columns of ABN AMRO's download in TAB order, when `row` is its
/// header.
fn abnamro_columns(row: &Row) -> Option<[u32; 8]> {
    let names: Vec<(u32, String)> = (0..row.end_col())
        .filter_map(|c| match row.cell(c) {
            Cell::Text(t) => Some((c, fold(t).replace(' ', ""))),
            _ => None,
        })
        .collect();
    let mut cols = [0u32; 8];
    for (slot, want) in cols.iter_mut().zip(ABNAMRO) {
        *slot = names.iter().find(|(_, n)| n == want)?.0;
    }
    Some(cols)
}

/// The sheet as the text its bank's reader knows, from the header at
/// `rows[header]` and at most `limit` rows after it: one line per sheet
/// row, the rows above the header and blank rows as empty lines, so that
/// line n is row n. Also whether it is ABN AMRO's download, rendered as
/// its TAB export.
fn render(sheet: &Sheet, header: usize, limit: usize) -> (String, bool) {
    let first = sheet.rows.get(header);
    let abnamro = first.and_then(abnamro_columns);
    let mut text = String::new();
    let mut line = 0u32;
    let end = header.saturating_add(limit).saturating_add(1);
    for row in sheet
        .rows
        .get(header..end.min(sheet.rows.len()))
        .unwrap_or_default()
    {
        // Rows are in sheet order; blank lines up to this one.
        while line < row.index {
            text.push('\n');
            line += 1;
        }
        match (&abnamro, first) {
            // The header itself: a blank line, since the TAB export has none.
            (Some(_), Some(h)) if h.index == row.index => {}
            (Some(cols), _) => {
                let fields: Vec<String> = cols.iter().map(|c| field(row.cell(*c))).collect();
                text.push_str(&fields.join("\t"));
            }
            (None, _) => {
                let fields: Vec<String> = (0..row.end_col())
                    .map(|c| format!("\"{}\"", field(row.cell(c)).replace('"', "\"\"")))
                    .collect();
                text.push_str(&fields.join(";"));
            }
        }
        text.push('\n');
        line += 1;
    }
    (text, abnamro.is_some())
}

/// One cell as a CSV export writes it. Line breaks and tabs inside a cell
/// become spaces: the text keeps one line per row, and TAB fields apart.
fn field(cell: &Cell) -> String {
    let text = match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.clone(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => Money::from_spreadsheet(*n).map_or_else(|| format!("{n:e}"), comma),
        Cell::Decimal(d) if d.fract().is_zero() => d.trunc().normalize().to_string(),
        Cell::Decimal(d) => comma(Money::new(*d).round_cents()),
        Cell::Date(d) => d.date().format("%Y-%m-%d").to_string(),
        Cell::Bool(b) => b.to_string(),
        Cell::Error(e) => e.clone(),
    };
    text.replace(['\r', '\n', '\t'], " ")
}

/// An amount with a decimal comma and no thousands separator: `-1234,50`.
fn comma(m: Money) -> String {
    format!("{:.2}", m.decimal()).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn cells_are_written_as_the_csv_export_has_them() {
        assert_eq!(field(&Cell::Number(20260105.0)), "20260105");
        assert_eq!(field(&Cell::Number(-25.5)), "-25,50");
        assert_eq!(field(&Cell::Number(0.1 + 0.2)), "0,30");
        assert_eq!(field(&Cell::Number(1e300)), "1e300");
        assert_eq!(
            field(&Cell::Decimal(rust_decimal::Decimal::new(-123456, 3))),
            "-123,46"
        );
        assert_eq!(
            field(&Cell::Decimal(rust_decimal::Decimal::new(1000, 2))),
            "10"
        );
        assert_eq!(field(&t("a\tb\r\nc")), "a b  c");
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(field(&Cell::Date(date)), "2026-01-05");
    }

    #[test]
    fn only_containers_and_markup_tables_are_spreadsheets() {
        assert!(is_spreadsheet(b"PK\x03\x04rest"));
        assert!(is_spreadsheet(&[0xD0, 0xCF, 0x11, 0xE0, 0]));
        assert!(is_spreadsheet(b"<html><body><table>"));
        assert!(!is_spreadsheet(b"\"Datum\",\"Naam / Omschrijving\"\n"));
        assert!(!is_spreadsheet(
            b"<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
        ));
        assert!(!is_spreadsheet(b":20:940S130403\n:25:NL12ABNA0123456789\n"));
    }
}
