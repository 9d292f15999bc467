//! ABN AMRO's fixed-width description text, shared by its TAB export and
//! its MT940 `:86:` (docs/inputs.md, "ABN AMRO TAB"): 32-character cells, written
//! as a first cell and then 65-character lines of one separator space and
//! two cells. An MT940 `:86:` line is one cell, a space and the next cell,
//! so its lines padded to 65 characters and put end to end are the TAB
//! description; both are joined here, one way.
//!
//! A cell that is full up to its last character may cut a word (or an
//! iDEAL number) in two, so it is joined to the next without a space,
//! unless the next starts with a space or a label (`Naam:`, `KENMERK:`) or
//! the cell is itself a column layout (inner runs of spaces).

use super::labels::starts_with_label;
use super::words::squash;
use crate::text::fold;

/// Width of one description cell.
pub(crate) const CELL: usize = 32;

/// Width of one MT940 `:86:` line: two cells and the space between.
pub(crate) const LINE: usize = 2 * CELL + 1;

/// Joins the fixed-width cells into running text, mending words that the
/// cell edges cut in two. Text that does not follow the layout is only
/// squashed.
pub(crate) fn join_cells(raw: &str) -> String {
    cells_text(raw).unwrap_or_else(|| squash(raw))
}

/// The lines of an MT940 `:86:` field joined as cells, or `None` when they
/// do not have the layout (a line longer than 65 characters, or no space
/// between its two cells).
pub(crate) fn join_lines(lines: &[&str]) -> Option<String> {
    let mut raw = String::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end();
        let n = line.chars().count();
        if n > LINE {
            return None;
        }
        raw.push_str(line);
        if i + 1 < lines.len() {
            raw.extend(std::iter::repeat_n(' ', LINE - n));
        }
    }
    cells_text(&raw)
}

/// [`join_cells`], `None` when the text does not have the layout.
fn cells_text(raw: &str) -> Option<String> {
    let chars: Vec<char> = raw.chars().collect();
    let mut cells: Vec<String> = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let end = (start + CELL).min(chars.len());
        // In range: start < chars.len() and start <= end <= chars.len().
        cells.push(chars[start..end].iter().collect());
        // Cells are separated by one space; anything else means the text
        // does not follow the fixed-width layout.
        match chars.get(end) {
            _ if cells.len().is_multiple_of(2) => start = end,
            Some(' ') => start = end + 1,
            None => break,
            Some(_) => return None,
        }
    }
    let mut out = String::new();
    let mut prev_full_word = false;
    for cell in &cells {
        let content = cell.trim_end();
        if content.trim().is_empty() {
            prev_full_word = false;
            continue;
        }
        let glue =
            prev_full_word && !content.starts_with(' ') && !starts_with_label(content.trim_start());
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(content.trim_start());
        prev_full_word =
            cell.chars().count() == CELL && !cell.ends_with(' ') && !content.trim().contains("  ");
    }
    Some(squash(&out))
}

/// The counterparty of a pre-SEPA description: `GIRO   428428 KPN BV` (a
/// giro number) or `54.49.42.108 ABC BOOM KK` (a bank account written with
/// dots) in the first cell, then the name: the rest of that cell, or when
/// the cell holds only the account, the text that follows it up to a run
/// of spaces. `(account, name)`.
pub(crate) fn pre_sepa_party(raw: &str) -> Option<(String, String)> {
    let first: String = raw.chars().take(CELL).collect();
    let mut words = first.split_whitespace();
    let mut word = words.next()?;
    if fold(word) == "giro" {
        word = words.next()?;
        if !(word.len() <= 9 && word.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
    } else {
        let digits = word.bytes().filter(u8::is_ascii_digit).count();
        let dotted = word.contains('.')
            && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && (9..=10).contains(&digits);
        if !dotted {
            return None;
        }
    }
    let account: String = word.chars().filter(char::is_ascii_digit).collect();
    let mut name = squash(&words.collect::<Vec<_>>().join(" "));
    if name.is_empty() {
        let line = raw.lines().next().unwrap_or("");
        let after: String = line.chars().skip(CELL).collect();
        let after = after.trim_start();
        let end = after.find("  ").unwrap_or(after.len());
        if !starts_with_label(after) {
            name = squash(&after[..end]);
        }
    }
    (!name.is_empty()).then_some((account, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mt940_lines_join_as_the_tab_cells_do() {
        // A line that fills all 65 characters is not glued to a label on
        // the next line, and a number cut at a cell edge is mended.
        let lines = [
            "SEPA OVERBOEKING                 IBAN: NL91ABNA0417164300",
            "BIC: ABNANL2A                    NAAM: THUISZORG DE LINDE",
            "OMSCHRIJVING: NOTA HZ-2024-58173 21 EN ZIJN NOTAS HZ-2024-5817322",
            "KENMERK: 26-01-2014 18:14 003000 0735822580",
        ];
        assert_eq!(lines[2].len(), LINE);
        let text = join_lines(&lines).unwrap_or_default();
        assert!(text.contains("HZ-2024-5817322 KENMERK:"), "{text}");
        assert!(text.contains("NOTA HZ-2024-5817321 EN ZIJN"), "{text}");
        assert!(text.contains("18:14 0030000735822580"), "{text}");
        // The same description as the TAB export writes it.
        let tab: String = lines.iter().map(|l| format!("{l:<65}")).collect::<String>();
        assert_eq!(join_cells(&tab), text);
        // Not the layout: no space between the cells.
        assert_eq!(
            join_lines(&["AAAAA BDBDNDKDKASDF, BETALINGSKENMERK: 00111111111, REFERENTI"]),
            None
        );
        assert_eq!(join_lines(&["x".repeat(66).as_str()]), None);
    }

    #[test]
    fn pre_sepa_names_follow_the_account_in_the_first_cell() {
        let giro = format!(
            "{:<32} {:<32}",
            "GIRO   428428 KPN BV", "BETALINGSKENM.  000000042188659"
        );
        assert_eq!(
            pre_sepa_party(&giro),
            Some(("428428".to_string(), "KPN BV".to_string()))
        );
        assert_eq!(
            pre_sepa_party("54.49.42.108 ABC BOOM KK"),
            Some(("544942108".to_string(), "ABC BOOM KK".to_string()))
        );
        assert_eq!(pre_sepa_party("BEA   NR:MA1402   11.01.14/12.00"), None);
        assert_eq!(
            pre_sepa_party("SEPA IDEAL                       IBAN: X"),
            None
        );
        assert_eq!(pre_sepa_party("GIRO   428428"), None);
        // Only the account in the first cell: the name follows it.
        assert_eq!(
            pre_sepa_party("52.89.39.882                    MYCOM DEN HAAG"),
            Some(("528939882".to_string(), "MYCOM DEN HAAG".to_string()))
        );
        assert_eq!(
            pre_sepa_party(&format!(
                "{:<32} {}",
                "GIRO 1234567", "IBAN: NL91ABNA0417164300"
            )),
            None
        );
    }
}
