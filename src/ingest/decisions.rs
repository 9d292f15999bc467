//! Files in `decisions/` (issue 14): the accountant's decisions, made in the
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
//!   invoice's write-off.
//!
//! Rows without a decision are skipped, as is every other sheet (the
//! summary, the lists, and the decisions sheet zorgrecon itself writes,
//! recognised by its `Effect` column). Whether a payment or invoice exists
//! is the core's question; here a decision only has to be readable.

use std::sync::Arc;

use super::FileRead;
use super::table::{self, Aliases, Cell, Header, Row, RowKind, Sheet};
use crate::decisions::{Decided, DecisionRow, PaymentTarget};
use crate::problem::{DecisionFlaw, Field, Problem, ProblemKind};
use crate::text::fold;

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
}

/// Columns of a write-off sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HoldField {
    /// The invoice number.
    Invoice,
    /// `Afboeken` / `Write off`.
    WriteOff,
    /// The accountant's note.
    Note,
    /// As [`PayField::Effect`].
    Effect,
}

/// Header aliases of payment decisions (compared after folding; an exact
/// match beats a containment, a longer alias a shorter one).
pub(crate) const PAY_ALIASES: &Aliases<PayField> = &[
    (
        PayField::PaymentId,
        &[
            "payment id",
            "betaling id",
            "betalingsid",
            "betaling",
            "payment",
        ],
    ),
    (
        PayField::Decision,
        &[
            "beslissing",
            "decision",
            "invoice number",
            "factuurnummer",
            "factuur",
            "invoice",
        ],
    ),
    (
        PayField::Amount,
        &["bedrag", "amount", "bedrag beslissing", "decision amount"],
    ),
    (
        PayField::PaymentAmount,
        &["bedrag betaling", "payment amount"],
    ),
    (
        PayField::Note,
        &[
            "toelichting bij beslissing",
            "decision note",
            "note",
            "notes",
            "notitie",
            "opmerking",
            "toelichting",
        ],
    ),
    (PayField::Effect, &["effect"]),
];

/// Header aliases of write-off holds. The note has no plain `toelichting`:
/// on a status sheet that is the invoice's reason, not the accountant's.
pub(crate) const HOLD_ALIASES: &Aliases<HoldField> = &[
    (
        HoldField::Invoice,
        &[
            "factuurnummer",
            "invoice number",
            "factuur",
            "invoice",
            "notanummer",
        ],
    ),
    (
        HoldField::WriteOff,
        &["afboeken", "write off", "writeoff", "coulance afboeken"],
    ),
    (
        HoldField::Note,
        &[
            "toelichting bij beslissing",
            "decision note",
            "note",
            "notes",
            "notitie",
            "opmerking",
        ],
    ),
    (HoldField::Effect, &["effect"]),
];

