//! Input problems: rejected rows and suspicious values. They are data, not
//! failures: every one reaches `exceptions.csv` with where and why.
//!
//! A problem states facts — which field, which limit, which amounts — as a
//! [`ProblemKind`]; the words are the report's (`report::text::problem`
//! renders them in Dutch or English), and each kind has a stable code for
//! scripts ([`ProblemKind::code`]). No reader composes a sentence.

use crate::money::{AmountError, Money};
use crate::source::Source;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The row or file was not used.
    Error,
    /// The row was used, but something about it needs a look.
    Warning,
}

impl Severity {
    /// The word written to the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One input problem, as written to `exceptions.csv`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where: file and line, sheet and cell, or the file.
    pub source: Source,
    /// Error (not used) or warning (used, but look).
    pub severity: Severity,
    /// What is wrong, as a fact the report puts into words.
    pub kind: ProblemKind,
    /// The offending value as read (may be empty).
    pub value: String,
}

impl Problem {
    /// A problem that kept the row or file out of the results.
    pub fn error(source: Source, kind: ProblemKind, value: impl Into<String>) -> Problem {
        Problem {
            source,
            severity: Severity::Error,
            kind,
            value: value.into(),
        }
    }

    /// A problem with something that was still used.
    pub fn warning(source: Source, kind: ProblemKind, value: impl Into<String>) -> Problem {
        Problem {
            source,
            severity: Severity::Warning,
            kind,
            value: value.into(),
        }
    }
}

/// A field of an input row, as a problem names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The invoice number (register, specification, override, decision).
    InvoiceNumber,
    /// The client number of the register.
    ClientId,
    /// The client's name.
    ClientName,
    /// An amount (invoice, bank line, override).
    Amount,
    /// The invoice date.
    InvoiceDate,
    /// The due date.
    DueDate,
    /// The insurer named on an invoice.
    Insurer,
    /// The client's IBAN(s).
    ClientIban,
    /// The payment reference of an invoice.
    PaymentReference,
    /// The invoice a credit note credits.
    CreditFor,
    /// The insurer's declaration number.
    DeclarationNumber,
    /// The amount declared to the insurer.
    Declared,
    /// The amount the insurer reimbursed.
    Reimbursed,
    /// The deductible withheld.
    Deductible,
    /// The co-payment withheld.
    CoPayment,
    /// The amount paid out.
    PaidOut,
    /// The date care was given.
    CareDate,
    /// The date the insurer paid.
    PaymentDate,
    /// A bank line's date.
    Date,
    /// A bank line's booking date.
    BookingDate,
    /// A bank line's transaction date.
    TransactionDate,
    /// The payment id of an override or decision.
    PaymentId,
    /// The amount of a decision.
    DecisionAmount,
    /// The decision cell of a decision sheet.
    Decision,
    /// The billing agent an invoice was sent through.
    Agent,
    /// What a billing agent received on an invoice.
    Received,
    /// When a billing agent received it.
    ReceivedDate,
    /// A billing agent's fee.
    Fee,
    /// A billing agent's payout number.
    Payout,
    /// A billing agent's payout date.
    PayoutDate,
}

/// What kind of value a cell was expected to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Expected {
    /// An amount.
    Amount,
    /// A date.
    Date,
    /// An identifier (invoice, client, declaration number).
    Identifier,
}

/// What a cell held instead.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Found {
    /// A date.
    Date,
    /// A true/false value.
    Bool,
    /// A formula error such as `#N/A`.
    FormulaError(String),
}

/// Why a value could not be read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flaw {
    /// A spreadsheet number that is no amount (infinite, too large).
    NumberNotAmount,
    /// `1.234`: `.` or `,` could separate thousands or decimals.
    AmbiguousAmount,
    /// Text that is no amount.
    NotAnAmount,
    /// An empty amount where one is required.
    EmptyAmount,
    /// A date cell outside 1900–2100.
    DateOutOfRange,
    /// Text that is no date.
    NotADate,
    /// A number outside the plausible serial dates.
    NumberNotPlausibleDate,
    /// A whole number beyond what a float holds exactly.
    NumberTooLong,
    /// A number with decimals where an identifier is expected.
    NumberWithDecimals,
    /// An amount at or beyond `money::AMOUNT_LIMIT` (1e15).
    AmountTooLarge,
    /// A value of the wrong type.
    Unexpected {
        /// What the cell held.
        found: Found,
        /// What was expected.
        expected: Expected,
    },
}

