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
mod threads;
mod workbook;

/// LibreOffice's command where it is installed (`soffice`, else
/// `libreoffice`); where it is not, says that the calling test is skipped
/// and gives `None`.
pub fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        eprintln!("skipped: soffice is not installed");
    }
    found
}
