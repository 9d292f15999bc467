//! The statements of an MT940 file as its reader walks them: the own
//! account of `:25:`, the balances of `:60F:` and `:62F:`, each `:61:`
//! with the lines that belong to it until the next tag, turned into a
//! bank line or a problem.

use std::sync::Arc;

use super::super::collector::empty_read;
use super::super::draft::Draft;
use super::super::marks::{Mark, MarkKind};
use super::super::remittance::parse_info_lines;
use super::super::stated::mt940_balance;
use super::super::swift::balance_currency;
use super::super::words::clean_line;
use super::message::{is_terminator, split_tag, strip_envelope};
use super::transaction::{parse_61, read_extra};
use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::money::Money;
use crate::payment::{BankLine, Shared};
use crate::problem::{Problem, ProblemKind, SwiftFlaw};
use crate::reference::{dedup_keep_first, find_references};
use crate::source::Source;

/// Which field the following continuation lines belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OpenField {
    /// None that matters (preamble, balances, statement-level `:86:`).
    None,
    /// The supplementary lines of a `:61:`.
    Statement61,
    /// The `:86:` of the transaction being read.
    Info86,
}

/// A `:61:` with the lines that belong to it, until the next tag closes it.
struct Transaction {
    line: u64,
    raw: String,
    /// Lines after the `:61:` before its `:86:` (counter-IBAN, `/TRCD/`, name).
    extra: Vec<String>,
    /// The lines of its `:86:` fields; `true` marks the first line of a field.
    info: Vec<(String, bool)>,
}

/// The reader of one MT940 file: where it is in the file, and what it
/// has read so far.
pub(super) struct Reader {
    path: Arc<str>,
    out: FileRead<BankLine>,
    /// The own account of the current statement, shared by its lines.
    account: Shared,
    currency: Option<String>,
    pending: Option<Transaction>,
    field: OpenField,
    /// An ABN AMRO file (`ABNANL2A` preamble or envelope, or an `ABNA`
    /// account): its free `:86:` text is in 32-character cells.
    abn_amro: bool,
    /// Lines of the current statement read with a lower-case mark, until
    /// its closing balance confirms them (or not).
    unconfirmed: Vec<Unconfirmed>,
}

/// A line read with a lower-case debit/credit mark (`:61:…d1,01N…`),
/// waiting for its statement's balances.
struct Unconfirmed {
    /// Its index among the rows read.
    row: usize,
    /// The mark as written.
    mark: char,
    /// The `:61:` line as written, for the problem.
    raw: String,
}

impl Reader {
    /// A reader at the start of the file at `path`, reporting `format`.
    pub(super) fn new(path: &Arc<str>, format: &str) -> Reader {
        Reader {
            path: path.clone(),
            out: empty_read(format),
            account: Shared::default(),
            currency: None,
            pending: None,
            field: OpenField::None,
            abn_amro: false,
            unconfirmed: Vec::new(),
        }
    }

    /// Reads the physical line `line_no` of the file.
    pub(super) fn line(&mut self, line_no: u64, raw: &str) {
        let line = clean_line(raw);
        if !self.abn_amro && self.field != OpenField::Info86 {
            let t = line.trim();
            self.abn_amro = t == "ABNANL2A" || (t.starts_with("{1:") && t.contains("ABNANL2A"));
        }
        let (content, ended) = strip_envelope(&line);
        if ended {
            self.finish();
            self.field = OpenField::None;
        }
        if content.trim().is_empty() {
            return;
        }
        if is_terminator(content.trim()) {
            self.finish();
            self.field = OpenField::None;
            return;
        }
        match split_tag(content) {
            Some((tag, value)) => self.tag(tag, value, line_no),
            None => self.continuation(content),
        }
    }

    /// The file has ended: what was read from it.
    pub(super) fn end(mut self) -> FileRead<BankLine> {
        self.finish();
        self.confirm_lower_case(false);
        self.out.rows_read = self.out.rows.len() as u64 + self.out.rows_rejected;
        self.out
    }

