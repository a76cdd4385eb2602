//! The server loop. One thread owns the state and talks to the client; checks run on a pool
//! and come back as messages, tagged with the document version they checked. A result for
//! an older version than the document's is dropped, so stale findings are never shown.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::actions::{self, Action};
use super::convert::{self, TextRef};
use super::documents::Document;
use super::options::ClientOptions;
use crate::diagnostic::{Diagnostic, Edit};
use crate::project::Project;
use crate::python::orm;
use crate::settings::{Overrides, Settings, SettingsCache};
use crate::source::{SourceFile, SourceKind};
use crate::{Input, Report, rules};

/// Quiet time after a keystroke before a check starts: typing a word costs one check.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// `workspace/executeCommand`: check every file of the workspace folders.
pub const CHECK_WORKSPACE: &str = "sqlhound.checkWorkspace";

/// The code action kind of "fix everything sqlhound can fix in this file".
pub const FIX_ALL: &str = "source.fixAll.sqlhound";

/// Work finished off the main thread.
enum Done {
    Checked {
        uri: String,
        version: i32,
        findings: Vec<Diagnostic>,
    },
    Workspace {
        id: RequestId,
        report: Result<Report, String>,
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

type Reply = Result<Option<Value>, (ErrorCode, String)>;

pub struct Server {
    connection: Connection,
    pool: rayon::ThreadPool,
    done: (Sender<Done>, Receiver<Done>),
    documents: HashMap<String, Document>,
    /// Documents waiting for a check, and when it may start.
    due: HashMap<String, Instant>,
    root: PathBuf,
    folders: Vec<PathBuf>,
    options: ClientOptions,
    overrides: Overrides,
    settings: SettingsCache,
    /// Used when a config file is broken.
    defaults: Arc<Settings>,
    /// The ORM models and schema of the workspace's files on disk, learnt again when a
    /// model or `.sql` file is saved.
    project: Arc<Project>,
    /// The last configuration problem shown, so it is shown once, not per keystroke.
    shown_problem: Option<String>,
    /// Whether the client takes edits tied to a document version.
    versioned_edits: bool,
    /// Workspace checks still running (a cancelled one is forgotten here).
    workspace_checks: HashSet<RequestId>,
    /// Files a workspace check published findings for.
    workspace_published: HashSet<String>,
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
        }
    }

