//! Where the functions a module calls are defined, for the ORM walker: the module's own
//! functions and model methods, and the project's functions and classes it imports.

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};

use super::module::Module;
use super::orm::queries::Definitions;
use super::project::Symbol;

/// The definitions a module's code can reach.
pub struct ModuleDefinitions<'m, 'a> {
    pub module: &'m Module<'a>,
}

impl Definitions for ModuleDefinitions<'_, '_> {
    fn function(&self, func: &Expr) -> Option<&StmtFunctionDef> {
        if let Expr::Name(name) = func
            && let Some(local) = defined(self.module.body, name.id.as_str())
        {
            return Some(local);
        }
        let project = self.module.project?;
        match project.resolve(&self.module.dotted(func)?)? {
            Symbol::Function { module, name } => project.definition(&module, &name),
            _ => None,
        }
    }

    fn local(&self, name: &str) -> Option<&StmtFunctionDef> {
        defined(self.module.body, name)
    }

    fn class(&self, func: &Expr) -> Option<String> {
        if let Expr::Name(name) = func
            && defined_class(self.module.body, name.id.as_str())
        {
            return Some(format!("{}.{}", self.module.name, name.id));
        }
        let project = self.module.project?;
        let path = self.module.dotted(func)?;
        matches!(project.resolve(&path)?, Symbol::Class { .. }).then_some(path)
    }

    fn class_method(&self, path: &str, name: &str) -> Option<&StmtFunctionDef> {
        let project = self.module.project?;
        match project.resolve(path)? {
            Symbol::Class {
                module,
                name: class,
            } => project.definition(&module, &format!("{class}.{name}")),
            _ => None,
        }
    }

    fn method(&self, model: &str, name: &str) -> Option<&StmtFunctionDef> {
        let qualname = format!("{model}.{name}");
        if let Some(local) = defined(self.module.body, &qualname) {
            return Some(local);
        }
        self.class_method(self.module.known.imports.get(model)?, name)
    }
}

/// Whether a module's body defines the class `name` at its top level.
fn defined_class(body: &[Stmt], name: &str) -> bool {
    body.iter()
        .any(|stmt| matches!(stmt, Stmt::ClassDef(def) if def.name.id.as_str() == name))
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
