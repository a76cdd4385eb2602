//! The `sqlhound` command line: arguments, config, rendering and the exit code.
//! Exit codes: 0 nothing at or above `--fail-on`, 1 findings, 2 usage/config/internal error.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use sqlhound::explain::Options;
use sqlhound::explain::plan::Thresholds;
use sqlhound::report::{self, OutputFormat, RenderOptions};
use sqlhound::settings::{FailOn, Overrides, did_you_mean};
use sqlhound::sql::Dialect;
use sqlhound::{Input, rules};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's C API (the crate binds it only with its `extended` feature, which needs a crate
// the registry we build from lacks): `mi_option_set`, and the index of `mi_option_purge_delay`
// in `mi_option_t` (mimalloc.h of the bundled v2 sources).
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Freed memory goes back to the system a second after it is freed, not mimalloc's 10 ms: a
/// check frees syntax trees and analyses file after file, and memory handed back so soon was
/// faulted in again (zeroed pages) by the next file: on the Django benchmark a tenth of the
/// CPU time, for 10% more peak memory. `MIMALLOC_PURGE_DELAY` still overrides it.
fn keep_freed_memory_a_while() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's options, which it reads atomically.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 1000) };
    }
}

#[derive(Parser)]
#[command(
    name = "sqlhound",
    version,
    about = "Finds risky and slow SQL before it ships"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check .sql files and the SQL in Python code (default: the current directory); `-`
    /// reads standard input.
    Check(Box<CheckArgs>),
    /// List every rule: code, name, category, default severity, fixable.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print a rule's documentation, by code or name.
    Rule { rule: String },
    /// Run the language server (LSP over standard input and output) for editors.
    Server,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    /// The README's rule table.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
struct CheckArgs {
    /// Files or directories to check; `-` reads SQL from standard input.
    paths: Vec<PathBuf>,
    /// SQL dialect (default postgres): ansi, bigquery, clickhouse, databricks, duckdb,
    /// generic, hive, mssql, mysql, oracle, postgres, redshift, snowflake, spark, sqlite, teradata.
    #[arg(long, env = "SQLHOUND_DIALECT")]
    dialect: Option<String>,
    /// Only these rules (codes, names, categories or code prefixes), comma-separated.
    #[arg(long, value_delimiter = ',', env = "SQLHOUND_SELECT")]
    select: Option<Vec<String>>,
    /// Add rules to the selection.
    #[arg(long, value_delimiter = ',', env = "SQLHOUND_EXTEND_SELECT")]
    extend_select: Vec<String>,
    /// Skip these rules.
    #[arg(long, value_delimiter = ',', env = "SQLHOUND_IGNORE")]
    ignore: Vec<String>,
    /// More paths or globs to skip while walking directories.
    #[arg(long = "exclude", value_delimiter = ',', env = "SQLHOUND_EXCLUDE")]
    extend_exclude: Vec<String>,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, env = "SQLHOUND_FAIL_ON")]
    fail_on: Option<FailOn>,
    /// Exit 0 even with findings (usage and internal errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// How to print the findings.
    #[arg(
        long,
        visible_alias = "format",
        value_enum,
        default_value_t = OutputFormat::Full,
        env = "SQLHOUND_OUTPUT_FORMAT"
    )]
    output_format: OutputFormat,
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Print only the findings, no summary.
    #[arg(long, short)]
    quiet: bool,
    /// Print the number of findings per rule (and whether `--fix` fixes them) instead of
    /// the findings.
    #[arg(long)]
    statistics: bool,
    /// The path to report (and configure) standard input as.
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
    /// Use this config file for every file instead of discovering one.
    #[arg(long, env = "SQLHOUND_CONFIG")]
    config: Option<PathBuf>,
    /// Ignore all config files.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,
    /// Neither read nor write the project index cache (`.sqlhound_cache/`).
    #[arg(long)]
    no_cache: bool,
    /// Keep the project index cache here instead of the project root.
    #[arg(long, env = "SQLHOUND_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
    /// Apply safe fixes to the files, then report what is left.
    #[arg(long)]
    fix: bool,
    /// Offer unsafe fixes too (they change behaviour; review the diff): marked `[*]`
    /// and counted as fixable, applied with --fix.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes --fix would apply as a unified diff, and write nothing.
    #[arg(long)]
    diff: bool,
    /// With --fix, exit 1 when something was fixed, even if nothing is left.
    #[arg(long)]
    exit_non_zero_on_fix: bool,
    /// Write the report to this file; a summary still goes to the terminal.
    #[arg(long, value_name = "PATH")]
    output_file: Option<PathBuf>,
    /// Record today's findings in this baseline file (and report nothing).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "changed_since", "diff"])]
    write_baseline: Option<PathBuf>,
    /// Report (and fix) only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", env = "SQLHOUND_BASELINE")]
    baseline: Option<PathBuf>,
    /// Report (and fix) only findings on lines added or changed since this git revision.
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Silence every finding reported with a `sqlhound: ignore[…]` comment on its line,
    /// instead of recording it in a baseline; then report what is left.
    #[arg(long, conflicts_with_all = ["fix", "diff", "write_baseline"])]
    add_noqa: bool,
    /// Check, then check again whenever a checked file or a config file changes, until
    /// interrupted.
    #[arg(long, conflicts_with_all = ["write_baseline", "diff", "show_settings", "show_files"])]
    watch: bool,
    /// Print the settings that apply to the first path (a file or a directory), and the
    /// config files they come from, instead of checking.
    #[arg(long, conflicts_with_all = ["show_files", "fix", "diff"])]
    show_settings: bool,
    /// Print the files that would be checked, and what the walk skips and why, instead of
    /// checking.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    show_files: bool,
    #[command(flatten)]
    explain: ExplainArgs,
}

