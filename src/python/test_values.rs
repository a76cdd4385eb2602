//! Parameters of tests whose every value is written in the test module: pytest's
//! `parametrize` lists of literals, fixtures (of the same module) that return a literal, and
//! Hypothesis strategies of constants. SQL built from them is built from constants. The
//! parameters Hypothesis draws from any other strategy (`st.text()`) are generated input.

use ruff_python_ast::{Expr, ExprCall, Stmt, StmtFunctionDef};

use super::flow::is_literal;
use super::module::written_path;

/// The names of `function`'s parameters that only ever hold literals. `fixture` finds a
/// function of the module by name.
pub fn constant_parameters<'a>(
    function: &StmtFunctionDef,
    fixture: impl Fn(&str) -> Option<&'a StmtFunctionDef>,
) -> Vec<String> {
    let mut names = Vec::new();
    for decorator in &function.decorator_list {
        let Expr::Call(call) = &decorator.expression else {
            continue;
        };
        match written_path(&call.func).as_deref() {
            Some(path) if path.ends_with("mark.parametrize") => {
                names.extend(parametrized(call));
            }
            Some("given" | "hypothesis.given") => names.extend(
                given(call)
                    .into_iter()
                    .filter_map(|(name, constant)| constant.then_some(name)),
            ),
            _ => {}
        }
    }
    for parameter in function.parameters.iter_non_variadic_params() {
        let name = parameter.parameter.name.id.as_str();
        if fixture(name).is_some_and(returns_a_literal) {
            names.push(name.to_string());
        }
    }
    names
}

/// `@pytest.mark.parametrize("a, b", [(1, "x"), pytest.param(2, "y")])`: the names whose
/// value is a literal in every case.
fn parametrized(call: &ExprCall) -> Vec<String> {
    let args = &call.arguments.args;
    let (Some(names), Some(Expr::List(_) | Expr::Tuple(_))) = (args.first(), args.get(1)) else {
        return Vec::new();
    };
    let names: Vec<String> = match names {
        Expr::StringLiteral(s) => s
            .value
            .to_str()
            .split(',')
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect(),
        Expr::List(list) => string_items(&list.elts),
        Expr::Tuple(tuple) => string_items(&tuple.elts),
        _ => return Vec::new(),
    };
    // Each case's values, one per name.
    let cases: Vec<Vec<&Expr>> = elements(&args[1])
        .into_iter()
        .map(|case| match names.len() {
            1 if is_pytest_param(case) => case_values(case).into_iter().take(1).collect(),
            1 => vec![case],
            _ => case_values(case),
        })
        .collect();
    names
        .iter()
        .enumerate()
        .filter(|(index, _)| {
            cases
                .iter()
                .all(|values| values.get(*index).is_some_and(|v| literal_like(v)))
        })
        .map(|(_, name)| name.clone())
        .collect()
}

/// The names of `function`'s parameters that Hypothesis draws from a strategy that is not
/// of constants (`@given(name=st.text())`).
pub fn drawn_parameters(function: &StmtFunctionDef) -> Vec<String> {
    function
        .decorator_list
        .iter()
        .filter_map(|decorator| match &decorator.expression {
            Expr::Call(call)
                if matches!(
                    written_path(&call.func).as_deref(),
                    Some("given" | "hypothesis.given")
                ) =>
            {
                Some(call)
            }
            _ => None,
        })
        .flat_map(given)
        .filter_map(|(name, constant)| (!constant).then_some(name))
        .collect()
}

/// `@given(name=st.sampled_from(["a", "b"]), n=st.just(3), s=st.text())`: each name, and
/// whether it is drawn from constants.
fn given(call: &ExprCall) -> Vec<(String, bool)> {
    call.arguments
        .keywords
        .iter()
        .filter_map(|keyword| {
            let name = keyword.arg.as_ref()?.id.to_string();
            let Expr::Call(strategy) = &keyword.value else {
                return Some((name, false));
            };
            let path = written_path(&strategy.func).unwrap_or_default();
            let constant = match path.rsplit('.').next() {
                Some("just") => strategy.arguments.args.first().is_some_and(literal_like),
                Some("sampled_from") => strategy.arguments.args.first().is_some_and(|values| {
                    matches!(values, Expr::List(_) | Expr::Tuple(_))
                        && elements(values).into_iter().all(literal_like)
                }),
                _ => false,
            };
            Some((name, constant))
        })
        .collect()
}

/// A `@pytest.fixture` whose every `return` or `yield` gives a literal.
fn returns_a_literal(function: &StmtFunctionDef) -> bool {
    let fixture = function.decorator_list.iter().any(|d| {
        let callee = match &d.expression {
            Expr::Call(call) => call.func.as_ref(),
            other => other,
        };
        written_path(callee).is_some_and(|p| p == "fixture" || p.ends_with(".fixture"))
    });
    let results: Vec<Option<&Expr>> = function
        .body
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Return(ret) => Some(ret.value.as_deref()),
            Stmt::Expr(e) => match e.value.as_ref() {
                Expr::Yield(y) => Some(y.value.as_deref()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let all_literal = !results.is_empty() && results.iter().all(|v| v.is_some_and(literal_like));
    // Only a body of straight-line statements: a `return` inside an `if` is not read.
    let simple = function.body.iter().all(|s| {
        matches!(
            s,
            Stmt::Return(_) | Stmt::Expr(_) | Stmt::Assign(_) | Stmt::Pass(_)
        )
    });
    fixture && all_literal && simple
}

fn literal_like(expr: &Expr) -> bool {
    match expr {
        Expr::UnaryOp(op) => matches!(op.operand.as_ref(), Expr::NumberLiteral(_)),
        other => is_literal(other),
    }
}

fn is_pytest_param(expr: &Expr) -> bool {
    matches!(expr, Expr::Call(call) if written_path(&call.func).is_some_and(|p| p == "param" || p.ends_with(".param")))
}

/// The values of one case: a tuple's items, `pytest.param(…)`'s arguments, or the value.
fn case_values(case: &Expr) -> Vec<&Expr> {
    match case {
        Expr::Tuple(_) | Expr::List(_) => elements(case),
        Expr::Call(call) if is_pytest_param(case) => call.arguments.args.iter().collect(),
        other => vec![other],
    }
}

fn elements(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::List(list) => list.elts.iter().collect(),
        Expr::Tuple(tuple) => tuple.elts.iter().collect(),
        _ => Vec::new(),
    }
}

fn string_items(items: &[Expr]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            _ => None,
        })
        .collect()
}
