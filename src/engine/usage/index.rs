//! The usage index: the seats and the activity log read once (`docs/usage.md`,
//! from "Who counts" to "Best practices"), so that a change of date range or filter recomputes from
//! small per-user tallies, not from the raw log.
//!
//! Building it decides, once per as-of date and time zone:
//! - which seat each event belongs to and whether it is *counted* (activation,
//!   as-of), with the ignored events counted by reason;
//! - per seat, a tally of counted events per day and counter (action × surface,
//!   plus InMails accepted by their send day and assistant feedback), the days of
//!   its accepted connections, its other actions and the accounts it engaged with;
//! - per activated seat, everything that does not depend on the range: the coach
//!   level's points, last active, assistant setup and the ten best practices
//!   (their windows end at as_of);
//! - with opportunities, each won deal's owner and whether it was influenced.

use super::calendar::Zone;
use super::seat_events::{any_day_in, build_seat, days_by_code, ActionKind, Event, SeatBuild};
use super::vocabulary::{flags, Action, BUYER_READY_FILTERS, WARM_RELATIONSHIPS};
use crate::engine::display::human_count;
use crate::engine::ingest::seniority::is_decision_maker;
use crate::engine::ingest::table::{Column, Table, MISSING_DATE, MISSING_MOMENT};
use crate::engine::parallel::map_range;
use crate::engine::usage::practices::{Practice, COUNTED_PRACTICES};
use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt;

/// A seat's effective status (`docs/usage.md`, "Who counts").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatStatus {
    Activated,
    Invited,
    Unassigned,
}

impl SeatStatus {
    pub fn name(self) -> &'static str {
        match self {
            SeatStatus::Activated => "activated",
            SeatStatus::Invited => "invited",
            SeatStatus::Unassigned => "unassigned",
        }
    }
}

/// One seat as the seats dataset gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Seat {
    pub seat_id: String,
    pub user_id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Trimmed, non-empty, in source order.
    pub groups: Vec<String>,
    pub title: Option<String>,
    pub job_function: Option<String>,
    pub status: SeatStatus,
    pub invited_at: Option<i32>,
    pub activated_at: Option<i32>,
    /// `false` only when `linkedin_tracking` reads as false.
    pub tracked: bool,
    /// SSI, then the brand, find, engage and build pillars.
    pub ssi: [Option<f64>; 5],
    pub sales_assistant_setup_at: Option<i32>,
}

impl Seat {
    pub fn is_assigned(&self) -> bool {
        self.user_id.is_some()
    }

    pub fn is_activated(&self) -> bool {
        self.status == SeatStatus::Activated
    }
}

/// What an activated seat's record says that does not depend on the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct SeatFigures {
    /// Coach points, one per binary action done (0-10).
    pub coach_points: u8,
    pub last_active: Option<i32>,
    pub assistant_setup: Option<i32>,
    /// The counts of the counted practices, by [`Practice::index`].
    pub practice_counts: [u32; COUNTED_PRACTICES],
    /// Whether the two multi-threading practices are met.
    pub multithreading: [bool; 2],
}

impl SeatFigures {
    /// Whether each practice is met, by [`Practice::index`].
    pub fn practices_met(&self) -> [bool; 10] {
        Practice::ALL.map(|practice| match practice.threshold() {
            Some(threshold) => self.practice_counts[practice.index()] >= threshold,
            None => self.multithreading[practice.index() - COUNTED_PRACTICES],
        })
    }
}

/// Counters of the daily tallies: each action on the linkedin surface or not,
/// then three counters of their own.
pub(super) const INMAILS_ACCEPTED: u8 = (Action::ALL.len() * 2) as u8;
pub(super) const GOOD_FIT: u8 = INMAILS_ACCEPTED + 1;
pub(super) const NOT_A_FIT: u8 = INMAILS_ACCEPTED + 2;
/// Events of actions outside the vocabulary (then the same on the linkedin
/// surface): they make the user active that day and count toward nothing else.
pub(super) const OTHER_ACTIONS: u8 = INMAILS_ACCEPTED + 3;
pub(super) const COUNTERS: usize = OTHER_ACTIONS as usize + 2;

