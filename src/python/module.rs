//! What a module offers its functions: imports, constants, functions and methods by name,
//! class attributes, and the functions that pass a parameter on as SQL (wrappers).

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::index::ModuleIndex;
use super::project::ProjectIndex;
use super::sinks::SinkKind;
use super::summary::Part;
use super::value::Value;

/// A function that executes one of its parameters as SQL: calls to it are sinks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrapper {
    pub param: usize,
    pub kind: SinkKind,
    /// Reads every row of what it executes (`cur.fetchall()`).
    pub fetches_all: bool,
    /// A private helper's SQL with its parameters interpolated: calls to it are where
    /// those values are judged.
    pub template: Option<Vec<Part>>,
}

/// What a module's functions read of the rest of it: its imports, and (once it is
/// prepared) the final bindings of its module code and the attributes of its classes.
/// Shared by the summaries of all the module's functions.
#[derive(Clone, Default)]
pub struct Known {
    /// Local name → dotted import path (`pd` → `pandas`, `text` → `sqlalchemy.text`).
    pub imports: FxHashMap<String, String>,
    /// Local names of imported project code: functions using one may reach a sink.
    project_names: Vec<String>,
    /// Module-level names with the value they were last assigned.
    pub constants: FxHashMap<String, Value>,
    /// Class-level attributes, reachable as `self.NAME`.
    pub class_attrs: FxHashMap<String, Value>,
    /// `self.NAME = …` in a class's methods, by class, then name: worked out the first
    /// time a method of the class is analysed (`python::instance_attributes`).
    pub instance_attrs: InstanceAttrs,
    /// The class of each method, by the method's start in the file.
    pub method_class: FxHashMap<usize, String>,
    /// The project index read this text and knows what its functions reach.
    pub indexed: bool,
    /// Each class's bases, as dotted paths through the imports.
    class_bases: FxHashMap<String, Vec<String>>,
    /// What other modules call each top-level function and method, by its start.
    qualnames: FxHashMap<usize, String>,
    /// How each name is mentioned in the module, counted the first time it is asked.
    mentions: std::sync::OnceLock<super::mentions::MentionCounts>,
}

/// Each class's instance attributes, once worked out. Summaries of a module's methods run
/// on several threads and share them.
#[derive(Default)]
pub struct InstanceAttrs {
    done: Mutex<FxHashMap<String, Arc<FxHashMap<String, Value>>>>,
    /// Read by summaries (not by a check): a summary made while one of these classes is
    /// worked out may lack its attributes.
    summarised: bool,
}

/// A class whose instance attributes a thread is working out: the memo's address, the
/// class, and whether summaries read that memo.
type WorkingOut = (usize, String, bool);

