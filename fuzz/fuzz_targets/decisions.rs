//! `ingest::decisions::read` on any bytes: no panic, and the row counts
//! add up.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let read = zorgrecon::ingest::decisions::read(&zorgrecon_fuzz::path(), data);
    zorgrecon_fuzz::check(&read);
});
