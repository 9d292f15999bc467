//! HTML tables as sheets: what web portals (insurers' declaration
//! overviews, billing systems) hand out as an "Excel export", saved as
//! `.xls`, `.xlsx` or `.htm(l)`. Excel opens such a file as a sheet, so an
//! office treats it as one; here every `<table>` becomes a [`Sheet`] named
//! `Table1`, `Table2`, … in the order the tables open.
//!
//! A small tolerant tokenizer rather than an HTML5 parser: export tables
//! are plain (`table`, `tr`, `td`/`th`, `colspan`/`rowspan`, entities, at
//! most a `<br>` or a `<span>` in a cell), and a tokenizer that looks at
//! every byte once is linear in the file's size whatever it holds, which a
//! full tree builder (adoption agency, reconstruction of formatting
//! elements) does not promise on hostile input. Unclosed cells and rows are
//! closed by the next `td`/`tr`, as browsers do; `script`, `style`,
//! comments and everything outside cells are skipped.
//!
//! Cells are text (HTML has no types), so amounts and dates are read from
//! what the page shows, exactly, by the cell helpers of `values`. Excel's
//! own HTML carries the number behind a formatted cell in `x:num`; where it
//! does, the cell is that number as an exact [`CellValue::Decimal`].
//!
//! Limits, each an error for the file rather than a slow read: tables
//! nested more than [`MAX_TABLE_DEPTH`] deep, more than [`MAX_TABLES`]
//! tables, spans beyond the HTML limits
//! (`colspan` 1000, `rowspan` 65534), and cells, merged areas and rows over
//! the file's cell budget.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::bounds;
use super::cell::CellValue;
use super::entities::decode_entities;
use super::row_builder::{Budget, MAX_SHEET_COLUMNS, RowBuilder, SheetError, merges_by_column};
use super::sheet::{Merge, OpenError, Sheet, Table};
use super::values::excel_number;
use crate::problem::{Problem, ProblemKind, Refusal, SheetFlaw};
use crate::source::Source;

/// Tables inside tables deeper than this make the file an error. Layout
/// pages nest a data table in two or three; a hundred is an attack.
pub const MAX_TABLE_DEPTH: usize = 16;

/// More tables than this in one file make it an error: each is a sheet,
/// and a page of a million empty tables would cost a sheet apiece.
pub const MAX_TABLES: usize = 10_000;

/// The spans HTML itself allows (WHATWG: `colspan` ≤ 1000, `rowspan` ≤
/// 65534); larger values are clamped, as browsers do.
const MAX_COLSPAN: u32 = 1000;
const MAX_ROWSPAN: u32 = 65534;

/// How far into the text the markers of an HTML page are looked for.
const SNIFF: usize = 4096;

/// True when the text is an HTML page or fragment holding a table: it
/// starts (after a byte-order mark and white space) with markup, and its
/// head names `<html`, `<!doctype html` or `<table`.
pub fn detect(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let head = head_lower(t);
    head.contains("<table") || head.contains("<html") || head.contains("<!doctype html")
}

/// The first [`SNIFF`] bytes in ASCII lower case.
fn head_lower(t: &str) -> String {
    let mut end = t.len().min(SNIFF);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    t[..end].to_ascii_lowercase()
}

/// Reads every table of an HTML text as a sheet.
pub fn read(path: &Arc<str>, text: &str) -> Result<Table, OpenError> {
    read_within(path, text, bounds::MAX_CELLS)
}

