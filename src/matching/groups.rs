//! Which bank lines can be decided apart: the groups that no rule
//! connects, dealt into shares of about equal size, one per core.
//!
//! A line belongs with everything its decision may read or change through
//! the rules that allocate (1–5 and refunds):
//! - the clients of the invoices it names (rule 2, refunds), of those one
//!   edit from a token (rule 3), of its override rows (rule 1) and of the
//!   declarations an insurer's payment names (rule 4);
//! - its account: the lines from the same account read and teach the same
//!   learned clients (rule 5), and the account belongs with the clients
//!   the register gives it. A configured insurer account is left out: no
//!   payment from it teaches or reads a client (see `learn`), and joining
//!   every insurer payment through it would make one group of nearly all.
//!
//! What only reads (rule 6, the candidates of the same amount) connects
//! nothing: `pending.rs` decides it afterwards from the invoices as
//! they stood at each line's turn. Two lines in different groups therefore
//! never touch the same invoice or account, and deciding each share in
//! decision order gives what one sequence over all lines gives.
//!
//! **For a rule author: every relation a rule of passes 1 and 2 reads or
//! changes must be a link here.** A rule that reads an invoice, a client
//! or an account its line is not linked to above (a client found by
//! name, the invoices of a payer's other accounts, …) decides differently
//! on several threads than in one sequence, and only sometimes. Add the
//! link in [`groups`] with the rule. Two checks catch a missing one:
//! after the passes, in debug builds and so in every test, [`overlap`]
//! fails when two shares touched one client or account (what their
//! decisions allocated to, their lines' accounts and the clients the
//! register gives those); and the property test
//! `deciding_in_groups_equals_one_sequence` compares shares with one
//! sequence on generated ledgers, which also finds a relation a rule only
//! reads.

use foldhash::{HashMap, HashMapExt};

use crate::ident::Iban;

use super::insurer;
use super::passes::BeforePasses;

/// Deals the lines still to decide into at most `shares` lists, each in
/// `order` (the decision order) and each made of whole groups. The
/// biggest groups are dealt first, each to the share with the fewest
/// lines so far; the result depends on the input alone.
pub(crate) fn shares(found: &BeforePasses<'_>, order: &[usize], shares: usize) -> Vec<Vec<usize>> {
    let to_decide = |i: usize| found.decided[i].get().is_none();
    let nodes = found.lines.len().saturating_add(found.book.clients.len());
    // Node numbers are held in 32 bits; a book beyond that (which no
    // machine holds) is decided in one sequence.
    if shares <= 1 || nodes.saturating_mul(2) >= u32::MAX as usize {
        return vec![order.iter().copied().filter(|&i| to_decide(i)).collect()];
    }
    let (group_of, size) = groups(found, order);
    let mut by_size: Vec<usize> = (0..size.len()).collect();
    // Stable, so equal groups keep the order of their first line.
    by_size.sort_by_key(|&g| std::cmp::Reverse(size[g]));
    let mut load = vec![0usize; shares];
    let mut share_of = vec![0usize; size.len()];
    for g in by_size {
        let (k, _) = load
            .iter()
            .enumerate()
            .min_by_key(|&(k, l)| (*l, k))
            .unwrap_or((0, &0));
        load[k] += size[g];
        share_of[g] = k;
    }
    let mut out = vec![Vec::new(); shares];
    let undecided = order.iter().copied().filter(|&i| to_decide(i));
    for (i, g) in undecided.zip(group_of) {
        out[share_of[g]].push(i);
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The group of each line still to decide, in `order`, numbered in the
/// order of each group's first line, and the number of lines per group.
fn groups(found: &BeforePasses<'_>, order: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let lines = found.lines;
    let n = lines.len();
    let to_decide = |i: usize| found.decided[i].get().is_none();
    let clients = found.book.clients.len();
    // Nodes: lines, then clients, then accounts as they are met.
    let mut sets = Sets::new(n + clients);
    let client = |c: usize| n + c;
    let mut accounts: HashMap<&Iban, usize> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if !to_decide(i) {
            continue;
        }
        if let Some(iban) = &line.counterparty_iban
            && found.policy.insurer_of_iban(iban).is_none()
        {
            let node = match accounts.get(iban) {
                Some(&node) => node,
                None => {
                    let node = sets.add();
                    accounts.insert(iban, node);
                    for &c in found.book.register_clients_of(iban) {
                        sets.union(node, client(c));
                    }
                    node
                }
            };
            sets.union(i, node);
        }
        let named = found.named(i);
        let invoices = named
            .mentions
            .iter()
            .map(|m| m.invoice)
            .chain(named.near.iter().map(|(inv, _)| *inv));
        for inv in invoices {
            sets.union(i, client(found.book.invoices[inv].client));
        }
        if found.insurer_of[i].is_some() {
            for (inv, _) in insurer::declared(found.book, line).1 {
                sets.union(i, client(found.book.invoices[inv].client));
            }
        }
    }

    // Override rows are few: looked up from their side.
    for (&i, rows) in found.overrides {
        if to_decide(i) {
            for inv in rows.iter().filter_map(|o| o.invoice) {
                sets.union(i, client(found.book.invoices[inv].client));
            }
        }
    }

    const NONE: usize = usize::MAX;
    let mut number = vec![NONE; sets.parent.len()];
    let mut size: Vec<usize> = Vec::new();
    let mut group_of: Vec<usize> = Vec::with_capacity(order.len());
    for &i in order {
        if !to_decide(i) {
            continue;
        }
        let r = sets.find(i);
        if number[r] == NONE {
            number[r] = size.len();
            size.push(0);
        }
        let g = number[r];
        size[g] += 1;
        group_of.push(g);
    }
    (group_of, size)
}

/// A client or an account that two shares both touched, with the line of
/// the later share that touched it: the sign of a relation some rule
/// reads that [`groups`] does not link.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Overlap {
    /// A client one share's decisions allocated to, or its lines'
    /// accounts belong to in the register, touched by another share too.
    Client { client: usize, line: usize },
    /// An account (not a configured insurer's) with lines in two shares.
    Account { account: Iban, line: usize },
}

