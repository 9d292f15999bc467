//! Bank lines read twice (docs/matching.md, "Duplicates"), in two steps.
//!
//! 1. **The same line.** The same line in two overlapping exports of one
//!    format has the same stable id; the copy in the export that comes
//!    later in path order is a duplicate of the first. Each sheet of a bank
//!    workbook is an export of its own (a workbook may hold the January and
//!    the January–February download side by side), so a copy on a sheet
//!    that comes later in the same file (by sheet name) is a duplicate too.
//!    Identical ids within one export do not occur (the id carries a
//!    suffix), and if they did both would be kept.
//! 2. **The same booking in another format.** The id is built from
//!    format-specific text (descriptions, names, the bank's references are
//!    written differently in ING CSV, MT940 and CAMT.053), so the same
//!    statement downloaded in two formats has two sets of ids. Lines of the
//!    same own account from different exports that are the same booking —
//!    account, booking date, signed amount, and the counterparty account
//!    where both name one — are paired as a multiset: the exports are taken
//!    in path order, every line that is not yet a duplicate is an original
//!    ("the pool"), and each later export pairs each of its lines with one
//!    original of an earlier export that no other line of the same export
//!    took. So two identical payments on one day in one export stay two,
//!    an export that repeats them once pairs once, and lines of one export
//!    are never paired with each other. Only days that both exports hold
//!    lines for can pair, since the booking date is part of the key: the
//!    days both cover.
//!
//! A line paired in step 1 whose original is paired in step 2 names the
//! line that counts, and so does the id: an override naming either copy's
//! id applies to the line that counts.
//!
//! Cost: one sort of the line numbers by id; one hash look-up per line
//! to find the account days that two exports share; a sort by (account,
//! date, amount) of those days' lines only; each group of equal keys is
//! then walked once per export it spans, with hashed counterparty buckets
//! and cursors that never go back, so the work stays near-linear even for
//! a day of a thousand equal amounts.

use foldhash::{HashMap, HashMapExt};
use rayon::slice::ParallelSliceMut;

use crate::own_accounts::account_number;
use crate::payment::BankLine;
use crate::source::{Loc, Source};

/// A line that repeats another: the line that counts, and whether the
/// two are the same line of one format (the same id) or the same booking
/// read from another format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Repeat {
    /// The line that counts (an original: never itself a repeat).
    pub of: usize,
    /// True when both lines have the same id.
    pub same_id: bool,
}

/// The export a line comes from: its file, and its sheet where the file is
/// a workbook.
fn export(source: &Source) -> (&str, Option<&str>) {
    let sheet = match &source.loc {
        Loc::Row { sheet, .. } | Loc::Cell { sheet, .. } => Some(&**sheet),
        Loc::File | Loc::Line(_) | Loc::Entry(_) => None,
    };
    (&source.path, sheet)
}

/// The first 16 bytes of `s` as a number that sorts as `s` sorts (shorter
/// strings padded with zero bytes; equal numbers say nothing, so the full
/// strings decide then).
pub(crate) fn prefix(s: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let head = &s.as_bytes()[..s.len().min(16)];
    bytes[..head.len()].copy_from_slice(head);
    u128::from_be_bytes(bytes)
}

/// For every line, the line it repeats (`None` for the lines that count),
/// and for every id the line that counts for it.
///
/// Originals are chosen by source path, not by the order of the ledger,
/// so listing the files in another order changes nothing.
pub(crate) fn find(lines: &[BankLine]) -> (Vec<Option<Repeat>>, HashMap<&str, usize>) {
    let (same_id, firsts) = same_ids(lines);
    let booking = same_bookings(lines, &same_id);
    // The line that counts for `i`: its booking original, if it has one.
    let root = |i: usize| booking[i].unwrap_or(i);
    let repeats: Vec<Option<Repeat>> = (0..lines.len())
        .map(|i| {
            let of = match (same_id[i], booking[i]) {
                (Some(o), _) => root(o),
                (None, Some(o)) => o,
                (None, None) => return None,
            };
            Some(Repeat {
                of,
                same_id: lines[of].id == lines[i].id,
            })
        })
        .collect();
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(firsts.len());
    for first in firsts {
        by_id.insert(lines[first].id.as_str(), root(first));
    }
    (repeats, by_id)
}

