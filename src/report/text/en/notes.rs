//! The English sentences of the core's facts (an invoice's reason, a
//! payment's note, a decision's effect). Their wording is the one the
//! outputs had before the core stated facts, so English outputs did not
//! change with it.

use std::fmt::Write;

use crate::decisions::Effect;
use crate::note::{
    AccountFact, Besides, CandidateWhy, Fact, Fit, FitKind, How, Mention, Note, Support, Who,
};
use crate::outcome::{PaymentOutcome, Rule};
use crate::reason::{Reason, Required, Wait, Why};
use crate::text::Text;

use super::super::{NoteWords, ProblemWords, allocations, list};
use super::En;

impl NoteWords for En {
    /// An invoice's reason.
    fn reason(&self, r: &Reason) -> String {
        let mut s = String::new();
        match &r.why {
            Why::Overpaid { paid, net } => {
                let _ = write!(s, "received {paid} of {net}: {} to refund", *paid - *net);
            }
            Why::NothingToPay { net } => {
                let _ = write!(
                    s,
                    "nothing to pay: the net amount after credit notes is {net}"
                );
            }
            Why::Paid { paid, net } => {
                let _ = write!(s, "paid {paid} of {net}");
            }
            Why::Coulance {
                paid,
                net,
                required,
                write_off,
            } => {
                let _ = write!(
                    s,
                    "paid {paid} of {net}; {}, so {write_off} may be written off",
                    self::required(required)
                );
            }
            Why::PartlyPaid { paid, net, wait } => {
                let _ = write!(s, "paid {paid} of {net}; {}", self::wait(wait));
            }
            Why::NothingReceived { net, wait } => {
                let _ = write!(s, "nothing received of {net}; {}", self::wait(wait));
            }
        }
        if let Some(h) = &r.hold {
            let _ = write!(
                s,
                "; {} of {} held by the accountant ({})",
                if h.refund { "refund" } else { "write-off" },
                h.amount,
                h.source
            );
            if !h.note.is_empty() {
                let _ = write!(s, ": {}", h.note);
            }
        }
        s
    }

    /// A payment's note, written into `s` (cleared first).
    fn note(&self, s: &mut String, p: &PaymentOutcome) {
        s.clear();
        let facts = match &p.note {
            Note::NothingFitted => return s.push_str("no rule fitted; no candidate invoice"),
            Note::Debit => return s.push_str("debit, not a client payment"),
            Note::ZeroAmount => return s.push_str("the amount is zero"),
            Note::OwnTransfer => return s.push_str("transfer between the provider's own accounts"),
            Note::NotDecided => return s.push_str("not decided"),
            Note::Facts(facts) => facts,
        };
        for (n, f) in facts.iter().enumerate() {
            if n > 0 {
                s.push_str("; ");
            }
            fact(s, f, p);
        }
    }

    /// A rule's word: the code scripts read, which English readers know too.
    fn rule(&self, rule: Rule) -> &'static str {
        rule.as_str()
    }

    /// Why a decision did or did not take effect.
    fn effect(&self, effect: &Effect) -> String {
        match effect {
            Effect::Applied => "applied".into(),
            Effect::NothingToHold => "kept; the invoice has nothing to write off tonight".into(),
            Effect::NoEffect => "no effect: the write-off happens without a decision too".into(),
            Effect::SameAs(s) => format!("the same decision as {s}, applied there"),
            Effect::Conflict(s) => format!("decided differently at {s}; neither is applied"),
            Effect::Replaced(s) => format!("replaced by the newer decision at {s}"),
            Effect::Undone => "undone: the pre-filled cell was cleared".into(),
            Effect::Overridden(s) => {
                format!("overrides.csv decides this payment differently ({s}); not applied")
            }
            Effect::UnknownPayment => {
                "payment not in the bank files (any more); not applied".into()
            }
            Effect::UnknownInvoice(n) => format!("unknown invoice {n}; not applied"),
            Effect::AmountAbovePayment { amount, payment } => {
                format!("amount {amount} is more than the payment {payment}; not applied")
            }
            Effect::AmountNotPositive(a) => format!("amount {a} must be positive; not applied"),
            Effect::AmountWithIgnore => {
                "ignore takes the whole payment: no amount with it; not applied".into()
            }
            Effect::Unreadable(why) => {
                format!("could not be read ({}); not applied", En.problem(why))
            }
        }
    }

    /// The note of a bank line no stage decided (should not happen).
    fn undecided(&self) -> &'static str {
        "no decision was made for this line"
    }
}

