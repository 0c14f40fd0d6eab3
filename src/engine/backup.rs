//! The workspace backup file: one file that holds a whole workspace, restorable in
//! this or another browser.
//!
//! Layout (all offsets in bytes):
//!
//! ```text
//! SIGHTLINE-BACKUP\n          magic line
//! <manifest length>\n         decimal, ASCII
//! <manifest JSON>             a [`Manifest`]
//! <payload>                   every dataset's original bytes, back to back
//! ```
//!
//! The payload is raw, not base64 in JSON: a backup of a 500 MB workspace is about
//! 500 MB, and the page can build it from Blobs and restore it by slicing the file,
//! without ever holding the whole payload in WASM memory.

use crate::engine::workspace::{DatasetMeta, Workspace};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const MAGIC: &[u8] = b"SIGHTLINE-BACKUP\n";
/// The manifest format this version writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;
/// Bytes enough to hold the magic and the length line of any real backup.
pub const PREFIX_PROBE_LEN: usize = 64;

/// Everything about the workspace except the datasets' bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub exported_at_ms: i64,
    pub workspace: Workspace,
    pub datasets: Vec<BackupDataset>,
    /// The workspace's key-value entries (personas, decisions, ledgers…), by key.
    #[serde(default)]
    pub entries: Vec<(String, serde_json::Value)>,
}

/// A dataset's metadata and where its bytes sit in the payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupDataset {
    pub meta: DatasetMeta,
    /// Offset from the start of the payload.
    pub offset: u64,
    pub length: u64,
}

/// Why a file could not be read as a backup.
#[derive(Debug, Clone, PartialEq)]
pub enum BackupError {
    NotABackup,
    Truncated { needed: u64, available: u64 },
    BadManifest(String),
    NewerFormat(u32),
}

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupError::NotABackup => write!(f, "this file is not a Sightline workspace backup"),
            BackupError::Truncated { needed, available } => write!(
                f,
                "the backup is incomplete: it needs {needed} bytes but the file has {available}"
            ),
            BackupError::BadManifest(cause) => write!(f, "the backup's table of contents is damaged: {cause}"),
            BackupError::NewerFormat(version) => write!(
                f,
                "the backup was written by a newer Sightline (format {version}); update this one to restore it"
            ),
        }
    }
}

impl std::error::Error for BackupError {}

impl Manifest {
    /// Whether everything the manifest says can be stored as it is: every
    /// dataset is this workspace's, once, with its own length; the settings
    /// are in their ranges. A crafted backup is refused with the reason.
    pub fn check(&self) -> Result<(), String> {
        let workspace = &self.workspace;
        if workspace.id.trim().is_empty() {
            return Err("the workspace has no id".to_string());
        }
        let settings = &workspace.settings;
        for (what, score) in [
            ("accept threshold", settings.accept_threshold),
            ("review floor", settings.review_floor),
        ] {
            if score > 5 {
                return Err(format!("the {what} {score} is not a match score (0 to 5)"));
            }
        }
        if let Err(error) = settings.time_zone.parse::<crate::engine::usage::Zone>() {
            return Err(format!("the time zone: {error}"));
        }
        let mut ids = std::collections::HashSet::new();
        for dataset in &self.datasets {
            let meta = &dataset.meta;
            if meta.id.trim().is_empty() || !ids.insert(meta.id.as_str()) {
                return Err(format!("the dataset id '{}' is empty or repeated", meta.id));
            }
            if meta.workspace_id != workspace.id {
                return Err(format!(
                    "dataset {} belongs to another workspace ({})",
                    meta.id, meta.workspace_id
                ));
            }
            if dataset.length != meta.size_bytes {
                return Err(format!(
                    "dataset {} says it has {} bytes and holds {}",
                    meta.id, meta.size_bytes, dataset.length
                ));
            }
            if meta
                .options
                .delimiter
                .is_some_and(|byte| !crate::engine::ingest::text::usable_delimiter(byte))
            {
                return Err(format!(
                    "dataset {} has a delimiter no file can use",
                    meta.id
                ));
            }
        }
        let mut keys = std::collections::HashSet::new();
        if let Some((key, _)) = self
            .entries
            .iter()
            .find(|(key, _)| key.trim().is_empty() || !keys.insert(key.as_str()))
        {
            return Err(format!("the entry '{key}' is empty or repeated"));
        }
        Ok(())
    }
}

/// Lays out datasets of the given lengths and returns the manifest and the header
/// bytes (magic, length line, manifest) that precede the payload.
pub fn encode_header(
    workspace: Workspace,
    datasets: Vec<DatasetMeta>,
    entries: Vec<(String, serde_json::Value)>,
    exported_at_ms: i64,
) -> (Manifest, Vec<u8>) {
    let mut offset = 0u64;
    let datasets = datasets
        .into_iter()
        .map(|meta| {
            let length = meta.size_bytes;
            let placed = BackupDataset {
                meta,
                offset,
                length,
            };
            offset += length;
            placed
        })
        .collect();
    let manifest = Manifest {
        format: FORMAT_VERSION,
        exported_at_ms,
        workspace,
        datasets,
        entries,
    };
    let json = serde_json::to_vec(&manifest).expect("a manifest of plain data always serialises");
    let mut header = Vec::with_capacity(MAGIC.len() + 24 + json.len());
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(json.len().to_string().as_bytes());
    header.push(b'\n');
    header.extend_from_slice(&json);
    (manifest, header)
}

