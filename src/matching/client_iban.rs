//! Rule 5, client IBAN: the payer's account belongs to a client (from the
//! register, or learned in pass 1). First the one open invoice whose need
//! (or need up to its required amount) equals the payment (`iban_amount`),
//! then the one set of open invoices whose needs sum to it (`iban_subset`),
//! then, with `fifo`, oldest first (`iban_fifo`). An account shared by
//! several clients allows only an amount that fits exactly one invoice.

use crate::config::Policy;
use crate::money::Money;
use crate::note::{self, AccountFact, Besides, CandidateWhy, Fact, FitKind, Note, Who};
use crate::outcome::Rule;
use crate::payment::BankLine;
use crate::text::Text;

use super::book::{Book, exact_cents, split_in_order};
use super::decision::Decision;
use super::explain::{self, Considered, Explain};
use super::state::{Accounts, Learned, owners};

/// Most nodes the subset search visits for one payment. The search is
/// exact within this bound; beyond it the payment is left to fifo or to
/// review, and the note says so.
const SUBSET_BUDGET: usize = 200_000;

/// How an amount fits one open invoice.
struct InvoiceFit {
    invoice: usize,
    kind: FitKind,
}

impl InvoiceFit {
    /// The fit as a note states it.
    fn fact(&self, book: &Book, amount: Money) -> note::Fit {
        note::Fit {
            amount,
            invoice: explain::number(book, self.invoice),
            kind: self.kind,
        }
    }
}

/// The open invoices whose need, or need up to the required amount,
/// equals `amount` within the tolerance.
fn fits(
    book: &Book,
    accounts: &Accounts,
    policy: &Policy,
    open: &[usize],
    amount: Money,
) -> Vec<InvoiceFit> {
    let tol = policy.tolerance;
    let mut out = Vec::new();
    for &inv in open {
        let need = accounts.need(book, inv);
        if amount.within(need, tol) {
            out.push(InvoiceFit {
                invoice: inv,
                kind: FitKind::Need,
            });
        } else if let Some(req) = accounts.need_to_required(book, inv)
            && req > tol
            && amount.within(req, tol)
        {
            out.push(InvoiceFit {
                invoice: inv,
                kind: FitKind::Required,
            });
        }
    }
    out
}

/// Rule 5 for a credit from an account that is no insurer's. `None` when
/// it does not decide; what it saw is added to `explain`.
pub(crate) fn decide(
    book: &Book,
    accounts: &Accounts,
    learned: &Learned,
    policy: &Policy,
    line: &BankLine,
    explain: &mut Explain,
) -> Option<Decision> {
    let iban = line.counterparty_iban.as_ref()?;
    let owners = owners(book, learned, iban);
    let amount = line.amount;
    match owners.as_slice() {
        [] => None,
        [(client, how)] => {
            let c = &book.clients[*client];
            let who = Who::Client {
                iban: iban.clone(),
                client: Text::from(c.id.as_str()),
                name: Text::from(c.name.as_str()),
                how: how.clone(),
            };
            let open: Vec<usize> = c
                .invoices
                .iter()
                .copied()
                .filter(|&i| accounts.is_open(book, i))
                .collect();
            if open.is_empty() {
                explain.fact(account(who, AccountFact::NoOpenInvoice));
                return None;
            }
            one_client(book, accounts, policy, amount, who, &open, explain)
        }
        several => {
            let who = Who::Shared {
                iban: iban.clone(),
                clients: several
                    .iter()
                    .map(|(c, _)| Text::from(book.clients[*c].id.as_str()))
                    .collect(),
            };
            let open: Vec<usize> = several
                .iter()
                .flat_map(|(c, _)| book.clients[*c].invoices.iter().copied())
                .filter(|&i| accounts.is_open(book, i))
                .collect();
            let found = fits(book, accounts, policy, &open, amount);
            match found.as_slice() {
                [fit] => Some(Decision::allocated(
                    Rule::IbanAmount,
                    vec![(fit.invoice, amount)],
                    Note::of(vec![account(
                        who,
                        AccountFact::OnlyOneFits(fit.fact(book, amount)),
                    )]),
                )),
                [] => {
                    explain.fact(account(who, AccountFact::FitsNone));
                    explain.add(nearest(book, accounts, &open, amount, Besides::SharedIban));
                    None
                }
                many => {
                    explain.fact(account(who, AccountFact::SeveralOfTheirs(many.len())));
                    explain.add(many.iter().map(|f| {
                        Considered::ranked(2, f.invoice, CandidateWhy::SeveralFit(many.len()))
                    }));
                    None
                }
            }
        }
    }
}

