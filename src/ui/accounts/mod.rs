//! `#/w/<id>/accounts`: the headline, the account report (every account with
//! its matched company's data and persona counts), its totals and the distribution of the
//! sizing persona, and the downloads: the report, whitespace, and whitespace
//! as a Salesforce insert file.

use crate::engine::accounts::crm::{crm_update, last_exported, CrmProfile, LedgerEntry};
use crate::engine::accounts::headline::Headline;
use crate::engine::accounts::personas::Persona;
use crate::engine::accounts::report::{
    account_report, salesforce_insert, AccountReportBuilder, Enrichment, ReportTable,
    WhitespaceBuilder,
};
use crate::engine::accounts::settings::{ReportChoices, ReportSettings, SettingsError};
use crate::engine::export::{ExportFormat, Formulas};
use crate::engine::ingest::Ingested;
use crate::engine::links::Placed;
use crate::engine::matching::outcome::Outcome;
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::newest;
use crate::engine::workspace::Workspace;
use crate::ui::app::AppState;
use crate::ui::browser::{build_in_slices, LatestRun};
use crate::ui::components::bar_chart::BarChart;
use crate::ui::components::download::DownloadButtons;
use crate::ui::components::needs_inputs::NeedsInputs;
use crate::ui::components::page_heading::PageHeading;
use crate::ui::components::report_table::ReportView;
use crate::ui::matching_run::{keep_matches_current, MatchData, MatchingState, Needs};
use crate::ui::placement::{place_in_slices, Placement, Records};
use crate::ui::route::Route;
use crate::ui::saved::{change_saved_entry, saved_entry};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

mod crm_exports;
mod detail;
mod headline;
mod sizing_settings;

use crm_exports::CrmExports;
use detail::AccountDetail;
use headline::AccountsHeadline;
use sizing_settings::SizingSettings;

/// What the account report is built from, for one workspace: its personas,
/// the report's settings, its newest people dataset and the persona counts
/// from it (recounted only when the personas or the people change). Shared
/// by the Accounts and Lens pages.
#[derive(Clone, Copy)]
pub struct ReportInputs {
    pub personas: RwSignal<Vec<Persona>>,
    pub settings: RwSignal<ReportChoices>,
    /// The newest people dataset as read (for the unplaced download); `None`
    /// while it is read.
    pub people: LocalResource<Option<Arc<Ingested>>>,
    /// The decisions, personas and settings have been read from the store.
    pub loaded: Signal<bool>,
    /// The people placed at the companies of the current matching run (or at
    /// its accounts without a company database); `None` without people or
    /// before the run.
    pub placed: RwSignal<Option<Arc<Placed>>>,
    /// Shared, so a report built in slices can hold it across its pauses.
    pub enrichment: Memo<Arc<Enrichment>>,
    /// The sizing persona's position among the personas; an error when the
    /// saved name is no longer one of them (the report then sizes by the first).
    pub sizing: Memo<Result<usize, SettingsError>>,
}

