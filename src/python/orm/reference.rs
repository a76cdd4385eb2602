//! Reference data: the small tables of definitions an admin fills (queues, categories,
//! custom fields, countries) that other models point at. They are read whole on purpose
//! (to build a form's choices, to filter permissions in Python), and they stay small: rows
//! that record events grow with use, definitions do not. Inferred once per run from the
//! whole model index, with the effect a `small-tables` entry has.
//!
//! A model is reference data when
//! - another model of the project points at it (`ForeignKey`, `OneToOneField`,
//!   `ManyToManyField`; SQLAlchemy `ForeignKey("table.column")` columns);
//! - every model of the project it points at itself (`ForeignKey`, `OneToOneField`) is
//!   reference data: definitions sit at the top of the relation graph. A model not in the
//!   project (the auth user model, `settings.AUTH_USER_MODEL`) does not count, and neither
//!   does a `ForeignKey("self")` of a category tree;
//! - no field records when a row was made or changed (`records_time`).

use ruff_python_ast::{Expr, ExprCall, Stmt, StmtClassDef};
use rustc_hash::{FxHashMap, FxHashSet};

use super::indexes::field_calls;
use super::models::{Model, ModelIndex, Orm, django_target, keyword, last_name, string_value};

/// What a model's class says about its place in the relation graph and its rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    /// Its class is defined in the project; a model only named by another's relation (the
    /// auth user model) is not.
    pub defined: bool,
    /// Models its `ForeignKey` / `OneToOneField` fields (or SQLAlchemy
    /// `ForeignKey(Model.id)` columns) point at.
    pub points_at: Vec<String>,
    /// Models its `ManyToManyField` fields point at.
    pub many_to_many: Vec<String>,
    /// Tables its SQLAlchemy `ForeignKey("table.column")` columns point at.
    pub points_at_tables: Vec<String>,
    /// A field records when a row was made or changed.
    pub records_time: bool,
    /// Its base classes, whose fields it inherits (an abstract `TimeStamped` base).
    pub bases: Vec<String>,
}

impl Shape {
    /// Two classes of one name: what either says.
    pub fn merge(&mut self, other: Shape) {
        self.defined |= other.defined;
        self.records_time |= other.records_time;
        self.points_at.extend(other.points_at);
        self.many_to_many.extend(other.many_to_many);
        self.points_at_tables.extend(other.points_at_tables);
        self.bases.extend(other.bases);
    }
}

/// The shape of a model class the index learns.
pub fn shape(class: &StmtClassDef, orm: Orm) -> Shape {
    let name = class.name.id.as_str();
    let bases: Vec<String> = class
        .arguments
        .iter()
        .flat_map(|a| a.args.iter())
        .filter_map(last_name)
        .map(str::to_string)
        .collect();
    // django-model-utils' and django-extensions' `TimeStampedModel` add `created` and
    // `modified`.
    let mut shape = Shape {
        defined: true,
        records_time: bases
            .iter()
            .any(|b| b.to_ascii_lowercase().contains("timestamped")),
        bases,
        ..Shape::default()
    };
    match orm {
        Orm::Django => django(class, name, &mut shape),
        Orm::SqlAlchemy => sqlalchemy(class, &mut shape),
    }
    shape
}

fn django(class: &StmtClassDef, model: &str, shape: &mut Shape) {
    for (field, call) in field_calls(&class.body) {
        let kind = last_name(&call.func).unwrap_or_default();
        let target = || django_target(model, call);
        match kind {
            "ForeignKey" | "OneToOneField" | "ParentalKey" => shape.points_at.extend(target()),
            "ManyToManyField" | "ParentalManyToManyField" => shape.many_to_many.extend(target()),
            _ => shape.records_time |= django_records_time(field, kind, call),
        }
    }
}

