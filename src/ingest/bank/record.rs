//! What the CSV-like bank readers share: records with their physical line
//! numbers, header look-up by folded aliases, required dates (read by
//! [`dates::strict`](crate::ingest::dates::strict)), the labelled free text
//! of ING and ABN AMRO (`Naam: … Omschrijving: …`), and the assembly of a
//! [`BankLine`] with its references ([`Draft::finish_at`], which MT940 and
//! CAMT.053 use too: one place builds every bank line).
//!
//! Each format module keeps only what is peculiar to its bank; everything
//! that must behave the same in every format (how a bad line becomes one
//! problem, how references are gathered) lives here once.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::ident::Iban;
use crate::ingest::FileRead;
use crate::money::{DecimalStyle, Money, parse_amount};
use crate::payment::{BankLine, Shared, Text};
use crate::problem::{Field, Flaw, Problem, ProblemKind};
use crate::reference::find_references;
use crate::source::Source;
use crate::text::fold;

/// One record of a delimited file and the physical line it starts on
/// (1-based, header and skipped lines counted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// Physical line number of the record's first line.
    pub line: u64,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

impl Record {
    /// The field at `i`, trimmed; empty when the record is shorter.
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |s| s.trim())
    }

    /// The field at an optional column, trimmed; empty when absent.
    pub fn opt(&self, i: Option<usize>) -> &str {
        i.map_or("", |i| self.get(i))
    }

    /// True when every field is blank: such records are no data.
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Splits `text` into records with the csv crate: flexible field counts,
/// the given delimiter and quote character, blank records dropped.
pub(crate) fn records(text: &str, delimiter: u8, quote: u8) -> Vec<Record> {
    collect(RecordReader::new(text, delimiter, quote))
}

/// [`records`], each ending at the end of its line
/// ([`RecordReader::one_line`]).
pub(crate) fn line_records(text: &str, delimiter: u8, quote: u8) -> Vec<Record> {
    collect(RecordReader::new(text, delimiter, quote).one_line())
}

fn collect(mut reader: RecordReader<'_>) -> Vec<Record> {
    let mut out = Vec::new();
    while let Some(r) = reader.next_record() {
        out.push(r.clone());
    }
    out
}

/// The records of a delimited text one at a time, as [`records`] gives
/// them, in one [`Record`] whose field strings are reused: a file of a
/// hundred thousand lines is read without a string per field, and without
/// holding all its records at once.
pub(crate) struct RecordReader<'a> {
    reader: csv::Reader<&'a [u8]>,
    bytes: &'a [u8],
    raw: csv::StringRecord,
    record: Record,
    /// Byte offset up to which line ends have been counted.
    seen_byte: usize,
    /// Where `reader` started in `bytes` (it restarts after a cut record).
    base: usize,
    /// Records end at the end of their line (see [`RecordReader::one_line`]).
    one_line: bool,
    delimiter: u8,
    quote: u8,
}

/// A csv reader with the settings every bank reader uses.
fn csv_reader(bytes: &[u8], delimiter: u8, quote: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quote(quote)
        .from_reader(bytes)
}

impl<'a> RecordReader<'a> {
    /// Reads `text` with the csv crate: flexible field counts, the given
    /// delimiter and quote character.
    pub fn new(text: &'a str, delimiter: u8, quote: u8) -> RecordReader<'a> {
        RecordReader {
            reader: csv_reader(text.as_bytes(), delimiter, quote),
            bytes: text.as_bytes(),
            raw: csv::StringRecord::new(),
            record: Record {
                line: 1,
                fields: Vec::new(),
            },
            seen_byte: 0,
            base: 0,
            one_line: false,
            delimiter,
            quote,
        }
    }

    /// Every record ends at the end of its physical line. Bank exports
    /// write no line breaks inside fields, so a quote left open (an
    /// apostrophe in an ASN/SNS description, a lost closing quote) would
    /// otherwise swallow the lines after it into one record and lose them
    /// without a word: cut this way, one bad line costs one line.
    pub fn one_line(mut self) -> RecordReader<'a> {
        self.one_line = true;
        self
    }

