//! The text a bank adds to a transaction, in the forms the Dutch banks
//! write it: an MT940 `:86:` field, and the same kind of text in a CAMT.053
//! `AddtlNtryInf`. Read here once for both formats: the Dutch `/TAG/`
//! subfields, the older Triodos `>20…>31` subfields, or labelled free text
//! (`NAAM:`, `REK:`, `KENMERK:`, split by the labels of [`super::labels`]
//! that ABN AMRO's TAB export and ING's CSV are read with too), giving the
//! counterparty, the description, the structured references and a return
//! reason.

use std::borrow::Cow;

use super::abnamro_cells;
use super::account_shapes::{is_bic, is_domestic_account, looks_like_iban};
use super::labels::split_labels;
use super::words::{clean_line, no_reference, squash};
use crate::ident::Iban;
use crate::reference::{dedup_keep_first, find_references};

/// SWIFT lines of `:86:` are at most this long; a full line that ends in
/// the middle of a word was wrapped, not ended.
const SWIFT_LINE: usize = 65;

/// Sub-fields of the older `>20…>29` form are at most this long.
const SUBFIELD_LINE: usize = 27;

/// What the `:86:` of a transaction says, in any of its forms. Also used
/// for the same kind of text in CAMT `AddtlNtryInf`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Info {
    /// The counterparty's account.
    pub(crate) iban: Option<Iban>,
    /// The counterparty's name.
    pub(crate) name: Option<String>,
    /// Free text without tags, single-spaced.
    pub(crate) description: String,
    /// Structured references (`/EREF/`, `/REMI/STRD/`, `BETALINGSKENM.`,
    /// `KENMERK:`) and those found in the description.
    pub(crate) references: Vec<String>,
    /// `/RTRN/` reason, or a transaction type that says storno or retour.
    pub(crate) return_info: Option<String>,
}

/// Reads one text of `:86:` form (lines separated by newlines).
pub(crate) fn parse_info_text(text: &str) -> Info {
    let lines: Vec<(Cow<'_, str>, bool)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (clean_line(l), i == 0))
        .collect();
    parse_info_lines(&lines, false)
}

/// The forms an `:86:` comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `/TAG/value/TAG/value` (Dutch banks since SEPA).
    Tagged,
    /// `000>20…>21…` (older Triodos).
    Subfields,
    /// Anything else, possibly with `NAAM:`/`REK:`/`IBAN:` labels.
    Free,
}

/// Tags of the Dutch `:86:` standard (and ABN AMRO's variant of it).
const TAGS: [&str; 33] = [
    "TRTP", "CNTP", "BBAN", "ACCW", "EREF", "REMI", "ORDP", "BENM", "IBAN", "BIC", "NAME", "ADDR",
    "ID", "RTRN", "MARF", "CSID", "ISDT", "PREF", "SVCL", "ULTC", "ULTD", "ULTB", "PURP",
    "CDTRREF", "FX", "EXCH", "CHGS", "OCMT", "NRTX", "BUSP", "RTYP", "SUM", "TRCD",
];