/// `created = DateTimeField(auto_now_add=True)`, `updated = DateTimeField(auto_now=True)`,
/// `DateTimeField(default=timezone.now)`, a date field named like a timestamp, or a field
/// type made for it (django-extensions' `CreationDateTimeField`, django-model-utils'
/// `AutoCreatedField`, `AutoLastModifiedField`).
fn django_records_time(field: &str, kind: &str, call: &ExprCall) -> bool {
    if kind.ends_with("Field") && (kind.contains("Creat") || kind.contains("Modifi")) {
        return true;
    }
    if !matches!(kind, "DateTimeField" | "DateField") {
        return false;
    }
    let is_true = |name| matches!(keyword(call, name), Some(Expr::BooleanLiteral(b)) if b.value);
    is_true("auto_now_add")
        || is_true("auto_now")
        || keyword(call, "default").is_some_and(is_now)
        || named_like_timestamp(field)
}

fn sqlalchemy(class: &StmtClassDef, shape: &mut Shape) {
    for stmt in &class.body {
        let (target, annotation, value) = match stmt {
            Stmt::Assign(assign) => (assign.targets.first(), None, Some(&*assign.value)),
            Stmt::AnnAssign(assign) => (
                Some(&*assign.target),
                Some(&*assign.annotation),
                assign.value.as_deref(),
            ),
            _ => continue,
        };
        let Some(Expr::Name(field)) = target else {
            continue;
        };
        let call = match value {
            Some(Expr::Call(call))
                if matches!(last_name(&call.func), Some("Column" | "mapped_column")) =>
            {
                Some(call)
            }
            // `created_at: Mapped[datetime]`, a column with no options.
            None => None,
            Some(_) => continue,
        };
        if let Some(call) = call {
            for arg in &call.arguments.args {
                let Expr::Call(foreign) = arg else {
                    continue;
                };
                if last_name(&foreign.func) != Some("ForeignKey") {
                    continue;
                }
                match foreign.arguments.args.first() {
                    // `ForeignKey("countries.id")`, `ForeignKey("geo.countries.id")`.
                    Some(column @ Expr::StringLiteral(_)) => {
                        let column = string_value(column).unwrap_or_default();
                        let mut parts = column.rsplit('.');
                        parts.next();
                        shape
                            .points_at_tables
                            .extend(parts.next().map(str::to_string));
                    }
                    // `ForeignKey(Country.id)`.
                    Some(Expr::Attribute(attribute)) => {
                        shape
                            .points_at
                            .extend(last_name(&attribute.value).map(str::to_string));
                    }
                    _ => {}
                }
            }
        }
        let temporal = annotation.is_some_and(mapped_time)
            || call.is_some_and(|c| c.arguments.args.iter().any(is_time_type));
        if !temporal {
            continue;
        }
        let stamped = call.is_some_and(|call| {
            ["default", "server_default", "onupdate", "server_onupdate"]
                .iter()
                .any(|k| keyword(call, k).is_some_and(is_now))
        });
        shape.records_time |= stamped || named_like_timestamp(field.id.as_str());
    }
}

/// `DateTime`, `DateTime(timezone=True)`, `TIMESTAMP`, `Date`.
fn is_time_type(expr: &Expr) -> bool {
    matches!(
        named_or_called(expr),
        Some("DateTime" | "Date" | "TIMESTAMP" | "DATETIME" | "DATE")
    )
}

/// The last name of `a.b` or of the function `a.b(…)` calls.
fn named_or_called(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Call(call) => last_name(&call.func),
        other => last_name(other),
    }
}

/// `Mapped[datetime]`, `Mapped[Optional[datetime]]`, `Mapped[date]`.
fn mapped_time(annotation: &Expr) -> bool {
    let Expr::Subscript(mapped) = annotation else {
        return false;
    };
    if last_name(&mapped.value) != Some("Mapped") {
        return false;
    }
    let inner = match &*mapped.slice {
        Expr::Subscript(optional) => &*optional.slice,
        other => other,
    };
    matches!(last_name(inner), Some("datetime" | "date"))
}

/// The clock as a default: `timezone.now`, `datetime.now`, `datetime.utcnow`, `date.today`,
/// called or not, and SQL's `func.now()`, `func.current_timestamp()`.
fn is_now(expr: &Expr) -> bool {
    matches!(
        named_or_called(expr),
        Some("now" | "utcnow" | "today" | "localtime" | "current_timestamp")
    )
}

