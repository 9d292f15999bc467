//! A booked entry turned into bank lines: its amount and dates checked,
//! a batch split over its transactions so that they add up to what the
//! bank booked, and each transaction's parties, references and texts.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::super::draft::Draft;
use super::super::remittance::{Info, parse_info_text};
use super::super::words::{no_reference, squash};
use super::entry::{Ntry, Tx, parse_decimal, sign_of};
use crate::ident::Iban;
use crate::ingest::dates;
use crate::money::Money;
use crate::payment::{BankLine, Shared};
use crate::problem::{Field, Flaw, Problem, ProblemKind};
use crate::reference::{dedup_keep_first, find_references};
use crate::source::Source;

/// Why an entry cannot be read, and the value it is about (boxed: the kind
/// is large and the error travels through `?`).
pub(super) type EntryError = (Box<ProblemKind>, String);

/// Some banks cut `Nm` to this many characters and give the full name in
/// `AddtlNtryInf`.
const CUT_NAME: usize = 24;

/// The statement an entry belongs to: what its lines take from it.
pub(super) struct EntryStatement<'a> {
    /// The file.
    pub path: &'a Arc<str>,
    /// The own account, shared by the statement's lines.
    pub account: &'a Shared,
    /// `Acct/Ccy`, the currency of amounts that name none.
    pub account_ccy: Option<&'a str>,
}

/// The bank lines of one booked entry of the statement `at`, with
/// warnings; or why it cannot be read.
pub(super) fn lines(
    at: &EntryStatement<'_>,
    en: &Ntry,
    first: u64,
) -> Result<(Vec<Line>, Vec<Problem>), EntryError> {
    let source = Source::entry(at.path, first);
    let amt = en
        .amt
        .clone()
        .ok_or_else(|| (Box::new(ProblemKind::EntryNoAmount), String::new()))?;
    let ccy = amt
        .ccy
        .clone()
        .or_else(|| at.account_ccy.map(str::to_string))
        .unwrap_or_else(|| "EUR".to_string());
    if ccy != "EUR" {
        return Err((
            Box::new(ProblemKind::NotEuro(ccy.clone())),
            format!("{} {ccy}", amt.text),
        ));
    }
    let magnitude = parse_decimal(&amt.text).ok_or_else(|| {
        (
            Box::new(ProblemKind::EntryAmountNotAmount),
            amt.text.clone(),
        )
    })?;
    if Money::bounded(magnitude).is_none() {
        let kind = ProblemKind::Unreadable {
            field: Field::Amount,
            flaw: Flaw::AmountTooLarge,
        };
        return Err((Box::new(kind), amt.text.clone()));
    }
    let sign = sign_of(en.cdt_dbt.as_deref()).ok_or_else(|| {
        (
            Box::new(ProblemKind::EntryNoIndicator),
            en.cdt_dbt.clone().unwrap_or_default(),
        )
    })?;
    let total = Money::new(magnitude * sign);
    let mut warnings = Vec::new();
    let value_date = en.value.as_deref().and_then(dates::iso_day);
    let booking_date = match en.booking.as_deref().and_then(dates::iso_day) {
        Some(d) => d,
        None => match value_date {
            Some(d) => {
                warnings.push(Problem::warning(
                    source.clone(),
                    ProblemKind::EntryValueDateUsed,
                    en.booking.clone().unwrap_or_default(),
                ));
                d
            }
            None => {
                return Err((
                    Box::new(ProblemKind::EntryNoBookingDate),
                    en.booking.clone().unwrap_or_default(),
                ));
            }
        },
    };
    let entry_info = (!en.addtl.is_empty()).then(|| parse_info_text(&en.addtl.join("\n")));
    let base = Line {
        source: source.clone(),
        account: at.account.clone(),
        booking_date,
        value_date,
        amount: total,
        counterparty_iban: None,
        counterparty_name: String::new(),
        description: String::new(),
        references: Vec::new(),
        bank_reference: en.acct_svcr_ref.clone(),
        return_info: en.reversal.then(|| "reversal".to_string()),
    };

    if en.txs.is_empty() {
        let mut line = base;
        if let Some(info) = &entry_info {
            line.counterparty_iban = info.iban.clone();
            line.counterparty_name = info.name.clone().unwrap_or_default();
            line.description = info.description.clone();
            line.references = info.references.clone();
            if line.return_info.is_none() {
                line.return_info = info.return_info.clone();
            }
        }
        return Ok((vec![line], warnings));
    }

    let amounts = split_amounts(en, &ccy, total, sign, &source, &mut warnings);
    let single = en.txs.len() == 1;
    let Some(amounts) = amounts else {
        // A batch without usable amounts per transaction: one line for
        // the whole entry keeps the money right.
        let mut line = base;
        let mut parts = Vec::new();
        for tx in &en.txs {
            let part = tx_line(&line, tx, None, total);
            parts.push(part);
        }
        let names: Vec<&str> = parts.iter().map(|p| p.counterparty_name.as_str()).collect();
        if names.windows(2).all(|w| w[0] == w[1]) {
            line.counterparty_name = names.first().map_or(String::new(), |n| n.to_string());
            line.counterparty_iban = parts.first().and_then(|p| p.counterparty_iban.clone());
        }
        line.description = join_unique(parts.iter().map(|p| p.description.clone()));
        for p in &parts {
            line.references.extend(p.references.iter().cloned());
            if line.return_info.is_none() {
                line.return_info = p.return_info.clone();
            }
        }
        dedup_keep_first(&mut line.references);
        return Ok((vec![line], warnings));
    };
    let lines = en
        .txs
        .iter()
        .zip(amounts)
        .enumerate()
        .map(|(k, (tx, amount))| {
            let mut line = base.clone();
            line.source = Source::entry(at.path, first + k as u64);
            tx_line(&line, tx, entry_info.as_ref().filter(|_| single), amount)
        })
        .collect();
    Ok((lines, warnings))
}