/// Joins the lines of the `:86:` fields of one transaction and reads them.
/// Lines of one field are joined without a separator in the tagged and
/// sub-field forms (they wrap anywhere, even inside `RE|MI`); in free text
/// only a full 65-character line that ends inside a word is glued to the
/// next. Separate `:86:` fields are joined with a space. With `cells`
/// (ABN AMRO), free text is in 32-character cells and joined as the TAB
/// export's description is ([`abnamro_cells`]).
pub(crate) fn parse_info_lines<S: AsRef<str>>(lines: &[(S, bool)], cells: bool) -> Info {
    let mut fields: Vec<Vec<&str>> = Vec::new();
    for (line, first) in lines {
        match fields.last_mut() {
            Some(f) if !*first => f.push(line.as_ref()),
            _ => fields.push(vec![line.as_ref()]),
        }
    }
    let mut merged = Info::default();
    let mut descriptions = Vec::new();
    for field in &fields {
        let glued: String = field.concat();
        let info = match form_of(&glued) {
            Form::Tagged => parse_tagged(&glued),
            Form::Subfields => parse_subfields(&glued),
            Form::Free if cells => {
                let mut info = match abnamro_cells::join_lines(field) {
                    Some(text) => parse_free(&text),
                    None => parse_free(&join_free(field)),
                };
                if let Some((account, name)) =
                    field.first().and_then(|l| abnamro_cells::pre_sepa_party(l))
                {
                    info.iban = info.iban.or_else(|| Iban::parse(&account));
                    info.name = info.name.or(Some(name));
                }
                info
            }
            Form::Free => {
                let mut info = parse_free(&join_free(field));
                if let Some((account, name)) = field.first().and_then(|l| leading_party(l)) {
                    info.iban = info.iban.or(Some(account));
                    info.name = info.name.or(name);
                }
                info
            }
        };
        merged.iban = merged.iban.or(info.iban);
        merged.name = merged.name.or(info.name);
        merged.return_info = merged.return_info.or(info.return_info);
        merged.references.extend(info.references);
        if !info.description.is_empty() {
            descriptions.push(info.description);
        }
    }
    merged.description = descriptions.join(" ");
    merged
        .references
        .extend(find_references(&merged.description));
    // Repeats dropped once for all fields, hashed: the readers of the
    // fields push every reference they meet.
    dedup_keep_first(&mut merged.references);
    merged
}

fn form_of(glued: &str) -> Form {
    let t = glued.trim_start();
    if let Some(rest) = t.strip_prefix('/')
        && TAGS
            .iter()
            .any(|tag| rest.starts_with(tag) && rest[tag.len()..].starts_with('/'))
    {
        return Form::Tagged;
    }
    let code = t.bytes().take_while(u8::is_ascii_digit).count();
    let after = &t[code..];
    if code <= 3
        && after.starts_with('>')
        && after[1..].bytes().take(2).all(|b| b.is_ascii_digit())
        && after.len() >= 3
    {
        return Form::Subfields;
    }
    Form::Free
}

/// Free-text lines: a full SWIFT line that ends inside a word continues on
/// the next line; otherwise a line ended where the bank ended it.
fn join_free(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut prev: Option<&str> = None;
    for line in lines {
        if let Some(p) = prev {
            let full = p.chars().count() >= SWIFT_LINE;
            let glued = full
                && p.ends_with(|c: char| !c.is_whitespace())
                && line.starts_with(|c: char| !c.is_whitespace());
            if !glued {
                out.push(' ');
            }
        }
        out.push_str(line);
        prev = Some(line);
    }
    out
}

/// `/TAG/value/TAG/value…` → the parts, in order. Only known tags split, so
/// a `/` inside a value stays.
fn tagged_parts(text: &str) -> Vec<(&'static str, &str)> {
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find('/') {
        let at = i + off;
        let rest = &text[at + 1..];
        let tag = TAGS
            .iter()
            .filter(|tag| rest.starts_with(**tag) && rest[tag.len()..].starts_with('/'))
            .max_by_key(|tag| tag.len());
        match tag {
            Some(tag) => {
                let value_start = at + tag.len() + 2;
                found.push((at, value_start, tag));
                i = value_start;
            }
            None => i = at + 1,
        }
    }
    found
        .iter()
        .enumerate()
        .map(|(k, (_, start, tag))| {
            let end = found.get(k + 1).map_or(text.len(), |next| next.0);
            (*tag, &text[*start..end.max(*start)])
        })
        .collect()
}

