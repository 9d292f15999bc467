//! The balances as each format states them, turned into the [`Mark`]s of
//! [`super::balance`]: the small pieces the readers call, so that a reader
//! only says where its balances are and the arithmetic stays in one place.
//!
//! - per line (CSV-like readers, through [`super::draft::Draft`]): the
//!   balance after the line (ING, Rabobank), before it (ASN/SNS), or both
//!   (ABN AMRO TAB);
//! - per statement: MT940 `:60F:`/`:60M:` and `:62F:`/`:62M:`
//!   ([`mt940_balance`]), CAMT.053 `Bal` ([`CamtStatement`]).

use std::sync::Arc;

use rust_decimal::Decimal;

use super::balance::BankFacts;
use super::marks::{Mark, MarkKind, Stated};
use super::swift;
use crate::ingest::FileRead;
use crate::money::{DecimalStyle, Money, parse_amount};
use crate::payment::{BankLine, Shared};
use crate::problem::{Problem, ProblemKind};
use crate::source::Source;

/// The balance a line of a CSV-like export states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineBalance {
    /// After the line (ING `Saldo na mutatie`, Rabobank `Saldo na trn`).
    After(Money),
    /// Before the line (ASN/SNS column 8).
    Before(Money),
    /// Before and after, the line a statement of its own (ABN AMRO TAB).
    Both {
        /// Opening balance.
        opening: Money,
        /// Closing balance.
        closing: Money,
    },
}

/// A balance column's text as a signed amount; `None` when the column is
/// empty or holds no amount (the line then simply has no balance to check).
pub(crate) fn amount(text: &str, style: DecimalStyle) -> Option<Money> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    parse_amount(t, style).ok()
}

/// The balance after a line, from a column with a decimal comma.
pub(crate) fn after(text: &str) -> Option<LineBalance> {
    amount(text, DecimalStyle::Comma).map(LineBalance::After)
}

/// The balance before a line (ASN/SNS).
pub(crate) fn before(text: &str, style: DecimalStyle) -> Option<LineBalance> {
    amount(text, style).map(LineBalance::Before)
}

/// The opening and closing balance of a line (ABN AMRO TAB), decimal
/// comma; `None` unless both are amounts.
pub(crate) fn both(opening: &str, closing: &str) -> Option<LineBalance> {
    Some(LineBalance::Both {
        opening: amount(opening, DecimalStyle::Comma)?,
        closing: amount(closing, DecimalStyle::Comma)?,
    })
}

/// Records the balance of the line about to be pushed as row `index`.
pub(crate) fn record_line(facts: &mut BankFacts, index: usize, balance: Option<LineBalance>) {
    match balance {
        None => {}
        Some(LineBalance::After(b)) => facts.marks.push(Mark {
            at: index + 1,
            kind: MarkKind::After(b),
        }),
        Some(LineBalance::Before(b)) => facts.marks.push(Mark {
            at: index,
            kind: MarkKind::Before(b),
        }),
        Some(LineBalance::Both { opening, closing }) => facts.marks.push(Mark {
            at: index + 1,
            kind: MarkKind::Both { opening, closing },
        }),
    }
}

/// Records an MT940 balance field (`:60F:`, `:60M:` opening; `:62F:`,
/// `:62M:` closing), as [`swift::balance`] reads it. A field that cannot
/// be read is a warning, and its statement is then not checked.
pub(crate) fn mt940_balance(
    out: &mut FileRead<BankLine>,
    account: &Shared,
    source: Source,
    value: &str,
    opening: bool,
) {
    let Some((balance, currency)) = swift::balance(value) else {
        out.problems.push(Problem::warning(
            source,
            ProblemKind::BalanceUnreadable,
            value.trim(),
        ));
        return;
    };
    let stated = Box::new(Stated {
        account: account.clone(),
        balance,
        currency: Some(currency),
        source,
    });
    out.bank.marks.push(Mark {
        at: out.rows.len(),
        kind: if opening {
            MarkKind::Opening(stated)
        } else {
            MarkKind::Closing(stated)
        },
    });
}

/// The balances of one CAMT.053 `Stmt` while it is read: they come before
/// its entries, so they are placed around the entries when the statement
/// ends. `OPBD` (or else `PRCD`) opens, `CLBD` closes; the sign comes
/// from the balance's `CdtDbtInd`.
#[derive(Clone, Debug, Default)]
pub(crate) struct CamtStatement {
    /// Lines read before the statement began.
    rows_from: usize,
    /// Marks recorded before the statement began.
    marks_from: usize,
    /// Opening balance, and whether it is `OPBD` (preferred to `PRCD`).
    opening: Option<(Money, Option<Box<str>>, bool)>,
    /// Closing balance.
    closing: Option<(Money, Option<Box<str>>)>,
    /// The `Bal` being read: code, amount text, currency, debit.
    code: String,
    amount: String,
    currency: Option<Box<str>>,
    debit: bool,
    /// A balance whose amount could not be read, for the warning.
    unreadable: Option<String>,
}

impl CamtStatement {
    /// A statement that begins after what `out` holds now.
    pub fn begin(out: &FileRead<BankLine>) -> CamtStatement {
        CamtStatement {
            rows_from: out.rows.len(),
            marks_from: out.bank.marks.len(),
            ..CamtStatement::default()
        }
    }

