//! Letters to clients: `letters.csv` for mail merge and the
//! workbook's `Brieven` / `Letters` sheet. One row per client and letter
//! kind, every invoice of that kind in it. Decides nothing about the
//! invoices; it reads their status, days overdue and outstanding amount
//! and sorts them into letters by `[letters]` (docs/configuration.md).
//!
//! Which letter: each open or partially paid invoice with something
//! outstanding is in at most one letter, the furthest step it has
//! reached on the ladder
//!
//! 1. `final_notice`: more than `letters.final_notice_days` past due;
//! 2. `reminder`: more than `letters.reminder_days` past due;
//! 3. `specification_request`: on the chase list
//!    ([`super::spec_missing::awaits_specification`]: no specification, more than
//!    `policy.spec_reminder_days` past due).
//!
//! Left out: invoices that go through a billing agent (the agent reminds),
//! invoices whose write-off the accountant holds, and letters whose
//! invoices add up to less than `letters.minimum`. A client who is owed a
//! refund (overpaid invoices) gets no reminder or final notice when the
//! refund is at least what the letter asks; a smaller refund is said in
//! the letter (`refund_due` and `note`).
//!
//! `pay_by` is the as-of date plus `letters.delivery_days` (the letter
//! arrives) plus 14 days counted from the day after it arrives (art. 6:96
//! lid 6 BW), moved to the Monday when it falls on a Saturday or Sunday
//! (Algemene termijnenwet). Collection costs follow the BIK scale over the
//! letter's summed principal, on final notices only and only when
//! `letters.collection_costs` is on.

pub(crate) mod kind;

pub use kind::LetterKind;

use std::path::Path;

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use foldhash::{HashMap, HashMapExt};
use rust_decimal::Decimal;

use crate::invoice::Contact;
use crate::money::Money;
use crate::outcome::{InvoiceOutcome, InvoiceStatus};

use super::csv_out::{push_date, push_money};
use super::spec_missing::awaits_specification;
use super::summary::counts_as_open;
use super::{Lang, ReportInput};

/// The columns of `letters.csv`.
pub const LETTER_COLUMNS: [&str; 28] = [
    "letter",
    "letter_date",
    "letter_date_text",
    "client_id",
    "client_name",
    "email",
    "address",
    "postcode",
    "city",
    "invoices",
    "invoice_count",
    "oldest_due_date",
    "oldest_due_date_text",
    "days_overdue",
    "principal",
    "principal_text",
    "collection_costs",
    "collection_costs_text",
    "total",
    "total_text",
    "pay_by",
    "pay_by_text",
    "payment_reference",
    "provider_iban",
    "refund_due",
    "refund_due_text",
    "note",
    "consequences",
];

/// The days a consumer has to pay after the day of receipt (art. 6:96
/// lid 6 BW).
pub const TERM_DAYS: i64 = 14;

/// One letter: a client and the invoices of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letter<'a> {
    /// The kind.
    pub kind: LetterKind,
    /// Client number.
    pub client_id: &'a str,
    /// Client name.
    pub client_name: &'a str,
    /// How the register addresses the client.
    pub contact: Contact,
    /// Its invoices, oldest due date first.
    pub invoices: Vec<&'a InvoiceOutcome>,
    /// The oldest due date among them.
    pub oldest_due_date: NaiveDate,
    /// The most days overdue among them.
    pub days_overdue: i64,
    /// Their summed outstanding amount.
    pub principal: Money,
    /// Collection costs (BIK) on a final notice when configured, else 0.
    pub collection_costs: Money,
    /// principal + collection costs: what is owed when the principal is not
    /// paid by `pay_by` (the costs are owed only then).
    pub total: Money,
    /// Pay (or answer) by this date.
    pub pay_by: NaiveDate,
    /// What to quote when paying: the invoice's payment reference for a
    /// letter of one invoice that has one, else the invoice numbers.
    pub payment_reference: String,
    /// What the provider owes the client on overpaid invoices.
    pub refund_due: Money,
}

