//! Properties of every bank reader, amounts exactly or not at all: an
//! amount written the way the format writes it is read back as exactly
//! that amount, and an amount with a character typed into it is a
//! problem on its own line while the other lines are read.
//!
//! Each format is a small writer: a header, a line with a given amount
//! text and sign, and the way the bank writes an amount (decimal comma or
//! point, thousands separators, zero padding, sign or indicator column).
//! Files go through the front door (`ingest::bank::read`), detection
//! included.

use std::sync::Arc;

use proptest::prelude::*;
use rust_decimal::Decimal;

use zorgrecon::ingest::bank;
use zorgrecon::money::Money;
use zorgrecon::problem::Severity;

/// How a format writes the digits of an amount.
#[derive(Clone, Copy, Debug)]
struct Style {
    /// The decimal separator.
    decimal: char,
    /// The thousands separator, if the format groups thousands.
    group: Option<char>,
    /// Zero-padded to this many characters (old Rabobank MT940).
    pad: usize,
    /// The separator even without decimals (`203,`).
    always_separator: bool,
}

/// The digits of `|x|` as `style` writes them, every digit of `x` kept.
fn digits(x: Decimal, style: Style) -> String {
    let plain = x.abs().to_string();
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0
            && (int.len() - i).is_multiple_of(3)
            && let Some(g) = style.group
        {
            out.push(g);
        }
        out.push(c);
    }
    if !frac.is_empty() || style.always_separator {
        out.push(style.decimal);
        out.push_str(frac);
    }
    let width = style.pad.max(out.len());
    format!("{out:0>width$}")
}

/// A bank format under test.
struct Format {
    /// The format name `bank::read` must report.
    name: &'static str,
    /// What comes before the first transaction.
    head: &'static str,
    /// Physical lines per transaction.
    lines_per_row: u64,
    /// How the amount is written.
    style: Style,
    /// Whether the amount carries its sign (`-12,50`) rather than an
    /// indicator column.
    signed: bool,
    /// One transaction with the amount text and the credit/debit sign.
    row: fn(&str, bool) -> String,
    /// Decimals the format writes: up to 2, or exactly 2.
    exactly_two_decimals: bool,
    /// Problems are located by line (`file:n`), not by entry.
    by_line: bool,
}

const COMMA: Style = Style {
    decimal: ',',
    group: None,
    pad: 0,
    always_separator: false,
};

impl Format {
    /// A format of one physical line per transaction, with exactly two
    /// decimals and problems located by line: every CSV-like export.
    fn by_line(
        name: &'static str,
        head: &'static str,
        style: Style,
        signed: bool,
        row: fn(&str, bool) -> String,
    ) -> Format {
        Format {
            name,
            head,
            lines_per_row: 1,
            style,
            signed,
            row,
            exactly_two_decimals: true,
            by_line: true,
        }
    }
}

