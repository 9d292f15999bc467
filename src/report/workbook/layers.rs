//! The layers of `report/workbook/`: every module may import only the
//! modules of lower layers, and `crate::layers` checks that it does.
//! Formats and page setup at the bottom, then a cell and the editable
//! columns, the one way a list sheet is written, the sheets, and the
//! sheets made of other sheets' parts; `mod.rs`, the order of the book,
//! above them all.

/// The modules of `report/workbook/`, lowest layer first.
pub(crate) const LAYERS: &[&[&str]] = &[
    // 0. Cell formats and page setup.
    &["formats", "print"],
    // 1. One cell of a list; the columns the accountant fills in.
    &["cells", "editable"],
    // 2. Every list sheet, written one way.
    &["list"],
    // 3. The sheets, and a payment's columns as the attention sheets list
    //    it.
    &[
        "payment_columns",
        "agents_sheet",
        "bank_checks",
        "decisions_sheet",
        "follow_up",
        "invoice_sheets",
        "letters_sheet",
        "problems_sheet",
    ],
    // 4. The review sheet (a payment's columns and its own editable ones);
    //    the summary sheet (with the bank checks and the agents' part).
    &["review", "summary_sheet"],
    // 5. The attention sheets, the review sheet among them.
    &["attention"],
];
