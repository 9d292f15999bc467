//! Rule 1, override (SPEC §5.4): the accountant's standing decisions. With
//! an invoice number the payment (or `amount` of it) goes there whatever
//! the rules say; `ignore` declares it no client payment.
//!
//! Choices where the SPEC is silent: several rows for one payment are
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
use crate::outcome::{PaymentStatus, Rule};
use crate::overrides::{OverrideRow, OverrideTarget};
use crate::payment::BankLine;
use crate::problem::Problem;

use super::Decision;
use super::book::Book;

/// A usable override row: where it points.
#[derive(Clone, Debug)]
pub(crate) struct Override<'a> {
    /// The row.
    pub row: &'a OverrideRow,
    /// The invoice, or `None` for `ignore`.
    pub invoice: Option<usize>,
}

/// The usable overrides per bank line, rows in source order. Rows that
/// name an unknown payment or invoice, or a non-positive amount, are
/// errors and are not used.
pub(crate) fn collect<'a>(
    ledger: &'a Ledger,
    by_id: &HashMap<&str, usize>,
    book: &Book,
    problems: &mut Vec<Problem>,
) -> HashMap<usize, Vec<Override<'a>>> {
    let mut rows: Vec<&OverrideRow> = ledger.overrides.iter().collect();
    rows.sort_by(|a, b| a.source.cmp(&b.source));
    let mut out: HashMap<usize, Vec<Override<'a>>> = HashMap::new();
    for row in rows {
        let id = row.payment_id.trim();
        let Some(&line) = by_id.get(id) else {
            problems.push(Problem::error(
                row.source.clone(),
                "override names an unknown payment",
                id,
            ));
            continue;
        };
        if row.amount.is_some_and(|a| !a.is_positive()) {
            problems.push(Problem::error(
                row.source.clone(),
                "override amount must be a positive amount",
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
                        "override names an unknown invoice",
                        number.trim(),
                    ));
                    continue;
                }
            },
        };
        out.entry(line).or_default().push(Override { row, invoice });
    }
    out
}

/// Applies a payment's override rows.
pub(crate) fn decide(
    book: &Book,
    line: &BankLine,
    rows: &[Override<'_>],
    problems: &mut Vec<Problem>,
) -> Decision {
    let notes: Vec<String> = rows
        .iter()
        .map(|o| o.row.note.trim())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    let said = if notes.is_empty() {
        String::new()
    } else {
        format!("; note: {}", notes.join("; "))
    };
    let sources: Vec<String> = rows.iter().map(|o| o.row.source.to_string()).collect();
    let sources = sources.join(", ");
    if let Some(ignore) = rows.iter().find(|o| o.invoice.is_none()) {
        if rows.iter().any(|o| o.invoice.is_some()) {
            problems.push(Problem::warning(
                ignore.row.source.clone(),
                "override both ignores and allocates this payment; it is ignored",
                line.id.clone(),
            ));
        }
        return Decision {
            status: PaymentStatus::Ignored,
            rule: Rule::Override,
            allocations: Vec::new(),
            note: format!("ignored by override ({sources}){said}").into(),
        };
    }
    let mut left = line.amount.abs();
    let mut parts: Vec<(usize, Money)> = Vec::new();
    for o in rows {
        let Some(inv) = o.invoice else { continue };
        let wanted = o.row.amount.unwrap_or(left);
        if wanted > left {
            problems.push(Problem::warning(
                o.row.source.clone(),
                "override amount exceeds what is left of the payment; it gets what is left",
                format!("{wanted} (left: {left})"),
            ));
        }
        let give = wanted.min(left);
        if give.is_zero() {
            continue;
        }
        left -= give;
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
    let listed = super::explain::allocations(book, &parts);
    if parts.is_empty() {
        return Decision {
            status: PaymentStatus::Unmatched,
            rule: Rule::Override,
            allocations: Vec::new(),
            note: format!("override ({sources}) left nothing to allocate{said}").into(),
        };
    }
    let rest = if left.is_zero() {
        String::new()
    } else {
        format!("; {left} left unallocated")
    };
    Decision::allocated(
        Rule::Override,
        parts,
        format!("override ({sources}): {listed}{rest}{said}"),
    )
}
