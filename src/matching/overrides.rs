//! Rule 1, override (docs/inputs.md): the accountant's standing decisions. With
//! an invoice number the payment (or `amount` of it) goes there whatever
//! the rules say; `ignore` declares it no client payment.
//!
//! Choices where the docs leave it open: several rows for one payment are
//! applied in file order (a split); a row without amount takes what is
//! left; a row whose amount exceeds what is left gets what is left and a
//! warning; what the rows leave stays unallocated (the accountant decided
//! this payment, the rules do not touch the rest). `ignore` beside
//! allocating rows wins, with a warning. An override on a debit allocates
//! it as a refund (negative). An override takes the line out of duplicate
//! handling only in that it applies to the first copy; it takes the line
//! out of reversal pairing, because the accountant has decided it.

use foldhash::{HashMap, HashMapExt};

use crate::ident::invoice_key;
use crate::ledger::Ledger;
use crate::money::Money;
use crate::note::{Fact, Note};
use crate::outcome::{PaymentStatus, Rule};
use crate::overrides::{OverrideRow, OverrideTarget};
use crate::payment::BankLine;
use crate::problem::Problem;
use crate::source::Source;
use crate::text::Text;

use super::book::Book;
use super::decision::Decision;
use super::decisions::Shape;
use super::state::Accounts;

/// A usable override row: where it points.
#[derive(Clone, Debug)]
pub(crate) struct Override<'a> {
    /// The row.
    pub row: &'a OverrideRow,
    /// The invoice, or `None` for `ignore`.
    pub invoice: Option<usize>,
    /// How a row made from a workbook decision takes its part (plain
    /// override rows have the default).
    pub shape: Shape,
}

/// The usable overrides per bank line, rows in source order: those of
/// `overrides.csv` and those made from workbook decisions (`decided`,
/// checked already by `decisions::resolve`). Rows that name an unknown
/// payment or invoice, or a non-positive amount, are errors and are not
/// used.
pub(crate) fn collect<'a>(
    ledger: &'a Ledger,
    decided: &'a [(OverrideRow, Shape)],
    by_id: &HashMap<&str, usize>,
    book: &Book,
    problems: &mut Vec<Problem>,
) -> HashMap<usize, Vec<Override<'a>>> {
    let mut rows: Vec<(&OverrideRow, Shape)> = ledger
        .overrides
        .iter()
        .map(|r| (r, Shape::default()))
        .chain(decided.iter().map(|(r, s)| (r, *s)))
        .collect();
    // Stable: the invoices of one decision cell share its source and keep
    // their order.
    rows.sort_by(|a, b| a.0.source.cmp(&b.0.source));
    let mut out: HashMap<usize, Vec<Override<'a>>> = HashMap::new();
    for (row, shape) in rows {
        let id = row.payment_id.trim();
        let Some(&line) = by_id.get(id) else {
            problems.push(Problem::error(
                row.source.clone(),
                crate::problem::ProblemKind::OverrideUnknownPayment,
                id,
            ));
            continue;
        };
        if row.amount.is_some_and(|a| !a.is_positive()) {
            problems.push(Problem::error(
                row.source.clone(),
                crate::problem::ProblemKind::OverrideAmountNotPositive,
                row.amount.map(|a| a.to_string()).unwrap_or_default(),
            ));
            continue;
        }
        let invoice = match &row.target {
            OverrideTarget::Ignore => None,
            OverrideTarget::Invoice(number) => match book.by_key.get(&invoice_key(number)) {
                Some(&inv) => Some(inv),
                None => {
                    problems.push(Problem::error(
                        row.source.clone(),
                        crate::problem::ProblemKind::OverrideUnknownInvoice,
                        number.trim(),
                    ));
                    continue;
                }
            },
        };
        out.entry(line).or_default().push(Override {
            row,
            invoice,
            shape,
        });
    }
    out
}

/// Applies a payment's override rows.
pub(crate) fn decide(
    book: &Book,
    accounts: &Accounts,
    line: &BankLine,
    rows: &[Override<'_>],
    problems: &mut Vec<Problem>,
) -> Decision {
    let mut notes: Vec<Text> = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    // In order, each once; hashed, since one payment can have many rows.
    let mut seen_notes: foldhash::HashSet<&str> = foldhash::HashSetExt::new();
    let mut seen_sources: foldhash::HashSet<&Source> = foldhash::HashSetExt::new();
    for o in rows {
        // The invoices of one decision cell share its note and source.
        let note = o.row.note.trim();
        if !note.is_empty() && seen_notes.insert(note) {
            notes.push(Text::from(note));
        }
        if seen_sources.insert(&o.row.source) {
            sources.push(o.row.source.clone());
        }
    }
    let sources = sources.into_boxed_slice();
    // The accountant's notes close the note.
    let said = |mut facts: Vec<Fact>| -> Note {
        if !notes.is_empty() {
            facts.push(Fact::AccountantNotes(notes.clone().into_boxed_slice()));
        }
        Note::of(facts)
    };
    if let Some(ignore) = rows.iter().find(|o| o.invoice.is_none()) {
        if rows.iter().any(|o| o.invoice.is_some()) {
            problems.push(Problem::warning(
                ignore.row.source.clone(),
                crate::problem::ProblemKind::OverrideIgnoreAndAllocate,
                line.id.clone(),
            ));
        }
        return Decision {
            status: PaymentStatus::Ignored,
            rule: Rule::Override,
            allocations: Vec::new(),
            note: said(vec![Fact::OverrideIgnored { sources }]),
        };
    }
    let mut left = line.amount.abs();
    let mut parts: Vec<(usize, Money)> = Vec::new();
    // What is left of the amount a decision cell's invoices share, and
    // the cell it belongs to.
    let mut shared: Option<(&crate::source::Source, Money)> = None;
    for o in rows {
        let Some(inv) = o.invoice else { continue };
        let cap = match o.shape.budget {
            Some(budget) => {
                let rest = match shared {
                    Some((src, rest)) if *src == o.row.source => rest,
                    _ => budget,
                };
                shared = Some((&o.row.source, rest));
                rest.min(left)
            }
            None => left,
        };
        let wanted = if o.shape.fill {
            accounts.need(book, inv).max(Money::ZERO).min(cap)
        } else {
            o.row.amount.unwrap_or(cap)
        };
        if wanted > left {
            problems.push(Problem::warning(
                o.row.source.clone(),
                crate::problem::ProblemKind::OverrideExceedsPayment { wanted, left },
                wanted.to_string(),
            ));
        }
        let give = wanted.min(left);
        if give.is_zero() {
            continue;
        }
        left -= give;
        if let Some((_, rest)) = &mut shared {
            *rest -= give;
        }
        let signed = if line.amount.is_negative() {
            -give
        } else {
            give
        };
        match parts.iter_mut().find(|(i, _)| *i == inv) {
            Some(p) => p.1 += signed,
            None => parts.push((inv, signed)),
        }
    }
    if parts.is_empty() {
        return Decision {
            status: PaymentStatus::Unmatched,
            rule: Rule::Override,
            allocations: Vec::new(),
            note: said(vec![Fact::OverrideNothing { sources }]),
        };
    }
    let mut facts = vec![Fact::OverrideAllocated { sources }];
    if !left.is_zero() {
        facts.push(Fact::LeftUnallocated(left));
    }
    Decision::allocated(Rule::Override, parts, said(facts))
}
