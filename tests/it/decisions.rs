//! The accountant decides in the workbook and the next night honours it
//!, through the front door: run on a copy of the demo, fill the
//! decision and write-off columns of the report.xlsx it wrote, save that
//! into `decisions/`, run again.
//!
//! rust_xlsxwriter cannot edit a workbook, so the filled-in workbook is
//! made again from what calamine reads of the report: the same sheets and
//! headers, with rows re-ordered, columns moved and the review sheet
//! renamed, as an accountant's sort, drag and rename would leave it. Where
//! LibreOffice is installed the same workbook is also re-saved by it.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use zorgrecon::report::Lang;
use zorgrecon::run::RunOptions;

use crate::support::{
    DEMO_AS_OF, Sheets, cell_text, col, copy_tree, demo, job, office_convert, run_ok, set_cell,
    sheets, soffice, write_workbook,
};

/// The demo's suggested payment: P van den Berg's 330.00 for 2026-0121.
const SUGGESTED: &str = "P20261016-1898ddabb9a5";
/// Bank interest, unmatched.
const INTEREST: &str = "P20261030-d07ca24492d3";
/// 300.00 from a shared IBAN, unmatched.
const SHARED: &str = "P20261013-3a0eecc8b63e";
/// A coulance-eligible invoice whose write-off the accountant holds.
const HELD: &str = "2026-0101";
/// The sheet of the invoices eligible for coulance, with their write-off
/// column.
const COULANCE: &str = "Coulance mogelijk";

/// The report's sheets as the accountant leaves them: decisions filled
/// in on the review sheet, which is renamed, its rows sorted backwards
/// and its columns in reverse order; a write-off held on the status
/// sheet, whose rows are reversed too. Everything else as it was.
fn filled_in(report: &Path) -> Sheets {
    let mut all = sheets(report);
    for (name, rows) in &mut all {
        if name == "Betalingen te beoordelen" {
            let header = rows[0].clone();
            let (id, decision, amount, note) = (
                col(&header, "Betaling"),
                col(&header, "Beslissing"),
                col(&header, "Bedrag"),
                col(&header, "Toelichting bij beslissing"),
            );
            let width = header.len();
            for row in rows.iter_mut().skip(1) {
                row.resize(width, Data::Empty);
                let set = |row: &mut Vec<Data>, c: usize, v: &str| row[c] = Data::String(v.into());
                match cell_text(&row[id]).as_str() {
                    SUGGESTED => {
                        set(row, decision, "2026-0121");
                        set(row, note, "telefonisch bevestigd");
                    }
                    INTEREST => set(row, decision, "negeren"),
                    SHARED => {
                        set(row, decision, "2026-0116");
                        row[amount] = Data::Float(250.0);
                        set(row, note, "deel voor I. Maas");
                    }
                    _ => {}
                }
            }
            // Sorted the other way (the totals row ends up on top), and
            // every column dragged into reverse order.
            let header = rows.remove(0);
            rows.reverse();
            rows.insert(0, header);
            for row in rows.iter_mut() {
                row.resize(width, Data::Empty);
                row.reverse();
            }
            *name = "Nagekeken".into();
        }
        if name == "Coulance mogelijk" {
            let header = rows[0].clone();
            let (number, write_off) = (col(&header, "Factuurnummer"), col(&header, "Afboeken"));
            for row in rows.iter_mut().skip(1) {
                row.resize(header.len(), Data::Empty);
                if cell_text(&row[number]) == HELD {
                    row[write_off] = Data::String("nee: cliënt betwist de factuur".into());
                }
            }
            let header = rows.remove(0);
            rows.reverse();
            rows.insert(0, header);
        }
    }
    all
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

fn payment<'r>(rows: &'r [csv::StringRecord], id: &str) -> &'r csv::StringRecord {
    rows.iter()
        .find(|r| &r[0] == id)
        .unwrap_or_else(|| panic!("no payment {id}"))
}