impl From<AmountError> for Flaw {
    fn from(e: AmountError) -> Flaw {
        match e {
            AmountError::Empty => Flaw::EmptyAmount,
            AmountError::Invalid => Flaw::NotAnAmount,
            AmountError::Ambiguous => Flaw::AmbiguousAmount,
            AmountError::TooLarge => Flaw::AmountTooLarge,
        }
    }
}

/// Why a whole file was not read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Refusal {
    /// The operating system could not read it (its error, as it said it).
    Io(String),
    /// The reader stopped without a result.
    ReaderStopped,
    /// No known bank format.
    UnknownBankFormat,
    /// Binary content that is no spreadsheet bank export.
    BinaryBankFile,
    /// A spreadsheet none of whose sheets is a bank export.
    NoBankSheet {
        /// The spreadsheet format (`xlsx`, `html`, …).
        format: String,
    },
    /// A bank export of a known bank without a header row.
    BankWithoutHeader {
        /// The bank format.
        format: String,
    },
    /// A bank export of a known bank without its columns.
    BankWithoutColumns {
        /// The bank format.
        format: String,
    },
    /// A text file whose first line exceeds the limit.
    FirstLineTooLong {
        /// The limit in bytes.
        limit: u64,
    },
    /// Binary content that is no spreadsheet.
    Binary,
    /// The spreadsheet reader gave up.
    Damaged,
    /// A compound file whose structure does not fit the file.
    DamagedPart {
        /// Which part.
        part: CompoundPart,
    },
    /// A workbook encrypted with a password.
    PasswordProtected,
    /// The spreadsheet library could not open it (its error).
    NotASpreadsheet(String),
    /// A zip part that unpacks far beyond its packed size.
    DecompressionBomb {
        /// The part's name.
        part: String,
        /// Unpacked bytes.
        size: u64,
        /// Packed bytes.
        packed: u64,
    },
    /// The whole zip unpacks beyond the limit.
    UnpacksTooLarge {
        /// Unpacked bytes.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The shared strings unpack beyond the limit.
    SharedStringsTooLarge {
        /// Unpacked bytes.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// More shared strings announced than the bytes can hold.
    SharedStringsDamaged {
        /// Announced count.
        count: u64,
        /// Bytes of the part.
        size: u64,
    },
    /// The sheets span more cells than the limit.
    TooManyCells {
        /// Cells spanned.
        cells: u64,
        /// The limit.
        limit: u64,
    },
    /// Elements (or HTML tables) nested beyond the limit.
    NestedTooDeep {
        /// The limit.
        limit: u64,
    },
    /// More tables or worksheets than the limit.
    TooManySheets {
        /// The limit.
        limit: u64,
    },
    /// An HTML page or Excel 2003 XML file without a table or worksheet.
    NoSheet,
    /// Malformed XML (the parser's message).
    MalformedXml {
        /// The line.
        line: u64,
        /// The parser's message.
        error: String,
    },
}

/// A part of an OLE2 compound file (xls) that can be implausible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CompoundPart {
    /// The header.
    Header,
    /// The sector size.
    SectorSize,
    /// The FAT sector count.
    FatCount,
    /// The mini FAT sector count.
    MiniFatCount,
    /// The DIFAT sector count.
    DifatCount,
    /// A sector chain (one that loops).
    SectorChain,
    /// The list of FAT sectors (DIFAT): longer than the FAT sector count
    /// or the file's sectors.
    FatList,
}

/// Why one sheet of a workbook was not read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SheetFlaw {
    /// More cells than the file's budget.
    TooManyCells {
        /// The limit.
        limit: u64,
    },
    /// With its merged regions, more cells than the budget.
    TooManyMergedCells {
        /// The limit.
        limit: u64,
    },
    /// A cell beyond the last row or column a sheet can have.
    CellOutOfBounds {
        /// 1-based row.
        row: u64,
        /// 1-based column.
        col: u64,
    },
    /// A row wider than a sheet can be.
    RowTooWide {
        /// The limit.
        limit: u64,
    },
    /// The spreadsheet library could not read it (its error).
    Unreadable(String),
}