pub(super) fn action_counter(action: Action, linkedin: bool) -> u8 {
    (action.index() * 2 + linkedin as usize) as u8
}

/// The action and surface of an action counter.
pub(super) fn counter_action(counter: u8) -> Option<(Action, bool)> {
    (counter < INMAILS_ACCEPTED).then(|| (Action::ALL[counter as usize / 2], counter % 2 == 1))
}

/// Whether a counter's events make the user active on their day (every
/// non-passive action, known or not) and, if they do, whether they were on the
/// linkedin surface (which a user who opted out keeps out of it).
pub(super) fn activity_surface(counter: u8) -> Option<bool> {
    match counter_action(counter) {
        Some((action, linkedin)) => (!action.is_passive()).then_some(linkedin),
        None if counter >= OTHER_ACTIONS && (counter as usize) < COUNTERS => {
            Some(counter > OTHER_ACTIONS)
        }
        None => None,
    }
}

/// `count` counted events of one counter on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Tally {
    pub day: i32,
    pub counter: u8,
    pub count: u32,
}

impl Tally {
    /// Whether its counter is one of the [`COUNTERS`].
    pub(super) fn is_known(&self) -> bool {
        (self.counter as usize) < COUNTERS
    }
}

/// A won opportunity (only won deals with a close date ever count).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Deal {
    pub close_day: i32,
    /// Millionths, exactly as written (`None`: no readable amount).
    pub amount_micros: Option<i128>,
    pub owner: DealOwner,
    pub influenced: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum DealOwner {
    /// A seat holder (index into the seats).
    Seat(usize),
    /// The trimmed owner text of an owner who holds no seat.
    Other(String),
}

/// Events left out of every metric, by reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct IgnoredEvents {
    pub unknown_user: usize,
    pub not_activated: usize,
    pub before_activation: usize,
    pub after_as_of: usize,
}

impl IgnoredEvents {
    pub fn total(&self) -> usize {
        self.unknown_user + self.not_activated + self.before_activation + self.after_as_of
    }
}

/// `12 ignored (3 unknown user, 4 not activated, 5 before activation, 0 after
/// the as-of date)`: the words the page and the command line both use.
impl fmt::Display for IgnoredEvents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ignored ({} unknown user, {} not activated, {} before activation, {} after the as-of date)",
            human_count(self.total() as u64),
            human_count(self.unknown_user as u64),
            human_count(self.not_activated as u64),
            human_count(self.before_activation as u64),
            human_count(self.after_as_of as u64)
        )
    }
}

/// Why no index can be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageError {
    /// The log has no readable event and no as-of date was set.
    NoAsOf,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::NoAsOf => write!(
                f,
                "the activity log has no readable event: set the as-of date by hand"
            ),
        }
    }
}

impl std::error::Error for UsageError {}

/// What the index is built from.
#[derive(Debug, Clone, Copy)]
pub struct UsageInputs<'a> {
    pub seats: &'a Table,
    pub activity: &'a Table,
    pub opportunities: Option<&'a Table>,
    pub zone: Zone,
    /// A hand-set as-of day; `None`: the latest day of the log.
    pub as_of: Option<i32>,
}

/// Everything the usage report needs, read once.
#[derive(Debug, Clone)]
pub struct UsageIndex {
    pub zone: Zone,
    pub as_of: i32,
    /// The latest day of any accepted activity row ("data current as of").
    pub latest_day: Option<i32>,
    pub seats: Vec<Seat>,
    /// Per seat (activated seats only).
    pub figures: Vec<Option<SeatFigures>>,
    pub(super) tallies: Vec<Vec<Tally>>,
    /// Per seat: (day, target code) of each accepted connection with a target.
    pub(super) connections: Vec<Vec<(i32, u32)>>,
    /// Per seat: (day, index into `other_action_names`).
    pub(super) other_actions: Vec<Vec<(i32, u32)>>,
    pub other_action_names: Vec<String>,
    /// Per seat: (day, index into `account_ids`) of each engagement with an account.
    pub(super) engagements: Vec<Vec<(i32, u32)>>,
    /// Per seat: the accounts saved now (indices into `account_ids`, sorted).
    pub(super) saved_accounts: Vec<Vec<u32>>,
    pub account_ids: Vec<String>,
    pub ignored: IgnoredEvents,
    pub counted_events: usize,
    /// Won deals with a close date; `None` without opportunities.
    pub deals: Option<Vec<Deal>>,
}

