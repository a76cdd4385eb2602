//! The explain pass against a real PostgreSQL 15 that the tests start (tests/common/pg.rs)
//! with the shop of `testdata/explain/schema.sql`: fixtures with their expected findings,
//! the exact indexes suggested and their cost drop under hypopg, the database rules' docs,
//! a database without hypopg, a locked table, and proof that the pass changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly on purpose

mod common;

use std::path::Path;
use std::time::Duration;

use common::pg::Cluster;
use common::{
    FixtureHeader, check_fixture_with, compare, doc_blocks, fixture_expectations, fixture_files,
    parse_expectations, report_findings,
};
use sqlhound::explain::Options;
use sqlhound::rules;

const SHOP: &str = include_str!("../testdata/explain/schema.sql");

fn options(url: &str) -> Options {
    Options::new(url.to_string())
}

fn testdata() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/explain")
}

/// One cluster for the shop: loading it takes seconds, so the cases share it.
#[test]
fn the_explain_pass_on_a_real_shop() {
    let cluster = Cluster::start("", None);
    // slow_constant() is folded by the planner, so planning a query calling it takes 1 s;
    // take_lock() takes a session-level advisory lock when folded.
    let shop = cluster.database(
        "shop",
        &format!(
            "CREATE EXTENSION hypopg;\n{SHOP}\n\
             CREATE FUNCTION slow_constant() RETURNS bigint IMMUTABLE LANGUAGE plpgsql \
             AS $$ BEGIN PERFORM pg_sleep(1); RETURN 1; END $$;\n\
             CREATE FUNCTION take_lock() RETURNS bigint IMMUTABLE LANGUAGE plpgsql \
             AS $$ BEGIN PERFORM pg_advisory_lock(4242); RETURN 1; END $$;"
        ),
    );
    // The same shop, without hypopg: a copy made before anyone connects to it.
    cluster.execute("postgres", "CREATE DATABASE shop_plain TEMPLATE shop");
    cluster.execute("shop_plain", "DROP EXTENSION hypopg");
    let plain = cluster.url("shop_plain");

    fixtures_give_exactly_their_findings(&shop);
    whole_reads_are_judged_by_the_planners_row_estimate(&shop);
    orm_reads_are_judged_by_the_planners_row_estimate(&shop);
    suggestions_are_exact_and_proven(&shop);
    without_hypopg_suggestions_are_unverified(&plain);
    slow_and_locked_plans_are_notes_and_the_rest_is_planned(&cluster, &shop);
    notes_for_one_locked_table_are_one(&cluster, &shop);
    nothing_in_the_database_changes(&cluster, &shop);
    docs_of_the_database_rules_hold(&cluster);
    progress_shows_on_a_terminal_only(&shop);
}

/// Three queries not planned because one table is locked are one note, at the first,
/// saying how many more there are; the JSON lists where they are.
fn notes_for_one_locked_table_are_one(cluster: &Cluster, url: &str) {
    let project = project_of(&[
        (
            "a.sql",
            "SELECT id FROM audit_log WHERE actor = 'a';\nSELECT id FROM audit_log WHERE id = 3;\n",
        ),
        ("b.sql", "SELECT actor FROM audit_log WHERE id = 4;\n"),
    ]);
    let lock = cluster.hold(
        "shop",
        "BEGIN; LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE",
    );
    let args = ["--explain-timeout", "300ms", "--format", "json"];
    let (_, stdout, stderr) = sqlhound(project.path(), url, &args);
    drop(lock);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let notes: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["name"] == "not-explained")
        .collect();
    assert_eq!(notes.len(), 1, "{stdout}{stderr}");
    let message = notes[0]["message"].as_str().unwrap();
    assert!(
        message.contains("a table it reads is locked")
            && message.ends_with(" (and 2 more queries for the same reason)"),
        "{message}"
    );
    assert!(notes[0]["path"].as_str().unwrap().ends_with("a.sql"));
    assert_eq!(notes[0]["line"], 1);
    let alike: Vec<String> = notes[0]["alike"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let path = p["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap();
            format!("{name}:{}:{}", p["line"], p["column"])
        })
        .collect();
    assert_eq!(alike, ["a.sql:2:1", "b.sql:1:1"]);
}

/// The explain pass's progress bar is drawn on a terminal (a pseudo-terminal from
/// util-linux's `script`) while the plans are made, then cleared; never into a pipe, nor
/// with `--quiet`. Planning `slow_constant()` takes a second, so the bar has time to show.
fn progress_shows_on_a_terminal_only(url: &str) {
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("slow.sql"),
        "SELECT id FROM orders WHERE id = slow_constant();\n\
         SELECT id FROM orders WHERE customer_id = 5;\n",
    )
    .unwrap();
    let trust = ["--explain-trusted-functions", "public.slow_constant"];
    let (_, _, stderr) = sqlhound(project.path(), url, &trust);
    assert!(!stderr.contains("explaining"), "{stderr}");
    assert!(stderr.contains("explained 2 distinct queries"), "{stderr}");
    let on_terminal = |extra: &str| {
        let command = format!(
            "{} check --isolated --color never --database-url '{url}' {} {extra} {}",
            env!("CARGO_BIN_EXE_sqlhound"),
            trust.join(" "),
            project.path().display()
        );
        let out = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = on_terminal("");
    assert!(
        shown.contains("explaining ") && shown.contains("/2 queries"),
        "{shown}"
    );
    assert!(
        shown.contains("slow.sql"),
        "the file being planned: {shown}"
    );
    assert!(shown.contains("explained 2 distinct queries"), "{shown}");
    let quiet = on_terminal("--quiet");
    assert!(!quiet.contains("explaining"), "{quiet}");
}

