//! End-to-end: the real binary on real files — exit codes, formats, config discovery, bad
//! input. Rendered text is pinned with insta snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn sqlhound(cwd: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    sqlhound_bytes(cwd, args, stdin.unwrap_or_default().as_bytes())
}

fn sqlhound_bytes(cwd: &Path, args: &[&str], stdin: &[u8]) -> Run {
    sqlhound_env(cwd, args, stdin, &[])
}

/// Runs sqlhound with `env` set (and no `SQLHOUND_*` variable of this process's).
fn sqlhound_env(cwd: &Path, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sqlhound"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("SQLHOUND_") {
            command.env_remove(name);
        }
    }
    let mut child = command
        .envs(env.iter().copied())
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).unwrap();
    drop(input);
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs sqlhound expecting a usage or config error: exit 2, `says` on standard error, no
/// panic.
fn usage_error(cwd: &Path, args: &[&str], says: &str) {
    let run = sqlhound(cwd, args, None);
    assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
}

fn write(dir: &Path, path: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The `diagnostics` array of a JSON report.
fn diagnostics(report: &serde_json::Value) -> &Vec<serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics in {report:#}"))
}

fn codes(run: &Run) -> Vec<String> {
    diagnostics(&json(run))
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["name"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn clean_files_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.sql", "SELECT id FROM users WHERE id = 1;\n");
    let run = sqlhound(dir.path(), &["check"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("No findings in 1 file ("),
        "{}",
        run.stdout
    );
}

#[test]
fn findings_exit_one_unless_exit_zero_or_below_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.sql", "DELETE FROM sessions;\n");
    assert_eq!(sqlhound(dir.path(), &["check"], None).code, 1);
    assert_eq!(
        sqlhound(dir.path(), &["check", "--exit-zero"], None).code,
        0
    );
    assert_eq!(
        sqlhound(dir.path(), &["check", "--fail-on", "error"], None).code,
        0
    );
    assert_eq!(
        sqlhound(dir.path(), &["check", "--fail-on", "never"], None).code,
        0
    );
    write(dir.path(), "star.sql", "SELECT * FROM t;\n");
    let info_only = sqlhound(dir.path(), &["check", "star.sql"], None);
    assert_eq!(info_only.code, 0, "info does not fail by default");
    assert_eq!(
        sqlhound(
            dir.path(),
            &["check", "star.sql", "--fail-on", "info"],
            None
        )
        .code,
        1
    );
}

#[test]
fn a_missing_path_exits_two_but_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.sql", "DELETE FROM sessions;\n");
    let run = sqlhound(
        dir.path(),
        &["check", "nope.sql", "bad.sql", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("nope.sql: no such file or directory"),
        "{}",
        run.stderr
    );
    assert_eq!(codes(&run), ["bad.sql:1:delete-without-where"]);
}

#[test]
fn stdin_is_checked_as_the_given_filename() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqlhound(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "db/q.sql",
            "--format",
            "json",
        ],
        Some("SELECT 1;\nUPDATE t SET a = 1;\n"),
    );
    assert_eq!(run.code, 1);
    assert_eq!(codes(&run), ["db/q.sql:2:update-without-where"]);
}

#[test]
fn closest_config_wins_and_pyproject_without_section_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "sqlhound.toml",
        "ignore = [\"delete-without-where\"]\n",
    );
    write(root, "a.sql", "DELETE FROM t;\nUPDATE t SET a = 1;\n");
    write(
        root,
        "app/pyproject.toml",
        "[tool.sqlhound]\nselect = [\"delete-without-where\"]\n",
    );
    write(root, "app/b.sql", "DELETE FROM t;\nUPDATE t SET a = 1;\n");
    write(root, "lib/pyproject.toml", "[project]\nname = \"lib\"\n");
    write(root, "lib/c.sql", "DELETE FROM t;\nUPDATE t SET a = 1;\n");
    let run = sqlhound(root, &["check", "--format", "json"], None);
    assert_eq!(
        codes(&run),
        [
            "a.sql:2:update-without-where",
            "app/b.sql:1:delete-without-where",
            "lib/c.sql:2:update-without-where"
        ]
    );
    // Flags beat the file.
    let run = sqlhound(
        root,
        &["check", "a.sql", "--select", "SH203", "--format", "json"],
        None,
    );
    assert_eq!(
        codes(&run),
        Vec::<String>::new(),
        "config ignore still applies to --select"
    );
    let run = sqlhound(
        root,
        &["check", "a.sql", "--isolated", "--format", "json"],
        None,
    );
    assert_eq!(codes(&run).len(), 2);
}

#[test]
fn severity_overrides_and_per_file_ignores_apply() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "sqlhound.toml",
        "[severity]\nselect-star = \"error\"\n\n[per-file-ignores]\n\"migrations/*.sql\" = [\"update-without-where\"]\n",
    );
    write(root, "q.sql", "SELECT * FROM t;\n");
    write(root, "migrations/1.sql", "UPDATE t SET a = 1;\n");
    let run = sqlhound(root, &["check", "--format", "json"], None);
    let report = json(&run);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{}", run.stdout);
    assert_eq!(diagnostics[0]["severity"], "error");
    assert_eq!(run.code, 1);
}

#[test]
fn bad_config_is_a_clear_error_naming_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sqlhound.toml", "dialcet = \"mysql\"\n");
    write(dir.path(), "a.sql", "SELECT 1;\n");
    usage_error(
        dir.path(),
        &["check"],
        "sqlhound.toml: unknown key `dialcet`; did you mean `dialect`?",
    );

    write(dir.path(), "sqlhound.toml", "ignore = [\"selct-star\"]\n");
    usage_error(
        dir.path(),
        &["check"],
        "`ignore`: no rule, code prefix or category is named `selct-star`; did you mean `select-star`?",
    );

    write(dir.path(), "sqlhound.toml", "[tool\n");
    usage_error(dir.path(), &["check"], "sqlhound.toml: invalid TOML");

    write(dir.path(), "sqlhound.toml", "dialect = \"cobol\"\n");
    usage_error(dir.path(), &["check"], "unknown dialect `cobol`");

    usage_error(
        dir.path(),
        &["check", "--isolated", "--dialect", "cobol"],
        "unknown dialect `cobol`",
    );
}

