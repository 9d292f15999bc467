//! Every fact has a text in both languages: one example value of every
//! variant is rendered in Dutch and English. The `kind` functions are
//! exhaustive `match`es, so a new variant does not compile until it is
//! named here, and the test fails until it has an example.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::super::*;
use crate::money::Money;
use crate::reason::{Hold, Required, Wait, Why};
use crate::source::Source;

pub(super) fn m(s: &str) -> Money {
    s.parse().unwrap()
}

fn why_kind(w: &Why) -> &'static str {
    match w {
        Why::Overpaid { .. } => "overpaid",
        Why::NothingToPay { .. } => "nothing_to_pay",
        Why::Paid { .. } => "paid",
        Why::Coulance { .. } => "coulance",
        Why::PartlyPaid { .. } => "partly_paid",
        Why::NothingReceived { .. } => "nothing_received",
    }
}

fn wait_kind(w: &Wait) -> &'static str {
    match w {
        Wait::Specification => "specification",
        Wait::ReimbursedNothing => "reimbursed_nothing",
        Wait::DeadlinePassed { .. } => "deadline_passed",
        Wait::Reimbursed(_) => "reimbursed",
        Wait::MoreDue { .. } => "more_due",
    }
}

fn required_kind(r: &Required) -> &'static str {
    match r {
        Required::Reimbursed(_) => "reimbursed",
        Required::Floor { .. } => "floor",
        Required::AboveInvoice { .. } => "above_invoice",
    }
}

fn requireds() -> Vec<Required> {
    vec![
        Required::Reimbursed(m("700.00")),
        Required::Floor {
            reimbursed: m("600.00"),
            percent: Decimal::from(75),
            required: m("750.00"),
        },
        Required::AboveInvoice {
            reimbursed: m("1200.00"),
            required: m("1000.00"),
        },
    ]
}

fn waits() -> Vec<Wait> {
    let mut out = vec![
        Wait::Specification,
        Wait::ReimbursedNothing,
        Wait::DeadlinePassed {
            reimbursed: m("700.00"),
            on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        },
        Wait::Reimbursed(m("700.00")),
    ];
    out.extend(requireds().into_iter().map(|required| Wait::MoreDue {
        required,
        more: m("150.00"),
    }));
    out
}

/// One reason of every kind, every wait and every required amount.
fn reasons() -> Vec<Reason> {
    let (paid, net) = (m("600.00"), m("1000.00"));
    let mut out: Vec<Reason> = vec![
        Why::Overpaid {
            paid: m("1050.00"),
            net,
        }
        .into(),
        Why::NothingToPay { net: m("-10.00") }.into(),
        Why::Paid { paid: net, net }.into(),
    ];
    for required in requireds() {
        out.push(
            Why::Coulance {
                paid,
                net,
                required,
                write_off: m("400.00"),
            }
            .into(),
        );
    }
    for wait in waits() {
        out.push(Why::PartlyPaid { paid, net, wait }.into());
        out.push(Why::NothingReceived { net, wait }.into());
    }
    let mut held = Reason::new(Why::Coulance {
        paid,
        net,
        required: Required::Reimbursed(paid),
        write_off: m("400.00"),
    });
    held.hold = Some(Box::new(Hold {
        amount: m("400.00"),
        source: Source::line(&"decisions/x.csv".into(), 2),
        note: "besproken".into(),
        refund: false,
    }));
    out.push(held);
    out
}

#[test]
fn the_examples_cover_every_variant() {
    let rs = reasons();
    let whys: BTreeSet<_> = rs.iter().map(|r| why_kind(&r.why)).collect();
    assert_eq!(whys.len(), 6);
    let waits: BTreeSet<_> = waits().iter().map(wait_kind).collect();
    assert_eq!(waits.len(), 5);
    let reqs: BTreeSet<_> = requireds().iter().map(required_kind).collect();
    assert_eq!(reqs.len(), 3);
    assert!(rs.iter().any(|r| r.hold.is_some()));
}

