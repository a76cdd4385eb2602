//! Calls: the callee and arguments are evaluated once, then each concern looks at the call
//! in turn — transactions, string methods, fetches, sinks, connections, builtins, database
//! objects, same-module helpers — and the first to know its value answers.

use std::sync::Arc;

use ruff_python_ast::{Expr, ExprCall};

use super::REQUEST_DATA;
use super::containers::{container_builtin, dict_view, same_items};
use crate::python::flow::Analyzer;
use crate::python::mentions::names;
use crate::python::module::range;
use crate::python::sinks::{COERCING_FUNCTIONS, is_quoting_function};
use crate::python::value::{Arg, Instance, Origin, Passed, Trust, Value};

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

/// Methods of model metadata that return more of the model's definition: fields, their
/// names (a many-to-many field's link table and columns too), column types and database
/// parameters.
const METADATA_METHODS: [&str; 14] = [
    "get_field",
    "get_fields",
    "db_parameters",
    "db_type",
    "rel_db_type",
    "cast_db_type",
    "db_type_suffix",
    "get_attname",
    "get_attname_column",
    "m2m_db_table",
    "m2m_column_name",
    "m2m_reverse_name",
    "m2m_field_name",
    "m2m_reverse_field_name",
];

/// MySQLdb connection methods that return what the server reports of itself.
const SERVER_REPORTS: [&str; 4] = [
    "character_set_name",
    "get_server_info",
    "get_host_info",
    "get_proto_info",
];

/// `connection.ops.method`, `connections[alias].ops.method`: a method of the database
/// operations of a Django connection.
fn is_database_operations(func: &Expr) -> bool {
    let Expr::Attribute(method) = func else {
        return false;
    };
    let Expr::Attribute(ops) = method.value.as_ref() else {
        return false;
    };
    let connection = match ops.value.as_ref() {
        Expr::Attribute(a) => a.attr.id.as_str(),
        Expr::Name(n) => n.id.as_str(),
        Expr::Subscript(s) => match s.value.as_ref() {
            Expr::Name(n) => n.id.as_str(),
            _ => return false,
        },
        _ => return false,
    };
    ops.attr.id == "ops" && matches!(connection, "connection" | "connections")
}

/// A call with its callee named and its arguments evaluated.
pub(super) struct Call<'a> {
    pub expr: &'a ExprCall,
    pub func: &'a Expr,
    /// `execute` in `cur.execute(…)`.
    pub method: Option<&'a str>,
    /// The dotted path of the callee through the module's imports (`sqlite3.connect`).
    pub path: Option<String>,
    /// The last name of the path, else the method.
    pub last: String,
    pub receiver: Option<Value>,
    pub args: Vec<Value>,
    pub keywords: Vec<(Option<&'a str>, Value)>,
}

impl<'a> Call<'a> {
    /// An instance of `class` carrying this call's arguments: the positional ones before
    /// any `*args`, and the named keywords.
    pub(super) fn instance(&self, class: impl Into<Arc<str>>) -> Instance {
        let arguments = &self.expr.arguments;
        let positional = arguments
            .args
            .iter()
            .zip(&self.args)
            .take_while(|(expr, _)| !matches!(expr, Expr::Starred(_)))
            .map(|(expr, value)| (None, expr, value));
        let keywords = arguments
            .keywords
            .iter()
            .zip(&self.keywords)
            .filter_map(|(k, (name, value))| Some((Some((*name)?.into()), &k.value, value)));
        let passed = positional
            .chain(keywords)
            .map(|(keyword, expr, value)| Passed {
                keyword,
                arg: Arg {
                    value: value.clone(),
                    span: range(expr),
                },
            })
            .collect();
        Instance {
            class: class.into(),
            passed,
        }
    }

    /// Whether the call passes `*args` or `**kwargs`: which parameter gets what is not
    /// known.
    pub(super) fn unpacks(&self) -> bool {
        self.expr
            .arguments
            .args
            .iter()
            .any(|a| matches!(a, Expr::Starred(_)))
            || self.keywords.iter().any(|(name, _)| name.is_none())
    }

