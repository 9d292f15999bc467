//! Insurer specifications folded into the book (docs/inputs.md): each line's
//! arithmetic checked, lines for one invoice added up, declaration numbers
//! indexed for rule 4, and the checks an accountant wants warned about
//! (declared ≠ net, deductibles above the yearly cap).

use foldhash::{HashMap, HashMapExt};

use chrono::Datelike;

use crate::config::Policy;
use crate::ident::invoice_key;
use crate::money::Money;
use crate::problem::Problem;
use crate::spec::SpecLine;

use super::entries::{Client, DeclaredLine, Invoice, SpecTotals};

/// The parts of the book specifications are folded into (the book is
/// built from them; this module comes before it).
pub(crate) struct SpecBook<'a> {
    /// The book's invoices.
    pub invoices: &'a mut [Invoice],
    /// The book's clients.
    pub clients: &'a [Client],
    /// Invoice key → invoice.
    pub by_key: &'a HashMap<String, usize>,
    /// Declaration number → its specification lines, filled here.
    pub by_declaration: &'a mut HashMap<String, Vec<DeclaredLine>>,
}

/// Applies every specification line to the book, in source order.
///
/// Choices where the docs leave it open: the declared amount is compared with
/// the net amount on the sum over the invoice's lines (one invoice is often
/// declared in parts), once, with the first line as the source; the
/// deductible cap counts only the deductible (eigen risico), not the
/// co-payment, per client number and calendar year of the care date (else
/// of the invoice date), and warns once per client and year, at the line
/// that crosses the cap.
pub(crate) fn apply(
    book: SpecBook<'_>,
    lines: &[SpecLine],
    policy: &Policy,
    problems: &mut Vec<Problem>,
) {
    let tol = policy.tolerance;
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| lines[a].source.cmp(&lines[b].source).then(a.cmp(&b)));

    let mut first_line: HashMap<usize, usize> = HashMap::new();
    let mut deductibles: HashMap<(usize, i32), Money> = HashMap::new();
    for &i in &order {
        let line = &lines[i];
        let number = line
            .invoice_number
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        let amounts = match line.amounts(tol) {
            Ok(a) => a,
            Err(why) => {
                problems.push(Problem::error(
                    line.source.clone(),
                    crate::problem::ProblemKind::SpecRejected(why),
                    number,
                ));
                continue;
            }
        };
        if number.is_empty() {
            problems.push(Problem::error(
                line.source.clone(),
                crate::problem::ProblemKind::SpecNoInvoice,
                "",
            ));
            continue;
        }
        let Some(&inv) = book.by_key.get(&invoice_key(number)) else {
            problems.push(Problem::error(
                line.source.clone(),
                crate::problem::ProblemKind::SpecUnknownInvoice,
                number,
            ));
            continue;
        };
        first_line.entry(inv).or_insert(i);
        let invoice = &mut book.invoices[inv];
        if invoice.insurer.is_none() {
            invoice.insurer = line
                .insurer
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(crate::text::Text::from);
        }
        let totals = invoice.spec.get_or_insert_with(SpecTotals::default);
        totals.reimbursed += amounts.reimbursed;
        totals.withheld += amounts.deductible + amounts.co_payment;
        totals.paid_out += amounts.paid_out;
        if let Some(declared) = line.declared {
            *totals.declared.get_or_insert(Money::ZERO) += declared;
        }
        let declaration = line
            .declaration_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let label = declaration.map_or_else(|| line.source.to_string(), str::to_string);
        if !totals.labels.contains(&label) {
            totals.labels.push(label);
        }
        if let Some(decl) = declaration {
            let key = invoice_key(decl);
            if !key.is_empty() {
                book.by_declaration
                    .entry(key)
                    .or_default()
                    .push(DeclaredLine {
                        invoice: inv,
                        paid_out: amounts.paid_out,
                    });
            }
        }

        let year = line.care_date.unwrap_or(invoice.invoice_date).year();
        let total = deductibles
            .entry((invoice.client, year))
            .or_insert(Money::ZERO);
        let before = *total;
        *total += amounts.deductible;
        let cap = policy.deductible_cap + tol;
        if before <= cap && *total > cap {
            problems.push(Problem::warning(
                line.source.clone(),
                crate::problem::ProblemKind::DeductibleCap {
                    client: book.clients[invoice.client].id.to_string(),
                    year,
                    total: *total,
                    cap: policy.deductible_cap,
                },
                total.to_string(),
            ));
        }
    }

    let mut checked: Vec<(usize, usize)> = first_line.into_iter().collect();
    checked.sort_unstable();
    for (inv, i) in checked {
        let invoice = &book.invoices[inv];
        if let Some(declared) = invoice.spec.as_ref().and_then(|s| s.declared)
            && !declared.within(invoice.net, tol)
        {
            problems.push(Problem::warning(
                lines[i].source.clone(),
                crate::problem::ProblemKind::DeclaredDiffers {
                    declared,
                    net: invoice.net,
                },
                declared.to_string(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Ledger;
    use crate::matching::book::Book;
    use crate::matching::book::tests::{d, m, row};
    use crate::problem::Severity;

    fn spec(
        line: u64,
        invoice: &str,
        reimbursed: Option<&str>,
        deductible: Option<&str>,
    ) -> SpecLine {
        crate::matching::tests::spec_line(line, invoice, reimbursed, deductible)
    }

    fn book(spec_lines: Vec<SpecLine>, problems: &mut Vec<Problem>) -> Book {
        let ledger = Ledger {
            invoices: vec![
                row(2, "F1", "K1", "Jansen", "1000.00", "2026-01-01"),
                row(3, "F2", "K1", "Jansen", "500.00", "2026-02-01"),
            ],
            spec_lines,
            ..Ledger::default()
        };
        Book::build(&ledger, &Policy::default(), problems)
    }

    #[test]
    fn lines_add_up_per_invoice() {
        let mut a = spec(2, "F1", Some("400.00"), Some("100.00"));
        a.co_payment = Some(m("20.00"));
        a.declaration_number = Some("D-1".into());
        let mut b = spec(3, "f1", Some("300.00"), None);
        b.declaration_number = Some("D-2".into());
        let mut problems = Vec::new();
        let book = book(vec![a, b], &mut problems);
        let s = book.invoices[0].spec.clone().unwrap();
        assert_eq!(s.reimbursed, m("700.00"));
        assert_eq!(s.withheld, m("120.00"));
        assert_eq!(s.paid_out, m("580.00"));
        assert_eq!(s.labels, vec!["D-1", "D-2"]);
        assert_eq!(book.invoices[0].insurer.as_deref(), Some("Zilveren Kruis"));
        assert_eq!(book.by_declaration["D1"][0].paid_out, m("280.00"));
        assert!(book.invoices[1].spec.is_none());
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn rejected_and_unknown_lines_are_errors_and_do_not_count() {
        let mut bad = spec(2, "F1", Some("700.00"), Some("385.00"));
        bad.paid_out = Some(m("300.00"));
        let unknown = spec(3, "F9", Some("10.00"), None);
        let mut problems = Vec::new();
        let book = book(vec![bad, unknown], &mut problems);
        assert!(
            book.invoices[0].spec.is_none(),
            "only rejected lines: no specification"
        );
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().all(|p| p.severity == Severity::Error));
        assert!(matches!(
            problems[0].kind,
            crate::problem::ProblemKind::SpecRejected(_)
        ));
        assert_eq!(
            problems[1].kind,
            crate::problem::ProblemKind::SpecUnknownInvoice
        );
        assert_eq!(problems[1].value, "F9");
    }

    #[test]
    fn declared_amount_is_compared_with_net() {
        let mut a = spec(2, "F1", Some("700.00"), None);
        a.declared = Some(m("900.00"));
        let mut b = spec(3, "F2", Some("300.00"), None);
        b.declared = Some(m("500.00"));
        let mut problems = Vec::new();
        book(vec![a, b], &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Warning);
        assert_eq!(
            problems[0].kind,
            crate::problem::ProblemKind::DeclaredDiffers {
                declared: m("900.00"),
                net: m("1000.00")
            }
        );
    }

    #[test]
    fn deductibles_above_the_yearly_cap_warn_once() {
        let a = spec(2, "F1", Some("700.00"), Some("300.00"));
        let mut b = spec(3, "F2", Some("300.00"), Some("100.00"));
        b.care_date = Some(d("2026-03-01"));
        let mut problems = Vec::new();
        book(vec![a, b], &mut problems);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(
            problems[0].kind,
            crate::problem::ProblemKind::DeductibleCap {
                client: "K1".into(),
                year: 2026,
                total: m("400.00"),
                cap: m("385.00")
            }
        );
        assert_eq!(problems[0].source.to_string(), "specs/zk.csv:3");
    }
}
