//! The CSV outputs of docs/outputs.md: `invoices.csv`, `payments.csv` and
//! `exceptions.csv`, and the writer they (and the journal) share.
//!
//! Every file is UTF-8 with a header row, `.` decimals and ISO dates.
//! Each column is either text or a value: a text cell that a spreadsheet
//! would run as a formula (it starts with `=`, `+`, `-`, `@`, tab or carriage
//! return) gets a leading `'`, because bank descriptions come from
//! strangers. Money, dates, counts and status words are values the job
//! itself formats and are written as they are, so `-12.50` stays a number.
//!
//! `invoices.csv` has the columns of docs/outputs.md in their order followed by two more:
//! `paid_by_insurer` (the part of `paid` an insurer paid directly) and
//! `specifications` (the declaration numbers or sources of its
//! specification lines, `;`-separated). Appending keeps readers that go by
//! position working.

use std::borrow::Cow;
use std::fmt::Display;
use std::fs::File;
use std::path::Path;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};

use crate::money::Money;
use crate::outcome::PaymentOutcome;
use crate::text::{Text, mask_bsn};

use super::ReportInput;

/// Makes a text cell safe to open in a spreadsheet: a leading `=`, `+`, `-`,
/// `@`, tab or carriage return gets a `'` before it so it stays text.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// True when a text cell would be run as a formula (see [`escape_text`]).
fn needs_escape(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Appends `m` as [`Money`]'s `Display` writes it (at least two decimals,
/// never fewer digits than the value has, `-` for negatives, `0.00` for any
/// zero) without going through `fmt`: the CSV files hold hundreds of
/// thousands of amounts. The result is the same text (a test compares the
/// two).
pub(super) fn push_money(buf: &mut String, m: Money) {
    let d = m.decimal();
    let mut mantissa = d.mantissa();
    let mut scale = d.scale();
    // What `normalize` and `rescale(2)` do: trailing zeros go, down to two
    // decimals; fewer than two are padded.
    while scale > 2 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    while scale < 2 {
        // Padding that would not fit a Decimal's 96-bit mantissa is not
        // done by `rescale` either; such an amount (above 10^26) takes the
        // slow way, to give the same text.
        if mantissa.unsigned_abs() >= DECIMAL_MAX / 10 {
            use std::fmt::Write as _;
            // Writing into a String cannot fail.
            let _ = write!(buf, "{m}");
            return;
        }
        mantissa *= 10;
        scale += 1;
    }
    if mantissa < 0 {
        buf.push('-');
    }
    // Digits of |mantissa|, least significant first; a 96-bit number has at
    // most 29 and the scale is at most 28, so 40 is room enough. Amounts
    // fit in 64 bits, where division is far cheaper than in 128.
    let mut digits = [b'0'; 40];
    let mut n = 0;
    let abs = mantissa.unsigned_abs();
    match u64::try_from(abs) {
        Ok(mut rest) => {
            while rest > 0 {
                digits[n] = b'0' + (rest % 10) as u8;
                rest /= 10;
                n += 1;
            }
        }
        Err(_) => {
            let mut rest = abs;
            while rest > 0 {
                digits[n] = b'0' + (rest % 10) as u8;
                rest /= 10;
                n += 1;
            }
        }
    }
    let scale = scale as usize;
    // Zeros before the first digit, so there is at least one before the point.
    let n = n.max(scale + 1);
    for i in (0..n).rev() {
        if i + 1 == scale {
            buf.push('.');
        }
        buf.push(char::from(digits[i]));
    }
}

/// The largest mantissa of a Decimal, 2^96 − 1.
const DECIMAL_MAX: u128 = (1 << 96) - 1;

/// Appends an ISO date (`2026-03-01`) as chrono's `Display` writes it,
/// without going through `fmt` for the common four-digit years.
pub(super) fn push_date(buf: &mut String, d: NaiveDate) {
    use std::fmt::Write as _;
    let year = d.year();
    if (0..=9999).contains(&year) {
        // In range, so each part is a plain decimal of the given width.
        let two = |buf: &mut String, v: u32| {
            buf.push(char::from(b'0' + (v / 10 % 10) as u8));
            buf.push(char::from(b'0' + (v % 10) as u8));
        };
        let year = year.unsigned_abs();
        two(buf, year / 100);
        two(buf, year % 100);
        buf.push('-');
        two(buf, d.month());
        buf.push('-');
        two(buf, d.day());
    } else {
        // Writing into a String cannot fail.
        let _ = write!(buf, "{d}");
    }
}

/// A CSV file being written, field by field, with the text/value
/// distinction of the module header.
pub(super) struct CsvOut {
    writer: csv::Writer<File>,
    name: String,
    /// Reused for formatting values and building texts, so a field costs no
    /// allocation.
    buf: String,
}

impl CsvOut {
    /// Creates `dir/name` and writes its header.
    pub(super) fn create(dir: &Path, name: &str, header: &[&str]) -> anyhow::Result<CsvOut> {
        let path = dir.join(name);
        let file = crate::private::create_file(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let writer = csv::WriterBuilder::new()
            .buffer_capacity(WRITE_BUFFER)
            .from_writer(file);
        let mut out = CsvOut {
            writer,
            name: name.to_string(),
            buf: String::new(),
        };
        out.writer
            .write_record(header)
            .with_context(|| format!("cannot write {name}"))?;
        Ok(out)
    }

    /// Writes one field as it is.
    fn field(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        let name = &self.name;
        self.writer
            .write_field(bytes)
            .with_context(|| format!("cannot write {name}"))
    }

    /// Writes the buffer as one field.
    fn flush_buf(&mut self) -> anyhow::Result<()> {
        let name = &self.name;
        self.writer
            .write_field(self.buf.as_bytes())
            .with_context(|| format!("cannot write {name}"))
    }

    /// Writes the buffer as a text field, escaped as [`escape_text`] does.
    fn flush_buf_text(&mut self) -> anyhow::Result<()> {
        if needs_escape(&self.buf) {
            self.buf.insert(0, '\'');
        }
        self.flush_buf()
    }

    /// A text field, escaped against formula injection.
    pub(super) fn text(&mut self, value: &str) -> anyhow::Result<()> {
        if needs_escape(value) {
            self.buf.clear();
            self.buf.push('\'');
            self.buf.push_str(value);
            self.flush_buf()
        } else {
            self.field(value.as_bytes())
        }
    }

    /// A text field made of `parts` joined by `sep`, escaped as a whole.
    pub(super) fn text_joined<'s>(
        &mut self,
        parts: impl IntoIterator<Item = &'s str>,
        sep: &str,
    ) -> anyhow::Result<()> {
        self.buf.clear();
        for (n, p) in parts.into_iter().enumerate() {
            if n > 0 {
                self.buf.push_str(sep);
            }
            self.buf.push_str(p);
        }
        self.flush_buf_text()
    }

    /// A text field that is something's `Display` (a source), escaped.
    pub(super) fn text_display(&mut self, value: impl Display) -> anyhow::Result<()> {
        use std::fmt::Write as _;
        self.buf.clear();
        // Writing into a String cannot fail; a Display impl that reports an
        // error would leave the field as far as it got, as to_string panics.
        let _ = write!(self.buf, "{value}");
        self.flush_buf_text()
    }

    /// A value the job formats itself (money, date, count, status word).
    pub(super) fn value(&mut self, value: impl Display) -> anyhow::Result<()> {
        use std::fmt::Write as _;
        self.buf.clear();
        // As in text_display.
        let _ = write!(self.buf, "{value}");
        self.flush_buf()
    }

    /// A fixed word (status, rule, severity) or an already formatted value.
    pub(super) fn word(&mut self, word: &str) -> anyhow::Result<()> {
        self.field(word.as_bytes())
    }

    /// An amount, formatted as [`Money`]'s `Display` does.
    pub(super) fn money(&mut self, m: Money) -> anyhow::Result<()> {
        self.buf.clear();
        push_money(&mut self.buf, m);
        self.flush_buf()
    }

    /// An amount that may be unknown: empty when `None`.
    pub(super) fn opt_money(&mut self, m: Option<Money>) -> anyhow::Result<()> {
        match m {
            Some(m) => self.money(m),
            None => self.field(b""),
        }
    }

    /// A date, ISO.
    pub(super) fn date(&mut self, d: NaiveDate) -> anyhow::Result<()> {
        self.buf.clear();
        push_date(&mut self.buf, d);
        self.flush_buf()
    }

    /// A date that may be unknown: empty when `None`.
    pub(super) fn opt_date(&mut self, d: Option<NaiveDate>) -> anyhow::Result<()> {
        match d {
            Some(d) => self.date(d),
            None => self.field(b""),
        }
    }

    /// A value that may be unknown: empty when `None`.
    #[cfg(test)]
    pub(super) fn opt(&mut self, value: Option<impl Display>) -> anyhow::Result<()> {
        match value {
            Some(v) => self.value(v),
            None => self.value(""),
        }
    }

    /// Ends the current record.
    pub(super) fn end(&mut self) -> anyhow::Result<()> {
        let name = &self.name;
        self.writer
            .write_record(None::<&[u8]>)
            .with_context(|| format!("cannot write {name}"))
    }

    /// Flushes the file to disk.
    pub(super) fn finish(mut self) -> anyhow::Result<()> {
        let name = &self.name;
        self.writer
            .flush()
            .with_context(|| format!("cannot write {name}"))
    }
}

/// The CSV writer's buffer: larger than csv's 8 KiB default, so a file of
/// several MB takes fewer write calls.
const WRITE_BUFFER: usize = 256 * 1024;

/// The columns of `invoices.csv`: docs/outputs.md, then the two appended ones.
pub const INVOICE_COLUMNS: [&str; 22] = [
    "invoice_number",
    "client_id",
    "client_name",
    "insurer",
    "invoice_date",
    "due_date",
    "amount",
    "credited",
    "net",
    "paid",
    "reimbursed",
    "deductible",
    "required",
    "status",
    "coulance",
    "outstanding",
    "days_overdue",
    "payments",
    "reason",
    "paid_by_insurer",
    "specifications",
    "agent",
];

/// The columns of `payments.csv` (docs/outputs.md).
pub const PAYMENT_COLUMNS: [&str; 14] = [
    "payment_id",
    "source",
    "account",
    "booking_date",
    "amount",
    "counterparty_iban",
    "counterparty_name",
    "description",
    "status",
    "rule",
    "invoices",
    "allocated",
    "unallocated",
    "note",
];

/// The columns of `exceptions.csv` (docs/outputs.md).
pub const EXCEPTION_COLUMNS: [&str; 5] = ["source", "severity", "code", "problem", "value"];

/// Writes `invoices.csv`: one row per invoice, in the core's order.
pub(super) fn write_invoices(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "invoices.csv", &INVOICE_COLUMNS)?;
    for inv in &input.recon.invoices {
        out.text(&inv.number)?;
        out.text(&inv.client_id)?;
        out.text(&inv.client_name)?;
        out.text(inv.insurer.as_deref().unwrap_or(""))?;
        out.date(inv.invoice_date)?;
        out.date(inv.due_date)?;
        out.money(inv.amount)?;
        out.money(inv.credited)?;
        out.money(inv.net)?;
        out.money(inv.paid)?;
        out.opt_money(inv.reimbursed)?;
        out.opt_money(inv.deductible)?;
        out.opt_money(inv.required)?;
        out.word(inv.status.as_str())?;
        out.money(inv.coulance)?;
        out.money(inv.outstanding)?;
        out.value(inv.days_overdue)?;
        out.text_joined(inv.payments.iter().map(Text::as_str), ";")?;
        out.text(&super::text::reason(&inv.reason, input.lang))?;
        out.money(inv.paid_by_insurer)?;
        out.text_joined(inv.specifications.iter().map(String::as_str), ";")?;
        out.text(inv.agent.as_deref().unwrap_or(""))?;
        out.end()?;
    }
    out.finish()
}

