//! Configuration (docs/configuration.md): TOML read into a raw structure that refuses
//! unknown keys, then validated once into a [`Policy`] that is passed down.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::ident::Iban;
use crate::money::Money;

/// The built-in configuration, printed by `zorgrecon config`.
pub const DEFAULT_CONFIG: &str = r#"# zorgrecon configuration. Amounts are decimal strings.

[provider]
name = "Zorgaanbieder"
ibans = []                      # own accounts; transfers between them are ignored
# refund_account = "NL20INGB0001234567"  # refunds.xml pays from it (default: the only one of ibans)

[policy]
tolerance = "0.01"              # amounts within this are equal
payment_term_days = 30          # due date when an invoice has none
client_share_floor = "0"        # e.g. "0.75": client pays at least 75 % of the invoice
coulance_deadline_days = 0      # 0: none; else days after the due date
deductible_cap = "385.00"       # eigen risico per client per calendar year
spec_reminder_days = 0          # past due by more than this without a specification: to chase

# Per-insurer overrides of the policy, e.g.:
# [policy.insurer."Zilveren Kruis"]
# client_share_floor = "0.75"

[insurers]                      # insurer names and their paying IBANs
# "Zilveren Kruis" = ["NL00ABNA0123456789"]

[matching]
fifo = true                     # docs/matching.md rule 5
max_subset = 8                  # largest set of invoices one payment may cover by sum
max_subset_candidates = 24      # open invoices of one client searched for a subset

# Billing agents (facturatiediensten) whose clients pay the agent, e.g.:
# [agents."Infomedics"]
# ibans = ["NL34ABNA0243240058"]   # the accounts it pays out from
# payout_days = 14                 # a batch not paid out after this many days is a warning
# all_invoices = false             # true: every invoice goes through it unless the register says otherwise

[letters]                       # letters.csv and the letters sheet: whom to write to, and when
reminder_days = 14              # open amount more than this many days past due: a reminder
final_notice_days = 44          # more than this many days past due: the final (14-day) notice
minimum = "5.00"                # a letter for less than this (summed over its invoices) is not written
collection_costs = false        # true: the final notice charges collection costs by the BIK scale
delivery_days = 2               # days the letter takes to arrive; pay_by = as-of + this + 14
# iban = "NL20INGB0001234567"   # the account the letters ask to pay into (default: refund_account)

[bookkeeping]                   # journal.csv: the write-off bookings
writeoff_account = "8400"       # debit: coulance / afboeking debiteuren
receivables_account = "1300"    # credit: debiteuren
journal = "MEM"
"#;

