//! Bank export reader: MT940 (SWIFT customer statement), as Dutch banks
//! write it (docs/inputs.md, FORMATS.md "MT940").
//!
//! The reader is deliberately tolerant, because every bank bends the
//! standard its own way: SWIFT envelopes `{1:}{2:}{4: … -}{5:}`, preamble
//! lines (`:940:`, `ABNANL2A`/`940`, `0000 01INGBNL2AXXXX00001`), `-` and
//! `-XXX` terminators, several statements and accounts per file, stray
//! `^Z` bytes, soft hyphens and TABs. Each `:61:` line is one transaction;
//! its `:86:` lines are joined first (they wrap mid-token at 65 characters,
//! even inside a tag name) and then read as Dutch `/TAG/` subfields, the
//! older Triodos `>20…>31` subfields or labelled free text (`NAAM:`,
//! `REK:`, `IBAN:`). A `:61:` that cannot be read is one problem and the
//! rest of the file goes on.

use std::borrow::Cow;
use std::sync::Arc;

use chrono::NaiveDate;

use super::abnamro_cells;
use super::balance::{Mark, MarkKind};
use super::record::{Draft, no_reference};
use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::ingest::dates;
use crate::money::Money;
use crate::payment::{BankLine, Shared};
use crate::problem::{Problem, ProblemKind, SwiftFlaw};
use crate::reference::{dedup_keep_first, find_references};
use crate::source::Source;

/// The format name this reader reports.
const FORMAT: &str = "mt940";

/// SWIFT lines of `:86:` are at most this long; a full line that ends in
/// the middle of a word was wrapped, not ended.
const SWIFT_LINE: usize = 65;

/// Sub-fields of the older `>20…>29` form are at most this long.
const SUBFIELD_LINE: usize = 27;

/// True when `text` is an MT940 file: it has the statement tags `:20:` and
/// `:25:` at the start of lines, and a balance or transaction tag. No CSV
/// export has lines that start that way.
pub fn detect(text: &str) -> bool {
    let (mut has20, mut has25, mut has_body) = (false, false, false);
    for raw in text.lines() {
        // Only a line whose first character that stays is `:`, `{` or `-`
        // can hold a tag (after an envelope); other lines, such as every
        // line of a CSV export, are passed over without cleaning.
        let first = raw
            .chars()
            .find(|c| !c.is_whitespace() && !matches!(c, '\u{1a}' | '\u{ad}' | '\u{feff}'));
        if !matches!(first, Some(':' | '{' | '-')) {
            continue;
        }
        let line = clean_line(raw);
        let (content, _) = strip_envelope(&line);
        let t = content.trim_start();
        has20 |= t.starts_with(":20:");
        has25 |= t.starts_with(":25:");
        has_body |= [":60F:", ":60M:", ":61:", ":28C:", ":28:", ":62F:"]
            .iter()
            .any(|tag| t.starts_with(tag));
        if has20 && has25 && has_body {
            return true;
        }
    }
    false
}

/// Reads every `:61:` transaction of the file. Source = the physical line of
/// the `:61:`.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let mut reader = Reader {
        path: path.clone(),
        out: FileRead {
            format: FORMAT.to_string(),
            rows: crate::ingest::direct_vec(0),
            problems: Vec::new(),
            rows_read: 0,
            rows_rejected: 0,
            bank: Default::default(),
        },
        account: Shared::default(),
        currency: None,
        pending: None,
        field: Field::None,
        abn_amro: false,
        unconfirmed: Vec::new(),
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = clean_line(raw);
        if !reader.abn_amro && reader.field != Field::Info86 {
            let t = line.trim();
            reader.abn_amro = t == "ABNANL2A" || (t.starts_with("{1:") && t.contains("ABNANL2A"));
        }
        let (content, ended) = strip_envelope(&line);
        if ended {
            reader.finish();
            reader.field = Field::None;
        }
        if content.trim().is_empty() {
            continue;
        }
        if is_terminator(content.trim()) {
            reader.finish();
            reader.field = Field::None;
            continue;
        }
        match split_tag(content) {
            Some((tag, value)) => reader.tag(tag, value, line_no),
            None => reader.continuation(content),
        }
    }
    reader.finish();
    reader.confirm_lower_case(false);
    reader.out.rows_read = reader.out.rows.len() as u64 + reader.out.rows_rejected;
    reader.out
}

/// Which field the following continuation lines belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    /// None that matters (preamble, balances, statement-level `:86:`).
    None,
    /// The supplementary lines of a `:61:`.
    Statement61,
    /// The `:86:` of the transaction being read.
    Info86,
}

/// A `:61:` with the lines that belong to it, until the next tag closes it.
struct Pending {
    line: u64,
    raw: String,
    /// Lines after the `:61:` before its `:86:` (counter-IBAN, `/TRCD/`, name).
    extra: Vec<String>,
    /// The lines of its `:86:` fields; `true` marks the first line of a field.
    info: Vec<(String, bool)>,
}

struct Reader {
    path: Arc<str>,
    out: FileRead<BankLine>,
    /// The own account of the current statement, shared by its lines.
    account: Shared,
    currency: Option<String>,
    pending: Option<Pending>,
    field: Field,
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
    fn tag(&mut self, tag: &str, value: &str, line_no: u64) {
        match tag {
            "86" => {
                if let Some(p) = self.pending.as_mut() {
                    p.info.push((value.to_string(), true));
                    self.field = Field::Info86;
                } else {
                    // After `:62F:` an `:86:` is a statement summary (ING
                    // `/SUM/`, `D000004C…`), not a transaction.
                    self.field = Field::None;
                }
            }
            "61" => {
                self.finish();
                self.pending = Some(Pending {
                    line: line_no,
                    raw: value.to_string(),
                    extra: Vec::new(),
                    info: Vec::new(),
                });
                self.field = Field::Statement61;
            }
            _ => {
                self.finish();
                self.field = Field::None;
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
                        super::stated::mt940_balance(&mut self.out, &self.account, at, value, true);
                    }
                    "62F" | "62M" | "62" => {
                        let at = Source::line(&self.path, line_no);
                        let marks = self.out.bank.marks.len();
                        super::stated::mt940_balance(
                            &mut self.out,
                            &self.account,
                            at,
                            value,
                            false,
                        );
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
            Field::Statement61 => p.extra.push(content.to_string()),
            Field::Info86 => p.info.push((content.to_string(), false)),
            Field::None => {}
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

/// Removes what is no content: `^Z` (0x1A, an old end-of-file mark that
/// some banks glue to a tag), soft hyphens (U+00AD), carriage returns;
/// TABs become spaces.
/// A line with none of them (nearly every line) is returned as it is.
fn clean_line(raw: &str) -> Cow<'_, str> {
    // The first bytes of what is removed or replaced: 0x1A, CR, TAB, and
    // the UTF-8 lead bytes of U+00AD (C2 AD) and U+FEFF (EF BB BF).
    if !raw
        .bytes()
        .any(|b| matches!(b, 0x1a | b'\r' | b'\t' | 0xc2 | 0xef))
    {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(
        raw.chars()
            .filter(|c| !matches!(c, '\u{1a}' | '\u{ad}' | '\r' | '\u{feff}'))
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect(),
    )
}

/// Removes SWIFT envelope blocks at the start of a line: `{1:…}{2:…}{3:…}`
/// are dropped, `{4:` opens the text (what follows it is content), `-}`
/// closes it (returned as `true`), `{5:…}` after it is dropped.
fn strip_envelope(line: &str) -> (&str, bool) {
    let mut s = line;
    let mut ended = false;
    loop {
        let t = s.trim_start();
        if let Some(rest) = t.strip_prefix("-}") {
            ended = true;
            s = rest;
        } else if let Some(rest) = t.strip_prefix("{4:") {
            s = rest;
        } else if t.starts_with('{') && t[1..].starts_with(|c: char| c.is_ascii_digit()) {
            s = skip_block(t);
        } else {
            return (s, ended);
        }
    }
}

/// The text after one balanced `{…}` block (blocks nest: `{3:{108:x}}`).
fn skip_block(t: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in t.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &t[i + 1..];
                }
            }
            _ => {}
        }
    }
    ""
}

/// `-` or `-XXX` on a line of its own ends a message. (A line such as
/// `-2014 Omschrijving/` is a wrapped `:86:` and no terminator.)
fn is_terminator(t: &str) -> bool {
    t == "-"
        || (t.len() <= 4 && t.starts_with('-') && t[1..].bytes().all(|b| b.is_ascii_uppercase()))
}

