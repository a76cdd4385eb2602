//! Private helpers (`_name`) that interpolate their parameters into SQL. When every
//! mention of the helper in its module is a call, its callers are all in sight: a value is
//! judged where it is passed, so `_pragma(conn, "table_info")` is no finding and
//! `_pragma(conn, request.args["p"])` is one at that call, and the helper's own query is
//! checked with those holes trusted. A function's parameter in the place of a whole query,
//! or named for the clause it fills, is deferred the same way (`whole_query`), public or
//! not: running the SQL its caller passes is its contract, like `def run(sql):
//! cur.execute(sql)` — unless it is passed on where its calls are out of sight, or a
//! framework calls it (a route's parameter is input).

use std::ops::Range;
use std::sync::Arc;

use ruff_python_ast::Expr;

use crate::python::flow::Analyzer;
use crate::python::literal::Decoded;
use crate::python::module::Wrapper;
use crate::python::sinks::SinkKind;
use crate::python::summary::{Part, parts_of};
use crate::python::value::{Arg, Hole, Instance, Origin, Piece, Pieces, StrValue, Trust, Value};

impl<'a> Analyzer<'_, 'a> {
    /// The SQL a private helper runs, its interpolated parameters trusted here; the
    /// helper becomes a sink for its callers' values.
    pub(super) fn defer_parameters(&mut self, kind: SinkKind, value: Value) -> Value {
        let Value::Str(text) = &value else {
            return value;
        };
        let untrusted_parameter = text
            .holes()
            .any(|hole| hole.origin.parameter().is_some() && hole.trust > Trust::Constant);
        if !untrusted_parameter {
            return value;
        }
        let Some(function) = self.function.clone() else {
            return value;
        };
        if self.depth > 0 {
            return value;
        }
        let in_sight = self.module.mentions().only_calls(&function).is_some();
        if !is_private(&function) || !in_sight {
            let params = self.sql_parameters(text);
            // A command-line command's `--where` is SQL by contract too: whoever runs the
            // command could run the SQL itself. A route's parameters are a stranger's.
            if params.is_empty()
                || !self.module.mentions().never_passed_on(&function)
                || (self.framework_called(&function) && !self.command_line_command(&function))
            {
                return value;
            }
            return self.defer(function, kind, text, |index| params.contains(&index));
        }
        self.defer(function, kind, text, |_| true)
    }

    /// Whether a framework calls the function: it is decorated (a route, a handler, a
    /// command), so its parameters are what the framework passes in.
    fn framework_called(&self, function: &str) -> bool {
        self.any_decorator(function, |decorator| {
            !matches!(decorator, Expr::Name(name)
                if matches!(name.id.as_str(), "staticmethod" | "classmethod"))
        })
    }

    /// Whether the function is a click or typer command (`@cli.command()`, `@click.option`).
    fn command_line_command(&self, function: &str) -> bool {
        self.any_decorator(function, |decorator| {
            let callee = match decorator {
                Expr::Call(call) => call.func.as_ref(),
                other => other,
            };
            let library = self
                .module
                .dotted(callee)
                .is_some_and(|path| path.starts_with("click.") || path.starts_with("typer."));
            library
                || matches!(callee, Expr::Attribute(a) if matches!(a.attr.id.as_str(), "command" | "group"))
        })
    }

    /// Whether a function named `function` in the module has a decorator that passes `test`.
    fn any_decorator(&self, function: &str, test: impl Fn(&Expr) -> bool) -> bool {
        self.module.all_functions.iter().any(|def| {
            def.name.id == function && def.decorator_list.iter().any(|d| test(&d.expression))
        })
    }

    /// Makes the function a sink for its parameters that `deferred` picks: its template
    /// carries them to the callers, and here they are trusted.
    fn defer(
        &mut self,
        function: String,
        kind: SinkKind,
        text: &StrValue,
        deferred: impl Fn(usize) -> bool,
    ) -> Value {
        let Some(param) = text.holes().find_map(|hole| match hole.origin.parameter() {
            Some(index) if hole.trust > Trust::Constant && deferred(index) => Some(index),
            _ => None,
        }) else {
            return Value::Str(text.clone());
        };
        self.wrappers.push((
            function,
            Wrapper {
                param,
                kind,
                fetches_all: false,
                // The helper's own values are judged in it.
                template: Some(
                    parts_of(text)
                        .into_iter()
                        .map(|part| match part {
                            Part::Param(index, via) if !deferred(index) => {
                                Part::Hole(Trust::Constant, via)
                            }
                            Part::Hole(_, via) | Part::Field { via, .. } => {
                                Part::Hole(Trust::Constant, via)
                            }
                            other => other,
                        })
                        .collect(),
                ),
            },
        ));
        let mut trusted = StrValue::built_from(Pieces::default());
        trusted.built = text.built;
        for piece in text.pieces() {
            trusted.push(match piece.into_owned() {
                Piece::Hole(hole) if hole.origin.parameter().is_some_and(&deferred) => {
                    Piece::Hole(Hole {
                        trust: Trust::Constant,
                        ..hole
                    })
                }
                other => other,
            });
        }
        Value::Str(trusted)
    }

    /// A callee's SQL text, located at the call `at` (it is written elsewhere), with the
    /// caller's arguments in the holes its parameters left; a parameter left out has its
    /// default, a constant when that is a literal (`literal_defaults`); a method's field is
    /// what the construction of `instance` passed for it. The holes are the callee's,
    /// `built_in` its name.
    pub(super) fn fill(
        &self,
        at: Range<usize>,
        (parts, instance, built_in): (&[Part], Option<&Instance>, &str),
        literal_defaults: &[usize],
        argument: impl Fn(usize) -> Option<(&'a Expr, Value)>,
    ) -> StrValue {
        let built_in: Arc<str> = built_in.into();
        let mut built = StrValue::built_from(Pieces::default());
        let hole = |trust, via| {
            Piece::Hole(Hole {
                span: at.clone(),
                origin: Origin::Call,
                trust,
                via,
                built_in: Some(built_in.clone()),
            })
        };
        let pieces = |arg: &Arg, via| arg.pieces_built_in(via, false, Some(&built_in));
        for part in parts {
            match part {
                Part::Text(text) => {
                    let mut decoded = Decoded::new();
                    decoded.push(text, at.clone());
                    built.push(Piece::Text(decoded));
                }
                Part::Param(param, via) => match argument(*param) {
                    Some((expr, value)) => built.push_pieces(&pieces(&self.arg(expr, value), *via)),
                    None if literal_defaults.contains(param) => {
                        built.push(hole(Trust::Constant, *via));
                    }
                    None => built.push(hole(Trust::Untrusted, *via)),
                },
                Part::Hole(trust, via) => built.push(hole(*trust, *via)),
                Part::Field {
                    position,
                    name,
                    trust,
                    via,
                } => match instance.and_then(|i| i.argument(*position, name)) {
                    Some(arg) => built.push_pieces(&pieces(arg, *via)),
                    None => built.push(hole(*trust, *via)),
                },
            }
        }
        built
    }
}

/// `_name`, not `__name__`: private to its module or class by convention.
fn is_private(name: &str) -> bool {
    name.starts_with('_') && !name.ends_with("__")
}
