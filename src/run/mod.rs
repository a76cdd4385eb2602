//! A run: walking and reading the inputs, learning the project (schema, models), checking
//! every file (in parallel) and, with a database, the explain pass; then fixes, baselines
//! and changed-lines filters. [`check`] is the entry point the command line, the language
//! server and the tests call: inputs in, a [`Report`] out.

pub mod baseline;
pub mod changed_lines;
mod dbt;
pub mod discover;
pub mod fingerprint;
pub mod fix;
pub mod index_cache;
pub mod learn;
mod templates;
pub mod watch;

pub use templates::{Buffers, is_template_file, may_change_templates, templates_under};

use rustc_hash::FxHashSet;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use crate::engine::Project;
use crate::engine::guard::{check_guarded_counted, guard, internal_error};
use crate::rules::tool;
use rayon::iter::{
    IndexedParallelIterator, IntoParallelIterator, IntoParallelRefMutIterator, ParallelBridge,
    ParallelIterator,
};

use crate::settings::{FailOn, Overrides, Settings, SettingsCache, SettingsError};
use crate::source::decode::Encoding;
use crate::source::{LineIndex, SourceFile, SourceKind};
use discover::{Target, discover_each};

/// What to check.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file or directory.
    Path(PathBuf),
    /// Standard input's bytes, decoded like a file's, reported (and configured) as `path`.
    Bytes { bytes: Vec<u8>, path: PathBuf },
}

/// The findings of one file. The text is kept only when there is something to show.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// Where the file is, to write fixes back (`None` for standard input).
    pub absolute: Option<PathBuf>,
    pub kind: SourceKind,
    pub text: String,
    /// How the file was encoded, to write fixes back in it.
    pub encoding: Encoding,
    pub lines: LineIndex,
    /// A notebook's cells and JSON (`text` is then its code cells joined).
    pub notebook: Option<std::sync::Arc<crate::source::notebook::Notebook>>,
    pub diagnostics: Vec<Diagnostic>,
    pub fail_on: FailOn,
    /// Statements only the database's parser reads: valid, not analysed by the rules.
    pub unanalysed: usize,
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
    /// Config files that exist but cannot be read, each once: the files under them were
    /// checked with the next config file up, or the defaults.
    pub unreadable_configs: Vec<SettingsError>,
    pub elapsed: Duration,
    /// What the explain pass did, when it ran.
    pub explain: Option<crate::explain::Summary>,
    /// Statements of every file checked that only the database's parser reads (valid SQL
    /// sqlparser does not support): not analysed by the rules.
    pub unanalysed: usize,
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

    /// Whether the explain pass was asked for and could not use the database at all.
    pub fn database_unusable(&self) -> bool {
        self.explain.as_ref().is_some_and(|s| s.fatal.is_some())
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
    check_with(inputs, overrides, cwd, None)
}