    /// The positional argument at `position` with its value, unless it is `*args`.
    pub(super) fn positional(&self, position: usize) -> Option<(&'a Expr, Value)> {
        let expr = self.expr.arguments.args.get(position)?;
        let value = self.args.get(position)?;
        (!matches!(expr, Expr::Starred(_))).then(|| (expr, value.clone()))
    }

    /// The keyword argument named one of `names`, with its value.
    pub(super) fn keyword(&self, names: &[&str]) -> Option<(&'a Expr, Value)> {
        self.expr
            .arguments
            .keywords
            .iter()
            .zip(&self.keywords)
            .find(|(k, _)| {
                k.arg
                    .as_ref()
                    .is_some_and(|a| names.contains(&a.id.as_str()))
            })
            .map(|(k, (_, value))| (&k.value, value.clone()))
    }
}

impl<'a> Analyzer<'_, 'a> {
    pub(super) fn call(&mut self, expr: &'a ExprCall) -> Value {
        let call = self.evaluate_call(expr);
        if let Some(constructed) = self.constructed.as_mut()
            && self.depth == 0
            && names(call.func, &constructed.class)
        {
            let instance = (!call.unpacks()).then(|| call.instance(constructed.class.as_str()));
            constructed.note(expr, instance);
        }
        self.note_transaction(&call);
        self.fill_container(&call);
        if let Some(value) = self.string_method(&call) {
            return value;
        }
        let receiver_kind = call.receiver_kind();
        if let Some(value) = self.fetch_all(&call) {
            return value;
        }
        if let Some(value) = self.method_sink(&call, receiver_kind) {
            return value;
        }
        if let Some(value) = self.function_sink(&call) {
            return value;
        }
        // `field.db_parameters(…)`, `_meta.get_field(name)`: the model's definition again.
        // Other methods (`constraint.constraint_sql(model, editor)`, `field.to_python(v)`)
        // compute from the definition and what they are given: as trusted as that.
        if call.receiver.as_ref().is_some_and(|r| self.is_schema(r)) {
            if call.method.is_some_and(|m| METADATA_METHODS.contains(&m)) {
                return Value::schema();
            }
            return match arguments_trust(&call) {
                Trust::Constant => Value::schema(),
                trust => Value::opaque(trust, Origin::Call),
            };
        }

        self.connect(&call);
        if let Some(value) = self.builtin(&call) {
            return value;
        }
        // `self.connection.ops.tablespace_sql(t)`: Django's database operations write SQL
        // for the names and values they are given.
        if is_database_operations(call.func) {
            return Value::opaque(arguments_trust(&call), Origin::Call);
        }
        // `connection.introspection.get_primary_key_column(cursor, table)`, MySQLdb's
        // `conn.character_set_name()`: what the database reports of its own schema and
        // settings.
        let introspects = matches!(call.func, Expr::Attribute(method) if matches!(method.value.as_ref(),
            Expr::Attribute(owner) if owner.attr.id == "introspection"));
        if introspects || call.method.is_some_and(|m| SERVER_REPORTS.contains(&m)) {
            return Value::opaque(Trust::Constant, Origin::Catalog);
        }
        if let Some(value) = call.db_object(self.module, receiver_kind) {
            return value;
        }
        if let Some(value) = self.configured_call(&call) {
            return value;
        }
        // Inside Django itself, `self.as_sql()` and `compiler.compile(node)` are the ORM
        // composing its SQL, however the project's own methods build it.
        if self.module.is_within("django")
            && let Some(pair) = self.compiled_pair(&call)
        {
            return pair;
        }
        if let Some(value) = self.project_call(&call) {
            return value;
        }
        if let Some(pair) = self.compiled_pair(&call) {
            return pair;
        }
        self.helper_call(&call)
            .unwrap_or_else(|| Value::opaque(Trust::Untrusted, Origin::Call))
    }

    /// Names the callee and evaluates receiver and arguments, those of a log call as such.
    fn evaluate_call(&mut self, expr: &'a ExprCall) -> Call<'a> {
        let func = expr.func.as_ref();
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
        let args = expr.arguments.args.iter().map(|a| self.eval(a)).collect();
        let keywords = expr
            .arguments
            .keywords
            .iter()
            .map(|k| (k.arg.as_ref().map(|a| a.id.as_str()), self.eval(&k.value)))
            .collect();
        if logging {
            self.in_log_call -= 1;
        }
        Call {
            expr,
            func,
            method,
            path,
            last,
            receiver,
            args,
            keywords,
        }
    }

    /// Builtins, standard-library values and quoting functions whose result is known from
    /// the call alone, and what methods of those values and of the program's inputs return.
    fn builtin(&self, call: &Call<'a>) -> Option<Value> {
        let last = call.last.as_str();
        let callee_quotes = matches!(call.func, Expr::Name(n) if matches!(self.env.get(n.id.as_str()), Some(Value::Opaque { origin: Origin::QuoteFunction, .. })));
        if is_quoting_function(last) || callee_quotes {
            return Some(Value::constant());
        }
        if let Some(value) = self.library_call(call) {
            return Some(value);
        }
        // `await request.json()`, `request.GET.get("q")`.
        if let Expr::Attribute(attr) = call.func
            && REQUEST_DATA.contains(&attr.attr.id.as_str())
            && self.is_request_parameter(&attr.value)
        {
            return Some(Value::opaque(Trust::Untrusted, Origin::RequestData));
        }
        if let Some(receiver) = &call.receiver {
            return dict_view(call, receiver).or_else(|| method_of_known_value(call, receiver));
        }
        if let Some(value) = container_builtin(call) {
            return Some(value);
        }
        match last {
            // `range(n)` yields numbers, `len(x)` counts and `bool(x)` is `True` or `False`,
            // whatever `n` and `x` are.
            // `id(x)` and `hash(x)` are numbers too.
            "range" | "len" | "bool" | "id" | "hash" => Some(Value::constant()),
            // Digits of a number, which raise on anything else (`hex("1; DROP")`,
            // `abs("1")`).
            "hex" | "oct" | "bin" | "abs" | "round" => {
                let trust = arguments_trust(call).min(Trust::Coerced);
                Some(Value::opaque(trust, Origin::Call))
            }
            // Iterating `enumerate(x)` iterates `x`; the loop numbers each item.
            "enumerate" => Some(call.args.first().cloned().unwrap_or_else(Value::constant)),
            "str" => Some(call.args.first().cloned().unwrap_or_else(Value::constant)),
            // One of the arguments (or their sum): as risky as the riskiest of them, so
            // `max(1, int(x))` is a coerced number and `max(a, b)` of strings is a string.
            "min" | "max" | "sum" => Some(Value::opaque(arguments_trust(call), Origin::Call)),
            // The same items, reordered or in another container (`key=` only orders them):
            // parts of a model's definition stay so.
            "sorted" | "reversed" | "list" | "tuple" | "set" | "frozenset" => {
                Some(match call.args.first() {
                    Some(items) if let Some(same) = same_items(items) => same,
                    Some(items) if self.is_schema(items) => Value::schema(),
                    Some(items) => Value::opaque(items.trust(), Origin::Call),
                    None => Value::constant(),
                })
            }
            "input" => Some(Value::opaque(Trust::Untrusted, Origin::ConsoleInput)),
            // `getattr(fn, "__name__", "fn")`: a name in code, or the default.
            "getattr" if is_code_name_read(call) => {
                Some(call.args.get(2).cloned().unwrap_or_else(Value::constant))
            }
            _ if COERCING_FUNCTIONS.contains(&last) => {
                let trust = call
                    .args
                    .first()
                    .map_or(Trust::Constant, Value::trust)
                    .min(Trust::Coerced);
                Some(Value::opaque(trust, Origin::Call))
            }
            _ => None,
        }
    }

    /// Standard-library calls by import path: random tokens, UUIDs, dates, numbers, the
    /// environment and compiled patterns.
    fn library_call(&self, call: &Call<'a>) -> Option<Value> {
        let path = call.path.as_deref()?;
        if TOKEN_FUNCTIONS.contains(&path) {
            return Some(Value::constant());
        }
        // Made from the arguments: a number, date or UUID whoever picked it.
        let made = || arguments_trust(call).min(Trust::Coerced);
        if NUMBER_FUNCTIONS.contains(&path) {
            return Some(Value::opaque(made(), Origin::Call));
        }
        if UUID_FUNCTIONS.contains(&path) {
            return Some(Value::opaque(made(), Origin::Uuid));
        }
        if is_datetime_call(path) {
            return Some(Value::opaque(made(), Origin::DateTime));
        }
        // `models.CharField(name="key", max_length=255)`: a field definition, in code.
        if is_model_field_class(path) && arguments_trust(call) == Trust::Constant {
            return Some(Value::schema());
        }
        // `sqlparse.split(script)`: the script's statements; `sqlparse.format(sql, …)`: the
        // same SQL laid out again.
        let text = || call.args.first().cloned().unwrap_or_else(Value::constant);
        match path {
            "sqlparse.split" => return Some(Value::Tuple(vec![text()])),
            "sqlparse.format" => return Some(text()),
            _ => {}
        }
        match path {
            // A match in a parameter's text (`re.match(pattern, command)`): what its groups
            // are is a piece of the caller's text.
            "re.match" | "re.search" | "re.fullmatch"
                if let Some(text) = call.args.get(1)
                    && let Some(index) = text.parameter_text() =>
            {
                Some(Value::opaque(text.trust(), Origin::ParameterItem(index)))
            }
            "os.getenv" => Some(Value::opaque(Trust::Untrusted, Origin::Environment)),
            "re.compile" => Some(self.compiled_pattern(call)),
            _ => None,
        }
    }
}

