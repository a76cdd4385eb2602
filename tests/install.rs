//! Every way users install sqlhound, run for real: the wheel maturin builds from this
//! checkout, installed by pip into fresh virtualenvs (`sqlhound`, `python -m sqlhound`,
//! `pip install --target`); the pre-commit hooks, run by the real pre-commit on that wheel;
//! the GitHub Action's install step, run by bash on it. `scripts/test` installs maturin and
//! pre-commit into target/tools; without them these tests fail.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::Instant;

use common::tools::{CLEAN, INJECTION, assert_success, git, root, run_ok, text, tool, write};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The wheel maturin builds from this checkout, once per test run (the tests share it; a
/// failed build fails each of them with the build's own output). It is built with the
/// `dev` profile cargo has just built the tests' binary with, so it reuses those artifacts
/// and costs seconds, not a release build: the packaging is the published wheel's, the
/// binary inside unoptimised (and stripped, as `release` strips it). The stripped link
/// becomes target/debug/sqlhound until the next `cargo test` links it back: the same
/// program without symbols, for the test binaries that run after this one.
fn wheel() -> &'static Path {
    static WHEEL: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = WHEEL.get_or_init(|| {
        let out = root().join("target/wheel-test-dist");
        let _ = std::fs::remove_dir_all(&out);
        let started = Instant::now();
        let mut maturin = Command::new(tool("venv/bin/maturin"));
        maturin
            .args(["build", "--locked", "--profile", "dev", "--strip", "--out"])
            .arg(&out)
            .current_dir(root());
        without_test_crate_env(&mut maturin);
        let build = maturin.output().unwrap();
        if !build.status.success() {
            return Err(format!(
                "maturin build failed:\n{}{}",
                text(&build.stdout),
                text(&build.stderr)
            ));
        }
        eprintln!("maturin build: {:.1?}", started.elapsed());
        let wheels: Vec<PathBuf> = std::fs::read_dir(&out)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "whl"))
            .collect();
        match wheels.as_slice() {
            [wheel] => Ok(wheel.clone()),
            _ => Err(format!("maturin built {wheels:?}, not one wheel")),
        }
    });
    built.as_deref().unwrap_or_else(|error| panic!("{error}"))
}

/// Removes the variables cargo sets for this test process to describe the crate under test
/// (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`, ...). The cargo that maturin starts must not
/// inherit them: build scripts that read them (ring's does) would count as changed, and
/// their crates and sqlhound would be rebuilt, here and again by the next `cargo test`.
fn without_test_crate_env(command: &mut Command) {
    const SET_FOR_TESTS: [&str; 6] = [
        "CARGO_MANIFEST_",
        "CARGO_PKG_",
        "CARGO_CRATE_NAME",
        "CARGO_BIN_EXE_",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
    ];
    for (name, _) in std::env::vars_os() {
        if SET_FOR_TESTS
            .iter()
            .any(|prefix| name.to_string_lossy().starts_with(prefix))
        {
            command.env_remove(name);
        }
    }
}

/// A new virtualenv in `dir/venv` with the wheel installed by pip, from the file only.
fn venv_with_wheel(dir: &Path) -> PathBuf {
    let venv = dir.join("venv");
    run_ok(Command::new("python3").arg("-m").arg("venv").arg(&venv));
    run_ok(pip(&venv.join("bin/python")).arg(wheel()));
    venv
}

/// `python -m pip install` that never asks an index: only the files it is given.
fn pip(python: &Path) -> Command {
    let mut command = Command::new(python);
    command.args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-index",
        "--disable-pip-version-check",
    ]);
    command
}

fn assert_reports_the_injection(run: &Output) {
    let out = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{out}{}", text(&run.stderr));
    assert!(
        out.contains("[SH001] Error: `name` (function parameter) is interpolated into SQL"),
        "{out}"
    );
}

