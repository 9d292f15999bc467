//! The report folder as the operator meets it: `--out` never deletes what
//! the job did not write, a write error or a stop ends in one line with no
//! half-written folder left, and no part of a report is ever readable by
//! another user, also not while it is being written.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{DEMO_AS_OF, bin, code, copy_tree, demo};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn run(input: &Path, out: Option<&Path>, cwd: Option<&Path>) -> Output {
    let mut c = bin();
    c.args(["run", "--input"])
        .arg(input)
        .args(["--as-of", DEMO_AS_OF]);
    if let Some(out) = out {
        c.arg("--out").arg(out);
    }
    if let Some(cwd) = cwd {
        c.current_dir(cwd);
    }
    c.output().unwrap()
}

/// Every path under `dir` with its content (or `None` for a folder) and
/// mode, sorted: what "left exactly as it was" compares.
fn tree(dir: &Path) -> Vec<(String, Option<Vec<u8>>, u32)> {
    fn walk(root: &Path, dir: &Path, into: &mut Vec<(String, Option<Vec<u8>>, u32)>) {
        for e in fs::read_dir(dir).unwrap().flatten() {
            let path = e.path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let meta = fs::symlink_metadata(&path).unwrap();
            let mode = mode_of(&meta);
            if meta.is_dir() {
                into.push((rel, None, mode));
                walk(root, &path, into);
            } else {
                into.push((rel, Some(fs::read(&path).unwrap()), mode));
            }
        }
    }
    let mut v = Vec::new();
    walk(dir, dir, &mut v);
    v.sort();
    v
}

#[cfg(unix)]
fn mode_of(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o777
}

#[cfg(not(unix))]
fn mode_of(_: &fs::Metadata) -> u32 {
    0
}

/// The lines of stderr that are not the log's: what the operator reads as
/// the outcome.
fn error_lines(err: &str) -> Vec<&str> {
    err.lines().filter(|l| !l.starts_with('[')).collect()
}

/// One line on stderr besides the log, the zorgrecon error line, naming
/// `what`.
fn assert_refused(o: &Output, what: &str) {
    assert_eq!(code(o), 1, "{}", stderr(o));
    let err = stderr(o);
    let lines = error_lines(&err);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with("zorgrecon: error: refusing") && lines[0].contains(what),
        "{err}"
    );
}

#[test]
fn out_at_the_input_folder_is_refused_and_nothing_is_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input");
    copy_tree(&demo(), &input);
    let before = tree(tmp.path());
    assert_refused(&run(&input, Some(&input), None), "it is the input folder");
    // The same folder written another way.
    let other = tmp.path().join("input/../input/.");
    assert_refused(&run(&input, Some(&other), None), "it is the input folder");
    assert_eq!(tree(tmp.path()), before, "something was touched");
}

#[test]
fn out_inside_the_input_folder_is_refused_and_nothing_is_created() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input");
    copy_tree(&demo(), &input);
    let before = tree(tmp.path());
    for out in [
        input.join("reports/2026-11-20"),
        input.join("bank"),
        input.join("expected"),
    ] {
        assert_refused(
            &run(&input, Some(&out), None),
            "it lies inside the input folder",
        );
    }
    // The default reports/<date> from a working folder that is the input.
    assert_refused(
        &run(Path::new("."), None, Some(&input)),
        "it lies inside the input folder",
    );
    assert_eq!(tree(tmp.path()), before, "something was touched");
}

#[test]
fn out_around_the_input_folder_is_refused() {
    // The README's cron set-up: /srv/zorgrecon holds the input.
    let tmp = tempfile::tempdir().unwrap();
    let srv = tmp.path().join("srv/zorgrecon");
    copy_tree(&demo(), &srv.join("input"));
    fs::write(srv.join("zorgrecon"), "the binary").unwrap();
    let before = tree(tmp.path());
    assert_refused(
        &run(&srv.join("input"), Some(&srv), None),
        "it contains the input folder",
    );
    assert_refused(
        &run(&srv.join("input"), Some(tmp.path()), None),
        "it contains the input folder",
    );
    assert_eq!(tree(tmp.path()), before, "something was touched");
}