#[test]
fn bad_files_are_reported_by_name_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "binary.sql", b"SELECT\x00\x01\x02");
    write(root, "latin1.sql", b"SELECT 'caf\xe9';\n");
    write(
        root,
        "nested.sql",
        format!(
            "SELECT {}1{};\nDELETE FROM t;\n",
            "(".repeat(10_000),
            ")".repeat(10_000)
        ),
    );
    let big = "SELECT 1;\n".repeat(5 * 1024 * 1024);
    write(root, "huge.sql", big);
    write(root, "good.sql", "UPDATE t SET a = 1;\n");
    std::os::unix::fs::symlink(root.join("missing-target.sql"), root.join("dangling.sql")).unwrap();
    std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
    let run = sqlhound(
        root,
        &["check", ".", "dangling.sql", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let messages: Vec<String> = diagnostics(&report)
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["path"].as_str().unwrap(),
                d["name"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    let expected = [
        "binary.sql unreadable-file file not checked: it looks binary",
        "dangling.sql unreadable-file file not checked: No such file or directory",
        "good.sql update-without-where",
        "huge.sql unreadable-file file not checked: it is 50.0 MB, larger than `max-file-size` (10.0 MB)",
        "latin1.sql unreadable-file file not checked: it is not valid UTF-8 (line 1, byte 11)",
        // PostgreSQL judges what sqlparser will not parse; it refuses this nesting too.
        "nested.sql syntax-error PostgreSQL rejects this statement: memory exhausted",
        "nested.sql delete-without-where",
    ];
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    for (message, prefix) in messages.iter().zip(expected) {
        assert!(
            message.starts_with(prefix),
            "{message:?} should start with {prefix:?}"
        );
    }
}

#[test]
fn gitignored_hidden_and_vendored_files_are_skipped_unless_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "generated/\n");
    write(root, "generated/x.sql", "DELETE FROM t;\n");
    write(root, ".hidden/x.sql", "DELETE FROM t;\n");
    write(root, "node_modules/pkg/x.sql", "DELETE FROM t;\n");
    write(root, "src/x.sql", "DELETE FROM t;\n");
    write(root, "notes.txt", "DELETE FROM t;\n");
    let run = sqlhound(root, &["check", "--format", "json"], None);
    assert_eq!(codes(&run), ["src/x.sql:1:delete-without-where"]);
    let run = sqlhound(
        root,
        &["check", "generated/x.sql", "--format", "json"],
        None,
    );
    assert_eq!(codes(&run), ["generated/x.sql:1:delete-without-where"]);
    let run = sqlhound(
        root,
        &["check", "--exclude", "src", "--format", "json"],
        None,
    );
    assert_eq!(codes(&run), Vec::<String>::new());
}

