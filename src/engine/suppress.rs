//! Suppression comments: `-- sqlhound: ignore[select-star]` (or `# …` in Python) on the
//! offending line or the line above, `sqlhound: ignore-file[…]` anywhere in the file.
//!
//! Strict on purpose: a bare `ignore` (SH902), an unknown rule (SH903) and a suppression
//! that hides nothing (SH904) are reported, so silenced findings never outlive their cause.
//!
//! flake8's `# noqa: SH001` (or `-- noqa: SH201`) is read too, for sqlhound's codes only:
//! the other codes of the list are other tools', and a bare `noqa` silences nothing here.

use std::ops::Range;

use super::suppress_removal::ListLayout;
use crate::diagnostic::{Applicability, Diagnostic, Fix, RuleMeta};
use crate::rules::{self, tool};
use crate::settings::did_you_mean;
use crate::source::{CommentLayout, LineIndex};

pub const MARKER: &str = "sqlhound:";

struct Entry {
    rule: &'static RuleMeta,
    /// The rule's name or code inside the comment.
    span: Range<usize>,
    used: bool,
}

/// One suppression comment.
struct Directive {
    /// 0-based line the suppression covers; `None` for the whole file.
    line: Option<usize>,
    entries: Vec<Entry>,
    layout: ListLayout,
}

#[derive(Default)]
pub struct Suppressions {
    /// The file-level ones first, then by the line they cover.
    directives: Vec<Directive>,
    /// How many are file-level.
    whole_file: usize,
    problems: Vec<Diagnostic>,
    multiline_strings: Vec<Range<usize>>,
    multiline_calls: Vec<Range<usize>>,
}

impl Suppressions {
    /// Reads suppressions from the comments of a file.
    pub fn parse(text: &str, lines: &LineIndex, layout: &CommentLayout) -> Self {
        let comments = &layout.comments;
        let mut out = Self {
            multiline_strings: layout.multiline_strings.clone(),
            multiline_calls: layout.multiline_calls.clone(),
            ..Self::default()
        };
        for comment in comments {
            let Some(body) = text.get(comment.clone()) else {
                continue;
            };
            let Some(at) = body.find(MARKER) else {
                out.parse_noqa(text, lines, comments, comment, body);
                continue;
            };
            let directive_start = comment.start + at + MARKER.len();
            let directive = strip_comment_end(&text[directive_start..comment.end]);
            let lead = directive.len() - directive.trim_start().len();
            out.parse_directive(
                text,
                lines,
                comments,
                comment,
                directive_start + lead,
                directive.trim_start(),
            );
        }
        // Sorted, a finding finds its suppressions by binary search: a file can have tens
        // of thousands (`--add-noqa` on a dump).
        out.directives
            .sort_by_key(|d| d.line.map_or((0, 0), |line| (1, line)));
        out.whole_file = out.directives.iter().filter(|d| d.line.is_none()).count();
        out
    }

    fn parse_directive(
        &mut self,
        text: &str,
        lines: &LineIndex,
        comments: &[Range<usize>],
        comment: &Range<usize>,
        start: usize,
        directive: &str,
    ) {
        let (whole_file, rest) = if let Some(rest) = directive.strip_prefix("ignore-file") {
            (true, rest)
        } else if let Some(rest) = directive.strip_prefix("ignore") {
            (false, rest)
        } else {
            self.invalid(start..start + directive.trim_end().len(), "unknown sqlhound directive: use `sqlhound: ignore[rule]` or `sqlhound: ignore-file[rule]`");
            return;
        };
        let list_start = start + (directive.len() - rest.len());
        let list = rest.trim_end();
        let inner = list.strip_prefix('[').and_then(|l| l.strip_suffix(']'));
        let Some(inner) = inner.filter(|i| !i.trim().is_empty()) else {
            self.invalid(
                start..list_start + list.len(),
                "a suppression must name the rules it silences, e.g. `sqlhound: ignore[select-star]`",
            );
            return;
        };
        let inner_start = list_start + 1;
        let mut items = Vec::new();
        let mut offset = 0;
        for part in inner.split(',') {
            let trimmed = part.trim();
            let lead = part.len() - part.trim_start().len();
            let span = inner_start + offset + lead..inner_start + offset + lead + trimmed.len();
            offset += part.len() + 1;
            if !trimmed.is_empty() {
                items.push((span, true));
            }
        }
        let line = (!whole_file).then(|| covered_line(text, lines, comments, comment));
        let marker = text[comment.start..start]
            .rfind(MARKER)
            .map_or(start, |at| comment.start + at);
        self.push(
            text,
            lines,
            line,
            items,
            marker..list_start + list.len(),
            comment,
        );
    }

