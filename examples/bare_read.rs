//! The "cost of reading it" baseline for the zorgrecon benchmark.
//!
//! ```text
//! cargo run --release --example bare_read -- DIR
//! ```
//!
//! Reads every file of an input folder (`invoices/`, `bank/`, `specs/`, and
//! `agents/` when there is one) with
//! nothing but the libraries the job uses: `csv` with the file's delimiter,
//! `encoding_rs` for ISO-8859-1 text, `calamine` for spreadsheets (every
//! cell), `quick-xml` for CAMT (every event) and a plain line loop for
//! MT940. Every record is touched (field lengths are summed and printed) so
//! the optimiser cannot drop the work. The job's full run is compared with
//! this time: reading is the floor, everything above it is parsing into
//! typed rows, matching and writing the report.
//!
//! It also checks what it reads against `workload.txt` from `gen_workload`
//! when there is one (record counts per kind), and fails when a file cannot
//! be read, so it doubles as a check that the generated files open.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use calamine::{Data, Reader};
use quick_xml::events::Event;

/// The job's allocator, so that the floor and the job are measured alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bare_read: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// What was read.
#[derive(Debug, Default)]
struct Counts {
    files: usize,
    bytes: u64,
    invoices: u64,
    bank_lines: u64,
    camt_entries: u64,
    spec_lines: u64,
    spec_cells: u64,
    /// Sum of field lengths: the work the optimiser must keep.
    touched: u64,
}

fn run() -> anyhow::Result<()> {
    let dir = match std::env::args().nth(1) {
        Some(d) if d != "-h" && d != "--help" => PathBuf::from(d),
        _ => bail!("usage: bare_read DIR"),
    };
    let t0 = Instant::now();
    let mut c = Counts::default();
    let mut per_folder = Vec::new();
    for (folder, read) in [
        (
            "invoices",
            read_invoice_file as fn(&Path, &[u8], &mut Counts) -> anyhow::Result<()>,
        ),
        ("bank", read_bank_file),
        ("specs", read_spec_file),
        ("agents", read_agent_file),
    ] {
        let t = Instant::now();
        let mut files = Vec::new();
        list(&dir.join(folder), &mut files)?;
        files.sort();
        for path in files {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            c.files += 1;
            c.bytes += bytes.len() as u64;
            read(&path, &bytes, &mut c).with_context(|| format!("reading {}", path.display()))?;
        }
        per_folder.push(format!("{folder}_seconds={:.3}", t.elapsed().as_secs_f64()));
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "files={} bytes={} invoices={} bank_lines={} camt_entries={} spec_lines={} spec_cells={} touched={}",
        c.files,
        c.bytes,
        c.invoices,
        c.bank_lines,
        c.camt_entries,
        c.spec_lines,
        c.spec_cells,
        c.touched
    );
    println!("{}", per_folder.join(" "));
    let mismatches = check_manifest(&dir, &c)?;
    println!("seconds={secs:.3}");
    if mismatches > 0 {
        bail!("{mismatches} counts differ from workload.txt");
    }
    Ok(())
}

fn list(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for e in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let e = e?;
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if e.file_type()?.is_dir() {
            list(&e.path(), out)?;
        } else {
            out.push(e.path());
        }
    }
    Ok(())
}

/// UTF-8 (without its BOM) or, failing that, Windows-1252, as the job decodes
/// a bank export (docs/inputs.md).
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Reads a delimited text with the csv crate; returns the data records.
fn read_csv(text: &str, delimiter: u8, c: &mut Counts) -> anyhow::Result<u64> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    let mut n = 0;
    while r.read_record(&mut rec)? {
        c.touched += rec.iter().map(|f| f.len() as u64).sum::<u64>();
        n += 1;
    }
    Ok(n)
}

