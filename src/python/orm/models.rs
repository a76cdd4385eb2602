//! ORM models learnt from the repository's code: Django models (`ForeignKey`,
//! `OneToOneField`, `ManyToManyField`, their reverse accessors and `related_name`) and
//! SQLAlchemy declarative classes (`relationship()` with its `lazy=`, `backref`). Built
//! once per run from every file that defines models, then read by the checks of all files.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::AhoCorasick;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt, StmtClassDef};

/// Which ORM a model belongs to: they load relations differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Orm {
    Django,
    SqlAlchemy,
}

/// How a SQLAlchemy relationship loads when nothing in the query says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Loading {
    /// A query on first access (Django always; SQLAlchemy `lazy="select"`, the default).
    Lazy,
    /// Loaded with its parent (`lazy="joined"`, `"selectin"`, `"subquery"`, `"immediate"`).
    Eager,
    /// Access raises or loads nothing (`lazy="raise"`, `"noload"`): not an N+1.
    Never,
    /// A query on every access (`lazy="dynamic"`, `"write_only"`): no option loads it.
    EveryAccess,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Relation {
    pub target: String,
    /// Many objects (a manager in Django, a list in SQLAlchemy) rather than one.
    pub many: bool,
    pub loading: Loading,
    /// Django: of a reverse foreign key, the field of `target` it reverses (`ticket` of
    /// `ticket.checklists`), which each related row has filled in without a query.
    #[serde(default)]
    pub reverse_of: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Model {
    pub orm: Orm,
    pub relations: FxHashMap<String, Relation>,
    /// `Meta.db_table` or `__tablename__`, or Django's `<app>_<model>`.
    pub table: Option<String>,
    /// Key columns of the indexes of its table, as its ORM creates them.
    pub indexes: Vec<Vec<String>>,
    /// Django `Meta.managed = False`: the table (often a view or a system catalog) is not
    /// the model's to create, so its indexes are unknown.
    pub unmanaged: bool,
    /// The class of its `objects` manager, when it is a custom one (`objects = BookManager()`).
    #[serde(default)]
    pub manager: Option<String>,
    /// Django: its other managers (`published = PublishedManager()`,
    /// `live = BookQuerySet.as_manager()`), each with its class when that is a manager
    /// class of the project's.
    #[serde(default)]
    pub managers: FxHashMap<String, Option<String>>,
    /// Django: the column of each field its class declares, by the names a filter uses
    /// (`customer` and `customer_id` → `customer_id`).
    #[serde(default)]
    pub columns: FxHashMap<String, String>,
    /// Django: its class defines `save()`, which `bulk_create` and `bulk_update` skip.
    #[serde(default)]
    pub custom_save: bool,
    /// What tells reference data (small tables read whole on purpose) from the rest.
    #[serde(default)]
    pub shape: super::reference::Shape,
    /// Django: the forward relation its `__str__` reads (`category` of
    /// `return f"{self.category.title}: {self.title}"`), loaded by every `str(obj)`.
    #[serde(default)]
    pub str_relation: Option<String>,
    /// Django: the forward relation each `@property` (or `@cached_property`) reads, by the
    /// property's name (`assignee_name` of `return self.assigned_to.get_full_name()`).
    #[serde(default)]
    pub property_relations: FxHashMap<String, String>,
}

/// Models by class name. Names are not qualified by module: two models of one name in
/// different apps share an entry, which at worst merges their relations.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ModelIndex {
    models: FxHashMap<String, Model>,
    /// Relation paths a manager class's `get_queryset()` loads with every query
    /// (`super().get_queryset().select_related("author")`), by class name.
    #[serde(default)]
    managers: FxHashMap<String, Vec<String>>,
    /// The models that are reference data, worked out once from the whole index on the
    /// first question (see `reference`); forgotten when more models are merged in.
    #[serde(skip)]
    reference: OnceLock<FxHashSet<String>>,
    /// `.tasks.`, `.ticketcc_set.`…: the Django related managers, as a file would read one
    /// (worked out on the first question, forgotten when more models are merged in).
    #[serde(skip)]
    related_managers: OnceLock<Option<AhoCorasick>>,
}

/// Where ORM queries start: `Book.objects`, `Book.query` (the model before the match),
/// `query(Book`, `select(Book`, `session.get(Book`, `update(Book`, `session.add(Book(`…
/// (the model after it).
static QUERY_ROOTS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::new([
        ".objects",
        ".query",
        "query(",
        "select(",
        "select_from(",
        "get(",
        "add(",
        "update(",
        "insert(",
        "delete(",
    ])
    .ok()
});

