//! A quick look through one xlsx sheet's XML, without calamine: its merged
//! regions, and which columns hold a cell below a given row. Streaming a
//! sheet through calamine costs about a microsecond per cell; of a saved
//! report in `decisions/` only a handful of cells matter, and this look,
//! which decodes no value, tells whether any is there at all.
//!
//! It only ever says less than calamine would read, never more: wherever
//! the XML is not what Excel, LibreOffice and rust_xlsxwriter write (a
//! comment or CDATA section, a cell without its `r` reference, a reference
//! or merged range it cannot parse, a tag longer than a megabyte, a sheet
//! it cannot find by its relationships), it gives up (`None`) and the
//! caller reads the sheet with calamine instead.

use std::io::{Cursor, Read};

use super::row_builder::{MAX_SHEET_COLUMNS, MAX_SHEET_ROWS};
use super::sheet::Merge;

/// What a look through a sheet found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct SheetScan {
    /// The merged regions, as calamine's `merge_cells_by_sheet_name` gives
    /// them: those of the sheet's first `mergeCells` element.
    pub merges: Vec<Merge>,
    /// The columns (0-based) that hold a cell in some row below the row
    /// given, sorted; a cell may be empty.
    pub columns_below: Vec<u32>,
}

/// Looks through sheet `name` of the xlsx in `bytes`; `below` is a 0-based
/// row index. `None` when the sheet cannot be looked through this way.
pub(super) fn scan(bytes: &[u8], name: &str, below: u32) -> Option<SheetScan> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = sheet_part(&mut zip, name)?;
    let file = zip.by_name(&part).ok()?;
    scan_xml(file, below)
}

/// The zip part of sheet `name`: `_rels/.rels` names the workbook, the
/// workbook's relationships name its sheets' parts.
fn sheet_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let root = read_part(zip, "_rels/.rels")?;
    let workbook = relationships(&root)
        .into_iter()
        .find(|(_, kind, _)| kind.ends_with("/officeDocument"))
        .map(|(_, _, target)| target.trim_start_matches('/').to_string())?;
    let dir = workbook
        .rfind('/')
        .map_or("", |i| &workbook[..=i])
        .to_string();
    let file = &workbook[dir.len()..];
    let rels = read_part(zip, &format!("{dir}_rels/{file}.rels"))?;
    let rels = relationships(&rels);
    let book = read_part(zip, &workbook)?;
    let id = sheet_id(&book, name)?;
    let (_, _, target) = rels.into_iter().find(|(i, _, _)| *i == id)?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    })
}

