//! The `Incassobureau` / `Billing agent` sheet: every payout
//! batch of a billing agent, and every payout in the bank that no statement
//! accounts for, as `agents.csv` lists them (`recon.batches`, in the
//! core's order: agent, payout date, payout). The status is a word in the
//! sheet's language; the CSV keeps the code. Also the summary sheet's
//! conservation per agent ([`write_checks`]). Nothing is decided here.

use rust_xlsxwriter::{Formula, Workbook, Worksheet, XlsxError};

use super::super::Lang;
use super::super::agents::AgentConservation;
use super::super::text::{self, Label};
use super::cells::{ListCell, cell_ref, money_f64, write_text};
use super::formats::Formats;
use super::list::{Column, ColumnKind, Ctx, List, col};
use crate::money::Money;

/// The columns, in the order of `agents.csv`.
pub(super) const AGENT_COLUMNS: [Column; 14] = [
    col(Label::Agent, ColumnKind::Text, 18.0),
    col(Label::Payout, ColumnKind::Text, 16.0),
    col(Label::PayoutDate, ColumnKind::Date, 12.0),
    col(Label::Statement, ColumnKind::Text, 32.0),
    col(Label::Lines, ColumnKind::Int, 8.0),
    col(Label::Received, ColumnKind::Money, 13.0),
    col(Label::Fees, ColumnKind::Money, 13.0),
    col(Label::ToPayOut, ColumnKind::Money, 13.0),
    col(Label::PaymentId, ColumnKind::Text, 24.0),
    col(Label::BankLine, ColumnKind::Text, 28.0),
    col(Label::PaidOut, ColumnKind::Money, 13.0),
    col(Label::Difference, ColumnKind::Money, 13.0),
    col(Label::Status, ColumnKind::Text, 18.0),
    col(Label::DaysInTransit, ColumnKind::Int, 10.0),
];

/// The sheet.
const AGENTS: List = List::new(Label::AgentsSheet, &AGENT_COLUMNS);

/// Writes the sheet, with its header and a zero totals row also when no
/// agent is configured, as every other list.
pub(super) fn write(wb: &mut Workbook, ctx: &Ctx<'_>) -> Result<(), XlsxError> {
    let input = ctx.input;
    let lang = ctx.lang;
    let lines = &input.ledger.bank_lines;
    AGENTS.write(wb, ctx, input.recon.batches.iter(), |b, row| {
        let bank = b.payment.and_then(|i| lines.get(i));
        row.extend([
            ListCell::text(&b.agent),
            ListCell::text(b.payout.as_deref().unwrap_or("")),
            b.payout_date.map_or(ListCell::Blank, ListCell::Date),
            b.statement
                .as_ref()
                .map_or(ListCell::Blank, |s| ListCell::owned(s.to_string())),
            // A batch never has near 2^63 lines.
            ListCell::Int(i64::try_from(b.lines).unwrap_or(i64::MAX)),
            ListCell::Money(b.received),
            ListCell::Money(b.fees),
            ListCell::Money(b.amount),
            bank.map_or(ListCell::Blank, |l| ListCell::text(&l.id)),
            bank.map_or(ListCell::Blank, |l| ListCell::owned(l.source.to_string())),
            ListCell::opt_money(b.paid_out),
            ListCell::opt_money(b.difference()),
            ListCell::text(text::batch_status(b.status, lang)),
            b.overdue_days.map_or(ListCell::Blank, ListCell::Int),
        ]);
    })
}