/// An activity column as codes, if mapped as one.
fn codes<'a>(table: &'a Table, field: &str) -> Option<&'a [u32]> {
    match table.column(field) {
        Some(Column::Label(codes)) => Some(codes),
        _ => None,
    }
}

fn list_column<'a>(table: &'a Table, field: &str) -> Option<(&'a [u32], &'a [u32])> {
    match table.column(field) {
        Some(Column::List { items, ends }) => Some((items, ends)),
        _ => None,
    }
}

fn list_items<'a>((items, ends): (&'a [u32], &'a [u32]), row: usize) -> &'a [u32] {
    let start = if row == 0 { 0 } else { ends[row - 1] as usize };
    &items[start..ends[row] as usize]
}

/// The seats of the seats dataset, in file order.
pub fn read_seats(table: &Table) -> Vec<Seat> {
    let text = |field: &str, row: usize| {
        table
            .text(field, row)
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
    };
    (0..table.rows)
        .map(|row| {
            let user_id = text("user_id", row);
            let activated_at = table.date("activated_at", row).map(super::day_of_date);
            let given = table.text("status", row);
            let status = if user_id.is_some()
                && (activated_at.is_some() || given.as_deref() == Some("activated"))
            {
                SeatStatus::Activated
            } else {
                match given.as_deref() {
                    Some("invited") => SeatStatus::Invited,
                    Some("unassigned") => SeatStatus::Unassigned,
                    _ if user_id.is_some() => SeatStatus::Invited,
                    _ => SeatStatus::Unassigned,
                }
            };
            let number = |field: &str| table.number(field, row);
            Seat {
                seat_id: text("seat_id", row).unwrap_or_default(),
                name: text("name", row),
                email: text("email", row),
                groups: table
                    .list("groups", row)
                    .into_iter()
                    .map(str::trim)
                    .filter(|group| !group.is_empty())
                    .map(str::to_string)
                    .collect(),
                title: text("title", row),
                job_function: text("job_function", row),
                status,
                invited_at: table.date("invited_at", row).map(super::day_of_date),
                activated_at,
                tracked: table.boolean("linkedin_tracking", row) != Some(false),
                ssi: [
                    number("ssi"),
                    number("ssi_brand"),
                    number("ssi_find"),
                    number("ssi_engage"),
                    number("ssi_build"),
                ],
                sales_assistant_setup_at: table
                    .date("sales_assistant_setup_at", row)
                    .map(super::day_of_date),
                user_id,
            }
        })
        .collect()
}

/// The activity columns the index reads, and the codes of the tokens it looks for.
struct Log<'a> {
    moments: &'a [i64],
    users: &'a [u32],
    actions: &'a [u32],
    surfaces: Option<&'a [u32]>,
    targets: Option<&'a [u32]>,
    accounts: Option<&'a [u32]>,
    seniorities: Option<&'a [u32]>,
    relationships: Option<(&'a [u32], &'a [u32])>,
    filters: Option<(&'a [u32], &'a [u32])>,
    sentiments: Option<&'a [u32]>,
    alert_types: Option<&'a [u32]>,
    feedbacks: Option<&'a [u32]>,
    messages: Option<&'a Column>,
    linkedin: Option<u32>,
    positive: Option<u32>,
    buyer_intent: Option<u32>,
    good_fit: Option<u32>,
    not_a_fit: Option<u32>,
    decision_makers: FxHashSet<u32>,
    warm: FxHashSet<u32>,
    buyer_ready: FxHashSet<u32>,
    action_kinds: FxHashMap<u32, ActionKind>,
    other_names: Vec<String>,
}