/// [`read`] with `cells` as the file's cell budget.
fn read_within(path: &Arc<str>, text: &str, cells: u64) -> Result<Table, OpenError> {
    let refuse = |why: Refusal| OpenError {
        format: "html",
        why,
    };
    let mut budget = Budget::new(cells);
    let mut open: Vec<TableState> = Vec::new();
    // Sheets by the order their tables opened, filled as they close.
    let mut done: Vec<(usize, Result<Sheet, SheetError>)> = Vec::new();
    let mut opened = 0usize;
    let mut tokens = Tokens { text, at: 0 };
    while let Some(token) = tokens.next() {
        match token {
            Token::Text(t) => {
                if let Some(cell) = open.last_mut().and_then(|s| s.cell.as_mut()) {
                    push_text(&mut cell.text, &decode_entities(t));
                }
            }
            Token::Start { name, attrs } => match name.as_str() {
                "table" => {
                    if open.len() >= MAX_TABLE_DEPTH {
                        return Err(refuse(Refusal::NestedTooDeep {
                            limit: MAX_TABLE_DEPTH as u64,
                        }));
                    }
                    if opened >= MAX_TABLES {
                        return Err(refuse(Refusal::TooManySheets {
                            limit: MAX_TABLES as u64,
                        }));
                    }
                    opened += 1;
                    open.push(TableState::new(opened));
                }
                "tr" => {
                    if let Some(s) = open.last_mut()
                        && let Err(e) = s.start_row(path, &mut budget)
                    {
                        s.failed = Some(e);
                    }
                }
                "td" | "th" => {
                    if let Some(s) = open.last_mut()
                        && let Err(e) = s.start_cell(path, attrs, &mut budget)
                    {
                        s.failed = Some(e);
                    }
                }
                "br" | "p" | "div" | "li" => {
                    if let Some(cell) = open.last_mut().and_then(|s| s.cell.as_mut()) {
                        push_text(&mut cell.text, " ");
                    }
                }
                _ => {}
            },
            Token::End(name) => match name.as_str() {
                "table" => {
                    if let Some(s) = open.pop() {
                        let number = s.number;
                        done.push((number, s.finish(path, &mut budget)));
                    }
                }
                "tr" => {
                    if let Some(s) = open.last_mut()
                        && let Err(e) = s.end_row(path, &mut budget)
                    {
                        s.failed = Some(e);
                    }
                }
                "td" | "th" => {
                    if let Some(s) = open.last_mut()
                        && let Err(e) = s.end_cell(path, &mut budget)
                    {
                        s.failed = Some(e);
                    }
                }
                "p" | "div" | "li" => {
                    if let Some(cell) = open.last_mut().and_then(|s| s.cell.as_mut()) {
                        push_text(&mut cell.text, " ");
                    }
                }
                _ => {}
            },
        }
    }
    // Tables left open at the end of the file are closed there.
    while let Some(s) = open.pop() {
        let number = s.number;
        done.push((number, s.finish(path, &mut budget)));
    }
    if done.is_empty() {
        return Err(refuse(Refusal::NoSheet));
    }
    done.sort_by_key(|(n, _)| *n);
    let mut table = Table {
        format: "html",
        sheets: Vec::new(),
        problems: Vec::new(),
    };
    for (number, sheet) in done {
        match sheet {
            Ok(sheet) => table.sheets.push(sheet),
            Err(e) => {
                let why = match e {
                    SheetError::TooLarge(why) => why,
                    SheetError::Unreadable(e) => SheetFlaw::Unreadable(e),
                };
                table.problems.push(Problem::error(
                    Source::file(path),
                    ProblemKind::SheetNotRead {
                        sheet: format!("Table{number}"),
                        why,
                    },
                    format!("Table{number}"),
                ));
            }
        }
    }
    Ok(table)
}

/// Appends text to a cell, collapsing runs of white space to one space as
/// a browser shows them.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

/// One table being read.
struct TableState {
    /// 1-based number of the table in the file, its sheet name's suffix.
    number: usize,
    name: String,
    /// Cells gathered so far, as `(row, col, cell)`, pushed row by row.
    cells: Vec<(u32, u32, CellValue)>,
    merges: Vec<Merge>,
    /// The current row (0-based) and whether a `tr` is open.
    row: u32,
    in_row: bool,
    /// Rows started so far.
    rows: u32,
    /// Next free column in the current row.
    col: u32,
    /// Per column, the first row no longer covered by a `rowspan` above.
    covered_until: Vec<u32>,
    cell: Option<OpenCell>,
    /// The first error met; the table is refused with it when it closes.
    failed: Option<SheetError>,
}

