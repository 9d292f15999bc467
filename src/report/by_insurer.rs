//! Per insurer: `insurers.csv` and the workbook's
//! `Per verzekeraar` sheet. Which insurers reimburse how much of the
//! provider's tariff, and so cost how much coulance. An aggregation of what
//! the core decided per invoice; it decides nothing of its own.
//!
//! - Invoices are grouped by their insurer exactly as `invoices.csv` writes
//!   it (register, else specification), so every column adds up to the
//!   same column of `invoices.csv`; spelling variants in the register show
//!   as rows of their own rather than being merged silently. Invoices
//!   without an insurer form one group, written with an empty name in the
//!   CSV and last in both outputs.
//! - `reimbursement_rate` = reimbursed ÷ net over the invoices that have a
//!   specification (`net_with_specification`, appended after the issue's
//!   columns so the rate can be checked), rounded to four decimals, half
//!   away from zero; empty when none has one or their net is not positive.
//! - `floor_applied` counts invoices whose required amount the
//!   client-share floor raised (the core's `floor_applied`).
//! - `awaiting_specification` counts the invoices on the "specification
//!   missing" list; `paid_by_insurer` what insurers paid the provider
//!   directly (rule 4).
//!
//! Rows are sorted by coulance, largest first (the insurers that cost the
//! most come first), then by name.

use std::path::Path;

use foldhash::{HashMap, HashMapExt};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::money::Money;

use super::ReportInput;
use super::csv_out::CsvOut;
use super::spec_missing::awaits_specification;

/// The columns of `insurers.csv`.
pub const INSURER_COLUMNS: [&str; 12] = [
    "insurer",
    "invoices",
    "net",
    "with_specification",
    "reimbursed",
    "reimbursement_rate",
    "deductible",
    "coulance",
    "floor_applied",
    "awaiting_specification",
    "paid_by_insurer",
    "net_with_specification",
];

/// Decimals of the reimbursement rate (0.7125 is 71.25 %).
const RATE_DECIMALS: u32 = 4;

/// One insurer's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InsurerRow<'a> {
    /// The insurer as `invoices.csv` names it; `None` for the invoices
    /// without one.
    pub insurer: Option<&'a str>,
    /// Number of invoices.
    pub invoices: u64,
    /// Sum of their net amounts.
    pub net: Money,
    /// Invoices with a specification.
    pub with_specification: u64,
    /// Sum of the net amounts of the invoices with a specification.
    pub net_with_specification: Money,
    /// Sum of reimbursed.
    pub reimbursed: Money,
    /// Sum of deductibles withheld.
    pub deductible: Money,
    /// Sum of what may be written off.
    pub coulance: Money,
    /// Invoices whose required amount the client-share floor raised.
    pub floor_applied: u64,
    /// Invoices on the "specification missing" list.
    pub awaiting_specification: u64,
    /// Paid by the insurer to the provider directly.
    pub paid_by_insurer: Money,
}

impl<'a> InsurerRow<'a> {
    fn new(insurer: Option<&'a str>) -> InsurerRow<'a> {
        InsurerRow {
            insurer,
            invoices: 0,
            net: Money::ZERO,
            with_specification: 0,
            net_with_specification: Money::ZERO,
            reimbursed: Money::ZERO,
            deductible: Money::ZERO,
            coulance: Money::ZERO,
            floor_applied: 0,
            awaiting_specification: 0,
            paid_by_insurer: Money::ZERO,
        }
    }

    /// reimbursed ÷ net over the invoices with a specification, to four
    /// decimals; `None` when there is no such net to divide by.
    pub fn reimbursement_rate(&self) -> Option<Decimal> {
        let net = self.net_with_specification.decimal();
        if self.with_specification == 0 || net <= Decimal::ZERO {
            return None;
        }
        self.reimbursed.decimal().checked_div(net).map(|r| {
            let mut r =
                r.round_dp_with_strategy(RATE_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
            // Always four decimals in the CSV (0.7000, not 0.7).
            r.rescale(RATE_DECIMALS);
            r
        })
    }
}

/// Every insurer with at least one invoice, the group without an insurer
/// last; see the module header for the order.
pub fn rows<'a>(input: &ReportInput<'a>) -> Vec<InsurerRow<'a>> {
    let reminder = input.policy.spec_reminder_days;
    let mut slots: HashMap<Option<&'a str>, usize> = HashMap::new();
    let mut rows: Vec<InsurerRow<'a>> = Vec::new();
    for inv in &input.recon.invoices {
        let insurer = inv.insurer.as_deref();
        let slot = *slots.entry(insurer).or_insert_with(|| {
            rows.push(InsurerRow::new(insurer));
            rows.len() - 1
        });
        // `slot` was just handed out for `rows`, so it is in range.
        let row = &mut rows[slot];
        row.invoices += 1;
        row.net += inv.net;
        if let Some(r) = inv.reimbursed {
            row.with_specification += 1;
            row.net_with_specification += inv.net;
            row.reimbursed += r;
        }
        row.deductible += inv.deductible.unwrap_or(Money::ZERO);
        row.coulance += inv.coulance;
        row.floor_applied += u64::from(inv.floor_applied);
        row.awaiting_specification += u64::from(awaits_specification(inv, reminder));
        row.paid_by_insurer += inv.paid_by_insurer;
    }
    rows.sort_by(|a, b| {
        a.insurer
            .is_none()
            .cmp(&b.insurer.is_none())
            .then(b.coulance.cmp(&a.coulance))
            .then(a.insurer.cmp(&b.insurer))
    });
    rows
}