#[test]
fn json_is_the_only_thing_on_stdout_and_is_sorted() {
    let run = sqlhound(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["check", "examples/shop", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 1);
    let report = json(&run);
    assert_eq!(report["version"], 1);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let keys: Vec<(String, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    for field in [
        "code",
        "name",
        "category",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "help",
        "fix",
    ] {
        assert!(diagnostics[0].get(field).is_some(), "missing {field}");
    }
    assert_eq!(report["summary"]["files_checked"], 4);
}

/// What a run prints, stable across machines and runs: this checkout's path, the elapsed
/// time and sqlhound's version are replaced by placeholders.
fn normalised(output: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let version = format!("\"{}\"", env!("CARGO_PKG_VERSION"));
    let mut lines: Vec<String> = Vec::new();
    for line in output
        .replace(root, "[ROOT]")
        .replace(&version, "\"[VERSION]\"")
        .lines()
    {
        let line = match line.split_once("\"elapsed_ms\": ") {
            Some((key, _)) => format!("{key}\"elapsed_ms\": \"[ELAPSED]\""),
            None => match line.strip_suffix(" ms).").and_then(|l| l.rsplit_once(" (")) {
                Some((summary, _)) => format!("{summary} ([ELAPSED] ms)."),
                None => line.to_string(),
            },
        };
        lines.push(line);
    }
    lines.join("\n") + "\n"
}

/// SARIF without the rule docs it embeds (31 of them, kept in `rules/` and checked by
/// tests/rule_docs.rs); the rest of the log is as written.
fn without_rule_docs(sarif: &str) -> String {
    let mut log: serde_json::Value = serde_json::from_str(sarif).unwrap();
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        let doc = format!(
            "[rules/{}-{}.md]",
            rule["id"].as_str().unwrap(),
            rule["name"].as_str().unwrap()
        );
        for field in ["fullDescription", "help"] {
            let object = rule[field].as_object_mut().unwrap();
            assert!(
                !object["text"].as_str().unwrap().is_empty(),
                "{field} of {doc}"
            );
            for value in object.values_mut() {
                *value = doc.clone().into();
            }
        }
    }
    serde_json::to_string_pretty(&log).unwrap() + "\n"
}

/// The shop example in every output format, as terminals and CI tools receive it, pinned
/// in `tests/snapshots/cli__format_<format>.snap`.
#[test]
fn every_output_format_of_the_shop_matches_its_snapshot() {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    let formats = [
        "full",
        "concise",
        "grouped",
        "json",
        "json-lines",
        "junit",
        "github",
        "gitlab",
        "pylint",
        "rdjson",
        "azure",
        "sarif",
    ];
    common::assert_snapshots(formats.map(|format| {
        let args = [
            "check",
            "examples/shop",
            "--output-format",
            format,
            "--color",
            "never",
        ];
        let run = sqlhound(cwd, &args, None);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        let output = if format == "sarif" {
            without_rule_docs(&run.stdout)
        } else {
            run.stdout
        };
        (
            format!("cli__format_{format}"),
            format!("sqlhound {}", args.join(" ")),
            normalised(&output),
        )
    }));
}

#[test]
fn format_is_an_alias_of_output_format_and_text_of_full() {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    let full = sqlhound(
        cwd,
        &["check", "examples/shop", "--output-format", "full"],
        None,
    );
    let text = sqlhound(cwd, &["check", "examples/shop", "--format", "text"], None);
    assert_eq!(normalised(&full.stdout), normalised(&text.stdout));
    let help = sqlhound(cwd, &["check", "--help"], None);
    assert!(
        help.stdout.contains("--output-format <OUTPUT_FORMAT>"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("[alias: --format]"), "{}", help.stdout);
}

/// A file with two `= NULL` comparisons: each has an unsafe fix.
fn two_null_comparisons(dir: &Path) {
    write(
        dir,
        "q.sql",
        "SELECT id FROM users WHERE deleted_at = NULL;\nSELECT id FROM orders WHERE paid_at = NULL;\n",
    );
}

#[test]
fn concise_and_grouped_mark_what_fix_would_fix() {
    let dir = tempfile::tempdir().unwrap();
    two_null_comparisons(dir.path());
    let concise = sqlhound(dir.path(), &["check", "--output-format", "concise"], None);
    assert_eq!(
        normalised(&concise.stdout),
        "q.sql:1:28: SH205 `= NULL` is never true: any comparison with NULL yields NULL\n\
         q.sql:2:29: SH205 `= NULL` is never true: any comparison with NULL yields NULL\n\
         Found 2 errors, 0 warnings and 0 infos in 1 of 1 file ([ELAPSED] ms).\n\
         No safe fixes (2 fixable with --fix --unsafe-fixes).\n"
    );
    let args = ["check", "--output-format", "concise", "--unsafe-fixes"];
    let unsafe_fixes = sqlhound(dir.path(), &args, None);
    assert_eq!(
        normalised(&unsafe_fixes.stdout),
        "q.sql:1:28: SH205 [*] `= NULL` is never true: any comparison with NULL yields NULL\n\
         q.sql:2:29: SH205 [*] `= NULL` is never true: any comparison with NULL yields NULL\n\
         Found 2 errors, 0 warnings and 0 infos in 1 of 1 file ([ELAPSED] ms).\n\
         [*] 2 fixable with --fix --unsafe-fixes.\n"
    );
    let args = [
        "check",
        "--output-format",
        "grouped",
        "--unsafe-fixes",
        "-q",
    ];
    assert_eq!(
        sqlhound(dir.path(), &args, None).stdout,
        "q.sql:\n  1:28 SH205 [*] `= NULL` is never true: any comparison with NULL yields NULL\n  \
         2:29 SH205 [*] `= NULL` is never true: any comparison with NULL yields NULL\n\n"
    );
    // Marking is all `--unsafe-fixes` alone does: nothing is written.
    assert!(
        std::fs::read_to_string(dir.path().join("q.sql"))
            .unwrap()
            .contains("= NULL")
    );
}

#[test]
fn statistics_print_only_the_table() {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = ["check", "examples/shop", "--statistics", "--unsafe-fixes"];
    let run = sqlhound(cwd, &args, None);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "3  SH106  [ ] missing-index\n\
         2  SH205  [*] null-comparison\n\
         1  SH001  [ ] sql-injection\n\
         1  SH101  [ ] leading-wildcard-like\n\
         1  SH102  [ ] order-by-random\n\
         1  SH201  [ ] select-star\n\
         1  SH204  [ ] not-in-subquery\n\
         1  SH206  [ ] insert-without-columns\n\
         1  SH207  [ ] implicit-cross-join\n"
    );
    let args = ["check", "examples/shop", "--statistics", "--format", "json"];
    let rows: serde_json::Value = serde_json::from_str(&sqlhound(cwd, &args, None).stdout).unwrap();
    assert_eq!(
        rows[1],
        serde_json::json!({
            "code": "SH205", "name": "null-comparison", "count": 2,
            "fixable": false, "fixable_count": 0
        })
    );
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    two_null_comparisons(dir.path());
    let before = std::fs::read_to_string(dir.path().join("q.sql")).unwrap();
    let run = sqlhound(dir.path(), &["check", "--diff", "--unsafe-fixes"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "--- q.sql\n+++ q.sql\n@@ -1,2 +1,2 @@\n\
         -SELECT id FROM users WHERE deleted_at = NULL;\n\
         -SELECT id FROM orders WHERE paid_at = NULL;\n\
         +SELECT id FROM users WHERE deleted_at IS NULL;\n\
         +SELECT id FROM orders WHERE paid_at IS NULL;\n\n"
    );
    assert_eq!(
        run.stderr,
        "sqlhound: would fix 2 finding(s) in 1 file(s)\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("q.sql")).unwrap(),
        before
    );
    // Without --unsafe-fixes nothing is offered: an empty diff, exit 0.
    let run = sqlhound(dir.path(), &["check", "--diff"], None);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn fix_leaves_baselined_findings_alone() {
    let dir = tempfile::tempdir().unwrap();
    two_null_comparisons(dir.path());
    write(dir.path(), "later.sql", "SELECT 1;\n");
    let run = sqlhound(dir.path(), &["check", "--write-baseline", "b.json"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    write(
        dir.path(),
        "later.sql",
        "SELECT id FROM t WHERE a = NULL;\n",
    );
    let args = ["check", "--baseline", "b.json", "--fix", "--unsafe-fixes"];
    let run = sqlhound(dir.path(), &args, None);
    assert_eq!(run.stderr, "sqlhound: fixed 1 finding(s) in 1 file(s)\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("later.sql")).unwrap(),
        "SELECT id FROM t WHERE a IS NULL;\n"
    );
    // The baselined file is as it was.
    assert!(
        std::fs::read_to_string(dir.path().join("q.sql"))
            .unwrap()
            .contains("deleted_at = NULL")
    );
}

#[test]
fn fix_leaves_unchanged_lines_alone_with_changed_since() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-C"])
            .arg(d)
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    write(
        d,
        "q.sql",
        "SELECT id FROM users WHERE deleted_at = NULL;\n",
    );
    git(&["add", "."]);
    git(&["commit", "-qm", "start"]);
    two_null_comparisons(d);
    let args = [
        "check",
        "--changed-since",
        "HEAD",
        "--fix",
        "--unsafe-fixes",
    ];
    let run = sqlhound(d, &args, None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join("q.sql")).unwrap(),
        "SELECT id FROM users WHERE deleted_at = NULL;\nSELECT id FROM orders WHERE paid_at IS NULL;\n"
    );
}

#[test]
fn exit_non_zero_on_fix_fails_a_run_that_fixed_everything() {
    let dir = tempfile::tempdir().unwrap();
    two_null_comparisons(dir.path());
    let args = ["check", "--fix", "--unsafe-fixes", "--exit-non-zero-on-fix"];
    let run = sqlhound(dir.path(), &args, None);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("No findings in 1 file ("),
        "{}",
        run.stdout
    );
    // Nothing left to fix: exit 0.
    assert_eq!(sqlhound(dir.path(), &args, None).code, 0);
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.sql", "SELECT * FROM t;\n");
    let plain = sqlhound(dir.path(), &["check"], None).stdout;
    assert!(!plain.contains('\u{1b}'));
    let coloured = sqlhound(dir.path(), &["check", "--color", "always"], None).stdout;
    assert!(coloured.contains('\u{1b}'));
    // One code per run of a colour, not per character: the source line is one run.
    assert!(
        coloured.contains("SELECT * FROM t;") || coloured.contains("SELECT \u{1b}"),
        "{coloured:?}"
    );
    let codes = coloured.matches('\u{1b}').count();
    assert!(codes < 40, "{codes} escape codes: {coloured:?}");
}

#[test]
fn check_help_says_it_checks_python_too() {
    let run = sqlhound(Path::new("."), &["--help"], None);
    assert!(
        run.stdout
            .contains("check   Check .sql files and the SQL in Python code"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_config_is_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.sql", "SELECT 1;\n");
    let run = sqlhound(
        dir.path(),
        &["check", "--config", "/nonexistent.toml"],
        None,
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "sqlhound: error: cannot read /nonexistent.toml: No such file or directory (os error 2)\n"
    );
}

#[test]
fn a_missing_path_alone_prints_no_summary() {
    let dir = tempfile::tempdir().unwrap();
    let run = sqlhound(dir.path(), &["check", "nope.py"], None);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "sqlhound: error: nope.py: no such file or directory\n"
    );
}

#[test]
fn main_options_are_read_from_sqlhound_variables() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.sql", "DELETE FROM t;\nSELECT * FROM t;\n");
    let env = [
        ("SQLHOUND_OUTPUT_FORMAT", "pylint"),
        ("SQLHOUND_IGNORE", "select-star"),
    ];
    let run = sqlhound_env(dir.path(), &["check"], b"", &env);
    assert_eq!(
        run.stdout,
        "a.sql:1: [SH203] `DELETE` from `t` has no `WHERE` clause and removes every row\n"
    );
    // Flags beat variables.
    let run = sqlhound_env(
        dir.path(),
        &["check", "--output-format", "concise", "-q"],
        b"",
        &env,
    );
    assert!(run.stdout.starts_with("a.sql:1:1: SH203"), "{}", run.stdout);
    let help = sqlhound(dir.path(), &["check", "--help"], None).stdout;
    for variable in [
        "SQLHOUND_OUTPUT_FORMAT",
        "SQLHOUND_SELECT",
        "SQLHOUND_IGNORE",
        "SQLHOUND_CONFIG",
    ] {
        assert!(
            help.contains(&format!("[env: {variable}=]")),
            "{variable}: {help}"
        );
    }
}

#[test]
fn rules_and_rule_docs_are_printed() {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = sqlhound(cwd, &["rules"], None);
    assert_eq!(rules.code, 0);
    assert!(
        rules.stdout.contains("SH201  select-star"),
        "{}",
        rules.stdout
    );
    let doc = sqlhound(cwd, &["rule", "select-star"], None);
    assert_eq!(doc.code, 0);
    assert!(
        doc.stdout
            .starts_with("# SH201 select-star\n\n## What it does"),
        "{}",
        doc.stdout
    );
    assert_eq!(sqlhound(cwd, &["rule", "sh201"], None).stdout, doc.stdout);
    let unknown = sqlhound(cwd, &["rule", "select-stra"], None);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `select-star`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn dialects_change_how_sql_is_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.sql", "SELECT `id` FROM `users`;\n");
    assert_eq!(
        sqlhound(dir.path(), &["check", "--dialect", "mysql"], None).code,
        0
    );
    assert_eq!(
        sqlhound(dir.path(), &["check", "--dialect", "postgres"], None).code,
        1
    );
}

#[test]
fn columns_count_characters_and_crlf_files_keep_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "u.sql",
        "\u{feff}SELECT 'héllo wörld' AS greeting;\r\nSELECT 'ü', a FROM t WHERE b = NULL;\r\n",
    );
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    let report = json(&run);
    let d = &report["diagnostics"][0];
    assert_eq!(d["name"], "null-comparison");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(28))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(2), Some(36))
    );
}

