//! The string model: a Python value that may hold SQL, as text pieces (mapped to the file)
//! and holes (interpolated values of known or unknown trust). String building — f-strings,
//! `%`, `.format`, `+`, `join`, `replace` — is evaluated on this model, never on raw text.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use super::literal::Decoded;

/// How far a value can be trusted not to carry attacker-controlled text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Trust {
    /// Literals, module constants, allow-listed or safely quoted identifiers.
    Constant,
    /// Converted with `int()`/`float()`/`%d`: a number, though still not a parameter.
    Coerced,
    Untrusted,
}

/// What produced an interpolated value, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Parameter(usize),
    LoopVariable,
    /// An item of parameter *k* (`for char in sql:`): a loop variable, but what a caller
    /// passes as *k* is what it holds (`"".join(chars)` is the caller's text again).
    ParameterItem(usize),
    Call,
    Attribute,
    Subscript,
    Name,
    /// The web framework's request object (`from flask import request`) and what is read
    /// off it (`request.args["q"]`).
    RequestData,
    Expression,
    /// A quoting function itself (`qn = connection.ops.quote_name`): calling it is safe.
    QuoteFunction,
    /// A function of the module itself, named (`escape = _quote_name`): calling the
    /// alias calls it.
    Function(Arc<str>),
    /// `os.environ[…]`, `os.getenv(…)`: set by whoever runs the program.
    Environment,
    /// `sys.argv[…]`, `parser.parse_args()`: given by whoever runs the program.
    CommandLine,
    /// `input()`, `sys.stdin`: typed or piped in while the program runs.
    ConsoleInput,
    /// A function or object the config names in `sources`.
    ConfiguredSource,
    /// A value with every closing quote `close` doubled (`name.replace('"', '""')`): between
    /// an opening and a closing quote it is one quoted identifier.
    Escaped(char),
    /// Drawn by a property-based test from a strategy of any text (`@given(s=st.text())`).
    Generated,
    /// A `uuid.UUID` (`uuid4()`): its text is hex digits and dashes.
    Uuid,
    /// A `datetime`, `date` or `time`: its text is digits and separators.
    DateTime,
    /// An attribute `__init__` set from its parameter `name` (`self.value = value`), the
    /// `position`th after `self` unless keyword-only: what a construction in sight passed as
    /// that parameter is what it holds.
    InitArgument {
        position: Option<usize>,
        name: Arc<str>,
    },
    /// A model's definition (`model._meta`, a schema editor's fields) and what is read off
    /// it: names, types and defaults written in code.
    Schema,
    /// Rows of a query that reads only the database's description of its own schema (the
    /// system catalogs, `SHOW TABLES`, `PRAGMA`): names whoever can change them already
    /// runs DDL.
    Catalog,
    /// A compiled regular expression that matches only identifier characters
    /// (`re.compile(r"^\w+$")`): `fullmatch` with it validates a value, and so does `match`
    /// when the pattern is anchored at its end.
    IdentifierPattern {
        anchored_end: bool,
    },
}

impl Origin {
    /// The parameter a value is, or is an item of.
    pub fn parameter(&self) -> Option<usize> {
        match self {
            Self::Parameter(index) | Self::ParameterItem(index) => Some(*index),
            _ => None,
        }
    }

    /// Input from outside the code that reads it: what is read off it is that input too,
    /// and test code is reported only for these.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Self::RequestData
                | Self::Environment
                | Self::CommandLine
                | Self::ConsoleInput
                | Self::ConfiguredSource
                | Self::Generated
        )
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Self::Parameter(_) => "function parameter",
            Self::LoopVariable | Self::ParameterItem(_) => "loop variable",
            Self::Call => "call result",
            Self::Attribute | Self::InitArgument { .. } => "attribute",
            Self::Subscript => "subscript",
            Self::Name => "variable",
            Self::RequestData => "request data",
            Self::ConfiguredSource => "configured source",
            Self::Environment => "environment variable",
            Self::CommandLine => "command-line argument",
            Self::ConsoleInput => "console input",
            Self::Generated => "generated test input",
            Self::Escaped(_) => "call result",
            Self::Uuid => "UUID",
            Self::DateTime => "date or time",
            Self::Schema => "model metadata",
            Self::Catalog => "database catalog",
            Self::Expression
            | Self::QuoteFunction
            | Self::Function(_)
            | Self::IdentifierPattern { .. } => "expression",
        }
    }
}

