//! The book: invoices with their credit notes folded in, clients with the
//! accounts they pay from, and the indexes every rule looks things up in
//! (invoice key, payment reference, declaration number, net amount,
//! surname). Built once from the register and the specifications; the
//! money each invoice receives while matching lives in [`Accounts`].

use foldhash::{HashMap, HashMapExt};

use chrono::{Duration, NaiveDate};

use crate::config::Policy;
use crate::ident::{Iban, invoice_key};
use crate::ledger::Ledger;
use crate::money::Money;
use crate::note::FitKind;
use crate::problem::Problem;
use crate::source::Source;

use super::fuzzy::FuzzyIndex;
use super::names::{PersonName, SurnameClients};
use super::specification::{self, SpecTotals};
use crate::text::Text;

/// One invoice of the register, credit notes folded in.
#[derive(Clone, Debug)]
pub(crate) struct Invoice {
    /// Where the register row was read.
    pub source: Source,
    /// Number as the register writes it.
    pub number: Text,
    /// Number in comparison form ([`invoice_key`]).
    pub key: Text,
    /// Index into [`Book::clients`].
    pub client: usize,
    /// Invoice date.
    pub invoice_date: NaiveDate,
    /// Due date from the register; the final due date is [`Invoice::due_date`].
    pub register_due: Option<NaiveDate>,
    /// Due date: register, else invoice date + the insurer's payment term.
    pub due_date: NaiveDate,
    /// Insurer: register, else specification.
    pub insurer: Option<Text>,
    /// Amount billed.
    pub amount: Money,
    /// Sum of its credit notes, positive.
    pub credited: Money,
    /// amount − credited.
    pub net: Money,
    /// Structured payment reference in comparison form.
    pub payment_reference: Option<Text>,
    /// The sum of its accepted specification lines, if any.
    pub spec: Option<SpecTotals>,
    /// Its insurer's `client_share_floor`, looked up once.
    pub floor: rust_decimal::Decimal,
}

/// A client (debtor) of the register.
#[derive(Clone, Debug)]
pub(crate) struct Client {
    /// Client number.
    pub id: String,
    /// Name as the first register row (in path order) gives it.
    pub name: String,
    /// The name parsed for comparison with payer names.
    pub parsed: Option<PersonName>,
    /// Its invoices, oldest first (invoice date, then number).
    pub invoices: Vec<usize>,
}

/// One specification line as rule 4 needs it: whose invoice, how much the
/// insurer paid out for it.
#[derive(Clone, Debug)]
pub(crate) struct DeclaredLine {
    /// Index into [`Book::invoices`].
    pub invoice: usize,
    /// Paid out (as given or derived).
    pub paid_out: Money,
}

/// Everything the rules look up, built once.
#[derive(Debug, Default)]
pub(crate) struct Book {
    /// Invoices sorted by number (then source).
    pub invoices: Vec<Invoice>,
    /// Clients in order of first appearance (rows in path order).
    pub clients: Vec<Client>,
    /// Invoice key → invoice.
    pub by_key: HashMap<String, usize>,
    /// Payment reference (comparison form) → invoices, oldest first. One
    /// reference printed on several invoices names them all.
    pub by_payment_reference: HashMap<String, Vec<usize>>,
    /// Declaration number (comparison form) → its specification lines.
    pub by_declaration: HashMap<String, Vec<DeclaredLine>>,
    /// Client IBANs from the register → clients (sorted, unique).
    pub iban_clients: HashMap<Iban, Vec<usize>>,
    /// Net amount in cents → invoices, oldest first; for notes only.
    pub by_net: HashMap<i128, Vec<usize>>,
    /// Surname (folded, particles removed) → clients, in register order,
    /// each with its initials beside that surname.
    pub by_surname: HashMap<String, SurnameClients>,
    /// Insurer names from the register and the specifications, as written.
    pub register_insurers: Vec<String>,
    /// Deletion-neighbourhood index of invoice keys for rule 3.
    pub fuzzy: FuzzyIndex,
}

