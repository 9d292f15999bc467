//! docs/matching.md, reversals and refunds. A returned payment (the bank's return
//! information, or a debit that repeats an earlier credit's payer, amount
//! and reference) cancels the original: both are reversed and the invoice
//! never keeps that money. A debit to a client that names an invoice is a
//! refund: allocated to that invoice with its negative amount.
//!
//! Pairing happens before matching, so a reversed credit never reaches an
//! invoice and never teaches its IBAN (rule 5).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::ident::Iban;
use crate::money::Money;
use crate::note::{Fact, How, Note, Returned};
use crate::outcome::Rule;
use crate::payment::BankLine;
use crate::reference::match_tokens;
use crate::text::{Text, fold};

use super::book::{Book, cents};
use super::decision::Decision;
use super::explain;
use super::names::PersonName;
use super::reference::{NamedInvoice, describe, mentions};
use super::state::{Learned, owners};

/// Most earlier lines of one amount a return looks back through.
const LOOK_BACK: usize = 5_000;

/// True when `ret` carries the reference of `orig`: one of its structured
/// references, else one of its description tokens that hold a digit (an
/// invoice or payment number, not a word like "factuur"), else, when it
/// has neither, its whole description.
pub(crate) fn same_reference(orig: &BankLine, ret: &BankLine) -> bool {
    let ret_tokens = match_tokens(&ret.description);
    let ret_refs: Vec<String> = ret
        .references
        .iter()
        .map(|r| crate::ident::invoice_key(r))
        .collect();
    // Hashed: a long description has many tokens, and a `contains` per
    // token of the other line was square time.
    let ret_set: HashSet<&str> = ret_tokens
        .iter()
        .chain(&ret_refs)
        .map(String::as_str)
        .collect();
    let has = |t: &String| ret_set.contains(t.as_str());
    if !orig.references.is_empty() {
        return orig
            .references
            .iter()
            .map(|r| crate::ident::invoice_key(r))
            .any(|r| has(&r));
    }
    let numbered: Vec<String> = match_tokens(&orig.description)
        .into_iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .collect();
    if !numbered.is_empty() {
        return numbered.iter().any(has);
    }
    let o = fold(&orig.description);
    !o.is_empty() && fold(&ret.description).contains(&o)
}

/// Pairs every return with the line it returns. `eligible` excludes
/// duplicates, own transfers and overridden lines. Returns (return,
/// original) pairs in the order of `order`; the original is `None` for a
/// line the bank marks as a return whose original is not in the files.
///
/// A line with return information returns the latest earlier (or same-day)
/// line of the opposite sign and the same amount from the same account
/// (or, without an account, any), preferring one whose reference it
/// repeats, then one with the same name. A debit without return
/// information returns a credit only when it repeats payer account, amount
/// and reference.
pub(crate) fn pair(
    lines: &[BankLine],
    eligible: &[bool],
    order: &[usize],
) -> Vec<(usize, Option<usize>)> {
    // Which (account, amount) and amount keys some return or debit asks
    // for: only lines with those keys are indexed, a few hundred instead
    // of every line.
    let cents_of: Vec<i128> = lines.iter().map(|l| cents(l.amount)).collect();
    let mut wanted_account: HashSet<(&Iban, i128)> = HashSet::new();
    let mut wanted_amount: HashSet<i128> = HashSet::new();
    for &i in order {
        let l = &lines[i];
        if !eligible[i] || l.amount.is_zero() {
            continue;
        }
        let is_return = l.return_info.is_some();
        let want = -cents_of[i];
        match &l.counterparty_iban {
            Some(iban) if is_return || l.amount.is_negative() => {
                wanted_account.insert((iban, want));
                if is_return {
                    wanted_amount.insert(want);
                }
            }
            None if is_return => {
                wanted_amount.insert(want);
            }
            _ => {}
        }
    }
    let mut by_account: HashMap<(&Iban, i128), Vec<usize>> = HashMap::new();
    let mut by_amount: HashMap<i128, Vec<usize>> = HashMap::new();
    for &i in order {
        let l = &lines[i];
        if !eligible[i] || l.return_info.is_some() || l.amount.is_zero() {
            continue;
        }
        let c = cents_of[i];
        if let Some(iban) = &l.counterparty_iban
            && wanted_account.contains(&(iban, c))
        {
            by_account.entry((iban, c)).or_default().push(i);
        }
        if wanted_amount.contains(&c) {
            by_amount.entry(c).or_default().push(i);
        }
    }
    let mut paired = vec![false; lines.len()];
    let mut out = Vec::new();
    for &i in order {
        let l = &lines[i];
        if !eligible[i] || paired[i] || l.amount.is_zero() {
            continue;
        }
        let is_return = l.return_info.is_some();
        let repeats_a_credit = l.amount.is_negative() && l.counterparty_iban.is_some();
        if !is_return && !repeats_a_credit {
            continue;
        }
        let want = -cents_of[i];
        let mut best = match &l.counterparty_iban {
            Some(iban) => best_original(lines, &paired, l, i, by_account.get(&(iban, want)), false),
            None => best_original(lines, &paired, l, i, by_amount.get(&want), false),
        };
        if best.is_none() && is_return && l.counterparty_iban.is_some() {
            // The original may come from a format that gives no account.
            best = best_original(lines, &paired, l, i, by_amount.get(&want), true);
        }
        match best {
            Some(j) => {
                paired[i] = true;
                paired[j] = true;
                out.push((i, Some(j)));
            }
            None if is_return => {
                paired[i] = true;
                out.push((i, None));
            }
            None => {}
        }
    }
    out
}

