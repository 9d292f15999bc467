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

impl Ledger {
    /// Adds every agent statement line with a received amount to the bank
    /// lines as a payment on the agent's account ([`AgentLine::payment`]),
    /// linked by [`AgentLine::line`], with ids given per statement file
    /// ([`crate::agent::assign_ids`]). Called once, after reading; lines
    /// linked already are left as they are.
    pub fn add_agent_payments(&mut self) {
        let lines = &mut self.agent_lines;
        let mut start = 0;
        while start < lines.len() {
            let path = lines[start].source.path.clone();
            let end = start
                + lines[start..]
                    .iter()
                    .take_while(|l| l.source.path == path)
                    .count();
            let file = &mut lines[start..end];
            start = end;
            if file.iter().any(|l| l.line.is_some()) {
                continue;
            }
            let mut payments: Vec<BankLine> = file.iter().filter_map(AgentLine::payment).collect();
            crate::agent::assign_ids(file, &mut payments);
            let receipts = file.iter_mut().filter(|l| l.is_receipt());
            for (next, l) in (self.bank_lines.len()..).zip(receipts) {
                l.line = Some(next);
            }
            self.bank_lines.extend(payments);
        }
    }
}
