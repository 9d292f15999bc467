//! `ingest::table::html::read` on any decoded text: the tokenizer and the
//! table builder (spans, nesting, the cell budget) never panic, and every
//! sheet's rows come in sheet order.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = zorgrecon::text::decode(data);
    if let Ok(table) = zorgrecon::ingest::table::html::read(&zorgrecon_fuzz::path(), &text) {
        zorgrecon_fuzz::check_sheets(&table);
    }
});
