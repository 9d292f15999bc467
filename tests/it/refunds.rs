//! Refunds as a bank file: `refunds.xml` validates against the ISO schema
//! of pain.001.001.03 (with xmllint, where it is installed), keeps the EPC
//! rules the schema does not check, pays each refund once over several
//! nights, and the loop closes: the refund's debit on the next statement
//! settles the invoice.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::Data;

use crate::support::{job, run_ok, set_cell, sheets, workbook_bytes};

const OWN: &str = "NL20INGB0001234567";
const PAYER: &str = "NL18INGB0005055433";
const HEAD: &str = "date,amount,counterparty_iban,counterparty_name,description\n";
/// The client paid 1050 on an invoice of 1000, from an account whose
/// name needs transliteration.
const OVERPAID: &str = "2026-10-05,1050.00,NL18INGB0005055433,Zoë Ørsted & Söhne-Straße,F-1001\n";

fn night(dir: &Path, bank: &str, as_of: &str) -> PathBuf {
    night_with(dir, bank, as_of, &[])
}

/// As [`night`], with these files (name, bytes) in `decisions/`.
fn night_with(dir: &Path, bank: &str, as_of: &str, decisions: &[(&str, &[u8])]) -> PathBuf {
    let input = dir.join("input");
    let _ = fs::remove_dir_all(&input);
    for f in ["invoices", "bank", "specs", "decisions"] {
        fs::create_dir_all(input.join(f)).unwrap();
    }
    for (name, bytes) in decisions {
        fs::write(input.join("decisions").join(name), bytes).unwrap();
    }
    fs::write(
        input.join("invoices/register.csv"),
        "factuurnummer;clientnummer;naam;bedrag;factuurdatum\n\
         F-1001;C1;Z. Ørsted;1000,00;2026-09-01\n\
         F-1002;C2;B. de Vries;200,00;2026-09-01\n",
    )
    .unwrap();
    fs::write(
        input.join("zorgrecon.toml"),
        format!("[provider]\nname = \"Thuiszorg Één & Co\"\nibans = [\"{OWN}\"]\n"),
    )
    .unwrap();
    fs::write(input.join("bank/bank.csv"), format!("{HEAD}{bank}")).unwrap();
    let out = dir.join("reports").join(as_of);
    run_ok(&job(&input, &out, as_of));
    out
}

/// The text of every `<tag>` in the file, in order.
fn all(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        let Some(gt) = after.find('>') else { break };
        let body = &after[gt + 1..];
        let Some(end) = body.find(&close) else { break };
        out.push(body[..end].to_string());
        rest = &body[end..];
    }
    out
}

fn schema() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/pain.001.001.03.xsd")
}

/// Validates `file` with xmllint against the ISO schema; says so and
/// returns false where xmllint or the schema is not there.
fn validates(file: &Path) -> bool {
    if !schema().is_file() {
        eprintln!(
            "skipped the schema check: {} is not there",
            schema().display()
        );
        return false;
    }
    let Ok(o) = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(file)
        .output()
    else {
        eprintln!("skipped the schema check: xmllint is not installed (Debian: libxml2-utils)");
        return false;
    };
    assert!(
        o.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    true
}

#[test]
fn refunds_xml_is_a_valid_sepa_batch_with_payee_amount_and_invoice() {
    let tmp = tempfile::tempdir().unwrap();
    let n1 = night(tmp.path(), OVERPAID, "2026-11-20");
    let path = n1.join("refunds.xml");
    let xml = fs::read_to_string(&path).unwrap();
    validates(&path);
    // Read back: one transaction, to the payer's account, with its name as
    // its bank wrote it in EPC characters, for the excess, naming the
    // invoice and nothing else.
    assert_eq!(all(&xml, "NbOfTxs"), ["1", "1"]);
    assert_eq!(all(&xml, "CtrlSum"), ["50.00", "50.00"]);
    assert_eq!(all(&xml, "InstdAmt"), ["50.00"]);
    assert_eq!(all(&xml, "IBAN"), [OWN, PAYER]);
    assert_eq!(
        all(&xml, "Nm"),
        [
            "Thuiszorg Een + Co",
            "Thuiszorg Een + Co",
            "Zoe Orsted + Sohne-Strasse"
        ]
    );
    assert_eq!(all(&xml, "Ustrd"), ["Terugbetaling factuur F-1001"]);
    assert_eq!(all(&xml, "BtchBookg"), ["false"]);
    assert_eq!(all(&xml, "ReqdExctnDt"), ["2026-11-20"]);
    // The EPC rules the schema leaves open.
    for id in all(&xml, "MsgId")
        .into_iter()
        .chain(all(&xml, "PmtInfId"))
        .chain(all(&xml, "EndToEndId"))
    {
        assert!(id.len() <= 35 && !id.is_empty(), "{id}");
    }
    let epc = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-?:().,'+ ".contains(c))
    };
    for t in all(&xml, "Nm").iter().chain(all(&xml, "Ustrd").iter()) {
        assert!(epc(t) && t.len() <= 140, "{t}");
    }
    let list = fs::read_to_string(n1.join("refunds_new.csv")).unwrap();
    assert!(
        list.contains("F-1001,C1,Z. Ørsted,50.00,NL18INGB0005055433"),
        "{list}"
    );
}

