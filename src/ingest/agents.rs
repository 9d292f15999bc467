//! Billing agent statements (docs/inputs.md, "Billing agent statements"),
//! spreadsheet or CSV: per invoice, what the agent received from the
//! client, its fees, and the payout (batch) the money went out in.
//!
//! Layouts differ per agent and per export, so columns are found by
//! aliases, as for specifications: title rows above the header, any column
//! order, several sheets, totals rows. Which agent a file belongs to is
//! decided by the caller from its folder ([`agent_of_path`]).

use std::sync::Arc;

use super::FileRead;
use super::table::{self, Aliases, Header, RowCells, Sheet};
use crate::agent::AgentLine;
use crate::config::Policy;
use crate::money::Money;
use crate::problem::{Field as Named, Problem, ProblemKind};

/// The statement's columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    InvoiceNumber,
    PaymentReference,
    Client,
    Received,
    ReceivedDate,
    Fee,
    Payout,
    PayoutDate,
}

use Field::*;

/// Header aliases: docs/inputs.md's and common variants of agents' exports.
///
/// Collisions are settled by [`table::find_header`] (an exact folded match
/// wins over containment, then the longest alias): `Datum uitbetaling` is
/// the payout date and `Uitbetaling` the payout number; `Betaaldatum` the
/// received date and `Betaald` the amount received; `Uw kenmerk` (the
/// provider's own key) the invoice number and `Kenmerk` the payment
/// reference. `Bedrag` and `Datum` alone are no aliases: on a statement they
/// could be any amount or date.
const ALIASES: &Aliases<Field> = &[
    (
        InvoiceNumber,
        &[
            "factuurnummer",
            "notanummer",
            "nota",
            "uw referentie",
            "factuurnr",
            "factuur nr",
            "factuur",
            "notanr",
            "uw kenmerk",
            "uw factuurnummer",
            "invoice number",
            "invoice",
        ],
    ),
    (
        PaymentReference,
        &[
            "betalingskenmerk",
            "kenmerk",
            "betaalkenmerk",
            "betalingsreferentie",
            "payment reference",
        ],
    ),
    (
        Client,
        &[
            "debiteur",
            "cliënt",
            "client",
            "patiënt",
            "patient",
            "naam",
            "debiteurnaam",
            "naam debiteur",
            "klant",
            "debtor",
        ],
    ),
    (
        Received,
        &[
            "ontvangen",
            "ontvangen bedrag",
            "betaald",
            "geïnd",
            "geind",
            "geïnd bedrag",
            "bedrag ontvangen",
            "betaald bedrag",
            "ontvangst",
            "received",
            "amount received",
        ],
    ),
    (
        ReceivedDate,
        &[
            "ontvangstdatum",
            "datum ontvangst",
            "betaaldatum",
            "datum betaling",
            "betalingsdatum",
            "ontvangen op",
            "received date",
        ],
    ),
    (
        Fee,
        &[
            "kosten",
            "provisie",
            "verwerkingskosten",
            "fee",
            "fees",
            "administratiekosten",
            "transactiekosten",
            "servicekosten",
            "commissie",
        ],
    ),
    (
        Payout,
        &[
            "uitbetaling",
            "uitbetalingsnummer",
            "batch",
            "specificatienummer",
            "batchnummer",
            "uitbetaling nr",
            "uitbetalingsnr",
            "payout",
            "payout number",
        ],
    ),
    (
        PayoutDate,
        &[
            "uitbetaaldatum",
            "datum uitbetaling",
            "uitbetalingsdatum",
            "uitbetaald op",
            "payout date",
        ],
    ),
];

/// Which agent a statement in `agents/` belongs to, from its path
/// (`agents/FILE` or `agents/SUBFOLDER/…`): the configured agent its
/// subfolder names; else the only configured agent; else, with none
/// configured, the subfolder's name (or `agent`). `Err` with the problem
/// when several agents are configured and the path names none of them.
pub fn agent_of_path(rel: &str, policy: &Policy) -> Result<String, ProblemKind> {
    let parts: Vec<&str> = rel.split(['/', '\\']).collect();
    let folder = (parts.len() > 2).then(|| parts[1]);
    if let Some(name) = folder.and_then(|f| policy.agent_named(f)) {
        return Ok(name.to_string());
    }
    match policy.agents.len() {
        0 => Ok(folder.unwrap_or("agent").to_string()),
        1 => Ok(policy.agents.keys().next().cloned().unwrap_or_default()),
        _ => Err(ProblemKind::AgentUnknownForFile {
            configured: policy.agents.keys().cloned().collect(),
        }),
    }
}

