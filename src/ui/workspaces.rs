//! `#/workspaces`: create, open, rename, delete, back up and restore workspaces.
//! With no workspace yet, it is the welcome page: the demo is one click away.

use crate::engine::display::format_timestamp;
use crate::engine::workspace::Workspace;
use crate::ui::app::AppState;
use crate::ui::browser;
use crate::ui::components::page_heading::PageHeading;
use crate::ui::route::Route;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn WorkspacesView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_workspaces = move || !state.workspaces.with(Vec::is_empty);
    view! {
        <Show when=has_workspaces fallback=|| view! { <Welcome/> }>
            <section>
                <PageHeading title="Workspaces" help="getting-started.html"/>
                <p class="muted">"Each workspace holds its own datasets, settings and decisions, in this browser only."</p>
                <WorkspaceTable/>
            </section>
        </Show>
        <section class="panel">
            <h2>"New workspace"</h2>
            <CreateWorkspace/>
        </section>
        <section class="panel">
            <h2>"Restore a backup"</h2>
            <RestoreBackup/>
        </section>
    }
}

/// The first thing a new user sees.
#[component]
fn Welcome() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="welcome">
            <h1>"Welcome to Sightline"</h1>
            <p class="lead">
                "Match your CRM accounts to company data, count the people you sell to, find whitespace, \
                 score accounts and report on your sales team's usage — all inside this browser. \
                 Nothing you load leaves your machine."
            </p>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| spawn_local(async move { state.load_demo_workspace().await })>
                    "Load demo workspace"
                </button>
                <span class="muted">"or create an empty workspace below and add your own CSV exports."</span>
                <a href="docs/getting-started.html" target="_blank" rel="noopener">"Read the getting-started guide"</a>
            </div>
        </section>
    }
}

#[component]
fn CreateWorkspace() -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = RwSignal::new(String::new());
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen = name.get_untracked();
        if chosen.trim().is_empty() {
            state.feedback.fail("Give the workspace a name.");
            return;
        }
        spawn_local(async move {
            if let Some(workspace) = state.create_workspace(&chosen).await {
                name.try_set(String::new());
                browser::navigate(&Route::Sources {
                    workspace_id: workspace.id,
                });
            }
        });
    };
    view! {
        <form class="inline-form" on:submit=create>
            <label for="new-workspace-name">"Name"</label>
            <input
                id="new-workspace-name"
                type="text"
                placeholder="e.g. EMEA enterprise Q3"
                maxlength="120"
                prop:value=move || name.get()
                on:input=move |event| name.set(event_target_value(&event))
            />
            <button type="submit" class="primary">"Create workspace"</button>
        </form>
    }
}

#[component]
fn WorkspaceTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <table class="data-table">
            <caption class="visually-hidden">"Your workspaces"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                <For
                    each=move || state.workspaces.get()
                    key=|workspace| (workspace.id.clone(), workspace.name.clone())
                    let:workspace
                >
                    <WorkspaceRow workspace=workspace/>
                </For>
            </tbody>
        </table>
    }
}

#[component]
fn WorkspaceRow(workspace: Workspace) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Renaming is local to the row until it is saved.
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(workspace.name.clone());
    let href = Route::Sources {
        workspace_id: workspace.id.clone(),
    }
    .href();
    let input_id = format!("rename-{}", workspace.id);
    let (for_save, for_backup, for_delete) =
        (workspace.clone(), workspace.clone(), workspace.clone());
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let name = draft.get_untracked();
        if name.trim().is_empty() {
            state.feedback.fail("A workspace needs a name.");
            return;
        }
        let workspace = for_save.clone();
        spawn_local(async move {
            state.rename_workspace(workspace, &name).await;
            editing.try_set(false);
        });
    };
    let delete = move |_| {
        let workspace = for_delete.clone();
        let question = format!(
            "Delete the workspace “{}” and all its datasets from this browser? Download a backup first if you may need it.",
            workspace.name
        );
        if browser::confirm(&question) {
            spawn_local(async move { state.delete_workspace(workspace).await });
        }
    };
    let name = workspace.name.clone();
    view! {
        <tr>
            <td>
                <Show
                    when=move || editing.get()
                    fallback={
                        let name = name.clone();
                        let href = href.clone();
                        move || view! { <a href=href.clone()>{name.clone()}</a> }
                    }
                >
                    <form class="inline-form" on:submit=save.clone()>
                        <label class="visually-hidden" for=input_id.clone()>"New name"</label>
                        <input
                            id=input_id.clone()
                            type="text"
                            maxlength="120"
                            prop:value=move || draft.get()
                            on:input=move |event| draft.set(event_target_value(&event))
                        />
                        <button type="submit" class="primary">"Save"</button>
                        <button type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </form>
                </Show>
            </td>
            <td>{format_timestamp(workspace.created_at_ms)}" UTC"</td>
            <td class="row-actions">
                <button type="button" on:click=move |_| editing.set(true)>"Rename"</button>
                <button type="button" on:click=move |_| {
                    let workspace = for_backup.clone();
                    spawn_local(async move { state.download_backup(workspace).await });
                }>"Download backup"</button>
                <button type="button" class="danger" on:click=delete>"Delete"</button>
            </td>
        </tr>
    }
}

#[component]
fn RestoreBackup() -> impl IntoView {
    let state = expect_context::<AppState>();
    let chosen = move |event: leptos::ev::Event| {
        if let Some(file) = browser::chosen_files(&event).into_iter().next() {
            spawn_local(async move { state.restore_backup(file).await });
        }
    };
    view! {
        <p class="muted">"A backup file (" <code>".sightline"</code> ") holds a whole workspace: its datasets, settings and decisions."</p>
        <label class="file-button">
            "Choose a backup file…"
            <input type="file" accept=".sightline,application/octet-stream" on:change=chosen/>
        </label>
    }
}