/// A `td` or `th` whose content is being gathered.
struct OpenCell {
    col: u32,
    colspan: u32,
    rowspan: u32,
    /// Excel's exact number behind the shown text.
    number: Option<Decimal>,
    text: String,
}

impl TableState {
    fn new(number: usize) -> TableState {
        TableState {
            number,
            name: format!("Table{number}"),
            cells: Vec::new(),
            merges: Vec::new(),
            row: 0,
            in_row: false,
            rows: 0,
            col: 0,
            covered_until: Vec::new(),
            cell: None,
            failed: None,
        }
    }

    fn start_row(&mut self, path: &Arc<str>, budget: &mut Budget) -> Result<(), SheetError> {
        if self.in_row {
            self.end_row(path, budget)?;
        }
        self.row = self.rows;
        self.rows = self.rows.saturating_add(1);
        self.in_row = true;
        self.col = 0;
        // A row costs its place whether or not it holds cells, so a file
        // of empty `<tr>` is bounded like any other.
        if !budget.take(1) {
            return Err(budget.too_large());
        }
        Ok(())
    }

    fn end_row(&mut self, path: &Arc<str>, budget: &mut Budget) -> Result<(), SheetError> {
        self.end_cell(path, budget)?;
        self.in_row = false;
        Ok(())
    }

    fn start_cell(
        &mut self,
        path: &Arc<str>,
        attrs: &str,
        budget: &mut Budget,
    ) -> Result<(), SheetError> {
        self.end_cell(path, budget)?;
        if !self.in_row {
            self.start_row(path, budget)?;
        }
        // Columns still covered by a rowspan from above are skipped. The
        // merged areas were paid for in the budget, so the skipping costs
        // no more than the cells it would have held.
        while self
            .covered_until
            .get(self.col as usize)
            .is_some_and(|until| *until > self.row)
        {
            self.col += 1;
        }
        let span = |name: &str, max: u32| {
            attr(attrs, name)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .map_or(1, |n| n.clamp(1, max))
        };
        let colspan = span("colspan", MAX_COLSPAN);
        let rowspan = span("rowspan", MAX_ROWSPAN);
        if self.col.saturating_add(colspan) > MAX_SHEET_COLUMNS {
            return Err(SheetError::TooLarge(SheetFlaw::RowTooWide {
                limit: u64::from(MAX_SHEET_COLUMNS),
            }));
        }
        let number = attr(attrs, "x:num").and_then(|v| exact_number(&v));
        self.cell = Some(OpenCell {
            col: self.col,
            colspan,
            rowspan,
            number,
            text: String::new(),
        });
        self.col += colspan;
        Ok(())
    }

    fn end_cell(&mut self, _path: &Arc<str>, budget: &mut Budget) -> Result<(), SheetError> {
        let Some(c) = self.cell.take() else {
            return Ok(());
        };
        if c.colspan > 1 || c.rowspan > 1 {
            let area = u64::from(c.colspan) * u64::from(c.rowspan);
            if !budget.take(area) {
                return Err(budget.too_large());
            }
            let last_row = self.row.saturating_add(c.rowspan - 1);
            if c.rowspan > 1 {
                let end = (c.col + c.colspan) as usize;
                if self.covered_until.len() < end {
                    self.covered_until.resize(end, 0);
                }
                for until in &mut self.covered_until[c.col as usize..end] {
                    *until = (*until).max(last_row.saturating_add(1));
                }
            }
            self.merges.push(Merge {
                first_row: self.row,
                first_col: c.col,
                last_row,
                last_col: c.col + c.colspan - 1,
            });
        }
        let text = c.text.trim();
        let cell = match c.number {
            Some(n) => CellValue::Decimal(n),
            None if text.is_empty() => return Ok(()),
            None => CellValue::Text(text.to_string()),
        };
        // Held until the table closes: paid for now, so that a page of
        // millions of tiny cells stops at the budget, not at the memory's
        // end; given back when the rows are built.
        if !budget.take(1) {
            return Err(budget.too_large());
        }
        self.cells.push((self.row, c.col, cell));
        Ok(())
    }

