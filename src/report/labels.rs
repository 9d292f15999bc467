//! The workbook's words in Dutch and English. CSV and JSON files keep the
//! machine names of docs/outputs.md whatever the language; only `report.xlsx`, which
//! a person reads, is translated.

use crate::ingest::InputKind;
use crate::outcome::{BatchStatus, InvoiceStatus, PaymentStatus};
use crate::problem::Severity;

use super::Lang;

/// Every fixed text of the workbook. One enum keeps the two languages side
/// by side, so a label cannot exist in one language only.
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
}

impl Label {
    /// The text in the given language.
    pub fn text(self, lang: Lang) -> &'static str {
        let (nl, en) = self.both();
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }

    fn both(self) -> (&'static str, &'static str) {
        use Label::*;
        match self {
            SummarySheet => ("Samenvatting", "Summary"),
            CoulanceSheet => ("Coulancelijst", "Write-off list"),
            AttentionSheet => ("Betalingen te beoordelen", "Payments to review"),
            ProblemsSheet => ("Invoerproblemen", "Input problems"),
            Title => ("Afletterrapport", "Reconciliation report"),
            AsOf => ("Peildatum", "As of"),
            Provider => ("Zorgaanbieder", "Provider"),
            Invoices => ("Facturen", "Invoices"),
            Payments => ("Betalingen", "Payments"),
            Status => ("Status", "Status"),
            Count => ("Aantal", "Count"),
            Total => ("Totaal", "Total"),
            Credits => ("Bijschrijvingen", "Credits"),
            Debits => ("Afschrijvingen", "Debits"),
            CreditsCount => ("Aantal bij", "Credits count"),
            CreditsAmount => ("Bedrag bij", "Credits amount"),
            DebitsCount => ("Aantal af", "Debits count"),
            DebitsAmount => ("Bedrag af", "Debits amount"),
            Conservation => (
                "Sluitcontrole bijschrijvingen",
                "Conservation check (credits)",
            ),
            CreditsRead => ("Bijschrijvingen ingelezen", "Credits read"),
            Allocated => ("Toegewezen", "Allocated"),
            Unallocated => ("Niet toegewezen", "Unallocated"),
            Ignored => ("Genegeerd", "Ignored"),
            Duplicate => ("Dubbel", "Duplicate"),
            Reversed => ("Gestorneerd", "Reversed"),
            AccountedFor => ("Verantwoord", "Accounted for"),
            Difference => ("Verschil", "Difference"),
            Balanced => ("Sluit", "Balanced"),
            Yes => ("ja", "yes"),
            No => ("nee", "no"),
            InputsRead => ("Ingelezen bestanden", "Inputs read"),
            File => ("Bestand", "File"),
            Kind => ("Soort", "Kind"),
            Format => ("Formaat", "Format"),
            RowsRead => ("Regels gelezen", "Rows read"),
            RowsRejected => ("Regels afgewezen", "Rows rejected"),
            RowsInOutputs => ("Regels verwerkt", "Rows in outputs"),
            Checksum => ("SHA-256", "SHA-256"),
            InputProblems => ("Invoerproblemen", "Input problems"),
            Errors => ("Fouten", "Errors"),
            Warnings => ("Waarschuwingen", "Warnings"),
            OpenByAge => ("Openstaand naar ouderdom", "Open amount by age"),
            ChangesSince => (
                "Wijzigingen sinds vorig rapport",
                "Changes since the previous report",
            ),
            DaysOverdue => ("Dagen over vervaldatum", "Days overdue"),
            ChartByStatus => ("Nettobedrag per status", "Net amount per status"),
            ChartByAge => (
                "Openstaand naar dagen over vervaldatum",
                "Open amount by days overdue",
            ),
            InvoiceNumber => ("Factuurnummer", "Invoice number"),
            ClientId => ("Cliëntnummer", "Client id"),
            ClientName => ("Cliënt", "Client name"),
            Insurer => ("Zorgverzekeraar", "Insurer"),
            InvoiceDate => ("Factuurdatum", "Invoice date"),
            DueDate => ("Vervaldatum", "Due date"),
            Amount => ("Bedrag", "Amount"),
            Credited => ("Gecrediteerd", "Credited"),
            Net => ("Netto", "Net"),
            Paid => ("Betaald", "Paid"),
            PaidByInsurer => ("Betaald door verzekeraar", "Paid by insurer"),
            Reimbursed => ("Vergoed", "Reimbursed"),
            Deductible => ("Eigen risico", "Deductible"),
            Required => ("Vereist", "Required"),
            Coulance => ("Coulance", "Coulance"),
            Outstanding => ("Openstaand", "Outstanding"),
            PaymentIds => ("Betalingen", "Payments"),
            Specifications => ("Specificaties", "Specifications"),
            Reason => ("Toelichting", "Reason"),
            PaymentId => ("Betaling", "Payment id"),
            Source => ("Bron", "Source"),
            Account => ("Rekening", "Account"),
            BookingDate => ("Boekdatum", "Booking date"),
            CounterpartyIban => ("Tegenrekening", "Counterparty IBAN"),
            CounterpartyName => ("Naam tegenpartij", "Counterparty name"),
            Description => ("Omschrijving", "Description"),
            Rule => ("Regel", "Rule"),
            InvoiceNumbers => ("Facturen", "Invoices"),
            Note => ("Notitie", "Note"),
            Severity => ("Ernst", "Severity"),
            Problem => ("Probleem", "Problem"),
            Value => ("Waarde", "Value"),
            ClientsSheet => ("Per cliënt", "By client"),
            SpecMissingSheet => ("Specificatie ontbreekt", "Specification missing"),
            InsurersSheet => ("Per verzekeraar", "By insurer"),
            InvoicesOpen => ("Open facturen", "Open invoices"),
            Owed => ("Te ontvangen", "Owed"),
            OwedNotDue => ("Niet vervallen", "Not yet due"),
            Owed1To30 => ("1–30 dagen", "1–30 days"),
            Owed31To60 => ("31–60 dagen", "31–60 days"),
            Owed61To90 => ("61–90 dagen", "61–90 days"),
            Owed90Plus => ("90+ dagen", "90+ days"),
            ToRefund => ("Terug te betalen", "To refund"),
            AwaitingSpecification => ("Wacht op specificatie", "Awaiting specification"),
            OldestDaysOverdue => ("Oudste dagen over vervaldatum", "Oldest days overdue"),
            LastPaymentDate => ("Laatste betaling", "Last payment"),
            ClientIban => ("IBAN cliënt", "Client IBAN"),
            WithSpecification => ("Met specificatie", "With specification"),
            NetWithSpecification => ("Netto met specificatie", "Net with specification"),
            ReimbursementRate => ("Vergoedingspercentage", "Reimbursement rate"),
            FloorApplied => (
                "Ondergrens cliëntdeel toegepast",
                "Client-share floor applied",
            ),
            NoInsurer => ("(geen verzekeraar)", "(no insurer)"),
            ChartReimbursementRate => (
                "Vergoedingspercentage per verzekeraar",
                "Reimbursement rate per insurer",
            ),
            PageOfPages => ("Pagina &P van &N", "Page &P of &N"),
            ReversedSheet => ("Teruggeboekt en dubbel", "Reversed and duplicates"),
            DecisionsSheet => ("Beslissingen", "Decisions"),
            Decision => ("Beslissing", "Decision"),
            DecisionNote => ("Toelichting bij beslissing", "Decision note"),
            WriteOff => ("Afboeken", "Write off"),
            Refund => ("Terugbetalen", "Refund"),
            Prefilled => ("Vooraf ingevuld uit", "Prefilled from"),
            PaymentAmount => ("Bedrag betaling", "Payment amount"),
            DecisionKind => ("Soort", "Kind"),
            Effect => ("Effect", "Effect"),
            Explanation => ("Uitleg", "Explanation"),
            PaymentStatus => ("Status betaling", "Payment status"),
            AgentsSheet => ("Incassobureau", "Billing agent"),
            Agent => ("Incassobureau", "Billing agent"),
            AgentReference => ("Kenmerk incassobureau", "Agent's reference"),
            LettersSheet => ("Brieven", "Letters"),
            Letter => ("Brief", "Letter"),
            Email => ("E-mail", "Email"),
            Address => ("Adres", "Address"),
            Postcode => ("Postcode", "Postcode"),
            City => ("Woonplaats", "City"),
            InvoiceCount => ("Aantal facturen", "Number of invoices"),
            OldestDueDate => ("Oudste vervaldatum", "Oldest due date"),
            Principal => ("Hoofdsom", "Principal"),
            CollectionCosts => ("Incassokosten", "Collection costs"),
            PayBy => ("Uiterlijk betalen op", "Pay by"),
            PaymentReference => ("Betalingskenmerk", "Payment reference"),
            RefundDue => ("Wij betalen u terug", "Refund due to client"),
            Payout => ("Uitbetaling", "Payout"),
            PayoutDate => ("Uitbetaaldatum", "Payout date"),
            Statement => ("Overzicht", "Statement"),
            Lines => ("Regels", "Lines"),
            Received => ("Ontvangen", "Received"),
            Fees => ("Kosten", "Fees"),
            ToPayOut => ("Uit te betalen", "To pay out"),
            BankLine => ("Bankregel", "Bank line"),
            PaidOut => ("Uitbetaald", "Paid out"),
            DaysInTransit => ("Dagen onderweg", "Days in transit"),
            AgentConservation => (
                "Sluitcontrole incassobureau",
                "Conservation check (billing agent)",
            ),
            Batches => ("Uitbetalingen volgens overzicht", "Batches on statements"),
            InTransit => ("Onderweg", "In transit"),
            PayoutsInBank => ("Uitbetalingen in de bank", "Payouts in the bank"),
            PaidForBatches => (
                "Voor uitbetalingen op overzicht",
                "For batches on statements",
            ),
            WithoutStatement => ("Zonder overzicht", "Without statement"),
        }
    }
}

