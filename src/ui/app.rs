//! The state many views share, and its workspace actions.
//!
//! The store (IndexedDB) is the source of truth; the signals here mirror what the
//! current view needs from it and are refreshed after every write. Views read the
//! signals and call the actions below; they never talk to IndexedDB themselves.

use crate::engine::export::{ExportError, ExportFormat, Exported, WorkbookCells};
use crate::engine::matching::outcome::Thresholds;
use crate::engine::workspace::{DatasetMeta, Workspace, WorkspaceSettings};
use crate::store::{backup, Store};
use crate::ui::browser;
use crate::ui::feedback::{Feedback, Progress};
use crate::ui::route::Route;
use crate::ui::storage::{Storage, StoreStatus};
use leptos::prelude::*;

/// What many components read and write, provided as a context by [`App`].
#[derive(Clone, Copy)]
pub struct AppState {
    /// The workspace store: open or not, writes in flight.
    pub storage: Storage,
    pub route: RwSignal<Route>,
    /// The workspace the person works in: the route's, or the last one a route
    /// showed (the Workspaces page keeps it in the header and the navigation).
    pub workspace_id: RwSignal<Option<String>>,
    pub workspaces: RwSignal<Vec<Workspace>>,
    /// The datasets of the workspace in the route.
    pub datasets: RwSignal<Vec<DatasetMeta>>,
    /// What the person is told: notices and the progress of long work.
    pub feedback: Feedback,
    /// Alerts dated after the feed was last opened (the Lens link's badge).
    pub new_alerts: RwSignal<Option<usize>>,
}

impl AppState {
    pub fn new(route: Route) -> AppState {
        let feedback = Feedback::new();
        AppState {
            storage: Storage::new(feedback),
            route: RwSignal::new(route),
            workspace_id: RwSignal::new(None),
            workspaces: RwSignal::new(Vec::new()),
            datasets: RwSignal::new(Vec::new()),
            feedback,
            new_alerts: RwSignal::new(None),
        }
    }

    /// The workspace the route is about, if it exists.
    pub fn current_workspace(&self) -> Option<Workspace> {
        let route = self.route.get();
        let id = route.workspace_id()?;
        self.workspaces.with(|workspaces| {
            workspaces
                .iter()
                .find(|workspace| workspace.id == id)
                .cloned()
        })
    }

    /// Offers an export as a download, named `csv_name` in its format
    /// (`matches.csv` or `matches.xlsx`), or says why it could not be written.
    /// A workbook is written by the workbook worker (`ui::workbook`) and
    /// offered when it is done, under a progress bar.
    pub fn download(
        &self,
        format: ExportFormat,
        export: Result<Exported, ExportError>,
        csv_name: &str,
    ) {
        self.download_then(format, export, csv_name, || {});
    }

    /// [`AppState::download`], then `offered` once the file is offered (a
    /// workbook: once the worker has written it); never if it could not be.
    pub fn download_then(
        &self,
        format: ExportFormat,
        export: Result<Exported, ExportError>,
        csv_name: &str,
        offered: impl FnOnce() + 'static,
    ) {
        let file_name = format.file_name(csv_name);
        let done = match export {
            Ok(Exported::Csv(bytes)) => browser::bytes_to_blob(&bytes, format.media_type())
                .and_then(|blob| browser::download(&blob, &file_name)),
            Ok(Exported::Workbook(cells)) => {
                self.offer_workbook(cells, file_name, offered);
                return;
            }
            Err(error) => Err(error.to_string()),
        };
        match done {
            Ok(()) => offered(),
            Err(error) => self.feedback.fail(error),
        }
    }

