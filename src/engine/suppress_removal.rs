//! Taking back what a suppression no longer silences: the safe fix of `unused-suppression`
//! (SH904). The names that still silence something stay, written as they were; a comment
//! left saying nothing goes, with its line when it stood alone.

use std::ops::Range;

use crate::diagnostic::Edit;
use crate::source::LineIndex;

/// Where a suppression's names sit in its comment, read when it is parsed.
pub struct ListLayout {
    /// Every name of the list as written, in order, with the index of its entry (none for
    /// an unknown name or another tool's `noqa` code, which stay).
    items: Vec<Item>,
    /// From the first name to the last: rewritten when some names stay.
    names: Range<usize>,
    /// Written between the names that stay.
    separator: String,
    /// Removed when no name stays: the whole comment (and its line, if it was alone on it)
    /// when the directive was all it said, else the directive.
    emptied: Range<usize>,
}

struct Item {
    span: Range<usize>,
    entry: Option<usize>,
}

impl ListLayout {
    /// `items` are the list's names with their entry indexes; `directive` spans the marker
    /// (`sqlhound:` or `noqa`) to the end of the list; `comment` the comment it is in.
    pub fn new(
        text: &str,
        lines: &LineIndex,
        items: Vec<(Range<usize>, Option<usize>)>,
        directive: Range<usize>,
        comment: Range<usize>,
    ) -> Self {
        let items: Vec<Item> = items
            .into_iter()
            .map(|(span, entry)| Item { span, entry })
            .collect();
        let names = match (items.first(), items.last()) {
            (Some(first), Some(last)) => first.span.start..last.span.end,
            _ => directive.clone(),
        };
        let separator = match items.get(..2) {
            Some([a, b]) => text[a.span.end..b.span.start].to_string(),
            _ => ", ".to_string(),
        };
        Self {
            items,
            names,
            separator,
            emptied: emptied(text, lines, directive, comment),
        }
    }

    /// The edit that drops the `unused` entries from the list.
    pub fn without(&self, text: &str, unused: &[usize]) -> Edit {
        let kept: Vec<&str> = self
            .items
            .iter()
            .filter(|item| item.entry.is_none_or(|e| !unused.contains(&e)))
            .map(|item| &text[item.span.clone()])
            .collect();
        if kept.is_empty() {
            return Edit {
                span: self.emptied.clone(),
                replacement: String::new(),
            };
        }
        Edit {
            span: self.names.clone(),
            replacement: kept.join(&self.separator),
        }
    }
}

/// What to remove when a directive is left with no name.
fn emptied(
    text: &str,
    lines: &LineIndex,
    directive: Range<usize>,
    comment: Range<usize>,
) -> Range<usize> {
    // Comment delimiters of Python, SQL and Jinja (`{# … #}`) say nothing.
    let says_nothing = |part: &str| {
        part.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '#' | '-' | '/' | '*' | '{' | '}')
        })
        .is_empty()
    };
    let only_directive = says_nothing(&text[comment.start..directive.start])
        && says_nothing(&text[directive.end..comment.end]);
    if !only_directive {
        // Only the directive goes, with the blanks before it: `# why  sqlhound: ignore[x]`.
        let before = text[comment.start..directive.start].trim_end().len();
        return comment.start + before..directive.end;
    }
    let first = lines.line_range(text, lines.line_of(comment.start));
    let last = lines.line_range(text, lines.line_of(comment.end.saturating_sub(1)));
    let before = &text[first.start..comment.start];
    let after = &text[comment.end..last.end.max(comment.end)];
    match (before.trim().is_empty(), after.trim().is_empty()) {
        // Alone on its lines: the lines go, line breaks included.
        (true, true) => {
            let next = lines.line_range(text, lines.line_of(last.end) + 1).start;
            first.start..next.max(last.end)
        }
        // After code: the comment and the blanks before it.
        (false, true) => first.start + before.trim_end().len()..last.end,
        // Before code (`/* … */ UPDATE …`): the comment and the blanks after it.
        _ => comment.start..comment.end + (after.len() - after.trim_start().len()),
    }
}
