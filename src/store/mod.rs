//! The browser store: workspaces, their datasets (original file bytes) and
//! their key-value entries, in IndexedDB.
//!
//! Every write is one transaction: it lands whole or not at all, so a failure
//! (quota, a closed tab) leaves the previous state intact. Reads never hold file
//! bytes in WASM memory: files come back as Blobs until a feature asks for
//! their bytes.
//!
//! Bytes are stored as `ArrayBuffer`s, not Blobs: WebKit (Safari) refuses to
//! store a Blob in a session that keeps no files on disk (a private window,
//! an automated one), and every engine stores an `ArrayBuffer`. Blobs stored
//! by earlier versions read as they are, so existing stores need no rewrite.

pub mod backup;
mod error;
pub mod schema;

pub use error::StoreError;

use crate::engine::workspace::{DatasetMeta, Workspace};
use idb::{Database, DatabaseEvent, Factory, Query, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

/// A handle on the open database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    database: Rc<Database>,
    /// The revision of each entry as this page last read or wrote it: an
    /// entry written since by another tab is not overwritten (see
    /// [`Store::put_entry`]). Keyed by [`seen_key`].
    seen: Rc<RefCell<HashMap<String, u64>>>,
}

/// The `app` key of the workspace the page last showed.
const CURRENT_WORKSPACE_KEY: &str = "current_workspace";

impl Store {
    /// Forgets the revisions seen of a workspace's entries (it was replaced
    /// or deleted here: they are read afresh).
    fn forget_seen(&self, workspace_id: &str) {
        let prefix = seen_key(workspace_id, "");
        self.seen
            .borrow_mut()
            .retain(|key, _| !key.starts_with(&prefix));
    }

    /// Opens (creating or upgrading as needed) the page's database.
    pub async fn open(on_blocked: impl FnOnce() + 'static) -> Result<Store, StoreError> {
        Store::open_named(schema::DATABASE_NAME, schema::CURRENT_VERSION, on_blocked).await
    }

    /// Opens a database by name at a given schema version. Tests use other names
    /// and older versions; the page uses [`Store::open`].
    pub async fn open_named(
        name: &str,
        version: u32,
        on_blocked: impl FnOnce() + 'static,
    ) -> Result<Store, StoreError> {
        let factory = Factory::new().map_err(|error| StoreError::Unavailable(error.to_string()))?;
        let mut request = factory
            .open(name, Some(version))
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        request.on_upgrade_needed(move |event| {
            let (Ok(database), Ok(old_version)) = (event.database(), event.old_version()) else {
                return;
            };
            // An exception here aborts the upgrade and fails the open request,
            // which reaches the caller as an error.
            if let Err(error) = schema::upgrade(&database, old_version, version) {
                web_sys::console::error_1(&JsValue::from_str(&format!(
                    "schema upgrade failed: {error}"
                )));
            }
        });
        request.on_blocked(move |_| on_blocked());
        // A store that cannot be opened at all (a private window of some
        // browsers, storage turned off) says so in words; a newer schema says
        // that instead.
        let mut database = request
            .await
            .map_err(|error| match StoreError::from(error) {
                StoreError::Browser(cause) => StoreError::Unavailable(cause),
                other => other,
            })?;
        // A newer Sightline in another tab wants to upgrade: step aside, so that it
        // is not blocked by this one. This tab's next write then fails clearly.
        database.on_version_change(|event| {
            if let Ok(database) = event.database() {
                database.close();
            }
        });
        let store = Store {
            database: Rc::new(database),
            seen: Rc::default(),
        };
        if version >= 2 {
            store.run_record_steps().await?;
        }
        Ok(store)
    }

    /// Closes the connection (tests; a page just goes away).
    pub fn close(&self) {
        self.database.close();
    }

