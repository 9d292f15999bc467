//! Reading time per MB of pathological files beside ordinary ones of the
//! same size: every reader must be linear in its file's size, whatever the
//! file holds.
//!
//! ```text
//! cargo run --release --example pathological -- 1 4      # sizes in MB
//! cargo run --release --example pathological -- 1 2 camt  # only shapes named so
//! ```
//!
//! For each size it builds, in memory, an ordinary file of every reader
//! (ING CSV, CAMT.053, MT940, ABN AMRO TAB, a register as CSV, HTML and
//! Excel 2003 XML, a billing agent's statement as CSV and Excel 2003 XML)
//! and the shapes an attacker or a broken export produces
//! (nesting hundreds of thousands deep, one line of megabytes, a field of
//! megabytes, a hundred thousand columns, many tiny entries, an MT940
//! `:86:` of thousands of lines, a statement of tiny or very wide rows,
//! one huge cell, thousands of title rows or worksheets), reads each with
//! the job's reader (`ingest::bank::read`, `ingest::register::read`,
//! `ingest::agents::read`), and prints seconds per
//! MB and the ratio to the ordinary file of the same reader. A reader is
//! linear when its seconds per MB stay flat as the size grows; a shape
//! beyond a limit is refused, which shows as a problem and a short time.
//! See `benches/README.md`.

use std::sync::Arc;
use std::time::Instant;

use zorgrecon::ingest::{FileRead, agents, bank, register};

/// Which reader a shape is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bank,
    Register,
    Agents,
}

/// A shape: its name, the reader, the name of the ordinary shape it is
/// compared with, and how to build `n` bytes of it.
struct Shape {
    name: &'static str,
    kind: Kind,
    baseline: &'static str,
    build: fn(usize) -> String,
}

const ING_HEADER: &str = "\"Datum\";\"Naam / Omschrijving\";\"Rekening\";\"Tegenrekening\";\"Code\";\"Af Bij\";\"Bedrag (EUR)\";\"Mutatiesoort\";\"Mededelingen\";\"Saldo na mutatie\";\"Tag\"\n";

fn ing_line(i: usize, mededelingen: &str) -> String {
    format!(
        "\"20261001\";\"J. Jansen\";\"NL20INGB0001234567\";\"NL71INGB0005007919\";\"OV\";\"Bij\";\"{},{:02}\";\"Overschrijving\";\"{mededelingen}\";\"100,00\";\"\"\n",
        i % 1000,
        i % 100
    )
}

fn ing_ordinary(n: usize) -> String {
    let mut s = String::from(ING_HEADER);
    let mut i = 0;
    while s.len() < n {
        s.push_str(&ing_line(
            i,
            &format!("Naam: J. Jansen Omschrijving: factuur 2026-{i:04} IBAN: NL71INGB0005007919"),
        ));
        i += 1;
    }
    s
}

/// One data line whose description is the whole file.
fn ing_long_line(n: usize) -> String {
    let words = "factuur 2026-0101 zorg ".repeat(n / 23 + 1);
    let mut s = String::from(ING_HEADER);
    s.push_str(&ing_line(1, &words[..n.min(words.len())]));
    s
}

/// One data line of a hundred thousand and more tiny columns.
fn ing_many_columns(n: usize) -> String {
    let mut s = String::from(ING_HEADER);
    let line = ing_line(1, "x");
    s.push_str(line.trim_end());
    while s.len() < n {
        s.push_str(";\"x\"");
    }
    s.push('\n');
    s
}

/// Many lines with nothing in them but separators.
fn ing_tiny_lines(n: usize) -> String {
    let mut s = String::from(ING_HEADER);
    while s.len() < n {
        s.push_str(";;\n");
    }
    s
}

const CAMT_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId><CreDtTm>2026-10-01T00:00:00</CreDtTm></GrpHdr><Stmt><Id>1</Id><CreDtTm>2026-10-01T00:00:00</CreDtTm><Acct><Id><IBAN>NL20INGB0001234567</IBAN></Id></Acct>\n";
const CAMT_TAIL: &str = "</Stmt></BkToCstmrStmt></Document>\n";

