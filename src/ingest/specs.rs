//! Insurer specifications (docs/inputs.md), spreadsheet or CSV: per declared
//! invoice, what an insurer reimbursed, withheld and paid out.
//!
//! Layouts differ per insurer and per typist, so columns are found by
//! aliases (those of docs/inputs.md and the column names insurers' own
//! statements use). Amounts are only read here: an absent column is `None`, an empty cell in a present
//! column `Some(0)`; the arithmetic between them is [`SpecLine::amounts`],
//! applied by the core.
//!
//! The insurer of a line comes from its column, else from the sheet name,
//! else from the file name (matched against the configured insurers, then a
//! built-in list of Dutch insurers), else stays unknown and the core uses
//! the invoice's insurer.

use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use chrono::NaiveDate;

use super::FileRead;
use super::table::{self, Aliases, Header, RowCells, Sheet};
use crate::config::Policy;
use crate::ident::invoice_key;
use crate::money::Money;
use crate::problem::{Field as Named, Problem, ProblemKind};
use crate::source::Source;
use crate::spec::{PaidTo, SpecLine};
use crate::text::fold;

/// The specification's columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    InvoiceNumber,
    DeclarationNumber,
    Insurer,
    Client,
    CareDate,
    Declared,
    Reimbursed,
    Deductible,
    CoPayment,
    PaidOut,
    PaidTo,
    PaymentDate,
}

use Field::*;

/// Header aliases: docs/inputs.md's, the column names of the insurers'
/// own payment statements, and common variants.
///
/// Collisions are settled by [`table::find_header`]: an exact folded match
/// wins over a containment match, and among containment matches the longest
/// alias. So `Uitbetaald aan` is paid-to (exact) and not paid-out
/// (containment of `uitbetaald`); `Datum uitbetaling` is the payment date;
/// `Vergoed (basisverzekering)` is reimbursed by containment of `vergoed`.
/// Headers with a negating word (`Niet vergoed`, `Resterend eigen risico`,
/// `Verrekend met declaratienr`) never match by containment. `Bedrag` and
/// `Datum` alone are deliberately no aliases: on a statement they could be
/// any amount or any date.
const ALIASES: &Aliases<Field> = &[
    (
        InvoiceNumber,
        &[
            "factuurnummer",
            "uw factuurnummer",
            "uw factuurnr",
            "notanummer",
            "nota",
            "factuurnr",
            "factuur nr",
            "factuur",
            "uw nota",
            "uw notanummer",
            "nota nr",
            "uw kenmerk",
            "uw referentie",
            "invoice number",
        ],
    ),
    (
        DeclarationNumber,
        &[
            "declaratienummer",
            "decl nr",
            "archiefnummer",
            "declaratienr",
            "declaratie nr",
            "declaratie nummer",
            "decl nummer",
            "claimnummer",
            "declaration number",
        ],
    ),
    (Insurer, &["zorgverzekeraar", "verzekeraar", "insurer"]),
    (
        Client,
        &[
            "verzekerde",
            "naam verzekerde",
            "polisnummer",
            "cliënt",
            "client",
            "verzekerdenummer",
            "naam client",
            "naam",
        ],
    ),
    (
        CareDate,
        &[
            "behandeldatum",
            "zorgdatum",
            "datum behandeling",
            "periode",
            "behandelperiode",
            "datum zorg",
            "prestatiedatum",
            "datum prestatie",
            "begindatum",
            "care date",
        ],
    ),
    (
        Declared,
        &[
            "gedeclareerd",
            "gedeclareerd bedrag",
            "ingediend",
            "kosten behandeling",
            "ingediend bedrag",
            "declaratiebedrag",
            "gedeclareerde kosten",
            "declared",
        ],
    ),
    (
        Reimbursed,
        &[
            "vergoed",
            "vergoed bedrag",
            "toegekend",
            "vergoeding",
            "toegekend bedrag",
            "totaal vergoed",
            "reimbursed",
        ],
    ),
    (
        Deductible,
        &[
            "eigen risico",
            "ingehouden eigen risico",
            "verrekend eigen risico",
            "eigen risico ingehouden",
            "deductible",
        ],
    ),
    (
        CoPayment,
        &[
            "eigen bijdrage",
            "ingehouden eigen bijdrage",
            "eigen bijdrage ingehouden",
            "co payment",
        ],
    ),
    (
        PaidOut,
        &[
            "uitbetaald",
            "uitbetaald bedrag",
            "te ontvangen",
            "bedrag te betalen",
            "uit te betalen",
            "te betalen",
            "bedrag uitbetaald",
            "uitbetaling",
            "betaald bedrag",
            "paid out",
        ],
    ),
    (
        PaidTo,
        &[
            "uitbetaald aan",
            "betaald aan",
            "betaling aan",
            "uitbetalen aan",
            "begunstigde",
            "ontvanger",
            "paid to",
        ],
    ),
    (
        PaymentDate,
        &[
            "uitbetaaldatum",
            "betaaldatum",
            "datum uitbetaling",
            "uitbetalingsdatum",
            "datum betaling",
            "betalingsdatum",
            "payment date",
        ],
    ),
];

