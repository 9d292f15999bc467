//! zorgrecon: nightly reconciliation of client payments, invoices and insurer
//! specifications for Dutch home-care providers without an insurer contract.
//!
//! The flow is ingest → match → decide status → report; see ARCHITECTURE.md.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod agent;
pub mod changes;
pub mod config;
pub mod decision_headers;
pub mod decisions;
pub mod history;
pub mod ident;
pub mod ingest;
pub mod invoice;
#[cfg(test)]
mod layers;
pub mod ledger;
pub mod matching;
pub mod money;
pub mod note;
pub mod outcome;
pub mod overrides;
pub mod own_accounts;
pub mod payment;
pub mod private;
pub mod problem;
pub mod quiet;
pub mod reason;
pub mod reference;
pub mod report;
pub mod report_folder;
pub mod run;
pub mod source;
pub mod spec;
pub mod status;
pub mod text;
pub mod threads;
