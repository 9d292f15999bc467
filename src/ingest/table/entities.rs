//! Character references (`&amp;`, `&#233;`, `&euro;`) as the characters
//! they stand for: the XML ones and the named ones HTML export pages use.
//! One decoder for both text workbook formats, HTML tables and Excel 2003
//! XML, so that a reference reads the same in either; CAMT.053 uses its
//! XML part.

/// Decodes character references: numeric ones and the named ones export
/// pages use (`&amp;`, `&nbsp;`, `&euro;`, accented letters). An unknown
/// name stays as written.
pub(super) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A reference is at most a few dozen characters up to `;`.
        let end = rest.bytes().take(32).position(|b| b == b';');
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character an XML reference (without `&` and `;`) stands for: a
/// numeric one or one of XML's five predefined names. A CAMT.053 statement
/// reads its references through this too, so a character is decoded the
/// same way in every XML input.
pub(crate) fn xml_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

/// The character a reference name (without `&` and `;`) stands for: the
/// XML ones and the named ones HTML export pages use.
fn entity(name: &str) -> Option<char> {
    if let Some(c) = xml_entity(name) {
        return Some(c);
    }
    Some(match name {
        "nbsp" => '\u{a0}',
        "euro" => '€',
        "shy" => '\u{ad}',
        "eacute" => 'é',
        "egrave" => 'è',
        "euml" => 'ë',
        "ecirc" => 'ê',
        "iuml" => 'ï',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "aacute" => 'á',
        "agrave" => 'à',
        "oacute" => 'ó',
        "ccedil" => 'ç',
        "Eacute" => 'É',
        "Euml" => 'Ë',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "copy" => '©',
        "ndash" => '–',
        "mdash" => '—',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_decoded_and_unknown_ones_kept() {
        assert_eq!(
            decode_entities("a &amp b &#0; &#x110000; &bogus; &lt;"),
            "a &amp b &#0; &#x110000; &bogus; <"
        );
        assert_eq!(decode_entities("Caf&eacute; &#233;&#xe9;"), "Café éé");
        assert_eq!(decode_entities("no references"), "no references");
    }

    #[test]
    fn xml_knows_only_its_own_names_and_numbers() {
        assert_eq!(xml_entity("amp"), Some('&'));
        assert_eq!(xml_entity("#233"), Some('é'));
        assert_eq!(xml_entity("#xE9"), Some('é'));
        assert_eq!(xml_entity("#0"), None);
        // HTML's names are no XML: a CAMT.053 file keeps them as written.
        assert_eq!(xml_entity("euro"), None);
        assert_eq!(entity("euro"), Some('€'));
    }
}
