//! Bank lines read twice (docs/inputs.md): the same line in two overlapping
//! exports has the same stable id; the copy in the file that comes later
//! in path order is a duplicate. Each sheet of a bank workbook is an export
//! of its own (a workbook may hold the January and the January–February
//! download side by side), so a copy on a sheet that comes later in the
//! same file (by sheet name) is a duplicate too. Identical ids within one
//! export do not occur (the id carries a suffix), and if they did both
//! would be kept.

use foldhash::{HashMap, HashMapExt};

use crate::payment::BankLine;
use crate::source::{Loc, Source};

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

/// For every line, the original it duplicates (`None` for originals), and
/// for every id the line that stands for it (the first in path order).
///
/// The original is chosen by source path, not by the order of the ledger,
/// so listing the files in another order changes nothing. The sort runs
/// on up to `threads` threads.
pub(crate) fn find(
    lines: &[BankLine],
    threads: usize,
) -> (Vec<Option<usize>>, HashMap<&str, usize>) {
    // Sorting the line numbers by id puts each group side by side without a
    // vector per id (a million small allocations at full scale); within a
    // group the first is the one whose source comes first, then the lowest
    // line number, as before.
    // Sorted by the ids' first bytes held beside each line number, so
    // that most comparisons do not reach into the lines.
    let mut keyed: Vec<(u128, usize)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (prefix(&l.id), i))
        .collect();
    super::parallel::sort_by(&mut keyed, threads, |&(pa, a), &(pb, b)| {
        pa.cmp(&pb).then_with(|| {
            let (x, y) = (&lines[a], &lines[b]);
            x.id.cmp(&y.id)
                .then_with(|| x.source.cmp(&y.source))
                .then(a.cmp(&b))
        })
    });
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut duplicate_of = vec![None; lines.len()];
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(lines.len());
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
        by_id.insert(lines[first].id.as_str(), first);
    }
    (duplicate_of, by_id)
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
        let (dup, by_id) = find(&lines, 2);
        assert_eq!(dup, vec![Some(1), None, None, Some(1)]);
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
        let (dup, by_id) = find(&lines, 2);
        assert_eq!(dup, vec![None, None, Some(0), Some(1), None]);
        assert_eq!(by_id["P3"], 4);
    }
}