/// An invoice status as the workbook names it; also its sheet's name.
pub fn invoice_status(status: InvoiceStatus, lang: Lang) -> &'static str {
    let (nl, en) = match status {
        InvoiceStatus::Overpaid => ("Te veel betaald", "Overpaid"),
        InvoiceStatus::Settled => ("Voldaan", "Settled"),
        InvoiceStatus::CoulanceEligible => ("Coulance mogelijk", "Coulance eligible"),
        InvoiceStatus::PartiallyPaid => ("Deels betaald", "Partially paid"),
        InvoiceStatus::Open => ("Open", "Open"),
    };
    pick(lang, nl, en)
}

/// A payment status as the workbook names it.
pub fn payment_status(status: PaymentStatus, lang: Lang) -> &'static str {
    let (nl, en) = match status {
        PaymentStatus::Allocated => ("toegewezen", "allocated"),
        PaymentStatus::Suggested => ("voorstel", "suggested"),
        PaymentStatus::Unmatched => ("niet gevonden", "unmatched"),
        PaymentStatus::Ignored => ("genegeerd", "ignored"),
        PaymentStatus::Duplicate => ("dubbel", "duplicate"),
        PaymentStatus::Reversed => ("gestorneerd", "reversed"),
    };
    pick(lang, nl, en)
}

