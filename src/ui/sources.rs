//! `#/w/<id>/sources`: the workspace's datasets. Add files (picker, or drop them
//! anywhere on the page), say what kind each one is, download the original back,
//! delete.

use crate::engine::display::{format_timestamp, human_count, human_size};
use crate::engine::export::ExportFormat;
use crate::engine::ingest::{guess_kind, KindClue};
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::{DatasetMeta, Workspace};
use crate::ui::app::AppState;
use crate::ui::browser;
use crate::ui::components::page_heading::PageHeading;
use crate::ui::route::Route;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A file the person chose or dropped, waiting for its kind to be confirmed.
#[derive(Clone)]
struct PendingFile {
    key: u32,
    file: web_sys::File,
    kind: Option<SourceKind>,
    /// What the kind was guessed from, shown for the person to confirm.
    clue: Option<KindClue>,
}

/// The bytes of a file's head its kind is guessed from.
const GUESS_BYTES: f64 = 65_536.0;

#[component]
pub fn SourcesView(workspace: Workspace) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Files hold browser handles, which live on this thread only.
    let pending: RwSignal<Vec<PendingFile>, LocalStorage> = RwSignal::new_local(Vec::new());
    let dragging = RwSignal::new(false);
    let next_key = StoredValue::new(0u32);

    // Each file is listed once its kind is guessed from its name and headers.
    let queue = move |files: Vec<web_sys::File>| {
        for file in files {
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            spawn_local(async move {
                let head = file
                    .slice_with_f64_and_f64(0.0, GUESS_BYTES)
                    .map_err(|_| String::new());
                let head = match head {
                    Ok(head) => browser::read_bytes(&head).await.unwrap_or_default(),
                    Err(_) => Vec::new(),
                };
                let guess = guess_kind(&file.name(), &head);
                pending.try_update(|pending| {
                    pending.push(PendingFile {
                        key,
                        file,
                        kind: guess.map(|(kind, _)| kind),
                        clue: guess.map(|(_, clue)| clue),
                    })
                });
            });
        }
    };

    // Drop anywhere on the page while this view is open.
    let over = window_event_listener(leptos::ev::dragover, move |event| {
        event.prevent_default();
        dragging.set(true);
    });
    let left = window_event_listener(leptos::ev::dragleave, move |event| {
        // Leaving the window, not moving between elements.
        if event.related_target().is_none() {
            dragging.set(false);
        }
    });
    let dropped = window_event_listener(leptos::ev::drop, move |event| {
        event.prevent_default();
        dragging.set(false);
        if let Some(files) = event.data_transfer().and_then(|transfer| transfer.files()) {
            queue(
                (0..files.length())
                    .filter_map(|index| files.get(index))
                    .collect(),
            );
        }
    });
    on_cleanup(move || {
        over.remove();
        left.remove();
        dropped.remove();
    });

    let picked = move |event: leptos::ev::Event| queue(browser::chosen_files(&event));

    let workspace_id = workspace.id.clone();
    let has_datasets = move || !state.datasets.with(Vec::is_empty);
    view! {
        <div class="drop-overlay" class:visible=move || dragging.get() aria-hidden="true">
            <p>"Drop your CSV files to add them to “"{workspace.name.clone()}"”"</p>
        </div>
        <section>
            <PageHeading title="Sources" help="inputs.html"/>
            <p class="muted">"The datasets of “"{workspace.name.clone()}"”. Original files are kept as they were loaded."</p>
            <Show when=has_datasets fallback=move || view! { <EmptySources workspace=workspace.clone()/> }>
                <DatasetTable/>
                <StorageKept/>
            </Show>
        </section>
        <section class="panel">
            <h2>"Add files"</h2>
            <p class="muted">"CSV exports from your CRM, company database, people data, seats or activity log. Drop them anywhere on this page, or:"</p>
            <label class="file-button">
                "Choose CSV files…"
                <input type="file" multiple=true accept=".csv,.tsv,.txt,text/csv" on:change=picked/>
            </label>
            <PendingFiles pending=pending workspace_id=workspace_id/>
        </section>
    }
}