/// Values converted to numbers cannot carry SQL: not reported by default; reported at the
/// severity `coerced-injection-severity` names when a project asks.
#[test]
fn coerced_values_are_reported_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let code = "import sqlite3\n\n\ndef page(conn: sqlite3.Connection, n):\n    \
                return conn.execute(f\"SELECT id FROM t WHERE k = 1 LIMIT 10 OFFSET {int(n) * 10}\").fetchone()\n";
    write(dir.path(), "app.py", code);
    let concise = ["check", "--output-format", "concise", "-q"];
    assert_eq!(sqlhound(dir.path(), &concise, None).stdout, "");
    write(
        dir.path(),
        "sqlhound.toml",
        "coerced-injection-severity = \"info\"\n",
    );
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    let report = json(&run);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert_eq!(found[0]["severity"], "info");
    write(
        dir.path(),
        "sqlhound.toml",
        "coerced-injection-severity = \"loud\"\n",
    );
    let run = sqlhound(dir.path(), &concise, None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`loud` is not one of off, info, warning, error"),
        "{}",
        run.stderr
    );
}

/// `unused-suppression`'s safe fix: a comment that only held the suppression goes with its
/// line; a file-level one too; names still in use stay.
#[test]
fn fix_takes_back_unused_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let sql = "-- sqlhound: ignore-file[order-by-random]\n\
               -- sqlhound: ignore[select-star]\n\
               SELECT id FROM users;\n\
               \x20   -- sqlhound: ignore[delete-without-where, select-star]\n\
               \x20   SELECT * FROM t;\n";
    write(dir.path(), "q.sql", sql);
    let python = "import sqlite3\n\n\
                  conn = sqlite3.connect(\"a.db\")\n\
                  # sqlhound: ignore[select-star]\n\
                  row = conn.execute(\"SELECT id FROM users\").fetchone()  # noqa: SH201\n";
    write(dir.path(), "app.py", python);
    let run = sqlhound(dir.path(), &["check", "--fix"], None);
    assert_eq!(
        run.stderr, "sqlhound: fixed 5 finding(s) in 2 file(s)\n",
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("q.sql")).unwrap(),
        "SELECT id FROM users;\n    -- sqlhound: ignore[select-star]\n    SELECT * FROM t;\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
        "import sqlite3\n\nconn = sqlite3.connect(\"a.db\")\nrow = conn.execute(\"SELECT id FROM users\").fetchone()\n"
    );
}

#[test]
fn fix_applies_safe_fixes_and_unsafe_ones_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let code = "import sqlite3\n\n\ndef find(conn: sqlite3.Connection, user_id, name):\n    cur = conn.cursor()\n    cur.execute(f\"SELECT id FROM users WHERE id = {user_id} AND name = '{name}' AND note LIKE '50%'\")\n";
    write(dir.path(), "app.py", code);
    write(
        dir.path(),
        "q.sql",
        "SELECT id FROM users WHERE deleted_at = NULL;\n",
    );
    let run = sqlhound(dir.path(), &["check", "--fix"], None);
    assert_eq!(run.code, 1, "unsafe fixes are not applied by --fix alone");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
        code
    );

    let run = sqlhound(
        dir.path(),
        &["check", "--fix", "--unsafe-fixes", "--format", "json"],
        None,
    );
    assert!(
        run.stderr.contains("fixed 2 finding(s) in 2 file(s)"),
        "{}",
        run.stderr
    );
    let fixed = std::fs::read_to_string(dir.path().join("app.py")).unwrap();
    assert!(
        fixed.contains("cur.execute(\"SELECT id FROM users WHERE id = ? AND name = ? AND note LIKE '50%'\", (user_id, name))"),
        "{fixed}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("q.sql")).unwrap(),
        "SELECT id FROM users WHERE deleted_at IS NULL;\n"
    );
    // The fixed files parse and are clean.
    assert_eq!(codes(&run), Vec::<String>::new());
    assert_eq!(run.code, 0);
}

/// 10,000 nested parentheses and a 20,000-part concatenation parse and are followed to
/// the end: both queries are constant (`x` is the literal 1, `q` is `SELECT 1aaa…`, one
/// column aliased `aaa…`), so the file is clean, not an internal error or a syntax error.
#[test]
fn deeply_nested_python_is_checked_to_the_end_and_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let nested = format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    let chain = format!("q = \"SELECT 1\" {}\n", "+ \"a\" ".repeat(20_000));
    write(
        dir.path(),
        "deep.py",
        format!(
            "import sqlite3\nconn = sqlite3.connect('a')\n{nested}{chain}conn.execute(q)\nconn.execute(f\"SELECT {{x}}\")\n"
        ),
    );
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let report = json(&run);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert_eq!(report["summary"]["files_checked"], 1);
}

#[test]
fn findings_in_python_strings_point_at_the_exact_columns() {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = sqlhound(
        cwd,
        &[
            "check",
            "testdata/python/embedded-sql/spans.py",
            "--format",
            "json",
        ],
        None,
    );
    let report = json(&run);
    let spans: Vec<(u64, u64, u64, String)> = diagnostics(&report)
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
                d["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            // implicit concatenation: the third string part
            (11, 16, 33, "null-comparison".to_string()),
            // raw string with a backslash before the finding
            (14, 63, 71, "null-comparison".to_string()),
            // a non-ASCII character and a \u escape before the finding
            (16, 53, 61, "null-comparison".to_string()),
            // second statement of a triple-quoted string
            (21, 33, 53, "delete-without-where".to_string()),
        ]
    );
}

#[test]
fn small_tables_may_be_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let code = "import sqlite3\n\n\ndef load(conn: sqlite3.Connection):\n    return conn.execute(\"SELECT code FROM Countries\").fetchall(), conn.execute(\"SELECT id FROM events\").fetchall()\n";
    write(dir.path(), "app.py", code);
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(
        codes(&run),
        ["app.py:5:unbounded-fetch", "app.py:5:unbounded-fetch"]
    );
    write(
        dir.path(),
        "sqlhound.toml",
        "small-tables = [\"countries\"]\n",
    );
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    let report = json(&run);
    let messages: Vec<&str> = diagnostics(&report)
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("`events`"), "{messages:?}");
}

