//! dbt projects: a `dbt_project.yml` above a checked file marks one. Its models are `.sql`
//! Jinja templates (checked like any `.sql` file), in which calls of the project's simple
//! macros (under `macro-paths`) are expanded (`template::Macros`); its property files (`schema.yml` and any
//! `*.yml` under `model-paths`) say which tables exist — each model, each source's tables —
//! and which columns are unique (`tests`/`data_tests: [unique]`, `unique` and `primary_key`
//! constraints, `dbt_utils.unique_combination_of_columns`): dbt builds those tables, so
//! their unique columns are what the schema rules can count on. The columns listed are
//! kept too, but a list is taken for all the table's columns only when the model's contract
//! is enforced (`config: {contract: {enforced: true}}`): dbt then fails the build on any
//! other column, while a plain list may document a few columns of many.

use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml::Value;

use crate::schema::{self, Change, Index};
use crate::sql::template::Macros;

/// The file that marks a dbt project's root.
const PROJECT_FILE: &str = "dbt_project.yml";

/// What the dbt projects of a run teach, and the files that could not be read.
#[derive(Default)]
pub struct Learnt {
    pub changes: Vec<Change>,
    /// Each project's root and its macros.
    pub macros: Vec<(PathBuf, Macros)>,
    /// A property or project file that is not valid YAML of its kind, and why.
    pub problems: Vec<(PathBuf, String)>,
}

/// The tables and unique columns the property files declare, in the dbt projects that hold
/// `files`, each project read once.
pub fn learn<'a>(files: impl IntoIterator<Item = &'a Path>) -> Learnt {
    let mut roots_of: FxHashMap<&Path, Option<PathBuf>> = FxHashMap::default();
    let mut roots = BTreeSet::new();
    for file in files {
        let Some(dir) = file.parent() else {
            continue;
        };
        let root = roots_of.entry(dir).or_insert_with(|| {
            dir.ancestors()
                .find(|d| d.join(PROJECT_FILE).is_file())
                .map(Path::to_path_buf)
        });
        roots.extend(root.clone());
    }
    let mut learnt = Learnt::default();
    for root in roots {
        learn_project(&root, &mut learnt);
    }
    learnt
}

/// `dbt_project.yml`: only where the models and macros are matters here (dbt ≥ 1.0
/// `model-paths`, earlier `source-paths`).
#[derive(Deserialize)]
struct ProjectFile {
    #[serde(rename = "model-paths")]
    model_paths: Option<Vec<String>>,
    #[serde(rename = "source-paths")]
    source_paths: Option<Vec<String>>,
    #[serde(rename = "macro-paths")]
    macro_paths: Option<Vec<String>>,
}

fn learn_project(root: &Path, learnt: &mut Learnt) {
    let path = root.join(PROJECT_FILE);
    let project: ProjectFile = match read_yaml(&path) {
        Ok(project) => project,
        Err(problem) => return learnt.problems.push((path, problem)),
    };
    let model_paths = project
        .model_paths
        .or(project.source_paths)
        .unwrap_or_else(|| vec!["models".into()]);
    for path in files_under(root, &model_paths, &["yml", "yaml"]) {
        match read_yaml::<Properties>(&path) {
            Ok(properties) => properties.changes(&mut learnt.changes),
            Err(problem) => learnt.problems.push((path, problem)),
        }
    }
    let macro_paths = project.macro_paths.unwrap_or_else(|| vec!["macros".into()]);
    let mut macros = Macros::default();
    for path in files_under(root, &macro_paths, &["sql"]) {
        // A macro file that cannot be read or whose Jinja is broken expands nothing; it is
        // checked as a `.sql` file of its own, which reports it.
        if let Ok(text) = std::fs::read_to_string(&path) {
            let _ = macros.learn(&text);
        }
    }
    if !macros.is_empty() {
        learnt.macros.push((root.to_path_buf(), macros));
    }
}

/// The files with one of `extensions` under the `dirs` of `root`, sorted.
fn files_under(root: &Path, dirs: &[String], extensions: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in dirs {
        let walk = ignore::WalkBuilder::new(root.join(dir)).build();
        files.extend(walk.flatten().map(ignore::DirEntry::into_path).filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| extensions.iter().any(|x| e == *x))
        }));
    }
    files.sort();
    files
}

