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

/// Changes the workspace's saved entry `T` in the store itself: for a change
/// that comes after its view has closed (its signal is gone).
pub async fn change_saved_entry<T: Entry + Send + Sync + 'static>(
    state: AppState,
    workspace_id: String,
    change: impl FnOnce(&mut T),
) {
    state
        .storage
        .save(async |store: Store| {
            let mut value = store
                .entry::<T>(&workspace_id, T::KEY)
                .await?
                .unwrap_or_default();
            change(&mut value);
            store.put_entry(&workspace_id, T::KEY, &value).await
        })
        .await;
}

/// Reads the workspace's entry `T`, and saves it whenever it changes after
/// that (never before: the default would overwrite what was saved; and
/// never a value the store already holds, such as the one just read).
pub fn saved_entry<T: Entry + PartialEq + Send + Sync + 'static>(
    state: AppState,
    workspace_id: String,
) -> Saved<T> {
    let value = RwSignal::new(T::default());
    let loaded = RwSignal::new(false);
    // What the store holds (an absent entry reads as the default).
    let stored: StoredValue<Option<T>> = StoredValue::new(None);
    let reading_id = workspace_id.clone();
    spawn_local(async move {
        let saved = state
            .storage
            .with_store(async |store: Store| store.entry::<T>(&reading_id, T::KEY).await)
            .await
            .flatten()
            .unwrap_or_default();
        stored.try_set_value(Some(saved.clone()));
        value.try_set(saved);
        loaded.try_set(true);
    });
    let workspace_id = StoredValue::new(workspace_id);
    Effect::new(move |_| {
        let current = value.get();
        let unchanged = stored.with_value(|stored| stored.as_ref() == Some(&current));
        if loaded.get_untracked() && !unchanged {
            stored.set_value(Some(current.clone()));
            spawn_local(async move {
                state
                    .storage
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
