//! Labelled free text (`Naam: … Omschrijving: … IBAN: … Kenmerk: …`), as
//! ING writes its `Mededelingen` and ABN AMRO its descriptions, split into
//! its labelled values.

use super::words::squash;

/// Free text with labels such as `Naam: … Omschrijving: … IBAN: …`, split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Labelled {
    /// Text before the first label.
    pub lead: String,
    /// `(canonical label, value)` in the order found.
    pub fields: Vec<(&'static str, String)>,
}

/// Canonical label names used by [`split_labels`].
pub(crate) mod label {
    /// Counterparty name.
    pub const NAME: &str = "name";
    /// Free description.
    pub const DESCRIPTION: &str = "description";
    /// Counterparty account.
    pub const IBAN: &str = "iban";
    /// Payment reference (kenmerk, betalingskenmerk, end-to-end id).
    pub const REFERENCE: &str = "reference";
    /// Anything else that is known to be a label (mandate, BIC, dates):
    /// recognised so that it ends the value before it.
    pub const OTHER: &str = "other";
}

/// Labels of ING's `Mededelingen` (Dutch and English download) and of ABN
/// AMRO's fixed-width descriptions, with their canonical meaning.
pub(crate) const LABELS: &[(&str, &str)] = &[
    ("Naam", label::NAME),
    ("Name", label::NAME),
    ("Omschrijving", label::DESCRIPTION),
    ("Description", label::DESCRIPTION),
    ("IBAN", label::IBAN),
    ("Kenmerk", label::REFERENCE),
    ("Betalingskenm.", label::REFERENCE),
    ("Betalingskenmerk", label::REFERENCE),
    ("Reference", label::REFERENCE),
    ("BIC", label::OTHER),
    ("Machtiging ID", label::OTHER),
    ("Machtiging", label::OTHER),
    ("Incassant ID", label::OTHER),
    ("ID debiteur", label::OTHER),
    ("Incassant", label::OTHER),
    ("Mandate ID", label::OTHER),
    ("Creditor ID", label::OTHER),
    ("Valutadatum", label::OTHER),
    ("Value date", label::OTHER),
    ("Voor", label::OTHER),
];

/// True when `text` starts with one of [`LABELS`] and its colon.
pub(crate) fn starts_with_label(text: &str) -> bool {
    label_at(text).is_some()
}

/// The label at the start of `text`: its canonical name and the length of
/// the label with its colon.
fn label_at(text: &str) -> Option<(&'static str, usize)> {
    // Most words start with no label's first letter: passed over without
    // comparing every label.
    let first = text.as_bytes().first()?.to_ascii_uppercase();
    if !b"NODIKBRMCV".contains(&first) {
        return None;
    }
    LABELS.iter().find_map(|(l, canon)| {
        let head = text.get(..l.len())?;
        let colon = text.get(l.len()..l.len() + 1)?;
        (head.eq_ignore_ascii_case(l) && colon == ":").then_some((*canon, l.len() + 1))
    })
}

/// Splits labelled free text. A label counts at the start of the text or
/// after white space, in any case, followed directly by a colon; a word
/// with a colon that is no known label (`Factuur:`) stays in the value.
pub(crate) fn split_labels(text: &str) -> Labelled {
    let mut marks: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if prev_space && let Some((canon, len)) = label_at(&text[i..]) {
            marks.push((i, i + len, canon));
        }
        prev_space = c.is_whitespace();
    }
    let mut out = Labelled {
        lead: squash(&text[..marks.first().map_or(text.len(), |m| m.0)]),
        fields: Vec::new(),
    };
    for (k, (_, value_start, canon)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        out.fields
            .push((canon, squash(text.get(*value_start..end).unwrap_or(""))));
    }
    out
}

impl Labelled {
    /// The first non-empty value with this canonical label.
    pub fn first(&self, canon: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(c, v)| *c == canon && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value with this canonical label.
    pub fn all(&self, canon: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(c, v)| *c == canon && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The description such a text stands for: when it has a description
    /// label, that value followed by the reference values (a payer often
    /// types the invoice number into the reference); otherwise the whole
    /// text, since then nothing says which part is the description.
    pub fn description(&self, whole: &str) -> String {
        if self.first(label::DESCRIPTION).is_none() {
            return squash(whole);
        }
        let mut parts = self.all(label::DESCRIPTION);
        parts.extend(self.all(label::REFERENCE));
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_ing_mededelingen() {
        let t = "Naam: Hr A.B. de Vries Omschrijving: Factuur: 2024-001 IBAN: NL01RABO0123456789 Kenmerk: 5000056789012345 Machtiging ID: X1";
        let l = split_labels(t);
        assert_eq!(l.lead, "");
        assert_eq!(l.first(label::NAME), Some("Hr A.B. de Vries"));
        assert_eq!(l.first(label::DESCRIPTION), Some("Factuur: 2024-001"));
        assert_eq!(l.first(label::IBAN), Some("NL01RABO0123456789"));
        assert_eq!(l.first(label::REFERENCE), Some("5000056789012345"));
        assert_eq!(l.description(t), "Factuur: 2024-001 5000056789012345");
    }

    #[test]
    fn text_without_description_label_is_kept_whole() {
        let t = "Name: Transaction  Description";
        let l = split_labels(t);
        assert_eq!(l.first(label::NAME), Some("Transaction Description"));
        assert_eq!(l.description(t), "Name: Transaction Description");
        let plain = split_labels("Pasvolgnr: 008 Albert Heijn");
        assert_eq!(plain.lead, "Pasvolgnr: 008 Albert Heijn");
        assert!(plain.fields.is_empty());
    }
}
