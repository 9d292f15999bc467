//! De invoerproblemen in het Nederlands: de zin bij elke [`ProblemKind`],
//! voor `exceptions.csv` en het blad met invoerproblemen. Klein geschreven,
//! zonder punt aan het eind.

use crate::problem::{
    CompoundPart, DecisionFlaw, Expected, Field, Flaw, Found, ProblemKind, Refusal, SheetFlaw,
    SheetSkip, SpecFlaw, Statement, SwiftFlaw, XmlBreak,
};
use crate::source::{Loc, Source};

use super::super::ProblemWords;
use super::Nl;

impl ProblemWords for Nl {
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
        K::SkippedHidden => {
            "verborgen bestand of vergrendelbestand van een editor overgeslagen".into()
        }
        K::SkippedSymlink => {
            "symbolische koppeling overgeslagen (koppelingen worden niet gevolgd)".into()
        }
        K::SkippedNotRegular => "overgeslagen: geen gewoon bestand".into(),
        K::SameContent { first } => format!("zelfde inhoud als {first}: één keer gelezen"),
        K::SheetSkipped { sheet, why } => match why {
            SheetSkip::NotBankExport => format!(
                "blad `{sheet}` overgeslagen: geen bankexport in \
                een bekend formaat"
            ),
            SheetSkip::NoHeader => format!(
                "blad `{sheet}` overgeslagen: geen kopregel met \
                bekende kolommen"
            ),
        },
        K::SheetUnreadable { sheet, error } => format!(
            "blad `{sheet}` overgeslagen: kan niet \
            worden gelezen ({error})"
        ),
        K::SheetNotRead { sheet, why } => {
            let text = sheet_flaw(why);
            format!("blad `{sheet}` niet gelezen: {text}")
        }
        K::CsvStopped(e) => format!("lezen van de csv gestopt: {e}"),
        K::NoHeader { expected } => format!(
            "geen kopregel met bekende kolommen gevonden \
            (verwacht kolommen zoals {expected})"
        ),
        K::MissingColumns { sheet, fields } => {
            let list = fields.iter().map(|f| field(*f)).collect::<Vec<_>>();
            format!(
                "verplichte kolommen ontbreken{}: {}",
                on_sheet(sheet),
                list.join(", ")
            )
        }
        K::NoSpecAmountColumn { sheet } => {
            format!("geen kolom vergoed of uitbetaald{}", on_sheet(sheet))
        }
        K::Unreadable { field: f, flaw: w } => format!("{}: {}", field(*f), flaw(w)),
        K::UnreadableLeftEmpty { field: f, flaw: w } => {
            format!("{}: {} (leeg gelaten)", field(*f), flaw(w))
        }
        K::Missing(f) => format!("{} ontbreekt", field(*f)),
        K::PaidToUnknown => "uitbetaald aan: noch de verzekerde noch de zorgaanbieder (leeg \
            gelaten)"
            .into(),
        K::BadClientIban => "iban van de cliënt heeft een verkeerd controlegetal of een verkeerde \
            lengte"
            .into(),
        K::CreditNoteNotNegative => "creditnota voor een andere factuur met een bedrag dat niet \
            negatief is"
            .into(),
        K::ColumnCount { expected, found } => format!(
            "{expected} kolommen verwacht, {found} \
            gevonden"
        ),
        K::DebitCreditUnknown => "bij/af-aanduiding wordt niet begrepen".into(),
        K::MinusAndIndicator => "bedrag heeft een minteken én een bij/af-aanduiding".into(),
        K::NotEuro(c) => format!("bedrag in {c}, niet in EUR: niet omgerekend"),
        K::SwiftLine(w) => {
            let text = swift(w);
            format!(":61:-regel niet te lezen: {text}")
        }
        K::EntryDateNoDate { month, day } => format!(
            "boekdatum {month:02}-{day:02} is geen \
            datum: valutadatum gebruikt"
        ),
        K::XmlBroken { why, entry_lost } => {
            let text = match why {
                XmlBreak::TooDeep { limit, line } => format!(
                    "elementen dieper genest dan {limit} op regel {line}: geen bankafschrift, \
                         de rest van het bestand is niet gelezen"
                ),
                XmlBreak::Truncated { open } => format!(
                    "bestand eindigt binnen <{open}>: \
                    afgebroken"
                ),
                XmlBreak::Malformed { line, error } => format!(
                    "ongeldige XML op regel {line}: \
                    {error}"
                ),
            };
            if *entry_lost {
                format!("{text}; de post die werd gelezen gaat verloren")
            } else {
                text
            }
        }
        K::EntryNotBooked(status) => format!(
            "post met status {status} is niet geboekt: \
            overgeslagen"
        ),
        K::EntryNoAmount => "post zonder bedrag".into(),
        K::EntryNested => "post binnen een andere post: de buitenste post is niet gelezen".into(),
        K::EntryAmountNotAmount => "bedrag van de post is geen bedrag".into(),
        K::EntryNoIndicator => "post zonder bij/af-aanduiding (CRDT of DBIT)".into(),
        K::EntryNoBookingDate => "post zonder leesbare boekdatum".into(),
        K::EntryValueDateUsed => "post zonder leesbare boekdatum: valutadatum gebruikt".into(),
        K::BatchDifference { known, total } => format!(
            "de transacties van de batch tellen op tot {known}, de post tot {total}: \
                 het verschil is op de laatste transactie gezet"
        ),
        K::BatchWithoutAmounts(n) => format!(
            "batchpost van {n} transacties zonder hun bedragen: \
            gelezen als één betaling"
        ),
        K::BalanceUnreadable => "saldo niet te lezen: de saldi van het afschrift worden niet \
            gecontroleerd"
            .into(),
        K::StatementBalanceUnreadable => "saldo van het afschrift niet te lezen: de saldi van het \
            afschrift worden niet gecontroleerd"
            .into(),
        K::BalanceOverflow => "saldo plus bedragen te groot om op te tellen: de saldi worden niet \
            gecontroleerd"
            .into(),
        K::NoClosingBalance => "saldo niet gecontroleerd: het afschrift heeft een beginsaldo maar \
            geen eindsaldo"
            .into(),
        K::NoOpeningBalance => "saldo niet gecontroleerd: het afschrift heeft een eindsaldo maar \
            geen beginsaldo"
            .into(),
        K::StatementGap { statement: s, gap } => format!(
            "saldo niet gecontroleerd voor {}: {} kon niet worden gelezen, dus de gelezen regels \
                 zijn niet met het eindsaldo te vergelijken",
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
                "saldo niet gecontroleerd voor {}: beginsaldo in {}, eindsaldo in {}",
                statement(s),
                cur(opening, "geen valuta"),
                cur(closing, "geen valuta")
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
                "1 regel".to_string()
            } else {
                format!("{lines} regels")
            };
            format!(
                "saldo sluit niet voor {}: beginsaldo {opening} + {count} ({sum}) = {expected} \
                     verwacht, eindsaldo {closing} gevonden (verschil {diff})",
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
                "saldo sluit niet op deze regel: beginsaldo {opening} + bedrag {amount} = \
                     {expected} verwacht, eindsaldo {closing} gevonden (verschil {diff})"
            )
        }
        K::ChainGap { earlier, gap } => format!(
            "saldo niet gecontroleerd tegen {}: {} daartussen kon niet worden gelezen",
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
            let when = if *after { "na" } else { "vóór" };
            format!(
                "saldo volgt niet uit de regel die in de tijd ervoor komt ({}, saldo {earlier_after} \
                     erna): saldo {when} deze regel {expected} verwacht, {found} gevonden (verschil {diff})",
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
                "de afschriften van rekening {account} verschillen in het saldo bij het begin van {day}, \
                     de eerste dag die beide bevatten: {balance} in dit bestand, {earlier_balance} in {earlier} \
                     (verschil {diff})"
            )
        }
        K::CreditPositive => {
            "regel noemt een factuur die hij crediteert maar heeft een positief bedrag; \
             geboekt als eigen factuur"
                .into()
        }
        K::NoInvoiceNumber => "factuur heeft geen nummer".into(),
        K::DuplicateInvoice { first } => format!("dubbel factuurnummer: al geboekt uit {first}"),
        K::CreditUnknownInvoice => "creditnota voor een onbekende factuur".into(),
        K::SpecNoNumber => "bedragen zonder factuur- of declaratienummer".into(),
        K::SpecRejected(w) => {
            let text = match w {
                SpecFlaw::DoesNotAddUp {
                    reimbursed: r,
                    paid_out: p,
                    deductible: d,
                    co_payment: c,
                    sum,
                } => format!(
                    "vergoed {r} is niet uitbetaald {p} + eigen risico {d} + eigen bijdrage \
                            {c} = {sum}"
                ),
                SpecFlaw::NoAmount => "geen vergoed en geen uitbetaald bedrag".into(),
            };
            format!("specificatieregel afgewezen: {text}")
        }
        K::SpecNoInvoice => "specificatieregel noemt geen factuur".into(),
        K::SpecUnknownInvoice => "specificatieregel voor een onbekende factuur".into(),
        K::AgentUnknownForFile { configured } => format!(
            "overzicht van een incassobureau niet gelezen: er zijn meerdere incassobureaus \
                 ingesteld ({}); zet het bestand in agents/ in een map met de naam van het \
                 incassobureau",
            configured.join(", ")
        ),
        K::AgentNoDate => {
            "regel van het incassobureau met een ontvangen bedrag maar zonder ontvangst- of \
             uitbetaaldatum"
                .into()
        }
        K::AgentNoInvoice => {
            "regel van het incassobureau met een ontvangen bedrag maar zonder factuurnummer of \
             betalingskenmerk"
                .into()
        }
        K::AgentUnknownInvoice { agent } => format!(
            "{agent} meldt een ontvangst voor een onbekende factuur: het bedrag blijft een \
                 niet-toegewezen ontvangst"
        ),
        K::AgentPayoutDiffers {
            agent,
            batch,
            expected,
            paid,
        } => format!(
            "uitbetaling van {agent} wijkt af van uitbetaling {batch} op het overzicht: \
                 overzicht {expected}, bank {paid}"
        ),
        K::AgentStatementMissing { agent, paid } => format!(
            "uitbetaling van {agent} ({paid}) zonder overzicht: het overzicht ontbreekt in \
                 agents/"
        ),
        K::AgentBatchOverdue {
            agent,
            batch,
            amount,
            days,
        } => format!(
            "uitbetaling {batch} van {agent} ({amount}) staat {days} dagen na de \
                 uitbetaaldatum nog niet op de bank"
        ),
        K::DeductibleCap {
            client,
            year,
            total,
            cap,
        } => format!(
            "ingehouden eigen risico voor deze cliënt in één kalenderjaar is hoger dan het \
                 jaarlijkse maximum ({client} {year}: {total}, maximum {cap})"
        ),
        K::DeclaredDiffers { declared, net } => format!(
            "gedeclareerd bedrag wijkt af van het nettobedrag van de factuur (gedeclareerd \
                 {declared}, netto {net})"
        ),
        K::SpecDuplicate { first } => format!(
            "zelfde specificatieregel als in {first}: één keer \
            geteld"
        ),
        K::OverrideNoPaymentId => "correctie zonder betalings-id".into(),
        K::OverrideNoInvoice => "correctie zonder factuurnummer (schrijf `ignore` om de betaling \
            te negeren)"
            .into(),
        K::OverrideNotRead => "correctie niet gelezen".into(),
        K::OverrideUnknownPayment => "correctie noemt een onbekende betaling".into(),
        K::OverrideAmountNotPositive => "bedrag van de correctie moet positief zijn".into(),
        K::OverrideUnknownInvoice => "correctie noemt een onbekende factuur".into(),
        K::OverrideIgnoreAndAllocate => "correctie negeert deze betaling én wijst haar toe; ze \
            wordt genegeerd"
            .into(),
        K::OverrideExceedsPayment { wanted, left } => format!(
            "bedrag van de correctie ({wanted}) is hoger dan wat er van de betaling over is \
                 ({left}); ze krijgt wat er over is"
        ),
        K::NoDecisionsFound => {
            "geen beslissingen gevonden: geen blad met Betaling/Payment id en Beslissing/Decision, \
             of Factuurnummer/Invoice number en Afboeken/Write off"
                .into()
        }
        K::DecisionMissing => "een bedrag of notitie zonder beslissing: op deze regel wordt niets \
            beslist"
            .into(),
        K::DecisionNoPaymentId => "beslissing zonder betalings-id".into(),
        K::DecisionNotRead => "beslissing niet gelezen".into(),
        K::WriteOffNoInvoice => "afboekbeslissing zonder factuurnummer".into(),
        K::Decision(w) => decision(w),
    }
}

