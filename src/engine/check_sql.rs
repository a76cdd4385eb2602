//! One way to check SQL, wherever it was found: a `.sql` file or a string a Python sink
//! receives. Each statement is parsed, checked by every enabled SQL rule and dropped before
//! the next is parsed. A statement sqlparser rejects gets a second reading — as a template
//! for Python code (`.sql` files), then by the database's own parser — and only a statement
//! the database rejects too (or one of a dialect with no such parser) is a syntax error,
//! handed back for the caller to word. A Jinja template is checked in each of its variants
//! (`check_template`).

use rustc_hash::FxHashSet;
use std::ops::Range;

use sqlparser::tokenizer::{Token, Tokenizer};

use crate::diagnostic::{Diagnostic, SharedWords};
use crate::rules::{Known, SqlChecks, check_statement};
use crate::source::span_map::SpanMap;
use crate::sql::embedded::{EmbeddedSql, FoundQuery, HOLE_PREFIX, found};
use crate::sql::facts::{QueryShape, is_pragma, query_shape};
use crate::sql::parse::next_char_end;
use crate::sql::split::split;
use crate::sql::template::Template;
use crate::sql::verdict::{self, Verdict};
use crate::sql::{Dialect, Parsed, SyntaxError, parse_each, template};

/// What a check of some SQL needs besides the text.
pub struct SqlCheck<'a> {
    pub dialect: Dialect,
    pub checks: &'a SqlChecks,
    pub known: Known<'a>,
    /// Where to keep the statements for the explain pass, if it runs on this dialect.
    pub queries: Option<&'a mut Vec<FoundQuery>>,
    /// Whether a statement sqlparser rejects may be a template for Python code (`%s`,
    /// `{column}`): true for `.sql` files; SQL found in Python has had its markers read.
    pub templates: bool,
    /// Whether a hole may stand for any SQL (a Jinja macro's output, which may be a whole
    /// query, a list of columns with its commas, or nothing): a syntax error at a hole, or
    /// at the token after one, is then no error of the SQL as written.
    pub macro_holes: bool,
}

/// What checking some SQL found besides findings.
#[derive(Default)]
pub struct Checked {
    /// The comments (offsets into the SQL).
    pub comments: Vec<Range<usize>>,
    /// The shape of the first statement.
    pub shape: Option<QueryShape>,
    /// Statements the database's parser accepts and sqlparser does not: valid, but not
    /// analysed by the rules.
    pub unanalysed: usize,
}

/// Checks every statement of `source.text`; `error` words a syntax error's finding (or
/// drops it), its range already in the file's offsets.
pub fn check_sql(
    source: &EmbeddedSql<'_>,
    check: SqlCheck<'_>,
    out: &mut Vec<Diagnostic>,
    error: impl FnMut(SyntaxError) -> Option<Diagnostic>,
) -> Checked {
    let SqlCheck {
        dialect,
        checks,
        known,
        queries,
        templates,
        macro_holes,
    } = check;
    let mut run = Run {
        dialect,
        checks,
        known,
        queries,
        out,
        error,
        words: SharedWords::default(),
        shape: None,
        unanalysed: 0,
        macro_holes,
    };
    let comments = run.check_text(source, templates);
    Checked {
        comments,
        shape: run.shape,
        unanalysed: run.unanalysed,
    }
}

