//! The structure of a Jinja template (dbt models, Airflow's templated SQL): its text, its
//! output tags `{{ … }}`, and the statement tags that decide which text is rendered —
//! `if`/`elif`/`else`, `for`/`else` — or that render none (`{# … #}`, `set`, `macro`,
//! `call`, `do`). `{% raw %}` is text. Expressions are read only far enough to know what
//! an output stands for (`jinja_expr`); nothing is evaluated.

use std::ops::Range;

use super::jinja_expr::{self, Output, Token};

/// A template's structure, in text order.
#[derive(Debug, PartialEq, Eq)]
pub enum Node {
    /// Text copied to the output as written.
    Text(Range<usize>),
    /// `{{ … }}`: the whole tag, what it puts into the SQL, and its expression's text.
    Output {
        tag: Range<usize>,
        output: Output,
        expression: Range<usize>,
    },
    /// Branches of which one is rendered: `if`/`elif`/`else` (an empty one when there is
    /// no `else`), a `for` loop's body and its `else`.
    Choice(Vec<Vec<Node>>),
}

/// A template Jinja itself would reject: an unclosed tag, a block never ended, an `endif`
/// that ends nothing.
#[derive(Debug, PartialEq, Eq)]
pub struct JinjaError {
    pub message: String,
    pub range: Range<usize>,
}

/// Whether `text` may hold Jinja: the cheap test before parsing.
pub fn may_be_template(text: &str) -> bool {
    ["{{", "{%", "{#"].iter().any(|open| text.contains(open))
}

/// The structure of the template `text`.
pub fn parse(text: &str) -> Result<Vec<Node>, JinjaError> {
    let mut parser = Parser::new(text);
    let (nodes, _) = parser.body(None)?;
    Ok(nodes)
}

/// The `{# … #}` comments of the template `text` (those before a tag it cannot read, if
/// any): where suppressions may be written.
pub fn comments(text: &str) -> Vec<Range<usize>> {
    let mut lexer = Lexer::new(text);
    while let Some(Ok(_)) = lexer.next() {}
    lexer.comments
}

/// A `{% macro name(params) %}…{% endmacro %}` definition.
#[derive(Debug, PartialEq, Eq)]
pub struct MacroDefinition {
    pub name: String,
    pub params: Vec<(String, ParamDefault)>,
    pub body: Vec<Node>,
}

/// What a macro parameter takes when a call does not pass it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamDefault {
    /// No default: a call must pass it.
    Required,
    /// A string or a number, as the text it renders (`'day'` renders `day`).
    Literal(String),
    /// Any other expression (`none`, a list, a call).
    Other,
}

/// The macros the template `text` defines (a file under dbt's `macro-paths`), in order.
pub fn macro_definitions(text: &str) -> Result<Vec<MacroDefinition>, JinjaError> {
    let mut parser = Parser::new(text);
    parser.body(None)?;
    Ok(parser.definitions)
}

/// Blocks whose body renders nothing: a macro's definition, a `call` of a macro sqlhound
/// does not expand, dbt's materializations and docs.
const SILENT_BLOCKS: [&str; 4] = ["macro", "call", "materialization", "docs"];
/// Blocks whose body is rendered once, as written: dbt's tests and snapshots are SQL.
const PLAIN_BLOCKS: [&str; 6] = ["filter", "block", "with", "test", "snapshot", "autoescape"];

