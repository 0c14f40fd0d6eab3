//! Sightline: a local-first sales insights workbench.
//!
//! - [`engine`]: the pure engine (parsing, matching, reports…); native and wasm.
//! - `store`: the browser store (IndexedDB); wasm only.
//! - `ui`: the Leptos components; wasm only.
//!
//! The native command line lives in `src/bin/sightline/` (`main.rs`).

pub mod engine;

#[cfg(target_arch = "wasm32")]
pub mod store;
pub mod ui;
