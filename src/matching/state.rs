//! The state that changes while payments are decided: the money each
//! invoice has received so far and which payments gave it ([`Accounts`]),
//! and the client accounts learned in pass 1 ([`Learned`]). Above the book
//! (it is built from it), below the decisions and the rules.

use foldhash::HashMap;
use std::sync::Arc;

use crate::ident::Iban;
use crate::money::Money;
use crate::note::{FitKind, How};
use crate::text::Text;

use super::book::{Book, INEXACT, exact_cents};

/// The money invoices receive while payments are decided, and which
/// payments gave it.
#[derive(Clone, Debug)]
pub(crate) struct Accounts {
    /// Received per invoice, refunds and overrides included.
    pub received: Vec<Money>,
    /// The part of `received` that came from insurers.
    pub from_insurer: Vec<Money>,
    /// Bank line indexes per invoice, in allocation order.
    pub payments: Vec<Vec<usize>>,
    /// Amounts within this are equal.
    pub tolerance: Money,
    /// Net − received per invoice, kept up to date by
    /// [`Accounts::allocate`]: the rules look at many invoices per payment,
    /// and this small array is cheaper to reach than the invoices.
    need: Vec<Money>,
    /// Net per invoice, for `need`. Fixed once the book is built, so
    /// copies share it (as `required`, `client_start` and `slot_of`).
    net: Arc<[Money]>,
    /// The required amount per invoice with a specification (fixed once
    /// the book is built).
    required: Arc<[Option<Money>]>,
    /// `need` in whole cents, or [`INEXACT`] when it has more than two
    /// decimals: rule 6 compares each unmatched credit with every open
    /// invoice of its namesakes, and integers compare far faster than
    /// decimals. Exact, so the answers are the same.
    need_c: Vec<i64>,
    /// Required − received in whole cents, or [`INEXACT`] (also when the
    /// invoice has no specification).
    to_required_c: Vec<i64>,
    /// The tolerance in whole cents, when it has at most two decimals.
    tolerance_c: Option<i64>,
    /// Each client's invoices (oldest first, as [`Client::invoices`]) side
    /// by side with their cent figures, so that rule 6, which reads every
    /// invoice of up to 64 namesakes for each unmatched credit, reads one
    /// run of memory per client instead of three arrays per invoice.
    slots: Vec<Slot>,
    /// Where each client's run starts in `slots` (one more entry than
    /// clients).
    client_start: Arc<[usize]>,
    /// The slot of each invoice.
    slot_of: Arc<[usize]>,
    /// False in a [`Accounts::reading_copy`]: `payments` and
    /// `from_insurer` are not kept.
    history: bool,
}

/// One invoice in [`Accounts::slots`]: copies of `need_c` and
/// `to_required_c`, kept equal by [`Accounts::allocate`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot {
    /// Index into [`Book::invoices`].
    pub invoice: usize,
    need_c: i64,
    to_required_c: i64,
}

impl Accounts {
    /// Nothing received yet.
    pub fn new(book: &Book, tolerance: Money) -> Accounts {
        let n = book.invoices.len();
        Accounts {
            received: vec![Money::ZERO; n],
            from_insurer: vec![Money::ZERO; n],
            payments: vec![Vec::new(); n],
            tolerance,
            need: book.invoices.iter().map(|i| i.net - Money::ZERO).collect(),
            net: book.invoices.iter().map(|i| i.net).collect(),
            history: true,
            required: book
                .invoices
                .iter()
                .map(|i| {
                    let spec = i.spec.as_ref()?;
                    Some(crate::status::required(i.net, spec.reimbursed, i.floor))
                })
                .collect(),
            need_c: Vec::new(),
            to_required_c: Vec::new(),
            tolerance_c: exact_cents(tolerance),
            slots: Vec::new(),
            client_start: Arc::from([]),
            slot_of: Arc::from([]),
        }
        .with_cents()
        .with_slots(book)
    }

    /// A copy that reads and books allocations as these accounts do, but
    /// keeps no record of which payments gave what (`payments` and
    /// `from_insurer` stay empty) and shares the figures fixed by the
    /// book: what a slice of pass 2 starts from (`pending.rs`), which only
    /// reads what invoices still need. About a quarter of a full copy
    /// (BENCHMARKS.md, round 5), so more threads cost less memory.
    pub fn reading_copy(&self) -> Accounts {
        Accounts {
            received: self.received.clone(),
            from_insurer: Vec::new(),
            payments: Vec::new(),
            tolerance: self.tolerance,
            need: self.need.clone(),
            net: Arc::clone(&self.net),
            required: Arc::clone(&self.required),
            need_c: self.need_c.clone(),
            to_required_c: self.to_required_c.clone(),
            tolerance_c: self.tolerance_c,
            slots: self.slots.clone(),
            client_start: Arc::clone(&self.client_start),
            slot_of: Arc::clone(&self.slot_of),
            history: false,
        }
    }

