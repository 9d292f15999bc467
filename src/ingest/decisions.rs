//! Files in `decisions/`: the accountant's decisions, made in the
//! workbook and saved there under any name, or written as CSV.
//!
//! Sheets and columns are found by their headers, in Dutch or English, with
//! the same header finding as every other table ([`super::table`]), so a
//! sorted, filtered, re-ordered or renamed workbook saved by Excel or
//! LibreOffice reads as well as the one zorgrecon wrote. Two kinds of sheet
//! carry decisions:
//!
//! - payment decisions: a payment id column and a decision column
//!   (`Beslissing` / `Decision`, or `invoice_number` as in `overrides.csv`),
//!   optionally an amount and a note;
//! - write-off holds: an invoice number column and `Afboeken` / `Write off`,
//!   where `nee` / `no` (optionally followed by the reason) holds the
//!   invoice's write-off;
//! - refund holds: an invoice number column and `Terugbetalen` / `Refund`
//!   (the `Te veel betaald` / `Overpaid` sheet), read as the write-off
//!   column is: `nee` / `no` holds the overpaid invoice's refund.
//!
//! A row whose `Vooraf ingevuld uit` / `Prefilled from` cell is filled was
//! pre-filled by the workbook with the decision then in force: when its
//! decision cell is empty now, the decision is undone
//! ([`Decided::Cleared`]). A workbook's report date is the `Peildatum` /
//! `As of` on its summary sheet; every decision read from it carries it.
//!
//! Rows without a decision are skipped, as is every other sheet (the
//! summary, the lists, and the decisions sheet zorgrecon itself writes,
//! recognised by its `Effect` column). Whether a payment or invoice exists
//! is the core's question; here a decision only has to be readable.

use std::sync::Arc;

use super::FileRead;
use super::table::{self, Aliases, CellValue, Header, Row, RowCells, RowKind, Sheet};
use crate::decision_headers as headers;
use crate::decisions::{Decided, DecisionRow, PaymentTarget};
use crate::problem::{DecisionFlaw, Field, Problem, ProblemKind};
use crate::text::{fold, fold_eq};

/// Columns of a payment-decision sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PayField {
    /// The payment id.
    PaymentId,
    /// Invoice number(s) or `negeren` / `ignore`.
    Decision,
    /// Part of the payment to allocate.
    Amount,
    /// The payment's own amount: claimed so that `Bedrag betaling` is
    /// never taken for the decision's amount.
    PaymentAmount,
    /// The accountant's note.
    Note,
    /// Only on the decisions sheet zorgrecon writes: marks it as a listing.
    Effect,
    /// `Vooraf ingevuld uit` / `Prefilled from`: where the decision the
    /// workbook pre-filled came from (a cleared cell beside it undoes it).
    Prefilled,
}

/// Columns of a write-off sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HoldField {
    /// The invoice number.
    Invoice,
    /// `Afboeken` / `Write off`.
    WriteOff,
    /// `Terugbetalen` / `Refund`.
    Refund,
    /// The accountant's note.
    Note,
    /// As [`PayField::Effect`].
    Effect,
    /// As [`PayField::Prefilled`].
    Prefilled,
}

/// Header aliases of payment decisions (compared after folding; an exact
/// match beats a containment, a longer alias a shorter one). The headers
/// the workbook writes come from [`headers`], the list it writes them
/// from; the others are what a person might type instead.
pub(crate) const PAY_ALIASES: &Aliases<PayField> = &[
    (
        PayField::PaymentId,
        &[
            headers::PAYMENT_ID.en,
            "betaling id",
            "betalingsid",
            headers::PAYMENT_ID.nl,
            "payment",
        ],
    ),
    (
        PayField::Decision,
        &[
            headers::DECISION.nl,
            headers::DECISION.en,
            headers::INVOICE_NUMBER.en,
            headers::INVOICE_NUMBER.nl,
            "factuur",
            "invoice",
        ],
    ),
    (
        PayField::Amount,
        &[
            headers::AMOUNT.nl,
            headers::AMOUNT.en,
            "bedrag beslissing",
            "decision amount",
        ],
    ),
    (
        PayField::PaymentAmount,
        &[headers::PAYMENT_AMOUNT.nl, headers::PAYMENT_AMOUNT.en],
    ),
    (
        PayField::Note,
        &[
            headers::DECISION_NOTE.nl,
            headers::DECISION_NOTE.en,
            "note",
            "notes",
            "notitie",
            "opmerking",
            "toelichting",
        ],
    ),
    (PayField::Effect, &[headers::EFFECT.en]),
    (PayField::Prefilled, PREFILLED),
];

/// Header aliases of the column that says where a pre-filled decision
/// came from.
const PREFILLED: &[&str] = &[
    headers::PREFILLED.nl,
    headers::PREFILLED.en,
    "vooraf ingevuld",
    "prefilled",
];

/// Labels of the report date on the summary sheet.
const AS_OF: &[&str] = &[headers::AS_OF.nl, headers::AS_OF.en, "as of date"];

/// Whether a cell's text is one of [`AS_OF`], compared after folding.
fn is_as_of(text: &str) -> bool {
    let folded = fold(text);
    AS_OF.iter().any(|a| fold_eq(a, &folded))
}

/// Header aliases of write-off holds. The note has no plain `toelichting`:
/// on a status sheet that is the invoice's reason, not the accountant's.
pub(crate) const HOLD_ALIASES: &Aliases<HoldField> = &[
    (
        HoldField::Invoice,
        &[
            headers::INVOICE_NUMBER.nl,
            headers::INVOICE_NUMBER.en,
            "factuur",
            "invoice",
            "notanummer",
        ],
    ),
    (
        HoldField::WriteOff,
        &[
            headers::WRITE_OFF.nl,
            headers::WRITE_OFF.en,
            "writeoff",
            "coulance afboeken",
        ],
    ),
    (
        HoldField::Refund,
        &[headers::REFUND.nl, headers::REFUND.en, "terugbetaling"],
    ),
    (
        HoldField::Note,
        &[
            headers::DECISION_NOTE.nl,
            headers::DECISION_NOTE.en,
            "note",
            "notes",
            "notitie",
            "opmerking",
        ],
    ),
    (HoldField::Effect, &[headers::EFFECT.en]),
    (HoldField::Prefilled, PREFILLED),
];

