//! Classes whose constructions are all in sight: every mention of the class in its module
//! is a call, and no other module of the project imports it. What such a class stores from
//! an `__init__` parameter (`self.ident = ident`) holds what those calls pass, so a cursor
//! name the module makes of digits (`Cursor(conn, "c_%s" % hex(n))`) stays trusted in the
//! methods that interpolate it.

use rustc_hash::FxHashSet;

use ruff_python_ast::{ExprCall, Stmt, StmtFunctionDef};

use super::flow::{Analyzer, parameters_in_order};
use super::module::{Module, range};
use super::value::{Instance, Trust};

/// The calls of one class met while analysing its module, by where they start: each an
/// instance carrying its arguments, or `None` for one passing `*args` or `**kwargs` (which
/// parameter gets what is not known).
#[derive(Default)]
pub(crate) struct Constructed {
    pub(crate) class: String,
    pub(crate) seen: FxHashSet<usize>,
    pub(crate) calls: Vec<Option<Instance>>,
}

/// The constructions of `class` in the module, when they are all in sight.
pub(crate) fn constructions(module: &Module<'_>, class: &str) -> Option<Vec<Option<Instance>>> {
    let expected = module.mentions().only_calls(class)?;
    if module
        .project
        .is_some_and(|project| project.imported_elsewhere(module.name, class))
    {
        return None;
    }
    let call = format!("{class}(");
    let mut analyzer = Analyzer::new(module, false);
    analyzer.constructed = Some(Constructed {
        class: class.to_string(),
        ..Constructed::default()
    });
    for function in &module.all_functions {
        if module.text(range(*function)).contains(&call) {
            analyzer.function(function);
        }
    }
    let outside_functions = |stmt: &&Stmt| {
        !matches!(stmt, Stmt::FunctionDef(_)) && module.text(range(*stmt)).contains(&call)
    };
    for stmt in module.body.iter().filter(outside_functions) {
        match stmt {
            Stmt::ClassDef(class) => {
                for inner in class.body.iter().filter(outside_functions) {
                    analyzer.stmts(std::slice::from_ref(inner));
                }
            }
            other => analyzer.stmts(std::slice::from_ref(other)),
        }
    }
    let constructed = analyzer.constructed.take()?;
    // A construction the analysis did not meet (in a nested class body, say) is out of
    // sight after all.
    (constructed.seen.len() >= expected).then_some(constructed.calls)
}

/// The riskiest value the constructions pass for `__init__`'s parameter `index` (`self`
/// is 0): positionally, by keyword, or the parameter's literal default.
pub(crate) fn passed_trust(
    init: &StmtFunctionDef,
    index: usize,
    calls: &[Option<Instance>],
) -> Trust {
    let Some(parameter) = parameters_in_order(&init.parameters).nth(index) else {
        return Trust::Untrusted;
    };
    let positional = init.parameters.posonlyargs.len() + init.parameters.args.len();
    let position = (index < positional).then(|| index.checked_sub(1)).flatten();
    let name = parameter.name.id.as_str();
    let default_is_literal = init
        .parameters
        .iter_non_variadic_params()
        .find(|p| p.parameter.name.id == name)
        .and_then(|p| p.default.as_deref())
        .is_some_and(|d| d.is_literal_expr());
    calls
        .iter()
        .map(|instance| match instance {
            None => Trust::Untrusted,
            Some(instance) => match instance.argument(position, name) {
                Some(arg) => arg.value.trust(),
                None if default_is_literal => Trust::Constant,
                None => Trust::Untrusted,
            },
        })
        .max()
        .unwrap_or(Trust::Untrusted)
}

impl Constructed {
    /// Notes a call of the class (once per call, however often its function is analysed).
    pub(crate) fn note(&mut self, call: &ExprCall, instance: Option<Instance>) {
        if self.seen.insert(range(call).start) {
            self.calls.push(instance);
        }
    }
}
