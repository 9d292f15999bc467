//! De vaste woorden van het rapport in het Nederlands: de namen van de
//! bladen, de kopjes en kolomkoppen van de werkmap, de toelichtingen bij
//! de invulkolommen en de boekingstekst van het journaal.

use crate::decision_headers as headers;
use crate::ingest::InputKind;
use crate::outcome::{BatchStatus, InvoiceStatus, PaymentStatus};
use crate::problem::Severity;
use crate::report::letters::kind::LetterKind;

use super::super::LabelWords;
use super::super::labels::Label;
use super::Nl;

impl LabelWords for Nl {
    fn label(&self, label: Label) -> &'static str {
        use Label::*;
        match label {
            SummarySheet => "Samenvatting",
            CoulanceSheet => "Coulancelijst",
            AttentionSheet => "Betalingen te beoordelen",
            ProblemsSheet => "Invoerproblemen",
            Title => "Afletterrapport",
            AsOf => headers::AS_OF.nl,
            Provider => "Zorgaanbieder",
            Invoices => "Facturen",
            Payments => "Betalingen",
            Status => "Status",
            Count => "Aantal",
            Total => "Totaal",
            Credits => "Bijschrijvingen",
            Debits => "Afschrijvingen",
            CreditsCount => "Aantal bij",
            CreditsAmount => "Bedrag bij",
            DebitsCount => "Aantal af",
            DebitsAmount => "Bedrag af",
            Conservation => "Sluitcontrole bijschrijvingen",
            CreditsRead => "Bijschrijvingen ingelezen",
            Allocated => "Toegewezen",
            Unallocated => "Niet toegewezen",
            Ignored => "Genegeerd",
            Duplicate => "Dubbel",
            Reversed => "Gestorneerd",
            AccountedFor => "Verantwoord",
            Difference => "Verschil",
            Balanced => "Sluit",
            Yes => "ja",
            No => "nee",
            InputsRead => "Ingelezen bestanden",
            File => "Bestand",
            Kind => "Soort",
            Format => "Formaat",
            RowsRead => "Rijen gelezen",
            RowsRejected => "Rijen afgewezen",
            RowsInOutputs => "Rijen verwerkt",
            Checksum => "SHA-256",
            InputProblems => "Invoerproblemen",
            Errors => "Fouten",
            Warnings => "Waarschuwingen",
            OpenByAge => "Openstaand naar ouderdom",
            ChangesSince => "Wijzigingen sinds vorig rapport",
            DaysOverdue => "Dagen over vervaldatum",
            ChartByStatus => "Nettobedrag per status",
            ChartByAge => "Openstaand naar dagen over vervaldatum",
            InvoiceNumber => headers::INVOICE_NUMBER.nl,
            ClientId => "Cliëntnummer",
            ClientName => "Cliënt",
            Insurer => "Zorgverzekeraar",
            InvoiceDate => "Factuurdatum",
            DueDate => "Vervaldatum",
            Amount => headers::AMOUNT.nl,
            Credited => "Gecrediteerd",
            Net => "Netto",
            Paid => "Betaald",
            PaidByInsurer => "Betaald door verzekeraar",
            Reimbursed => "Vergoed",
            Deductible => "Eigen risico",
            Required => "Vereist",
            Coulance => "Coulance",
            Outstanding => "Openstaand",
            PaymentIds => "Betalingen",
            Specifications => "Specificaties",
            Reason => "Toelichting",
            PaymentId => headers::PAYMENT_ID.nl,
            Source => "Bron",
            Account => "Rekening",
            BookingDate => "Boekdatum",
            CounterpartyIban => "Tegenrekening",
            CounterpartyName => "Naam tegenpartij",
            Description => "Omschrijving",
            Rule => "Regel",
            InvoiceNumbers => "Facturen",
            Note => "Notitie",
            Severity => "Ernst",
            Problem => "Probleem",
            Value => "Waarde",
            ClientsSheet => "Per cliënt",
            SpecMissingSheet => "Specificatie ontbreekt",
            InsurersSheet => "Per verzekeraar",
            InvoicesOpen => "Open facturen",
            Owed => "Te ontvangen",
            OwedNotDue => "Niet vervallen",
            Owed1To30 => "1–30 dagen",
            Owed31To60 => "31–60 dagen",
            Owed61To90 => "61–90 dagen",
            Owed90Plus => "90+ dagen",
            ToRefund => "Terug te betalen",
            AwaitingSpecification => "Wacht op specificatie",
            OldestDaysOverdue => "Oudste dagen over vervaldatum",
            LastPaymentDate => "Laatste betaling",
            ClientIban => "IBAN cliënt",
            WithSpecification => "Met specificatie",
            NetWithSpecification => "Netto met specificatie",
            ReimbursementRate => "Vergoedingspercentage",
            FloorApplied => "Ondergrens cliëntdeel toegepast",
            NoInsurer => "(geen verzekeraar)",
            ChartReimbursementRate => "Vergoedingspercentage per verzekeraar",
            PageOfPages => "Pagina &P van &N",
            ReversedSheet => "Teruggeboekt en dubbel",
            DecisionsSheet => "Beslissingen",
            Decision => headers::DECISION.nl,
            DecisionNote => headers::DECISION_NOTE.nl,
            WriteOff => headers::WRITE_OFF.nl,
            Refund => headers::REFUND.nl,
            Prefilled => headers::PREFILLED.nl,
            PaymentAmount => headers::PAYMENT_AMOUNT.nl,
            DecisionKind => "Soort",
            Effect => headers::EFFECT.nl,
            Explanation => "Uitleg",
            PaymentStatus => "Status betaling",
            AgentsSheet => "Incassobureau",
            Agent => "Incassobureau",
            AgentReference => "Kenmerk incassobureau",
            LettersSheet => "Brieven",
            Letter => "Brief",
            Email => "E-mail",
            Address => "Adres",
            Postcode => "Postcode",
            City => "Woonplaats",
            InvoiceCount => "Aantal facturen",
            OldestDueDate => "Oudste vervaldatum",
            Principal => "Hoofdsom",
            CollectionCosts => "Incassokosten",
            PayBy => "Uiterlijk betalen op",
            PaymentReference => "Betalingskenmerk",
            RefundDue => "Wij betalen u terug",
            Payout => "Uitbetaling",
            PayoutDate => "Uitbetaaldatum",
            Statement => "Overzicht",
            Lines => "Rijen",
            Received => "Ontvangen",
            Fees => "Kosten",
            ToPayOut => "Uit te betalen",
            BankLine => "Bankregel",
            PaidOut => "Uitbetaald",
            DaysInTransit => "Dagen onderweg",
            AgentConservation => "Sluitcontrole incassobureau",
            Batches => "Uitbetalingen volgens overzicht",
            InTransit => "Onderweg",
            PayoutsInBank => "Uitbetalingen in de bank",
            PaidForBatches => "Voor uitbetalingen op overzicht",
            WithoutStatement => "Zonder overzicht",
            BalanceCheckHeading => {
                "Saldocontrole van de bankbestanden (beginsaldo + bankregels = eindsaldo)"
            }
            Balances => "Saldi",
            BalanceUnit => "Per",
            Checked => "Gecontroleerd",
            Closed => "Sluitend",
            Broken => "Niet sluitend",
            NotCheckable => "Niet te controleren",
            BalanceClosed => "sluitend",
            BalanceBroken => "NIET sluitend",
            BalanceNotChecked => "niet gecontroleerd",
            NoBalances => "geen saldi in het bestand",
            PerStatement => "afschrift",
            PerLine => "bankregel",
            OwnAccountsHeading => {
                "Eigen rekeningen (overboekingen hiertussen tellen niet als betaling)"
            }
            From => "Bron",
            FromConfiguration => "configuratie (provider.ibans)",
            CoverageHeading => {
                "Periode per rekening en bankbestand (dagen in meer bestanden tellen één keer)"
            }
            FirstBookingDate => "Eerste boekdatum",
            LastBookingDate => "Laatste boekdatum",
            DecisionHelp => {
                "Uw beslissing over deze betaling: kies een factuur uit de lijst of typ een \
                 factuurnummer (meerdere gescheiden door ;), of kies negeren als het geen \
                 cliëntbetaling is. Sla de werkmap daarna op in de map decisions/ van de \
                 invoermap: de volgende run past de beslissing toe."
            }
            AmountHelp => {
                "Optioneel: het deel van de betaling dat naar de gekozen factuur of facturen \
                 gaat. Leeg: de hele betaling."
            }
            NoteHelp => {
                "Optioneel: waarom. Komt in de notitie van de betaling en in decisions.csv."
            }
            WriteOffHelp => {
                "Typ nee om de coulance van deze factuur niet af te boeken (een geschil, een \
                 cliënt die nog betaalt), met de reden erachter, bijvoorbeeld: nee: cliënt \
                 betwist de factuur. Leeg: afboeken zoals voorgesteld. Sla de werkmap daarna \
                 op in de map decisions/ van de invoermap."
            }
            RefundHelp => {
                "Typ nee om het te veel betaalde van deze factuur niet terug te betalen (het \
                 staat dan niet in refunds.xml), met de reden erachter, bijvoorbeeld: nee: \
                 cliënt betaalt nog een andere factuur. Leeg: terugbetalen zoals voorgesteld. \
                 Sla de werkmap daarna op in de map decisions/ van de invoermap."
            }
            Ignore => "negeren",
            DecisionPrompt => {
                "Kies een factuur of negeren, of typ factuurnummers (gescheiden door ;)."
            }
            WriteOffPrompt => "nee houdt de coulance aan; zet de reden erachter (nee: geschil).",
            RefundPrompt => {
                "nee houdt de terugbetaling aan; zet de reden erachter (nee: andere factuur)."
            }
            PaymentDecision => "betaling",
            WriteOffDecision => "afboeken",
            RefundDecision => "terugbetalen",
            CoulanceEntry => "coulance",
            CoulanceReversal => "terugboeking coulance",
        }
    }

    fn invoice_status(&self, status: InvoiceStatus) -> &'static str {
        match status {
            InvoiceStatus::Overpaid => "Te veel betaald",
            InvoiceStatus::Settled => "Voldaan",
            InvoiceStatus::CoulanceEligible => "Coulance mogelijk",
            InvoiceStatus::PartiallyPaid => "Deels betaald",
            InvoiceStatus::Open => "Open",
        }
    }

    fn payment_status(&self, status: PaymentStatus) -> &'static str {
        match status {
            PaymentStatus::Allocated => "toegewezen",
            PaymentStatus::Suggested => "voorstel",
            PaymentStatus::Unmatched => "niet gevonden",
            PaymentStatus::Ignored => "genegeerd",
            PaymentStatus::Duplicate => "dubbel",
            PaymentStatus::Reversed => "gestorneerd",
        }
    }

    fn batch_status(&self, status: BatchStatus) -> &'static str {
        match status {
            BatchStatus::PaidOut => "uitbetaald",
            BatchStatus::Different => "afwijkend",
            BatchStatus::InTransit => "onderweg",
            BatchStatus::StatementMissing => "overzicht ontbreekt",
        }
    }

    fn letter_kind(&self, kind: LetterKind) -> &'static str {
        match kind {
            LetterKind::SpecificationRequest => "specificatie opvragen",
            LetterKind::Reminder => "herinnering",
            LetterKind::FinalNotice => "aanmaning (14 dagen)",
        }
    }

    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
        }
    }

    fn change_kind(&self, kind: &str) -> &'static str {
        match kind {
            "invoice_new" => "nieuwe facturen",
            "invoice_gone" => "verdwenen facturen",
            "status_changed" => "status gewijzigd",
            "coulance_changed" => "coulance gewijzigd",
            "payment_new" => "nieuwe betalingen",
            _ => "overig",
        }
    }

    fn input_kind(&self, kind: InputKind) -> &'static str {
        match kind {
            InputKind::Invoices => "facturen",
            InputKind::Bank => "bank",
            InputKind::Specs => "specificaties",
            InputKind::Overrides => "correcties",
            InputKind::Decisions => "beslissingen",
            InputKind::Agents => "incassobureau",
        }
    }
}
