//! Invoice status and coulance (docs/statuses.md): a pure function of an invoice's
//! figures, so that the table of worked examples A–J is its test.
//!
//! `required = min(net, max(reimbursed, floor × net))` is what must be
//! received (from client and insurer together) before the rest of the
//! invoice may be written off. The statuses are tested in this order (docs/statuses.md):
//! overpaid, settled, coulance_eligible, partially_paid, open.

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::money::Money;
use crate::outcome::InvoiceStatus;
use crate::reason::{Reason, Required, Wait, Why};

/// Everything the status of one invoice depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figures {
    /// Amount minus its credit notes.
    pub net: Money,
    /// Received (client and insurer), minus refunds and reversals.
    pub paid: Money,
    /// Sum of reimbursed over its specification lines; `None` without one.
    pub reimbursed: Option<Money>,
    /// The insurer's `client_share_floor` (0 ≤ floor < 1).
    pub floor: Decimal,
    /// Amounts within this are equal.
    pub tolerance: Money,
    /// Days after the due date after which no coulance is granted; 0: none.
    pub deadline_days: u32,
    /// The invoice's due date.
    pub due_date: NaiveDate,
    /// The date the run is for.
    pub as_of: NaiveDate,
}

/// The status of one invoice and the amounts that go with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Status (docs/statuses.md, first that holds).
    pub status: InvoiceStatus,
    /// What must be received before the rest may be written off; `None`
    /// without a specification.
    pub required: Option<Money>,
    /// net − paid when coulance_eligible, else 0.
    pub coulance: Money,
    /// net − paid (negative: to refund).
    pub outstanding: Money,
    /// Days past the due date at the as-of date while money is still
    /// awaited (partially_paid, open); 0 otherwise and when not yet due.
    pub days_overdue: i64,
    /// Why the status is what it is, as facts (`report/text` words them).
    pub reason: Reason,
    /// True when the client-share floor raised `required` above what the
    /// insurer reimbursed (`floor × net > reimbursed`, and the invoice is
    /// worth more than the reimbursement); false without a specification.
    pub floor_applied: bool,
}

/// `min(net, max(reimbursed, floor × net))`, `floor × net` rounded to cents
/// half away from zero.
pub fn required(net: Money, reimbursed: Money, floor: Decimal) -> Money {
    net.min(reimbursed.max(net.times(floor)))
}

/// The last day on which coulance may still be granted, or `None` when the
/// policy sets no deadline (0 days).
pub fn coulance_deadline(due_date: NaiveDate, deadline_days: u32) -> Option<NaiveDate> {
    if deadline_days == 0 {
        return None;
    }
    due_date.checked_add_signed(Duration::days(i64::from(deadline_days)))
}