/// One lexed piece: text, or a tag with its tokens.
enum Piece<'a> {
    Text(Range<usize>),
    Output(Range<usize>, Vec<Token<'a>>),
    Statement(Range<usize>, Vec<Token<'a>>),
}

struct Lexer<'a> {
    text: &'a str,
    at: usize,
    /// The comments passed so far.
    comments: Vec<Range<usize>>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            at: 0,
            comments: Vec::new(),
        }
    }

    fn next(&mut self) -> Option<Result<Piece<'a>, JinjaError>> {
        loop {
            let start = self.at;
            if start >= self.text.len() {
                return None;
            }
            let Some(open) = self.next_open(start) else {
                self.at = self.text.len();
                return Some(Ok(Piece::Text(start..self.text.len())));
            };
            if open > start {
                self.at = open;
                return Some(Ok(Piece::Text(start..open)));
            }
            let piece = match self.text.as_bytes().get(open + 1) {
                Some(b'#') => self.comment(open).map(|()| None),
                Some(b'{') => self
                    .tag(open, "}}")
                    .map(|(tag, t)| Some(Piece::Output(tag, t))),
                _ => self.statement(open).map(Some),
            };
            match piece {
                Ok(Some(piece)) => return Some(Ok(piece)),
                Ok(None) => {}
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// Where the next `{{`, `{%` or `{#` starts.
    fn next_open(&self, from: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut at = from;
        while let Some(found) = self.text.get(at..)?.find('{') {
            let open = at + found;
            if matches!(bytes.get(open + 1), Some(b'{' | b'%' | b'#')) {
                return Some(open);
            }
            at = open + 1;
        }
        None
    }

    fn comment(&mut self, open: usize) -> Result<(), JinjaError> {
        let end = self.text[open + 2..]
            .find("#}")
            .ok_or_else(|| unclosed(open, "comment `{#` never closed by `#}`"))?;
        self.at = open + 2 + end + 2;
        self.comments.push(open..self.at);
        Ok(())
    }

    /// The tag opening at `open`, to `close`: its range and tokens.
    fn tag(
        &mut self,
        open: usize,
        close: &str,
    ) -> Result<(Range<usize>, Vec<Token<'a>>), JinjaError> {
        let mut start = open + 2;
        if matches!(self.text.as_bytes().get(start), Some(b'-' | b'+')) {
            start += 1;
        }
        let (tokens, end) = jinja_expr::scan(self.text, start, close).map_err(|e| {
            let opening = &self.text[open..open + 2];
            if e.in_string {
                JinjaError {
                    message: format!("string inside `{opening}` never closed"),
                    range: e.at..e.at + 1,
                }
            } else {
                unclosed(open, &format!("`{opening}` never closed by `{close}`"))
            }
        })?;
        self.at = end + close.len();
        Ok((open..self.at, tokens))
    }

    /// A statement tag; `{% raw %}` hands back its contents as text.
    fn statement(&mut self, open: usize) -> Result<Piece<'a>, JinjaError> {
        let (tag, tokens) = self.tag(open, "%}")?;
        if jinja_expr::keyword(&tokens) != Some("raw") {
            return Ok(Piece::Statement(tag, tokens));
        }
        let contents = self.at;
        let mut from = contents;
        while let Some(next) = self.next_open(from) {
            if self.text.as_bytes().get(next + 1) == Some(&b'%') {
                let (end_tag, end_tokens) = self.tag(next, "%}")?;
                if jinja_expr::keyword(&end_tokens) == Some("endraw") {
                    self.at = end_tag.end;
                    return Ok(Piece::Text(contents..next));
                }
            }
            from = next + 1;
        }
        Err(JinjaError {
            message: "`{% raw %}` never closed by `{% endraw %}`".into(),
            range: tag,
        })
    }
}

fn unclosed(at: usize, message: &str) -> JinjaError {
    JinjaError {
        message: message.into(),
        range: at..at + 2,
    }
}

