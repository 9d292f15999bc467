//! The index rule 3 searches: for every invoice key, the hashes of the key
//! and of each key with one character deleted (a deletion neighbourhood).
//! Two strings one edit apart always share one of those forms, so a
//! token's own deletion forms find every candidate; each is then verified
//! exactly. Part of the book (built once, below the rules).

use super::entries::Invoice;

/// Shortest invoice key rule 3 applies to.
pub(crate) const MIN_KEY: usize = 6;

/// Sorted (hash of a deletion form, invoice) pairs: about 12 bytes per
/// form, looked up by binary search.
#[derive(Clone, Debug, Default)]
pub(crate) struct FuzzyIndex {
    entries: Vec<(u64, u32)>,
    longest: usize,
}

/// Odd multiplier of the polynomial form hash.
pub(super) const BASE: u64 = 0x9E37_79B9_7F4A_7C15;

/// A character's term in the form hash: spread over 64 bits so that
/// neighbouring characters do not produce neighbouring sums.
pub(super) fn term(c: char) -> u64 {
    (u64::from(c) + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// The hashes of `s` and of `s` with each one character deleted.
///
/// A form's hash is the polynomial `Σ term(c_k) · BASE^(n−1−k)` over its
/// characters (wrapping): with prefix and suffix sums every deletion form
/// costs O(1), so a token of length L costs O(L), not O(L²). Equal forms
/// hash equally; unequal forms that collide only cost a verification
/// (`one_edit`), so the hash needs no key and is the same on every run.
pub(super) fn forms(s: &[char], out: &mut Vec<u64>) {
    out.clear();
    let n = s.len();
    // pow[k] = BASE^k; prefix[i] = hash of s[..i]; suffix[i] = hash of s[i..].
    let mut pow = Vec::with_capacity(n + 1);
    let mut p = 1u64;
    for _ in 0..=n {
        pow.push(p);
        p = p.wrapping_mul(BASE);
    }
    let mut prefix = Vec::with_capacity(n + 1);
    let mut h = 0u64;
    prefix.push(h);
    for &c in s {
        h = h.wrapping_mul(BASE).wrapping_add(term(c));
        prefix.push(h);
    }
    let mut suffix = vec![0u64; n + 1];
    for i in (0..n).rev() {
        suffix[i] = term(s[i])
            .wrapping_mul(pow[n - 1 - i])
            .wrapping_add(suffix[i + 1]);
    }
    out.push(prefix[n]);
    for skip in 0..n {
        // s without s[skip]: the prefix shifted over the n − 1 − skip
        // characters after it, plus those characters as they stand.
        out.push(
            prefix[skip]
                .wrapping_mul(pow[n - 1 - skip])
                .wrapping_add(suffix[skip + 1]),
        );
    }
    out.sort_unstable();
    out.dedup();
}

impl FuzzyIndex {
    /// Indexes the keys of `MIN_KEY` characters or more.
    pub fn build<'a>(keys: impl Iterator<Item = (usize, &'a str)>) -> FuzzyIndex {
        let mut entries = Vec::new();
        let mut longest = 0;
        let (mut chars, mut hashes) = (Vec::new(), Vec::new());
        for (inv, key) in keys {
            chars.clear();
            chars.extend(key.chars());
            if chars.len() < MIN_KEY {
                continue;
            }
            let Ok(inv) = u32::try_from(inv) else {
                continue;
            };
            longest = longest.max(chars.len());
            forms(&chars, &mut hashes);
            entries.extend(hashes.iter().map(|&h| (h, inv)));
        }
        entries.sort_unstable();
        entries.dedup();
        // Grown by doubling: give the spare half back (tens of MB for
        // 200,000 invoices).
        entries.shrink_to_fit();
        FuzzyIndex { entries, longest }
    }

    /// Invoices whose key is exactly one edit from `token` (not equal).
    pub fn near(&self, invoices: &[Invoice], token: &str) -> Vec<usize> {
        let chars: Vec<char> = token.chars().collect();
        if chars.len() + 1 < MIN_KEY || chars.len() > self.longest + 1 {
            return Vec::new();
        }
        let mut found: Vec<usize> = Vec::new();
        let mut hashes = Vec::new();
        forms(&chars, &mut hashes);
        for h in hashes {
            let start = self.entries.partition_point(|e| e.0 < h);
            for &(eh, inv) in &self.entries[start..] {
                if eh != h {
                    break;
                }
                let inv = inv as usize;
                if !found.contains(&inv)
                    && invoices.get(inv).is_some_and(|i| one_edit(&chars, &i.key))
                {
                    found.push(inv);
                }
            }
        }
        found.sort_unstable();
        found
    }
}

/// True when `a` becomes `b` by exactly one insert, delete, substitution or
/// transposition of two adjacent characters.
pub(crate) fn one_edit(a: &[char], b: &str) -> bool {
    let b: Vec<char> = b.chars().collect();
    let (la, lb) = (a.len(), b.len());
    if la == lb {
        let diff: Vec<usize> = (0..la).filter(|&i| a[i] != b[i]).collect();
        match diff.as_slice() {
            [_] => true,
            [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
            _ => false,
        }
    } else if la + 1 == lb || lb + 1 == la {
        let (short, long) = if la < lb { (a, &b[..]) } else { (&b[..], a) };
        let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
        short[p..] == long[p + 1..]
    } else {
        false
    }
}
