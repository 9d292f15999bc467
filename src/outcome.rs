//! What the core decided: per invoice its figures and status, per bank line
//! its status, rule, allocations and evidence. The report writes these; it
//! decides nothing itself.

use chrono::NaiveDate;

use crate::money::Money;
use crate::problem::Problem;
use crate::text::Text;

/// Invoice status (docs/statuses.md), in the order they are tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InvoiceStatus {
    /// Received more than the net amount.
    Overpaid,
    /// Paid in full, or nothing (left) to pay.
    Settled,
    /// Paid up to what the insurer reimbursed: the rest may be written off.
    CoulanceEligible,
    /// Some money received, more is due.
    PartiallyPaid,
    /// Nothing received.
    Open,
}

impl InvoiceStatus {
    /// Every status, in the order of docs/statuses.md.
    pub const ALL: [InvoiceStatus; 5] = [
        InvoiceStatus::Overpaid,
        InvoiceStatus::Settled,
        InvoiceStatus::CoulanceEligible,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Open,
    ];

    /// The word written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Overpaid => "overpaid",
            InvoiceStatus::Settled => "settled",
            InvoiceStatus::CoulanceEligible => "coulance_eligible",
            InvoiceStatus::PartiallyPaid => "partially_paid",
            InvoiceStatus::Open => "open",
        }
    }
}

/// Payment (bank line) status (docs/outputs.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaymentStatus {
    /// Allocated to one or more invoices (refunds included, negative).
    Allocated,
    /// A candidate is listed for review, nothing applied.
    Suggested,
    /// No invoice found.
    Unmatched,
    /// Not a client payment: a debit, a transfer between own accounts, or
    /// an override `ignore`.
    Ignored,
    /// The same line was already read from an earlier file.
    Duplicate,
    /// Returned by the bank, or the return itself: it cancels out.
    Reversed,
}

impl PaymentStatus {
    /// Every status, in the order of docs/statuses.md.
    pub const ALL: [PaymentStatus; 6] = [
        PaymentStatus::Allocated,
        PaymentStatus::Suggested,
        PaymentStatus::Unmatched,
        PaymentStatus::Ignored,
        PaymentStatus::Duplicate,
        PaymentStatus::Reversed,
    ];

    /// The word written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Allocated => "allocated",
            PaymentStatus::Suggested => "suggested",
            PaymentStatus::Unmatched => "unmatched",
            PaymentStatus::Ignored => "ignored",
            PaymentStatus::Duplicate => "duplicate",
            PaymentStatus::Reversed => "reversed",
        }
    }
}

/// The rule that decided a payment (docs/matching.md), written to `payments.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// 1: the accountant's override.
    Override,
    /// 2: an invoice number or payment reference in the description.
    Reference,
    /// 3: one edit away from an invoice number, corroborated.
    FuzzyReference,
    /// 4: an insurer's payment naming declaration numbers.
    Insurer,
    /// 5a: the client's IBAN and the amount of one open invoice.
    IbanAmount,
    /// 5b: the client's IBAN and one set of open invoices summing to it.
    IbanSubset,
    /// 5c: the client's IBAN, oldest open invoices first.
    IbanFifo,
    /// 6: payer name resembles a client and the amount fits: for review.
    Suggestion,
    /// 7: nothing fitted.
    Unmatched,
    /// 6.5: a debit to a client that references an invoice.
    Refund,
    /// 6.5: a return and the payment it returns.
    Reversal,
    /// A debit that is no refund.
    Debit,
    /// A transfer between the provider's own accounts.
    OwnTransfer,
    /// Seen already in an earlier file.
    Duplicate,
    /// A billing agent's receipt, allocated to the invoice it names.
    Agent,
    /// A billing agent's payout of a batch: no client payment.
    AgentPayout,
}

impl Rule {
    /// Every rule, in the order of docs/matching.md.
    pub const ALL: [Rule; 16] = [
        Rule::Override,
        Rule::Reference,
        Rule::FuzzyReference,
        Rule::Insurer,
        Rule::IbanAmount,
        Rule::IbanSubset,
        Rule::IbanFifo,
        Rule::Suggestion,
        Rule::Unmatched,
        Rule::Refund,
        Rule::Reversal,
        Rule::Debit,
        Rule::OwnTransfer,
        Rule::Duplicate,
        Rule::Agent,
        Rule::AgentPayout,
    ];

    /// The word written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Override => "override",
            Rule::Reference => "reference",
            Rule::FuzzyReference => "fuzzy_reference",
            Rule::Insurer => "insurer",
            Rule::IbanAmount => "iban_amount",
            Rule::IbanSubset => "iban_subset",
            Rule::IbanFifo => "iban_fifo",
            Rule::Suggestion => "suggestion",
            Rule::Unmatched => "unmatched",
            Rule::Refund => "refund",
            Rule::Reversal => "reversal",
            Rule::Debit => "debit",
            Rule::OwnTransfer => "own_transfer",
            Rule::Duplicate => "duplicate",
            Rule::Agent => "agent",
            Rule::AgentPayout => "agent_payout",
        }
    }
}

/// Part of a payment given to one invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    /// The invoice number as the register writes it (held in place when
    /// short, as numbers are: one per allocation of a million lines).
    pub invoice: Text,
    /// The amount (negative for a refund).
    pub amount: Money,
}

/// The decision on one bank line. `line` indexes `Ledger::bank_lines`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentOutcome {
    /// Index into `Ledger::bank_lines`.
    pub line: usize,
    /// Status.
    pub status: PaymentStatus,
    /// The rule that decided it.
    pub rule: Rule,
    /// Allocations, in the order made; they sum to the amount minus
    /// `unallocated`.
    pub allocations: Vec<Allocation>,
    /// What was not allocated (the whole amount when nothing was).
    pub unallocated: Money,
    /// Evidence and, for undecided lines, the best candidates and why each
    /// was not taken.
    pub note: crate::note::Note,
}

