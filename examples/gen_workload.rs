//! Workload generator for the zorgrecon benchmark (`benches/run.sh`).
//!
//! ```text
//! cargo run --release --example gen_workload -- --out DIR [--scale F] [--seed N] [--typical] [--agents]
//! ```
//!
//! Writes an input folder in the layout of docs/inputs.md (`invoices/`, `bank/`,
//! `specs/`, `zorgrecon.toml`) in the banks' real export formats (docs/inputs.md), so
//! that a benchmark measures the job on what a billing agent's night looks
//! like. At scale 1.0 (BENCHMARKS.md): 200,000 register rows for ~60,000
//! clients, 1,000,000 bank lines in ING CSV, Rabobank CSV, CAMT.053, MT940
//! and generic CSV files, and 200,000 specification lines in xlsx workbooks.
//! `--typical` writes a typical night instead: 5,000 invoices and 30,000
//! bank lines.
//!
//! `--agents` sends a third of the clients' invoices through a billing
//! agent: their payments leave the bank exports and
//! become receipts on the agent's weekly statements in `agents/` (monthly
//! files, CSV with title and totals rows and xlsx with a sheet per batch,
//! fees per receipt and per batch), the agent's payouts come into the ING
//! account from its own IBAN, the register gains an `Incassobureau` column
//! and `zorgrecon.toml` an `[agents."Infomedics"]` table. Without it the
//! output is byte for byte what it was before the option existed.
//!
//! The data is built for matching, not only for reading: most client
//! credits name an invoice (some with a typo, some only by payment
//! reference), some pay by IBAN alone (exact, two invoices at once, in
//! instalments), insurers pay declarations directly, payments bounce, some
//! clients pay twice and get a refund, and the rest of the account is rent,
//! salaries, suppliers, municipalities, interest and card payments. A few
//! days overlap between consecutive exports of the same account, so the job
//! meets duplicates.
//!
//! Output is a pure function of the seed and the sizes: a small splitmix64
//! generator drives every choice, and the text of each bank line is derived
//! from its event only. `workload.txt` in the output folder records what was
//! written (the job does not read it; `bare_read` and `run.sh` do).

// Amounts in cents are written as euros_cents (`385_00` is EUR 385.00).
#![allow(clippy::inconsistent_digit_grouping)]

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// Bump when the output for a given seed and scale changes, so that
/// `run.sh` regenerates cached workloads.
const GENERATOR_VERSION: u32 = 1;

/// First day of the bank period and of the invoice register.
const START: (i32, u32, u32) = (2025, 11, 1);
/// Last booking day; the benchmark runs `--as-of 2026-11-20`.
const END: (i32, u32, u32) = (2026, 11, 19);
/// Last invoice date.
const LAST_INVOICE: (i32, u32, u32) = (2026, 10, 31);

const NONE: u32 = u32::MAX;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_workload: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let args = Args::parse(std::env::args().skip(1))?;
    let t0 = Instant::now();
    let m = generate(&args)?;
    eprintln!(
        "gen_workload: {} invoices, {} bank lines in {} files ({} duplicates), {} spec lines in {} workbooks -> {} ({:.1} s)",
        m.invoices,
        m.bank_lines,
        m.bank_files,
        m.bank_duplicates,
        m.spec_lines,
        m.spec_workbooks,
        args.out.display(),
        t0.elapsed().as_secs_f64()
    );
    if args.agents {
        eprintln!(
            "gen_workload: {} agent receipts in {} batches ({} paid out) in {} statements",
            m.agent_receipts, m.agent_batches, m.agent_payouts, m.agent_files
        );
    }
    Ok(())
}

/// Command line.
struct Args {
    out: PathBuf,
    scale: f64,
    seed: u64,
    typical: bool,
    agents: bool,
}

impl Args {
    fn parse(mut it: impl Iterator<Item = String>) -> anyhow::Result<Args> {
        let mut out = None;
        let mut scale = 1.0;
        let mut seed = 1;
        let mut typical = false;
        let mut agents = false;
        while let Some(a) = it.next() {
            match a.as_str() {
                "--out" => out = it.next().map(PathBuf::from),
                "--scale" => {
                    let v = it.next().unwrap_or_default();
                    scale = v.parse().with_context(|| format!("bad --scale {v:?}"))?;
                }
                "--seed" => {
                    let v = it.next().unwrap_or_default();
                    seed = v.parse().with_context(|| format!("bad --seed {v:?}"))?;
                }
                "--typical" => typical = true,
                "--agents" => agents = true,
                "-h" | "--help" => {
                    println!(
                        "usage: gen_workload --out DIR [--scale F] [--seed N] [--typical] [--agents]"
                    );
                    std::process::exit(0);
                }
                other => bail!("unknown argument {other:?}"),
            }
        }
        let Some(out) = out else {
            bail!("--out DIR is required")
        };
        if !(scale > 0.0 && scale <= 100.0) {
            bail!("--scale must be in (0, 100]");
        }
        Ok(Args {
            out,
            scale,
            seed,
            typical,
            agents,
        })
    }
}

/// How much to write.
#[derive(Clone, Copy, Debug)]
struct Sizes {
    clients: usize,
    invoices: usize,
    bank_lines: usize,
    spec_lines: usize,
}

impl Sizes {
    /// BENCHMARKS.md's reference workload times `scale`.
    fn scaled(scale: f64) -> Sizes {
        let n = |full: f64, min: usize| ((full * scale).round() as usize).max(min);
        Sizes {
            clients: n(60_000.0, 10),
            invoices: n(200_000.0, 30),
            bank_lines: n(1_000_000.0, 200),
            spec_lines: n(200_000.0, 20),
        }
    }

    /// A typical night of one provider.
    fn typical() -> Sizes {
        Sizes {
            clients: 1_500,
            invoices: 5_000,
            bank_lines: 30_000,
            spec_lines: 5_000,
        }
    }
}

/// What was written, for `workload.txt`.
#[derive(Debug, Default)]
struct Manifest {
    clients: usize,
    invoices: usize,
    credit_notes: usize,
    bank_lines: usize,
    bank_duplicates: usize,
    bank_files: usize,
    spec_lines: usize,
    spec_workbooks: usize,
    client_payments: usize,
    insurer_payments: usize,
    /// With `--agents`: receipts on the statements, batches, payouts in the
    /// bank and statement files.
    agent_receipts: usize,
    agent_batches: usize,
    agent_payouts: usize,
    agent_files: usize,
}

// ---------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast and good enough to pick test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x005E_ED0F_2025_u64)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// The splitmix64 finaliser; also a stateless hash for derived values.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

// ---------------------------------------------------------------------------
// Identifiers

/// A Dutch IBAN with a correct mod-97 check for bank code and account.
fn iban(bank: &str, account: u64) -> String {
    let bban = format!("{bank}{:010}", account % 10_000_000_000);
    let mut rem: u64 = 0;
    for c in bban.chars().chain("NL00".chars()) {
        let v = match c {
            '0'..='9' => u64::from(c as u8 - b'0'),
            _ => u64::from(c as u8 - b'A') + 10,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("NL{:02}{bban}", 98 - rem)
}

/// BIC for the Dutch bank code inside an IBAN.
fn bic_of(iban: &str) -> &'static str {
    match iban.get(4..8) {
        Some("INGB") => "INGBNL2A",
        Some("RABO") => "RABONL2U",
        Some("ABNA") => "ABNANL2A",
        Some("SNSB") => "SNSBNL2A",
        Some("ASNB") => "ASNBNL21",
        Some("TRIO") => "TRIONL2U",
        Some("BUNQ") => "BUNQNL2A",
        Some("KNAB") => "KNABNL2H",
        Some("RBRB") => "RBRBNL21",
        Some("BNGH") => "BNGHNL2G",
        _ => "",
    }
}

const CLIENT_BANKS: [&str; 9] = [
    "INGB", "INGB", "INGB", "RABO", "RABO", "ABNA", "SNSB", "ASNB", "BUNQ",
];

/// A 16-digit betalingskenmerk with a correct check digit (docs/matching.md).
fn kenmerk16(rng: &mut Rng) -> String {
    let body: Vec<u8> = (0..15).map(|_| rng.below(10) as u8).collect();
    const W: [u32; 10] = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1];
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * W[i % 10])
        .sum();
    let c = match 11 - sum % 11 {
        10 => 1,
        11 => 0,
        c => c,
    };
    let mut s = String::with_capacity(16);
    s.push(char::from(b'0' + c as u8));
    s.extend(body.iter().map(|d| char::from(b'0' + d)));
    s
}

// ---------------------------------------------------------------------------
// Names and fixed parties

const SURNAMES: [&str; 72] = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "van der Wal",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
    "Kuipers",
    "van Wijk",
    "Post",
    "Kramer",
    "Öztürk",
    "Çelik",
    "Kaya",
    "El Amrani",
    "Bouzid",
    "Ramdin",
    "Nguyen",
    "Sánchez",
    "Müller",
    "Noël",
    "Hüsken",
    "Ferreira",
    "Sijtsma",
    "Boßhardt",
    "Ñúñez",
    "Janssens",
    "Ramdas",
];

/// Initials drawn for names; common Dutch first letters weigh more.
const INITIALS: &[u8] = b"AAABCDEEFGHHIJJJJKLMMMNPPRRSSTWWY";

const CITIES: [&str; 10] = [
    "Utrecht",
    "Amersfoort",
    "Zeist",
    "Nieuwegein",
    "Houten",
    "'s-Hertogenbosch",
    "Den Haag",
    "Leusden",
    "IJsselstein",
    "Woerden",
];

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// (name, description stem) of suppliers the provider pays.
const SUPPLIERS: [(&str, &str); 16] = [
    ("Medireva BV", "Factuur MR-"),
    ("Vegro Zorgwinkel", "Order VG"),
    ("KPN B.V.", "Factuurnr KPN"),
    ("Eneco Zakelijk", "Voorschot energie "),
    ("Vitens NV", "Waterrekening "),
    ("Nedap Healthcare", "Licentie ONS "),
    ("Staples Nederland", "INV-"),
    ("Jansen & Zn Installatietechniek", "Werkbon "),
    ("Athlon Car Lease", "Leasetermijn "),
    ("Coolblue Zakelijk", "Bestelling "),
    ("Hartman Schoonmaak", "Factuur HS-"),
    ("Achmea Schadeverzekeringen", "Polis "),
    ("Ziggo Zakelijk", "Klantnummer "),
    ("Drukkerij de Eendracht", "Drukwerk "),
    ("Zorgkantoor Advies BV", "Declaratie advies "),
    ("Thuiszorgwinkel Sanitas", "Bon "),
];

const SHOPS: [&str; 8] = [
    "Albert Heijn 1234",
    "Jumbo Zeist",
    "Shell Utrecht A12",
    "Kruidvat 5521",
    "Action Nieuwegein",
    "HEMA Amersfoort",
    "Q-Park Utrecht",
    "Praxis Houten",
];

const RETURN_REASONS: [(&str, &str); 3] = [
    ("AC04", "Rekening opgeheven"),
    ("AC01", "Rekeningnummer onjuist"),
    ("MS03", "Reden niet gespecificeerd"),
];

/// A health insurer: how it is named, pays and lays out its spreadsheets.
struct Insurer {
    name: &'static str,
    payer: &'static str,
    slug: &'static str,
    layout: Layout,
    iban: String,
}

/// The spreadsheet layouts of `specs/` (three people typed them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Layout {
    /// Title rows, the brief's column set, one sheet per quarter, real dates
    /// and numbers.
    Quarterly,
    /// Declaration numbers, other column names and order, `Uitbetaald aan`.
    Declarations,
    /// Text amounts (`€ 1.234,56`), text dates, a totals row.
    TextAmounts,
}

