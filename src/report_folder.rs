//! The report folder: which folder the job may replace, the lock that keeps
//! a second run off it, the atomic write, and a clean stop on a signal.
//!
//! A report folder is replaced as a whole, so the job must never take a
//! folder that holds anything it did not write: `--out` pointing at the
//! input folder, at a folder around it, or at a folder of documents would
//! otherwise delete the provider's records. Every report folder carries a
//! marker file ([`MARKER`]) that lists the files the job wrote into it; a
//! folder is replaced only when it is new, empty, or holds nothing but
//! the job's own files (those its marker lists, or the report's file
//! names for a report written before the marker existed).
//!
//! The report is written into a hidden temporary folder beside the target,
//! owner-only from its first byte (`crate::private`), and renamed into
//! place only when complete. Every failure the process survives removes
//! that folder; so does a stop by SIGTERM, SIGINT or SIGHUP
//! ([`install_stop_handler`]), and the leftovers of a killed run are
//! removed by the next one.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, bail};

/// The marker file of a report folder: it says what the folder is and
/// lists the files the job wrote into it.
pub const MARKER: &str = ".zorgrecon-report";

/// What the marker says before its list of files.
const MARKER_HEAD: &str = "This folder is a report written by zorgrecon. The next run for this \
folder replaces it as a whole,\nbut only while it holds nothing but the files listed below: keep \
nothing else here.\nfiles:\n";

/// Exit code of a run stopped by `signal`: 128 + the signal's number, as
/// shells report it (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
pub fn stop_exit_code(signal: i32) -> i32 {
    128 + signal
}

/// The temporary folder of the report being written, if any: what a stop
/// removes. Held locked while the finished report is moved into place, so a
/// stop never comes between the two renames.
static IN_FLIGHT: Mutex<Option<PathBuf>> = Mutex::new(None);

fn in_flight() -> std::sync::MutexGuard<'static, Option<PathBuf>> {
    IN_FLIGHT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the handler of SIGTERM (`systemctl stop`), SIGINT (Ctrl-C) and
/// SIGHUP: it removes the report being written, leaves the previous report
/// as it was, says so in one line and ends the process with
/// [`stop_exit_code`]. The output folder's lock is an OS lock, released
/// when the process ends. Only the binary calls this.
#[cfg(unix)]
pub fn install_stop_handler() -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])
        .context("cannot install the handler of SIGTERM and SIGINT")?;
    std::thread::Builder::new()
        .name("stop".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the process ends: nothing is renamed after this.
                let mut tmp = in_flight();
                let name = match signal {
                    SIGTERM => "SIGTERM",
                    SIGINT => "SIGINT",
                    _ => "SIGHUP",
                };
                if let Some(dir) = tmp.take() {
                    remove_while_written(&dir);
                }
                eprintln!(
                    "zorgrecon: stopped by {name}: no report written, the previous one is unchanged"
                );
                std::process::exit(stop_exit_code(signal));
            }
        })
        .context("cannot start the thread that handles SIGTERM and SIGINT")?;
    Ok(())
}

/// Removes a folder that the writer threads may still be adding files to
/// (they run until the process ends): a removal that meets a file created
/// meanwhile fails, so it is tried again until the folder is gone. Once it
/// is gone nothing can bring it back, since the writers only create files
/// inside it.
#[cfg(unix)]
fn remove_while_written(dir: &Path) {
    for _ in 0..200 {
        match fs::remove_dir_all(dir) {
            Ok(()) => return,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
        }
    }
}

/// Without Unix signals there is nothing to install.
#[cfg(not(unix))]
pub fn install_stop_handler() -> anyhow::Result<()> {
    Ok(())
}

/// Refuses an output folder that is the input folder, lies inside it or
/// contains it: the report would replace the inputs, or be read as one.
/// Called before anything is read or created.
pub fn refuse_overlap(input: &Path, out: &Path) -> anyhow::Result<()> {
    // `.`, `..` or a root: the folder has no name of its own, so its
    // temporary folder and lock would land inside it or above it.
    if out.file_name().is_none() {
        bail!(
            "refusing to write the report into {}: give --out the report folder by its name \
             (not `.`, `..` or a root)",
            out.display()
        );
    }
    let (input_at, out_at) = (resolved(input), resolved(out));
    let why = if out_at == input_at {
        "it is the input folder"
    } else if out_at.starts_with(&input_at) {
        "it lies inside the input folder"
    } else if input_at.starts_with(&out_at) {
        "it contains the input folder"
    } else {
        return Ok(());
    };
    bail!(
        "refusing to write the report into {}: {why} ({}); give --out a folder of its own",
        out.display(),
        input.display()
    )
}

