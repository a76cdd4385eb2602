//! sqlhound finds risky and slow SQL in `.sql` files and Python code before it ships.
//!
//! [`check`] is the one entry point the command line, the language server and the tests
//! call: inputs in, a [`Report`] out. Rendering lives in [`report`].
//!
//! Modules depend one way, each only on those listed before it: `diagnostic`, `source`,
//! `sql`, then `schema`, `python` and `explain` (independent of each other), `rules`,
//! `settings`, `engine`, `run`, `report`, and `lsp` (with `main.rs`) on top;
//! `tests/architecture.rs` keeps it so.

pub mod diagnostic;
pub mod engine;
pub mod explain;
pub mod lsp;
pub mod python;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod settings;
pub mod source;
pub mod sql;

pub use run::*;