impl ModelIndex {
    pub fn get(&self, name: &str) -> Option<&Model> {
        self.models.get(name)
    }

    /// Whether a file mentions a query on one of the models (`Book.objects`, `Book.query`,
    /// `query(Book`, `select(Book`), or models chosen at run time (`get_models()`): files
    /// without one are not worth reading for the ORM.
    /// Whether the project defines no model at all.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    pub fn may_be_queried(&self, text: &str) -> bool {
        !self.models.is_empty()
            && (text.contains("get_models(")
                || query_roots(text).any(|name| self.models.contains_key(name))
                || self.reads_related_manager(text))
    }

    /// Whether a file reads a Django related manager (`ticket.checklists.all()`): one
    /// object's related rows are a query of their own, with no query root in sight; or a
    /// model's manager other than `objects` (`Post.published.all()`).
    fn reads_related_manager(&self, text: &str) -> bool {
        self.related_managers
            .get_or_init(|| {
                let names: FxHashSet<String> = self
                    .models
                    .values()
                    .filter(|m| m.orm == Orm::Django)
                    .flat_map(|m| {
                        let many = m.relations.iter().filter(|(_, r)| r.many).map(|(n, _)| n);
                        many.chain(m.managers.keys())
                    })
                    .map(|name| format!(".{name}."))
                    .collect();
                if names.is_empty() {
                    return None;
                }
                AhoCorasick::new(names).ok()
            })
            .as_ref()
            .is_some_and(|managers| managers.is_match(text))
    }

    /// The relation paths every query of a model's `objects` manager loads.
    pub fn manager_loads(&self, model: &str) -> &[String] {
        self.loads_of(model, "objects")
    }

    /// The relation paths every query of the model's manager `manager` (`objects`,
    /// `published`) loads: what its class's `get_queryset()` loads.
    pub fn loads_of(&self, model: &str, manager: &str) -> &[String] {
        let Some(model) = self.models.get(model) else {
            return &[];
        };
        let class = match manager {
            "objects" => model.manager.as_ref(),
            other => model.managers.get(other).and_then(Option::as_ref),
        };
        class
            .and_then(|class| self.managers.get(class))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether `manager` is a manager of the Django model `model` other than `objects`.
    pub fn has_manager(&self, model: &str, manager: &str) -> bool {
        self.models
            .get(model)
            .is_some_and(|m| m.managers.contains_key(manager))
    }

    /// Whether a model is reference data: a small table of definitions other models point
    /// at, read whole on purpose (see `reference::reference_data`).
    pub fn is_reference_data(&self, model: &str) -> bool {
        self.reference
            .get_or_init(|| super::reference::reference_data(self))
            .contains(model)
    }

    /// Adds the models another file defines.
    pub fn merge(&mut self, other: ModelIndex) {
        self.reference = OnceLock::new();
        self.related_managers = OnceLock::new();
        self.managers.extend(other.managers);
        for (name, model) in other.models {
            match self.models.get_mut(&name) {
                Some(existing) => {
                    existing.relations.extend(model.relations);
                    existing.indexes.extend(model.indexes);
                    existing.table = existing.table.take().or(model.table);
                    existing.manager = existing.manager.take().or(model.manager);
                    existing.managers.extend(model.managers);
                    existing.columns.extend(model.columns);
                    existing.custom_save |= model.custom_save;
                    existing.shape.merge(model.shape);
                    existing.str_relation = existing.str_relation.take().or(model.str_relation);
                    existing.property_relations.extend(model.property_relations);
                }
                None => {
                    self.models.insert(name, model);
                }
            }
        }
    }

    /// Every model, by class name.
    pub fn models(&self) -> impl Iterator<Item = (&str, &Model)> {
        self.models
            .iter()
            .map(|(name, model)| (name.as_str(), model))
    }

    /// Learns the models a module defines. `app` is the Django app the module belongs to
    /// (the folder of `models.py`), which names tables without a `db_table`.
    pub fn learn(&mut self, body: &[Stmt], app: Option<&str>) {
        self.reference = OnceLock::new();
        self.related_managers = OnceLock::new();
        let mut reverse = Vec::new();
        for stmt in body {
            if let Stmt::ClassDef(class) = stmt {
                self.learn_manager(class);
                self.learn_class(class, app, &mut reverse);
            }
        }
        for (target, name, (orm, relation)) in reverse {
            self.entry(&target, orm)
                .relations
                .entry(name)
                .or_insert(relation);
        }
    }

    fn entry(&mut self, name: &str, orm: Orm) -> &mut Model {
        self.models
            .entry(name.to_string())
            .or_insert_with(|| Model {
                orm,
                relations: FxHashMap::default(),
                table: None,
                indexes: Vec::new(),
                unmanaged: false,
                manager: None,
                managers: FxHashMap::default(),
                columns: FxHashMap::default(),
                custom_save: false,
                shape: super::reference::Shape::default(),
                str_relation: None,
                property_relations: FxHashMap::default(),
            })
    }

    /// A class with a `get_queryset()` that loads relations: a manager whose every query
    /// loads them.
    fn learn_manager(&mut self, class: &StmtClassDef) {
        let get_queryset = class.body.iter().find_map(|stmt| match stmt {
            Stmt::FunctionDef(f) if f.name.id.as_str() == "get_queryset" => Some(f),
            _ => None,
        });
        let Some(get_queryset) = get_queryset else {
            return;
        };
        struct Loads(Vec<String>);
        impl<'a> Visitor<'a> for Loads {
            fn visit_expr(&mut self, expr: &'a Expr) {
                if let Expr::Call(call) = expr {
                    match last_name(&call.func) {
                        Some("select_related") if call.arguments.args.is_empty() => {
                            self.0.push("*".into());
                        }
                        Some("select_related") => self
                            .0
                            .extend(call.arguments.args.iter().filter_map(string_value)),
                        Some("prefetch_related") => self.0.extend(prefetched(&call.arguments.args)),
                        _ => {}
                    }
                }
                visitor::walk_expr(self, expr);
            }
        }
        let mut loads = Loads(Vec::new());
        loads.visit_body(&get_queryset.body);
        if !loads.0.is_empty() {
            self.managers.insert(class.name.id.to_string(), loads.0);
        }
    }

    fn learn_class(&mut self, class: &StmtClassDef, app: Option<&str>, reverse: &mut Vec<Reverse>) {
        let Some(orm) = self.orm_of(class) else {
            return;
        };
        let name = class.name.id.to_string();
        self.entry(&name, orm);
        let mut table = None;
        let mut unmanaged = false;
        let mut manager = None;
        let mut managers = FxHashMap::default();
        for stmt in &class.body {
            let (targets, annotation, value): (Vec<&Expr>, Option<&Expr>, Option<&Expr>) =
                match stmt {
                    Stmt::Assign(assign) => {
                        (assign.targets.iter().collect(), None, Some(&assign.value))
                    }
                    Stmt::AnnAssign(assign) => (
                        vec![&*assign.target],
                        Some(&*assign.annotation),
                        assign.value.as_deref(),
                    ),
                    Stmt::ClassDef(meta) if meta.name.id.as_str() == "Meta" => {
                        table = table.or_else(|| string_attr(&meta.body, "db_table"));
                        unmanaged |= is_false_attr(&meta.body, "managed");
                        continue;
                    }
                    _ => continue,
                };
            let Some(Expr::Name(field)) = targets.first() else {
                continue;
            };
            let field = field.id.as_str();
            if field == "__tablename__" {
                table = value.and_then(string_value);
                continue;
            }
            let Some(Expr::Call(call)) = value else {
                continue;
            };
            if field == "objects" && orm == Orm::Django {
                manager = last_name(&call.func).map(str::to_string);
                continue;
            }
            if orm == Orm::Django
                && let Some(class) = manager_construction(call)
            {
                managers.insert(field.to_string(), class.map(str::to_string));
                continue;
            }
            let learnt = match orm {
                Orm::Django => django_relation(&name, field, call, reverse),
                Orm::SqlAlchemy => sqlalchemy_relation(&name, call, annotation, reverse),
            };
            if let Some(relation) = learnt {
                self.entry(&name, orm)
                    .relations
                    .insert(field.to_string(), relation);
            }
        }
        let table = table.or_else(|| match (orm, app) {
            (Orm::Django, Some(app)) => Some(format!("{app}_{}", name.to_ascii_lowercase())),
            _ => None,
        });
        let indexes = super::indexes::model_indexes(class, orm);
        let columns = match orm {
            Orm::Django => super::indexes::django_columns(class),
            Orm::SqlAlchemy => FxHashMap::default(),
        };
        let custom_save = orm == Orm::Django
            && class
                .body
                .iter()
                .any(|stmt| matches!(stmt, Stmt::FunctionDef(f) if f.name.id.as_str() == "save"));
        let shape = super::reference::shape(class, orm);
        let model = self.entry(&name, orm);
        if orm == Orm::Django {
            model.str_relation = str_relation(class, &model.relations).map(|(name, _)| name);
            model.property_relations = property_relations(class, &model.relations);
        }
        model.shape = shape;
        model.custom_save = custom_save;
        model.table = table;
        model.indexes = indexes;
        model.unmanaged = unmanaged;
        model.manager = manager;
        model.managers = managers;
        model.columns = columns;
    }

    /// Django when a base is `models.Model` (or another Django model); SQLAlchemy when the
    /// class has a `__tablename__`, `relationship()`s or `Mapped[...]` columns, or a base that
    /// is a declarative base or another SQLAlchemy model.
    fn orm_of(&self, class: &StmtClassDef) -> Option<Orm> {
        let bases: Vec<&Expr> = class
            .arguments
            .as_ref()
            .map(|a| a.args.iter().collect())
            .unwrap_or_default();
        for base in &bases {
            let last = last_name(base).unwrap_or_default();
            if let Some(model) = self.models.get(last) {
                return Some(model.orm);
            }
            let dotted = crate::python::module::written_path(base).unwrap_or_default();
            if dotted == "db.Model" || last == "DeclarativeBase" || last == "Base" {
                return Some(Orm::SqlAlchemy);
            }
            if last == "Model" || dotted.starts_with("models.") {
                return Some(Orm::Django);
            }
        }
        let sqlalchemy_body = class.body.iter().any(|stmt| match stmt {
            Stmt::Assign(assign) => {
                assign
                    .targets
                    .iter()
                    .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__tablename__"))
                    || is_call_to(&assign.value, "relationship")
            }
            Stmt::AnnAssign(assign) => last_name(&assign.annotation) == Some("Mapped")
                || matches!(&*assign.annotation, Expr::Subscript(s) if last_name(&s.value) == Some("Mapped")),
            _ => false,
        });
        sqlalchemy_body.then_some(Orm::SqlAlchemy)
    }
}

