//! One activated seat's counted events, worked through in order (`docs/usage.md`
//! sections 3, 4 and 8): the daily tallies the range metrics are summed from,
//! and what does not depend on the range — last active, assistant setup, the
//! coach points and the best practices' counts.
//!
//! The index ([`super::index`]) reads the log, puts each seat's counted events
//! in time order and calls [`build_seat`] once per seat.

use super::index::{
    action_counter, Seat, SeatFigures, Tally, COUNTERS, GOOD_FIT, INMAILS_ACCEPTED, NOT_A_FIT,
    OTHER_ACTIONS,
};
use super::practices::{Practice, COUNTED_PRACTICES};
use super::vocabulary::{flags, Action};
use rustc_hash::{FxHashMap, FxHashSet};

/// An event's action: a known one, or another (index into the other names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ActionKind {
    Known(Action),
    Other(u32),
}

/// One counted event of a seat, read from its row.
#[derive(Debug, Clone, Copy)]
pub(super) struct Event<'a> {
    pub day: i32,
    pub action: ActionKind,
    pub flags: u16,
    pub target: u32,
    pub account: u32,
    pub message: &'a str,
}

impl Event<'_> {
    pub fn is(&self, action: Action) -> bool {
        self.action == ActionKind::Known(action)
    }

    pub fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// A known action the user did: what touches an account for ROI (an
    /// action outside the vocabulary only makes the user active).
    pub fn known_non_passive(&self) -> bool {
        matches!(self.action, ActionKind::Known(action) if !action.is_passive())
    }

    /// Something the user did, of any action but the passive ones: what makes
    /// them active that day.
    pub fn makes_active(&self) -> bool {
        !matches!(self.action, ActionKind::Known(action) if action.is_passive())
    }
}

/// What one seat's counted events give.
#[derive(Default)]
pub(super) struct SeatBuild {
    pub figures: Option<SeatFigures>,
    pub tallies: Vec<Tally>,
    pub connections: Vec<(i32, u32)>,
    pub other_actions: Vec<(i32, u32)>,
    /// (day, activity code of the account).
    pub engagements: Vec<(i32, u32)>,
    pub saved_accounts: Vec<u32>,
}

/// Works through one activated seat's counted events, in time order.
pub(super) fn build_seat(seat: &Seat, events: &[Event], as_of: i32) -> SeatBuild {
    let windows = Windows { as_of };
    let record = SeatRecord::of(events);
    let opted_out = !seat.tracked;

    let mut build = SeatBuild::default();
    let mut figures = SeatFigures {
        assistant_setup: seat.sales_assistant_setup_at.filter(|day| *day <= as_of),
        ..SeatFigures::default()
    };
    let mut coach = CoachPoints::default();
    if figures.assistant_setup.is_some() {
        coach.earn(CoachPoint::AssistantSetUp);
    }
    let mut tallies = DayTallies::default();
    let mut saved = SavedLists::default();
    let mut practices = PracticeCounter::default();

    for event in events {
        let day = event.day;
        if event.makes_active() && !(opted_out && event.has(flags::LINKEDIN)) {
            figures.last_active = figures.last_active.max(Some(day));
        }
        let action = match event.action {
            ActionKind::Known(action) => action,
            ActionKind::Other(name) => {
                // Kept and shown; it makes the user active and counts toward
                // nothing else.
                build.other_actions.push((day, name));
                tallies.add(day, OTHER_ACTIONS + event.has(flags::LINKEDIN) as u8);
                continue;
            }
        };
        tallies.add(day, action_counter(action, event.has(flags::LINKEDIN)));

        // Range metrics with rules of their own.
        match action {
            Action::InmailSent if record.accepted_within_30_days(event) => {
                tallies.add(day, INMAILS_ACCEPTED);
            }
            Action::SalesAssistantFeedback => {
                if event.has(flags::GOOD_FIT) {
                    tallies.add(day, GOOD_FIT);
                }
                if event.has(flags::NOT_A_FIT) {
                    tallies.add(day, NOT_A_FIT);
                }
            }
            Action::ConnectionAccepted if event.target != 0 => {
                build.connections.push((day, event.target));
            }
            Action::SalesAssistantSetup => {
                figures.assistant_setup =
                    Some(figures.assistant_setup.map_or(day, |setup| setup.min(day)));
            }
            _ => {}
        }

        if let Some(account) = engaged_account(event, action) {
            build.engagements.push((day, account));
        }
        if let Some(point) = CoachPoint::earned_by(event, action) {
            coach.earn(point);
        }
        // Best practices read the saved state *before* this event.
        practices.count(event, action, &windows, &record, saved.about_saved(event));
        saved.apply(event, action);
    }

    build.tallies = tallies.finish();
    figures.multithreading = saved.multithreading(events, &windows);
    figures.practice_counts = practices.finish();
    figures.coach_points = coach.count();
    build.saved_accounts = saved.accounts_saved_now();
    build.figures = Some(figures);
    build
}