/// Why a sheet of a file was skipped.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SheetSkip {
    /// Not a bank export in a known format.
    NotBankExport,
    /// No header row with known columns.
    NoHeader,
}

/// Why a `:61:` line of an MT940 statement cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SwiftFlaw {
    /// No value date.
    NoValueDate,
    /// A value date that is no date.
    BadValueDate(String),
    /// No C, D, RC or RD.
    NoDebitCredit,
    /// No amount.
    NoAmount,
    /// An amount that is no number (the text).
    AmountNotNumber(String),
    /// An amount at or beyond `money::AMOUNT_LIMIT` (the text).
    AmountTooLarge(String),
    /// A lower-case debit/credit mark (`c` or `d`) that the statement's
    /// balances do not confirm.
    UnconfirmedLowerCaseMark(char),
}

/// Why an XML statement broke off.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum XmlBreak {
    /// Elements nested beyond the limit.
    TooDeep {
        /// The limit.
        limit: u64,
        /// The line.
        line: u64,
    },
    /// The file ends inside an element.
    Truncated {
        /// The open elements, `a/b/c`.
        open: String,
    },
    /// Malformed XML.
    Malformed {
        /// The line.
        line: u64,
        /// The parser's message.
        error: String,
    },
}

/// How a balance problem names a statement.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Statement {
    /// The statement of lines `from`–`to` of a text file.
    Lines {
        /// First line.
        from: u64,
        /// Last line.
        to: u64,
    },
    /// The n-th statement of the file (XML).
    Number(u64),
}

/// Why a specification line's amounts do not make sense.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecFlaw {
    /// Reimbursed is not paid out + deductible + co-payment.
    DoesNotAddUp {
        /// Reimbursed.
        reimbursed: Money,
        /// Paid out.
        paid_out: Money,
        /// Deductible.
        deductible: Money,
        /// Co-payment.
        co_payment: Money,
        /// Their sum.
        sum: Money,
    },
    /// Neither a reimbursed nor a paid-out amount.
    NoAmount,
}

/// Why a decision of the workbook's decision sheets was not read or applied.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DecisionFlaw {
    /// `negeren/ignore` together with invoice numbers.
    IgnoreWithInvoices,
    /// No invoice number in the decision.
    NoInvoiceNumber,
    /// A write-off cell of another type.
    WriteOffNotWord(String),
    /// A write-off word that is not understood.
    WriteOffNotUnderstood(String),
    /// Decided differently elsewhere.
    Conflict(Source),
    /// overrides.csv decides the payment differently.
    Overridden(Source),
    /// The payment is not in the bank files (any more).
    UnknownPayment,
    /// The invoice is unknown.
    UnknownInvoice(String),
    /// The amount exceeds the payment.
    AmountAbovePayment {
        /// The decision's amount.
        amount: Money,
        /// The payment.
        payment: Money,
    },
    /// The amount is not positive.
    AmountNotPositive(Money),
    /// An amount with `negeren/ignore`.
    AmountWithIgnore,
}

