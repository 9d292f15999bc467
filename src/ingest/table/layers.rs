//! The layers of `ingest/table/`, checked: every module may import only
//! the modules of lower layers. Reads each file's `use super::…` lines and
//! `super::x::` paths before its test module, so an import that runs back
//! up, or a cycle such as two format readers borrowing helpers from each
//! other, fails this test instead of waiting for a reviewer. `mod.rs`,
//! which decides the format and calls the readers, is above them all.

/// The modules of `ingest/table/`, lowest layer first. A module may use
/// only modules of the layers before its own.
const LAYERS: &[&[&str]] = &[
    // 0. Leaves: a cell's value, character references, the OLE2 reader.
    &["cell", "entities", "compound"],
    // 1. Rows, sheets and tables; cell values as domain values.
    &["sheet", "values"],
    // 2. Rows built under the cell budget; container sizes.
    &["row_builder", "bounds"],
    // 3. Header rows and data rows; the cells of one data row.
    &["header", "row_cells"],
    // 4. Tables shown sheet by sheet, and the readers of text formats.
    &["sink", "delimited", "sheet_scan", "html", "spreadsheetml"],
    // 5. The workbooks calamine reads, streamed or whole.
    &["workbook"],
];

/// Fails unless every module of `src/{folder}` (but `mod.rs`, `tests.rs`
/// and this checker) is in one of `layers` and imports through `super::`
/// only modules of lower layers.
fn check(folder: &str, layers: &[&[&str]]) {
    let layer = |module: &str| layers.iter().position(|l| l.contains(&module));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder);
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Some(module) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if matches!(module, "mod" | "tests" | "layers") {
            continue;
        }
        let Some(mine) = layer(module) else {
            panic!("src/{folder}/{module}.rs is in no layer: add it to LAYERS");
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
    let listed: usize = layers.iter().map(|l| l.len()).sum();
    assert_eq!(
        checked, listed,
        "a module in LAYERS has no file in src/{folder}"
    );
}

/// The sibling modules a file's code (not its tests, not its comments)
/// names through `super::`; a path to the parent's parent
/// (`super::super::`) leaves the folder and is not a sibling.
fn imports(source: &str) -> Vec<String> {
    let before_tests = source.split("#[cfg(test)]").next().unwrap_or("");
    let code: String = before_tests
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out: Vec<String> = Vec::new();
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with("super::") {
            continue;
        }
        let rest = &code[at + "super::".len()..];
        if rest.starts_with("super::") {
            continue;
        }
        let names: Vec<String> = match rest.strip_prefix('{') {
            Some(inner) => top_level_items(inner)
                .into_iter()
                .map(|s| s.trim().split("::").next().unwrap_or("").to_string())
                .collect(),
            None => vec![
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            ],
        };
        for n in names {
            if !n.is_empty() && n != "self" && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// The comma-separated items of a brace group whose opening brace is
/// already passed, up to its closing brace; nested groups stay whole.
fn top_level_items(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&inner[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
}

#[test]
fn every_import_runs_down_the_layers() {
    check("ingest/table", LAYERS);
}

#[test]
fn the_reader_finds_braced_nested_and_plain_imports() {
    let src = "use super::sheet::Sheet;\nuse super::{a, b::{C, D}, e::F};\n\
               fn f() { super::values::x(); super::super::sniff::y(); }\n\
               /// Shown by [`super::stream`], which is no import.\n\
               #[cfg(test)]\nmod tests { use super::later; }";
    assert_eq!(imports(src), ["sheet", "a", "b", "e", "values"]);
}
