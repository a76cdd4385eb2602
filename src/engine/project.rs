//! What a run knows about the whole repository before it checks any file: the ORM models
//! of its Python files and the schema of its DDL and models. Built first, read-only after.

use crate::python::orm::ModelIndex;
use crate::python::project::ProjectIndex;
use crate::schema::Schema;

#[derive(Default)]
pub struct Project {
    pub models: ModelIndex,
    pub schema: Schema,
    /// Every Python module under the project root, checked or not.
    pub python: ProjectIndex,
}