#[test]
fn a_folder_of_other_files_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("documents");
    fs::create_dir_all(docs.join("2025")).unwrap();
    fs::write(docs.join("brief aan mevrouw Jansen.odt"), "letter").unwrap();
    fs::write(docs.join("2025/jaarrekening.pdf"), "accounts").unwrap();
    let before = tree(tmp.path());
    assert_refused(
        &run(&demo(), Some(&docs), None),
        "brief aan mevrouw Jansen.odt",
    );
    assert_eq!(tree(tmp.path()), before);

    // A file of any name, also one that looks like a report's.
    let file = tmp.path().join("report.xlsx");
    fs::write(&file, "mine").unwrap();
    assert_refused(&run(&demo(), Some(&file), None), "it is a file");
    assert_eq!(fs::read(&file).unwrap(), b"mine");
}

#[test]
fn a_report_with_a_file_saved_beside_it_is_refused_until_it_is_moved() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("2026-11-20");
    assert_eq!(code(&run(&demo(), Some(&out), None)), 0);
    fs::write(
        out.join("report-met-besluiten.xlsx"),
        "the accountant's work",
    )
    .unwrap();
    let before = tree(tmp.path());
    assert_refused(&run(&demo(), Some(&out), None), "report-met-besluiten.xlsx");
    assert_eq!(tree(tmp.path()), before);
    fs::remove_file(out.join("report-met-besluiten.xlsx")).unwrap();
    assert_eq!(code(&run(&demo(), Some(&out), None)), 0);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_as_out_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    fs::create_dir(&real).unwrap();
    fs::write(real.join("keep.txt"), "keep").unwrap();
    let link = tmp.path().join("latest");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    assert_refused(&run(&demo(), Some(&link), None), "symbolic link");
    assert_eq!(fs::read(real.join("keep.txt")).unwrap(), b"keep");
}

#[test]
fn a_rerun_replaces_its_own_report_and_the_marker_lists_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("2026-11-20");
    // An empty folder made beforehand is taken.
    fs::create_dir(&out).unwrap();
    assert_eq!(code(&run(&demo(), Some(&out), None)), 0);
    let first = tree(&out);
    let marker = fs::read_to_string(out.join(".zorgrecon-report")).unwrap();
    let mut written: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".zorgrecon-report")
        .collect();
    written.sort();
    // The demo has no refund account, so no refunds.xml: every other file.
    assert_eq!(written, zorgrecon::report::FILES, "report::FILES is stale");
    assert!(
        zorgrecon::report::OPTIONAL_FILES
            .iter()
            .all(|f| !zorgrecon::report::FILES.contains(f))
    );
    assert!(marker.ends_with(&format!("files:\n{}\n", written.join("\n"))));
    assert_eq!(code(&run(&demo(), Some(&out), None)), 0);
    assert_eq!(tree(&out), first);
    let names: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n == "2026-11-20" || n == "2026-11-20.lock"),
        "{names:?}"
    );
}

/// The demo with a generic bank export of `lines` more credits, so that
/// writing the report takes long enough to be watched.
fn large_input(dir: &Path, lines: usize) -> PathBuf {
    let input = dir.join("input");
    copy_tree(&demo(), &input);
    fs::remove_dir_all(input.join("expected")).unwrap();
    let mut csv = String::from("date,amount,counterparty_iban,counterparty_name,description\n");
    for i in 0..lines {
        csv.push_str(&format!(
            "2026-10-{:02},{}.{:02},NL{:02}TEST0{:09},Payer {i},gift {i}\n",
            1 + i % 28,
            1 + i % 500,
            i % 100,
            10 + i % 89,
            i
        ));
    }
    fs::write(input.join("bank/extra.csv"), csv).unwrap();
    input
}

fn spawn(input: &Path, out: &Path, umask_zero: bool) -> Child {
    let mut c = Command::new("sh");
    let script = if umask_zero {
        "umask 000; exec \"$0\" \"$@\""
    } else {
        "exec \"$0\" \"$@\""
    };
    c.arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_zorgrecon"))
        .args(["run", "--input"])
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--as-of", DEMO_AS_OF])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c.spawn().unwrap()
}

/// The temporary folders beside `out`.
fn temporaries(parent: &Path) -> Vec<PathBuf> {
    fs::read_dir(parent)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .map(|e| e.path())
        .collect()
}

/// Waits until the run has a temporary folder holding at least one report
/// file (it is writing), or has ended; true when it is writing.
fn wait_until_writing(child: &mut Child, parent: &Path) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        for tmp in temporaries(parent) {
            let files = fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
            if files > 1 {
                return true;
            }
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    false
}

