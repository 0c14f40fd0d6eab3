//! The dataset actions of [`AppState`]: reading files (in slices of rows, with
//! progress and Cancel), adding, replacing, re-mapping, caching and deleting
//! datasets, and filling a workspace with the demo datasets.

use crate::engine::accounts::personas::sample_personas;
use crate::engine::demo::{Demo, DemoSize, DEMO_FILES};
use crate::engine::display::human_count;
use crate::engine::export::{derived_file_name, ExportFormat};
use crate::engine::ingest::{self, IngestError, IngestOptions, Ingested, Ingestion, Scan, Step};
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::{DatasetMeta, IngestSummary, Workspace};
use crate::store::Store;
use crate::ui::app::AppState;
use crate::ui::browser;
use crate::ui::feedback::Progress;
use leptos::prelude::*;
use web_sys::Blob;

/// Why reading a file gave no dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadFailure {
    Cancelled,
    /// The browser could not read the file (moved, deleted, no permission).
    Unreadable(String),
    Ingest(IngestError),
}

/// A file's slices of [`ingest::SLICE_BYTES`], in order; the first is read
/// once and kept (the plan reads it, and so do both passes).
struct Slices<'a> {
    file: &'a Blob,
    head: Vec<u8>,
    offset: u64,
    size: u64,
}

impl<'a> Slices<'a> {
    async fn new(file: &'a Blob) -> Result<Slices<'a>, ReadFailure> {
        let size = file.size() as u64;
        let head = read_slice(file, 0, size).await?;
        Ok(Slices {
            file,
            head,
            offset: 0,
            size,
        })
    }

    /// The next slice and whether it is the last.
    async fn next(&mut self) -> Result<(Vec<u8>, bool), ReadFailure> {
        let slice = if self.offset == 0 {
            self.head.clone()
        } else {
            read_slice(self.file, self.offset, self.size).await?
        };
        self.offset += slice.len() as u64;
        Ok((slice, self.offset >= self.size))
    }

    fn rewind(&mut self) {
        self.offset = 0;
    }

    fn fraction(&self) -> f64 {
        self.offset as f64 / self.size.max(1) as f64
    }
}

/// The slice of `file` from `offset`: at most [`ingest::SLICE_BYTES`].
async fn read_slice(file: &Blob, offset: u64, size: u64) -> Result<Vec<u8>, ReadFailure> {
    let end = (offset + ingest::SLICE_BYTES as u64).min(size);
    let slice = file
        .slice_with_f64_and_f64(offset as f64, end as f64)
        .map_err(|_| ReadFailure::Unreadable("the file could not be sliced".to_string()))?;
    browser::read_bytes(&slice)
        .await
        .map_err(ReadFailure::Unreadable)
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::Cancelled => write!(f, "reading was cancelled"),
            ReadFailure::Unreadable(cause) => write!(f, "{cause}"),
            ReadFailure::Ingest(error) => write!(f, "{error}"),
        }
    }
}

impl From<IngestError> for ReadFailure {
    fn from(error: IngestError) -> Self {
        ReadFailure::Ingest(error)
    }
}

impl AppState {
    /// Generates the demo datasets into a workspace, all in one transaction.
    pub async fn load_demo_into(&self, workspace: &Workspace) {
        let demo = Demo::new(DemoSize::Small, 1, browser::today());
        let total = DEMO_FILES.len() as u32 + 1;
        let mut datasets = Vec::new();
        let mut readings = Vec::new();
        for (step, (kind, file_name)) in DEMO_FILES.into_iter().enumerate() {
            self.feedback.progress.set(Some(Progress::new(
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
                        readings.push((meta.clone(), read));
                    }
                    datasets.push((meta, blob));
                }
                Err(error) => {
                    self.feedback.progress.set(None);
                    self.feedback.fail(error);
                    return;
                }
            }
        }
        self.feedback.progress.set(Some(Progress::new(
            "Saving the demo workspace",
            total - 1,
            total,
        )));
        browser::yield_to_browser().await;
        let saved = self
            .storage
            .save(async |store: Store| store.add_datasets(&datasets).await)
            .await;
        self.feedback.progress.set(None);
        if saved.is_some() {
            // The personas a sales team sizes accounts with, as a real team
            // would set them up (developers, data, security, …).
            self.save_personas(&workspace.id, &sample_personas()).await;
            for (meta, read) in &readings {
                self.cache_table(meta, read).await;
            }
            self.refresh_datasets().await;
            self.storage.keep();
            self.feedback.inform(format!(
                "Loaded the demo workspace: {} datasets.",
                datasets.len()
            ));
        }
    }