    /// Handles one message; `true` when the server should stop.
    fn on_message(&mut self, message: Message) -> anyhow::Result<bool> {
        match message {
            Message::Request(request) => {
                if self.connection.handle_shutdown(&request)? {
                    return Ok(true);
                }
                let id = request.id.clone();
                let reply = catch_unwind(AssertUnwindSafe(|| self.on_request(request)))
                    .unwrap_or_else(|panic| {
                        Err((
                            ErrorCode::InternalError,
                            format!(
                                "sqlhound failed on this request: {}",
                                crate::panic_message(panic.as_ref())
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
                        crate::panic_message(panic.as_ref())
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
                    let teaches = self.documents.get(uri).is_some_and(|d| match d.kind {
                        SourceKind::Python => orm::may_define_models(&d.text),
                        SourceKind::Sql => crate::sql::may_have_ddl(&d.text),
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
                })
            }
            notify::DidCloseTextDocument::METHOD => parse(params).map(|p| self.did_close(p)),
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

    fn did_open(&mut self, params: lsp::DidOpenTextDocumentParams) {
        let uri = params.text_document.uri.as_str().to_string();
        if let Some(document) = Document::open(params.text_document, &self.root) {
            self.documents.insert(uri.clone(), document);
            self.schedule(&uri, Duration::ZERO);
        }
    }

    fn did_change(&mut self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri.as_str();
        if let Some(document) = self.documents.get_mut(uri) {
            document.change(params.text_document.version, params.content_changes);
            self.schedule(uri, DEBOUNCE);
        }
    }

    fn did_close(&mut self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.remove(uri.as_str());
        self.due.remove(uri.as_str());
        self.publish(uri, Vec::new(), None);
    }

    fn schedule(&mut self, uri: &str, after: Duration) {
        if self.documents.contains_key(uri) {
            self.due.insert(uri.to_string(), Instant::now() + after);
        }
    }

    fn recheck_all(&mut self) {
        let uris: Vec<String> = self.documents.keys().cloned().collect();
        for uri in uris {
            if let Some(document) = self.documents.get_mut(&uri) {
                document.findings = None;
                document.explained = None;
            }
            self.schedule(&uri, Duration::ZERO);
        }
    }

    fn next_due(&self) -> Option<Instant> {
        self.due
            .iter()
            .filter(|(uri, _)| self.documents.get(*uri).is_some_and(|d| !d.checking))
            .map(|(_, due)| *due)
            .min()
    }

    /// Starts the checks whose quiet time is over, one per document at a time.
    fn start_due_checks(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(uri, due)| {
                **due <= now && self.documents.get(*uri).is_some_and(|d| !d.checking)
            })
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in ready {
            self.due.remove(&uri);
            self.start_check(uri);
        }
    }

    fn start_check(&mut self, uri: String) {
        let Some(path) = self.documents.get(&uri).map(|d| d.path.clone()) else {
            return;
        };
        let settings = self.settings_for(&path);
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        let version = document.version;
        // The text planned on the last save: its findings stand until the text changes.
        match document.explained.take() {
            Some((text, findings)) if text == document.text => {
                document.explained = Some((text, findings.clone()));
                self.show(&uri, version, findings);
                return;
            }
            _ => {}
        }
        if settings.is_excluded(&document.path) {
            document.findings = Some(Vec::new());
            let uri = document.uri.clone();
            self.publish(uri, Vec::new(), Some(version));
            return;
        }
        document.checking = true;
        let size = document.text.len() as u64;
        let file = SourceFile::new(document.path.clone(), document.kind, document.text.clone());
        let sender = self.done.0.clone();
        let project = self.project.clone();
        self.pool.spawn(move || {
            let findings = check_document(&file, &settings, size, &project);
            // The loop may have stopped; nothing is waiting for the result then.
            let _ = sender.send(Done::Checked {
                uri,
                version,
                findings,
            });
        });
    }

    /// Keeps a document's findings for `version` and publishes them.
    fn show(&mut self, uri: &str, version: i32, findings: Vec<Diagnostic>) {
        let Some(document) = self.documents.get_mut(uri) else {
            return;
        };
        let published = shown(document, &findings);
        document.findings = Some(findings);
        let uri = document.uri.clone();
        self.publish(uri, published, Some(version));
    }

    /// Plans a saved document's queries on the configured database, off the main loop.
    /// Returns whether it started.
    fn explain(&mut self, uri: String) -> bool {
        let Some(options) = self.options.explain() else {
            return false;
        };
        let Some(path) = self.documents.get(&uri).map(|d| d.path.clone()) else {
            return false;
        };
        let settings = self.settings_for(&path);
        let Some(document) = self.documents.get(&uri) else {
            return false;
        };
        if settings.is_excluded(&path) || document.text.len() as u64 > settings.max_file_size {
            return false;
        }
        let (version, text) = (document.version, document.text.clone());
        let file = SourceFile::new(path, document.kind, text.clone());
        let sender = self.done.0.clone();
        let project = self.project.clone();
        // Its own thread: it waits on the database, not on the cores.
        std::thread::spawn(move || {
            let (findings, summary) =
                crate::check_source_explained(&file, &settings, &project, &options);
            let _ = sender.send(Done::Explained {
                uri,
                version,
                text,
                findings,
                summary,
            });
        });
        true
    }

    fn on_done(&mut self, done: Done) {
        match done {
            Done::Explained {
                uri,
                version,
                text,
                findings,
                summary,
            } => {
                if let Some(fatal) = summary.fatal {
                    self.show_problem(format!(
                        "sqlhound cannot use the database {}: {fatal}",
                        summary.target
                    ));
                    return;
                }
                if let Some(lost) = summary.lost {
                    self.log_error(lost);
                }
                let Some(document) = self.documents.get_mut(&uri) else {
                    return;
                };
                if document.version == version {
                    document.explained = Some((text, findings.clone()));
                    self.show(&uri, version, findings);
                }
            }
            Done::Checked {
                uri,
                version,
                findings,
            } => {
                let Some(document) = self.documents.get_mut(&uri) else {
                    return;
                };
                document.checking = false;
                // When a newer version is already due, its check reports instead.
                if document.version == version {
                    self.show(&uri, version, findings);
                }
            }
            Done::Workspace { id, report } => {
                if self.workspace_checks.remove(&id) {
                    let reply = match report {
                        Ok(report) => Response::new_ok(id, self.publish_workspace(&report)),
                        Err(message) => {
                            Response::new_err(id, ErrorCode::InternalError as i32, message)
                        }
                    };
                    self.send(reply.into());
                }
            }
        }
    }

    /// The findings of a document's current version, checking it now if needed (code
    /// actions and hovers must describe the text the editor has).
    fn current_findings(&mut self, uri: &str) -> Option<Vec<Diagnostic>> {
        let document = self.documents.get(uri)?;
        if let Some(findings) = &document.findings {
            return Some(findings.clone());
        }
        let path = document.path.clone();
        let settings = self.settings_for(&path);
        let document = self.documents.get_mut(uri)?;
        let findings = if settings.is_excluded(&document.path) {
            Vec::new()
        } else {
            let file = SourceFile::new(document.path.clone(), document.kind, document.text.clone());
            let size = document.text.len() as u64;
            let project = self.project.clone();
            self.pool
                .install(|| check_document(&file, &settings, size, &project))
        };
        document.findings = Some(findings.clone());
        Some(findings)
    }

    fn hover(&mut self, params: &lsp::HoverParams) -> Option<lsp::Hover> {
        let position = &params.text_document_position_params;
        let uri = position.text_document.uri.as_str();
        let findings = self.current_findings(uri)?;
        let document = self.documents.get(uri)?;
        let offset = document.at().offset(position.position);
        let mut hits: Vec<&Diagnostic> = findings
            .iter()
            .filter(|d| d.span.start <= offset && offset <= d.span.end)
            .collect();
        hits.dedup_by_key(|d| d.rule.code);
        let first = hits.first()?;
        let docs: Vec<String> = hits
            .iter()
            .map(|d| {
                format!(
                    "**{} `{}`**\n{}",
                    d.rule.code,
                    d.rule.name,
                    rules::doc_body(d.rule.doc)
                )
            })
            .collect();
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: docs.join("\n\n---\n\n"),
            }),
            range: Some(document.at().range(first.span.clone())),
        })
    }

    fn code_actions(&mut self, params: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let uri = params.text_document.uri.as_str();
        let Some(findings) = self.current_findings(uri) else {
            return Vec::new();
        };
        let Some(document) = self.documents.get(uri) else {
            return Vec::new();
        };
        let wanted = |kind: &str| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|o| {
                    kind == o.as_str()
                        || kind
                            .strip_prefix(o.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                })
            })
        };
        let requested = document.at().span(params.range);
        let mut out = Vec::new();
        if wanted(lsp::CodeActionKind::QUICKFIX.as_str()) {
            let touched = findings
                .iter()
                .filter(|d| d.span.start <= requested.end && requested.start <= d.span.end);
            for finding in touched {
                let shown = convert::diagnostic(&document.uri, document.at(), finding);
                for Action {
                    title,
                    edits,
                    preferred,
                } in actions::for_finding(&document.text, document.kind, finding)
                {
                    out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                        title,
                        kind: Some(lsp::CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![shown.clone()]),
                        edit: Some(self.workspace_edit(document, &edits)),
                        is_preferred: Some(preferred),
                        ..Default::default()
                    }));
                }
            }
        }
        if wanted(FIX_ALL)
            && let Some((fixed, count)) = crate::fix::fixed_text(
                &document.text,
                document.kind,
                &findings,
                self.options.unsafe_fixes,
            )
        {
            let whole = Edit {
                span: 0..document.text.len(),
                replacement: fixed,
            };
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!("Fix all sqlhound findings ({count})"),
                kind: Some(lsp::CodeActionKind::from(FIX_ALL)),
                edit: Some(self.workspace_edit(document, &[whole])),
                ..Default::default()
            }));
        }
        out
    }

    fn workspace_edit(&self, document: &Document, edits: &[Edit]) -> lsp::WorkspaceEdit {
        let edits: Vec<lsp::TextEdit> = edits.iter().map(|e| document.at().text_edit(e)).collect();
        if self.versioned_edits {
            lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(vec![lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                        uri: document.uri.clone(),
                        version: Some(document.version),
                    },
                    edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                }])),
                ..Default::default()
            }
        } else {
            lsp::WorkspaceEdit {
                changes: Some(HashMap::from([(document.uri.clone(), edits)])),
                ..Default::default()
            }
        }
    }

    fn check_workspace(&mut self, id: RequestId) {
        let inputs: Vec<Input> = self.folders.iter().cloned().map(Input::Path).collect();
        let (overrides, root) = (self.overrides.clone(), self.root.clone());
        let sender = self.done.0.clone();
        self.workspace_checks.insert(id.clone());
        std::thread::spawn(move || {
            let report = catch_unwind(|| crate::check(&inputs, &overrides, &root))
                .map_err(|panic| crate::panic_message(panic.as_ref()))
                .and_then(|result| result.map_err(|e| e.to_string()));
            let _ = sender.send(Done::Workspace { id, report });
        });
    }

    /// Publishes a workspace check's findings for files not open in the editor (open ones
    /// show their live text's findings) and clears those of files now clean.
    fn publish_workspace(&mut self, report: &Report) -> Value {
        let mut published = HashSet::new();
        let mut findings = 0;
        for file in &report.files {
            let path = file
                .absolute
                .clone()
                .unwrap_or_else(|| self.root.join(&file.path));
            let Some(uri) = convert::path_to_uri(&path) else {
                continue;
            };
            findings += file.diagnostics.len();
            if self.documents.contains_key(uri.as_str()) {
                continue;
            }
            let at = TextRef {
                text: &file.text,
                lines: &file.lines,
            };
            let shown = file
                .diagnostics
                .iter()
                .map(|d| convert::diagnostic(&uri, at, d))
                .collect();
            published.insert(uri.as_str().to_string());
            self.publish(uri, shown, None);
        }
        let cleared: Vec<String> = self
            .workspace_published
            .difference(&published)
            .filter(|uri| !self.documents.contains_key(*uri))
            .cloned()
            .collect();
        for uri in cleared {
            if let Ok(uri) = uri.parse() {
                self.publish(uri, Vec::new(), None);
            }
        }
        self.workspace_published = published;
        json!({
            "files": report.checked,
            "filesWithFindings": report.files.len(),
            "findings": findings,
        })
    }

    fn cancel(&mut self, params: lsp::CancelParams) {
        let id = match params.id {
            lsp::NumberOrString::Number(n) => RequestId::from(n),
            lsp::NumberOrString::String(s) => RequestId::from(s),
        };
        if self.workspace_checks.remove(&id) {
            let response = Response::new_err(
                id,
                ErrorCode::RequestCanceled as i32,
                "workspace check cancelled".into(),
            );
            self.send(response.into());
        }
    }

    /// Takes new client options; a bad one is shown and the previous options stay.
    fn configure(&mut self, value: &Value) {
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
    fn learn_project(&mut self) {
        let learnt = self
            .pool
            .install(|| crate::project_under(&self.folders, &self.overrides, &self.root));
        if let Ok(project) = learnt {
            self.project = Arc::new(project);
        }
    }

    /// Forgets every config file read, so edits to them take effect.
    fn reload_settings(&mut self) {
        match SettingsCache::new(self.overrides.clone(), &self.root) {
            Ok(cache) => {
                self.settings = cache;
                self.shown_problem = None;
            }
            Err(error) => self.show_problem(error.to_string()),
        }
    }

    /// Settings for a document; a broken config file is shown once and the defaults used.
    fn settings_for(&mut self, path: &Path) -> Arc<Settings> {
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

    fn watch_config_files(&self) {
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

    fn publish(&self, uri: lsp::Uri, diagnostics: Vec<lsp::Diagnostic>, version: Option<i32>) {
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.notify(notify::PublishDiagnostics::METHOD, params);
    }

    fn show_problem(&mut self, message: String) {
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

    fn log_error(&self, message: String) {
        self.notify(
            notify::LogMessage::METHOD,
            lsp::LogMessageParams {
                typ: lsp::MessageType::ERROR,
                message,
            },
        );
    }

    fn notify(&self, method: &str, params: impl Serialize) {
        self.send(Notification::new(method.into(), params).into());
    }

    fn send(&self, message: Message) {
        // Fails only when the client is gone; the loop ends on the closed receiver.
        let _ = self.connection.sender.send(message);
    }
}

fn shown(document: &Document, findings: &[Diagnostic]) -> Vec<lsp::Diagnostic> {
    findings
        .iter()
        .map(|d| convert::diagnostic(&document.uri, document.at(), d))
        .collect()
}

/// Checks a document's text like a file, refusing one over `max-file-size`.
fn check_document(
    file: &SourceFile,
    settings: &Settings,
    size: u64,
    project: &Project,
) -> Vec<Diagnostic> {
    if size > settings.max_file_size {
        return vec![crate::unreadable_diagnostic(&crate::too_large(
            size,
            settings.max_file_size,
        ))];
    }
    crate::check_guarded(file, &file.path, settings, project)
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn to_value(result: impl Serialize) -> Reply {
    serde_json::to_value(result)
        .map(Some)
        .map_err(|e| (ErrorCode::InternalError, e.to_string()))
}