fn insurers() -> Vec<Insurer> {
    let spec: [(&str, &str, &str, Layout); 9] = [
        (
            "Zilveren Kruis",
            "Zilveren Kruis Zorgverzekeringen NV",
            "zilveren-kruis",
            Layout::Quarterly,
        ),
        ("VGZ", "Coöperatie VGZ UA", "vgz", Layout::Declarations),
        ("CZ", "CZ Zorgverzekeringen", "cz", Layout::TextAmounts),
        (
            "Menzis",
            "Menzis Zorgverzekeraar NV",
            "menzis",
            Layout::Quarterly,
        ),
        ("DSW", "DSW Zorgverzekeraar UA", "dsw", Layout::Declarations),
        (
            "ONVZ",
            "ONVZ Ziektekostenverzekeraar",
            "onvz",
            Layout::Quarterly,
        ),
        (
            "a.s.r.",
            "ASR Basis Ziektekosten NV",
            "asr",
            Layout::TextAmounts,
        ),
        (
            "Zorg en Zekerheid",
            "Zorg en Zekerheid Zorgverzekeringen",
            "zorg-en-zekerheid",
            Layout::Declarations,
        ),
        (
            "Salland",
            "Salland Zorgverzekeringen",
            "salland",
            Layout::TextAmounts,
        ),
    ];
    spec.iter()
        .enumerate()
        .map(|(i, (name, payer, slug, layout))| Insurer {
            name,
            payer,
            slug,
            layout: *layout,
            iban: iban(
                if i % 2 == 0 { "ABNA" } else { "INGB" },
                411_111_111 + i as u64 * 11_111_111,
            ),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The world: clients, invoices, specifications

struct Client {
    id: String,
    initials: String,
    surname: &'static str,
    partner: &'static str,
    female: bool,
    insurer: u8,
    /// The accounts the client really pays from.
    ibans: Vec<String>,
    /// How many of `ibans` the register lists (0, 1 or 2).
    listed: u8,
    /// The register writes the IBANs in groups of four.
    spaced: bool,
}

impl Client {
    fn name(&self) -> String {
        format!("{} {}", self.initials, self.surname)
    }
}

struct Invoice {
    number: String,
    client: u32,
    date: NaiveDate,
    due: Option<NaiveDate>,
    /// Cents; negative for a credit note.
    amount: i64,
    kenmerk: Option<String>,
    /// For a credit note: the invoice it reduces.
    credit_for: u32,
    /// Sum of the credit notes on this invoice (positive cents).
    credited: i64,
}

struct SpecLine {
    invoice: u32,
    care_date: NaiveDate,
    declared: i64,
    reimbursed: i64,
    deductible: i64,
    to_provider: bool,
    declaration: u32,
}

/// A declaration the insurer pays the provider directly (cessie).
struct Declaration {
    number: u32,
    insurer: u8,
    amount: i64,
    date: NaiveDate,
    /// Invoice of the single line, or NONE for several lines.
    single_invoice: u32,
}

// ---------------------------------------------------------------------------
// Bank events

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    ClientPay,
    Return,
    Refund,
    InsurerPay,
    Interest,
    OwnIn,
    OwnOut,
    OtherCredit,
    Salary,
    Tax,
    Rent,
    Supplier,
    Card,
    BankCost,
    Pension,
    /// A billing agent's payout of a weekly batch (`--agents`): `a` is the
    /// payout's ISO week, `b` its year.
    AgentPayout,
}

/// How a client payment points at its invoice(s).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// The invoice number in the description.
    Plain,
    /// The invoice number with one typing error.
    Typo,
    /// Only the betalingskenmerk, in the structured field where there is one.
    Kenmerk,
    /// No reference; from an IBAN the register lists.
    IbanOnly,
    /// Two invoice numbers in one description.
    Two,
    /// Two invoices at once, no reference.
    IbanTwo,
    /// No reference, from an account nobody knows (a suggestion by name).
    NameOnly,
    /// Not a client payment.
    Other,
}

/// One bank line before it has text. Text is derived from these fields only,
/// so a line repeated in an overlapping export is byte-identical.
#[derive(Clone, Copy, Debug)]
struct Ev {
    day: u16,
    acct: u8,
    kind: Kind,
    mode: Mode,
    /// Cents, signed: positive is a credit to the provider.
    amount: i64,
    a: u32,
    b: u32,
    /// Variant bits: name form, account, template, reason.
    v: u32,
    /// Order within the day.
    ord: u32,
    /// Balance after this line (cents).
    bal: i64,
    /// Per-account sequence number.
    seq: u32,
    noise: bool,
    /// A transfer to or from savings that keeps the balance positive; its
    /// amount is set once all other lines are known.
    treasury: bool,
    removed: bool,
}

impl Ev {
    fn new(day: u16, acct: u8, kind: Kind, amount: i64, v: u32) -> Ev {
        Ev {
            day,
            acct,
            kind,
            mode: Mode::Other,
            amount,
            a: NONE,
            b: NONE,
            v,
            ord: 0,
            bal: 0,
            seq: 0,
            noise: false,
            treasury: false,
            removed: false,
        }
    }
}

/// The provider's accounts, one export format each.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fmt {
    Ing,
    Rabobank,
    Camt,
    Mt940,
    Generic,
}

struct Account {
    fmt: Fmt,
    iban: String,
    /// Share of the bank lines.
    weight: u32,
    /// Number of export files.
    files: usize,
    /// Consecutive exports overlap by one booking day.
    overlap: bool,
    opening: i64,
}

fn accounts() -> Vec<Account> {
    vec![
        Account {
            fmt: Fmt::Ing,
            iban: iban("INGB", 1_234_567),
            weight: 30,
            files: 4,
            overlap: true,
            opening: 184_250_00,
        },
        Account {
            fmt: Fmt::Rabobank,
            iban: iban("RABO", 123_456_789),
            weight: 25,
            files: 3,
            overlap: true,
            opening: 96_400_00,
        },
        Account {
            fmt: Fmt::Camt,
            iban: iban("ABNA", 501_234_567),
            weight: 20,
            files: 4,
            overlap: true,
            opening: 251_000_00,
        },
        Account {
            fmt: Fmt::Mt940,
            iban: iban("INGB", 7_654_321),
            weight: 15,
            files: 2,
            overlap: false,
            opening: 42_317_55,
        },
        Account {
            fmt: Fmt::Generic,
            iban: iban("BUNQ", 2_059_118_833),
            weight: 10,
            files: 2,
            overlap: false,
            opening: 12_000_00,
        },
    ]
}

/// Everything generated, shared by the writers.
struct World {
    seed: u64,
    days: Vec<NaiveDate>,
    clients: Vec<Client>,
    invoices: Vec<Invoice>,
    specs: Vec<SpecLine>,
    decls: Vec<Declaration>,
    insurers: Vec<Insurer>,
    employees: Vec<(String, String)>,
    accounts: Vec<Account>,
    savings: String,
}

/// A bank line's text, ready for any format.
struct Line {
    name: String,
    iban: String,
    desc: String,
    kenmerk: String,
    ret: Option<(&'static str, &'static str)>,
    e2e: String,
}

fn ymd(t: (i32, u32, u32)) -> NaiveDate {
    // The constants above are valid dates.
    NaiveDate::from_ymd_opt(t.0, t.1, t.2).unwrap_or_default()
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl World {
    fn day_of(&self, d: NaiveDate) -> Option<u16> {
        let i = (d - self.days[0]).num_days();
        (0..self.days.len() as i64).contains(&i).then_some(i as u16)
    }

    /// The booking day for a date: the next working day, or the previous
    /// one at the end of the period; None after the period.
    fn booking_day(&self, d: NaiveDate) -> Option<u16> {
        let mut d = d.max(self.days[0]);
        while is_weekend(d) {
            d += Duration::days(1);
        }
        if d > *self.days.last()? {
            return None;
        }
        self.day_of(d)
    }

    fn random_day(&self, rng: &mut Rng) -> u16 {
        loop {
            let i = rng.below(self.days.len() as u64) as usize;
            if !is_weekend(self.days[i]) {
                return i as u16;
            }
        }
    }

    /// Day `dom` (or the next working day) of a random month of the period.
    fn monthly_day(&self, rng: &mut Rng, dom: u32) -> Option<u16> {
        let first = self.days[0];
        let m = rng.below(13) as u32;
        let (y, mo) = {
            let t = first.month0() + m;
            (first.year() + (t / 12) as i32, t % 12 + 1)
        };
        let d = NaiveDate::from_ymd_opt(y, mo, dom)?;
        self.booking_day(d)
    }
}

fn family_iban(seed: u64, client: u32, salt: u64) -> String {
    let h = mix64(seed ^ (u64::from(client) << 8) ^ salt ^ 0x00FA_4117);
    iban(CLIENT_BANKS[(h % 9) as usize], h >> 8)
}

fn make_clients(rng: &mut Rng, n: usize, n_insurers: usize) -> Vec<Client> {
    let mut out: Vec<Client> = Vec::with_capacity(n);
    for i in 0..n {
        let parts = if rng.chance(0.3) { 2 } else { 1 };
        let mut initials = String::new();
        for _ in 0..parts {
            initials.push(char::from(rng.pick(INITIALS)));
            initials.push('.');
        }
        let mut ibans = vec![iban(
            rng.pick(&CLIENT_BANKS),
            rng.below(9_000_000_000) + 100_000_000,
        )];
        if rng.chance(0.07) {
            ibans.push(iban(
                rng.pick(&CLIENT_BANKS),
                rng.below(9_000_000_000) + 100_000_000,
            ));
        }
        // Spouses who are both in care pay from one joint account.
        if i > 0 && rng.chance(0.01) {
            ibans[0] = out[i - 1].ibans[0].clone();
        }
        let listed = if rng.chance(0.08) {
            0
        } else {
            ibans.len() as u8
        };
        out.push(Client {
            id: format!("CL{:06}", i + 1),
            initials,
            surname: rng.pick(&SURNAMES),
            partner: rng.pick(&SURNAMES),
            female: rng.chance(0.62),
            insurer: rng.below(n_insurers as u64) as u8,
            ibans,
            listed,
            spaced: rng.chance(0.05),
        });
    }
    out
}

const TARIFFS: [i64; 5] = [59_60, 64_80, 68_15, 71_25, 75_00];

fn make_invoices(rng: &mut Rng, n: usize, n_clients: usize) -> Vec<Invoice> {
    let first = ymd(START);
    let span = (ymd(LAST_INVOICE) - first).num_days().max(1);
    let width = (n.to_string().len()).max(6);
    let mut out: Vec<Invoice> = Vec::with_capacity(n);
    for k in 0..n {
        let date = first + Duration::days(k as i64 * span / n as i64);
        let number = format!("{}-{:0width$}", date.year(), k + 1);
        let due = rng.chance(0.8).then(|| date + Duration::days(30));
        // A credit note corrects a recent invoice that has none yet.
        if k > 20 && rng.chance(0.015) {
            let back = rng.range(1, 200.min(k as i64 - 1)) as usize;
            let orig = k - back;
            if out[orig].credit_for == NONE && out[orig].credited == 0 {
                let full = out[orig].amount;
                let amount = if rng.chance(0.4) {
                    full
                } else {
                    (rng.pick(&TARIFFS) * rng.range(1, 4)).min(full)
                };
                out[orig].credited = amount;
                let client = out[orig].client;
                out.push(Invoice {
                    number,
                    client,
                    date,
                    due: None,
                    amount: -amount,
                    kenmerk: None,
                    credit_for: orig as u32,
                    credited: 0,
                });
                continue;
            }
        }
        // Hours of care in a month, in quarter hours.
        let quarters = rng.range(8, 40 * 4);
        let amount = rng.pick(&TARIFFS) * quarters / 4;
        out.push(Invoice {
            number,
            client: rng.below(n_clients as u64) as u32,
            date,
            due,
            amount,
            kenmerk: rng.chance(0.35).then(|| kenmerk16(rng)),
            credit_for: NONE,
            credited: 0,
        });
    }
    out
}

/// Specification lines and the declarations insurers pay directly.
fn make_specs(
    rng: &mut Rng,
    clients: &[Client],
    invoices: &[Invoice],
    insurers: &[Insurer],
    target: usize,
) -> (Vec<SpecLine>, Vec<Declaration>) {
    let end = ymd(END) - Duration::days(1);
    // About 70 % of the invoices are specified by the night of the run;
    // only a processed declaration has a specification.
    let chosen: Vec<(u32, NaiveDate)> = invoices
        .iter()
        .enumerate()
        .filter(|(_, inv)| inv.credit_for == NONE && inv.credited == 0)
        .filter_map(|(i, inv)| {
            let processed = inv.date + Duration::days(rng.range(8, 30));
            (rng.chance(0.74) && processed <= end).then_some((i as u32, processed))
        })
        .collect();
    let m = chosen.len().max(1);
    let two = ((target as f64 - m as f64) / m as f64).clamp(0.0, 1.0);
    let mut lines = Vec::with_capacity(target);
    let mut decls: Vec<Declaration> = Vec::new();
    let mut open_decl: Vec<Option<usize>> = vec![None; insurers.len()];
    let mut decl_no: u32 = 70_000_000;
    for (i, processed) in chosen {
        let inv = &invoices[i as usize];
        let ins = clients[inv.client as usize].insurer as usize;
        let amount = inv.amount;
        // 2 % rejected, 15 % restitutie (100 %), else 60–85 %.
        let reimbursed = if rng.chance(0.02) {
            0
        } else if rng.chance(0.15) {
            amount
        } else {
            amount * rng.range(60, 85) / 100
        };
        let deductible = if reimbursed > 0 && rng.chance(0.12) {
            reimbursed.min(if rng.chance(0.5) {
                385_00
            } else {
                rng.range(20, 385) * 100 + rng.range(0, 99)
            })
        } else {
            0
        };
        let to_provider = insurers[ins].layout == Layout::Declarations && rng.chance(0.3);
        decl_no += rng.range(1, 40) as u32;
        let declaration = if to_provider {
            // Consecutive direct payments of one insurer share a declaration.
            let d = match open_decl[ins] {
                Some(d) if rng.chance(0.6) => d,
                _ => {
                    decls.push(Declaration {
                        number: decl_no,
                        insurer: ins as u8,
                        amount: 0,
                        date: processed + Duration::days(rng.range(3, 10)),
                        single_invoice: i,
                    });
                    open_decl[ins] = Some(decls.len() - 1);
                    decls.len() - 1
                }
            };
            let decl = &mut decls[d];
            if decl.single_invoice != i {
                decl.single_invoice = NONE;
            }
            decl.amount += reimbursed - deductible;
            decl.number
        } else {
            decl_no
        };
        let care = inv.date - Duration::days(rng.range(3, 28));
        if rng.chance(two) && amount >= 2_00 {
            // Two care periods, one line each; the parts add up.
            let d1 = amount / 2;
            let r1 = reimbursed / 2;
            let e1 = deductible.min(r1);
            lines.push(SpecLine {
                invoice: i,
                care_date: care - Duration::days(14),
                declared: d1,
                reimbursed: r1,
                deductible: e1,
                to_provider,
                declaration,
            });
            lines.push(SpecLine {
                invoice: i,
                care_date: care,
                declared: amount - d1,
                reimbursed: reimbursed - r1,
                deductible: deductible - e1,
                to_provider,
                declaration,
            });
        } else {
            lines.push(SpecLine {
                invoice: i,
                care_date: care,
                declared: amount,
                reimbursed,
                deductible,
                to_provider,
                declaration,
            });
        }
    }
    decls.retain(|d| d.amount > 0);
    (lines, decls)
}

// ---------------------------------------------------------------------------
// Client and insurer payments

struct EventMaker<'w> {
    w: &'w World,
    weights: Vec<u32>,
    evs: Vec<Ev>,
    client_payments: usize,
}

