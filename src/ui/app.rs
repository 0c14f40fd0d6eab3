//! The root component and the state many views share.
//!
//! The store (IndexedDB) is the source of truth; the signals here mirror what the
//! current view needs from it and are refreshed after every write. Views read the
//! signals and call the actions below; they never talk to IndexedDB themselves.

use crate::engine::demo::{Demo, DemoSize, DEMO_FILES};
use crate::engine::export::ExportDialect;
use crate::engine::ingest::{self, IngestError, IngestOptions, Ingested, Ingestion};
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::human_count;
use crate::engine::workspace::{DatasetMeta, IngestSummary, Workspace, WorkspaceSettings};
use crate::store::{backup, Store};
use crate::ui::browser;
use crate::ui::route::Route;
use crate::ui::shell::Shell;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::fmt::Display;

/// Whether the store can be used yet.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreStatus {
    Opening,
    Ready,
    /// Another tab holds an older version open; opening resumes when it closes.
    Blocked,
    Failed(String),
}

/// A message for the person: the outcome of what they just did.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// Long work in progress, shown as a progress bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub label: String,
    pub done: u32,
    pub total: u32,
    /// Whether a Cancel button stops it (see [`AppState::cancel_requested`]).
    pub cancellable: bool,
}

impl Progress {
    pub fn new(label: impl Into<String>, done: u32, total: u32) -> Progress {
        Progress {
            label: label.into(),
            done,
            total,
            cancellable: false,
        }
    }
}

/// Why reading a file gave no dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadFailure {
    Cancelled,
    Ingest(IngestError),
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::Cancelled => write!(f, "reading was cancelled"),
            ReadFailure::Ingest(error) => write!(f, "{error}"),
        }
    }
}

impl From<IngestError> for ReadFailure {
    fn from(error: IngestError) -> Self {
        ReadFailure::Ingest(error)
    }
}

/// What many components read and write, provided as a context by [`App`].
#[derive(Clone, Copy)]
pub struct AppState {
    store: StoredValue<Option<Store>, LocalStorage>,
    pub store_status: RwSignal<StoreStatus>,
    pub route: RwSignal<Route>,
    /// The workspace the person works in: the route's, or the last one a route
    /// showed (the Workspaces page keeps it in the header and the navigation).
    pub workspace_id: RwSignal<Option<String>>,
    pub workspaces: RwSignal<Vec<Workspace>>,
    /// The datasets of the workspace in the route.
    pub datasets: RwSignal<Vec<DatasetMeta>>,
    pub notice: RwSignal<Option<Notice>>,
    pub progress: RwSignal<Option<Progress>>,
    /// Set by the progress bar's Cancel button; long work checks it between steps.
    pub cancel_requested: RwSignal<bool>,
}