fn formats() -> Vec<Format> {
    vec![
        Format {
            name: "mt940",
            head: ":20:STMT\n:25:NL91ABNA0417164300\n:28C:1/1\n:60F:C260101EUR100,00\n",
            lines_per_row: 2,
            style: Style {
                always_separator: true,
                ..COMMA
            },
            signed: false,
            row: |a, credit| {
                let cd = if credit { 'C' } else { 'D' };
                format!(":61:2601050105{cd}{a}NTRFNONREF//B1\n:86:/REMI/USTD//nota 7/\n")
            },
            exactly_two_decimals: false,
            by_line: true,
        },
        Format {
            name: "mt940",
            head: ":940:\n:20:940S030105\n:25:0230346979EUR\n:28:00001\n:60F:C030102EUR000000001000.00\n",
            lines_per_row: 1,
            style: Style {
                decimal: '.',
                group: None,
                pad: 15,
                always_separator: true,
            },
            signed: false,
            row: |a, credit| {
                let cd = if credit { 'C' } else { 'D' };
                format!(":61:030105{cd}{a}NMSC0123456789  J. DOE\n")
            },
            exactly_two_decimals: false,
            by_line: true,
        },
        Format {
            name: "camt053",
            head: "",
            lines_per_row: 1,
            style: Style {
                decimal: '.',
                ..COMMA
            },
            signed: false,
            row: |a, credit| {
                let ind = if credit { "CRDT" } else { "DBIT" };
                format!(
                    "<Ntry><Amt Ccy=\"EUR\">{a}</Amt><CdtDbtInd>{ind}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-05</Dt></BookgDt></Ntry>\n"
                )
            },
            exactly_two_decimals: false,
            by_line: false,
        },
        Format::by_line(
            "ing",
            "\"Datum\",\"Naam / Omschrijving\",\"Rekening\",\"Tegenrekening\",\"Code\",\"Af Bij\",\"Bedrag (EUR)\",\"MutatieSoort\",\"Mededelingen\"\n",
            COMMA,
            false,
            |a, credit| {
                let ab = if credit { "Bij" } else { "Af" };
                format!(
                    "\"20260105\",\"J. Jansen\",\"NL91ABNA0417164300\",\"NL02RABO0123456789\",\"OV\",\"{ab}\",\"{a}\",\"Overschrijving\",\"Naam: J. Jansen Omschrijving: nota 7\"\n"
                )
            },
        ),
        Format::by_line(
            "rabobank",
            "\"IBAN/BBAN\",\"Munt\",\"BIC\",\"Volgnr\",\"Datum\",\"Rentedatum\",\"Bedrag\",\"Saldo na trn\",\"Tegenrekening IBAN/BBAN\",\"Naam tegenpartij\",\"Naam uiteindelijke partij\",\"Naam initiërende partij\",\"BIC tegenpartij\",\"Code\",\"Batch ID\",\"Transactiereferentie\",\"Machtigingskenmerk\",\"Incassant ID\",\"Betalingskenmerk\",\"Omschrijving-1\",\"Omschrijving-2\",\"Omschrijving-3\",\"Reden retour\",\"Oorspr bedrag\",\"Oorspr munt\",\"Koers\"\n",
            COMMA,
            true,
            |a, _| {
                format!(
                    "\"NL00RABO1234567890\",\"EUR\",\"RABONL2U\",\"000000000000007001\",\"2024-03-01\",\"2024-03-02\",\"{a}\",\"+1000,00\",\"NL91ABNA0417164300\",\"J. Jansen\",\"\",\"\",\"\",\"cb\",\"\",\"\",\"\",\"\",\"\",\"nota 7\",\"\",\"\",\"\",\"\",\"\",\"\"\n"
                )
            },
        ),
        Format::by_line("abnamro-tab", "", COMMA, true, |a, _| {
            format!(
                "123456789\tEUR\t20230210\t1,00\t2,00\t20230210\t{a}\t/TRTP/SEPA OVERBOEKING/NAME/J. Jansen/REMI/nota 7\n"
            )
        }),
        Format::by_line(
            "triodos",
            "",
            Style {
                group: Some('.'),
                ..COMMA
            },
            false,
            |a, credit| {
                let dc = if credit { "Credit" } else { "Debet" };
                format!(
                    "\"02-11-2020\",\"NL74TRIO0123456789\",\"{a}\",\"{dc}\",\"J. Jansen\",\"MOYONL21 NL13MOYO0123456789\",\"ET\",\"nota 7\"\r\n"
                )
            },
        ),
        Format::by_line(
            "asn",
            "",
            Style {
                decimal: '.',
                ..COMMA
            },
            true,
            |a, _| {
                format!(
                    "02-01-2019,NL00ASNB0123456789,NL00RABO1234567890,J F Kennedy,,,,EUR,200.00,EUR,{a},02-01-2019,03-01-2019,1234,OVB,12341234,,'nota 7',3\n"
                )
            },
        ),
        Format::by_line(
            "knab",
            "KNAB EXPORT;;;;;;;;;;;;;;;;\r\nRekeningnummer;Transactiedatum;Valutacode;CreditDebet;Bedrag;Tegenrekeningnummer;Tegenrekeninghouder;Valutadatum;Betaalwijze;Omschrijving;Type betaling;Machtigingsnummer;Incassant ID;Adres;Referentie;Boekdatum;\r\n",
            Style {
                group: Some('.'),
                ..COMMA
            },
            false,
            |a, credit| {
                let cd = if credit { "C" } else { "D" };
                format!(
                    "\"NL27KNAB1234567890\";\"17-05-2019\";\"EUR\";\"{cd}\";\"{a}\";\"NL91ABNA0417164300\";\"Jansen\";\"17-05-2019\";\"\";\"nota 7\";\"\";\"\";\"\";\"\";\"R2\";\"17-05-2019\";\r\n"
                )
            },
        ),
        Format::by_line(
            "bunq",
            "\"Date\",\"Interest Date\",\"Amount\",\"Account\",\"Counterparty\",\"Name\",\"Description\"\n",
            Style {
                group: Some('.'),
                ..COMMA
            },
            true,
            |a, _| {
                format!(
                    "\"2023-01-02\",\"2023-01-02\",\"{a}\",\"NL12BUNQ3456789123\",\"NL91ABNA0417164300\",\"J. Jansen\",\"nota 7\"\n"
                )
            },
        ),
        Format::by_line(
            "generic",
            "date;amount;counterparty_iban;counterparty_name;description\n",
            Style {
                decimal: '.',
                ..COMMA
            },
            true,
            |a, _| format!("2024-03-01;{a};NL91ABNA0417164300;J. Jansen;nota 7\n"),
        ),
    ]
}