/// The first forward relation a Django model's `__str__` reads (`self.category` in
/// `return f"{self.category.title}: {self.title}"`), with the span of that read: every
/// `str(obj)` of an object whose query did not load it runs a query for it. Reverse
/// relations and many-to-many managers are left out: reading them queries only when a
/// method is called on them, which `__str__` seldom does.
pub fn str_relation(
    class: &StmtClassDef,
    relations: &FxHashMap<String, Relation>,
) -> Option<(String, std::ops::Range<usize>)> {
    let dunder = class.body.iter().find_map(|stmt| match stmt {
        Stmt::FunctionDef(f) if f.name.id.as_str() == "__str__" => Some(f),
        _ => None,
    })?;
    relation_read(dunder, relations)
}

/// The forward relation each property of a Django model reads first, by property name.
fn property_relations(
    class: &StmtClassDef,
    relations: &FxHashMap<String, Relation>,
) -> FxHashMap<String, String> {
    class
        .body
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::FunctionDef(f)
                if f.decorator_list.iter().any(|d| {
                    last_name(&d.expression)
                        .is_some_and(|n| matches!(n, "property" | "cached_property"))
                }) =>
            {
                let (relation, _) = relation_read(f, relations)?;
                Some((f.name.id.to_string(), relation))
            }
            _ => None,
        })
        .collect()
}

