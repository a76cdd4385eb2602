//! The structure of a Django or Jinja2 template, as far as what it reads from its context:
//! the expressions of its tags, its loops (with the names they bind), `with` and `set`
//! bindings, `include`, `extends` and `block`. Text, comments (`{# … #}`, Django's
//! `{% comment %}`) and literal blocks (`{% verbatim %}`, Jinja's `{% raw %}`) read nothing.
//! The tags are lexed here; the tokens inside a tag are Jinja's expression tokens
//! (`sql::template::jinja_expr`), which Django's tags share.

use std::ops::Range;

use crate::sql::template::jinja_expr::{self, Kind};

/// A token of a tag, by its place in the template text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tok {
    pub kind: Kind,
    pub range: Range<usize>,
}

/// A name bound to an expression: `a=b.author` (`with`, `include … with`), `b.author as a`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub name: String,
    pub value: Vec<Tok>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// What a tag reads: an `if` condition, a tag's arguments.
    Reads(Vec<Tok>),
    /// An output `{{ … }}`: what it reads, turned into text.
    Output(Vec<Tok>),
    /// `{% for x in xs %}…{% empty %}…{% endfor %}` (`else` in Jinja).
    For {
        tag: Range<usize>,
        /// The loop's name; `None` for several (`for k, v in …`).
        target: Option<String>,
        iter: Vec<Tok>,
        body: Vec<Node>,
        otherwise: Vec<Node>,
    },
    /// `{% with a=b.author %}…{% endwith %}`.
    With {
        bindings: Vec<Binding>,
        body: Vec<Node>,
    },
    /// Jinja `{% set a = p.author %}`: bound until the end of the enclosing body.
    Set(Binding),
    /// `{% include "x.html" with a=b only %}`.
    Include {
        name: Option<String>,
        bindings: Vec<Binding>,
        only: bool,
    },
    /// `{% extends "base.html" %}`.
    Extends(Option<String>),
    /// `{% block name %}…{% endblock %}`.
    Block { name: String, body: Vec<Node> },
    /// Bodies rendered as they stand: `if` branches, `spaceless`, `filter`, unknown blocks.
    Group(Vec<Node>),
}

/// A parsed template, its comments (`{# … #}`) and its tags (`{{ … }}`, `{% … %}`), in
/// order, for suppressions: a comment cannot go inside a tag.
#[derive(Debug, Default)]
pub struct Template {
    pub nodes: Vec<Node>,
    pub comments: Vec<Range<usize>>,
    pub tags: Vec<Range<usize>>,
}

/// Blocks read to their `end…` tag whose bodies render in place.
const PLAIN_BLOCKS: [&str; 8] = [
    "if",
    "ifchanged",
    "spaceless",
    "autoescape",
    "filter",
    "blocktrans",
    "blocktranslate",
    "call",
];
/// Blocks whose bodies render nothing sqlhound can follow: a macro runs with arguments
/// it does not know.
const SILENT_BLOCKS: [&str; 1] = ["macro"];
/// Blocks whose bodies are text, up to `end…`.
const LITERAL_BLOCKS: [&str; 3] = ["comment", "verbatim", "raw"];

/// Parses `text`; `None` for a template whose tags do not close (the template engine
/// would reject it, and what it reads is unclear).
pub fn parse(text: &str) -> Option<Template> {
    let mut comments = Vec::new();
    let mut tags = Vec::new();
    let mut stack: Vec<Open> = vec![Open::new("", 0..0, Vec::new())];
    let mut at = 0;
    while let Some(open) = next_open(text, at) {
        match text.as_bytes().get(open + 1) {
            Some(b'#') => {
                let end = open + 2 + text[open + 2..].find("#}")? + 2;
                comments.push(open..end);
                at = end;
            }
            Some(b'{') => {
                let (tokens, end) = tag(text, open, "}}")?;
                at = end;
                tags.push(open..end);
                stack.last_mut()?.nodes.push(Node::Output(tokens));
            }
            _ => {
                let (tokens, end) = tag(text, open, "%}")?;
                at = end;
                tags.push(open..end);
                let keyword = tokens
                    .first()
                    .filter(|t| t.kind == Kind::Name)
                    .map(|t| &text[t.range.clone()]);
                let Some(keyword) = keyword else { continue };
                if LITERAL_BLOCKS.contains(&keyword) {
                    at = literal_end(text, at, keyword)?;
                    continue;
                }
                statement(text, keyword, open..end, &tokens[1..], &mut stack);
            }
        }
    }
    // Blocks left open close at the end: a template engine would reject it, but what was
    // read is still what the template reads.
    while stack.len() > 1 {
        close(text, &mut stack);
    }
    Some(Template {
        nodes: stack.pop()?.nodes,
        comments,
        tags,
    })
}