/// How a value got into the string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    FString,
    Percent,
    Format,
    Concat,
    Join,
    Replace,
    /// Written by the library into its own statement as a table name (Airflow's
    /// `insert_rows(table, rows)`).
    TableName,
    /// A t-string field: a parameter for drivers that take templates, text for others.
    Template,
}

impl Via {
    pub fn describe(self) -> &'static str {
        match self {
            Self::FString => "an f-string",
            Self::Percent => "`%` formatting",
            Self::Format => "`.format()`",
            Self::Concat => "`+` concatenation",
            Self::Join => "`join()`",
            Self::Replace => "`replace()`",
            Self::TableName => "the library as a table name",
            Self::Template => "a t-string",
        }
    }
}

/// An interpolated value whose text is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hole {
    /// The interpolated expression in the file (its text names it in messages).
    pub span: Range<usize>,
    pub origin: Origin,
    pub trust: Trust,
    pub via: Via,
    /// The project function whose code interpolated it (`Filter.as_sql`), when that is not
    /// the code the finding is in: the fix belongs there.
    pub built_in: Option<Arc<str>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(Decoded),
    Hole(Hole),
}

/// A string value: text we know, holes we don't.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StrValue {
    parts: Pieces,
    /// Whether string building (not only literals) produced it.
    pub built: bool,
}

/// The pieces of a string, as a persistent list: a value built from another shares the
/// other's pieces, so copying a value (reading a variable, entering a branch) or appending
/// to it costs the same whatever its length, and `sql += "…"` in a loop stays linear.
/// Adjacent text pieces are stored apart and read as one.
#[derive(Clone, Default)]
pub struct Pieces {
    last: Option<Arc<Node>>,
}

struct Node {
    piece: Piece,
    before: Option<Arc<Node>>,
    /// The riskiest hole up to and including this piece.
    trust: Trust,
}

impl Drop for Node {
    /// One node at a time: dropping a list of thousands of appends recursively would
    /// overflow the stack.
    fn drop(&mut self) {
        let mut next = self.before.take();
        while let Some(node) = next {
            match Arc::try_unwrap(node) {
                Ok(mut node) => next = node.before.take(),
                Err(_) => break,
            }
        }
    }
}

impl Pieces {
    pub fn one(piece: Piece) -> Self {
        let mut pieces = Self::default();
        pieces.push(piece);
        pieces
    }

    fn push(&mut self, piece: Piece) {
        self.settle_quoted(&piece);
        let trust = match &piece {
            Piece::Hole(hole) => self.trust().max(hole.trust),
            Piece::Text(_) => self.trust(),
        };
        let before = self.last.take();
        self.last = Some(Arc::new(Node {
            piece,
            before,
            trust,
        }));
    }

    /// Before `next` is pushed: a last hole escaped for the quote `next` starts with, opened
    /// by the text before it, is quoted (`'"' + name.replace('"', '""') + '"'`) and trusted.
    fn settle_quoted(&mut self, next: &Piece) {
        let Some(last) = self.last.as_deref() else {
            return;
        };
        let (Piece::Text(after), Piece::Hole(hole)) = (next, &last.piece) else {
            return;
        };
        let Origin::Escaped(close) = hole.origin else {
            return;
        };
        if hole.trust == Trust::Constant || !after.text.starts_with(close) {
            return;
        }
        let before = Pieces {
            last: last.before.clone(),
        };
        let text: String = before
            .stored()
            .into_iter()
            .filter_map(|p| match p {
                Piece::Text(d) => Some(d.text.as_str()),
                Piece::Hole(_) => None,
            })
            .collect();
        let opened = match close {
            // An odd count: the last quote opens, it does not close an earlier name.
            '"' | '`' => text.ends_with(close) && text.matches(close).count() % 2 == 1,
            _ => text.ends_with('['),
        };
        if opened {
            let quoted = Hole {
                trust: Trust::Constant,
                ..hole.clone()
            };
            *self = before;
            self.push(Piece::Hole(quoted));
        }
    }

    fn append(&mut self, other: &Pieces) {
        if self.last.is_none() {
            self.last.clone_from(&other.last);
            return;
        }
        for piece in other.stored() {
            self.push(piece.clone());
        }
    }

    fn trust(&self) -> Trust {
        self.last
            .as_ref()
            .map_or(Trust::Constant, |node| node.trust)
    }

