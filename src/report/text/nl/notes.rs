//! De Nederlandse zinnen bij de feiten van de kern (de reden van een factuur,
//! de notitie van een betaling, het effect van een beslissing): dezelfde
//! feiten als `en/notes.rs`, in de woorden van de boekhouder (afboeken,
//! vergoed, specificatie).

use std::fmt::Write;

use crate::decisions::Effect;
use crate::note::{
    AccountFact, Besides, CandidateWhy, Fact, Fit, FitKind, How, Mention, Note, Support, Who,
};
use crate::outcome::{PaymentOutcome, Rule};
use crate::reason::{Reason, Required, Wait, Why};
use crate::text::Text;

use super::super::{NoteWords, ProblemWords, allocations, list};
use super::Nl;

impl NoteWords for Nl {
    /// An invoice's reason.
    fn reason(&self, r: &Reason) -> String {
        let mut s = String::new();
        match &r.why {
            Why::Overpaid { paid, net } => {
                let _ = write!(
                    s,
                    "{paid} ontvangen van {net}: {} terug te betalen",
                    *paid - *net
                );
            }
            Why::NothingToPay { net } => {
                let _ = write!(
                    s,
                    "niets te betalen: het nettobedrag na creditnota's is {net}"
                );
            }
            Why::Paid { paid, net } => {
                let _ = write!(s, "{paid} betaald van {net}");
            }
            Why::Coulance {
                paid,
                net,
                required,
                write_off,
            } => {
                let _ = write!(
                    s,
                    "{paid} betaald van {net}; {}, dus mag {write_off} worden afgeboekt",
                    self::required(required)
                );
            }
            Why::PartlyPaid { paid, net, wait } => {
                let _ = write!(s, "{paid} betaald van {net}; {}", self::wait(wait));
            }
            Why::NothingReceived { net, wait } => {
                let _ = write!(s, "niets ontvangen van {net}; {}", self::wait(wait));
            }
        }
        if let Some(h) = &r.hold {
            let _ = write!(
                s,
                "; {} van {} aangehouden door de accountant ({})",
                if h.refund {
                    "terugbetaling"
                } else {
                    "afboeking"
                },
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
            Note::NothingFitted => return s.push_str("geen regel paste; geen kandidaat-factuur"),
            Note::Debit => return s.push_str("afschrijving, geen betaling van een cliënt"),
            Note::ZeroAmount => return s.push_str("het bedrag is nul"),
            Note::OwnTransfer => {
                return s.push_str("overboeking tussen eigen rekeningen van de zorgaanbieder");
            }
            Note::NotDecided => return s.push_str("niet beslist"),
            Note::Facts(facts) => facts,
        };
        for (n, f) in facts.iter().enumerate() {
            if n > 0 {
                s.push_str("; ");
            }
            fact(s, f, p);
        }
    }

    /// A rule's word.
    fn rule(&self, rule: Rule) -> &'static str {
        match rule {
            Rule::Override => "correctie",
            Rule::Reference => "kenmerk",
            Rule::FuzzyReference => "kenmerk bijna gelijk",
            Rule::Insurer => "verzekeraar",
            Rule::IbanAmount => "IBAN en bedrag",
            Rule::IbanSubset => "IBAN en som van facturen",
            Rule::IbanFifo => "IBAN, oudste eerst",
            Rule::Suggestion => "suggestie",
            Rule::Unmatched => "geen regel",
            Rule::Refund => "terugbetaling",
            Rule::Reversal => "terugboeking",
            Rule::Debit => "afschrijving",
            Rule::OwnTransfer => "eigen rekening",
            Rule::Duplicate => "dubbel",
            Rule::Agent => "incassobureau",
            Rule::AgentPayout => "uitbetaling incassobureau",
        }
    }