#[test]
fn the_wheel_installs_sqlhound_and_python_m_sqlhound() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let venv = venv_with_wheel(d);
    write(d, "bad.py", INJECTION);

    let check = Command::new(venv.join("bin/sqlhound"))
        .args(["check", "bad.py"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_reports_the_injection(&check);

    let python = venv.join("bin/python");
    let version = run_ok(Command::new(&python).args(["-m", "sqlhound", "--version"]));
    assert_eq!(version, format!("sqlhound {VERSION}\n"));
    // `python -m sqlhound` is the binary itself: same output, same exit code.
    let via_python = Command::new(&python)
        .args(["-m", "sqlhound", "check", "bad.py"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_reports_the_injection(&via_python);

    // `pip install --target DIR` puts the binary in DIR/bin, outside every install scheme:
    // `python -m sqlhound` still finds it next to the package.
    let target = d.join("target-install");
    run_ok(pip(&python).arg("--target").arg(&target).arg(wheel()));
    let version = run_ok(
        Command::new(&python)
            .args(["-m", "sqlhound", "--version"])
            .env("PYTHONPATH", &target),
    );
    assert_eq!(version, format!("sqlhound {VERSION}\n"));
}

/// A git repository with a file sqlhound fails and one it passes, committed.
fn repository_to_check() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "bad.py", INJECTION);
    write(d, "clean.py", CLEAN);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "files"]);
    dir
}

/// `pre-commit run` with a config and a hook cache of its own, so each run is a first run.
fn pre_commit(repo: &Path, config: &str, home: &Path, file: &str, path: &str) -> Output {
    Command::new(tool("venv/bin/pre-commit"))
        .args(["run", "--config", config, "--files", file])
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", home)
        .env("PATH", path)
        // pip in the hook's environment finds the wheel built above (no release is on an
        // index); the index stays open for the setuptools pre-commit's placeholder needs.
        .env("PIP_FIND_LINKS", wheel().parent().unwrap())
        .output()
        .unwrap()
}

fn assert_hook_blocks_injection_and_passes_clean_code(
    repo: &Path,
    config: &str,
    home: &Path,
    path: &str,
) {
    let started = Instant::now();
    let bad = pre_commit(repo, config, home, "bad.py", path);
    eprintln!("{config}: first pre-commit run {:.1?}", started.elapsed());
    assert_reports_the_injection(&bad);
    let clean = pre_commit(repo, config, home, "clean.py", path);
    assert_success(config, &clean);
}

/// The README's `language: python` recipe, run by the real pre-commit: it pins the version
/// Cargo.toml names, and pip installs the wheel into the hook's environment, nothing built.
#[test]
fn pre_commit_python_hook_installs_the_wheel() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let recipes = common::code_blocks(&readme, "pre-commit", "yaml");
    let recipe = recipes
        .iter()
        .find(|block| block.contains("language: python"))
        .expect("README's pre-commit section has a `language: python` recipe");
    let config: serde_yaml::Value = serde_yaml::from_str(recipe).unwrap();
    let hook = &config["repos"][0]["hooks"][0];
    assert_eq!(config["repos"][0]["repo"].as_str(), Some("local"));
    assert_eq!(
        hook["additional_dependencies"],
        serde_yaml::from_str::<serde_yaml::Value>(&format!("[sqlhound=={VERSION}]")).unwrap(),
        "the recipe pins the version in Cargo.toml"
    );

    let repo = repository_to_check();
    write(repo.path(), "python-hook.yaml", recipe);
    let home = tempfile::tempdir().unwrap();
    let path = std::env::var("PATH").unwrap();
    assert_hook_blocks_injection_and_passes_clean_code(
        repo.path(),
        "python-hook.yaml",
        home.path(),
        &path,
    );
    // The binary that ran is the wheel's, in the environment pre-commit made for the hook.
    let installed = walk(home.path())
        .into_iter()
        .filter(|p| p.ends_with("bin/sqlhound"))
        .count();
    assert_eq!(installed, 1, "pre-commit's hook environment has the binary");
}

