//! Jupyter notebooks end to end: the fixtures under `testdata/notebooks/` (expectations in
//! the cells, next to the code), positions in every format, fixes and suppressions that
//! rewrite only the cell, bad notebooks, baselines and `--changed-since`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::tools::{git, text, tool};
use common::{check_fixture, compare, fixture_expectations, fixture_header, report_findings};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn notebooks() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("testdata/notebooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ipynb"))
        .filter(|p| !p.to_string_lossy().ends_with(".fixed.ipynb"))
        .collect();
    files.sort();
    files
}

fn sqlhound(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sqlhound"))
        .args(["check", "--isolated", "--no-cache"])
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&output.stdout), text(&output.stderr)))
}

/// A temporary directory holding a copy of a fixture notebook.
fn copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::copy(root().join("testdata/notebooks").join(name), &path).unwrap();
    (dir, path)
}

/// Jupyter's own validator (`nbformat`, in scripts/test's virtualenv) on the notebook at
/// `path`, as written (no conversion): the error it reports, if any.
fn nbformat_errors(path: &Path) -> Option<String> {
    let script = "import sys, nbformat\n\
                  with open(sys.argv[1], encoding='utf-8') as f:\n\
                  \x20   nb = nbformat.read(f, as_version=nbformat.NO_CONVERT)\n\
                  nbformat.validate(nb)\n";
    let run = Command::new(tool("venv/bin/python"))
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    (!run.status.success()).then(|| format!("{}{}", text(&run.stdout), text(&run.stderr)))
}

#[test]
fn nbformat_validates_the_fixtures_and_rejects_a_broken_notebook() {
    for file in notebooks() {
        assert_eq!(nbformat_errors(&file), None, "{}", file.display());
    }
    // The validator does reject: a code cell without `outputs`.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ipynb");
    let fixture =
        std::fs::read_to_string(root().join("testdata/notebooks/fix_in_cell.ipynb")).unwrap();
    let mut notebook: serde_json::Value = serde_json::from_str(&fixture).unwrap();
    let cell = notebook["cells"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["cell_type"] == "code")
        .unwrap();
    cell.as_object_mut().unwrap().remove("outputs");
    std::fs::write(&broken, notebook.to_string()).unwrap();
    let error = nbformat_errors(&broken).expect("nbformat accepted a cell without outputs");
    assert!(error.contains("outputs"), "{error}");
}

