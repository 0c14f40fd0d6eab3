//! A small bar chart: one bar per label with its count above it and in its
//! tooltip, on a baseline, described in words for a screen reader
//! (`Title: label: count, …`) and captioned.

use crate::engine::display::human_count;
use leptos::prelude::*;

/// Bars of counts under a title.
#[component]
pub fn BarChart(
    /// What the bars count ("Accounts by Developers"): the caption, and the
    /// start of the description.
    title: String,
    /// Each bar's label and count, in order.
    bars: Vec<(String, u64)>,
) -> impl IntoView {
    let most = bars
        .iter()
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let description = bars
        .iter()
        .map(|(label, count)| format!("{label}: {count}"))
        .collect::<Vec<_>>()
        .join(", ");
    // The bars share the chart's width, with a fifth of each step between them.
    let step = 340.0 / bars.len().max(1) as f64;
    let width = step * 0.8;
    view! {
        <figure class="distribution">
            <svg viewBox="0 0 360 150" role="img" aria-label=format!("{title}: {description}")>
                <line class="baseline" x1="6" x2="354" y1="110.5" y2="110.5"></line>
                {bars.into_iter().enumerate().map(|(index, (label, count))| {
                    let height = count as f64 / most * 100.0;
                    let x = 10.0 + index as f64 * step;
                    let middle = format!("{:.1}", x + width / 2.0);
                    view! {
                        <rect class="bar" x=format!("{x:.1}") y=format!("{:.1}", 110.0 - height) width=format!("{width:.1}") height=format!("{height:.1}")>
                            <title>{format!("{label}: {}", human_count(count))}</title>
                        </rect>
                        <text x=middle.clone() y="128" text-anchor="middle">{label}</text>
                        <text x=middle y=format!("{:.1}", 106.0 - height) text-anchor="middle">{human_count(count)}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
}
