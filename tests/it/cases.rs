//! Data-driven end-to-end cases: each case folder holds an input folder's
//! contents (`invoices/`, `bank/`, `specs/`, optionally `overrides.csv`,
//! `decisions/` and `zorgrecon.toml`), the run date in `as-of.txt`, and the
//! expected outputs in `expected/`. The whole job runs through its front
//! door and every file it writes into the report folder is compared with
//! its expected file: the CSV, JSON and XML files byte for byte, the
//! workbook by its cells (see [`workbook_cells`]). A file written without
//! an expected file fails, and so does an expected file nothing wrote, so
//! a new output cannot be left out.
//!
//! The cases are `fixtures/demo`, `fixtures/demo-agent` and every folder
//! under `tests/cases/`.
//! After an intended change, `UPDATE_EXPECT=1 cargo test --test it cases`
//! rewrites the expected files; review the diff before committing it.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::{Value, json};
use zorgrecon::report_folder::MARKER;

use crate::support::{
    case_as_of, case_dirs, cell_text, copy_tree, copy_tree_in_order, demo, job, office_convert,
    root, run_ok, soffice,
};

/// The command that writes missing or changed expected files.
const UPDATE: &str = "UPDATE_EXPECT=1 cargo test --test it cases";

fn run_case(case: &Path, out: &Path) {
    run_ok(&job(case, out, &case_as_of(case)));
}

/// The files a run wrote into `out`, by name, sorted; the marker that
/// says the folder is a report is left out, since what it holds is this
/// list (`report_folder.rs` tests it).
fn written(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != MARKER)
        .collect();
    names.sort();
    names
}

/// The expected file of an output and what it is compared by: the
/// workbook's cells as text in `report.xlsx.txt`, any other file as it is.
fn comparable(out: &Path, name: &str) -> (String, String) {
    let path = out.join(name);
    if name.ends_with(".xlsx") {
        return (format!("{name}.txt"), workbook_cells(&path));
    }
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (name.to_string(), text)
}

/// Every sheet of a workbook, in order, as one line per row that holds
/// anything: the row's number and its cells as JSON from column A, text
/// as a string, a number as a number, a date as `{"date": …}`, a formula
/// as `{"formula": …}`, trailing empty cells left out.
///
/// Cells rather than bytes: the workbook is byte for byte the same on every
/// run (`reruns_give_identical_bytes`), but its bytes are a zip of XML
/// that rust_xlsxwriter may lay out otherwise in a new version while every
/// cell stays as it was, and a diff of the cells is one a reviewer can
/// read. What the cells do not show (formats, drop-downs, print setup) is
/// checked in `workbook.rs`.
fn workbook_cells(path: &Path) -> String {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    for name in wb.sheet_names() {
        text.push_str(&format!("== {name}\n"));
        let values = wb.worksheet_range(&name).unwrap();
        let formulas = wb.worksheet_formula(&name).unwrap();
        let (Some((top, _)), Some((bottom, right))) = (values.start(), values.end()) else {
            continue;
        };
        for r in top..=bottom {
            let mut cells: Vec<Value> = (0..=right)
                .map(|c| match formulas.get_value((r, c)) {
                    Some(f) if !f.is_empty() => json!({ "formula": f }),
                    _ => cell_json(values.get_value((r, c))),
                })
                .collect();
            while cells.last().is_some_and(Value::is_null) {
                cells.pop();
            }
            if !cells.is_empty() {
                text.push_str(&format!("{}\t{}\n", r + 1, Value::Array(cells)));
            }
        }
    }
    text
}

fn cell_json(cell: Option<&Data>) -> Value {
    match cell {
        None | Some(Data::Empty) => Value::Null,
        Some(Data::String(s)) => json!(s),
        Some(Data::Float(f)) => json!(f),
        Some(Data::Int(i)) => json!(i),
        Some(Data::Bool(b)) => json!(b),
        Some(Data::DateTime(d)) => match d.as_datetime() {
            Some(t) => json!({ "date": t.to_string() }),
            None => json!({ "date": d.as_f64() }),
        },
        Some(other) => json!({ "other": other.to_string() }),
    }
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(expected: &str, actual: &str) -> String {
    for (n, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            return format!("line {}:\n  expected: {e}\n  actual:   {a}", n + 1);
        }
    }
    format!(
        "line counts differ: expected {}, actual {}",
        expected.lines().count(),
        actual.lines().count()
    )
}