fn camt_entry(i: usize, ustrd: &str) -> String {
    format!(
        "<Ntry><Amt Ccy=\"EUR\">{}.{:02}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-01</Dt></BookgDt><ValDt><Dt>2026-10-01</Dt></ValDt><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>J. Jansen</Nm></Dbtr><DbtrAcct><Id><IBAN>NL71INGB0005007919</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>{ustrd}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n",
        i % 1000 + 1,
        i % 100
    )
}

fn camt_ordinary(n: usize) -> String {
    let mut s = String::from(CAMT_HEAD);
    let mut i = 0;
    while s.len() + CAMT_TAIL.len() < n {
        s.push_str(&camt_entry(i, &format!("factuur 2026-{i:04}")));
        i += 1;
    }
    s.push_str(CAMT_TAIL);
    s
}

/// Elements nested as deep as the file is long (a shape that once took 55 s).
fn camt_deep(n: usize) -> String {
    let depth = n.saturating_sub(CAMT_HEAD.len() + CAMT_TAIL.len()) / 7;
    let mut s = String::from(CAMT_HEAD);
    s.push_str(&"<a>".repeat(depth));
    s.push_str(&"</a>".repeat(depth));
    s.push_str(CAMT_TAIL);
    s
}

/// One entry whose remittance text is the whole file.
fn camt_huge_text(n: usize) -> String {
    let text = "factuur 2026-0101 ".repeat(n / 18 + 1);
    let mut s = String::from(CAMT_HEAD);
    s.push_str(&camt_entry(1, &text[..n.min(text.len())]));
    s.push_str(CAMT_TAIL);
    s
}

/// Entries of a few bytes each (no amount: each one a problem).
fn camt_tiny_entries(n: usize) -> String {
    let mut s = String::from(CAMT_HEAD);
    while s.len() + CAMT_TAIL.len() < n {
        s.push_str("<Ntry/>");
    }
    s.push_str(CAMT_TAIL);
    s
}

const MT940_HEAD: &str = ":20:940S261001\n:25:NL20INGB0001234567\n:28C:1\n:60F:C261001EUR1000,00\n";

fn mt940_ordinary(n: usize) -> String {
    let mut s = String::from(MT940_HEAD);
    let mut i = 0;
    while s.len() < n {
        s.push_str(&format!(
            ":61:2610011001C{},{:02}NTRFNONREF\n:86:/CNTP/NL71INGB0005007919/INGBNL2A/J. Jansen///REMI/USTD//factuur 2026-{i:04}/\n",
            i % 1000 + 1,
            i % 100
        ));
        i += 1;
    }
    s.push_str(":62F:C261031EUR1000,00\n");
    s
}

/// One `:86:` of thousands of 65-character continuation lines.
fn mt940_huge_86(n: usize) -> String {
    let mut s = String::from(MT940_HEAD);
    s.push_str(":61:2610011001C1,00NTRFNONREF\n:86:/REMI/USTD//");
    let line = "factuur 2026-0101 zorg oktober factuur 2026-0102 zorg oktober 123\n";
    while s.len() < n {
        s.push_str(line);
    }
    s.push_str(":62F:C261031EUR1001,00\n");
    s
}

/// One `:86:` line as long as the file.
fn mt940_long_line(n: usize) -> String {
    let mut s = String::from(MT940_HEAD);
    s.push_str(":61:2610011001C1,00NTRFNONREF\n:86:/REMI/USTD//");
    let words = "factuur 2026-0101 ".repeat(n / 18 + 1);
    s.push_str(&words[..n.min(words.len())]);
    s.push_str("\n:62F:C261031EUR1001,00\n");
    s
}

/// Many `:61:` lines of a few bytes.
fn mt940_tiny_entries(n: usize) -> String {
    let mut s = String::from(MT940_HEAD);
    while s.len() < n {
        s.push_str(":61:\n");
    }
    s
}

fn tab_line(i: usize, description: &str) -> String {
    format!(
        "123456789\tEUR\t20261001\t1000,00\t1001,00\t20261001\t{},{:02}\t{description}\n",
        i % 1000 + 1,
        i % 100
    )
}

fn tab_ordinary(n: usize) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < n {
        s.push_str(&tab_line(
            i,
            &format!("/TRTP/SEPA OVERBOEKING/IBAN/NL71INGB0005007919/BIC/INGBNL2A/NAME/J. Jansen/REMI/factuur 2026-{i:04}/EREF/NOTPROVIDED"),
        ));
        i += 1;
    }
    s
}

