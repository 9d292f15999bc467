//! Bank exports saved as spreadsheets: ABN AMRO's "Microsoft Excel"
//! download, and any CSV export an office opened in Excel and saved as
//! xlsx, xls, ods, HTML or Excel 2003 XML. The file is opened by the table
//! reader (`ingest::table`, so the same size limits and the same
//! password-protection message apply), and each sheet is written out as
//! the delimited text its bank's reader knows, which then recognises it by
//! its header as it would the CSV. A bank line keeps its sheet and row
//! (`bank/x.xlsx:Sheet1!5`): the text starts at the header and each of
//! its lines is mapped back to the row it was written from.
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

use super::balance::{BalanceCheck, BalanceStatus, BalanceUnit, BankFacts};
use crate::ingest::FileRead;
use crate::ingest::table::{self, CellValue, Row, Sheet};
use crate::money::Money;
use crate::payment::BankLine;
use crate::problem::{Problem, ProblemKind, Refusal, SheetSkip, Statement};
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
        let (text, abnamro, lines) = render(sheet, header, usize::MAX);
        let mut read = read_text(path, text.as_bytes());
        let reader = if abnamro {
            "abnamro"
        } else {
            read.format.as_str()
        };
        read.format = format!("{reader}-{}", table.format);
        let sheet_name: Arc<str> = Arc::from(name.as_str());
        let at = |source: &Source| at_row(source, &sheet_name, &lines);
        for line in &mut read.rows {
            line.source = at(&line.source);
        }
        for p in &mut read.problems {
            p.source = at(&p.source);
            relocate(&mut p.kind, at);
        }
        match out.as_mut() {
            None => out = Some(read),
            Some(o) => {
                o.rows.append(&mut read.rows);
                o.problems.append(&mut read.problems);
                o.rows_read += read.rows_read;
                o.rows_rejected += read.rows_rejected;
                merge_facts(&mut o.bank, &read.bank);
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
    // Ids were given per sheet by the text reader: a line in two
    // overlapping sheets has one id, as in two overlapping exports.
    out
}

/// Joins the balance check and own accounts of a later sheet into those
/// of the sheets before it, so that the file's check and accounts cover
/// every sheet: counts add up, a break anywhere breaks the file, accounts
/// keep their first appearance.
fn merge_facts(into: &mut BankFacts, sheet: &BankFacts) {
    super::coverage::merge(&mut into.coverage, &sheet.coverage);
    for a in &sheet.accounts {
        if !into.accounts.contains(a) {
            into.accounts.push(a.clone());
        }
    }
    into.check = match (into.check, sheet.check) {
        (None, c) | (c, None) => c,
        (Some(a), Some(b)) => {
            let (closed, broken) = (a.closed + b.closed, a.broken + b.broken);
            Some(BalanceCheck {
                status: if broken > 0 {
                    BalanceStatus::Broken
                } else if closed > 0 {
                    BalanceStatus::Closed
                } else {
                    BalanceStatus::NotChecked
                },
                // As one file's check: statements only when all are.
                unit: if a.unit == b.unit {
                    a.unit
                } else {
                    BalanceUnit::Line
                },
                checked: a.checked + b.checked,
                closed,
                broken,
                not_checkable: a.not_checkable + b.not_checkable,
            })
        }
    };
}

/// A line of the rendered text as the sheet row it was written from;
/// `lines[n - 1]` is the row of line n.
fn at_row(source: &Source, sheet: &Arc<str>, lines: &[u32]) -> Source {
    match source.loc {
        Loc::Line(n) => {
            let row = usize::try_from(n)
                .ok()
                .and_then(|n| lines.get(n.checked_sub(1)?))
                .copied()
                .unwrap_or_else(|| u32::try_from(n).unwrap_or(u32::MAX));
            Source::row_in(&source.path, sheet, row)
        }
        _ => source.clone(),
    }
}

/// The places a bank problem names besides its own, moved from lines of
/// the rendered text to sheet rows as its source is.
fn relocate(kind: &mut ProblemKind, at: impl Fn(&Source) -> Source) {
    match kind {
        ProblemKind::StatementGap { statement, gap } => {
            *gap = at(gap);
            relocate_statement(statement, &at);
        }
        ProblemKind::ChainGap { earlier, gap } => {
            *earlier = at(earlier);
            *gap = at(gap);
        }
        ProblemKind::ChainBroken { earlier, .. } => *earlier = at(earlier),
        ProblemKind::BalanceCurrencies { statement, .. }
        | ProblemKind::StatementDoesNotClose { statement, .. } => {
            relocate_statement(statement, &at);
        }
        _ => {}
    }
}

/// A statement named by its text lines, named by its sheet rows.
fn relocate_statement(statement: &mut Statement, at: &impl Fn(&Source) -> Source) {
    if let Statement::Lines { from, to } = statement {
        let path: Arc<str> = Arc::from("");
        for n in [from, to] {
            if let Loc::Row { row, .. } = at(&Source::line(&path, *n)).loc {
                *n = u64::from(row);
            }
        }
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
            CellValue::Text(t) => Some((c, fold(t).replace(' ', ""))),
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
/// row, starting with the header; rows missing between two rows are one
/// empty line, however many (a row a million rows down costs one line,
/// not a million). Also whether it is ABN AMRO's download, rendered as
/// its TAB export, and the 1-based sheet row of every line of the text.
fn render(sheet: &Sheet, header: usize, limit: usize) -> (String, bool, Vec<u32>) {
    let first = sheet.rows.get(header);
    let abnamro = first.and_then(abnamro_columns);
    let mut text = String::new();
    let mut lines = Vec::new();
    let mut next: Option<u32> = None;
    let end = header.saturating_add(limit).saturating_add(1);
    for row in sheet
        .rows
        .get(header..end.min(sheet.rows.len()))
        .unwrap_or_default()
    {
        // Rows are in sheet order; a gap before this one is one empty line.
        if let Some(n) = next
            && row.index > n
        {
            text.push('\n');
            lines.push(n.saturating_add(1));
        }
        next = Some(row.index.saturating_add(1));
        lines.push(row.index.saturating_add(1));
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
    }
    (text, abnamro.is_some(), lines)
}

/// One cell as a CSV export writes it. Line breaks and tabs inside a cell
/// become spaces: the text keeps one line per row, and TAB fields apart.
fn field(cell: &CellValue) -> String {
    let text = match cell {
        CellValue::Empty => String::new(),
        CellValue::Text(t) => t.clone(),
        CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        CellValue::Number(n) => Money::from_spreadsheet(*n).map_or_else(|| format!("{n:e}"), comma),
        CellValue::Decimal(d) if d.fract().is_zero() => d.trunc().normalize().to_string(),
        CellValue::Decimal(d) => comma(Money::new(*d).round_cents()),
        CellValue::Date(d) => d.date().format("%Y-%m-%d").to_string(),
        CellValue::Bool(b) => b.to_string(),
        CellValue::Error(e) => e.clone(),
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

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    #[test]
    fn cells_are_written_as_the_csv_export_has_them() {
        assert_eq!(field(&CellValue::Number(20260105.0)), "20260105");
        assert_eq!(field(&CellValue::Number(-25.5)), "-25,50");
        assert_eq!(field(&CellValue::Number(0.1 + 0.2)), "0,30");
        assert_eq!(field(&CellValue::Number(1e300)), "1e300");
        assert_eq!(
            field(&CellValue::Decimal(rust_decimal::Decimal::new(-123456, 3))),
            "-123,46"
        );
        assert_eq!(
            field(&CellValue::Decimal(rust_decimal::Decimal::new(1000, 2))),
            "10"
        );
        assert_eq!(field(&t("a\tb\r\nc")), "a b  c");
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(field(&CellValue::Date(date)), "2026-01-05");
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

    /// A row of a test sheet: its 1-based number and its cells.
    type SheetRow<'a> = (u32, Vec<&'a str>);

    /// Excel 2003 XML with one worksheet per entry: its name and its rows
    /// as (1-based row number, cells).
    fn workbook(sheets: &[(&str, Vec<SheetRow>)]) -> Vec<u8> {
        let mut x = String::from(
            "<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
             xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">",
        );
        for (name, rows) in sheets {
            x += &format!("<Worksheet ss:Name=\"{name}\"><Table>");
            for (n, cells) in rows {
                x += &format!("<Row ss:Index=\"{n}\">");
                for c in cells {
                    x += &format!("<Cell><Data ss:Type=\"String\">{c}</Data></Cell>");
                }
                x += "</Row>";
            }
            x += "</Table></Worksheet>";
        }
        x += "</Workbook>";
        x.into_bytes()
    }

    const ING: [&str; 11] = [
        "Datum",
        "Omschrijving",
        "Rekening",
        "Rekening type",
        "Tegenrekening",
        "Af Bij",
        "Bedrag",
        "Valuta",
        "Mutatiesoort",
        "Mededelingen",
        "Saldo na mutatie",
    ];

    /// An ING savings line: date, account, direction, amount, balance after.
    fn ing<'a>(
        date: &'a str,
        account: &'a str,
        af_bij: &'a str,
        amount: &'a str,
        saldo: &'a str,
    ) -> Vec<&'a str> {
        vec![
            date, "Rente", account, "Spaar", "", af_bij, amount, "EUR", "Rente", "", saldo,
        ]
    }

    fn read_book(bytes: &[u8]) -> FileRead<BankLine> {
        read(&Arc::from("bank/x.xml"), bytes, super::super::read_text)
    }

    #[test]
    fn every_sheet_counts_in_the_balance_check_and_the_own_accounts() {
        let book = workbook(&[
            (
                "A",
                vec![
                    (1, ING.to_vec()),
                    (
                        2,
                        ing("2026-01-03", "NL01INGB0123456789", "Bij", "1,00", "11,00"),
                    ),
                    (
                        3,
                        ing("2026-01-02", "NL01INGB0123456789", "Bij", "1,00", "10,00"),
                    ),
                ],
            ),
            (
                "B",
                vec![
                    (1, ING.to_vec()),
                    (
                        2,
                        ing("2026-01-03", "NL02INGB0123456789", "Bij", "1,00", "99,00"),
                    ),
                    (
                        3,
                        ing("2026-01-02", "NL02INGB0123456789", "Bij", "1,00", "10,00"),
                    ),
                ],
            ),
        ]);
        let r = read_book(&book);
        assert_eq!(r.rows.len(), 4);
        let accounts: Vec<&str> = r.bank.accounts.iter().map(|a| a.as_str()).collect();
        assert_eq!(accounts, ["NL01INGB0123456789", "NL02INGB0123456789"]);
        let check = r.bank.check.expect("both sheets state balances");
        assert_eq!(check.status, BalanceStatus::Broken, "{check:?}");
        assert_eq!((check.checked, check.closed, check.broken), (2, 1, 1));
    }

    #[test]
    fn a_line_in_two_overlapping_sheets_has_one_id() {
        let line = ing("2026-01-02", "NL01INGB0123456789", "Bij", "1,00", "10,00");
        let other = ing("2026-01-03", "NL01INGB0123456789", "Bij", "2,00", "12,00");
        let book = workbook(&[
            ("A", vec![(1, ING.to_vec()), (2, line.clone())]),
            ("B", vec![(1, ING.to_vec()), (2, other), (3, line)]),
        ]);
        let r = read_book(&book);
        let ids: Vec<&str> = r.rows.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[0], ids[2], "{ids:?}");
        assert!(!ids.iter().any(|id| id.ends_with("-2")), "{ids:?}");
        assert_eq!(r.rows[2].source.to_string(), "bank/x.xml:B!3");
    }

    #[test]
    fn rows_far_down_cost_one_line_and_keep_their_row_number() {
        let far = 1_048_576;
        let book = workbook(&[
            ("Empty", vec![(far, vec!["x"])]),
            (
                "A",
                vec![
                    (500_000, ING.to_vec()),
                    (
                        far,
                        ing("2026-01-02", "NL01INGB0123456789", "Bij", "1,00", "10,00"),
                    ),
                ],
            ),
        ]);
        let table = table::open(&Arc::from("bank/x.xml"), &book).ok().unwrap();
        let (text, _, lines) = render(&table.sheets[0], 0, PROBE_ROWS);
        assert_eq!((text.as_str(), lines.as_slice()), ("\"x\"\n", &[far][..]));
        let (text, _, lines) = render(&table.sheets[1], 0, usize::MAX);
        assert_eq!(text.lines().count(), 3, "header, one empty line, the line");
        assert_eq!(lines, [500_000, 500_001, far]);
        let r = read_book(&book);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].source.to_string(), format!("bank/x.xml:A!{far}"));
    }
}
