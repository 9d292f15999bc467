//! Bank export reader: CAMT.053 (ISO 20022 bank-to-customer statement),
//! docs/inputs.md, "CAMT.053".
//!
//! Elements are matched by local name, so every schema version
//! (`camt.053.001.02` … `.001.08` and later) and any namespace prefix
//! reads the same. A file may hold several `Stmt`; each `Ntry` is one
//! booking, and each of its `TxDtls` becomes one bank line (a batch entry
//! has several; an entry without `TxDtls` is one line). The lines of a
//! batch always add up to the entry's amount, which is what the bank
//! booked. Source = `file#n`, n the 1-based position of the transaction in
//! the file.

use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use rust_decimal::Decimal;

use super::collector::empty_read;
use super::draft::Draft;
use super::remittance::{Info, parse_info_text};
use super::words::{no_reference, squash};
use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::money::Money;
use crate::payment::{BankLine, Shared};
use crate::problem::{Field, Flaw, Problem, ProblemKind, XmlBreak};
use crate::reference::{dedup_keep_first, find_references};
use crate::source::Source;

/// Why an entry cannot be read, and the value it is about (boxed: the kind
/// is large and the error travels through `?`).
type EntryError = (Box<ProblemKind>, String);

/// The format name this reader reports.
const FORMAT: &str = "camt053";

/// Elements nested deeper than this end the reading: a statement's
/// deepest path (`Document/BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls/
/// RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Cd`) is about fifteen deep. Every
/// element's end looks at the path of open elements, so without a bound a
/// file nested 200,000 deep took a minute; with it each element
/// costs at most this much.
pub const MAX_DEPTH: usize = 64;

/// Some banks cut `Nm` to this many characters and give the full name in
/// `AddtlNtryInf`.
const CUT_NAME: usize = 24;

/// True when `text` is an XML bank-to-customer statement. A CSV export
/// never starts with `<`.
pub fn detect(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && t.contains("BkToCstmrStmt")
}

/// Reads every transaction of the file. Malformed XML keeps the lines read
/// before the break and adds one problem that says where it broke.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let mut st = State {
        path: path.clone(),
        out: empty_read(FORMAT),
        stack: Vec::new(),
        text: String::new(),
        ccy: None,
        account: Shared::default(),
        account_ccy: None,
        entry: None,
        counter: 0,
        statement: Default::default(),
    };
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(_) | Event::Empty(_)) if st.stack.len() >= MAX_DEPTH => {
                let line = line_at(text, reader.buffer_position());
                st.broken(
                    line,
                    XmlBreak::TooDeep {
                        limit: MAX_DEPTH as u64,
                        line,
                    },
                );
                break;
            }
            Ok(Event::Start(e)) => st.start(&e),
            Ok(Event::Empty(e)) => {
                st.start(&e);
                st.end();
            }
            Ok(Event::End(_)) => st.end(),
            Ok(Event::Text(t)) => st.text.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => st.text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "apos" => Some('\''),
                        "quot" => Some('"'),
                        _ => None,
                    },
                };
                match resolved {
                    Some(c) => st.text.push(c),
                    None => {
                        st.text.push('&');
                        st.text.push_str(&r);
                        st.text.push(';');
                    }
                }
            }
            Ok(Event::Eof) => {
                if !st.stack.is_empty() {
                    let open = st.stack.join("/");
                    st.broken(
                        line_at(text, text.len() as u64),
                        XmlBreak::Truncated { open },
                    );
                }
                break;
            }
            Ok(_) => {}
            Err(e) => {
                let line = line_at(text, reader.error_position());
                st.broken(
                    line,
                    XmlBreak::Malformed {
                        line,
                        error: e.to_string(),
                    },
                );
                break;
            }
        }
    }
    let mut out = st.out;
    out.rows_read = out.rows.len() as u64 + out.rows_rejected;
    out
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: u64) -> u64 {
    let end = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    let newlines = text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    newlines as u64 + 1
}

/// An amount as given, with its currency attribute.
#[derive(Clone, Debug, Default)]
struct Amount {
    text: String,
    ccy: Option<String>,
}

/// One `TxDtls`.
#[derive(Clone, Debug, Default)]
struct Tx {
    amt: Option<Amount>,
    tx_amt: Option<Amount>,
    cdt_dbt: Option<String>,
    end_to_end: Option<String>,
    acct_svcr_ref: Option<String>,
    dbtr_name: Option<String>,
    dbtr_acct: Option<String>,
    cdtr_name: Option<String>,
    cdtr_acct: Option<String>,
    ustrd: Vec<String>,
    cdtr_refs: Vec<String>,
    addtl_rmt: Vec<String>,
    returned: bool,
    rtr_reason: Option<String>,
    rtr_addtl: Option<String>,
    addtl_tx: Vec<String>,
}

/// One `Ntry` while it is read.
#[derive(Clone, Debug, Default)]
struct Booking {
    amt: Option<Amount>,
    cdt_dbt: Option<String>,
    reversal: bool,
    status: Option<String>,
    booking: Option<String>,
    value: Option<String>,
    acct_svcr_ref: Option<String>,
    addtl: Vec<String>,
    txs: Vec<Tx>,
}

struct State {
    path: Arc<str>,
    out: FileRead<BankLine>,
    /// Local names of the open elements.
    stack: Vec<String>,
    /// Text of the element being read.
    text: String,
    /// `Ccy` of the element being read.
    ccy: Option<String>,
    /// The own account of the current `Stmt`, shared by its lines.
    account: Shared,
    /// `Acct/Ccy` of the current `Stmt`.
    account_ccy: Option<String>,
    entry: Option<Booking>,
    /// Transactions numbered so far in the file.
    counter: u64,
    /// The balances of the current `Stmt`, for the balance check.
    statement: super::stated::CamtStatement,
}

