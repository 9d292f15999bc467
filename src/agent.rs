//! The billing agent's statements (docs/inputs.md, "Billing agent
//! statements"): a facturatiedienst sends the invoices on the provider's
//! behalf, the client pays the agent, and the agent pays the provider out
//! in batches with a statement listing what it received per invoice.
//!
//! A statement line is an [`AgentLine`]. Each line with a received amount
//! is also a payment: `ingest` adds it to the bank lines as a [`BankLine`]
//! on the agent's "account" (its name), so that it is decided, reported and
//! counted as every other payment, and links the two by
//! [`AgentLine::line`].

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use crate::ident::invoice_key;
use crate::money::Money;
use crate::payment::{BankLine, Shared, push_hex};
use crate::source::Source;
use crate::text::Text;

/// One line of an agent's statement, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentLine {
    /// Where the line was read: `agents/FILE:LINE` or `agents/FILE:Sheet!ROW`.
    pub source: Source,
    /// The agent, as configured (or the subfolder's name).
    pub agent: String,
    /// The invoice number as the statement writes it.
    pub invoice_number: Option<String>,
    /// The payment reference as the statement writes it.
    pub payment_reference: Option<String>,
    /// The client (debtor) as the statement names them.
    pub client: Option<String>,
    /// What the agent received from the client on this invoice (negative:
    /// taken back); `None` on a line of fees only.
    pub received: Option<Money>,
    /// When the agent received it.
    pub received_date: Option<NaiveDate>,
    /// The agent's fees on this line (0 when the statement gives none).
    pub fee: Money,
    /// The payout (batch) number.
    pub payout: Option<String>,
    /// The payout date.
    pub payout_date: Option<NaiveDate>,
    /// Index of this line's payment in `Ledger::bank_lines`, set by
    /// `ingest` for a line with a received amount.
    pub line: Option<usize>,
}

impl AgentLine {
    /// The date the payment counts from: when it was received, else the
    /// payout date.
    pub fn date(&self) -> Option<NaiveDate> {
        self.received_date.or(self.payout_date)
    }

    /// True when the line is a payment: a received amount and a date.
    pub fn is_receipt(&self) -> bool {
        self.received.is_some() && self.date().is_some()
    }

    /// The payment this line is, when it has a received amount and a date:
    /// on the agent's account, the client as counterparty, the invoice
    /// number (or payment reference) as description and the payout number
    /// as the bank's reference. Its id is given by [`assign_ids`].
    pub fn payment(&self) -> Option<BankLine> {
        let amount = self.received?;
        let date = self.date()?;
        let description = match (&self.invoice_number, &self.payment_reference) {
            (Some(n), Some(r)) => format!("{n} {r}"),
            (Some(n), None) => n.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => String::new(),
        };
        Some(BankLine {
            id: Text::default(),
            source: self.source.clone(),
            account: Shared::from(self.agent.as_str()),
            booking_date: date,
            value_date: None,
            amount,
            counterparty_iban: None,
            counterparty_name: Text::from(self.client.as_deref().unwrap_or("")),
            description: Text::from(description.as_str()),
            references: self
                .payment_reference
                .iter()
                .map(|r| Text::from(r.as_str()))
                .collect(),
            bank_reference: self.payout.as_deref().map(Text::from),
            return_info: None,
        })
    }

    /// What makes two statement lines the same receipt, whatever the
    /// layout of the statement: agent, date, amount, invoice (number in
    /// comparison form, else the reference), payout and fee. The client's
    /// name is left out: two layouts write it differently.
    fn identity(&self, buf: &mut String) {
        use std::fmt::Write;
        buf.clear();
        let invoice = self
            .invoice_number
            .as_deref()
            .map(invoice_key)
            .or_else(|| self.payment_reference.as_deref().map(invoice_key))
            .unwrap_or_default();
        // Amounts in their normal form: `200,00` in a CSV and `200` in a
        // spreadsheet are the same money.
        let amount = |m: Option<Money>| m.map(|m| m.decimal().normalize().to_string());
        let _ = write!(
            buf,
            "{}\u{1f}{:?}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{:?}",
            crate::text::fold(&self.agent),
            self.date(),
            amount(self.received).unwrap_or_default(),
            invoice,
            self.payout.as_deref().map(invoice_key).unwrap_or_default(),
            amount(Some(self.fee)).unwrap_or_default(),
            self.payout_date,
        );
    }
}