/// Words of a field name that say it stamps a row: `created`, `created_at`,
/// `date_created`, `last_modified`, `updated_on`, `submitted`, `timestamp`, or a field
/// named just `date`. `email_box_last_check` or `due_date` do not: they are not about the
/// row.
fn named_like_timestamp(field: &str) -> bool {
    const WORDS: [&str; 11] = [
        "created",
        "creation",
        "modified",
        "modification",
        "updated",
        "changed",
        "submitted",
        "added",
        "joined",
        "timestamp",
        "occurred",
    ];
    let field = field.to_ascii_lowercase();
    field == "date" || field.split('_').any(|word| WORDS.contains(&word))
}

/// The models of the index that are reference data (see the module's doc). Cycles are
/// fine: the set starts from every candidate and drops, until nothing changes, each one
/// pointing at a model of the project outside the set.
pub fn reference_data(index: &ModelIndex) -> FxHashSet<String> {
    let models: FxHashMap<&str, &Model> = index.models().filter(|(_, m)| m.shape.defined).collect();
    let by_table: FxHashMap<String, &str> = models
        .iter()
        .filter_map(|(name, m)| Some((m.table.as_deref()?.to_ascii_lowercase(), *name)))
        .collect();
    let targets: FxHashMap<&str, Vec<&str>> = models
        .iter()
        .map(|(name, model)| {
            let named = model.shape.points_at.iter().map(String::as_str);
            let tabled = model
                .shape
                .points_at_tables
                .iter()
                .filter_map(|t| by_table.get(&t.to_ascii_lowercase()).copied());
            let targets = named
                .chain(tabled)
                .filter_map(|t| models.get_key_value(t).map(|(k, _)| *k))
                .collect();
            (*name, targets)
        })
        .collect();
    let mut pointed: FxHashSet<&str> = FxHashSet::default();
    for (name, model) in &models {
        let many = model.shape.many_to_many.iter().map(String::as_str);
        let all = targets.get(name).into_iter().flatten().copied().chain(many);
        pointed.extend(all.filter(|target| target != name));
    }
    let mut reference: FxHashSet<&str> = models
        .keys()
        .copied()
        .filter(|name| pointed.contains(name) && !records_time(index, name, &mut Vec::new()))
        .collect();
    loop {
        let outside: Vec<&str> = reference
            .iter()
            .copied()
            .filter(|name| {
                targets
                    .get(name)
                    .is_some_and(|ts| ts.iter().any(|t| !reference.contains(t)))
            })
            .collect();
        if outside.is_empty() {
            break;
        }
        for name in outside {
            reference.remove(name);
        }
    }
    reference.into_iter().map(str::to_string).collect()
}

/// Whether a model, or a base class it inherits fields from, records when rows are made.
fn records_time<'a>(index: &'a ModelIndex, name: &'a str, seen: &mut Vec<&'a str>) -> bool {
    if seen.contains(&name) {
        return false;
    }
    seen.push(name);
    let Some(model) = index.get(name) else {
        return false;
    };
    model.shape.records_time
        || model
            .shape
            .bases
            .iter()
            .any(|base| records_time(index, base, seen))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn index(text: &str) -> ModelIndex {
        let parsed = crate::python::parse::parse(text);
        let mut index = ModelIndex::default();
        index.learn(&parsed.module.body, Some("app"));
        index
    }

    #[test]
    fn reference_data_is_worked_out_again_when_models_are_merged() {
        let mut models = index(
            "from django.db import models\nclass Queue(models.Model):\n    title = models.CharField()\n",
        );
        // Pointed at by nobody yet.
        assert!(!models.is_reference_data("Queue"));
        models.merge(index(
            "from django.db import models\nclass Ticket(models.Model):\n    queue = models.ForeignKey('Queue', on_delete=models.CASCADE)\n    created = models.DateTimeField(auto_now_add=True)\n",
        ));
        assert!(models.is_reference_data("Queue"));
        assert!(!models.is_reference_data("Ticket"));
    }

    #[test]
    fn timestamps_are_told_by_the_words_of_a_name() {
        for stamp in [
            "created",
            "created_at",
            "date_created",
            "last_updated",
            "date",
        ] {
            assert!(named_like_timestamp(stamp), "{stamp}");
        }
        for other in ["email_box_last_check", "due_date", "birth_date", "updater"] {
            assert!(!named_like_timestamp(other), "{other}");
        }
    }
}