impl State {
    fn start(&mut self, e: &BytesStart) {
        let name = e.local_name().as_ref().to_string();
        self.text.clear();
        self.ccy = e
            .try_get_attribute("Ccy")
            .ok()
            .flatten()
            .map(|a| a.value.trim().to_string());
        match name.as_str() {
            "Stmt" => {
                self.account = Shared::default();
                self.account_ccy = None;
                self.statement = super::stated::CamtStatement::begin(&self.out);
            }
            "Ntry" => {
                if let Some(outer) = self.entry.replace(Booking::default()) {
                    self.nested(outer);
                }
            }
            "TxDtls" => {
                if let Some(en) = self.entry.as_mut() {
                    en.txs.push(Tx::default());
                }
            }
            "RtrInf" => {
                if let Some(tx) = self.entry.as_mut().and_then(|en| en.txs.last_mut()) {
                    tx.returned = true;
                }
            }
            _ => {}
        }
        self.stack.push(name);
    }

    fn end(&mut self) {
        let value = squash(&self.text);
        self.text.clear();
        // The open elements as `&str`s, in an array for the usual depth
        // rather than a vector per element.
        let mut names = [""; 24];
        let deep: Vec<&str>;
        let path: &[&str] = if self.stack.len() <= names.len() {
            for (n, s) in names.iter_mut().zip(&self.stack) {
                *n = s;
            }
            &names[..self.stack.len()]
        } else {
            deep = self.stack.iter().map(String::as_str).collect();
            &deep
        };
        let ccy = &self.ccy;
        let name = path.last().copied().unwrap_or("");
        if name == "Ntry" {
            self.stack.pop();
            if let Some(en) = self.entry.take() {
                self.emit(en);
            }
            return;
        }
        if let Some(i) = path.iter().rposition(|n| *n == "Ntry")
            && let Some(en) = self.entry.as_mut()
        {
            let rel = &path[i + 1..];
            match rel.iter().position(|n| *n == "TxDtls") {
                Some(t) => {
                    if let Some(tx) = en.txs.last_mut() {
                        tx_field(tx, &rel[t + 1..], value, ccy);
                    }
                }
                None => entry_field(en, rel, value, ccy),
            }
        } else if let Some(i) = path.iter().rposition(|n| *n == "Stmt") {
            match &path[i + 1..] {
                ["Acct", "Id", "IBAN"] | ["Acct", "Id", "Othr", "Id"]
                    if self.account.is_empty() =>
                {
                    self.account = Iban::parse(&value).map_or_else(
                        || Shared::from(value.as_str()),
                        |a| Shared::from(a.as_str()),
                    );
                }
                ["Acct", "Ccy"] => self.account_ccy = Some(value),
                ["Bal", rel @ ..] => self.statement.bal(rel, &value, ccy.as_deref()),
                [] => self.statement.end(&mut self.out, &self.account, &self.path),
                _ => {}
            }
        }
        self.stack.pop();
    }

    /// The file broke off: an entry being read is lost and counted rejected.
    fn broken(&mut self, line: u64, why: XmlBreak) {
        let lost = self.entry.take().is_some();
        if lost {
            let at = self.out.rows.len();
            self.out.bank.rejected(at, Source::line(&self.path, line));
            self.out.rows_rejected += 1;
        }
        self.out.problems.push(Problem::error(
            Source::line(&self.path, line),
            ProblemKind::XmlBroken {
                why,
                entry_lost: lost,
            },
            "",
        ));
    }

    /// An entry opened inside another: the outer one cannot be told from
    /// the inner one's fields, so it is rejected and reported (it takes its
    /// number in the file, as an emitted entry would).
    fn nested(&mut self, outer: Booking) {
        let first = self.counter + 1;
        self.counter += outer.txs.len().max(1) as u64;
        let source = Source::entry(&self.path, first);
        let at = self.out.rows.len();
        self.out.bank.rejected(at, source.clone());
        self.out.problems.push(Problem::error(
            source,
            ProblemKind::EntryNested,
            outer.amt.map(|a| a.text).unwrap_or_default(),
        ));
        self.out.rows_rejected += 1;
    }

    /// Turns a complete entry into bank lines, or into one problem.
    fn emit(&mut self, en: Booking) {
        let first = self.counter + 1;
        self.counter += en.txs.len().max(1) as u64;
        let source = Source::entry(&self.path, first);
        if let Some(status) = en.status.as_deref()
            && !status.eq_ignore_ascii_case("BOOK")
        {
            // Pending or information-only entries are not booked yet; the
            // booked copy comes in a later statement. Reading them now would
            // count the money twice.
            self.out.problems.push(Problem::warning(
                source,
                ProblemKind::EntryNotBooked(status.to_string()),
                en.amt.map(|a| a.text).unwrap_or_default(),
            ));
            return;
        }
        match self.lines(&en, first) {
            Ok((lines, warnings)) => {
                self.out.problems.extend(warnings);
                self.out.rows.extend(lines.into_iter().map(Line::done));
            }
            Err((why, value)) => {
                let at = self.out.rows.len();
                self.out.bank.rejected(at, source.clone());
                self.out.problems.push(Problem::error(source, *why, value));
                self.out.rows_rejected += 1;
            }
        }
    }

