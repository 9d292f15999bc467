//! The bank's own check: the balances an export states, compared with the
//! lines read (docs/balances.md).
//!
//! Readers record what the file states as [`Mark`]s, in file order, beside
//! the lines they read: a statement's opening and closing balance (MT940
//! `:60F:`/`:62F:`, CAMT.053 `OPBD`/`CLBD`, ABN AMRO TAB's two balances on
//! every line), the balance after a line (ING `Saldo na mutatie`, Rabobank
//! `Saldo na trn`) or before it (ASN/SNS), and every line they could not
//! read. [`check`] does the arithmetic for every format alike, as a pure
//! function of the lines and the marks: opening balance plus the lines read
//! must give the closing balance, and each line's stated balance must follow
//! from the previous line's, in the file's own order, per account.
//!
//! A break is a warning (the lines are still used: real files, even banks'
//! own examples, sometimes do not close). A rejected line leaves the running
//! balance unknown: the statement or pair of lines around it is counted as
//! not checkable, and the check starts again from the next stated balance.

use chrono::NaiveDate;

use super::coverage::{self, Coverage};
use super::marks::{Mark, MarkKind, Stated};
use crate::ingest::FileRead;
use crate::money::Money;
use crate::payment::{BankLine, Shared};
use crate::problem::{Problem, ProblemKind, Statement};
use crate::source::{Loc, Source};

/// What a bank export says about itself besides its lines: the balances it
/// states (filled by the readers), and, once the file is read, the outcome
/// of the balance check and the own accounts it names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankFacts {
    /// Stated balances and rejected lines, in file order.
    pub marks: Vec<Mark>,
    /// The balance check; `None` when the file states no balance.
    pub check: Option<BalanceCheck>,
    /// The own accounts the export names (normalised, in order of first
    /// appearance).
    pub accounts: Vec<Shared>,
    /// The days the export covers per account, with the balance at the
    /// start of each ([`super::coverage`]).
    pub coverage: Vec<Coverage>,
}

impl BankFacts {
    /// Records that a line at this place could not be read.
    pub fn rejected(&mut self, at: usize, source: Source) {
        self.marks.push(Mark {
            at,
            kind: MarkKind::Rejected(Box::new(source)),
        });
    }
}

/// How a file's balances came out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceStatus {
    /// Every statement or line that could be checked closes.
    Closed,
    /// At least one does not.
    Broken,
    /// Balances are stated, but nothing could be checked (a single line, or
    /// every statement has a rejected line).
    NotChecked,
}

impl BalanceStatus {
    /// The word written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            BalanceStatus::Closed => "closed",
            BalanceStatus::Broken => "broken",
            BalanceStatus::NotChecked => "not_checked",
        }
    }
}

/// What is counted: statements (opening and closing balance) or lines
/// (a balance per line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BalanceUnit {
    /// Statements: MT940, CAMT.053.
    Statement,
    /// Lines: ING, Rabobank, ASN/SNS, ABN AMRO TAB.
    Line,
}

impl BalanceUnit {
    /// The word written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            BalanceUnit::Statement => "statement",
            BalanceUnit::Line => "line",
        }
    }
}

/// The outcome of the balance check of one file, as `summary.json` and the
/// workbook show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BalanceCheck {
    /// Closed, broken or not checked.
    pub status: BalanceStatus,
    /// Whether the counts are of statements or of lines.
    pub unit: BalanceUnit,
    /// Statements or lines checked: `closed + broken`.
    pub checked: u64,
    /// Those that close.
    pub closed: u64,
    /// Those that do not (each a warning in the exceptions).
    pub broken: u64,
    /// Statements or lines whose balance could not be checked (a line
    /// around them was rejected, or a balance is missing).
    pub not_checkable: u64,
}

/// Counts as the check goes.
#[derive(Default)]
struct Tally {
    closed: u64,
    broken: u64,
    not_checkable: u64,
}