/// A block being read.
struct Open {
    keyword: String,
    tag: Range<usize>,
    args: Vec<Tok>,
    nodes: Vec<Node>,
    /// The nodes before `empty` / `else` of a loop, once met.
    before_else: Option<Vec<Node>>,
}

impl Open {
    fn new(keyword: &str, tag: Range<usize>, args: Vec<Tok>) -> Self {
        Self {
            keyword: keyword.to_string(),
            tag,
            args,
            nodes: Vec::new(),
            before_else: None,
        }
    }
}

fn statement(text: &str, keyword: &str, tag: Range<usize>, args: &[Tok], stack: &mut Vec<Open>) {
    let block = |k: &str| {
        ["for", "with", "block"].contains(&k)
            || PLAIN_BLOCKS.contains(&k)
            || SILENT_BLOCKS.contains(&k)
    };
    let set_block = keyword == "set" && !args.iter().any(|t| is(text, t, "="));
    if block(keyword) || set_block {
        // Conditions and arguments read the context where the block opens.
        if !matches!(keyword, "for" | "with" | "block" | "macro" | "set") {
            push(stack, Node::Reads(args.to_vec()));
        }
        stack.push(Open::new(keyword, tag, args.to_vec()));
        return;
    }
    if let Some(opened) = keyword.strip_prefix("end") {
        // An `end…` of a block not open here (a custom tag's) ends nothing.
        if let Some(depth) = stack.iter().rposition(|o| o.keyword == opened) {
            while stack.len() > depth {
                close(text, stack);
            }
        }
        return;
    }
    match keyword {
        "empty" | "else" if stack.last().is_some_and(|o| o.keyword == "for") => {
            if let Some(open) = stack.last_mut() {
                open.before_else = Some(std::mem::take(&mut open.nodes));
            }
        }
        // `elif` and `else` of an `if`: their conditions read, their bodies render in place.
        "elif" | "else" | "empty" => push(stack, Node::Reads(args.to_vec())),
        "set" => {
            if let Some(binding) = jinja_set(text, args) {
                push(stack, Node::Set(binding));
            }
        }
        "include" => push(stack, include(text, args)),
        "extends" => push(stack, Node::Extends(literal(text, args.first()))),
        // `load`, `url`, `csrf_token`, `trans`, `import`, custom tags: their arguments read.
        _ => push(stack, Node::Reads(args.to_vec())),
    }
}

fn push(stack: &mut [Open], node: Node) {
    if let Some(open) = stack.last_mut() {
        open.nodes.push(node);
    }
}

/// Closes the innermost open block into a node of its parent.
fn close(text: &str, stack: &mut Vec<Open>) {
    let Some(open) = stack.pop() else { return };
    let node = match open.keyword.as_str() {
        "for" => {
            let (body, otherwise) = match open.before_else {
                Some(body) => (body, open.nodes),
                None => (open.nodes, Vec::new()),
            };
            let (target, iter) = for_header(text, &open.args);
            Node::For {
                tag: open.tag,
                target,
                iter,
                body,
                otherwise,
            }
        }
        "with" => Node::With {
            bindings: bindings(text, &open.args),
            body: open.nodes,
        },
        "block" => Node::Block {
            name: open
                .args
                .first()
                .map_or_else(String::new, |t| text[t.range.clone()].to_string()),
            body: open.nodes,
        },
        k if SILENT_BLOCKS.contains(&k) || k == "set" => return,
        _ => Node::Group(open.nodes),
    };
    push(stack, node);
}