/// Reads one file of `decisions/`.
pub fn read(path: &Arc<str>, bytes: &[u8]) -> FileRead<DecisionRow> {
    let (table, mut out) = match table::start(path, bytes) {
        Ok(started) => started,
        Err(unreadable) => return unreadable,
    };
    let mut any = false;
    for sheet in &table.sheets {
        if is_listing(sheet) {
            continue;
        }
        if let Some(h) = payment_header(sheet) {
            any = true;
            read_payments(sheet, &h, &mut out);
        }
        if let Some(h) = hold_header(sheet) {
            any = true;
            read_holds(sheet, &h, &mut out);
        }
    }
    let blank = table
        .sheets
        .iter()
        .all(|s| s.rows.iter().all(Row::is_blank));
    if !any && !blank {
        out.problems.push(Problem::warning(
            crate::source::Source::file(path),
            ProblemKind::NoDecisionsFound,
            "",
        ));
    }
    out
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

/// The header of a write-off sheet, if it is one.
pub(crate) fn hold_header(sheet: &Sheet) -> Option<Header<HoldField>> {
    table::find_header(sheet, HOLD_ALIASES, |cols| {
        let has = |f| cols.iter().any(|c| c.0 == f);
        has(HoldField::Invoice) && has(HoldField::WriteOff) && !has(HoldField::Effect)
    })
    .filter(|h| {
        names_exactly(
            sheet,
            h,
            HOLD_ALIASES,
            &[HoldField::Invoice, HoldField::WriteOff],
        )
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
            Cell::Text(t) => {
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

fn read_payments(sheet: &Sheet, header: &Header<PayField>, out: &mut FileRead<DecisionRow>) {
    let (Some(id_col), Some(dec_col)) = (
        header.col(PayField::PaymentId),
        header.col(PayField::Decision),
    ) else {
        return;
    };
    let amount_col = header.col(PayField::Amount);
    let note_col = header.col(PayField::Note);
    for row in sheet.rows.iter().skip(header.row + 1) {
        if table::row_kind(row, header, &[id_col, dec_col]) == RowKind::Skip {
            continue;
        }
        let decision_cell = row.cell(dec_col);
        if decision_cell.is_empty() {
            // No decision: nothing to read. An amount or note typed
            // without one is said, so that it is not lost unseen.
            let typed = amount_col.is_some_and(|c| !row.cell(c).is_empty())
                || note_col.is_some_and(|c| {
                    !row.cell(c).is_empty() && !is_machine_note_col(sheet, header, c)
                });
            if typed {
                out.problems.push(Problem::warning(
                    row.cell_source(dec_col),
                    ProblemKind::DecisionMissing,
                    "",
                ));
            }
            continue;
        }
        out.rows_read += 1;
        let mut errors = Vec::new();
        let written = decision_cell.display();
        let target = match table::ident(decision_cell) {
            Ok(Some(t)) => parse_target(&t).map_err(|why| {
                errors.push(Problem::error(
                    row.cell_source(dec_col),
                    ProblemKind::Decision(why),
                    &written,
                ));
            }),
            Ok(None) => Err(()),
            Err(why) => {
                errors.push(Problem::error(
                    row.cell_source(dec_col),
                    ProblemKind::Unreadable {
                        field: Field::Decision,
                        flaw: why,
                    },
                    &written,
                ));
                Err(())
            }
        };
        let payment_id = match table::ident(row.cell(id_col)) {
            Ok(Some(id)) => Some(id),
            Ok(None) => {
                errors.push(Problem::error(
                    row.cell_source(id_col),
                    ProblemKind::DecisionNoPaymentId,
                    &written,
                ));
                None
            }
            Err(why) => {
                errors.push(Problem::error(
                    row.cell_source(id_col),
                    ProblemKind::Unreadable {
                        field: Field::PaymentId,
                        flaw: why,
                    },
                    row.cell(id_col).display(),
                ));
                None
            }
        };
        let amount = match amount_col.map(|c| (c, table::amount(row.cell(c)))) {
            Some((_, Ok(a))) => a,
            Some((c, Err(why))) => {
                errors.push(Problem::error(
                    row.cell_source(c),
                    ProblemKind::Unreadable {
                        field: Field::DecisionAmount,
                        flaw: why,
                    },
                    row.cell(c).display(),
                ));
                None
            }
            None => None,
        };
        match (payment_id, target) {
            (Some(payment_id), Ok(target)) if errors.is_empty() => out.rows.push(DecisionRow {
                source: row.cell_source(dec_col),
                decided: Decided::Payment {
                    payment_id,
                    target,
                    amount,
                },
                written,
                note: note_of(row, note_col),
            }),
            _ => {
                if errors.is_empty() {
                    errors.push(Problem::error(
                        row.cell_source(dec_col),
                        ProblemKind::DecisionNotRead,
                        &written,
                    ));
                }
                unreadable(row, dec_col, true, id_col, written, errors, out);
            }
        }
    }
}

/// A decision row that could not be read: its problems, and a row that
/// says so, so that `decisions.csv` lists it too. It is not counted as
/// rejected here: the error at its row makes the summary count it so.
fn unreadable(
    row: &Row,
    decision_col: u32,
    payment: bool,
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
            about: row.cell(about_col).display(),
            why,
        },
        written,
        note: String::new(),
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
        Cell::Text(t) => matches!(fold(t).as_str(), "notitie" | "note"),
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
pub(crate) fn parse_write_off(cell: &Cell) -> Result<WriteOffWord, DecisionFlaw> {
    let t = match cell {
        Cell::Bool(false) => return Ok(WriteOffWord::Hold(String::new())),
        Cell::Bool(true) => return Ok(WriteOffWord::WriteOff),
        Cell::Text(t) => t.trim(),
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

fn read_holds(sheet: &Sheet, header: &Header<HoldField>, out: &mut FileRead<DecisionRow>) {
    let (Some(inv_col), Some(wo_col)) = (
        header.col(HoldField::Invoice),
        header.col(HoldField::WriteOff),
    ) else {
        return;
    };
    let note_col = header.col(HoldField::Note);
    for row in sheet.rows.iter().skip(header.row + 1) {
        if table::row_kind(row, header, &[inv_col, wo_col]) == RowKind::Skip {
            continue;
        }
        let cell = row.cell(wo_col);
        if cell.is_empty() {
            continue;
        }
        out.rows_read += 1;
        let written = cell.display();
        let mut errors = Vec::new();
        let word = parse_write_off(cell).map_err(|why| {
            errors.push(Problem::error(
                row.cell_source(wo_col),
                ProblemKind::Decision(why),
                &written,
            ));
        });
        let invoice = match table::ident(row.cell(inv_col)) {
            Ok(Some(n)) => Some(n),
            Ok(None) => {
                errors.push(Problem::error(
                    row.cell_source(inv_col),
                    ProblemKind::WriteOffNoInvoice,
                    &written,
                ));
                None
            }
            Err(why) => {
                errors.push(Problem::error(
                    row.cell_source(inv_col),
                    ProblemKind::Unreadable {
                        field: Field::InvoiceNumber,
                        flaw: why,
                    },
                    row.cell(inv_col).display(),
                ));
                None
            }
        };
        match (invoice, word) {
            (Some(invoice), Ok(word)) if errors.is_empty() => {
                let typed = note_of(row, note_col);
                let (decided, inline) = match word {
                    WriteOffWord::Hold(inline) => (Decided::Hold { invoice }, inline),
                    WriteOffWord::WriteOff => (Decided::WriteOff { invoice }, String::new()),
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
                });
            }
            _ => unreadable(row, wo_col, false, inv_col, written, errors, out),
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
