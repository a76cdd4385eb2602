//! N+1 in templates: after the files are checked, the views among them that render a
//! template with rows in its context are read again, their templates found (Django's
//! `TEMPLATES` `DIRS` and app folders, else every `templates/` folder beside the project's
//! Python code; Flask's `templates/` beside the app) and walked, and what they read per
//! item of a loop becomes findings in the template files, suppressions and settings
//! applied as in any file. Nothing here runs unless a checked file may render one.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::learn::Roots;
use super::{FileReport, ReadFile, Text, discover};
use crate::engine::{Analysis, Project};
use crate::python::orm::templates::flask_folders::{self, Folder};
use crate::python::orm::templates::{
    self, Flavour, Loaded, Loader, settings as django_settings, tree,
};
use crate::settings::{Overrides, SettingsCache, SettingsError};
use crate::source::decode::Encoding;
use crate::source::{CommentLayout, LineIndex, SourceFile, SourceKind};

/// Templates larger than this are not read: no page template is.
const MAX_TEMPLATE: u64 = 4 << 20;

/// Extensions of the template files the language server watches.
const TEMPLATE_EXTENSIONS: [&str; 6] = ["html", "htm", "jinja", "jinja2", "j2", "txt"];

/// The templates the views under `roots` render, with their findings, as `check` of the
/// whole of `roots` reports them: the language server's templates pass. A template in
/// `buffers` (the editor's, by path) is read from there, not from disk.
pub fn templates_under(
    roots: &[PathBuf],
    overrides: &Overrides,
    cwd: &Path,
    project: &Project,
    buffers: &Buffers,
) -> Result<Vec<FileReport>, SettingsError> {
    let (mut cache, mut read) = super::walk_learnt(roots, overrides, cwd)?;
    // Walked to be learnt from, and every view among them is one the workspace checks.
    for file in &mut read {
        file.learn_only = false;
    }
    let (renderers, python) = template_inputs(&read);
    if renderers.is_empty() {
        return Ok(Vec::new());
    }
    let mut roots = Roots::default();
    let sources = Sources {
        roots: &mut roots,
        cache: &mut cache,
        cwd,
        buffers,
    };
    Ok(check_templates(&renderers, &python, project, sources))
}

/// Whether opening or saving the file at `path` may change what a template shows: a
/// template (by its extension, in a `templates` or `jinja2` folder) or a module that may render one.
pub fn may_change_templates(path: &Path, text: &str) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("py") => templates::may_render(text),
        Some(_) => {
            is_template_file(path)
                && path
                    .ancestors()
                    .any(|dir| dir.ends_with("templates") || dir.ends_with("jinja2"))
        }
        None => false,
    }
}

/// Whether the file at `path` may be a template, by its extension.
pub fn is_template_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEMPLATE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The views among the checked files of `read` that may render a template (read from
/// disk, with `n-plus-one` on), and every Python file (where the project's templates and
/// settings are); no Python files when there is no view.
pub(super) fn template_inputs(read: &[ReadFile]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let renderers: Vec<PathBuf> = read
        .iter()
        .filter(|f| !f.learn_only && matches!(f.text, Text::Disk))
        .filter(|f| f.learnt.as_ref().is_some_and(|l| l.renders))
        .filter(|f| f.target.settings.is_enabled(&crate::rules::N_PLUS_ONE))
        .map(|f| f.target.absolute.clone())
        .collect();
    if renderers.is_empty() {
        return (renderers, Vec::new());
    }
    let python = read
        .iter()
        .filter(|f| SourceKind::from_path(&f.target.path) == Some(SourceKind::Python))
        .map(|f| f.target.absolute.clone())
        .collect();
    (renderers, python)
}

/// Template texts by path, which are read from there rather than from disk.
pub type Buffers = FxHashMap<PathBuf, Arc<str>>;

/// Where the template pass finds projects, settings and texts.
pub(super) struct Sources<'a> {
    pub roots: &'a mut Roots,
    pub cache: &'a mut SettingsCache,
    pub cwd: &'a Path,
    pub buffers: &'a Buffers,
}

