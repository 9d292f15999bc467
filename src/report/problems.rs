//! The catalogue of input problems: the Dutch and the English text of every
//! [`ProblemKind`], for `exceptions.csv` and the workbook's input-problems
//! sheet. Each `match` is exhaustive and each arm names both languages, so
//! the compiler refuses a variant without its two texts.

use crate::problem::{
    CompoundPart, DecisionFlaw, Expected, Field, Flaw, Found, ProblemKind, Refusal, SheetFlaw,
    SheetSkip, SpecFlaw, Statement, SwiftFlaw, XmlBreak,
};
use crate::report::Lang;
use crate::source::{Loc, Source};

/// Picks the text of `lang`.
fn pick(lang: Lang, nl: String, en: String) -> String {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// The text of a problem in `lang`: lower case, no trailing period.
pub fn text(kind: &ProblemKind, lang: Lang) -> String {
    use ProblemKind as K;
    let (nl, en): (String, String) = match kind {
        K::FileRefused(r) => return refusal(r, lang),
        K::SkippedHidden => (
            "verborgen bestand of vergrendelbestand van een editor overgeslagen".into(),
            "skipped hidden or editor lock file".into(),
        ),
        K::SkippedSymlink => (
            "symbolische koppeling overgeslagen (koppelingen worden niet gevolgd)".into(),
            "skipped symbolic link (links are not followed)".into(),
        ),
        K::SkippedNotRegular => (
            "overgeslagen: geen gewoon bestand".into(),
            "skipped: not a regular file".into(),
        ),
        K::SameContent { first } => (
            format!("zelfde inhoud als {first}: één keer gelezen"),
            format!("same content as {first}: read once"),
        ),
        K::SheetSkipped { sheet, why } => match why {
            SheetSkip::NotBankExport => (
                format!("blad `{sheet}` overgeslagen: geen bankexport in een bekend formaat"),
                format!("sheet `{sheet}` skipped: not a bank export in a known format"),
            ),
            SheetSkip::NoHeader => (
                format!("blad `{sheet}` overgeslagen: geen kopregel met bekende kolommen"),
                format!("sheet `{sheet}` skipped: no header row with known columns"),
            ),
        },
        K::SheetUnreadable { sheet, error } => (
            format!("blad `{sheet}` overgeslagen: kan niet worden gelezen ({error})"),
            format!("sheet `{sheet}` skipped: cannot be read ({error})"),
        ),
        K::SheetNotRead { sheet, why } => {
            let (nl, en) = sheet_flaw(why);
            (
                format!("blad `{sheet}` niet gelezen: {nl}"),
                format!("sheet `{sheet}` not read: {en}"),
            )
        }
        K::CsvStopped(e) => (
            format!("lezen van de csv gestopt: {e}"),
            format!("csv reading stopped: {e}"),
        ),
        K::NoHeader { expected } => (
            format!("geen kopregel met bekende kolommen gevonden (verwacht kolommen zoals {expected})"),
            format!("no header row with known columns found (expected columns such as {expected})"),
        ),
        K::MissingColumns { sheet, fields } => {
            // English names the Dutch column too: the registers are Dutch.
            let list = |lang| {
                fields
                    .iter()
                    .map(|f| match lang {
                        Lang::Nl => field(*f, lang).to_string(),
                        Lang::En => format!("{} ({})", field(*f, lang), column_nl(*f)),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (
                format!(
                    "verplichte kolommen ontbreken{}: {}",
                    on_sheet(sheet, Lang::Nl),
                    list(Lang::Nl)
                ),
                format!(
                    "required columns missing{}: {}",
                    on_sheet(sheet, Lang::En),
                    list(Lang::En)
                ),
            )
        }
        K::NoSpecAmountColumn { sheet } => (
            format!(
                "geen kolom vergoed of uitbetaald{}",
                on_sheet(sheet, Lang::Nl)
            ),
            format!(
                "no reimbursed (vergoed) or paid-out (uitbetaald) column{}",
                on_sheet(sheet, Lang::En)
            ),
        ),
        K::Unreadable { field: f, flaw: w } => (
            format!("{}: {}", field(*f, Lang::Nl), flaw(w, Lang::Nl)),
            format!("{}: {}", field(*f, Lang::En), flaw(w, Lang::En)),
        ),
        K::UnreadableLeftEmpty { field: f, flaw: w } => (
            format!("{}: {} (leeg gelaten)", field(*f, Lang::Nl), flaw(w, Lang::Nl)),
            format!("{}: {} (left empty)", field(*f, Lang::En), flaw(w, Lang::En)),
        ),
        K::Missing(f) => (
            format!("{} ontbreekt", field(*f, Lang::Nl)),
            format!("missing {}", field(*f, Lang::En)),
        ),
        K::PaidToUnknown => (
            "uitbetaald aan: noch de verzekerde noch de zorgaanbieder (leeg gelaten)".into(),
            "paid to: neither the insured nor the provider (left empty)".into(),
        ),
        K::BadClientIban => (
            "iban van de cliënt heeft een verkeerd controlegetal of een verkeerde lengte".into(),
            "client iban has a wrong check digit or length".into(),
        ),
        K::CreditNoteNotNegative => (
            "creditnota voor een andere factuur met een bedrag dat niet negatief is".into(),
            "credit note for another invoice with an amount that is not negative".into(),
        ),
        K::ColumnCount { expected, found } => (
            format!("{expected} kolommen verwacht, {found} gevonden"),
            format!("expected {expected} columns, found {found}"),
        ),
        K::DebitCreditUnknown => (
            "bij/af-aanduiding wordt niet begrepen".into(),
            "debit/credit indicator is not understood".into(),
        ),
        K::MinusAndIndicator => (
            "bedrag heeft een minteken én een bij/af-aanduiding".into(),
            "amount has a minus sign and a debit/credit indicator".into(),
        ),
        K::NotEuro(c) => (
            format!("bedrag in {c}, niet in EUR: niet omgerekend"),
            format!("amount in {c}, not EUR: not converted"),
        ),
        K::SwiftLine(w) => {
            let (nl, en) = swift(w);
            (
                format!(":61:-regel niet te lezen: {nl}"),
                format!("cannot read :61: line: {en}"),
            )
        }
        K::EntryDateNoDate { month, day } => (
            format!("boekdatum {month:02}-{day:02} is geen datum: valutadatum gebruikt"),
            format!("entry date {month:02}-{day:02} is no date: value date used"),
        ),
        K::XmlBroken { why, entry_lost } => {
            let (nl, en) = match why {
                XmlBreak::TooDeep { limit, line } => (
                    format!(
                        "elementen dieper genest dan {limit} op regel {line}: geen bankafschrift, \
                         de rest van het bestand is niet gelezen"
                    ),
                    format!(
                        "elements nested more than {limit} deep at line {line}: \
                         not a bank statement, the rest of the file is not read"
                    ),
                ),
                XmlBreak::Truncated { open } => (
                    format!("bestand eindigt binnen <{open}>: afgebroken"),
                    format!("file ends inside <{open}>: truncated"),
                ),
                XmlBreak::Malformed { line, error } => (
                    format!("ongeldige XML op regel {line}: {error}"),
                    format!("malformed XML at line {line}: {error}"),
                ),
            };
            if *entry_lost {
                (
                    format!("{nl}; de post die werd gelezen gaat verloren"),
                    format!("{en}; the entry being read is lost"),
                )
            } else {
                (nl, en)
            }
        }
        K::EntryNotBooked(status) => (
            format!("post met status {status} is niet geboekt: overgeslagen"),
            format!("entry with status {status} is not booked: skipped"),
        ),
        K::EntryNoAmount => ("post zonder bedrag".into(), "entry has no amount".into()),
        K::EntryNested => (
            "post binnen een andere post: de buitenste post is niet gelezen".into(),
            "entry inside another entry: the outer entry is not read".into(),
        ),
        K::EntryAmountNotAmount => (
            "bedrag van de post is geen bedrag".into(),
            "entry amount is no amount".into(),
        ),
        K::EntryNoIndicator => (
            "post zonder bij/af-aanduiding (CRDT of DBIT)".into(),
            "entry has no credit/debit indicator (CRDT or DBIT)".into(),
        ),
        K::EntryNoBookingDate => (
            "post zonder leesbare boekdatum".into(),
            "entry has no readable booking date".into(),
        ),
        K::EntryValueDateUsed => (
            "post zonder leesbare boekdatum: valutadatum gebruikt".into(),
            "entry has no readable booking date: value date used".into(),
        ),
        K::BatchDifference { known, total } => (
            format!(
                "de transacties van de batch tellen op tot {known}, de post tot {total}: \
                 het verschil is op de laatste transactie gezet"
            ),
            format!(
                "batch transactions add up to {known}, the entry to {total}: \
                 the difference is put on the last transaction"
            ),
        ),
        K::BatchWithoutAmounts(n) => (
            format!("batchpost van {n} transacties zonder hun bedragen: gelezen als één betaling"),
            format!("batch entry of {n} transactions without their amounts: read as one payment"),
        ),
        K::BalanceUnreadable => (
            "saldo niet te lezen: de saldi van het afschrift worden niet gecontroleerd".into(),
            "balance cannot be read: the statement's balances are not checked".into(),
        ),
        K::StatementBalanceUnreadable => (
            "saldo van het afschrift niet te lezen: de saldi van het afschrift worden niet gecontroleerd".into(),
            "statement balance cannot be read: the statement's balances are not checked".into(),
        ),
        K::BalanceOverflow => (
            "saldo plus bedragen te groot om op te tellen: de saldi worden niet gecontroleerd".into(),
            "balance plus amounts too large to add up: the balances are not checked".into(),
        ),
        K::NoClosingBalance => (
            "saldo niet gecontroleerd: het afschrift heeft een beginsaldo maar geen eindsaldo".into(),
            "balance not checked: the statement has an opening balance but no closing balance"
                .into(),
        ),
        K::NoOpeningBalance => (
            "saldo niet gecontroleerd: het afschrift heeft een eindsaldo maar geen beginsaldo".into(),
            "balance not checked: the statement has a closing balance but no opening balance"
                .into(),
        ),
        K::StatementGap { statement: s, gap } => (
            format!(
                "saldo niet gecontroleerd voor {}: {} kon niet worden gelezen, dus de gelezen regels \
                 zijn niet met het eindsaldo te vergelijken",
                statement(s, Lang::Nl),
                place(gap, Lang::Nl)
            ),
            format!(
                "balance not checked for {}: {} could not be read, so the lines read cannot be \
                 compared with the closing balance",
                statement(s, Lang::En),
                place(gap, Lang::En)
            ),
        ),
        K::BalanceCurrencies {
            statement: s,
            opening,
            closing,
        } => {
            let cur = |c: &Option<String>, none: &str| c.clone().unwrap_or_else(|| none.into());
            (
                format!(
                    "saldo niet gecontroleerd voor {}: beginsaldo in {}, eindsaldo in {}",
                    statement(s, Lang::Nl),
                    cur(opening, "geen valuta"),
                    cur(closing, "geen valuta")
                ),
                format!(
                    "balance not checked for {}: opening balance in {}, closing balance in {}",
                    statement(s, Lang::En),
                    cur(opening, "no currency"),
                    cur(closing, "no currency")
                ),
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
            let (nl_lines, en_lines) = if *lines == 1 {
                ("1 regel".to_string(), "1 line".to_string())
            } else {
                (format!("{lines} regels"), format!("{lines} lines"))
            };
            (
                format!(
                    "saldo sluit niet voor {}: beginsaldo {opening} + {nl_lines} ({sum}) = {expected} \
                     verwacht, eindsaldo {closing} gevonden (verschil {diff})",
                    statement(s, Lang::Nl)
                ),
                format!(
                    "balance does not close for {}: opening balance {opening} + {en_lines} ({sum}) = \
                     {expected} expected, closing balance {closing} found (difference {diff})",
                    statement(s, Lang::En)
                ),
            )
        }
        K::LineDoesNotClose {
            opening,
            amount,
            expected,
            closing,
        } => {
            let diff = *closing - *expected;
            (
                format!(
                    "saldo sluit niet op deze regel: beginsaldo {opening} + bedrag {amount} = \
                     {expected} verwacht, eindsaldo {closing} gevonden (verschil {diff})"
                ),
                format!(
                    "balance does not close on this line: opening balance {opening} + amount {amount} \
                     = {expected} expected, closing balance {closing} found (difference {diff})"
                ),
            )
        }
        K::ChainGap { earlier, gap } => (
            format!(
                "saldo niet gecontroleerd tegen {}: {} daartussen kon niet worden gelezen",
                place(earlier, Lang::Nl),
                place(gap, Lang::Nl)
            ),
            format!(
                "balance not checked against {}: {} between them could not be read",
                place(earlier, Lang::En),
                place(gap, Lang::En)
            ),
        ),
        K::ChainBroken {
            earlier,
            earlier_after,
            after,
            expected,
            found,
        } => {
            let diff = *found - *expected;
            let (nl_when, en_when) = if *after {
                ("na", "after")
            } else {
                ("vóór", "before")
            };
            (
                format!(
                    "saldo volgt niet uit de regel die in de tijd ervoor komt ({}, saldo {earlier_after} \
                     erna): saldo {nl_when} deze regel {expected} verwacht, {found} gevonden (verschil {diff})",
                    place(earlier, Lang::Nl)
                ),
                format!(
                    "balance does not follow from the line before it in time ({}, balance {earlier_after} \
                     after it): balance {en_when} this line {expected} expected, {found} found (difference {diff})",
                    place(earlier, Lang::En)
                ),
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
            (
                format!(
                    "de afschriften van rekening {account} verschillen in het saldo bij het begin van {day}, \
                     de eerste dag die beide bevatten: {balance} in dit bestand, {earlier_balance} in {earlier} \
                     (verschil {diff})"
                ),
                format!(
                    "the exports of account {account} disagree on the balance at the start of {day}, \
                     the first day both cover: {balance} in this file, {earlier_balance} in {earlier} \
                     (difference {diff})"
                ),
            )
        }
        K::CreditPositive => (
            "regel noemt een factuur die hij crediteert maar heeft een positief bedrag; \
             geboekt als eigen factuur"
                .into(),
            "row names an invoice it credits but has a positive amount; booked as an invoice of its own"
                .into(),
        ),
        K::NoInvoiceNumber => (
            "factuur heeft geen nummer".into(),
            "invoice has no number".into(),
        ),
        K::DuplicateInvoice { first } => (
            format!("dubbel factuurnummer: al geboekt uit {first}"),
            format!("duplicate invoice number: already booked from {first}"),
        ),
        K::CreditUnknownInvoice => (
            "creditnota voor een onbekende factuur".into(),
            "credit note for an unknown invoice".into(),
        ),
        K::SpecNoNumber => (
            "bedragen zonder factuur- of declaratienummer".into(),
            "amounts without an invoice or declaration number".into(),
        ),
        K::SpecRejected(w) => {
            let (nl, en) = match w {
                SpecFlaw::DoesNotAddUp {
                    reimbursed: r,
                    paid_out: p,
                    deductible: d,
                    co_payment: c,
                    sum,
                } => (
                    format!(
                        "vergoed {r} is niet uitbetaald {p} + eigen risico {d} + eigen bijdrage {c} = {sum}"
                    ),
                    format!(
                        "reimbursed {r} is not paid out {p} + deductible {d} + co-payment {c} = {sum}"
                    ),
                ),
                SpecFlaw::NoAmount => (
                    "geen vergoed en geen uitbetaald bedrag".into(),
                    "neither a reimbursed nor a paid-out amount".into(),
                ),
            };
            (
                format!("specificatieregel afgewezen: {nl}"),
                format!("specification line rejected: {en}"),
            )
        }
        K::SpecNoInvoice => (
            "specificatieregel noemt geen factuur".into(),
            "specification line names no invoice".into(),
        ),
        K::SpecUnknownInvoice => (
            "specificatieregel voor een onbekende factuur".into(),
            "specification line for an unknown invoice".into(),
        ),
        K::AgentUnknownForFile { configured } => (
            format!(
                "overzicht van een incassobureau niet gelezen: er zijn meerdere incassobureaus \
                 ingesteld ({}); zet het bestand in agents/ in een map met de naam van het \
                 incassobureau",
                configured.join(", ")
            ),
            format!(
                "billing agent statement not read: several agents are configured ({}); put the \
                 file in a folder under agents/ named after its agent",
                configured.join(", ")
            ),
        ),
        K::AgentNoDate => (
            "regel van het incassobureau met een ontvangen bedrag maar zonder ontvangst- of \
             uitbetaaldatum"
                .into(),
            "billing agent line with a received amount but no received or payout date".into(),
        ),
        K::AgentNoInvoice => (
            "regel van het incassobureau met een ontvangen bedrag maar zonder factuurnummer of \
             betalingskenmerk"
                .into(),
            "billing agent line with a received amount but no invoice number or payment \
             reference"
                .into(),
        ),
        K::AgentUnknownInvoice { agent } => (
            format!(
                "{agent} meldt een ontvangst voor een onbekende factuur: het bedrag blijft een \
                 niet-toegewezen ontvangst"
            ),
            format!(
                "{agent} reports a receipt for an unknown invoice: the amount stays an \
                 unallocated receipt"
            ),
        ),
        K::AgentPayoutDiffers {
            agent,
            batch,
            expected,
            paid,
        } => (
            format!(
                "uitbetaling van {agent} wijkt af van uitbetaling {batch} op het overzicht: \
                 overzicht {expected}, bank {paid}"
            ),
            format!(
                "payout from {agent} differs from batch {batch} on its statement: statement \
                 {expected}, bank {paid}"
            ),
        ),
        K::AgentStatementMissing { agent, paid } => (
            format!(
                "uitbetaling van {agent} ({paid}) zonder overzicht: het overzicht ontbreekt in \
                 agents/"
            ),
            format!("payout from {agent} ({paid}) without a statement: the statement is missing in agents/"),
        ),
        K::AgentBatchOverdue {
            agent,
            batch,
            amount,
            days,
        } => (
            format!(
                "uitbetaling {batch} van {agent} ({amount}) staat {days} dagen na de \
                 uitbetaaldatum nog niet op de bank"
            ),
            format!(
                "batch {batch} from {agent} ({amount}) not in the bank {days} days after its \
                 payout date"
            ),
        ),
        K::DeductibleCap {
            client,
            year,
            total,
            cap,
        } => (
            format!(
                "ingehouden eigen risico voor deze cliënt in één kalenderjaar is hoger dan het \
                 jaarlijkse maximum ({client} {year}: {total}, maximum {cap})"
            ),
            format!(
                "deductibles withheld for this client in one calendar year exceed the yearly cap \
                 ({client} {year}: {total}, cap {cap})"
            ),
        ),
        K::DeclaredDiffers { declared, net } => (
            format!(
                "gedeclareerd bedrag wijkt af van het nettobedrag van de factuur (gedeclareerd \
                 {declared}, netto {net})"
            ),
            format!(
                "declared amount differs from the invoice's net amount (declared {declared}, net {net})"
            ),
        ),
        K::SpecDuplicate { first } => (
            format!("zelfde specificatieregel als in {first}: één keer geteld"),
            format!("same specification line as in {first}: counted once"),
        ),
        K::OverrideNoPaymentId => (
            "correctie zonder betalings-id".into(),
            "override without a payment id".into(),
        ),
        K::OverrideNoInvoice => (
            "correctie zonder factuurnummer (schrijf `ignore` om de betaling te negeren)".into(),
            "override without an invoice number (write `ignore` to ignore the payment)".into(),
        ),
        K::OverrideNotRead => (
            "correctie niet gelezen".into(),
            "override not read".into(),
        ),
        K::OverrideUnknownPayment => (
            "correctie noemt een onbekende betaling".into(),
            "override names an unknown payment".into(),
        ),
        K::OverrideAmountNotPositive => (
            "bedrag van de correctie moet positief zijn".into(),
            "override amount must be a positive amount".into(),
        ),
        K::OverrideUnknownInvoice => (
            "correctie noemt een onbekende factuur".into(),
            "override names an unknown invoice".into(),
        ),
        K::OverrideIgnoreAndAllocate => (
            "correctie negeert deze betaling én wijst haar toe; ze wordt genegeerd".into(),
            "override both ignores and allocates this payment; it is ignored".into(),
        ),
        K::OverrideExceedsPayment { wanted, left } => (
            format!(
                "bedrag van de correctie ({wanted}) is hoger dan wat er van de betaling over is \
                 ({left}); ze krijgt wat er over is"
            ),
            format!(
                "override amount ({wanted}) exceeds what is left of the payment ({left}); \
                 it gets what is left"
            ),
        ),
        K::NoDecisionsFound => (
            "geen beslissingen gevonden: geen blad met Betaling/Payment id en Beslissing/Decision, \
             of Factuurnummer/Invoice number en Afboeken/Write off"
                .into(),
            "no decisions found: no sheet with Betaling/Payment id and Beslissing/Decision, \
             or Factuurnummer/Invoice number and Afboeken/Write off"
                .into(),
        ),
        K::DecisionMissing => (
            "een bedrag of notitie zonder beslissing: op deze regel wordt niets beslist".into(),
            "an amount or note without a decision: nothing is decided on this row".into(),
        ),
        K::DecisionNoPaymentId => (
            "beslissing zonder betalings-id".into(),
            "decision without a payment id".into(),
        ),
        K::DecisionNotRead => (
            "beslissing niet gelezen".into(),
            "decision not read".into(),
        ),
        K::WriteOffNoInvoice => (
            "afboekbeslissing zonder factuurnummer".into(),
            "write-off decision without an invoice number".into(),
        ),
        K::Decision(w) => decision(w),
    };
    pick(lang, nl, en)
}

/// Why a decision was not read or applied, in both languages.
fn decision(w: &DecisionFlaw) -> (String, String) {
    use DecisionFlaw as D;
    match w {
        D::IgnoreWithInvoices => (
            "beslissing: negeren/ignore kan niet samen met factuurnummers".into(),
            "decision: negeren/ignore cannot be combined with invoice numbers".into(),
        ),
        D::NoInvoiceNumber => (
            "beslissing: geen factuurnummer in de beslissing".into(),
            "decision: no invoice number in the decision".into(),
        ),
        D::WriteOffNotWord(v) => (
            format!("afboeken: `{v}` is geen nee/no (aanhouden) of ja/yes"),
            format!("write-off: `{v}` is not nee/no (hold) or ja/yes"),
        ),
        D::WriteOffNotUnderstood(v) => (
            format!(
                "afboeken: `{v}` wordt niet begrepen; schrijf nee of no (eventueel met de reden) \
                 om het afboeken aan te houden"
            ),
            format!(
                "write-off: `{v}` is not understood; write nee or no (optionally with the reason) \
                 to hold the write-off"
            ),
        ),
        D::Conflict(other) => (
            format!("anders beslist bij {other}; geen van beide beslissingen wordt toegepast"),
            format!("decided differently at {other}; neither decision is applied"),
        ),
        D::Overridden(other) => (
            format!(
                "overrides.csv beslist anders over deze betaling ({other}); deze beslissing wordt \
                 niet toegepast"
            ),
            format!(
                "overrides.csv decides this payment differently ({other}); this decision is not applied"
            ),
        ),
        D::UnknownPayment => (
            "beslissing noemt een betaling die niet (meer) in de bankbestanden staat; niet toegepast"
                .into(),
            "decision names a payment that is not in the bank files (any more); not applied".into(),
        ),
        D::UnknownInvoice(n) => (
            format!("beslissing noemt een onbekende factuur {n}; niet toegepast"),
            format!("decision names an unknown invoice {n}; not applied"),
        ),
        D::AmountAbovePayment { amount, payment } => (
            format!("bedrag van de beslissing {amount} is hoger dan de betaling {payment}; niet toegepast"),
            format!("decision amount {amount} is more than the payment {payment}; not applied"),
        ),
        D::AmountNotPositive(a) => (
            format!("bedrag van de beslissing {a} moet positief zijn; niet toegepast"),
            format!("decision amount {a} must be a positive amount; not applied"),
        ),
        D::AmountWithIgnore => (
            "negeren/ignore neemt de hele betaling: daar kan geen bedrag bij; niet toegepast".into(),
            "negeren/ignore takes the whole payment: an amount cannot go with it; not applied".into(),
        ),
    }
}

/// Why a file was not read.
fn refusal(r: &Refusal, lang: Lang) -> String {
    use Refusal as R;
    let (nl, en): (String, String) = match r {
        R::Io(e) => (
            format!("bestand kan niet worden gelezen: {e}"),
            format!("cannot read file: {e}"),
        ),
        R::ReaderStopped => (
            "lezer onverwacht gestopt".into(),
            "reader stopped unexpectedly".into(),
        ),
        R::UnknownBankFormat => (
            "geen bankexport in een bekend formaat".into(),
            "not a bank export in a known format".into(),
        ),
        R::BinaryBankFile => (
            "geen bankexport in een bekend formaat (binaire inhoud)".into(),
            "not a bank export in a known format (binary content)".into(),
        ),
        R::NoBankSheet { format } => (
            format!(
                "geen bankexport in een bekend formaat: geen blad van dit {format}-bestand heeft de kolommen van een bankexport"
            ),
            format!(
                "not a bank export in a known format: no sheet of this {format} has the columns of one"
            ),
        ),
        R::BankWithoutHeader { format } => (
            format!("{format}-export zonder kopregel"),
            format!("{format} export without a header"),
        ),
        R::BankWithoutColumns { format } => (
            format!("{format}-export zonder de verwachte kolommen"),
            format!("{format} export without the expected columns"),
        ),
        R::FirstLineTooLong { limit } => (
            format!("geen tabel: de eerste regel is langer dan {limit} bytes"),
            format!("not a table: the first line is longer than {limit} bytes"),
        ),
        R::Binary => (
            "geen spreadsheet of CSV-bestand (binaire inhoud)".into(),
            "not a spreadsheet or CSV file (binary content)".into(),
        ),
        R::Damaged => (
            "de spreadsheet is beschadigd (de lezer gaf het op)".into(),
            "the spreadsheet is damaged (the reader gave up)".into(),
        ),
        R::DamagedPart { part } => {
            let (nl, en) = match part {
                CompoundPart::Header => ("kop", "header"),
                CompoundPart::SectorSize => ("sectorgrootte", "sector size"),
                CompoundPart::FatCount => ("aantal FAT-sectoren", "FAT sector count"),
                CompoundPart::MiniFatCount => ("aantal mini-FAT-sectoren", "mini FAT sector count"),
                CompoundPart::DifatCount => ("aantal DIFAT-sectoren", "DIFAT sector count"),
                CompoundPart::SectorChain => ("sectorketen", "sector chain"),
                CompoundPart::FatList => ("lijst van FAT-sectoren", "list of FAT sectors"),
            };
            (
                format!("de spreadsheet is beschadigd: de {nl} past niet bij het bestand"),
                format!("the spreadsheet is damaged: its {en} does not fit the file"),
            )
        }
        R::PasswordProtected => (
            "de werkmap is met een wachtwoord beveiligd en kan niet worden gelezen: sla een kopie \
             zonder wachtwoord op (in Excel: Bestand, Info, Werkmap beveiligen, Versleutelen met \
             wachtwoord, leegmaken) en zet die kopie ervoor in de plaats"
                .into(),
            "the workbook is protected with a password and cannot be read: \
             save a copy without a password (in Excel: File, Info, Protect Workbook, \
             Encrypt with Password, clear it) and put that copy in its place"
                .into(),
        ),
        R::NotASpreadsheet(e) => (
            format!("geen leesbare spreadsheet: {e}"),
            format!("not a readable spreadsheet: {e}"),
        ),
        R::DecompressionBomb { part, size, packed } => (
            format!(
                "de spreadsheet lijkt een decompressiebom: onderdeel `{part}` wordt van {packed} bytes uitgepakt tot {size}"
            ),
            format!(
                "the spreadsheet looks like a decompression bomb: part `{part}` unpacks {size} bytes from {packed}"
            ),
        ),
        R::UnpacksTooLarge { size, limit } => (
            format!(
                "de spreadsheet wordt uitgepakt tot {size} bytes, meer dan de grens van {limit}"
            ),
            format!("the spreadsheet unpacks to {size} bytes, more than the limit of {limit}"),
        ),
        R::SharedStringsTooLarge { size, limit } => (
            format!(
                "de gedeelde teksten van de spreadsheet worden uitgepakt tot {size} bytes, meer dan de grens van {limit}"
            ),
            format!(
                "the spreadsheet's shared strings unpack to {size} bytes, more than the limit of {limit}"
            ),
        ),
        R::SharedStringsDamaged { count, size } => (
            format!(
                "de spreadsheet is beschadigd: ze kondigt {count} gedeelde teksten aan in {size} bytes"
            ),
            format!(
                "the spreadsheet is damaged: it announces {count} shared strings in {size} bytes"
            ),
        ),
        R::TooManyCells { cells, limit } => (
            format!(
                "de spreadsheet is te groot: de bladen beslaan {cells} cellen, meer dan de grens van {limit}"
            ),
            format!(
                "the spreadsheet is too large: its sheets span {cells} cells, more than the limit of {limit}"
            ),
        ),
        R::NestedTooDeep { limit } => (
            format!("niet gelezen: dieper genest dan {limit} niveaus"),
            format!("not read: nested more than {limit} deep"),
        ),
        R::TooManySheets { limit } => (
            format!("niet gelezen: meer dan {limit} tabellen of werkbladen in één bestand"),
            format!("not read: more than {limit} tables or worksheets in one file"),
        ),
        R::NoSheet => (
            "een HTML-pagina of Excel 2003 XML-werkmap zonder tabel of werkblad".into(),
            "an HTML page or Excel 2003 XML workbook without a table or worksheet".into(),
        ),
        R::MalformedXml { line, error } => (
            format!("ongeldige XML op regel {line}: {error}"),
            format!("malformed XML at line {line}: {error}"),
        ),
    };
    pick(lang, nl, en)
}

/// Why a sheet was not read, in both languages.
fn sheet_flaw(w: &SheetFlaw) -> (String, String) {
    match w {
        SheetFlaw::TooManyCells { limit } => (
            format!("blad te groot: meer dan {limit} cellen"),
            format!("sheet too large: more than {limit} cells"),
        ),
        SheetFlaw::TooManyMergedCells { limit } => (
            format!("te groot (meer dan {limit} cellen met de samengevoegde gebieden)"),
            format!("too large (more than {limit} cells with its merged regions)"),
        ),
        SheetFlaw::CellOutOfBounds { row, col } => (
            format!(
                "een cel ligt voorbij de laatste rij of kolom die een blad kan hebben (rij {row}, kolom {col})"
            ),
            format!(
                "a cell lies beyond the last row or column a sheet can have (row {row}, column {col})"
            ),
        ),
        SheetFlaw::RowTooWide { limit } => (
            format!("een rij is breder dan de {limit} kolommen die een blad kan hebben"),
            format!("a row is wider than the {limit} columns a sheet can have"),
        ),
        SheetFlaw::Unreadable(e) => (e.clone(), e.clone()),
    }
}

/// Why a `:61:` line cannot be read, in both languages.
fn swift(w: &SwiftFlaw) -> (String, String) {
    match w {
        SwiftFlaw::NoValueDate => ("geen valutadatum".into(), "no value date".into()),
        SwiftFlaw::BadValueDate(d) => (
            format!("valutadatum {d} is geen datum"),
            format!("value date {d} is no date"),
        ),
        SwiftFlaw::NoDebitCredit => (
            "geen bij/af-teken (C, D, RC of RD)".into(),
            "no debit/credit mark (C, D, RC or RD)".into(),
        ),
        SwiftFlaw::NoAmount => ("geen bedrag".into(), "no amount".into()),
        SwiftFlaw::AmountNotNumber(t) => (
            format!("bedrag {t:?} is geen getal"),
            format!("amount {t:?} is not a number"),
        ),
        SwiftFlaw::AmountTooLarge(t) => (
            format!("bedrag {t:?} is te groot (duizend miljard euro of meer)"),
            format!("amount {t:?} is too large (a thousand billion euros or more)"),
        ),
        SwiftFlaw::UnconfirmedLowerCaseMark(m) => (
            format!(
                "bij/af-teken '{m}' in kleine letter (SWIFT schrijft C, D, RC of RD), en de saldi van het afschrift bevestigen het niet"
            ),
            format!(
                "lower-case debit/credit mark '{m}' (SWIFT writes C, D, RC or RD), and the statement's balances do not confirm it"
            ),
        ),
    }
}

/// The name of a field.
pub fn field(f: Field, lang: Lang) -> &'static str {
    use Field as F;
    let (nl, en) = match f {
        F::InvoiceNumber => ("factuurnummer", "invoice number"),
        F::ClientId => ("cliëntnummer", "client id"),
        F::ClientName => ("naam cliënt", "client name"),
        F::Amount => ("bedrag", "amount"),
        F::InvoiceDate => ("factuurdatum", "invoice date"),
        F::DueDate => ("vervaldatum", "due date"),
        F::Insurer => ("zorgverzekeraar", "insurer"),
        F::ClientIban => ("iban cliënt", "client iban"),
        F::PaymentReference => ("betalingskenmerk", "payment reference"),
        F::CreditFor => ("creditnota voor", "credit for"),
        F::DeclarationNumber => ("declaratienummer", "declaration number"),
        F::Declared => ("gedeclareerd", "declared"),
        F::Reimbursed => ("vergoed", "reimbursed"),
        F::Deductible => ("eigen risico", "deductible"),
        F::CoPayment => ("eigen bijdrage", "co-payment"),
        F::PaidOut => ("uitbetaald", "paid out"),
        F::CareDate => ("zorgdatum", "care date"),
        F::PaymentDate => ("betaaldatum", "payment date"),
        F::Date => ("datum", "date"),
        F::BookingDate => ("boekdatum", "booking date"),
        F::TransactionDate => ("transactiedatum", "transaction date"),
        F::PaymentId => ("betalings-id", "payment id"),
        F::DecisionAmount => ("bedrag van de beslissing", "decision amount"),
        F::Decision => ("beslissing", "decision"),
        F::Agent => ("incassobureau", "billing agent"),
        F::Received => ("ontvangen", "received"),
        F::ReceivedDate => ("ontvangstdatum", "received date"),
        F::Fee => ("kosten", "fee"),
        F::Payout => ("uitbetaling", "payout"),
        F::PayoutDate => ("uitbetaaldatum", "payout date"),
    };
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// The register column a required field is usually called in Dutch.
fn column_nl(f: Field) -> &'static str {
    match f {
        Field::ClientId => "clientnummer",
        Field::ClientName => "naam",
        other => field(other, Lang::Nl),
    }
}

/// Why a value could not be read.
fn flaw(w: &Flaw, lang: Lang) -> String {
    let (nl, en): (String, String) = match w {
        Flaw::NumberNotAmount => (
            "getal is geen bedrag".into(),
            "number is not an amount".into(),
        ),
        Flaw::AmbiguousAmount => (
            "dubbelzinnig bedrag: `.` of `,` kan duizendtallen of decimalen scheiden".into(),
            "ambiguous amount: `.` or `,` could separate thousands or decimals".into(),
        ),
        Flaw::NotAnAmount => ("geen bedrag".into(), "not an amount".into()),
        Flaw::AmountTooLarge => (
            "bedrag te groot (duizend miljard euro of meer)".into(),
            "amount too large (a thousand billion euros or more)".into(),
        ),
        Flaw::EmptyAmount => ("leeg bedrag".into(), "empty amount".into()),
        Flaw::DateOutOfRange => (
            "datum buiten bereik (een tijdstip, of een tikfout in het jaar)".into(),
            "date out of range (a time of day, or a typo in the year)".into(),
        ),
        Flaw::NotADate => ("geen datum".into(), "not a date".into()),
        Flaw::NumberNotPlausibleDate => (
            "getal is geen aannemelijke datum".into(),
            "number is not a plausible date".into(),
        ),
        Flaw::NumberTooLong => (
            "getal te lang om exact te zijn: sla dit nummer op als tekst".into(),
            "number too long to be exact: store this identifier as text".into(),
        ),
        Flaw::NumberWithDecimals => (
            "getal met decimalen waar een nummer wordt verwacht".into(),
            "number with decimals where an identifier is expected".into(),
        ),
        Flaw::Unexpected { found, expected } => {
            let (nl_exp, en_exp) = match expected {
                Expected::Amount => ("een bedrag", "an amount"),
                Expected::Date => ("een datum", "a date"),
                Expected::Identifier => ("een nummer", "an identifier"),
            };
            let (nl_found, en_found) = match found {
                Found::Date => ("een datum".to_string(), "a date".to_string()),
                Found::Bool => ("een waar/onwaar-waarde".into(), "a true/false value".into()),
                Found::FormulaError(e) => {
                    (format!("formulefout {e}"), format!("formula error {e}"))
                }
            };
            (
                format!("{nl_found} waar {nl_exp} wordt verwacht"),
                format!("{en_found} where {en_exp} is expected"),
            )
        }
    };
    pick(lang, nl, en)
}

/// ` on sheet `name`` when the file has sheets.
fn on_sheet(sheet: &Option<String>, lang: Lang) -> String {
    match (sheet, lang) {
        (None, _) => String::new(),
        (Some(n), Lang::Nl) => format!(" op blad `{n}`"),
        (Some(n), Lang::En) => format!(" on sheet `{n}`"),
    }
}

/// How a statement is named.
fn statement(s: &Statement, lang: Lang) -> String {
    match (s, lang) {
        (Statement::Lines { from, to }, Lang::Nl) => {
            format!("het afschrift van regels {from}–{to}")
        }
        (Statement::Lines { from, to }, Lang::En) => format!("the statement of lines {from}–{to}"),
        (Statement::Number(n), Lang::Nl) => format!("afschrift {n} van het bestand"),
        (Statement::Number(n), Lang::En) => format!("statement {n} of the file"),
    }
}

/// A place in the same file: `line 12`, else as the source displays.
fn place(source: &Source, lang: Lang) -> String {
    match (&source.loc, lang) {
        (Loc::Line(n), Lang::Nl) => format!("regel {n}"),
        (Loc::Line(n), Lang::En) => format!("line {n}"),
        _ => source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::problem::{Problem, Refusal as R};
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
        let doc = include_str!("../../docs/outputs.md");
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
        let seen: BTreeSet<(&str, u32)> =
            samples.iter().map(|k| (k.code(), detail_no(k))).collect();
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
}