    /// The pieces as stored, first to last.
    fn stored(&self) -> Vec<&Piece> {
        let mut out = Vec::new();
        let mut node = self.last.as_deref();
        while let Some(current) = node {
            out.push(&current.piece);
            node = current.before.as_deref();
        }
        out.reverse();
        out
    }

    /// The pieces as read: adjacent text pieces joined.
    fn read(&self) -> Vec<Cow<'_, Piece>> {
        let mut out: Vec<Cow<'_, Piece>> = Vec::new();
        for piece in self.stored() {
            if let (Some(last), Piece::Text(next)) = (out.last_mut(), piece)
                && matches!(**last, Piece::Text(_))
            {
                if let Piece::Text(text) = last.to_mut() {
                    text.append(next);
                }
                continue;
            }
            out.push(Cow::Borrowed(piece));
        }
        out
    }
}

impl PartialEq for Pieces {
    fn eq(&self, other: &Self) -> bool {
        match (&self.last, &other.last) {
            (None, None) => true,
            (Some(a), Some(b)) if Arc::ptr_eq(a, b) => true,
            _ => self.read() == other.read(),
        }
    }
}

impl Eq for Pieces {}

impl std::fmt::Debug for Pieces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.read()).finish()
    }
}

/// Kinds of database objects a value can be, inferred from how it was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbKind {
    Cursor,
    /// A cursor or result that executed `facts.queries[n]`: reading it reads that query.
    Executed(usize),
    /// A cursor that executed the analysed function's parameter *k*: the function is a
    /// wrapper, and reading every row here reads every row of its callers' queries.
    ExecutedParam(usize),
    /// Rows already read (`fetchall()`): iterating them is iterating query results.
    Rows,
    Connection,
    Session,
    Engine,
    Pool,
    /// An Airflow SQL hook (`PostgresHook`, any `DbApiHook`): `get_records`, `run`…
    Hook,
    /// records, dataset and sqlite-utils databases: `query(sql, …)`.
    QueryDb,
    /// A peewee database: `execute_sql(sql, params)`.
    PeeweeDb,
    /// A Tortoise ORM connection: `execute_query(sql, values)`.
    TortoiseClient,
    /// An encode/databases `Database`: `fetch_all(query, values)`.
    AsyncDatabase,
    /// A Pony ORM `Database`: `select(sql)` with `$name` parameters in the text.
    PonyDb,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(StrValue),
    Tuple(Vec<Value>),
    Dict(Vec<(String, Value)>),
    /// An instance of a project class: its methods are followed.
    Object(Instance),
    /// Anything else: a number, an object, a value we cannot see into.
    Opaque {
        trust: Trust,
        origin: Origin,
        kind: Option<DbKind>,
    },
}

/// An instance of a project class, `module:Class`, with the arguments its construction
/// passed when that is in sight (`Filter("name", value)`): a method's `self.value` that
/// `__init__` set from one of them is that argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    pub class: Arc<str>,
    pub passed: Arc<[Passed]>,
}

/// An argument of a construction, with its keyword if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passed {
    pub keyword: Option<Arc<str>>,
    pub arg: Arg,
}

impl Instance {
    /// What the construction passed as `__init__`'s parameter `name`, the `position`th
    /// after `self` unless keyword-only.
    pub fn argument(&self, position: Option<usize>, name: &str) -> Option<&Arg> {
        position
            .and_then(|n| self.passed.iter().filter(|p| p.keyword.is_none()).nth(n))
            .or_else(|| {
                self.passed
                    .iter()
                    .find(|p| p.keyword.as_deref() == Some(name))
            })
            .map(|p| &p.arg)
    }
}

impl Value {
    /// An instance of the project class `module:Class` whose construction is out of sight.
    pub fn object(class: impl Into<Arc<str>>) -> Self {
        Self::Object(Instance {
            class: class.into(),
            passed: Arc::new([]),
        })
    }

    /// The parameter whose text (or a piece of it) this value is: the parameter itself, or
    /// a text whose untrusted holes all are it (the statements a generator splits it into).
    pub fn parameter_text(&self) -> Option<usize> {
        match self {
            Value::Opaque { origin, .. } => origin.parameter(),
            Value::Str(text) => {
                let mut untrusted = text.holes().filter(|hole| hole.trust > Trust::Constant);
                let index = untrusted.next()?.origin.parameter()?;
                untrusted
                    .all(|hole| hole.origin.parameter() == Some(index))
                    .then_some(index)
            }
            _ => None,
        }
    }

