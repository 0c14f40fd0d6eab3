//! The Usage tabs' headline cards: each tab's figures for the range, each with
//! its change on the period of the same length just before, under the same
//! filters (`docs/usage.md`).

use crate::engine::display::{format_change, format_figure, format_percent, human_count};
use crate::engine::usage::metrics::Metric;
use crate::engine::usage::practices::{Practice, COUNTED_PRACTICES};
use crate::engine::usage::report::TeamFigures;
use crate::engine::usage::{Controls, UsageIndex, UsageReport};
use crate::ui::components::figure::Figure;
use leptos::prelude::*;
use std::sync::Arc;

/// One card: what it counts, its value as shown, and as a number to compare
/// (`None`: no figure, an acceptance rate with no InMail sent).
pub struct Card {
    label: &'static str,
    shown: String,
    value: Option<f64>,
}

/// A tab's cards, from the team's figures of a period.
pub type CardsOf = fn(&TeamFigures) -> Vec<Card>;

/// An exact figure of the engine ("0.9250"), as a number.
fn parsed(value: Option<String>) -> Option<f64> {
    value.and_then(|text| text.parse().ok())
}

fn count_card(label: &'static str, count: u64) -> Card {
    Card {
        label,
        shown: human_count(count),
        value: Some(count as f64),
    }
}

fn figure_card(label: &'static str, value: Option<f64>) -> Card {
    Card {
        label,
        shown: value.map_or_else(|| "—".to_string(), format_figure),
        value,
    }
}

fn share_card(label: &'static str, value: Option<f64>) -> Card {
    Card {
        label,
        shown: value.map_or_else(|| "—".to_string(), format_percent),
        value,
    }
}

pub fn overview_cards(team: &TeamFigures) -> Vec<Card> {
    vec![
        count_card("Active users", team.active_users),
        share_card("Seats activated", parsed(team.activation_rate())),
        share_card(
            "InMail acceptance rate",
            parsed(team.inmail_acceptance_rate()),
        ),
        count_card("Unique connections", team.unique_connections),
    ]
}

pub fn effectiveness_cards(team: &TeamFigures) -> Vec<Card> {
    vec![
        figure_card(
            "Days active (average)",
            parsed(team.average(Metric::DaysActive)),
        ),
        figure_card("Searches (average)", parsed(team.average(Metric::Searches))),
        figure_card(
            "Profile views (average)",
            parsed(team.average(Metric::ProfileViews)),
        ),
        count_card("InMails sent", team.totals[Metric::InmailsSent.index()]),
    ]
}

pub fn practice_cards(team: &TeamFigures) -> Vec<Card> {
    // The counted practices' shares, averaged: one figure for "how well the
    // team works", beside the practice most and least met.
    let shares: Vec<(Practice, f64)> = Practice::ALL[..COUNTED_PRACTICES]
        .iter()
        .filter_map(|&practice| Some((practice, parsed(team.practice_share(practice))?)))
        .collect();
    let average = (!shares.is_empty())
        .then(|| shares.iter().map(|(_, share)| share).sum::<f64>() / shares.len() as f64);
    let by_share = |(_, a): &&(Practice, f64), (_, b): &&(Practice, f64)| a.total_cmp(b);
    let most = shares.iter().max_by(by_share).copied();
    let least = shares.iter().min_by(by_share).copied();
    let mut cards = vec![share_card("Practices met (average share)", average)];
    for (label, practice) in [("Most met", most), ("Least met", least)] {
        if let Some((practice, share)) = practice {
            cards.push(Card {
                label,
                shown: format!("{} ({})", practice.label(), format_percent(share)),
                value: Some(share),
            });
        }
    }
    cards
}

pub fn ssi_cards(team: &TeamFigures) -> Vec<Card> {
    ["SSI (average)", "Brand", "Find", "Engage", "Build"]
        .into_iter()
        .zip(team.ssi_averages)
        .map(|(label, average)| figure_card(label, average))
        .collect()
}

pub fn roi_cards(team: &TeamFigures) -> Vec<Card> {
    let Some((overall, _)) = &team.roi else {
        return Vec::new();
    };
    vec![
        count_card("Won deals", overall.won),
        count_card("Influenced by seat holders", overall.influenced),
        share_card(
            "Share of won revenue influenced",
            parsed(overall.influenced_share()),
        ),
    ]
}

/// A tab's cards for the range, each with its change on the period before.
#[component]
pub fn PeriodCards(
    report: Arc<UsageReport>,
    index: Arc<UsageIndex>,
    controls: Controls,
    cards: CardsOf,
) -> impl IntoView {
    // Made only when a tab shows its cards, not at every change of a control.
    let previous = index.report_in(&controls, report.range.previous());
    let days = report.range.days();
    let now = cards(&report.team);
    let before = cards(&previous.team);
    (!now.is_empty()).then(|| {
        view! {
            <section class="period-cards" aria-label="This period">
                <div class="figures">
                    {now.into_iter().enumerate().map(|(at, card)| {
                        let earlier = before.get(at).and_then(|card| card.value);
                        let note = match (card.value, earlier) {
                            (Some(current), Some(earlier)) => format!("{} on the previous {days} days", format_change(current, earlier)),
                            _ => format!("no figure for the previous {days} days"),
                        };
                        view! { <Figure value=card.shown label=card.label note=note/> }
                    }).collect_view()}
                </div>
            </section>
        }
    })
}
