//! Multi-module fixture projects (`testdata/python/projects/<case>/`): each file states its
//! expected findings next to the code, and they must come out the same whether the whole
//! project is checked or only that file is (what pre-commit and the editor do) — the rest
//! of the project is still indexed and its functions summarised.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::{Path, PathBuf};

use common::{
    Found, assert_snapshots, compare, fixture_expectations, fixture_files, rendered_text,
    report_findings_in,
};
use sqlhound::settings::Overrides;
use sqlhound::{Input, Report};

/// The project folders under `testdata/<dir>`, sorted.
fn project_dirs(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(dir);
    let mut projects: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    projects.sort();
    projects
}

fn projects() -> Vec<PathBuf> {
    let projects = project_dirs("python/projects");
    assert!(!projects.is_empty(), "expected fixture projects");
    projects
}

/// Checks `paths` of `project` as `sqlhound check --isolated --no-cache` run in it would.
fn check(project: &Path, paths: &[PathBuf]) -> Report {
    let overrides = Overrides {
        isolated: true,
        no_cache: true,
        ..Overrides::default()
    };
    let inputs: Vec<Input> = paths.iter().map(|p| Input::Path(project.join(p))).collect();
    sqlhound::check(&inputs, &overrides, project).unwrap()
}

fn python_files(project: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    fixture_files(project, "py", &mut files);
    files.sort();
    files
}

/// The findings of `report` in the file at `relative` (as the report names it), sorted.
fn findings_in(report: &Report, relative: &Path) -> Vec<Found> {
    report_findings_in(report, |path| {
        path.strip_prefix(".").unwrap_or(path) == relative
    })
}