/// Money in whole cents, for hash keys (amounts are compared within the
/// tolerance elsewhere; keys only find exact cents).
pub(crate) fn cents(m: Money) -> i128 {
    use rust_decimal::prelude::ToPrimitive;
    m.decimal()
        .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
        .and_then(|d| d.round().to_i128())
        .unwrap_or(i128::MAX)
}

impl Book {
    /// Books the register and the specifications. Rows that cannot be
    /// booked become problems with their source; nothing is dropped
    /// silently.
    ///
    /// Rows are taken in source order (path, then line), whatever the order
    /// of the ledger, so the first of two rows with one invoice number is
    /// the same on every run. Two numbers with the same comparison form
    /// (`F-001` and `F001`) are one number: no payment could tell them apart.
    ///
    /// A row with `credit_for` and a negative (or zero) amount is a credit
    /// note; with a positive amount it is booked as an invoice of its own
    /// and a warning says so, because a positive credit note is more likely
    /// a correction invoice than a sign error we should guess at.
    pub fn build(ledger: &Ledger, policy: &Policy, problems: &mut Vec<Problem>) -> Book {
        let mut order: Vec<usize> = (0..ledger.invoices.len()).collect();
        order.sort_by(|&a, &b| {
            ledger.invoices[a]
                .source
                .cmp(&ledger.invoices[b].source)
                .then(a.cmp(&b))
        });

        let mut book = Book::default();
        let mut client_index: HashMap<String, usize> = HashMap::new();
        let mut first_of_key: HashMap<String, usize> = HashMap::new();
        let mut credit_notes = Vec::new();
        let mut invoices: Vec<Invoice> = Vec::with_capacity(ledger.invoices.len());
        for &i in &order {
            let row = &ledger.invoices[i];
            let credit_for = row
                .credit_for
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty());
            if let Some(target) = credit_for {
                if !row.amount.is_positive() {
                    credit_notes.push((i, target));
                    continue;
                }
                problems.push(Problem::warning(
                    row.source.clone(),
                    "row names an invoice it credits but has a positive amount; booked as an invoice of its own",
                    row.amount.to_string(),
                ));
            }
            let key = invoice_key(&row.number);
            if key.is_empty() {
                problems.push(Problem::error(
                    row.source.clone(),
                    "invoice has no number",
                    row.number.clone(),
                ));
                continue;
            }
            if let Some(&first) = first_of_key.get(&key) {
                problems.push(Problem::error(
                    row.source.clone(),
                    format!(
                        "duplicate invoice number: already booked from {}",
                        invoices[first].source
                    ),
                    row.number.clone(),
                ));
                continue;
            }
            let client_id = row.client_id.trim().to_string();
            let client = *client_index.entry(client_id.clone()).or_insert_with(|| {
                book.clients.push(Client {
                    id: client_id.clone(),
                    name: row.client_name.trim().to_string(),
                    parsed: PersonName::parse(&row.client_name),
                    invoices: Vec::new(),
                });
                book.clients.len() - 1
            });
            for iban in &row.client_ibans {
                let list = book.iban_clients.entry(iban.clone()).or_default();
                if !list.contains(&client) {
                    list.push(client);
                    list.sort_unstable();
                }
            }
            first_of_key.insert(key.clone(), invoices.len());
            invoices.push(Invoice {
                source: row.source.clone(),
                number: row.number.trim().into(),
                key: key.into(),
                client,
                invoice_date: row.invoice_date,
                register_due: row.due_date,
                due_date: row.invoice_date,
                insurer: row
                    .insurer
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Text::from),
                amount: row.amount,
                credited: Money::ZERO,
                net: row.amount,
                payment_reference: row
                    .payment_reference
                    .as_deref()
                    .map(invoice_key)
                    .filter(|s| !s.is_empty())
                    .map(Text::from),
                spec: None,
                floor: rust_decimal::Decimal::ZERO,
            });
        }

        // Sorted by number once, so that every index below points into the
        // final order and the output needs no second sort.
        invoices.sort_by(|a, b| a.number.cmp(&b.number).then(a.source.cmp(&b.source)));
        for (i, inv) in invoices.iter().enumerate() {
            book.by_key.insert(inv.key.to_string(), i);
        }

        for (i, target) in credit_notes {
            let row = &ledger.invoices[i];
            match book.by_key.get(&invoice_key(target)) {
                Some(&inv) => {
                    let invoice = &mut invoices[inv];
                    invoice.credited -= row.amount;
                    invoice.net = invoice.amount - invoice.credited;
                }
                None => problems.push(Problem::error(
                    row.source.clone(),
                    "credit note for an unknown invoice",
                    target.to_string(),
                )),
            }
        }
        book.invoices = invoices;

        specification::apply(&mut book, &ledger.spec_lines, policy, problems);

        for (i, inv) in book.invoices.iter_mut().enumerate() {
            let ip = policy.for_insurer(inv.insurer.as_deref());
            let term = ip.payment_term_days;
            inv.floor = ip.client_share_floor;
            inv.due_date = inv.register_due.unwrap_or_else(|| {
                inv.invoice_date
                    .checked_add_signed(Duration::days(i64::from(term)))
                    .unwrap_or(inv.invoice_date)
            });
            book.clients[inv.client].invoices.push(i);
            if let Some(r) = &inv.payment_reference {
                book.by_payment_reference
                    .entry(r.to_string())
                    .or_default()
                    .push(i);
            }
            book.by_net.entry(cents(inv.net)).or_default().push(i);
        }
        let invoices = &book.invoices;
        let oldest_first = |a: &usize, b: &usize| {
            let (x, y) = (&invoices[*a], &invoices[*b]);
            x.invoice_date
                .cmp(&y.invoice_date)
                .then(x.number.cmp(&y.number))
        };
        for c in &mut book.clients {
            c.invoices.sort_by(oldest_first);
        }
        for list in book.by_payment_reference.values_mut() {
            list.sort_by(oldest_first);
        }
        for list in book.by_net.values_mut() {
            list.sort_by(oldest_first);
        }
        for (i, c) in book.clients.iter().enumerate() {
            if let Some(p) = &c.parsed {
                let list = book.by_surname.entry(p.surname.clone()).or_default();
                list.push(i, p.own_initials());
            }
        }
        for list in book.by_surname.values_mut() {
            list.finish();
        }
        // Borrowed until deduplicated: one string per distinct insurer, not
        // two per invoice and specification line.
        let mut insurers: Vec<&str> = book
            .invoices
            .iter()
            .filter_map(|i| i.insurer.as_deref())
            .chain(
                ledger
                    .spec_lines
                    .iter()
                    .filter_map(|l| l.insurer.as_deref()),
            )
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        insurers.sort_unstable();
        insurers.dedup();
        book.register_insurers = insurers.into_iter().map(str::to_string).collect();
        book.fuzzy = FuzzyIndex::build(
            book.invoices
                .iter()
                .enumerate()
                .map(|(i, inv)| (i, inv.key.as_str())),
        );
        book
    }

    /// Drops the indexes that only find what a line names (invoice keys,
    /// payment references, deletion forms): once that is found for every
    /// line, before the passes, they are dead weight.
    pub fn forget_naming_indexes(&mut self) {
        self.by_key = HashMap::new();
        self.by_payment_reference = HashMap::new();
        self.fuzzy = FuzzyIndex::default();
    }

    /// Drops the look-up indexes once every payment is decided: what is
    /// left (invoices and clients) is all the outcomes need, and the
    /// memory goes to them instead of adding to the peak.
    pub fn forget_indexes(&mut self) {
        self.forget_naming_indexes();
        self.by_declaration = HashMap::new();
        self.iban_clients = HashMap::new();
        self.by_net = HashMap::new();
        self.by_surname = HashMap::new();
    }

    /// The clients an account belongs to according to the register.
    pub fn register_clients_of(&self, iban: &Iban) -> &[usize] {
        self.iban_clients.get(iban).map_or(&[], Vec::as_slice)
    }
}

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
    /// Net per invoice, for `need`.
    net: Vec<Money>,
    /// The required amount per invoice with a specification (fixed once
    /// the book is built).
    required: Vec<Option<Money>>,
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
    client_start: Vec<usize>,
    /// The slot of each invoice.
    slot_of: Vec<usize>,
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

