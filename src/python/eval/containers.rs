//! Lists, sets and dicts as they are filled and read. `parts.append(x)` and `d[k] = v` add
//! to what the variable holds; `d.values()`, `d.items()`, `zip(a, b)` and iterating hand on
//! what the containers hold. So `" AND ".join(parts)` is as trusted as what was appended,
//! and a dict of quoted names stays quoted through `.values()`.
//!
//! A dict is `Value::Dict` when its keys are written out (`{"a": x}`), else (a dict
//! comprehension, a key computed at run time) a `Value::Tuple` of `(key, value)` pairs.

use ruff_python_ast::{Expr, ExprSubscript};

use super::calls::Call;
use crate::python::flow::Analyzer;
use crate::python::value::{Origin, Trust, Value};

/// Methods that add to a list, set, deque or dict in place.
const FILLING_METHODS: [&str; 8] = [
    "append",
    "appendleft",
    "add",
    "insert",
    "extend",
    "extendleft",
    "update",
    "setdefault",
];

impl<'a> Analyzer<'_, 'a> {
    /// `parts.append(x)`, `d.update(other)`: the variable now holds the new items too.
    /// Only variables holding a container or an opaque value with no database kind are
    /// filled (`session.add(obj)` adds to no list).
    pub(super) fn fill_container(&mut self, call: &Call<'a>) {
        let (Some(method), Expr::Attribute(attr)) = (call.method, call.func) else {
            return;
        };
        let Expr::Name(name) = attr.value.as_ref() else {
            return;
        };
        if !FILLING_METHODS.contains(&method) {
            return;
        }
        let Some(current) = self.env.get(name.id.as_str()).cloned() else {
            return;
        };
        let arg = |i: usize| call.args.get(i).cloned().unwrap_or_else(Value::constant);
        let added: Vec<Value> = match method {
            "insert" => vec![arg(1)],
            "extend" | "extendleft" => vec![item_of(&arg(0))],
            "update" => {
                let mut items = match call.args.first() {
                    Some(Value::Dict(items)) => items.iter().map(pair).collect(),
                    Some(other) => vec![item_of(other)],
                    None => Vec::new(),
                };
                items.extend(
                    call.keywords
                        .iter()
                        .map(|(_, value)| Value::Tuple(vec![Value::constant(), value.clone()])),
                );
                items
            }
            "setdefault" => vec![Value::Tuple(vec![arg(0), arg(1)])],
            _ => vec![arg(0)],
        };
        if let Some(filled) = filled(current, added) {
            self.env.insert(name.id.to_string(), filled);
        }
    }

    /// `d[k] = v`: its parts evaluated (for the sinks in them) and, of a dict variable,
    /// `v` kept under `k`.
    pub(crate) fn store_item(&mut self, target: &'a ExprSubscript, value: Value) {
        self.eval(&target.value);
        let key = self.eval(&target.slice);
        let Expr::Name(name) = target.value.as_ref() else {
            return;
        };
        let Some(current) = self.env.get(name.id.as_str()).cloned() else {
            return;
        };
        let filled = match (current, key) {
            (Value::Dict(mut items), Value::Str(key))
                if !key.built && key.holes().next().is_none() =>
            {
                let key = key.known_text();
                items.retain(|(k, _)| *k != key);
                items.push((key, value));
                Some(Value::Dict(items))
            }
            (current, key) => filled(current, vec![Value::Tuple(vec![key, value])]),
        };
        if let Some(filled) = filled {
            self.env.insert(name.id.to_string(), filled);
        }
    }
}

/// A container with items added: a list gets them, a dict its pairs, an opaque value
/// their trust; `None` when the value is no container to fill.
fn filled(current: Value, added: Vec<Value>) -> Option<Value> {
    match current {
        Value::Tuple(mut items) => {
            items.extend(added);
            Some(Value::Tuple(items))
        }
        Value::Dict(items) => {
            let mut pairs: Vec<Value> = items.iter().map(pair).collect();
            pairs.extend(added);
            Some(Value::Tuple(pairs))
        }
        Value::Opaque {
            trust,
            origin,
            kind: None,
        } => {
            let trust = added.iter().map(Value::trust).fold(trust, Trust::max);
            Some(Value::opaque(trust, origin))
        }
        _ => None,
    }
}

/// A written-out dict entry as a `(key, value)` pair; a key computed at run time is
/// unknown.
fn pair((key, value): &(String, Value)) -> Value {
    Value::Tuple(vec![dict_key(key), value.clone()])
}

fn dict_key(key: &str) -> Value {
    if key == "?" {
        Value::opaque(Trust::Untrusted, Origin::Subscript)
    } else {
        Value::constant()
    }
}