/// The reports of the templates the views of `renderers` render.
pub(super) fn check_templates(
    renderers: &[PathBuf],
    python: &[PathBuf],
    project: &Project,
    sources: Sources<'_>,
) -> Vec<FileReport> {
    let Sources {
        roots,
        cache,
        cwd,
        buffers,
    } = sources;
    let mut store = Store {
        files: Vec::new(),
        ids: FxHashMap::default(),
        buffers,
    };
    let mut found: FxHashMap<usize, Vec<crate::diagnostic::Diagnostic>> = FxHashMap::default();
    let mut django_dirs: FxHashMap<PathBuf, Arc<Vec<PathBuf>>> = FxHashMap::default();
    let mut flask_named: FxHashMap<PathBuf, Arc<Vec<Folder>>> = FxHashMap::default();
    for view in renderers {
        let Ok(text) = std::fs::read_to_string(view) else {
            continue;
        };
        // A view hands rows to a template from a query it makes, or a class-based view's.
        let may_query = project.models.may_be_queried(&text)
            || text.contains("ListView")
            || text.contains("DetailView");
        if !may_query {
            continue;
        }
        let parsed = crate::python::parse::parse(&text);
        let app = crate::python::orm::django_app(view);
        let renders = crate::python::orm::queries::template_renders(
            &parsed.module.body,
            &project.models,
            app.as_deref(),
        );
        if renders.is_empty() {
            continue;
        }
        let root = roots.of(view).unwrap_or_else(|| view.to_path_buf());
        let lines = LineIndex::new(&text);
        let shown = crate::source::path_string(&discover::display_path(cwd, view));
        for render in renders {
            let dirs = match render.flavour {
                Flavour::Django => django_dirs
                    .entry(root.clone())
                    .or_insert_with(|| Arc::new(django_template_dirs(&root, python)))
                    .clone(),
                Flavour::Jinja => {
                    let named = flask_named
                        .entry(root.clone())
                        .or_insert_with(|| Arc::new(flask_named_folders(&root, python)))
                        .clone();
                    Arc::new(flask_template_dirs(view, &root, &named))
                }
            };
            let mut loader = DirLoader {
                dirs: &dirs,
                store: &mut store,
            };
            for load in templates::analyse(&render, &project.models, &mut loader) {
                let line = lines.line_col(&text, load.rows.start).line;
                let diagnostic =
                    crate::rules::template_diagnostic(&load, &format!("{shown}:{line}"));
                found.entry(load.file).or_default().push(diagnostic);
            }
        }
    }
    let mut reports = Vec::new();
    for (id, (path, text)) in store.files.into_iter().enumerate() {
        let diagnostics = found.remove(&id).unwrap_or_default();
        let Ok(settings) = cache.for_dir(path.parent().unwrap_or(cwd)) else {
            continue;
        };
        let shown = discover::display_path(cwd, &path);
        let file = SourceFile::new(shown.clone(), SourceKind::Template, text.to_string());
        let parsed = tree::parse(&text).unwrap_or_default();
        // A suppression on any line of a tag covers what the tag reads, as one on any line
        // of a Python string covers its SQL.
        let layout = CommentLayout {
            comments: parsed.comments,
            multiline_strings: parsed.tags,
            multiline_calls: Vec::new(),
        };
        let analysis = Analysis {
            diagnostics,
            layout,
            queries: Vec::new(),
            unanalysed: 0,
            // Templates under `test-paths` are test fixtures.
            test_code: settings.is_test_path(&path),
        };
        let diagnostics = crate::engine::finish(&file, &path, &settings, analysis, false);
        let (text, lines) = file.into_parts();
        reports.push(FileReport {
            path: shown,
            absolute: Some(path),
            kind: SourceKind::Template,
            text,
            encoding: Encoding::Utf8,
            lines,
            notebook: None,
            diagnostics,
            fail_on: settings.fail_on,
            unanalysed: 0,
        });
    }
    reports
}

/// The templates read in this run, by loader id.
struct Store<'a> {
    files: Vec<(PathBuf, Arc<str>)>,
    ids: FxHashMap<PathBuf, Option<usize>>,
    buffers: &'a Buffers,
}