/// `check`, then, with `explain`, the explain pass over every query found.
pub fn check_with(
    inputs: &[Input],
    overrides: &Overrides,
    cwd: &Path,
    explain: Option<&crate::explain::Options>,
) -> Result<Report, SettingsError> {
    let started = Instant::now();
    let mut cache = SettingsCache::new(overrides.clone(), cwd)?;
    let paths: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Path(p) => Some(p.clone()),
            Input::Bytes { .. } => None,
        })
        .collect();
    let texts: Vec<(&Vec<u8>, &PathBuf)> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Bytes { bytes, path } => Some((bytes, path)),
            Input::Path(_) => None,
        })
        .collect();
    // The walk finds every file; each teaches about the repository (from the index cache,
    // else read): the DDL of `.sql` files, the ORM models of Python files. Then every file
    // is checked with what was
    // learnt. Checks run on threads with deep stacks, since parsing pathological nesting
    // recurses deeply.
    let (sender, receiver) = std::sync::mpsc::channel::<Target>();
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| SettingsError::Unreadable {
            path: PathBuf::from("<worker threads>"),
            reason: e.to_string(),
        })?;
    let (problems, mut read) = std::thread::scope(|scope| {
        let reads = scope.spawn(|| {
            pool.install(|| {
                receiver
                    .into_iter()
                    .par_bridge()
                    .map(|target| {
                        // Without the index cache each file is learnt from now, from this
                        // one read; with it, it is read when learning finds it missing from
                        // the cache, and when it is checked (its read errors are found then).
                        if !overrides.no_cache {
                            return ReadFile::on_disk(target);
                        }
                        let text = read_target(&target);
                        let learnt = match &text {
                            Ok((text, _)) => Some(learn::learn(text, &target, true)),
                            Err(_) => None,
                        };
                        let mut file = ReadFile::new(target, text, false);
                        file.learnt = learnt.or(file.learnt);
                        file
                    })
                    .collect::<Vec<_>>()
            })
        });
        let problems = discover_each(&paths, &mut cache, cwd, &|target| {
            // The receiver lives until every target is sent.
            let _ = sender.send(target);
        });
        drop(sender);
        // Reading catches nothing; a panic here is a bug, not a result to drop.
        (
            problems,
            reads
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    let problems = problems?;
    // Standard input is configured like a file at its `--stdin-filename`.
    for (bytes, path) in texts {
        let absolute = discover::absolute(cwd, path);
        let settings = cache.for_dir(absolute.parent().unwrap_or(cwd))?;
        let target = Target {
            path: discover::display_path(cwd, path),
            absolute,
            settings,
        };
        let text = crate::source::decode::decode(bytes.clone(), kind_of(&target.path));
        read.push(ReadFile::new(target, text, true));
    }
    // `schema` paths in config: more files to learn from, not to check.
    let checked: FxHashSet<PathBuf> = read.iter().map(|f| f.target.absolute.clone()).collect();
    let mut schema_paths: Vec<PathBuf> = read
        .iter()
        .flat_map(|f| f.target.settings.schema_paths.iter())
        .filter(|p| !checked.contains(*p))
        .cloned()
        .collect();
    schema_paths.sort();
    schema_paths.dedup();
    let mut schema_problems = Vec::new();
    if !schema_paths.is_empty() {
        let (learnt, problems) = pool.install(|| read_all(&schema_paths, &mut cache, cwd))?;
        schema_problems = problems;
        read.extend(
            learnt
                .into_iter()
                .filter(|f| !checked.contains(&f.target.absolute))
                .map(|mut f| {
                    f.learn_only = true;
                    f
                }),
        );
    }
    let mut roots = learn::Roots::default();
    for file in &read {
        roots.of(&file.target.absolute);
    }
    // A project whose root was an input is walked already.
    let input_dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| discover::absolute(cwd, p))
        .filter(|p| p.is_dir())
        .collect();
    let unwalked: Vec<PathBuf> = roots
        .all()
        .into_iter()
        .filter(|root| !input_dirs.iter().any(|dir| root.starts_with(dir)))
        .collect();
    let cache_root = roots.all().into_iter().next();
    let walked = pool.install(|| {
        learn_under(
            &unwalked,
            cache_root.as_deref(),
            &mut read,
            &mut cache,
            overrides,
            cwd,
        )
    })?;
    read.extend(walked);
    let (renderers, python) = templates::template_inputs(&read);
    let (project, dbt_problems) = learn_project(&mut read, &mut roots);
    read.retain(|file| !file.learn_only);
    let (mut files, explain) = match explain {
        None => (
            pool.install(|| {
                read.into_par_iter()
                    .map(|file| check_target(&file.target, file.text, &project))
                    .collect()
            }),
            None,
        ),
        Some(options) => {
            let (mut files, summary) = pool.install(|| check_explained(read, &project, options));
            fold_alike_notes(&mut files);
            (files, Some(summary))
        }
    };
    if !renderers.is_empty() {
        let sources = templates::Sources {
            roots: &mut roots,
            cache: &mut cache,
            cwd,
            buffers: &templates::Buffers::default(),
        };
        files.extend(templates::check_templates(
            &renderers, &python, &project, sources,
        ));
    }
    // The project's syntax trees and summaries are many small allocations: freed on a
    // thread of their own, so the report is not kept waiting (a run that ends the process
    // does not wait at all). Without a thread, it is freed here. Freeing a deeply nested
    // tree recurses as deeply as parsing it did: the thread gets a checking thread's stack.
    let _ = std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || drop(project));
    for (path, message) in dbt_problems {
        let path = discover::display_path(cwd, &path);
        files.push(unreadable(path, message, FailOn::default()));
    }
    let problems: Vec<_> = problems.into_iter().chain(schema_problems).collect();
    for problem in problems.iter().filter(|p| !p.missing) {
        files.push(unreadable(
            problem.path.clone(),
            problem.message.clone(),
            FailOn::default(),
        ));
    }
    let checked = files.len();
    let unanalysed = files.iter().map(|f| f.unanalysed).sum();
    files.retain(|f| !f.diagnostics.is_empty());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let missing = problems
        .into_iter()
        .filter(|p| p.missing)
        .map(|p| p.path)
        .collect();
    // Found by a parallel walk: sorted, so every run reports them alike.
    let mut unreadable_configs = cache.take_unreadable();
    unreadable_configs.sort_by_cached_key(ToString::to_string);
    Ok(Report {
        files,
        checked,
        missing,
        unreadable_configs,
        elapsed: started.elapsed(),
        explain,
        unanalysed,
    })
}