#[test]
fn every_reason_has_a_text_in_both_languages() {
    for r in reasons() {
        let (nl, en) = (reason(&r, Lang::Nl), reason(&r, Lang::En));
        assert!(!nl.is_empty() && !en.is_empty(), "{r:?}");
        assert_ne!(nl, en, "{r:?}");
        assert!(!nl.ends_with('.') && !en.ends_with('.'), "{r:?}");
        // Every figure of the fact appears in both.
        for word in en.split(' ').filter(|w| w.contains(".00")) {
            let figure = word.trim_matches(|c: char| !c.is_ascii_digit());
            assert!(nl.contains(figure), "{figure} missing in {nl:?}");
        }
    }
}

#[test]
fn english_keeps_its_wording() {
    let r = Reason::new(Why::Coulance {
        paid: m("700.00"),
        net: m("1000.00"),
        required: Required::Reimbursed(m("700.00")),
        write_off: m("300.00"),
    });
    assert_eq!(
        reason(&r, Lang::En),
        "paid 700.00 of 1000.00; the insurer reimbursed 700.00, so 300.00 may be written off"
    );
    assert_eq!(
        reason(&r, Lang::Nl),
        "700.00 betaald van 1000.00; de verzekeraar vergoedde 700.00, dus mag 300.00 worden afgeboekt"
    );
}

mod notes {
    //! One note of every fact, and every fact's parts, in both languages.

    use super::m;
    use crate::ident::Iban;
    use crate::note::*;
    use crate::outcome::{Allocation, PaymentOutcome, PaymentStatus, Rule};
    use crate::report::Lang;
    use crate::report::text::note;
    use crate::source::Source;
    use crate::text::Text;
    use std::collections::BTreeSet;