/// `:61:…` → (`61`, `…`). Tags are two or three digits and an optional
/// letter (`:28C:`, `:60F:`, `:940:`).
fn split_tag(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(':')?;
    let end = rest.find(':')?;
    let tag = &rest[..end];
    let digits = tag.bytes().take_while(u8::is_ascii_digit).count();
    let ok = (2..=3).contains(&digits)
        && tag.len() <= digits + 1
        && tag[digits..].bytes().all(|b| b.is_ascii_uppercase());
    ok.then(|| (tag, &rest[end + 1..]))
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

/// The currency of a `:60F:` balance: `C190825EUR1111,10` → `EUR`.
fn balance_currency(value: &str) -> Option<String> {
    let cur: String = value.trim().chars().skip(7).take(3).collect();
    (cur.len() == 3 && cur.chars().all(|c| c.is_ascii_uppercase())).then_some(cur)
}

/// What a `:61:` line says.
#[derive(Debug, PartialEq, Eq)]
struct Head {
    value_date: NaiveDate,
    /// Entry (booking) date as month and day, when given.
    entry: Option<(u32, u32)>,
    debit: bool,
    /// `RC` or `RD` when the bank marks the line as a reversal.
    reversal: Option<&'static str>,
    /// The mark was written in lower case (`c`, `d`), as in ABN AMRO's own
    /// example file: taken only when the statement's balances confirm it.
    lower_case: Option<char>,
    amount: Money,
    customer_ref: String,
    bank_ref: Option<String>,
    /// Old Rabobank: the counterparty's name after a 16-column reference.
    tail_name: Option<String>,
}

impl Head {
    /// The booking date: the entry date in the year that puts it nearest the
    /// value date (so `1231` with value date `0102` is last year), else the
    /// value date.
    fn booking_date(&self) -> (NaiveDate, Option<ProblemKind>) {
        let Some((m, d)) = self.entry else {
            return (self.value_date, None);
        };
        match dates::nearest_year(m, d, self.value_date) {
            Some(date) => (date, None),
            None => (
                self.value_date,
                Some(ProblemKind::EntryDateNoDate { month: m, day: d }),
            ),
        }
    }

    /// The counterparty's account when the reference field holds it: an
    /// IBAN (SNS), or an old domestic number followed by a name (Rabobank).
    fn reference_account(&self) -> Option<Iban> {
        let r = self.customer_ref.trim();
        if looks_like_iban(r) {
            return Iban::parse(r);
        }
        (self.tail_name.is_some() && is_domestic_account(r))
            .then(|| Iban::parse(r))
            .flatten()
    }
}

/// Shaped like an IBAN (country letters, check digits, 11–30 letters and
/// digits, no spaces). The check digits are not tested: anonymised and
/// mistyped IBANs are still the account the bank printed.
///
/// The length must be the one of its country where that is known: Knab's
/// customer reference `NL66RABO01295689` has the letters of an IBAN but
/// 16 characters, and a Dutch IBAN has 18.
fn looks_like_iban(s: &str) -> bool {
    let b = s.as_bytes();
    let shaped = (15..=34).contains(&b.len())
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b.iter().all(u8::is_ascii_alphanumeric);
    shaped
        && SEPA_IBAN_LENGTHS
            .iter()
            .find(|(country, _)| country.as_bytes() == &b[..2])
            .is_none_or(|(_, len)| *len == b.len())
}

/// IBAN lengths of the SEPA countries (ISO 13616 registry).
const SEPA_IBAN_LENGTHS: [(&str, usize); 37] = [
    ("AD", 24),
    ("AT", 20),
    ("BE", 16),
    ("BG", 22),
    ("CH", 21),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("EE", 20),
    ("ES", 24),
    ("FI", 18),
    ("FR", 27),
    ("GB", 22),
    ("GI", 23),
    ("GR", 27),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IS", 26),
    ("IT", 27),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MT", 31),
    ("NL", 18),
    ("NO", 15),
    ("PL", 28),
    ("PT", 25),
    ("RO", 24),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("VA", 22),
];

/// An old Dutch account number: 7–10 digits, or a Postbank `P` number.
fn is_domestic_account(s: &str) -> bool {
    let digits = s.strip_prefix('P').unwrap_or(s);
    (3..=10).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (s.starts_with('P') || digits.len() >= 7)
}

/// Reads `YYMMDD[MMDD](C|D|RC|RD)[funds code]amount(N|F|S)xxx reference[//bank ref]`.
///
/// `currency` is the statement's (from `:60F:`), when known: only its last
/// letter is taken for a funds code, so a letter typed into an amount
/// (`Cl05,00`) is never passed over as one.
fn parse_61(raw: &str, currency: Option<&str>) -> Result<Head, SwiftFlaw> {
    let s = raw.trim_end();
    let digits_at = |from: usize, n: usize| {
        s.get(from..from + n)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
    };
    let num = |t: &str| t.parse::<u32>().unwrap_or(0);
    let date = digits_at(0, 6).ok_or(SwiftFlaw::NoValueDate)?;
    let value_date =
        dates::swift_yymmdd(date).ok_or_else(|| SwiftFlaw::BadValueDate(date.to_string()))?;
    let mut pos = 6;
    let entry = digits_at(6, 4).map(|e| (num(&e[0..2]), num(&e[2..4])));
    // ASN writes four spaces where the optional entry date belongs.
    if entry.is_some() || s.get(6..10) == Some("    ") {
        pos = 10;
    }
    let rest = s.get(pos..).unwrap_or("");
    let (debit, reversal, rest) = if let Some(r) = rest.strip_prefix("RC") {
        (true, Some("RC"), r)
    } else if let Some(r) = rest.strip_prefix("RD") {
        (false, Some("RD"), r)
    } else if let Some(r) = rest.strip_prefix(['C', 'c']) {
        (false, None, r)
    } else if let Some(r) = rest.strip_prefix(['D', 'd']) {
        (true, None, r)
    } else {
        return Err(SwiftFlaw::NoDebitCredit);
    };
    let lower_case = s
        .get(pos..)
        .and_then(|t| t.chars().next())
        .filter(char::is_ascii_lowercase);
    // An optional funds code: the last letter of the currency.
    let funds = currency.and_then(|c| c.chars().last());
    let rest = match rest.chars().next() {
        Some(c) if c.is_ascii_uppercase() && funds.is_none_or(|f| f == c) => &rest[1..],
        _ => rest,
    };
    // The amount runs up to the transaction type (`N`, `F` or `S`); every
    // character of it must be read, or the line is refused: a letter O
    // typed for a zero (`1O5,00`) is no amount of 1.
    let amount_len = rest
        .char_indices()
        .find(|(_, c)| matches!(c, 'N' | 'F' | 'S'))
        .map_or(rest.len(), |(i, _)| i);
    // Commerzbank and Deutsche Bank put a space before the type code
    // (`50,00 NTRF`); Knab writes whole euros without a comma (`C500NTRF`).
    let amount_text = rest[..amount_len].trim_end();
    let amount = swift_amount(amount_text)?;
    let rest = &rest[amount_len..];
    // The type code is the letter and three letters, digits or spaces
    // (`NTRF`, `N426`, Triodos `NET0`); a letter typed into the amount
    // before its comma (`1S5,00`) makes none. One typed after the comma
    // (`105,0N0NTRF`) makes a valid line in SWIFT's own syntax: no reader
    // can tell it from the amount 105,0.
    let code: Vec<char> = rest.chars().skip(1).take(3).collect();
    if !code.iter().all(|c| c.is_ascii_alphanumeric() || *c == ' ') {
        let shown: String = rest.chars().take(4).collect();
        return Err(SwiftFlaw::AmountNotNumber(format!("{amount_text}{shown}")));
    }
    // Transaction type: N, F or S and three characters (`NTRF`, `N426`, `NET `).
    let tail = match rest.chars().next() {
        Some('N' | 'F' | 'S') => {
            let end = rest.char_indices().nth(4).map_or(rest.len(), |(i, _)| i);
            &rest[end..]
        }
        _ => rest,
    };
    let (customer_ref, bank_ref, tail_name) = split_reference(tail);
    Ok(Head {
        value_date,
        entry,
        debit,
        reversal,
        lower_case,
        amount,
        customer_ref,
        bank_ref,
        tail_name,
    })
}

/// A SWIFT amount, read exactly: digits with a decimal comma (`1000,00`,
/// `1171,6`, `203,`, `0,`) or, in old Rabobank and JPY statements, a
/// decimal point (`000000000350.43`, `00000001560395.`). Anything else
/// is an error that quotes the text, never the digits that happen to lead.
pub(crate) fn swift_amount(text: &str) -> Result<Money, SwiftFlaw> {
    let bad = || SwiftFlaw::AmountNotNumber(text.to_string());
    let (int, frac) = match text.find([',', '.']) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if text.is_empty() || int.is_empty() || !digits(int) || !digits(frac) {
        return Err(if text.is_empty() {
            SwiftFlaw::NoAmount
        } else {
            bad()
        });
    }
    let int = int.trim_start_matches('0');
    let number = format!("{}.{frac}", if int.is_empty() { "0" } else { int });
    let number = number.trim_end_matches('.');
    let value = rust_decimal::Decimal::from_str_exact(number).map_err(|_| bad())?;
    Money::bounded(value).ok_or_else(|| SwiftFlaw::AmountTooLarge(text.to_string()))
}

/// Splits the tail of a `:61:` into the account owner's reference, the
/// bank's reference after `//`, and (old Rabobank) a name after a
/// reference padded to 16 columns.
fn split_reference(tail: &str) -> (String, Option<String>, Option<String>) {
    if let Some((cref, bank)) = tail.split_once("//") {
        let bank = bank.split_whitespace().next().unwrap_or("");
        let bank = (!no_reference(bank)).then(|| bank.to_string());
        return (cref.trim().to_string(), bank, None);
    }
    let chars: Vec<char> = tail.chars().collect();
    if chars.len() > 16 {
        let head: String = chars[..16].iter().collect();
        let after: String = chars[16..].iter().collect();
        // A reference padded with spaces to column 16 and text after it.
        let padded = head.ends_with(' ');
        if padded && !head.trim().contains(' ') && !after.trim().is_empty() {
            return (
                head.trim().to_string(),
                None,
                Some(collapse(&after)).filter(|n| !n.is_empty()),
            );
        }
    }
    // The same without the padding to column 16: an account number, a run
    // of spaces, then the name.
    let t = tail.trim();
    if let Some((account, after)) = t.split_once("  ")
        && (is_domestic_account(account) || looks_like_iban(account))
        && !after.trim().is_empty()
    {
        return (account.to_string(), None, Some(collapse(after)));
    }
    (t.to_string(), None, None)
}

/// What the lines between a `:61:` and its `:86:` add.
#[derive(Default)]
struct Extra {
    account: Option<Iban>,
    name: Option<String>,
    return_info: Option<String>,
}

/// Rabobank puts the counter-IBAN (or an old account number) there, SNS
/// the counterparty's name, ING `/TRCD/` codes.
fn read_extra(lines: &[String]) -> Extra {
    let mut extra = Extra::default();
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.starts_with('/') {
            let info = parse_info_text(t);
            extra.return_info = extra.return_info.or(info.return_info);
            continue;
        }
        if extra.account.is_none() && (looks_like_iban(t) || is_domestic_account(t)) {
            extra.account = Iban::parse(t);
        } else if extra.name.is_none() {
            extra.name = Some(collapse(t));
        }
    }
    extra
}