/// A billing agent's batch status as the workbook names it (`agents.csv`
/// writes the code, [`BatchStatus::as_str`]).
pub fn batch_status(status: BatchStatus, lang: Lang) -> &'static str {
    let (nl, en) = match status {
        BatchStatus::PaidOut => ("uitbetaald", "paid out"),
        BatchStatus::Different => ("afwijkend", "different"),
        BatchStatus::InTransit => ("onderweg", "in transit"),
        BatchStatus::StatementMissing => ("overzicht ontbreekt", "statement missing"),
    };
    pick(lang, nl, en)
}

/// A letter's kind as the workbook names it (`letters.csv` writes the
/// code, [`crate::report::letters::LetterKind::as_str`]).
pub fn letter_kind(kind: crate::report::letters::LetterKind, lang: Lang) -> &'static str {
    use crate::report::letters::LetterKind;
    let (nl, en) = match kind {
        LetterKind::SpecificationRequest => ("specificatie opvragen", "specification request"),
        LetterKind::Reminder => ("herinnering", "reminder"),
        LetterKind::FinalNotice => ("aanmaning (14 dagen)", "final notice (14 days)"),
    };
    pick(lang, nl, en)
}

/// A problem's severity as the workbook names it.
pub fn severity(severity: Severity, lang: Lang) -> &'static str {
    let (nl, en) = match severity {
        Severity::Error => ("fout", "error"),
        Severity::Warning => ("waarschuwing", "warning"),
    };
    pick(lang, nl, en)
}

