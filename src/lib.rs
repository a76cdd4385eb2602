//! sqlhound finds risky and slow SQL in `.sql` files and Python code before it ships.
//!
//! [`check`] is the one entry point the command line, the language server and the tests
//! call: inputs in, a [`Report`] out. Rendering lives in [`report`].

pub mod baseline;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod fix;
pub mod lsp;
pub mod python;
pub mod report;
pub mod rules;
pub mod settings;
pub mod source;
pub mod sql;
pub mod suppress;

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use diagnostic::Diagnostic;
use python::orm::ModelIndex;
use rayon::iter::{IntoParallelIterator, ParallelBridge, ParallelIterator};
use rules::tool;

use settings::{FailOn, Overrides, Settings, SettingsCache, SettingsError};
use source::discover::{Target, discover_each};
use source::{LineIndex, SourceFile, SourceKind};

/// What to check.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file or directory.
    Path(PathBuf),
    /// Text read from standard input, reported (and configured) as `path`.
    Text { text: String, path: PathBuf },
}

/// The findings of one file. The text is kept only when there is something to show.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// Where the file is, to write fixes back (`None` for standard input).
    pub absolute: Option<PathBuf>,
    pub kind: SourceKind,
    pub text: String,
    pub lines: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
    pub fail_on: FailOn,
}

impl FileReport {
    pub fn fails(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| self.fail_on.fails(d.severity))
    }
}

#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by path.
    pub files: Vec<FileReport>,
    /// Every file checked, with or without findings.
    pub checked: usize,
    /// Paths named on the command line that do not exist.
    pub missing: Vec<PathBuf>,
    pub elapsed: Duration,
}

impl Report {
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    /// Whether any finding is at or above its file's `fail-on`.
    pub fn fails(&self) -> bool {
        self.files.iter().any(FileReport::fails)
    }

    /// Whether sqlhound itself failed on some file (a bug).
    pub fn has_internal_error(&self) -> bool {
        self.diagnostics()
            .any(|(_, d)| d.rule == &tool::INTERNAL_ERROR)
    }
}

/// Stack of a checking thread.
pub const WORKER_STACK: usize = 256 << 20;