impl<'a> Log<'a> {
    fn new(table: &'a Table) -> Log<'a> {
        let moments: &[i64] = match table.column("timestamp") {
            Some(Column::Moment(values)) => values,
            _ => &[],
        };
        let pool = &table.pool;
        let code_set = |names: &[&str]| -> FxHashSet<u32> {
            names.iter().filter_map(|name| pool.code_of(name)).collect()
        };
        let decision_makers = (0..pool.len() as u32)
            .filter(|code| is_decision_maker(pool.get(*code)))
            .collect();
        // Every action code of the log: a known action or another, by name.
        let mut action_kinds = FxHashMap::default();
        let mut other_names = Vec::new();
        let actions = codes(table, "action").unwrap_or(&[]);
        for code in actions {
            action_kinds.entry(*code).or_insert_with(|| {
                let name = pool.get(*code);
                Action::of(name).map_or_else(
                    || {
                        other_names.push(name.to_string());
                        ActionKind::Other(other_names.len() as u32 - 1)
                    },
                    ActionKind::Known,
                )
            });
        }
        Log {
            moments,
            users: codes(table, "user_id").unwrap_or(&[]),
            actions,
            surfaces: codes(table, "surface"),
            targets: codes(table, "target_id"),
            accounts: codes(table, "target_account_id"),
            seniorities: codes(table, "target_seniority"),
            relationships: list_column(table, "target_relationship"),
            filters: list_column(table, "filters"),
            sentiments: codes(table, "sentiment"),
            alert_types: codes(table, "alert_type"),
            feedbacks: codes(table, "feedback"),
            messages: table.column("message_id"),
            linkedin: pool.code_of("linkedin"),
            positive: pool.code_of("positive"),
            buyer_intent: pool.code_of("buyer_intent"),
            good_fit: pool.code_of("good_fit"),
            not_a_fit: pool.code_of("not_a_fit"),
            decision_makers,
            warm: code_set(&WARM_RELATIONSHIPS),
            buyer_ready: code_set(&BUYER_READY_FILTERS),
            action_kinds,
            other_names,
        }
    }

    fn rows(&self) -> usize {
        self.moments
            .len()
            .min(self.users.len())
            .min(self.actions.len())
    }

    /// The event of a row; `day` is decided by the caller (time zone).
    fn event(&self, row: usize, day: i32) -> Event<'a> {
        let code = |column: Option<&[u32]>| column.map_or(0, |codes| codes[row]);
        let equals = |column: Option<&[u32]>, wanted: Option<u32>| {
            wanted.is_some() && column.map(|codes| codes[row]) == wanted
        };
        let action = self.action_kinds[&self.actions[row]];
        let mut bits = 0;
        if equals(self.surfaces, self.linkedin) {
            bits |= flags::LINKEDIN;
        }
        if self.decision_makers.contains(&code(self.seniorities)) {
            bits |= flags::DECISION_MAKER;
        }
        let relationships = self
            .relationships
            .map_or(&[][..], |list| list_items(list, row));
        if action == ActionKind::Known(Action::MessageSent)
            || relationships.iter().any(|item| self.warm.contains(item))
        {
            bits |= flags::WARM_PATH;
        }
        let filters = self.filters.map_or(&[][..], |list| list_items(list, row));
        if !filters.is_empty() {
            bits |= flags::FILTERED;
        }
        if filters.iter().any(|item| self.buyer_ready.contains(item)) {
            bits |= flags::BUYER_READY_FILTER;
        }
        if equals(self.sentiments, self.positive) {
            bits |= flags::POSITIVE;
        }
        if equals(self.alert_types, self.buyer_intent) {
            bits |= flags::BUYER_INTENT_ALERT;
        }
        if equals(self.feedbacks, self.good_fit) {
            bits |= flags::GOOD_FIT;
        }
        if equals(self.feedbacks, self.not_a_fit) {
            bits |= flags::NOT_A_FIT;
        }
        Event {
            day,
            action,
            flags: bits,
            target: code(self.targets),
            account: code(self.accounts),
            message: self
                .messages
                .map_or("", |column| column.text_at(row).trim()),
        }
    }
}