/// Checks the stated balances of one file against its lines: the outcome
/// (`None` when the file states no balance) and a warning for every break
/// and every statement or line that could not be checked.
pub fn check(rows: &[BankLine], marks: &[Mark]) -> (Option<BalanceCheck>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut tally = Tally::default();
    let statements = statements(rows, marks, &mut tally, &mut problems);
    let chains = chains(rows, marks, &mut tally, &mut problems);
    if statements == BalanceShape::None && chains == BalanceShape::None {
        return (None, problems);
    }
    let unit = if chains == BalanceShape::None && statements == BalanceShape::Statements {
        BalanceUnit::Statement
    } else {
        BalanceUnit::Line
    };
    let status = if tally.broken > 0 {
        BalanceStatus::Broken
    } else if tally.closed > 0 {
        BalanceStatus::Closed
    } else {
        BalanceStatus::NotChecked
    };
    let check = BalanceCheck {
        status,
        unit,
        checked: tally.closed + tally.broken,
        closed: tally.closed,
        broken: tally.broken,
        not_checkable: tally.not_checkable,
    };
    (Some(check), problems)
}

/// Settles a bank file just read: checks its balances (the warnings join
/// its problems), notes the own accounts it names, and lets the marks go.
///
/// A generic CSV names no own account: its `account`/`rekening` column is
/// whatever the person who made the file meant by it, and a client's IBAN
/// taken for the provider's own would hide that client's payments.
pub fn settle(read: &mut FileRead<BankLine>) {
    let (check, problems) = check(&read.rows, &read.bank.marks);
    read.problems.extend(problems);
    read.bank.check = check;
    if read.format != "generic" {
        read.bank.accounts = accounts(&read.rows, &read.bank.marks);
    }
    read.bank.coverage = coverage::coverage(&read.rows, &read.bank.marks);
    read.bank.marks = Vec::new();
}

/// The own accounts a file names: the accounts of its lines in order of
/// first appearance, then those of statements without lines; no repeats.
pub fn accounts(rows: &[BankLine], marks: &[Mark]) -> Vec<Shared> {
    let mut out: Vec<Shared> = Vec::new();
    let mut seen: foldhash::HashSet<&Shared> = foldhash::HashSetExt::new();
    let mut last: Option<&Shared> = None;
    let stated = marks.iter().filter_map(|m| match &m.kind {
        MarkKind::Opening(s) | MarkKind::Closing(s) => Some(&s.account),
        _ => None,
    });
    for a in rows.iter().map(|r| &r.account).chain(stated) {
        // Nearly every line repeats the account before it.
        if last == Some(a) || a.trim().is_empty() {
            continue;
        }
        last = Some(a);
        if seen.insert(a) {
            out.push(a.clone());
        }
    }
    out
}

/// Which kind of balances a pass found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BalanceShape {
    /// None.
    None,
    /// Statements of any number of lines.
    Statements,
    /// Lines, each with its own balance (ABN AMRO TAB, ING, Rabobank,
    /// ASN/SNS).
    Lines,
}

/// A statement being read: its opening balance, where its lines start and
/// the first rejected line inside it.
struct Open<'a> {
    stated: &'a Stated,
    at: usize,
    gap: Option<&'a Source>,
}