/// What a run would check (`--show-files`): the files with their settings, sorted by
/// path, what the walk skips and why, and the paths that do not exist.
#[derive(Debug)]
pub struct Files {
    pub checked: Vec<Target>,
    pub skipped: Vec<discover::Skipped>,
    pub missing: Vec<PathBuf>,
}

/// The files `check` would check for these paths, without reading them.
pub fn files(paths: &[PathBuf], overrides: &Overrides, cwd: &Path) -> Result<Files, SettingsError> {
    let mut cache = SettingsCache::new(overrides.clone(), cwd)?;
    let (mut checked, problems) = walk(paths, &mut cache, cwd, |_| true)?;
    checked.sort_by(|a, b| a.path.cmp(&b.path));
    let mut skipped = discover::skipped(paths, &mut cache, cwd)?;
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let missing = problems
        .into_iter()
        .filter(|p| p.missing)
        .map(|p| p.path)
        .collect();
    Ok(Files {
        checked,
        skipped,
        missing,
    })
}

/// The settings `check` would use for a file (or the files directly in a directory).
pub fn settings_for(
    path: &Path,
    overrides: &Overrides,
    cwd: &Path,
) -> Result<std::sync::Arc<Settings>, SettingsError> {
    let mut cache = SettingsCache::new(overrides.clone(), cwd)?;
    let absolute = discover::absolute(cwd, path);
    let dir = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent().unwrap_or(cwd)
    };
    let settings = cache.for_dir(dir)?;
    // A config file that cannot be read is an error here: these are not its settings.
    match cache.take_unreadable().into_iter().next() {
        Some(error) => Err(error),
        None => Ok(settings),
    }
}

/// A file checked, waiting for the explain pass.
struct Analyzed {
    target: Target,
    source: SourceFile,
    encoding: Encoding,
    analysis: crate::engine::Analysis,
    from_disk: bool,
}

/// Checks every file keeping its queries, plans them, then applies each file's
/// suppressions to both kinds of findings. A static `missing-index` guess on a statement
/// the planner judged gives way to the planner's judgement.
fn check_explained(
    read: Vec<ReadFile>,
    project: &Project,
    options: &crate::explain::Options,
) -> (Vec<FileReport>, crate::explain::Summary) {
    let analyzed: Vec<Result<Analyzed, Box<FileReport>>> = read
        .into_par_iter()
        .map(|file| {
            let from_disk = !matches!(file.text, Text::Stdin(..));
            let (source, encoding) = load(&file.target, file.text)?;
            let analysis = catch_unwind(AssertUnwindSafe(|| {
                crate::engine::analyze_source(
                    &source,
                    &file.target.absolute,
                    &file.target.settings,
                    project,
                    true,
                )
            }))
            .unwrap_or_else(|panic| crate::engine::Analysis {
                diagnostics: vec![internal_error(panic.as_ref())],
                layout: Default::default(),
                queries: Vec::new(),
                unanalysed: 0,
                test_code: false,
            });
            Ok(Analyzed {
                target: file.target,
                source,
                encoding,
                analysis,
                from_disk,
            })
        })
        .collect();
    let queries: Vec<&[crate::sql::embedded::FoundQuery]> = analyzed
        .iter()
        .map(|a| a.as_ref().map_or(&[][..], |a| &a.analysis.queries[..]))
        .collect();
    if let Some(progress) = &options.progress {
        let names = analyzed.iter().map(|a| match a {
            Ok(a) => a.target.path.display().to_string(),
            Err(report) => report.path.display().to_string(),
        });
        *progress
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = names.collect();
    }
    let settings = analyzed.iter().flatten().map(|a| &*a.target.settings);
    let explained = crate::explain::explain(&trusting(options, settings), &queries);
    let ran = explained.summary.fatal.is_none();
    let files = analyzed
        .into_par_iter()
        .zip(explained.outcomes.into_par_iter())
        .map(|(analyzed, outcomes)| {
            let Analyzed {
                target,
                source,
                encoding,
                mut analysis,
                from_disk,
            } = match analyzed {
                Ok(analyzed) => analyzed,
                Err(report) => return *report,
            };
            let found =
                crate::rules::plan_findings(&analysis.queries, &outcomes, &explained.summary);
            merge_explained(&mut analysis, found, &outcomes);
            let settings = &target.settings;
            let unanalysed = analysis.unanalysed;
            let diagnostics =
                guard(|| crate::engine::finish(&source, &target.absolute, settings, analysis, ran));
            let mut report = file_report(&target, source, encoding, diagnostics, from_disk);
            report.unanalysed = unanalysed;
            report
        })
        .collect();
    (files, explained.summary)
}

