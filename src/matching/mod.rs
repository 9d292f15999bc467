//! The pure core: decides every payment (SPEC §6) and every invoice's
//! status (SPEC §7). No I/O; a function of values. (Not yet written.)

use chrono::NaiveDate;

use crate::config::Policy;
use crate::ledger::Ledger;
use crate::outcome::Reconciliation;

/// Decides everything: which payment goes where, by which rule and why, and
/// each invoice's status and coulance at `as_of`.
pub fn reconcile(_ledger: &Ledger, _policy: &Policy, _as_of: NaiveDate) -> Reconciliation {
    Reconciliation::default()
}