fn fixtures_give_exactly_their_findings(url: &str) {
    let mut files = Vec::new();
    fixture_files(&testdata().join("sql"), "sql", &mut files);
    fixture_files(&testdata().join("python"), "py", &mut files);
    files.sort();
    assert!(files.len() >= 6, "explain fixtures are missing");
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let python = file.extension().is_some_and(|e| e == "py");
        let name = if python { "fixture.py" } else { "fixture.sql" };
        let report =
            check_fixture_with(&text, name, &FixtureHeader::default(), Some(&options(url)));
        let summary = report.explain.as_ref().unwrap();
        assert!(summary.fatal.is_none(), "{summary:?}");
        for problem in compare(
            &fixture_expectations(&text, python),
            &report_findings(&report),
        ) {
            failures.push(format!("{}: {problem}", file.display()));
        }
    }
    // Notebooks: one module of their cells, planned at the cells (expectations in them).
    let notebook = std::fs::read_to_string(testdata().join("notebooks/shop.ipynb")).unwrap();
    let (_, cells) = sqlhound::source::notebook::Notebook::parse(notebook.clone()).unwrap();
    let report = check_fixture_with(
        &notebook,
        "shop.ipynb",
        &FixtureHeader::default(),
        Some(&options(url)),
    );
    for problem in compare(
        &fixture_expectations(&cells, true),
        &report_findings(&report),
    ) {
        failures.push(format!("notebooks/shop.ipynb: {problem}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A read of every row says how many the planner estimates, `--explain-min-rows` sets how
/// many are too many, and a static `unbounded-fetch` (an `info` on a filter that pins no
/// unique key, from the project's schema) gives way to the estimate only where there is a
/// plan: not when the database is down.
fn whole_reads_are_judged_by_the_planners_row_estimate(url: &str) {
    let fixture = testdata().join("python/unbounded-fetch/row_counts.py");
    let text = std::fs::read_to_string(fixture).unwrap();
    let estimates: Vec<f64> = found(&text, "row_counts.py", &options(url))
        .into_iter()
        .filter(|(_, rule, _, _)| rule == "unbounded-fetch")
        .filter_map(|(_, _, message, _)| {
            let rest = message.split("the planner estimates ~").nth(1)?;
            let rows = rest.split(' ').next()?.replace(',', "");
            rows.parse().ok()
        })
        .collect();
    // shipped (90% of orders), of_region (a fifth), audit (all), streamed_then_held,
    // audit_text (half).
    assert_eq!(estimates.len(), 5, "{estimates:?}");
    for (estimate, low, high) in [
        (estimates[0], 150_000.0, 200_000.0),
        (estimates[1], 30_000.0, 50_000.0),
        (estimates[2], 110_000.0, 130_000.0),
        (estimates[4], 50_000.0, 70_000.0),
    ] {
        assert!((low..=high).contains(&estimate), "{estimates:?}");
    }
    let mut higher = options(url);
    higher.limits.min_rows = 1_000_000.0;
    let left: Vec<String> = found(&text, "row_counts.py", &higher)
        .into_iter()
        .filter(|(_, rule, _, _)| rule == "unbounded-fetch")
        .map(|(line, _, message, _)| format!("{line}: {message}"))
        .collect();
    assert_eq!(left.len(), 1, "only the unplanned read stays: {left:#?}");
    assert!(left[0].contains("`countries`"), "{left:#?}");

    let project = project_of(&[
        (
            "schema.sql",
            "CREATE TABLE customers (id bigint PRIMARY KEY, email text UNIQUE, country char(2));\n",
        ),
        (
            "app.py",
            "import psycopg\n\n\ndef of_country(conn, country):\n    cur = conn.cursor()\n    \
             cur.execute(\"SELECT id FROM customers WHERE country = %s\", (country,))\n    \
             return cur.fetchall()\n",
        ),
    ]);
    let fetches = |url: &str| {
        let (_, stdout, stderr) = sqlhound(project.path(), url, &["--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let found: Vec<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["name"] == "unbounded-fetch")
            .map(|d| format!("{} {}", d["severity"], d["message"]))
            .collect();
        (found, stderr)
    };
    let (planned, stderr) = fetches(url);
    assert!(
        planned.is_empty(),
        "~5,000 rows are few: {planned:?} {stderr}"
    );
    let down = format!(
        "host={} user=nobody",
        project.path().join("no-server").display()
    );
    let (unplanned, stderr) = fetches(&down);
    assert!(stderr.contains("connection refused"), "{stderr}");
    assert_eq!(unplanned.len(), 1, "{unplanned:?}");
    assert!(
        unplanned[0].starts_with("\"info\"") && unplanned[0].contains("pins no unique key"),
        "{unplanned:?}"
    );
}

/// A queryset read whole is planned as the statement its ORM sends: a big table's finding
/// carries the estimate, a small one's static finding is dropped, and where nothing was
/// planned (no such table, a model chosen at run time, the database down) the static
/// findings stay.
fn orm_reads_are_judged_by_the_planners_row_estimate(url: &str) {
    let fixture = testdata().join("python/unbounded-fetch/orm_row_counts.py");
    let text = std::fs::read_to_string(fixture).unwrap();
    let fetches = |options: &Options| -> Vec<(usize, String)> {
        found(&text, "orm_row_counts.py", options)
            .into_iter()
            .filter(|(_, rule, _, _)| rule == "unbounded-fetch")
            .map(|(line, _, message, _)| (line, message))
            .collect()
    };
    let planned = fetches(&options(url));
    let estimate = |message: &str| -> Option<f64> {
        let rest = message.split("the planner estimates ~").nth(1)?;
        rest.split(' ').next()?.replace(',', "").parse().ok()
    };
    let estimates: Vec<f64> = planned.iter().filter_map(|(_, m)| estimate(m)).collect();
    // export_orders and count_orders (orders), audit and legacy_audit (audit_log), then
    // orders_in (a third of the orders for a status, generic), orders_of_area (a fifth),
    // and every_customer (customers), reference data by the model index, whose size the
    // planner knows better.
    assert_eq!(estimates.len(), 7, "{planned:#?}");
    let rows = [
        200_000.0, 200_000.0, 120_000.0, 120_000.0, 66_667.0, 40_000.0, 50_000.0,
    ];
    for (estimate, rows) in estimates.iter().zip(rows) {
        assert!((rows * 0.8..=rows * 1.2).contains(estimate), "{planned:#?}");
    }
    let in_area = planned.iter().find(|(_, m)| m.contains("`area`")).unwrap();
    assert!(
        in_area.1.starts_with("every `Order` row the filter on `area` matches is read at once, and the planner estimates ~")
            && in_area.1.ends_with(" rows: the queryset has no slice"),
        "{planned:#?}"
    );
    assert!(
        planned[0]
            .1
            .starts_with("every `Order` row is read at once, and the planner estimates ~")
            && planned[0]
                .1
                .ends_with(" rows: the queryset has no filter and no slice"),
        "{planned:#?}"
    );
    let unplanned = |found: &[(usize, String)]| -> Vec<usize> {
        found
            .iter()
            .filter(|(_, m)| estimate(m).is_none())
            .map(|(line, _)| *line)
            .collect()
    };
    // ghosts (no such table) and every_model (chosen at run time).
    let statics = unplanned(&planned);
    assert_eq!(statics.len(), 2, "{planned:#?}");

    let mut higher = options(url);
    higher.limits.min_rows = 1_000_000.0;
    assert_eq!(
        unplanned(&fetches(&higher)),
        statics,
        "only the unplanned reads stay"
    );
    assert_eq!(fetches(&higher).len(), 2);

    // The database down: every read keeps its static finding, the small table's too; the
    // reference data's read has none.
    let down = options("host=/nonexistent/sqlhound-no-server user=nobody");
    let all = fetches(&down);
    assert_eq!(all.len(), 8, "{all:#?}");
    assert_eq!(unplanned(&all).len(), 8, "{all:#?}");
}

/// The help of each finding of a file, by line.
fn helps(text: &str, path: &str, options: &Options) -> Vec<(usize, String, String)> {
    found(text, path, options)
        .into_iter()
        .map(|(line, rule, _, help)| (line, rule, help))
        .collect()
}

/// Each finding of a file with the explain pass: line, rule, message and help.
fn found(text: &str, path: &str, options: &Options) -> Vec<(usize, String, String, String)> {
    let report = check_fixture_with(text, path, &FixtureHeader::default(), Some(options));
    report
        .diagnostics()
        .map(|(file, d)| {
            let line = file.lines.line_col(&file.text, d.span.start).line;
            let help = d.help.as_deref().unwrap_or_default().to_string();
            (line, d.rule.name.to_string(), d.message.to_string(), help)
        })
        .collect()
}

/// `drops from 4,773 to 19.6` → (4773.0, 19.6)
fn cost_drop(help: &str) -> Option<(f64, f64)> {
    let rest = help.split("drops from ").nth(1)?;
    let (before, rest) = rest.split_once(" to ")?;
    let after = rest.split_whitespace().next()?;
    let number = |s: &str| s.replace(',', "").parse::<f64>().ok();
    Some((number(before)?, number(after)?))
}

fn suggestions_are_exact_and_proven(url: &str) {
    let cases = [
        (
            "SELECT id FROM orders WHERE customer_id = $1",
            "CREATE INDEX ON orders (customer_id)",
        ),
        (
            "SELECT id FROM orders WHERE created_at >= $2 AND customer_id = $1",
            "CREATE INDEX ON orders (customer_id, created_at)",
        ),
        (
            "SELECT id FROM customers WHERE lower(name) = 'customer 17'",
            "CREATE INDEX ON customers ((lower(name)))",
        ),
        (
            "SELECT id FROM orders WHERE reference = 'REF-00000042'",
            "CREATE INDEX ON orders (reference)",
        ),
        (
            "SELECT id FROM order_items WHERE product_id = 12 AND quantity = 3",
            "CREATE INDEX ON order_items (product_id, quantity)",
        ),
        (
            "SELECT id FROM audit_log WHERE action = 'login' ORDER BY created_at LIMIT 10",
            "CREATE INDEX ON audit_log (action, created_at)",
        ),
        (
            "SELECT id FROM orders ORDER BY created_at DESC LIMIT 20",
            "CREATE INDEX ON orders (created_at DESC)",
        ),
    ];
    let text: String = cases.iter().map(|(sql, _)| format!("{sql};\n")).collect();
    let found = helps(&text, "cases.sql", &options(url));
    for (index, (sql, index_sql)) in cases.iter().enumerate() {
        let here: Vec<_> = found
            .iter()
            .filter(|(line, ..)| *line == index + 1)
            .collect();
        assert_eq!(here.len(), 1, "{sql}: {found:#?}");
        let help = &here[0].2;
        assert!(help.contains(&format!("`{index_sql}`")), "{sql}: {help}");
        let (before, after) = cost_drop(help).unwrap_or_else(|| panic!("{sql}: {help}"));
        assert!(before >= 2.0 * after, "{sql}: {help}");
        assert!(help.contains("hypopg"), "{help}");
    }
    // A suggestion that would not pay (an index on a column half the rows share) is dropped.
    let weak = helps(
        "SELECT count(*) FROM audit_log WHERE action = 'login' AND actor = 'actor7';\n",
        "weak.sql",
        &Options {
            min_gain: 1e9,
            ..options(url)
        },
    );
    assert!(weak.is_empty(), "{weak:#?}");
}

fn without_hypopg_suggestions_are_unverified(url: &str) {
    let found = helps(
        "SELECT id FROM orders WHERE customer_id = $1;\n\
         SELECT id FROM orders WHERE status = 'pending' AND reference = 'REF-00000100';\n",
        "plain.sql",
        &options(url),
    );
    // The second needs hypopg to tell: plain EXPLAIN does not show what its Index Scan
    // fetches before the filter.
    assert_eq!(found.len(), 1, "{found:#?}");
    let (line, rule, help) = &found[0];
    assert_eq!((*line, rule.as_str()), (1, "unindexed-scan"));
    assert!(
        help.contains("`CREATE INDEX ON orders (customer_id)`"),
        "{help}"
    );
    assert!(
        help.contains("unverified") && help.contains("CREATE EXTENSION hypopg"),
        "{help}"
    );
}

/// With the functions trusted (`explain-trusted-functions`), a slow plan, a locked table
/// and a function waiting for an advisory lock are notes saying which, and the rest is
/// planned; an advisory lock a trusted function took is released after its statement.
fn slow_and_locked_plans_are_notes_and_the_rest_is_planned(cluster: &Cluster, url: &str) {
    let lock = cluster.hold(
        "shop",
        "BEGIN; LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE",
    );
    let advisory = cluster.hold("shop", "SELECT pg_advisory_lock(4242)");
    let trusting = Options {
        timeout: Duration::from_millis(300),
        trusted_functions: vec!["public.slow_constant".into(), "take_lock".into()],
        ..options(url)
    };
    let found = found(
        "SELECT id FROM audit_log WHERE actor = 'actor1';\n\
         SELECT id FROM orders WHERE customer_id = 5;\n\
         SELECT id FROM orders WHERE id = slow_constant();\n\
         SELECT id FROM orders WHERE id = take_lock();\n",
        "slow.sql",
        &trusting,
    );
    drop(lock);
    drop(advisory);
    let rules: Vec<(usize, &str)> = found.iter().map(|(l, r, ..)| (*l, r.as_str())).collect();
    assert_eq!(
        rules,
        [
            (1, "not-explained"),
            (2, "unindexed-scan"),
            (3, "not-explained"),
            (4, "not-explained")
        ],
        "{found:#?}"
    );
    assert!(
        found[0].2.contains("a table it reads is locked"),
        "{found:#?}"
    );
    assert!(
        found[2].2.contains("planning took longer than 300 ms"),
        "{found:#?}"
    );
    assert!(
        found[3]
            .2
            .contains("waits for an advisory lock another session holds"),
        "{found:#?}"
    );

    // Untrusted, neither function is planned.
    let found = self::found(
        "SELECT id FROM orders WHERE id = take_lock();\n",
        "untrusted.sql",
        &options(url),
    );
    assert!(
        found[0]
            .2
            .contains("planning may run `public.take_lock` (IMMUTABLE)"),
        "{found:#?}"
    );

    // take_lock() gets its lock; while the next statement plans, the lock is gone.
    let run = std::thread::spawn({
        let options = Options {
            jobs: 1,
            timeout: Duration::from_secs(10),
            ..trusting
        };
        move || {
            self::found(
                "SELECT id FROM orders WHERE id = take_lock();\n\
                 SELECT id FROM orders WHERE id = slow_constant();\n",
                "released.sql",
                &options,
            )
        }
    });
    let sleeping = "SELECT count(*)::text FROM pg_stat_activity \
                    WHERE application_name = 'sqlhound' AND query LIKE '%slow_constant%' \
                    AND state = 'active'";
    let mut waited = 0;
    while cluster.rows("shop", sleeping) != [[Some("1".to_string())]] {
        waited += 1;
        assert!(waited < 400, "the second statement was never planned");
        std::thread::sleep(Duration::from_millis(5));
    }
    let held = cluster.rows(
        "shop",
        "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND granted",
    );
    assert_eq!(
        held,
        [[Some("0".to_string())]],
        "the advisory lock outlived its statement"
    );
    let found = run.join().unwrap();
    assert!(found.is_empty(), "{found:#?}");
}

/// Snapshot of everything a write could touch: each table's rows, the catalog, sequences.
fn snapshot(cluster: &Cluster) -> Vec<Vec<Option<String>>> {
    let mut rows = cluster.rows(
        "shop",
        "SELECT c.relname, c.relkind::text, c.relnatts::text, \
                (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid)::text \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') \
         ORDER BY 1",
    );
    for table in [
        "countries",
        "customers",
        "products",
        "orders",
        "order_items",
        "audit_log",
    ] {
        rows.extend(cluster.rows(
            "shop",
            &format!("SELECT count(*)::text, md5(string_agg(t::text, '|' ORDER BY t::text)) FROM {table} t"),
        ));
    }
    rows.extend(cluster.rows(
        "shop",
        "SELECT last_value::text, is_called::text FROM invoice_numbers",
    ));
    rows
}

fn nothing_in_the_database_changes(cluster: &Cluster, url: &str) {
    let before = snapshot(cluster);
    let corpus = testdata().join("writes");
    let mut files = Vec::new();
    fixture_files(&corpus, "sql", &mut files);
    fixture_files(&corpus, "py", &mut files);
    assert!(files.len() >= 2);
    let inputs: Vec<sqlhound::Input> = files.into_iter().map(sqlhound::Input::Path).collect();
    let overrides = sqlhound::settings::Overrides {
        isolated: true,
        ..Default::default()
    };
    let report =
        sqlhound::check_with(&inputs, &overrides, Path::new("/"), Some(&options(url))).unwrap();
    let summary = report.explain.as_ref().unwrap();
    assert!(
        summary.fatal.is_none() && summary.lost.is_none(),
        "{summary:?}"
    );
    assert!(
        summary.planned >= 10,
        "the writes were planned: {summary:?}"
    );
    assert!(summary.utility >= 5, "DDL was skipped: {summary:?}");
    assert_eq!(
        before,
        snapshot(cluster),
        "the explain pass changed the database"
    );
    let left = cluster.rows(
        "shop",
        "SELECT count(*)::text FROM pg_stat_activity WHERE application_name = 'sqlhound'",
    );
    assert_eq!(left, [[Some("0".to_string())]], "connections left open");
}

/// Each Example and Use instead block of a database rule's doc, against a database made
/// by running the block's own SQL (the DDL and data; the queries it shows may fail).
fn docs_of_the_database_rules_hold(cluster: &Cluster) {
    let mut failures = Vec::new();
    let mut number = 0;
    for rule in rules::all().filter(|r| rules::needs_database(r)) {
        for heading in ["Example", "Use instead"] {
            for (block, path, marker) in doc_blocks(rule.doc, heading) {
                number += 1;
                let database = format!("doc_{number}");
                cluster.database(&database, "CREATE EXTENSION hypopg");
                if path.ends_with(".sql") {
                    for statement in block.split(";\n") {
                        let _ = cluster.try_execute(&database, statement);
                    }
                }
                let report = check_fixture_with(
                    block,
                    path,
                    &FixtureHeader::default(),
                    Some(&options(&cluster.url(&database))),
                );
                let mut expected = parse_expectations(block, marker);
                expected.expect.retain(|e| e.rule == rule.name);
                let found: Vec<_> = report_findings(&report)
                    .into_iter()
                    .filter(|f| f.rule == rule.name)
                    .collect();
                if heading == "Example" && expected.expect.is_empty() {
                    failures.push(format!(
                        "{}: an Example expects no `{}`",
                        rule.name, rule.name
                    ));
                }
                for problem in compare(&expected, &found) {
                    failures.push(format!("{} {heading}: {problem}", rule.name));
                }
            }
        }
    }
    assert!(number >= 10, "database rule docs have too few examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs the `sqlhound` binary on `dir` with a database URL; returns (exit code, stdout, stderr).
/// A project directory holding each (file name, text).
fn project_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(project.path().join(name), text).unwrap();
    }
    project
}

fn sqlhound(dir: &Path, url: &str, extra: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sqlhound"))
        .args([
            "check",
            "--isolated",
            "--color",
            "never",
            "--database-url",
            url,
        ])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Each way the database can be unusable gives one clear message without the password,
/// the static findings are still reported, and the exit code is 2; a database lost
/// mid-run leaves the exit code to the findings.
#[test]
fn database_faults_are_clear_and_the_static_findings_stay() {
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("queries.sql"),
        "DELETE FROM orders;\nSELECT id FROM audit_log WHERE actor = 'a';\nSELECT id FROM orders WHERE id = 1;\n",
    )
    .unwrap();
    let port = free_port();
    let cluster = Cluster::start(
        "local all secure scram-sha-256\nhostnossl all all 127.0.0.1/32 reject",
        Some(port),
    );
    cluster.database(
        "shop",
        "CREATE ROLE secure LOGIN PASSWORD 'right-pw';\n\
         CREATE TABLE orders (id bigint PRIMARY KEY);\n\
         CREATE TABLE audit_log (id bigint PRIMARY KEY, actor text);",
    );
    let socket = cluster.socket_dir().display().to_string();
    let nowhere = project.path().join("no-server-here").display().to_string();
    let certificate = cluster.socket_dir().join("ca.crt").display().to_string();

    // TLS as libpq means it: `require` encrypts, `verify-ca` checks the chain,
    // `verify-full` the chain and the host name.
    let tls_ok = [
        format!("postgresql://postgres@127.0.0.1:{port}/shop?sslmode=require"),
        format!("postgresql://postgres@127.0.0.1:{port}/shop"),
        format!(
            "postgresql://postgres@localhost:{port}/shop?sslmode=verify-full&sslrootcert={certificate}"
        ),
        format!(
            "host=127.0.0.1 port={port} user=postgres dbname=shop sslmode=verify-ca sslrootcert='{certificate}'"
        ),
    ];
    for url in &tls_ok {
        let (code, stdout, stderr) = sqlhound(project.path(), url, &[]);
        assert_eq!(code, 1, "{url}: {stdout}{stderr}");
        assert!(
            stderr.contains("explained 3 distinct queries"),
            "{url}: {stderr}"
        );
    }
    let (_, stdout, _) = sqlhound(project.path(), &tls_ok[0], &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let explain = &json["summary"]["explain"];
    assert_eq!(explain["planned"], 3, "{explain}");
    assert_eq!(explain["error"], serde_json::Value::Null, "{explain}");
    assert_eq!(explain["hypopg"], "available", "{explain}");
    let cases = [
        (
            format!("postgresql://app:hunter2-secret@localhost/shop?host={nowhere}"),
            "connection refused",
        ),
        (
            format!("host={socket} port={port} user=secure password=hunter2-secret dbname=shop"),
            "password authentication failed",
        ),
        (
            format!("postgresql://app:hunter2-secret@127.0.0.1:{port}/shop?sslmode=disable"),
            "accepts only TLS",
        ),
        (
            format!(
                "postgresql://app:hunter2-secret@localhost/shop?host={socket}&port={port}&sslmode=require"
            ),
            "does not accept TLS",
        ),
        (
            format!("postgresql://app:hunter2-secret@localhost:{port}/shop?sslmode=verify-full"),
            "certificate was refused",
        ),
        (
            format!(
                "postgresql://app:hunter2-secret@127.0.0.1:{port}/shop?sslmode=verify-full&sslrootcert={certificate}"
            ),
            "certificate was refused",
        ),
        (
            format!(
                "host={socket} port={port} user=postgres dbname=no_such_db password=hunter2-secret"
            ),
            "check the database name",
        ),
    ];
    for (url, reason) in &cases {
        let (code, stdout, stderr) = sqlhound(project.path(), url, &[]);
        assert_eq!(code, 2, "{url}: {stdout}{stderr}");
        assert!(stderr.contains("cannot use the database"), "{stderr}");
        assert!(stderr.contains(reason), "{url}: {stderr}");
        assert!(
            !stdout.contains("hunter2") && !stderr.contains("hunter2"),
            "password printed: {stdout}{stderr}"
        );
        assert!(
            stdout.contains("delete-without-where"),
            "static findings lost: {stdout}"
        );
    }
    let (code, stdout, _) = sqlhound(project.path(), &cases[0].0, &["--format", "json"]);
    assert_eq!(code, 2);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let error = json["summary"]["explain"]["error"]
        .as_str()
        .unwrap_or_default();
    assert!(error.contains("connection refused"), "{json}");
    assert!(!stdout.contains("hunter2"), "{stdout}");

    // The URL in the environment is not shown by --help either.
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_sqlhound"))
        .args(["check", "--help"])
        .env(
            "SQLHOUND_DATABASE_URL",
            "postgresql://app:hunter2-secret@db/shop",
        )
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(!String::from_utf8_lossy(&help.stdout).contains("hunter2"));

    // The server goes away while a query waits for a lock: the pass stops with a warning,
    // the static findings are reported, and the exit code is the findings' (1), not 2.
    let lock = cluster.hold(
        "shop",
        "BEGIN; LOCK TABLE audit_log IN ACCESS EXCLUSIVE MODE",
    );
    let url = format!("host={socket} port={port} user=postgres dbname=shop");
    let child = std::thread::spawn({
        let dir = project.path().to_path_buf();
        move || {
            sqlhound(
                &dir,
                &url,
                &["--explain-jobs", "1", "--explain-timeout", "60s"],
            )
        }
    });
    let waiting = "SELECT count(*)::text FROM pg_stat_activity \
                   WHERE application_name = 'sqlhound' AND wait_event_type = 'Lock'";
    let mut waited = 0;
    while cluster.rows("shop", waiting) != [[Some("1".to_string())]] {
        waited += 1;
        assert!(waited < 600, "sqlhound never waited for the lock");
        std::thread::sleep(Duration::from_millis(50));
    }
    cluster.stop();
    drop(lock);
    let (code, stdout, stderr) = child.join().unwrap();
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("connection was lost"), "{stderr}");
    assert!(stdout.contains("delete-without-where"), "{stdout}");
}

/// A database whose functions write (through dblink, which a ROLLBACK cannot undo), kill
/// another session, reload the configuration and take an advisory lock when the planner
/// folds them — behind calls, an operator, an inlined SQL function, views, a column
/// default and a row-level security policy. The explain pass plans none of the statements
/// that would run them, from `.sql` files or Python, and nothing changes; planning the
/// same statements directly (the control, at the end) runs every one of them.
#[test]
fn planning_runs_no_code_from_the_database() {
    let cluster = Cluster::start("", None);
    let url = cluster.url("hostile");
    let setup = include_str!("../testdata/explain/hostile/setup.sql").replace("{dblink}", &url);
    cluster.database("hostile", &setup);
    let victim = cluster.hold("hostile", "SET application_name = 'victim'");
    let alive = "SELECT count(*)::text FROM pg_stat_activity WHERE application_name = 'victim'";
    let state = "SELECT (SELECT count(*) FROM ran)::text, pg_conf_load_time()::text, \
                 (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::text, \
                 (SELECT count(*) FROM pg_class)::text, (SELECT count(*) FROM pg_proc)::text";
    let before = cluster.rows("hostile", state);
    assert_eq!(before[0][0].as_deref(), Some("0"));

    let corpus = testdata().join("hostile");
    let inputs = vec![
        sqlhound::Input::Path(corpus.join("hostile.sql")),
        sqlhound::Input::Path(corpus.join("hostile.py")),
    ];
    let overrides = sqlhound::settings::Overrides {
        isolated: true,
        ..Default::default()
    };
    // The pass runs in a thread while this one watches for advisory locks.
    let run = std::thread::spawn({
        let url = url.clone();
        move || sqlhound::check_with(&inputs, &overrides, Path::new("/"), Some(&options(&url)))
    });
    while !run.is_finished() {
        let locks = cluster.rows(
            "hostile",
            "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory'",
        );
        assert_eq!(locks, [[Some("0".to_string())]], "an advisory lock is held");
        std::thread::sleep(Duration::from_millis(5));
    }
    let report = run.join().unwrap().unwrap();
    let summary = report.explain.as_ref().unwrap();
    assert!(summary.fatal.is_none(), "{summary:?}");
    let sql_statements = 18;
    let python_statements = 4;
    assert_eq!(
        (summary.planned, summary.untrusted),
        (0, sql_statements + python_statements),
        "{summary:?}"
    );
    let notes: Vec<_> = report
        .diagnostics()
        .filter(|(_, d)| d.rule.name == "not-explained")
        .map(|(_, d)| d)
        .collect();
    let messages: Vec<String> = notes.iter().map(|d| d.message.to_string()).collect();
    // Identical notes are folded into one that lists the other places (`alike`).
    let statements: usize = notes
        .iter()
        .map(|d| 1 + d.alike.as_ref().map_or(0, |places| places.len()))
        .sum();
    assert_eq!(
        statements,
        sql_statements + python_statements,
        "{messages:#?}"
    );
    for expected in [
        "planning may run `public.leak_write` (IMMUTABLE): sqlhound does not run code from the database",
        "planning may run `public.stable_write` (STABLE) through `sneakier`",
        "planning may run `public.op_write` (IMMUTABLE) behind the operator `@@@`",
        "planning may run `public.leak_write` (IMMUTABLE) through `defaults_write`",
        "planning may run `public.stable_write` (STABLE) through `guarded`",
        "planning may run `public.sql_write` (VOLATILE, SQL: inlined by the planner)",
        "it calls `pg_advisory_xact_lock`, a built-in with side effects",
        "it calls `table_to_xml`",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "no message says {expected:?}: {messages:#?}"
        );
    }
    assert_eq!(
        before,
        cluster.rows("hostile", state),
        "the database changed"
    );
    assert_eq!(cluster.rows("hostile", alive), [[Some("1".to_string())]]);

    // A function the user trusts is planned; the others still are not.
    let trusted = Options {
        trusted_functions: vec!["public.harmless".into()],
        ..options(&url)
    };
    let found = found(
        "SELECT harmless(1);\nSELECT leak_write(harmless(1));\n",
        "trusted.sql",
        &trusted,
    );
    let rules: Vec<(usize, &str)> = found.iter().map(|(l, r, ..)| (*l, r.as_str())).collect();
    assert_eq!(rules, [(2, "not-explained")], "{found:#?}");
    // The same trust, from the project's config file.
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("sqlhound.toml"),
        "explain-trusted-functions = [\"public.harmless\"]\n",
    )
    .unwrap();
    std::fs::write(
        project.path().join("trusted.sql"),
        "SELECT harmless(1);\nSELECT leak_write(harmless(1));\n",
    )
    .unwrap();
    let report = sqlhound::check_with(
        &[sqlhound::Input::Path(project.path().to_path_buf())],
        &sqlhound::settings::Overrides::default(),
        project.path(),
        Some(&options(&url)),
    )
    .unwrap();
    let summary = report.explain.as_ref().unwrap();
    assert_eq!((summary.planned, summary.untrusted), (1, 1), "{summary:?}");
    assert_eq!(
        before,
        cluster.rows("hostile", state),
        "the database changed"
    );

    // The control: planned directly, each statement of the corpus runs its function.
    let text = std::fs::read_to_string(corpus.join("hostile.sql")).unwrap();
    for statement in text.lines().filter(|l| !l.starts_with("--")) {
        let _ = cluster.try_execute("hostile", &format!("EXPLAIN {statement}"));
    }
    let ran: Vec<String> = cluster
        .rows("hostile", "SELECT DISTINCT what FROM ran ORDER BY 1")
        .into_iter()
        .filter_map(|row| row[0].clone())
        .collect();
    assert_eq!(
        ran,
        [
            "kill_victim",
            "leak_write",
            "lock_forever",
            "op_write",
            "reload",
            "stable_write"
        ],
        "the corpus is not as dangerous as it claims"
    );
    assert_eq!(cluster.rows("hostile", alive), [[Some("0".to_string())]]);
    drop(victim);
}

/// How a fake server behaves once it has accepted a connection.
#[derive(Clone, Copy)]
enum Fake {
    /// Reads and never answers.
    Silent,
    /// Answers with something that is not PostgreSQL's protocol.
    Garbage,
    /// Completes the startup (AuthenticationOk, ReadyForQuery), then stalls.
    StallAfterStartup,
}

/// A server on 127.0.0.1 that behaves as `fake` for every connection; its port.
fn fake_server(fake: Fake) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut buffer = [0u8; 1024];
                match fake {
                    Fake::Silent => {}
                    Fake::Garbage => {
                        let _ = stream.read(&mut buffer);
                        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\nnot postgres");
                    }
                    Fake::StallAfterStartup => {
                        let _ = stream.read(&mut buffer);
                        let mut ok = vec![b'R', 0, 0, 0, 8, 0, 0, 0, 0];
                        ok.extend([b'Z', 0, 0, 0, 5, b'I']);
                        let _ = stream.write_all(&ok);
                    }
                }
                // Hold the connection open, reading whatever comes, answering nothing.
                while stream.read(&mut buffer).is_ok_and(|n| n > 0) {}
            });
        }
    });
    port
}

