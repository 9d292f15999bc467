//! The invoice register (docs/inputs.md), CSV or spreadsheet: one row per
//! invoice or credit note, columns found by header aliases in any order.
//!
//! A row whose required cell cannot be read is an error at that cell and
//! is not an invoice; a file (or sheet) without a required column is one
//! error, because every row of it would be wrong in the same way.

use std::sync::Arc;

use super::FileRead;
use super::table::{self, Aliases, CellValue, Header, RowCells, Sheet};
use crate::ident::{Iban, parse_iban_list};
use crate::invoice::{Contact, InvoiceRow};
use crate::problem::{Field as Named, Problem, ProblemKind};
use crate::source::Source;

/// The register's columns: the values a problem can name, by the name it
/// gives them, and the contact details, which are read as text and so
/// never make a problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Value(Named),
    Email,
    Address,
    Postcode,
    City,
}

use Column::{Address, City, Email, Postcode, Value};
use Named::{
    Agent, Amount, ClientIban, ClientId, ClientName, CreditFor, DueDate, Insurer, InvoiceDate,
    InvoiceNumber, PaymentReference,
};

/// Header aliases: docs/inputs.md's, then common spellings of billing systems.
/// See [`table::find_header`] for how collisions are settled.
const ALIASES: &Aliases<Column> = &[
    (
        Value(InvoiceNumber),
        &[
            "factuurnummer",
            "notanummer",
            "invoice number",
            "factuurnr",
            "factuur nr",
            "factuur nummer",
            "notanr",
            "nota nummer",
            "factuur",
            "nota",
            "invoice",
            "invoice no",
            "invoice nr",
        ],
    ),
    (
        Value(ClientId),
        &[
            "clientnummer",
            "cliëntnummer",
            "debiteurnummer",
            "client id",
            "client nummer",
            "clientnr",
            "client nr",
            "debiteurnr",
            "debiteur nr",
            "debiteur nummer",
            "klantnummer",
            "relatienummer",
            "customer id",
        ],
    ),
    (
        Value(ClientName),
        &[
            "naam",
            "client",
            "cliënt",
            "debiteur",
            "client name",
            "clientnaam",
            "naam client",
            "debiteurnaam",
            "naam debiteur",
            "klantnaam",
            "customer name",
            "name",
        ],
    ),
    (
        Value(Amount),
        &[
            "bedrag",
            "factuurbedrag",
            "totaal",
            "amount",
            "totaalbedrag",
            "factuur bedrag",
            "bedrag incl btw",
            "total",
        ],
    ),
    (
        Value(InvoiceDate),
        &[
            "factuurdatum",
            "datum",
            "invoice date",
            "factuur datum",
            "datum factuur",
            "date",
        ],
    ),
    (
        Value(DueDate),
        &[
            "vervaldatum",
            "due date",
            "verloopdatum",
            "uiterste betaaldatum",
        ],
    ),
    (
        Value(Insurer),
        &["zorgverzekeraar", "verzekeraar", "insurer"],
    ),
    (
        Value(ClientIban),
        &[
            "iban",
            "rekeningnummer",
            "client iban",
            "iban client",
            "bankrekening",
            "bankrekeningnummer",
            "tegenrekening",
        ],
    ),
    (
        Value(PaymentReference),
        &[
            "betalingskenmerk",
            "payment reference",
            "betaalkenmerk",
            "kenmerk",
        ],
    ),
    (
        Value(CreditFor),
        &[
            "creditnota voor",
            "origineel factuurnummer",
            "credit for",
            "credit voor",
            "originele factuur",
            "oorspronkelijk factuurnummer",
            "oorspronkelijke factuur",
        ],
    ),
    (
        Value(Agent),
        &[
            "incassobureau",
            "facturatiedienst",
            "verzonden via",
            "agent",
            "billing agent",
            "factuurservice",
            "incasso via",
        ],
    ),
    (
        Email,
        &[
            "e-mail",
            "email",
            "e-mailadres",
            "emailadres",
            "e-mail adres",
        ],
    ),
    (
        Address,
        &[
            "adres",
            "straat",
            "straat en huisnummer",
            "address",
            "straat + huisnummer",
            "straatnaam en huisnummer",
        ],
    ),
    (Postcode, &["postcode", "postal code", "zip", "zip code"]),
    (City, &["woonplaats", "plaats", "city", "town"]),
];

