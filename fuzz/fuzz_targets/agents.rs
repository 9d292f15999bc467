//! `ingest::agents::read` on any bytes (a billing agent's statement, CSV
//! or spreadsheet): no panic, the row counts add up, and every line's
//! payment, id and batch can be made as `ingest` and the core make them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zorgrecon::agent::{AgentLine, BatchKey, assign_ids};

fuzz_target!(|data: &[u8]| {
    let read = zorgrecon::ingest::agents::read(&zorgrecon_fuzz::path(), data, "Infomedics");
    zorgrecon_fuzz::check(&read);
    let mut payments: Vec<_> = read.rows.iter().filter_map(AgentLine::payment).collect();
    assign_ids(&read.rows, &mut payments);
    for (line, payment) in read
        .rows
        .iter()
        .filter(|l| l.payment().is_some())
        .zip(&payments)
    {
        assert_eq!(Some(payment.amount), line.received);
        assert!(payment.id.as_str().starts_with('A'), "{}", payment.id);
    }
    for line in &read.rows {
        let _ = BatchKey::of(line);
    }
});
