//! Every fact has a text in both languages: one example value of every
//! variant is rendered in Dutch and English. The `kind` functions are
//! exhaustive `match`es, so a new variant does not compile until it is
//! named here, and the test fails until it has an example.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::money::Money;
use crate::reason::{Hold, Required, Wait, Why};
use crate::source::Source;

fn m(s: &str) -> Money {
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