/// Identical `not-explained` notes (the same reason, such as one locked table, for many
/// queries) become one, at the first of them, saying how many more there are and listing
/// where: one cause, one note.
fn fold_alike_notes(files: &mut [FileReport]) {
    // (message, help) → (file, diagnostic) of each note that says it.
    type Notes = std::collections::BTreeMap<(String, Option<String>), Vec<(usize, usize)>>;
    let mut groups = Notes::new();
    for (f, file) in files.iter().enumerate() {
        for (d, diagnostic) in file.diagnostics.iter().enumerate() {
            if diagnostic.rule == &tool::NOT_EXPLAINED {
                let key = (
                    diagnostic.message.to_string(),
                    diagnostic.help.as_deref().map(str::to_string),
                );
                groups.entry(key).or_default().push((f, d));
            }
        }
    }
    let mut dropped: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for mut members in groups.into_values().filter(|m| m.len() > 1) {
        members.sort_by(|a, b| {
            (&files[a.0].path, files[a.0].diagnostics[a.1].span.start)
                .cmp(&(&files[b.0].path, files[b.0].diagnostics[b.1].span.start))
        });
        let places: Vec<crate::diagnostic::Place> = members[1..]
            .iter()
            .map(|&(f, d)| {
                let file = &files[f];
                let at = file
                    .lines
                    .line_col(&file.text, file.diagnostics[d].span.start);
                crate::diagnostic::Place {
                    path: crate::source::path_string(&file.path),
                    line: at.line,
                    column: at.column,
                }
            })
            .collect();
        for &(f, d) in &members[1..] {
            dropped[f].push(d);
        }
        let (f, d) = members[0];
        let note = &mut files[f].diagnostics[d];
        let more = places.len();
        note.message = format!(
            "{} (and {more} more quer{} for the same reason)",
            note.message,
            if more == 1 { "y" } else { "ies" }
        )
        .into();
        note.alike = Some(places.into_boxed_slice());
    }
    for (file, dropped) in files.iter_mut().zip(dropped) {
        if !dropped.is_empty() {
            let mut index = 0;
            file.diagnostics.retain(|_| {
                index += 1;
                !dropped.contains(&(index - 1))
            });
        }
    }
}

/// The explain options with every checked file's `explain-trusted-functions`: trust is
/// the database's and the project's, not one file's.
fn trusting<'a>(
    options: &crate::explain::Options,
    settings: impl IntoIterator<Item = &'a Settings>,
) -> crate::explain::Options {
    let mut options = options.clone();
    for settings in settings {
        options
            .trusted_functions
            .extend(settings.explain_trusted_functions.iter().cloned());
    }
    options.trusted_functions.sort();
    options.trusted_functions.dedup();
    options
}

/// Adds the explain pass's findings to a file's, in place of the static guesses they
/// replace.
fn merge_explained(
    analysis: &mut crate::engine::Analysis,
    found: Vec<Diagnostic>,
    outcomes: &[Option<crate::explain::Outcome>],
) {
    let queries = &analysis.queries;
    analysis
        .diagnostics
        .retain(|d| !crate::rules::replaced_by_plan(d, queries, outcomes));
    analysis.diagnostics.extend(found);
}

/// One document checked with the explain pass (the language server, on save).
pub fn check_source_explained(
    file: &SourceFile,
    absolute: &Path,
    settings: &Settings,
    project: &Project,
    options: &crate::explain::Options,
) -> (Vec<Diagnostic>, crate::explain::Summary) {
    let mut analysis = match catch_unwind(AssertUnwindSafe(|| {
        crate::engine::analyze_source(file, absolute, settings, project, true)
    })) {
        Ok(analysis) => analysis,
        Err(panic) => return (vec![internal_error(panic.as_ref())], Default::default()),
    };
    let options = trusting(options, [settings]);
    let explained = crate::explain::explain(&options, &[&analysis.queries]);
    let ran = explained.summary.fatal.is_none();
    let outcomes = explained.outcomes.into_iter().next().unwrap_or_default();
    let found = crate::rules::plan_findings(&analysis.queries, &outcomes, &explained.summary);
    merge_explained(&mut analysis, found, &outcomes);
    let diagnostics = guard(|| crate::engine::finish(file, &file.path, settings, analysis, ran));
    (diagnostics, explained.summary)
}

/// Where a checked file's text comes from.
enum Text {
    /// On disk: read when it is checked (and when learnt from, unless cached).
    Disk,
    /// Could not be read, and why.
    Unreadable(String),
    /// Standard input, decoded: there is no file to write fixes to.
    Stdin(String, Encoding),
}