    /// Lays the invoices out client by client (see `slots`).
    fn with_slots(mut self, book: &Book) -> Accounts {
        let n = book.invoices.len();
        self.slots.reserve(n);
        let mut slot_of = vec![0; n];
        let mut client_start = Vec::with_capacity(book.clients.len() + 1);
        for c in &book.clients {
            client_start.push(self.slots.len());
            for &inv in &c.invoices {
                slot_of[inv] = self.slots.len();
                self.slots.push(Slot {
                    invoice: inv,
                    need_c: self.need_c[inv],
                    to_required_c: self.to_required_c[inv],
                });
            }
        }
        client_start.push(self.slots.len());
        self.slot_of = slot_of.into();
        self.client_start = client_start.into();
        self
    }

    /// Client `c`'s invoices, oldest first, with their cent figures.
    pub fn client_slots(&self, c: usize) -> &[Slot] {
        match (self.client_start.get(c), self.client_start.get(c + 1)) {
            (Some(&a), Some(&b)) => self.slots.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }

    /// [`Accounts::is_open`] from a slot.
    pub fn slot_is_open(&self, book: &Book, slot: &Slot) -> bool {
        match self.tolerance_c {
            Some(t) if slot.need_c != INEXACT => slot.need_c > t,
            _ => self.is_open(book, slot.invoice),
        }
    }

    /// [`Accounts::fits`] from a slot: the same answer.
    pub fn slot_fits(&self, slot: &Slot, amount: Money, amount_c: Option<i64>) -> Option<FitKind> {
        if let (Some(a), Some(t)) = (amount_c, self.tolerance_c) {
            let within =
                |a: i64, b: i64, t: i64| (i128::from(a) - i128::from(b)).abs() <= i128::from(t);
            let (n, r) = (slot.need_c, slot.to_required_c);
            if n != INEXACT {
                if within(a, n, t) {
                    return Some(FitKind::Need);
                }
                if r != INEXACT {
                    // An exact required figure means the invoice has one.
                    return (r > t && within(a, r, t)).then_some(FitKind::Required);
                }
            }
        }
        self.fits(slot.invoice, amount, amount_c)
    }

    /// Fills the cent arrays from `need`, `required` and `received`.
    fn with_cents(mut self) -> Accounts {
        self.need_c = self
            .need
            .iter()
            .map(|&n| exact_cents(n).unwrap_or(INEXACT))
            .collect();
        self.to_required_c = (0..self.need.len())
            .map(|i| self.to_required_cents(i))
            .collect();
        self
    }

    fn to_required_cents(&self, inv: usize) -> i64 {
        self.required[inv]
            .and_then(|r| exact_cents(r - self.received[inv]))
            .unwrap_or(INEXACT)
    }

    /// Why `amount` (with `amount_c`, its [`exact_cents`]) fits invoice
    /// `inv` for rule 6: within the tolerance of what it still needs, or
    /// of what it needs up to its required amount when that is more than
    /// the tolerance. In whole cents when every amount is a whole number
    /// of cents, else by decimals; the same answer either way.
    pub fn fits(&self, inv: usize, amount: Money, amount_c: Option<i64>) -> Option<FitKind> {
        let within =
            |a: i64, b: i64, t: i64| (i128::from(a) - i128::from(b)).abs() <= i128::from(t);
        if let (Some(a), Some(t)) = (amount_c, self.tolerance_c) {
            let n = self.need_c[inv];
            if n != INEXACT {
                if within(a, n, t) {
                    return Some(FitKind::Need);
                }
                // Without a required amount nothing else fits.
                self.required[inv]?;
                let r = self.to_required_c[inv];
                if r != INEXACT {
                    return (r > t && within(a, r, t)).then_some(FitKind::Required);
                }
            }
        }
        let tol = self.tolerance;
        if amount.within(self.need[inv], tol) {
            Some(FitKind::Need)
        } else if self.required[inv]
            .map(|r| r - self.received[inv])
            .is_some_and(|r| r > tol && amount.within(r, tol))
        {
            Some(FitKind::Required)
        } else {
            None
        }
    }

    /// What an invoice still needs: net − received (may be ≤ 0).
    pub fn need(&self, _book: &Book, inv: usize) -> Money {
        self.need[inv]
    }

    /// What it needs up to its required amount, when it has a
    /// specification: required − received.
    pub fn need_to_required(&self, _book: &Book, inv: usize) -> Option<Money> {
        Some(self.required[inv]? - self.received[inv])
    }

    /// What it still needs in whole cents, when that is exact.
    pub fn need_cents(&self, inv: usize) -> Option<i64> {
        let n = self.need_c[inv];
        (n != INEXACT).then_some(n)
    }

    /// Open while it still needs money beyond the tolerance.
    pub fn is_open(&self, _book: &Book, inv: usize) -> bool {
        match (self.need_c[inv], self.tolerance_c) {
            (n, Some(t)) if n != INEXACT => n > t,
            _ => self.need[inv] > self.tolerance,
        }
    }

    /// Books one allocation.
    pub fn allocate(&mut self, inv: usize, amount: Money, line: usize, from_insurer: bool) {
        self.received[inv] += amount;
        self.need[inv] = self.net[inv] - self.received[inv];
        self.need_c[inv] = exact_cents(self.need[inv]).unwrap_or(INEXACT);
        self.to_required_c[inv] = self.to_required_cents(inv);
        if let Some(slot) = self.slot_of.get(inv).and_then(|&k| self.slots.get_mut(k)) {
            slot.need_c = self.need_c[inv];
            slot.to_required_c = self.to_required_c[inv];
        }
        if !self.history {
            return;
        }
        if from_insurer {
            self.from_insurer[inv] += amount;
        }
        if self.payments[inv].last() != Some(&line) {
            self.payments[inv].push(line);
        }
    }
}

/// Client accounts learned in pass 1 from payments that rules 1–3
/// allocated to one client's invoices.
#[derive(Clone, Debug, Default)]
pub(crate) struct Learned {
    map: HashMap<Iban, Vec<(usize, String)>>,
}

impl Learned {
    /// Records that `iban` paid `client`'s invoice, by payment `from`; the
    /// first payment that taught it is the one cited.
    pub fn learn(&mut self, iban: &Iban, client: usize, from: &str) {
        let list = self.map.entry(iban.clone()).or_default();
        if !list.iter().any(|(c, _)| *c == client) {
            list.push((client, from.to_string()));
            list.sort();
        }
    }