    fn tag(&mut self, tag: &str, value: &str, line_no: u64) {
        match tag {
            "86" => {
                if let Some(p) = self.pending.as_mut() {
                    p.info.push((value.to_string(), true));
                    self.field = OpenField::Info86;
                } else {
                    // After `:62F:` an `:86:` is a statement summary (ING
                    // `/SUM/`, `D000004C…`), not a transaction.
                    self.field = OpenField::None;
                }
            }
            "61" => {
                self.finish();
                self.pending = Some(Transaction {
                    line: line_no,
                    raw: value.to_string(),
                    extra: Vec::new(),
                    info: Vec::new(),
                });
                self.field = OpenField::Statement61;
            }
            _ => {
                self.finish();
                self.field = OpenField::None;
                match tag {
                    "20" => {
                        self.currency = None;
                    }
                    "25" => {
                        let account = normalise_account(value);
                        self.abn_amro |= account.get(4..8) == Some("ABNA");
                        self.account = account.into();
                    }
                    "60F" | "60M" | "60" => {
                        // A statement that never closed confirms nothing.
                        self.confirm_lower_case(false);
                        self.currency = balance_currency(value);
                        let at = Source::line(&self.path, line_no);
                        mt940_balance(&mut self.out, &self.account, at, value, true);
                    }
                    "62F" | "62M" | "62" => {
                        let at = Source::line(&self.path, line_no);
                        let marks = self.out.bank.marks.len();
                        mt940_balance(&mut self.out, &self.account, at, value, false);
                        let closed = self.out.bank.marks.len() > marks;
                        self.confirm_lower_case(closed);
                    }
                    _ => {}
                }
            }
        }
    }

    fn continuation(&mut self, content: &str) {
        let Some(p) = self.pending.as_mut() else {
            return;
        };
        match self.field {
            OpenField::Statement61 => p.extra.push(content.to_string()),
            OpenField::Info86 => p.info.push((content.to_string(), false)),
            OpenField::None => {}
        }
    }

    /// Turns the pending `:61:` into a bank line or a problem.
    fn finish(&mut self) {
        let Some(p) = self.pending.take() else {
            return;
        };
        let source = Source::line(&self.path, p.line);
        let raw_value = format!(":61:{}", p.raw.trim_end());
        let head = match parse_61(&p.raw, self.currency.as_deref()) {
            Ok(h) => h,
            Err(why) => {
                let at = self.out.rows.len();
                self.out.bank.rejected(at, source.clone());
                self.out.problems.push(Problem::error(
                    source,
                    ProblemKind::SwiftLine(why),
                    raw_value,
                ));
                self.out.rows_rejected += 1;
                return;
            }
        };
        if let Some(cur) = self.currency.as_deref()
            && cur != "EUR"
        {
            let at = self.out.rows.len();
            self.out.bank.rejected(at, source.clone());
            self.out.problems.push(Problem::error(
                source,
                ProblemKind::NotEuro(cur.to_string()),
                raw_value,
            ));
            self.out.rows_rejected += 1;
            return;
        }
        let (booking_date, date_problem) = head.booking_date();
        if let Some(why) = date_problem {
            self.out
                .problems
                .push(Problem::warning(source.clone(), why, raw_value.clone()));
        }
        let info = parse_info_lines(&p.info, self.abn_amro);
        let extra = read_extra(&p.extra);

        // In the old layouts (Rabobank before SEPA, ABN AMRO's
        // `N0620266050522      Arvato Fin Serv Ltd`) the `:61:` itself names
        // the counterparty: its account, padded, then its name. The `:86:`
        // is then only the description, and a number that opens one of
        // its lines (a customer or order number) is no account.
        let in_61 = head
            .tail_name
            .as_ref()
            .and_then(|name| Some((head.reference_account()?, name.clone())));
        let (counterparty_iban, counterparty_name) = match in_61 {
            Some((account, name)) => (Some(account), name),
            None => (
                info.iban
                    .clone()
                    .or(extra.account.clone())
                    .or_else(|| head.reference_account()),
                info.name
                    .clone()
                    .or(extra.name.clone())
                    .or(head.tail_name.clone())
                    .unwrap_or_default(),
            ),
        };
        let mut references = info.references.clone();
        references.extend(find_references(&head.customer_ref));
        dedup_keep_first(&mut references);
        let return_info = match (head.reversal, info.return_info.clone()) {
            (Some(mark), Some(code)) => Some(format!("{mark} {code}")),
            (Some(mark), None) => Some(mark.to_string()),
            (None, code) => code.or(extra.return_info.clone()),
        };
        let amount = if head.debit {
            -head.amount
        } else {
            head.amount
        };
        if let Some(mark) = head.lower_case {
            self.unconfirmed.push(Unconfirmed {
                row: self.out.rows.len(),
                mark,
                raw: raw_value,
            });
        }
        let mut d = Draft::new("", booking_date, amount);
        d.value_date = Some(head.value_date);
        d.counterparty = counterparty_iban.map_or_else(String::new, |i| i.as_str().to_string());
        d.name = counterparty_name;
        d.texts = vec![info.description];
        d.references = references;
        d.bank_reference = head.bank_ref;
        d.return_info = return_info;
        let line = d.finish_at(source, self.account.clone());
        self.out.rows.push(line);
    }
}

