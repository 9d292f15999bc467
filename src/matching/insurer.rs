//! Rule 4, insurer: a payment from an insurer (a configured paying IBAN,
//! or a counterparty name that is a configured or register insurer) that
//! names declaration numbers of the specifications is split over those
//! specification lines' invoices by their paid-out amounts.
//!
//! Accounts come before names. A configured insurer account is that
//! insurer's whatever the name says; an account the register gives for a
//! client, or that pass 1 learned as a client's, is the client's whatever
//! the name says ("DSW de Bosman" paying from her own account). A name
//! alone makes an insurer only for an insurer whose accounts are not
//! configured, and only from an account that is not known. The register's
//! accounts are known before the passes ([`Insurers::identify`]); the
//! learned ones only at the line's turn ([`InsurerPayer::at_turn`]).

use crate::config::Policy;
use crate::ident::invoice_key;
use crate::money::Money;
use crate::note::{Fact, Note};
use crate::outcome::Rule;
use crate::payment::BankLine;
use crate::reference::match_tokens;
use crate::text::{Text, fold};

use super::book::{Book, split_in_order};
use super::decision::Decision;
use super::state::Learned;

/// Who an insurer payment came from and how that was recognised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InsurerPayer {
    /// The insurer's name as configured or registered.
    pub name: String,
    /// True when recognised by its configured IBAN, false by name.
    pub by_iban: bool,
}

impl InsurerPayer {
    /// This reading at the line's turn in the passes, given the client
    /// accounts learned so far: one by name is dropped when the payer's
    /// account has been learned as a client's, since a known client
    /// account is a client payment whatever the name says. The account
    /// links the line to every line that could teach it (`groups.rs`), so
    /// the answer is the one a single sequence gives.
    pub fn at_turn(&self, line: &BankLine, learned: &Learned) -> Option<&InsurerPayer> {
        let known = line
            .counterparty_iban
            .as_ref()
            .is_some_and(|i| !learned.clients(i).is_empty());
        (self.by_iban || !known).then_some(self)
    }
}

/// Insurer names to recognise payers by: configured first, then those of
/// the register and the specifications; none of an insurer whose paying
/// accounts are configured, since its payments are known by account.
#[derive(Clone, Debug, Default)]
pub(crate) struct Insurers {
    names: Vec<(String, Vec<String>)>,
    /// The folded words of the insurers whose accounts are configured, and
    /// of the register's names for them.
    by_account: Vec<Vec<String>>,
}