/// Fields that hold money.
const AMOUNTS: [Field; 5] = [Declared, Reimbursed, Deductible, CoPayment, PaidOut];

/// Dutch health insurers (and labels of their groups) with the folded
/// spellings that identify them in a sheet or file name. Used when the
/// configuration names none that fits. The names a specification gets
/// from here are names bank payers are recognised by (`matching/insurer.rs`).
pub(crate) const KNOWN_INSURERS: &[(&str, &[&str])] = &[
    ("Zilveren Kruis", &["zilveren kruis", "zilverenkruis", "zk"]),
    (
        "VGZ",
        &["vgz", "univé", "unive", "iza", "izz", "umc zorgverzekering"],
    ),
    ("CZ", &["cz", "ohra", "nationale nederlanden"]),
    ("Menzis", &["menzis", "anderzorg"]),
    ("DSW", &["dsw", "stad holland", "intwente"]),
    ("ONVZ", &["onvz", "pnozorg"]),
    ("a.s.r.", &["a s r", "asr", "ditzo"]),
    (
        "Zorg en Zekerheid",
        &["zorg en zekerheid", "zorgenzekerheid"],
    ),
    ("Salland", &["salland"]),
    ("Eno", &["eno", "hollandzorg"]),
    (
        "De Friesland",
        &["de friesland", "friesland zorgverzekeraar"],
    ),
];

/// Reads one specification file, all its sheets.
pub fn read(path: &Arc<str>, bytes: &[u8], policy: &Policy) -> FileRead<SpecLine> {
    let (table, mut out) = match table::start(path, bytes) {
        Ok(started) => started,
        Err(unreadable) => return unreadable,
    };
    // Recognisable: a number to tie the line to, and some money.
    let accept = |cols: &[(Field, u32)]| {
        cols.iter()
            .any(|c| matches!(c.0, InvoiceNumber | DeclarationNumber))
            && cols.iter().any(|c| AMOUNTS.contains(&c.0))
    };
    let found = table::sheets_with_header(
        path,
        &table,
        ALIASES,
        accept,
        "factuurnummer, declaratienummer, vergoed, uitbetaald",
        &mut out.problems,
    );
    let file_insurer = insurer_in_name(&file_stem(path), policy);
    for (sheet, header) in found {
        if !header.has(Reimbursed) && !header.has(PaidOut) {
            out.problems.push(Problem::error(
                Source::file(path),
                ProblemKind::NoSpecAmountColumn {
                    sheet: sheet.name.clone(),
                },
                "",
            ));
            continue;
        }
        let sheet_insurer = sheet
            .name
            .as_deref()
            .and_then(|n| insurer_in_name(n, policy))
            .or_else(|| file_insurer.clone());
        read_sheet(sheet, &header, sheet_insurer.as_deref(), policy, &mut out);
    }
    out
}

