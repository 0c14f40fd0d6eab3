//! Matching in the page: the run (companies indexed and accounts matched a
//! chunk at a time, with the progress bar and Cancel), the results kept in
//! memory while the person moves around, and the review decisions, saved in
//! the workspace at once.
//!
//! A workspace matches its newest accounts dataset against its newest
//! companies dataset. The results are recomputed when either changes (or on
//! a reload, which is quick: the tables come back from IndexedDB's cache);
//! the decisions live in the store, by account id and company id, so they
//! outlast both.

use crate::engine::display::human_count;
use crate::engine::entry::Entry;
use crate::engine::ingest::Ingested;
use crate::engine::matching::estimate::{known_from_decisions, learn_pausing, ROUNDS};
use crate::engine::matching::matcher::{Candidate, Matcher};
use crate::engine::matching::model::MatchModel;
use crate::engine::matching::outcome::{outcomes, Decision, Decisions, Outcome, Thresholds};
use crate::engine::matching::record::MatchRecord;
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::{newest, DatasetMeta, Workspace};
use crate::store::Store;
use crate::ui::app::AppState;
use crate::ui::browser;
use crate::ui::feedback::Progress;
use leptos::prelude::*;
use std::rc::Rc;

/// The store entry holding a workspace's decisions.
/// Companies indexed, and accounts matched, between two breaths of the page.
const COMPANIES_PER_STEP: usize = 20_000;
const ACCOUNTS_PER_STEP: usize = 1_000;

/// One run's inputs and results.
pub struct MatchData {
    /// Which datasets (and which readings of them) the run used.
    pub key: String,
    pub accounts: Ingested,
    pub companies: Ingested,
    pub matcher: Matcher,
    /// Per account row, the candidates, best first.
    pub candidates: Vec<Vec<Candidate>>,
}

impl MatchData {
    /// The outcomes under a threshold and the person's decisions.
    pub fn outcomes(&self, decisions: &Decisions, thresholds: Thresholds) -> Vec<Outcome> {
        outcomes(
            &self.candidates,
            &self.accounts.table,
            &self.companies.table,
            &self.matcher,
            decisions,
            thresholds,
        )
    }

    /// The header of the accounts file's id column, for the exports.
    pub fn account_id_header(&self) -> String {
        self.accounts.report.source_header("account_id")
    }
}

/// What the matching view reads and writes, provided by the app so that the
/// results survive moving to another view and back.
#[derive(Clone, Copy)]
pub struct MatchingState {
    /// The store, the datasets and the progress bar the run uses.
    app: AppState,
    data: StoredValue<Option<Rc<MatchData>>, LocalStorage>,
    /// Bumped whenever `data` changes, for views to follow.
    pub version: RwSignal<u32>,
    /// The workspace whose decisions are loaded.
    decisions_of: StoredValue<Option<String>>,
    pub decisions: RwSignal<Decisions>,
    pub running: RwSignal<bool>,
}

impl MatchingState {
    pub fn new(app: AppState) -> MatchingState {
        MatchingState {
            app,
            data: StoredValue::new_local(None),
            version: RwSignal::new(0),
            decisions_of: StoredValue::new(None),
            decisions: RwSignal::new(Decisions::new()),
            running: RwSignal::new(false),
        }
    }

    /// The current results (tracking `version`).
    pub fn data(&self) -> Option<Rc<MatchData>> {
        self.version.track();
        self.data.get_value()
    }
}

/// Whether the workspace has what matching needs (accounts and companies),
/// and a promise to keep its matches current: matched now, and again
/// whenever its datasets change. For the views built on the matches.
pub fn keep_matches_current(
    matching: MatchingState,
    needs: Needs,
) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let datasets = matching.app.datasets;
    let has_inputs = move || {
        datasets.with(|datasets| {
            newest(datasets, SourceKind::Accounts).is_some()
                && (needs == Needs::AccountsOnly
                    || newest(datasets, SourceKind::Companies).is_some())
        })
    };
    Effect::new(move |_| {
        datasets.track();
        if has_inputs() {
            leptos::task::spawn_local(async move { matching.run(false).await });
        }
    });
    has_inputs
}

/// What a page needs before it shows anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Accounts and a company database (matching, the lens).
    AccountsAndCompanies,
    /// Accounts alone: without a company database, people are placed at the
    /// accounts themselves (the account report).
    AccountsOnly,
}

/// What a run depends on: the datasets, and how each was read.
fn run_key(accounts: &DatasetMeta, companies: Option<&DatasetMeta>) -> String {
    format!(
        "{}|{}",
        accounts.reading_key(),
        companies.map_or_else(|| "no companies".to_string(), DatasetMeta::reading_key)
    )
}

impl MatchingState {
    /// Loads the workspace's decisions, if another workspace's are loaded.
    pub async fn load_decisions(&self, workspace: &Workspace) {
        let matching = *self;
        if matching.decisions_of.get_value().as_deref() == Some(workspace.id.as_str()) {
            return;
        }
        let id = workspace.id.clone();
        let decisions = self
            .app
            .storage
            .with_store(async |store: Store| store.entry::<Decisions>(&id, Decisions::KEY).await)
            .await
            .flatten()
            .unwrap_or_default();
        matching.decisions.set(decisions);
        matching.decisions_of.set_value(Some(workspace.id.clone()));
    }