/// Reads the manifest length from the first bytes of a file (at least
/// [`PREFIX_PROBE_LEN`] of them, or the whole file if shorter) and returns where the
/// manifest starts and how long it is.
pub fn read_prefix(prefix: &[u8]) -> Result<(usize, usize), BackupError> {
    let rest = prefix.strip_prefix(MAGIC).ok_or(BackupError::NotABackup)?;
    let newline = rest
        .iter()
        .position(|byte| *byte == b'\n')
        .ok_or(BackupError::NotABackup)?;
    let length: usize = std::str::from_utf8(&rest[..newline])
        .ok()
        .and_then(|digits| digits.parse().ok())
        .ok_or(BackupError::NotABackup)?;
    Ok((MAGIC.len() + newline + 1, length))
}

/// Parses the manifest and checks that the file (of `file_len` bytes) holds every
/// dataset it lists. Returns the manifest and the offset at which the payload starts.
pub fn read_manifest(
    manifest_json: &[u8],
    manifest_start: usize,
    file_len: u64,
) -> Result<(Manifest, u64), BackupError> {
    #[derive(Deserialize)]
    struct VersionOnly {
        format: u32,
    }
    let version: VersionOnly = serde_json::from_slice(manifest_json)
        .map_err(|error| BackupError::BadManifest(error.to_string()))?;
    if version.format > FORMAT_VERSION {
        return Err(BackupError::NewerFormat(version.format));
    }
    let manifest: Manifest = serde_json::from_slice(manifest_json)
        .map_err(|error| BackupError::BadManifest(error.to_string()))?;
    manifest.check().map_err(BackupError::BadManifest)?;
    let payload_start = (manifest_start + manifest_json.len()) as u64;
    let mut needed = payload_start;
    for dataset in &manifest.datasets {
        let end = payload_start
            .checked_add(dataset.offset)
            .and_then(|start| start.checked_add(dataset.length))
            .ok_or_else(|| {
                BackupError::BadManifest(format!(
                    "dataset {} lies beyond the end of any file",
                    dataset.meta.id
                ))
            })?;
        needed = needed.max(end);
    }
    if needed > file_len {
        return Err(BackupError::Truncated {
            needed,
            available: file_len,
        });
    }
    Ok((manifest, payload_start))
}