impl AppState {
    pub fn new(route: Route) -> AppState {
        AppState {
            store: StoredValue::new_local(None),
            store_status: RwSignal::new(StoreStatus::Opening),
            route: RwSignal::new(route),
            workspace_id: RwSignal::new(None),
            workspaces: RwSignal::new(Vec::new()),
            datasets: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            progress: RwSignal::new(None),
            cancel_requested: RwSignal::new(false),
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

    pub fn store(&self) -> Option<Store> {
        self.store.get_value()
    }

    pub fn inform(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            text: text.into(),
            is_error: false,
        }));
    }

    pub fn fail(&self, error: impl Display) {
        self.notice.set(Some(Notice {
            text: error.to_string(),
            is_error: true,
        }));
    }

    /// Runs `work` with the store, reporting its error as a notice. Returns
    /// `None` when the store is not open or the work failed.
    async fn with_store<T, E: Display>(
        &self,
        work: impl AsyncFnOnce(Store) -> Result<T, E>,
    ) -> Option<T> {
        let Some(store) = self.store() else {
            self.fail("The workspace store is not open yet.");
            return None;
        };
        match work(store).await {
            Ok(value) => Some(value),
            Err(error) => {
                self.fail(error);
                None
            }
        }
    }

    /// Opens the store, loads the workspace list and settles the first route.
    pub async fn open_store(self) {
        let blocked = self.store_status;
        match Store::open(move || blocked.set(StoreStatus::Blocked)).await {
            Ok(store) => {
                self.store.set_value(Some(store));
                self.refresh_workspaces().await;
                self.store_status.set(StoreStatus::Ready);
            }
            Err(error) => self
                .store_status
                .set(StoreStatus::Failed(error.to_string())),
        }
    }

    pub async fn refresh_workspaces(&self) {
        if let Some(workspaces) = self
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
            .with_store(async |store: Store| store.datasets(&id).await)
            .await
        {
            self.datasets.set(datasets);
        }
    }

    /// `#/` goes to the workspace shown last, else the first, else the list.
    async fn resolve_home(&self) {
        let last = self
            .with_store(async |store: Store| store.current_workspace().await)
            .await
            .flatten();
        let workspaces = self.workspaces.get_untracked();
        let target = last
            .filter(|id| workspaces.iter().any(|workspace| &workspace.id == id))
            .or_else(|| workspaces.first().map(|workspace| workspace.id.clone()));
        browser::redirect(&match target {
            Some(workspace_id) => Route::Sources { workspace_id },
            None => Route::Workspaces,
        });
    }

    /// Follows a route change: load what the new route shows.
    async fn show_route(self, route: Route) {
        if route == Route::Home {
            self.resolve_home().await;
            return;
        }
        if let Some(id) = route.workspace_id() {
            let id = id.to_string();
            self.workspace_id.set(Some(id.clone()));
            self.with_store(async |store: Store| store.set_current_workspace(&id).await)
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
        let saved = workspace.clone();
        self.with_store(async |store: Store| store.put_workspace(&saved).await)
            .await?;
        self.refresh_workspaces().await;
        Some(workspace)
    }

    pub async fn rename_workspace(&self, workspace: Workspace, name: &str) {
        let renamed = Workspace {
            name: name.trim().to_string(),
            ..workspace
        };
        if self
            .with_store(async |store: Store| store.put_workspace(&renamed).await)
            .await
            .is_some()
        {
            self.refresh_workspaces().await;
            self.inform(format!("Renamed to “{}”.", renamed.name));
        }
    }

    pub async fn delete_workspace(&self, workspace: Workspace) {
        let id = workspace.id.clone();
        if self
            .with_store(async |store: Store| store.delete_workspace(&id).await)
            .await
            .is_some()
        {
            self.refresh_workspaces().await;
            self.inform(format!("Deleted the workspace “{}”.", workspace.name));
            if self.workspace_id.get_untracked().as_deref() == Some(workspace.id.as_str()) {
                self.workspace_id.set(None);
            }
            if self.route.get_untracked().workspace_id() == Some(workspace.id.as_str()) {
                browser::navigate(&Route::Workspaces);
            }
        }
    }

    /// Creates a workspace and fills it with the demo datasets, then opens it.
    pub async fn load_demo_workspace(&self) {
        let Some(workspace) = self.create_workspace("Demo workspace").await else {
            return;
        };
        self.load_demo_into(&workspace).await;
        browser::navigate(&Route::Sources {
            workspace_id: workspace.id,
        });
    }

    /// Generates the demo datasets into a workspace, all in one transaction.
    pub async fn load_demo_into(&self, workspace: &Workspace) {
        let demo = Demo::new(DemoSize::Small, 1, browser::today());
        let total = DEMO_FILES.len() as u32 + 1;
        let mut datasets = Vec::new();
        let mut readings = Vec::new();
        for (step, (kind, file_name)) in DEMO_FILES.into_iter().enumerate() {
            self.progress.set(Some(Progress::new(
                format!("Generating {file_name}"),
                step as u32,
                total,
            )));
            browser::yield_to_browser().await;
            let bytes = demo.render(kind);
            let read =
                ingest::ingest(&bytes, kind, &IngestOptions::default()).map_err(ReadFailure::from);
            let summary = match Self::summary_of(&read) {
                Ok(summary) => summary,
                Err(error) => IngestSummary::failed(error),
            };
            let meta = DatasetMeta {
                id: browser::new_id("ds"),
                workspace_id: workspace.id.clone(),
                name: file_name.to_string(),
                kind,
                size_bytes: bytes.len() as u64,
                loaded_at_ms: browser::now_ms() + step as i64,
                ingest: Some(summary),
                options: Default::default(),
            };
            match browser::bytes_to_blob(&bytes, "text/csv") {
                Ok(blob) => {
                    if let Ok(read) = read {
                        readings.push((meta.id.clone(), read));
                    }
                    datasets.push((meta, blob));
                }
                Err(error) => {
                    self.progress.set(None);
                    self.fail(error);
                    return;
                }
            }
        }
        self.progress.set(Some(Progress::new(
            "Saving the demo workspace",
            total - 1,
            total,
        )));
        browser::yield_to_browser().await;
        let saved = self
            .with_store(async |store: Store| store.add_datasets(&datasets).await)
            .await;
        self.progress.set(None);
        if saved.is_some() {
            for (dataset_id, read) in &readings {
                self.cache_table(dataset_id, read, &IngestOptions::default())
                    .await;
            }
            self.refresh_datasets().await;
            self.inform(format!(
                "Loaded the demo workspace: {} datasets.",
                datasets.len()
            ));
        }
    }

    pub async fn download_backup(&self, workspace: Workspace) {
        self.progress.set(Some(Progress::new(
            "Preparing the backup".to_string(),
            0,
            1,
        )));
        let blob = self
            .with_store(async |store: Store| {
                backup::build(&store, &workspace, browser::now_ms()).await
            })
            .await;
        self.progress.set(None);
        if let Some(blob) = blob {
            match browser::download(&blob, &backup::file_name(&workspace, browser::today())) {
                Ok(()) => self.inform(format!("Downloaded a backup of “{}”.", workspace.name)),
                Err(error) => self.fail(error),
            }
        }
    }

    pub async fn restore_backup(&self, file: web_sys::File) {
        let Some(store) = self.store() else {
            return;
        };
        let (manifest, _) = match backup::read(&file).await {
            Ok(read) => read,
            Err(error) => {
                self.fail(error);
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
        self.progress.set(Some(Progress::new(
            "Restoring the backup".to_string(),
            0,
            1,
        )));
        let restored = backup::restore(&store, &file).await;
        self.progress.set(None);
        match restored {
            Ok(workspace) => {
                self.refresh_workspaces().await;
                self.inform(format!("Restored “{}”.", workspace.name));
                browser::navigate(&Route::Sources {
                    workspace_id: workspace.id,
                });
            }
            Err(error) => self.fail(error),
        }
    }

    // ----- dataset actions ------------------------------------------------

    /// Reads a file as a dataset of `kind`, a slice of rows at a time, showing
    /// progress and letting the page breathe between slices.
    pub async fn read_dataset(
        &self,
        name: &str,
        kind: SourceKind,
        bytes: &[u8],
        options: &IngestOptions,
    ) -> Result<Ingested, ReadFailure> {
        let (text, encoding) = ingest::text::decode(bytes)?;
        let mut ingestion = Ingestion::start(&text, encoding, kind, options)?;
        let started = browser::now_ms();
        self.cancel_requested.set(false);
        loop {
            let done = ingestion.step(25_000);
            let seconds = ((browser::now_ms() - started) as f64 / 1000.0).max(0.001);
            let rows = ingestion.rows_read();
            let label = format!(
                "Reading {name}: {} rows, {} rows/s",
                human_count(rows),
                human_count((rows as f64 / seconds) as u64)
            );
            let done_permille = (ingestion.progress() * 1000.0) as u32;
            self.progress.set(Some(Progress {
                cancellable: true,
                ..Progress::new(label, done_permille, 1000)
            }));
            if done {
                break;
            }
            browser::yield_to_browser().await;
            if self.cancel_requested.get_untracked() {
                self.progress.set(None);
                return Err(ReadFailure::Cancelled);
            }
        }
        self.progress.set(None);
        Ok(ingestion.finish())
    }

    /// The summary to keep of reading a file. A file whose required fields no
    /// column feeds is kept, to be mapped by hand; an empty file or one that is
    /// not text is refused (`Err`).
    fn summary_of(read: &Result<Ingested, ReadFailure>) -> Result<IngestSummary, String> {
        match read {
            Ok(read) => Ok(IngestSummary::of(&read.report)),
            Err(ReadFailure::Ingest(error @ IngestError::Unmapped { .. })) => {
                Ok(IngestSummary::failed(error.to_string()))
            }
            Err(error) => Err(error.to_string()),
        }
    }

    /// Keeps a reading in the store, so that a reload need not read the file
    /// again. A failure here costs only time later, so it is not reported.
    async fn cache_table(&self, dataset_id: &str, read: &Ingested, options: &IngestOptions) {
        let bytes = ingest::codec::encode(read, options);
        if let (Some(store), Ok(blob)) = (
            self.store(),
            browser::bytes_to_blob(&bytes, "application/octet-stream"),
        ) {
            let _ = store.put_cached_table(dataset_id, &blob).await;
        }
    }

    /// A dataset's reading: from the store when it was made with the dataset's
    /// current options, else read from its file (and kept for next time).
    pub async fn load_table(&self, meta: &DatasetMeta) -> Result<Ingested, String> {
        let store = self.store().ok_or("the workspace store is not open")?;
        if let Ok(Some(cached)) = store.cached_table(&meta.id).await {
            if let Ok(bytes) = browser::read_bytes(&cached).await {
                if let Ok((read, options)) = ingest::codec::decode(&bytes) {
                    if options == meta.options {
                        return Ok(read);
                    }
                }
            }
        }
        let file = store
            .dataset_file(&meta.id)
            .await
            .map_err(|error| error.to_string())?;
        let bytes = browser::read_bytes(&file).await?;
        let read = self
            .read_dataset(&meta.name, meta.kind, &bytes, &meta.options)
            .await
            .map_err(|error| error.to_string())?;
        self.cache_table(&meta.id, &read, &meta.options).await;
        Ok(read)
    }

    /// Saves a dataset's delimiter and mapping and re-reads it with them.
    /// Returns the new reading (or why it failed) for the view to show.
    pub async fn save_dataset_options(
        &self,
        dataset: DatasetMeta,
        options: IngestOptions,
    ) -> Option<Result<Ingested, String>> {
        let id = dataset.id.clone();
        let file = self
            .with_store(async |store: Store| store.dataset_file(&id).await)
            .await?;
        let bytes = match browser::read_bytes(&file).await {
            Ok(bytes) => bytes,
            Err(error) => {
                self.fail(error);
                return None;
            }
        };
        let read = self
            .read_dataset(&dataset.name, dataset.kind, &bytes, &options)
            .await;
        let summary = match &read {
            Ok(read) => IngestSummary::of(&read.report),
            Err(error) => IngestSummary::failed(error.to_string()),
        };
        let updated = DatasetMeta {
            ingest: Some(summary),
            options,
            ..dataset
        };
        self.with_store(async |store: Store| store.put_dataset(&updated).await)
            .await?;
        if let Ok(read) = &read {
            self.cache_table(&updated.id, read, &updated.options).await;
        }
        self.refresh_datasets().await;
        Some(read.map_err(|error| error.to_string()))
    }

    /// Stores a file as a dataset of the given kind (its bytes untouched), with
    /// the summary of reading it.
    pub async fn add_file(
        &self,
        workspace_id: &str,
        file: web_sys::File,
        kind: SourceKind,
    ) -> bool {
        let name = file.name();
        self.progress
            .set(Some(Progress::new(format!("Opening {name}"), 0, 1)));
        let read = match browser::read_bytes(&file).await {
            Ok(bytes) => {
                self.read_dataset(&name, kind, &bytes, &IngestOptions::default())
                    .await
            }
            Err(error) => {
                self.progress.set(None);
                self.fail(format!("{name}: {error}. Nothing was added."));
                return false;
            }
        };
        self.progress.set(None);
        let summary = match Self::summary_of(&read) {
            Ok(summary) => summary,
            Err(error) => {
                self.fail(format!("{name}: {error}. Nothing was added."));
                return false;
            }
        };
        let meta = DatasetMeta {
            id: browser::new_id("ds"),
            workspace_id: workspace_id.to_string(),
            name: name.clone(),
            kind,
            size_bytes: file.size() as u64,
            loaded_at_ms: browser::now_ms(),
            ingest: Some(summary.clone()),
            options: Default::default(),
        };
        let added = self
            .with_store(async |store: Store| store.add_dataset(&meta, &file).await)
            .await
            .is_some();
        if added {
            if let Ok(read) = &read {
                self.cache_table(&meta.id, read, &meta.options).await;
            }
            self.refresh_datasets().await;
            match (&summary.problem, summary.quarantined) {
                (Some(problem), _) => self.fail(format!(
                    "Added {name}, but it cannot be used yet: {problem}."
                )),
                (None, 0) => self.inform(format!(
                    "Added {name} as {}: {} rows.",
                    kind.label(),
                    human_count(summary.accepted)
                )),
                (None, quarantined) => self.inform(format!(
                    "Added {name} as {}: {} rows, {} quarantined (download them from the table).",
                    kind.label(),
                    human_count(summary.accepted),
                    human_count(quarantined)
                )),
            }
        }
        added
    }

    /// Replaces a dataset's file with a newer export of the same kind, in one
    /// transaction: the dataset keeps its id (and so every decision that refers
    /// to it), its mapping carries over when the headers are the same, and the
    /// notice says how many rows were added, changed and removed.
    pub async fn replace_dataset(&self, old: DatasetMeta, file: web_sys::File) {
        let new_name = file.name();
        let id = old.id.clone();
        let Some(old_file) = self
            .with_store(async |store: Store| store.dataset_file(&id).await)
            .await
        else {
            return;
        };
        let bytes = match (
            browser::read_bytes(&old_file).await,
            browser::read_bytes(&file).await,
        ) {
            (Ok(old_bytes), Ok(new_bytes)) => (old_bytes, new_bytes),
            (Err(error), _) | (_, Err(error)) => {
                return self.fail(format!("{new_name}: {error}. Nothing was replaced."))
            }
        };
        let (old_bytes, new_bytes) = bytes;
        let (old_headers, _) = ingest::sample_rows(&old_bytes, old.options.delimiter, 0);
        let (new_headers, _) = ingest::sample_rows(&new_bytes, old.options.delimiter, 0);
        let same_headers = old_headers == new_headers;
        let options = if same_headers {
            old.options.clone()
        } else {
            IngestOptions::default()
        };
        let new = match self
            .read_dataset(&new_name, old.kind, &new_bytes, &options)
            .await
        {
            Ok(new) => new,
            Err(error) => return self.fail(format!("{new_name}: {error}. Nothing was replaced.")),
        };
        let diff = match ingest::ingest(&old_bytes, old.kind, &old.options) {
            Ok(before) => ingest::diff::compare(
                &before.table,
                &new.table,
                ingest::fields::id_field(old.kind),
            ),
            Err(_) => ingest::diff::Diff {
                added: new.table.rows as u64,
                ..Default::default()
            },
        };
        let replaced = DatasetMeta {
            name: new_name.clone(),
            size_bytes: file.size() as u64,
            loaded_at_ms: browser::now_ms(),
            ingest: Some(IngestSummary::of(&new.report)),
            options,
            ..old.clone()
        };
        let saved = self
            .with_store(async |store: Store| store.add_dataset(&replaced, &file).await)
            .await;
        if saved.is_some() {
            self.cache_table(&replaced.id, &new, &replaced.options)
                .await;
            self.refresh_datasets().await;
            self.inform(format!(
                "Replaced {} with {new_name}: {} added, {} changed, {} removed.{}",
                old.name,
                human_count(diff.added),
                human_count(diff.changed),
                human_count(diff.removed),
                if same_headers {
                    " The mapping carried over."
                } else {
                    " The headers differ, so the columns were mapped again automatically."
                }
            ));
        }
    }

    /// Downloads the rows of a dataset that were quarantined, with their reasons,
    /// re-read from the kept file.
    pub async fn download_quarantine(&self, dataset: DatasetMeta) {
        let id = dataset.id.clone();
        let Some(file) = self
            .with_store(async |store: Store| store.dataset_file(&id).await)
            .await
        else {
            return;
        };
        let read = match browser::read_bytes(&file).await {
            Ok(bytes) => ingest::ingest(&bytes, dataset.kind, &dataset.options)
                .map_err(|error| error.to_string()),
            Err(error) => Err(error),
        };
        let stem = dataset
            .name
            .trim_end_matches(".csv")
            .trim_end_matches(".CSV");
        let result = read.and_then(|read| {
            let bytes = read.report.quarantine_csv(ExportDialect::Comma);
            browser::bytes_to_blob(&bytes, "text/csv")
                .and_then(|blob| browser::download(&blob, &format!("{stem}-quarantined.csv")))
        });
        if let Err(error) = result {
            self.fail(format!("{}: {error}", dataset.name));
        }
    }

    pub async fn download_dataset(&self, dataset: DatasetMeta) {
        let id = dataset.id.clone();
        if let Some(file) = self
            .with_store(async |store: Store| store.dataset_file(&id).await)
            .await
        {
            if let Err(error) = browser::download(&file, &dataset.name) {
                self.fail(error);
            }
        }
    }

    pub async fn delete_dataset(&self, dataset: DatasetMeta) {
        let id = dataset.id.clone();
        if self
            .with_store(async |store: Store| store.delete_dataset(&id).await)
            .await
            .is_some()
        {
            self.refresh_datasets().await;
            self.inform(format!("Deleted {}.", dataset.name));
        }
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(Route::parse(&browser::hash()));
    provide_context(state);

    // The route follows the URL fragment (Back, Forward, links, typed URLs).
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        state.route.set(Route::parse(&browser::hash()));
    });
    on_cleanup(move || listener.remove());

    spawn_local(state.open_store());

    // Sync with the store whenever the route changes and the store is open.
    Effect::new(move |_| {
        let route = state.route.get();
        if state.store_status.get() == StoreStatus::Ready {
            spawn_local(state.show_route(route));
        }
    });

    view! { <Shell/> }
}
