//! The input problems in English: the sentence of every [`ProblemKind`],
//! for `exceptions.csv` and the input-problems sheet. Lower case, no
//! trailing period.

use crate::problem::{
    CompoundPart, DecisionFlaw, Expected, Field, Flaw, Found, ProblemKind, Refusal, SheetFlaw,
    SheetSkip, SpecFlaw, Statement, SwiftFlaw, XmlBreak,
};
use crate::source::{Loc, Source};

use super::super::ProblemWords;
use super::super::nl::Nl;
use super::En;

impl ProblemWords for En {
    fn problem(&self, kind: &ProblemKind) -> String {
        problem(kind)
    }

    fn field(&self, f: Field) -> &'static str {
        field(f)
    }
}

/// The text of a problem.
fn problem(kind: &ProblemKind) -> String {
    use ProblemKind as K;
    match kind {
        K::FileRefused(r) => refusal(r),
        K::SkippedHidden => "skipped hidden or editor lock file".into(),
        K::SkippedSymlink => "skipped symbolic link (links are not followed)".into(),
        K::SkippedNotRegular => "skipped: not a regular file".into(),
        K::SameContent { first } => format!("same content as {first}: read once"),
        K::SheetSkipped { sheet, why } => match why {
            SheetSkip::NotBankExport => format!(
                "sheet `{sheet}` skipped: not a bank export in a \
                known format"
            ),
            SheetSkip::NoHeader => format!(
                "sheet `{sheet}` skipped: no header row with known \
                columns"
            ),
        },
        K::SheetUnreadable { sheet, error } => format!(
            "sheet `{sheet}` skipped: cannot be read \
            ({error})"
        ),
        K::SheetNotRead { sheet, why } => {
            let text = sheet_flaw(why);
            format!("sheet `{sheet}` not read: {text}")
        }
        K::CsvStopped(e) => format!("csv reading stopped: {e}"),
        K::NoHeader { expected } => format!(
            "no header row with known columns found (expected \
            columns such as {expected})"
        ),
        K::MissingColumns { sheet, fields } => {
            // The Dutch column is named too: the registers are Dutch.
            let list = fields
                .iter()
                .map(|f| format!("{} ({})", field(*f), column_nl(*f)))
                .collect::<Vec<_>>();
            format!(
                "required columns missing{}: {}",
                on_sheet(sheet),
                list.join(", ")
            )
        }
        K::NoSpecAmountColumn { sheet } => format!(
            "no reimbursed (vergoed) or paid-out (uitbetaald) column{}",
            on_sheet(sheet)
        ),
        K::Unreadable { field: f, flaw: w } => format!("{}: {}", field(*f), flaw(w)),
        K::UnreadableLeftEmpty { field: f, flaw: w } => {
            format!("{}: {} (left empty)", field(*f), flaw(w))
        }
        K::Missing(f) => format!("missing {}", field(*f)),
        K::PaidToUnknown => "paid to: neither the insured nor the provider (left empty)".into(),
        K::BadClientIban => "client iban has a wrong check digit or length".into(),
        K::CreditNoteNotNegative => "credit note for another invoice with an amount that is not \
            negative"
            .into(),
        K::ColumnCount { expected, found } => format!("expected {expected} columns, found {found}"),
        K::DebitCreditUnknown => "debit/credit indicator is not understood".into(),
        K::MinusAndIndicator => "amount has a minus sign and a debit/credit indicator".into(),
        K::NotEuro(c) => format!("amount in {c}, not EUR: not converted"),
        K::SwiftLine(w) => {
            let text = swift(w);
            format!("cannot read :61: line: {text}")
        }
        K::EntryDateNoDate { month, day } => format!(
            "entry date {month:02}-{day:02} is no date: \
            value date used"
        ),
        K::XmlBroken { why, entry_lost } => {
            let text = match why {
                XmlBreak::TooDeep { limit, line } => format!(
                    "elements nested more than {limit} deep at line {line}: \
                         not a bank statement, the rest of the file is not read"
                ),
                XmlBreak::Truncated { open } => format!("file ends inside <{open}>: truncated"),
                XmlBreak::Malformed { line, error } => format!(
                    "malformed XML at line {line}: \
                    {error}"
                ),
            };
            if *entry_lost {
                format!("{text}; the entry being read is lost")
            } else {
                text
            }
        }
        K::EntryNotBooked(status) => format!("entry with status {status} is not booked: skipped"),
        K::EntryNoAmount => "entry has no amount".into(),
        K::EntryNested => "entry inside another entry: the outer entry is not read".into(),
        K::EntryAmountNotAmount => "entry amount is no amount".into(),
        K::EntryNoIndicator => "entry has no credit/debit indicator (CRDT or DBIT)".into(),
        K::EntryNoBookingDate => "entry has no readable booking date".into(),
        K::EntryValueDateUsed => "entry has no readable booking date: value date used".into(),
        K::BatchDifference { known, total } => format!(
            "batch transactions add up to {known}, the entry to {total}: \
                 the difference is put on the last transaction"
        ),
        K::BatchWithoutAmounts(n) => format!(
            "batch entry of {n} transactions without their \
            amounts: read as one payment"
        ),
        K::BalanceUnreadable => {
            "balance cannot be read: the statement's balances are not checked".into()
        }
        K::StatementBalanceUnreadable => "statement balance cannot be read: the statement's \
            balances are not checked"
            .into(),
        K::BalanceOverflow => "balance plus amounts too large to add up: the balances are not \
            checked"
            .into(),
        K::NoClosingBalance => "balance not checked: the statement has an opening balance but no \
            closing balance"
            .into(),
        K::NoOpeningBalance => "balance not checked: the statement has a closing balance but no \
            opening balance"
            .into(),
        K::StatementGap { statement: s, gap } => format!(
            "balance not checked for {}: {} could not be read, so the lines read cannot be \
                 compared with the closing balance",
            statement(s),
            place(gap)
        ),
        K::BalanceCurrencies {
            statement: s,
            opening,
            closing,
        } => {
            let cur = |c: &Option<String>, none: &str| c.clone().unwrap_or_else(|| none.into());
            format!(
                "balance not checked for {}: opening balance in {}, closing balance in {}",
                statement(s),
                cur(opening, "no currency"),
                cur(closing, "no currency")
            )
        }
        K::StatementDoesNotClose {
            statement: s,
            opening,
            lines,
            sum,
            expected,
            closing,
        } => {
            let diff = *closing - *expected;
            let count = if *lines == 1 {
                "1 line".to_string()
            } else {
                format!("{lines} lines")
            };
            format!(
                "balance does not close for {}: opening balance {opening} + {count} ({sum}) = \
                     {expected} expected, closing balance {closing} found (difference {diff})",
                statement(s)
            )
        }
        K::LineDoesNotClose {
            opening,
            amount,
            expected,
            closing,
        } => {
            let diff = *closing - *expected;
            format!(
                "balance does not close on this line: opening balance {opening} + amount {amount} \
                     = {expected} expected, closing balance {closing} found (difference {diff})"
            )
        }
        K::ChainGap { earlier, gap } => format!(
            "balance not checked against {}: {} between them could not be read",
            place(earlier),
            place(gap)
        ),
        K::ChainBroken {
            earlier,
            earlier_after,
            after,
            expected,
            found,
        } => {
            let diff = *found - *expected;
            let when = if *after { "after" } else { "before" };
            format!(
                "balance does not follow from the line before it in time ({}, balance {earlier_after} \
                     after it): balance {when} this line {expected} expected, {found} found (difference {diff})",
                place(earlier)
            )
        }
        K::OverlapBalanceDiffers {
            account,
            day,
            balance,
            earlier,
            earlier_balance,
        } => {
            let diff = *balance - *earlier_balance;
            format!(
                "the exports of account {account} disagree on the balance at the start of {day}, \
                     the first day both cover: {balance} in this file, {earlier_balance} in {earlier} \
                     (difference {diff})"
            )
        }
        K::CreditPositive => "row names an invoice it credits but has a positive amount; booked \
            as an invoice of its own"
            .into(),
        K::NoInvoiceNumber => "invoice has no number".into(),
        K::DuplicateInvoice { first } => format!(
            "duplicate invoice number: already booked from \
            {first}"
        ),
        K::CreditUnknownInvoice => "credit note for an unknown invoice".into(),
        K::SpecNoNumber => "amounts without an invoice or declaration number".into(),
        K::SpecRejected(w) => {
            let text = match w {
                SpecFlaw::DoesNotAddUp {
                    reimbursed: r,
                    paid_out: p,
                    deductible: d,
                    co_payment: c,
                    sum,
                } => format!(
                    "reimbursed {r} is not paid out {p} + deductible {d} + co-payment {c} = \
                            {sum}"
                ),
                SpecFlaw::NoAmount => "neither a reimbursed nor a paid-out amount".into(),
            };
            format!("specification line rejected: {text}")
        }
        K::SpecNoInvoice => "specification line names no invoice".into(),
        K::SpecUnknownInvoice => "specification line for an unknown invoice".into(),
        K::AgentUnknownForFile { configured } => format!(
            "billing agent statement not read: several agents are configured ({}); put the \
                 file in a folder under agents/ named after its agent",
            configured.join(", ")
        ),
        K::AgentNoDate => "billing agent line with a received amount but no received or payout \
            date"
            .into(),
        K::AgentNoInvoice => {
            "billing agent line with a received amount but no invoice number or payment \
             reference"
                .into()
        }
        K::AgentUnknownInvoice { agent } => format!(
            "{agent} reports a receipt for an unknown invoice: the amount stays an \
                 unallocated receipt"
        ),
        K::AgentPayoutDiffers {
            agent,
            batch,
            expected,
            paid,
        } => format!(
            "payout from {agent} differs from batch {batch} on its statement: statement \
                 {expected}, bank {paid}"
        ),
        K::AgentStatementMissing { agent, paid } => format!(
            "payout from {agent} ({paid}) without \
            a statement: the statement is missing in agents/"
        ),
        K::AgentBatchOverdue {
            agent,
            batch,
            amount,
            days,
        } => format!(
            "batch {batch} from {agent} ({amount}) not in the bank {days} days after its \
                 payout date"
        ),
        K::DeductibleCap {
            client,
            year,
            total,
            cap,
        } => format!(
            "deductibles withheld for this client in one calendar year exceed the yearly cap \
                 ({client} {year}: {total}, cap {cap})"
        ),
        K::DeclaredDiffers { declared, net } => format!(
            "declared amount differs from the invoice's net amount (declared {declared}, net \
                    {net})"
        ),
        K::SpecDuplicate { first } => {
            format!("same specification line as in {first}: counted once")
        }
        K::OverrideNoPaymentId => "override without a payment id".into(),
        K::OverrideNoInvoice => "override without an invoice number (write `ignore` to ignore the \
            payment)"
            .into(),
        K::OverrideNotRead => "override not read".into(),
        K::OverrideUnknownPayment => "override names an unknown payment".into(),
        K::OverrideAmountNotPositive => "override amount must be a positive amount".into(),
        K::OverrideUnknownInvoice => "override names an unknown invoice".into(),
        K::OverrideIgnoreAndAllocate => "override both ignores and allocates this payment; it is \
            ignored"
            .into(),
        K::OverrideExceedsPayment { wanted, left } => format!(
            "override amount ({wanted}) exceeds what is left of the payment ({left}); \
                 it gets what is left"
        ),
        K::NoDecisionsFound => {
            "no decisions found: no sheet with Betaling/Payment id and Beslissing/Decision, \
             or Factuurnummer/Invoice number and Afboeken/Write off"
                .into()
        }
        K::DecisionMissing => "an amount or note without a decision: nothing is decided on this \
            row"
        .into(),
        K::DecisionNoPaymentId => "decision without a payment id".into(),
        K::DecisionNotRead => "decision not read".into(),
        K::WriteOffNoInvoice => "write-off decision without an invoice number".into(),
        K::Decision(w) => decision(w),
    }
}

