//! Header rows found by aliases, and which rows below a header are data:
//! title, logo and address rows above a header are skipped, and totals
//! rows and headers repeated page by page below it are not data.

use std::sync::Arc;

use super::cell::CellValue;
use super::sheet::{Row, Sheet, Table};
use crate::problem::{Problem, ProblemKind, SheetSkip};
use crate::source::Source;
use crate::text::{fold, fold_eq, fold_starts_with_word};

/// How many rows from the top of a sheet are searched for the header row.
/// Title, logo and address blocks above a header are rarely longer.
pub(super) const HEADER_SEARCH_ROWS: usize = 40;

/// A field's header aliases. Aliases are compared after [`fold`].
pub type Aliases<F> = [(F, &'static [&'static str])];

/// The header row of a sheet and the column of each field it names.
#[derive(Clone, Debug)]
pub struct Header<F> {
    /// Index of the header row in [`Sheet::rows`].
    pub row: usize,
    /// Field → column, each field and each column at most once.
    pub columns: Vec<(F, u32)>,
    /// The folded header text of each mapped column, to recognise a
    /// header repeated further down (printed page by page).
    texts: Vec<(u32, String)>,
}

impl<F: Copy + Eq> Header<F> {
    /// The column of a field, when the header names it.
    pub fn col(&self, field: F) -> Option<u32> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    /// True when the header names the field.
    pub fn has(&self, field: F) -> bool {
        self.col(field).is_some()
    }

    /// True when `row` repeats this header (same texts in its columns).
    pub fn is_repeated_in(&self, row: &Row) -> bool {
        !self.texts.is_empty()
            && self.texts.iter().all(|(c, t)| match row.cell(*c) {
                CellValue::Text(s) => fold_eq(s, t),
                _ => false,
            })
    }
}

/// Words that turn a header into the opposite of the field it contains
/// (`niet vergoed` is not `vergoed`), into what is still left (`resterend
/// eigen risico` is the deductible to come, not the one withheld here), or
/// into a reference to something else (`verrekend met declaratienr` is not
/// the declaration number). They block matching by containment only; an
/// exact alias still matches.
const NEGATING: [&str; 9] = [
    "niet",
    "geen",
    "not",
    "non",
    "verrekend met",
    "resterend",
    "resterende",
    "saldo",
    "nog",
];

/// How one header cell matches one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    exact: bool,
    direct: bool,
    alias_len: usize,
}

/// The aliases of [`Aliases`] and the [`NEGATING`] words folded once, each
/// also padded with a space on both sides for the whole-word containment
/// test: matching a header cell then builds no string but the cell's own
/// (a header of a hundred thousand columns would otherwise fold and format
/// every alias once per column).
struct Matcher<F> {
    /// Per field: each alias folded, and folded with a space either side.
    aliases: Vec<(F, Vec<(String, String)>)>,
    /// The negating words with a space either side.
    negating: Vec<String>,
}

impl<F: Copy> Matcher<F> {
    /// Folds `aliases` and the negating words.
    fn new(aliases: &Aliases<F>) -> Matcher<F> {
        let aliases = aliases
            .iter()
            .map(|(f, names)| {
                let names = names
                    .iter()
                    .map(|n| {
                        let folded = fold(n);
                        let padded = format!(" {folded} ");
                        (folded, padded)
                    })
                    .collect();
                (*f, names)
            })
            .collect();
        let negating = NEGATING.iter().map(|n| format!(" {n} ")).collect();
        Matcher { aliases, negating }
    }

