//! `#/w/<id>/accounts`: the account report (every account with its matched
//! company's data and persona counts), its totals and the distribution of the
//! sizing persona, and the downloads: the report, whitespace, and whitespace
//! as a Salesforce insert file.

use crate::engine::accounts::crm::{
    crm_update, last_exported, CrmField, CrmFormat, CrmProfile, LedgerEntry,
};
use crate::engine::accounts::personas::Persona;
use crate::engine::accounts::report::{
    account_report, salesforce_insert, search_text_holds, AccountReportBuilder, Enrichment,
    ReportCell, ReportTable, WhitespaceBuilder,
};
use crate::engine::accounts::settings::{
    parse_price, ReportChoices, ReportSettings, SettingsError,
};
use crate::engine::export::{ExportDialect, Formulas};
use crate::engine::ingest::table::format_number;
use crate::engine::ingest::Ingested;
use crate::engine::links::{Placed, PlacedAt};
use crate::engine::matching::outcome::Outcome;
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::{human_count, DatasetMeta, Workspace};
use crate::store::Store;
use crate::ui::app::AppState;
use crate::ui::browser::build_in_slices;
use crate::ui::matching_run::{keep_matched, newest, MatchData, MatchingState, Needs};
use crate::ui::placement::{place_in_slices, Placement, Records};
use crate::ui::route::Route;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

pub const SETTINGS_ENTRY: &str = "report_settings";
const CRM_PROFILE_ENTRY: &str = "crm_profile";
const LEDGER_ENTRY: &str = "export_ledger";
/// Rows rendered at once (the scroller shows about 16), with a margin so that
/// fast scrolling shows no gap; the row height matches `.rows-table tr`.
const RENDERED_ROWS: usize = 32;
const ROW_HEIGHT: usize = 32;