/// Writes `insurers.csv`.
pub(super) fn write(dir: &Path, rows: &[InsurerRow<'_>]) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "insurers.csv", &INSURER_COLUMNS)?;
    for r in rows {
        out.text(r.insurer.unwrap_or(""))?;
        out.value(r.invoices)?;
        out.money(r.net)?;
        out.value(r.with_specification)?;
        out.money(r.reimbursed)?;
        match r.reimbursement_rate() {
            Some(rate) => out.value(rate)?,
            None => out.word("")?,
        }
        out.money(r.deductible)?;
        out.money(r.coulance)?;
        out.value(r.floor_applied)?;
        out.value(r.awaiting_specification)?;
        out.money(r.paid_by_insurer)?;
        out.money(r.net_with_specification)?;
        out.end()?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::ledger::Ledger;
    use crate::outcome::{InvoiceOutcome, InvoiceStatus, Reconciliation};
    use crate::report::spec_missing::tests::{as_of, invoice};
    use InvoiceStatus::*;

    fn of(insurer: Option<&str>, mut inv: InvoiceOutcome) -> InvoiceOutcome {
        inv.insurer = insurer.map(String::from);
        inv
    }

    #[test]
    fn insurers_are_aggregated_with_their_rate() {
        let mut floored = of(Some("VGZ"), invoice("F03", "K1", Open, 5, Some(6_000)));
        floored.floor_applied = true;
        let mut direct = of(
            Some("CZ"),
            invoice("F04", "K2", CoulanceEligible, 5, Some(7_000)),
        );
        direct.paid_by_insurer = Money::from_cents(7_000);
        direct.deductible = Some(Money::from_cents(1_000));
        let mut credited = of(Some("CZ"), invoice("F06", "K2", Settled, 5, Some(0)));
        credited.net = Money::ZERO;
        let invoices = vec![
            of(Some("VGZ"), invoice("F01", "K1", Open, 5, None)),
            of(
                Some("VGZ"),
                invoice("F02", "K1", CoulanceEligible, 5, Some(7_001)),
            ),
            floored,
            direct,
            of(None, invoice("F05", "K3", Open, 5, None)),
            credited,
            of(Some("ONVZ"), invoice("F07", "K3", Open, 5, None)),
        ];
        let recon = Reconciliation {
            invoices,
            ..Reconciliation::default()
        };
        let policy = Policy::default();
        let ledger = Ledger::default();
        let input = ReportInput::of(as_of(), &policy, &ledger, &recon);
        let rows = rows(&input);
        let names: Vec<Option<&str>> = rows.iter().map(|r| r.insurer).collect();
        // CZ 30.00 and VGZ 29.99 coulance, ONVZ none; no insurer last.
        assert_eq!(names, [Some("CZ"), Some("VGZ"), Some("ONVZ"), None]);
        let vgz = &rows[1];
        assert_eq!(vgz.invoices, 3);
        assert_eq!(vgz.net, Money::from_cents(30_000));
        assert_eq!(vgz.with_specification, 2);
        assert_eq!(vgz.net_with_specification, Money::from_cents(20_000));
        assert_eq!(vgz.reimbursed, Money::from_cents(13_001));
        // 130.01 / 200.00 = 0.65005: half away from zero at four decimals.
        assert_eq!(vgz.reimbursement_rate(), Some(Decimal::new(6501, 4)));
        assert_eq!(vgz.floor_applied, 1);
        assert_eq!(vgz.awaiting_specification, 1);
        let cz = &rows[0];
        assert_eq!(cz.paid_by_insurer, Money::from_cents(7_000));
        assert_eq!(cz.deductible, Money::from_cents(1_000));
        assert_eq!(
            cz.reimbursement_rate().map(|r| r.to_string()).as_deref(),
            Some("0.7000")
        );
        // No specification at all: no rate.
        assert_eq!(rows[2].reimbursement_rate(), None);
        assert_eq!(rows[3].awaiting_specification, 1);

        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &rows).unwrap();
        let text = std::fs::read_to_string(dir.path().join("insurers.csv")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], INSURER_COLUMNS.join(","));
        assert_eq!(
            lines[2],
            "VGZ,3,300.00,2,130.01,0.6501,0.00,29.99,1,1,0.00,200.00"
        );
        assert_eq!(lines[4], ",1,100.00,0,0.00,,0.00,0.00,0,1,0.00,0.00");
    }

    #[test]
    fn no_rate_over_a_net_that_is_not_positive() {
        let mut r = InsurerRow::new(Some("X"));
        r.with_specification = 1;
        r.reimbursed = Money::from_cents(100);
        assert_eq!(r.reimbursement_rate(), None);
        r.net_with_specification = Money::from_cents(-100);
        assert_eq!(r.reimbursement_rate(), None);
        r.net_with_specification = Money::from_cents(300);
        assert_eq!(r.reimbursement_rate(), Some(Decimal::new(3333, 4)));
    }
}
