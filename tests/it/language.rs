//! The human texts of the outputs speak the run's language: the
//! demo run in Dutch has no English reason, note or explanation, and run in
//! English no Dutch one. Codes (status, rule, effect) stay English in both.
//! Markers are whole phrases the catalogues use, so a client's name or an
//! accountant's own note (free text, copied as written) cannot trip them.

use std::path::Path;

use zorgrecon::report::Lang;

use crate::support::run_demo;

/// Phrases only the English catalogue writes.
const ENGLISH: [&str; 14] = [
    "paid ",
    "received ",
    "the insurer",
    "no rule fitted",
    "candidate",
    "names invoice",
    "the whole payment",
    "belongs to client",
    "not a client payment",
    "more is due",
    "written off",
    "held by the accountant",
    "not applied",
    "the same line",
];

/// Phrases only the Dutch catalogue writes.
const DUTCH: [&str; 12] = [
    "betaald van",
    "ontvangen van",
    "de verzekeraar",
    "geen regel paste",
    "kandida",
    "noemt factuur",
    "de hele betaling",
    "is van cliënt",
    "afschrijving",
    "nog nodig",
    "afgeboekt",
    "niet toegepast",
];

/// The human-text columns of the CSV outputs.
const TEXTS: [(&str, &str); 3] = [
    ("invoices.csv", "reason"),
    ("payments.csv", "note"),
    ("decisions.csv", "explanation"),
];

/// Every text of the human-text columns, with where it is.
fn texts(out: &Path) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for (file, column) in TEXTS {
        let mut r = csv::Reader::from_path(out.join(file)).unwrap();
        let c = r.headers().unwrap().iter().position(|h| h == column);
        let c = c.unwrap_or_else(|| panic!("{file}: no column {column}"));
        for rec in r.records() {
            let rec = rec.unwrap();
            all.push((format!("{file} {column}"), rec[c].to_string()));
        }
    }
    all
}

fn check(lang: Lang, foreign: &[&str], own: &[&str]) {
    let (_tmp, out) = run_demo(lang, None);
    let texts = texts(&out);
    assert!(texts.len() > 50, "the demo has texts in every column");
    for (at, text) in &texts {
        for marker in foreign {
            assert!(!text.contains(marker), "{at}: {marker:?} in {text:?}");
        }
    }
    // And the texts are in the language asked for, not merely empty.
    for marker in own.iter().take(4) {
        assert!(
            texts.iter().any(|(_, t)| t.contains(marker)),
            "no {marker:?} in any text"
        );
    }
}

#[test]
fn a_dutch_run_writes_no_english_text() {
    check(Lang::Nl, &ENGLISH, &DUTCH);
}

#[test]
fn an_english_run_writes_no_dutch_text() {
    check(Lang::En, &DUTCH, &ENGLISH);
}
