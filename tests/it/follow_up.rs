//! Integration tests through the front door, on the demo:
//! `clients.csv` and `insurers.csv` add up to `invoices.csv`, the
//! "specification missing" sheet lists exactly the invoices its rule names,
//! and every sheet of `report.xlsx` carries its print setup (read back from
//! the xlsx XML).

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use zorgrecon::money::Money;
use zorgrecon::report::Lang;
use zorgrecon::report::by_client::CLIENT_COLUMNS;

use crate::support::{csv_records, demo, run_demo};

fn money(s: &str) -> Money {
    if s.is_empty() {
        Money::ZERO
    } else {
        s.parse().unwrap()
    }
}

fn owing(inv: &BTreeMap<String, String>) -> bool {
    matches!(inv["status"].as_str(), "open" | "partially_paid")
}

/// the rule (docs/clients-and-insurers.md), from the columns of `invoices.csv`.
fn chased(inv: &BTreeMap<String, String>, reminder: i64) -> bool {
    owing(inv)
        && inv["reimbursed"].is_empty()
        && inv["days_overdue"].parse::<i64>().unwrap() > reminder
}

#[test]
fn demo_clients_csv_adds_up_to_invoices_csv() {
    let (_tmp, out) = run_demo(Lang::Nl, None);
    let invoices = csv_records(&out.join("invoices.csv"));
    let clients = csv_records(&out.join("clients.csv"));
    // Per client: [owed, not due, 1-30, 31-60, 61-90, 90+, to_refund,
    // coulance], invoices_open, awaiting.
    let mut want: BTreeMap<String, ([Money; 8], u64, u64)> = BTreeMap::new();
    for inv in &invoices {
        let e = want.entry(inv["client_id"].clone()).or_default();
        let outstanding = money(&inv["outstanding"]);
        if owing(inv) {
            e.1 += 1;
            e.0[0] += outstanding;
            let days: i64 = inv["days_overdue"].parse().unwrap();
            // Due today or later (0 days overdue) is not yet due.
            let b = match days {
                ..=0 => 1,
                1..=30 => 2,
                31..=60 => 3,
                61..=90 => 4,
                _ => 5,
            };
            e.0[b] += outstanding;
        }
        if inv["status"] == "overpaid" {
            e.0[6] -= outstanding;
        }
        e.0[7] += money(&inv["coulance"]);
        e.2 += u64::from(chased(inv, 0));
    }
    want.retain(|_, (m, open, awaiting)| {
        *open > 0 || *awaiting > 0 || m.iter().any(|x| !x.is_zero())
    });
    assert_eq!(clients.len(), want.len());
    for c in &clients {
        let (m, open, awaiting) = &want[&c["client_id"]];
        // The money columns, `owed` to `coulance`, in the order of `m`.
        let cols = &CLIENT_COLUMNS[3..11];
        for (k, col) in cols.iter().enumerate() {
            assert_eq!(money(&c[*col]), m[k], "{} {col}", c["client_id"]);
        }
        assert_eq!(c["invoices_open"], open.to_string());
        assert_eq!(c["awaiting_specification"], awaiting.to_string());
    }
    // Sorted by owed (largest first), then client number.
    let keys: Vec<(std::cmp::Reverse<Money>, &str)> = clients
        .iter()
        .map(|c| {
            (
                std::cmp::Reverse(money(&c["owed"])),
                c["client_id"].as_str(),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");

    // The buckets total what the summary's age split shows.
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    for (key, col) in [
        ("not_due", "owed_not_due"),
        ("1-30", "owed_1_30"),
        ("31-60", "owed_31_60"),
        ("61-90", "owed_61_90"),
        ("90+", "owed_90_plus"),
    ] {
        let total: Money = clients.iter().map(|c| money(&c[col])).sum();
        let age = summary["open_by_age"][key]["outstanding"].as_str().unwrap();
        assert_eq!(total, money(age), "{key}");
    }

    // Checked by hand in the demo: A. de Vries (2026-0102, docs/statuses.md example B)
    // still owes the deductible, 79 days overdue, last paid 2026-10-01;
    // T. Meijer's invoice was rejected (a specification reimbursing
    // nothing), so it is owed but not awaiting one.
    let row = |id: &str| clients.iter().find(|c| c["client_id"] == id).unwrap();
    let c002 = row("C002");
    assert_eq!(
        (c002["owed"].as_str(), c002["owed_61_90"].as_str()),
        ("685.00", "685.00")
    );
    assert_eq!(c002["oldest_days_overdue"], "79");
    assert_eq!(c002["last_payment_date"], "2026-10-01");
    let c006 = row("C006");
    assert_eq!(
        (
            c006["owed_90_plus"].as_str(),
            c006["awaiting_specification"].as_str()
        ),
        ("1000.00", "0")
    );
    assert_eq!(row("C007")["to_refund"], "50.00");
    assert_eq!(clients[0]["client_id"], "C006");
}

#[test]
fn demo_insurers_csv_adds_up_to_invoices_csv() {
    let (_tmp, out) = run_demo(Lang::Nl, None);
    let invoices = csv_records(&out.join("invoices.csv"));
    let insurers = csv_records(&out.join("insurers.csv"));
    let mut want: BTreeMap<String, BTreeMap<&str, Money>> = BTreeMap::new();
    for inv in &invoices {
        let e = want.entry(inv["insurer"].clone()).or_default();
        let mut add = |k: &'static str, m: Money| *e.entry(k).or_default() += m;
        let has_spec = !inv["reimbursed"].is_empty();
        add("invoices", Money::from_cents(100));
        add("net", money(&inv["net"]));
        add("reimbursed", money(&inv["reimbursed"]));
        add("deductible", money(&inv["deductible"]));
        add("coulance", money(&inv["coulance"]));
        add("paid_by_insurer", money(&inv["paid_by_insurer"]));
        if has_spec {
            add("with_specification", Money::from_cents(100));
            add("net_with_specification", money(&inv["net"]));
            if money(&inv["required"]) > money(&inv["reimbursed"]) {
                add("floor_applied", Money::from_cents(100));
            }
        }
        if chased(inv, 0) {
            add("awaiting_specification", Money::from_cents(100));
        }
    }
    assert_eq!(insurers.len(), want.len());
    for row in &insurers {
        let w = &want[&row["insurer"]];
        for (col, sum) in w {
            let got = match *col {
                "invoices" | "with_specification" | "floor_applied" | "awaiting_specification" => {
                    Money::from_cents(row[*col].parse::<i64>().unwrap() * 100)
                }
                _ => money(&row[*col]),
            };
            assert_eq!(got, *sum, "{} {col}", row["insurer"]);
        }
    }
    // Checked by hand: Zilveren Kruis reimbursed 3800.00 of the 6000.00 it
    // specified (0.6333); VGZ's floor of 75 % raised 2026-0201 and
    // 2026-0202; CZ pays the provider directly.
    let by = |name: &str| insurers.iter().find(|r| r["insurer"] == name).unwrap();
    assert_eq!(by("Zilveren Kruis")["reimbursement_rate"], "0.6333");
    assert_eq!(by("VGZ")["floor_applied"], "2");
    assert_eq!(by("VGZ")["reimbursement_rate"], "0.6571");
    assert_eq!(by("CZ")["paid_by_insurer"], "2000.00");
    // Sorted by coulance, largest first.
    let coulance: Vec<Money> = insurers.iter().map(|r| money(&r["coulance"])).collect();
    assert!(coulance.windows(2).all(|w| w[0] >= w[1]), "{coulance:?}");
}

/// The invoice numbers on the "specification missing" sheet (header and
/// totals row left out).
fn chase_sheet(out: &Path, sheet: &str) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert!(matches!(&rows.last().unwrap()[0], Data::String(s) if s == "Totaal" || s == "Total"));
    rows[1..rows.len() - 1]
        .iter()
        .map(|r| r[0].to_string())
        .collect()
}

/// The invoices of `invoices.csv` the rule names, oldest first.
fn chase_expected(out: &Path, reminder: i64) -> Vec<String> {
    let mut list: Vec<(String, String, String)> = csv_records(&out.join("invoices.csv"))
        .into_iter()
        .filter(|i| chased(i, reminder))
        .map(|i| {
            (
                i["due_date"].clone(),
                i["invoice_date"].clone(),
                i["invoice_number"].clone(),
            )
        })
        .collect();
    list.sort();
    list.into_iter().map(|(_, _, n)| n).collect()
}

#[test]
fn demo_specification_missing_sheet_lists_exactly_its_rule() {
    let (_tmp, out) = run_demo(Lang::Nl, None);
    let got = chase_sheet(&out, "Specificatie ontbreekt");
    assert_eq!(got, chase_expected(&out, 0));
    // By hand: six Zilveren Kruis invoices without a specification and
    // VGZ's 2026-0204, due 2026-07-01, first.
    assert_eq!(got.len(), 7);
    assert_eq!(got[0], "2026-0204");

    // 2026-0105 is 51 days past due: on the list with a reminder of 50
    // days, not with 51.
    let text = fs::read_to_string(demo().join("zorgrecon.toml")).unwrap();
    for (days, listed) in [(50, true), (51, false)] {
        let tmp = tempfile::tempdir().unwrap();
        let config = tmp.path().join("zorgrecon.toml");
        fs::write(
            &config,
            text.replace(
                "[policy]\n",
                &format!("[policy]\nspec_reminder_days = {days}\n"),
            ),
        )
        .unwrap();
        let (_t, out) = run_demo(Lang::En, Some(config));
        let got = chase_sheet(&out, "Specification missing");
        assert_eq!(got, chase_expected(&out, days));
        assert_eq!(
            got.contains(&"2026-0105".to_string()),
            listed,
            "{days}: {got:?}"
        );
        let c005 = csv_records(&out.join("clients.csv"))
            .into_iter()
            .find(|c| c["client_id"] == "C005")
            .unwrap();
        assert_eq!(
            c005["awaiting_specification"],
            if listed { "1" } else { "0" }
        );
    }
}

/// The entries of report.xlsx by name.
fn unzip(path: &Path) -> BTreeMap<String, String> {
    let file = fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entries = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            f.read_to_string(&mut text).unwrap();
            entries.insert(name, text);
        }
    }
    entries
}

