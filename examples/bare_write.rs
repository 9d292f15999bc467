//! The "cost of writing it" baseline for the zorgrecon benchmark: the floor
//! of the job's write-report stage, as `bare_read` is the floor of reading.
//!
//! ```text
//! cargo run --release --example bare_write -- OUT [--to DIR]
//! ```
//!
//! `OUT` is a folder the job wrote (`zorgrecon run --out OUT`). Its CSV files
//! are read into memory first, outside the timing: every field as a string,
//! and for the workbook every amount and date already converted to the
//! number a cell holds. Then, timed, the same rows and cells are written
//! again into `DIR` (default: a temporary folder, removed afterwards) with
//! nothing but the libraries the job uses:
//!
//! - each CSV file, record by record, with the `csv` crate;
//! - one `report.xlsx` with `rust_xlsxwriter` in constant-memory mode at zip
//!   level 3, as the job writes it: the invoice list (the job's status
//!   sheets together), the write-offs, the payments that need attention
//!   and the input problems, each with its header row, the job's columns,
//!   amounts and dates as numbers in columns that carry the euro or date
//!   format, texts as strings.
//!
//! No summary sheet, charts, totals formulas, BSN masking, formula escaping
//! or number formatting: that is the job's own work. The CSVs and the
//! workbook are written one after the other on one thread; the job writes
//! them on two, so its write stage can come in under this sum. Prints the
//! rows and cells written, the seconds of each part and `seconds=` for all.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// The job's allocator, so that the floor and the job are measured alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bare_write: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The CSV files the job writes, in the order it writes them.
const CSV_FILES: [&str; 6] = [
    "invoices.csv",
    "payments.csv",
    "exceptions.csv",
    "changes.csv",
    "coulance.csv",
    "journal.csv",
];

/// Payment statuses on the job's attention sheet.
const ATTENTION: [&str; 4] = ["unmatched", "suggested", "reversed", "duplicate"];

/// Data rows per sheet: Excel's limit less the header and totals rows.
const MAX_DATA_ROWS: usize = 1_048_574;

/// A CSV file read into memory.
struct Table {
    name: &'static str,
    header: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    fn column(&self, name: &str) -> anyhow::Result<usize> {
        self.header
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{} has no column {name}", self.name))
    }
}

/// What a workbook column holds.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Money,
    Date,
    Int,
}

/// One cell, converted before the timing starts.
enum Cell {
    Text(String),
    Number(f64),
    Blank,
}

/// A workbook list: its columns and its rows of cells.
struct Sheet {
    name: &'static str,
    columns: Vec<(String, Kind)>,
    rows: Vec<Vec<Cell>>,
}

fn run() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut out, mut to) = (None, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--to" => to = args.next().map(PathBuf::from),
            "-h" | "--help" => bail!("usage: bare_write OUT [--to DIR]"),
            _ if out.is_none() => out = Some(PathBuf::from(a)),
            _ => bail!("usage: bare_write OUT [--to DIR]"),
        }
    }
    let Some(out) = out else {
        bail!("usage: bare_write OUT [--to DIR]")
    };

    // Untimed: read the job's files and prepare the cells.
    let tables = CSV_FILES
        .iter()
        .map(|name| read_table(&out, name))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let sheets = sheets(&tables)?;
    let tmp;
    let dir = match to {
        Some(d) => {
            fs::create_dir_all(&d).with_context(|| format!("cannot create {}", d.display()))?;
            d
        }
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().to_path_buf()
        }
    };

    let t0 = Instant::now();
    let (csv_rows, csv_fields) = write_csvs(&dir, &tables)?;
    let csv_secs = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let (xlsx_rows, xlsx_cells) = write_xlsx(&dir, &sheets)?;
    let xlsx_secs = t1.elapsed().as_secs_f64();
    let secs = t0.elapsed().as_secs_f64();

    println!(
        "csv_rows={csv_rows} csv_fields={csv_fields} xlsx_rows={xlsx_rows} xlsx_cells={xlsx_cells} xlsx_bytes={}",
        fs::metadata(dir.join("report.xlsx")).map_or(0, |m| m.len())
    );
    println!("csv_seconds={csv_secs:.3} xlsx_seconds={xlsx_secs:.3}");
    println!("seconds={secs:.3}");
    Ok(())
}

fn read_table(dir: &Path, name: &'static str) -> anyhow::Result<Table> {
    let path = dir.join(name);
    let mut r =
        csv::Reader::from_path(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let header = r.headers()?.clone();
    let rows = r
        .records()
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Table { name, header, rows })
}

