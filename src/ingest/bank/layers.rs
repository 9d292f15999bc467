//! The layers of `ingest/bank/`: every module may import only the modules
//! of lower layers, and `crate::layers` checks that it does. Words, SWIFT
//! notation and record reading at the bottom, the readers of the formats
//! at the top, `mod.rs` (which picks the reader) above them all.

/// The modules of `ingest/bank/`, lowest layer first.
pub(crate) const LAYERS: &[&[&str]] = &[
    // 0. Format-neutral pieces that use no other module of the folder:
    //    words, SWIFT notation, account shapes, what readers record, the
    //    records of a delimited file and the fields every line must have.
    &[
        "words",
        "swift",
        "account_shapes",
        "marks",
        "records",
        "fields",
    ],
    // 1. Header layouts, labelled text, the days an export covers.
    &["layout", "labels", "coverage"],
    // 2. The balance check, ABN AMRO's description cells.
    &["balance", "abnamro_cells"],
    // 3. The text banks add to a transaction (MT940 `:86:`, CAMT
    //    `AddtlNtryInf`); the balances readers state.
    &["remittance", "stated"],
    // 4. A bank line under construction and the one step that builds it.
    &["draft"],
    // 5. The lines of one CSV-like file, collected.
    &["collector"],
    // 6. The opening the CSV readers share.
    &["prologue"],
    // 7. One reader per format, and bank exports saved as spreadsheets.
    &[
        "abnamro_tab",
        "bunq",
        "camt053",
        "generic",
        "ing",
        "knab",
        "mt940",
        "rabobank",
        "sns",
        "triodos",
        "sheet",
    ],
];

/// The modules of `ingest/bank/mt940/`, lowest layer first: the message's
/// lines and a `:61:` transaction below the statement reader that uses
/// them.
pub(crate) const MT940: &[&[&str]] = &[&["message", "transaction"], &["statement"]];

/// The modules of `ingest/bank/camt053/`, lowest layer first: an entry as
/// read, then the lines made of it, then the walk through the XML that
/// hands entries on.
pub(crate) const CAMT053: &[&[&str]] = &[&["entry"], &["lines"], &["walk"]];
