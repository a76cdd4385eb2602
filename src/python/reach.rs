//! Which code may reach the database, read from the index alone: a function mentions a sink
//! or connection call itself, or calls project code that does. Checking follows only such
//! code (and whatever mentions a sink): the rest of a project (in Django, most of it) is
//! neither analysed nor summarised, and a checked module with none is not even parsed.

use rustc_hash::FxHashMap;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Parameters, Stmt, StmtFunctionDef};
use serde::{Deserialize, Serialize};

use super::index::ModuleIndex;
use super::module::{range, written_path};

/// What one function or method (`name`, `Class.name`), or the module's own code (`""`),
/// may reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    pub qualname: String,
    /// Its code mentions a sink or connection call.
    pub sink: bool,
    /// What it calls or names that may be project code, as written: `get_db`, `db.run`,
    /// `self.save`, `self.store.select`, `super.save`, `Store` (also an annotation).
    pub calls: Vec<String>,
}

/// The reach of the module code (first) and of every function and method of a module that
/// may reach anything.
pub fn of(text: &str, body: &[Stmt], index: &ModuleIndex) -> Vec<Reach> {
    let locals: Vec<&str> = index
        .imports
        .iter()
        .map(|i| i.local.as_str())
        .chain(index.functions.iter().map(String::as_str))
        .chain(index.classes.iter().map(|c| c.name.as_str()))
        .chain(index.names.iter().map(String::as_str))
        .collect();
    let scope = Scope {
        locals,
        index,
        star_imports: !index.star_imports.is_empty(),
    };
    let mut out = vec![Reach {
        qualname: String::new(),
        sink: false,
        calls: Vec::new(),
    }];
    let mut collector = Collector {
        text,
        scope: &scope,
        out: &mut out,
        attributes: FxHashMap::default(),
    };
    collector.body(body, None);
    for reach in &mut out {
        reach.calls.sort_unstable();
        reach.calls.dedup();
    }
    // Code that neither runs SQL nor calls the project is left out (most of it): a
    // function without an entry reaches nothing. The module's entry stays, first.
    let mut first = true;
    out.retain(|r| std::mem::take(&mut first) || r.sink || !r.calls.is_empty());
    out
}

/// What a module's top level binds: a call through any other name (a builtin, a local
/// variable) is not into the project.
struct Scope<'s> {
    locals: Vec<&'s str>,
    index: &'s ModuleIndex,
    star_imports: bool,
}

impl Scope<'_> {
    /// The dotted path a module-level name is imported from (`copy` for `import copy`).
    fn imported(&self, local: &str) -> Option<&str> {
        let import = self.index.import(local)?;
        (import.level == 0).then_some(import.path.as_str())
    }
}

struct Collector<'c> {
    text: &'c str,
    scope: &'c Scope<'c>,
    out: &'c mut Vec<Reach>,
    /// The class being read's `__init__` attributes: `self.db = Database()` → `Database`.
    attributes: FxHashMap<String, String>,
}

/// `self.NAME = Callee(…)` and `self.NAME = param` (annotated `param: Class`) in a class's
/// `__init__`: what the other methods' `self.NAME.method()` calls into.
fn init_attributes(body: &[Stmt]) -> FxHashMap<String, String> {
    let mut attributes = FxHashMap::default();
    let init = body.iter().find_map(|stmt| match stmt {
        Stmt::FunctionDef(f) if f.name.id == "__init__" => Some(f),
        _ => None,
    });
    let Some(init) = init else {
        return attributes;
    };
    let annotated: FxHashMap<&str, String> = init
        .parameters
        .iter()
        .filter_map(|p| Some((p.name().id.as_str(), written_path(p.annotation()?)?)))
        .collect();
    for stmt in &init.body {
        let Stmt::Assign(assign) = stmt else {
            continue;
        };
        let made_by = match assign.value.as_ref() {
            Expr::Call(call) => written_path(&call.func),
            Expr::Name(name) => annotated.get(name.id.as_str()).cloned(),
            _ => None,
        };
        let Some(made_by) = made_by else {
            continue;
        };
        for target in &assign.targets {
            if let Expr::Attribute(attr) = target
                && matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self")
            {
                attributes.insert(attr.attr.id.to_string(), made_by.clone());
            }
        }
    }
    attributes
}