/// Checks every input in parallel. Config errors stop the run; problems with single files
/// become findings in them.
pub fn check(inputs: &[Input], overrides: &Overrides, cwd: &Path) -> Result<Report, SettingsError> {
    let started = Instant::now();
    let cache = SettingsCache::new(overrides.clone(), cwd)?;
    let paths: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Path(p) => Some(p.clone()),
            Input::Text { .. } => None,
        })
        .collect();
    let texts: Vec<(&String, &PathBuf)> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Text { text, path } => Some((text, path)),
            Input::Path(_) => None,
        })
        .collect();
    // The walk feeds the checks as it goes: SQL files are checked at once, Python files are
    // read and their ORM models learnt, and checked once every file's models are known.
    // Checks run on threads with deep stacks, since parsing pathological nesting recurses
    // deeply.
    let (sender, receiver) = std::sync::mpsc::channel::<Target>();
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| SettingsError::Io {
            path: PathBuf::from("<worker threads>"),
            source: std::io::Error::other(e),
        })?;
    let no_models = ModelIndex::default();
    let (problems, walked) = std::thread::scope(|scope| {
        let checks = scope.spawn(|| {
            pool.install(|| {
                receiver
                    .into_iter()
                    .par_bridge()
                    .map(|target| {
                        if SourceKind::from_path(&target.path) == Some(SourceKind::Python) {
                            let read = read_python(target);
                            // Without a query root no model can change its findings.
                            let deferred = read
                                .text
                                .as_ref()
                                .is_ok_and(|t| python::orm::ModelIndex::has_query_root(t));
                            if deferred {
                                Walked::Python(read)
                            } else {
                                let report =
                                    check_target(&read.target, Text::Read(read.text), &no_models);
                                Walked::Learnt(report, read.models)
                            }
                        } else {
                            Walked::Checked(check_target(&target, Text::Disk, &no_models))
                        }
                    })
                    .collect::<Vec<_>>()
            })
        });
        let problems = discover_each(&paths, cache, cwd, &|target| {
            // The receiver lives until every target is sent.
            let _ = sender.send(target);
        });
        drop(sender);
        // The checks catch panics per file; one escaping here is a bug, not a result to drop.
        (
            problems,
            checks
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    let problems = problems?;
    let mut files = Vec::new();
    let mut python = Vec::new();
    let mut models = ModelIndex::default();
    for walked in walked {
        match walked {
            Walked::Checked(report) => files.push(report),
            Walked::Learnt(report, learnt) => {
                files.push(report);
                models.merge(learnt);
            }
            Walked::Python(read) => python.push(read),
        }
    }
    // Standard input is configured like a file at its `--stdin-filename`.
    let mut text_cache = SettingsCache::new(overrides.clone(), cwd)?;
    let mut text_targets = Vec::new();
    for (text, path) in texts {
        let absolute = source::discover::absolute(cwd, path);
        let settings = text_cache.for_dir(absolute.parent().unwrap_or(cwd))?;
        let target = Target {
            path: source::discover::display_path(cwd, path),
            absolute,
            settings,
        };
        let learnt = if SourceKind::from_path(&target.path) == Some(SourceKind::Python) {
            python::orm::learn_models(text)
        } else {
            ModelIndex::default()
        };
        text_targets.push((target, text, learnt));
    }
    for learnt in python
        .iter_mut()
        .map(|read| std::mem::take(&mut read.models))
        .chain(text_targets.iter_mut().map(|t| std::mem::take(&mut t.2)))
    {
        models.merge(learnt);
    }
    files.extend(pool.install(|| {
        python
            .into_par_iter()
            .map(|read| check_target(&read.target, Text::Read(read.text), &models))
            .collect::<Vec<_>>()
    }));
    for (target, text, _) in &text_targets {
        files.push(pool.install(|| check_target(target, Text::Stdin((*text).clone()), &models)));
    }
    for problem in problems.iter().filter(|p| !p.missing) {
        files.push(unreadable(
            problem.path.clone(),
            problem.message.clone(),
            FailOn::default(),
        ));
    }
    let checked = files.len();
    files.retain(|f| !f.diagnostics.is_empty());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let missing = problems
        .into_iter()
        .filter(|p| p.missing)
        .map(|p| p.path)
        .collect();
    Ok(Report {
        files,
        checked,
        missing,
        elapsed: started.elapsed(),
    })
}

/// Where a checked file's text comes from.
enum Text {
    /// Read it now.
    Disk,
    /// Read from disk already (or why it could not be).
    Read(Result<String, String>),
    /// Standard input: there is no file to write fixes to.
    Stdin(String),
}

/// Reads and checks one file; a panic becomes an `internal-error` finding, not a lost run.
fn check_target(target: &Target, text: Text, models: &ModelIndex) -> FileReport {
    let fail_on = target.settings.fail_on;
    let from_disk = !matches!(text, Text::Stdin(_));
    let text = match text {
        Text::Stdin(text) | Text::Read(Ok(text)) => text,
        Text::Read(Err(message)) => return unreadable(target.path.clone(), message, fail_on),
        Text::Disk => match read_text(&target.absolute, target.settings.max_file_size) {
            Ok(text) => text,
            Err(message) => return unreadable(target.path.clone(), message, fail_on),
        },
    };
    let kind = SourceKind::from_path(&target.path).unwrap_or(SourceKind::Sql);
    let file = SourceFile::new(target.path.clone(), kind, text);
    let diagnostics = check_guarded(&file, &target.absolute, &target.settings, models);
    let path = file.path.clone();
    let (text, lines) = if diagnostics.is_empty() {
        (String::new(), LineIndex::new(""))
    } else {
        file.into_parts()
    };
    FileReport {
        path,
        absolute: from_disk.then(|| target.absolute.clone()),
        kind,
        text,
        lines,
        diagnostics,
        fail_on,
    }
}

/// The ORM models defined in the Python files under `roots`, as `check` learns them: the
/// language server checks one document at a time with the models of its workspace.
pub fn models_under(
    roots: &[PathBuf],
    overrides: &Overrides,
    cwd: &Path,
) -> Result<ModelIndex, SettingsError> {
    let cache = SettingsCache::new(overrides.clone(), cwd)?;
    let python = std::sync::Mutex::new(Vec::new());
    discover_each(roots, cache, cwd, &|target| {
        if SourceKind::from_path(&target.path) == Some(SourceKind::Python) {
            python
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(target);
        }
    })?;
    let learnt: Vec<ModelIndex> = python
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_par_iter()
        .map(|target| read_python(target).models)
        .collect();
    let mut models = ModelIndex::default();
    for index in learnt {
        models.merge(index);
    }
    Ok(models)
}

/// What the walk yields: a checked file; a checked Python file and the models it defines;
/// or a Python file that queries through an ORM, read and learnt from, to check once every
/// file's models are known.
enum Walked {
    Checked(FileReport),
    Learnt(FileReport, ModelIndex),
    Python(ReadPython),
}

struct ReadPython {
    target: Target,
    text: Result<String, String>,
    /// The models it defines (none in a migrations folder: those are snapshots).
    models: ModelIndex,
}

fn read_python(target: Target) -> ReadPython {
    let text = read_text(&target.absolute, target.settings.max_file_size);
    let models = match &text {
        Ok(text) if !python::orm::in_migrations(&target.path) => python::orm::learn_models(text),
        _ => ModelIndex::default(),
    };
    ReadPython {
        target,
        text,
        models,
    }
}

/// Checks one file's text; a panic becomes an `internal-error` finding, so one file (or
/// one editor buffer) never takes the run (or the language server) down with it.
pub fn check_guarded(
    file: &SourceFile,
    absolute: &Path,
    settings: &Settings,
    models: &ModelIndex,
) -> Vec<Diagnostic> {
    catch_unwind(AssertUnwindSafe(|| {
        engine::check_source(file, absolute, settings, models)
    }))
    .unwrap_or_else(|panic| {
        vec![
            Diagnostic::new(
                &tool::INTERNAL_ERROR,
                0..0,
                format!(
                    "sqlhound crashed while checking this file: {}",
                    panic_message(panic.as_ref())
                ),
            )
            .help("this is a bug in sqlhound; please report it with the file that triggers it"),
        ]
    })
}

/// The text a panic was raised with, for reporting it.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// The finding for a file sqlhound could not read (or would not: too large).
pub fn unreadable_diagnostic(message: &str) -> Diagnostic {
    Diagnostic::new(
        &tool::UNREADABLE_FILE,
        0..0,
        format!("file not checked: {message}"),
    )
    .help("fix the file, or exclude it with `exclude` in sqlhound.toml")
}

fn unreadable(path: PathBuf, message: String, fail_on: FailOn) -> FileReport {
    FileReport {
        path,
        absolute: None,
        kind: SourceKind::Sql,
        text: String::new(),
        lines: LineIndex::new(""),
        diagnostics: vec![unreadable_diagnostic(&message)],
        fail_on,
    }
}

/// Applies the fixes of a report to the files on disk (safe ones, and unsafe ones when
/// asked). Returns how many fixes were applied in how many files.
pub fn apply_fixes(report: &Report, unsafe_fixes: bool) -> std::io::Result<(usize, usize)> {
    let (mut fixes, mut files) = (0, 0);
    for file in &report.files {
        let Some(path) = &file.absolute else {
            continue;
        };
        if let Some((text, applied)) =
            fix::fixed_text(&file.text, file.kind, &file.diagnostics, unsafe_fixes)
        {
            std::fs::write(path, text)?;
            fixes += applied;
            files += 1;
        }
    }
    Ok((fixes, files))
}

/// Reads a file as UTF-8 text, refusing huge, binary and non-UTF-8 files with a reason.
fn read_text(path: &Path, max_size: u64) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    if size > max_size {
        return Err(too_large(size, max_size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("it looks binary (it contains NUL bytes)".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("it is not valid UTF-8 (line {line}, byte {at}); sqlhound reads UTF-8 only")
    })
}

/// Why a file over `max-file-size` is not checked.
pub fn too_large(size: u64, max_size: u64) -> String {
    format!(
        "it is {}, larger than `max-file-size` ({})",
        human_size(size),
        human_size(max_size)
    )
}

fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    #[allow(clippy::cast_precision_loss)] // display only
    let mb = bytes as f64 / MB;
    format!("{mb:.1} MB")
}