/// The first client or account touched by two of `shares`, read after
/// the passes from what each share decided; `None` when the shares kept
/// apart, as [`shares`] deals them. Debug builds check it after every
/// deciding in shares (`mod.rs`).
pub(crate) fn overlap(found: &BeforePasses<'_>, shares: &[Vec<usize>]) -> Option<Overlap> {
    let book = found.book;
    let mut client_share: HashMap<usize, usize> = HashMap::new();
    let mut account_share: HashMap<&Iban, usize> = HashMap::new();
    for (k, share) in shares.iter().enumerate() {
        for &line in share {
            let mut clients: Vec<usize> = found.decided[line]
                .get()
                .map(|d| {
                    d.allocations
                        .iter()
                        .map(|&(inv, _)| book.invoices[inv].client)
                        .collect()
                })
                .unwrap_or_default();
            if let Some(iban) = &found.lines[line].counterparty_iban
                && found.policy.insurer_of_iban(iban).is_none()
            {
                if *account_share.entry(iban).or_insert(k) != k {
                    let account = iban.clone();
                    return Some(Overlap::Account { account, line });
                }
                clients.extend_from_slice(book.register_clients_of(iban));
            }
            for client in clients {
                if *client_share.entry(client).or_insert(k) != k {
                    return Some(Overlap::Client { client, line });
                }
            }
        }
    }
    None
}

/// Disjoint sets over node numbers (union by size, path halving), held
/// as `u32` so that the million-line forest is half the memory to walk.
struct Sets {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).map(node).collect(),
            size: vec![1; n],
        }
    }

    /// A new node in a set of its own.
    fn add(&mut self) -> usize {
        let x = self.parent.len();
        self.parent.push(node(x));
        self.size.push(1);
        x
    }

    fn find(&mut self, x: usize) -> usize {
        let mut x = node(x);
        loop {
            let p = self.parent[x as usize];
            if p == x {
                return x as usize;
            }
            let g = self.parent[p as usize];
            self.parent[x as usize] = g;
            x = g;
        }
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = node(a);
        self.size[a] = self.size[a].saturating_add(self.size[b]);
    }
}