impl ReportInputs {
    /// Starts reading the workspace's decisions, personas and settings, and
    /// its newest people dataset (again whenever that changes).
    pub fn load(state: AppState, matching: MatchingState, workspace: &Workspace) -> ReportInputs {
        let personas: RwSignal<Vec<Persona>> = RwSignal::new(Vec::new());
        let saved_settings = saved_entry::<ReportChoices>(state, workspace.id.clone());
        let settings = saved_settings.value;
        let personas_loaded = RwSignal::new(false);
        let loaded = Signal::derive(move || personas_loaded.get() && saved_settings.loaded.get());
        let thresholds = state.thresholds_memo(workspace.id.clone());
        let workspace = workspace.clone();
        spawn_local(async move {
            matching.load_decisions(&workspace).await;
            personas.try_set(state.load_personas(&workspace.id).await);
            personas_loaded.try_set(true);
        });
        // The newest people dataset, read again whenever it changes: the page
        // may open before the workspace's datasets are listed (a reload on
        // this route), and a file may be added or replaced meanwhile.
        let people_meta = Memo::new(move |_| {
            state
                .datasets
                .with(|datasets| newest(datasets, SourceKind::People))
        });
        let people = LocalResource::new(move || {
            let meta = people_meta.get();
            async move {
                let meta = meta?;
                match state.load_table(&meta).await {
                    Ok(read) => Some(Arc::new(read)),
                    Err(error) => {
                        state.feedback.fail(format!("{}: {error}", meta.name));
                        None
                    }
                }
            }
        });
        // Placed again when the people, the matching run (it may bring a
        // company database the people move to) or the threshold change, in
        // slices; a newer placement makes an older one stop.
        let placed: RwSignal<Option<Arc<Placed>>> = RwSignal::new(None);
        let runs = LatestRun::new();
        Effect::new(move |_| {
            let threshold = thresholds.get().accept;
            let (Some(data), Some(Some(read))) = (matching.data(), people.get()) else {
                placed.set(None);
                return;
            };
            let still_wanted = runs.start();
            spawn_local(async move {
                let done = place_in_slices(
                    state,
                    &read.table,
                    Some(&data.companies.table),
                    &data.accounts.table,
                    threshold,
                    Some(&data.matcher),
                    still_wanted,
                )
                .await;
                if let Some(done) = done {
                    placed.try_set(Some(Arc::new(done)));
                }
            });
        });
        let enrichment = Memo::new(move |_| {
            let personas = personas.get();
            Arc::new(placed.with(|placed| match placed {
                Some(placed) => Enrichment::at(&placed.table, &personas, placed.placed_at),
                None => Enrichment::without_people(&personas),
            }))
        });
        let sizing = Memo::new(move |_| {
            settings.with(|settings| personas.with(|personas| settings.sizing_persona(personas)))
        });
        ReportInputs {
            personas,
            settings,
            people,
            loaded,
            placed,
            enrichment,
            sizing,
        }
    }

    /// The sizing persona and the price (tracked).
    pub fn report_settings(&self) -> ReportSettings {
        ReportSettings {
            sizing_persona: self.sizing.get().unwrap_or(0),
            price: self.settings.with(|settings| settings.price_per_user),
        }
    }

    /// The account report of these outcomes (tracks the sizing persona and
    /// the price).
    pub fn report(
        &self,
        data: &MatchData,
        outcomes: &[Outcome],
        enrichment: &Enrichment,
    ) -> ReportTable {
        account_report(
            &data.accounts.table,
            &data.account_id_header(),
            &data.companies.table,
            outcomes,
            enrichment,
            &self.report_settings(),
        )
    }
}

/// What the Accounts page shows, built together.
struct Tables {
    report: Arc<ReportTable>,
    whitespace: Arc<ReportTable>,
    /// Each account's website (its company's, else its own), for HubSpot.
    domains: Vec<String>,
}

