//! `#/w/<id>/lens`: the account lens. Size of Prize × Temperature as a 3×3
//! grid (click a cell for its accounts, hottest first, and an account for
//! why it is hot), and the alerts feed, newest first, filterable by type and
//! owner. As-of is today.

use crate::engine::accounts::alerts::{alerts, Alert, AlertInputs, AlertSettings};
use crate::engine::accounts::scoring::{
    grid, score, AccountScore, ScoringSettings, Tier, COMPONENTS,
};
use crate::engine::ingest::Ingested;
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::{human_count, Workspace};
use crate::ui::accounts::ReportInputs;
use crate::ui::app::AppState;
use crate::ui::matching_run::{keep_matched, MatchingState};
use crate::ui::route::Route;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use std::sync::Arc;

const TIERS: [Tier; 3] = [Tier::High, Tier::Medium, Tier::Low];

#[component]
pub fn LensView(workspace: Workspace) -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = expect_context::<MatchingState>();
    let has_inputs = keep_matched(state, matching);
    let inputs = ReportInputs::load(state, matching, &workspace);
    let signals: StoredValue<Option<Rc<Ingested>>, LocalStorage> = StoredValue::new_local(None);
    let signals_loaded = RwSignal::new(false);
    spawn_local(async move {
        signals.set_value(state.load_newest(SourceKind::Signals).await.map(Rc::new));
        signals_loaded.set(true);
    });
    let workspace_id = StoredValue::new(workspace.id.clone());
    let as_of = crate::ui::browser::today();
    // (alerts, scores) for the current matches.
    let lens = Memo::new(move |_| {
        if !inputs.loaded.get() || !signals_loaded.get() {
            return None;
        }
        let data = matching.data()?;
        let threshold = state.accept_threshold(&workspace_id.get_value());
        let outcomes = matching
            .decisions
            .with(|decisions| data.outcomes(decisions, threshold));
        let report = inputs
            .enrichment
            .with(|enrichment| inputs.report(&data, &outcomes, enrichment));
        let people = inputs.people.get_value();
        let signals = signals.get_value();
        let inputs = AlertInputs {
            accounts: &data.accounts.table,
            companies: Some((&data.companies.table, &outcomes)),
            people: people.as_ref().map(|people| &people.table),
            signals: signals.as_ref().map(|signals| &signals.table),
        };
        let found = alerts(&inputs, as_of, &AlertSettings::default());
        let scores = score(&report, &found, as_of, &ScoringSettings::default());
        let names: Vec<(String, String)> = (0..data.accounts.table.rows)
            .map(|row| {
                (
                    data.accounts.table.text("name", row).unwrap_or_default(),
                    data.accounts.table.text("owner", row).unwrap_or_default(),
                )
            })
            .collect();
        Some(Arc::new(Lens {
            alerts: found,
            scores,
            names,
        }))
    });
    let sources = Route::Sources {
        workspace_id: workspace.id.clone(),
    }
    .href();
    view! {
        <section class="lens">
            <h1>"Account lens"</h1>
            <Show
                when=has_inputs
                fallback=move || view! {
                    <div class="empty-state">
                        <p>"The lens needs an accounts export and a company database; people and signals make it richer."</p>
                        <p><a href=sources.clone()>"Add them on Sources"</a>" (or load the demo workspace)."</p>
                    </div>
                }
            >
                {move || match lens.get() {
                    None => view! { <p class="muted">"Scoring accounts…"</p> }.into_any(),
                    Some(lens) => view! { <LensPanels lens=lens/> }.into_any(),
                }}
            </Show>
        </section>
    }
}

/// Everything the lens shows, computed once per change.
pub struct Lens {
    alerts: Vec<Alert>,
    scores: Vec<AccountScore>,
    /// Per account: name and owner.
    names: Vec<(String, String)>,
}

impl PartialEq for Lens {
    fn eq(&self, _: &Lens) -> bool {
        false
    }
}