/// Why a decision was not read or applied.
fn decision(w: &DecisionFlaw) -> String {
    use DecisionFlaw as D;
    match w {
        D::IgnoreWithInvoices => {
            "beslissing: negeren/ignore kan niet samen met factuurnummers".into()
        }
        D::NoInvoiceNumber => "beslissing: geen factuurnummer in de beslissing".into(),
        D::WriteOffNotWord(v) => format!("afboeken: `{v}` is geen nee/no (aanhouden) of ja/yes"),
        D::WriteOffNotUnderstood(v) => format!(
            "afboeken: `{v}` wordt niet begrepen; schrijf nee of no (eventueel met de reden) \
                 om het afboeken aan te houden"
        ),
        D::Conflict(other) => format!(
            "anders beslist bij {other}; geen van beide beslissingen \
            wordt toegepast"
        ),
        D::Overridden(other) => format!(
            "overrides.csv beslist anders over deze betaling ({other}); deze beslissing wordt \
                 niet toegepast"
        ),
        D::UnknownPayment => "beslissing noemt een betaling die niet (meer) in de bankbestanden \
            staat; niet toegepast"
            .into(),
        D::UnknownInvoice(n) => format!(
            "beslissing noemt een onbekende factuur {n}; niet \
            toegepast"
        ),
        D::AmountAbovePayment { amount, payment } => format!(
            "bedrag van de beslissing {amount} \
            is hoger dan de betaling {payment}; niet toegepast"
        ),
        D::AmountNotPositive(a) => format!(
            "bedrag van de beslissing {a} moet positief zijn; niet \
            toegepast"
        ),
        D::AmountWithIgnore => "negeren/ignore neemt de hele betaling: daar kan geen bedrag bij; \
            niet toegepast"
            .into(),
    }
}

