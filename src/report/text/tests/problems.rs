//! Every input problem has a code and a sentence in both languages: one
//! sample of every variant, and of every variant of the parts a problem
//! carries, is rendered in Dutch and English.

use super::super::{field, problem as text};
use crate::money::Money;
use crate::problem::{
    CompoundPart, DecisionFlaw, Expected, Field, Flaw, Found, Problem, ProblemKind, Refusal,
    Refusal as R, SheetFlaw, SheetSkip, SpecFlaw, Statement, SwiftFlaw, XmlBreak,
};
use crate::report::Lang;
use crate::source::Source;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What tells apart the samples of one code: the variant of the part
/// the kind carries (which flaw, which way a statement is named). The
/// inner matches have no wildcard, so a new variant of a part does not
/// compile until it has a number here; a new kind needs a code
/// ([`ProblemKind::code`]) and the test below fails until that code
/// has a sample and a line in docs/outputs.md.
fn detail_no(k: &ProblemKind) -> u32 {
    use ProblemKind as K;
    match k {
        K::FileRefused(R::DamagedPart { part }) => *part as u32,
        K::SheetSkipped { why, .. } => matches!(why, SheetSkip::NoHeader) as u32,
        K::SheetNotRead { why, .. } => match why {
            SheetFlaw::TooManyCells { .. } => 0,
            SheetFlaw::TooManyMergedCells { .. } => 1,
            SheetFlaw::CellOutOfBounds { .. } => 2,
            SheetFlaw::RowTooWide { .. } => 3,
            SheetFlaw::Unreadable(_) => 4,
        },
        K::Unreadable { flaw, .. } => flaw_no(flaw),
        K::SwiftLine(w) => match w {
            SwiftFlaw::NoValueDate => 0,
            SwiftFlaw::BadValueDate(_) => 1,
            SwiftFlaw::NoDebitCredit => 2,
            SwiftFlaw::NoAmount => 3,
            SwiftFlaw::AmountNotNumber(_) => 4,
            SwiftFlaw::UnconfirmedLowerCaseMark(_) => 5,
            SwiftFlaw::AmountTooLarge(_) => 6,
        },
        K::XmlBroken { why, entry_lost } => {
            let why = match why {
                XmlBreak::TooDeep { .. } => 0,
                XmlBreak::Truncated { .. } => 1,
                XmlBreak::Malformed { .. } => 2,
            };
            why + 3 * u32::from(*entry_lost)
        }
        K::StatementGap { statement, .. } => statement_no(statement),
        K::StatementDoesNotClose { lines, .. } => u32::from(*lines == 1),
        K::ChainBroken { after, .. } => u32::from(*after),
        _ => 0,
    }
}

/// The codes docs/outputs.md lists under "Problem codes".
fn documented_codes() -> BTreeSet<&'static str> {
    let doc = include_str!("../../../../docs/outputs.md");
    let table = doc
        .split_once("### Problem codes")
        .and_then(|(_, rest)| rest.split("\n## ").next())
        .unwrap_or_default();
    table
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split_once('`'))
        .map(|(code, _)| code)
        .collect()
}

fn flaw_no(f: &Flaw) -> u32 {
    match f {
        Flaw::NumberNotAmount => 0,
        Flaw::AmbiguousAmount => 1,
        Flaw::NotAnAmount => 2,
        Flaw::EmptyAmount => 3,
        Flaw::DateOutOfRange => 4,
        Flaw::NotADate => 5,
        Flaw::NumberNotPlausibleDate => 6,
        Flaw::NumberTooLong => 7,
        Flaw::NumberWithDecimals => 8,
        Flaw::AmountTooLarge => 30,
        Flaw::Unexpected { found, expected } => {
            let f = match found {
                Found::Date => 0,
                Found::Bool => 1,
                Found::FormulaError(_) => 2,
            };
            let e = match expected {
                Expected::Amount => 0,
                Expected::Date => 1,
                Expected::Identifier => 2,
            };
            9 + 3 * f + e
        }
    }
}