/// Why a configuration could not be used. The message names the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Not TOML, an unknown key, or a value of the wrong type.
    #[error("{0}")]
    Toml(String),
    /// A value of the right type that makes no sense.
    #[error("invalid value for `{key}`: {why}")]
    Invalid {
        /// The dotted key.
        key: String,
        /// What is wrong with it.
        why: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    provider: RawProvider,
    #[serde(default)]
    policy: RawPolicy,
    #[serde(default)]
    insurers: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    matching: RawMatching,
    #[serde(default)]
    bookkeeping: RawBookkeeping,
    #[serde(default)]
    agents: BTreeMap<String, RawAgent>,
    #[serde(default)]
    letters: RawLetters,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLetters {
    reminder_days: Option<i64>,
    final_notice_days: Option<i64>,
    minimum: Option<String>,
    collection_costs: Option<bool>,
    delivery_days: Option<i64>,
    iban: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgent {
    #[serde(default)]
    ibans: Vec<String>,
    payout_days: Option<i64>,
    all_invoices: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    name: Option<String>,
    #[serde(default)]
    ibans: Vec<String>,
    refund_account: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    tolerance: Option<String>,
    payment_term_days: Option<i64>,
    client_share_floor: Option<String>,
    coulance_deadline_days: Option<i64>,
    deductible_cap: Option<String>,
    spec_reminder_days: Option<i64>,
    #[serde(default)]
    insurer: BTreeMap<String, RawInsurerPolicy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInsurerPolicy {
    client_share_floor: Option<String>,
    coulance_deadline_days: Option<i64>,
    payment_term_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatching {
    fifo: Option<bool>,
    max_subset: Option<i64>,
    max_subset_candidates: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBookkeeping {
    writeoff_account: Option<String>,
    receivables_account: Option<String>,
    journal: Option<String>,
}

/// Policy that may differ per insurer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InsurerPolicy {
    /// Share of the net amount the client pays at least (0 ≤ floor < 1).
    pub client_share_floor: Decimal,
    /// Days after the due date after which no coulance is granted; 0: none.
    pub coulance_deadline_days: u32,
    /// Due date = invoice date + this, when the invoice has none.
    pub payment_term_days: u32,
}

/// Ledger accounts for `journal.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bookkeeping {
    /// Debited with the write-off.
    pub writeoff_account: String,
    /// Credited with the write-off (the receivables).
    pub receivables_account: String,
    /// Journal code.
    pub journal: String,
}

/// A billing agent (docs/configuration.md, `[agents."NAME"]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    /// The accounts the agent pays out from: a credit from one of them is
    /// a payout, never a client payment.
    pub ibans: Vec<Iban>,
    /// A batch not paid out this many days after its payout date is a
    /// warning.
    pub payout_days: u32,
    /// Every invoice goes through this agent unless the register says
    /// otherwise.
    pub all_invoices: bool,
}

/// Letters to clients (docs/configuration.md, `[letters]`; `letters.csv`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Letters {
    /// An open amount more than this many days past due gets a reminder.
    pub reminder_days: u32,
    /// More than this many days past due: the final (14-day) notice. At
    /// least `reminder_days`.
    pub final_notice_days: u32,
    /// A letter whose invoices sum to less than this is not written.
    pub minimum: Money,
    /// The final notice charges collection costs by the BIK scale.
    pub collection_costs: bool,
    /// Days a letter takes to arrive: `pay_by` = as-of + this + 14.
    pub delivery_days: u32,
    /// The account the letters ask to pay into: configured, else the
    /// refund account.
    pub iban: Option<Iban>,
}

/// The validated configuration the whole job runs with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Provider name for report titles.
    pub provider_name: String,
    /// The provider's own accounts.
    pub own_ibans: BTreeSet<Iban>,
    /// The account refunds are paid from (`refunds.xml`): configured, else
    /// the one own account when exactly one is configured.
    pub refund_account: Option<Iban>,
    /// Amounts within this are equal.
    pub tolerance: Money,
    /// Default policy.
    pub default: InsurerPolicy,
    /// Per insurer (name as configured), complete policies.
    pub per_insurer: BTreeMap<String, InsurerPolicy>,
    /// Insurer name → its paying accounts.
    pub insurers: BTreeMap<String, Vec<Iban>>,
    /// Deductible (eigen risico) per client per calendar year.
    pub deductible_cap: Money,
    /// An open or partially paid invoice without a specification whose due
    /// date passed by more than this many days is on the list to chase.
    pub spec_reminder_days: u32,
    /// docs/matching.md rule 5: oldest-first allocation.
    pub fifo: bool,
    /// Largest set of invoices one payment may cover by sum.
    pub max_subset: usize,
    /// Most open invoices of one client searched for a subset.
    pub max_subset_candidates: usize,
    /// Journal accounts.
    pub bookkeeping: Bookkeeping,
    /// Billing agents by name, as configured.
    pub agents: BTreeMap<String, Agent>,
    /// Letters to clients.
    pub letters: Letters,
}

impl Default for Policy {
    fn default() -> Policy {
        // The built-in text is tested to parse; this cannot fail.
        Policy::from_toml(DEFAULT_CONFIG)
            .unwrap_or_else(|e| unreachable!("built-in configuration: {e}"))
    }
}

