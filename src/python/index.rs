//! What one Python module offers the rest of the project, read from its top level alone:
//! its imports (relative ones as written), functions, classes with their bases and
//! methods, and module-level names. Cheap to build, small to keep: the project index is
//! made of these and is cached on disk, so it holds nothing tied to a project root.

use std::path::Path;

use ruff_python_ast::{Expr, Stmt};
use serde::{Deserialize, Serialize};

use super::module::written_path;

/// The top-level functions and methods (`Class.name`) whose last `return` names a query
/// root.
fn returning_rows(text: &str, body: &[Stmt]) -> Vec<String> {
    let returns_rows = |function: &ruff_python_ast::StmtFunctionDef| {
        let returned = function.body.iter().rev().find_map(|s| match s {
            Stmt::Return(r) => r.value.as_deref(),
            _ => None,
        })?;
        let range = ruff_text_size::Ranged::range(returned);
        let written = text.get(range.start().to_usize()..range.end().to_usize())?;
        Some(super::orm::names_query_root(written))
    };
    let returns_rows = |function| returns_rows(function) == Some(true);
    let mut out = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(function) if returns_rows(function) => {
                out.push(function.name.id.to_string());
            }
            Stmt::ClassDef(class) => {
                out.extend(class.body.iter().filter_map(|s| match s {
                    Stmt::FunctionDef(method) if returns_rows(method) => {
                        Some(format!("{}.{}", class.name.id, method.name.id))
                    }
                    _ => None,
                }));
            }
            _ => {}
        }
    }
    out
}

/// `import a.b as c`, `from ..a import b as c`: the local name and what it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    pub local: String,
    /// Leading dots of a relative import (0 for an absolute one).
    pub level: u32,
    /// The dotted path after the dots: `a.b` for `import a.b`, `a.b` for `from a import b`.
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Class {
    pub name: String,
    /// Bases as written, through the module's imports later (`models.Model`, `Base`).
    pub bases: Vec<String>,
    pub methods: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleIndex {
    pub imports: Vec<Import>,
    /// `from .common import *`: (level, module).
    pub star_imports: Vec<(u32, String)>,
    pub functions: Vec<String>,
    pub classes: Vec<Class>,
    /// Names assigned at module level.
    pub names: Vec<String>,
    /// What the module code and each function and method may reach of the database (one
    /// without an entry, nothing); empty for an index built without its text (then
    /// nothing is known to be out of reach).
    pub reach: Vec<super::reach::Reach>,
    /// Module-level objects made by a call (`db = Database(…)`): name → callee as written.
    pub objects: Vec<(String, String)>,
    /// A hash of the text read (see `text_hash`): `reach` holds for that text only.
    pub text_hash: u64,
    /// Top-level functions and methods (`Class.name`) whose last `return` names a query
    /// root (`Book.objects…`, `select(…)`): a loop over what one returns may be a loop
    /// over rows.
    #[serde(default)]
    pub returns_rows: Vec<String>,
}

impl ModuleIndex {
    pub fn of(body: &[Stmt]) -> Self {
        let mut index = Self::default();
        index.collect(body);
        index
    }

    /// The index of a module with what its code may reach, for the project index.
    pub fn learnt(text: &str, body: &[Stmt]) -> Self {
        let mut index = Self::of(body);
        index.reach = super::reach::of(text, body, &index);
        index.text_hash = text_hash(text);
        index.returns_rows = returning_rows(text, body);
        index
    }

    /// What the function or method `qualname` (`""`: the module code) may reach.
    pub fn reach(&self, qualname: &str) -> Option<&super::reach::Reach> {
        self.reach.iter().find(|r| r.qualname == qualname)
    }

    /// Top-level statements, and those under `if`/`try` (conditional imports and
    /// definitions are still the module's).
    fn collect(&mut self, body: &[Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::Import(import) => {
                    for alias in &import.names {
                        let path = alias.name.id.to_string();
                        let (local, path) = match &alias.asname {
                            Some(local) => (local.id.to_string(), path),
                            // `import a.b` binds `a`.
                            None => {
                                let first = path.split('.').next().unwrap_or(&path).to_string();
                                (first.clone(), first)
                            }
                        };
                        self.imports.push(Import {
                            local,
                            level: 0,
                            path,
                        });
                    }
                }
                Stmt::ImportFrom(import) => {
                    let module = import
                        .module
                        .as_ref()
                        .map(|m| m.id.to_string())
                        .unwrap_or_default();
                    for alias in &import.names {
                        let name = alias.name.id.as_str();
                        if name == "*" {
                            self.star_imports.push((import.level, module.clone()));
                            continue;
                        }
                        self.imports.push(Import {
                            local: alias
                                .asname
                                .as_ref()
                                .map_or_else(|| name.to_string(), |a| a.id.to_string()),
                            level: import.level,
                            path: join(&module, name),
                        });
                    }
                }
                Stmt::FunctionDef(function) => self.functions.push(function.name.id.to_string()),
                Stmt::ClassDef(class) => self.classes.push(Class {
                    name: class.name.id.to_string(),
                    bases: class.bases().iter().filter_map(written_path).collect(),
                    methods: class
                        .body
                        .iter()
                        .filter_map(|s| match s {
                            Stmt::FunctionDef(f) => Some(f.name.id.to_string()),
                            _ => None,
                        })
                        .collect(),
                }),
                Stmt::Assign(assign) => {
                    let made_by = match assign.value.as_ref() {
                        Expr::Call(call) => written_path(&call.func),
                        _ => None,
                    };
                    for target in &assign.targets {
                        if let Expr::Name(name) = target {
                            self.names.push(name.id.to_string());
                            if let Some(made_by) = &made_by {
                                self.objects.push((name.id.to_string(), made_by.clone()));
                            }
                        }
                    }
                }
                Stmt::AnnAssign(assign) => {
                    if let Expr::Name(name) = assign.target.as_ref() {
                        self.names.push(name.id.to_string());
                    }
                }
                Stmt::If(s) => {
                    self.collect(&s.body);
                    for clause in &s.elif_else_clauses {
                        self.collect(&clause.body);
                    }
                }
                Stmt::Try(s) => {
                    self.collect(&s.body);
                    for handler in &s.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        self.collect(&h.body);
                    }
                    self.collect(&s.orelse);
                    self.collect(&s.finalbody);
                }
                _ => {}
            }
        }
    }

    pub fn class(&self, name: &str) -> Option<&Class> {
        self.classes.iter().rev().find(|c| c.name == name)
    }

    /// What made a module-level object (`Database` for `db = Database(…)`).
    pub fn object(&self, name: &str) -> Option<&str> {
        self.objects
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, made_by)| made_by.as_str())
    }

    pub fn import(&self, local: &str) -> Option<&Import> {
        self.imports.iter().rev().find(|i| i.local == local)
    }
}

