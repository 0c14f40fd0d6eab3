//! The entries a workspace keeps beside its datasets, each a type that names
//! its key: whatever reads an entry reads the one that was saved.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A setting or record a workspace keeps beside its datasets (the report's
/// settings, the CRM profile, the export ledger, …), under one key. The type
/// names its key, so whatever reads an entry reads the one that was saved.
pub trait Entry: Serialize + DeserializeOwned + Default + Clone {
    /// The key it is saved under, unique in a workspace.
    const KEY: &'static str;
}
