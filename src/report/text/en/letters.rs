//! The words the client reads, in English: a letter's sentences, months
//! and how it writes an amount.

use super::super::{LetterWords, MoneyMarks};
use super::En;

impl LetterWords for En {
    fn refund_note(&self, refund: &str) -> String {
        format!(
            "You paid {refund} too much on another invoice; we will pay that amount back to you."
        )
    }

    fn consequences(&self, principal: &str, date: &str, costs: &str, total: &str) -> String {
        format!(
            "If you do not pay {principal} by {date}, you will also owe {costs} in collection costs, {total} in all."
        )
    }

    fn month(&self, month0: u32) -> &'static str {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        MONTHS[month0 as usize % 12]
    }

    fn money_marks(&self) -> MoneyMarks {
        MoneyMarks {
            group: ',',
            decimal: '.',
            prefix: "€",
        }
    }
}
