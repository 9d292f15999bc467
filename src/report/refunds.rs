//! Refunds as a bank file: `refunds.xml`, a SEPA credit-transfer batch
//! (ISO 20022 pain.001.001.03, which every Dutch bank accepts for upload)
//! of the refunds to make that no earlier night handed over, and
//! `refunds_new.csv`, the same refunds as a list, with those that cannot be
//! paid by file (no known account, or held by the accountant) and why. A
//! held refund is not handed over: it comes back, in full, the night its
//! hold is gone.
//!
//! A refund goes to the account the excess came from: the last client
//! payment allocated to the overpaid invoice, with the payer's name as that
//! bank wrote it (verification of payee). Handed over once, as the
//! write-offs are (`crate::history`): tonight's file holds, per invoice,
//! what is to be refunded minus what earlier files asked for and the bank
//! has not paid yet (refund debits booked on the invoice). When the bank
//! pays a refund, its debit on the next statement names the invoice, the
//! refund rule books it, and the invoice is settled.
//!
//! The schema does not check the EPC rules of the SEPA rulebook; they are
//! kept here: names at most 70 characters, remittance at most 140, ids at
//! most 35, only the EPC's basic Latin characters (others transliterated),
//! amounts above zero with two decimals, and a group header whose number
//! of transactions and control sum match the transactions.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use anyhow::Context;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::ident::{Iban, invoice_key};
use crate::money::Money;
use crate::outcome::{InvoiceOutcome, InvoiceStatus, PaymentStatus, Rule};

use super::ReportInput;
use super::csv_out::CsvOut;

/// The columns of `refunds_new.csv`.
pub const REFUND_COLUMNS: [&str; 9] = [
    "invoice_number",
    "client_id",
    "client_name",
    "amount",
    "creditor_iban",
    "creditor_name",
    "end_to_end_id",
    "in_file",
    "why_not",
];

/// Why a refund is listed but not in `refunds.xml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotInFile {
    /// No client payment with an account brought the excess (an agent's
    /// receipt, an override): the account is not invented.
    NoAccount,
    /// No account to pay from: `provider.refund_account` is not set and the
    /// configuration does not name exactly one own account.
    NoDebtorAccount,
    /// The accountant holds the refund (`Terugbetalen` / `Refund` = `nee`
    /// in a workbook saved into `decisions/`).
    Held,
}

impl NotInFile {
    /// The code in the `why_not` column.
    pub fn as_str(self) -> &'static str {
        match self {
            NotInFile::NoAccount => "no_account",
            NotInFile::NoDebtorAccount => "no_refund_account",
            NotInFile::Held => "held",
        }
    }
}

/// One refund tonight hands over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund<'a> {
    /// The overpaid invoice.
    pub invoice: &'a InvoiceOutcome,
    /// The amount to transfer tonight.
    pub amount: Money,
    /// The account the excess came from, and the name its bank gave.
    pub creditor: Option<(Iban, String)>,
    /// The transaction's end-to-end id.
    pub end_to_end_id: String,
    /// Why it is not in the file, if it is not.
    pub not_in_file: Option<NotInFile>,
}

/// The refunds to hand over tonight, by invoice number.
pub fn new_refunds<'a>(input: &'a ReportInput<'_>) -> Vec<Refund<'a>> {
    let empty = crate::history::HandedOver::default();
    let handed = input.handed.unwrap_or(&empty);
    let lines = &input.ledger.bank_lines;
    let outcomes = super::outcome_per_line(input);
    // Refund debits booked per invoice: what the bank already paid back.
    let mut refunded: BTreeMap<&str, Money> = BTreeMap::new();
    for o in input
        .recon
        .payments
        .iter()
        .filter(|o| o.rule == Rule::Refund)
    {
        for a in &o.allocations {
            *refunded.entry(a.invoice.as_str()).or_default() -= a.amount;
        }
    }
    // The lines of the overpaid invoices' payments, found in one pass.
    let mut by_id: BTreeMap<&str, usize> = input
        .recon
        .invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::Overpaid)
        .flat_map(|i| i.payments.iter().map(|p| (p.as_str(), usize::MAX)))
        .collect();
    if !by_id.is_empty() {
        for (i, l) in lines.iter().enumerate() {
            if let Some(slot) = by_id.get_mut(l.id.as_str())
                && *slot == usize::MAX
            {
                *slot = i;
            }
        }
    }
    let mut out = Vec::new();
    for inv in &input.recon.invoices {
        if inv.status != InvoiceStatus::Overpaid {
            continue;
        }
        let due = -inv.outstanding;
        let asked = handed
            .refunds
            .get(&inv.number)
            .copied()
            .unwrap_or(Money::ZERO);
        let paid_back = refunded
            .get(inv.number.as_str())
            .copied()
            .unwrap_or(Money::ZERO);
        // What earlier files asked for and the bank has not paid yet is
        // still on its way.
        let on_its_way = (asked - paid_back).max(Money::ZERO);
        let amount = (due - on_its_way).round_cents();
        if amount <= input.policy.tolerance {
            continue;
        }
        // The last client payment with an account that was allocated here.
        let creditor = inv.payments.iter().rev().find_map(|id| {
            let i = *by_id.get(id.as_str())?;
            let line = lines.get(i)?;
            let o = outcomes.get(i).copied().flatten()?;
            let client_payment = line.is_credit()
                && o.status == PaymentStatus::Allocated
                && !matches!(o.rule, Rule::Agent | Rule::Insurer);
            let iban = line.counterparty_iban.clone().filter(|_| client_payment)?;
            Some((iban, line.counterparty_name.to_string()))
        });
        let held = inv.reason.hold.as_ref().is_some_and(|h| h.refund);
        let not_in_file = match (&creditor, &input.policy.refund_account) {
            _ if held => Some(NotInFile::Held),
            (None, _) => Some(NotInFile::NoAccount),
            (Some(_), None) => Some(NotInFile::NoDebtorAccount),
            _ => None,
        };
        let mut end_to_end_id = format!(
            "TB{}{}",
            input.as_of.format("%Y%m%d"),
            epc_id(&invoice_key(&inv.number))
        );
        end_to_end_id.truncate(35);
        out.push(Refund {
            invoice: inv,
            amount,
            creditor,
            end_to_end_id,
            not_in_file,
        });
    }
    out
}