    /// The next record that is not blank; `None` at the end.
    pub fn next_record(&mut self) -> Option<&Record> {
        // The input is a `&str`, so neither I/O nor UTF-8 errors can occur
        // and `flexible` rules out length errors; an error would still end
        // the reading rather than loop on an error the reader keeps
        // repeating.
        while let Ok(true) = self.reader.read_record(&mut self.raw) {
            // The line is counted from the record's byte offset. The csv
            // crate reports where it resumed reading, which is before the
            // line end of the previous record and any blank lines (its own
            // line count is off by as much), so those line ends are stepped
            // over first.
            let bytes = self.bytes;
            let mut at = self
                .raw
                .position()
                .map_or(self.seen_byte, |p| self.base + p.byte() as usize);
            at = at.clamp(self.seen_byte, bytes.len());
            while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                at += 1;
            }
            // In range: seen_byte <= at <= bytes.len() by the clamp and loop.
            self.record.line += bytes[self.seen_byte..at]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.seen_byte = at;
            if self.one_line {
                self.cut_at_line_end(at);
            }
            let fields = &mut self.record.fields;
            let n = self.raw.len();
            for (i, f) in self.raw.iter().enumerate() {
                match fields.get_mut(i) {
                    Some(s) => {
                        s.clear();
                        s.push_str(f);
                    }
                    None => fields.push(f.to_string()),
                }
            }
            fields.truncate(n);
            if !self.record.is_blank() {
                return Some(&self.record);
            }
        }
        None
    }

    /// When the record just read, which starts at byte `at`, runs over a
    /// line end: reads its first line alone instead and restarts after it.
    fn cut_at_line_end(&mut self, at: usize) {
        let end = (self.base + self.reader.position().byte() as usize).clamp(at, self.bytes.len());
        // In range: at <= end <= bytes.len() by the clamp.
        let body = self.bytes[at..end].trim_ascii_end();
        let Some(nl) = body.iter().position(|b| *b == b'\n') else {
            return;
        };
        let line = &self.bytes[at..at + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut alone = csv_reader(line, self.delimiter, self.quote);
        if !matches!(alone.read_record(&mut self.raw), Ok(true)) {
            self.raw.clear();
        }
        self.base = at + nl + 1;
        self.reader = csv_reader(&self.bytes[self.base..], self.delimiter, self.quote);
    }
}

/// The field delimiter of a delimited text: see
/// [`sniff::delimiter`](crate::ingest::sniff::delimiter), shared with the
/// spreadsheet readers.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    crate::ingest::sniff::delimiter(text)
}

/// How many data lines of a headerless file its format is recognised from.
pub(crate) const LAYOUT_LINES: usize = 20;