/// Gives the payments of one statement file their stable ids:
/// `A<date>-<fingerprint of the receipt>`, and `-2`, `-3` … for the second
/// and later identical receipt in the same file, so that a repeated line in
/// a later, overlapping statement gets the same id and is counted once,
/// while two identical receipts in one statement stay two. `lines` are the
/// statement's lines and `payments` their payments, in the same order.
pub fn assign_ids(lines: &[AgentLine], payments: &mut [BankLine]) {
    use std::fmt::Write;
    let mut seen: foldhash::HashMap<[u8; 6], u32> =
        foldhash::HashMapExt::with_capacity(payments.len());
    let mut buf = String::new();
    for (line, payment) in lines
        .iter()
        .filter(|l| l.is_receipt())
        .zip(payments.iter_mut())
    {
        line.identity(&mut buf);
        let digest = Sha256::digest(buf.as_bytes());
        let mut bytes = [0u8; 6];
        bytes.copy_from_slice(&digest[..6]);
        let n = seen.entry(bytes).or_insert(0);
        *n += 1;
        let date = payment.booking_date;
        let mut id = String::with_capacity(24);
        let _ = write!(
            id,
            "A{:04}{:02}{:02}-",
            date.year().clamp(0, 9999),
            date.month(),
            date.day()
        );
        push_hex(&mut id, &bytes);
        if *n > 1 {
            let _ = write!(id, "-{n}");
        }
        payment.id = Text::from(id.as_str());
    }
}

/// The batch (payout) a statement line belongs to: the agent's payout
/// number; without one, the statement file and its payout date. Receipts
/// and fee-only lines of one batch share its key, also across statements.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BatchKey {
    /// The agent.
    pub agent: String,
    /// The payout number in comparison form, or `None`.
    pub payout: Option<String>,
    /// Without a payout number: the file, and the payout date if any.
    pub file: Option<String>,
    /// Without a payout number: the payout date.
    pub date: Option<NaiveDate>,
}

impl BatchKey {
    /// The batch `line` belongs to.
    pub fn of(line: &AgentLine) -> BatchKey {
        match line.payout.as_deref().map(invoice_key) {
            Some(p) if !p.is_empty() => BatchKey {
                agent: line.agent.clone(),
                payout: Some(p),
                file: None,
                date: None,
            },
            _ => BatchKey {
                agent: line.agent.clone(),
                payout: None,
                file: Some(line.source.path.to_string()),
                date: line.payout_date,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn line(file: &str, n: u64, invoice: &str, received: &str, client: &str) -> AgentLine {
        AgentLine {
            source: Source::line(&Arc::from(file), n),
            agent: "Infomedics".into(),
            invoice_number: Some(invoice.into()),
            payment_reference: None,
            client: Some(client.into()),
            received: Some(received.parse().unwrap()),
            received_date: NaiveDate::from_ymd_opt(2026, 10, 5),
            fee: Money::ZERO,
            payout: Some("UB-2026-41".into()),
            payout_date: NaiveDate::from_ymd_opt(2026, 10, 9),
            line: None,
        }
    }

    fn ids(lines: &[AgentLine]) -> Vec<String> {
        let mut payments: Vec<BankLine> = lines.iter().filter_map(AgentLine::payment).collect();
        assign_ids(lines, &mut payments);
        payments.iter().map(|p| p.id.to_string()).collect()
    }

    #[test]
    fn a_receipt_has_the_same_id_in_any_layout_and_twins_stay_apart() {
        let a = ids(&[
            line("agents/a.csv", 5, "2026-0012", "120.00", "Jansen, A."),
            line("agents/a.csv", 6, "2026-0012", "120.00", "Jansen, A."),
        ]);
        let b = ids(&[line("agents/b.xlsx", 9, "2026.0012", "120", "A. Jansen")]);
        assert_eq!(a[0], b[0]);
        assert_eq!(a[1], format!("{}-2", a[0]));
        assert!(a[0].starts_with("A20261005-"), "{}", a[0]);
    }

    #[test]
    fn a_fee_only_line_is_no_payment() {
        let mut l = line("agents/a.csv", 5, "2026-0012", "1", "x");
        l.received = None;
        l.fee = "2.50".parse().unwrap();
        assert!(l.payment().is_none());
        assert_eq!(ids(&[l]), Vec::<String>::new());
    }

    #[test]
    fn a_batch_is_its_payout_number_else_its_file_and_date() {
        let l = line("agents/a.csv", 5, "2026-0012", "1", "x");
        let mut m = line("agents/b.csv", 7, "2026-0013", "1", "y");
        m.payout = Some("ub 2026/41".into());
        assert_eq!(BatchKey::of(&l), BatchKey::of(&m));
        m.payout = None;
        let k = BatchKey::of(&m);
        assert_eq!(k.file.as_deref(), Some("agents/b.csv"));
        assert_ne!(BatchKey::of(&l), k);
    }
}
