//! The layers of `matching/`, checked: every module may import only the
//! modules of lower layers (docs in ARCHITECTURE.md, "Layers of
//! matching/"). Reads each file's `use super::…` lines and `super::x::`
//! paths before its test module, so an import that runs back up, or a
//! cycle, fails this test instead of waiting for a reviewer.

/// The modules of `matching/`, lowest layer first. A module may use only
/// modules listed before it (within the rules: a rule may use a helper of
/// a rule listed before it, never after).
const LAYERS: &[&[&str]] = &[
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

/// The layer of a module; `mod.rs` (the orchestration) is above all.
fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The sibling modules a file's code (not its tests) names.
fn imports(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or("");
    let mut out: Vec<String> = Vec::new();
    for (at, _) in code.match_indices("super::") {
        let rest = &code[at + "super::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let braced = rest.starts_with('{');
        let names: Vec<String> = if braced {
            let inner = &rest[1..rest.find('}').unwrap_or(1)];
            inner
                .split(',')
                .map(|s| s.trim().split("::").next().unwrap_or("").to_string())
                .collect()
        } else {
            vec![name]
        };
        for n in names {
            if !n.is_empty() && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

#[test]
fn every_import_runs_down_the_layers() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/matching");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        let Some(module) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if matches!(module, "mod" | "tests" | "layers") {
            continue;
        }
        let Some(mine) = layer(module) else {
            panic!("src/matching/{module}.rs is in no layer: add it to LAYERS");
        };
        let source = std::fs::read_to_string(&path).unwrap();
        for used in imports(&source) {
            match layer(&used) {
                Some(theirs) => assert!(
                    theirs < mine,
                    "{module} (layer {mine}) imports {used} (layer {theirs}): \
                     imports must run down the layers"
                ),
                None => panic!("{module} imports super::{used}, which is in no layer"),
            }
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} modules checked");
}

#[test]
fn the_reader_finds_braced_and_plain_imports() {
    let src = "use super::book::Book;\nuse super::{a, b::C};\nfn f() { super::explain::x(); }\n\
               #[cfg(test)]\nmod tests { use super::later; }";
    assert_eq!(imports(src), ["book", "a", "b", "explain"]);
}