impl Store<'_> {
    fn read(&mut self, path: &Path) -> Option<Loaded> {
        if let Some(known) = self.ids.get(path) {
            let id = (*known)?;
            return Some(Loaded {
                id,
                text: self.files[id].1.clone(),
            });
        }
        let text = self.buffers.get(path).cloned().or_else(|| {
            std::fs::metadata(path)
                .ok()
                .filter(|m| m.is_file() && m.len() <= MAX_TEMPLATE)
                .and_then(|_| std::fs::read_to_string(path).ok())
                .map(Arc::from)
        });
        let Some(text) = text else {
            self.ids.insert(path.to_path_buf(), None);
            return None;
        };
        let id = self.files.len();
        self.files.push((path.to_path_buf(), text.clone()));
        self.ids.insert(path.to_path_buf(), Some(id));
        Some(Loaded { id, text })
    }
}

/// Finds a template in the first folder of `dirs` that has it, as the template engines do.
struct DirLoader<'a, 'b> {
    dirs: &'a [PathBuf],
    store: &'a mut Store<'b>,
}

impl Loader for DirLoader<'_, '_> {
    fn load(&mut self, name: &str) -> Option<Loaded> {
        let relative = Path::new(name);
        // The engines refuse names that leave their folders.
        let inside = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return None;
        }
        self.dirs
            .iter()
            .find_map(|dir| self.store.read(&dir.join(relative)))
    }
}

/// A Django project's template folders, in the order Django looks in them: each engine's
/// `DIRS`, then with `APP_DIRS` its folder (`templates/`, `jinja2/`) in each app; without a
/// settings module, every `templates/` folder beside the project's Python code.
fn django_template_dirs(root: &Path, python: &[PathBuf]) -> Vec<PathBuf> {
    let under: Vec<&PathBuf> = python.iter().filter(|p| p.starts_with(root)).collect();
    let settings = under.iter().find_map(|path| {
        let text = std::fs::read_to_string(path).ok()?;
        if !django_settings::may_configure_templates(path, &text) {
            return None;
        }
        django_settings::template_settings(&text, path)
    });
    let beside = |names: &[&str], folder: &str| -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = under
            .iter()
            .filter(|p| {
                names.is_empty()
                    || p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| names.contains(&n))
            })
            .filter_map(|p| Some(p.parent()?.join(folder)))
            .chain([root.join(folder)])
            .collect();
        dirs.sort();
        dirs.dedup();
        dirs.retain(|d| d.is_dir());
        dirs
    };
    match settings {
        Some(engines) => {
            let mut dirs: Vec<PathBuf> = Vec::new();
            for engine in engines {
                let apps = if engine.app_dirs {
                    beside(&["models.py", "apps.py", "views.py"], engine.app_folder)
                } else {
                    Vec::new()
                };
                for dir in engine.dirs.into_iter().chain(apps) {
                    if !dirs.contains(&dir) {
                        dirs.push(dir);
                    }
                }
            }
            dirs
        }
        None => beside(&[], "templates"),
    }
}

/// A Flask app's template folders: those its `Flask(template_folder=…)` names, `templates/`
/// beside the view and beside each folder above it up to the project's root, then its
/// blueprints' (`Blueprint(template_folder=…)`).
fn flask_template_dirs(view: &Path, root: &Path, named: &[Folder]) -> Vec<PathBuf> {
    let beside = view
        .ancestors()
        .skip(1)
        .take_while(|dir| dir.starts_with(root))
        .map(|dir| dir.join("templates"));
    let app = named.iter().filter(|f| f.app).map(|f| f.path.clone());
    let blueprints = named.iter().filter(|f| !f.app).map(|f| f.path.clone());
    let mut dirs: Vec<PathBuf> = Vec::new();
    for dir in app.chain(beside).chain(blueprints) {
        if dir.is_dir() && !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs
}

/// The template folders the Flask apps and blueprints of the project at `root` name.
fn flask_named_folders(root: &Path, python: &[PathBuf]) -> Vec<Folder> {
    python
        .iter()
        .filter(|p| p.starts_with(root))
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            flask_folders::may_name_folders(&text)
                .then(|| flask_folders::template_folders(&text, path))
        })
        .flatten()
        .collect()
}