#[cfg(unix)]
fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill")
        .args(["-s", name, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -s {name} failed");
}

#[cfg(unix)]
#[test]
fn the_report_is_owner_only_while_it_is_written_whatever_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    let input = large_input(tmp.path(), 40_000);
    let reports = tmp.path().join("reports");
    fs::create_dir(&reports).unwrap();
    let out = reports.join("2026-11-20");
    let mut child = spawn(&input, &out, true);
    assert!(
        wait_until_writing(&mut child, &reports),
        "the run ended before it was seen writing"
    );
    // Frozen while it writes, every folder and file is checked.
    signal(&child, "STOP");
    let mut seen = 0;
    for dir in temporaries(&reports) {
        for (path, content, mode) in tree(&dir) {
            let want = if content.is_some() { 0o600 } else { 0o700 };
            assert_eq!(mode, want, "{path} is {mode:o} while written");
            seen += 1;
        }
        assert_eq!(mode_of(&fs::metadata(&dir).unwrap()), 0o700);
    }
    assert!(seen > 1, "nothing seen inside the temporary folder");
    signal(&child, "CONT");
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for (path, content, mode) in tree(&out) {
        assert!(content.is_some() && mode == 0o600, "{path}: {mode:o}");
    }
    assert_eq!(mode_of(&fs::metadata(&out).unwrap()), 0o700);
    assert_eq!(
        mode_of(&fs::metadata(reports.join("2026-11-20.lock")).unwrap()),
        0o600
    );
}

#[cfg(unix)]
#[test]
fn a_stop_mid_write_removes_the_half_report_and_keeps_the_previous_one() {
    let tmp = tempfile::tempdir().unwrap();
    let input = large_input(tmp.path(), 40_000);
    let reports = tmp.path().join("reports");
    fs::create_dir(&reports).unwrap();
    let out = reports.join("2026-11-20");
    let first = spawn(&input, &out, false).wait_with_output().unwrap();
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let before = tree(&out);
    for (name, exit) in [("TERM", 143), ("INT", 130)] {
        let mut child = spawn(&input, &out, false);
        assert!(
            wait_until_writing(&mut child, &reports),
            "the run ended before it was seen writing"
        );
        signal(&child, name);
        let o = child.wait_with_output().unwrap();
        assert_eq!(code(&o), exit, "SIG{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("zorgrecon: stopped by SIG{name}"))),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(temporaries(&reports), Vec::<PathBuf>::new());
        assert_eq!(tree(&out), before, "the previous report changed");
    }
    // The lock went with the process: the next run goes ahead.
    let again = spawn(&input, &out, false).wait_with_output().unwrap();
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(tree(&out), before);
}

/// A full disk while the workbook is written: a small tmpfs holds the
/// previous report and a filler file, so that the CSV files still fit and
/// the workbook's spooled sheets do not. Needs root and `mount`; where
/// either is missing the test says so and skips.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_ends_in_one_line_and_leaves_no_half_report() {
    let tmp = tempfile::tempdir().unwrap();
    let disk = tmp.path().join("disk");
    fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: a full disk needs root and mount for a small tmpfs");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(disk.clone());
    let input = large_input(tmp.path(), 2_000);
    let out = disk.join("2026-11-20");
    let first = run(&input, Some(&out), None);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let before = tree(&out);
    let size = |name: &str| fs::metadata(out.join(name)).unwrap().len();
    let csvs: u64 = fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".csv"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    // Free space: the CSV files, the summary and some slack, far less than
    // the workbook's spooled sheets need.
    let room = csvs + size("summary.json") + 64 * 1024;
    let free = {
        let o = Command::new("df")
            .args(["-B1", "--output=avail"])
            .arg(&disk)
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse::<u64>().ok())
            .unwrap()
    };
    assert!(free > room, "the tmpfs is too small for the test");
    fs::write(disk.join("filler"), vec![0u8; (free - room) as usize]).unwrap();
    let o = run(&input, Some(&out), None);
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    let lines = error_lines(&err);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with("zorgrecon: error:")
            && lines[0].contains("No space left on device")
            && lines[0].contains("report.xlsx")
            && lines[0].contains(&out.display().to_string()),
        "{err}"
    );
    assert_eq!(tree(&out), before, "the previous report changed");
    assert_eq!(temporaries(&disk), Vec::<PathBuf>::new());
}