/// Reads and checks one file; a panic becomes an `internal-error` finding, not a lost run.
fn check_target(target: &Target, text: Text, project: &Project) -> FileReport {
    let from_disk = !matches!(text, Text::Stdin(..));
    let (file, encoding) = match load(target, text) {
        Ok(loaded) => loaded,
        Err(report) => return *report,
    };
    let (diagnostics, unanalysed) =
        check_guarded_counted(&file, &target.absolute, &target.settings, project);
    let mut report = file_report(target, file, encoding, diagnostics, from_disk);
    report.unanalysed = unanalysed;
    report
}

/// The file's text and encoding, or the report of a file that cannot be read.
fn load(target: &Target, text: Text) -> Result<(SourceFile, Encoding), Box<FileReport>> {
    let fail_on = target.settings.fail_on;
    let (text, encoding) = match text {
        Text::Stdin(text, encoding) => (text, encoding),
        Text::Unreadable(message) => {
            return Err(Box::new(unreadable(target.path.clone(), message, fail_on)));
        }
        // Read again: holding every file between learning and checking costs memory.
        Text::Disk => match read_target(target) {
            Ok(read) => read,
            Err(message) => {
                return Err(Box::new(unreadable(target.path.clone(), message, fail_on)));
            }
        },
    };
    let file = match kind_of(&target.path) {
        SourceKind::Notebook => match crate::source::notebook::Notebook::parse(text) {
            Ok((notebook, cells)) => SourceFile::notebook(target.path.clone(), notebook, cells),
            Err(message) => {
                return Err(Box::new(unreadable(target.path.clone(), message, fail_on)));
            }
        },
        kind => SourceFile::new(target.path.clone(), kind, text),
    };
    Ok((file, encoding))
}

/// The front end for a path; files named on the command line are SQL unless they say.
fn kind_of(path: &Path) -> SourceKind {
    SourceKind::from_path(path).unwrap_or(SourceKind::Sql)
}

/// A checked file's report; its text is kept only when there are findings to show.
fn file_report(
    target: &Target,
    file: SourceFile,
    encoding: Encoding,
    diagnostics: Vec<Diagnostic>,
    from_disk: bool,
) -> FileReport {
    let fail_on = target.settings.fail_on;
    let kind = file.kind;
    let path = file.path.clone();
    let notebook = file.notebook.clone();
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
        encoding,
        lines,
        notebook,
        diagnostics,
        fail_on,
        unanalysed: 0,
    }
}

/// What the language server checks documents with: the ORM models, the schema and the
/// Python modules learnt from the files under `roots`, as `check` learns them.
pub fn project_under(
    roots: &[PathBuf],
    overrides: &Overrides,
    cwd: &Path,
) -> Result<Project, SettingsError> {
    let (_, mut read) = walk_learnt(roots, overrides, cwd)?;
    Ok(learn_project(&mut read, &mut learn::Roots::default()).0)
}

/// Every file under `roots`, learnt from (see `learn_under`), and the settings read.
fn walk_learnt(
    roots: &[PathBuf],
    overrides: &Overrides,
    cwd: &Path,
) -> Result<(SettingsCache, Vec<ReadFile>), SettingsError> {
    let mut cache = SettingsCache::new(overrides.clone(), cwd)?;
    let read = learn_under(
        roots,
        roots.first().map(PathBuf::as_path),
        &mut [],
        &mut cache,
        overrides,
        cwd,
    )?;
    Ok((cache, read))
}

