//! What a rule reports: a finding with a stable code, a place, and words for a human.

use rustc_hash::FxHashSet;
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" => Some(Self::Info),
            "warning" => Some(Self::Warning),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Security,
    Performance,
    AntiPattern,
    Correctness,
    Syntax,
    /// sqlhound's own notes: suppressions, unreadable files, internal errors.
    Tool,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Self::Security,
        Self::Performance,
        Self::AntiPattern,
        Self::Correctness,
        Self::Syntax,
        Self::Tool,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Security => "security",
            Self::Performance => "performance",
            Self::AntiPattern => "anti-pattern",
            Self::Correctness => "correctness",
            Self::Syntax => "syntax",
            Self::Tool => "tool",
        }
    }
}

/// How sure a rule is that a finding is real.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// Whether applying a fix keeps the program's meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Same meaning, apply without review.
    Safe,
    /// Changes behaviour (usually what was meant); review before applying.
    Unsafe,
}

/// Replace `span` (bytes in the file) with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A secondary place that tells the second half of the story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub message: Words,
}

/// One finding in one file. Spans are byte ranges into the file's text. A file can have
/// hundreds of thousands of findings (a dump of `INSERT`s without columns), all kept until
/// the report is written: their words are borrowed or shared (`Words`), a fix is boxed.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: Words,
    pub span: Range<usize>,
    pub labels: Vec<Label>,
    pub help: Option<Words>,
    pub fix: Option<Box<Fix>>,
    /// The other places a note stands for, when identical notes were folded into one (40
    /// queries not explained because one table is locked); boxed, as it is rare.
    pub alike: Option<Box<[Place]>>,
}

/// A place in a file other than the diagnostic's own, as users read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    /// 1-based line and character column.
    pub line: usize,
    pub column: usize,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, span: Range<usize>, message: impl Into<Words>) -> Self {
        Self {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
            alike: None,
        }
    }

    pub fn help(mut self, help: impl Into<Words>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, span: Range<usize>, message: impl Into<Words>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }
}

/// The words of a finding: fixed text is borrowed; built text is shared by the findings of
/// a file that say the same (`SharedWords`), such as every row of a dump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Words {
    Fixed(&'static str),
    Built(Arc<str>),
}

impl Deref for Words {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Self::Fixed(text) => text,
            Self::Built(text) => text,
        }
    }
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl From<&'static str> for Words {
    fn from(text: &'static str) -> Self {
        Self::Fixed(text)
    }
}

impl From<String> for Words {
    fn from(text: String) -> Self {
        Self::Built(text.into())
    }
}

/// The built words seen in one file, so findings that say the same hold them once.
#[derive(Default)]
pub struct SharedWords(FxHashSet<Arc<str>>);

impl SharedWords {
    pub fn share(&mut self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics {
            self.share_one(&mut diagnostic.message);
            if let Some(help) = &mut diagnostic.help {
                self.share_one(help);
            }
            for label in &mut diagnostic.labels {
                self.share_one(&mut label.message);
            }
        }
    }

    fn share_one(&mut self, words: &mut Words) {
        if let Words::Built(text) = words {
            match self.0.get(text) {
                Some(known) => *text = Arc::clone(known),
                None => {
                    self.0.insert(Arc::clone(text));
                }
            }
        }
    }
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

/// Whether the rule offers a fix, and how safe applying it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fixable {
    None,
    Safe,
    Unsafe,
}

impl Fixable {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

/// What a rule is, independent of any finding. The same facts sit in the front matter of
/// its doc in `rules/`; a test keeps the two in step.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    pub confidence: Confidence,
    pub fixable: Fixable,
    /// Rules off by default are audit aids a user opts into with `select`.
    pub default_enabled: bool,
    /// One line for `sqlhound rules` and tool metadata.
    pub summary: &'static str,
    /// The Markdown doc from `rules/`, embedded.
    pub doc: &'static str,
}

/// Rules are identified by their code.
impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for RuleMeta {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tool::SYNTAX_ERROR;

    #[test]
    fn findings_that_say_the_same_share_their_words() {
        let finding = |n: usize| {
            Diagnostic::new(&SYNTAX_ERROR, n..n, format!("about `{}`", n % 2)).help("fixed")
        };
        let mut findings: Vec<_> = (0..4).map(finding).collect();
        SharedWords::default().share(&mut findings);
        let built = |d: &Diagnostic| match &d.message {
            Words::Built(text) => Arc::clone(text),
            Words::Fixed(_) => panic!("built words expected"),
        };
        assert!(Arc::ptr_eq(&built(&findings[0]), &built(&findings[2])));
        assert!(!Arc::ptr_eq(&built(&findings[0]), &built(&findings[1])));
        assert_eq!(&*findings[3].message, "about `1`");
        assert_eq!(findings[3].help, Some(Words::Fixed("fixed")));
    }
}
