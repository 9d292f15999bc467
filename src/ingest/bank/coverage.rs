//! Which days a bank export covers, per account, and what its balances
//! say at the start of each of those days; then, across the exports of one
//! account, whether two that overlap agree on the balance where their
//! overlap begins (docs/balances.md, "Across files").
//!
//! A file covers an account from its first to its last booking date of
//! that account's lines. (MT940 and CAMT.053 also state the dates of their
//! balances, but banks differ in what those dates mean — the day the
//! opening balance was struck or the day before — so the lines' own dates
//! are the one measure that means the same in every format.)
//!
//! The balance at the start of a day is the balance before the day's first
//! line in time: the opening balance of a statement (MT940, CAMT.053), or a
//! line's stated balance less its amount (ING, Rabobank), carried over the
//! lines in between. Two files that both cover a day both state the bank's
//! own balance at its start, however differently they write the lines, so
//! they must agree there; a file cut off in the middle of its last day
//! still agrees at the start of every day it covers. Files that state no
//! balances, whose lines run out of order, that hold a line that could not
//! be read, or whose own balances do not close are left out of the
//! comparison: their balances cannot be trusted day by day.

use std::sync::Arc;

use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt};

use super::marks::{Mark, MarkKind};
use crate::money::Money;
use crate::payment::{BankLine, Shared};
use crate::problem::{Problem, ProblemKind};
use crate::source::Source;

/// The days one file covers for one account, and the balance at the start
/// of each day that has lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// The own account.
    pub account: Shared,
    /// The first booking date of the account's lines in the file.
    pub first: NaiveDate,
    /// The last.
    pub last: NaiveDate,
    /// Each day with lines, in date order, with the balance at its start
    /// when the file's balances give it. Empty when the file states no
    /// balances or they cannot be followed day by day.
    pub starts: Vec<(NaiveDate, Option<Money>)>,
}

impl Coverage {
    /// The balance at the start of `day`, a day the file covers: that of
    /// the first day with lines from `day` on (no line of the account lies
    /// between them).
    pub fn start_of(&self, day: NaiveDate) -> Option<Money> {
        let k = self.starts.partition_point(|(d, _)| *d < day);
        self.starts.get(k).and_then(|(_, b)| *b)
    }
}

/// The coverage of every account of a file, in order of first appearance.
/// Lines without an account (the generic CSV may have none) cover nothing.
pub fn coverage(rows: &[BankLine], marks: &[Mark]) -> Vec<Coverage> {
    let before = stated_before(rows, marks);
    // Statements list their lines in time; line-by-line exports may list
    // the newest first (ING), decided per account below.
    let statements = marks
        .iter()
        .any(|m| matches!(m.kind, MarkKind::Opening(_) | MarkKind::Closing(_)));
    let trusted = !marks
        .iter()
        .any(|m| matches!(m.kind, MarkKind::Rejected(_)));
    let mut order: Vec<&Shared> = Vec::new();
    let mut by_account: HashMap<&Shared, Vec<usize>> = HashMap::new();
    for (i, l) in rows.iter().enumerate() {
        if l.account.trim().is_empty() {
            continue;
        }
        by_account
            .entry(&l.account)
            .or_insert_with(|| {
                order.push(&l.account);
                Vec::new()
            })
            .push(i);
    }
    let mut out = Vec::with_capacity(order.len());
    for account in order {
        let Some(mut idx) = by_account.remove(account) else {
            continue;
        };
        let dates = idx.iter().map(|&i| rows[i].booking_date);
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
            continue;
        };
        if !statements && newest_first(rows, &before, &idx) {
            idx.reverse();
        }
        let starts = match &before {
            Some(before) if trusted => day_starts(rows, before, &idx),
            _ => Vec::new(),
        };
        out.push(Coverage {
            account: account.clone(),
            first,
            last,
            starts,
        });
    }
    out
}

