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
use super::csv_out::CsvOut;

/// The columns of `coulance.csv`.
pub const COULANCE_COLUMNS: [&str; 10] = [
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

/// The invoices to write off, in the core's order.
pub fn write_offs<'a>(input: &'a ReportInput<'_>) -> impl Iterator<Item = &'a InvoiceOutcome> {
    input
        .recon
        .invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::CoulanceEligible)
}

/// Writes `coulance.csv`.
pub(super) fn write_coulance(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "coulance.csv", &COULANCE_COLUMNS)?;
    for inv in write_offs(input) {
        out.text(&inv.number)?;
        out.text(&inv.client_id)?;
        out.text(&inv.client_name)?;
        out.text(inv.insurer.as_deref().unwrap_or(""))?;
        out.value(inv.invoice_date)?;
        out.value(inv.net)?;
        out.opt(inv.reimbursed)?;
        out.value(inv.paid)?;
        out.value(inv.coulance)?;
        out.text(&inv.specifications.join(";"))?;
        out.end()?;
    }
    out.finish()
}

/// The booking text of a write-off: invoice number and client, so that the
/// line is recognisable in the receivables ledger.
fn description(inv: &InvoiceOutcome) -> String {
    format!(
        "coulance {} {} {}",
        inv.number, inv.client_id, inv.client_name
    )
    .trim_end()
    .to_string()
}

/// Writes `journal.csv`.
pub(super) fn write_journal(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let bk = &input.policy.bookkeeping;
    let mut out = CsvOut::create(dir, "journal.csv", &JOURNAL_COLUMNS)?;
    for inv in write_offs(input) {
        let text = description(inv);
        // Debit the write-off (expense) account.
        out.value(input.as_of)?;
        out.text(&bk.journal)?;
        out.text(&bk.writeoff_account)?;
        out.value(inv.coulance)?;
        out.value("")?;
        out.value(inv.coulance)?;
        out.text(&inv.number)?;
        out.text(&text)?;
        out.end()?;
        // Credit the receivables: the invoice is closed.
        out.value(input.as_of)?;
        out.text(&bk.journal)?;
        out.text(&bk.receivables_account)?;
        out.value("")?;
        out.value(inv.coulance)?;
        out.value(-inv.coulance)?;
        out.text(&inv.number)?;
        out.text(&text)?;
        out.end()?;
    }
    out.finish()
}