/// What is wrong. Each variant carries the data its text needs; the
/// report's catalogue (`report/text/{nl,en}/problems.rs`) has a Dutch and
/// an English text for every one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    // --- files and sheets -------------------------------------------------
    /// The file was not read.
    FileRefused(Refusal),
    /// A hidden file or editor lock file was skipped.
    SkippedHidden,
    /// A symbolic link was skipped.
    SkippedSymlink,
    /// Something that is no regular file was skipped.
    SkippedNotRegular,
    /// The same content as an earlier file: read once.
    SameContent {
        /// The file read.
        first: String,
    },
    /// A sheet was skipped.
    SheetSkipped {
        /// The sheet.
        sheet: String,
        /// Why.
        why: SheetSkip,
    },
    /// A sheet could not be read at all (library error): skipped.
    SheetUnreadable {
        /// The sheet.
        sheet: String,
        /// The library's message.
        error: String,
    },
    /// A sheet was not read.
    SheetNotRead {
        /// The sheet.
        sheet: String,
        /// Why.
        why: SheetFlaw,
    },
    /// CSV reading stopped (the csv reader's message).
    CsvStopped(String),
    /// No header row with known columns.
    NoHeader {
        /// Columns such as the reader expects.
        expected: String,
    },
    /// Required columns of the register are missing.
    MissingColumns {
        /// The sheet, when the file has sheets.
        sheet: Option<String>,
        /// The fields missing.
        fields: Vec<Field>,
    },
    /// A specification without a reimbursed or paid-out column.
    NoSpecAmountColumn {
        /// The sheet, when the file has sheets.
        sheet: Option<String>,
    },
    // --- cells and fields ---------------------------------------------------
    /// A field could not be read: the row was not used.
    Unreadable {
        /// The field.
        field: Field,
        /// Why.
        flaw: Flaw,
    },
    /// A field could not be read and was left empty.
    UnreadableLeftEmpty {
        /// The field.
        field: Field,
        /// Why.
        flaw: Flaw,
    },
    /// A required field is empty.
    Missing(Field),
    /// `paid to` names neither the insured nor the provider.
    PaidToUnknown,
    /// A client IBAN with a wrong check digit or length.
    BadClientIban,
    /// A credit note for another invoice whose amount is not negative.
    CreditNoteNotNegative,
    // --- bank lines ----------------------------------------------------------
    /// A line with another number of columns than its format.
    ColumnCount {
        /// Columns expected.
        expected: usize,
        /// Columns found.
        found: usize,
    },
    /// A debit/credit indicator that is not understood.
    DebitCreditUnknown,
    /// An amount with a minus sign and a debit/credit indicator.
    MinusAndIndicator,
    /// An amount in another currency than EUR.
    NotEuro(String),
    /// A `:61:` line that cannot be read.
    SwiftLine(SwiftFlaw),
    /// An entry date that is no date: the value date was used.
    EntryDateNoDate {
        /// Month.
        month: u32,
        /// Day.
        day: u32,
    },
    /// An XML statement broke off.
    XmlBroken {
        /// Why.
        why: XmlBreak,
        /// Whether an entry being read was lost.
        entry_lost: bool,
    },
    /// A CAMT entry that is not booked.
    EntryNotBooked(String),
    /// An entry (`Ntry`) opened inside another: the outer one is rejected,
    /// never silently replaced.
    EntryNested,
    /// A CAMT entry without an amount.
    EntryNoAmount,
    /// A CAMT entry amount that is no amount.
    EntryAmountNotAmount,
    /// A CAMT entry without CRDT or DBIT.
    EntryNoIndicator,
    /// A CAMT entry without a readable booking date.
    EntryNoBookingDate,
    /// A CAMT entry without a readable booking date: value date used.
    EntryValueDateUsed,
    /// Batch transactions that do not add up to the entry.
    BatchDifference {
        /// What the transactions add up to.
        known: Money,
        /// The entry's amount.
        total: Money,
    },
    /// A batch entry whose transactions have no amounts.
    BatchWithoutAmounts(usize),
    // --- balances ------------------------------------------------------------
    /// A stated balance that cannot be read.
    BalanceUnreadable,
    /// A statement balance that cannot be read.
    StatementBalanceUnreadable,
    /// The balances and lines of a statement add up beyond what a decimal
    /// holds: not checked.
    BalanceOverflow,
    /// An opening balance without a closing one.
    NoClosingBalance,
    /// A closing balance without an opening one.
    NoOpeningBalance,
    /// Lines of a statement could not be read: not checked.
    StatementGap {
        /// The statement.
        statement: Statement,
        /// The first line not read.
        gap: Source,
    },
    /// Opening and closing balance in different currencies.
    BalanceCurrencies {
        /// The statement.
        statement: Statement,
        /// The opening balance's currency.
        opening: Option<String>,
        /// The closing balance's currency.
        closing: Option<String>,
    },
    /// A statement's lines do not lead from its opening to its closing balance.
    StatementDoesNotClose {
        /// The statement.
        statement: Statement,
        /// Opening balance.
        opening: Money,
        /// Lines read.
        lines: usize,
        /// Their sum.
        sum: Money,
        /// Opening + sum.
        expected: Money,
        /// The closing balance found.
        closing: Money,
    },
    /// A line's own balances do not close.
    LineDoesNotClose {
        /// Balance before.
        opening: Money,
        /// The line's amount.
        amount: Money,
        /// Expected balance after.
        expected: Money,
        /// Balance after found.
        closing: Money,
    },
    /// Lines between two balances could not be read: not checked.
    ChainGap {
        /// The earlier line.
        earlier: Source,
        /// The first line not read.
        gap: Source,
    },
    /// A balance does not follow from the line before it in time.
    ChainBroken {
        /// The earlier line.
        earlier: Source,
        /// Its balance after it.
        earlier_after: Money,
        /// Whether the later line's balance is stated after it (else before).
        after: bool,
        /// Expected.
        expected: Money,
        /// Found.
        found: Money,
    },
    // --- billing agents ---------------------------------------------------
    /// An agent's statement in `agents/` whose agent cannot be told: several
    /// agents are configured and the file is not in a subfolder named
    /// after one of them.
    AgentUnknownForFile {
        /// The configured agents.
        configured: Vec<String>,
    },
    /// A statement line with a received amount but no date to count it from.
    AgentNoDate,
    /// A statement line with a received amount naming no invoice.
    AgentNoInvoice,
    /// A statement line for an invoice the register does not have: its
    /// money stays an unmatched receipt.
    AgentUnknownInvoice {
        /// The agent.
        agent: String,
    },
    /// A payout from an agent's account whose amount differs from its batch.
    AgentPayoutDiffers {
        /// The agent.
        agent: String,
        /// The batch's payout number (or the statement, without one).
        batch: String,
        /// What the batch is worth: received less fees.
        expected: Money,
        /// What the bank line paid out.
        paid: Money,
    },
    /// A payout from an agent's account that no statement accounts for.
    AgentStatementMissing {
        /// The agent.
        agent: String,
        /// The amount paid out.
        paid: Money,
    },
    /// A batch still not paid out more than the agent's payout days after
    /// its payout date.
    AgentBatchOverdue {
        /// The agent.
        agent: String,
        /// The batch's payout number (or the statement, without one).
        batch: String,
        /// What the batch is worth.
        amount: Money,
        /// Days since the payout date.
        days: i64,
    },
    /// Two exports of one account overlap in dates but state different
    /// balances at the start of the overlap's first day (on the later
    /// file in path order).
    OverlapBalanceDiffers {
        /// The account.
        account: String,
        /// The first day both files cover.
        day: chrono::NaiveDate,
        /// This file's balance at the start of that day.
        balance: Money,
        /// The earlier file in path order.
        earlier: String,
        /// Its balance at the start of that day.
        earlier_balance: Money,
    },
    // --- invoices and specifications -------------------------------------
    /// A row naming an invoice it credits, with a positive amount.
    CreditPositive,
    /// An invoice without a number.
    NoInvoiceNumber,
    /// An invoice number booked before.
    DuplicateInvoice {
        /// Where it was booked first.
        first: Source,
    },
    /// A credit note for an unknown invoice.
    CreditUnknownInvoice,
    /// A specification row with amounts but no number.
    SpecNoNumber,
    /// A specification line rejected.
    SpecRejected(SpecFlaw),
    /// A specification line naming no invoice.
    SpecNoInvoice,
    /// A specification line for an unknown invoice.
    SpecUnknownInvoice,
    /// Deductibles of a client in a year exceed the yearly cap.
    DeductibleCap {
        /// The client's id.
        client: String,
        /// The calendar year.
        year: i32,
        /// The deductibles withheld in it so far.
        total: Money,
        /// The yearly cap.
        cap: Money,
    },
    /// Declared amount differs from the invoice's net amount.
    DeclaredDiffers {
        /// Declared to the insurer.
        declared: Money,
        /// The invoice's net amount.
        net: Money,
    },
    /// The same specification line as elsewhere: counted once.
    SpecDuplicate {
        /// The file it is in first.
        first: String,
    },
    // --- overrides and decisions ---------------------------------------------
    /// An override without a payment id.
    OverrideNoPaymentId,
    /// An override without an invoice number.
    OverrideNoInvoice,
    /// An override not read.
    OverrideNotRead,
    /// An override naming an unknown payment.
    OverrideUnknownPayment,
    /// An override amount that is not positive.
    OverrideAmountNotPositive,
    /// An override naming an unknown invoice.
    OverrideUnknownInvoice,
    /// An override both ignoring and allocating a payment.
    OverrideIgnoreAndAllocate,
    /// An override amount above what is left of the payment.
    OverrideExceedsPayment {
        /// What it asked.
        wanted: Money,
        /// What was left.
        left: Money,
    },
    /// A decisions workbook without decisions.
    NoDecisionsFound,
    /// An amount or note without a decision.
    DecisionMissing,
    /// A decision without a payment id.
    DecisionNoPaymentId,
    /// A decision not read.
    DecisionNotRead,
    /// A write-off decision without an invoice number.
    WriteOffNoInvoice,
    /// A decision that cannot be read or applied.
    Decision(DecisionFlaw),
}