fn delimiter_of(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

fn read_invoice_file(path: &Path, bytes: &[u8], c: &mut Counts) -> anyhow::Result<()> {
    let text = decode(bytes);
    let first = text.lines().next().unwrap_or("");
    if !first.contains("Factuurnummer") {
        bail!("{}: no register header", path.display());
    }
    c.invoices += read_csv(&text, delimiter_of(&text), c)?;
    Ok(())
}

fn read_bank_file(_path: &Path, bytes: &[u8], c: &mut Counts) -> anyhow::Result<()> {
    let text = decode(bytes);
    let head = text.trim_start();
    if head.starts_with("<?xml") || head.starts_with("<Document") {
        read_xml(&text, c)
    } else if head.starts_with("{1:") || head.starts_with(":20:") || head.starts_with(":940:") {
        read_mt940(&text, c);
        Ok(())
    } else {
        c.bank_lines += read_csv(&text, delimiter_of(&text), c)?;
        Ok(())
    }
}

/// Every event of the document; bank lines are `TxDtls` (an entry
/// without details would count as one, but the generator writes none).
fn read_xml(text: &str, c: &mut Counts) -> anyhow::Result<()> {
    let mut r = quick_xml::Reader::from_str(text);
    loop {
        match r.read_event()? {
            Event::Eof => break,
            Event::Start(e) => {
                match e.local_name().as_ref() {
                    "TxDtls" => c.bank_lines += 1,
                    "Ntry" => c.camt_entries += 1,
                    _ => {}
                }
                c.touched += e.len() as u64;
            }
            Event::Text(t) => c.touched += t.xml10_content().len() as u64,
            ev => c.touched += ev.len() as u64,
        }
    }
    Ok(())
}

/// A plain line loop: `:61:` opens a bank line, `:86:` and untagged lines
/// continue it.
fn read_mt940(text: &str, c: &mut Counts) {
    for line in text.lines() {
        if line.starts_with(":61:") {
            c.bank_lines += 1;
        }
        c.touched += line.len() as u64;
    }
}

/// A billing agent's statement (`gen_workload --agents`): xlsx with
/// calamine over every cell, else CSV with the csv crate (title rows have
/// as many fields as the header).
fn read_agent_file(path: &Path, bytes: &[u8], c: &mut Counts) -> anyhow::Result<()> {
    if path.extension().is_some_and(|e| e == "xlsx") {
        let mut book = calamine::open_workbook_auto(path)?;
        for name in book.sheet_names() {
            for row in book.worksheet_range(&name)?.rows() {
                for cell in row {
                    c.touched += match cell {
                        Data::String(s) => s.len() as u64,
                        Data::Empty => 0,
                        _ => 1,
                    };
                }
            }
        }
        return Ok(());
    }
    let text = decode(bytes);
    read_csv(&text, delimiter_of(&text), c)?;
    Ok(())
}

/// Header aliases of the invoice-number column in the generated layouts.
const INVOICE_HEADERS: [&str; 3] = ["factuurnummer", "uw factuurnummer", "nota"];

fn read_spec_file(path: &Path, _bytes: &[u8], c: &mut Counts) -> anyhow::Result<()> {
    let mut book = calamine::open_workbook_auto(path)?;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name)?;
        // The data starts below the row that names the invoice column.
        let mut invoice_col: Option<usize> = None;
        for row in range.rows() {
            for cell in row {
                c.spec_cells += 1;
                c.touched += match cell {
                    Data::String(s) => s.len() as u64,
                    Data::Float(f) => f.to_bits() & 1,
                    Data::Int(i) => *i as u64 & 1,
                    Data::DateTime(d) => d.as_f64().to_bits() & 1,
                    Data::Empty => 0,
                    _ => 1,
                };
            }
            match invoice_col {
                None => {
                    invoice_col = row.iter().position(|cell| {
                        matches!(cell, Data::String(s) if INVOICE_HEADERS.contains(&s.trim().to_lowercase().as_str()))
                    });
                }
                Some(col) => {
                    if let Some(Data::String(s)) = row.get(col)
                        && !s.trim().is_empty()
                        && !s.trim().eq_ignore_ascii_case("totaal")
                    {
                        c.spec_lines += 1;
                    }
                }
            }
        }
        if invoice_col.is_none() {
            bail!("sheet {name}: no invoice-number header");
        }
    }
    Ok(())
}

/// Compares the counts with `workload.txt`; returns how many differ.
fn check_manifest(dir: &Path, c: &Counts) -> anyhow::Result<usize> {
    let Ok(text) = fs::read_to_string(dir.join("workload.txt")) else {
        return Ok(0);
    };
    let get = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let mut bad = 0;
    for (key, got) in [
        ("invoices", c.invoices),
        ("bank_lines", c.bank_lines),
        ("spec_lines", c.spec_lines),
    ] {
        if let Some(want) = get(key)
            && want != got
        {
            eprintln!("bare_read: {key}: read {got}, workload.txt says {want}");
            bad += 1;
        }
    }
    Ok(bad)
}