fn read_yaml<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
    // An empty file (or one of comments) declares nothing.
    let text = if text.trim().is_empty() { "{}" } else { &text };
    serde_yaml::from_str(text).map_err(|e| format!("not a dbt YAML file sqlhound can read: {e}"))
}

/// A property file: the parts that name tables and unique columns.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Properties {
    models: Vec<Model>,
    sources: Vec<Source>,
}

#[derive(Deserialize)]
struct Model {
    name: String,
    #[serde(default)]
    config: ModelConfig,
    #[serde(flatten)]
    checks: Checks,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModelConfig {
    contract: Contract,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Contract {
    enforced: bool,
}

#[derive(Deserialize)]
struct Source {
    #[serde(default)]
    tables: Vec<Model>,
}

/// What a model, a source table or a column declares about uniqueness.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Checks {
    columns: Vec<Column>,
    tests: Vec<Value>,
    /// dbt ≥ 1.8's name for `tests`.
    data_tests: Vec<Value>,
    constraints: Vec<Constraint>,
}

#[derive(Deserialize)]
struct Column {
    name: String,
    data_type: Option<String>,
    #[serde(flatten)]
    checks: Checks,
}

#[derive(Deserialize)]
struct Constraint {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    columns: Vec<String>,
}

impl Properties {
    fn changes(self, out: &mut Vec<Change>) {
        let tables = self
            .models
            .into_iter()
            .chain(self.sources.into_iter().flat_map(|s| s.tables));
        for mut table in tables {
            let name = table.name.to_ascii_lowercase();
            out.push(Change::Table(name.clone()));
            let unique = |columns: Vec<String>| {
                Change::Index(
                    name.clone(),
                    Index {
                        name: None,
                        columns: columns.iter().map(|c| c.to_ascii_lowercase()).collect(),
                        unique: true,
                        predicate: None,
                    },
                )
            };
            let mut columns = Vec::new();
            for column in std::mem::take(&mut table.checks.columns) {
                columns.push(schema::Column {
                    name: column.name.to_ascii_lowercase(),
                    data_type: column.data_type,
                    not_null: column.checks.declares("not_null")
                        || column.checks.declares("primary_key"),
                });
                if column.checks.declares("unique") || column.checks.declares("primary_key") {
                    out.push(unique(vec![column.name]));
                }
            }
            if !columns.is_empty() {
                out.push(Change::Columns {
                    table: name.clone(),
                    columns,
                    complete: table.config.contract.enforced,
                });
            }
            out.extend(table.checks.unique_sets().map(unique));
        }
    }
}

impl Checks {
    /// A column's test (`unique`, `not_null`) or constraint (those and `primary_key`) of
    /// that name.
    fn declares(&self, name: &str) -> bool {
        let test = self
            .tests
            .iter()
            .chain(&self.data_tests)
            .any(|t| test_name(t) == Some(name));
        test || self.constraints.iter().any(|c| c.kind == name)
    }

