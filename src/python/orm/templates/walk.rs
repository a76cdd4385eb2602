//! Rendering a template in the abstract: the names its context binds to rows, followed
//! through loops, `with`, `set`, `include` and `extends`, and every relation read from an
//! item of a loop that the rows' query does not load.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use super::tree::{self, Binding, Node, Tok};
use super::{Bound, Loader, Render, TemplateLoad};
use crate::python::orm::models::{Loading, ModelIndex, Orm};
use crate::python::orm::queries::{Read, RelationLoad, StrCall, Through, join};
use crate::sql::template::jinja_expr::Kind;

/// How deep `include` and `extends` are followed.
const MAX_DEPTH: usize = 12;

/// The relations the templates of `render` read once per item of a loop over its rows.
pub fn analyse(render: &Render, models: &ModelIndex, loader: &mut dyn Loader) -> Vec<TemplateLoad> {
    let mut walk = Walk {
        models,
        loader,
        parsed: FxHashMap::default(),
        open: Vec::new(),
        reported: FxHashSet::default(),
        loads: Vec::new(),
    };
    let scope: Scope = render
        .context
        .iter()
        .map(|bound| (bound.name.clone(), Value::of(bound)))
        .collect();
    if let Some(file) = render.templates.iter().find_map(|name| walk.file(name)) {
        walk.render(&file, scope, &Overrides::default());
    }
    walk.loads
}

/// A template read: its loader id, text and structure.
struct File {
    id: usize,
    text: Arc<str>,
    template: tree::Template,
}

/// Blocks of the templates that extend the one rendered, by name: the most derived wins.
type Overrides = FxHashMap<String, (Rc<File>, Vec<Node>)>;

type Scope = FxHashMap<String, Value>;

/// What a template name stands for.
#[derive(Clone, Debug)]
struct Value {
    bound: Rc<Bound>,
    /// The model of the object(s), and the relation path to them from the rows.
    model: String,
    /// The model whose relation `path` ends in.
    owner: String,
    path: String,
    /// Many objects rather than one.
    many: bool,
    /// A Django related manager, not read yet: `.all` (or a loop) reads it.
    manager: bool,
    /// The path goes through a relation to many objects: only a prefetch loads it.
    crossed: bool,
    /// The innermost loop whose item this is part of.
    in_loop: Option<Rc<Loop>>,
}

/// A loop over objects: its template, its tag, and the model of its items.
#[derive(Debug)]
struct Loop {
    file: usize,
    tag: Range<usize>,
    model: String,
}

impl Value {
    fn of(bound: &Bound) -> Self {
        Self {
            model: bound.rows.model.clone(),
            owner: bound.rows.model.clone(),
            path: String::new(),
            many: bound.many,
            manager: false,
            crossed: false,
            in_loop: None,
            bound: Rc::new(bound.clone()),
        }
    }
}

struct Walk<'a> {
    models: &'a ModelIndex,
    loader: &'a mut dyn Loader,
    parsed: FxHashMap<usize, Rc<File>>,
    /// The templates being rendered, outermost first (`include`, `extends`).
    open: Vec<usize>,
    /// (loop file, loop tag start, relation path) already reported: one query per item is
    /// enough to say, the relation is cached on the object after.
    reported: FxHashSet<(usize, usize, String)>,
    loads: Vec<TemplateLoad>,
}