#[test]
fn each_refund_is_paid_once_and_its_debit_closes_the_invoice() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let n1 = night(dir, OVERPAID, "2026-11-18");
    assert!(n1.join("refunds.xml").is_file());
    // The next night the bank has not paid it yet: nothing new to upload.
    let n2 = night(dir, OVERPAID, "2026-11-19");
    assert!(!n2.join("refunds.xml").exists());
    assert_eq!(
        fs::read_to_string(n2.join("refunds_new.csv"))
            .unwrap()
            .lines()
            .count(),
        1
    );
    // Then the refund's debit is on the statement: the refund rule books it
    // and the invoice is settled.
    let paid =
        format!("{OVERPAID}2026-11-19,-50.00,{PAYER},Z Orsted,Terugbetaling factuur F-1001\n");
    let n3 = night(dir, &paid, "2026-11-20");
    assert!(!n3.join("refunds.xml").exists());
    let invoices = fs::read_to_string(n3.join("invoices.csv")).unwrap();
    let f1 = invoices.lines().find(|l| l.starts_with("F-1001,")).unwrap();
    assert!(f1.contains(",settled,"), "{f1}");
    let payments = fs::read_to_string(n3.join("payments.csv")).unwrap();
    assert!(
        payments.contains(",allocated,refund,F-1001,-50.00,"),
        "{payments}"
    );
    // A second overpayment later is handed over on its own.
    let again = format!("{paid}2026-11-21,20.00,{PAYER},Z Orsted,F-1001\n");
    let n4 = night(dir, &again, "2026-11-21");
    let xml = fs::read_to_string(n4.join("refunds.xml")).unwrap();
    assert_eq!(all(&xml, "InstdAmt"), ["20.00"]);
    validates(&n4.join("refunds.xml"));
}

#[test]
fn a_refund_without_a_known_account_is_listed_not_invented() {
    let tmp = tempfile::tempdir().unwrap();
    // The excess came from an account the bank export does not give.
    let n = night(
        tmp.path(),
        "2026-10-05,1050.00,,Z Orsted,F-1001\n",
        "2026-11-20",
    );
    assert!(!n.join("refunds.xml").exists());
    let list = fs::read_to_string(n.join("refunds_new.csv")).unwrap();
    assert!(list.contains(",50.00,,,"), "{list}");
    assert!(list.trim_end().ends_with(",no,no_account"), "{list}");
}

/// The report's workbook as the accountant saves it with `Terugbetalen`
/// filled in for `invoice`: every sheet's cells as they are, that one
/// cell typed (cleared when `typed` is empty).
fn with_refund_held(report: &Path, invoice: &str, typed: &str) -> Vec<u8> {
    let mut book = sheets(report);
    let overpaid = "Te veel betaald";
    let listed = |book: &[(String, Vec<Vec<Data>>)]| {
        book.iter()
            .find(|(n, _)| n == overpaid)
            .map_or(0, |(_, rows)| rows.len())
    };
    let before = listed(&book);
    let value = match typed {
        "" => Data::Empty,
        t => Data::String(t.into()),
    };
    set_cell(
        &mut book,
        overpaid,
        "Factuurnummer",
        invoice,
        "Terugbetalen",
        value,
    );
    assert_eq!(listed(&book), before, "the overpaid sheet lists {invoice}");
    workbook_bytes(&book)
}