impl Policy {
    /// Reads and validates a configuration text. Missing keys take the
    /// built-in defaults.
    pub fn from_toml(text: &str) -> Result<Policy, ConfigError> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| ConfigError::Toml(one_line(&e.to_string())))?;
        validate(raw)
    }

    /// The policy for an insurer (by configured name, compared without case
    /// and accents), else the default.
    pub fn for_insurer(&self, insurer: Option<&str>) -> &InsurerPolicy {
        insurer
            .and_then(|name| {
                let key = crate::text::fold(name);
                self.per_insurer
                    .iter()
                    .find(|(k, _)| crate::text::fold(k) == key)
                    .map(|(_, v)| v)
            })
            .unwrap_or(&self.default)
    }

    /// The configured agent whose payout accounts include `iban`.
    pub fn agent_of_iban(&self, iban: &Iban) -> Option<&str> {
        self.agents
            .iter()
            .find(|(_, a)| a.ibans.contains(iban))
            .map(|(k, _)| k.as_str())
    }

    /// The configured agent of this name (compared without case, accents
    /// and spaces), as configured.
    pub fn agent_named(&self, name: &str) -> Option<&str> {
        let key = crate::text::fold(name).replace(' ', "");
        self.agents
            .keys()
            .find(|k| crate::text::fold(k).replace(' ', "") == key)
            .map(String::as_str)
    }

    /// The agent every invoice goes through unless the register says
    /// otherwise (at most one: checked when the configuration is read).
    pub fn agent_for_all(&self) -> Option<&str> {
        self.agents
            .iter()
            .find(|(_, a)| a.all_invoices)
            .map(|(k, _)| k.as_str())
    }

    /// The configured insurer whose paying accounts include `iban`.
    pub fn insurer_of_iban(&self, iban: &Iban) -> Option<&str> {
        self.insurers
            .iter()
            .find(|(_, ibans)| ibans.contains(iban))
            .map(|(k, _)| k.as_str())
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decimal(key: &str, text: &str) -> Result<Decimal, ConfigError> {
    Decimal::from_str(text.trim()).map_err(|_| ConfigError::Invalid {
        key: key.to_string(),
        why: format!("`{text}` is not a decimal number"),
    })
}

fn days(key: &str, v: i64) -> Result<u32, ConfigError> {
    u32::try_from(v)
        .ok()
        .filter(|d| *d <= 36_500)
        .ok_or_else(|| ConfigError::Invalid {
            key: key.to_string(),
            why: format!("{v} is not a number of days from 0 to 36500"),
        })
}

fn floor(key: &str, text: &str) -> Result<Decimal, ConfigError> {
    let d = decimal(key, text)?;
    if d < Decimal::ZERO || d >= Decimal::ONE {
        return Err(ConfigError::Invalid {
            key: key.to_string(),
            why: format!("{d} must be at least 0 and below 1"),
        });
    }
    Ok(d)
}

fn iban(key: &str, text: &str) -> Result<Iban, ConfigError> {
    Iban::parse(text).ok_or_else(|| ConfigError::Invalid {
        key: key.to_string(),
        why: format!("`{text}` is not an account number"),
    })
}

fn validate(raw: RawConfig) -> Result<Policy, ConfigError> {
    let tolerance = decimal(
        "policy.tolerance",
        raw.policy.tolerance.as_deref().unwrap_or("0.01"),
    )?;
    if tolerance < Decimal::ZERO || tolerance > Decimal::ONE {
        return Err(ConfigError::Invalid {
            key: "policy.tolerance".into(),
            why: format!("{tolerance} must be between 0 and 1"),
        });
    }
    let default = InsurerPolicy {
        client_share_floor: floor(
            "policy.client_share_floor",
            raw.policy.client_share_floor.as_deref().unwrap_or("0"),
        )?,
        coulance_deadline_days: days(
            "policy.coulance_deadline_days",
            raw.policy.coulance_deadline_days.unwrap_or(0),
        )?,
        payment_term_days: days(
            "policy.payment_term_days",
            raw.policy.payment_term_days.unwrap_or(30),
        )?,
    };
    let mut per_insurer = BTreeMap::new();
    for (name, p) in &raw.policy.insurer {
        let k = |f: &str| format!("policy.insurer.\"{name}\".{f}");
        let ip = InsurerPolicy {
            client_share_floor: match &p.client_share_floor {
                Some(t) => floor(&k("client_share_floor"), t)?,
                None => default.client_share_floor,
            },
            coulance_deadline_days: match p.coulance_deadline_days {
                Some(d) => days(&k("coulance_deadline_days"), d)?,
                None => default.coulance_deadline_days,
            },
            payment_term_days: match p.payment_term_days {
                Some(d) => days(&k("payment_term_days"), d)?,
                None => default.payment_term_days,
            },
        };
        per_insurer.insert(name.clone(), ip);
    }
    let mut own_ibans = BTreeSet::new();
    for (i, t) in raw.provider.ibans.iter().enumerate() {
        own_ibans.insert(iban(&format!("provider.ibans[{i}]"), t)?);
    }
    let mut insurers = BTreeMap::new();
    for (name, list) in &raw.insurers {
        let mut v = Vec::new();
        for (i, t) in list.iter().enumerate() {
            v.push(iban(&format!("insurers.\"{name}\"[{i}]"), t)?);
        }
        insurers.insert(name.clone(), v);
    }
    let deductible_cap = decimal(
        "policy.deductible_cap",
        raw.policy.deductible_cap.as_deref().unwrap_or("385.00"),
    )?;
    if deductible_cap < Decimal::ZERO {
        return Err(ConfigError::Invalid {
            key: "policy.deductible_cap".into(),
            why: "must not be negative".into(),
        });
    }
    let count =
        |key: &str, v: Option<i64>, default: usize, max: usize| -> Result<usize, ConfigError> {
            let v = v.unwrap_or(default as i64);
            usize::try_from(v)
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| ConfigError::Invalid {
                    key: key.into(),
                    why: format!("{v} must be from 0 to {max}"),
                })
        };
    let mut agents = BTreeMap::new();
    for (name, a) in &raw.agents {
        let k = |f: &str| format!("agents.\"{name}\".{f}");
        if name.trim().is_empty() {
            return Err(ConfigError::Invalid {
                key: "agents".into(),
                why: "an agent needs a name".into(),
            });
        }
        let mut ibans = Vec::new();
        for (i, t) in a.ibans.iter().enumerate() {
            ibans.push(iban(&format!("{}[{i}]", k("ibans")), t)?);
        }
        agents.insert(
            name.clone(),
            Agent {
                ibans,
                payout_days: days(&k("payout_days"), a.payout_days.unwrap_or(14))?,
                all_invoices: a.all_invoices.unwrap_or(false),
            },
        );
    }
    let for_all: Vec<&String> = agents
        .iter()
        .filter(|(_, a)| a.all_invoices)
        .map(|(k, _)| k)
        .collect();
    if for_all.len() > 1 {
        return Err(ConfigError::Invalid {
            key: format!("agents.\"{}\".all_invoices", for_all[1]),
            why: format!(
                "only one agent can take all invoices, and `{}` already does",
                for_all[0]
            ),
        });
    }
    for (name, a) in &agents {
        for i in &a.ibans {
            if own_ibans.contains(i) || insurers.values().any(|v| v.contains(i)) {
                return Err(ConfigError::Invalid {
                    key: format!("agents.\"{name}\".ibans"),
                    why: format!("{i} is also an own account or an insurer's"),
                });
            }
        }
    }
    let refund_account = match &raw.provider.refund_account {
        Some(t) => Some(iban("provider.refund_account", t)?),
        None if own_ibans.len() == 1 => own_ibans.iter().next().cloned(),
        None => None,
    };
    let letters = letters(&raw.letters, refund_account.as_ref())?;
    let bk = raw.bookkeeping;
    Ok(Policy {
        provider_name: raw.provider.name.unwrap_or_else(|| "Zorgaanbieder".into()),
        own_ibans,
        refund_account,
        tolerance: Money::new(tolerance),
        default,
        per_insurer,
        insurers,
        deductible_cap: Money::new(deductible_cap),
        spec_reminder_days: days(
            "policy.spec_reminder_days",
            raw.policy.spec_reminder_days.unwrap_or(0),
        )?,
        fifo: raw.matching.fifo.unwrap_or(true),
        max_subset: count("matching.max_subset", raw.matching.max_subset, 8, 16)?,
        max_subset_candidates: count(
            "matching.max_subset_candidates",
            raw.matching.max_subset_candidates,
            24,
            64,
        )?,
        bookkeeping: Bookkeeping {
            writeoff_account: bk.writeoff_account.unwrap_or_else(|| "8400".into()),
            receivables_account: bk.receivables_account.unwrap_or_else(|| "1300".into()),
            journal: bk.journal.unwrap_or_else(|| "MEM".into()),
        },
        agents,
        letters,
    })
}