/// Reads a whole backup held in memory (the command line and tests; the page
/// slices the file instead). Returns the manifest and each dataset's bytes.
pub fn decode(file: &[u8]) -> Result<(Manifest, Vec<&[u8]>), BackupError> {
    let (manifest_start, manifest_len) = read_prefix(&file[..file.len().min(PREFIX_PROBE_LEN)])?;
    let manifest_end = manifest_start + manifest_len;
    if manifest_end > file.len() {
        return Err(BackupError::Truncated {
            needed: manifest_end as u64,
            available: file.len() as u64,
        });
    }
    let (manifest, payload_start) = read_manifest(
        &file[manifest_start..manifest_end],
        manifest_start,
        file.len() as u64,
    )?;
    let bodies = manifest
        .datasets
        .iter()
        .map(|dataset| {
            let start = (payload_start + dataset.offset) as usize;
            &file[start..start + dataset.length as usize]
        })
        .collect();
    Ok((manifest, bodies))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::source_kind::SourceKind;
    use crate::engine::workspace::WorkspaceSettings;

    fn workspace() -> Workspace {
        Workspace {
            id: "w1".into(),
            name: "EMEA \"Q3\"\nplan".into(),
            created_at_ms: 1,
            settings: WorkspaceSettings::default(),
        }
    }

    fn dataset(id: &str, bytes: &[u8]) -> DatasetMeta {
        DatasetMeta {
            id: id.into(),
            workspace_id: "w1".into(),
            name: format!("{id}.csv"),
            kind: SourceKind::Accounts,
            size_bytes: bytes.len() as u64,
            loaded_at_ms: 2,
            ingest: None,
            options: Default::default(),
        }
    }

    fn build(bodies: &[&[u8]]) -> (Manifest, Vec<u8>) {
        let metas = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| dataset(&format!("d{i}"), body))
            .collect();
        let entries = vec![(
            "personas".to_string(),
            serde_json::json!([{"name": "Devs"}]),
        )];
        let (manifest, mut file) = encode_header(workspace(), metas, entries, 99);
        for body in bodies {
            file.extend_from_slice(body);
        }
        (manifest, file)
    }

    #[test]
    fn round_trip_keeps_everything() {
        let bodies: [&[u8]; 3] = [b"Account ID,Name\n1,Acme\n", b"", b"\xff\xfe binary \n\x00"];
        let (manifest, file) = build(&bodies);
        let (read, read_bodies) = decode(&file).unwrap();
        assert_eq!(read, manifest);
        assert_eq!(read_bodies, bodies.to_vec());
        assert_eq!(read.workspace.name, "EMEA \"Q3\"\nplan");
        assert_eq!(read.entries[0].0, "personas");
    }

    #[test]
    fn rejects_damaged_files() {
        let (_, file) = build(&[b"abc"]);
        assert_eq!(
            decode(b"Account ID,Name\n").unwrap_err(),
            BackupError::NotABackup
        );
        assert_eq!(decode(b"").unwrap_err(), BackupError::NotABackup);
        assert!(matches!(
            decode(&file[..file.len() - 1]).unwrap_err(),
            BackupError::Truncated { .. }
        ));
        assert!(matches!(
            decode(&file[..30]).unwrap_err(),
            BackupError::Truncated { .. } | BackupError::NotABackup
        ));
        let mut broken = file.clone();
        let at = MAGIC.len() + 4;
        broken[at] = b'#';
        assert!(matches!(
            decode(&broken).unwrap_err(),
            BackupError::BadManifest(_)
        ));
    }

    #[test]
    fn refuses_newer_format() {
        let (_, file) = build(&[b"abc"]);
        let text = String::from_utf8_lossy(&file).replace("\"format\":1", "\"format\":9");
        assert_eq!(
            decode(text.as_bytes()).unwrap_err(),
            BackupError::NewerFormat(9)
        );
    }

    #[test]
    fn no_crafted_or_damaged_backup_panics_and_what_reads_is_consistent() {
        let bodies: [&[u8]; 3] = [b"Account ID,Name\n1,Acme\n", b"", b"x,y\n1,2\n"];
        let (manifest, file) = build(&bodies);
        let json = serde_json::to_value(&manifest).unwrap();
        let payload = &file[file.len() - bodies.iter().map(|body| body.len()).sum::<usize>()..];
        let mut rng = crate::engine::rng::Rng::new(18, 3);
        let mut refused = 0;
        for _ in 0..3_000 {
            let mut crafted = json.clone();
            for _ in 0..1 + rng.below(3) {
                crate::engine::fuzz::mutate_json(&mut crafted, &mut rng);
            }
            let text = serde_json::to_vec(&crafted).unwrap();
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(format!("{}\n", text.len()).as_bytes());
            bytes.extend_from_slice(&text);
            bytes.extend_from_slice(payload);
            // Damaged as well as crafted: a flipped byte, a cut.
            if rng.chance(0.3) {
                let at = rng.below(bytes.len() as u64) as usize;
                bytes[at] = rng.below(256) as u8;
            }
            if rng.chance(0.2) {
                bytes.truncate(rng.below(bytes.len() as u64) as usize);
            }
            match decode(&bytes) {
                Ok((read, read_bodies)) => {
                    assert_eq!(read.check(), Ok(()));
                    assert_eq!(read_bodies.len(), read.datasets.len());
                    for (dataset, body) in read.datasets.iter().zip(read_bodies) {
                        assert_eq!(body.len() as u64, dataset.length);
                        assert_eq!(dataset.meta.workspace_id, read.workspace.id);
                    }
                }
                Err(_) => refused += 1,
            }
        }
        assert!(
            refused > 1_000,
            "most crafted backups are refused: {refused}"
        );
    }

    #[test]
    fn a_backup_naming_another_workspace_or_wrapping_offsets_is_refused() {
        let (manifest, file) = build(&[b"abc"]);
        let with = |change: &dyn Fn(&mut Manifest)| {
            let mut crafted = manifest.clone();
            change(&mut crafted);
            let json = serde_json::to_vec(&crafted).unwrap();
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(format!("{}\n", json.len()).as_bytes());
            bytes.extend_from_slice(&json);
            bytes.extend_from_slice(&file[file.len() - 3..]);
            decode(&bytes)
                .map(|_| ())
                .map_err(|error| error.to_string())
        };
        assert_eq!(with(&|_| {}), Ok(()));
        let refused = [
            with(&|m| m.datasets[0].meta.workspace_id = "w-other".into()),
            with(&|m| m.datasets[0].offset = u64::MAX - 10),
            with(&|m| m.workspace.settings.accept_threshold = 9),
            with(&|m| m.workspace.settings.time_zone = "Mars/Olympus".into()),
            with(&|m| m.datasets[0].meta.options.delimiter = Some(0xE9)),
            with(&|m| m.datasets.push(m.datasets[0].clone())),
        ];
        for (at, outcome) in refused.iter().enumerate() {
            assert!(outcome.is_err(), "case {at} was accepted");
        }
        assert!(refused[0]
            .as_ref()
            .unwrap_err()
            .contains("another workspace"));
        assert!(refused[1].as_ref().unwrap_err().contains("beyond the end"));
    }
}
