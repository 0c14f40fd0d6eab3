//! The whole page: the contexts every view uses, the route following the URL,
//! the store opened, and the shell around the views.

use crate::ui::app::AppState;
use crate::ui::browser;
use crate::ui::matching_run::MatchingState;
use crate::ui::route::Route;
use crate::ui::shell::Shell;
use crate::ui::storage::StoreStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(Route::parse(&browser::hash()));
    provide_context(state);
    // The shell's notice, progress bar and save status need nothing else of
    // the state.
    provide_context(state.feedback);
    provide_context(state.storage);
    provide_context(MatchingState::new(state));

    // The route follows the URL fragment (Back, Forward, links, typed URLs).
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        state.route.set(Route::parse(&browser::hash()));
    });
    on_cleanup(move || listener.remove());

    spawn_local(state.open_store());

    // Sync with the store whenever the route changes and the store is open.
    Effect::new(move |_| {
        let route = state.route.get();
        if state.storage.status.get() == StoreStatus::Ready {
            spawn_local(state.show_route(route));
        }
    });

    view! { <Shell/> }
}