#[test]
fn a_refund_held_in_the_workbook_stays_out_of_refunds_xml_until_the_hold_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    // Monday's report, in a folder of its own: its refunds.xml asks for
    // the refund.
    let monday = night(&tmp.path().join("monday"), OVERPAID, "2026-11-20");
    let xml = fs::read_to_string(monday.join("refunds.xml")).unwrap();
    assert_eq!(all(&xml, "InstdAmt"), ["50.00"]);
    // The accountant holds it in that workbook and saves it into
    // decisions/: the next night leaves it out of refunds.xml.
    let saved = with_refund_held(
        &monday.join("report.xlsx"),
        "F-1001",
        "nee: cliënt betaalt nog een andere factuur",
    );
    let dir = tmp.path().join("office");
    let n = night_with(&dir, OVERPAID, "2026-11-21", &[("maandag.xlsx", &saved)]);
    assert!(!n.join("refunds.xml").exists(), "the held refund is paid");
    let list = fs::read_to_string(n.join("refunds_new.csv")).unwrap();
    assert!(
        list.contains("F-1001,C1,Z. Ørsted,50.00,NL18INGB0005055433,"),
        "{list}"
    );
    assert!(list.trim_end().ends_with(",no,held"), "{list}");
    // Still overpaid, and its reason says it is held and why.
    let invoices = fs::read_to_string(n.join("invoices.csv")).unwrap();
    let f1 = invoices.lines().find(|l| l.starts_with("F-1001,")).unwrap();
    assert!(f1.contains(",overpaid,"), "{f1}");
    assert!(f1.contains("terugbetaling van"), "{f1}");
    assert!(f1.contains("cliënt betaalt nog een andere factuur"), "{f1}");
    // Listed with its effect.
    let decisions = fs::read_to_string(n.join("decisions.csv")).unwrap();
    let line = decisions
        .lines()
        .find(|l| l.contains("F-1001"))
        .unwrap_or_else(|| panic!("{decisions}"));
    assert!(
        line.starts_with("decisions/maandag.xlsx:Te veel betaald!"),
        "{line}"
    );
    assert!(line.contains(",refund,,F-1001,"), "{line}");
    assert!(line.contains(",applied,"), "{line}");
    let exceptions = fs::read_to_string(n.join("exceptions.csv")).unwrap();
    assert!(!exceptions.contains("decisions/"), "{exceptions}");
    // That night's workbook shows the hold in force, and where it came
    // from.
    let (typed, from) = refund_cells(&n.join("report.xlsx"), "F-1001");
    assert_eq!(typed, "nee: cliënt betaalt nog een andere factuur");
    assert!(
        from.starts_with("decisions/maandag.xlsx:Te veel betaald!"),
        "{from}"
    );
    // Cleared in that workbook, saved into decisions/ beside Monday's: the
    // newer workbook undoes the hold, and as a held refund was not handed
    // over, the next night pays it, in full.
    let cleared = with_refund_held(&n.join("report.xlsx"), "F-1001", "");
    let later = night_with(
        &dir,
        OVERPAID,
        "2026-11-22",
        &[("maandag.xlsx", &saved), ("dinsdag.xlsx", &cleared)],
    );
    let xml = fs::read_to_string(later.join("refunds.xml")).unwrap();
    assert_eq!(all(&xml, "InstdAmt"), ["50.00"]);
    validates(&later.join("refunds.xml"));
    let decisions = fs::read_to_string(later.join("decisions.csv")).unwrap();
    assert!(
        decisions
            .lines()
            .any(|l| l.starts_with("decisions/maandag.xlsx:") && l.contains(",replaced,")),
        "{decisions}"
    );
    assert!(
        decisions
            .lines()
            .any(|l| l.starts_with("decisions/dinsdag.xlsx:")
                && l.contains(",refund,,F-1001,")
                && l.contains(",undone,")),
        "{decisions}"
    );
    let (typed, from) = refund_cells(&later.join("report.xlsx"), "F-1001");
    assert_eq!((typed.as_str(), from.as_str()), ("", ""));
}

/// The `Terugbetalen` and `Vooraf ingevuld uit` cells of `invoice` on the
/// overpaid sheet.
fn refund_cells(report: &Path, invoice: &str) -> (String, String) {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(report).unwrap();
    let range = wb.worksheet_range("Te veel betaald").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let text = |d: Option<&Data>| match d {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let at = |name: &str| rows[0].iter().position(|h| text(Some(h)) == name).unwrap();
    let (n, r, f) = (
        at("Factuurnummer"),
        at("Terugbetalen"),
        at("Vooraf ingevuld uit"),
    );
    let row = rows.iter().find(|row| text(row.get(n)) == invoice).unwrap();
    (text(row.get(r)), text(row.get(f)))
}
