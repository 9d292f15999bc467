//! `overrides.csv` (docs/inputs.md): the accountant's standing decisions,
//! `payment_id,invoice_number,amount,note`.
//!
//! Read through the same table layer as the other sheets, so `;` or `,`,
//! any header case, quoting and encoding are accepted (and a workbook saved
//! under the name `overrides.csv` still reads). Whether the payment and the
//! invoice exist is the core's question; here a row only has to be whole.

use std::sync::Arc;

use super::FileRead;
use super::table::{self, Aliases, RowCells};
use crate::overrides::{OverrideRow, OverrideTarget};
use crate::problem::{Field as Named, Problem, ProblemKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    PaymentId,
    InvoiceNumber,
    Amount,
    Note,
}

use Field::*;

/// Header aliases; `payment_id` folds to `payment id`.
const ALIASES: &Aliases<Field> = &[
    (
        PaymentId,
        &["payment id", "betaling id", "betalingsid", "betaling"],
    ),
    (
        InvoiceNumber,
        &["invoice number", "invoice", "factuurnummer", "factuur"],
    ),
    (Amount, &["amount", "bedrag"]),
    (
        Note,
        &["note", "notitie", "opmerking", "toelichting", "notes"],
    ),
];

/// Reads the overrides file.
pub fn read(path: &Arc<str>, bytes: &[u8]) -> FileRead<OverrideRow> {
    let (table, mut out) = match table::start(path, bytes) {
        Ok(started) => started,
        Err(unreadable) => return unreadable,
    };
    // An empty file is an accountant who has decided nothing yet.
    if table
        .sheets
        .iter()
        .all(|s| s.rows.iter().all(table::Row::is_blank))
    {
        return out;
    }
    let accept = |cols: &[(Field, u32)]| {
        cols.iter().any(|c| c.0 == PaymentId) && cols.iter().any(|c| c.0 == InvoiceNumber)
    };
    let found = table::sheets_with_header(
        path,
        &table,
        ALIASES,
        accept,
        "payment_id, invoice_number, amount, note",
        &mut out.problems,
    );
    for (sheet, header) in found {
        let (Some(id_col), Some(inv_col)) = (header.col(PaymentId), header.col(InvoiceNumber))
        else {
            continue;
        };
        for (_, row) in table::data_rows(sheet, &header, &[PaymentId]) {
            out.rows_read += 1;
            let mut r = RowCells::new(row);
            let payment_id = r.required_or(
                r.own(Some(id_col)),
                Named::PaymentId,
                table::ident,
                ProblemKind::OverrideNoPaymentId,
                None,
            );
            let target = r
                .required_or(
                    r.own(Some(inv_col)),
                    Named::InvoiceNumber,
                    table::ident,
                    ProblemKind::OverrideNoInvoice,
                    None,
                )
                .map(|t| {
                    if t.eq_ignore_ascii_case("ignore") {
                        OverrideTarget::Ignore
                    } else {
                        OverrideTarget::Invoice(t)
                    }
                });
            let amount = r.optional(r.own(header.col(Amount)), Named::Amount, table::amount);
            // The note is the last column and people write commas in it
            // without quoting: whatever follows it on the row belongs to it.
            let note = header
                .col(Note)
                .map(|c| {
                    (c..row.end_col().max(c + 1))
                        .map(|k| table::text(row.cell(k)).unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(", ")
                        .trim()
                        .to_string()
                })
                .unwrap_or_default();
            match (payment_id, target) {
                (Some(payment_id), Some(target)) if !r.failed() => {
                    out.rows.push(OverrideRow {
                        source: row.source.clone(),
                        payment_id,
                        target,
                        amount,
                        note,
                    });
                }
                _ => {
                    let mut errors = r.into_problems();
                    if errors.is_empty() {
                        errors.push(Problem::error(
                            row.source.clone(),
                            ProblemKind::OverrideNotRead,
                            "",
                        ));
                    }
                    out.problems.extend(errors);
                    out.rows_rejected += 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    fn read_text(text: &str) -> FileRead<OverrideRow> {
        read(&Arc::from("overrides.csv"), text.as_bytes())
    }

    #[test]
    fn reads_allocations_and_ignores() {
        let r = read_text(
            "Payment_ID;Invoice_Number;Amount;Note\n\
             P20260301-abc;F-1;12,50;deel van betaling\n\
             P20260302-def;IGNORE;;rente\n\
             P20260303-ghi;F-2;;\n",
        );
        assert_eq!(r.problems, vec![]);
        assert_eq!((r.rows_read, r.rows_rejected), (3, 0));
        assert_eq!(r.rows[0].payment_id, "P20260301-abc");
        assert_eq!(r.rows[0].target, OverrideTarget::Invoice("F-1".into()));
        assert_eq!(r.rows[0].amount, Some(Money::from_cents(1250)));
        assert_eq!(r.rows[0].note, "deel van betaling");
        assert_eq!(r.rows[1].target, OverrideTarget::Ignore);
        assert_eq!(r.rows[1].amount, None);
        assert_eq!(r.rows[2].note, "");
        assert_eq!(r.rows[2].source.to_string(), "overrides.csv:4");
    }

    #[test]
    fn an_unquoted_comma_in_the_note_keeps_the_whole_note() {
        let r = read_text(
            "payment_id,invoice_number,amount,note\nP1,ignore,,gift, geen clientbetaling\n",
        );
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].note, "gift, geen clientbetaling");
    }

    #[test]
    fn incomplete_rows_are_errors_at_their_cell() {
        let r = read_text(
            "payment_id,invoice_number,amount,note\n\
             ,F-1,10.00,\n\
             P1,,10.00,\n\
             P2,F-2,1.234,\n\
             P3,F-3,,ok\n",
        );
        assert_eq!((r.rows_read, r.rows_rejected), (4, 3));
        assert_eq!(r.rows.len(), 1);
        let places: Vec<String> = r.problems.iter().map(|p| p.source.to_string()).collect();
        assert_eq!(
            places,
            vec!["overrides.csv:2", "overrides.csv:3", "overrides.csv:4"]
        );
        assert!(matches!(
            r.problems[0].kind,
            ProblemKind::OverrideNoPaymentId
                | ProblemKind::Unreadable {
                    field: crate::problem::Field::PaymentId,
                    ..
                }
        ));
    }

    #[test]
    fn a_file_without_the_columns_is_one_error() {
        let r = read_text("foo,bar\n1,2\n");
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].source.to_string(), "overrides.csv");
        let r = read_text("\n");
        assert_eq!((r.rows.len(), r.problems.len()), (0, 0));
    }
}
