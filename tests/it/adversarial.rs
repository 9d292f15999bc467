//! Hostile and broken inputs through the whole job (ARCHITECTURE.md (invariants): bad input
//! never panics and never stops the run for the other files). Each test
//! builds an input folder from `fixtures/demo` plus the hostile files, runs
//! the job, and checks that the report is written, that each bad file or
//! row is in `exceptions.csv` with its source, and that the good files are
//! still read as in the plain demo (`summary.json` rows per input).
//!
//! Big inputs are generated in the test, never checked in: a sheet that
//! unpacks to 2 GiB is a 13 MB hand-made deflate stream.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;

use crate::support::{DEMO_AS_OF, copy_tree, demo, job, run_ok};

/// A temporary input folder holding a copy of the demo.
struct Case {
    tmp: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let tmp = tempfile::tempdir().unwrap();
        copy_tree(&demo(), &tmp.path().join("input"));
        Case { tmp }
    }

    fn input(&self) -> PathBuf {
        self.tmp.path().join("input")
    }

    /// Writes `rel` (e.g. `bank/x.csv`) in the input folder.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.input().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, bytes).unwrap();
        p
    }

    fn run(&self) -> Report {
        let out = self.tmp.path().join("out");
        run_job(&self.input(), &out)
    }
}

/// One row of `exceptions.csv`.
#[derive(Clone, Debug)]
struct Exception {
    source: String,
    severity: String,
    code: String,
    problem: String,
    value: String,
}

/// What a run wrote, as the tests look at it.
struct Report {
    out: PathBuf,
    exceptions: Vec<Exception>,
    /// `summary.json` inputs: path → (format, rows_read, rows_rejected).
    inputs: BTreeMap<String, (String, u64, u64)>,
}

impl Report {
    fn exceptions_for(&self, path: &str) -> Vec<&Exception> {
        self.exceptions
            .iter()
            .filter(|e| e.source == path || e.source.starts_with(&format!("{path}:")))
            .collect()
    }

    /// The one problem of a file refused as a whole.
    fn file_error(&self, path: &str) -> &Exception {
        let all = self.exceptions_for(path);
        let errors: Vec<_> = all
            .iter()
            .filter(|e| e.source == path && e.severity == "error")
            .collect();
        assert_eq!(errors.len(), 1, "{path}: {all:#?}");
        errors[0]
    }

    fn rows_read(&self, path: &str) -> u64 {
        self.inputs
            .get(path)
            .unwrap_or_else(|| panic!("{path} not in summary inputs: {:?}", self.inputs))
            .1
    }

    /// The demo's files are read exactly as in a run on the demo alone.
    fn demo_files_still_read(&self) {
        for (path, expected) in baseline() {
            assert_eq!(
                self.inputs.get(path),
                Some(expected),
                "{path} not read as in the plain demo"
            );
        }
    }

    fn csv(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        let mut r = csv::Reader::from_path(self.out.join(name)).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                header
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(String::from))
                    .collect()
            })
            .collect()
    }

    /// The payments.csv rows of one bank file, by source line.
    fn payments_of(&self, path: &str) -> BTreeMap<String, BTreeMap<String, String>> {
        self.csv("payments.csv")
            .into_iter()
            .filter(|r| r["source"].starts_with(&format!("{path}:")))
            .map(|r| (r["source"].clone(), r))
            .collect()
    }
}

fn run_job(input: &Path, out: &Path) -> Report {
    run_ok(&job(input, out, DEMO_AS_OF));
    read_report(out)
}

fn read_report(out: &Path) -> Report {
    for name in [
        "invoices.csv",
        "payments.csv",
        "summary.json",
        "report.xlsx",
    ] {
        assert!(out.join(name).is_file(), "{name} not written");
    }
    let mut r = csv::Reader::from_path(out.join("exceptions.csv")).unwrap();
    let exceptions = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            Exception {
                source: rec[0].to_string(),
                severity: rec[1].to_string(),
                code: rec[2].to_string(),
                problem: rec[3].to_string(),
                value: rec[4].to_string(),
            }
        })
        .collect();
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    let inputs = summary["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                (
                    f["format"].as_str().unwrap().to_string(),
                    f["rows_read"].as_u64().unwrap(),
                    f["rows_rejected"].as_u64().unwrap(),
                ),
            )
        })
        .collect();
    Report {
        out: out.to_path_buf(),
        exceptions,
        inputs,
    }
}

