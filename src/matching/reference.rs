//! Rule 2, reference: the description (or the bank's structured reference
//! fields) names an invoice number or an invoice's payment reference. One
//! invoice gets the whole payment; several are served in the order
//! mentioned, each up to what it still needs, the remainder to the last.

use crate::ident::invoice_key_into;
use crate::money::Money;
use crate::note::{self, Fact};
use crate::payment::BankLine;
use crate::reference::{find_references, tokens};
use crate::text::Text;

use super::book::{Book, split_in_order};
use super::explain;
use super::state::Accounts;

/// One invoice named by a payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NamedInvoice {
    /// Index into [`Book::invoices`].
    pub invoice: usize,
    /// The text that named it, in comparison form.
    pub token: String,
    /// True when it was the invoice's payment reference, not its number.
    pub by_payment_reference: bool,
}

/// Visits the tokens of at least 4 characters, in comparison form, in the order a
/// reader meets them: the bank's structured references first (they are the
/// payer's explicit answer to "which invoice"), then the description's
/// tokens, then payment references written in groups of four digits.
///
/// Beyond the separators of docs/matching.md, a token whose edges carry other
/// punctuation (`#F2026001`, `F2026001!`) is also tried without it: an
/// accountant reads it as the number.
fn for_each_candidate(line: &BankLine, mut visit: impl FnMut(&str)) {
    let mut key = String::new();
    let mut try_key = |text: &str, key: &mut String| {
        invoice_key_into(text, key);
        // Byte length first: most words are short and ASCII.
        if key.len() >= 4 && key.chars().count() >= 4 {
            visit(key);
        }
    };
    for r in &line.references {
        try_key(r, &mut key);
    }
    for t in tokens(&line.description) {
        try_key(t, &mut key);
        let trimmed = t.trim_matches(|c: char| !c.is_alphanumeric());
        if trimmed.len() != t.len() {
            try_key(trimmed, &mut key);
        }
    }
    for r in find_references(&line.description) {
        try_key(&r, &mut key);
    }
}

/// Every invoice the payment names, each once, in the order named. A
/// payment reference printed on several invoices names all of them,
/// oldest first.
///
/// A token met twice names the same invoices twice; the second time adds
/// nothing, so tokens are not deduplicated first.
pub(crate) fn mentions(book: &Book, line: &BankLine) -> Vec<NamedInvoice> {
    let mut out: Vec<NamedInvoice> = Vec::new();
    let mut add = |invoice: usize, token: &str, by_payment_reference: bool| {
        if !out.iter().any(|m| m.invoice == invoice) {
            out.push(NamedInvoice {
                invoice,
                token: token.to_string(),
                by_payment_reference,
            });
        }
    };
    for_each_candidate(line, |token| {
        if let Some(&inv) = book.by_key.get(token) {
            add(inv, token, false);
        } else if let Some(list) = book.by_payment_reference.get(token) {
            for &inv in list {
                add(inv, token, true);
            }
        }
    });
    out
}

/// What rule 2 decided: the allocations (invoice, amount) and the note's
/// facts.
pub(crate) type Naming = (Vec<(usize, Money)>, Vec<Fact>);

/// Rule 2 for a credit: the allocations and the note's facts, or `None`
/// when the payment names no invoice.
pub(crate) fn decide(
    book: &Book,
    accounts: &Accounts,
    line: &BankLine,
    named: &[NamedInvoice],
) -> Option<Naming> {
    if named.is_empty() {
        return None;
    }
    let targets: Vec<(usize, Money)> = named
        .iter()
        .map(|m| (m.invoice, accounts.need(book, m.invoice)))
        .collect();
    let parts = split_in_order(line.amount, &targets);
    let mut facts: Vec<Fact> = Vec::with_capacity(named.len() + 1);
    facts.extend(named.iter().map(|m| Fact::Named(describe(book, m))));
    facts.push(if named.len() == 1 {
        Fact::WholePayment
    } else {
        Fact::InOrderNamed
    });
    Some((parts, facts))
}

/// What named an invoice, as a note states it.
pub(crate) fn describe(book: &Book, m: &NamedInvoice) -> note::Mention {
    note::Mention {
        token: Text::from(m.token.as_str()),
        invoice: explain::number(book, m.invoice),
        by_payment_reference: m.by_payment_reference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::ledger::Ledger;
    use crate::matching::book::tests::{m, row};
    use crate::matching::tests::bank;

    fn book() -> Book {
        let mut with_ref = row(4, "F-2026-003", "K2", "Pietersen", "50.00", "2026-01-03");
        with_ref.payment_reference = Some("5000 0567 8901 2345".into());
        let ledger = Ledger {
            invoices: vec![
                row(2, "F-2026-001", "K1", "Jansen", "100.00", "2026-01-01"),
                row(3, "F-2026-002", "K1", "Jansen", "200.00", "2026-01-02"),
                with_ref,
                row(5, "F12", "K1", "Jansen", "10.00", "2026-01-02"),
            ],
            ..Ledger::default()
        };
        Book::build(&ledger, &Policy::default(), &mut Vec::new())
    }

    #[test]
    fn finds_numbers_and_payment_references_in_order() {
        let b = book();
        let line = bank(
            "100.00",
            "NL01",
            "x",
            "betaling f2026.002 en (F/2026/001) F12",
        );
        let found: Vec<usize> = mentions(&b, &line).iter().map(|m| m.invoice).collect();
        assert_eq!(found, vec![1, 0], "short tokens are ignored");
        let line = bank("50.00", "NL01", "x", "kenmerk 5000 0567 8901 2345");
        let found = mentions(&b, &line);
        assert_eq!(found.len(), 1);
        assert!(found[0].by_payment_reference);
        let mut line = bank("50.00", "NL01", "x", "");
        line.references = vec!["5000056789012345".into()].into();
        assert_eq!(mentions(&b, &line)[0].invoice, 2);
        let line = bank("50.00", "NL01", "x", "nota #F2026003!");
        assert_eq!(mentions(&b, &line)[0].invoice, 2);
    }

    #[test]
    fn one_invoice_takes_all_several_share_in_order() {
        let b = book();
        let acc = Accounts::new(&b, m("0.01"));
        let line = bank("500.00", "NL01", "x", "F-2026-001");
        let (parts, note) = decide(&b, &acc, &line, &mentions(&b, &line)).unwrap();
        assert_eq!(parts, vec![(0, m("500.00"))]);
        assert_eq!(
            note,
            vec![
                Fact::Named(note::Mention {
                    token: "F2026001".into(),
                    invoice: "F-2026-001".into(),
                    by_payment_reference: false,
                }),
                Fact::WholePayment,
            ]
        );
        let line = bank("250.00", "NL01", "x", "F-2026-002 F-2026-001");
        let (parts, note) = decide(&b, &acc, &line, &mentions(&b, &line)).unwrap();
        assert_eq!(parts, vec![(1, m("200.00")), (0, m("50.00"))]);
        assert_eq!(note.last(), Some(&Fact::InOrderNamed));
        let line = bank("350.00", "NL01", "x", "F-2026-002 F-2026-001");
        let (parts, _) = decide(&b, &acc, &line, &mentions(&b, &line)).unwrap();
        assert_eq!(parts, vec![(1, m("200.00")), (0, m("150.00"))]);
    }
}