/// Why a file was not read.
fn refusal(r: &Refusal) -> String {
    use Refusal as R;
    match r {
        R::Io(e) => format!("bestand kan niet worden gelezen: {e}"),
        R::ReaderStopped => "lezer onverwacht gestopt".into(),
        R::UnknownBankFormat => "geen bankexport in een bekend formaat".into(),
        R::BinaryBankFile => "geen bankexport in een bekend formaat (binaire inhoud)".into(),
        R::NoBankSheet { format } => format!(
            "geen bankexport in een bekend formaat: geen blad van dit {format}-bestand heeft de \
                kolommen van een bankexport"
        ),
        R::BankWithoutHeader { format } => format!("{format}-export zonder kopregel"),
        R::BankWithoutColumns { format } => format!("{format}-export zonder de verwachte kolommen"),
        R::FirstLineTooLong { limit } => {
            format!("geen tabel: de eerste regel is langer dan {limit} bytes")
        }
        R::Binary => "geen spreadsheet of CSV-bestand (binaire inhoud)".into(),
        R::Damaged => "de spreadsheet is beschadigd (de lezer gaf het op)".into(),
        R::DamagedPart { part } => {
            let text = match part {
                CompoundPart::Header => "kop",
                CompoundPart::SectorSize => "sectorgrootte",
                CompoundPart::FatCount => "aantal FAT-sectoren",
                CompoundPart::MiniFatCount => "aantal mini-FAT-sectoren",
                CompoundPart::DifatCount => "aantal DIFAT-sectoren",
                CompoundPart::SectorChain => "sectorketen",
                CompoundPart::FatList => "lijst van FAT-sectoren",
            };
            format!("de spreadsheet is beschadigd: de {text} past niet bij het bestand")
        }
        R::PasswordProtected => {
            "de werkmap is met een wachtwoord beveiligd en kan niet worden gelezen: sla een kopie \
             zonder wachtwoord op (in Excel: Bestand, Info, Werkmap beveiligen, Versleutelen met \
             wachtwoord, leegmaken) en zet die kopie ervoor in de plaats"
                .into()
        }
        R::NotASpreadsheet(e) => format!("geen leesbare spreadsheet: {e}"),
        R::DecompressionBomb { part, size, packed } => format!(
            "de spreadsheet lijkt een decompressiebom: onderdeel `{part}` wordt van {packed} \
                bytes uitgepakt tot {size}"
        ),
        R::UnpacksTooLarge { size, limit } => format!(
            "de spreadsheet wordt uitgepakt tot {size} bytes, meer dan de grens van {limit}"
        ),
        R::SharedStringsTooLarge { size, limit } => format!(
            "de gedeelde teksten van de spreadsheet worden uitgepakt tot {size} bytes, meer dan \
                de grens van {limit}"
        ),
        R::SharedStringsDamaged { count, size } => format!(
            "de spreadsheet is beschadigd: ze kondigt {count} gedeelde teksten aan in {size} bytes"
        ),
        R::TooManyCells { cells, limit } => format!(
            "de spreadsheet is te groot: de bladen beslaan {cells} cellen, meer dan de grens van \
                {limit}"
        ),
        R::NestedTooDeep { limit } => format!("niet gelezen: dieper genest dan {limit} niveaus"),
        R::TooManySheets { limit } => {
            format!("niet gelezen: meer dan {limit} tabellen of werkbladen in één bestand")
        }
        R::NoSheet => "een HTML-pagina of Excel 2003 XML-werkmap zonder tabel of werkblad".into(),
        R::MalformedXml { line, error } => format!("ongeldige XML op regel {line}: {error}"),
    }
}