/// A small part of the package (at most 16 MiB) as text.
fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<String> {
    let file = zip.by_name(path).ok()?;
    let mut text = String::new();
    file.take(16 << 20).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The `(Id, Type, Target)` of every relationship in a `.rels` part.
fn relationships(xml: &str) -> Vec<(String, String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let get = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .and_then(|a| value(&a))
                        .unwrap_or_default()
                };
                out.push((get("Id"), get("Type"), get("Target")));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// An attribute's value with its entities resolved (`&amp;` → `&`).
fn value(a: &quick_xml::events::attributes::Attribute<'_>) -> Option<String> {
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// The relationship id of the sheet called `name` in `workbook.xml`.
fn sheet_id(xml: &str, name: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let mut this = None;
                let mut id = None;
                for a in e.attributes().flatten() {
                    let v = value(&a)?;
                    if a.key.as_ref() == "name" {
                        this = Some(v);
                    } else if a.key.local_name().as_ref() == "id" {
                        id = Some(v);
                    }
                }
                if this.as_deref() == Some(name) {
                    return id;
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Longest tag looked at: a real sheet's tags are short; a longer one is a
/// file this look does not try to understand.
const MAX_TAG: usize = 1 << 20;

/// Where the first `mergeCells` element stands while looking.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MergeBlock {
    Before,
    Inside,
    After,
}

/// Looks through a sheet's XML as it is inflated, a chunk at a time.
fn scan_xml(mut xml: impl Read, below: u32) -> Option<SheetScan> {
    let mut out = SheetScan::default();
    let mut below_cols: Vec<bool> = Vec::new();
    let mut block = MergeBlock::Before;
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut chunk = vec![0u8; 1 << 20];
    let mut eof = false;
    loop {
        if !eof {
            let n = xml.read(&mut chunk).ok()?;
            eof = n == 0;
            buf.extend_from_slice(&chunk[..n]);
        }
        let mut at = 0;
        while let Some(lt) = buf[at..].iter().position(|&b| b == b'<') {
            let start = at + lt;
            let len = match tag_len(&buf[start..]) {
                Tag::Len(len) => len,
                // The tag goes on in the next chunk.
                Tag::Cut => {
                    at = start;
                    break;
                }
                Tag::Unsure => return None,
            };
            let tag = &buf[start..start + len];
            at = start + len;
            look_at(tag, below, &mut below_cols, &mut out.merges, &mut block)?;
            if at == buf.len() {
                break;
            }
        }
        if at == 0 && buf.len() > MAX_TAG {
            return None;
        }
        if eof {
            if buf[at..].contains(&b'<') {
                return None;
            }
            break;
        }
        // What was not looked at yet (text, or a tag cut by the chunk).
        let keep = buf[at..]
            .iter()
            .position(|&b| b == b'<')
            .map_or(buf.len(), |i| at + i);
        buf.drain(..keep);
    }
    out.columns_below = below_cols
        .iter()
        .enumerate()
        .filter(|(_, on)| **on)
        .map(|(c, _)| c as u32)
        .collect();
    Some(out)
}

/// What stands at a `<`.
enum Tag {
    /// A tag this long, up to and including its `>`.
    Len(usize),
    /// A tag that goes on beyond the bytes at hand.
    Cut,
    /// A comment, CDATA section or declaration (which may hold `<`), or a
    /// `<` inside a tag: not looked through.
    Unsure,
}

/// The tag at the start of `s` (which starts with `<`). Quotes are
/// honoured, since `>` may stand in an attribute value.
fn tag_len(s: &[u8]) -> Tag {
    match s.get(1) {
        None => return Tag::Cut,
        Some(b'!') => return Tag::Unsure,
        Some(b'?') => {
            return s
                .windows(2)
                .position(|w| w == b"?>")
                .map_or(Tag::Cut, |i| Tag::Len(i + 2));
        }
        _ => {}
    }
    let mut quote = None;
    for (i, &b) in s.iter().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Tag::Len(i + 1),
            (None, b'<') => return Tag::Unsure,
            _ => {}
        }
    }
    Tag::Cut
}

/// Takes note of one tag: a cell's column when it is below the row, a
/// merged region inside the first `mergeCells`.
fn look_at(
    tag: &[u8],
    below: u32,
    below_cols: &mut Vec<bool>,
    merges: &mut Vec<Merge>,
    block: &mut MergeBlock,
) -> Option<()> {
    let body = &tag[1..tag.len() - 1];
    let (closing, body) = match body.strip_prefix(b"/") {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let name_end = body
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(body.len());
    let name = &body[..name_end];
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    let attrs = &body[name_end..];
    match (local, closing) {
        (b"c", false) => {
            let (row, col) = reference(attribute(attrs, b"r")?)?;
            if row > below {
                let col = col as usize;
                if below_cols.len() <= col {
                    below_cols.resize(col + 1, false);
                }
                below_cols[col] = true;
            }
        }
        (b"mergeCells", false) if *block == MergeBlock::Before => {
            *block = if attrs.trim_ascii_end().ends_with(b"/") {
                MergeBlock::After
            } else {
                MergeBlock::Inside
            };
        }
        (b"mergeCells", true) if *block == MergeBlock::Inside => *block = MergeBlock::After,
        (b"mergeCell", false) if *block == MergeBlock::Inside => {
            let range = attribute(attrs, b"ref")?;
            let mut parts = range.split(|&b| b == b':');
            let first = reference(parts.next()?)?;
            let last = match parts.next() {
                Some(p) => reference(p)?,
                None => first,
            };
            if parts.next().is_some() {
                return None;
            }
            merges.push(Merge {
                first_row: first.0.min(last.0),
                first_col: first.1.min(last.1),
                last_row: first.0.max(last.0),
                last_col: first.1.max(last.1),
            });
        }
        _ => {}
    }
    Some(())
}

/// The value of attribute `key` (no prefix) in a tag's attribute text.
fn attribute<'t>(attrs: &'t [u8], key: &[u8]) -> Option<&'t [u8]> {
    let mut rest = attrs;
    loop {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        rest = &rest[start..];
        let eq = rest.iter().position(|&b| b == b'=')?;
        let name = rest[..eq].trim_ascii();
        let after = rest[eq + 1..].trim_ascii_start();
        let quote = *after.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let end = after[1..].iter().position(|&b| b == quote)?;
        if name == key {
            return Some(&after[1..1 + end]);
        }
        rest = &after[end + 2..];
    }
}

