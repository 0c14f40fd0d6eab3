//! One headline figure: its value large, what it counts under it, and an
//! optional note (a change on the previous period). The Matching summary,
//! the Accounts headline and the Usage cards all show theirs this way.

use leptos::prelude::*;

#[component]
pub fn Figure(
    /// The value as people read it ("1,234", "92.5%"); may be reactive.
    #[prop(into)]
    value: Signal<String>,
    #[prop(into)] label: String,
    #[prop(optional, into)] note: Option<String>,
) -> impl IntoView {
    view! {
        <div class="figure">
            <span class="figure-value">{move || value.get()}</span>
            <span class="figure-label">{label}</span>
            {note.map(|note| view! { <span class="figure-change muted">{note}</span> })}
        </div>
    }
}