/// One line whose fixed-width description is the whole file.
fn tab_huge_description(n: usize) -> String {
    let cell = "factuur 2026-0101 oktober zorg  ";
    let mut d = String::from("SEPA Overboeking                ");
    while d.len() < n {
        d.push_str(cell);
    }
    tab_line(1, &d)
}

const REGISTER_HEADER: [&str; 5] = [
    "Factuurnummer",
    "Clientnummer",
    "Naam",
    "Bedrag",
    "Factuurdatum",
];

fn register_row(i: usize) -> [String; 5] {
    [
        format!("F-2026-{i:06}"),
        format!("{}", 1000 + i % 500),
        "J. de Vries".to_string(),
        format!("{},{:02}", i % 1000 + 1, i % 100),
        "01-10-2026".to_string(),
    ]
}

fn register_csv(n: usize) -> String {
    let mut s = REGISTER_HEADER.join(";") + "\n";
    let mut i = 0;
    while s.len() < n {
        s.push_str(&register_row(i).join(";"));
        s.push('\n');
        i += 1;
    }
    s
}

/// A header row of a hundred thousand and more columns (within the 1 MiB
/// first-line limit), then ordinary rows.
fn register_many_columns(n: usize) -> String {
    let mut s = REGISTER_HEADER.join(";");
    while s.len() < (n / 2).min(1 << 20) - 8 {
        s.push_str(";kolom");
    }
    s.push('\n');
    let mut i = 0;
    while s.len() < n {
        s.push_str(&register_row(i).join(";"));
        s.push('\n');
        i += 1;
    }
    s
}

/// One row whose name is the whole file.
fn register_huge_field(n: usize) -> String {
    let mut s = REGISTER_HEADER.join(";") + "\n";
    let mut row = register_row(1);
    row[2] = "de Vries ".repeat(n / 9 + 1);
    s.push_str(&row.join(";"));
    s.push('\n');
    s
}

fn html_ordinary(n: usize) -> String {
    let mut s = String::from("<html><body><table>\n<tr>");
    for h in REGISTER_HEADER {
        s.push_str(&format!("<th>{h}</th>"));
    }
    s.push_str("</tr>\n");
    let mut i = 0;
    while s.len() < n {
        s.push_str("<tr>");
        for f in register_row(i) {
            s.push_str(&format!("<td>{f}</td>"));
        }
        s.push_str("</tr>\n");
        i += 1;
    }
    s.push_str("</table></body></html>\n");
    s
}

/// Tables nested as deep as the file is long.
fn html_deep_tables(n: usize) -> String {
    "<table><tr><td>".repeat(n / 15 + 1)
}

/// Inline markup nested as deep as the file is long, inside one cell.
fn html_deep_markup(n: usize) -> String {
    let mut s = html_ordinary(1000);
    s.truncate(s.len() - "</table></body></html>\n".len());
    s.push_str("<tr><td>F-1</td><td>");
    s.push_str(&"<span><b>".repeat(n / 9 + 1));
    s
}

/// Cells of a few bytes each, all in one row.
fn html_tiny_cells(n: usize) -> String {
    let mut s = html_ordinary(1000);
    s.push_str("<table><tr>");
    while s.len() < n {
        s.push_str("<td>");
    }
    s
}

const XML_HEAD: &str = "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet ss:Name=\"Facturen\"><Table>\n";
const XML_TAIL: &str = "</Table></Worksheet></Workbook>\n";

fn xml_row(cells: &[String]) -> String {
    let mut s = String::from("<Row>");
    for c in cells {
        let kind = if c.bytes().all(|b| b.is_ascii_digit()) {
            "Number"
        } else {
            "String"
        };
        s.push_str(&format!("<Cell><Data ss:Type=\"{kind}\">{c}</Data></Cell>"));
    }
    s.push_str("</Row>\n");
    s
}

fn xml_ordinary(n: usize) -> String {
    let mut s = String::from(XML_HEAD);
    s.push_str(&xml_row(&REGISTER_HEADER.map(String::from)));
    let mut i = 0;
    while s.len() + XML_TAIL.len() < n {
        s.push_str(&xml_row(&register_row(i)));
        i += 1;
    }
    s.push_str(XML_TAIL);
    s
}

