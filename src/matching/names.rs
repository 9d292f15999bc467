//! Person names compared the way a Dutch bookkeeper does (docs/matching.md rule 6):
//! same surname after removing case, accents and particles ("van", "de",
//! "van der", "'t", …), and no conflicting initials. Used by rule 6, as
//! support for rule 3, and to recognise a refund's payee.
//!
//! Bank exports write names in every order ("JANSEN J", "J. Jansen",
//! "Hr J.P. van der Berg", "Berg, J. van der"), so a payer resembles a
//! client when the client's surname is any one of the payer's words.

use crate::text::fold;

/// Particles dropped before comparing surnames.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "ter", "ten", "het", "te", "in", "op", "vd", "von", "del", "la",
    "le", "du",
];

/// Titles and joining words that are no part of a name.
const NOISE: &[&str] = &[
    "dhr",
    "hr",
    "heer",
    "mevr",
    "mvr",
    "mw",
    "mevrouw",
    "meneer",
    "mej",
    "mejuffrouw",
    "mr",
    "mrs",
    "ms",
    "dr",
    "drs",
    "ir",
    "ing",
    "prof",
    "fam",
    "familie",
    "en",
    "of",
    "eo",
    "cj",
    "cs",
    "wed",
    "weduwe",
    "erven",
    "echtpaar",
    "bv",
];

/// A name taken apart for comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PersonName {
    /// The last word of three letters or more: the surname in the usual
    /// order ("Jan Jansen", "J. Jansen", "Jansen, J." reordered).
    pub surname: String,
    /// Every word of three letters or more, in order.
    pub words: Vec<String>,
    /// Letters written as initials ("J.P." → j, p).
    pub initials: Vec<char>,
}

impl PersonName {
    /// Takes a name apart; `None` when no word is left to be a surname.
    pub fn parse(name: &str) -> Option<PersonName> {
        // "Jansen, J." and "Berg, J. van der": the part before the comma is
        // the surname, so it goes last.
        let text = match name.split_once(',') {
            Some((before, after)) => format!("{after} {before}"),
            None => name.to_string(),
        };
        let folded = fold(&text);
        let raw: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
        let mut words = Vec::new();
        let mut initials = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            let t = raw[i];
            let next = raw.get(i + 1).copied();
            let prev_particle = i > 0 && PARTICLES.contains(&raw[i - 1]);
            if (t == "v" && next == Some("d")) || (t == "e" && next == Some("o")) {
                i += 2;
                continue;
            }
            i += 1;
            if PARTICLES.contains(&t) || NOISE.contains(&t) || (t == "t" && prev_particle) {
                continue;
            }
            if t.chars().count() >= 3 {
                words.push(t.to_string());
            } else {
                initials.extend(t.chars().filter(|c| c.is_alphabetic()));
            }
        }
        let surname = words.last()?.clone();
        Some(PersonName {
            surname,
            words,
            initials,
        })
    }

    /// The initials of this name when `surname` is taken as its surname:
    /// the letters written as initials, else the first letters of the other
    /// words (the given names).
    fn initials_beside(&self, surname: &str) -> Vec<char> {
        if !self.initials.is_empty() {
            return self.initials.clone();
        }
        let mut skipped = false;
        self.words
            .iter()
            .filter(|w| {
                if !skipped && w.as_str() == surname {
                    skipped = true;
                    false
                } else {
                    true
                }
            })
            .filter_map(|w| w.chars().next())
            .collect()
    }

    /// The initials this name has beside its own surname, for
    /// [`PersonName::resembles_with`]; computed once per client.
    pub fn own_initials(&self) -> Initials {
        Initials::new(self.initials_beside(&self.surname))
    }

    /// The initials this (payer) name has beside `surname`.
    pub fn initials_for(&self, surname: &str) -> Initials {
        Initials::new(self.initials_beside(surname))
    }

    /// True when this (payer) name resembles `client`: the client's surname
    /// is one of its words and the initials do not conflict (both given and
    /// no letter in common; a joint account "J. en M. Jansen" fits either).
    pub fn resembles(&self, client: &PersonName) -> bool {
        if !self.words.contains(&client.surname) {
            return false;
        }
        let mine = self.initials_beside(&client.surname);
        let theirs = client.initials_beside(&client.surname);
        mine.is_empty() || theirs.is_empty() || mine.iter().any(|c| theirs.contains(c))
    }
}

