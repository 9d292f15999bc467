//! The CSV outputs of SPEC §8: `invoices.csv`, `payments.csv` and
//! `exceptions.csv`, and the writer they (and the journal) share.
//!
//! Every file is UTF-8 with a header row, `.` decimals and ISO dates.
//! Each column is either text or a value: a text cell that a spreadsheet
//! would run as a formula (it starts with `=`, `+`, `-`, `@`, tab or carriage
//! return) gets a leading `'`, because bank descriptions come from
//! strangers. Money, dates, counts and status words are values the job
//! itself formats and are written as they are, so `-12.50` stays a number.
//!
//! `invoices.csv` has the SPEC columns in SPEC order followed by two more:
//! `paid_by_insurer` (the part of `paid` an insurer paid directly) and
//! `specifications` (the declaration numbers or sources of its
//! specification lines, `;`-separated). Appending keeps readers that go by
//! position working.

use std::borrow::Cow;
use std::fmt::Display;
use std::fs::File;
use std::path::Path;

use anyhow::Context;

use crate::money::Money;
use crate::outcome::PaymentOutcome;
use crate::text::mask_bsn;

use super::ReportInput;

/// Makes a text cell safe to open in a spreadsheet: a leading `=`, `+`, `-`,
/// `@`, tab or carriage return gets a `'` before it so it stays text.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV file being written, field by field, with the text/value
/// distinction of the module header.
pub(super) struct CsvOut {
    writer: csv::Writer<File>,
    name: String,
    /// Reused for formatting values, so a field costs no allocation.
    buf: String,
}

impl CsvOut {
    /// Creates `dir/name` and writes its header.
    pub(super) fn create(dir: &Path, name: &str, header: &[&str]) -> anyhow::Result<CsvOut> {
        let path = dir.join(name);
        let writer = csv::WriterBuilder::new()
            .from_path(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut out = CsvOut {
            writer,
            name: name.to_string(),
            buf: String::new(),
        };
        out.writer
            .write_record(header)
            .with_context(|| format!("cannot write {name}"))?;
        Ok(out)
    }

    /// A text field, escaped against formula injection.
    pub(super) fn text(&mut self, value: &str) -> anyhow::Result<()> {
        let name = &self.name;
        self.writer
            .write_field(escape_text(value).as_bytes())
            .with_context(|| format!("cannot write {name}"))
    }

    /// A value the job formats itself (money, date, count, status word).
    pub(super) fn value(&mut self, value: impl Display) -> anyhow::Result<()> {
        use std::fmt::Write as _;
        let name = &self.name;
        self.buf.clear();
        // Writing into a String cannot fail; a Display impl that reports an
        // error would leave the field as far as it got, as to_string panics.
        let _ = write!(self.buf, "{value}");
        self.writer
            .write_field(self.buf.as_bytes())
            .with_context(|| format!("cannot write {name}"))
    }

    /// A value that may be unknown: empty when `None`.
    pub(super) fn opt(&mut self, value: Option<impl Display>) -> anyhow::Result<()> {
        match value {
            Some(v) => self.value(v),
            None => self.value(""),
        }
    }

    /// Ends the current record.
    pub(super) fn end(&mut self) -> anyhow::Result<()> {
        let name = &self.name;
        self.writer
            .write_record(None::<&[u8]>)
            .with_context(|| format!("cannot write {name}"))
    }

    /// Flushes the file to disk.
    pub(super) fn finish(mut self) -> anyhow::Result<()> {
        let name = &self.name;
        self.writer
            .flush()
            .with_context(|| format!("cannot write {name}"))
    }
}

/// The columns of `invoices.csv`: SPEC §8, then the two appended ones.
pub const INVOICE_COLUMNS: [&str; 21] = [
    "invoice_number",
    "client_id",
    "client_name",
    "insurer",
    "invoice_date",
    "due_date",
    "amount",
    "credited",
    "net",
    "paid",
    "reimbursed",
    "deductible",
    "required",
    "status",
    "coulance",
    "outstanding",
    "days_overdue",
    "payments",
    "reason",
    "paid_by_insurer",
    "specifications",
];

/// The columns of `payments.csv` (SPEC §8).
pub const PAYMENT_COLUMNS: [&str; 14] = [
    "payment_id",
    "source",
    "account",
    "booking_date",
    "amount",
    "counterparty_iban",
    "counterparty_name",
    "description",
    "status",
    "rule",
    "invoices",
    "allocated",
    "unallocated",
    "note",
];

/// The columns of `exceptions.csv` (SPEC §8).
pub const EXCEPTION_COLUMNS: [&str; 4] = ["source", "severity", "problem", "value"];

/// Writes `invoices.csv`: one row per invoice, in the core's order.
pub(super) fn write_invoices(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "invoices.csv", &INVOICE_COLUMNS)?;
    for inv in &input.recon.invoices {
        out.text(&inv.number)?;
        out.text(&inv.client_id)?;
        out.text(&inv.client_name)?;
        out.text(inv.insurer.as_deref().unwrap_or(""))?;
        out.value(inv.invoice_date)?;
        out.value(inv.due_date)?;
        out.value(inv.amount)?;
        out.value(inv.credited)?;
        out.value(inv.net)?;
        out.value(inv.paid)?;
        out.opt(inv.reimbursed)?;
        out.opt(inv.deductible)?;
        out.opt(inv.required)?;
        out.value(inv.status.as_str())?;
        out.value(inv.coulance)?;
        out.value(inv.outstanding)?;
        out.value(inv.days_overdue)?;
        out.text(&inv.payments.join(";"))?;
        out.text(&inv.reason)?;
        out.value(inv.paid_by_insurer)?;
        out.text(&inv.specifications.join(";"))?;
        out.end()?;
    }
    out.finish()
}

