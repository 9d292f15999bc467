//! What the integration tests share, so that each thing is set up one way:
//! where the fixtures are, an input folder copied into a temporary one,
//! running the job (in this process or as the binary), reading its CSV and
//! workbook outputs back, LibreOffice. The values tests hand to the library
//! have their builders in it: `BankLine::booked`, `ReportInput::of`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use zorgrecon::report::Lang;
use zorgrecon::run::{RunOptions, run};

/// The run date of the demo (`fixtures/demo/as-of.txt`), which most tests
/// run their inputs at.
pub const DEMO_AS_OF: &str = "2026-11-20";

/// A workbook as rows of cells per sheet, sheets in workbook order: what
/// [`sheets`] reads and [`workbook_bytes`] writes.
pub type Sheets = Vec<(String, Vec<Vec<Data>>)>;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The demo's input folder.
pub fn demo() -> PathBuf {
    root().join("fixtures/demo")
}

/// Copies a folder tree, creating files in name order.
pub fn copy_tree(from: &Path, to: &Path) {
    copy_tree_in_order(from, to, false);
}

/// Copies a folder tree, creating files in name order or, with `reverse`,
/// in the opposite order, so that the order in which the file system lists
/// them differs between two copies.
pub fn copy_tree_in_order(from: &Path, to: &Path, reverse: bool) {
    fs::create_dir_all(to).unwrap();
    let mut entries: Vec<_> = fs::read_dir(from).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    if reverse {
        entries.reverse();
    }
    for e in entries {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree_in_order(&e.path(), &target, reverse);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The options of a run of `input` into `out` at `as_of` (`YYYY-MM-DD`),
/// in Dutch, with the input's own configuration; change a field with
/// `RunOptions { lang, ..job(…) }`.
pub fn job(input: &Path, out: &Path, as_of: &str) -> RunOptions {
    RunOptions {
        input: input.to_path_buf(),
        out: Some(out.to_path_buf()),
        as_of: as_of.parse().unwrap(),
        config: None,
        lang: Lang::Nl,
        previous: None,
        threads: Default::default(),
    }
}

/// Runs the job in this process; a failure panics with the input folder
/// and the whole error chain.
pub fn run_ok(opts: &RunOptions) {
    run(opts).unwrap_or_else(|e| panic!("{}: run failed: {e:#}", opts.input.display()));
}

/// Runs the demo at its date in `lang`, with the configuration file
/// `config` instead of its own where given, into `out` in a new temporary
/// folder; keep the folder while reading the report.
pub fn run_demo(lang: Lang, config: Option<PathBuf>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run_ok(&RunOptions {
        config,
        lang,
        ..job(&demo(), &out, DEMO_AS_OF)
    });
    (tmp, out)
}

/// A case folder's run date, from its `as-of.txt`.
pub fn case_as_of(case: &Path) -> String {
    let text = fs::read_to_string(case.join("as-of.txt"))
        .unwrap_or_else(|_| panic!("{}: as-of.txt missing", case.display()));
    let date = text.trim();
    date.parse::<NaiveDate>()
        .unwrap_or_else(|e| panic!("{}: as-of.txt: {e}", case.display()));
    date.to_string()
}

/// The end-to-end cases: `fixtures/demo`, `fixtures/demo-agent` and every
/// folder under `tests/cases/`, in name order.
pub fn case_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![demo(), root().join("fixtures/demo-agent")];
    let mut more: Vec<PathBuf> = fs::read_dir(root().join("tests/cases"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    more.sort();
    dirs.extend(more);
    dirs
}

/// The binary, with no `RUST_LOG` from the calling shell.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zorgrecon"));
    c.env_remove("RUST_LOG");
    c
}

/// A process's exit code, or -1 when a signal ended it.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// The rows of a CSV file as maps from column to value.
pub fn csv_records(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            header
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A workbook cell as the text a person sees in it; an empty cell is "".
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Every sheet of a workbook as rows of cells, in workbook order.
pub fn sheets(path: &Path) -> Sheets {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// The column of a header row whose cell reads `name`.
pub fn col(header: &[Data], name: &str) -> usize {
    header
        .iter()
        .position(|d| cell_text(d) == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// Sets column `column` of the row of sheet `sheet` whose `key_col` is
/// `key` (appending such a row when there is none).
pub fn set_cell(
    book: &mut [(String, Vec<Vec<Data>>)],
    sheet: &str,
    key_col: &str,
    key: &str,
    column: &str,
    value: Data,
) {
    let rows = &mut book
        .iter_mut()
        .find(|(n, _)| n == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"))
        .1;
    let header = rows[0].clone();
    let (k, c) = (col(&header, key_col), col(&header, column));
    let at = match rows
        .iter()
        .position(|r| r.get(k).map(cell_text).as_deref() == Some(key))
    {
        Some(at) => at,
        None => {
            let mut row = vec![Data::Empty; header.len()];
            row[k] = Data::String(key.into());
            rows.push(row);
            rows.len() - 1
        }
    };
    rows[at].resize(header.len(), Data::Empty);
    rows[at][c] = value;
}

/// Writes sheets with rust_xlsxwriter into `path` as [`workbook_bytes`].
pub fn write_workbook(path: &Path, sheets: &[(String, Vec<Vec<Data>>)]) {
    fs::write(path, workbook_bytes(sheets)).unwrap();
}

/// Sheets saved with rust_xlsxwriter as an accountant's save leaves them:
/// text as text, numbers as numbers, a date as its serial number.
pub fn workbook_bytes(sheets: &[(String, Vec<Vec<Data>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Data::DateTime(d) => {
                        ws.write_number(r, c, d.as_f64()).unwrap();
                    }
                    other => {
                        ws.write_string(r, c, other.to_string()).unwrap();
                    }
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// LibreOffice's command where it is installed (`soffice`, else
/// `libreoffice`); where it is not, says that the calling test is skipped
/// and gives `None`.
pub fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        eprintln!("skipped: soffice is not installed");
    }
    found
}

/// Has LibreOffice (`soffice`, from [`soffice`]) convert `files` to the
/// format `to` (`xlsx`, `pdf`) into `outdir`, reading them with `infilter`
/// when given, with its own profile in `profile` so that tests running at
/// once do not share one. Gives the process's output; the caller checks
/// its status.
pub fn office_convert(
    soffice: &str,
    profile: &Path,
    infilter: Option<&str>,
    to: &str,
    outdir: &Path,
    files: &[&Path],
) -> Output {
    let mut c = Command::new(soffice);
    c.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args(["--headless", "--norestore"]);
    if let Some(filter) = infilter {
        c.arg(format!("--infilter={filter}"));
    }
    c.args(["--convert-to", to, "--outdir"])
        .arg(outdir)
        .args(files)
        .output()
        .unwrap()
}