/// The first [`LAYOUT_LINES`] lines of `text`, for detectors that look at
/// the layout of several lines without reading the whole file.
pub(crate) fn head_lines(text: &str) -> String {
    text.lines()
        .take(LAYOUT_LINES)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Recognises a headerless layout from several lines, not from the first
/// alone: true when at least one of the first [`LAYOUT_LINES`] items fits
/// and at least half of them do. One unreadable line (an amount `#N/B`)
/// then costs that line, as a problem, and not the file.
pub(crate) fn layout_fits<T>(
    items: impl Iterator<Item = T>,
    mut fits: impl FnMut(&T) -> bool,
) -> bool {
    let (mut seen, mut fit) = (0usize, 0usize);
    for item in items.take(LAYOUT_LINES) {
        seen += 1;
        fit += usize::from(fits(&item));
    }
    fit > 0 && 2 * fit >= seen
}

/// The first non-blank record of the text, read with the sniffed delimiter:
/// the header of the formats that have one.
pub(crate) fn first_record(text: &str) -> Option<Record> {
    // Only the first few lines are needed; reading the whole file to detect
    // its format would make detection as slow as parsing.
    let head: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
    records(&head, sniff_delimiter(&head), b'"')
        .into_iter()
        .next()
}

/// The header cells in folded form (see [`fold`]).
pub(crate) fn folded(fields: &[String]) -> Vec<String> {
    fields.iter().map(|f| fold(f)).collect()
}

/// Index of the first header cell equal to one of the folded `aliases`.
pub(crate) fn column(header: &[String], aliases: &[&str]) -> Option<usize> {
    aliases
        .iter()
        .find_map(|a| header.iter().position(|h| h == a))
}

/// A date field that must be there: the error message names the field.
pub(crate) fn required_date(text: &str, what: Field) -> Result<NaiveDate, RowError> {
    crate::ingest::dates::strict(text).ok_or_else(|| {
        RowError::new(
            ProblemKind::Unreadable {
                field: what,
                flaw: Flaw::NotADate,
            },
            text,
        )
    })
}

/// An amount field that must be there: the error message names the field.
pub(crate) fn required_amount(
    text: &str,
    style: DecimalStyle,
    what: Field,
) -> Result<Money, RowError> {
    parse_amount(text, style).map_err(|e| {
        RowError::new(
            ProblemKind::Unreadable {
                field: what,
                flaw: e.into(),
            },
            text,
        )
    })
}

/// The decimal style of a file whose amounts may be written either way
/// (bunq): a comma followed by one or two digits at the end of any amount
/// means decimal comma; a point likewise means decimal point. When no
/// amount tells, [`DecimalStyle::Auto`] refuses the ambiguous ones.
pub(crate) fn infer_style<'a>(amounts: impl Iterator<Item = &'a str>) -> DecimalStyle {
    for a in amounts {
        let a = a.trim().trim_end_matches(['-', '+']);
        let tail = |sep: char| {
            a.rfind(sep).is_some_and(|i| {
                let frac = &a[i + 1..];
                (1..=2).contains(&frac.len()) && frac.bytes().all(|b| b.is_ascii_digit())
            })
        };
        if tail(',') {
            return DecimalStyle::Comma;
        }
        if tail('.') {
            return DecimalStyle::Point;
        }
    }
    DecimalStyle::Auto
}

/// The sign word of a debit/credit indicator column, as a multiplier:
/// `Af`, `Debit`, `Debet`, `D` are debits; `Bij`, `Credit`, `C` credits.
pub(crate) fn debit_credit(text: &str) -> Result<bool, RowError> {
    // A word of ASCII letters folds to itself in lower case: compared
    // without building the folded string.
    let t = text.trim();
    if !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        let is = |w: &str| t.eq_ignore_ascii_case(w);
        if ["af", "debit", "debet", "d", "db"].into_iter().any(is) {
            return Ok(false);
        }
        if ["bij", "credit", "c", "cr"].into_iter().any(is) {
            return Ok(true);
        }
    }
    match fold(text).as_str() {
        "af" | "debit" | "debet" | "d" | "db" => Ok(false),
        "bij" | "credit" | "c" | "cr" => Ok(true),
        _ => Err(RowError::new(ProblemKind::DebitCreditUnknown, text)),
    }
}

/// An unsigned amount whose sign comes from a debit/credit indicator column
/// (ING `Af`/`Bij`, Knab `D`/`C`, Triodos `Debet`/`Credit`).
///
/// A negative amount in such a column is refused: which of the two signs
/// the bank meant cannot be told, and dropping one would change the amount.
pub(crate) fn signed_amount(amount: &str, indicator: &str) -> Result<Money, RowError> {
    let credit = debit_credit(indicator)?;
    let magnitude = required_amount(amount, DecimalStyle::Comma, Field::Amount)?;
    if magnitude.is_negative() {
        return Err(RowError::new(ProblemKind::MinusAndIndicator, amount));
    }
    Ok(if credit { magnitude } else { -magnitude })
}

/// The currency column of a line: empty or `EUR` is fine; any other
/// currency is refused rather than read as if it were euros (CAMT and
/// MT940 refuse them the same way).
pub(crate) fn require_euro(code: &str) -> Result<(), RowError> {
    let c = code.trim();
    if c.is_empty() || c.eq_ignore_ascii_case("EUR") {
        Ok(())
    } else {
        Err(RowError::new(ProblemKind::NotEuro(c.to_string()), c))
    }
}