/// Where the next `{{`, `{%` or `{#` starts.
fn next_open(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(found) = text.get(at..)?.find('{') {
        let open = at + found;
        if matches!(bytes.get(open + 1), Some(b'{' | b'%' | b'#')) {
            return Some(open);
        }
        at = open + 1;
    }
    None
}

/// The tokens of the tag opening at `open`, and where it ends.
fn tag(text: &str, open: usize, close: &str) -> Option<(Vec<Tok>, usize)> {
    let mut start = open + 2;
    if matches!(text.as_bytes().get(start), Some(b'-' | b'+')) {
        start += 1;
    }
    let (tokens, end) = jinja_expr::scan(text, start, close).ok()?;
    let tokens = tokens
        .iter()
        .filter_map(|t| {
            let range = jinja_expr::extent(text, std::slice::from_ref(t))?;
            Some(Tok {
                kind: t.kind,
                range,
            })
        })
        .collect();
    Some((tokens, end + close.len()))
}

/// Where the `{% end<keyword> %}` after a literal block's opening tag ends.
fn literal_end(text: &str, from: usize, keyword: &str) -> Option<usize> {
    let mut at = from;
    while let Some(open) = next_open(text, at) {
        if text.as_bytes().get(open + 1) == Some(&b'%')
            && let Some((tokens, end)) = tag(text, open, "%}")
            && tokens
                .first()
                .is_some_and(|t| text[t.range.clone()].strip_prefix("end") == Some(keyword))
        {
            return Some(end);
        }
        at = open + 2;
    }
    None
}

fn is(text: &str, tok: &Tok, word: &str) -> bool {
    &text[tok.range.clone()] == word
}

/// The unquoted text of a string token.
fn literal(text: &str, tok: Option<&Tok>) -> Option<String> {
    let tok = tok.filter(|t| t.kind == Kind::Str)?;
    let quoted = &text[tok.range.clone()];
    Some(quoted.get(1..quoted.len().saturating_sub(1))?.to_string())
}

/// `x in xs` (Django `reversed`, Jinja `if …` and `recursive` after it).
fn for_header(text: &str, args: &[Tok]) -> (Option<String>, Vec<Tok>) {
    let Some(at) = args.iter().position(|t| is(text, t, "in")) else {
        return (None, Vec::new());
    };
    let target = match &args[..at] {
        [name] if name.kind == Kind::Name => Some(text[name.range.clone()].to_string()),
        _ => None,
    };
    let iter = args[at + 1..]
        .iter()
        .take_while(|t| !["reversed", "if", "recursive"].contains(&&text[t.range.clone()]))
        .cloned()
        .collect();
    (target, iter)
}

/// Jinja `set a = expr`.
fn jinja_set(text: &str, args: &[Tok]) -> Option<Binding> {
    match args {
        [name, eq, value @ ..] if name.kind == Kind::Name && is(text, eq, "=") => Some(Binding {
            name: text[name.range.clone()].to_string(),
            value: value.to_vec(),
        }),
        _ => None,
    }
}

/// `include "x.html"` with Django's `with a=b … only`, Jinja's `ignore missing`,
/// `with context` / `without context`.
fn include(text: &str, args: &[Tok]) -> Node {
    let name = literal(text, args.first());
    let rest = args.get(1..).unwrap_or_default();
    let only = rest.iter().any(|t| is(text, t, "only"))
        || rest
            .windows(2)
            .any(|w| is(text, &w[0], "without") && is(text, &w[1], "context"));
    let bindings = match rest.iter().position(|t| is(text, t, "with")) {
        Some(at) => bindings(text, &rest[at + 1..]),
        None => Vec::new(),
    };
    Node::Include {
        name,
        bindings,
        only,
    }
}

