//! Which letter a client is sent: a fact of the report, worded by the
//! catalogue (`report/text/`) and chosen by `letters/mod.rs`.

/// The kind of letter, in the order of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LetterKind {
    /// Please declare the invoice and send us the insurer's specification.
    SpecificationRequest,
    /// A reminder of an open amount.
    Reminder,
    /// The final (14-day) notice.
    FinalNotice,
}

impl LetterKind {
    /// The code written to `letters.csv` (the same in both languages).
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::SpecificationRequest => "specification_request",
            LetterKind::Reminder => "reminder",
            LetterKind::FinalNotice => "final_notice",
        }
    }
}
