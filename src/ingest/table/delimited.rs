//! CSV and other delimited text as a one-sheet table: the delimiter is
//! sniffed (`;`, `,` or tab, whichever the lines agree on), fields may be
//! quoted or not, and every record keeps its physical line.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::cell::CellValue;
use super::sheet::{Row, Sheet, Table};
use crate::ingest::sniff;
use crate::problem::{Problem, ProblemKind};
use crate::source::Source;

/// Reads decoded CSV text: delimiter sniffed, every record a row with its
/// physical line. Cells are text; empty ones are [`CellValue::Empty`].
pub(super) fn csv_table(path: &Arc<str>, text: &str) -> Table {
    let delimiter = sniff::delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, csv::Position::line);
                rows.push(Row {
                    source: Source::line(path, line),
                    index: u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
                    first_col: 0,
                    cells: record
                        .iter()
                        .map(|f| {
                            if f.trim().is_empty() {
                                CellValue::Empty
                            } else {
                                CellValue::Text(f.to_string())
                            }
                        })
                        .collect(),
                });
            }
            Ok(false) => break,
            Err(e) => {
                // Only broken UTF-8 or I/O can stop the csv reader, and the
                // text is already decoded; kept as a guard, not a crash.
                problems.push(Problem::error(
                    Source::file(path),
                    ProblemKind::CsvStopped(e.to_string()),
                    "",
                ));
                break;
            }
        }
    }
    Table {
        format: "csv",
        sheets: vec![Sheet {
            name: None,
            rows,
            merges: HashMap::new(),
        }],
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::decode;

    fn p() -> Arc<str> {
        Arc::from("x/t.csv")
    }

    /// Reads a CSV file: decoded, delimiter sniffed, every record a row
    /// with its physical line.
    fn open_csv(path: &Arc<str>, bytes: &[u8]) -> Table {
        csv_table(path, &decode(bytes).0)
    }

    #[test]
    fn sniffs_semicolon_despite_decimal_commas() {
        let t = open_csv(
            &p(),
            b"Factuurnummer;Vergoed;Uitbetaald\nF1;12,50;10,00\nF2;1,00;2,00\n",
        );
        assert_eq!(t.sheets[0].rows[1].cells.len(), 3);
        assert_eq!(sniff::delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff::delimiter("a\tb\n1\t2\n"), b'\t');
    }

    #[test]
    fn csv_rows_carry_physical_lines_even_after_multiline_fields() {
        let t = open_csv(&p(), b"a;b\n\"x\ny\";1\nz;2\n");
        let rows = &t.sheets[0].rows;
        assert_eq!(rows[1].source.to_string(), "x/t.csv:2");
        assert_eq!(rows[2].source.to_string(), "x/t.csv:4");
        assert_eq!(rows[2].cell_source(1).to_string(), "x/t.csv:4");
    }

    #[test]
    fn csv_in_windows_1252_is_decoded() {
        let t = open_csv(&p(), b"Cli\xebnt;Bedrag\nJos\xe9;1\n");
        assert_eq!(t.sheets[0].rows[1].cell(0), &CellValue::Text("José".into()));
    }
}