/// Why a decision was not read or applied.
fn decision(w: &DecisionFlaw) -> String {
    use DecisionFlaw as D;
    match w {
        D::IgnoreWithInvoices => {
            "decision: negeren/ignore cannot be combined with invoice numbers".into()
        }
        D::NoInvoiceNumber => "decision: no invoice number in the decision".into(),
        D::WriteOffNotWord(v) => format!("write-off: `{v}` is not nee/no (hold) or ja/yes"),
        D::WriteOffNotUnderstood(v) => format!(
            "write-off: `{v}` is not understood; write nee or no (optionally with the reason) \
                 to hold the write-off"
        ),
        D::Conflict(other) => {
            format!("decided differently at {other}; neither decision is applied")
        }
        D::Overridden(other) => format!(
            "overrides.csv decides this payment differently ({other}); this decision is not applied"
        ),
        D::UnknownPayment => {
            "decision names a payment that is not in the bank files (any more); not applied".into()
        }
        D::UnknownInvoice(n) => format!("decision names an unknown invoice {n}; not applied"),
        D::AmountAbovePayment { amount, payment } => {
            format!("decision amount {amount} is more than the payment {payment}; not applied")
        }
        D::AmountNotPositive(a) => {
            format!("decision amount {a} must be a positive amount; not applied")
        }
        D::AmountWithIgnore => {
            "negeren/ignore takes the whole payment: an amount cannot go with it; not applied"
                .into()
        }
    }
}