thread_local! {
    /// Classes whose instance attributes this thread is working out: a method of one read
    /// meanwhile sees none, as while it is set it has none yet.
    static WORKING_OUT: std::cell::RefCell<Vec<WorkingOut>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl InstanceAttrs {
    /// The memo of a module whose functions are summarised for other modules.
    pub fn for_summaries() -> Self {
        Self {
            done: Mutex::default(),
            summarised: true,
        }
    }

    /// The attributes of `class`, worked out by `compute` the first time.
    pub fn of(
        &self,
        class: &str,
        compute: impl FnOnce() -> FxHashMap<String, Value>,
    ) -> Option<Arc<FxHashMap<String, Value>>> {
        if let Some(done) = lock(&self.done).get(class) {
            return Some(done.clone());
        }
        let key = (
            std::ptr::from_ref(self) as usize,
            class.to_string(),
            self.summarised,
        );
        if WORKING_OUT.with(|w| w.borrow().contains(&key)) {
            return None;
        }
        WORKING_OUT.with(|w| w.borrow_mut().push(key));
        // Popped on the way out, a panic included: checking threads are reused.
        struct Done;
        impl Drop for Done {
            fn drop(&mut self) {
                WORKING_OUT.with(|w| w.borrow_mut().pop());
            }
        }
        let done = Done;
        let attrs = Arc::new(compute());
        drop(done);
        // Another thread may have worked them out meanwhile: either answer is the same.
        Some(
            lock(&self.done)
                .entry(class.to_string())
                .or_insert(attrs)
                .clone(),
        )
    }
}

/// The classes of summarised modules whose instance attributes this thread is working out,
/// when there are any: a summary made meanwhile is without theirs, and holds only where
/// they are worked out. A check's own classes never reach a summary (summaries read their
/// modules' memos), so they do not count.
pub fn working_out_attributes() -> Option<String> {
    WORKING_OUT.with(|w| {
        let classes: Vec<String> = w
            .borrow()
            .iter()
            .filter(|(_, _, summarised)| *summarised)
            .map(|(memo, class, _)| format!("{memo:x}:{class}"))
            .collect();
        (!classes.is_empty()).then(|| classes.join(","))
    })
}

impl Clone for InstanceAttrs {
    fn clone(&self) -> Self {
        Self {
            done: Mutex::new(lock(&self.done).clone()),
            summarised: self.summarised,
        }
    }
}

fn lock<T>(memo: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    memo.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub struct Module<'a> {
    pub source: &'a str,
    /// The module's statements.
    pub body: &'a [Stmt],
    pub known: Arc<Known>,
    /// Functions and methods by name (a later definition wins).
    pub functions: FxHashMap<&'a str, &'a StmtFunctionDef>,
    /// Every function and method, nested ones included, in source order.
    pub all_functions: Vec<&'a StmtFunctionDef>,
    pub wrappers: FxHashMap<String, Wrapper>,
    /// Being summarised for other modules: same-module calls are read through the callees'
    /// summaries (what they execute, whether they query) instead of rounds of `wrappers`.
    pub summarising: bool,
    /// The project the module is part of, and its dotted name there (empty outside).
    pub project: Option<&'a ProjectIndex>,
    pub name: &'a str,
    package: bool,
    /// The project index knows what this module's functions may reach (it read this
    /// text): a function reaching no sink that way needs no analysis.
    pub reach_known: bool,
}

impl<'a> Module<'a> {
    /// How each name is mentioned in the module (as a callee only, or passed on).
    pub(crate) fn mentions(&self) -> &super::mentions::MentionCounts {
        self.known
            .mentions
            .get_or_init(|| super::mentions::MentionCounts::of(self.body))
    }

    pub fn new(source: &'a str, body: &'a [Stmt]) -> Self {
        Self::build(source, body, None, "", false, None)
    }

    /// A module of the project: its relative imports are resolved to absolute paths, and
    /// calls into other modules are followed through their summaries.
    pub fn in_project(
        source: &'a str,
        body: &'a [Stmt],
        project: &'a ProjectIndex,
        name: &'a str,
        package: bool,
    ) -> Self {
        Self::build(source, body, Some(project), name, package, None)
    }

    /// A module of the project whose imports, constants and attributes are known already.
    pub fn prepared(
        source: &'a str,
        body: &'a [Stmt],
        project: &'a ProjectIndex,
        name: &'a str,
        package: bool,
        known: Arc<Known>,
    ) -> Self {
        Self::build(source, body, Some(project), name, package, Some(known))
    }

    fn build(
        source: &'a str,
        body: &'a [Stmt],
        project: Option<&'a ProjectIndex>,
        name: &'a str,
        package: bool,
        known: Option<Arc<Known>>,
    ) -> Self {
        let prepared = known.is_some();
        let mut module = Self {
            source,
            body,
            known: known.unwrap_or_default(),
            functions: FxHashMap::default(),
            all_functions: Vec::new(),
            wrappers: FxHashMap::default(),
            summarising: false,
            project,
            name,
            package,
            reach_known: false,
        };
        if !prepared {
            module.collect_imports(body);
            if let Some(project) = project {
                let known = module.known_mut();
                known.project_names = known
                    .imports
                    .iter()
                    .filter(|(_, path)| project.names_project_code(path))
                    .map(|(local, _)| local.clone())
                    .collect();
            }
        }
        module.collect(body, true, None, !prepared);
        module
    }

    /// What is known of the module, to fill in while it is prepared.
    pub fn known_mut(&mut self) -> &mut Known {
        Arc::make_mut(&mut self.known)
    }

    /// `name` of a top-level function, `Class.name` of a method; `None` for nested ones.
    pub fn qualname(&self, function: &StmtFunctionDef) -> Option<&str> {
        self.known
            .qualnames
            .get(&range(function).start)
            .map(String::as_str)
    }

    /// The top-level package of each import (`psycopg` for `psycopg.sql.Identifier`).
    pub fn imported_roots(&self) -> impl Iterator<Item = &str> {
        self.known.imports.values().map(|path| root_package(path))
    }

    /// Local name → dotted path, from the module's index entry; in a project, relative
    /// imports are made absolute and star imports of project modules bind what those
    /// export (explicit imports win).
    fn collect_imports(&mut self, body: &[Stmt]) {
        let index = ModuleIndex::of(body);
        let absolute = |level: u32, path: String| match self.project {
            Some(_) if level > 0 => {
                super::index::absolute(self.name, self.package, level, &path).unwrap_or(path)
            }
            _ => path,
        };
        let mut imports: FxHashMap<String, String> = index
            .imports
            .into_iter()
            .map(|import| (import.local, absolute(import.level, import.path)))
            .collect();
        if let Some(project) = self.project {
            for (level, star) in index.star_imports {
                for (local, path) in project.exports(&absolute(level, star)) {
                    imports.entry(local).or_insert(path);
                }
            }
        }
        self.known_mut().imports = imports;
    }

    /// Functions and methods, in order; with `names`, also what `known` records of them
    /// (a prepared module has it already).
    fn collect(&mut self, body: &'a [Stmt], top: bool, class: Option<&str>, names: bool) {
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(function) => {
                    self.functions.insert(function.name.id.as_str(), function);
                    self.all_functions.push(function);
                    let start = range(function).start;
                    if names {
                        let known = self.known_mut();
                        if let Some(class) = class {
                            known.method_class.insert(start, class.to_string());
                            known
                                .qualnames
                                .insert(start, format!("{class}.{}", function.name.id));
                        } else if top {
                            known.qualnames.insert(start, function.name.id.to_string());
                        }
                    }
                    self.collect(&function.body, false, None, names);
                }
                Stmt::ClassDef(def) => {
                    if names {
                        let bases = def.bases().iter().filter_map(|b| self.dotted(b)).collect();
                        self.known_mut()
                            .class_bases
                            .insert(def.name.id.to_string(), bases);
                    }
                    self.collect(&def.body, false, Some(def.name.id.as_str()), names);
                }
                Stmt::If(s) => {
                    self.collect(&s.body, top, class, names);
                    for clause in &s.elif_else_clauses {
                        self.collect(&clause.body, top, class, names);
                    }
                }
                Stmt::Try(s) => {
                    self.collect(&s.body, top, class, names);
                    for handler in &s.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        self.collect(&h.body, top, class, names);
                    }
                    self.collect(&s.orelse, top, class, names);
                    self.collect(&s.finalbody, top, class, names);
                }
                _ => {}
            }
        }
    }

    pub fn text(&self, range: Range<usize>) -> &'a str {
        self.source.get(range).unwrap_or("")
    }

    /// The dotted path a callee names, through imports: `pd.read_sql` → `pandas.read_sql`.
    pub fn dotted(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(name) => {
                let id = name.id.as_str();
                Some(
                    self.known
                        .imports
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| id.to_string()),
                )
            }
            Expr::Attribute(attr) => {
                let base = self.dotted(&attr.value)?;
                Some(format!("{base}.{}", attr.attr.id))
            }
            _ => None,
        }
    }

    /// Whether this module is `dotted`, also vendored under another package
    /// (`vendor.django.db.backends.base.schema`).
    pub fn is_module(&self, dotted: &str) -> bool {
        self.name
            .strip_suffix(dotted)
            .is_some_and(|prefix| prefix.is_empty() || prefix.ends_with('.'))
    }

    /// Whether this module belongs to the package `package`, also vendored.
    pub fn is_within(&self, package: &str) -> bool {
        self.name.split('.').any(|part| part == package)
    }

    /// Whether `function` is decorated with one of `names`, by the last part of the
    /// decorator's path (`@functools.cached_property`, `@contextmanager`).
    pub fn decorated_with(&self, function: &StmtFunctionDef, names: &[&str]) -> bool {
        function.decorator_list.iter().any(|d| {
            let path = self.text(range(&d.expression));
            names.contains(&path.rsplit('.').next().unwrap_or(path))
        })
    }

    /// Whether `function` is defined inside another function (only top-level functions and
    /// methods get a qualified name).
    pub fn is_nested(&self, function: &StmtFunctionDef) -> bool {
        !self.known.qualnames.contains_key(&range(function).start)
    }

    /// The innermost function `function` is nested in.
    pub fn enclosing_function(&self, function: &StmtFunctionDef) -> Option<&'a StmtFunctionDef> {
        let inner = range(function);
        self.all_functions
            .iter()
            .copied()
            .filter(|f| {
                let outer = range(*f);
                outer != inner && outer.start <= inner.start && inner.end <= outer.end
            })
            .min_by_key(|f| range(*f).len())
    }

    /// Whether a function may reach a sink, a connection call or a wrapper: only those are
    /// worth following. As the index judged its calls, when it read this text; else by
    /// the words of its code.
    pub fn may_reach_sink(&self, function: &StmtFunctionDef) -> bool {
        let text = self.text(range(function));
        // What the index knows of a function settles it: its calls were judged one by one.
        if let Some(reaches) = self.indexed_reach(function) {
            return reaches
                || self.catalogue().is_some_and(|c| c.mentioned_in(text))
                || self.calls_wrapper(text);
        }
        super::sinks::mentions_sink_call(text)
            || self.may_reach_project_sink(function, text)
            || self.catalogue().is_some_and(|c| c.mentioned_in(text))
            || self.calls_wrapper(text)
    }

    /// Whether the code calls a same-module wrapper found so far.
    fn calls_wrapper(&self, text: &str) -> bool {
        self.wrappers
            .keys()
            .any(|name| text.contains(&format!("{name}(")))
    }

    /// Whether the index says a top-level function or method may reach the database, when
    /// it read this text.
    fn indexed_reach(&self, function: &StmtFunctionDef) -> Option<bool> {
        let project = self.project.filter(|_| self.reach_known)?;
        Some(project.reaches(self.name, self.qualname(function)?))
    }

    /// Whether a function the index knows nothing of may call project code that reaches
    /// the database, by the names of project code it mentions.
    fn may_reach_project_sink(&self, function: &StmtFunctionDef, text: &str) -> bool {
        if self.project.is_none() {
            return false;
        }
        self.known.project_names.iter().any(|name| text.contains(name.as_str()))
            // click's `ctx.invoke(command, …)` calls a command of the project.
            || text.contains(".invoke(")
            || text.contains(".forward(")
            // A method may call one its project base class defines.
            || (!self.known.project_names.is_empty()
                && self.known.method_class.contains_key(&range(function).start))
    }

    /// The key (`module:Class`) of the project class an expression names (`Store`,
    /// `stores.Store`), for annotations.
    pub fn project_class(&self, expr: &Expr) -> Option<String> {
        if let Expr::Name(name) = expr
            && self.known.class_bases.contains_key(name.id.as_str())
            && self.project.is_some()
        {
            return Some(format!("{}:{}", self.name, name.id));
        }
        match self.project?.resolve(&self.dotted(expr)?)? {
            super::project::Symbol::Class { module, name } => Some(format!("{module}:{name}")),
            _ => None,
        }
    }

    /// Whether an expression names an enumeration class of the project (`Status`,
    /// `models.Status`): its members and their values are the class's own.
    pub fn is_enum_class(&self, expr: &Expr) -> bool {
        let name = match expr {
            Expr::Name(name) => name.id.as_str(),
            _ => return false,
        };
        self.inherits(name, &ENUM_BASES, 0)
    }

    /// Whether the class `name` (of this module, or imported from the project) derives
    /// from `base`, a dotted path such as `peewee.Model`.
    pub fn class_inherits(&self, name: &str, base: &str) -> bool {
        self.inherits(name, &[base], 0)
    }

    /// Whether the class `name` derives from one of `bases`, in one walk of its ancestry.
    fn inherits(&self, name: &str, bases: &[&str], depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        let from_project = |path: &str| {
            self.project
                .is_some_and(|project| match project.resolve(path) {
                    Some(super::project::Symbol::Class { module, name }) => bases
                        .iter()
                        .any(|base| project.class_inherits(&module, &name, base)),
                    _ => false,
                })
        };
        match self.known.class_bases.get(name) {
            Some(own) => own.iter().any(|b| {
                bases.contains(&b.as_str())
                    || (self.known.class_bases.contains_key(b.as_str())
                        && self.inherits(b, bases, depth + 1))
                    || from_project(b)
            }),
            None => self
                .known
                .imports
                .get(name)
                .is_some_and(|path| from_project(path)),
        }
    }

    /// What the user configured about code the index cannot see.
    pub fn catalogue(&self) -> Option<&'a super::catalogue::Catalogue> {
        self.project.map(|p| &p.catalogue).filter(|c| !c.is_empty())
    }

    /// Whether a dotted path comes from a database driver module.
    pub fn is_driver_path(&self, path: &str) -> bool {
        super::sinks::DRIVER_MODULES.contains(&root_package(path))
    }

    /// Whether a local name is imported from a library that is neither a database driver
    /// nor project code (`Connection` of `ldap3`). Unknown without a project index.
    pub fn imported_from_dependency(&self, local: &str) -> bool {
        let Some(path) = self.known.imports.get(local) else {
            return false;
        };
        !self.is_driver_path(path)
            && !super::sinks::CONNECT_ONLY_MODULES.contains(&root_package(path))
            && self.project.is_some_and(|p| !p.names_project_code(path))
    }
}

/// The top-level package of a dotted path: `psycopg` of `psycopg.sql.Identifier`.
pub fn root_package(path: &str) -> &str {
    path.split('.').next().unwrap_or(path)
}

/// Bases of enumerations: the standard library's and Django's choices.
const ENUM_BASES: [&str; 8] = [
    "enum.Enum",
    "enum.IntEnum",
    "enum.StrEnum",
    "enum.Flag",
    "enum.IntFlag",
    "django.db.models.TextChoices",
    "django.db.models.IntegerChoices",
    "django.db.models.Choices",
];

/// `a.b.c` for a name or attribute chain, as written (not through the imports).
pub fn written_path(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(name) => Some(name.id.to_string()),
        Expr::Attribute(attr) => Some(format!("{}.{}", written_path(&attr.value)?, attr.attr.id)),
        _ => None,
    }
}

/// Converts a ruff range to a byte range.
pub fn range(node: &impl Ranged) -> Range<usize> {
    let r = node.range();
    r.start().to_usize()..r.end().to_usize()
}