    /// Matches a folded header text against the aliases.
    ///
    /// Order of preference, documented because aliases collide: an exact
    /// folded match beats a containment match (`uitbetaald aan` is paid-to,
    /// not paid-out); among containment matches, which need whole words and
    /// no negating word, the longest alias wins (`vergoed bedrag` beats
    /// `bedrag`).
    fn match_header(&self, folded: &str) -> Vec<(F, bool, usize)> {
        let mut out = Vec::new();
        if folded.is_empty() {
            return out;
        }
        let padded = format!(" {folded} ");
        let negated = self.negating.iter().any(|n| padded.contains(n.as_str()));
        for (field, names) in &self.aliases {
            let mut best: Option<(bool, usize)> = None;
            for (a, a_padded) in names {
                let m = if a == folded {
                    Some((true, a.len()))
                } else if !negated && padded.contains(a_padded.as_str()) {
                    Some((false, a.len()))
                } else {
                    None
                };
                if m > best {
                    best = m;
                }
            }
            if let Some((exact, len)) = best {
                out.push((*field, exact, len));
            }
        }
        out
    }
}

/// Finds the header row of a sheet: among the first rows, the one naming
/// the most fields (earliest on a tie) that `accept` calls recognisable.
/// Title, logo and empty rows above it are thereby skipped.
pub fn find_header<F: Copy + Eq>(
    sheet: &Sheet,
    aliases: &Aliases<F>,
    accept: impl Fn(&[(F, u32)]) -> bool,
) -> Option<Header<F>> {
    let matcher = Matcher::new(aliases);
    let mut best: Option<Header<F>> = None;
    // Spreadsheet rows hold only rows with cells, so the window is counted
    // in sheet rows from the first used one, as the user sees it; CSV rows
    // are records.
    let top = sheet.rows.first().map_or(0, |r| r.index);
    for i in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        let Some(row) = sheet.rows.get(i) else { break };
        if sheet.name.is_some() && row.index - top >= HEADER_SEARCH_ROWS as u32 {
            break;
        }
        let width = row.first_col + row.cells.len() as u32;
        let mut cands: Vec<(Score, u32, F, String)> = Vec::new();
        for col in 0..width {
            let (cell, merged) = sheet.cell_or_merged(i, col);
            let CellValue::Text(t) = cell else { continue };
            let f = fold(t);
            for (field, exact, alias_len) in matcher.match_header(&f) {
                let score = Score {
                    exact,
                    direct: !merged,
                    alias_len,
                };
                cands.push((score, col, field, f.clone()));
            }
        }
        // Best matches first; a column filled from a merge comes after the
        // merge's own column, so the field lands where the value is.
        cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut columns: Vec<(F, u32)> = Vec::new();
        let mut texts = Vec::new();
        for (score, col, field, text) in cands {
            if columns.iter().any(|(f, c)| *f == field || *c == col) {
                continue;
            }
            columns.push((field, col));
            if score.direct {
                texts.push((col, text));
            }
        }
        if columns.is_empty() || !accept(&columns) {
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|b| columns.len() > b.columns.len())
        {
            columns.sort_by_key(|(_, c)| *c);
            best = Some(Header {
                row: i,
                columns,
                texts,
            });
        }
    }
    best
}

/// The sheets of a table that have a header, with it. A sheet with data
/// but no recognisable header is a warning; when no sheet has one, the
/// result is empty and one error for the file is added instead.
pub fn sheets_with_header<'t, F: Copy + Eq>(
    path: &Arc<str>,
    table: &'t Table,
    aliases: &Aliases<F>,
    accept: impl Fn(&[(F, u32)]) -> bool,
    expected: &str,
    problems: &mut Vec<Problem>,
) -> Vec<(&'t Sheet, Header<F>)> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for sheet in &table.sheets {
        match find_header(sheet, aliases, &accept) {
            Some(h) => found.push((sheet, h)),
            // An unused, empty sheet (the default `Blad2`) is no news.
            None if sheet.rows.iter().all(Row::is_blank) => {}
            None => skipped.push(sheet.label().to_string()),
        }
    }
    if found.is_empty() {
        problems.push(Problem::error(
            Source::file(path),
            ProblemKind::NoHeader {
                expected: expected.to_string(),
            },
            "",
        ));
    } else {
        for name in skipped {
            problems.push(Problem::warning(
                Source::file(path),
                ProblemKind::SheetSkipped {
                    sheet: name.clone(),
                    why: SheetSkip::NoHeader,
                },
                name.clone(),
            ));
        }
    }
    found
}