/// Why a file was not read.
fn refusal(r: &Refusal) -> String {
    use Refusal as R;
    match r {
        R::Io(e) => format!("cannot read file: {e}"),
        R::ReaderStopped => "reader stopped unexpectedly".into(),
        R::UnknownBankFormat => "not a bank export in a known format".into(),
        R::BinaryBankFile => "not a bank export in a known format (binary content)".into(),
        R::NoBankSheet { format } => format!(
            "not a bank export in a known format: no sheet of this {format} has the columns of one"
        ),
        R::BankWithoutHeader { format } => format!("{format} export without a header"),
        R::BankWithoutColumns { format } => format!("{format} export without the expected columns"),
        R::FirstLineTooLong { limit } => {
            format!("not a table: the first line is longer than {limit} bytes")
        }
        R::Binary => "not a spreadsheet or CSV file (binary content)".into(),
        R::Damaged => "the spreadsheet is damaged (the reader gave up)".into(),
        R::DamagedPart { part } => {
            let text = match part {
                CompoundPart::Header => "header",
                CompoundPart::SectorSize => "sector size",
                CompoundPart::FatCount => "FAT sector count",
                CompoundPart::MiniFatCount => "mini FAT sector count",
                CompoundPart::DifatCount => "DIFAT sector count",
                CompoundPart::SectorChain => "sector chain",
                CompoundPart::FatList => "list of FAT sectors",
            };
            format!("the spreadsheet is damaged: its {text} does not fit the file")
        }
        R::PasswordProtected => "the workbook is protected with a password and cannot be read: \
             save a copy without a password (in Excel: File, Info, Protect Workbook, \
             Encrypt with Password, clear it) and put that copy in its place"
            .into(),
        R::NotASpreadsheet(e) => format!("not a readable spreadsheet: {e}"),
        R::DecompressionBomb { part, size, packed } => format!(
            "the spreadsheet looks like a decompression bomb: part `{part}` unpacks {size} bytes \
                from {packed}"
        ),
        R::UnpacksTooLarge { size, limit } => {
            format!("the spreadsheet unpacks to {size} bytes, more than the limit of {limit}")
        }
        R::SharedStringsTooLarge { size, limit } => format!(
            "the spreadsheet's shared strings unpack to {size} bytes, more than the limit of \
                {limit}"
        ),
        R::SharedStringsDamaged { count, size } => format!(
            "the spreadsheet is damaged: it announces {count} shared strings in {size} bytes"
        ),
        R::TooManyCells { cells, limit } => format!(
            "the spreadsheet is too large: its sheets span {cells} cells, more than the limit of \
                {limit}"
        ),
        R::NestedTooDeep { limit } => format!("not read: nested more than {limit} deep"),
        R::TooManySheets { limit } => {
            format!("not read: more than {limit} tables or worksheets in one file")
        }
        R::NoSheet => "an HTML page or Excel 2003 XML workbook without a table or worksheet".into(),
        R::MalformedXml { line, error } => format!("malformed XML at line {line}: {error}"),
    }
}

