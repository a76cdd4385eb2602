//! String building evaluated on the string model: literals, f-strings, `%`, `+`, and the
//! string methods (`format`, `join`, `replace`, `strip`…). Strings built with untrusted
//! holes are noted as facts wherever they are built.

use std::ops::Range;

use ruff_python_ast::{
    ConversionFlag, Expr, ExprBinOp, ExprCall, ExprFString, ExprTString, FStringPart,
    InterpolatedStringElement, InterpolatedStringElements,
};
use ruff_text_size::Ranged;

use super::arithmetic_trust;
use super::calls::Call;
use crate::python::flow::{Analyzer, BuiltString};
use crate::python::literal::{Decoded, decode, string_token};
use crate::python::module::range;
use crate::python::value::{Arg, Origin, Piece, Pieces, StrValue, Trust, Value, Via};

/// Format specs that only accept numbers (`{:d}`, `{:.2f}`): the value is coerced.
const NUMERIC_SPEC_ENDS: [char; 9] = ['d', 'f', 'e', 'g', 'x', 'o', 'b', 'n', '%'];

impl<'a> Analyzer<'_, 'a> {
    /// A string or bytes literal, implicit concatenation included.
    pub(super) fn literal<'p, P: Ranged + 'p>(&self, parts: impl Iterator<Item = &'p P>) -> Value {
        let mut decoded = Decoded::new();
        for part in parts {
            decoded.append(&self.decode_part(range(part)));
        }
        Value::Str(StrValue::literal(decoded))
    }

    fn decode_part(&self, part: Range<usize>) -> Decoded {
        match string_token(self.module.source, part) {
            Some(token) => decode(self.module.source, token.body, token.raw, false),
            None => Decoded::new(),
        }
    }

    pub(super) fn fstring(&mut self, f: &'a ExprFString) -> Value {
        let mut value = StrValue::default();
        for part in f.value.iter() {
            match part {
                FStringPart::Literal(literal) => {
                    value.push(Piece::Text(self.decode_part(range(literal))))
                }
                FStringPart::FString(fstring) => {
                    self.interpolated(&mut value, range(fstring), &fstring.elements, Via::FString)
                }
            }
        }
        self.note_built(range(f), &value);
        Value::Str(value)
    }

    /// A t-string: its text, and one hole per field, whatever the field holds — a driver
    /// that takes templates sends every field apart from the text (nested templates and
    /// `psycopg.sql` objects given `:q` are SQL, their own fields apart again). It is no
    /// string until a sink decides, so it is not noted as built here.
    pub(super) fn tstring(&mut self, t: &'a ExprTString) -> Value {
        let mut value = StrValue::default();
        for part in t.value.iter() {
            self.interpolated(&mut value, range(part), &part.elements, Via::Template);
        }
        Value::Str(value)
    }

    /// The literal text and fields of one f-string or t-string part, appended to `value`.
    fn interpolated(
        &mut self,
        value: &mut StrValue,
        part: Range<usize>,
        elements: &'a InterpolatedStringElements,
        via: Via,
    ) {
        let raw = string_token(self.module.source, part).is_some_and(|t| t.raw);
        for element in elements.iter() {
            match element {
                InterpolatedStringElement::Literal(literal) => {
                    let decoded = decode(self.module.source, range(literal), raw, true);
                    value.push(Piece::Text(decoded));
                }
                InterpolatedStringElement::Interpolation(field) => {
                    let inner = self.eval(&field.expression);
                    let spec = field
                        .format_spec
                        .as_ref()
                        .map(|spec| self.module.text(range(spec.as_ref())));
                    let numeric = field.conversion == ConversionFlag::None
                        && spec.is_some_and(|spec| spec.ends_with(NUMERIC_SPEC_ENDS));
                    let mut arg = self.arg(&field.expression, inner);
                    match (via, &arg.value, spec) {
                        // `{where:q}`: a nested template is SQL, its fields apart again.
                        (Via::Template, Value::Str(snippet), Some("q")) => value.push_str(snippet),
                        (Via::Template, ..) => {
                            arg.value = template_field(arg.value, &field.expression);
                            value.push_pieces(&arg.pieces(via, false));
                        }
                        _ => value.push_pieces(&arg.pieces(via, numeric)),
                    }
                    value.built = true;
                }
            }
        }
    }

    /// `left + right`: a string when either side is one, the other side its hole.
    pub(super) fn concat(&mut self, b: &'a ExprBinOp, left: Value) -> Value {
        let right = self.eval(&b.right);
        let value = match (left, right) {
            (Value::Str(text), right) => {
                let arg = self.arg(&b.right, right);
                text.concat(arg.pieces(Via::Concat, false))
            }
            (left, Value::Str(text)) => {
                let arg = self.arg(&b.left, left);
                let mut value = StrValue::built_from(arg.pieces(Via::Concat, false));
                value.push_str(&text);
                value
            }
            // `comments + statements`: one list of both lists' items.
            (Value::Tuple(mut items), Value::Tuple(more)) => {
                items.extend(more);
                return Value::Tuple(items);
            }
            (left, right) => {
                return Value::opaque(arithmetic_trust(b, &left, &right), Origin::Expression);
            }
        };
        self.note_built(range(b), &value);
        Value::Str(value)
    }

    /// `template % args`.
    pub(super) fn percent(&mut self, left: Value, right: &'a Expr, span: Range<usize>) -> Value {
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

    /// A string method called on a known string (`"…".format(…)`, `sep.join(…)`), or a
    /// quote-doubling `replace` on anything; `None` for every other call.
    pub(super) fn string_method(&mut self, call: &Call<'a>) -> Option<Value> {
        let method = call.method?;
        // `x.replace("'", "''")` doubles quotes: SQL's own escape for literals and names.
        if method == "replace" && is_quote_escape(&call.args) {
            return Some(Value::constant());
        }
        let Some(Value::Str(text)) = &call.receiver else {
            return None;
        };
        match method {
            "format" => {
                let arguments = &call.expr.arguments;
                let positional: Vec<Arg> = arguments
                    .args
                    .iter()
                    .zip(&call.args)
                    .map(|(e, v)| self.arg(e, v.clone()))
                    .collect();
                let named: Vec<(String, Arg)> = arguments
                    .keywords
                    .iter()
                    .zip(&call.keywords)
                    .filter_map(|(k, (name, v))| {
                        name.map(|n| (n.to_string(), self.arg(&k.value, v.clone())))
                    })
                    .collect();
                let value = text.format(&positional, &named);
                self.note_built(range(call.expr), &value);
                Some(Value::Str(value))
            }
            "join" => Some(self.join(text.clone(), call.expr, call.args.first().cloned())),
            "replace" => {
                if let (Some(Value::Str(old)), Some(new), Some(new_expr)) = (
                    call.args.first(),
                    call.args.get(1),
                    call.expr.arguments.args.get(1),
                ) {
                    let arg = self.arg(new_expr, new.clone());
                    return Some(Value::Str(text.replace(&old.known_text(), &arg)));
                }
                Some(Value::Str(text.clone()))
            }
            "strip" | "lstrip" | "rstrip" | "upper" | "lower" | "title" | "encode" | "decode"
            | "casefold" => Some(Value::Str(text.clone())),
            _ => None,
        }
    }

    /// `sep.join(items)`: joined pieces of a literal list or comprehension, else a hole.
    fn join(&mut self, separator: StrValue, call: &'a ExprCall, items: Option<Value>) -> Value {
        let Some(items_expr) = call.arguments.args.first() else {
            return Value::Str(separator);
        };
        let items = items.unwrap_or_else(Value::constant);
        let mut value = StrValue::built_from(Pieces::default());
        match &items {
            Value::Tuple(values) => {
                let exprs: Vec<&Expr> = match items_expr {
                    Expr::List(l) => l.elts.iter().collect(),
                    Expr::Tuple(t) => t.elts.iter().collect(),
                    _ => Vec::new(),
                };
                for (i, item) in values.iter().enumerate() {
                    if i > 0 {
                        value.push_str(&separator);
                    }
                    let expr = exprs.get(i).copied().unwrap_or(items_expr);
                    value.push_pieces(&self.arg(expr, item.clone()).pieces(Via::Join, false));
                }
            }
            other => {
                let arg = self.arg(items_expr, other.clone());
                value.push_pieces(&arg.pieces(Via::Join, false));
            }
        }
        self.note_built(range(call), &value);
        Value::Str(value)
    }

    /// Records string building with an untrusted hole, outside log calls and inlined helpers.
    fn note_built(&mut self, span: Range<usize>, value: &StrValue) {
        if self.record
            && self.depth == 0
            && self.in_log_call == 0
            && value.built
            && value.trust() == Trust::Untrusted
        {
            self.facts.built.push(BuiltString {
                span,
                value: value.clone(),
            });
        }
    }
}

/// A t-string field as one hole, a string's included: a driver that takes templates sends
/// its text apart from the SQL, so it never becomes SQL text.
fn template_field(value: Value, expr: &Expr) -> Value {
    match value {
        opaque @ Value::Opaque { .. } => opaque,
        other => {
            let origin = match expr {
                Expr::Name(_) => Origin::Name,
                _ => Origin::Expression,
            };
            Value::opaque(other.trust(), origin)
        }
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
