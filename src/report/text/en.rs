//! The English catalogue. Its wording is the one the outputs had before
//! the core stated facts, so English outputs did not change with it.

use std::fmt::Write;

use crate::reason::{Reason, Required, Wait, Why};

/// An invoice's reason.
pub(super) fn reason(r: &Reason) -> String {
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
            "; write-off of {} held by the accountant ({})",
            h.amount, h.source
        );
        if !h.note.is_empty() {
            let _ = write!(s, ": {}", h.note);
        }
    }
    s
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