/// Collection costs by the BIK scale (Besluit vergoeding voor
/// buitengerechtelijke incassokosten, art. 2) over `principal`: 15 % of
/// the first €2,500, 10 % of the next €2,500, 5 % of the next €5,000, 1 %
/// of the next €190,000, 0.5 % above; at least €40, at most €6,775;
/// rounded to cents half away from zero. Nothing on nothing owed.
pub fn bik(principal: Money) -> Money {
    if !principal.is_positive() {
        return Money::ZERO;
    }
    let p = principal.decimal();
    let tiers: [(i64, i64); 5] = [
        (2_500, 150),
        (2_500, 100),
        (5_000, 50),
        (190_000, 10),
        (i64::MAX, 5),
    ];
    let mut rest = p;
    let mut costs = Decimal::ZERO;
    for (width, per_mille) in tiers {
        if rest <= Decimal::ZERO {
            break;
        }
        let part = if width == i64::MAX {
            rest
        } else {
            rest.min(Decimal::from(width))
        };
        costs += part * Decimal::new(per_mille, 3);
        rest -= part;
    }
    let costs = costs.max(Decimal::from(40)).min(Decimal::from(6_775));
    Money::new(costs).round_cents()
}

/// The date a letter written on `as_of` asks to be paid by: received
/// `delivery_days` later, then 14 days from the day after receipt, moved
/// past a weekend.
pub fn pay_by(as_of: NaiveDate, delivery_days: u32) -> NaiveDate {
    let received = as_of + Duration::days(i64::from(delivery_days));
    let last = received + Duration::days(TERM_DAYS);
    match last.weekday() {
        Weekday::Sat => last + Duration::days(2),
        Weekday::Sun => last + Duration::days(1),
        _ => last,
    }
}

/// The letter an invoice belongs in, if any, by days overdue alone (the
/// caller leaves out agents, holds and the minimum).
pub fn kind_of(inv: &InvoiceOutcome, input: &ReportInput<'_>) -> Option<LetterKind> {
    if !counts_as_open(inv.status) || !inv.outstanding.is_positive() {
        return None;
    }
    let l = &input.policy.letters;
    let days = inv.days_overdue;
    if days > i64::from(l.final_notice_days) {
        Some(LetterKind::FinalNotice)
    } else if days > i64::from(l.reminder_days) {
        Some(LetterKind::Reminder)
    } else if awaits_specification(inv, input.policy.spec_reminder_days) {
        Some(LetterKind::SpecificationRequest)
    } else {
        None
    }
}

