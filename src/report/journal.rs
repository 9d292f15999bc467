//! The write-offs: `coulance.csv`, the list of coulance-eligible invoices to
//! hand to the billing agent, and `journal.csv`, the same write-offs as
//! bookings ready to import into the provider's bookkeeping: per invoice one
//! entry (booking number) of a debit line on the write-off account and a
//! credit line on the receivables account with the client as relation,
//! dated at the as-of date.
//!
//! Both are also written as what is new since everything earlier nights
//! handed over (`crate::history`): `coulance_new.csv` (the change of each
//! write-off, negative when one is withdrawn or reduced) and
//! `journal_new.csv` (a reversing entry for a write-off handed over before
//! that is no longer due as it was, and an entry for the new amount). So
//! for every invoice, the new lists of all nights add up to tonight's
//! write-off, and each is handed over once.
//!
//! `journal.csv` columns: `date, journal, account, debit, credit, amount,
//! invoice_number, description, entry, relation, period, year, kind`.
//! `debit` and `credit` hold the amount on the side it is booked (the other
//! side empty); `amount` is the same booking signed (debit positive, credit
//! negative) for importers that want one column. The lines of an entry
//! always sum to zero.

use std::collections::BTreeMap;
use std::path::Path;

use crate::money::Money;
use crate::outcome::{InvoiceOutcome, InvoiceStatus};

use super::csv_out::{CsvOut, push_date, push_money};
use super::text::Label;
use super::{Lang, ReportInput};

/// The columns of `coulance.csv` and `coulance_new.csv`.
pub const COULANCE_COLUMNS: [&str; 12] = [
    "invoice_number",
    "client_id",
    "client_name",
    "insurer",
    "invoice_date",
    "net",
    "reimbursed",
    "paid",
    "coulance",
    "specifications",
    "agent",
    "agent_reference",
];

/// The columns of `journal.csv` and `journal_new.csv`.
pub const JOURNAL_COLUMNS: [&str; 13] = [
    "date",
    "journal",
    "account",
    "debit",
    "credit",
    "amount",
    "invoice_number",
    "description",
    "entry",
    "relation",
    "period",
    "year",
    "kind",
];

/// The invoices to write off, in the core's order: the coulance-eligible
/// ones whose write-off the accountant does not hold.
pub fn write_offs<'a>(input: &'a ReportInput<'_>) -> impl Iterator<Item = &'a InvoiceOutcome> {
    let held = &input.recon.held;
    input
        .recon
        .invoices
        .iter()
        .enumerate()
        .filter(|(n, i)| {
            i.status == InvoiceStatus::CoulanceEligible && held.binary_search(n).is_err()
        })
        .map(|(_, i)| i)
}

/// Writes `coulance.csv`.
pub(super) fn write_coulance(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "coulance.csv", &COULANCE_COLUMNS)?;
    for inv in write_offs(input) {
        coulance_row(&mut out, inv, inv.coulance)?;
    }
    out.finish()
}

/// One row of the write-off list, with `coulance` as the amount.
fn coulance_row(out: &mut CsvOut, inv: &InvoiceOutcome, coulance: Money) -> anyhow::Result<()> {
    out.text(&inv.number)?;
    out.text(&inv.client_id)?;
    out.text(&inv.client_name)?;
    out.text(inv.insurer.as_deref().unwrap_or(""))?;
    out.date(inv.invoice_date)?;
    out.money(inv.net)?;
    out.opt_money(inv.reimbursed)?;
    out.money(inv.paid)?;
    out.money(coulance)?;
    out.text_joined(inv.specifications.iter().map(String::as_str), ";")?;
    out.text(inv.agent.as_deref().unwrap_or(""))?;
    out.text(inv.agent_reference.as_deref().unwrap_or(""))?;
    out.end()
}

/// What an entry of the journal does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// Writes the coulance off: debit the write-off account, credit the
    /// receivables.
    WriteOff,
    /// Takes back a write-off handed over before: the other way round.
    Reversal,
}

impl EntryKind {
    /// The code in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::WriteOff => "write_off",
            EntryKind::Reversal => "reversal",
        }
    }
}

