//! `camt053::parse` on any bytes (decoded as the job decodes them), without
//! format detection: no panic, and the row counts add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zorgrecon::ingest::bank::camt053;

fuzz_target!(|data: &[u8]| {
    zorgrecon_fuzz::bank_format(data, camt053::parse);
});
