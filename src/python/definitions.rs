//! Where the functions a module calls are defined, for the ORM walker: the module's own
//! functions and model methods, and the project's functions and classes it imports.

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};

use super::module::Module;
use super::orm::queries::Definitions;
use super::project::Symbol;

/// The definitions a module's code can reach, looked up once each.
pub struct ModuleDefinitions<'m, 'a> {
    module: &'m Module<'a>,
    /// The module's top-level functions and its classes' methods (`f`, `Class.f`).
    own: FxHashMap<String, &'a StmtFunctionDef>,
    /// Its top-level classes.
    classes: FxHashSet<&'a str>,
    /// Project functions and methods by dotted path, as found (or not) the first time.
    found: RefCell<FxHashMap<String, Option<&'m StmtFunctionDef>>>,
}

impl<'m, 'a> ModuleDefinitions<'m, 'a> {
    pub fn new(module: &'m Module<'a>) -> Self {
        let mut own = FxHashMap::default();
        let mut classes = FxHashSet::default();
        for stmt in module.body {
            match stmt {
                Stmt::FunctionDef(function) => {
                    own.insert(function.name.id.to_string(), function);
                }
                Stmt::ClassDef(class) => {
                    classes.insert(class.name.id.as_str());
                    for stmt in &class.body {
                        if let Stmt::FunctionDef(method) = stmt {
                            own.insert(format!("{}.{}", class.name.id, method.name.id), method);
                        }
                    }
                }
                _ => {}
            }
        }
        Self {
            module,
            own,
            classes,
            found: RefCell::default(),
        }
    }

    /// The dotted path a callee names through an import of this module, if it names one.
    fn imported(&self, func: &Expr) -> Option<String> {
        let mut root = func;
        while let Expr::Attribute(attr) = root {
            root = &attr.value;
        }
        let Expr::Name(name) = root else {
            return None;
        };
        if !self.module.known.imports.contains_key(name.id.as_str()) {
            return None;
        }
        self.module.dotted(func)
    }

    /// The definition of the project function or method at `dotted` (`module.f`,
    /// `module.Class.f`), read once.
    fn project_definition(&self, dotted: &str) -> Option<&'m StmtFunctionDef> {
        if let Some(found) = self.found.borrow().get(dotted) {
            return *found;
        }
        let project = self.module.project?;
        let found = match project.resolve(dotted) {
            Some(Symbol::Function { module, name }) => project.definition(&module, &name),
            Some(Symbol::Method {
                module,
                class,
                name,
            }) => project.definition(&module, &format!("{class}.{name}")),
            _ => None,
        };
        self.found.borrow_mut().insert(dotted.to_string(), found);
        found
    }
}

impl Definitions for ModuleDefinitions<'_, '_> {
    fn function(&self, func: &Expr) -> Option<&StmtFunctionDef> {
        if let Expr::Name(name) = func
            && let Some(local) = self.own.get(name.id.as_str())
        {
            return Some(local);
        }
        self.project_definition(&self.imported(func)?)
    }

    fn local(&self, name: &str) -> Option<&StmtFunctionDef> {
        self.own.get(name).copied()
    }

    fn class(&self, func: &Expr) -> Option<String> {
        if let Expr::Name(name) = func
            && self.classes.contains(name.id.as_str())
        {
            return Some(format!("{}.{}", self.module.name, name.id));
        }
        let path = self.imported(func)?;
        matches!(self.module.project?.resolve(&path)?, Symbol::Class { .. }).then_some(path)
    }

    fn class_method(&self, path: &str, name: &str) -> Option<&StmtFunctionDef> {
        self.project_definition(&format!("{path}.{name}"))
    }

    fn method(&self, model: &str, name: &str) -> Option<&StmtFunctionDef> {
        if let Some(local) = self.own.get(&format!("{model}.{name}")) {
            return Some(local);
        }
        self.class_method(self.module.known.imports.get(model)?, name)
    }
}

/// The top-level function `name`, or the method `Class.name`, of a module's body.
pub fn defined<'b>(body: &'b [Stmt], qualname: &str) -> Option<&'b StmtFunctionDef> {
    let (class, name) = match qualname.split_once('.') {
        Some((class, name)) => (Some(class), name),
        None => (None, qualname),
    };
    let scope = match class {
        Some(class) => body.iter().find_map(|stmt| match stmt {
            Stmt::ClassDef(def) if def.name.id.as_str() == class => Some(&def.body[..]),
            _ => None,
        })?,
        None => body,
    };
    scope.iter().find_map(|stmt| match stmt {
        Stmt::FunctionDef(function) if function.name.id.as_str() == name => Some(function),
        _ => None,
    })
}