/// Marks an amount that is not a whole number of cents.
const INEXACT: i64 = i64::MIN;

/// `m` in whole cents when it has at most two decimals (then comparing
/// cents is comparing the amounts), else `None`.
pub(crate) fn exact_cents(m: Money) -> Option<i64> {
    let d = m.decimal();
    let factor: i64 = match d.scale() {
        0 => 100,
        1 => 10,
        2 => 1,
        _ => return None,
    };
    i64::try_from(d.mantissa())
        .ok()?
        .checked_mul(factor)
        .filter(|&c| c != INEXACT)
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
            client_start: Vec::new(),
            slot_of: Vec::new(),
        }
        .with_cents()
        .with_slots(book)
    }

    /// Lays the invoices out client by client (see `slots`).
    fn with_slots(mut self, book: &Book) -> Accounts {
        let n = book.invoices.len();
        self.slots.reserve(n);
        self.slot_of = vec![0; n];
        self.client_start.reserve(book.clients.len() + 1);
        for c in &book.clients {
            self.client_start.push(self.slots.len());
            for &inv in &c.invoices {
                self.slot_of[inv] = self.slots.len();
                self.slots.push(Slot {
                    invoice: inv,
                    need_c: self.need_c[inv],
                    to_required_c: self.to_required_c[inv],
                });
            }
        }
        self.client_start.push(self.slots.len());
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
        if from_insurer {
            self.from_insurer[inv] += amount;
        }
        if self.payments[inv].last() != Some(&line) {
            self.payments[inv].push(line);
        }
    }
}