/// The windows that end at as_of: the last 90 days, the last two years.
struct Windows {
    as_of: i32,
}

impl Windows {
    fn in_90_days(&self, day: i32) -> bool {
        day >= self.as_of - 89 && day <= self.as_of
    }

    fn in_two_years(&self, day: i32) -> bool {
        day >= self.as_of - 729 && day <= self.as_of
    }
}

/// Look-ups over a seat's whole record, asked while its events are read in
/// order: research done, alerts shown, InMails accepted.
struct SeatRecord<'a> {
    /// Days of research per lead or account: profile, account page or
    /// Account IQ views, and positive alerts.
    research: FxHashMap<u32, Vec<i32>>,
    /// Days an alert about a lead or account was displayed.
    alerts_displayed: FxHashMap<u32, Vec<i32>>,
    /// Days each InMail (by message id) was accepted.
    accepted: FxHashMap<&'a str, Vec<i32>>,
}

impl<'a> SeatRecord<'a> {
    fn of(events: &[Event<'a>]) -> SeatRecord<'a> {
        let research = days_by_code(events.iter().filter_map(|event| {
            let research = event.is(Action::ProfileView)
                || event.is(Action::AccountPageView)
                || event.is(Action::AccountIqView)
                || (event.is(Action::AlertEngaged) && event.has(flags::POSITIVE));
            research.then_some((event.target, event.day))
        }));
        let alerts_displayed = days_by_code(
            events
                .iter()
                .filter(|event| event.is(Action::AlertDisplayed))
                .map(|event| (event.target, event.day)),
        );
        let mut accepted: FxHashMap<&str, Vec<i32>> = FxHashMap::default();
        for event in events {
            if event.is(Action::InmailAccepted) && !event.message.is_empty() {
                accepted.entry(event.message).or_default().push(event.day);
            }
        }
        SeatRecord {
            research,
            alerts_displayed,
            accepted,
        }
    }

    /// Whether an InMail sent was accepted within 30 days of its sending.
    fn accepted_within_30_days(&self, sent: &Event) -> bool {
        !sent.message.is_empty()
            && any_day_in(self.accepted.get(sent.message), sent.day, sent.day + 30)
    }

    /// Whether a lead or account was researched in the 90 days up to `day`.
    fn researched(&self, code: u32, day: i32) -> bool {
        code != 0 && any_day_in(self.research.get(&code), day - 90, day)
    }

    /// Whether an alert about a lead or account was shown in the week up to `day`.
    fn alert_shown_in_the_week(&self, code: u32, day: i32) -> bool {
        code != 0 && any_day_in(self.alerts_displayed.get(&code), day - 7, day)
    }
}

/// Days sorted, for "any day in [from, to]".
pub(super) fn any_day_in(days: Option<&Vec<i32>>, from: i32, to: i32) -> bool {
    days.is_some_and(|days| {
        let first = days.partition_point(|day| *day < from);
        days.get(first).is_some_and(|day| *day <= to)
    })
}

pub(super) fn days_by_code(pairs: impl Iterator<Item = (u32, i32)>) -> FxHashMap<u32, Vec<i32>> {
    let mut map: FxHashMap<u32, Vec<i32>> = FxHashMap::default();
    for (code, day) in pairs {
        if code != 0 {
            map.entry(code).or_default().push(day);
        }
    }
    for days in map.values_mut() {
        days.sort_unstable();
    }
    map
}

/// The account an event engages with, for the suggested accounts: the
/// account viewed, or the account of the lead reached.
fn engaged_account(event: &Event, action: Action) -> Option<u32> {
    let account = match action {
        Action::AccountPageView | Action::AccountIqView => event.target,
        Action::InmailSent | Action::MessageSent | Action::ProfileView | Action::LeadSaved => {
            event.account
        }
        _ => 0,
    };
    (account != 0).then_some(account)
}

/// The counted events of the day being read, per counter, kept as tallies
/// when the day changes.
struct DayTallies {
    day: Option<i32>,
    counts: [u32; COUNTERS],
    tallies: Vec<Tally>,
}

impl Default for DayTallies {
    fn default() -> DayTallies {
        DayTallies {
            day: None,
            counts: [0; COUNTERS],
            tallies: Vec::new(),
        }
    }
}

impl DayTallies {
    fn add(&mut self, day: i32, counter: u8) {
        if self.day != Some(day) {
            self.keep_day();
            self.day = Some(day);
        }
        self.counts[counter as usize] += 1;
    }

    fn keep_day(&mut self) {
        let Some(day) = self.day else { return };
        for (counter, count) in self.counts.iter_mut().enumerate() {
            if *count > 0 {
                self.tallies.push(Tally {
                    day,
                    counter: counter as u8,
                    count: *count,
                });
                *count = 0;
            }
        }
    }

    fn finish(mut self) -> Vec<Tally> {
        self.keep_day();
        // Days are in order unless a zone's change of offset (or a date-only
        // time) put an event out of place: sort and merge to be sure.
        let mut tallies = self.tallies;
        tallies.sort_by_key(|tally| (tally.day, tally.counter));
        tallies.dedup_by(|later, earlier| {
            let same = later.day == earlier.day && later.counter == earlier.counter;
            if same {
                earlier.count += later.count;
            }
            same
        });
        tallies
    }
}

/// The binary actions that each earn one coach point (`docs/usage.md`, "Coach level"), on
/// any surface, from activation to as_of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CoachPoint {
    LeadSaved,
    AccountSaved,
    ListCreated,
    InmailSent,
    SearchWithFilters,
    PositiveAlert,
    InsightsViewed,
    /// A setup event, or the seat's setup date on or before as_of.
    AssistantSetUp,
    BuyerIntentViewed,
    NoteAdded,
}

impl CoachPoint {
    const COUNT: usize = 10;