/// The conservation per billing agent on the summary sheet, from row `r`
/// on: a heading, then for each of the three sums of docs/outputs.md a
/// header row and one row per agent with the whole, its two parts, the
/// difference (a formula, its value stored) and whether it balances, as
/// `summary.json` says. Nothing is written without an agent. Returns the
/// last row written (`r - 1` when none).
pub(super) fn write_checks(
    ws: &mut Worksheet,
    f: &Formats,
    lang: Lang,
    r: u32,
    agents: &[AgentConservation],
) -> Result<u32, XlsxError> {
    if agents.is_empty() {
        return Ok(r.saturating_sub(1));
    }
    let t = |l: Label| text::label(l, lang);
    ws.write_string_with_format(r, 0, t(Label::AgentConservation), &f.heading)?;
    let mut r = r;
    type Sums = fn(&AgentConservation) -> (Money, Money, Money, bool);
    let checks: [([Label; 3], Sums); 3] = [
        (
            [Label::Received, Label::Allocated, Label::Unallocated],
            |a| (a.received, a.allocated, a.unallocated, a.receipts_balanced),
        ),
        ([Label::Batches, Label::PaidOut, Label::InTransit], |a| {
            (
                a.batches,
                a.batches_paid_out,
                a.in_transit,
                a.batches_balanced,
            )
        }),
        (
            [
                Label::PayoutsInBank,
                Label::PaidForBatches,
                Label::WithoutStatement,
            ],
            |a| {
                (
                    a.payouts_in_bank,
                    a.paid_for_batches,
                    a.without_statement,
                    a.payouts_balanced,
                )
            },
        ),
    ];
    for ([whole, first, second], sums) in checks {
        r += 1;
        let heads = [
            Label::Agent,
            whole,
            first,
            second,
            Label::Difference,
            Label::Balanced,
        ];
        for (c, l) in (0u16..).zip(heads) {
            ws.write_string_with_format(r, c, t(l), &f.header)?;
        }
        for a in agents {
            r += 1;
            let (w, p, q, balanced) = sums(a);
            write_text(ws, r, 0, &a.agent)?;
            for (c, m) in [(1u16, w), (2, p), (3, q)] {
                ws.write_number_with_format(r, c, money_f64(m), &f.money)?;
            }
            let difference = Formula::new(format!(
                "={}-{}-{}",
                cell_ref(r, 1),
                cell_ref(r, 2),
                cell_ref(r, 3)
            ))
            .set_result((w - p - q).to_string());
            ws.write_formula_with_format(r, 4, difference, &f.money)?;
            let word = if balanced { Label::Yes } else { Label::No };
            ws.write_string_with_format(r, 5, t(word), &f.total_label)?;
        }
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook};

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    /// The summary's agent rows as calamine reads them back.
    fn checks(lang: Lang, agents: &[AgentConservation]) -> Vec<Vec<Data>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let last = write_checks(ws, &Formats::new(), lang, 3, agents).unwrap();
        if !agents.is_empty() {
            assert_eq!(last, 3 + 3 * (1 + agents.len() as u32));
        }
        ws.write_string(0, 0, "x").unwrap();
        wb.save(&path).unwrap();
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let range = book.worksheet_range("Sheet1").unwrap();
        range.rows().map(<[Data]>::to_vec).collect()
    }

    #[test]
    fn an_agent_whose_sums_do_not_meet_says_so_in_both_languages() {
        let a = AgentConservation {
            agent: "Famed".into(),
            received: m("100.00"),
            allocated: m("60.00"),
            unallocated: m("30.00"),
            receipts_balanced: false,
            batches: m("95.00"),
            batches_paid_out: m("95.00"),
            batches_balanced: true,
            payouts_balanced: true,
            ..AgentConservation::default()
        };
        let b = AgentConservation {
            agent: "Infomedics".into(),
            receipts_balanced: true,
            batches_balanced: true,
            payouts_balanced: true,
            ..AgentConservation::default()
        };
        for (lang, yes, no) in [(Lang::Nl, "ja", "nee"), (Lang::En, "yes", "no")] {
            let rows = checks(lang, &[a.clone(), b.clone()]);
            assert_eq!(
                rows[3][0],
                Data::String(text::label(Label::AgentConservation, lang).into())
            );
            // Receipts: header, then one row per agent.
            assert_eq!(
                rows[4][5],
                Data::String(text::label(Label::Balanced, lang).into())
            );
            assert_eq!(rows[5][0], Data::String("Famed".into()));
            assert_eq!(rows[5][4], Data::Float(10.0), "the difference");
            assert_eq!(rows[5][5], Data::String(no.into()));
            assert_eq!(rows[6][5], Data::String(yes.into()));
            // Batches.
            assert_eq!(
                rows[7][1],
                Data::String(text::label(Label::Batches, lang).into())
            );
            assert_eq!(rows[8][5], Data::String(yes.into()));
            assert_eq!(rows.len(), 13, "three tables of a header and two agents");
        }
    }

    #[test]
    fn without_an_agent_nothing_is_written() {
        let rows = checks(Lang::Nl, &[]);
        assert_eq!(rows.len(), 1, "only the cell the test wrote");
    }
}