/// The inputs of a run on the plain demo.
fn baseline() -> &'static BTreeMap<String, (String, u64, u64)> {
    static BASE: OnceLock<BTreeMap<String, (String, u64, u64)>> = OnceLock::new();
    BASE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let r = run_job(&demo(), &tmp.path().join("out"));
        assert!(r.inputs.len() >= 7, "{:?}", r.inputs);
        r.inputs
    })
}

fn demo_bytes(rel: &str) -> Vec<u8> {
    fs::read(demo().join(rel)).unwrap()
}

/// Deterministic noise (xorshift), so a failure can be reproduced.
fn garbage(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// A small specification workbook the specification reader accepts.
fn spec_workbook(extra: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Spec").unwrap();
    for (c, h) in ["Factuurnummer", "Declaratienummer", "Vergoed", "Uitbetaald"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, nr) in ["2026-0101", "2026-0102"].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *nr).unwrap();
        ws.write_string(r, 1, format!("D{r}")).unwrap();
        ws.write_number(r, 2, 700.0).unwrap();
        ws.write_number(r, 3, 700.0).unwrap();
    }
    extra(&mut wb);
    wb.save_to_buffer().unwrap()
}

// ---------------------------------------------------------------------------
// Spreadsheets

#[test]
fn truncated_and_corrupt_workbooks_in_specs_cost_only_themselves() {
    let case = Case::new();
    let good = demo_bytes("specs/cz-betaalspecificatie.xlsx");
    case.write("specs/truncated.xlsx", &good[..good.len() / 2]);
    // The zip directory intact, the compressed parts scrambled.
    let mut corrupt = good.clone();
    let n = corrupt.len();
    for b in &mut corrupt[200..n / 2] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    case.write("specs/corrupt.xlsx", &corrupt);
    case.write("specs/garbage.xlsx", garbage(50_000, 3));
    let r = case.run();
    r.file_error("specs/truncated.xlsx");
    r.file_error("specs/corrupt.xlsx");
    let e = r.file_error("specs/garbage.xlsx");
    assert_eq!(e.code, "binary_file", "{e:?}");
    r.demo_files_still_read();
}

/// A stray cell at XFD1048576 next to A1 made calamine's dense range ask
/// for 17 billion cells and abort the process. Rows are now built only
/// where cells are, so the sheet reads as what it holds.
#[test]
fn a_stray_cell_at_the_last_row_and_column_costs_nothing() {
    let case = Case::new();
    let xlsx = spec_workbook(|wb| {
        let ws = wb.worksheet_from_name("Spec").unwrap();
        ws.write_string(1_048_575, 16_383, "verdwaald").unwrap();
    });
    case.write("specs/far.xlsx", &xlsx);
    let start = Instant::now();
    let r = case.run();
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
    // Two specification lines; the stray cell's row is a row without an
    // invoice number, counted and rejected or skipped, never a crash.
    let (_, read, _) = &r.inputs["specs/far.xlsx"];
    assert!((2..=3).contains(read), "{:?}", r.inputs["specs/far.xlsx"]);
    r.demo_files_still_read();
}

/// A crafted xls whose sheets span more cells than calamine should lay out
/// densely, and a damaged xls that makes calamine panic: both are one
/// exception, and the binary prints no panic or backtrace for them.
#[test]
fn damaged_and_oversized_xls_files_are_refused_quietly() {
    let case = Case::new();
    let real = fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/sheets/spec.xls"))
        .unwrap();
    // Found by mutation: this byte of the BOUNDSHEET record makes calamine
    // 0.38 slice out of range (xls.rs) and panic.
    let mut panicky = real.clone();
    panicky[1494] = 198;
    case.write("specs/damaged.xls", &panicky);
    case.write("specs/far.xls", far_xls());
    let out = case.tmp.path().join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_zorgrecon"))
        .args(["run", "--as-of", "2026-11-20", "--input"])
        .arg(case.input())
        .arg("--out")
        .arg(&out)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    let r = read_report(&out);
    r.file_error("specs/damaged.xls");
    let e = r.file_error("specs/far.xls");
    assert_eq!(e.code, "too_many_cells", "{e:?}");
    r.demo_files_still_read();
}

