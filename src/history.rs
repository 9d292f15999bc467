//! What earlier nights handed over: the write-offs in their
//! `coulance_new.csv` and the booking numbers in their `journal_new.csv`.
//!
//! "Earlier nights" are the report folders beside tonight's whose names are
//! dates before the as-of date (`reports/2026-11-19` for a run into
//! `reports/2026-11-20`), so a skipped night loses nothing (the next night
//! hands over what it would have) and a rerun of a past night sees exactly
//! the history it saw then. A report folder without these files (written
//! before they existed) handed over nothing. A file that is there but
//! cannot be read stops the run: reading it as "nothing handed over" would
//! hand everything over a second time.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;

use crate::money::Money;

/// One write-off as it stands after everything handed over so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HandedWriteOff {
    /// The sum of the `coulance` column over every earlier `coulance_new.csv`.
    pub amount: Money,
    /// The client, as the last row handed over names it.
    pub client_id: String,
    /// The client's name, likewise.
    pub client_name: String,
    /// The booking number under which the write-off as it stands was
    /// booked (the last entry that booked it); 0 when unknown.
    pub entry: u64,
}

/// Everything handed over by the nights before tonight.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HandedOver {
    /// The report folders read, oldest first.
    pub nights: Vec<PathBuf>,
    /// Invoice number (as written) → the write-off handed over for it.
    pub write_offs: BTreeMap<String, HandedWriteOff>,
    /// The highest booking number used so far (0: none).
    pub last_entry: u64,
    /// Invoice number → the refunds handed to the bank for it, summed over
    /// every earlier `refunds_new.csv`.
    pub refunds: BTreeMap<String, Money>,
}