/// Why one line could not be read, before it knows its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RowError {
    /// What is wrong (boxed: a row error is passed up through `?`).
    pub problem: Box<ProblemKind>,
    /// The offending value.
    pub value: String,
}

impl RowError {
    /// A row error about `value`.
    pub fn new(problem: ProblemKind, value: impl Into<String>) -> RowError {
        RowError {
            problem: Box::new(problem),
            value: value.into(),
        }
    }

    /// The error for a record with too few fields.
    pub fn columns(expected: usize, found: usize) -> RowError {
        RowError::new(
            ProblemKind::ColumnCount { expected, found },
            found.to_string(),
        )
    }
}

/// True for a reference field that holds no reference: empty, or a
/// placeholder (`NOTPROVIDED`, the SEPA "no end-to-end id"; `NONREF`, the
/// SWIFT "no reference"). The one test every reader uses.
pub(crate) fn no_reference(r: &str) -> bool {
    let r = r.trim();
    r.is_empty() || r.eq_ignore_ascii_case("NOTPROVIDED") || r.eq_ignore_ascii_case("NONREF")
}

/// A bank line under construction: the fields every format fills, before
/// its place in the file and its references are settled.
#[derive(Clone, Debug)]
pub(crate) struct Draft {
    /// Own account as given.
    pub account: String,
    /// Booking date.
    pub booking_date: NaiveDate,
    /// Value date, when given.
    pub value_date: Option<NaiveDate>,
    /// Signed amount.
    pub amount: Money,
    /// Counterparty account as given (normalised on finishing).
    pub counterparty: String,
    /// Counterparty name.
    pub name: String,
    /// Free-text parts, joined by single spaces into the description.
    pub texts: Vec<String>,
    /// Structured references from the bank's own fields.
    pub references: Vec<String>,
    /// The bank's own transaction id.
    pub bank_reference: Option<String>,
    /// Return or reversal marker.
    pub return_info: Option<String>,
    /// The balance the line states, for the balance check.
    pub balance: Option<super::stated::LineBalance>,
}

impl Draft {
    /// A draft with the three fields every line has.
    pub fn new(account: &str, booking_date: NaiveDate, amount: Money) -> Draft {
        Draft {
            account: account.trim().to_string(),
            booking_date,
            value_date: None,
            amount,
            counterparty: String::new(),
            name: String::new(),
            texts: Vec::new(),
            references: Vec::new(),
            bank_reference: None,
            return_info: None,
            balance: None,
        }
    }

    /// The finished line: account and counterparty normalised, description
    /// collapsed to single spaces, references = the structured ones (as
    /// given, trimmed) followed by those found in the free text, without
    /// repeats.
    #[cfg(test)]
    pub fn finish(self, path: &Arc<str>, line: u64) -> BankLine {
        self.finish_with(path, line, &mut Accounts::default())
    }

    /// [`Draft::finish`], the own account shared through `accounts` with
    /// the lines before it.
    pub fn finish_with(self, path: &Arc<str>, line: u64, accounts: &mut Accounts) -> BankLine {
        let account = accounts.shared(&self.account);
        self.finish_at(Source::line(path, line), account)
    }

    /// The draft-to-line step of every bank reader, the one place a
    /// [`BankLine`] is built: at `source` (a line, or a CAMT entry), for
    /// the own `account` as the reader normalised it (the CSV-like readers
    /// through [`Accounts`], MT940 from `:25:`, CAMT from `Acct`), with
    /// texts, names, counterparty account and references cleaned as
    /// [`Draft::finish`] says.
    pub fn finish_at(self, source: Source, account: Shared) -> BankLine {
        let mut description = String::new();
        for t in &self.texts {
            squash_into(&mut description, t);
        }
        let mut references: Vec<String> = Vec::new();
        let mut push = |r: String| {
            if !no_reference(&r) {
                references.push(r);
            }
        };
        for r in &self.references {
            push(squash(r));
        }
        for r in &self.references {
            find_references(r).into_iter().for_each(&mut push);
        }
        find_references(&description)
            .into_iter()
            .for_each(&mut push);
        // Repeats dropped once, hashed (a `contains` per push was square).
        crate::reference::dedup_keep_first(&mut references);
        BankLine {
            id: Text::default(),
            source,
            account,
            booking_date: self.booking_date,
            value_date: self.value_date,
            amount: self.amount,
            counterparty_iban: Iban::parse(&self.counterparty),
            counterparty_name: Text::from(squash(&self.name)),
            description: Text::from(description),
            references: references.into_iter().map(Text::from).collect(),
            bank_reference: self
                .bank_reference
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(Text::from),
            return_info: self
                .return_info
                .map(|r| squash(&r))
                .filter(|r| !r.is_empty())
                .map(String::into_boxed_str),
        }
    }
}