    /// The bank lines of one booked entry, with warnings; or why it cannot
    /// be read.
    fn lines(&self, en: &Booking, first: u64) -> Result<(Vec<Line>, Vec<Problem>), EntryError> {
        let source = Source::entry(&self.path, first);
        let amt = en
            .amt
            .clone()
            .ok_or_else(|| (Box::new(ProblemKind::EntryNoAmount), String::new()))?;
        let ccy = amt
            .ccy
            .clone()
            .or_else(|| self.account_ccy.clone())
            .unwrap_or_else(|| "EUR".to_string());
        if ccy != "EUR" {
            return Err((
                Box::new(ProblemKind::NotEuro(ccy.clone())),
                format!("{} {ccy}", amt.text),
            ));
        }
        let magnitude = parse_decimal(&amt.text).ok_or_else(|| {
            (
                Box::new(ProblemKind::EntryAmountNotAmount),
                amt.text.clone(),
            )
        })?;
        if Money::bounded(magnitude).is_none() {
            let kind = ProblemKind::Unreadable {
                field: Field::Amount,
                flaw: Flaw::AmountTooLarge,
            };
            return Err((Box::new(kind), amt.text.clone()));
        }
        let sign = sign_of(en.cdt_dbt.as_deref()).ok_or_else(|| {
            (
                Box::new(ProblemKind::EntryNoIndicator),
                en.cdt_dbt.clone().unwrap_or_default(),
            )
        })?;
        let total = Money::new(magnitude * sign);
        let mut warnings = Vec::new();
        let value_date = en.value.as_deref().and_then(dates::iso_day);
        let booking_date = match en.booking.as_deref().and_then(dates::iso_day) {
            Some(d) => d,
            None => match value_date {
                Some(d) => {
                    warnings.push(Problem::warning(
                        source.clone(),
                        ProblemKind::EntryValueDateUsed,
                        en.booking.clone().unwrap_or_default(),
                    ));
                    d
                }
                None => {
                    return Err((
                        Box::new(ProblemKind::EntryNoBookingDate),
                        en.booking.clone().unwrap_or_default(),
                    ));
                }
            },
        };
        let entry_info = (!en.addtl.is_empty()).then(|| parse_info_text(&en.addtl.join("\n")));
        let base = Line {
            source: source.clone(),
            account: self.account.clone(),
            booking_date,
            value_date,
            amount: total,
            counterparty_iban: None,
            counterparty_name: String::new(),
            description: String::new(),
            references: Vec::new(),
            bank_reference: en.acct_svcr_ref.clone(),
            return_info: en.reversal.then(|| "reversal".to_string()),
        };

        if en.txs.is_empty() {
            let mut line = base;
            if let Some(info) = &entry_info {
                line.counterparty_iban = info.iban.clone();
                line.counterparty_name = info.name.clone().unwrap_or_default();
                line.description = info.description.clone();
                line.references = info.references.clone();
                if line.return_info.is_none() {
                    line.return_info = info.return_info.clone();
                }
            }
            return Ok((vec![line], warnings));
        }

        let amounts = split_amounts(en, &ccy, total, sign, &source, &mut warnings);
        let single = en.txs.len() == 1;
        let Some(amounts) = amounts else {
            // A batch without usable amounts per transaction: one line for
            // the whole entry keeps the money right.
            let mut line = base;
            let mut parts = Vec::new();
            for tx in &en.txs {
                let part = tx_line(&line, tx, None, total);
                parts.push(part);
            }
            let names: Vec<&str> = parts.iter().map(|p| p.counterparty_name.as_str()).collect();
            if names.windows(2).all(|w| w[0] == w[1]) {
                line.counterparty_name = names.first().map_or(String::new(), |n| n.to_string());
                line.counterparty_iban = parts.first().and_then(|p| p.counterparty_iban.clone());
            }
            line.description = join_unique(parts.iter().map(|p| p.description.clone()));
            for p in &parts {
                line.references.extend(p.references.iter().cloned());
                if line.return_info.is_none() {
                    line.return_info = p.return_info.clone();
                }
            }
            dedup_keep_first(&mut line.references);
            return Ok((vec![line], warnings));
        };
        let lines = en
            .txs
            .iter()
            .zip(amounts)
            .enumerate()
            .map(|(k, (tx, amount))| {
                let mut line = base.clone();
                line.source = Source::entry(&self.path, first + k as u64);
                tx_line(&line, tx, entry_info.as_ref().filter(|_| single), amount)
            })
            .collect();
        Ok((lines, warnings))
    }
}