/// Whether the browser keeps these files until the person deletes them.
#[component]
fn StorageKept() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.storage.kept.get().map(|kept| {
            view! {
                <p class="muted storage-kept" role="status">{if kept {
                    "This browser keeps these files until you delete them."
                } else {
                    "This browser may clear these files when its disk runs low: download a backup (Workspaces) to keep a copy."
                }}</p>
            }
        })
    }
}

#[component]
fn EmptySources(workspace: Workspace) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="empty-state">
            <h2>"No data yet"</h2>
            <p>"Add your own CSV exports below, or fill this workspace with a realistic demo: CRM accounts, a company database, people, seats, activity, signals and opportunities."</p>
            <button type="button" class="primary" on:click=move |_| {
                let workspace = workspace.clone();
                spawn_local(async move { state.load_demo_into(&workspace).await });
            }>"Load demo workspace"</button>
        </div>
    }
}

#[component]
fn DatasetTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <table class="data-table">
            <caption class="visually-hidden">"Datasets in this workspace"</caption>
            <thead>
                <tr>
                    <th scope="col">"File"</th>
                    <th scope="col">"Kind"</th>
                    <th scope="col" class="numeric">"Rows"</th>
                    <th scope="col" class="numeric">"Quarantined"</th>
                    <th scope="col" class="numeric">"Warnings"</th>
                    <th scope="col" class="numeric">"Size"</th>
                    <th scope="col">"Loaded (UTC)"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                // Keyed by the whole record: a replaced or re-read dataset keeps
                // its id, and its row must show what changed.
                <For each=move || state.datasets.get() key=|dataset| dataset.clone() let:dataset>
                    <DatasetRow dataset=dataset/>
                </For>
            </tbody>
        </table>
    }
}

#[component]
fn DatasetRow(dataset: DatasetMeta) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (for_download, for_delete, for_quarantine, for_replace) = (
        dataset.clone(),
        dataset.clone(),
        dataset.clone(),
        dataset.clone(),
    );
    let replace = move |event: leptos::ev::Event| {
        if let Some(file) = browser::chosen_files(&event).into_iter().next() {
            let dataset = for_replace.clone();
            spawn_local(async move { state.replace_dataset(dataset, file).await });
        }
    };
    let summary = dataset.ingest.clone();
    let count = |pick: fn(&crate::engine::workspace::IngestSummary) -> u64| {
        summary
            .as_ref()
            .filter(|summary| summary.problem.is_none())
            .map(|summary| human_count(pick(summary)))
            .unwrap_or_else(|| "—".to_string())
    };
    let quarantined = summary.as_ref().map_or(0, |summary| summary.quarantined);
    let how_read = summary.as_ref().map(|summary| match &summary.problem {
        Some(problem) => view! { <span class="problem">"Cannot be used yet: "{problem.clone()}</span> }.into_any(),
        None => view! { <span class="muted">{format!("{} · delimiter {}", summary.encoding, summary.delimiter)}</span> }.into_any(),
    });
    let delete = move |_| {
        let dataset = for_delete.clone();
        if browser::confirm(&format!("Delete {} from this workspace?", dataset.name)) {
            spawn_local(async move { state.delete_dataset(dataset).await });
        }
    };
    view! {
        <tr>
            <th scope="row" class="file-name">
                <a href=Route::Dataset { workspace_id: dataset.workspace_id.clone(), dataset_id: dataset.id.clone() }.href()>
                    {dataset.name.clone()}
                </a>
                <br/>
                <small>{how_read}</small>
            </th>
            <td>{dataset.kind.label()}</td>
            <td class="numeric">{count(|summary| summary.accepted)}</td>
            <td class="numeric">
                {count(|summary| summary.quarantined)}
                {(quarantined > 0).then(|| view! {
                    " "
                    <button type="button" class="link" aria-label=format!("Download the quarantined rows of {}", dataset.name) on:click=move |_| {
                        let dataset = for_quarantine.clone();
                        spawn_local(async move { state.download_quarantine(dataset, ExportFormat::Comma).await });
                    }>"Download"</button>
                })}
            </td>
            <td class="numeric">{count(|summary| summary.warnings)}</td>
            <td class="numeric">{human_size(dataset.size_bytes)}</td>
            <td>{format_timestamp(dataset.loaded_at_ms)}</td>
            <td class="row-actions">
                <button type="button" aria-label=format!("Download {}", dataset.name) on:click=move |_| {
                    let dataset = for_download.clone();
                    spawn_local(async move { state.download_dataset(dataset).await });
                }>"Download"</button>
                <label class="file-button">
                    "Replace…"
                    <input type="file" accept=".csv,.tsv,.txt,text/csv" aria-label=format!("Replace {} with a newer export", dataset.name) on:change=replace/>
                </label>
                <button type="button" class="danger" aria-label=format!("Delete {}", dataset.name) on:click=delete>
                    "Delete"
                </button>
            </td>
        </tr>
    }
}