/// The own accounts of a file's lines, normalised once and shared: a file
/// is nearly always the export of one account, so each line holds a
/// pointer to the same text instead of a copy.
#[derive(Debug, Default)]
pub(crate) struct Accounts {
    /// The last account as given and its normalised, shared form.
    last: Option<(String, Shared)>,
}

impl Accounts {
    /// The normalised account (see [`Iban::parse`]; as given when it is no
    /// account number) for `given`, the trimmed text of the export.
    pub fn shared(&mut self, given: &str) -> Shared {
        if let Some((raw, shared)) = &self.last
            && raw == given
        {
            return shared.clone();
        }
        let shared =
            Iban::parse(given).map_or_else(|| Shared::from(given), |i| Shared::from(i.as_str()));
        self.last = Some((given.to_string(), shared.clone()));
        shared
    }
}

/// Runs of white space made one space, trimmed.
pub(crate) fn squash(text: &str) -> String {
    // Exact when no run of white space is inside: nothing to give back
    // when the result is boxed.
    let mut out = String::with_capacity(text.trim().len());
    squash_into(&mut out, text);
    out
}

/// Appends the words of `text` to `out`, each after one space unless
/// `out` is empty: [`squash`] of several texts joined by spaces, built in
/// one string.
pub(crate) fn squash_into(out: &mut String, text: &str) {
    // Reserved once for the whole text rather than grown word by word.
    let t = text.trim();
    if !t.is_empty() {
        out.reserve(t.len() + 1);
    }
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// Collects the lines of one file: each record read becomes a row, each
/// record that cannot be read one error problem, and both count as read.
pub(crate) struct Collector {
    path: Arc<str>,
    read: FileRead<BankLine>,
    accounts: Accounts,
}

impl Collector {
    /// An empty collection for `path` in `format`.
    pub fn new(path: &Arc<str>, format: &'static str) -> Collector {
        Collector {
            path: path.clone(),
            read: FileRead {
                format: format.to_string(),
                rows: crate::ingest::direct_vec(0),
                problems: Vec::new(),
                rows_read: 0,
                rows_rejected: 0,
                bank: Default::default(),
            },
            accounts: Accounts::default(),
        }
    }

    /// Adds the outcome of reading the record on `line`.
    pub fn add(&mut self, line: u64, row: Result<Draft, RowError>) {
        self.read.rows_read += 1;
        match row {
            Ok(d) => {
                let balance = d.balance;
                let l = d.finish_with(&self.path, line, &mut self.accounts);
                let index = self.read.rows.len();
                super::stated::record_line(&mut self.read.bank, index, balance);
                self.read.rows.push(l);
            }
            Err(e) => {
                let index = self.read.rows.len();
                self.read
                    .bank
                    .rejected(index, Source::line(&self.path, line));
                self.read.rows_rejected += 1;
                self.read.problems.push(Problem::error(
                    Source::line(&self.path, line),
                    *e.problem,
                    e.value,
                ));
            }
        }
    }

    /// The file's result.
    pub fn finish(self) -> FileRead<BankLine> {
        self.read
    }
}

/// Free text with labels such as `Naam: … Omschrijving: … IBAN: …`, split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Labelled {
    /// Text before the first label.
    pub lead: String,
    /// `(canonical label, value)` in the order found.
    pub fields: Vec<(&'static str, String)>,
}

/// Canonical label names used by [`split_labels`].
pub(crate) mod label {
    /// Counterparty name.
    pub const NAME: &str = "name";
    /// Free description.
    pub const DESCRIPTION: &str = "description";
    /// Counterparty account.
    pub const IBAN: &str = "iban";
    /// Payment reference (kenmerk, betalingskenmerk, end-to-end id).
    pub const REFERENCE: &str = "reference";
    /// Anything else that is known to be a label (mandate, BIC, dates):
    /// recognised so that it ends the value before it.
    pub const OTHER: &str = "other";
}

/// Labels of ING's `Mededelingen` (Dutch and English download) and of ABN
/// AMRO's fixed-width descriptions, with their canonical meaning.
pub(crate) const LABELS: &[(&str, &str)] = &[
    ("Naam", label::NAME),
    ("Name", label::NAME),
    ("Omschrijving", label::DESCRIPTION),
    ("Description", label::DESCRIPTION),
    ("IBAN", label::IBAN),
    ("Kenmerk", label::REFERENCE),
    ("Betalingskenm.", label::REFERENCE),
    ("Betalingskenmerk", label::REFERENCE),
    ("Reference", label::REFERENCE),
    ("BIC", label::OTHER),
    ("Machtiging ID", label::OTHER),
    ("Machtiging", label::OTHER),
    ("Incassant ID", label::OTHER),
    ("ID debiteur", label::OTHER),
    ("Incassant", label::OTHER),
    ("Mandate ID", label::OTHER),
    ("Creditor ID", label::OTHER),
    ("Valutadatum", label::OTHER),
    ("Value date", label::OTHER),
    ("Voor", label::OTHER),
];

/// True when `text` starts with one of [`LABELS`] and its colon.
pub(crate) fn starts_with_label(text: &str) -> bool {
    label_at(text).is_some()
}

/// The label at the start of `text`: its canonical name and the length of
/// the label with its colon.
fn label_at(text: &str) -> Option<(&'static str, usize)> {
    // Most words start with no label's first letter: passed over without
    // comparing every label.
    let first = text.as_bytes().first()?.to_ascii_uppercase();
    if !b"NODIKBRMCV".contains(&first) {
        return None;
    }
    LABELS.iter().find_map(|(l, canon)| {
        let head = text.get(..l.len())?;
        let colon = text.get(l.len()..l.len() + 1)?;
        (head.eq_ignore_ascii_case(l) && colon == ":").then_some((*canon, l.len() + 1))
    })
}

/// Splits labelled free text. A label counts at the start of the text or
/// after white space, in any case, followed directly by a colon; a word
/// with a colon that is no known label (`Factuur:`) stays in the value.
pub(crate) fn split_labels(text: &str) -> Labelled {
    let mut marks: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if prev_space && let Some((canon, len)) = label_at(&text[i..]) {
            marks.push((i, i + len, canon));
        }
        prev_space = c.is_whitespace();
    }
    let mut out = Labelled {
        lead: squash(&text[..marks.first().map_or(text.len(), |m| m.0)]),
        fields: Vec::new(),
    };
    for (k, (_, value_start, canon)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        out.fields
            .push((canon, squash(text.get(*value_start..end).unwrap_or(""))));
    }
    out
}