#[derive(Args)]
#[command(next_help_heading = "Explain pass (PostgreSQL)")]
struct ExplainArgs {
    /// Plan every query found on this PostgreSQL with plain EXPLAIN (read-only, rolled
    /// back; never changes data) and report the indexes missing. Never printed with its
    /// password.
    #[arg(
        long,
        env = "SQLHOUND_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    database_url: Option<String>,
    /// Connections planning at once.
    #[arg(long, default_value_t = Options::JOBS, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    explain_jobs: u16,
    /// statement_timeout of each plan (lock_timeout is 3/4 of it): `2s`, `500ms`.
    #[arg(long, default_value = Options::TIMEOUT, value_name = "DURATION", value_parser = parse_duration)]
    explain_timeout: Duration,
    /// Tables with fewer rows (pg_class.reltuples) are read whole cheaply: not reported.
    #[arg(long, default_value_t = Thresholds::MIN_ROWS, value_name = "ROWS", value_parser = parse_amount)]
    explain_min_rows: f64,
    /// Plans estimated cheaper than this are not reported.
    #[arg(long, default_value_t = Thresholds::MIN_COST, value_name = "COST", value_parser = parse_amount)]
    explain_min_cost: f64,
    /// With hypopg: report an index only when the plan gets this many times cheaper.
    #[arg(long, default_value_t = Options::MIN_GAIN, value_name = "FACTOR", value_parser = parse_amount)]
    explain_min_gain: f64,
    /// Database functions planning may run (`schema.name`, comma-separated): statements
    /// that may make the planner run any other function the database defines are not
    /// planned. Adds to the config's `explain-trusted-functions`.
    #[arg(long, value_name = "FUNCTIONS", value_delimiter = ',')]
    explain_trusted_functions: Vec<String>,
}

