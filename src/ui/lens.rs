//! `#/w/<id>/lens`: the account lens. Size of Prize × Temperature as a 3×3
//! grid (click a cell for its accounts, ranked by either number, and an
//! account for why it is hot), the alerts feed grouped by account, and the
//! settings of both models. As-of is today.
//!
//! Three memos keep a change cheap: the account report (changes with matches
//! and personas), the alerts (with the alert settings) and the scores (with
//! the scoring settings: a weight change re-scores without recomputing
//! anything else).
//!
//! "New" alerts are those dated after the day the person last opened the
//! feed; the count shows as a badge on the Lens link, from the workspace's
//! `alerts_seen` entry, until the feed is opened again.

use crate::engine::accounts::alerts::{alerts, alerts_file, Alert, AlertInputs, AlertSettings};
use crate::engine::accounts::backtest::{alerts_reach, closed_deals_at_accounts, Backtest};
use crate::engine::accounts::prize_model::{fit, won_per_year, PrizeFit, PrizeModel};
use crate::engine::accounts::report::{ReportTable, WhitespaceBuilder};
use crate::engine::accounts::scoring::{
    grid, grid_file, ranked, score, scores_file, AccountScore, PrizeModelChoice, ScoringSettings,
    Tier, COMPONENTS,
};
use crate::engine::display::{format_date, format_figure, human_count};
use crate::engine::entry::Entry;
use crate::engine::links::place_records;
use crate::engine::matching::outcome::Outcome;
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::Workspace;
use crate::ui::accounts::ReportInputs;
use crate::ui::app::AppState;
use crate::ui::browser::{build_in_slices, LatestRun};
use crate::ui::components::download::DownloadButtons;
use crate::ui::components::needs_inputs::NeedsInputs;
use crate::ui::components::page_heading::PageHeading;
use crate::ui::lens_models::{
    largest_prizes, BacktestPanel, PrizeModelPanel, WhitespacePrize, WhitespacePrizes,
};
use crate::ui::matching_run::{keep_matches_current, MatchingState, Needs};
use crate::ui::saved::saved_entry;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use std::sync::Arc;

const TIERS: [Tier; 3] = [Tier::High, Tier::Medium, Tier::Low];

/// Both models' settings, saved in the workspace.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
struct LensSettings {
    scoring: ScoringSettings,
    alerts: AlertSettings,
}

impl Entry for LensSettings {
    const KEY: &'static str = "lens_settings";
}

/// When the feed was last opened, and the alerts' days as last computed (so
/// the navigation can count the new ones on any page).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertsSeen {
    pub last_opened: Option<NaiveDate>,
    /// (day, alerts that day).
    pub alert_days: Vec<(NaiveDate, u32)>,
}

impl Entry for AlertsSeen {
    const KEY: &'static str = "alerts_seen";
}

impl AlertsSeen {
    /// Alerts dated after the feed was last opened.
    pub fn new_alerts(&self) -> usize {
        self.alert_days
            .iter()
            .filter(|(day, _)| self.last_opened.is_none_or(|opened| *day > opened))
            .map(|(_, count)| *count as usize)
            .sum()
    }

    fn of(alerts: &[Alert], last_opened: Option<NaiveDate>) -> AlertsSeen {
        let mut alert_days: Vec<(NaiveDate, u32)> = Vec::new();
        // Alerts come newest first: equal days are neighbours.
        for alert in alerts {
            match alert_days.last_mut() {
                Some((day, count)) if *day == alert.date => *count += 1,
                _ => alert_days.push((alert.date, 1)),
            }
        }
        AlertsSeen {
            last_opened,
            alert_days,
        }
    }
}

/// The account report with each account's name and owner.
struct Accounts {
    report: ReportTable,
    /// Per account: name and owner.
    names: Vec<(String, String)>,
}