/// Decides the status of one invoice (docs/statuses.md).
///
/// Choices where the docs leave it open: the deadline "has passed" when the
/// as-of date is after due date + deadline days (on the last day coulance
/// is still granted); `days_overdue` counts only for invoices that still
/// wait for money (partially_paid, open), because a settled, overpaid or
/// coulance-eligible invoice is not in arrears.
///
/// docs/statuses.md example E (invoice 1000.00, reimbursed 600.00, floor 75 %):
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use zorgrecon::money::Money;
/// use zorgrecon::outcome::InvoiceStatus;
/// use zorgrecon::status::{Figures, decide};
///
/// let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
/// let v = decide(&Figures {
///     net: Money::from_cents(100_000),
///     paid: Money::from_cents(75_000),
///     reimbursed: Some(Money::from_cents(60_000)),
///     floor: Decimal::new(75, 2),
///     tolerance: Money::from_cents(1),
///     deadline_days: 0,
///     due_date: day,
///     as_of: day,
/// });
/// assert_eq!(v.status, InvoiceStatus::CoulanceEligible);
/// assert_eq!(v.required, Some(Money::from_cents(75_000)));
/// assert_eq!(v.coulance, Money::from_cents(25_000));
/// ```
pub fn decide(f: &Figures) -> Verdict {
    let tol = f.tolerance;
    let outstanding = f.net - f.paid;
    let required = f.reimbursed.map(|r| required(f.net, r, f.floor));
    // `required` is at most net and at least reimbursed unless reimbursed
    // exceeds net; above reimbursed only the floor can have put it.
    let floor_applied = matches!((f.reimbursed, required), (Some(r), Some(q)) if q > r);
    let deadline = coulance_deadline(f.due_date, f.deadline_days);
    let deadline_passed = deadline.is_some_and(|d| f.as_of > d);
    let overdue = (f.as_of - f.due_date).num_days().max(0);
    let verdict = |status, coulance, days_overdue, why: Why| Verdict {
        status,
        required,
        coulance,
        outstanding,
        days_overdue,
        reason: Reason::new(why),
        floor_applied,
    };

    if f.paid > f.net + tol {
        return verdict(
            InvoiceStatus::Overpaid,
            Money::ZERO,
            0,
            Why::Overpaid {
                paid: f.paid,
                net: f.net,
            },
        );
    }
    if !f.net.is_positive() {
        return verdict(
            InvoiceStatus::Settled,
            Money::ZERO,
            0,
            Why::NothingToPay { net: f.net },
        );
    }
    if f.paid >= f.net - tol {
        return verdict(
            InvoiceStatus::Settled,
            Money::ZERO,
            0,
            Why::Paid {
                paid: f.paid,
                net: f.net,
            },
        );
    }
    if let (Some(reimbursed), Some(req)) = (f.reimbursed, required)
        && reimbursed.is_positive()
        && f.paid >= req - tol
        && !deadline_passed
    {
        return verdict(
            InvoiceStatus::CoulanceEligible,
            outstanding,
            0,
            Why::Coulance {
                paid: f.paid,
                net: f.net,
                required: why_required(reimbursed, req, f.floor),
                write_off: outstanding,
            },
        );
    }
    let wait = match (f.reimbursed, required) {
        (None, _) | (_, None) => Wait::Specification,
        (Some(r), Some(_)) if !r.is_positive() => Wait::ReimbursedNothing,
        (Some(r), Some(req)) if f.paid >= req - tol => match deadline {
            Some(on) => Wait::DeadlinePassed { reimbursed: r, on },
            None => Wait::Reimbursed(r),
        },
        (Some(r), Some(req)) => Wait::MoreDue {
            required: why_required(r, req, f.floor),
            more: req - f.paid,
        },
    };
    if f.paid > tol {
        verdict(
            InvoiceStatus::PartiallyPaid,
            Money::ZERO,
            overdue,
            Why::PartlyPaid {
                paid: f.paid,
                net: f.net,
                wait,
            },
        )
    } else {
        verdict(
            InvoiceStatus::Open,
            Money::ZERO,
            overdue,
            Why::NothingReceived { net: f.net, wait },
        )
    }
}