/// Step 1: for every line, the first line of another export with its id
/// (`None` for the first), and the first line of every id.
fn same_ids(lines: &[BankLine]) -> (Vec<Option<usize>>, Vec<usize>) {
    // Sorting the line numbers by id puts each group side by side without a
    // vector per id (a million small allocations at full scale); within a
    // group the first is the one whose source comes first, then the lowest
    // line number.
    // Sorted by the ids' first bytes held beside each line number, so
    // that most comparisons do not reach into the lines.
    let mut keyed: Vec<(u128, usize)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (prefix(&l.id), i))
        .collect();
    // A total order (the line number last), so a parallel sort gives a
    // sequential one's result.
    keyed.par_sort_unstable_by(|&(pa, a), &(pb, b)| {
        pa.cmp(&pb).then_with(|| {
            let (x, y) = (&lines[a], &lines[b]);
            x.id.cmp(&y.id)
                .then_with(|| x.source.cmp(&y.source))
                .then(a.cmp(&b))
        })
    });
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut duplicate_of = vec![None; lines.len()];
    let mut firsts = Vec::with_capacity(lines.len());
    for group in order.chunk_by(|&a, &b| lines[a].id == lines[b].id) {
        // A chunk is never empty.
        let Some(&first) = group.first() else {
            continue;
        };
        let original = export(&lines[first].source);
        for &i in group {
            if export(&lines[i].source) != original {
                duplicate_of[i] = Some(first);
            }
        }
        firsts.push(first);
    }
    (duplicate_of, firsts)
}

/// Each line's own account as a small number, the same for the same
/// account however the exports write it: an old domestic number
/// (`123456789`) is the Dutch IBAN of the other exports with that account
/// number, when exactly one has it. `None` for a line without an account
/// (the generic CSV), which step 2 leaves alone.
fn account_numbers(lines: &[BankLine]) -> Vec<Option<u32>> {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let mut out: Vec<Option<u32>> = lines
        .iter()
        .map(|l| {
            let a = l.account.as_str();
            if !is_account_number(a) {
                return None;
            }
            Some(*ids.entry(a).or_insert_with(|| {
                names.push(a);
                // At most one per distinct account: far below u32::MAX.
                u32::try_from(names.len() - 1).unwrap_or(u32::MAX)
            }))
        })
        .collect();
    // Domestic numbers to the one Dutch IBAN with that number, if any.
    let is_domestic = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mut ibans: HashMap<String, Option<u32>> = HashMap::new();
    for (k, name) in names.iter().enumerate() {
        if let Some(number) = account_number(name).filter(|_| !is_domestic(name)) {
            let k = u32::try_from(k).unwrap_or(u32::MAX);
            ibans
                .entry(number)
                .and_modify(|v| *v = None)
                .or_insert(Some(k));
        }
    }
    let alias: Vec<u32> = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let own = u32::try_from(k).unwrap_or(u32::MAX);
            if !is_domestic(name) {
                return own;
            }
            account_number(name)
                .and_then(|n| ibans.get(&n).copied().flatten())
                .unwrap_or(own)
        })
        .collect();
    for a in out.iter_mut().flatten() {
        *a = alias[*a as usize];
    }
    out
}

/// Whether `account` is an account number: an IBAN or a domestic number.
/// A billing agent's receipts carry the agent's name as their account, and
/// their identity is their own (`crate::agent`): two receipts of one day
/// and amount are two clients' payments, never the same booking.
fn is_account_number(account: &str) -> bool {
    let b = account.trim().as_bytes();
    let domestic = b.len() >= 5 && b.iter().all(u8::is_ascii_digit);
    let iban = b.len() >= 15
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphanumeric);
    domestic || iban
}

/// Whether an account's day has lines in more than one export: only then
/// can step 2 pair anything on it. Usually that is a day or two where
/// consecutive exports meet, so the sort below holds few lines; with a
/// whole statement in a second format it holds them all.
fn shared_days(lines: &[BankLine], accounts: &[Option<u32>]) -> impl Fn(u32, i32) -> bool {
    // Exports are numbered as they are met; the lines of one export come
    // together in the ledger (files in path order, a workbook's sheets in
    // turn). Were they not, an export met twice would only count as two,
    // which sends more days to the exact comparison below, never fewer.
    let mut days: HashMap<(u32, i32), (u32, bool)> = HashMap::new();
    let mut number = 0u32;
    let mut previous: Option<(&str, Option<&str>)> = None;
    for (l, a) in lines.iter().zip(accounts) {
        let here = export(&l.source);
        if previous != Some(here) {
            number += 1;
            previous = Some(here);
        }
        let Some(a) = *a else {
            continue;
        };
        let day = chrono::Datelike::num_days_from_ce(&l.booking_date);
        let (first, shared) = days.entry((a, day)).or_insert((number, false));
        *shared |= *first != number;
    }
    move |a, day| days.get(&(a, day)).is_some_and(|(_, shared)| *shared)
}

