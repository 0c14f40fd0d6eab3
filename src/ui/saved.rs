//! A workspace's saved entries as signals: read from the store once when a
//! view opens, then saved whenever they change. Each entry's type names its
//! key ([`Entry`]), so a view cannot read one key and save another.

use crate::engine::entry::Entry;
use crate::store::Store;
use crate::ui::app::AppState;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One saved entry of a workspace.
#[derive(Debug)]
pub struct Saved<T: Send + Sync + 'static> {
    /// The entry: its default until the saved one is read.
    pub value: RwSignal<T>,
    /// The saved entry (or its absence) has been read.
    pub loaded: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for Saved<T> {
    fn clone(&self) -> Saved<T> {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Saved<T> {}

/// Reads the workspace's entry `T`, and saves it whenever it changes after
/// that (never before: the default would overwrite what was saved).
pub fn saved_entry<T: Entry + Send + Sync + 'static>(
    state: AppState,
    workspace_id: String,
) -> Saved<T> {
    let value = RwSignal::new(T::default());
    let loaded = RwSignal::new(false);
    let reading_id = workspace_id.clone();
    spawn_local(async move {
        if let Some(saved) = state
            .with_store(async |store: Store| store.entry::<T>(&reading_id, T::KEY).await)
            .await
            .flatten()
        {
            value.try_set(saved);
        }
        loaded.try_set(true);
    });
    let workspace_id = StoredValue::new(workspace_id);
    Effect::new(move |_| {
        let current = value.get();
        if loaded.get_untracked() {
            spawn_local(async move {
                state
                    .save(async |store: Store| {
                        store
                            .put_entry(&workspace_id.get_value(), T::KEY, &current)
                            .await
                    })
                    .await;
            });
        }
    });
    Saved { value, loaded }
}