/// Every letter of the morning: by kind (specification requests,
/// reminders, final notices), then client number.
pub fn list<'a>(input: &ReportInput<'a>) -> Vec<Letter<'a>> {
    let recon = input.recon;
    let held = &recon.held;
    let mut groups: HashMap<(LetterKind, &'a str), Vec<&'a InvoiceOutcome>> = HashMap::new();
    let mut refunds: HashMap<&'a str, Money> = HashMap::new();
    for (i, inv) in recon.invoices.iter().enumerate() {
        if inv.status == InvoiceStatus::Overpaid {
            *refunds.entry(inv.client_id.as_str()).or_insert(Money::ZERO) -= inv.outstanding;
        }
        if inv.agent.is_some() || held.binary_search(&i).is_ok() {
            continue;
        }
        if let Some(kind) = kind_of(inv, input) {
            groups
                .entry((kind, inv.client_id.as_str()))
                .or_default()
                .push(inv);
        }
    }
    let mut keys: Vec<(LetterKind, &'a str)> = groups.keys().copied().collect();
    keys.sort_unstable();
    let contacts = contacts(input, &keys);
    let references = references(input, &groups);
    let l = &input.policy.letters;
    let due = pay_by(input.as_of, l.delivery_days);
    let mut letters = Vec::with_capacity(keys.len());
    for key in keys {
        let Some(mut invoices) = groups.remove(&key) else {
            continue;
        };
        invoices.sort_by(|a, b| {
            (a.due_date, a.invoice_date, &a.number).cmp(&(b.due_date, b.invoice_date, &b.number))
        });
        let principal: Money = invoices.iter().map(|i| i.outstanding).sum();
        if principal < l.minimum {
            continue;
        }
        let refund_due = refunds.get(key.1).copied().unwrap_or(Money::ZERO);
        if key.0 != LetterKind::SpecificationRequest && refund_due >= principal {
            continue;
        }
        let collection_costs = if key.0 == LetterKind::FinalNotice && l.collection_costs {
            bik(principal)
        } else {
            Money::ZERO
        };
        let first = invoices[0];
        let payment_reference = match invoices.as_slice() {
            [one] => references
                .get(one.number.as_str())
                .map_or_else(|| one.number.clone(), |r| (*r).to_string()),
            many => many
                .iter()
                .map(|i| i.number.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        };
        letters.push(Letter {
            kind: key.0,
            client_id: &first.client_id,
            client_name: &first.client_name,
            contact: contacts.get(key.1).cloned().unwrap_or_default(),
            oldest_due_date: first.due_date,
            days_overdue: invoices.iter().map(|i| i.days_overdue).max().unwrap_or(0),
            principal,
            collection_costs,
            total: principal + collection_costs,
            pay_by: due,
            payment_reference,
            refund_due,
            invoices,
        });
    }
    letters
}

/// The register's address of each client with a letter: per field the
/// value of the client's latest invoice row (invoice date, then register
/// order) that gives one. The book keys clients by their trimmed number.
fn contacts<'a>(
    input: &ReportInput<'a>,
    keys: &[(LetterKind, &'a str)],
) -> HashMap<&'a str, Contact> {
    type Dated<'r> = Option<(NaiveDate, &'r str)>;
    let mut found: HashMap<&'a str, [Dated<'a>; 4]> = HashMap::new();
    for (_, client) in keys {
        found.entry(client).or_default();
    }
    for row in &input.ledger.invoices {
        let Some(slots) = found.get_mut(row.client_id.trim()) else {
            continue;
        };
        let c = &row.contact;
        for (slot, value) in slots
            .iter_mut()
            .zip([&c.email, &c.address, &c.postcode, &c.city])
        {
            if let Some(v) = value
                && slot.is_none_or(|(d, _)| row.invoice_date >= d)
            {
                *slot = Some((row.invoice_date, v.as_str()));
            }
        }
    }
    found
        .into_iter()
        .map(|(client, [email, address, postcode, city])| {
            let s = |v: Dated<'_>| v.map(|(_, t)| t.to_string());
            (
                client,
                Contact {
                    email: s(email),
                    address: s(address),
                    postcode: s(postcode),
                    city: s(city),
                },
            )
        })
        .collect()
}

/// The register's payment reference of every invoice in a letter of one
/// invoice.
fn references<'a>(
    input: &ReportInput<'a>,
    groups: &HashMap<(LetterKind, &'a str), Vec<&'a InvoiceOutcome>>,
) -> HashMap<&'a str, &'a str> {
    let mut wanted: HashMap<&'a str, &'a str> = HashMap::new();
    for list in groups.values() {
        if let [one] = list.as_slice() {
            wanted.insert(one.number.as_str(), "");
        }
    }
    for row in &input.ledger.invoices {
        if row.credit_for.is_some() {
            continue;
        }
        if let (Some(slot), Some(r)) = (
            wanted.get_mut(row.number.as_str()),
            row.payment_reference.as_deref(),
        ) && slot.is_empty()
        {
            *slot = r;
        }
    }
    wanted.retain(|_, r| !r.is_empty());
    wanted
}

/// An amount as a letter prints it: `€ 1.234,50` in Dutch, `€1,234.50` in
/// English.
pub fn money_text(m: Money, lang: Lang) -> String {
    let mut plain = String::new();
    push_money(&mut plain, m.round_cents());
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain.as_str()),
    };
    let (whole, cents) = digits.split_once('.').unwrap_or((digits, "00"));
    let super::text::MoneyMarks {
        group,
        decimal,
        prefix,
    } = super::text::money_marks(lang);
    let mut out = String::with_capacity(plain.len() + 8);
    if negative {
        out.push('-');
    }
    out.push_str(prefix);
    let len = whole.len();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(group);
        }
        out.push(ch);
    }
    out.push(decimal);
    out.push_str(cents);
    out
}

