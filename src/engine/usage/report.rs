//! The usage report for a range and filters, computed from the index
//! (`docs/usage.md`, from "Overview" to "ROI"): per-seat metrics, the team's figures, the
//! per-seat export and the command line's summary.

use super::calendar::{format_day, DayRange, RangeError, RangeRequest};
use super::index::{
    activity_surface, counter_action, DealOwner, Seat, SeatFigures, SeatStatus, UsageIndex,
    GOOD_FIT, INMAILS_ACCEPTED, NOT_A_FIT,
};
use super::metrics::Metric;
use super::numbers::{micros_text, ratio, rounded};
use super::practices::Practice;
use super::vocabulary::{coach_level, Action, COACH_LEVELS};
use crate::engine::export::{Cell, Export, ExportError, ExportFormat, Exported};
use rustc_hash::FxHashSet;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The controls of the report page (and the command line's options).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Controls {
    pub range: RangeRequest,
    /// Seats in any of these groups (case-insensitive); empty: no group filter.
    pub groups: Vec<String>,
    /// Seats of these user ids; empty: no user filter.
    pub users: Vec<String>,
    /// The contract's number of seats, used only without filters.
    pub purchased_seats: Option<u64>,
}

impl Controls {
    pub fn is_filtered(&self) -> bool {
        !self.groups.is_empty() || !self.users.is_empty()
    }

    /// Whether a seat passes the group and user filters.
    pub fn keeps(&self, seat: &Seat) -> bool {
        let in_group = self.groups.is_empty()
            || seat.groups.iter().any(|group| {
                let group = group.to_lowercase();
                self.groups
                    .iter()
                    .any(|wanted| wanted.trim().to_lowercase() == group)
            });
        let is_user = self.users.is_empty()
            || seat
                .user_id
                .as_ref()
                .is_some_and(|user| self.users.iter().any(|wanted| wanted.trim() == user));
        in_group && is_user
    }
}

/// What one activated user did in the range.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserMetrics {
    /// The counts of each [`Metric`], by [`Metric::index`].
    pub counts: [u64; 10],
    pub good_fit: u64,
    pub not_a_fit: u64,
    pub account_iq_views: u64,
    pub lead_iq_views: u64,
    /// Non-passive known actions done at least once (by [`Action::index`]).
    pub actions_done: [bool; 24],
    /// The distinct targets of their accepted connections in the range.
    pub connected: Vec<u32>,
}

impl UserMetrics {
    pub fn is_active(&self) -> bool {
        self.counts[Metric::DaysActive.index()] > 0
    }

    pub fn inmail_acceptance_rate(&self) -> Option<String> {
        ratio(
            self.counts[Metric::InmailsAccepted.index()] as i128,
            self.counts[Metric::InmailsSent.index()] as i128,
            4,
        )
    }

    pub fn good_fit_rate(&self) -> Option<String> {
        ratio(
            self.good_fit as i128,
            (self.good_fit + self.not_a_fit) as i128,
            4,
        )
    }
}

/// The [`Metric`] an event of an action adds to (Days active, InMails
/// accepted and Connections have rules of their own); `tracked` is false for
/// a linkedin event of a user who opted out.
fn metric_of(action: Action, tracked: bool) -> Option<Metric> {
    match action {
        Action::Search if tracked => Some(Metric::Searches),
        Action::ProfileView if tracked => Some(Metric::ProfileViews),
        Action::LeadSaved => Some(Metric::LeadsSaved),
        Action::AccountSaved => Some(Metric::AccountsSaved),
        Action::ListCreated => Some(Metric::ListsCreated),
        Action::InmailSent => Some(Metric::InmailsSent),
        Action::MessageSent => Some(Metric::MessagesSent),
        _ => None,
    }
}

/// Per day of a range: the users active that day and each metric's count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DailySeries {
    pub start: i32,
    pub active_users: Vec<u64>,
    /// Per [`Metric`], by its index (Connections: accepted connections that day).
    pub metrics: [Vec<u64>; 10],
}

