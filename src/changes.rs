//! What changed since the previous night's report: invoices whose status
//! changed or that are new, coulance amounts that changed, and payments new
//! since then. The previous report is read from its `invoices.csv` and
//! `payments.csv`; the comparison itself is a pure function.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;

use crate::ledger::Ledger;
use crate::outcome::Reconciliation;

/// What the previous report said, reduced to what is compared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreviousReport {
    /// The folder it was read from.
    pub dir: PathBuf,
    /// Invoice number → (status, coulance) as written.
    pub invoices: BTreeMap<String, (String, String)>,
    /// Payment ids it listed.
    pub payments: BTreeSet<String>,
}

/// One change, as written to `changes.csv`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Change {
    /// `invoice_new`, `status_changed`, `coulance_changed`, `invoice_gone`
    /// or `payment_new`.
    pub kind: &'static str,
    /// Invoice number or payment id.
    pub id: String,
    /// Value in the previous report (empty for new ones).
    pub before: String,
    /// Value now (empty for gone ones).
    pub after: String,
}

/// The changes against one previous report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// The previous report's folder, as given or found.
    pub previous: String,
    /// The changes, sorted.
    pub changes: Vec<Change>,
}

/// The newest earlier report beside `out`: a sibling folder named as a
/// date before `as_of` that holds an `invoices.csv`.
pub fn find_previous(out: &Path, as_of: NaiveDate) -> Option<PathBuf> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut best: Option<(NaiveDate, PathBuf)> = None;
    for e in fs::read_dir(parent).ok()?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(date) = name.parse::<NaiveDate>() else {
            continue;
        };
        if date < as_of
            && e.path().join("invoices.csv").is_file()
            && best.as_ref().is_none_or(|(d, _)| date > *d)
        {
            best = Some((date, e.path()));
        }
    }
    best.map(|(_, p)| p)
}

/// Reads the previous report's invoices and payments.
pub fn load_previous(dir: &Path) -> anyhow::Result<PreviousReport> {
    let mut prev = PreviousReport {
        dir: dir.to_path_buf(),
        ..PreviousReport::default()
    };
    let inv = dir.join("invoices.csv");
    let mut r =
        csv::Reader::from_path(&inv).with_context(|| format!("cannot read {}", inv.display()))?;
    let h = r.headers()?.clone();
    let col = |name: &str| {
        h.iter()
            .position(|c| c == name)
            .with_context(|| format!("{}: no column {name}", inv.display()))
    };
    let (num, status, coulance) = (col("invoice_number")?, col("status")?, col("coulance")?);
    for rec in r.records() {
        let rec = rec.with_context(|| format!("cannot read {}", inv.display()))?;
        let get = |i: usize| rec.get(i).unwrap_or("").to_string();
        prev.invoices.insert(get(num), (get(status), get(coulance)));
    }
    let pay = dir.join("payments.csv");
    let mut r =
        csv::Reader::from_path(&pay).with_context(|| format!("cannot read {}", pay.display()))?;
    let id = r
        .headers()?
        .iter()
        .position(|c| c == "payment_id")
        .with_context(|| format!("{}: no column payment_id", pay.display()))?;
    for rec in r.records() {
        let rec = rec.with_context(|| format!("cannot read {}", pay.display()))?;
        prev.payments.insert(rec.get(id).unwrap_or("").to_string());
    }
    Ok(prev)
}