/// Where `required` comes from.
fn why_required(reimbursed: Money, required: Money, floor: Decimal) -> Required {
    if required > reimbursed {
        Required::Floor {
            reimbursed,
            percent: (floor * Decimal::ONE_HUNDRED).normalize(),
            required,
        }
    } else if required < reimbursed {
        Required::AboveInvoice {
            reimbursed,
            required,
        }
    } else {
        Required::Reimbursed(reimbursed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn figures(reimbursed: Option<&str>, floor: &str, paid: &str) -> Figures {
        Figures {
            net: m("1000.00"),
            paid: m(paid),
            reimbursed: reimbursed.map(m),
            floor: floor.parse().unwrap(),
            tolerance: m("0.01"),
            deadline_days: 0,
            due_date: d("2026-01-31"),
            as_of: d("2026-03-01"),
        }
    }

    /// docs/statuses.md worked examples A–J: case, reimbursed, floor, paid, status,
    /// coulance, outstanding, required.
    #[test]
    fn worked_examples_a_to_j() {
        use InvoiceStatus::*;
        #[allow(clippy::type_complexity)]
        let table: [(
            &str,
            Option<&str>,
            &str,
            &str,
            InvoiceStatus,
            &str,
            &str,
            Option<&str>,
        ); 11] = [
            (
                "A",
                Some("700.00"),
                "0",
                "700.00",
                CoulanceEligible,
                "300.00",
                "300.00",
                Some("700.00"),
            ),
            // B and C: reimbursed 700.00 of which 385.00 deductible; the
            // figure that counts is reimbursed, not paid out.
            (
                "B",
                Some("700.00"),
                "0",
                "315.00",
                PartiallyPaid,
                "0",
                "685.00",
                Some("700.00"),
            ),
            (
                "C",
                Some("700.00"),
                "0",
                "700.00",
                CoulanceEligible,
                "300.00",
                "300.00",
                Some("700.00"),
            ),
            (
                "D",
                Some("600.00"),
                "0.75",
                "600.00",
                PartiallyPaid,
                "0",
                "400.00",
                Some("750.00"),
            ),
            (
                "E",
                Some("600.00"),
                "0.75",
                "750.00",
                CoulanceEligible,
                "250.00",
                "250.00",
                Some("750.00"),
            ),
            (
                "F",
                Some("1000.00"),
                "0",
                "1000.00",
                Settled,
                "0",
                "0",
                Some("1000.00"),
            ),
            ("G", None, "0", "500.00", PartiallyPaid, "0", "500.00", None),
            (
                "H",
                Some("0.00"),
                "0",
                "0.00",
                Open,
                "0",
                "1000.00",
                Some("0.00"),
            ),
            (
                "I",
                Some("700.00"),
                "0",
                "1050.00",
                Overpaid,
                "0",
                "-50.00",
                Some("700.00"),
            ),
            ("I2", None, "0", "1050.00", Overpaid, "0", "-50.00", None),
            (
                "J",
                Some("700.00"),
                "0",
                "699.99",
                CoulanceEligible,
                "300.01",
                "300.01",
                Some("700.00"),
            ),
        ];
        for (case, reimbursed, floor, paid, status, coulance, outstanding, req) in table {
            let v = decide(&figures(reimbursed, floor, paid));
            assert_eq!(v.status, status, "case {case}: {:?}", v.reason);
            assert_eq!(v.coulance, m(coulance), "case {case}");
            assert_eq!(v.outstanding, m(outstanding), "case {case}");
            assert_eq!(v.required, req.map(m), "case {case}");
            assert!(v.reason.hold.is_none(), "case {case}");
        }
    }

    #[test]
    fn reasons_say_why() {
        let v = decide(&figures(Some("700.00"), "0", "700.00"));
        assert_eq!(
            v.reason.why,
            Why::Coulance {
                paid: m("700.00"),
                net: m("1000.00"),
                required: Required::Reimbursed(m("700.00")),
                write_off: m("300.00"),
            }
        );
        let v = decide(&figures(Some("600.00"), "0.75", "600.00"));
        assert_eq!(
            v.reason.why,
            Why::PartlyPaid {
                paid: m("600.00"),
                net: m("1000.00"),
                wait: Wait::MoreDue {
                    required: Required::Floor {
                        reimbursed: m("600.00"),
                        percent: Decimal::from(75),
                        required: m("750.00"),
                    },
                    more: m("150.00"),
                },
            }
        );
        let v = decide(&figures(None, "0", "500.00"));
        assert!(matches!(
            v.reason.why,
            Why::PartlyPaid {
                wait: Wait::Specification,
                ..
            }
        ));
        let v = decide(&figures(Some("0.00"), "0", "0.00"));
        assert!(matches!(
            v.reason.why,
            Why::NothingReceived {
                wait: Wait::ReimbursedNothing,
                ..
            }
        ));
        let v = decide(&figures(Some("700.00"), "0", "1050.00"));
        assert_eq!(
            v.reason.why,
            Why::Overpaid {
                paid: m("1050.00"),
                net: m("1000.00"),
            }
        );
        let v = decide(&figures(Some("1200.00"), "0", "600.00"));
        assert!(matches!(
            v.reason.why,
            Why::PartlyPaid {
                wait: Wait::MoreDue {
                    required: Required::AboveInvoice { .. },
                    ..
                },
                ..
            }
        ));
    }

    #[test]
    fn deadline_days_after_due_date() {
        let mut f = figures(Some("700.00"), "0", "700.00");
        f.deadline_days = 30;
        f.as_of = d("2026-03-02"); // due 2026-01-31 + 30 days = 2026-03-02
        assert_eq!(decide(&f).status, InvoiceStatus::CoulanceEligible);
        f.as_of = d("2026-03-03");
        let v = decide(&f);
        assert_eq!(v.status, InvoiceStatus::PartiallyPaid);
        assert_eq!(v.coulance, Money::ZERO);
        assert_eq!(
            v.reason.why,
            Why::PartlyPaid {
                paid: m("700.00"),
                net: m("1000.00"),
                wait: Wait::DeadlinePassed {
                    reimbursed: m("700.00"),
                    on: d("2026-03-02"),
                },
            }
        );
        assert_eq!(v.days_overdue, 31);
    }

    #[test]
    fn settled_when_nothing_to_pay() {
        let mut f = figures(None, "0", "0.00");
        f.net = Money::ZERO;
        assert_eq!(decide(&f).status, InvoiceStatus::Settled);
        f.net = m("-10.00");
        f.paid = m("-10.00");
        assert_eq!(decide(&f).status, InvoiceStatus::Settled);
    }

    #[test]
    fn days_overdue_only_while_money_is_awaited() {
        let f = figures(None, "0", "0.00");
        assert_eq!(decide(&f).days_overdue, 29);
        let mut g = f;
        g.as_of = d("2026-01-01");
        assert_eq!(decide(&g).days_overdue, 0);
        let s = figures(None, "0", "1000.00");
        assert_eq!(decide(&s).days_overdue, 0);
    }

    #[test]
    fn floor_applied_only_when_the_floor_raised_required() {
        // D and E: reimbursed 600.00, floor 75 %: required 750.00.
        assert!(decide(&figures(Some("600.00"), "0.75", "600.00")).floor_applied);
        assert!(decide(&figures(Some("600.00"), "0.75", "750.00")).floor_applied);
        // A: no floor; a floor below the reimbursement changes nothing.
        assert!(!decide(&figures(Some("700.00"), "0", "700.00")).floor_applied);
        assert!(!decide(&figures(Some("800.00"), "0.75", "800.00")).floor_applied);
        // Exactly at the floor: required equals reimbursed, not raised.
        assert!(!decide(&figures(Some("750.00"), "0.75", "0.00")).floor_applied);
        // Reimbursed more than the invoice: required lowered to net.
        assert!(!decide(&figures(Some("1200.00"), "0.75", "0.00")).floor_applied);
        // No specification, nothing to raise; nothing reimbursed is raised.
        assert!(!decide(&figures(None, "0.75", "0.00")).floor_applied);
        assert!(decide(&figures(Some("0.00"), "0.75", "0.00")).floor_applied);
    }

    #[test]
    fn floor_rounds_half_away_from_zero() {
        assert_eq!(
            required(m("100.01"), m("10.00"), "0.75".parse().unwrap()),
            m("75.01")
        );
        assert_eq!(
            required(m("100.02"), m("10.00"), "0.75".parse().unwrap()),
            m("75.02")
        );
        assert_eq!(
            required(m("0.10"), m("0.00"), "0.75".parse().unwrap()),
            m("0.08")
        );
        assert_eq!(
            required(m("1000.00"), m("1200.00"), Decimal::ZERO),
            m("1000.00")
        );
    }
}
