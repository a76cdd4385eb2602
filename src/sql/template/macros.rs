//! A dbt project's own macros, expanded where that is simple and sound: a macro whose body
//! is text with `{{ param }}` holes (and `ref`/`source` tags), called with literal
//! arguments — `{{ cents_to_dollars('amount_cents') }}` — renders its body with the
//! arguments in place, so the rules see the SQL it writes. Any other macro (one with
//! blocks, `set`, calls of other macros, `return`, `adapter.dispatch`), a package's macro
//! (`dbt_utils.star(…)`), a name two macros share, or a call with an argument that is not
//! a literal stays a hole.

use rustc_hash::FxHashMap;

use super::jinja::{self, JinjaError, MacroDefinition, Node, ParamDefault};
use super::jinja_expr::{self, Output, Token};

/// The macros of one dbt project, by name.
#[derive(Debug, Default)]
pub struct Macros {
    /// `None`: defined more than once, or in a way sqlhound does not expand.
    by_name: FxHashMap<String, Option<Expansion>>,
}

/// A macro's body as text and parameter holes.
#[derive(Debug)]
struct Expansion {
    params: Vec<(String, ParamDefault)>,
    parts: Vec<Part>,
}

#[derive(Debug)]
enum Part {
    Text(String),
    /// The parameter at this index.
    Param(usize),
}

impl Macros {
    /// Adds the macros the file `text` defines.
    pub fn learn(&mut self, text: &str) -> Result<(), JinjaError> {
        for definition in jinja::macro_definitions(text)? {
            let expansion = Expansion::of(text, &definition);
            self.by_name
                .entry(definition.name)
                .and_modify(|known| *known = None)
                .or_insert(expansion);
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The SQL the output tag with these tokens writes, when it calls a macro that expands.
    pub fn expand(&self, tokens: &[Token<'_>]) -> Option<String> {
        let (name, arguments) = jinja_expr::call(tokens)?;
        let expansion = self.by_name.get(name)?.as_ref()?;
        let mut values: Vec<Option<String>> = vec![None; expansion.params.len()];
        let mut positional = 0;
        for argument in arguments {
            let (slot, value) = if jinja_expr::is_keyword_argument(argument) {
                let name = argument.first()?.text;
                let slot = expansion.params.iter().position(|(p, _)| p == name)?;
                (slot, argument.get(2..)?)
            } else {
                positional += 1;
                (positional - 1, argument)
            };
            *values.get_mut(slot)? = Some(jinja_expr::literal(value)?);
        }
        let values: Vec<String> = values
            .into_iter()
            .zip(&expansion.params)
            .map(|(value, (_, default))| match (value, default) {
                (Some(value), _) => Some(value),
                (None, ParamDefault::Literal(default)) => Some(default.clone()),
                (None, ParamDefault::Required | ParamDefault::Other) => None,
            })
            .collect::<Option<_>>()?;
        let mut out = String::new();
        for part in &expansion.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Param(index) => out.push_str(values.get(*index)?),
            }
        }
        Some(out)
    }
}

impl Expansion {
    /// The definition as text and holes, when its body is no more than that.
    fn of(text: &str, definition: &MacroDefinition) -> Option<Self> {
        let parts = definition
            .body
            .iter()
            .map(|node| match node {
                Node::Text(range) => Some(Part::Text(text.get(range.clone())?.to_string())),
                Node::Output {
                    output: Output::Table(name),
                    ..
                } => Some(Part::Text(name.clone())),
                Node::Output { expression, .. } => {
                    let name = text.get(expression.clone())?;
                    let index = definition.params.iter().position(|(p, _)| p == name)?;
                    Some(Part::Param(index))
                }
                Node::Choice(_) => None,
            })
            .collect::<Option<_>>()?;
        Some(Self {
            params: definition.params.clone(),
            parts,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn expanded(macros: &Macros, call: &str) -> Option<String> {
        // Tokens borrow their text: a leaked copy lives as long as the test.
        let text: &'static str = Box::leak(format!("{call}}}}}").into_boxed_str());
        macros.expand(&jinja_expr::scan(text, 0, "}}").unwrap().0)
    }

    #[test]
    fn simple_macros_expand_with_literal_arguments() {
        let mut macros = Macros::default();
        macros
            .learn(
                "{% macro cents(column, scale=2) -%}({{ column }} / 100)::numeric(16, {{ scale }}){%- endmacro %}\
                 {% macro open_orders() %}select id from {{ ref('orders') }}{% endmacro %}\
                 {% macro branchy(x) %}{% if x %}a{% endif %}{% endmacro %}\
                 {% macro calls(x) %}{{ other(x) }}{% endmacro %}\
                 {% macro twice() %}a{% endmacro %}{% macro twice() %}b{% endmacro %}\
                 {% macro listed(cols=['a']) %}{{ cols }}{% endmacro %}",
            )
            .unwrap();
        assert_eq!(
            expanded(&macros, "cents('amount')").as_deref(),
            Some("(amount / 100)::numeric(16, 2)")
        );
        assert_eq!(
            expanded(&macros, "cents(scale=4, column=\"c\")").as_deref(),
            Some("(c / 100)::numeric(16, 4)")
        );
        assert_eq!(
            expanded(&macros, "open_orders()").as_deref(),
            Some("select id from orders")
        );
        for hole in [
            "cents(column_name)",
            "cents()",
            "cents('a', 2, 3)",
            "cents('a', precision=3)",
            "cents('a\\\\n')",
            "branchy('a')",
            "calls('a')",
            "twice()",
            "listed()",
            "unknown('a')",
            "pkg.cents('a')",
        ] {
            assert_eq!(expanded(&macros, hole), None, "{hole}");
        }
    }
}