/// Formatting nested as deep as the file is long, inside one cell.
fn xml_deep(n: usize) -> String {
    let mut s = String::from(XML_HEAD);
    s.push_str("<Row><Cell><Data ss:Type=\"String\">");
    s.push_str(&"<B>".repeat(n / 3 + 1));
    s
}

// A billing agent's statement: title rows, the header, receipts
// and a fee line per batch, a totals row.

const AGENT_TITLE: &str = "Infomedics B.V.;;;;;;\nUitbetalingsspecificatie;;;;;;\n;;;;;;\n";
const AGENT_HEADER: &str =
    "Nota;Betalingskenmerk;Debiteur;Ontvangstdatum;Ontvangen;Kosten;Uitbetaling\n";

fn agent_row(i: usize) -> String {
    format!(
        "2026-{:06};;Jansen, A.;{:02}-10-2026;{},{:02};1,50;UB-2026-{}\n",
        i,
        i % 28 + 1,
        i % 1000 + 1,
        i % 100,
        40 + i / 1000
    )
}

fn agent_csv(n: usize) -> String {
    let mut s = String::from(AGENT_TITLE);
    s.push_str(AGENT_HEADER);
    let mut i = 0;
    while s.len() < n {
        s.push_str(&agent_row(i));
        if i % 1000 == 999 {
            s.push_str(";;Verwerkingskosten;;;4,50;\n");
        }
        i += 1;
    }
    s.push_str("Totaal;;;;;;\n");
    s
}

/// Rows of a few bytes each: an invoice number and an amount, no date (each
/// one a problem).
fn agent_tiny_rows(n: usize) -> String {
    let mut s = String::from(AGENT_HEADER);
    while s.len() < n {
        s.push_str("F;;;;1;;\n");
    }
    s
}

/// Every row 5,000 columns wide (under the 16,384-column limit).
fn agent_wide_rows(n: usize) -> String {
    let mut s = String::from(AGENT_HEADER);
    let pad = ";".repeat(5_000);
    let mut i = 0;
    while s.len() < n {
        let row = agent_row(i);
        s.push_str(row.trim_end());
        s.push_str(&pad);
        s.push('\n');
        i += 1;
    }
    s
}

/// One data row of a hundred thousand and more tiny columns.
fn agent_many_columns(n: usize) -> String {
    let mut s = String::from(AGENT_HEADER);
    s.push_str(agent_row(1).trim_end());
    while s.len() < n {
        s.push_str(";x");
    }
    s.push('\n');
    s
}

/// One receipt whose client name is the whole file.
fn agent_huge_cell(n: usize) -> String {
    let mut s = String::from(AGENT_TITLE);
    s.push_str(AGENT_HEADER);
    s.push_str("2026-000001;;");
    s.push_str(&"de Vries ".repeat(n / 9 + 1));
    s.push_str(";01-10-2026;12,50;0;UB-1\n");
    s
}

/// Title rows all the way down, the header and one receipt at the end.
fn agent_title_rows(n: usize) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() + AGENT_HEADER.len() + 64 < n {
        s.push_str(&format!("Uitbetalingsspecificatie blad {i};;;;;;\n"));
        i += 1;
    }
    s.push_str(AGENT_HEADER);
    s.push_str(&agent_row(1));
    s
}

const AGENT_XML_COLUMNS: [&str; 6] = [
    "Factuurnummer",
    "Cliënt",
    "Datum ontvangst",
    "Ontvangen bedrag",
    "Provisie",
    "Batch",
];

fn agent_xml_row(i: usize) -> [String; 6] {
    [
        format!("2026-{i:06}"),
        "J. de Vries".to_string(),
        format!("{:02}-10-2026", i % 28 + 1),
        format!("{},{:02}", i % 1000 + 1, i % 100),
        "1,95".to_string(),
        format!("{}", 40 + i / 1000),
    ]
}

fn agent_xml_sheet(name: &str, rows: impl Iterator<Item = usize>) -> String {
    let mut s = format!("<Worksheet ss:Name=\"{name}\"><Table>\n");
    s.push_str(&xml_row(&AGENT_XML_COLUMNS.map(String::from)));
    for i in rows {
        s.push_str(&xml_row(&agent_xml_row(i)));
    }
    s.push_str("</Table></Worksheet>\n");
    s
}