/// A server that accepts and never answers, one that answers garbage and one that stalls
/// after the startup: each run ends within its deadline with one message, the static
/// findings and exit code 2.
#[test]
fn a_server_that_never_answers_does_not_hang_the_run() {
    let project = tempfile::tempdir().unwrap();
    std::fs::write(project.path().join("queries.sql"), "DELETE FROM orders;\n").unwrap();
    for (fake, reason) in [
        (Fake::Silent, "did not answer within 1 s"),
        (Fake::Garbage, "cannot use the database"),
        (Fake::StallAfterStartup, "did not answer within 1 s"),
    ] {
        let port = fake_server(fake);
        let url = format!(
            "postgresql://app:hunter2-secret@127.0.0.1:{port}/shop?sslmode=disable&connect_timeout=1"
        );
        let started = std::time::Instant::now();
        let (code, stdout, stderr) = sqlhound(project.path(), &url, &[]);
        let elapsed = started.elapsed();
        assert_eq!(code, 2, "{stdout}{stderr}");
        assert!(elapsed < Duration::from_secs(8), "took {elapsed:?}");
        assert!(stderr.contains("cannot use the database"), "{stderr}");
        assert!(stderr.contains(reason), "{stderr}");
        assert_eq!(
            stderr.matches("cannot use the database").count(),
            1,
            "{stderr}"
        );
        assert!(stdout.contains("delete-without-where"), "{stdout}");
        assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"));
    }
}

