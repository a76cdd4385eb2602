//! SQL that is a template, rendered into SQL to check with holes where the template leaves
//! text sqlhound cannot know — the vocabulary of SQL embedded in Python (`embedded`):
//!
//! - `.sql` files that are templates for Python code: `SELECT pg_cancel_backend(%(pid)s)`,
//!   `WHERE x = %s`, `:name`, `?`, `SELECT {duration_column} FROM t`. A statement sqlparser
//!   rejects is read as such a template: each driver marker becomes the dialect's
//!   parameter, each `str.format` field a hole (`render`).
//! - Jinja templates (dbt models, Airflow's templated SQL): output tags become holes, or the
//!   table a dbt `ref`/`source` names; `if` and `for` blocks are rendered in a few variants
//!   that include every branch at least once (`jinja_variants`); a dbt project's own
//!   simple macros are expanded (`macros`).

use std::ops::Range;

use super::Dialect;
use super::embedded::{HOLE_PREFIX, Marker, format_field_len, marker_len, parameter};
use super::split::code_runs;
use crate::source::span_map::SpanMap;

pub mod jinja;
pub mod jinja_expr;
mod macros;

pub use jinja::JinjaError;
use jinja::Node;
use jinja_expr::Output;
pub use macros::Macros;

/// A statement read as a template: the SQL to parse, and where its pieces are in the file.
#[derive(Debug)]
pub struct Template {
    pub text: String,
    pub map: SpanMap,
    /// The format fields' names (`duration_column`), in hole order.
    pub labels: Vec<String>,
}

/// `statement` (a range of `text`) read as a template, with `map` taking `text`'s offsets to
/// the file's; `None` when it has no marker or field outside strings and comments.
pub fn render(
    text: &str,
    statement: Range<usize>,
    map: &SpanMap,
    dialect: Dialect,
) -> Option<Template> {
    let sql = text.get(statement.clone())?;
    let mut out = Renderer::new(map, statement.start, sql.len(), &[]);
    let mut copied = 0;
    for run in code_runs(sql, dialect) {
        let bytes = sql.as_bytes();
        let mut i = run.start;
        while i < run.end {
            let rest = &sql[i..run.end];
            let previous = i.checked_sub(1).map(|p| bytes[p]);
            let found = if bytes[i] == b'{' {
                format_field_len(rest).map(|len| (len, Piece::Hole))
            } else {
                match marker_len(rest, previous) {
                    Some((len, Marker::Param)) => Some((len, Piece::Parameter)),
                    _ => None,
                }
            };
            let Some((len, piece)) = found else {
                i += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            };
            out.verbatim(sql, copied..i);
            match piece {
                Piece::Parameter => out.parameter(i..i + len, dialect),
                // The field's name, as messages show holes: `{duration_column}`.
                Piece::Hole => out.hole(&sql[i + 1..i + len - 1], i..i + len),
            }
            i += len;
            copied = i;
        }
    }
    if out.params == 0 && out.labels.is_empty() {
        return None;
    }
    out.verbatim(sql, copied..sql.len());
    Some(out.finish())
}

/// Variants of a template beyond this many are not rendered: a template rarely has an
/// `elif` chain this long, and each variant is checked in full.
const MAX_VARIANTS: usize = 8;

/// The Jinja template `text` (which `map` takes to the file, and whose holes are `labels`)
/// rendered in as few variants as include every branch of every `if` and `for … else`
/// once: variant `n` takes each block's `n`-th branch, or its first when it has fewer. So
/// variant 0 takes every first branch, and blocks on one condition (`is_incremental()`
/// tested twice) agree within a variant.
pub fn jinja_variants(
    text: &str,
    map: &SpanMap,
    labels: &[String],
) -> Result<Vec<Template>, JinjaError> {
    jinja_variants_expanding(text, map, labels, &Macros::default())
}