impl Walk<'_> {
    fn file(&mut self, name: &str) -> Option<Rc<File>> {
        let loaded = self.loader.load(name)?;
        if let Some(file) = self.parsed.get(&loaded.id) {
            return Some(file.clone());
        }
        let template = tree::parse(&loaded.text)?;
        let file = Rc::new(File {
            id: loaded.id,
            text: loaded.text,
            template,
        });
        self.parsed.insert(loaded.id, file.clone());
        Some(file)
    }

    /// Renders a whole template: the one it extends with its blocks, or its own nodes.
    fn render(&mut self, file: &Rc<File>, mut scope: Scope, overrides: &Overrides) {
        if self.open.contains(&file.id) || self.open.len() >= MAX_DEPTH {
            return;
        }
        self.open.push(file.id);
        let parent = file.template.nodes.iter().find_map(|node| match node {
            Node::Extends(name) => Some(name.clone()),
            _ => None,
        });
        match parent.flatten().and_then(|name| self.file(&name)) {
            Some(parent) => {
                let mut overrides = overrides.clone();
                collect_blocks(file, &file.template.nodes, &mut overrides);
                self.render(&parent, scope, &overrides);
            }
            None => self.nodes(file, &file.template.nodes, &mut scope, overrides),
        }
        self.open.pop();
    }

    fn nodes(&mut self, file: &Rc<File>, nodes: &[Node], scope: &mut Scope, overrides: &Overrides) {
        for node in nodes {
            match node {
                Node::Reads(tokens) => {
                    for chain in chains(&file.text, tokens) {
                        self.eval(file, &chain, scope);
                    }
                }
                Node::Output(tokens) => {
                    for (i, chain) in chains(&file.text, tokens).iter().enumerate() {
                        let value = self.eval(file, chain, scope);
                        if let Some(value) =
                            value.filter(|_| i == 0 && printed(file, tokens, chain))
                        {
                            self.stringified(file, chain, &value);
                        }
                    }
                }
                Node::For {
                    tag,
                    target,
                    iter,
                    body,
                    otherwise,
                } => {
                    let mut chains = chains(&file.text, iter).into_iter();
                    let items = chains.next().and_then(|c| self.eval(file, &c, scope));
                    for chain in chains {
                        self.eval(file, &chain, scope);
                    }
                    let mut inner = scope.clone();
                    if let Some(target) = target {
                        match items.filter(|v| v.many && !v.manager) {
                            Some(items) => {
                                let item = Value {
                                    many: false,
                                    crossed: items.crossed || !items.path.is_empty(),
                                    in_loop: Some(Rc::new(Loop {
                                        file: file.id,
                                        tag: tag.clone(),
                                        model: items.model.clone(),
                                    })),
                                    ..items
                                };
                                inner.insert(target.clone(), item);
                            }
                            None => {
                                inner.remove(target);
                            }
                        }
                    }
                    self.nodes(file, body, &mut inner, overrides);
                    self.nodes(file, otherwise, &mut scope.clone(), overrides);
                }
                Node::With { bindings, body } => {
                    let mut inner = scope.clone();
                    self.bind(file, bindings, scope, &mut inner);
                    self.nodes(file, body, &mut inner, overrides);
                }
                Node::Set(binding) => {
                    let mut bound = scope.clone();
                    self.bind(file, std::slice::from_ref(binding), scope, &mut bound);
                    *scope = bound;
                }
                Node::Include {
                    name,
                    bindings,
                    only,
                } => {
                    let mut inner = if *only {
                        Scope::default()
                    } else {
                        scope.clone()
                    };
                    self.bind(file, bindings, scope, &mut inner);
                    if let Some(included) = name.as_deref().and_then(|n| self.file(n)) {
                        self.render(&included, inner, &Overrides::default());
                    }
                }
                Node::Extends(_) => {}
                Node::Block { name, body } => match overrides.get(name) {
                    Some((child, body)) if child.id != file.id => {
                        let (child, body) = (child.clone(), body.clone());
                        self.nodes(&child, &body, scope, overrides);
                    }
                    _ => self.nodes(file, body, scope, overrides),
                },
                Node::Group(body) => self.nodes(file, body, scope, overrides),
            }
        }
    }

    /// Binds names to what their expressions read in `scope`, in `into`.
    fn bind(&mut self, file: &Rc<File>, bindings: &[Binding], scope: &Scope, into: &mut Scope) {
        for binding in bindings {
            let mut chains = chains(&file.text, &binding.value).into_iter();
            let whole = binding.value.first().is_some_and(|t| t.kind == Kind::Name);
            let value = chains
                .next()
                .and_then(|c| self.eval(file, &c, scope))
                .filter(|_| whole);
            for chain in chains {
                self.eval(file, &chain, scope);
            }
            match value {
                Some(value) => into.insert(binding.name.clone(), value),
                None => into.remove(&binding.name),
            };
        }
    }

    /// What a chain of names (`b.author.name`) stands for, recording the relations it
    /// reads once per item of a loop.
    fn eval(&mut self, file: &Rc<File>, chain: &[Tok], scope: &Scope) -> Option<Value> {
        let (first, rest) = chain.split_first()?;
        let mut value = scope.get(&file.text[first.range.clone()])?.clone();
        for segment in rest {
            let name = &file.text[segment.range.clone()];
            let written = first.range.start..segment.range.end;
            if value.many {
                if segment.kind == Kind::Number {
                    value.many = false;
                    value.manager = false;
                    value.crossed |= !value.path.is_empty();
                    continue;
                }
                if !value.manager {
                    return None;
                }
                // A related manager: `.all` reads it (from a prefetch when there is one),
                // `.count` and `.exists` too; any other method queries regardless.
                let span = first.range.start..segment.range.start.saturating_sub(1);
                let bypass =
                    (!["all", "count", "exists"].contains(&name)).then(|| name.to_string());
                if bypass.is_some() || !value.bound.rows.covers(&value.path, true) {
                    let read = Read {
                        many: true,
                        bypass,
                        ..Read::default()
                    };
                    self.report(file, &value, span, read);
                }
                if name != "all" {
                    return None;
                }
                value.manager = false;
                value.crossed = true;
                continue;
            }
            let model = self.models.get(&value.model)?;
            let Some(relation) = model.relations.get(name) else {
                // `{{ t.assignee_name }}`: a property of the model that reads a relation.
                if let Some(relation) = model
                    .property_relations
                    .get(name)
                    .filter(|_| model.orm == Orm::Django)
                {
                    let read = Value {
                        owner: value.model.clone(),
                        path: join(&value.path, relation),
                        ..value
                    };
                    if !read.bound.rows.covers(&read.path, read.crossed) {
                        let kind = Read {
                            through: Some(Through::Property(name.to_string())),
                            ..Read::default()
                        };
                        self.report(file, &read, written, kind);
                    }
                }
                return None;
            };
            let path = join(&value.path, name);
            let next = Value {
                model: relation.target.clone(),
                owner: value.owner.clone(),
                path,
                many: relation.many,
                manager: model.orm == Orm::Django && relation.many,
                ..value
            };
            // A Django related manager queries when read (`.all`), not when named.
            if !next.manager {
                let many = relation.many;
                let every_access = match relation.loading {
                    Loading::Eager | Loading::Never => None,
                    Loading::EveryAccess => Some(true),
                    Loading::Lazy => (!next.bound.rows.covers(&next.path, many)).then_some(false),
                };
                if let Some(every_access) = every_access {
                    let read = Read {
                        many,
                        every_access,
                        ..Read::default()
                    };
                    self.report(file, &next, written, read);
                }
            }
            value = next;
        }
        Some(value)
    }

    /// `{{ b }}` of one Django object in a loop: its model's `__str__` runs, and the
    /// relation it reads (`{{ ticket }}` showing `self.queue.title`) is a query per item
    /// unless the rows load it.
    fn stringified(&mut self, file: &Rc<File>, chain: &[Tok], value: &Value) {
        if value.many || value.manager {
            return;
        }
        let Some(model) = self
            .models
            .get(&value.model)
            .filter(|m| m.orm == Orm::Django)
        else {
            return;
        };
        let Some(relation) = &model.str_relation else {
            return;
        };
        let read = Value {
            owner: value.model.clone(),
            path: join(&value.path, relation),
            ..value.clone()
        };
        if read.bound.rows.covers(&read.path, read.crossed) {
            return;
        }
        let (Some(first), Some(last)) = (chain.first(), chain.last()) else {
            return;
        };
        let how = StrCall {
            how: "a template's output",
            read: None,
        };
        let read_kind = Read {
            through: Some(Through::Str(how)),
            ..Read::default()
        };
        self.report(file, &read, first.range.start..last.range.end, read_kind);
    }

    /// Records a read of `value` (the relation reached) per item of its loop.
    fn report(&mut self, file: &Rc<File>, value: &Value, span: Range<usize>, read: Read) {
        let Some(in_loop) = &value.in_loop else {
            return;
        };
        if !self
            .reported
            .insert((in_loop.file, in_loop.tag.start, value.path.clone()))
        {
            return;
        }
        self.loads.push(TemplateLoad {
            file: file.id,
            loop_file: in_loop.file,
            per: in_loop.model.clone(),
            written: file.text[span.clone()].to_string(),
            load: RelationLoad {
                span,
                loop_header: in_loop.tag.clone(),
                orm: value.bound.rows.orm,
                model: value.bound.rows.model.clone(),
                path: value.path.clone(),
                owner: value.owner.clone(),
                many: read.many || value.crossed,
                bypass: read.bypass,
                every_access: read.every_access,
                through: read.through,
                from_object: None,
                handed_to: None,
            },
            name: value.bound.name.clone(),
            rows: value.bound.rows.span.clone(),
        });
    }
}