    fn earned_by(event: &Event, action: Action) -> Option<CoachPoint> {
        Some(match action {
            Action::LeadSaved => CoachPoint::LeadSaved,
            Action::AccountSaved => CoachPoint::AccountSaved,
            Action::ListCreated => CoachPoint::ListCreated,
            Action::InmailSent => CoachPoint::InmailSent,
            Action::Search if event.has(flags::FILTERED) => CoachPoint::SearchWithFilters,
            Action::AlertEngaged if event.has(flags::POSITIVE) => CoachPoint::PositiveAlert,
            Action::AccountIqView | Action::LeadIqView => CoachPoint::InsightsViewed,
            Action::SalesAssistantSetup => CoachPoint::AssistantSetUp,
            Action::BuyerIntentView => CoachPoint::BuyerIntentViewed,
            Action::NoteAdded => CoachPoint::NoteAdded,
            _ => return None,
        })
    }
}

/// The coach points a seat has earned.
#[derive(Default)]
struct CoachPoints([bool; CoachPoint::COUNT]);

impl CoachPoints {
    fn earn(&mut self, point: CoachPoint) {
        self.0[point as usize] = true;
    }

    fn count(&self) -> u8 {
        self.0.iter().filter(|earned| **earned).count() as u8
    }
}

/// A lead or account's saved state after a seat's latest save or unsave.
#[derive(Clone, Copy)]
struct Saved {
    saved: bool,
    day: i32,
    account: u32,
}

/// The leads and accounts a seat has saved, as of the event being read.
#[derive(Default)]
struct SavedLists {
    leads: FxHashMap<u32, Saved>,
    accounts: FxHashMap<u32, Saved>,
}

impl SavedLists {
    /// Whether the event is about a saved lead or account (its target, or
    /// the target's account).
    fn about_saved(&self, event: &Event) -> bool {
        let is_saved = |map: &FxHashMap<u32, Saved>, code: u32| {
            code != 0 && map.get(&code).is_some_and(|state| state.saved)
        };
        is_saved(&self.leads, event.target)
            || is_saved(&self.accounts, event.target)
            || is_saved(&self.accounts, event.account)
    }

    /// The event's own effect on what is saved.
    fn apply(&mut self, event: &Event, action: Action) {
        if event.target == 0 {
            return;
        }
        let state = |saved: bool| Saved {
            saved,
            day: event.day,
            account: event.account,
        };
        let unsave = |map: &mut FxHashMap<u32, Saved>| {
            if let Some(saved) = map.get_mut(&event.target) {
                saved.saved = false;
            }
        };
        match action {
            Action::LeadSaved => drop(self.leads.insert(event.target, state(true))),
            Action::LeadUnsaved => unsave(&mut self.leads),
            Action::AccountSaved => drop(self.accounts.insert(event.target, state(true))),
            Action::AccountUnsaved => unsave(&mut self.accounts),
            _ => {}
        }
    }