/// Writes `refunds_new.csv`.
pub(super) fn write_list(dir: &Path, refunds: &[Refund<'_>]) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "refunds_new.csv", &REFUND_COLUMNS)?;
    for r in refunds {
        out.text(&r.invoice.number)?;
        out.text(&r.invoice.client_id)?;
        out.text(&r.invoice.client_name)?;
        out.money(r.amount)?;
        out.text(r.creditor.as_ref().map_or("", |(i, _)| i.as_str()))?;
        out.text(r.creditor.as_ref().map_or("", |(_, n)| n.as_str()))?;
        out.text(&r.end_to_end_id)?;
        out.word(if r.not_in_file.is_none() { "yes" } else { "no" })?;
        out.word(r.not_in_file.map_or("", NotInFile::as_str))?;
        out.end()?;
    }
    out.finish()
}

/// Writes `refunds.xml` when there is at least one refund to put in it.
pub(super) fn write_xml(
    dir: &Path,
    input: &ReportInput<'_>,
    refunds: &[Refund<'_>],
) -> anyhow::Result<()> {
    let (Some(debtor), true) = (
        &input.policy.refund_account,
        refunds.iter().any(|r| r.not_in_file.is_none()),
    ) else {
        return Ok(());
    };
    let path = dir.join("refunds.xml");
    let bytes = pain001(input, debtor, refunds)
        .with_context(|| format!("cannot write {}", path.display()))?;
    crate::private::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// The credit-transfer batch: one payment information block of the
/// refunds that go in the file, batch booking off (one bank line per
/// refund, each naming its invoice).
pub fn pain001(
    input: &ReportInput<'_>,
    debtor: &Iban,
    refunds: &[Refund<'_>],
) -> std::io::Result<Vec<u8>> {
    let paid: Vec<&Refund<'_>> = refunds.iter().filter(|r| r.not_in_file.is_none()).collect();
    let count = paid.len().to_string();
    let sum: Money = paid.iter().map(|r| r.amount).sum();
    let sum = sum.round_cents().to_string();
    let date = input.as_of.format("%Y%m%d").to_string();
    let msg_id = format!("ZORGRECON-TB-{date}");
    let provider = epc_text(&input.policy.provider_name, 70);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let text = |w: &mut Writer<Vec<u8>>, tag: &str, value: &str| -> std::io::Result<()> {
        w.create_element(tag)
            .write_text_content(BytesText::new(value))?;
        Ok(())
    };
    w.create_element("Document")
        .with_attribute(("xmlns", "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"))
        .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
        .write_inner_content(|w| {
            w.create_element("CstmrCdtTrfInitn")
                .write_inner_content(|w| {
                    w.create_element("GrpHdr").write_inner_content(|w| {
                        text(w, "MsgId", &msg_id)?;
                        text(
                            w,
                            "CreDtTm",
                            &format!("{}T00:00:00", input.as_of.format("%Y-%m-%d")),
                        )?;
                        text(w, "NbOfTxs", &count)?;
                        text(w, "CtrlSum", &sum)?;
                        w.create_element("InitgPty")
                            .write_inner_content(|w| text(w, "Nm", &provider))?;
                        Ok(())
                    })?;
                    w.create_element("PmtInf").write_inner_content(|w| {
                        text(w, "PmtInfId", &format!("TERUGBETALINGEN-{date}"))?;
                        text(w, "PmtMtd", "TRF")?;
                        text(w, "BtchBookg", "false")?;
                        text(w, "NbOfTxs", &count)?;
                        text(w, "CtrlSum", &sum)?;
                        w.create_element("PmtTpInf").write_inner_content(|w| {
                            w.create_element("SvcLvl")
                                .write_inner_content(|w| text(w, "Cd", "SEPA"))?;
                            Ok(())
                        })?;
                        text(
                            w,
                            "ReqdExctnDt",
                            &input.as_of.format("%Y-%m-%d").to_string(),
                        )?;
                        w.create_element("Dbtr")
                            .write_inner_content(|w| text(w, "Nm", &provider))?;
                        account(w, "DbtrAcct", debtor)?;
                        // The debtor's bank is known from its IBAN in SEPA:
                        // the EPC's way of leaving the BIC out.
                        w.create_element("DbtrAgt").write_inner_content(|w| {
                            w.create_element("FinInstnId").write_inner_content(|w| {
                                w.create_element("Othr")
                                    .write_inner_content(|w| text(w, "Id", "NOTPROVIDED"))?;
                                Ok(())
                            })?;
                            Ok(())
                        })?;
                        text(w, "ChrgBr", "SLEV")?;
                        for r in &paid {
                            let Some((iban, name)) = &r.creditor else {
                                continue;
                            };
                            w.create_element("CdtTrfTxInf").write_inner_content(|w| {
                                w.create_element("PmtId").write_inner_content(|w| {
                                    text(w, "EndToEndId", &r.end_to_end_id)
                                })?;
                                w.create_element("Amt").write_inner_content(|w| {
                                    w.create_element("InstdAmt")
                                        .with_attribute(("Ccy", "EUR"))
                                        .write_text_content(BytesText::new(
                                            &r.amount.round_cents().to_string(),
                                        ))?;
                                    Ok(())
                                })?;
                                w.create_element("Cdtr").write_inner_content(|w| {
                                    let name = match epc_text(name, 70) {
                                        n if n.is_empty() => epc_text(&r.invoice.client_name, 70),
                                        n => n,
                                    };
                                    text(w, "Nm", &name)
                                })?;
                                account(w, "CdtrAcct", iban)?;
                                w.create_element("RmtInf").write_inner_content(|w| {
                                    let remittance = epc_text(
                                        &super::text::refund_remittance(&r.invoice.number),
                                        140,
                                    );
                                    text(w, "Ustrd", &remittance)
                                })?;
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.write_all(b"\n")?;
    Ok(bytes)
}

/// `<tag><Id><IBAN>…</IBAN></Id></tag>`.
fn account(w: &mut Writer<Vec<u8>>, tag: &str, iban: &Iban) -> std::io::Result<()> {
    w.create_element(tag).write_inner_content(|w| {
        w.create_element("Id").write_inner_content(|w| {
            w.create_element("IBAN")
                .write_text_content(BytesText::new(iban.as_str()))?;
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

/// `text` in the EPC's basic Latin set (`a-z A-Z 0-9 / - ? : ( ) . , ' +`
/// and space), others transliterated (`é` → `e`, `ß` → `ss`, `ø` → `o`,
/// `&` → `+`) or left out, white space folded, at most `max` characters.
pub fn epc_text(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |s: &str| out.push_str(s);
    for c in text.chars() {
        let c = crate::text::strip_accent(c);
        match c {
            'a'..='z'
            | 'A'..='Z'
            | '0'..='9'
            | '/'
            | '-'
            | '?'
            | ':'
            | '('
            | ')'
            | '.'
            | ','
            | '\''
            | '+' => {
                let mut b = [0; 4];
                push(c.encode_utf8(&mut b));
            }
            'ß' => push("ss"),
            'ø' => push("o"),
            'Ø' => push("O"),
            'æ' => push("ae"),
            'Æ' => push("AE"),
            'œ' => push("oe"),
            'Œ' => push("OE"),
            'ł' => push("l"),
            'Ł' => push("L"),
            '&' => push("+"),
            '’' | '‘' | '`' | '´' => push("'"),
            '–' | '—' | '_' => push("-"),
            c if c.is_whitespace() => push(" "),
            _ => {}
        }
    }
    let folded: Vec<&str> = out.split(' ').filter(|p| !p.is_empty()).collect();
    let mut s = folded.join(" ");
    if s.len() > max {
        s.truncate(max);
        s.truncate(s.trim_end().len());
    }
    s
}

/// An id in the EPC's id characters (no space), at most 35.
fn epc_id(text: &str) -> String {
    let mut s: String = epc_text(text, 35).chars().filter(|c| *c != ' ').collect();
    s.truncate(35);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_transliterated_into_the_epc_set() {
        assert_eq!(
            epc_text("Zoë Ørsted & Söhne Straße", 70),
            "Zoe Orsted + Sohne Strasse"
        );
        assert_eq!(epc_text("  Jan\t  de  Vries ", 70), "Jan de Vries");
        assert_eq!(epc_text("Émile “Café” <test>", 70), "Emile Cafe test");
        assert_eq!(epc_text(&"x".repeat(80), 70).len(), 70);
        assert_eq!(epc_id("F 2026/0012 é"), "F2026/0012e");
    }
}
