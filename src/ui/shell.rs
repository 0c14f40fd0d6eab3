//! The frame around every view: header with the workspace switcher, navigation,
//! notices, the progress bar, and the view the route asks for.

use crate::engine::display::human_count;
use crate::engine::entry::Entry;
use crate::engine::workspace::Workspace;
use crate::ui::accounts::AccountsView;
use crate::ui::app::AppState;
use crate::ui::browser;
use crate::ui::dataset::DatasetView;
use crate::ui::feedback::Feedback;
use crate::ui::lens::{AlertsSeen, LensView};
use crate::ui::matching::MatchingView;
use crate::ui::personas::PersonasView;
use crate::ui::route::Route;
use crate::ui::sources::SourcesView;
use crate::ui::storage::{Storage, StoreStatus};
use crate::ui::usage::UsageView;
use crate::ui::workspaces::WorkspacesView;
use leptos::prelude::*;

/// Whether every change has reached the store. Everything is kept in this
/// browser only; the words say so, and say when a write is still under way.
#[component]
fn SaveStatus() -> impl IntoView {
    let storage = expect_context::<Storage>();
    view! {
        <p class="save-status muted" role="status">
            {move || if storage.writes_in_flight.get() > 0 { "Saving…" } else { "Saved in this browser" }}
        </p>
    }
}

#[component]
pub fn Shell() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <a class="skip-link" href="#main" on:click=|event| {
            // The fragment is the router's: move focus without changing the route.
            event.prevent_default();
            focus_main();
        }>"Skip to content"</a>
        <header class="app-header">
            <a class="brand" href=Route::Home.href()>
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                " Sightline"
            </a>
            <SaveStatus/>
            <WorkspaceSwitcher/>
        </header>
        <MainNav/>
        <ProgressBar/>
        <NoticeBar/>
        <main id="main" tabindex="-1">
            {move || match state.storage.status.get() {
                StoreStatus::Opening => view! { <p class="muted">"Opening your workspaces…"</p> }.into_any(),
                StoreStatus::Blocked => view! {
                    <div class="callout error" role="alert">
                        <h2>"Waiting for another tab"</h2>
                        <p>"Sightline is open in another tab with an older version. Close that tab and this page continues by itself."</p>
                    </div>
                }.into_any(),
                StoreStatus::Failed(reason) => view! {
                    <div class="callout error" role="alert">
                        <h2>"Sightline cannot store data in this browser"</h2>
                        <p>{reason}</p>
                    </div>
                }.into_any(),
                StoreStatus::Ready => view! { <RouteView/> }.into_any(),
            }}
        </main>
        <footer class="app-footer">
            "Your data stays in this browser: Sightline sends nothing anywhere."
        </footer>
    }
}

fn focus_main() {
    browser::focus_element("main");
}