/// What the files `read` teach, and the files under `roots` but those, learnt from: from
/// the index cache (kept at `cache_root`) when a file has not changed, else read and
/// learnt (and cached).
fn learn_under(
    roots: &[PathBuf],
    cache_root: Option<&Path>,
    read: &mut [ReadFile],
    cache: &mut SettingsCache,
    overrides: &Overrides,
    cwd: &Path,
) -> Result<Vec<ReadFile>, SettingsError> {
    let cache_dir = match (&overrides.cache_dir, overrides.no_cache, cache_root) {
        (_, true, _) | (None, false, None) => None,
        (Some(dir), false, _) => Some(discover::absolute(cwd, dir)),
        (None, false, Some(root)) => Some(root.join(index_cache::CACHE_DIR)),
    };
    let mut index = index_cache::IndexCache::open(cache_dir);
    // The files read to be checked are learnt (and cached) too: the next run may check
    // others.
    let fresh: Vec<(PathBuf, index_cache::Stamp, learn::Learnt)> = read
        .par_iter_mut()
        .filter(|f| f.learnt.is_none())
        .filter_map(|file| {
            let stamp =
                index_cache::Stamp::of(&file.target.absolute, file.target.settings.dialect.name());
            if let Some(known) = stamp
                .as_ref()
                .and_then(|s| index.get(&file.target.absolute, s))
            {
                file.learnt = Some(known.clone());
                return None;
            }
            // A file that cannot be read teaches nothing, and is not cached: the next run
            // may read it (a larger `max-file-size`).
            let Ok((text, _)) = read_target(&file.target) else {
                file.learnt = Some(learn::Learnt::default());
                return None;
            };
            let learnt = learn::learn(&text, &file.target, true);
            let cached = learn::Learnt {
                source: None,
                ..learnt.clone()
            };
            file.learnt = Some(learnt);
            Some((file.target.absolute.clone(), stamp?, cached))
        })
        .collect();
    for (path, stamp, learnt) in fresh {
        index.put(path, stamp, learnt);
    }
    let seen: FxHashSet<&Path> = read.iter().map(|f| f.target.absolute.as_path()).collect();
    // What cannot be walked here is not the user's input: the run goes on without it.
    let (targets, _) = walk(roots, cache, cwd, |target| {
        !seen.contains(target.absolute.as_path())
    })?;
    let learnt: Vec<(Target, Option<index_cache::Stamp>, learn::Learnt, bool)> = targets
        .into_par_iter()
        .filter_map(|target| {
            let stamp = index_cache::Stamp::of(&target.absolute, target.settings.dialect.name());
            if let Some(known) = stamp.as_ref().and_then(|s| index.get(&target.absolute, s)) {
                return Some((target, stamp, known.clone(), false));
            }
            let (text, _) = read_target(&target).ok()?;
            let learnt = learn::learn(&text, &target, false);
            Some((target, stamp, learnt, true))
        })
        .collect();
    let mut files = Vec::with_capacity(learnt.len());
    for (target, stamp, learnt, fresh) in learnt {
        if fresh && let Some(stamp) = stamp {
            index.put(target.absolute.clone(), stamp, learnt.clone());
        }
        files.push(ReadFile {
            target,
            text: Text::Disk,
            learn_only: true,
            learnt: Some(learnt),
        });
    }
    let walked: FxHashSet<&Path> = files
        .iter()
        .map(|f| f.target.absolute.as_path())
        .chain(seen.iter().copied())
        .collect();
    index.retain(|path| walked.contains(path));
    index.save();
    Ok(files)
}

/// The files under `roots` that `keep` keeps, and the paths that could not be walked.
fn walk(
    roots: &[PathBuf],
    cache: &mut SettingsCache,
    cwd: &Path,
    keep: impl Fn(&Target) -> bool + Sync,
) -> Result<(Vec<Target>, Vec<discover::WalkProblem>), SettingsError> {
    let targets = std::sync::Mutex::new(Vec::new());
    let problems = discover_each(roots, cache, cwd, &|target| {
        if keep(&target) {
            targets
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(target);
        }
    })?;
    let targets = targets
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok((targets, problems))
}

/// Every file under `roots`, read and learnt from, and the paths that could not be walked.
fn read_all(
    roots: &[PathBuf],
    cache: &mut SettingsCache,
    cwd: &Path,
) -> Result<(Vec<ReadFile>, Vec<discover::WalkProblem>), SettingsError> {
    let (targets, problems) = walk(roots, cache, cwd, |_| true)?;
    let read = targets
        .into_par_iter()
        .map(|target| {
            let text = read_target(&target);
            ReadFile::new(target, text, false)
        })
        .collect();
    Ok((read, problems))
}

/// A file read by the walk, with what it teaches about the repository.
struct ReadFile {
    target: Target,
    text: Text,
    /// Named by `schema` in config, or only in the checked files' projects: learnt from,
    /// not checked.
    learn_only: bool,
    /// `None` until learnt: a file on disk is learnt from the index cache when it is there.
    learnt: Option<learn::Learnt>,
}

impl ReadFile {
    /// A file found by the walk, not read yet.
    fn on_disk(target: Target) -> Self {
        Self {
            target,
            text: Text::Disk,
            learn_only: false,
            learnt: None,
        }
    }

    fn new(target: Target, read: Result<(String, Encoding), String>, stdin: bool) -> Self {
        let learnt = match &read {
            Ok((text, _)) if stdin => Some(learn::learn(text, &target, true)),
            Ok(_) => None,
            Err(_) => Some(learn::Learnt::default()),
        };
        Self {
            target,
            text: match read {
                Ok((text, encoding)) if stdin => Text::Stdin(text, encoding),
                Ok(_) => Text::Disk,
                Err(message) => Text::Unreadable(message),
            },
            learn_only: false,
            learnt,
        }
    }
}

