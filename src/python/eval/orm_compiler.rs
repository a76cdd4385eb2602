//! Django's query-expression protocol: `expression.as_sql(compiler, connection)` and
//! `compiler.compile(node)` return `(sql, params)` — the SQL the ORM composed from the
//! query and the model definitions, with every value apart in `params`.

use ruff_python_ast::Expr;

use super::calls::Call;
use crate::python::flow::Analyzer;
use crate::python::value::{Origin, Trust, Value};

impl Analyzer<'_, '_> {
    /// The pair an ORM compilation returns: trusted SQL, untrusted parameters. Asked only
    /// after the project's own methods (but in Django itself), and only in modules that
    /// use Django: a project's `Builder().compile(where)` is its own code.
    pub(super) fn compiled_pair(&self, call: &Call<'_>) -> Option<Value> {
        let uses_django = self.module.is_within("django")
            || self
                .module
                .known
                .imports
                .values()
                .any(|path| path == "django" || path.starts_with("django."));
        // `Condition(text).as_sql(…)` of a class in this module, which the project did not
        // resolve: the class's own method.
        let project_defined = matches!(call.receiver, Some(Value::Object(_)))
            || matches!(call.func, Expr::Attribute(attr) if matches!(attr.value.as_ref(),
                Expr::Call(construct) if self.module.project_class(&construct.func).is_some()));
        if !uses_django || project_defined {
            return None;
        }
        let compiles = match call.method? {
            "as_sql" => true,
            // `compiler.compile(node)`, not `re.compile(pattern)` of an imported module.
            "compile" => {
                call.expr.arguments.args.len() == 1
                    && !matches!(call.func, Expr::Attribute(attr) if matches!(attr.value.as_ref(),
                        Expr::Name(module) if self.module.known.imports.contains_key(module.id.as_str())))
            }
            _ => false,
        };
        compiles.then(|| {
            Value::Tuple(vec![
                Value::opaque(Trust::Constant, Origin::Call),
                Value::opaque(Trust::Untrusted, Origin::Call),
            ])
        })
    }
}
