//! The empty state of a page whose files are not there yet: what it needs, in
//! words, and the way to add them.

use crate::ui::route::Route;
use leptos::prelude::*;

/// "What this page needs", then a link to the workspace's sources.
#[component]
pub fn NeedsInputs(
    /// The workspace whose sources the link opens.
    workspace_id: String,
    /// What the page does and which files it needs, as a sentence.
    needs: &'static str,
) -> impl IntoView {
    view! {
        <div class="empty-state">
            <p>{needs}</p>
            <p><a href=Route::Sources { workspace_id }.href()>"Add them on Sources"</a>" (or load the demo workspace there)."</p>
        </div>
    }
}