#[component]
pub fn AccountsView(workspace: Workspace) -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = expect_context::<MatchingState>();
    let workspace_id = StoredValue::new(workspace.id.clone());
    let has_inputs = keep_matches_current(matching, Needs::AccountsOnly);
    let inputs = ReportInputs::load(state, matching, &workspace);
    let ReportInputs {
        personas,
        settings,
        people,
        sizing,
        ..
    } = inputs;
    // An unknown saved name sizes by the first persona, and says so below.
    let sizing_at = move || sizing.get().unwrap_or(0);
    let showing_whitespace = RwSignal::new(false);
    let opened: RwSignal<Option<usize>> = RwSignal::new(None);
    let crm_profile = saved_entry::<CrmProfile>(state, workspace.id.clone()).value;
    let thresholds = state.thresholds_memo(workspace_id.get_value());
    // (the report, whitespace, each account's website) for the current
    // matches, personas and settings: built in slices that yield, so a
    // change of setting at 100k accounts never freezes the page.
    let tables: RwSignal<Option<Arc<Tables>>> = RwSignal::new(None);
    let building = RwSignal::new(false);
    let builds = LatestRun::new();
    Effect::new(move |_| {
        let Some(data) = matching.data() else {
            tables.set(None);
            return;
        };
        let outcomes = matching
            .decisions
            .with(|decisions| data.outcomes(decisions, thresholds.get()));
        let enrichment = inputs.enrichment.get();
        let report_settings = inputs.report_settings();
        let still_wanted = builds.start();
        building.set(true);
        spawn_local(async move {
            let header = data.account_id_header();
            let report = AccountReportBuilder::new(
                &data.accounts.table,
                &header,
                &data.companies.table,
                &outcomes,
                &enrichment,
                &report_settings,
            );
            let Some(rows) =
                build_in_slices(outcomes.len(), |row| report.row(row), still_wanted).await
            else {
                return;
            };
            let report = ReportTable {
                columns: report.columns,
                rows,
            };
            let unclaimed = WhitespaceBuilder::new(
                &data.companies.table,
                &outcomes,
                &enrichment,
                report_settings.sizing_persona,
            );
            let Some(rows) =
                build_in_slices(unclaimed.len(), |at| unclaimed.row(at), still_wanted).await
            else {
                return;
            };
            let whitespace = unclaimed.finish(rows);
            // Each account's website for HubSpot: its company's, else its own.
            let domains: Vec<String> = outcomes
                .iter()
                .enumerate()
                .map(|(row, outcome)| {
                    outcome
                        .company
                        .filter(|_| outcome.status.is_matched())
                        .and_then(|company| data.companies.table.text("website", company as usize))
                        .or_else(|| data.accounts.table.text("website", row))
                        .unwrap_or_default()
                })
                .collect();
            tables.try_set(Some(Arc::new(Tables {
                report: Arc::new(report),
                whitespace: Arc::new(whitespace),
                domains,
            })));
            building.try_set(false);
        });
    });

    let ledger = saved_entry::<Vec<LedgerEntry>>(state, workspace.id.clone()).value;
    // Downloads a table and records it in the ledger.
    let export = move |table: Arc<ReportTable>,
                       format: ExportFormat,
                       profile: String,
                       file_name: &'static str,
                       changes_only: bool,
                       values,
                       formulas: Formulas| {
        let rows = table.rows.len();
        // Recorded once the file is offered (a workbook is written first,
        // and the person may have left the page meanwhile: the entry then
        // goes to the saved ledger itself).
        state.download_then(
            format,
            table.to_file_with(format, formulas),
            file_name,
            move || {
                let entry = LedgerEntry {
                    at_ms: crate::ui::browser::now_ms(),
                    profile,
                    file_name: format.file_name(file_name),
                    rows,
                    changes_only,
                    values,
                };
                let kept = ledger.try_update(|ledger| ledger.push(entry.clone()));
                if kept.is_none() {
                    spawn_local(change_saved_entry::<Vec<LedgerEntry>>(
                        state,
                        workspace_id.get_value(),
                        move |ledger| ledger.push(entry),
                    ));
                }
            },
        );
    };
    let download = move |which: &'static str, format: ExportFormat| {
        let table =
            tables.with_untracked(|tables| {
                let Tables {
                    report,
                    whitespace: whitespace_table,
                    ..
                } = &**tables.as_ref()?;
                Some(match which {
                    "report" => (report.clone(), "Account report", "account_report.csv"),
                    "whitespace" => (whitespace_table.clone(), "Whitespace", "whitespace.csv"),
                    _ => (
                        Arc::new(personas.with_untracked(|personas| {
                            salesforce_insert(whitespace_table, personas)
                        })),
                        "Salesforce insert",
                        "whitespace_salesforce_insert.csv",
                    ),
                })
            });
        if let Some((table, profile, file_name)) = table {
            export(
                table,
                format,
                profile.to_string(),
                file_name,
                false,
                Default::default(),
                Formulas::Neutralised,
            );
        }
    };
    let send_update = move |changes_only: bool| {
        let profile = crm_profile.get_untracked();
        let update = tables.with_untracked(|tables| {
            tables
                .as_ref()
                .map(|tables| crm_update(&tables.report, &tables.domains, &profile))
        });
        let Some(update) = update else {
            return;
        };
        let label = profile.label().to_string();
        let (update, file_name) = if changes_only {
            let base = ledger.with_untracked(|ledger| last_exported(ledger, &label));
            (update.changes_since(&base), "crm_update_changes.csv")
        } else {
            (update, "crm_update.csv")
        };
        let values = update.values();
        // A CRM imports CSV files: its update is one.
        export(
            Arc::new(update.table()),
            ExportFormat::Comma,
            label,
            file_name,
            changes_only,
            values,
            profile.formulas(),
        );
    };
    let workspace_id_for_empty_state = workspace.id.clone();
    let personas_link = Route::Personas {
        workspace_id: workspace.id.clone(),
    }
    .href();
    view! {
        <section class="accounts">
            <PageHeading title="Accounts" help="accounts.html"/>
            <Show
                when=has_inputs
                fallback=move || view! {
                    <NeedsInputs workspace_id=workspace_id_for_empty_state.clone() needs="The account report needs an accounts export. A people or contacts file adds persona counts per account; a company database adds each account's company data, match scores and whitespace."/>
                }
            >
                <SizingSettings personas=personas settings=settings sizing=sizing personas_link=personas_link.clone()/>
                <div class="matching-toolbar">
                    <DownloadButtons what="account report" download=move |format| download("report", format)/>
                    <DownloadButtons what="whitespace" download=move |format| download("whitespace", format)/>
                    <button type="button" on:click=move |_| download("insert", ExportFormat::Comma)>"Download whitespace as Salesforce insert (CSV)"</button>
                </div>
                <Show when=move || building.get() && tables.with(Option::is_some)>
                    <p class="muted" role="status">"Updating the report…"</p>
                </Show>
                <Show when=move || state.datasets.with(|datasets| newest(datasets, SourceKind::People).is_none())>
                    <p class="muted">"No people dataset yet: persona counts and connectivity are zero until one is added."</p>
                </Show>
                {move || inputs.placed.get().zip(people.get().flatten()).map(|(placed, read)| view! {
                    <Placement placed=placed read=read records=Records::People/>
                })}
                {move || match tables.get() {
                    None => view! { <p class="muted" role="status">"Matching accounts and building the report…"</p> }.into_any(),
                    Some(tables) => {
                        let (report, whitespace) = (tables.report.clone(), tables.whitespace.clone());
                        let sizing_column = personas.with(|personas| personas.get(sizing_at()).map(|persona| persona.name.clone()));
                        let headline = Headline::of(&report, &whitespace, sizing_column.as_deref(), inputs.report_settings().price);
                        view! {
                            <AccountsHeadline headline=headline sizing_name=sizing_column.clone()/>
                            {sizing_column.map(|column| view! { <Distribution report=report.clone() column=column/> })}
                            <CrmExports
                                profile=crm_profile
                                columns=report.columns.clone()
                                sizing_name=personas.with(|personas| personas.get(sizing_at()).map(|persona| persona.name.clone()).unwrap_or_default())
                                send_update=send_update
                                ledger=ledger
                            />
                            <div class="matching-toolbar">
                                <label for="accounts-show">"Show"</label>
                                <select id="accounts-show" on:change=move |event| showing_whitespace.set(event_target_value(&event) == "whitespace")>
                                    <option value="report" selected=move || !showing_whitespace.get()>"the account report"</option>
                                    <option value="whitespace" selected=move || showing_whitespace.get()>"whitespace: companies with no account"</option>
                                </select>
                            </div>
                            {move || opened.get().map(|row| view! {
                                <AccountDetail row=row personas=personas people=inputs.placed on_close=move || opened.set(None)/>
                            })}
                            {if showing_whitespace.get() {
                                view! { <ReportView report=whitespace/> }.into_any()
                            } else {
                                view! { <ReportView report=report on_open=Callback::new(move |row| opened.set(Some(row)))/> }.into_any()
                            }}
                        }.into_any()
                    }
                }}
            </Show>
        </section>
    }
}

/// How many accounts have how many of the sizing persona: an SVG bar chart.
#[component]
fn Distribution(#[prop(into)] report: Arc<ReportTable>, column: String) -> impl IntoView {
    const BINS: [(f64, f64, &str); 6] = [
        (0.0, 1.0, "0"),
        (1.0, 10.0, "1–9"),
        (10.0, 50.0, "10–49"),
        (50.0, 100.0, "50–99"),
        (100.0, 500.0, "100–499"),
        (500.0, f64::INFINITY, "500+"),
    ];
    let Some(at) = report.column(&column) else {
        return ().into_any();
    };
    let counts: Vec<usize> = BINS
        .iter()
        .map(|(low, high, _)| {
            report
                .rows
                .iter()
                .filter(|row| {
                    row[at]
                        .number()
                        .is_some_and(|value| value >= *low && value < *high)
                })
                .count()
        })
        .collect();
    let bars = BINS
        .iter()
        .zip(counts)
        .map(|((_, _, label), count)| (label.to_string(), count as f64))
        .collect();
    view! { <BarChart title=format!("Accounts by {column}") bars=bars/> }.into_any()
}