/// `django.db.models.CharField`, `django.db.models.fields.related.ForeignKey`.
fn is_model_field_class(path: &str) -> bool {
    let Some(class) = path
        .strip_prefix("django.db.models.")
        .map(|rest| rest.rsplit('.').next().unwrap_or(rest))
    else {
        return false;
    };
    class.ends_with("Field") || class == "ForeignKey"
}

/// Random text from a fixed alphabet (hex digits, URL-safe base64) or a random number.
const TOKEN_FUNCTIONS: [&str; 4] = [
    "secrets.token_hex",
    "secrets.token_urlsafe",
    "secrets.randbelow",
    "secrets.randbits",
];

/// Functions that return a number made from their arguments, besides the builtins.
const NUMBER_FUNCTIONS: [&str; 7] = [
    "math.ceil",
    "math.floor",
    "math.trunc",
    "time.time",
    "time.time_ns",
    "time.monotonic",
    "time.perf_counter",
];

const UUID_FUNCTIONS: [&str; 5] = [
    "uuid.uuid1",
    "uuid.uuid3",
    "uuid.uuid4",
    "uuid.uuid5",
    "uuid.UUID",
];

/// Attributes of a UUID whose text is digits, hex or `urn:uuid:` and hex (not `bytes`,
/// whose text shows the raw bytes, quotes included).
pub(super) const UUID_ATTRIBUTES: [&str; 6] = ["hex", "int", "urn", "version", "time", "node"];

