//! `decisions.csv`: every decision read from `decisions/`, where
//! it came from (`file:Sheet!cell`), and whether it took effect or why
//! not; the workbook's `Beslissingen` / `Decisions` sheet shows the same
//! rows. Its `effect` column also marks the file as a listing, so a copy
//! saved into `decisions/` is never read back as decisions.
//!
//! Columns: `source, kind, payment_id, invoice_number, decision, amount,
//! note, effect, explanation, payment_status, rule`. `kind` is `payment`,
//! `write_off` or `refund`; `invoice_number` is the invoice a write-off or
//! refund decision is about; `payment_status` and `rule` are the payment's tonight (a decision
//! that applied shows `override`).

use std::path::Path;

use crate::decisions::{Decided, DecisionOutcome, DecisionRow, Effect, Subject};
use crate::money::Money;
use crate::outcome::PaymentOutcome;

use super::csv_out::CsvOut;
use super::text::Label;
use super::{Lang, ReportInput};

/// The columns of `decisions.csv`.
pub const DECISION_COLUMNS: [&str; 11] = [
    "source",
    "kind",
    "payment_id",
    "invoice_number",
    "decision",
    "amount",
    "note",
    "effect",
    "explanation",
    "payment_status",
    "rule",
];

/// One decision with what became of it, as both outputs show it.
pub struct DecisionLine<'a> {
    /// The decision row.
    pub row: &'a DecisionRow,
    /// Its outcome.
    pub outcome: &'a DecisionOutcome,
    /// The payment's outcome tonight, for a payment decision whose payment
    /// exists.
    pub payment: Option<&'a PaymentOutcome>,
}

impl<'a> DecisionLine<'a> {
    /// `payment`, `write_off` or `refund`.
    pub fn kind(&self) -> &'static str {
        match self.row.subject().0 {
            Subject::Payment => "payment",
            Subject::WriteOff => "write_off",
            Subject::Refund => "refund",
        }
    }

    /// The payment id of a payment decision.
    pub fn payment_id(&self) -> &'a str {
        match &self.row.decided {
            Decided::Payment { payment_id, .. } => payment_id.as_str(),
            Decided::Cleared {
                subject: Subject::Payment,
                about,
            } => about.as_str(),
            Decided::Unreadable {
                payment: true,
                about,
                ..
            } => about.as_str(),
            _ => "",
        }
    }

    /// The invoice a write-off or refund decision is about.
    pub fn invoice(&self) -> &'a str {
        match &self.row.decided {
            Decided::Hold { invoice }
            | Decided::WriteOff { invoice }
            | Decided::HoldRefund { invoice }
            | Decided::Refund { invoice } => invoice.as_str(),
            Decided::Cleared { subject, about } if *subject != Subject::Payment => about.as_str(),
            Decided::Unreadable {
                payment: false,
                about,
                ..
            } => about.as_str(),
            _ => "",
        }
    }

    /// The amount of a payment decision.
    pub fn amount(&self) -> Option<Money> {
        match &self.row.decided {
            Decided::Payment { amount, .. } => *amount,
            _ => None,
        }
    }
}

/// Every decision in `Ledger::decisions` order, with its outcome.
pub fn lines<'a>(input: &'a ReportInput<'_>) -> impl Iterator<Item = DecisionLine<'a>> {
    let per_line = super::outcome_per_line(input);
    let rows = &input.ledger.decisions;
    input.recon.decisions.iter().filter_map(move |o| {
        let row = rows.get(o.decision)?;
        let payment = o.line.and_then(|l| per_line.get(l).copied().flatten());
        Some(DecisionLine {
            row,
            outcome: o,
            payment,
        })
    })
}

/// Why a decision did or did not take effect, in one sentence of the
/// language (the catalogue's words, `report/text`).
pub fn explanation(effect: &Effect, lang: Lang) -> String {
    super::text::effect(effect, lang)
}

/// Writes `decisions.csv` (always, with its header, also without
/// decisions). Like the other CSV files its codes are English whatever
/// the language, and its explanation is in the chosen language.
pub(super) fn write_decisions(dir: &Path, input: &ReportInput<'_>) -> anyhow::Result<()> {
    let mut out = CsvOut::create(dir, "decisions.csv", &DECISION_COLUMNS)?;
    for d in lines(input) {
        out.text_display(&d.row.source)?;
        out.word(d.kind())?;
        out.text(d.payment_id())?;
        out.text(d.invoice())?;
        out.text(&d.row.written)?;
        out.opt_money(d.amount())?;
        out.text(&d.row.note)?;
        out.word(d.outcome.effect.code())?;
        out.text(&explanation(&d.outcome.effect, input.lang))?;
        out.word(d.payment.map_or("", |p| p.status.as_str()))?;
        out.word(d.payment.map_or("", |p| p.rule.as_str()))?;
        out.end()?;
    }
    out.finish()
}

/// The decisions in force tonight, as today's workbook pre-fills them in
/// its editable cells: the holds (write-off and refund) that applied or
/// are kept, by invoice number, and the payment decisions that applied
/// in one row, by payment id.
#[derive(Default)]
pub struct InForce<'a> {
    /// (refund, invoice number) → the hold.
    pub holds: foldhash::HashMap<(bool, &'a str), &'a DecisionRow>,
    /// Payment id → the decision.
    pub payments: foldhash::HashMap<&'a str, &'a DecisionRow>,
}

impl<'a> InForce<'a> {
    /// Gathers them from tonight's outcomes.
    pub fn of(input: &'a ReportInput<'_>) -> InForce<'a> {
        let rows = &input.ledger.decisions;
        let mut out = InForce::default();
        let mut payment_rows: foldhash::HashMap<&str, Vec<&DecisionRow>> = Default::default();
        for o in &input.recon.decisions {
            let Some(row) = rows.get(o.decision) else {
                continue;
            };
            match (&row.decided, &o.effect) {
                (
                    Decided::Hold { .. } | Decided::HoldRefund { .. },
                    Effect::Applied | Effect::NothingToHold,
                ) => {
                    let refund = matches!(row.decided, Decided::HoldRefund { .. });
                    if let Some(inv) = o.invoice.and_then(|i| input.recon.invoices.get(i)) {
                        out.holds
                            .entry((refund, inv.number.as_str()))
                            .or_insert(row);
                    }
                }
                (Decided::Payment { payment_id, .. }, Effect::Applied) => {
                    payment_rows.entry(payment_id.trim()).or_default().push(row);
                }
                _ => {}
            }
        }
        // A split over several rows is not shown in one row of cells.
        for (id, rows) in payment_rows {
            if let [one] = rows[..] {
                out.payments.insert(id, one);
            }
        }
        out
    }
}

/// A hold as a write-off or refund cell shows it: `nee` / `no`, and the
/// reason after it.
pub fn hold_text(row: &DecisionRow, lang: Lang) -> String {
    let word = super::text::label(Label::No, lang);
    if row.note.is_empty() {
        word.to_string()
    } else {
        format!("{word}: {}", row.note)
    }
}

/// A payment decision as the decision cell shows it.
pub fn decision_text(row: &DecisionRow, lang: Lang) -> String {
    match &row.decided {
        Decided::Payment {
            target: crate::decisions::PaymentTarget::Ignore,
            ..
        } => super::text::label(Label::Ignore, lang).into(),
        Decided::Payment {
            target: crate::decisions::PaymentTarget::Invoices(list),
            ..
        } => list.join("; "),
        _ => row.written.clone(),
    }
}