/// What the second night must show after the decisions of [`filled_in`]
/// (saved as `file` in `decisions/`) and `decisions/extra.csv`.
fn assert_honoured(out: &Path, file: &str) {
    let payments = csv_rows(&out.join("payments.csv"));
    let p = payment(&payments, SUGGESTED);
    assert_eq!(
        (&p[8], &p[9], &p[10], &p[11]),
        ("allocated", "override", "2026-0121", "330.00")
    );
    assert!(p[13].contains("telefonisch bevestigd"), "{}", &p[13]);
    let p = payment(&payments, INTEREST);
    assert_eq!((&p[8], &p[9]), ("ignored", "override"));
    let p = payment(&payments, SHARED);
    assert_eq!(
        (&p[8], &p[9], &p[10], &p[11], &p[12]),
        ("allocated", "override", "2026-0116", "250.00", "50.00")
    );

    // The hold: status kept, reason says so, off every write-off list.
    let invoices = csv_rows(&out.join("invoices.csv"));
    let held = invoices.iter().find(|r| &r[0] == HELD).unwrap();
    assert_eq!(&held[13], "coulance_eligible");
    assert!(
        held[18].contains("aangehouden door de accountant"),
        "{}",
        &held[18]
    );
    assert!(
        held[18].contains("cliënt betwist de factuur"),
        "{}",
        &held[18]
    );
    for f in ["coulance.csv", "journal.csv"] {
        let text = fs::read_to_string(out.join(f)).unwrap();
        assert!(!text.contains(HELD), "{f} still writes {HELD} off");
        assert!(text.contains("2026-0103"), "{f} lost the other write-offs");
    }

    // Every decision listed, each applied, with where it came from.
    let decisions = csv_rows(&out.join("decisions.csv"));
    let listed: Vec<(String, String, String, String)> = decisions
        .iter()
        .map(|r| {
            (
                r[0].to_string(),
                r[2].to_string(),
                r[3].to_string(),
                r[7].to_string(),
            )
        })
        .collect();
    assert_eq!(decisions.len(), 4, "{listed:?}");
    assert!(decisions.iter().all(|r| &r[7] == "applied"), "{listed:?}");
    let sheet_cell = format!("decisions/{file}:Nagekeken!");
    let from_sheet = decisions
        .iter()
        .filter(|r| r[0].starts_with(&sheet_cell))
        .count();
    assert_eq!(from_sheet, 2, "{listed:?}");
    assert!(
        decisions.iter().any(
            |r| r[0].starts_with(&format!("decisions/{file}:Coulance mogelijk!")) && &r[3] == HELD
        ),
        "{listed:?}"
    );
    assert!(
        decisions
            .iter()
            .any(|r| &r[0] == "decisions/extra.csv:2" && &r[2] == SHARED),
        "{listed:?}"
    );
    let exceptions = fs::read_to_string(out.join("exceptions.csv")).unwrap();
    assert!(!exceptions.contains("decisions/"), "{exceptions}");

    // The workbook: the decided payments have left the review sheet and
    // show on the decisions sheet with rule override; the write-off list
    // no longer has the held invoice.
    let book = sheets(&out.join("report.xlsx"));
    let sheet = |name: &str| {
        &book
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no sheet {name}"))
            .1
    };
    let review: Vec<String> = sheet("Betalingen te beoordelen")
        .iter()
        .flat_map(|r| r.iter().map(cell_text))
        .collect();
    for id in [SUGGESTED, INTEREST, SHARED] {
        assert!(!review.contains(&id.to_string()), "{id} still to review");
    }
    let listed = sheet("Beslissingen");
    let rule = col(&listed[0], "Regel");
    let id = col(&listed[0], "Betaling");
    let with_rule: Vec<(String, String)> = listed[1..]
        .iter()
        .map(|r| (cell_text(&r[id]), cell_text(&r[rule])))
        .collect();
    for p in [SUGGESTED, INTEREST, SHARED] {
        assert!(
            with_rule.contains(&(p.to_string(), "correctie".to_string())),
            "{with_rule:?}"
        );
    }
    let write_offs: Vec<String> = sheet("Coulancelijst")
        .iter()
        .map(|r| cell_text(&r[0]))
        .collect();
    assert!(!write_offs.contains(&HELD.to_string()), "{write_offs:?}");
    assert!(write_offs.contains(&"2026-0103".to_string()));
}

