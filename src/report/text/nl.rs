//! De Nederlandse catalogus: dezelfde feiten als `en.rs`, in de woorden
//! van de boekhouder (afboeken, vergoed, specificatie).

use std::fmt::Write;

use crate::reason::{Reason, Required, Wait, Why};

/// An invoice's reason.
pub(super) fn reason(r: &Reason) -> String {
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
            "; afboeking van {} aangehouden door de accountant ({})",
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
        Required::Reimbursed(r) => format!("de verzekeraar vergoedde {r}"),
        Required::Floor {
            reimbursed,
            percent,
            required,
        } => format!(
            "de verzekeraar vergoedde {reimbursed} en de cliënt betaalt minstens {percent} %, dus is {required} vereist"
        ),
        Required::AboveInvoice {
            reimbursed,
            required,
        } => format!(
            "de verzekeraar vergoedde {reimbursed}, meer dan de factuur, dus is {required} vereist"
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
