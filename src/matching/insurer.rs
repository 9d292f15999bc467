//! Rule 4, insurer: a payment from an insurer (a configured paying IBAN,
//! or a counterparty name that is a configured or register insurer) that
//! names declaration numbers of the specifications is split over those
//! specification lines' invoices by their paid-out amounts.

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

/// Who an insurer payment came from and how that was recognised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InsurerPayer {
    /// The insurer's name as configured or registered.
    pub name: String,
    /// True when recognised by its configured IBAN, false by name.
    pub by_iban: bool,
}

/// Insurer names to recognise payers by: configured first, then those of
/// the register and the specifications.
#[derive(Clone, Debug, Default)]
pub(crate) struct Insurers {
    names: Vec<(String, Vec<String>)>,
}

impl Insurers {
    /// Collects the names, each with its folded words.
    pub fn new(policy: &Policy, book: &Book) -> Insurers {
        let mut names: Vec<(String, Vec<String>)> = Vec::new();
        for name in policy.insurers.keys().chain(book.register_insurers.iter()) {
            let words: Vec<String> = fold(name)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if !words.is_empty() && !names.iter().any(|(_, w)| *w == words) {
                names.push((name.clone(), words));
            }
        }
        Insurers { names }
    }

    /// The insurer a bank line comes from, if it does: by configured IBAN,
    /// else by a name whose words appear, in order and whole, in the
    /// counterparty name ("Zilveren Kruis" in "ZILVEREN KRUIS ACHMEA ZORGV").
    pub fn identify(&self, policy: &Policy, line: &BankLine) -> Option<InsurerPayer> {
        if let Some(name) = line
            .counterparty_iban
            .as_ref()
            .and_then(|i| policy.insurer_of_iban(i))
        {
            return Some(InsurerPayer {
                name: name.to_string(),
                by_iban: true,
            });
        }
        if line.counterparty_name.trim().is_empty() {
            return None;
        }
        let payer = fold(&line.counterparty_name);
        let payer: Vec<&str> = payer.split(' ').filter(|w| !w.is_empty()).collect();
        self.names
            .iter()
            .find(|(_, words)| {
                payer
                    .windows(words.len())
                    .any(|w| w.iter().zip(words).all(|(a, b)| *a == b))
            })
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
    use crate::ledger::Ledger;
    use crate::matching::book::tests::{m, row};
    use crate::matching::tests::bank;

    #[test]
    fn recognises_insurers_by_iban_and_by_name() {
        let policy =
            Policy::from_toml("[insurers]\n\"Zilveren Kruis\" = [\"NL00ABNA0123456789\"]\n")
                .unwrap();
        let mut r = row(2, "F1", "K1", "Jansen", "10.00", "2026-01-01");
        r.insurer = Some("VGZ".into());
        let ledger = Ledger {
            invoices: vec![r],
            ..Ledger::default()
        };
        let book = Book::build(&ledger, &policy, &mut Vec::new());
        let ins = Insurers::new(&policy, &book);
        let by_iban = ins
            .identify(&policy, &bank("1.00", "NL00ABNA0123456789", "x", ""))
            .unwrap();
        assert_eq!(
            (by_iban.name.as_str(), by_iban.by_iban),
            ("Zilveren Kruis", true)
        );
        let by_name = ins
            .identify(
                &policy,
                &bank(
                    "1.00",
                    "NL02RABO0123456789",
                    "ZILVEREN KRUIS ZORGVERZEKERINGEN NV",
                    "",
                ),
            )
            .unwrap();
        assert_eq!(
            (by_name.name.as_str(), by_name.by_iban),
            ("Zilveren Kruis", false)
        );
        assert_eq!(
            ins.identify(&policy, &bank("1.00", "NL02", "Cooperatie VGZ U.A.", ""))
                .unwrap()
                .name,
            "VGZ"
        );
        assert!(
            ins.identify(&policy, &bank("1.00", "NL02", "J. Vgzeman", ""))
                .is_none()
        );
        assert!(
            ins.identify(&policy, &bank("1.00", "NL02", "J. Kruis", ""))
                .is_none()
        );
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