/// The counterparty as step 2 compares it: the account number of a Dutch
/// IBAN or domestic number (so that an old export's domestic number meets
/// the IBAN of another), else the account as written; `None` when the line
/// names none.
fn party(line: &BankLine) -> Option<String> {
    let iban = line.counterparty_iban.as_ref()?.as_str();
    Some(match account_number(iban) {
        Some(n) => format!("#{n}"),
        None => iban.to_string(),
    })
}

/// Originals of one booking key that the lines of an export may repeat,
/// taken in order: a cursor that starts again for each export and skips
/// the originals that export already took.
#[derive(Default)]
struct Queue {
    /// Pool slots, in the order they became originals.
    slots: Vec<usize>,
    /// The next slot to look at for export `round`.
    cursor: usize,
    /// The export the cursor is for.
    round: u32,
}

impl Queue {
    /// The next slot not taken by export `round`.
    fn next(&mut self, round: u32, taken: &[u32]) -> Option<usize> {
        if self.round != round {
            self.round = round;
            self.cursor = 0;
        }
        while let Some(&s) = self.slots.get(self.cursor) {
            self.cursor += 1;
            if taken[s] != round {
                return Some(s);
            }
        }
        None
    }
}

/// Step 2: for every line that step 1 left as an original, the original
/// of an earlier export whose booking it is (`None` for the lines that
/// count).
fn same_bookings(lines: &[BankLine], same_id: &[Option<usize>]) -> Vec<Option<usize>> {
    let accounts = account_numbers(lines);
    let shared = shared_days(lines, &accounts);
    // (account, date, whole cents) packed into one number that sorts
    // as they do; the exact amount, the source and the line number break
    // ties, so that each key's lines come export by export, in line order.
    let cents = |l: &BankLine| -> i64 {
        use rust_decimal::prelude::ToPrimitive;
        (l.amount.decimal() * rust_decimal::Decimal::ONE_HUNDRED)
            .trunc()
            .to_i64()
            .unwrap_or(0)
    };
    let mut keyed: Vec<(u128, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let a = accounts[i]?;
            let day = chrono::Datelike::num_days_from_ce(&l.booking_date);
            if !shared(a, day) {
                return None;
            }
            // The sign bit flipped, so that the unsigned order is the
            // signed one.
            let day = (day as u32) ^ (1 << 31);
            let amount = (cents(l) as u64) ^ (1 << 63);
            Some((
                (u128::from(a) << 96) | (u128::from(day) << 64) | u128::from(amount),
                i,
            ))
        })
        .collect();
    keyed.par_sort_unstable_by(|&(ka, a), &(kb, b)| {
        ka.cmp(&kb).then_with(|| {
            let (x, y) = (&lines[a], &lines[b]);
            x.amount
                .cmp(&y.amount)
                .then_with(|| x.source.cmp(&y.source))
                .then(a.cmp(&b))
        })
    });
    let mut original: Vec<Option<usize>> = vec![None; lines.len()];
    let same_key = |&(ka, a): &(u128, usize), &(kb, b): &(u128, usize)| {
        ka == kb && lines[a].amount == lines[b].amount
    };
    for group in keyed.chunk_by(same_key) {
        let (Some(&(_, first)), Some(&(_, last))) = (group.first(), group.last()) else {
            continue;
        };
        // Nearly every key is one export's: nothing to pair.
        if export(&lines[first].source) == export(&lines[last].source) {
            continue;
        }
        let group: Vec<usize> = group.iter().map(|&(_, i)| i).collect();
        pair_group(lines, same_id, &group, &mut original);
    }
    original
}