    fn offer_workbook(
        &self,
        cells: WorkbookCells,
        file_name: String,
        offered: impl FnOnce() + 'static,
    ) {
        let feedback = self.feedback;
        let label = format!("Writing {file_name}");
        // The bar is this work's only while no other long work shows one.
        let shows_bar = feedback.progress.with_untracked(Option::is_none);
        if shows_bar {
            feedback
                .progress
                .set(Some(Progress::new(label.clone(), 0, 1)));
        }
        leptos::task::spawn_local(async move {
            let written = crate::ui::workbook::write_workbook(cells)
                .await
                .and_then(|blob| browser::download(&blob, &file_name));
            if shows_bar
                && feedback.progress.with_untracked(|progress| {
                    progress.as_ref().is_some_and(|bar| bar.label == label)
                })
            {
                feedback.progress.set(None);
            }
            match written {
                Ok(()) => offered(),
                Err(error) => feedback.fail(error),
            }
        });
    }

    /// Opens the store, loads the workspace list and settles the first route.
    pub async fn open_store(self) {
        if self.storage.open().await {
            self.refresh_workspaces().await;
            self.storage.status.set(StoreStatus::Ready);
        }
    }

    pub async fn refresh_workspaces(&self) {
        if let Some(workspaces) = self
            .storage
            .with_store(async |store: Store| store.workspaces().await)
            .await
        {
            self.workspaces.set(workspaces);
        }
    }

    pub async fn refresh_datasets(&self) {
        let Some(id) = self
            .route
            .with_untracked(|route| route.workspace_id().map(str::to_string))
        else {
            self.datasets.set(Vec::new());
            return;
        };
        if let Some(datasets) = self
            .storage
            .with_store(async |store: Store| store.datasets(&id).await)
            .await
        {
            self.datasets.set(datasets);
        }
    }

    /// `#/` goes to the workspace shown last, else the first, else the list.
    async fn resolve_home(&self) {
        let last = self
            .storage
            .with_store(async |store: Store| store.current_workspace().await)
            .await
            .flatten();
        let workspaces = self.workspaces.get_untracked();
        let target = last
            .filter(|id| workspaces.iter().any(|workspace| &workspace.id == id))
            .or_else(|| workspaces.first().map(|workspace| workspace.id.clone()));
        // The person may have gone elsewhere while the store answered: only
        // a page still at `#/` is sent on.
        if self.route.get_untracked() != Route::Home {
            return;
        }
        browser::redirect(&match target {
            Some(workspace_id) => Route::Sources { workspace_id },
            None => Route::Workspaces,
        });
    }

    /// Follows a route change: load what the new route shows.
    pub(crate) async fn show_route(self, route: Route) {
        if route == Route::Home {
            self.resolve_home().await;
            return;
        }
        if let Some(id) = route.workspace_id() {
            let id = id.to_string();
            self.workspace_id.set(Some(id.clone()));
            self.storage
                .save(async |store: Store| store.set_current_workspace(&id).await)
                .await;
        }
        self.refresh_datasets().await;
    }

    // ----- workspace actions ----------------------------------------------

    pub async fn create_workspace(&self, name: &str) -> Option<Workspace> {
        let workspace = Workspace {
            id: browser::new_id("ws"),
            name: name.trim().to_string(),
            created_at_ms: browser::now_ms(),
            settings: WorkspaceSettings::default(),
        };
        self.put_workspace(&workspace).await.then_some(workspace)
    }

    /// Saves a workspace (new or changed) and lists the workspaces again;
    /// whether it was saved.
    async fn put_workspace(&self, workspace: &Workspace) -> bool {
        let saved = self
            .storage
            .save(async |store: Store| store.put_workspace(workspace).await)
            .await
            .is_some();
        if saved {
            self.refresh_workspaces().await;
        }
        saved
    }

    pub async fn rename_workspace(&self, workspace: Workspace, name: &str) {
        let renamed = Workspace {
            name: name.trim().to_string(),
            ..workspace
        };
        if self.put_workspace(&renamed).await {
            self.feedback
                .inform(format!("Renamed to “{}”.", renamed.name));
        }
    }