impl ProblemKind {
    /// The problem's code in `exceptions.csv`: stable, English, snake_case,
    /// one per kind of problem (docs/outputs.md lists them), so that a
    /// script can filter problems without reading the sentence. The
    /// details a kind carries (which field, which flaw, which amounts) are
    /// in the sentence and the value, not in the code.
    pub fn code(&self) -> &'static str {
        use ProblemKind as K;
        match self {
            K::FileRefused(r) => r.code(),
            K::SkippedHidden => "skipped_hidden",
            K::SkippedSymlink => "skipped_symlink",
            K::SkippedNotRegular => "skipped_not_regular",
            K::SameContent { .. } => "same_content",
            K::SheetSkipped { .. } => "sheet_skipped",
            K::SheetUnreadable { .. } => "sheet_unreadable",
            K::SheetNotRead { .. } => "sheet_not_read",
            K::CsvStopped(_) => "csv_stopped",
            K::NoHeader { .. } => "no_header",
            K::MissingColumns { .. } => "missing_columns",
            K::NoSpecAmountColumn { .. } => "no_spec_amount_column",
            K::Unreadable { .. } => "unreadable_value",
            K::UnreadableLeftEmpty { .. } => "unreadable_value_left_empty",
            K::Missing(_) => "missing_value",
            K::PaidToUnknown => "paid_to_unknown",
            K::BadClientIban => "bad_client_iban",
            K::CreditNoteNotNegative => "credit_note_not_negative",
            K::ColumnCount { .. } => "column_count",
            K::DebitCreditUnknown => "debit_credit_unknown",
            K::MinusAndIndicator => "minus_and_indicator",
            K::NotEuro(_) => "not_euro",
            K::SwiftLine(_) => "mt940_line_unreadable",
            K::EntryDateNoDate { .. } => "entry_date_no_date",
            K::XmlBroken { .. } => "xml_broken",
            K::EntryNotBooked(_) => "entry_not_booked",
            K::EntryNested => "entry_nested",
            K::EntryNoAmount => "entry_no_amount",
            K::EntryAmountNotAmount => "entry_amount_not_amount",
            K::EntryNoIndicator => "entry_no_indicator",
            K::EntryNoBookingDate => "entry_no_booking_date",
            K::EntryValueDateUsed => "entry_value_date_used",
            K::BatchDifference { .. } => "batch_difference",
            K::BatchWithoutAmounts(_) => "batch_without_amounts",
            K::BalanceUnreadable => "balance_unreadable",
            K::StatementBalanceUnreadable => "statement_balance_unreadable",
            K::BalanceOverflow => "balance_overflow",
            K::NoClosingBalance => "no_closing_balance",
            K::NoOpeningBalance => "no_opening_balance",
            K::StatementGap { .. } => "statement_gap",
            K::BalanceCurrencies { .. } => "balance_currencies_differ",
            K::StatementDoesNotClose { .. } => "statement_does_not_close",
            K::LineDoesNotClose { .. } => "line_does_not_close",
            K::ChainGap { .. } => "balance_chain_gap",
            K::ChainBroken { .. } => "balance_chain_broken",
            K::AgentUnknownForFile { .. } => "agent_unknown_for_file",
            K::AgentNoDate => "agent_line_no_date",
            K::AgentNoInvoice => "agent_line_no_invoice",
            K::AgentUnknownInvoice { .. } => "agent_unknown_invoice",
            K::AgentPayoutDiffers { .. } => "agent_payout_differs",
            K::AgentStatementMissing { .. } => "agent_statement_missing",
            K::AgentBatchOverdue { .. } => "agent_batch_overdue",
            K::OverlapBalanceDiffers { .. } => "overlap_balance_differs",
            K::CreditPositive => "credit_positive",
            K::NoInvoiceNumber => "no_invoice_number",
            K::DuplicateInvoice { .. } => "duplicate_invoice",
            K::CreditUnknownInvoice => "credit_unknown_invoice",
            K::SpecNoNumber => "spec_no_number",
            K::SpecRejected(SpecFlaw::DoesNotAddUp { .. }) => "spec_does_not_add_up",
            K::SpecRejected(SpecFlaw::NoAmount) => "spec_no_amount",
            K::SpecNoInvoice => "spec_no_invoice",
            K::SpecUnknownInvoice => "spec_unknown_invoice",
            K::DeductibleCap { .. } => "deductible_cap_exceeded",
            K::DeclaredDiffers { .. } => "declared_differs",
            K::SpecDuplicate { .. } => "spec_duplicate",
            K::OverrideNoPaymentId => "override_no_payment_id",
            K::OverrideNoInvoice => "override_no_invoice",
            K::OverrideNotRead => "override_not_read",
            K::OverrideUnknownPayment => "override_unknown_payment",
            K::OverrideAmountNotPositive => "override_amount_not_positive",
            K::OverrideUnknownInvoice => "override_unknown_invoice",
            K::OverrideIgnoreAndAllocate => "override_ignore_and_allocate",
            K::OverrideExceedsPayment { .. } => "override_exceeds_payment",
            K::NoDecisionsFound => "no_decisions_found",
            K::DecisionMissing => "decision_missing",
            K::DecisionNoPaymentId => "decision_no_payment_id",
            K::DecisionNotRead => "decision_not_read",
            K::WriteOffNoInvoice => "write_off_no_invoice",
            K::Decision(w) => w.code(),
        }
    }
}