/// Where the required amount comes from.
fn required(r: &Required) -> String {
    match r {
        Required::Reimbursed(r) => format!("the insurer reimbursed {r}"),
        Required::Floor {
            reimbursed,
            percent,
            required,
        } => format!(
            "the insurer reimbursed {reimbursed} and the client pays at least {percent} %, so {required} is required"
        ),
        Required::AboveInvoice {
            reimbursed,
            required,
        } => format!(
            "the insurer reimbursed {reimbursed}, more than the invoice, so {required} is required"
        ),
    }
}

/// What the rest of an invoice waits for.
fn wait(w: &Wait) -> String {
    match w {
        Wait::Specification => "awaiting the insurer's specification".into(),
        Wait::ReimbursedNothing => "the insurer reimbursed nothing, so no coulance".into(),
        Wait::DeadlinePassed { reimbursed, on } => {
            format!("the insurer reimbursed {reimbursed}, but the coulance deadline passed on {on}")
        }
        Wait::Reimbursed(r) => format!("the insurer reimbursed {r}"),
        Wait::MoreDue { required, more } => format!(
            "{}, so {more} more is due before the rest may be written off",
            self::required(required)
        ),
    }
}

/// One clause.
fn fact(s: &mut String, f: &Fact, p: &PaymentOutcome) {
    let _ = match f {
        Fact::Duplicate { first } => write!(
            s,
            "the same line was read from {first}, which comes first in path order"
        ),
        Fact::SameBooking {
            first,
            counterparty,
        } => write!(
            s,
            "the same booking ({}) was read from {first}, which comes first in path order",
            if *counterparty {
                "account, booking date, amount and counterparty account"
            } else {
                "account, booking date and amount"
            }
        ),
        Fact::NotARefund { invoices } => write!(
            s,
            "debit, not a refund: names invoice {}, but the payee is not its client",
            list(invoices, ", ")
        ),
        Fact::FromInsurer { insurer } => write!(s, "payment from insurer {insurer}"),
        Fact::InsurerNamesNothing { insurer } => write!(
            s,
            "payment from insurer {insurer} names no known declaration or invoice"
        ),
        Fact::NoRuleFitted => write!(s, "no rule fitted"),
        Fact::AgentReceipt { agent, payout } => match payout {
            Some(p) => write!(s, "received by billing agent {agent} (payout {p})"),
            None => write!(s, "received by billing agent {agent}"),
        },
        Fact::AgentUnknownInvoice { invoice } => write!(
            s,
            "names invoice {invoice}, which the register does not have: an unallocated receipt"
        ),
        Fact::AgentPayout { agent, batch } => write!(
            s,
            "payout of batch {batch} by billing agent {agent}: not a client payment"
        ),
        Fact::AgentPayoutDiffers {
            agent,
            batch,
            expected,
        } => write!(
            s,
            "payout of batch {batch} by billing agent {agent}, but the statement says {expected}: \
             not a client payment"
        ),
        Fact::AgentPayoutNoStatement { agent } => write!(
            s,
            "payout by billing agent {agent} without a statement: not a client payment"
        ),
        Fact::Named(m) => write!(s, "{}", mention(m)),
        Fact::WholePayment => write!(s, "the whole payment goes to it"),
        Fact::InOrderNamed => write!(
            s,
            "in the order named, each up to what it still needs, the rest to the last: {}",
            allocations(p)
        ),
        Fact::OneEdit { token, invoice } => {
            write!(s, "token {token} is one edit from invoice {invoice}")
        }
        Fact::Support(support) => match support {
            Support::RegisterIban => {
                write!(s, "the payer's IBAN is the client's in the register")
            }
            Support::LearnedIban(from) => {
                write!(s, "the payer's IBAN is the client's, learned from {from}")
            }
            Support::Name(name) => {
                write!(s, "the payer's name resembles the client's ({name})")
            }
            Support::Need(a) => write!(s, "the amount {a} is what it still needs"),
            Support::NeedToRequired(a) => write!(
                s,
                "the amount {a} is what it needs up to its required amount"
            ),
            Support::Net(a) => write!(s, "the amount {a} is its net amount"),
        },
        Fact::Declarations {
            insurer,
            by_iban,
            declarations,
        } => write!(
            s,
            "payment from insurer {insurer} (recognised by {}) names declaration {}",
            if *by_iban { "its IBAN" } else { "its name" },
            list(declarations, ", ")
        ),
        Fact::SplitByPaidOut => {
            write!(s, "split by paid-out amounts: {}", allocations(p))
        }
        Fact::PaidOutDiffers { paid_out, by } => write!(
            s,
            "the payment differs from the paid-out total {paid_out} by {by}"
        ),
        Fact::Account { who, what } => {
            match &**who {
                Who::Client {
                    iban,
                    client,
                    name,
                    how,
                } => {
                    let _ = write!(s, "IBAN {iban} belongs to client {client} ({name}) ");
                    self::how(s, how);
                }
                Who::Shared { iban, clients } => {
                    let _ = write!(
                        s,
                        "IBAN {iban} is shared by clients {}",
                        list(clients, ", ")
                    );
                }
            }
            account(s, what, p)
        }
        Fact::TooManyCombinations { open } => write!(
            s,
            "too many combinations of {open} open invoices to search for a sum"
        ),
        Fact::Namesakes { clients, open } => write!(
            s,
            "the payer's name resembles client {}, {}",
            clients
                .iter()
                .map(|(id, name)| format!("{id} ({name})"))
                .collect::<Vec<_>>()
                .join(", "),
            if *open {
                "but the amount fits none of their open invoices"
            } else {
                "but they have no open invoice"
            }
        ),
        Fact::Suggest {
            payer,
            amount,
            count,
            fitting,
        } => {
            let _ = if *count == 1 {
                write!(
                    s,
                    "the payer's name {payer} resembles the client and the amount {amount} fits: "
                )
            } else {
                write!(
                    s,
                    "the payer's name {payer} resembles a client and the amount {amount} fits {count} invoices: "
                )
            };
            for (n, f) in fitting.iter().enumerate() {
                if n > 0 {
                    s.push_str("; ");
                }
                let _ = write!(
                    s,
                    "{} of {} ({}): {}",
                    f.invoice,
                    f.client,
                    f.name,
                    fits(f.kind)
                );
            }
            Ok(())
        }
        Fact::ForReview => write!(s, "for review, nothing applied"),
        Fact::OverrideIgnored { sources } => {
            write!(s, "ignored by override ({})", list(sources, ", "))
        }
        Fact::OverrideNothing { sources } => write!(
            s,
            "override ({}) left nothing to allocate",
            list(sources, ", ")
        ),
        Fact::OverrideAllocated { sources } => {
            write!(s, "override ({}): {}", list(sources, ", "), allocations(p))
        }
        Fact::LeftUnallocated(left) => write!(s, "{left} left unallocated"),
        Fact::AccountantNotes(notes) => write!(s, "note: {}", list(notes, "; ")),
        Fact::ReturnOf(r) => {
            let _ = write!(s, "return of payment {} ({}, {})", r.id, r.source, r.amount);
            return_reason(s, &r.reason)
        }
        Fact::BothCancelOut => write!(s, "both cancel out"),
        Fact::ReturnedBy(r) => {
            let _ = write!(s, "returned by {} ({}, {})", r.id, r.source, r.amount);
            return_reason(s, &r.reason)
        }
        Fact::DidNotStay { invoices } => {
            if invoices.is_empty() {
                write!(s, "the money did not stay, no invoice keeps it")
            } else {
                write!(
                    s,
                    "the money did not stay, invoice {} does not keep it",
                    list(invoices, ", ")
                )
            }
        }
        Fact::LoneReturn { reason } => {
            s.push_str("the bank marks this as a return");
            let _ = return_reason(s, reason);
            write!(s, ", but the payment it returns is not in the bank files")
        }
        Fact::Refund {
            client,
            name,
            mention,
        } => write!(
            s,
            "refund to client {client} ({name}): {}",
            self::mention(mention)
        ),
        Fact::PayeeIban(how) => {
            s.push_str("the payee's IBAN is the client's (");
            self::how(s, how);
            write!(s, ")")
        }
        Fact::PayeeName => write!(s, "the payee's name resembles the client's"),
        Fact::Candidates(list) => {
            s.push_str("candidates: ");
            for (n, c) in list.iter().enumerate() {
                if n > 0 {
                    s.push_str("; ");
                }
                let _ = write!(s, "{} (", c.invoice);
                candidate(s, &c.why);
                s.push(')');
            }
            Ok(())
        }
        Fact::NoCandidate => write!(s, "no candidate invoice"),
    };
}

