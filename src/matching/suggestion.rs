//! Rule 6, suggestion: the payer's name resembles a client (same surname
//! after removing case, accents and particles, no conflicting initials)
//! and the amount fits one of that client's open invoices. Listed for
//! review, nothing applied. Also the last look for candidates to name in
//! the note of a payment that stays unmatched.

use crate::money::Money;
use crate::note::{Besides, CandidateWhy, Fact, Note, Suggested};
use crate::outcome::Rule;
use crate::payment::BankLine;
use crate::text::Text;

use super::book::{Book, cents, exact_cents};
use super::client_iban::nearest;
use super::decision::Decision;
use super::explain::{self, Considered, Explain};
use super::names::PersonName;
use super::state::Accounts;

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
    let mut fitting: Vec<Suggested> = Vec::new();
    let mut open_all: Vec<usize> = Vec::new();
    for &c in clients {
        for slot in accounts.client_slots(c) {
            if !accounts.slot_is_open(book, slot) {
                continue;
            }
            let inv = slot.invoice;
            open_all.push(inv);
            if let Some(kind) = accounts.slot_fits(slot, amount, amount_c) {
                let client = &book.clients[c];
                fitting.push(Suggested {
                    invoice: explain::number(book, inv),
                    client: Text::from(client.id.as_str()),
                    name: Text::from(client.name.as_str()),
                    kind,
                });
            }
        }
    }
    if fitting.is_empty() {
        if !clients.is_empty() {
            let ids: Box<[(Text, Text)]> = clients
                .iter()
                .take(explain::MAX_CANDIDATES)
                .map(|&c| {
                    let client = &book.clients[c];
                    (
                        Text::from(client.id.as_str()),
                        Text::from(client.name.as_str()),
                    )
                })
                .collect();
            explain.fact(Fact::Namesakes {
                clients: ids,
                open: !open_all.is_empty(),
            });
            explain.add(nearest(
                book,
                accounts,
                &open_all,
                amount,
                Besides::NameResembles,
            ));
        }
        return None;
    }
    let count = fitting.len();
    fitting.truncate(explain::MAX_CANDIDATES);
    Some(Decision::suggested(
        Rule::Suggestion,
        Note::of(vec![
            Fact::Suggest {
                payer: Text::from(line.counterparty_name.trim()),
                amount,
                count,
                fitting: fitting.into_boxed_slice(),
            },
            Fact::ForReview,
        ]),
    ))
}

/// Open invoices whose net amount is exactly the payment, for the note of
/// an unmatched payment, with why nothing connects them. Only the first
/// few of a common amount are looked at, oldest first. `payer_clients`
/// are the clients the payer's account belongs to (register or learned).
pub(crate) fn same_amount(
    book: &Book,
    accounts: &Accounts,
    payer_clients: &[usize],
    line: &BankLine,
) -> Vec<Considered> {
    let amount: Money = line.amount;
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
                    CandidateWhy::OtherClientsIban
                } else {
                    CandidateWhy::NothingPoints
                };
            Considered::ranked(2, i, why)
        })
        .collect()
}
