//! Evaluates expressions to `Value`s: names through the local environment and module
//! constants, attributes, subscripts, operators and containers here; string building,
//! and calls with each of their concerns, in the modules below.

mod calls;
mod connections;
mod db_objects;
mod helper_calls;
mod project_calls;
mod sink_calls;
mod strings;
mod transactions;

use ruff_python_ast::{Expr, ExprAttribute, ExprBinOp, ExprSubscript, Operator};

use super::flow::{Analyzer, MAX_EXPR_DEPTH, is_constant_name, loop_info, loop_item};
use super::module::range;
use super::sinks::{QUOTING_FUNCTIONS, kind_from_name};
use super::value::{Arg, DbKind, Origin, Trust, Value};

impl<'a> Analyzer<'_, 'a> {
    pub fn eval(&mut self, expr: &'a Expr) -> Value {
        // Too deep to judge: say nothing rather than guess (a constant raises no finding).
        if self.expr_depth >= MAX_EXPR_DEPTH {
            return Value::constant();
        }
        self.expr_depth += 1;
        let value = self.eval_inner(expr);
        self.expr_depth -= 1;
        value
    }

    fn eval_inner(&mut self, expr: &'a Expr) -> Value {
        match expr {
            Expr::StringLiteral(s) => self.literal(s.value.iter()),
            Expr::BytesLiteral(b) => self.literal(b.value.iter()),
            Expr::FString(f) => self.fstring(f),
            Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => Value::constant(),
            Expr::Name(name) => self.name(&name.id),
            Expr::Attribute(attr) => self.attribute(attr),
            Expr::Subscript(s) => self.subscript(s),
            Expr::BinOp(b) => self.bin_op(b),
            Expr::UnaryOp(u) => {
                let value = self.eval(&u.operand);
                Value::opaque(value.trust(), Origin::Expression)
            }
            Expr::BoolOp(b) => {
                let mut values = b
                    .values
                    .iter()
                    .map(|v| self.eval(v))
                    .collect::<Vec<_>>()
                    .into_iter();
                let first = values.next().unwrap_or_else(Value::constant);
                values.fold(first, Value::merge)
            }
            Expr::If(i) => {
                self.eval(&i.test);
                let body = self.eval(&i.body);
                let orelse = self.eval(&i.orelse);
                body.merge(orelse)
            }
            Expr::Compare(c) => {
                self.eval(&c.left);
                for comparator in &*c.comparators {
                    self.eval(comparator);
                }
                Value::constant()
            }
            Expr::List(l) => Value::Tuple(l.elts.iter().map(|e| self.eval(e)).collect()),
            Expr::Tuple(t) => Value::Tuple(t.elts.iter().map(|e| self.eval(e)).collect()),
            Expr::Set(s) => Value::Tuple(s.elts.iter().map(|e| self.eval(e)).collect()),
            Expr::Dict(d) => {
                let mut items = Vec::new();
                for item in &d.items {
                    let key = item.key.as_ref().map(|k| self.eval(k));
                    let value = self.eval(&item.value);
                    let key = match key {
                        Some(Value::Str(k)) => k.known_text(),
                        _ => "?".into(),
                    };
                    items.push((key, value));
                }
                Value::Dict(items)
            }
            Expr::Await(a) => self.eval(&a.value),
            Expr::Starred(s) => self.eval(&s.value),
            Expr::Named(n) => {
                let value = self.eval(&n.value);
                self.bind(&n.target, value.clone());
                value
            }
            Expr::ListComp(c) => self.comprehension(&c.generators, &c.elt),
            Expr::SetComp(c) => self.comprehension(&c.generators, &c.elt),
            Expr::Generator(c) => self.comprehension(&c.generators, &c.elt),
            Expr::DictComp(c) => {
                if let Some(key) = &c.key {
                    self.eval(key);
                }
                self.comprehension(&c.generators, &c.value)
            }
            Expr::Call(call) => self.call(call),
            Expr::Lambda(_) => Value::opaque(Trust::Untrusted, Origin::Expression),
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.eval(part);
                }
                Value::constant()
            }
            Expr::Yield(y) => {
                if let Some(value) = &y.value {
                    self.eval(value);
                }
                Value::opaque(Trust::Untrusted, Origin::Expression)
            }
            Expr::YieldFrom(y) => {
                self.eval(&y.value);
                Value::opaque(Trust::Untrusted, Origin::Expression)
            }
            Expr::TString(_) | Expr::IpyEscapeCommand(_) => {
                Value::opaque(Trust::Untrusted, Origin::Expression)
            }
        }
    }

    fn name(&self, id: &str) -> Value {
        if let Some(value) = self.env.get(id) {
            return value.clone();
        }
        if let Some(value) = self.module.constants.get(id) {
            return value.clone();
        }
        if self.is_request_object(id) {
            return Value::opaque(Trust::Untrusted, Origin::RequestData);
        }
        if self.module.imports.contains_key(id) || is_constant_name(id) {
            return Value::constant();
        }
        Value::Opaque {
            trust: Trust::Untrusted,
            origin: Origin::Name,
            kind: kind_from_name(id),
        }
    }

    fn attribute(&mut self, attr: &'a ExprAttribute) -> Value {
        let base = self.eval(&attr.value);
        let name = attr.attr.id.as_str();
        let base_is_self =
            matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self" || n.id == "cls");
        if base_is_self
            && let Some(value) = (self.class)
                .and_then(|class| self.module.instance_attrs.get(class))
                .and_then(|attrs| attrs.get(name))
                .or_else(|| self.module.class_attrs.get(name))
        {
            return value.clone();
        }
        if QUOTING_FUNCTIONS.contains(&name) {
            return Value::opaque(Trust::Constant, Origin::QuoteFunction);
        }
        // Table names from model metadata, settings constants, module attributes.
        let from_meta = name == "_meta" || name == "db_table" || name == "__tablename__";
        if is_request_data(&base) {
            return Value::opaque(Trust::Untrusted, Origin::RequestData);
        }
        let from_module = matches!(attr.value.as_ref(), Expr::Name(n) if self.module.imports.contains_key(n.id.as_str()));
        if from_meta
            || from_module
            || (base.trust() == Trust::Constant && !base_is_self && is_constant_name(name))
        {
            return Value::constant();
        }
        let kind = if name == "session" {
            Some(DbKind::Session)
        } else {
            kind_from_name(name)
        };
        Value::Opaque {
            trust: Trust::Untrusted,
            origin: Origin::Attribute,
            kind,
        }
    }

    fn subscript(&mut self, s: &'a ExprSubscript) -> Value {
        let base = self.eval(&s.value);
        let key = self.eval(&s.slice);
        match (&base, &key) {
            (Value::Dict(items), Value::Str(k)) => {
                let k = k.known_text();
                items.iter().find(|(name, _)| *name == k).map_or_else(
                    || Value::opaque(base.trust(), Origin::Subscript),
                    |(_, v)| v.clone(),
                )
            }
            (Value::Tuple(items), _) => match &*s.slice {
                Expr::NumberLiteral(n) => n
                    .value
                    .as_int()
                    .and_then(ruff_python_ast::Int::as_usize)
                    .and_then(|i| items.get(i).cloned())
                    .unwrap_or_else(|| Value::opaque(base.trust(), Origin::Subscript)),
                _ => Value::opaque(base.trust(), Origin::Subscript),
            },
            _ if base.trust() == Trust::Constant => Value::constant(),
            _ if is_request_data(&base) => Value::opaque(Trust::Untrusted, Origin::RequestData),
            _ => Value::opaque(Trust::Untrusted, Origin::Subscript),
        }
    }

    /// Whether a name of the module is a web framework's global request object, imported
    /// from the framework (`from flask import request`): everything read off it comes from
    /// the client, although it is a module-level import.
    fn is_request_object(&self, id: &str) -> bool {
        self.module
            .imports
            .get(id)
            .is_some_and(|path| REQUEST_OBJECTS.contains(&path.as_str()))
    }

    fn bin_op(&mut self, b: &'a ExprBinOp) -> Value {
        let left = self.eval(&b.left);
        match b.op {
            Operator::Mod => self.percent(left, &b.right, range(b)),
            Operator::Add => self.concat(b, left),
            // `["%s"] * len(ids)`: repeating constant text never lets the count in.
            Operator::Mult if matches!(left, Value::Tuple(_) | Value::Str(_)) => {
                self.eval(&b.right);
                Value::opaque(left.trust(), Origin::Expression)
            }
            _ => {
                let right = self.eval(&b.right);
                Value::opaque(left.trust().max(right.trust()), Origin::Expression)
            }
        }
    }

    pub(crate) fn arg(&self, expr: &Expr, value: Value) -> Arg {
        Arg {
            value,
            span: range(expr),
        }
    }

    fn comprehension(
        &mut self,
        generators: &'a [ruff_python_ast::Comprehension],
        elt: &'a Expr,
    ) -> Value {
        let saved = self.env.branch();
        let depth = self.loops.len();
        for generator in generators {
            let iter = self.eval(&generator.iter);
            self.bind(&generator.target, loop_item(&iter));
            self.loops
                .push(loop_info(range(generator), &generator.iter, &iter));
            for condition in &generator.ifs {
                self.eval(condition);
            }
        }
        let item = self.eval(elt);
        self.loops.truncate(depth);
        self.env = saved;
        Value::Tuple(vec![item])
    }

    /// The text of a string literal, or of a module constant holding only literal text.
    pub(crate) fn literal_text(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            Expr::Name(n) => match self
                .env
                .get(n.id.as_str())
                .or_else(|| self.module.constants.get(n.id.as_str()))
            {
                Some(Value::Str(s)) if s.holes().next().is_none() && !s.built => {
                    Some(s.known_text())
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// Web frameworks' global request objects, by import path.
const REQUEST_OBJECTS: &[&str] = &[
    "flask.request",
    "quart.request",
    "bottle.request",
    "cherrypy.request",
];

fn is_request_data(value: &Value) -> bool {
    matches!(
        value,
        Value::Opaque {
            origin: Origin::RequestData,
            ..
        }
    )
}