/// What rule 5 found, after whose account it is.
fn account(s: &mut String, what: &AccountFact, p: &PaymentOutcome) -> std::fmt::Result {
    match what {
        AccountFact::NoOpenInvoice => write!(s, ", who has no open invoice"),
        AccountFact::Fits(fit) => write!(s, "; {}", self::fit(fit)),
        AccountFact::OnlyOneFits(fit) => {
            write!(s, "; only one of their invoices fits: {}", self::fit(fit))
        }
        AccountFact::FitsNone => write!(s, "; the amount fits none of their open invoices"),
        AccountFact::SeveralOfTheirs(n) => write!(s, "; {n} of their invoices fit the amount"),
        AccountFact::SeveralFit {
            count,
            amount,
            invoices,
        } => write!(
            s,
            "; {count} invoices fit the amount {amount}, so none is chosen: {}",
            list(invoices, " or ")
        ),
        AccountFact::SumOfNeeds { amount, parts } => write!(
            s,
            "; the amount {amount} is the sum of the needs of {}",
            parts
                .iter()
                .map(|(n, need)| format!("{n} ({need})"))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        AccountFact::SeveralSets { amount, more, sets } => write!(
            s,
            "; several sets of open invoices sum to {amount}{}, so none is chosen: {}",
            if *more { " (or more)" } else { "" },
            sets.iter()
                .map(|set| list(set, " + "))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        AccountFact::OldestFirst(amount) => write!(
            s,
            "; no invoice or set fits the amount {amount}, so oldest first, the rest to the last: {}",
            allocations(p)
        ),
        AccountFact::FifoOff => write!(
            s,
            "; no open invoice or set of them fits the amount and fifo is off"
        ),
    }
}

/// Why a candidate was not taken.
fn candidate(s: &mut String, why: &CandidateWhy) {
    let _ = match why {
        CandidateWhy::Differs { by, and } => {
            let _ = write!(s, "amount differs by {by}");
            match and {
                Besides::Nothing => Ok(()),
                Besides::SharedIban => write!(s, "; a shared IBAN needs an exact amount"),
                Besides::FifoOff => write!(s, "; fifo is off"),
                Besides::NameResembles => write!(s, "; the name resembles the client"),
            }
        }
        CandidateWhy::SeveralFit(n) => write!(s, "{n} invoices fit"),
        CandidateWhy::OneEditUnsupported(token) => write!(
            s,
            "one edit from token {token}, but neither the payer's IBAN, name nor the amount supports it"
        ),
        CandidateWhy::EquallyClose { token, invoices } => write!(
            s,
            "token {token} is one edit from {} invoices ({}): equally close",
            invoices.len(),
            list(invoices, ", ")
        ),
        CandidateWhy::OtherClientsIban => {
            write!(s, "the amount fits, but the IBAN belongs to another client")
        }
        CandidateWhy::NothingPoints => write!(
            s,
            "the amount fits, but no reference, IBAN or name points to it"
        ),
    };
}

/// How an account is known to be the client's.
fn how(s: &mut String, how: &How) {
    match how {
        How::Register => s.push_str("from the register"),
        How::Learned(from) => {
            let _ = write!(s, "learned from payment {from}");
        }
    }
}

/// What named an invoice.
fn mention(m: &Mention) -> String {
    if m.by_payment_reference {
        format!("payment reference {} is on invoice {}", m.token, m.invoice)
    } else {
        format!("token {} names invoice {}", m.token, m.invoice)
    }
}

/// How an amount fits one invoice (rule 5).
fn fit(f: &Fit) -> String {
    format!(
        "the amount {} is what {} {}",
        f.amount,
        f.invoice,
        match f.kind {
            FitKind::Need => "still needs",
            FitKind::Required => "needs up to its required amount",
        }
    )
}

/// What of an invoice an amount equals (rule 6).
fn fits(kind: FitKind) -> &'static str {
    match kind {
        FitKind::Need => "what it still needs",
        FitKind::Required => "what it needs up to its required amount",
    }
}

/// " (reason: …)" when the bank states one.
fn return_reason(s: &mut String, reason: &Option<Text>) -> std::fmt::Result {
    match reason {
        Some(r) => write!(s, " (reason: {r})"),
        None => Ok(()),
    }
}