/// Why a sheet was not read.
fn sheet_flaw(w: &SheetFlaw) -> String {
    match w {
        SheetFlaw::TooManyCells { limit } => format!("sheet too large: more than {limit} cells"),
        SheetFlaw::TooManyMergedCells { limit } => {
            format!("too large (more than {limit} cells with its merged regions)")
        }
        SheetFlaw::CellOutOfBounds { row, col } => format!(
            "a cell lies beyond the last row or column a sheet can have (row {row}, column {col})"
        ),
        SheetFlaw::RowTooWide { limit } => {
            format!("a row is wider than the {limit} columns a sheet can have")
        }
        SheetFlaw::Unreadable(e) => e.clone(),
    }
}

/// Why a `:61:` line cannot be read.
fn swift(w: &SwiftFlaw) -> String {
    match w {
        SwiftFlaw::NoValueDate => "no value date".into(),
        SwiftFlaw::BadValueDate(d) => format!("value date {d} is no date"),
        SwiftFlaw::NoDebitCredit => "no debit/credit mark (C, D, RC or RD)".into(),
        SwiftFlaw::NoAmount => "no amount".into(),
        SwiftFlaw::AmountNotNumber(t) => format!("amount {t:?} is not a number"),
        SwiftFlaw::AmountTooLarge(t) => {
            format!("amount {t:?} is too large (a thousand billion euros or more)")
        }
        SwiftFlaw::UnconfirmedLowerCaseMark(m) => format!(
            "lower-case debit/credit mark '{m}' (SWIFT writes C, D, RC or RD), and the \
                statement's balances do not confirm it"
        ),
    }
}