/// `path` made absolute, with every part that exists resolved as the
/// system resolves it (symbolic links, `..`) and the rest taken as written.
fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let parts: Vec<Component> = absolute.components().collect();
    // The longest leading part that exists, resolved; the rest on top.
    for split in (0..=parts.len()).rev() {
        let head: PathBuf = parts[..split].iter().collect();
        let Ok(mut at) = head.canonicalize() else {
            continue;
        };
        for part in &parts[split..] {
            match part {
                Component::ParentDir => {
                    at.pop();
                }
                Component::Normal(name) => at.push(name),
                _ => {}
            }
        }
        return at;
    }
    absolute
}

/// Refuses an existing `out` that the job may not replace: anything but a
/// folder, a symbolic link, or a folder holding files the job did not
/// write. The folder is left exactly as it was.
pub fn check_replaceable(out: &Path) -> anyhow::Result<()> {
    let Ok(meta) = fs::symlink_metadata(out) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        bail!(
            "refusing to replace {}: it is a symbolic link; give --out the folder itself",
            out.display()
        );
    }
    if !meta.is_dir() {
        bail!(
            "refusing to replace {}: it is a file, not a report folder",
            out.display()
        );
    }
    let foreign = foreign_entries(out).with_context(|| {
        format!(
            "cannot list {} to see whether it is a report",
            out.display()
        )
    })?;
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = foreign.iter().take(3).map(String::as_str).collect();
    let more = match foreign.len() {
        n if n > 3 => format!(" and {} more", n - 3),
        _ => String::new(),
    };
    bail!(
        "refusing to replace {}: it holds what zorgrecon did not write ({}{more}); give --out a new \
         or empty folder, or move those files away",
        out.display(),
        shown.join(", ")
    )
}

/// The entries of `dir` that are not the job's own, sorted: anything but a
/// regular file named in the marker, a report file name, or the marker.
fn foreign_entries(dir: &Path) -> std::io::Result<Vec<String>> {
    let listed = marker_files(dir);
    let mut foreign = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = entry.file_type()?.is_file()
            && (name == MARKER
                || crate::report::FILES.contains(&name.as_str())
                || crate::report::OPTIONAL_FILES.contains(&name.as_str())
                || listed.contains(&name));
        if !ours {
            foreign.push(name);
        }
    }
    foreign.sort();
    Ok(foreign)
}

/// The files a report folder's marker lists; none when it has no marker
/// or the marker is not one of the job's.
fn marker_files(dir: &Path) -> Vec<String> {
    let Ok(text) = fs::read_to_string(dir.join(MARKER)) else {
        return Vec::new();
    };
    let Some(list) = text.strip_prefix(MARKER_HEAD) else {
        return Vec::new();
    };
    list.lines()
        .filter(|l| !l.is_empty() && !l.contains(['/', '\\']))
        .map(str::to_string)
        .collect()
}

/// Whether `dir`, a temporary folder of a killed run, is the job's own: it
/// is empty (killed before the marker) or starts with the marker, which
/// the job writes first into the owner-only folder it has just created, so
/// every file in it is the job's (the workbook writer's spooled sheets
/// included); it holds no folder or link.
fn is_own_temporary(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    let mut plain = true;
    let mut count = 0;
    for entry in entries.flatten() {
        count += 1;
        plain &= entry.file_type().is_ok_and(|t| t.is_file());
    }
    let marked = fs::read_to_string(dir.join(MARKER)).is_ok_and(|t| t.starts_with(MARKER_HEAD));
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) && plain && (count == 0 || marked)
}

/// Whether `dir`, a previous report moved aside, is the job's own.
fn is_own_report(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && foreign_entries(dir).is_ok_and(|f| f.is_empty())
}

/// How the job's lock file starts.
const LOCK_HEAD: &str = "held by process ";

/// The lock that keeps a second run off the same output folder. It is an OS
/// lock on `<out>.lock`, so it is released when the process ends, however
/// it ends; the file itself stays.
pub struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Takes the lock of `out`, creating its parent folder if needed.
    pub fn acquire(out: &Path) -> anyhow::Result<OutputLock> {
        let parent = parent_of(out);
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let lock_path = sibling(out, ".lock", false);
        // The lock file is emptied when taken: a file of that name that is
        // not the job's lock is someone's, and stays as it is.
        if let Ok(meta) = fs::symlink_metadata(&lock_path) {
            let ours = meta.is_file()
                && fs::read(&lock_path)
                    .is_ok_and(|b| b.is_empty() || b.starts_with(LOCK_HEAD.as_bytes()));
            if !ours {
                bail!(
                    "refusing to use {} as the lock of {}: it is there and is not zorgrecon's lock file",
                    lock_path.display(),
                    out.display()
                );
            }
        }
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).read(true).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(&lock_path)
            .with_context(|| format!("cannot open lock file {}", lock_path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&lock_path).unwrap_or_default();
                bail!(
                    "another run is writing {} ({}); try again when it has finished",
                    out.display(),
                    holder.trim()
                );
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", lock_path.display()));
            }
        }
        file.set_len(0)
            .and_then(|()| {
                writeln!(
                    file,
                    "{LOCK_HEAD}{} since {}",
                    std::process::id(),
                    chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
                )
            })
            .with_context(|| format!("cannot write lock file {}", lock_path.display()))?;
        Ok(OutputLock { _file: file })
    }
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `<parent>/<name><suffix>`, or hidden `<parent>/.<name><suffix>`.
fn sibling(out: &Path, suffix: &str, hidden: bool) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let dot = if hidden { "." } else { "" };
    parent_of(out).join(format!("{dot}{name}{suffix}"))
}