/// Models are learnt from every file of the run: a loop in `views.py` over models defined
/// in another app's `models.py` is an N+1, and `small-tables` names tables by `db_table`
/// or model.
#[test]
fn django_models_of_other_files_are_known() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shop/models.py",
        "from django.db import models\n\n\nclass Country(models.Model):\n    code = models.CharField(max_length=2)\n\n    class Meta:\n        db_table = \"countries\"\n\n\nclass Customer(models.Model):\n    country = models.ForeignKey(Country, on_delete=models.PROTECT)\n",
    );
    let views = "from shop.models import Country, Customer\n\n\ndef report():\n    for c in Customer.objects.filter(active=True):\n        print(c.country.code)\n    return list(Country.objects.all()), list(Customer.objects.all())\n";
    write(dir.path(), "web/views.py", views);
    write(
        dir.path(),
        "sqlhound.toml",
        "small-tables = [\"countries\"]\n",
    );
    // A data migration runs once; its loops are not the application's N+1.
    let body: Vec<&str> = views.lines().skip(4).collect();
    let migration = format!(
        "from django.db import migrations\n\n\ndef forwards(apps, schema_editor):\n{}\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunPython(forwards)]\n",
        body.join("\n")
    );
    write(dir.path(), "shop/migrations/0002_fill.py", migration);
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(
        codes(&run),
        [
            "web/views.py:6:n-plus-one",
            "web/views.py:7:unbounded-fetch"
        ]
    );
    // Checked alone (as pre-commit does), the rest of the project is still learnt: from
    // the index cache the first run left, and without it.
    assert!(dir.path().join(".sqlhound_cache/.gitignore").is_file());
    let elsewhere = tempfile::tempdir().unwrap();
    let cache_dir = elsewhere.path().to_str().unwrap();
    for flags in [
        &[][..],
        &["--no-cache"][..],
        &["--cache-dir", cache_dir][..],
    ] {
        let mut args = vec!["check", "--format", "json", "web/views.py"];
        args.extend(flags);
        let run = sqlhound(dir.path(), &args, None);
        assert_eq!(
            codes(&run),
            [
                "web/views.py:6:n-plus-one",
                "web/views.py:7:unbounded-fetch"
            ]
        );
    }
    // `--cache-dir` keeps the index there.
    let kept = std::fs::read_dir(elsewhere.path()).unwrap().count();
    assert!(kept > 0, "no cache written to --cache-dir");
}

/// The schema comes from the `.sql` files of the run, replayed in path order (a later
/// migration drops an index an earlier one made), and serves the SQL in Python code too;
/// `small-tables` are not judged.
#[test]
fn schema_from_migrations_serves_queries_in_python() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "migrations/0001_init.sql",
        "CREATE TABLE payments (id bigint PRIMARY KEY, invoice_id bigint, state text);\nCREATE INDEX payments_invoice ON payments (invoice_id);\nCREATE TABLE flags (name text, on_ boolean);\n",
    );
    write(
        dir.path(),
        "migrations/0002_drop.sql",
        "DROP INDEX payments_invoice;\n",
    );
    let code = "import sqlite3\n\n\ndef by_invoice(conn: sqlite3.Connection, invoice_id):\n    return conn.execute(\"SELECT id FROM payments WHERE invoice_id = ? AND state = 'paid'\", (invoice_id,)).fetchone()\n\n\ndef flag(conn: sqlite3.Connection):\n    return conn.execute(\"SELECT on_ FROM flags WHERE name = 'x'\").fetchone()\n";
    write(dir.path(), "app/payments.py", code);
    write(dir.path(), "sqlhound.toml", "small-tables = [\"flags\"]\n");
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(codes(&run), ["app/payments.py:5:missing-index"]);
    let report = json(&run);
    let help = report["diagnostics"][0]["help"].as_str().unwrap();
    assert!(
        help.contains("CREATE INDEX ON payments (invoice_id, state);"),
        "{help}"
    );
    // Without the second migration the index serves the query.
    std::fs::remove_file(dir.path().join("migrations/0002_drop.sql")).unwrap();
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(codes(&run), Vec::<String>::new());
}

/// Django and SQLAlchemy models add their tables' indexes to the schema: `unique`,
/// `db_index`, foreign keys, `Meta.indexes`, `unique_together`; `index=True`,
/// `__table_args__`. An unmanaged model's table (a view, a catalog) has unknown indexes.
#[test]
fn orm_models_add_their_indexes_to_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shop/models.py",
        "from django.db import models\n\n\nclass Customer(models.Model):\n    email = models.EmailField(unique=True)\n    country = models.CharField(max_length=2)\n    city = models.CharField(max_length=50)\n    referrer = models.ForeignKey(\"self\", null=True, on_delete=models.SET_NULL)\n\n    class Meta:\n        indexes = [models.Index(fields=[\"city\", \"-country\"])]\n\n\nclass Report(models.Model):\n    name = models.TextField()\n\n    class Meta:\n        managed = False\n        db_table = \"report_view\"\n",
    );
    write(
        dir.path(),
        "billing/tables.py",
        "from sqlalchemy import Column, Index, Integer, String\nfrom sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nclass Invoice(Base):\n    __tablename__ = \"invoices\"\n    __table_args__ = (Index(\"ix_invoices_state_due\", \"state\", \"due\"),)\n    id = Column(Integer, primary_key=True)\n    number = Column(String, index=True)\n    state = Column(String)\n    due = Column(String)\n    customer = Column(Integer)\n",
    );
    let queries = "from django.db import connection\n\n\ndef lookups(value):\n    with connection.cursor() as cur:\n        cur.execute(\"SELECT id FROM shop_customer WHERE email = %s\", [value])\n        cur.execute(\"SELECT id FROM shop_customer WHERE referrer_id = %s\", [value])\n        cur.execute(\"SELECT id FROM shop_customer WHERE city = %s\", [value])\n        cur.execute(\"SELECT id FROM shop_customer WHERE country = %s\", [value])\n        cur.execute(\"SELECT id FROM invoices WHERE number = %s OR state = %s\", [value, value])\n        cur.execute(\"SELECT id FROM invoices WHERE state = %s\", [value])\n        cur.execute(\"SELECT id FROM invoices WHERE customer = %s\", [value])\n        cur.execute(\"SELECT id FROM report_view WHERE name = %s\", [value])\n";
    write(dir.path(), "reports/queries.py", queries);
    let run = sqlhound(dir.path(), &["check", "--format", "json"], None);
    assert_eq!(
        codes(&run),
        [
            "reports/queries.py:9:missing-index",
            "reports/queries.py:12:missing-index"
        ]
    );
}

/// `schema` in config names DDL (and models) to learn from when only part of the
/// repository is checked; those files are not reported on.
#[test]
fn schema_paths_are_learnt_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "db/schema.sql",
        "CREATE TABLE events (id bigint PRIMARY KEY, kind text);\nSELECT * FROM events;\n",
    );
    let code = "import sqlite3\n\n\ndef logins(conn: sqlite3.Connection):\n    return conn.execute(\"SELECT id FROM events WHERE kind = 'login' LIMIT 10\").fetchall()\n";
    write(dir.path(), "app/events.py", code);
    let run = sqlhound(dir.path(), &["check", "--format", "json", "app"], None);
    assert_eq!(codes(&run), Vec::<String>::new());
    write(dir.path(), "sqlhound.toml", "schema = [\"db\"]\n");
    let run = sqlhound(dir.path(), &["check", "--format", "json", "app"], None);
    assert_eq!(codes(&run), ["app/events.py:5:missing-index"]);
}

