//! The project's Python modules, by dotted name: what a call in one module names in
//! another (through imports, re-exports, star imports and class bases), and the summaries
//! of their functions, each computed the first time a call needs it, once per run.

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::index::{ModuleIndex, absolute, module_name};
use super::module::Known;
use super::parse::ParsedPython;
use super::summary::Summary;
use ruff_python_ast::StmtFunctionDef;

mod reach;

/// Imports and re-exports are followed at most this many steps.
const MAX_HOPS: usize = 8;
/// Summaries that need other functions' summaries go at most this deep.
pub const MAX_SUMMARY_DEPTH: usize = 6;

pub struct Entry {
    pub path: PathBuf,
    pub package: bool,
    pub index: ModuleIndex,
    /// The module's text and syntax tree: kept from learning a module to check, else read
    /// the first time a summary needs them, and kept for the others (a module is parsed
    /// once for its index, its check and all its functions' summaries).
    source: OnceLock<Option<Arc<ModuleSource>>>,
}

pub struct ModuleSource {
    pub text: String,
    pub parsed: ParsedPython,
}

impl std::fmt::Debug for ModuleSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ModuleSource({} bytes)", self.text.len())
    }
}

/// A function or a class of the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Symbol {
    Function {
        module: String,
        name: String,
    },
    Class {
        module: String,
        name: String,
    },
    /// `Class.method` named through its class.
    Method {
        module: String,
        class: String,
        name: String,
    },
}

#[derive(Default)]
pub struct ProjectIndex {
    modules: FxHashMap<String, Entry>,
    /// Last name of each module → modules, for imports written against another
    /// `sys.path` entry (`from common import db` for `dags/common/db.py`).
    by_last: FxHashMap<String, Vec<String>>,
    by_path: FxHashMap<PathBuf, String>,
    /// Summaries by `module:qualname` (and the classes being worked out, see `summary`);
    /// `None` for a name that is no function.
    summaries: Mutex<FxHashMap<String, Option<Summary>>>,
    /// What each summarised module's functions read of the rest of it.
    known: Mutex<FxHashMap<String, Arc<Known>>>,
    /// Whether each function (module, qualname) may reach the database.
    reaching: Mutex<FxHashMap<reach::Code, bool>>,
    /// Who imports what, made the first time it is asked.
    importers: OnceLock<Importers>,
    /// The configured sinks, sanitizers and sources of every config file of the run.
    pub catalogue: super::catalogue::Catalogue,
}

/// The modules importing each absolute path (`from a import b`: `a.b`), and each module
/// with `*`.
#[derive(Default)]
struct Importers {
    by_name: FxHashMap<String, Vec<String>>,
    starred: FxHashMap<String, Vec<String>>,
    /// Every path imported and each of its parents: the modules imported from.
    imported: FxHashSet<String>,
}

impl Importers {
    /// `importer` imports `path` (with `*`: everything `path` exports).
    fn add(&mut self, star: bool, path: String, importer: &str) {
        let mut parent = path.as_str();
        // A path present has its parents present.
        while self.imported.insert(parent.to_string()) {
            let Some((above, _)) = parent.rsplit_once('.') else {
                break;
            };
            parent = above;
        }
        let by = if star {
            &mut self.starred
        } else {
            &mut self.by_name
        };
        by.entry(path).or_default().push(importer.to_string());
    }
}