/// Columns without which no row is an invoice.
const REQUIRED: [Named; 5] = [InvoiceNumber, ClientId, ClientName, Amount, InvoiceDate];

/// Reads one register file: CSV, xlsx, xlsm, xls or ods, all its sheets.
pub fn read(path: &Arc<str>, bytes: &[u8]) -> FileRead<InvoiceRow> {
    let (table, mut out) = match table::start(path, bytes) {
        Ok(started) => started,
        Err(unreadable) => return unreadable,
    };
    // A header must name the invoice number and one more field; the
    // missing required ones are then reported by name.
    let accept = |cols: &[(Column, u32)]| {
        cols.len() >= 2 && cols.iter().any(|c| c.0 == Value(InvoiceNumber))
    };
    let found = table::sheets_with_header(
        path,
        &table,
        ALIASES,
        accept,
        "factuurnummer, clientnummer, naam, bedrag, factuurdatum",
        &mut out.problems,
    );
    for (sheet, header) in found {
        let missing: Vec<Named> = REQUIRED
            .into_iter()
            .filter(|f| !header.has(Value(*f)))
            .collect();
        if !missing.is_empty() {
            out.problems.push(Problem::error(
                Source::file(path),
                ProblemKind::MissingColumns {
                    sheet: sheet.name.clone(),
                    fields: missing,
                },
                "",
            ));
            continue;
        }
        read_sheet(sheet, &header, &mut out);
    }
    out
}

fn read_sheet(sheet: &Sheet, header: &Header<Column>, out: &mut FileRead<InvoiceRow>) {
    for (i, row) in table::data_rows(sheet, header, &[Value(InvoiceNumber)]) {
        out.rows_read += 1;
        // Identifiers, names and dates written once over merged rows apply
        // to each of them; amounts never come from a merge.
        let col = |f: Named| header.col(Value(f));
        let mut r = RowCells::on_sheet(sheet, i, row);
        let text = |c: &CellValue| Ok(table::text(c));
        let number = r.required(r.merged(col(InvoiceNumber)), InvoiceNumber, table::ident);
        let client_id = r.required(r.merged(col(ClientId)), ClientId, table::ident);
        let client_name = r.required(r.merged(col(ClientName)), ClientName, text);
        let amount = r.required(r.own(col(Amount)), Amount, table::amount);
        let invoice_date = r.required(r.merged(col(InvoiceDate)), InvoiceDate, table::date);
        let due_date = r.optional_or_warn(r.merged(col(DueDate)), DueDate, table::date);
        let insurer = r.optional_or_warn(r.merged(col(Insurer)), Insurer, text);
        let ibans = r.optional_or_warn(r.merged(col(ClientIban)), ClientIban, text);
        let reference = r.merged(col(PaymentReference));
        let payment_reference = r.optional_or_warn(reference, PaymentReference, table::ident);
        let credit_for = r.optional_or_warn(r.merged(col(CreditFor)), CreditFor, table::ident);
        let agent = r.optional_or_warn(r.merged(col(Agent)), Agent, text);
        // Text read as text never fails, so these raise no problem.
        let text = |c: Column| r.merged(header.col(c)).and_then(|(_, c)| table::text(c));
        let contact = Contact {
            email: text(Email),
            address: text(Address),
            postcode: text(Postcode),
            city: text(City),
        };
        let failed = r.failed();
        out.problems.extend(r.into_problems());
        let (
            false,
            Some(number),
            Some(client_id),
            Some(client_name),
            Some(amount),
            Some(invoice_date),
        ) = (failed, number, client_id, client_name, amount, invoice_date)
        else {
            out.rows_rejected += 1;
            continue;
        };
        let client_ibans = ibans.as_deref().map(parse_iban_list).unwrap_or_default();
        if let Some(col) = col(ClientIban) {
            for iban in client_ibans.iter().filter(|i| looks_like_bad_iban(i)) {
                out.problems.push(Problem::warning(
                    row.cell_source(col),
                    ProblemKind::BadClientIban,
                    iban.as_str(),
                ));
            }
        }
        if let (Some(_), false, Some(col)) = (&credit_for, amount.is_negative(), col(Amount)) {
            out.problems.push(Problem::warning(
                row.cell_source(col),
                ProblemKind::CreditNoteNotNegative,
                row.cell(col).display(),
            ));
        }
        out.rows.push(InvoiceRow {
            source: row.source.clone(),
            number,
            client_id,
            client_name,
            amount,
            invoice_date,
            due_date,
            insurer,
            client_ibans,
            payment_reference,
            credit_for,
            agent,
            contact,
        });
    }
}

