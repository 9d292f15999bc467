//! The layers of `matching/` (docs in ARCHITECTURE.md, "Layers"): every module may import only the modules of lower layers,
//! and `crate::layers` checks that it does, so an import that runs back up,
//! or a cycle, fails a test instead of waiting for a reviewer.

/// The modules of `matching/`, lowest layer first. A module may use only
/// modules listed before it (within the rules: a rule may use a helper of
/// a rule listed before it, never after).
pub(crate) const LAYERS: &[&[&str]] = &[
    // 0. Pure helpers the book is made of, and its entries.
    &["names"],
    &["entries"],
    // 1. Specification arithmetic and the rule-3 index, over the entries.
    &["specification", "fuzzy_index"],
    // 2. The book.
    &["book"],
    // 3. The state that changes while deciding.
    &["state"],
    // 4. Decisions and their evidence.
    &["decision", "explain"],
    // 5. The accountant's decisions, then the rules in their order.
    &["decisions"],
    &["overrides"],
    &["duplicates"],
    &["reference"],
    &["agents"],
    &["fuzzy"],
    &["insurer"],
    &["client_iban"],
    &["suggestion"],
    &["reversal"],
    // 6. The passes over one share of the lines, the groups that make the
    //    shares, and what pass 2 only reads.
    &["passes"],
    &["groups", "pending"],
];