/// One seat of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatReport {
    pub index: usize,
    pub seat: Seat,
    /// For activated seats only.
    pub figures: Option<SeatFigures>,
    pub metrics: Option<UserMetrics>,
}

/// Sums over a set of users.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Adoption {
    pub users: u64,
    /// Users who did each action at least once (by [`Action::index`]).
    pub did: [u64; 24],
}

/// Won deals and their share influenced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoiFigures {
    pub won: u64,
    pub won_micros: i128,
    pub influenced: u64,
    pub influenced_micros: i128,
}

impl RoiFigures {
    pub fn influenced_share(&self) -> Option<String> {
        ratio(self.influenced_micros, self.won_micros, 4)
    }
}

/// The team's figures (after filters).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TeamFigures {
    pub purchased: u64,
    pub assigned: u64,
    pub activated: u64,
    /// Activated users per coach level.
    pub coach_levels: [u64; 5],
    /// Activated users active in the range.
    pub active_users: u64,
    /// Totals of the ten counts over the active users.
    pub totals: [u64; 10],
    pub unique_connections: u64,
    /// Activated users meeting each practice.
    pub practices_met: [u64; 10],
    pub adoption: Adoption,
    pub adoption_by_function: BTreeMap<String, Adoption>,
    pub adoption_by_title: BTreeMap<String, Adoption>,
    /// Counted events of actions outside the vocabulary, by name.
    pub other_actions: BTreeMap<String, u64>,
    /// Average SSI and pillars over the users that have each.
    pub ssi_averages: [Option<f64>; 5],
    /// Seats invited more than a week before as_of and not activated.
    pub pending_invitations: Vec<usize>,
    pub roi: Option<(RoiFigures, BTreeMap<String, RoiFigures>)>,
}

impl TeamFigures {
    pub fn assignment_rate(&self) -> Option<String> {
        ratio(self.assigned as i128, self.purchased as i128, 4)
    }

    pub fn activation_rate(&self) -> Option<String> {
        ratio(self.activated as i128, self.assigned as i128, 4)
    }

    pub fn average(&self, metric: Metric) -> Option<String> {
        ratio(
            self.totals[metric.index()] as i128,
            self.active_users as i128,
            4,
        )
    }

    pub fn inmail_acceptance_rate(&self) -> Option<String> {
        ratio(
            self.totals[Metric::InmailsAccepted.index()] as i128,
            self.totals[Metric::InmailsSent.index()] as i128,
            4,
        )
    }

    pub fn practice_share(&self, practice: Practice) -> Option<String> {
        ratio(
            self.practices_met[practice.index()] as i128,
            self.activated as i128,
            4,
        )
    }
}

/// The report for one range and set of filters.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageReport {
    pub as_of: i32,
    pub range: DayRange,
    /// The seats left after the filters, sorted by `seat_id` (code points).
    pub seats: Vec<SeatReport>,
    pub team: TeamFigures,
}

