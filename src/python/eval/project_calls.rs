//! Calls into other modules of the project, read through their summaries: a function that
//! executes its parameter makes the call a sink, one that returns a connection makes the
//! result one, SQL it builds from its parameters carries the caller's values, a validator
//! trusts what it checked, and a query it runs in a loop is N+1. Constructors of project
//! classes make instances whose methods are followed the same way.

use ruff_python_ast::{Expr, StmtFunctionDef};

use super::calls::Call;
use crate::python::flow::{Analyzer, LoopCall};
use crate::python::module::range;
use crate::python::project::Symbol;
use crate::python::summary::{Returns, Summary};
use crate::python::value::{Instance, Origin, Trust, Value};

/// A project function a call reaches, with whether the call binds `self` itself and how
/// many positional arguments come before the function's own (`ctx.invoke(command, …)`).
struct Callee {
    module: String,
    qualname: String,
    bound: bool,
    skip: usize,
}

impl<'a> Analyzer<'_, 'a> {
    /// The value of a call of a project function or class, when the project knows it.
    pub(super) fn project_call(&mut self, call: &Call<'a>) -> Option<Value> {
        let project = self.module.project?;
        let callee = match self.callee(call)? {
            Ok(callee) => callee,
            Err(object) => return Some(object),
        };
        let summary = project.summary(&callee.module, &callee.qualname)?;
        Some(self.apply(call, &callee, &summary))
    }

    /// The project function called, or `Err(instance)` for a class's constructor.
    fn callee(&self, call: &Call<'a>) -> Option<Result<Callee, Value>> {
        let project = self.module.project?;
        if let Some(invoked) = self.invoked(call) {
            return Some(Ok(invoked));
        }
        // `obj.method(…)` on an instance of a project class, `self.method(…)` inherited.
        if let Expr::Attribute(attr) = call.func {
            let class = match &call.receiver {
                Some(Value::Object(instance)) => Some(instance.class.to_string()),
                _ if matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "self") => {
                    self.class.map(|c| format!("{}:{c}", self.module.name))
                }
                _ => None,
            };
            if let Some(class) = class {
                let (module, name) = class.split_once(':')?;
                let method = attr.attr.id.as_str();
                let (module, class) = project.method(module, name, method)?;
                return Some(Ok(Callee {
                    module,
                    qualname: format!("{class}.{method}"),
                    bound: true,
                    skip: 0,
                }));
            }
        }
        // `Database(…)` of a class of this module: an instance whose methods are summarised.
        if let Expr::Name(_) = call.func
            && let Some(class) = self.module.project_class(call.func)
        {
            return Some(Err(Value::Object(call.instance(class))));
        }
        // Same-module functions are inlined with their arguments instead.
        if let Expr::Name(name) = call.func
            && self.module.functions.contains_key(name.id.as_str())
        {
            return None;
        }
        match project.resolve(call.path.as_deref()?)? {
            Symbol::Function { module, name } => Some(Ok(Callee {
                module,
                qualname: name,
                bound: false,
                skip: 0,
            })),
            Symbol::Method {
                module,
                class,
                name,
            } => Some(Ok(Callee {
                module,
                qualname: format!("{class}.{name}"),
                bound: false,
                skip: 0,
            })),
            Symbol::Class { module, name } => Some(Err(Value::Object(
                call.instance(format!("{module}:{name}")),
            ))),
        }
    }

    /// click's `ctx.invoke(command, sql=…)` and `ctx.forward(command)`: a call of the
    /// command's function with the remaining arguments.
    fn invoked(&self, call: &Call<'a>) -> Option<Callee> {
        if !matches!(call.method, Some("invoke" | "forward")) {
            return None;
        }
        let command = call.expr.arguments.args.first()?;
        let path = match command {
            Expr::Name(name) if self.module.functions.contains_key(name.id.as_str()) => {
                format!("{}.{}", self.module.name, name.id)
            }
            other => self.module.dotted(other)?,
        };
        match self.module.project?.resolve(&path)? {
            Symbol::Function { module, name } => Some(Callee {
                module,
                qualname: name,
                bound: false,
                skip: 1,
            }),
            _ => None,
        }
    }

    /// A call of a same-module function, in a module being summarised: what the callee's
    /// summary says it executes and queries (its value comes from inlining it).
    pub(super) fn same_module_call(&mut self, call: &Call<'a>, helper: &StmtFunctionDef) {
        let Some(qualname) = self.module.qualname(helper).map(str::to_string) else {
            return;
        };
        let summary = self
            .module
            .project
            .and_then(|project| project.summary(self.module.name, &qualname));
        if let Some(summary) = summary {
            let callee = Callee {
                module: self.module.name.to_string(),
                qualname,
                bound: !matches!(call.func, Expr::Name(_)),
                skip: 0,
            };
            self.effects(call, &callee, &summary);
        }
    }

    fn apply(&mut self, call: &Call<'a>, callee: &Callee, summary: &Summary) -> Value {
        self.effects(call, callee, summary);
        self.returned(call, callee, summary, &summary.returns)
    }

    /// The value a call returns, as its summary describes it.
    fn returned(
        &mut self,
        call: &Call<'a>,
        callee: &Callee,
        summary: &Summary,
        returns: &Returns,
    ) -> Value {
        match returns {
            Returns::Db(kind) => Value::foreign_db(*kind),
            Returns::Object(class) => Value::object(class.as_str()),
            Returns::Param(param) => self
                .argument(call, callee, summary, *param)
                .map_or_else(|| Value::opaque(Trust::Untrusted, Origin::Call), |(_, v)| v),
            Returns::Text(parts) => Value::Str(self.fill(
                range(call.expr),
                (parts, self.instance(call, callee), &callee.qualname),
                &summary.literal_defaults,
                |param| self.argument(call, callee, summary, param),
            )),
            Returns::Tuple(items) => Value::Tuple(
                items
                    .iter()
                    .map(|item| self.returned(call, callee, summary, item))
                    .collect(),
            ),
            Returns::Other(trust) => Value::opaque(*trust, Origin::Call),
            Returns::Unknown => Value::opaque(Trust::Untrusted, Origin::Call),
        }
    }

    /// What a call does besides returning: queries it runs, arguments it executes as SQL,
    /// and arguments it validates.
    fn effects(&mut self, call: &Call<'a>, callee: &Callee, summary: &Summary) {
        self.changes_schema |= summary.sets_up_schema;
        if summary.sets_up_schema
            && self.record
            && self.depth == 0
            && let Some(function) = &self.function
        {
            self.facts.schema_setup_calls.push(function.clone());
        }
        if summary.runs_query {
            self.runs_query = true;
            self.runs_other_query |= !summary.catalog_lookup;
            self.reads_beyond_catalogs |= !summary.reads_catalogs_only;
            // A wrapper's call is a query site here, in the loop already.
            if summary.executes.iter().all(|w| w.template.is_some())
                && let Some(in_loop) = self.loops.last()
                && self.record
                && self.depth == 0
            {
                self.facts.loop_calls.push(LoopCall {
                    function: callee.qualname.clone(),
                    caller: self.function.clone(),
                    call: range(call.expr),
                    in_loop: in_loop.clone(),
                    runs_query: true,
                    catalog_lookup: summary.catalog_lookup,
                    reads_catalogs_only: summary.reads_catalogs_only,
                    per_table: self.passes_loop_table(&call.expr.arguments),
                    passes_item: self.passes_loop_item(&call.expr.arguments),
                    sets_up_schema: summary.sets_up_schema,
                });
            }
        }
        for wrapper in &summary.executes {
            if let Some(template) = &wrapper.template {
                let value = self.fill(
                    range(call.expr),
                    (template, None, &callee.qualname),
                    &summary.literal_defaults,
                    |param| self.argument(call, callee, summary, param),
                );
                self.forwarded_query(call.expr, wrapper, value);
                continue;
            }
            if let Some((expr, value)) = self.argument(call, callee, summary, wrapper.param) {
                let params_passed = call.args.len() + call.keywords.len() > 1;
                self.wrapped_query(call.expr, wrapper, expr, value, params_passed);
            }
        }
        // `validate(name)` raises unless `name` is valid: from here on it is trusted.
        for &param in &summary.validates {
            if let Some((Expr::Name(name), _)) = self.argument(call, callee, summary, param) {
                self.env.insert(name.id.to_string(), Value::constant());
            }
        }
    }

    /// The instance whose method a call is, as its construction made it.
    fn instance<'c>(&self, call: &'c Call<'a>, callee: &Callee) -> Option<&'c Instance> {
        match &call.receiver {
            Some(Value::Object(instance)) if callee.bound => Some(instance),
            _ => None,
        }
    }

    /// The argument bound to parameter `param`: by position, else by its name.
    fn argument(
        &self,
        call: &Call<'a>,
        callee: &Callee,
        summary: &Summary,
        param: usize,
    ) -> Option<(&'a Expr, Value)> {
        let position = (param + callee.skip).checked_sub(usize::from(callee.bound))?;
        if position < call.args.len() {
            return call.positional(position);
        }
        call.keyword(&[summary.params.get(param)?.as_str()])
    }
}
