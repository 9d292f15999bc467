//! The billing agent's route (docs/matching.md, "Billing agents"): the
//! receipts an agent's statements list, and the agent's payouts in the
//! bank.
//!
//! - A receipt (an agent statement line with a received amount, a bank
//!   line on the agent's "account") is allocated to the invoice it names,
//!   by invoice number, else by the register's payment reference, exactly
//!   as a bank payment naming one invoice (rule `agent`, in pass 1). No
//!   other rule ever reads it. A receipt for an unknown invoice stays
//!   unmatched, with an input error.
//! - A payout (a credit from one of the agent's configured accounts) is
//!   never a client payment: it is ignored (rule `agent_payout`) and
//!   paired with its batch by the payout number its description names,
//!   else by amount and date.
//! - A batch is what one payout number (or, without one, one statement
//!   file and payout date) gathers: received less fees, each receipt and
//!   fee line counted once however many overlapping statements list it.

use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};

use crate::agent::{AgentLine, BatchKey};
use crate::config::Policy;
use crate::ident::invoice_key;
use crate::ledger::Ledger;
use crate::money::Money;
use crate::note::{Fact, Note};
use crate::outcome::{AgentBatch, BatchStatus, PaymentStatus, Rule};
use crate::payment::BankLine;
use crate::problem::{Problem, ProblemKind};
use crate::reference::tokens;
use crate::text::Text;

use super::book::Book;
use super::decision::Decision;
use super::reference::{self, NamedInvoice};
use super::state::Accounts;

/// A payout is paired by amount only with a batch whose payout date lies
/// at most this many days before it (docs/inputs.md).
const PAYOUT_WINDOW_DAYS: i64 = 10;

/// The agent statement line of each receipt among the bank lines.
#[derive(Debug, Default)]
pub(crate) struct Receipts {
    of_line: HashMap<usize, usize>,
}

impl Receipts {
    /// Indexes the receipts of `ledger`.
    pub fn new(ledger: &Ledger) -> Receipts {
        let mut of_line = HashMap::with_capacity(ledger.agent_lines.len());
        for (k, l) in ledger.agent_lines.iter().enumerate() {
            if let Some(i) = l.line {
                of_line.insert(i, k);
            }
        }
        Receipts { of_line }
    }

    /// The statement line behind bank line `i`, when it is a receipt.
    pub fn of<'l>(&self, ledger: &'l Ledger, i: usize) -> Option<&'l AgentLine> {
        self.of_line.get(&i).map(|&k| &ledger.agent_lines[k])
    }

    /// True when bank line `i` is an agent's receipt.
    pub fn contains(&self, i: usize) -> bool {
        self.of_line.contains_key(&i)
    }
}

/// The invoice a receipt names: by its invoice number, else by its
/// payment reference (a reference printed on several invoices names all of
/// them, oldest first, as for a bank payment). Agents put their own key in
/// whichever column they like, so each of the two is tried as a number and
/// as a reference. Empty when it names none the register has.
pub(crate) fn mentions(book: &Book, line: &AgentLine) -> Vec<NamedInvoice> {
    let written = [&line.invoice_number, &line.payment_reference];
    for text in written.into_iter().flatten() {
        let key = invoice_key(text);
        if let Some(&invoice) = book.by_key.get(key.as_str()) {
            return vec![NamedInvoice {
                invoice,
                token: key,
                by_payment_reference: false,
            }];
        }
        if let Some(list) = book.by_payment_reference.get(key.as_str()) {
            return list
                .iter()
                .map(|&invoice| NamedInvoice {
                    invoice,
                    token: key.clone(),
                    by_payment_reference: true,
                })
                .collect();
        }
    }
    Vec::new()
}

/// Rule `agent`: the receipt goes to the invoice it names, in full (a
/// negative receipt takes back from it), as a bank payment naming it.
pub(crate) fn decide(
    book: &Book,
    accounts: &Accounts,
    line: &BankLine,
    receipt: &AgentLine,
    named: &[NamedInvoice],
) -> Decision {
    let mut facts = vec![receipt_fact(receipt)];
    match reference::decide(book, accounts, line, named) {
        Some((parts, more)) => {
            facts.extend(more);
            Decision::allocated(Rule::Agent, parts, Note::of(facts))
        }
        // The caller settles receipts naming no known invoice before the
        // passes; kept total all the same.
        None => unknown_invoice(receipt),
    }
}

