//! The provider's own accounts come from the exports too: the demo run with `ibans = []` in its configuration still ignores
//! the transfer between its current and its savings account, because the
//! exports of both accounts name them; and summary.json says where each
//! own account came from.

use std::fs;

use crate::support::{DEMO_AS_OF, copy_tree, demo, job, run_ok};

/// The demo with `provider.ibans` emptied, run; `(payments.csv, summary.json)`.
fn run_demo_without_configured_ibans(drop_savings_export: bool) -> (String, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    copy_tree(&demo(), &input);
    let toml = fs::read_to_string(input.join("zorgrecon.toml")).unwrap();
    let line = toml
        .lines()
        .find(|l| l.starts_with("ibans"))
        .expect("the demo configures ibans");
    fs::write(
        input.join("zorgrecon.toml"),
        toml.replace(line, "ibans = []"),
    )
    .unwrap();
    if drop_savings_export {
        fs::remove_file(input.join("bank/ing-spaarrekening-2026-10.csv")).unwrap();
    }
    let out = tmp.path().join("out");
    run_ok(&job(&input, &out, DEMO_AS_OF));
    let payments = fs::read_to_string(out.join("payments.csv")).unwrap();
    let summary =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    (payments, summary)
}

/// The payments.csv row read from `source`.
fn row<'a>(payments: &'a str, source: &str) -> &'a str {
    payments
        .lines()
        .find(|l| l.split(',').nth(1) == Some(source))
        .unwrap_or_else(|| panic!("no payment from {source}"))
}

#[test]
fn the_demo_without_configured_ibans_still_ignores_its_own_transfer() {
    let (payments, summary) = run_demo_without_configured_ibans(false);
    // The current account's credit from the savings account, and the
    // savings account's debit to the current account.
    for source in [
        "bank/ing-2026-10.csv:10",
        "bank/ing-spaarrekening-2026-10.csv:2",
    ] {
        let r = row(&payments, source);
        assert!(r.contains(",ignored,own_transfer,"), "{r}");
    }
    let own = summary["own_accounts"].as_array().unwrap();
    let listed: Vec<(String, Vec<String>)> = own
        .iter()
        .map(|a| {
            (
                a["account"].as_str().unwrap().to_string(),
                a["from"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (
                "NL20INGB0001234567".to_string(),
                vec![
                    "bank/ing-2026-10.csv".to_string(),
                    "bank/ing-2026-11.csv".to_string()
                ]
            ),
            (
                "NL36INGB0007654321".to_string(),
                vec!["bank/ing-spaarrekening-2026-10.csv".to_string()]
            ),
            (
                "NL44RABO0123456789".to_string(),
                vec!["bank/rabobank-2026-10.csv".to_string()]
            ),
        ]
    );
}

#[test]
fn without_the_savings_export_nothing_names_the_savings_account() {
    // The control: the credit from the savings account is then a credit
    // like any other, so it is the savings export that made it own.
    let (payments, summary) = run_demo_without_configured_ibans(true);
    let r = row(&payments, "bank/ing-2026-10.csv:10");
    assert!(!r.contains("own_transfer"), "{r}");
    assert_eq!(summary["own_accounts"].as_array().unwrap().len(), 2);
}
