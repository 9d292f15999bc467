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

use foldhash::{HashMap, HashMapExt};

use crate::ident::Iban;

use super::insurer;
use super::passes::Found;

/// Deals the lines still to decide into at most `shares` lists, each in
/// `order` (the decision order) and each made of whole groups. The
/// biggest groups are dealt first, each to the share with the fewest
/// lines so far; the result depends on the input alone.
pub(crate) fn shares(found: &Found<'_>, order: &[usize], shares: usize) -> Vec<Vec<usize>> {
    let lines = found.lines;
    let n = lines.len();
    let to_decide = |i: usize| found.decided[i].get().is_none();
    let clients = found.book.clients.len();
    // Node numbers are held in 32 bits; a book beyond that (which no
    // machine holds) is decided in one sequence.
    if shares <= 1 || n.saturating_add(clients).saturating_mul(2) >= u32::MAX as usize {
        return vec![order.iter().copied().filter(|&i| to_decide(i)).collect()];
    }
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

    // Each line's group, numbered in the order of its first line; the
    // groups are dealt biggest first.
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
    drop((sets, number));
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
