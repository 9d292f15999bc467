//! The evidence behind a payment's decision, stated as facts: the token
//! that named the invoice, where an IBAN was learned, the amounts
//! compared, the candidates and why each was not taken. `matching/`
//! decides them; `report/text` writes them in Dutch or English
//! (docs/matching.md, "The note, in short"). Invoice numbers, ids and
//! tokens are [`Text`], held in place when short; the lists a payment
//! allocated to are not repeated here: the report takes them from the
//! outcome's allocations.

use crate::ident::Iban;
use crate::money::Money;
use crate::source::Source;
use crate::text::Text;

/// A payment's note. The fixed notes most lines get cost no allocation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// No rule fitted and nothing resembled the payment.
    NothingFitted,
    /// A debit that names no invoice: not a client payment.
    Debit,
    /// A line of amount zero.
    ZeroAmount,
    /// A transfer between the provider's own accounts.
    OwnTransfer,
    /// A line no stage decided (should not happen; kept total).
    NotDecided,
    /// Facts in order, each a clause of the note.
    Facts(Box<[Fact]>),
}

impl Note {
    /// A note of these facts.
    pub fn of(facts: Vec<Fact>) -> Note {
        Note::Facts(facts.into_boxed_slice())
    }

    /// The facts of the note (none for the fixed notes).
    pub fn facts(&self) -> &[Fact] {
        match self {
            Note::Facts(f) => f,
            _ => &[],
        }
    }

