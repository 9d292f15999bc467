//! The figures of a run in one value ([`Summary`]): counts and totals per
//! invoice and payment status, open amounts by age, problem counts, and the
//! two checks of ARCHITECTURE.md (invariants) (money conservation and rows). `summary.json` is
//! this value serialised; the workbook's summary sheet shows the same
//! value, so the two never disagree.

use std::path::Path;

use anyhow::Context;
use serde::Serialize;
use serde::ser::Serializer;

use crate::ingest::FileReport;
use crate::money::Money;
use crate::outcome::{InvoiceStatus, PaymentStatus};
use crate::problem::Severity;
use crate::source::{Loc, Source};

use super::ReportInput;

/// A JSON object whose keys keep the order given (docs/outputs.md order of the
/// statuses), whatever map type serde_json was built with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ordered<V>(pub Vec<(&'static str, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (*k, v)))
    }
}

impl<V> Ordered<V> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

/// Everything `summary.json` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The date the run is for (ISO).
    pub as_of: String,
    /// Provider name from the configuration.
    pub provider: String,
    /// Each input file: path, kind, sha256, format, rows read and rejected,
    /// and for a bank export its balance check.
    pub inputs: Vec<FileReport>,
    /// The provider's own accounts and where each came from: the
    /// configuration and/or the exports that name it.
    pub own_accounts: Vec<crate::own_accounts::OwnAccount>,
    /// Per own account, the dates each bank export covers: its first and
    /// last booking date of that account (sorted by account, then path).
    pub coverage: Vec<Covered>,
    /// Invoice counts and totals.
    pub invoices: InvoiceTotals,
    /// Bank line counts and totals.
    pub payments: PaymentTotals,
    /// Open and partially paid amounts by days overdue.
    pub open_by_age: Ordered<AgeTotals>,
    /// Input problems by severity.
    pub problems: ProblemCounts,
    /// ARCHITECTURE.md (invariants): every credit read is in exactly one bucket.
    pub conservation: Conservation,
    /// ARCHITECTURE.md (invariants): every input row is in the outputs or the exceptions.
    pub rows: RowsCheck,
    /// Per billing agent: receipts, batches and payouts each add up.
    pub agents: Vec<super::agents::AgentConservation>,
    /// Changes since the previous report; `null` when there was none.
    pub changes: Option<ChangeCounts>,
}

/// The dates one bank export covers for one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Covered {
    /// The own account as the export names it.
    pub account: String,
    /// The export, relative to `--input`.
    pub file: String,
    /// Its first booking date of the account (ISO).
    pub first: String,
    /// Its last (ISO).
    pub last: String,
}

/// Every bank export's dates per account, sorted by account, then path.
fn coverage(files: &[FileReport]) -> Vec<Covered> {
    let mut out: Vec<Covered> = files
        .iter()
        .flat_map(|f| {
            f.coverage.iter().map(|c| Covered {
                account: c.account.to_string(),
                file: f.path.clone(),
                first: c.first.to_string(),
                last: c.last.to_string(),
            })
        })
        .collect();
    // Files are in path order already; a stable sort keeps it per account.
    out.sort_by(|a, b| a.account.cmp(&b.account));
    out
}

/// How many changes of each kind since which previous report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChangeCounts {
    /// The previous report's folder.
    pub previous: String,
    /// Change kind → count, sorted by kind.
    pub counts: std::collections::BTreeMap<&'static str, u64>,
}

/// Count and totals of a group of invoices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StatusTotals {
    /// Number of invoices.
    pub count: u64,
    /// Sum of net amounts.
    pub net: Money,
    /// Sum of amounts received.
    pub paid: Money,
    /// Sum of write-offs.
    pub coulance: Money,
    /// Sum of outstanding amounts (negative: to refund).
    pub outstanding: Money,
}

impl StatusTotals {
    fn add(&mut self, net: Money, paid: Money, coulance: Money, outstanding: Money) {
        self.count += 1;
        self.net += net;
        self.paid += paid;
        self.coulance += coulance;
        self.outstanding += outstanding;
    }
}

/// Invoice totals overall and per status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvoiceTotals {
    /// All invoices.
    pub total: StatusTotals,
    /// Per status, every status present (zero when none), in the order of docs/statuses.md.
    pub by_status: Ordered<StatusTotals>,
}

