//! The pure core: decides every payment (docs/matching.md) and every invoice's
//! status (docs/statuses.md). No I/O; a function of values.
//!
//! The order of work:
//! 1. `book.rs`: invoices with credit notes folded in, specifications
//!    added up (`specification.rs`), indexes built.
//! 2. Bank lines that need no rule: `duplicates.rs`, transfers between own
//!    accounts, returns paired with what they return (`reversal.rs`).
//! 3. Pass 1, in booking-date then id order: `overrides.rs` (rule 1),
//!    `reference.rs` (rule 2), `fuzzy.rs` (rule 3), `insurer.rs` (rule 4);
//!    client IBANs are learned from rules 1–3.
//! 4. Pass 2, same order: `client_iban.rs` (rule 5), `suggestion.rs`
//!    (rule 6), otherwise unmatched with candidates (`explain.rs`); debits
//!    become refunds or are ignored.
//! 5. Each invoice's status from its figures ([`crate::status`]).
//!
//! A rule of passes 1 and 2 may read or change only what `groups.rs` links
//! to its line: the invoices it names (and those one edit away, its
//! override rows', the declarations an insurer's payment names) with
//! their clients, and its account with that account's clients. A rule
//! that needs another relation adds it there as a link, or the passes,
//! dealt into shares of groups, decide differently than one sequence;
//! debug builds check after the passes that no two shares touched one
//! client or account (`groups::overlap`).
//!
//! Every decision carries its evidence as facts ([`crate::note`]); no
//! sentence is written here. The files are layered (ARCHITECTURE.md,
//! "Layers of matching/"; checked by `layers.rs`): entries, specification
//! arithmetic and indexes, the book, the state that changes while deciding
//! (`state.rs`), decisions and evidence (`decision.rs`, `explain.rs`),
//! then the rules.
//!
//! Every step takes its input in an order of its own making (source
//! order, or booking date and id), so the outcome does not depend on the
//! order in which files were listed. Hash maps are only looked up, never
//! iterated into the output. Every look-up is indexed: the cost grows
//! near-linearly with the number of invoices and bank lines.
//!
//! Choices where the docs leave it open (each is also documented where it is
//! made):
//! - Invoice numbers with the same comparison form are one number; the
//!   second row is a duplicate (error). A row with `credit_for` and a
//!   positive amount is booked as an invoice, with a warning.
//! - Returns are paired before matching, so a returned credit never
//!   reaches an invoice and never teaches its IBAN. A line the bank marks
//!   as a return whose original is not in the files is reversed on its own.
//! - Overrides take a line out of own-transfer and reversal handling: the
//!   accountant has decided it. What override rows leave of a payment
//!   stays unallocated.
//! - Rule 5: when two open invoices (or two sets) fit the amount equally,
//!   nothing is applied: the payment is suggested with the choices listed,
//!   rather than guessed by fifo.
//! - A refund needs the payee to be the named invoice's client (its IBAN,
//!   from the register or learned, or a resembling name); other debits are
//!   ignored. Refunds are decided in pass 2, with every learned IBAN.
//! - Payments from an insurer (configured IBAN or name) go through rules
//!   2–4 only: an insurer's account is no client's. Accounts come before
//!   names: a client's account (register or learned) is a client payment
//!   whatever the name says, and a name makes an insurer only when that
//!   insurer's accounts are not configured (`insurer.rs`).

mod agents;
mod book;
mod client_iban;
mod decision;
mod decisions;
mod duplicates;
mod entries;
mod explain;
mod fuzzy;
mod fuzzy_index;
mod groups;
mod insurer;
#[cfg(test)]
pub(crate) mod layers;
mod names;
mod overrides;
mod passes;
mod pending;
mod reference;
mod reversal;
mod specification;
mod state;
mod suggestion;

use std::sync::OnceLock;

