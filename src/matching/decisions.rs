//! The accountant's decisions from `decisions/`, weighed before
//! the rules run: which apply, which conflict, which point at nothing.
//!
//! - Decisions are grouped by what they decide (a payment, or an
//!   invoice's write-off) and by file: the rows of one file about one
//!   payment are one decision (a split, as in `overrides.csv`).
//! - A row naming an unknown payment or invoice, or with an amount that is
//!   not positive or above the payment, is refused on its own.
//! - `overrides.csv` keeps a payment it decides: a decision that agrees is
//!   listed as the same, one that differs is refused.
//! - A saved workbook carries its report date (the as-of on its summary
//!   sheet): of the files that decide one payment or invoice, those of
//!   the newest report date count and the older ones are replaced. Files
//!   without a report date (CSV) are weighed with the newest.
//! - A cell the workbook had pre-filled with the decision in force and
//!   that is empty now undoes it: it decides "nothing", and so replaces
//!   an older decision like any other.
//! - Files that agree: the first in path order applies, the others are
//!   the same. Files that differ: none applies, each names another.
//! - A payment decision that applies becomes override rows (rule 1): a
//!   cell naming several invoices gives each, in order, up to what it
//!   still needs and the rest to the last, within the decision's amount.
//! - A hold keeps the invoice's figures and status; its reason says it is
//!   held and why, and the report leaves it off the write-offs. A refund
//!   hold (`Terugbetalen` / `Refund`) is its own subject: it does the same
//!   for an overpaid invoice's refund, and never meets a write-off hold.

use foldhash::{HashMap, HashSet};

use crate::decisions::{Decided, DecisionOutcome, Effect, PaymentTarget, Subject};
use crate::ident::invoice_key;
use crate::ledger::Ledger;
use crate::money::Money;
use crate::outcome::{InvoiceOutcome, InvoiceStatus};
use crate::overrides::{OverrideRow, OverrideTarget};
use crate::problem::Problem;
use crate::reason::Hold;
use crate::source::Source;

use super::book::Book;

/// How an override row made from a decision takes its part.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Up to what the invoice still needs (all but the last invoice of a
    /// cell that names several).
    pub fill: bool,
    /// What the invoices of one cell share: the decision's amount.
    pub budget: Option<Money>,
}

/// The decisions weighed.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    /// Override rows made from the payment decisions that apply.
    pub rows: Vec<(OverrideRow, Shape)>,
    /// (invoice in the book, decision row) of every hold that applies.
    pub holds: Vec<(usize, usize)>,
    /// One per decision row, in ledger order.
    pub outcomes: Vec<DecisionOutcome>,
}

/// What a group of rows decides, in a form two groups can be compared by.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Content {
    Payment(Vec<(Option<Vec<String>>, Option<Money>)>),
    Hold(bool),
    /// A pre-filled cell left empty: the decision is undone.
    Cleared,
}