/// Count and sum of a group of bank lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// Number of lines.
    pub count: u64,
    /// Sum of their amounts (debits negative).
    pub amount: Money,
}

impl Flow {
    fn add(&mut self, amount: Money) {
        self.count += 1;
        self.amount += amount;
    }
}

/// Credits and debits of one payment status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CreditsDebits {
    /// Money in.
    pub credits: Flow,
    /// Money out.
    pub debits: Flow,
}

impl CreditsDebits {
    /// A zero-amount line (rare, but some banks export them) counts with
    /// the credits so that every line is counted somewhere.
    fn add(&mut self, amount: Money) {
        if amount.is_negative() {
            self.debits.add(amount);
        } else {
            self.credits.add(amount);
        }
    }
}

/// Bank line totals overall and per status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PaymentTotals {
    /// All bank lines.
    pub total: CreditsDebits,
    /// Per status, every status present, in the order of docs/statuses.md.
    pub by_status: Ordered<CreditsDebits>,
    /// Bank lines the core gave no decision (should be 0).
    pub undecided: CreditsDebits,
}

/// One age bucket of open money.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AgeTotals {
    /// Number of invoices.
    pub count: u64,
    /// Sum of their outstanding amounts.
    pub outstanding: Money,
}

/// Input problems by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProblemCounts {
    /// Rows or files not used.
    pub error: u64,
    /// Used, but look.
    pub warning: u64,
}

/// ARCHITECTURE.md (invariants) money conservation, credits only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Conservation {
    /// Sum of every credit read, duplicates included.
    pub credits_read: Money,
    /// Sum of the allocations of credit lines.
    pub allocated: Money,
    /// Unallocated parts of allocated credits, plus suggested and unmatched
    /// credits.
    pub unallocated: Money,
    /// Ignored credits.
    pub ignored: Money,
    /// Duplicate credits.
    pub duplicate: Money,
    /// Reversed credits.
    pub reversed: Money,
    /// allocated + unallocated + ignored + duplicate + reversed.
    pub accounted: Money,
    /// credits_read − accounted.
    pub difference: Money,
    /// True when the difference is exactly zero.
    pub balanced: bool,
}

/// Rows of one input file: read versus found again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileRows {
    /// Path relative to `--input`.
    pub path: String,
    /// Data rows the reader met.
    pub rows_read: u64,
    /// Rows of this file in the outputs (invoices and credit notes,
    /// payment rows, specification lines, overrides).
    pub rows_in_outputs: u64,
    /// Rows rejected to the exceptions: by the reader, or by the core
    /// (e.g. a specification line for an unknown invoice).
    pub rows_rejected: u64,
    /// Specification lines delivered twice, counted once.
    pub rows_duplicate: u64,
    /// Input problems of severity error with this file as source.
    pub errors: u64,
    /// Input problems of severity warning with this file as source.
    pub warnings: u64,
    /// rows_read = rows_in_outputs + rows_rejected + rows_duplicate.
    pub balanced: bool,
}

/// ARCHITECTURE.md (invariants): nothing is lost between reading and writing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowsCheck {
    /// Per input file, in input order.
    pub files: Vec<FileRows>,
    /// Every file balanced.
    pub balanced: bool,
}

