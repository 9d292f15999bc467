//! Bank exports (docs/inputs.md): detect the format of a file from its content
//! and hand it to that format's reader. One file per format below.
//!
//! Every format module has the same two functions:
//! `detect(text) -> bool`, true when the text is in that format, and
//! `parse(path, text) -> FileRead<BankLine>`, which reads every line it can
//! and reports every line it cannot. Ids are assigned here, after parsing.

mod abnamro_cells;
pub mod abnamro_tab;
mod account_shapes;
pub mod balance;
pub mod bunq;
pub mod camt053;
mod collector;
pub mod coverage;
mod draft;
mod fields;
pub mod generic;
pub mod ing;
pub mod knab;
mod labels;
mod layout;
pub mod marks;
pub mod mt940;
mod prologue;
pub mod rabobank;
mod records;
mod remittance;
#[cfg(test)]
mod sample_check;
mod sheet;
pub mod sns;
mod stated;
mod swift;
pub mod triodos;
mod words;

use std::sync::Arc;

use crate::ingest::FileRead;
use crate::payment::{BankLine, assign_ids};
use crate::problem::Refusal;
use crate::text::decode;

type Detect = fn(&str) -> bool;
type Parse = fn(&Arc<str>, &str) -> FileRead<BankLine>;

/// The readers, most specific first: a file is read by the first whose
/// `detect` accepts it.
const READERS: [(Detect, Parse); 10] = [
    (camt053::detect, camt053::parse),
    (mt940::detect, mt940::parse),
    (knab::detect, knab::parse),
    (rabobank::detect, rabobank::parse),
    (ing::detect, ing::parse),
    (bunq::detect, bunq::parse),
    (abnamro_tab::detect, abnamro_tab::parse),
    (triodos::detect, triodos::parse),
    (sns::detect, sns::parse),
    (generic::detect, generic::parse),
];

/// Reads one bank file of any supported format. A file in no known format
/// is one problem, and the run goes on.
pub fn read(path: &Arc<str>, bytes: &[u8]) -> FileRead<BankLine> {
    // A spreadsheet (xlsx, xls, ods, HTML, Excel 2003 XML) is opened as
    // tables, and each sheet handed to the text readers below as text.
    if sheet::is_spreadsheet(bytes) {
        return sheet::read(path, bytes, read_text);
    }
    read_text(path, bytes)
}

/// Reads one bank export that is text: every format but a spreadsheet.
fn read_text(path: &Arc<str>, bytes: &[u8]) -> FileRead<BankLine> {
    if crate::ingest::sniff::looks_binary(bytes) {
        return FileRead::unreadable(path, "unknown", Refusal::BinaryBankFile);
    }
    let (text, _) = decode(bytes);
    // Every CSV detector splits and folds the first record; a first line
    // of megabytes is no export header (a CAMT statement may be one line).
    if !camt053::detect(&text)
        && let Some(why) = crate::ingest::table::overlong_first_line(&text)
    {
        return FileRead::unreadable(path, "unknown", why);
    }
    for (detect, parse) in READERS {
        if detect(&text) {
            let mut read = parse(path, &text);
            assign_ids(&mut read.rows);
            balance::settle(&mut read);
            return read;
        }
    }
    FileRead::unreadable(path, "unknown", Refusal::UnknownBankFormat)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sample file under `fixtures/samples/bank`, with its bytes.
    fn samples() -> Vec<(String, Vec<u8>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples/bank");
        let mut out = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.parent() != Some(root.as_path()) {
                    let rel = p
                        .strip_prefix(&root)
                        .map_or_else(|_| p.display().to_string(), |r| r.display().to_string());
                    out.push((rel, std::fs::read(&p).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn each_sample_is_claimed_by_at_most_one_bank_specific_reader() {
        let names = [
            "camt053",
            "mt940",
            "knab",
            "rabobank",
            "ing",
            "bunq",
            "abnamro-tab",
            "triodos",
            "sns",
            "generic",
        ];
        let samples = samples();
        assert!(samples.len() > 20);
        for (path, bytes) in samples {
            let (text, _) = decode(&bytes);
            // The generic reader accepts any header with a date and an
            // amount; it comes last in `READERS`, which alone decides.
            let claims: Vec<&str> = READERS
                .iter()
                .zip(names)
                .filter(|((detect, _), n)| *n != "generic" && detect(&text))
                .map(|(_, n)| n)
                .collect();
            assert!(claims.len() <= 1, "{path} claimed by {claims:?}");
            let csv_like = !(path.starts_with("camt053/") || path.starts_with("mt940/"));
            if csv_like {
                assert_eq!(claims.len(), 1, "{path} claimed by {claims:?}");
            } else {
                assert!(
                    claims.iter().all(|c| *c == "camt053" || *c == "mt940"),
                    "{path} claimed by {claims:?}"
                );
            }
        }
    }

    #[test]
    fn cut_off_and_mangled_samples_never_panic_and_count_every_row() {
        for (path, bytes) in samples() {
            let p: Arc<str> = Arc::from(path.as_str());
            let step = (bytes.len() / 16).max(1);
            for cut in (0..bytes.len()).step_by(step) {
                let mut b = bytes[..cut].to_vec();
                let r = read(&p, &b);
                assert_eq!(
                    r.rows_read,
                    r.rows.len() as u64 + r.rows_rejected,
                    "{path} cut {cut}"
                );
                // A byte changed in the middle: any reader may reject the
                // line, none may panic.
                if let Some(x) = b.get_mut(cut / 2) {
                    *x = if *x == b';' { b'"' } else { b';' };
                }
                let r = read(&p, &b);
                assert_eq!(
                    r.rows_read,
                    r.rows.len() as u64 + r.rows_rejected,
                    "{path} mangled {cut}"
                );
            }
        }
    }
}