/// The models, the schema and the Python modules of the files read: DDL replayed in path
/// order (a migrations folder in file-name order), then the models' tables and indexes,
/// then what the dbt projects' property files declare; and the dbt files not understood.
fn learn_project(
    read: &mut [ReadFile],
    roots: &mut learn::Roots,
) -> (Project, Vec<(PathBuf, String)>) {
    read.sort_by(|a, b| a.target.path.cmp(&b.target.path));
    let mut project = Project::default();
    // Files share their config's settings: each config's catalogue is merged once.
    let mut merged = FxHashSet::default();
    for file in read.iter_mut() {
        if merged.insert(std::sync::Arc::as_ptr(&file.target.settings)) {
            project
                .python
                .catalogue
                .merge(&file.target.settings.catalogue);
        }
        let learnt = file.learnt.take().unwrap_or_default();
        for change in learnt.changes {
            project.schema.apply(change);
        }
        project.models.merge(learnt.models);
        if let (Some(module), Some(root)) = (learnt.module, roots.of(&file.target.absolute)) {
            project
                .python
                .add(&root, &file.target.absolute, module, learnt.source);
        }
    }
    for (_, model) in project.models.models().filter(|(_, m)| !m.unmanaged) {
        let Some(table) = &model.table else {
            continue;
        };
        project.schema.table_mut(table);
        for columns in &model.indexes {
            let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
            project.schema.add_index(table, &columns);
        }
    }
    let dbt = dbt::learn(read.iter().map(|f| f.target.absolute.as_path()));
    for change in dbt.changes {
        project.schema.apply(change);
    }
    project.macros = dbt.macros;
    (project, dbt.problems)
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
        encoding: Encoding::Utf8,
        lines: LineIndex::new(""),
        notebook: None,
        diagnostics: vec![unreadable_diagnostic(&message)],
        fail_on,
        unanalysed: 0,
    }
}

/// What `apply_fixes` did.
#[derive(Debug, Default)]
pub struct Fixed {
    pub fixes: usize,
    pub files: usize,
    /// Files whose fixes were not written, and why.
    pub skipped: Vec<(PathBuf, String)>,
}

/// A file's text with the fixes `--fix` would apply, and how many findings they fix.
#[derive(Debug)]
pub struct FixedFile<'a> {
    pub file: &'a FileReport,
    pub text: String,
    pub fixes: usize,
}

/// What fixing the report's findings (safe ones, and unsafe ones when asked) would make
/// of each file on disk, without writing anything: what `--diff` shows and `--fix` writes.
pub fn fixed_files(report: &Report, unsafe_fixes: bool) -> Vec<FixedFile<'_>> {
    report
        .files
        .iter()
        .filter(|file| file.absolute.is_some())
        .filter_map(|file| {
            let (text, fixes) = match &file.notebook {
                Some(notebook) => fix::per_cell(file, notebook, |text, diagnostics| {
                    fix::fixed_text(text, SourceKind::Python, diagnostics, unsafe_fixes)
                })?,
                None => fix::fixed_text(&file.text, file.kind, &file.diagnostics, unsafe_fixes)?,
            };
            Some(FixedFile { file, text, fixes })
        })
        .collect()
}

/// Applies the fixes of a report to the files on disk (safe ones, and unsafe ones when
/// asked), each in the encoding it was read in.
pub fn apply_fixes(report: &Report, unsafe_fixes: bool) -> std::io::Result<Fixed> {
    let fixed = fixed_files(report, unsafe_fixes).into_iter();
    write_back(fixed.map(|f| (f.file, f.text, f.fixes)))
}

/// `--add-noqa`: a `sqlhound: ignore[…]` comment for every finding a comment may silence
/// (not the tool's own reports), on the line that covers it, written to the files on
/// disk; how many were added, in how many files, as `Fixed` counts fixes.
pub fn add_suppressions(report: &Report) -> std::io::Result<Fixed> {
    let files = report.files.iter().filter(|f| f.absolute.is_some());
    write_back(files.filter_map(|file| {
        let (text, count) = match &file.notebook {
            // A `%%sql` cell takes SQL comments; other cells Python's.
            Some(notebook) => fix::per_cell(file, notebook, |text, diagnostics| {
                let sql = crate::engine::notebook::cell_magic(text) == Some("sql");
                let kind = if sql {
                    SourceKind::Sql
                } else {
                    SourceKind::Notebook
                };
                Some(suppressed_text(text, kind, diagnostics))
            })?,
            None => suppressed_text(&file.text, file.kind, &file.diagnostics),
        };
        (count > 0).then_some((file, text, count))
    }))
}

/// A text with a suppression for each of its findings, and how many were added. Every
/// edit is worked out on the text as read; findings whose suppressions go to the same place
/// share one comment.
fn suppressed_text(text: &str, kind: SourceKind, diagnostics: &[Diagnostic]) -> (String, usize) {
    let place = crate::engine::suppress_edit::LineSuppressions::new(text, kind);
    let mut groups: std::collections::BTreeMap<usize, (&Diagnostic, Vec<&str>)> =
        std::collections::BTreeMap::new();
    for finding in diagnostics
        .iter()
        .filter(|d| d.rule.category != crate::diagnostic::Category::Tool)
    {
        let at = place.edit(finding, &[finding.rule.name]).span.start;
        let (_, names) = groups.entry(at).or_insert((finding, Vec::new()));
        if !names.contains(&finding.rule.name) {
            names.push(finding.rule.name);
        }
    }
    let mut text = text.to_string();
    let mut count = 0;
    // From the end, so each edit's place is still where it was read.
    for (finding, names) in groups.values().rev() {
        let edit = place.edit(finding, names);
        text.replace_range(edit.span, &edit.replacement);
        count += names.len();
    }
    (text, count)
}

