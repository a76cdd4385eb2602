//! What a module offers its functions: imports, constants, functions and methods by name,
//! class attributes, and the functions that pass a parameter on as SQL (wrappers).

use std::collections::HashMap;
use std::ops::Range;

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::sinks::SinkKind;
use super::value::Value;

/// A function that executes one of its parameters as SQL: calls to it are sinks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrapper {
    pub param: usize,
    pub kind: SinkKind,
}

pub struct Module<'a> {
    pub source: &'a str,
    /// Local name → dotted import path (`pd` → `pandas`, `text` → `sqlalchemy.text`).
    pub imports: HashMap<String, String>,
    /// Module-level names with the value they were last assigned.
    pub constants: HashMap<String, Value>,
    /// Class-level attributes, reachable as `self.NAME`.
    pub class_attrs: HashMap<String, Value>,
    /// Functions and methods by name (a later definition wins).
    pub functions: HashMap<String, &'a StmtFunctionDef>,
    /// Every function and method, nested ones included, in source order.
    pub all_functions: Vec<&'a StmtFunctionDef>,
    pub wrappers: HashMap<String, Wrapper>,
}

impl<'a> Module<'a> {
    pub fn new(source: &'a str, body: &'a [Stmt]) -> Self {
        let mut module = Self {
            source,
            imports: HashMap::new(),
            constants: HashMap::new(),
            class_attrs: HashMap::new(),
            functions: HashMap::new(),
            all_functions: Vec::new(),
            wrappers: HashMap::new(),
        };
        module.collect(body, true);
        module
    }

    fn collect(&mut self, body: &'a [Stmt], top: bool) {
        for stmt in body {
            match stmt {
                Stmt::Import(import) if top => {
                    for alias in &import.names {
                        let path = alias.name.id.to_string();
                        let local = alias.asname.as_ref().map_or_else(
                            || path.split('.').next().unwrap_or(&path).to_string(),
                            |a| a.id.to_string(),
                        );
                        let target = if alias.asname.is_some() {
                            path.clone()
                        } else {
                            local.clone()
                        };
                        self.imports.insert(local, target);
                    }
                }
                Stmt::ImportFrom(import) if top => {
                    let module = import
                        .module
                        .as_ref()
                        .map(|m| m.id.to_string())
                        .unwrap_or_default();
                    for alias in &import.names {
                        let name = alias.name.id.to_string();
                        let local = alias
                            .asname
                            .as_ref()
                            .map_or_else(|| name.clone(), |a| a.id.to_string());
                        self.imports.insert(local, format!("{module}.{name}"));
                    }
                }
                Stmt::FunctionDef(function) => {
                    self.functions
                        .insert(function.name.id.to_string(), function);
                    self.all_functions.push(function);
                    self.collect(&function.body, false);
                }
                Stmt::ClassDef(class) => self.collect(&class.body, false),
                Stmt::If(s) => {
                    self.collect(&s.body, top);
                    for clause in &s.elif_else_clauses {
                        self.collect(&clause.body, top);
                    }
                }
                Stmt::Try(s) => {
                    self.collect(&s.body, top);
                    for handler in &s.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        self.collect(&h.body, top);
                    }
                    self.collect(&s.orelse, top);
                    self.collect(&s.finalbody, top);
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
                    self.imports
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

    /// Whether a function's code mentions a sink, a connection call or a wrapper: only
    /// those are worth following.
    pub fn may_reach_sink(&self, function: &StmtFunctionDef) -> bool {
        let text = self.text(range(function));
        super::sinks::mentions_sink(text)
            || self
                .wrappers
                .keys()
                .any(|name| text.contains(&format!("{name}(")))
    }

    /// Whether a dotted path comes from a database driver module.
    pub fn is_driver_path(&self, path: &str) -> bool {
        let root = path.split('.').next().unwrap_or(path);
        super::sinks::DRIVER_MODULES.contains(&root)
    }
}

/// Converts a ruff range to a byte range.
pub fn range(node: &impl Ranged) -> Range<usize> {
    let r = node.range();
    r.start().to_usize()..r.end().to_usize()
}