    /// The column sets a model's tests and constraints make unique.
    fn unique_sets(self) -> impl Iterator<Item = Vec<String>> {
        let tests = self
            .tests
            .into_iter()
            .chain(self.data_tests)
            .filter_map(|test| combination_of_columns(&test));
        let constraints = self
            .constraints
            .into_iter()
            .filter(|c| c.is_unique() && !c.columns.is_empty())
            .map(|c| c.columns);
        tests.chain(constraints)
    }
}

impl Constraint {
    fn is_unique(&self) -> bool {
        matches!(self.kind.as_str(), "unique" | "primary_key")
    }
}

/// A test's name: `unique`, or the key of `{unique: {config: …}}`.
fn test_name(test: &Value) -> Option<&str> {
    match test {
        Value::String(name) => Some(name),
        Value::Mapping(map) if map.len() == 1 => map.keys().next()?.as_str(),
        _ => None,
    }
}

/// `dbt_utils.unique_combination_of_columns: {combination_of_columns: [a, b]}` (the
/// columns under `arguments:` since dbt 1.10).
fn combination_of_columns(test: &Value) -> Option<Vec<String>> {
    let name = test_name(test)?;
    if name.rsplit('.').next() != Some("unique_combination_of_columns") {
        return None;
    }
    let config = test.get(name)?;
    let columns = config
        .get("combination_of_columns")
        .or_else(|| config.get("arguments")?.get("combination_of_columns"))?;
    columns
        .as_sequence()?
        .iter()
        .map(|c| c.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn changes(yaml: &str) -> Vec<Change> {
        let mut out = Vec::new();
        serde_yaml::from_str::<Properties>(yaml)
            .unwrap()
            .changes(&mut out);
        out
    }

    fn index(table: &str, columns: &[&str]) -> Change {
        Change::Index(
            table.into(),
            Index {
                name: None,
                columns: columns.iter().map(|c| c.to_string()).collect(),
                unique: true,
                predicate: None,
            },
        )
    }

    fn columns(table: &str, complete: bool, columns: &[(&str, Option<&str>, bool)]) -> Change {
        Change::Columns {
            table: table.into(),
            columns: columns
                .iter()
                .map(|&(name, data_type, not_null)| schema::Column {
                    name: name.into(),
                    data_type: data_type.map(str::to_string),
                    not_null,
                })
                .collect(),
            complete,
        }
    }

    #[test]
    fn models_and_sources_declare_tables_and_unique_columns() {
        let yaml = "
version: 2
models:
  - name: Orders
    columns:
      - name: ID
        data_type: bigint
        tests: [unique, not_null]
      - name: status
        data_tests:
          - accepted_values: {values: [a, b]}
      - name: code
        data_tests:
          - unique: {config: {severity: warn}}
      - name: ref_no
        constraints: [{type: primary_key}]
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          arguments:
            combination_of_columns: [customer_id, placed_at]
sources:
  - name: shop
    tables:
      - name: customers
        columns: [{name: id, tests: [unique]}]
        constraints: [{type: unique, columns: [email]}]
";
        assert_eq!(
            changes(yaml),
            [
                Change::Table("orders".into()),
                index("orders", &["id"]),
                index("orders", &["code"]),
                index("orders", &["ref_no"]),
                columns(
                    "orders",
                    false,
                    &[
                        ("id", Some("bigint"), true),
                        ("status", None, false),
                        ("code", None, false),
                        ("ref_no", None, true),
                    ]
                ),
                index("orders", &["customer_id", "placed_at"]),
                Change::Table("customers".into()),
                index("customers", &["id"]),
                columns("customers", false, &[("id", None, false)]),
                index("customers", &["email"]),
            ]
        );
    }

    #[test]
    fn only_an_enforced_contract_makes_a_column_list_complete() {
        let yaml = "
models:
  - name: enforced
    config: {contract: {enforced: true}}
    columns: [{name: id, data_type: int, constraints: [{type: not_null}]}]
  - name: documented
    config: {contract: {enforced: false}, materialized: table}
    columns: [{name: id}]
  - name: undocumented
";
        assert_eq!(
            changes(yaml),
            [
                Change::Table("enforced".into()),
                columns("enforced", true, &[("id", Some("int"), true)]),
                Change::Table("documented".into()),
                columns("documented", false, &[("id", None, false)]),
                Change::Table("undocumented".into()),
            ]
        );
    }

    #[test]
    fn projects_are_found_above_their_files_and_bad_files_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src/marts")).unwrap();
        std::fs::write(root.join(PROJECT_FILE), "name: p\nmodel-paths: [src]\n").unwrap();
        std::fs::write(
            root.join("src/marts/schema.yml"),
            "models: [{name: orders, columns: [{name: id, tests: [unique]}]}]\n",
        )
        .unwrap();
        std::fs::write(root.join("src/marts/bad.yml"), "models: {name: [}\n").unwrap();
        std::fs::write(root.join("src/marts/empty.yml"), "# nothing yet\n").unwrap();
        let model = root.join("src/marts/orders.sql");
        let learnt = learn([model.as_path(), model.as_path()]);
        assert_eq!(
            learnt.changes,
            [
                Change::Table("orders".into()),
                index("orders", &["id"]),
                columns("orders", false, &[("id", None, false)])
            ]
        );
        assert_eq!(learnt.problems.len(), 1);
        assert_eq!(learnt.problems[0].0, root.join("src/marts/bad.yml"));
        assert!(
            learnt.problems[0].1.contains("line 1"),
            "{:?}",
            learnt.problems
        );
        assert!(learn([Path::new("/tmp/x.sql")]).changes.is_empty());
    }
}