fn statement_no(s: &Statement) -> u32 {
    match s {
        Statement::Lines { .. } => 0,
        Statement::Number(_) => 1,
    }
}

const FIELDS: [Field; 24] = [
    Field::InvoiceNumber,
    Field::ClientId,
    Field::ClientName,
    Field::Amount,
    Field::InvoiceDate,
    Field::DueDate,
    Field::Insurer,
    Field::ClientIban,
    Field::PaymentReference,
    Field::CreditFor,
    Field::DeclarationNumber,
    Field::Declared,
    Field::Reimbursed,
    Field::Deductible,
    Field::CoPayment,
    Field::PaidOut,
    Field::CareDate,
    Field::PaymentDate,
    Field::Date,
    Field::BookingDate,
    Field::TransactionDate,
    Field::PaymentId,
    Field::DecisionAmount,
    Field::Decision,
];

/// One value of every variant, and of every variant of the parts.
fn samples() -> Vec<ProblemKind> {
    use ProblemKind as K;
    let path: Arc<str> = Arc::from("bank/ing.csv");
    let src = Source::line(&path, 4);
    let m = Money::from_cents;
    let s = |t: &str| t.to_string();
    let mut v = vec![
        K::SkippedHidden,
        K::SkippedSymlink,
        K::SkippedNotRegular,
        K::SameContent { first: s("a.csv") },
        K::SheetSkipped {
            sheet: s("Blad1"),
            why: SheetSkip::NotBankExport,
        },
        K::SheetSkipped {
            sheet: s("Blad1"),
            why: SheetSkip::NoHeader,
        },
        K::SheetUnreadable {
            sheet: s("Blad1"),
            error: s("bad zip"),
        },
        K::CsvStopped(s("io")),
        K::NoHeader {
            expected: s("factuurnummer, bedrag"),
        },
        K::MissingColumns {
            sheet: Some(s("Blad1")),
            fields: FIELDS.to_vec(),
        },
        K::NoSpecAmountColumn { sheet: None },
        K::UnreadableLeftEmpty {
            field: Field::DueDate,
            flaw: Flaw::NotADate,
        },
        K::Missing(Field::ClientId),
        K::PaidToUnknown,
        K::BadClientIban,
        K::CreditNoteNotNegative,
        K::ColumnCount {
            expected: 26,
            found: 2,
        },
        K::DebitCreditUnknown,
        K::MinusAndIndicator,
        K::NotEuro(s("USD")),
        K::EntryDateNoDate { month: 2, day: 30 },
        K::EntryNotBooked(s("PDNG")),
        K::EntryNoAmount,
        K::EntryNested,
        K::EntryAmountNotAmount,
        K::EntryNoIndicator,
        K::EntryNoBookingDate,
        K::EntryValueDateUsed,
        K::BatchDifference {
            known: m(100),
            total: m(150),
        },
        K::BatchWithoutAmounts(3),
        K::BalanceUnreadable,
        K::StatementBalanceUnreadable,
        K::BalanceOverflow,
        K::NoClosingBalance,
        K::NoOpeningBalance,
        K::StatementGap {
            statement: Statement::Lines { from: 2, to: 7 },
            gap: src.clone(),
        },
        K::StatementGap {
            statement: Statement::Number(2),
            gap: src.clone(),
        },
        K::BalanceCurrencies {
            statement: Statement::Number(1),
            opening: None,
            closing: Some(s("SEK")),
        },
        K::LineDoesNotClose {
            opening: m(100),
            amount: m(5),
            expected: m(105),
            closing: m(106),
        },
        K::ChainGap {
            earlier: src.clone(),
            gap: Source::file(&path),
        },
        K::CreditPositive,
        K::NoInvoiceNumber,
        K::DuplicateInvoice { first: src.clone() },
        K::CreditUnknownInvoice,
        K::SpecNoNumber,
        K::SpecRejected(SpecFlaw::NoAmount),
        K::SpecRejected(SpecFlaw::DoesNotAddUp {
            reimbursed: m(700),
            paid_out: m(300),
            deductible: m(100),
            co_payment: m(0),
            sum: m(400),
        }),
        K::SpecNoInvoice,
        K::SpecUnknownInvoice,
        K::DeductibleCap {
            client: s("K1"),
            year: 2026,
            total: m(40_000),
            cap: m(38_500),
        },
        K::DeclaredDiffers {
            declared: m(90_000),
            net: m(100_000),
        },
        K::SpecDuplicate {
            first: s("specs/a.csv"),
        },
        K::OverrideNoPaymentId,
        K::OverrideNoInvoice,
        K::OverrideNotRead,
        K::OverrideUnknownPayment,
        K::OverrideAmountNotPositive,
        K::OverrideUnknownInvoice,
        K::OverrideIgnoreAndAllocate,
        K::OverrideExceedsPayment {
            wanted: m(500),
            left: m(300),
        },
        K::NoDecisionsFound,
        K::DecisionMissing,
        K::DecisionNoPaymentId,
        K::DecisionNotRead,
        K::WriteOffNoInvoice,
        K::AgentUnknownForFile {
            configured: vec![s("Infomedics"), s("Famed")],
        },
        K::AgentNoDate,
        K::AgentNoInvoice,
        K::AgentUnknownInvoice {
            agent: s("Infomedics"),
        },
        K::AgentPayoutDiffers {
            agent: s("Infomedics"),
            batch: s("UB-41"),
            expected: m(50_000),
            paid: m(49_000),
        },
        K::AgentStatementMissing {
            agent: s("Infomedics"),
            paid: m(12_000),
        },
        K::AgentBatchOverdue {
            agent: s("Infomedics"),
            batch: s("UB-41"),
            amount: m(50_000),
            days: 20,
        },
    ];
    for lines in [1, 3] {
        v.push(K::StatementDoesNotClose {
            statement: Statement::Lines { from: 2, to: 7 },
            opening: m(100),
            lines,
            sum: m(5),
            expected: m(105),
            closing: m(106),
        });
    }
    v.push(K::OverlapBalanceDiffers {
        account: s("NL20INGB0001234567"),
        day: chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap_or_default(),
        balance: m(1_696_549),
        earlier: s("bank/ing-2026-10.csv"),
        earlier_balance: m(1_696_499),
    });
    for after in [false, true] {
        v.push(K::ChainBroken {
            earlier: src.clone(),
            earlier_after: m(1000),
            after,
            expected: m(400),
            found: m(600),
        });
    }
    for why in [
        SheetFlaw::TooManyCells { limit: 10 },
        SheetFlaw::TooManyMergedCells { limit: 10 },
        SheetFlaw::CellOutOfBounds { row: 2, col: 3 },
        SheetFlaw::RowTooWide { limit: 16_384 },
        SheetFlaw::Unreadable(s("xml error")),
    ] {
        v.push(K::SheetNotRead {
            sheet: s("Blad1"),
            why,
        });
    }
    for w in [
        SwiftFlaw::NoValueDate,
        SwiftFlaw::BadValueDate(s("261340")),
        SwiftFlaw::NoDebitCredit,
        SwiftFlaw::NoAmount,
        SwiftFlaw::AmountNotNumber(s("1O5,00")),
        SwiftFlaw::UnconfirmedLowerCaseMark('d'),
        SwiftFlaw::AmountTooLarge(s("50000000000000000000,")),
    ] {
        v.push(K::SwiftLine(w));
    }
    for entry_lost in [false, true] {
        for why in [
            XmlBreak::TooDeep { limit: 64, line: 3 },
            XmlBreak::Truncated {
                open: s("Document/Stmt"),
            },
            XmlBreak::Malformed {
                line: 3,
                error: s("unexpected end"),
            },
        ] {
            v.push(K::XmlBroken { why, entry_lost });
        }
    }
    for w in [
        DecisionFlaw::IgnoreWithInvoices,
        DecisionFlaw::NoInvoiceNumber,
        DecisionFlaw::WriteOffNotWord(s("12")),
        DecisionFlaw::WriteOffNotUnderstood(s("misschien")),
        DecisionFlaw::Conflict(src.clone()),
        DecisionFlaw::Overridden(src.clone()),
        DecisionFlaw::UnknownPayment,
        DecisionFlaw::UnknownInvoice(s("F9")),
        DecisionFlaw::AmountAbovePayment {
            amount: m(500),
            payment: m(300),
        },
        DecisionFlaw::AmountNotPositive(m(0)),
        DecisionFlaw::AmountWithIgnore,
    ] {
        v.push(K::Decision(w));
    }
    for r in [
        Refusal::Io(s("permission denied")),
        Refusal::ReaderStopped,
        Refusal::UnknownBankFormat,
        Refusal::BinaryBankFile,
        Refusal::NoBankSheet { format: s("xlsx") },
        Refusal::BankWithoutHeader { format: s("ing") },
        Refusal::BankWithoutColumns { format: s("ing") },
        Refusal::FirstLineTooLong { limit: 1 << 20 },
        Refusal::Binary,
        Refusal::Damaged,
        Refusal::DamagedPart {
            part: CompoundPart::Header,
        },
        Refusal::DamagedPart {
            part: CompoundPart::SectorSize,
        },
        Refusal::DamagedPart {
            part: CompoundPart::FatCount,
        },
        Refusal::DamagedPart {
            part: CompoundPart::MiniFatCount,
        },
        Refusal::DamagedPart {
            part: CompoundPart::DifatCount,
        },
        Refusal::DamagedPart {
            part: CompoundPart::SectorChain,
        },
        Refusal::DamagedPart {
            part: CompoundPart::FatList,
        },
        Refusal::PasswordProtected,
        Refusal::NotASpreadsheet(s("invalid zip")),
        Refusal::DecompressionBomb {
            part: s("xl/sharedStrings.xml"),
            size: 1 << 30,
            packed: 1000,
        },
        Refusal::UnpacksTooLarge {
            size: 2 << 30,
            limit: 1 << 30,
        },
        Refusal::SharedStringsTooLarge {
            size: 2 << 28,
            limit: 1 << 28,
        },
        Refusal::SharedStringsDamaged {
            count: 99,
            size: 10,
        },
        Refusal::TooManyCells {
            cells: 20,
            limit: 10,
        },
        Refusal::NestedTooDeep { limit: 16 },
        Refusal::TooManySheets { limit: 10_000 },
        Refusal::NoSheet,
        Refusal::MalformedXml {
            line: 3,
            error: s("unexpected end"),
        },
    ] {
        v.push(K::FileRefused(r));
    }
    let mut flaws = vec![
        Flaw::NumberNotAmount,
        Flaw::AmbiguousAmount,
        Flaw::NotAnAmount,
        Flaw::EmptyAmount,
        Flaw::DateOutOfRange,
        Flaw::NotADate,
        Flaw::NumberNotPlausibleDate,
        Flaw::NumberTooLong,
        Flaw::NumberWithDecimals,
        Flaw::AmountTooLarge,
    ];
    for found in [Found::Date, Found::Bool, Found::FormulaError(s("#N/A"))] {
        for expected in [Expected::Amount, Expected::Date, Expected::Identifier] {
            flaws.push(Flaw::Unexpected {
                found: found.clone(),
                expected,
            });
        }
    }
    for (i, flaw) in flaws.into_iter().enumerate() {
        v.push(K::Unreadable {
            field: FIELDS[i % FIELDS.len()],
            flaw,
        });
    }
    v
}