/// The statement pass: every opening balance plus the lines up to its
/// closing balance must give that closing balance.
fn statements(
    rows: &[BankLine],
    marks: &[Mark],
    tally: &mut Tally,
    problems: &mut Vec<Problem>,
) -> BalanceShape {
    let mut open: Option<Open<'_>> = None;
    let mut number = 0u64;
    let mut seen = false;
    let mut seen_line = false;
    let unclosed = |o: &Open<'_>, tally: &mut Tally, problems: &mut Vec<Problem>| {
        tally.not_checkable += 1;
        problems.push(Problem::warning(
            o.stated.source.clone(),
            ProblemKind::NoClosingBalance,
            o.stated.balance.to_string(),
        ));
    };
    for m in marks {
        match &m.kind {
            MarkKind::Opening(s) => {
                seen = true;
                number += 1;
                if let Some(o) = open.take() {
                    unclosed(&o, tally, problems);
                }
                open = Some(Open {
                    stated: s,
                    at: m.at,
                    gap: None,
                });
            }
            MarkKind::Rejected(src) => {
                if let Some(o) = open.as_mut() {
                    o.gap.get_or_insert(src);
                }
            }
            MarkKind::Closing(c) => {
                seen = true;
                let Some(o) = open.take() else {
                    number += 1;
                    tally.not_checkable += 1;
                    problems.push(Problem::warning(
                        c.source.clone(),
                        ProblemKind::NoOpeningBalance,
                        c.balance.to_string(),
                    ));
                    continue;
                };
                let statement = statement_name(number, &o.stated.source, &c.source);
                if let Some(gap) = o.gap {
                    tally.not_checkable += 1;
                    problems.push(Problem::warning(
                        c.source.clone(),
                        ProblemKind::StatementGap {
                            statement,
                            gap: gap.clone(),
                        },
                        c.balance.to_string(),
                    ));
                    continue;
                }
                if o.stated.currency != c.currency {
                    tally.not_checkable += 1;
                    problems.push(Problem::warning(
                        c.source.clone(),
                        ProblemKind::BalanceCurrencies {
                            statement,
                            opening: o.stated.currency.as_deref().map(str::to_string),
                            closing: c.currency.as_deref().map(str::to_string),
                        },
                        c.balance.to_string(),
                    ));
                    continue;
                }
                let lines = rows.get(o.at..m.at).unwrap_or(&[]);
                // Checked: Decimal's `+` panics on overflow, and a panic
                // would end the whole run; such a statement is not checkable.
                let sum = lines
                    .iter()
                    .try_fold(Money::ZERO, |a, l| a.checked_add(l.amount));
                let Some((sum, expected)) =
                    sum.and_then(|s| Some((s, o.stated.balance.checked_add(s)?)))
                else {
                    tally.not_checkable += 1;
                    problems.push(Problem::warning(
                        c.source.clone(),
                        ProblemKind::BalanceOverflow,
                        c.balance.to_string(),
                    ));
                    continue;
                };
                if expected == c.balance {
                    tally.closed += 1;
                } else {
                    tally.broken += 1;
                    problems.push(Problem::warning(
                        c.source.clone(),
                        ProblemKind::StatementDoesNotClose {
                            statement,
                            opening: o.stated.balance,
                            lines: lines.len(),
                            sum,
                            expected,
                            closing: c.balance,
                        },
                        c.balance.to_string(),
                    ));
                }
            }
            MarkKind::Both { opening, closing } => {
                seen_line = true;
                let Some(line) = m.at.checked_sub(1).and_then(|i| rows.get(i)) else {
                    continue;
                };
                let Some(expected) = opening.checked_add(line.amount) else {
                    tally.not_checkable += 1;
                    problems.push(Problem::warning(
                        line.source.clone(),
                        ProblemKind::BalanceOverflow,
                        closing.to_string(),
                    ));
                    continue;
                };
                if expected == *closing {
                    tally.closed += 1;
                } else {
                    tally.broken += 1;
                    problems.push(Problem::warning(
                        line.source.clone(),
                        ProblemKind::LineDoesNotClose {
                            opening: *opening,
                            amount: line.amount,
                            expected,
                            closing: *closing,
                        },
                        closing.to_string(),
                    ));
                }
            }
            MarkKind::After(_) | MarkKind::Before(_) => {}
        }
    }
    if let Some(o) = open.take() {
        unclosed(&o, tally, problems);
    }
    if seen_line {
        BalanceShape::Lines
    } else if seen {
        BalanceShape::Statements
    } else {
        BalanceShape::None
    }
}

/// How a problem names a statement (the file and the closing balance's
/// place are in the problem's source): the lines it spans in a text file,
/// or its number in the file (XML, where balances have no line).
fn statement_name(number: u64, open: &Source, close: &Source) -> Statement {
    match (&open.loc, &close.loc) {
        (Loc::Line(a), Loc::Line(b)) => Statement::Lines { from: *a, to: *b },
        _ => Statement::Number(number),
    }
}

/// One line with a stated balance in a chain: its place, the balance
/// before and after it, and what lies between it and the previous such
/// line of its account.
struct Link<'a> {
    row: usize,
    before: Money,
    after: Money,
    /// True when the file states the balance after the line (else before).
    states_after: bool,
    /// Sum of the lines of the account without a stated balance since the
    /// previous link; `None` when it overflowed the decimal.
    between: Option<Money>,
    /// The first line rejected since the previous link.
    gap: Option<&'a Source>,
}