/// The amounts of a batch entry's transactions, signed, adding up to the
/// entry. One transaction takes the entry amount (its own `Amt` may be in
/// another currency, even 0). `None` when more than one transaction has no
/// amount in the entry's currency: the batch cannot be split.
fn split_amounts(
    en: &Booking,
    ccy: &str,
    total: Money,
    entry_sign: Decimal,
    source: &Source,
    warnings: &mut Vec<Problem>,
) -> Option<Vec<Money>> {
    if en.txs.len() == 1 {
        return Some(vec![total]);
    }
    let given: Vec<Option<Money>> = en
        .txs
        .iter()
        .map(|tx| {
            let amt = [tx.amt.as_ref(), tx.tx_amt.as_ref()]
                .into_iter()
                .flatten()
                .find(|a| a.ccy.as_deref().is_none_or(|c| c == ccy))?;
            let magnitude = parse_decimal(&amt.text)?;
            let sign = sign_of(tx.cdt_dbt.as_deref()).unwrap_or(entry_sign);
            Some(Money::new(magnitude * sign))
        })
        .collect();
    // A detail beyond the bound is never summed (Decimal's `+` panics on
    // overflow) nor replaced: the batch stays one line of the entry amount.
    if let Some(big) = given
        .iter()
        .flatten()
        .find(|g| Money::bounded(g.decimal()).is_none())
    {
        warnings.push(Problem::warning(
            source.clone(),
            ProblemKind::Unreadable {
                field: Field::Amount,
                flaw: Flaw::AmountTooLarge,
            },
            big.to_string(),
        ));
        return None;
    }
    let missing = given.iter().filter(|g| g.is_none()).count();
    let known: Money = given.iter().flatten().sum();
    match missing {
        0 => {
            let mut amounts: Vec<Money> = given.into_iter().flatten().collect();
            if known != total {
                warnings.push(Problem::warning(
                    source.clone(),
                    ProblemKind::BatchDifference { known, total },
                    format!("{}", total - known),
                ));
                if let Some(last) = amounts.last_mut() {
                    *last += total - known;
                }
            }
            Some(amounts)
        }
        1 => Some(
            given
                .into_iter()
                .map(|g| g.unwrap_or(total - known))
                .collect(),
        ),
        _ => {
            warnings.push(Problem::warning(
                source.clone(),
                ProblemKind::BatchWithoutAmounts(en.txs.len()),
                total.to_string(),
            ));
            None
        }
    }
}

/// One bank line from a `TxDtls`, on top of the entry's fields.
fn tx_line(base: &Line, tx: &Tx, entry_info: Option<&Info>, amount: Money) -> Line {
    let mut line = base.clone();
    line.amount = amount;
    // The counterparty is the other side: the debtor of money coming in,
    // the creditor of money going out.
    let credit = if amount.is_zero() {
        base.amount.is_positive()
    } else {
        amount.is_positive()
    };
    let (mut name, mut acct) = if credit {
        (&tx.dbtr_name, &tx.dbtr_acct)
    } else {
        (&tx.cdtr_name, &tx.cdtr_acct)
    };
    if name.is_none() && acct.is_none() {
        // Only the other side is given. When its account is not the own
        // account it can only be the counterparty, written on the wrong side.
        let (other_name, other_acct) = if credit {
            (&tx.cdtr_name, &tx.cdtr_acct)
        } else {
            (&tx.dbtr_name, &tx.dbtr_acct)
        };
        let own = Iban::parse(&base.account);
        if let Some(other) = other_acct.as_deref().and_then(Iban::parse)
            && Some(other) != own
        {
            name = other_name;
            acct = other_acct;
        }
    }
    line.counterparty_iban = acct.as_deref().and_then(Iban::parse);
    line.counterparty_name = name.clone().unwrap_or_default();
    if let Some(info) = entry_info {
        if line.counterparty_name.chars().count() == CUT_NAME
            && let Some(full) = info.name.as_deref()
            && full.len() > line.counterparty_name.len()
            && full
                .to_lowercase()
                .starts_with(&line.counterparty_name.to_lowercase())
        {
            line.counterparty_name = full.to_string();
        }
        if line.counterparty_name.is_empty() {
            line.counterparty_name = info.name.clone().unwrap_or_default();
        }
        if line.counterparty_iban.is_none() {
            line.counterparty_iban = info.iban.clone();
        }
    }
    let mut parts: Vec<String> = Vec::new();
    parts.extend(tx.ustrd.iter().cloned());
    parts.extend(tx.addtl_rmt.iter().cloned());
    parts.extend(tx.addtl_tx.iter().cloned());
    if let Some(info) = entry_info {
        parts.push(info.description.clone());
    }
    if let Some(a) = &tx.rtr_addtl {
        parts.push(a.clone());
    }
    line.description = join_unique(parts);

    line.references.extend(tx.cdtr_refs.iter().cloned());
    if let Some(e2e) = &tx.end_to_end
        && !no_reference(e2e)
    {
        line.references.push(e2e.clone());
    }
    if let Some(info) = entry_info {
        line.references.extend(info.references.iter().cloned());
    }
    line.references.extend(find_references(&line.description));
    // Repeats dropped once, hashed (a `contains` per push was square).
    dedup_keep_first(&mut line.references);
    if tx.acct_svcr_ref.is_some() {
        line.bank_reference = tx.acct_svcr_ref.clone();
    }
    if tx.returned {
        line.return_info = Some(
            tx.rtr_reason
                .clone()
                .or_else(|| tx.rtr_addtl.clone())
                .unwrap_or_else(|| "return".to_string()),
        );
    } else if line.return_info.is_none() {
        line.return_info = entry_info.and_then(|i| i.return_info.clone());
    }
    line
}

/// A bank line while its entry is read: growable fields, boxed into a
/// [`BankLine`] when the entry is done.
#[derive(Clone, Debug)]
struct Line {
    source: Source,
    account: Shared,
    booking_date: chrono::NaiveDate,
    value_date: Option<chrono::NaiveDate>,
    amount: Money,
    counterparty_iban: Option<Iban>,
    counterparty_name: String,
    description: String,
    references: Vec<String>,
    bank_reference: Option<String>,
    return_info: Option<String>,
}

