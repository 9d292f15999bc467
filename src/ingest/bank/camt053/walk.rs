//! The XML of a statement walked element by element: the open elements,
//! the text of the one being read, the statement's own account and
//! balances, and each entry handed on when it ends, as bank lines or as a
//! problem.

use std::sync::Arc;

use quick_xml::events::BytesStart;

use super::super::collector::empty_read;
use super::super::stated::CamtStatement;
use super::super::words::squash;
use super::entry::{Ntry, Tx, entry_field, tx_field};
use super::lines::{EntryStatement, Line, lines};
use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::payment::{BankLine, Shared};
use crate::problem::{Problem, ProblemKind, XmlBreak};
use crate::source::Source;

/// Where the walk through one file is, and what it has read.
pub(super) struct State {
    path: Arc<str>,
    /// What has been read so far.
    pub(super) out: FileRead<BankLine>,
    /// Local names of the open elements.
    pub(super) stack: Vec<String>,
    /// Text of the element being read.
    pub(super) text: String,
    /// `Ccy` of the element being read.
    ccy: Option<String>,
    /// The own account of the current `Stmt`, shared by its lines.
    account: Shared,
    /// `Acct/Ccy` of the current `Stmt`.
    account_ccy: Option<String>,
    entry: Option<Ntry>,
    /// Transactions numbered so far in the file.
    counter: u64,
    /// The balances of the current `Stmt`, for the balance check.
    statement: CamtStatement,
}

impl State {
    /// A walk at the start of the file at `path`, reporting `format`.
    pub(super) fn new(path: &Arc<str>, format: &str) -> State {
        State {
            path: path.clone(),
            out: empty_read(format),
            stack: Vec::new(),
            text: String::new(),
            ccy: None,
            account: Shared::default(),
            account_ccy: None,
            entry: None,
            counter: 0,
            statement: CamtStatement::default(),
        }
    }

    /// An element opened.
    pub(super) fn start(&mut self, e: &BytesStart) {
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
                self.statement = CamtStatement::begin(&self.out);
            }
            "Ntry" => {
                if let Some(outer) = self.entry.replace(Ntry::default()) {
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

    /// The element opened last ended.
    pub(super) fn end(&mut self) {
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
    pub(super) fn broken(&mut self, line: u64, why: XmlBreak) {
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
    fn nested(&mut self, outer: Ntry) {
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
    fn emit(&mut self, en: Ntry) {
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
        let at = EntryStatement {
            path: &self.path,
            account: &self.account,
            account_ccy: self.account_ccy.as_deref(),
        };
        match lines(&at, &en, first) {
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
}