    /// Records a decision (or, with `None`, takes one back) and saves them all.
    pub async fn decide(&self, workspace_id: &str, account_id: String, decision: Option<Decision>) {
        self.decisions.update(|decisions| match decision {
            Some(decision) => {
                decisions.insert(account_id, decision);
            }
            None => {
                decisions.remove(&account_id);
            }
        });
        let decisions = self.decisions.get_untracked();
        self.app
            .storage
            .save(async |store: Store| {
                store
                    .put_entry(workspace_id, Decisions::KEY, &decisions)
                    .await
            })
            .await;
    }

    /// Matches the workspace's newest accounts against its newest companies,
    /// unless the results in memory already are of those.
    pub async fn run(&self, force: bool) {
        let (matching, app) = (*self, self.app);
        let datasets = app.datasets.get_untracked();
        let Some(accounts_meta) = newest(&datasets, SourceKind::Accounts) else {
            return;
        };
        let companies_meta = newest(&datasets, SourceKind::Companies);
        let key = run_key(&accounts_meta, companies_meta.as_ref());
        let current = matching
            .data
            .with_value(|data| data.as_ref().map(|data| data.key.clone()));
        if matching.running.get_untracked() || (!force && current.as_deref() == Some(key.as_str()))
        {
            return;
        }
        matching.running.set(true);
        let decisions = matching.decisions.get_untracked();
        let result = self
            .match_datasets(key, &accounts_meta, companies_meta.as_ref(), &decisions)
            .await;
        matching.running.set(false);
        app.feedback.progress.set(None);
        match result {
            Ok(data) => {
                matching.data.set_value(Some(Rc::new(data)));
                matching.version.update(|version| *version += 1);
            }
            Err(error) => app.feedback.fail(error),
        }
    }

    async fn match_datasets(
        &self,
        key: String,
        accounts_meta: &DatasetMeta,
        companies_meta: Option<&DatasetMeta>,
        decisions: &Decisions,
    ) -> Result<MatchData, String> {
        self.app.feedback.cancel_requested.set(false);
        self.app.feedback.progress.set(Some(Progress::new(
            "Loading accounts and companies…",
            0,
            1,
        )));
        let accounts = self
            .app
            .load_table(accounts_meta)
            .await
            .map_err(|error| format!("{}: {error}", accounts_meta.name))?;
        // Without a company database every account is unmatched (no company
        // to match), and people are placed at the accounts themselves.
        let companies = match companies_meta {
            Some(meta) => self
                .app
                .load_table(meta)
                .await
                .map_err(|error| format!("{}: {error}", meta.name))?,
            None => Ingested::empty(SourceKind::Companies),
        };
        let (account_rows, company_rows) = (accounts.table.rows, companies.table.rows);
        let total = (company_rows + account_rows * 10 + account_rows * ROUNDS / 2).max(1) as f64;
        let show = |label: String, done: usize| {
            self.app.feedback.progress.set(Some(Progress {
                cancellable: true,
                ..Progress::new(label, (done as f64 / total * 1000.0) as u32, 1000)
            }));
        };

        let mut matcher = Matcher::new();
        for start in (0..company_rows).step_by(COMPANIES_PER_STEP) {
            show(
                format!(
                    "Indexing companies: {} of {}",
                    human_count(start as u64),
                    human_count(company_rows as u64)
                ),
                start,
            );
            self.breathe_or_cancel().await?;
            for row in start..(start + COMPANIES_PER_STEP).min(company_rows) {
                matcher.add_company(&MatchRecord::for_index(&companies.table, row));
            }
        }
        let started = browser::now_ms();
        let mut compared = Vec::with_capacity(account_rows);
        for start in (0..account_rows).step_by(ACCOUNTS_PER_STEP) {
            let seconds = ((browser::now_ms() - started) as f64 / 1000.0).max(0.001);
            show(
                format!(
                    "Matching accounts: {} of {}, {} per second",
                    human_count(start as u64),
                    human_count(account_rows as u64),
                    human_count((start as f64 / seconds) as u64)
                ),
                company_rows + start * 10,
            );
            self.breathe_or_cancel().await?;
            for row in start..(start + ACCOUNTS_PER_STEP).min(account_rows) {
                compared.push(
                    matcher.compare_candidates(
                        &MatchRecord::of(&accounts.table, row),
                        &companies.table,
                    ),
                );
            }
        }
        // Learning this data's weights: rounds of expectation-maximisation,
        // a slice of accounts between breaths (`estimate`).
        let known = known_from_decisions(
            &mut compared,
            &matcher,
            &accounts.table,
            &companies.table,
            decisions,
        );
        let learning_done = company_rows + account_rows * 10;
        matcher.model = learn_pausing(&MatchModel::default(), &compared, &known, |done| {
            show(
                "Learning this data's weights".to_string(),
                learning_done + (done * (account_rows * ROUNDS / 2) as f64) as usize,
            );
            self.breathe_or_cancel()
        })
        .await?;
        let candidates = compared
            .iter()
            .map(|candidates| matcher.rank(candidates))
            .collect();
        Ok(MatchData {
            key,
            accounts,
            companies,
            matcher,
            candidates,
        })
    }

    /// Lets the page paint and respond; fails if Cancel was pressed meanwhile.
    async fn breathe_or_cancel(&self) -> Result<(), String> {
        browser::yield_to_browser().await;
        if self.app.feedback.cancel_requested.get_untracked() {
            return Err("Matching cancelled.".to_string());
        }
        Ok(())
    }
}