impl ExplainArgs {
    fn options(&self) -> Option<Options> {
        let url = self
            .database_url
            .clone()
            .filter(|url| !url.trim().is_empty())?;
        let mut options = Options::new(url);
        options.jobs = usize::from(self.explain_jobs);
        options.timeout = self.explain_timeout;
        options.limits.min_rows = self.explain_min_rows;
        options.limits.min_cost = self.explain_min_cost;
        options.min_gain = self.explain_min_gain;
        options.trusted_functions = self.explain_trusted_functions.clone();
        Some(options)
    }
}

/// A row count, cost or factor: a finite number, not negative (`nan` would silence every
/// comparison, `inf` every finding).
fn parse_amount(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| format!("`{text}` is not a finite number of at least 0"))
}

/// The longest `--explain-timeout`: PostgreSQL's `statement_timeout` is an int of milliseconds.
const MAX_TIMEOUT_MS: f64 = i32::MAX as f64;

/// `2s`, `500ms`, `1.5s`, or a number of seconds: at least 1 ms (PostgreSQL counts whole
/// milliseconds, and 0 would turn the timeout off) and at most `MAX_TIMEOUT_MS`.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, to_ms) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 1.0)
    } else if let Some(s) = text.strip_suffix('s') {
        (s, 1000.0)
    } else {
        (text, 1000.0)
    };
    let ms = number
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(|n| n * to_ms)
        .ok_or_else(|| format!("`{text}` is not a duration such as `2s` or `500ms`"))?;
    if !(1.0..=MAX_TIMEOUT_MS).contains(&ms) {
        return Err(format!(
            "`{text}` is out of range: a timeout is at least 1ms and at most {}ms (about 24 days)",
            i32::MAX
        ));
    }
    Ok(Duration::from_secs_f64(ms / 1000.0))
}

fn main() -> ExitCode {
    keep_freed_memory_a_while();
    // A panic while checking a file becomes an `internal-error` finding for that file; one
    // line on stderr says so, without a backtrace in the middle of the report.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("sqlhound: internal error: {info}")
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Rules { format } => list_rules(format).map(|()| ExitCode::SUCCESS),
        Command::Rule { rule } => show_rule(&rule).map(|()| ExitCode::SUCCESS),
        Command::Server => sqlhound::lsp::run_stdio().map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|error| {
        if is_broken_pipe(&error) {
            return ExitCode::SUCCESS;
        }
        eprintln!("sqlhound: error: {error:#}");
        ExitCode::from(2)
    })
}

/// Whether the error is standard output closed by its reader (`| head`): not worth a
/// word, as for other command-line tools.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let cwd = std::env::current_dir().context("reading the current directory")?;
    let overrides = overrides(&args)?;
    if args.show_settings {
        return show_settings(&args, &overrides, &cwd);
    }
    if args.show_files {
        return show_files(&args, &overrides, &cwd);
    }
    if args.watch {
        return watch(&args, &overrides, &cwd);
    }
    check_once(&args, &overrides, &cwd)
}

/// `--watch`: a run, then another after each change, until interrupted. A run that fails
/// (a broken config file, say) is reported, and the next change is waited for all the same.
fn watch(args: &CheckArgs, overrides: &Overrides, cwd: &std::path::Path) -> Result<ExitCode> {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        bail!("--watch cannot watch standard input (`-`)");
    }
    let paths = paths(args);
    let watching = sqlhound::watch::Watch::new(&paths).context("watching the files")?;
    let clear = std::io::stdout().is_terminal();
    loop {
        if clear {
            // Each run on a clean screen, as ruff's watch mode does (`print!` would panic
            // on a closed terminal).
            let _ = write!(std::io::stdout(), "\x1b[2J\x1b[H");
        }
        if let Err(error) = check_once(args, overrides, cwd) {
            eprintln!("sqlhound: error: {error:#}");
        }
        eprintln!("sqlhound: watching for changes (Ctrl-C stops)");
        let changed = watching.changed().context("watching the files")?;
        let names: Vec<String> = changed
            .iter()
            .map(|p| {
                sqlhound::discover::display_path(cwd, p)
                    .display()
                    .to_string()
            })
            .collect();
        eprintln!("sqlhound: changed: {}; checking again", names.join(", "));
    }
}