/// A name's initials, with a bit set of the letters a–z so that two sets
/// are compared without allocating (rule 6 compares one payer with many
/// namesakes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Initials {
    /// Bit `k` set when letter `a + k` is among the initials.
    mask: u32,
    /// The initials that are not a–z; compared one by one.
    other: Vec<char>,
}

impl Initials {
    fn new(chars: Vec<char>) -> Initials {
        let mut mask = 0u32;
        let mut other = Vec::new();
        for c in chars {
            if c.is_ascii_lowercase() {
                mask |= 1 << (c as u32 - 'a' as u32);
            } else {
                other.push(c);
            }
        }
        Initials { mask, other }
    }

    /// No initials at all.
    pub fn is_empty(&self) -> bool {
        self.mask == 0 && self.other.is_empty()
    }

    /// The same answer as the initials test of [`PersonName::resembles`]:
    /// either side without initials, or a letter in common.
    pub fn agree(&self, theirs: &Initials) -> bool {
        self.is_empty()
            || theirs.is_empty()
            || self.mask & theirs.mask != 0
            || self.other.iter().any(|c| theirs.other.contains(c))
    }
}

/// The clients with one surname, in register order, with their initials.
/// A common surname also gets, per initial letter, the positions of the
/// clients that have it: the first namesakes that agree with a payer are
/// then found without reading every client of that surname, so rule 6
/// costs the same per payment at any register size.
#[derive(Clone, Debug, Default)]
pub(crate) struct SurnameClients {
    list: Vec<(usize, Initials)>,
    index: Option<Box<LetterIndex>>,
}

/// Positions into [`SurnameClients::list`], ascending.
#[derive(Clone, Debug, Default)]
struct LetterIndex {
    /// Clients with initial `a + k`.
    by_letter: [Vec<u32>; 26],
    /// Clients without initials: they agree with everyone.
    without: Vec<u32>,
    /// Clients with an initial outside a–z: checked one by one.
    odd: Vec<u32>,
}

impl SurnameClients {
    /// Lists up to this many are read whole; longer ones get an index.
    const SCAN: usize = 256;

    /// Adds the next client in register order.
    pub fn push(&mut self, client: usize, initials: Initials) {
        self.list.push((client, initials));
    }

    /// Builds the index once every client is in.
    pub fn finish(&mut self) {
        if self.list.len() <= Self::SCAN {
            return;
        }
        let mut index = LetterIndex::default();
        for (pos, (_, ini)) in self.list.iter().enumerate() {
            let Ok(pos) = u32::try_from(pos) else {
                // Over four billion namesakes: the index stays incomplete,
                // so do without it.
                return;
            };
            if ini.is_empty() {
                index.without.push(pos);
            }
            if !ini.other.is_empty() {
                index.odd.push(pos);
            }
            for (k, letter) in index.by_letter.iter_mut().enumerate() {
                if ini.mask & (1 << k) != 0 {
                    letter.push(pos);
                }
            }
        }
        self.index = Some(Box::new(index));
    }

