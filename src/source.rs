//! Where a row came from: a file and a line, an XML entry, or a spreadsheet
//! row or cell. Every payment, invoice and problem carries one, so that
//! everything in the outputs points back at its input.

use std::fmt;
use std::sync::Arc;

/// A place in the inputs. Sorting is by path, then place, which is the
/// tie-breaker that makes outputs independent of the order of listing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    /// The file's path relative to `--input`, with `/` separators.
    pub path: Arc<str>,
    /// The place within the file.
    pub loc: Loc,
}

/// A place within one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Loc {
    /// The whole file.
    File,
    /// A physical line of a text file, 1-based, header included.
    Line(u64),
    /// The n-th transaction (1-based) of an XML file: `path#n`.
    Entry(u64),
    /// A whole spreadsheet row, 1-based: `path:Sheet!7`.
    Row {
        /// Sheet name, shared by the rows of a sheet.
        sheet: Arc<str>,
        /// 1-based row number as the spreadsheet shows it.
        row: u32,
    },
    /// One spreadsheet cell: `path:Sheet!F7`.
    Cell {
        /// Sheet name, shared by the rows of a sheet.
        sheet: Arc<str>,
        /// 1-based row number as the spreadsheet shows it.
        row: u32,
        /// 0-based column index (0 = `A`).
        col: u32,
    },
}

impl Source {
    /// The whole file.
    pub fn file(path: &Arc<str>) -> Source {
        Source {
            path: path.clone(),
            loc: Loc::File,
        }
    }

    /// A physical line (1-based) of a text file.
    pub fn line(path: &Arc<str>, line: u64) -> Source {
        Source {
            path: path.clone(),
            loc: Loc::Line(line),
        }
    }

    /// The n-th (1-based) transaction of an XML file.
    pub fn entry(path: &Arc<str>, n: u64) -> Source {
        Source {
            path: path.clone(),
            loc: Loc::Entry(n),
        }
    }

    /// A spreadsheet row (1-based).
    pub fn row(path: &Arc<str>, sheet: &str, row: u32) -> Source {
        Source::row_in(path, &Arc::from(sheet), row)
    }

    /// A spreadsheet row (1-based) of a sheet whose name the rows share.
    pub fn row_in(path: &Arc<str>, sheet: &Arc<str>, row: u32) -> Source {
        Source {
            path: path.clone(),
            loc: Loc::Row {
                sheet: sheet.clone(),
                row,
            },
        }
    }

    /// A spreadsheet cell (row 1-based, column 0-based).
    pub fn cell(path: &Arc<str>, sheet: &str, row: u32, col: u32) -> Source {
        Source {
            path: path.clone(),
            loc: Loc::Cell {
                sheet: Arc::from(sheet),
                row,
                col,
            },
        }
    }

    /// The same file at another place; for a row, the given cell of it.
    pub fn with_col(&self, col: u32) -> Source {
        match &self.loc {
            Loc::Row { sheet, row } => Source {
                path: self.path.clone(),
                loc: Loc::Cell {
                    sheet: sheet.clone(),
                    row: *row,
                    col,
                },
            },
            _ => self.clone(),
        }
    }
}

/// Spreadsheet column letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.loc {
            Loc::File => write!(f, "{}", self.path),
            Loc::Line(n) => write!(f, "{}:{n}", self.path),
            Loc::Entry(n) => write!(f, "{}#{n}", self.path),
            Loc::Row { sheet, row } => write!(f, "{}:{sheet}!{row}", self.path),
            Loc::Cell { sheet, row, col } => {
                write!(f, "{}:{sheet}!{}{row}", self.path, column_letters(*col))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_the_spec_says() {
        let p: Arc<str> = Arc::from("bank/ing.csv");
        assert_eq!(Source::line(&p, 14).to_string(), "bank/ing.csv:14");
        assert_eq!(Source::entry(&p, 3).to_string(), "bank/ing.csv#3");
        assert_eq!(Source::file(&p).to_string(), "bank/ing.csv");
        let x: Arc<str> = Arc::from("specs/zk.xlsx");
        assert_eq!(
            Source::cell(&x, "Blad1", 7, 5).to_string(),
            "specs/zk.xlsx:Blad1!F7"
        );
        assert_eq!(
            Source::row(&x, "Blad1", 7).to_string(),
            "specs/zk.xlsx:Blad1!7"
        );
    }

    #[test]
    fn column_letters_roll_over() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