impl EventMaker<'_> {
    fn acct(&self, rng: &mut Rng) -> u8 {
        let total: u32 = self.weights.iter().sum();
        let mut r = rng.below(u64::from(total)) as u32;
        for (i, w) in self.weights.iter().enumerate() {
            if r < *w {
                return i as u8;
            }
            r -= w;
        }
        0
    }

    /// A client payment, and perhaps its return or a second, duplicate
    /// payment with a refund.
    fn pay(&mut self, rng: &mut Rng, day: u16, mode: Mode, amount: i64, a: u32, b: u32) {
        if amount <= 0 {
            return;
        }
        let acct = self.acct(rng);
        let mut ev = Ev::new(day, acct, Kind::ClientPay, amount, rng.next() as u32);
        ev.mode = mode;
        ev.a = a;
        ev.b = b;
        let client = &self.w.clients[self.w.invoices[a as usize].client as usize];
        if matches!(mode, Mode::IbanOnly | Mode::IbanTwo | Mode::Typo) && client.listed > 0 {
            // Pay from the first listed account so the IBAN rules can work.
            ev.v &= !0xF0;
        }
        self.evs.push(ev);
        self.client_payments += 1;
        let later = |rng: &mut Rng, lo: i64, hi: i64| {
            let d = self.w.days[day as usize] + Duration::days(rng.range(lo, hi));
            self.w.booking_day(d)
        };
        if rng.chance(0.004) {
            if let Some(d) = later(rng, 2, 8) {
                let mut r = ev;
                r.kind = Kind::Return;
                r.day = d;
                r.amount = -amount;
                self.evs.push(r);
            }
        } else if mode == Mode::Plain && rng.chance(0.007) {
            // Paid twice by mistake; half get their money back.
            if let Some(d) = later(rng, 3, 20) {
                let mut again = ev;
                again.day = d;
                again.v = rng.next() as u32 & !0xF0;
                self.evs.push(again);
                self.client_payments += 1;
                if rng.chance(0.5)
                    && let Some(d2) = later(rng, 25, 45)
                {
                    let mut r = Ev::new(d2, acct, Kind::Refund, -amount, ev.v & !0xF0);
                    r.a = a;
                    self.evs.push(r);
                }
            }
        }
    }
}

fn make_payments(rng: &mut Rng, w: &World, weights: Vec<u32>) -> (Vec<Ev>, usize, usize) {
    let mut mk = EventMaker {
        w,
        weights,
        evs: Vec::new(),
        client_payments: 0,
    };
    // Specification per invoice: (reimbursed, deductible, to provider).
    let mut spec: Vec<Option<(i64, i64, bool)>> = vec![None; w.invoices.len()];
    for s in &w.specs {
        let e = spec[s.invoice as usize].get_or_insert((0, 0, s.to_provider));
        e.0 += s.reimbursed;
        e.1 += s.deductible;
    }
    // Next invoice of the same client, for payments that cover two.
    let mut next_of = vec![NONE; w.invoices.len()];
    let mut last_of = vec![NONE; w.clients.len()];
    for (i, inv) in w.invoices.iter().enumerate().rev() {
        if inv.credit_for == NONE {
            next_of[i] = last_of[inv.client as usize];
            last_of[inv.client as usize] = i as u32;
        }
    }
    let mut done = vec![false; w.invoices.len()];
    for (i, inv) in w.invoices.iter().enumerate() {
        if inv.credit_for != NONE || done[i] {
            continue;
        }
        let client = &w.clients[inv.client as usize];
        let net = inv.amount - inv.credited;
        let (amount, wait) = match spec[i] {
            Some((_, ded, true)) => {
                // The insurer paid the provider; the client owes the deductible.
                if ded > 0 && rng.chance(0.6) {
                    (ded, 45)
                } else {
                    continue;
                }
            }
            Some((0, _, _)) => {
                if rng.chance(0.3) {
                    (net, 40)
                } else {
                    continue;
                }
            }
            Some((r, ded, false)) => {
                let x = rng.below(100);
                if x < 80 {
                    (r, 40)
                } else if x < 88 && ded > 0 {
                    (r - ded, 40)
                } else if x < 95 {
                    (net, 40)
                } else {
                    continue;
                }
            }
            None => {
                let x = rng.below(100);
                if x < 60 {
                    (net, 20)
                } else if x < 72 {
                    (net * 70 / 100, 20)
                } else {
                    continue;
                }
            }
        };
        let Some(day) = w.booking_day(inv.date + Duration::days(wait + rng.range(0, 30))) else {
            continue;
        };
        let has_listed = client.listed > 0;
        let x = rng.below(100);
        let mut mode = if x < 64 {
            Mode::Plain
        } else if x < 69 {
            Mode::Typo
        } else if x < 77 {
            Mode::Kenmerk
        } else if x < 95 {
            Mode::IbanOnly
        } else if x < 97 {
            Mode::NameOnly
        } else {
            Mode::Two
        };
        if mode == Mode::Kenmerk && inv.kenmerk.is_none() {
            mode = Mode::Plain;
        }
        if mode == Mode::IbanOnly && !has_listed {
            mode = Mode::Plain;
        }
        if mode == Mode::Two || (mode == Mode::IbanOnly && rng.chance(0.15)) {
            // One transfer for this invoice and the client's next one.
            let j = next_of[i];
            if j != NONE && !done[j as usize] && spec[j as usize].is_none() {
                let nj = &w.invoices[j as usize];
                let need_j = nj.amount - nj.credited;
                if let Some(day2) = w.booking_day(nj.date + Duration::days(rng.range(5, 25)))
                    && need_j > 0
                {
                    done[j as usize] = true;
                    let m = if mode == Mode::Two {
                        Mode::Two
                    } else {
                        Mode::IbanTwo
                    };
                    mk.pay(rng, day2.max(day), m, amount + need_j, i as u32, j);
                    continue;
                }
            }
            if mode == Mode::Two {
                mode = Mode::Plain;
            }
        }
        if rng.chance(0.06) && amount > 100_00 {
            // In two instalments.
            let first = amount * rng.range(30, 60) / 100;
            mk.pay(rng, day, mode, first, i as u32, NONE);
            if let Some(d2) =
                w.booking_day(w.days[day as usize] + Duration::days(rng.range(20, 40)))
            {
                mk.pay(rng, d2, mode, amount - first, i as u32, NONE);
            }
        } else {
            mk.pay(rng, day, mode, amount, i as u32, NONE);
        }
    }
    let client_payments = mk.client_payments;
    // Insurers paying declarations directly.
    let mut insurer_payments = 0;
    for (k, d) in w.decls.iter().enumerate() {
        if let Some(day) = w.booking_day(d.date) {
            let acct = if rng.chance(0.5) { 2 } else { mk.acct(rng) };
            let mut ev = Ev::new(day, acct, Kind::InsurerPay, d.amount, rng.next() as u32);
            ev.a = k as u32;
            ev.b = u32::from(d.insurer);
            mk.evs.push(ev);
            insurer_payments += 1;
        }
    }
    (mk.evs, client_payments, insurer_payments)
}

/// Interest, bank costs and transfers between the provider's own accounts.
fn make_fixed(rng: &mut Rng, w: &World) -> Vec<Ev> {
    let mut evs = Vec::new();
    let first = w.days[0];
    for m in 0..13u32 {
        let t = first.month0() + m;
        let (y, mo) = (first.year() + (t / 12) as i32, t % 12 + 1);
        for acct in 0..w.accounts.len() as u8 {
            if let Some(d) = NaiveDate::from_ymd_opt(y, mo, 2).and_then(|d| w.booking_day(d)) {
                evs.push(Ev::new(
                    d,
                    acct,
                    Kind::BankCost,
                    -rng.range(15_00, 80_00),
                    rng.next() as u32,
                ));
                // Rent, wage tax and pension premium, once a month each.
                let monthly = [
                    (Kind::Rent, 1, 2_500_00, 6_000_00),
                    (Kind::Pension, 20, 2_000_00, 15_000_00),
                    (Kind::Tax, 28, 5_000_00, 60_000_00),
                ];
                if let Some((kind, dom, lo, hi)) = monthly.get(acct as usize)
                    && let Some(d) =
                        NaiveDate::from_ymd_opt(y, mo, *dom).and_then(|d| w.booking_day(d))
                {
                    evs.push(Ev::new(
                        d,
                        acct,
                        *kind,
                        -rng.range(*lo, *hi),
                        rng.next() as u32,
                    ));
                }
                if mo % 3 == 1 {
                    evs.push(Ev::new(
                        d,
                        acct,
                        Kind::Interest,
                        rng.range(50, 200_00),
                        rng.next() as u32,
                    ));
                }
            }
        }
        for _ in 0..3 {
            let Some(d) = NaiveDate::from_ymd_opt(y, mo, rng.range(5, 27) as u32)
                .and_then(|d| w.booking_day(d))
            else {
                continue;
            };
            let from = rng.below(w.accounts.len() as u64) as u8;
            let to = (from + 1 + rng.below(w.accounts.len() as u64) as u8)
                % (w.accounts.len() as u8 + 1);
            let amount = rng.range(1_000, 50_000) * 100;
            let v = rng.next() as u32;
            // `to` == number of accounts means the savings account, which
            // has no export here.
            let mut out = Ev::new(d, from, Kind::OwnOut, -amount, v);
            out.b = u32::from(to);
            evs.push(out);
            if (to as usize) < w.accounts.len() {
                let mut inn = Ev::new(d, to, Kind::OwnIn, amount, v);
                inn.b = u32::from(from);
                evs.push(inn);
            }
        }
    }
    evs
}

/// Everything else on the accounts, up to the requested number of lines.
fn make_noise(rng: &mut Rng, w: &World, mk_acct: &dyn Fn(&mut Rng) -> u8, n: usize) -> Vec<Ev> {
    let mut evs = Vec::with_capacity(n);
    while evs.len() < n {
        let x = rng.below(100);
        let v = rng.next() as u32;
        let acct = mk_acct(rng);
        let (kind, day, amount) = if x < 40 {
            let variant = v % 7;
            let amount = match variant {
                0 => rng.range(500_00, 15_000_00),
                1 => rng.range(300_00, 5_000_00),
                2 => rng.range(50_00, 2_000_00),
                3 | 4 => rng.range(5_00, 500_00),
                _ => rng.range(100_00, 3_000_00),
            };
            (Kind::OtherCredit, Some(w.random_day(rng)), amount)
        } else if x < 70 {
            let dom = rng.range(23, 27) as u32;
            (
                Kind::Salary,
                w.monthly_day(rng, dom),
                -rng.range(1_800_00, 3_200_00),
            )
        } else if x < 87 {
            (
                Kind::Supplier,
                Some(w.random_day(rng)),
                -rng.range(20_00, 1_600_00),
            )
        } else {
            (
                Kind::Card,
                Some(w.random_day(rng)),
                -rng.range(2_00, 150_00),
            )
        };
        let Some(day) = day else { continue };
        let mut ev = Ev::new(day, acct, kind, amount, v);
        ev.noise = true;
        if kind == Kind::Salary {
            ev.a = rng.below(w.employees.len() as u64) as u32;
        }
        if kind == Kind::Supplier {
            ev.a = rng.below(SUPPLIERS.len() as u64) as u32;
        }
        evs.push(ev);
    }
    evs
}

// ---------------------------------------------------------------------------
// Text of a bank line

fn fmt_day(d: NaiveDate) -> String {
    format!("{:02}-{:02}-{:04}", d.day(), d.month(), d.year())
}

/// One typing error in an invoice number that makes it no invoice number:
/// a digit dropped or doubled, or the year's last two digits swapped.
fn typo(number: &str, v: u32) -> String {
    let mut c: Vec<char> = number.chars().collect();
    let n = c.len();
    match (v >> 20) % 3 {
        0 if n > 7 => {
            c.remove(5 + (v as usize >> 22) % (n - 5));
        }
        1 if n > 7 => {
            let p = 5 + (v as usize >> 22) % (n - 5);
            let d = c[p];
            c.insert(p, d);
        }
        _ if n > 4 => c.swap(2, 3),
        _ => {}
    }
    c.into_iter().collect()
}

impl World {
    fn payer(&self, ci: u32, v: u32) -> (String, String) {
        let c = &self.clients[ci as usize];
        let (hr, mw) = ("Hr", "Mw");
        let surname_up = c.surname.to_uppercase();
        let init_plain = c.initials.replace('.', "");
        let name = match v & 0xF {
            0..=5 => c.name(),
            6 | 7 => format!("{init_plain} {surname_up}"),
            8 => format!(
                "{} {} {}",
                if c.female { mw } else { hr },
                init_plain,
                c.surname
            ),
            9 => format!("{surname_up} {init_plain}"),
            10 => format!("{} {}-{}", c.initials, c.surname, c.partner),
            11 => format!("Fam. {}", c.surname),
            _ => c.name().to_uppercase(),
        };
        let iban = match (v >> 4) & 0xF {
            0..=12 => c.ibans[0].clone(),
            13 | 14 => c.ibans.last().cloned().unwrap_or_default(),
            _ => family_iban(self.seed, ci, 1),
        };
        (name, iban)
    }