/// Weighs every decision row of the ledger. `by_id` finds a payment's
/// bank line; problems are added for every decision that does not apply
/// for a reason the accountant has to fix.
pub(crate) fn resolve(
    ledger: &Ledger,
    by_id: &HashMap<&str, usize>,
    book: &Book,
    problems: &mut Vec<Problem>,
) -> Resolved {
    let rows = &ledger.decisions;
    let mut effects: Vec<Option<Effect>> = vec![None; rows.len()];
    let mut lines: Vec<Option<usize>> = vec![None; rows.len()];
    let mut invoices: Vec<Option<usize>> = vec![None; rows.len()];
    let mut out = Resolved::default();

    // Every row alone first: does what it names exist, is its amount sane.
    for (k, row) in rows.iter().enumerate() {
        let refuse = |effect: Effect| Some(effect);
        effects[k] = match &row.decided {
            Decided::Payment {
                payment_id,
                target,
                amount,
            } => match by_id.get(payment_id.trim()) {
                None => refuse(Effect::UnknownPayment),
                Some(&line) => {
                    lines[k] = Some(line);
                    let payment = ledger.bank_lines[line].amount.abs();
                    let unknown = match target {
                        PaymentTarget::Ignore => None,
                        PaymentTarget::Invoices(list) => list
                            .iter()
                            .find(|n| !book.by_key.contains_key(&invoice_key(n))),
                    };
                    match (unknown, target, amount) {
                        (Some(n), _, _) => refuse(Effect::UnknownInvoice(n.trim().to_string())),
                        (None, PaymentTarget::Ignore, Some(_)) => refuse(Effect::AmountWithIgnore),
                        (None, _, Some(a)) if !a.is_positive() => {
                            refuse(Effect::AmountNotPositive(*a))
                        }
                        (None, _, Some(a)) if *a > payment => refuse(Effect::AmountAbovePayment {
                            amount: *a,
                            payment,
                        }),
                        _ => None,
                    }
                }
            },
            Decided::Unreadable { why, .. } => refuse(Effect::Unreadable(why.clone())),
            // An undone decision needs nothing to exist: it decides nothing.
            Decided::Cleared { subject, about } => {
                if *subject != Subject::Payment {
                    invoices[k] = book.by_key.get(&invoice_key(about)).copied();
                } else {
                    lines[k] = by_id.get(about.trim()).copied();
                }
                None
            }
            Decided::Hold { invoice }
            | Decided::WriteOff { invoice }
            | Decided::HoldRefund { invoice }
            | Decided::Refund { invoice } => match book.by_key.get(&invoice_key(invoice)) {
                None => refuse(Effect::UnknownInvoice(invoice.trim().to_string())),
                Some(&inv) => {
                    invoices[k] = Some(inv);
                    None
                }
            },
        };
    }

    // The rows still standing, by what they decide, then by place.
    let mut standing: Vec<usize> = (0..rows.len()).filter(|&k| effects[k].is_none()).collect();
    let subjects: Vec<(Subject, String)> = rows.iter().map(|r| r.subject()).collect();
    standing.sort_by(|&a, &b| {
        subjects[a]
            .cmp(&subjects[b])
            .then_with(|| rows[a].source.cmp(&rows[b].source))
            .then(a.cmp(&b))
    });
    let overrides_of = overrides_by_payment(ledger);
    for same_subject in standing.chunk_by(|&a, &b| subjects[a] == subjects[b]) {
        // One group per file, files in path order.
        let all_groups: Vec<&[usize]> = same_subject
            .chunk_by(|&a, &b| rows[a].source.path == rows[b].source.path)
            .collect();
        let first_place = |g: &[usize]| rows[g[0]].source.clone();
        // A workbook of a later report date replaces those of earlier
        // ones; files without a report date are weighed with the newest.
        let newest = all_groups
            .iter()
            .filter_map(|g| rows[g[0]].report_date)
            .max();
        let current = |g: &[usize]| match (rows[g[0]].report_date, newest) {
            (Some(d), Some(n)) => d == n,
            _ => true,
        };
        if let Some(by) = all_groups
            .iter()
            .find(|g| current(g) && rows[g[0]].report_date.is_some())
        {
            for g in all_groups.iter().filter(|g| !current(g)) {
                for &k in *g {
                    effects[k] = Some(Effect::Replaced(first_place(by)));
                }
            }
        }
        let groups: Vec<&[usize]> = all_groups.into_iter().filter(|g| current(g)).collect();
        let contents: Vec<Content> = groups.iter().map(|g| content(ledger, g)).collect();
        let (kind, subject) = &subjects[same_subject[0]];
        let standing_override = if *kind == Subject::Payment {
            overrides_of.get(subject.as_str())
        } else {
            None
        };
        let mut group_effects: Vec<Effect> = Vec::with_capacity(groups.len());
        if let Some((place, theirs)) = standing_override {
            for c in &contents {
                group_effects.push(if c == theirs {
                    Effect::SameAs(place.clone())
                } else {
                    Effect::Overridden(place.clone())
                });
            }
        } else if contents.iter().all(|c| *c == contents[0]) {
            for (n, _) in groups.iter().enumerate() {
                group_effects.push(if n == 0 {
                    Effect::Applied
                } else {
                    Effect::SameAs(first_place(groups[0]))
                });
            }
        } else {
            for (n, c) in contents.iter().enumerate() {
                // Name the first other place that decides differently.
                let other = contents.iter().position(|o| o != c).map_or(n, |m| m);
                group_effects.push(Effect::Conflict(first_place(groups[other])));
            }
        }
        for ((g, effect), c) in groups.iter().zip(group_effects).zip(&contents) {
            if effect == Effect::Applied {
                apply(ledger, g, &invoices, &mut out);
            }
            // `ja` / `yes` agreed on: what happens anyway; a cleared cell:
            // nothing is decided.
            let effect = match (effect, c) {
                (Effect::Applied, Content::Hold(false)) => Effect::NoEffect,
                (Effect::Applied, Content::Cleared) => Effect::Undone,
                (effect, _) => effect,
            };
            for &k in *g {
                effects[k] = Some(effect.clone());
            }
        }
    }

    for (k, row) in rows.iter().enumerate() {
        // Every row has its effect by now; the fallback keeps this total.
        let effect = effects[k].take().unwrap_or(Effect::NoEffect);
        if let Some(p) = problem(row, &effect) {
            problems.push(p);
        }
        out.outcomes.push(DecisionOutcome {
            decision: k,
            effect,
            line: lines[k],
            invoice: invoices[k],
        });
    }
    out
}