    fn kind(n: &Note) -> &'static str {
        match n {
            Note::NothingFitted => "nothing_fitted",
            Note::Debit => "debit",
            Note::ZeroAmount => "zero",
            Note::OwnTransfer => "own",
            Note::NotDecided => "not_decided",
            Note::Facts(_) => "facts",
        }
    }

    fn fact_kind(f: &Fact) -> String {
        let k = match f {
            Fact::Duplicate { .. } => "duplicate",
            Fact::SameBooking { counterparty, .. } => {
                return format!("same_booking {counterparty}");
            }
            Fact::NotARefund { .. } => "not_a_refund",
            Fact::FromInsurer { .. } => "from_insurer",
            Fact::InsurerNamesNothing { .. } => "insurer_names_nothing",
            Fact::NoRuleFitted => "no_rule",
            Fact::AgentReceipt { payout, .. } => {
                return format!("agent_receipt {}", payout.is_some());
            }
            Fact::AgentUnknownInvoice { .. } => "agent_unknown_invoice",
            Fact::AgentPayout { .. } => "agent_payout",
            Fact::AgentPayoutDiffers { .. } => "agent_payout_differs",
            Fact::AgentPayoutNoStatement { .. } => "agent_payout_no_statement",
            Fact::Named(m) => return format!("named {}", m.by_payment_reference),
            Fact::WholePayment => "whole",
            Fact::InOrderNamed => "in_order",
            Fact::OneEdit { .. } => "one_edit",
            Fact::Support(s) => {
                return format!(
                    "support {}",
                    match s {
                        Support::RegisterIban => "register",
                        Support::LearnedIban(_) => "learned",
                        Support::Name(_) => "name",
                        Support::Need(_) => "need",
                        Support::NeedToRequired(_) => "required",
                        Support::Net(_) => "net",
                    }
                );
            }
            Fact::Declarations { by_iban, .. } => return format!("declarations {by_iban}"),
            Fact::SplitByPaidOut => "split",
            Fact::PaidOutDiffers { .. } => "differs",
            Fact::Account { who, what } => {
                let who = match &**who {
                    Who::Client { how, .. } => match how {
                        How::Register => "client register",
                        How::Learned(_) => "client learned",
                    },
                    Who::Shared { .. } => "shared",
                };
                let what = match what {
                    AccountFact::NoOpenInvoice => "no_open",
                    AccountFact::Fits(f) => match f.kind {
                        FitKind::Need => "fits need",
                        FitKind::Required => "fits required",
                    },
                    AccountFact::OnlyOneFits(_) => "only_one",
                    AccountFact::FitsNone => "fits_none",
                    AccountFact::SeveralOfTheirs(_) => "several_of_theirs",
                    AccountFact::SeveralFit { .. } => "several_fit",
                    AccountFact::SumOfNeeds { .. } => "sum",
                    AccountFact::SeveralSets { more, .. } => {
                        if *more {
                            "sets more"
                        } else {
                            "sets"
                        }
                    }
                    AccountFact::OldestFirst(_) => "oldest",
                    AccountFact::FifoOff => "fifo_off",
                };
                return format!("account {who} {what}");
            }
            Fact::TooManyCombinations { .. } => "too_many",
            Fact::Namesakes { open, .. } => return format!("namesakes {open}"),
            Fact::Suggest { count, fitting, .. } => {
                return format!("suggest {} {:?}", *count == 1, fitting[0].kind);
            }
            Fact::ForReview => "for_review",
            Fact::OverrideIgnored { .. } => "override_ignored",
            Fact::OverrideNothing { .. } => "override_nothing",
            Fact::OverrideAllocated { .. } => "override_allocated",
            Fact::LeftUnallocated(_) => "left",
            Fact::AccountantNotes(_) => "notes",
            Fact::ReturnOf(r) => return format!("return_of {}", r.reason.is_some()),
            Fact::BothCancelOut => "cancel",
            Fact::ReturnedBy(r) => return format!("returned_by {}", r.reason.is_some()),
            Fact::DidNotStay { invoices } => return format!("did_not_stay {}", invoices.len()),
            Fact::LoneReturn { reason } => return format!("lone {}", reason.is_some()),
            Fact::Refund { .. } => "refund",
            Fact::PayeeIban(how) => match how {
                How::Register => "payee register",
                How::Learned(_) => "payee learned",
            },
            Fact::PayeeName => "payee_name",
            Fact::Candidates(list) => {
                return format!(
                    "candidate {}",
                    match &list[0].why {
                        CandidateWhy::Differs { and, .. } => match and {
                            Besides::Nothing => "differs",
                            Besides::SharedIban => "differs shared",
                            Besides::FifoOff => "differs fifo",
                            Besides::NameResembles => "differs name",
                        },
                        CandidateWhy::SeveralFit(_) => "several",
                        CandidateWhy::OneEditUnsupported(_) => "unsupported",
                        CandidateWhy::EquallyClose { .. } => "equally",
                        CandidateWhy::OtherClientsIban => "other_iban",
                        CandidateWhy::NothingPoints => "nothing_points",
                    }
                );
            }
            Fact::NoCandidate => "no_candidate",
        };
        k.to_string()
    }

    fn t(s: &str) -> Text {
        Text::from(s)
    }

    fn iban() -> Iban {
        Iban::parse("NL91ABNA0417164300").unwrap()
    }

    fn returned(reason: Option<&str>) -> Box<Returned> {
        Box::new(Returned {
            id: t("P1"),
            source: Source::line(&"bank/a.csv".into(), 3),
            amount: m("300.00"),
            reason: reason.map(t),
        })
    }

    /// One fact of every kind (and of every kind of its parts).
    fn facts() -> Vec<Fact> {
        let fit = |kind| Fit {
            amount: m("300.00"),
            invoice: t("F-1"),
            kind,
        };
        let mention = |by_payment_reference| Mention {
            token: t("F1"),
            invoice: t("F-1"),
            by_payment_reference,
        };
        let sources: Box<[Source]> = vec![Source::line(&"overrides.csv".into(), 2)].into();
        let mut out = vec![
            Fact::Duplicate {
                first: Source::line(&"bank/a.csv".into(), 9),
            },
            Fact::SameBooking {
                first: Source::line(&"bank/a.csv".into(), 9),
                counterparty: true,
            },
            Fact::SameBooking {
                first: Source::line(&"bank/a.csv".into(), 9),
                counterparty: false,
            },
            Fact::NotARefund {
                invoices: vec![t("F-1")].into(),
            },
            Fact::FromInsurer { insurer: t("CZ") },
            Fact::InsurerNamesNothing { insurer: t("CZ") },
            Fact::NoRuleFitted,
            Fact::AgentReceipt {
                agent: t("Infomedics"),
                payout: Some(t("UB-41")),
            },
            Fact::AgentReceipt {
                agent: t("Infomedics"),
                payout: None,
            },
            Fact::AgentUnknownInvoice { invoice: t("F-9") },
            Fact::AgentPayout {
                agent: t("Infomedics"),
                batch: t("UB-41"),
            },
            Fact::AgentPayoutDiffers {
                agent: t("Infomedics"),
                batch: t("UB-41"),
                expected: super::m("500.00"),
            },
            Fact::AgentPayoutNoStatement {
                agent: t("Infomedics"),
            },
            Fact::Named(mention(false)),
            Fact::Named(mention(true)),
            Fact::WholePayment,
            Fact::InOrderNamed,
            Fact::OneEdit {
                token: t("F2"),
                invoice: t("F-1"),
            },
            Fact::Support(Support::RegisterIban),
            Fact::Support(Support::LearnedIban(t("P1"))),
            Fact::Support(Support::Name(t("J. Jansen"))),
            Fact::Support(Support::Need(m("300.00"))),
            Fact::Support(Support::NeedToRequired(m("300.00"))),
            Fact::Support(Support::Net(m("300.00"))),
            Fact::SplitByPaidOut,
            Fact::PaidOutDiffers {
                paid_out: m("500.00"),
                by: m("10.00"),
            },
            Fact::TooManyCombinations { open: 40 },
            Fact::ForReview,
            Fact::OverrideIgnored {
                sources: sources.clone(),
            },
            Fact::OverrideNothing {
                sources: sources.clone(),
            },
            Fact::OverrideAllocated { sources },
            Fact::LeftUnallocated(m("20.00")),
            Fact::AccountantNotes(vec![t("afspraak")].into()),
            Fact::ReturnOf(returned(None)),
            Fact::ReturnOf(returned(Some("AC04"))),
            Fact::BothCancelOut,
            Fact::ReturnedBy(returned(None)),
            Fact::ReturnedBy(returned(Some("AC04"))),
            Fact::DidNotStay {
                invoices: Box::default(),
            },
            Fact::DidNotStay {
                invoices: vec![t("F-1")].into(),
            },
            Fact::LoneReturn { reason: None },
            Fact::LoneReturn {
                reason: Some(t("AC04")),
            },
            Fact::Refund {
                client: t("K1"),
                name: t("J. Jansen"),
                mention: mention(false),
            },
            Fact::PayeeIban(How::Register),
            Fact::PayeeIban(How::Learned(t("P1"))),
            Fact::PayeeName,
            Fact::NoCandidate,
        ];
        for by_iban in [true, false] {
            out.push(Fact::Declarations {
                insurer: t("CZ"),
                by_iban,
                declarations: vec![t("88001")].into(),
            });
        }
        for open in [true, false] {
            out.push(Fact::Namesakes {
                clients: vec![(t("K1"), t("J. Jansen"))].into(),
                open,
            });
        }
        for (count, kind) in [(1, FitKind::Need), (2, FitKind::Required)] {
            out.push(Fact::Suggest {
                payer: t("J Jansen"),
                amount: m("300.00"),
                count,
                fitting: vec![Suggested {
                    invoice: t("F-1"),
                    client: t("K1"),
                    name: t("J. Jansen"),
                    kind,
                }]
                .into(),
            });
        }
        let whys = [
            CandidateWhy::Differs {
                by: m("12.50"),
                and: Besides::Nothing,
            },
            CandidateWhy::Differs {
                by: m("12.50"),
                and: Besides::SharedIban,
            },
            CandidateWhy::Differs {
                by: m("12.50"),
                and: Besides::FifoOff,
            },
            CandidateWhy::Differs {
                by: m("12.50"),
                and: Besides::NameResembles,
            },
            CandidateWhy::SeveralFit(2),
            CandidateWhy::OneEditUnsupported(t("F2")),
            CandidateWhy::EquallyClose {
                token: t("F2"),
                invoices: vec![t("F-1"), t("F-3")].into(),
            },
            CandidateWhy::OtherClientsIban,
            CandidateWhy::NothingPoints,
        ];
        for why in whys {
            out.push(Fact::Candidates(
                vec![Candidate {
                    invoice: t("F-1"),
                    why,
                }]
                .into(),
            ));
        }
        let whos = [
            Who::Client {
                iban: iban(),
                client: t("K1"),
                name: t("J. Jansen"),
                how: How::Register,
            },
            Who::Client {
                iban: iban(),
                client: t("K1"),
                name: t("J. Jansen"),
                how: How::Learned(t("P1")),
            },
            Who::Shared {
                iban: iban(),
                clients: vec![t("K1"), t("K2")].into(),
            },
        ];
        let whats = [
            AccountFact::NoOpenInvoice,
            AccountFact::Fits(fit(FitKind::Need)),
            AccountFact::Fits(fit(FitKind::Required)),
            AccountFact::OnlyOneFits(fit(FitKind::Need)),
            AccountFact::FitsNone,
            AccountFact::SeveralOfTheirs(2),
            AccountFact::SeveralFit {
                count: 2,
                amount: m("300.00"),
                invoices: vec![t("F-1"), t("F-3")].into(),
            },
            AccountFact::SumOfNeeds {
                amount: m("800.00"),
                parts: vec![(t("F-1"), m("300.00")), (t("F-3"), m("500.00"))].into(),
            },
            AccountFact::SeveralSets {
                amount: m("800.00"),
                more: false,
                sets: vec![vec![t("F-1"), t("F-3")].into()].into(),
            },
            AccountFact::SeveralSets {
                amount: m("800.00"),
                more: true,
                sets: vec![vec![t("F-1"), t("F-3")].into()].into(),
            },
            AccountFact::OldestFirst(m("800.00")),
            AccountFact::FifoOff,
        ];
        for who in &whos {
            for what in &whats {
                out.push(Fact::Account {
                    who: Box::new(who.clone()),
                    what: what.clone(),
                });
            }
        }
        out
    }

    fn outcome(note: Note) -> PaymentOutcome {
        PaymentOutcome {
            line: 0,
            status: PaymentStatus::Allocated,
            rule: Rule::Reference,
            allocations: vec![Allocation {
                invoice: t("F-1"),
                amount: m("300.00"),
            }],
            unallocated: m("0.00"),
            note,
        }
    }

    #[test]
    fn the_examples_cover_every_variant() {
        let kinds: BTreeSet<String> = facts().iter().map(fact_kind).collect();
        // Every kind above once: a new variant (or part) must be added to
        // `fact_kind`, and then to `facts`, before this passes.
        assert_eq!(kinds.len(), 98, "{kinds:#?}");
        let notes = [
            Note::NothingFitted,
            Note::Debit,
            Note::ZeroAmount,
            Note::OwnTransfer,
            Note::NotDecided,
            Note::of(facts()),
        ];
        assert_eq!(notes.iter().map(kind).collect::<BTreeSet<_>>().len(), 6);
    }

    #[test]
    fn every_fact_has_a_text_in_both_languages() {
        let fixed = [
            Note::NothingFitted,
            Note::Debit,
            Note::ZeroAmount,
            Note::OwnTransfer,
            Note::NotDecided,
        ];
        let all = fixed
            .into_iter()
            .chain(facts().into_iter().map(|f| Note::of(vec![f])));
        for n in all {
            let p = outcome(n);
            let (nl, en) = (note(&p, Lang::Nl), note(&p, Lang::En));
            assert!(!nl.is_empty() && !en.is_empty(), "{:?}", p.note);
            assert_ne!(nl, en, "{:?}", p.note);
            // No English clause word in the Dutch text.
            for english in [
                " the ",
                "the ",
                "invoice",
                "payment ",
                "amount",
                " not ",
                "candidates",
                " which ",
            ] {
                assert!(!nl.contains(english), "{english:?} in {nl:?}");
            }
        }
    }

    #[test]
    fn english_notes_keep_their_wording() {
        let p = outcome(Note::of(vec![
            Fact::Named(Mention {
                token: t("F20260002"),
                invoice: t("F-2026-0002"),
                by_payment_reference: false,
            }),
            Fact::WholePayment,
        ]));
        assert_eq!(
            note(&p, Lang::En),
            "token F20260002 names invoice F-2026-0002; the whole payment goes to it"
        );
        let p = outcome(Note::of(vec![
            Fact::NoRuleFitted,
            Fact::Candidates(
                vec![Candidate {
                    invoice: t("F-1"),
                    why: CandidateWhy::Differs {
                        by: m("12.50"),
                        and: Besides::FifoOff,
                    },
                }]
                .into(),
            ),
        ]));
        assert_eq!(
            note(&p, Lang::En),
            "no rule fitted; candidates: F-1 (amount differs by 12.50; fifo is off)"
        );
    }
}