impl Line {
    /// The finished line (its id is assigned after the file is read),
    /// through the draft step every bank reader shares.
    fn done(self) -> BankLine {
        let mut d = Draft::new("", self.booking_date, self.amount);
        d.value_date = self.value_date;
        d.counterparty = self
            .counterparty_iban
            .map_or_else(String::new, |i| i.as_str().to_string());
        d.name = self.counterparty_name;
        d.texts = vec![self.description];
        d.references = self.references;
        d.bank_reference = self.bank_reference;
        d.return_info = self.return_info;
        d.finish_at(self.source, self.account)
    }
}

/// Stores an element of `Ntry` (outside `TxDtls`); `rel` is its path below
/// `Ntry`.
fn entry_field(en: &mut Booking, rel: &[&str], value: String, ccy: &Option<String>) {
    let amount = |text| Amount {
        text,
        ccy: ccy.clone(),
    };
    match rel {
        ["Amt"] => en.amt = Some(amount(value)),
        ["CdtDbtInd"] => en.cdt_dbt = Some(value),
        ["RvslInd"] => en.reversal = value.eq_ignore_ascii_case("true") || value == "1",
        // `.02`–`.07` give the status as text, `.08`+ as `Sts/Cd`.
        ["Sts"] | ["Sts", "Cd"] | ["Sts", "Prtry"] if !value.is_empty() => {
            en.status = Some(value);
        }
        ["BookgDt", "Dt"] | ["BookgDt", "DtTm"] => en.booking = Some(value),
        ["ValDt", "Dt"] | ["ValDt", "DtTm"] => en.value = Some(value),
        ["AcctSvcrRef"] => en.acct_svcr_ref = Some(value).filter(|v| !v.is_empty()),
        ["AddtlNtryInf"] => push_text(&mut en.addtl, value),
        _ => {}
    }
}

/// Stores an element of `TxDtls`; `rel` is its path below `TxDtls`.
fn tx_field(tx: &mut Tx, rel: &[&str], value: String, ccy: &Option<String>) {
    let amount = |text| Amount {
        text,
        ccy: ccy.clone(),
    };
    // Party names sit in `Dbtr/Nm` (.02) or `Dbtr/Pty/Nm` (.08).
    let party = |rel: &[&str], who: &str| match rel {
        ["RltdPties", p, "Nm"] | ["RltdPties", p, "Pty", "Nm"] => *p == who,
        _ => false,
    };
    let account = |rel: &[&str], who: &str| match rel {
        ["RltdPties", p, "Id", "IBAN"] | ["RltdPties", p, "Id", "Othr", "Id"] => *p == who,
        _ => false,
    };
    match rel {
        ["Amt"] => tx.amt = Some(amount(value)),
        ["AmtDtls", "TxAmt", "Amt"] => tx.tx_amt = Some(amount(value)),
        // The instructed amount only when no transaction amount is given;
        // a foreign-currency one is passed over by the currency check.
        ["AmtDtls", "InstdAmt", "Amt"] if tx.tx_amt.is_none() => {
            tx.tx_amt = Some(amount(value));
        }
        ["CdtDbtInd"] => tx.cdt_dbt = Some(value),
        ["Refs", "EndToEndId"] => tx.end_to_end = Some(value).filter(|v| !v.is_empty()),
        ["Refs", "AcctSvcrRef"] => tx.acct_svcr_ref = Some(value).filter(|v| !v.is_empty()),
        ["RmtInf", "Ustrd"] => push_text(&mut tx.ustrd, value),
        ["RmtInf", "Strd", "CdtrRefInf", "Ref"] => push_text(&mut tx.cdtr_refs, value),
        ["RmtInf", "Strd", "AddtlRmtInf"] => push_text(&mut tx.addtl_rmt, value),
        ["RtrInf", "Rsn", "Cd"] | ["RtrInf", "Rsn", "Prtry"] => {
            tx.rtr_reason = Some(value).filter(|v| !v.is_empty());
        }
        ["RtrInf", "AddtlInf"] => tx.rtr_addtl = Some(value).filter(|v| !v.is_empty()),
        ["AddtlTxInf"] => push_text(&mut tx.addtl_tx, value),
        r if party(r, "Dbtr") => tx.dbtr_name = Some(value).filter(|v| !v.is_empty()),
        r if party(r, "Cdtr") => tx.cdtr_name = Some(value).filter(|v| !v.is_empty()),
        r if account(r, "DbtrAcct") => {
            tx.dbtr_acct = tx
                .dbtr_acct
                .take()
                .or(Some(value).filter(|v| !v.is_empty()));
        }
        r if account(r, "CdtrAcct") => {
            tx.cdtr_acct = tx
                .cdtr_acct
                .take()
                .or(Some(value).filter(|v| !v.is_empty()));
        }
        _ => {}
    }
}

/// `CRDT` → +1, `DBIT` → −1.
fn sign_of(indicator: Option<&str>) -> Option<Decimal> {
    match indicator?.trim().to_ascii_uppercase().as_str() {
        "CRDT" => Some(Decimal::ONE),
        "DBIT" => Some(Decimal::NEGATIVE_ONE),
        _ => None,
    }
}

/// An XML decimal as CAMT writes it: unsigned, decimal point, every digit
/// kept (`8.850` stays 8.850).
fn parse_decimal(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let ok = !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && t.matches('.').count() <= 1
        && t.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return None;
    }
    Decimal::from_str_exact(t).ok()
}

fn push_text(list: &mut Vec<String>, value: String) {
    if !value.is_empty() {
        list.push(value);
    }
}