    /// The clients whose initials agree with `mine`, in register order:
    /// at least the first `want` of them (all when there are fewer).
    pub fn agreeing(&self, mine: &Initials, want: usize) -> Vec<usize> {
        let index = match &self.index {
            Some(index) if !mine.is_empty() => index,
            _ => {
                return self
                    .list
                    .iter()
                    .filter(|(_, theirs)| mine.agree(theirs))
                    .map(|(c, _)| *c)
                    .take(want)
                    .collect();
            }
        };
        // Every agreeing client is in a list of one of my letters, among
        // those without initials, or among the odd ones; each list is in
        // register order, so the first `want` of the union are among the
        // first `want` of each list.
        let mut positions: Vec<u32> = Vec::new();
        for (k, letter) in index.by_letter.iter().enumerate() {
            if mine.mask & (1 << k) != 0 {
                positions.extend(letter.iter().take(want));
            }
        }
        positions.extend(index.without.iter().take(want));
        positions.extend(
            index
                .odd
                .iter()
                .filter(|&&p| {
                    self.list
                        .get(p as usize)
                        .is_some_and(|(_, theirs)| mine.agree(theirs))
                })
                .take(want),
        );
        positions.sort_unstable();
        positions.dedup();
        positions
            .into_iter()
            .filter_map(|p| self.list.get(p as usize).map(|(c, _)| *c))
            .take(want)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PersonName {
        PersonName::parse(s).unwrap()
    }

    #[test]
    fn parses_the_ways_banks_write_names() {
        assert_eq!(p("Jan Jansen").surname, "jansen");
        assert_eq!(p("JANSEN J").surname, "jansen");
        assert_eq!(p("Berg, J. van der").surname, "berg");
        assert_eq!(p("Hr J.P. van der Berg").initials, vec!['j', 'p']);
        assert_eq!(p("Mw. A. v.d. Heuvel").surname, "heuvel");
        assert_eq!(p("A. van 't Hek").surname, "hek");
        assert_eq!(p("A. van 't Hek").initials, vec!['a']);
        assert_eq!(p("Ëlla Müller").surname, "muller");
        assert!(PersonName::parse("J.P.").is_none());
    }

    #[test]
    fn resemblance_needs_the_surname_and_no_conflicting_initials() {
        let client = p("Jansen, Jan");
        assert!(p("J JANSEN").resembles(&client));
        assert!(p("JANSEN J CJ").resembles(&client));
        assert!(p("Hr. Jansen").resembles(&client));
        assert!(p("J. en M. Jansen").resembles(&client));
        assert!(!p("P. Jansen").resembles(&client));
        assert!(!p("J. Janssen").resembles(&client));
        let vdb = p("Maria van den Berg");
        assert!(p("M. VAN DEN BERG").resembles(&vdb));
        assert!(
            p("Berg, M. van der").resembles(&vdb),
            "particles do not count"
        );
        assert!(p("M v d Berg").resembles(&vdb));
        assert!(!p("K. van den Berg").resembles(&vdb));
        assert!(p("A. Boer-de Vries").resembles(&p("Anna de Vries")));
    }

    #[test]
    fn initials_agree_exactly_when_names_resemble() {
        let clients = [
            "Jansen, Jan",
            "Maria van den Berg",
            "P. Jansen",
            "Jansen",
            "É. Øster",
        ];
        let payers = [
            "J JANSEN",
            "P. Jansen",
            "Hr. Jansen",
            "J. en M. Jansen",
            "K. van den Berg",
            "M v d Berg",
            "Ø. Øster",
            "e oster",
            "A. Oster",
            "Berg",
        ];
        for c in clients {
            let c = p(c);
            for q in payers {
                let q = p(q);
                let fast = q.words.contains(&c.surname)
                    && q.initials_for(&c.surname).agree(&c.own_initials());
                assert_eq!(fast, q.resembles(&c), "{q:?} vs {c:?}");
            }
        }
    }

    #[test]
    fn the_letter_index_finds_the_same_namesakes_as_reading_the_list() {
        // A common surname (over the scan limit) with initials of every
        // kind: the index must give the first agreeing clients in register
        // order, exactly as reading the whole list does.
        let kinds = ["j", "", "jp", "m", "é", "ab", "z", "mj", "p", "éj"];
        let mut common = SurnameClients::default();
        let mut plain: Vec<(usize, Initials)> = Vec::new();
        for c in 0..3 * SurnameClients::SCAN {
            let ini = Initials::new(kinds[(c * 7 + c / 5) % kinds.len()].chars().collect());
            plain.push((c, ini.clone()));
            common.push(c, ini);
        }
        common.finish();
        assert!(common.index.is_some());
        for mine in ["j", "", "p", "é", "q", "jm", "zé", "x"] {
            let mine = Initials::new(mine.chars().collect());
            for want in [1, 5, 64, 10_000] {
                let slow: Vec<usize> = plain
                    .iter()
                    .filter(|(_, t)| mine.agree(t))
                    .map(|(c, _)| *c)
                    .take(want)
                    .collect();
                assert_eq!(common.agreeing(&mine, want), slow, "{mine:?} {want}");
            }
        }
    }
}