    /// Why a decision did or did not take effect.
    fn effect(&self, effect: &Effect) -> String {
        match effect {
            Effect::Applied => "toegepast".into(),
            Effect::NothingToHold => {
                "vastgelegd; de factuur heeft vannacht niets af te boeken".into()
            }
            Effect::NoEffect => "geen effect: afboeken gebeurt ook zonder beslissing".into(),
            Effect::SameAs(s) => format!("zelfde beslissing als {s}, daar toegepast"),
            Effect::Conflict(s) => format!("anders beslist in {s}; geen van beide is toegepast"),
            Effect::Replaced(s) => format!("vervangen door de nieuwere beslissing in {s}"),
            Effect::Undone => "ingetrokken: de vooraf ingevulde cel is leeggemaakt".into(),
            Effect::Overridden(s) => {
                format!("overrides.csv beslist deze betaling anders ({s}); niet toegepast")
            }
            Effect::UnknownPayment => {
                "betaling staat niet (meer) in de bankbestanden; niet toegepast".into()
            }
            Effect::UnknownInvoice(n) => format!("onbekende factuur {n}; niet toegepast"),
            Effect::AmountAbovePayment { amount, payment } => {
                format!("bedrag {amount} is meer dan de betaling {payment}; niet toegepast")
            }
            Effect::AmountNotPositive(a) => {
                format!("bedrag {a} moet positief zijn; niet toegepast")
            }
            Effect::AmountWithIgnore => {
                "negeren geldt voor de hele betaling: geen bedrag erbij; niet toegepast".into()
            }
            Effect::Unreadable(why) => {
                format!("niet te lezen ({}); niet toegepast", Nl.problem(why))
            }
        }
    }

    /// The note of a bank line no stage decided (should not happen).
    fn undecided(&self) -> &'static str {
        "voor deze betaling is niets beslist"
    }
}

/// Where the required amount comes from.
fn required(r: &Required) -> String {
    match r {
        Required::Reimbursed(r) => format!("de verzekeraar vergoedde {r}"),
        Required::Floor {
            reimbursed,
            percent,
            required,
        } => format!(
            "de verzekeraar vergoedde {reimbursed} en de cliënt betaalt minstens {percent} %: vereist is {required}"
        ),
        Required::AboveInvoice {
            reimbursed,
            required,
        } => format!(
            "de verzekeraar vergoedde {reimbursed}, meer dan de factuur: vereist is {required}"
        ),
    }
}

/// What the rest of an invoice waits for.
fn wait(w: &Wait) -> String {
    match w {
        Wait::Specification => "wacht op de specificatie van de verzekeraar".into(),
        Wait::ReimbursedNothing => "de verzekeraar vergoedde niets, dus geen coulance".into(),
        Wait::DeadlinePassed { reimbursed, on } => format!(
            "de verzekeraar vergoedde {reimbursed}, maar de coulancetermijn verliep op {on}"
        ),
        Wait::Reimbursed(r) => format!("de verzekeraar vergoedde {r}"),
        Wait::MoreDue { required, more } => format!(
            "{}, dus is nog {more} nodig voordat de rest mag worden afgeboekt",
            self::required(required)
        ),
    }
}