#[test]
fn notebook_fixtures_produce_exactly_their_expected_findings() {
    let files = notebooks();
    assert!(files.len() >= 4, "expected notebook fixtures");
    let mut failures = Vec::new();
    for file in files {
        let json = std::fs::read_to_string(&file).unwrap();
        // Expectations are comments in the cells: read on the cells joined, as checked.
        let (_, cells) = sqlhound::source::notebook::Notebook::parse(json.clone()).unwrap();
        let expectations = fixture_expectations(&cells, true);
        let path = file.strip_prefix(root()).unwrap().display().to_string();
        let found = report_findings(&check_fixture(&json, &path, &fixture_header(&cells)));
        for problem in compare(&expectations, &found) {
            failures.push(format!("{path}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}

#[test]
fn positions_are_cell_line_column_in_text_and_json() {
    let dir = root().join("testdata/notebooks");
    let concise = sqlhound(&dir, &["fix_in_cell.ipynb", "--output-format", "concise"]);
    assert!(
        text(&concise.stdout).starts_with("fix_in_cell.ipynb:cell 3:2:58: SH001 "),
        "{}",
        text(&concise.stdout)
    );
    let full = text(&sqlhound(&dir, &["fix_in_cell.ipynb", "--color", "never"]).stdout);
    assert!(
        full.contains("─[ fix_in_cell.ipynb:cell 3:2:58 ]"),
        "{full}"
    );
    // The snippet is the cell's, numbered from its first line.
    assert!(full.contains(" 2 │ rows = conn.execute("), "{full}");
    let report = json(&sqlhound(
        &dir,
        &["fix_in_cell.ipynb", "--output-format", "json"],
    ));
    let finding = &report["diagnostics"][0];
    assert_eq!(
        (&finding["cell"], &finding["line"], &finding["column"]),
        (&3.into(), &2.into(), &58.into())
    );
    assert_eq!(finding["fix"]["edits"][0]["line"], 2);
    // Not a notebook: `cell` is null, as ruff has it.
    let sql = root().join("testdata/sql");
    let plain = json(&sqlhound(&sql, &[".", "--output-format", "json"]));
    assert!(plain["diagnostics"][0]["cell"].is_null());
}

/// SARIF and CI annotations point into the file on disk: the line of the JSON holding the
/// cell's code, at the flagged text.
#[test]
fn machine_formats_point_at_the_code_in_the_json_file() {
    let dir = root().join("testdata/notebooks");
    let json_text = std::fs::read_to_string(dir.join("fix_in_cell.ipynb")).unwrap();
    let (line, line_text) = json_text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("rows = conn.execute"))
        .unwrap();
    let column = line_text.find("user_id}").unwrap() + 1;
    let sarif = json(&sqlhound(
        &dir,
        &["fix_in_cell.ipynb", "--output-format", "sarif"],
    ));
    let result = &sarif["runs"][0]["results"][0];
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], line + 1);
    assert_eq!(region["startColumn"], column);
    assert_eq!(region["endColumn"], column + "user_id".len());
    assert_eq!(result["properties"]["cell"], 3);
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("cell 3, line 2, column 58: ")
    );
    // Edits are in the cell's text, not the JSON's: no SARIF fix for a notebook.
    assert!(result["fixes"].is_null());
    let github = text(&sqlhound(&dir, &["fix_in_cell.ipynb", "--output-format", "github"]).stdout);
    let expected = format!("file=fix_in_cell.ipynb,line={},col={column},", line + 1);
    assert!(github.contains(&expected), "{github}");
    assert!(github.contains("::cell 3, line 2, column 58: "), "{github}");
}

#[test]
fn a_fix_rewrites_only_the_cell_and_keeps_every_other_byte() {
    let (dir, path) = copy("fix_in_cell.ipynb");
    let diff = sqlhound(
        dir.path(),
        &["fix_in_cell.ipynb", "--diff", "--unsafe-fixes"],
    );
    let diff = text(&diff.stdout);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert_eq!(changed.len(), 2, "{diff}");
    let run = sqlhound(
        dir.path(),
        &["fix_in_cell.ipynb", "--fix", "--unsafe-fixes"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let expected =
        std::fs::read(root().join("testdata/notebooks/fix_in_cell.fixed.ipynb")).unwrap();
    assert!(
        std::fs::read(&path).unwrap() == expected,
        "the fixed notebook differs from fix_in_cell.fixed.ipynb:\n{}",
        std::fs::read_to_string(&path).unwrap()
    );
    assert_eq!(nbformat_errors(&path), None, "the fixed notebook");
}

#[test]
fn add_noqa_writes_each_cells_own_comment_and_silences_every_finding() {
    let (dir, path) = copy("sql_cells.ipynb");
    let before = std::fs::read_to_string(&path).unwrap();
    let run = sqlhound(dir.path(), &["sql_cells.ipynb", "--add-noqa"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let after = std::fs::read_to_string(&path).unwrap();
    // SQL comments in `%%sql` cells; a `%sql` line gets its comment on the line above.
    assert!(
        after.contains("-- sqlhound: ignore[select-star]"),
        "{after}"
    );
    assert!(
        after.contains("\"# sqlhound: ignore[sql-injection]\\n\",\n    \"rows = %sql"),
        "{after}"
    );
    let old: serde_json::Value = serde_json::from_str(&before).unwrap();
    let new: serde_json::Value = serde_json::from_str(&after).unwrap();
    for (a, b) in old["cells"]
        .as_array()
        .unwrap()
        .iter()
        .zip(new["cells"].as_array().unwrap())
    {
        assert_eq!(a["outputs"], b["outputs"]);
        assert_eq!(a["metadata"], b["metadata"]);
    }
    assert_eq!(old["metadata"], new["metadata"]);
    assert_eq!(
        nbformat_errors(&path),
        None,
        "the notebook after --add-noqa"
    );
    let again = sqlhound(
        dir.path(),
        &["sql_cells.ipynb", "--output-format", "concise"],
    );
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stdout));
}

#[test]
fn bad_notebooks_are_reported_by_name_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.ipynb"), "{\"cells\": [").unwrap();
    std::fs::write(
        dir.path().join("old.ipynb"),
        "{\"nbformat\": 3, \"worksheets\": []}",
    )
    .unwrap();
    std::fs::copy(
        root().join("testdata/notebooks/fix_in_cell.ipynb"),
        dir.path().join("good.ipynb"),
    )
    .unwrap();
    // A directory walk picks notebooks up.
    let run = sqlhound(dir.path(), &[".", "--output-format", "concise"]);
    let out = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{out}");
    assert!(
        out.contains(
            "broken.ipynb:1:1: SH905 file not checked: it is not a valid notebook (invalid JSON"
        ),
        "{out}"
    );
    assert!(
        out.contains("old.ipynb:1:1: SH905 file not checked: it is an nbformat 3 notebook"),
        "{out}"
    );
    assert!(out.contains("good.ipynb:cell 3:2:58: SH001"), "{out}");
    assert!(
        !text(&run.stderr).contains("panicked"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn a_baseline_entry_follows_its_cell_when_cells_move() {
    let (dir, path) = copy("fix_in_cell.ipynb");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    let run = sqlhound(
        dir.path(),
        &["fix_in_cell.ipynb", "--write-baseline", baseline],
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    // A new cell at the top moves every line of the joined cells and of the JSON.
    let mut notebook: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let cells = notebook["cells"].as_array_mut().unwrap();
    cells.insert(0, serde_json::json!({"cell_type": "code", "execution_count": null, "id": "new", "metadata": {}, "outputs": [], "source": ["import os\n", "print(os.getcwd())\n"]}));
    std::fs::write(&path, serde_json::to_string_pretty(&notebook).unwrap()).unwrap();
    let run = sqlhound(dir.path(), &["fix_in_cell.ipynb", "--baseline", baseline]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stdout));
    let run = sqlhound(
        dir.path(),
        &["fix_in_cell.ipynb", "--output-format", "concise"],
    );
    assert!(
        text(&run.stdout).contains("cell 4:2:58: SH001"),
        "{}",
        text(&run.stdout)
    );
}

/// A cell whose source lines changed in the JSON counts as changed; findings in other
/// cells are not reported.
#[test]
fn changed_since_keeps_the_findings_of_changed_cells() {
    let (dir, path) = copy("magics.ipynb");
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    git(repo, &["add", "."]);
    git(
        repo,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "notebook",
        ],
    );
    let changed = |json: &str| {
        std::fs::write(&path, json).unwrap();
        let run = sqlhound(
            repo,
            &[
                "magics.ipynb",
                "--changed-since",
                "HEAD",
                "--output-format",
                "concise",
            ],
        );
        text(&run.stdout)
    };
    let original = std::fs::read_to_string(&path).unwrap();
    // Another cell's line changed: the finding in cell 3 is not new.
    let other = original.replace("\"cur?\\n\",", "\"cur??\\n\",");
    assert_ne!(other, original);
    assert!(!changed(&other).contains("SH001"));
    // A line of cell 3 changed (not the flagged one): its findings count as changed.
    let same_cell = original.replace("input(\\\"customer: \\\")", "input(\\\"name: \\\")");
    assert_ne!(same_cell, original);
    assert!(changed(&same_cell).contains("cell 3:4:63: SH001"));
}
