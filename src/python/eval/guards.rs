//! Tests that vouch for a variable when they come out one way: `col in ALLOWED`,
//! `re.fullmatch(r"\w+", name)`, `name.isidentifier()`, and their negations. `if`, `elif`
//! and `assert` trust the variable where the test is known to have come out that way —
//! inside the branch, or after a branch that always leaves (`if not …: raise`).

use ruff_python_ast::{BoolOp, CmpOp, Expr, ExprCall, Operator, Stmt, UnaryOp};

use super::calls::Call;
use super::identifier_pattern::{IdentifierPattern, identifier_pattern};
use crate::python::flow::{Analyzer, is_constant_name, is_literal};
use crate::python::value::{Origin, Trust, Value};

/// `str` methods true only of text made of letters, digits and `_`.
const CHARACTER_TESTS: [&str; 6] = [
    "isidentifier",
    "isalnum",
    "isalpha",
    "isdigit",
    "isdecimal",
    "isnumeric",
];

/// Flags that leave `^`, `$` and the pattern's characters as they are.
const HARMLESS_FLAGS: [&str; 6] = [
    "re.I",
    "re.IGNORECASE",
    "re.A",
    "re.ASCII",
    "re.U",
    "re.UNICODE",
];

impl Analyzer<'_, '_> {
    /// The variables `test` vouches for when it evaluates to `outcome`.
    pub(crate) fn validated(&self, test: &Expr, outcome: bool) -> Vec<String> {
        match test {
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => self.validated(&u.operand, !outcome),
            // `a and b` is true when both are; `a or b` is false when both are.
            Expr::BoolOp(b) if (b.op == BoolOp::And) == outcome => b
                .values
                .iter()
                .flat_map(|v| self.validated(v, outcome))
                .collect(),
            // `a and b` is false when either is (`x is not None and x not in ALLOWED`): what
            // every arm vouches for.
            Expr::BoolOp(b) => {
                let mut arms = b.values.iter().map(|v| self.validated(v, outcome));
                let first = arms.next().unwrap_or_default();
                arms.fold(first, |common, arm| {
                    common.into_iter().filter(|n| arm.contains(n)).collect()
                })
            }
            // A false name is `None`, empty or zero: nothing to inject.
            Expr::Name(name) if !outcome => vec![name.id.to_string()],
            Expr::Compare(c) => match (c.left.as_ref(), &*c.ops, &*c.comparators) {
                // `re.fullmatch(…) is None`, `x is None`
                (left, [op @ (CmpOp::Is | CmpOp::IsNot)], [Expr::NoneLiteral(_)]) => {
                    self.validated(left, outcome == (*op == CmpOp::IsNot))
                }
                // `if quoted == name:` (the quoting left it as it was), `if mode == "asc":`
                (left, [op @ (CmpOp::Eq | CmpOp::NotEq)], [right])
                    if outcome == (*op == CmpOp::Eq) =>
                {
                    [(left, right), (right, left)]
                        .into_iter()
                        .filter(|(_, other)| self.is_trusted_operand(other))
                        .filter_map(|(subject, _)| normalised_name(subject))
                        .collect()
                }
                (subject, [op @ (CmpOp::In | CmpOp::NotIn)], [collection])
                    if self.is_constant_collection(collection) && outcome == (*op == CmpOp::In) =>
                {
                    normalised_name(subject).into_iter().collect()
                }
                _ => Vec::new(),
            },
            Expr::Call(call) if outcome => self.validator_call(call).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    /// A literal, or a variable or constant holding trusted text: what equals it is as
    /// trusted.
    fn is_trusted_operand(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Name(name) => self
                .env
                .get(name.id.as_str())
                .or_else(|| self.module.known.constants.get(name.id.as_str()))
                .is_some_and(|value| value.trust() == Trust::Constant),
            other => is_literal(other),
        }
    }

    /// The variables `test` shows to hold no `]` when it evaluates to `outcome`
    /// (`"]" not in name`): between `[` and `]` such a name is one bracket-quoted name.
    pub(crate) fn without_close_bracket(&self, test: &Expr, outcome: bool) -> Vec<String> {
        match test {
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => {
                self.without_close_bracket(&u.operand, !outcome)
            }
            Expr::Compare(c) => match (c.left.as_ref(), &*c.ops, &*c.comparators) {
                (
                    Expr::StringLiteral(bracket),
                    [op @ (CmpOp::In | CmpOp::NotIn)],
                    [Expr::Name(name)],
                ) if bracket.value.to_str() == "]" && outcome == (*op == CmpOp::NotIn) => {
                    vec![name.id.to_string()]
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// The variable a call validates when it is true (or a match): `re.fullmatch(P, name)`,
    /// `PATTERN.match(name)`, `name.isidentifier()`, `str.isdigit(name)`.
    fn validator_call(&self, call: &ExprCall) -> Option<String> {
        let args = &call.arguments.args;
        let path = self.module.dotted(&call.func);
        let subject = match path.as_deref() {
            Some(path @ ("re.fullmatch" | "re.match")) => {
                let pattern = self.pattern(args.first()?)?;
                let flags = args.get(2).into_iter().chain(
                    call.arguments
                        .keywords
                        .iter()
                        .filter(|k| k.arg.as_ref().is_some_and(|a| a == "flags"))
                        .map(|k| &k.value),
                );
                if !validates(pattern, &path[3..]) || !self.harmless_flags(flags) {
                    return None;
                }
                args.get(1)?
            }
            _ => {
                let Expr::Attribute(attr) = call.func.as_ref() else {
                    return None;
                };
                let method = attr.attr.id.as_str();
                match &**args {
                    [] if CHARACTER_TESTS.contains(&method) => attr.value.as_ref(),
                    [subject]
                        if CHARACTER_TESTS.contains(&method)
                            && matches!(attr.value.as_ref(), Expr::Name(n) if n.id == "str") =>
                    {
                        subject
                    }
                    [subject] if validates(self.pattern(&attr.value)?, method) => subject,
                    _ => return None,
                }
            }
        };
        match subject {
            Expr::Name(name) => Some(name.id.to_string()),
            _ => None,
        }
    }

    /// The identifier pattern an expression is: a pattern literal (or a constant holding
    /// one), a compiled one, or `re.compile(…)` of one.
    fn pattern(&self, expr: &Expr) -> Option<IdentifierPattern> {
        if let Some(text) = self.literal_text(expr) {
            return identifier_pattern(&text);
        }
        match expr {
            Expr::Name(name) => match self.name(&name.id) {
                Value::Opaque {
                    origin: Origin::IdentifierPattern { anchored_end },
                    ..
                } => Some(IdentifierPattern { anchored_end }),
                _ => None,
            },
            Expr::Call(call) => self.compiled(call),
            _ => None,
        }
    }

    /// `re.compile(PATTERN, flags)` of an identifier pattern.
    fn compiled(&self, call: &ExprCall) -> Option<IdentifierPattern> {
        if self.module.dotted(&call.func).as_deref() != Some("re.compile") {
            return None;
        }
        let args = &call.arguments.args;
        let flags = args
            .get(1)
            .into_iter()
            .chain(call.arguments.keywords.iter().map(|k| &k.value));
        if !self.harmless_flags(flags) {
            return None;
        }
        self.pattern(args.first()?)
    }

    /// What `re.compile(…)` makes: a pattern that validates, or an opaque constant.
    pub(super) fn compiled_pattern(&self, call: &Call<'_>) -> Value {
        match self.compiled(call.expr) {
            Some(IdentifierPattern { anchored_end }) => {
                Value::opaque(Trust::Constant, Origin::IdentifierPattern { anchored_end })
            }
            None => Value::constant(),
        }
    }

    /// Whether every flag given is `re.I`, `re.A` or `re.U` (or several, `|`-ed).
    fn harmless_flags<'e>(&self, mut flags: impl Iterator<Item = &'e Expr>) -> bool {
        flags.all(|flag| match flag {
            Expr::BinOp(b) if b.op == Operator::BitOr => {
                self.harmless_flags([b.left.as_ref(), b.right.as_ref()].into_iter())
            }
            other => self
                .module
                .dotted(other)
                .is_some_and(|path| HARMLESS_FLAGS.contains(&path.as_str())),
        })
    }
}

/// `fullmatch` checks the whole string; `match` only when the pattern ends in `$`.
/// `search` never: it finds the pattern anywhere.
fn validates(pattern: IdentifierPattern, method: &str) -> bool {
    match method {
        "fullmatch" => true,
        "match" => pattern.anchored_end,
        _ => false,
    }
}

/// `name`, or `name.upper()` and the like: one of an allow-list's words in another case
/// (or with blanks around it) is still made of its characters.
fn normalised_name(subject: &Expr) -> Option<String> {
    match subject {
        Expr::Name(name) => Some(name.id.to_string()),
        Expr::Call(call) if call.arguments.is_empty() => match call.func.as_ref() {
            Expr::Attribute(attr) if NORMALISING_METHODS.contains(&attr.attr.id.as_str()) => {
                normalised_name(&attr.value)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `str` methods that change case or strip blanks, and add no character.
const NORMALISING_METHODS: [&str; 6] = ["upper", "lower", "casefold", "strip", "lstrip", "rstrip"];

impl Analyzer<'_, '_> {
    /// A literal collection, an UPPER_CASE name, or a class attribute written as a literal
    /// collection: `col in ("name", "email")`, `col in ALLOWED`, `mode in self.modes`
    /// where the class says `modes = frozenset(["A", "B"])`. (A local `seen = set()` is
    /// none: what is added to it later is not followed.)
    fn is_constant_collection(&self, collection: &Expr) -> bool {
        match collection {
            Expr::Name(n) => is_constant_name(&n.id),
            Expr::Attribute(a) => {
                is_constant_name(&a.attr.id)
                    || (matches!(a.value.as_ref(), Expr::Name(n) if n.id == "self" || n.id == "cls")
                        && self.class_collection(&a.attr.id))
            }
            other => is_literal_collection(other),
        }
    }

    /// Whether the analysed method's class assigns `name` a literal collection in its body.
    fn class_collection(&self, name: &str) -> bool {
        let Some(class) = self.class else {
            return false;
        };
        self.module.body.iter().any(|stmt| match stmt {
            Stmt::ClassDef(def) if def.name.id == class => def.body.iter().any(|stmt| {
                let (targets, value): (&[Expr], &Expr) = match stmt {
                    Stmt::Assign(a) => (&a.targets, &a.value),
                    Stmt::AnnAssign(a) => match &a.value {
                        Some(value) => (std::slice::from_ref(&*a.target), value),
                        None => return false,
                    },
                    _ => return false,
                };
                matches!(targets, [Expr::Name(t)] if t.id == name) && is_literal_collection(value)
            }),
            _ => false,
        })
    }
}

/// A collection of literals, written out or given to `frozenset`, `set`, `tuple` or
/// `list`.
fn is_literal_collection(collection: &Expr) -> bool {
    match collection {
        Expr::List(l) => l.elts.iter().all(is_literal),
        Expr::Tuple(t) => t.elts.iter().all(is_literal),
        Expr::Set(s) => s.elts.iter().all(is_literal),
        Expr::Dict(d) => d
            .items
            .iter()
            .all(|i| i.key.as_ref().is_some_and(is_literal)),
        Expr::Call(call) => {
            matches!(call.func.as_ref(), Expr::Name(n) if matches!(n.id.as_str(), "frozenset" | "set" | "tuple" | "list"))
                && call.arguments.keywords.is_empty()
                && matches!(&*call.arguments.args, [only] if is_literal_collection(only))
        }
        _ => false,
    }
}