    pub fn opaque(trust: Trust, origin: Origin) -> Self {
        Self::Opaque {
            trust,
            origin,
            kind: None,
        }
    }

    /// Model metadata (see `Origin::Schema`).
    pub fn schema() -> Self {
        Self::opaque(Trust::Constant, Origin::Schema)
    }

    /// A cursor or rows of a query of the catalogs alone (see `Origin::Catalog`).
    pub fn catalog(kind: DbKind) -> Self {
        Self::Opaque {
            trust: Trust::Constant,
            origin: Origin::Catalog,
            kind: Some(kind),
        }
    }

    /// Whether it holds rows of the catalogs alone (or a cursor that read them).
    pub fn is_catalog(&self) -> bool {
        matches!(
            self,
            Self::Opaque {
                origin: Origin::Catalog,
                ..
            }
        )
    }

    pub fn db(kind: DbKind) -> Self {
        // Rows read from the database are data, not constants.
        let trust = match kind {
            DbKind::Rows | DbKind::Executed(_) | DbKind::ExecutedParam(_) => Trust::Untrusted,
            _ => Trust::Constant,
        };
        Self::Opaque {
            trust,
            origin: Origin::Expression,
            kind: Some(kind),
        }
    }

    /// A database object another module of the project made (`get_db()`): its driver,
    /// and so its parameter marker, is that module's, not this one's.
    pub fn foreign_db(kind: DbKind) -> Self {
        match Self::db(kind) {
            Self::Opaque { trust, kind, .. } => Self::Opaque {
                trust,
                origin: Origin::Call,
                kind,
            },
            other => other,
        }
    }

    /// Whether a database object came from another module (see `foreign_db`).
    pub fn is_foreign_db(&self) -> bool {
        matches!(
            self,
            Self::Opaque {
                origin: Origin::Call,
                kind: Some(_),
                ..
            }
        )
    }

    pub fn constant() -> Self {
        Self::opaque(Trust::Constant, Origin::Expression)
    }

    pub fn trust(&self) -> Trust {
        match self {
            Self::Str(s) => s.trust(),
            Self::Tuple(items) => items
                .iter()
                .map(Value::trust)
                .max()
                .unwrap_or(Trust::Constant),
            Self::Dict(items) => items
                .iter()
                .map(|(_, v)| v.trust())
                .max()
                .unwrap_or(Trust::Constant),
            Self::Opaque { trust, .. } => *trust,
            Self::Object(_) => Trust::Constant,
        }
    }

    pub fn kind(&self) -> Option<DbKind> {
        match self {
            Self::Opaque { kind, .. } => *kind,
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&StrValue> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// One of two values a variable may hold after branches: the riskier one, so a finding
    /// always points at a real hole; between equals, the first.
    /// A database object on one path stays one (`db = getattr(g, "db", None)` then
    /// `if db is None: db = connect()`), keeping the riskier trust.
    pub fn merge(self, other: Value) -> Value {
        let kind = self.kind().or(other.kind());
        let merged = if self == other || other.trust() <= self.trust() {
            self
        } else {
            other
        };
        match merged {
            Value::Opaque {
                trust,
                origin,
                kind: None,
            } if kind.is_some() => Value::Opaque {
                trust,
                origin,
                kind,
            },
            merged => merged,
        }
    }
}

/// An evaluated expression ready to be interpolated: its value plus where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arg {
    pub value: Value,
    pub span: Range<usize>,
}

impl Arg {
    /// Pieces this value contributes to a string: a string's own pieces, otherwise a hole.
    /// `coerced` marks conversions that only accept numbers (`%d`, `{:d}`).
    pub fn pieces(&self, via: Via, coerced: bool) -> Pieces {
        self.pieces_built_in(via, coerced, None)
    }