/// The best earlier line `l` (at index `i`) can return, from `list`
/// (sorted by booking date, then id): for a return the one with the best
/// evidence (repeated reference, then same name), latest first; for a plain
/// debit only one that repeats the reference. `without_account` takes only
/// lines that have no counterparty account.
fn best_original(
    lines: &[BankLine],
    paired: &[bool],
    l: &BankLine,
    i: usize,
    list: Option<&Vec<usize>>,
    without_account: bool,
) -> Option<usize> {
    let list = list.map_or(&[][..], Vec::as_slice);
    let end = list.partition_point(|&j| lines[j].booking_date <= l.booking_date);
    let is_return = l.return_info.is_some();
    let mut best: Option<(u8, usize)> = None;
    for &j in list[..end].iter().rev().take(LOOK_BACK) {
        let o = &lines[j];
        if j == i || paired[j] || (without_account && o.counterparty_iban.is_some()) {
            continue;
        }
        let reference = same_reference(o, l);
        if !is_return && !reference {
            continue;
        }
        let name = !o.counterparty_name.trim().is_empty()
            && fold(&o.counterparty_name) == fold(&l.counterparty_name);
        let score = u8::from(reference) * 2 + u8::from(name);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, j));
        }
        if score == 3 {
            break;
        }
    }
    best.map(|(_, j)| j)
}

/// The decisions for a return and its original.
pub(crate) fn decisions(
    book: &Book,
    lines: &[BankLine],
    ret: usize,
    orig: Option<usize>,
) -> (Decision, Option<Decision>) {
    let r = &lines[ret];
    let reason = r
        .return_info
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(Text::from);
    match orig {
        Some(o) => {
            let ol = &lines[o];
            let named = mentions(book, ol);
            let returned = |l: &BankLine| {
                Box::new(Returned {
                    id: l.id.clone(),
                    source: l.source.clone(),
                    amount: l.amount,
                    reason: reason.clone(),
                })
            };
            (
                Decision::reversed(Note::of(vec![
                    Fact::ReturnOf(returned(ol)),
                    Fact::BothCancelOut,
                ])),
                Some(Decision::reversed(Note::of(vec![
                    Fact::ReturnedBy(returned(r)),
                    Fact::DidNotStay {
                        invoices: explain::numbers(book, named.iter().map(|m| m.invoice)),
                    },
                ]))),
            )
        }
        None => (
            Decision::reversed(Note::of(vec![Fact::LoneReturn { reason }])),
            None,
        ),
    }
}

