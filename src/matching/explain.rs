//! Notes: the evidence behind every decision, and for payments left
//! undecided the best candidate invoices with why each was not taken.
//! Notes go to the report (names and IBANs are fine there), never to logs.

use std::borrow::Cow;

use crate::money::Money;

use super::book::Book;

/// How many candidates a note lists.
pub(crate) const MAX_CANDIDATES: usize = 3;

/// An invoice that was considered and why it was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Index into [`Book::invoices`].
    pub invoice: usize,
    /// Why it was not taken, e.g. "amount differs by 12.50".
    pub why: String,
    /// How close it came: 3 named (one edit off), 2 the exact amount,
    /// 1 the client's but another amount. Notes list the closest first.
    pub rank: u8,
}

impl Candidate {
    /// A candidate with its reason.
    pub fn new(invoice: usize, why: impl Into<String>) -> Candidate {
        Candidate::ranked(1, invoice, why)
    }

    /// A candidate with its closeness (see [`Candidate::rank`]).
    pub fn ranked(rank: u8, invoice: usize, why: impl Into<String>) -> Candidate {
        Candidate {
            invoice,
            why: why.into(),
            rank,
        }
    }
}

/// What was learned about an undecided payment on its way through the
/// rules: facts ("IBAN belongs to client K1 (register)") and candidates,
/// strongest evidence first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Explain {
    /// Sentences about the payer or the payment.
    pub facts: Vec<String>,
    /// Candidate invoices, in the order found (strongest rules first).
    pub candidates: Vec<Candidate>,
}

impl Explain {
    /// Adds a fact once.
    pub fn fact(&mut self, fact: impl Into<String>) {
        let fact = fact.into();
        if !self.facts.contains(&fact) {
            self.facts.push(fact);
        }
    }

    /// Adds candidates; an invoice already listed keeps its first reason.
    pub fn add(&mut self, candidates: impl IntoIterator<Item = Candidate>) {
        for c in candidates {
            if !self.candidates.iter().any(|x| x.invoice == c.invoice) {
                self.candidates.push(c);
            }
        }
    }

    /// The note: the facts, then up to three candidates with their reasons.
    pub fn note(&self, book: &Book, lead: &'static str) -> Cow<'static, str> {
        if self.facts.is_empty() && self.candidates.is_empty() {
            // Most unmatched lines: nothing resembled them at all.
            return match lead {
                "no rule fitted" => Cow::Borrowed("no rule fitted; no candidate invoice"),
                "" => Cow::Borrowed("no candidate invoice"),
                _ => Cow::Owned(format!("{lead}; no candidate invoice")),
            };
        }
        let mut parts: Vec<String> = Vec::new();
        if !lead.is_empty() {
            parts.push(lead.to_string());
        }
        parts.extend(self.facts.iter().cloned());
        if self.candidates.is_empty() {
            parts.push("no candidate invoice".into());
        } else {
            let mut ranked: Vec<&Candidate> = self.candidates.iter().collect();
            // Stable: equally close candidates keep the order found.
            ranked.sort_by_key(|c| std::cmp::Reverse(c.rank));
            let listed: Vec<String> = ranked
                .into_iter()
                .take(MAX_CANDIDATES)
                .map(|c| format!("{} ({})", book.invoices[c.invoice].number, c.why))
                .collect();
            parts.push(format!("candidates: {}", listed.join("; ")));
        }
        Cow::Owned(parts.join("; "))
    }
}

/// "amount differs by 12.50" (always a positive difference).
pub(crate) fn differs(amount: Money, need: Money) -> String {
    format!("amount differs by {}", (amount - need).abs())
}

/// Invoice numbers joined for a note: "F1, F2".
pub(crate) fn numbers(book: &Book, invoices: impl IntoIterator<Item = usize>) -> String {
    invoices
        .into_iter()
        .map(|i| book.invoices[i].number.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Allocations for a note: "F1 300.00, F2 400.00".
pub(crate) fn allocations(book: &Book, parts: &[(usize, Money)]) -> String {
    parts
        .iter()
        .map(|(i, a)| format!("{} {a}", book.invoices[*i].number))
        .collect::<Vec<_>>()
        .join(", ")
}