    /// The invoice numbers the note names as candidates or as the invoice
    /// a token named, in the order a note states them, each once.
    pub fn invoices(&self) -> Vec<&str> {
        fn add<'a>(out: &mut Vec<&'a str>, n: &'a Text) {
            if !out.contains(&n.as_str()) {
                out.push(n.as_str());
            }
        }
        let mut out: Vec<&str> = Vec::new();
        for f in self.facts() {
            match f {
                Fact::Named(m) => add(&mut out, &m.invoice),
                Fact::OneEdit { invoice, .. } => add(&mut out, invoice),
                Fact::Refund { mention, .. } => add(&mut out, &mention.invoice),
                Fact::NotARefund { invoices } | Fact::DidNotStay { invoices } => {
                    invoices.iter().for_each(|n| add(&mut out, n))
                }
                Fact::Account { what, .. } => match what {
                    AccountFact::Fits(fit) | AccountFact::OnlyOneFits(fit) => {
                        add(&mut out, &fit.invoice)
                    }
                    AccountFact::SeveralFit { invoices, .. } => {
                        invoices.iter().for_each(|n| add(&mut out, n))
                    }
                    AccountFact::SumOfNeeds { parts, .. } => {
                        parts.iter().for_each(|(n, _)| add(&mut out, n))
                    }
                    AccountFact::SeveralSets { sets, .. } => {
                        sets.iter().flatten().for_each(|n| add(&mut out, n))
                    }
                    _ => {}
                },
                Fact::Suggest { fitting, .. } => {
                    fitting.iter().for_each(|s| add(&mut out, &s.invoice))
                }
                Fact::Candidates(list) => {
                    for c in list.iter() {
                        add(&mut out, &c.invoice);
                        if let CandidateWhy::EquallyClose { invoices, .. } = &c.why {
                            invoices.iter().for_each(|n| add(&mut out, n));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// One clause of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The line was read already from an earlier file.
    Duplicate {
        /// Where it was read first.
        first: Source,
    },
    /// The same booking (own account, booking date, amount, and the
    /// counterparty account where both name one) was read from an export
    /// in another format that comes earlier in path order.
    SameBooking {
        /// The line that counts.
        first: Source,
        /// True when both name a counterparty account (the same), so it
        /// was compared too.
        counterparty: bool,
    },
    /// A debit naming invoices whose client is not the payee.
    NotARefund {
        /// The invoices it names.
        invoices: Box<[Text]>,
    },
    /// The payer is an insurer (before the evidence of rules 2 and 3).
    FromInsurer {
        /// The insurer's name.
        insurer: Text,
    },
    /// An insurer's payment naming nothing known.
    InsurerNamesNothing {
        /// The insurer's name.
        insurer: Text,
    },
    /// No rule fitted (before the candidates).
    NoRuleFitted,
    /// A billing agent received this payment from the client (before the
    /// invoice it names).
    AgentReceipt {
        /// The agent.
        agent: Text,
        /// The payout (batch) it went out in, as the statement writes it.
        payout: Option<Text>,
    },
    /// An agent's receipt for an invoice the register does not have.
    AgentUnknownInvoice {
        /// The invoice number (or payment reference) as the statement
        /// writes it.
        invoice: Text,
    },
    /// A payout from a billing agent's account, paid for its batch.
    AgentPayout {
        /// The agent.
        agent: Text,
        /// The batch: its payout number, else its statement file.
        batch: Text,
    },
    /// A payout from an agent's account for another amount than its batch.
    AgentPayoutDiffers {
        /// The agent.
        agent: Text,
        /// The batch: its payout number, else its statement file.
        batch: Text,
        /// What the batch is worth (received less fees).
        expected: Money,
    },
    /// A payout from an agent's account that no statement accounts for.
    AgentPayoutNoStatement {
        /// The agent.
        agent: Text,
    },
    /// A token of the description named an invoice.
    Named(Mention),
    /// Rule 2, one invoice named: it takes the whole payment.
    WholePayment,
    /// Rule 2, several named: in order, each up to its need (the
    /// allocations follow).
    InOrderNamed,
    /// Rule 3: a token one edit from an invoice number.
    OneEdit {
        /// The token as found.
        token: Text,
        /// The invoice number.
        invoice: Text,
    },
    /// Rule 3: what supports the invoice one edit away.
    Support(Support),
    /// Rule 4: an insurer's payment naming declarations.
    Declarations {
        /// The insurer's name.
        insurer: Text,
        /// Recognised by its IBAN (else by its name).
        by_iban: bool,
        /// The declaration numbers named, in order.
        declarations: Box<[Text]>,
    },
    /// Rule 4: split by paid-out amounts (the allocations follow).
    SplitByPaidOut,
    /// Rule 4: the payment is not the paid-out total.
    PaidOutDiffers {
        /// The paid-out total of the declarations.
        paid_out: Money,
        /// The difference, positive.
        by: Money,
    },
    /// Rule 5: what the payer's account says.
    Account {
        /// Whose account it is.
        who: Box<Who>,
        /// What was found for its owner(s).
        what: AccountFact,
    },
    /// Rule 5: the subset search gave up.
    TooManyCombinations {
        /// Open invoices searched.
        open: usize,
    },
    /// Rule 6 did not suggest: the payer's name resembles clients.
    Namesakes {
        /// Up to three clients: id and name.
        clients: Box<[(Text, Text)]>,
        /// True when they have open invoices (none fits the amount).
        open: bool,
    },
    /// Rule 6 suggests invoices.
    Suggest {
        /// The payer's name as written.
        payer: Text,
        /// The payment's amount.
        amount: Money,
        /// How many invoices fit.
        count: usize,
        /// Up to three of them.
        fitting: Box<[Suggested]>,
    },
    /// Rule 6: nothing was applied.
    ForReview,
    /// Rule 1: ignored by the accountant.
    OverrideIgnored {
        /// The override rows or decision cells.
        sources: Box<[Source]>,
    },
    /// Rule 1: the rows left nothing to allocate.
    OverrideNothing {
        /// The override rows or decision cells.
        sources: Box<[Source]>,
    },
    /// Rule 1: allocated by the accountant (the allocations follow).
    OverrideAllocated {
        /// The override rows or decision cells.
        sources: Box<[Source]>,
    },
    /// Rule 1: part of the payment stays unallocated.
    LeftUnallocated(Money),
    /// Rule 1: the accountant's notes, as written.
    AccountantNotes(Box<[Text]>),
    /// A return, and the payment it returns.
    ReturnOf(Box<Returned>),
    /// Both lines of a return cancel out.
    BothCancelOut,
    /// A payment, and the return that returns it.
    ReturnedBy(Box<Returned>),
    /// The returned payment's invoices (none: no invoice) keep nothing.
    DidNotStay {
        /// The invoices it named.
        invoices: Box<[Text]>,
    },
    /// A return whose original is not in the bank files.
    LoneReturn {
        /// The bank's return reason, if stated.
        reason: Option<Text>,
    },
    /// A refund to a client, for the invoice the debit names.
    Refund {
        /// The client's number.
        client: Text,
        /// The client's name.
        name: Text,
        /// What named the invoice.
        mention: Mention,
    },
    /// A refund's payee is the client by IBAN.
    PayeeIban(How),
    /// A refund's payee is the client by name.
    PayeeName,
    /// Candidate invoices, closest first, and why each was not taken.
    Candidates(Box<[Candidate]>),
    /// No invoice came close.
    NoCandidate,
}

/// A token that named an invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The token as found.
    pub token: Text,
    /// The invoice number.
    pub invoice: Text,
    /// True for a payment reference (betalingskenmerk) on the invoice.
    pub by_payment_reference: bool,
}

/// What supports an invoice one edit from a token (rule 3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Support {
    /// The payer's IBAN is the client's in the register.
    RegisterIban,
    /// The payer's IBAN was learned from this payment.
    LearnedIban(Text),
    /// The payer's name resembles the client's (the client's name).
    Name(Text),
    /// The amount is what the invoice still needs.
    Need(Money),
    /// The amount is what it needs up to its required amount.
    NeedToRequired(Money),
    /// The amount is its net amount.
    Net(Money),
}

/// How an account is known to be a client's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How {
    /// The register gives it.
    Register,
    /// Learned in pass 1 from this payment.
    Learned(Text),
}

/// Whose account paid (rule 5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// One client's.
    Client {
        /// The account.
        iban: Iban,
        /// The client's number.
        client: Text,
        /// The client's name.
        name: Text,
        /// How that is known.
        how: How,
    },
    /// Several clients'.
    Shared {
        /// The account.
        iban: Iban,
        /// Their numbers.
        clients: Box<[Text]>,
    },
}

/// How an amount fits one invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fit {
    /// The payment's amount.
    pub amount: Money,
    /// The invoice number.
    pub invoice: Text,
    /// What it fits.
    pub kind: FitKind,
}