fn read_sheet(
    sheet: &Sheet,
    header: &Header<Field>,
    default_insurer: Option<&str>,
    policy: &Policy,
    out: &mut FileRead<SpecLine>,
) {
    for (i, row) in table::data_rows(sheet, header, &[InvoiceNumber, DeclarationNumber]) {
        // Identifiers, names and dates written once over merged rows apply
        // to each row of the merge; amounts never do (they would count
        // twice).
        let col = |f: Field| header.col(f);
        let mut r = RowCells::on_sheet(sheet, i, row);
        let has_number = [InvoiceNumber, DeclarationNumber]
            .iter()
            .any(|f| table::filled(r.merged(col(*f))));
        // Whether this row itself names an invoice: a number merged down
        // from above makes a row with amounts a line of that invoice, but
        // does not make an empty row under it a (zero) line.
        let has_invoice = table::filled(r.own(col(InvoiceNumber)));
        let has_amount = AMOUNTS.iter().any(|f| table::filled(r.own(col(*f))));
        if !has_invoice && !has_amount {
            // A note, a caption or a half-empty line: not data.
            continue;
        }
        out.rows_read += 1;
        if !has_number {
            out.problems.push(Problem::error(
                row.source.clone(),
                ProblemKind::SpecNoNumber,
                "",
            ));
            out.rows_rejected += 1;
            continue;
        }
        let invoice_number = r.optional(
            r.merged(col(InvoiceNumber)),
            Named::InvoiceNumber,
            table::ident,
        );
        let declaration_number = r.optional(
            r.merged(col(DeclarationNumber)),
            Named::DeclarationNumber,
            table::ident,
        );
        // The client is for people to read; a name or policy number that
        // reads oddly never costs the line.
        let client = r.merged(col(Client)).and_then(|(_, c)| table::text(c));
        // An amount column's empty cell is zero; no column is no figure.
        let amounts: [Option<Money>; 5] = AMOUNTS.map(|f| {
            let at = r.own(col(f))?;
            Some(
                r.optional(Some(at), amount_label(f), table::amount)
                    .unwrap_or(Money::ZERO),
            )
        });
        if r.failed() {
            out.problems.extend(r.into_problems());
            out.rows_rejected += 1;
            continue;
        }
        let care_date = r.optional_or_warn(r.merged(col(CareDate)), Named::CareDate, table::date);
        let payment_date =
            r.optional_or_warn(r.merged(col(PaymentDate)), Named::PaymentDate, table::date);
        let paid_to = r.merged(col(PaidTo)).and_then(|(col, cell)| {
            let t = table::text(cell)?;
            let who = paid_to(&t);
            if who.is_none() {
                r.warn(col, ProblemKind::PaidToUnknown, t);
            }
            who
        });
        let insurer = r
            .merged(col(Insurer))
            .and_then(|(_, c)| table::text(c))
            .map(|t| canonical_insurer(&t, policy))
            .or_else(|| default_insurer.map(str::to_string));
        out.problems.extend(r.into_problems());
        let [declared, reimbursed, deductible, co_payment, paid_out] = amounts;
        out.rows.push(SpecLine {
            source: row.source.clone(),
            invoice_number,
            declaration_number,
            insurer,
            client,
            care_date,
            declared,
            reimbursed,
            deductible,
            co_payment,
            paid_out,
            paid_to,
            payment_date,
        });
    }
}

fn amount_label(f: Field) -> Named {
    match f {
        Declared => Named::Declared,
        Reimbursed => Named::Reimbursed,
        Deductible => Named::Deductible,
        CoPayment => Named::CoPayment,
        _ => Named::PaidOut,
    }
}

/// To whom a `paid_to` text says the money went.
fn paid_to(text: &str) -> Option<PaidTo> {
    let f = format!(" {} ", fold(text));
    let any = |words: &[&str]| words.iter().any(|w| f.contains(w));
    if any(&[
        "zorgaanbieder",
        "aanbieder",
        "provider",
        "zorgverlener",
        "instelling",
    ]) {
        Some(PaidTo::Provider)
    } else if any(&["verzekerde", " client", "insured", " patient", " klant"]) {
        Some(PaidTo::Insured)
    } else {
        None
    }
}

/// The configured spelling of an insurer named in a column, when the
/// configuration knows it; else the text as written.
fn canonical_insurer(text: &str, policy: &Policy) -> String {
    let f = fold(text);
    policy
        .insurers
        .keys()
        .chain(policy.per_insurer.keys())
        .find(|k| fold(k) == f)
        .cloned()
        .unwrap_or_else(|| text.trim().to_string())
}

/// The file name without folders and extension.
fn file_stem(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => name.get(..i).unwrap_or(name).to_string(),
        _ => name.to_string(),
    }
}

/// The insurer a sheet or file name mentions: the configured insurers
/// first, then the built-in list; the longest name found wins. A name
/// matches as whole words (`CZ` in `cz-2026`, not in `czech`); a name of
/// six letters or more also matches with the spaces left out
/// (`zilverenkruis`).
fn insurer_in_name(name: &str, policy: &Policy) -> Option<String> {
    let hay = format!(" {} ", fold(name));
    let compact: String = hay.chars().filter(|c| *c != ' ').collect();
    let hit = |needle: &str| -> Option<usize> {
        let n = fold(needle);
        if n.is_empty() {
            return None;
        }
        let n_compact: String = n.chars().filter(|c| *c != ' ').collect();
        (hay.contains(&format!(" {n} ")) || (n_compact.len() >= 6 && compact.contains(&n_compact)))
            .then_some(n.len())
    };
    let configured = policy
        .insurers
        .keys()
        .chain(policy.per_insurer.keys())
        .filter_map(|k| hit(k).map(|len| (len, k.clone())))
        .max_by_key(|(len, _)| *len);
    if let Some((_, k)) = configured {
        return Some(k);
    }
    KNOWN_INSURERS
        .iter()
        .filter_map(|(canon, names)| {
            names
                .iter()
                .filter_map(|n| hit(n))
                .max()
                .map(|len| (len, *canon))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, canon)| canon.to_string())
}

