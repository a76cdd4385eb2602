//! The server's configuration: the client's options, the config files (reloaded when one
//! changes) and the project learnt from the workspace.

use std::path::Path;
use std::sync::Arc;

use lsp_server::{Request, RequestId};
use lsp_types as lsp;
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use serde_json::{Value, json};

use super::options::ClientOptions;
use super::server::Server;
use crate::settings::{Settings, SettingsCache};

impl Server {
    /// Takes new client options; a bad one is shown and the previous options stay.
    pub(super) fn configure(&mut self, value: &Value) {
        match ClientOptions::from_value(value).and_then(|o| Ok((o.overrides()?, o))) {
            Ok((overrides, options)) => {
                self.options = options;
                self.overrides = overrides;
                self.reload_settings();
            }
            Err(message) => self.show_problem(message),
        }
    }

    /// Learns the workspace's ORM models and schema from disk (an N+1 or a missing index
    /// depends on other files). It fails only on a broken config file, which the document
    /// checks report already; the previous project stays then.
    pub(super) fn learn_project(&mut self) {
        let learnt = self
            .pool
            .install(|| crate::run::project_under(&self.folders, &self.overrides, &self.root));
        if let Ok(project) = learnt {
            self.project = Arc::new(project);
        }
    }

    /// Forgets every config file read, so edits to them take effect.
    pub(super) fn reload_settings(&mut self) {
        match SettingsCache::new(self.overrides.clone(), &self.root) {
            Ok(cache) => {
                self.settings = cache;
                self.shown_problem = None;
            }
            Err(error) => self.show_problem(error.to_string()),
        }
    }

    /// Settings for a document; a broken config file is shown once and the defaults used.
    pub(super) fn settings_for(&mut self, path: &Path) -> Arc<Settings> {
        let dir = path.parent().unwrap_or(&self.root);
        match self.settings.for_dir(dir) {
            Ok(settings) => {
                for error in self.settings.take_unreadable() {
                    self.show_problem(format!(
                        "{error}; checking with the next config file up, or the defaults"
                    ));
                }
                settings
            }
            Err(error) => {
                self.show_problem(format!("{error}; checking with the default settings"));
                self.defaults.clone()
            }
        }
    }

    pub(super) fn watch_config_files(&self) {
        let registration = lsp::Registration {
            id: "sqlhound-config-files".into(),
            method: notify::DidChangeWatchedFiles::METHOD.into(),
            register_options: Some(json!({
                "watchers": [{"globPattern": "**/{sqlhound.toml,.sqlhound.toml,pyproject.toml}"}]
            })),
        };
        let request = Request::new(
            RequestId::from("sqlhound/watch-config".to_string()),
            req::RegisterCapability::METHOD.into(),
            lsp::RegistrationParams {
                registrations: vec![registration],
            },
        );
        self.send(request.into());
    }
}