/// The balance before each line where the file states it (`None` for the
/// whole file when it states none).
fn stated_before(rows: &[BankLine], marks: &[Mark]) -> Option<Vec<Option<Money>>> {
    let mut before: Vec<Option<Money>> = Vec::new();
    for m in marks {
        let (row, balance) = match &m.kind {
            MarkKind::Opening(s) => {
                // A statement without lines opens at the next statement's
                // first line, whose own opening follows and wins.
                match rows.get(m.at) {
                    Some(l) if l.account == s.account => (m.at, Some(s.balance)),
                    _ => continue,
                }
            }
            MarkKind::After(b) => match m.at.checked_sub(1).and_then(|i| Some((i, rows.get(i)?))) {
                Some((i, l)) => (i, b.checked_sub(l.amount)),
                None => continue,
            },
            MarkKind::Before(b) => (m.at, Some(*b)),
            MarkKind::Both { opening, .. } => match m.at.checked_sub(1) {
                Some(i) => (i, Some(*opening)),
                None => continue,
            },
            MarkKind::Closing(_) | MarkKind::Rejected(_) => continue,
        };
        if row >= rows.len() {
            continue;
        }
        if before.is_empty() {
            before = vec![None; rows.len()];
        }
        before[row] = balance;
    }
    (!before.is_empty()).then_some(before)
}

/// True when an account's lines (in file order) run from the newest to the
/// oldest: by their dates, or, within one day, by which way more of the
/// stated balances follow from each other.
fn newest_first(rows: &[BankLine], before: &Option<Vec<Option<Money>>>, idx: &[usize]) -> bool {
    let (Some(&a), Some(&z)) = (idx.first(), idx.last()) else {
        return false;
    };
    let (da, dz) = (rows[a].booking_date, rows[z].booking_date);
    if da != dz {
        return da > dz;
    }
    let Some(before) = before else {
        return false;
    };
    let (mut forward, mut backward) = (0usize, 0usize);
    for w in idx.windows(2) {
        let (p, n) = (w[0], w[1]);
        if let (Some(bp), Some(bn)) = (before[p], before[n]) {
            forward += usize::from(bp.checked_add(rows[p].amount) == Some(bn));
            backward += usize::from(bn.checked_add(rows[n].amount) == Some(bp));
        }
    }
    backward > forward
}

/// The balance at the start of each day, over one account's lines in time
/// order: resynchronised at every stated balance, carried over the lines
/// without one. Empty when the dates run backwards somewhere.
fn day_starts(
    rows: &[BankLine],
    before: &[Option<Money>],
    idx: &[usize],
) -> Vec<(NaiveDate, Option<Money>)> {
    let mut out: Vec<(NaiveDate, Option<Money>)> = Vec::new();
    let mut running: Option<Money> = None;
    for &i in idx {
        if let Some(b) = before[i] {
            running = Some(b);
        }
        let date = rows[i].booking_date;
        match out.last() {
            Some((d, _)) if *d == date => {}
            Some((d, _)) if *d > date => return Vec::new(),
            _ => out.push((date, running)),
        }
        running = running.and_then(|r| r.checked_add(rows[i].amount));
    }
    out
}

/// One file's coverage as the cross-file check takes it.
pub struct FileCoverage<'a> {
    /// The file, relative to `--input`.
    pub path: &'a Arc<str>,
    /// Its coverage per account.
    pub coverage: &'a [Coverage],
    /// False when its own balances do not close: it is not compared.
    pub trusted: bool,
}

