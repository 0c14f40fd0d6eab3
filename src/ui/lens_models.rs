//! The Lens page's two models tested on the workspace's own deals: which Size
//! of Prize (`lam` or the model learned from won deals,
//! `engine::accounts::prize_model`, with both held-out errors), and "Does the
//! Temperature work?" (the backtest of `engine::accounts::backtest`, its
//! figures recomputed at once when a weight changes: the deals' components
//! are kept; only a change of the half-life, the alerts or the matches scores
//! them again).

use crate::engine::accounts::backtest::{Backtest, BacktestFigures};
use crate::engine::accounts::prize_model::{PrizeFit, PrizeModel, FEWEST_ACCOUNTS};
use crate::engine::accounts::report::ReportTable;
use crate::engine::accounts::scoring::PrizeModelChoice;
use crate::engine::display::{format_figure, format_percent, human_count};
use crate::ui::components::bar_chart::BarChart;
use leptos::prelude::*;
use std::sync::Arc;

/// Size of Prize: the model in use, the choice, and how each fares on
/// accounts held out of the fit.
#[component]
pub(super) fn PrizeModelPanel(
    /// `None` while it is fitted, `Some(None)` without an opportunities file.
    fit: Signal<Option<Option<Arc<PrizeFit>>>>,
    choice: Signal<PrizeModelChoice>,
    choose: Callback<PrizeModelChoice>,
) -> impl IntoView {
    // An error of the logarithm as a factor: "typically off by ×1.9".
    let factor = |error: f64| format!("×{}", format_figure((error.exp() * 10.0).round() / 10.0));
    let note = move || {
        match fit.get() {
        None => "Learning from your won deals…".to_string(),
        Some(None) => "Add an opportunities export with won deals and their amounts on Sources to learn Size of Prize from them.".to_string(),
        Some(Some(fit)) => match &*fit {
            PrizeFit::TooFewAccounts { accounts } => format!(
                "Only {} account(s) have won deals with an amount: learning needs {FEWEST_ACCOUNTS}. Size of Prize stays LAM.",
                human_count(*accounts as u64)
            ),
            PrizeFit::Fitted(model) => format!(
                "Learned from the won deals of {} accounts. On accounts held out of the fit, the learned model is typically off by {}{}.",
                human_count(model.accounts as u64),
                factor(model.holdout_error),
                model.lam_holdout_error.map_or(String::new(), |lam| format!(", LAM (scaled) by {}", factor(lam)))
            ),
        },
    }
    };
    let available =
        move || matches!(fit.get(), Some(Some(fit)) if matches!(*fit, PrizeFit::Fitted(_)));
    view! {
        <section class="panel prize-model" aria-labelledby="prize-model-heading">
            <h2 id="prize-model-heading">"Size of Prize"</h2>
            <label for="prize-model">"Size of Prize is"</label>
            <select id="prize-model" on:change=move |event| {
                choose.run(if event_target_value(&event) == "learned" { PrizeModelChoice::Learned } else { PrizeModelChoice::Lam });
            }>
                <option value="lam" selected=move || choice.get() == PrizeModelChoice::Lam>"LAM (users × price)"</option>
                <option value="learned" selected=move || choice.get() == PrizeModelChoice::Learned disabled=move || !available()>
                    "learned from your won deals"
                </option>
            </select>
            <p class="muted" role="status">{note}</p>
        </section>
    }
}

/// A whitespace company the learned model sizes large: its name, its
/// yearly Size of Prize and why.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct WhitespacePrize {
    name: String,
    prize: f64,
    why: Vec<(String, f64)>,
}

/// Whitespace companies listed by the learned model.
const WHITESPACE_LISTED: usize = 10;

