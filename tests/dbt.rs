//! dbt projects and Jinja-templated `.sql` files (`testdata/dbt/<project>/`): each model
//! states its expected findings next to the code, and they come out the same whether the
//! whole project is checked or one model alone (the project's property files are still
//! read); template syntax errors are reported only where no variant of the template parses.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::{Path, PathBuf};

use common::{
    Found, assert_snapshots, compare, fixture_expectations, fixture_files, rendered_text,
    report_findings, report_findings_in,
};
use sqlhound::settings::Overrides;
use sqlhound::{Input, Report};

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/dbt/shop")
}

/// Checks `paths` of `dir` as `sqlhound check --isolated --no-cache` run in it would.
fn check(dir: &Path, paths: &[PathBuf]) -> Report {
    let overrides = Overrides {
        isolated: true,
        no_cache: true,
        ..Overrides::default()
    };
    let inputs: Vec<Input> = paths.iter().map(|p| Input::Path(dir.join(p))).collect();
    sqlhound::check(&inputs, &overrides, dir).unwrap()
}

fn findings_in(report: &Report, relative: &Path) -> Vec<Found> {
    report_findings_in(report, |path| {
        path.strip_prefix(".").unwrap_or(path) == relative
    })
}

#[test]
fn every_model_gets_its_expected_findings_with_the_whole_project_or_alone() {
    let project = project();
    let whole = check(&project, &[PathBuf::from(".")]);
    let mut files = Vec::new();
    fixture_files(&project, "sql", &mut files);
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    let mut failures = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&project).unwrap().to_path_buf();
        let expectations = fixture_expectations(&std::fs::read_to_string(&file).unwrap(), false);
        let alone = check(&project, std::slice::from_ref(&relative));
        for (how, report) in [("whole project", &whole), ("model alone", &alone)] {
            for problem in compare(&expectations, &findings_in(report, &relative)) {
                failures.push(format!("{} ({how}): {problem}", relative.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "dbt fixture mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_project_renders_as_its_snapshot() {
    assert_snapshots([(
        "dbt__shop".to_string(),
        "sqlhound check . (in testdata/dbt/shop)".to_string(),
        rendered_text(&mut check(&project(), &[PathBuf::from(".")])),
    )]);
}

/// Writes `files` into a fresh directory and checks it whole.
fn check_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Report) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let report = check(dir.path(), &[PathBuf::from(".")]);
    (dir, report)
}

fn messages(report: &Report) -> Vec<(String, usize, usize, String)> {
    report
        .diagnostics()
        .map(|(file, d)| {
            let at = file.lines.line_col(&file.text, d.span.start);
            (
                file.path.display().to_string(),
                at.line,
                at.column,
                format!("{}: {}", d.rule.name, d.message),
            )
        })
        .collect()
}

#[test]
fn a_broken_template_is_one_syntax_error_at_its_tag() {
    let (_dir, report) = check_files(&[(
        "model.sql",
        "select id\nfrom t\n{% if is_incremental() %}\nwhere x = 1\n",
    )]);
    assert_eq!(
        messages(&report),
        [(
            "model.sql".into(),
            3,
            1,
            "syntax-error: template syntax error: `{% if %}` is never closed by `{% endif %}`"
                .into()
        )]
    );
}

#[test]
fn syntax_errors_count_only_when_no_variant_parses() {
    let (_dir, report) = check_files(&[
        // Only one branch completes the statement: no error.
        (
            "one_branch.sql",
            "select a{% if x %},{% endif %}\n{% if y %}from t{% else %}b from t{% endif %}",
        ),
        // No branch parses: the first variant's error is reported, once.
        (
            "no_branch.sql",
            "select a from t where x =\n{% if y %}1 +{% else %}2 *{% endif %}",
        ),
        // A broken statement outside the blocks is in every variant: reported, once.
        (
            "shared_error.sql",
            "select a from t where x = 1 +;\nselect b from t {% if y %}where c = 2{% endif %}",
        ),
        // Macros write SQL of any shape where they stand: a whole statement, a query, a
        // column list with its commas.
        (
            "macro_statement.sql",
            "{{ elementary.empty_alerts() }}\n-- depends_on: {{ ref('a') }}",
        ),
        (
            "macro_query.sql",
            "with days as (\n  -- a comment\n  {{ dbt_date.get_base_dates(n_dateparts=365) }}\n)\n\
             select d from days, ({{ dbt_utils.unpivot(relation=ref('x')) }}) as u",
        ),
        (
            "macro_columns.sql",
            "select\n  {{ dbt_utils.star(from=ref('t'), except=['a']) }}\n  -- no comma\n  1 as c\nfrom t",
        ),
        // Braces in plain SQL that are no valid Jinja: checked as SQL, no template error.
        ("array.sql", "select '{{1,2},{3,4}}'::int[][], '{%' as p"),
    ]);
    let found = messages(&report);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        (found[1].0.as_str(), found[1].1, found[1].2),
        ("shared_error.sql", 1, 30)
    );
    // At the end of the first variant's `1 +`, where the statement stops.
    assert_eq!(
        (found[0].0.as_str(), found[0].1, found[0].2),
        ("no_branch.sql", 2, 14)
    );
    assert!(found[0].3.starts_with("syntax-error: "), "{found:?}");
}

#[test]
fn a_property_file_that_is_not_yaml_is_named_and_the_run_goes_on() {
    let (_dir, report) = check_files(&[
        ("dbt_project.yml", "name: p\n"),
        ("models/schema.yml", "models:\n  - name: [unclosed\n"),
        (
            "models/m.sql",
            "select id from {{ ref('orders') }} where status = null",
        ),
    ]);
    let found = messages(&report);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].0 == "models/m.sql" && found[0].3.starts_with("null-comparison"),
        "{found:?}"
    );
    assert_eq!(found[1].0, "models/schema.yml");
    assert!(found[1].3.contains("not a dbt YAML file"), "{found:?}");
    assert_eq!(report_findings(&report).len(), 2);
}

#[test]
fn fix_removes_an_unused_suppression_in_a_jinja_comment_whole() {
    let original = std::fs::read_to_string(project().join("models/marts/suppressed.sql")).unwrap();
    let (dir, _) = check_files(&[("suppressed.sql", &original)]);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_sqlhound"))
        .args([
            "check",
            "suppressed.sql",
            "--isolated",
            "--no-cache",
            "--fix",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "{status:?}");
    let fixed = std::fs::read_to_string(dir.path().join("suppressed.sql")).unwrap();
    // The unused one goes with its line; the used ones stay as written.
    assert_eq!(
        fixed,
        original.replace("{# sqlhound: ignore[select-star] #}\n", "")
    );
    assert!(fixed.contains("{#- sqlhound: ignore[SH205] -#}"), "{fixed}");
}