/// Compares tonight's decisions with the previous report, in a full order.
pub fn diff(prev: &PreviousReport, ledger: &Ledger, recon: &Reconciliation) -> Vec<Change> {
    let mut out = Vec::new();
    let mut now = BTreeSet::new();
    for inv in &recon.invoices {
        now.insert(inv.number.as_str());
        let status = inv.status.as_str();
        let coulance = inv.coulance.to_string();
        match prev.invoices.get(&inv.number) {
            None => out.push(Change {
                kind: "invoice_new",
                id: inv.number.clone(),
                before: String::new(),
                after: status.to_string(),
            }),
            Some((s, c)) => {
                if s != status {
                    out.push(Change {
                        kind: "status_changed",
                        id: inv.number.clone(),
                        before: s.clone(),
                        after: status.to_string(),
                    });
                }
                if *c != coulance {
                    out.push(Change {
                        kind: "coulance_changed",
                        id: inv.number.clone(),
                        before: c.clone(),
                        after: coulance,
                    });
                }
            }
        }
    }
    for (num, (status, _)) in &prev.invoices {
        if !now.contains(num.as_str()) {
            out.push(Change {
                kind: "invoice_gone",
                id: num.clone(),
                before: status.clone(),
                after: String::new(),
            });
        }
    }
    for p in &recon.payments {
        if let Some(line) = ledger.bank_lines.get(p.line)
            && !prev.payments.contains(&*line.id)
        {
            out.push(Change {
                kind: "payment_new",
                id: line.id.to_string(),
                before: String::new(),
                after: p.status.as_str().to_string(),
            });
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::outcome::{InvoiceOutcome, InvoiceStatus};

    fn invoice(number: &str, status: InvoiceStatus, coulance: i64) -> InvoiceOutcome {
        let d = NaiveDate::from_ymd_opt(2026, 8, 3).unwrap();
        InvoiceOutcome {
            number: number.into(),
            client_id: "C1".into(),
            client_name: "A".into(),
            insurer: None,
            invoice_date: d,
            due_date: d,
            amount: Money::from_cents(100_000),
            credited: Money::ZERO,
            net: Money::from_cents(100_000),
            paid: Money::ZERO,
            paid_by_insurer: Money::ZERO,
            reimbursed: None,
            deductible: None,
            required: None,
            floor_applied: false,
            status,
            coulance: Money::from_cents(coulance),
            outstanding: Money::ZERO,
            days_overdue: 0,
            payments: vec![],
            specifications: vec![],
            reason: crate::reason::Why::NothingToPay { net: Money::ZERO }.into(),
            agent: None,
            agent_reference: None,
        }
    }

    #[test]
    fn finds_new_changed_and_gone_invoices() {
        let mut prev = PreviousReport::default();
        prev.invoices
            .insert("F1".into(), ("open".into(), "0.00".into()));
        prev.invoices
            .insert("F2".into(), ("partially_paid".into(), "0.00".into()));
        prev.invoices
            .insert("F9".into(), ("open".into(), "0.00".into()));
        let recon = Reconciliation {
            invoices: vec![
                invoice("F1", InvoiceStatus::Open, 0),
                invoice("F2", InvoiceStatus::CoulanceEligible, 30000),
                invoice("F3", InvoiceStatus::Open, 0),
            ],
            ..Reconciliation::default()
        };
        let changes = diff(&prev, &Ledger::default(), &recon);
        let kinds: Vec<(&str, &str)> = changes.iter().map(|c| (c.kind, c.id.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                ("coulance_changed", "F2"),
                ("invoice_gone", "F9"),
                ("invoice_new", "F3"),
                ("status_changed", "F2")
            ]
        );
        let c = changes
            .iter()
            .find(|c| c.kind == "coulance_changed")
            .unwrap();
        assert_eq!((c.before.as_str(), c.after.as_str()), ("0.00", "300.00"));
    }

    #[test]
    fn finds_the_newest_earlier_report() {
        let tmp = tempfile::tempdir().unwrap();
        for d in ["2026-11-18", "2026-11-19", "2026-11-21", "notadate"] {
            fs::create_dir_all(tmp.path().join(d)).unwrap();
            fs::write(
                tmp.path().join(d).join("invoices.csv"),
                "invoice_number,status,coulance\n",
            )
            .unwrap();
        }
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let found = find_previous(&tmp.path().join("2026-11-20"), as_of).unwrap();
        assert!(found.ends_with("2026-11-19"), "{found:?}");
        assert_eq!(
            find_previous(
                &tmp.path().join("x"),
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
            ),
            None
        );
    }
}
