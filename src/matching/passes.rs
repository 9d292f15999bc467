//! Passes 1 and 2 over one share of the bank lines (`groups.rs`):
//! every decision that changes what an invoice has received, and the
//! client accounts learned on the way.
//!
//! A share holds whole groups, so no line outside it reads or changes the
//! invoices and accounts its lines touch, and a share decided on its own
//! thread decides exactly as the whole book decided in one sequence. What
//! pass 2 only reads (rule 6 and the candidates of the same amount) is
//! left [`Pending`] for `pending.rs`, which reads every invoice as it
//! stood at the line's turn.

use std::sync::OnceLock;

use foldhash::{HashMap, HashMapExt};

use crate::config::Policy;
use crate::note::{Fact, Note};
use crate::outcome::{PaymentStatus, Rule};
use crate::payment::BankLine;
use crate::problem::Problem;
use crate::text::Text;

use super::agents::{self, Receipts};
use super::book::Book;
use super::client_iban;
use super::decision::{Decision, settle};
use super::explain::{self, Explain};
use super::fuzzy;
use super::insurer::{self, InsurerPayer, Insurers};
use super::overrides::{self, Override};
use super::reference::{self, NamedInvoice};
use super::reversal;
use super::state::{Accounts, Learned, owners};

/// What a bank line names, from the book alone: the invoices its
/// references and tokens name (rule 2, refunds), and else the invoices one
/// edit from a token (rule 3).
///
/// The clients a payer resembles (rule 6) are not kept here: up to 64 per
/// credit for half a million credits would cost more memory than finding
/// them again, through the surname index, for the credits that reach
/// rule 6.
#[derive(Debug, Default)]
pub(crate) struct Named {
    pub mentions: Box<[NamedInvoice]>,
    pub near: Box<[(usize, String)]>,
}

impl Named {
    /// `None` when the line names nothing, as most lines do: a box for
    /// the few that do keeps a million lines at 8 bytes each.
    pub fn find(book: &Book, line: &BankLine) -> Option<Box<Named>> {
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

/// Everything found about the lines before the passes, shared read-only
/// by every share.
pub(crate) struct BeforePasses<'a> {
    pub book: &'a Book,
    pub policy: &'a Policy,
    pub lines: &'a [BankLine],
    /// Each line's decision: set before the passes for duplicates, own
    /// transfers and returns; each share sets its own lines'.
    pub decided: &'a [OnceLock<Decision>],
    pub overrides: &'a HashMap<usize, Vec<Override<'a>>>,
    pub insurer_of: &'a [Option<Box<InsurerPayer>>],
    /// The insurer names payers are recognised by, for `learn`.
    pub insurers: &'a Insurers,
    pub named: &'a [Option<Box<Named>>],
    /// What a line that names nothing names.
    pub nothing: Named,
    /// The ledger, for the agents' statement lines.
    pub ledger: &'a crate::ledger::Ledger,
    /// Which lines are billing agents' receipts.
    pub receipts: &'a Receipts,
    /// The invoices before the passes: each share starts from a reading
    /// copy (its record of which payment gave what is not needed: pass 1
    /// is booked again after the shares, in decision order).
    pub start: &'a Accounts,
}

impl<'a> BeforePasses<'a> {
    /// What line `i` names (nothing for most lines).
    pub fn named(&self, i: usize) -> &Named {
        self.named[i].as_deref().unwrap_or(&self.nothing)
    }

    /// The insurer line `i` comes from at its turn, given what has been
    /// learned: a reading by name gives way to a learned client account
    /// ([`InsurerPayer::at_turn`]). Notes in `not_insurer` a line that
    /// lost its reading so.
    fn insurer_at(
        &self,
        i: usize,
        learned: &Learned,
        not_insurer: &mut Vec<usize>,
    ) -> Option<&'a InsurerPayer> {
        let read: &'a InsurerPayer = self.insurer_of[i].as_deref()?;
        let at = read.at_turn(&self.lines[i], learned);
        if at.is_none() && not_insurer.last() != Some(&i) {
            not_insurer.push(i);
        }
        at
    }
}

/// A credit pass 2 could not decide, with what was found about it so far.
#[derive(Debug)]
pub(crate) struct Pending {
    pub explain: Explain,
    /// From an insurer: rule 6 does not apply.
    pub from_insurer: bool,
    /// The clients the payer's account belongs to (register or learned),
    /// for the candidates of the same amount.
    pub payer_clients: Vec<usize>,
}

/// What a share leaves besides the decisions it set: the lines decided in
/// pass 1, the credits pending, the problems override rows raised, each
/// per line in decision order, and the lines read as an insurer's by name
/// before the passes that were decided as a client's, because their
/// account was learned as a client's by their turn.
#[derive(Debug, Default)]
pub(crate) struct ShareOutcome {
    pub first: Vec<usize>,
    pub pending: Vec<(usize, Box<Pending>)>,
    pub problems: Vec<(usize, Vec<Problem>)>,
    pub not_insurer: Vec<usize>,
}