const NO_SEAT: u32 = u32::MAX;

impl UsageIndex {
    /// Reads the seats and the log (and the opportunities) once.
    pub fn build(inputs: UsageInputs) -> Result<UsageIndex, UsageError> {
        // Natively nothing waits: every pause is ready at once.
        crate::engine::parallel::run_ready(UsageIndex::build_pausing(inputs, |_| {
            std::future::ready(())
        }))
    }

    /// The same build, awaiting `pause(fraction done)` between slices of the
    /// work, so the page can paint a progress bar and stay responsive
    /// through the seconds a log of millions of events takes.
    pub async fn build_pausing<F: std::future::Future<Output = ()>>(
        inputs: UsageInputs<'_>,
        pause: impl FnMut(f64) -> F,
    ) -> Result<UsageIndex, UsageError> {
        UsageIndex::build_seats_pausing(inputs, None, pause).await
    }

    /// The build, with the figures and tallies of only the seats at
    /// `seats_built` (`None`: every seat); the others are left empty, as if
    /// they had no event. Everything else (the as-of day, the seat of each
    /// event, what is ignored, the deals) is the whole log's.
    pub(super) async fn build_seats_pausing<F: std::future::Future<Output = ()>>(
        inputs: UsageInputs<'_>,
        seats_built: Option<std::ops::Range<usize>>,
        mut pause: impl FnMut(f64) -> F,
    ) -> Result<UsageIndex, UsageError> {
        const ROWS_PER_SLICE: usize = 1 << 20;
        const SEATS_PER_SLICE: usize = 32;
        let UsageInputs {
            seats: seats_table,
            activity,
            opportunities,
            zone,
            as_of,
        } = inputs;
        let seats = read_seats(seats_table);
        let log = Log::new(activity);
        let rows = log.rows();

        // The day of every row, and the latest one.
        let mut day_of_row: Vec<i32> = Vec::with_capacity(rows);
        for start in (0..rows).step_by(ROWS_PER_SLICE) {
            let end = (start + ROWS_PER_SLICE).min(rows);
            day_of_row.extend(map_range(start..end, |row| {
                let moment = log.moments[row];
                if moment == MISSING_MOMENT {
                    MISSING_DATE
                } else if moment.rem_euclid(86_400) == 0 {
                    // A date without a time (or 00:00:00 UTC): that calendar
                    // day whatever the zone.
                    moment.div_euclid(86_400) as i32
                } else {
                    zone.day_of(moment)
                }
            }));
            pause(0.3 * end as f64 / rows as f64).await;
        }
        let latest_day = day_of_row
            .iter()
            .copied()
            .filter(|day| *day != MISSING_DATE)
            .max();
        let as_of = as_of.or(latest_day).ok_or(UsageError::NoAsOf)?;

        // The seat of each user code: user id, else seat id, else email.
        let mut by_user: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_seat_id: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_email: FxHashMap<String, usize> = FxHashMap::default();
        for (index, seat) in seats.iter().enumerate() {
            if let Some(user) = &seat.user_id {
                by_user.entry(user).or_insert(index);
            }
            by_seat_id.entry(&seat.seat_id).or_insert(index);
            if let Some(email) = &seat.email {
                by_email.entry(email.to_lowercase()).or_insert(index);
            }
        }
        let mut seat_of_code: FxHashMap<u32, u32> = FxHashMap::default();
        let mut ignored = IgnoredEvents::default();
        let mut seat_of_row = vec![NO_SEAT; rows];
        let mut per_seat = vec![0u32; seats.len() + 1];
        for row in 0..rows {
            if row % ROWS_PER_SLICE == ROWS_PER_SLICE - 1 {
                pause(0.3 + 0.2 * row as f64 / rows as f64).await;
            }
            let day = day_of_row[row];
            if day == MISSING_DATE {
                continue;
            }
            let code = log.users[row];
            let seat = *seat_of_code.entry(code).or_insert_with(|| {
                let user = activity.pool.get(code).trim();
                by_user
                    .get(user)
                    .or_else(|| by_seat_id.get(user))
                    .or_else(|| by_email.get(&user.to_lowercase()))
                    .map_or(NO_SEAT, |index| *index as u32)
            });
            let Some(holder) = seats.get(seat as usize) else {
                ignored.unknown_user += 1;
                continue;
            };
            if !holder.is_activated() {
                ignored.not_activated += 1;
            } else if holder.activated_at.is_some_and(|activated| day < activated) {
                ignored.before_activation += 1;
            } else if day > as_of {
                ignored.after_as_of += 1;
            } else {
                seat_of_row[row] = seat;
                per_seat[seat as usize + 1] += 1;
            }
        }

        // Counted rows grouped by seat, each seat's in order of (time, position).
        for seat in 1..per_seat.len() {
            per_seat[seat] += per_seat[seat - 1];
        }
        let counted_events = per_seat[seats.len()] as usize;
        let mut order = vec![0u32; counted_events];
        let mut next = per_seat.clone();
        for (row, seat) in seat_of_row.iter().enumerate() {
            if *seat != NO_SEAT {
                order[next[*seat as usize] as usize] = row as u32;
                next[*seat as usize] += 1;
            }
        }
        drop(seat_of_row);
        let instant = |row: u32| {
            let moment = log.moments[row as usize];
            if moment.rem_euclid(86_400) == 0 && zone != Zone::Utc {
                zone.start_of(day_of_row[row as usize])
            } else {
                moment
            }
        };
        let slices: Vec<&mut [u32]> = {
            let mut rest: &mut [u32] = &mut order;
            let mut slices = Vec::with_capacity(seats.len());
            for seat in 0..seats.len() {
                let length = (per_seat[seat + 1] - per_seat[seat]) as usize;
                let (slice, tail) = rest.split_at_mut(length);
                slices.push(slice);
                rest = tail;
            }
            slices
        };
        let slices: Vec<std::sync::Mutex<&mut [u32]>> =
            slices.into_iter().map(std::sync::Mutex::new).collect();
        let build_one = |seat: usize| {
            let mut rows = slices[seat]
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            let built = seats_built
                .as_ref()
                .is_none_or(|range| range.contains(&seat));
            if !built || !seats[seat].is_activated() {
                return SeatBuild::default();
            }
            rows.sort_unstable_by_key(|row| (instant(*row), *row));
            let events: Vec<Event> = rows
                .iter()
                .map(|row| log.event(*row as usize, day_of_row[*row as usize]))
                .collect();
            build_seat(&seats[seat], &events, as_of)
        };
        let mut builds: Vec<SeatBuild> = Vec::with_capacity(seats.len());
        for start in (0..seats.len()).step_by(SEATS_PER_SLICE) {
            let end = (start + SEATS_PER_SLICE).min(seats.len());
            builds.extend(map_range(start..end, build_one));
            pause(0.5 + 0.5 * end as f64 / seats.len() as f64).await;
        }
        drop(slices);

        let deals = opportunities.map(|table| {
            won_deals(
                table,
                &seats,
                |seat| {
                    let rows = &order[per_seat[seat] as usize..per_seat[seat + 1] as usize];
                    rows.iter()
                        .map(|row| log.event(*row as usize, day_of_row[*row as usize]))
                        .filter(|event| event.known_non_passive())
                        .flat_map(|event| [(event.target, event.day), (event.account, event.day)])
                        .collect()
                },
                &activity.pool,
            )
        });

        // Accounts engaged with, by their own ids.
        let mut account_index: FxHashMap<u32, u32> = FxHashMap::default();
        let mut account_ids = Vec::new();
        let mut local = |code: u32| {
            *account_index.entry(code).or_insert_with(|| {
                account_ids.push(activity.pool.get(code).to_string());
                account_ids.len() as u32 - 1
            })
        };
        let mut index = UsageIndex {
            zone,
            as_of,
            latest_day,
            figures: Vec::with_capacity(seats.len()),
            tallies: Vec::with_capacity(seats.len()),
            connections: Vec::with_capacity(seats.len()),
            other_actions: Vec::with_capacity(seats.len()),
            other_action_names: log.other_names.clone(),
            engagements: Vec::with_capacity(seats.len()),
            saved_accounts: Vec::with_capacity(seats.len()),
            account_ids: Vec::new(),
            ignored,
            counted_events,
            deals,
            seats,
        };
        for build in builds {
            index.figures.push(build.figures);
            index.tallies.push(build.tallies);
            index.connections.push(build.connections);
            index.other_actions.push(build.other_actions);
            index.engagements.push(
                build
                    .engagements
                    .into_iter()
                    .map(|(day, code)| (day, local(code)))
                    .collect(),
            );
            let mut saved: Vec<u32> = build.saved_accounts.into_iter().map(&mut local).collect();
            saved.sort_unstable();
            index.saved_accounts.push(saved);
        }
        index.account_ids = account_ids;
        Ok(index)
    }