/// The statement tag that ended a body.
struct End<'a> {
    keyword: &'a str,
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    /// The macros defined so far.
    definitions: Vec<MacroDefinition>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            lexer: Lexer::new(text),
            definitions: Vec::new(),
        }
    }

    /// Nodes up to a statement tag `opened` (the block being read: its keyword, tag and the
    /// keywords that end or continue it) accepts, which is returned; `None` reads to the end.
    fn body(
        &mut self,
        opened: Option<(&str, &Range<usize>, &[&str])>,
    ) -> Result<(Vec<Node>, Option<End<'a>>), JinjaError> {
        let mut nodes = Vec::new();
        while let Some(piece) = self.lexer.next() {
            match piece? {
                Piece::Text(range) => nodes.push(Node::Text(range)),
                Piece::Output(tag, tokens) => {
                    let expression = jinja_expr::extent(self.lexer.text, &tokens)
                        .unwrap_or(tag.start + 2..tag.start + 2);
                    nodes.push(Node::Output {
                        output: jinja_expr::output(&tokens),
                        tag,
                        expression,
                    });
                }
                Piece::Statement(tag, tokens) => {
                    let keyword = jinja_expr::keyword(&tokens).ok_or_else(|| JinjaError {
                        message: "statement tag `{% %}` names no statement".into(),
                        range: tag.clone(),
                    })?;
                    if let Some((_, _, ends)) = opened
                        && ends.contains(&keyword)
                    {
                        return Ok((nodes, Some(End { keyword })));
                    }
                    self.statement(keyword, &tokens, tag, &mut nodes)?;
                }
            }
        }
        match opened {
            None => Ok((nodes, None)),
            Some((keyword, tag, ends)) => Err(JinjaError {
                message: format!(
                    "`{{% {keyword} %}}` is never closed by `{{% {} %}}`",
                    ends.last().copied().unwrap_or_default()
                ),
                range: tag.clone(),
            }),
        }
    }

    /// A statement tag met in a body: a block read to its end, or a tag rendering nothing.
    fn statement(
        &mut self,
        keyword: &'a str,
        tokens: &[Token<'_>],
        tag: Range<usize>,
        nodes: &mut Vec<Node>,
    ) -> Result<(), JinjaError> {
        match keyword {
            "if" => {
                let mut branches = Vec::new();
                let mut has_else = false;
                loop {
                    let ends: &[&str] = if has_else {
                        &["endif"]
                    } else {
                        &["elif", "else", "endif"]
                    };
                    let (branch, end) = self.body(Some(("if", &tag, ends)))?;
                    branches.push(branch);
                    match end.map(|e| e.keyword) {
                        Some("else") => has_else = true,
                        Some("elif") => {}
                        _ => break,
                    }
                }
                if !has_else {
                    branches.push(Vec::new());
                }
                // A loop's body is rendered once, as for a list of one: its first and last
                // iteration, so `{% if not loop.last %},{% endif %}` adds no comma.
                match jinja_expr::loop_condition(tokens.get(1..).unwrap_or_default()) {
                    Some(true) => nodes.extend(branches.swap_remove(0)),
                    Some(false) if branches.len() == 2 => nodes.extend(branches.swap_remove(1)),
                    Some(false) => nodes.push(Node::Choice(branches.split_off(1))),
                    None => nodes.push(Node::Choice(branches)),
                }
            }
            "for" => {
                let (body, end) = self.body(Some(("for", &tag, &["else", "endfor"])))?;
                if end.is_some_and(|e| e.keyword == "else") {
                    let (otherwise, _) = self.body(Some(("for", &tag, &["endfor"])))?;
                    nodes.push(Node::Choice(vec![body, otherwise]));
                } else {
                    nodes.extend(body);
                }
            }
            "set" if jinja_expr::assigns(tokens) => {}
            "set" => {
                self.body(Some(("set", &tag, &["endset"])))?;
            }
            _ if SILENT_BLOCKS.contains(&keyword) || PLAIN_BLOCKS.contains(&keyword) => {
                let end = format!("end{keyword}");
                let (body, _) = self.body(Some((keyword, &tag, &[end.as_str()])))?;
                if PLAIN_BLOCKS.contains(&keyword) {
                    nodes.extend(body);
                } else if keyword == "macro"
                    && let Some((name, params)) = jinja_expr::signature(&tokens[1..])
                {
                    self.definitions
                        .push(MacroDefinition { name, params, body });
                }
            }
            _ if keyword.starts_with("end") || keyword == "elif" || keyword == "else" => {
                return Err(JinjaError {
                    message: format!("`{{% {keyword} %}}` closes no open block"),
                    range: tag,
                });
            }
            // `do`, `import`, `from`, `include`, `extends`, `break`, `continue`: no SQL here.
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The template with each node written back: text as is, outputs as `<…>`, choices as
    /// `[a|b]`.
    fn outline(text: &str) -> String {
        fn write(text: &str, nodes: &[Node], out: &mut String) {
            for node in nodes {
                match node {
                    Node::Text(range) => out.push_str(&text[range.clone()]),
                    Node::Output { output, .. } => out.push_str(&match output {
                        Output::Nothing => "<>".into(),
                        Output::Table(name) => format!("<{name}>"),
                        Output::Hole => "<?>".into(),
                    }),
                    Node::Choice(branches) => {
                        out.push('[');
                        for (i, branch) in branches.iter().enumerate() {
                            if i > 0 {
                                out.push('|');
                            }
                            write(text, branch, out);
                        }
                        out.push(']');
                    }
                }
            }
        }
        let mut out = String::new();
        write(text, &parse(text).unwrap(), &mut out);
        out
    }

    #[test]
    fn blocks_become_choices_and_silent_tags_vanish() {
        assert_eq!(
            outline(
                "{{ config(materialized='table') }}{# select {{ bad }} #}{% set x = 1 %}\
                 select {% for c in cols %}{{ c }},{% endfor %} id from {{ ref('orders') }}\
                 {% if is_incremental() %} where a > 1{% elif b %} where b{% else %}{%- endif -%}"
            ),
            "<>select <?>, id from <orders>[ where a > 1| where b|]"
        );
        assert_eq!(
            outline("a{% if x %}b{% endif %}c{% for i in l %}d{% else %}e{% endfor %}"),
            "a[b|]c[d|e]"
        );
        assert_eq!(
            outline(
                "select {% for c in cols %}{{ c }}{% if not loop.last %},{% endif %}{% endfor %} from t"
            ),
            "select <?> from t"
        );
        assert_eq!(
            outline(
                "{% macro m(x) %}select {{ x }}{% endmacro %}{% set q %}select 2{% endset %}\
                 {% call statement('s') %}select 3{% endcall %}{% raw %}{{ not_jinja }}{% endraw %}\
                 {% snapshot s %}select 4{% endsnapshot %}"
            ),
            "{{ not_jinja }}select 4"
        );
        assert_eq!(outline("select '{{ \"}}\" }}'"), "select '<?>'");
    }

    #[test]
    fn comments_are_found_outside_tags_and_raw_blocks() {
        // Jinja knows no SQL: a comment inside a SQL string is one all the same.
        let text =
            "{# one #}select '{# two #}' {{ '{#' }}{% raw %}{# no #}{% endraw %}\n{#- three -#}";
        let found: Vec<&str> = comments(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["{# one #}", "{# two #}", "{#- three -#}"]);
    }

    #[test]
    fn malformed_templates_are_errors_at_the_tag() {
        for (text, message, at) in [
            ("select {{ x", "`{{` never closed by `}}`", 7..9),
            (
                "a {% if x %} b",
                "`{% if %}` is never closed by `{% endif %}`",
                2..12,
            ),
            ("a {% endif %}", "`{% endif %}` closes no open block", 2..13),
            ("{# open", "comment `{#` never closed by `#}`", 0..2),
            (
                "{% raw %}x",
                "`{% raw %}` never closed by `{% endraw %}`",
                0..9,
            ),
            ("{{ 'x }}", "string inside `{{` never closed", 3..4),
            (
                "{% for x in y %}{% else %}{% else %}{% endfor %}",
                "`{% else %}` closes no open block",
                26..36,
            ),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(
                (error.message.as_str(), error.range),
                (message, at),
                "{text}"
            );
        }
    }
}
