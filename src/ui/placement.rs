//! Where a file's records were placed (`docs/inputs.md`, "How records are placed at companies and accounts"):
//! people or signals at companies, or at the accounts without a company
//! database. Placing runs in slices between frames, with a progress bar for
//! large files; the Accounts page and a dataset's own page show the outcome.

use crate::engine::display::human_count;
use crate::engine::ingest::table::Table;
use crate::engine::ingest::Ingested;
use crate::engine::links::{Placed, PlacedAt, Placer};
use crate::engine::matching::matcher::Matcher;
use crate::engine::source_kind::SourceKind;
use crate::ui::app::AppState;
use crate::ui::browser::{yield_to_browser, SliceClock};
use crate::ui::components::download::DownloadButtons;
use crate::ui::feedback::Progress;
use leptos::prelude::*;
use std::sync::Arc;

/// What a file's records are, for the page's words and the download's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Records {
    People,
    Signals,
    /// Opportunities: always placed at the CRM accounts.
    Deals,
}

impl Records {
    /// The records of a kind that refers to other datasets.
    pub fn of(kind: SourceKind) -> Option<Records> {
        match kind {
            SourceKind::People => Some(Records::People),
            SourceKind::Signals => Some(Records::Signals),
            SourceKind::Opportunities => Some(Records::Deals),
            _ => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Records::People => "People",
            Records::Signals => "Signals",
            Records::Deals => "Deals",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Records::People => "unplaced_people.csv",
            Records::Signals => "unplaced_signals.csv",
            Records::Deals => "unplaced_deals.csv",
        }
    }
}

/// Records fewer than this are placed without a progress bar.
const PROGRESS_FROM: usize = 65_536;
/// The longest stretch of placing between two paints.
const SLICE_MS: i64 = 40;

/// Places `records` at the companies (else the accounts) in slices between
/// frames, with a progress bar for large files (names compared with
/// `matcher`, the matching run's, when given); `None` when `still_wanted`
/// turns false meanwhile (the placement is then abandoned at its next pause).
pub async fn place_in_slices(
    state: AppState,
    records: &Table,
    companies: Option<&Table>,
    accounts: &Table,
    threshold: u8,
    matcher: Option<&Matcher>,
    still_wanted: impl Fn() -> bool,
) -> Option<Placed> {
    let placer = Placer::new(records, companies, accounts, threshold).with_matcher(matcher);
    let shows_progress = placer.rows() >= PROGRESS_FROM;
    let total = human_count(placer.rows() as u64);
    let mut clock = SliceClock::every(SLICE_MS);
    let links = placer
        .place_pausing(|fraction| {
            let due = clock.due();
            if due && shows_progress {
                state.feedback.progress.set(Some(Progress::new(
                    format!("Placing {total} records"),
                    (fraction * 1000.0).round() as u32,
                    1000,
                )));
            }
            let still_wanted = &still_wanted;
            async move {
                if due {
                    yield_to_browser().await;
                }
                still_wanted()
            }
        })
        .await;
    if shows_progress {
        state.feedback.progress.set(None);
    }
    Some(placer.placed(links?))
}

/// The counts per rule, the commonest reasons for the unplaced records and a
/// download of them (`read` is the reading they were placed from).
#[component]
pub fn Placement(placed: Arc<Placed>, read: Arc<Ingested>, records: Records) -> impl IntoView {
    let state = expect_context::<AppState>();
    let links = &placed.links;
    let counts = links.counts(|count| human_count(count as u64));
    let at = match (placed.placed_at, records) {
        (PlacedAt::Companies, _) => "at their companies",
        (PlacedAt::Accounts, Records::Deals) => "at their accounts",
        (PlacedAt::Accounts, _) => "at the accounts (there is no company database: add one for company data, match scores and whitespace)",
    };
    let unplaced = links.unplaced();
    let reasons: Vec<String> = links
        .top_reasons(3)
        .into_iter()
        .map(|(reason, count)| format!("{} {reason}", human_count(count as u64)))
        .collect();
    let download = {
        let placed = placed.clone();
        move |format| {
            state.download(
                format,
                placed.unplaced_file(&read, format),
                records.file_name(),
            );
        }
    };
    let records = records.label();
    let lower = records.to_lowercase();
    view! {
        <div class="placement">
            <p role="status">{format!("{records} placed {at}: {counts}; {} unplaced.", human_count(unplaced as u64))}</p>
            {(unplaced > 0).then(|| view! {
                <p class="muted">{format!("Unplaced, most often: {}.", reasons.join("; "))}</p>
                <DownloadButtons what=format!("unplaced {lower}") download=download.clone()/>
            })}
        </div>
    }
}