/// One clause.
fn fact(s: &mut String, f: &Fact, p: &PaymentOutcome) {
    let _ = match f {
        Fact::Duplicate { first } => write!(
            s,
            "dezelfde betaling is al gelezen uit {first}, dat in padvolgorde eerder komt"
        ),
        Fact::SameBooking {
            first,
            counterparty,
        } => write!(
            s,
            "dezelfde boeking ({}) is al gelezen uit {first}, dat in padvolgorde eerder komt",
            if *counterparty {
                "rekening, boekdatum, bedrag en tegenrekening"
            } else {
                "rekening, boekdatum en bedrag"
            }
        ),
        Fact::NotARefund { invoices } => write!(
            s,
            "afschrijving, geen terugbetaling: noemt factuur {}, maar de begunstigde is niet de cliënt ervan",
            list(invoices, ", ")
        ),
        Fact::FromInsurer { insurer } => write!(s, "betaling van verzekeraar {insurer}"),
        Fact::InsurerNamesNothing { insurer } => write!(
            s,
            "betaling van verzekeraar {insurer} noemt geen bekende declaratie of factuur"
        ),
        Fact::NoRuleFitted => write!(s, "geen regel paste"),
        Fact::AgentReceipt { agent, payout } => match payout {
            Some(p) => write!(s, "ontvangen door incassobureau {agent} (uitbetaling {p})"),
            None => write!(s, "ontvangen door incassobureau {agent}"),
        },
        Fact::AgentUnknownInvoice { invoice } => write!(
            s,
            "noemt factuur {invoice}, die niet in het factuurregister staat: niet-toegewezen \
             ontvangst"
        ),
        Fact::AgentPayout { agent, batch } => write!(
            s,
            "uitbetaling {batch} van incassobureau {agent}: geen betaling van een cliënt"
        ),
        Fact::AgentPayoutDiffers {
            agent,
            batch,
            expected,
        } => write!(
            s,
            "uitbetaling {batch} van incassobureau {agent}, maar volgens het overzicht \
             {expected}: geen betaling van een cliënt"
        ),
        Fact::AgentPayoutNoStatement { agent } => write!(
            s,
            "uitbetaling van incassobureau {agent} zonder overzicht: geen betaling van een cliënt"
        ),
        Fact::Named(m) => write!(s, "{}", mention(m)),
        Fact::WholePayment => write!(s, "de hele betaling gaat naar deze factuur"),
        Fact::InOrderNamed => write!(
            s,
            "in de genoemde volgorde, elk tot wat nog openstaat, de rest naar de laatste: {}",
            allocations(p)
        ),
        Fact::OneEdit { token, invoice } => {
            write!(
                s,
                "kenmerk {token} verschilt één teken van factuur {invoice}"
            )
        }
        Fact::Support(support) => match support {
            Support::RegisterIban => {
                write!(
                    s,
                    "de IBAN van de betaler is die van de cliënt in het register"
                )
            }
            Support::LearnedIban(from) => {
                write!(
                    s,
                    "de IBAN van de betaler is die van de cliënt, geleerd van {from}"
                )
            }
            Support::Name(name) => {
                write!(
                    s,
                    "de naam van de betaler lijkt op die van de cliënt ({name})"
                )
            }
            Support::Need(a) => write!(s, "het bedrag {a} is wat nog openstaat"),
            Support::NeedToRequired(a) => write!(
                s,
                "het bedrag {a} is wat nog openstaat tot het vereiste bedrag"
            ),
            Support::Net(a) => write!(s, "het bedrag {a} is het nettobedrag"),
        },
        Fact::Declarations {
            insurer,
            by_iban,
            declarations,
        } => write!(
            s,
            "betaling van verzekeraar {insurer} (herkend aan {}) noemt declaratie {}",
            if *by_iban { "de IBAN" } else { "de naam" },
            list(declarations, ", ")
        ),
        Fact::SplitByPaidOut => {
            write!(s, "verdeeld naar uitbetaalde bedragen: {}", allocations(p))
        }
        Fact::PaidOutDiffers { paid_out, by } => write!(
            s,
            "de betaling wijkt {by} af van het uitbetaalde totaal {paid_out}"
        ),
        Fact::Account { who, what } => {
            match &**who {
                Who::Client {
                    iban,
                    client,
                    name,
                    how,
                } => {
                    let _ = write!(s, "IBAN {iban} is van cliënt {client} ({name}) ");
                    self::how(s, how);
                }
                Who::Shared { iban, clients } => {
                    let _ = write!(
                        s,
                        "IBAN {iban} wordt gedeeld door cliënten {}",
                        list(clients, ", ")
                    );
                }
            }
            account(s, what, p)
        }
        Fact::TooManyCombinations { open } => write!(
            s,
            "te veel combinaties van {open} openstaande facturen om een som te zoeken"
        ),
        Fact::Namesakes { clients, open } => write!(
            s,
            "de naam van de betaler lijkt op cliënt {}, {}",
            clients
                .iter()
                .map(|(id, name)| format!("{id} ({name})"))
                .collect::<Vec<_>>()
                .join(", "),
            if *open {
                "maar het bedrag past bij geen van hun openstaande facturen"
            } else {
                "maar zij hebben geen openstaande factuur"
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
                    "de naam van de betaler {payer} lijkt op de cliënt en het bedrag {amount} past: "
                )
            } else {
                write!(
                    s,
                    "de naam van de betaler {payer} lijkt op een cliënt en het bedrag {amount} past bij {count} facturen: "
                )
            };
            for (n, f) in fitting.iter().enumerate() {
                if n > 0 {
                    s.push_str("; ");
                }
                let _ = write!(
                    s,
                    "{} van {} ({}): {}",
                    f.invoice,
                    f.client,
                    f.name,
                    fits(f.kind)
                );
            }
            Ok(())
        }
        Fact::ForReview => write!(s, "ter beoordeling, niets toegepast"),
        Fact::OverrideIgnored { sources } => {
            write!(s, "genegeerd door correctie ({})", list(sources, ", "))
        }
        Fact::OverrideNothing { sources } => write!(
            s,
            "correctie ({}) liet niets over om toe te wijzen",
            list(sources, ", ")
        ),
        Fact::OverrideAllocated { sources } => {
            write!(s, "correctie ({}): {}", list(sources, ", "), allocations(p))
        }
        Fact::LeftUnallocated(left) => write!(s, "{left} niet toegewezen"),
        Fact::AccountantNotes(notes) => write!(s, "toelichting: {}", list(notes, "; ")),
        Fact::ReturnOf(r) => {
            let _ = write!(
                s,
                "terugboeking van betaling {} ({}, {})",
                r.id, r.source, r.amount
            );
            return_reason(s, &r.reason)
        }
        Fact::BothCancelOut => write!(s, "beide heffen elkaar op"),
        Fact::ReturnedBy(r) => {
            let _ = write!(s, "teruggeboekt door {} ({}, {})", r.id, r.source, r.amount);
            return_reason(s, &r.reason)
        }
        Fact::DidNotStay { invoices } => {
            if invoices.is_empty() {
                write!(s, "het geld is niet gebleven, geen factuur houdt het")
            } else {
                write!(
                    s,
                    "het geld is niet gebleven, factuur {} houdt het niet",
                    list(invoices, ", ")
                )
            }
        }
        Fact::LoneReturn { reason } => {
            s.push_str("de bank markeert dit als terugboeking");
            let _ = return_reason(s, reason);
            write!(
                s,
                ", maar de teruggeboekte betaling staat niet in de bankbestanden"
            )
        }
        Fact::Refund {
            client,
            name,
            mention,
        } => write!(
            s,
            "terugbetaling aan cliënt {client} ({name}): {}",
            self::mention(mention)
        ),
        Fact::PayeeIban(how) => {
            s.push_str("de IBAN van de begunstigde is die van de cliënt (");
            self::how(s, how);
            write!(s, ")")
        }
        Fact::PayeeName => write!(s, "de naam van de begunstigde lijkt op die van de cliënt"),
        Fact::Candidates(list) => {
            s.push_str("kandidaten: ");
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
        Fact::NoCandidate => write!(s, "geen kandidaat-factuur"),
    };
}