#[test]
fn explain_timeouts_out_of_statement_timeout_range_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.sql", "SELECT 1;\n");
    for value in [
        "1e30s",
        "5000000000000000000s",
        "2147483648ms",
        "0",
        "0.5ms",
    ] {
        usage_error(
            dir.path(),
            &[
                "check",
                "--explain-timeout",
                value,
                "--database-url",
                "postgresql://localhost:1/x",
            ],
            "out of range: a timeout is at least 1ms and at most 2147483647ms",
        );
    }
    for args in [
        ["check", "--explain-min-rows", "nan"].as_slice(),
        &["check", "--explain-min-cost", "inf"],
        &["check", "--explain-min-gain=-2"],
    ] {
        usage_error(dir.path(), args, "is not a finite number of at least 0");
    }
    usage_error(
        dir.path(),
        &["check", "--explain-timeout", "soon"],
        "is not a duration such as `2s`",
    );
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.sql", "DELETE FROM t;\n".repeat(2000));
    let cases: [(&[&str], i32); 5] = [
        (&["rule", "SH001"], 0),
        (&["rules"], 0),
        (&["rules", "--format", "json"], 0),
        (&["check", "big.sql", "--color", "never"], 1),
        (&["check", "big.sql", "--format", "json"], 1),
    ];
    for (args, expected) in cases {
        // The reading end is closed before the program starts: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_sqlhound"))
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn a_fifo_named_on_the_command_line_is_reported_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.sql");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    write(dir.path(), "bad.sql", "DELETE FROM t;\n");
    // Walked, it is skipped; named, it is reported. Nobody ever writes to it.
    let run = sqlhound(
        dir.path(),
        &["check", "pipe.sql", ".", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    let found: Vec<String> = diagnostics(&report)
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "bad.sql `DELETE` from `t` has no `WHERE` clause and removes every row",
            "pipe.sql file not checked: it is a named pipe (FIFO), not a regular file"
        ]
    );
}

#[test]
fn invalid_utf8_on_stdin_is_a_finding_in_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.sql", "DELETE FROM t;\n");
    let run = sqlhound_bytes(
        dir.path(),
        &[
            "check",
            "-",
            "bad.sql",
            "--stdin-filename",
            "in.sql",
            "--format",
            "json",
        ],
        b"SELECT '\xff';\n",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        codes(&run),
        ["bad.sql:1:delete-without-where", "in.sql:1:unreadable-file"]
    );
    assert!(
        json(&run)["diagnostics"][1]["message"]
            .as_str()
            .unwrap()
            .starts_with("file not checked: it is not valid UTF-8 (line 1, byte 8)"),
        "{}",
        run.stdout
    );
}

/// Line and column of each finding, with its name, in the JSON, SARIF and text reports.
fn positions_in_every_format(dir: &Path, path: &str) -> Vec<String> {
    let run = sqlhound(dir, &["check", path, "--format", "json"], None);
    let from_json: Vec<String> = diagnostics(&json(&run))
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}",
                d["line"],
                d["column"],
                d["name"].as_str().unwrap()
            )
        })
        .collect();
    let run = sqlhound(dir, &["check", path, "--format", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let from_sarif: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            format!("{}:{}", region["startLine"], region["startColumn"])
        })
        .collect();
    let json_positions: Vec<String> = from_json
        .iter()
        .map(|p| p.rsplit_once(':').unwrap().0.to_string())
        .collect();
    assert_eq!(json_positions, from_sarif);
    let run = sqlhound(dir, &["check", path, "--color", "never"], None);
    let from_text: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix(&format!("╭─[ {path}:")))
        .map(|l| l.trim_end_matches(" ]").to_string())
        .collect();
    assert_eq!(json_positions, from_text, "{}", run.stdout);
    from_json
}

#[test]
fn lone_cr_line_ends_count_as_lines_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mac.sql",
        "SELECT 1;\r-- a comment ends at a lone CR\rDELETE FROM t;\r\r  UPDATE t SET a = NULL;\r",
    );
    assert_eq!(
        positions_in_every_format(dir.path(), "mac.sql"),
        ["3:1:delete-without-where", "5:3:update-without-where"]
    );
    write(
        dir.path(),
        "mac.py",
        "import sqlite3\rdef f(conn: sqlite3.Connection, name):\r    conn.execute(\"SELECT a FROM t WHERE b = '\" + name + \"'\")\r",
    );
    assert_eq!(
        positions_in_every_format(dir.path(), "mac.py"),
        ["3:50:sql-injection"]
    );
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let bytes = |unit: u16| {
        if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        }
    };
    text.encode_utf16().flat_map(bytes).collect()
}

#[test]
fn utf16_and_bom_files_are_decoded_with_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}SELECT 'é😀', a FROM t WHERE b = NULL;\r\nDELETE FROM t;\n";
    write(dir.path(), "le.sql", utf16(text, false));
    write(dir.path(), "be.sql", utf16(text, true));
    write(dir.path(), "bom8.sql", text);
    let expected = ["1:29:null-comparison", "2:1:delete-without-where"];
    for path in ["le.sql", "be.sql", "bom8.sql"] {
        assert_eq!(
            positions_in_every_format(dir.path(), path),
            expected,
            "{path}"
        );
    }
    // Fixes are written back in UTF-16, byte-order mark included.
    fixed_in_place(dir.path(), "be.sql", text, |t| utf16(t, true));
    // Not decodable: an odd number of bytes.
    write(dir.path(), "odd.sql", b"\xff\xfeS\x00E");
    let run = sqlhound(dir.path(), &["check", "odd.sql", "--format", "json"], None);
    assert_eq!(
        json(&run)["diagnostics"][0]["message"],
        "file not checked: it is not valid UTF-16LE"
    );
}

/// Writes `text` encoded, fixes its `b = NULL` with `--fix`, and checks the file holds
/// the fixed text in the same encoding.
fn fixed_in_place(dir: &Path, path: &str, text: &str, encode: impl Fn(&str) -> Vec<u8>) {
    write(dir, path, encode(text));
    let run = sqlhound(dir, &["check", path, "--fix", "--unsafe-fixes"], None);
    assert!(
        run.stderr.contains("fixed 1 finding(s) in 1 file(s)"),
        "{}",
        run.stderr
    );
    let fixed = encode(&text.replace("b = NULL", "b IS NULL"));
    assert_eq!(std::fs::read(dir.join(path)).unwrap(), fixed);
}