/// The workbook's lists from the job's CSV files, with the job's columns.
fn sheets(tables: &[Table]) -> anyhow::Result<Vec<Sheet>> {
    use Kind::*;
    let table = |name: &str| {
        tables
            .iter()
            .find(|t| t.name == name)
            .with_context(|| format!("{name} was not read"))
    };
    let invoices = table("invoices.csv")?;
    let invoice_columns = [
        ("invoice_number", Text),
        ("client_id", Text),
        ("client_name", Text),
        ("insurer", Text),
        ("invoice_date", Date),
        ("due_date", Date),
        ("days_overdue", Int),
        ("amount", Money),
        ("credited", Money),
        ("net", Money),
        ("paid", Money),
        ("paid_by_insurer", Money),
        ("reimbursed", Money),
        ("deductible", Money),
        ("required", Money),
        ("coulance", Money),
        ("outstanding", Money),
        ("payments", Text),
        ("specifications", Text),
        ("reason", Text),
    ];
    let coulance_columns = [
        ("invoice_number", Text),
        ("client_id", Text),
        ("client_name", Text),
        ("insurer", Text),
        ("invoice_date", Date),
        ("net", Money),
        ("reimbursed", Money),
        ("paid", Money),
        ("coulance", Money),
        ("specifications", Text),
    ];
    let attention_columns = [
        ("status", Text),
        ("payment_id", Text),
        ("source", Text),
        ("booking_date", Date),
        ("amount", Money),
        ("counterparty_iban", Text),
        ("counterparty_name", Text),
        ("description", Text),
        ("rule", Text),
        ("invoices", Text),
        ("unallocated", Money),
        ("note", Text),
    ];
    let problem_columns = [
        ("source", Text),
        ("severity", Text),
        ("problem", Text),
        ("value", Text),
    ];
    let payments = table("payments.csv")?;
    let status = payments.column("status")?;
    let attention: Vec<&csv::StringRecord> = ATTENTION
        .iter()
        .flat_map(|s| {
            payments
                .rows
                .iter()
                .filter(move |r| r.get(status) == Some(*s))
        })
        .collect();
    Ok(vec![
        sheet("Invoices", invoices, &invoice_columns, invoices.rows.iter())?,
        sheet(
            "Coulance",
            table("coulance.csv")?,
            &coulance_columns,
            table("coulance.csv")?.rows.iter(),
        )?,
        sheet("Attention", payments, &attention_columns, attention)?,
        sheet(
            "Problems",
            table("exceptions.csv")?,
            &problem_columns,
            table("exceptions.csv")?.rows.iter(),
        )?,
    ])
}

fn sheet<'a>(
    name: &'static str,
    table: &Table,
    columns: &[(&str, Kind)],
    rows: impl IntoIterator<Item = &'a csv::StringRecord>,
) -> anyhow::Result<Sheet> {
    let at = columns
        .iter()
        .map(|(c, _)| table.column(c))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rows = rows
        .into_iter()
        .map(|r| {
            at.iter()
                .zip(columns)
                .map(|(i, (_, kind))| cell(r.get(*i).unwrap_or(""), *kind))
                .collect()
        })
        .collect();
    Ok(Sheet {
        name,
        columns: columns.iter().map(|(c, k)| (c.to_string(), *k)).collect(),
        rows,
    })
}

/// A CSV field as the job's cell: a number for amounts, dates (Excel's
/// serial day) and counts, else text; empty is no cell.
fn cell(field: &str, kind: Kind) -> Cell {
    if field.is_empty() {
        return Cell::Blank;
    }
    let number = match kind {
        Kind::Text => None,
        Kind::Money | Kind::Int => field.parse::<f64>().ok(),
        Kind::Date => NaiveDate::parse_from_str(field, "%Y-%m-%d")
            .ok()
            .and_then(|d| NaiveDate::from_ymd_opt(1899, 12, 30).map(|e| (d - e).num_days() as f64)),
    };
    match number {
        Some(n) => Cell::Number(n),
        None => Cell::Text(field.to_string()),
    }
}

/// Writes every CSV file again; returns (rows, fields).
fn write_csvs(dir: &Path, tables: &[Table]) -> anyhow::Result<(u64, u64)> {
    let (mut rows, mut fields) = (0, 0);
    for t in tables {
        let path = dir.join(t.name);
        let mut w = csv::Writer::from_path(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        w.write_record(&t.header)?;
        for r in &t.rows {
            w.write_record(r)?;
            rows += 1;
            fields += r.len() as u64;
        }
        w.flush()?;
    }
    Ok((rows, fields))
}

/// Writes the lists into `report.xlsx`; returns (rows, cells).
fn write_xlsx(dir: &Path, sheets: &[Sheet]) -> anyhow::Result<(u64, u64)> {
    let (mut rows, mut cells) = (0, 0);
    let header = Format::new().set_bold();
    let money = Format::new().set_num_format("[$€-413] #,##0.00;[Red][$€-413] -#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(3);
    wb.set_tempdir(dir)?;
    for s in sheets {
        // One sheet even for an empty list, as the job writes.
        let parts = s.rows.len().div_ceil(MAX_DATA_ROWS).max(1);
        for part in 0..parts {
            let ws = wb.add_worksheet_with_constant_memory()?;
            ws.set_name(if part == 0 {
                s.name.to_string()
            } else {
                format!("{} ({})", s.name, part + 1)
            })?;
            start(ws, s, &header, &money, &date)?;
            let chunk = s.rows.iter().skip(part * MAX_DATA_ROWS).take(MAX_DATA_ROWS);
            for (n, row) in (1u32..).zip(chunk) {
                rows += 1;
                for (c, cell) in (0u16..).zip(row) {
                    match cell {
                        Cell::Text(t) => {
                            ws.write_string(n, c, t)?;
                        }
                        Cell::Number(v) => {
                            ws.write_number(n, c, *v)?;
                        }
                        Cell::Blank => continue,
                    }
                    cells += 1;
                }
            }
        }
    }
    wb.save(dir.join("report.xlsx"))?;
    Ok((rows, cells))
}

/// Header row and column formats of one list sheet.
fn start(
    ws: &mut Worksheet,
    s: &Sheet,
    header: &Format,
    money: &Format,
    date: &Format,
) -> anyhow::Result<()> {
    for (c, (name, kind)) in (0u16..).zip(&s.columns) {
        match kind {
            Kind::Money => {
                ws.set_column_format(c, money)?;
            }
            Kind::Date => {
                ws.set_column_format(c, date)?;
            }
            Kind::Text | Kind::Int => {}
        }
        ws.write_string_with_format(0, c, name, header)?;
    }
    Ok(())
}