impl Labelled {
    /// The first non-empty value with this canonical label.
    pub fn first(&self, canon: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(c, v)| *c == canon && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value with this canonical label.
    pub fn all(&self, canon: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(c, v)| *c == canon && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The description such a text stands for: when it has a description
    /// label, that value followed by the reference values (a payer often
    /// types the invoice number into the reference); otherwise the whole
    /// text, since then nothing says which part is the description.
    pub fn description(&self, whole: &str) -> String {
        if self.first(label::DESCRIPTION).is_none() {
            return squash(whole);
        }
        let mut parts = self.all(label::DESCRIPTION);
        parts.extend(self.all(label::REFERENCE));
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squashing_ascii_and_other_text_gives_the_words_joined_by_one_space() {
        for text in [
            "",
            "   ",
            "a",
            " a  b\tc\r\nd ",
            "x\u{0B}y",
            "\u{0C}f\u{0C}",
            "café  au\u{A0}lait",
            "\u{2003}em space\u{2003}",
            "NOTPROVIDED /TRTP/SEPA OVERBOEKING",
        ] {
            for before in ["", "start"] {
                let mut got = before.to_string();
                squash_into(&mut got, text);
                let mut want: Vec<&str> = Vec::new();
                if !before.is_empty() {
                    want.push(before);
                }
                want.extend(text.split_whitespace());
                assert_eq!(got, want.join(" "), "{text:?} after {before:?}");
            }
        }
    }

    #[test]
    fn records_keep_physical_line_numbers() {
        let t = "a,b\r\n\r\n\"x\ny\",2\nc,3";
        let r = records(t, b',', b'"');
        assert_eq!(r.len(), 3);
        assert_eq!(r[0].line, 1);
        assert_eq!(r[1].line, 3);
        assert_eq!(r[1].fields, vec!["x\ny", "2"]);
        assert_eq!(r[2].line, 5);
    }

    #[test]
    fn one_line_records_cut_an_open_quote_at_its_line_end() {
        let t = "a,'open,b\r\nc,d\n'x',y\n\ne,'f\ng'\n";
        let r = line_records(t, b',', b'\'');
        let got: Vec<(u64, Vec<&str>)> = r
            .iter()
            .map(|r| (r.line, r.fields.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, vec!["a", "open,b"]),
                (2, vec!["c", "d"]),
                (3, vec!["x", "y"]),
                (5, vec!["e", "f"]),
                (6, vec!["g'"]),
            ]
        );
        // Without the cut the open quote takes the next line with it.
        assert!(records(t, b',', b'\'').len() < got.len());
    }

    #[test]
    fn lines_of_one_account_share_its_text() {
        let p: Arc<str> = Arc::from("bank/x.csv");
        let mut c = Collector::new(&p, "generic");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        c.add(
            2,
            Ok(Draft::new("nl91 abna 0417 1643 00", date, Money::ZERO)),
        );
        c.add(
            3,
            Ok(Draft::new("nl91 abna 0417 1643 00", date, Money::ZERO)),
        );
        let r = c.finish();
        assert_eq!(r.rows[0].account, "NL91ABNA0417164300");
        assert!(std::ptr::eq(
            r.rows[0].account.as_str(),
            r.rows[1].account.as_str()
        ));
    }

    #[test]
    fn infers_the_decimal_style_from_any_telling_amount() {
        assert_eq!(
            infer_style(["1.000", "-83,86"].into_iter()),
            DecimalStyle::Comma
        );
        assert_eq!(infer_style(["12.5"].into_iter()), DecimalStyle::Point);
        assert_eq!(infer_style(["1.000"].into_iter()), DecimalStyle::Auto);
    }

    #[test]
    fn splits_ing_mededelingen() {
        let t = "Naam: Hr A.B. de Vries Omschrijving: Factuur: 2024-001 IBAN: NL01RABO0123456789 Kenmerk: 5000056789012345 Machtiging ID: X1";
        let l = split_labels(t);
        assert_eq!(l.lead, "");
        assert_eq!(l.first(label::NAME), Some("Hr A.B. de Vries"));
        assert_eq!(l.first(label::DESCRIPTION), Some("Factuur: 2024-001"));
        assert_eq!(l.first(label::IBAN), Some("NL01RABO0123456789"));
        assert_eq!(l.first(label::REFERENCE), Some("5000056789012345"));
        assert_eq!(l.description(t), "Factuur: 2024-001 5000056789012345");
    }

    #[test]
    fn text_without_description_label_is_kept_whole() {
        let t = "Name: Transaction  Description";
        let l = split_labels(t);
        assert_eq!(l.first(label::NAME), Some("Transaction Description"));
        assert_eq!(l.description(t), "Name: Transaction Description");
        let plain = split_labels("Pasvolgnr: 008 Albert Heijn");
        assert_eq!(plain.lead, "Pasvolgnr: 008 Albert Heijn");
        assert!(plain.fields.is_empty());
    }

    #[test]
    fn an_indicator_signs_an_unsigned_amount_and_refuses_a_signed_one() {
        assert_eq!(
            signed_amount("1.013,75", "Af"),
            Ok(Money::from_cents(-101_375))
        );
        assert_eq!(signed_amount("+5,00", "C"), Ok(Money::from_cents(500)));
        assert!(signed_amount("-5,00", "Bij").is_err());
        assert!(signed_amount("-5,00", "Af").is_err());
        assert!(signed_amount("5,00", "?").is_err());
    }

    #[test]
    fn a_bad_line_is_one_problem_and_counts() {
        let p: Arc<str> = Arc::from("bank/x.csv");
        let mut c = Collector::new(&p, "generic");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        c.add(2, Ok(Draft::new("NL91ABNA0417164300", date, Money::ZERO)));
        c.add(3, Err(RowError::new(ProblemKind::MinusAndIndicator, "x")));
        let r = c.finish();
        assert_eq!((r.rows_read, r.rows_rejected), (2, 1));
        assert_eq!(r.rows.len(), 1);
        assert_eq!(r.problems[0].source, Source::line(&p, 3));
    }

    #[test]
    fn every_reader_finishes_its_lines_through_the_same_step() {
        // MT940 and CAMT.053 give their own normalised account and place
        // (a CAMT entry is no line); the cleaning is the CSV readers'.
        let p: Arc<str> = Arc::from("bank/x.xml");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let mut d = Draft::new("", date, Money::from_cents(-250));
        d.counterparty = "NL91ABNA0417164300".into();
        d.name = " J.  de Vries ".into();
        d.texts = vec!["Factuur  2024-001 ".into()];
        d.references = vec!["NOTPROVIDED".into(), "E2E 1".into()];
        d.bank_reference = Some(" ".into());
        d.return_info = Some(" RD  AC04 ".into());
        let l = d.finish_at(Source::entry(&p, 7), Shared::from("123456789"));
        assert_eq!(l.source, Source::entry(&p, 7));
        assert_eq!(l.account, "123456789");
        assert_eq!(
            l.counterparty_iban.as_ref().map(Iban::as_str),
            Some("NL91ABNA0417164300")
        );
        assert_eq!(l.counterparty_name, "J. de Vries");
        assert_eq!(l.description, "Factuur 2024-001");
        assert_eq!(*l.references, ["E2E 1"]);
        assert_eq!(l.bank_reference, None);
        assert_eq!(l.return_info.as_deref(), Some("RD AC04"));
    }

    #[test]
    fn many_repeated_references_are_kept_once_in_first_order() {
        // Thousands of structured references, each written twice, and the
        // same again in the description (square time before).
        let p: Arc<str> = Arc::from("bank/x.csv");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let refs: Vec<String> = (0..5_000).map(|i| format!("E2E-{i}")).collect();
        let mut d = Draft::new("", date, Money::from_cents(100));
        d.references = refs.iter().chain(&refs).map(|r| format!(" {r} ")).collect();
        d.references.push("NOTPROVIDED".into());
        d.texts = vec![format!(
            "{} 5000056789012345 5000056789012345",
            refs.join(" ")
        )];
        let l = d.finish_at(Source::line(&p, 2), Shared::from("x"));
        assert_eq!(l.references.len(), refs.len() + 1);
        assert_eq!(l.references[..refs.len()], refs[..]);
        assert_eq!(l.references[refs.len()], "5000056789012345");
    }

    #[test]
    fn finish_gathers_structured_and_found_references() {
        let p: Arc<str> = Arc::from("bank/x.csv");
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        let mut d = Draft::new("nl91 abna 0417 1643 00", date, Money::from_cents(100));
        d.references = vec![" 1067931951601240 ".into(), "".into(), "NOTPROVIDED".into()];
        d.texts = vec![
            "  nota  5000056789012345".into(),
            "".into(),
            "1067931951601240".into(),
        ];
        d.counterparty = " ".into();
        let l = d.finish(&p, 4);
        assert_eq!(l.account, "NL91ABNA0417164300");
        assert_eq!(l.description, "nota 5000056789012345 1067931951601240");
        assert_eq!(*l.references, ["1067931951601240", "5000056789012345"]);
        assert_eq!(l.counterparty_iban, None);
        assert_eq!(l.source, Source::line(&p, 4));
    }
}