/// The view of the current route.
#[component]
fn RouteView() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A workspace's page, or the page saying there is no such workspace.
    let in_workspace = move |page: fn(Workspace) -> AnyView| match state.current_workspace() {
        Some(workspace) => page(workspace),
        None => view! { <MissingWorkspace/> }.into_any(),
    };
    move || match state.route.get() {
        Route::Home => view! { <p class="muted">"Opening your last workspace…"</p> }.into_any(),
        Route::Workspaces => view! { <WorkspacesView/> }.into_any(),
        Route::Sources { .. } => {
            in_workspace(|workspace| view! { <SourcesView workspace/> }.into_any())
        }
        Route::Matching { .. } => {
            in_workspace(|workspace| view! { <MatchingView workspace/> }.into_any())
        }
        Route::Personas { .. } => {
            in_workspace(|workspace| view! { <PersonasView workspace/> }.into_any())
        }
        Route::Accounts { .. } => {
            in_workspace(|workspace| view! { <AccountsView workspace/> }.into_any())
        }
        Route::Lens { .. } => in_workspace(|workspace| view! { <LensView workspace/> }.into_any()),
        Route::Usage { .. } => {
            in_workspace(|workspace| view! { <UsageView workspace/> }.into_any())
        }
        Route::Dataset {
            workspace_id,
            dataset_id,
        } => match state.current_workspace() {
            Some(_) => {
                view! { <DatasetView workspace_id=workspace_id dataset_id=dataset_id/> }.into_any()
            }
            None => view! { <MissingWorkspace/> }.into_any(),
        },
        Route::NotFound { fragment } => view! {
            <section class="empty-state">
                <h1>"Page not found"</h1>
                <p>"There is no page at " <code>{fragment}</code> "."</p>
                <p><a href=Route::Workspaces.href()>"Go to your workspaces"</a></p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn MissingWorkspace() -> impl IntoView {
    view! {
        <section class="empty-state">
            <h1>"This workspace does not exist"</h1>
            <p>"It may have been deleted, or this link comes from another browser. Workspaces live in the browser that created them; use a backup to move one."</p>
            <p><a href=Route::Workspaces.href()>"Go to your workspaces"</a></p>
        </section>
    }
}

/// Picks the current workspace; switching goes to its sources.
#[component]
fn WorkspaceSwitcher() -> impl IntoView {
    let state = expect_context::<AppState>();
    let current_id = move || state.workspace_id.get().unwrap_or_default();
    view! {
        <Show when=move || !state.workspaces.with(Vec::is_empty)>
            <div class="workspace-switcher">
                <label for="workspace-switcher">"Workspace"</label>
                <select
                    id="workspace-switcher"
                    prop:value=current_id
                    on:change=move |event| {
                        let workspace_id = event_target_value(&event);
                        if !workspace_id.is_empty() {
                            browser::navigate(&Route::Sources { workspace_id });
                        }
                    }
                >
                    <option value="" disabled=true selected=move || current_id().is_empty()>"Choose…"</option>
                    <For
                        each=move || state.workspaces.get()
                        key=|workspace| (workspace.id.clone(), workspace.name.clone())
                        let:workspace
                    >
                        <option value=workspace.id.clone() selected=move || current_id() == workspace.id>
                            {workspace.name.clone()}
                        </option>
                    </For>
                </select>
            </div>
        </Show>
    }
}

/// Links to the areas that exist. An area appears here when it works.
#[component]
fn MainNav() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The badge: read from the workspace whenever the workspace changes (the
    // lens keeps it current while it is open).
    Effect::new(move |_| {
        let Some(workspace_id) = state.workspace_id.get() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let seen = state
                .storage
                .with_store(async |store: crate::store::Store| {
                    store
                        .entry::<AlertsSeen>(&workspace_id, AlertsSeen::KEY)
                        .await
                })
                .await
                .flatten();
            state.new_alerts.try_set(seen.map(|seen| seen.new_alerts()));
        });
    });
    let link = move |route: Route, label: &'static str| {
        let is_lens = matches!(route, Route::Lens { .. });
        let href = route.href();
        // A dataset's page belongs to its workspace's sources.
        let is_current = move || match (state.route.get(), &route) {
            (
                Route::Dataset { workspace_id, .. },
                Route::Sources {
                    workspace_id: sources_of,
                },
            ) => &workspace_id == sources_of,
            (current, route) => &current == route,
        };
        view! {
            <li>
                <a href=href aria-current=move || is_current().then_some("page")>
                    {label}
                    {move || is_lens.then(|| state.new_alerts.get()).flatten().filter(|count| *count > 0).map(|count| view! {
                        <span class="badge">{format!("{} new", human_count(count as u64))}<span class="visually-hidden">" alerts"</span></span>
                    })}
                </a>
            </li>
        }
    };
    view! {
        <nav class="main-nav" aria-label="Main">
            <ul>
                {move || state.workspace_id.get().map(|workspace_id| view! {
                    {link(Route::Sources { workspace_id: workspace_id.clone() }, "Sources")}
                    {link(Route::Matching { workspace_id: workspace_id.clone() }, "Matching")}
                    {link(Route::Personas { workspace_id: workspace_id.clone() }, "Personas")}
                    {link(Route::Accounts { workspace_id: workspace_id.clone() }, "Accounts")}
                    {link(Route::Lens { workspace_id: workspace_id.clone() }, "Lens")}
                    {link(Route::Usage { workspace_id }, "Usage")}
                })}
                {link(Route::Workspaces, "Workspaces")}
            </ul>
        </nav>
    }
}

#[component]
fn ProgressBar() -> impl IntoView {
    let feedback = expect_context::<Feedback>();
    move || {
        feedback.progress.get().map(|progress| {
            view! {
                <div class="progress" role="status">
                    <label for="work-progress">{progress.label.clone()}</label>
                    <progress id="work-progress" max=progress.total value=progress.done>
                        {format!("{} of {}", progress.done, progress.total)}
                    </progress>
                    {progress.cancellable.then(|| view! {
                        <button type="button" on:click=move |_| feedback.cancel_requested.set(true)>"Cancel"</button>
                    })}
                </div>
            }
        })
    }
}

#[component]
fn NoticeBar() -> impl IntoView {
    let feedback = expect_context::<Feedback>();
    move || {
        feedback.notice.get().map(|notice| {
            let class = if notice.is_error { "notice error" } else { "notice" };
            let role = if notice.is_error { "alert" } else { "status" };
            view! {
                <div class=class role=role>
                    <span>{notice.text}</span>
                    <button type="button" class="ghost" aria-label="Dismiss message" on:click=move |_| feedback.notice.set(None)>
                        "×"
                    </button>
                </div>
            }
        })
    }
}