    fn finish(mut self, path: &Arc<str>, budget: &mut Budget) -> Result<Sheet, SheetError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.end_row(path, budget)?;
        let mut rows = RowBuilder::new(path, &self.name);
        budget.left = budget.left.saturating_add(self.cells.len() as u64);
        for (row, col, cell) in std::mem::take(&mut self.cells) {
            rows.push((row, col), cell, budget)?;
        }
        let rows = rows.finish(budget)?;
        let merges = merges_by_column(self.merges, budget).ok_or_else(|| budget.too_large())?;
        Ok(Sheet {
            name: Some(self.name),
            rows,
            merges,
        })
    }
}

/// The number behind Excel's `x:num` (`1234.5`, `-3E-2`), read as
/// SpreadsheetML numbers are; `None` for anything else (Excel writes
/// `x:num` without a value on some cells).
fn exact_number(v: &str) -> Option<Decimal> {
    excel_number(v)
}

/// One piece of an HTML text.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    /// Text between tags, entities decoded.
    Text(&'a str),
    /// A start tag: its lower-case name and its raw attribute text.
    Start { name: String, attrs: &'a str },
    /// An end tag's lower-case name.
    End(String),
}

/// The tokens of an HTML text, in one pass. Text is handed out raw and
/// decoded by [`decode_entities`] where it is kept.
struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    fn next(&mut self) -> Option<Token<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            let rest = self.text.get(self.at..)?;
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                self.at += end;
                return Some(Token::Text(&rest[..end]));
            }
            // A comment runs to `-->`; a declaration or processing
            // instruction to `>`.
            if let Some(comment) = rest.strip_prefix("<!--") {
                self.at += comment.find("-->").map_or(rest.len(), |i| i + 7);
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                self.at += rest.find('>').map_or(rest.len(), |i| i + 1);
                continue;
            }
            let closing = rest.as_bytes().get(1) == Some(&b'/');
            let name_start = if closing { 2 } else { 1 };
            // As browsers read it, a tag name starts with an ASCII letter;
            // `<5` or `< ` is text (a tariff "<5", a comparison).
            let name_len = if rest
                .as_bytes()
                .get(name_start)
                .is_some_and(u8::is_ascii_alphabetic)
            {
                rest.as_bytes()[name_start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'_'))
                    .count()
            } else {
                0
            };
            if name_len == 0 {
                // A lone `<` is text.
                self.at += 1;
                return Some(Token::Text("<"));
            }
            let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
            let attrs_start = self.at + name_start + name_len;
            let end = tag_end(bytes, attrs_start);
            let attrs_end = if end > attrs_start && bytes.get(end - 1) == Some(&b'>') {
                end - 1
            } else {
                end
            };
            let attrs = self.text.get(attrs_start..attrs_end).unwrap_or_default();
            self.at = end;
            if closing {
                return Some(Token::End(name));
            }
            // Raw text elements: their content is no markup and no cell text.
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title")
                && !attrs.trim_end().ends_with('/')
            {
                self.at = raw_text_end(self.text, self.at, &name);
                continue;
            }
            return Some(Token::Start { name, attrs });
        }
    }
}