    /// The pieces the code of `built_in` makes of this value: a string's own pieces (the
    /// caller built them), else a hole that function interpolated.
    pub fn pieces_built_in(&self, via: Via, coerced: bool, built_in: Option<&Arc<str>>) -> Pieces {
        match &self.value {
            Value::Str(s) if !coerced => s.parts.clone(),
            value => {
                let (trust, origin) = match value {
                    Value::Opaque { trust, origin, .. } => (*trust, origin.clone()),
                    other => (other.trust(), Origin::Expression),
                };
                let trust = if coerced {
                    trust.min(Trust::Coerced)
                } else {
                    trust
                };
                Pieces::one(Piece::Hole(Hole {
                    span: self.span.clone(),
                    origin,
                    trust,
                    via,
                    built_in: built_in.cloned(),
                }))
            }
        }
    }
}

impl StrValue {
    pub fn literal(decoded: Decoded) -> Self {
        Self {
            parts: Pieces::one(Piece::Text(decoded)),
            built: false,
        }
    }

    /// A string built from these pieces.
    pub fn built_from(parts: Pieces) -> Self {
        Self { parts, built: true }
    }

    pub fn trust(&self) -> Trust {
        self.parts.trust()
    }

    /// The parameter whose items this text is, joined back (`"".join(chars)` of `for char
    /// in sql`): one hole of them, with at most blanks around.
    pub fn joined_parameter_items(&self) -> Option<usize> {
        let pieces = self.pieces();
        let mut holes = pieces.iter().filter_map(|piece| match piece.as_ref() {
            Piece::Hole(hole) => Some(hole),
            Piece::Text(_) => None,
        });
        let hole = holes.next().filter(|_| holes.next().is_none())?;
        let blank = pieces.iter().all(|piece| match piece.as_ref() {
            Piece::Text(decoded) => decoded.text.trim().is_empty(),
            Piece::Hole(_) => true,
        });
        match hole.origin {
            Origin::ParameterItem(index) if blank && hole.trust > Trust::Constant => Some(index),
            _ => None,
        }
    }

    pub fn holes(&self) -> impl Iterator<Item = &Hole> {
        self.parts.stored().into_iter().filter_map(|p| match p {
            Piece::Hole(h) => Some(h),
            Piece::Text(_) => None,
        })
    }

    /// The pieces in order, adjacent text joined into one piece.
    pub fn pieces(&self) -> Vec<Cow<'_, Piece>> {
        self.parts.read()
    }

    /// The text before `hole`, earlier holes written as `other`: the SQL the hole continues.
    pub fn text_before(&self, hole: &Hole, other: char) -> Option<String> {
        let mut text = String::new();
        for piece in self.parts.read() {
            match &*piece {
                Piece::Text(decoded) => text.push_str(&decoded.text),
                Piece::Hole(h) if h.span == hole.span => return Some(text),
                Piece::Hole(_) => text.push(other),
            }
        }
        None
    }

    /// The text after `hole`, later holes written as `other`.
    pub fn text_after(&self, hole: &Hole, other: char) -> Option<String> {
        let mut text = None::<String>;
        for piece in self.parts.read() {
            match (&*piece, text.as_mut()) {
                (Piece::Hole(h), None) if h.span == hole.span => text = Some(String::new()),
                (_, None) => {}
                (Piece::Text(decoded), Some(text)) => text.push_str(&decoded.text),
                (Piece::Hole(_), Some(text)) => text.push(other),
            }
        }
        text
    }

    /// The known text, holes left out (for "does this look like SQL" questions).
    pub fn known_text(&self) -> String {
        let mut out = String::new();
        for piece in self.parts.stored() {
            match piece {
                Piece::Text(d) => out.push_str(&d.text),
                Piece::Hole(_) => out.push(' '),
            }
        }
        out
    }

    pub fn push(&mut self, piece: Piece) {
        self.parts.push(piece);
    }

    pub fn push_pieces(&mut self, pieces: &Pieces) {
        self.parts.append(pieces);
    }

    /// Appends another string's pieces.
    pub fn push_str(&mut self, other: &StrValue) {
        self.parts.append(&other.parts);
    }

    pub fn concat(mut self, other: Pieces) -> Self {
        self.push_pieces(&other);
        self.built = true;
        self
    }