/// A debit that names an invoice of the client it is paid to: a refund.
/// `Err` carries the invoices a debit names whose client is not the payee.
pub(crate) fn refund(
    book: &Book,
    learned: &Learned,
    line: &BankLine,
    named: &[NamedInvoice],
) -> Result<Decision, Option<Box<[Text]>>> {
    if named.is_empty() {
        return Err(None);
    }
    let payee_clients: Vec<(usize, How)> = line
        .counterparty_iban
        .as_ref()
        .map(|i| owners(book, learned, i))
        .unwrap_or_default();
    let payee_name = PersonName::parse(&line.counterparty_name);
    for m in named {
        let client_idx = book.invoices[m.invoice].client;
        let client = &book.clients[client_idx];
        let by_iban = payee_clients
            .iter()
            .find(|(c, _)| *c == client_idx)
            .map(|(_, how)| Fact::PayeeIban(how.clone()));
        let by_name = || match (&payee_name, &client.parsed) {
            (Some(p), Some(c)) if p.resembles(c) => Some(Fact::PayeeName),
            _ => None,
        };
        if let Some(why) = by_iban.or_else(by_name) {
            let amount: Money = line.amount;
            return Ok(Decision::allocated(
                Rule::Refund,
                vec![(m.invoice, amount)],
                Note::of(vec![
                    Fact::Refund {
                        client: Text::from(client.id.as_str()),
                        name: Text::from(client.name.as_str()),
                        mention: describe(book, m),
                    },
                    why,
                ]),
            ));
        }
    }
    Err(Some(explain::numbers(
        book,
        named.iter().map(|m| m.invoice),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::tests::bank;

    fn dated(mut l: BankLine, date: &str, id: &str) -> BankLine {
        l.booking_date = crate::matching::book::tests::d(date);
        l.id = id.into();
        l
    }

    #[test]
    fn a_debit_repeating_payer_amount_and_reference_returns_the_credit() {
        let lines = vec![
            dated(
                bank("100.00", "NL01", "Jansen", "factuur F1001"),
                "2026-01-02",
                "A",
            ),
            dated(
                bank("100.00", "NL01", "Jansen", "factuur F1001"),
                "2026-01-03",
                "B",
            ),
            dated(
                bank("-100.00", "NL01", "Jansen", "storno factuur F1001"),
                "2026-01-05",
                "C",
            ),
            dated(
                bank("-100.00", "NL01", "Jansen", "terugbetaling F2002"),
                "2026-01-06",
                "D",
            ),
        ];
        let order = vec![0, 1, 2, 3];
        let pairs = pair(&lines, &[true; 4], &order);
        assert_eq!(
            pairs,
            vec![(2, Some(1))],
            "the latest earlier credit; D repeats no reference"
        );
    }

    #[test]
    fn bank_marked_returns_pair_or_stand_alone() {
        let mut ret = dated(
            bank("-55.00", "NL01", "Jansen", "MD06 terugboeking"),
            "2026-01-05",
            "R",
        );
        ret.return_info = Some("MD06".into());
        let mut lone = dated(bank("70.00", "NL09", "X", "retour"), "2026-01-05", "S");
        lone.return_info = Some("AC04".into());
        let lines = vec![
            dated(
                bank("55.00", "NL01", "Jansen", "incasso jan"),
                "2026-01-02",
                "A",
            ),
            ret,
            lone,
        ];
        let pairs = pair(&lines, &[true; 3], &[0, 1, 2]);
        assert_eq!(pairs, vec![(1, Some(0)), (2, None)]);
        let pairs = pair(&lines, &[false, true, true], &[0, 1, 2]);
        assert_eq!(
            pairs,
            vec![(1, None), (2, None)],
            "ineligible originals are not taken"
        );
    }

    #[test]
    fn a_return_finds_an_original_that_came_without_an_account() {
        let mut ret = dated(
            bank("-80.00", "NL01", "Jansen", "retour"),
            "2026-01-05",
            "R",
        );
        ret.return_info = Some("AM04".into());
        let lines = vec![
            dated(bank("80.00", "", "Jansen", "nota 1"), "2026-01-02", "A"),
            dated(bank("80.00", "NL07", "Bakker", "nota 2"), "2026-01-03", "B"),
            dated(bank("80.00", "", "Jansen", "later"), "2026-01-09", "C"),
            ret,
        ];
        let pairs = pair(&lines, &[true; 4], &[0, 1, 3, 2]);
        assert_eq!(pairs, vec![(3, Some(0))]);
    }

    #[test]
    fn references_compare_structured_fields_first() {
        let mut a = bank("10.00", "NL01", "x", "bla");
        a.references = vec!["5000056789012345".into()].into();
        let mut b = bank("-10.00", "NL01", "x", "retour");
        assert!(!same_reference(&a, &b));
        b.references = vec!["5000 0567 8901 2345".into()].into();
        assert!(same_reference(&a, &b));
        let c = bank("10.00", "NL01", "x", "Gift");
        assert!(same_reference(
            &c,
            &bank("-10.00", "NL01", "x", "storno gift")
        ));
        assert!(!same_reference(
            &bank("10.00", "NL01", "x", ""),
            &bank("-10.00", "NL01", "x", "")
        ));
    }

    #[test]
    fn long_descriptions_compare_by_their_numbered_tokens() {
        // Thousands of tokens on both sides (square time before): only the
        // last token of the original is in the return.
        let many = |p: &str, n: usize| -> String {
            (0..n).map(|i| format!("{p}{i:05} ")).collect::<String>()
        };
        let orig = bank(
            "10.00",
            "NL01",
            "x",
            &format!("{}NR99999", many("A", 20_000)),
        );
        let ret = bank(
            "-10.00",
            "NL01",
            "x",
            &format!("{}NR99999", many("B", 20_000)),
        );
        assert!(same_reference(&orig, &ret));
        let other = bank("-10.00", "NL01", "x", &many("B", 20_000));
        assert!(!same_reference(&orig, &other));
    }
}
