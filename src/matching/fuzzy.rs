//! Rule 3, fuzzy_reference: a description token one edit (insert, delete,
//! substitute, adjacent transpose) away from an invoice number of 6+
//! characters, accepted only when the payer's IBAN or name, or the amount,
//! supports that invoice, and never when two invoices are equally close.
//!
//! Finding the invoices near a token must not scan all invoices: the index
//! holds, for every invoice key, the hashes of the key and of each key with
//! one character deleted (a deletion neighbourhood). Two strings one edit
//! apart always share one of those forms, so a token's own deletion forms
//! find every candidate; each is then verified exactly, which also rules
//! out hash collisions and pairs that share a form but are two edits apart.

use crate::config::Policy;
use crate::money::Money;
use crate::note::{CandidateWhy, Support};
use crate::payment::BankLine;
use crate::reference;
use crate::text::Text;

use super::book::Book;
use super::explain::{self, Considered};
use super::names::PersonName;
use super::state::Accounts;
use super::state::Learned;

/// What rule 3 found for one payment.
pub(crate) enum Fuzzy {
    /// Accepted: the invoice, the token, and what supports it.
    Match {
        /// Invoice index.
        invoice: usize,
        /// The token as found (comparison form).
        token: String,
        /// The evidence, for the note.
        support: Support,
    },
    /// Near invoices that were not taken, with why.
    Rejected(Vec<Considered>),
}

/// The invoices one edit from a token of the line's description, each with
/// the first token that is near it. Depends on the book alone, so it is
/// found for all lines at once before the passes.
pub(crate) fn near_invoices(book: &Book, line: &BankLine) -> Vec<(usize, String)> {
    let mut near: Vec<(usize, String)> = Vec::new();
    for token in reference::match_tokens(&line.description) {
        for inv in book.fuzzy.near(&book.invoices, &token) {
            if !near.iter().any(|(i, _)| *i == inv) {
                near.push((inv, token.clone()));
            }
        }
    }
    near
}

/// Applies rule 3 to a credit no invoice number or reference named exactly.
///
/// `near` is [`near_invoices`] of the line, found beforehand.
pub(crate) fn decide(
    book: &Book,
    accounts: &Accounts,
    learned: &Learned,
    policy: &Policy,
    line: &BankLine,
    near: &[(usize, String)],
) -> Fuzzy {
    match near {
        [] => Fuzzy::Rejected(Vec::new()),
        [(inv, token)] => match support(book, accounts, learned, policy, line, *inv) {
            Some(support) => Fuzzy::Match {
                invoice: *inv,
                token: token.clone(),
                support,
            },
            None => Fuzzy::Rejected(vec![Considered::ranked(
                3,
                *inv,
                CandidateWhy::OneEditUnsupported(Text::from(token.as_str())),
            )]),
        },
        several => {
            let numbers = explain::numbers(book, several.iter().map(|(i, _)| *i));
            Fuzzy::Rejected(
                several
                    .iter()
                    .map(|(inv, token)| {
                        Considered::ranked(
                            3,
                            *inv,
                            CandidateWhy::EquallyClose {
                                token: Text::from(token.as_str()),
                                invoices: numbers.clone(),
                            },
                        )
                    })
                    .collect(),
            )
        }
    }
}

/// Why the payer or the amount supports an invoice, if anything does.
fn support(
    book: &Book,
    accounts: &Accounts,
    learned: &Learned,
    policy: &Policy,
    line: &BankLine,
    inv: usize,
) -> Option<Support> {
    let invoice = &book.invoices[inv];
    let client = &book.clients[invoice.client];
    if let Some(iban) = &line.counterparty_iban {
        if book.register_clients_of(iban).contains(&invoice.client) {
            return Some(Support::RegisterIban);
        }
        if let Some(from) = learned.learned_from(iban, invoice.client) {
            return Some(Support::LearnedIban(Text::from(from)));
        }
    }
    if let (Some(payer), Some(name)) = (PersonName::parse(&line.counterparty_name), &client.parsed)
        && payer.resembles(name)
    {
        return Some(Support::Name(Text::from(client.name.as_str())));
    }
    let tol = policy.tolerance;
    let amount = line.amount;
    let need = accounts.need(book, inv);
    if need > tol && amount.within(need, tol) {
        return Some(Support::Need(amount));
    }
    if let Some(req) = accounts.need_to_required(book, inv)
        && req > tol
        && amount.within(req, tol)
    {
        return Some(Support::NeedToRequired(amount));
    }
    if amount.within(invoice.net, tol) && invoice.net > Money::ZERO {
        return Some(Support::Net(amount));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Ledger;
    use crate::matching::book::tests::row;
    use crate::matching::fuzzy_index::{BASE, forms, one_edit, term};

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn deletion_forms_hash_like_the_strings_they_are() {
        // Each form's hash is the hash of the string it stands for, so two
        // strings one edit apart share a form.
        let whole = |s: &str| {
            let mut h = Vec::new();
            forms(&chars(s), &mut h);
            h
        };
        let one = |s: &str| {
            let mut h = 0u64;
            for c in s.chars() {
                h = h.wrapping_mul(BASE).wrapping_add(term(c));
            }
            h
        };
        let hs = whole("F2026001");
        for form in [
            "F2026001", "2026001", "F026001", "F226001", "F206001", "F202001", "F202601", "F202600",
        ] {
            assert!(hs.contains(&one(form)), "{form}");
        }
        assert_eq!(hs.len(), 8, "the two adjacent zeros give one form: {hs:?}");
        assert!(!hs.contains(&one("F2026002")));
        assert_eq!(whole(""), vec![0]);
    }

    #[test]
    fn one_edit_kinds() {
        assert!(one_edit(&chars("F2026001"), "F2026002")); // substitute
        assert!(one_edit(&chars("F202601"), "F2026001")); // insert
        assert!(one_edit(&chars("F20260011"), "F2026001")); // delete
        assert!(one_edit(&chars("F2062001"), "F2026001")); // transpose
        assert!(!one_edit(&chars("F2026001"), "F2026001"));
        assert!(!one_edit(&chars("F2620001"), "F2026001"));
        assert!(!one_edit(&chars("F2026012"), "F2026001"));
        assert!(!one_edit(&chars("F20260"), "F2026001"));
    }

    #[test]
    fn index_finds_every_kind_and_nothing_else() {
        let ledger = Ledger {
            invoices: vec![
                row(2, "F2026001", "K1", "Jansen", "10.00", "2026-01-01"),
                row(3, "F2026077", "K1", "Jansen", "10.00", "2026-01-01"),
                row(4, "F12", "K1", "Jansen", "10.00", "2026-01-01"),
            ],
            ..Ledger::default()
        };
        let book = Book::build(&ledger, &Policy::default(), &mut Vec::new());
        for token in ["F2026002", "F202601", "F20260011", "F2062001", "2026001"] {
            assert_eq!(book.fuzzy.near(&book.invoices, token), vec![1], "{token}");
        }
        assert!(
            book.fuzzy.near(&book.invoices, "F2026001").is_empty(),
            "exact is rule 2"
        );
        assert!(book.fuzzy.near(&book.invoices, "F2026055").is_empty());
        assert!(
            book.fuzzy.near(&book.invoices, "F13").is_empty(),
            "short keys are not indexed"
        );
        assert_eq!(book.fuzzy.near(&book.invoices, "F2026777"), vec![2]);
        assert_eq!(book.fuzzy.near(&book.invoices, "F2026007"), vec![1, 2]);
    }
}