/// One run: check, filter, fix or preview fixes, report; the exit code it calls for.
fn check_once(args: &CheckArgs, overrides: &Overrides, cwd: &std::path::Path) -> Result<ExitCode> {
    let cwd = cwd.to_path_buf();
    let inputs = inputs(args)?;
    // git works out the changed lines while the files are checked.
    let changed = args.changed_since.clone().map(|rev| {
        let cwd = cwd.clone();
        std::thread::spawn(move || sqlhound::changed_lines::ChangedLines::since(&cwd, &rev))
    });
    let mut explain = args.explain.options();
    // Progress only for a person watching: not into a pipe or a log, not with --quiet.
    let bar = explain
        .as_mut()
        .filter(|_| !args.quiet && std::io::stderr().is_terminal())
        .map(|options| {
            let progress = std::sync::Arc::new(sqlhound::explain::Progress::default());
            options.progress = Some(progress.clone());
            ProgressBar::start(progress)
        });
    let check = || sqlhound::check_with(&inputs, overrides, &cwd, explain.as_ref());
    let mut report = check()?;
    let filters = Filters::new(args, changed)?;
    filters.apply(&mut report, &cwd, true);
    let options = RenderOptions {
        color: use_color(args.color),
        unsafe_fixes: args.unsafe_fixes,
    };
    if args.diff {
        return show_fixes(&report, args);
    }
    if args.add_noqa {
        let added = sqlhound::add_suppressions(&report).context("writing suppressions")?;
        for (path, why) in &added.skipped {
            eprintln!(
                "sqlhound: note: suppressions not written to {}: {why}",
                path.display()
            );
        }
        eprintln!(
            "sqlhound: added {} suppression(s) to {} file(s)",
            added.fixes, added.files
        );
        if added.fixes > 0 {
            report = check()?;
            filters.apply(&mut report, &cwd, false);
        }
    }
    let mut fixed = 0;
    if args.fix {
        fixed = fix(&report, args.unsafe_fixes)?;
        if fixed > 0 {
            report = check()?;
            filters.apply(&mut report, &cwd, false);
        }
    }
    // The bar is gone before anything else is written.
    drop(bar);
    if let Some(summary) = &report.explain {
        explain_summary(summary, args.quiet);
    }

    if let Some(path) = &args.write_baseline {
        let count = sqlhound::baseline::write(&report, path)?;
        eprintln!("sqlhound: wrote {count} finding(s) to {}", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.output_file {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        let options = RenderOptions {
            color: false,
            ..options
        };
        print_findings(&report, args, &options, &mut file)?;
        file.flush()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    // A reader that stops early (`| head`) has seen enough; the exit code still tells.
    match print_stdout(&report, args, &options) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written?,
    }
    for path in &report.missing {
        eprintln!(
            "sqlhound: error: {}: no such file or directory",
            path.display()
        );
    }
    for error in &report.unreadable_configs {
        eprintln!(
            "sqlhound: error: {error}; the files under it were checked with the next config file up, or the defaults"
        );
    }
    let config_error = !report.unreadable_configs.is_empty();
    Ok(
        if !report.missing.is_empty()
            || config_error
            || report.has_internal_error()
            || report.database_unusable()
        {
            ExitCode::from(2)
        } else if (report.fails() || (fixed > 0 && args.exit_non_zero_on_fix)) && !args.exit_zero {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// The explain pass's progress on standard error (`judged/total` queries and the file of
/// the one being planned), drawn by a thread of its own until dropped.
struct ProgressBar {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressBar {
    fn start(progress: std::sync::Arc<sqlhound::explain::Progress>) -> Self {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let bar = indicatif::ProgressBar::hidden();
            let style = indicatif::ProgressStyle::with_template(
                "{spinner} explaining {pos}/{len} queries {elapsed} {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
            bar.set_style(style);
            let mut shown = false;
            while !stopped.load(Ordering::Relaxed) {
                let (done, total, file) = progress.now();
                // Nothing to show until there are queries to plan.
                if total > 0 && !shown {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    shown = true;
                }
                bar.set_length(total as u64);
                bar.set_position(done as u64);
                bar.set_message(file.unwrap_or_default());
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        Self {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            // The bar is cleared before the summary is printed.
            let _ = thread.join();
        }
    }
}

/// The paths named, or the current directory.
fn paths(args: &CheckArgs) -> Vec<PathBuf> {
    if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    }
}

/// `--show-settings`: the resolved settings of the first path.
fn show_settings(
    args: &CheckArgs,
    overrides: &Overrides,
    cwd: &std::path::Path,
) -> Result<ExitCode> {
    let path = paths(args).swap_remove(0);
    if !cwd.join(&path).exists() {
        bail!("{}: no such file or directory", path.display());
    }
    let settings = sqlhound::settings_for(&path, overrides, cwd)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "Settings for {}", path.display())?;
    write!(out, "{}", settings.describe())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `--show-files`: what a run would check, with the config governing each file, then
/// what the walk skips and why.
fn show_files(args: &CheckArgs, overrides: &Overrides, cwd: &std::path::Path) -> Result<ExitCode> {
    let files = sqlhound::files(&paths(args), overrides, cwd)?;
    let mut out = std::io::stdout().lock();
    for target in &files.checked {
        let config = target
            .settings
            .config_path
            .as_ref()
            .map_or_else(|| "defaults".into(), |p| p.display().to_string());
        writeln!(out, "{} (config: {config})", target.path.display())?;
    }
    for skipped in &files.skipped {
        let slash = if skipped.is_dir { "/" } else { "" };
        writeln!(
            out,
            "skipped: {}{slash} ({})",
            skipped.path.display(),
            skipped.why
        )?;
    }
    out.flush()?;
    for path in &files.missing {
        eprintln!(
            "sqlhound: error: {}: no such file or directory",
            path.display()
        );
    }
    Ok(if files.missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// `--baseline` and `--changed-since`: the findings a run reports, and fixes.
struct Filters {
    baseline: Option<(PathBuf, Vec<sqlhound::baseline::Entry>)>,
    changed: Option<sqlhound::changed_lines::ChangedLines>,
}

type ChangedLinesThread = std::thread::JoinHandle<
    Result<sqlhound::changed_lines::ChangedLines, sqlhound::changed_lines::ChangedLinesError>,
>;

impl Filters {
    fn new(args: &CheckArgs, changed: Option<ChangedLinesThread>) -> Result<Self> {
        let baseline = match &args.baseline {
            Some(path) => Some((path.clone(), sqlhound::baseline::read(path)?)),
            None => None,
        };
        let changed = match changed {
            Some(thread) => Some(
                thread
                    .join()
                    .map_err(|_| anyhow::anyhow!("--changed-since: git failed"))??,
            ),
            None => None,
        };
        Ok(Self { baseline, changed })
    }

    /// Drops the findings the baseline records and those on unchanged lines; `stale`
    /// says which baseline entries match nothing any more.
    fn apply(&self, report: &mut sqlhound::Report, cwd: &std::path::Path, stale: bool) {
        if let Some((path, entries)) = &self.baseline {
            let unmatched = sqlhound::baseline::filter(report, entries);
            if stale && !unmatched.is_empty() {
                eprintln!(
                    "sqlhound: {} baseline entr{} in {} match no finding any more (fixed); refresh it with --write-baseline",
                    unmatched.len(),
                    if unmatched.len() == 1 { "y" } else { "ies" },
                    path.display()
                );
            }
        }
        if let Some(changed) = &self.changed {
            changed.filter(report, cwd);
        }
    }
}

/// `--fix`: writes the fixes, says what it did on standard error; how many were fixed.
fn fix(report: &sqlhound::Report, unsafe_fixes: bool) -> Result<usize> {
    let fixed = sqlhound::apply_fixes(report, unsafe_fixes).context("writing fixes")?;
    for (path, why) in &fixed.skipped {
        eprintln!(
            "sqlhound: note: fixes not written to {}: {why}",
            path.display()
        );
    }
    if fixed.fixes > 0 {
        eprintln!(
            "sqlhound: fixed {} finding(s) in {} file(s)",
            fixed.fixes, fixed.files
        );
    }
    Ok(fixed.fixes)
}

/// `--diff`: the fixes as a unified diff on standard output, nothing written; exit 1 when
/// there is something to fix, as ruff does.
fn show_fixes(report: &sqlhound::Report, args: &CheckArgs) -> Result<ExitCode> {
    let fixed = sqlhound::fixed_files(report, args.unsafe_fixes);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match report::render_fix_diff(&fixed, &mut out).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written?,
    }
    let count: usize = fixed.iter().map(|f| f.fixes).sum();
    if !args.quiet {
        eprintln!(
            "sqlhound: would fix {count} finding(s) in {} file(s)",
            fixed.len()
        );
    }
    Ok(if count > 0 && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn use_color(color: ColorArg) -> bool {
    match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The report as asked, or only its per-rule table with `--statistics`.
fn print_findings(
    report: &sqlhound::Report,
    args: &CheckArgs,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if args.statistics {
        report::render_statistics(report, args.output_format, options, out)
    } else {
        report::render(report, args.output_format, options, out)
    }
}

/// What standard output shows: the findings (unless they went to `--output-file`), then
/// the summary for the formats people read.
fn print_stdout(
    report: &sqlhound::Report,
    args: &CheckArgs,
    options: &RenderOptions,
) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let to_file = args.output_file.is_some();
    if !to_file {
        print_findings(report, args, options, &mut out)?;
    }
    // Nothing was checked when every path named is missing: the errors say it all.
    let nothing_checked = report.checked == 0 && !report.missing.is_empty();
    let human = args.output_format.is_human() && !args.statistics;
    if !args.quiet && (to_file || human) && !nothing_checked {
        report::render_summary(report, options, &mut out)?;
    }
    out.flush()
}

/// What the explain pass did, on standard error: the report's formats stay machine-readable.
fn explain_summary(summary: &sqlhound::explain::Summary, quiet: bool) {
    use sqlhound::explain::Hypopg;
    if let Some(fatal) = &summary.fatal {
        eprintln!(
            "sqlhound: error: cannot use the database {}: {fatal}; the static checks ran without it",
            summary.target
        );
        return;
    }
    if let Some(lost) = &summary.lost {
        eprintln!(
            "sqlhound: warning: {lost}; {} quer{} not planned",
            summary.unplanned,
            if summary.unplanned == 1 {
                "y was"
            } else {
                "ies were"
            }
        );
    }
    if quiet {
        return;
    }
    let mut notes = Vec::new();
    if summary.failed > 0 {
        notes.push(format!("{} could not be planned", summary.failed));
    }
    if summary.untrusted > 0 {
        notes.push(format!(
            "{} not planned: planning may run code from the database",
            summary.untrusted
        ));
    }
    if summary.built > 0 {
        notes.push(format!("{} built at run time", summary.built));
    }
    if summary.utility > 0 {
        notes.push(format!(
            "{} DDL or utility statements skipped",
            summary.utility
        ));
    }
    notes.push(
        match summary.hypopg {
            Some(Hypopg::Created) => "indexes tried with hypopg",
            Some(Hypopg::Available) => {
                "hypopg not created in this database: suggestions unverified"
            }
            _ => "no hypopg: suggestions unverified",
        }
        .to_string(),
    );
    eprintln!(
        "sqlhound: explained {} distinct quer{} on {} in {:.2} s ({})",
        summary.planned,
        if summary.planned == 1 { "y" } else { "ies" },
        summary.target,
        summary.elapsed.as_secs_f64(),
        notes.join("; ")
    );
}

fn overrides(args: &CheckArgs) -> Result<Overrides> {
    let dialect = match &args.dialect {
        Some(name) => Some(Dialect::parse(name).with_context(|| {
            let names: Vec<_> = Dialect::ALL.iter().map(|d| d.name()).collect();
            format!(
                "unknown dialect `{name}`; expected one of {}",
                names.join(", ")
            )
        })?),
        None => None,
    };
    Ok(Overrides {
        dialect,
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        extend_exclude: args.extend_exclude.clone(),
        fail_on: args.fail_on,
        config: args.config.clone(),
        isolated: args.isolated,
        no_cache: args.no_cache,
        cache_dir: args.cache_dir.clone(),
    })
}

fn inputs(args: &CheckArgs) -> Result<Vec<Input>> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut inputs = Vec::new();
    let mut stdin_used = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_used {
                bail!("`-` (standard input) given twice");
            }
            stdin_used = true;
            // Bytes: text that does not decode is a finding in it, as in a file.
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("reading standard input")?;
            let path = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("stdin.sql"));
            inputs.push(Input::Bytes { bytes, path });
        } else {
            inputs.push(Input::Path(path));
        }
    }
    Ok(inputs)
}

fn list_rules(format: RulesFormat) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        RulesFormat::Json => {
            let rows: Vec<_> = rules::all()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "category": r.category.as_str(),
                        "default_severity": r.default_severity.as_str(),
                        "fixable": r.fixable.as_str(),
                        "default_enabled": r.default_enabled,
                        "summary": r.summary,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        RulesFormat::Markdown => write!(out, "{}", rules::markdown_table())?,
        RulesFormat::Text => {
            writeln!(
                out,
                "{:<6} {:<24} {:<13} {:<8} {:<7} summary",
                "code", "name", "category", "severity", "fix"
            )?;
            for r in rules::all() {
                let off = if r.default_enabled {
                    ""
                } else {
                    " (off by default)"
                };
                writeln!(
                    out,
                    "{:<6} {:<24} {:<13} {:<8} {:<7} {}{off}",
                    r.code,
                    r.name,
                    r.category.as_str(),
                    r.default_severity.as_str(),
                    r.fixable.as_str(),
                    r.summary
                )?;
            }
        }
    }
    Ok(())
}

fn show_rule(key: &str) -> Result<()> {
    let Some(rule) = rules::find(key) else {
        let hint = did_you_mean(key, rules::all().flat_map(|r| [r.name, r.code]))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        bail!("no rule is named `{key}`{hint} (`sqlhound rules` lists them)");
    };
    let body = sqlhound::rules::doc_body(rule.doc);
    // Not `println!`: it panics when the reader has gone.
    writeln!(
        std::io::stdout().lock(),
        "# {} {}\n\n{}",
        rule.code,
        rule.name,
        body.trim()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_explain_timeout_default_is_the_library_default() {
        let default = Options::new(String::new()).timeout;
        assert_eq!(parse_duration(Options::TIMEOUT), Ok(default));
    }

    #[test]
    fn durations_are_what_statement_timeout_accepts() {
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("1ms"), Ok(Duration::from_millis(1)));
        assert_eq!(
            parse_duration("2147483647ms"),
            Ok(Duration::from_millis(2_147_483_647))
        );
        for bad in [
            "0",
            "0s",
            "0.5ms",
            "-1s",
            "2147483648ms",
            "1e30s",
            "5000000000000000000s",
        ] {
            assert!(
                parse_duration(bad).is_err_and(|e| e.contains("out of range")),
                "{bad}"
            );
        }
        for bad in ["nan", "infs", "fast", ""] {
            assert!(
                parse_duration(bad).is_err_and(|e| e.contains("not a duration")),
                "{bad}"
            );
        }
    }
}