/// What a row below the header is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A row to read.
    Data,
    /// Blank, a totals row or a repeated header: not data, not counted.
    Skip,
}

/// The data rows below a header, with their index in the sheet: every row
/// after it that [`row_kind`] calls data, `keys` being the fields a data
/// row is known by.
pub fn data_rows<'s, F: Copy + Eq>(
    sheet: &'s Sheet,
    header: &'s Header<F>,
    keys: &[F],
) -> impl Iterator<Item = (usize, &'s Row)> + 's {
    let key_cols: Vec<u32> = keys.iter().filter_map(|f| header.col(*f)).collect();
    let below = sheet.rows.iter().enumerate().skip(header.row + 1);
    below.filter(move |(_, row)| row_kind(row, header, &key_cols) == RowKind::Data)
}

/// Words that open a totals row.
const TOTALS: [&str; 8] = [
    "totaal",
    "subtotaal",
    "eindtotaal",
    "totalen",
    "total",
    "subtotal",
    "totals",
    "grand total",
];

/// Classifies a row below the header. A totals row has a cell starting
/// with a totals word (`Totaal`, `Subtotaal:`, `Total`) while its key
/// columns (the identifiers a data row must have) hold nothing else; so a
/// client called "Totaal Zorg" on a row with an invoice number stays data.
pub fn row_kind<F: Copy + Eq>(row: &Row, header: &Header<F>, key_cols: &[u32]) -> RowKind {
    if row.is_blank() || header.is_repeated_in(row) {
        return RowKind::Skip;
    }
    let is_total_word = |c: &CellValue| match c {
        CellValue::Text(t) => TOTALS.iter().any(|w| fold_starts_with_word(t, w)),
        _ => false,
    };
    let labelled = row.filled().any(|(_, c)| is_total_word(c));
    let keys_free = key_cols.iter().all(|k| {
        let c = row.cell(*k);
        c.is_empty() || is_total_word(c)
    });
    if labelled && keys_free {
        RowKind::Skip
    } else {
        RowKind::Data
    }
}

#[cfg(test)]
mod tests {
    use super::super::delimited::csv_table;
    use super::super::sheet::sheet_of as sheet;
    use super::*;

    fn p() -> Arc<str> {
        Arc::from("x/t.csv")
    }

    fn open_csv(path: &Arc<str>, text: &[u8]) -> Table {
        csv_table(path, std::str::from_utf8(text).unwrap())
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum F {
        Nr,
        Amount,
        Paid,
        PaidTo,
        Decl,
    }

    const ALIASES: &Aliases<F> = &[
        (F::Nr, &["factuurnummer", "uw factuurnr"]),
        (F::Amount, &["vergoed", "vergoed bedrag"]),
        (F::Paid, &["uitbetaald"]),
        (F::PaidTo, &["uitbetaald aan"]),
        (F::Decl, &["declaratienr", "decl nr"]),
    ];

    #[test]
    fn the_header_window_counts_sheet_rows_not_stored_rows() {
        let header = vec![t("Factuurnummer"), t("Vergoed")];
        let mut s = sheet(vec![vec![t("Titel")], header], &[]);
        s.rows[1].index = 39;
        assert!(find_header(&s, ALIASES, |c| c.len() >= 2).is_some());
        s.rows[1].index = 40;
        assert!(find_header(&s, ALIASES, |c| c.len() >= 2).is_none());
    }

    #[test]
    fn header_skips_title_rows_and_prefers_exact_matches() {
        let t = open_csv(
            &p(),
            "Specificatie Zilveren Kruis\n\n\
             Decl. Nr.;Uw factuurnr;Niet vergoed;Vergoed (basis);Uitbetaald aan;Uitbetaald;Verrekend met declaratienr\n\
             1;F1;0;10;verzekerde;10;\n"
                .as_bytes(),
        );
        let h = find_header(&t.sheets[0], ALIASES, |c| c.len() >= 2).unwrap();
        assert_eq!(h.row, 1, "the empty line is not a record, title is row 0");
        assert_eq!(h.col(F::Decl), Some(0));
        assert_eq!(h.col(F::Nr), Some(1));
        assert_eq!(h.col(F::Amount), Some(3), "niet vergoed is not vergoed");
        assert_eq!(h.col(F::PaidTo), Some(4));
        assert_eq!(h.col(F::Paid), Some(5));
        assert_eq!(h.columns.len(), 5, "verrekend met declaratienr unmapped");
    }

    #[test]
    fn no_header_without_enough_fields() {
        let t = open_csv(&p(), b"foo;bar\n1;2\n");
        assert!(find_header(&t.sheets[0], ALIASES, |c| c.len() >= 2).is_none());
        let mut problems = Vec::new();
        let found = sheets_with_header(&p(), &t, ALIASES, |c| c.len() >= 2, "x", &mut problems);
        assert!(found.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].source, Source::file(&p()));
    }

    #[test]
    fn totals_rows_and_repeated_headers_are_skipped() {
        let t = open_csv(
            &p(),
            b"Factuurnummer;Vergoed\nF1;1\nTotaal;1\n;Subtotaal: 5\nFactuurnummer;Vergoed\nF9;3;Totaal Zorg\n",
        );
        let s = &t.sheets[0];
        let h = find_header(s, ALIASES, |c| c.len() >= 2).unwrap();
        let keys = [h.col(F::Nr).unwrap()];
        let kinds: Vec<RowKind> = s.rows[1..].iter().map(|r| row_kind(r, &h, &keys)).collect();
        assert_eq!(
            kinds,
            vec![
                RowKind::Data,
                RowKind::Skip,
                RowKind::Skip,
                RowKind::Skip,
                RowKind::Data
            ]
        );
        let data: Vec<(usize, String)> = data_rows(s, &h, &[F::Nr])
            .map(|(i, r)| (i, r.source.to_string()))
            .collect();
        assert_eq!(data, [(1, "x/t.csv:2".into()), (5, "x/t.csv:6".into())]);
    }

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    #[test]
    fn merged_headers_map_to_the_column_holding_the_value() {
        // A two-row header: `Factuurnummer` merged over A1:A2, a group label
        // `Bedragen` over B1:C1, and the amount names in row 2.
        let s = sheet(
            vec![
                vec![t("Factuurnummer"), t("Bedragen"), CellValue::Empty],
                vec![CellValue::Empty, t("Vergoed"), t("Uitbetaald")],
                vec![t("F1"), CellValue::Number(5.0), CellValue::Number(6.0)],
            ],
            &[(0, 0, 1, 0), (0, 1, 0, 2)],
        );
        let h = find_header(&s, ALIASES, |c| c.len() >= 2).unwrap();
        assert_eq!(h.row, 1, "the second header row, with the first filled in");
        assert_eq!(h.col(F::Nr), Some(0));
        assert_eq!(h.col(F::Amount), Some(1));
        assert_eq!(h.col(F::Paid), Some(2));
        assert_eq!(s.cell_or_merged(1, 0), (&t("Factuurnummer"), true));
        assert_eq!(s.cell_or_merged(2, 0), (&t("F1"), false));
        assert_eq!(s.cell_or_merged(2, 1), (&CellValue::Number(5.0), false));

        // `Uitbetaald` merged over B1:C1: the field is B, where the values
        // are, and C is not mistaken for a second paid-out column.
        let s = sheet(
            vec![
                vec![t("Factuurnummer"), t("Uitbetaald"), CellValue::Empty],
                vec![t("F1"), CellValue::Number(5.0), CellValue::Empty],
            ],
            &[(0, 1, 0, 2)],
        );
        let h = find_header(&s, ALIASES, |c| c.len() >= 2).unwrap();
        assert_eq!((h.row, h.col(F::Paid)), (0, Some(1)));
        assert_eq!(h.columns.len(), 2);
    }
}