#[test]
fn every_rule_has_a_word_in_both_languages() {
    use crate::outcome::Rule;
    let all = Rule::ALL;
    let words: BTreeSet<&str> = all.iter().map(|&r| rule(r, Lang::Nl)).collect();
    assert_eq!(words.len(), all.len(), "one Dutch word per rule");
    for r in all {
        // English keeps the code the CSV files write.
        assert_eq!(rule(r, Lang::En), r.as_str());
        assert_ne!(rule(r, Lang::Nl), r.as_str(), "{r:?}");
    }
    let _: fn(Rule) -> &'static str = Rule::as_str;
    assert_ne!(undecided(Lang::Nl), undecided(Lang::En));
}

#[test]
fn every_effect_has_a_text_in_both_languages() {
    use crate::decisions::Effect;
    let at = || Source::line(&"decisions/a.csv".into(), 2);
    let all = [
        Effect::Applied,
        Effect::NothingToHold,
        Effect::NoEffect,
        Effect::SameAs(at()),
        Effect::Conflict(at()),
        Effect::Replaced(at()),
        Effect::Undone,
        Effect::Overridden(at()),
        Effect::UnknownPayment,
        Effect::UnknownInvoice("F-1".into()),
        Effect::AmountAbovePayment {
            amount: m("20.00"),
            payment: m("10.00"),
        },
        Effect::AmountNotPositive(m("-1.00")),
        Effect::AmountWithIgnore,
        Effect::Unreadable(crate::problem::ProblemKind::Unreadable {
            field: crate::problem::Field::Decision,
            flaw: crate::problem::Flaw::NotADate,
        }),
    ];
    // One example per code (two variants share `invalid_amount`).
    let codes: BTreeSet<&str> = all.iter().map(Effect::code).collect();
    assert_eq!(codes.len(), all.len() - 1);
    for e in &all {
        let (nl, en) = (effect(e, Lang::Nl), effect(e, Lang::En));
        assert!(!nl.is_empty() && !en.is_empty(), "{e:?}");
        assert_ne!(nl, en, "{e:?}");
    }
}