    /// The two multi-threading practices, over the accounts saved now whose
    /// latest save is in the last two years: by saved leads, then by
    /// accepted connections (in [`Practice::ALL`]'s order after the counted
    /// practices).
    fn multithreading(&self, events: &[Event], windows: &Windows) -> [bool; 2] {
        let book: FxHashMap<u32, usize> = self
            .accounts
            .iter()
            .filter(|(_, state)| state.saved && windows.in_two_years(state.day))
            .enumerate()
            .map(|(position, (code, _))| (*code, position))
            .collect();
        let mut lead_counts = vec![0u32; book.len()];
        for state in self.leads.values() {
            if state.saved && windows.in_two_years(state.day) {
                if let Some(position) = book.get(&state.account) {
                    lead_counts[*position] += 1;
                }
            }
        }
        let mut connected: FxHashSet<(u32, u32)> = FxHashSet::default();
        let mut connection_counts = vec![0u32; book.len()];
        for event in events {
            if event.is(Action::ConnectionAccepted) && event.target != 0 {
                if let Some(position) = book.get(&event.account) {
                    if connected.insert((event.account, event.target)) {
                        connection_counts[*position] += 1;
                    }
                }
            }
        }
        let multithreaded = |counts: &[u32]| {
            let threaded = counts.iter().filter(|count| **count >= 1).count();
            let deep = counts.iter().filter(|count| **count >= 3).count();
            threaded >= 1 && 2 * deep >= threaded
        };
        [
            multithreaded(&lead_counts),
            multithreaded(&connection_counts),
        ]
    }

    /// The accounts saved now, whenever they were saved.
    fn accounts_saved_now(&self) -> Vec<u32> {
        self.accounts
            .iter()
            .filter(|(_, state)| state.saved)
            .map(|(code, _)| *code)
            .collect()
    }
}

/// The counted best practices' counts over a seat's events (`docs/usage.md`, "Best practices").
#[derive(Default)]
struct PracticeCounter {
    counts: [u32; COUNTED_PRACTICES],
    /// Decision makers reached in the last 90 days.
    right_buyers: FxHashSet<u32>,
    /// People reached through a warm path in the last 90 days.
    warm_paths: FxHashSet<u32>,
}

impl PracticeCounter {
    fn count(
        &mut self,
        event: &Event,
        action: Action,
        windows: &Windows,
        record: &SeatRecord,
        about_saved: bool,
    ) {
        let day = event.day;
        let mut add = |practice: Practice| self.counts[practice.index()] += 1;
        if action == Action::AccountSaved && windows.in_two_years(day) {
            add(Practice::BookOfBusiness);
        }
        if !windows.in_90_days(day) {
            return;
        }
        let outreach = action.is_outreach();
        let positive_alert = action == Action::AlertEngaged && event.has(flags::POSITIVE);
        if matches!(
            action,
            Action::Search | Action::AccountHubVisit | Action::AccountIqView
        ) {
            add(Practice::FocusTopAccounts);
        }
        let buyers_ready = action == Action::BuyerIntentView
            || (action == Action::Search && event.has(flags::BUYER_READY_FILTER))
            || (positive_alert && event.has(flags::BUYER_INTENT_ALERT));
        if buyers_ready {
            add(Practice::BuyersReady);
        }
        let personalized = (action == Action::PostEngagement && about_saved)
            || (outreach && event.has(flags::WARM_PATH))
            || (outreach
                && about_saved
                && (record.researched(event.target, day) || record.researched(event.account, day)));
        if personalized {
            add(Practice::PersonalizeOutreach);
        }
        let viewed_after_alert = matches!(action, Action::ProfileView | Action::AccountPageView)
            && record.alert_shown_in_the_week(event.target, day);
        if positive_alert || viewed_after_alert {
            add(Practice::StayUpToDate);
        }
        let insight = matches!(
            action,
            Action::AccountPageView | Action::ProfileView | Action::AccountIqView
        ) || positive_alert;
        if insight && about_saved {
            add(Practice::CustomerInsights);
        }

        let buyer_move =
            outreach || matches!(action, Action::ConnectionRequestSent | Action::LeadSaved);
        if buyer_move && event.has(flags::DECISION_MAKER) && event.target != 0 {
            self.right_buyers.insert(event.target);
        }
        let path_move = buyer_move || action == Action::ProfileView;
        if path_move && event.has(flags::WARM_PATH) && event.target != 0 {
            self.warm_paths.insert(event.target);
        }
    }

    /// The counts, the two "how many people" practices included.
    fn finish(mut self) -> [u32; COUNTED_PRACTICES] {
        self.counts[Practice::RightBuyers.index()] = self.right_buyers.len() as u32;
        self.counts[Practice::WarmPaths.index()] = self.warm_paths.len() as u32;
        self.counts
    }
}