/// A node number as stored. Nodes are lines, clients and accounts, far
/// fewer than four billion on any machine that holds them.
fn node(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::ledger::Ledger;
    use crate::matching::book::Book;
    use crate::matching::book::tests::row;
    use crate::matching::passes::Named;
    use crate::matching::tests::bank;

    /// `f` of what is found about `ledger`'s lines before the passes,
    /// none of them decided yet.
    fn with_found<T>(
        ledger: &Ledger,
        policy: &Policy,
        f: impl FnOnce(&BeforePasses<'_>) -> T,
    ) -> T {
        let book = Book::build(ledger, policy, &mut Vec::new());
        let lines = &ledger.bank_lines;
        let decided: Vec<std::sync::OnceLock<_>> =
            lines.iter().map(|_| std::sync::OnceLock::new()).collect();
        let named: Vec<_> = lines.iter().map(|l| Named::find(&book, l)).collect();
        let insurer_of: Vec<_> = lines.iter().map(|_| None).collect();
        let overrides = foldhash::HashMap::default();
        let insurers = crate::matching::insurer::Insurers::new(policy, &book);
        let start = crate::matching::state::Accounts::new(&book, policy.tolerance);
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
            receipts: &crate::matching::agents::Receipts::new(ledger),
            start: &start,
        };
        f(&found)
    }

    /// Which of `lines` share a group, as group numbers per line.
    fn grouped(ledger: &Ledger, policy: &Policy) -> Vec<usize> {
        let order: Vec<usize> = (0..ledger.bank_lines.len()).collect();
        with_found(ledger, policy, |found| groups(found, &order).0)
    }

    /// Three clients, K1 with a register account, and seven payments:
    /// what the tests below deal into groups and shares.
    fn three_clients() -> (Ledger, Policy) {
        let mut k1 = row(2, "F-100", "K1", "Jan Jansen", "100.00", "2026-01-01");
        k1.client_ibans = vec![Iban::parse("NL11RABO0000000001").unwrap()];
        let ledger = Ledger {
            invoices: vec![
                k1,
                row(3, "F-200", "K2", "Piet Pieters", "80.00", "2026-01-01"),
                row(4, "F-300", "K3", "Anna de Vries", "60.00", "2026-01-01"),
            ],
            bank_lines: vec![
                // 0: K1's register account, naming nothing.
                bank("100.00", "NL11RABO0000000001", "J Jansen", "zorg"),
                // 1: another account naming K1's invoice: with K1.
                bank("50.00", "NL99INGB0000000009", "X", "factuur F-100"),
                // 2: that other account again, naming nothing: with 1.
                bank("10.00", "NL99INGB0000000009", "X", "termijn"),
                // 3: K2's invoice named from a third account: apart.
                bank("80.00", "NL22RABO0000000002", "P Pieters", "F-200"),
                // 4: no account, naming nothing: a group of its own.
                bank("5.00", "", "", "rente"),
                // 5: an insurer's configured account, naming K3's invoice:
                //    with K3 only, not with every payment from that account.
                bank("60.00", "NL00ABNA0123456789", "Zilveren Kruis", "F-300"),
                // 6: the insurer's account again, naming K2's invoice.
                bank("70.00", "NL00ABNA0123456789", "Zilveren Kruis", "F-200"),
            ],
            ..Ledger::default()
        };
        let policy =
            Policy::from_toml("[insurers]\n\"Zilveren Kruis\" = [\"NL00ABNA0123456789\"]\n")
                .unwrap();
        (ledger, policy)
    }

    #[test]
    fn lines_join_through_their_account_and_the_invoices_they_name() {
        let (ledger, policy) = three_clients();
        assert!(
            policy
                .insurer_of_iban(&Iban::parse("NL00ABNA0123456789").unwrap())
                .is_some()
        );
        let g = grouped(&ledger, &policy);
        assert_eq!(g[0], g[1], "K1's account and a payment naming K1's invoice");
        assert_eq!(g[1], g[2], "two payments from one account");
        assert_ne!(g[0], g[3], "K2 has nothing to do with K1");
        assert!(g.iter().filter(|&&x| x == g[4]).count() == 1, "{g:?}");
        assert_eq!(g[6], g[3], "the insurer's payment for K2 is with K2");
        assert_ne!(g[5], g[6], "an insurer's account joins nothing: {g:?}");
    }

    #[test]
    fn shares_touching_one_client_or_account_are_an_overlap() {
        let (ledger, policy) = three_clients();
        with_found(&ledger, &policy, |found| {
            let order: Vec<usize> = (0..ledger.bank_lines.len()).collect();
            let dealt = shares(found, &order, 4);
            assert_eq!(dealt.len(), 4, "{dealt:?}");
            assert_eq!(overlap(found, &dealt), None);
            // One account's lines dealt apart.
            assert_eq!(
                overlap(found, &[vec![0, 1, 3], vec![2]]),
                Some(Overlap::Account {
                    account: Iban::parse("NL99INGB0000000009").unwrap(),
                    line: 2
                })
            );
            // Line 1 paid K1's invoice while K1's own account was decided
            // in another share: the link through the invoice left out.
            let f100 = found
                .book
                .invoices
                .iter()
                .position(|i| i.number.as_str() == "F-100");
            let paid = crate::matching::decision::Decision::allocated(
                crate::outcome::Rule::Reference,
                vec![(f100.unwrap(), crate::money::Money::ZERO)],
                crate::note::Note::Debit,
            );
            crate::matching::decision::settle(found.decided, 1, paid);
            let k1 = found.book.invoices[f100.unwrap()].client;
            assert_eq!(
                overlap(found, &[vec![0, 3], vec![1, 2]]),
                Some(Overlap::Client {
                    client: k1,
                    line: 1
                })
            );
        });
    }

    #[test]
    fn sets_join_and_find() {
        let mut s = Sets::new(4);
        let e = s.add();
        s.union(0, 2);
        s.union(e, 2);
        assert_eq!(s.find(0), s.find(e));
        assert_ne!(s.find(1), s.find(0));
        s.union(1, 3);
        s.union(3, 0);
        assert!((0..5).all(|x| s.find(x) == s.find(0)));
    }
}