/// The first lazy forward relation `self.<relation>` a method reads, with that read's span.
fn relation_read(
    method: &ruff_python_ast::StmtFunctionDef,
    relations: &FxHashMap<String, Relation>,
) -> Option<(String, std::ops::Range<usize>)> {
    struct Reads<'r> {
        relations: &'r FxHashMap<String, Relation>,
        found: Option<(String, std::ops::Range<usize>)>,
    }
    impl<'a> Visitor<'a> for Reads<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.found.is_some() {
                return;
            }
            if let Expr::Attribute(attr) = expr
                && matches!(&*attr.value, Expr::Name(n) if n.id.as_str() == "self")
                && self
                    .relations
                    .get(attr.attr.id.as_str())
                    .is_some_and(|r| !r.many && r.loading == Loading::Lazy)
            {
                let range = ruff_text_size::Ranged::range(attr);
                self.found = Some((
                    attr.attr.id.to_string(),
                    range.start().to_usize()..range.end().to_usize(),
                ));
                return;
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut reads = Reads {
        relations,
        found: None,
    };
    reads.visit_body(&method.body);
    reads.found
}

/// Whether a text applies a query root to anything (`….objects`, `select(…`).
pub fn names_query_root(text: &str) -> bool {
    query_roots(text).next().is_some()
}

