//! Dependencies point one way (see `src/lib.rs`): a module may use only the modules of the
//! layers below its own, never one of its layer or above. A plain scan of `crate::` paths
//! in the code (tests excluded) is enough to keep it so.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its layer, bottom first. Modules of one layer do not
/// use each other.
const LAYERS: &[&[&str]] = &[
    &["diagnostic"],
    &["source"],
    &["sql"],
    &["schema", "python", "explain"],
    &["rules"],
    &["settings"],
    &["engine"],
    &["run"],
    &["report"],
    &["lsp"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names with `crate::…`, before its tests.
fn uses(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let name: String = code[at + "crate::".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // Items of the crate root (`crate::check`, `crate::Report`) are the run's.
        let name = if layer(&name).is_some() {
            name
        } else {
            "run".into()
        };
        if !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut wrong = Vec::new();
    for path in &all {
        let relative = path.strip_prefix(&src).unwrap();
        let module = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap()
            .trim_end_matches(".rs");
        if matches!(module, "lib" | "main") {
            continue;
        }
        let own = layer(module).unwrap_or_else(|| panic!("{module} has no layer in LAYERS"));
        for used in uses(&std::fs::read_to_string(path).unwrap()) {
            if used != module && layer(&used).is_some_and(|l| l >= own) {
                wrong.push(format!("{} uses crate::{used}", relative.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the direction:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_sees_an_import_against_the_direction() {
    assert_eq!(
        uses("use crate::engine::x;\nuse crate::sql::y;"),
        ["engine", "sql"]
    );
    assert_eq!(uses("crate::check(&inputs)"), ["run"]);
    assert_eq!(
        uses("use crate::sql::x;\n#[cfg(test)]\nuse crate::lsp::y;"),
        ["sql"]
    );
}