/// The invoices a payment went to, each once, in allocation order.
pub(super) fn allocated_invoices(outcome: &PaymentOutcome) -> String {
    let mut out = String::new();
    for (n, invoice) in distinct_invoices(outcome).enumerate() {
        if n > 0 {
            out.push(';');
        }
        out.push_str(invoice);
    }
    out
}

/// The invoice numbers of a payment's allocations, each once, in allocation
/// order. A payment has a handful of allocations, so looking back over the
/// earlier ones is cheaper than a set.
fn distinct_invoices(outcome: &PaymentOutcome) -> impl Iterator<Item = &str> {
    let allocations = &outcome.allocations;
    allocations.iter().enumerate().filter_map(|(n, a)| {
        let earlier = allocations.get(..n).unwrap_or_default();
        (!earlier.iter().any(|e| e.invoice == a.invoice)).then_some(a.invoice.as_str())
    })
}

/// The sum of a payment's allocations.
pub(super) fn allocated_sum(outcome: &PaymentOutcome) -> Money {
    outcome.allocations.iter().map(|a| a.amount).sum()
}

/// Writes `payments.csv`: one row per bank line, in ledger order. A line the
/// core left without a decision (which should not happen) is still written,
/// with empty status, so that no input row goes missing.
pub(super) fn write_payments(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "payments.csv", &PAYMENT_COLUMNS)?;
    let outcomes = super::outcome_per_line(input);
    // One buffer for every line's note, worded at write time.
    let mut note = String::new();
    for (line, outcome) in input.ledger.bank_lines.iter().zip(&outcomes) {
        out.text(&line.id)?;
        out.text_display(&line.source)?;
        out.text(&line.account)?;
        out.date(line.booking_date)?;
        out.money(line.amount)?;
        out.text(line.counterparty_iban.as_ref().map_or("", |i| i.as_str()))?;
        out.text(&mask_bsn(&line.counterparty_name))?;
        out.text(&mask_bsn(&line.description))?;
        match outcome {
            Some(o) => {
                out.word(o.status.as_str())?;
                out.word(o.rule.as_str())?;
                out.text_joined(distinct_invoices(o), ";")?;
                out.money(allocated_sum(o))?;
                out.money(o.unallocated)?;
                super::text::note_into(&mut note, o, input.lang);
                out.text(&mask_bsn(&note))?;
            }
            None => {
                for _ in 0..5 {
                    out.word("")?;
                }
                out.text(super::text::undecided(input.lang))?;
            }
        }
        out.end()?;
    }
    out.finish()?;
    Ok(())
}