/// `jinja_variants`, with calls of the `macros` that expand written as their SQL (mapped
/// onto the whole call tag).
pub fn jinja_variants_expanding(
    text: &str,
    map: &SpanMap,
    labels: &[String],
    macros: &Macros,
) -> Result<Vec<Template>, JinjaError> {
    let nodes = jinja::parse(text)?;
    let count = most_branches(&nodes).clamp(1, MAX_VARIANTS);
    Ok((0..count)
        .map(|variant| {
            let mut out = Renderer::new(map, 0, text.len(), labels);
            out.macros = Some(macros).filter(|m| !m.is_empty());
            out.nodes(text, &nodes, variant);
            out.finish()
        })
        .collect())
}

fn most_branches(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|node| match node {
            Node::Choice(branches) => branches
                .iter()
                .map(|b| most_branches(b))
                .max()
                .unwrap_or(0)
                .max(branches.len()),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

impl Renderer<'_> {
    fn nodes(&mut self, text: &str, nodes: &[Node], variant: usize) {
        for node in nodes {
            match node {
                Node::Text(range) => self.verbatim(text, range.clone()),
                Node::Output {
                    tag,
                    output,
                    expression,
                } => match output {
                    Output::Nothing => {}
                    // The table's name, standing for the whole tag: findings on it point there.
                    Output::Table(name) => self.substitute(name, tag.clone()),
                    Output::Hole if let Some(sql) = self.expanded(text, tag, expression) => {
                        self.substitute(&sql, tag.clone());
                    }
                    // Messages show a hole in braces: `{{ var('x') }}` as written.
                    Output::Hole => {
                        let label = format!("{{ {} }}", &text[expression.clone()]);
                        self.hole(&label, tag.clone());
                    }
                },
                Node::Choice(branches) => {
                    if let Some(branch) = branches.get(variant).or(branches.first()) {
                        self.nodes(text, branch, variant);
                    }
                }
            }
        }
    }
}

impl Renderer<'_> {
    /// The SQL the output `tag` writes when its `expression` calls a macro that expands.
    fn expanded(
        &self,
        text: &str,
        tag: &Range<usize>,
        expression: &Range<usize>,
    ) -> Option<String> {
        let macros = self.macros?;
        let (tokens, _) = jinja_expr::scan(text.get(..tag.end)?, expression.start, "}}").ok()?;
        macros.expand(&tokens)
    }
}

enum Piece {
    Parameter,
    Hole,
}

struct Renderer<'a> {
    text: String,
    map: SpanMap,
    labels: Vec<String>,
    /// `text`'s offsets to the file's.
    outer: &'a SpanMap,
    /// Where the statement starts in `text`.
    base: usize,
    params: usize,
    /// The project's macros that expand, when it has any.
    macros: Option<&'a Macros>,
}

impl<'a> Renderer<'a> {
    /// A renderer of text at `base` in the text `outer` maps, whose holes come after
    /// `labels` (those already in that text).
    fn new(outer: &'a SpanMap, base: usize, capacity: usize, labels: &[String]) -> Self {
        Self {
            text: String::with_capacity(capacity),
            map: SpanMap::default(),
            labels: labels.to_vec(),
            outer,
            base,
            params: 0,
            macros: None,
        }
    }

    fn finish(self) -> Template {
        Template {
            text: self.text,
            map: self.map,
            labels: self.labels,
        }
    }

    /// Appends `piece`, which stands for `written` (statement offsets).
    fn push(&mut self, piece: &str, written: Range<usize>) {
        let start = self.text.len();
        self.text.push_str(piece);
        let outer = self.base + written.start..self.base + written.end;
        if let Some(file) = self.outer.range(outer) {
            self.map.push(start..self.text.len(), file);
        }
    }

    /// Appends `piece` standing for other text, `written`: a space longer when it has the
    /// same length, so that the map never reads it as a copy (offsets inside it would
    /// point into the tag, and a fix would rewrite the tag).
    fn substitute(&mut self, piece: &str, written: Range<usize>) {
        if piece.len() == written.len() {
            self.push(&format!("{piece} "), written);
        } else {
            self.push(piece, written);
        }
    }

    fn verbatim(&mut self, sql: &str, range: Range<usize>) {
        if !range.is_empty() {
            self.push(&sql[range.clone()], range);
        }
    }

