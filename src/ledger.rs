//! Everything the readers produced, in one value: the input of the pure
//! core ([`crate::matching::reconcile`]).

use crate::agent::AgentLine;
use crate::decisions::DecisionRow;
use crate::invoice::InvoiceRow;
use crate::overrides::OverrideRow;
use crate::payment::BankLine;
use crate::spec::SpecLine;

/// All typed input rows, each list in input order (files in path order,
/// rows in file order).
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// Invoice register rows, credit notes included.
    pub invoices: Vec<InvoiceRow>,
    /// Bank lines of all accounts and files.
    pub bank_lines: Vec<BankLine>,
    /// Specification lines of all insurers.
    pub spec_lines: Vec<SpecLine>,
    /// The accountant's overrides.
    pub overrides: Vec<OverrideRow>,
    /// The own accounts the bank exports name, per file in path order.
    pub own_accounts: Vec<crate::own_accounts::NamedAccount>,
    /// The accountant's decisions from `decisions/`, files in path order.
    pub decisions: Vec<DecisionRow>,
    /// Billing agents' statement lines, files in path order. Each line with
    /// a received amount is also in `bank_lines`, at [`AgentLine::line`].
    pub agent_lines: Vec<AgentLine>,
}
