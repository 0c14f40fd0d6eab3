//! The IndexedDB schema: its version, its object stores, and the path from every
//! older version to this one.
//!
//! Migrations have two halves. Structural steps (object stores, indexes) run in
//! `upgradeneeded`, one step per version, so a database at any older version is
//! brought forward step by step. Record steps (moving or reshaping data) run right
//! after opening, in one ordinary read-write transaction each, so that they can be
//! awaited and either happen whole or not at all. Fields added to a record later
//! carry serde defaults (`engine::workspace`), which needs no step at all.
//!
//! History:
//! - **1**: `workspaces` (key `id`) and `datasets` (key `id`, index
//!   `workspace_id`); a dataset record held its file's Blob inline in `blob`.
//! - **2**: `files` (the original file Blobs, keyed by dataset id, so listing
//!   datasets never touches file bytes), `entries` (per-workspace key-value
//!   records: personas, decisions, ledgers; key `[workspace_id, key]`, index
//!   `workspace_id`) and `app` (page-level values such as the current
//!   workspace). Record step: every inline `blob` moves to `files`.
//! - **3**: `tables` (each dataset's reading, encoded by `engine::ingest::codec`,
//!   keyed by dataset id), so a reload does not read files again. Derived data:
//!   a missing or stale entry is rebuilt from the file.

use idb::{Database, IndexParams, KeyPath, ObjectStoreParams};

pub const DATABASE_NAME: &str = "sightline";
pub const CURRENT_VERSION: u32 = 3;

pub const WORKSPACES: &str = "workspaces";
pub const DATASETS: &str = "datasets";
pub const FILES: &str = "files";
pub const ENTRIES: &str = "entries";
pub const APP: &str = "app";
pub const TABLES: &str = "tables";

/// Every store that holds a part of a workspace: deleting or restoring one
/// writes them all in one transaction.
pub const WORKSPACE_STORES: [&str; 5] = [WORKSPACES, DATASETS, FILES, ENTRIES, TABLES];

/// The index on `workspace_id` of `datasets` and `entries`.
pub const BY_WORKSPACE: &str = "by_workspace";

/// The `app` key that records which record steps have run.
pub const RECORDS_VERSION_KEY: &str = "records_version";

/// Applies the structural steps after `old_version` up to `new_version`.
pub fn upgrade(database: &Database, old_version: u32, new_version: u32) -> Result<(), idb::Error> {
    for version in old_version + 1..=new_version {
        match version {
            1 => {
                database.create_object_store(WORKSPACES, keyed_by(KeyPath::new_single("id")))?;
                let datasets =
                    database.create_object_store(DATASETS, keyed_by(KeyPath::new_single("id")))?;
                datasets.create_index(
                    BY_WORKSPACE,
                    KeyPath::new_single("workspace_id"),
                    Some(IndexParams::new()),
                )?;
            }
            2 => {
                database.create_object_store(FILES, ObjectStoreParams::new())?;
                let entries = database.create_object_store(
                    ENTRIES,
                    keyed_by(KeyPath::new_array(["workspace_id", "key"])),
                )?;
                entries.create_index(
                    BY_WORKSPACE,
                    KeyPath::new_single("workspace_id"),
                    Some(IndexParams::new()),
                )?;
                database.create_object_store(APP, ObjectStoreParams::new())?;
            }
            3 => {
                database.create_object_store(TABLES, ObjectStoreParams::new())?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn keyed_by(key_path: KeyPath) -> ObjectStoreParams {
    let mut params = ObjectStoreParams::new();
    params.key_path(Some(key_path));
    params
}
