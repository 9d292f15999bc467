//! `ingest::table::spreadsheetml::read` on any decoded text: Excel 2003 XML
//! with any positions, merges, types and nesting never panics, and every
//! sheet's rows come in sheet order.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = zorgrecon::text::decode(data);
    if let Ok(table) = zorgrecon::ingest::table::spreadsheetml::read(&zorgrecon_fuzz::path(), &text)
    {
        zorgrecon_fuzz::check_sheets(&table);
    }
});