/// This repository's `sqlhound-system` hook at its current commit, with sqlhound installed
/// from the wheel on PATH: pre-commit installs nothing and runs that binary.
#[test]
fn pre_commit_system_hook_runs_the_sqlhound_on_path() {
    let repo = repository_to_check();
    let head = git(root(), &["rev-parse", "HEAD"]).trim().to_string();
    write(
        repo.path(),
        "system-hook.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: sqlhound-system\n",
            root().display()
        ),
    );
    let installs = tempfile::tempdir().unwrap();
    let venv = venv_with_wheel(installs.path());
    let path = format!(
        "{}:{}",
        venv.join("bin").display(),
        std::env::var("PATH").unwrap()
    );
    let home = tempfile::tempdir().unwrap();
    assert_hook_blocks_injection_and_passes_clean_code(
        repo.path(),
        "system-hook.yaml",
        home.path(),
        &path,
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.is_symlink() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn action() -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap()).unwrap()
}

/// The action's install step, run by bash as the runner would, with the inputs' defaults
/// (pip finds the wheel built above): sqlhound lands on `GITHUB_PATH` and runs.
#[test]
fn github_action_installs_the_pinned_wheel() {
    let action = action();
    let inputs = &action["inputs"];
    assert_eq!(
        inputs["version"]["default"].as_str(),
        Some(VERSION),
        "the action installs the version in Cargo.toml by default"
    );
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let install = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Install sqlhound"))
        .unwrap();
    let runner = tempfile::tempdir().unwrap();
    let github_path = runner.path().join("github-path");
    let mut bash = Command::new("bash");
    bash.arg("-c")
        .arg(install["run"].as_str().unwrap())
        .env("RUNNER_TEMP", runner.path())
        .env("GITHUB_PATH", &github_path)
        .env("PIP_FIND_LINKS", wheel().parent().unwrap())
        .env("PIP_NO_INDEX", "1");
    for (name, value) in install["env"].as_mapping().unwrap() {
        bash.env(
            name.as_str().unwrap(),
            expression_value(value.as_str().unwrap(), inputs),
        );
    }
    run_ok(&mut bash);
    let bin = std::fs::read_to_string(&github_path).unwrap();
    let version = run_ok(Command::new(Path::new(bin.trim()).join("sqlhound")).arg("--version"));
    assert_eq!(version, format!("sqlhound {VERSION}\n"));
}

/// The value of an expression the install step's `env` holds, for a workflow that gives
/// no inputs and checks out the action from this checkout.
fn expression_value(value: &str, inputs: &serde_yaml::Value) -> String {
    if value == "${{ github.action_path }}" {
        return root().display().to_string();
    }
    let name = value
        .strip_prefix("${{ inputs.")
        .and_then(|rest| rest.strip_suffix(" }}"))
        .unwrap_or_else(|| panic!("`{value}`: not an expression this test knows"));
    inputs[name]["default"].as_str().unwrap().to_string()
}

#[test]
fn hook_and_action_manifests_are_valid() {
    run_ok(
        Command::new(tool("venv/bin/pre-commit"))
            .args(["validate-manifest", ".pre-commit-hooks.yaml"])
            .current_dir(root()),
    );

    let hooks: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap(),
    )
    .unwrap();
    let hooks: Vec<(&str, &str)> = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .map(|h| {
            assert!(h["entry"].as_str().unwrap().starts_with("sqlhound check"));
            (h["id"].as_str().unwrap(), h["language"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        hooks,
        [
            ("sqlhound", "rust"),
            ("sqlhound-fix", "rust"),
            ("sqlhound-system", "system")
        ]
    );

    let action = action();
    assert!(action["name"].is_string() && action["description"].is_string());
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        if step.get("run").is_some() {
            assert!(
                step["shell"].is_string(),
                "composite run steps need a shell: {step:?}"
            );
        } else {
            assert!(step["uses"].is_string(), "{step:?}");
        }
    }
    for input in action["inputs"].as_mapping().unwrap().values() {
        assert!(input["description"].is_string());
    }
}