impl Format {
    /// The amount text and credit flag of `x` in this format.
    fn write(&self, x: Decimal) -> (String, bool) {
        let d = digits(x, self.style);
        let credit = x >= Decimal::ZERO;
        let text = if !self.signed {
            d
        } else if credit {
            // Rabobank writes `+1000,00`; the others an unsigned credit.
            if self.name == "rabobank" {
                format!("+{d}")
            } else {
                d
            }
        } else {
            format!("-{d}")
        };
        (text, credit)
    }

    /// The whole file with one transaction per amount text.
    fn file(&self, rows: &[(String, bool)]) -> String {
        let body: String = rows.iter().map(|(a, c)| (self.row)(a, *c)).collect();
        if self.name == "camt053" {
            return format!(
                "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>\n<Stmt><Id>1</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>\n{body}</Stmt></BkToCstmrStmt></Document>\n"
            );
        }
        format!("{}{body}", self.head)
    }

    /// The physical line of transaction `i` (0-based).
    fn line_of(&self, i: usize) -> u64 {
        self.head.lines().count() as u64 + 1 + i as u64 * self.lines_per_row
    }
}

/// Amounts of up to ten digits before the point and up to two after it.
fn amount() -> impl Strategy<Value = Decimal> {
    (-10_000_000_000i64..10_000_000_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s))
}

/// The same amount with exactly two decimals, as CSV exports write it.
fn two_decimals(x: Decimal) -> Decimal {
    let mut x = x;
    x.rescale(2);
    x
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_reader_reads_the_amount_that_was_written(
        xs in proptest::collection::vec(amount(), 1..4)
    ) {
        for f in formats() {
            let xs: Vec<Decimal> = xs
                .iter()
                .map(|x| if f.exactly_two_decimals { two_decimals(*x) } else { *x })
                .collect();
            let rows: Vec<(String, bool)> = xs.iter().map(|x| f.write(*x)).collect();
            let text = f.file(&rows);
            let r = bank::read(&Arc::from("bank/x"), text.as_bytes());
            prop_assert!(r.format.starts_with(f.name), "{} read as {}:\n{text}", f.name, r.format);
            prop_assert!(r.problems.iter().all(|p| p.severity != Severity::Error), "{}: {:?}\n{text}", f.name, r.problems);
            let got: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
            let want: Vec<Money> = xs.iter().map(|x| Money::new(*x)).collect();
            prop_assert_eq!(got, want, "{}:\n{}", f.name, text);
        }
    }

    #[test]
    fn an_amount_with_a_typed_character_is_a_problem_on_its_line(
        xs in proptest::collection::vec(amount(), 3),
        bad_row in 0usize..3,
        at in any::<prop::sample::Index>(),
        typed in prop::sample::select(vec!['O', 'o', 'I', 'l', 'x', 'E', '#', '/', '?']),
    ) {
        for f in formats() {
            let xs: Vec<Decimal> = xs
                .iter()
                .map(|x| if f.exactly_two_decimals { two_decimals(*x) } else { *x })
                .collect();
            let mut rows: Vec<(String, bool)> = xs.iter().map(|x| f.write(*x)).collect();
            let (text, _) = &mut rows[bad_row];
            let pos = at.index(text.len() + 1);
            text.insert(pos, typed);
            let file = f.file(&rows);
            let r = bank::read(&Arc::from("bank/x"), file.as_bytes());
            prop_assert!(r.format.starts_with(f.name), "{} read as {}:\n{file}", f.name, r.format);
            prop_assert_eq!((r.rows_read, r.rows_rejected), (3, 1), "{}:\n{}", f.name, file);
            let errors: Vec<_> = r.problems.iter().filter(|p| p.severity == Severity::Error).collect();
            prop_assert_eq!(errors.len(), 1, "{}: {:?}", f.name, r.problems);
            if f.by_line {
                prop_assert_eq!(errors[0].source.to_string(), format!("bank/x:{}", f.line_of(bad_row)));
            }
            let want: Vec<Money> = xs
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != bad_row)
                .map(|(_, x)| Money::new(*x))
                .collect();
            let got: Vec<Money> = r.rows.iter().map(|l| l.amount).collect();
            prop_assert_eq!(got, want, "{}:\n{}", f.name, file);
        }
    }
}

#[test]
fn the_writers_write_as_the_banks_do() {
    let x = Decimal::new(-1_234_567, 1);
    let f = formats();
    assert_eq!(f[0].write(x), ("123456,7".to_string(), false));
    assert_eq!(f[0].write(Decimal::new(203, 0)).0, "203,");
    assert_eq!(f[1].write(Decimal::new(35043, 2)).0, "000000000350.43");
    assert_eq!(f[6].write(two_decimals(x)).0, "123.456,70");
    assert_eq!(f[4].write(Decimal::new(100, 2)).0, "+1,00");
}