/// The chain pass: per account, each line's stated balance must follow
/// from the previous line's, in whichever order the file lists them
/// (ING lists the newest first, Rabobank the oldest).
fn chains(
    rows: &[BankLine],
    marks: &[Mark],
    tally: &mut Tally,
    problems: &mut Vec<Problem>,
) -> BalanceShape {
    // The stated balance of each line that has one, and the rejected lines
    // by the number of lines read before them.
    let mut stated: Vec<Option<(Money, bool)>> = Vec::new();
    let mut rejected: Vec<(usize, &Source)> = Vec::new();
    for m in marks {
        let (row, value) = match &m.kind {
            MarkKind::After(b) if m.at > 0 => (m.at - 1, (*b, true)),
            MarkKind::Before(b) => (m.at, (*b, false)),
            MarkKind::Rejected(src) => {
                rejected.push((m.at, src));
                continue;
            }
            _ => continue,
        };
        if row < rows.len() {
            if stated.is_empty() {
                stated = vec![None; rows.len()];
            }
            stated[row] = Some(value);
        }
    }
    if stated.is_empty() {
        return BalanceShape::None;
    }
    // Per account, in order of first appearance: its links in file order,
    // and the sum of its lines without a balance since its last link.
    let mut accounts: Vec<(Vec<Link<'_>>, Option<Money>)> = Vec::new();
    // Hashed, so that a file of many accounts is not read in square time.
    let mut index: foldhash::HashMap<&Shared, usize> = foldhash::HashMapExt::new();
    for (i, line) in rows.iter().enumerate() {
        let k = *index.entry(&line.account).or_insert_with(|| {
            accounts.push((Vec::new(), Some(Money::ZERO)));
            accounts.len() - 1
        });
        let (links, between) = &mut accounts[k];
        // Checked throughout: an overflow makes a check impossible, never
        // a panic that ends the run.
        let add_between = |b: &mut Option<Money>| *b = b.and_then(|b| b.checked_add(line.amount));
        let Some((balance, states_after)) = stated[i] else {
            add_between(between);
            continue;
        };
        let pair = if states_after {
            balance.checked_sub(line.amount).map(|b| (b, balance))
        } else {
            balance.checked_add(line.amount).map(|a| (balance, a))
        };
        let Some((before, after)) = pair else {
            tally.not_checkable += 1;
            problems.push(Problem::warning(
                line.source.clone(),
                ProblemKind::BalanceOverflow,
                balance.to_string(),
            ));
            add_between(between);
            continue;
        };
        // A rejected line's account is unknown: one between this line and
        // the account's previous link breaks the chain there. Rejected lines
        // come in file order, so the first after the previous link is found
        // by halving.
        let gap = links.last().and_then(|prev| {
            let first = rejected.partition_point(|(at, _)| *at <= prev.row);
            rejected
                .get(first)
                .filter(|(at, _)| *at <= i)
                .map(|(_, src)| *src)
        });
        links.push(Link {
            row: i,
            before,
            after,
            states_after,
            between: between.replace(Money::ZERO),
            gap,
        });
    }
    for (links, _) in &accounts {
        check_chain(rows, links, tally, problems);
    }
    BalanceShape::Lines
}

/// Checks the links of one account: chooses the file's order (oldest or
/// newest first) by which one more pairs agree with, then reports every
/// pair that does not.
fn check_chain(
    rows: &[BankLine],
    links: &[Link<'_>],
    tally: &mut Tally,
    problems: &mut Vec<Problem>,
) {
    let plus = |a: Money, between: Option<Money>| between.and_then(|b| a.checked_add(b));
    let forward_ok = |p: &Link<'_>, c: &Link<'_>| plus(p.after, c.between) == Some(c.before);
    let backward_ok = |p: &Link<'_>, c: &Link<'_>| plus(c.after, c.between) == Some(p.before);
    let (mut fwd, mut bwd) = (0usize, 0usize);
    for w in links.windows(2) {
        if w[1].gap.is_none() {
            fwd += usize::from(forward_ok(&w[0], &w[1]));
            bwd += usize::from(backward_ok(&w[0], &w[1]));
        }
    }
    let date = |l: Option<&Link<'_>>| -> Option<NaiveDate> { l.map(|l| rows[l.row].booking_date) };
    let newest_first = bwd > fwd || (bwd == fwd && date(links.first()) > date(links.last()));
    for w in links.windows(2) {
        let (p, c) = (&w[0], &w[1]);
        // The earlier and the later line in time.
        let (earlier, later) = if newest_first { (c, p) } else { (p, c) };
        if let Some(gap) = c.gap {
            tally.not_checkable += 1;
            problems.push(Problem::warning(
                rows[later.row].source.clone(),
                ProblemKind::ChainGap {
                    earlier: rows[earlier.row].source.clone(),
                    gap: gap.clone(),
                },
                "",
            ));
            continue;
        }
        let ok = if newest_first {
            backward_ok(p, c)
        } else {
            forward_ok(p, c)
        };
        if ok {
            tally.closed += 1;
            continue;
        }
        let before = plus(earlier.after, c.between);
        let (expected, found, when) = if later.states_after {
            let amount = rows[later.row].amount;
            (
                before.and_then(|b| b.checked_add(amount)),
                later.after,
                true,
            )
        } else {
            (before, later.before, false)
        };
        let Some(expected) = expected else {
            tally.not_checkable += 1;
            problems.push(Problem::warning(
                rows[later.row].source.clone(),
                ProblemKind::BalanceOverflow,
                found.to_string(),
            ));
            continue;
        };
        tally.broken += 1;
        problems.push(Problem::warning(
            rows[later.row].source.clone(),
            ProblemKind::ChainBroken {
                earlier: rows[earlier.row].source.clone(),
                earlier_after: earlier.after,
                after: when,
                expected,
                found,
            },
            found.to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::bank::marks::Stated;
    use std::sync::Arc;

    fn p() -> Arc<str> {
        Arc::from("bank/x")
    }

    fn m(cents: i64) -> Money {
        Money::from_cents(cents)
    }

    fn line(n: u64, account: &str, day: u32, cents: i64) -> BankLine {
        let date = NaiveDate::from_ymd_opt(2026, 1, day).unwrap_or_default();
        BankLine::booked(Source::line(&p(), n), account, date, m(cents))
    }

    fn stated(account: &str, cents: i64, n: u64) -> Box<Stated> {
        Box::new(Stated {
            account: account.into(),
            balance: m(cents),
            currency: Some("EUR".into()),
            source: Source::line(&p(), n),
        })
    }

    fn open(at: usize, account: &str, cents: i64, n: u64) -> Mark {
        Mark {
            at,
            kind: MarkKind::Opening(stated(account, cents, n)),
        }
    }

    fn close(at: usize, account: &str, cents: i64, n: u64) -> Mark {
        Mark {
            at,
            kind: MarkKind::Closing(stated(account, cents, n)),
        }
    }

    fn after(at: usize, cents: i64) -> Mark {
        Mark {
            at,
            kind: MarkKind::After(m(cents)),
        }
    }

    fn rejected(at: usize, n: u64) -> Mark {
        Mark {
            at,
            kind: MarkKind::Rejected(Box::new(Source::line(&p(), n))),
        }
    }

    fn counts(c: &Option<BalanceCheck>) -> (BalanceStatus, u64, u64, u64) {
        let c = c.expect("a check");
        (c.status, c.closed, c.broken, c.not_checkable)
    }

    #[test]
    fn an_overflowing_sum_is_not_checkable_never_a_panic() {
        let max = Money::new(rust_decimal::Decimal::MAX);
        let mut big = line(3, "A", 1, 0);
        big.amount = max;
        // Statement pass: opening MAX plus a line of MAX.
        let mut marks = vec![open(0, "A", 0, 2), close(1, "A", 0, 7)];
        if let MarkKind::Opening(s) = &mut marks[0].kind {
            s.balance = max;
        }
        let (c, problems) = check(std::slice::from_ref(&big), &marks);
        assert_eq!(counts(&c), (BalanceStatus::NotChecked, 0, 0, 1));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].kind, ProblemKind::BalanceOverflow);
        // Chain pass: balances after each line, the second overflows.
        let rows = vec![line(3, "A", 1, 100), big.clone(), big];
        let marks = vec![after(1, 100), after(3, 100)];
        let (_, problems) = check(&rows, &marks);
        assert!(
            problems
                .iter()
                .any(|p| p.kind == ProblemKind::BalanceOverflow),
            "{problems:?}"
        );
    }

    #[test]
    fn a_statement_closes_and_a_misread_line_breaks_it() {
        let rows = vec![line(3, "A", 1, 1000), line(5, "A", 2, -250)];
        let marks = vec![open(0, "A", 10_000, 2), close(2, "A", 10_750, 7)];
        let (c, problems) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Closed, 1, 0, 0));
        assert_eq!(c.map(|c| c.unit), Some(BalanceUnit::Statement));
        assert!(problems.is_empty());
        // The same statement with one amount read a cent off.
        let rows = vec![line(3, "A", 1, 1001), line(5, "A", 2, -250)];
        let (c, problems) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Broken, 0, 1, 0));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].source.to_string(), "bank/x:7");
        assert!(
            matches!(
                problems[0].kind,
                ProblemKind::StatementDoesNotClose {
                    statement: Statement::Lines { from: 2, to: 7 },
                    expected,
                    closing,
                    ..
                } if expected == m(10_751) && closing == m(10_750)
            ),
            "{:?}",
            problems[0].kind
        );
    }

    #[test]
    fn a_lost_line_or_a_wrong_sign_breaks_a_statement() {
        let marks = vec![open(0, "A", 10_000, 2), close(2, "A", 10_750, 7)];
        let lost = vec![line(3, "A", 1, 1000)];
        assert_eq!(
            counts(&check(&lost, &[open(0, "A", 10_000, 2), close(1, "A", 10_750, 7)]).0).2,
            1
        );
        let sign = vec![line(3, "A", 1, 1000), line(5, "A", 2, 250)];
        assert_eq!(counts(&check(&sign, &marks).0).2, 1);
    }

    #[test]
    fn a_rejected_line_makes_its_statement_not_checkable_and_the_next_is_checked() {
        let rows = vec![line(3, "A", 1, 1000), line(12, "A", 3, 500)];
        let marks = vec![
            open(0, "A", 0, 2),
            rejected(1, 4),
            close(1, "A", 7777, 6),
            open(1, "A", 7777, 10),
            close(2, "A", 8277, 14),
        ];
        let (c, problems) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Closed, 1, 0, 1));
        assert_eq!(problems.len(), 1);
        assert!(
            matches!(&problems[0].kind, ProblemKind::StatementGap { gap, .. } if gap.loc == Loc::Line(4)),
            "{:?}",
            problems[0].kind
        );
    }

    #[test]
    fn statements_without_lines_close_on_equal_balances() {
        let marks = vec![open(0, "A", 500, 2), close(0, "A", 500, 3)];
        let (c, _) = check(&[], &marks);
        assert_eq!(counts(&c), (BalanceStatus::Closed, 1, 0, 0));
        assert_eq!(accounts(&[], &marks), vec![Shared::from("A")]);
    }

    #[test]
    fn missing_balances_and_other_currencies_are_not_checkable() {
        let rows = vec![line(3, "A", 1, 100)];
        let mut other = close(1, "A", 600, 5);
        if let MarkKind::Closing(s) = &mut other.kind {
            s.currency = Some("SEK".into());
        }
        let marks = vec![
            open(0, "A", 500, 2),
            other,
            close(1, "A", 600, 9),
            open(1, "A", 1, 10),
        ];
        let (c, problems) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::NotChecked, 0, 0, 3));
        assert_eq!(problems.len(), 3);
        assert!(matches!(
            &problems[0].kind,
            ProblemKind::BalanceCurrencies { closing: Some(c), .. } if c == "SEK"
        ));
    }

    #[test]
    fn one_line_statements_are_counted_as_lines() {
        let rows = vec![line(1, "1", 1, -3935), line(2, "2", 1, 100)];
        let both = |at: usize, opening: i64, closing: i64| Mark {
            at,
            kind: MarkKind::Both {
                opening: m(opening),
                closing: m(closing),
            },
        };
        let marks = vec![both(1, 349_300, 345_465), both(2, 0, 100)];
        let (c, problems) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Broken, 1, 1, 0));
        assert_eq!(c.map(|c| c.unit), Some(BalanceUnit::Line));
        assert_eq!(
            problems[0].kind,
            ProblemKind::LineDoesNotClose {
                opening: m(349_300),
                amount: m(-3935),
                expected: m(345_365),
                closing: m(345_465),
            }
        );
    }

    #[test]
    fn a_chain_oldest_first_and_newest_first() {
        // Oldest first (Rabobank): 1000 → +1000 → 2000 → −500 → 1500.
        let rows = vec![
            line(2, "A", 1, -20_000),
            line(3, "A", 2, 100_000),
            line(4, "A", 3, -50_000),
        ];
        let marks = vec![after(1, 100_000), after(2, 200_000), after(3, 150_000)];
        let (c, problems) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Closed, 2, 0, 0));
        assert!(problems.is_empty());
        // The same lines newest first (ING), one day each.
        let rows: Vec<BankLine> = vec![
            line(2, "A", 3, -50_000),
            line(3, "A", 2, 100_000),
            line(4, "A", 1, -20_000),
        ];
        let marks = vec![after(1, 150_000), after(2, 200_000), after(3, 100_000)];
        let (c, _) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Closed, 2, 0, 0));
        // A wrong sign on the middle line: the balance stated after it no
        // longer follows from the line before it in time.
        let mut bad = rows.clone();
        bad[1].amount = m(-100_000);
        let (c, problems) = check(&bad, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Broken, 1, 1, 0));
        assert_eq!(problems[0].source.to_string(), "bank/x:3");
        assert!(
            matches!(
                &problems[0].kind,
                ProblemKind::ChainBroken { earlier, earlier_after, .. }
                    if earlier.loc == Loc::Line(4) && *earlier_after == m(100_000)
            ),
            "{:?}",
            problems[0].kind
        );
    }

    #[test]
    fn same_day_newest_first_is_found_from_the_balances() {
        let rows = vec![
            line(2, "A", 1, -4514),
            line(3, "A", 1, -4018),
            line(4, "A", 1, -875),
        ];
        let marks = vec![after(1, 146), after(2, 4660), after(3, 8678)];
        let (c, _) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Closed, 2, 0, 0));
    }

    #[test]
    fn a_line_lost_from_a_chain_is_caught_and_a_rejected_one_is_not_checkable() {
        let rows = vec![line(2, "A", 1, 100), line(4, "A", 3, 300)];
        let marks = vec![after(1, 100), after(2, 600)];
        let (c, problems) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::Broken, 0, 1, 0));
        assert!(
            matches!(
                problems[0].kind,
                ProblemKind::ChainBroken { expected, found, .. }
                    if expected == m(400) && found == m(600)
            ),
            "{:?}",
            problems[0].kind
        );
        let marks = vec![after(1, 100), rejected(1, 3), after(2, 600)];
        let (c, problems) = check(&rows, &marks);
        assert_eq!(counts(&c), (BalanceStatus::NotChecked, 0, 0, 1));
        assert!(matches!(
            &problems[0].kind,
            ProblemKind::ChainGap { gap, .. } if gap.loc == Loc::Line(3)
        ));
    }

    #[test]
    fn chains_are_per_account_and_lines_without_a_balance_count_between() {
        let rows = vec![
            line(2, "A", 1, 100),
            line(3, "B", 1, 7),
            line(4, "A", 2, 50),
            line(5, "A", 3, 25),
            line(6, "B", 3, 3),
        ];
        // Line 4 has no balance; B before its lines (ASN/SNS).
        let marks = vec![
            after(1, 1100),
            Mark {
                at: 1,
                kind: MarkKind::Before(m(90)),
            },
            after(4, 1175),
            Mark {
                at: 4,
                kind: MarkKind::Before(m(97)),
            },
        ];
        let (c, problems) = check(&rows, &marks);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(counts(&c), (BalanceStatus::Closed, 2, 0, 0));
        assert_eq!(
            accounts(&rows, &marks),
            vec![Shared::from("A"), Shared::from("B")]
        );
    }

    #[test]
    fn a_generic_csv_names_no_own_account() {
        let read = |format: &str| {
            let mut r = FileRead {
                format: format.to_string(),
                rows: vec![line(2, "NL91ABNA0417164300", 1, 100)],
                problems: Vec::new(),
                rows_read: 1,
                rows_rejected: 0,
                bank: Box::new(BankFacts {
                    marks: vec![after(1, 100)],
                    ..BankFacts::default()
                }),
            };
            settle(&mut r);
            r.bank
        };
        let ing = read("ing");
        assert_eq!(ing.accounts, vec![Shared::from("NL91ABNA0417164300")]);
        assert!(ing.marks.is_empty() && ing.check.is_some());
        assert!(read("generic").accounts.is_empty());
    }

    #[test]
    fn no_balances_no_check() {
        let rows = vec![line(2, "A", 1, 100)];
        assert_eq!(check(&rows, &[rejected(1, 3)]).0, None);
        let (c, _) = check(&rows, &[after(1, 100)]);
        assert_eq!(counts(&c), (BalanceStatus::NotChecked, 0, 0, 0));
    }

    /// Lines with consistent balances after each, oldest first when
    /// `forward`, else newest first (ING); one day per line.
    fn chain(amounts: &[i64], opening: i64, forward: bool) -> (Vec<BankLine>, Vec<Mark>) {
        let mut balance = opening;
        let mut lines: Vec<(BankLine, i64)> = amounts
            .iter()
            .enumerate()
            .map(|(k, a)| {
                balance += a;
                (line(0, "A", (k % 28) as u32 + 1, *a), balance)
            })
            .collect();
        if !forward {
            lines.reverse();
        }
        let mut rows = Vec::new();
        let mut marks = Vec::new();
        for (k, (mut l, b)) in lines.into_iter().enumerate() {
            l.source = Source::line(&p(), k as u64 + 2);
            rows.push(l);
            marks.push(after(k + 1, b));
        }
        (rows, marks)
    }

    proptest::proptest! {
        #[test]
        fn a_statement_closes_exactly_when_every_amount_is_read_right(
            amounts in proptest::collection::vec(-100_000i64..100_000, 1..20),
            opening in -1_000_000i64..1_000_000,
            which in 0usize..20,
            delta in proptest::sample::select(vec![-100_000i64, -1, 1, 9, 100]),
            flip in proptest::bool::ANY,
        ) {
            let rows: Vec<BankLine> = amounts.iter().enumerate().map(|(k, a)| line(k as u64 + 3, "A", 1, *a)).collect();
            let closing = opening + amounts.iter().sum::<i64>();
            let marks = vec![open(0, "A", opening, 2), close(rows.len(), "A", closing, 40)];
            proptest::prop_assert_eq!(counts(&check(&rows, &marks).0), (BalanceStatus::Closed, 1, 0, 0));
            // One amount misread (or its sign flipped), or one line lost.
            let k = which % rows.len();
            let mut bad = rows.clone();
            let wrong = if flip { -amounts[k] } else { amounts[k] + delta };
            if wrong != amounts[k] {
                bad[k].amount = m(wrong);
                proptest::prop_assert_eq!(counts(&check(&bad, &marks).0).2, 1);
            }
            if amounts[k] != 0 {
                bad = rows.clone();
                bad.remove(k);
                let marks = vec![open(0, "A", opening, 2), close(bad.len(), "A", closing, 40)];
                proptest::prop_assert_eq!(counts(&check(&bad, &marks).0).2, 1);
            }
        }

        #[test]
        fn a_chain_in_either_order_breaks_where_an_amount_is_misread(
            amounts in proptest::collection::vec(-100_000i64..100_000, 2..30),
            opening in -1_000_000i64..1_000_000,
            forward in proptest::bool::ANY,
            which in 0usize..30,
            delta in proptest::sample::select(vec![-100_000i64, -1, 1, 100]),
        ) {
            let (rows, marks) = chain(&amounts, opening, forward);
            let n = rows.len() as u64;
            proptest::prop_assert_eq!(counts(&check(&rows, &marks).0), (BalanceStatus::Closed, n - 1, 0, 0));
            // A misread amount on any line but the oldest breaks the step
            // that leads to it (the oldest line's balance has no line
            // before it to follow from).
            let k = which % rows.len();
            let oldest = if forward { 0 } else { rows.len() - 1 };
            if k != oldest {
                let mut bad = rows.clone();
                bad[k].amount += m(delta);
                let (c, problems) = check(&bad, &marks);
                proptest::prop_assert_eq!(counts(&c).2, 1);
                proptest::prop_assert_eq!(&problems[0].source, &rows[k].source);
            }
        }
    }
}