    fn line(&self, ev: &Ev) -> Line {
        let v = ev.v;
        let month = |d: u16| MONTHS[self.days[d as usize].month0() as usize];
        let blank = || Line {
            name: String::new(),
            iban: String::new(),
            desc: String::new(),
            kenmerk: String::new(),
            ret: None,
            e2e: "NOTPROVIDED".into(),
        };
        match ev.kind {
            Kind::ClientPay | Kind::Return => {
                let inv = &self.invoices[ev.a as usize];
                let ci = inv.client;
                let (name, iban) = if ev.mode == Mode::NameOnly {
                    let c = &self.clients[ci as usize];
                    (c.name(), family_iban(self.seed, ci, 2))
                } else {
                    self.payer(ci, v)
                };
                let n = &inv.number;
                let t = (v >> 8) % 9;
                let mut l = blank();
                match ev.mode {
                    Mode::Plain | Mode::Typo => {
                        let num = if ev.mode == Mode::Typo {
                            typo(n, v)
                        } else {
                            n.clone()
                        };
                        l.desc = match t {
                            0 => format!("factuur {num}"),
                            1 => format!("Factuurnr. {num} zorg {}", month(ev.day)),
                            2 => num,
                            3 => format!("nota {num} {}", self.clients[ci as usize].name()),
                            4 => format!(
                                "betaling factuur {num} clientnr {}",
                                self.clients[ci as usize].id
                            ),
                            5 => format!("Fact.nr {num}"),
                            6 => format!("{} thuiszorg", num.replace('-', "")),
                            7 => format!("inzake factuur {num} van {}", fmt_day(inv.date)),
                            _ => format!("vergoeding verzekeraar factuur {num}"),
                        };
                    }
                    Mode::Two => {
                        let m = &self.invoices[ev.b as usize].number;
                        l.desc = match t % 3 {
                            0 => format!("facturen {n} en {m}"),
                            1 => format!("{n}, {m}"),
                            _ => format!("nota's {n} {m} thuiszorg"),
                        };
                    }
                    Mode::Kenmerk => {
                        l.kenmerk = inv.kenmerk.clone().unwrap_or_default();
                    }
                    _ => {
                        l.desc = match t % 6 {
                            0 => String::new(),
                            1 => "zorgkosten".into(),
                            2 => format!("thuiszorg {}", month(ev.day)),
                            3 => "eigen bijdrage".into(),
                            4 => "betaling".into(),
                            _ => "rest vergoeding verzekeraar".into(),
                        };
                    }
                }
                if ev.kind == Kind::Return {
                    l.ret = Some(RETURN_REASONS[((v >> 16) % 3) as usize]);
                }
                l.name = name;
                l.iban = iban;
                if (v >> 28).is_multiple_of(4) {
                    l.e2e = format!("E2E{:08}", mix64(u64::from(v)) % 100_000_000);
                }
                l
            }
            Kind::Refund => {
                let inv = &self.invoices[ev.a as usize];
                let (name, iban) = self.payer(inv.client, v);
                Line {
                    name,
                    iban,
                    desc: format!("Terugbetaling teveel betaald factuur {}", inv.number),
                    ..blank()
                }
            }
            Kind::InsurerPay => {
                let d = &self.decls[ev.a as usize];
                let ins = &self.insurers[d.insurer as usize];
                let desc = if d.single_invoice != NONE && v % 5 < 2 {
                    format!(
                        "declaratie {} {}",
                        self.invoices[d.single_invoice as usize].number, ins.name
                    )
                } else if v.is_multiple_of(2) {
                    format!("Declaratie {} uitbetaling zorgkosten", d.number)
                } else {
                    format!(
                        "UITBETALING DECLARATIENR {} {}",
                        d.number,
                        ins.name.to_uppercase()
                    )
                };
                Line {
                    name: ins.payer.into(),
                    iban: ins.iban.clone(),
                    desc,
                    ..blank()
                }
            }
            Kind::Interest => Line {
                name: "Rente".into(),
                desc: format!("Creditrente tot {}", fmt_day(self.days[ev.day as usize])),
                ..blank()
            },
            Kind::BankCost => Line {
                name: "Kosten".into(),
                desc: format!("Kosten zakelijk betalingsverkeer {}", month(ev.day)),
                ..blank()
            },
            Kind::OwnIn | Kind::OwnOut => {
                let other = ev.b as usize;
                let iban = self
                    .accounts
                    .get(other)
                    .map_or(self.savings.clone(), |a| a.iban.clone());
                Line {
                    name: "Balans Thuiszorg BV".into(),
                    iban,
                    desc: "Overboeking eigen rekening".into(),
                    ..blank()
                }
            }
            Kind::OtherCredit => {
                let h = mix64(u64::from(v) ^ 0xC0FFEE);
                let city = CITIES[(h % CITIES.len() as u64) as usize];
                let (name, iban, desc) = match v % 7 {
                    0 => (
                        format!("Gemeente {city}"),
                        iban("BNGH", 285_000_000 + h % CITIES.len() as u64),
                        format!(
                            "Wmo zorg in natura {} factuur WMO-{:05}",
                            month(ev.day),
                            h % 100_000
                        ),
                    ),
                    1 => (
                        "Sociale Verzekeringsbank".into(),
                        iban("INGB", 7_700_001),
                        format!("PGB {} budgethouder {:07}", month(ev.day), h % 10_000_000),
                    ),
                    2 => (
                        "Stichting Mollie Payments".into(),
                        iban("ABNA", 575_577_770),
                        format!(
                            "Uitbetaling st_{:010x} {}",
                            h % 0xFF_FFFF_FFFF,
                            fmt_day(self.days[ev.day as usize])
                        ),
                    ),
                    3 => {
                        let first = char::from(INITIALS[(h % INITIALS.len() as u64) as usize]);
                        let sur = SURNAMES[((h >> 8) % SURNAMES.len() as u64) as usize];
                        let desc = ["", "gift", "bedankt voor de goede zorg", "terugbetaling"]
                            [((h >> 16) % 4) as usize];
                        (
                            format!("{first}. {sur}"),
                            iban(CLIENT_BANKS[((h >> 20) % 9) as usize], h >> 24),
                            desc.to_string(),
                        )
                    }
                    4 => {
                        let sur = SURNAMES[((h >> 8) % SURNAMES.len() as u64) as usize];
                        (
                            format!("Fam {sur}"),
                            iban(CLIENT_BANKS[((h >> 20) % 9) as usize], h >> 24),
                            format!("klantnr {:06} {}", h % 1_000_000, month(ev.day)),
                        )
                    }
                    5 => (
                        "Belastingdienst".into(),
                        iban("INGB", 2_445_588),
                        format!("Teruggaaf omzetbelasting {}", month(ev.day)),
                    ),
                    _ => (
                        "Interpolis Schade".into(),
                        iban("RABO", 300_450_000),
                        format!("Schade-uitkering dossier 88-{:06}", h % 1_000_000),
                    ),
                };
                Line {
                    name,
                    iban,
                    desc,
                    ..blank()
                }
            }
            Kind::Salary => {
                let (name, iban) = &self.employees[ev.a as usize];
                let d = self.days[ev.day as usize];
                Line {
                    name: name.clone(),
                    iban: iban.clone(),
                    desc: format!(
                        "Salaris {} {} pers.nr {:04}",
                        month(ev.day),
                        d.year(),
                        ev.a + 1
                    ),
                    ..blank()
                }
            }
            Kind::Tax => {
                let mut r = Rng::new(u64::from(v));
                Line {
                    name: "Belastingdienst".into(),
                    iban: iban("INGB", 2_445_588),
                    desc: format!("Loonheffing {}", month(ev.day)),
                    kenmerk: kenmerk16(&mut r),
                    ..blank()
                }
            }
            Kind::Rent => Line {
                name: "Vastgoed Beheer Utrecht BV".into(),
                iban: iban("RABO", 154_880_021),
                desc: format!(
                    "Huur kantoor {} {}",
                    month(ev.day),
                    self.days[ev.day as usize].year()
                ),
                ..blank()
            },
            Kind::Pension => Line {
                name: "Stichting Pensioenfonds Zorg en Welzijn".into(),
                iban: iban("ABNA", 470_112_233),
                desc: format!("Premie pensioen {}", month(ev.day)),
                ..blank()
            },
            Kind::Supplier => {
                let (name, stem) = SUPPLIERS[ev.a as usize];
                Line {
                    name: name.into(),
                    iban: iban("RABO", 330_000_000 + u64::from(ev.a) * 7_919),
                    desc: format!("{stem}{:06} klant 88{:04}", v % 1_000_000, ev.a * 37),
                    ..blank()
                }
            }
            Kind::AgentPayout => Line {
                name: AGENT_PAYER.into(),
                iban: agent_iban(),
                // One in eight names no payout number: paired by amount.
                desc: if v % 8 == 7 {
                    format!("{AGENT} uitbetaling")
                } else {
                    format!("Uitbetaling {} {AGENT}", payout_number(ev.b as i32, ev.a))
                },
                ..blank()
            },
            Kind::Card => {
                let shop = SHOPS[(v % SHOPS.len() as u32) as usize];
                let d = self.days[ev.day as usize];
                Line {
                    name: shop.into(),
                    desc: format!(
                        "Pasvolgnr: 003 {} {:02}.{:02} Transactie: {:06X} Term: {:05}",
                        fmt_day(d),
                        8 + (v >> 8) % 12,
                        (v >> 12) % 60,
                        v % 0xFF_FFFF,
                        (v >> 16) % 100_000
                    ),
                    ..blank()
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Amount formats

/// `1234,56` (or `1.234,56` with thousands), `-` for negative.
fn fmt_comma(cents: i64, thousands: bool) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    let euros = (c / 100).to_string();
    let euros = if thousands {
        let mut s = String::new();
        for (i, ch) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                s.push('.');
            }
            s.push(ch);
        }
        s
    } else {
        euros
    };
    format!("{sign}{euros},{:02}", c % 100)
}

/// `1234.56`, `-` for negative.
fn fmt_dot(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

// ---------------------------------------------------------------------------
// Writers

/// The register; with `agents`, an `Incassobureau` column names the agent
/// of the invoices that go through it.
fn write_register(w: &World, path: &Path, agents: bool) -> anyhow::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let mut head = vec![
        "Factuurnummer",
        "Cliëntnummer",
        "Naam",
        "Factuurdatum",
        "Vervaldatum",
        "Bedrag",
        "Zorgverzekeraar",
        "IBAN",
        "Betalingskenmerk",
        "Creditnota voor",
    ];
    if agents {
        head.push("Incassobureau");
    }
    out.write_record(&head)?;
    for inv in &w.invoices {
        let c = &w.clients[inv.client as usize];
        let ibans: Vec<String> = c.ibans[..c.listed as usize]
            .iter()
            .map(|i| {
                if c.spaced {
                    i.as_bytes()
                        .chunks(4)
                        .map(|ch| String::from_utf8_lossy(ch).into_owned())
                        .collect::<Vec<_>>()
                        .join(" ")
                } else {
                    i.clone()
                }
            })
            .collect();
        let (date, due, amount, ibans) = (
            fmt_day(inv.date),
            inv.due.map(fmt_day).unwrap_or_default(),
            fmt_comma(inv.amount, true),
            ibans.join(";"),
        );
        let name = c.name();
        let mut record = vec![
            inv.number.as_str(),
            &c.id,
            &name,
            &date,
            &due,
            &amount,
            w.insurers[c.insurer as usize].name,
            &ibans,
            inv.kenmerk.as_deref().unwrap_or(""),
            if inv.credit_for == NONE {
                ""
            } else {
                &w.invoices[inv.credit_for as usize].number
            },
        ];
        if agents {
            record.push(if through_agent(w.seed, inv.client) {
                AGENT
            } else {
                ""
            });
        }
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}

fn write_specs(w: &World, dir: &Path) -> anyhow::Result<usize> {
    let mut by_insurer: Vec<Vec<&SpecLine>> = vec![Vec::new(); w.insurers.len()];
    for s in &w.specs {
        let ins = w.clients[w.invoices[s.invoice as usize].client as usize].insurer;
        by_insurer[ins as usize].push(s);
    }
    let mut books = 0;
    for (ins, lines) in w.insurers.iter().zip(by_insurer) {
        if lines.is_empty() {
            continue;
        }
        let path = dir.join(format!("{}-afrekeningen.xlsx", ins.slug));
        write_workbook(w, ins, &lines, &path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        books += 1;
    }
    Ok(books)
}

struct Formats {
    bold: Format,
    money: Format,
    date: Format,
    title: Format,
}

fn write_workbook(
    w: &World,
    ins: &Insurer,
    lines: &[&SpecLine],
    path: &Path,
) -> anyhow::Result<()> {
    let f = Formats {
        bold: Format::new().set_bold(),
        money: Format::new().set_num_format("€ #,##0.00"),
        date: Format::new().set_num_format("dd-mm-yyyy"),
        title: Format::new().set_bold().set_font_size(14),
    };
    let mut book = Workbook::new();
    // A fixed creation time keeps the workbook's bytes a function of the seed.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 18)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    match ins.layout {
        Layout::Quarterly => {
            // One sheet per quarter of the care date.
            let quarter = |s: &SpecLine| (s.care_date.year(), s.care_date.month0() / 3);
            let mut start = 0;
            let mut sorted: Vec<&SpecLine> = lines.to_vec();
            sorted.sort_by_key(|s| quarter(s));
            while start < sorted.len() {
                let q = quarter(sorted[start]);
                let end = start
                    + sorted[start..]
                        .iter()
                        .take_while(|s| quarter(s) == q)
                        .count();
                let sheet = book.add_worksheet_with_constant_memory()?;
                sheet.set_name(format!("Q{} {}", q.1 + 1, q.0))?;
                quarterly_sheet(w, ins, &sorted[start..end], sheet, &f, q)?;
                start = end;
            }
        }
        Layout::Declarations => {
            let sheet = book.add_worksheet_with_constant_memory()?;
            sheet.set_name("Specificatie")?;
            declarations_sheet(w, ins, lines, sheet, &f)?;
        }
        Layout::TextAmounts => {
            let sheet = book.add_worksheet_with_constant_memory()?;
            sheet.set_name("Overzicht")?;
            text_sheet(w, ins, lines, sheet, &f)?;
        }
    }
    book.save(path)?;
    Ok(())
}

fn header(sheet: &mut Worksheet, row: u32, cols: &[&str], f: &Formats) -> anyhow::Result<()> {
    for (c, h) in cols.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, *h, &f.bold)?;
        sheet.set_column_width(c as u16, 16)?;
    }
    Ok(())
}

fn quarterly_sheet(
    w: &World,
    ins: &Insurer,
    lines: &[&SpecLine],
    sheet: &mut Worksheet,
    f: &Formats,
    q: (i32, u32),
) -> anyhow::Result<()> {
    sheet.write_string_with_format(0, 0, format!("Afrekenspecificatie {}", ins.name), &f.title)?;
    sheet.write_string(1, 0, format!("Periode: kwartaal {} {}", q.1 + 1, q.0))?;
    header(
        sheet,
        3,
        &[
            "Factuurnummer",
            "Verzekerde",
            "Behandeldatum",
            "Gedeclareerd bedrag",
            "Vergoed",
            "Eigen risico",
            "Uitbetaald",
        ],
        f,
    )?;
    for (k, s) in lines.iter().enumerate() {
        let r = 4 + k as u32;
        let inv = &w.invoices[s.invoice as usize];
        sheet.write_string(r, 0, &inv.number)?;
        sheet.write_string(r, 1, w.clients[inv.client as usize].name())?;
        sheet.write_date_with_format(r, 2, s.care_date, &f.date)?;
        sheet.write_number_with_format(r, 3, s.declared as f64 / 100.0, &f.money)?;
        sheet.write_number_with_format(r, 4, s.reimbursed as f64 / 100.0, &f.money)?;
        if s.deductible != 0 {
            sheet.write_number_with_format(r, 5, s.deductible as f64 / 100.0, &f.money)?;
        }
        sheet.write_number_with_format(
            r,
            6,
            (s.reimbursed - s.deductible) as f64 / 100.0,
            &f.money,
        )?;
    }
    Ok(())
}

fn declarations_sheet(
    w: &World,
    ins: &Insurer,
    lines: &[&SpecLine],
    sheet: &mut Worksheet,
    f: &Formats,
) -> anyhow::Result<()> {
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "{} — overzicht vergoedingen niet-gecontracteerde zorg",
            ins.name
        ),
        &f.title,
    )?;
    sheet.write_string(1, 0, format!("Aangemaakt op {}", fmt_day(ymd(END))))?;
    header(
        sheet,
        2,
        &[
            "Declaratienummer",
            "Uw factuurnummer",
            "Naam verzekerde",
            "Zorgdatum",
            "Ingediend",
            "Toegekend",
            "Ingehouden eigen risico",
            "Uitbetaald bedrag",
            "Uitbetaald aan",
        ],
        f,
    )?;
    for (k, s) in lines.iter().enumerate() {
        let r = 3 + k as u32;
        let inv = &w.invoices[s.invoice as usize];
        // Declaration numbers are typed as numbers: the job reads them as
        // whole-number text.
        sheet.write_number(r, 0, f64::from(s.declaration))?;
        sheet.write_string(r, 1, &inv.number)?;
        sheet.write_string(r, 2, w.clients[inv.client as usize].name())?;
        sheet.write_date_with_format(r, 3, s.care_date, &f.date)?;
        sheet.write_number_with_format(r, 4, s.declared as f64 / 100.0, &f.money)?;
        sheet.write_number_with_format(r, 5, s.reimbursed as f64 / 100.0, &f.money)?;
        sheet.write_number_with_format(r, 6, s.deductible as f64 / 100.0, &f.money)?;
        sheet.write_number_with_format(
            r,
            7,
            (s.reimbursed - s.deductible) as f64 / 100.0,
            &f.money,
        )?;
        sheet.write_string(
            r,
            8,
            if s.to_provider {
                "Zorgaanbieder"
            } else {
                "Verzekerde"
            },
        )?;
    }
    Ok(())
}