/// Reads one statement of `agent`.
pub fn read(path: &Arc<str>, bytes: &[u8], agent: &str) -> FileRead<AgentLine> {
    let (table, mut out) = match table::start(path, bytes) {
        Ok(started) => started,
        Err(unreadable) => return unreadable,
    };
    let accept = |cols: &[(Field, u32)]| {
        cols.iter()
            .any(|c| matches!(c.0, InvoiceNumber | PaymentReference))
            && cols.iter().any(|c| c.0 == Received)
    };
    let found = table::sheets_with_header(
        path,
        &table,
        ALIASES,
        accept,
        "factuurnummer of betalingskenmerk, ontvangen",
        &mut out.problems,
    );
    for (sheet, header) in found {
        read_sheet(sheet, &header, agent, &mut out);
    }
    out
}

fn read_sheet(sheet: &Sheet, header: &Header<Field>, agent: &str, out: &mut FileRead<AgentLine>) {
    for (i, row) in table::data_rows(sheet, header, &[InvoiceNumber, PaymentReference]) {
        // Merged cells (a payout number or date written once for a block
        // of lines) count for every row they cover.
        let col = |f: Field| header.col(f);
        let mut r = RowCells::on_sheet(sheet, i, row);
        let filled = |f: Field| table::filled(r.own(col(f)));
        if !filled(InvoiceNumber) && !filled(PaymentReference) && !filled(Received) && !filled(Fee)
        {
            continue;
        }
        out.rows_read += 1;
        let invoice_number = r.optional(
            r.own(col(InvoiceNumber)),
            Named::InvoiceNumber,
            table::ident,
        );
        let payment_reference = r.optional(
            r.own(col(PaymentReference)),
            Named::PaymentReference,
            table::ident,
        );
        let payout = r.optional(r.merged(col(Payout)), Named::Payout, table::ident);
        let received = r.optional(r.own(col(Received)), Named::Received, table::amount);
        let fee = r
            .optional(r.own(col(Fee)), Named::Fee, table::amount)
            .unwrap_or(Money::ZERO);
        let received_date = r.optional(
            r.merged(col(ReceivedDate)),
            Named::ReceivedDate,
            table::date,
        );
        let payout_date = r.optional(r.merged(col(PayoutDate)), Named::PayoutDate, table::date);
        let client = r.merged(col(Client)).and_then(|(_, c)| table::text(c));
        let mut failed = r.failed();
        let mut problems = r.into_problems();
        if !failed && received.is_some() {
            // A receipt must say which invoice and when: else its money
            // could not be told apart from another's.
            if invoice_number.is_none() && payment_reference.is_none() {
                problems.push(Problem::error(
                    row.source.clone(),
                    ProblemKind::AgentNoInvoice,
                    received.map(|m| m.to_string()).unwrap_or_default(),
                ));
                failed = true;
            } else if received_date.or(payout_date).is_none() {
                problems.push(Problem::error(
                    row.source.clone(),
                    ProblemKind::AgentNoDate,
                    received.map(|m| m.to_string()).unwrap_or_default(),
                ));
                failed = true;
            }
        }
        out.problems.extend(problems);
        if failed || (received.is_none() && fee.is_zero()) {
            // A line of nothing but a number is no receipt and no fee.
            if !failed {
                out.rows_read -= 1;
                continue;
            }
            out.rows_rejected += 1;
            continue;
        }
        out.rows.push(AgentLine {
            source: row.source.clone(),
            agent: agent.to_string(),
            invoice_number,
            payment_reference,
            client,
            received,
            received_date,
            fee,
            payout,
            payout_date,
            line: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn read_csv(text: &str) -> FileRead<AgentLine> {
        read(
            &Arc::from("agents/infomedics.csv"),
            text.as_bytes(),
            "Infomedics",
        )
    }

    #[test]
    fn reads_a_statement_with_title_rows_and_a_totals_row() {
        let r = read_csv(
            "Infomedics B.V.;;;;;\n\
             Uitbetalingsspecificatie 2026-41;;;;;\n\
             ;;;;;\n\
             Nota;Debiteur;Ontvangstdatum;Ontvangen;Kosten;Uitbetaling\n\
             2026-0012;Jansen, A.;03-10-2026;€ 120,00;1,50;UB-2026-41\n\
             2026-0013;De Vries;04-10-2026;-40,00;0;UB-2026-41\n\
             ;;;;2,00;UB-2026-41\n\
             Totaal;;;80,00;3,50;\n",
        );
        assert_eq!(r.problems, vec![]);
        assert_eq!((r.rows_read, r.rows_rejected), (3, 0));
        let l = &r.rows[0];
        assert_eq!(l.invoice_number.as_deref(), Some("2026-0012"));
        assert_eq!(l.received, Some("120.00".parse().unwrap()));
        assert_eq!(l.fee, "1.50".parse().unwrap());
        assert_eq!(l.received_date, NaiveDate::from_ymd_opt(2026, 10, 3));
        assert_eq!(l.payout.as_deref(), Some("UB-2026-41"));
        assert_eq!(l.source.to_string(), "agents/infomedics.csv:5");
        assert_eq!(r.rows[1].received, Some("-40.00".parse().unwrap()));
        // The fee-only line is kept for its batch, with no receipt.
        assert_eq!(r.rows[2].received, None);
        assert_eq!(r.rows[2].fee, "2.00".parse().unwrap());
    }

    #[test]
    fn the_columns_are_found_by_their_names_in_any_order() {
        let r = read_csv(
            "Datum uitbetaling,Betaalkenmerk,Geïnd bedrag,Betaaldatum,Batch\n\
             2026-10-09,1234567890123456,75.00,2026-10-02,41\n",
        );
        assert_eq!(r.problems, vec![]);
        let l = &r.rows[0];
        assert_eq!(l.invoice_number, None);
        assert_eq!(l.payment_reference.as_deref(), Some("1234567890123456"));
        assert_eq!(l.payout_date, NaiveDate::from_ymd_opt(2026, 10, 9));
        assert_eq!(l.received_date, NaiveDate::from_ymd_opt(2026, 10, 2));
        assert_eq!(l.payout.as_deref(), Some("41"));
    }

    #[test]
    fn an_unreadable_or_incomplete_receipt_is_an_error_with_its_cell() {
        let r = read_csv(
            "Factuurnummer;Ontvangen;Ontvangstdatum\n\
             F1;twaalf;2026-10-01\n\
             F2;10,00;\n\
             ;10,00;2026-10-01\n\
             F4;10,00;2026-10-01\n",
        );
        assert_eq!((r.rows_read, r.rows_rejected), (4, 3));
        assert_eq!(r.rows.len(), 1);
        let at: Vec<String> = r.problems.iter().map(|p| p.source.to_string()).collect();
        assert_eq!(
            at,
            [
                "agents/infomedics.csv:2",
                "agents/infomedics.csv:3",
                "agents/infomedics.csv:4"
            ]
        );
        assert_eq!(r.problems[1].kind, ProblemKind::AgentNoDate);
        assert_eq!(r.problems[2].kind, ProblemKind::AgentNoInvoice);
    }

    #[test]
    fn the_agent_of_a_file_comes_from_its_folder() {
        let none = Policy::default();
        assert_eq!(agent_of_path("agents/x.csv", &none).unwrap(), "agent");
        assert_eq!(agent_of_path("agents/Famed/x.csv", &none).unwrap(), "Famed");
        let two = Policy::from_toml("[agents.Infomedics]\n[agents.Famed]\n").unwrap();
        assert_eq!(
            agent_of_path("agents/infomedics/2026/x.xlsx", &two).unwrap(),
            "Infomedics"
        );
        assert!(agent_of_path("agents/x.csv", &two).is_err());
        assert!(agent_of_path("agents/CM/x.csv", &two).is_err());
        let one = Policy::from_toml("[agents.Infomedics]\n").unwrap();
        assert_eq!(agent_of_path("agents/x.csv", &one).unwrap(), "Infomedics");
    }
}