/// The fact every receipt's note opens with.
fn receipt_fact(receipt: &AgentLine) -> Fact {
    Fact::AgentReceipt {
        agent: Text::from(receipt.agent.as_str()),
        payout: receipt.payout.as_deref().map(Text::from),
    }
}

/// The decision on a receipt for an invoice the register does not have:
/// unmatched, its money kept as an unallocated receipt.
pub(crate) fn unknown_invoice(receipt: &AgentLine) -> Decision {
    let named = receipt
        .invoice_number
        .as_deref()
        .or(receipt.payment_reference.as_deref())
        .unwrap_or("");
    Decision {
        status: PaymentStatus::Unmatched,
        rule: Rule::Agent,
        allocations: Vec::new(),
        note: Note::of(vec![
            receipt_fact(receipt),
            Fact::AgentUnknownInvoice {
                invoice: Text::from(named),
            },
        ]),
    }
}

/// The input error of a receipt for an unknown invoice, at its line.
pub(crate) fn unknown_invoice_problem(receipt: &AgentLine) -> Problem {
    Problem::error(
        receipt.source.clone(),
        ProblemKind::AgentUnknownInvoice {
            agent: receipt.agent.clone(),
        },
        receipt
            .invoice_number
            .as_deref()
            .or(receipt.payment_reference.as_deref())
            .unwrap_or(""),
    )
}

/// One batch being gathered.
struct Gathering {
    key: BatchKey,
    batch: AgentBatch,
}

/// The batches of every agent, and the decision on each payout in the
/// bank: what [`settle_payouts`] returns.
pub(crate) struct Payouts {
    /// Every batch and every payout without one, sorted by agent, payout
    /// date, payout and statement.
    pub batches: Vec<AgentBatch>,
    /// The decision on each payout line.
    pub decisions: Vec<(usize, Decision)>,
    /// Warnings: payouts that differ or have no statement, batches overdue.
    pub problems: Vec<Problem>,
}

