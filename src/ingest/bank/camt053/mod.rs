//! Bank export reader: CAMT.053 (ISO 20022 bank-to-customer statement),
//! docs/inputs.md, "CAMT.053".
//!
//! Elements are matched by local name, so every schema version
//! (`camt.053.001.02` … `.001.08` and later) and any namespace prefix
//! reads the same. A file may hold several `Stmt`; each `Ntry` is one
//! booking, and each of its `TxDtls` becomes one bank line (a batch entry
//! has several; an entry without `TxDtls` is one line). The lines of a
//! batch always add up to the entry's amount, which is what the bank
//! booked. Source = `file#n`, n the 1-based position of the transaction in
//! the file.

mod entry;
mod lines;
mod walk;

use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::Event;

use self::walk::State;
use crate::ingest::FileRead;
use crate::ingest::table::entities::xml_entity;
use crate::payment::BankLine;
use crate::problem::XmlBreak;

/// The format name this reader reports.
const FORMAT: &str = "camt053";

/// Elements nested deeper than this end the reading: a statement's
/// deepest path (`Document/BkToCstmrStmt/Stmt/Ntry/NtryDtls/TxDtls/
/// RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Cd`) is about fifteen deep. Every
/// element's end looks at the path of open elements, so without a bound a
/// file nested 200,000 deep took a minute; with it each element
/// costs at most this much.
pub const MAX_DEPTH: usize = 64;

/// True when `text` is an XML bank-to-customer statement. A CSV export
/// never starts with `<`.
pub fn detect(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && t.contains("BkToCstmrStmt")
}

/// Reads every transaction of the file. Malformed XML keeps the lines read
/// before the break and adds one problem that says where it broke.
pub fn parse(path: &Arc<str>, text: &str) -> FileRead<BankLine> {
    let mut st = State::new(path, FORMAT);
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(_) | Event::Empty(_)) if st.stack.len() >= MAX_DEPTH => {
                let line = line_at(text, reader.buffer_position());
                st.broken(
                    line,
                    XmlBreak::TooDeep {
                        limit: MAX_DEPTH as u64,
                        line,
                    },
                );
                break;
            }
            Ok(Event::Start(e)) => st.start(&e),
            Ok(Event::Empty(e)) => {
                st.start(&e);
                st.end();
            }
            Ok(Event::End(_)) => st.end(),
            Ok(Event::Text(t)) => st.text.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => st.text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => match xml_entity(&r) {
                Some(c) => st.text.push(c),
                None => {
                    st.text.push('&');
                    st.text.push_str(&r);
                    st.text.push(';');
                }
            },
            Ok(Event::Eof) => {
                if !st.stack.is_empty() {
                    let open = st.stack.join("/");
                    st.broken(
                        line_at(text, text.len() as u64),
                        XmlBreak::Truncated { open },
                    );
                }
                break;
            }
            Ok(_) => {}
            Err(e) => {
                let line = line_at(text, reader.error_position());
                st.broken(
                    line,
                    XmlBreak::Malformed {
                        line,
                        error: e.to_string(),
                    },
                );
                break;
            }
        }
    }
    let mut out = st.out;
    out.rows_read = out.rows.len() as u64 + out.rows_rejected;
    out
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: u64) -> u64 {
    let end = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(text.len());
    let newlines = text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    newlines as u64 + 1
}

#[cfg(test)]
mod tests;