/// Why a sheet was not read.
fn sheet_flaw(w: &SheetFlaw) -> String {
    match w {
        SheetFlaw::TooManyCells { limit } => format!("blad te groot: meer dan {limit} cellen"),
        SheetFlaw::TooManyMergedCells { limit } => {
            format!("te groot (meer dan {limit} cellen met de samengevoegde gebieden)")
        }
        SheetFlaw::CellOutOfBounds { row, col } => format!(
            "een cel ligt voorbij de laatste rij of kolom die een blad kan hebben (rij {row}, \
                kolom {col})"
        ),
        SheetFlaw::RowTooWide { limit } => {
            format!("een rij is breder dan de {limit} kolommen die een blad kan hebben")
        }
        SheetFlaw::Unreadable(e) => e.clone(),
    }
}

/// Why a `:61:` line cannot be read.
fn swift(w: &SwiftFlaw) -> String {
    match w {
        SwiftFlaw::NoValueDate => "geen valutadatum".into(),
        SwiftFlaw::BadValueDate(d) => format!("valutadatum {d} is geen datum"),
        SwiftFlaw::NoDebitCredit => "geen bij/af-teken (C, D, RC of RD)".into(),
        SwiftFlaw::NoAmount => "geen bedrag".into(),
        SwiftFlaw::AmountNotNumber(t) => format!("bedrag {t:?} is geen getal"),
        SwiftFlaw::AmountTooLarge(t) => {
            format!("bedrag {t:?} is te groot (duizend miljard euro of meer)")
        }
        SwiftFlaw::UnconfirmedLowerCaseMark(m) => format!(
            "bij/af-teken '{m}' in kleine letter (SWIFT schrijft C, D, RC of RD), en de saldi van \
                het afschrift bevestigen het niet"
        ),
    }
}