/// Tells one text of a module from another, within a run and its cache.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(text)
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_string()
    } else {
        format!("{module}.{name}")
    }
}

/// A module's dotted name and whether it is a package (`__init__.py`), from its path
/// under the project root; a `src/` layout's `src` is not part of the name.
pub fn module_name(root: &Path, path: &Path) -> Option<(String, bool)> {
    let relative = path.strip_prefix(root).ok()?;
    let relative = relative.strip_prefix("src").unwrap_or(relative);
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop()?;
    let stem = file
        .strip_suffix(".py")
        .or_else(|| file.strip_suffix(".pyi"))?;
    let package = stem == "__init__";
    if !package {
        parts.push(stem.to_string());
    }
    (!parts.is_empty()).then(|| (parts.join("."), package))
}

/// The absolute module path of an import written in `module` (`package` when it is an
/// `__init__.py`): `from ..a import b` in `p.q.r` is `p.a.b`.
pub fn absolute(module: &str, package: bool, level: u32, path: &str) -> Option<String> {
    if level == 0 {
        return Some(path.to_string());
    }
    let mut base: Vec<&str> = module.split('.').collect();
    if !package {
        base.pop();
    }
    for _ in 1..level {
        base.pop()?;
    }
    let base = base.join(".");
    Some(match (base.is_empty(), path.is_empty()) {
        (true, _) => path.to_string(),
        (false, true) => base,
        (false, false) => format!("{base}.{path}"),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_and_relative_imports() {
        let root = Path::new("/p");
        assert_eq!(
            module_name(root, Path::new("/p/src/app/db.py")),
            Some(("app.db".into(), false))
        );
        assert_eq!(
            module_name(root, Path::new("/p/app/__init__.py")),
            Some(("app".into(), true))
        );
        assert_eq!(module_name(root, Path::new("/p/__init__.py")), None);
        assert_eq!(absolute("app.views", false, 1, "db").unwrap(), "app.db");
        assert_eq!(absolute("app", true, 1, "db").unwrap(), "app.db");
        assert_eq!(absolute("app.sub.x", false, 2, "").unwrap(), "app");
        assert_eq!(absolute("x", false, 3, "db"), None);
    }

    #[test]
    fn top_level_definitions() {
        let source = "import os.path\nfrom . import db as d\nfrom .common import *\n\
            try:\n    import ujson as json\nexcept ImportError:\n    import json\n\
            X = 1\nclass Store(base.Base, Mixin):\n    def get(self): pass\n\
            def run(sql):\n    import inner\n";
        let parsed = crate::python::parse::parse(source);
        let index = ModuleIndex::of(&parsed.module.body);
        assert_eq!(index.import("os").unwrap().path, "os");
        assert_eq!(index.import("d").unwrap().path, "db");
        assert_eq!(index.import("d").unwrap().level, 1);
        assert_eq!(index.import("json").unwrap().path, "json");
        assert!(index.import("inner").is_none());
        assert_eq!(index.star_imports, vec![(1, "common".to_string())]);
        assert_eq!(index.functions, vec!["run"]);
        assert_eq!(index.names, vec!["X"]);
        let store = index.class("Store").unwrap();
        assert_eq!(store.bases, vec!["base.Base", "Mixin"]);
        assert_eq!(store.methods, vec!["get"]);
    }
}
