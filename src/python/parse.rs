//! The only module that calls the Python parser: ruff's error-recovering parser gives an
//! AST even for a file with syntax errors, so the parts that parse are still checked.

use std::ops::Range;

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{ModModule, PySourceType};
use ruff_python_parser::parse_unchecked_source;
use ruff_text_size::Ranged;

#[derive(Clone)]
pub struct SyntaxError {
    pub message: String,
    pub range: Range<usize>,
}

pub struct ParsedPython {
    pub module: ModModule,
    pub comments: Vec<Range<usize>>,
    /// Strings (plain, f- and t-strings) that span several lines, outermost only, in order.
    /// A suppression comment after such a string covers every finding inside it.
    pub multiline_strings: Vec<Range<usize>>,
    /// The parentheses of calls that span several lines, in order of their `(`. A
    /// suppression on any line of a call covers the findings inside it.
    pub multiline_calls: Vec<Range<usize>>,
    /// The first syntax error, with the count of the others in its message.
    pub error: Option<SyntaxError>,
}

pub fn parse(text: &str) -> ParsedPython {
    let parsed = parse_unchecked_source(text, PySourceType::Python);
    let comments = parsed
        .tokens()
        .iter()
        .filter(|t| t.kind() == TokenKind::Comment)
        .map(|t| t.range().start().to_usize()..t.range().end().to_usize())
        .collect();
    let multiline_strings = multiline_strings(text, parsed.tokens());
    let multiline_calls = multiline_calls(text, parsed.tokens());
    let errors = parsed.errors();
    let error = errors.first().map(|first| {
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        SyntaxError {
            message: format!("Python syntax error: {}{more}", first.error),
            range: first.location.start().to_usize()..first.location.end().to_usize(),
        }
    });
    ParsedPython {
        module: parsed.into_syntax(),
        comments,
        multiline_strings,
        multiline_calls,
        error,
    }
}

/// The `(…)` of each call (a `(` right after a name, a `)` or a `]`) that spans lines.
fn multiline_calls(text: &str, tokens: &[ruff_python_ast::token::Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // For each open bracket: where it opened, if it opened a call.
    let mut open: Vec<Option<usize>> = Vec::new();
    let mut previous = None;
    for token in tokens.iter().filter(|t| !t.kind().is_trivia()) {
        let (start, end) = (
            token.range().start().to_usize(),
            token.range().end().to_usize(),
        );
        match token.kind() {
            TokenKind::Lpar => open.push(
                matches!(
                    previous,
                    Some(TokenKind::Name | TokenKind::Rpar | TokenKind::Rsqb)
                )
                .then_some(start),
            ),
            TokenKind::Lsqb | TokenKind::Lbrace => open.push(None),
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                if let Some(Some(call)) = open.pop()
                    && text
                        .get(call..end)
                        .is_some_and(|t| t.contains(['\n', '\r']))
                {
                    out.push(call..end);
                }
            }
            _ => {}
        }
        previous = Some(token.kind());
    }
    out.sort_by_key(|call| call.start);
    out
}

fn multiline_strings(text: &str, tokens: &[ruff_python_ast::token::Token]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut open_fstrings = Vec::new();
    for token in tokens {
        let range = token.range().start().to_usize()..token.range().end().to_usize();
        let whole = match token.kind() {
            TokenKind::FStringStart | TokenKind::TStringStart => {
                open_fstrings.push(range.start);
                continue;
            }
            TokenKind::FStringEnd | TokenKind::TStringEnd => match open_fstrings.pop() {
                Some(start) => start..range.end,
                None => continue,
            },
            TokenKind::String => range,
            _ => continue,
        };
        // Nested f-strings close first; the enclosing one replaces them.
        while out.last().is_some_and(|last| last.start >= whole.start) {
            out.pop();
        }
        if text
            .get(whole.clone())
            .is_some_and(|t| t.contains(['\n', '\r']))
        {
            out.push(whole);
        }
    }
    out
}

/// Where IPython's escape commands are in a notebook's code — `%timeit f()`, `!pip install
/// x`, `?obj`, `obj?`, `x = %sql …` — as the parser's IPython mode reads them, so that
/// neither a string nor a comment holding a `%` is taken for one. In order.
pub fn escape_commands(text: &str) -> Vec<Range<usize>> {
    use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
    use ruff_python_ast::{Expr, Stmt};

    #[derive(Default)]
    struct Commands(Vec<Range<usize>>);
    impl<'a> Visitor<'a> for Commands {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            match stmt {
                Stmt::IpyEscapeCommand(command) => self.0.push(to_range(command.range())),
                _ => walk_stmt(self, stmt),
            }
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            match expr {
                Expr::IpyEscapeCommand(command) => self.0.push(to_range(command.range())),
                _ => walk_expr(self, expr),
            }
        }
    }
    fn to_range(range: ruff_text_size::TextRange) -> Range<usize> {
        range.start().to_usize()..range.end().to_usize()
    }

    let parsed = parse_unchecked_source(text, PySourceType::Ipynb);
    let mut commands = Commands::default();
    for stmt in &parsed.syntax().body {
        commands.visit_stmt(stmt);
    }
    commands.0.sort_by_key(|r| r.start);
    commands.0
}