/// The invoices a payment went to, each once, in allocation order.
pub(super) fn allocated_invoices(outcome: &PaymentOutcome) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for a in &outcome.allocations {
        if !seen.contains(&a.invoice.as_str()) {
            seen.push(&a.invoice);
        }
    }
    seen.join(";")
}

/// The sum of a payment's allocations.
pub(super) fn allocated_sum(outcome: &PaymentOutcome) -> Money {
    outcome.allocations.iter().map(|a| a.amount).sum()
}

/// Writes `payments.csv`: one row per bank line, in ledger order. A line the
/// core left without a decision (which should not happen) is still written,
/// with empty status, so that no input row goes missing.
pub(super) fn write_payments(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "payments.csv", &PAYMENT_COLUMNS)?;
    let outcomes = super::outcome_per_line(input);
    for (line, outcome) in input.ledger.bank_lines.iter().zip(&outcomes) {
        out.text(&line.id)?;
        out.text(&line.source.to_string())?;
        out.text(&line.account)?;
        out.value(line.booking_date)?;
        out.value(line.amount)?;
        out.text(line.counterparty_iban.as_ref().map_or("", |i| i.as_str()))?;
        out.text(&mask_bsn(&line.counterparty_name))?;
        out.text(&mask_bsn(&line.description))?;
        match outcome {
            Some(o) => {
                out.value(o.status.as_str())?;
                out.value(o.rule.as_str())?;
                out.text(&allocated_invoices(o))?;
                out.value(allocated_sum(o))?;
                out.value(o.unallocated)?;
                out.text(&mask_bsn(&o.note))?;
            }
            None => {
                for _ in 0..5 {
                    out.value("")?;
                }
                out.text("no decision was made for this line")?;
            }
        }
        out.end()?;
    }
    out.finish()
}

/// Writes `exceptions.csv`: every input problem, in the given (sorted) order.
pub(super) fn write_exceptions(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "exceptions.csv", &EXCEPTION_COLUMNS)?;
    for p in input.problems {
        out.text(&p.source.to_string())?;
        out.value(p.severity.as_str())?;
        out.text(&p.problem)?;
        out.text(&mask_bsn(&p.value))?;
        out.end()?;
    }
    out.finish()
}

/// Columns of `changes.csv`.
pub const CHANGE_COLUMNS: [&str; 4] = ["change", "id", "before", "after"];

/// Writes `changes.csv`: what changed since the previous report (only the
/// header when there was none).
pub(super) fn write_changes(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "changes.csv", &CHANGE_COLUMNS)?;
    for c in input.changes.iter().flat_map(|set| set.changes.iter()) {
        out.value(c.kind)?;
        out.text(&c.id)?;
        out.text(&c.before)?;
        out.text(&c.after)?;
        out.end()?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_looking_text_is_quoted() {
        assert_eq!(escape_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_text("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(escape_text("-2+3"), "'-2+3");
        assert_eq!(escape_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_text("\tx"), "'\tx");
        assert_eq!(escape_text("\rx"), "'\rx");
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        assert!(matches!(escape_text("factuur 2026-001"), Cow::Borrowed(_)));
        assert_eq!(escape_text(""), "");
        assert_eq!(escape_text(" =1"), " =1");
        assert_eq!(escape_text("'quoted"), "'quoted");
    }

    #[test]
    fn values_are_not_escaped_but_text_is() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = CsvOut::create(dir.path(), "t.csv", &["amount", "text"]).unwrap();
        out.value(Money::from_cents(-1250)).unwrap();
        out.text("-1250").unwrap();
        out.end().unwrap();
        out.opt(None::<Money>).unwrap();
        out.text("=1+1").unwrap();
        out.end().unwrap();
        out.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
        assert_eq!(text, "amount,text\n-12.50,'-1250\n,'=1+1\n");
    }
}