/// The figures and status of one invoice (credit notes folded in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceOutcome {
    /// Invoice number as the register writes it.
    pub number: String,
    /// Client number.
    pub client_id: String,
    /// Client name.
    pub client_name: String,
    /// Insurer (register, else specification), if known.
    pub insurer: Option<String>,
    /// Invoice date.
    pub invoice_date: NaiveDate,
    /// Due date: from the register, else invoice date + payment term.
    pub due_date: NaiveDate,
    /// Invoice amount.
    pub amount: Money,
    /// Sum of its credit notes, as a positive amount.
    pub credited: Money,
    /// amount − credited.
    pub net: Money,
    /// Received in all (client and insurer), minus refunds and reversals.
    pub paid: Money,
    /// The part of `paid` that came from an insurer (direct payment).
    pub paid_by_insurer: Money,
    /// Sum of reimbursed over its specification lines; `None` without one.
    pub reimbursed: Option<Money>,
    /// Sum of deductibles withheld; `None` without a specification.
    pub deductible: Option<Money>,
    /// What must be received before the rest may be written off.
    pub required: Option<Money>,
    /// True when the client-share floor raised `required` above what the
    /// insurer reimbursed (decided in `status::decide`).
    pub floor_applied: bool,
    /// Status.
    pub status: InvoiceStatus,
    /// Amount that may be written off (0 unless coulance_eligible).
    pub coulance: Money,
    /// net − paid (negative: to refund).
    pub outstanding: Money,
    /// Days past the due date at the as-of date (0 when not yet due).
    pub days_overdue: i64,
    /// Ids of the payments allocated to it, in allocation order.
    pub payments: Vec<Text>,
    /// Declaration numbers (or sources) of its specification lines.
    pub specifications: Vec<String>,
    /// Why the status is what it is, as facts (`report::text` words them).
    pub reason: crate::reason::Reason,
    /// The billing agent the invoice goes through, if any.
    pub agent: Option<String>,
    /// The agent's key for the invoice: its payment reference.
    pub agent_reference: Option<String>,
}

/// What became of a billing agent's batch (payout), as `agents.csv` lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BatchStatus {
    /// Paid out in the bank, for the batch's amount.
    PaidOut,
    /// Paid out, but for another amount than the batch's.
    Different,
    /// Not (yet) seen in the bank.
    InTransit,
    /// A payout in the bank that no statement accounts for.
    StatementMissing,
}

impl BatchStatus {
    /// Every status, in the order of docs/outputs.md.
    pub const ALL: [BatchStatus; 4] = [
        BatchStatus::PaidOut,
        BatchStatus::Different,
        BatchStatus::InTransit,
        BatchStatus::StatementMissing,
    ];

    /// The word written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            BatchStatus::PaidOut => "paid_out",
            BatchStatus::Different => "different",
            BatchStatus::InTransit => "in_transit",
            BatchStatus::StatementMissing => "statement_missing",
        }
    }
}

/// One payout batch of a billing agent (or a payout in the bank that no
/// statement accounts for): what its statement lines add up to and the
/// bank line that paid it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentBatch {
    /// The agent.
    pub agent: String,
    /// The payout number as the statement writes it.
    pub payout: Option<String>,
    /// The payout date the statement gives.
    pub payout_date: Option<NaiveDate>,
    /// The batch's first statement line (none for a payout without one).
    pub statement: Option<crate::source::Source>,
    /// Statement lines counted (receipts and fee lines, each once).
    pub lines: u64,
    /// What the agent received on them.
    pub received: Money,
    /// The agent's fees on them.
    pub fees: Money,
    /// received − fees: what the agent should pay out.
    pub amount: Money,
    /// Index into `Ledger::bank_lines` of the payout that paid it.
    pub payment: Option<usize>,
    /// What that payout paid.
    pub paid_out: Option<Money>,
    /// Status.
    pub status: BatchStatus,
    /// In transit longer than the agent's `payout_days`: days since the
    /// payout date.
    pub overdue_days: Option<i64>,
}

impl AgentBatch {
    /// How the batch is named to a reader: its payout number, else its
    /// statement file.
    pub fn label(&self) -> String {
        match (&self.payout, &self.statement) {
            (Some(p), _) => p.clone(),
            (None, Some(s)) => s.path.to_string(),
            (None, None) => String::new(),
        }
    }

    /// paid out − amount, when a batch on a statement was paid out.
    pub fn difference(&self) -> Option<Money> {
        match self.status {
            BatchStatus::StatementMissing => None,
            _ => self.paid_out.map(|p| p - self.amount),
        }
    }
}

/// The whole decision: one outcome per invoice and per bank line, and the
/// problems the core found in the input (unknown invoices in
/// specifications, overrides naming unknown payments, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// One per invoice (not per credit note), sorted by invoice number.
    pub invoices: Vec<InvoiceOutcome>,
    /// One per bank line, in `Ledger::bank_lines` order.
    pub payments: Vec<PaymentOutcome>,
    /// Problems found while deciding.
    pub problems: Vec<Problem>,
    /// One per decision read from `decisions/`, in `Ledger::decisions`
    /// order: what became of it.
    pub decisions: Vec<crate::decisions::DecisionOutcome>,
    /// Invoices (indexes into `invoices`, sorted) whose write-off the
    /// accountant holds: they keep their status and leave the write-offs.
    pub held: Vec<usize>,
    /// Every billing agent's batches and the payouts without a statement,
    /// by agent and payout date.
    pub batches: Vec<AgentBatch>,
}