const AGENT_XML_HEAD: &str = "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n";

/// An Excel 2003 XML statement: one sheet per week of a thousand receipts.
fn agent_xml(n: usize) -> String {
    let mut s = String::from(AGENT_XML_HEAD);
    let mut week = 0;
    while s.len() < n {
        s.push_str(&agent_xml_sheet(
            &format!("Week {week}"),
            week * 1000..(week + 1) * 1000,
        ));
        week += 1;
    }
    s.push_str("</Workbook>\n");
    s
}

/// Worksheets of one receipt each, as many as fit (the reader refuses
/// more than 10,000).
fn agent_xml_many_sheets(n: usize) -> String {
    let mut s = String::from(AGENT_XML_HEAD);
    let mut k = 0;
    while s.len() < n {
        s.push_str(&agent_xml_sheet(&format!("B{k}"), k..k + 1));
        k += 1;
    }
    s.push_str("</Workbook>\n");
    s
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "ing csv",
        kind: Kind::Bank,
        baseline: "ing csv",
        build: ing_ordinary,
    },
    Shape {
        name: "ing: one line of the whole file",
        kind: Kind::Bank,
        baseline: "ing csv",
        build: ing_long_line,
    },
    Shape {
        name: "ing: 100k+ columns",
        kind: Kind::Bank,
        baseline: "ing csv",
        build: ing_many_columns,
    },
    Shape {
        name: "ing: tiny lines",
        kind: Kind::Bank,
        baseline: "ing csv",
        build: ing_tiny_lines,
    },
    Shape {
        name: "camt053",
        kind: Kind::Bank,
        baseline: "camt053",
        build: camt_ordinary,
    },
    Shape {
        name: "camt053: nested deep",
        kind: Kind::Bank,
        baseline: "camt053",
        build: camt_deep,
    },
    Shape {
        name: "camt053: one huge text",
        kind: Kind::Bank,
        baseline: "camt053",
        build: camt_huge_text,
    },
    Shape {
        name: "camt053: tiny entries",
        kind: Kind::Bank,
        baseline: "camt053",
        build: camt_tiny_entries,
    },
    Shape {
        name: "mt940",
        kind: Kind::Bank,
        baseline: "mt940",
        build: mt940_ordinary,
    },
    Shape {
        name: "mt940: :86: of many lines",
        kind: Kind::Bank,
        baseline: "mt940",
        build: mt940_huge_86,
    },
    Shape {
        name: "mt940: one long :86: line",
        kind: Kind::Bank,
        baseline: "mt940",
        build: mt940_long_line,
    },
    Shape {
        name: "mt940: tiny entries",
        kind: Kind::Bank,
        baseline: "mt940",
        build: mt940_tiny_entries,
    },
    Shape {
        name: "abnamro tab",
        kind: Kind::Bank,
        baseline: "abnamro tab",
        build: tab_ordinary,
    },
    Shape {
        name: "abnamro tab: huge description",
        kind: Kind::Bank,
        baseline: "abnamro tab",
        build: tab_huge_description,
    },
    Shape {
        name: "register csv",
        kind: Kind::Register,
        baseline: "register csv",
        build: register_csv,
    },
    Shape {
        name: "register csv: 100k+ columns",
        kind: Kind::Register,
        baseline: "register csv",
        build: register_many_columns,
    },
    Shape {
        name: "register csv: huge field",
        kind: Kind::Register,
        baseline: "register csv",
        build: register_huge_field,
    },
    Shape {
        name: "register html",
        kind: Kind::Register,
        baseline: "register html",
        build: html_ordinary,
    },
    Shape {
        name: "html: tables nested deep",
        kind: Kind::Register,
        baseline: "register html",
        build: html_deep_tables,
    },
    Shape {
        name: "html: markup nested deep",
        kind: Kind::Register,
        baseline: "register html",
        build: html_deep_markup,
    },
    Shape {
        name: "html: tiny cells",
        kind: Kind::Register,
        baseline: "register html",
        build: html_tiny_cells,
    },
    Shape {
        name: "register spreadsheetml",
        kind: Kind::Register,
        baseline: "register spreadsheetml",
        build: xml_ordinary,
    },
    Shape {
        name: "spreadsheetml: nested deep",
        kind: Kind::Register,
        baseline: "register spreadsheetml",
        build: xml_deep,
    },
    Shape {
        name: "agent csv",
        kind: Kind::Agents,
        baseline: "agent csv",
        build: agent_csv,
    },
    Shape {
        name: "agent: tiny rows",
        kind: Kind::Agents,
        baseline: "agent csv",
        build: agent_tiny_rows,
    },
    Shape {
        name: "agent: rows of 5,000 columns",
        kind: Kind::Agents,
        baseline: "agent csv",
        build: agent_wide_rows,
    },
    Shape {
        name: "agent: 100k+ columns",
        kind: Kind::Agents,
        baseline: "agent csv",
        build: agent_many_columns,
    },
    Shape {
        name: "agent: one huge cell",
        kind: Kind::Agents,
        baseline: "agent csv",
        build: agent_huge_cell,
    },
    Shape {
        name: "agent: title rows all the way",
        kind: Kind::Agents,
        baseline: "agent csv",
        build: agent_title_rows,
    },
    Shape {
        name: "agent spreadsheetml",
        kind: Kind::Agents,
        baseline: "agent spreadsheetml",
        build: agent_xml,
    },
    Shape {
        name: "agent: spreadsheetml many sheets",
        kind: Kind::Agents,
        baseline: "agent spreadsheetml",
        build: agent_xml_many_sheets,
    },
];

