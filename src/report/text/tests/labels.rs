//! The fixed words: sheet names Excel accepts, distinct in each language,
//! and words that must differ between the languages.

use super::super::{
    Label, batch_status, input_kind, invoice_status, label, payment_status, severity,
};
use crate::ingest::InputKind;
use crate::outcome::{BatchStatus, InvoiceStatus, PaymentStatus};
use crate::problem::Severity;
use crate::report::Lang;

/// Excel refuses sheet names over 31 characters or with these; a
/// continuation suffix " (99)" must still fit.
fn valid_sheet_name(name: &str) -> bool {
    name.chars().count() + 5 <= 31
        && !name.is_empty()
        && !name.contains(['[', ']', ':', '*', '?', '/', '\\'])
        && !name.starts_with('\'')
}

#[test]
fn sheet_names_are_valid_and_distinct_in_both_languages() {
    for lang in [Lang::Nl, Lang::En] {
        let mut names: Vec<&str> = InvoiceStatus::ALL
            .iter()
            .map(|s| invoice_status(*s, lang))
            .collect();
        names.extend(
            [
                Label::SummarySheet,
                Label::CoulanceSheet,
                Label::AttentionSheet,
                Label::ProblemsSheet,
                Label::ClientsSheet,
                Label::SpecMissingSheet,
                Label::InsurersSheet,
                Label::ReversedSheet,
                Label::DecisionsSheet,
                Label::AgentsSheet,
                Label::LettersSheet,
            ]
            .iter()
            .map(|l| label(*l, lang)),
        );
        for n in &names {
            assert!(valid_sheet_name(n), "{n}");
        }
        let mut folded: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        folded.sort();
        folded.dedup();
        assert_eq!(folded.len(), names.len(), "{names:?}");
    }
}

#[test]
fn dutch_is_the_default_and_english_differs() {
    assert_eq!(Lang::default(), Lang::Nl);
    assert_eq!(label(Label::SummarySheet, Lang::Nl), "Samenvatting");
    assert_eq!(label(Label::SummarySheet, Lang::En), "Summary");
    assert_eq!(invoice_status(InvoiceStatus::Settled, Lang::Nl), "Voldaan");
    assert_eq!(invoice_status(InvoiceStatus::Settled, Lang::En), "Settled");
    assert_eq!(severity(Severity::Error, Lang::Nl), "fout");
    assert_eq!(
        payment_status(PaymentStatus::Reversed, Lang::En),
        "reversed"
    );
    assert_eq!(input_kind(InputKind::Specs, Lang::Nl), "specificaties");
    assert_eq!(label(Label::AgentsSheet, Lang::Nl), "Incassobureau");
    assert_eq!(label(Label::AgentsSheet, Lang::En), "Billing agent");
}

#[test]
fn batch_statuses_are_distinct_words_in_both_languages() {
    for lang in [Lang::Nl, Lang::En] {
        let mut words: Vec<&str> = BatchStatus::ALL
            .iter()
            .map(|s| batch_status(*s, lang))
            .collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), BatchStatus::ALL.len(), "{words:?}");
    }
    for s in BatchStatus::ALL {
        assert_ne!(batch_status(s, Lang::Nl), batch_status(s, Lang::En));
    }
    assert_eq!(batch_status(BatchStatus::InTransit, Lang::Nl), "onderweg");
    assert_eq!(
        batch_status(BatchStatus::StatementMissing, Lang::En),
        "statement missing"
    );
}

#[test]
fn the_balance_check_words_differ_where_they_should() {
    assert_ne!(
        label(Label::BalanceCheckHeading, Lang::Nl),
        label(Label::BalanceCheckHeading, Lang::En)
    );
    assert_eq!(label(Label::BalanceBroken, Lang::En), "BROKEN");
    assert_eq!(label(Label::BalanceBroken, Lang::Nl), "NIET sluitend");
}