    pub async fn delete_workspace(&self, workspace: Workspace) {
        let id = workspace.id.clone();
        if self
            .storage
            .save(async |store: Store| store.delete_workspace(&id).await)
            .await
            .is_some()
        {
            self.refresh_workspaces().await;
            self.feedback
                .inform(format!("Deleted the workspace “{}”.", workspace.name));
            if self.workspace_id.get_untracked().as_deref() == Some(workspace.id.as_str()) {
                self.workspace_id.set(None);
            }
            if self.route.get_untracked().workspace_id() == Some(workspace.id.as_str()) {
                browser::navigate(&Route::Workspaces);
            }
        }
    }

    /// Creates a workspace, opens it, and fills it with the demo datasets.
    /// Opening it first means the list the demo refreshes at the end is its
    /// own (filling it from another page left an empty list on arrival, until
    /// the new page's own read came back).
    pub async fn load_demo_workspace(&self) {
        let Some(workspace) = self.create_workspace("Demo workspace").await else {
            return;
        };
        let route = Route::Sources {
            workspace_id: workspace.id.clone(),
        };
        browser::navigate(&route);
        self.route.set(route);
        self.load_demo_into(&workspace).await;
    }

    pub async fn download_backup(&self, workspace: Workspace) {
        self.feedback.progress.set(Some(Progress::new(
            "Preparing the backup".to_string(),
            0,
            1,
        )));
        let blob = self
            .storage
            .with_store(async |store: Store| {
                backup::build(&store, &workspace, browser::now_ms()).await
            })
            .await;
        self.feedback.progress.set(None);
        if let Some(blob) = blob {
            match browser::download(&blob, &backup::file_name(&workspace, browser::today())) {
                Ok(()) => self
                    .feedback
                    .inform(format!("Downloaded a backup of “{}”.", workspace.name)),
                Err(error) => self.feedback.fail(error),
            }
        }
    }

    pub async fn restore_backup(&self, file: web_sys::File) {
        let (manifest, _) = match backup::read(&file).await {
            Ok(read) => read,
            Err(error) => {
                self.feedback.fail(error);
                return;
            }
        };
        let exists = self
            .workspaces
            .get_untracked()
            .iter()
            .any(|workspace| workspace.id == manifest.workspace.id);
        if exists
            && !browser::confirm(&format!(
                "This browser already has the workspace “{}”. Replace it with the backup?",
                manifest.workspace.name
            ))
        {
            return;
        }
        self.feedback.progress.set(Some(Progress::new(
            "Restoring the backup".to_string(),
            0,
            1,
        )));
        let restored = self
            .storage
            .save(async |store: Store| backup::restore(&store, &file).await)
            .await;
        self.feedback.progress.set(None);
        if let Some(workspace) = restored {
            self.refresh_workspaces().await;
            self.feedback
                .inform(format!("Restored “{}”.", workspace.name));
            browser::navigate(&Route::Sources {
                workspace_id: workspace.id,
            });
        }
    }

    /// The workspace's thresholds, as a memo: what reads it runs again when
    /// they change, not whenever any workspace is saved.
    pub fn thresholds_memo(&self, workspace_id: String) -> Memo<Thresholds> {
        let state = *self;
        Memo::new(move |_| state.thresholds(&workspace_id))
    }

    /// The workspace's accept threshold and review floor (tracks every
    /// workspace: inside a reactive computation, read `thresholds_memo`).
    pub fn thresholds(&self, workspace_id: &str) -> Thresholds {
        self.workspaces.with(|workspaces| {
            workspaces
                .iter()
                .find(|workspace| workspace.id == workspace_id)
                .map_or(Thresholds::default(), |workspace| Thresholds {
                    accept: workspace.settings.accept_threshold,
                    review_floor: workspace.settings.review_floor,
                })
        })
    }

    /// Saves the accept threshold and review floor in the workspace's settings.
    pub async fn save_thresholds(&self, workspace: Workspace, thresholds: Thresholds) {
        let mut workspace = workspace;
        workspace.settings.accept_threshold = thresholds.accept;
        workspace.settings.review_floor = thresholds.review_floor;
        self.put_workspace(&workspace).await;
    }
}
