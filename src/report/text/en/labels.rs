//! The report's fixed words in English: the workbook's sheet names,
//! headings and column headers, the notes on its editable columns and the
//! journal's booking text.

use crate::decision_headers as headers;
use crate::ingest::InputKind;
use crate::outcome::{BatchStatus, InvoiceStatus, PaymentStatus};
use crate::problem::Severity;
use crate::report::letters::kind::LetterKind;

use super::super::LabelWords;
use super::super::labels::Label;
use super::En;

impl LabelWords for En {
    fn label(&self, label: Label) -> &'static str {
        use Label::*;
        match label {
            SummarySheet => "Summary",
            CoulanceSheet => "Write-off list",
            AttentionSheet => "Payments to review",
            ProblemsSheet => "Input problems",
            Title => "Reconciliation report",
            AsOf => headers::AS_OF.en,
            Provider => "Provider",
            Invoices => "Invoices",
            Payments => "Payments",
            Status => "Status",
            Count => "Count",
            Total => "Total",
            Credits => "Credits",
            Debits => "Debits",
            CreditsCount => "Credits count",
            CreditsAmount => "Credits amount",
            DebitsCount => "Debits count",
            DebitsAmount => "Debits amount",
            Conservation => "Conservation check (credits)",
            CreditsRead => "Credits read",
            Allocated => "Allocated",
            Unallocated => "Unallocated",
            Ignored => "Ignored",
            Duplicate => "Duplicate",
            Reversed => "Reversed",
            AccountedFor => "Accounted for",
            Difference => "Difference",
            Balanced => "Balanced",
            Yes => "yes",
            No => "no",
            InputsRead => "Inputs read",
            File => "File",
            Kind => "Kind",
            Format => "Format",
            RowsRead => "Rows read",
            RowsRejected => "Rows rejected",
            RowsInOutputs => "Rows in outputs",
            Checksum => "SHA-256",
            InputProblems => "Input problems",
            Errors => "Errors",
            Warnings => "Warnings",
            OpenByAge => "Open amount by age",
            ChangesSince => "Changes since the previous report",
            DaysOverdue => "Days overdue",
            ChartByStatus => "Net amount per status",
            ChartByAge => "Open amount by days overdue",
            InvoiceNumber => headers::INVOICE_NUMBER.en,
            ClientId => "Client id",
            ClientName => "Client name",
            Insurer => "Insurer",
            InvoiceDate => "Invoice date",
            DueDate => "Due date",
            Amount => headers::AMOUNT.en,
            Credited => "Credited",
            Net => "Net",
            Paid => "Paid",
            PaidByInsurer => "Paid by insurer",
            Reimbursed => "Reimbursed",
            Deductible => "Deductible",
            Required => "Required",
            Coulance => "Coulance",
            Outstanding => "Outstanding",
            PaymentIds => "Payments",
            Specifications => "Specifications",
            Reason => "Reason",
            PaymentId => headers::PAYMENT_ID.en,
            Source => "Source",
            Account => "Account",
            BookingDate => "Booking date",
            CounterpartyIban => "Counterparty IBAN",
            CounterpartyName => "Counterparty name",
            Description => "Description",
            Rule => "Rule",
            InvoiceNumbers => "Invoices",
            Note => "Note",
            Severity => "Severity",
            Problem => "Problem",
            Value => "Value",
            ClientsSheet => "By client",
            SpecMissingSheet => "Specification missing",
            InsurersSheet => "By insurer",
            InvoicesOpen => "Open invoices",
            Owed => "Owed",
            OwedNotDue => "Not yet due",
            Owed1To30 => "1–30 days",
            Owed31To60 => "31–60 days",
            Owed61To90 => "61–90 days",
            Owed90Plus => "90+ days",
            ToRefund => "To refund",
            AwaitingSpecification => "Awaiting specification",
            OldestDaysOverdue => "Oldest days overdue",
            LastPaymentDate => "Last payment",
            ClientIban => "Client IBAN",
            WithSpecification => "With specification",
            NetWithSpecification => "Net with specification",
            ReimbursementRate => "Reimbursement rate",
            FloorApplied => "Client-share floor applied",
            NoInsurer => "(no insurer)",
            ChartReimbursementRate => "Reimbursement rate per insurer",
            PageOfPages => "Page &P of &N",
            ReversedSheet => "Reversed and duplicates",
            DecisionsSheet => "Decisions",
            Decision => headers::DECISION.en,
            DecisionNote => headers::DECISION_NOTE.en,
            WriteOff => headers::WRITE_OFF.en,
            Refund => headers::REFUND.en,
            Prefilled => headers::PREFILLED.en,
            PaymentAmount => headers::PAYMENT_AMOUNT.en,
            DecisionKind => "Kind",
            Effect => headers::EFFECT.en,
            Explanation => "Explanation",
            PaymentStatus => "Payment status",
            AgentsSheet => "Billing agent",
            Agent => "Billing agent",
            AgentReference => "Agent's reference",
            LettersSheet => "Letters",
            Letter => "Letter",
            Email => "Email",
            Address => "Address",
            Postcode => "Postcode",
            City => "City",
            InvoiceCount => "Number of invoices",
            OldestDueDate => "Oldest due date",
            Principal => "Principal",
            CollectionCosts => "Collection costs",
            PayBy => "Pay by",
            PaymentReference => "Payment reference",
            RefundDue => "Refund due to client",
            Payout => "Payout",
            PayoutDate => "Payout date",
            Statement => "Statement",
            Lines => "Lines",
            Received => "Received",
            Fees => "Fees",
            ToPayOut => "To pay out",
            BankLine => "Bank line",
            PaidOut => "Paid out",
            DaysInTransit => "Days in transit",
            AgentConservation => "Conservation check (billing agent)",
            Batches => "Batches on statements",
            InTransit => "In transit",
            PayoutsInBank => "Payouts in the bank",
            PaidForBatches => "For batches on statements",
            WithoutStatement => "Without statement",
            BalanceCheckHeading => {
                "Balance check of the bank files (opening balance + lines = closing balance)"
            }
            Balances => "Balances",
            BalanceUnit => "Per",
            Checked => "Checked",
            Closed => "Closed",
            Broken => "Broken",
            NotCheckable => "Not checkable",
            BalanceClosed => "closed",
            BalanceBroken => "BROKEN",
            BalanceNotChecked => "not checked",
            NoBalances => "no balances in the file",
            PerStatement => "statement",
            PerLine => "line",
            OwnAccountsHeading => "Own accounts (transfers between them are no payments)",
            From => "From",
            FromConfiguration => "configuration (provider.ibans)",
            CoverageHeading => {
                "Dates each bank file covers, per account (days in several files count once)"
            }
            FirstBookingDate => "First booking date",
            LastBookingDate => "Last booking date",
            DecisionHelp => {
                "Your decision on this payment: pick an invoice from the list or type an \
                 invoice number (several separated by ;), or pick ignore when it is no client \
                 payment. Then save the workbook into the input folder's decisions/ folder: \
                 the next run applies the decision."
            }
            AmountHelp => {
                "Optional: the part of the payment that goes to the chosen invoice(s). \
                 Empty: the whole payment."
            }
            NoteHelp => "Optional: why. Goes into the payment's note and into decisions.csv.",
            WriteOffHelp => {
                "Type no to hold this invoice's write-off (a dispute, a client who will still \
                 pay), with the reason after it, for example: no: client disputes the invoice. \
                 Empty: write off as proposed. Then save the workbook into the input folder's \
                 decisions/ folder."
            }
            RefundHelp => {
                "Type no to hold this invoice's refund (it is then left out of refunds.xml), \
                 with the reason after it, for example: no: client still pays another invoice. \
                 Empty: refund as proposed. Then save the workbook into the input folder's \
                 decisions/ folder."
            }
            Ignore => "ignore",
            DecisionPrompt => {
                "Pick an invoice or ignore, or type invoice numbers (separated by ;)."
            }
            WriteOffPrompt => "no holds the write-off; put the reason after it (no: dispute).",
            RefundPrompt => "no holds the refund; put the reason after it (no: another invoice).",
            PaymentDecision => "payment",
            WriteOffDecision => "write off",
            RefundDecision => "refund",
            CoulanceEntry => "coulance",
            CoulanceReversal => "reversal of coulance",
        }
    }

    fn invoice_status(&self, status: InvoiceStatus) -> &'static str {
        match status {
            InvoiceStatus::Overpaid => "Overpaid",
            InvoiceStatus::Settled => "Settled",
            InvoiceStatus::CoulanceEligible => "Coulance eligible",
            InvoiceStatus::PartiallyPaid => "Partially paid",
            InvoiceStatus::Open => "Open",
        }
    }

    fn payment_status(&self, status: PaymentStatus) -> &'static str {
        match status {
            PaymentStatus::Allocated => "allocated",
            PaymentStatus::Suggested => "suggested",
            PaymentStatus::Unmatched => "unmatched",
            PaymentStatus::Ignored => "ignored",
            PaymentStatus::Duplicate => "duplicate",
            PaymentStatus::Reversed => "reversed",
        }
    }

    fn batch_status(&self, status: BatchStatus) -> &'static str {
        match status {
            BatchStatus::PaidOut => "paid out",
            BatchStatus::Different => "different",
            BatchStatus::InTransit => "in transit",
            BatchStatus::StatementMissing => "statement missing",
        }
    }

    fn letter_kind(&self, kind: LetterKind) -> &'static str {
        match kind {
            LetterKind::SpecificationRequest => "specification request",
            LetterKind::Reminder => "reminder",
            LetterKind::FinalNotice => "final notice (14 days)",
        }
    }

    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    fn change_kind(&self, kind: &str) -> &'static str {
        match kind {
            "invoice_new" => "new invoices",
            "invoice_gone" => "invoices gone",
            "status_changed" => "status changed",
            "coulance_changed" => "coulance changed",
            "payment_new" => "new payments",
            _ => "other",
        }
    }

    fn input_kind(&self, kind: InputKind) -> &'static str {
        match kind {
            InputKind::Invoices => "invoices",
            InputKind::Bank => "bank",
            InputKind::Specs => "specifications",
            InputKind::Overrides => "overrides",
            InputKind::Decisions => "decisions",
            InputKind::Agents => "billing agent",
        }
    }
}
