//! Evaluates expressions to `Value`s: literals with their file positions, string building,
//! names through the local environment and module constants, calls through the sink
//! catalogue and same-module helpers.

use ruff_python_ast::{
    ConversionFlag, Expr, ExprCall, ExprFString, FStringPart, InterpolatedStringElement, Operator,
};

use super::flow::{
    Analyzer, BuiltString, ConnectSite, LoopCall, MAX_EXPR_DEPTH, QuerySite, Setting,
    is_constant_name, loop_info, loop_item,
};
use super::label;
use super::literal::{Decoded, decode, string_token};
use super::module::range;
use super::sinks::{
    COERCING_FUNCTIONS, CONNECT_FUNCTIONS, DJANGO_EXTRA, DJANGO_EXTRA_KEYWORDS, DJANGO_RAW,
    FUNCTION_SINKS, METHOD_SINKS, PARAM_KEYWORDS, QUOTING_FUNCTIONS, SQL_KEYWORDS, SinkKind,
    kind_from_function, kind_from_method, kind_from_name,
};
use super::value::{Arg, DbKind, Origin, StrValue, Trust, Value, Via};

/// Sinks that run one statement for many rows: the batched form, not a per-row query.
const BATCH_METHODS: [&str; 5] = [
    "executemany",
    "executescript",
    "copy_expert",
    "copy",
    "execute_values",
];

/// Reads of every remaining row of an executed query.
const FETCH_ALL_METHODS: [&str; 3] = ["fetchall", "all", "fetch_all"];

/// Names of calls whose arguments are only logged, printed or raised.
const LOG_METHODS: [&str; 9] = [
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "log",
    "print",
];