#[test]
fn python_files_are_read_in_their_declared_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let code = "# -*- coding: latin-1 -*-\nimport sqlite3\n\n\ndef f(conn: sqlite3.Connection):\n    conn.execute(\"SELECT 'café', a FROM t WHERE b = NULL\")\n";
    let latin1 = |t: &str| -> Vec<u8> { t.chars().map(|c| u8::try_from(c).unwrap()).collect() };
    write(dir.path(), "l1.py", latin1(code));
    assert_eq!(
        positions_in_every_format(dir.path(), "l1.py"),
        ["6:49:null-comparison"]
    );
    // Fixed in place, still latin-1.
    fixed_in_place(dir.path(), "l1.py", code, latin1);

    write(dir.path(), "k.py", "# coding: klingon\nx = 1\n");
    let run = sqlhound(dir.path(), &["check", "k.py", "--format", "json"], None);
    assert_eq!(run.code, 1);
    assert_eq!(
        json(&run)["diagnostics"][0]["message"],
        "file not checked: it declares the encoding `klingon`, which sqlhound cannot read"
    );
}

#[test]
fn an_unreadable_config_is_reported_once_and_the_next_one_up_applies() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "sqlhound.toml",
        "ignore = [\"delete-without-where\"]\n",
    );
    write(root, "a.sql", "DELETE FROM t;\n");
    // A directory named like a config file, and one that is not UTF-8 (root reads mode 000).
    std::fs::create_dir_all(root.join("dir/pyproject.toml")).unwrap();
    write(root, "dir/b.sql", "DELETE FROM t;\nUPDATE t SET a = 1;\n");
    write(
        root,
        "latin1/pyproject.toml",
        b"[tool.sqlhound]\nignore = [\"caf\xe9\"]\n",
    );
    write(root, "latin1/c.sql", "UPDATE t SET a = 1;\n");
    let run = sqlhound(root, &["check", "--format", "json"], None);
    assert_eq!(run.code, 2, "a config error: {}", run.stderr);
    assert_eq!(
        codes(&run),
        [
            "dir/b.sql:2:update-without-where",
            "latin1/c.sql:1:update-without-where"
        ]
    );
    let lines: Vec<&str> = run.stderr.lines().collect();
    let suffix = "; the files under it were checked with the next config file up, or the defaults";
    assert_eq!(
        lines,
        [
            format!(
                "sqlhound: error: cannot read {}: it is a directory{suffix}",
                root.join("dir/pyproject.toml").display()
            ),
            format!(
                "sqlhound: error: cannot read {}: it is not valid UTF-8 (byte 30){suffix}",
                root.join("latin1/pyproject.toml").display()
            ),
        ]
    );
    // Standard input configured from there: the same, once.
    let run = sqlhound(
        root,
        &[
            "check",
            "-",
            "--stdin-filename",
            "latin1/q.sql",
            "--format",
            "json",
        ],
        Some("DELETE FROM t;\n"),
    );
    assert_eq!(run.code, 2);
    assert_eq!(codes(&run), Vec::<String>::new(), "the root config applies");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    // Named with --config, it is a usage error, said once.
    let run = sqlhound(root, &["check", "--config", "latin1/pyproject.toml"], None);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "sqlhound: error: cannot read latin1/pyproject.toml: it is not valid UTF-8 (byte 30)\n"
    );
}

/// `sinks`, `sanitizers` and `sources` describe code the project index cannot see (a
/// dependency's wrapper); a malformed entry is a config error naming its key.
#[test]
fn configured_sinks_sanitizers_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.sqlhound]\nsinks = [\"vendor.db:run_sql\", \"vendor.db:Database.query(sql)\", \"vendor.db:export(2)\"]\nsanitizers = [\"vendor.sql:quote_ident\"]\nsources = [\"vendor.web:param\"]\n",
    );
    let app = "from vendor.db import Database, export, run_sql\nfrom vendor.sql import quote_ident\nfrom vendor.web import param\n\n\n\
def by_name(name):\n    return run_sql(f\"SELECT id FROM users WHERE name = '{name}'\")\n\n\n\
def by_table(table):\n    return run_sql(f\"SELECT id FROM {quote_ident(table)} LIMIT 5\")\n\n\n\
def searched():\n    db = Database(\"app.db\")\n    return db.query(limit=5, sql=f\"SELECT id FROM users WHERE name = '{param('q')}'\")\n\n\n\
def exported(path, table):\n    return export(path, f\"SELECT id FROM {table} LIMIT 5\")\n\n\n\
def not_configured(other, table):\n    return other.query(f\"SELECT id FROM {table} LIMIT 5\")\n";
    write(dir.path(), "app.py", app);
    let run = sqlhound(dir.path(), &["check", "--format", "json", "app.py"], None);
    assert_eq!(
        codes(&run),
        [
            "app.py:7:sql-injection",
            "app.py:16:sql-injection",
            "app.py:20:sql-injection"
        ],
        "{}",
        run.stderr
    );
    let messages = json(&run)["diagnostics"][1]["message"].to_string();
    assert!(messages.contains("configured source"), "{messages}");
    write(
        dir.path(),
        "pyproject.toml",
        "[tool.sqlhound]\nsinks = [\"run_sql\"]\n",
    );
    usage_error(
        dir.path(),
        &["check"],
        "`sinks`: `run_sql`: expected `module:function` or `module:Class.method`",
    );
}

/// The README's JSON example is a real run's: its diagnostic is one of the shop's, its
/// summary the shop's (but for the time).
#[test]
fn the_readme_json_example_matches_a_real_run() {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(cwd.join("README.md")).unwrap();
    let section = readme.split_once("### `--output-format json`").unwrap().1;
    let block = section.split_once("```json\n").unwrap().1;
    let mut example: serde_json::Value =
        serde_json::from_str(block.split_once("```").unwrap().0).unwrap();
    let args = ["check", "examples/shop", "--output-format", "json"];
    let mut run = json(&sqlhound(cwd, &args, None));
    for report in [&mut example, &mut run] {
        report["summary"]["elapsed_ms"] = 0.into();
    }
    assert_eq!(example["summary"], run["summary"]);
    let shown = &diagnostics(&example)[0];
    assert!(diagnostics(&run).contains(shown), "{shown:#}");
}

#[test]
fn noqa_with_sqlhound_codes_suppresses_and_is_reported_when_unused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "q.sql",
        "SELECT * FROM t; -- noqa: SH201\n\
         SELECT * FROM t; -- noqa\n\
         SELECT * FROM t; -- noqa: LT01, SH201, AM04 the view needs every column\n\
         SELECT id FROM t; -- noqa: SH201\n\
         SELECT id FROM t; -- noqa: SH555\n\
         SELECT * FROM t; -- noqa: select-star\n",
    );
    let args = [
        "check",
        "--output-format",
        "concise",
        "-q",
        "--fail-on",
        "never",
    ];
    let run = sqlhound(dir.path(), &args, None);
    assert_eq!(
        run.stdout,
        "q.sql:2:8: SH201 `SELECT *` reads every column of the table\n\
         q.sql:4:28: SH904 [*] suppression of `select-star` silences nothing here\n\
         q.sql:5:28: SH903 no rule is named `SH555`; did you mean `SH105`?\n\
         q.sql:6:8: SH201 `SELECT *` reads every column of the table\n"
    );
    write(
        dir.path(),
        "app.py",
        "def f(cur, name):\n    cur.execute(f\"SELECT id FROM t WHERE name = '{name}'\")  # noqa: SH001, E501\n",
    );
    let run = sqlhound(dir.path(), &["check", "app.py", "--format", "json"], None);
    assert_eq!(codes(&run), Vec::<String>::new());
}