/// The rows of `overrides.csv` per payment id: the first row's place and
/// what they decide, in the form decisions are compared in.
fn overrides_by_payment(ledger: &Ledger) -> HashMap<&str, (Source, Content)> {
    let mut rows: Vec<&OverrideRow> = ledger.overrides.iter().collect();
    rows.sort_by(|a, b| a.source.cmp(&b.source));
    let mut out: HashMap<&str, (Source, Content)> = HashMap::default();
    for r in rows {
        let part = match &r.target {
            OverrideTarget::Ignore => (None, None),
            OverrideTarget::Invoice(n) => (Some(vec![invoice_key(n)]), r.amount),
        };
        let entry = out
            .entry(r.payment_id.trim())
            .or_insert_with(|| (r.source.clone(), Content::Payment(Vec::new())));
        if let Content::Payment(parts) = &mut entry.1 {
            parts.push(part);
        }
    }
    out
}

/// What a group of rows (one file, one subject) decides.
fn content(ledger: &Ledger, group: &[usize]) -> Content {
    let rows = &ledger.decisions;
    let decides = |k: &usize| !matches!(rows[*k].decided, Decided::Cleared { .. });
    if !group.iter().any(decides) {
        return Content::Cleared;
    }
    match group.iter().find(|k| decides(k)).map(|&k| &rows[k].decided) {
        Some(Decided::Hold { .. })
        | Some(Decided::WriteOff { .. })
        | Some(Decided::HoldRefund { .. })
        | Some(Decided::Refund { .. })
        | Some(Decided::Unreadable { .. }) => Content::Hold(group.iter().any(|&k| {
            matches!(
                rows[k].decided,
                Decided::Hold { .. } | Decided::HoldRefund { .. }
            )
        })),
        _ => Content::Payment(
            group
                .iter()
                .filter_map(|&k| match &rows[k].decided {
                    Decided::Payment { target, amount, .. } => Some(match target {
                        PaymentTarget::Ignore => (None, None),
                        PaymentTarget::Invoices(list) => {
                            (Some(list.iter().map(|n| invoice_key(n)).collect()), *amount)
                        }
                    }),
                    _ => None,
                })
                .collect(),
        ),
    }
}