/// What makes two lines the same line: numbers (compared as invoice keys),
/// insurer (folded), care date and every amount.
type LineKey = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    [Option<Money>; 5],
);

fn line_key(l: &SpecLine) -> LineKey {
    (
        l.invoice_number.as_deref().map(invoice_key),
        l.declaration_number.as_deref().map(invoice_key),
        l.insurer.as_deref().map(fold),
        l.care_date,
        [
            l.declared,
            l.reimbursed,
            l.deductible,
            l.co_payment,
            l.paid_out,
        ],
    )
}

/// Drops lines delivered twice (the same line in two files), keeping the
/// first in path order and warning about the copy.
///
/// Lines are compared on invoice number, declaration number, insurer, care
/// date and amounts. Identical lines within one file are all kept (a
/// client may be treated twice on a day for the same amount); a later file
/// repeats them only as often as an earlier file has them, so an
/// overlapping export that adds one more such line keeps that one.
pub fn deduplicate(lines: &mut Vec<SpecLine>, problems: &mut Vec<Problem>) {
    // Per key: how often each file holds it so far.
    let mut seen: HashMap<LineKey, Vec<(Arc<str>, usize)>> = HashMap::new();
    let mut keep = Vec::with_capacity(lines.len());
    for line in std::mem::take(lines) {
        let key = line_key(&line);
        let files = seen.entry(key).or_default();
        let path = line.source.path.clone();
        let here = match files.iter_mut().find(|(p, _)| *p == path) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                files.push((path.clone(), 1));
                1
            }
        };
        let earlier = files
            .iter()
            .filter(|(p, _)| *p < path)
            .max_by_key(|(_, n)| *n);
        match earlier {
            Some((first, n)) if here <= *n => {
                problems.push(Problem::warning(
                    line.source.clone(),
                    ProblemKind::SpecDuplicate {
                        first: first.to_string(),
                    },
                    line.invoice_number
                        .clone()
                        .or_else(|| line.declaration_number.clone())
                        .unwrap_or_default(),
                ));
            }
            _ => keep.push(line),
        }
    }
    *lines = keep;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Severity;

    fn policy() -> Policy {
        Policy::from_toml("[insurers]\n\"Zilveren Kruis\" = []\n\"Achmea Zorg\" = []\n").unwrap()
    }

    fn read_csv(name: &str, text: &str) -> FileRead<SpecLine> {
        read(&Arc::from(name), text.as_bytes(), &policy())
    }

    fn c(cents: i64) -> Option<Money> {
        Some(Money::from_cents(cents))
    }

    #[test]
    fn reads_a_statement_with_insurer_columns_of_formats_md() {
        let r = read_csv(
            "specs/zk-2026.csv",
            "Declaratieoverzicht\n\
             Behandeldatum;Uw factuurnr;Decl. Nr.;Gedeclareerd bedrag;Vergoed (basisverzekering);Eigen risico;Eigen bijdrage;Niet vergoed;Uitbetaald;Uitbetaald aan;Verrekend met declaratienr\n\
             01-03-2026;F-1;D100;1.000,00;700,00;385,00;;300,00;315,00;Verzekerde;D99\n\
             Totaal;;;1.000,00;700,00;385,00;;300,00;315,00;;\n",
        );
        assert_eq!(r.problems, vec![]);
        assert_eq!((r.rows_read, r.rows_rejected), (1, 0));
        let l = &r.rows[0];
        assert_eq!(l.invoice_number.as_deref(), Some("F-1"));
        assert_eq!(l.declaration_number.as_deref(), Some("D100"), "not D99");
        assert_eq!(l.insurer.as_deref(), Some("Zilveren Kruis"));
        assert_eq!(l.care_date, NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(l.declared, c(100000));
        assert_eq!(l.reimbursed, c(70000));
        assert_eq!(l.deductible, c(38500));
        assert_eq!(l.co_payment, c(0), "empty cell in a present column");
        assert_eq!(l.paid_out, c(31500));
        assert_eq!(l.paid_to, Some(PaidTo::Insured));
        assert_eq!(l.source.to_string(), "specs/zk-2026.csv:3");
    }

    #[test]
    fn provider_payment_specification() {
        let r = read_csv(
            "specs/betaalspec.csv",
            "Decl. Nr.,Uw factuurnr,Bedrag te betalen,Verrekend met declaratienr,Bedrag verrekening,Opmerking,Zorgverzekeraar\n\
             3805219728,F2,250.00,,,,menzis\n\
             3805219729,,,,,,\n\
             ,,10.00,,,,\n",
        );
        assert_eq!((r.rows_read, r.rows_rejected), (2, 1));
        let l = &r.rows[0];
        assert_eq!(l.declaration_number.as_deref(), Some("3805219728"));
        assert_eq!(l.paid_out, c(25000));
        assert_eq!(l.reimbursed, None, "absent column");
        assert_eq!(l.insurer.as_deref(), Some("menzis"));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].source.to_string(), "specs/betaalspec.csv:4");
        assert_eq!(r.problems[0].severity, Severity::Error);
    }

    #[test]
    fn a_sheet_without_reimbursed_or_paid_out_is_an_error() {
        let r = read_csv("specs/a.csv", "Factuurnummer;Gedeclareerd\nF1;10\n");
        assert!(r.rows.is_empty());
        assert_eq!(r.problems.len(), 1);
        assert_eq!(
            r.problems[0].kind,
            ProblemKind::NoSpecAmountColumn { sheet: None }
        );
    }

    #[test]
    fn insurer_from_names() {
        let p = policy();
        assert_eq!(
            insurer_in_name("ZilverenKruis maart", &p).as_deref(),
            Some("Zilveren Kruis")
        );
        assert_eq!(
            insurer_in_name("spec achmea zorg", &p).as_deref(),
            Some("Achmea Zorg")
        );
        assert_eq!(insurer_in_name("cz-2026-03", &p).as_deref(), Some("CZ"));
        assert_eq!(insurer_in_name("czech", &p), None);
        assert_eq!(
            insurer_in_name("Zorg en Zekerheid Q1", &p).as_deref(),
            Some("Zorg en Zekerheid")
        );
        assert_eq!(insurer_in_name("Blad1", &p), None);
        assert_eq!(file_stem("specs/sub/VGZ april.xlsx"), "VGZ april");
    }

    #[test]
    fn paid_to_words() {
        assert_eq!(paid_to("Verzekerde"), Some(PaidTo::Insured));
        assert_eq!(paid_to("cliënt"), Some(PaidTo::Insured));
        assert_eq!(paid_to("Zorgaanbieder"), Some(PaidTo::Provider));
        assert_eq!(paid_to("zorgverlener"), Some(PaidTo::Provider));
        assert_eq!(paid_to("?"), None);
    }

    #[test]
    fn ambiguous_amount_rejects_the_line_at_its_cell() {
        let r = read_csv(
            "specs/v.csv",
            "Factuurnummer;Vergoed;Uitbetaald\nF1;1.234;1.234\nF2;12,50;\n",
        );
        assert_eq!((r.rows_read, r.rows_rejected), (2, 1));
        assert_eq!(r.problems.len(), 2, "one per bad cell");
        assert_eq!(r.rows[0].paid_out, c(0));
    }

    fn line(path: &str, n: u64, inv: &str) -> SpecLine {
        SpecLine {
            source: Source::line(&Arc::from(path), n),
            invoice_number: Some(inv.into()),
            declaration_number: None,
            insurer: Some("VGZ".into()),
            client: None,
            care_date: None,
            declared: None,
            reimbursed: c(100),
            deductible: None,
            co_payment: None,
            paid_out: None,
            paid_to: None,
            payment_date: None,
        }
    }

    #[test]
    fn deduplicates_across_files_only() {
        let mut lines = vec![
            line("specs/a.csv", 2, "F1"),
            line("specs/a.csv", 3, "F1"),
            line("specs/a.csv", 4, "F2"),
            line("specs/b.csv", 2, "f-1"),
            line("specs/b.csv", 3, "F1"),
            line("specs/b.csv", 4, "F1"),
            line("specs/b.csv", 5, "F3"),
        ];
        let mut problems = Vec::new();
        deduplicate(&mut lines, &mut problems);
        let kept: Vec<String> = lines.iter().map(|l| l.source.to_string()).collect();
        assert_eq!(
            kept,
            vec![
                "specs/a.csv:2",
                "specs/a.csv:3",
                "specs/a.csv:4",
                "specs/b.csv:4",
                "specs/b.csv:5"
            ]
        );
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].source.to_string(), "specs/b.csv:2");
        assert_eq!(
            problems[0].kind,
            ProblemKind::SpecDuplicate {
                first: "specs/a.csv".into()
            }
        );
    }
}