#[test]
fn every_variant_has_a_code_and_a_text_in_both_languages() {
    let samples = samples();
    let seen: BTreeSet<(&str, u32)> = samples.iter().map(|k| (k.code(), detail_no(k))).collect();
    assert_eq!(seen.len(), samples.len(), "one sample per variant");
    let codes: BTreeSet<&str> = seen.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        codes,
        documented_codes(),
        "a sample of every documented code"
    );
    for c in &codes {
        let snake = c
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        let starts = c.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
        assert!(snake && starts && !c.ends_with('_'), "{c}");
    }
    let count = |f: fn(&ProblemKind) -> bool| samples.iter().filter(|k| f(k)).count();
    let refusals = count(|k| matches!(k, ProblemKind::FileRefused(_)));
    let flaws = count(|k| matches!(k, ProblemKind::Unreadable { .. }));
    assert_eq!((refusals, flaws), (28, 19), "every refusal and flaw");
    for k in &samples {
        let (nl, en) = (text(k, Lang::Nl), text(k, Lang::En));
        assert!(!nl.trim().is_empty() && !en.trim().is_empty(), "{k:?}");
        assert_ne!(nl, en, "{k:?}: the Dutch text is the English one");
        for t in [&nl, &en] {
            assert!(!t.ends_with('.'), "{t}");
            assert_eq!(t.trim(), t.as_str(), "{t}");
        }
    }
    for f in FIELDS {
        assert_ne!(field(f, Lang::Nl), field(f, Lang::En), "{f:?}");
    }
}

