//! Every sheet of the demo's workbook prints legibly.
//! The workbook is printed to PDF by LibreOffice (`soffice`), the text of
//! each page is measured with `pdftotext -bbox` (poppler) and compared with
//! the same font printed at 100 %; where either program is missing the test
//! says so and passes.

use std::fs;
use std::path::Path;
use std::process::Command;

use zorgrecon::report::Lang;

use crate::support::{office_convert, run_demo, soffice};

/// The smallest share of its 100 % size that the type of any printed page
/// may have: about 60 % is still read without strain.
const LEGIBLE: f64 = 0.6;

fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The median height of the words on each page of `pdf`, in points.
fn word_heights(pdf: &Path) -> Vec<f64> {
    let html = pdf.with_extension("html");
    let status = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg(&html)
        .status()
        .unwrap();
    assert!(status.success(), "pdftotext {}", pdf.display());
    let text = fs::read_to_string(&html).unwrap();
    let attr = |word: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        word.split(&key)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {word}"))
    };
    text.split("<page ")
        .skip(1)
        .map(|page| {
            let mut h: Vec<f64> = page
                .split("<word ")
                .skip(1)
                .map(|w| attr(w, "yMax") - attr(w, "yMin"))
                .collect();
            assert!(!h.is_empty(), "an empty page in {}", pdf.display());
            h.sort_by(f64::total_cmp);
            h[h.len() / 2]
        })
        .collect()
}

#[test]
fn the_demo_workbook_prints_legibly_through_libreoffice() {
    let Some(soffice) = soffice() else {
        return;
    };
    if !available("pdftotext", "-v") {
        eprintln!("skipped: pdftotext is not installed");
        return;
    }
    let (tmp, out) = run_demo(Lang::Nl, None);
    // The same default font at 100 %, printed by the same program.
    let reference = tmp.path().join("reference.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_landscape().set_paper_size(9).set_print_scale(100);
    ws.write_string(0, 0, "Factuurnummer").unwrap();
    ws.write_string(1, 0, "2026-0101").unwrap();
    ws.write_string(2, 0, "Cliënt").unwrap();
    wb.save(&reference).unwrap();

    let pdf = tmp.path().join("pdf");
    let o = office_convert(
        soffice,
        &tmp.path().join("profile"),
        None,
        "pdf",
        &pdf,
        &[&reference, &out.join("report.xlsx")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let full = word_heights(&pdf.join("reference.pdf"))[0];
    let pages = word_heights(&pdf.join("report.pdf"));
    let smallest = pages.iter().copied().fold(f64::INFINITY, f64::min);
    for (n, h) in pages.iter().enumerate() {
        assert!(
            *h >= LEGIBLE * full,
            "page {} prints at {:.0} % ({h:.1} pt against {full:.1} pt at 100 %)",
            n + 1,
            100.0 * h / full
        );
    }
    eprintln!(
        "{} pages, the smallest type at {:.0} % of its size",
        pages.len(),
        100.0 * smallest / full
    );
}