/// A fresh copy of the demo with the filled-in workbook (as made by
/// `save`) and a CSV of decisions in `decisions/`.
fn second_night(tmp: &Path, name: &str, save: impl FnOnce(&Path)) -> PathBuf {
    let input = tmp.join(format!("input-{name}"));
    copy_tree(&demo(), &input);
    fs::create_dir_all(input.join("decisions")).unwrap();
    save(&input.join("decisions"));
    // A decision in the columns of overrides.csv, beside the workbook.
    // (The workbook also decides this payment, the same way: listed once
    // each, applied once.)
    fs::write(
        input.join("decisions/extra.csv"),
        format!(
            "payment_id,invoice_number,amount,note\n{SHARED},2026-0116,250.00,deel voor I. Maas\n"
        ),
    )
    .unwrap();
    input
}

#[test]
fn decisions_made_in_the_workbook_are_honoured_the_next_night() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("night-1");
    run_ok(&job(&demo(), &first, DEMO_AS_OF));

    // The review sheet offers the decision columns, marked, with the
    // note's candidates in the drop-down.
    let book = sheets(&first.join("report.xlsx"));
    let review = &book
        .iter()
        .find(|(n, _)| n == "Betalingen te beoordelen")
        .unwrap()
        .1;
    let header: Vec<String> = review[0].iter().map(cell_text).collect();
    // The editable columns come before the note, which is last so that a
    // long note spills over no cell the accountant types in; between them
    // where a decision pre-filled came from.
    assert_eq!(
        header[header.len() - 5..],
        [
            "Beslissing",
            "Bedrag",
            "Toelichting bij beslissing",
            "Vooraf ingevuld uit",
            "Notitie"
        ]
    );
    assert_eq!(header[4], "Bedrag betaling");
    let ids: Vec<String> = review.iter().map(|r| cell_text(&r[1])).collect();
    for id in [SUGGESTED, INTEREST, SHARED] {
        assert!(
            ids.contains(&id.to_string()),
            "{id} not on the review sheet"
        );
    }
    let xml = sheet_xml(&first.join("report.xlsx"));
    assert!(
        xml.contains("<formula1>\"2026-0121,negeren\"</formula1>"),
        "no drop-down with the suggested invoice"
    );
    assert!(
        xml.contains("<formula1>\"nee\"</formula1>"),
        "no write-off drop-down"
    );
    assert!(
        !xml.contains("showErrorMessage=\"1\""),
        "typed invoice numbers must be accepted"
    );

    let input = second_night(tmp.path(), "xlsx", |dir| {
        write_workbook(
            &dir.join("beoordeeld.xlsx"),
            &filled_in(&first.join("report.xlsx")),
        );
    });
    let second = tmp.path().join("night-2");
    run_ok(&job(&input, &second, DEMO_AS_OF));
    // The workbook and the CSV both decide SHARED the same way.
    let decisions = csv_rows(&second.join("decisions.csv"));
    assert_eq!(decisions.len(), 5, "{decisions:?}");
    let shared: Vec<&str> = decisions
        .iter()
        .filter(|r| &r[2] == SHARED)
        .map(|r| r.get(7).unwrap())
        .collect();
    assert_eq!(shared, ["applied", "same_as_other"]);
    // Without the CSV, the workbook's decision alone.
    let alone = tmp.path().join("input-xlsx-only");
    copy_tree(&input, &alone);
    fs::remove_file(alone.join("decisions/extra.csv")).unwrap();
    let night = tmp.path().join("night-2b");
    run_ok(&job(&alone, &night, DEMO_AS_OF));
    let payments = csv_rows(&night.join("payments.csv"));
    assert_eq!(&payment(&payments, SHARED)[9], "override");
    assert_eq!(csv_rows(&night.join("decisions.csv")).len(), 4);

    // The second night's own workbook, saved into decisions/ as it is,
    // decides nothing again: its decisions sheet is a listing.
    let again = tmp.path().join("input-again");
    copy_tree(&input, &again);
    fs::copy(
        second.join("report.xlsx"),
        again.join("decisions/night-2.xlsx"),
    )
    .unwrap();
    let third = tmp.path().join("night-3");
    run_ok(&job(&again, &third, DEMO_AS_OF));
    assert_eq!(
        fs::read(second.join("payments.csv")).unwrap(),
        fs::read(third.join("payments.csv")).unwrap()
    );
}