impl<'c> Collector<'c> {
    /// Top-level or class-body statements: definitions get their own reach, the rest is
    /// the module's.
    fn body(&mut self, body: &[Stmt], class: Option<&str>) {
        for stmt in body {
            match stmt {
                Stmt::FunctionDef(function) => self.function(function, class),
                Stmt::ClassDef(def) => {
                    let outer = std::mem::replace(&mut self.attributes, init_attributes(&def.body));
                    self.body(&def.body, Some(def.name.id.as_str()));
                    self.attributes = outer;
                }
                Stmt::If(s) => {
                    self.module_code(range(s.test.as_ref()), |calls| calls.visit_expr(&s.test));
                    self.body(&s.body, class);
                    for clause in &s.elif_else_clauses {
                        self.body(&clause.body, class);
                    }
                }
                Stmt::Try(s) => {
                    self.body(&s.body, class);
                    for handler in &s.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        self.body(&h.body, class);
                    }
                    self.body(&s.orelse, class);
                    self.body(&s.finalbody, class);
                }
                other => self.module_code(range(other), |calls| calls.visit_stmt(other)),
            }
        }
    }

    fn code(&self, code: std::ops::Range<usize>) -> &'c str {
        self.text.get(code).unwrap_or("")
    }

    /// Code run at import: the module's reach.
    fn module_code(&mut self, code: std::ops::Range<usize>, visit: impl FnOnce(&mut Calls)) {
        let text = self.code(code);
        let mut calls = Calls::new(self.scope, text);
        visit(&mut calls);
        let module = &mut self.out[0];
        module.sink |= calls.sink;
        module.calls.extend(calls.found);
    }

    fn function(&mut self, function: &StmtFunctionDef, class: Option<&str>) {
        let mut calls = Calls::new(self.scope, self.code(range(function)));
        calls.attributes = class.map(|_| &self.attributes);
        calls.annotations(function);
        for decorator in &function.decorator_list {
            calls.visit_expr(&decorator.expression);
        }
        visitor::walk_body(&mut calls, &function.body);
        let name = function.name.id.as_str();
        self.out.push(Reach {
            qualname: class.map_or_else(|| name.to_string(), |c| format!("{c}.{name}")),
            sink: calls.sink,
            calls: calls.found,
        });
    }
}

/// Sink methods that are also everyday methods of other objects (`d.copy()`,
/// `cache.get(k)`): sinks only on an object named or made like a database one, or where the
/// code names a database library.
const COMMON_METHODS: [&str; 9] = [
    "copy", "exists", "fetch", "get", "iterate", "query", "run", "select", "stream",
];

/// The calls of some code that may be into the project, and whether one may be a sink.
struct Calls<'c> {
    scope: &'c Scope<'c>,
    code: &'c str,
    /// Whether the code names a database library (`records.Database(…)`): its objects' own
    /// methods (`query`, `run`) may be sinks there. Read the first time it is asked.
    names_library: std::cell::OnceCell<bool>,
    found: Vec<String>,
    sink: bool,
    /// In a method: its class's `__init__` attributes.
    attributes: Option<&'c FxHashMap<String, String>>,
}

impl<'c> Calls<'c> {
    fn new(scope: &'c Scope<'c>, code: &'c str) -> Self {
        Self {
            scope,
            code,
            names_library: std::cell::OnceCell::new(),
            found: Vec::new(),
            // Credentials in `DATABASES` settings are read without a call.
            sink: code.contains("DATABASES"),
            attributes: None,
        }
    }

    fn names_library(&self) -> bool {
        *self
            .names_library
            .get_or_init(|| super::sinks::mentions_sink(self.code))
    }