/// `a=b.author c=d` (a value runs to the next `name=`), or the old `b.author as a`.
pub fn bindings(text: &str, tokens: &[Tok]) -> Vec<Binding> {
    if let Some(at) = tokens.iter().position(|t| is(text, t, "as")) {
        return match tokens.get(at + 1) {
            Some(name) if name.kind == Kind::Name => vec![Binding {
                name: text[name.range.clone()].to_string(),
                value: tokens[..at].to_vec(),
            }],
            _ => Vec::new(),
        };
    }
    let starts: Vec<usize> = (0..tokens.len())
        .filter(|&i| {
            tokens[i].kind == Kind::Name && tokens.get(i + 1).is_some_and(|t| is(text, t, "="))
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(tokens.len());
            Binding {
                name: text[tokens[start].range.clone()].to_string(),
                value: tokens[start + 2..end]
                    .iter()
                    .filter(|t| !is(text, t, "only"))
                    .cloned()
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The structure of a template, one line per node, reads as their text.
    fn outline(text: &str) -> String {
        fn tokens(text: &str, tokens: &[Tok]) -> String {
            let words: Vec<&str> = tokens.iter().map(|t| &text[t.range.clone()]).collect();
            words.join(" ")
        }
        fn write(text: &str, nodes: &[Node], depth: usize, out: &mut String) {
            for node in nodes {
                let pad = "  ".repeat(depth);
                match node {
                    Node::Reads(t) => out.push_str(&format!("{pad}reads {}\n", tokens(text, t))),
                    Node::Output(t) => out.push_str(&format!("{pad}output {}\n", tokens(text, t))),
                    Node::For {
                        target,
                        iter,
                        body,
                        otherwise,
                        ..
                    } => {
                        out.push_str(&format!("{pad}for {target:?} in {}\n", tokens(text, iter)));
                        write(text, body, depth + 1, out);
                        out.push_str(&format!("{pad}empty\n"));
                        write(text, otherwise, depth + 1, out);
                    }
                    Node::With { bindings, body } => {
                        for b in bindings {
                            out.push_str(&format!(
                                "{pad}with {} = {}\n",
                                b.name,
                                tokens(text, &b.value)
                            ));
                        }
                        write(text, body, depth + 1, out);
                    }
                    Node::Set(b) => out.push_str(&format!(
                        "{pad}set {} = {}\n",
                        b.name,
                        tokens(text, &b.value)
                    )),
                    Node::Include {
                        name,
                        bindings,
                        only,
                    } => {
                        let names: Vec<&str> = bindings.iter().map(|b| b.name.as_str()).collect();
                        out.push_str(&format!("{pad}include {name:?} {names:?} only={only}\n"));
                    }
                    Node::Extends(name) => out.push_str(&format!("{pad}extends {name:?}\n")),
                    Node::Block { name, body } => {
                        out.push_str(&format!("{pad}block {name}\n"));
                        write(text, body, depth + 1, out);
                    }
                    Node::Group(body) => write(text, body, depth, out),
                }
            }
        }
        let mut out = String::new();
        write(text, &parse(text).unwrap().nodes, 0, &mut out);
        out
    }

    #[test]
    fn loops_bindings_and_includes_keep_what_they_read() {
        let text = r#"{% extends "base.html" %}{% block content %}
{% for b in books reversed %}{% if b.author %}{{ b.author.name|upper }}{% else %}-{% endif %}
{% with a=b.author c=b.tags.all %}{{ a }}{% endwith %}{% include "x.html" with book=b only %}
{% empty %}{{ none }}{% endfor %}{% endblock %}"#;
        assert_eq!(
            outline(text),
            r#"extends Some("base.html")
block content
  for Some("b") in books
    reads b . author
    output b . author . name | upper
    reads 
    with a = b . author
    with c = b . tags . all
      output a
    include Some("x.html") ["book"] only=true
  empty
    output none
"#
        );
    }

    #[test]
    fn comments_and_literal_blocks_read_nothing() {
        let text = "{# {{ a.b }} #}{% comment %}{{ c.d }}{% endcomment %}{% verbatim %}{% for x in y %}{% endverbatim %}{% raw %}{{ e }}{% endraw %}{{ f }}";
        assert_eq!(outline(text), "output f\n");
        assert_eq!(parse(text).unwrap().comments, vec![0..15]);
    }

    #[test]
    fn jinja_sets_and_loop_else_are_read_and_unclosed_tags_are_not() {
        let text = "{% set n = p.comments|length %}{% for c in p.comments if c.ok %}{{ c.user }}{% else %}x{% endfor %}";
        assert_eq!(
            outline(text),
            "set n = p . comments | length\nfor Some(\"c\") in p . comments\n  output c . user\nempty\n"
        );
        assert!(parse("{{ a.b ").is_none());
        assert!(parse("{# never closed").is_none());
    }
}