/// `text` percent-encoded for a URL: everything but letters and digits.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `text` quoted for a `key=value` connection string.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Passwords holding each character that ends or splits a part of a connection string,
/// in every syntax (URL user part raw and encoded, `password=` and a percent-encoded key,
/// `key=value`, a password file), for connections that succeed and fail: no output
/// format and no message shows any of them. Every password starts with `Zq7`, which
/// nothing else prints.
#[test]
fn passwords_are_never_printed() {
    let passwords = [
        "Zq7/xY+zQP9=",
        "Zq7?kw",
        "Zq7#kw",
        "Zq7@kw",
        "Zq7:kw",
        "Zq7%kw",
        "Zq7+kw",
        "Zq7=kw",
        "Zq7 kw",
        "Zq7'kw",
        "Zq7\"kw",
        "Zq7\\kw",
        "Zq7/?#@:%+= '\"kw",
    ];
    let port = free_port();
    let roles: Vec<String> = (0..passwords.len()).map(|i| format!("u{i}")).collect();
    let hba = format!(
        "local all {0} scram-sha-256\nhost all {0} 127.0.0.1/32 scram-sha-256",
        roles.join(",")
    );
    let cluster = Cluster::start(&hba, Some(port));
    let mut setup = String::from("CREATE TABLE orders (id bigint PRIMARY KEY);\n");
    for (role, password) in roles.iter().zip(passwords) {
        setup.push_str(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD '{}';\n",
            password.replace('\'', "''")
        ));
    }
    cluster.database("shop", &setup);
    let project = tempfile::tempdir().unwrap();
    // A static finding, and tables the database does not have (their messages name it).
    std::fs::write(
        project.path().join("queries.sql"),
        "DELETE FROM orders;\nSELECT id FROM no_such_table;\nSELECT nope FROM orders;\n",
    )
    .unwrap();
    let socket = cluster.socket_dir().display().to_string();
    let closed = free_port();
    let mut cases: Vec<(String, bool)> = Vec::new();
    for (i, (role, password)) in roles.iter().zip(passwords).enumerate() {
        let encoded = percent_encoded(password);
        let host = format!("127.0.0.1:{port}");
        let passfile = project.path().join(format!("pgpass{i}"));
        let escaped = password.replace('\\', "\\\\").replace(':', "\\:");
        std::fs::write(
            &passfile,
            format!("127.0.0.1:{port}:shop:{role}:{escaped}\n"),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&passfile, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let good = [
            format!("postgresql://{role}:{encoded}@{host}/shop"),
            format!("postgresql://{role}@{host}/shop?password={encoded}"),
            format!("postgresql://{role}@{host}/shop?pass%77ord={encoded}"),
            format!(
                "host=127.0.0.1 port={port} user={role} dbname=shop password={}",
                quoted(password)
            ),
            format!(
                "host={socket} port={port} user={role} dbname=shop password={}",
                quoted(password)
            ),
            format!(
                "host=127.0.0.1 port={port} user={role} dbname=shop passfile={}",
                quoted(&passfile.display().to_string())
            ),
        ];
        cases.extend(good.into_iter().map(|url| (url, true)));
        let wrong = format!("{password}X");
        // As pasted, unencoded, the first may or may not connect; none may print anything.
        cases.extend(
            [
                format!("postgresql://{role}:{password}@{host}/shop"),
                format!(
                    "postgresql://{role}:{}@{host}/shop",
                    percent_encoded(&wrong)
                ),
                format!(
                    "host=127.0.0.1 port={port} user={role} dbname=shop password={}",
                    quoted(&wrong)
                ),
                format!("postgresql://{role}:{encoded}@127.0.0.1:{closed}/shop"),
                format!("postgresql://{role}:{encoded}@{host}/shop?sslmode=sometimes"),
            ]
            .into_iter()
            .map(|url| (url, false)),
        );
    }
    // Every case in JSON (messages, summary.explain.database, standard error); the last
    // password's cases, which hold every character at once, in every format.
    let formats = ["json", "text", "sarif", "github", "junit", "gitlab"];
    let last = cases.len() - cases.len() / passwords.len();
    let runs: Vec<(&(String, bool), &str)> = cases
        .iter()
        .enumerate()
        .flat_map(|(i, case)| {
            let formats = if i >= last {
                &formats[..]
            } else {
                &formats[..1]
            };
            formats.iter().map(move |format| (case, *format))
        })
        .collect();
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(((url, connects), format)) = runs.get(index) else {
                        return;
                    };
                    let (code, stdout, stderr) =
                        sqlhound(project.path(), url, &["--format", format]);
                    let mut problems = Vec::new();
                    if stdout.contains("Zq7") || stderr.contains("Zq7") {
                        problems.push("the password is printed");
                    }
                    if !stdout.contains("delete-without-where") && !stdout.contains("SH203") {
                        problems.push("the static finding is lost");
                    }
                    // The unknown table's message names the database.
                    let planned = stdout.contains("does not exist in the database");
                    if *connects && !(planned && code == 1) {
                        problems.push("it did not connect");
                    }
                    let url_failed = url.contains("sometimes") || url.contains(&closed.to_string());
                    if url_failed && code != 2 {
                        problems.push("a connection that fails exits 2");
                    }
                    if !problems.is_empty() {
                        failures.lock().unwrap().push(format!(
                            "{url} ({format}): {}\n{stderr}",
                            problems.join(", ")
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