/// Files waiting for the person to confirm their kind.
#[component]
fn PendingFiles(
    pending: RwSignal<Vec<PendingFile>, LocalStorage>,
    workspace_id: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let workspace_id = StoredValue::new(workspace_id);
    let add = move |key: u32| {
        let Some(item) =
            pending.with_untracked(|pending| pending.iter().find(|item| item.key == key).cloned())
        else {
            return;
        };
        let Some(kind) = item.kind else {
            state.feedback.fail(format!(
                "Choose what kind of data {} holds.",
                item.file.name()
            ));
            return;
        };
        spawn_local(async move {
            if state
                .add_file(&workspace_id.get_value(), item.file, kind)
                .await
            {
                pending.try_update(|pending| pending.retain(|other| other.key != key));
            }
        });
    };
    let add_all = move |_| {
        let keys: Vec<u32> =
            pending.with_untracked(|pending| pending.iter().map(|item| item.key).collect());
        for key in keys {
            add(key);
        }
    };
    view! {
        <Show when=move || !pending.with(Vec::is_empty)>
            <div class="pending">
                <h3>"Say what each file holds"</h3>
                <ul class="pending-list">
                    <For each=move || pending.get() key=|item| item.key let:item>
                        <PendingRow item=item pending=pending on_add=add/>
                    </For>
                </ul>
                <button type="button" class="primary" on:click=add_all>"Add all"</button>
            </div>
        </Show>
    }
}

#[component]
fn PendingRow(
    item: PendingFile,
    pending: RwSignal<Vec<PendingFile>, LocalStorage>,
    on_add: impl Fn(u32) + Copy + 'static,
) -> impl IntoView {
    let key = item.key;
    let select_id = format!("pending-kind-{key}");
    let name = item.file.name();
    let size = human_size(item.file.size() as u64);
    let current = item
        .kind
        .map(|kind| kind.as_str().to_string())
        .unwrap_or_default();
    let choose = move |event: leptos::ev::Event| {
        let kind = event_target_value(&event).parse::<SourceKind>().ok();
        pending.update(|pending| {
            if let Some(item) = pending.iter_mut().find(|item| item.key == key) {
                item.kind = kind;
            }
        });
    };
    view! {
        <li class="pending-row">
            <span class="file-name">{name.clone()}</span>
            <span class="muted">{size}</span>
            <label for=select_id.clone()>"Kind"</label>
            {item.clue.map(|clue| view! {
                <span class="muted">{match clue {
                    KindClue::FileName => "guessed from its name",
                    KindClue::Headers => "guessed from its headers",
                }}</span>
            })}
            <select id=select_id on:change=choose>
                <option value="" selected=current.is_empty()>"Choose…"</option>
                {SourceKind::ALL
                    .into_iter()
                    .map(|kind| {
                        view! {
                            <option value=kind.as_str() selected=current == kind.as_str() title=kind.description()>
                                {kind.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="button" class="primary" aria-label=format!("Add {name}") on:click=move |_| on_add(key)>"Add"</button>
            <button type="button" aria-label=format!("Remove {name} from the list") on:click=move |_| {
                pending.update(|pending| pending.retain(|item| item.key != key));
            }>"Remove"</button>
        </li>
    }
}
