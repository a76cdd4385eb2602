//! Evaluates expressions to `Value`s: names through the local environment and module
//! constants, attributes, subscripts, operators and containers here; string building,
//! and calls with each of their concerns, in the modules below.

mod calls;
mod configured;
mod connections;
mod containers;
mod db_objects;
mod forwarded;
mod guards;
mod helper_calls;
mod identifier_pattern;
mod orm_compiler;
mod project_calls;
mod sink_calls;
mod strings;
mod templates;
mod transactions;
mod whole_query;

use ruff_python_ast::{Expr, ExprAttribute, ExprBinOp, ExprSubscript, Operator};

use super::flow::{Analyzer, MAX_EXPR_DEPTH, is_constant_name, loop_info};
use super::module::range;
use super::sinks::{is_quoting_function, kind_from_name};
use super::value::{Arg, DbKind, Origin, Trust, Value};
use calls::{DATETIME_ATTRIBUTES, UUID_ATTRIBUTES};
pub(crate) use containers::item_of;

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
            Expr::ListComp(c) => self.comprehension(&c.generators, |a| a.eval(&c.elt)),
            Expr::SetComp(c) => self.comprehension(&c.generators, |a| a.eval(&c.elt)),
            Expr::Generator(c) => self.comprehension(&c.generators, |a| a.eval(&c.elt)),
            // `{k: v for …}`: its `(k, v)` pairs (see `containers`).
            Expr::DictComp(c) => self.comprehension(&c.generators, |analyzer| {
                let key = c
                    .key
                    .as_ref()
                    .map_or_else(Value::constant, |k| analyzer.eval(k));
                Value::Tuple(vec![key, analyzer.eval(&c.value)])
            }),
            Expr::Call(call) => self.call(call),
            Expr::Lambda(_) => Value::opaque(Trust::Untrusted, Origin::Expression),
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.eval(part);
                }
                Value::constant()
            }
            // What a generator yields is what iterating its call gives; what `yield` itself
            // evaluates to is sent in by whoever iterates.
            Expr::Yield(y) => {
                let value = y
                    .value
                    .as_ref()
                    .map_or_else(Value::constant, |v| self.eval(v));
                self.note_yield(value);
                Value::opaque(Trust::Untrusted, Origin::Expression)
            }
            Expr::YieldFrom(y) => {
                let value = self.eval(&y.value);
                self.note_yield(item_of(&value));
                Value::opaque(Trust::Untrusted, Origin::Expression)
            }
            Expr::TString(t) => self.tstring(t),
            Expr::IpyEscapeCommand(_) => Value::opaque(Trust::Untrusted, Origin::Expression),
        }
    }

    fn name(&self, id: &str) -> Value {
        if let Some(value) = self.env.get(id) {
            return value.clone();
        }
        if let Some(value) = self.module.known.constants.get(id) {
            return value.clone();
        }
        if let Some(origin) = self
            .module
            .known
            .imports
            .get(id)
            .and_then(|path| self.source_origin(path))
        {
            return Value::opaque(Trust::Untrusted, origin);
        }
        if self.module.known.imports.contains_key(id) || is_constant_name(id) {
            return Value::constant();
        }
        if self.module.functions.contains_key(id) {
            return Value::opaque(Trust::Constant, Origin::Function(id.into()));
        }
        Value::Opaque {
            trust: Trust::Untrusted,
            origin: Origin::Name,
            kind: kind_from_name(id),
        }
    }

    /// `self.NAME` of the class of the method being analysed, as its methods set it; not
    /// while they are being read for it.
    fn instance_attr(&self, name: &str) -> Option<Value> {
        let class = self.class.filter(|_| self.self_attrs.is_none())?;
        let module = self.module;
        let attrs = module
            .known
            .instance_attrs
            .of(class, || crate::python::instance_attributes(module, class))?;
        attrs.get(name).cloned()
    }

    fn attribute(&mut self, attr: &'a ExprAttribute) -> Value {
        let base = self.eval(&attr.value);
        let name = attr.attr.id.as_str();
        let base_is_self =
            matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self" || n.id == "cls");
        if base_is_self
            && let Some(value) = self
                .instance_attr(name)
                .or_else(|| self.module.known.class_attrs.get(name).cloned())
        {
            return value;
        }
        if base_is_self && let Some(value) = self.property(name) {
            return value;
        }
        if is_quoting_function(name) {
            return Value::opaque(Trust::Constant, Origin::QuoteFunction);
        }
        // `model._meta` and what is read off it: the model's definition; not its managers,
        // which read the rows.
        if name == "_meta" || (self.is_schema(&base) && !MANAGERS.contains(&name)) {
            return Value::schema();
        }
        // `Status.OPEN`, its `.value` and `.name`, and those of `Status(s)` (which raises
        // unless `s` is a member's value) or of a `status: Status` parameter (a member): the
        // enumeration's own.
        let enum_member = |expr: &Expr| match expr {
            Expr::Attribute(member) => self.module.is_enum_class(&member.value),
            Expr::Call(call) => self.module.is_enum_class(&call.func),
            _ => false,
        };
        if self.module.is_enum_class(&attr.value)
            || (matches!(name, "value" | "name")
                && (enum_member(&attr.value) || base.trust() == Trust::Constant))
        {
            return Value::constant();
        }
        // Table names from model metadata, settings constants, module attributes; the name
        // a function or class is defined with.
        let from_meta = name == "db_table" || name == "__tablename__" || is_code_name(name);
        let from_module = matches!(attr.value.as_ref(), Expr::Name(n) if self.module.known.imports.contains_key(n.id.as_str()));
        let module_input = || {
            let base = self.module.dotted(&attr.value)?;
            self.source_origin(&format!("{base}.{name}"))
        };
        if let Some(origin) = input_read(&base).or_else(|| from_module.then(module_input).flatten())
        {
            return Value::opaque(Trust::Untrusted, origin);
        }
        if self.is_request_parameter(&attr.value) && REQUEST_DATA.contains(&name) {
            return Value::opaque(Trust::Untrusted, Origin::RequestData);
        }
        if let Value::Opaque { trust, origin, .. } = &base
            && (*origin == Origin::Uuid && UUID_ATTRIBUTES.contains(&name)
                || *origin == Origin::DateTime && DATETIME_ATTRIBUTES.contains(&name))
        {
            return Value::opaque(*trust, origin.clone());
        }
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
            _ if self.is_schema(&base) => Value::schema(),
            _ if base.trust() == Trust::Constant => Value::constant(),
            _ if let Some(origin) = input_read(&base) => Value::opaque(Trust::Untrusted, origin),
            // `hex(n)[2:]`: part of the value's text, as trusted as the whole; of a
            // parameter's (`sql[:-2]`), still the caller's text.
            (Value::Opaque { trust, origin, .. }, _) if matches!(*s.slice, Expr::Slice(_)) => {
                let origin = match origin.parameter() {
                    Some(_) => origin.clone(),
                    None => Origin::Subscript,
                };
                Value::opaque(*trust, origin)
            }
            _ => Value::opaque(Trust::Untrusted, Origin::Subscript),
        }
    }

    /// `self.NAME` where the class defines `NAME` as a `@property` or `@cached_property`:
    /// what its body returns.
    fn property(&mut self, name: &str) -> Option<Value> {
        let method = *self.module.functions.get(name)?;
        let class = self.module.known.method_class.get(&range(method).start)?;
        let is_property = self
            .module
            .decorated_with(method, &["property", "cached_property"]);
        if self.class != Some(class.as_str()) || !is_property || !self.inline_budget() {
            return None;
        }
        self.inline(method, vec![Value::constant()])?.0
    }

    /// Whether `expr` is a view's request parameter: named `request`, or annotated as a
    /// request (`HttpRequest`, Starlette's and aiohttp's `Request`).
    pub(super) fn is_request_parameter(&self, expr: &Expr) -> bool {
        let Expr::Name(name) = expr else {
            return false;
        };
        let id = name.id.as_str();
        if !matches!(
            self.env.get(id),
            Some(Value::Opaque {
                origin: Origin::Parameter(_),
                ..
            })
        ) {
            return false;
        }
        let annotation = self
            .function
            .as_deref()
            .and_then(|f| self.module.functions.get(f))
            .and_then(|f| f.parameters.find(id))
            .and_then(|p| p.parameter.annotation.as_deref())
            .map(|a| self.module.text(range(a)));
        id == "request"
            || annotation.is_some_and(|a| {
                let class = a.rsplit('.').next().unwrap_or(a);
                matches!(
                    class,
                    "HttpRequest" | "Request" | "WSGIRequest" | "ASGIRequest"
                )
            })
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
                Value::opaque(arithmetic_trust(b, &left, &right), Origin::Expression)
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
        elt: impl FnOnce(&mut Self) -> Value,
    ) -> Value {
        let saved = self.env.branch();
        let depth = self.loops.len();
        for generator in generators {
            let iter = self.eval(&generator.iter);
            self.loops.push(loop_info(
                range(generator),
                (&generator.target, &generator.iter),
                &iter,
            ));
            let item = self.loop_item(&generator.iter, &iter);
            self.bind(&generator.target, item);
            for condition in &generator.ifs {
                self.eval(condition);
            }
        }
        let item = elt(self);
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
                .or_else(|| self.module.known.constants.get(n.id.as_str()))
            {
                Some(Value::Str(s)) if s.holes().next().is_none() && !s.built => {
                    Some(s.known_text())
                }
                // A constant imported from another module of the project.
                None => {
                    let path = self.module.known.imports.get(n.id.as_str())?;
                    self.module.project?.constant(path)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// The trust of `left OP right` that is not string building: the riskier operand's, but
/// at most coerced with a number written in the code (`page_size + 1`), on which text,
/// lists and sets raise (`*` repeats text and `%` formats it, so they never count).
pub(super) fn arithmetic_trust(b: &ExprBinOp, left: &Value, right: &Value) -> Trust {
    let trust = left.trust().max(right.trust());
    let numeric = matches!(
        b.op,
        Operator::Add
            | Operator::Sub
            | Operator::Div
            | Operator::FloorDiv
            | Operator::Pow
            | Operator::LShift
            | Operator::RShift
    ) && (is_number_literal(&b.left) || is_number_literal(&b.right));
    if numeric {
        trust.min(Trust::Coerced)
    } else {
        trust
    }
}

/// `1`, `0.5`, `-1`: a number written in the code.
fn is_number_literal(expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(_) => true,
        Expr::UnaryOp(u) => matches!(u.operand.as_ref(), Expr::NumberLiteral(_)),
        _ => false,
    }
}

/// A model's managers, by the names its class and its metadata give them.
const MANAGERS: [&str; 5] = [
    "objects",
    "default_manager",
    "_default_manager",
    "base_manager",
    "_base_manager",
];

/// Module-level names that are the program's inputs, by import path: what is read off them
/// is untrusted although they are imports. The web frameworks' global request objects are
/// request data; the environment and the command line are set by whoever runs the program.
const INPUTS: [(&str, Origin); 9] = [
    ("flask.request", Origin::RequestData),
    ("quart.request", Origin::RequestData),
    ("bottle.request", Origin::RequestData),
    ("cherrypy.request", Origin::RequestData),
    ("os.environ", Origin::Environment),
    ("os.environb", Origin::Environment),
    ("sys.argv", Origin::CommandLine),
    ("sys.orig_argv", Origin::CommandLine),
    ("sys.stdin", Origin::ConsoleInput),
];

/// What a view reads off its request parameter (`request.GET`, `await request.json()`):
/// Django's and REST framework's, Starlette's (FastAPI) and aiohttp's request data.
pub(super) const REQUEST_DATA: [&str; 18] = [
    "GET",
    "POST",
    "COOKIES",
    "FILES",
    "META",
    "headers",
    "body",
    "data",
    "query_params",
    "path_params",
    "cookies",
    "match_info",
    "query",
    "json",
    "form",
    "post",
    "text",
    "read",
];

impl Analyzer<'_, '_> {
    /// The input a dotted path names: a known one (`os.environ`) or a configured source.
    fn source_origin(&self, path: &str) -> Option<Origin> {
        input_origin(path).or_else(|| {
            self.module
                .catalogue()?
                .sources
                .iter()
                .any(|t| t.path() == path)
                .then_some(Origin::ConfiguredSource)
        })
    }
}

fn input_origin(path: &str) -> Option<Origin> {
    INPUTS
        .iter()
        .find(|(input, _)| *input == path)
        .map(|(_, origin)| origin.clone())
}

/// The input a value is read off (`request.args`, `os.environ`), whose parts are that
/// input too.
pub(super) fn input_read(value: &Value) -> Option<Origin> {
    match value {
        Value::Opaque { origin, .. } if origin.is_input() => Some(origin.clone()),
        _ => None,
    }
}

/// `__name__` and `__qualname__`: the name a function or class is defined with, in code.
pub(super) fn is_code_name(attribute: &str) -> bool {
    matches!(attribute, "__name__" | "__qualname__")
}
