//! What a run knows about the whole repository before it checks any file: the ORM models
//! of its Python files, the schema of its DDL and models, and its dbt projects' macros. Built
//! first, read-only after.

use std::path::{Path, PathBuf};

use crate::python::orm::ModelIndex;
use crate::python::project::ProjectIndex;
use crate::schema::Schema;
use crate::sql::template::Macros;

#[derive(Default)]
pub struct Project {
    pub models: ModelIndex,
    pub schema: Schema,
    /// Every Python module under the project root, checked or not.
    pub python: ProjectIndex,
    /// Each dbt project's root and its macros.
    pub macros: Vec<(PathBuf, Macros)>,
}

impl Project {
    /// The macros of the dbt project holding `file` (the innermost, when projects nest).
    pub fn macros_for(&self, file: &Path) -> Option<&Macros> {
        self.macros
            .iter()
            .filter(|(root, _)| file.starts_with(root))
            .max_by_key(|(root, _)| root.as_os_str().len())
            .map(|(_, macros)| macros)
    }
}