/// Gathers the batches from the statement lines that count (a receipt
/// whose bank line is a duplicate does not, and a fee-only line counts as
/// often as the statement that lists it most often), pairs each payout in
/// the bank with its batch, and decides the payouts.
///
/// `payouts` are the candidate payout lines in decision order (credits from
/// an agent's configured account, not decided otherwise); `duplicate` tells
/// whether a bank line is a copy of an earlier one.
pub(crate) fn settle_payouts(
    ledger: &Ledger,
    policy: &Policy,
    payouts: &[(usize, String)],
    duplicate: &dyn Fn(usize) -> bool,
    as_of: NaiveDate,
) -> Payouts {
    let mut gathering = gather(ledger, duplicate);
    let lines = &ledger.bank_lines;
    let tolerance = policy.tolerance;
    let mut paired: Vec<Option<usize>> = vec![None; payouts.len()];
    let mut taken = vec![false; gathering.len()];
    // First by the payout number the description names: each word looked
    // up among the agent's payout numbers.
    let mut by_number: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (b, g) in gathering.iter().enumerate() {
        if let Some(n) = &g.key.payout {
            by_number
                .entry((g.key.agent.as_str(), n.as_str()))
                .or_default()
                .push(b);
        }
    }
    for (p, (i, agent)) in payouts.iter().enumerate() {
        let hit = payout_numbers(&lines[*i].description).iter().find_map(|t| {
            by_number
                .get(&(agent.as_str(), t.as_str()))
                .and_then(|list| list.iter().copied().find(|&b| !taken[b]))
        });
        if let Some(b) = hit {
            taken[b] = true;
            paired[p] = Some(b);
        }
    }
    // Then by amount, within the window after the payout date: the closest
    // date first. The agent's batches sorted by amount, so that only those
    // within the tolerance are looked at.
    let mut by_amount: HashMap<&str, Vec<(Money, usize)>> = HashMap::new();
    for (b, g) in gathering.iter().enumerate() {
        if !taken[b] {
            by_amount
                .entry(g.key.agent.as_str())
                .or_default()
                .push((g.batch.amount, b));
        }
    }
    for list in by_amount.values_mut() {
        list.sort();
    }
    for (p, (i, agent)) in payouts.iter().enumerate() {
        if paired[p].is_some() {
            continue;
        }
        let line = &lines[*i];
        let Some(list) = by_amount.get(agent.as_str()) else {
            continue;
        };
        let from = list.partition_point(|(a, _)| *a < line.amount - tolerance);
        let best = list[from..]
            .iter()
            .take_while(|(a, _)| *a <= line.amount + tolerance)
            .map(|&(_, b)| b)
            .filter(|&b| {
                !taken[b]
                    && gathering[b].batch.payout_date.is_none_or(|d| {
                        let days = (line.booking_date - d).num_days();
                        (0..=PAYOUT_WINDOW_DAYS).contains(&days)
                    })
            })
            .min_by_key(|&b| {
                let days = gathering[b]
                    .batch
                    .payout_date
                    .map_or(i64::MAX, |d| (line.booking_date - d).num_days());
                (days, b)
            });
        if let Some(b) = best {
            taken[b] = true;
            paired[p] = Some(b);
        }
    }
    let mut decisions = Vec::with_capacity(payouts.len());
    let mut problems = Vec::new();
    let mut missing = Vec::new();
    for (p, (i, agent)) in payouts.iter().enumerate() {
        let line = &lines[*i];
        let fact = match paired[p] {
            Some(b) => {
                let batch = &mut gathering[b].batch;
                batch.payment = Some(*i);
                batch.paid_out = Some(line.amount);
                let label = Text::from(batch.label().as_str());
                if (batch.amount - line.amount).abs() <= tolerance {
                    batch.status = BatchStatus::PaidOut;
                    Fact::AgentPayout {
                        agent: Text::from(agent.as_str()),
                        batch: label,
                    }
                } else {
                    batch.status = BatchStatus::Different;
                    problems.push(Problem::warning(
                        line.source.clone(),
                        ProblemKind::AgentPayoutDiffers {
                            agent: agent.clone(),
                            batch: batch.label(),
                            expected: batch.amount,
                            paid: line.amount,
                        },
                        line.amount.to_string(),
                    ));
                    Fact::AgentPayoutDiffers {
                        agent: Text::from(agent.as_str()),
                        batch: label,
                        expected: batch.amount,
                    }
                }
            }
            None => {
                problems.push(Problem::warning(
                    line.source.clone(),
                    ProblemKind::AgentStatementMissing {
                        agent: agent.clone(),
                        paid: line.amount,
                    },
                    line.amount.to_string(),
                ));
                missing.push(AgentBatch {
                    agent: agent.clone(),
                    payout: None,
                    payout_date: None,
                    statement: None,
                    lines: 0,
                    received: Money::ZERO,
                    fees: Money::ZERO,
                    amount: Money::ZERO,
                    payment: Some(*i),
                    paid_out: Some(line.amount),
                    status: BatchStatus::StatementMissing,
                    overdue_days: None,
                });
                Fact::AgentPayoutNoStatement {
                    agent: Text::from(agent.as_str()),
                }
            }
        };
        decisions.push((
            *i,
            Decision::ignored(Rule::AgentPayout, Note::of(vec![fact])),
        ));
    }
    // What is still in transit, and how long.
    for g in &mut gathering {
        let b = &mut g.batch;
        if b.status != BatchStatus::InTransit {
            continue;
        }
        let days_allowed = policy.agents.get(&b.agent).map_or(14, |a| a.payout_days);
        if let Some(since) = b.payout_date {
            let days = (as_of - since).num_days();
            if days > i64::from(days_allowed)
                && let Some(statement) = b.statement.clone()
            {
                b.overdue_days = Some(days);
                problems.push(Problem::warning(
                    statement,
                    ProblemKind::AgentBatchOverdue {
                        agent: b.agent.clone(),
                        batch: b.label(),
                        amount: b.amount,
                        days,
                    },
                    b.amount.to_string(),
                ));
            }
        }
    }
    let mut batches: Vec<AgentBatch> = gathering.into_iter().map(|g| g.batch).collect();
    batches.extend(missing);
    batches.sort_by(|a, b| {
        a.agent
            .cmp(&b.agent)
            .then(a.payout_date.cmp(&b.payout_date))
            .then_with(|| a.payout.cmp(&b.payout))
            .then_with(|| a.statement.cmp(&b.statement))
            .then(a.payment.cmp(&b.payment))
    });
    Payouts {
        batches,
        decisions,
        problems,
    }
}