/// What the `:86:` of a transaction says, in any of its forms. Also used
/// for the same kind of text in CAMT `AddtlNtryInf`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Info {
    /// The counterparty's account.
    pub(crate) iban: Option<Iban>,
    /// The counterparty's name.
    pub(crate) name: Option<String>,
    /// Free text without tags, single-spaced.
    pub(crate) description: String,
    /// Structured references (`/EREF/`, `/REMI/STRD/`, `BETALINGSKENM.`) and
    /// those found in the description.
    pub(crate) references: Vec<String>,
    /// `/RTRN/` reason, or a transaction type that says storno or retour.
    pub(crate) return_info: Option<String>,
}

/// Reads one text of `:86:` form (lines separated by newlines).
pub(crate) fn parse_info_text(text: &str) -> Info {
    let lines: Vec<(Cow<'_, str>, bool)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (clean_line(l), i == 0))
        .collect();
    parse_info_lines(&lines, false)
}

/// The forms an `:86:` comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `/TAG/value/TAG/value` (Dutch banks since SEPA).
    Tagged,
    /// `000>20…>21…` (older Triodos).
    Subfields,
    /// Anything else, possibly with `NAAM:`/`REK:`/`IBAN:` labels.
    Free,
}

/// Tags of the Dutch `:86:` standard (and ABN AMRO's variant of it).
const TAGS: [&str; 33] = [
    "TRTP", "CNTP", "BBAN", "ACCW", "EREF", "REMI", "ORDP", "BENM", "IBAN", "BIC", "NAME", "ADDR",
    "ID", "RTRN", "MARF", "CSID", "ISDT", "PREF", "SVCL", "ULTC", "ULTD", "ULTB", "PURP",
    "CDTRREF", "FX", "EXCH", "CHGS", "OCMT", "NRTX", "BUSP", "RTYP", "SUM", "TRCD",
];

/// Joins the lines of the `:86:` fields of one transaction and reads them.
/// Lines of one field are joined without a separator in the tagged and
/// sub-field forms (they wrap anywhere, even inside `RE|MI`); in free text
/// only a full 65-character line that ends inside a word is glued to the
/// next. Separate `:86:` fields are joined with a space. With `cells`
/// (ABN AMRO), free text is in 32-character cells and joined as the TAB
/// export's description is ([`abnamro_cells`]).
fn parse_info_lines<S: AsRef<str>>(lines: &[(S, bool)], cells: bool) -> Info {
    let mut fields: Vec<Vec<&str>> = Vec::new();
    for (line, first) in lines {
        match fields.last_mut() {
            Some(f) if !*first => f.push(line.as_ref()),
            _ => fields.push(vec![line.as_ref()]),
        }
    }
    let mut merged = Info::default();
    let mut descriptions = Vec::new();
    for field in &fields {
        let glued: String = field.concat();
        let info = match form_of(&glued) {
            Form::Tagged => parse_tagged(&glued),
            Form::Subfields => parse_subfields(&glued),
            Form::Free if cells => {
                let mut info = match abnamro_cells::join_lines(field) {
                    Some(text) => parse_free(&text),
                    None => parse_free(&join_free(field)),
                };
                if let Some((account, name)) =
                    field.first().and_then(|l| abnamro_cells::pre_sepa_party(l))
                {
                    info.iban = info.iban.or_else(|| Iban::parse(&account));
                    info.name = info.name.or(Some(name));
                }
                info
            }
            Form::Free => {
                let mut info = parse_free(&join_free(field));
                if let Some((account, name)) = field.first().and_then(|l| leading_party(l)) {
                    info.iban = info.iban.or(Some(account));
                    info.name = info.name.or(name);
                }
                info
            }
        };
        merged.iban = merged.iban.or(info.iban);
        merged.name = merged.name.or(info.name);
        merged.return_info = merged.return_info.or(info.return_info);
        merged.references.extend(info.references);
        if !info.description.is_empty() {
            descriptions.push(info.description);
        }
    }
    merged.description = descriptions.join(" ");
    merged
        .references
        .extend(find_references(&merged.description));
    // Repeats dropped once for all fields, hashed: the readers of the
    // fields push every reference they meet.
    dedup_keep_first(&mut merged.references);
    merged
}

fn form_of(glued: &str) -> Form {
    let t = glued.trim_start();
    if let Some(rest) = t.strip_prefix('/')
        && TAGS
            .iter()
            .any(|tag| rest.starts_with(tag) && rest[tag.len()..].starts_with('/'))
    {
        return Form::Tagged;
    }
    let code = t.bytes().take_while(u8::is_ascii_digit).count();
    let after = &t[code..];
    if code <= 3
        && after.starts_with('>')
        && after[1..].bytes().take(2).all(|b| b.is_ascii_digit())
        && after.len() >= 3
    {
        return Form::Subfields;
    }
    Form::Free
}

/// Free-text lines: a full SWIFT line that ends inside a word continues on
/// the next line; otherwise a line ended where the bank ended it.
fn join_free(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut prev: Option<&str> = None;
    for line in lines {
        if let Some(p) = prev {
            let full = p.chars().count() >= SWIFT_LINE;
            let glued = full
                && p.ends_with(|c: char| !c.is_whitespace())
                && line.starts_with(|c: char| !c.is_whitespace());
            if !glued {
                out.push(' ');
            }
        }
        out.push_str(line);
        prev = Some(line);
    }
    out
}

/// `/TAG/value/TAG/value…` → the parts, in order. Only known tags split, so
/// a `/` inside a value stays.
fn tagged_parts(text: &str) -> Vec<(&'static str, &str)> {
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find('/') {
        let at = i + off;
        let rest = &text[at + 1..];
        let tag = TAGS
            .iter()
            .filter(|tag| rest.starts_with(**tag) && rest[tag.len()..].starts_with('/'))
            .max_by_key(|tag| tag.len());
        match tag {
            Some(tag) => {
                let value_start = at + tag.len() + 2;
                found.push((at, value_start, tag));
                i = value_start;
            }
            None => i = at + 1,
        }
    }
    found
        .iter()
        .enumerate()
        .map(|(k, (_, start, tag))| {
            let end = found.get(k + 1).map_or(text.len(), |next| next.0);
            (*tag, &text[*start..end.max(*start)])
        })
        .collect()
}