impl UsageIndex {
    /// One user's metrics over an inclusive range of days.
    pub fn user_metrics(&self, seat: usize, start: i32, end: i32) -> UserMetrics {
        let opted_out = !self.seats[seat].tracked;
        let tallies = &self.tallies[seat];
        let first = tallies.partition_point(|tally| tally.day < start);
        let mut metrics = UserMetrics::default();
        let mut last_active_day = None;
        for tally in tallies[first..].iter().take_while(|tally| tally.day <= end) {
            let count = tally.count as u64;
            let active =
                activity_surface(tally.counter).is_some_and(|linkedin| !(opted_out && linkedin));
            if active && last_active_day != Some(tally.day) {
                last_active_day = Some(tally.day);
                metrics.counts[Metric::DaysActive.index()] += 1;
            }
            match tally.counter {
                INMAILS_ACCEPTED => metrics.counts[Metric::InmailsAccepted.index()] += count,
                GOOD_FIT => metrics.good_fit += count,
                NOT_A_FIT => metrics.not_a_fit += count,
                counter => {
                    let Some((action, linkedin)) = counter_action(counter) else {
                        continue;
                    };
                    let tracked = !(opted_out && linkedin);
                    if !action.is_passive() {
                        metrics.actions_done[action.index()] = true;
                    }
                    let metric = metric_of(action, tracked);
                    if let Some(metric) = metric {
                        metrics.counts[metric.index()] += count;
                    }
                    match action {
                        Action::AccountIqView => metrics.account_iq_views += count,
                        Action::LeadIqView => metrics.lead_iq_views += count,
                        _ => {}
                    }
                }
            }
        }
        let mut connected: Vec<u32> = self.connections[seat]
            .iter()
            .filter(|(day, _)| *day >= start && *day <= end)
            .map(|(_, target)| *target)
            .collect();
        connected.sort_unstable();
        connected.dedup();
        metrics.counts[Metric::Connections.index()] = connected.len() as u64;
        metrics.connected = connected;
        metrics
    }

    /// Every group of the seats, first spelling kept, in order of name.
    pub fn group_names(&self) -> Vec<String> {
        let mut seen = FxHashSet::default();
        let mut names: Vec<String> = self
            .seats
            .iter()
            .flat_map(|seat| seat.groups.iter())
            .filter(|group| seen.insert(group.to_lowercase()))
            .cloned()
            .collect();
        names.sort_by_key(|name| name.to_lowercase());
        names
    }

    /// Day by day over the report's range, for its activated seats.
    pub fn daily_series(&self, report: &UsageReport) -> DailySeries {
        let (start, end) = (report.range.start, report.range.end);
        let days = (end - start + 1).max(0) as usize;
        let mut series = DailySeries {
            start,
            active_users: vec![0; days],
            metrics: std::array::from_fn(|_| vec![0; days]),
        };
        for seat in report.seats.iter().filter(|seat| seat.metrics.is_some()) {
            let opted_out = !seat.seat.tracked;
            let tallies = &self.tallies[seat.index];
            let first = tallies.partition_point(|tally| tally.day < start);
            let mut last_active_day = None;
            for tally in tallies[first..].iter().take_while(|tally| tally.day <= end) {
                let offset = (tally.day - start) as usize;
                if tally.counter == INMAILS_ACCEPTED {
                    series.metrics[Metric::InmailsAccepted.index()][offset] += tally.count as u64;
                }
                let active = activity_surface(tally.counter)
                    .is_some_and(|linkedin| !(opted_out && linkedin));
                if active && last_active_day != Some(tally.day) {
                    last_active_day = Some(tally.day);
                    series.active_users[offset] += 1;
                    series.metrics[Metric::DaysActive.index()][offset] += 1;
                }
                let Some((action, linkedin)) = counter_action(tally.counter) else {
                    continue;
                };
                let tracked = !(opted_out && linkedin);
                if let Some(metric) = metric_of(action, tracked) {
                    series.metrics[metric.index()][offset] += tally.count as u64;
                }
            }
            for (day, _) in &self.connections[seat.index] {
                if (start..=end).contains(day) {
                    series.metrics[Metric::Connections.index()][(day - start) as usize] += 1;
                }
            }
        }
        series
    }

    /// The report for a range and filters.
    pub fn report(&self, controls: &Controls) -> Result<UsageReport, RangeError> {
        Ok(self.report_in(controls, controls.range.resolve(self.as_of)?))
    }

    /// The report over an already resolved range (`controls.range` is not
    /// read): a group compared with the team uses the team's very days.
    pub fn report_in(&self, controls: &Controls, range: DayRange) -> UsageReport {
        let mut seats: Vec<SeatReport> = self
            .seats
            .iter()
            .enumerate()
            .filter(|(_, seat)| controls.keeps(seat))
            .map(|(index, seat)| SeatReport {
                index,
                seat: seat.clone(),
                figures: self.figures[index],
                metrics: self.figures[index]
                    .is_some()
                    .then(|| self.user_metrics(index, range.start, range.end)),
            })
            .collect();
        seats.sort_by(|a, b| a.seat.seat_id.cmp(&b.seat.seat_id));
        let team = self.team_figures(&seats, controls, range);
        UsageReport {
            as_of: self.as_of,
            range,
            seats,
            team,
        }
    }