/// Turns a group that applies into override rows or holds.
fn apply(ledger: &Ledger, group: &[usize], invoices: &[Option<usize>], out: &mut Resolved) {
    for &k in group {
        let row = &ledger.decisions[k];
        match &row.decided {
            Decided::Payment {
                payment_id,
                target,
                amount,
            } => {
                let make = |target, amount| OverrideRow {
                    source: row.source.clone(),
                    payment_id: payment_id.clone(),
                    target,
                    amount,
                    note: row.note.clone(),
                };
                match target {
                    PaymentTarget::Ignore => out
                        .rows
                        .push((make(OverrideTarget::Ignore, None), Shape::default())),
                    PaymentTarget::Invoices(list) if list.len() == 1 => out.rows.push((
                        make(OverrideTarget::Invoice(list[0].clone()), *amount),
                        Shape::default(),
                    )),
                    PaymentTarget::Invoices(list) => {
                        for (n, number) in list.iter().enumerate() {
                            let shape = Shape {
                                fill: n + 1 < list.len(),
                                budget: *amount,
                            };
                            out.rows
                                .push((make(OverrideTarget::Invoice(number.clone()), None), shape));
                        }
                    }
                }
            }
            Decided::Hold { .. } | Decided::HoldRefund { .. } => {
                if let Some(inv) = invoices[k] {
                    out.holds.push((inv, k));
                }
            }
            Decided::WriteOff { .. }
            | Decided::Refund { .. }
            | Decided::Cleared { .. }
            | Decided::Unreadable { .. } => {}
        }
    }
}

/// The exception for a decision that does not apply for a reason the
/// accountant has to fix; `None` when it applies or needs nothing.
fn problem(row: &crate::decisions::DecisionRow, effect: &Effect) -> Option<Problem> {
    use crate::problem::DecisionFlaw as D;
    let why = match effect {
        // An unreadable decision was reported by its reader already.
        Effect::Applied
        | Effect::NothingToHold
        | Effect::NoEffect
        | Effect::SameAs(_)
        | Effect::Replaced(_)
        | Effect::Undone
        | Effect::Unreadable(_) => {
            return None;
        }
        Effect::Conflict(other) => D::Conflict(other.clone()),
        Effect::Overridden(other) => D::Overridden(other.clone()),
        Effect::UnknownPayment => D::UnknownPayment,
        Effect::UnknownInvoice(n) => D::UnknownInvoice(n.clone()),
        Effect::AmountAbovePayment { amount, payment } => D::AmountAbovePayment {
            amount: *amount,
            payment: *payment,
        },
        Effect::AmountNotPositive(a) => D::AmountNotPositive(*a),
        Effect::AmountWithIgnore => D::AmountWithIgnore,
    };
    Some(Problem::error(
        row.source.clone(),
        crate::problem::ProblemKind::Decision(why),
        &row.written,
    ))
}

/// Applies the holds to the invoices' outcomes: a held invoice that is
/// coulance-eligible keeps its status and figures, and its reason says it
/// is held, where, and why. A held refund does the same for an overpaid
/// invoice (the report leaves it out of `refunds.xml`). Returns the
/// invoices whose write-off is held (indexes into `invoices`, sorted); a
/// hold on an invoice with nothing to write off, or a refund hold on an
/// invoice that is not overpaid, becomes [`Effect::NothingToHold`].
pub(crate) fn apply_holds(
    invoices: &mut [InvoiceOutcome],
    ledger: &Ledger,
    resolved: &mut Resolved,
) -> Vec<usize> {
    let mut held = Vec::new();
    let mut seen: HashSet<(usize, bool)> = HashSet::default();
    for &(inv, k) in &resolved.holds {
        let Some(outcome) = invoices.get_mut(inv) else {
            continue;
        };
        let row = &ledger.decisions[k];
        let refund = matches!(row.decided, Decided::HoldRefund { .. });
        let (holds, amount) = if refund {
            (
                outcome.status == InvoiceStatus::Overpaid,
                -outcome.outstanding,
            )
        } else {
            (
                outcome.status == InvoiceStatus::CoulanceEligible,
                outcome.coulance,
            )
        };
        // A second row of the same decision (one file naming the invoice
        // twice) holds nothing more: the reason says it once.
        let first = seen.insert((inv, refund));
        if holds && !first {
            continue;
        }
        if holds {
            outcome.reason.hold = Some(Box::new(Hold {
                amount,
                source: row.source.clone(),
                note: row.note.clone(),
                refund,
            }));
            if !refund {
                held.push(inv);
            }
        } else if let Some(o) = resolved.outcomes.get_mut(k) {
            o.effect = Effect::NothingToHold;
        }
    }
    held.sort_unstable();
    held
}
