//! Calls: the callee and arguments are evaluated once, then each concern looks at the call
//! in turn — transactions, string methods, fetches, sinks, connections, builtins, database
//! objects, same-module helpers — and the first to know its value answers.

use ruff_python_ast::{Expr, ExprCall};

use crate::python::flow::Analyzer;
use crate::python::sinks::{COERCING_FUNCTIONS, QUOTING_FUNCTIONS};
use crate::python::value::{Origin, Trust, Value};

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

impl<'a> Analyzer<'_, 'a> {
    pub(super) fn call(&mut self, expr: &'a ExprCall) -> Value {
        let call = self.evaluate_call(expr);
        self.note_transaction(&call);
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
        self.connect(&call);
        if let Some(value) = self.builtin(&call) {
            return value;
        }
        if let Some(value) = call.db_object(self.module, receiver_kind) {
            return value;
        }
        if let Some(value) = self.project_call(&call) {
            return value;
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

    /// Builtins and quoting functions whose result is known from the call alone.
    fn builtin(&self, call: &Call<'a>) -> Option<Value> {
        let last = call.last.as_str();
        let callee_quotes = matches!(call.func, Expr::Name(n) if matches!(self.env.get(n.id.as_str()), Some(Value::Opaque { origin: Origin::QuoteFunction, .. })));
        if QUOTING_FUNCTIONS.contains(&last) || callee_quotes {
            return Some(Value::constant());
        }
        if call.method.is_some() {
            return None;
        }
        match last {
            // `range(n)` yields numbers, whatever `n` is.
            "range" => Some(Value::constant()),
            "str" => Some(call.args.first().cloned().unwrap_or_else(Value::constant)),
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
}
