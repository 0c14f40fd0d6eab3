//! `#/w/<id>/usage`: the sales team's usage reports (`docs/usage.md`): Overview,
//! Usage & Effectiveness, Best Practices and ROI for a date range, groups and
//! users, with the per-seat download (CSV or Excel).
//!
//! The index is built once per as-of date and time zone (the slow part, with
//! the page told so); every other control recomputes from it in milliseconds.
//! The controls are saved in the workspace.

use crate::engine::accounts::report::{ReportCell, ReportTable};
use crate::engine::display::{format_figure, format_percent, human_count};
use crate::engine::entry::Entry;
use crate::engine::ingest::Ingested;
use crate::engine::links::place_records;
use crate::engine::source_kind::SourceKind;
use crate::engine::usage::calendar::{format_day, parse_day, shown_day};
use crate::engine::usage::metrics::Metric;
use crate::engine::usage::practices::Practice;
use crate::engine::usage::report::{UsageReport, EXPORT_COLUMNS};
use crate::engine::usage::vocabulary::{Action, COACH_LEVELS};
use crate::engine::usage::{Controls, RangeRequest, UsageIndex, UsageInputs, Zone};
use crate::engine::workspace::newest;
use crate::engine::workspace::Workspace;
use crate::ui::app::AppState;
use crate::ui::browser::LatestRun;
use crate::ui::components::bar_chart::BarChart;
use crate::ui::components::download::DownloadButtons;
use crate::ui::components::line_chart::LineChart;
use crate::ui::components::needs_inputs::NeedsInputs;
use crate::ui::components::page_heading::PageHeading;
use crate::ui::components::report_table::ReportView;
use crate::ui::saved::{saved_entry, Saved};
use crate::ui::usage_cards::{
    effectiveness_cards, overview_cards, practice_cards, roi_cards, ssi_cards, CardsOf, PeriodCards,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use std::sync::Arc;

/// The controls as saved in the workspace.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
struct UsageSettings {
    /// `last-30`, … or `YYYY-MM-DD..YYYY-MM-DD`.
    range: String,
    groups: Vec<String>,
    users: Vec<String>,
    /// A hand-set as-of date (`YYYY-MM-DD`); empty: the data's.
    as_of: String,
    /// `UTC`, an IANA name or an offset.
    zone: String,
    purchased_seats: Option<u64>,
}

impl Entry for UsageSettings {
    const KEY: &'static str = "usage_settings";
}

impl UsageSettings {
    fn controls(&self) -> Result<Controls, String> {
        let range = if self.range.is_empty() {
            RangeRequest::default()
        } else {
            self.range.parse()?
        };
        Ok(Controls {
            range,
            groups: self.groups.clone(),
            users: self.users.clone(),
            purchased_seats: self.purchased_seats,
        })
    }
}

/// What the page reads from the workspace.
struct UsageData {
    seats: Ingested,
    activity: Ingested,
    opportunities: Option<Ingested>,
}

#[component]
pub fn UsageView(workspace: Workspace) -> impl IntoView {
    let state = expect_context::<AppState>();
    let thresholds = state.thresholds_memo(workspace.id.clone());
    let data: StoredValue<Option<Rc<UsageData>>, LocalStorage> = StoredValue::new_local(None);
    // Bumped each time the datasets are read (0: not read yet), to rebuild the index.
    let data_version = RwSignal::new(0u32);
    // Saved whenever the person changes a control.
    let Saved {
        value: settings,
        loaded: settings_loaded,
    } = saved_entry::<UsageSettings>(state, workspace.id.clone());
    // The newest seats, activity and opportunities datasets (and the accounts,
    // for deals that name their company instead of its account's id): read
    // again when one is added or replaced (and once the workspace's list has
    // arrived).
    let sources_key = Memo::new(move |_| {
        state.datasets.with(|datasets| {
            [
                SourceKind::Seats,
                SourceKind::Activity,
                SourceKind::Opportunities,
                SourceKind::Accounts,
            ]
            .map(|kind| newest(datasets, kind).map(|dataset| dataset.id))
        })
    });
    let reads = LatestRun::new();
    Effect::new(move |_| {
        let key = sources_key.get();
        if key[0].is_none() || key[1].is_none() {
            return;
        }
        let is_latest = reads.start();
        let threshold = thresholds.get().accept;
        spawn_local(async move {
            let seats = state.load_newest(SourceKind::Seats).await;
            let activity = state.load_newest(SourceKind::Activity).await;
            let mut opportunities = state.load_newest(SourceKind::Opportunities).await;
            if let Some(deals) = opportunities.as_mut() {
                if let Some(accounts) = state.load_newest(SourceKind::Accounts).await {
                    deals.table =
                        place_records(&deals.table, None, &accounts.table, threshold, None).table;
                }
            }
            if !is_latest() {
                return; // A newer read has started (or the page moved on).
            }
            data.try_set_value(match (seats, activity) {
                (Some(seats), Some(activity)) => Some(Rc::new(UsageData {
                    seats,
                    activity,
                    opportunities,
                })),
                _ => None,
            });
            data_version.try_update(|version| *version += 1);
        });
    });

    // The index: rebuilt only when the as-of date or the zone changes.
    let index_key = Memo::new(move |_| settings.with(|s| (s.as_of.clone(), s.zone.clone())));
    let index: RwSignal<Option<Result<Arc<UsageIndex>, String>>> = RwSignal::new(None);
    let builds = LatestRun::new();
    Effect::new(move |_| {
        let (as_of, zone) = index_key.get();
        data_version.track();
        if !settings_loaded.get() {
            return;
        }
        let Some(data) = data.get_value() else {
            return;
        };
        index.set(None);
        let is_latest = builds.start();
        spawn_local(async move {
            let built = build_index(state, &data, &as_of, &zone).await;
            // A newer build (another as-of or zone) wins.
            if is_latest() {
                index.try_set(Some(built.map(Arc::new)));
            }
        });
    });
    // Every change of a control is a new report (no comparison of reports).
    let report = Memo::new_with_compare(
        move |_| {
            let index = index.get()?;
            Some(index.and_then(|index| {
                let controls = settings.with(UsageSettings::controls)?;
                let report = index.report(&controls).map_err(|error| error.to_string())?;
                Ok((index, Arc::new(report), controls))
            }))
        },
        |_, _| true,
    );

    let tab = RwSignal::new(UsageTab::Overview);
    let workspace_id = workspace.id.clone();
    view! {
        <section class="usage">
            <PageHeading title="Usage" help="usage.html"/>
            {move || {
                let read_yet = data_version.get() > 0;
                let has_inputs = state.datasets.with(|datasets| {
                    newest(datasets, SourceKind::Seats).is_some()
                        && newest(datasets, SourceKind::Activity).is_some()
                });
                if !has_inputs {
                    return view! {
                        <NeedsInputs workspace_id=workspace_id.clone() needs="Usage reports need the seats export and the activity log of your sales team (opportunities add ROI)."/>
                    }.into_any();
                }
                if !read_yet || data.with_value(Option::is_none) {
                    return view! { <p class="muted">"Reading the seats and the activity log…"</p> }.into_any();
                }
                view! {
                    <UsageControls settings=settings index=index/>
                    {move || match report.get() {
                        None => view! { <p class="muted" role="status">"Indexing the activity log…"</p> }.into_any(),
                        Some(Err(error)) => view! { <p class="notice error" role="alert">{error}</p> }.into_any(),
                        Some(Ok((index, report, controls))) => view! { <UsagePanels index=index report=report controls=controls tab=tab/> }.into_any(),
                    }}
                }.into_any()
            }}
        </section>
    }
}

/// Builds the index in slices, with the progress bar, so a log of millions
/// of events never freezes the page.
async fn build_index(
    state: AppState,
    data: &UsageData,
    as_of: &str,
    zone: &str,
) -> Result<UsageIndex, String> {
    use crate::ui::browser::{yield_to_browser, SliceClock};
    use crate::ui::feedback::Progress;
    let zone: Zone = zone.parse()?;
    let as_of = if as_of.trim().is_empty() {
        None
    } else {
        Some(parse_day(as_of)?)
    };
    let mut clock = SliceClock::every(40);
    let built = UsageIndex::build_pausing(
        UsageInputs {
            seats: &data.seats.table,
            activity: &data.activity.table,
            opportunities: data.opportunities.as_ref().map(|read| &read.table),
            zone,
            as_of,
        },
        |fraction| {
            let due = clock.due();
            if due {
                let done = (fraction * 1000.0).round() as u32;
                state.feedback.progress.set(Some(Progress::new(
                    "Indexing the activity log",
                    done,
                    1000,
                )));
            }
            async move {
                if due {
                    yield_to_browser().await;
                }
            }
        },
    )
    .await;
    state.feedback.progress.set(None);
    built.map_err(|error| error.to_string())
}

/// Range, as-of, time zone, groups and users.
#[component]
fn UsageControls(
    settings: RwSignal<UsageSettings>,
    index: RwSignal<Option<Result<Arc<UsageIndex>, String>>>,
) -> impl IntoView {
    let range_value = move || {
        settings.with(|s| {
            if s.range.is_empty() {
                "last-30".to_string()
            } else {
                s.range.clone()
            }
        })
    };
    let is_custom = move || range_value().contains("..");
    let custom_end = move |end: bool| {
        range_value()
            .split_once("..")
            .map(|(start, finish)| {
                if end {
                    finish.to_string()
                } else {
                    start.to_string()
                }
            })
            .unwrap_or_default()
    };
    let set_custom = move |start: String, end: String| {
        settings.update(|s| s.range = format!("{start}..{end}"));
    };
    let latest = move || {
        index.with(|index| match index {
            Some(Ok(index)) => index.latest_day.map(format_day),
            _ => None,
        })
    };
    let groups = move || {
        index.with(|index| match index {
            Some(Ok(index)) => index.group_names(),
            _ => Vec::new(),
        })
    };
    let users = move || {
        index.with(|index| match index {
            Some(Ok(index)) => index
                .seats
                .iter()
                .filter_map(|seat| {
                    let user = seat.user_id.clone()?;
                    Some((user.clone(), seat.name.clone().unwrap_or(user)))
                })
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    };
    let user_search = RwSignal::new(String::new());
    view! {
        <form class="panel usage-controls" on:submit=|event| event.prevent_default()>
            <div class="table-controls">
                <label for="usage-range">"Date range"</label>
                <select id="usage-range" prop:value=move || if is_custom() { "custom".to_string() } else { range_value() }
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        if value == "custom" {
                            let as_of = index.with_untracked(|index| match index {
                                Some(Ok(index)) => Some(index.as_of),
                                _ => None,
                            });
                            if let Some(as_of) = as_of {
                                set_custom(format_day(as_of - 29), format_day(as_of));
                            }
                        } else {
                            settings.update(|s| s.range = value);
                        }
                    }>
                    {RangeRequest::PRESETS.iter().map(|(_, name, label)| view! {
                        <option value=*name>{*label}</option>
                    }).collect_view()}
                    <option value="custom">"Custom…"</option>
                </select>
                <Show when=is_custom>
                    <label for="usage-start">"from"</label>
                    <input id="usage-start" type="date" prop:value=move || custom_end(false)
                        on:change=move |event| set_custom(event_target_value(&event), custom_end(true))/>
                    <label for="usage-end">"to"</label>
                    <input id="usage-end" type="date" prop:value=move || custom_end(true)
                        on:change=move |event| set_custom(custom_end(false), event_target_value(&event))/>
                </Show>
                <label for="usage-as-of">"As of"</label>
                <input id="usage-as-of" type="date" prop:value=move || settings.with(|s| s.as_of.clone())
                    on:change=move |event| settings.update(|s| s.as_of = event_target_value(&event))/>
                <span class="muted">{move || latest().map(|day| format!("(data: {day})"))}</span>
                <label for="usage-zone">"Time zone"</label>
                <input id="usage-zone" type="text" class="short" placeholder="UTC"
                    prop:value=move || settings.with(|s| s.zone.clone())
                    on:change=move |event| settings.update(|s| s.zone = event_target_value(&event))/>
                <label for="usage-purchased">"Purchased seats"</label>
                <input id="usage-purchased" type="number" min="0" class="short" placeholder="from the seats file"
                    prop:value=move || settings.with(|s| s.purchased_seats.map(|n| n.to_string()).unwrap_or_default())
                    on:change=move |event| settings.update(|s| s.purchased_seats = event_target_value(&event).trim().parse().ok())/>
            </div>
            <details class="filters">
                <summary>{move || settings.with(|s| format!(
                    "Filters: {} group(s), {} user(s)",
                    s.groups.len(),
                    s.users.len()
                ))}</summary>
                <fieldset>
                    <legend>"Groups"</legend>
                    {move || groups().into_iter().map(|group| {
                        let checked_group = group.clone();
                        let toggled_group = group.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox"
                                    prop:checked=move || settings.with(|s| s.groups.iter().any(|g| g.eq_ignore_ascii_case(&checked_group)))
                                    on:change=move |_| settings.update(|s| toggle(&mut s.groups, &toggled_group))/>
                                {group}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset>
                    <legend>"Users"</legend>
                    <label for="usage-user-search" class="visually-hidden">"Search users"</label>
                    <input id="usage-user-search" type="search" placeholder="search users…"
                        on:input=move |event| user_search.set(event_target_value(&event))/>
                    {move || {
                        let needle = user_search.get().to_lowercase();
                        let chosen = settings.with(|s| s.users.clone());
                        users().into_iter()
                            .filter(|(user, name)| chosen.contains(user)
                                || (!needle.is_empty() && (user.to_lowercase().contains(&needle) || name.to_lowercase().contains(&needle))))
                            .take(50)
                            .map(|(user, name)| {
                                let checked_user = user.clone();
                                view! {
                                    <label class="check">
                                        <input type="checkbox"
                                            prop:checked=move || settings.with(|s| s.users.contains(&checked_user))
                                            on:change=move |_| settings.update(|s| toggle(&mut s.users, &user))/>
                                        {name}
                                    </label>
                                }
                            }).collect_view()
                    }}
                    <button type="button" class="ghost" on:click=move |_| settings.update(|s| { s.users.clear(); s.groups.clear(); })>
                        "Clear filters"
                    </button>
                </fieldset>
            </details>
        </form>
    }
}

/// Adds `item` when absent, removes it when present (case-insensitively).
fn toggle(items: &mut Vec<String>, item: &str) {
    let before = items.len();
    items.retain(|existing| !existing.eq_ignore_ascii_case(item));
    if items.len() == before {
        items.push(item.to_string());
    }
}

/// A rate or share, which the engine gives as exact text ("0.9250"), as a
/// percentage in a sentence ("92.5%"); "—" when undefined.
fn percent(value: Option<String>) -> String {
    value
        .and_then(|text| text.parse().ok())
        .map_or_else(|| "—".to_string(), format_percent)
}

/// An average or amount, which the engine gives as exact text, rounded for reading.
fn figure(value: Option<String>) -> String {
    value
        .and_then(|text| text.parse().ok())
        .map_or_else(|| "—".to_string(), format_figure)
}

fn number(value: impl Into<f64>) -> ReportCell {
    ReportCell::Number(Some(value.into()))
}

/// A rate or share's cell: a percentage in the page, the number in the download.
fn share_cell(value: Option<String>) -> ReportCell {
    ReportCell::Share(value.and_then(|text| text.parse().ok()))
}

/// An average or amount's cell.
fn figure_cell(value: Option<String>) -> ReportCell {
    ReportCell::Number(value.and_then(|text| text.parse().ok()))
}

fn text(value: impl Into<String>) -> ReportCell {
    ReportCell::Text(value.into())
}

#[component]
fn UsagePanels(
    index: Arc<UsageIndex>,
    report: Arc<UsageReport>,
    /// The controls the report was made with (the cards compare with the
    /// period before under the same filters).
    controls: Controls,
    /// The tab shown; kept above the panels, which a new report rebuilds.
    tab: RwSignal<UsageTab>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let range = report.range;
    let file_name = format!(
        "usage_{}_{}.csv",
        format_day(range.start),
        format_day(range.end)
    );
    let export_report = report.clone();
    view! {
        <p class="muted" role="status">
            {format!("Data current as of {}. Showing {} – {}", shown_day(report.as_of), shown_day(range.start), shown_day(range.end))}
            {range.is_snapped().then(|| format!(
                " (asked {} – {}, widened to whole weeks)",
                shown_day(range.requested.0),
                shown_day(range.requested.1)
            ))}
            {format!(". {} events counted; {}.", human_count(index.counted_events as u64), index.ignored)}
        </p>
        <div class="actions">
            <DownloadButtons what="the usage report" download=move |format| { state.download(format, export_report.export_file(format), &file_name); }/>
            <span class="muted">{format!("one row per seat, {} columns", EXPORT_COLUMNS.len())}</span>
        </div>
        <div role="tablist" aria-label="Usage report" class="tabs">
            {UsageTab::ALL.map(|shown| view! {
                <button type="button" role="tab" id=shown.tab_id()
                    aria-selected=move || (tab.get() == shown).to_string()
                    aria-controls="usage-tab-panel"
                    tabindex=move || if tab.get() == shown { "0" } else { "-1" }
                    on:click=move |_| tab.set(shown)
                    on:keydown=move |event| {
                        // Arrows move along the tabs, as in every tab list.
                        let next = match event.key().as_str() {
                            "ArrowRight" => shown.next(),
                            "ArrowLeft" => shown.previous(),
                            _ => return,
                        };
                        event.prevent_default();
                        tab.set(next);
                        crate::ui::browser::focus_element(&next.tab_id());
                    }>
                    {shown.label()}
                </button>
            }).collect_view()}
        </div>
        <div role="tabpanel" id="usage-tab-panel" aria-labelledby=move || tab.get().tab_id()>
            {move || {
                // Each tab: its cards, then its panel.
                let (cards, panel): (CardsOf, AnyView) = match tab.get() {
                    UsageTab::Overview => (overview_cards, view! { <Overview report=report.clone() index=index.clone() controls=controls.clone()/> }.into_any()),
                    UsageTab::Effectiveness => (effectiveness_cards, view! { <Effectiveness report=report.clone() index=index.clone()/> }.into_any()),
                    UsageTab::BestPractices => (practice_cards, view! { <BestPractices report=report.clone()/> }.into_any()),
                    UsageTab::Ssi => (ssi_cards, view! { <Ssi report=report.clone()/> }.into_any()),
                    UsageTab::Roi => (roi_cards, view! { <Roi report=report.clone()/> }.into_any()),
                };
                view! {
                    <PeriodCards report=report.clone() index=index.clone() controls=controls.clone() cards=cards/>
                    {panel}
                }
            }}
        </div>
    }
}

/// The tabs of the usage report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UsageTab {
    Overview,
    Effectiveness,
    BestPractices,
    Ssi,
    Roi,
}

impl UsageTab {
    const ALL: [UsageTab; 5] = [
        UsageTab::Overview,
        UsageTab::Effectiveness,
        UsageTab::BestPractices,
        UsageTab::Ssi,
        UsageTab::Roi,
    ];

    fn label(self) -> &'static str {
        match self {
            UsageTab::Overview => "Overview",
            UsageTab::Effectiveness => "Usage and effectiveness",
            UsageTab::BestPractices => "Best practices",
            UsageTab::Ssi => "SSI",
            UsageTab::Roi => "ROI",
        }
    }

    fn tab_id(self) -> String {
        format!("usage-tab-{}", self as usize)
    }

    fn next(self) -> UsageTab {
        UsageTab::ALL[(self as usize + 1) % UsageTab::ALL.len()]
    }

    fn previous(self) -> UsageTab {
        UsageTab::ALL[(self as usize + UsageTab::ALL.len() - 1) % UsageTab::ALL.len()]
    }
}

#[component]
fn Overview(report: Arc<UsageReport>, index: Arc<UsageIndex>, controls: Controls) -> impl IntoView {
    let team = &report.team;
    // The range week by week: each week's figures are its own report's.
    let weeks = index.weekly(&controls, report.range);
    let week_of = |days: &crate::engine::usage::DayRange| shown_day(days.start);
    let active_per_week: Vec<(String, Option<f64>)> = weeks
        .iter()
        .map(|week| (week_of(&week.days), Some(week.active_users as f64)))
        .collect();
    let acceptance_per_week: Vec<(String, Option<f64>)> = weeks
        .iter()
        .map(|week| (week_of(&week.days), week.inmail_acceptance_rate))
        .collect();
    let unassigned = team.purchased.saturating_sub(team.assigned);
    let not_activated = team.assigned.saturating_sub(team.activated);
    let pending: Vec<String> = team
        .pending_invitations
        .iter()
        .map(|seat| {
            let seat = &index.seats[*seat];
            format!(
                "{} (invited {})",
                seat.name
                    .clone()
                    .or(seat.email.clone())
                    .or(seat.user_id.clone())
                    .unwrap_or_default(),
                seat.invited_at.map(shown_day).unwrap_or_default()
            )
        })
        .collect();
    let coach_levels = COACH_LEVELS
        .iter()
        .zip(team.coach_levels)
        .map(|(level, count)| (level.to_string(), count as f64))
        .collect();
    view! {
        <section class="panel">
            <h2>"Overview"</h2>
            <dl class="figures">
                <dt>"Purchased seats"</dt><dd>{team.purchased}</dd>
                <dt>"Assigned"</dt><dd>{format!("{} ({})", team.assigned, percent(team.assignment_rate()))}</dd>
                <dt>"Activated"</dt><dd>{format!("{} ({})", team.activated, percent(team.activation_rate()))}</dd>
            </dl>
            <ul class="advice">
                {(unassigned > 0).then(|| view! { <li>{format!("{unassigned} seat(s) are not assigned: give them to reps who sell, or reduce the contract.")}</li> })}
                {(not_activated > 0).then(|| view! { <li>{format!("{not_activated} assigned user(s) have not activated their seat: remind them.")}</li> })}
                {(!pending.is_empty()).then(|| view! {
                    <li>
                        {format!("{} invitation(s) pending for more than a week:", pending.len())}
                        <ul>{pending.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                    </li>
                })}
            </ul>
            <div class="charts">
                <BarChart title="Activated users by coach level".to_string() bars=coach_levels/>
                <LineChart title="Active users per week".to_string() points=active_per_week/>
                <LineChart title="InMail acceptance rate per week".to_string() points=acceptance_per_week percent=true/>
            </div>
        </section>
    }
}

/// The most bars a chart of groups or owners shows.
const CHART_BARS: usize = 12;

#[component]
fn Effectiveness(report: Arc<UsageReport>, index: Arc<UsageIndex>) -> impl IntoView {
    let team = &report.team;
    let daily = index.daily_series(&report);
    let chart_metric = RwSignal::new(usize::MAX);
    // The export's columns from `status` to `lead_iq_views`, for activated users.
    const SHOWN: std::ops::Range<usize> = 7..26;
    let per_user = ReportTable {
        columns: ["name", "user_id"]
            .into_iter()
            .chain(EXPORT_COLUMNS[SHOWN].iter().copied())
            .map(str::to_string)
            .collect(),
        rows: report
            .seats
            .iter()
            .filter(|seat| seat.metrics.is_some())
            .map(|seat| {
                let row = seat.export_row();
                let mut cells = vec![
                    text(seat.seat.name.clone().unwrap_or_default()),
                    text(seat.seat.user_id.clone().unwrap_or_default()),
                ];
                // Counts and rates are numbers (an undefined rate an empty
                // one); the rest, dates included, text.
                let is_date = |column: usize| {
                    matches!(EXPORT_COLUMNS[column], "last_active" | "assistant_setup")
                };
                let is_rate = |column: usize| EXPORT_COLUMNS[column].ends_with("_rate");
                cells.extend(SHOWN.map(|column| match row[column].parse::<f64>() {
                    Ok(value) if column > 8 && is_rate(column) => ReportCell::Share(Some(value)),
                    Ok(value) if column > 8 => number(value),
                    Err(_) if column > 8 && is_rate(column) => ReportCell::Share(None),
                    Err(_) if column > 8 && !is_date(column) => ReportCell::Number(None),
                    _ => text(row[column].clone()),
                }));
                cells
            })
            .collect(),
    };
    // Each group alone, over the same range.
    let alone: Vec<(String, crate::engine::usage::report::TeamFigures)> = index
        .group_names()
        .into_iter()
        .map(|group| {
            let controls = Controls {
                groups: vec![group.clone()],
                ..Controls::default()
            };
            let team = index.report_in(&controls, report.range).team;
            (group, team)
        })
        .collect();
    // As many groups as a chart shows legibly; the table has them all.
    let active_by_group: Vec<(String, f64)> = alone
        .iter()
        .take(CHART_BARS)
        .map(|(group, team)| (group.clone(), team.active_users as f64))
        .collect();
    let acceptance_by_group: Vec<(String, f64)> = alone
        .iter()
        .take(CHART_BARS)
        // A group that sent no InMail has no rate: it is left out, not drawn at 0.
        .filter_map(|(group, team)| {
            let rate = team
                .inmail_acceptance_rate()
                .and_then(|rate| rate.parse().ok())?;
            Some((group.clone(), rate))
        })
        .collect();
    let groups = ReportTable {
        columns: [
            "group",
            "seats",
            "activated",
            "active_users",
            "average_days_active",
            "average_searches",
            "inmail_acceptance_rate",
        ]
        .map(str::to_string)
        .to_vec(),
        rows: alone
            .iter()
            .map(|(group, team)| {
                vec![
                    text(group.clone()),
                    number(team.purchased as f64),
                    number(team.activated as f64),
                    number(team.active_users as f64),
                    figure_cell(team.average(Metric::DaysActive)),
                    figure_cell(team.average(Metric::Searches)),
                    share_cell(team.inmail_acceptance_rate()),
                ]
            })
            .collect(),
    };
    let adoption_by = RwSignal::new("function");
    let adoption = {
        let team = team.clone();
        move || {
            let by_function = adoption_by.get() == "function";
            let buckets = if by_function {
                &team.adoption_by_function
            } else {
                &team.adoption_by_title
            };
            let mut columns = vec!["action".to_string(), "all activated users".to_string()];
            columns.extend(buckets.keys().cloned());
            let share = |did: u64, users: u64| {
                ReportCell::Share((users > 0).then(|| did as f64 / users as f64))
            };
            let rows = Action::ALL
                .iter()
                .filter(|action| !action.is_passive())
                .map(|action| {
                    let mut cells = vec![
                        text(action.name()),
                        share(team.adoption.did[action.index()], team.adoption.users),
                    ];
                    cells.extend(
                        buckets
                            .values()
                            .map(|bucket| share(bucket.did[action.index()], bucket.users)),
                    );
                    cells
                })
                .collect();
            ReportTable { columns, rows }
        }
    };
    let other_actions = team.other_actions.clone();
    let suggestions_for = RwSignal::new(String::new());
    let suggestion_seats: Vec<(usize, String)> = report
        .seats
        .iter()
        .filter(|seat| seat.metrics.is_some())
        .map(|seat| {
            (
                seat.index,
                seat.seat
                    .name
                    .clone()
                    .or(seat.seat.user_id.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let suggestion_index = index.clone();
    let (start, end) = (report.range.start, report.range.end);
    view! {
        <section class="panel">
            <h2>"Usage and effectiveness"</h2>
            <p>{format!(
                "{} active user(s) in the range. Team InMail acceptance rate {}; {} unique connections.",
                team.active_users,
                percent(team.inmail_acceptance_rate()),
                team.unique_connections
            )}</p>
            <table class="data-table">
                <caption class="visually-hidden">"Team totals and averages over active users"</caption>
                <thead><tr><th scope="col">"Metric"</th><th scope="col" class="numeric">"Total"</th><th scope="col" class="numeric">"Average per active user"</th></tr></thead>
                <tbody>
                    {Metric::ALL.iter().map(|&metric| view! {
                        <tr>
                            <th scope="row">{metric.label()}</th>
                            <td class="numeric">{team.totals[metric.index()]}</td>
                            <td class="numeric">{figure(team.average(metric))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <DailyChart daily=daily chart_metric=chart_metric/>
            <h3>"Per user"</h3>
            <ReportView report=per_user name="usage-users" file_name="usage_per_user.csv" rows_label="Users"/>
            <h3>"Per group"</h3>
            <div class="charts">
                <BarChart title="Active users by group".to_string() bars=active_by_group horizontal=true/>
                <BarChart title="InMail acceptance rate by group".to_string() bars=acceptance_by_group percent=true horizontal=true/>
            </div>
            <ReportView report=groups name="usage-groups" file_name="usage_per_group.csv" rows_label="Groups"/>
            <h3>"Feature adoption"</h3>
            <label for="usage-adoption-by">"Break down by"</label>
            <select id="usage-adoption-by" on:change=move |event| adoption_by.set(if event_target_value(&event) == "title" { "title" } else { "function" })>
                <option value="function">"job function"</option>
                <option value="title">"title"</option>
            </select>
            {move || view! { <ReportView report=adoption() name="usage-adoption" rows_label="Feature adoption" file_name="feature_adoption.csv"/> }}
            <h3>"Suggested accounts"</h3>
            <label for="usage-suggest">"For"</label>
            <select id="usage-suggest" on:change=move |event| suggestions_for.set(event_target_value(&event))>
                <option value="">"Choose a user…"</option>
                {suggestion_seats.into_iter().map(|(seat, name)| view! { <option value=seat.to_string()>{name}</option> }).collect_view()}
            </select>
            {move || suggestions_for.get().parse::<usize>().ok().map(|seat| {
                let suggested = suggestion_index.suggested_accounts(seat, start, end);
                if suggested.is_empty() {
                    return view! { <p class="muted">"No engaged account left unsaved in this range."</p> }.into_any();
                }
                view! {
                    <ol class="suggested">
                        {suggested.into_iter().take(20).map(|(account, events)| view! {
                            <li>{format!("{account}: {events} event(s), not saved")}</li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
            {(!other_actions.is_empty()).then(|| view! {
                <h3>"Other actions"</h3>
                <p class="muted">"Actions outside the vocabulary: kept and counted here. They make a user active that day (Days active, last active) and count toward nothing else."</p>
                <ul>{other_actions.into_iter().map(|(name, count)| view! { <li>{format!("{name}: {count}")}</li> }).collect_view()}</ul>
            })}
        </section>
    }
}

/// The Social Selling Index: the team's averages and each user's scores.
#[component]
fn Ssi(report: Arc<UsageReport>) -> impl IntoView {
    let team = &report.team;
    let ssi = ReportTable {
        columns: [
            "name",
            "user_id",
            "ssi",
            "ssi_brand",
            "ssi_find",
            "ssi_engage",
            "ssi_build",
            "flag",
        ]
        .map(str::to_string)
        .to_vec(),
        rows: report
            .seats
            .iter()
            .filter(|seat| seat.seat.ssi.iter().any(Option::is_some))
            .map(|seat| {
                let values = seat.seat.ssi;
                let inconsistent = values.iter().all(Option::is_some)
                    && (values[1..].iter().flatten().sum::<f64>() - values[0].unwrap_or(0.0)).abs()
                        > 0.5;
                let mut cells = vec![
                    text(seat.seat.name.clone().unwrap_or_default()),
                    text(seat.seat.user_id.clone().unwrap_or_default()),
                ];
                cells.extend(values.iter().map(|value| ReportCell::Number(*value)));
                cells.push(text(if inconsistent {
                    "pillars do not add up to the total"
                } else {
                    ""
                }));
                cells
            })
            .collect(),
    };
    let pillars: Vec<(String, f64)> = ["Brand", "Find", "Engage", "Build"]
        .into_iter()
        .zip(&team.ssi_averages[1..])
        .map(|(name, average)| (name.to_string(), average.unwrap_or(0.0)))
        .collect();
    let ssi_averages = team
        .ssi_averages
        .iter()
        .zip(["SSI", "Brand", "Find", "Engage", "Build"])
        .map(|(average, name)| {
            format!(
                "{name} {}",
                average.map_or("—".to_string(), |value| format!("{value:.2}"))
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <section class="panel">
            <h2>"Social Selling Index"</h2>
            <p>{format!("Team averages: {ssi_averages}")}</p>
            <BarChart title="Team average of each SSI pillar (out of 25)".to_string() bars=pillars horizontal=true/>
            <ReportView report=ssi name="usage-ssi" file_name="usage_ssi.csv" rows_label="SSI per user"/>
        </section>
    }
}

#[component]
fn DailyChart(
    daily: crate::engine::usage::report::DailySeries,
    chart_metric: RwSignal<usize>,
) -> impl IntoView {
    let daily = StoredValue::new(daily);
    let series = move || {
        daily.with_value(|daily| match chart_metric.get() {
            usize::MAX => ("Active users".to_string(), daily.active_users.clone()),
            metric => (
                Metric::ALL[metric].label().to_string(),
                daily.metrics[metric].clone(),
            ),
        })
    };
    view! {
        <div class="table-controls">
            <label for="usage-chart">"Daily chart of"</label>
            <select id="usage-chart" on:change=move |event| chart_metric.set(event_target_value(&event).parse().unwrap_or(usize::MAX))>
                <option value=usize::MAX.to_string()>"Active users"</option>
                {Metric::ALL.iter().map(|metric| view! { <option value=metric.index().to_string()>{metric.label()}</option> }).collect_view()}
            </select>
        </div>
        {move || {
            let (label, values) = series();
            let start = daily.with_value(|daily| daily.start);
            let most = values.iter().copied().max().unwrap_or(0).max(1);
            let peak = values.iter().enumerate().max_by_key(|(_, value)| **value)
                .map(|(day, value)| format!("highest {} on {}", human_count(*value), shown_day(start + day as i32)))
                .unwrap_or_default();
            // The plot sits right of its scale and above its dates.
            const LEFT: f64 = 44.0;
            const TOP: f64 = 8.0;
            const WIDTH: f64 = 668.0;
            const HEIGHT: f64 = 110.0;
            let days = values.len().max(1);
            let step = WIDTH / days as f64;
            let y = move |value: u64| TOP + HEIGHT - value as f64 / most as f64 * HEIGHT;
            let mut scale = vec![0, most / 2, most];
            scale.dedup();
            let mut dated = vec![0, days / 2, days - 1];
            dated.dedup();
            let table_rows: Vec<(String, u64)> = values
                .iter()
                .enumerate()
                .map(|(day, value)| (shown_day(start + day as i32), *value))
                .collect();
            view! {
                <figure class="daily">
                    <svg viewBox="0 0 720 140" role="img" aria-label=format!("{label} per day from {}: {peak}", shown_day(start))>
                        {scale.into_iter().map(|tick| view! {
                            <line class="grid" x1=LEFT x2=LEFT + WIDTH y1=format!("{:.1}", y(tick)) y2=format!("{:.1}", y(tick))></line>
                            <text class="axis" x=LEFT - 6.0 y=format!("{:.1}", y(tick) + 3.5) text-anchor="end">{human_count(tick)}</text>
                        }).collect_view()}
                        {values.iter().enumerate().map(|(day, value)| {
                            let top = y(*value);
                            view! {
                                <rect class="bar" x=format!("{:.2}", LEFT + day as f64 * step) y=format!("{top:.1}")
                                    width=format!("{:.2}", (step - 1.0).max(0.5)) height=format!("{:.1}", TOP + HEIGHT - top)>
                                    <title>{format!("{}: {}", shown_day(start + day as i32), human_count(*value))}</title>
                                </rect>
                            }
                        }).collect_view()}
                        {dated.into_iter().map(|day| {
                            // The first and last dates end at the plot's edges.
                            let (x, anchor) = match day {
                                0 => (LEFT, "start"),
                                day if day + 1 == days => (LEFT + WIDTH, "end"),
                                day => (LEFT + (day as f64 + 0.5) * step, "middle"),
                            };
                            view! {
                                <text class="axis" x=format!("{x:.1}") y=TOP + HEIGHT + 16.0 text-anchor=anchor>
                                    {shown_day(start + day as i32)}
                                </text>
                            }
                        }).collect_view()}
                    </svg>
                    <figcaption>{format!("{label} per day ({peak})")}</figcaption>
                    <details>
                        <summary>"The figures as a table"</summary>
                        <table class="data-table">
                            <thead><tr><th scope="col">"Day"</th><th scope="col" class="numeric">{label.clone()}</th></tr></thead>
                            <tbody>
                                {table_rows.into_iter().map(|(day, value)| view! {
                                    <tr><td>{day}</td><td class="numeric">{human_count(value)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </details>
                </figure>
            }
        }}
    }
}

/// What each practice counts, for its definition one click away.
#[component]
fn BestPractices(report: Arc<UsageReport>) -> impl IntoView {
    let team = &report.team;
    let per_user = ReportTable {
        columns: std::iter::once("name".to_string())
            .chain(
                Practice::ALL
                    .iter()
                    .map(|practice| practice.column().to_string()),
            )
            .collect(),
        rows: report
            .seats
            .iter()
            .filter_map(|seat| {
                let figures = seat.figures.as_ref()?;
                let mut cells = vec![text(
                    seat.seat
                        .name
                        .clone()
                        .or(seat.seat.user_id.clone())
                        .unwrap_or_default(),
                )];
                cells.extend(
                    figures
                        .practice_counts
                        .iter()
                        .map(|count| number(*count as f64)),
                );
                cells.extend(
                    figures
                        .multithreading
                        .iter()
                        .map(|met| text(if *met { "met" } else { "not met" })),
                );
                Some(cells)
            })
            .collect(),
    };
    let shares: Vec<(String, f64)> = Practice::ALL
        .iter()
        .map(|&practice| {
            let share = team
                .practice_share(practice)
                .and_then(|share| share.parse().ok());
            (practice.label().to_string(), share.unwrap_or(0.0))
        })
        .collect();
    view! {
        <section class="panel">
            <h2>"Best practices"</h2>
            <BarChart title="Activated users meeting each practice".to_string() bars=shares percent=true horizontal=true/>
            <p class="muted">{format!("Share of the {} activated users meeting each practice; windows end at the as-of date.", team.activated)}</p>
            <table class="data-table">
                <thead><tr><th scope="col">"Practice"</th><th scope="col" class="numeric">"Users meeting it"</th><th scope="col" class="numeric">"Share"</th></tr></thead>
                <tbody>
                    {Practice::ALL.iter().map(|&practice| view! {
                        <tr>
                            <th scope="row">
                                <details>
                                    <summary>{practice.label()}</summary>
                                    <p>{practice.definition()}</p>
                                    {practice.threshold().map(|threshold| view! { <p class="muted">{format!("Met at {threshold}.")}</p> })}
                                </details>
                            </th>
                            <td class="numeric">{team.practices_met[practice.index()]}</td>
                            <td class="numeric">{percent(team.practice_share(practice))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>"Per user"</h3>
            <ReportView report=per_user name="usage-practices" file_name="best_practices_per_user.csv" rows_label="Best practices per user"/>
        </section>
    }
}

#[component]
fn Roi(report: Arc<UsageReport>) -> impl IntoView {
    let Some((overall, per_owner)) = report.team.roi.clone() else {
        return view! {
            <section class="panel">
                <h2>"ROI"</h2>
                <p class="muted">"Add an opportunities export on Sources to see the deals your seat holders influenced."</p>
            </section>
        }
        .into_any();
    };
    use crate::engine::usage::numbers::micros_text;
    // The owners with the most won revenue, as many as a chart shows legibly.
    let mut largest: Vec<_> = per_owner.iter().collect();
    largest.sort_by_key(|(_, figures)| std::cmp::Reverse(figures.won_micros));
    let influenced_by_owner: Vec<(String, f64)> = largest
        .into_iter()
        .take(CHART_BARS)
        .map(|(owner, figures)| {
            let share = figures
                .influenced_share()
                .and_then(|share| share.parse().ok());
            (owner.clone(), share.unwrap_or(0.0))
        })
        .collect();
    let owners_chart = if per_owner.len() > CHART_BARS {
        format!("Share of won revenue influenced, for the {CHART_BARS} owners with the most")
    } else {
        "Share of won revenue influenced, per owner".to_string()
    };
    let owners = ReportTable {
        columns: [
            "owner",
            "won",
            "won_amount",
            "influenced",
            "influenced_amount",
            "influenced_share",
        ]
        .map(str::to_string)
        .to_vec(),
        rows: per_owner
            .iter()
            .map(|(owner, figures)| {
                vec![
                    text(owner.clone()),
                    number(figures.won as f64),
                    figure_cell(Some(micros_text(figures.won_micros, 2))),
                    number(figures.influenced as f64),
                    figure_cell(Some(micros_text(figures.influenced_micros, 2))),
                    share_cell(figures.influenced_share()),
                ]
            })
            .collect(),
    };
    view! {
        <section class="panel">
            <h2>"ROI: deals influenced"</h2>
            <p>{format!(
                "{} won deal(s) closed in the range, worth {}; {} influenced by seat holders, worth {} ({} of won revenue).",
                overall.won,
                micros_text(overall.won_micros, 2),
                overall.influenced,
                micros_text(overall.influenced_micros, 2),
                percent(overall.influenced_share())
            )}</p>
            <BarChart title=owners_chart bars=influenced_by_owner percent=true horizontal=true/>
            <ReportView report=owners name="usage-roi" file_name="roi_per_owner.csv" rows_label="Deals per owner"/>
        </section>
    }
    .into_any()
}