/// What rule 5 found, after whose account it is.
fn account(s: &mut String, what: &AccountFact, p: &PaymentOutcome) -> std::fmt::Result {
    match what {
        AccountFact::NoOpenInvoice => write!(s, ", die geen openstaande factuur heeft"),
        AccountFact::Fits(fit) => write!(s, "; {}", self::fit(fit)),
        AccountFact::OnlyOneFits(fit) => {
            write!(s, "; maar één van hun facturen past: {}", self::fit(fit))
        }
        AccountFact::FitsNone => {
            write!(s, "; het bedrag past bij geen van hun openstaande facturen")
        }
        AccountFact::SeveralOfTheirs(n) => {
            write!(s, "; {n} van hun facturen passen bij het bedrag")
        }
        AccountFact::SeveralFit {
            count,
            amount,
            invoices,
        } => write!(
            s,
            "; {count} facturen passen bij het bedrag {amount}, dus is er geen gekozen: {}",
            list(invoices, " of ")
        ),
        AccountFact::SumOfNeeds { amount, parts } => write!(
            s,
            "; het bedrag {amount} is de som van wat openstaat op {}",
            parts
                .iter()
                .map(|(n, need)| format!("{n} ({need})"))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        AccountFact::SeveralSets { amount, more, sets } => write!(
            s,
            "; meerdere combinaties van openstaande facturen tellen op tot {amount}{}, dus is er geen gekozen: {}",
            if *more { " (of meer)" } else { "" },
            sets.iter()
                .map(|set| list(set, " + "))
                .collect::<Vec<_>>()
                .join(" of ")
        ),
        AccountFact::OldestFirst(amount) => write!(
            s,
            "; geen factuur of combinatie past bij het bedrag {amount}, dus oudste eerst, de rest naar de laatste: {}",
            allocations(p)
        ),
        AccountFact::FifoOff => write!(
            s,
            "; geen openstaande factuur of combinatie past bij het bedrag en fifo staat uit"
        ),
    }
}

/// Why a candidate was not taken.
fn candidate(s: &mut String, why: &CandidateWhy) {
    let _ = match why {
        CandidateWhy::Differs { by, and } => {
            let _ = write!(s, "bedrag wijkt {by} af");
            match and {
                Besides::Nothing => Ok(()),
                Besides::SharedIban => write!(s, "; een gedeelde IBAN vraagt een exact bedrag"),
                Besides::FifoOff => write!(s, "; fifo staat uit"),
                Besides::NameResembles => write!(s, "; de naam lijkt op de cliënt"),
            }
        }
        CandidateWhy::SeveralFit(n) => write!(s, "{n} facturen passen"),
        CandidateWhy::OneEditUnsupported(token) => write!(
            s,
            "één teken verschil met kenmerk {token}, maar IBAN, naam noch bedrag van de betaler ondersteunt het"
        ),
        CandidateWhy::EquallyClose { token, invoices } => write!(
            s,
            "kenmerk {token} verschilt één teken van {} facturen ({}): even dichtbij",
            invoices.len(),
            list(invoices, ", ")
        ),
        CandidateWhy::OtherClientsIban => {
            write!(s, "het bedrag past, maar de IBAN is van een andere cliënt")
        }
        CandidateWhy::NothingPoints => write!(
            s,
            "het bedrag past, maar geen kenmerk, IBAN of naam wijst ernaar"
        ),
    };
}

/// How an account is known to be the client's.
fn how(s: &mut String, how: &How) {
    match how {
        How::Register => s.push_str("volgens het register"),
        How::Learned(from) => {
            let _ = write!(s, "geleerd van betaling {from}");
        }
    }
}

/// What named an invoice.
fn mention(m: &Mention) -> String {
    if m.by_payment_reference {
        format!(
            "betalingskenmerk {} staat op factuur {}",
            m.token, m.invoice
        )
    } else {
        format!("kenmerk {} noemt factuur {}", m.token, m.invoice)
    }
}

/// How an amount fits one invoice (rule 5).
fn fit(f: &Fit) -> String {
    format!(
        "het bedrag {} is wat {} {}",
        f.amount,
        f.invoice,
        match f.kind {
            FitKind::Need => "nog nodig heeft",
            FitKind::Required => "nodig heeft tot het vereiste bedrag",
        }
    )
}

/// What of an invoice an amount equals (rule 6).
fn fits(kind: FitKind) -> &'static str {
    match kind {
        FitKind::Need => "wat nog openstaat",
        FitKind::Required => "wat nog openstaat tot het vereiste bedrag",
    }
}

/// " (reason: …)" when the bank states one.
fn return_reason(s: &mut String, reason: &Option<Text>) -> std::fmt::Result {
    match reason {
        Some(r) => write!(s, " (reden: {r})"),
        None => Ok(()),
    }
}