    fn transaction(
        &self,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<idb::Transaction, StoreError> {
        Ok(self.database.transaction(stores, mode)?)
    }

    // ----- workspaces -----------------------------------------------------

    pub async fn workspaces(&self) -> Result<Vec<Workspace>, StoreError> {
        let transaction = self.transaction(&[schema::WORKSPACES], TransactionMode::ReadOnly)?;
        let values = transaction
            .object_store(schema::WORKSPACES)?
            .get_all(None, None)?
            .await?;
        let mut workspaces: Vec<Workspace> =
            values.into_iter().map(from_js).collect::<Result<_, _>>()?;
        workspaces.sort_by(|a, b| {
            a.created_at_ms
                .cmp(&b.created_at_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(workspaces)
    }

    /// Creates or updates (renames, changes settings of) a workspace.
    pub async fn put_workspace(&self, workspace: &Workspace) -> Result<(), StoreError> {
        let value = to_js(workspace)?;
        let transaction = self.transaction(&[schema::WORKSPACES], TransactionMode::ReadWrite)?;
        transaction
            .object_store(schema::WORKSPACES)?
            .put(&value, None)?
            .await?;
        commit(transaction).await
    }

    /// Deletes a workspace with its datasets, files and entries, in one transaction.
    pub async fn delete_workspace(&self, workspace_id: &str) -> Result<(), StoreError> {
        let transaction =
            self.transaction(&schema::WORKSPACE_STORES, TransactionMode::ReadWrite)?;
        all_or_nothing(transaction, async |transaction| {
            delete_workspace_contents(transaction, workspace_id).await?;
            transaction
                .object_store(schema::WORKSPACES)?
                .delete(key(workspace_id))?
                .await?;
            Ok(())
        })
        .await?;
        self.forget_seen(workspace_id);
        Ok(())
    }

    /// The workspace the page showed last, if any.
    pub async fn current_workspace(&self) -> Result<Option<String>, StoreError> {
        let transaction = self.transaction(&[schema::APP], TransactionMode::ReadOnly)?;
        let value = transaction
            .object_store(schema::APP)?
            .get(key(CURRENT_WORKSPACE_KEY))?
            .await?;
        Ok(value.and_then(|value| value.as_string()))
    }

    pub async fn set_current_workspace(&self, workspace_id: &str) -> Result<(), StoreError> {
        let transaction = self.transaction(&[schema::APP], TransactionMode::ReadWrite)?;
        transaction
            .object_store(schema::APP)?
            .put(
                &JsValue::from_str(workspace_id),
                Some(&key(CURRENT_WORKSPACE_KEY)),
            )?
            .await?;
        commit(transaction).await
    }

    // ----- datasets -------------------------------------------------------

    /// A workspace's datasets, oldest first.
    pub async fn datasets(&self, workspace_id: &str) -> Result<Vec<DatasetMeta>, StoreError> {
        let transaction = self.transaction(&[schema::DATASETS], TransactionMode::ReadOnly)?;
        let index = transaction
            .object_store(schema::DATASETS)?
            .index(schema::BY_WORKSPACE)?;
        let values = index
            .get_all(Some(Query::from(key(workspace_id))), None)?
            .await?;
        let mut datasets: Vec<DatasetMeta> =
            values.into_iter().map(from_js).collect::<Result<_, _>>()?;
        datasets.sort_by(|a, b| {
            a.loaded_at_ms
                .cmp(&b.loaded_at_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(datasets)
    }

    /// Adds a dataset: its metadata and its original bytes, in one transaction.
    pub async fn add_dataset(&self, dataset: &DatasetMeta, file: &Blob) -> Result<(), StoreError> {
        self.add_datasets(&[(dataset.clone(), file.clone())]).await
    }

    /// Adds several datasets in one transaction (the demo workspace: all or
    /// none). A dataset stored again (a replaced file) loses its cached
    /// reading in the same transaction: no later load can show the old rows.
    pub async fn add_datasets(&self, datasets: &[(DatasetMeta, Blob)]) -> Result<(), StoreError> {
        let values: Vec<JsValue> = datasets
            .iter()
            .map(|(meta, _)| to_js(meta))
            .collect::<Result<_, _>>()?;
        // Read before the transaction: it would end while a Blob is read.
        let mut bytes = Vec::with_capacity(datasets.len());
        for (_, file) in datasets {
            bytes.push(storable(file).await?);
        }
        let transaction = self.transaction(
            &[schema::DATASETS, schema::FILES, schema::TABLES],
            TransactionMode::ReadWrite,
        )?;
        all_or_nothing(transaction, async |transaction| {
            let metas = transaction.object_store(schema::DATASETS)?;
            let files = transaction.object_store(schema::FILES)?;
            let tables = transaction.object_store(schema::TABLES)?;
            for (((meta, _), value), bytes) in datasets.iter().zip(&values).zip(&bytes) {
                metas.put(value, None)?.await?;
                files.put(bytes, Some(&key(&meta.id)))?.await?;
                tables.delete(key(&meta.id))?.await?;
            }
            Ok(())
        })
        .await
    }

    /// Updates a dataset's metadata (its mapping and summary); the file stays.
    pub async fn put_dataset(&self, dataset: &DatasetMeta) -> Result<(), StoreError> {
        let value = to_js(dataset)?;
        let transaction = self.transaction(&[schema::DATASETS], TransactionMode::ReadWrite)?;
        transaction
            .object_store(schema::DATASETS)?
            .put(&value, None)?
            .await?;
        commit(transaction).await
    }

    /// A dataset's original file, exactly as it was loaded.
    pub async fn dataset_file(&self, dataset_id: &str) -> Result<Blob, StoreError> {
        let transaction = self.transaction(&[schema::FILES], TransactionMode::ReadOnly)?;
        let value = transaction
            .object_store(schema::FILES)?
            .get(key(dataset_id))?
            .await?;
        value
            .and_then(stored_blob)
            .ok_or_else(|| StoreError::NotFound("The dataset's file".to_string()))
    }

    pub async fn delete_dataset(&self, dataset_id: &str) -> Result<(), StoreError> {
        let stores = [schema::DATASETS, schema::FILES, schema::TABLES];
        let transaction = self.transaction(&stores, TransactionMode::ReadWrite)?;
        all_or_nothing(transaction, async |transaction| {
            for store in stores {
                transaction
                    .object_store(store)?
                    .delete(key(dataset_id))?
                    .await?;
            }
            Ok(())
        })
        .await
    }

    // ----- cached readings ------------------------------------------------

    /// A dataset's cached reading (`engine::ingest::codec` bytes), if any.
    pub async fn cached_table(&self, dataset_id: &str) -> Result<Option<Blob>, StoreError> {
        let transaction = self.transaction(&[schema::TABLES], TransactionMode::ReadOnly)?;
        let value = transaction
            .object_store(schema::TABLES)?
            .get(key(dataset_id))?
            .await?;
        Ok(value.and_then(stored_blob))
    }

    pub async fn put_cached_table(&self, dataset_id: &str, table: &Blob) -> Result<(), StoreError> {
        let bytes = storable(table).await?;
        let transaction = self.transaction(&[schema::TABLES], TransactionMode::ReadWrite)?;
        transaction
            .object_store(schema::TABLES)?
            .put(&bytes, Some(&key(dataset_id)))?
            .await?;
        commit(transaction).await
    }

    // ----- entries --------------------------------------------------------

    /// One entry of a workspace (personas, decisions, …), read as `T`.
    pub async fn entry<T: DeserializeOwned>(
        &self,
        workspace_id: &str,
        entry_key: &str,
    ) -> Result<Option<T>, StoreError> {
        let transaction = self.transaction(&[schema::ENTRIES], TransactionMode::ReadOnly)?;
        let compound = entry_key_of(workspace_id, entry_key);
        let record = transaction
            .object_store(schema::ENTRIES)?
            .get(compound)?
            .await?;
        self.seen.borrow_mut().insert(
            seen_key(workspace_id, entry_key),
            record.as_ref().map_or(0, revision_of),
        );
        match record {
            None => Ok(None),
            Some(record) => {
                let value = js_sys::Reflect::get(&record, &JsValue::from_str("value"))
                    .map_err(|_| StoreError::Corrupt("an entry without a value".to_string()))?;
                Ok(Some(from_js(value)?))
            }
        }
    }

    pub async fn put_entry<T: Serialize>(
        &self,
        workspace_id: &str,
        entry_key: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let seen_as = seen_key(workspace_id, entry_key);
        let transaction = self.transaction(&[schema::ENTRIES], TransactionMode::ReadWrite)?;
        let mut written = None;
        let outcome = all_or_nothing(transaction, async |transaction| {
            let entries = transaction.object_store(schema::ENTRIES)?;
            let stored = entries
                .get(entry_key_of(workspace_id, entry_key))?
                .await?
                .as_ref()
                .map_or(0, revision_of);
            // Read here, not before: this page's own earlier writes to the
            // entry are committed by now (IndexedDB runs them in order).
            let known = self.seen.borrow().get(&seen_as).copied();
            // Another tab wrote it after this page read it: keep theirs.
            if known.is_some_and(|known| known != stored) {
                return Err(StoreError::ChangedElsewhere);
            }
            let record = entry_record(workspace_id, entry_key, value, stored + 1)?;
            entries.put(&record, None)?.await?;
            // Before the commit, so that this page's next write, already
            // waiting for this transaction to end, finds it.
            self.seen.borrow_mut().insert(seen_as.clone(), stored + 1);
            written = Some(stored);
            Ok(())
        })
        .await;
        if let (Err(_), Some(stored)) = (&outcome, written) {
            // Not committed after all: the entry is as it was.
            self.seen.borrow_mut().insert(seen_as, stored);
        }
        outcome
    }

    /// Every entry of a workspace, by key (for backups).
    pub async fn entries(
        &self,
        workspace_id: &str,
    ) -> Result<Vec<(String, serde_json::Value)>, StoreError> {
        let transaction = self.transaction(&[schema::ENTRIES], TransactionMode::ReadOnly)?;
        let index = transaction
            .object_store(schema::ENTRIES)?
            .index(schema::BY_WORKSPACE)?;
        let records = index
            .get_all(Some(Query::from(key(workspace_id))), None)?
            .await?;
        records
            .into_iter()
            .map(|record| {
                #[derive(serde::Deserialize)]
                struct Record {
                    key: String,
                    value: serde_json::Value,
                }
                let record: Record = from_js(record)?;
                Ok((record.key, record.value))
            })
            .collect()
    }

    // ----- whole workspaces (restore) -------------------------------------

    /// Replaces a workspace (same id) with the given one, its datasets and its
    /// entries, in one transaction: a failed restore leaves the old one intact.
    pub async fn replace_workspace(
        &self,
        workspace: &Workspace,
        datasets: &[(DatasetMeta, Blob)],
        entries: &[(String, serde_json::Value)],
    ) -> Result<(), StoreError> {
        let workspace_value = to_js(workspace)?;
        let dataset_values: Vec<JsValue> = datasets
            .iter()
            .map(|(meta, _)| to_js(meta))
            .collect::<Result<_, _>>()?;
        let entry_records: Vec<JsValue> = entries
            .iter()
            .map(|(entry_key, value)| entry_record(&workspace.id, entry_key, value, 0))
            .collect::<Result<_, _>>()?;
        let mut bytes = Vec::with_capacity(datasets.len());
        for (_, file) in datasets {
            bytes.push(storable(file).await?);
        }
        let transaction =
            self.transaction(&schema::WORKSPACE_STORES, TransactionMode::ReadWrite)?;
        all_or_nothing(transaction, async |transaction| {
            delete_workspace_contents(transaction, &workspace.id).await?;
            transaction
                .object_store(schema::WORKSPACES)?
                .put(&workspace_value, None)?
                .await?;
            let metas = transaction.object_store(schema::DATASETS)?;
            let files = transaction.object_store(schema::FILES)?;
            for (((meta, _), value), bytes) in datasets.iter().zip(&dataset_values).zip(&bytes) {
                // This workspace's own datasets are gone by now: a record
                // still there is another workspace's, never overwritten.
                if metas.get(key(&meta.id))?.await?.is_some() {
                    return Err(StoreError::Refused(format!(
                        "the backup names a dataset ({}) that belongs to another workspace of this browser",
                        meta.id
                    )));
                }
                metas.put(value, None)?.await?;
                files.put(bytes, Some(&key(&meta.id)))?.await?;
            }
            let entry_store = transaction.object_store(schema::ENTRIES)?;
            for record in &entry_records {
                entry_store.put(record, None)?.await?;
            }
            Ok(())
        })
        .await?;
        self.forget_seen(&workspace.id);
        Ok(())
    }

    // ----- record migrations ----------------------------------------------

    /// Runs the record steps of `schema` that this database has not had yet.
    async fn run_record_steps(&self) -> Result<(), StoreError> {
        let stores = [schema::APP, schema::DATASETS, schema::FILES];
        let transaction = self.transaction(&stores, TransactionMode::ReadWrite)?;
        let app = transaction.object_store(schema::APP)?;
        let done = app
            .get(key(schema::RECORDS_VERSION_KEY))?
            .await?
            .and_then(|value| value.as_f64())
            .unwrap_or(1.0);
        if done < 2.0 {
            // Version 2: file Blobs move out of dataset records into `files`.
            let datasets = transaction.object_store(schema::DATASETS)?;
            let files = transaction.object_store(schema::FILES)?;
            let blob_field = JsValue::from_str("blob");
            for record in datasets.get_all(None, None)?.await? {
                let blob = js_sys::Reflect::get(&record, &blob_field).unwrap_or(JsValue::UNDEFINED);
                if blob.is_undefined() {
                    continue;
                }
                let id = js_sys::Reflect::get(&record, &JsValue::from_str("id"))
                    .unwrap_or(JsValue::UNDEFINED);
                files.put(&blob, Some(&id))?.await?;
                let _ = js_sys::Reflect::delete_property(
                    record.unchecked_ref::<js_sys::Object>(),
                    &blob_field,
                );
                datasets.put(&record, None)?.await?;
            }
            app.put(
                &JsValue::from_f64(2.0),
                Some(&key(schema::RECORDS_VERSION_KEY)),
            )?
            .await?;
        }
        commit(transaction).await
    }
}

/// Deletes a workspace's datasets, files, cached readings and entries inside
/// `transaction` (which must cover those stores).
async fn delete_workspace_contents(
    transaction: &idb::Transaction,
    workspace_id: &str,
) -> Result<(), StoreError> {
    let datasets = transaction.object_store(schema::DATASETS)?;
    let files = transaction.object_store(schema::FILES)?;
    let tables = transaction.object_store(schema::TABLES)?;
    let dataset_ids = datasets
        .index(schema::BY_WORKSPACE)?
        .get_all_keys(Some(Query::from(key(workspace_id))), None)?
        .await?;
    for id in dataset_ids {
        datasets.delete(Query::from(id.clone()))?.await?;
        files.delete(Query::from(id.clone()))?.await?;
        tables.delete(Query::from(id))?.await?;
    }
    let entries = transaction.object_store(schema::ENTRIES)?;
    let entry_keys = entries
        .index(schema::BY_WORKSPACE)?
        .get_all_keys(Some(Query::from(key(workspace_id))), None)?
        .await?;
    for entry_key in entry_keys {
        entries.delete(Query::from(entry_key))?.await?;
    }
    Ok(())
}

/// A Blob's bytes as what the store keeps: an `ArrayBuffer`.
async fn storable(blob: &Blob) -> Result<JsValue, StoreError> {
    wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .map_err(|error| StoreError::Browser(format!("a file could not be read ({error:?})")))
}

/// Stored bytes as a Blob: an `ArrayBuffer` (or a Blob an earlier version
/// stored).
fn stored_blob(value: JsValue) -> Option<Blob> {
    if value.is_instance_of::<js_sys::ArrayBuffer>() {
        Blob::new_with_buffer_source_sequence(&js_sys::Array::of1(&value)).ok()
    } else {
        value.dyn_into::<Blob>().ok()
    }
}

/// Runs the steps of a write made of several requests, then commits; on an
/// error the transaction is aborted, so no part of the write is kept.
async fn all_or_nothing(
    transaction: idb::Transaction,
    steps: impl AsyncFnOnce(&idb::Transaction) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    match steps(&transaction).await {
        Ok(()) => commit(transaction).await,
        Err(error) => {
            let _ = transaction.abort();
            Err(error)
        }
    }
}

async fn commit(transaction: idb::Transaction) -> Result<(), StoreError> {
    let result = transaction.commit()?.await?;
    if result.is_committed() {
        Ok(())
    } else {
        Err(StoreError::Browser(
            "the change was not saved (the transaction was aborted)".to_string(),
        ))
    }
}

fn key(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// Where [`Store::put_entry`] remembers an entry's revision.
fn seen_key(workspace_id: &str, entry_key: &str) -> String {
    format!("{workspace_id}\u{1F}{entry_key}")
}

/// An entry record's revision (0 for one written before revisions were kept).
fn revision_of(record: &JsValue) -> u64 {
    js_sys::Reflect::get(record, &JsValue::from_str("revision"))
        .ok()
        .and_then(|revision| revision.as_f64())
        .map_or(0, |revision| revision as u64)
}

fn entry_key_of(workspace_id: &str, entry_key: &str) -> JsValue {
    let compound = js_sys::Array::new();
    compound.push(&key(workspace_id));
    compound.push(&key(entry_key));
    compound.into()
}

fn entry_record<T: Serialize + ?Sized>(
    workspace_id: &str,
    entry_key: &str,
    value: &T,
    revision: u64,
) -> Result<JsValue, StoreError> {
    #[derive(Serialize)]
    struct Record<'a, T: ?Sized> {
        workspace_id: &'a str,
        key: &'a str,
        value: &'a T,
        /// Counts the writes: another tab's write is seen, not overwritten.
        revision: u64,
    }
    to_js(&Record {
        workspace_id,
        key: entry_key,
        value,
        revision,
    })
}

/// Plain JS objects (not Maps), so that key paths and other tabs can read them.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, StoreError> {
    Ok(serde_wasm_bindgen::from_value(value)?)
}
