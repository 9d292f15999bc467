//! Labelled free text (`Naam: … Omschrijving: … IBAN: … Kenmerk: …`), as
//! ING writes its `Mededelingen`, ABN AMRO its descriptions (in the TAB
//! export and in a free-text MT940 `:86:` alike), Knab its `:86:` and some
//! banks their CAMT.053 `AddtlNtryInf`: one table of labels and one
//! splitter, so that the same text gives the same counterparty, account
//! and references whichever export it came in.

use super::words::squash;
use crate::ident::Iban;

/// Free text with labels such as `Naam: … Omschrijving: … IBAN: …`, split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Labelled {
    /// Text before the first label.
    pub lead: String,
    /// `(canonical label, value)` in the order found, each value
    /// single-spaced.
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
    /// Payment reference as the bank wrote it (kenmerk, reference).
    pub const REFERENCE: &str = "reference";
    /// The Dutch payment number (betalingskenmerk): a reference that is a
    /// number, which free text may follow without a label between.
    pub const PAYMENT_NUMBER: &str = "payment number";
    /// Anything else that is known to be a label (mandate, BIC, dates):
    /// recognised so that it ends the value before it.
    pub const OTHER: &str = "other";
}

/// Every label of labelled bank text, with its canonical meaning: ING's
/// `Mededelingen` (Dutch and English download), ABN AMRO's descriptions,
/// Knab's `:86:` (`REK:`, `NAAM:`), matched in any case. A spelling that
/// starts another (`Machtiging ID`, `Machtiging`) comes first.
pub(crate) const LABELS: &[(&str, &str)] = &[
    ("Naam", label::NAME),
    ("Name", label::NAME),
    ("Omschrijving", label::DESCRIPTION),
    ("Description", label::DESCRIPTION),
    ("IBAN", label::IBAN),
    ("Rek", label::IBAN),
    ("Kenmerk", label::REFERENCE),
    ("Reference", label::REFERENCE),
    ("Betalingskenm.", label::PAYMENT_NUMBER),
    ("Betalingskenmerk", label::PAYMENT_NUMBER),
    // Ends the value before it, but no reader has taken what follows it
    // (ASN's `Referentie: 2020-01-05 19:47 00…`) as a payment reference.
    ("Referentie", label::OTHER),
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

/// True when `text` starts with one of [`LABELS`] and its colon. The
/// fixed-width cells of ABN AMRO ask this to keep a cell that starts a
/// label apart from a full cell before it; a label standing without its
/// colon (`BETALINGSKENM.`) is left out of that question, so that the
/// descriptions, which payment ids are built from, join as they always
/// have.
pub(crate) fn starts_with_label(text: &str) -> bool {
    label_at(text).is_some_and(|(_, _, colon)| colon)
}

/// The label at the start of `text`: its canonical name, its length with
/// the colon, and whether it had one.
fn label_at(text: &str) -> Option<(&'static str, usize, bool)> {
    // Most words start with no label's first letter: passed over without
    // comparing every label.
    let first = text.as_bytes().first()?.to_ascii_uppercase();
    if !b"NODIKBRMCV".contains(&first) {
        return None;
    }
    LABELS.iter().find_map(|(l, canon)| {
        let head = text.get(..l.len())?;
        if !head.eq_ignore_ascii_case(l) {
            return None;
        }
        if text[l.len()..].starts_with(':') {
            Some((*canon, l.len() + 1, true))
        } else {
            // An abbreviation ends in its own full stop and may stand
            // without a colon: ABN AMRO wrote `BETALINGSKENM.  0000…`
            // before SEPA.
            l.ends_with('.').then_some((*canon, l.len(), false))
        }
    })
}

/// Splits labelled free text. A label counts at the start of the text or
/// after white space, a `/` or a `,`, in any case, followed directly by a
/// colon (an abbreviation such as `Betalingskenm.` also without one); a
/// word with a colon that is no known label (`Factuur:`) stays in the
/// value, and no label is looked for inside a label.
///
/// One rule for every bank, the widest that any of them needs, so that no
/// reader loses a value another reads: Knab and ABN AMRO's MT940 write
/// `REK: NL…/NAAM: …` and `…, BETALINGSKENMERK: …`, with the label after a
/// `/` or a `,`, and ABN AMRO's older descriptions its payment number
/// without a colon; a label inside a word (`Bijnaam:`) never counts.
pub(crate) fn split_labels(text: &str) -> Labelled {
    let mut marks: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut boundary = true;
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i >= skip_to
            && boundary
            && let Some((canon, len, _)) = label_at(&text[i..])
        {
            marks.push((i, i + len, canon));
            skip_to = i + len;
        }
        boundary = c.is_whitespace() || c == '/' || c == ',';
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

/// A value without the `,` or `/` that ended it before the next label.
fn bare(value: &str) -> &str {
    value.trim_end_matches([',', '/']).trim_end()
}

impl Labelled {
    /// The first non-empty value with this canonical label, as written.
    pub fn first(&self, canon: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(c, v)| *c == canon && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// The counterparty's name: the first name value that is not empty.
    pub fn name(&self) -> Option<&str> {
        self.values(label::NAME).find(|v| !v.is_empty())
    }

    /// The counterparty's account: the first word of the first account
    /// value (`IBAN:`, `REK:`) that reads as one. One word, since the
    /// value may run on into text no label ends (`REK: NL…/…`).
    pub fn account(&self) -> Option<Iban> {
        self.values(label::IBAN).find_map(|v| {
            let word = v.split(['/', ' ']).next().unwrap_or("");
            Iban::parse(word)
        })
    }

    /// The payment references, in the order written: a reference value
    /// whole (ABN AMRO's `Kenmerk: 26-01-2014 18:14 0030000735822580` is
    /// one), a payment number as the number it starts with, since the
    /// text after the number is the payer's own, or the whole value when
    /// it starts with none.
    pub fn references(&self) -> Vec<String> {
        self.fields
            .iter()
            .filter_map(|(canon, v)| {
                let v = bare(v);
                let number = v.split_whitespace().next().map(bare).filter(|w| {
                    *canon == label::PAYMENT_NUMBER
                        && !w.is_empty()
                        && w.bytes().all(|b| b.is_ascii_digit())
                });
                let is_reference = *canon == label::REFERENCE || *canon == label::PAYMENT_NUMBER;
                (is_reference && !v.is_empty()).then(|| number.unwrap_or(v).to_string())
            })
            .collect()
    }

    /// The values with this canonical label, without a separator that
    /// ended them.
    fn values<'a>(&'a self, canon: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(c, _)| *c == canon)
            .map(|(_, v)| bare(v))
    }

    /// The description such a text stands for: when it has a description
    /// label, that value followed by the reference values as written (a
    /// payer often types the invoice number into the reference);
    /// otherwise the whole text, since then nothing says which part is the
    /// description.
    pub fn description(&self, whole: &str) -> String {
        if self.first(label::DESCRIPTION).is_none() {
            return squash(whole);
        }
        let reference = |c: &str| c == label::REFERENCE || c == label::PAYMENT_NUMBER;
        let descriptions = self.fields.iter().filter(|(c, _)| *c == label::DESCRIPTION);
        let references = self.fields.iter().filter(|(c, _)| reference(c));
        descriptions
            .chain(references)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
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
        assert_eq!(l.references(), ["5000056789012345"]);
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

    #[test]
    fn labels_after_a_slash_or_comma_and_a_payment_number_without_colon() {
        let knab = split_labels("REK: NL26ABNA0888888888/NAAM: J. Jansen/");
        assert_eq!(
            knab.account().as_ref().map(Iban::as_str),
            Some("NL26ABNA0888888888")
        );
        assert_eq!(knab.name(), Some("J. Jansen"));
        let comma =
            split_labels("AAAAA BDBDNDKDKASDF, BETALINGSKENMERK: 00111111111, REFERENTIE: X");
        assert_eq!(comma.references(), ["00111111111"]);
        // Before SEPA: no colon, and the payer's text right after the number.
        let old = split_labels("BETALINGSKENM.  0000000120357271 FACTURATIE JULI 2009");
        assert_eq!(old.references(), ["0000000120357271"]);
        assert_eq!(
            split_labels("Betalingskenm.: FAKTUUR 480012").references(),
            ["FAKTUUR 480012"]
        );
        // A label inside a word, or without its colon, is no label.
        let plain = split_labels("Bijnaam: x Kenmerk 12 Betalingskenmerk 34");
        assert!(plain.fields.is_empty(), "{plain:?}");
    }
}
