//! sqlhound's own diagnostics (SH9xx): reported by the engine, not by a SQL check.

use crate::diagnostic::{Category, Confidence, Fixable, RuleMeta, Severity};

const fn tool_rule(
    code: &'static str,
    name: &'static str,
    category: Category,
    default_severity: Severity,
    summary: &'static str,
    doc: &'static str,
) -> RuleMeta {
    RuleMeta {
        code,
        name,
        category,
        default_severity,
        confidence: Confidence::High,
        fixable: Fixable::None,
        default_enabled: true,
        summary,
        doc,
    }
}

pub static SYNTAX_ERROR: RuleMeta = tool_rule(
    "SH901",
    "syntax-error",
    Category::Syntax,
    Severity::Error,
    "a statement does not parse in the configured dialect",
    include_str!("../../rules/SH901-syntax-error.md"),
);

pub static INVALID_SUPPRESSION: RuleMeta = tool_rule(
    "SH902",
    "invalid-suppression",
    Category::Tool,
    Severity::Warning,
    "a sqlhound suppression comment is malformed or names no rule",
    include_str!("../../rules/SH902-invalid-suppression.md"),
);

pub static UNKNOWN_SUPPRESSION: RuleMeta = tool_rule(
    "SH903",
    "unknown-suppression",
    Category::Tool,
    Severity::Warning,
    "a suppression comment names a rule that does not exist",
    include_str!("../../rules/SH903-unknown-suppression.md"),
);

pub static UNUSED_SUPPRESSION: RuleMeta = RuleMeta {
    fixable: Fixable::Safe,
    ..tool_rule(
        "SH904",
        "unused-suppression",
        Category::Tool,
        Severity::Warning,
        "a suppression comment suppresses nothing",
        include_str!("../../rules/SH904-unused-suppression.md"),
    )
};

pub static UNREADABLE_FILE: RuleMeta = tool_rule(
    "SH905",
    "unreadable-file",
    Category::Tool,
    Severity::Error,
    "a file could not be read or decoded as text and was not checked",
    include_str!("../../rules/SH905-unreadable-file.md"),
);

pub static PYTHON_SYNTAX_ERROR: RuleMeta = tool_rule(
    "SH906",
    "python-syntax-error",
    Category::Syntax,
    Severity::Error,
    "a Python file does not parse; the parts that do are still checked",
    include_str!("../../rules/SH906-python-syntax-error.md"),
);

pub static NOT_EXPLAINED: RuleMeta = tool_rule(
    "SH907",
    "not-explained",
    Category::Tool,
    Severity::Info,
    "with --database-url, a query PostgreSQL could not plan, and why",
    include_str!("../../rules/SH907-not-explained.md"),
);

pub static INTERNAL_ERROR: RuleMeta = tool_rule(
    "SH999",
    "internal-error",
    Category::Tool,
    Severity::Error,
    "sqlhound failed while checking a file (a bug; please report it)",
    include_str!("../../rules/SH999-internal-error.md"),
);
