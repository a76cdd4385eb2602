//! The server loop. One thread owns the state and talks to the client; checks run on a pool
//! and come back as messages, tagged with the document version they checked. A result for
//! an older version than the document's is dropped, so stale findings are never shown.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::convert::{self};
use super::documents::Document;
use super::options::ClientOptions;
use crate::Report;
use crate::diagnostic::Diagnostic;
use crate::engine::Project;
use crate::settings::{Overrides, Settings, SettingsCache};
use crate::source::SourceKind;

/// Quiet time after a keystroke before a check starts: typing a word costs one check.
pub(super) const DEBOUNCE: Duration = Duration::from_millis(15);

/// `workspace/executeCommand`: check every file of the workspace folders.
pub const CHECK_WORKSPACE: &str = "sqlhound.checkWorkspace";

/// The code action kind of "fix everything sqlhound can fix in this file".
pub const FIX_ALL: &str = "source.fixAll.sqlhound";

/// Work finished off the main thread.
pub(super) enum Done {
    Checked {
        uri: String,
        version: i32,
        findings: Vec<Diagnostic>,
    },
    Workspace {
        id: RequestId,
        report: Result<Report, String>,
    },
    /// The templates' findings, from the views that render them.
    Templates {
        reports: Result<Vec<crate::FileReport>, String>,
    },
    /// A saved document's findings with the explain pass's.
    Explained {
        uri: String,
        version: i32,
        text: String,
        findings: Vec<Diagnostic>,
        summary: crate::explain::Summary,
    },
}

pub(super) type Reply = Result<Option<Value>, (ErrorCode, String)>;

pub struct Server {
    pub(super) connection: Connection,
    pub(super) pool: rayon::ThreadPool,
    pub(super) done: (Sender<Done>, Receiver<Done>),
    pub(super) documents: HashMap<String, Document>,
    /// Documents waiting for a check, and when it may start.
    pub(super) due: HashMap<String, Instant>,
    pub(super) root: PathBuf,
    pub(super) folders: Vec<PathBuf>,
    pub(super) options: ClientOptions,
    pub(super) overrides: Overrides,
    pub(super) settings: SettingsCache,
    /// Used when a config file is broken.
    pub(super) defaults: Arc<Settings>,
    /// The ORM models and schema of the workspace's files on disk, learnt again when a
    /// model or `.sql` file is saved.
    pub(super) project: Arc<Project>,
    /// The last configuration problem shown, so it is shown once, not per keystroke.
    pub(super) shown_problem: Option<String>,
    /// Whether the client takes edits tied to a document version.
    pub(super) versioned_edits: bool,
    /// Workspace checks still running (a cancelled one is forgotten here).
    pub(super) workspace_checks: HashSet<RequestId>,
    /// Files a workspace check published findings for.
    pub(super) workspace_published: HashSet<String>,
    pub(super) templates: super::templates::Templates,
}

impl Server {
    pub fn new(connection: Connection, params: &lsp::InitializeParams) -> anyhow::Result<Self> {
        let folders: Vec<PathBuf> = match &params.workspace_folders {
            Some(folders) if !folders.is_empty() => folders
                .iter()
                .filter_map(|f| convert::uri_to_path(&f.uri))
                .collect(),
            #[allow(deprecated)] // older clients send only rootUri
            _ => params
                .root_uri
                .as_ref()
                .and_then(convert::uri_to_path)
                .into_iter()
                .collect(),
        };
        let root = match folders.first() {
            Some(root) => root.clone(),
            None => std::env::current_dir()?,
        };
        let versioned_edits = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            .unwrap_or(false);
        let pool = rayon::ThreadPoolBuilder::new()
            .stack_size(crate::WORKER_STACK)
            .thread_name(|i| format!("sqlhound-check-{i}"))
            .build()?;
        let settings = SettingsCache::new(Overrides::default(), &root)?;
        let defaults = Arc::new(Settings::defaults(&root, &Overrides::default())?);
        let mut server = Self {
            connection,
            pool,
            done: unbounded(),
            documents: HashMap::new(),
            due: HashMap::new(),
            root,
            folders,
            options: ClientOptions::default(),
            overrides: Overrides::default(),
            settings,
            defaults,
            project: Arc::default(),
            shown_problem: None,
            versioned_edits,
            workspace_checks: HashSet::new(),
            workspace_published: HashSet::new(),
            templates: Default::default(),
        };
        if let Some(options) = &params.initialization_options {
            server.configure(options);
        }
        let watches_config = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if watches_config {
            server.watch_config_files();
        }
        server.learn_project();
        Ok(server)
    }