    fn team_figures(
        &self,
        seats: &[SeatReport],
        controls: &Controls,
        range: DayRange,
    ) -> TeamFigures {
        let mut team = TeamFigures {
            purchased: match controls.purchased_seats {
                Some(purchased) if !controls.is_filtered() => purchased,
                _ => seats.len() as u64,
            },
            ..TeamFigures::default()
        };
        let mut unique_connections = FxHashSet::default();
        let mut ssi_sums = [(0.0, 0u64); 5];
        for report in seats {
            let seat = &report.seat;
            team.assigned += seat.is_assigned() as u64;
            for (pillar, value) in seat.ssi.iter().enumerate() {
                if let Some(value) = value {
                    ssi_sums[pillar].0 += value;
                    ssi_sums[pillar].1 += 1;
                }
            }
            if seat.status == SeatStatus::Invited
                && seat
                    .invited_at
                    .is_some_and(|invited| self.as_of - invited > 7)
            {
                team.pending_invitations.push(report.index);
            }
            let (Some(figures), Some(metrics)) = (&report.figures, &report.metrics) else {
                continue;
            };
            team.activated += 1;
            team.coach_levels[COACH_LEVELS
                .iter()
                .position(|level| *level == coach_level(figures.coach_points))
                .unwrap_or(0)] += 1;
            for (practice, met) in figures.practices_met().iter().enumerate() {
                team.practices_met[practice] += *met as u64;
            }
            let adopt = |adoption: &mut Adoption| {
                adoption.users += 1;
                for (action, done) in metrics.actions_done.iter().enumerate() {
                    adoption.did[action] += *done as u64;
                }
            };
            adopt(&mut team.adoption);
            let bucket =
                |value: &Option<String>| value.clone().unwrap_or_else(|| "(blank)".to_string());
            adopt(
                team.adoption_by_function
                    .entry(bucket(&seat.job_function))
                    .or_default(),
            );
            adopt(
                team.adoption_by_title
                    .entry(bucket(&seat.title))
                    .or_default(),
            );
            for (day, name) in &self.other_actions[report.index] {
                if range.contains(*day) {
                    *team
                        .other_actions
                        .entry(self.other_action_names[*name as usize].clone())
                        .or_default() += 1;
                }
            }
            if metrics.is_active() {
                team.active_users += 1;
                for (total, count) in team.totals.iter_mut().zip(metrics.counts) {
                    *total += count;
                }
                unique_connections.extend(metrics.connected.iter().copied());
            }
        }
        team.unique_connections = unique_connections.len() as u64;
        team.ssi_averages = ssi_sums.map(|(sum, users)| (users > 0).then(|| sum / users as f64));
        team.roi = self.deals.as_ref().map(|deals| {
            let mut overall = RoiFigures::default();
            let mut per_owner: BTreeMap<String, RoiFigures> = BTreeMap::default();
            for deal in deals.iter().filter(|deal| range.contains(deal.close_day)) {
                let owner = match &deal.owner {
                    DealOwner::Seat(seat) => {
                        let seat = &self.seats[*seat];
                        if !controls.keeps(seat) {
                            continue;
                        }
                        seat.user_id.clone().unwrap_or_default()
                    }
                    DealOwner::Other(_) if controls.is_filtered() => continue,
                    DealOwner::Other(text) => text.clone(),
                };
                let amount = deal.amount_micros.unwrap_or(0);
                for figures in [&mut overall, per_owner.entry(owner).or_default()] {
                    figures.won += 1;
                    figures.won_micros += amount;
                    if deal.influenced {
                        figures.influenced += 1;
                        figures.influenced_micros += amount;
                    }
                }
            }
            (overall, per_owner)
        });
        team
    }
}