#[component]
pub fn LensView(workspace: Workspace) -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = expect_context::<MatchingState>();
    let has_inputs = keep_matches_current(matching, Needs::AccountsAndCompanies);
    let inputs = ReportInputs::load(state, matching, &workspace);
    // The newest signals and opportunities datasets; `None` while they are read.
    let signals = LocalResource::new(move || async move {
        state.load_newest(SourceKind::Signals).await.map(Rc::new)
    });
    let opportunities = LocalResource::new(move || async move {
        state
            .load_newest(SourceKind::Opportunities)
            .await
            .map(Rc::new)
    });
    // Both saved whenever they change.
    let saved_settings = saved_entry::<LensSettings>(state, workspace.id.clone());
    let saved_seen = saved_entry::<AlertsSeen>(state, workspace.id.clone());
    let settings = saved_settings.value;
    let seen = saved_seen.value;
    let settings_loaded =
        Signal::derive(move || saved_settings.loaded.get() && saved_seen.loaded.get());
    let as_of = crate::ui::browser::today();
    let thresholds = state.thresholds_memo(workspace.id.clone());

    // The alert settings alone: a change of a weight does not recompute the alerts.
    let alert_settings = Memo::new(move |_| settings.with(|settings| settings.alerts.clone()));
    // Each account's outcome, once per change of matches.
    let outcomes = Memo::new_with_compare(
        move |_| {
            let data = matching.data()?;
            let thresholds = thresholds.get();
            let outcomes = matching
                .decisions
                .with(|decisions| data.outcomes(decisions, thresholds));
            Some(Arc::new(outcomes))
        },
        |_, _| true,
    );
    let accounts = Memo::new_with_compare(
        move |_| {
            if !inputs.loaded.get() {
                return None;
            }
            let outcomes = outcomes.get()?;
            let data = matching.data()?;
            let report = inputs
                .enrichment
                .with(|enrichment| inputs.report(&data, &outcomes, enrichment));
            let table = &data.accounts.table;
            let names = (0..table.rows)
                .map(|row| {
                    (
                        table.text("name", row).unwrap_or_default(),
                        table.text("owner", row).unwrap_or_default(),
                    )
                })
                .collect();
            Some(Arc::new(Accounts { report, names }))
        },
        |_, _| true,
    );
    // Signals placed as people are: by id, page, domain (an e-mail's too) or
    // name, or at the account they name; once per matching run and
    // threshold, not at every change of an alert's setting.
    let placed_signals = Memo::new_with_compare(
        move |_| {
            let signals = signals.get()?;
            let data = matching.data()?;
            let threshold = thresholds.get().accept;
            signals.map(|signals| {
                Arc::new(place_records(
                    &signals.table,
                    Some(&data.companies.table),
                    &data.accounts.table,
                    threshold,
                    Some(&data.matcher),
                ))
            })
        },
        |_, _| true,
    );
    let found = Memo::new_with_compare(
        move |_| {
            let signals_read = signals.with(Option::is_some);
            if !inputs.loaded.get() || !signals_read || !settings_loaded.get() {
                return None;
            }
            let outcomes: Arc<Vec<Outcome>> = outcomes.get()?;
            let data = matching.data()?;
            // People placed at their companies (by id, page, domain or name).
            let people = inputs.placed.get();
            let signals = placed_signals.get();
            let alert_inputs = AlertInputs {
                accounts: &data.accounts.table,
                companies: Some((&data.companies.table, &outcomes)),
                people: people.as_ref().map(|people| &people.table),
                signals: signals.as_ref().map(|signals| &signals.table),
            };
            Some(Arc::new(alerts(
                &alert_inputs,
                as_of,
                &alert_settings.get(),
            )))
        },
        |_, _| true,
    );
    // The closed deals placed at their accounts; `Some(None)` without an
    // opportunities file.
    let deals = Memo::new_with_compare(
        move |_| {
            let Some(opportunities) = opportunities.get()? else {
                return Some(None);
            };
            let data = matching.data()?;
            Some(Some(Arc::new(closed_deals_at_accounts(
                &opportunities.table,
                &data.accounts.table,
                thresholds.get().accept,
            ))))
        },
        |_, _| true,
    );
    // Size of Prize learned from the won deals, fitted once per report.
    let prize_fit = Memo::new_with_compare(
        move |_| {
            let Some(deals) = deals.get()? else {
                return Some(None);
            };
            let accounts = accounts.get()?;
            let sizing = inputs.personas.with(|personas| {
                personas
                    .get(inputs.sizing.get().unwrap_or(0))
                    .map(|persona| persona.name.clone())
            });
            let won = won_per_year(&deals, accounts.report.rows.len());
            Some(Some(Arc::new(fit(
                &accounts.report,
                &won,
                sizing.as_deref(),
            ))))
        },
        |_, _| true,
    );
    let prize_choice = Memo::new(move |_| settings.with(|settings| settings.scoring.prize_model));
    // The learned model and its prizes, when chosen and fitted (else `lam`).
    let learned = Memo::new_with_compare(
        move |_| {
            if prize_choice.get() != PrizeModelChoice::Learned {
                return None;
            }
            let fit = prize_fit.get()??;
            let accounts = accounts.get()?;
            match &*fit {
                PrizeFit::Fitted(model) => {
                    let prizes = model.predict(&accounts.report);
                    Some(Arc::new((model.clone(), prizes)))
                }
                PrizeFit::TooFewAccounts { .. } => None,
            }
        },
        |_, _| true,
    );
    let scores = Memo::new_with_compare(
        move |_| {
            let accounts = accounts.get()?;
            let found = found.get()?;
            let scoring = settings.with(|settings| settings.scoring.clone());
            let learned = learned.get();
            Some(Arc::new(score(
                &accounts.report,
                &found,
                as_of,
                &scoring,
                learned.as_ref().map(|learned| learned.1.as_slice()),
            )))
        },
        |_, _| true,
    );
    // The backtest's deals scored as of 90 days before each close: again
    // when the matches, alerts, half-life or tiers change, not when a weight
    // does (this memo changes only with those settings).
    let backtest_settings = Memo::new(move |_| {
        settings.with(|settings| {
            let scoring = ScoringSettings {
                half_life_days: settings.scoring.half_life_days,
                temperature_thresholds: settings.scoring.temperature_thresholds,
                ..ScoringSettings::default()
            };
            let alerts = AlertSettings {
                look_back_days: settings.alerts.look_back_days,
                ..AlertSettings::default()
            };
            (scoring, alerts)
        })
    });
    let backtest = Memo::new_with_compare(
        move |_| {
            let Some(deals) = deals.get()? else {
                return Some(None);
            };
            let accounts = accounts.get()?;
            let outcomes: Arc<Vec<Outcome>> = outcomes.get()?;
            let data = matching.data()?;
            let people = inputs.placed.get();
            let signals = placed_signals.get();
            let alert_inputs = AlertInputs {
                accounts: &data.accounts.table,
                companies: Some((&data.companies.table, &outcomes)),
                people: people.as_ref().map(|people| &people.table),
                signals: signals.as_ref().map(|signals| &signals.table),
            };
            let (scoring, alert_settings) = backtest_settings.get();
            let look_back = alert_settings.look_back_days;
            let reaching = AlertSettings {
                look_back_days: alerts_reach(&deals, as_of, look_back),
                ..alert_settings
            };
            let found = alerts(&alert_inputs, as_of, &reaching);
            Some(Some(Arc::new(Backtest::new(
                &accounts.report,
                &found,
                &deals,
                look_back,
                &scoring,
            ))))
        },
        |_, _| true,
    );
    let weights = Signal::derive(move || settings.with(|settings| settings.scoring.weights));
    // With the learned model: the whitespace companies it sizes largest. The
    // whitespace (up to a million companies) is built, then predicted, in
    // slices that yield, so the page stays responsive.
    let whitespace_top: RwSignal<Option<Vec<WhitespacePrize>>> = RwSignal::new(None);
    let whitespace_runs = LatestRun::new();
    Effect::new(move |_| {
        let Some(learned) = learned.get() else {
            whitespace_top.set(None);
            return;
        };
        let (Some(data), Some(outcomes)) = (matching.data(), outcomes.get()) else {
            return;
        };
        let enrichment = inputs.enrichment.get();
        let sizing = inputs.sizing.get().unwrap_or(0);
        let still_wanted = whitespace_runs.start();
        whitespace_top.set(None);
        spawn_local(async move {
            let builder =
                WhitespaceBuilder::new(&data.companies.table, &outcomes, &enrichment, sizing);
            let Some(rows) =
                build_in_slices(builder.len(), |at| builder.row(at), still_wanted).await
            else {
                return;
            };
            let table = builder.finish(rows);
            let model = &learned.0;
            let predict = model.predictor(&table);
            let Some(prizes) = build_in_slices(table.rows.len(), predict, still_wanted).await
            else {
                return;
            };
            whitespace_top.try_set(Some(largest_prizes(model, &table, &prizes)));
        });
    });

    // The alerts' days, kept for the navigation's badge.
    Effect::new(move |_| {
        if let Some(found) = found.get() {
            let updated = AlertsSeen::of(&found, seen.get_untracked().last_opened);
            state.new_alerts.set(Some(updated.new_alerts()));
            seen.set(updated);
        }
    });
    // The account whose "why" is shown (from the grid's list or the feed).
    let opened: RwSignal<Option<usize>> = RwSignal::new(None);
    let mark_opened = move || {
        let mut updated = seen.get_untracked();
        updated.last_opened = Some(as_of);
        state.new_alerts.set(Some(0));
        seen.set(updated);
    };

    let workspace_id_for_empty_state = workspace.id.clone();
    view! {
        <section class="lens">
            <PageHeading title="Account lens" help="accounts.html#size-of-prize-and-temperature"/>
            <Show
                when=has_inputs
                fallback=move || view! {
                    <NeedsInputs workspace_id=workspace_id_for_empty_state.clone() needs="The lens needs an accounts export and a company database; people and signals make it richer."/>
                }
            >
                <LensSettingsPanel settings=settings/>
                <PrizeModelPanel
                    fit=Signal::from(prize_fit)
                    choice=Signal::from(prize_choice)
                    choose=Callback::new(move |choice| settings.update(|settings| settings.scoring.prize_model = choice))
                />
                // The feed is built again only when the alerts change; the
                // grid and lists whenever the scores do.
                {move || match (accounts.get(), found.get()) {
                    (Some(accounts), Some(found)) => {
                        let panel_accounts = accounts.clone();
                        let panel_alerts = found.clone();
                        view! {
                            {move || match scores.get() {
                                Some(scores) => view! {
                                    <LensPanels accounts=panel_accounts.clone() alerts=panel_alerts.clone() scores=scores opened=opened
                                        prize_model=learned.get().map(|learned| learned.0.clone())/>
                                }.into_any(),
                                None => view! { <p class="muted" role="status">"Scoring accounts…"</p> }.into_any(),
                            }}
                            <AlertsFeed
                                opened=opened
                                accounts=accounts.clone()
                                alerts=found
                                last_opened=seen.get_untracked().last_opened
                                on_open=Callback::new(move |_| mark_opened())
                            />
                        }.into_any()
                    }
                    _ => view! { <p class="muted" role="status">"Scoring accounts…"</p> }.into_any(),
                }}
                <WhitespacePrizes top=Signal::from(whitespace_top) active=Signal::derive(move || learned.with(Option::is_some))/>
                <BacktestPanel backtest=Signal::from(backtest) weights=weights/>
            </Show>
        </section>
    }
}