    /// Reads a file as a dataset of `kind`: in slices of the file (never all of
    /// it in memory at once) and steps of rows, showing progress, letting the
    /// page breathe between steps, and stopping when Cancel is pressed.
    pub async fn read_file(
        &self,
        name: &str,
        kind: SourceKind,
        file: &Blob,
        options: &IngestOptions,
    ) -> Result<Ingested, ReadFailure> {
        self.feedback.cancel_requested.set(false);
        let mut slices = Slices::new(file).await?;
        let mut plan = ingest::plan(&slices.head, kind, options)?;
        if plan.needs_scan() {
            // A first pass: is it all UTF-8, and how are its required dates written?
            let mut scan = Scan::new(&plan);
            loop {
                let (slice, last) = slices.next().await?;
                scan.feed(&slice, last);
                if last {
                    break;
                }
                self.show_reading(format!("Checking {name}"), slices.fraction());
                self.breathe().await?;
            }
            plan = scan.finish(plan);
            slices.rewind();
        }
        let mut ingestion = Ingestion::new(plan, slices.size);
        let started = browser::now_ms();
        loop {
            match ingestion.step(25_000) {
                Step::Done => break,
                Step::NeedsInput => {
                    let (slice, last) = slices.next().await?;
                    ingestion.feed(&slice, last);
                }
                Step::Working => {
                    let seconds = ((browser::now_ms() - started) as f64 / 1000.0).max(0.001);
                    let rows = ingestion.rows_read();
                    let label = format!(
                        "Reading {name}: {} rows, {} rows/s",
                        human_count(rows),
                        human_count((rows as f64 / seconds) as u64)
                    );
                    self.show_reading(label, ingestion.progress());
                    self.breathe().await?;
                }
            }
        }
        self.feedback.progress.set(None);
        Ok(ingestion.finish())
    }

    fn show_reading(&self, label: String, fraction: f64) {
        let done = (fraction * 1000.0) as u32;
        self.feedback.progress.set(Some(Progress {
            cancellable: true,
            ..Progress::new(label, done, 1000)
        }));
    }