/// What a payout's description may name a payout number by: each token
/// in comparison form, and two or three adjacent tokens joined, since a
/// payout number may hold a space (`UB 2026 41`) or a bank may break its
/// description lines inside one.
fn payout_numbers(description: &str) -> Vec<String> {
    let words: Vec<String> = tokens(description)
        .map(invoice_key)
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::with_capacity(words.len() * 3);
    for start in 0..words.len() {
        let mut key = String::new();
        for w in words[start..].iter().take(3) {
            key.push_str(w);
            out.push(key.clone());
        }
    }
    out
}

/// The batches the statement lines make, in the order their first lines
/// were read.
fn gather(ledger: &Ledger, duplicate: &dyn Fn(usize) -> bool) -> Vec<Gathering> {
    let mut index: HashMap<BatchKey, usize> = HashMap::new();
    let mut out: Vec<Gathering> = Vec::new();
    // Fee-only lines: per (batch, fee, date), the file being counted (by
    // its first such line), how often it appeared there, and how often it
    // has been counted so far.
    type FeeKey = (BatchKey, Money, Option<NaiveDate>);
    let mut fee_seen: HashMap<FeeKey, (usize, u32, u32)> = HashMap::new();
    for (k, l) in ledger.agent_lines.iter().enumerate() {
        let counts = match l.line {
            Some(i) => !duplicate(i),
            None => {
                // Without a payout number a batch is its file's; a fee
                // line repeated in a later statement is still the same
                // line, as a repeated receipt is (its id ignores the file).
                let mut batch = BatchKey::of(l);
                batch.file = None;
                let key = (batch, l.fee, l.payout_date);
                let e = fee_seen.entry(key).or_insert((usize::MAX, 0, 0));
                if e.0 == usize::MAX || ledger.agent_lines[e.0].source.path != l.source.path {
                    e.0 = k;
                    e.1 = 0;
                }
                e.1 += 1;
                if e.1 > e.2 {
                    e.2 = e.1;
                    true
                } else {
                    false
                }
            }
        };
        // A line that does not count makes no batch: a later statement
        // repeating an earlier one without payout numbers would otherwise
        // leave an empty batch of its own in transit (and overdue).
        if !counts {
            continue;
        }
        let key = BatchKey::of(l);
        let b = *index.entry(key.clone()).or_insert_with(|| {
            out.push(Gathering {
                key,
                batch: AgentBatch {
                    agent: l.agent.clone(),
                    payout: l.payout.clone(),
                    payout_date: l.payout_date,
                    statement: Some(l.source.clone()),
                    lines: 0,
                    received: Money::ZERO,
                    fees: Money::ZERO,
                    amount: Money::ZERO,
                    payment: None,
                    paid_out: None,
                    status: BatchStatus::InTransit,
                    overdue_days: None,
                },
            });
            out.len() - 1
        });
        let batch = &mut out[b].batch;
        batch.lines += 1;
        batch.received += l.received.unwrap_or(Money::ZERO);
        batch.fees += l.fee;
        batch.amount = batch.received - batch.fees;
        if batch.payout_date.is_none() {
            batch.payout_date = l.payout_date;
        }
    }
    out
}