/// The name of a field.
fn field(f: Field) -> &'static str {
    use Field as F;
    match f {
        F::InvoiceNumber => "factuurnummer",
        F::ClientId => "cliëntnummer",
        F::ClientName => "naam cliënt",
        F::Amount => "bedrag",
        F::InvoiceDate => "factuurdatum",
        F::DueDate => "vervaldatum",
        F::Insurer => "zorgverzekeraar",
        F::ClientIban => "iban cliënt",
        F::PaymentReference => "betalingskenmerk",
        F::CreditFor => "creditnota voor",
        F::DeclarationNumber => "declaratienummer",
        F::Declared => "gedeclareerd",
        F::Reimbursed => "vergoed",
        F::Deductible => "eigen risico",
        F::CoPayment => "eigen bijdrage",
        F::PaidOut => "uitbetaald",
        F::CareDate => "zorgdatum",
        F::PaymentDate => "betaaldatum",
        F::Date => "datum",
        F::BookingDate => "boekdatum",
        F::TransactionDate => "transactiedatum",
        F::PaymentId => "betalings-id",
        F::DecisionAmount => "bedrag van de beslissing",
        F::Decision => "beslissing",
        F::Agent => "incassobureau",
        F::Received => "ontvangen",
        F::ReceivedDate => "ontvangstdatum",
        F::Fee => "kosten",
        F::Payout => "uitbetaling",
        F::PayoutDate => "uitbetaaldatum",
    }
}