/// The five age buckets of open money (days overdue at the as-of date), as
/// Dutch accounting packages show them: key and the inclusive day range,
/// the last open-ended. Not yet due (due today or later: 0 days overdue)
/// is a bucket of its own, before 1–30.
pub const AGE_BUCKETS: [(&str, i64, i64); 5] = [
    ("not_due", i64::MIN, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("90+", 91, i64::MAX),
];

/// The index into [`AGE_BUCKETS`] for a number of days overdue; 0 (due
/// today or not yet due) is `not_due`.
pub fn age_bucket(days_overdue: i64) -> usize {
    AGE_BUCKETS
        .iter()
        .position(|(_, lo, hi)| (*lo..=*hi).contains(&days_overdue))
        .unwrap_or(AGE_BUCKETS.len() - 1)
}

/// True for an invoice whose outstanding money is still to be collected and
/// so belongs in the ageing: open or partially paid. Coulance-eligible
/// money is to be written off, not collected.
pub fn counts_as_open(status: InvoiceStatus) -> bool {
    matches!(status, InvoiceStatus::Open | InvoiceStatus::PartiallyPaid)
}

/// Builds the summary from the report input.
pub fn build(input: &ReportInput<'_>) -> Summary {
    Summary {
        as_of: input.as_of.to_string(),
        provider: input.policy.provider_name.clone(),
        inputs: input.files.to_vec(),
        own_accounts: crate::own_accounts::list(
            &input.policy.own_ibans,
            &input.ledger.own_accounts,
        ),
        coverage: coverage(input.files),
        invoices: invoice_totals(input),
        payments: payment_totals(input),
        open_by_age: open_by_age(input),
        problems: problem_counts(input),
        conservation: conservation(input),
        rows: rows_check(input),
        agents: super::agents::conservation(input),
        changes: input.changes.map(|set| ChangeCounts {
            previous: set.previous.clone(),
            counts: set
                .changes
                .iter()
                .fold(std::collections::BTreeMap::new(), |mut m, c| {
                    *m.entry(c.kind).or_insert(0) += 1;
                    m
                }),
        }),
    }
}

fn invoice_totals(input: &ReportInput<'_>) -> InvoiceTotals {
    let mut total = StatusTotals::default();
    let mut by: Vec<(&'static str, StatusTotals)> = InvoiceStatus::ALL
        .iter()
        .map(|s| (s.as_str(), StatusTotals::default()))
        .collect();
    for inv in &input.recon.invoices {
        let figures = (inv.net, inv.paid, inv.coulance, inv.outstanding);
        total.add(figures.0, figures.1, figures.2, figures.3);
        if let Some((_, t)) = by.iter_mut().find(|(k, _)| *k == inv.status.as_str()) {
            t.add(figures.0, figures.1, figures.2, figures.3);
        }
    }
    InvoiceTotals {
        total,
        by_status: Ordered(by),
    }
}

fn payment_totals(input: &ReportInput<'_>) -> PaymentTotals {
    let mut total = CreditsDebits::default();
    let mut undecided = CreditsDebits::default();
    let mut by: Vec<(&'static str, CreditsDebits)> = PaymentStatus::ALL
        .iter()
        .map(|s| (s.as_str(), CreditsDebits::default()))
        .collect();
    let outcomes = super::outcome_per_line(input);
    for (line, outcome) in input.ledger.bank_lines.iter().zip(&outcomes) {
        total.add(line.amount);
        match outcome {
            Some(o) => {
                if let Some((_, t)) = by.iter_mut().find(|(k, _)| *k == o.status.as_str()) {
                    t.add(line.amount);
                }
            }
            None => undecided.add(line.amount),
        }
    }
    PaymentTotals {
        total,
        by_status: Ordered(by),
        undecided,
    }
}

fn open_by_age(input: &ReportInput<'_>) -> Ordered<AgeTotals> {
    let mut buckets = [AgeTotals::default(); AGE_BUCKETS.len()];
    for inv in &input.recon.invoices {
        if counts_as_open(inv.status) {
            // age_bucket returns an index below AGE_BUCKETS.len().
            let b = &mut buckets[age_bucket(inv.days_overdue)];
            b.count += 1;
            b.outstanding += inv.outstanding;
        }
    }
    Ordered(
        AGE_BUCKETS
            .iter()
            .zip(buckets)
            .map(|((k, _, _), t)| (*k, t))
            .collect(),
    )
}

fn problem_counts(input: &ReportInput<'_>) -> ProblemCounts {
    let mut c = ProblemCounts::default();
    for p in input.problems {
        match p.severity {
            Severity::Error => c.error += 1,
            Severity::Warning => c.warning += 1,
        }
    }
    c
}

/// ARCHITECTURE.md (invariants) over the credits. Every bucket is taken from what the core
/// decided, never derived from the other buckets, so a core that loses or
/// invents money shows up as an imbalance instead of being papered over.
fn conservation(input: &ReportInput<'_>) -> Conservation {
    let mut credits_read = Money::ZERO;
    let mut allocated = Money::ZERO;
    let mut unallocated = Money::ZERO;
    let mut ignored = Money::ZERO;
    let mut duplicate = Money::ZERO;
    let mut reversed = Money::ZERO;
    let outcomes = super::outcome_per_line(input);
    for (line, outcome) in input.ledger.bank_lines.iter().zip(&outcomes) {
        if !line.is_credit() {
            continue;
        }
        credits_read += line.amount;
        let Some(o) = outcome else { continue };
        match o.status {
            PaymentStatus::Allocated => {
                allocated += super::csv_out::allocated_sum(o);
                unallocated += o.unallocated;
            }
            PaymentStatus::Suggested | PaymentStatus::Unmatched => {
                allocated += super::csv_out::allocated_sum(o);
                unallocated += line.amount;
            }
            PaymentStatus::Ignored => ignored += line.amount,
            PaymentStatus::Duplicate => duplicate += line.amount,
            PaymentStatus::Reversed => reversed += line.amount,
        }
    }
    let accounted = allocated + unallocated + ignored + duplicate + reversed;
    let difference = credits_read - accounted;
    Conservation {
        credits_read,
        allocated,
        unallocated,
        ignored,
        duplicate,
        reversed,
        accounted,
        difference,
        balanced: difference.is_zero(),
    }
}

fn rows_check(input: &ReportInput<'_>) -> RowsCheck {
    use foldhash::{HashMap, HashMapExt, HashSet};
    // A row the core refused (an error whose source is that row, or one of
    // its cells) is in the exceptions, not in the outputs.
    let refused: HashSet<Source> = input
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| row_of(&p.source))
        .collect();
    // (in outputs, refused by the core) per source path.
    let mut used: HashMap<&str, (u64, u64)> = HashMap::new();
    let ledger = input.ledger;
    let sources = ledger
        .invoices
        .iter()
        .map(|r| &r.source)
        .chain(ledger.bank_lines.iter().map(|r| &r.source))
        .chain(ledger.spec_lines.iter().map(|r| &r.source))
        .chain(ledger.overrides.iter().map(|r| &r.source))
        .chain(ledger.decisions.iter().map(|r| &r.source))
        // Receipts are among the bank lines; the fee-only lines are in
        // agents.csv, with their batch.
        .chain(
            ledger
                .agent_lines
                .iter()
                .filter(|l| l.line.is_none())
                .map(|r| &r.source),
        );
    for src in sources {
        let e = used.entry(src.path.as_ref()).or_insert((0, 0));
        if refused.contains(&row_of(src)) {
            e.1 += 1;
        } else {
            e.0 += 1;
        }
    }
    let mut problems: HashMap<&str, (u64, u64)> = HashMap::new();
    for p in input.problems {
        let e = problems.entry(p.source.path.as_ref()).or_insert((0, 0));
        match p.severity {
            Severity::Error => e.0 += 1,
            Severity::Warning => e.1 += 1,
        }
    }
    let files: Vec<FileRows> = input
        .files
        .iter()
        .map(|f| {
            let (in_outputs, refused) = used.get(f.path.as_str()).copied().unwrap_or((0, 0));
            let (errors, warnings) = problems.get(f.path.as_str()).copied().unwrap_or((0, 0));
            let rejected = f.rows_rejected + refused;
            FileRows {
                path: f.path.clone(),
                rows_read: f.rows_read,
                rows_in_outputs: in_outputs,
                rows_rejected: rejected,
                rows_duplicate: f.rows_duplicate,
                errors,
                warnings,
                balanced: f.rows_read == in_outputs + rejected + f.rows_duplicate,
            }
        })
        .collect();
    RowsCheck {
        balanced: files.iter().all(|f| f.balanced),
        files,
    }
}

/// The row a source lies in: a cell's row, else the source itself.
fn row_of(source: &Source) -> Source {
    match &source.loc {
        Loc::Cell { sheet, row, .. } => Source::row(&source.path, sheet, *row),
        _ => source.clone(),
    }
}

/// Writes `summary.json`: pretty, keys in a fixed order, trailing newline.
pub(super) fn write(dir: &Path, summary: &Summary) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(summary).context("cannot serialise summary")?;
    text.push('\n');
    let path = dir.join("summary.json");
    crate::private::write(&path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::ledger::Ledger;
    use crate::outcome::{Allocation, PaymentOutcome, Reconciliation, Rule};
    use crate::payment::BankLine;
    use crate::report::ReportInput;
    use crate::source::Source;
    use chrono::NaiveDate;
    use std::sync::Arc;

    fn line(amount: i64) -> BankLine {
        let path: Arc<str> = Arc::from("bank/x.csv");
        BankLine {
            id: format!("P{amount}").into(),
            ..BankLine::booked(
                Source::line(&path, 2),
                "NL00TEST0000000000",
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                Money::from_cents(amount),
            )
        }
    }

    fn outcome(
        i: usize,
        status: PaymentStatus,
        allocs: &[i64],
        unallocated: i64,
    ) -> PaymentOutcome {
        PaymentOutcome {
            line: i,
            status,
            rule: Rule::Reference,
            allocations: allocs
                .iter()
                .map(|c| Allocation {
                    invoice: "F1".into(),
                    amount: Money::from_cents(*c),
                })
                .collect(),
            unallocated: Money::from_cents(unallocated),
            note: crate::note::Note::NotDecided,
        }
    }

    fn summarise(ledger: &Ledger, recon: &Reconciliation) -> Summary {
        let policy = Policy::default();
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let input = ReportInput::of(as_of, &policy, ledger, recon);
        build(&input)
    }

    #[test]
    fn conservation_balances_when_every_credit_is_in_one_bucket() {
        let ledger = Ledger {
            bank_lines: [10000, 5000, 700, 300, 200, 100, -4000]
                .iter()
                .map(|c| line(*c))
                .collect(),
            ..Ledger::default()
        };
        let recon = Reconciliation {
            payments: vec![
                outcome(0, PaymentStatus::Allocated, &[6000, 3000], 1000),
                outcome(1, PaymentStatus::Unmatched, &[], 5000),
                outcome(2, PaymentStatus::Suggested, &[], 700),
                outcome(3, PaymentStatus::Ignored, &[], 300),
                outcome(4, PaymentStatus::Duplicate, &[], 200),
                outcome(5, PaymentStatus::Reversed, &[], 100),
                outcome(6, PaymentStatus::Allocated, &[-4000], 0),
            ],
            ..Reconciliation::default()
        };
        let c = summarise(&ledger, &recon).conservation;
        assert_eq!(c.credits_read, Money::from_cents(16300));
        assert_eq!(c.allocated, Money::from_cents(9000));
        assert_eq!(c.unallocated, Money::from_cents(6700));
        assert_eq!(c.ignored, Money::from_cents(300));
        assert_eq!(c.duplicate, Money::from_cents(200));
        assert_eq!(c.reversed, Money::from_cents(100));
        assert_eq!(c.accounted, c.credits_read);
        assert!(c.balanced);
    }

    #[test]
    fn conservation_shows_money_the_core_lost() {
        let ledger = Ledger {
            bank_lines: vec![line(10000), line(500)],
            ..Ledger::default()
        };
        // Allocations sum to 90 with nothing unallocated; the second line
        // has no decision at all.
        let recon = Reconciliation {
            payments: vec![outcome(0, PaymentStatus::Allocated, &[9000], 0)],
            ..Reconciliation::default()
        };
        let s = summarise(&ledger, &recon);
        assert!(!s.conservation.balanced);
        assert_eq!(s.conservation.difference, Money::from_cents(1500));
        assert_eq!(s.payments.undecided.credits.count, 1);
    }

    #[test]
    fn age_buckets_follow_days_overdue() {
        // Due today (0 days overdue) is not yet due.
        assert_eq!(age_bucket(0), 0);
        assert_eq!(age_bucket(-5), 0);
        assert_eq!(age_bucket(1), 1);
        assert_eq!(age_bucket(30), 1);
        assert_eq!(age_bucket(31), 2);
        assert_eq!(age_bucket(60), 2);
        assert_eq!(age_bucket(61), 3);
        assert_eq!(age_bucket(90), 3);
        assert_eq!(age_bucket(91), 4);
        assert_eq!(age_bucket(10_000), 4);
        let keys: Vec<&str> = AGE_BUCKETS.iter().map(|b| b.0).collect();
        assert_eq!(keys, ["not_due", "1-30", "31-60", "61-90", "90+"]);
        // The ranges follow each other without gap or overlap.
        for w in AGE_BUCKETS.windows(2) {
            assert_eq!(w[0].2 + 1, w[1].1);
        }
    }

    #[test]
    fn ordered_keys_serialise_in_given_order() {
        let o = Ordered(vec![("z", 1), ("a", 2)]);
        assert_eq!(serde_json::to_string(&o).unwrap(), r#"{"z":1,"a":2}"#);
    }
}