/// The agent an invoice goes through, per book invoice: the agent of a
/// statement that names it; else the agent the register names (`nee`,
/// `geen`, `-` and the like: none); else the agent that takes all
/// invoices. With it, the agent's key for the invoice: the register's
/// payment reference, else the reference a statement gives.
pub(crate) fn of_invoices(
    book: &Book,
    ledger: &Ledger,
    policy: &Policy,
    named: &dyn Fn(usize) -> Option<Vec<usize>>,
) -> Vec<Option<(String, Option<String>)>> {
    let mut from_statement: Vec<Option<(String, Option<String>)>> = vec![None; book.invoices.len()];
    for l in &ledger.agent_lines {
        let Some(i) = l.line else { continue };
        for inv in named(i).unwrap_or_default() {
            let slot = &mut from_statement[inv];
            match slot {
                None => *slot = Some((l.agent.clone(), l.payment_reference.clone())),
                Some((agent, reference)) if *agent == l.agent && reference.is_none() => {
                    *reference = l.payment_reference.clone();
                }
                Some(_) => {}
            }
        }
    }
    // The register rows of the invoices (not their credit notes), by key:
    // the agent column and the payment reference as written.
    let mut rows: HashMap<String, &crate::invoice::InvoiceRow> = HashMap::new();
    for r in ledger.invoices.iter().filter(|r| r.credit_for.is_none()) {
        rows.entry(invoice_key(&r.number)).or_insert(r);
    }
    let for_all = policy.agent_for_all();
    book.invoices
        .iter()
        .zip(from_statement)
        .map(|(inv, statement)| {
            let row = rows.get(inv.key.as_str());
            let register_reference = row.and_then(|r| r.payment_reference.clone());
            let (agent, statement_reference) = match statement {
                Some((a, r)) => (Some(a), r),
                None => {
                    let said = row.and_then(|r| r.agent.as_deref()).map(str::trim);
                    let agent = match said {
                        Some(said) if !said.is_empty() => (!says_none(said))
                            .then(|| policy.agent_named(said).unwrap_or(said).to_string()),
                        _ => for_all.map(str::to_string),
                    };
                    (agent, None)
                }
            };
            agent.map(|a| (a, register_reference.or(statement_reference)))
        })
        .collect()
}

