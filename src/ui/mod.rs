//! The page: thin Leptos components over the engine and the store.
//!
//! - `root`: the whole page (its contexts, the route, the shell);
//! - `app`: the `AppState` context every view uses, with its workspace
//!   actions; `dataset_actions`: its dataset actions.
//! - `feedback`: the `Feedback` context (the notice, the progress bar);
//!   `storage`: the `Storage` context (the store, writes in flight).
//! - `shell`: header, navigation, notices and the progress bar.
//! - `components`: what several views show (the report table, the empty
//!   state of a view whose files are missing).
//! - `workspaces`, `sources`, `dataset`, `matching`, `personas`, `accounts`,
//!   `lens`, `usage`: the views;
//!   `matching_run`: matching in the page and its `MatchingState` context.
//! - `route`: URLs (pure; tested natively).
//! - `saved`: a workspace's saved entries as signals, read once and saved on
//!   change.
//! - `panic`: the hook that turns a panic into a readable message.
//! - `workbook`: Excel downloads, written by the page's workbook worker.

pub mod route;

#[cfg(target_arch = "wasm32")]
pub mod accounts;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod dataset;
#[cfg(target_arch = "wasm32")]
mod dataset_actions;
#[cfg(target_arch = "wasm32")]
pub mod feedback;
#[cfg(target_arch = "wasm32")]
pub mod lens;
#[cfg(target_arch = "wasm32")]
mod lens_models;
#[cfg(target_arch = "wasm32")]
pub mod matching;
#[cfg(target_arch = "wasm32")]
pub mod matching_run;
#[cfg(target_arch = "wasm32")]
mod panic;
#[cfg(target_arch = "wasm32")]
pub mod personas;
#[cfg(target_arch = "wasm32")]
mod placement;
#[cfg(target_arch = "wasm32")]
pub mod root;
#[cfg(target_arch = "wasm32")]
mod saved;
#[cfg(target_arch = "wasm32")]
mod shell;
#[cfg(target_arch = "wasm32")]
pub mod sources;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod usage;
#[cfg(target_arch = "wasm32")]
mod usage_cards;
#[cfg(target_arch = "wasm32")]
pub mod workbook;
#[cfg(target_arch = "wasm32")]
pub mod workspaces;

/// Starts the page: installs the panic hook and mounts the app on `<body>`.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    panic::install();
    if let Some(locale) = browser::reader_locale() {
        crate::engine::display::use_locale(locale);
    }
    browser::remove_element("loading");
    leptos::mount::mount_to_body(root::App);
}
