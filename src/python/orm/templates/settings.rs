//! Where a Django project keeps its templates, from its settings module: each engine of
//! `TEMPLATES`, in order, with its `DIRS` (paths built from
//! `BASE_DIR = Path(__file__).resolve().parent.parent` or
//! `os.path.dirname(os.path.abspath(__file__))`, joined with `/` or `os.path.join`) and
//! `APP_DIRS`, whose folder in each app is `templates/`, or `jinja2/` for Django's Jinja2
//! backend.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use ruff_python_ast::{Expr, ExprDict, Operator, Stmt};

use crate::python::orm::models::last_name;

/// What `TEMPLATES` says about one template engine.
#[derive(Debug, PartialEq, Eq)]
pub struct TemplateSettings {
    pub dirs: Vec<PathBuf>,
    pub app_dirs: bool,
    /// The folder of each app the engine reads with `APP_DIRS`.
    pub app_folder: &'static str,
}

/// Django's own Jinja2 backend, which reads each app's `jinja2/` folder (other Jinja2
/// backends, such as django-jinja's, read `templates/`).
const DJANGO_JINJA2: &str = "django.template.backends.jinja2.Jinja2";

/// Whether a file may be a settings module with `TEMPLATES`: the cheap test before parsing.
pub fn may_configure_templates(path: &Path, text: &str) -> bool {
    let named = path.file_stem().is_some_and(|s| s == "settings")
        || path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d == "settings");
    named && text.contains("TEMPLATES")
}

/// The template engines of the settings module at `path`, in the order Django tries them;
/// `None` without `TEMPLATES`.
pub fn template_settings(text: &str, path: &Path) -> Option<Vec<TemplateSettings>> {
    let parsed = crate::python::parse::parse(text);
    let mut paths: FxHashMap<String, PathBuf> = FxHashMap::default();
    let mut found = None;
    let file = path;
    for stmt in &parsed.module.body {
        let Stmt::Assign(assign) = stmt else {
            continue;
        };
        let Some(Expr::Name(target)) = assign.targets.first() else {
            continue;
        };
        if target.id.as_str() == "TEMPLATES" {
            found = engines(&assign.value, &paths, file);
        } else if let Some(value) = path_of(&assign.value, &paths, file) {
            paths.insert(target.id.to_string(), value);
        }
    }
    found
}

/// The engines of `TEMPLATES = [{…}, …]`.
fn engines(
    value: &Expr,
    paths: &FxHashMap<String, PathBuf>,
    file: &Path,
) -> Option<Vec<TemplateSettings>> {
    let Expr::List(list) = value else {
        return None;
    };
    let engines = list
        .elts
        .iter()
        .filter_map(|e| match e {
            Expr::Dict(d) => Some(engine(d, paths, file)),
            _ => None,
        })
        .collect();
    Some(engines)
}

/// One engine's entry of `TEMPLATES`.
fn engine(dict: &ExprDict, paths: &FxHashMap<String, PathBuf>, file: &Path) -> TemplateSettings {
    let key = |name: &str| {
        dict.items.iter().find_map(|item| match &item.key {
            Some(Expr::StringLiteral(k)) if k.value.to_str() == name => Some(&item.value),
            _ => None,
        })
    };
    let dirs = match key("DIRS") {
        Some(Expr::List(l)) => l
            .elts
            .iter()
            .filter_map(|e| path_of(e, paths, file))
            .collect(),
        Some(Expr::Tuple(t)) => t
            .elts
            .iter()
            .filter_map(|e| path_of(e, paths, file))
            .collect(),
        _ => Vec::new(),
    };
    let app_dirs = matches!(key("APP_DIRS"), Some(Expr::BooleanLiteral(b)) if b.value);
    let jinja2 =
        matches!(key("BACKEND"), Some(Expr::StringLiteral(b)) if b.value.to_str() == DJANGO_JINJA2);
    TemplateSettings {
        dirs,
        app_dirs,
        app_folder: if jinja2 { "jinja2" } else { "templates" },
    }
}