/// A name's folded words.
fn words(name: &str) -> Vec<String> {
    fold(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when `needle`'s words appear, in order and whole, among `hay`'s.
fn within<S: AsRef<str>>(hay: &[S], needle: &[String]) -> bool {
    !needle.is_empty()
        && hay
            .windows(needle.len())
            .any(|w| w.iter().zip(needle).all(|(a, b)| a.as_ref() == b))
}

impl Insurers {
    /// Collects the names, each with its folded words. A configured
    /// insurer with accounts is left out, and so is a register or
    /// specification name of it: one whose words hold the configured
    /// name's, or are held in them ("DSW Zorgverzekeraar" for "DSW").
    pub fn new(policy: &Policy, book: &Book) -> Insurers {
        let configured: Vec<Vec<String>> = policy
            .insurers
            .iter()
            .filter(|(_, accounts)| !accounts.is_empty())
            .map(|(name, _)| words(name))
            .filter(|w| !w.is_empty())
            .collect();
        let mut names: Vec<(String, Vec<String>)> = Vec::new();
        let mut by_account = configured.clone();
        for name in policy.insurers.keys().chain(book.register_insurers.iter()) {
            let words = words(name);
            if words.is_empty() {
                continue;
            }
            let paid_by_account = configured
                .iter()
                .any(|c| within(&words, c) || within(c, &words));
            if paid_by_account {
                if !by_account.contains(&words) {
                    by_account.push(words);
                }
            } else if !names.iter().any(|(_, w)| *w == words) {
                names.push((name.clone(), words));
            }
        }
        Insurers { names, by_account }
    }

    /// True when the payer's name holds the name of an insurer whose
    /// accounts are configured, while the account is none of them: an
    /// account of that insurer nobody configured, or a client named like
    /// it ("DSW de Bosman"). Such a payment is no insurer's, but it never
    /// teaches a client account either: were it the insurer's, its later
    /// payments would be given to that client by rule 5.
    pub fn named_like_one_known_by_account(&self, policy: &Policy, line: &BankLine) -> bool {
        if self.by_account.is_empty()
            || line
                .counterparty_iban
                .as_ref()
                .is_some_and(|i| policy.insurer_of_iban(i).is_some())
        {
            return false;
        }
        let payer = fold(&line.counterparty_name);
        let payer: Vec<&str> = payer.split(' ').filter(|w| !w.is_empty()).collect();
        self.by_account.iter().any(|words| within(&payer, words))
    }

    /// The insurer a bank line may come from, before the passes: by a
    /// configured IBAN; else, unless the register gives the account for a
    /// client, by a name whose words appear, in order and whole, in the
    /// counterparty name ("Zilveren Kruis" in "ZILVEREN KRUIS ACHMEA
    /// ZORGV"). A reading by name is settled at the line's turn
    /// ([`InsurerPayer::at_turn`]).
    pub fn identify(&self, policy: &Policy, book: &Book, line: &BankLine) -> Option<InsurerPayer> {
        if let Some(iban) = &line.counterparty_iban {
            if let Some(name) = policy.insurer_of_iban(iban) {
                return Some(InsurerPayer {
                    name: name.to_string(),
                    by_iban: true,
                });
            }
            if !book.register_clients_of(iban).is_empty() {
                return None;
            }
        }
        if line.counterparty_name.trim().is_empty() {
            return None;
        }
        let payer = fold(&line.counterparty_name);
        let payer: Vec<&str> = payer.split(' ').filter(|w| !w.is_empty()).collect();
        self.names
            .iter()
            .find(|(_, words)| within(&payer, words))
            .map(|(name, _)| InsurerPayer {
                name: name.clone(),
                by_iban: false,
            })
    }
}

/// The declarations a line names, in the order named, and the invoices
/// their lines are for with the paid-out amount of each, in that order.
/// Depends on the book alone.
pub(crate) fn declared(book: &Book, line: &BankLine) -> (Vec<String>, Vec<(usize, Money)>) {
    let mut tokens: Vec<String> = line.references.iter().map(|r| invoice_key(r)).collect();
    tokens.extend(match_tokens(&line.description));
    let mut named: Vec<String> = Vec::new();
    let mut targets: Vec<(usize, Money)> = Vec::new();
    for token in tokens {
        let Some(lines) = book.by_declaration.get(&token) else {
            continue;
        };
        if named.contains(&token) {
            continue;
        }
        named.push(token);
        for l in lines {
            match targets.iter_mut().find(|(i, _)| *i == l.invoice) {
                Some(t) => t.1 += l.paid_out,
                None => targets.push((l.invoice, l.paid_out)),
            }
        }
    }
    (named, targets)
}

/// Rule 4 for a credit from an insurer. `None` when it names no known
/// declaration.
///
/// The split follows rule 2's shape: the lines in the order their
/// declarations are named (then in source order), each up to its paid-out
/// amount, the remainder to the last. When the payment equals the paid-out
/// total (the usual case) every invoice gets exactly its line's paid-out;
/// when it differs, the note says by how much.
pub(crate) fn decide(book: &Book, payer: &InsurerPayer, line: &BankLine) -> Option<Decision> {
    let (named, targets) = declared(book, line);
    if targets.is_empty() {
        return None;
    }
    let paid_out: Money = targets.iter().map(|(_, p)| *p).sum();
    let parts = split_in_order(line.amount, &targets);
    let mut facts = vec![
        Fact::Declarations {
            insurer: Text::from(payer.name.as_str()),
            by_iban: payer.by_iban,
            declarations: named.iter().map(|d| Text::from(d.as_str())).collect(),
        },
        Fact::SplitByPaidOut,
    ];
    if line.amount != paid_out {
        facts.push(Fact::PaidOutDiffers {
            paid_out,
            by: (line.amount - paid_out).abs(),
        });
    }
    let note = Note::of(facts);
    Some(Decision::allocated(Rule::Insurer, parts, note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ident::Iban;
    use crate::ledger::Ledger;
    use crate::matching::book::tests::{m, row};
    use crate::matching::tests::bank;

    #[test]
    fn recognises_insurers_by_iban_and_by_name() {
        let policy = Policy::from_toml(
            "[insurers]\n\"Zilveren Kruis\" = [\"NL00ABNA0123456789\"]\nMenzis = []\n",
        )
        .unwrap();
        let mut r = row(2, "F1", "K1", "Jansen", "10.00", "2026-01-01");
        r.insurer = Some("VGZ".into());
        r.client_ibans = Iban::parse("NL11RABO0000000001").into_iter().collect();
        // The register's spelling of an insurer whose accounts are
        // configured is no name to recognise it by either.
        let mut z = row(3, "F2", "K2", "Pieters", "10.00", "2026-01-01");
        z.insurer = Some("Zilveren Kruis Achmea".into());
        let ledger = Ledger {
            invoices: vec![r, z],
            ..Ledger::default()
        };
        let book = Book::build(&ledger, &policy, &mut Vec::new());
        let ins = Insurers::new(&policy, &book);
        let id =
            |iban: &str, name: &str| ins.identify(&policy, &book, &bank("1.00", iban, name, ""));
        let by_iban = id("NL00ABNA0123456789", "x").unwrap();
        assert_eq!(
            (by_iban.name.as_str(), by_iban.by_iban),
            ("Zilveren Kruis", true)
        );
        // Its accounts are configured: from another account the name is
        // not enough.
        assert_eq!(
            id("NL02RABO0123456789", "ZILVEREN KRUIS ZORGVERZEKERINGEN NV"),
            None
        );
        assert_eq!(id("NL02RABO0123456789", "Zilveren Kruis Achmea"), None);
        // No accounts configured (Menzis) or only named in the register
        // (VGZ): recognised by name from an unknown account.
        let by_name = id("NL02RABO0123456789", "Cooperatie VGZ U.A.").unwrap();
        assert_eq!((by_name.name.as_str(), by_name.by_iban), ("VGZ", false));
        assert_eq!(id("NL02", "MENZIS ZORGVERZEKERAAR").unwrap().name, "Menzis");
        assert_eq!(id("", "VGZ").unwrap().name, "VGZ");
        assert_eq!(id("NL02", "J. Vgzeman"), None);
        assert_eq!(id("NL02", "J. Kruis"), None);
        // An account the register gives for a client is the client's.
        assert_eq!(id("NL11RABO0000000001", "VGZ de Jansen"), None);

        // One learned as a client's is too, at the line's turn; a
        // configured insurer account stays the insurer's.
        let line = bank("1.00", "NL02RABO0123456789", "VGZ de Jansen", "");
        let mut learned = Learned::default();
        assert!(by_name.at_turn(&line, &learned).is_some());
        learned.learn(&Iban::parse("NL02RABO0123456789").unwrap(), 0, "P1");
        assert!(by_name.at_turn(&line, &learned).is_none());
        assert!(by_iban.at_turn(&line, &learned).is_some());
    }

    #[test]
    fn splits_by_paid_out_over_the_declared_lines() {
        use crate::spec::SpecLine;
        let spec = |line: u64, inv: &str, decl: &str, paid: &str| {
            let mut s: SpecLine = crate::matching::tests::spec_line(line, inv, Some(paid), None);
            s.declaration_number = Some(decl.into());
            s.paid_out = Some(m(paid));
            s
        };
        let ledger = Ledger {
            invoices: vec![
                row(2, "F1", "K1", "Jansen", "500.00", "2026-01-01"),
                row(3, "F2", "K2", "Pietersen", "500.00", "2026-01-01"),
            ],
            spec_lines: vec![
                spec(2, "F1", "D-77001", "300.00"),
                spec(3, "F2", "D-77001", "200.00"),
            ],
            ..Ledger::default()
        };
        let policy = Policy::default();
        let book = Book::build(&ledger, &policy, &mut Vec::new());
        let payer = InsurerPayer {
            name: "VGZ".into(),
            by_iban: false,
        };
        let d = decide(
            &book,
            &payer,
            &bank("500.00", "NL02", "VGZ", "declaratie D77001"),
        )
        .unwrap();
        assert_eq!(d.allocations, vec![(0, m("300.00")), (1, m("200.00"))]);
        let d = decide(
            &book,
            &payer,
            &bank("490.00", "NL02", "VGZ", "declaratie D77001"),
        )
        .unwrap();
        assert_eq!(d.allocations, vec![(0, m("300.00")), (1, m("190.00"))]);
        assert_eq!(
            d.note.facts().last(),
            Some(&Fact::PaidOutDiffers {
                paid_out: m("500.00"),
                by: m("10.00"),
            })
        );
        assert!(
            decide(
                &book,
                &payer,
                &bank("500.00", "NL02", "VGZ", "declaratie 99999")
            )
            .is_none()
        );
    }
}
