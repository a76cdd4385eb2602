//! N+1 in templates: the querysets a view hands to a Django or Jinja2 template, and the
//! relations the template reads once per item of a loop over them that the queryset does
//! not load (`{% for b in books %}{{ b.author.name }}{% endfor %}` without
//! `select_related("author")`).
//!
//! Views are read with the ORM walk (`queries::renders`); templates are found and read by
//! the run, through a [`Loader`], since this module does no I/O; `settings` reads where a
//! Django project keeps them.

pub mod flask_folders;
pub mod settings;
pub mod tree;
mod walk;

use std::ops::Range;

use super::Orm;
use super::queries::RelationLoad;
pub use walk::analyse;

/// Words without which a module renders no template with a context.
static RENDER_WORDS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new([
            "render(",
            "render_to_string(",
            "render_to_response(",
            "TemplateResponse(",
            "render_template(",
            "ListView",
            "DetailView",
            "TemplateView",
        ])
        .ok()
    });

/// Whether a module may render a template: the cheap test before reading it for renders.
pub fn may_render(text: &str) -> bool {
    RENDER_WORDS.as_ref().is_some_and(|w| w.is_match(text))
}

/// Which template language a view renders with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// `render()`, `TemplateResponse`, class-based views.
    Django,
    /// Flask's `render_template()`.
    Jinja,
}

/// Rows a view hands to a template, and what the query loads with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rows {
    pub model: String,
    pub orm: Orm,
    /// Relation paths loaded with the rows (`select_related`, `prefetch_related`, loader
    /// options); `*` for every one.
    pub loaded: Vec<String>,
    /// `select_related()` without arguments: every forward single relation.
    pub all_selected: bool,
    /// Where the query is built, in the view.
    pub span: Range<usize>,
}

impl Rows {
    /// Whether the query loads `path` (`author__publisher`) with its rows.
    pub fn covers(&self, path: &str, many: bool) -> bool {
        super::loads(&self.loaded, self.all_selected, path, many)
    }
}

/// A name of a template's context bound to rows (`books` in `{"books": qs}`), or to one
/// object read with such a query (a `DetailView`'s `object`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    pub name: String,
    pub rows: Rows,
    pub many: bool,
}

/// A view rendering a template with some rows in its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Render {
    pub flavour: Flavour,
    /// The template names tried in order.
    pub templates: Vec<String>,
    pub context: Vec<Bound>,
}

/// A template found by name: an id of the loader's choosing, and its text.
pub struct Loaded {
    pub id: usize,
    pub text: std::sync::Arc<str>,
}

/// Finds templates by name (`books/list.html`) for a render, `include` and `extends`.
pub trait Loader {
    fn load(&mut self, name: &str) -> Option<Loaded>;
}

/// A relation a template reads once per item of a loop over rows from a view.
#[derive(Clone, Debug)]
pub struct TemplateLoad {
    /// The template the access is in (a loader id), and the loop's.
    pub file: usize,
    pub loop_file: usize,
    /// The model of the loop's items: one query per each.
    pub per: String,
    /// The access (`b.author` in `{{ b.author.name }}`) and the loop's tag, by the
    /// templates' offsets; `load.model` is the rows' model, `load.many` whether only a
    /// prefetch loads the path (it goes through a relation to many objects).
    pub load: RelationLoad,
    /// The access as written.
    pub written: String,
    /// The context name the rows were handed in, and the view's query.
    pub name: String,
    pub rows: Range<usize>,
}
