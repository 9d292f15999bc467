//! The invoices whose insurer's specification is missing: the list to chase
//!. The whole process waits on the client declaring the invoice
//! at the insurer; an invoice still waiting for money, without a
//! specification, and past its due date by more than
//! `policy.spec_reminder_days` is one to ask the client about.
//!
//! The same rule counts `awaiting_specification` in `clients.csv` and
//! `insurers.csv`, so the three agree.

use foldhash::{HashMap, HashMapExt};

use crate::ident::Iban;
use crate::outcome::InvoiceOutcome;

use super::ReportInput;
use super::summary::counts_as_open;

/// True when `inv` is on the list to chase: open or partially paid (money
/// is still awaited), no specification at all (an invoice whose insurer
/// reimbursed nothing has one), and more than `reminder_days` days past its
/// due date. An invoice exactly `reminder_days` past due is not yet on it.
pub fn awaits_specification(inv: &InvoiceOutcome, reminder_days: u32) -> bool {
    // `days_overdue` counts from the due date for open and partially paid
    // invoices (status.rs), 0 while not yet due.
    counts_as_open(inv.status)
        && inv.reimbursed.is_none()
        && inv.days_overdue > i64::from(reminder_days)
}

/// One invoice to chase, with the accounts its client pays from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToChase<'a> {
    /// The invoice.
    pub invoice: &'a InvoiceOutcome,
    /// The client's accounts as the register lists them, in register order,
    /// each once (empty when the register gives none).
    pub client_ibans: Vec<&'a Iban>,
}

/// Every invoice to chase, oldest first: by due date, then invoice date,
/// then number (numbers are unique, so the order is total).
pub fn list<'a>(input: &ReportInput<'a>) -> Vec<ToChase<'a>> {
    let reminder = input.policy.spec_reminder_days;
    let mut invoices: Vec<&'a InvoiceOutcome> = input
        .recon
        .invoices
        .iter()
        .filter(|i| awaits_specification(i, reminder))
        .collect();
    invoices.sort_by(|a, b| {
        (a.due_date, a.invoice_date, &a.number).cmp(&(b.due_date, b.invoice_date, &b.number))
    });
    // The register's accounts of only the clients on the list. The book
    // keys clients by their trimmed number, so the register rows are too.
    let mut ibans: HashMap<&str, Vec<&'a Iban>> = HashMap::new();
    for inv in &invoices {
        ibans.entry(inv.client_id.as_str()).or_default();
    }
    for row in &input.ledger.invoices {
        if let Some(list) = ibans.get_mut(row.client_id.trim()) {
            for iban in &row.client_ibans {
                if !list.contains(&iban) {
                    list.push(iban);
                }
            }
        }
    }
    invoices
        .into_iter()
        .map(|invoice| ToChase {
            invoice,
            client_ibans: ibans
                .get(invoice.client_id.as_str())
                .cloned()
                .unwrap_or_default(),
        })
        .collect()
}

/// The columns of `spec_missing.csv`, as the sheet shows them.
pub const SPEC_MISSING_COLUMNS: [&str; 12] = [
    "invoice_number",
    "client_id",
    "client_name",
    "client_ibans",
    "insurer",
    "invoice_date",
    "due_date",
    "days_overdue",
    "amount",
    "net",
    "paid",
    "outstanding",
];