/// As [`filled_in`], but the workbook leaves SHARED to
/// `decisions/extra.csv`: its decision, amount and note are emptied.
fn filled_in_but_shared(report: &Path) -> Sheets {
    let mut book = filled_in(report);
    for (name, rows) in &mut book {
        if name == "Nagekeken" {
            let header = rows[0].clone();
            let (id, decision, amount, note) = (
                col(&header, "Betaling"),
                col(&header, "Beslissing"),
                col(&header, "Bedrag"),
                col(&header, "Toelichting bij beslissing"),
            );
            for row in rows.iter_mut().filter(|r| cell_text(&r[id]) == SHARED) {
                for c in [decision, amount, note] {
                    row[c] = Data::Empty;
                }
            }
        }
    }
    book
}

#[test]
fn a_workbook_and_a_csv_deciding_apart_are_both_honoured() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("night-1");
    run_ok(&job(&demo(), &first, DEMO_AS_OF));
    let book = filled_in_but_shared(&first.join("report.xlsx"));
    let input = second_night(tmp.path(), "apart", |dir| {
        write_workbook(&dir.join("beoordeeld.xlsx"), &book);
    });
    let second = tmp.path().join("night-2");
    run_ok(&job(&input, &second, DEMO_AS_OF));
    assert_honoured(&second, "beoordeeld.xlsx");
}