/// What iterating a value yields: a list's items (the riskiest of them), a dict's keys;
/// of anything else, a value as trusted as it. Trusted items are plain constants, but
/// for parts of a model's definition (`for f in (models.CharField(…), …)`, an editor's
/// `fields`).
pub(crate) fn item_of(container: &Value) -> Value {
    if let Some(index) = container.parameter_text()
        && container.trust() > Trust::Constant
    {
        return Value::opaque(container.trust(), Origin::ParameterItem(index));
    }
    let item = match container {
        Value::Tuple(items) => items
            .iter()
            .cloned()
            .reduce(Value::merge)
            .unwrap_or_else(Value::constant),
        Value::Dict(items) => items
            .iter()
            .map(|(key, _)| dict_key(key))
            .reduce(Value::merge)
            .unwrap_or_else(Value::constant),
        // `zip(model._meta.get_fields(), …)`: each a part of the model's definition.
        Value::Opaque {
            origin: Origin::Schema,
            ..
        } => Value::schema(),
        other => Value::opaque(other.trust(), Origin::LoopVariable),
    };
    // A schema editor's trusted parameters are model metadata too (`Analyzer::is_schema`),
    // and pairs are kept for the targets they unpack into.
    let keep = matches!(
        item,
        Value::Opaque {
            origin: Origin::Schema | Origin::Parameter(_),
            ..
        } | Value::Tuple(_)
    );
    if item.trust() == Trust::Constant && !keep {
        Value::constant()
    } else {
        item
    }
}

/// `d.values()`, `d.keys()`, `d.items()`, `d.get(k, default)` and `d.copy()` of a dict
/// whose entries are known, as written out or as pairs; `None` for other receivers.
pub(super) fn dict_view(call: &Call<'_>, receiver: &Value) -> Option<Value> {
    let pairs: Vec<(Value, Value)> = match receiver {
        Value::Dict(items) => items
            .iter()
            .map(|(k, v)| (dict_key(k), v.clone()))
            .collect(),
        Value::Tuple(items) => items
            .iter()
            .map(|item| match item {
                Value::Tuple(kv) if kv.len() == 2 => Some((kv[0].clone(), kv[1].clone())),
                _ => None,
            })
            .collect::<Option<_>>()?,
        _ => return None,
    };
    let view = match call.method? {
        "values" => pairs.into_iter().map(|(_, v)| v).collect(),
        "keys" => pairs.into_iter().map(|(k, _)| k).collect(),
        "items" | "copy" => pairs
            .into_iter()
            .map(|(k, v)| Value::Tuple(vec![k, v]))
            .collect(),
        "get" | "pop" => {
            let default = call.args.get(1).cloned().unwrap_or_else(Value::constant);
            let value = pairs
                .into_iter()
                .map(|(_, v)| v)
                .fold(default, Value::merge);
            return Some(Value::opaque(value.trust(), Origin::Subscript));
        }
        _ => return None,
    };
    Some(Value::Tuple(view))
}

/// `list(x)`, `sorted(x)` and the like of a list or dict: the same items (a dict's keys).
pub(super) fn same_items(container: &Value) -> Option<Value> {
    match container {
        Value::Tuple(items) => Some(Value::Tuple(items.clone())),
        Value::Dict(_) => Some(Value::Tuple(vec![item_of(container)])),
        _ => None,
    }
}

/// `zip(a, b)`: pairs of their items; `dict(pairs)` and `dict(a=x)`: those pairs.
pub(super) fn container_builtin(call: &Call<'_>) -> Option<Value> {
    match call.last.as_str() {
        // `zip(*rows)`: the rows' columns.
        "zip" if matches!(call.expr.arguments.args.as_ref(), [Expr::Starred(_)]) => {
            Some(columns(call.args.first()?))
        }
        "zip" => Some(Value::Tuple(vec![Value::Tuple(
            call.args.iter().map(item_of).collect(),
        )])),
        "dict" => {
            let mut pairs: Vec<Value> = match call.args.first() {
                Some(Value::Dict(items)) => items.iter().map(pair).collect(),
                Some(Value::Tuple(items)) => items.clone(),
                Some(other) => vec![Value::Tuple(vec![item_of(other), item_of(other)])],
                None => Vec::new(),
            };
            pairs.extend(
                call.keywords
                    .iter()
                    .map(|(_, value)| Value::Tuple(vec![Value::constant(), value.clone()])),
            );
            Some(Value::Tuple(pairs))
        }
        _ => None,
    }
}

/// What `zip(*rows)` yields: a tuple per column, of that column's items; when the rows are
/// not tuples of one length, items as trusted as the rows.
fn columns(rows: &Value) -> Value {
    let Value::Tuple(rows) = rows else {
        return Value::Tuple(vec![item_of(rows)]);
    };
    let widths: Vec<usize> = rows
        .iter()
        .filter_map(|row| match row {
            Value::Tuple(items) => Some(items.len()),
            _ => None,
        })
        .collect();
    let uniform = widths.len() == rows.len() && widths.windows(2).all(|w| w[0] == w[1]);
    match (uniform, widths.first()) {
        (true, Some(&width)) => Value::Tuple(
            (0..width)
                .map(|column| {
                    Value::Tuple(
                        rows.iter()
                            .filter_map(|row| match row {
                                Value::Tuple(items) => items.get(column).cloned(),
                                _ => None,
                            })
                            .collect(),
                    )
                })
                .collect(),
        ),
        _ => Value::Tuple(vec![item_of(&Value::Tuple(rows.clone()))]),
    }
}