fn parse_tagged(text: &str) -> Info {
    let mut info = Info::default();
    let mut cntp_name = None;
    let mut name = None;
    let (mut bban, mut party_account, mut party_name) = (None, None, None);
    let mut remi = Vec::new();
    for (tag, value) in tagged_parts(text) {
        let v = value.trim_matches('/').trim();
        match tag {
            "CNTP" => {
                let mut parts = value.split('/');
                let account = parts.next().unwrap_or("");
                let _bic = parts.next();
                let n = collapse(parts.next().unwrap_or(""));
                info.iban = info.iban.or_else(|| Iban::parse(account));
                if !n.is_empty() {
                    cntp_name = Some(n);
                }
            }
            "IBAN" => info.iban = info.iban.or_else(|| Iban::parse(v)),
            // Knab: the account of a savings transfer, without an IBAN.
            "BBAN" => bban = bban.or_else(|| Iban::parse(v)),
            // Rabobank: `/ACCW/NL54INGB0006752576,INGBNL2A`, account and BIC.
            "ACCW" => {
                let account = v.split([',', '/']).next().unwrap_or("");
                party_account = party_account.or_else(|| Iban::parse(account));
            }
            // `/ORDP//NAME/…` names the party in `NAME`; ING's older form
            // writes it here: `account/BIC/name/city`, or only the name.
            "ORDP" | "BENM" => {
                let (account, n) = party(value);
                party_account = party_account.or(account);
                party_name = party_name.or(n);
            }
            "NAME" if name.is_none() && !v.is_empty() => name = Some(collapse(v)),
            "REMI" => {
                if let Some(rest) = v.strip_prefix("USTD") {
                    remi.push(collapse(rest.trim_matches('/')));
                } else if let Some(rest) = v.strip_prefix("STRD") {
                    // `STRD/CUR/kenmerk` or `STRD/ISO/RF…`: the last part is
                    // the reference.
                    if let Some(r) = rest.split('/').map(str::trim).rfind(|p| !p.is_empty()) {
                        info.references.push(r.to_string());
                    }
                } else if !v.is_empty() {
                    remi.push(collapse(v));
                }
            }
            "EREF" if !no_reference(v) => {
                info.references.push(v.to_string());
            }
            "RTRN" => {
                info.return_info = Some(if v.is_empty() {
                    "return".to_string()
                } else {
                    v.to_string()
                });
            }
            "TRTP" => {
                let lower = v.to_lowercase();
                if ["storno", "retour", "terugboeking", "reversal", "return"]
                    .iter()
                    .any(|w| lower.contains(w))
                {
                    info.return_info = info.return_info.or_else(|| Some(v.to_string()));
                }
            }
            _ => {}
        }
    }
    info.name = cntp_name.or(party_name).or(name);
    info.iban = info.iban.or(party_account).or(bban);
    info.description = remi
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    info
}

/// The party of an `/ORDP/` or `/BENM/` value: `account/BIC/name/city`
/// or a bare name; empty (`/ORDP//NAME/…`) gives nothing.
fn party(value: &str) -> (Option<Iban>, Option<String>) {
    let mut parts = value.split('/').map(str::trim).filter(|p| !p.is_empty());
    let Some(first) = parts.next() else {
        return (None, None);
    };
    let compact: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    if looks_like_iban(&compact) || is_domestic_account(&compact) {
        let name = parts.find(|p| !is_bic(p)).map(collapse);
        return (Iban::parse(&compact), name);
    }
    if is_bic(first) {
        return (None, parts.next().map(collapse));
    }
    (None, Some(collapse(first)))
}

/// The older `000>20…>29…>31…` form: sub-fields of at most 27 characters;
/// a full one continues in the next. A sub-field that is an IBAN is the
/// counterparty's account, one that is a BIC is left out; `>32`/`>33` hold a
/// name; `>31` is the own account.
fn parse_subfields(text: &str) -> Info {
    let mut info = Info::default();
    let mut parts: Vec<(u32, &str)> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('>') {
        let after = &rest[at + 1..];
        let code = after
            .get(0..2)
            .filter(|c| c.bytes().all(|b| b.is_ascii_digit()));
        match code {
            Some(code) => {
                let body = &after[2..];
                let end = body
                    .char_indices()
                    .find(|(i, c)| {
                        *c == '>'
                            && body
                                .get(i + 1..i + 3)
                                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
                    })
                    .map_or(body.len(), |(i, _)| i);
                parts.push((code.parse().unwrap_or(0), &body[..end]));
                rest = &body[end..];
            }
            None => rest = after,
        }
    }
    let mut text_out = String::new();
    let mut prev_full = false;
    let mut names = Vec::new();
    for (code, value) in parts {
        match code {
            20..=29 => {
                let t = value.trim();
                if looks_like_iban(t) {
                    info.iban = info.iban.or_else(|| Iban::parse(t));
                    continue;
                }
                if is_bic(t) {
                    continue;
                }
                if !text_out.is_empty() && !prev_full {
                    text_out.push(' ');
                }
                text_out.push_str(value);
                prev_full = value.chars().count() >= SUBFIELD_LINE;
            }
            32 | 33 => names.push(value.trim().to_string()),
            _ => {}
        }
    }
    let name = collapse(&names.concat());
    info.name = (!name.is_empty()).then_some(name);
    info.description = collapse(&text_out);
    info
}