/// Compares every two files (in path order) of one account whose dates
/// overlap: the balance at the start of the overlap's first day must be
/// the same in both. A difference is a warning on the later file, naming
/// the earlier one and both balances.
pub fn check_overlaps(files: &[FileCoverage<'_>]) -> Vec<Problem> {
    // Per account, the files that cover it, in path order.
    let mut accounts: Vec<(&Shared, Vec<(usize, &Coverage)>)> = Vec::new();
    let mut index: HashMap<&Shared, usize> = HashMap::new();
    for (f, file) in files.iter().enumerate() {
        if !file.trusted {
            continue;
        }
        for c in file.coverage {
            if c.starts.is_empty() {
                continue;
            }
            let k = *index.entry(&c.account).or_insert_with(|| {
                accounts.push((&c.account, Vec::new()));
                accounts.len() - 1
            });
            accounts[k].1.push((f, c));
        }
    }
    let mut problems = Vec::new();
    for (account, covered) in accounts {
        // By first date, so that each file meets only those that begin
        // before it ends.
        let mut by_start = covered.clone();
        by_start.sort_by_key(|(f, c)| (c.first, *f));
        let mut found: Vec<(usize, usize, NaiveDate, Money, Money)> = Vec::new();
        for (k, &(fa, a)) in by_start.iter().enumerate() {
            for &(fb, b) in by_start[k + 1..]
                .iter()
                .take_while(|(_, b)| b.first <= a.last)
            {
                // `b` begins inside `a`: the overlap begins at b's first day.
                let day = b.first;
                let (Some(x), Some(y)) = (a.start_of(day), b.start_of(day)) else {
                    continue;
                };
                if x != y {
                    // Earlier file in path order first.
                    let (e, l, be, bl) = if fa < fb {
                        (fa, fb, x, y)
                    } else {
                        (fb, fa, y, x)
                    };
                    found.push((e, l, day, be, bl));
                }
            }
        }
        found.sort_by_key(|&(e, l, day, _, _)| (l, e, day));
        for (e, l, day, earlier_balance, balance) in found {
            problems.push(Problem::warning(
                Source::file(files[l].path),
                ProblemKind::OverlapBalanceDiffers {
                    account: account.to_string(),
                    day,
                    balance,
                    earlier: files[e].path.to_string(),
                    earlier_balance,
                },
                balance.to_string(),
            ));
        }
    }
    problems
}

/// Joins the coverage of a later sheet of a workbook into that of the
/// sheets before it: per account the earliest first and latest last date,
/// and the days of both (the first sheet's balance where both have a day).
pub fn merge(into: &mut Vec<Coverage>, more: &[Coverage]) {
    for c in more {
        match into.iter_mut().find(|i| i.account == c.account) {
            None => into.push(c.clone()),
            Some(i) => {
                i.first = i.first.min(c.first);
                i.last = i.last.max(c.last);
                if i.starts.is_empty() || c.starts.is_empty() {
                    i.starts.clear();
                    continue;
                }
                let mut starts = std::mem::take(&mut i.starts);
                starts.extend(c.starts.iter().copied());
                // Stable: for a day in both, the earlier sheet's comes first.
                starts.sort_by_key(|(d, _)| *d);
                starts.dedup_by_key(|(d, _)| *d);
                i.starts = starts;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::bank::marks::Stated;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, d).unwrap_or_default()
    }

    fn m(cents: i64) -> Money {
        Money::from_cents(cents)
    }

    fn line(path: &str, n: u64, d: u32, cents: i64) -> BankLine {
        let source = Source::line(&Arc::from(path), n);
        BankLine::booked(source, "NL20INGB0001234567", day(d), m(cents))
    }

    /// Lines with the balance after each (ING, Rabobank), in file order.
    fn with_after(lines: &[(u32, i64, i64)]) -> (Vec<BankLine>, Vec<Mark>) {
        let rows: Vec<BankLine> = lines
            .iter()
            .enumerate()
            .map(|(n, &(d, c, _))| line("bank/ing.csv", n as u64 + 2, d, c))
            .collect();
        let marks = lines
            .iter()
            .enumerate()
            .map(|(n, &(_, _, after))| Mark {
                at: n + 1,
                kind: MarkKind::After(m(after)),
            })
            .collect();
        (rows, marks)
    }

    fn stated(cents: i64) -> Box<Stated> {
        Box::new(Stated {
            account: "NL20INGB0001234567".into(),
            balance: m(cents),
            currency: Some("EUR".into()),
            source: Source::line(&Arc::from("bank/x.sta"), 4),
        })
    }

    /// One MT940-like statement from `opening` over these lines.
    fn statement(opening: i64, lines: &[(u32, i64)]) -> (Vec<BankLine>, Vec<Mark>) {
        let rows: Vec<BankLine> = lines
            .iter()
            .enumerate()
            .map(|(n, &(d, c))| line("bank/x.sta", 2 * n as u64 + 5, d, c))
            .collect();
        let closing = opening + lines.iter().map(|(_, c)| c).sum::<i64>();
        let marks = vec![
            Mark {
                at: 0,
                kind: MarkKind::Opening(stated(opening)),
            },
            Mark {
                at: rows.len(),
                kind: MarkKind::Closing(stated(closing)),
            },
        ];
        (rows, marks)
    }

    #[test]
    fn days_and_their_opening_balances_oldest_or_newest_first() {
        // 1000.00, then +100 and +50 on the 1st, -30 on the 3rd.
        let oldest = [
            (1, 10_000, 110_000),
            (1, 5_000, 115_000),
            (3, -3_000, 112_000),
        ];
        let (rows, marks) = with_after(&oldest);
        let c = coverage(&rows, &marks);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].first, c[0].last), (day(1), day(3)));
        let want = vec![(day(1), Some(m(100_000))), (day(3), Some(m(115_000)))];
        assert_eq!(c[0].starts, want);
        let mut newest = oldest;
        newest.reverse();
        let (rows, marks) = with_after(&newest);
        assert_eq!(coverage(&rows, &marks)[0].starts, want);
        // A day without lines starts as the next day with lines.
        assert_eq!(c[0].start_of(day(2)), Some(m(115_000)));
    }

    #[test]
    fn one_day_newest_first_is_found_by_its_balances() {
        let (rows, marks) = with_after(&[(1, 5_000, 115_000), (1, 10_000, 110_000)]);
        assert_eq!(
            coverage(&rows, &marks)[0].starts,
            vec![(day(1), Some(m(100_000)))]
        );
    }

    #[test]
    fn statements_open_their_days() {
        let (rows, marks) = statement(100_000, &[(8, 2_000), (8, 3_000), (9, -1_000)]);
        let c = coverage(&rows, &marks);
        assert_eq!(
            c[0].starts,
            vec![(day(8), Some(m(100_000))), (day(9), Some(m(105_000)))]
        );
    }

    #[test]
    fn no_balances_or_a_rejected_line_give_days_without_starts() {
        let rows = vec![line("bank/a.csv", 2, 1, 100), line("bank/a.csv", 3, 4, 100)];
        let c = coverage(&rows, &[]);
        assert_eq!((c[0].first, c[0].last), (day(1), day(4)));
        assert!(c[0].starts.is_empty());
        let (rows, mut marks) = statement(0, &[(8, 2_000)]);
        marks.push(Mark {
            at: 1,
            kind: MarkKind::Rejected(Box::new(Source::line(&Arc::from("bank/x.sta"), 9))),
        });
        assert!(coverage(&rows, &marks)[0].starts.is_empty());
    }

    fn files<'a>(list: &'a [(Arc<str>, Vec<Coverage>)]) -> Vec<FileCoverage<'a>> {
        list.iter()
            .map(|(p, c)| FileCoverage {
                path: p,
                coverage: c,
                trusted: true,
            })
            .collect()
    }

    #[test]
    fn overlapping_files_must_agree_where_the_overlap_begins() {
        // CSV of the 1st–12th; MT940 of the 8th–31st opening at the 8th.
        let (rows, marks) = with_after(&[
            (1, 10_000, 110_000),
            (8, 5_000, 115_000),
            (12, 1_000, 116_000),
        ]);
        let csv = coverage(&rows, &marks);
        let (rows, marks) = statement(110_000, &[(8, 5_000), (12, 1_000), (31, 1)]);
        let sta = coverage(&rows, &marks);
        let list = vec![
            (Arc::from("bank/a.csv"), csv.clone()),
            (Arc::from("bank/b.sta"), sta),
        ];
        assert!(check_overlaps(&files(&list)).is_empty());
        // The MT940 opens 0.50 higher: one warning on the later file.
        let (rows, marks) = statement(110_050, &[(8, 5_000), (12, 1_000), (31, 1)]);
        let list = vec![
            (Arc::from("bank/a.csv"), csv),
            (Arc::from("bank/b.sta"), coverage(&rows, &marks)),
        ];
        let p = check_overlaps(&files(&list));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].source.to_string(), "bank/b.sta");
        assert_eq!(
            p[0].kind,
            ProblemKind::OverlapBalanceDiffers {
                account: "NL20INGB0001234567".into(),
                day: day(8),
                balance: m(110_050),
                earlier: "bank/a.csv".into(),
                earlier_balance: m(110_000),
            }
        );
    }

    #[test]
    fn files_that_do_not_overlap_or_do_not_close_are_not_compared() {
        let (rows, marks) = statement(0, &[(1, 100), (7, 100)]);
        let a = coverage(&rows, &marks);
        let (rows, marks) = statement(999, &[(8, 100)]);
        let b = coverage(&rows, &marks);
        let list = vec![
            (Arc::from("bank/a.sta"), a.clone()),
            (Arc::from("bank/b.sta"), b),
        ];
        assert!(check_overlaps(&files(&list)).is_empty());
        let (rows, marks) = statement(999, &[(7, 100)]);
        let c = coverage(&rows, &marks);
        let list = vec![(Arc::from("bank/a.sta"), a), (Arc::from("bank/c.sta"), c)];
        let mut f = files(&list);
        assert_eq!(check_overlaps(&f).len(), 1);
        f[1].trusted = false;
        assert!(check_overlaps(&f).is_empty());
    }
}