#[test]
fn every_sheet_prints_landscape_legibly_with_headers_and_footer() {
    for (lang, summary, footer) in [
        (Lang::Nl, "Samenvatting", "Pagina &amp;P van &amp;N"),
        (Lang::En, "Summary", "Page &amp;P of &amp;N"),
    ] {
        let (_tmp, out) = run_demo(lang, None);
        let zip = unzip(&out.join("report.xlsx"));
        let workbook = &zip["xl/workbook.xml"];
        let names: Vec<&str> = workbook
            .split("<sheet name=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert_eq!(names.len(), 16, "{names:?}");
        assert_eq!(names[0], summary);
        for (i, name) in names.iter().enumerate() {
            let xml = &zip[&format!("xl/worksheets/sheet{}.xml", i + 1)];
            let setup = xml
                .split("<pageSetup ")
                .nth(1)
                .and_then(|s| s.split("/>").next())
                .unwrap_or_else(|| panic!("{name}: no pageSetup"));
            assert!(
                setup.contains("orientation=\"landscape\""),
                "{name}: {setup}"
            );
            assert!(setup.contains("paperSize=\"9\""), "{name}: {setup}");
            // Legible: a fixed scale of at least 65 %,
            // never shrunk to fit a page.
            let scale: u16 = setup
                .split("scale=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("{name}: no scale: {setup}"));
            assert!((65..=100).contains(&scale), "{name}: {setup}");
            assert!(!xml.contains("fitToPage"), "{name}");
            let want = format!(
                "<oddFooter>&amp;LBalans Thuiszorg&amp;C2026-11-20&amp;R{footer}</oddFooter>"
            );
            assert!(xml.contains(&want), "{name}: footer");
            // Every list repeats its header row on each printed page.
            let titles = format!("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">");
            let repeated = workbook
                .split(&titles)
                .nth(1)
                .and_then(|s| s.split("</definedName>").next());
            if i == 0 {
                assert_eq!(repeated, None, "the summary has no header row");
            } else {
                let repeated = repeated.unwrap_or_else(|| panic!("{name}: no print titles"));
                assert!(repeated.ends_with("!$1:$1"), "{name}: {repeated}");
                // The status sheets (after the summary) repeat the invoice
                // number and the client on every page across.
                if i <= 5 {
                    assert!(repeated.contains("!$A:$C,"), "{name}: {repeated}");
                }
            }
        }
        // The rate chart sits on the insurer sheet and plots its rate
        // column.
        let i = names
            .iter()
            .position(|n| *n == "Per verzekeraar" || *n == "By insurer")
            .unwrap();
        let rels = &zip[&format!("xl/worksheets/_rels/sheet{}.xml.rels", i + 1)];
        assert!(rels.contains("drawing"), "{rels}");
        assert!(
            zip.iter()
                .any(|(k, v)| k.starts_with("xl/charts/") && v.contains("!$G$2:$G$4</c:f>")),
            "no chart of the rate column"
        );
    }
}

#[test]
fn demo_sheets_show_what_the_csv_files_hold() {
    let (_tmp, out) = run_demo(Lang::En, None);
    let mut wb: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    let cents = |d: &Data| match d {
        Data::Float(x) => (x * 100.0).round() as i64,
        Data::Empty => 0,
        other => panic!("not a number: {other:?}"),
    };
    let csv_cents = |s: &str| {
        let m = money(s).decimal() * rust_decimal::Decimal::ONE_HUNDRED;
        i64::try_from(m).unwrap()
    };

    let clients = csv_records(&out.join("clients.csv"));
    let range = wb.worksheet_range("By client").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows[0][3].to_string(), "Owed");
    assert_eq!(rows[0][4].to_string(), "Not yet due");
    assert_eq!(rows[0][5].to_string(), "1–30 days");
    assert_eq!(
        rows.len(),
        clients.len() + 2,
        "header, one row each, totals"
    );
    for (row, c) in rows[1..].iter().zip(&clients) {
        assert_eq!(row[0].to_string(), c["client_id"]);
        assert_eq!(cents(&row[3]), csv_cents(&c["owed"]), "{}", c["client_id"]);
        let aged = [
            "owed_not_due",
            "owed_1_30",
            "owed_31_60",
            "owed_61_90",
            "owed_90_plus",
        ];
        for (k, column) in aged.iter().enumerate() {
            assert_eq!(cents(&row[4 + k]), csv_cents(&c[*column]), "{column}");
        }
    }
    let total = rows.last().unwrap();
    assert_eq!(total[0].to_string(), "Total");
    let owed: i64 = clients.iter().map(|c| csv_cents(&c["owed"])).sum();
    assert_eq!(cents(&total[3]), owed);

    let insurers = csv_records(&out.join("insurers.csv"));
    let range = wb.worksheet_range("By insurer").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows[0][6].to_string(), "Reimbursement rate");
    assert_eq!(rows.len(), insurers.len() + 2);
    for (row, r) in rows[1..].iter().zip(&insurers) {
        assert_eq!(row[0].to_string(), r["insurer"]);
        let rate: f64 = r["reimbursement_rate"].parse().unwrap();
        assert!(
            matches!(row[6], Data::Float(x) if (x - rate).abs() < 1e-9),
            "{:?}",
            row[6]
        );
        assert_eq!(cents(&row[8]), csv_cents(&r["coulance"]));
    }
}