#[test]
fn config_extends_a_file_relative_to_itself_and_reports_cycles() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pyproject.toml",
        "[tool.sqlhound]\nignore = [\"select-star\"]\nfail-on = \"info\"\nschema = [\"db/schema.sql\"]\n",
    );
    write(
        root,
        "db/schema.sql",
        "CREATE TABLE big (id int, email text);\n",
    );
    write(
        root,
        "svc/sqlhound.toml",
        "extend = \"../pyproject.toml\"\nselect = [\"ALL\"]\n",
    );
    write(root, "svc/q.sql", "SELECT * FROM big;\nDELETE FROM big;\n");
    let run = sqlhound(root, &["check", "svc", "--format", "json"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(codes(&run), ["svc/q.sql:2:delete-without-where"]);
    write(
        root,
        "pyproject.toml",
        "[tool.sqlhound]\nextend = \"svc/sqlhound.toml\"\n",
    );
    let run = sqlhound(root, &["check", "svc"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`extend`: config files extend each other in a cycle: ")
            && run.stderr.contains("sqlhound.toml → "),
        "{}",
        run.stderr
    );
    write(root, "svc/sqlhound.toml", "extend = \"../nope.toml\"\n");
    let run = sqlhound(root, &["check", "svc"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read ") && run.stderr.contains("nope.toml: No such file"),
        "{}",
        run.stderr
    );
}

#[test]
fn show_files_lists_what_would_be_checked_and_why_the_rest_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "build/\n");
    write(root, "sqlhound.toml", "extend-exclude = [\"a/skip.sql\"]\n");
    for path in [
        "a/q.sql",
        "a/app.py",
        "a/notes.txt",
        "a/skip.sql",
        ".hidden/h.sql",
        "node_modules/x/n.sql",
        "build/b.sql",
    ] {
        write(root, path, "SELECT 1;\n");
    }
    let run = sqlhound(root, &["check", "--show-files"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let config = root.join("sqlhound.toml").display().to_string();
    assert_eq!(
        run.stdout.replace(&config, "[CONFIG]"),
        "a/app.py (config: [CONFIG])\n\
         a/q.sql (config: [CONFIG])\n\
         skipped: .hidden/ (hidden)\n\
         skipped: a/skip.sql (matches `exclude` of [CONFIG])\n\
         skipped: build/ (ignored by .gitignore, .ignore or .sqlhoundignore)\n\
         skipped: node_modules/ (matches `exclude` of [CONFIG])\n"
    );
}

#[test]
fn show_settings_prints_the_resolved_settings_and_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "pyproject.toml",
        "[tool.sqlhound]\nselect = [\"SH2\"]\nsmall-tables = [\"Countries\"]\n",
    );
    write(
        root,
        "svc/sqlhound.toml",
        "extend = \"../pyproject.toml\"\nignore = [\"SH205\"]\n[severity]\nselect-star = \"error\"\n[per-file-ignores]\n\"legacy/*.sql\" = [\"delete-without-where\"]\n",
    );
    write(root, "svc/q.sql", "SELECT 1;\n");
    let run = sqlhound(
        root,
        &[
            "check",
            "svc/q.sql",
            "--show-settings",
            "--dialect",
            "mysql",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = run.stdout.replace(&root.display().to_string(), "[ROOT]");
    assert_eq!(
        text,
        "Settings for svc/q.sql\n\
         config file: [ROOT]/svc/sqlhound.toml\n\
         extends: [ROOT]/svc/../pyproject.toml\n\
         dialect: mysql\n\
         fail-on: warning\n\
         rules (13 of 31): SH201 select-star (error), SH202 update-without-where, \
         SH203 delete-without-where, SH204 not-in-subquery, SH206 insert-without-columns, \
         SH207 implicit-cross-join, SH208 missing-commit, SH209 unknown-table, \
         SH210 unknown-column, SH901 syntax-error, SH905 unreadable-file, \
         SH906 python-syntax-error, SH999 internal-error\n\
         exclude: .bzr, .direnv, .eggs, .git, .hg, .mypy_cache, .nox, .svn, .tox, .venv, \
         __pypackages__, node_modules, site-packages, venv, vendor, third_party\n\
         per-file-ignores: legacy/*.sql = [SH203]\n\
         test-paths: tests, test, testing, *_test, *_tests, test_*.py, *_test.py, conftest.py\n\
         max-file-size: 10485760\n\
         coerced-injection-severity: off\n\
         small-tables: countries\n\
         schema: []\n\
         explain-trusted-functions: []\n\
         sinks, sanitizers, sources: 0, 0, 0 configured\n"
    );
}

#[test]
fn add_noqa_silences_every_finding_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "q.sql",
        "SELECT * FROM t WHERE a = NULL; SELECT * FROM u;\nDELETE FROM t; -- cleanup\nSELECT 1;\n",
    );
    write(
        dir.path(),
        "app.py",
        "def f(cur, name):\n    cur.execute(f\"\"\"\n        SELECT * FROM t WHERE name = {name}\n    \"\"\")\n",
    );
    let run = sqlhound(dir.path(), &["check", "--add-noqa"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr,
        "sqlhound: added 5 suppression(s) to 2 file(s)\n"
    );
    assert!(
        run.stdout.starts_with("No findings in 2 files ("),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("q.sql")).unwrap(),
        "SELECT * FROM t WHERE a = NULL; SELECT * FROM u;  -- sqlhound: ignore[select-star, null-comparison]\n\
         DELETE FROM t; -- cleanup  -- sqlhound: ignore[delete-without-where]\nSELECT 1;\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app.py")).unwrap(),
        "def f(cur, name):\n    cur.execute(f\"\"\"\n        SELECT * FROM t WHERE name = {name}\n    \"\"\")  # sqlhound: ignore[select-star, sql-injection]\n"
    );
    // Nothing left: a second run adds nothing.
    let run = sqlhound(dir.path(), &["check", "--add-noqa"], None);
    assert_eq!(
        run.stderr,
        "sqlhound: added 0 suppression(s) to 0 file(s)\n"
    );
}

#[test]
fn watch_checks_again_when_a_checked_file_changes() {
    use std::io::{BufRead, BufReader};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "q.sql", "SELECT 1;\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sqlhound"))
        .args(["check", "--watch", "--output-format", "concise"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (sender, lines) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let sender = sender.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let _ = sender.send(line.unwrap());
            }
        });
    }
    let mut seen = Vec::new();
    let mut wait_for = |wanted: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !seen.iter().any(|l: &String| l.starts_with(wanted)) {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => seen.push(line),
                Err(_) => panic!("no `{wanted}` in {seen:#?}"),
            }
        }
    };
    wait_for("sqlhound: watching for changes (Ctrl-C stops)");
    // A file of another kind changes nothing; the checked one does.
    write(dir.path(), "notes.txt", "SELECT * FROM t;\n");
    write(dir.path(), "q.sql", "SELECT * FROM t;\n");
    wait_for("q.sql:1:8: SH201 `SELECT *` reads every column of the table");
    child.kill().unwrap();
    child.wait().unwrap();
    let changes: Vec<&String> = seen.iter().filter(|l| l.contains("changed:")).collect();
    assert_eq!(
        changes,
        ["sqlhound: changed: q.sql; checking again"],
        "{seen:#?}"
    );
    // The first run's summary (the two streams interleave in any order).
    assert!(
        seen.iter()
            .any(|l| l.starts_with("No findings in 1 file (")),
        "{seen:#?}"
    );
}
