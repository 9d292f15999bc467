//! The one integration-test binary (as xsv and ripgrep do): every module
//! below tests the job through its public front door.

mod adversarial;
mod bank_amounts;
mod bank_samples;
mod cases;
mod cli;
mod decisions;
mod follow_up;
mod handover;
mod language;
mod office;
mod own_accounts;
mod printing;
mod properties;
mod refunds;
mod regressions;
mod report_folder;
mod sheets;
mod support;
mod threads;
mod workbook;