    pub fn capabilities() -> lsp::ServerCapabilities {
        lsp::ServerCapabilities {
            position_encoding: Some(lsp::PositionEncodingKind::UTF16),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                    save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            notebook_document_sync: Some(lsp::OneOf::Left(super::notebooks::sync_options())),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![
                        lsp::CodeActionKind::QUICKFIX,
                        lsp::CodeActionKind::from(FIX_ALL),
                    ]),
                    resolve_provider: Some(false),
                    work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
                },
            )),
            execute_command_provider: Some(lsp::ExecuteCommandOptions {
                commands: vec![CHECK_WORKSPACE.into()],
                work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
            }),
            ..Default::default()
        }
    }

    /// Serves until the client says `exit` (or goes away).
    pub fn run(mut self) -> anyhow::Result<()> {
        let messages = self.connection.receiver.clone();
        let done = self.done.1.clone();
        loop {
            let wait = self.next_due().map_or(Duration::from_secs(3600), |due| {
                due.saturating_duration_since(Instant::now())
            });
            select! {
                recv(messages) -> message => match message {
                    Ok(message) => if self.on_message(message)? { return Ok(()) },
                    Err(_) => return Ok(()),
                },
                recv(done) -> finished => if let Ok(finished) = finished {
                    self.on_done(finished);
                },
                default(wait) => {}
            }
            self.start_due_checks();
            self.start_templates();
        }
    }

    /// After `shutdown`, until `exit`: the client may still deliver answers to the server's
    /// own requests (a file-watch registration) and notifications, which are dropped, and
    /// requests, which are refused. A client that goes away or says nothing for 30 s ends it.
    fn await_exit(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while let Ok(message) = self.connection.receiver.recv_deadline(deadline) {
            match message {
                Message::Notification(n) if n.method == notify::Exit::METHOD => return,
                Message::Request(request) => self.send(
                    Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    )
                    .into(),
                ),
                _ => {}
            }
        }
    }

    /// Handles one message; `true` when the server should stop.
    fn on_message(&mut self, message: Message) -> anyhow::Result<bool> {
        match message {
            Message::Request(request) => {
                if request.method == req::Shutdown::METHOD {
                    self.send(Response::new_ok(request.id, ()).into());
                    self.await_exit();
                    return Ok(true);
                }
                let id = request.id.clone();
                let reply = catch_unwind(AssertUnwindSafe(|| self.on_request(request)))
                    .unwrap_or_else(|panic| {
                        Err((
                            ErrorCode::InternalError,
                            format!(
                                "sqlhound failed on this request: {}",
                                crate::engine::guard::panic_message(panic.as_ref())
                            ),
                        ))
                    });
                let response = match reply {
                    Ok(Some(value)) => Response::new_ok(id, value),
                    // Answered later (a workspace check).
                    Ok(None) => return Ok(false),
                    Err((code, message)) => Response::new_err(id, code as i32, message),
                };
                self.send(response.into());
            }
            Message::Notification(notification) => {
                if notification.method == notify::Exit::METHOD {
                    return Ok(true);
                }
                let method = notification.method.clone();
                if let Err(panic) =
                    catch_unwind(AssertUnwindSafe(|| self.on_notification(notification)))
                {
                    self.log_error(format!(
                        "sqlhound failed on `{method}`: {}",
                        crate::engine::guard::panic_message(panic.as_ref())
                    ));
                }
            }
            // Answers to our own requests (watcher registration) need no action.
            Message::Response(_) => {}
        }
        Ok(false)
    }

    fn on_request(&mut self, request: Request) -> Reply {
        match request.method.as_str() {
            req::HoverRequest::METHOD => {
                let params: lsp::HoverParams = parse(request.params)?;
                to_value(self.hover(&params))
            }
            req::CodeActionRequest::METHOD => {
                let params: lsp::CodeActionParams = parse(request.params)?;
                to_value(self.code_actions(&params))
            }
            req::ExecuteCommand::METHOD => {
                let params: lsp::ExecuteCommandParams = parse(request.params)?;
                if params.command != CHECK_WORKSPACE {
                    return Err((
                        ErrorCode::InvalidParams,
                        format!("unknown command `{}`", params.command),
                    ));
                }
                self.check_workspace(request.id);
                Ok(None)
            }
            method => Err((
                ErrorCode::MethodNotFound,
                format!("sqlhound does not handle `{method}`"),
            )),
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        let result = match method.as_str() {
            notify::DidOpenTextDocument::METHOD => parse(params).map(|p| self.did_open(p)),
            notify::DidChangeTextDocument::METHOD => parse(params).map(|p| self.did_change(p)),
            notify::DidSaveTextDocument::METHOD => {
                parse(params).map(|p: lsp::DidSaveTextDocumentParams| {
                    let uri = p.text_document.uri.as_str();
                    // Any Python module may change what its callers' summaries say.
                    let teaches = self.documents.get(uri).is_some_and(|d| match d.kind {
                        SourceKind::Python => true,
                        SourceKind::Sql => crate::sql::may_have_ddl(&d.text),
                        SourceKind::Notebook | SourceKind::Template => false,
                    });
                    if teaches {
                        self.learn_project();
                        self.recheck_all();
                    }
                    // With a database, the explain pass checks the saved text (static
                    // findings included); without, the saved text is checked at once.
                    if !self.explain(uri.to_string()) && !teaches {
                        self.schedule(uri, Duration::ZERO);
                    }
                    self.templates_touched(&p.text_document.uri, None);
                })
            }
            notify::DidCloseTextDocument::METHOD => parse(params).map(|p| self.did_close(p)),
            notify::DidOpenNotebookDocument::METHOD => {
                parse(params).map(|p| self.did_open_notebook(p))
            }
            notify::DidChangeNotebookDocument::METHOD => {
                parse(params).map(|p| self.did_change_notebook(p))
            }
            notify::DidSaveNotebookDocument::METHOD => {
                parse(params).map(|p: lsp::DidSaveNotebookDocumentParams| {
                    self.schedule(p.notebook_document.uri.as_str(), Duration::ZERO);
                })
            }
            notify::DidCloseNotebookDocument::METHOD => {
                parse(params).map(|p| self.did_close_notebook(p))
            }
            notify::DidChangeConfiguration::METHOD => {
                parse(params).map(|p: lsp::DidChangeConfigurationParams| {
                    self.configure(&p.settings);
                    self.recheck_all();
                })
            }
            notify::DidChangeWatchedFiles::METHOD => {
                parse(params).map(|_: lsp::DidChangeWatchedFilesParams| {
                    self.reload_settings();
                    self.learn_project();
                    self.recheck_all();
                })
            }
            notify::Cancel::METHOD => parse(params).map(|p| self.cancel(p)),
            _ => Ok(()),
        };
        if let Err((_, message)) = result {
            self.log_error(format!("ignored `{method}`: {message}"));
        }
    }

    pub(super) fn publish(
        &self,
        uri: lsp::Uri,
        diagnostics: Vec<lsp::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.notify(notify::PublishDiagnostics::METHOD, params);
    }

    pub(super) fn show_problem(&mut self, message: String) {
        if self.shown_problem.as_ref() == Some(&message) {
            return;
        }
        self.notify(
            notify::ShowMessage::METHOD,
            lsp::ShowMessageParams {
                typ: lsp::MessageType::ERROR,
                message: message.clone(),
            },
        );
        self.shown_problem = Some(message);
    }

    pub(super) fn log_error(&self, message: String) {
        self.notify(
            notify::LogMessage::METHOD,
            lsp::LogMessageParams {
                typ: lsp::MessageType::ERROR,
                message,
            },
        );
    }

    pub(super) fn notify(&self, method: &str, params: impl Serialize) {
        self.send(Notification::new(method.into(), params).into());
    }

    pub(super) fn send(&self, message: Message) {
        // Fails only when the client is gone; the loop ends on the closed receiver.
        let _ = self.connection.sender.send(message);
    }
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn to_value(result: impl Serialize) -> Reply {
    serde_json::to_value(result)
        .map(Some)
        .map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests fail loudly on purpose
    use super::*;

    /// A client may answer the server's own request (the config-file watch) after asking
    /// it to shut down, and may send more requests: the session still ends at `exit`, the
    /// shutdown answered and the late request refused.
    #[test]
    fn a_late_answer_after_shutdown_still_ends_the_session_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let (server_side, client) = Connection::memory();
        #[allow(deprecated)] // the simplest way to name a root
        let params = lsp::InitializeParams {
            root_uri: convert::path_to_uri(dir.path()),
            ..Default::default()
        };
        let server = Server::new(server_side, &params).unwrap();
        let session = std::thread::spawn(move || server.run());
        let send = |message: Message| client.sender.send(message).unwrap();
        send(Request::new(RequestId::from(1), "shutdown".into(), ()).into());
        let watch = RequestId::from("sqlhound/watch-config".to_string());
        send(Response::new_ok(watch, ()).into());
        send(Request::new(RequestId::from(2), "textDocument/hover".into(), ()).into());
        send(Notification::new("exit".into(), ()).into());
        assert!(session.join().unwrap().is_ok());
        let answers: Vec<Response> = client
            .receiver
            .try_iter()
            .filter_map(|m| match m {
                Message::Response(r) => Some(r),
                _ => None,
            })
            .collect();
        assert_eq!(answers.len(), 2, "{answers:?}");
        assert_eq!(answers[0].id, RequestId::from(1));
        assert!(answers[0].response_result.is_ok());
        assert_eq!(
            answers[1].response_result.as_ref().err().map(|e| e.code),
            Some(ErrorCode::InvalidRequest as i32)
        );
    }
}