/// Pairs the lines of one booking key (in export order, then line order)
/// as a multiset: each export's lines with the originals of the exports
/// before it, each original at most once per export.
fn pair_group(
    lines: &[BankLine],
    same_id: &[Option<usize>],
    group: &[usize],
    original: &mut [Option<usize>],
) {
    let mut pool: Vec<usize> = Vec::new();
    let mut taken: Vec<u32> = Vec::new();
    let mut slot_of: HashMap<usize, usize> = HashMap::new();
    let mut by_party: HashMap<Option<String>, Queue> = HashMap::new();
    let mut all = Queue::default();
    let mut round = 0u32;
    for part in group.chunk_by(|&a, &b| export(&lines[a].source) == export(&lines[b].source)) {
        round += 1;
        // The originals this export repeats line for line (step 1) are
        // taken by it.
        for &i in part {
            if let Some(o) = same_id[i] {
                let root = original[o].unwrap_or(o);
                if let Some(&s) = slot_of.get(&root) {
                    taken[s] = round;
                }
            }
        }
        let rest: Vec<(usize, Option<String>)> = part
            .iter()
            .filter(|&&i| same_id[i].is_none())
            .map(|&i| (i, party(&lines[i])))
            .collect();
        let mut paired = vec![false; rest.len()];
        let mut take =
            |k: usize, s: Option<usize>, taken: &mut Vec<u32>, paired: &mut Vec<bool>| {
                if let Some(s) = s {
                    taken[s] = round;
                    paired[k] = true;
                    original[rest[k].0] = Some(pool[s]);
                }
            };
        // First the same counterparty, then an original that names none,
        // and for a line that names none, any original.
        for (k, (_, p)) in rest.iter().enumerate() {
            if p.is_some() {
                let s = by_party.get_mut(p).and_then(|q| q.next(round, &taken));
                take(k, s, &mut taken, &mut paired);
            }
        }
        for (k, (_, p)) in rest.iter().enumerate() {
            if p.is_some() && !paired[k] {
                let s = by_party.get_mut(&None).and_then(|q| q.next(round, &taken));
                take(k, s, &mut taken, &mut paired);
            }
        }
        for (k, (_, p)) in rest.iter().enumerate() {
            if p.is_none() {
                let s = all.next(round, &taken);
                take(k, s, &mut taken, &mut paired);
            }
        }
        // What this export did not pair counts, and later exports may
        // repeat it.
        for (k, (i, p)) in rest.into_iter().enumerate() {
            if paired[k] {
                continue;
            }
            let s = pool.len();
            pool.push(i);
            taken.push(0);
            slot_of.insert(i, s);
            by_party.entry(p).or_default().slots.push(s);
            all.slots.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefixes_sort_as_their_strings() {
        let words = [
            "",
            "a",
            "a\u{0}",
            "ab",
            "b",
            "P20251103-4e1f1e3e9182",
            "P20251103-4e1f1e3e9183",
            "P20251104",
        ];
        for x in words {
            for y in words {
                let (px, py) = (super::prefix(x), super::prefix(y));
                if px != py {
                    assert_eq!(px.cmp(&py), x.cmp(y), "{x:?} {y:?}");
                }
            }
        }
    }

    use super::*;
    use crate::matching::tests::bank;
    use crate::source::Source;
    use std::sync::Arc;

    /// The line each repeats.
    fn of(dup: &[Option<Repeat>]) -> Vec<Option<usize>> {
        dup.iter().map(|d| d.map(|r| r.of)).collect()
    }

    fn at(path: &str, line: u64, id: &str) -> BankLine {
        let mut l = bank("10.00", "NL01", "x", "y");
        l.source = Source::line(&Arc::from(path), line);
        l.id = id.into();
        l
    }

    #[test]
    fn the_copy_in_the_later_file_is_the_duplicate() {
        let lines = vec![
            at("bank/b.csv", 2, "P1"),
            at("bank/a.csv", 7, "P1"),
            at("bank/a.csv", 8, "P2"),
            at("bank/c.csv", 2, "P1"),
        ];
        let (dup, by_id) = find(&lines);
        assert_eq!(of(&dup), vec![Some(1), None, None, Some(1)]);
        assert_eq!(by_id["P1"], 1);
        assert_eq!(by_id["P2"], 2);
    }

    #[test]
    fn the_copy_on_a_later_sheet_of_one_workbook_is_the_duplicate() {
        let row = |sheet: &str, row: u32, id: &str| {
            let mut l = bank("10.00", "NL01", "x", "y");
            l.source = Source {
                path: Arc::from("bank/ing.xlsx"),
                loc: Loc::Row {
                    sheet: Arc::from(sheet),
                    row,
                },
            };
            l.id = id.into();
            l
        };
        let lines = vec![
            row("jan", 2, "P1"),
            row("jan", 3, "P2"),
            row("jan-feb", 2, "P1"),
            row("jan-feb", 3, "P2"),
            row("jan-feb", 4, "P3"),
        ];
        let (dup, by_id) = find(&lines);
        assert_eq!(of(&dup), vec![None, None, Some(0), Some(1), None]);
        assert_eq!(by_id["P3"], 4);
    }

    /// A booking of `cents` on day `day` of October 2026 on the ING
    /// account, read from `path` at `line`, with an id of its own (as
    /// another format's text would give it).
    fn booking(path: &str, line: u64, day: u32, cents: i64, party: Option<&str>) -> BankLine {
        let mut l = bank("1.00", party.unwrap_or(""), "x", "y");
        l.account = "NL20INGB0001234567".into();
        l.booking_date = chrono::NaiveDate::from_ymd_opt(2026, 10, day).unwrap_or_default();
        l.amount = crate::money::Money::from_cents(cents);
        l.counterparty_iban = party.and_then(crate::ident::Iban::parse);
        l.source = Source::line(&Arc::from(path), line);
        l.id = format!("{path}:{line}").into();
        l
    }

    const JANSEN: Option<&str> = Some("NL71INGB0005007919");

    #[test]
    fn the_same_booking_in_another_format_is_a_duplicate_of_the_first() {
        let lines = vec![
            booking("bank/a.csv", 2, 1, 70_000, JANSEN),
            booking("bank/a.csv", 3, 2, 31_500, None),
            booking("bank/b.sta", 5, 1, 70_000, JANSEN),
            // MT940 names no counterparty here: the amount and day decide.
            booking("bank/b.sta", 7, 2, 31_500, Some("NL21RABO0005015838")),
            // Same day and amount, another counterparty: another booking.
            booking("bank/b.sta", 9, 1, 70_000, Some("NL18INGB0005055433")),
        ];
        let (dup, by_id) = find(&lines);
        assert_eq!(of(&dup), vec![None, None, Some(0), Some(1), None]);
        assert!(dup.iter().flatten().all(|r| !r.same_id));
        // An override naming the later copy's id reaches the line that counts.
        assert_eq!(by_id["bank/b.sta:5"], 0);
        assert_eq!(by_id["bank/b.sta:9"], 4);
    }

    #[test]
    fn identical_payments_of_one_day_stay_two_and_a_repeat_pairs_once() {
        let lines = vec![
            booking("bank/a.csv", 2, 4, 2_000, JANSEN),
            booking("bank/a.csv", 3, 4, 2_000, JANSEN),
            // A second export holds only one of them.
            booking("bank/b.xml", 1, 4, 2_000, JANSEN),
            // A third holds both, and a third one the others have not.
            booking("bank/c.sta", 4, 4, 2_000, JANSEN),
            booking("bank/c.sta", 6, 4, 2_000, None),
            booking("bank/c.sta", 8, 4, 2_000, JANSEN),
        ];
        let (dup, _) = find(&lines);
        assert_eq!(
            of(&dup),
            vec![None, None, Some(0), Some(0), None, Some(1)],
            "each export pairs with the originals before it, each at most once, \
             the same counterparty first"
        );
    }

    #[test]
    fn lines_of_one_export_never_pair_with_each_other() {
        let lines = vec![
            booking("bank/a.csv", 2, 4, 2_000, JANSEN),
            booking("bank/a.csv", 3, 4, 2_000, None),
            booking("bank/a.csv", 4, 4, 2_000, JANSEN),
        ];
        assert_eq!(of(&find(&lines).0), vec![None, None, None]);
    }

    #[test]
    fn other_days_accounts_signs_and_lines_without_account_do_not_pair() {
        let mut other_account = booking("bank/b.sta", 2, 4, 2_000, JANSEN);
        other_account.account = "NL44RABO0123456789".into();
        let mut no_account = booking("bank/c.csv", 2, 4, 2_000, JANSEN);
        no_account.account = "".into();
        let mut no_account_too = no_account.clone();
        no_account_too.source = Source::line(&Arc::from("bank/d.csv"), 2);
        // Without an account only the same id pairs (step 1).
        no_account_too.id = "bank/d.csv:2".into();
        let lines = vec![
            booking("bank/a.csv", 2, 4, 2_000, JANSEN),
            booking("bank/b.sta", 3, 5, 2_000, JANSEN),
            booking("bank/b.sta", 4, 4, -2_000, JANSEN),
            other_account,
            no_account,
            no_account_too,
        ];
        assert_eq!(of(&find(&lines).0), vec![None; 6]);
    }

    #[test]
    fn billing_agents_receipts_pair_by_their_own_id_only() {
        // Two clients paid the agent the same amount on the same day; the
        // statements of two weeks list one each.
        let receipt = |path: &str, id: &str| {
            let mut l = booking(path, 5, 4, 12_000, None);
            l.account = "Infomedics".into();
            l.id = id.into();
            l
        };
        let lines = vec![
            receipt("agents/week-40.csv", "A20261004-aaaa"),
            receipt("agents/week-41.xlsx", "A20261004-bbbb"),
            receipt("agents/week-41.xlsx", "A20261004-aaaa"),
        ];
        assert_eq!(of(&find(&lines).0), vec![None, None, Some(0)]);
    }

    #[test]
    fn a_domestic_account_number_is_the_iban_with_that_number() {
        let mut old = booking("bank/TXT.TAB", 1, 4, 2_000, Some("5007919"));
        old.account = "1234567".into();
        let lines = vec![booking("bank/a.csv", 2, 4, 2_000, JANSEN), old];
        // `TXT.TAB` sorts before `a.csv`: the old export counts.
        assert_eq!(of(&find(&lines).0), vec![Some(1), None]);
    }

    #[test]
    fn a_same_format_copy_of_a_paired_line_names_the_line_that_counts() {
        // bank/a.csv (CSV) counts; b and c are the same MT940 twice.
        let mut b = booking("bank/b.sta", 5, 1, 70_000, JANSEN);
        b.id = "P-mt940".into();
        let mut c = b.clone();
        c.source = Source::line(&Arc::from("bank/c.sta"), 5);
        // c also has the second of two identical payments, which b lacks.
        let mut c2 = c.clone();
        c2.source = Source::line(&Arc::from("bank/c.sta"), 7);
        c2.id = "P-mt940-2".into();
        let lines = vec![booking("bank/a.csv", 2, 1, 70_000, JANSEN), b, c, c2];
        let (dup, by_id) = find(&lines);
        assert_eq!(of(&dup), vec![None, Some(0), Some(0), None]);
        assert_eq!(dup[1].map(|r| r.same_id), Some(false));
        assert_eq!(by_id["P-mt940"], 0);
        assert_eq!(by_id["P-mt940-2"], 3);
    }

    #[test]
    fn many_equal_amounts_on_one_day_pair_in_order() {
        // A thousand equal payments of one day in two formats, with and
        // without counterparties: every later line pairs, once each.
        let n = 1000;
        let mut lines = Vec::new();
        for k in 0..n {
            let party = (k % 2 == 0).then_some("NL71INGB0005007919");
            lines.push(booking("bank/a.csv", k + 2, 9, 500, party));
        }
        for k in 0..n {
            let party = (k % 3 == 0).then_some("NL71INGB0005007919");
            lines.push(booking("bank/b.xml", k + 1, 9, 500, party));
        }
        let dup = find(&lines).0;
        let originals: Vec<usize> = dup.iter().flatten().map(|r| r.of).collect();
        assert_eq!(originals.len(), n as usize);
        let mut sorted = originals.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), n as usize, "each original is taken once");
        assert!(originals.iter().all(|&o| o < n as usize));
    }

    #[test]
    fn only_days_with_lines_in_two_exports_go_to_step_two() {
        let lines = vec![
            booking("bank/a.csv", 2, 1, 100, JANSEN),
            booking("bank/a.csv", 3, 2, 100, JANSEN),
            booking("bank/a.csv", 4, 2, 200, JANSEN),
            booking("bank/b.sta", 5, 2, 300, None),
            booking("bank/b.sta", 6, 3, 100, None),
        ];
        let accounts = account_numbers(&lines);
        let shared = shared_days(&lines, &accounts);
        let a = accounts[0].unwrap_or(u32::MAX);
        let day = |d: usize| chrono::Datelike::num_days_from_ce(&lines[d].booking_date);
        assert!(!shared(a, day(0)));
        assert!(shared(a, day(1)));
        assert!(!shared(a, day(4)));
    }
}
