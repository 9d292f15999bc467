//! Whether two report folders say the same (the benchmark's check that a
//! faster job writes what the slower one wrote).
//!
//! ```text
//! cargo run --release --example same_outputs -- DIR_A DIR_B
//! ```
//!
//! Every file of either folder must be in both. CSV and JSON files must be
//! byte-identical. `report.xlsx` is a zip of XML parts: each part must be
//! byte-identical once unpacked, or, where it is not, hold the same cell
//! values (a number written `100` or `100.0` is the same number), compared
//! sheet by sheet and cell by cell through calamine; the compressed bytes
//! themselves may differ. Prints one line per file and exits 1 when
//! anything differs.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use calamine::{Data, Reader, Xlsx, open_workbook};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [a, b] = args.as_slice() else {
        eprintln!("usage: same_outputs DIR_A DIR_B");
        return ExitCode::from(2);
    };
    match compare(Path::new(a), Path::new(b)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("same_outputs: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn names(dir: &Path) -> anyhow::Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for e in fs::read_dir(dir)? {
        let e = e?;
        if e.file_type()?.is_file() {
            out.insert(e.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(out)
}

fn compare(a: &Path, b: &Path) -> anyhow::Result<bool> {
    let (na, nb) = (names(a)?, names(b)?);
    let mut same = true;
    for name in na.union(&nb) {
        let (pa, pb) = (a.join(name), b.join(name));
        let verdict = if !pa.exists() || !pb.exists() {
            "missing on one side".to_string()
        } else if name.ends_with(".xlsx") {
            workbook(&pa, &pb)?
        } else if fs::read(&pa)? == fs::read(&pb)? {
            "identical".to_string()
        } else {
            "DIFFERS".to_string()
        };
        if !verdict.starts_with("identical") && !verdict.starts_with("same") {
            same = false;
        }
        println!("{name}: {verdict}");
    }
    Ok(same)
}

/// Unpacked parts of a zip, by name.
fn parts(path: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path)?)?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i)?;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)?;
        out.push((f.name()?.to_string(), bytes));
    }
    out.sort();
    Ok(out)
}

fn workbook(a: &Path, b: &Path) -> anyhow::Result<String> {
    if fs::read(a)? == fs::read(b)? {
        return Ok("identical".into());
    }
    let (pa, pb) = (parts(a)?, parts(b)?);
    let differing: Vec<&str> = pa
        .iter()
        .zip(&pb)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| x.0.as_str())
        .collect();
    if pa.len() == pb.len() && differing.is_empty() {
        return Ok("identical parts (compressed differently)".into());
    }
    let (mut wa, mut wb): (Xlsx<_>, Xlsx<_>) = (open_workbook(a)?, open_workbook(b)?);
    let sheets = wa.sheet_names();
    if sheets != wb.sheet_names() {
        return Ok("DIFFERS: other sheets".into());
    }
    for sheet in &sheets {
        let (ra, rb) = (wa.worksheet_range(sheet)?, wb.worksheet_range(sheet)?);
        if ra.start() != rb.start() || ra.end() != rb.end() {
            return Ok(format!("DIFFERS: sheet {sheet} has another size"));
        }
        for ((row, col, x), (_, _, y)) in ra.cells().zip(rb.cells()) {
            if !same_cell(x, y) {
                return Ok(format!(
                    "DIFFERS: sheet {sheet} row {} column {}: {x:?} against {y:?}",
                    row + 1,
                    col + 1
                ));
            }
        }
    }
    Ok(format!(
        "same cell values in every sheet ({} parts written differently: {})",
        differing.len(),
        differing.join(", ")
    ))
}

fn same_cell(a: &Data, b: &Data) -> bool {
    match (a, b) {
        (Data::Float(x), Data::Int(y)) | (Data::Int(y), Data::Float(x)) => *x == *y as f64,
        _ => a == b,
    }
}
