//! Per client: the debtor list with ageing, `clients.csv` and the
//! workbook's `Per cliënt` sheet. An aggregation of what the core decided per
//! invoice; it decides nothing of its own.
//!
//! - `owed` is the outstanding amount of the client's open and partially
//!   paid invoices, the same invoices and the same age buckets
//!   ([`super::summary::age_bucket`]) as the summary's "open amount by age", so
//!   the column totals equal the summary's. An invoice due today or later
//!   has 0 days overdue and counts in `owed_not_due`, as in the summary;
//!   1 day past its due date it is in `owed_1_30`.
//! - `to_refund` is what its overpaid invoices received too much
//!   (paid − net); `coulance` what may be written off.
//! - `awaiting_specification` counts the invoices on the
//!   "specification missing" list ([`super::spec_missing::awaits_specification`]).
//! - `oldest_days_overdue` is the most days overdue among the invoices it
//!   owes on (empty when it owes nothing); `last_payment_date` the latest
//!   booking date of a credit allocated to any of its invoices, insurers'
//!   direct payments included (empty when none).
//!
//! A client is listed when it owes anything, has anything to refund, to
//! write off, or an invoice awaiting a specification. Rows are sorted by
//! `owed`, largest first, then by client number.

use std::path::Path;

use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};

use crate::money::Money;
use crate::outcome::{InvoiceStatus, PaymentStatus};

use super::ReportInput;
use super::csv_out::CsvOut;
use super::spec_missing::awaits_specification;
use super::summary::{AGE_BUCKETS, age_bucket, counts_as_open};

/// The columns of `clients.csv`.
pub const CLIENT_COLUMNS: [&str; 14] = [
    "client_id",
    "client_name",
    "invoices_open",
    "owed",
    "owed_not_due",
    "owed_1_30",
    "owed_31_60",
    "owed_61_90",
    "owed_90_plus",
    "to_refund",
    "coulance",
    "awaiting_specification",
    "oldest_days_overdue",
    "last_payment_date",
];

/// One client's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientRow<'a> {
    /// Client number.
    pub client_id: &'a str,
    /// Client name.
    pub client_name: &'a str,
    /// Open and partially paid invoices.
    pub invoices_open: u64,
    /// Outstanding on those invoices.
    pub owed: Money,
    /// `owed` split by days overdue, in [`AGE_BUCKETS`] order.
    pub owed_by_age: [Money; AGE_BUCKETS.len()],
    /// Received too much on overpaid invoices (paid − net).
    pub to_refund: Money,
    /// May be written off (coulance-eligible invoices).
    pub coulance: Money,
    /// Invoices on the "specification missing" list.
    pub awaiting_specification: u64,
    /// Most days overdue among the invoices it owes on.
    pub oldest_days_overdue: Option<i64>,
    /// Latest booking date of a credit allocated to one of its invoices.
    pub last_payment_date: Option<NaiveDate>,
}

impl<'a> ClientRow<'a> {
    fn new(client_id: &'a str, client_name: &'a str) -> ClientRow<'a> {
        ClientRow {
            client_id,
            client_name,
            invoices_open: 0,
            owed: Money::ZERO,
            owed_by_age: [Money::ZERO; AGE_BUCKETS.len()],
            to_refund: Money::ZERO,
            coulance: Money::ZERO,
            awaiting_specification: 0,
            oldest_days_overdue: None,
            last_payment_date: None,
        }
    }

    /// Something to collect, refund, write off or chase.
    fn has_anything(&self) -> bool {
        self.invoices_open > 0
            || !self.to_refund.is_zero()
            || !self.coulance.is_zero()
            || self.awaiting_specification > 0
    }
}

/// Every client with anything owed, to refund, to write off or awaiting a
/// specification, largest `owed` first, then by client number.
pub fn rows<'a>(input: &ReportInput<'a>) -> Vec<ClientRow<'a>> {
    let reminder = input.policy.spec_reminder_days;
    let mut slots: HashMap<&'a str, usize> = HashMap::new();
    let mut of_invoice: HashMap<&'a str, usize> =
        HashMap::with_capacity(input.recon.invoices.len());
    let mut rows: Vec<ClientRow<'a>> = Vec::new();
    for inv in &input.recon.invoices {
        let slot = *slots.entry(inv.client_id.as_str()).or_insert_with(|| {
            rows.push(ClientRow::new(&inv.client_id, &inv.client_name));
            rows.len() - 1
        });
        of_invoice.insert(inv.number.as_str(), slot);
        // `slot` was just handed out for `rows`, so it is in range.
        let row = &mut rows[slot];
        if counts_as_open(inv.status) {
            row.invoices_open += 1;
            row.owed += inv.outstanding;
            row.owed_by_age[age_bucket(inv.days_overdue)] += inv.outstanding;
            row.oldest_days_overdue = row.oldest_days_overdue.max(Some(inv.days_overdue));
        }
        if inv.status == InvoiceStatus::Overpaid {
            row.to_refund -= inv.outstanding;
        }
        row.coulance += inv.coulance;
        if awaits_specification(inv, reminder) {
            row.awaiting_specification += 1;
        }
    }
    let lines = &input.ledger.bank_lines;
    for o in &input.recon.payments {
        let Some(line) = lines.get(o.line) else {
            continue;
        };
        if o.status != PaymentStatus::Allocated || !line.is_credit() {
            continue;
        }
        for a in &o.allocations {
            if let Some(&slot) = of_invoice.get(a.invoice.as_str()) {
                let last = &mut rows[slot].last_payment_date;
                *last = (*last).max(Some(line.booking_date));
            }
        }
    }
    rows.retain(ClientRow::has_anything);
    rows.sort_by(|a, b| b.owed.cmp(&a.owed).then(a.client_id.cmp(b.client_id)));
    rows
}

