//! The Usage tabs' headline cards: each tab's figures for the range, each with
//! its change on the period of the same length just before, under the same
//! filters (`docs/usage.md`).

use crate::engine::display::{format_change, format_figure, format_percent};
use crate::engine::usage::metrics::Metric;
use crate::engine::usage::practices::{Practice, COUNTED_PRACTICES};
use crate::engine::usage::report::TeamFigures;
use crate::engine::usage::{Controls, UsageIndex, UsageReport};
use crate::ui::components::figure::Figure;
use leptos::prelude::*;
use std::sync::Arc;

/// A figure of a period's team figures (`None`: no figure, an acceptance
/// rate with no InMail sent): the same measure read on both periods, so a
/// card always compares like with like.
type Measure = Box<dyn Fn(&TeamFigures) -> Option<f64>>;

/// One card: what it counts, how it reads, and its measure.
pub struct Card {
    label: &'static str,
    /// A percentage, or a figure.
    percent: bool,
    /// Words before the value ("Book of business: 92%").
    prefix: Option<&'static str>,
    measure: Measure,
}

/// A tab's cards, from the team's figures of the period shown.
pub type CardsOf = fn(&TeamFigures) -> Vec<Card>;

/// An exact figure of the engine ("0.9250"), as a number.
fn parsed(value: Option<String>) -> Option<f64> {
    value.and_then(|text| text.parse().ok())
}

fn figure(label: &'static str, measure: impl Fn(&TeamFigures) -> Option<f64> + 'static) -> Card {
    Card {
        label,
        percent: false,
        prefix: None,
        measure: Box::new(measure),
    }
}

fn share(label: &'static str, measure: impl Fn(&TeamFigures) -> Option<f64> + 'static) -> Card {
    Card {
        percent: true,
        ..figure(label, measure)
    }
}

pub fn overview_cards(_: &TeamFigures) -> Vec<Card> {
    vec![
        figure("Active users", |team| Some(team.active_users as f64)),
        share("Seats activated", |team| parsed(team.activation_rate())),
        share("InMail acceptance rate", |team| {
            parsed(team.inmail_acceptance_rate())
        }),
        figure("Unique connections", |team| {
            Some(team.unique_connections as f64)
        }),
    ]
}

pub fn effectiveness_cards(_: &TeamFigures) -> Vec<Card> {
    let average = |label, metric: Metric| figure(label, move |team| parsed(team.average(metric)));
    vec![
        average("Days active (average)", Metric::DaysActive),
        average("Searches (average)", Metric::Searches),
        average("Profile views (average)", Metric::ProfileViews),
        figure("InMails sent", |team| {
            Some(team.totals[Metric::InmailsSent.index()] as f64)
        }),
    ]
}

/// The counted practices' shares of a period.
fn practice_shares(team: &TeamFigures) -> Vec<(Practice, f64)> {
    Practice::ALL[..COUNTED_PRACTICES]
        .iter()
        .filter_map(|&practice| Some((practice, parsed(team.practice_share(practice))?)))
        .collect()
}

pub fn practice_cards(team: &TeamFigures) -> Vec<Card> {
    // The counted practices' shares, averaged: one figure for "how well the
    // team works", beside the practices most and least met in the period
    // shown (each compared with its own share before).
    let shares = practice_shares(team);
    let by_share = |(_, a): &&(Practice, f64), (_, b): &&(Practice, f64)| a.total_cmp(b);
    let mut cards = vec![share("Practices met (average share)", |team| {
        let shares = practice_shares(team);
        (!shares.is_empty())
            .then(|| shares.iter().map(|(_, share)| share).sum::<f64>() / shares.len() as f64)
    })];
    let most = shares
        .iter()
        .max_by(by_share)
        .map(|(practice, _)| *practice);
    let least = shares
        .iter()
        .min_by(by_share)
        .map(|(practice, _)| *practice);
    for (label, practice) in [("Most met", most), ("Least met", least)] {
        if let Some(practice) = practice {
            cards.push(Card {
                prefix: Some(practice.label()),
                ..share(label, move |team| parsed(team.practice_share(practice)))
            });
        }
    }
    cards
}

pub fn ssi_cards(_: &TeamFigures) -> Vec<Card> {
    ["SSI (average)", "Brand", "Find", "Engage", "Build"]
        .into_iter()
        .enumerate()
        .map(|(at, label)| figure(label, move |team| team.ssi_averages[at]))
        .collect()
}

pub fn roi_cards(team: &TeamFigures) -> Vec<Card> {
    if team.roi.is_none() {
        return Vec::new();
    }
    let roi = |team: &TeamFigures| team.roi.as_ref().map(|(overall, _)| overall.clone());
    vec![
        figure("Won deals", move |team| roi(team).map(|roi| roi.won as f64)),
        figure("Influenced by seat holders", move |team| {
            roi(team).map(|roi| roi.influenced as f64)
        }),
        share("Share of won revenue influenced", move |team| {
            roi(team).and_then(|roi| parsed(roi.influenced_share()))
        }),
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
    let cards = cards(&report.team);
    (!cards.is_empty()).then(|| {
        view! {
            <section class="period-cards" aria-label="This period">
                <div class="figures">
                    {cards.into_iter().map(|card| {
                        let (current, earlier) = ((card.measure)(&report.team), (card.measure)(&previous.team));
                        let note = match (current, earlier) {
                            (Some(current), Some(earlier)) => format!("{} on the previous {days} days", format_change(current, earlier)),
                            _ => format!("no figure for the previous {days} days"),
                        };
                        let value = match current {
                            Some(value) if card.percent => format_percent(value),
                            Some(value) => format_figure(value),
                            None => "—".to_string(),
                        };
                        let shown = card.prefix.map_or(value.clone(), |prefix| format!("{prefix} ({value})"));
                        view! { <Figure value=shown label=card.label note=note/> }
                    }).collect_view()}
                </div>
            </section>
        }
    })
}