/// The whitespace companies with the largest predicted prizes, largest first.
pub(super) fn largest_prizes(
    model: &PrizeModel,
    whitespace: &ReportTable,
    prizes: &[Option<f64>],
) -> Vec<WhitespacePrize> {
    let mut ranked: Vec<(usize, f64)> = prizes
        .iter()
        .enumerate()
        .filter_map(|(row, prize)| Some((row, (*prize)?)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(WHITESPACE_LISTED);
    let name = whitespace.column("company_name");
    ranked
        .into_iter()
        .map(|(row, prize)| WhitespacePrize {
            name: name
                .map(|at| whitespace.rows[row][at].as_text())
                .unwrap_or_default(),
            prize,
            why: model.explain(whitespace, row),
        })
        .collect()
}

/// With the learned model, the whitespace where it expects the most spend.
#[component]
pub(super) fn WhitespacePrizes(
    top: Signal<Option<Vec<WhitespacePrize>>>,
    active: Signal<bool>,
) -> impl IntoView {
    let factor = |factor: f64| format_figure((factor * 100.0).round() / 100.0);
    move || {
        active.get().then(|| view! {
            <section class="panel whitespace-prizes" aria-labelledby="whitespace-prizes-heading">
                <h2 id="whitespace-prizes-heading">"Whitespace with the largest learned Size of Prize"</h2>
                {move || match top.get() {
                    None => view! { <p class="muted" role="status">"Sizing the whitespace companies…"</p> }.into_any(),
                    Some(top) if top.is_empty() => view! { <p class="muted">"No whitespace company has company data to size."</p> }.into_any(),
                    Some(top) => view! {
                        <ol class="whitespace-prizes">
                            {top.into_iter().map(|company| view! {
                                <li>
                                    {format!("{}: {} a year", company.name, format_figure(company.prize.round()))}
                                    <span class="muted">{format!(
                                        " ({})",
                                        company.why.iter().take(3).map(|(label, value)| format!("{label} ×{}", factor(*value))).collect::<Vec<_>>().join(", ")
                                    )}</span>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                }}
            </section>
        })
    }
}

#[component]
pub(super) fn BacktestPanel(
    /// `None` while it is built, `Some(None)` without an opportunities file.
    backtest: Signal<Option<Option<Arc<Backtest>>>>,
    weights: Signal<[f64; 5]>,
) -> impl IntoView {
    let figures = Memo::new(move |_| {
        let weights = weights.get();
        backtest.with(|backtest| {
            backtest
                .as_ref()
                .map(|backtest| backtest.as_ref().map(|backtest| backtest.figures(&weights)))
        })
    });
    view! {
        <section class="panel backtest" aria-labelledby="backtest-heading">
            <h2 id="backtest-heading">"Does the Temperature work?"</h2>
            {move || match figures.get() {
                None => view! { <p class="muted" role="status">"Testing the Temperature on your closed deals…"</p> }.into_any(),
                Some(None) => view! {
                    <p class="muted">"Add an opportunities export with close dates and outcomes (won or lost) on Sources: each closed deal's account is then scored as of 90 days before the close, and the page shows how well the Temperature told won from lost deals."</p>
                }.into_any(),
                Some(Some(figures)) => view! { <BacktestFigures figures=figures/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn BacktestFigures(figures: BacktestFigures) -> impl IntoView {
    let Some(auc) = figures.auc else {
        return view! {
            <p class="muted">{format!(
                "{} closed deal(s) placed at your accounts, {} won: the test needs both won and lost deals.",
                human_count(figures.deals as u64),
                human_count(figures.won as u64)
            )}</p>
        }
        .into_any();
    };
    let verdict = if auc >= 0.7 {
        "it tells them apart well"
    } else if auc >= 0.6 {
        "it tells them apart somewhat"
    } else if auc > 0.5 {
        "it barely tells them apart: try other weights"
    } else {
        "it does not tell them apart: try other weights"
    };
    let tiers = ["Low", "Medium", "High"];
    let bars: Vec<(String, f64)> = tiers
        .iter()
        .zip(figures.won_rate_by_tier)
        .zip(figures.deals_by_tier)
        .map(|((tier, rate), deals)| (format!("{tier} ({deals})"), rate.unwrap_or(0.0)))
        .collect();
    view! {
        <p class="backtest-auc" role="status">{format!(
            "Over {} closed deals ({} won), a won deal's account was the warmer one {} of the time, 90 days before the close (AUC {:.2}; 50% is a coin toss): {verdict}.",
            human_count(figures.deals as u64),
            human_count(figures.won as u64),
            format_percent(auc),
            auc
        )}</p>
        <p class="muted">"Change a weight under Scoring and alert settings: these figures follow at once."</p>
        <BarChart title="Won rate by Temperature tier, 90 days before the close (deals)".to_string() bars=bars percent=true/>
    }
    .into_any()
}