thread_local! {
    /// Functions being summarised on this thread (`module:qualname`), outermost first: one
    /// met again is a cycle, answered with what is known so far (nothing).
    static IN_PROGRESS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl ProjectIndex {
    /// Adds the module at `path` under `root`; files outside a package name are left out.
    /// `source`: its text and tree when the run kept them from learning it.
    pub fn add(
        &mut self,
        root: &Path,
        path: &Path,
        index: ModuleIndex,
        source: Option<Arc<ModuleSource>>,
    ) {
        let Some((name, package)) = module_name(root, path) else {
            return;
        };
        // Made again when next asked, with this module.
        self.importers = OnceLock::new();
        let last = name.rsplit('.').next().unwrap_or(&name).to_string();
        self.by_last.entry(last).or_default().push(name.clone());
        self.by_path.insert(path.to_path_buf(), name.clone());
        self.modules.insert(
            name,
            Entry {
                path: path.to_path_buf(),
                package,
                index,
                source: source.map(Some).map(OnceLock::from).unwrap_or_default(),
            },
        );
    }

    /// Nothing to follow: no module, nothing configured.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty() && self.catalogue.is_empty()
    }

    /// The dotted name of the module at `path`, and whether it is a package.
    pub fn module_at(&self, path: &Path) -> Option<(&str, bool)> {
        let name = self.by_path.get(path)?;
        Some((name.as_str(), self.modules.get(name)?.package))
    }

    /// Whether the module at `path` imports project code (a module not in the index may).
    pub fn may_call_project(&self, path: &Path) -> bool {
        let Some(name) = self.by_path.get(path) else {
            return true;
        };
        self.modules.get(name).is_some_and(|entry| {
            !entry.index.star_imports.is_empty()
                || entry.index.imports.iter().any(|import| {
                    absolute(name, entry.package, import.level, &import.path)
                        .is_some_and(|path| self.names_project_code(&path))
                })
        })
    }

    /// Whether the module at `path` imports a project function, or a class with a method,
    /// that returns a queryset (`ModuleIndex::returns_rows`): a loop over its result may
    /// be a loop over rows.
    pub fn imports_rows_helper(&self, path: &Path) -> bool {
        let Some((name, entry)) = self.by_path.get(path).and_then(|n| self.module(n)) else {
            return false;
        };
        entry.index.imports.iter().any(|import| {
            let function = absolute(name, entry.package, import.level, &import.path)
                .and_then(|path| self.resolve(&path));
            let returns_rows = |module: &str, found: &dyn Fn(&str) -> bool| {
                self.module(module)
                    .is_some_and(|(_, e)| e.index.returns_rows.iter().any(|r| found(r)))
            };
            match function {
                Some(Symbol::Function { module, name }) => returns_rows(&module, &|r| r == name),
                Some(Symbol::Class { module, name }) => returns_rows(&module, &|r| {
                    r.strip_prefix(name.as_str())
                        .is_some_and(|method| method.starts_with('.'))
                }),
                _ => false,
            }
        })
    }

    /// Whether the module at `path` imports from a project module whose file `file_is`
    /// says (`from ..testing.provision import create_db` of a test-support package).
    pub fn imports_from(&self, path: &Path, file_is: impl Fn(&Path) -> bool) -> bool {
        let Some((name, entry)) = self
            .by_path
            .get(path)
            .and_then(|name| self.modules.get_key_value(name))
        else {
            return false;
        };
        let written = entry.index.imports.iter().map(|i| (i.level, &i.path));
        let starred = entry.index.star_imports.iter().map(|(l, p)| (*l, p));
        written.chain(starred).any(|(level, written)| {
            let Some(dotted) = absolute(name, entry.package, level, written) else {
                return false;
            };
            // The longest prefix that is a module: `a.b` of `from a.b import f`.
            let parts: Vec<&str> = dotted.split('.').collect();
            (1..=parts.len())
                .rev()
                .find_map(|end| self.module(&parts[..end].join(".")))
                .is_some_and(|(_, imported)| file_is(&imported.path))
        })
    }

    /// Whether a module other than `module` imports `name` from it, by name or with `*`
    /// (a public `name`): code there may call it.
    pub fn imported_elsewhere(&self, module: &str, name: &str) -> bool {
        let importers = self.importers.get_or_init(|| self.importers());
        let other =
            |found: Option<&Vec<String>>| found.is_some_and(|m| m.iter().any(|m| m != module));
        other(importers.by_name.get(&format!("{module}.{name}")))
            || (!name.starts_with('_') && other(importers.starred.get(module)))
    }

    fn importers(&self) -> Importers {
        let mut importers = Importers::default();
        for (name, entry) in &self.modules {
            let absolute = |level, path: &str| absolute(name, entry.package, level, path);
            let written = entry
                .index
                .imports
                .iter()
                .map(|i| (false, i.level, &i.path));
            let starred = entry.index.star_imports.iter().map(|(l, p)| (true, *l, p));
            for (star, level, path) in written.chain(starred) {
                if let Some(path) = absolute(level, path) {
                    importers.add(star, path, name);
                }
            }
        }
        importers
    }

    /// Whether an absolute dotted path is a project module or something in one.
    pub fn names_project_code(&self, dotted: &str) -> bool {
        self.module(dotted).is_some() || self.resolve(dotted).is_some()
    }

    /// The names `from module import *` binds, with the absolute path of each: its
    /// functions, classes and module-level names, and the names it imports.
    pub fn exports(&self, module: &str) -> Vec<(String, String)> {
        self.exports_hops(module, 0)
    }

    fn exports_hops(&self, module: &str, hops: usize) -> Vec<(String, String)> {
        let Some((name, entry)) = self.module(module).filter(|_| hops <= MAX_HOPS) else {
            return Vec::new();
        };
        let index = &entry.index;
        let defined = index
            .functions
            .iter()
            .chain(index.classes.iter().map(|c| &c.name))
            .chain(&index.names)
            .map(|local| (local.clone(), format!("{name}.{local}")));
        let imported = index.imports.iter().filter_map(|import| {
            let path = absolute(name, entry.package, import.level, &import.path)?;
            Some((import.local.clone(), path))
        });
        // What it star-imports itself, it exports too.
        let starred = entry.index.star_imports.iter().flat_map(|(level, star)| {
            absolute(name, entry.package, *level, star)
                .map(|star| self.exports_hops(&star, hops + 1))
                .unwrap_or_default()
        });
        defined
            .chain(imported)
            .chain(starred)
            .filter(|(local, _)| !local.starts_with('_'))
            .collect()
    }

    /// A module by absolute name, else by a unique module whose name ends with it.
    fn module(&self, name: &str) -> Option<(&str, &Entry)> {
        if let Some((key, entry)) = self.modules.get_key_value(name) {
            return Some((key, entry));
        }
        let last = name.rsplit('.').next().unwrap_or(name);
        let suffix = format!(".{name}");
        let mut found = self
            .by_last
            .get(last)?
            .iter()
            .filter(|m| m.ends_with(&suffix));
        let only = found.next()?;
        if found.next().is_some() {
            return None;
        }
        self.modules
            .get_key_value(only.as_str())
            .map(|(k, e)| (k.as_str(), e))
    }

    /// What an absolute dotted path names: the longest module prefix, then its members.
    pub fn resolve(&self, dotted: &str) -> Option<Symbol> {
        self.resolve_hops(dotted, 0)
    }

    fn resolve_hops(&self, dotted: &str, hops: usize) -> Option<Symbol> {
        if hops > MAX_HOPS {
            return None;
        }
        let parts: Vec<&str> = dotted.split('.').collect();
        for split in (1..parts.len()).rev() {
            if let Some((module, _)) = self.module(&parts[..split].join(".")) {
                return self.member(module, &parts[split..], hops);
            }
        }
        None
    }

    /// `rest` read in `module`: a function, a class, a method, or a name it imports.
    fn member(&self, module: &str, rest: &[&str], hops: usize) -> Option<Symbol> {
        let entry = self.modules.get(module)?;
        let (first, tail) = rest.split_first()?;
        let index = &entry.index;
        if tail.is_empty() && index.functions.iter().any(|f| f == first) {
            return Some(Symbol::Function {
                module: module.to_string(),
                name: first.to_string(),
            });
        }
        if index.class(first).is_some() {
            return match tail {
                [] => Some(Symbol::Class {
                    module: module.to_string(),
                    name: first.to_string(),
                }),
                [method] => {
                    self.method(module, first, method)
                        .map(|(module, class)| Symbol::Method {
                            module,
                            class,
                            name: method.to_string(),
                        })
                }
                _ => None,
            };
        }
        if let Some(import) = index.import(first) {
            let target = absolute(module, entry.package, import.level, &import.path)?;
            let path = std::iter::once(target.as_str())
                .chain(tail.iter().copied())
                .collect::<Vec<_>>()
                .join(".");
            return self.resolve_hops(&path, hops + 1);
        }
        index.star_imports.iter().find_map(|(level, star)| {
            let star = absolute(module, entry.package, *level, star)?;
            let (star, _) = self.module(&star)?;
            self.member(star, rest, hops + 1)
        })
    }

    /// The class (module, name) that defines `method` for instances of `class`: the class
    /// itself, else its project bases in order.
    pub fn method(&self, module: &str, class: &str, method: &str) -> Option<(String, String)> {
        self.method_hops(module, class, method, 0)
    }

    fn method_hops(
        &self,
        module: &str,
        class: &str,
        method: &str,
        hops: usize,
    ) -> Option<(String, String)> {
        if hops > MAX_HOPS {
            return None;
        }
        let entry = self.modules.get(module)?;
        let definition = entry.index.class(class)?;
        if definition.methods.iter().any(|m| m == method) {
            return Some((module.to_string(), class.to_string()));
        }
        definition
            .bases
            .iter()
            .find_map(|base| match self.base_symbol(module, entry, base)? {
                Symbol::Class { module, name } => {
                    self.method_hops(&module, &name, method, hops + 1)
                }
                _ => None,
            })
    }

    /// Whether a project class derives from `base` (a dotted path such as `peewee.Model`),
    /// through its bases in the project.
    pub fn class_inherits(&self, module: &str, class: &str, base: &str) -> bool {
        self.inherits_hops(module, class, base, 0)
    }

    fn inherits_hops(&self, module: &str, class: &str, base: &str, hops: usize) -> bool {
        let Some(entry) = self.modules.get(module).filter(|_| hops <= MAX_HOPS) else {
            return false;
        };
        let Some(definition) = entry.index.class(class) else {
            return false;
        };
        definition.bases.iter().any(|written| {
            self.base_path(module, entry, written).as_deref() == Some(base)
                || match self.base_symbol(module, entry, written) {
                    Some(Symbol::Class { module, name }) => {
                        self.inherits_hops(&module, &name, base, hops + 1)
                    }
                    _ => false,
                }
        })
    }

    /// A base class as written in `module` (`Base`, `models.Base`), as a project symbol.
    fn base_symbol(&self, module: &str, entry: &Entry, base: &str) -> Option<Symbol> {
        if entry.index.class(base).is_some() {
            return Some(Symbol::Class {
                module: module.to_string(),
                name: base.to_string(),
            });
        }
        entry.index.import(base.split('.').next()?)?;
        self.resolve(&self.base_path(module, entry, base)?)
    }

    /// The dotted path a base class written in `module` names, through its imports
    /// (`models.Model` with `from django.db import models` is `django.db.models.Model`).
    fn base_path(&self, module: &str, entry: &Entry, written: &str) -> Option<String> {
        let (first, rest) = written
            .split_once('.')
            .map_or((written, None), |(f, r)| (f, Some(r)));
        let Some(import) = entry.index.import(first) else {
            return Some(written.to_string());
        };
        let target = absolute(module, entry.package, import.level, &import.path)?;
        Some(rest.map_or_else(|| target.clone(), |r| format!("{target}.{r}")))
    }

    /// The definition of one top-level function (`name`) or method (`Class.name`) of
    /// `module`, from the module's syntax tree.
    pub fn definition(&self, module: &str, qualname: &str) -> Option<&StmtFunctionDef> {
        let (_, entry) = self.module(module)?;
        let body = &self.source(entry)?.parsed.module.body;
        super::definitions::defined(body, qualname)
    }

    /// The summary of one function (`name`) or method (`Class.name`) of `module`, computed
    /// the first time it is asked for. `None` when there is no such function, the module
    /// cannot be read, or the function is being summarised already (a cycle) or too deep.
    pub fn summary(&self, module: &str, qualname: &str) -> Option<Summary> {
        let (name, entry) = self.module(module)?;
        let key = format!("{name}:{qualname}");
        // One made while classes' attributes are worked out lacks theirs: kept apart, by
        // those classes, so no answer depends on which thread asked first.
        let memo = match super::module::working_out_attributes() {
            Some(classes) => format!("{key} {classes}"),
            None => key.clone(),
        };
        if let Some(done) = lock(&self.summaries).get(&memo) {
            return done.clone();
        }
        let source = self.source(entry)?;
        let known = self.known(name, entry)?;
        let summary = guarded(&key, || {
            super::summary::summarise(source, self, (name, entry.package), known, qualname)
        })?;
        // Another thread may have summarised it meanwhile: either answer is the same.
        lock(&self.summaries)
            .entry(memo)
            .or_insert_with(|| summary.clone());
        summary
    }

    /// The syntax tree of the module at `path`, read as `text`, when the project keeps it:
    /// its summaries parsed it already from this same text, or other modules import it
    /// (their calls of it are summarised from this tree). Either way, each module is parsed
    /// once for its check and its summaries.
    pub fn parsed(&self, path: &Path, text: &str) -> Option<&ModuleSource> {
        let name = self.by_path.get(path)?;
        let entry = self.modules.get(name)?;
        let source = match entry.source.get() {
            Some(source) => source.as_deref(),
            None if self.indexed(name, text) && self.imported(name) => entry
                .source
                .get_or_init(|| {
                    Some(Arc::new(ModuleSource {
                        text: text.to_string(),
                        parsed: super::parse::parse(text),
                    }))
                })
                .as_deref(),
            None => None,
        };
        source.filter(|source| source.text == text)
    }

    /// Whether some module imports module `name`, something from it, or from a module
    /// inside it (a package's tree then serves its re-exports).
    fn imported(&self, name: &str) -> bool {
        let importers = self.importers.get_or_init(|| self.importers());
        importers.imported.contains(name)
    }

    /// The module's text and syntax tree, parsed once.
    fn source<'p>(&'p self, entry: &'p Entry) -> Option<&'p ModuleSource> {
        entry
            .source
            .get_or_init(|| {
                let bytes = std::fs::read(&entry.path).ok()?;
                let (text, _) =
                    crate::source::decode::decode(bytes, crate::source::SourceKind::Python).ok()?;
                let parsed = super::parse::parse(&text);
                Some(Arc::new(ModuleSource { text, parsed }))
            })
            .as_deref()
    }

    /// What the functions of module `name` read of the rest of it, computed once.
    fn known(&self, name: &str, entry: &Entry) -> Option<Arc<Known>> {
        if let Some(done) = lock(&self.known).get(name) {
            return Some(done.clone());
        }
        let source = self.source(entry)?;
        let known = Arc::new(guarded(name, || {
            super::summary::prepare(source, self, name, entry.package)
        })?);
        lock(&self.known)
            .entry(name.to_string())
            .or_insert_with(|| known.clone());
        Some(known)
    }

    /// The literal text of a module-level string constant, by absolute dotted path,
    /// through re-exports.
    pub fn constant(&self, dotted: &str) -> Option<String> {
        self.constant_hops(dotted, 0)
    }

    fn constant_hops(&self, dotted: &str, hops: usize) -> Option<String> {
        let (module, name) = dotted.rsplit_once('.')?;
        let (module, entry) = self.module(module)?;
        if entry.index.names.iter().any(|n| n == name) {
            let known = self.known(module, entry)?;
            return super::summary::literal_text(known.constants.get(name)?);
        }
        let import = entry.index.import(name).filter(|_| hops < MAX_HOPS)?;
        let target = absolute(module, entry.package, import.level, &import.path)?;
        self.constant_hops(&target, hops + 1)
    }
}