fn parse_tagged(text: &str) -> Info {
    let mut info = Info::default();
    let mut cntp_name = None;
    let mut name = None;
    let (mut bban, mut party_account, mut party_name) = (None, None, None);
    let mut remi = Vec::new();
    for (tag, value) in tagged_parts(text) {
        let v = value.trim_matches('/').trim();
        match tag {
            "CNTP" => {
                let mut parts = value.split('/');
                let account = parts.next().unwrap_or("");
                let _bic = parts.next();
                let n = squash(parts.next().unwrap_or(""));
                info.iban = info.iban.or_else(|| Iban::parse(account));
                if !n.is_empty() {
                    cntp_name = Some(n);
                }
            }
            "IBAN" => info.iban = info.iban.or_else(|| Iban::parse(v)),
            // Knab: the account of a savings transfer, without an IBAN.
            "BBAN" => bban = bban.or_else(|| Iban::parse(v)),
            // Rabobank: `/ACCW/NL54INGB0006752576,INGBNL2A`, account and BIC.
            "ACCW" => {
                let account = v.split([',', '/']).next().unwrap_or("");
                party_account = party_account.or_else(|| Iban::parse(account));
            }
            // `/ORDP//NAME/…` names the party in `NAME`; ING's older form
            // writes it here: `account/BIC/name/city`, or only the name.
            "ORDP" | "BENM" => {
                let (account, n) = party(value);
                party_account = party_account.or(account);
                party_name = party_name.or(n);
            }
            "NAME" if name.is_none() && !v.is_empty() => name = Some(squash(v)),
            "REMI" => {
                if let Some(rest) = v.strip_prefix("USTD") {
                    remi.push(squash(rest.trim_matches('/')));
                } else if let Some(rest) = v.strip_prefix("STRD") {
                    // `STRD/CUR/kenmerk` or `STRD/ISO/RF…`: the last part is
                    // the reference.
                    if let Some(r) = rest.split('/').map(str::trim).rfind(|p| !p.is_empty()) {
                        info.references.push(r.to_string());
                    }
                } else if !v.is_empty() {
                    remi.push(squash(v));
                }
            }
            "EREF" if !no_reference(v) => {
                info.references.push(v.to_string());
            }
            "RTRN" => {
                info.return_info = Some(if v.is_empty() {
                    "return".to_string()
                } else {
                    v.to_string()
                });
            }
            "TRTP" => {
                let lower = v.to_lowercase();
                if ["storno", "retour", "terugboeking", "reversal", "return"]
                    .iter()
                    .any(|w| lower.contains(w))
                {
                    info.return_info = info.return_info.or_else(|| Some(v.to_string()));
                }
            }
            _ => {}
        }
    }
    info.name = cntp_name.or(party_name).or(name);
    info.iban = info.iban.or(party_account).or(bban);
    info.description = remi
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    info
}

/// The party of an `/ORDP/` or `/BENM/` value: `account/BIC/name/city`
/// or a bare name; empty (`/ORDP//NAME/…`) gives nothing.
fn party(value: &str) -> (Option<Iban>, Option<String>) {
    let mut parts = value.split('/').map(str::trim).filter(|p| !p.is_empty());
    let Some(first) = parts.next() else {
        return (None, None);
    };
    let compact: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    if looks_like_iban(&compact) || is_domestic_account(&compact) {
        let name = parts.find(|p| !is_bic(p)).map(squash);
        return (Iban::parse(&compact), name);
    }
    if is_bic(first) {
        return (None, parts.next().map(squash));
    }
    (None, Some(squash(first)))
}

