//! The layers of `ingest/table/`: every module may import only the modules
//! of lower layers, and `crate::layers` checks that it does, so a cycle
//! such as two format readers borrowing helpers from each other fails a
//! test. `mod.rs`, which decides the format and calls the readers, is above
//! them all.

/// The modules of `ingest/table/`, lowest layer first. A module may use
/// only modules of the layers before its own.
pub(crate) const LAYERS: &[&[&str]] = &[
    // 0. Leaves: a cell's value, character references, the OLE2 reader.
    &["cell", "entities", "compound"],
    // 1. Rows, sheets and tables; cell values as domain values.
    &["sheet", "values"],
    // 2. Rows built under the cell budget; container sizes.
    &["row_builder", "bounds"],
    // 3. Header rows and data rows; the cells of one data row.
    &["header", "row_cells"],
    // 4. Tables shown sheet by sheet, and the readers of text formats.
    &["sink", "delimited", "sheet_scan", "html", "spreadsheetml"],
    // 5. The workbooks calamine reads, streamed or whole.
    &["workbook"],
];