#[test]
fn every_file_gets_its_expected_findings_with_the_whole_project_or_alone() {
    let mut failures = Vec::new();
    for project in projects() {
        let whole = check(&project, &[PathBuf::from(".")]);
        for file in python_files(&project) {
            let relative = file.strip_prefix(&project).unwrap().to_path_buf();
            let expectations = fixture_expectations(&std::fs::read_to_string(&file).unwrap(), true);
            let alone = check(&project, std::slice::from_ref(&relative));
            for (how, report) in [("whole project", &whole), ("file alone", &alone)] {
                for problem in compare(&expectations, &findings_in(report, &relative)) {
                    failures.push(format!(
                        "{} ({how}): {problem}",
                        file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                            .unwrap()
                            .display()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "project fixture mismatches:\n{}",
        failures.join("\n")
    );
}

/// What a user reads when checking the whole project, pinned per project.
#[test]
fn every_project_renders_as_its_snapshot() {
    assert_snapshots(projects().into_iter().map(|project| {
        let name = project.file_name().unwrap().to_string_lossy().to_string();
        (
            format!("projects__{name}"),
            format!("sqlhound check . (in testdata/python/projects/{name})"),
            rendered_text(&mut check(&project, &[PathBuf::from(".")])),
        )
    }));
}

/// Template fixture projects (`testdata/templates/<case>/`): views and the templates they
/// render, with the expected findings next to the code (`{# expect: n-plus-one #}` in a
/// template).
fn template_projects() -> Vec<PathBuf> {
    let projects = project_dirs("templates");
    assert!(
        projects.len() >= 2,
        "expected Django and Flask template projects"
    );
    projects
}

/// A template's expectations: its `{# … #}` comments read as a fixture's comments.
fn template_expectations(text: &str) -> common::Expectations {
    common::parse_expectations(&text.replace("#}", ""), "{#")
}

#[test]
fn every_template_gets_its_expected_findings_from_the_views_that_render_it() {
    let mut failures = Vec::new();
    let mut expected = 0;
    for project in template_projects() {
        let whole = check(&project, &[PathBuf::from(".")]);
        let views: Vec<PathBuf> = python_files(&project)
            .into_iter()
            .filter(|p| p.file_stem().is_some_and(|s| s == "views" || s == "app"))
            .map(|p| p.strip_prefix(&project).unwrap().to_path_buf())
            .collect();
        assert!(!views.is_empty(), "{} has no views", project.display());
        let only_views = check(&project, &views);
        let mut templates = Vec::new();
        fixture_files(&project, "html", &mut templates);
        templates.sort();
        for file in templates.iter().chain(&python_files(&project)) {
            let relative = file.strip_prefix(&project).unwrap().to_path_buf();
            let text = std::fs::read_to_string(file).unwrap();
            let expectations = if file.extension().is_some_and(|e| e == "html") {
                template_expectations(&text)
            } else {
                fixture_expectations(&text, true)
            };
            expected += expectations.expect.len();
            for (how, report) in [("whole project", &whole), ("views alone", &only_views)] {
                for problem in compare(&expectations, &findings_in(report, &relative)) {
                    failures.push(format!("{} ({how}): {problem}", relative.display()));
                }
            }
        }
    }
    assert!(expected > 0, "expected findings in the template fixtures");
    assert!(
        failures.is_empty(),
        "template fixture mismatches:\n{}",
        failures.join("\n")
    );
}

/// Copies the fixture project `from` into `to`, file by file.
fn copy_project(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_project(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The templates' findings of a report, as `path: rule` lines.
fn template_findings(report: &Report) -> Vec<String> {
    report
        .files
        .iter()
        .filter(|f| f.kind == sqlhound::source::SourceKind::Template)
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .map(|d| format!("{}: {}", f.path.display(), d.rule.name))
        })
        .collect()
}

/// `--add-noqa` silences a template's findings with the template language's comments
/// (a multi-line Jinja tag's after its last line), and the fix of a suppression left
/// unused takes the whole `{# … #}` comment and its line away.
#[test]
fn suppressions_are_added_to_templates_and_unused_ones_removed() {
    for project in template_projects() {
        let dir = tempfile::tempdir().unwrap();
        copy_project(&project, dir.path());
        let before = check(dir.path(), &[PathBuf::from(".")]);
        let found = template_findings(&before);
        assert!(
            !found.is_empty(),
            "{}: no template findings",
            project.display()
        );
        let added = sqlhound::add_suppressions(&before).unwrap();
        assert_eq!(added.fixes, found.len(), "{found:?}");
        let after = check(dir.path(), &[PathBuf::from(".")]);
        assert_eq!(template_findings(&after), Vec::<String>::new());
        for file in before.files.iter().filter(|f| !f.diagnostics.is_empty()) {
            let text = std::fs::read_to_string(file.absolute.as_ref().unwrap()).unwrap();
            if file.kind == sqlhound::source::SourceKind::Template {
                assert!(
                    text.contains("{# sqlhound: ignore[n-plus-one] #}"),
                    "{text}"
                );
                assert!(!text.contains("-- sqlhound"), "{text}");
            }
        }

        // A suppression over a line with nothing to silence.
        let template = before
            .files
            .iter()
            .find(|f| f.kind == sqlhound::source::SourceKind::Template)
            .and_then(|f| f.absolute.clone())
            .unwrap();
        let clean = std::fs::read_to_string(&template).unwrap();
        let first_line = clean.find('\n').unwrap() + 1;
        let unused = format!(
            "{}  {{# sqlhound: ignore[n-plus-one] #}}\n{}",
            &clean[..first_line],
            &clean[first_line..]
        );
        std::fs::write(&template, &unused).unwrap();
        let report = check(dir.path(), &[PathBuf::from(".")]);
        assert_eq!(
            template_findings(&report),
            [format!(
                "{}: unused-suppression",
                template.strip_prefix(dir.path()).unwrap().display()
            )]
        );
        let fixed = sqlhound::apply_fixes(&report, false).unwrap();
        assert_eq!(fixed.fixes, 1);
        assert_eq!(std::fs::read_to_string(&template).unwrap(), clean);
    }
}
