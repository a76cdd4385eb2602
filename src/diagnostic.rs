//! What a rule reports: a finding with a stable code, a place, and words for a human.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::rules::RuleMeta;

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
    pub message: Cow<'static, str>,
}

/// One finding in one file. Spans are byte ranges into the file's text. A file can have
/// hundreds of thousands of findings (a dump of `INSERT`s without columns), all kept until
/// the report is written: fixed words are borrowed, not copied, and a fix is boxed.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: Cow<'static, str>,
    pub span: Range<usize>,
    pub labels: Vec<Label>,
    pub help: Option<Cow<'static, str>>,
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static RuleMeta,
        span: Range<usize>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, span: Range<usize>, message: impl Into<Cow<'static, str>>) -> Self {
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

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}
