//! Django and SQLAlchemy: models learnt across the repository, and the querysets, query
//! results and loops over them in each module.

pub mod indexes;
pub mod models;
pub mod queries;
pub mod reference;
pub mod templates;

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

pub use models::{ModelIndex, Orm, names_query_root};
pub use queries::{OrmFacts, orm_facts};

/// Words without which a file defines no model (a relation field assigned in a class body,
/// or a model base class) and no manager.
static MODEL_WORDS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::new([
        "= models.ForeignKey(",
        "= models.OneToOneField(",
        "= models.ManyToManyField(",
        "= ForeignKey(",
        "= OneToOneField(",
        "= ManyToManyField(",
        "(models.Model",
        "models.Model)",
        // A custom manager whose `get_queryset()` loads relations for its model.
        "(models.Manager",
        "Manager):",
        "relationship(",
        "__tablename__",
        "Mapped[",
        "db.Model",
    ])
    .ok()
});

/// Whether a file may define models (and is worth parsing for them).
pub fn may_define_models(text: &str) -> bool {
    MODEL_WORDS.as_ref().is_none_or(|w| w.is_match(text)) && !is_migration(text)
}

/// A Django or Alembic migration: it runs once, on a snapshot of the schema, and the model
/// classes an Alembic migration declares are copies, not the application's models. Neither
/// its models nor its loops say anything about the application's queries.
pub fn is_migration(text: &str) -> bool {
    text.contains("migrations.Migration)") || text.contains("\ndown_revision")
}

/// Whether a file sits in a migrations folder (Django `migrations/`, Alembic `alembic/`,
/// their helpers): the models declared there are snapshots, and learning them would
/// shadow the application's models of the same name.
pub fn in_migrations(path: &std::path::Path) -> bool {
    path.components()
        .any(|c| matches!(c.as_os_str().to_str(), Some("migrations" | "alembic")))
}

/// Whether a file may query one of the models through an ORM (migrations aside).
pub fn may_query(text: &str, models: &ModelIndex) -> bool {
    models.may_be_queried(text) && !is_migration(text)
}

/// Whether a query loading the relation paths `loaded` (`*`: every one), or every forward
/// single relation (`all_selected`: `select_related()`), loads `path` (`author__publisher`)
/// with its rows; `many` for a relation to many rows.
pub(crate) fn loads(loaded: &[String], all_selected: bool, path: &str, many: bool) -> bool {
    (all_selected && !many && !path.contains("__"))
        || loaded.iter().any(|l| {
            l == "*" || l == path || l.strip_prefix(path).is_some_and(|r| r.starts_with("__"))
        })
}

/// The models a file defines.
pub fn learn_models(text: &str, path: &std::path::Path) -> ModelIndex {
    if may_define_models(text) {
        learn_models_in(&super::parse::parse(text).module.body, path)
    } else {
        ModelIndex::default()
    }
}

/// The models a parsed file defines.
pub fn learn_models_in(body: &[ruff_python_ast::Stmt], path: &std::path::Path) -> ModelIndex {
    let mut index = ModelIndex::default();
    index.learn(body, django_app(path).as_deref());
    index
}

/// The Django app of a models module: the folder of `app/models.py`, or of the `models/`
/// package in `app/models/book.py`.
pub fn django_app(path: &std::path::Path) -> Option<String> {
    let parent = path.parent()?;
    let folder = if parent.file_name()? == "models" {
        parent.parent()?
    } else {
        parent
    };
    Some(folder.file_name()?.to_str()?.to_ascii_lowercase())
}
