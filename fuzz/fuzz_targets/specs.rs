//! `ingest::specs::read` with the default policy on any bytes (CSV or
//! spreadsheet): no panic, and the row counts add up.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zorgrecon::config::Policy;

static POLICY: LazyLock<Policy> = LazyLock::new(Policy::default);

fuzz_target!(|data: &[u8]| {
    let read = zorgrecon::ingest::specs::read(&zorgrecon_fuzz::path(), data, &POLICY);
    zorgrecon_fuzz::check(&read);
});
