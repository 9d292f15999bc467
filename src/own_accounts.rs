//! The provider's own accounts (docs/inputs.md, §6): those configured in
//! `provider.ibans`, and those the bank exports name as the account they
//! are the export of (ING `Rekening`, Rabobank `IBAN/BBAN`, CAMT `Acct`,
//! MT940 `:25:`, the ABN AMRO TAB account column, …). A transfer between
//! them is no client payment, even when the configuration lists none.
//!
//! Old exports name an account by its domestic number (`123456789`,
//! `2121.21.211`), where another export writes the same account as an
//! IBAN (`NL..ABNA0123456789`): a domestic number matches a Dutch IBAN
//! whose account part is the same number. Two IBANs match only when equal,
//! so that the same number at another bank is never taken for one's own.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::ident::Iban;

/// An own account as a bank export names it, and the file that names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedAccount {
    /// The account, normalised.
    pub account: Iban,
    /// The export (path relative to `--input`).
    pub file: Arc<str>,
}

/// Where the summary says an own account came from: the configuration.
pub const FROM_CONFIG: &str = "provider.ibans";

/// One own account as the summary lists it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OwnAccount {
    /// The account, normalised.
    pub account: String,
    /// [`FROM_CONFIG`] and/or the exports that name it, in path order.
    pub from: Vec<String>,
}

/// The own accounts, for look-up.
#[derive(Clone, Debug, Default)]
pub struct OwnAccounts {
    /// Every own account as normalised.
    exact: BTreeSet<Iban>,
    /// Own accounts given as domestic numbers: their digits.
    domestic: BTreeSet<String>,
    /// Own Dutch IBANs: their account numbers, for counterparties that an
    /// old export gives as a domestic number.
    iban_numbers: BTreeSet<String>,
}

impl OwnAccounts {
    /// The configured accounts and those the exports name.
    pub fn new<'a>(
        configured: impl IntoIterator<Item = &'a Iban>,
        named: &'a [NamedAccount],
    ) -> OwnAccounts {
        let mut own = OwnAccounts::default();
        for a in configured
            .into_iter()
            .chain(named.iter().map(|n| &n.account))
        {
            if let Some(d) = domestic_number(a.as_str()) {
                own.domestic.insert(d);
            } else if let Some(d) = dutch_iban_number(a.as_str()) {
                own.iban_numbers.insert(d);
            }
            own.exact.insert(a.clone());
        }
        own
    }

    /// True when `account` is one of the provider's own.
    pub fn contains(&self, account: &Iban) -> bool {
        if self.exact.contains(account) {
            return true;
        }
        let s = account.as_str();
        if let Some(d) = domestic_number(s) {
            return self.domestic.contains(&d) || self.iban_numbers.contains(&d);
        }
        dutch_iban_number(s).is_some_and(|d| self.domestic.contains(&d))
    }
}

/// The account number of a domestic Dutch account number or of a Dutch
/// IBAN, without leading zeros: what the two have in common when they
/// name the same account.
pub(crate) fn account_number(s: &str) -> Option<String> {
    domestic_number(s).or_else(|| dutch_iban_number(s))
}

/// The digits of a domestic Dutch account number without leading zeros:
/// 7 to 10 significant digits and nothing else.
fn domestic_number(s: &str) -> Option<String> {
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d = s.trim_start_matches('0');
    (d.len() >= 7).then(|| d.to_string())
}

/// The account number inside a Dutch IBAN (`NLkkBANK` + ten digits),
/// without leading zeros.
fn dutch_iban_number(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let ok = b.len() == 18
        && s.starts_with("NL")
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..8].iter().all(u8::is_ascii_uppercase)
        && b[8..].iter().all(u8::is_ascii_digit);
    ok.then(|| s[8..].trim_start_matches('0').to_string())
        .filter(|d| d.len() >= 7)
}

/// Every own account with where it came from, sorted by account.
pub fn list<'a>(
    configured: impl IntoIterator<Item = &'a Iban>,
    named: &[NamedAccount],
) -> Vec<OwnAccount> {
    let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for a in configured {
        by.entry(a.as_str())
            .or_default()
            .push(FROM_CONFIG.to_string());
    }
    for n in named {
        let from = by.entry(n.account.as_str()).or_default();
        if !from.iter().any(|f| **f == *n.file) {
            from.push(n.file.to_string());
        }
    }
    by.into_iter()
        .map(|(account, from)| OwnAccount {
            account: account.to_string(),
            from,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iban(s: &str) -> Iban {
        Iban::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    fn named(s: &str, file: &str) -> NamedAccount {
        NamedAccount {
            account: iban(s),
            file: Arc::from(file),
        }
    }

    #[test]
    fn configured_and_named_accounts_are_own() {
        let cfg = [iban("NL20INGB0001234567")];
        let own = OwnAccounts::new(&cfg, &[named("NL44RABO0123456789", "bank/r.csv")]);
        assert!(own.contains(&iban("NL20 INGB 0001 2345 67")));
        assert!(own.contains(&iban("NL44RABO0123456789")));
        assert!(!own.contains(&iban("NL71INGB0005007919")));
    }

    #[test]
    fn domestic_numbers_match_dutch_ibans_but_ibans_never_match_by_number() {
        let own = OwnAccounts::new(
            [].iter(),
            &[
                named("123456789", "bank/TXT.TAB"),
                named("NL36INGB0007654321", "bank/s.csv"),
            ],
        );
        assert!(own.contains(&iban("NL02ABNA0123456789")));
        assert!(own.contains(&iban("0123456789")));
        // A domestic number in an old export for an own IBAN.
        assert!(own.contains(&iban("7654321")));
        // The same number at another bank, written as an IBAN, is not own.
        assert!(!own.contains(&iban("NL99RABO0007654321")));
        // Short numbers are too ambiguous to compare.
        let short = OwnAccounts::new([].iter(), &[named("123456", "bank/x")]);
        assert!(!short.contains(&iban("NL02ABNA0000123456")));
    }

    #[test]
    fn the_list_says_where_each_account_came_from() {
        let cfg = [iban("NL20INGB0001234567")];
        let l = list(
            &cfg,
            &[
                named("NL20INGB0001234567", "bank/a.csv"),
                named("NL20INGB0001234567", "bank/b.csv"),
                named("NL20INGB0001234567", "bank/b.csv"),
                named("123456789", "bank/TXT.TAB"),
            ],
        );
        assert_eq!(
            l,
            vec![
                OwnAccount {
                    account: "123456789".into(),
                    from: vec!["bank/TXT.TAB".into()],
                },
                OwnAccount {
                    account: "NL20INGB0001234567".into(),
                    from: vec![FROM_CONFIG.into(), "bank/a.csv".into(), "bank/b.csv".into()],
                },
            ]
        );
    }
}