    fn parameter(&mut self, written: Range<usize>, dialect: Dialect) {
        self.params += 1;
        let placeholder = parameter(dialect, self.params);
        self.push(&placeholder, written);
    }

    /// A hole labelled `label` (messages show it in braces), standing for `written`.
    fn hole(&mut self, label: &str, written: Range<usize>) {
        self.labels.push(label.to_string());
        let placeholder = format!("{HOLE_PREFIX}{}", self.labels.len());
        self.substitute(&placeholder, written);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(sql: &str, dialect: Dialect) -> Option<String> {
        let map = SpanMap::identity(sql.len(), 0);
        render(sql, 0..sql.len(), &map, dialect).map(|t| t.text)
    }

    #[test]
    fn driver_markers_become_parameters() {
        assert_eq!(
            rendered(
                "SELECT pg_cancel_backend(%(pid)s) WHERE a = %s AND b = :b AND c = ? AND d::int = 1",
                Dialect::Postgres
            )
            .as_deref(),
            Some("SELECT pg_cancel_backend($1) WHERE a = $2 AND b = $3 AND c = $4 AND d::int = 1")
        );
        assert_eq!(
            rendered("SELECT a FROM t WHERE b = %s", Dialect::Mysql).as_deref(),
            Some("SELECT a FROM t WHERE b = ?")
        );
    }

    #[test]
    fn format_fields_become_holes() {
        let sql = "SELECT {duration_column}, {0}, {} FROM t -- {not_this}\nWHERE x = '{nor_this}'";
        let map = SpanMap::identity(sql.len(), 100);
        let template = render(sql, 0..sql.len(), &map, Dialect::Postgres).unwrap_or_else(|| {
            panic!("no template");
        });
        assert_eq!(
            template.text,
            "SELECT __sqlhound_hole_1 , __sqlhound_hole_2, __sqlhound_hole_3 FROM t -- {not_this}\nWHERE x = '{nor_this}'"
        );
        assert_eq!(template.labels, ["duration_column", "0", ""]);
        // A hole maps onto the field it stands for, the rest onto itself; one as long as
        // its field is padded, so that no offset inside it maps into the field.
        assert_eq!(template.map.range(7..25), Some(107..124));
        assert_eq!(template.map.offset(10), Some(107));
        let from = template.text.find("FROM").unwrap_or_default();
        assert_eq!(
            template.map.offset(from),
            sql.find("FROM").map(|at| at + 100)
        );
    }

    #[test]
    fn text_without_markers_is_no_template() {
        for sql in [
            "SELECT '%s', \"{x}\" FROM t",
            "SELECT a[1:n], b::text FROM t -- %s",
            "SELECT 10 % 3",
        ] {
            assert_eq!(rendered(sql, Dialect::Postgres), None, "{sql}");
        }
    }

    #[test]
    fn jinja_variants_take_every_branch_once() {
        let sql = "{{ config(materialized='incremental') }}\nselect id from {{ ref('orders') }}\
                   {% if is_incremental() %} where at > {{ var('since') }}{% endif %}\
                   {% if a %} and x{% elif b %} and y{% else %} and z{% endif %}";
        let map = SpanMap::identity(sql.len(), 10);
        let variants = jinja_variants(sql, &map, &["earlier".into()]).unwrap_or_default();
        let texts: Vec<&str> = variants.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "\nselect id from orders where at > __sqlhound_hole_2 and x",
                "\nselect id from orders and y",
                "\nselect id from orders where at > __sqlhound_hole_2 and z",
            ]
        );
        assert_eq!(variants[0].labels, ["earlier", "{ var('since') }"]);
        // The table's name maps onto its whole tag.
        let at = texts[0].find("orders").unwrap_or_default();
        let tag = sql.find("{{ ref").unwrap_or_default();
        assert_eq!(
            variants[0].map.range(at..at + "orders".len()),
            Some(tag + 10..tag + 10 + "{{ ref('orders') }}".len())
        );
    }
}