/// The names query roots are applied to in a text: `Book` in `Book.objects`, `Book.query`,
/// `query(Book` and `select(Book`.
fn query_roots(text: &str) -> impl Iterator<Item = &str> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    QUERY_ROOTS
        .as_ref()
        .into_iter()
        .flat_map(move |roots| roots.find_overlapping_iter(text))
        .map(move |found| {
            if found.pattern().as_usize() < 2 {
                let before = &text[..found.start()];
                &before[before.trim_end_matches(is_ident).len()..]
            } else {
                let after = text[found.end()..].trim_start();
                &after[..after.len() - after.trim_start_matches(is_ident).len()]
            }
        })
}

/// A relation the target model gets from a field on another model: (target, name, relation).
type Reverse = (String, String, (Orm, Relation));

fn django_relation(
    model: &str,
    field: &str,
    call: &ruff_python_ast::ExprCall,
    reverse: &mut Vec<Reverse>,
) -> Option<Relation> {
    let kind = last_name(&call.func)?;
    let (many, reverse_many) = match kind {
        "ForeignKey" | "ParentalKey" => (false, true),
        "OneToOneField" => (false, false),
        "ManyToManyField" | "ParentalManyToManyField" => (true, true),
        _ => return None,
    };
    let target = django_target(model, call)?;
    let lower = model.to_ascii_lowercase();
    let reverse_name = match keyword(call, "related_name").and_then(string_value) {
        Some(name) if name.ends_with('+') => None,
        Some(name) => Some(name.replace("%(class)s", &lower)),
        None if reverse_many => Some(format!("{lower}_set")),
        None => Some(lower),
    };
    if let Some(name) = reverse_name {
        let relation = Relation {
            target: model.to_string(),
            many: reverse_many,
            loading: Loading::Lazy,
            reverse_of: (!many).then(|| field.to_string()),
        };
        reverse.push((target.clone(), name, (Orm::Django, relation)));
    }
    // django-auto-prefetch's `ForeignKey` and `OneToOneField` load the relation of every
    // object of the queryset on the first access: one query for the loop, not one per item.
    let auto_prefetch = crate::python::module::written_path(&call.func)
        .is_some_and(|path| path.starts_with("auto_prefetch."));
    Some(Relation {
        target,
        many,
        loading: if auto_prefetch && !many {
            Loading::Eager
        } else {
            Loading::Lazy
        },
        reverse_of: None,
    })
}

/// The model a Django relation field of `model` points at: its first argument or `to=`,
/// `"self"` being `model`.
pub(super) fn django_target(model: &str, call: &ruff_python_ast::ExprCall) -> Option<String> {
    let target = call
        .arguments
        .args
        .first()
        .or_else(|| keyword(call, "to"))
        .and_then(model_name)?;
    Some(if target == "self" {
        model.to_string()
    } else {
        target
    })
}

fn sqlalchemy_relation(
    model: &str,
    call: &ruff_python_ast::ExprCall,
    annotation: Option<&Expr>,
    reverse: &mut Vec<Reverse>,
) -> Option<Relation> {
    if last_name(&call.func) != Some("relationship") {
        return None;
    }
    let annotated = annotation.and_then(mapped_target);
    let target = call
        .arguments
        .args
        .first()
        .and_then(model_name)
        .or_else(|| keyword(call, "argument").and_then(model_name))
        .or_else(|| annotated.as_ref().map(|(name, _)| name.clone()))?;
    let uselist = keyword(call, "uselist").and_then(|e| match e {
        Expr::BooleanLiteral(b) => Some(b.value),
        _ => None,
    });
    let many = uselist
        .or_else(|| annotated.as_ref().map(|(_, many)| *many))
        .unwrap_or(true);
    let loading = match keyword(call, "lazy").and_then(string_value).as_deref() {
        Some("joined" | "selectin" | "subquery" | "immediate") => Loading::Eager,
        Some("raise" | "raise_on_sql" | "noload") => Loading::Never,
        Some("dynamic" | "write_only") => Loading::EveryAccess,
        _ => Loading::Lazy,
    };
    if let Some(backref) = keyword(call, "backref").and_then(|e| {
        string_value(e).or_else(|| match e {
            Expr::Call(c) => c.arguments.args.first().and_then(string_value),
            _ => None,
        })
    }) {
        let relation = Relation {
            target: model.to_string(),
            many: true,
            loading: Loading::Lazy,
            reverse_of: None,
        };
        reverse.push((target.clone(), backref, (Orm::SqlAlchemy, relation)));
    }
    Some(Relation {
        target,
        many,
        loading,
        reverse_of: None,
    })
}