/// A date as a letter prints it: `20 november 2026` in Dutch, `20 November
/// 2026` in English.
pub fn date_text(d: NaiveDate, lang: Lang) -> String {
    let month = super::text::month(d.month0(), lang);
    format!("{} {month} {}", d.day(), d.year())
}

/// The letter's note: the refund the provider owes, when there is one.
pub fn note(letter: &Letter<'_>, lang: Lang) -> String {
    if !letter.refund_due.is_positive() {
        return String::new();
    }
    super::text::refund_note(&money_text(letter.refund_due, lang), lang)
}

/// What a final notice with collection costs must say (art. 6:96 lid 6
/// BW): the costs are owed only when the principal is not paid by
/// `pay_by`. Empty for other letters and without costs.
pub fn consequences(letter: &Letter<'_>, lang: Lang) -> String {
    if letter.kind != LetterKind::FinalNotice || !letter.collection_costs.is_positive() {
        return String::new();
    }
    let principal = money_text(letter.principal, lang);
    let costs = money_text(letter.collection_costs, lang);
    let total = money_text(letter.total, lang);
    let date = date_text(letter.pay_by, lang);
    super::text::consequences(&principal, &date, &costs, &total, lang)
}

/// The invoice numbers of a letter, `;`-separated.
pub fn invoice_numbers(letter: &Letter<'_>) -> String {
    letter
        .invoices
        .iter()
        .map(|i| i.number.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The byte-order mark that makes Excel read a CSV file as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `letters.csv`: UTF-8 with a BOM, `;`-separated, so Dutch Excel
/// and Word's mail merge open it as columns. Text cells are escaped
/// against formulas as in every CSV of the job.
pub(super) fn write(
    dir: &Path,
    input: &ReportInput<'_>,
    letters: &[Letter<'_>],
) -> anyhow::Result<()> {
    use std::io::Write as _;
    let name = "letters.csv";
    let path = dir.join(name);
    let mut file = crate::private::create_file(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(BOM)
        .with_context(|| format!("cannot write {name}"))?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(file);
    let fail = || format!("cannot write {name}");
    w.write_record(LETTER_COLUMNS).with_context(fail)?;
    let lang = input.lang;
    let iban = input
        .policy
        .letters
        .iban
        .as_ref()
        .map_or("", |i| i.as_str());
    let money = |m: Money| {
        let mut s = String::new();
        push_money(&mut s, m);
        s
    };
    let date = |d: NaiveDate| {
        let mut s = String::new();
        push_date(&mut s, d);
        s
    };
    let text = |t: &str| super::csv_out::escape_text(t).into_owned();
    let opt = |t: &Option<String>| text(t.as_deref().unwrap_or(""));
    for l in letters {
        let record: [String; LETTER_COLUMNS.len()] = [
            l.kind.as_str().to_string(),
            date(input.as_of),
            date_text(input.as_of, lang),
            text(l.client_id),
            text(l.client_name),
            opt(&l.contact.email),
            opt(&l.contact.address),
            opt(&l.contact.postcode),
            opt(&l.contact.city),
            text(&invoice_numbers(l)),
            l.invoices.len().to_string(),
            date(l.oldest_due_date),
            date_text(l.oldest_due_date, lang),
            l.days_overdue.to_string(),
            money(l.principal),
            money_text(l.principal, lang),
            money(l.collection_costs),
            money_text(l.collection_costs, lang),
            money(l.total),
            money_text(l.total, lang),
            date(l.pay_by),
            date_text(l.pay_by, lang),
            text(&l.payment_reference),
            iban.to_string(),
            money(l.refund_due),
            money_text(l.refund_due, lang),
            note(l, lang),
            consequences(l, lang),
        ];
        w.write_record(&record).with_context(fail)?;
    }
    w.flush().with_context(fail)
}

#[cfg(test)]
mod tests;