use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use crate::config::Policy;
use crate::ledger::Ledger;
use crate::money::Money;
use crate::note::{Fact, Note};
use crate::outcome::{
    Allocation, InvoiceOutcome, PaymentOutcome, PaymentStatus, Reconciliation, Rule,
};
use crate::own_accounts::OwnAccounts;
use crate::payment::BankLine;
use crate::status::{self, Figures};
use crate::text::Text;
use crate::threads::ThreadCount;

use book::Book;
use decision::Decision;
use insurer::{InsurerPayer, Insurers};
use passes::{BeforePasses, Named, Pending};
use state::Accounts;

/// Decides everything: which payment goes where, by which rule and why, and
/// each invoice's status and coulance at `as_of`, on the threads of the
/// rayon pool it is called in (rayon's global pool, the cores, outside
/// any).
pub fn reconcile(ledger: &Ledger, policy: &Policy, as_of: NaiveDate) -> Reconciliation {
    let cores = ThreadCount::cores().get();
    reconcile_on(ledger, policy, as_of, Threads::for_cores(cores))
}

/// [`reconcile_on`], calling `stage(name)` as each stage of the work ends,
/// so that the caller can time them (the benchmarks' debug log); the core
/// itself reads no clock. The job passes its `--threads` here, through
/// [`Threads::for_cores`].
pub fn reconcile_observed(
    ledger: &Ledger,
    policy: &Policy,
    as_of: NaiveDate,
    threads: Threads,
    stage: &dyn Fn(&'static str),
) -> Reconciliation {
    decide(ledger, policy, as_of, threads, stage)
}

/// How [`reconcile_on`] spreads deciding over threads. The outcome is the
/// same for every choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threads {
    /// Shares of groups whose passes 1 and 2 run each on a thread of its
    /// own (`groups.rs`, `passes.rs`,
    /// [`ThreadCount::each_on_own_thread`]); 1: one sequence.
    pub shares: usize,
    /// Slices of pass 2 in which rule 6 and the candidates are decided
    /// (`pending.rs`).
    pub slices: usize,
    /// The threads of the other parallel steps, each on a rayon pool of
    /// its own ([`ThreadCount::install`], [`ThreadCount::scope_here`]):
    /// the book beside the decision order and the duplicate search (both
    /// sorted in parallel), the order-keeping maps over all lines
    /// (insurer payers, what each line names) and the slices.
    pub pool: ThreadCount,
}

/// Most threads deciding uses: it takes seconds, and each share and slice
/// holds its own copy of the accounts.
const MOST_THREADS: usize = 8;

impl Threads {
    /// One thread for everything: every line decided in one sequence.
    pub const ONE: Threads = Threads {
        shares: 1,
        slices: 1,
        pool: ThreadCount::ONE,
    };

    /// What pays on `cores` cores (at most eight are used). Making the
    /// groups costs about half of what passes 1 and 2 cost in one
    /// sequence (BENCHMARKS.md, round 4), so shares pay from three cores
    /// on; the slices and maps pay from two.
    pub fn for_cores(cores: usize) -> Threads {
        Threads::all(cores.clamp(1, MOST_THREADS)).with_shares_from_three()
    }

    /// No shares below three threads (see [`Threads::for_cores`]).
    fn with_shares_from_three(self) -> Threads {
        Threads {
            shares: if self.shares >= 3 { self.shares } else { 1 },
            ..self
        }
    }

    /// `n` shares, `n` slices and `n` threads.
    pub fn all(n: usize) -> Threads {
        let n = n.max(1);
        Threads {
            shares: n,
            slices: n,
            pool: ThreadCount::new(n).unwrap_or(ThreadCount::ONE),
        }
    }
}

/// [`reconcile`] with the passes dealt into `threads.shares` shares of
/// groups and pass 2's reading cut into `threads.slices` slices. The
/// outcome is the same for every choice: [`Threads::ONE`] decides every
/// line in one sequence, as the tests that compare them check.
pub fn reconcile_on(
    ledger: &Ledger,
    policy: &Policy,
    as_of: NaiveDate,
    threads: Threads,
) -> Reconciliation {
    decide(ledger, policy, as_of, threads, &|_| {})
}