    /// An element inside `Stmt/Bal` ended: `rel` is its path below `Bal`
    /// (empty for `Bal` itself).
    pub fn bal(&mut self, rel: &[&str], value: &str, ccy: Option<&str>) {
        match rel {
            ["Tp", "CdOrPrtry", "Cd"] | ["Tp", "CdOrPrtry", "Prtry"] => {
                self.code = value.trim().to_ascii_uppercase();
            }
            ["Amt"] => {
                self.amount = value.trim().to_string();
                self.currency = ccy.map(Box::from);
            }
            ["CdtDbtInd"] => self.debit = value.trim().eq_ignore_ascii_case("DBIT"),
            [] => self.end_balance(),
            _ => {}
        }
    }

    /// One `Bal` is complete: kept when it opens or closes the statement.
    fn end_balance(&mut self) {
        let code = std::mem::take(&mut self.code);
        let text = std::mem::take(&mut self.amount);
        let currency = self.currency.take();
        let debit = std::mem::replace(&mut self.debit, false);
        if !matches!(code.as_str(), "OPBD" | "PRCD" | "CLBD") {
            return;
        }
        let Some(magnitude) = Decimal::from_str_exact(&text)
            .ok()
            .filter(|d| !d.is_sign_negative() && Money::bounded(*d).is_some())
        else {
            self.unreadable.get_or_insert(format!("{code} {text}"));
            return;
        };
        let balance = Money::new(if debit { -magnitude } else { magnitude });
        match code.as_str() {
            "CLBD" => {
                self.closing.get_or_insert((balance, currency));
            }
            _ => {
                let opbd = code == "OPBD";
                if self.opening.as_ref().is_none_or(|o| opbd && !o.2) {
                    self.opening = Some((balance, currency, opbd));
                }
            }
        }
    }

    /// The statement ended: its balances are placed around its entries.
    pub fn end(&mut self, out: &mut FileRead<BankLine>, account: &Shared, path: &Arc<str>) {
        let st = std::mem::take(self);
        let source = Source::file(path);
        if let Some(what) = st.unreadable {
            out.problems.push(Problem::warning(
                source.clone(),
                ProblemKind::StatementBalanceUnreadable,
                what,
            ));
        }
        let stated = |(balance, currency): (Money, Option<Box<str>>)| {
            Box::new(Stated {
                account: account.clone(),
                balance,
                currency,
                source: source.clone(),
            })
        };
        if let Some((b, c, _)) = st.opening {
            let at = st.marks_from.min(out.bank.marks.len());
            out.bank.marks.insert(
                at,
                Mark {
                    at: st.rows_from,
                    kind: MarkKind::Opening(stated((b, c))),
                },
            );
        }
        if let Some(c) = st.closing {
            out.bank.marks.push(Mark {
                at: out.rows.len(),
                kind: MarkKind::Closing(stated(c)),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::bank::collector::empty_read;

    #[test]
    fn mt940_balances_with_sign_and_currency() {
        let p: Arc<str> = Arc::from("bank/x.sta");
        let mut out = empty_read("");
        let a = Shared::from("NL01");
        mt940_balance(&mut out, &a, Source::line(&p, 4), "D140112EUR10000,9", true);
        mt940_balance(&mut out, &a, Source::line(&p, 9), "C140113JPY5,", false);
        mt940_balance(&mut out, &a, Source::line(&p, 12), "X14011EUR5,", false);
        let MarkKind::Opening(o) = &out.bank.marks[0].kind else {
            panic!("opening expected")
        };
        assert_eq!(o.balance, Money::from_cents(-1_000_090));
        assert_eq!(o.currency.as_deref(), Some("EUR"));
        assert!(
            matches!(&out.bank.marks[1].kind, MarkKind::Closing(c) if c.currency.as_deref() == Some("JPY"))
        );
        assert_eq!(out.bank.marks.len(), 2);
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].source.to_string(), "bank/x.sta:12");
    }

    #[test]
    fn camt_balances_surround_the_statement_entries() {
        let p: Arc<str> = Arc::from("bank/x.xml");
        let mut out = empty_read("");
        let mut st = CamtStatement::begin(&out);
        for (code, amount, ind) in [
            ("PRCD", "1.00", "CRDT"),
            ("OPBD", "18.150", "DBIT"),
            ("CLBD", "27.05", "CRDT"),
            ("CLAV", "1", "CRDT"),
        ] {
            st.bal(&["Tp", "CdOrPrtry", "Cd"], code, None);
            st.bal(&["Amt"], amount, Some("EUR"));
            st.bal(&["CdtDbtInd"], ind, None);
            st.bal(&[], "", None);
        }
        out.bank.rejected(0, Source::entry(&p, 1));
        st.end(&mut out, &Shared::from("NL26"), &p);
        let kinds: Vec<String> = out
            .bank
            .marks
            .iter()
            .map(|m| match &m.kind {
                MarkKind::Opening(s) => format!("open {}", s.balance),
                MarkKind::Closing(s) => format!("close {}", s.balance),
                MarkKind::Rejected(_) => "rejected".into(),
                _ => "other".into(),
            })
            .collect();
        assert_eq!(kinds, ["open -18.15", "rejected", "close 27.05"]);
    }
}
