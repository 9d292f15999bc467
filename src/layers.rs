//! Import order, checked: in every folder of [`FOLDERS`] each module may
//! import only the modules of lower layers, so an import that runs back up,
//! or a circle, fails a test instead of waiting for a reviewer. A folder's
//! layers are listed beside its code (`layers.rs` in the folder); adding a
//! folder is one line in [`FOLDERS`].
//!
//! The check reads the code of every file in the folder (its test module,
//! comment lines and `mod.rs`, the orchestration above all layers, left
//! out) for the sibling modules it names: `super::x` in a file of the
//! folder, `super::super::x` in a file of a module that is a folder of its
//! own (`mt940/statement.rs`), and `crate::path::x` anywhere.

use std::path::Path;

/// The layers of one folder's modules, lowest first: a module may use only
/// modules of layers listed before its own. The folders write their lists
/// as plain slices, so that they import nothing from this check.
pub(crate) type Layers = &'static [&'static [&'static str]];

/// The folders checked: the path below the crate's root and its layers.
const FOLDERS: &[(&str, Layers)] = &[
    ("src/matching", crate::matching::layers::LAYERS),
    ("src/ingest/bank", crate::ingest::bank::layers::LAYERS),
    ("src/ingest/bank/mt940", crate::ingest::bank::layers::MT940),
    (
        "src/ingest/bank/camt053",
        crate::ingest::bank::layers::CAMT053,
    ),
    ("src/ingest/table", crate::ingest::table::layers::LAYERS),
    (
        "src/report/workbook",
        crate::report::workbook::layers::LAYERS,
    ),
];

/// Files that are no module of a layer: the orchestration, the test
/// modules and the layer lists.
const NOT_LAYERED: [&str; 3] = ["mod", "tests", "layers"];

/// The layer of a module.
fn layer(layers: Layers, module: &str) -> Option<usize> {
    layers.iter().position(|l| l.contains(&module))
}

/// The modules of the folder that `source`'s code names through `prefix`
/// (`super::`, `super::super::` or `crate::a::b::`), in order of first use.
fn imports(source: &str, prefix: &str) -> Vec<String> {
    let code: String = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out: Vec<String> = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        // A match that continues a longer path (`super::super::x` seen
        // through its second `super::`) names no module of this folder.
        if code[..at].ends_with("::") {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        for name in first_segments(rest) {
            if name != "super" && name != "self" && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// The first path segment of what follows an import prefix: one name, or
/// each of a braced list (`{a, b::C, d::{E, F}}`, split at its top-level
/// commas only).
fn first_segments(rest: &str) -> Vec<String> {
    let name = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(inner) = rest.strip_prefix('{') else {
        return vec![name(rest)]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect();
    };
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                out.push(name(&inner[start..i]));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(name(&inner[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// Every module of the folder at `dir` (a file, or a folder of its own)
/// with the code of its files and the prefix each file names its
/// siblings by.
fn modules(dir: &Path) -> Vec<(String, Vec<(String, &'static str)>)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.is_dir() {
            let mut files = Vec::new();
            for inner in std::fs::read_dir(&path).unwrap().flatten() {
                let p = inner.path();
                if p.extension().is_some_and(|e| e == "rs") {
                    let prefix = if p.file_stem().is_some_and(|s| s == "mod") {
                        "super::"
                    } else {
                        "super::super::"
                    };
                    files.push((std::fs::read_to_string(&p).unwrap(), prefix));
                }
            }
            out.push((stem.to_string(), files));
        } else if path.extension().is_some_and(|e| e == "rs") && !NOT_LAYERED.contains(&stem) {
            let source = std::fs::read_to_string(&path).unwrap();
            out.push((stem.to_string(), vec![(source, "super::")]));
        }
    }
    out
}

/// Checks the folder at `dir`, whose modules `crate_path` names
/// (`crate::a::b::`): every module in a layer, every import running down.
/// How many modules were checked, or what is wrong.
fn check(dir: &Path, crate_path: &str, layers: Layers) -> Result<usize, Vec<String>> {
    let mut wrong = Vec::new();
    let mut checked = 0;
    let all = modules(dir);
    let names: Vec<&str> = all.iter().map(|(m, _)| m.as_str()).collect();
    for (module, files) in &all {
        let module = module.as_str();
        let Some(mine) = layer(layers, module) else {
            wrong.push(format!(
                "{module} is in no layer: add it to the folder's layers"
            ));
            continue;
        };
        for (source, prefix) in files {
            let mut used = imports(source, prefix);
            used.extend(imports(source, crate_path));
            for used in used.into_iter().filter(|u| u != module) {
                match layer(layers, &used) {
                    Some(theirs) if theirs < mine => {}
                    Some(theirs) => wrong.push(format!(
                        "{module} (layer {mine}) imports {used} (layer {theirs}): \
                         imports must run down the layers"
                    )),
                    None if names.contains(&used.as_str()) => {
                        wrong.push(format!("{module} imports {used}, which is in no layer"))
                    }
                    // What is no module of the folder is an item of the
                    // folder's own module (`mod.rs`), above every layer.
                    None => wrong.push(format!(
                        "{module} imports {used} from the folder's own module, \
                         which stands above every layer"
                    )),
                }
            }
        }
        checked += 1;
    }
    if wrong.is_empty() {
        Ok(checked)
    } else {
        Err(wrong)
    }
}

#[test]
fn every_import_runs_down_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (folder, layers) in FOLDERS {
        let crate_path = format!(
            "crate::{}::",
            folder.trim_start_matches("src/").replace('/', "::")
        );
        let checked = check(&root.join(folder), &crate_path, layers)
            .unwrap_or_else(|wrong| panic!("{folder}:\n{}", wrong.join("\n")));
        let listed: usize = layers.iter().map(|l| l.len()).sum();
        assert_eq!(
            checked, listed,
            "{folder}: {listed} modules in its layers, {checked} found"
        );
    }
}

#[test]
fn the_reader_finds_braced_plain_and_crate_imports() {
    let src = "use super::book::Book;\nuse super::{a, b::C, d::{E, F}};\n\
               // see super::comment\nfn f() { super::explain::x(); }\n\
               use super::super::outside;\nuse crate::m::n::g;\n\
               #[cfg(test)]\nmod tests { use super::later; }";
    assert_eq!(imports(src, "super::"), ["book", "a", "b", "d", "explain"]);
    assert_eq!(imports(src, "super::super::"), ["outside"]);
    assert_eq!(imports(src, "crate::m::n::"), ["g"]);
}

#[test]
fn an_upward_import_or_a_circle_fails_and_names_the_module() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    let layers: Layers = &[&["low"], &["high"]];
    write("low.rs", "//! Low.\n");
    write("high.rs", "use super::low::X;\n");
    assert_eq!(check(dir.path(), "crate::f::", layers), Ok(2));
    // The circle: low now uses high too.
    write("low.rs", "fn f() { crate::f::high::y(); }\n");
    let wrong = check(dir.path(), "crate::f::", layers).unwrap_err();
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(
        wrong[0].starts_with("low (layer 0) imports high (layer 1)"),
        "{wrong:?}"
    );
    // A module of a folder of its own names its parent's modules through
    // `super::super::`, and a module in no layer is named.
    std::fs::create_dir(dir.path().join("high")).unwrap();
    write(
        "high/part.rs",
        "use super::super::low;\nuse super::sibling;\n",
    );
    write("low.rs", "");
    std::fs::remove_file(dir.path().join("high.rs")).unwrap();
    assert_eq!(check(dir.path(), "crate::f::", layers), Ok(2));
    write("extra.rs", "");
    let wrong = check(dir.path(), "crate::f::", layers).unwrap_err();
    assert_eq!(
        wrong,
        ["extra is in no layer: add it to the folder's layers"]
    );
    // An item of the folder's own module is above every layer.
    std::fs::remove_file(dir.path().join("extra.rs")).unwrap();
    write("low.rs", "use super::Thing;\n");
    let wrong = check(dir.path(), "crate::f::", layers).unwrap_err();
    assert!(
        wrong[0].contains("Thing from the folder's own module"),
        "{wrong:?}"
    );
}