/// Rule 5 for an account of exactly one client with open invoices.
fn one_client(
    book: &Book,
    accounts: &Accounts,
    policy: &Policy,
    amount: Money,
    who: Who,
    open: &[usize],
    explain: &mut Explain,
) -> Option<Decision> {
    let tol = policy.tolerance;
    let found = fits(book, accounts, policy, open, amount);
    match found.as_slice() {
        [fit] => {
            return Some(Decision::allocated(
                Rule::IbanAmount,
                vec![(fit.invoice, amount)],
                Note::of(vec![account(
                    who,
                    AccountFact::Fits(fit.fact(book, amount)),
                )]),
            ));
        }
        [] => {}
        many => {
            let invoices = explain::numbers(
                book,
                many.iter().take(explain::MAX_CANDIDATES).map(|f| f.invoice),
            );
            return Some(Decision::suggested(
                Rule::IbanAmount,
                Note::of(vec![account(
                    who,
                    AccountFact::SeveralFit {
                        count: many.len(),
                        amount,
                        invoices,
                    },
                )]),
            ));
        }
    }

    if policy.max_subset >= 2 {
        let pool: Vec<(usize, Money)> = open
            .iter()
            .take(policy.max_subset_candidates)
            .map(|&i| (i, accounts.need(book, i)))
            .collect();
        let search = subsets(
            &pool,
            amount,
            tol,
            policy.max_subset,
            explain::MAX_CANDIDATES,
        );
        match search.sets.as_slice() {
            [set] => {
                let mut parts: Vec<(usize, Money)> = set.iter().map(|&p| pool[p]).collect();
                let sum: Money = parts.iter().map(|(_, n)| *n).sum();
                if let Some(last) = parts.last_mut() {
                    // The sum is within the tolerance; the last takes the cent.
                    last.1 += amount - sum;
                }
                let needs: Box<[(Text, Money)]> = set
                    .iter()
                    .map(|&p| (explain::number(book, pool[p].0), pool[p].1))
                    .collect();
                return Some(Decision::allocated(
                    Rule::IbanSubset,
                    parts,
                    Note::of(vec![account(
                        who,
                        AccountFact::SumOfNeeds {
                            amount,
                            parts: needs,
                        },
                    )]),
                ));
            }
            [] => {
                if search.exhausted {
                    explain.fact(Fact::TooManyCombinations { open: pool.len() });
                }
            }
            many => {
                let sets: Box<[Box<[Text]>]> = many
                    .iter()
                    .map(|set| explain::numbers(book, set.iter().map(|&p| pool[p].0)))
                    .collect();
                return Some(Decision::suggested(
                    Rule::IbanSubset,
                    Note::of(vec![account(
                        who,
                        AccountFact::SeveralSets {
                            amount,
                            more: many.len() >= explain::MAX_CANDIDATES,
                            sets,
                        },
                    )]),
                ));
            }
        }
    }

    if policy.fifo {
        let targets: Vec<(usize, Money)> =
            open.iter().map(|&i| (i, accounts.need(book, i))).collect();
        let parts = split_in_order(amount, &targets);
        return Some(Decision::allocated(
            Rule::IbanFifo,
            parts,
            Note::of(vec![account(who, AccountFact::OldestFirst(amount))]),
        ));
    }
    explain.fact(account(who, AccountFact::FifoOff));
    explain.add(nearest(book, accounts, open, amount, Besides::FifoOff));
    None
}

/// A fact about whose account paid.
fn account(who: Who, what: AccountFact) -> Fact {
    Fact::Account {
        who: Box::new(who),
        what,
    }
}

/// Up to three open invoices closest in need to the amount.
pub(crate) fn nearest(
    book: &Book,
    accounts: &Accounts,
    open: &[usize],
    amount: Money,
    and: Besides,
) -> Vec<Considered> {
    // Only the nearest few are named: select them before sorting. The keys
    // are distinct (invoice indexes differ), so this is the sort's prefix.
    fn nearest_few<K: Ord + Copy>(mut by_distance: Vec<(K, usize)>) -> Vec<usize> {
        if by_distance.len() > explain::MAX_CANDIDATES {
            by_distance.select_nth_unstable(explain::MAX_CANDIDATES);
            by_distance.truncate(explain::MAX_CANDIDATES);
        }
        by_distance.sort_unstable();
        by_distance.into_iter().map(|(_, i)| i).collect()
    }
    // In whole cents when every need and the amount are whole cents (the
    // same order as the decimals), else by the decimals.
    let in_cents: Option<Vec<(i64, usize)>> = exact_cents(amount).and_then(|a| {
        open.iter()
            .map(|&i| Some((accounts.need_cents(i)?.checked_sub(a)?.checked_abs()?, i)))
            .collect()
    });
    let nearest = match in_cents {
        Some(by_distance) => nearest_few(by_distance),
        None => nearest_few(
            open.iter()
                .map(|&i| ((accounts.need(book, i) - amount).abs(), i))
                .collect(),
        ),
    };
    nearest
        .into_iter()
        .map(|i| Considered::new(i, explain::differs(amount, accounts.need(book, i), and)))
        .collect()
}