#[component]
fn LensPanels(lens: Arc<Lens>) -> impl IntoView {
    let cells = grid(&lens.scores);
    let most = cells.iter().flatten().copied().max().unwrap_or(0).max(1);
    let cell: RwSignal<Option<(Tier, Tier)>> = RwSignal::new(Some((Tier::High, Tier::High)));
    let opened: RwSignal<Option<usize>> = RwSignal::new(None);
    let lens = StoredValue::new(lens);
    let in_cell = move || {
        let (prize, temperature) = cell.get()?;
        Some(lens.with_value(|lens| {
            let mut rows: Vec<usize> = (0..lens.scores.len())
                .filter(|row| {
                    lens.scores[*row].prize_tier == prize
                        && lens.scores[*row].temperature_tier == temperature
                })
                .collect();
            rows.sort_by(|a, b| {
                lens.scores[*b]
                    .temperature
                    .total_cmp(&lens.scores[*a].temperature)
            });
            rows
        }))
    };
    view! {
        <section class="lens-grid" aria-labelledby="grid-heading">
            <h2 id="grid-heading">"Size of Prize × Temperature"</h2>
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col">"Size of Prize ↓ / Temperature →"</th>
                        {TIERS.iter().rev().map(|tier| view! { <th scope="col">{tier.name()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {TIERS.iter().map(|prize| view! {
                        <tr>
                            <th scope="row">{prize.name()}</th>
                            {TIERS.iter().rev().map(|temperature| {
                                let (prize, temperature) = (*prize, *temperature);
                                let count = cells[prize as usize][temperature as usize];
                                let heat = (count * 4).div_ceil(most).min(4);
                                view! {
                                    <td class=format!("heat-{heat}")>
                                        <button type="button" class="cell"
                                            aria-pressed=move || if cell.get() == Some((prize, temperature)) { "true" } else { "false" }
                                            aria-label=format!("{} prize, {} temperature: {count} accounts", prize.name(), temperature.name())
                                            on:click=move |_| { cell.set(Some((prize, temperature))); opened.set(None); }>
                                            {human_count(count as u64)}
                                        </button>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="lens-accounts" aria-labelledby="cell-heading">
            <h2 id="cell-heading">{move || cell.get().map(|(prize, temperature)| format!("{} prize, {} temperature", prize.name(), temperature.name())).unwrap_or_default()}</h2>
            <ol class="ranked">
                {move || in_cell().unwrap_or_default().into_iter().take(50).map(|row| {
                    let (name, score) = lens.with_value(|lens| (lens.names[row].0.clone(), lens.scores[row].clone()));
                    view! {
                        <li>
                            <button type="button" class="link" on:click=move |_| opened.set(Some(row))>{name}</button>
                            {format!(" — temperature {:.0}, size of prize {}", score.temperature,
                                score.size_of_prize.map(|prize| human_count(prize.round() as u64)).unwrap_or_else(|| "unknown".to_string()))}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || opened.get().map(|row| lens.with_value(|lens| {
                let score = lens.scores[row].clone();
                let mut parts: Vec<(&str, f64)> = COMPONENTS.iter().copied().zip(score.contributions).collect();
                parts.sort_by(|a, b| b.1.total_cmp(&a.1));
                let account_alerts: Vec<Alert> = lens.alerts.iter().filter(|alert| alert.account == row).cloned().collect();
                view! {
                    <div class="why">
                        <h3>{format!("Why {} is at {:.0}", lens.names[row].0, score.temperature)}</h3>
                        <ul>
                            {parts.into_iter().map(|(component, points)| view! {
                                <li>{format!("{}: {points:.1} points", component.replace('_', " "))}</li>
                            }).collect_view()}
                        </ul>
                        <h4>"Its alerts"</h4>
                        <ul>
                            {account_alerts.into_iter().map(|alert| view! {
                                <li>{format!("{} · {} · {}", alert.date, alert.alert_type, alert.sentence)}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }
            }))}
        </section>
        <AlertsFeed lens=lens/>
    }
}

/// Every alert, newest first, with filters by type and owner.
#[component]
fn AlertsFeed(lens: StoredValue<Arc<Lens>>) -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let (kinds, owners) = lens.with_value(|lens| {
        let mut kinds: Vec<String> = lens
            .alerts
            .iter()
            .map(|alert| alert.alert_type.clone())
            .collect();
        kinds.sort();
        kinds.dedup();
        let mut owners: Vec<String> = lens
            .names
            .iter()
            .map(|(_, owner)| owner.clone())
            .filter(|owner| !owner.is_empty())
            .collect();
        owners.sort();
        owners.dedup();
        (kinds, owners)
    });
    let shown = move || {
        let (kind, owner) = (kind.get(), owner.get());
        lens.with_value(|lens| {
            lens.alerts
                .iter()
                .filter(|alert| kind.is_empty() || alert.alert_type == kind)
                .filter(|alert| owner.is_empty() || lens.names[alert.account].1 == owner)
                .cloned()
                .collect::<Vec<Alert>>()
        })
    };
    view! {
        <section class="alerts-feed" aria-labelledby="alerts-heading">
            <h2 id="alerts-heading">"Alerts"</h2>
            <div class="matching-toolbar">
                <label for="alert-type">"Type"</label>
                <select id="alert-type" on:change=move |event| kind.set(event_target_value(&event))>
                    <option value="">"every type"</option>
                    {kinds.into_iter().map(|kind| view! { <option value=kind.clone()>{kind.clone()}</option> }).collect_view()}
                </select>
                <label for="alert-owner">"Owner"</label>
                <select id="alert-owner" on:change=move |event| owner.set(event_target_value(&event))>
                    <option value="">"every owner"</option>
                    {owners.into_iter().map(|owner| view! { <option value=owner.clone()>{owner.clone()}</option> }).collect_view()}
                </select>
                <span role="status">{move || format!("{} alerts", human_count(shown().len() as u64))}</span>
            </div>
            <ul class="feed">
                {move || shown().into_iter().take(200).map(|alert| {
                    let name = lens.with_value(|lens| lens.names[alert.account].0.clone());
                    view! {
                        <li>
                            <time datetime=alert.date.to_string()>{alert.date.format("%b %-d").to_string()}</time>
                            " · " <strong>{name}</strong> " · " <span class="tag">{alert.alert_type.clone()}</span>
                            " " {alert.sentence.clone()}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
