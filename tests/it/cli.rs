//! The binary as the operator meets it under cron: exit codes of README.md,
//! the lock, atomic output, quiet and privacy-safe logs, file permissions.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::{DEMO_AS_OF, bin, code, demo, root};

fn run_demo(out: &Path, extra: &[&str]) -> Output {
    let mut c = bin();
    c.args(["run", "--input"])
        .arg(demo())
        .arg("--out")
        .arg(out)
        .args(["--as-of", DEMO_AS_OF])
        .args(extra);
    c.output().unwrap()
}

#[test]
fn config_prints_the_built_in_default() {
    let o = bin().arg("config").output().unwrap();
    assert_eq!(code(&o), 0);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("[policy]") && text.contains("tolerance = \"0.01\""),
        "{text}"
    );
    // What it prints is a valid configuration.
    zorgrecon::config::Policy::from_toml(&text).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&bin().arg("frobnicate").output().unwrap()), 2);
    assert_eq!(code(&bin().args(["run"]).output().unwrap()), 2);
    assert_eq!(
        code(
            &bin()
                .args(["run", "--input", "x", "--as-of", "2026-13-45"])
                .output()
                .unwrap()
        ),
        2
    );
}

#[test]
fn a_missing_input_folder_is_one_line_and_exit_1_with_no_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = bin()
        .args(["run", "--input"])
        .arg(tmp.path().join("nope"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let err = String::from_utf8(o.stderr).unwrap();
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("zorgrecon: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains("nope"), "{err}");
    assert!(!out.exists());
}

#[test]
fn an_unreadable_configuration_is_fatal_and_names_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("bad.toml");
    fs::write(&cfg, "[policy]\nclient_share_floor = \"2\"\n").unwrap();
    let out = tmp.path().join("out");
    let o = run_demo(&out, &["--config", cfg.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(String::from_utf8_lossy(&o.stderr).contains("policy.client_share_floor"));
    assert!(!out.exists());
}

#[test]
fn strict_exits_3_when_the_inputs_had_errors_and_still_writes_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(code(&run_demo(&out, &[])), 0);
    let out2 = tmp.path().join("out2");
    assert_eq!(
        code(&run_demo(&out2, &["--strict"])),
        3,
        "the demo has input errors on purpose"
    );
    assert!(out2.join("summary.json").is_file());
}

#[test]
fn check_prints_problems_and_exits_3_on_errors() {
    let o = bin()
        .args(["check", "--input"])
        .arg(demo())
        .args(["--as-of", DEMO_AS_OF])
        .output()
        .unwrap();
    assert_eq!(code(&o), 3);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("invoices/facturen-2026.csv:"), "{text}");
}

#[test]
fn a_second_run_on_the_same_output_is_refused_while_the_first_holds_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("night");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(tmp.path().join("night.lock"))
        .unwrap();
    lock.lock().unwrap();
    let o = run_demo(&out, &[]);
    assert_eq!(code(&o), 1);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("another run"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists());
    lock.unlock().unwrap();
    assert_eq!(code(&run_demo(&out, &[])), 0);
}

#[test]
fn logs_at_info_name_no_client_and_no_iban() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run_demo(&tmp.path().join("out"), &[]);
    assert_eq!(code(&o), 0);
    let log = String::from_utf8(o.stderr).unwrap();
    assert!(
        log.contains("bank/ing-2026-10.csv"),
        "one line per input file expected:\n{log}"
    );
    let register = fs::read_to_string(demo().join("invoices/facturen-2026.csv")).unwrap();
    for row in register.lines().skip(1) {
        let cells: Vec<&str> = row.split(';').collect();
        for secret in [cells[2], cells[7]] {
            let s = secret.trim();
            if s.len() > 3 {
                assert!(!log.contains(s), "log leaks {s}:\n{log}");
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn outputs_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(code(&run_demo(&out, &[])), 0);
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o700
    );
    for e in fs::read_dir(&out).unwrap().flatten() {
        assert_eq!(
            e.metadata().unwrap().permissions().mode() & 0o777,
            0o600,
            "{:?}",
            e.path()
        );
    }
}

/// All files of a report folder, by name.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_run_killed_mid_write_leaves_the_previous_report_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("night");
    assert_eq!(code(&run_demo(&out, &[])), 0);
    let before = snapshot(&out);
    for delay_ms in [0u64, 2, 5, 10, 20, 40] {
        let mut child = bin()
            .args(["run", "--input"])
            .arg(demo())
            .arg("--out")
            .arg(&out)
            .args(["--as-of", DEMO_AS_OF])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Either the old report or a complete new one of the same inputs:
        // never a half-written folder.
        if out.exists() {
            assert_eq!(
                snapshot(&out),
                before,
                "report changed after a kill at {delay_ms} ms"
            );
        }
    }
    assert_eq!(code(&run_demo(&out, &[])), 0);
    assert_eq!(snapshot(&out), before);
    let leftovers: Vec<String> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_write_error_exits_1_and_keeps_the_previous_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("night");
    assert_eq!(code(&run_demo(&out, &[])), 0);
    let before = snapshot(&out);
    // A file-size limit makes every larger write fail with EFBIG, as a full
    // disk would, for root as for anyone (SIGXFSZ is ignored so the write
    // returns an error instead of killing the process).
    let o = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_zorgrecon"))
        .args(["run", "--input"])
        .arg(demo())
        .arg("--out")
        .arg(&out)
        .args(["--as-of", DEMO_AS_OF])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert_eq!(code(&o), 1, "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("zorgrecon: error:") && err.contains("night"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
    let leftovers = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .count();
    assert_eq!(leftovers, 0);
}

/// A damaged xls on which calamine panics (kept from a mutation run): the
/// file is one input problem, the run goes on, and stderr shows no stack
/// trace that would alarm the operator through cron mail.
#[test]
fn a_spreadsheet_that_makes_the_reader_panic_is_one_quiet_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("input");
    fs::create_dir_all(input.join("invoices")).unwrap();
    fs::create_dir_all(input.join("specs")).unwrap();
    fs::copy(
        demo().join("invoices/facturen-2026.csv"),
        input.join("invoices/facturen-2026.csv"),
    )
    .unwrap();
    let damaged = root().join("fixtures/sheets/damaged-calamine-panics.xls");
    fs::copy(&damaged, input.join("specs/damaged.xls")).unwrap();
    let o = bin()
        .args(["run", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .args(["--as-of", DEMO_AS_OF])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("stack backtrace"),
        "{err}"
    );
    let exceptions = fs::read_to_string(tmp.path().join("out/exceptions.csv")).unwrap();
    assert!(
        exceptions.contains("specs/damaged.xls,error,"),
        "{exceptions}"
    );
}

#[test]
fn check_exits_0_when_the_inputs_are_clean() {
    let input = root().join("tests/cases/coulance-examples");
    let o = bin()
        .args(["check", "--input"])
        .arg(&input)
        .args(["--as-of", DEMO_AS_OF])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 errors, 0 warnings"));
}