fn text_sheet(
    w: &World,
    ins: &Insurer,
    lines: &[&SpecLine],
    sheet: &mut Worksheet,
    f: &Formats,
) -> anyhow::Result<()> {
    let euro = |c: i64| format!("€ {}", fmt_comma(c, true));
    sheet.write_string_with_format(0, 0, format!("Declaratieoverzicht {}", ins.name), &f.title)?;
    header(
        sheet,
        1,
        &[
            "Nota",
            "Cliënt",
            "Datum behandeling",
            "Kosten behandeling",
            "Vergoeding",
            "Eigen risico",
            "Te ontvangen",
        ],
        f,
    )?;
    let mut tot = [0i64; 4];
    let mut r = 2;
    for s in lines {
        let inv = &w.invoices[s.invoice as usize];
        sheet.write_string(r, 0, &inv.number)?;
        sheet.write_string(r, 1, w.clients[inv.client as usize].name())?;
        sheet.write_string(r, 2, fmt_day(s.care_date))?;
        sheet.write_string(r, 3, euro(s.declared))?;
        sheet.write_string(r, 4, euro(s.reimbursed))?;
        if s.deductible != 0 {
            sheet.write_string(r, 5, euro(s.deductible))?;
        }
        sheet.write_string(r, 6, euro(s.reimbursed - s.deductible))?;
        for (t, x) in tot.iter_mut().zip([
            s.declared,
            s.reimbursed,
            s.deductible,
            s.reimbursed - s.deductible,
        ]) {
            *t += x;
        }
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "Totaal", &f.bold)?;
    for (k, t) in tot.iter().enumerate() {
        sheet.write_string_with_format(r, 3 + k as u16, euro(*t), &f.bold)?;
    }
    Ok(())
}

/// A slice of one account's lines that goes into one export file.
struct Export<'a> {
    name: String,
    evs: &'a [Ev],
}

