//! Excel 2003 XML (SpreadsheetML) workbooks as sheets: one XML file with a
//! `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">` root,
//! `Worksheet`s named by `ss:Name`, and rows of `Cell`s whose `Data` says
//! its type (`ss:Type="Number"`, `String`, `DateTime`, `Boolean`, `Error`).
//! Older billing systems and web portals still write it, often as `.xls`
//! or `.xml`.
//!
//! Positions follow the file: `ss:Index` on a `Row` or `Cell` jumps to
//! that (1-based) row or column, a cell after `ss:MergeAcross="n"` comes n
//! columns further, and `MergeAcross`/`MergeDown` become merged regions as
//! in an xlsx. Numbers are the decimal text the file holds, read into an
//! exact [`CellValue::Decimal`] (with the float noise of Excel's 17-digit form
//! taken off as for xlsx cells, see `values::excel_number`). A cell's comment
//! (`<Comment><Data>…`) is not its value.
//!
//! The XML is streamed with quick-xml, one event at a time; what is kept
//! per open element is bounded by [`MAX_DEPTH`], and cells count against
//! the file's budget as in every workbook, so the time and memory of a
//! read grow linearly with the file whatever it holds.

use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::bounds;
use super::cell::CellValue;
use super::entities::decode_entities;
use super::row_builder::{Budget, RowBuilder, SheetError, merges_by_column};
use super::sheet::{Merge, OpenError, Sheet, Table};
use super::values::{excel_number, parse_iso_datetime};
use crate::problem::{Problem, ProblemKind, Refusal, SheetFlaw};
use crate::source::Source;

/// The namespace that makes an XML file a SpreadsheetML workbook.
const NAMESPACE: &str = "urn:schemas-microsoft-com:office:spreadsheet";

/// Elements nested deeper than this make the file an error. A workbook's
/// cell text with its formatting (`Workbook/Worksheet/Table/Row/Cell/Data/
/// B/I/U/Font`) is ten deep.
pub const MAX_DEPTH: usize = 64;

/// More worksheets than this make the file an error: each is a sheet, and
/// a file of a million empty worksheets would cost a sheet apiece.
pub const MAX_SHEETS: usize = 10_000;

/// How far into the text the root element is looked for: past the XML
/// declaration, `<?mso-application?>` and a comment or two.
const SNIFF: usize = 8192;

/// True when the text is a SpreadsheetML workbook: its head holds the
/// `Workbook` root and the SpreadsheetML namespace.
pub fn detect(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let mut end = t.len().min(SNIFF);
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    let head = &t[..end];
    head.contains(NAMESPACE) && (head.contains("<Workbook") || head.contains(":Workbook"))
}

/// Reads every worksheet of a SpreadsheetML text.
pub fn read(path: &Arc<str>, text: &str) -> Result<Table, OpenError> {
    read_within(path, text, bounds::MAX_CELLS)
}

/// The worksheet being read.
struct SheetState<'p> {
    name: String,
    rows: RowBuilder<'p>,
    merges: Vec<Merge>,
    /// The row being read (0-based) and the one the next `Row` takes.
    row: u32,
    next_row: u32,
    /// The column the next `Cell` takes (0-based), and the one the
    /// current `Cell` took.
    col: u32,
    cell_col: u32,
    /// The first error met; the rest of the sheet is skipped.
    failed: Option<SheetError>,
}

/// The `Data` of a cell being read.
struct DataState {
    row: u32,
    col: u32,
    kind: String,
    text: String,
    /// Depth of the `Data` element, to know when it closes.
    depth: usize,
}

/// What reading a workbook has gathered so far.
struct Reading<'p> {
    path: &'p Arc<str>,
    budget: Budget,
    table: Table,
    sheet: Option<SheetState<'p>>,
    data: Option<DataState>,
    /// Depth of an open `Comment`, whose text is no cell value.
    comment: Option<usize>,
    sheets_seen: usize,
}