/// Reads one file of `decisions/`.
///
/// The file is streamed ([`table::stream`]): a sheet is looked at only as
/// far as its header rows unless it has decision columns, and of the rows
/// after the header only those with something in a decision, amount or
/// note column are kept, one at a time. A saved report of a full year
/// (hundreds of thousands of rows, nearly all without a decision) is thus
/// read without ever standing in memory as a whole; what is read is the
/// same as from the whole table.
pub fn read(path: &Arc<str>, bytes: &[u8]) -> FileRead<DecisionRow> {
    finish(path, table::stream(path, bytes, Decisions::default))
}

/// What the sink gathered, as a reader's result.
fn finish(
    path: &Arc<str>,
    streamed: Result<(Decisions, table::Streamed), table::OpenError>,
) -> FileRead<DecisionRow> {
    let (sink, streamed) = match streamed {
        Ok(done) => done,
        Err(e) => return FileRead::unreadable(path, e.format, e.why),
    };
    let Decisions {
        mut done,
        any,
        report_date,
        ..
    } = sink;
    for row in &mut done.rows {
        row.report_date = report_date;
    }
    let mut out = FileRead {
        format: streamed.format.to_string(),
        rows: Vec::new(),
        problems: streamed.problems,
        rows_read: 0,
        rows_rejected: 0,
        bank: Default::default(),
    };
    out.rows.append(&mut done.rows);
    out.problems.append(&mut done.problems);
    out.rows_read = done.rows_read;
    if !any && !streamed.blank {
        out.problems.push(Problem::warning(
            crate::source::Source::file(path),
            ProblemKind::NoDecisionsFound,
            "",
        ));
    }
    out
}

/// The decisions of a file, as its sheets stream by ([`table::SheetSink`]).
struct Decisions {
    /// What the sheets read so far gave.
    done: FileRead<DecisionRow>,
    /// True once a sheet with decision columns was met.
    any: bool,
    /// The sheet being read, when it has decision columns.
    sheet: Option<DecisionSheet>,
    /// The workbook's report date: the as-of on its summary sheet.
    report_date: Option<chrono::NaiveDate>,
}

impl Default for Decisions {
    fn default() -> Decisions {
        Decisions {
            done: nothing_read(),
            any: false,
            sheet: None,
            report_date: None,
        }
    }
}

/// No rows and no problems yet.
fn nothing_read() -> FileRead<DecisionRow> {
    FileRead {
        format: String::new(),
        rows: Vec::new(),
        problems: Vec::new(),
        rows_read: 0,
        rows_rejected: 0,
        bank: Default::default(),
    }
}

/// A sheet with decision columns, while its rows stream by. Payment
/// decisions and write-off holds are gathered apart and joined at the
/// sheet's end, payments first, as reading the sheet twice would list them.
struct DecisionSheet {
    payments: Option<PaymentColumns>,
    holds: Option<HoldColumns>,
    pay_out: FileRead<DecisionRow>,
    hold_out: FileRead<DecisionRow>,
}

/// Where a payment-decision sheet has its columns.
struct PaymentColumns {
    header: Header<PayField>,
    /// The header's row on the sheet: decisions are in the rows below it.
    after: u32,
    id: u32,
    decision: u32,
    amount: Option<u32>,
    note: Option<u32>,
    /// The note column is the rule's note, not the accountant's
    /// ([`is_machine_note_col`]).
    machine_note: bool,
    /// `Vooraf ingevuld uit` / `Prefilled from`.
    prefilled: Option<u32>,
}

/// Where a write-off sheet has its columns: a write-off column, a refund
/// column, or both.
struct HoldColumns {
    header: Header<HoldField>,
    /// As [`PaymentColumns::after`].
    after: u32,
    invoice: u32,
    write_off: Option<u32>,
    refund: Option<u32>,
    note: Option<u32>,
    /// As [`PaymentColumns::prefilled`].
    prefilled: Option<u32>,
}

impl table::SheetSink for Decisions {
    fn may_matter(&mut self, head: &Sheet) -> bool {
        if self.report_date.is_none() {
            self.report_date = report_date(head);
        }
        could_decide(head)
    }

    fn head(&mut self, head: &Sheet) -> Option<Vec<u32>> {
        self.sheet = None;
        if is_listing(head) {
            return None;
        }
        // A header always names its key columns (`accept` asks for them).
        let payments = payment_header(head).and_then(|h| {
            let (id, decision) = (h.col(PayField::PaymentId)?, h.col(PayField::Decision)?);
            let note = h.col(PayField::Note);
            Some(PaymentColumns {
                after: head.rows.get(h.row)?.index,
                id,
                decision,
                amount: h.col(PayField::Amount),
                note,
                machine_note: note.is_some_and(|c| is_machine_note_col(head, &h, c)),
                prefilled: h.col(PayField::Prefilled),
                header: h,
            })
        });
        let holds = hold_header(head).and_then(|h| {
            // Only a column headed exactly by one of its names decides.
            let exact = |f| {
                h.col(f)
                    .filter(|_| names_exactly(head, &h, HOLD_ALIASES, &[f]))
            };
            Some(HoldColumns {
                after: head.rows.get(h.row)?.index,
                invoice: h.col(HoldField::Invoice)?,
                write_off: exact(HoldField::WriteOff),
                refund: exact(HoldField::Refund),
                note: h.col(HoldField::Note),
                prefilled: h.col(HoldField::Prefilled),
                header: h,
            })
        });
        if payments.is_none() && holds.is_none() {
            return None;
        }
        self.any = true;
        let mut sheet = DecisionSheet {
            payments,
            holds,
            pay_out: nothing_read(),
            hold_out: nothing_read(),
        };
        for row in &head.rows {
            sheet.row(row);
        }
        // Later rows matter only with something in these columns.
        let mut columns = Vec::new();
        if let Some(p) = &sheet.payments {
            columns.push(p.decision);
            columns.extend(p.amount);
            columns.extend(p.note.filter(|_| !p.machine_note));
            columns.extend(p.prefilled);
        }
        if let Some(h) = &sheet.holds {
            columns.extend(h.write_off);
            columns.extend(h.refund);
            columns.extend(h.prefilled);
        }
        self.sheet = Some(sheet);
        Some(columns)
    }