impl Reader {
    /// Settles the lines of the statement just ended that were read with a
    /// lower-case mark. SWIFT writes the mark in upper case, but ABN AMRO's
    /// own example file has `:61:1205120514d1,01N946NONREF`; the lines are
    /// kept when the statement's balances prove the mark right (`closed`:
    /// a closing balance was just recorded, and opening balance plus the
    /// lines read gives it, in one currency, nothing rejected between).
    /// Otherwise a lower-case letter is no mark to take on trust: each such
    /// line is taken out again and reported, like any unreadable `:61:`.
    fn confirm_lower_case(&mut self, closed: bool) {
        if self.unconfirmed.is_empty() {
            return;
        }
        let confirmed = closed && self.statement_closes();
        let lines = std::mem::take(&mut self.unconfirmed);
        if confirmed {
            return;
        }
        // One merge pass over rows and marks: taking the lines out one by
        // one shifted every mark per line, square time on a long statement.
        // `lines` are in reading order, so their rows ascend.
        let rows = std::mem::take(&mut self.out.rows);
        let mut kept = Vec::with_capacity(rows.len().saturating_sub(lines.len()));
        let mut taken = Vec::with_capacity(lines.len());
        let mut next = lines.iter().map(|u| u.row).peekable();
        for (i, row) in rows.into_iter().enumerate() {
            if next.next_if_eq(&i).is_some() {
                taken.push(row);
            } else {
                kept.push(row);
            }
        }
        self.out.rows = kept;
        // Marks placed before a line was read stay before it, marks after
        // it move up by the lines taken out before them.
        let old = std::mem::take(&mut self.out.bank.marks);
        let mut marks = Vec::with_capacity(old.len() + taken.len());
        let mut placed = 0;
        let rejected = |placed: usize| Mark {
            at: lines[placed].row - placed,
            kind: MarkKind::Rejected(Box::new(taken[placed].source.clone())),
        };
        for m in old {
            while placed < lines.len() && lines[placed].row < m.at {
                marks.push(rejected(placed));
                placed += 1;
            }
            marks.push(Mark {
                at: m.at - placed,
                kind: m.kind,
            });
        }
        while placed < lines.len() {
            marks.push(rejected(placed));
            placed += 1;
        }
        self.out.bank.marks = marks;
        // The problems the last first, as they always were reported.
        for (u, line) in lines.into_iter().zip(taken).rev() {
            self.out.problems.push(Problem::error(
                line.source,
                ProblemKind::SwiftLine(SwiftFlaw::UnconfirmedLowerCaseMark(u.mark)),
                u.raw,
            ));
            self.out.rows_rejected += 1;
        }
    }

    /// Whether the last mark is a closing balance that the opening balance
    /// of its statement plus the lines read in between gives exactly.
    fn statement_closes(&self) -> bool {
        let marks = &self.out.bank.marks;
        let Some((last, before)) = marks.split_last() else {
            return false;
        };
        let MarkKind::Closing(closing) = &last.kind else {
            return false;
        };
        for m in before.iter().rev() {
            match &m.kind {
                MarkKind::Opening(opening) => {
                    let lines = self.out.rows.get(m.at..last.at).unwrap_or(&[]);
                    // Checked: a sum beyond the decimal confirms nothing.
                    let sum = lines
                        .iter()
                        .try_fold(Money::ZERO, |a, l| a.checked_add(l.amount));
                    return opening.currency == closing.currency
                        && sum.and_then(|s| opening.balance.checked_add(s))
                            == Some(closing.balance);
                }
                MarkKind::Closing(_) | MarkKind::Rejected(_) => return false,
                _ => {}
            }
        }
        false
    }
}

/// The own account of `:25:`: a `BANK/` prefix and a currency suffix
/// (`NL68INGB0000012345EUR`, `3462.483.153 EUR`) are removed, the rest is
/// normalised like an IBAN.
fn normalise_account(value: &str) -> String {
    let v = value.trim();
    let v = v.rsplit('/').next().unwrap_or(v).trim();
    let bytes = v.as_bytes();
    let v = if bytes.len() > 3
        && bytes[bytes.len() - 3..].iter().all(u8::is_ascii_uppercase)
        && (bytes[bytes.len() - 4].is_ascii_digit() || bytes[bytes.len() - 4] == b' ')
    {
        &v[..v.len() - 3]
    } else {
        v
    };
    Iban::parse(v).map_or_else(|| v.trim().to_string(), |i| i.to_string())
}