#[test]
fn english_texts_stay_as_they_were() {
    let k = ProblemKind::Unreadable {
        field: Field::InvoiceDate,
        flaw: Flaw::NotADate,
    };
    assert_eq!(text(&k, Lang::En), "invoice date: not a date");
    assert_eq!(text(&k, Lang::Nl), "factuurdatum: geen datum");
    let k = ProblemKind::Missing(Field::ClientId);
    assert_eq!(text(&k, Lang::En), "missing client id");
    assert_eq!(text(&k, Lang::Nl), "cliëntnummer ontbreekt");
    let k = ProblemKind::MissingColumns {
        sheet: Some("Blad1".into()),
        fields: vec![Field::ClientId, Field::InvoiceDate],
    };
    assert_eq!(
        text(&k, Lang::En),
        "required columns missing on sheet `Blad1`: client id (clientnummer), \
         invoice date (factuurdatum)"
    );
    let k = ProblemKind::StatementDoesNotClose {
        statement: Statement::Lines { from: 2, to: 7 },
        opening: Money::from_cents(10_000),
        lines: 2,
        sum: Money::from_cents(751),
        expected: Money::from_cents(10_751),
        closing: Money::from_cents(10_750),
    };
    assert_eq!(
        text(&k, Lang::En),
        "balance does not close for the statement of lines 2–7: opening balance 100.00 + \
         2 lines (7.51) = 107.51 expected, closing balance 107.50 found (difference -0.01)"
    );
    let password = ProblemKind::FileRefused(Refusal::PasswordProtected);
    assert!(text(&password, Lang::En).contains("save a copy without a password"));
    assert!(text(&password, Lang::Nl).contains("kopie zonder wachtwoord"));
}

#[test]
fn a_problem_renders_its_place_in_the_language() {
    let path: Arc<str> = Arc::from("bank/x.csv");
    let p = Problem::warning(
        Source::line(&path, 9),
        ProblemKind::ChainGap {
            earlier: Source::line(&path, 4),
            gap: Source::line(&path, 6),
        },
        "",
    );
    assert_eq!(
        text(&p.kind, Lang::Nl),
        "saldo niet gecontroleerd tegen regel 4: regel 6 daartussen kon niet worden gelezen"
    );
    assert_eq!(
        text(&p.kind, Lang::En),
        "balance not checked against line 4: line 6 between them could not be read"
    );
}