/// The older `000>20…>29…>31…` form: sub-fields of at most 27 characters;
/// a full one continues in the next. A sub-field that is an IBAN is the
/// counterparty's account, one that is a BIC is left out; `>32`/`>33` hold a
/// name; `>31` is the own account.
fn parse_subfields(text: &str) -> Info {
    let mut info = Info::default();
    let mut parts: Vec<(u32, &str)> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('>') {
        let after = &rest[at + 1..];
        let code = after
            .get(0..2)
            .filter(|c| c.bytes().all(|b| b.is_ascii_digit()));
        match code {
            Some(code) => {
                let body = &after[2..];
                let end = body
                    .char_indices()
                    .find(|(i, c)| {
                        *c == '>'
                            && body
                                .get(i + 1..i + 3)
                                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
                    })
                    .map_or(body.len(), |(i, _)| i);
                parts.push((code.parse().unwrap_or(0), &body[..end]));
                rest = &body[end..];
            }
            None => rest = after,
        }
    }
    let mut text_out = String::new();
    let mut prev_full = false;
    let mut names = Vec::new();
    for (code, value) in parts {
        match code {
            20..=29 => {
                let t = value.trim();
                if looks_like_iban(t) {
                    info.iban = info.iban.or_else(|| Iban::parse(t));
                    continue;
                }
                if is_bic(t) {
                    continue;
                }
                if !text_out.is_empty() && !prev_full {
                    text_out.push(' ');
                }
                text_out.push_str(value);
                prev_full = value.chars().count() >= SUBFIELD_LINE;
            }
            32 | 33 => names.push(value.trim().to_string()),
            _ => {}
        }
    }
    let name = squash(&names.concat());
    info.name = (!name.is_empty()).then_some(name);
    info.description = squash(&text_out);
    info
}

/// Free text: the whole text is the description; the labels
/// ([`split_labels`], the same as in ABN AMRO's TAB export and ING's
/// `Mededelingen`) give the counterparty's name and account and the payment
/// references; an IBAN at the very start (SNS) is the counterparty's
/// account when no label names one.
fn parse_free(text: &str) -> Info {
    let text = squash(text);
    let labelled = split_labels(&text);
    let iban = labelled.account().or_else(|| {
        let first = text.split_whitespace().next().unwrap_or("");
        looks_like_iban(first).then(|| Iban::parse(first)).flatten()
    });
    Info {
        iban,
        name: labelled.name().map(str::to_string),
        references: labelled.references(),
        return_info: None,
        description: text,
    }
}

/// The counterparty at the start of a free `:86:`'s first line: an IBAN
/// (SNS, ASN) or an old 9- or 10-digit account number (ING before SEPA:
/// `0111111111 ING Bank N.V. inzake TEST`), then the name on the rest of
/// that line.
fn leading_party(line: &str) -> Option<(Iban, Option<String>)> {
    let t = line.trim();
    let (first, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let domestic = (9..=10).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
    if !(domestic || looks_like_iban(first)) {
        return None;
    }
    let name = squash(rest);
    let named = name.chars().any(char::is_alphabetic) && !name.contains(':');
    Some((Iban::parse(first)?, named.then_some(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_gives_the_counterparty_description_and_references() {
        let tagged = parse_info_text(
            "/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/J. Jansen/RE\nMI/USTD//nota 2026-1/EREF/E2E-1",
        );
        assert_eq!(
            tagged.iban.as_ref().map(Iban::as_str),
            Some("NL91ABNA0417164300")
        );
        assert_eq!(tagged.name.as_deref(), Some("J. Jansen"));
        assert_eq!(tagged.description, "nota 2026-1");
        assert_eq!(tagged.references, ["E2E-1"]);
        let subfields = parse_info_text(
            "000>20AANDELENKAPITAAL ZAAK>21 NR 40000>22NL12RABO0888888888>32J. DOE",
        );
        assert_eq!(
            subfields.iban.as_ref().map(Iban::as_str),
            Some("NL12RABO0888888888")
        );
        assert_eq!(subfields.name.as_deref(), Some("J. DOE"));
        assert_eq!(subfields.description, "AANDELENKAPITAAL ZAAK NR 40000");
        let free =
            parse_info_text("NL11RABO0987654321 f. spark\nBETALINGSKENMERK: 1234567890123456");
        assert_eq!(
            free.iban.as_ref().map(Iban::as_str),
            Some("NL11RABO0987654321")
        );
        assert_eq!(free.name.as_deref(), Some("f. spark"));
        assert_eq!(free.references, ["1234567890123456"]);
        assert_eq!(
            free.description,
            "NL11RABO0987654321 f. spark BETALINGSKENMERK: 1234567890123456"
        );
    }
}
