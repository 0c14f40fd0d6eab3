//! A trend line: one point per period (a week), on a scale from zero, dated
//! at its ends, each point's value in its tooltip; described in words for a
//! screen reader and, one click away, as a table.

use super::bar_chart::{chart_top, chart_value};
use leptos::prelude::*;

// The plot sits right of its scale and above its dates.
const LEFT: f64 = 44.0;
const TOP: f64 = 10.0;
const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 100.0;

#[component]
pub fn LineChart(
    /// What the line shows ("Active users per week"): the caption.
    title: String,
    /// Each period's label (its first day) and value; `None` where there is
    /// no value (no InMail sent that week): a gap in the line.
    points: Vec<(String, Option<f64>)>,
    /// The values are shares, shown as percentages.
    #[prop(optional)]
    percent: bool,
) -> impl IntoView {
    let shown = move |value: f64| chart_value(value, percent);
    let most = chart_top(points.iter().filter_map(|(_, value)| *value));
    let step = WIDTH / points.len().saturating_sub(1).max(1) as f64;
    let x = move |at: usize| LEFT + at as f64 * step;
    let y = move |value: f64| TOP + HEIGHT - value / most * HEIGHT;
    // The line, broken where a period has no value.
    let mut path = String::new();
    let mut drawing = false;
    for (at, (_, value)) in points.iter().enumerate() {
        match value {
            Some(value) => {
                path.push_str(&format!(
                    "{}{:.1} {:.1} ",
                    if drawing { "L" } else { "M" },
                    x(at),
                    y(*value)
                ));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    let words = |value: &Option<f64>| value.map_or_else(|| "no value".to_string(), shown);
    let description = points
        .iter()
        .map(|(label, value)| format!("{label}: {}", words(value)))
        .collect::<Vec<_>>()
        .join(", ");
    let ends = [points.first(), points.last()]
        .map(|point| point.map(|(label, _)| label.clone()).unwrap_or_default());
    let last_at = points.len().saturating_sub(1);
    let table_rows: Vec<(String, String)> = points
        .iter()
        .map(|(label, value)| (label.clone(), words(value)))
        .collect();
    view! {
        <figure class="trend">
            <svg viewBox="0 0 360 140" role="img" aria-label=format!("{title}: {description}")>
                {[0.0, most / 2.0, most].into_iter().map(|tick| view! {
                    <line class="grid" x1=LEFT x2=LEFT + WIDTH y1=format!("{:.1}", y(tick)) y2=format!("{:.1}", y(tick))></line>
                    <text class="axis" x=LEFT - 6.0 y=format!("{:.1}", y(tick) + 3.5) text-anchor="end">{shown(tick)}</text>
                }).collect_view()}
                <path class="line" d=path></path>
                {points.iter().enumerate().filter_map(|(at, (label, value))| value.map(|value| view! {
                    <circle class="point" cx=format!("{:.1}", x(at)) cy=format!("{:.1}", y(value)) r="3">
                        <title>{format!("{label}: {}", shown(value))}</title>
                    </circle>
                })).collect_view()}
                <text class="axis" x=LEFT y=TOP + HEIGHT + 16.0 text-anchor="start">{ends[0].clone()}</text>
                {(last_at > 0).then(|| view! {
                    <text class="axis" x=x(last_at) y=TOP + HEIGHT + 16.0 text-anchor="end">{ends[1].clone()}</text>
                })}
            </svg>
            <figcaption>{title.clone()}</figcaption>
            <details>
                <summary>"The figures as a table"</summary>
                <table class="data-table">
                    <thead><tr><th scope="col">"Week of"</th><th scope="col" class="numeric">{title}</th></tr></thead>
                    <tbody>
                        {table_rows.into_iter().map(|(label, value)| view! {
                            <tr><td>{label}</td><td class="numeric">{value}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