/// Checks each variant of a Jinja template (`template::jinja_variants`) as SQL of its own.
/// A finding several variants share is reported once, and syntax errors only when no
/// variant parses: a branch may hold half of a clause another completes (`{% if not
/// loop.last %},{% endif %}`). A statement an earlier variant had too (same text, same
/// place in the file) is checked once. Templates are not planned by the explain pass: their tables
/// are dbt's relations, named by a schema sqlhound does not know. Returns the comments in
/// the file's offsets.
pub fn check_template(
    variants: &[Template],
    fallback: &Range<usize>,
    check: SqlCheck<'_>,
    out: &mut Vec<Diagnostic>,
    mut error: impl FnMut(SyntaxError) -> Option<Diagnostic>,
) -> (Checked, Vec<Range<usize>>) {
    if let [only] = variants {
        return check_variant(only, fallback, check, out, &mut error);
    }
    let mut seen = FxHashSet::default();
    let mut comments = Vec::new();
    let mut first: Option<(Checked, Vec<SyntaxError>)> = None;
    let mut some_variant_parses = false;
    // Statements an earlier variant had as well (same text, same place in the file) are
    // checked once: a template's variants differ only where its blocks are.
    let mut checked_statements = FxHashSet::default();
    let mut errors_at: Vec<usize> = Vec::new();
    for variant in variants {
        let mut splitter = split(&variant.text, check.dialect);
        let mut part = Template {
            text: String::with_capacity(variant.text.len()),
            map: SpanMap::default(),
            labels: variant.labels.clone(),
        };
        let mut inherits_error = false;
        for chunk in splitter.by_ref() {
            let file = variant.map.range(chunk.clone());
            let key = (text_hash(&variant.text[chunk.clone()]), file.clone());
            if !checked_statements.insert(key) {
                inherits_error |=
                    file.is_some_and(|f| errors_at.iter().any(|at| (f.start..=f.end).contains(at)));
                continue;
            }
            part.map
                .append_part(&variant.map, chunk.clone(), part.text.len());
            part.text.push_str(&variant.text[chunk]);
            // The `;` ends the statement where it ends in the file: an error at the end of
            // the input points there.
            let end = file.map_or(fallback.start, |f| f.end);
            let at = part.text.len();
            part.text.push_str(";\n");
            part.map.push(at..part.text.len(), end..end);
        }
        comments.extend(
            splitter
                .into_comments()
                .into_iter()
                .filter_map(|c| variant.map.range(c)),
        );
        let mut syntax = Vec::new();
        let mut found = Vec::new();
        let (checked, _) = check_variant(
            &part,
            fallback,
            SqlCheck {
                queries: None,
                ..check
            },
            &mut found,
            |e| {
                syntax.push(e);
                None
            },
        );
        errors_at.extend(syntax.iter().map(|e| e.range.start));
        some_variant_parses |= syntax.is_empty() && !inherits_error;
        out.extend(
            found
                .into_iter()
                .filter(|d| seen.insert((d.rule.code, d.span.clone()))),
        );
        first.get_or_insert((checked, syntax));
    }
    comments.sort_by_key(|c| (c.start, c.end));
    comments.dedup();
    let Some((checked, syntax)) = first else {
        return (Checked::default(), comments);
    };
    if !some_variant_parses {
        out.extend(syntax.into_iter().filter_map(&mut error));
    }
    (checked, comments)
}

struct Run<'a, 'o, E> {
    dialect: Dialect,
    checks: &'a SqlChecks,
    known: Known<'a>,
    queries: Option<&'a mut Vec<FoundQuery>>,
    out: &'o mut Vec<Diagnostic>,
    error: E,
    words: SharedWords,
    shape: Option<QueryShape>,
    unanalysed: usize,
    macro_holes: bool,
}

impl<E: FnMut(SyntaxError) -> Option<Diagnostic>> Run<'_, '_, E> {
    fn check_text(&mut self, source: &EmbeddedSql<'_>, templates: bool) -> Vec<Range<usize>> {
        parse_each(source.text, self.dialect, |parsed| {
            let before = self.out.len();
            match parsed {
                Parsed::Error(syntax) => self.rejected(source, syntax, templates),
                Parsed::Statement(statement) => {
                    check_statement(self.checks, source, &self.known, statement, self.out);
                    self.shape
                        .get_or_insert_with(|| query_shape(&statement.ast));
                    if let Some(queries) = self.queries.as_deref_mut() {
                        queries.extend(found(source, statement));
                    }
                }
            }
            // A file can have a finding on every statement: those that say the same share words.
            if let Some(new) = self.out.get_mut(before..) {
                self.words.share(new);
            }
        })
    }