/// Joins texts with single spaces, leaving out empty ones and ones already
/// contained in what came before.
fn join_unique(parts: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = squash(&p);
        if p.is_empty() || out.contains(&p) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Severity;
    use crate::source::Loc;

    fn m(s: &str) -> Money {
        Money::new(Decimal::from_str_exact(s).unwrap())
    }

    fn read(xml: &str) -> FileRead<BankLine> {
        parse(&Arc::from("bank/x.xml"), xml)
    }

    /// A statement for the own account with the given entries.
    fn doc(entries: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr>
<Stmt><Id>1</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
{entries}
</Stmt></BkToCstmrStmt></Document>"#
        )
    }

    fn entry(amount: &str, ind: &str, extra: &str, details: &str) -> String {
        format!(
            r#"<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{ind}</CdtDbtInd>{extra}
<Sts>BOOK</Sts><BookgDt><Dt>2026-01-05</Dt></BookgDt><ValDt><Dt>2026-01-06</Dt></ValDt>
<AcctSvcrRef>REF-{amount}</AcctSvcrRef>{details}</Ntry>"#
        )
    }

    fn tx(amount: &str, name: &str, iban: &str, rmt: &str) -> String {
        format!(
            r#"<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">{amount}</Amt>
<RltdPties><Dbtr><Nm>{name}</Nm></Dbtr><DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf>{rmt}</RmtInf></TxDtls>"#
        )
    }

    #[test]
    fn detects_xml_statements_only() {
        assert!(detect(&doc("")));
        assert!(detect(
            "\u{feff}  <?xml version=\"1.0\"?><Document><BkToCstmrStmt/></Document>"
        ));
        assert!(!detect(
            "\"Datum\",\"Naam / Omschrijving\",\"BkToCstmrStmt\"\n"
        ));
        assert!(!detect("date,amount\n2026-01-01,10.00\n"));
        assert!(!detect(
            ":20:X\n:25:NL91ABNA0417164300\n:60F:C260101EUR0,00\n"
        ));
    }

    #[test]
    fn batch_entry_becomes_one_line_per_transaction_with_the_same_total() {
        let details = format!(
            "<NtryDtls><Btch><NbOfTxs>3</NbOfTxs></Btch>{}{}{}</NtryDtls>",
            tx(
                "100.00",
                "J. Jansen",
                "NL02RABO0123456789",
                "<Ustrd>factuur F-2026-001</Ustrd>"
            ),
            tx(
                "50.25",
                "P. de Vries",
                "NL20INGB0001234567",
                "<Ustrd>F-2026-002</Ustrd>"
            ),
            tx(
                "20.00",
                "A. Bakker",
                "NL44RABO0123456780",
                "<Ustrd>F-2026-003</Ustrd>"
            ),
        );
        let r = read(&doc(&entry("170.25", "CRDT", "", &details)));
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.rows_read, 3);
        let total: Money = r.rows.iter().map(|l| l.amount).sum();
        assert_eq!(total, m("170.25"));
        assert_eq!(r.rows[1].amount, m("50.25"));
        assert_eq!(r.rows[1].counterparty_name, "P. de Vries");
        assert_eq!(
            r.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL20INGB0001234567")
        );
        assert_eq!(r.rows[2].description, "F-2026-003");
        // Numbered by transaction within the file.
        let locs: Vec<Loc> = r.rows.iter().map(|l| l.source.loc.clone()).collect();
        assert_eq!(locs, vec![Loc::Entry(1), Loc::Entry(2), Loc::Entry(3)]);
        assert!(r.rows.iter().all(|l| l.references.is_empty()));
        assert!(r.rows.iter().all(|l| l.account == "NL91ABNA0417164300"));
    }

    #[test]
    fn batch_that_does_not_add_up_keeps_the_entry_total_with_a_warning() {
        let details = format!(
            "<NtryDtls>{}{}</NtryDtls>",
            tx("100.00", "A", "NL02RABO0123456789", ""),
            tx("50.00", "B", "NL20INGB0001234567", ""),
        );
        let r = read(&doc(&entry("155.00", "CRDT", "", &details)));
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows.iter().map(|l| l.amount).sum::<Money>(), m("155.00"));
        assert_eq!(r.rows[1].amount, m("55.00"));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].severity, Severity::Warning);
        assert!(
            matches!(r.problems[0].kind, ProblemKind::BatchDifference { .. }),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn batch_without_amounts_is_one_payment() {
        let bare = |n: &str| {
            format!(
                "<TxDtls><RltdPties><Dbtr><Nm>{n}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>nota {n}</Ustrd></RmtInf></TxDtls>"
            )
        };
        let details = format!("<NtryDtls>{}{}</NtryDtls>", bare("A"), bare("B"));
        let r = read(&doc(&entry("80.00", "CRDT", "", &details)));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].amount, m("80.00"));
        assert_eq!(r.rows[0].description, "nota A nota B");
        assert_eq!(r.problems[0].severity, Severity::Warning);
    }

    #[test]
    fn one_missing_amount_in_a_batch_takes_the_rest() {
        let details = format!(
            "<NtryDtls>{}<TxDtls><RmtInf><Ustrd>x</Ustrd></RmtInf></TxDtls></NtryDtls>",
            tx("30.00", "A", "NL02RABO0123456789", "")
        );
        let r = read(&doc(&entry("100.00", "DBIT", "", &details)));
        let amounts: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
        assert_eq!(amounts, vec![m("-30.00"), m("-70.00")]);
    }

    #[test]
    fn reversal_indicator_and_return_info_mark_returns() {
        let rtr = r#"<NtryDtls><TxDtls><Refs><EndToEndId>E2E-9</EndToEndId></Refs>
<RltdPties><Cdtr><Nm>Client</Nm></Cdtr><CdtrAcct><Id><IBAN>NL02RABO0123456789</IBAN></Id></CdtrAcct></RltdPties>
<RtrInf><Rsn><Cd>MD06</Cd></Rsn><AddtlInf>terugboeking</AddtlInf></RtrInf></TxDtls></NtryDtls>"#;
        let xml = doc(&format!(
            "{}{}",
            entry("25.00", "DBIT", "<RvslInd>true</RvslInd>", ""),
            entry("40.00", "DBIT", "<RvslInd>false</RvslInd>", rtr)
        ));
        let r = read(&xml);
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows[0].return_info.as_deref(), Some("reversal"));
        assert_eq!(r.rows[0].amount, m("-25.00"));
        assert_eq!(r.rows[1].return_info.as_deref(), Some("MD06"));
        assert_eq!(r.rows[1].counterparty_name, "Client");
        assert_eq!(*r.rows[1].references, ["E2E-9"]);
        assert_eq!(r.rows[1].description, "terugboeking");
    }

    #[test]
    fn structured_creditor_references_are_taken() {
        let strd = |issr: &str, r: &str| {
            format!(
                "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>{issr}</Issr></Tp><Ref>{r}</Ref></CdtrRefInf></Strd>"
            )
        };
        let details = format!(
            "<NtryDtls>{}</NtryDtls>",
            tx(
                "12.00",
                "A",
                "NL02RABO0123456789",
                &strd("CUR", "5000056789012345")
            )
        );
        let details2 = format!(
            "<NtryDtls>{}</NtryDtls>",
            tx(
                "13.00",
                "B",
                "NL02RABO0123456789",
                &strd("ISO", "RF18539007547034")
            )
        );
        let r = read(&doc(&format!(
            "{}{}",
            entry("12.00", "CRDT", "", &details),
            entry("13.00", "CRDT", "", &details2)
        )));
        assert_eq!(*r.rows[0].references, ["5000056789012345"]);
        assert_eq!(*r.rows[1].references, ["RF18539007547034"]);
        assert_eq!(r.rows[0].bank_reference.as_deref(), Some("REF-12.00"));
    }

    #[test]
    fn version_8_date_times_other_ids_and_prefixed_names_read_the_same() {
        let xml = r#"<?xml version="1.0"?>
<c:Document xmlns:c="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><c:BkToCstmrStmt>
<c:Stmt><c:Acct><c:Id><c:Othr><c:Id>NL91 ABNA 0417 1643 00</c:Id></c:Othr></c:Id></c:Acct>
<c:Ntry><c:Amt Ccy="EUR">8.850</c:Amt><c:CdtDbtInd>CRDT</c:CdtDbtInd><c:Sts><c:Cd>BOOK</c:Cd></c:Sts>
<c:BookgDt><c:DtTm>2014-12-31T23:15:00+01:00</c:DtTm></c:BookgDt>
<c:NtryDtls><c:TxDtls><c:Amt Ccy="SEK">0</c:Amt>
<c:RltdPties><c:Dbtr><c:Pty><c:Nm>Jansen &amp; Zn</c:Nm></c:Pty></c:Dbtr>
<c:DbtrAcct><c:Id><c:Othr><c:Id>123456789</c:Id></c:Othr></c:Id></c:DbtrAcct></c:RltdPties>
</c:TxDtls></c:NtryDtls></c:Ntry></c:Stmt></c:BkToCstmrStmt></c:Document>"#;
        let r = read(xml);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let l = &r.rows[0];
        assert_eq!(l.account, "NL91ABNA0417164300");
        assert_eq!(
            l.booking_date,
            chrono::NaiveDate::from_ymd_opt(2014, 12, 31).unwrap()
        );
        assert_eq!(l.value_date, None);
        // One transaction: the entry amount, whatever its own Amt says.
        assert_eq!(l.amount, m("8.850"));
        assert_eq!(l.amount.decimal().scale(), 3);
        assert_eq!(l.counterparty_name, "Jansen & Zn");
        assert_eq!(
            l.counterparty_iban.as_ref().map(Iban::as_str),
            Some("123456789")
        );
    }

    #[test]
    fn truncated_xml_keeps_what_was_read_and_says_where() {
        let full = doc(&format!(
            "{}{}",
            entry("10.00", "CRDT", "", ""),
            entry("20.00", "CRDT", "", "")
        ));
        let cut = &full[..full.find("20.00</Amt>").unwrap() + 5];
        let r = read(cut);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].amount, m("10.00"));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].severity, Severity::Error);
        assert!(matches!(r.problems[0].source.loc, Loc::Line(n) if n > 1));
        assert_eq!(r.rows_rejected, 1);
        assert_eq!(r.rows_read, 2);

        let broken = full.replace("<CdtDbtInd>CRDT</CdtDbtInd>", "<CdtDbtInd>CRDT</Cdt>");
        let r = read(&broken);
        assert!(r.rows.is_empty());
        assert_eq!(r.problems.len(), 1);
        assert!(
            matches!(
                r.problems[0].kind,
                ProblemKind::XmlBroken {
                    why: XmlBreak::Malformed { .. },
                    ..
                }
            ),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn a_nested_entry_rejects_the_outer_one_never_silently() {
        let outer = r#"<Ntry><Amt Ccy="EUR">7.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"#;
        let r = read(&doc(&format!(
            "{outer}{}</Ntry>{}",
            entry("5.00", "DBIT", "", ""),
            entry("3.00", "CRDT", "", "")
        )));
        let amounts: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
        assert_eq!(amounts, [m("-5.00"), m("3.00")]);
        assert_eq!((r.rows_read, r.rows_rejected), (3, 1));
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        let p = &r.problems[0];
        assert_eq!(
            (&p.kind, p.value.as_str()),
            (&ProblemKind::EntryNested, "7.00")
        );
        assert_eq!(p.source.loc, Loc::Entry(1));
        assert_eq!(r.rows[1].source.loc, Loc::Entry(3));
    }

    #[test]
    fn an_amount_beyond_the_bound_is_a_problem_not_a_panic() {
        let huge = "79228162514264337593543950335";
        let big_batch = entry(
            "10.00",
            "CRDT",
            "",
            &format!(
                "<NtryDtls>{}{}</NtryDtls>",
                tx(huge, "A", "NL91ABNA0417164300", "x"),
                tx(huge, "B", "NL91ABNA0417164300", "y")
            ),
        );
        let r = read(&doc(&format!("{}{big_batch}", entry(huge, "CRDT", "", ""))));
        // The huge entry is rejected; the batch with huge details stays
        // one line of its entry amount.
        let amounts: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
        assert_eq!(amounts, [m("10.00")]);
        assert_eq!(r.rows_rejected, 1);
        let too_large = ProblemKind::Unreadable {
            field: Field::Amount,
            flaw: Flaw::AmountTooLarge,
        };
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
        assert!(r.problems.iter().all(|p| p.kind == too_large));
    }

    #[test]
    fn foreign_currency_and_unbooked_entries_are_problems_not_payments() {
        let usd = entry("10.00", "CRDT", "", "").replace("Ccy=\"EUR\"", "Ccy=\"USD\"");
        let pending = entry("30.00", "CRDT", "", "").replace(">BOOK<", ">PDNG<");
        let r = read(&doc(&format!(
            "{usd}{pending}{}",
            entry("5.00", "DBIT", "", "")
        )));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].amount, m("-5.00"));
        assert_eq!(r.rows[0].source.loc, Loc::Entry(3));
        assert_eq!(r.problems.len(), 2);
        assert_eq!(r.problems[0].severity, Severity::Error);
        assert_eq!(r.problems[0].kind, ProblemKind::NotEuro("USD".into()));
        assert_eq!(r.problems[1].severity, Severity::Warning);
        assert_eq!(
            r.problems[1].kind,
            ProblemKind::EntryNotBooked("PDNG".into())
        );
        assert_eq!(r.rows_rejected, 1);
        assert_eq!(r.rows_read, 2);
    }

    #[test]
    fn cut_names_are_completed_from_additional_entry_info() {
        let details = format!(
            "<NtryDtls>{}</NtryDtls><AddtlNtryInf>/TRTP/SEPA OVERBOEKING/IBAN/NL02RABO0123456789/BIC/RABONL2U/NAME/Stichting Thuiszorg Oost Nederland/REMI/nota 2026-17/EREF/NOTPROVIDED</AddtlNtryInf>",
            tx(
                "10.00",
                "Stichting Thuiszorg Oost",
                "NL02RABO0123456789",
                ""
            )
        );
        let r = read(&doc(&entry("10.00", "CRDT", "", &details)));
        assert_eq!(
            r.rows[0].counterparty_name,
            "Stichting Thuiszorg Oost Nederland"
        );
        assert_eq!(r.rows[0].description, "nota 2026-17");
    }

    #[test]
    fn entry_without_details_is_one_line_from_its_own_fields() {
        let r = read(&doc(&entry(
            "7.50",
            "DBIT",
            "",
            "<AddtlNtryInf>Kosten betalingsverkeer</AddtlNtryInf>",
        )));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].amount, m("-7.50"));
        assert_eq!(r.rows[0].description, "Kosten betalingsverkeer");
        assert_eq!(
            r.rows[0].value_date,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 6)
        );
    }

    /// 2.6 MB nested 200,000 deep once took 55 s, the square of the
    /// depth. Past [`MAX_DEPTH`] the file is a problem at once; the entries
    /// before the deep part still count.
    #[test]
    fn nesting_beyond_the_limit_is_a_problem_not_a_slow_read() {
        let entry = "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
                     <BookgDt><Dt>2026-10-01</Dt></BookgDt></Ntry>";
        let depth = 200_000;
        let text = format!(
            "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\
             <BkToCstmrStmt><Stmt>{entry}\n{}{}</Stmt></BkToCstmrStmt></Document>",
            "<a>".repeat(depth),
            "</a>".repeat(depth)
        );
        assert!(detect(&text));
        let path: Arc<str> = Arc::from("bank/deep.xml");
        let r = parse(&path, &text);
        assert_eq!(r.rows.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems.len(), 1);
        let p = &r.problems[0];
        assert!(
            matches!(
                p.kind,
                ProblemKind::XmlBroken {
                    why: XmlBreak::TooDeep { limit: 64, line: 3 },
                    ..
                }
            ),
            "{:?}",
            p.kind
        );
        assert_eq!(p.source.to_string(), "bank/deep.xml:3");
        // Just within the limit the file is read as usual.
        let ok = format!(
            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt>{entry}{}{}</Stmt></BkToCstmrStmt></Document>",
            "<a>".repeat(MAX_DEPTH - 3),
            "</a>".repeat(MAX_DEPTH - 3)
        );
        let r = parse(&path, &ok);
        assert_eq!((r.rows.len(), r.problems.len()), (1, 0), "{:?}", r.problems);
    }
}