/// A kind of change since the previous report, as the workbook names it.
pub fn change_kind(kind: &str, lang: Lang) -> &'static str {
    let (nl, en) = match kind {
        "invoice_new" => ("nieuwe facturen", "new invoices"),
        "invoice_gone" => ("verdwenen facturen", "invoices gone"),
        "status_changed" => ("status gewijzigd", "status changed"),
        "coulance_changed" => ("coulance gewijzigd", "coulance changed"),
        "payment_new" => ("nieuwe betalingen", "new payments"),
        _ => ("overig", "other"),
    };
    pick(lang, nl, en)
}

/// The kind of an input file as the workbook names it.
pub fn input_kind(kind: InputKind, lang: Lang) -> &'static str {
    let (nl, en) = match kind {
        InputKind::Invoices => ("facturen", "invoices"),
        InputKind::Bank => ("bank", "bank"),
        InputKind::Specs => ("specificaties", "specifications"),
        InputKind::Overrides => ("correcties", "overrides"),
        InputKind::Decisions => ("beslissingen", "decisions"),
        InputKind::Agents => ("incassobureau", "billing agent"),
    };
    pick(lang, nl, en)
}

fn pick(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Excel refuses sheet names over 31 characters or with these; a
    /// continuation suffix " (99)" must still fit.
    fn valid_sheet_name(name: &str) -> bool {
        name.chars().count() + 5 <= 31
            && !name.is_empty()
            && !name.contains(['[', ']', ':', '*', '?', '/', '\\'])
            && !name.starts_with('\'')
    }

    #[test]
    fn sheet_names_are_valid_and_distinct_in_both_languages() {
        for lang in [Lang::Nl, Lang::En] {
            let mut names: Vec<&str> = InvoiceStatus::ALL
                .iter()
                .map(|s| invoice_status(*s, lang))
                .collect();
            names.extend(
                [
                    Label::SummarySheet,
                    Label::CoulanceSheet,
                    Label::AttentionSheet,
                    Label::ProblemsSheet,
                    Label::ClientsSheet,
                    Label::SpecMissingSheet,
                    Label::InsurersSheet,
                    Label::ReversedSheet,
                    Label::DecisionsSheet,
                    Label::AgentsSheet,
                    Label::LettersSheet,
                ]
                .iter()
                .map(|l| l.text(lang)),
            );
            for n in &names {
                assert!(valid_sheet_name(n), "{n}");
            }
            let mut folded: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
            folded.sort();
            folded.dedup();
            assert_eq!(folded.len(), names.len(), "{names:?}");
        }
    }

    #[test]
    fn dutch_is_the_default_and_english_differs() {
        assert_eq!(Lang::default(), Lang::Nl);
        assert_eq!(Label::SummarySheet.text(Lang::Nl), "Samenvatting");
        assert_eq!(Label::SummarySheet.text(Lang::En), "Summary");
        assert_eq!(invoice_status(InvoiceStatus::Settled, Lang::Nl), "Voldaan");
        assert_eq!(invoice_status(InvoiceStatus::Settled, Lang::En), "Settled");
        assert_eq!(severity(Severity::Error, Lang::Nl), "fout");
        assert_eq!(
            payment_status(PaymentStatus::Reversed, Lang::En),
            "reversed"
        );
        assert_eq!(input_kind(InputKind::Specs, Lang::Nl), "specificaties");
        assert_eq!(Label::AgentsSheet.text(Lang::Nl), "Incassobureau");
        assert_eq!(Label::AgentsSheet.text(Lang::En), "Billing agent");
    }

    #[test]
    fn batch_statuses_are_distinct_words_in_both_languages() {
        for lang in [Lang::Nl, Lang::En] {
            let mut words: Vec<&str> = BatchStatus::ALL
                .iter()
                .map(|s| batch_status(*s, lang))
                .collect();
            words.sort_unstable();
            words.dedup();
            assert_eq!(words.len(), BatchStatus::ALL.len(), "{words:?}");
        }
        for s in BatchStatus::ALL {
            assert_ne!(batch_status(s, Lang::Nl), batch_status(s, Lang::En));
        }
        assert_eq!(batch_status(BatchStatus::InTransit, Lang::Nl), "onderweg");
        assert_eq!(
            batch_status(BatchStatus::StatementMissing, Lang::En),
            "statement missing"
        );
    }
}