/// Passes 1 and 2 over `share`, the undecided lines of some groups in
/// decision order (booking date, then id). Sets each line's decision but
/// those left pending.
pub(crate) fn decide_share(found: &BeforePasses<'_>, share: &[usize]) -> ShareOutcome {
    let book = found.book;
    let policy = found.policy;
    let mut accounts = found.start.reading_copy();
    let mut learned = Learned::default();
    let mut explains: HashMap<usize, Explain> = HashMap::new();
    let mut out = ShareOutcome::default();
    let mut first: Vec<bool> = vec![false; share.len()];

    // Pass 1: every payment that names an invoice (rules 1–4).
    for (k, &i) in share.iter().enumerate() {
        let line = &found.lines[i];
        let insurer = found.insurer_at(i, &learned, &mut out.not_insurer);
        let decision = match found.overrides.get(&i) {
            Some(rows) => {
                let mut problems = Vec::new();
                let d = overrides::decide(book, &accounts, line, rows, &mut problems);
                if !problems.is_empty() {
                    out.problems.push((i, problems));
                }
                Some(d)
            }
            None if found.receipts.contains(i) => found
                .receipts
                .of(found.ledger, i)
                .map(|r| agents::decide(book, &accounts, line, r, &found.named(i).mentions)),
            None if line.is_credit() => {
                let mut explain = Explain::default();
                let d = pass_one(
                    book,
                    &accounts,
                    &learned,
                    policy,
                    Seen {
                        line,
                        insurer,
                        named: found.named(i),
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
            apply(&mut accounts, i, &d, insurer.is_some());
            let from_insurer = insurer.is_some();
            learn(found, &mut learned, line, &d, from_insurer);
            settle(found.decided, i, d);
            out.first.push(i);
            first[k] = true;
        }
    }

    // Pass 2: the rest (rule 5, refunds, other debits; rule 6 pending).
    for (k, &i) in share.iter().enumerate() {
        if first[k] {
            continue;
        }
        let line = &found.lines[i];
        let insurer = found.insurer_at(i, &learned, &mut out.not_insurer);
        let explain = explains.remove(&i).unwrap_or_default();
        let d = if line.is_credit() {
            match pass_two(book, &accounts, &learned, policy, line, insurer, explain) {
                Ok(d) => d,
                Err(pending) => {
                    out.pending.push((i, pending));
                    continue;
                }
            }
        } else if line.amount.is_negative() {
            match reversal::refund(book, &learned, line, &found.named(i).mentions) {
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
        apply(&mut accounts, i, &d, insurer.is_some());
        settle(found.decided, i, d);
    }
    out
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

/// Rule 5 for a credit pass 1 left; what only reads (rule 6 and the
/// candidates of the same amount) is returned as [`Pending`].
fn pass_two(
    book: &Book,
    accounts: &Accounts,
    learned: &Learned,
    policy: &Policy,
    line: &BankLine,
    insurer: Option<&InsurerPayer>,
    mut explain: Explain,
) -> Result<Decision, Box<Pending>> {
    if let Some(p) = insurer {
        // An insurer's account is no client's: rules 5 and 6 do not apply.
        explain.fact(Fact::InsurerNamesNothing {
            insurer: Text::from(p.name.as_str()),
        });
    } else if let Some(d) = client_iban::decide(book, accounts, learned, policy, line, &mut explain)
    {
        return Ok(d);
    }
    let payer_clients = line
        .counterparty_iban
        .as_ref()
        .map(|i| {
            owners(book, learned, i)
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        })
        .unwrap_or_default();
    Err(Box::new(Pending {
        explain,
        from_insurer: insurer.is_some(),
        payer_clients,
    }))
}

/// Books a decision's allocations.
pub(crate) fn apply(accounts: &mut Accounts, line: usize, d: &Decision, from_insurer: bool) {
    for &(inv, amount) in &d.allocations {
        accounts.allocate(inv, amount, line, from_insurer);
    }
}

/// Learns the payer's IBAN from a pass-1 decision of rules 1–3 that
/// allocated a credit to one client's invoices. Never an insurer's
/// account, nor one whose payer is named like an insurer whose accounts
/// are configured ([`Insurers::named_like_one_known_by_account`]).
fn learn(
    found: &BeforePasses<'_>,
    learned: &mut Learned,
    line: &BankLine,
    d: &Decision,
    from_insurer: bool,
) {
    let (book, policy) = (found.book, found.policy);
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
    if policy.insurer_of_iban(iban).is_some()
        || found.insurers.named_like_one_known_by_account(policy, line)
    {
        return;
    }
    let mut clients = d.allocations.iter().map(|(i, _)| book.invoices[*i].client);
    if let Some(first) = clients.next()
        && clients.all(|c| c == first)
    {
        learned.learn(iban, first, &line.id);
    }
}