/// What of an invoice an amount equals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FitKind {
    /// What it still needs.
    Need,
    /// What it needs up to its required amount.
    Required,
}

/// What rule 5 found for the owner(s) of the payer's account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountFact {
    /// The client has no open invoice.
    NoOpenInvoice,
    /// One invoice fits (one client).
    Fits(Fit),
    /// One invoice of the sharing clients fits.
    OnlyOneFits(Fit),
    /// None of the sharing clients' invoices fits.
    FitsNone,
    /// Several of the sharing clients' invoices fit.
    SeveralOfTheirs(usize),
    /// Several invoices fit: none is chosen.
    SeveralFit {
        /// How many fit.
        count: usize,
        /// The amount.
        amount: Money,
        /// Up to three of them.
        invoices: Box<[Text]>,
    },
    /// One set of invoices sums to the amount.
    SumOfNeeds {
        /// The amount.
        amount: Money,
        /// Each invoice with its need.
        parts: Box<[(Text, Money)]>,
    },
    /// Several sets sum to the amount: none is chosen.
    SeveralSets {
        /// The amount.
        amount: Money,
        /// True when the search stopped at the limit.
        more: bool,
        /// The sets found.
        sets: Box<[Box<[Text]>]>,
    },
    /// Nothing fits: oldest first (the allocations follow).
    OldestFirst(Money),
    /// Nothing fits and fifo is off.
    FifoOff,
}

/// An invoice rule 6 suggests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggested {
    /// The invoice number.
    pub invoice: Text,
    /// Its client's number.
    pub client: Text,
    /// Its client's name.
    pub name: Text,
    /// What of it the amount equals.
    pub kind: FitKind,
}

/// A return or the payment it returns, as the other line's note states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    /// The other line's payment id.
    pub id: Text,
    /// Where it was read.
    pub source: Source,
    /// Its amount.
    pub amount: Money,
    /// The bank's return reason, if stated.
    pub reason: Option<Text>,
}

/// An invoice considered and why it was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The invoice number.
    pub invoice: Text,
    /// Why it was not taken.
    pub why: CandidateWhy,
}

/// Why a candidate invoice was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CandidateWhy {
    /// Its need differs from the amount.
    Differs {
        /// The difference, positive.
        by: Money,
        /// What else kept it out.
        and: Besides,
    },
    /// Several invoices of a shared account fit.
    SeveralFit(usize),
    /// One edit from a token, but nothing supports it.
    OneEditUnsupported(Text),
    /// A token one edit from several invoices.
    EquallyClose {
        /// The token.
        token: Text,
        /// The invoices it is one edit from.
        invoices: Box<[Text]>,
    },
    /// The amount fits, but the payer's IBAN is another client's.
    OtherClientsIban,
    /// The amount fits, but nothing points to it.
    NothingPoints,
}

/// What, beside the amount, kept a candidate out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Besides {
    /// Nothing more to say.
    Nothing,
    /// A shared account needs an exact amount.
    SharedIban,
    /// Fifo is off.
    FifoOff,
    /// The name resembles the client (but the amount does not fit).
    NameResembles,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million bank lines keep a note each: it must stay no larger than
    /// the borrowed-or-owned string it replaced (24 bytes), and the fixed
    /// notes most lines get allocate nothing.
    #[test]
    fn a_note_is_small() {
        assert!(std::mem::size_of::<Note>() <= 24);
        assert!(Note::NothingFitted.facts().is_empty());
    }
}
