//! Rule 6, suggestion: the payer's name resembles a client (same surname
//! after removing case, accents and particles, no conflicting initials)
//! and the amount fits one of that client's open invoices. Listed for
//! review, nothing applied. Also the last look for candidates to name in
//! the note of a payment that stays unmatched.

use crate::money::Money;
use crate::outcome::Rule;
use crate::payment::BankLine;

use super::Decision;
use super::book::{Accounts, Book, cents, exact_cents};
use super::client_iban::{Learned, nearest, owners};
use super::explain::{self, Candidate, Explain};
use super::names::PersonName;

/// Most clients with a resembling name that are looked at for one payment
/// (a very common surname should not make one payment cost thousands of
/// look-ups); the first in register order are taken.
const MAX_NAMESAKES: usize = 64;

/// Clients whose name the payer's name resembles, in register order.
///
/// Every client listed under a word has that word as surname, so only the
/// initials are left to compare ([`PersonName::resembles`] without
/// allocating).
pub(crate) fn namesakes(book: &Book, payer: &PersonName) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for word in &payer.words {
        let Some(list) = book.by_surname.get(word) else {
            continue;
        };
        let mine = payer.initials_for(word);
        // Up to MAX_NAMESAKES new ones are taken from this word; the others
        // may already be in `out`, so ask for twice as many.
        for c in list.agreeing(&mine, 2 * MAX_NAMESAKES) {
            if out.len() >= MAX_NAMESAKES {
                break;
            }
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out.sort_unstable();
    out
}

/// The clients the line's payer resembles ([`namesakes`] of its parsed
/// name; none when the name does not parse). Depends on the book alone.
pub(crate) fn payer_namesakes(book: &Book, line: &BankLine) -> Vec<usize> {
    PersonName::parse(&line.counterparty_name).map_or_else(Vec::new, |p| namesakes(book, &p))
}

/// Rule 6 for a credit no earlier rule decided; `clients` are its payer's
/// [`payer_namesakes`].
pub(crate) fn decide(
    book: &Book,
    accounts: &Accounts,
    line: &BankLine,
    clients: &[usize],
    explain: &mut Explain,
) -> Option<Decision> {
    let amount = line.amount;
    let amount_c = exact_cents(amount);
    let mut fitting: Vec<(usize, String)> = Vec::new();
    let mut open_all: Vec<usize> = Vec::new();
    for &c in clients {
        for slot in accounts.client_slots(c) {
            if !accounts.slot_is_open(book, slot) {
                continue;
            }
            let inv = slot.invoice;
            open_all.push(inv);
            if let Some(why) = accounts.slot_fits(slot, amount, amount_c) {
                let client = &book.clients[c];
                fitting.push((
                    inv,
                    format!(
                        "{} of {} ({}): {why}",
                        book.invoices[inv].number, client.id, client.name
                    ),
                ));
            }
        }
    }
    if fitting.is_empty() {
        if !clients.is_empty() {
            let ids: Vec<String> = clients
                .iter()
                .take(explain::MAX_CANDIDATES)
                .map(|&c| format!("{} ({})", book.clients[c].id, book.clients[c].name))
                .collect();
            let but = if open_all.is_empty() {
                "but they have no open invoice"
            } else {
                "but the amount fits none of their open invoices"
            };
            explain.fact(format!(
                "the payer's name resembles client {}, {but}",
                ids.join(", ")
            ));
            explain.add(nearest(
                book,
                accounts,
                &open_all,
                amount,
                "the name resembles the client",
            ));
        }
        return None;
    }
    let listed: Vec<&str> = fitting
        .iter()
        .take(explain::MAX_CANDIDATES)
        .map(|(_, s)| s.as_str())
        .collect();
    let head = if fitting.len() == 1 {
        format!(
            "the payer's name {} resembles the client and the amount {amount} fits",
            line.counterparty_name.trim()
        )
    } else {
        format!(
            "the payer's name {} resembles a client and the amount {amount} fits {} invoices",
            line.counterparty_name.trim(),
            fitting.len()
        )
    };
    Some(Decision::suggested(
        Rule::Suggestion,
        format!("{head}: {}; for review, nothing applied", listed.join("; ")),
    ))
}

/// Open invoices whose net amount is exactly the payment, for the note of
/// an unmatched payment, with why nothing connects them. Only the first
/// few of a common amount are looked at, oldest first.
pub(crate) fn same_amount(
    book: &Book,
    accounts: &Accounts,
    learned: &Learned,
    line: &BankLine,
) -> Vec<Candidate> {
    let amount: Money = line.amount;
    let payer_clients: Vec<usize> = line
        .counterparty_iban
        .as_ref()
        .map(|i| {
            owners(book, learned, i)
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        })
        .unwrap_or_default();
    book.by_net
        .get(&cents(amount))
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .take(50)
        .copied()
        .filter(|&i| {
            accounts.is_open(book, i) && accounts.need(book, i).within(amount, accounts.tolerance)
        })
        .take(explain::MAX_CANDIDATES)
        .map(|i| {
            let why =
                if !payer_clients.is_empty() && !payer_clients.contains(&book.invoices[i].client) {
                    "the amount fits, but the IBAN belongs to another client"
                } else {
                    "the amount fits, but no reference, IBAN or name points to it"
                };
            Candidate::ranked(2, i, why)
        })
        .collect()
}
