//! Notes: the evidence behind every decision, and for payments left
//! undecided the best candidate invoices with why each was not taken, as
//! facts ([`crate::note`]) that `report/text` words. Notes go to the
//! report (names and IBANs are fine there), never to logs.

use crate::money::Money;
use crate::note::{self, CandidateWhy, Fact, Note};
use crate::text::Text;

use super::book::Book;

/// How many candidates a note lists.
pub(crate) const MAX_CANDIDATES: usize = 3;

/// An invoice that was considered and why it was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Considered {
    /// Index into [`Book::invoices`].
    pub invoice: usize,
    /// Why it was not taken.
    pub why: CandidateWhy,
    /// How close it came: 3 named (one edit off), 2 the exact amount,
    /// 1 the client's but another amount. Notes list the closest first.
    pub rank: u8,
}

impl Considered {
    /// A candidate with its reason.
    pub fn new(invoice: usize, why: CandidateWhy) -> Considered {
        Considered::ranked(1, invoice, why)
    }

    /// A candidate with its closeness (see [`Considered::rank`]).
    pub fn ranked(rank: u8, invoice: usize, why: CandidateWhy) -> Considered {
        Considered { invoice, why, rank }
    }
}

/// What was learned about an undecided payment on its way through the
/// rules: facts (whose account paid, …) and candidates, strongest
/// evidence first.
#[derive(Clone, Debug, Default)]
pub(crate) struct Explain {
    /// Facts about the payer or the payment.
    pub facts: Vec<Fact>,
    /// Candidate invoices, in the order found (strongest rules first).
    pub candidates: Vec<Considered>,
}

impl Explain {
    /// Adds a fact once.
    pub fn fact(&mut self, fact: Fact) {
        if !self.facts.contains(&fact) {
            self.facts.push(fact);
        }
    }

    /// Adds candidates; an invoice already listed keeps its first reason.
    pub fn add(&mut self, candidates: impl IntoIterator<Item = Considered>) {
        for c in candidates {
            if !self.candidates.iter().any(|x| x.invoice == c.invoice) {
                self.candidates.push(c);
            }
        }
    }

    /// The note of a payment no rule decided: no rule fitted, the facts,
    /// then up to three candidates, closest first.
    pub fn note(self, book: &Book) -> Note {
        if self.facts.is_empty() && self.candidates.is_empty() {
            // Most unmatched lines: nothing resembled them at all.
            return Note::NothingFitted;
        }
        let mut facts = Vec::with_capacity(self.facts.len() + 2);
        facts.push(Fact::NoRuleFitted);
        facts.extend(self.facts);
        if self.candidates.is_empty() {
            facts.push(Fact::NoCandidate);
        } else {
            let mut ranked = self.candidates;
            // Stable: equally close candidates keep the order found.
            ranked.sort_by_key(|c| std::cmp::Reverse(c.rank));
            let listed: Vec<note::Candidate> = ranked
                .into_iter()
                .take(MAX_CANDIDATES)
                .map(|c| note::Candidate {
                    invoice: number(book, c.invoice),
                    why: c.why,
                })
                .collect();
            facts.push(Fact::Candidates(listed.into_boxed_slice()));
        }
        Note::of(facts)
    }
}

/// Why a candidate's need is not the amount: the (positive) difference.
pub(crate) fn differs(amount: Money, need: Money, and: note::Besides) -> CandidateWhy {
    CandidateWhy::Differs {
        by: (amount - need).abs(),
        and,
    }
}

/// An invoice's number, as a note names it.
pub(crate) fn number(book: &Book, invoice: usize) -> Text {
    Text::from(book.invoices[invoice].number.as_str())
}

/// Invoice numbers, as a note names them.
pub(crate) fn numbers(book: &Book, invoices: impl IntoIterator<Item = usize>) -> Box<[Text]> {
    invoices.into_iter().map(|i| number(book, i)).collect()
}
