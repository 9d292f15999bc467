//! Data-driven end-to-end cases: each case folder holds an input folder's
//! contents (`invoices/`, `bank/`, `specs/`, optionally `overrides.csv`,
//! `decisions/` and `zorgrecon.toml`), the run date in `as-of.txt`, and the expected outputs
//! in `expected/`. The whole job runs through its front door and every CSV
//! and JSON output is compared byte for byte.
//!
//! The cases are `fixtures/demo` and every folder under `tests/cases/`.
//! After an intended change, `UPDATE_EXPECT=1 cargo test --test it cases`
//! rewrites the expected files; review the diff before committing it.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use zorgrecon::report::Lang;
use zorgrecon::run::{RunOptions, run};

/// The outputs compared with `expected/`.
const COMPARED: [&str; 7] = [
    "invoices.csv",
    "payments.csv",
    "exceptions.csv",
    "summary.json",
    "clients.csv",
    "insurers.csv",
    "decisions.csv",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn case_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![root().join("fixtures/demo")];
    if let Ok(entries) = fs::read_dir(root().join("tests/cases")) {
        let mut more: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        more.sort();
        dirs.extend(more);
    }
    dirs
}

fn as_of(case: &Path) -> NaiveDate {
    let text = fs::read_to_string(case.join("as-of.txt"))
        .unwrap_or_else(|_| panic!("{}: as-of.txt missing", case.display()));
    text.trim()
        .parse()
        .unwrap_or_else(|e| panic!("{}: as-of.txt: {e}", case.display()))
}

fn run_case(case: &Path, out: &Path) {
    let opts = RunOptions {
        input: case.to_path_buf(),
        out: Some(out.to_path_buf()),
        as_of: as_of(case),
        config: None,
        lang: Lang::Nl,
        previous: None,
        threads: Default::default(),
    };
    run(&opts).unwrap_or_else(|e| panic!("{}: run failed: {e:#}", case.display()));
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
        for name in COMPARED {
            let actual = fs::read_to_string(out.join(name))
                .unwrap_or_else(|e| panic!("{}: {name}: {e}", case.display()));
            let want = expected_dir.join(name);
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
                    "{}: expected/{name} missing (UPDATE_EXPECT=1 writes it)",
                    case.display()
                )),
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
        let mut names: Vec<String> = fs::read_dir(&a)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(
            names.iter().any(|n| n == "summary.json"),
            "{}: no summary.json in {names:?}",
            case.display()
        );
        for name in names {
            let (x, y) = (
                fs::read(a.join(&name)).unwrap(),
                fs::read(b.join(&name)).unwrap(),
            );
            assert!(
                x == y,
                "{}: {name} differs between two runs",
                case.display()
            );
        }
    }
}

/// Copies a folder tree, creating the files in the given order, so that the
/// order in which the file system lists them differs.
fn copy_tree(from: &Path, to: &Path, reverse: bool) {
    fs::create_dir_all(to).unwrap();
    let mut entries: Vec<_> = fs::read_dir(from).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    if reverse {
        entries.reverse();
    }
    for e in entries {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target, reverse);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn outputs_do_not_depend_on_the_order_files_were_created() {
    let demo = root().join("fixtures/demo");
    let tmp = tempfile::tempdir().unwrap();
    let (fwd, rev) = (tmp.path().join("fwd"), tmp.path().join("rev"));
    copy_tree(&demo, &fwd, false);
    copy_tree(&demo, &rev, true);
    let (a, b) = (tmp.path().join("out-a"), tmp.path().join("out-b"));
    run_case(&fwd, &a);
    run_case(&rev, &b);
    for name in COMPARED.iter().copied().chain(["report.xlsx"]) {
        let (x, y) = (fs::read(a.join(name)), fs::read(b.join(name)));
        assert!(x.is_ok(), "{name} missing");
        assert!(x.ok() == y.ok(), "{name} depends on file creation order");
    }
}

#[test]
fn the_second_night_lists_what_changed_since_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    // Night one: the November export has not arrived yet.
    let night1 = tmp.path().join("input-19");
    copy_tree(&root().join("fixtures/demo"), &night1, false);
    fs::remove_file(night1.join("bank/ing-2026-11.csv")).unwrap();
    let reports = tmp.path().join("reports");
    let run_night = |input: &Path, date: &str| {
        let opts = RunOptions {
            input: input.to_path_buf(),
            out: Some(reports.join(date)),
            as_of: date.parse().unwrap(),
            config: None,
            lang: Lang::Nl,
            previous: None,
            threads: Default::default(),
        };
        run(&opts).unwrap();
    };
    run_night(&night1, "2026-11-19");
    // The first night has nothing to compare with: only the header.
    let first = fs::read_to_string(reports.join("2026-11-19/changes.csv")).unwrap();
    assert_eq!(first, "change,id,before,after\n");
    // Night two: the full demo; the previous report is found by its date.
    run_night(&root().join("fixtures/demo"), "2026-11-20");
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