    /// `template % args`: `%s`, `%r`, `%d`…, `%(name)s` and `%%`. A spec no argument is
    /// known for takes `unknown` (the whole right-hand side when it is opaque), else stays
    /// as written.
    pub fn percent(
        &self,
        positional: &[Arg],
        named: &[(String, Arg)],
        unknown: Option<&Arg>,
    ) -> StrValue {
        let mut next_arg = 0;
        self.rewrite_text(|text, out| {
            let s = &text.text;
            let mut last = 0;
            let mut i = 0;
            let bytes = s.as_bytes();
            while i < bytes.len() {
                if bytes[i] != b'%' {
                    i += 1;
                    continue;
                }
                let Some(spec) = percent_spec(&s[i..]) else {
                    i += 1;
                    continue;
                };
                out.push(Piece::Text(slice(text, last..i)));
                let spec_end = i + spec.len;
                match (&spec.name, spec.conversion) {
                    (_, '%') => out.push(Piece::Text(slice_as(text, i..spec_end, "%"))),
                    (Some(name), conversion) => {
                        match named
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, a)| a)
                            .or(unknown)
                        {
                            Some(arg) => {
                                out.push_pieces(&arg.pieces(Via::Percent, is_numeric(conversion)))
                            }
                            None => out.push(Piece::Text(slice(text, i..spec_end))),
                        }
                    }
                    (None, conversion) => match positional.get(next_arg).or(unknown) {
                        Some(arg) => {
                            next_arg += 1;
                            out.push_pieces(&arg.pieces(Via::Percent, is_numeric(conversion)));
                        }
                        None => out.push(Piece::Text(slice(text, i..spec_end))),
                    },
                }
                i = spec_end;
                last = i;
            }
            out.push(Piece::Text(slice(text, last..s.len())));
        })
    }

    /// A new string from this one: holes kept, each text piece rewritten by `each`.
    fn rewrite_text(&self, mut each: impl FnMut(&Decoded, &mut StrValue)) -> StrValue {
        let mut out = StrValue::built_from(Pieces::default());
        for piece in self.pieces() {
            match &*piece {
                Piece::Text(text) => each(text, &mut out),
                hole => out.push(hole.clone()),
            }
        }
        out
    }

    /// `template.format(*positional, **named)`: `{}`, `{0}`, `{name}`, `{x!r:>10}`, `{{`.
    pub fn format(&self, positional: &[Arg], named: &[(String, Arg)]) -> StrValue {
        let mut auto = 0;
        self.rewrite_text(|text, out| {
            let s = &text.text;
            let mut last = 0;
            let mut i = 0;
            while i < s.len() {
                let rest = &s[i..];
                if rest.starts_with("{{") || rest.starts_with("}}") {
                    out.push(Piece::Text(slice(text, last..i)));
                    out.push(Piece::Text(slice_as(text, i..i + 2, &rest[..1])));
                    i += 2;
                    last = i;
                    continue;
                }
                if !rest.starts_with('{') {
                    i += rest.chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                let Some(close) = rest.find('}') else {
                    break;
                };
                let field = &rest[1..close];
                let (name, spec) = field.split_once(':').unwrap_or((field, ""));
                let name = name.split_once('!').map_or(name, |(n, _)| n);
                let key = name.split(['.', '[']).next().unwrap_or("");
                let arg = if key.is_empty() {
                    auto += 1;
                    positional.get(auto - 1)
                } else if let Ok(index) = key.parse::<usize>() {
                    positional.get(index)
                } else {
                    named.iter().find(|(n, _)| n == key).map(|(_, a)| a)
                };
                out.push(Piece::Text(slice(text, last..i)));
                match arg {
                    Some(arg) => {
                        let numeric = spec.ends_with(['d', 'f', 'e', 'g', 'x', 'o', 'b', 'n', '%']);
                        out.push_pieces(&arg.pieces(Via::Format, numeric));
                    }
                    None => out.push(Piece::Text(slice(text, i..i + close + 1))),
                }
                i += close + 1;
                last = i;
            }
            out.push(Piece::Text(slice(text, last..s.len())));
        })
    }

    /// `template.replace(old, new)` where `old` is known text.
    pub fn replace(&self, old: &str, new: &Arg) -> StrValue {
        if old.is_empty() {
            return self.clone();
        }
        self.rewrite_text(|text, out| {
            let mut last = 0;
            for (at, _) in text.text.match_indices(old) {
                out.push(Piece::Text(slice(text, last..at)));
                out.push_pieces(&new.pieces(Via::Replace, false));
                last = at + old.len();
            }
            out.push(Piece::Text(slice(text, last..text.text.len())));
        })
    }
}

fn is_numeric(conversion: char) -> bool {
    matches!(
        conversion,
        'd' | 'i' | 'u' | 'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'x' | 'X' | 'o' | 'c'
    )
}