/// The path an expression builds, if it is one of the usual forms.
fn path_of(expr: &Expr, paths: &FxHashMap<String, PathBuf>, file: &Path) -> Option<PathBuf> {
    match expr {
        Expr::Name(name) if name.id.as_str() == "__file__" => Some(file.to_path_buf()),
        Expr::Name(name) => paths.get(name.id.as_str()).cloned(),
        Expr::StringLiteral(s) => {
            let text = s.value.to_str();
            Path::new(text).is_absolute().then(|| PathBuf::from(text))
        }
        Expr::BinOp(op) if op.op == Operator::Div => {
            let base = path_of(&op.left, paths, file)?;
            match &*op.right {
                Expr::StringLiteral(s) => Some(base.join(s.value.to_str())),
                _ => None,
            }
        }
        // `BASE_DIR.parent`, `Path(__file__).resolve().parents[1]`.
        Expr::Attribute(attr) if attr.attr.id.as_str() == "parent" => {
            path_of(&attr.value, paths, file)?
                .parent()
                .map(Path::to_path_buf)
        }
        Expr::Subscript(sub) => match (&*sub.value, &*sub.slice) {
            (Expr::Attribute(attr), Expr::NumberLiteral(n))
                if attr.attr.id.as_str() == "parents" =>
            {
                let up = n.value.as_int()?.as_usize()?;
                path_of(&attr.value, paths, file)?
                    .ancestors()
                    .nth(up + 1)
                    .map(Path::to_path_buf)
            }
            _ => None,
        },
        Expr::Call(call) => {
            let args = &call.arguments.args;
            match last_name(&call.func)? {
                "Path" | "abspath" | "realpath" | "resolve" | "str" | "absolute" => {
                    match &*call.func {
                        // `Path(__file__).resolve()`: the receiver is the path.
                        Expr::Attribute(method)
                            if args.is_empty() && last_name(&method.value) != Some("path") =>
                        {
                            path_of(&method.value, paths, file)
                        }
                        _ => path_of(args.first()?, paths, file),
                    }
                }
                "dirname" => path_of(args.first()?, paths, file)?
                    .parent()
                    .map(Path::to_path_buf),
                "join" => {
                    let (base, rest) = args.split_first()?;
                    let mut path = path_of(base, paths, file)?;
                    for part in rest {
                        match part {
                            Expr::StringLiteral(s) => path.push(s.value.to_str()),
                            _ => return None,
                        }
                    }
                    Some(path)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn engine(dirs: &[&str], app_dirs: bool, app_folder: &'static str) -> TemplateSettings {
        TemplateSettings {
            dirs: dirs.iter().map(PathBuf::from).collect(),
            app_dirs,
            app_folder,
        }
    }

    #[test]
    fn dirs_are_built_from_base_dir_as_settings_modules_write_it() {
        let file = Path::new("/p/site/settings.py");
        let pathlib = "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nTEMPLATES = [{'BACKEND': 'django.template.backends.django.DjangoTemplates', 'DIRS': [BASE_DIR / 'templates'], 'APP_DIRS': True}]\n";
        assert_eq!(
            template_settings(pathlib, file),
            Some(vec![engine(&["/p/templates"], true, "templates")])
        );
        let os_path = "import os\nBASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nTEMPLATES = [{'DIRS': [os.path.join(BASE_DIR, 'templates', 'site')], 'APP_DIRS': False}]\n";
        assert_eq!(
            template_settings(os_path, file),
            Some(vec![engine(&["/p/templates/site"], false, "templates")])
        );
        // A path built some other way is left out, not guessed.
        let unknown = "TEMPLATES = [{'DIRS': [env('TEMPLATE_DIR')], 'APP_DIRS': True}]\n";
        assert_eq!(
            template_settings(unknown, file),
            Some(vec![engine(&[], true, "templates")])
        );
        assert_eq!(template_settings("DEBUG = True\n", file), None);
    }

    #[test]
    fn every_engine_is_kept_in_order_with_the_app_folder_its_backend_reads() {
        let file = Path::new("/p/site/settings.py");
        let both = "TEMPLATES = [\n    {'BACKEND': 'django.template.backends.jinja2.Jinja2', 'DIRS': ['/p/jinja2'], 'APP_DIRS': True},\n    {'BACKEND': 'django.template.backends.django.DjangoTemplates', 'APP_DIRS': True},\n    {'BACKEND': 'django_jinja.backend.Jinja2', 'APP_DIRS': True},\n]\n";
        assert_eq!(
            template_settings(both, file),
            Some(vec![
                engine(&["/p/jinja2"], true, "jinja2"),
                engine(&[], true, "templates"),
                // django-jinja reads the apps' `templates/` folders.
                engine(&[], true, "templates"),
            ])
        );
    }
}