/// Attributes of a date or time: numbers.
pub(super) const DATETIME_ATTRIBUTES: [&str; 7] = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "microsecond",
];

/// Methods of a date or time that return it, another date or time, a number, or its text.
const DATETIME_METHODS: [&str; 12] = [
    "isoformat",
    "strftime",
    "date",
    "time",
    "timestamp",
    "replace",
    "astimezone",
    "ctime",
    "weekday",
    "isoweekday",
    "toordinal",
    "timetz",
];

/// `datetime.now()`, `date.today()`, `datetime(2024, 1, 1)`, `datetime.fromisoformat(s)`,
/// Django's `timezone.now()`.
fn is_datetime_call(path: &str) -> bool {
    let class = path
        .strip_prefix("datetime.")
        .map(|rest| rest.split('.').next().unwrap_or(rest));
    matches!(class, Some("datetime" | "date" | "time")) || path == "django.utils.timezone.now"
}

/// A method called on a date, a UUID or one of the program's inputs; `None` when the
/// receiver is none of those (or the method is not known to keep its kind).
fn method_of_known_value(call: &Call<'_>, receiver: &Value) -> Option<Value> {
    let Value::Opaque { trust, origin, .. } = receiver else {
        return None;
    };
    let method = call.method.unwrap_or_default();
    if method == "replace" && doubles_close_bracket(&call.args) {
        return Some(Value::opaque(*trust, Origin::Escaped(']')));
    }
    match origin {
        // `d.strftime(fmt)` is as trusted as the date and the format.
        Origin::DateTime if DATETIME_METHODS.contains(&method) => Some(Value::opaque(
            (*trust).max(arguments_trust(call)),
            Origin::DateTime,
        )),
        // `request.GET.get("q")`, `os.environ.get("HOME")`: what is read off an input is
        // that input.
        _ if origin.is_input() => Some(Value::opaque(Trust::Untrusted, origin.clone())),
        // `cur.fetchone()` after a query of the catalogs, `row.get("name")`: the catalogs'.
        Origin::Catalog => Some(Value::opaque(Trust::Constant, Origin::Catalog)),
        // `parser.parse_args()`: the command line, parsed.
        _ if method == "parse_args" => Some(Value::opaque(Trust::Untrusted, Origin::CommandLine)),
        // `level.replace("_", " ")`, `sql.strip()` of a parameter: still the caller's text;
        // `script.split(";")`, its pieces; `found.group()` of a match in it, a piece too.
        _ if origin.parameter().is_some()
            && (method == "replace" || CASE_AND_BLANK_METHODS.contains(&method)) =>
        {
            Some(Value::opaque(
                (*trust).max(arguments_trust(call)),
                origin.clone(),
            ))
        }
        _ if origin.parameter().is_some()
            && matches!(method, "split" | "rsplit" | "splitlines") =>
        {
            Some(Value::Tuple(vec![Value::opaque(*trust, origin.clone())]))
        }
        _ if let Some(index) = origin.parameter()
            && matches!(method, "group" | "groups") =>
        {
            Some(Value::opaque(*trust, Origin::ParameterItem(index)))
        }
        // `mode.upper()` of a checked `mode`: the same text in another case.
        _ if *trust == Trust::Constant && CASE_AND_BLANK_METHODS.contains(&method) => {
            Some(Value::opaque(arguments_trust(call), origin.clone()))
        }
        _ => None,
    }
}

/// `str` methods that return the text in another case or without surrounding blanks.
const CASE_AND_BLANK_METHODS: [&str; 7] = [
    "upper", "lower", "casefold", "title", "strip", "lstrip", "rstrip",
];

/// `replace("]", "]]")`: the closing bracket doubled, SQL Server's escape inside `[…]`.
fn doubles_close_bracket(args: &[Value]) -> bool {
    let [Value::Str(old), Value::Str(new)] = args else {
        return false;
    };
    old.known_text() == "]" && new.known_text() == "]]"
}

/// The riskiest trust among a call's arguments, keywords included.
pub(super) fn arguments_trust(call: &Call<'_>) -> Trust {
    call.args
        .iter()
        .chain(call.keywords.iter().map(|(_, value)| value))
        .map(Value::trust)
        .max()
        .unwrap_or(Trust::Constant)
}

/// `getattr(x, "__name__", …)`: the name `x` is defined with.
fn is_code_name_read(call: &Call<'_>) -> bool {
    matches!(call.expr.arguments.args.get(1), Some(Expr::StringLiteral(name))
        if super::is_code_name(name.value.to_str()))
}