struct PercentSpec {
    len: usize,
    name: Option<String>,
    conversion: char,
}

/// Parses `%[(name)][flags][width][.precision]conversion` at the start of `s`.
fn percent_spec(s: &str) -> Option<PercentSpec> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let mut name = None;
    if bytes.get(i) == Some(&b'(') {
        let close = s[i..].find(')')? + i;
        name = Some(s[i + 1..close].to_string());
        i = close + 1;
    }
    while i < bytes.len() && b"#0- +".contains(&bytes[i]) {
        i += 1;
    }
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b'*') {
        i += 1;
    }
    let conversion = *bytes.get(i)? as char;
    if !"sradiufFeEgGxXoc%".contains(conversion) {
        return None;
    }
    Some(PercentSpec {
        len: i + 1,
        name,
        conversion,
    })
}

/// A sub-range of decoded text, with its mapping.
pub(crate) fn slice(decoded: &Decoded, range: Range<usize>) -> Decoded {
    let mut out = Decoded::new();
    for (sql, file) in &decoded.segments {
        let start = sql.start.max(range.start);
        let end = sql.end.min(range.end);
        if start >= end {
            continue;
        }
        let file_range = if sql.len() == file.len() {
            file.start + (start - sql.start)..file.start + (end - sql.start)
        } else {
            file.clone()
        };
        out.push(&decoded.text[start..end], file_range);
    }
    out
}

/// Text standing for a range of decoded text (`%%` → `%`), mapped onto that range's bytes.
fn slice_as(decoded: &Decoded, range: Range<usize>, text: &str) -> Decoded {
    let source = slice(decoded, range);
    let file = match (source.segments.first(), source.segments.last()) {
        (Some(first), Some(last)) => first.1.start..last.1.end,
        _ => 0..0,
    };
    let mut out = Decoded::new();
    if !file.is_empty() {
        out.push(text, file);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str, at: usize) -> StrValue {
        let mut d = Decoded::new();
        d.push(s, at..at + s.len());
        StrValue::literal(d)
    }

    fn arg(trust: Trust) -> Arg {
        Arg {
            value: Value::opaque(trust, Origin::Parameter(0)),
            span: 100..103,
        }
    }

    fn render(v: &StrValue) -> String {
        v.pieces()
            .iter()
            .map(|p| match &**p {
                Piece::Text(d) => d.text.clone(),
                Piece::Hole(h) => format!("<{}:{:?}>", "uid", h.trust),
            })
            .collect()
    }

    #[test]
    fn percent_formatting_fills_specs_and_keeps_double_percent() {
        let v = text("SELECT %s, '%%', %d FROM t", 0).percent(
            &[arg(Trust::Untrusted), arg(Trust::Untrusted)],
            &[],
            None,
        );
        assert_eq!(
            render(&v),
            "SELECT <uid:Untrusted>, '%', <uid:Coerced> FROM t"
        );
    }

    #[test]
    fn named_percent_and_missing_args_stay_as_written() {
        let v = text("a = %(a)s AND b = %(b)s", 0).percent(
            &[],
            &[("a".into(), arg(Trust::Untrusted))],
            None,
        );
        assert_eq!(render(&v), "a = <uid:Untrusted> AND b = %(b)s");
    }

    #[test]
    fn format_fields() {
        let v = text("{} {0} {{x}} {name!r} {n:d}", 0).format(
            &[arg(Trust::Untrusted)],
            &[
                ("name".into(), arg(Trust::Constant)),
                ("n".into(), arg(Trust::Untrusted)),
            ],
        );
        assert_eq!(
            render(&v),
            "<uid:Untrusted> <uid:Untrusted> {x} <uid:Constant> <uid:Coerced>"
        );
    }

    #[test]
    fn replace_templates() {
        let v = text("SELECT * FROM {table}", 0).replace("{table}", &arg(Trust::Untrusted));
        assert_eq!(render(&v), "SELECT * FROM <uid:Untrusted>");
    }

    #[test]
    fn slices_keep_their_file_positions() {
        let v = text("SELECT %s FROM t", 10).percent(&[arg(Trust::Untrusted)], &[], None);
        let pieces = v.pieces();
        let Some(Piece::Text(last)) = pieces.last().map(|p| &**p) else {
            panic!("text expected");
        };
        assert_eq!(last.segments, vec![(0..7, 19..26)]);
    }
}