/// One entry (booking number) of the journal: two lines that sum to zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The booking number.
    pub entry: u64,
    /// Write-off or reversal.
    pub kind: EntryKind,
    /// The invoice.
    pub invoice: String,
    /// The client (the relation on the receivables line).
    pub client_id: String,
    /// The client's name, for the description.
    pub client_name: String,
    /// The amount written off (for a reversal: taken back), positive.
    pub amount: Money,
}

/// The change of one write-off since what was handed over.
#[derive(Clone, Debug)]
pub struct WriteOffChange<'a> {
    /// The invoice number.
    pub invoice: String,
    /// Tonight's outcome, when the invoice is still in the register.
    pub outcome: Option<&'a InvoiceOutcome>,
    /// The client.
    pub client_id: String,
    /// The client's name.
    pub client_name: String,
    /// Tonight's write-off minus what was handed over.
    pub change: Money,
}

/// What tonight hands over that earlier nights did not.
#[derive(Clone, Debug, Default)]
pub struct NewHandover<'a> {
    /// Per invoice whose write-off changed, the change: invoices in
    /// tonight's order (by number), then those only the history knows.
    pub changes: Vec<WriteOffChange<'a>>,
    /// The entries that book the changes, numbered on from the last
    /// booking number handed over.
    pub entries: Vec<Entry>,
    /// Invoice number → the entry under which its write-off as it stands
    /// tonight is booked.
    pub booked_under: BTreeMap<String, u64>,
}

/// Compares tonight's write-offs with what earlier nights handed over.
pub fn new_handover<'a>(input: &'a ReportInput<'_>) -> NewHandover<'a> {
    let empty = crate::history::HandedOver::default();
    let handed = input.handed.unwrap_or(&empty);
    let due: BTreeMap<&str, &InvoiceOutcome> =
        write_offs(input).map(|i| (i.number.as_str(), i)).collect();
    let by_number: BTreeMap<&str, &'a InvoiceOutcome> = input
        .recon
        .invoices
        .iter()
        .map(|i| (i.number.as_str(), i))
        .collect();
    let mut next = handed.last_entry;
    let mut out = NewHandover::default();
    let tonight = input.recon.invoices.iter().map(|i| i.number.as_str());
    let history_only = handed
        .write_offs
        .keys()
        .map(String::as_str)
        .filter(|n| !by_number.contains_key(n));
    for number in tonight.chain(history_only) {
        let before = handed.write_offs.get(number);
        let was = before.map_or(Money::ZERO, |w| w.amount);
        let now = due.get(number).map_or(Money::ZERO, |i| i.coulance);
        if was == now {
            if let Some(w) = before.filter(|_| !now.is_zero()) {
                out.booked_under.insert(number.to_string(), w.entry);
            }
            continue;
        }
        let outcome = by_number.get(number).copied();
        let (client_id, client_name) = match (outcome, before) {
            (Some(i), _) => (i.client_id.clone(), i.client_name.clone()),
            (None, Some(w)) => (w.client_id.clone(), w.client_name.clone()),
            (None, None) => (String::new(), String::new()),
        };
        for (kind, amount) in [(EntryKind::Reversal, was), (EntryKind::WriteOff, now)] {
            if amount.is_zero() {
                continue;
            }
            next += 1;
            if kind == EntryKind::WriteOff {
                out.booked_under.insert(number.to_string(), next);
            }
            out.entries.push(Entry {
                entry: next,
                kind,
                invoice: number.to_string(),
                client_id: client_id.clone(),
                client_name: client_name.clone(),
                amount,
            });
        }
        out.changes.push(WriteOffChange {
            invoice: number.to_string(),
            outcome,
            client_id,
            client_name,
            change: now - was,
        });
    }
    out
}

/// Writes `coulance_new.csv`: per invoice whose write-off changed since
/// what was handed over, the change (negative: withdrawn or reduced).
pub(super) fn write_coulance_new(dir: &Path, new: &NewHandover<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "coulance_new.csv", &COULANCE_COLUMNS)?;
    for c in &new.changes {
        match c.outcome {
            Some(inv) => coulance_row(&mut out, inv, c.change)?,
            None => {
                // No longer in the register: what the history knows.
                out.text(&c.invoice)?;
                out.text(&c.client_id)?;
                out.text(&c.client_name)?;
                for _ in 0..5 {
                    out.word("")?;
                }
                out.money(c.change)?;
                for _ in 0..3 {
                    out.word("")?;
                }
                out.end()?;
            }
        }
    }
    out.finish()
}

