//! Backups of a whole workspace as one file, built from and restored to the store
//! without holding file bytes in WASM memory (the format is `engine::backup`).

use crate::engine::backup::{self, BackupError, Manifest, PREFIX_PROBE_LEN};
use crate::engine::workspace::{DatasetMeta, Workspace};
use crate::store::{Store, StoreError};
use std::fmt;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

pub const FILE_EXTENSION: &str = "sightline";

/// Why a restore failed.
#[derive(Debug, Clone, PartialEq)]
pub enum RestoreError {
    Backup(BackupError),
    Store(StoreError),
    Unreadable,
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::Backup(error) => write!(f, "Cannot restore: {error}."),
            RestoreError::Store(error) => write!(f, "Cannot restore: {error}"),
            RestoreError::Unreadable => write!(f, "Cannot restore: the file could not be read."),
        }
    }
}

impl From<BackupError> for RestoreError {
    fn from(error: BackupError) -> Self {
        RestoreError::Backup(error)
    }
}

impl From<StoreError> for RestoreError {
    fn from(error: StoreError) -> Self {
        RestoreError::Store(error)
    }
}

/// Builds the backup of a workspace as one Blob.
pub async fn build(
    store: &Store,
    workspace: &Workspace,
    exported_at_ms: i64,
) -> Result<Blob, StoreError> {
    let mut metas = Vec::new();
    let mut files = Vec::new();
    for mut meta in store.datasets(&workspace.id).await? {
        let file = store.dataset_file(&meta.id).await?;
        // The payload holds the bytes as stored; their length is the truth.
        meta.size_bytes = file.size() as u64;
        metas.push(meta);
        files.push(file);
    }
    let entries = store.entries(&workspace.id).await?;
    let (_, header) = backup::encode_header(workspace.clone(), metas, entries, exported_at_ms);
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(header.as_slice()));
    for file in &files {
        parts.push(file);
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/octet-stream");
    Blob::new_with_blob_sequence_and_options(&parts, &options)
        .map_err(|_| StoreError::Browser("the backup file could not be assembled".to_string()))
}

/// The file name of a workspace's backup: `sightline-<name>-<date>.sightline`.
pub fn file_name(workspace: &Workspace, date: chrono::NaiveDate) -> String {
    let slug: String = workspace
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() {
        "workspace".to_string()
    } else {
        slug
    };
    format!("sightline-{slug}-{date}.{FILE_EXTENSION}")
}

/// Reads a backup file: its manifest and each dataset's bytes as a slice of the
/// file (nothing is copied until the store writes it).
pub async fn read(file: &Blob) -> Result<(Manifest, Vec<(DatasetMeta, Blob)>), RestoreError> {
    let file_len = file.size();
    let prefix = read_range(file, 0.0, (PREFIX_PROBE_LEN as f64).min(file_len)).await?;
    let (manifest_start, manifest_len) = backup::read_prefix(&prefix)?;
    let manifest_end = manifest_start + manifest_len;
    if manifest_end as f64 > file_len {
        return Err(BackupError::Truncated {
            needed: manifest_end as u64,
            available: file_len as u64,
        }
        .into());
    }
    let manifest_json = read_range(file, manifest_start as f64, manifest_end as f64).await?;
    let (manifest, payload_start) =
        backup::read_manifest(&manifest_json, manifest_start, file_len as u64)?;
    let mut datasets = Vec::with_capacity(manifest.datasets.len());
    for dataset in &manifest.datasets {
        let start = (payload_start + dataset.offset) as f64;
        let end = start + dataset.length as f64;
        let body = file
            .slice_with_f64_and_f64_and_content_type(start, end, "text/csv")
            .map_err(|_| RestoreError::Unreadable)?;
        datasets.push((dataset.meta.clone(), body));
    }
    Ok((manifest, datasets))
}

/// Restores a backup into the store (replacing a workspace with the same id).
pub async fn restore(store: &Store, file: &Blob) -> Result<Workspace, RestoreError> {
    let (manifest, datasets) = read(file).await?;
    store
        .replace_workspace(&manifest.workspace, &datasets, &manifest.entries)
        .await?;
    Ok(manifest.workspace)
}

async fn read_range(file: &Blob, start: f64, end: f64) -> Result<Vec<u8>, RestoreError> {
    let slice = file
        .slice_with_f64_and_f64(start, end)
        .map_err(|_| RestoreError::Unreadable)?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|_| RestoreError::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
