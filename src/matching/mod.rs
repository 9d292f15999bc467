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
//!   2–4 only: an insurer's account is no client's.

mod book;
mod client_iban;
mod decision;
mod decisions;
mod duplicates;
mod entries;
mod explain;
mod fuzzy;
mod fuzzy_index;
mod insurer;
#[cfg(test)]
mod layers;
mod names;
mod overrides;
mod parallel;
mod reference;
mod reversal;
mod specification;
mod state;
mod suggestion;

use foldhash::{HashMap, HashMapExt};

use chrono::NaiveDate;

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

use book::Book;
use decision::Decision;
use explain::Explain;
use insurer::{InsurerPayer, Insurers};
use reference::Mention;
use state::{Accounts, Learned};

/// Decides everything: which payment goes where, by which rule and why, and
/// each invoice's status and coulance at `as_of`.
pub fn reconcile(ledger: &Ledger, policy: &Policy, as_of: NaiveDate) -> Reconciliation {
    let mut problems = Vec::new();
    let book = Book::build(ledger, policy, &mut problems);
    let lines = &ledger.bank_lines;
    let n = lines.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&lines[a], &lines[b]);
        x.booking_date
            .cmp(&y.booking_date)
            .then_with(|| x.id.cmp(&y.id))
            .then_with(|| x.source.cmp(&y.source))
            .then(a.cmp(&b))
    });
    let mut decided: Vec<Option<Decision>> = vec![None; n];

    let (duplicate_of, by_id) = duplicates::find(lines);
    for (i, dup) in duplicate_of.iter().enumerate() {
        if let Some(o) = dup {
            decided[i] = Some(Decision {
                status: PaymentStatus::Duplicate,
                rule: Rule::Duplicate,
                allocations: Vec::new(),
                note: Note::of(vec![Fact::Duplicate {
                    first: lines[*o].source.clone(),
                }]),
            });
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
        if own && decided[i].is_none() && !overrides.contains_key(&i) {
            decided[i] = Some(Decision::ignored(Rule::OwnTransfer, Note::OwnTransfer));
        }
    }

    let eligible: Vec<bool> = (0..n)
        .map(|i| decided[i].is_none() && !overrides.contains_key(&i))
        .collect();
    for (ret, orig) in reversal::pair(lines, &eligible, &order) {
        let (r, o) = reversal::decisions(&book, lines, ret, orig);
        decided[ret] = Some(r);
        if let (Some(orig), Some(o)) = (orig, o) {
            decided[orig] = Some(o);
        }
    }

    let insurers = Insurers::new(policy, &book);
    // Boxed: nearly every line has none, and a box is a third of the size.
    let insurer_of: Vec<Option<Box<InsurerPayer>>> = parallel::map(n, |i| {
        let l = &lines[i];
        if l.is_credit() && !matches!(&decided[i], Some(d) if d.status == PaymentStatus::Duplicate)
        {
            insurers.identify(policy, l).map(Box::new)
        } else {
            None
        }
    });

    // What each line names depends on the book alone: found for every
    // line still to decide at once, on every core, before the passes that
    // must go one line at a time.
    let named: Vec<Option<Box<Named>>> = parallel::map(n, |i| {
        let line = &lines[i];
        if decided[i].is_some() || overrides.contains_key(&i) || line.amount.is_zero() {
            return None;
        }
        Named::find(&book, line)
    });
    drop(insurers);
    let mut book = book;
    book.forget_naming_indexes();
    let nothing = Named::default();
    let named_of = |i: usize| named[i].as_deref().unwrap_or(&nothing);

    let mut accounts = Accounts::new(&book, policy.tolerance);
    let mut learned = Learned::default();
    let mut explains: HashMap<usize, Explain> = HashMap::new();

    // Pass 1: every payment that names an invoice (rules 1–4).
    for &i in &order {
        if decided[i].is_some() {
            continue;
        }
        let line = &lines[i];
        let decision = match overrides.get(&i) {
            Some(rows) => Some(overrides::decide(
                &book,
                &accounts,
                line,
                rows,
                &mut problems,
            )),
            None if line.is_credit() => {
                let mut explain = Explain::default();
                let d = pass_one(
                    &book,
                    &accounts,
                    &learned,
                    policy,
                    Seen {
                        line,
                        insurer: insurer_of[i].as_deref(),
                        named: named_of(i),
                    },
                    &mut explain,
                );
                // Most credits pass 1 leaves saw nothing worth a note yet.
                if d.is_none() && !(explain.facts.is_empty() && explain.candidates.is_empty()) {
                    explains.insert(i, explain);
                }
                d
            }
            None => None,
        };
        if let Some(d) = decision {
            apply(&mut accounts, i, &d, insurer_of[i].is_some());
            learn(
                &book,
                policy,
                &mut learned,
                line,
                &d,
                insurer_of[i].is_some(),
            );
            decided[i] = Some(d);
        }
    }

    // Pass 2: the rest (rules 5–7, refunds, other debits).
    for &i in &order {
        if decided[i].is_some() {
            continue;
        }
        let line = &lines[i];
        let explain = explains.remove(&i).unwrap_or_default();
        let d = if line.is_credit() {
            pass_two(
                &book,
                &accounts,
                &learned,
                policy,
                line,
                insurer_of[i].as_deref(),
                explain,
            )
        } else if line.amount.is_negative() {
            match reversal::refund(&book, &learned, line, &named_of(i).mentions) {
                Ok(d) => d,
                Err(why) => Decision::ignored(
                    Rule::Debit,
                    match why {
                        Some(invoices) => Note::of(vec![Fact::NotARefund { invoices }]),
                        None => Note::Debit,
                    },
                ),
            }
        } else {
            Decision::ignored(Rule::Debit, Note::ZeroAmount)
        };
        apply(&mut accounts, i, &d, insurer_of[i].is_some());
        decided[i] = Some(d);
    }

    // Not needed for the outcomes: give the memory back first.
    drop((named, insurer_of, explains, overrides, learned));
    book.forget_indexes();
    let payments = payment_outcomes(&book, lines, decided);
    let mut invoices = invoice_outcomes(book, accounts, lines, policy, as_of);
    let held = decisions::apply_holds(&mut invoices, ledger, &mut resolved);
    Reconciliation {
        invoices,
        payments,
        problems,
        decisions: resolved.outcomes,
        held,
    }
}