/// What the account report is built from, for one workspace: its personas,
/// the report's settings, its newest people dataset and the persona counts
/// from it (recounted only when the personas or the people change). Shared
/// by the Accounts and Lens pages.
#[derive(Clone, Copy)]
pub struct ReportInputs {
    pub personas: RwSignal<Vec<Persona>>,
    pub settings: RwSignal<ReportChoices>,
    /// The newest people dataset as read (for the unplaced download).
    pub people: StoredValue<Option<Arc<Ingested>>, LocalStorage>,
    /// The personas and settings have been read from the store.
    pub loaded: RwSignal<bool>,
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
        let settings = RwSignal::new(ReportChoices::default());
        let people: StoredValue<Option<Arc<Ingested>>, LocalStorage> = StoredValue::new_local(None);
        let loaded = RwSignal::new(false);
        let thresholds = state.thresholds_memo(workspace.id.clone());
        let workspace = workspace.clone();
        spawn_local(async move {
            state.load_decisions(matching, &workspace).await;
            personas.try_set(state.load_personas(&workspace.id).await);
            if let Some(saved) = state
                .with_store(async |store: Store| {
                    store
                        .entry::<ReportChoices>(&workspace.id, SETTINGS_ENTRY)
                        .await
                })
                .await
                .flatten()
            {
                settings.try_set(saved);
            }
            loaded.try_set(true);
        });
        // The newest people dataset, read again whenever it changes: the page
        // may open before the workspace's datasets are listed (a reload on
        // this route), and a file may be added or replaced meanwhile.
        let people_version = RwSignal::new(0u32);
        let people_key: StoredValue<Option<String>> = StoredValue::new(None);
        Effect::new(move |_| {
            let meta = state
                .datasets
                .with(|datasets| newest(datasets, SourceKind::People));
            let key = meta.as_ref().map(DatasetMeta::reading_key);
            if key == people_key.get_value() {
                return;
            }
            people_key.set_value(key);
            spawn_local(async move {
                let read = match meta {
                    Some(meta) => match state.load_table(&meta).await {
                        Ok(read) => Some(Arc::new(read)),
                        Err(error) => {
                            state.fail(format!("{}: {error}", meta.name));
                            None
                        }
                    },
                    None => None,
                };
                people.try_set_value(read);
                people_version.try_update(|version| *version += 1);
            });
        });
        // Placed again when the people, the matching run (it may bring a
        // company database the people move to) or the threshold change, in
        // slices; a newer placement makes an older one stop.
        let placed: RwSignal<Option<Arc<Placed>>> = RwSignal::new(None);
        let runs = StoredValue::new(0u64);
        Effect::new(move |_| {
            people_version.track();
            let threshold = thresholds.get().accept;
            let (Some(data), Some(read)) = (matching.data(), people.get_value()) else {
                placed.set(None);
                return;
            };
            runs.update_value(|runs| *runs += 1);
            let this_run = runs.get_value();
            let still_wanted = move || runs.try_get_value() == Some(this_run);
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
    let has_inputs = keep_matched(state, matching, Needs::AccountsOnly);
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
    let price_error: RwSignal<Option<SettingsError>> = RwSignal::new(None);
    let showing_whitespace = RwSignal::new(false);
    let opened: RwSignal<Option<usize>> = RwSignal::new(None);
    let crm_profile = RwSignal::new(CrmProfile::default());
    let profile_loaded = RwSignal::new(false);
    spawn_local(async move {
        let id = workspace_id.get_value();
        if let Some(saved) = state
            .with_store(async |store: Store| {
                store.entry::<CrmProfile>(&id, CRM_PROFILE_ENTRY).await
            })
            .await
            .flatten()
        {
            crm_profile.try_set(saved);
        }
        profile_loaded.try_set(true);
    });
    // Saved whenever the person changes it (after the saved one is read).
    Effect::new(move |_| {
        let profile = crm_profile.get();
        if profile_loaded.get_untracked() {
            spawn_local(async move {
                state
                    .save(async |store: Store| {
                        store
                            .put_entry(&workspace_id.get_value(), CRM_PROFILE_ENTRY, &profile)
                            .await
                    })
                    .await;
            });
        }
    });
    let save_settings = move |new: ReportChoices| {
        settings.set(new.clone());
        spawn_local(async move {
            state
                .save(async |store: Store| {
                    store
                        .put_entry(&workspace_id.get_value(), SETTINGS_ENTRY, &new)
                        .await
                })
                .await;
        });
    };
    let thresholds = state.thresholds_memo(workspace_id.get_value());
    // (the report, whitespace, each account's website) for the current
    // matches, personas and settings: built in slices that yield, so a
    // change of setting at 100k accounts never freezes the page.
    let tables: RwSignal<Option<Arc<Tables>>> = RwSignal::new(None);
    let building = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
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
        generation.update_value(|value| *value += 1);
        let this_build = generation.get_value();
        let still_wanted = move || generation.try_get_value() == Some(this_build);
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

    let ledger: RwSignal<Vec<LedgerEntry>> = RwSignal::new(Vec::new());
    spawn_local(async move {
        let id = workspace_id.get_value();
        if let Some(entries) = state
            .with_store(async |store: Store| {
                store.entry::<Vec<LedgerEntry>>(&id, LEDGER_ENTRY).await
            })
            .await
            .flatten()
        {
            ledger.try_set(entries);
        }
    });
    // Downloads a table and records it in the ledger.
    let export = move |table: Arc<ReportTable>,
                       profile: String,
                       file_name: &'static str,
                       changes_only: bool,
                       values,
                       formulas: Formulas| {
        state.download_csv(
            &table.to_csv_with(ExportDialect::Comma, formulas),
            file_name,
        );
        let entry = LedgerEntry {
            at_ms: crate::ui::browser::now_ms(),
            profile,
            file_name: file_name.to_string(),
            rows: table.rows.len(),
            changes_only,
            values,
        };
        ledger.update(|ledger| ledger.push(entry));
        let entries = ledger.get_untracked();
        spawn_local(async move {
            state
                .save(async |store: Store| {
                    store
                        .put_entry(&workspace_id.get_value(), LEDGER_ENTRY, &entries)
                        .await
                })
                .await;
        });
    };
    let download = move |which: &'static str| {
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
        export(
            Arc::new(update.table()),
            label,
            file_name,
            changes_only,
            values,
            profile.formulas(),
        );
    };
    let sources = Route::Sources {
        workspace_id: workspace.id.clone(),
    }
    .href();
    let personas_link = Route::Personas {
        workspace_id: workspace.id.clone(),
    }
    .href();
    view! {
        <section class="accounts">
            <h1>"Accounts"</h1>
            <Show
                when=has_inputs
                fallback=move || view! {
                    <div class="empty-state">
                        <p>"The account report needs an accounts export. A people or contacts file adds persona counts per account; a company database adds each account's company data, match scores and whitespace."</p>
                        <p><a href=sources.clone()>"Add them on Sources"</a>" (or load the demo workspace)."</p>
                    </div>
                }
            >
                <div class="matching-toolbar">
                    <label for="sizing-persona">"Sizing persona"</label>
                    <select id="sizing-persona" on:change=move |event| {
                        let name = event_target_value(&event);
                        save_settings(ReportChoices { sizing_persona: name, ..settings.get_untracked() });
                    }>
                        {move || personas.get().into_iter().enumerate().map(|(index, persona)| view! {
                            <option value=persona.name.clone() selected=move || sizing_at() == index>{persona.name.clone()}</option>
                        }).collect_view()}
                    </select>
                    <label for="price-per-user">"Price per user per year"</label>
                    <input id="price-per-user" type="number" min="0" step="any"
                        aria-describedby="report-settings-error"
                        prop:value=move || format_number(settings.with(|settings| settings.price_per_user))
                        on:change=move |event| {
                            match parse_price(&event_target_value(&event)) {
                                Ok(price) => {
                                    price_error.set(None);
                                    save_settings(ReportChoices { price_per_user: price, ..settings.get_untracked() });
                                }
                                Err(error) => price_error.set(Some(error)),
                            }
                        }/>
                    <a href=personas_link.clone()>"Edit personas"</a>
                </div>
                {move || {
                    let problems: Vec<String> = price_error
                        .get()
                        .map(|error| format!("Not saved: {error}."))
                        .into_iter()
                        .chain(sizing.get().err().map(|error| format!(
                            "The saved sizing persona is gone ({error}): sizing by the first persona until you choose one."
                        )))
                        .collect();
                    (!problems.is_empty()).then(|| view! {
                        <p id="report-settings-error" class="callout error" role="alert">{problems.join(" ")}</p>
                    })
                }}
                <div class="matching-toolbar">
                    <button type="button" on:click=move |_| download("report")>"Download account report (CSV)"</button>
                    <button type="button" on:click=move |_| download("whitespace")>"Download whitespace (CSV)"</button>
                    <button type="button" on:click=move |_| download("insert")>"Download whitespace as Salesforce insert (CSV)"</button>
                </div>
                <Show when=move || building.get() && tables.with(Option::is_some)>
                    <p class="muted" role="status">"Updating the report…"</p>
                </Show>
                <Show when=move || state.datasets.with(|datasets| newest(datasets, SourceKind::People).is_none())>
                    <p class="muted">"No people dataset yet: persona counts and connectivity are zero until one is added."</p>
                </Show>
                {move || inputs.placed.get().zip(people.get_value()).map(|(placed, read)| view! {
                    <Placement placed=placed read=read records=Records::People/>
                })}
                {move || match tables.get() {
                    None => view! { <p class="muted" role="status">"Matching accounts and building the report…"</p> }.into_any(),
                    Some(tables) => {
                        let (report, whitespace) = (tables.report.clone(), tables.whitespace.clone());
                        let sizing_column = personas.with(|personas| personas.get(sizing_at()).map(|persona| persona.name.clone()));
                        view! {
                            <p>{format!("{} companies in the database have no account: whitespace.", human_count(whitespace.rows.len() as u64))}</p>
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
    let most = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let description = BINS
        .iter()
        .zip(&counts)
        .map(|((_, _, label), count)| format!("{label}: {count}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <figure class="distribution">
            <svg viewBox="0 0 360 150" role="img" aria-label=format!("Accounts by {column}: {description}")>
                {BINS.iter().zip(counts.clone()).enumerate().map(|(index, ((_, _, label), count))| {
                    let height = count as f64 / most * 100.0;
                    let x = 10.0 + index as f64 * 58.0;
                    view! {
                        <rect class="bar" x=format!("{x}") y=format!("{:.1}", 110.0 - height) width="46" height=format!("{height:.1}")></rect>
                        <text x=format!("{:.1}", x + 23.0) y="128" text-anchor="middle">{label.to_string()}</text>
                        <text x=format!("{:.1}", x + 23.0) y=format!("{:.1}", 106.0 - height) text-anchor="middle">{count.to_string()}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{format!("Accounts by {column}")}</figcaption>
        </figure>
    }
    .into_any()
}

/// The report as a table: sortable by any column, filterable, a page at a
/// time, with totals of the numeric columns over the filtered rows.
#[component]
pub fn ReportView(
    /// Shared: a page may show the same large table twice without copying it.
    #[prop(into)]
    report: Arc<ReportTable>,
    /// Called with a row's index when its first cell is clicked (the account
    /// report opens the account's detail).
    #[prop(optional)]
    on_open: Option<Callback<usize>>,
    /// Prefix of the controls' ids, unique on the page.
    #[prop(default = "report")]
    name: &'static str,
    /// What the rows are, for the scroller's label.
    #[prop(default = "Rows of the report")]
    rows_label: &'static str,
    /// When set, a button downloads the table as shown (filtered and sorted)
    /// under this file name.
    #[prop(optional)]
    file_name: Option<&'static str>,
) -> impl IntoView {
    // Downloads go through the page's state (absent when mounted on its own).
    let state = use_context::<AppState>();
    let report = StoredValue::new(report);
    let sort: RwSignal<Option<(usize, bool)>> = RwSignal::new(None);
    let filter = RwSignal::new(String::new());
    // The column the text filter looks in (`None`: every column), and a range
    // on a numeric column (employee count, a persona's count, …).
    let filter_column: RwSignal<Option<usize>> = RwSignal::new(None);
    let range_column: RwSignal<Option<usize>> = RwSignal::new(None);
    let range_min: RwSignal<Option<f64>> = RwSignal::new(None);
    let range_max: RwSignal<Option<f64>> = RwSignal::new(None);
    let scroll_top = RwSignal::new(0usize);
    // Every row's search text, built after the first paint (below).
    let search_index: StoredValue<Option<Arc<Vec<String>>>> = StoredValue::new(None);
    // The rows the filters keep, in table order (the totals are theirs), then
    // sorted: a sort does not recount the totals.
    let filtered = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        let filter_column = filter_column.get();
        let range = range_column
            .get()
            .map(|column| (column, range_min.get(), range_max.get()))
            .filter(|(_, low, high)| low.is_some() || high.is_some());
        report.with_value(|report| {
            if needle.is_empty() && range.is_none() {
                return (0..report.rows.len()).collect::<Vec<usize>>();
            }
            // The rows' search texts, once built (until then each is made as
            // it is looked at: the same text, only slower).
            let index = search_index.get_value();
            (0..report.rows.len())
                .filter(|row| {
                    let cells = &report.rows[*row];
                    let text_holds = needle.is_empty()
                        || match index.as_deref().and_then(|index| index.get(*row)) {
                            Some(text) => search_text_holds(text, &needle, filter_column),
                            None => {
                                search_text_holds(&report.search_text(*row), &needle, filter_column)
                            }
                        };
                    let range_holds = match range {
                        None => true,
                        Some((column, low, high)) => cells[column].number().is_some_and(|value| {
                            low.is_none_or(|low| value >= low)
                                && high.is_none_or(|high| value <= high)
                        }),
                    };
                    text_holds && range_holds
                })
                .collect::<Vec<usize>>()
        })
    });
    let rows = Memo::new(move |_| {
        let mut rows = filtered.get();
        if let Some((column, descending)) = sort.get() {
            report.with_value(|report| report.sort_rows(&mut rows, column, descending));
        }
        rows
    });
    let columns = report.with_value(|report| report.columns.clone());
    // One pass over every row gives the columns holding numbers (for the
    // range filter), the totals while nothing is filtered out, and the rows'
    // search texts (so that a filter needs no text made per keystroke). It
    // starts once the table is painted: the rows show at once, the totals a
    // moment later.
    let every_row: RwSignal<Option<ColumnSums>> = RwSignal::new(None);
    spawn_local(async move {
        crate::ui::browser::after_next_paint().await;
        let Some(mut sums) = report.try_with_value(|report| ColumnSums::new(report)) else {
            return;
        };
        let total = report.with_value(|report| report.rows.len());
        // A slice at a time: 100k rows of 22 cells take far longer than a frame.
        let texts = build_in_slices(
            total,
            |row| {
                report.with_value(|report| {
                    sums.add_row(&report.rows[row]);
                    report.search_text(row)
                })
            },
            move || report.try_with_value(|_| ()).is_some(),
        )
        .await;
        if let Some(texts) = texts {
            every_row.try_set(Some(sums));
            search_index.try_set_value(Some(Arc::new(texts)));
        }
    });
    let numeric_columns = {
        let columns = columns.clone();
        move || {
            every_row.with(|every_row| {
                let Some(every_row) = every_row else {
                    return Vec::new();
                };
                columns
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| every_row.holds_numbers[*index])
                    .map(|(index, name)| (index, name.clone()))
                    .collect::<Vec<(usize, String)>>()
            })
        }
    };
    // Totals of the filtered rows, counted again only when the filters leave
    // some rows out (they keep rows in order, so as many rows means all).
    let totals = Memo::new(move |_| {
        report.with_value(|report| {
            filtered.with(|rows| {
                let sums = if rows.len() == report.rows.len() {
                    every_row
                        .with(|every_row| {
                            every_row.as_ref().map(|every_row| every_row.sums.clone())
                        })
                        .unwrap_or_else(|| vec![None; report.columns.len()])
                } else {
                    ColumnSums::of(report, rows.iter().copied()).sums
                };
                sums.into_iter()
                    .map(|sum| sum.map(format_number).unwrap_or_default())
                    .collect::<Vec<String>>()
            })
        })
    });
    view! {
        <div class="table-controls">
            <label for=format!("{name}-filter-column")>"Filter"</label>
            <select id=format!("{name}-filter-column") on:change=move |event| { filter_column.set(event_target_value(&event).parse().ok()); scroll_top.set(0); }>
                <option value="">"any column"</option>
                {columns.iter().enumerate().map(|(index, name)| view! { <option value=index.to_string()>{name.clone()}</option> }).collect_view()}
            </select>
            <label for=format!("{name}-filter") class="visually-hidden">"Filter text"</label>
            <input id=format!("{name}-filter") type="search" placeholder="contains…" on:input=move |event| { filter.set(event_target_value(&event)); scroll_top.set(0); }/>
            <label for=format!("{name}-range-column")>"Range of"</label>
            <select id=format!("{name}-range-column") on:change=move |event| { range_column.set(event_target_value(&event).parse().ok()); scroll_top.set(0); }>
                <option value="">"no column"</option>
                {move || numeric_columns().into_iter().map(|(index, name)| view! { <option value=index.to_string()>{name}</option> }).collect_view()}
            </select>
            <label for=format!("{name}-range-min")>"from"</label>
            <input id=format!("{name}-range-min") type="number" step="any" class="short"
                on:input=move |event| { range_min.set(event_target_value(&event).trim().parse().ok()); scroll_top.set(0); }/>
            <label for=format!("{name}-range-max")>"to"</label>
            <input id=format!("{name}-range-max") type="number" step="any" class="short"
                on:input=move |event| { range_max.set(event_target_value(&event).trim().parse().ok()); scroll_top.set(0); }/>
            <span role="status">{move || format!("{} row(s)", human_count(rows.with(Vec::len) as u64))}</span>
            {file_name.zip(state).map(|(file_name, state)| view! {
                <button type="button" on:click=move |_| {
                    let shown = report.with_value(|report| ReportTable {
                        columns: report.columns.clone(),
                        rows: rows.with_untracked(|rows| rows.iter().map(|row| report.rows[*row].clone()).collect()),
                    });
                    state.download_csv(&shown.to_csv(ExportDialect::Comma), file_name);
                }>{format!("Download {} (CSV)", rows_label.to_lowercase())}</button>
            })}
        </div>
        // Virtualised: only the rows in view are in the page.
        <div class="rows-scroller" tabindex="0" aria-label=rows_label
            on:scroll=move |event| {
                use wasm_bindgen::JsCast;
                if let Some(element) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) {
                    scroll_top.set(element.scroll_top().max(0) as usize);
                }
            }>
            <table class="data-table rows-table report-table">
                <thead>
                    <tr>
                        {columns.iter().enumerate().map(|(index, name)| {
                            let name = name.clone();
                            let label = name.clone();
                            view! {
                                <th scope="col" aria-sort=move || match sort.get() {
                                    Some((column, true)) if column == index => "descending",
                                    Some((column, false)) if column == index => "ascending",
                                    _ => "none",
                                }>
                                    <button type="button" class="link" aria-label=format!("Sort by {name}") on:click=move |_| {
                                        sort.update(|sort| *sort = match *sort {
                                            Some((column, false)) if column == index => Some((index, true)),
                                            _ => Some((index, false)),
                                        });
                                    }>{label}</button>
                                </th>
                            }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let total = rows.with(Vec::len);
                        let first = (scroll_top.get() / ROW_HEIGHT).saturating_sub(RENDERED_ROWS / 4).min(total);
                        let last = (first + RENDERED_ROWS).min(total);
                        let shown: Vec<usize> = rows.with(|rows| rows[first..last].to_vec());
                        let above = first * ROW_HEIGHT;
                        let below = (total - last) * ROW_HEIGHT;
                        let body = report.with_value(|report| shown.into_iter().map(|row| view! {
                            <tr>
                                {report.rows[row].iter().enumerate().map(|(column, cell)| match (cell, on_open) {
                                    (ReportCell::Text(text), Some(open)) if column == 0 => view! {
                                        <td>
                                            <button type="button" class="link" aria-label=format!("Open account {text}")
                                                on:click=move |_| open.run(row)>{text.clone()}</button>
                                        </td>
                                    }.into_any(),
                                    (ReportCell::Number(_), _) => view! { <td class="numeric">{cell.as_text()}</td> }.into_any(),
                                    (ReportCell::Text(text), _) => view! { <td>{text.clone()}</td> }.into_any(),
                                }).collect_view()}
                            </tr>
                        }).collect_view());
                        view! {
                            <tr class="spacer" aria-hidden="true" style:height=format!("{above}px")></tr>
                            {body}
                            <tr class="spacer" aria-hidden="true" style:height=format!("{below}px")></tr>
                        }
                    }}
                </tbody>
                <tfoot>
                    <tr>
                        {move || totals.get().into_iter().enumerate().map(|(index, total)| {
                            if index == 0 { view! { <th scope="row">"Total"</th> }.into_any() } else { view! { <td class="numeric">{total}</td> }.into_any() }
                        }).collect_view()}
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// Per column of a report, over some of its rows: the total, where totals
/// mean something (counts and amounts, not scores or rates), and whether any
/// of those rows holds a number.
#[derive(Clone)]
struct ColumnSums {
    summable: Vec<bool>,
    sums: Vec<Option<f64>>,
    holds_numbers: Vec<bool>,
}

impl ColumnSums {
    /// Over no rows yet.
    fn new(report: &ReportTable) -> ColumnSums {
        let summable = report
            .columns
            .iter()
            .map(|name| {
                !matches!(
                    name.as_str(),
                    "match_score" | "hiring_rate" | "headcount_growth_1y"
                )
            })
            .collect();
        ColumnSums {
            summable,
            sums: vec![None; report.columns.len()],
            holds_numbers: vec![false; report.columns.len()],
        }
    }

    fn of(report: &ReportTable, rows: impl Iterator<Item = usize>) -> ColumnSums {
        let mut sums = ColumnSums::new(report);
        rows.for_each(|row| sums.add_row(&report.rows[row]));
        sums
    }

    fn add_row(&mut self, cells: &[ReportCell]) {
        let columns = self
            .summable
            .iter()
            .zip(&mut self.sums)
            .zip(&mut self.holds_numbers);
        for (cell, ((summable, sum), holds_numbers)) in cells.iter().zip(columns) {
            if let ReportCell::Number(value) = cell {
                *holds_numbers = true;
                if let (true, Some(value)) = (*summable, value) {
                    *sum = Some(sum.unwrap_or(0.0) + value);
                }
            }
        }
    }
}

/// The CRM update: its profile (format, id column, fields under the CRM's
/// names), the two downloads, and the export ledger.
#[component]
fn CrmExports(
    profile: RwSignal<CrmProfile>,
    columns: Vec<String>,
    sizing_name: String,
    send_update: impl Fn(bool) + Copy + Send + Sync + 'static,
    ledger: RwSignal<Vec<LedgerEntry>>,
) -> impl IntoView {
    // Report columns worth sending: everything after the match columns.
    let choices = StoredValue::new(columns.into_iter().skip(5).collect::<Vec<String>>());
    let sizing_name = StoredValue::new(sizing_name);
    view! {
        <section class="crm-exports" aria-labelledby="crm-heading">
            <h2 id="crm-heading">"Send to the CRM"</h2>
            <p class="muted">"A CRM update holds the matched accounts' record ids and the fields you choose, under the names your CRM expects."</p>
            <div class="matching-toolbar">
                <label for="crm-format">"Format"</label>
                <select id="crm-format" on:change=move |event| {
                    let preset = match event_target_value(&event).as_str() {
                        "hubspot" => CrmProfile::hubspot(&sizing_name.get_value()),
                        _ => CrmProfile::salesforce(&sizing_name.get_value()),
                    };
                    profile.set(preset);
                }>
                    <option value="salesforce" selected=move || profile.with(|profile| profile.format == CrmFormat::SalesforceUpdate)>"Salesforce update"</option>
                    <option value="hubspot" selected=move || profile.with(|profile| profile.format == CrmFormat::HubspotImport)>"HubSpot import"</option>
                </select>
                <label for="crm-id-column">"Record id column"</label>
                <input id="crm-id-column" type="text" prop:value=move || profile.with(|profile| profile.id_column.clone())
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        profile.update(|profile| profile.id_column = value.trim().to_string());
                    }/>
            </div>
            <table class="data-table crm-fields">
                <thead>
                    <tr>
                        <th scope="col">"Report column"</th>
                        <th scope="col">"CRM field name"</th>
                        <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || profile.with(|profile| profile.fields.clone()).into_iter().enumerate().map(|(index, field)| {
                        let column = field.column.clone();
                        view! {
                            <tr>
                                <td>
                                    <select aria-label=format!("Report column of field {}", index + 1) on:change=move |event| {
                                        let value = event_target_value(&event);
                                        profile.update(|profile| if let Some(field) = profile.fields.get_mut(index) { field.column = value; });
                                    }>
                                        {choices.get_value().into_iter().map(|choice| {
                                            let selected = choice == column;
                                            view! { <option value=choice.clone() selected=selected>{choice.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </td>
                                <td>
                                    <input type="text" aria-label=format!("CRM name of field {}", index + 1) prop:value=field.crm_name.clone()
                                        on:change=move |event| {
                                            let value = event_target_value(&event);
                                            profile.update(|profile| if let Some(field) = profile.fields.get_mut(index) { field.crm_name = value.trim().to_string(); });
                                        }/>
                                </td>
                                <td>
                                    <button type="button" class="ghost" aria-label=format!("Remove field {}", index + 1)
                                        on:click=move |_| profile.update(|profile| { if index < profile.fields.len() { profile.fields.remove(index); } })>
                                        "Remove"
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || profile.with(|profile| profile.cells_as_they_are)
                    on:change=move |event| {
                        let checked = event_target_checked(&event);
                        profile.update(|profile| profile.cells_as_they_are = checked);
                    }/>
                "Write cells exactly as they are (for a CRM import)"
            </label>
            {move || profile.with(|profile| profile.cells_as_they_are).then(|| view! {
                <p class="callout warning" role="note">"Cells that begin with = + - or @ are written as they are: the CRM keeps them exactly (a +44 phone number stays +44), but do not open this file in a spreadsheet, which could run them as formulas."</p>
            })}
            <div class="matching-toolbar">
                <button type="button" on:click=move |_| profile.update(|profile| profile.fields.push(CrmField {
                    column: sizing_name.get_value(),
                    crm_name: String::new(),
                }))>"Add a field"</button>
                <button type="button" class="primary" on:click=move |_| send_update(false)>"Download CRM update (CSV)"</button>
                <button type="button" on:click=move |_| send_update(true)>"Download changes only (CSV)"</button>
            </div>
            <h3>"Export ledger"</h3>
            <Show
                when=move || !ledger.with(Vec::is_empty)
                fallback=|| view! { <p class="muted">"Nothing exported yet. Every download on this page is listed here, so you know what the CRM has."</p> }
            >
                <table class="data-table ledger">
                    <thead>
                        <tr><th scope="col">"When"</th><th scope="col">"Export"</th><th scope="col">"File"</th><th scope="col">"Rows"</th></tr>
                    </thead>
                    <tbody>
                        {move || ledger.get().into_iter().rev().map(|entry| view! {
                            <tr>
                                <td>{crate::engine::workspace::format_timestamp(entry.at_ms)}</td>
                                <td>{if entry.changes_only { format!("{} (changes only)", entry.profile) } else { entry.profile.clone() }}</td>
                                <td>{entry.file_name.clone()}</td>
                                <td class="numeric">{human_count(entry.rows as u64)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

/// One account: its match, persona counts and connectivity, and its
/// company's people, warm paths in first (people connected to someone in our
/// company, most connected first), filterable by persona.
#[component]
fn AccountDetail(
    row: usize,
    personas: RwSignal<Vec<Persona>>,
    people: RwSignal<Option<Arc<Placed>>>,
    on_close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = expect_context::<MatchingState>();
    let persona_filter: RwSignal<Option<usize>> = RwSignal::new(None);
    let Some(data) = matching.data() else {
        return ().into_any();
    };
    let workspace_id = state.workspace_id.get_untracked().unwrap_or_default();
    let thresholds = state.thresholds(&workspace_id);
    let outcome = matching
        .decisions
        .with_untracked(|decisions| data.outcomes(decisions, thresholds))
        .into_iter()
        .nth(row);
    let Some(outcome) = outcome else {
        return ().into_any();
    };
    let account_name = data.accounts.table.text("name", row).unwrap_or_default();
    let company = outcome
        .company
        .filter(|_| outcome.status.is_matched())
        .map(|company| company as usize);
    let company_id = company.and_then(|company| data.companies.table.text("company_id", company));
    let company_name = company
        .and_then(|company| data.companies.table.text("name", company))
        .unwrap_or_default();
    let people = people.get_untracked();
    // Where the account's people are placed: its company, or the account itself.
    let account_id = data.accounts.table.text("account_id", row);
    let placed_at = people.as_ref().map(|people| people.placed_at);
    let counted_at = match placed_at {
        Some(PlacedAt::Accounts) => account_id.clone(),
        _ => company_id.clone(),
    };
    // The account's people: (title, function, seniority, country, connected).
    let staff: Vec<(String, String, String, String, f64)> = match people {
        Some(people) => {
            let table = &people.table;
            let mut staff: Vec<_> = (0..table.rows)
                .filter(|person| {
                    people.counts_for(*person, counted_at.as_deref(), account_id.as_deref())
                })
                .map(|person| {
                    let text = |field: &str| table.text(field, person).unwrap_or_default();
                    (
                        text("title"),
                        text("job_function"),
                        text("seniority"),
                        text("country"),
                        table.number("connected_to_us", person).unwrap_or(0.0),
                    )
                })
                .collect();
            staff.sort_by(|a, b| b.4.total_cmp(&a.4).then(a.0.cmp(&b.0)));
            staff
        }
        None => Vec::new(),
    };
    let staff = StoredValue::new(staff);
    let shown = move || {
        let rule = persona_filter.get().and_then(|at| {
            personas.with(|personas| {
                personas
                    .get(at)
                    .map(crate::engine::accounts::personas::PersonaRule::new)
            })
        });
        staff.with_value(|staff| {
            staff
                .iter()
                .filter(|(title, function, seniority, country, _)| {
                    rule.as_ref().is_none_or(|rule| {
                        rule.matches(
                            present(title),
                            present(function),
                            present(seniority),
                            present(country),
                        )
                    })
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="account-detail" aria-labelledby="account-detail-heading">
            <h2 id="account-detail-heading">{account_name}</h2>
            <button type="button" class="ghost" on:click=move |_| on_close()>"Close"</button>
            <p>
                {match &company_id {
                    Some(id) => format!("Matched to {company_name} ({id}), score {}, grade {}, {}.", outcome.match_score, outcome.grade, outcome.status.as_str()),
                    None if placed_at == Some(PlacedAt::Accounts) => "No company database: the people below are those placed at this account.".to_string(),
                    None => format!("Not matched ({}): no company data.", outcome.status.as_str()),
                }}
            </p>
            <div class="matching-toolbar">
                <label for="detail-persona">"People"</label>
                <select id="detail-persona" on:change=move |event| persona_filter.set(event_target_value(&event).parse::<usize>().ok())>
                    <option value="">"everyone"</option>
                    {move || personas.get().into_iter().enumerate().map(|(at, persona)| view! {
                        <option value=at.to_string()>{persona.name}</option>
                    }).collect_view()}
                </select>
                <span role="status">{move || {
                    let list = shown();
                    let warm = list.iter().filter(|person| person.4 >= 1.0).count();
                    format!("{} people, {} connected to us (warm paths in, listed first)", list.len(), warm)
                }}</span>
            </div>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Title"</th><th scope="col">"Function"</th><th scope="col">"Seniority"</th>
                        <th scope="col">"Country"</th><th scope="col">"Connected to us"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || shown().into_iter().take(100).map(|(title, function, seniority, country, connected)| view! {
                        <tr>
                            <td>{title}</td><td>{function}</td><td>{seniority}</td><td>{country}</td>
                            <td class="numeric">{format_number(connected)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

/// `Some` for a non-empty text.
fn present(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}
