//! Django's schema editor: the interface migrations call to create and alter tables. Its
//! methods receive the migration's models, fields, indexes and constraints — model
//! definitions, written in code — so the names, types and defaults it reads off them
//! (`model._meta.db_table`, `field.column`, `field.db_parameters(…)["type"]`) are schema,
//! not input.

use super::module::Module;

/// The base of every schema editor, and the backends' editors a project may extend.
const SCHEMA_EDITORS: [&str; 9] = [
    "django.db.backends.base.schema.BaseDatabaseSchemaEditor",
    "django.db.backends.postgresql.schema.DatabaseSchemaEditor",
    "django.db.backends.mysql.schema.DatabaseSchemaEditor",
    "django.db.backends.sqlite3.schema.DatabaseSchemaEditor",
    "django.db.backends.oracle.schema.DatabaseSchemaEditor",
    "django.contrib.gis.db.backends.postgis.schema.PostGISSchemaEditor",
    "django.contrib.gis.db.backends.mysql.schema.MySQLGISSchemaEditor",
    "django.contrib.gis.db.backends.spatialite.schema.SpatialiteSchemaEditor",
    "django.contrib.gis.db.backends.oracle.schema.OracleGISSchemaEditor",
];

/// Whether `class` of `module` is a schema editor (Django's own, or one deriving from it).
pub fn is_schema_editor(module: &Module<'_>, class: &str) -> bool {
    let own = format!("{}.{class}", module.name);
    SCHEMA_EDITORS
        .iter()
        .any(|editor| *editor == own || module.class_inherits(class, editor))
}