/// Seconds to read the bytes with the shape's reader (best of two), and
/// the first problem, if any, to show what a refused file says.
fn time(kind: Kind, bytes: &[u8]) -> (f64, u64, Option<String>) {
    let path: Arc<str> = Arc::from("bench/input");
    let mut best = f64::INFINITY;
    let mut rows = 0;
    let mut problem = None;
    for _ in 0..2 {
        let start = Instant::now();
        let (n, first) = match kind {
            Kind::Bank => summary(bank::read(&path, bytes)),
            Kind::Register => summary(register::read(&path, bytes)),
            Kind::Agents => summary(agents::read(&path, bytes, "Infomedics")),
        };
        best = best.min(start.elapsed().as_secs_f64());
        rows = n;
        problem = first;
    }
    (best, rows, problem)
}

fn summary<T>(r: FileRead<T>) -> (u64, Option<String>) {
    let text = |p: &zorgrecon::problem::Problem| {
        zorgrecon::report::text::problem(&p.kind, zorgrecon::report::Lang::En)
    };
    (r.rows_read, r.problems.first().map(text))
}

fn main() {
    let sizes: Vec<f64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1.0, 4.0]
    } else {
        sizes
    };
    // Any other argument keeps only the shapes whose name contains it
    // (their ordinary files are always measured).
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a.parse::<f64>().is_err())
        .collect();
    println!(
        "{:<34} {:>6} {:>9} {:>8} {:>7} {:>9}  first problem",
        "shape", "MB", "seconds", "s/MB", "× ord.", "rows"
    );
    for mb in sizes {
        let n = (mb * 1_000_000.0) as usize;
        let mut baselines: Vec<(&str, f64)> = Vec::new();
        for shape in SHAPES {
            let wanted = only.is_empty()
                || shape.name == shape.baseline
                || only.iter().any(|o| shape.name.contains(o.as_str()));
            if !wanted {
                continue;
            }
            let text = (shape.build)(n);
            let size = text.len() as f64 / 1e6;
            let (secs, rows, problem) = time(shape.kind, text.as_bytes());
            let per_mb = secs / size.max(1e-9);
            if shape.name == shape.baseline {
                baselines.push((shape.name, per_mb));
            }
            let ratio = baselines
                .iter()
                .find(|(b, _)| *b == shape.baseline)
                .map_or(1.0, |(_, base)| per_mb / base.max(1e-12));
            let mut problem = problem.unwrap_or_default();
            problem.truncate(60);
            println!(
                "{:<34} {:>6.2} {:>9.4} {:>8.4} {:>7.1} {:>9}  {problem}",
                shape.name, size, secs, per_mb, ratio, rows
            );
        }
        println!();
    }
}