/// What a bank line names, from the book alone: the invoices its
/// references and tokens name (rule 2, refunds), and else the invoices one
/// edit from a token (rule 3).
///
/// The clients a payer resembles (rule 6) are not kept here: up to 64 per
/// credit for half a million credits would cost more memory than finding
/// them again, through the surname index, for the credits that reach
/// rule 6.
#[derive(Debug, Default)]
struct Named {
    mentions: Box<[Mention]>,
    near: Box<[(usize, String)]>,
}

impl Named {
    /// `None` when the line names nothing, as most lines do: a box for
    /// the few that do keeps a million lines at 8 bytes each.
    fn find(book: &Book, line: &BankLine) -> Option<Box<Named>> {
        let mentions = reference::mentions(book, line);
        let near = if mentions.is_empty() && line.is_credit() {
            fuzzy::near_invoices(book, line)
        } else {
            Vec::new()
        };
        if mentions.is_empty() && near.is_empty() {
            None
        } else {
            Some(Box::new(Named {
                mentions: mentions.into_boxed_slice(),
                near: near.into_boxed_slice(),
            }))
        }
    }
}

/// A line with what was found about it before pass 1.
#[derive(Clone, Copy)]
struct Seen<'a> {
    line: &'a BankLine,
    insurer: Option<&'a InsurerPayer>,
    named: &'a Named,
}