/// Writes each changed text back to its file in the encoding it was read in; counts the
/// changes (`usize` each) and files written, and says why a file was left alone.
fn write_back<'a>(
    changed: impl Iterator<Item = (&'a FileReport, String, usize)>,
) -> std::io::Result<Fixed> {
    let mut fixed = Fixed::default();
    for (file, text, changes) in changed {
        let Some(path) = &file.absolute else {
            continue;
        };
        match encode_fixed(path, file, &text)? {
            Ok(bytes) => {
                std::fs::write(path, bytes)?;
                fixed.fixes += changes;
                fixed.files += 1;
            }
            Err(why) => fixed.skipped.push((file.path.clone(), why)),
        }
    }
    Ok(fixed)
}

/// The fixed text in the file's encoding, or why it is not written: a file that would not
/// read back byte for byte as the text that was checked is left alone.
fn encode_fixed(
    path: &Path,
    file: &FileReport,
    fixed: &str,
) -> std::io::Result<Result<Vec<u8>, String>> {
    let encoding = file.encoding;
    if encoding == Encoding::Utf8 {
        return Ok(Ok(fixed.as_bytes().to_vec()));
    }
    let name = encoding.name();
    let read = file.notebook.as_ref().map_or(&file.text, |n| &n.json);
    if encoding.encode(read).as_deref() != Some(&std::fs::read(path)?[..]) {
        return Ok(Err(format!(
            "it changed since it was checked, or its {name} does not read back byte for byte"
        )));
    }
    Ok(encoding
        .encode(fixed)
        .ok_or_else(|| format!("the fixed text has characters {name} cannot hold")))
}

/// Reads a target's file as text: UTF-8, UTF-16 with a BOM, or a Python file in the
/// encoding it declares. Refuses, with a reason, what is not a regular file (a FIFO would
/// block the run), huge files and binary or undecodable ones.
fn read_target(target: &Target) -> Result<(String, Encoding), String> {
    let path = &target.absolute;
    let max_size = target.settings.max_file_size;
    let kind = std::fs::metadata(path)
        .map_err(|e| e.to_string())?
        .file_type();
    if !kind.is_file() {
        return Err(not_a_file(kind));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    if size > max_size {
        return Err(too_large(size, max_size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max_size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    crate::source::decode::decode(bytes, kind_of(&target.path))
}

/// Why a path that is not a regular file is not read.
#[cfg_attr(not(unix), allow(unused_variables))]
fn not_a_file(kind: std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if kind.is_fifo() {
            Some("a named pipe (FIFO)")
        } else if kind.is_socket() {
            Some("a socket")
        } else if kind.is_char_device() || kind.is_block_device() {
            Some("a device")
        } else {
            None
        };
        if let Some(what) = what {
            return format!("it is {what}, not a regular file");
        }
    }
    "it is not a regular file".into()
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn latin1_report(path: &Path, text: &str) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            absolute: Some(path.to_path_buf()),
            kind: SourceKind::Python,
            text: text.into(),
            encoding: Encoding::Latin1,
            lines: LineIndex::new(text),
            notebook: None,
            diagnostics: Vec::new(),
            fail_on: FailOn::default(),
            unanalysed: 0,
        }
    }

    #[test]
    fn fixes_are_not_written_where_the_encoding_cannot_take_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l1.py");
        std::fs::write(&path, b"q = 'caf\xe9'\n").unwrap();
        let file = latin1_report(&path, "q = 'café'\n");
        assert_eq!(
            encode_fixed(&path, &file, "q = 'caf\u{e9}!'\n").unwrap(),
            Ok(b"q = 'caf\xe9!'\n".to_vec())
        );
        let euro = encode_fixed(&path, &file, "q = '€'\n").unwrap();
        assert_eq!(
            euro,
            Err("the fixed text has characters ISO-8859-1 cannot hold".into())
        );
        // Edited since it was checked: the fix would undo the edit.
        std::fs::write(&path, b"q = 'the'\n").unwrap();
        let changed = encode_fixed(&path, &file, "q = 'caf\u{e9}!'\n").unwrap();
        assert!(changed.is_err_and(|why| why.starts_with("it changed since it was checked")));
    }
}
