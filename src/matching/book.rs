//! The book: invoices with their credit notes folded in, clients with the
//! accounts they pay from, and the indexes every rule looks things up in
//! (invoice key, payment reference, declaration number, net amount,
//! surname). Built once from the register and the specifications; the
//! money each invoice receives while matching lives in `state.rs`.

use foldhash::{HashMap, HashMapExt};

use chrono::Duration;

use crate::config::Policy;
use crate::ident::{Iban, invoice_key};
use crate::ledger::Ledger;
use crate::money::Money;
use crate::problem::Problem;

use super::entries::{Client, DeclaredLine, Invoice};
use super::fuzzy_index::FuzzyIndex;
use super::names::{PersonName, SurnameClients};
use super::specification::{self, SpecBook};
use crate::text::Text;

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
                    crate::problem::ProblemKind::CreditPositive,
                    row.amount.to_string(),
                ));
            }
            let key = invoice_key(&row.number);
            if key.is_empty() {
                problems.push(Problem::error(
                    row.source.clone(),
                    crate::problem::ProblemKind::NoInvoiceNumber,
                    row.number.clone(),
                ));
                continue;
            }
            if let Some(&first) = first_of_key.get(&key) {
                problems.push(Problem::error(
                    row.source.clone(),
                    crate::problem::ProblemKind::DuplicateInvoice {
                        first: invoices[first].source.clone(),
                    },
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
                    crate::problem::ProblemKind::CreditUnknownInvoice,
                    target.to_string(),
                )),
            }
        }
        book.invoices = invoices;

        let parts = SpecBook {
            invoices: &mut book.invoices,
            clients: &book.clients,
            by_key: &book.by_key,
            by_declaration: &mut book.by_declaration,
        };
        specification::apply(parts, &ledger.spec_lines, policy, problems);

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

/// Marks an amount that is not a whole number of cents.
pub(crate) const INEXACT: i64 = i64::MIN;

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
    use crate::source::Source;
    use chrono::NaiveDate;
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
            contact: Default::default(),
            agent: None,
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
        assert_eq!(
            problems[0].kind,
            crate::problem::ProblemKind::CreditUnknownInvoice
        );
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
        assert!(matches!(
            &problems[0].kind,
            crate::problem::ProblemKind::DuplicateInvoice { first }
                if first.to_string() == "invoices/a.csv:5"
        ));
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