/// Writes the report into a temporary folder beside `out` and renames it
/// into place when complete; the caller holds `out`'s lock. Leftovers of
/// killed runs are removed first, and an earlier report moved aside by a
/// run killed between its two renames is restored. A failure of `write`,
/// a panic inside it included, removes the temporary folder and leaves
/// `out` as it was.
pub fn write_atomically(
    out: &Path,
    write: impl FnOnce(&Path) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    clean_leftovers(out)?;
    check_replaceable(out)?;
    let tmp = sibling(out, &format!(".tmp-{}", std::process::id()), true);
    crate::private::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    *in_flight() = Some(tmp.clone());
    let result = crate::private::write(&tmp.join(MARKER), MARKER_HEAD.as_bytes())
        .with_context(|| format!("cannot write {}", tmp.join(MARKER).display()))
        .and_then(|()| {
            crate::quiet::catch_quietly(|| write(&tmp))
                .unwrap_or_else(|cause| Err(anyhow::anyhow!("{cause}")))
        })
        .and_then(|()| finish_marker(&tmp));
    if let Err(e) = result {
        discard(&tmp);
        return Err(e.context(format!("cannot write the report into {}", out.display())));
    }
    // Held until the report is in place: a stop now waits for the renames.
    let mut flight = in_flight();
    // Checked again under the lock: something may have been put into `out`
    // while the report was being written.
    if let Err(e) = check_replaceable(out) {
        flight.take();
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = sibling(out, &format!(".old-{}", std::process::id()), true);
    let had_old = fs::symlink_metadata(out).is_ok();
    if had_old && let Err(e) = fs::rename(out, &old) {
        flight.take();
        let _ = fs::remove_dir_all(&tmp);
        return Err(e)
            .with_context(|| format!("cannot move the previous report {} aside", out.display()));
    }
    if let Err(e) = fs::rename(&tmp, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        flight.take();
        let _ = fs::remove_dir_all(&tmp);
        return Err(e).with_context(|| format!("cannot move the report into {}", out.display()));
    }
    flight.take();
    drop(flight);
    if had_old {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Removes the temporary folder of a failed write.
fn discard(tmp: &Path) {
    in_flight().take();
    if let Err(e) = fs::remove_dir_all(tmp) {
        log::warn!("cannot remove {}: {e}", tmp.display());
    }
}

/// Completes the marker with the list of files written, sorted.
fn finish_marker(tmp: &Path) -> anyhow::Result<()> {
    let mut names: Vec<String> = fs::read_dir(tmp)
        .with_context(|| format!("cannot list {}", tmp.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != MARKER)
        .collect();
    names.sort();
    let mut text = MARKER_HEAD.to_string();
    for n in names {
        text.push_str(&n);
        text.push('\n');
    }
    let path = tmp.join(MARKER);
    crate::private::write(&path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Removes what killed runs left beside `out` (their temporary folders,
/// a previous report moved aside) and restores a previous report that a
/// kill left moved aside. Only folders that are the job's own are touched.
fn clean_leftovers(out: &Path) -> anyhow::Result<()> {
    let parent = parent_of(out);
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    let mut entries: Vec<PathBuf> = fs::read_dir(&parent)
        .with_context(|| format!("cannot list {}", parent.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let n = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (tmp, old) = (n.starts_with(&tmp_prefix), n.starts_with(&old_prefix));
        if !tmp && !old {
            continue;
        }
        let own = if tmp {
            is_own_temporary(&path)
        } else {
            is_own_report(&path)
        };
        if !own {
            log::warn!(
                "leaving {} alone: it holds files zorgrecon did not write",
                path.display()
            );
            continue;
        }
        if old && fs::symlink_metadata(out).is_err() {
            log::warn!("restoring the previous report from {}", path.display());
            fs::rename(&path, out).with_context(|| format!("cannot restore {}", out.display()))?;
        } else {
            log::info!("removing {} left by an interrupted run", path.display());
            let _ = fs::remove_dir_all(&path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_report(dir: &Path) {
        write_atomically(dir, |d| {
            crate::private::write(&d.join("invoices.csv"), b"a\n")?;
            crate::private::write(&d.join("report.xlsx"), b"x")?;
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn a_new_or_empty_folder_and_an_own_report_are_replaceable() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("night");
        check_replaceable(&out).unwrap();
        fs::create_dir(&out).unwrap();
        check_replaceable(&out).unwrap();
        write_report(&out);
        check_replaceable(&out).unwrap();
        let marker = fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(
            marker.ends_with("files:\ninvoices.csv\nreport.xlsx\n"),
            "{marker}"
        );
    }

    #[test]
    fn a_report_from_before_the_marker_is_replaceable_by_its_file_names() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("night");
        fs::create_dir(&out).unwrap();
        for f in [
            "invoices.csv",
            "payments.csv",
            "report.xlsx",
            "summary.json",
        ] {
            fs::write(out.join(f), "x").unwrap();
        }
        check_replaceable(&out).unwrap();
    }

    #[test]
    fn a_folder_with_anything_else_is_refused_and_left_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("night");
        write_report(&out);
        // A file the accountant saved beside the report, a subfolder, and
        // a marker that lists a file the job never wrote are all foreign.
        fs::write(out.join("notes.docx"), "mine").unwrap();
        let err = format!("{:#}", check_replaceable(&out).unwrap_err());
        assert!(err.contains("notes.docx"), "{err}");
        fs::remove_file(out.join("notes.docx")).unwrap();
        fs::create_dir(out.join("bank")).unwrap();
        assert!(check_replaceable(&out).is_err());
        let r = write_atomically(&out, |d| Ok(crate::private::write(&d.join("x.csv"), b"")?));
        assert!(r.is_err());
        assert!(out.join("bank").is_dir() && out.join("invoices.csv").is_file());
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_file_or_a_symbolic_link_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("night");
        fs::write(&file, "text").unwrap();
        assert!(check_replaceable(&file).is_err());
        #[cfg(unix)]
        {
            let real = tmp.path().join("real");
            fs::create_dir(&real).unwrap();
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            assert!(check_replaceable(&link).is_err());
        }
    }

    #[test]
    fn overlap_with_the_input_folder_is_refused_either_way() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("srv/input");
        fs::create_dir_all(input.join("bank")).unwrap();
        for out in [
            input.clone(),
            input.join("."),
            input.join("reports/2026-11-20"),
            input.join("bank"),
            tmp.path().join("srv"),
            tmp.path().to_path_buf(),
            input.join("../input"),
        ] {
            assert!(refuse_overlap(&input, &out).is_err(), "{}", out.display());
        }
        for out in [
            tmp.path().join("srv/reports/2026-11-20"),
            tmp.path().join("srv/input-reports"),
        ] {
            refuse_overlap(&input, &out).unwrap();
        }
        for nameless in [".", "..", "reports/..", "/"] {
            assert!(
                refuse_overlap(&input, Path::new(nameless)).is_err(),
                "{nameless}"
            );
        }
    }

    #[test]
    fn a_file_named_like_the_lock_that_is_not_ours_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("night");
        fs::write(tmp.path().join("night.lock"), "my notes").unwrap();
        assert!(OutputLock::acquire(&out).is_err());
        assert_eq!(
            fs::read_to_string(tmp.path().join("night.lock")).unwrap(),
            "my notes"
        );
        fs::write(tmp.path().join("night.lock"), "").unwrap();
        let lock = OutputLock::acquire(&out).unwrap();
        drop(lock);
        // The job's own lock file is taken again.
        OutputLock::acquire(&out).unwrap();
    }

    #[test]
    fn a_leftover_holding_foreign_files_is_not_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("night");
        let stray = tmp.path().join(".night.tmp-999");
        fs::create_dir(&stray).unwrap();
        fs::write(stray.join("thesis.odt"), "mine").unwrap();
        let own = tmp.path().join(".night.tmp-998");
        fs::create_dir(&own).unwrap();
        fs::write(own.join(MARKER), MARKER_HEAD).unwrap();
        fs::write(own.join(".tmpK3x9"), "spooled sheet").unwrap();
        write_report(&out);
        assert!(stray.join("thesis.odt").is_file());
        assert!(!own.exists());
    }

    #[test]
    fn a_panic_while_writing_is_an_error_and_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("night");
        write_report(&out);
        let before = fs::read_to_string(out.join(MARKER)).unwrap();
        let r = write_atomically(&out, |_| {
            panic!(
                "Couldn't write to xml file: Os {{ code: 28, kind: StorageFull, message: \"No space left on device\" }}"
            )
        });
        let err = format!("{:#}", r.unwrap_err());
        assert!(
            err.contains("No space left on device (os error 28)"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), before);
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