    /// The accounts a seat engaged with in a range but has not saved, most
    /// engaged first (ties by account id): (account id, events).
    pub fn suggested_accounts(&self, seat: usize, start: i32, end: i32) -> Vec<(&str, u32)> {
        let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
        for (day, account) in &self.engagements[seat] {
            if *day >= start
                && *day <= end
                && self.saved_accounts[seat].binary_search(account).is_err()
            {
                *counts.entry(*account).or_default() += 1;
            }
        }
        let mut suggested: Vec<(&str, u32)> = counts
            .into_iter()
            .map(|(account, count)| (self.account_ids[account as usize].as_str(), count))
            .collect();
        suggested.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        suggested
    }
}

/// The won deals with a close date (`docs/usage.md`, "ROI"): their owner and whether a
/// seat holder's counted non-passive events touched the account within the 90
/// days up to the close. `touches(seat)` gives a seat's (code, day) touches.
fn won_deals(
    table: &Table,
    seats: &[Seat],
    touches: impl Fn(usize) -> Vec<(u32, i32)>,
    activity_pool: &crate::engine::ingest::table::StringPool,
) -> Vec<Deal> {
    let mut owner_of: FxHashMap<String, usize> = FxHashMap::default();
    for (index, seat) in seats
        .iter()
        .enumerate()
        .filter(|(_, seat)| seat.is_assigned())
    {
        for key in [&seat.name, &seat.email].into_iter().flatten() {
            owner_of.entry(key.to_lowercase()).or_insert(index);
        }
    }
    let mut deals = Vec::new();
    let mut accounts = Vec::new();
    for row in 0..table.rows {
        let won = crate::engine::deals::deal_outcome(table, row) == Some(true);
        let Some(close_day) = table.date("close_date", row).map(super::day_of_date) else {
            continue;
        };
        if !won {
            continue;
        }
        let owner_text = table
            .text("owner", row)
            .unwrap_or_default()
            .trim()
            .to_string();
        let owner = owner_of
            .get(&owner_text.to_lowercase())
            .map_or(DealOwner::Other(owner_text), |seat| DealOwner::Seat(*seat));
        deals.push(Deal {
            close_day,
            amount_micros: table.number("amount", row).and_then(super::numbers::micros),
            owner,
            influenced: false,
        });
        accounts.push(table.text("account_id", row).unwrap_or_default());
    }
    let mut by_seat: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (position, deal) in deals.iter().enumerate() {
        if let DealOwner::Seat(seat) = deal.owner {
            by_seat.entry(seat).or_default().push(position);
        }
    }
    for (seat, positions) in by_seat {
        if !seats[seat].is_activated() {
            continue;
        }
        let touched = days_by_code(touches(seat).into_iter());
        for position in positions {
            let deal = &mut deals[position];
            let account = activity_pool.code_of(accounts[position].trim());
            deal.influenced = account.is_some_and(|code| {
                any_day_in(touched.get(&code), deal.close_day - 90, deal.close_day)
            });
        }
    }
    deals
}