/// Writes `exceptions.csv`: every input problem, in the given (sorted) order.
pub(super) fn write_exceptions(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "exceptions.csv", &EXCEPTION_COLUMNS)?;
    for p in input.problems {
        out.text_display(&p.source)?;
        out.word(p.severity.as_str())?;
        out.word(p.kind.code())?;
        out.text(&super::text::problem(&p.kind, input.lang))?;
        out.text(&mask_bsn(&p.value))?;
        out.end()?;
    }
    out.finish()
}

/// Columns of `changes.csv`.
pub const CHANGE_COLUMNS: [&str; 4] = ["change", "id", "before", "after"];

/// Writes `changes.csv`: what changed since the previous report (only the
/// header when there was none).
pub(super) fn write_changes(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "changes.csv", &CHANGE_COLUMNS)?;
    for c in input.changes.iter().flat_map(|set| set.changes.iter()) {
        out.value(c.kind)?;
        out.text(&c.id)?;
        out.text(&c.before)?;
        out.text(&c.after)?;
        out.end()?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_looking_text_is_quoted() {
        assert_eq!(escape_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_text("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(escape_text("-2+3"), "'-2+3");
        assert_eq!(escape_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_text("\tx"), "'\tx");
        assert_eq!(escape_text("\rx"), "'\rx");
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        assert!(matches!(escape_text("factuur 2026-001"), Cow::Borrowed(_)));
        assert_eq!(escape_text(""), "");
        assert_eq!(escape_text(" =1"), " =1");
        assert_eq!(escape_text("'quoted"), "'quoted");
    }

    fn money_text(m: Money) -> String {
        let mut s = String::new();
        push_money(&mut s, m);
        s
    }

    #[test]
    fn money_is_written_as_display_writes_it() {
        use rust_decimal::Decimal;
        let cases = [
            "0",
            "-0",
            "0.000",
            "-0.00",
            "1",
            "-1",
            "8.85",
            "8.850",
            "1.005",
            "-12.5",
            "0.01",
            "-0.01",
            "0.001",
            "-0.0001000",
            "100",
            "1234567.89",
            "10.10",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "-7.9228162514264337593543950335",
        ];
        for c in cases {
            let m = Money::new(c.parse::<Decimal>().unwrap());
            assert_eq!(money_text(m), m.to_string(), "{c}");
        }
        // A negated zero keeps its sign flag; Display (normalize) drops it.
        let m = -Money::ZERO;
        assert_eq!(money_text(m), m.to_string());
    }

    proptest::proptest! {
        #[test]
        fn any_amount_is_written_as_display_writes_it(lo in proptest::num::i64::ANY, scale in 0u32..=28) {
            let m = Money::new(rust_decimal::Decimal::new(lo, scale));
            proptest::prop_assert_eq!(money_text(m), m.to_string());
        }

        #[test]
        fn any_date_is_written_as_display_writes_it(days in -1_000_000i32..4_000_000) {
            let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let mut s = String::new();
            push_date(&mut s, d);
            proptest::prop_assert_eq!(s, d.to_string());
        }
    }

    #[test]
    fn joined_and_displayed_text_is_escaped_as_a_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = CsvOut::create(dir.path(), "t.csv", &["a", "b", "c"]).unwrap();
        out.text_joined(["-1", "x"], ";").unwrap();
        out.text_joined(["x", "-1"], ";").unwrap();
        out.text_display(-5).unwrap();
        out.end().unwrap();
        out.text_joined([], ";").unwrap();
        out.word("open").unwrap();
        out.date(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())
            .unwrap();
        out.end().unwrap();
        out.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
        assert_eq!(text, "a,b,c\n'-1;x,x;-1,'-5\n,open,2026-03-01\n");
    }

    #[test]
    fn values_are_not_escaped_but_text_is() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = CsvOut::create(dir.path(), "t.csv", &["amount", "text"]).unwrap();
        out.value(Money::from_cents(-1250)).unwrap();
        out.text("-1250").unwrap();
        out.end().unwrap();
        out.opt(None::<Money>).unwrap();
        out.text("=1+1").unwrap();
        out.end().unwrap();
        out.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
        assert_eq!(text, "amount,text\n-12.50,'-1250\n,'=1+1\n");
    }
}
