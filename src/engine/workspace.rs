//! The records a workspace is made of, as they are persisted (IndexedDB in the
//! page, a backup file anywhere).
//!
//! These are plain data shared by the browser store, the UI and the backup format.
//! Every field added after the first schema carries `#[serde(default)]`, so a record
//! written by an older version still reads: that is the record-level half of the
//! migration path (the store's object stores and indexes are the other half, see
//! `store::schema`).

use crate::engine::source_kind::SourceKind;
use serde::{Deserialize, Serialize};

/// A named collection of datasets, settings and decisions. Everything Sightline
/// knows lives in exactly one workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    /// Milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    #[serde(default)]
    pub settings: WorkspaceSettings,
}

/// Per-workspace settings. Later features add their own fields here, each with a
/// default, so old workspaces read without a migration step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceSettings {
    /// IANA zone name or fixed offset for usage-report days (`docs/usage.md`, "Days, the as-of date and the range").
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// Matches at or above this score are accepted (`docs/matching.md`).
    #[serde(default = "default_accept_threshold")]
    pub accept_threshold: u8,
    /// Below this score an account is unmatched rather than in review.
    #[serde(default = "default_review_floor")]
    pub review_floor: u8,
}

fn default_review_floor() -> u8 {
    crate::engine::matching::outcome::DEFAULT_REVIEW_FLOOR
}

fn default_time_zone() -> String {
    "UTC".to_string()
}

fn default_accept_threshold() -> u8 {
    4
}

impl Default for WorkspaceSettings {
    fn default() -> Self {
        WorkspaceSettings {
            time_zone: default_time_zone(),
            accept_threshold: default_accept_threshold(),
            review_floor: default_review_floor(),
        }
    }
}

/// What the workspace records about one loaded file. The file's bytes are kept
/// beside it, untouched, so it can always be re-read and downloaded again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DatasetMeta {
    pub id: String,
    pub workspace_id: String,
    /// The file name as the person loaded it.
    pub name: String,
    pub kind: SourceKind,
    pub size_bytes: u64,
    /// Milliseconds since the Unix epoch.
    pub loaded_at_ms: i64,
    /// How the file read: `None` until it was read.
    #[serde(default)]
    pub ingest: Option<IngestSummary>,
    /// The delimiter and mapping a person chose (automatic where unset); saved
    /// so that re-reading never asks for anything again.
    #[serde(default)]
    pub options: crate::engine::ingest::IngestOptions,
}

impl DatasetMeta {
    /// Names the version of the dataset's file: a cached reading made from
    /// another version (the file before a replace) is never used for this one.
    pub fn file_key(&self) -> String {
        format!("{}|{}|{}", self.name, self.size_bytes, self.loaded_at_ms)
    }

    /// Names one reading of the dataset: its file's version and the options
    /// it is read with (what is computed from a reading is stale once this
    /// changes).
    pub fn reading_key(&self) -> String {
        format!(
            "{}@{}:{}",
            self.id,
            self.file_key(),
            serde_json::to_string(&self.options).unwrap_or_default()
        )
    }
}

/// What reading a dataset's file gave, in a few numbers (the full report, with
/// the quarantined rows, is re-derived from the kept file when asked for).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IngestSummary {
    pub encoding: String,
    pub delimiter: String,
    pub accepted: u64,
    pub quarantined: u64,
    pub warnings: u64,
    /// Why the file could not be used at all (say, a required field that no
    /// column feeds); the file is kept so that it can be mapped by hand.
    #[serde(default)]
    pub problem: Option<String>,
}

impl IngestSummary {
    pub fn of(report: &crate::engine::ingest::IngestReport) -> IngestSummary {
        IngestSummary {
            encoding: report.encoding.to_string(),
            delimiter: match report.delimiter {
                '\t' => "tab".to_string(),
                other => other.to_string(),
            },
            accepted: report.accepted,
            quarantined: report.quarantined.len() as u64,
            warnings: report.warnings,
            problem: None,
        }
    }

    pub fn failed(problem: String) -> IngestSummary {
        IngestSummary {
            encoding: String::new(),
            delimiter: String::new(),
            accepted: 0,
            quarantined: 0,
            warnings: 0,
            problem: Some(problem),
        }
    }
}

/// The newest dataset of a kind (the one matching uses).
pub fn newest(datasets: &[DatasetMeta], kind: SourceKind) -> Option<DatasetMeta> {
    datasets
        .iter()
        .filter(|dataset| dataset.kind == kind)
        .max_by_key(|dataset| dataset.loaded_at_ms)
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_key_changes_with_the_file_and_the_options_only() {
        let dataset = DatasetMeta {
            id: "d1".into(),
            workspace_id: "w1".into(),
            name: "accounts.csv".into(),
            kind: SourceKind::Accounts,
            size_bytes: 120,
            loaded_at_ms: 5,
            ingest: None,
            options: Default::default(),
        };
        let key = dataset.reading_key();
        let read = DatasetMeta {
            ingest: Some(IngestSummary {
                encoding: "UTF-8".into(),
                delimiter: ",".into(),
                accepted: 3,
                quarantined: 0,
                warnings: 0,
                problem: None,
            }),
            ..dataset.clone()
        };
        assert_eq!(read.reading_key(), key, "reading it changes nothing");
        let replaced = DatasetMeta {
            size_bytes: 130,
            loaded_at_ms: 9,
            ..dataset.clone()
        };
        let remapped = DatasetMeta {
            options: crate::engine::ingest::IngestOptions {
                delimiter: Some(b';'),
                mapping: None,
            },
            ..dataset.clone()
        };
        assert_ne!(replaced.reading_key(), key);
        assert_ne!(remapped.reading_key(), key);
    }

    #[test]
    fn the_newest_dataset_of_a_kind_is_the_last_loaded() {
        let dataset = |id: &str, kind, loaded_at_ms| DatasetMeta {
            id: id.into(),
            workspace_id: "w1".into(),
            name: format!("{id}.csv"),
            kind,
            size_bytes: 1,
            loaded_at_ms,
            ingest: None,
            options: Default::default(),
        };
        let datasets = [
            dataset("old", SourceKind::Accounts, 5),
            dataset("new", SourceKind::Accounts, 9),
            dataset("people", SourceKind::People, 12),
        ];
        let id = |kind| newest(&datasets, kind).map(|dataset| dataset.id);
        assert_eq!(id(SourceKind::Accounts).as_deref(), Some("new"));
        assert_eq!(id(SourceKind::People).as_deref(), Some("people"));
        assert_eq!(id(SourceKind::Companies), None);
    }

    #[test]
    fn older_records_read_with_defaults() {
        // A workspace written before settings existed, and a dataset before rows.
        let workspace: Workspace =
            serde_json::from_str(r#"{"id":"w1","name":"Q3","created_at_ms":5}"#).unwrap();
        assert_eq!(workspace.settings, WorkspaceSettings::default());
        assert_eq!(workspace.settings.accept_threshold, 4);
        let dataset: DatasetMeta = serde_json::from_str(
            r#"{"id":"d","workspace_id":"w1","name":"a.csv","kind":"accounts","size_bytes":9,"loaded_at_ms":1}"#,
        )
        .unwrap();
        assert_eq!(dataset.ingest, None);
    }
}