/// The booking text of an entry: what it does, the invoice and the client,
/// so that the line is recognisable in the receivables ledger. Written
/// into `text`, which is reused from entry to entry.
fn description(e: &Entry, lang: Lang, text: &mut String) {
    text.clear();
    let word = match e.kind {
        EntryKind::WriteOff => Label::CoulanceEntry,
        EntryKind::Reversal => Label::CoulanceReversal,
    };
    for part in [
        super::text::label(word, lang),
        " ",
        e.invoice.as_str(),
        " ",
        &e.client_id,
        " ",
        &e.client_name,
    ] {
        text.push_str(part);
    }
    text.truncate(text.trim_end().len());
}

/// Writes entries, two lines each, with buffers reused from entry to entry.
struct JournalWriter<'a> {
    out: CsvOut,
    input: &'a ReportInput<'a>,
    date: String,
    period: String,
    year: String,
    text: String,
    amount: String,
    negated: String,
}

impl<'a> JournalWriter<'a> {
    fn create(dir: &Path, name: &str, input: &'a ReportInput<'a>) -> anyhow::Result<Self> {
        use chrono::Datelike;
        let mut date = String::new();
        push_date(&mut date, input.as_of);
        Ok(JournalWriter {
            out: CsvOut::create(dir, name, &JOURNAL_COLUMNS)?,
            input,
            date,
            period: input.as_of.month().to_string(),
            year: input.as_of.year().to_string(),
            text: String::new(),
            amount: String::new(),
            negated: String::new(),
        })
    }

    fn entry(&mut self, e: &Entry) -> anyhow::Result<()> {
        let bk = &self.input.policy.bookkeeping;
        description(e, self.input.lang, &mut self.text);
        self.amount.clear();
        push_money(&mut self.amount, e.amount);
        self.negated.clear();
        push_money(&mut self.negated, -e.amount);
        // A write-off debits the write-off (expense) account and credits
        // the receivables, closing the client's open item; a reversal books
        // the other way round.
        let write_off = e.kind == EntryKind::WriteOff;
        let number = e.entry.to_string();
        for (account, debit, relation) in [
            (&bk.writeoff_account, write_off, ""),
            (&bk.receivables_account, !write_off, e.client_id.as_str()),
        ] {
            let out = &mut self.out;
            out.word(&self.date)?;
            out.text(&bk.journal)?;
            out.text(account)?;
            if debit {
                out.word(&self.amount)?;
                out.word("")?;
                out.word(&self.amount)?;
            } else {
                out.word("")?;
                out.word(&self.amount)?;
                out.word(&self.negated)?;
            }
            out.text(&e.invoice)?;
            out.text(&self.text)?;
            out.word(&number)?;
            out.text(relation)?;
            out.word(&self.period)?;
            out.word(&self.year)?;
            out.word(e.kind.as_str())?;
            out.end()?;
        }
        Ok(())
    }
}

/// Writes `journal.csv`: every write-off due tonight, each under the entry
/// that booked it (tonight's, or that of the earlier night that handed it
/// over).
pub(super) fn write_journal(
    dir: &Path,
    input: &ReportInput<'_>,
    new: &NewHandover<'_>,
) -> anyhow::Result<()> {
    let mut w = JournalWriter::create(dir, "journal.csv", input)?;
    for inv in write_offs(input) {
        w.entry(&Entry {
            entry: new.booked_under.get(&inv.number).copied().unwrap_or(0),
            kind: EntryKind::WriteOff,
            invoice: inv.number.clone(),
            client_id: inv.client_id.clone(),
            client_name: inv.client_name.clone(),
            amount: inv.coulance,
        })?;
    }
    w.out.finish()
}

/// Writes `journal_new.csv`: the entries tonight hands over.
pub(super) fn write_journal_new(
    dir: &Path,
    input: &ReportInput<'_>,
    new: &NewHandover<'_>,
) -> anyhow::Result<()> {
    let mut w = JournalWriter::create(dir, "journal_new.csv", input)?;
    for e in &new.entries {
        w.entry(e)?;
    }
    w.out.finish()
}