/// An `A1` reference as a 0-based (row, column); only capital letters then
/// digits, within Excel's sheet.
fn reference(r: &[u8]) -> Option<(u32, u32)> {
    let letters = r.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let (col, row) = r.split_at(letters);
    if col.is_empty() || col.len() > 3 || row.is_empty() || row.len() > 7 {
        return None;
    }
    if !row.iter().all(u8::is_ascii_digit) || row[0] == b'0' {
        return None;
    }
    let col = col
        .iter()
        .fold(0u32, |n, &b| n * 26 + u32::from(b - b'A') + 1);
    let row = row.iter().fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
    (col <= MAX_SHEET_COLUMNS && row <= MAX_SHEET_ROWS).then(|| (row - 1, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(xml: &str, below: u32) -> Option<SheetScan> {
        // A reader that gives a few bytes at a time, so that tags are cut.
        struct Dribble<'a>(&'a [u8]);
        impl Read for Dribble<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(7);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        scan_xml(Dribble(xml.as_bytes()), below)
    }

    #[test]
    fn finds_cells_below_a_row_and_the_first_merge_block() {
        let xml = r#"<?xml version="1.0"?><worksheet><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>a&gt;b</t></is></c><c r="B1"/></row>
            <row r="3"><c r="C3" s="1" x='q>r'><v>1</v></c></row>
            <row r="9"><x:c r="AA9"><v>2</v></x:c><col r="Z9"/></row>
            </sheetData><mergeCells count="2"><mergeCell ref="B2:A1"/><mergeCell ref="D4"/></mergeCells>
            <mergeCells><mergeCell ref="E5:F6"/></mergeCells></worksheet>"#;
        let s = scan_text(xml, 1).unwrap();
        assert_eq!(s.columns_below, vec![2, 26]);
        let m = |a, b, c, d| Merge {
            first_row: a,
            first_col: b,
            last_row: c,
            last_col: d,
        };
        assert_eq!(s.merges, vec![m(0, 0, 1, 1), m(3, 3, 3, 3)]);
        assert_eq!(scan_text(xml, 10).unwrap().columns_below, Vec::<u32>::new());
    }

    #[test]
    fn gives_up_where_it_could_say_less_than_calamine() {
        for xml in [
            "<sheetData><!-- a comment --><c r=\"A1\"/></sheetData>",
            "<sheetData><c><v>1</v></c></sheetData>",
            "<sheetData><c r=\"a1\"/></sheetData>",
            "<mergeCells><mergeCell ref=\"A1:B2:C3\"/></mergeCells>",
            "<sheetData><c r=\"A1\"",
        ] {
            assert_eq!(scan_text(xml, 0), None, "{xml}");
        }
    }

    #[test]
    fn a_real_workbook_sheet_is_found_by_its_name() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().set_name("Eerste & co").unwrap();
        let s = wb.add_worksheet().set_name("Tweede").unwrap();
        s.write_string(0, 0, "kop").unwrap();
        s.write_string(5, 3, "x").unwrap();
        s.merge_range(1, 1, 2, 2, "m", &rust_xlsxwriter::Format::new())
            .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let s = scan(&bytes, "Tweede", 0).unwrap();
        // The merge's own cell (B2) and the cell in D6; the merge's blank
        // cells are the writer's to write or not.
        assert!(s.columns_below.contains(&1) && s.columns_below.contains(&3));
        assert!(!s.columns_below.contains(&0));
        assert_eq!(s.merges.len(), 1);
        assert_eq!(scan(&bytes, "Eerste & co", 0), Some(SheetScan::default()));
        assert_eq!(scan(&bytes, "Derde", 0), None);
    }
}
