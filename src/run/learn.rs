//! What each file teaches about its project — the ORM models and the module index of a
//! Python file, the schema changes of a `.sql` file — and where a project starts: the
//! directory of the closest config file (`sqlhound.toml`, `.sqlhound.toml`,
//! `pyproject.toml`), else of the git repository, else the file's own. Only a marked
//! project is walked for the files not checked: an unmarked folder may be `/` or `/tmp`.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::python::index::ModuleIndex;
use crate::python::orm::{self, ModelIndex};
use crate::python::project::ModuleSource;
use crate::schema::Change;
use crate::source::SourceKind;

use super::discover::Target;

/// What one file teaches.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Learnt {
    /// The ORM models it defines (none in a migrations folder: those are snapshots).
    pub models: ModelIndex,
    /// What its DDL does to the schema, in order.
    pub changes: Vec<Change>,
    /// A Python module's imports and definitions.
    pub module: Option<ModuleIndex>,
    /// A Python module that may render a template (a view, for N+1 in templates).
    #[serde(default)]
    pub renders: bool,
    /// A Python module's text and syntax tree, kept for its check and its summaries.
    #[serde(skip)]
    pub source: Option<std::sync::Arc<ModuleSource>>,
}

/// Reads what `text` (the file of `target`) teaches; a Python file is parsed once for its
/// models and its index, and, with `keep_tree` (a file to check), for its check.
pub fn learn(text: &str, target: &Target, keep_tree: bool) -> Learnt {
    match SourceKind::from_path(&target.path) {
        Some(SourceKind::Python) => {
            let parsed = crate::python::parse::parse(text);
            let body = &parsed.module.body;
            let models = if orm::may_define_models(text) && !orm::in_migrations(&target.path) {
                orm::learn_models_in(body, &target.path)
            } else {
                ModelIndex::default()
            };
            let module = Some(ModuleIndex::learnt(text, body));
            Learnt {
                models,
                changes: Vec::new(),
                module,
                renders: orm::templates::may_render(text),
                source: keep_tree.then(|| {
                    std::sync::Arc::new(ModuleSource {
                        text: text.to_string(),
                        parsed,
                    })
                }),
            }
        }
        // A notebook defines no models and no module others import.
        Some(SourceKind::Notebook) => Learnt::default(),
        _ => {
            let mut changes = Vec::new();
            crate::sql::parse::parse_ddl(text, target.settings.dialect, |statement| {
                changes.extend(crate::schema::changes(statement));
            });
            Learnt {
                changes,
                ..Learnt::default()
            }
        }
    }
}

/// Files that mark a project's root.
const ROOT_MARKERS: [&str; 3] = ["sqlhound.toml", ".sqlhound.toml", "pyproject.toml"];

/// Project roots, found once per directory.
#[derive(Default)]
pub struct Roots {
    /// Folder → its project's root, and whether a marker found it.
    known: FxHashMap<PathBuf, (PathBuf, bool)>,
}

impl Roots {
    /// The root of the project a file belongs to; `None` when its folder does not exist
    /// (standard input named after a path that is not there).
    pub fn of(&mut self, file: &Path) -> Option<PathBuf> {
        let dir = file.parent()?;
        if let Some((root, _)) = self.known.get(dir) {
            return Some(root.clone());
        }
        if !dir.is_dir() {
            return None;
        }
        let marked = dir
            .ancestors()
            .find(|d| ROOT_MARKERS.iter().any(|m| d.join(m).is_file()))
            .or_else(|| dir.ancestors().find(|d| d.join(".git").exists()));
        let root = marked.unwrap_or(dir).to_path_buf();
        self.known
            .insert(dir.to_path_buf(), (root.clone(), marked.is_some()));
        Some(root)
    }

    /// Every marked root found so far, each once, outermost first: the projects to walk.
    pub fn all(&self) -> Vec<PathBuf> {
        let mut roots: Vec<PathBuf> = self
            .known
            .values()
            .filter(|(_, marked)| *marked)
            .map(|(root, _)| root.clone())
            .collect();
        roots.sort();
        roots.dedup();
        // A root inside another is walked with it.
        let mut outer: Vec<PathBuf> = Vec::new();
        for root in roots {
            if !outer.iter().any(|o| root.starts_with(o)) {
                outer.push(root);
            }
        }
        outer
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_closest_config_file_else_the_repository_marks_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("svc/app/db")).unwrap();
        std::fs::create_dir_all(repo.join("tools")).unwrap();
        let loose = tempfile::tempdir().unwrap();
        std::fs::write(repo.join("svc/pyproject.toml"), "").unwrap();
        let mut roots = Roots::default();
        assert_eq!(
            roots.of(&repo.join("svc/app/db/q.py")).unwrap(),
            repo.join("svc")
        );
        assert_eq!(roots.of(&repo.join("tools/t.py")).unwrap(), repo);
        assert_eq!(roots.of(Path::new("/no/such/dir/x.py")), None);
        // A folder of loose files names modules but is not walked.
        assert_eq!(roots.of(&loose.path().join("x.py")).unwrap(), loose.path());
        assert_eq!(roots.all(), vec![repo.to_path_buf()]);
    }
}