/// Runs `compute` for `key` unless this thread is computing it already (a cycle) or is
/// too deep in such computations.
fn guarded<T>(key: &str, compute: impl FnOnce() -> T) -> Option<T> {
    let busy = IN_PROGRESS.with(|stack| {
        let stack = stack.borrow();
        stack.len() >= MAX_SUMMARY_DEPTH || stack.iter().any(|k| k == key)
    });
    if busy {
        return None;
    }
    IN_PROGRESS.with(|stack| stack.borrow_mut().push(key.to_string()));
    let done = compute();
    IN_PROGRESS.with(|stack| stack.borrow_mut().pop());
    Some(done)
}

fn lock<T>(memo: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    memo.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A project of the given files under `/p`, indexed as a run indexes them.
    pub(super) fn project(files: &[(&str, &str)]) -> ProjectIndex {
        let mut project = ProjectIndex::default();
        for (path, source) in files {
            let parsed = crate::python::parse::parse(source);
            let index = ModuleIndex::learnt(source, &parsed.module.body);
            project.add(Path::new("/p"), &Path::new("/p").join(path), index, None);
        }
        project
    }

    #[test]
    fn names_resolve_through_imports_reexports_stars_and_bases() {
        let project = project(&[
            ("app/__init__.py", "from .db import query_db\n"),
            (
                "app/db.py",
                "def query_db(sql): pass\nclass Base:\n    def run(self, sql): pass\n",
            ),
            ("app/common.py", "from app.db import *\n"),
            (
                "app/models.py",
                "from . import db\nclass Store(db.Base):\n    def get(self): pass\n",
            ),
            ("dags/shared/helpers.py", "def run_sql(sql): pass\n"),
        ]);
        let function = |module: &str, name: &str| Symbol::Function {
            module: module.into(),
            name: name.into(),
        };
        assert_eq!(
            project.resolve("app.query_db"),
            Some(function("app.db", "query_db"))
        );
        assert_eq!(
            project.resolve("app.common.query_db"),
            Some(function("app.db", "query_db"))
        );
        assert_eq!(
            project.resolve("shared.helpers.run_sql"),
            Some(function("dags.shared.helpers", "run_sql"))
        );
        assert_eq!(
            project.method("app.models", "Store", "run"),
            Some(("app.db".into(), "Base".into()))
        );
        assert_eq!(
            project.resolve("app.models.Store.get"),
            Some(Symbol::Method {
                module: "app.models".into(),
                class: "Store".into(),
                name: "get".into()
            })
        );
        assert_eq!(project.resolve("app.db.missing"), None);
        assert_eq!(project.resolve("sqlite3.connect"), None);
    }

    #[test]
    fn import_cycles_end() {
        let project = project(&[("a.py", "from b import f\n"), ("b.py", "from a import f\n")]);
        assert_eq!(project.resolve("a.f"), None);
    }
}
