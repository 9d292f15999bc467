//! De woorden die de cliënt leest: de zinnen en maanden van een brief en
//! hoe die een bedrag schrijft, en de omschrijving van een terugbetaling op
//! het bankafschrift.

use super::super::{LetterWords, MoneyMarks};
use super::Nl;

impl LetterWords for Nl {
    fn refund_note(&self, refund: &str) -> String {
        format!(
            "U heeft op een andere factuur {refund} te veel betaald; dat bedrag betalen wij u terug."
        )
    }

    fn consequences(&self, principal: &str, date: &str, costs: &str, total: &str) -> String {
        format!(
            "Betaalt u {principal} niet uiterlijk op {date}, dan bent u daarnaast {costs} incassokosten verschuldigd, samen {total}."
        )
    }

    fn month(&self, month0: u32) -> &'static str {
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
        MONTHS[month0 as usize % 12]
    }

    fn money_marks(&self) -> MoneyMarks {
        MoneyMarks {
            group: '.',
            decimal: ',',
            prefix: "€ ",
        }
    }
}

/// De omschrijving van een terugbetaling in `refunds.xml`: het
/// factuurnummer en niets over de zorg.
pub(in crate::report::text) fn refund_remittance(invoice: &str) -> String {
    format!("Terugbetaling factuur {invoice}")
}
