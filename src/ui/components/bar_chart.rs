//! A small bar chart: one bar per label with its value above it and in its
//! tooltip, on a baseline, described in words for a screen reader
//! (`Title: label: value, …`) and captioned.

use crate::engine::display::{format_figure, format_percent};
use leptos::prelude::*;

/// A chart's value as people read it: a percentage, or a figure.
pub(super) fn chart_value(value: f64, percent: bool) -> String {
    if percent {
        format_percent(value)
    } else {
        format_figure(value)
    }
}

/// The top of a chart's scale: its largest value, or 1 when none is positive.
pub(super) fn chart_top(values: impl Iterator<Item = f64>) -> f64 {
    let most = values.fold(0.0, f64::max);
    if most > 0.0 {
        most
    } else {
        1.0
    }
}

/// Bars of values under a title.
#[component]
pub fn BarChart(
    /// What the bars show ("Accounts by Developers"): the caption, and the
    /// start of the description.
    title: String,
    /// Each bar's label and value, in order (a count, or a share of 1).
    bars: Vec<(String, f64)>,
    /// The values are shares, shown as percentages.
    #[prop(optional)]
    percent: bool,
    /// One bar per line, its label on the left: for long labels or many bars.
    #[prop(optional)]
    horizontal: bool,
) -> impl IntoView {
    let shown = move |value: f64| chart_value(value, percent);
    let most = chart_top(bars.iter().map(|(_, value)| *value));
    let description = bars
        .iter()
        .map(|(label, value)| format!("{label}: {}", shown(*value)))
        .collect::<Vec<_>>()
        .join(", ");
    if horizontal {
        // Labels in the left half, bars after them, values at their ends.
        const LINE: f64 = 22.0;
        let height = LINE * bars.len() as f64 + 8.0;
        return view! {
            <figure class="distribution horizontal">
                <svg viewBox=format!("0 0 360 {height:.0}") role="img" aria-label=format!("{title}: {description}")>
                    <line class="baseline" x1="190.5" x2="190.5" y1="2" y2=format!("{:.0}", height - 2.0)></line>
                    {bars.into_iter().enumerate().map(|(index, (label, value))| {
                        let length = value / most * 120.0;
                        let top = 6.0 + index as f64 * LINE;
                        view! {
                            <text x="184" y=format!("{:.1}", top + 12.0) text-anchor="end">{label.clone()}</text>
                            <rect class="bar" x="191" y=format!("{top:.1}") width=format!("{length:.1}") height="16">
                                <title>{format!("{label}: {}", shown(value))}</title>
                            </rect>
                            <text x=format!("{:.1}", 195.0 + length) y=format!("{:.1}", top + 12.0)>{shown(value)}</text>
                        }
                    }).collect_view()}
                </svg>
                <figcaption>{title}</figcaption>
            </figure>
        }
        .into_any();
    }
    // The bars share the chart's width, with a fifth of each step between them.
    let step = 340.0 / bars.len().max(1) as f64;
    let width = step * 0.8;
    view! {
        <figure class="distribution">
            <svg viewBox="0 0 360 150" role="img" aria-label=format!("{title}: {description}")>
                <line class="baseline" x1="6" x2="354" y1="110.5" y2="110.5"></line>
                {bars.into_iter().enumerate().map(|(index, (label, value))| {
                    let height = value / most * 100.0;
                    let x = 10.0 + index as f64 * step;
                    let middle = format!("{:.1}", x + width / 2.0);
                    view! {
                        <rect class="bar" x=format!("{x:.1}") y=format!("{:.1}", 110.0 - height) width=format!("{width:.1}") height=format!("{height:.1}")>
                            <title>{format!("{label}: {}", shown(value))}</title>
                        </rect>
                        <text x=middle.clone() y="128" text-anchor="middle">{label}</text>
                        <text x=middle y=format!("{:.1}", 106.0 - height) text-anchor="middle">{shown(value)}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
    .into_any()
}
