//! Recognising what a text file is before a reader reads it: its field
//! delimiter and whether it is text at all. One place for every reader
//! that needs them, so that a rule is fixed once and every reader agrees.

/// Picks `;`, `,` or TAB: the delimiter under which the most of the first
/// 50 lines share one field count (above one), larger counts breaking ties,
/// then the order `;`, `,`, TAB. Counting consistent field counts over
/// several lines, with quotes honoured, rather than characters in the
/// first line keeps decimal commas in a `;` file, or one odd first line,
/// from deciding.
pub fn delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(50).collect::<Vec<_>>().join("\n");
    let mut best = (b';', 0usize, 0usize);
    for d in [b';', b',', b'\t'] {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample.as_bytes());
        let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
        for rec in rdr.records().flatten() {
            if rec.len() > 1 {
                *counts.entry(rec.len()).or_default() += 1;
            }
        }
        if let Some((fields, lines)) = counts
            .iter()
            .max_by_key(|(fields, lines)| (**lines, **fields))
            .map(|(f, l)| (*f, *l))
            && (lines, fields) > (best.1, best.2)
        {
            best = (d, lines, fields);
        }
    }
    best.0
}

/// True when bytes are no text: NUL bytes (outside UTF-16) or many control
/// characters in the first few kilobytes.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    head.contains(&0) || control * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_consistent_field_counts_outside_quotes() {
        assert_eq!(delimiter("\"a;b\",c,d"), b',');
        assert_eq!(delimiter("a;b;c,d"), b';');
        assert_eq!(delimiter("\n1\t2\t3,4"), b'\t');
        // Decimal commas in a semicolon file.
        assert_eq!(
            delimiter("datum;bedrag\n01-01-2026;1,50\n02-01-2026;2,50\n"),
            b';'
        );
        // One odd first line does not decide.
        assert_eq!(delimiter("KNAB EXPORT, 2019\na;b;c\n1;2;3\n4;5;6\n"), b';');
    }

    #[test]
    fn binary_is_nul_or_many_control_bytes_but_not_utf16_or_ctrl_z() {
        assert!(looks_binary(b"PK\x03\x04\x00\x00"));
        assert!(looks_binary(&[1u8; 64]));
        assert!(!looks_binary(&[0xFF, 0xFE, b'a', 0]));
        assert!(!looks_binary(b":20:A\r\n:25:1\r\n\x1a"));
        assert!(!looks_binary(b"a\tb\n"));
    }
}
