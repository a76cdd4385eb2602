//! `sqlhound server`: the language server (LSP over stdio) behind editor integration.
//!
//! Built on `lsp-server` + `lsp-types` rather than `tower-lsp-server`: the server's hard
//! part is scheduling — debouncing edits, one check per document at a time, dropping results
//! for versions the editor has moved past — and with `lsp-server` that is one plain loop
//! over two channels (client messages, finished checks) that owns all state. The checks run
//! on a thread pool with the same deep stacks as `sqlhound check`; no async runtime needed.

mod actions;
mod checks;
mod code_actions;
mod config;
mod convert;
mod documents;
mod hover;
mod notebooks;
mod options;
mod server;
mod templates;
mod workspace;

use lsp_server::Connection;

pub use actions::{suppress_in_file, suppress_on_line};
pub use server::{CHECK_WORKSPACE, FIX_ALL};

/// Serves one client over standard input and output until it exits.
pub fn run_stdio() -> anyhow::Result<()> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection.initialize_start()?;
    let params: lsp_types::InitializeParams = serde_json::from_value(params)?;
    let result = lsp_types::InitializeResult {
        capabilities: server::Server::capabilities(),
        server_info: Some(lsp_types::ServerInfo {
            name: "sqlhound".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    server::Server::new(connection, &params)?.run()?;
    io_threads.join()?;
    Ok(())
}