impl<'m, 'a> Analyzer<'m, 'a> {
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
            Expr::StringLiteral(s) => {
                let mut decoded = Decoded::new();
                for part in s.value.iter() {
                    decoded.append(&self.decode_part(range(part)));
                }
                Value::Str(StrValue::literal(decoded))
            }
            Expr::BytesLiteral(b) => {
                let mut decoded = Decoded::new();
                for part in b.value.iter() {
                    decoded.append(&self.decode_part(range(part)));
                }
                Value::Str(StrValue::literal(decoded))
            }
            Expr::FString(f) => self.fstring(f),
            Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => Value::constant(),
            Expr::Name(name) => self.name(&name.id),
            Expr::Attribute(attr) => {
                let base = self.eval(&attr.value);
                let name = attr.attr.id.as_str();
                let base_is_self =
                    matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self" || n.id == "cls");
                if base_is_self && let Some(value) = self.module.class_attrs.get(name) {
                    return value.clone();
                }
                if QUOTING_FUNCTIONS.contains(&name) {
                    return Value::opaque(Trust::Constant, Origin::QuoteFunction);
                }
                // Table names from model metadata, settings constants, module attributes.
                let from_meta = name == "_meta" || name == "db_table" || name == "__tablename__";
                let from_module = matches!(attr.value.as_ref(), Expr::Name(n) if self.module.imports.contains_key(n.id.as_str()));
                if from_meta
                    || from_module
                    || (base.trust() == Trust::Constant && !base_is_self && is_constant_name(name))
                {
                    return Value::constant();
                }
                let kind = if name == "session" {
                    Some(super::value::DbKind::Session)
                } else {
                    kind_from_name(name)
                };
                Value::Opaque {
                    trust: Trust::Untrusted,
                    origin: Origin::Attribute,
                    kind,
                }
            }
            Expr::Subscript(s) => {
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
                    _ => Value::opaque(Trust::Untrusted, Origin::Subscript),
                }
            }
            Expr::BinOp(b) => {
                let left = self.eval(&b.left);
                match b.op {
                    Operator::Mod => self.percent(left, &b.right, range(expr)),
                    Operator::Add => {
                        let right = self.eval(&b.right);
                        match left {
                            Value::Str(text) => {
                                let arg = self.arg(&b.right, right);
                                let value = text.concat(arg.pieces(Via::Concat, false));
                                self.note_built(range(expr), &value);
                                Value::Str(value)
                            }
                            left => match right {
                                Value::Str(text) => {
                                    let arg = self.arg(&b.left, left);
                                    let mut value = StrValue {
                                        pieces: arg.pieces(Via::Concat, false),
                                        built: true,
                                    };
                                    value.push_pieces(text.pieces);
                                    self.note_built(range(expr), &value);
                                    Value::Str(value)
                                }
                                right => Value::opaque(
                                    left.trust().max(right.trust()),
                                    Origin::Expression,
                                ),
                            },
                        }
                    }
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
        if self.module.imports.contains_key(id) || is_constant_name(id) {
            return Value::constant();
        }
        Value::Opaque {
            trust: Trust::Untrusted,
            origin: Origin::Name,
            kind: kind_from_name(id),
        }
    }

    fn decode_part(&self, part: std::ops::Range<usize>) -> Decoded {
        match string_token(self.module.source, part) {
            Some(token) => decode(self.module.source, token.body, token.raw, false),
            None => Decoded::new(),
        }
    }

    pub(crate) fn arg(&self, expr: &Expr, value: Value) -> Arg {
        Arg {
            value,
            span: range(expr),
        }
    }

    fn fstring(&mut self, f: &'a ExprFString) -> Value {
        let mut value = StrValue::default();
        for part in f.value.iter() {
            match part {
                FStringPart::Literal(literal) => {
                    value.push_pieces(vec![super::value::Piece::Text(
                        self.decode_part(range(literal)),
                    )])
                }
                FStringPart::FString(fstring) => {
                    let raw =
                        string_token(self.module.source, range(fstring)).is_some_and(|t| t.raw);
                    for element in fstring.elements.iter() {
                        match element {
                            InterpolatedStringElement::Literal(literal) => {
                                let decoded = decode(self.module.source, range(literal), raw, true);
                                value.push_pieces(vec![super::value::Piece::Text(decoded)]);
                            }
                            InterpolatedStringElement::Interpolation(field) => {
                                let inner = self.eval(&field.expression);
                                let numeric = field.conversion == ConversionFlag::None
                                    && field.format_spec.as_ref().is_some_and(|spec| {
                                        let text = self.module.text(range(spec.as_ref()));
                                        text.ends_with([
                                            'd', 'f', 'e', 'g', 'x', 'o', 'b', 'n', '%',
                                        ])
                                    });
                                let arg = self.arg(&field.expression, inner);
                                value.push_pieces(arg.pieces(Via::FString, numeric));
                                value.built = true;
                            }
                        }
                    }
                }
            }
        }
        self.note_built(range(f), &value);
        Value::Str(value)
    }

    /// `template % args`.
    fn percent(&mut self, left: Value, right: &'a Expr, span: std::ops::Range<usize>) -> Value {
        let rhs = self.eval(right);
        let Value::Str(template) = left else {
            return Value::opaque(left.trust().max(rhs.trust()), Origin::Expression);
        };
        let opaque = matches!(rhs, Value::Opaque { .. }).then(|| self.arg(right, rhs.clone()));
        let (positional, named) = match (right, &rhs) {
            (Expr::Tuple(t), Value::Tuple(values)) => (
                t.elts
                    .iter()
                    .zip(values)
                    .map(|(e, v)| self.arg(e, v.clone()))
                    .collect(),
                Vec::new(),
            ),
            (Expr::Dict(d), Value::Dict(values)) => (
                Vec::new(),
                d.items
                    .iter()
                    .zip(values)
                    .map(|(item, (k, v))| (k.clone(), self.arg(&item.value, v.clone())))
                    .collect(),
            ),
            (_, Value::Tuple(values)) => (
                values.iter().map(|v| self.arg(right, v.clone())).collect(),
                Vec::new(),
            ),
            (_, Value::Dict(values)) => (
                Vec::new(),
                values
                    .iter()
                    .map(|(k, v)| (k.clone(), self.arg(right, v.clone())))
                    .collect(),
            ),
            (_, Value::Str(_)) => (vec![self.arg(right, rhs.clone())], Vec::new()),
            _ => (Vec::new(), Vec::new()),
        };
        let value = template.percent(&positional, &named, opaque.as_ref());
        self.note_built(span, &value);
        Value::Str(value)
    }

    fn comprehension(
        &mut self,
        generators: &'a [ruff_python_ast::Comprehension],
        elt: &'a Expr,
    ) -> Value {
        let saved = self.env.clone();
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

    fn call(&mut self, call: &'a ExprCall) -> Value {
        let func = call.func.as_ref();
        let method = match func {
            Expr::Attribute(attr) => Some(attr.attr.id.as_str()),
            _ => None,
        };
        let path = self.module.dotted(func);
        let last = path
            .as_deref()
            .map(|p| p.rsplit('.').next().unwrap_or(p).to_string())
            .or_else(|| method.map(str::to_string))
            .unwrap_or_default();
        let logging = LOG_METHODS.contains(&last.as_str());
        if logging {
            self.in_log_call += 1;
        }
        let receiver = match func {
            Expr::Attribute(attr) => Some(self.eval(&attr.value)),
            _ => None,
        };
        let args: Vec<Value> = call.arguments.args.iter().map(|a| self.eval(a)).collect();
        let keywords: Vec<(Option<&str>, Value)> = call
            .arguments
            .keywords
            .iter()
            .map(|k| (k.arg.as_ref().map(|a| a.id.as_str()), self.eval(&k.value)))
            .collect();
        if logging {
            self.in_log_call -= 1;
        }

        match method {
            Some("commit" | "rollback") => self.transaction.handled = true,
            Some("close")
                if matches!(
                    receiver.as_ref().and_then(Value::kind),
                    Some(DbKind::Connection)
                ) =>
            {
                self.transaction.close.get_or_insert(range(call));
            }
            _ => {}
        }
        let autocommit = call.arguments.keywords.iter().any(|k| {
            k.arg
                .as_ref()
                .is_some_and(|a| a.id == "autocommit" || a.id == "isolation_level")
        });
        self.transaction.handled |= autocommit;

        // `x.replace("'", "''")` doubles quotes: SQL's own escape for literals and names.
        if method == Some("replace") && is_quote_escape(&args) {
            return Value::constant();
        }

        // String methods on known strings.
        if let (Some(Value::Str(text)), Some(method)) = (&receiver, method) {
            match method {
                "format" => {
                    let positional: Vec<Arg> = call
                        .arguments
                        .args
                        .iter()
                        .zip(&args)
                        .map(|(e, v)| self.arg(e, v.clone()))
                        .collect();
                    let named: Vec<(String, Arg)> = call
                        .arguments
                        .keywords
                        .iter()
                        .zip(&keywords)
                        .filter_map(|(k, (name, v))| {
                            name.map(|n| (n.to_string(), self.arg(&k.value, v.clone())))
                        })
                        .collect();
                    let value = text.format(&positional, &named);
                    self.note_built(range(call), &value);
                    return Value::Str(value);
                }
                "join" => return self.join(text.clone(), call, args.first().cloned()),
                "replace" => {
                    if let (Some(Value::Str(old)), Some(new), Some(new_expr)) =
                        (args.first(), args.get(1), call.arguments.args.get(1))
                    {
                        let arg = self.arg(new_expr, new.clone());
                        return Value::Str(text.replace(&old.known_text(), &arg));
                    }
                    return Value::Str(text.clone());
                }
                "strip" | "lstrip" | "rstrip" | "upper" | "lower" | "title" | "encode"
                | "decode" | "casefold" => {
                    return Value::Str(text.clone());
                }
                _ => {}
            }
        }

        let executed = match receiver.as_ref().and_then(Value::kind) {
            Some(DbKind::Executed(index)) => Some(index),
            _ => None,
        };
        // An executed cursor is still a cursor for what it can run next.
        let receiver_kind = receiver
            .as_ref()
            .and_then(Value::kind)
            .map(|kind| match kind {
                DbKind::Executed(_) => DbKind::Cursor,
                other => other,
            })
            .or_else(|| match func {
                Expr::Attribute(attr) => receiver_kind_by_name(&attr.value),
                _ => None,
            });

        // Reading every row of an executed query: `cur.fetchall()`, `result.all()`,
        // `list(cur)`.
        let read_all = match (method, executed) {
            (Some(m), Some(index)) if FETCH_ALL_METHODS.contains(&m) => Some(index),
            (None, _) if last == "list" => match args.first().and_then(Value::kind) {
                Some(DbKind::Executed(index)) => Some(index),
                _ => None,
            },
            _ => None,
        };
        if let Some(index) = read_all {
            if let Some(site) = self.facts.queries.get_mut(index) {
                site.fetch_all.get_or_insert(range(call));
            }
            return Value::Opaque {
                trust: Trust::Untrusted,
                origin: Origin::Call,
                kind: Some(DbKind::Rows),
            };
        }

        // Method sinks: `cur.execute(sql, params)`.
        if let Some(method) = method {
            let sink = METHOD_SINKS.iter().find(|s| {
                s.method == method && receiver_kind.is_some_and(|k| s.receivers.contains(&k))
            });
            if let Some(sink) = sink {
                if let Some(index) = self.query_site(call, sink.kind, &args, &keywords, true) {
                    // `cur.execute(…)` leaves `cur` holding the result, and returns it.
                    if let Expr::Attribute(attr) = func
                        && let Expr::Name(name) = attr.value.as_ref()
                        && receiver_kind == Some(DbKind::Cursor)
                    {
                        self.env
                            .insert(name.id.to_string(), Value::db(DbKind::Executed(index)));
                    }
                    return Value::db(DbKind::Executed(index));
                }
            } else if method == DJANGO_RAW && chain_has_objects(func) {
                self.query_site(call, SinkKind::Statement, &args, &keywords, false);
            } else if method == DJANGO_EXTRA {
                self.django_extra(call, &keywords);
            }
            if let Some(wrapper) = self.method_wrapper(func, method) {
                self.wrapper_call(call, &wrapper, &args);
            }
        }

        if let Some(path) = path.as_deref() {
            if let Some(sink) = FUNCTION_SINKS.iter().find(|s| s.path == path) {
                self.query_site(call, sink.kind, &args, &keywords, false);
                if sink.kind == SinkKind::Compose {
                    return Value::constant();
                }
                if sink.kind == SinkKind::Text || sink.kind == SinkKind::Fragment {
                    return Value::constant();
                }
            }
            if CONNECT_FUNCTIONS.contains(&last.as_str())
                && (self.module.is_driver_path(path) || method.is_none())
            {
                self.connect_site(call, path);
            }
        }

        let callee_quotes = matches!(func, Expr::Name(n) if matches!(self.env.get(n.id.as_str()), Some(Value::Opaque { origin: Origin::QuoteFunction, .. })));
        if QUOTING_FUNCTIONS.contains(&last.as_str()) || callee_quotes {
            return Value::constant();
        }
        // `range(n)` yields numbers, whatever `n` is.
        if method.is_none() && last == "range" {
            return Value::constant();
        }
        if method.is_none() && COERCING_FUNCTIONS.contains(&last.as_str()) {
            let trust = args
                .first()
                .map_or(Trust::Constant, Value::trust)
                .min(Trust::Coerced);
            return Value::opaque(trust, Origin::Call);
        }
        if method.is_none() && last == "str" {
            return args.into_iter().next().unwrap_or_else(Value::constant);
        }
        if let Some(kind) = method.and_then(|m| kind_from_method(m, receiver_kind)) {
            return Value::db(kind);
        }
        if let Some(kind) = path.as_deref().and_then(kind_from_function)
            && (method.is_none()
                || self
                    .module
                    .is_driver_path(path.as_deref().unwrap_or_default())
                || last.ends_with("ession"))
        {
            return Value::db(kind);
        }

        // Same-module helpers: `build_query(x)` or `self.build_query(x)`.
        let helper = match func {
            Expr::Name(name) => self.module.functions.get(name.id.as_str()).copied(),
            Expr::Attribute(attr) if matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self" || n.id == "cls") => {
                self.module.functions.get(attr.attr.id.as_str()).copied()
            }
            _ => None,
        };
        if let Some(helper) = helper {
            if let Some(in_loop) = self.loops.last()
                && self.record
                && self.depth == 0
            {
                self.facts.loop_calls.push(LoopCall {
                    function: helper.name.id.to_string(),
                    call: range(call),
                    in_loop: in_loop.clone(),
                });
            }
            if let Expr::Name(name) = func
                && let Some(wrapper) = self.module.wrappers.get(name.id.as_str()).cloned()
            {
                self.wrapper_call(call, &wrapper, &args);
            }
            let is_method = matches!(func, Expr::Attribute(_));
            let mut bound = args.clone();
            if is_method {
                bound.insert(0, Value::constant());
            }
            if self.inline_budget()
                && let Some(value) = self.inline(helper, bound)
            {
                return value;
            }
        }
        Value::opaque(Trust::Untrusted, Origin::Call)
    }

    /// `sep.join(items)`: joined pieces of a literal list or comprehension, else a hole.
    fn join(&mut self, separator: StrValue, call: &'a ExprCall, items: Option<Value>) -> Value {
        let Some(items_expr) = call.arguments.args.first() else {
            return Value::Str(separator);
        };
        let items = items.unwrap_or_else(Value::constant);
        let mut value = StrValue {
            pieces: Vec::new(),
            built: true,
        };
        match &items {
            Value::Tuple(values) => {
                let exprs: Vec<&Expr> = match items_expr {
                    Expr::List(l) => l.elts.iter().collect(),
                    Expr::Tuple(t) => t.elts.iter().collect(),
                    _ => Vec::new(),
                };
                for (i, item) in values.iter().enumerate() {
                    if i > 0 {
                        value.push_pieces(separator.pieces.clone());
                    }
                    let expr = exprs.get(i).copied().unwrap_or(items_expr);
                    value.push_pieces(self.arg(expr, item.clone()).pieces(Via::Join, false));
                }
            }
            other => {
                let arg = self.arg(items_expr, other.clone());
                value.push_pieces(arg.pieces(Via::Join, false));
            }
        }
        self.note_built(range(call), &value);
        Value::Str(value)
    }

    fn query_site(
        &mut self,
        call: &'a ExprCall,
        kind: SinkKind,
        args: &[Value],
        keywords: &[(Option<&str>, Value)],
        dbapi: bool,
    ) -> Option<usize> {
        let by_keyword = call.arguments.keywords.iter().zip(keywords).find(|(k, _)| {
            k.arg
                .as_ref()
                .is_some_and(|a| SQL_KEYWORDS.contains(&a.id.as_str()))
        });
        let (expr, value) = match (call.arguments.args.first(), args.first(), by_keyword) {
            (Some(expr), Some(value), _) => (expr, value.clone()),
            (_, _, Some((k, (_, value)))) => (&k.value, value.clone()),
            _ => return None,
        };
        let params_passed = args.len() >= 2
            || keywords
                .iter()
                .any(|(name, _)| name.is_some_and(|n| PARAM_KEYWORDS.contains(&n)));
        self.record_query(call, kind, expr, value, params_passed, dbapi)
    }

    fn record_query(
        &mut self,
        call: &'a ExprCall,
        kind: SinkKind,
        expr: &'a Expr,
        value: Value,
        params_passed: bool,
        dbapi: bool,
    ) -> Option<usize> {
        // A function that executes its own parameter is a sink for its callers.
        if let Value::Opaque {
            origin: Origin::Parameter(index),
            ..
        } = value
            && self.depth == 0
            && let Some(function) = self.function.clone()
        {
            self.wrappers
                .push((function, super::module::Wrapper { param: index, kind }));
            return None;
        }
        if !self.record || self.depth > 0 {
            return None;
        }
        let callee = call.func.as_ref();
        let method = match callee {
            Expr::Attribute(attr) => attr.attr.id.as_str(),
            Expr::Name(name) => name.id.as_str(),
            _ => "",
        };
        let reads_all = matches!(method, "fetch" | "read_sql" | "read_sql_query");
        self.facts.queries.push(QuerySite {
            sink: label(self.module.source, &range(callee)),
            kind,
            callee: range(callee),
            arg: range(expr),
            value,
            params_passed,
            dbapi,
            batch: BATCH_METHODS.contains(&method),
            fetch_all: reads_all.then(|| range(call)),
            in_loop: self.loops.last().cloned(),
            function: self.function.clone(),
            shape: None,
        });
        Some(self.facts.queries.len() - 1)
    }

    fn method_wrapper(&self, func: &Expr, method: &str) -> Option<super::module::Wrapper> {
        match func {
            Expr::Attribute(attr) if matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self" || n.id == "cls") => {
                self.module.wrappers.get(method).cloned()
            }
            _ => None,
        }
    }

    fn wrapper_call(
        &mut self,
        call: &'a ExprCall,
        wrapper: &super::module::Wrapper,
        args: &[Value],
    ) {
        let offset = usize::from(matches!(call.func.as_ref(), Expr::Attribute(_)));
        let index = wrapper.param.saturating_sub(offset);
        if let (Some(expr), Some(value)) = (call.arguments.args.get(index), args.get(index)) {
            let params_passed = args.len() > index + 1 || !call.arguments.keywords.is_empty();
            self.record_query(
                call,
                wrapper.kind,
                expr,
                value.clone(),
                params_passed,
                false,
            );
        }
    }

    /// `qs.extra(where=[…], select={…}, tables=[…])`: each string is a fragment.
    fn django_extra(&mut self, call: &'a ExprCall, keywords: &[(Option<&str>, Value)]) {
        for (keyword, (name, value)) in call.arguments.keywords.iter().zip(keywords) {
            if !name.is_some_and(|n| DJANGO_EXTRA_KEYWORDS.contains(&n)) {
                continue;
            }
            let exprs: Vec<&'a Expr> = match &keyword.value {
                Expr::List(l) => l.elts.iter().collect(),
                Expr::Tuple(t) => t.elts.iter().collect(),
                Expr::Dict(d) => d.items.iter().map(|i| &i.value).collect(),
                other => vec![other],
            };
            let values: Vec<Value> = match value {
                Value::Tuple(values) => values.clone(),
                Value::Dict(items) => items.iter().map(|(_, v)| v.clone()).collect(),
                other => vec![other.clone()],
            };
            for (expr, value) in exprs.into_iter().zip(values) {
                self.record_query(call, SinkKind::Fragment, expr, value, true, false);
            }
        }
    }

    fn connect_site(&mut self, call: &'a ExprCall, path: &str) {
        if !self.record || self.depth > 0 {
            return;
        }
        let mut settings = Vec::new();
        for keyword in &call.arguments.keywords {
            let Some(name) = &keyword.arg else {
                continue;
            };
            if let Expr::Dict(dict) = &keyword.value {
                settings.extend(dict_settings(self, dict));
            }
            settings.push(setting(self, name.id.as_str(), &keyword.value));
        }
        let urls = call
            .arguments
            .args
            .iter()
            .filter_map(|a| self.literal_text(a).map(|t| (range(a), t)))
            .collect();
        self.facts.connects.push(ConnectSite {
            function: path.to_string(),
            callee: range(call.func.as_ref()),
            settings,
            urls,
            in_loop: self.loops.last().cloned(),
            scope: self.function.clone(),
        });
    }

    /// Django's `DATABASES = {"default": {"PASSWORD": …, "OPTIONS": {…}}}`: each entry is
    /// checked like a connection call.
    pub(crate) fn databases_setting(&mut self, dict: &'a ruff_python_ast::ExprDict) {
        if !self.record || self.depth > 0 {
            return;
        }
        for item in &dict.items {
            if let Expr::Dict(entry) = &item.value {
                let settings = dict_settings(self, entry);
                self.facts.connects.push(ConnectSite {
                    function: "DATABASES".into(),
                    callee: range(&item.value),
                    settings,
                    urls: Vec::new(),
                    in_loop: None,
                    scope: self.function.clone(),
                });
            }
        }
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

    fn note_built(&mut self, span: std::ops::Range<usize>, value: &StrValue) {
        if self.record
            && self.depth == 0
            && self.in_log_call == 0
            && value.built
            && value.holes().any(|h| h.trust == Trust::Untrusted)
        {
            self.facts.built.push(BuiltString {
                span,
                value: value.clone(),
            });
        }
    }
}