/// A BIC: 4 bank letters, 2 country letters, 2 location characters and an
/// optional 3-character branch.
fn is_bic(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 8 || b.len() == 11)
        && b[..6].iter().all(u8::is_ascii_uppercase)
        && b[6..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Labels of free-text `:86:` lines (ABN AMRO before SEPA tags, Knab), the
/// longest spelling first.
const LABELS: [&str; 15] = [
    "BETALINGSKENMERK:",
    "BETALINGSKENM.:",
    "BETALINGSKENM.",
    "OMSCHRIJVING:",
    "ID DEBITEUR:",
    "MACHTIGING:",
    "REFERENTIE:",
    "VALUTADATUM:",
    "INCASSANT:",
    "KENMERK:",
    "IBAN:",
    "NAAM:",
    "NAME:",
    "BIC:",
    "REK:",
];

/// Free text: the whole text is the description; labelled values give the
/// counterparty and a payment reference; an IBAN at the very start (SNS) is
/// the counterparty's account.
fn parse_free(text: &str) -> Info {
    let text = collapse(text);
    let mut info = Info::default();
    let upper = text.to_ascii_uppercase();
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    let mut i = 0;
    while i < upper.len() {
        let boundary =
            i == 0 || upper[..i].ends_with(|c: char| c.is_whitespace() || c == '/' || c == ',');
        let label = boundary
            .then(|| LABELS.iter().find(|l| upper[i..].starts_with(**l)))
            .flatten();
        match label {
            Some(l) => {
                marks.push((i, i + l.len(), l));
                i += l.len();
            }
            None => i += upper[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    for (k, (_, start, label)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        let value = text[*start..end.max(*start)]
            .trim()
            .trim_end_matches([',', '/'])
            .trim();
        let first = value.split(['/', ' ']).next().unwrap_or("");
        match *label {
            "IBAN:" | "REK:" => info.iban = info.iban.or_else(|| Iban::parse(first)),
            "NAAM:" | "NAME:" if info.name.is_none() && !value.is_empty() => {
                info.name = Some(value.to_string());
            }
            "BETALINGSKENMERK:" | "BETALINGSKENM.:" | "BETALINGSKENM." => {
                let digits: String = value
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(',')
                    .to_string();
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    info.references.push(digits);
                }
            }
            _ => {}
        }
    }
    if info.iban.is_none() {
        let first = text.split_whitespace().next().unwrap_or("");
        info.iban = looks_like_iban(first).then(|| Iban::parse(first)).flatten();
    }
    info.description = text;
    info
}

/// The counterparty at the start of a free `:86:`'s first line: an IBAN
/// (SNS, ASN) or an old 9- or 10-digit account number (ING before SEPA:
/// `0111111111 ING Bank N.V. inzake TEST`), then the name on the rest of
/// that line.
fn leading_party(line: &str) -> Option<(Iban, Option<String>)> {
    let t = line.trim();
    let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let domestic = (9..=10).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    if !(domestic || looks_like_iban(first)) {
        return None;
    }
    let name = collapse(rest);
    let named = name.chars().any(char::is_alphabetic) && !name.contains(':');
    Some((Iban::parse(first)?, named.then_some(name)))
}

/// Runs of white space become one space; the ends are trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the readers against `fixtures/samples/bank/expected.csv`, whose
/// totals were counted by an independent reader. Shared by the CAMT tests.
#[cfg(test)]
pub(crate) mod sample_check {
    use std::str::FromStr;
    use std::sync::Arc;

    use rust_decimal::Decimal;

    use crate::money::Money;
    use crate::problem::Severity;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/samples/bank");

    /// Reads every sample of `format` listed in `expected.csv` through the
    /// format detection of `ingest::bank` and compares count, credit and
    /// debit counts, totals and first and last booking date (`none` for a
    /// file without lines). Returns the paths checked, so that a test can
    /// tell whether every sample of its folder is listed.
    pub(crate) fn check_format(format: &str) -> Vec<String> {
        let mut csv = csv::Reader::from_path(format!("{DIR}/expected.csv")).unwrap();
        let headers = csv.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (c_path, c_format, c_tx) = (col("path"), col("format"), col("transactions"));
        let (c_cr, c_db) = (col("credits"), col("debits"));
        let (c_crt, c_dbt) = (col("credit_total"), col("debit_total"));
        let (c_first, c_last) = (col("first_date"), col("last_date"));
        let c_rejected = col("rejected");
        let mut checked = Vec::new();
        for rec in csv.records() {
            let rec = rec.unwrap();
            if &rec[c_format] != format {
                continue;
            }
            let rel = &rec[c_path];
            let bytes = std::fs::read(format!("{DIR}/{rel}")).unwrap();
            let path: Arc<str> = Arc::from(format!("bank/{rel}"));
            let r = crate::ingest::bank::read(&path, &bytes);
            assert_eq!(r.format, format, "{rel}: detected as {}", r.format);
            // The only errors are the lines refused by design (`rejected`:
            // those of a statement in another currency than EUR).
            let errors: Vec<_> = r
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .collect();
            let rejected: u64 = rec[c_rejected].parse().unwrap();
            assert!(
                errors
                    .iter()
                    .all(|p| matches!(p.kind, crate::problem::ProblemKind::NotEuro(_))),
                "{rel}: {errors:?}"
            );
            assert_eq!(errors.len() as u64, rejected, "{rel}: {errors:?}");
            assert_eq!(r.rows_rejected, rejected, "{rel}: rejected");
            assert_eq!(r.rows_read, r.rows.len() as u64 + r.rows_rejected, "{rel}");
            // `transactions` counts `:61:` lines and CAMT `Ntry` elements;
            // the samples hold no batch entry, so that is one row each.
            let n: usize = rec[c_tx].parse().unwrap();
            assert_eq!(r.rows.len(), n, "{rel}: transactions");
            let credits: Vec<Money> = r
                .rows
                .iter()
                .map(|l| l.amount)
                .filter(|a| a.is_positive())
                .collect();
            let debits: Vec<Money> = r
                .rows
                .iter()
                .map(|l| l.amount)
                .filter(|a| a.is_negative())
                .collect();
            assert_eq!(
                credits.len(),
                rec[c_cr].parse::<usize>().unwrap(),
                "{rel}: credits"
            );
            assert_eq!(
                debits.len(),
                rec[c_db].parse::<usize>().unwrap(),
                "{rel}: debits"
            );
            let credit_total: Money = credits.iter().sum();
            let debit_total: Money = -debits.iter().sum::<Money>();
            assert_eq!(
                credit_total.decimal(),
                Decimal::from_str(&rec[c_crt]).unwrap(),
                "{rel}: credit total"
            );
            assert_eq!(
                debit_total.decimal(),
                Decimal::from_str(&rec[c_dbt]).unwrap(),
                "{rel}: debit total"
            );
            // A statement without lines has no first or last date.
            let date = |d: Option<chrono::NaiveDate>| d.map_or("none".into(), |d| d.to_string());
            let first = date(r.rows.iter().map(|l| l.booking_date).min());
            let last = date(r.rows.iter().map(|l| l.booking_date).max());
            assert_eq!(first, &rec[c_first], "{rel}: first date");
            assert_eq!(last, &rec[c_last], "{rel}: last date");
            checked.push(rel.to_string());
        }
        checked
    }

    /// The files of one folder of the samples (`mt940`, `camt053`), as
    /// `expected.csv` names them (`folder/name`), sorted.
    pub(crate) fn files_in(folder: &str) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(format!("{DIR}/{folder}"))
            .unwrap()
            .map(|e| format!("{folder}/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        files.sort();
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Severity;
    use crate::source::Loc;

    fn m(s: &str) -> Money {
        Money::new(rust_decimal::Decimal::from_str_exact(s).unwrap())
    }

    fn date(y: i32, mo: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap()
    }

    fn read(text: &str) -> FileRead<BankLine> {
        parse(&Arc::from("bank/x.sta"), text)
    }

    fn sample(name: &str) -> FileRead<BankLine> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/samples/bank/mt940/");
        let bytes = std::fs::read(format!("{dir}{name}")).unwrap();
        let (text, _) = crate::text::decode(&bytes);
        assert!(detect(&text), "{name} not detected");
        parse(&Arc::from(name), &text)
    }

    const HEAD: &str = ":20:STMT\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C260101EUR100,00\n";

    /// Every MT940 sample of `fixtures/samples/bank/mt940` has its row in
    /// `expected.csv` and reads as that row says.
    #[test]
    fn samples_match_expected_totals() {
        let mut checked = sample_check::check_format("mt940");
        checked.sort();
        assert_eq!(checked, sample_check::files_in("mt940"));
    }

    #[test]
    fn a_huge_balance_or_amount_is_a_problem_not_a_panic() {
        // Decimal::MAX as opening balance: unreadable, so the statement is
        // not checked, and the line stays.
        let r = read(
            ":20:X\n:25:NL01\n:60F:C260101EUR79228162514264337593543950335,\n\
:61:2601010101C1,NTRFNONREF\n:62F:C260101EUR0,\n",
        );
        assert_eq!((r.rows.len(), r.rows_rejected), (1, 0));
        assert!(
            r.problems
                .iter()
                .any(|p| p.kind == ProblemKind::BalanceUnreadable),
            "{:?}",
            r.problems
        );
        // A line of 1e15 or more is refused with its text.
        let r = read(
            ":20:X\n:25:NL01\n:60F:C260101EUR0,\n\
:61:2601010101C1000000000000000,NTRFNONREF\n:61:2601010101C1,NTRFNONREF\n:62F:C260101EUR1,\n",
        );
        assert_eq!((r.rows.len(), r.rows_rejected), (1, 1));
        assert!(r.problems.iter().any(|p| p.kind
            == ProblemKind::SwiftLine(SwiftFlaw::AmountTooLarge("1000000000000000,".into()))));
        assert_eq!(
            swift_amount("999999999999999,99"),
            Ok(m("999999999999999.99"))
        );
    }

    #[test]
    fn detects_mt940_but_no_csv() {
        assert!(detect(HEAD));
        assert!(detect(
            "{1:F01X}{2:I940X}{4:\n:20:A\n:25:123\n:61:2601010101C1,NTRFNONREF\n-}"
        ));
        assert!(!detect(
            "\"Datum\",\"Naam / Omschrijving\",\"Rekening\"\n\"20260101\",\":20:x\",\"NL\"\n"
        ));
        assert!(!detect(
            "date;amount;description\n2026-01-01;10,00;:20: :25: :61:\n"
        ));
        assert!(!detect("<Document><BkToCstmrStmt/></Document>"));
    }

    #[test]
    fn ctrl_z_glued_to_a_tag_and_two_accounts() {
        let r = sample("zilverline-two-accounts.txt");
        assert_eq!(r.rows.len(), 3);
        // The ^Z glued to `:20:` still opens the fourth statement, whose
        // account is `1325.76.155EUR`.
        assert_eq!(r.rows[0].account, "156750961");
        assert_eq!(r.rows[2].account, "132576155");
        assert_eq!(r.rows[2].amount, m("250.00"));
        assert_eq!(r.rows[2].counterparty_name, "ZILVERLINE B.V. /FREEMLE");
        // Three `:86:` after one `:61:` are one description.
        assert_eq!(
            r.rows[1].description,
            "BETALINGSKENM. 3010675705 GOOGLE GOOG6291713437 1402786401"
        );
        let mut text = String::from(HEAD);
        text.push_str(":61:2601050105C10,00NTRFNONREF\n:86:a\n:62F:C260105EUR110,00\n\u{1a}");
        text.push_str(
            ":20:B\n:25:NL02RABO0123456789\n:60F:C260101EUR0,\n:61:2601060106D1,NTRFNONREF\n",
        );
        let r = read(&text);
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows[1].account, "NL02RABO0123456789");
        assert_eq!(r.rows[1].source.loc, Loc::Line(11));
    }

    #[test]
    fn soft_hyphens_tabs_and_summary_lines_are_no_content() {
        let r = sample("mt940rs-jejik-ing.sta");
        assert_eq!(r.rows.len(), 7);
        for l in &r.rows {
            assert!(
                !l.description.contains(['\u{ad}', '\t']),
                "{:?}",
                l.description
            );
        }
        assert!(
            r.rows[1]
                .description
                .contains("SPOEDBETALING MPBZS1016000047")
        );
        // `:86:D000004C…` after `:62F:` is no transaction and no text.
        assert!(r.rows.iter().all(|l| !l.description.contains("D000004C")));
        assert_eq!(r.rows[6].booking_date, date(2010, 7, 23));
    }

    #[test]
    fn envelopes_and_the_ing_sum_trailer() {
        let r = sample("zilverline-ing-iban.txt");
        assert_eq!(r.rows.len(), 21);
        assert_eq!(r.rows[0].account, "NL68INGB0000012345");
        assert_eq!(r.rows[0].description, "22-08-2014 Omschrijving");
        assert_eq!(r.rows[0].counterparty_name, "B Bert");
        assert_eq!(r.rows[0].bank_reference.as_deref(), Some("14237654096217"));
        let kpn = &r.rows[8];
        assert_eq!(kpn.counterparty_name, "KPN - MOBIEL");
        assert_eq!(*kpn.references, ["02164810730000043"]);
        assert!(kpn.description.starts_with("Factuurnr: 2015/123456789.00."));
        let sns = sample("zilverline-sns.txt");
        assert_eq!(sns.rows.len(), 4);
        assert_eq!(
            sns.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL11RABO0987654321")
        );
        assert_eq!(sns.rows[1].counterparty_name, "f. spark bedrijf n.v.");
        // Entry date 01-19 with value date 01-01.
        assert_eq!(sns.rows[0].booking_date, date(2014, 1, 19));
        assert_eq!(sns.rows[0].value_date, Some(date(2014, 1, 1)));
        let knab = sample("zilverline-knab-two-blocks.txt");
        assert_eq!(knab.rows.len(), 3);
        assert_eq!(knab.rows[1].counterparty_name, "BEDRIJF VOF");
        assert_eq!(
            knab.rows[2].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL76INB05555555555")
        );
    }

    #[test]
    fn tags_wrapped_mid_name_are_joined() {
        let r = sample("zilverline-triodos-iban-2.txt");
        assert_eq!(r.rows[1].description, "Factuurnummer 201801-001");
        assert!(
            r.rows[1].references.is_empty(),
            "{:?}",
            r.rows[1].references
        );
        assert_eq!(*r.rows[0].references, ["7293-201801001"]);
        assert_eq!(r.rows[0].counterparty_name, "G-AAAAA N.V.");
        // Empty `/CNTP////`: no counterparty.
        assert_eq!(r.rows[3].counterparty_iban, None);
        assert_eq!(r.rows[3].counterparty_name, "");
        let rabo = sample("zilverline-rabobank-structured.txt");
        assert_eq!(rabo.rows[0].counterparty_name, "Nespresso Nederland B.V.");
        assert_eq!(
            rabo.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL96RBOS0523149468")
        );
        assert_eq!(
            rabo.rows[2].counterparty_iban.as_ref().map(Iban::as_str),
            Some("P004500018")
        );
    }

    #[test]
    fn short_amounts_preambles_and_entry_dates() {
        let r = sample("zilverline-abnamro-structured.txt");
        assert_eq!(r.rows.len(), 10);
        assert_eq!(r.rows[0].amount, m("-5.1"));
        assert_eq!(r.rows[1].amount, m("-10"));
        assert_eq!(r.rows[3].amount, m("4"));
        // Value date 14-01-11, entry date 01-13.
        assert_eq!(r.rows[0].booking_date, date(2014, 1, 13));
        assert_eq!(r.rows[2].counterparty_name, "FOOBAR");
        assert_eq!(r.rows[2].description, "SAVINGS");
        assert_eq!(r.rows[3].counterparty_name, "NS GROEP INZAKE NSR IDEA");
        assert_eq!(*r.rows[5].references, ["1234567890098876"]);
    }

    #[test]
    fn older_triodos_subfields() {
        let r = sample("zilverline-triodos-iban.txt");
        assert_eq!(r.rows.len(), 3);
        assert_eq!(
            r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL12RABO0888888888")
        );
        assert!(
            r.rows[0]
                .description
                .contains("AANDELENKAPITAAL ZAAK NR 40000")
        );
        assert!(!r.rows[0].description.contains("RABONL2U"));
        assert_eq!(r.rows[2].description.matches("22-09-14").count(), 1);
        assert_eq!(r.rows[0].account, "0454545454");
    }

    #[test]
    fn old_rabobank_reference_columns_and_zero_padded_amounts() {
        let r = sample("zilverline-rabobank.txt");
        assert_eq!(r.rows.len(), 11);
        assert_eq!(r.rows[0].amount, m("-50.00"));
        assert_eq!(r.rows[0].counterparty_name, "J. DOE");
        assert_eq!(
            r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
            Some("1313131319")
        );
        assert_eq!(r.rows[6].amount, m("12100.00"));
        assert_eq!(r.rows[0].account, "212121211");
        assert_eq!(r.rows[0].source.loc, Loc::Line(6));
    }

    #[test]
    fn reversals_returns_and_structured_references() {
        let text = format!(
            "{HEAD}:61:2601050105RC25,00NTRFNONREF\n:86:/TRTP/SEPA OVERBOEKING/IBAN/NL02RABO0123456789/BIC/RABONL2U/NAME/J. Jansen/RTRN/AC04/REMI/F-2026-001\n\
:61:2601050105RD7,50NDDTNONREF\n:86:/EREF/E2E-1//REMI/STRD/CUR/5000056789012345/\n\
:61:2601050105C1,00NTRFNONREF\n:86:/TRTP/SEPA Incasso Storno/NAME/X/\n"
        );
        let r = read(&text);
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.rows[0].amount, m("-25.00"));
        assert_eq!(r.rows[0].return_info.as_deref(), Some("RC AC04"));
        assert_eq!(r.rows[0].counterparty_name, "J. Jansen");
        assert_eq!(r.rows[0].description, "F-2026-001");
        assert_eq!(r.rows[1].amount, m("7.50"));
        assert_eq!(r.rows[1].return_info.as_deref(), Some("RD"));
        assert_eq!(*r.rows[1].references, ["E2E-1", "5000056789012345"]);
        assert_eq!(
            r.rows[2].return_info.as_deref(),
            Some("SEPA Incasso Storno")
        );
    }

    #[test]
    fn an_unreadable_61_is_one_problem_and_the_rest_goes_on() {
        let text = format!(
            "{HEAD}:61:2613450105C1,00NTRFNONREF\n:86:lost\n:61:260105X1,00N\n:61:2601050105CNTRF\n:61:2601050105C2,50NTRFNONREF\r\n:86:kept\r\n"
        );
        let r = read(&text);
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.rows[0].amount, m("2.50"));
        assert_eq!(r.rows[0].description, "kept");
        assert_eq!(r.rows_rejected, 3);
        assert_eq!(r.rows_read, 4);
        let lines: Vec<Loc> = r.problems.iter().map(|p| p.source.loc.clone()).collect();
        assert_eq!(lines, vec![Loc::Line(5), Loc::Line(7), Loc::Line(8)]);
        assert!(r.problems.iter().all(|p| p.severity == Severity::Error));
    }

    /// ABN AMRO's own example file writes one debit mark in lower case
    /// (`:61:1205120514d1,01N946NONREF`, FORMATS.md says `C|D|RC|RD`); its
    /// statement's balances prove it a debit. A lower-case mark is taken
    /// only with that proof, and otherwise reported like any unreadable
    /// `:61:`, the lines around it kept and checked.
    #[test]
    fn a_lower_case_mark_is_taken_when_the_balances_prove_it() {
        use crate::ingest::bank::balance;
        let lower = ":61:2601050105d1,01N946NONREF\n:86:example\n";
        let file = |closing: &str| {
            format!(
                "{HEAD}:61:2601050105C5,00NTRFNONREF\n{lower}:61:2601050105D2,00NTRFNONREF\n\
                 :62F:C260105EUR{closing}\n\
                 :20:B\n:25:NL91ABNA0417164300\n:60F:C260106EUR50,00\n\
                 :61:2601060106C1,00NTRFNONREF\n:62F:C260106EUR51,00\n"
            )
        };
        let amounts = |r: &FileRead<BankLine>| r.rows.iter().map(|l| l.amount).collect::<Vec<_>>();
        let outcome = |r: &FileRead<BankLine>| {
            let (c, _) = balance::check(&r.rows, &r.bank.marks);
            c.map(|c| (c.closed, c.broken, c.not_checkable))
        };
        // 100.00 + 5.00 − 1.01 − 2.00 = 101.99: `d` is a debit.
        let r = read(&file("101,99"));
        assert_eq!(amounts(&r), [m("5.00"), m("-1.01"), m("-2.00"), m("1.00")]);
        assert_eq!(r.rows[1].description, "example");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!((r.rows_read, r.rows_rejected), (4, 0));
        assert_eq!(outcome(&r), Some((2, 0, 0)));
        // Read as a credit it would close at 104.01: no proof of a debit
        // (nor of anything), so the line is reported, its statement not
        // checkable, the next statement still checked.
        let r = read(&file("104,01"));
        assert_eq!(amounts(&r), [m("5.00"), m("-2.00"), m("1.00")]);
        assert_eq!((r.rows_read, r.rows_rejected), (4, 1));
        assert_eq!(r.problems.len(), 1);
        let p = &r.problems[0];
        assert_eq!(
            (p.severity, &p.source.loc),
            (Severity::Error, &Loc::Line(6))
        );
        assert_eq!(
            p.kind,
            ProblemKind::SwiftLine(SwiftFlaw::UnconfirmedLowerCaseMark('d'))
        );
        assert_eq!(p.value, ":61:2601050105d1,01N946NONREF");
        assert_eq!(outcome(&r), Some((1, 0, 1)));
        // Without a closing balance nothing proves it.
        let r = read(&format!("{HEAD}{lower}"));
        assert_eq!((r.rows.len(), r.rows_rejected), (0, 1));
        // A lower-case `c` the balances prove a credit.
        let r = read(&format!(
            "{HEAD}:61:2601050105c1,01NTRFNONREF\n:62F:C260105EUR101,01\n"
        ));
        assert_eq!((amounts(&r), r.rows_rejected), (vec![m("1.01")], 0));
    }

    #[test]
    fn unconfirmed_lower_case_lines_come_out_in_one_pass() {
        use crate::ingest::bank::balance::MarkKind;
        // Two unconfirmed lines among kept ones: the rejected marks stand
        // where the lines stood, the closing balance moves up by two.
        let r = read(&format!(
            "{HEAD}:61:2601050105C1,00NTRFNONREF\n:61:2601050105c1,00NTRFNONREF\n\
             :61:2601050105C2,00NTRFNONREF\n:61:2601050105d1,00NTRFNONREF\n\
             :62F:C260105EUR1,00\n"
        ));
        assert_eq!((r.rows.len(), r.rows_rejected), (2, 2));
        let shape: Vec<(usize, &str)> = r
            .bank
            .marks
            .iter()
            .map(|m| {
                let k = match &m.kind {
                    MarkKind::Opening(_) => "open",
                    MarkKind::Closing(_) => "close",
                    MarkKind::Rejected(_) => "rejected",
                    _ => "other",
                };
                (m.at, k)
            })
            .collect();
        assert_eq!(
            shape,
            [(0, "open"), (1, "rejected"), (2, "rejected"), (2, "close")]
        );
        let rejected: Vec<String> = r
            .bank
            .marks
            .iter()
            .filter_map(|m| match &m.kind {
                MarkKind::Rejected(s) => Some(s.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(rejected, ["bank/x.sta:6", "bank/x.sta:8"]);
        // Reported the last first, as before.
        let lines: Vec<String> = r.problems.iter().map(|p| p.source.to_string()).collect();
        assert_eq!(lines, ["bank/x.sta:8", "bank/x.sta:6"]);
        // Many unconfirmed lines without a closing balance (square time
        // before): every one rejected, each mark where its line stood.
        let n = 20_000;
        let text = format!(":20:X\n:25:NL01\n{}", ":61:260101c1,NTRF\n".repeat(n));
        let r = read(&text);
        assert_eq!((r.rows.len(), r.rows_rejected), (0, n as u64));
        assert_eq!(r.bank.marks.len(), n);
        assert!(r.bank.marks.iter().all(|m| m.at == 0));
        assert_eq!(r.problems.len(), n);
    }

    #[test]
    fn foreign_currency_statements_are_not_converted() {
        let text = ":20:A\n:25:NL91ABNA0417164300USD\n:60F:C260101USD0,00\n:61:2601050105C1,00NTRFNONREF\n";
        let r = read(text);
        assert!(r.rows.is_empty());
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].kind, ProblemKind::NotEuro("USD".into()));
    }

    #[test]
    fn entry_dates_across_the_year_boundary() {
        let text = format!(
            "{HEAD}:61:2512311231C1,NTRFNONREF\n:61:2512310102C2,NTRFNONREF\n:61:2601021231C3,NTRFNONREF\n"
        );
        let r = read(&text);
        let dates: Vec<NaiveDate> = r.rows.iter().map(|l| l.booking_date).collect();
        assert_eq!(
            dates,
            vec![date(2025, 12, 31), date(2026, 1, 2), date(2025, 12, 31)]
        );
    }

    #[test]
    fn free_text_wraps_only_at_full_lines() {
        let full = "x".repeat(60) + "FACTU";
        let text = format!("{HEAD}:61:2601050105C1,NTRFNONREF\n:86:{full}\nUR 123\nnext line\n");
        let r = read(&text);
        assert_eq!(
            r.rows[0].description,
            format!("{}FACTUUR 123 next line", "x".repeat(60))
        );
    }

    #[test]
    fn amounts_are_read_exactly_with_a_decimal_comma_or_point() {
        for (text, want) in [
            ("1000,00", "1000.00"),
            ("1171,6", "1171.6"),
            ("203,", "203"),
            ("0,", "0"),
            ("000000000350.43", "350.43"),
            ("00000001560395.", "1560395"),
            ("5", "5"),
        ] {
            assert_eq!(swift_amount(text), Ok(m(want)), "{text}");
        }
        for text in [
            "",
            "1O5,00",
            ",5",
            "1,2,3",
            "1.2,3",
            "1 000,00",
            "12-",
            "9".repeat(40).as_str(),
        ] {
            assert!(swift_amount(text).is_err(), "{text}");
        }
    }

    /// The old ABN AMRO layout writes the counterparty's account and name
    /// after the transaction code in the `:61:`; a number that opens a
    /// later `:86:` line is part of the description, not the account.
    #[test]
    fn old_abn_amro_counterparty_is_the_one_in_the_61() {
        let text = ":20:940A120918\n:25:1567.50.961EUR\n:28:00000/00\n\
:60F:C120917EUR000000009265,12\n\
:61:120918D000000000500,00N0620266050522      Arvato Fin Serv Ltd\n\
:86:BETALINGSKENM.  3010675705\n\
:86:GOOGLE GOOG6291713437\n\
:86:1402786401\n\
:62F:C120918EUR000000008765,12\n";
        let r = read(text);
        assert_eq!((r.rows_read, r.rows_rejected), (1, 0), "{:?}", r.problems);
        let l = &r.rows[0];
        assert_eq!(l.amount, m("-500.00"));
        assert_eq!(
            l.counterparty_iban.as_ref().map(Iban::as_str),
            Some("0266050522")
        );
        assert_eq!(l.counterparty_name, "Arvato Fin Serv Ltd");
        // The `:86:` lines stay the description, and the reference is kept.
        assert_eq!(
            l.description,
            "BETALINGSKENM. 3010675705 GOOGLE GOOG6291713437 1402786401"
        );
        assert!(l.references.iter().any(|x| x == "3010675705"));

        // Without a party in the `:61:`, an account that opens the `:86:`
        // is still the counterparty's (ING before SEPA).
        let text = text.replace("N0620266050522      Arvato Fin Serv Ltd", "N062NONREF");
        let r = read(&text);
        assert_eq!(
            r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
            Some("1402786401")
        );
    }

    /// The same line in the real file, beside the other layouts of it: a
    /// Postbank number and a padded account, each followed by the name.
    #[test]
    fn two_accounts_sample_reads_the_61_counterparties() {
        let r = sample("zilverline-two-accounts.txt");
        let party = |line: u64| {
            let l = r
                .rows
                .iter()
                .find(|l| l.source == Source::line(&Arc::from("zilverline-two-accounts.txt"), line))
                .unwrap();
            (
                l.counterparty_iban.as_ref().map(|i| i.as_str().to_string()),
                l.counterparty_name.clone(),
            )
        };
        assert_eq!(
            party(6),
            (Some("P002445588".into()), "Belastingdienst Apeldoor".into())
        );
        assert_eq!(
            party(8),
            (Some("0266050522".into()), "Arvato Fin Serv Ltd".into())
        );
        assert_eq!(
            party(27),
            (Some("0156750961".into()), "ZILVERLINE B.V. /FREEMLE".into())
        );
    }

    #[test]
    fn old_rabobank_decimal_points_and_names_after_the_account() {
        let text = ":940:\r\n:20:940S030105\r\n:25:0230346979EUR\r\n:28:00001\r\n:60F:C030102EUR000000001000.00\r\n\
:61:030105C000000000350.43NMSC230346979       STG. DEHON INTERNATIONAL\r\n\
:86:BIJDRAGE 2003\r\n\
:61:030105D000000000012.5NMSC0123456789  J. DOE\r\n\
:62F:C030105EUR000000001337.93\r\n";
        let r = read(text);
        assert_eq!((r.rows_read, r.rows_rejected), (2, 0), "{:?}", r.problems);
        assert_eq!(r.rows[0].amount, m("350.43"));
        assert_eq!(r.rows[0].counterparty_name, "STG. DEHON INTERNATIONAL");
        assert_eq!(
            r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
            Some("230346979")
        );
        assert_eq!(r.rows[0].description, "BIJDRAGE 2003");
        assert_eq!(r.rows[1].amount, m("-12.5"));
        assert_eq!(r.rows[1].counterparty_name, "J. DOE");
    }

    #[test]
    fn a_letter_in_an_amount_is_a_problem_never_the_leading_digits() {
        let text = format!(
            "{HEAD}:61:2407080708C1O5,00NTRFNONREF//X1\n:86:/REMI/USTD//F-1/\n:61:2407080708C105,00NTRFNONREF//X2\n"
        );
        let r = read(&text);
        assert_eq!((r.rows_read, r.rows_rejected), (2, 1));
        assert_eq!(r.rows[0].amount, m("105.00"));
        assert_eq!(r.problems[0].source.to_string(), "bank/x.sta:5");
        assert_eq!(r.problems[0].severity, Severity::Error);
        assert!(
            r.problems[0].kind
                == ProblemKind::SwiftLine(SwiftFlaw::AmountNotNumber("1O5,00".into())),
            "{:?}",
            r.problems[0].kind
        );
    }

    #[test]
    fn letters_typed_around_an_amount_are_no_funds_code_or_type() {
        for line in [
            ":61:2601050105Cl05,00NTRFNONREF",
            ":61:2601050105C1S5,00NTRFNONREF",
            ":61:2601050105C105,N,0NTRFNONREF",
            ":61:2601050105C1 05,00NTRFNONREF",
        ] {
            let r = read(&format!("{HEAD}{line}\n"));
            assert_eq!((r.rows_read, r.rows_rejected), (1, 1), "{line}");
        }
        // The funds code of the statement's currency (EUR: R) is no amount;
        // a space before the type code (Commerzbank) and whole euros
        // without a comma (Knab) are amounts as written.
        for (line, want) in [
            (":61:2601050105CR105,00NTRFNONREF", "105.00"),
            (":61:2103310331C50,00 NTRFNONREF//2109025460313532", "50.00"),
            (
                ":61:1407290729C500NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E",
                "500",
            ),
        ] {
            let r = read(&format!("{HEAD}{line}\n"));
            assert_eq!(r.rows.len(), 1, "{line}: {:?}", r.problems);
            assert_eq!(r.rows[0].amount, m(want), "{line}");
        }
    }

    #[test]
    fn an_account_and_name_opening_free_86_text() {
        let head = HEAD.replace("NL91ABNA0417164300", "NL68INGB0000012345");
        let text = format!(
            "{head}:61:100722C25,03NOV NONREF\n:86:0111111111 ING Bank N.V. inzake TEST\nEJ004GREENP29052010T1137\n\
:61:100722C1,00NOV NONREF\n:86:03-12-2015 16:04 PAS: 1122\nNAAM: POS\n\
:61:130920C384,75N541EREF\n:86:/ACCW/NL54INGB0006752576,INGBNL2A/ORDP//NAME/Hr A B Huibers/REMI/1000122-P5549161\n"
        );
        let r = read(&text);
        assert_eq!(r.rows.len(), 3);
        assert_eq!(
            r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
            Some("0111111111")
        );
        assert_eq!(r.rows[0].counterparty_name, "ING Bank N.V. inzake TEST");
        assert_eq!(r.rows[1].counterparty_iban, None);
        assert_eq!(r.rows[1].counterparty_name, "POS");
        assert_eq!(
            r.rows[2].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL54INGB0006752576")
        );
        assert_eq!(r.rows[2].counterparty_name, "Hr A B Huibers");
        assert_eq!(r.rows[2].description, "1000122-P5549161");
    }

    #[test]
    fn yen_amounts_read_and_refused_as_foreign() {
        let text = ":20:A\n:25:1700.59.308JPY\n:60F:C260101JPY0.\n:61:2601050105C00000001560395.NTRFNONREF\n";
        let r = read(text);
        assert_eq!((r.rows_read, r.rows_rejected), (1, 1));
        assert!(
            r.problems[0].kind == ProblemKind::NotEuro("JPY".into()),
            "{:?}",
            r.problems[0].kind
        );
    }

    #[test]
    fn asn_four_spaces_for_the_entry_date() {
        let text = "{1:F01ASNBNL21XXXX0000000000}{2:O940ASNBNL21XXXXN}{3:}{4:\n:20:0000000000\n:25:NL53ASNB0781269733\n:28C:1/1\n:60F:C200101EUR100,00\n\
:61:200101    D65,00NOVBNL29INGB0006475121\nj blom\n:86:NL29INGB0006475121 j blom\n                                                                 \nhuur januari\n\
:62F:C200101EUR35,00\n-}{5:}\n";
        let r = read(text);
        assert_eq!((r.rows_read, r.rows_rejected), (1, 0), "{:?}", r.problems);
        let l = &r.rows[0];
        assert_eq!(l.amount, m("-65.00"));
        assert_eq!(l.booking_date, date(2020, 1, 1));
        assert_eq!(
            l.counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL29INGB0006475121")
        );
        assert_eq!(l.counterparty_name, "j blom");
        assert!(l.description.ends_with("huur januari"), "{}", l.description);
    }

    #[test]
    fn knab_reference_is_no_iban_and_bban_names_the_account() {
        let text = "{1:F01KNABNL2HAXXX0000000000}{2:I940KNABNL2HXXXXN3020}{4:\n:20:C0D28MSTE73HKBCM\n:25:NL52KNAB0326203011\n:28C:108/1\n:60F:C220630EUR0,00\n\
:61:2206300630C25,00NTRFNL66RABO01295689//C2F30PGZEG63AX84\n\
:86:/TRTP/SEPA OVERBOEKING/BBAN/53851317/BIC/KNABNL2HXXX/NAME/NAMENAM\nE B.V./REMI/OPNAME\n\
:61:2206300630C10,00NTRFNL66RABO01295689//C2F30PGZEG63AX85\n:86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BBAN/53851317/NAME/X/REMI/Y\n\
:61:2206300630C1,00NTRFNL66RABO01295689//C2F30PGZEG63AX86\n:86:geen tegenrekening\n-}\n";
        let r = read(text);
        assert_eq!(r.rows.len(), 3);
        assert_eq!(
            r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
            Some("53851317")
        );
        assert_eq!(r.rows[0].counterparty_name, "NAMENAME B.V.");
        assert_eq!(
            r.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL91ABNA0417164300")
        );
        assert_eq!(r.rows[2].counterparty_iban, None);
    }

    #[test]
    fn ordering_and_beneficiary_parties_of_older_structured_86() {
        let text = format!(
            "{HEAD}:61:2601050105C75,00NTRFNONREF\n:86:/ORDP/NL91ABNA0417164300/ABNANL2A/J. Jansen/Utrecht/REMI/nota 2026-1\n\
:61:2601050105D12,00NTRFNONREF\n:86:/BENM/Apotheek De Linde/IBAN/NL02RABO0123456789/REMI/x\n\
:61:2601050105C5,00NTRFNONREF\n:86:/EREF/E1/ORDP//NAME/Jane Example/IBAN/NL91ABNA0417164300/REMI/Invoice 77\n"
        );
        let r = read(&text);
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.rows[0].counterparty_name, "J. Jansen");
        assert_eq!(
            r.rows[0].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL91ABNA0417164300")
        );
        assert_eq!(r.rows[0].description, "nota 2026-1");
        assert_eq!(r.rows[1].counterparty_name, "Apotheek De Linde");
        assert_eq!(
            r.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL02RABO0123456789")
        );
        assert_eq!(r.rows[2].counterparty_name, "Jane Example");
    }

    #[test]
    fn abn_amro_86_cells_are_joined_as_the_tab_export_joins_them() {
        let full = "OMSCHRIJVING: NOTA HZ-2024-58173 21 EN ZIJN NOTAS HZ-2024-5817322";
        assert_eq!(full.len(), 65);
        let text = format!(
            "ABNANL2A\n940\nABNANL2A\n:20:ABN AMRO BANK NV\n:25:517852257\n:28C:19321/1\n:60F:C110522EUR3236,28\n\
:61:2401100110C150,00N541NONREF\n:86:SEPA OVERBOEKING                 IBAN: NL91ABNA0417164300\n\
BIC: ABNANL2A                    NAAM: THUISZORG DE LINDE\n{full}\n\
KENMERK: 26-01-2014 18:14 003000 0735822580\n\
:61:1105240524D9,N192NONREF\n:86:GIRO   428428 KPN BV             BETALINGSKENM.  000000042188659\n\
:61:1105240524D9,N192NONREF\n:86:54.49.42.108 ABC BOOM KK\n-\n"
        );
        let r = read(&text);
        assert_eq!(r.rows.len(), 3);
        let l = &r.rows[0];
        assert_eq!(l.counterparty_name, "THUISZORG DE LINDE");
        assert!(
            l.description
                .contains("HZ-2024-5817321 EN ZIJN NOTAS HZ-2024-5817322 KENMERK:"),
            "{}",
            l.description
        );
        assert!(
            l.description.contains("0030000735822580"),
            "{}",
            l.description
        );
        assert_eq!(r.rows[1].counterparty_name, "KPN BV");
        assert_eq!(
            r.rows[1].counterparty_iban.as_ref().map(Iban::as_str),
            Some("428428")
        );
        assert_eq!(r.rows[2].counterparty_name, "ABC BOOM KK");
        assert_eq!(
            r.rows[2].counterparty_iban.as_ref().map(Iban::as_str),
            Some("544942108")
        );
        // Without the ABN AMRO marks the same full line is free text that
        // wraps at 65 characters, as other banks write it.
        let other = text.replace("ABNANL2A\n940\nABNANL2A\n", "");
        assert!(read(&other).rows[0].description.contains("5817322KENMERK"));
    }
}