/// The amounts of a batch entry's transactions, signed, adding up to the
/// entry. One transaction takes the entry amount (its own `Amt` may be in
/// another currency, even 0). `None` when more than one transaction has no
/// amount in the entry's currency: the batch cannot be split.
fn split_amounts(
    en: &Ntry,
    ccy: &str,
    total: Money,
    entry_sign: Decimal,
    source: &Source,
    warnings: &mut Vec<Problem>,
) -> Option<Vec<Money>> {
    if en.txs.len() == 1 {
        return Some(vec![total]);
    }
    let given: Vec<Option<Money>> = en
        .txs
        .iter()
        .map(|tx| {
            let amt = [tx.amt.as_ref(), tx.tx_amt.as_ref()]
                .into_iter()
                .flatten()
                .find(|a| a.ccy.as_deref().is_none_or(|c| c == ccy))?;
            let magnitude = parse_decimal(&amt.text)?;
            let sign = sign_of(tx.cdt_dbt.as_deref()).unwrap_or(entry_sign);
            Some(Money::new(magnitude * sign))
        })
        .collect();
    // A detail beyond the bound is never summed (Decimal's `+` panics on
    // overflow) nor replaced: the batch stays one line of the entry amount.
    if let Some(big) = given
        .iter()
        .flatten()
        .find(|g| Money::bounded(g.decimal()).is_none())
    {
        warnings.push(Problem::warning(
            source.clone(),
            ProblemKind::Unreadable {
                field: Field::Amount,
                flaw: Flaw::AmountTooLarge,
            },
            big.to_string(),
        ));
        return None;
    }
    let missing = given.iter().filter(|g| g.is_none()).count();
    let known: Money = given.iter().flatten().sum();
    match missing {
        0 => {
            let mut amounts: Vec<Money> = given.into_iter().flatten().collect();
            if known != total {
                warnings.push(Problem::warning(
                    source.clone(),
                    ProblemKind::BatchDifference { known, total },
                    format!("{}", total - known),
                ));
                if let Some(last) = amounts.last_mut() {
                    *last += total - known;
                }
            }
            Some(amounts)
        }
        1 => Some(
            given
                .into_iter()
                .map(|g| g.unwrap_or(total - known))
                .collect(),
        ),
        _ => {
            warnings.push(Problem::warning(
                source.clone(),
                ProblemKind::BatchWithoutAmounts(en.txs.len()),
                total.to_string(),
            ));
            None
        }
    }
}

