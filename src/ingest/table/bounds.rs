//! Size checks on a workbook's container before calamine parses it.
//!
//! calamine trusts what a file says about its own size. Some of that trust
//! costs memory no `catch_unwind` can give back: a failed allocation aborts
//! the process, and with it the run for every other file. The checks here
//! read only directories, headers and (streamed) XML attributes, never a
//! whole sheet, and refuse a file before calamine allocates for it:
//!
//! - zip (xlsx, xlsm, xlsb, ods): the declared unpacked sizes. zip 9.8
//!   stops reading an entry past its declared size ("larger than its
//!   declared uncompressed size"), so a header that lies about the size
//!   makes the read fail early instead of growing; what is declared is
//!   therefore a true bound on what calamine can unpack.
//! - `sharedStrings.xml`: calamine reserves `uniqueCount` strings up front,
//!   whatever the part holds.
//! - ods `content.xml`: calamine expands `number-rows-repeated` and
//!   `number-columns-repeated` into dense ranges of up to 100 million cells
//!   per sheet (about 5.6 GB with the formula copy it keeps).
//! - xls: calamine reserves from the DIMENSIONS record and builds each sheet
//!   as one dense range over the bounding box of its cells, so two cells at
//!   A1 and at row 65536, column 65536 ask for 4 billion cells.
//!
//! xlsx and xlsb sheets need no check here: `workbook` streams their cells
//! and counts what it keeps against [`MAX_CELLS`].

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::compound::Compound;
use crate::problem::Refusal;

/// Cells (and row overheads) one file may allocate while its sheets are
/// read: 30 million slots of 32 bytes, about 1 GB. The reference workload
/// of BENCHMARKS.md has 200,000 specification lines of a dozen columns, about
/// 2.4 million cells, so a real file stays ten times below it.
pub(super) const MAX_CELLS: u64 = 30_000_000;

/// Cells calamine may hold densely for an ods or xls file, all sheets
/// together. calamine keeps a value and a formula per cell there (about 56
/// bytes), and reads every sheet when the file is opened, so the limit is
/// lower than [`MAX_CELLS`]: about 560 MB.
pub(super) const MAX_DENSE_CELLS: u64 = 10_000_000;

/// Largest total unpacked size of a zip workbook. The parts calamine reads
/// are held or streamed whole; 1 GiB is ten times the sheet XML of the
/// reference workload.
const MAX_UNPACKED: u64 = 1 << 30;

/// Entries that unpack to more than this are checked against
/// [`MAX_RATIO`]; smaller ones cost little whatever their ratio.
const RATIO_CHECKED_ABOVE: u64 = 64 << 20;

/// Largest unpacked/packed ratio of a large entry. Sheet XML deflates about
/// 5–20 to 1, very repetitive XML (empty styled rows) up to about 100; a
/// bomb reaches deflate's limit of about 1000 to 1.
const MAX_RATIO: u64 = 100;

/// Largest `sharedStrings.xml`. calamine holds every shared string in
/// memory before any sheet is read; 256 MiB is about eight times the
/// strings of the reference workload.
const MAX_SHARED_STRINGS: u64 = 256 << 20;

/// The smallest XML one shared string can take (`<si></si>`); a
/// `uniqueCount` above size / this is a lie.
const MIN_SHARED_STRING_XML: u64 = 9;

/// Checks a zip workbook's directory, its shared strings and (ods) the
/// dense size of its sheets. `Err` says why the file is refused. A zip
/// that cannot even be listed passes: calamine reports it better.
pub(super) fn check_zip(bytes: &[u8]) -> Result<(), Refusal> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    let mut shared = None;
    let mut content = None;
    for i in 0..zip.len() {
        let Ok(f) = zip.by_index_raw(i) else { continue };
        let (size, packed) = (f.size(), f.compressed_size());
        let shown = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let name = shown.to_ascii_lowercase();
        total = total.saturating_add(size);
        if size > RATIO_CHECKED_ABOVE && size / packed.max(1) > MAX_RATIO {
            return Err(Refusal::DecompressionBomb {
                part: shown,
                size,
                packed,
            });
        }
        if name.ends_with("sharedstrings.xml") {
            shared = Some((i, size));
        } else if name == "content.xml" {
            content = Some(i);
        }
    }
    if total > MAX_UNPACKED {
        return Err(Refusal::UnpacksTooLarge {
            size: total,
            limit: MAX_UNPACKED,
        });
    }
    if let Some((i, size)) = shared {
        if size > MAX_SHARED_STRINGS {
            return Err(Refusal::SharedStringsTooLarge {
                size,
                limit: MAX_SHARED_STRINGS,
            });
        }
        if let Ok(f) = zip.by_index(i)
            && let Some(n) = unique_count(f)
            && n > size / MIN_SHARED_STRING_XML
        {
            return Err(Refusal::SharedStringsDamaged { count: n, size });
        }
    }
    if let Some(i) = content
        && let Ok(f) = zip.by_index(i)
    {
        let cells = ods_dense_cells(f);
        if cells > MAX_DENSE_CELLS {
            return Err(too_large(cells));
        }
    }
    Ok(())
}

