//! The billing agents' view: `agents.csv`, one row per payout batch (and
//! per payout in the bank that no statement accounts for), and the
//! conservation per agent that `summary.json` and the summary sheet show.
//! Both are read from what the core decided; nothing is decided here.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::money::Money;
use crate::outcome::{BatchStatus, PaymentStatus, Rule};

use super::ReportInput;
use super::csv_out::{CsvOut, allocated_sum};

/// The columns of `agents.csv` (docs/outputs.md).
pub const AGENT_COLUMNS: [&str; 14] = [
    "agent",
    "payout",
    "payout_date",
    "statement",
    "lines",
    "received",
    "fees",
    "amount",
    "payment_id",
    "bank_line",
    "paid_out",
    "difference",
    "status",
    "days_in_transit",
];

/// Writes `agents.csv`, in the core's order (agent, payout date, payout).
pub(super) fn write(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "agents.csv", &AGENT_COLUMNS)?;
    for b in &input.recon.batches {
        let bank = b.payment.and_then(|i| input.ledger.bank_lines.get(i));
        out.text(&b.agent)?;
        out.text(b.payout.as_deref().unwrap_or(""))?;
        out.opt_date(b.payout_date)?;
        out.text(
            &b.statement
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_default(),
        )?;
        out.value(b.lines)?;
        out.money(b.received)?;
        out.money(b.fees)?;
        out.money(b.amount)?;
        out.text(bank.map_or("", |l| l.id.as_str()))?;
        out.text(&bank.map(|l| l.source.to_string()).unwrap_or_default())?;
        out.opt_money(b.paid_out)?;
        out.opt_money(b.difference())?;
        out.word(b.status.as_str())?;
        match b.overdue_days {
            Some(d) => out.value(d)?,
            None => out.text("")?,
        }
        out.end()?;
    }
    out.finish()
}

/// Conservation for one billing agent: its receipts, its batches and its
/// payouts each add up (docs/outputs.md, `summary.json`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AgentConservation {
    /// The agent.
    pub agent: String,
    /// What the agent received, per its statements (each line once).
    pub received: Money,
    /// Of that, allocated to invoices.
    pub allocated: Money,
    /// Of that, not allocated (receipts for unknown invoices and the like).
    pub unallocated: Money,
    /// received = allocated + unallocated.
    pub receipts_balanced: bool,
    /// The agent's fees on its statements.
    pub fees: Money,
    /// What the batches are worth: received less fees.
    pub batches: Money,
    /// Of that, batches the bank shows paid out (for any amount).
    pub batches_paid_out: Money,
    /// Of that, batches not yet in the bank.
    pub in_transit: Money,
    /// batches = batches_paid_out + in_transit.
    pub batches_balanced: bool,
    /// What the agent's payouts in the bank add up to.
    pub payouts_in_bank: Money,
    /// Of that, paid for a batch on a statement.
    pub paid_for_batches: Money,
    /// Of that, paid without a statement.
    pub without_statement: Money,
    /// payouts_in_bank = paid_for_batches + without_statement.
    pub payouts_balanced: bool,
}

/// The conservation per agent, by agent name. Each side is summed from
/// its own source (statement lines, payment outcomes, bank lines, batches),
/// never derived from the other, so that money lost on the way shows.
pub fn conservation(input: &ReportInput<'_>) -> Vec<AgentConservation> {
    let mut by: BTreeMap<String, AgentConservation> = BTreeMap::new();
    let outcomes = super::outcome_per_line(input);
    let lines = &input.ledger.bank_lines;
    for l in &input.ledger.agent_lines {
        let a = by.entry(l.agent.clone()).or_default();
        let Some(i) = l.line else {
            continue;
        };
        let Some(o) = outcomes.get(i).copied().flatten() else {
            // Undecided: counted as received so that the imbalance shows.
            a.received += l.received.unwrap_or(Money::ZERO);
            continue;
        };
        if o.status == PaymentStatus::Duplicate {
            continue;
        }
        a.received += l.received.unwrap_or(Money::ZERO);
        let allocated = allocated_sum(o);
        a.allocated += allocated;
        a.unallocated += lines.get(i).map_or(Money::ZERO, |line| line.amount) - allocated;
    }
    for b in &input.recon.batches {
        let a = by.entry(b.agent.clone()).or_default();
        match b.status {
            BatchStatus::StatementMissing => {}
            BatchStatus::PaidOut | BatchStatus::Different => {
                a.fees += b.fees;
                a.batches += b.amount;
                a.batches_paid_out += b.amount;
            }
            BatchStatus::InTransit => {
                a.fees += b.fees;
                a.batches += b.amount;
                a.in_transit += b.amount;
            }
        }
        match (b.status, b.paid_out) {
            (BatchStatus::StatementMissing, Some(p)) => a.without_statement += p,
            (_, Some(p)) => a.paid_for_batches += p,
            _ => {}
        }
    }
    for (line, o) in lines.iter().zip(&outcomes) {
        if let Some(o) = o
            && o.rule == Rule::AgentPayout
            && let Some(agent) = agent_of_payout(input, line)
        {
            by.entry(agent.to_string()).or_default().payouts_in_bank += line.amount;
        }
    }
    by.into_iter()
        .map(|(agent, mut a)| {
            a.agent = agent;
            a.receipts_balanced = a.received == a.allocated + a.unallocated;
            a.batches_balanced = a.batches == a.batches_paid_out + a.in_transit;
            a.payouts_balanced = a.payouts_in_bank == a.paid_for_batches + a.without_statement;
            a
        })
        .collect()
}

/// The configured agent a payout's account belongs to.
fn agent_of_payout<'a>(
    input: &'a ReportInput<'_>,
    line: &crate::payment::BankLine,
) -> Option<&'a str> {
    input.policy.agent_of_iban(line.counterparty_iban.as_ref()?)
}

/// True when every agent's three sums balance.
pub fn all_balanced(agents: &[AgentConservation]) -> bool {
    agents
        .iter()
        .all(|a| a.receipts_balanced && a.batches_balanced && a.payouts_balanced)
}