/// Splits `amount` over invoices in the given order, each up to its cap
/// (what it still needs, or a specification line's paid-out amount), the
/// remainder to the last (docs/matching.md rule 2). Zero parts are left out. The
/// parts always sum to `amount` exactly.
pub(crate) fn split_in_order(amount: Money, targets: &[(usize, Money)]) -> Vec<(usize, Money)> {
    let mut out: Vec<(usize, Money)> = Vec::new();
    let mut left = amount;
    for (i, &(inv, cap)) in targets.iter().enumerate() {
        let give = if i + 1 == targets.len() {
            left
        } else {
            left.min(cap.max(Money::ZERO))
        };
        if give.is_zero() {
            continue;
        }
        match out.iter_mut().find(|(x, _)| *x == inv) {
            Some(part) => part.1 += give,
            None => out.push((inv, give)),
        }
        left -= give;
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::invoice::InvoiceRow;
    use std::sync::Arc;

    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(crate) fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    /// A register row: number, client id, name, amount, invoice date.
    pub(crate) fn row(
        line: u64,
        number: &str,
        client: &str,
        name: &str,
        amount: &str,
        date: &str,
    ) -> InvoiceRow {
        let path: Arc<str> = Arc::from("invoices/register.csv");
        InvoiceRow {
            source: Source::line(&path, line),
            number: number.into(),
            client_id: client.into(),
            client_name: name.into(),
            amount: m(amount),
            invoice_date: d(date),
            due_date: None,
            insurer: None,
            client_ibans: Vec::new(),
            payment_reference: None,
            credit_for: None,
        }
    }

    #[test]
    fn exact_cents_only_for_two_decimals_or_fewer() {
        assert_eq!(exact_cents(m("12.34")), Some(1234));
        assert_eq!(exact_cents(m("12.3")), Some(1230));
        assert_eq!(exact_cents(m("-7")), Some(-700));
        assert_eq!(exact_cents(m("0.00")), Some(0));
        assert_eq!(exact_cents(m("1.005")), None);
        assert_eq!(exact_cents(m("1.000")), None);
    }

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

    #[test]
    fn credit_notes_fold_into_their_invoice() {
        let mut credit = row(3, "C-1", "K1", "Jansen", "-100.00", "2026-02-01");
        credit.credit_for = Some("F-0001".into());
        let mut stray = row(4, "C-2", "K1", "Jansen", "-5.00", "2026-02-01");
        stray.credit_for = Some("F-9999".into());
        let ledger = Ledger {
            invoices: vec![
                row(2, "F-0001", "K1", "Jansen", "1000.00", "2026-01-01"),
                credit,
                stray,
            ],
            ..Ledger::default()
        };
        let mut problems = Vec::new();
        let book = Book::build(&ledger, &Policy::default(), &mut problems);
        assert_eq!(book.invoices.len(), 1);
        assert_eq!(book.invoices[0].credited, m("100.00"));
        assert_eq!(book.invoices[0].net, m("900.00"));
        assert_eq!(book.invoices[0].due_date, d("2026-01-31"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].problem, "credit note for an unknown invoice");
        assert_eq!(problems[0].source.to_string(), "invoices/register.csv:4");
    }

    #[test]
    fn duplicate_numbers_are_errors_and_the_first_in_path_order_wins() {
        let mut later = row(9, "F.0001", "K2", "Pietersen", "50.00", "2026-01-01");
        later.source = Source::line(&Arc::from("invoices/b.csv"), 2);
        let mut earlier = row(5, "F-0001", "K1", "Jansen", "1000.00", "2026-01-01");
        earlier.source = Source::line(&Arc::from("invoices/a.csv"), 5);
        let ledger = Ledger {
            invoices: vec![later, earlier],
            ..Ledger::default()
        };
        let mut problems = Vec::new();
        let book = Book::build(&ledger, &Policy::default(), &mut problems);
        assert_eq!(book.invoices.len(), 1);
        assert_eq!(book.invoices[0].amount, m("1000.00"));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].problem.contains("duplicate invoice number"));
        assert_eq!(problems[0].source.to_string(), "invoices/b.csv:2");
    }

    #[test]
    fn due_date_from_register_else_insurer_term() {
        let text = "[policy.insurer.\"VGZ\"]\npayment_term_days = 14\n";
        let policy = Policy::from_toml(text).unwrap();
        let mut a = row(2, "F1", "K1", "Jansen", "10.00", "2026-01-01");
        a.insurer = Some("vgz".into());
        let mut b = row(3, "F2", "K1", "Jansen", "10.00", "2026-01-01");
        b.due_date = Some(d("2026-01-05"));
        let c = row(4, "F3", "K1", "Jansen", "10.00", "2026-01-01");
        let ledger = Ledger {
            invoices: vec![a, b, c],
            ..Ledger::default()
        };
        let book = Book::build(&ledger, &policy, &mut Vec::new());
        let due: Vec<NaiveDate> = book.invoices.iter().map(|i| i.due_date).collect();
        assert_eq!(due, vec![d("2026-01-15"), d("2026-01-05"), d("2026-01-31")]);
    }

    #[test]
    fn split_gives_each_its_need_and_the_rest_to_the_last() {
        let s = split_in_order(
            m("100.00"),
            &[(0, m("30.00")), (1, m("50.00")), (2, m("5.00"))],
        );
        assert_eq!(s, vec![(0, m("30.00")), (1, m("50.00")), (2, m("20.00"))]);
        let s = split_in_order(m("20.00"), &[(0, m("30.00")), (1, m("50.00"))]);
        assert_eq!(s, vec![(0, m("20.00"))]);
        let s = split_in_order(m("20.00"), &[(0, m("0.00")), (1, m("50.00"))]);
        assert_eq!(s, vec![(1, m("20.00"))]);
    }
}
