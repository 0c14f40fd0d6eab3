//! A page's heading and its Help link: the page's own part of the user
//! documentation (`docs/*.md`, built into `docs/*.html` beside the app by
//! `scripts/docs/build.mjs`), opened in a new tab so the workspace stays.

use leptos::prelude::*;

#[component]
pub fn PageHeading(
    /// The page's title.
    #[prop(into)]
    title: String,
    /// Its help page and section: `"matching.html"`, `"accounts.html#personas"`.
    help: &'static str,
) -> impl IntoView {
    let help_label = format!("Help: {title} (opens in a new tab)");
    view! {
        <div class="page-heading">
            <h1>{title}</h1>
            <a class="help-link" href=format!("docs/{help}") target="_blank" rel="noopener" aria-label=help_label>
                "Help"
            </a>
        </div>
    }
}
