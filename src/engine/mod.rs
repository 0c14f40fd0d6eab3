//! The pure engine: everything Sightline computes, with no DOM and no browser API.
//!
//! It compiles and is tested natively (`cargo test`), and runs unchanged in the
//! page (wasm32) and in the command line. Nothing here may touch `web_sys`, the
//! clock or the network: time comes in as arguments, files come in as bytes.

pub mod accounts;
pub mod backup;
pub mod deals;
pub mod demo;
pub mod display;
pub mod entry;
pub mod export;
#[cfg(test)]
pub(crate) mod fuzz;
pub mod ingest;
pub mod labels;
pub mod links;
pub mod matching;
pub mod parallel;
pub mod rng;
pub mod sort;
pub mod source_kind;
pub mod usage;
pub mod workspace;