/// [`read`] with `cells` as the file's cell budget.
fn read_within(path: &Arc<str>, text: &str, cells: u64) -> Result<Table, OpenError> {
    let refuse = |why: Refusal| OpenError {
        format: "spreadsheetml",
        why,
    };
    let mut st = Reading {
        path,
        budget: Budget::new(cells),
        table: Table {
            format: "spreadsheetml",
            sheets: Vec::new(),
            problems: Vec::new(),
        },
        sheet: None,
        data: None,
        comment: None,
        sheets_seen: 0,
    };
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| {
            let line = line_at(text, reader.error_position());
            refuse(Refusal::MalformedXml {
                line,
                error: e.to_string(),
            })
        })?;
        match event {
            Event::Start(_) if depth >= MAX_DEPTH => {
                return Err(refuse(Refusal::NestedTooDeep {
                    limit: MAX_DEPTH as u64,
                }));
            }
            Event::Start(e) | Event::Empty(e)
                if st.sheets_seen >= MAX_SHEETS && e.local_name().as_ref() == "Worksheet" =>
            {
                return Err(refuse(Refusal::TooManySheets {
                    limit: MAX_SHEETS as u64,
                }));
            }
            Event::Start(e) => {
                depth += 1;
                st.start(&e, depth);
            }
            Event::Empty(e) => {
                // An empty element opens and closes at once.
                st.start(&e, depth + 1);
                st.end(e.local_name().as_ref(), depth + 1);
            }
            Event::End(e) => {
                st.end(e.local_name().as_ref(), depth);
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => {
                if let Some(d) = st.data.as_mut() {
                    d.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(d) = st.data.as_mut() {
                    d.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(d) = st.data.as_mut() {
                    // The XML entities and character references; anything
                    // else stays as written.
                    let name: &str = &r;
                    d.text.push_str(&decode_entities(&format!("&{name};")));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A file cut off inside a worksheet still gives what it held.
    st.finish_sheet();
    if st.sheets_seen == 0 {
        return Err(refuse(Refusal::NoSheet));
    }
    Ok(st.table)
}

/// The value of the attribute with local name `name` (any prefix: writers
/// use `ss:Index` and plain `Index` alike).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == name).then(|| a.value.trim().to_string()))
}

/// A 1-based position attribute as a 0-based index; `None` when absent or
/// no number.
fn index(e: &BytesStart, name: &str) -> Option<u32> {
    attr(e, name)?.parse::<u32>().ok()?.checked_sub(1)
}

impl<'p> Reading<'p> {
    fn start(&mut self, e: &BytesStart, depth: usize) {
        let local = e.local_name();
        match local.as_ref() {
            "Worksheet" => {
                // A worksheet left open (a damaged file) ends here.
                self.finish_sheet();
                self.sheets_seen += 1;
                let name = attr(e, "Name").unwrap_or_else(|| format!("Sheet{}", self.sheets_seen));
                self.sheet = Some(SheetState {
                    rows: RowBuilder::new(self.path, &name),
                    name,
                    merges: Vec::new(),
                    row: 0,
                    next_row: 0,
                    col: 0,
                    cell_col: 0,
                    failed: None,
                });
            }
            "Row" => {
                if let Some(s) = self.sheet.as_mut() {
                    s.row = index(e, "Index").unwrap_or(s.next_row);
                    // `ss:Span="n"`: this row and n more alike (Excel writes
                    // it for runs of empty rows).
                    let span = attr(e, "Span").and_then(|v| v.parse::<u32>().ok());
                    s.next_row = s.row.saturating_add(1).saturating_add(span.unwrap_or(0));
                    s.col = 0;
                    if !self.budget.take(1) && s.failed.is_none() {
                        s.failed = Some(self.budget.too_large());
                    }
                }
            }
            "Cell" => {
                if let Some(s) = self.sheet.as_mut() {
                    let col = index(e, "Index").unwrap_or(s.col);
                    let number = |name| attr(e, name).and_then(|v| v.parse::<u32>().ok());
                    let across = number("MergeAcross").unwrap_or(0);
                    let down = number("MergeDown").unwrap_or(0);
                    if across > 0 || down > 0 {
                        s.merges.push(Merge {
                            first_row: s.row,
                            first_col: col,
                            last_row: s.row.saturating_add(down),
                            last_col: col.saturating_add(across),
                        });
                    }
                    s.cell_col = col;
                    s.col = col.saturating_add(across).saturating_add(1);
                    self.data = None;
                }
            }
            "Comment" if self.comment.is_none() => self.comment = Some(depth),
            "Data" if self.comment.is_none() && self.data.is_none() => {
                if let Some(s) = self.sheet.as_ref() {
                    self.data = Some(DataState {
                        row: s.row,
                        col: s.cell_col,
                        kind: attr(e, "Type").unwrap_or_default(),
                        text: String::new(),
                        depth,
                    });
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, local: &str, depth: usize) {
        if self.comment == Some(depth) {
            self.comment = None;
            return;
        }
        match local {
            "Data" if self.data.as_ref().is_some_and(|d| d.depth == depth) => {
                if let (Some(d), Some(s)) = (self.data.take(), self.sheet.as_mut())
                    && s.failed.is_none()
                {
                    let cell = value(&d.kind, d.text);
                    if let Err(e) = s.rows.push((d.row, d.col), cell, &mut self.budget) {
                        s.failed = Some(e);
                    }
                }
            }
            "Worksheet" => self.finish_sheet(),
            _ => {}
        }
    }

    /// The open worksheet's rows and merges into the table, or its error.
    fn finish_sheet(&mut self) {
        let Some(s) = self.sheet.take() else {
            return;
        };
        let budget = &mut self.budget;
        let name = s.name.clone();
        let done = match s.failed {
            Some(e) => Err(e),
            None => s.rows.finish(budget).and_then(|rows| {
                let merges =
                    merges_by_column(s.merges, budget).ok_or_else(|| budget.too_large())?;
                Ok(Sheet {
                    name: Some(s.name),
                    rows,
                    merges,
                })
            }),
        };
        match done {
            Ok(sheet) => self.table.sheets.push(sheet),
            Err(e) => {
                let why = match e {
                    SheetError::TooLarge(why) => why,
                    SheetError::Unreadable(e) => SheetFlaw::Unreadable(e),
                };
                self.table.problems.push(Problem::error(
                    Source::file(self.path),
                    ProblemKind::SheetNotRead {
                        sheet: name.clone(),
                        why,
                    },
                    name,
                ));
            }
        }
    }
}

/// A `Data` element's text as a cell of its `ss:Type`. A number or date
/// that does not read as one stays text, so the reader that needs it
/// reports the cell.
fn value(kind: &str, text: String) -> CellValue {
    match kind {
        "Number" => excel_number(&text).map_or(CellValue::Text(text), CellValue::Decimal),
        "DateTime" => {
            parse_iso_datetime(&text).map_or(CellValue::Text(text.clone()), CellValue::Date)
        }
        "Boolean" => match text.trim() {
            "1" | "true" | "TRUE" => CellValue::Bool(true),
            "0" | "false" | "FALSE" => CellValue::Bool(false),
            _ => CellValue::Text(text),
        },
        "Error" => CellValue::Error(text.trim().to_string()),
        _ if text.trim().is_empty() => CellValue::Empty,
        _ => CellValue::Text(text),
    }
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: u64) -> u64 {
    let end = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::{amount, date, ident};
    use crate::money::Money;
    use rust_decimal::Decimal;

    fn p() -> Arc<str> {
        Arc::from("invoices/export.xml")
    }

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    fn read_ok(text: &str) -> Table {
        match read(&p(), text) {
            Ok(t) => t,
            Err(e) => panic!("{:?}", e.why),
        }
    }

    const BOOK: &str = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles><Style ss:ID="s1"><NumberFormat ss:Format="Short Date"/></Style></Styles>
 <Worksheet ss:Name="Facturen">
  <Table ss:ExpandedColumnCount="4" ss:ExpandedRowCount="6">
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">Facturen &amp; creditnota&apos;s</Data></Cell>
    <Cell><Data ss:Type="String">na merge</Data></Cell></Row>
   <Row ss:Index="3"><Cell><Data ss:Type="String">Factuurnummer</Data></Cell>
    <Cell><Data ss:Type="String">Bedrag</Data></Cell><Cell><Data ss:Type="String">Datum</Data></Cell></Row>
   <Row><Cell><Data ss:Type="Number">20260001</Data></Cell>
    <Cell><Data ss:Type="Number">1234.565</Data><Comment><ss:Data>not <B>this</B></ss:Data></Comment></Cell>
    <Cell ss:StyleID="s1"><Data ss:Type="DateTime">2026-03-01T00:00:00.000</Data></Cell></Row>
   <Row ss:Span="1"/>
   <Row><Cell ss:Index="2"><ss:Data ss:Type="Number">-1E-2</ss:Data></Cell>
    <Cell><Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Jan</B> de <I>Vries</I></Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell><Cell><Data ss:Type="Error">#DIV/0!</Data></Cell>
    <Cell><Data ss:Type="Number">1,5</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="Leeg"><Table/></Worksheet>
</Workbook>"#;

    #[test]
    fn cells_land_where_excel_shows_them_and_numbers_are_exact() {
        assert!(detect(BOOK));
        let table = read_ok(BOOK);
        assert_eq!(table.format, "spreadsheetml");
        let names: Vec<_> = table
            .sheets
            .iter()
            .map(|s| s.name.clone().unwrap())
            .collect();
        assert_eq!(names, ["Facturen", "Leeg"]);
        let s = &table.sheets[0];
        let r = |row: u32| s.rows.iter().find(|r| r.index == row).unwrap();
        assert_eq!(r(0).cell(0), &t("Facturen & creditnota's"));
        assert_eq!(r(0).cell(3), &t("na merge"), "after MergeAcross=2");
        assert_eq!(
            s.cell_or_merged(0, 2),
            (&t("Facturen & creditnota's"), true)
        );
        assert_eq!(r(2).cell(0), &t("Factuurnummer"), "ss:Index=3");
        assert_eq!(r(3).source.to_string(), "invoices/export.xml:Facturen!4");
        assert_eq!(ident(r(3).cell(0)), Ok(Some("20260001".into())));
        assert_eq!(r(3).cell(1), &CellValue::Decimal(Decimal::new(1234565, 3)));
        assert_eq!(amount(r(3).cell(1)), Ok(Some(Money::from_cents(123457))));
        assert_eq!(
            date(r(3).cell(2)),
            Ok(chrono::NaiveDate::from_ymd_opt(2026, 3, 1))
        );
        // `ss:Span="1"` covers rows 5 and 6; the next row is 7.
        let last = r(6);
        assert_eq!(last.cell(0), &CellValue::Empty);
        assert_eq!(amount(last.cell(1)), Ok(Some(Money::from_cents(-1))));
        assert_eq!(
            last.cell(2),
            &t("Jan de Vries"),
            "formatted text, no comment"
        );
        assert_eq!(last.cell(3), &CellValue::Bool(true));
        assert_eq!(last.cell(4), &CellValue::Error("#DIV/0!".into()));
        assert_eq!(last.cell(5), &t("1,5"), "no number: kept as text");
        assert_eq!(s.rows.len(), 4);
    }

    /// Excel writes a double's 17 digits; the shortest form is what the
    /// user typed. PhpSpreadsheet's `excel2003.xml` has `1.1100000000000001`.
    #[test]
    fn deep_nesting_is_an_error_not_a_slow_read() {
        let deep = format!(
            "<Workbook xmlns=\"{NAMESPACE}\"><Worksheet><Table><Row><Cell><Data>{}",
            "<B>".repeat(100_000)
        );
        assert!(detect(&deep));
        let e = read(&p(), &deep).unwrap_err();
        assert_eq!(e.why, Refusal::NestedTooDeep { limit: 64 });
        let many = format!(
            "<Workbook xmlns=\"{NAMESPACE}\">{}</Workbook>",
            "<Worksheet/>".repeat(MAX_SHEETS + 1)
        );
        let e = read(&p(), &many).unwrap_err();
        assert_eq!(e.why, Refusal::TooManySheets { limit: 10000 });
    }

    #[test]
    fn positions_beyond_a_sheet_and_the_budget_are_sheet_errors() {
        let far = format!(
            "<Workbook xmlns=\"{NAMESPACE}\"><Worksheet ss:Name=\"A\"><Table>\
             <Row ss:Index=\"2000000\"><Cell><Data ss:Type=\"String\">x</Data></Cell></Row>\
             </Table></Worksheet><Worksheet ss:Name=\"B\"><Table><Row><Cell>\
             <Data ss:Type=\"String\">ok</Data></Cell></Row></Table></Worksheet></Workbook>"
        );
        let table = read_ok(&far);
        assert_eq!(table.sheets.len(), 1);
        assert_eq!(table.sheets[0].name.as_deref(), Some("B"));
        assert!(
            matches!(&table.problems[0].kind, ProblemKind::SheetNotRead { sheet, .. } if sheet == "A")
        );
        let many = format!(
            "<Workbook xmlns=\"{NAMESPACE}\"><Worksheet><Table>{}</Table></Worksheet></Workbook>",
            "<Row><Cell><Data ss:Type=\"String\">x</Data></Cell></Row>".repeat(100)
        );
        let table = read_within(&p(), &many, 50).unwrap();
        assert!(table.sheets.is_empty());
        assert!(matches!(
            table.problems[0].kind,
            ProblemKind::SheetNotRead { .. }
        ));
    }

    #[test]
    fn broken_or_empty_files_are_errors() {
        // Cut off between elements: the rows so far; inside a tag: damaged.
        let at = BOOK.find("<Row><Cell ss:Index=\"2\">").unwrap();
        let table = read_ok(&BOOK[..at]);
        assert_eq!(table.sheets[0].rows.len(), 3);
        let e = read(&p(), &BOOK[..at + 8]).unwrap_err();
        assert!(matches!(e.why, Refusal::MalformedXml { .. }), "{:?}", e.why);
        let e = read(
            &p(),
            &format!("<Workbook xmlns=\"{NAMESPACE}\"></Workbook>"),
        )
        .unwrap_err();
        assert_eq!(e.why, Refusal::NoSheet);
        let e = read(
            &p(),
            &format!("<Workbook xmlns=\"{NAMESPACE}\"><Worksheet></Wrong>"),
        )
        .unwrap_err();
        assert!(matches!(e.why, Refusal::MalformedXml { .. }), "{:?}", e.why);
        assert!(!detect("<html><table>"));
        assert!(!detect("Factuurnummer;Bedrag\n"));
    }

    proptest::proptest! {
        /// A `ss:Type="Number"` is the decimal the file holds,
        /// rounded to cents once (half away from zero), never a float's
        /// neighbour of it.
        #[test]
        fn numbers_read_exactly(mills in -10_000_000_000_000i64..10_000_000_000_000, scale in 0u32..4) {
            let d = Decimal::new(mills, scale);
            let book = format!(
                "<Workbook xmlns=\"{NAMESPACE}\"><Worksheet><Table><Row><Cell>\
                 <Data ss:Type=\"Number\">{d}</Data></Cell></Row></Table></Worksheet></Workbook>"
            );
            let table = read_ok(&book);
            let cell = table.sheets[0].rows[0].cell(0);
            proptest::prop_assert_eq!(cell, &CellValue::Decimal(d));
            proptest::prop_assert_eq!(amount(cell), Ok(Some(Money::new(d).round_cents())));
        }
    }
}