/// A number input bound to part of the settings.
#[component]
fn NumberSetting(
    id: &'static str,
    label: &'static str,
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input id=id type="number" step="any" class="short" prop:value=value
            on:change=move |event| on_change.run(event_target_value(&event))/>
    }
}

/// Weights, half-life, tier thresholds, look-back windows.
#[component]
fn LensSettingsPanel(settings: RwSignal<LensSettings>) -> impl IntoView {
    let weight = move |at: usize| {
        view! {
            <NumberSetting
                id=["weight-engagement", "weight-decision-makers", "weight-hiring", "weight-growth", "weight-connectivity"][at]
                label=["Weight: engagement", "decision makers", "hiring rate", "headcount growth", "connectivity"][at]
                value=Signal::derive(move || settings.with(|s| s.scoring.weights[at].to_string()))
                on_change=Callback::new(move |text: String| {
                    if let Ok(value) = text.trim().parse::<f64>() {
                        settings.update(|s| s.scoring.weights[at] = value.max(0.0));
                    }
                })
            />
        }
    };
    // A threshold pair: empty = terciles.
    let thresholds = move |prize: bool, high: bool| {
        let get = move |s: &LensSettings| {
            let pair = if prize {
                s.scoring.prize_thresholds
            } else {
                s.scoring.temperature_thresholds
            };
            pair.map(|(low, top)| if high { top } else { low }.to_string())
                .unwrap_or_default()
        };
        Signal::derive(move || settings.with(get))
    };
    let set_threshold = move |prize: bool, high: bool, text: String| {
        settings.update(|s| {
            let pair = if prize {
                &mut s.scoring.prize_thresholds
            } else {
                &mut s.scoring.temperature_thresholds
            };
            match text.trim().parse::<f64>() {
                Ok(value) => {
                    let (mut low, mut top) = pair.unwrap_or((value, value));
                    if high {
                        top = value
                    } else {
                        low = value
                    }
                    *pair = Some((low.min(top), top.max(low)));
                }
                Err(_) => *pair = None,
            }
        });
    };
    let days = move |id: &'static str,
                     label: &'static str,
                     get: fn(&AlertSettings) -> i64,
                     set: fn(&mut AlertSettings, i64)| {
        view! {
            <NumberSetting id=id label=label
                value=Signal::derive(move || settings.with(|s| get(&s.alerts).to_string()))
                on_change=Callback::new(move |text: String| {
                    if let Ok(value) = text.trim().parse::<i64>() {
                        settings.update(|s| set(&mut s.alerts, value.clamp(0, 3650)));
                    }
                })
            />
        }
    };
    view! {
        <details class="panel lens-settings">
            <summary>"Scoring and alert settings"</summary>
            <fieldset>
                <legend>"Temperature"</legend>
                {(0..5).map(weight).collect_view()}
                <NumberSetting id="half-life" label="Recency half-life (days)"
                    value=Signal::derive(move || settings.with(|s| s.scoring.half_life_days.to_string()))
                    on_change=Callback::new(move |text: String| {
                        if let Ok(value) = text.trim().parse::<f64>() {
                            settings.update(|s| s.scoring.half_life_days = value.max(0.1));
                        }
                    })/>
            </fieldset>
            <fieldset>
                <legend>"Tiers (empty: terciles)"</legend>
                <NumberSetting id="prize-low" label="Size of Prize: Medium above" value=thresholds(true, false)
                    on_change=Callback::new(move |text| set_threshold(true, false, text))/>
                <NumberSetting id="prize-high" label="High above" value=thresholds(true, true)
                    on_change=Callback::new(move |text| set_threshold(true, true, text))/>
                <NumberSetting id="temperature-low" label="Temperature: Medium above" value=thresholds(false, false)
                    on_change=Callback::new(move |text| set_threshold(false, false, text))/>
                <NumberSetting id="temperature-high" label="High above" value=thresholds(false, true)
                    on_change=Callback::new(move |text| set_threshold(false, true, text))/>
            </fieldset>
            <fieldset>
                <legend>"Alerts"</legend>
                {days("look-back", "Look back (days)", |a| a.look_back_days, |a, v| a.look_back_days = v)}
                {days("no-product-use", "No product use after (days)", |a| a.no_product_use_days, |a, v| a.no_product_use_days = v)}
                {days("not-contacted", "Not contacted after (days)", |a| a.not_contacted_days, |a, v| a.not_contacted_days = v)}
                {days("renewal-within", "Renewal within (days)", |a| a.renewal_within_days, |a, v| a.renewal_within_days = v)}
            </fieldset>
            <button type="button" class="ghost" on:click=move |_| settings.set(LensSettings::default())>"Restore the defaults"</button>
        </details>
    }
}