pub(crate) fn setting(analyzer: &Analyzer<'_, '_>, name: &str, value: &Expr) -> Setting {
    Setting {
        name: name.to_ascii_lowercase(),
        span: range(value),
        literal: analyzer.literal_text(value),
        constant: match value {
            Expr::BooleanLiteral(b) if b.value => Some("True"),
            Expr::BooleanLiteral(_) => Some("False"),
            Expr::NoneLiteral(_) => Some("None"),
            _ => None,
        },
    }
}

/// Entries of a literal dict (`connect_args={"sslmode": "disable"}`), nested dicts flattened.
pub(crate) fn dict_settings(
    analyzer: &Analyzer<'_, '_>,
    dict: &ruff_python_ast::ExprDict,
) -> Vec<Setting> {
    let mut out = Vec::new();
    for item in &dict.items {
        let Some(Expr::StringLiteral(key)) = &item.key else {
            continue;
        };
        if let Expr::Dict(inner) = &item.value {
            out.extend(dict_settings(analyzer, inner));
        }
        out.push(setting(analyzer, key.value.to_str(), &item.value));
    }
    out
}

/// `Model.objects.raw`, `Model.objects.filter(…).extra`: a Django manager chain.
fn chain_has_objects(func: &Expr) -> bool {
    let mut current = func;
    loop {
        match current {
            Expr::Attribute(attr) => {
                if attr.attr.id == "objects" {
                    return true;
                }
                current = &attr.value;
            }
            Expr::Call(call) => current = &call.func,
            _ => return false,
        }
    }
}

/// A receiver's kind from its spelling alone: `conn.cursor().execute` → cursor.
fn receiver_kind_by_name(expr: &Expr) -> Option<super::value::DbKind> {
    match expr {
        Expr::Name(n) => kind_from_name(&n.id),
        Expr::Attribute(a) => kind_from_name(&a.attr.id),
        Expr::Call(c) => match c.func.as_ref() {
            Expr::Attribute(a) => kind_from_method(&a.attr.id, receiver_kind_by_name(&a.value)),
            _ => None,
        },
        _ => None,
    }
}

/// `replace("'", "''")` (a string literal), `replace('"', '""')` or
/// ``replace("`", "``")`` (a quoted identifier): the quote doubled, SQL's own escape.
fn is_quote_escape(args: &[Value]) -> bool {
    match args {
        [Value::Str(old), Value::Str(new)] => {
            let (old, new) = (old.known_text(), new.known_text());
            matches!(old.as_str(), "'" | "\"" | "`") && new == old.repeat(2)
        }
        _ => false,
    }
}
