//! The workbook's column headers that come back as input: the report
//! writes them over its editable columns and the decisions reader
//! (`ingest/decisions.rs`) finds those columns by them, in either language.
//! One list for both sides, so that a header renamed in the workbook cannot
//! leave the reader looking for the old one. It sits below `ingest/` and
//! `report/` because the readers do not import the report; the catalogue
//! (`report/text/`) takes these words from here.

/// A header in Dutch and in English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The Dutch text.
    pub nl: &'static str,
    /// The English text.
    pub en: &'static str,
}

/// A payment's id.
pub const PAYMENT_ID: Header = Header {
    nl: "Betaling",
    en: "Payment id",
};

/// An invoice's number.
pub const INVOICE_NUMBER: Header = Header {
    nl: "Factuurnummer",
    en: "Invoice number",
};

/// The accountant's decision on a payment.
pub const DECISION: Header = Header {
    nl: "Beslissing",
    en: "Decision",
};

/// The part of a payment a decision allocates (and any amount elsewhere).
pub const AMOUNT: Header = Header {
    nl: "Bedrag",
    en: "Amount",
};

/// The payment's own amount beside the decision's.
pub const PAYMENT_AMOUNT: Header = Header {
    nl: "Bedrag betaling",
    en: "Payment amount",
};

/// The accountant's note to a decision.
pub const DECISION_NOTE: Header = Header {
    nl: "Toelichting bij beslissing",
    en: "Decision note",
};

/// What became of a decision: marks the decisions sheet as a listing.
pub const EFFECT: Header = Header {
    nl: "Effect",
    en: "Effect",
};

/// Where a pre-filled decision came from.
pub const PREFILLED: Header = Header {
    nl: "Vooraf ingevuld uit",
    en: "Prefilled from",
};

/// The report date on the summary sheet.
pub const AS_OF: Header = Header {
    nl: "Peildatum",
    en: "As of",
};

/// `nee` / `no` holds an invoice's write-off.
pub const WRITE_OFF: Header = Header {
    nl: "Afboeken",
    en: "Write off",
};

/// `nee` / `no` holds an overpaid invoice's refund.
pub const REFUND: Header = Header {
    nl: "Terugbetalen",
    en: "Refund",
};