/// Filters whose output is not the text of what they filter (`{{ b|yesno }}`): they do not
/// run its `__str__`.
const NOT_TEXT_FILTERS: [&str; 8] = [
    "yesno",
    "pluralize",
    "length",
    "length_is",
    "first",
    "last",
    "random",
    "pprint",
];

/// Whether an output prints `chain`, its first chain, as text: nothing follows it but
/// filters of its text (`{{ b }}`, `{{ b|upper }}`; not `{{ b == c }}`, `{{ b|yesno }}`).
fn printed(file: &File, tokens: &[Tok], chain: &[Tok]) -> bool {
    let word = |i: usize| tokens.get(i).map(|t| &file.text[t.range.clone()]);
    if tokens.first().map(|t| &t.range) != chain.first().map(|t| &t.range) {
        return false;
    }
    let after = 2 * chain.len() - 1;
    match word(after) {
        None => true,
        Some("|") => word(after + 1).is_some_and(|f| !NOT_TEXT_FILTERS.contains(&f)),
        Some(_) => false,
    }
}

/// The blocks a template defines, nested ones included, unless a more derived template
/// defined them first.
fn collect_blocks(file: &Rc<File>, nodes: &[Node], into: &mut Overrides) {
    for node in nodes {
        match node {
            Node::Block { name, body } => {
                into.entry(name.clone())
                    .or_insert_with(|| (file.clone(), body.clone()));
                collect_blocks(file, body, into);
            }
            Node::Group(body) | Node::With { body, .. } => collect_blocks(file, body, into),
            Node::For {
                body, otherwise, ..
            } => {
                collect_blocks(file, body, into);
                collect_blocks(file, otherwise, into);
            }
            _ => {}
        }
    }
}

/// The chains of names in an expression's tokens (`b.author.name`, `x.0`): names and
/// numbers joined by dots, each as its list of parts. A filter's name (`|upper`) and a
/// keyword argument's (`attribute=`) are not chains.
fn chains(text: &str, tokens: &[Tok]) -> Vec<Vec<Tok>> {
    let is = |t: &Tok, word: &str| &text[t.range.clone()] == word;
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let after_filter = i > 0 && (is(&tokens[i - 1], "|") || is(&tokens[i - 1], "."));
        let keyword = tokens.get(i + 1).is_some_and(|t| is(t, "="));
        if token.kind != Kind::Name || after_filter || keyword {
            i += 1;
            continue;
        }
        let mut chain = vec![token.clone()];
        i += 1;
        while i + 1 < tokens.len()
            && is(&tokens[i], ".")
            && matches!(tokens[i + 1].kind, Kind::Name | Kind::Number)
        {
            chain.push(tokens[i + 1].clone());
            i += 2;
        }
        out.push(chain);
    }
    out
}
