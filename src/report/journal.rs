//! The write-offs: `coulance.csv`, the list of coulance-eligible invoices to
//! hand to the billing agent, and `journal.csv`, the same write-offs as
//! bookings ready to import into the provider's bookkeeping: per invoice one
//! debit line on the write-off account and one credit line on the
//! receivables account, dated at the as-of date.
//!
//! `journal.csv` columns: `date, journal, account, debit, credit, amount,
//! invoice_number, description`. `debit` and `credit` hold the amount on the
//! side it is booked (the other side empty); `amount` is the same booking
//! signed (debit positive, credit negative) for importers that want one
//! column. The two lines of a write-off always sum to zero.

use std::path::Path;

use crate::outcome::{InvoiceOutcome, InvoiceStatus};

use super::ReportInput;
use super::csv_out::{CsvOut, push_date, push_money};

/// The columns of `coulance.csv`.
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

/// The columns of `journal.csv`.
pub const JOURNAL_COLUMNS: [&str; 8] = [
    "date",
    "journal",
    "account",
    "debit",
    "credit",
    "amount",
    "invoice_number",
    "description",
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
        out.text(&inv.number)?;
        out.text(&inv.client_id)?;
        out.text(&inv.client_name)?;
        out.text(inv.insurer.as_deref().unwrap_or(""))?;
        out.date(inv.invoice_date)?;
        out.money(inv.net)?;
        out.opt_money(inv.reimbursed)?;
        out.money(inv.paid)?;
        out.money(inv.coulance)?;
        out.text_joined(inv.specifications.iter().map(String::as_str), ";")?;
        out.text(inv.agent.as_deref().unwrap_or(""))?;
        out.text(inv.agent_reference.as_deref().unwrap_or(""))?;
        out.end()?;
    }
    out.finish()
}

/// The booking text of a write-off: invoice number and client, so that the
/// line is recognisable in the receivables ledger. Written into `text`,
/// which is reused from invoice to invoice.
fn description(inv: &InvoiceOutcome, text: &mut String) {
    text.clear();
    text.push_str("coulance ");
    for part in [
        inv.number.as_str(),
        " ",
        &inv.client_id,
        " ",
        &inv.client_name,
    ] {
        text.push_str(part);
    }
    text.truncate(text.trim_end().len());
}

/// Writes `journal.csv`.
pub(super) fn write_journal(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let bk = &input.policy.bookkeeping;
    let mut out = CsvOut::create(dir, "journal.csv", &JOURNAL_COLUMNS)?;
    // Every line is dated at the as-of date; each amount is written twice
    // (on its side and signed), so both are formatted once.
    let mut date = String::new();
    push_date(&mut date, input.as_of);
    let mut text = String::new();
    let mut amount = String::new();
    let mut negated = String::new();
    for inv in write_offs(input) {
        description(inv, &mut text);
        amount.clear();
        push_money(&mut amount, inv.coulance);
        negated.clear();
        push_money(&mut negated, -inv.coulance);
        // Debit the write-off (expense) account.
        out.word(&date)?;
        out.text(&bk.journal)?;
        out.text(&bk.writeoff_account)?;
        out.word(&amount)?;
        out.word("")?;
        out.word(&amount)?;
        out.text(&inv.number)?;
        out.text(&text)?;
        out.end()?;
        // Credit the receivables: the invoice is closed.
        out.word(&date)?;
        out.text(&bk.journal)?;
        out.text(&bk.receivables_account)?;
        out.word("")?;
        out.word(&amount)?;
        out.word(&negated)?;
        out.text(&inv.number)?;
        out.text(&text)?;
        out.end()?;
    }
    out.finish()
}