    /// The payment that taught that `iban` is `client`'s, if any.
    pub fn learned_from(&self, iban: &Iban, client: usize) -> Option<&str> {
        self.map
            .get(iban)?
            .iter()
            .find(|(c, _)| *c == client)
            .map(|(_, p)| p.as_str())
    }

    /// Clients learned for an account, with the payment that taught each.
    pub fn clients(&self, iban: &Iban) -> &[(usize, String)] {
        self.map.get(iban).map_or(&[], Vec::as_slice)
    }
}

/// The clients an account belongs to, each with where that was learned,
/// sorted by client.
pub(crate) fn owners(book: &Book, learned: &Learned, iban: &Iban) -> Vec<(usize, How)> {
    let mut out: Vec<(usize, How)> = book
        .register_clients_of(iban)
        .iter()
        .map(|&c| (c, How::Register))
        .collect();
    for (c, from) in learned.clients(iban) {
        if !out.iter().any(|(x, _)| x == c) {
            out.push((*c, How::Learned(Text::from(from.as_str()))));
        }
    }
    out.sort_by_key(|(c, _)| *c);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::ledger::Ledger;
    use crate::matching::book::tests::{m, row};

    /// The cent path of `fits` and `is_open` gives the decimal path's
    /// answers, also next to the tolerance and with sub-cent amounts.
    #[test]
    fn fits_in_cents_agrees_with_decimals() {
        let ledger = Ledger {
            invoices: vec![
                row(2, "F-1", "K1", "Jansen", "100.00", "2026-01-01"),
                row(3, "F-2", "K1", "Jansen", "80.005", "2026-01-01"),
            ],
            ..Ledger::default()
        };
        let book = Book::build(&ledger, &Policy::default(), &mut Vec::new());
        for tol in ["0.01", "0.00", "0.005", "1"] {
            let mut acc = Accounts::new(&book, m(tol));
            for step in 0..3 {
                for inv in 0..book.invoices.len() {
                    for a in [
                        "100.00", "100.01", "99.99", "99.98", "80.00", "80.01", "60.00", "0.01",
                        "80.005", "100.004",
                    ] {
                        let amount = m(a);
                        let slow = if amount.within(acc.need[inv], acc.tolerance) {
                            Some(FitKind::Need)
                        } else if acc.required[inv]
                            .map(|r| r - acc.received[inv])
                            .is_some_and(|r| r > acc.tolerance && amount.within(r, acc.tolerance))
                        {
                            Some(FitKind::Required)
                        } else {
                            None
                        };
                        assert_eq!(
                            acc.fits(inv, amount, exact_cents(amount)),
                            slow,
                            "{tol} {a} {inv} {step}"
                        );
                        // The client-ordered copy gives the same answers.
                        let slots = acc.client_slots(book.invoices[inv].client);
                        let slot = slots.iter().find(|s| s.invoice == inv).unwrap();
                        assert_eq!(acc.slot_fits(slot, amount, exact_cents(amount)), slow);
                    }
                    assert_eq!(acc.is_open(&book, inv), acc.need[inv] > acc.tolerance);
                    let slots = acc.client_slots(book.invoices[inv].client);
                    let slot = slots.iter().find(|s| s.invoice == inv).unwrap();
                    assert_eq!(acc.slot_is_open(&book, slot), acc.is_open(&book, inv));
                }
                acc.allocate(0, m("20.00"), step, false);
                acc.allocate(1, m("19.995"), step, false);
            }
        }
    }
}
