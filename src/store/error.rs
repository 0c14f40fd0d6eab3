//! What can go wrong with the browser store, in words a person can act on.

use std::fmt;

/// A failure of the workspace store. Every variant reads as a sentence the page
/// can show as it is.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// IndexedDB is missing or refused (some private windows, disabled storage).
    Unavailable(String),
    /// The browser's storage quota is full.
    QuotaExceeded,
    /// Another tab holds the database open at an older version.
    Blocked,
    /// The database was written by a newer Sightline than this page.
    VersionTooNew,
    /// A record the page asked for is gone (deleted in another tab, say).
    NotFound(String),
    /// A stored record could not be read back.
    Corrupt(String),
    /// An entry (decisions, personas, …) changed in another tab since this
    /// page read it: this page's change is not saved over it.
    ChangedElsewhere,
    /// A write the store refuses, with why (a backup that would overwrite
    /// another workspace's data).
    Refused(String),
    /// Anything else the browser reported, with its own words.
    Browser(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(cause) => write!(
                f,
                "This browser does not let Sightline store data ({cause}). Allow site storage, or leave private browsing, and reload."
            ),
            StoreError::QuotaExceeded => write!(
                f,
                "The browser's storage for this site is full. Delete a dataset or a workspace (download a backup first) and try again."
            ),
            StoreError::Blocked => write!(
                f,
                "Sightline is open in another tab with an older version. Close that tab to continue."
            ),
            StoreError::VersionTooNew => write!(
                f,
                "This workspace was saved by a newer version of Sightline. Reload the page to get the newest version."
            ),
            StoreError::NotFound(what) => write!(f, "{what} no longer exists (was it deleted in another tab?)."),
            StoreError::Corrupt(cause) => write!(f, "A stored record could not be read: {cause}."),
            StoreError::ChangedElsewhere => write!(
                f,
                "This workspace was changed in another tab since this page read it. Your last change was not saved, so that the other tab's is not lost: reload the page to see it."
            ),
            StoreError::Refused(cause) => write!(f, "Nothing was changed: {cause}."),
            StoreError::Browser(cause) => write!(f, "The browser's storage reported an error: {cause}."),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<idb::Error> for StoreError {
    fn from(error: idb::Error) -> StoreError {
        // idb wraps DOMExceptions; their `name` is the stable part to classify on.
        let text = error.to_string();
        if text.contains("QuotaExceeded") {
            StoreError::QuotaExceeded
        } else if text.contains("VersionError") {
            StoreError::VersionTooNew
        } else {
            StoreError::Browser(text)
        }
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> StoreError {
        StoreError::Corrupt(error.to_string())
    }
}