/// Why a value could not be read.
fn flaw(w: &Flaw) -> String {
    match w {
        Flaw::NumberNotAmount => "getal is geen bedrag".into(),
        Flaw::AmbiguousAmount => {
            "dubbelzinnig bedrag: `.` of `,` kan duizendtallen of decimalen scheiden".into()
        }
        Flaw::NotAnAmount => "geen bedrag".into(),
        Flaw::AmountTooLarge => "bedrag te groot (duizend miljard euro of meer)".into(),
        Flaw::EmptyAmount => "leeg bedrag".into(),
        Flaw::DateOutOfRange => {
            "datum buiten bereik (een tijdstip, of een tikfout in het jaar)".into()
        }
        Flaw::NotADate => "geen datum".into(),
        Flaw::NumberNotPlausibleDate => "getal is geen aannemelijke datum".into(),
        Flaw::NumberTooLong => "getal te lang om exact te zijn: sla dit nummer op als tekst".into(),
        Flaw::NumberWithDecimals => "getal met decimalen waar een nummer wordt verwacht".into(),
        Flaw::Unexpected { found, expected } => {
            let expected = match expected {
                Expected::Amount => "een bedrag",
                Expected::Date => "een datum",
                Expected::Identifier => "een nummer",
            };
            let found = match found {
                Found::Date => "een datum".to_string(),
                Found::Bool => "een waar/onwaar-waarde".into(),
                Found::FormulaError(e) => {
                    format!("formulefout {e}")
                }
            };
            format!("{found} waar {expected} wordt verwacht")
        }
    }
}

/// ` op blad `naam`` when the file has sheets.
fn on_sheet(sheet: &Option<String>) -> String {
    match sheet {
        None => String::new(),
        Some(n) => format!(" op blad `{n}`"),
    }
}

/// How a statement is named.
fn statement(s: &Statement) -> String {
    match s {
        Statement::Lines { from, to } => format!("het afschrift van regels {from}–{to}"),
        Statement::Number(n) => format!("afschrift {n} van het bestand"),
    }
}

/// A place in the same file: `regel 12`, else as the source displays.
fn place(source: &Source) -> String {
    match &source.loc {
        Loc::Line(n) => format!("regel {n}"),
        _ => source.to_string(),
    }
}