    /// Records a suppression. `items` are the names of its list, each with whether it is
    /// for sqlhound (a `noqa` list also names other tools' codes).
    fn push(
        &mut self,
        text: &str,
        lines: &LineIndex,
        line: Option<usize>,
        items: Vec<(Range<usize>, bool)>,
        directive: Range<usize>,
        comment: &Range<usize>,
    ) {
        let mut entries = Vec::new();
        let mut layout_items = Vec::new();
        for (span, ours) in items {
            let entry = if ours {
                self.entry(&text[span.clone()], span.clone())
            } else {
                None
            };
            layout_items.push((span, entry.is_some().then_some(entries.len())));
            entries.extend(entry);
        }
        let layout = ListLayout::new(text, lines, layout_items, directive, comment.clone());
        self.directives.push(Directive {
            line,
            entries,
            layout,
        });
    }

    /// `noqa: SH001, E501 why`: an entry for each sqlhound code of the list, which ends at
    /// the first word that is not a code.
    fn parse_noqa(
        &mut self,
        text: &str,
        lines: &LineIndex,
        comments: &[Range<usize>],
        comment: &Range<usize>,
        body: &str,
    ) {
        let Some(at) = body.to_ascii_lowercase().find("noqa") else {
            return;
        };
        let after = &body[at + 4..];
        let Some(list) = after.trim_start().strip_prefix(':') else {
            return;
        };
        let list_start = comment.start + body.len() - list.len();
        let mut items = Vec::new();
        let mut offset = 0;
        for word in list.split_inclusive([',', ' ', '\t']) {
            let code = word.trim_end_matches([',', ' ', '\t']);
            let start = list_start + offset;
            offset += word.len();
            if code.is_empty() {
                continue;
            }
            if !is_code(code) {
                break;
            }
            items.push((start..start + code.len(), code.starts_with("SH")));
        }
        if let Some(end) = items
            .iter()
            .any(|(_, ours)| *ours)
            .then(|| items.last().map(|(span, _)| span.end))
            .flatten()
        {
            let line = covered_line(text, lines, comments, comment);
            self.push(
                text,
                lines,
                Some(line),
                items,
                comment.start + at..end,
                comment,
            );
        }
    }

    /// The entry for a rule named in a suppression, or an `unknown-suppression` finding.
    fn entry(&mut self, name: &str, span: Range<usize>) -> Option<Entry> {
        if let Some(rule) = rules::find(name) {
            return Some(Entry {
                rule,
                span,
                used: false,
            });
        }
        let names = rules::all().flat_map(|r| [r.name, r.code]);
        let hint = did_you_mean(name, names)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        self.problems.push(
            Diagnostic::new(
                &tool::UNKNOWN_SUPPRESSION,
                span,
                format!("no rule is named `{name}`{hint}"),
            )
            .help("name a rule by code or name; `sqlhound rules` lists them"),
        );
        None
    }

    fn invalid(&mut self, span: Range<usize>, message: &'static str) {
        self.problems.push(
            Diagnostic::new(&tool::INVALID_SUPPRESSION, span, message)
                .help("write `sqlhound: ignore[rule-name]`; `sqlhound rules` lists the names"),
        );
    }

    /// Drops suppressed findings and adds the suppression problems. `enabled` says which
    /// rules ran: a suppression of a rule that did not run is not judged unused.
    pub fn apply(
        mut self,
        text: &str,
        diagnostics: Vec<Diagnostic>,
        lines: &LineIndex,
        enabled: impl Fn(&RuleMeta) -> bool,
    ) -> Vec<Diagnostic> {
        let mut kept: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| !self.suppress(d, lines))
            .collect();
        let mut problems = std::mem::take(&mut self.problems);
        problems.extend(
            self.directives
                .iter()
                .filter_map(|directive| unused(text, directive, &enabled)),
        );
        kept.extend(
            problems
                .into_iter()
                .filter(|d| enabled(d.rule) && !self.suppress(d, lines)),
        );
        kept
    }

    fn suppress(&mut self, diagnostic: &Diagnostic, lines: &LineIndex) -> bool {
        let rule = diagnostic.rule;
        let (in_file, by_line) = self.directives.split_at_mut(self.whole_file);
        let in_file = in_file
            .iter_mut()
            .flat_map(|d| &mut d.entries)
            .find(|e| e.rule == rule);
        if let Some(entry) = in_file {
            entry.used = true;
            return true;
        }
        let span = widened(
            &self.multiline_strings,
            &self.multiline_calls,
            diagnostic.span.clone(),
        );
        let first = lines.line_of(span.start);
        let last = lines.line_of(span.end.saturating_sub(1).max(span.start));
        let from = by_line.partition_point(|d| d.line < Some(first));
        let mut hit = false;
        for entry in by_line[from..]
            .iter_mut()
            .take_while(|d| d.line <= Some(last))
            .flat_map(|d| &mut d.entries)
            .filter(|e| e.rule == rule)
        {
            entry.used = true;
            hit = true;
        }
        hit
    }
}