/// The export's columns of the seat itself.
const SEAT_COLUMNS: [&str; 8] = [
    "seat_id",
    "user_id",
    "name",
    "email",
    "groups",
    "job_function",
    "title",
    "status",
];

/// The export's columns of an activated seat's activity (empty for the
/// others): its coach level, its [`Metric`]s with the InMail acceptance rate
/// after the InMails accepted, and six more.
static ACTIVITY_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut columns = vec!["coach_level"];
    for metric in Metric::ALL {
        columns.push(metric.column());
        if metric == Metric::InmailsAccepted {
            columns.push("inmail_acceptance_rate");
        }
    }
    columns.extend([
        "last_active",
        "assistant_setup",
        "good_fit_marked",
        "good_fit_rate",
        "account_iq_views",
        "lead_iq_views",
    ]);
    columns
});

/// The export's SSI columns.
const SSI_COLUMNS: [&str; 5] = ["ssi", "ssi_brand", "ssi_find", "ssi_engage", "ssi_build"];

/// The per-seat export's columns (`docs/usage.md`, "The export"): the seat, its activity, its
/// SSI and its [`Practice`]s.
pub static EXPORT_COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut columns = SEAT_COLUMNS.to_vec();
    columns.extend(ACTIVITY_COLUMNS.iter());
    columns.extend(SSI_COLUMNS);
    columns.extend(Practice::ALL.map(Practice::column));
    columns
});

impl SeatReport {
    /// The seat's row of the export, as text (empty: undefined or not activated).
    pub fn export_row(&self) -> Vec<String> {
        let seat = &self.seat;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let day = |day: Option<i32>| day.map(format_day).unwrap_or_default();
        let mut row: Vec<String> = vec![
            seat.seat_id.clone(),
            text(&seat.user_id),
            text(&seat.name),
            text(&seat.email),
            seat.groups.join(";"),
            text(&seat.job_function),
            text(&seat.title),
            seat.status.name().to_string(),
        ];
        let activity = match (self.figures, &self.metrics) {
            (Some(figures), Some(metrics)) => {
                // In the export's order: the rate after the InMails accepted.
                let mut cells = vec![coach_level(figures.coach_points).to_string()];
                for metric in Metric::ALL {
                    cells.push(metrics.counts[metric.index()].to_string());
                    if metric == Metric::InmailsAccepted {
                        cells.push(metrics.inmail_acceptance_rate().unwrap_or_default());
                    }
                }
                cells.extend([
                    day(figures.last_active),
                    day(figures.assistant_setup),
                    metrics.good_fit.to_string(),
                    metrics.good_fit_rate().unwrap_or_default(),
                    metrics.account_iq_views.to_string(),
                    metrics.lead_iq_views.to_string(),
                ]);
                cells
            }
            _ => vec![String::new(); ACTIVITY_COLUMNS.len()],
        };
        row.extend(activity);
        row.extend(
            seat.ssi
                .iter()
                .map(|value| value.map(|value| rounded(value, 2)).unwrap_or_default()),
        );
        match self.figures {
            Some(figures) => {
                row.extend(figures.practice_counts.iter().map(u32::to_string));
                row.extend(figures.multithreading.iter().map(bool::to_string));
            }
            None => row.extend(vec![String::new(); Practice::ALL.len()]),
        }
        row
    }
}

