//! Running the real tools the integration tests check sqlhound against. `scripts/test`
//! installs them into target/tools; without them these tests fail, never skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A Python file with an injection sqlhound reports (SH001), and the same file fixed.
pub const INJECTION: &str = "import sqlite3\n\n\ndef find(conn: sqlite3.Connection, name):\n    return conn.execute(f\"SELECT id FROM users WHERE name = '{name}'\")\n";
pub const CLEAN: &str = "import sqlite3\n\n\ndef find(conn: sqlite3.Connection, name):\n    return conn.execute(\"SELECT id FROM users WHERE name = ?\", (name,))\n";

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A tool `scripts/test` installed, by its path under target/tools.
pub fn tool(relative: &str) -> PathBuf {
    let path = root().join("target/tools").join(relative);
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, which installs it",
        path.display()
    );
    path
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs a command that must succeed; its standard output.
pub fn run_ok(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert_success(&format!("{command:?}"), &output);
    text(&output.stdout)
}

/// Fails with what the run printed unless it exited 0.
pub fn assert_success(what: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{what}: {}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

pub fn git(dir: &Path, args: &[&str]) -> String {
    run_ok(
        Command::new("git")
            .args([
                "-c",
                "user.email=test@example.com",
                "-c",
                "user.name=test",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(dir),
    )
}

pub fn write(dir: &Path, path: &str, content: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}
