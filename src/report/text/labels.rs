//! The fixed texts of the report, named. `label` in each language's
//! catalogue gives the words; CSV and JSON files keep the machine names of
//! docs/outputs.md whatever the language, so these are the words of
//! `report.xlsx`, which a person reads, and of the journal's booking text.

/// Every fixed text of the report: the workbook's sheet names, headings
/// and column headers, its fixed cell texts and notes, and the journal's
/// booking words. Each language's catalogue words every one in an
/// exhaustive `match`, so a label cannot exist in one language only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// Summary sheet name.
    SummarySheet,
    /// Coulance (write-off list) sheet name.
    CoulanceSheet,
    /// Sheet of payments that need the accountant.
    AttentionSheet,
    /// Input problems sheet name.
    ProblemsSheet,
    /// Workbook title (document property and summary heading).
    Title,
    /// "As of".
    AsOf,
    /// "Provider".
    Provider,
    /// Heading of the invoice table.
    Invoices,
    /// Heading of the payment table.
    Payments,
    /// "Status".
    Status,
    /// "Count".
    Count,
    /// "Total".
    Total,
    /// Credits (money in).
    Credits,
    /// Debits (money out).
    Debits,
    /// Number of credits.
    CreditsCount,
    /// Sum of credits.
    CreditsAmount,
    /// Number of debits.
    DebitsCount,
    /// Sum of debits.
    DebitsAmount,
    /// Heading of the conservation check.
    Conservation,
    /// Sum of all credits read.
    CreditsRead,
    /// Allocated credits.
    Allocated,
    /// Unallocated credits.
    Unallocated,
    /// Ignored credits.
    Ignored,
    /// Duplicate credits.
    Duplicate,
    /// Reversed credits.
    Reversed,
    /// Sum of the parts.
    AccountedFor,
    /// Difference between the two sides.
    Difference,
    /// Whether both sides agree.
    Balanced,
    /// "yes".
    Yes,
    /// "no".
    No,
    /// Heading of the inputs table.
    InputsRead,
    /// File path.
    File,
    /// Input kind.
    Kind,
    /// Detected format.
    Format,
    /// Rows read.
    RowsRead,
    /// Rows rejected.
    RowsRejected,
    /// Rows found back in the outputs.
    RowsInOutputs,
    /// SHA-256 checksum.
    Checksum,
    /// Heading of the problem counts.
    InputProblems,
    /// Errors.
    Errors,
    /// Warnings.
    Warnings,
    /// Heading of the ageing table.
    OpenByAge,
    /// Heading: changes since the previous report.
    ChangesSince,
    /// Age bucket column.
    DaysOverdue,
    /// Chart title: amount per invoice status.
    ChartByStatus,
    /// Chart title: open amount by age.
    ChartByAge,
    /// Invoice number.
    InvoiceNumber,
    /// Client number.
    ClientId,
    /// Client name.
    ClientName,
    /// Insurer.
    Insurer,
    /// Invoice date.
    InvoiceDate,
    /// Due date.
    DueDate,
    /// Invoice amount.
    Amount,
    /// Credited by credit notes.
    Credited,
    /// Net amount.
    Net,
    /// Paid.
    Paid,
    /// Paid by the insurer directly.
    PaidByInsurer,
    /// Reimbursed by the insurer.
    Reimbursed,
    /// Deductible withheld.
    Deductible,
    /// Required before write-off.
    Required,
    /// Coulance (write-off).
    Coulance,
    /// Outstanding.
    Outstanding,
    /// Payment ids.
    PaymentIds,
    /// Specifications.
    Specifications,
    /// Reason.
    Reason,
    /// Payment id.
    PaymentId,
    /// Source (file and line).
    Source,
    /// Own account.
    Account,
    /// Booking date.
    BookingDate,
    /// Counterparty account.
    CounterpartyIban,
    /// Counterparty name.
    CounterpartyName,
    /// Description.
    Description,
    /// Matching rule.
    Rule,
    /// Invoice numbers of a payment.
    InvoiceNumbers,
    /// Note.
    Note,
    /// Severity.
    Severity,
    /// Problem.
    Problem,
    /// Offending value.
    Value,
    /// Sheet name: per client.
    ClientsSheet,
    /// Sheet name: invoices whose specification is missing.
    SpecMissingSheet,
    /// Sheet name: per insurer.
    InsurersSheet,
    /// Open and partially paid invoices of a client.
    InvoicesOpen,
    /// What a client owes.
    Owed,
    /// Owed, not yet due (due today or later).
    OwedNotDue,
    /// Owed, 1–30 days overdue.
    Owed1To30,
    /// Owed, 31–60 days overdue.
    Owed31To60,
    /// Owed, 61–90 days overdue.
    Owed61To90,
    /// Owed, more than 90 days overdue.
    Owed90Plus,
    /// To refund (overpaid).
    ToRefund,
    /// Invoices awaiting a specification.
    AwaitingSpecification,
    /// Most days overdue.
    OldestDaysOverdue,
    /// Latest payment received.
    LastPaymentDate,
    /// The client's accounts.
    ClientIban,
    /// Invoices with a specification.
    WithSpecification,
    /// Net amount of the invoices with a specification.
    NetWithSpecification,
    /// Reimbursed ÷ net.
    ReimbursementRate,
    /// Invoices whose required amount the client-share floor raised.
    FloorApplied,
    /// The group of invoices without an insurer.
    NoInsurer,
    /// Chart title: reimbursement rate per insurer.
    ChartReimbursementRate,
    /// Page footer: page number of pages (`&P`, `&N` are Excel's codes).
    PageOfPages,
    /// Sheet of reversed payments and duplicate lines (no decision needed).
    ReversedSheet,
    /// Sheet of the decisions read back from `decisions/`.
    DecisionsSheet,
    /// Editable: the accountant's decision on a payment.
    Decision,
    /// Editable: the accountant's note to a decision.
    DecisionNote,
    /// Editable: `nee` / `no` holds an invoice's write-off.
    WriteOff,
    /// Editable: `nee` / `no` holds an overpaid invoice's refund.
    Refund,
    /// Where the decision pre-filled in the editable cells came from; read
    /// back, it tells a cleared cell (an undone decision) from one never
    /// filled.
    Prefilled,
    /// The payment's own amount on the review sheet (beside the decision's
    /// amount, which is `Amount`).
    PaymentAmount,
    /// Kind of decision.
    DecisionKind,
    /// What became of a decision (code).
    Effect,
    /// Why a decision did or did not take effect.
    Explanation,
    /// A payment's status tonight.
    PaymentStatus,
    /// Sheet of the billing agents' payout batches.
    AgentsSheet,
    /// The billing agent an invoice or batch goes through.
    Agent,
    /// The agent's key for an invoice (its payment reference).
    AgentReference,
    /// Sheet name: letters to clients.
    LettersSheet,
    /// The kind of letter.
    Letter,
    /// The client's e-mail address.
    Email,
    /// The client's street and house number.
    Address,
    /// The client's postcode.
    Postcode,
    /// The client's town.
    City,
    /// Invoices in a letter.
    InvoiceCount,
    /// The earliest due date of a letter's invoices.
    OldestDueDate,
    /// A letter's principal.
    Principal,
    /// Collection costs (BIK).
    CollectionCosts,
    /// Pay by.
    PayBy,
    /// What to quote when paying.
    PaymentReference,
    /// What the provider owes the client.
    RefundDue,
    /// A batch's payout number.
    Payout,
    /// A batch's payout date.
    PayoutDate,
    /// The statement a batch was read from (its first line).
    Statement,
    /// Statement lines counted in a batch.
    Lines,
    /// What the agent received from clients.
    Received,
    /// The agent's fees.
    Fees,
    /// What a batch should pay out: received − fees.
    ToPayOut,
    /// Where the bank line that paid a batch out was read.
    BankLine,
    /// What the bank shows paid out.
    PaidOut,
    /// Days a batch is overdue in transit.
    DaysInTransit,
    /// Summary heading: the conservation per billing agent.
    AgentConservation,
    /// What the statements' batches are worth (received − fees).
    Batches,
    /// Batches not yet in the bank.
    InTransit,
    /// The agent's payouts in the bank.
    PayoutsInBank,
    /// Payouts in the bank for a batch on a statement.
    PaidForBatches,
    /// Payouts in the bank no statement accounts for.
    WithoutStatement,
    /// Summary heading: the balance check of each bank file.
    BalanceCheckHeading,
    /// Whether a bank file's balances close.
    Balances,
    /// What a balance check goes by: statement or line.
    BalanceUnit,
    /// Balance checks made.
    Checked,
    /// Balance checks that closed.
    Closed,
    /// Balance checks that broke.
    Broken,
    /// Statements or steps that could not be checked.
    NotCheckable,
    /// A bank file whose balances close.
    BalanceClosed,
    /// A bank file whose balances do not close.
    BalanceBroken,
    /// A bank file whose balances could not be checked.
    BalanceNotChecked,
    /// A bank file that states no balances.
    NoBalances,
    /// Balances checked per statement.
    PerStatement,
    /// Balances checked per line.
    PerLine,
    /// Summary heading: the provider's own accounts.
    OwnAccountsHeading,
    /// Where an own account came from.
    From,
    /// An own account named in the configuration.
    FromConfiguration,
    /// Summary heading: the dates each bank file covers.
    CoverageHeading,
    /// First booking date of an account in a file.
    FirstBookingDate,
    /// Last booking date of an account in a file.
    LastBookingDate,
    /// Header note: how to fill in the decision column.
    DecisionHelp,
    /// Header note: how to fill in the decision's amount.
    AmountHelp,
    /// Header note: how to fill in the decision's note.
    NoteHelp,
    /// Header note: how to hold a write-off.
    WriteOffHelp,
    /// Header note: how to hold a refund.
    RefundHelp,
    /// The decision that ignores a payment (`negeren` / `ignore`).
    Ignore,
    /// Drop-down message of the decision column.
    DecisionPrompt,
    /// Drop-down message of the write-off column.
    WriteOffPrompt,
    /// Drop-down message of the refund column.
    RefundPrompt,
    /// A decision's kind: on a payment.
    PaymentDecision,
    /// A decision's kind: a write-off hold.
    WriteOffDecision,
    /// A decision's kind: a refund hold.
    RefundDecision,
    /// Journal booking text of a write-off.
    CoulanceEntry,
    /// Journal booking text of a write-off taken back.
    CoulanceReversal,
}