/// Rules 2, 3 and 4 for a credit.
fn pass_one(
    book: &Book,
    accounts: &Accounts,
    learned: &Learned,
    policy: &Policy,
    seen: Seen<'_>,
    explain: &mut Explain,
) -> Option<Decision> {
    let Seen {
        line,
        insurer,
        named,
    } = seen;
    // An insurer's payment says so before the evidence.
    let from = |facts: Vec<Fact>| -> Note {
        match insurer {
            Some(p) => {
                let mut all = Vec::with_capacity(facts.len() + 1);
                all.push(Fact::FromInsurer {
                    insurer: Text::from(p.name.as_str()),
                });
                all.extend(facts);
                Note::of(all)
            }
            None => Note::of(facts),
        }
    };
    if let Some((parts, facts)) = reference::decide(book, accounts, line, &named.mentions) {
        return Some(Decision::allocated(Rule::Reference, parts, from(facts)));
    }
    match fuzzy::decide(book, accounts, learned, policy, line, &named.near) {
        fuzzy::Fuzzy::Match {
            invoice,
            token,
            support,
        } => {
            return Some(Decision::allocated(
                Rule::FuzzyReference,
                vec![(invoice, line.amount)],
                from(vec![
                    Fact::OneEdit {
                        token: Text::from(token.as_str()),
                        invoice: explain::number(book, invoice),
                    },
                    Fact::Support(support),
                ]),
            ));
        }
        fuzzy::Fuzzy::Rejected(candidates) => explain.add(candidates),
    }
    insurer.and_then(|p| insurer::decide(book, p, line))
}

/// Rules 5, 6 and 7 for a credit pass 1 left.
fn pass_two(
    book: &Book,
    accounts: &Accounts,
    learned: &Learned,
    policy: &Policy,
    line: &BankLine,
    insurer: Option<&InsurerPayer>,
    mut explain: Explain,
) -> Decision {
    if let Some(p) = insurer {
        // An insurer's account is no client's: rules 5 and 6 do not apply.
        explain.fact(Fact::InsurerNamesNothing {
            insurer: Text::from(p.name.as_str()),
        });
    } else {
        if let Some(d) = client_iban::decide(book, accounts, learned, policy, line, &mut explain) {
            return d;
        }
        let namesakes = suggestion::payer_namesakes(book, line);
        if let Some(d) = suggestion::decide(book, accounts, line, &namesakes, &mut explain) {
            return d;
        }
    }
    explain.add(suggestion::same_amount(book, accounts, learned, line));
    Decision::unmatched(explain.note(book))
}

/// Books a decision's allocations.
fn apply(accounts: &mut Accounts, line: usize, d: &Decision, from_insurer: bool) {
    for &(inv, amount) in &d.allocations {
        accounts.allocate(inv, amount, line, from_insurer);
    }
}

/// Learns the payer's IBAN from a pass-1 decision of rules 1–3 that
/// allocated a credit to one client's invoices. Never an insurer's account.
fn learn(
    book: &Book,
    policy: &Policy,
    learned: &mut Learned,
    line: &BankLine,
    d: &Decision,
    from_insurer: bool,
) {
    let teaches = matches!(
        d.rule,
        Rule::Override | Rule::Reference | Rule::FuzzyReference
    );
    if !teaches || d.status != PaymentStatus::Allocated || !line.is_credit() || from_insurer {
        return;
    }
    let Some(iban) = &line.counterparty_iban else {
        return;
    };
    if policy.insurer_of_iban(iban).is_some() {
        return;
    }
    let mut clients = d.allocations.iter().map(|(i, _)| book.invoices[*i].client);
    if let Some(first) = clients.next()
        && clients.all(|c| c == first)
    {
        learned.learn(iban, first, &line.id);
    }
}

/// Every line's outcome, in line order.
fn payment_outcomes(
    book: &Book,
    lines: &[BankLine],
    decided: Vec<Option<Decision>>,
) -> Vec<PaymentOutcome> {
    map_shrinking(decided, |i, d| outcome(book, &lines[i], i, d))
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
        }
    })
}

#[cfg(test)]
pub(crate) mod tests;