    /// Lets the page paint and respond; fails if Cancel was pressed meanwhile.
    async fn breathe(&self) -> Result<(), ReadFailure> {
        browser::yield_to_browser().await;
        if self.feedback.cancel_requested.get_untracked() {
            self.feedback.progress.set(None);
            return Err(ReadFailure::Cancelled);
        }
        Ok(())
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

    /// Keeps a reading of the dataset's file as `meta` names it, so that a
    /// reload need not read the file again. A failure here costs only time
    /// later (the cache names the file it was made from, and storing a file
    /// drops its old cache in the same transaction), so it is not reported.
    async fn cache_table(&self, meta: &DatasetMeta, read: &Ingested) {
        let bytes = ingest::codec::encode(read, &meta.options, &meta.file_key());
        if let (Some(store), Ok(blob)) = (
            self.storage.store(),
            browser::bytes_to_blob(&bytes, "application/octet-stream"),
        ) {
            let _ = store.put_cached_table(&meta.id, &blob).await;
        }
    }

    /// A dataset's reading: from the store when it was made from the
    /// dataset's current file with its current options, else read from its
    /// file (and kept for next time).
    pub async fn load_table(&self, meta: &DatasetMeta) -> Result<Ingested, String> {
        let store = self
            .storage
            .store()
            .ok_or("the workspace store is not open")?;
        if let Ok(Some(cached)) = store.cached_table(&meta.id).await {
            if let Ok(bytes) = browser::read_bytes(&cached).await {
                if let Ok(cached) = ingest::codec::decode(&bytes) {
                    if cached.options == meta.options && cached.made_from == meta.file_key() {
                        return Ok(cached.read);
                    }
                }
            }
        }
        let file = store
            .dataset_file(&meta.id)
            .await
            .map_err(|error| error.to_string())?;
        let read = self
            .read_file(&meta.name, meta.kind, &file, &meta.options)
            .await
            .map_err(|error| error.to_string())?;
        self.cache_table(meta, &read).await;
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
            .storage
            .with_store(async |store: Store| store.dataset_file(&id).await)
            .await?;
        let read = self
            .read_file(&dataset.name, dataset.kind, &file, &options)
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
        self.storage
            .save(async |store: Store| store.put_dataset(&updated).await)
            .await?;
        if let Ok(read) = &read {
            self.cache_table(&updated, read).await;
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
        self.feedback
            .progress
            .set(Some(Progress::new(format!("Opening {name}"), 0, 1)));
        let read = self
            .read_file(&name, kind, &file, &IngestOptions::default())
            .await;
        self.feedback.progress.set(None);
        let summary = match Self::summary_of(&read) {
            Ok(summary) => summary,
            Err(error) => {
                self.feedback
                    .fail(format!("{name}: {error}. Nothing was added."));
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
            .storage
            .save(async |store: Store| store.add_dataset(&meta, &file).await)
            .await
            .is_some();
        if added {
            if let Ok(read) = &read {
                self.cache_table(&meta, read).await;
            }
            self.refresh_datasets().await;
            self.storage.keep();
            match (&summary.problem, summary.quarantined) {
                (Some(problem), _) => self.feedback.fail(format!(
                    "Added {name}, but it cannot be used yet: {problem}."
                )),
                (None, 0) => self.feedback.inform(format!(
                    "Added {name} as {}: {} rows.",
                    kind.label(),
                    human_count(summary.accepted)
                )),
                (None, quarantined) => self.feedback.inform(format!(
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
        // The mapping carries over when the new file has the same headers.
        let head = |blob: Blob| async move {
            let head = blob.slice_with_f64_and_f64(0.0, 65_536.0).unwrap_or(blob);
            browser::read_bytes(&head)
                .await
                .map(|bytes| ingest::sample_rows(&bytes, old.kind, old.options.delimiter, 0).0)
        };
        let id = old.id.clone();
        let Some(old_file) = self
            .storage
            .with_store(async |store: Store| store.dataset_file(&id).await)
            .await
        else {
            return;
        };
        let same_headers = match (head(old_file).await, head(file.clone().into()).await) {
            (Ok(old_headers), Ok(new_headers)) => old_headers == new_headers,
            (Err(error), _) | (_, Err(error)) => {
                return self
                    .feedback
                    .fail(format!("{new_name}: {error}. Nothing was replaced."))
            }
        };
        let options = if same_headers {
            old.options.clone()
        } else {
            IngestOptions::default()
        };
        let new = match self.read_file(&new_name, old.kind, &file, &options).await {
            Ok(new) => new,
            Err(error) => {
                return self
                    .feedback
                    .fail(format!("{new_name}: {error}. Nothing was replaced."))
            }
        };
        let diff = match self.load_table(&old).await {
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
            .storage
            .save(async |store: Store| store.add_dataset(&replaced, &file).await)
            .await;
        if saved.is_some() {
            self.cache_table(&replaced, &new).await;
            self.refresh_datasets().await;
            self.feedback.inform(format!(
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

    /// Downloads the rows of a dataset that were quarantined, with their reasons
    /// (from its cached reading, or the kept file read again).
    pub async fn download_quarantine(&self, dataset: DatasetMeta, format: ExportFormat) {
        match self.load_table(&dataset).await {
            Ok(read) => {
                self.download(
                    format,
                    read.report.quarantine_file(format),
                    &derived_file_name(&dataset.name, "quarantined"),
                );
            }
            Err(error) => self.feedback.fail(format!("{}: {error}", dataset.name)),
        }
    }

    pub async fn download_dataset(&self, dataset: DatasetMeta) {
        let id = dataset.id.clone();
        if let Some(file) = self
            .storage
            .with_store(async |store: Store| store.dataset_file(&id).await)
            .await
        {
            if let Err(error) = browser::download(&file, &dataset.name) {
                self.feedback.fail(error);
            }
        }
    }

    pub async fn delete_dataset(&self, dataset: DatasetMeta) {
        let id = dataset.id.clone();
        if self
            .storage
            .save(async |store: Store| store.delete_dataset(&id).await)
            .await
            .is_some()
        {
            self.refresh_datasets().await;
            self.feedback.inform(format!("Deleted {}.", dataset.name));
        }
    }
}