/// One bank line from a `TxDtls`, on top of the entry's fields.
fn tx_line(base: &Line, tx: &Tx, entry_info: Option<&Info>, amount: Money) -> Line {
    let mut line = base.clone();
    line.amount = amount;
    // The counterparty is the other side: the debtor of money coming in,
    // the creditor of money going out.
    let credit = if amount.is_zero() {
        base.amount.is_positive()
    } else {
        amount.is_positive()
    };
    let (mut name, mut acct) = if credit {
        (&tx.dbtr_name, &tx.dbtr_acct)
    } else {
        (&tx.cdtr_name, &tx.cdtr_acct)
    };
    if name.is_none() && acct.is_none() {
        // Only the other side is given. When its account is not the own
        // account it can only be the counterparty, written on the wrong side.
        let (other_name, other_acct) = if credit {
            (&tx.cdtr_name, &tx.cdtr_acct)
        } else {
            (&tx.dbtr_name, &tx.dbtr_acct)
        };
        let own = Iban::parse(&base.account);
        if let Some(other) = other_acct.as_deref().and_then(Iban::parse)
            && Some(other) != own
        {
            name = other_name;
            acct = other_acct;
        }
    }
    line.counterparty_iban = acct.as_deref().and_then(Iban::parse);
    line.counterparty_name = name.clone().unwrap_or_default();
    if let Some(info) = entry_info {
        if line.counterparty_name.chars().count() == CUT_NAME
            && let Some(full) = info.name.as_deref()
            && full.len() > line.counterparty_name.len()
            && full
                .to_lowercase()
                .starts_with(&line.counterparty_name.to_lowercase())
        {
            line.counterparty_name = full.to_string();
        }
        if line.counterparty_name.is_empty() {
            line.counterparty_name = info.name.clone().unwrap_or_default();
        }
        if line.counterparty_iban.is_none() {
            line.counterparty_iban = info.iban.clone();
        }
    }
    let mut parts: Vec<String> = Vec::new();
    parts.extend(tx.ustrd.iter().cloned());
    parts.extend(tx.addtl_rmt.iter().cloned());
    parts.extend(tx.addtl_tx.iter().cloned());
    if let Some(info) = entry_info {
        parts.push(info.description.clone());
    }
    if let Some(a) = &tx.rtr_addtl {
        parts.push(a.clone());
    }
    line.description = join_unique(parts);

    line.references.extend(tx.cdtr_refs.iter().cloned());
    if let Some(e2e) = &tx.end_to_end
        && !no_reference(e2e)
    {
        line.references.push(e2e.clone());
    }
    if let Some(info) = entry_info {
        line.references.extend(info.references.iter().cloned());
    }
    line.references.extend(find_references(&line.description));
    // Repeats dropped once, hashed (a `contains` per push was square).
    dedup_keep_first(&mut line.references);
    if tx.acct_svcr_ref.is_some() {
        line.bank_reference = tx.acct_svcr_ref.clone();
    }
    if tx.returned {
        line.return_info = Some(
            tx.rtr_reason
                .clone()
                .or_else(|| tx.rtr_addtl.clone())
                .unwrap_or_else(|| "return".to_string()),
        );
    } else if line.return_info.is_none() {
        line.return_info = entry_info.and_then(|i| i.return_info.clone());
    }
    line
}

/// A bank line while its entry is read: growable fields, boxed into a
/// [`BankLine`] when the entry is done.
#[derive(Clone, Debug)]
pub(super) struct Line {
    source: Source,
    account: Shared,
    booking_date: chrono::NaiveDate,
    value_date: Option<chrono::NaiveDate>,
    amount: Money,
    counterparty_iban: Option<Iban>,
    counterparty_name: String,
    description: String,
    references: Vec<String>,
    bank_reference: Option<String>,
    return_info: Option<String>,
}

impl Line {
    /// The finished line (its id is assigned after the file is read),
    /// through the draft step every bank reader shares.
    pub(super) fn done(self) -> BankLine {
        let mut d = Draft::new("", self.booking_date, self.amount);
        d.value_date = self.value_date;
        d.counterparty = self
            .counterparty_iban
            .map_or_else(String::new, |i| i.as_str().to_string());
        d.name = self.counterparty_name;
        d.texts = vec![self.description];
        d.references = self.references;
        d.bank_reference = self.bank_reference;
        d.return_info = self.return_info;
        d.finish_at(self.source, self.account)
    }
}

/// Joins texts with single spaces, leaving out empty ones and ones already
/// contained in what came before.
fn join_unique(parts: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = squash(&p);
        if p.is_empty() || out.contains(&p) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&p);
    }
    out
}