/// Register words that say an invoice goes through no agent.
fn says_none(text: &str) -> bool {
    let text = text.trim();
    matches!(text, "-" | "–" | "—" | "0")
        || matches!(
            crate::text::fold(text).as_str(),
            "nee" | "geen" | "zelf" | "direct" | "eigen beheer" | "no" | "none" | "n"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::book::tests::{d, m, row};
    use crate::matching::tests::bank;
    use crate::matching::{Threads, reconcile_on};
    use crate::outcome::{InvoiceStatus, Reconciliation};
    use crate::source::Source;
    use std::sync::Arc;

    const AGENT_IBAN: &str = "NL34ABNA0243240058";

    fn policy() -> Policy {
        Policy::from_toml(&format!(
            "[agents.Infomedics]\nibans = [\"{AGENT_IBAN}\"]\npayout_days = 14\n"
        ))
        .unwrap()
    }

    /// A receipt on line `n` of `file`.
    fn receipt(file: &str, n: u64, invoice: &str, amount: &str, date: &str) -> AgentLine {
        AgentLine {
            source: Source::line(&Arc::from(file), n),
            agent: "Infomedics".into(),
            invoice_number: Some(invoice.into()),
            payment_reference: None,
            client: None,
            received: Some(m(amount)),
            received_date: Some(d(date)),
            fee: Money::ZERO,
            payout: Some("UB-41".into()),
            payout_date: Some(d("2026-02-06")),
            line: None,
        }
    }

    /// A payout from the agent's account on `date`.
    fn payout(amount: &str, date: &str, description: &str) -> BankLine {
        let mut l = bank(amount, AGENT_IBAN, "INFOMEDICS", description);
        l.booking_date = d(date);
        l.id = format!("P{date}-{}", l.fingerprint()).into();
        l
    }

    fn decide(agent_lines: Vec<AgentLine>, bank_lines: Vec<BankLine>) -> (Ledger, Reconciliation) {
        let mut ledger = Ledger {
            invoices: vec![
                row(2, "F-1", "K1", "Jansen", "300.00", "2026-01-01"),
                row(3, "F-2", "K2", "Pieters", "500.00", "2026-01-02"),
            ],
            bank_lines,
            agent_lines,
            ..Ledger::default()
        };
        ledger.add_agent_payments();
        let one = reconcile_on(&ledger, &policy(), d("2026-03-01"), Threads::ONE);
        let four = reconcile_on(&ledger, &policy(), d("2026-03-01"), Threads::all(4));
        assert_eq!(one, four, "the same on one thread and on four");
        (ledger, one)
    }

    fn batch_status(r: &Reconciliation) -> Vec<(Option<String>, BatchStatus)> {
        r.batches
            .iter()
            .map(|b| (b.payout.clone(), b.status))
            .collect()
    }

    #[test]
    fn a_payout_is_paired_by_amount_from_its_payout_date_to_ten_days_after() {
        for (date, paired) in [
            ("2026-02-05", false),
            ("2026-02-06", true),
            ("2026-02-16", true),
            ("2026-02-17", false),
        ] {
            let (_, r) = decide(
                vec![receipt("agents/a.csv", 2, "F-1", "300.00", "2026-02-02")],
                vec![payout("300.00", date, "betaling")],
            );
            let want = if paired {
                vec![(Some("UB-41".into()), BatchStatus::PaidOut)]
            } else {
                vec![
                    (None, BatchStatus::StatementMissing),
                    (Some("UB-41".into()), BatchStatus::InTransit),
                ]
            };
            assert_eq!(batch_status(&r), want, "payout on {date}");
            // Paired or not, the payout is never a client payment.
            assert_eq!(r.payments[0].rule, Rule::AgentPayout);
            assert_eq!(r.payments[0].status, PaymentStatus::Ignored);
        }
    }

    #[test]
    fn the_payout_number_wins_over_the_amount() {
        let mut second = receipt("agents/a.csv", 3, "F-2", "300.00", "2026-02-03");
        second.payout = Some("UB-42".into());
        let (ledger, r) = decide(
            vec![
                receipt("agents/a.csv", 2, "F-1", "300.00", "2026-02-02"),
                second,
            ],
            vec![
                payout("300.00", "2026-02-08", "uitbetaling UB 42"),
                payout("300.00", "2026-02-09", "uitbetaling ub-41"),
            ],
        );
        let paid_by: Vec<(String, String)> = r
            .batches
            .iter()
            .map(|b| {
                let line = &ledger.bank_lines[b.payment.unwrap()];
                (b.label(), line.description.to_string())
            })
            .collect();
        assert_eq!(
            paid_by,
            [
                ("UB-41".to_string(), "uitbetaling ub-41".to_string()),
                ("UB-42".to_string(), "uitbetaling UB 42".to_string())
            ]
        );
    }

    #[test]
    fn a_negative_receipt_takes_back_and_is_no_reversal() {
        let mut back = receipt("agents/b.csv", 2, "F-1", "-300.00", "2026-02-10");
        back.payout = Some("UB-42".into());
        let (_, r) = decide(
            vec![
                receipt("agents/a.csv", 2, "F-1", "300.00", "2026-02-02"),
                back,
            ],
            vec![],
        );
        let rules: Vec<(Rule, PaymentStatus)> =
            r.payments.iter().map(|p| (p.rule, p.status)).collect();
        assert_eq!(
            rules,
            [
                (Rule::Agent, PaymentStatus::Allocated),
                (Rule::Agent, PaymentStatus::Allocated)
            ]
        );
        assert_eq!(r.invoices[0].paid, Money::ZERO);
        assert_eq!(r.invoices[0].status, InvoiceStatus::Open);
        assert_eq!(r.invoices[0].agent.as_deref(), Some("Infomedics"));
    }

    #[test]
    fn a_receipt_is_never_read_by_another_rule() {
        // Named after an insurer, with an amount that fits another client's
        // invoice: still only the invoice it names, or nothing.
        let mut odd = receipt("agents/a.csv", 2, "F-9", "500.00", "2026-02-02");
        odd.client = Some("DSW Zorgverzekeraar".into());
        let (_, r) = decide(vec![odd], vec![]);
        assert_eq!(r.payments[0].status, PaymentStatus::Unmatched);
        assert_eq!(r.payments[0].rule, Rule::Agent);
        assert!(
            r.problems
                .iter()
                .any(|p| matches!(p.kind, ProblemKind::AgentUnknownInvoice { .. }))
        );
        assert_eq!(r.invoices[1].paid, Money::ZERO);
    }

    #[test]
    fn a_payout_number_with_spaces_is_found_in_the_description() {
        let named = payout_numbers("Uitbetaling UB 2026 41 Infomedics");
        assert!(named.contains(&invoice_key("ub-2026/41")));
        assert!(named.contains(&"UITBETALING".to_string()));
        assert!(!named.contains(&invoice_key("UB 2026 41 Infomedics")));
    }

    #[test]
    fn none_words() {
        for w in ["Nee", "geen", "-", "Eigen beheer", "NO"] {
            assert!(says_none(w), "{w}");
        }
        for w in ["Infomedics", "ja", "Famed"] {
            assert!(!says_none(w), "{w}");
        }
    }
}