    fn row(&mut self, row: &Row) {
        if let Some(sheet) = &mut self.sheet {
            sheet.row(row);
        }
    }

    fn end(&mut self) {
        if let Some(sheet) = self.sheet.take() {
            for part in [sheet.pay_out, sheet.hold_out] {
                self.done.rows.extend(part.rows);
                self.done.problems.extend(part.problems);
                self.done.rows_read += part.rows_read;
            }
        }
    }

    fn abandon(&mut self) {
        self.sheet = None;
    }
}

impl DecisionSheet {
    /// One row of the sheet: a row at or above a header is no decision.
    fn row(&mut self, row: &Row) {
        if let Some(p) = &self.payments
            && row.index > p.after
        {
            payment_row(row, p, &mut self.pay_out);
        }
        if let Some(h) = &self.holds
            && row.index > h.after
        {
            if let Some(c) = h.write_off {
                hold_row(row, h, c, false, &mut self.hold_out);
            }
            if let Some(c) = h.refund {
                hold_row(row, h, c, true, &mut self.hold_out);
            }
        }
    }
}

/// Can a sheet with this head carry decisions? A payment decision needs a
/// header cell that is exactly a payment-id alias and one that is exactly a
/// decision alias ([`names_exactly`]), a write-off or refund hold an exact
/// invoice and write-off or refund alias. Merged regions only repeat the head's own texts, so
/// when its texts hold neither pair no header can be found in it.
fn could_decide(head: &Sheet) -> bool {
    let exact = |aliases: &[&str], folded: &str| aliases.iter().any(|a| fold(a) == folded);
    let names = |aliases: &Aliases<PayField>, f: PayField| {
        aliases
            .iter()
            .find(|(g, _)| *g == f)
            .map_or(&[][..], |(_, n)| *n)
    };
    let hold_names = |f: HoldField| {
        HOLD_ALIASES
            .iter()
            .find(|(g, _)| *g == f)
            .map_or(&[][..], |(_, n)| *n)
    };
    let (mut id, mut decision, mut invoice, mut write_off) = (false, false, false, false);
    let mut refund = false;
    for row in &head.rows {
        for c in 0..row.end_col() {
            if let CellValue::Text(t) = row.cell(c) {
                let folded = fold(t);
                id |= exact(names(PAY_ALIASES, PayField::PaymentId), &folded);
                decision |= exact(names(PAY_ALIASES, PayField::Decision), &folded);
                invoice |= exact(hold_names(HoldField::Invoice), &folded);
                write_off |= exact(hold_names(HoldField::WriteOff), &folded);
                refund |= exact(hold_names(HoldField::Refund), &folded);
            }
        }
    }
    (id && decision) || (invoice && (write_off || refund))
}

/// The report date a workbook's summary sheet gives: a `Peildatum` /
/// `As of` label with a date to its right, in the head rows.
fn report_date(head: &Sheet) -> Option<chrono::NaiveDate> {
    head.rows.iter().find_map(|row| {
        (0..row.end_col()).find_map(|c| match row.cell(c) {
            CellValue::Text(t) if is_as_of(t) => table::date(row.cell(c + 1)).ok().flatten(),
            _ => None,
        })
    })
}

/// True when a row's `Vooraf ingevuld uit` / `Prefilled from` cell says
/// the workbook pre-filled its decision cells.
fn was_prefilled(row: &Row, col: Option<u32>) -> bool {
    col.is_some_and(|c| !row.cell(c).is_empty())
}

/// A pre-filled decision cell that is empty now: the decision is undone.
fn cleared(
    row: &Row,
    cell_col: u32,
    subject: crate::decisions::Subject,
    about_col: u32,
    out: &mut FileRead<DecisionRow>,
) {
    let Ok(Some(about)) = table::ident(row.cell(about_col)) else {
        return;
    };
    out.rows_read += 1;
    out.rows.push(DecisionRow {
        source: row.cell_source(cell_col),
        decided: Decided::Cleared { subject, about },
        written: String::new(),
        note: String::new(),
        report_date: None,
    });
}

/// The header of a payment-decision sheet, if it is one.
pub(crate) fn payment_header(sheet: &Sheet) -> Option<Header<PayField>> {
    table::find_header(sheet, PAY_ALIASES, |cols| {
        let has = |f| cols.iter().any(|c| c.0 == f);
        has(PayField::PaymentId) && has(PayField::Decision) && !has(PayField::Effect)
    })
    .filter(|h| {
        names_exactly(
            sheet,
            h,
            PAY_ALIASES,
            &[PayField::PaymentId, PayField::Decision],
        )
    })
}

/// The header of a write-off sheet (a write-off or a refund column, or
/// both), if it is one.
pub(crate) fn hold_header(sheet: &Sheet) -> Option<Header<HoldField>> {
    table::find_header(sheet, HOLD_ALIASES, |cols| {
        let has = |f| cols.iter().any(|c| c.0 == f);
        has(HoldField::Invoice)
            && (has(HoldField::WriteOff) || has(HoldField::Refund))
            && !has(HoldField::Effect)
    })
    .filter(|h| {
        let exactly = |f| names_exactly(sheet, h, HOLD_ALIASES, &[HoldField::Invoice, f]);
        exactly(HoldField::WriteOff) || exactly(HoldField::Refund)
    })
}

/// True when the header row names each of `fields` with exactly one of
/// its aliases. Header finding also accepts an alias inside a longer
/// header; on the report's own sheets that would let a data row whose
/// texts happen to hold the words (`return of payment …` beside
/// `factuur 2026-0122`) pass for a header, and a list that needs no
/// decision be read as decisions.
fn names_exactly<F: Copy + Eq>(
    sheet: &Sheet,
    header: &Header<F>,
    aliases: &Aliases<F>,
    fields: &[F],
) -> bool {
    let Some(row) = sheet.rows.get(header.row) else {
        return false;
    };
    fields.iter().all(|&f| {
        let (Some(c), Some((_, names))) = (header.col(f), aliases.iter().find(|(g, _)| *g == f))
        else {
            return false;
        };
        match row.cell(c) {
            CellValue::Text(t) => {
                let folded = fold(t);
                names.iter().any(|n| fold(n) == folded)
            }
            _ => false,
        }
    })
}