/// The byte just past the `>` that ends the tag whose attributes start at
/// `from`, outside quoted values; the end of the text when there is none.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in bytes.iter().enumerate().skip(from) {
        match (quote, *b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(*b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// Where the raw text of element `name` starting at `from` ends: past its
/// end tag (found case-insensitively), or the end of the text.
fn raw_text_end(text: &str, from: usize, name: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(i) = text.get(at..).and_then(|r| r.find("</")) {
        let start = at + i + 2;
        let candidate = bytes.get(start..start + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return tag_end(bytes, start + name.len());
        }
        at = start;
    }
    text.len()
}

/// The value of attribute `name` (lower-case) in a tag's attribute text,
/// entities decoded; `None` when absent.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'/') {
            i += 1;
        }
        let key = &attrs[start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if let Some(&q) = b.get(i).filter(|q| matches!(q, b'"' | b'\'')) {
                let end = attrs[i + 1..]
                    .find(q as char)
                    .map_or(b.len(), |e| i + 1 + e);
                value = &attrs[i + 1..end];
                i = end + 1;
            } else {
                let s = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &attrs[s..i];
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value));
        }
        if start == i {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::{amount, date, find_header, ident};
    use crate::money::Money;

    fn p() -> Arc<str> {
        Arc::from("specs/portal.xls")
    }

    fn read_ok(text: &str) -> Table {
        match read(&p(), text) {
            Ok(t) => t,
            Err(e) => panic!("{:?}", e.why),
        }
    }

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    const PORTAL: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Export <td>not a cell</td></title>
<style>td { color: red } </td></style>
<script>var s = "<table><tr><td>no</td></tr></table>";</script></head>
<body><!-- <table><tr><td>commented</td></tr></table> -->
<TABLE border=1>
 <tr><th colspan="2">Declaratieoverzicht &amp; vergoeding</th></tr>
 <tr><TH>Uw factuurnr</TH><th>Vergoed</th><th>Datum</th></tr>
 <tr><td>F&#45;2026&#x2D;001<td>&euro;&nbsp;1.234,56<td>01-03-2026</tr>
 <tr><td rowspan=2>F-2026-002</td><td>12,50</td><td>02-03-2026</td></tr>
 <tr><td>7,5</td><td>Jos&eacute;<br>van   Dijk</td></tr>
</TABLE></body></html>"#;

    #[test]
    fn a_less_than_sign_before_a_digit_or_space_is_text() {
        // `<5` is no tag (a tag name starts with a letter): the cell keeps
        // its text and the `</td>` after it still closes it, apostrophe
        // or not.
        let page = "<table><tr><td>tarief <5 's avonds</td><td>a </ b</td></tr>\
                    <tr><td>1 < 2</td><td>x</td></tr></table>";
        let s = &read_ok(page).sheets[0];
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].cell(0), &t("tarief <5 's avonds"));
        assert_eq!(s.rows[0].cell(1), &t("a </ b"));
        assert_eq!(s.rows[1].cell(0), &t("1 < 2"));
        assert_eq!(s.rows[1].cell(1), &t("x"));
    }

    #[test]
    fn a_portal_page_reads_as_one_sheet_with_its_cells_in_place() {
        assert!(detect(PORTAL));
        let table = read_ok(PORTAL);
        assert_eq!(table.format, "html");
        assert_eq!(
            table.sheets.len(),
            1,
            "script, style and comments hold no table"
        );
        let s = &table.sheets[0];
        assert_eq!(s.name.as_deref(), Some("Table1"));
        assert_eq!(s.rows.len(), 5);
        assert_eq!(s.rows[0].cell(0), &t("Declaratieoverzicht & vergoeding"));
        assert_eq!(s.rows[2].cell(0), &t("F-2026-001"));
        assert_eq!(s.rows[2].source.to_string(), "specs/portal.xls:Table1!3");
        assert_eq!(
            amount(s.rows[2].cell(1)),
            Ok(Some(Money::from_cents(123456)))
        );
        assert_eq!(
            date(s.rows[2].cell(2)),
            Ok(chrono::NaiveDate::from_ymd_opt(2026, 3, 1))
        );
        // The rowspan covers A5: the cells of row 5 start in column B.
        assert_eq!(s.rows[4].cell(0), &CellValue::Empty);
        assert_eq!(s.rows[4].cell(1), &t("7,5"));
        assert_eq!(s.rows[4].cell(2), &t("José van Dijk"));
        assert_eq!(s.cell_or_merged(4, 0), (&t("F-2026-002"), true));
        assert_eq!(amount(s.rows[4].cell(1)), Ok(Some(Money::from_cents(750))));
    }

    #[test]
    fn the_header_is_found_below_a_title_row() {
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        enum F {
            Nr,
            Vergoed,
        }
        let aliases: &[(F, &[&str])] = &[(F::Nr, &["uw factuurnr"]), (F::Vergoed, &["vergoed"])];
        let table = read_ok(PORTAL);
        let h = find_header(&table.sheets[0], aliases, |c| c.len() == 2).unwrap();
        assert_eq!(h.row, 1);
        assert_eq!((h.col(F::Nr), h.col(F::Vergoed)), (Some(0), Some(1)));
    }

    #[test]
    fn excel_html_gives_the_exact_number_behind_a_formatted_cell() {
        let page = r#"<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table>
<tr><td>Nr</td><td>Bedrag</td></tr>
<tr><td x:num>20260001</td><td class=xl65 x:num="1234.565">1.234,57</td></tr>
<tr><td x:num="3805219728">3805219728</td><td x:num='0.1'>0,10</td><td x:num="46082.75">01-03-2026 18:00</td></tr>
</table></body></html>"#;
        let s = &read_ok(page).sheets[0];
        assert_eq!(
            s.rows[1].cell(0),
            &t("20260001"),
            "x:num without a value: the text"
        );
        assert_eq!(
            s.rows[1].cell(1),
            &CellValue::Decimal(Decimal::new(1234565, 3))
        );
        assert_eq!(ident(s.rows[2].cell(0)), Ok(Some("3805219728".into())));
        assert_eq!(amount(s.rows[2].cell(1)), Ok(Some(Money::from_cents(10))));
        // A date cell's number is its serial day; the time after it counts not.
        assert_eq!(
            date(s.rows[2].cell(2)),
            Ok(chrono::NaiveDate::from_ymd_opt(2026, 3, 1))
        );
        assert!(date(&CellValue::Decimal(Decimal::new(12, 0))).is_err());
        assert!(ident(&CellValue::Decimal(Decimal::new(125, 1))).is_err());
    }

    #[test]
    fn nested_tables_are_sheets_in_the_order_they_open() {
        let page = "<table><tr><td>outer<table><tr><td>inner</td></tr></table></td><td>x</td></tr></table>\
                    <table><tr><td>third";
        let table = read_ok(page);
        let names: Vec<_> = table
            .sheets
            .iter()
            .map(|s| s.name.clone().unwrap())
            .collect();
        assert_eq!(names, ["Table1", "Table2", "Table3"]);
        assert_eq!(table.sheets[0].rows[0].cell(0), &t("outer"));
        assert_eq!(table.sheets[0].rows[0].cell(1), &t("x"));
        assert_eq!(table.sheets[1].rows[0].cell(0), &t("inner"));
        assert_eq!(
            table.sheets[2].rows[0].cell(0),
            &t("third"),
            "unclosed at the end"
        );
    }

    #[test]
    fn deep_nesting_and_huge_spans_are_errors_not_slow_reads() {
        let deep = "<table><tr><td>".repeat(10_000);
        let e = read(&p(), &deep).unwrap_err();
        assert_eq!(e.why, Refusal::NestedTooDeep { limit: 16 });
        let many = "<table></table>".repeat(MAX_TABLES + 1);
        let e = read(&p(), &many).unwrap_err();
        assert_eq!(e.why, Refusal::TooManySheets { limit: 10000 });
        assert_eq!(read_ok(&many[15..]).sheets.len(), MAX_TABLES);
        // Spans are clamped to HTML's limits, and their area is paid for:
        // 1000 × 65534 cells is over the budget of a small file.
        let wide = format!(
            "<table><tr><td colspan=99999 rowspan=99999>x</td></tr>{}</table>",
            "<tr><td>y</td></tr>".repeat(10)
        );
        let table = read_within(&p(), &wide, 1_000_000).unwrap();
        assert!(table.sheets.is_empty());
        assert!(
            matches!(table.problems[0].kind, ProblemKind::SheetNotRead { .. }),
            "{:?}",
            table.problems
        );
        let table = read_within(&p(), &wide, 100_000_000).unwrap();
        assert_eq!(table.sheets[0].rows[1].cell(1000), &t("y"));
        // Cells held until their table closes count at once: an unclosed
        // table of many tiny cells stops at the budget.
        let tiny = "<table>".to_string() + &"<tr><td>x".repeat(1000);
        let table = read_within(&p(), &tiny, 500).unwrap();
        assert!(
            matches!(table.problems[0].kind, ProblemKind::SheetNotRead { .. }),
            "{:?}",
            table.problems
        );
        let table = read_within(&p(), &tiny, 100_000).unwrap();
        assert_eq!(table.sheets[0].rows.len(), 1000);
    }

    #[test]
    fn attributes_are_read_tolerantly() {
        assert_eq!(
            attr(r#" a=1 colspan = "3" b"#, "colspan").as_deref(),
            Some("3")
        );
        assert_eq!(attr(" x:num b", "x:num").as_deref(), Some(""));
        assert_eq!(
            attr(" title='a>b' rowspan=2", "rowspan").as_deref(),
            Some("2")
        );
        assert_eq!(attr(" =x", "x"), None);
        assert_eq!(attr(" title='a&amp;b'", "title").as_deref(), Some("a&b"));
    }

    #[test]
    fn text_that_is_no_page_is_not_detected() {
        assert!(!detect("Factuurnummer;Bedrag\n<table>;1\n"));
        assert!(!detect(
            "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022\">"
        ));
        assert!(detect("\u{feff}  <table><tr><td>a"));
        let e = read(&p(), "<html><body>no table</body></html>").unwrap_err();
        assert_eq!(e.why, Refusal::NoSheet);
    }

    #[test]
    fn unterminated_markup_ends_at_the_end_of_the_text() {
        for page in [
            "<table><tr><td>a<",
            "<table><tr><td x='",
            "<table><!--",
            "<table><script>",
            "<table><td>&#",
        ] {
            let _ = read(&p(), page);
        }
        let s = &read_ok("<table><tr><td>a < b</td></tr></table>").sheets[0];
        assert_eq!(s.rows[0].cell(0), &t("a < b"));
    }

    /// Dutch thousands groups: `1234567` → `1.234.567`.
    fn grouped(units: u64) -> String {
        let digits = units.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    }

    proptest::proptest! {
        /// An amount a page shows is the amount read, to the
        /// cent, however it is written (`€ 1.234,56`, `-12,50`, `1234.56`,
        /// Excel's `x:num`); never through a float.
        #[test]
        fn amounts_on_a_page_read_exactly(cents in -10_000_000_000i64..10_000_000_000, style in 0u8..4) {
            let (units, frac) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
            let sign = if cents < 0 { "-" } else { "" };
            let shown = match style {
                0 => format!("&euro;&nbsp;{sign}{},{frac:02}", grouped(units)),
                1 => format!("{sign}{units},{frac:02}"),
                2 => format!("{sign}{units}.{frac:02}"),
                _ => format!("{sign}{units}.{frac:02}"),
            };
            let num = if style == 3 { format!(" x:num=\"{sign}{units}.{frac:02}\"") } else { String::new() };
            let page = format!("<table><tr><td>Bedrag</td></tr><tr><td{num}>{shown}</td></tr></table>");
            let table = read_ok(&page);
            let cell = table.sheets[0].rows[1].cell(0);
            proptest::prop_assert_eq!(amount(cell), Ok(Some(Money::from_cents(cents))), "{}", shown);
        }
    }
}