    /// Whether a call may run SQL or connect, judged as the analysis would with the least it
    /// may know: a driver method on any object but an imported non-database module
    /// (`copy.copy`), a library's method on an object named or made like a database one, a
    /// connection call on a database package or object, any sink function.
    fn may_sink(&self, func: &Expr) -> bool {
        let (receiver, name) = match func {
            Expr::Name(name) => (None, name.id.as_str()),
            Expr::Attribute(attr) => (Some(attr.value.as_ref()), attr.attr.id.as_str()),
            _ => return false,
        };
        let Some(word) = super::sinks::call_word(name) else {
            return false;
        };
        let Some(receiver) = receiver else {
            return true;
        };
        let written = written_path(receiver);
        let root = written.as_deref().map(|w| w.split('.').next().unwrap_or(w));
        let module = root.and_then(|r| self.scope.imported(r));
        let database_module = module.is_some_and(super::sinks::is_database_module);
        let database_object = match receiver {
            Expr::Call(_) | Expr::Subscript(_) => true,
            _ => written.as_deref().is_some_and(|w| {
                super::sinks::kind_from_name(w.rsplit('.').next().unwrap_or(w)).is_some()
            }),
        };
        let common = COMMON_METHODS.contains(&name);
        match word {
            super::sinks::CallWord::Function => true,
            super::sinks::CallWord::Driver if !common => module.is_none() || database_module,
            super::sinks::CallWord::Driver | super::sinks::CallWord::Library => {
                database_module || database_object || (module.is_none() && self.names_library())
            }
            super::sinks::CallWord::Connect => database_module || database_object,
        }
    }

    /// `store: Store` and `-> Store` name a class whose methods the function may call.
    fn annotations(&mut self, function: &StmtFunctionDef) {
        let parameters: &Parameters = &function.parameters;
        let annotations = parameters
            .iter()
            .filter_map(|p| p.annotation())
            .chain(function.returns.as_deref());
        for annotation in annotations {
            Annotation(self).visit_expr(annotation);
        }
    }

    fn note(&mut self, expr: &Expr) {
        let written = match expr {
            // `super().save()`.
            Expr::Attribute(attr)
                if matches!(attr.value.as_ref(), Expr::Call(call)
                    if matches!(call.func.as_ref(), Expr::Name(n) if n.id == "super")) =>
            {
                Some(format!("super.{}", attr.attr.id))
            }
            _ => written_path(expr),
        };
        let Some(written) = written else {
            return;
        };
        let parts: Vec<&str> = written.split('.').collect();
        if let ["self", attribute, method] = parts.as_slice() {
            // `self.db.run()`: a method of what `__init__` made `self.db` with.
            if let Some(made_by) = self.attributes.and_then(|a| a.get(*attribute)) {
                self.found.push(format!("{made_by}.{method}"));
            }
            return;
        }
        if let [object, method] = parts.as_slice()
            && let Some(made_by) = self.scope.index.object(object)
        {
            // `db.run()` on a module-level `db = Database()`.
            self.found.push(format!("{made_by}.{method}"));
            return;
        }
        let head = parts[0];
        if matches!(head, "self" | "cls" | "super")
            || self.scope.star_imports
            || self.scope.locals.contains(&head)
        {
            self.found.push(written);
        }
    }
}

impl<'a> Visitor<'a> for Calls<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            self.note(&call.func);
            self.sink |= self.may_sink(&call.func);
            // click's `ctx.invoke(command, …)` calls `command`.
            if let Expr::Attribute(attr) = call.func.as_ref()
                && matches!(attr.attr.id.as_str(), "invoke" | "forward")
                && let Some(command) = call.arguments.args.first()
            {
                self.note(command);
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// The names an annotation is made of (`Store`, `Optional[db.Store]`).
struct Annotation<'a, 'c>(&'a mut Calls<'c>);

impl<'a> Visitor<'a> for Annotation<'_, '_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(_) | Expr::Attribute(_) => self.0.note(expr),
            _ => visitor::walk_expr(self, expr),
        }
    }
}