/// `Mapped[list["Book"]]` → ("Book", many), `Mapped["Author"]` / `Mapped[Optional[Author]]`
/// → ("Author", one).
fn mapped_target(annotation: &Expr) -> Option<(String, bool)> {
    let Expr::Subscript(mapped) = annotation else {
        return None;
    };
    if last_name(&mapped.value) != Some("Mapped") {
        return None;
    }
    match &*mapped.slice {
        Expr::Subscript(inner) => {
            let wrapper = last_name(&inner.value)?;
            let many = matches!(wrapper, "list" | "List" | "set" | "Set" | "Sequence");
            Some((model_name(&inner.slice)?, many))
        }
        other => Some((model_name(other)?, false)),
    }
}

/// A model named by a class (`Author`), a string (`"Author"`, `"app.Author"`) or a dotted
/// reference (`library.Author`).
fn model_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => {
            let text = s.value.to_str();
            Some(text.rsplit('.').next().unwrap_or(text).to_string())
        }
        Expr::Name(_) | Expr::Attribute(_) => last_name(expr).map(str::to_string),
        _ => None,
    }
}

pub(super) fn keyword<'a>(call: &'a ruff_python_ast::ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments
        .keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == name))
        .map(|k| &k.value)
}

pub(super) fn string_value(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    }
}

fn string_attr(body: &[Stmt], name: &str) -> Option<String> {
    body.iter().find_map(|stmt| match stmt {
        Stmt::Assign(assign)
            if assign
                .targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == name)) =>
        {
            string_value(&assign.value)
        }
        _ => None,
    })
}

fn is_false_attr(body: &[Stmt], name: &str) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::Assign(assign) => {
            assign
                .targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == name))
                && matches!(&*assign.value, Expr::BooleanLiteral(b) if !b.value)
        }
        _ => false,
    })
}

fn is_call_to(expr: &Expr, name: &str) -> bool {
    matches!(expr, Expr::Call(call) if last_name(&call.func) == Some(name))
}

/// The last part of a name or attribute chain: `models.ForeignKey` → `ForeignKey`.
/// A Django manager made in a model's body: `PublishedManager()` or `models.Manager()`
/// (`Some` of its class, when a project's own), `BookQuerySet.as_manager()` and
/// `BookManager.from_queryset(BookQuerySet)()` (`None`: their class is made at run time).
fn manager_construction(call: &ruff_python_ast::ExprCall) -> Option<Option<&str>> {
    match &*call.func {
        Expr::Attribute(attr) if attr.attr.id.as_str() == "as_manager" => Some(None),
        Expr::Call(inner) if matches!(&*inner.func, Expr::Attribute(a) if a.attr.id.as_str() == "from_queryset") => {
            Some(None)
        }
        func => {
            let name = last_name(func)?;
            match name {
                "Manager" => Some(None),
                // django-taggit's fields (and modelcluster's), not managers of the rows.
                _ if name.ends_with("TaggableManager") => None,
                _ if name.ends_with("Manager") => Some(Some(name)),
                _ => None,
            }
        }
    }
}

pub fn last_name(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(name) => Some(name.id.as_str()),
        Expr::Attribute(attr) => Some(attr.attr.id.as_str()),
        _ => None,
    }
}

/// The relation paths `prefetch_related(…)` arguments load: names, and `Prefetch(…)`
/// objects without `to_attr` (with it, the rows land in a list attribute instead).
pub(crate) fn prefetched(lookups: &[Expr]) -> Vec<String> {
    lookups
        .iter()
        .filter_map(|lookup| match lookup {
            Expr::Call(prefetch) if last_name(&prefetch.func) == Some("Prefetch") => {
                let to_attr = prefetch
                    .arguments
                    .keywords
                    .iter()
                    .any(|k| k.arg.as_ref().is_some_and(|a| a.id.as_str() == "to_attr"));
                if to_attr {
                    None
                } else {
                    prefetch.arguments.args.first().and_then(string_value)
                }
            }
            other => string_value(other),
        })
        .collect()
}