#[test]
fn every_case_gives_its_expected_outputs() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for case in case_dirs() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        run_case(&case, &out);
        let expected_dir = case.join("expected");
        let mut unmatched: Vec<String> = fs::read_dir(&expected_dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        for name in written(&out) {
            let (want_name, actual) = comparable(&out, &name);
            unmatched.retain(|n| *n != want_name);
            let want = expected_dir.join(&want_name);
            if update {
                fs::create_dir_all(&expected_dir).unwrap();
                fs::write(&want, &actual).unwrap();
                continue;
            }
            match fs::read_to_string(&want) {
                Ok(expected) if expected == actual => {}
                Ok(expected) => failures.push(format!(
                    "{}: {name} differs at {}",
                    case.display(),
                    first_difference(&expected, &actual)
                )),
                Err(_) => failures.push(format!(
                    "{}: the run wrote {name} but expected/{want_name} is missing \
                     (`{UPDATE}` writes it; review it before committing)",
                    case.display()
                )),
            }
        }
        for stale in unmatched {
            if update {
                fs::remove_file(expected_dir.join(&stale)).unwrap();
            } else {
                failures.push(format!(
                    "{}: expected/{stale} is there but the run wrote no such file \
                     (`{UPDATE}` removes it)",
                    case.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn reruns_give_identical_bytes() {
    for case in case_dirs() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        run_case(&case, &a);
        run_case(&case, &b);
        let names = written(&a);
        assert!(
            names.iter().any(|n| n == "summary.json"),
            "{}: no summary.json in {names:?}",
            case.display()
        );
        for name in names.iter().map(String::as_str).chain([MARKER]) {
            let (x, y) = (
                fs::read(a.join(name)).unwrap(),
                fs::read(b.join(name)).unwrap(),
            );
            assert!(
                x == y,
                "{}: {name} differs between two runs",
                case.display()
            );
        }
    }
}

#[test]
fn outputs_do_not_depend_on_the_order_files_were_created() {
    let tmp = tempfile::tempdir().unwrap();
    let (fwd, rev) = (tmp.path().join("fwd"), tmp.path().join("rev"));
    copy_tree_in_order(&demo(), &fwd, false);
    copy_tree_in_order(&demo(), &rev, true);
    let (a, b) = (tmp.path().join("out-a"), tmp.path().join("out-b"));
    run_case(&fwd, &a);
    run_case(&rev, &b);
    assert_eq!(written(&a), written(&b));
    for name in written(&a) {
        let (x, y) = (
            fs::read(a.join(&name)).unwrap(),
            fs::read(b.join(&name)).unwrap(),
        );
        assert!(x == y, "{name} depends on file creation order");
    }
}

#[test]
fn the_second_night_lists_what_changed_since_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    // Night one: the November export has not arrived yet.
    let night1 = tmp.path().join("input-19");
    copy_tree(&demo(), &night1);
    fs::remove_file(night1.join("bank/ing-2026-11.csv")).unwrap();
    let reports = tmp.path().join("reports");
    let run_night = |input: &Path, date: &str| run_ok(&job(input, &reports.join(date), date));
    run_night(&night1, "2026-11-19");
    // The first night has nothing to compare with: only the header.
    let first = fs::read_to_string(reports.join("2026-11-19/changes.csv")).unwrap();
    assert_eq!(first, "change,id,before,after\n");
    // Night two: the full demo; the previous report is found by its date.
    run_night(&demo(), "2026-11-20");
    let changes = fs::read_to_string(reports.join("2026-11-20/changes.csv")).unwrap();
    assert_eq!(
        changes,
        "change,id,before,after\n\
         payment_new,P20261102-cd5e1e716d9b,,allocated\n\
         status_changed,2026-0204,open,partially_paid\n"
    );
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(reports.join("2026-11-20/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["changes"]["counts"]["payment_new"], 1);
    assert_eq!(summary["changes"]["counts"]["status_changed"], 1);
    assert!(
        summary["changes"]["previous"]
            .as_str()
            .unwrap()
            .ends_with("2026-11-19")
    );
}

/// The columns of `invoices.csv` without `payments` (the ids of the lines
/// that paid, which are another export's where another export counts).
fn invoices_without_payment_ids(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let payments = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "payments")
        .unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            rec.iter()
                .enumerate()
                .filter(|(k, _)| *k != payments)
                .map(|(_, v)| v.to_string())
                .collect()
        })
        .collect()
}

fn demo_invoices() -> String {
    fs::read_to_string(demo().join("expected/invoices.csv")).unwrap()
}

/// The demo's October ING statement also downloaded as MT940 and
/// as CAMT.053 leaves every invoice exactly as in the demo.
#[test]
fn the_same_statement_in_three_formats_counts_once() {
    let case = root().join("tests/cases/same-statement-three-formats");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_case(&case, &out);
    assert_eq!(
        fs::read_to_string(out.join("invoices.csv")).unwrap(),
        demo_invoices()
    );
    // With the CAMT.053 file first in path order its lines count, and the
    // overrides naming the CSV's ids reach them: the invoices' figures are
    // the demo's, their payment ids the CAMT lines'.
    let input = tmp.path().join("camt-first");
    copy_tree(&case, &input);
    fs::rename(
        input.join("bank/ing-2026-10.xml"),
        input.join("bank/a-camt053-ing-2026-10.xml"),
    )
    .unwrap();
    let out = tmp.path().join("out-camt-first");
    run_case(&input, &out);
    let invoices = fs::read_to_string(out.join("invoices.csv")).unwrap();
    assert_eq!(
        invoices_without_payment_ids(&invoices),
        invoices_without_payment_ids(&demo_invoices())
    );
    let payments = fs::read_to_string(out.join("payments.csv")).unwrap();
    let counted = |path: &str| {
        payments
            .lines()
            .filter(|l| l.contains(path) && !l.contains(",duplicate,duplicate,"))
            .count()
    };
    assert_eq!(counted("bank/a-camt053-ing-2026-10.xml#"), 24);
    assert_eq!(counted("bank/ing-2026-10.csv:"), 0);
    assert_eq!(counted("bank/ing-2026-10.sta:"), 0);
}

/// A CSV of 1–12 October beside an MT940 of 8–31 October counts
/// the five shared days once (the case's overrides name the MT940's id
/// where only the MT940 holds the line).
#[test]
fn an_overlap_of_two_formats_counts_the_shared_days_once() {
    let case = root().join("tests/cases/overlap-two-formats");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_case(&case, &out);
    let invoices = fs::read_to_string(out.join("invoices.csv")).unwrap();
    assert_eq!(
        invoices_without_payment_ids(&invoices),
        invoices_without_payment_ids(&demo_invoices())
    );
    let payments = fs::read_to_string(out.join("payments.csv")).unwrap();
    let repeated: Vec<&str> = payments
        .lines()
        .filter(|l| {
            l.split(',')
                .nth(1)
                .is_some_and(|s| s.starts_with("bank/ing-2026-10-08-31.sta:"))
                && l.contains(",duplicate,duplicate,")
        })
        .collect();
    // 8, 9 (two), 12 (two) October: the days the CSV holds too.
    assert_eq!(repeated.len(), 5, "{repeated:#?}");
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let covered: Vec<String> = summary["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["account"] == "NL20INGB0001234567")
        .map(|c| {
            format!(
                "{} {}..{}",
                c["file"].as_str().unwrap(),
                c["first"].as_str().unwrap(),
                c["last"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        covered,
        [
            "bank/ing-2026-10-01-12.csv 2026-10-01..2026-10-12",
            "bank/ing-2026-10-08-31.sta 2026-10-08..2026-10-30",
            "bank/ing-2026-11.csv 2026-10-30..2026-11-02",
        ]
    );
}

/// Two identical payments of one day in one file stay two; a
/// second file (a morning's CAMT.053) repeating one of them pairs once; a
/// third (the day's MT940) pairs all three, each with its own.
#[test]
fn identical_payments_of_one_day_stay_two() {
    let case = root().join("tests/cases/identical-payments-two-formats");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_case(&case, &out);
    let invoices = fs::read_to_string(out.join("invoices.csv")).unwrap();
    let twin = invoices
        .lines()
        .find(|l| l.starts_with("TWIN-200001,"))
        .unwrap();
    assert!(twin.contains(",40.00,40.00,,,,settled,"), "{twin}");
    let payments = fs::read_to_string(out.join("payments.csv")).unwrap();
    let status = |source: &str| {
        let line = payments.lines().find(|l| l.contains(source)).unwrap();
        line.split(',').nth(8).unwrap().to_string()
    };
    assert_eq!(status("bank/a-ing-2026-11-04.csv:3,"), "allocated");
    assert_eq!(status("bank/a-ing-2026-11-04.csv:4,"), "allocated");
    assert_eq!(
        status("bank/b-camt053-2026-11-04-ochtend.xml#1,"),
        "duplicate"
    );
    for n in [8, 12, 16] {
        assert_eq!(
            status(&format!("bank/c-mt940-2026-11-04.sta:{n},")),
            "duplicate"
        );
    }
}

/// `letters.csv` opened by LibreOffice as a `;`-separated UTF-8 file (as
/// Dutch Excel opens it): the BOM does not end up in the first header, the
/// amounts in words keep their euro sign, and the `;`-separated invoice
/// list stays one cell. Runs where soffice is installed; elsewhere it says
/// it was skipped.
#[test]
fn letters_csv_opens_in_libreoffice_as_columns() {
    let Some(soffice) = soffice() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_case(&root().join("tests/cases/letters"), &out);
    let converted = tmp.path().join("converted");
    // Separator `;` (59), text in double quotes (34), UTF-8 (76), from
    // line 1.
    let o = office_convert(
        soffice,
        &tmp.path().join("lo-profile"),
        Some("CSV:59,34,76,1"),
        "xlsx",
        &converted,
        &[&out.join("letters.csv")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut wb: Xlsx<_> = open_workbook(converted.join("letters.xlsx")).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).map(cell_text).unwrap_or_default();
    let header: Vec<String> = (0..28).map(|c| cell(0, c)).collect();
    assert_eq!(header[0], "letter");
    assert_eq!(header[27], "consequences");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap() as u32;
    let row = (1..range.height() as u32)
        .find(|r| cell(*r, 0) == "final_notice" && cell(*r, col("client_id")) == "K1")
        .expect("K1's final notice");
    assert_eq!(cell(row, col("invoices")), "L-001; L-002");
    assert_eq!(cell(row, col("principal_text")), "€ 2.700,00");
    assert_eq!(cell(row, col("collection_costs_text")), "€ 395,00");
    assert_eq!(cell(row, col("pay_by_text")), "7 december 2026");
    assert_eq!(cell(row, col("email")), "jansen@example.nl");
}