/// The work of [`reconcile_on`], telling `stage` as each stage ends.
fn decide(
    ledger: &Ledger,
    policy: &Policy,
    as_of: NaiveDate,
    threads: Threads,
    stage: &dyn Fn(&'static str),
) -> Reconciliation {
    let lines = &ledger.bank_lines;
    let n = lines.len();
    // The book (invoices and specifications) and the bank lines' order and
    // duplicates depend on nothing of each other: built side by side.
    let build = || {
        let mut problems = Vec::new();
        let book = Book::build(ledger, policy, &mut problems);
        (book, problems)
    };
    let sort = || (decision_order(lines), duplicates::find(lines));
    // The book is made on this thread (it lives the whole run, and its
    // indexes are freed here); the order and duplicates on the pool.
    let mut sorted = None;
    let (book, mut problems) = if threads.pool == ThreadCount::ONE {
        sorted = Some(threads.pool.install(sort));
        build()
    } else {
        threads.pool.scope_here(|s| {
            s.spawn(|_| sorted = Some(sort()));
            build()
        })
    };
    // The scope waited for the job, so this is its result.
    let (order, (duplicate_of, by_id)) = sorted.unwrap_or_else(|| threads.pool.install(sort));
    stage("book, order, duplicates");
    // Each line's decision, set once (`decision::settle`): before the
    // passes here, in the passes by the share that holds the line.
    let decided: Vec<OnceLock<Decision>> = (0..n).map(|_| OnceLock::new()).collect();
    let settle = |i: usize, d: Decision| decision::settle(&decided, i, d);

    for (i, dup) in duplicate_of.iter().enumerate() {
        if let Some(r) = dup {
            let first = lines[r.of].source.clone();
            let fact = if r.same_id {
                Fact::Duplicate { first }
            } else {
                Fact::SameBooking {
                    first,
                    counterparty: lines[i].counterparty_iban.is_some()
                        && lines[r.of].counterparty_iban.is_some(),
                }
            };
            settle(
                i,
                Decision {
                    status: PaymentStatus::Duplicate,
                    rule: Rule::Duplicate,
                    allocations: Vec::new(),
                    note: Note::of(vec![fact]),
                },
            );
        }
    }
    let mut resolved = decisions::resolve(ledger, &by_id, &book, &mut problems);
    let overrides = overrides::collect(ledger, &resolved.rows, &by_id, &book, &mut problems);
    // A million ids: not needed after the overrides have found their lines.
    drop(by_id);

    let own_accounts = OwnAccounts::new(&policy.own_ibans, &ledger.own_accounts);
    for (i, line) in lines.iter().enumerate() {
        let own = line
            .counterparty_iban
            .as_ref()
            .is_some_and(|iban| own_accounts.contains(iban));
        if own && decided[i].get().is_none() && !overrides.contains_key(&i) {
            settle(i, Decision::ignored(Rule::OwnTransfer, Note::OwnTransfer));
        }
    }

    // A billing agent's receipts are decided by rule `agent` alone; its
    // payouts are no client payments and are paired with their batches.
    let receipts = agents::Receipts::new(ledger);
    let payout_lines: Vec<(usize, String)> = order
        .iter()
        .filter(|&&i| {
            lines[i].is_credit()
                && decided[i].get().is_none()
                && !overrides.contains_key(&i)
                && !receipts.contains(i)
        })
        .filter_map(|&i| {
            let iban = lines[i].counterparty_iban.as_ref()?;
            Some((i, policy.agent_of_iban(iban)?.to_string()))
        })
        .collect();
    let payouts = agents::settle_payouts(
        ledger,
        policy,
        &payout_lines,
        &|i| duplicate_of[i].is_some(),
        as_of,
    );
    drop(duplicate_of);
    for (i, d) in payouts.decisions {
        settle(i, d);
    }
    problems.extend(payouts.problems);

    stage("decisions, overrides, own transfers, agents");
    let eligible: Vec<bool> = (0..n)
        .map(|i| decided[i].get().is_none() && !overrides.contains_key(&i) && !receipts.contains(i))
        .collect();
    for (ret, orig) in reversal::pair(lines, &eligible, &order) {
        let (r, o) = reversal::decisions(&book, lines, ret, orig);
        settle(ret, r);
        if let (Some(orig), Some(o)) = (orig, o) {
            settle(orig, o);
        }
    }

    stage("reversals");
    let insurers = Insurers::new(policy, &book);
    // Boxed: nearly every line has none, and a box is a third of the size.
    let mut insurer_of: Vec<Option<Box<InsurerPayer>>> = par_map(threads.pool, n, |i| {
        let l = &lines[i];
        if l.is_credit()
            && !receipts.contains(i)
            && !matches!(decided[i].get(), Some(d) if d.status == PaymentStatus::Duplicate)
        {
            insurers.identify(policy, &book, l).map(Box::new)
        } else {
            None
        }
    });

    // What each line names depends on the book alone: found for every
    // line still to decide at once, on every core, before the passes.
    let named: Vec<Option<Box<Named>>> = par_map(threads.pool, n, |i| {
        let line = &lines[i];
        if decided[i].get().is_some() || overrides.contains_key(&i) {
            return None;
        }
        if let Some(receipt) = receipts.of(ledger, i) {
            let mentions = agents::mentions(&book, receipt);
            return (!mentions.is_empty()).then(|| {
                Box::new(Named {
                    mentions: mentions.into_boxed_slice(),
                    near: Box::new([]),
                })
            });
        }
        if line.amount.is_zero() {
            return None;
        }
        Named::find(&book, line)
    });
    // A receipt naming no invoice the register has: its money stays an
    // unmatched receipt, and the statement line is an input error.
    for (i, receipt) in ledger.agent_lines.iter().filter_map(|r| Some((r.line?, r))) {
        if decided[i].get().is_none() && !overrides.contains_key(&i) && named[i].is_none() {
            settle(i, agents::unknown_invoice(receipt));
            problems.push(agents::unknown_invoice_problem(receipt));
        }
    }
    let mut book = book;
    book.forget_naming_indexes();
    stage("insurers, what lines name");

    // Passes 1 and 2, share by share on every core (groups.rs), then
    // what pass 2 only reads (pending.rs).
    let start = Accounts::new(&book, policy.tolerance);
    let found = BeforePasses {
        book: &book,
        policy,
        lines,
        decided: &decided,
        overrides: &overrides,
        insurer_of: &insurer_of,
        insurers: &insurers,
        named: &named,
        nothing: Named::default(),
        ledger,
        receipts: &receipts,
        start: &start,
    };
    let shares = groups::shares(&found, &order, threads.shares);
    stage("groups");
    let before: Vec<bool> = decided.iter().map(|d| d.get().is_some()).collect();
    // The first share on this thread, the others each on a thread of its
    // own (not rayon's: see `ThreadCount::each_on_own_thread`).
    let outcomes =
        ThreadCount::each_on_own_thread(&shares, |share| passes::decide_share(&found, share));
    if cfg!(debug_assertions) {
        let overlap = groups::overlap(&found, &shares);
        debug_assert!(
            overlap.is_none(),
            "two shares touched {overlap:?}: a rule reads a relation groups.rs does not link"
        );
    }
    drop((found, shares));
    drop(insurers);
    stage("passes 1 and 2");
    let mut first = vec![false; n];
    let mut waiting: HashMap<usize, Box<Pending>> = HashMap::new();
    let mut raised: Vec<(usize, Vec<crate::problem::Problem>)> = Vec::new();
    for o in outcomes {
        for i in o.first {
            first[i] = true;
        }
        // Read as an insurer's by name, decided as a client's (its
        // account was learned by its turn): booked as a client's.
        for i in o.not_insurer {
            insurer_of[i] = None;
        }
        waiting.extend(o.pending);
        raised.extend(o.problems);
    }
    // Problems in the order one sequence would have raised them.
    if !raised.is_empty() {
        let mut rank = vec![0usize; n];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        raised.sort_by_key(|(i, _)| rank[*i]);
        problems.extend(raised.into_iter().flat_map(|(_, p)| p));
    }

    // The invoices after pass 1, as one sequence leaves them; then pass 2
    // in order: its decided lines are booked, its pending lines decided.
    let from_insurer = |i: usize| insurer_of[i].is_some();
    let mut accounts = start;
    for &i in &order {
        if first[i]
            && let Some(d) = decided[i].get()
        {
            passes::apply(&mut accounts, i, d, from_insurer(i));
        }
    }
    let turns: Vec<(usize, pending::Turn<'_>)> = order
        .iter()
        .filter(|&&i| !before[i] && !first[i])
        .filter_map(|&i| match waiting.remove(&i) {
            Some(p) => Some((i, pending::Turn::Pending(Some(p)))),
            None => decided[i].get().map(|d| (i, pending::Turn::Decided(d))),
        })
        .collect();
    drop((before, first));
    stage("merge, replay pass 1");
    let late = pending::decide(
        &book,
        lines,
        &mut accounts,
        turns,
        &from_insurer,
        threads.slices,
        threads.pool,
    );
    for (i, d) in late {
        settle(i, d);
    }
    stage("pass 2");
    let agent_of = agents::of_invoices(&book, ledger, policy, &|i| {
        named[i]
            .as_ref()
            .map(|n| n.mentions.iter().map(|m| m.invoice).collect())
    });
    // Not needed for the outcomes: give the memory back first.
    drop((named, insurer_of, overrides, receipts));
    book.forget_indexes();
    let payments = payment_outcomes(&book, lines, decided);
    let mut invoices = invoice_outcomes(book, accounts, lines, policy, as_of, agent_of);
    let held = decisions::apply_holds(&mut invoices, ledger, &mut resolved);
    stage("outcomes");
    Reconciliation {
        invoices,
        payments,
        problems,
        decisions: resolved.outcomes,
        held,
        batches: payouts.batches,
    }
}

/// The lines in decision order: booking date, id, source, line. Sorted
/// with the date and the id's first bytes beside each line number, so that
/// most comparisons do not reach into the lines; a total order (the line
/// number last), so the parallel sort gives a sequential one's result.
fn decision_order(lines: &[BankLine]) -> Vec<usize> {
    let mut keyed: Vec<(NaiveDate, u128, usize)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.booking_date, duplicates::prefix(&l.id), i))
        .collect();
    keyed.par_sort_unstable_by(|&(da, pa, a), &(db, pb, b)| {
        da.cmp(&db).then(pa.cmp(&pb)).then_with(|| {
            let (x, y) = (&lines[a], &lines[b]);
            x.id.cmp(&y.id)
                .then_with(|| x.source.cmp(&y.source))
                .then(a.cmp(&b))
        })
    });
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// `f(0), f(1), …, f(n − 1)` on `pool` threads, in that order: the work
/// that depends on the book alone (what each line names), found for every
/// line at once so that the passes find it ready.
fn par_map<T: Send>(pool: ThreadCount, n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    pool.install(|| (0..n).into_par_iter().map(f).collect())
}

/// Every line's outcome, in line order.
fn payment_outcomes(
    book: &Book,
    lines: &[BankLine],
    decided: Vec<OnceLock<Decision>>,
) -> Vec<PaymentOutcome> {
    map_shrinking(decided, |i, d| outcome(book, &lines[i], i, d.into_inner()))
}

/// `f(i, item)` for every item, in order. The items are taken from the
/// back and their vector shrinks as it goes, so that the two lists (a
/// million lines, or 200,000 invoices) never take their full memory at the
/// same time.
fn map_shrinking<T, U>(mut items: Vec<T>, mut f: impl FnMut(usize, T) -> U) -> Vec<U> {
    const STEP: usize = 1 << 16;
    let mut out = Vec::with_capacity(items.len());
    while let Some(item) = items.pop() {
        let i = items.len();
        out.push(f(i, item));
        if i.is_multiple_of(STEP) {
            items.shrink_to_fit();
        }
    }
    out.reverse();
    out
}

/// The outcome of one bank line.
fn outcome(book: &Book, line: &BankLine, i: usize, d: Option<Decision>) -> PaymentOutcome {
    // Every line is decided by pass 2 at the latest; the fallback only
    // keeps this total without an unwrap.
    let d = d.unwrap_or_else(|| Decision::unmatched(Note::NotDecided));
    let allocations: Vec<Allocation> = d
        .allocations
        .iter()
        .map(|(inv, amount)| Allocation {
            invoice: Text::from(book.invoices[*inv].number.as_str()),
            amount: *amount,
        })
        .collect();
    let allocated: Money = allocations.iter().map(|a| a.amount).sum();
    PaymentOutcome {
        line: i,
        status: d.status,
        rule: d.rule,
        allocations,
        unallocated: line.amount - allocated,
        note: d.note,
    }
}

/// Every invoice's figures and status, in book order (by number).
fn invoice_outcomes(
    book: Book,
    accounts: Accounts,
    lines: &[BankLine],
    policy: &Policy,
    as_of: NaiveDate,
    mut agent_of: Vec<Option<(String, Option<String>)>>,
) -> Vec<InvoiceOutcome> {
    // The book and the accounts are spent here: their strings and lists
    // move into the outcomes instead of being copied beside them.
    let Book {
        invoices, clients, ..
    } = book;
    let Accounts {
        received,
        from_insurer,
        mut payments,
        ..
    } = accounts;
    map_shrinking(invoices, |i, inv| {
        let paid = received[i];
        let paid_by_insurer = from_insurer[i];
        let payments = payments.pop().unwrap_or_default();
        let (agent, agent_reference) = match agent_of.pop().flatten() {
            Some((a, r)) => (Some(a), r),
            None => (None, None),
        };
        let ip = policy.for_insurer(inv.insurer.as_deref());
        let client = &clients[inv.client];
        let reimbursed = inv.spec.as_ref().map(|s| s.reimbursed);
        let v = status::decide(&Figures {
            net: inv.net,
            paid,
            reimbursed,
            floor: ip.client_share_floor,
            tolerance: policy.tolerance,
            deadline_days: ip.coulance_deadline_days,
            due_date: inv.due_date,
            as_of,
        });
        InvoiceOutcome {
            number: inv.number.into(),
            client_id: client.id.clone(),
            client_name: client.name.clone(),
            insurer: inv.insurer.map(String::from),
            invoice_date: inv.invoice_date,
            due_date: inv.due_date,
            amount: inv.amount,
            credited: inv.credited,
            net: inv.net,
            paid,
            paid_by_insurer,
            reimbursed,
            deductible: inv.spec.as_ref().map(|s| s.withheld),
            required: v.required,
            floor_applied: v.floor_applied,
            status: v.status,
            coulance: v.coulance,
            outstanding: v.outstanding,
            days_overdue: v.days_overdue,
            payments: payments.iter().map(|&l| lines[l].id.clone()).collect(),
            specifications: inv.spec.map(|s| s.labels).unwrap_or_default(),
            reason: v.reason,
            agent,
            agent_reference,
        }
    })
}

#[cfg(test)]
pub(crate) mod tests;