/// The report folders beside `out` named as dates before `as_of`, oldest
/// first.
pub fn earlier_reports(out: &Path, as_of: NaiveDate) -> Vec<PathBuf> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(NaiveDate, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let date = e.file_name().to_string_lossy().parse::<NaiveDate>().ok()?;
            (date < as_of && e.path().is_dir()).then(|| (date, e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

/// Reads what the report folders before `as_of` beside `out` handed over.
pub fn load(out: &Path, as_of: NaiveDate) -> anyhow::Result<HandedOver> {
    let mut handed = HandedOver::default();
    for night in earlier_reports(out, as_of) {
        read_coulance(&night.join("coulance_new.csv"), &mut handed)?;
        read_journal(&night.join("journal_new.csv"), &mut handed)?;
        read_refunds(&night.join("refunds_new.csv"), &mut handed)?;
        handed.nights.push(night);
    }
    Ok(handed)
}

/// The records of a CSV file with its header, or `None` when the file is
/// not there.
fn records(path: &Path) -> anyhow::Result<Option<(csv::StringRecord, Vec<csv::StringRecord>)>> {
    if !path.is_file() {
        return Ok(None);
    }
    let what = || format!("cannot read what was handed over in {}", path.display());
    let mut r = csv::Reader::from_path(path).with_context(what)?;
    let header = r.headers().with_context(what)?.clone();
    let rows = r
        .records()
        .collect::<Result<Vec<_>, _>>()
        .with_context(what)?;
    Ok(Some((header, rows)))
}

fn column(header: &csv::StringRecord, name: &str, path: &Path) -> anyhow::Result<usize> {
    match header.iter().position(|h| h == name) {
        Some(i) => Ok(i),
        None => bail!(
            "cannot read what was handed over in {}: no column `{name}`",
            path.display()
        ),
    }
}

/// A value of a handed-over file, parsed; an error names the file, the
/// line (1-based, header included) and what the value should have been.
fn parse<T: std::str::FromStr>(text: &str, what: &str, path: &Path, n: usize) -> anyhow::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().with_context(|| {
        format!(
            "cannot read what was handed over in {} line {}: `{text}` is no {what}",
            path.display(),
            n + 2
        )
    })
}

/// Adds a night's `coulance_new.csv`: the change of each write-off.
fn read_coulance(path: &Path, handed: &mut HandedOver) -> anyhow::Result<()> {
    let Some((header, rows)) = records(path)? else {
        return Ok(());
    };
    let [number, client, name, amount] = ["invoice_number", "client_id", "client_name", "coulance"]
        .map(|c| column(&header, c, path));
    let (number, client, name, amount) = (number?, client?, name?, amount?);
    for (n, row) in rows.iter().enumerate() {
        let cell = |i: usize| row.get(i).unwrap_or("");
        let value: Money = parse(cell(amount), "amount", path, n)?;
        let w = handed
            .write_offs
            .entry(cell(number).to_string())
            .or_default();
        w.amount += value;
        w.client_id = cell(client).to_string();
        w.client_name = unquote(cell(name)).to_string();
    }
    Ok(())
}

/// Adds a night's `journal_new.csv`: the booking numbers used, and which
/// entry booked each write-off as it now stands.
fn read_journal(path: &Path, handed: &mut HandedOver) -> anyhow::Result<()> {
    let Some((header, rows)) = records(path)? else {
        return Ok(());
    };
    let entry = column(&header, "entry", path)?;
    let number = column(&header, "invoice_number", path)?;
    let kind = column(&header, "kind", path)?;
    for (n, row) in rows.iter().enumerate() {
        let cell = |i: usize| row.get(i).unwrap_or("");
        let e: u64 = parse(cell(entry), "booking number", path, n)?;
        handed.last_entry = handed.last_entry.max(e);
        if cell(kind) == "write_off"
            && let Some(w) = handed.write_offs.get_mut(cell(number))
        {
            w.entry = e;
        }
    }
    Ok(())
}

/// Adds a night's `refunds_new.csv`: the refunds put in its `refunds.xml`.
fn read_refunds(path: &Path, handed: &mut HandedOver) -> anyhow::Result<()> {
    let Some((header, rows)) = records(path)? else {
        return Ok(());
    };
    let number = column(&header, "invoice_number", path)?;
    let amount = column(&header, "amount", path)?;
    let in_file = column(&header, "in_file", path)?;
    for (n, row) in rows.iter().enumerate() {
        let cell = |i: usize| row.get(i).unwrap_or("");
        if cell(in_file) != "yes" {
            continue;
        }
        let value: Money = parse(cell(amount), "amount", path, n)?;
        *handed.refunds.entry(cell(number).to_string()).or_default() += value;
    }
    Ok(())
}

/// A text cell as written back: the report guards cells that a spreadsheet
/// would run as a formula with a leading `'`.
fn unquote(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn only_earlier_dated_report_folders_count_oldest_first() {
        let tmp = tempfile::tempdir().unwrap();
        for n in [
            "2026-11-18",
            "2026-11-20",
            "2026-11-21",
            "demo",
            "2026-11-19",
        ] {
            fs::create_dir(tmp.path().join(n)).unwrap();
        }
        fs::write(tmp.path().join("2026-11-17"), "a file").unwrap();
        let found = earlier_reports(&tmp.path().join("2026-11-20"), d("2026-11-20"));
        let names: Vec<String> = found
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["2026-11-18", "2026-11-19"]);
    }

    #[test]
    fn write_offs_add_up_over_the_nights_and_the_last_entry_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let night = |name: &str, coulance: &str, journal: &str| {
            let dir = tmp.path().join(name);
            fs::create_dir(&dir).unwrap();
            fs::write(dir.join("coulance_new.csv"), coulance).unwrap();
            fs::write(dir.join("journal_new.csv"), journal).unwrap();
        };
        let head = "invoice_number,client_id,client_name,coulance\n";
        let jhead = "entry,kind,invoice_number\n";
        night(
            "2026-11-18",
            &format!("{head}F-1,C1,Jansen,300.00\nF-2,C2,'-Vries,100.00\n"),
            &format!("{jhead}7,write_off,F-1\n7,write_off,F-1\n8,write_off,F-2\n8,write_off,F-2\n"),
        );
        night(
            "2026-11-19",
            &format!("{head}F-1,C1,Jansen,-300.00\nF-2,C2,'-Vries,20.00\n"),
            &format!("{jhead}9,reversal,F-1\n9,reversal,F-1\n10,reversal,F-2\n11,write_off,F-2\n"),
        );
        let h = load(&tmp.path().join("2026-11-20"), d("2026-11-20")).unwrap();
        assert_eq!(h.last_entry, 11);
        assert_eq!(h.write_offs["F-1"].amount, Money::ZERO);
        assert_eq!(h.write_offs["F-2"].amount, "120.00".parse().unwrap());
        assert_eq!(h.write_offs["F-2"].entry, 11);
        assert_eq!(h.write_offs["F-2"].client_name, "-Vries");
        // A rerun of the 19th sees the 18th only.
        let h = load(&tmp.path().join("2026-11-19"), d("2026-11-19")).unwrap();
        assert_eq!(h.last_entry, 8);
    }

    #[test]
    fn an_unreadable_history_stops_the_run() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("2026-11-18");
        fs::create_dir(&dir).unwrap();
        fs::write(
            dir.join("coulance_new.csv"),
            "invoice_number,client_id,client_name,coulance\nF-1,C1,J,twelve\n",
        )
        .unwrap();
        let e = load(&tmp.path().join("2026-11-20"), d("2026-11-20")).unwrap_err();
        assert!(format!("{e:#}").contains("line 2"), "{e:#}");
    }
}
