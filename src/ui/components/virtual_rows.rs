//! Long tables, virtualised: only the rows in view are in the page, between
//! two spacer rows as tall as the rows above and below, so a million rows
//! scroll as smoothly as ten. The dataset's rows, every report and the
//! Matching page's accounts are shown this way.

use leptos::prelude::*;

/// A row's height in pixels: must match `.rows-table tr` in the stylesheet.
pub const ROW_HEIGHT: usize = 32;
/// Rows in view at once (the scroller is this many rows high).
const VISIBLE_ROWS: usize = 16;
/// Rows rendered above and below those in view, so fast scrolling shows no gap.
const OVERSCAN: usize = 8;

/// The rows to render, `first..last`, and the spacers' heights around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowWindow {
    pub first: usize,
    pub last: usize,
    above_px: usize,
    below_px: usize,
}

/// The window of `total` rows scrolled `scroll_top` pixels down.
pub fn row_window(scroll_top: usize, total: usize) -> RowWindow {
    let first = (scroll_top / ROW_HEIGHT)
        .saturating_sub(OVERSCAN)
        .min(total);
    let last = (first + VISIBLE_ROWS + 2 * OVERSCAN).min(total);
    RowWindow {
        first,
        last,
        above_px: first * ROW_HEIGHT,
        below_px: (total - last) * ROW_HEIGHT,
    }
}

/// The scrolling box of a virtualised table: keeps `scroll_top` current and
/// is reachable by the keyboard (arrow keys scroll it).
#[component]
pub fn RowsScroller(
    /// What the rows are, for screen readers.
    label: &'static str,
    scroll_top: RwSignal<usize>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="rows-scroller" tabindex="0" aria-label=label
            on:scroll=move |event| {
                use wasm_bindgen::JsCast;
                if let Some(element) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) {
                    scroll_top.set(element.scroll_top().max(0) as usize);
                }
            }>
            {children()}
        </div>
    }
}

/// The rows of a window between their spacers.
pub fn windowed_rows(window: RowWindow, rows: impl IntoView) -> impl IntoView {
    view! {
        <tr class="spacer" aria-hidden="true" style:height=format!("{}px", window.above_px)></tr>
        {rows}
        <tr class="spacer" aria-hidden="true" style:height=format!("{}px", window.below_px)></tr>
    }
}
