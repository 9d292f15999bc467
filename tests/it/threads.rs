//! `--threads`: the number of threads changes how the work is
//! spread, never what it gives. The demo and every end-to-end case run
//! through the binary with `--threads 1`, `2` and `8`, and every file the
//! runs write (the CSVs, summary.json, report.xlsx, refunds.xml, …) must
//! be byte-identical. With one thread everything is one sequence; with 8
//! (more than this machine's cores, as on a shared server) reading takes
//! up to 8 files at once, deciding deals its groups into 8 shares and cuts
//! pass 2 into 8 slices.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{DEMO_AS_OF, bin, case_as_of, case_dirs, demo};

const THREADS: [&str; 3] = ["1", "2", "8"];

/// Files by path relative to their folder, with their bytes.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> Files {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.push((rel, fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn outputs_are_byte_identical_for_1_2_and_8_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut compared = 0;
    for case in case_dirs() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let mut first: Option<(&str, Files)> = None;
        for threads in THREADS {
            let out = tmp.path().join(format!("{name}-{threads}"));
            let o = bin()
                .args(["run", "--input"])
                .arg(&case)
                .arg("--out")
                .arg(&out)
                .args(["--as-of", &case_as_of(&case), "--threads", threads])
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "{name} --threads {threads}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let written = files(&out);
            let names = |f: &Files| -> Vec<PathBuf> { f.iter().map(|(p, _)| p.clone()).collect() };
            assert!(
                names(&written).contains(&PathBuf::from("report.xlsx")),
                "{name}: no report.xlsx"
            );
            match &first {
                None => first = Some((threads, written)),
                Some((t0, want)) => {
                    assert_eq!(
                        names(want),
                        names(&written),
                        "{name}: --threads {t0} and {threads} write other files"
                    );
                    for ((path, a), (_, b)) in want.iter().zip(&written) {
                        assert!(
                            a == b,
                            "{name}: {} differs between --threads {t0} and {threads}",
                            path.display()
                        );
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared > 0);
}

#[test]
fn check_prints_the_same_problems_for_1_and_8_threads() {
    let run = |threads: &str| {
        bin()
            .args(["check", "--input"])
            .arg(demo())
            .args(["--as-of", DEMO_AS_OF, "--threads", threads])
            .output()
            .unwrap()
    };
    let (one, eight) = (run("1"), run("8"));
    assert_eq!(one.status.code(), eight.status.code());
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, eight.stdout);
}

#[test]
fn a_thread_count_that_is_no_whole_number_from_1_is_a_usage_error() {
    for bad in ["0", "-2", "many", "1.5"] {
        let o = bin()
            .args(["run", "--input"])
            .arg(demo())
            .arg(format!("--threads={bad}"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "--threads {bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--threads"), "{err}");
    }
}
