//! `ingest::bank::read` on any bytes: binary check, decoding, format
//! detection and the chosen reader. No panic, and the row counts add up.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let read = zorgrecon::ingest::bank::read(&zorgrecon_fuzz::path(), data);
    zorgrecon_fuzz::check(&read);
});