/// A BIFF8 workbook stream in a compound file: one sheet with a number at
/// A1 and one at the last row and column a cell record can name.
fn far_xls() -> Vec<u8> {
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }
    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(1.0f64.to_le_bytes());
        record(0x0203, &d)
    }
    let bof = |kind: u16| {
        let mut d = 0x0600u16.to_le_bytes().to_vec();
        d.extend(kind.to_le_bytes());
        d.extend([0; 12]);
        record(0x0809, &d)
    };
    let eof = record(0x000A, &[]);
    // Globals: BOF, one BOUNDSHEET pointing at the sheet, EOF.
    let name = b"Blad1";
    let boundsheet_len = 4 + 8 + name.len();
    let globals_len = bof(5).len() + boundsheet_len + eof.len();
    let mut bs = (globals_len as u32).to_le_bytes().to_vec();
    bs.extend([0, 0, name.len() as u8, 0]);
    bs.extend(name);
    let mut stream = [bof(5), record(0x0085, &bs), eof.clone()].concat();
    stream.extend([bof(0x10), number(0, 0), number(65_535, 255), eof].concat());
    compound_file("Workbook", &stream)
}

/// A minimal compound file (version 3, 512-byte sectors) holding one
/// stream, kept out of the mini stream by padding it to 4096 bytes.
fn compound_file(name: &str, stream: &[u8]) -> Vec<u8> {
    let mut data = stream.to_vec();
    data.resize(data.len().max(4096).div_ceil(512) * 512, 0);
    let data_sectors = data.len() / 512;
    // Sectors: 0 = FAT, 1 = directory, 2.. = the stream.
    let mut h = vec![0u8; 512];
    h[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    h[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
    h[26..28].copy_from_slice(&3u16.to_le_bytes());
    h[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    h[30..32].copy_from_slice(&9u16.to_le_bytes());
    h[32..34].copy_from_slice(&6u16.to_le_bytes());
    h[44..48].copy_from_slice(&1u32.to_le_bytes());
    h[48..52].copy_from_slice(&1u32.to_le_bytes());
    h[56..60].copy_from_slice(&4096u32.to_le_bytes());
    h[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    h[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for k in 0..109 {
        h[76 + 4 * k..80 + 4 * k].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    h[76..80].copy_from_slice(&0u32.to_le_bytes());
    let mut fat = vec![0xFFFF_FFFFu32; 128];
    fat[0] = 0xFFFF_FFFD; // FAT sector
    fat[1] = 0xFFFF_FFFE; // directory, one sector
    for s in 0..data_sectors {
        fat[2 + s] = if s + 1 == data_sectors {
            0xFFFF_FFFE
        } else {
            (3 + s) as u32
        };
    }
    let fat: Vec<u8> = fat.iter().flat_map(|w| w.to_le_bytes()).collect();
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (i, u) in units.iter().enumerate() {
            e[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1; // black
        e[68..72].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        e[72..76].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0);
    dir.extend(entry(name, 2, 0xFFFF_FFFF, 2, data.len() as u32));
    dir.extend(entry("", 0, 0xFFFF_FFFF, 0, 0));
    dir.extend(entry("", 0, 0xFFFF_FFFF, 0, 0));
    [h, fat, dir, data].concat()
}

// A hand-made zip, to control what its directory declares.

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One zip entry: its name, method (0 stored, 8 deflate), declared CRC
/// and unpacked size, and the bytes as stored.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    size: u32,
    data: Vec<u8>,
}

fn zip_file(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let fields = |sig: u32, central: bool| {
            let mut h = sig.to_le_bytes().to_vec();
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(e.method.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(0x21u16.to_le_bytes());
            h.extend(e.crc.to_le_bytes());
            h.extend((e.data.len() as u32).to_le_bytes());
            h.extend(e.size.to_le_bytes());
            h.extend((e.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h
        };
        out.extend(fields(0x0403_4b50, false));
        out.extend(e.name.as_bytes());
        out.extend(&e.data);
        central.extend(fields(0x0201_4b50, true));
        central.extend([0u8; 6]); // comment length, disk, internal attributes
        central.extend(0u32.to_le_bytes());
        central.extend(offset.to_le_bytes());
        central.extend(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A raw deflate stream (one fixed-Huffman block) of `prefix`, then
/// `1 + 258 * repeats` spaces, then `suffix`: 13 bits per 258 bytes, so
/// gigabytes cost megabytes. Returns the stream and its unpacked size.
fn deflate_spaces(prefix: &[u8], repeats: u64, suffix: &[u8]) -> (Vec<u8>, u64) {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, n: u32) {
            self.acc |= value << self.n;
            self.n += n;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code goes in most significant bit first.
        fn code(&mut self, code: u64, n: u32) {
            let rev = (0..n).fold(0, |r, i| r | (((code >> i) & 1) << (n - 1 - i)));
            self.put(rev, n);
        }
        fn literal(&mut self, b: u8) {
            assert!(b < 144);
            self.code(0x30 + u64::from(b), 8);
        }
    }
    let mut w = Bits {
        out: Vec::with_capacity((repeats * 13 / 8) as usize + 1024),
        acc: 0,
        n: 0,
    };
    w.put(1, 1); // final block
    w.put(1, 2); // fixed Huffman codes
    prefix.iter().for_each(|b| w.literal(*b));
    w.literal(b' ');
    // Length 258 (code 285) at distance 1 (code 0), as one 13-bit unit.
    let mut unit = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    unit.code(0xC5, 8);
    unit.code(0, 5);
    let unit_bits = unit.acc;
    for _ in 0..repeats {
        w.put(unit_bits, 13);
    }
    suffix.iter().for_each(|b| w.literal(*b));
    w.code(0, 7); // end of block
    if w.n > 0 {
        w.put(0, 8 - w.n);
    }
    let size = prefix.len() as u64 + 1 + 258 * repeats + suffix.len() as u64;
    (w.out, size)
}

/// A spec workbook with a second sheet `Bom` whose XML is a text cell of
/// gigabytes of spaces. `declared` is the size its directory gives (the
/// truth, or a lie); calamine's zip reading stops at the declared size.
fn bomb_workbook(declared: impl Fn(u64) -> u32) -> Vec<u8> {
    let honest = spec_workbook(|wb| {
        wb.add_worksheet()
            .set_name("Bom")
            .unwrap()
            .write_string(0, 0, "x")
            .unwrap();
    });
    let mut zip = zip::ZipArchive::new(Cursor::new(honest)).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let prefix = b"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>";
            let suffix = b"</t></is></c></row></sheetData></worksheet>";
            // 2 GiB of spaces.
            let (stream, size) = deflate_spaces(prefix, (2u64 << 30) / 258, suffix);
            entries.push(Entry {
                name,
                method: 8,
                crc: 0,
                size: declared(size),
                data: stream,
            });
        } else {
            entries.push(Entry {
                name,
                method: 0,
                crc: crc32(&data),
                size: data.len() as u32,
                data,
            });
        }
    }
    zip_file(&entries)
}

/// A sheet that unpacks to 2 GiB: refused from the zip directory before
/// anything is unpacked. The same sheet behind a directory that claims
/// 64 KiB: unpacking stops at 64 KiB, the sheet is skipped, the workbook's
/// other sheet is read.
#[test]
fn a_sheet_that_unpacks_to_gigabytes_is_refused_without_unpacking_it() {
    let case = Case::new();
    let start = Instant::now();
    let bomb = bomb_workbook(|size| u32::try_from(size).unwrap());
    let liar = bomb_workbook(|_| 64 << 10);
    let built = start.elapsed();
    assert!(bomb.len() < 20 << 20, "{} bytes", bomb.len());
    case.write("specs/bomb.xlsx", &bomb);
    case.write("specs/liar.xlsx", &liar);
    let start = Instant::now();
    let r = case.run();
    let ran = start.elapsed();
    eprintln!("bomb workbooks: built in {built:?}, run in {ran:?}");
    let e = r.file_error("specs/bomb.xlsx");
    assert_eq!(e.code, "decompression_bomb", "{e:?}");
    assert_eq!(r.rows_read("specs/bomb.xlsx"), 0);
    let liar_problems = r.exceptions_for("specs/liar.xlsx");
    assert!(
        liar_problems
            .iter()
            .any(|e| e.code == "sheet_unreadable" && e.problem.contains("`Bom`")),
        "{liar_problems:#?}"
    );
    assert_eq!(r.rows_read("specs/liar.xlsx"), 2, "the Spec sheet is read");
    r.demo_files_still_read();
    assert!(ran.as_secs() < 60, "{ran:?}");
}

// ---------------------------------------------------------------------------
// Text and binary files

/// 100 MB on one line that starts like a generic bank header: one
/// exception for the file, the run goes on. Before the first-line limit
/// every bank detector split and folded its millions of fields: 276 s and
/// over a gigabyte in a debug build; now about 4 s, most of it hashing.
#[test]
fn a_hundred_megabyte_single_line_csv_is_one_exception() {
    let case = Case::new();
    let mut line = Vec::with_capacity(100 << 20);
    while line.len() < 100 << 20 {
        line.extend_from_slice(b"\"Datum\";\"Bedrag\";aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;");
    }
    case.write("bank/huge.csv", &line);
    let start = Instant::now();
    let r = case.run();
    eprintln!("100 MB single-line csv: run in {:?}", start.elapsed());
    let e = r.file_error("bank/huge.csv");
    assert_eq!(e.code, "first_line_too_long", "{e:?}");
    r.demo_files_still_read();
}

#[test]
fn binary_garbage_in_bank_and_invoices_is_one_exception_each() {
    let case = Case::new();
    case.write("bank/garbage.csv", garbage(20_000, 1));
    case.write("invoices/garbage.xlsx", garbage(20_000, 2));
    // A zip header in front of noise, and an OLE2 header in front of noise.
    let mut zipish = b"PK\x03\x04".to_vec();
    zipish.extend(garbage(5_000, 4));
    case.write("invoices/zipish.csv", &zipish);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(garbage(5_000, 5));
    case.write("bank/ole.xls", &ole);
    let r = case.run();
    for f in [
        "bank/garbage.csv",
        "invoices/garbage.xlsx",
        "invoices/zipish.csv",
        "bank/ole.xls",
    ] {
        r.file_error(f);
    }
    r.demo_files_still_read();
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn a_utf16_bank_export_is_read_like_any_other() {
    let case = Case::new();
    let text = "datum;bedrag;tegenrekening;naam;omschrijving\r\n\
                02-10-2026;700,00;NL91ABNA0417164300;Zoë Müller-Çelik;factuur 2026-0101\r\n\
                03-10-2026;-12,50;NL91ABNA0417164300;Ærøskøbing BV;terugboeking € kosten\r\n";
    case.write("bank/utf16.csv", utf16le_with_bom(text));
    let r = case.run();
    assert!(
        r.exceptions_for("bank/utf16.csv").is_empty(),
        "{:#?}",
        r.exceptions_for("bank/utf16.csv")
    );
    assert_eq!(r.inputs["bank/utf16.csv"].1, 2);
    assert_eq!(r.inputs["bank/utf16.csv"].2, 0);
    let p = r.payments_of("bank/utf16.csv");
    let first = &p["bank/utf16.csv:2"];
    assert_eq!(first["counterparty_name"], "Zoë Müller-Çelik");
    assert_eq!(first["amount"], "700.00");
    assert_eq!(first["booking_date"], "2026-10-02");
    let second = &p["bank/utf16.csv:3"];
    assert_eq!(second["counterparty_name"], "Ærøskøbing BV");
    assert_eq!(second["amount"], "-12.50");
    assert!(second["description"].contains("€"), "{second:?}");
    r.demo_files_still_read();
}

// ---------------------------------------------------------------------------
// Hostile values

const FORMULAS: [&str; 4] = [
    "=HYPERLINK(\"http://evil\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
];

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Descriptions that a spreadsheet would run, and rejected values that
/// carry the same text into exceptions.csv and the workbook's problems
/// sheet: escaped in every CSV, plain text cells in report.xlsx.
#[test]
fn formula_like_texts_never_become_formulas() {
    let case = Case::new();
    let mut text = String::from("datum;bedrag;tegenrekening;naam;omschrijving\n");
    for f in FORMULAS {
        text += &format!(
            "05-10-2026;10,00;NL91ABNA0417164300;{};{}\n",
            csv_field(f),
            csv_field(f)
        );
    }
    // The same texts where a date should be: rejected rows.
    for f in FORMULAS {
        text += &format!("{};10,00;NL91ABNA0417164300;X;y\n", csv_field(f));
    }
    case.write("bank/formulas.csv", &text);
    let r = case.run();
    let p = r.payments_of("bank/formulas.csv");
    for (i, f) in FORMULAS.iter().enumerate() {
        let row = &p[&format!("bank/formulas.csv:{}", i + 2)];
        assert_eq!(row["description"], format!("'{f}"), "{row:?}");
        assert_eq!(row["counterparty_name"], format!("'{f}"), "{row:?}");
    }
    let rejected = r.exceptions_for("bank/formulas.csv");
    assert_eq!(rejected.len(), FORMULAS.len(), "{rejected:#?}");
    for e in &rejected {
        assert!(
            e.value.starts_with('\'') && FORMULAS.contains(&&e.value[1..]),
            "{e:?}"
        );
    }
    assert_eq!(r.inputs["bank/formulas.csv"].1, 8);
    assert_eq!(r.inputs["bank/formulas.csv"].2, 4);

    // The summary sheet has formulas of its own (totals); none may hold a
    // hostile text, and a cell showing one must be a plain string.
    let hostile = |s: &str| {
        ["evil", "cmd|", "SUM(1)", "2+3"]
            .iter()
            .any(|h| s.contains(h))
    };
    let mut wb: Xlsx<_> = calamine::open_workbook(r.out.join("report.xlsx")).unwrap();
    let mut seen = 0;
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            !formulas.used_cells().any(|(_, _, f)| hostile(f)),
            "sheet {name} runs a hostile text as a formula"
        );
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, cell) in range.used_cells() {
            if hostile(&cell.to_string()) {
                assert!(matches!(cell, Data::String(_)), "{name}: {cell:?}");
                let at = (r0 + r as u32, c0 + c as u32);
                assert!(
                    formulas.get_value(at).is_none_or(|f| f.is_empty()),
                    "{name} {at:?}"
                );
                seen += 1;
            }
        }
    }
    assert!(
        seen >= FORMULAS.len(),
        "hostile texts in report.xlsx: {seen}"
    );
}

/// Duplicate invoice numbers, zero and negative amounts, and dates at the
/// edges of what is plausible: every row ends up in exactly one place.
#[test]
fn odd_values_in_the_register_and_the_bank_lose_no_row() {
    let case = Case::new();
    case.write(
        "invoices/extra.csv",
        "Factuurnummer;Cliëntnummer;Naam;Factuurdatum;Bedrag\n\
         2026-0101;C001;J. Jansen;03-08-2026;1.000,00\n\
         2026-9001;C901;Nul;03-08-2026;0,00\n\
         2026-9002;C902;Negatief;03-08-2026;-25,00\n\
         2026-9003;C903;Oud;01-01-1900;10,00\n\
         2026-9004;C904;Toekomst;31-12-2100;10,00\n\
         2026-9005;C905;Te oud;31-12-1899;10,00\n",
    );
    case.write(
        "bank/odd.csv",
        "datum;bedrag;tegenrekening;naam;omschrijving\n\
         05-10-2026;0,00;NL91ABNA0417164300;Nul;niets\n\
         05-10-2026;-12,50;NL91ABNA0417164300;Af;kosten\n\
         01-01-1900;1,00;NL91ABNA0417164300;Oud;oud\n\
         31-12-2100;1,00;NL91ABNA0417164300;Toekomst;later\n",
    );
    let r = case.run();
    // The register: six rows met; the 1899 date is the only one refused.
    assert_eq!(r.inputs["invoices/extra.csv"].1, 6);
    let refused = r.exceptions_for("invoices/extra.csv");
    assert!(
        refused
            .iter()
            .any(|e| e.source == "invoices/extra.csv:7" && e.severity == "error"),
        "{refused:#?}"
    );
    assert_eq!(r.inputs["invoices/extra.csv"].2, 1, "{refused:#?}");
    // With the matching core in place, the second 2026-0101 is an error.
    let invoices = r.csv("invoices.csv");
    if !invoices.is_empty() {
        assert!(
            r.exceptions.iter().any(|e| e.code == "duplicate_invoice"),
            "{:#?}",
            r.exceptions
        );
    }
    // The bank: all four lines are payments, dates as written.
    assert!(
        r.exceptions_for("bank/odd.csv").is_empty(),
        "{:#?}",
        r.exceptions_for("bank/odd.csv")
    );
    let p = r.payments_of("bank/odd.csv");
    assert_eq!(p.len(), 4);
    assert_eq!(p["bank/odd.csv:2"]["amount"], "0.00");
    assert_eq!(p["bank/odd.csv:3"]["amount"], "-12.50");
    assert_eq!(p["bank/odd.csv:4"]["booking_date"], "1900-01-01");
    assert_eq!(p["bank/odd.csv:5"]["booking_date"], "2100-12-31");
    r.demo_files_still_read();
}

// ---------------------------------------------------------------------------
// The file system

#[test]
fn path_like_and_unicode_file_names_are_read_and_shown_as_given() {
    let case = Case::new();
    let ing = demo_bytes("bank/ing-2026-11.csv");
    let names = [
        "bank/x\\..\\..\\evil.csv",
        "bank/C:\\Windows\\evil.csv",
        "bank/rekening oktober — Zoë ü 2026 (kopie).csv",
        "bank/ leading space.csv",
    ];
    for n in names {
        case.write(n, &ing);
    }
    // On Unix a name starting with a dot is a hidden file: skipped, and
    // the warning shows the name as given.
    case.write("bank/..\\..\\evil.csv", &ing);
    let r = case.run();
    let hidden = r.exceptions_for("bank/..\\..\\evil.csv");
    assert_eq!(hidden.len(), 1, "{:#?}", r.exceptions);
    assert_eq!(hidden[0].severity, "warning");
    for n in names {
        assert_eq!(
            r.inputs.get(n),
            Some(&("ing".to_string(), 3, 0)),
            "{n}: {:#?}",
            r.inputs
        );
        let p = r.payments_of(n);
        assert_eq!(p.len(), 3, "{n}: {:?}", p.keys());
    }
    r.demo_files_still_read();
}

#[cfg(unix)]
#[test]
fn links_hidden_files_and_lock_files_are_skipped_with_a_warning() {
    let case = Case::new();
    let outside = case.tmp.path().join("outside.csv");
    fs::write(&outside, demo_bytes("bank/ing-2026-11.csv")).unwrap();
    std::os::unix::fs::symlink(&outside, case.input().join("bank/link.csv")).unwrap();
    std::os::unix::fs::symlink(case.tmp.path(), case.input().join("bank/linkdir")).unwrap();
    case.write("bank/.hidden.csv", demo_bytes("bank/ing-2026-11.csv"));
    case.write(
        "specs/~$lock.xlsx",
        demo_bytes("specs/cz-betaalspecificatie.xlsx"),
    );
    case.write("invoices/.~lock.facturen-2026.csv#", "lock");
    let r = case.run();
    for f in [
        "bank/link.csv",
        "bank/linkdir",
        "bank/.hidden.csv",
        "specs/~$lock.xlsx",
        "invoices/.~lock.facturen-2026.csv#",
    ] {
        let e = r.exceptions_for(f);
        assert_eq!(e.len(), 1, "{f}: {e:#?}");
        assert_eq!(e[0].severity, "warning", "{f}");
        assert!(!r.inputs.contains_key(f), "{f} was read");
    }
    assert_eq!(r.inputs.len(), baseline().len());
    r.demo_files_still_read();
}

#[test]
fn empty_and_header_only_files_in_every_folder() {
    let case = Case::new();
    case.write("bank/empty.csv", "");
    case.write("invoices/empty.csv", "");
    case.write("specs/empty.xlsx", "");
    let ing = String::from_utf8(demo_bytes("bank/ing-2026-11.csv")).unwrap();
    case.write(
        "bank/header-only.csv",
        format!("{}\n", ing.lines().next().unwrap()),
    );
    case.write(
        "invoices/header-only.csv",
        "Factuurnummer;Cliëntnummer;Naam;Factuurdatum;Bedrag\n",
    );
    case.write("specs/header-only.xlsx", {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["Factuurnummer", "Vergoed", "Uitbetaald"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        wb.save_to_buffer().unwrap()
    });
    let r = case.run();
    for f in ["bank/empty.csv", "invoices/empty.csv", "specs/empty.xlsx"] {
        let e = r.exceptions_for(f);
        assert_eq!(e.len(), 1, "{f}: {e:#?}");
        assert_eq!(r.inputs.get(f).map_or(0, |i| i.1), 0, "{f}");
    }
    for f in [
        "bank/header-only.csv",
        "invoices/header-only.csv",
        "specs/header-only.xlsx",
    ] {
        assert_eq!(r.rows_read(f), 0, "{f}");
        assert!(
            r.exceptions_for(f).iter().all(|e| e.severity == "warning"),
            "{f}: {:#?}",
            r.exceptions_for(f)
        );
    }
    r.demo_files_still_read();
}