impl Refusal {
    /// The code of a refused file: each reason is its own kind of problem.
    fn code(&self) -> &'static str {
        use Refusal as R;
        match self {
            R::Io(_) => "file_unreadable",
            R::ReaderStopped => "reader_stopped",
            R::UnknownBankFormat => "unknown_bank_format",
            R::BinaryBankFile => "binary_bank_file",
            R::NoBankSheet { .. } => "no_bank_sheet",
            R::BankWithoutHeader { .. } => "bank_export_without_header",
            R::BankWithoutColumns { .. } => "bank_export_without_columns",
            R::FirstLineTooLong { .. } => "first_line_too_long",
            R::Binary => "binary_file",
            R::Damaged => "spreadsheet_damaged",
            R::DamagedPart { .. } => "compound_file_damaged",
            R::PasswordProtected => "password_protected",
            R::NotASpreadsheet(_) => "not_a_spreadsheet",
            R::DecompressionBomb { .. } => "decompression_bomb",
            R::UnpacksTooLarge { .. } => "unpacks_too_large",
            R::SharedStringsTooLarge { .. } => "shared_strings_too_large",
            R::SharedStringsDamaged { .. } => "shared_strings_damaged",
            R::TooManyCells { .. } => "too_many_cells",
            R::NestedTooDeep { .. } => "nested_too_deep",
            R::TooManySheets { .. } => "too_many_sheets",
            R::NoSheet => "no_sheet",
            R::MalformedXml { .. } => "malformed_xml",
        }
    }
}

impl DecisionFlaw {
    /// The code of a decision that was not read or not applied: each
    /// reason is its own kind of problem.
    fn code(&self) -> &'static str {
        use DecisionFlaw as D;
        match self {
            D::IgnoreWithInvoices => "decision_ignore_with_invoices",
            D::NoInvoiceNumber => "decision_no_invoice_number",
            D::WriteOffNotWord(_) => "write_off_not_yes_or_no",
            D::WriteOffNotUnderstood(_) => "write_off_not_understood",
            D::Conflict(_) => "decision_conflict",
            D::Overridden(_) => "decision_overridden",
            D::UnknownPayment => "decision_unknown_payment",
            D::UnknownInvoice(_) => "decision_unknown_invoice",
            D::AmountAbovePayment { .. } => "decision_amount_above_payment",
            D::AmountNotPositive(_) => "decision_amount_not_positive",
            D::AmountWithIgnore => "decision_amount_with_ignore",
        }
    }
}