/// Writes `clients.csv`.
pub(super) fn write(dir: &Path, rows: &[ClientRow<'_>]) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "clients.csv", &CLIENT_COLUMNS)?;
    for r in rows {
        out.text(r.client_id)?;
        out.text(r.client_name)?;
        out.value(r.invoices_open)?;
        out.money(r.owed)?;
        for m in r.owed_by_age {
            out.money(m)?;
        }
        out.money(r.to_refund)?;
        out.money(r.coulance)?;
        out.value(r.awaiting_specification)?;
        match r.oldest_days_overdue {
            Some(d) => out.value(d)?,
            None => out.word("")?,
        }
        match r.last_payment_date {
            Some(d) => out.date(d)?,
            None => out.word("")?,
        }
        out.end()?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::ledger::Ledger;
    use crate::outcome::{Allocation, PaymentOutcome, Reconciliation, Rule};
    use crate::payment::BankLine;
    use crate::report::spec_missing::tests::{as_of, invoice};
    use crate::source::Source;
    use InvoiceStatus::*;

    fn credit(day: u32, cents: i64) -> BankLine {
        let path: std::sync::Arc<str> = std::sync::Arc::from("bank/x.csv");
        BankLine {
            id: format!("P{day}").into(),
            ..BankLine::booked(
                Source::line(&path, u64::from(day)),
                "NL00TEST0000000000",
                NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
                Money::from_cents(cents),
            )
        }
    }

    fn paid(line: usize, status: PaymentStatus, invoice: &str, cents: i64) -> PaymentOutcome {
        PaymentOutcome {
            line,
            status,
            rule: Rule::Reference,
            allocations: vec![Allocation {
                invoice: invoice.into(),
                amount: Money::from_cents(cents),
            }],
            unallocated: Money::ZERO,
            note: crate::note::Note::NotDecided,
        }
    }

    #[test]
    fn clients_are_aggregated_aged_and_sorted() {
        let invoices = vec![
            invoice("F01", "K1", Open, 10, None),          // 100.00 in 1–30
            invoice("F02", "K1", PartiallyPaid, 45, None), // 60.00 in 31–60
            invoice("F03", "K1", Open, 120, Some(5_000)),  // 100.00 in 90+
            invoice("F04", "K2", Open, -3, Some(5_000)),   // not yet due
            invoice("F05", "K3", Overpaid, 10, None),      // refund 20.00
            invoice("F06", "K4", CoulanceEligible, 10, Some(7_000)),
            invoice("F07", "K5", Settled, 10, None), // nothing: not listed
            invoice("F08", "K0", Open, 61, None),    // 100.00 in 61–90
        ];
        let ledger = Ledger {
            bank_lines: vec![
                credit(3, 4_000),
                credit(9, 100),
                credit(7, 500),
                credit(8, -100),
            ],
            ..Ledger::default()
        };
        let recon = Reconciliation {
            invoices,
            payments: vec![
                paid(0, PaymentStatus::Allocated, "F02", 4_000),
                // Reversed and debit lines are no payment received.
                paid(1, PaymentStatus::Reversed, "F02", 100),
                paid(2, PaymentStatus::Allocated, "F01", 500),
                paid(3, PaymentStatus::Allocated, "F01", -100),
                // An outcome pointing past the ledger is skipped.
                paid(9, PaymentStatus::Allocated, "F01", 1),
            ],
            ..Reconciliation::default()
        };
        let policy = Policy::default();
        let input = ReportInput::of(as_of(), &policy, &ledger, &recon);
        let rows = rows(&input);
        let ids: Vec<&str> = rows.iter().map(|r| r.client_id).collect();
        // K0 and K2 both owe 100.00: by client number.
        assert_eq!(ids, ["K1", "K0", "K2", "K3", "K4"]);
        let k1 = &rows[0];
        assert_eq!(k1.invoices_open, 3);
        assert_eq!(k1.owed, Money::from_cents(26_000));
        assert_eq!(
            k1.owed_by_age,
            [0, 10_000, 6_000, 0, 10_000].map(Money::from_cents)
        );
        assert_eq!(k1.awaiting_specification, 2);
        assert_eq!(k1.oldest_days_overdue, Some(120));
        assert_eq!(k1.last_payment_date, NaiveDate::from_ymd_opt(2026, 3, 7));
        let k0 = &rows[1];
        assert_eq!(k0.owed_by_age[3], Money::from_cents(10_000));
        let k2 = &rows[2];
        assert_eq!(k2.owed_by_age[0], Money::from_cents(10_000));
        assert_eq!(k2.oldest_days_overdue, Some(0));
        assert_eq!(k2.awaiting_specification, 0);
        assert_eq!(k2.last_payment_date, None);
        let k3 = &rows[3];
        assert_eq!(k3.to_refund, Money::from_cents(2_000));
        assert_eq!(k3.owed, Money::ZERO);
        assert_eq!(k3.oldest_days_overdue, None);
        assert_eq!(rows[4].coulance, Money::from_cents(3_000));

        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &rows).unwrap();
        let text = std::fs::read_to_string(dir.path().join("clients.csv")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], CLIENT_COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "K1,Client K1,3,260.00,0.00,100.00,60.00,0.00,100.00,0.00,0.00,2,120,2026-03-07"
        );
        assert_eq!(
            lines[4],
            "K3,Client K3,0,0.00,0.00,0.00,0.00,0.00,0.00,20.00,0.00,0,,"
        );
    }

    /// The ageing boundaries: due today is not yet due, 1 and
    /// 30 days are 1–30, 31 and 60 are 31–60, 61 and 90 are 61–90, 91 is
    /// 90+; each client's buckets add up to what it owes, and the column
    /// totals to the summary's `open_by_age`.
    #[test]
    fn ageing_boundaries_and_sums() {
        let days = [-1, 0, 1, 30, 31, 60, 61, 90, 91];
        let mut invoices: Vec<_> = days
            .iter()
            .enumerate()
            .map(|(n, d)| invoice(&format!("A{n}"), &format!("K{d}"), Open, *d, None))
            .collect();
        // One client with an invoice in every bucket, one partially paid.
        for (n, d) in days.iter().enumerate() {
            let status = if n % 2 == 0 { Open } else { PartiallyPaid };
            invoices.push(invoice(&format!("B{n}"), "ALL", status, *d, None));
        }
        let ledger = Ledger::default();
        let recon = Reconciliation {
            invoices,
            ..Reconciliation::default()
        };
        let policy = Policy::default();
        let input = ReportInput::of(as_of(), &policy, &ledger, &recon);
        let rows = rows(&input);
        let bucket = |client: &str| {
            let r = rows.iter().find(|r| r.client_id == client).unwrap();
            let filled: Vec<usize> = (0..AGE_BUCKETS.len())
                .filter(|b| !r.owed_by_age[*b].is_zero())
                .collect();
            assert_eq!(filled.len(), 1, "{client}");
            filled[0]
        };
        for (d, want) in [
            (-1, 0),
            (0, 0),
            (1, 1),
            (30, 1),
            (31, 2),
            (60, 2),
            (61, 3),
            (90, 3),
            (91, 4),
        ] {
            assert_eq!(bucket(&format!("K{d}")), want, "{d} days");
        }
        let all = rows.iter().find(|r| r.client_id == "ALL").unwrap();
        // 100.00 open, 60.00 partially paid, alternating from -1 days.
        assert_eq!(
            all.owed_by_age,
            [16_000, 16_000, 16_000, 16_000, 10_000].map(Money::from_cents)
        );
        for r in &rows {
            let sum: Money = r.owed_by_age.iter().copied().sum();
            assert_eq!(sum, r.owed, "{}", r.client_id);
        }
        let summary = crate::report::summary::build(&input);
        for (b, (key, _, _)) in AGE_BUCKETS.iter().enumerate() {
            let column: Money = rows.iter().map(|r| r.owed_by_age[b]).sum();
            let age = summary.open_by_age.get(key).unwrap();
            assert_eq!(column, age.outstanding, "{key}");
        }
        let keys: Vec<&str> = summary.open_by_age.0.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["not_due", "1-30", "31-60", "61-90", "90+"]);
        assert_eq!(summary.open_by_age.get("not_due").unwrap().count, 4);
        assert_eq!(summary.open_by_age.get("90+").unwrap().count, 2);

        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &rows).unwrap();
        let text = std::fs::read_to_string(dir.path().join("clients.csv")).unwrap();
        assert!(text.starts_with(
            "client_id,client_name,invoices_open,owed,owed_not_due,owed_1_30,\
             owed_31_60,owed_61_90,owed_90_plus,"
        ));
        assert!(text.contains("\nALL,Client ALL,9,740.00,160.00,160.00,160.00,160.00,100.00,"));
    }
}