/// True for the decisions sheet zorgrecon writes (a listing of decisions
/// with their effect): reading it back would decide everything twice.
fn is_listing(sheet: &Sheet) -> bool {
    table::find_header(sheet, PAY_ALIASES, |cols| {
        let has = |f| cols.iter().any(|c| c.0 == f);
        has(PayField::Effect) && (has(PayField::PaymentId) || has(PayField::Decision))
    })
    .is_some_and(|h| names_exactly(sheet, &h, PAY_ALIASES, &[PayField::Effect]))
}

/// A note cell, trimmed; empty when there is none.
fn note_of(row: &Row, col: Option<u32>) -> String {
    col.and_then(|c| table::text(row.cell(c)))
        .unwrap_or_default()
}

/// True when a folded word says "ignore this payment".
fn is_ignore(word: &str) -> bool {
    matches!(
        fold(word).as_str(),
        "negeren" | "negeer" | "ignore" | "ignored"
    )
}

/// Splits a decision cell into its invoice numbers, or `ignore`.
pub(crate) fn parse_target(written: &str) -> Result<PaymentTarget, DecisionFlaw> {
    let parts: Vec<&str> = written
        .split([';', ',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.iter().any(|p| is_ignore(p)) {
        return if parts.len() == 1 {
            Ok(PaymentTarget::Ignore)
        } else {
            Err(DecisionFlaw::IgnoreWithInvoices)
        };
    }
    if parts.is_empty() {
        return Err(DecisionFlaw::NoInvoiceNumber);
    }
    Ok(PaymentTarget::Invoices(
        parts.into_iter().map(str::to_string).collect(),
    ))
}

/// One row below a payment-decision header: a decision, an unreadable
/// one, a warning for an amount or note typed without a decision, or
/// nothing.
fn payment_row(row: &Row, cols: &PaymentColumns, out: &mut FileRead<DecisionRow>) {
    let (id_col, dec_col) = (cols.id, cols.decision);
    let (amount_col, note_col) = (cols.amount, cols.note);
    // Most rows of a saved report hold no decision: they are passed
    // before anything else is looked at.
    let typed = amount_col.is_some_and(|c| !row.cell(c).is_empty())
        || note_col.is_some_and(|c| !row.cell(c).is_empty() && !cols.machine_note);
    let decision_cell = row.cell(dec_col);
    if decision_cell.is_empty() && !typed {
        if was_prefilled(row, cols.prefilled)
            && table::row_kind(row, &cols.header, &[id_col, dec_col]) != RowKind::Skip
        {
            cleared(
                row,
                dec_col,
                crate::decisions::Subject::Payment,
                id_col,
                out,
            );
        }
        return;
    }
    if table::row_kind(row, &cols.header, &[id_col, dec_col]) == RowKind::Skip {
        return;
    }
    if decision_cell.is_empty() {
        // No decision: nothing to read. An amount or note typed without
        // one is said, so that it is not lost unseen.
        out.problems.push(Problem::warning(
            row.cell_source(dec_col),
            ProblemKind::DecisionMissing,
            "",
        ));
        return;
    }
    {
        out.rows_read += 1;
        let written = decision_cell.display();
        let mut r = RowCells::new(row);
        let target = match r.optional(r.own(Some(dec_col)), Field::Decision, table::ident) {
            Some(t) => parse_target(&t).map_err(|why| {
                r.refuse(dec_col, ProblemKind::Decision(why), &written);
            }),
            None => Err(()),
        };
        let payment_id = r.required_or(
            r.own(Some(id_col)),
            Field::PaymentId,
            table::ident,
            ProblemKind::DecisionNoPaymentId,
            Some(&written),
        );
        let amount = r.optional(r.own(amount_col), Field::DecisionAmount, table::amount);
        match (payment_id, target) {
            (Some(payment_id), Ok(target)) if !r.failed() => out.rows.push(DecisionRow {
                source: row.cell_source(dec_col),
                decided: Decided::Payment {
                    payment_id,
                    target,
                    amount,
                },
                written,
                note: note_of(row, note_col),
                report_date: None,
            }),
            _ => {
                let mut errors = r.into_problems();
                if errors.is_empty() {
                    errors.push(Problem::error(
                        row.cell_source(dec_col),
                        ProblemKind::DecisionNotRead,
                        &written,
                    ));
                }
                unreadable(row, dec_col, true, false, id_col, written, errors, out);
            }
        }
    }
}

/// A decision row that could not be read: its problems, and a row that
/// says so, so that `decisions.csv` lists it too. It is not counted as
/// rejected here: the error at its row makes the summary count it so.
#[allow(clippy::too_many_arguments)]
fn unreadable(
    row: &Row,
    decision_col: u32,
    payment: bool,
    refund: bool,
    about_col: u32,
    written: String,
    errors: Vec<Problem>,
    out: &mut FileRead<DecisionRow>,
) {
    let why = errors
        .first()
        .map_or(ProblemKind::DecisionNotRead, |p| p.kind.clone());
    out.problems.extend(errors);
    out.rows.push(DecisionRow {
        source: row.cell_source(decision_col),
        decided: Decided::Unreadable {
            payment,
            refund,
            about: row.cell(about_col).display(),
            why,
        },
        written,
        note: String::new(),
        report_date: None,
    });
}

/// True when column `c` is the rule's note of the review sheet (`Notitie`
/// / `Note`, taken as the note column when the accountant's own note
/// column was removed) rather than a note the accountant typed: a filled
/// note of the rule without a decision is no news.
fn is_machine_note_col(sheet: &Sheet, header: &Header<PayField>, c: u32) -> bool {
    let Some(row) = sheet.rows.get(header.row) else {
        return false;
    };
    match row.cell(c) {
        CellValue::Text(t) => matches!(fold(t).as_str(), "notitie" | "note"),
        _ => false,
    }
}

/// What a write-off cell says: hold (with the note written after `nee`),
/// write off, or not understood.
pub(crate) enum WriteOffWord {
    /// `nee` / `no`, and the reason written after it.
    Hold(String),
    /// `ja` / `yes`.
    WriteOff,
}

/// Reads a write-off cell: `nee`, `no`, `nee: cliënt betwist de factuur`,
/// `ja`, `yes` (any case), or a true/false cell.
pub(crate) fn parse_write_off(cell: &CellValue) -> Result<WriteOffWord, DecisionFlaw> {
    let t = match cell {
        CellValue::Bool(false) => return Ok(WriteOffWord::Hold(String::new())),
        CellValue::Bool(true) => return Ok(WriteOffWord::WriteOff),
        CellValue::Text(t) => t.trim(),
        other => {
            return Err(DecisionFlaw::WriteOffNotWord(other.display()));
        }
    };
    let end = t.find(|c: char| !c.is_alphanumeric()).unwrap_or(t.len());
    let (word, rest) = t.split_at(end);
    let rest = rest
        .trim_start_matches(|c: char| c.is_whitespace() || ":-–,;.".contains(c))
        .trim()
        .to_string();
    match fold(word).as_str() {
        "nee" | "no" | "n" | "niet" => Ok(WriteOffWord::Hold(rest)),
        "ja" | "yes" | "j" | "y" => Ok(WriteOffWord::WriteOff),
        _ => Err(DecisionFlaw::WriteOffNotUnderstood(t.to_string())),
    }
}

/// One row below a write-off header, in the write-off column or (with
/// `refund`) the refund column `wo_col`: a hold, a write-off or refund as
/// usual, an unreadable cell, or nothing.
fn hold_row(
    row: &Row,
    cols: &HoldColumns,
    wo_col: u32,
    refund: bool,
    out: &mut FileRead<DecisionRow>,
) {
    let (inv_col, note_col) = (cols.invoice, cols.note);
    let cell = row.cell(wo_col);
    if cell.is_empty() && was_prefilled(row, cols.prefilled) {
        if table::row_kind(row, &cols.header, &[inv_col, wo_col]) != RowKind::Skip {
            let subject = if refund {
                crate::decisions::Subject::Refund
            } else {
                crate::decisions::Subject::WriteOff
            };
            cleared(row, wo_col, subject, inv_col, out);
        }
        return;
    }
    if cell.is_empty() || table::row_kind(row, &cols.header, &[inv_col, wo_col]) == RowKind::Skip {
        return;
    }
    {
        out.rows_read += 1;
        let written = cell.display();
        let mut r = RowCells::new(row);
        let word = parse_write_off(cell).map_err(|why| {
            r.refuse(wo_col, ProblemKind::Decision(why), &written);
        });
        let invoice = r.required_or(
            r.own(Some(inv_col)),
            Field::InvoiceNumber,
            table::ident,
            ProblemKind::WriteOffNoInvoice,
            Some(&written),
        );
        match (invoice, word) {
            (Some(invoice), Ok(word)) if !r.failed() => {
                let typed = note_of(row, note_col);
                let (decided, inline) = match (word, refund) {
                    (WriteOffWord::Hold(inline), false) => (Decided::Hold { invoice }, inline),
                    (WriteOffWord::Hold(inline), true) => (Decided::HoldRefund { invoice }, inline),
                    (WriteOffWord::WriteOff, false) => {
                        (Decided::WriteOff { invoice }, String::new())
                    }
                    (WriteOffWord::WriteOff, true) => (Decided::Refund { invoice }, String::new()),
                };
                let note = match (inline.is_empty(), typed.is_empty()) {
                    (true, _) => typed,
                    (false, true) => inline,
                    (false, false) => format!("{inline}; {typed}"),
                };
                out.rows.push(DecisionRow {
                    source: row.cell_source(wo_col),
                    decided,
                    written,
                    note,
                    report_date: None,
                });
            }
            _ => {
                let errors = r.into_problems();
                unreadable(row, wo_col, false, refund, inv_col, written, errors, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    fn read_text(text: &str) -> FileRead<DecisionRow> {
        read(&Arc::from("decisions/d.csv"), text.as_bytes())
    }

    fn csv_sheet(text: &str) -> Sheet {
        let t = table::open(&Arc::from("d.csv"), text.as_bytes()).unwrap();
        t.sheets.into_iter().next().unwrap()
    }

    #[test]
    fn finds_the_review_sheet_columns_in_dutch() {
        let s = csv_sheet(
            "Status;Betaling;Bron;Boekdatum;Bedrag betaling;Notitie;Beslissing;Bedrag;Toelichting bij beslissing\n",
        );
        let h = payment_header(&s).unwrap();
        assert_eq!(h.col(PayField::PaymentId), Some(1));
        assert_eq!(h.col(PayField::PaymentAmount), Some(4));
        assert_eq!(h.col(PayField::Decision), Some(6));
        assert_eq!(h.col(PayField::Amount), Some(7));
        assert_eq!(h.col(PayField::Note), Some(8));
        assert!(hold_header(&s).is_none());
    }

    #[test]
    fn finds_the_review_sheet_columns_in_english_in_any_order() {
        let s = csv_sheet(
            "Decision note,Amount,Note,Payment id,Payment amount,Decision,Invoices,Status\n",
        );
        let h = payment_header(&s).unwrap();
        assert_eq!(h.col(PayField::Note), Some(0));
        assert_eq!(h.col(PayField::Amount), Some(1));
        assert_eq!(h.col(PayField::PaymentId), Some(3));
        assert_eq!(h.col(PayField::PaymentAmount), Some(4));
        assert_eq!(h.col(PayField::Decision), Some(5));
    }

    #[test]
    fn finds_the_write_off_column_in_either_language() {
        for (head, inv, wo) in [
            ("Factuurnummer;Cliënt;Coulance;Toelichting;Afboeken", 0, 4),
            ("Write off,Reason,Invoice number,Coulance", 2, 0),
        ] {
            let s = csv_sheet(&format!("{head}\n"));
            let h = hold_header(&s).unwrap();
            assert_eq!(h.col(HoldField::Invoice), Some(inv), "{head}");
            assert_eq!(h.col(HoldField::WriteOff), Some(wo), "{head}");
            // The invoice's reason is not the accountant's note.
            assert_eq!(h.col(HoldField::Note), None, "{head}");
            assert!(payment_header(&s).is_none(), "{head}");
        }
    }

    #[test]
    fn the_overrides_columns_are_payment_decisions() {
        let r = read_text(
            "payment_id,invoice_number,amount,note\n\
             P1,F-1;F-2,,split\n\
             P2,ignore,,rente\n\
             P3,F-3,12.50,\n",
        );
        assert_eq!(r.problems, vec![]);
        assert_eq!((r.rows_read, r.rows_rejected), (3, 0));
        assert_eq!(
            r.rows[0].decided,
            Decided::Payment {
                payment_id: "P1".into(),
                target: PaymentTarget::Invoices(vec!["F-1".into(), "F-2".into()]),
                amount: None
            }
        );
        assert_eq!(r.rows[0].note, "split");
        assert_eq!(r.rows[0].source.to_string(), "decisions/d.csv:2");
        assert!(matches!(
            &r.rows[1].decided,
            Decided::Payment {
                target: PaymentTarget::Ignore,
                ..
            }
        ));
        assert!(matches!(
            &r.rows[2].decided,
            Decided::Payment { amount: Some(a), .. } if *a == Money::from_cents(1250)
        ));
    }

    #[test]
    fn rows_without_a_decision_are_skipped_and_bad_ones_are_errors() {
        let r = read_text(
            "Betaling;Notitie;Beslissing;Bedrag;Toelichting bij beslissing\n\
             P1;no rule fitted;;;\n\
             P2;;negeren;10,00;\n\
             ;;F-1;;\n\
             P3;;negeren;F-1;\n\
             P4;;;;waarom\n\
             Totaal;;;;\n",
        );
        assert_eq!((r.rows_read, r.rows_rejected), (3, 0));
        let unreadable = |d: &DecisionRow| matches!(d.decided, Decided::Unreadable { .. });
        assert_eq!(r.rows.len(), 3, "every decision is listed");
        assert!(
            !unreadable(&r.rows[0]),
            "P2 is read; the core refuses its amount"
        );
        assert!(unreadable(&r.rows[1]) && unreadable(&r.rows[2]));
        let places: Vec<String> = r.problems.iter().map(|p| p.source.to_string()).collect();
        assert_eq!(
            places,
            [
                "decisions/d.csv:4",
                "decisions/d.csv:5",
                "decisions/d.csv:6"
            ]
        );
        assert_eq!(r.problems[0].kind, ProblemKind::DecisionNoPaymentId);
        assert!(matches!(
            r.problems[1].kind,
            ProblemKind::Unreadable {
                field: Field::DecisionAmount,
                ..
            }
        ));
        assert_eq!(r.problems[2].kind, ProblemKind::DecisionMissing);
    }

    #[test]
    fn write_off_cells_hold_with_their_reason() {
        let r = read_text(
            "Factuurnummer;Afboeken\n\
             F-1;nee: cliënt betwist de factuur\n\
             F-2;No\n\
             F-3;ja\n\
             F-4;misschien\n\
             F-5;\n",
        );
        assert_eq!((r.rows_read, r.rows_rejected), (4, 0));
        assert!(matches!(
            &r.rows[3].decided,
            Decided::Unreadable { payment: false, about, .. } if about == "F-4"
        ));
        assert_eq!(
            r.rows[0].decided,
            Decided::Hold {
                invoice: "F-1".into()
            }
        );
        assert_eq!(r.rows[0].note, "cliënt betwist de factuur");
        assert_eq!(r.rows[1].note, "");
        assert!(matches!(r.rows[2].decided, Decided::WriteOff { .. }));
        assert_eq!(r.problems[0].source.to_string(), "decisions/d.csv:5");
    }

    #[test]
    fn finds_the_refund_column_in_either_language() {
        for (head, inv, rf) in [
            (
                "Factuurnummer;Cliënt;Terug te betalen;Toelichting;Terugbetalen",
                0,
                4,
            ),
            ("Refund,Reason,Invoice number,To refund", 2, 0),
        ] {
            let s = csv_sheet(&format!("{head}\n"));
            let h = hold_header(&s).unwrap_or_else(|| panic!("{head}"));
            assert_eq!(h.col(HoldField::Invoice), Some(inv), "{head}");
            assert_eq!(h.col(HoldField::Refund), Some(rf), "{head}");
            assert_eq!(h.col(HoldField::WriteOff), None, "{head}");
            assert!(could_decide(&s), "{head}");
        }
        // `To refund` alone (the summary's amount) decides nothing.
        let s = csv_sheet("Invoice number,To refund\n");
        assert!(hold_header(&s).is_none());
    }

    #[test]
    fn refund_cells_hold_with_their_reason_beside_write_off_cells() {
        let r = read_text(
            "Factuurnummer;Afboeken;Terugbetalen\n\
             F-1;;nee: cliënt betaalt nog een andere factuur\n\
             F-2;nee: betwist;No\n\
             F-3;;ja\n\
             F-4;;misschien\n\
             F-5;;\n",
        );
        assert_eq!((r.rows_read, r.rows_rejected), (5, 0));
        let decided: Vec<&Decided> = r.rows.iter().map(|d| &d.decided).collect();
        assert_eq!(
            decided[..4],
            [
                &Decided::HoldRefund {
                    invoice: "F-1".into()
                },
                &Decided::Hold {
                    invoice: "F-2".into()
                },
                &Decided::HoldRefund {
                    invoice: "F-2".into()
                },
                &Decided::Refund {
                    invoice: "F-3".into()
                },
            ]
        );
        assert!(matches!(
            decided[4],
            Decided::Unreadable { payment: false, refund: true, about, .. } if about == "F-4"
        ));
        assert_eq!(r.rows[0].note, "cliënt betaalt nog een andere factuur");
        assert_eq!(r.rows[0].source.to_string(), "decisions/d.csv:2");
        assert_eq!(r.rows[1].note, "betwist");
        // A write-off hold and a refund hold of one invoice are two
        // subjects: they are never compared.
        assert_ne!(r.rows[1].subject(), r.rows[2].subject());
        assert_eq!(
            r.rows[2].subject(),
            (crate::decisions::Subject::Refund, "F2".to_string())
        );
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].source.to_string(), "decisions/d.csv:5");
    }

    #[test]
    fn the_english_refund_column_reads_as_the_dutch() {
        let r = read_text("Invoice number,Refund\nF-1,no: client still pays\n");
        assert_eq!(
            r.rows[0].decided,
            Decided::HoldRefund {
                invoice: "F-1".into()
            }
        );
        assert_eq!(r.rows[0].note, "client still pays");
    }

    #[test]
    fn a_cleared_prefilled_cell_undoes_and_an_empty_one_never_filled_is_nothing() {
        use crate::decisions::Subject;
        let r = read_text(
            "Factuurnummer;Afboeken;Vooraf ingevuld uit;Toelichting\n\
             F-1;;decisions/m.xlsx:Coulance mogelijk!U2;reden\n\
             F-2;;;reden\n\
             F-3;nee: nog steeds;decisions/m.xlsx:Coulance mogelijk!U4;\n",
        );
        assert_eq!(r.problems, vec![]);
        assert_eq!(r.rows.len(), 2, "{:?}", r.rows);
        assert_eq!(
            r.rows[0].decided,
            Decided::Cleared {
                subject: Subject::WriteOff,
                about: "F-1".into()
            }
        );
        assert_eq!(r.rows[0].source.to_string(), "decisions/d.csv:2");
        assert_eq!(r.rows[0].subject(), (Subject::WriteOff, "F1".to_string()));
        assert!(matches!(r.rows[1].decided, Decided::Hold { .. }));
        assert_eq!(r.rows_read, 2);
        // The review sheet's, in English: a cleared payment decision.
        let r = read_text(
            "Payment id,Decision,Amount,Decision note,Prefilled from,Note\n\
             P1,,,,decisions/m.xlsx:Payments to review!L2,no rule fitted\n\
             P2,,,,,no rule fitted\n",
        );
        assert_eq!(r.problems, vec![]);
        assert_eq!(
            r.rows.iter().map(|d| &d.decided).collect::<Vec<_>>(),
            [&Decided::Cleared {
                subject: Subject::Payment,
                about: "P1".into()
            }]
        );
    }

    #[test]
    fn a_workbook_carries_the_report_date_of_its_summary_sheet() {
        let serial = |d: &str| {
            let d: chrono::NaiveDate = d.parse().unwrap();
            (d - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
        };
        for (as_of, number) in [("2026-11-19", true), ("20-11-2026", false)] {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let s = wb.add_worksheet().set_name("Samenvatting").unwrap();
            s.write_string(0, 0, "Reconciliatie").unwrap();
            s.write_string(1, 0, "Peildatum").unwrap();
            if number {
                s.write_number(1, 1, serial(as_of)).unwrap();
            } else {
                s.write_string(1, 1, as_of).unwrap();
            }
            let s = wb.add_worksheet().set_name("Open").unwrap();
            s.write_string(0, 0, "Factuurnummer").unwrap();
            s.write_string(0, 1, "Afboeken").unwrap();
            s.write_string(1, 0, "F-1").unwrap();
            s.write_string(1, 1, "nee").unwrap();
            let bytes = wb.save_to_buffer().unwrap();
            let r = read(&Arc::from("decisions/x.xlsx"), &bytes);
            assert_eq!(r.rows.len(), 1);
            let want = if number { "2026-11-19" } else { "2026-11-20" };
            assert_eq!(r.rows[0].report_date, Some(want.parse().unwrap()));
        }
        // A CSV has none.
        let r = read_text("Factuurnummer;Afboeken\nF-1;nee\n");
        assert_eq!(r.rows[0].report_date, None);
    }

    #[test]
    fn the_decisions_listing_and_other_files_are_not_decisions() {
        let r = read_text(
            "Bron;Soort;Betaling;Factuurnummer;Beslissing;Effect\nx.xlsx:Blad!Q2;betaling;P1;;F-1;applied\n",
        );
        assert_eq!(r.rows.len(), 0);
        assert_eq!(r.problems.len(), 1, "one warning: no decisions found");
        let r = read_text("\n");
        assert_eq!((r.rows.len(), r.problems.len()), (0, 0));
    }

    #[test]
    fn a_data_row_whose_texts_hold_the_words_is_no_header() {
        // The reversed-and-duplicates sheet: no decision column, but free
        // text that holds `factuur` and `payment`.
        let r = read_text(
            "Status;Betaling;Omschrijving;Notitie
             gestorneerd;P1;factuur 2026-0122;returned by P2
             gestorneerd;P2;factuur 2026-0122;return of payment P1
",
        );
        assert_eq!((r.rows.len(), r.rows_read), (0, 0));
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].kind, ProblemKind::NoDecisionsFound);
    }

    /// [`read`] on the whole table, as before streaming.
    fn read_whole(path: &Arc<str>, bytes: &[u8]) -> FileRead<DecisionRow> {
        finish(path, table::stream_whole(path, bytes, Decisions::default()))
    }

    /// A workbook as an accountant leaves the saved report: title rows, a
    /// review sheet and a status sheet longer than the header window with
    /// decisions above and below it, a totals row and a repeated header, a
    /// write-off header that exists only through merged cells, a summary
    /// sheet and the decisions listing.
    fn saved_report() -> Vec<u8> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let s = wb.add_worksheet().set_name("Samenvatting").unwrap();
        for r in 0..120 {
            s.write_string(r, 0, format!("regel {r}")).unwrap();
            s.write_number(r, 1, f64::from(r)).unwrap();
        }
        let s = wb.add_worksheet().set_name("Te beoordelen").unwrap();
        s.write_string(0, 0, "Betalingen te beoordelen").unwrap();
        let head = [
            "Status",
            "Betaling",
            "Bedrag betaling",
            "Beslissing",
            "Bedrag",
            "Toelichting bij beslissing",
            "Notitie",
        ];
        for (c, h) in head.iter().enumerate() {
            s.write_string(2, c as u16, *h).unwrap();
        }
        for r in 3..200u32 {
            s.write_string(r, 0, "niet gevonden").unwrap();
            s.write_string(r, 1, format!("P{r}")).unwrap();
            s.write_number(r, 2, f64::from(r) + 0.5).unwrap();
            s.write_string(r, 6, "geen regel paste").unwrap();
            match r {
                5 | 77 => s.write_string(r, 3, format!("F-{r}")).map(|_| ()),
                40 => s.write_string(r, 3, "negeren").map(|_| ()),
                90 => s.write_string(r, 3, "F-1; F-2").map(|_| ()),
                91 => s.write_number(r, 4, 12.5).map(|_| ()),
                92 => s.write_string(r, 5, "waarom").map(|_| ()),
                93 => s.write_string(r, 3, "negeren; F-1").map(|_| ()),
                150 => {
                    for (c, h) in head.iter().enumerate() {
                        s.write_string(r, c as u16, *h).unwrap();
                    }
                    Ok(())
                }
                _ => Ok(()),
            }
            .unwrap();
        }
        s.write_string(88, 4, "€ 1.234,56").unwrap();
        s.write_string(88, 3, "F-88").unwrap();
        s.write_string(199, 0, "Totaal").unwrap();
        s.write_string(199, 3, "Totaal").unwrap();
        let s = wb.add_worksheet().set_name("Coulance mogelijk").unwrap();
        let merged = Format::new();
        // The note's header is merged over two rows: only the merge puts
        // it on the header row.
        s.merge_range(0, 1, 1, 1, "Opmerking", &merged).unwrap();
        s.write_string(1, 0, "Factuurnummer").unwrap();
        s.write_string(1, 3, "Coulance").unwrap();
        s.write_string(1, 2, "Afboeken").unwrap();
        s.write_string(120, 1, "cliënt belt terug").unwrap();
        for r in 2..300u32 {
            s.write_string(r, 0, format!("2026-{r:04}")).unwrap();
            s.write_number(r, 3, 10.0).unwrap();
            match r {
                3 => s.write_string(r, 2, "nee: betwist").map(|_| ()),
                120 => s.write_string(r, 2, "Nee").map(|_| ()),
                121 => s.write_string(r, 2, "ja").map(|_| ()),
                122 => s.write_string(r, 2, "misschien").map(|_| ()),
                123 => s.write_boolean(r, 2, false).map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
        let s = wb.add_worksheet().set_name("Beslissingen").unwrap();
        for (c, h) in ["Bron", "Betaling", "Beslissing", "Effect"]
            .iter()
            .enumerate()
        {
            s.write_string(0, c as u16, *h).unwrap();
        }
        s.write_string(1, 1, "P1").unwrap();
        s.write_string(1, 2, "F-1").unwrap();
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn a_streamed_workbook_reads_as_the_whole_table() {
        let path: Arc<str> = Arc::from("decisions/saved.xlsx");
        let bytes = saved_report();
        let streamed = read(&path, &bytes);
        let whole = read_whole(&path, &bytes);
        assert_eq!(streamed.format, "xlsx");
        assert_eq!(streamed.rows, whole.rows);
        assert_eq!(streamed.problems, whole.problems);
        assert_eq!(
            (streamed.rows_read, streamed.rows_rejected),
            (whole.rows_read, whole.rows_rejected)
        );
        // Decisions above and below the header window, both kinds, the
        // holds found only through the merged header.
        let places: Vec<String> = streamed.rows.iter().map(|r| r.source.to_string()).collect();
        for want in [
            "decisions/saved.xlsx:Te beoordelen!D6",
            "decisions/saved.xlsx:Te beoordelen!D78",
            "decisions/saved.xlsx:Te beoordelen!D89",
            "decisions/saved.xlsx:Coulance mogelijk!C4",
            "decisions/saved.xlsx:Coulance mogelijk!C124",
        ] {
            assert!(places.iter().any(|p| p == want), "{want} not in {places:?}");
        }
        assert_eq!(streamed.rows.len(), 12, "{places:?}");
        let held = streamed
            .rows
            .iter()
            .find(|r| r.source.to_string().ends_with("!C121"));
        assert_eq!(held.map(|r| r.note.as_str()), Some("cliënt belt terug"));
        assert!(!streamed.problems.is_empty());
    }

    #[test]
    fn a_long_sheet_with_decisions_only_at_the_top_reads_as_the_whole_table() {
        // Below the header window nothing stands in the decision columns:
        // the rest of the sheet is passed without being read.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s = wb.add_worksheet().set_name("Open").unwrap();
        for (c, h) in ["Factuurnummer", "Afboeken", "Toelichting"]
            .iter()
            .enumerate()
        {
            s.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..5000u32 {
            s.write_string(r, 0, format!("F-{r}")).unwrap();
            s.write_string(r, 2, "nog niets ontvangen").unwrap();
        }
        s.write_string(7, 1, "nee: betwist").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let path: Arc<str> = Arc::from("decisions/open.xlsx");
        let (a, b) = (read(&path, &bytes), read_whole(&path, &bytes));
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.problems, b.problems);
        assert_eq!(a.rows.len(), 1);
        assert_eq!(a.rows[0].note, "betwist");
    }

    #[test]
    fn a_workbook_without_decision_columns_is_one_warning_either_way() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s = wb.add_worksheet();
        for r in 0..100 {
            s.write_string(r, 0, "Cliënt").unwrap();
            s.write_string(r, 1, "Bedrag").unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let path: Arc<str> = Arc::from("decisions/x.xlsx");
        let (a, b) = (read(&path, &bytes), read_whole(&path, &bytes));
        assert_eq!(a.problems, b.problems);
        assert_eq!(a.problems.len(), 1);
        assert_eq!(a.problems[0].kind, ProblemKind::NoDecisionsFound);
        assert!(a.rows.is_empty() && b.rows.is_empty());
    }

    #[test]
    fn decision_cells_split_on_semicolons() {
        assert_eq!(
            parse_target(" 2026-0121 ; 2026-0122 ").unwrap(),
            PaymentTarget::Invoices(vec!["2026-0121".into(), "2026-0122".into()])
        );
        assert_eq!(parse_target("Negeren").unwrap(), PaymentTarget::Ignore);
        assert!(parse_target("ignore;F1").is_err());
        assert!(parse_target(" ; ").is_err());
    }
}
