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
    SCHEMA_EDITORS.iter().any(|editor| {
        let own = editor
            .strip_suffix(class)
            .and_then(|m| m.strip_suffix('.'))
            .is_some_and(|m| module.is_module(m));
        own || module.class_inherits(class, editor)
    })
}

/// Names of the schema objects a schema editor's methods receive (`model`, `old_field`,
/// `new_db_table`, `fields`).
const SCHEMA_OBJECTS: [&str; 8] = [
    "model",
    "field",
    "fields",
    "index",
    "constraint",
    "db_table",
    "tablespace",
    "through",
];

/// Classes a schema object parameter may be annotated with (`type[Model]`, `models.Field`).
const SCHEMA_CLASSES: [&str; 4] = ["Model", "Field", "Index", "Constraint"];

/// Whether a schema editor's parameter is a schema object, by its name or its annotation.
pub fn is_schema_parameter(name: &str, annotation: Option<&str>) -> bool {
    let named = SCHEMA_OBJECTS
        .iter()
        .any(|object| name == *object || name.ends_with(&format!("_{object}")));
    let annotated = annotation.is_some_and(|a| {
        let class = a
            .trim_end_matches(']')
            .rsplit(['.', '['])
            .next()
            .unwrap_or(a);
        SCHEMA_CLASSES.iter().any(|c| class.ends_with(c))
    });
    named || annotated
}