/// Writes `spec_missing.csv`: the list to chase, oldest first, the
/// client's accounts `;`-separated.
pub(super) fn write(dir: &std::path::Path, list: &[ToChase<'_>]) -> anyhow::Result<()> {
    let mut out = super::csv_out::CsvOut::create(dir, "spec_missing.csv", &SPEC_MISSING_COLUMNS)?;
    for c in list {
        let i = c.invoice;
        out.text(&i.number)?;
        out.text(&i.client_id)?;
        out.text(&i.client_name)?;
        out.text_joined(c.client_ibans.iter().map(|x| x.as_str()), "; ")?;
        out.text(i.insurer.as_deref().unwrap_or(""))?;
        out.date(i.invoice_date)?;
        out.date(i.due_date)?;
        out.value(i.days_overdue)?;
        out.money(i.amount)?;
        out.money(i.net)?;
        out.money(i.paid)?;
        out.money(i.outstanding)?;
        out.end()?;
    }
    out.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::Policy;
    use crate::invoice::InvoiceRow;
    use crate::ledger::Ledger;
    use crate::money::Money;
    use crate::outcome::{InvoiceStatus, Reconciliation};
    use crate::source::Source;
    use chrono::{Duration, NaiveDate};

    pub(crate) fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
    }

    /// An invoice of 100.00 of `client`, `days` past due at [`as_of`]
    /// (negative: not yet due), with `days_overdue` as status.rs sets it.
    pub(crate) fn invoice(
        number: &str,
        client: &str,
        status: InvoiceStatus,
        days: i64,
        reimbursed: Option<i64>,
    ) -> InvoiceOutcome {
        let due_date = as_of() - Duration::days(days);
        let net = Money::from_cents(10_000);
        let paid = match status {
            InvoiceStatus::Open => Money::ZERO,
            InvoiceStatus::PartiallyPaid => Money::from_cents(4_000),
            InvoiceStatus::Overpaid => Money::from_cents(12_000),
            _ => reimbursed.map_or(net, Money::from_cents),
        };
        let awaited = matches!(status, InvoiceStatus::Open | InvoiceStatus::PartiallyPaid);
        let coulance = if status == InvoiceStatus::CoulanceEligible {
            net - paid
        } else {
            Money::ZERO
        };
        InvoiceOutcome {
            number: number.into(),
            client_id: client.into(),
            client_name: format!("Client {client}"),
            insurer: None,
            invoice_date: due_date - Duration::days(30),
            due_date,
            amount: net,
            credited: Money::ZERO,
            net,
            paid,
            paid_by_insurer: Money::ZERO,
            reimbursed: reimbursed.map(Money::from_cents),
            deductible: reimbursed.map(|_| Money::ZERO),
            required: reimbursed.map(Money::from_cents),
            floor_applied: false,
            status,
            coulance,
            outstanding: net - paid,
            days_overdue: if awaited { days.max(0) } else { 0 },
            payments: vec![],
            specifications: vec![],
            reason: crate::reason::Why::NothingToPay { net: Money::ZERO }.into(),
            agent: None,
            agent_reference: None,
        }
    }

    fn register_row(client: &str, iban: &str) -> InvoiceRow {
        let path: std::sync::Arc<str> = std::sync::Arc::from("invoices/r.csv");
        InvoiceRow {
            source: Source::line(&path, 2),
            number: "X".into(),
            client_id: format!(" {client} "),
            client_name: String::new(),
            amount: Money::ZERO,
            invoice_date: as_of(),
            due_date: None,
            insurer: None,
            client_ibans: Iban::parse(iban).into_iter().collect(),
            payment_reference: None,
            credit_for: None,
            agent: None,
            contact: Default::default(),
        }
    }

    fn numbers(reminder: u32, invoices: Vec<InvoiceOutcome>, ledger: &Ledger) -> Vec<String> {
        let policy = Policy {
            spec_reminder_days: reminder,
            ..Policy::default()
        };
        let recon = Reconciliation {
            invoices,
            ..Reconciliation::default()
        };
        let input = ReportInput::of(as_of(), &policy, ledger, &recon);
        list(&input)
            .iter()
            .map(|c| {
                let ibans: Vec<&str> = c.client_ibans.iter().map(|i| i.as_str()).collect();
                format!("{} {}", c.invoice.number, ibans.join(";"))
            })
            .collect()
    }

    #[test]
    fn the_list_holds_exactly_the_invoices_the_rule_names() {
        use InvoiceStatus::*;
        let invoices = vec![
            invoice("F01", "K1", Open, 14, None), // exactly at the boundary
            invoice("F02", "K1", Open, 15, None), // one day past it
            invoice("F03", "K2", PartiallyPaid, 40, None), // partially paid
            invoice("F04", "K2", Open, 90, Some(7_000)), // has a specification
            invoice("F05", "K2", Open, 90, Some(0)), // rejected: has one too
            invoice("F06", "K3", Settled, 90, None), // settled
            invoice("F07", "K3", Overpaid, 90, None), // overpaid
            invoice("F08", "K3", Open, -5, None), // not yet due
            invoice("F09", "K4", Open, 200, None), // oldest
            invoice("F10", "K4", CoulanceEligible, 90, Some(7_000)),
        ];
        let ledger = Ledger {
            invoices: vec![
                register_row("K4", "NL44RABO0000000004"),
                register_row("K4", "NL45RABO0000000005"),
                register_row("K4", "NL44RABO0000000004"),
                register_row("K2", "NL22RABO0000000002"),
                register_row("K9", "NL99RABO0000000009"),
            ],
            ..Ledger::default()
        };
        assert_eq!(
            numbers(14, invoices.clone(), &ledger),
            [
                "F09 NL44RABO0000000004;NL45RABO0000000005",
                "F03 NL22RABO0000000002",
                "F02 ",
            ]
        );
        // With the default (0) every invoice past due is on it; one due
        // today (0 days past due) is not.
        let mut with_today = invoices.clone();
        with_today.push(invoice("F11", "K1", Open, 0, None));
        assert_eq!(
            numbers(0, with_today, &ledger),
            [
                "F09 NL44RABO0000000004;NL45RABO0000000005",
                "F03 NL22RABO0000000002",
                "F02 ",
                "F01 ",
            ]
        );
        assert!(numbers(200, invoices, &ledger).is_empty());
    }

    #[test]
    fn same_due_date_goes_by_invoice_date_then_number() {
        let mut a = invoice("F2", "K1", InvoiceStatus::Open, 20, None);
        let b = invoice("F1", "K1", InvoiceStatus::Open, 20, None);
        let mut c = invoice("F0", "K1", InvoiceStatus::Open, 20, None);
        a.invoice_date -= Duration::days(1);
        c.invoice_date += Duration::days(1);
        assert_eq!(
            numbers(0, vec![c, b, a], &Ledger::default()),
            ["F2 ", "F1 ", "F0 "]
        );
    }
}