fn too_large(cells: u64) -> Refusal {
    Refusal::TooManyCells {
        cells,
        limit: MAX_DENSE_CELLS,
    }
}

/// The `uniqueCount` of the `<sst>` element calamine will reserve for,
/// read as calamine reads it: the first `sst` start tag.
fn unique_count(part: impl Read) -> Option<u64> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                return attr_u64(&e, "uniqueCount");
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// An attribute as a whole number; `None` when absent or not a number.
fn attr_u64(e: &BytesStart<'_>, key: &str) -> Option<u64> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse().ok())
}

/// Limits calamine applies to ods sheets: it caps the repeats it expands
/// to Excel's sheet size.
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// What calamine will allocate for the sheets of an ods `content.xml`, in
/// cells: per sheet the larger of the cells it collects row by row and the
/// dense range it expands them into (bounding box of the non-empty cells,
/// repeats included), summed over the sheets since calamine reads them all
/// at once. Streams the XML; memory stays at one element.
fn ods_dense_cells(part: impl Read) -> u64 {
    #[derive(Default)]
    struct TableScan {
        collected: u64,
        rows: u64,
        first_row: Option<u64>,
        end_row: u64,
        first_col: u64,
        end_col: u64,
    }
    impl TableScan {
        fn cells(&self) -> u64 {
            let dense = match self.first_row {
                Some(first) => (self.end_row - first)
                    .saturating_mul(self.end_col.saturating_sub(self.first_col)),
                None => 0,
            };
            dense.max(self.collected)
        }
    }
    // Within a row: the column reached and the end of its last non-empty
    // cell, its first non-empty column, and the row's repeat count.
    struct RowScan {
        repeats: u64,
        col: u64,
        first: Option<u64>,
        end: u64,
    }
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut table = TableScan::default();
    let mut row: Option<RowScan> = None;
    let end_row = |table: &mut TableScan, r: RowScan| {
        let start = table.rows;
        let repeats = r.repeats.min(ODS_MAX_ROWS.saturating_sub(start));
        table.rows = start.saturating_add(repeats);
        if let Some(first) = r.first {
            table.collected = table.collected.saturating_add(r.end.min(ODS_MAX_COLUMNS));
            if table.first_row.is_none() {
                table.first_row = Some(start);
                table.first_col = first;
            }
            table.first_col = table.first_col.min(first);
            table.end_row = table.rows;
            table.end_col = table.end_col.max(r.end.min(ODS_MAX_COLUMNS));
        }
    };
    loop {
        buf.clear();
        let (e, empty) = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match e.name().as_ref() {
                    "table:table-row" => {
                        if let Some(r) = row.take() {
                            end_row(&mut table, r);
                        }
                    }
                    "table:table" => {
                        total = total.saturating_add(table.cells());
                        table = TableScan::default();
                    }
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => continue,
        };
        match e.name().as_ref() {
            "table:table-row" => {
                let r = RowScan {
                    repeats: attr_u64(&e, "table:number-rows-repeated").unwrap_or(1),
                    col: 0,
                    first: None,
                    end: 0,
                };
                if empty {
                    end_row(&mut table, r);
                } else {
                    row = Some(r);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let Some(r) = row.as_mut() else { continue };
                let repeats = attr_u64(&e, "table:number-columns-repeated").unwrap_or(1);
                // A cell with a value, a formula or content counts as
                // non-empty; calamine may still find it empty, so this
                // errs on the large side.
                let filled = !empty
                    || e.attributes()
                        .with_checks(false)
                        .flatten()
                        .any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"));
                let start = r.col;
                r.col = r.col.saturating_add(repeats).min(ODS_MAX_COLUMNS);
                if filled && r.col > start {
                    r.first.get_or_insert(start);
                    r.end = r.col;
                }
            }
            _ => {}
        }
        if total.saturating_add(table.cells()) > MAX_DENSE_CELLS {
            // Enough to refuse; no need to read on.
            return total.saturating_add(table.cells());
        }
    }
    total.saturating_add(table.cells())
}

/// Checks an xls file (OLE2 compound file) for what calamine would make
/// dense: per sheet the bounding box of its cell records and the size its
/// DIMENSIONS record announces. `Err` says why the file is refused. A
/// compound file this reader cannot follow passes: calamine reports it.
pub(super) fn check_compound(bytes: &[u8]) -> Result<(), Refusal> {
    let workbook =
        |name: &str| name.eq_ignore_ascii_case("workbook") || name.eq_ignore_ascii_case("book");
    let Some(stream) = Compound::parse(bytes).and_then(|c| c.stream(workbook)) else {
        return Ok(());
    };
    let cells = biff_dense_cells(&stream);
    if cells > MAX_DENSE_CELLS {
        return Err(too_large(cells));
    }
    Ok(())
}

/// Sums, over the BOF…EOF substreams of a BIFF workbook stream, the cells
/// calamine reserves or lays out densely for each.
fn biff_dense_cells(stream: &[u8]) -> u64 {
    /// Bounding box of one substream's cells, and its DIMENSIONS.
    #[derive(Default)]
    struct Extent {
        rows: Option<(u32, u32)>,
        cols: (u32, u32),
        announced: u64,
    }
    impl Extent {
        fn add(&mut self, row: u32, first_col: u32, last_col: u32) {
            match &mut self.rows {
                None => {
                    self.rows = Some((row, row));
                    self.cols = (first_col, last_col);
                }
                Some((lo, hi)) => {
                    *lo = (*lo).min(row);
                    *hi = (*hi).max(row);
                    self.cols = (self.cols.0.min(first_col), self.cols.1.max(last_col));
                }
            }
        }
        fn cells(&self) -> u64 {
            let dense = self.rows.map_or(0, |(lo, hi)| {
                u64::from(hi - lo + 1).saturating_mul(u64::from(self.cols.1 - self.cols.0 + 1))
            });
            dense.max(self.announced)
        }
    }
    let u16_at = |d: &[u8], i: usize| d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut stack: Vec<Extent> = Vec::new();
    let mut total: u64 = 0;
    let mut pos = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let start = pos + 4;
        let Some(data) = stream.get(start..start + usize::from(len)) else {
            break;
        };
        pos = start + usize::from(len);
        match typ {
            0x0809 => stack.push(Extent::default()),
            0x000A => {
                if let Some(b) = stack.pop() {
                    total = total.saturating_add(b.cells());
                }
            }
            // FILEPASS: what follows is encrypted; calamine refuses it.
            0x002F => break,
            // DIMENSIONS, computed as calamine does (its u32 arithmetic
            // wraps on a first row after the last one).
            0x0200 => {
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (
                        u16_at(data, 0).map(u32::from),
                        u16_at(data, 2).map(u32::from),
                        u16_at(data, 4).map(u32::from),
                        u16_at(data, 6).map(u32::from),
                    ),
                    14 | 16 => (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8).map(u32::from),
                        u16_at(data, 10).map(u32::from),
                    ),
                    _ => continue,
                };
                let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = (rf, rl, cf, cl) else {
                    continue;
                };
                if cf > 0xFF || cl < cf {
                    cf = 0;
                }
                let (end_r, end_c) = if rl >= 1 && cl >= 1 {
                    (rl - 1, cl - 1)
                } else {
                    (rf, cf)
                };
                let rows = u64::from(end_r.wrapping_sub(rf).wrapping_add(1));
                let cols = u64::from(end_c.wrapping_sub(cf).wrapping_add(1));
                if let Some(b) = stack.last_mut() {
                    b.announced = b.announced.max(rows.saturating_mul(cols));
                }
            }
            // Cell records calamine reads: row and column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(r), Some(c), Some(b)) =
                    (u16_at(data, 0), u16_at(data, 2), stack.last_mut())
                {
                    b.add(u32::from(r), u32::from(c), u32::from(c));
                }
            }
            // MULRK: row, first column, …, last column.
            0x00BD => {
                let last = data.len().saturating_sub(2);
                if let (Some(r), Some(c0), Some(c1), Some(b)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u16_at(data, last),
                    stack.last_mut(),
                ) {
                    b.add(u32::from(r), u32::from(c0.min(c1)), u32::from(c0.max(c1)));
                }
            }
            _ => {}
        }
        let open: u64 = stack.iter().map(Extent::cells).fold(0, u64::saturating_add);
        if total.saturating_add(open) > MAX_DENSE_CELLS {
            return total.saturating_add(open);
        }
    }
    let open: u64 = stack.iter().map(Extent::cells).fold(0, u64::saturating_add);
    total.saturating_add(open)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_small_honest_zip_passes() {
        let z = zip_of(&[
            ("xl/workbook.xml", b"<workbook/>"),
            (
                "xl/sharedStrings.xml",
                b"<sst uniqueCount=\"2\"><si><t>a</t></si><si><t>b</t></si></sst>",
            ),
        ]);
        assert_eq!(check_zip(&z), Ok(()));
        assert_eq!(check_zip(b"PK\x03\x04not a zip"), Ok(()));
    }

    #[test]
    fn a_shared_string_count_beyond_the_part_is_refused() {
        let z = zip_of(&[(
            "xl/sharedStrings.xml",
            b"<?xml version=\"1.0\"?><sst uniqueCount=\"99999999999\"><si><t>a</t></si></sst>",
        )]);
        let e = check_zip(&z).unwrap_err();
        assert!(
            matches!(
                e,
                Refusal::SharedStringsDamaged {
                    count: 99_999_999_999,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn a_highly_compressed_large_part_is_refused() {
        let big = vec![b' '; (RATIO_CHECKED_ABOVE + 1) as usize];
        let z = zip_of(&[("xl/worksheets/sheet1.xml", &big)]);
        let e = check_zip(&z).unwrap_err();
        assert!(matches!(e, Refusal::DecompressionBomb { .. }), "{e:?}");
    }

    /// The bound on memory rests on zip refusing to unpack more than the
    /// central directory declares; a header that lies is caught by it.
    #[test]
    fn zip_refuses_to_unpack_more_than_declared() {
        let data = vec![b'x'; 10_000];
        let mut z = zip_of(&[("a.xml", &data)]);
        // The central directory entry starts with PK\x01\x02; its
        // uncompressed size is at offset 24.
        let cd = z.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        z[cd + 24..cd + 28].copy_from_slice(&100u32.to_le_bytes());
        // The local header (offset 22) must agree, or zip refuses outright.
        z[22..26].copy_from_slice(&100u32.to_le_bytes());
        let mut archive = ZipArchive::new(Cursor::new(&z[..])).unwrap();
        let mut out = Vec::new();
        let read = archive.by_index(0).map(|mut f| f.read_to_end(&mut out));
        assert!(
            matches!(read, Err(_) | Ok(Err(_))),
            "read {} bytes",
            out.len()
        );
        assert!(out.len() <= 100 + 64 * 1024, "read {} bytes", out.len());
    }

    #[test]
    fn ods_repeats_are_counted_as_calamine_expands_them() {
        let row = |cells: &str, rep: u64| {
            format!(
                "<table:table-row table:number-rows-repeated=\"{rep}\">{cells}</table:table-row>"
            )
        };
        let cell = "<table:table-cell office:value-type=\"float\" office:value=\"1\"/>";
        let empty = |n: u64| format!("<table:table-cell table:number-columns-repeated=\"{n}\"/>");
        let doc = |rows: String| {
            format!(
                "<office:document-content><table:table>{rows}</table:table></office:document-content>"
            )
        };
        // A1 and a cell at the far corner: the whole sheet.
        let far = doc(format!(
            "{}{}{}",
            row(cell, 1),
            row(&empty(16_384), 1_048_574),
            row(&format!("{}{cell}", empty(16_383)), 1)
        ));
        assert!(ods_dense_cells(far.as_bytes()) > MAX_DENSE_CELLS);
        // An ordinary sheet with trailing empty rows and columns.
        let normal = doc(format!(
            "{}{}",
            row(&format!("{cell}{cell}{}", empty(1000)), 20),
            row(&empty(1024), 1_048_556)
        ));
        assert_eq!(ods_dense_cells(normal.as_bytes()), 40);
        // One value repeated over a whole row, on many rows.
        let wide = doc(row(
            "<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"16384\"/>",
            1000,
        ));
        assert!(ods_dense_cells(wide.as_bytes()) > MAX_DENSE_CELLS);
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn biff_cells_far_apart_count_their_bounding_box() {
        let bof = record(0x0809, &[0; 16]);
        let eof = record(0x000A, &[]);
        let s = [
            bof.clone(),
            eof.clone(),
            bof.clone(),
            number(0, 0),
            number(9, 3),
            eof.clone(),
        ]
        .concat();
        assert_eq!(biff_dense_cells(&s), 40);
        let s = [
            bof.clone(),
            number(0, 0),
            number(65_535, 65_535),
            eof.clone(),
        ]
        .concat();
        assert!(biff_dense_cells(&s) > MAX_DENSE_CELLS);
        // A DIMENSIONS record whose last row comes before its first.
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(5u32.to_le_bytes());
        dims.extend([0, 0, 1, 0, 0, 0]);
        let s = [bof, record(0x0200, &dims), eof].concat();
        assert!(biff_dense_cells(&s) > MAX_DENSE_CELLS);
    }

    #[test]
    fn the_workbook_stream_of_a_real_xls_is_found() {
        let real = include_bytes!("../../../fixtures/sheets/spec.xls");
        let c = Compound::parse(real).unwrap();
        let s = c.stream(|n| n == "Workbook").unwrap();
        assert_eq!(&s[..2], &[0x09, 0x08], "starts with BOF");
        let cells = biff_dense_cells(&s);
        assert!(cells > 0 && cells < 10_000, "{cells}");
        assert_eq!(check_compound(real), Ok(()));
    }
}