#[component]
fn LensPanels(
    accounts: Arc<Accounts>,
    alerts: Arc<Vec<Alert>>,
    scores: Arc<Vec<AccountScore>>,
    opened: RwSignal<Option<usize>>,
    /// The learned Size of Prize model, when it sizes the accounts (its
    /// effects are part of each account's "why").
    prize_model: Option<PrizeModel>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = expect_context::<MatchingState>();
    let cells = grid(&scores);
    let most = cells.iter().flatten().copied().max().unwrap_or(0).max(1);
    let cell: RwSignal<Option<(Tier, Tier)>> = RwSignal::new(Some((Tier::High, Tier::High)));
    let by_prize = RwSignal::new(false);
    let ranked_all = {
        let scores = scores.clone();
        Memo::new(move |_| ranked(&scores, by_prize.get()))
    };
    let in_cell = {
        let scores = scores.clone();
        move || {
            let (prize, temperature) = cell.get()?;
            Some(ranked_all.with(|rows| {
                rows.iter()
                    .copied()
                    .filter(|row| {
                        scores[*row].prize_tier == prize
                            && scores[*row].temperature_tier == temperature
                    })
                    .collect::<Vec<usize>>()
            }))
        }
    };
    let download_scores = {
        let scores = scores.clone();
        move |format| {
            if let Some(data) = matching.data() {
                let bytes = scores_file(
                    &data.accounts.table,
                    &data.account_id_header(),
                    &scores,
                    by_prize.get_untracked(),
                    format,
                );
                state.download(
                    format,
                    bytes,
                    if by_prize.get_untracked() {
                        "accounts_by_size_of_prize.csv"
                    } else {
                        "accounts_by_temperature.csv"
                    },
                );
            }
        }
    };
    let download_grid = move |format| {
        state.download(
            format,
            grid_file(&cells, format),
            "size_of_prize_by_temperature.csv",
        );
    };
    let why_scores = scores.clone();
    let why_accounts = accounts.clone();
    let list_accounts = accounts.clone();
    let list_scores = scores.clone();
    let hot: usize = cells.iter().map(|row| row[Tier::High as usize]).sum();
    let hot_and_big = cells[Tier::High as usize][Tier::High as usize];
    view! {
        <p class="next-step" role="status">
            {format!(
                "{} hot account(s) (high Temperature), {} of them with a high Size of Prize: start with those.",
                human_count(hot as u64),
                human_count(hot_and_big as u64)
            )}
            {move || state.new_alerts.get().map(|new| format!(" {} new alert(s) since the feed was last opened.", human_count(new as u64)))}
        </p>
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
            <div class="actions">
                <DownloadButtons what="the grid" download=download_grid/>
                <DownloadButtons what="the ranked accounts" download=download_scores/>
            </div>
        </section>
        <section class="lens-accounts" aria-labelledby="cell-heading">
            <h2 id="cell-heading">{move || cell.get().map(|(prize, temperature)| format!("{} prize, {} temperature", prize.name(), temperature.name())).unwrap_or_default()}</h2>
            <label for="rank-by">"Rank by"</label>
            <select id="rank-by" on:change=move |event| by_prize.set(event_target_value(&event) == "prize")>
                <option value="temperature">"Temperature"</option>
                <option value="prize">"Size of Prize"</option>
            </select>
            <ol class="ranked">
                {move || in_cell().unwrap_or_default().into_iter().take(50).map(|row| {
                    let name = list_accounts.names[row].0.clone();
                    let score = list_scores[row].clone();
                    view! {
                        <li>
                            <button type="button" class="link" on:click=move |_| opened.set(Some(row))>{name}</button>
                            {format!(" — temperature {:.0}, size of prize {}", score.temperature,
                                score.size_of_prize.map(|prize| human_count(prize.round() as u64)).unwrap_or_else(|| "unknown".to_string()))}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || opened.get().map(|row| {
                let score = why_scores[row].clone();
                let mut parts: Vec<(&str, f64)> = COMPONENTS.iter().copied().zip(score.contributions).collect();
                parts.sort_by(|a, b| b.1.total_cmp(&a.1));
                let account_alerts: Vec<Alert> = alerts.iter().filter(|alert| alert.account == row).cloned().collect();
                view! {
                    <div class="why" id="why">
                        <h3>{format!("Why {} is at {:.0}", why_accounts.names[row].0, score.temperature)}</h3>
                        <ul>
                            {parts.into_iter().map(|(component, points)| view! {
                                <li>{format!("{}: {points:.1} points", component.replace('_', " "))}</li>
                            }).collect_view()}
                        </ul>
                        {prize_model.as_ref().map(|model| {
                            let effects = model.explain(&why_accounts.report, row);
                            view! {
                                <h4>"Its Size of Prize, learned from won deals"</h4>
                                <p>{format!(
                                    "{} a year: an average account's {}, {}.",
                                    score.size_of_prize.map(format_figure).unwrap_or_else(|| "unknown".to_string()),
                                    format_figure((model.baseline() * 100.0).round() / 100.0),
                                    effects.iter().map(|(label, factor)| format!("{label} ×{}", format_figure((factor * 100.0).round() / 100.0))).collect::<Vec<_>>().join(", ")
                                )}</p>
                            }
                        })}
                        <h4>"Its alerts"</h4>
                        <ul>
                            {account_alerts.into_iter().map(|alert| view! {
                                <li>{format!("{} · {} · {}", format_date(alert.date), alert.alert_type, alert.sentence)}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })}
        </section>
    }
}

/// Every alert, grouped by account (the account with the newest alert
/// first), with a count per account and filters by type and owner. Opening
/// it marks its alerts as seen.
#[component]
fn AlertsFeed(
    opened: RwSignal<Option<usize>>,
    accounts: Arc<Accounts>,
    alerts: Arc<Vec<Alert>>,
    last_opened: Option<NaiveDate>,
    on_open: Callback<()>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = expect_context::<MatchingState>();
    let kind = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let is_new = move |alert: &Alert| last_opened.is_none_or(|opened| alert.date > opened);
    let new_count = alerts.iter().filter(|alert| is_new(alert)).count();
    let mut kinds: Vec<String> = alerts
        .iter()
        .map(|alert| alert.alert_type.clone())
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut owners: Vec<String> = accounts
        .names
        .iter()
        .map(|(_, owner)| owner.clone())
        .filter(|owner| !owner.is_empty())
        .collect();
    owners.sort();
    owners.dedup();
    // (account, its shown alerts), the account with the newest alert first.
    let groups = {
        let (alerts, accounts) = (alerts.clone(), accounts.clone());
        Memo::new(move |_| {
            let (kind, owner) = (kind.get(), owner.get());
            let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
            let mut position_of: rustc_hash::FxHashMap<usize, usize> = Default::default();
            for (at, alert) in alerts.iter().enumerate() {
                if (!kind.is_empty() && alert.alert_type != kind)
                    || (!owner.is_empty() && accounts.names[alert.account].1 != owner)
                {
                    continue;
                }
                let position = *position_of.entry(alert.account).or_insert_with(|| {
                    groups.push((alert.account, Vec::new()));
                    groups.len() - 1
                });
                groups[position].1.push(at);
            }
            groups
        })
    };
    let shown_alerts =
        move || groups.with(|groups| groups.iter().map(|(_, alerts)| alerts.len()).sum::<usize>());
    let download = {
        let alerts = alerts.clone();
        move |format| {
            if let Some(data) = matching.data() {
                let shown: Vec<Alert> = groups.with_untracked(|groups| {
                    let mut shown: Vec<usize> = groups
                        .iter()
                        .flat_map(|(_, alerts)| alerts.iter().copied())
                        .collect();
                    shown.sort_unstable();
                    shown.into_iter().map(|at| alerts[at].clone()).collect()
                });
                state.download(
                    format,
                    alerts_file(&data.accounts.table, &shown, format),
                    "alerts.csv",
                );
            }
        }
    };
    let opened_once = StoredValue::new(false);
    view! {
        <details class="alerts-feed" on:toggle=move |_| {
            if !opened_once.get_value() {
                opened_once.set_value(true);
                on_open.run(());
            }
        }>
            <summary>
                <h2 id="alerts-heading">{format!("Alerts ({}; {new_count} new)", human_count(alerts.len() as u64))}</h2>
            </summary>
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
                <span role="status">{move || format!("{} alerts at {} accounts", human_count(shown_alerts() as u64), human_count(groups.with(Vec::len) as u64))}</span>
                <DownloadButtons what="alerts" download=download/>
            </div>
            <ul class="feed">
                {move || groups.get().into_iter().take(100).map(|(account, at)| {
                    let (name, owner) = accounts.names[account].clone();
                    view! {
                        <li>
                            <h3>
                                <a href="#why" class="link" on:click=move |_| opened.set(Some(account))>{name}</a>
                                {format!(" ({})", at.len())}
                                <span class="muted">{(!owner.is_empty()).then(|| format!(" · {owner}"))}</span>
                            </h3>
                            <ul>
                                {at.into_iter().take(20).map(|at| {
                                    let alert = alerts[at].clone();
                                    let new = is_new(&alert);
                                    view! {
                                        <li>
                                            <time datetime=alert.date.to_string()>{alert.date.format("%b %-d").to_string()}</time>
                                            " · " <span class="tag">{alert.alert_type.clone()}</span>
                                            {new.then(|| view! { " " <span class="new">"new"</span> })}
                                            " " {alert.sentence.clone()}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}