/// The outcome of the subset search.
pub(crate) struct Subsets {
    /// Sets found (positions in the pool, in pool order), at most `limit`.
    pub sets: Vec<Vec<usize>>,
    /// True when the search stopped at its budget before it was complete.
    pub exhausted: bool,
}

/// Every set of 2 to `max` pool entries whose needs sum to `amount` within
/// `tolerance`, up to `limit` of them: an exact depth-first search over the
/// needs in ascending order, cut where the sum already exceeds the amount.
pub(crate) fn subsets(
    pool: &[(usize, Money)],
    amount: Money,
    tolerance: Money,
    max: usize,
    limit: usize,
) -> Subsets {
    let mut order: Vec<usize> = (0..pool.len())
        .filter(|&p| pool[p].1.is_positive())
        .collect();
    order.sort_by(|&a, &b| pool[a].1.cmp(&pool[b].1).then(a.cmp(&b)));
    let needs: Vec<Money> = order.iter().map(|&p| pool[p].1).collect();
    struct Search<'a> {
        needs: &'a [Money],
        hi: Money,
        lo: Money,
        max: usize,
        limit: usize,
        budget: usize,
        chosen: Vec<usize>,
        found: Vec<Vec<usize>>,
        exhausted: bool,
    }
    fn walk(s: &mut Search<'_>, start: usize, sum: Money) {
        for i in start..s.needs.len() {
            if s.found.len() >= s.limit || s.exhausted {
                return;
            }
            if s.budget == 0 {
                s.exhausted = true;
                return;
            }
            s.budget -= 1;
            let total = sum + s.needs[i];
            if total > s.hi {
                return; // ascending: every later need overshoots too
            }
            s.chosen.push(i);
            if s.chosen.len() >= 2 && total >= s.lo {
                s.found.push(s.chosen.clone());
            }
            if s.chosen.len() < s.max {
                walk(s, i + 1, total);
            }
            s.chosen.pop();
        }
    }
    let mut s = Search {
        needs: &needs,
        hi: amount + tolerance,
        lo: amount - tolerance,
        max,
        limit,
        budget: SUBSET_BUDGET,
        chosen: Vec::new(),
        found: Vec::new(),
        exhausted: false,
    };
    walk(&mut s, 0, Money::ZERO);
    let sets = s
        .found
        .into_iter()
        .map(|set| {
            let mut p: Vec<usize> = set.into_iter().map(|i| order[i]).collect();
            p.sort_unstable();
            p
        })
        .collect();
    Subsets {
        sets,
        exhausted: s.exhausted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ident::Iban;
    use crate::matching::book::tests::m;

    fn pool(needs: &[&str]) -> Vec<(usize, Money)> {
        needs.iter().enumerate().map(|(i, n)| (i, m(n))).collect()
    }

    #[test]
    fn subset_search_is_exact() {
        let p = pool(&["100.00", "250.00", "75.00", "30.00"]);
        let r = subsets(&p, m("175.00"), m("0.01"), 8, 3);
        assert_eq!(r.sets, vec![vec![0, 2]]);
        let r = subsets(&p, m("355.00"), m("0.01"), 8, 3);
        assert_eq!(r.sets, vec![vec![1, 2, 3]]);
        let r = subsets(&p, m("355.00"), m("0.01"), 2, 3);
        assert!(r.sets.is_empty(), "bounded by max_subset");
        let r = subsets(&p, m("100.00"), m("0.01"), 8, 3);
        assert!(r.sets.is_empty(), "single invoices are iban_amount's");
        let p = pool(&["100.00", "100.00", "50.00", "50.00"]);
        let r = subsets(&p, m("150.00"), m("0.01"), 8, 3);
        assert_eq!(r.sets.len(), 3, "{:?}", r.sets);
        let r = subsets(&p, m("175.005"), m("0.01"), 8, 3);
        assert!(r.sets.is_empty());
        let r = subsets(&p, m("150.01"), m("0.01"), 8, 3);
        assert_eq!(r.sets.len(), 3);
        assert!(!r.exhausted);
    }

    #[test]
    fn subset_search_stops_at_its_budget() {
        let needs: Vec<String> = (0..64).map(|i| format!("{}.01", 1000 + i)).collect();
        let refs: Vec<&str> = needs.iter().map(String::as_str).collect();
        let p = pool(&refs);
        let r = subsets(&p, m("99999.00"), m("0.01"), 16, 3);
        assert!(r.sets.is_empty());
        assert!(r.exhausted);
    }

    #[test]
    fn learned_accounts_cite_their_first_payment() {
        let mut l = Learned::default();
        let iban = Iban::parse("NL91ABNA0417164300").unwrap();
        l.learn(&iban, 3, "P1");
        l.learn(&iban, 3, "P2");
        assert_eq!(l.learned_from(&iban, 3), Some("P1"));
        assert_eq!(l.learned_from(&iban, 4), None);
        assert_eq!(l.clients(&iban).len(), 1);
    }
}