/// The name of a field.
fn field(f: Field) -> &'static str {
    use Field as F;
    match f {
        F::InvoiceNumber => "invoice number",
        F::ClientId => "client id",
        F::ClientName => "client name",
        F::Amount => "amount",
        F::InvoiceDate => "invoice date",
        F::DueDate => "due date",
        F::Insurer => "insurer",
        F::ClientIban => "client iban",
        F::PaymentReference => "payment reference",
        F::CreditFor => "credit for",
        F::DeclarationNumber => "declaration number",
        F::Declared => "declared",
        F::Reimbursed => "reimbursed",
        F::Deductible => "deductible",
        F::CoPayment => "co-payment",
        F::PaidOut => "paid out",
        F::CareDate => "care date",
        F::PaymentDate => "payment date",
        F::Date => "date",
        F::BookingDate => "booking date",
        F::TransactionDate => "transaction date",
        F::PaymentId => "payment id",
        F::DecisionAmount => "decision amount",
        F::Decision => "decision",
        F::Agent => "billing agent",
        F::Received => "received",
        F::ReceivedDate => "received date",
        F::Fee => "fee",
        F::Payout => "payout",
        F::PayoutDate => "payout date",
    }
}

/// The register column a required field is usually called in Dutch.
fn column_nl(f: Field) -> &'static str {
    match f {
        Field::ClientId => "clientnummer",
        Field::ClientName => "naam",
        other => Nl.field(other),
    }
}

/// Why a value could not be read.
fn flaw(w: &Flaw) -> String {
    match w {
        Flaw::NumberNotAmount => "number is not an amount".into(),
        Flaw::AmbiguousAmount => {
            "ambiguous amount: `.` or `,` could separate thousands or decimals".into()
        }
        Flaw::NotAnAmount => "not an amount".into(),
        Flaw::AmountTooLarge => "amount too large (a thousand billion euros or more)".into(),
        Flaw::EmptyAmount => "empty amount".into(),
        Flaw::DateOutOfRange => "date out of range (a time of day, or a typo in the year)".into(),
        Flaw::NotADate => "not a date".into(),
        Flaw::NumberNotPlausibleDate => "number is not a plausible date".into(),
        Flaw::NumberTooLong => "number too long to be exact: store this identifier as text".into(),
        Flaw::NumberWithDecimals => "number with decimals where an identifier is expected".into(),
        Flaw::Unexpected { found, expected } => {
            let expected = match expected {
                Expected::Amount => "an amount",
                Expected::Date => "a date",
                Expected::Identifier => "an identifier",
            };
            let found = match found {
                Found::Date => "a date".to_string(),
                Found::Bool => "a true/false value".into(),
                Found::FormulaError(e) => {
                    format!("formula error {e}")
                }
            };
            format!("{found} where {expected} is expected")
        }
    }
}

/// ` on sheet `name`` when the file has sheets.
fn on_sheet(sheet: &Option<String>) -> String {
    match sheet {
        None => String::new(),
        Some(n) => format!(" on sheet `{n}`"),
    }
}

/// How a statement is named.
fn statement(s: &Statement) -> String {
    match s {
        Statement::Lines { from, to } => format!("the statement of lines {from}–{to}"),
        Statement::Number(n) => format!("statement {n} of the file"),
    }
}

/// A place in the same file: `line 12`, else as the source displays.
fn place(source: &Source) -> String {
    match &source.loc {
        Loc::Line(n) => format!("line {n}"),
        _ => source.to_string(),
    }
}