/// An account that claims to be an IBAN (two letters, two digits) but fails
/// its check. Old domestic account numbers (digits only) are left alone.
fn looks_like_bad_iban(iban: &Iban) -> bool {
    let s = iban.as_str().as_bytes();
    s.len() >= 4
        && s[..2].iter().all(u8::is_ascii_alphabetic)
        && s[2..4].iter().all(u8::is_ascii_digit)
        && !iban.is_valid_iban()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::problem::Flaw;
    use crate::problem::Severity;
    use chrono::NaiveDate;

    fn read_csv(text: &str) -> FileRead<InvoiceRow> {
        read(&Arc::from("invoices/r.csv"), text.as_bytes())
    }

    #[test]
    fn reads_a_semicolon_register_with_credit_notes_and_iban_lists() {
        let r = read_csv(
            "Factuurnummer;Cliëntnummer;Naam;Bedrag;Factuurdatum;Vervaldatum;IBAN;Creditnota voor;Betalingskenmerk\n\
             F-2026-001;C1;Jansen;€ 1.234,56;01-03-2026;;\"NL91ABNA0417164300; NL44RABO0123456789\";;5000056789012345\n\
             C-2026-002;C1;Jansen;-100,00;2026-03-15;14-04-2026;;f-2026-001;\n",
        );
        assert_eq!(r.format, "csv");
        assert_eq!(r.problems, vec![]);
        assert_eq!((r.rows_read, r.rows_rejected), (2, 0));
        let a = &r.rows[0];
        assert_eq!(a.number, "F-2026-001");
        assert_eq!(a.client_id, "C1");
        assert_eq!(a.amount, Money::from_cents(123456));
        assert_eq!(a.invoice_date, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        assert_eq!(a.client_ibans.len(), 2);
        assert_eq!(a.payment_reference.as_deref(), Some("5000056789012345"));
        assert_eq!(a.source.to_string(), "invoices/r.csv:2");
        let c = &r.rows[1];
        assert_eq!(c.amount, Money::from_cents(-10000));
        assert_eq!(c.credit_for.as_deref(), Some("f-2026-001"));
        assert_eq!(c.due_date, NaiveDate::from_ymd_opt(2026, 4, 14));
    }

    #[test]
    fn bad_required_cells_reject_the_row_with_the_cell_named() {
        let r = read_csv(
            "invoice number,client id,client name,amount,invoice date\n\
             F1,C1,A,1.234,2026-03-01\n\
             F2,C2,B,10.00,31-02-2026\n\
             F3,,C,10.00,2026-03-01\n\
             F4,C4,D,10.00,2026-03-01\n\
             Total,,,40.00,\n",
        );
        assert_eq!((r.rows_read, r.rows_rejected), (4, 3));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].number, "F4");
        let msgs: Vec<(String, &ProblemKind)> = r
            .problems
            .iter()
            .map(|p| (p.source.to_string(), &p.kind))
            .collect();
        let unreadable = |field, flaw| ProblemKind::Unreadable { field, flaw };
        assert_eq!(
            msgs[0],
            (
                "invoices/r.csv:2".into(),
                &unreadable(Named::Amount, Flaw::AmbiguousAmount)
            )
        );
        assert_eq!(
            msgs[1],
            (
                "invoices/r.csv:3".into(),
                &unreadable(Named::InvoiceDate, Flaw::NotADate)
            )
        );
        assert_eq!(
            msgs[2],
            (
                "invoices/r.csv:4".into(),
                &ProblemKind::Missing(Named::ClientId)
            )
        );
        assert!(r.problems.iter().all(|p| p.severity == Severity::Error));
    }

    #[test]
    fn a_missing_required_column_is_one_error_for_the_file() {
        let r = read_csv("Factuurnummer;Naam;Bedrag\nF1;A;10,00\nF2;B;12,00\n");
        assert_eq!(r.rows.len(), 0);
        assert_eq!(r.rows_read, 0);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].source.to_string(), "invoices/r.csv");
        assert!(matches!(
            &r.problems[0].kind,
            ProblemKind::MissingColumns { fields, .. }
                if fields == &[Named::ClientId, Named::InvoiceDate]
        ));
    }

    #[test]
    fn optional_cells_that_cannot_be_read_are_warnings() {
        let r = read_csv(
            "Factuurnummer;Debiteurnummer;Debiteur;Factuurbedrag;Datum;Vervaldatum;Rekeningnummer\n\
             F1;7;A;10;1-3-2026;later;NL91ABNA0417164301\n",
        );
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].due_date, None);
        assert_eq!(r.problems.len(), 2);
        assert!(r.problems.iter().all(|p| p.severity == Severity::Warning));
        assert_eq!(r.problems[0].source.to_string(), "invoices/r.csv:2");
    }

    #[test]
    fn address_columns_are_read_by_their_aliases_when_present() {
        let r = read_csv(
            "Factuurnummer;Cliëntnummer;Naam;Bedrag;Factuurdatum;E-mailadres;Straat en huisnummer;Postcode;Woonplaats\n\
             F1;C1;Jansen;10,00;01-03-2026;j@example.nl; Dorpsstraat 1 ;1234 AB;Utrecht\n\
             F2;C2;Bakker;12,00;01-03-2026;;;;\n",
        );
        assert_eq!(r.problems, vec![]);
        let c = &r.rows[0].contact;
        assert_eq!(c.email.as_deref(), Some("j@example.nl"));
        assert_eq!(c.address.as_deref(), Some("Dorpsstraat 1"));
        assert_eq!(c.postcode.as_deref(), Some("1234 AB"));
        assert_eq!(c.city.as_deref(), Some("Utrecht"));
        assert!(r.rows[1].contact.is_empty());
        let r = read_csv(
            "invoice number,client id,client name,amount,invoice date,email,address,postal code,city\nF1,C1,A,1.00,2026-03-01,a@b.nl,Main St 1,1000 AA,Amsterdam\n",
        );
        assert_eq!(r.rows[0].contact.city.as_deref(), Some("Amsterdam"));
        assert_eq!(r.rows[0].contact.postcode.as_deref(), Some("1000 AA"));
        assert_eq!(r.rows[0].contact.address.as_deref(), Some("Main St 1"));
        let r = read_csv(
            "Factuurnummer;Debiteurnummer;Debiteur;Bedrag;Datum;E-mail;Adres;Plaats\nF1;7;A;10;1-3-2026;x@y.nl;Kerkweg 2;Zeist\n",
        );
        assert_eq!(r.rows[0].contact.email.as_deref(), Some("x@y.nl"));
        assert_eq!(r.rows[0].contact.city.as_deref(), Some("Zeist"));
    }

    #[test]
    fn garbage_is_one_file_error() {
        let r = read(&Arc::from("invoices/x.xlsx"), b"PK\x03\x04\x00\x00broken");
        assert_eq!(r.rows.len(), 0);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].severity, Severity::Error);
    }
}
