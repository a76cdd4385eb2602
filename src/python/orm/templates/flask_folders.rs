//! Where a Flask app and its blueprints keep their templates: `Flask(__name__,
//! template_folder="…")` and `Blueprint("admin", __name__, template_folder="…")`, each
//! relative to the folder of the module that makes it. Flask looks in the app's folder,
//! then in every blueprint's.

use std::path::{Path, PathBuf};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprCall};

use crate::python::orm::models::{keyword, last_name, string_value};

/// A template folder a module names.
#[derive(Debug, PartialEq, Eq)]
pub struct Folder {
    pub path: PathBuf,
    /// The app's own (searched first), not a blueprint's.
    pub app: bool,
}

/// Whether a module may name a template folder: the cheap test before parsing.
pub fn may_name_folders(text: &str) -> bool {
    text.contains("template_folder")
}

/// The template folders the `Flask(…)` and `Blueprint(…)` calls of the module at `path`
/// name.
pub fn template_folders(text: &str, path: &Path) -> Vec<Folder> {
    let parsed = crate::python::parse::parse(text);
    let mut calls = Calls {
        dir: path.parent().unwrap_or(Path::new("")),
        found: Vec::new(),
    };
    calls.visit_body(&parsed.module.body);
    calls.found
}

struct Calls<'a> {
    dir: &'a Path,
    found: Vec<Folder>,
}

impl<'a> Visitor<'a> for Calls<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            self.call(call);
        }
        visitor::walk_expr(self, expr);
    }
}

impl Calls<'_> {
    fn call(&mut self, call: &ExprCall) {
        let app = match last_name(&call.func) {
            Some("Flask") => true,
            Some("Blueprint") => false,
            _ => return,
        };
        let Some(folder) = keyword(call, "template_folder").and_then(string_value) else {
            return;
        };
        self.found.push(Folder {
            path: self.dir.join(folder),
            app,
        });
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly on purpose
    use super::*;

    #[test]
    fn apps_and_blueprints_name_folders_beside_their_modules() {
        let text = "from flask import Blueprint, Flask\n\
                    import flask\n\
                    admin = Blueprint('admin', __name__, template_folder='admin_templates')\n\
                    plain = Blueprint('plain', __name__)\n\
                    def create_app():\n    return flask.Flask(__name__, template_folder='pages')\n\
                    other = Blueprint('x', __name__, template_folder=FOLDER)\n";
        let found = template_folders(text, Path::new("/p/shop/__init__.py"));
        assert_eq!(
            found,
            [
                Folder {
                    path: PathBuf::from("/p/shop/admin_templates"),
                    app: false
                },
                Folder {
                    path: PathBuf::from("/p/shop/pages"),
                    app: true
                },
            ]
        );
    }
}