impl UsageReport {
    /// The usage report download: one row per seat after the filters (`docs/usage.md`, "The export").
    pub fn export_file(&self, format: ExportFormat) -> Result<Exported, ExportError> {
        let mut export = Export::new(format, &EXPORT_COLUMNS[..]);
        // Text columns: the seat's own and the coach level; two dates; the
        // rest are numbers.
        let text_columns = SEAT_COLUMNS.len() + 1;
        let is_date =
            |column: usize| matches!(EXPORT_COLUMNS[column], "last_active" | "assistant_setup");
        for seat in &self.seats {
            let row = seat.export_row();
            export.row(row.iter().enumerate().map(|(column, value)| {
                if column < text_columns {
                    Cell::Text(value)
                } else if is_date(column) {
                    Cell::Date(value)
                } else {
                    Cell::Number(value)
                }
            }));
        }
        export.finish()
    }

    /// The command line's `--summary`: the team figures as JSON.
    pub fn summary_json(&self) -> String {
        let team = &self.team;
        let roi_json = |figures: &RoiFigures| RoiJson {
            won: figures.won,
            won_amount: micros_text(figures.won_micros, 2),
            influenced: figures.influenced,
            influenced_amount: micros_text(figures.influenced_micros, 2),
            influenced_share: figures.influenced_share(),
        };
        let summary = Summary {
            as_of: format_day(self.as_of),
            range: RangeJson {
                requested: [
                    format_day(self.range.requested.0),
                    format_day(self.range.requested.1),
                ],
                snapped: [format_day(self.range.start), format_day(self.range.end)],
            },
            seats: SeatsJson {
                purchased: team.purchased,
                assigned: team.assigned,
                activated: team.activated,
                assignment_rate: team.assignment_rate(),
                activation_rate: team.activation_rate(),
            },
            coach_levels: COACH_LEVELS
                .iter()
                .zip(team.coach_levels)
                .map(|(level, count)| (*level, count))
                .collect(),
            metrics: Metric::ALL
                .iter()
                .map(|metric| {
                    (
                        metric.column(),
                        MetricJson {
                            total: team.totals[metric.index()],
                            average: team.average(*metric),
                        },
                    )
                })
                .collect(),
            team_inmail_acceptance_rate: team.inmail_acceptance_rate(),
            total_unique_connections: team.unique_connections,
            best_practices: Practice::ALL
                .iter()
                .map(|practice| (practice.column(), team.practice_share(*practice)))
                .collect(),
            roi: team.roi.as_ref().map(|(overall, per_owner)| RoiSummary {
                totals: roi_json(overall),
                per_owner: per_owner
                    .iter()
                    .map(|(owner, figures)| (owner.clone(), roi_json(figures)))
                    .collect(),
            }),
            extra: Extra {
                active_users: team.active_users,
                other_actions: team.other_actions.clone(),
            },
        };
        let mut json = serde_json::to_string_pretty(&summary).unwrap_or_default();
        json.push('\n');
        json
    }
}

#[derive(Serialize)]
struct Summary {
    as_of: String,
    range: RangeJson,
    seats: SeatsJson,
    coach_levels: BTreeMap<&'static str, u64>,
    metrics: BTreeMap<&'static str, MetricJson>,
    team_inmail_acceptance_rate: Option<String>,
    total_unique_connections: u64,
    best_practices: BTreeMap<&'static str, Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    roi: Option<RoiSummary>,
    extra: Extra,
}

#[derive(Serialize)]
struct RangeJson {
    requested: [String; 2],
    snapped: [String; 2],
}

#[derive(Serialize)]
struct SeatsJson {
    purchased: u64,
    assigned: u64,
    activated: u64,
    assignment_rate: Option<String>,
    activation_rate: Option<String>,
}

#[derive(Serialize)]
struct MetricJson {
    total: u64,
    average: Option<String>,
}

#[derive(Serialize)]
struct RoiJson {
    won: u64,
    won_amount: String,
    influenced: u64,
    influenced_amount: String,
    influenced_share: Option<String>,
}

#[derive(Serialize)]
struct RoiSummary {
    #[serde(flatten)]
    totals: RoiJson,
    per_owner: BTreeMap<String, RoiJson>,
}

#[derive(Serialize)]
struct Extra {
    active_users: u64,
    other_actions: BTreeMap<String, u64>,
}
