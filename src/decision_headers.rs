//! The workbook's column headers that come back as input: the report
//! writes them over its editable columns and the decisions reader
//! (`ingest/decisions.rs`) finds those columns by them, in either language.
//! One list for both sides, so that a header renamed in the workbook cannot
//! leave the reader looking for the old one. It sits below `ingest/` and
//! `report/` because the readers do not import the report; the catalogue
//! (`report/text/`) takes these words from here.

/// A header in Dutch and in English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderText {
    /// The Dutch text.
    pub nl: &'static str,
    /// The English text.
    pub en: &'static str,
}

/// A payment's id.
pub const PAYMENT_ID: HeaderText = HeaderText {
    nl: "Betaling",
    en: "Payment id",
};

/// An invoice's number.
pub const INVOICE_NUMBER: HeaderText = HeaderText {
    nl: "Factuurnummer",
    en: "Invoice number",
};

/// The accountant's decision on a payment.
pub const DECISION: HeaderText = HeaderText {
    nl: "Beslissing",
    en: "Decision",
};

/// The part of a payment a decision allocates (and any amount elsewhere).
pub const AMOUNT: HeaderText = HeaderText {
    nl: "Bedrag",
    en: "Amount",
};

/// The payment's own amount beside the decision's.
pub const PAYMENT_AMOUNT: HeaderText = HeaderText {
    nl: "Bedrag betaling",
    en: "Payment amount",
};

/// The accountant's note to a decision.
pub const DECISION_NOTE: HeaderText = HeaderText {
    nl: "Toelichting bij beslissing",
    en: "Decision note",
};

/// What became of a decision: marks the decisions sheet as a listing.
pub const EFFECT: HeaderText = HeaderText {
    nl: "Effect",
    en: "Effect",
};

/// Where a pre-filled decision came from.
pub const PREFILLED: HeaderText = HeaderText {
    nl: "Vooraf ingevuld uit",
    en: "Prefilled from",
};

/// The report date on the summary sheet.
pub const AS_OF: HeaderText = HeaderText {
    nl: "Peildatum",
    en: "As of",
};

/// `nee` / `no` holds an invoice's write-off.
pub const WRITE_OFF: HeaderText = HeaderText {
    nl: "Afboeken",
    en: "Write off",
};

/// `nee` / `no` holds an overpaid invoice's refund.
pub const REFUND: HeaderText = HeaderText {
    nl: "Terugbetalen",
    en: "Refund",
};
