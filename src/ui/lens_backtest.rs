//! The Lens page's "Does the temperature work?": the backtest of
//! `engine::accounts::backtest` over the workspace's closed deals, its figures
//! recomputed at once when a weight changes (the deals' components are kept;
//! only a change of the half-life, the alerts or the matches scores them
//! again).

use crate::engine::accounts::backtest::{Backtest, BacktestFigures};
use crate::engine::display::{format_percent, human_count};
use crate::ui::components::bar_chart::BarChart;
use leptos::prelude::*;
use std::sync::Arc;

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