/// The `unused-suppression` finding of a suppression whose names silence nothing, with the
/// fix that takes them back.
fn unused(
    text: &str,
    directive: &Directive,
    enabled: impl Fn(&RuleMeta) -> bool,
) -> Option<Diagnostic> {
    let unused: Vec<usize> = (0..directive.entries.len())
        .filter(|&i| {
            let entry = &directive.entries[i];
            !entry.used && enabled(entry.rule)
        })
        .collect();
    let (first, last) = (unused.first()?, unused.last()?);
    let entries = &directive.entries;
    let names: Vec<String> = unused
        .iter()
        .map(|&i| format!("`{}`", entries[i].rule.name))
        .collect();
    let (message, fix) = match names.as_slice() {
        [one] => (
            format!("suppression of {one} silences nothing here"),
            format!("remove the suppression of {one}"),
        ),
        [rest @ .., tail] => (
            format!(
                "suppressions of {} and {tail} silence nothing here",
                rest.join(", ")
            ),
            format!("remove the suppressions of {} and {tail}", rest.join(", ")),
        ),
        [] => return None,
    };
    let diagnostic = Diagnostic::new(
        &tool::UNUSED_SUPPRESSION,
        entries[*first].span.start..entries[*last].span.end,
        message,
    )
    .help("remove it; the finding it was for is gone")
    .fix(Fix {
        message: fix,
        applicability: Applicability::Safe,
        edits: vec![directive.layout.without(text, &unused)],
    });
    Some(diagnostic)
}

/// The lines a suppression of the finding may sit on: grown to the multi-line string it
/// sits in, and to the innermost multi-line call around it (the call that runs it), whose
/// closing `)` line is as much the finding's as its first.
fn widened(strings: &[Range<usize>], calls: &[Range<usize>], span: Range<usize>) -> Range<usize> {
    let at = strings.partition_point(|s| s.start <= span.start);
    let span = match at.checked_sub(1).map(|i| &strings[i]) {
        Some(string) if span.start < string.end => {
            string.start.min(span.start)..string.end.max(span.end)
        }
        _ => span,
    };
    let before = calls.partition_point(|c| c.start <= span.start);
    match calls[..before]
        .iter()
        .rev()
        .find(|call| span.end <= call.end)
    {
        Some(call) => call.start..call.end,
        None => span,
    }
}

/// The 0-based line a suppression comment covers: its own, after code; the next line of
/// code when it stands alone on its line.
fn covered_line(
    text: &str,
    lines: &LineIndex,
    comments: &[Range<usize>],
    comment: &Range<usize>,
) -> usize {
    let comment_line = lines.line_of(comment.start);
    let last_line = lines.line_of(comment.end.saturating_sub(1));
    let before = &text[lines.line_range(text, comment_line).start..comment.start];
    let after = &text[comment.end..lines.line_range(text, last_line).end.max(comment.end)];
    if before.trim().is_empty() && after.trim().is_empty() {
        next_code_line(text, lines, comments, last_line + 1)
    } else {
        comment_line
    }
}

/// A flake8-style code: letters, then digits (`SH001`, `E501`, `LT01`).
fn is_code(word: &str) -> bool {
    let digits = word.trim_start_matches(|c: char| c.is_ascii_uppercase());
    digits.len() < word.len() && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// The first line at or after `from` that holds code: not blank, not only a comment. An
/// own-line suppression covers it, so other comments may sit in between.
fn next_code_line(text: &str, lines: &LineIndex, comments: &[Range<usize>], from: usize) -> usize {
    (from..lines.line_count())
        .find(|&line| {
            let range = lines.line_range(text, line);
            let content = &text[range.clone()];
            let trimmed = content.trim();
            if trimmed.is_empty() {
                return false;
            }
            let start = range.start + (content.len() - content.trim_start().len());
            let end = start + trimmed.len();
            // Comments are in order and do not overlap: only the last one starting at or
            // before the line's text can hold all of it.
            let at = comments.partition_point(|c| c.start <= start);
            at.checked_sub(1).is_none_or(|i| comments[i].end < end)
        })
        .unwrap_or(from)
}

/// A directive without the end of its comment: `*/`, or a Jinja comment's `#}` / `-#}`.
fn strip_comment_end(directive: &str) -> &str {
    let trimmed = directive.trim_end();
    if let Some(jinja) = trimmed.strip_suffix("#}") {
        return jinja.strip_suffix('-').unwrap_or(jinja);
    }
    trimmed.strip_suffix("*/").unwrap_or(directive)
}