fn letters(raw: &RawLetters, refund_account: Option<&Iban>) -> Result<Letters, ConfigError> {
    let reminder_days = days("letters.reminder_days", raw.reminder_days.unwrap_or(14))?;
    let final_notice_days = days(
        "letters.final_notice_days",
        raw.final_notice_days.unwrap_or(44),
    )?;
    if final_notice_days < reminder_days {
        return Err(ConfigError::Invalid {
            key: "letters.final_notice_days".into(),
            why: format!("{final_notice_days} must be at least reminder_days ({reminder_days})"),
        });
    }
    let minimum = decimal("letters.minimum", raw.minimum.as_deref().unwrap_or("5.00"))?;
    if minimum < Decimal::ZERO || Money::bounded(minimum).is_none() {
        return Err(ConfigError::Invalid {
            key: "letters.minimum".into(),
            why: format!("{minimum} must be an amount of at least 0"),
        });
    }
    let delivery_days = days("letters.delivery_days", raw.delivery_days.unwrap_or(2))?;
    if delivery_days > 60 {
        return Err(ConfigError::Invalid {
            key: "letters.delivery_days".into(),
            why: format!("{delivery_days} must be from 0 to 60"),
        });
    }
    let iban = match &raw.iban {
        Some(t) => Some(iban("letters.iban", t)?),
        None => refund_account.cloned(),
    };
    Ok(Letters {
        reminder_days,
        final_notice_days,
        minimum: Money::new(minimum).round_cents(),
        collection_costs: raw.collection_costs.unwrap_or(false),
        delivery_days,
        iban,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_are_read_with_their_accounts_and_defaults() {
        let p = Policy::from_toml(
            r#"
[agents."Infomedics"]
ibans = ["NL34ABNA0243240058"]
all_invoices = true
[agents.Famed]
payout_days = 7
"#,
        )
        .unwrap();
        let iban = Iban::parse("NL34 ABNA 0243 2400 58").unwrap();
        assert_eq!(p.agent_of_iban(&iban), Some("Infomedics"));
        assert_eq!(p.agents["Infomedics"].payout_days, 14);
        assert_eq!(p.agents["Famed"].payout_days, 7);
        assert_eq!(p.agent_for_all(), Some("Infomedics"));
        assert_eq!(p.agent_named("infomedics"), Some("Infomedics"));
        assert_eq!(p.agent_named("famed "), Some("Famed"));
        assert_eq!(p.agent_named("CM"), None);
    }

    #[test]
    fn agent_mistakes_name_the_key() {
        for (text, key) in [
            (
                "[agents.A]\nall_invoices = true\n[agents.B]\nall_invoices = true",
                "agents.\"B\".all_invoices",
            ),
            ("[agents.A]\nibans = [\"--\"]", "agents.\"A\".ibans[0]"),
            ("[agents.A]\npayout_days = -1", "agents.\"A\".payout_days"),
            ("[agents.A]\nfee = 1", "fee"),
            (
                "[provider]\nibans = [\"NL34ABNA0243240058\"]\n[agents.A]\nibans = [\"NL34ABNA0243240058\"]",
                "agents.\"A\".ibans",
            ),
        ] {
            let e = Policy::from_toml(text).unwrap_err().to_string();
            assert!(e.contains(key), "{text}: {e}");
        }
    }

    #[test]
    fn letters_are_read_with_their_defaults_and_checked() {
        let p = Policy::default();
        assert_eq!(p.letters.reminder_days, 14);
        assert_eq!(p.letters.final_notice_days, 44);
        assert_eq!(p.letters.minimum, Money::from_cents(500));
        assert!(!p.letters.collection_costs);
        assert_eq!(p.letters.delivery_days, 2);
        assert_eq!(p.letters.iban, None);
        let p = Policy::from_toml(
            "[provider]\nibans = [\"NL91ABNA0417164300\"]\n[letters]\nreminder_days = 7\nfinal_notice_days = 30\nminimum = \"0\"\ncollection_costs = true\ndelivery_days = 3\n",
        )
        .unwrap();
        assert_eq!(p.letters.reminder_days, 7);
        assert_eq!(p.letters.final_notice_days, 30);
        assert_eq!(p.letters.minimum, Money::ZERO);
        assert!(p.letters.collection_costs);
        assert_eq!(p.letters.delivery_days, 3);
        assert_eq!(p.letters.iban, Iban::parse("NL91ABNA0417164300"));
        for (text, key) in [
            (
                "[letters]\nreminder_days = 30\nfinal_notice_days = 20",
                "letters.final_notice_days",
            ),
            ("[letters]\nminimum = \"-1\"", "letters.minimum"),
            ("[letters]\ndelivery_days = 61", "letters.delivery_days"),
            ("[letters]\niban = \"--\"", "letters.iban"),
            ("[letters]\nremind_days = 3", "remind_days"),
        ] {
            let e = Policy::from_toml(text).unwrap_err().to_string();
            assert!(e.contains(key), "{text}: {e}");
        }
    }

    #[test]
    fn built_in_default_parses() {
        let p = Policy::from_toml(DEFAULT_CONFIG).unwrap();
        assert_eq!(p.tolerance, Money::from_cents(1));
        assert_eq!(p.default.payment_term_days, 30);
        assert_eq!(p.max_subset, 8);
        assert_eq!(p.spec_reminder_days, 0);
        // `zorgrecon config` shows the key with the other policy keys.
        assert!(DEFAULT_CONFIG.contains("\nspec_reminder_days = 0 "));
        assert!(p.fifo);
        assert_eq!(p, Policy::from_toml("").unwrap());
    }

    #[test]
    fn spec_example_with_insurer_override() {
        let text = r#"
[provider]
name = "Balans Thuiszorg"
ibans = ["NL91 ABNA 0417 1643 00"]
[policy]
tolerance = "0.01"
client_share_floor = "0"
[policy.insurer."Zilveren Kruis"]
client_share_floor = "0.75"
[insurers]
"Zilveren Kruis" = ["NL00ABNA0123456789"]
[matching]
fifo = false
max_subset = 6
"#;
        let p = Policy::from_toml(text).unwrap();
        assert_eq!(
            p.for_insurer(Some("zilveren kruis")).client_share_floor,
            Decimal::new(75, 2)
        );
        assert_eq!(p.for_insurer(Some("VGZ")).client_share_floor, Decimal::ZERO);
        assert_eq!(p.for_insurer(None).client_share_floor, Decimal::ZERO);
        let zk = Iban::parse("NL00ABNA0123456789").unwrap();
        assert_eq!(p.insurer_of_iban(&zk), Some("Zilveren Kruis"));
        assert!(
            p.own_ibans
                .contains(&Iban::parse("NL91ABNA0417164300").unwrap())
        );
        assert!(!p.fifo);
        let p = Policy::from_toml("[policy]\nspec_reminder_days = 14\n").unwrap();
        assert_eq!(p.spec_reminder_days, 14);
    }

    #[test]
    fn errors_name_the_key() {
        let e = Policy::from_toml("[policy]\ntolerence = \"0.01\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("tolerence"), "{e}");
        let e = Policy::from_toml("[policy]\nclient_share_floor = \"1.5\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("policy.client_share_floor"), "{e}");
        let e = Policy::from_toml("[policy]\ntolerance = \"abc\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("policy.tolerance"), "{e}");
        let e = Policy::from_toml("[matching]\nmax_subset = -1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("matching.max_subset"), "{e}");
        let e = Policy::from_toml("[policy.insurer.\"VGZ\"]\nclient_share_floor = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("policy.insurer.\"VGZ\".client_share_floor"),
            "{e}"
        );
        for bad in ["-1", "36501", "\"14\"", "1.5"] {
            let e = Policy::from_toml(&format!("[policy]\nspec_reminder_days = {bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(e.contains("spec_reminder_days"), "{bad}: {e}");
        }
        let e = Policy::from_toml("[policy]\npayment_term_days = \"30\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("payment_term_days"), "{e}");
    }
}