/// The same round trip with the filled-in workbook re-saved by
/// LibreOffice (`soffice --headless --convert-to xlsx`). Runs where
/// soffice is installed; elsewhere it says it was skipped.
#[test]
fn a_workbook_re_saved_by_libreoffice_is_honoured() {
    let Some(soffice) = soffice() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("night-1");
    run_ok(&job(&demo(), &first, DEMO_AS_OF));
    let book = filled_in_but_shared(&first.join("report.xlsx"));
    let made = tmp.path().join("made");
    fs::create_dir_all(&made).unwrap();
    write_workbook(&made.join("beoordeeld.xlsx"), &book);
    let input = second_night(tmp.path(), "lo", |dir| {
        let o = office_convert(
            soffice,
            &tmp.path().join("lo-profile"),
            None,
            "xlsx",
            dir,
            &[&made.join("beoordeeld.xlsx")],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    });
    assert!(input.join("decisions/beoordeeld.xlsx").is_file());
    let second = tmp.path().join("night-2");
    run_ok(&job(&input, &second, DEMO_AS_OF));
    assert_honoured(&second, "beoordeeld.xlsx");
}

/// The worksheets' XML of a workbook, joined: data validations are not
/// something calamine reads.
fn sheet_xml(path: &Path) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().is_ok_and(|n| n.starts_with("xl/worksheets/sheet")) {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn english_headers_read_back_too() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("night-1");
    run_ok(&RunOptions {
        lang: Lang::En,
        ..job(&demo(), &first, DEMO_AS_OF)
    });
    let mut book = sheets(&first.join("report.xlsx"));
    for (name, rows) in &mut book {
        if name == "Payments to review" {
            let header = rows[0].clone();
            let (id, decision) = (col(&header, "Payment id"), col(&header, "Decision"));
            for row in rows.iter_mut().skip(1) {
                row.resize(header.len(), Data::Empty);
                if cell_text(&row[id]) == INTEREST {
                    row[decision] = Data::String("ignore".into());
                }
            }
        }
        if name == "Coulance eligible" {
            let header = rows[0].clone();
            let (number, write_off) = (col(&header, "Invoice number"), col(&header, "Write off"));
            for row in rows.iter_mut().skip(1) {
                row.resize(header.len(), Data::Empty);
                if cell_text(&row[number]) == HELD {
                    row[write_off] = Data::String("No".into());
                }
            }
        }
    }
    let input = tmp.path().join("input");
    copy_tree(&demo(), &input);
    fs::create_dir_all(input.join("decisions")).unwrap();
    write_workbook(&input.join("decisions/reviewed.xlsx"), &book);
    let second = tmp.path().join("night-2");
    run_ok(&RunOptions {
        lang: Lang::En,
        ..job(&input, &second, DEMO_AS_OF)
    });
    let payments = csv_rows(&second.join("payments.csv"));
    assert_eq!(&payment(&payments, INTEREST)[9], "override");
    assert!(
        !fs::read_to_string(second.join("coulance.csv"))
            .unwrap()
            .contains(HELD)
    );
    let decisions = csv_rows(&second.join("decisions.csv"));
    assert_eq!(decisions.len(), 2);
    assert!(decisions.iter().all(|r| &r[7] == "applied"));
}

/// `report.xlsx` edited in place, as the accountant's office suite would
/// store typed cells: each `(sheet, cell, text)` becomes an inline string
/// in that sheet's XML, everything else (styles, notes, drop-downs) is
/// kept byte for byte.
fn edit_in_place(report: &Path, edits: &[(&str, String, &str)]) -> Vec<u8> {
    use std::io::{Read, Write};
    let names: Vec<String> = {
        let wb: Xlsx<_> = open_workbook(report).unwrap();
        wb.sheet_names()
    };
    let mut zip = zip::ZipArchive::new(fs::File::open(report).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        for (sheet, cell, value) in edits {
            let n = names.iter().position(|s| s == sheet).unwrap() + 1;
            if name != format!("xl/worksheets/sheet{n}.xml") {
                continue;
            }
            let row: String = cell.chars().filter(char::is_ascii_digit).collect();
            let mut xml = String::from_utf8(bytes).unwrap();
            let start = xml.find(&format!("<row r=\"{row}\"")).unwrap();
            let end = start + xml[start..].find("</row>").unwrap();
            xml.insert_str(
                end,
                &format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{value}</t></is></c>"),
            );
            bytes = xml.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default();
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Where a value is on a sheet: the 1-based row of the row whose column
/// `key` holds `id`, and the letter of column `header`.
fn cell_of(report: &Path, sheet: &str, key: &str, id: &str, header: &str) -> String {
    let mut wb: Xlsx<_> = open_workbook(report).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let (r0, c0) = range.start().unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let (k, h) = (col(rows[0], key), col(rows[0], header));
    let r = rows.iter().position(|r| cell_text(&r[k]) == id).unwrap();
    let letter = zorgrecon::source::column_letters(c0 + h as u32);
    format!("{letter}{}", r0 as usize + r + 1)
}

/// The workbook itself, as written, filled in in place (its drop-downs,
/// notes and formats kept) and saved into `decisions/`; and the same file
/// re-saved by LibreOffice where soffice is installed.
#[test]
fn the_report_itself_filled_in_and_saved_is_honoured() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("night-1");
    run_ok(&job(&demo(), &first, DEMO_AS_OF));
    let report = first.join("report.xlsx");
    let review = "Betalingen te beoordelen";
    let at = |id: &str, header: &str| cell_of(&report, review, "Betaling", id, header);
    let edits = [
        (review, at(SUGGESTED, "Beslissing"), "2026-0121"),
        (
            review,
            at(SUGGESTED, "Toelichting bij beslissing"),
            "telefonisch bevestigd",
        ),
        (review, at(INTEREST, "Beslissing"), "negeren"),
        (
            "Coulance mogelijk",
            cell_of(
                &report,
                "Coulance mogelijk",
                "Factuurnummer",
                HELD,
                "Afboeken",
            ),
            "nee: cliënt betwist de factuur",
        ),
    ];
    let edited = edit_in_place(&report, &edits);
    let check = |input: &Path, out: &Path| {
        run_ok(&job(input, out, DEMO_AS_OF));
        let payments = csv_rows(&out.join("payments.csv"));
        let p = payment(&payments, SUGGESTED);
        assert_eq!(
            (&p[8], &p[9], &p[10]),
            ("allocated", "override", "2026-0121")
        );
        assert!(p[13].contains("telefonisch bevestigd"), "{}", &p[13]);
        assert_eq!(&payment(&payments, INTEREST)[9], "override");
        assert!(
            !fs::read_to_string(out.join("coulance.csv"))
                .unwrap()
                .contains(HELD)
        );
        let decisions = csv_rows(&out.join("decisions.csv"));
        assert_eq!(decisions.len(), 3, "{decisions:?}");
        assert!(
            decisions.iter().all(|r| &r[7] == "applied"),
            "{decisions:?}"
        );
        let exceptions = fs::read_to_string(out.join("exceptions.csv")).unwrap();
        assert!(!exceptions.contains("decisions/"), "{exceptions}");
    };
    let input = tmp.path().join("input");
    copy_tree(&demo(), &input);
    fs::create_dir_all(input.join("decisions")).unwrap();
    fs::write(input.join("decisions/report.xlsx"), &edited).unwrap();
    check(&input, &tmp.path().join("night-2"));

    // The rest re-saves the workbook through LibreOffice, where it is.
    let Some(soffice) = soffice() else {
        return;
    };
    let made = tmp.path().join("made");
    fs::create_dir_all(&made).unwrap();
    fs::write(made.join("report.xlsx"), &edited).unwrap();
    fs::remove_file(input.join("decisions/report.xlsx")).unwrap();
    let o = office_convert(
        soffice,
        &tmp.path().join("lo-profile"),
        None,
        "xlsx",
        &input.join("decisions"),
        &[&made.join("report.xlsx")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(
        fs::read(input.join("decisions/report.xlsx")).unwrap(),
        edited
    );
    check(&input, &tmp.path().join("night-2-lo"));
}

/// Column `column` of `invoice`'s row on the write-off sheet.
fn coulance_cell(book: &[(String, Vec<Vec<Data>>)], invoice: &str, column: &str) -> String {
    let rows = &book.iter().find(|(n, _)| n == COULANCE).unwrap().1;
    let (k, c) = (col(&rows[0], "Factuurnummer"), col(&rows[0], column));
    let row = rows
        .iter()
        .find(|r| r.get(k).map(cell_text).as_deref() == Some(invoice))
        .unwrap_or_else(|| panic!("{invoice} not on {COULANCE}"));
    row.get(c).map(cell_text).unwrap_or_default()
}

/// Types `value` into HELD's write-off cell.
fn hold_write_off(book: &mut [(String, Vec<Vec<Data>>)], value: Data) {
    set_cell(book, COULANCE, "Factuurnummer", HELD, "Afboeken", value);
}

/// Decides SUGGESTED on the review sheet: `value` in its `Beslissing` cell.
fn decide_suggested(book: &mut [(String, Vec<Vec<Data>>)], value: &str) {
    set_cell(
        book,
        "Betalingen te beoordelen",
        "Betaling",
        SUGGESTED,
        "Beslissing",
        Data::String(value.into()),
    );
}

/// A copy of the demo with a `decisions/` folder, and Monday's (18
/// November) report of it as sheets.
fn monday_report(tmp: &Path) -> (PathBuf, Sheets) {
    let input = tmp.join("input");
    copy_tree(&demo(), &input);
    fs::create_dir_all(input.join("decisions")).unwrap();
    let monday = tmp.join("monday");
    run_ok(&job(&input, &monday, "2026-11-18"));
    let book = sheets(&monday.join("report.xlsx"));
    (input, book)
}

fn effects(out: &Path) -> Vec<(String, String)> {
    csv_rows(&out.join("decisions.csv"))
        .iter()
        .map(|r| (r[0].to_string(), r[7].to_string()))
        .collect()
}

/// A hold made on Monday is shown pre-filled on
/// Tuesday, saying where it came from; cleared in Tuesday's workbook and
/// saved into decisions/, Wednesday writes the invoice off again. A
/// payment decided on Monday and decided otherwise on Tuesday: Tuesday's
/// decision replaces Monday's.
#[test]
fn a_decision_shown_on_tuesday_and_undone_or_changed_there_is_replaced_on_wednesday() {
    let tmp = tempfile::tempdir().unwrap();
    // Monday: the write-off of HELD held, SUGGESTED sent to its invoice.
    let (input, mut book) = monday_report(tmp.path());
    hold_write_off(&mut book, Data::String("nee: betwist".into()));
    decide_suggested(&mut book, "2026-0121");
    write_workbook(&input.join("decisions/maandag.xlsx"), &book);

    // Tuesday: both apply; the hold is pre-filled with where it came from.
    let tuesday = tmp.path().join("tuesday");
    run_ok(&job(&input, &tuesday, "2026-11-19"));
    let payments = csv_rows(&tuesday.join("payments.csv"));
    assert_eq!(
        (
            &payment(&payments, SUGGESTED)[9],
            &payment(&payments, SUGGESTED)[10]
        ),
        ("override", "2026-0121")
    );
    let coulance = fs::read_to_string(tuesday.join("coulance.csv")).unwrap();
    assert!(!coulance.contains(HELD), "{coulance}");
    let mut book = sheets(&tuesday.join("report.xlsx"));
    assert_eq!(coulance_cell(&book, HELD, "Afboeken"), "nee: betwist");
    let from = coulance_cell(&book, HELD, "Vooraf ingevuld uit");
    assert!(
        from.starts_with("decisions/maandag.xlsx:Coulance mogelijk!U"),
        "{from}"
    );
    // Another invoice is not pre-filled.
    assert_eq!(coulance_cell(&book, "2026-0103", "Vooraf ingevuld uit"), "");

    // In Tuesday's workbook the accountant clears the hold and decides
    // SUGGESTED otherwise (typed on a row of the review sheet: the
    // payment, decided, is no longer listed there).
    hold_write_off(&mut book, Data::Empty);
    decide_suggested(&mut book, "negeren");
    write_workbook(&input.join("decisions/dinsdag.xlsx"), &book);

    // Wednesday: Tuesday's workbook is newer and wins.
    let wednesday = tmp.path().join("wednesday");
    run_ok(&job(&input, &wednesday, "2026-11-20"));
    let coulance = fs::read_to_string(wednesday.join("coulance.csv")).unwrap();
    assert!(
        coulance.contains(HELD),
        "{HELD} is written off again: {coulance}"
    );
    let journal = fs::read_to_string(wednesday.join("journal.csv")).unwrap();
    assert!(journal.contains(HELD), "{journal}");
    let payments = csv_rows(&wednesday.join("payments.csv"));
    assert_eq!(
        (
            &payment(&payments, SUGGESTED)[8],
            &payment(&payments, SUGGESTED)[9]
        ),
        ("ignored", "override")
    );
    let listed = effects(&wednesday);
    let effect_at = |prefix: &str| -> Vec<&str> {
        listed
            .iter()
            .filter(|(s, _)| s.starts_with(prefix))
            .map(|(_, e)| e.as_str())
            .collect()
    };
    assert_eq!(
        effect_at("decisions/maandag.xlsx:"),
        ["replaced", "replaced"],
        "{listed:?}"
    );
    let tuesday_effects = effect_at("decisions/dinsdag.xlsx:");
    assert_eq!(tuesday_effects.len(), 2, "{listed:?}");
    assert!(tuesday_effects.contains(&"undone"), "{listed:?}");
    assert!(tuesday_effects.contains(&"applied"), "{listed:?}");
    let exceptions = fs::read_to_string(wednesday.join("exceptions.csv")).unwrap();
    assert!(!exceptions.contains("decisions/"), "{exceptions}");
    // Nothing is pre-filled for HELD any more.
    let book = sheets(&wednesday.join("report.xlsx"));
    assert_eq!(coulance_cell(&book, HELD, "Afboeken"), "");
}

/// Two workbooks of the same report date that disagree stay a conflict,
/// also when one of them clears a pre-filled cell.
#[test]
fn two_workbooks_of_one_report_date_that_disagree_are_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let (input, mut book) = monday_report(tmp.path());
    hold_write_off(&mut book, Data::String("nee".into()));
    write_workbook(&input.join("decisions/a.xlsx"), &book);
    hold_write_off(&mut book, Data::String("ja".into()));
    write_workbook(&input.join("decisions/b.xlsx"), &book);
    let tuesday = tmp.path().join("tuesday");
    run_ok(&job(&input, &tuesday, "2026-11-19"));
    let listed = effects(&tuesday);
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.iter().all(|(_, e)| e == "conflict"), "{listed:?}");
}