    /// A statement sqlparser rejected: checked as a template if it is one, else judged by
    /// the database's parser where sqlhound has it.
    fn rejected(&mut self, source: &EmbeddedSql<'_>, syntax: SyntaxError, templates: bool) {
        let Some(statement) = syntax.statement.clone() else {
            return self.report(source, syntax);
        };
        if templates
            && let Some(template) =
                template::render(source.text, statement.clone(), source.map, self.dialect)
        {
            let filled = EmbeddedSql {
                text: &template.text,
                map: &template.map,
                fallback: source.fallback.clone(),
                hole_labels: &template.labels,
            };
            self.check_text(&filled, false);
            return;
        }
        let text = source.text.get(statement.clone()).unwrap_or_default();
        // A PRAGMA sqlparser cannot read is known all the same (`is_pragma`).
        if is_pragma(text, self.dialect) {
            self.shape.get_or_insert_with(QueryShape::default);
        }
        match verdict::judge(text, self.dialect) {
            None => self.report(source, syntax),
            Some(Verdict::Accepted | Verdict::Procedural) => self.unanalysed += 1,
            Some(Verdict::Rejected {
                database,
                message,
                offset,
            }) => {
                let at = statement.start + offset.unwrap_or(0);
                // Where the database says it stopped, counted as it counts: in characters.
                let position = text
                    .get(..offset.unwrap_or(0))
                    .map_or(0, |t| t.chars().count())
                    + 1;
                let judged = SyntaxError {
                    message: format!("{message} at character {position}"),
                    range: at..next_char_end(source.text, at),
                    statement: Some(statement),
                    database: Some(database),
                };
                self.report(source, judged);
            }
        }
    }

    /// Hands a syntax error, in the file's offsets, to the caller to word.
    fn report(&mut self, source: &EmbeddedSql<'_>, mut syntax: SyntaxError) {
        if self.macro_holes && stops_at_hole(source.text, &syntax, self.dialect) {
            return;
        }
        syntax.range = source
            .map
            .range(syntax.range.clone())
            .unwrap_or_else(|| source.fallback.clone());
        self.out.extend((self.error)(syntax));
    }
}

/// A template with one variant (no `if` blocks): its SQL, checked once.
fn check_variant(
    variant: &Template,
    fallback: &Range<usize>,
    check: SqlCheck<'_>,
    out: &mut Vec<Diagnostic>,
    error: impl FnMut(SyntaxError) -> Option<Diagnostic>,
) -> (Checked, Vec<Range<usize>>) {
    let source = EmbeddedSql {
        text: &variant.text,
        map: &variant.map,
        fallback: fallback.clone(),
        hole_labels: &variant.labels,
    };
    let check = SqlCheck {
        queries: None,
        templates: false,
        macro_holes: true,
        ..check
    };
    let checked = check_sql(&source, check, out, error);
    let comments = checked
        .comments
        .iter()
        .filter_map(|c| variant.map.range(c.clone()))
        .collect();
    (checked, comments)
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(text)
}

/// Whether parsing stopped at a hole or at the token right after one (comments between
/// them skipped): `from ({{ dbt_utils.unpivot(…) }}) as t` stops at `)`.
fn stops_at_hole(text: &str, syntax: &SyntaxError, dialect: Dialect) -> bool {
    if text
        .get(syntax.range.start..)
        .is_some_and(|rest| rest.starts_with(HOLE_PREFIX))
    {
        return true;
    }
    let Some(read) = syntax
        .statement
        .as_ref()
        .and_then(|statement| text.get(statement.start..syntax.range.end))
    else {
        return false;
    };
    let Ok(tokens) = Tokenizer::new(dialect.parser_dialect(), read).tokenize() else {
        return false;
    };
    let is_hole =
        |token: &Token| matches!(token, Token::Word(w) if w.value.starts_with(HOLE_PREFIX));
    tokens
        .iter()
        .rev()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .take(2)
        .any(is_hole)
}
