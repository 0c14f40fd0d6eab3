//! The download buttons of a table: the same table as a CSV file or as an
//! Excel workbook (`engine::export`). Every page's table downloads through
//! these, so each offers both.

use crate::engine::export::ExportFormat;
use leptos::prelude::*;

#[component]
pub fn DownloadButtons(
    /// What is downloaded, in the buttons' words: "matches", "these rows".
    #[prop(into)]
    what: String,
    /// Writes the table in the chosen format and offers it.
    download: impl Fn(ExportFormat) + Clone + 'static,
    /// The page's main action (styled as such).
    #[prop(optional)]
    primary: bool,
) -> impl IntoView {
    let excel_label = format!("Download {what} (Excel)");
    let download_excel = download.clone();
    view! {
        <span class="download-buttons" role="group" aria-label=format!("Download {what}")>
            <button type="button" class:primary=primary on:click=move |_| download(ExportFormat::Comma)>
                {format!("Download {what} (CSV)")}
            </button>
            <button type="button" class:primary=primary aria-label=excel_label.clone() title=excel_label
                on:click=move |_| download_excel(ExportFormat::Excel)>
                "Excel"
            </button>
        </span>
    }
}
