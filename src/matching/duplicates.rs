//! Bank lines read twice (SPEC §5.2): the same line in two overlapping
//! exports has the same stable id; the copy in the file that comes later
//! in path order is a duplicate. Identical ids within one file do not
//! occur (the id carries a suffix), and if they did both would be kept.

use std::collections::HashMap;

use crate::payment::BankLine;

/// For every line, the original it duplicates (`None` for originals), and
/// for every id the line that stands for it (the first in path order).
///
/// The original is chosen by source path, not by the order of the ledger,
/// so listing the files in another order changes nothing.
pub(crate) fn find(lines: &[BankLine]) -> (Vec<Option<usize>>, HashMap<&str, usize>) {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        groups.entry(l.id.as_str()).or_default().push(i);
    }
    let mut duplicate_of = vec![None; lines.len()];
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(groups.len());
    for (id, group) in groups {
        // The group is never empty: every entry was created with a push.
        let Some(&first) = group
            .iter()
            .min_by(|&&a, &&b| lines[a].source.cmp(&lines[b].source).then(a.cmp(&b)))
        else {
            continue;
        };
        let path = &lines[first].source.path;
        for &i in &group {
            if lines[i].source.path != *path {
                duplicate_of[i] = Some(first);
            }
        }
        by_id.insert(id, first);
    }
    (duplicate_of, by_id)
}

#[cfg(test)]
mod tests {
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
        let (dup, by_id) = find(&lines);
        assert_eq!(dup, vec![Some(1), None, None, Some(1)]);
        assert_eq!(by_id["P1"], 1);
        assert_eq!(by_id["P2"], 2);
    }
}
