//! The workspace store (IndexedDB) as the page holds it: whether it is open,
//! the writes in flight (the header's "Saving…"), and whether the browser
//! keeps the site's data. Every read and write of the page goes through
//! [`Storage::with_store`] or [`Storage::save`], which report a failure as a
//! notice. Provided as its own context, so that the header needs nothing else.

use crate::store::Store;
use crate::ui::browser;
use crate::ui::feedback::Feedback;
use leptos::prelude::*;
use std::fmt::Display;

/// Whether the store can be used yet.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreStatus {
    Opening,
    Ready,
    /// Another tab holds an older version open; opening resumes when it closes.
    Blocked,
    Failed(String),
}

/// The store and what the page shows of it.
#[derive(Clone, Copy)]
pub struct Storage {
    store: StoredValue<Option<Store>, LocalStorage>,
    pub status: RwSignal<StoreStatus>,
    /// Writes to the store not yet committed (see [`Storage::save`]).
    pub writes_in_flight: RwSignal<usize>,
    /// Whether the browser keeps this site's data until the person deletes
    /// it (`navigator.storage.persisted()`); `None` until known.
    pub kept: RwSignal<Option<bool>>,
    /// Where a failed read or write is said.
    feedback: Feedback,
}

impl Storage {
    pub fn new(feedback: Feedback) -> Storage {
        Storage {
            store: StoredValue::new_local(None),
            status: RwSignal::new(StoreStatus::Opening),
            writes_in_flight: RwSignal::new(0),
            kept: RwSignal::new(None),
            feedback,
        }
    }

    pub fn store(&self) -> Option<Store> {
        self.store.get_value()
    }

    /// Opens the store (the status says when another tab blocks it, or why
    /// it failed). [`StoreStatus::Ready`] is for the caller to set, once what
    /// it reads first is read.
    pub async fn open(&self) -> bool {
        let status = self.status;
        match Store::open(move || status.set(StoreStatus::Blocked)).await {
            Ok(store) => {
                self.store.set_value(Some(store));
                self.kept.set(browser::storage_persisted().await);
                true
            }
            Err(error) => {
                self.status.set(StoreStatus::Failed(error.to_string()));
                false
            }
        }
    }

    /// Runs `work` with the store, reporting its error as a notice. Returns
    /// `None` when the store is not open or the work failed.
    pub(crate) async fn with_store<T, E: Display>(
        &self,
        work: impl AsyncFnOnce(Store) -> Result<T, E>,
    ) -> Option<T> {
        let Some(store) = self.store() else {
            self.feedback.fail("The workspace store is not open yet.");
            return None;
        };
        match work(store).await {
            Ok(value) => Some(value),
            Err(error) => {
                self.feedback.fail(error);
                None
            }
        }
    }

    /// [`Storage::with_store`] for a write. While one is in flight the header
    /// says "Saving…" instead of "Saved in this browser": a reload or a closed tab
    /// in that moment would abort it, so the person can see when leaving is safe.
    pub async fn save<T, E: Display>(
        &self,
        work: impl AsyncFnOnce(Store) -> Result<T, E>,
    ) -> Option<T> {
        self.writes_in_flight.update(|count| *count += 1);
        let outcome = self.with_store(work).await;
        self.writes_in_flight.update(|count| *count -= 1);
        outcome
    }

    /// Asks the browser to keep the stored files (it may otherwise clear them
    /// when its disk runs low), once some are stored; the page says whether
    /// it agreed. Not awaited: a browser may ask the person first.
    pub fn keep(self) {
        if self.kept.get_untracked() != Some(true) {
            leptos::task::spawn_local(async move {
                let kept = browser::persist_storage().await;
                self.kept.set(kept);
            });
        }
    }
}