fn write_bank(w: &World, acct: &Account, exports: &[Export], dir: &Path) -> anyhow::Result<()> {
    for ex in exports {
        let path = dir.join(&ex.name);
        let r = match acct.fmt {
            Fmt::Ing => write_ing(w, acct, ex.evs, &path),
            Fmt::Rabobank => write_rabobank(w, acct, ex.evs, &path),
            Fmt::Camt => write_camt(w, acct, ex.evs, &path),
            Fmt::Mt940 => write_mt940(w, acct, ex.evs, &path),
            Fmt::Generic => write_generic(w, ex.evs, &path),
        };
        r.with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn write_ing(w: &World, acct: &Account, evs: &[Ev], path: &Path) -> anyhow::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .quote_style(csv::QuoteStyle::Always)
        .from_path(path)?;
    out.write_record([
        "Datum",
        "Naam / Omschrijving",
        "Rekening",
        "Tegenrekening",
        "Code",
        "Af Bij",
        "Bedrag (EUR)",
        "Mutatiesoort",
        "Mededelingen",
        "Saldo na mutatie",
        "Tag",
    ])?;
    let mut med = String::new();
    for ev in evs {
        let l = w.line(ev);
        let d = w.days[ev.day as usize];
        let (code, soort) = match ev.kind {
            Kind::Card => ("BA", "Betaalautomaat"),
            Kind::Tax | Kind::Pension => ("IC", "Incasso"),
            Kind::Interest | Kind::BankCost | Kind::Return => ("DV", "Diversen"),
            Kind::ClientPay | Kind::OtherCredit if ev.v % 3 == 0 => ("GT", "Online bankieren"),
            _ => ("OV", "Overschrijving"),
        };
        med.clear();
        if ev.kind == Kind::Card {
            let _ = write!(med, "{} Valutadatum: {}", l.desc, fmt_day(d));
        } else {
            if !l.name.is_empty() {
                let _ = write!(med, "Naam: {} ", l.name);
            }
            if let Some((code, why)) = l.ret {
                let _ = write!(med, "Omschrijving: RETOUR {code} {why} {} ", l.desc);
            } else if !l.desc.is_empty() {
                let _ = write!(med, "Omschrijving: {} ", l.desc);
            }
            if !l.iban.is_empty() {
                let _ = write!(med, "IBAN: {} ", l.iban);
            }
            if !l.kenmerk.is_empty() {
                let _ = write!(med, "Kenmerk: {} ", l.kenmerk);
            }
            let _ = write!(med, "Valutadatum: {}", fmt_day(d));
        }
        out.write_record([
            format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()).as_str(),
            &l.name,
            &acct.iban,
            &l.iban,
            code,
            if ev.amount < 0 { "Af" } else { "Bij" },
            &fmt_comma(ev.amount.abs(), false),
            soort,
            &med,
            &fmt_comma(ev.bal, false),
            "",
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// Splits free text over Rabobank's three description columns at spaces.
fn split3(text: &str) -> [String; 3] {
    let mut out: [String; 3] = Default::default();
    let mut k = 0;
    for word in text.split(' ') {
        if k < 2 && !out[k].is_empty() && out[k].len() + word.len() + 1 > 35 {
            k += 1;
        }
        if !out[k].is_empty() {
            out[k].push(' ');
        }
        out[k].push_str(word);
    }
    out
}

fn write_rabobank(w: &World, acct: &Account, evs: &[Ev], path: &Path) -> anyhow::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    out.write_record([
        "IBAN/BBAN",
        "Munt",
        "BIC",
        "Volgnr",
        "Datum",
        "Rentedatum",
        "Bedrag",
        "Saldo na trn",
        "Tegenrekening IBAN/BBAN",
        "Naam tegenpartij",
        "Naam uiteindelijke partij",
        "Naam initiërende partij",
        "BIC tegenpartij",
        "Code",
        "Batch ID",
        "Transactiereferentie",
        "Machtigingskenmerk",
        "Incassant ID",
        "Betalingskenmerk",
        "Omschrijving-1",
        "Omschrijving-2",
        "Omschrijving-3",
        "Reden retour",
        "Oorspr bedrag",
        "Oorspr munt",
        "Koers",
    ])?;
    let signed = |c: i64| {
        if c < 0 {
            fmt_comma(c, false)
        } else {
            format!("+{}", fmt_comma(c, false))
        }
    };
    for ev in evs {
        let l = w.line(ev);
        let d = w.days[ev.day as usize];
        let date = d.format("%Y-%m-%d").to_string();
        let code = match ev.kind {
            Kind::Card => "ba",
            Kind::Tax | Kind::Pension => "ei",
            Kind::OwnIn | Kind::OwnOut => "tb",
            Kind::Interest | Kind::BankCost => "db",
            _ if ev.amount > 0 => "cb",
            _ => "bg",
        };
        let [o1, o2, o3] = split3(&l.desc);
        let (mandate, creditor_id) = match ev.kind {
            Kind::Tax => ("", ""),
            Kind::Pension => ("PFZW-2019-0042", "NL22ZZZ411987650000"),
            _ => ("", ""),
        };
        out.write_record([
            acct.iban.as_str(),
            "EUR",
            "RABONL2U",
            &format!("{:018}", u64::from(ev.seq) + 26_000_000_000_000),
            &date,
            &date,
            &signed(ev.amount),
            &signed(ev.bal),
            &l.iban,
            &l.name,
            "",
            "",
            bic_of(&l.iban),
            code,
            "",
            if l.e2e == "NOTPROVIDED" { "" } else { &l.e2e },
            mandate,
            creditor_id,
            &l.kenmerk,
            &o1,
            &o2,
            &o3,
            &l.ret
                .map(|(c, why)| format!("{c} {why}"))
                .unwrap_or_default(),
            "",
            "",
            "",
        ])?;
    }
    let bytes = out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = String::from_utf8(bytes)?;
    // Rabobank writes ISO-8859-1; every character generated fits it.
    let (latin1, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable {
        bail!("text outside ISO-8859-1 in a Rabobank export");
    }
    fs::write(path, &latin1)?;
    Ok(())
}

fn xml_escape(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['&', '<', '>', '"', '\'']) {
        let mut o = String::with_capacity(s.len() + 8);
        for c in s.chars() {
            match c {
                '&' => o.push_str("&amp;"),
                '<' => o.push_str("&lt;"),
                '>' => o.push_str("&gt;"),
                '"' => o.push_str("&quot;"),
                '\'' => o.push_str("&apos;"),
                _ => o.push(c),
            }
        }
        o.into()
    } else {
        s.into()
    }
}

fn write_camt(w: &World, acct: &Account, evs: &[Ev], path: &Path) -> anyhow::Result<()> {
    let mut o = BufWriter::new(fs::File::create(path)?);
    let first = evs.first().map_or(0, |e| e.day);
    writeln!(o, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        o,
        r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#
    )?;
    writeln!(o, "  <BkToCstmrStmt>")?;
    writeln!(
        o,
        "    <GrpHdr>\n      <MsgId>CAMT053{}{:05}</MsgId>\n      <CreDtTm>{}T06:00:00+01:00</CreDtTm>\n    </GrpHdr>",
        w.days[first as usize].format("%Y%m%d"),
        first,
        w.days[first as usize].format("%Y-%m-%d")
    )?;
    let mut start = 0;
    while start < evs.len() {
        let day = evs[start].day;
        let end = start + evs[start..].iter().take_while(|e| e.day == day).count();
        camt_statement(w, acct, &evs[start..end], &mut o)?;
        start = end;
    }
    writeln!(o, "  </BkToCstmrStmt>\n</Document>")?;
    o.flush()?;
    Ok(())
}

fn camt_statement(w: &World, acct: &Account, evs: &[Ev], o: &mut impl Write) -> anyhow::Result<()> {
    let Some(first) = evs.first() else {
        return Ok(());
    };
    let date = w.days[first.day as usize].format("%Y-%m-%d").to_string();
    let opening = first.bal - first.amount;
    let closing = evs.last().map_or(opening, |e| e.bal);
    let bal = |o: &mut dyn Write, cd: &str, amt: i64| -> std::io::Result<()> {
        writeln!(
            o,
            "      <Bal>\n        <Tp><CdOrPrtry><Cd>{cd}</Cd></CdOrPrtry></Tp>\n        <Amt Ccy=\"EUR\">{}</Amt>\n        <CdtDbtInd>{}</CdtDbtInd>\n        <Dt><Dt>{date}</Dt></Dt>\n      </Bal>",
            fmt_dot(amt.abs()),
            if amt < 0 { "DBIT" } else { "CRDT" }
        )
    };
    writeln!(
        o,
        "    <Stmt>\n      <Id>{}-{}</Id>\n      <ElctrncSeqNb>{}</ElctrncSeqNb>\n      <CreDtTm>{date}T23:59:00+01:00</CreDtTm>\n      <Acct>\n        <Id><IBAN>{}</IBAN></Id>\n        <Ccy>EUR</Ccy>\n      </Acct>",
        acct.iban, first.day, first.day, acct.iban
    )?;
    bal(o, "OPBD", opening)?;
    bal(o, "CLBD", closing)?;
    // Salaries go out as one batch, insurers pay several declarations in one
    // entry; everything else is one entry per transaction.
    let mut salaries: Vec<&Ev> = Vec::new();
    let mut insurer: Vec<Vec<&Ev>> = vec![Vec::new(); w.insurers.len()];
    for ev in evs {
        match ev.kind {
            Kind::Salary => salaries.push(ev),
            Kind::InsurerPay => insurer[ev.b as usize].push(ev),
            _ => camt_entry(w, &[ev], &date, o)?,
        }
    }
    for chunk in salaries.chunks(200) {
        camt_entry(w, chunk, &date, o)?;
    }
    for group in insurer.iter().filter(|g| !g.is_empty()) {
        camt_entry(w, group, &date, o)?;
    }
    writeln!(o, "    </Stmt>")?;
    Ok(())
}

fn camt_entry(w: &World, txs: &[&Ev], date: &str, o: &mut impl Write) -> anyhow::Result<()> {
    let Some(first) = txs.first() else {
        return Ok(());
    };
    let total: i64 = txs.iter().map(|e| e.amount).sum();
    let credit = total >= 0;
    let reversal = first.kind == Kind::Return;
    let (fam, sub) = match first.kind {
        Kind::Card => ("CCRD", "POSD"),
        Kind::Tax | Kind::Pension => ("IDDT", "ESDD"),
        Kind::Return => ("ICDT", "RRTN"),
        Kind::Interest | Kind::BankCost => ("ACMT", "OTHR"),
        _ if credit => ("RCDT", "ESCT"),
        _ => ("ICDT", "ESCT"),
    };
    writeln!(
        o,
        "      <Ntry>\n        <Amt Ccy=\"EUR\">{}</Amt>\n        <CdtDbtInd>{}</CdtDbtInd>{}\n        <Sts>BOOK</Sts>\n        <BookgDt><Dt>{date}</Dt></BookgDt>\n        <ValDt><Dt>{date}</Dt></ValDt>\n        <AcctSvcrRef>{:010}</AcctSvcrRef>\n        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fam}</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>\n        <NtryDtls>",
        fmt_dot(total.abs()),
        if credit { "CRDT" } else { "DBIT" },
        if reversal {
            "\n        <RvslInd>true</RvslInd>"
        } else {
            ""
        },
        first.seq
    )?;
    if txs.len() > 1 {
        writeln!(
            o,
            "          <Btch>\n            <NbOfTxs>{}</NbOfTxs>\n            <TtlAmt Ccy=\"EUR\">{}</TtlAmt>\n            <CdtDbtInd>{}</CdtDbtInd>\n          </Btch>",
            txs.len(),
            fmt_dot(total.abs()),
            if credit { "CRDT" } else { "DBIT" }
        )?;
    }
    for ev in txs {
        let l = w.line(ev);
        writeln!(o, "          <TxDtls>")?;
        writeln!(
            o,
            "            <Refs>\n              <AcctSvcrRef>{:010}</AcctSvcrRef>\n              <EndToEndId>{}</EndToEndId>\n            </Refs>",
            ev.seq,
            xml_escape(&l.e2e)
        )?;
        if txs.len() > 1 {
            writeln!(
                o,
                "            <AmtDtls><TxAmt><Amt Ccy=\"EUR\">{}</Amt></TxAmt></AmtDtls>",
                fmt_dot(ev.amount.abs())
            )?;
        }
        if !l.name.is_empty() || !l.iban.is_empty() {
            let (party, acct) = if ev.amount >= 0 {
                ("Dbtr", "DbtrAcct")
            } else {
                ("Cdtr", "CdtrAcct")
            };
            writeln!(o, "            <RltdPties>")?;
            if !l.name.is_empty() {
                writeln!(
                    o,
                    "              <{party}><Nm>{}</Nm></{party}>",
                    xml_escape(&l.name)
                )?;
            }
            if !l.iban.is_empty() {
                writeln!(
                    o,
                    "              <{acct}><Id><IBAN>{}</IBAN></Id></{acct}>",
                    l.iban
                )?;
            }
            writeln!(o, "            </RltdPties>")?;
        }
        if !l.desc.is_empty() || !l.kenmerk.is_empty() {
            writeln!(o, "            <RmtInf>")?;
            if !l.desc.is_empty() {
                writeln!(o, "              <Ustrd>{}</Ustrd>", xml_escape(&l.desc))?;
            }
            if !l.kenmerk.is_empty() {
                writeln!(
                    o,
                    "              <Strd>\n                <CdtrRefInf>\n                  <Tp>\n                    <CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>\n                    <Issr>CUR</Issr>\n                  </Tp>\n                  <Ref>{}</Ref>\n                </CdtrRefInf>\n              </Strd>",
                    l.kenmerk
                )?;
            }
            writeln!(o, "            </RmtInf>")?;
        }
        if let Some((code, why)) = l.ret {
            writeln!(
                o,
                "            <RtrInf>\n              <Rsn><Cd>{code}</Cd></Rsn>\n              <AddtlInf>{why}</AddtlInf>\n            </RtrInf>"
            )?;
        }
        writeln!(o, "          </TxDtls>")?;
    }
    writeln!(o, "        </NtryDtls>")?;
    if first.kind == Kind::Card {
        let l = w.line(first);
        writeln!(
            o,
            "        <AddtlNtryInf>{}</AddtlNtryInf>",
            xml_escape(&format!("{} {}", l.name, l.desc))
        )?;
    }
    writeln!(o, "      </Ntry>")?;
    Ok(())
}

/// MT940 text: ASCII without the characters that delimit subfields.
fn swift_text(s: &str) -> String {
    s.chars()
        .map(zorgrecon::text::strip_accent)
        .map(|c| match c {
            '/' => '-',
            c if c.is_ascii() && !c.is_ascii_control() => c,
            'ß' => 's',
            _ => '?',
        })
        .collect()
}

fn write_mt940(w: &World, acct: &Account, evs: &[Ev], path: &Path) -> anyhow::Result<()> {
    let mut o = BufWriter::new(fs::File::create(path)?);
    let yymmdd = |d: NaiveDate| format!("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day());
    let bal = |c: i64| if c < 0 { "D" } else { "C" };
    let mut start = 0;
    let mut n86 = String::new();
    while start < evs.len() {
        let day = evs[start].day;
        let end = start + evs[start..].iter().take_while(|e| e.day == day).count();
        let d = w.days[day as usize];
        let opening = evs[start].bal - evs[start].amount;
        let closing = evs[end - 1].bal;
        write!(
            o,
            "{{1:F01INGBNL2ABXXX0000000000}}\r\n{{2:I940INGBNL2AXXXN}}\r\n{{4:\r\n:20:P{}{:08}\r\n:25:{}EUR\r\n:28C:{:05}\r\n:60F:{}{}EUR{}\r\n",
            yymmdd(d),
            evs[start].seq,
            acct.iban,
            day,
            bal(opening),
            yymmdd(d),
            fmt_comma(opening.abs(), false)
        )?;
        for ev in &evs[start..end] {
            let l = w.line(ev);
            let mark = match (ev.kind, ev.amount >= 0) {
                (Kind::Return, _) => "RC",
                (_, true) => "C",
                (_, false) => "D",
            };
            let ty = match ev.kind {
                Kind::Tax | Kind::Pension => "NDDT",
                Kind::Card => "NMSC",
                _ => "NTRF",
            };
            let reference = if l.e2e == "NOTPROVIDED" {
                "NONREF".to_string()
            } else {
                l.e2e.clone()
            };
            write!(
                o,
                ":61:{}{:02}{:02}{mark}{}{ty}{reference}//{:014}\r\n",
                yymmdd(d),
                d.month(),
                d.day(),
                fmt_comma(ev.amount.abs(), false),
                u64::from(ev.seq) + 26_000_000_000_000
            )?;
            n86.clear();
            if let Some((code, _)) = l.ret {
                let _ = write!(n86, "/RTRN/{code}/");
            }
            let _ = write!(n86, "/EREF/{}/", swift_text(&l.e2e));
            if !l.iban.is_empty() || !l.name.is_empty() {
                let _ = write!(
                    n86,
                    "/CNTP/{}/{}/{}//",
                    l.iban,
                    bic_of(&l.iban),
                    swift_text(&l.name)
                );
            }
            if !l.kenmerk.is_empty() {
                let _ = write!(n86, "/REMI/STRD/CUR/{}/", l.kenmerk);
            } else if !l.desc.is_empty() {
                let _ = write!(n86, "/REMI/USTD//{}/", swift_text(&l.desc));
            }
            // Up to 6 lines of 65 characters; the wrap cuts tokens.
            let bytes = n86.as_bytes();
            let mut first = true;
            for chunk in bytes.chunks(65).take(6) {
                let chunk = std::str::from_utf8(chunk).unwrap_or_default();
                if first {
                    write!(o, ":86:{chunk}\r\n")?;
                    first = false;
                } else {
                    write!(o, "{chunk}\r\n")?;
                }
            }
        }
        write!(
            o,
            ":62F:{}{}EUR{}\r\n-}}\r\n",
            bal(closing),
            yymmdd(d),
            fmt_comma(closing.abs(), false)
        )?;
        start = end;
    }
    o.flush()?;
    Ok(())
}

fn write_generic(w: &World, evs: &[Ev], path: &Path) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_path(path)?;
    out.write_record([
        "date",
        "amount",
        "counterparty_iban",
        "counterparty_name",
        "description",
    ])?;
    for ev in evs {
        let l = w.line(ev);
        let mut desc = match l.ret {
            Some((code, why)) => format!("Retour {code} {why} {}", l.desc),
            None => l.desc,
        };
        if !l.kenmerk.is_empty() {
            if !desc.is_empty() {
                desc.push(' ');
            }
            desc.push_str(&l.kenmerk);
        }
        out.write_record([
            &w.days[ev.day as usize].format("%Y-%m-%d").to_string(),
            &fmt_dot(ev.amount),
            &l.iban,
            &l.name,
            desc.trim(),
        ])?;
    }
    out.flush()?;
    Ok(())
}

fn write_config(w: &World, path: &Path, agents: bool) -> anyhow::Result<()> {
    let mut s = String::new();
    s.push_str("# Benchmark workload written by examples/gen_workload.rs.\n[provider]\nname = \"Balans Thuiszorg (benchmark)\"\nibans = [");
    let own: Vec<String> = w
        .accounts
        .iter()
        .map(|a| format!("\"{}\"", a.iban))
        .chain(std::iter::once(format!("\"{}\"", w.savings)))
        .collect();
    s.push_str(&own.join(", "));
    s.push_str("]\n\n[policy]\ntolerance = \"0.01\"\npayment_term_days = 30\nclient_share_floor = \"0\"\ncoulance_deadline_days = 0\n\n");
    s.push_str("[policy.insurer.\"VGZ\"]\nclient_share_floor = \"0.75\"\n\n[insurers]\n");
    for ins in &w.insurers {
        let _ = writeln!(s, "\"{}\" = [\"{}\"]", ins.name, ins.iban);
    }
    s.push_str("\n[matching]\nfifo = true\nmax_subset = 8\n");
    if agents {
        let _ = write!(
            s,
            "\n[agents.\"{AGENT}\"]\nibans = [\"{}\"]\npayout_days = 14\n",
            agent_iban()
        );
    }
    fs::write(path, s)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// The billing agent (`--agents`)

/// The agent, as configured.
const AGENT: &str = "Infomedics";
/// The name on its payouts.
const AGENT_PAYER: &str = "Infomedics B.V.";
/// Fees: per receipt, and per batch on a line of its own.
const AGENT_FEE: i64 = 1_95;
const AGENT_BATCH_FEE: i64 = 4_50;

/// The account the agent pays out from.
fn agent_iban() -> String {
    iban("ABNA", 243_240_058)
}

/// The payout number of the batch paid out in ISO week `week` of `year`.
fn payout_number(year: i32, week: u32) -> String {
    format!("UB-{year}-{week:02}")
}

/// True for a client whose invoices go through the agent: a third of them,
/// chosen by a hash so that the main random stream is untouched.
fn through_agent(seed: u64, client: u32) -> bool {
    mix64(seed ^ 0x00A6_E715 ^ (u64::from(client) << 20)).is_multiple_of(3)
}

/// One receipt on the agent's statement.
struct Receipt {
    invoice: u32,
    cents: i64,
    date: NaiveDate,
    /// The statement gives the betalingskenmerk, not the invoice number.
    by_kenmerk: bool,
    fee: i64,
}

/// One weekly batch: the receipts of a week, paid out on the Friday after.
struct Batch {
    number: String,
    payout_date: NaiveDate,
    receipts: Vec<Receipt>,
    /// Paid into the bank (false: still in transit on the last day).
    paid: bool,
}

impl Batch {
    fn received(&self) -> i64 {
        self.receipts.iter().map(|r| r.cents).sum()
    }

    fn fees(&self) -> i64 {
        self.receipts.iter().map(|r| r.fee).sum::<i64>() + AGENT_BATCH_FEE
    }
}

/// Moves the payments of the agent's clients out of the bank and onto the
/// agent's statements, and adds the agent's payouts to the ING account.
/// `evs` stays sorted by account, day and order.
fn route_through_agent(w: &World, evs: &mut Vec<Ev>) -> Vec<Batch> {
    let mut rng = Rng::new(w.seed ^ 0xA6E7_0000);
    let mut batches: std::collections::BTreeMap<NaiveDate, Batch> = Default::default();
    let mut add = |invoice: u32, cents: i64, day: u16, mode: Mode| {
        if cents == 0 {
            return;
        }
        let date = w.days[day as usize];
        let monday = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
        let payout_date = monday + Duration::days(11);
        let week = payout_date.iso_week();
        let batch = batches.entry(payout_date).or_insert_with(|| Batch {
            number: payout_number(week.year(), week.week()),
            payout_date,
            receipts: Vec::new(),
            paid: false,
        });
        batch.receipts.push(Receipt {
            invoice,
            cents,
            date,
            by_kenmerk: mode == Mode::Kenmerk && w.invoices[invoice as usize].kenmerk.is_some(),
            fee: if cents > 0 { AGENT_FEE } else { 0 },
        });
    };
    for ev in evs.iter_mut() {
        if !matches!(ev.kind, Kind::ClientPay | Kind::Return | Kind::Refund) {
            continue;
        }
        let client = w.invoices[ev.a as usize].client;
        if !through_agent(w.seed, client) {
            continue;
        }
        ev.removed = true;
        // A return or a refund is the agent taking the money back.
        if ev.b != NONE {
            // One transfer for two invoices (or its return): the second
            // invoice's share, the rest on the first.
            let second = &w.invoices[ev.b as usize];
            let need = (second.amount - second.credited).clamp(0, ev.amount.abs());
            let share = need * ev.amount.signum();
            add(ev.a, ev.amount - share, ev.day, ev.mode);
            add(ev.b, share, ev.day, ev.mode);
        } else {
            add(ev.a, ev.amount, ev.day, ev.mode);
        }
    }
    evs.retain(|e| !e.removed);
    let mut out: Vec<Batch> = batches.into_values().collect();
    for (k, b) in out.iter_mut().enumerate() {
        let amount = b.received() - b.fees();
        let Some(day) = w.booking_day(b.payout_date + Duration::days(1)) else {
            continue;
        };
        if amount <= 0 || w.days[day as usize] > ymd(END) {
            continue;
        }
        // One payout in 25 comes in 2.50 short: a difference to explain.
        let short = if k % 25 == 12 { 2_50 } else { 0 };
        let mut ev = Ev::new(day, 0, Kind::AgentPayout, amount - short, rng.next() as u32);
        let week = b.payout_date.iso_week();
        ev.a = week.week();
        ev.b = week.year() as u32;
        ev.ord = rng.next() as u32;
        evs.push(ev);
        b.paid = true;
    }
    evs.sort_by_key(|e| (e.acct, e.day, e.ord));
    out
}

/// Writes the statements: one file per month of payout dates, CSV and
/// xlsx by turns. Returns the number of files.
fn write_agents(w: &World, batches: &[Batch], dir: &Path) -> anyhow::Result<usize> {
    let month = |b: &Batch| (b.payout_date.year(), b.payout_date.month());
    let mut files = 0;
    let mut start = 0;
    while start < batches.len() {
        let m = month(&batches[start]);
        let end = start
            + batches[start..]
                .iter()
                .take_while(|b| month(b) == m)
                .count();
        let stem = format!("infomedics-{}-{:02}", m.0, m.1);
        let part = &batches[start..end];
        let r = if files % 2 == 0 {
            let path = dir.join(format!("{stem}.csv"));
            write_agent_csv(w, part, &path)
                .with_context(|| format!("cannot write {}", path.display()))
        } else {
            let path = dir.join(format!("{stem}.xlsx"));
            write_agent_xlsx(w, part, &path)
                .with_context(|| format!("cannot write {}", path.display()))
        };
        r?;
        files += 1;
        start = end;
    }
    Ok(files)
}

/// Semicolons, Dutch amounts, three title rows, a fee line and a totals
/// row per batch.
fn write_agent_csv(w: &World, batches: &[Batch], path: &Path) -> anyhow::Result<()> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_path(path)?;
    let blank = ["", "", "", "", "", "", ""];
    let first = batches.first().map(|b| b.payout_date).unwrap_or_default();
    out.write_record(["Infomedics B.V."].iter().chain(&blank))?;
    out.write_record(
        [format!(
            "Uitbetalingsspecificatie {} {}",
            MONTHS[first.month0() as usize],
            first.year()
        )
        .as_str()]
        .iter()
        .chain(&blank),
    )?;
    out.write_record(
        ["Zorgaanbieder: Balans Thuiszorg (benchmark)"]
            .iter()
            .chain(&blank),
    )?;
    out.write_record([
        "Uitbetaling",
        "Uitbetaaldatum",
        "Nota",
        "Betalingskenmerk",
        "Debiteur",
        "Ontvangstdatum",
        "Ontvangen",
        "Kosten",
    ])?;
    for b in batches {
        let payout_date = fmt_day(b.payout_date);
        for r in &b.receipts {
            let inv = &w.invoices[r.invoice as usize];
            let (nota, kenmerk) = if r.by_kenmerk {
                ("", inv.kenmerk.as_deref().unwrap_or(""))
            } else {
                (inv.number.as_str(), "")
            };
            out.write_record([
                b.number.as_str(),
                &payout_date,
                nota,
                kenmerk,
                &w.clients[inv.client as usize].name(),
                &fmt_day(r.date),
                &fmt_comma(r.cents, true),
                &fmt_comma(r.fee, false),
            ])?;
        }
        out.write_record([
            b.number.as_str(),
            &payout_date,
            "",
            "",
            "Verwerkingskosten",
            "",
            "",
            &fmt_comma(AGENT_BATCH_FEE, false),
        ])?;
        out.write_record([
            format!("Totaal {}", b.number).as_str(),
            "",
            "",
            "",
            "",
            "",
            &fmt_comma(b.received(), true),
            &fmt_comma(b.fees(), false),
        ])?;
    }
    out.flush()?;
    Ok(())
}

/// A sheet per batch: title rows, numbers and dates as cells, the fee line
/// and a totals row.
fn write_agent_xlsx(w: &World, batches: &[Batch], path: &Path) -> anyhow::Result<()> {
    let f = Formats {
        bold: Format::new().set_bold(),
        money: Format::new().set_num_format("€ #,##0.00"),
        date: Format::new().set_num_format("dd-mm-yyyy"),
        title: Format::new().set_bold().set_font_size(14),
    };
    let mut book = Workbook::new();
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 18)?;
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let excel_date = |d: NaiveDate| {
        rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
    };
    for b in batches {
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(&b.number)?;
        sheet.write_string_with_format(0, 0, "Betaaloverzicht Infomedics", &f.title)?;
        sheet.write_string(
            1,
            0,
            format!("Uitbetaling {} d.d. {}", b.number, fmt_day(b.payout_date)),
        )?;
        header(
            sheet,
            3,
            &[
                "Factuurnummer",
                "Kenmerk",
                "Cliënt",
                "Datum ontvangst",
                "Ontvangen bedrag",
                "Provisie",
                "Batch",
                "Datum uitbetaling",
            ],
            &f,
        )?;
        let mut row = 4;
        let payout = excel_date(b.payout_date)?;
        for r in &b.receipts {
            let inv = &w.invoices[r.invoice as usize];
            if r.by_kenmerk {
                sheet.write_string(row, 1, inv.kenmerk.as_deref().unwrap_or(""))?;
            } else {
                sheet.write_string(row, 0, &inv.number)?;
            }
            sheet.write_string(row, 2, w.clients[inv.client as usize].name())?;
            sheet.write_datetime_with_format(row, 3, excel_date(r.date)?, &f.date)?;
            sheet.write_number_with_format(row, 4, r.cents as f64 / 100.0, &f.money)?;
            sheet.write_number_with_format(row, 5, r.fee as f64 / 100.0, &f.money)?;
            sheet.write_string(row, 6, &b.number)?;
            sheet.write_datetime_with_format(row, 7, &payout, &f.date)?;
            row += 1;
        }
        sheet.write_string(row, 2, "Verwerkingskosten batch")?;
        sheet.write_number_with_format(row, 5, AGENT_BATCH_FEE as f64 / 100.0, &f.money)?;
        sheet.write_string(row, 6, &b.number)?;
        sheet.write_datetime_with_format(row, 7, &payout, &f.date)?;
        row += 1;
        sheet.write_string_with_format(row, 0, "Totaal", &f.bold)?;
        sheet.write_number_with_format(row, 4, b.received() as f64 / 100.0, &f.money)?;
        sheet.write_number_with_format(row, 5, b.fees() as f64 / 100.0, &f.money)?;
    }
    book.save(path)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Orchestration

/// The (year, month) pairs of the bank period.
fn months(first: NaiveDate) -> impl Iterator<Item = (i32, u32)> {
    (0..13u32).map(move |m| {
        let t = first.month0() + m;
        (first.year() + (t / 12) as i32, t % 12 + 1)
    })
}

/// Sets the amounts of one account's treasury transfers: the top-up covers
/// the month's lowest point plus a margin, the sweep returns the balance to
/// where the month began.
fn set_treasury(w: &World, list: &mut [Ev]) {
    let month_of = |e: &Ev| {
        let d = w.days[e.day as usize];
        (d.year(), d.month())
    };
    let mut start = 0;
    while start < list.len() {
        let m = month_of(&list[start]);
        let end = start
            + list[start..]
                .iter()
                .take_while(|e| month_of(e) == m)
                .count();
        let (mut cum, mut low) = (0i64, 0i64);
        for e in list[start..end].iter().filter(|e| !e.treasury) {
            cum += e.amount;
            low = low.min(cum);
        }
        let top_up = ((-low + 1_000_00) / 1_000_00 + 1) * 1_000_00;
        let sweep = -(cum + top_up);
        let mut first = true;
        for e in list[start..end].iter_mut().filter(|e| e.treasury) {
            e.amount = if first { top_up } else { sweep };
            e.kind = if e.amount < 0 {
                Kind::OwnOut
            } else {
                Kind::OwnIn
            };
            first = false;
        }
        start = end;
    }
}

fn generate(args: &Args) -> anyhow::Result<Manifest> {
    let sizes = if args.typical {
        Sizes::typical()
    } else {
        Sizes::scaled(args.scale)
    };
    let mut rng = Rng::new(args.seed);
    let first = ymd(START);
    let days: Vec<NaiveDate> = (0..=(ymd(END) - first).num_days())
        .map(|i| first + Duration::days(i))
        .collect();
    let insurers = insurers();
    let clients = make_clients(&mut rng, sizes.clients, insurers.len());
    let invoices = make_invoices(&mut rng, sizes.invoices, clients.len());
    let (specs, decls) = make_specs(&mut rng, &clients, &invoices, &insurers, sizes.spec_lines);
    let employees = (0..(sizes.clients / 8).max(10))
        .map(|i| {
            let first = char::from(rng.pick(INITIALS));
            let sur = rng.pick(&SURNAMES);
            let _ = i;
            (
                format!("{first}. {sur}"),
                iban(rng.pick(&CLIENT_BANKS), rng.below(9_000_000_000)),
            )
        })
        .collect();
    let w = World {
        seed: args.seed,
        days,
        clients,
        invoices,
        specs,
        decls,
        insurers,
        employees,
        accounts: accounts(),
        savings: iban("INGB", 9_988_776_655),
    };
    let weights: Vec<u32> = w.accounts.iter().map(|a| a.weight).collect();
    let (mut evs, client_payments, insurer_payments) = make_payments(&mut rng, &w, weights.clone());
    evs.extend(make_fixed(&mut rng, &w));
    let pick_acct = |rng: &mut Rng| {
        let total: u32 = weights.iter().sum();
        let mut r = rng.below(u64::from(total)) as u32;
        for (i, wt) in weights.iter().enumerate() {
            if r < *wt {
                return i as u8;
            }
            r -= wt;
        }
        0
    };
    // Per account and month: a top-up from savings on its first working day
    // and a sweep back on its last, so balances stay near the opening one.
    let mut treasury = Vec::new();
    for (m, (y, mo)) in months(w.days[0]).enumerate() {
        let first = NaiveDate::from_ymd_opt(y, mo, 1).and_then(|d| w.booking_day(d));
        let mut last = NaiveDate::from_ymd_opt(y, mo, 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .map(|d| (d - Duration::days(1)).min(ymd(END)));
        while let Some(d) = last.filter(|d| is_weekend(*d)) {
            last = Some(d - Duration::days(1));
        }
        let last = last.and_then(|d| w.day_of(d));
        if let (Some(f), Some(l)) = (first, last) {
            for acct in 0..w.accounts.len() as u8 {
                for (day, ord) in [(f, 0), (l, u32::MAX)] {
                    let mut ev = Ev::new(day, acct, Kind::OwnIn, 0, m as u32);
                    ev.b = w.accounts.len() as u32;
                    ev.treasury = true;
                    ev.ord = ord;
                    treasury.push(ev);
                }
            }
        }
    }
    let noise = sizes.bank_lines.saturating_sub(evs.len() + treasury.len());
    evs.extend(make_noise(&mut rng, &w, &pick_acct, noise));
    for ev in &mut evs {
        ev.ord = rng.next() as u32;
    }
    evs.extend(treasury);
    evs.sort_by_key(|e| (e.acct, e.day, e.ord));

    // Export files per account: day ranges, consecutive ones sharing a day.
    let n_days = w.days.len();
    let mut plans: Vec<Vec<(usize, usize, String)>> = Vec::new(); // (from_day, to_day excl, name)
    for a in &w.accounts {
        let mut v = Vec::new();
        for k in 0..a.files {
            let mut from = k * n_days / a.files;
            let to = (k + 1) * n_days / a.files;
            if k > 0 && a.overlap {
                // Start at the last working day of the previous export.
                from -= 1;
                while from > 0 && is_weekend(w.days[from]) {
                    from -= 1;
                }
            }
            let (stem, ext) = match a.fmt {
                Fmt::Ing => ("ing", "csv"),
                Fmt::Rabobank => ("rabobank", "csv"),
                Fmt::Camt => ("camt053", "xml"),
                Fmt::Mt940 => ("mt940", "sta"),
                Fmt::Generic => ("generic", "csv"),
            };
            let name = format!(
                "{stem}-{}.{ext}",
                w.days[(k * n_days / a.files).min(n_days - 1)].format("%Y-%m-%d")
            );
            v.push((from, to, name));
        }
        plans.push(v);
    }
    // Lines in two exports count twice; make room by dropping as many noise
    // lines elsewhere, so the files hold the requested number of lines.
    let overlap_day = |acct: usize, day: usize| {
        plans[acct]
            .windows(2)
            .any(|p| day >= p[1].0 && day < p[0].1)
    };
    let dups: usize = evs
        .iter()
        .filter(|e| overlap_day(e.acct as usize, e.day as usize))
        .count();
    let mut candidates: Vec<usize> = evs
        .iter()
        .enumerate()
        .filter(|(_, e)| e.noise && !overlap_day(e.acct as usize, e.day as usize))
        .map(|(i, _)| i)
        .collect();
    for k in 0..dups.min(candidates.len()) {
        let j = k + rng.below((candidates.len() - k) as u64) as usize;
        candidates.swap(k, j);
        evs[candidates[k]].removed = true;
    }
    evs.retain(|e| !e.removed);
    let batches = if args.agents {
        route_through_agent(&w, &mut evs)
    } else {
        Vec::new()
    };
    // Balances and sequence numbers per account.
    let mut per_acct: Vec<Vec<Ev>> = vec![Vec::new(); w.accounts.len()];
    for ev in evs {
        per_acct[ev.acct as usize].push(ev);
    }
    for list in per_acct.iter_mut() {
        set_treasury(&w, list);
    }
    for (a, list) in w.accounts.iter().zip(per_acct.iter_mut()) {
        let mut bal = a.opening;
        for (i, ev) in list.iter_mut().enumerate() {
            bal += ev.amount;
            ev.bal = bal;
            ev.seq = i as u32 + 1;
        }
    }

    let out = &args.out;
    let agents_dir = out.join("agents");
    if agents_dir.exists() {
        fs::remove_dir_all(&agents_dir)
            .with_context(|| format!("cannot clear {}", agents_dir.display()))?;
    }
    let subs: &[&str] = if args.agents {
        &["invoices", "bank", "specs", "agents"]
    } else {
        &["invoices", "bank", "specs"]
    };
    for sub in subs {
        let d = out.join(sub);
        if d.exists() {
            fs::remove_dir_all(&d).with_context(|| format!("cannot clear {}", d.display()))?;
        }
        fs::create_dir_all(&d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    let manifest_path = out.join("workload.txt");
    let _ = fs::remove_file(&manifest_path);
    write_register(&w, &out.join("invoices/facturen.csv"), args.agents)?;
    let spec_workbooks = write_specs(&w, &out.join("specs"))?;
    let mut bank_lines = 0;
    let mut bank_files = 0;
    for ((a, list), plan) in w.accounts.iter().zip(&per_acct).zip(&plans) {
        let exports: Vec<Export> = plan
            .iter()
            .map(|(from, to, name)| {
                let lo = list.partition_point(|e| (e.day as usize) < *from);
                let hi = list.partition_point(|e| (e.day as usize) < *to);
                Export {
                    name: name.clone(),
                    evs: &list[lo..hi],
                }
            })
            .collect();
        bank_lines += exports.iter().map(|e| e.evs.len()).sum::<usize>();
        bank_files += exports.len();
        write_bank(&w, a, &exports, &out.join("bank"))?;
    }
    write_config(&w, &out.join("zorgrecon.toml"), args.agents)?;
    let agent_files = if args.agents {
        write_agents(&w, &batches, &agents_dir)?
    } else {
        0
    };
    let m = Manifest {
        clients: w.clients.len(),
        invoices: w.invoices.len(),
        credit_notes: w.invoices.iter().filter(|i| i.credit_for != NONE).count(),
        bank_lines,
        bank_duplicates: dups,
        bank_files,
        spec_lines: w.specs.len(),
        spec_workbooks,
        client_payments,
        insurer_payments,
        agent_receipts: batches.iter().map(|b| b.receipts.len()).sum(),
        agent_batches: batches.len(),
        agent_payouts: batches.iter().filter(|b| b.paid).count(),
        agent_files,
    };
    let scale = if args.typical {
        "typical".to_string()
    } else {
        args.scale.to_string()
    };
    let mut text = format!(
        "generator={GENERATOR_VERSION}\nseed={}\nscale={scale}\nclients={}\ninvoices={}\ncredit_notes={}\nbank_lines={}\nbank_duplicates={}\nbank_files={}\nspec_lines={}\nspec_workbooks={}\nclient_payments={}\ninsurer_payments={}\ncomplete=1\n",
        args.seed,
        m.clients,
        m.invoices,
        m.credit_notes,
        m.bank_lines,
        m.bank_duplicates,
        m.bank_files,
        m.spec_lines,
        m.spec_workbooks,
        m.client_payments,
        m.insurer_payments,
    );
    if args.agents {
        // Before `complete=1`, the line run.sh looks for last.
        let at = text.len() - "complete=1\n".len();
        text.insert_str(
            at,
            &format!(
                "agents=1\nagent_receipts={}\nagent_batches={}\nagent_payouts={}\nagent_files={}\n",
                m.agent_receipts, m.agent_batches, m.agent_payouts, m.agent_files
            ),
        );
    }
    fs::write(&manifest_path, text)?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zorgrecon::ident::Iban;
    use zorgrecon::reference::is_betalingskenmerk;

    fn valid_iban(s: &str) -> bool {
        Iban::parse(s).is_some_and(|i| i.is_valid_iban())
    }

    #[test]
    fn generated_ibans_pass_the_mod97_check() {
        let mut rng = Rng::new(3);
        for _ in 0..2_000 {
            let s = iban(rng.pick(&CLIENT_BANKS), rng.below(9_999_999_999));
            assert!(valid_iban(&s), "{s}");
        }
        for a in accounts() {
            assert!(valid_iban(&a.iban), "{}", a.iban);
        }
        for i in insurers() {
            assert!(valid_iban(&i.iban), "{}", i.iban);
        }
        // A known-good IBAN from the demo data set.
        assert_eq!(iban("INGB", 1_234_567), "NL20INGB0001234567");
    }

    #[test]
    fn generated_kenmerken_have_a_valid_check_digit() {
        let mut rng = Rng::new(4);
        for _ in 0..2_000 {
            let k = kenmerk16(&mut rng);
            assert_eq!(k.len(), 16);
            assert!(is_betalingskenmerk(&k), "{k}");
        }
    }

    #[test]
    fn a_typo_is_never_an_invoice_number() {
        // Invoice numbers are `yyyy-nnnnnn` for 2025 and 2026; a typo drops
        // or doubles a digit (other length) or swaps the year's last digits.
        for k in 0..5_000u32 {
            let n = format!("{}-{:06}", 2025 + k % 2, k + 1);
            for v in [0u32, 1 << 20, 2 << 20, 0xFFFF_FFFF, 0x1234_5678] {
                let t = typo(&n, v);
                assert_ne!(t, n);
                let other_number =
                    t.len() == n.len() && (t.starts_with("2025-") || t.starts_with("2026-"));
                assert!(!other_number, "{n} -> {t}");
            }
        }
    }

    #[test]
    fn amounts_are_written_as_the_banks_write_them() {
        assert_eq!(fmt_comma(123_456, true), "1.234,56");
        assert_eq!(fmt_comma(100_000_000, true), "1.000.000,00");
        assert_eq!(fmt_comma(-6_480, true), "-64,80");
        assert_eq!(fmt_comma(123_456, false), "1234,56");
        assert_eq!(fmt_comma(5, false), "0,05");
        assert_eq!(fmt_dot(-5), "-0.05");
        assert_eq!(fmt_dot(123_400), "1234.00");
    }

    #[test]
    fn rabobank_descriptions_split_at_spaces() {
        let [a, b, c] = split3("factuur 2026-000123 zorg augustus en september voor J. de Vries");
        assert!(a.len() <= 35 && b.len() <= 35, "{a:?} {b:?}");
        assert_eq!(
            format!("{a} {b} {c}").trim(),
            "factuur 2026-000123 zorg augustus en september voor J. de Vries"
        );
        assert!(a.contains("2026-000123"));
    }

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for sub in ["invoices", "bank", "specs"] {
            let mut names: Vec<_> = fs::read_dir(dir.join(sub))
                .expect("generated folder")
                .map(|e| e.expect("entry").path())
                .collect();
            names.sort();
            for p in names {
                let bytes = fs::read(&p).expect("readable file");
                out.push((
                    p.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned(),
                    bytes,
                ));
            }
        }
        out
    }

    fn generate_at(dir: &Path, seed: u64) -> Manifest {
        let args = Args {
            out: dir.to_path_buf(),
            scale: 0.001,
            seed,
            typical: false,
            agents: false,
        };
        generate(&args).expect("generation succeeds")
    }

    /// `--agents`: the same world with a third of the clients' payments on
    /// the agent's statements, which the job's reader reads without a
    /// problem, and the configuration the job accepts.
    #[test]
    fn agents_route_a_third_of_the_payments_through_statements() {
        let a = tempfile::tempdir().expect("tempdir");
        let b = tempfile::tempdir().expect("tempdir");
        let args = |dir: &Path| Args {
            out: dir.to_path_buf(),
            scale: 0.002,
            seed: 7,
            typical: false,
            agents: true,
        };
        let m = generate(&args(a.path())).expect("generation succeeds");
        generate(&args(b.path())).expect("generation succeeds");
        assert_eq!(files(a.path()), files(b.path()), "same seed, same bytes");
        let statements = |dir: &Path| {
            let mut v: Vec<_> = fs::read_dir(dir.join("agents"))
                .expect("agents folder")
                .map(|e| e.expect("entry").path())
                .collect();
            v.sort();
            v
        };
        let paths = statements(a.path());
        assert_eq!(paths.len(), m.agent_files);
        assert!(
            paths
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "csv"))
        );
        assert!(
            paths
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "xlsx"))
        );
        for (x, y) in paths.iter().zip(statements(b.path())) {
            assert_eq!(
                fs::read(x).expect("statement"),
                fs::read(y).expect("statement")
            );
        }
        assert!(m.agent_receipts > 50, "{}", m.agent_receipts);
        assert!(m.agent_payouts > 10 && m.agent_payouts <= m.agent_batches);

        // The job reads every receipt and fee line, with no problem.
        let mut receipts = 0;
        let mut fee_lines = 0;
        for p in &paths {
            let rel: std::sync::Arc<str> = std::sync::Arc::from(
                format!(
                    "agents/{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                )
                .as_str(),
            );
            let read =
                zorgrecon::ingest::agents::read(&rel, &fs::read(p).expect("statement"), AGENT);
            assert_eq!(read.problems, vec![], "{rel}");
            receipts += read.rows.iter().filter(|l| l.received.is_some()).count();
            fee_lines += read.rows.iter().filter(|l| l.received.is_none()).count();
            assert!(
                read.rows
                    .iter()
                    .all(|l| l.payout.is_some() && l.payout_date.is_some())
            );
        }
        assert_eq!(receipts, m.agent_receipts);
        assert_eq!(fee_lines, m.agent_batches);

        // The bank lost the agent's clients' payments and gained payouts.
        assert!(m.bank_lines < Sizes::scaled(0.002).bank_lines);
        let toml = fs::read_to_string(a.path().join("zorgrecon.toml")).expect("config written");
        let policy = zorgrecon::config::Policy::from_toml(&toml).expect("valid configuration");
        let iban = Iban::parse(&agent_iban()).expect("agent iban");
        assert!(valid_iban(&agent_iban()));
        assert_eq!(policy.agent_of_iban(&iban), Some(AGENT));
        let register =
            fs::read_to_string(a.path().join("invoices/facturen.csv")).expect("register");
        assert!(
            register
                .lines()
                .next()
                .is_some_and(|h| h.ends_with(";Incassobureau"))
        );
        let routed = register
            .lines()
            .filter(|l| l.ends_with(";Infomedics"))
            .count();
        let share = routed as f64 / m.invoices as f64;
        assert!((0.25..0.42).contains(&share), "{share}");
    }

    #[test]
    fn small_workload_is_deterministic_and_complete() {
        let a = tempfile::tempdir().expect("tempdir");
        let b = tempfile::tempdir().expect("tempdir");
        let c = tempfile::tempdir().expect("tempdir");
        let m = generate_at(a.path(), 7);
        generate_at(b.path(), 7);
        generate_at(c.path(), 8);
        let fa = files(a.path());
        assert_eq!(fa, files(b.path()), "same seed, same bytes");
        assert_ne!(fa, files(c.path()), "another seed, other data");

        // Sizes of BENCHMARKS.md times 0.001.
        assert_eq!(m.invoices, 200);
        assert_eq!(m.bank_lines, 1_000);
        assert!((150..=260).contains(&m.spec_lines), "{}", m.spec_lines);
        assert!(m.bank_duplicates > 0);
        assert!(m.client_payments > 100);

        // Every format is there, and the CSV line counts add up.
        let names: Vec<&str> = fa.iter().map(|(n, _)| n.as_str()).collect();
        for stem in [
            "facturen.csv",
            "ing-",
            "rabobank-",
            "camt053-",
            "mt940-",
            "generic-",
            ".xlsx",
        ] {
            assert!(
                names.iter().any(|n| n.contains(stem)),
                "{stem} missing in {names:?}"
            );
        }
        let csv_rows: usize = fa
            .iter()
            .filter(|(n, _)| n.ends_with(".csv") && n != "facturen.csv")
            .map(|(_, b)| b.iter().filter(|c| **c == b'\n').count() - 1)
            .sum();
        let mt940: usize = fa
            .iter()
            .filter(|(n, _)| n.ends_with(".sta"))
            .map(|(_, b)| String::from_utf8_lossy(b).matches("\n:61:").count())
            .sum();
        let camt: usize = fa
            .iter()
            .filter(|(n, _)| n.ends_with(".xml"))
            .map(|(_, b)| String::from_utf8_lossy(b).matches("<TxDtls>").count())
            .sum();
        assert_eq!(csv_rows + mt940 + camt, m.bank_lines);

        // Rabobank is ISO-8859-1: the header's ë is one byte, 0xEB.
        let (_, rabo) = fa
            .iter()
            .find(|(n, _)| n.starts_with("rabobank-"))
            .expect("rabobank file");
        assert!(rabo.windows(2).any(|w| w == [b'i', 0xEB]));

        // The configuration is one the job accepts.
        let toml = fs::read_to_string(a.path().join("zorgrecon.toml")).expect("config written");
        let policy = zorgrecon::config::Policy::from_toml(&toml).expect("valid configuration");
        assert_eq!(policy.own_ibans.len(), 6);
        assert_eq!(policy.insurers.len(), 9);

        // The register has the Dutch header and one row per invoice.
        let (_, reg) = &fa[0];
        let text = String::from_utf8(reg.clone()).expect("UTF-8 register");
        assert!(text.starts_with("Factuurnummer;Cliëntnummer;Naam;Factuurdatum;Vervaldatum;Bedrag;Zorgverzekeraar;IBAN;Betalingskenmerk;Creditnota voor\n"));
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.as_bytes());
        assert_eq!(
            r.records()
                .filter(|x| x.as_ref().is_ok_and(|x| x.len() == 10))
                .count(),
            200
        );
    }
}
