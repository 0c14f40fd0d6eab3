//! Every rule of `docs/usage.md`, pinned with small hand-computed cases.

use super::calendar::{format_day, parse_day, RangeError};
use super::index::SeatStatus;
use super::metrics::Metric;
use super::practices::{Practice, COUNTED_PRACTICES};
use super::*;
use crate::engine::ingest::read_test_csv;
use crate::engine::source_kind::SourceKind;

const SEATS_HEADER: &str = "Seat ID,User ID,Name,Email,Groups,Title,Function,Status,Invited At,Activated At,LinkedIn Tracking,SSI,Create a Professional Brand,Find the Right People,Engage with Insights,Build Strong Relationships,Sales Assistant Setup";

/// An activated seat `S-<user>` for user `<user>`, activated on 2026-01-01.
fn seat(user: &str) -> String {
    format!("S-{user},{user},Rep {user},{user}@example.com,East,Account Executive,Sales,activated,2025-12-01,2026-01-01,true,,,,,,")
}

/// One event of the log; fields set with the builder methods.
#[derive(Clone, Default)]
struct Ev {
    time: String,
    user: String,
    action: String,
    surface: String,
    target: String,
    account: String,
    seniority: String,
    relationship: String,
    message: String,
    filters: String,
    sentiment: String,
    alert_type: String,
    feedback: String,
}

fn ev(time: &str, user: &str, action: &str) -> Ev {
    let time = if time.len() == 10 {
        format!("{time}T12:00:00Z")
    } else {
        time.to_string()
    };
    Ev {
        time,
        user: user.into(),
        action: action.into(),
        ..Ev::default()
    }
}

impl Ev {
    fn target(mut self, target: &str) -> Ev {
        self.target = target.into();
        self
    }
    fn account(mut self, account: &str) -> Ev {
        self.account = account.into();
        self
    }
    fn surface(mut self, surface: &str) -> Ev {
        self.surface = surface.into();
        self
    }
    fn seniority(mut self, seniority: &str) -> Ev {
        self.seniority = seniority.into();
        self
    }
    fn relationship(mut self, relationship: &str) -> Ev {
        self.relationship = relationship.into();
        self
    }
    fn message(mut self, message: &str) -> Ev {
        self.message = message.into();
        self
    }
    fn filters(mut self, filters: &str) -> Ev {
        self.filters = filters.into();
        self
    }
    fn sentiment(mut self, sentiment: &str) -> Ev {
        self.sentiment = sentiment.into();
        self
    }
    fn alert_type(mut self, alert_type: &str) -> Ev {
        self.alert_type = alert_type.into();
        self
    }
    fn feedback(mut self, feedback: &str) -> Ev {
        self.feedback = feedback.into();
        self
    }
}

fn activity_csv(events: &[Ev]) -> String {
    let mut csv = String::from("Timestamp,User ID,Action,Surface,Target ID,Target Account ID,Target Seniority,Relationship,Message ID,Filters,Sentiment,Alert Type,Feedback\n");
    for event in events {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},\"{}\",{},\"{}\",{},{},{}\n",
            event.time,
            event.user,
            event.action,
            event.surface,
            event.target,
            event.account,
            event.seniority,
            event.relationship,
            event.message,
            event.filters,
            event.sentiment,
            event.alert_type,
            event.feedback
        ));
    }
    csv
}

struct Fixture {
    seats: String,
    events: Vec<Ev>,
    opportunities: Option<String>,
    zone: Zone,
    as_of: Option<&'static str>,
}

fn fixture(seat_rows: &[String], events: Vec<Ev>) -> Fixture {
    Fixture {
        seats: format!("{SEATS_HEADER}\n{}\n", seat_rows.join("\n")),
        events,
        opportunities: None,
        zone: Zone::Utc,
        as_of: Some("2026-03-31"),
    }
}

impl Fixture {
    fn index(&self) -> UsageIndex {
        let seats = read_test_csv(&self.seats, SourceKind::Seats);
        let activity = read_test_csv(&activity_csv(&self.events), SourceKind::Activity);
        let opportunities = self
            .opportunities
            .as_ref()
            .map(|csv| read_test_csv(csv, SourceKind::Opportunities));
        UsageIndex::build(UsageInputs {
            seats: &seats,
            activity: &activity,
            opportunities: opportunities.as_ref(),
            zone: self.zone,
            as_of: self.as_of.map(|day| parse_day(day).unwrap()),
        })
        .expect("an as-of date")
    }
}

fn day(text: &str) -> i32 {
    parse_day(text).unwrap()
}

fn range(text: &str) -> RangeRequest {
    text.parse().unwrap()
}

/// The metric of user `user` over a range.
fn metric(index: &UsageIndex, user: &str, name: &str, range_text: &str) -> u64 {
    let report = index
        .report(&Controls {
            range: range(range_text),
            ..Controls::default()
        })
        .unwrap();
    let seat = report
        .seats
        .iter()
        .find(|seat| seat.seat.user_id.as_deref() == Some(user))
        .unwrap();
    let position = Metric::ALL
        .iter()
        .position(|metric| metric.column() == name)
        .unwrap();
    seat.metrics
        .as_ref()
        .map_or(0, |metrics| metrics.counts[position])
}

fn figures(index: &UsageIndex, user: &str) -> super::index::SeatFigures {
    let position = index
        .seats
        .iter()
        .position(|seat| seat.user_id.as_deref() == Some(user))
        .unwrap();
    index.figures[position].unwrap()
}

const MARCH: &str = "2026-03-01..2026-03-31";

#[test]
fn presets_and_last_month() {
    let as_of = day("2026-03-18");
    let resolved = |request: &str| {
        let range = range(request).resolve(as_of).unwrap();
        (
            format_day(range.requested.0),
            format_day(range.requested.1),
            format_day(range.start),
            format_day(range.end),
        )
    };
    let days = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    assert_eq!(
        resolved("last-7"),
        days("2026-03-12", "2026-03-18", "2026-03-12", "2026-03-18")
    );
    assert_eq!(
        resolved("last-30"),
        days("2026-02-17", "2026-03-18", "2026-02-17", "2026-03-18")
    );
    // The example of the export in `docs/usage.md`, "The export".
    assert_eq!(
        resolved("last-90"),
        days("2025-12-19", "2026-03-18", "2025-12-15", "2026-03-22")
    );
    // February, never snapped; January across a year for an as-of in January.
    assert_eq!(
        resolved("last-month"),
        days("2026-02-01", "2026-02-28", "2026-02-01", "2026-02-28")
    );
    let january = range("last-month").resolve(day("2026-01-01")).unwrap();
    assert_eq!(
        (format_day(january.start), format_day(january.end)),
        ("2025-12-01".into(), "2025-12-31".into())
    );
    // A 31-day last month is still not snapped.
    let march = range("last-month").resolve(day("2026-04-15")).unwrap();
    assert_eq!(
        (format_day(march.start), format_day(march.end)),
        ("2026-03-01".into(), "2026-03-31".into())
    );
}

#[test]
fn the_previous_period_has_the_same_length_and_ends_the_day_before() {
    let as_of = day("2026-03-18");
    let thirty = range("2026-02-01..2026-03-02").resolve(as_of).unwrap();
    let before = thirty.previous();
    assert_eq!(before.days(), 30);
    assert_eq!(
        (format_day(before.start), format_day(before.end)),
        ("2026-01-02".into(), "2026-01-31".into())
    );
    assert!(!before.is_snapped());
}

#[test]
fn custom_ranges_snap_only_beyond_thirty_days_and_respect_the_limits() {
    let as_of = day("2026-03-18");
    // 30 days counting both ends: not snapped (2026-02-01 is a Sunday).
    let thirty = range("2026-02-01..2026-03-02").resolve(as_of).unwrap();
    assert!(!thirty.is_snapped());
    // 31 days: snapped to Monday 2026-01-26 .. Sunday 2026-03-08.
    let thirty_one = range("2026-02-01..2026-03-03").resolve(as_of).unwrap();
    assert_eq!(
        (format_day(thirty_one.start), format_day(thirty_one.end)),
        ("2026-01-26".into(), "2026-03-08".into())
    );
    // The snapped range may pass as_of: it is used as it is.
    let to_as_of = range("2026-01-01..2026-03-18").resolve(as_of).unwrap();
    assert_eq!(format_day(to_as_of.end), "2026-03-22");
    assert_eq!(
        range("2026-03-10..2026-03-09").resolve(as_of),
        Err(RangeError::StartAfterEnd)
    );
    assert!(matches!(
        range("2026-03-10..2026-03-19").resolve(as_of),
        Err(RangeError::AfterAsOf { .. })
    ));
    // Two years back: as_of − 729 is allowed, one more day is not.
    assert!(range("2024-03-19..2024-03-20").resolve(as_of).is_ok());
    assert!(matches!(
        range("2024-03-18..2024-03-20").resolve(as_of),
        Err(RangeError::TooFarBack { .. })
    ));
    assert!("yesterday".parse::<RangeRequest>().is_err());
}

#[test]
fn activation_cut_off_and_ignored_events() {
    let mut seats = vec![seat("u1")];
    seats.push("S-inv,u2,Rep 2,u2@example.com,,,,invited,2026-01-01,,,,,,,,".into());
    let index = fixture(
        &seats,
        vec![
            ev("2025-12-31", "u1", "search"),
            ev("2026-01-01T00:30:00Z", "u1", "search"),
            ev("2026-03-01", "u2", "search"),
            ev("2026-03-01", "nobody", "search"),
            ev("2026-04-01", "u1", "search"),
        ],
    )
    .index();
    assert_eq!(
        metric(&index, "u1", "searches", "2025-12-01..2026-03-31"),
        1
    );
    assert_eq!(index.ignored.before_activation, 1);
    assert_eq!(index.ignored.not_activated, 1);
    assert_eq!(index.ignored.unknown_user, 1);
    assert_eq!(index.ignored.after_as_of, 1);
    assert_eq!(
        index.ignored.to_string(),
        "4 ignored (1 unknown user, 1 not activated, 1 before activation, 1 after the as-of date)"
    );
    assert_eq!(index.counted_events, 1);
}

#[test]
fn events_join_by_user_id_then_seat_id_then_email() {
    let index = fixture(
        &[seat("u1"), seat("u2"), seat("u3")],
        vec![
            ev("2026-03-02", "u1", "search"),
            ev("2026-03-03", "S-u2", "search"),
            ev("2026-03-04", "U3@EXAMPLE.COM", "search"),
        ],
    )
    .index();
    for user in ["u1", "u2", "u3"] {
        assert_eq!(metric(&index, user, "searches", MARCH), 1, "{user}");
    }
}

#[test]
fn opting_out_hides_linkedin_events_from_activity_metrics_only() {
    let opted_out =
        "S-o,o,Rep O,o@example.com,East,,,activated,,2026-01-01,false,,,,,,".to_string();
    let index = fixture(
        &[opted_out],
        vec![
            ev("2026-03-02", "o", "search")
                .surface("LinkedIn")
                .filters("Seniority"),
            ev("2026-03-02", "o", "profile_view").surface("linkedin"),
            ev("2026-03-03", "o", "lead_saved")
                .surface("linkedin")
                .target("p1"),
        ],
    )
    .index();
    assert_eq!(metric(&index, "o", "days_active", MARCH), 0);
    assert_eq!(metric(&index, "o", "searches", MARCH), 0);
    assert_eq!(metric(&index, "o", "profile_views", MARCH), 0);
    assert_eq!(metric(&index, "o", "leads_saved", MARCH), 1);
    // Coach level uses every surface: a lead saved and a filtered search.
    assert_eq!(figures(&index, "o").coach_points, 2);
    assert_eq!(figures(&index, "o").last_active, None);
    // Not active: the team's totals leave the user out.
    let report = index
        .report(&Controls {
            range: range(MARCH),
            ..Controls::default()
        })
        .unwrap();
    assert_eq!(report.team.active_users, 0);
    assert_eq!(report.team.totals[3], 0);
    // Feature adoption uses every surface.
    assert_eq!(report.team.adoption.did[Action::LeadSaved.index()], 1);
}

use super::vocabulary::Action;

#[test]
fn passive_actions_never_make_a_user_active() {
    let index = fixture(
        &[seat("u1")],
        vec![
            ev("2026-03-02", "u1", "inmail_accepted").message("m1"),
            ev("2026-03-03", "u1", "Connection Accepted").target("p1"),
            ev("2026-03-04", "u1", "alert-displayed").target("p2"),
        ],
    )
    .index();
    assert_eq!(metric(&index, "u1", "days_active", MARCH), 0);
    assert_eq!(metric(&index, "u1", "connections", MARCH), 1);
    assert_eq!(figures(&index, "u1").last_active, None);
    let report = index
        .report(&Controls {
            range: range(MARCH),
            ..Controls::default()
        })
        .unwrap();
    assert!(report.team.adoption.did.iter().all(|users| *users == 0));
}

#[test]
fn inmail_acceptance_window_is_thirty_calendar_days_inclusive() {
    let events = vec![
        ev("2026-02-01T23:00:00Z", "u1", "inmail_sent").message("m30"),
        ev("2026-03-03T01:00:00Z", "u1", "inmail_accepted").message("m30"),
        ev("2026-02-01", "u1", "inmail_sent").message("m31"),
        ev("2026-03-04", "u1", "inmail_accepted").message("m31"),
        // Accepted twice: the send counts once.
        ev("2026-02-02", "u1", "inmail_sent").message("twice"),
        ev("2026-02-03", "u1", "inmail_accepted").message("twice"),
        ev("2026-02-04", "u1", "inmail_accepted").message("twice"),
        // No message id: never accepted.
        ev("2026-02-02", "u1", "inmail_sent"),
        ev("2026-02-03", "u1", "inmail_accepted"),
        // Accepted after the hand-set as_of: not counted.
        ev("2026-03-30", "u1", "inmail_sent").message("late"),
        ev("2026-04-01", "u1", "inmail_accepted").message("late"),
    ];
    let index = fixture(&[seat("u1")], events).index();
    // Sent in February, accepted in March: the acceptance falls after the range.
    assert_eq!(
        metric(&index, "u1", "inmails_sent", "2026-02-01..2026-02-28"),
        4
    );
    assert_eq!(
        metric(&index, "u1", "inmails_accepted", "2026-02-01..2026-02-28"),
        2
    );
    assert_eq!(
        metric(&index, "u1", "inmails_accepted", "2026-03-01..2026-03-31"),
        0
    );
    let report = index
        .report(&Controls {
            range: range("2026-02-01..2026-02-28"),
            ..Controls::default()
        })
        .unwrap();
    assert_eq!(
        report.seats[0]
            .metrics
            .as_ref()
            .unwrap()
            .inmail_acceptance_rate()
            .as_deref(),
        Some("0.5000")
    );
}

#[test]
fn coach_levels_at_their_thresholds() {
    use super::vocabulary::coach_level;
    let expected = [
        (0, "Beginner"),
        (1, "Beginner"),
        (2, "Intermediate"),
        (3, "Intermediate"),
        (4, "Proficient"),
        (5, "Proficient"),
        (6, "Advanced"),
        (8, "Advanced"),
        (9, "Expert"),
        (10, "Expert"),
    ];
    for (points, level) in expected {
        assert_eq!(coach_level(points), level, "{points} points");
    }
    // Each binary action once, some twice: ten points; a search without a
    // filter, a negative alert and a session give none.
    let mut events = vec![
        ev("2026-03-02", "u1", "search"),
        ev("2026-03-02", "u1", "alert_engaged").sentiment("negative"),
        ev("2026-03-02", "u1", "session"),
    ];
    let index = fixture(&[seat("u1")], events.clone()).index();
    assert_eq!(figures(&index, "u1").coach_points, 0);
    events.extend([
        ev("2026-03-02", "u1", "lead_saved").target("p1"),
        ev("2026-03-02", "u1", "lead_saved").target("p2"),
        ev("2026-03-02", "u1", "account_saved").target("a1"),
        ev("2026-03-02", "u1", "list_created"),
        ev("2026-03-02", "u1", "inmail_sent"),
        ev("2026-03-02", "u1", "search").filters("Seniority;Geography"),
        ev("2026-03-02", "u1", "alert_engaged").sentiment("Positive"),
        ev("2026-03-02", "u1", "lead_iq_view"),
        ev("2026-03-02", "u1", "buyer_intent_view"),
        ev("2026-03-02", "u1", "note_added"),
    ]);
    let index = fixture(&[seat("u1")], events.clone()).index();
    assert_eq!(figures(&index, "u1").coach_points, 9);
    // The seat's assistant setup date gives the tenth point when on or before as_of.
    let with_setup = format!("{}2026-03-31", seat("u1"));
    let index = fixture(&[with_setup], events.clone()).index();
    assert_eq!(figures(&index, "u1").coach_points, 10);
    assert_eq!(
        figures(&index, "u1").assistant_setup,
        Some(day("2026-03-31"))
    );
    let late_setup = format!("{}2026-04-01", seat("u1"));
    let index = fixture(&[late_setup], events).index();
    assert_eq!(figures(&index, "u1").coach_points, 9);
    assert_eq!(figures(&index, "u1").assistant_setup, None);
}

/// The eight counted practices' counts of one user's log.
fn practices(events: Vec<Ev>) -> [u32; 8] {
    figures(&fixture(&[seat("u1")], events).index(), "u1").practice_counts
}

fn repeat(count: usize, make: impl Fn(usize) -> Ev) -> Vec<Ev> {
    (0..count).map(make).collect()
}

#[test]
fn book_of_business_and_focus_at_their_thresholds() {
    // as_of 2026-03-31: the two-year window starts 2024-04-01, the 90-day one 2026-01-01.
    let saves = |count| {
        repeat(count, |n| {
            ev("2026-02-01", "u1", "account_saved").target(&format!("a{n}"))
        })
    };
    assert_eq!(practices(saves(25))[0], 25);
    let met = |events| figures(&fixture(&[seat("u1")], events).index(), "u1").practices_met();
    assert!(met(saves(25))[0]);
    assert!(!met(saves(24))[0]);
    let focus = |count| {
        repeat(count, |n| {
            let action = ["search", "account_hub_visit", "account_iq_view"][n % 3];
            ev("2026-03-01", "u1", action)
        })
    };
    assert!(met(focus(40))[1]);
    assert!(!met(focus(39))[1]);
    // The 90-day window: 2026-01-01 is in, 2025-12-31 is out (before activation anyway).
    let edge = vec![
        ev("2026-01-01", "u1", "search"),
        ev("2026-03-31T23:59:59Z", "u1", "search"),
    ];
    assert_eq!(practices(edge)[1], 2);
}

#[test]
fn right_buyers_and_warm_paths_count_distinct_targets() {
    let buyers = |count| {
        let mut events = repeat(count, |n| {
            let action = [
                "connection_request_sent",
                "inmail_sent",
                "message_sent",
                "lead_saved",
            ][n % 4];
            ev("2026-03-01", "u1", action)
                .target(&format!("p{n}"))
                .seniority("Vice President")
        });
        // Repeats, a non-decision maker and an empty target add nothing.
        events.push(
            ev("2026-03-02", "u1", "lead_saved")
                .target("p0")
                .seniority("VP"),
        );
        events.push(
            ev("2026-03-02", "u1", "lead_saved")
                .target("x")
                .seniority("Manager"),
        );
        events.push(ev("2026-03-02", "u1", "lead_saved").seniority("CXO"));
        events
    };
    assert_eq!(practices(buyers(25))[2], 25);
    assert_eq!(practices(buyers(24))[2], 24);
    let warm = vec![
        ev("2026-03-01", "u1", "profile_view")
            .target("w1")
            .relationship("2nd"),
        ev("2026-03-01", "u1", "lead_saved")
            .target("w2")
            .relationship("TeamLink"),
        ev("2026-03-01", "u1", "connection_request_sent")
            .target("w3")
            .relationship("same school"),
        ev("2026-03-01", "u1", "inmail_sent")
            .target("w4")
            .relationship("past-customer"),
        // Every message target is a warm path, whatever the relationship says.
        ev("2026-03-01", "u1", "message_sent")
            .target("w5")
            .relationship("3rd"),
        ev("2026-03-01", "u1", "profile_view")
            .target("cold")
            .relationship("3rd"),
        ev("2026-03-01", "u1", "search")
            .target("w6")
            .relationship("1st"),
    ];
    assert_eq!(practices(warm.clone())[3], 5);
    assert_eq!(practices(warm[1..].to_vec())[3], 4);
}

#[test]
fn buyers_ready_each_event_once() {
    let events = vec![
        ev("2026-03-01", "u1", "buyer_intent_view"),
        ev("2026-03-01", "u1", "search").filters("Buyer Intent;Headcount Growth"),
        ev("2026-03-01", "u1", "search").filters("department headcount growth"),
        ev("2026-03-01", "u1", "search").filters("category_interest"),
        ev("2026-03-01", "u1", "alert_engaged")
            .alert_type("buyer intent")
            .sentiment("positive"),
        ev("2026-03-01", "u1", "alert_engaged")
            .alert_type("buyer_intent")
            .sentiment("negative"),
        ev("2026-03-01", "u1", "alert_engaged")
            .alert_type("news")
            .sentiment("positive"),
        ev("2026-03-01", "u1", "search").filters("seniority"),
    ];
    assert_eq!(practices(events)[4], 5);
}

#[test]
fn saved_state_follows_the_order_of_time_then_file_position() {
    // Equal timestamps: the view written after the save is about a saved target,
    // the one written before is not; after the unsave, nothing is.
    let events = vec![
        ev("2026-03-01T10:00:00Z", "u1", "profile_view").target("p1"),
        ev("2026-03-01T10:00:00Z", "u1", "lead_saved")
            .target("p1")
            .account("a1"),
        ev("2026-03-01T10:00:00Z", "u1", "profile_view").target("p1"),
        ev("2026-03-02T10:00:00Z", "u1", "lead_unsaved").target("p1"),
        ev("2026-03-02T10:00:00Z", "u1", "profile_view").target("p1"),
        // An earlier time written later in the file still comes first.
        ev("2026-03-03T10:00:00Z", "u1", "account_page_view").target("a2"),
        ev("2026-03-03T09:00:00Z", "u1", "account_saved").target("a2"),
        // A lead's account saved makes the lead's events about a saved target.
        ev("2026-03-04T10:00:00Z", "u1", "profile_view")
            .target("p9")
            .account("a2"),
        ev("2026-03-05T10:00:00Z", "u1", "account_unsaved").target("a2"),
        ev("2026-03-05T11:00:00Z", "u1", "profile_view")
            .target("p9")
            .account("a2"),
    ];
    // Customer insights: the view after the save, the page view of a2 and p9's first view.
    assert_eq!(practices(events)[7], 3);
}

#[test]
fn personalize_outreach_rules() {
    let events = vec![
        ev("2026-01-01", "u1", "lead_saved")
            .target("p1")
            .account("a1"),
        // (a) engaging with a saved target's post.
        ev("2026-03-01", "u1", "post_engagement").target("p1"),
        // (b) outreach to a warm path.
        ev("2026-03-01", "u1", "inmail_sent")
            .target("cold")
            .relationship("1st"),
        // (c) outreach about a saved target researched within 90 days before,
        //     the research later the same day counts too.
        ev("2026-03-10T10:00:00Z", "u1", "inmail_sent")
            .target("p1")
            .account("a1"),
        ev("2026-03-10T18:00:00Z", "u1", "account_iq_view").target("a1"),
        // Outreach about p1 whose account a1 was researched on 2026-03-10.
        ev("2026-03-20", "u1", "inmail_sent")
            .target("p1")
            .account("a1"),
        // Outreach about a saved target without research: not counted.
        ev("2026-03-21", "u1", "inmail_sent")
            .target("p2")
            .account("a9"),
    ];
    // (a) 1 + (b) 1 + (c) the sends of 2026-03-10 and 2026-03-20.
    assert_eq!(practices(events)[5], 4);
    // The research must fall within [d − 90, d].
    let old = vec![
        ev("2026-01-01T08:00:00Z", "u1", "lead_saved").target("p1"),
        ev("2026-01-01T09:00:00Z", "u1", "profile_view").target("p1"),
        ev("2026-04-01", "u1", "inmail_sent").target("p1"),
    ];
    let mut index_fixture = fixture(&[seat("u1")], old.clone());
    index_fixture.as_of = Some("2026-04-01");
    // 2026-04-01 − 90 = 2026-01-01: the research counts.
    assert_eq!(figures(&index_fixture.index(), "u1").practice_counts[5], 1);
    let mut later = old;
    later[2] = ev("2026-04-02", "u1", "inmail_sent").target("p1");
    let mut later_fixture = fixture(&[seat("u1")], later);
    later_fixture.as_of = Some("2026-04-02");
    assert_eq!(figures(&later_fixture.index(), "u1").practice_counts[5], 0);
}

#[test]
fn stay_up_to_date_within_seven_days_of_an_alert() {
    let events = vec![
        ev("2026-03-01", "u1", "alert_displayed").target("p1"),
        ev("2026-03-08", "u1", "profile_view").target("p1"),
        ev("2026-03-09", "u1", "profile_view").target("p1"),
        ev("2026-03-09", "u1", "account_page_view").target("p2"),
        ev("2026-03-10", "u1", "alert_engaged").sentiment("positive"),
        // An alert shown later the same day counts ("whatever their time").
        ev("2026-03-12T08:00:00Z", "u1", "account_page_view").target("a5"),
        ev("2026-03-12T20:00:00Z", "u1", "alert_displayed").target("a5"),
    ];
    assert_eq!(practices(events)[6], 3);
}

#[test]
fn multithreading_half_rule() {
    let saved_account = |account: &str| ev("2026-02-01", "u1", "account_saved").target(account);
    let lead = |lead: &str, account: &str| {
        ev("2026-02-02", "u1", "lead_saved")
            .target(lead)
            .account(account)
    };
    // a1 has 3 leads, a2 has 1: 2 × 1 ≥ 2, met.
    let mut events = vec![
        saved_account("a1"),
        saved_account("a2"),
        saved_account("a3"),
        lead("p1", "a1"),
        lead("p2", "a1"),
        lead("p3", "a1"),
        lead("p4", "a2"),
    ];
    let met =
        |events: Vec<Ev>| figures(&fixture(&[seat("u1")], events).index(), "u1").multithreading;
    assert!(met(events.clone())[0]);
    // A third account with one lead: 2 × 1 < 3, not met.
    events.push(lead("p5", "a3"));
    assert!(!met(events.clone())[0]);
    // Unsaving a3's lead brings it back; a lead's account is its latest save's.
    events.push(ev("2026-02-03", "u1", "lead_unsaved").target("p5"));
    assert!(met(events.clone())[0]);
    // Nothing saved: not met.
    assert!(!met(vec![])[0]);
    // Connections: distinct targets per saved account.
    let connection = |person: &str, account: &str| {
        ev("2026-03-01", "u1", "connection_accepted")
            .target(person)
            .account(account)
    };
    let connections = vec![
        saved_account("a1"),
        saved_account("a2"),
        connection("c1", "a1"),
        connection("c2", "a1"),
        connection("c2", "a1"),
        connection("c3", "a2"),
    ];
    // a1 has 2, a2 has 1: no account with 3 → 0 < 2, not met.
    assert!(!met(connections.clone())[1]);
    let mut more = connections;
    more.push(connection("c4", "a1"));
    assert!(met(more)[1]);
}

#[test]
fn team_averages_are_over_active_users_and_connections_are_unique() {
    let index = fixture(
        &[seat("u1"), seat("u2"), seat("u3")],
        vec![
            ev("2026-03-02", "u1", "search"),
            ev("2026-03-03", "u1", "search"),
            ev("2026-03-03", "u1", "connection_accepted").target("p1"),
            ev("2026-03-04", "u2", "search"),
            ev("2026-03-04", "u2", "connection_accepted").target("p1"),
            ev("2026-03-04", "u2", "connection_accepted").target("p2"),
            // u3 only had a passive event: not active.
            ev("2026-03-04", "u3", "connection_accepted").target("p3"),
        ],
    )
    .index();
    let report = index
        .report(&Controls {
            range: range(MARCH),
            ..Controls::default()
        })
        .unwrap();
    assert_eq!(report.team.active_users, 2);
    assert_eq!(report.team.totals[1], 3);
    assert_eq!(
        report.team.average(Metric::Searches).as_deref(),
        Some("1.5000")
    );
    assert_eq!(
        report.team.average(Metric::DaysActive).as_deref(),
        Some("1.5000")
    );
    assert_eq!(report.team.totals[9], 3);
    assert_eq!(report.team.unique_connections, 2);
    assert_eq!(report.team.activated, 3);
}

#[test]
fn each_week_of_a_trend_is_the_report_of_that_week() {
    let index = fixture(
        &[seat("u1"), seat("u2")],
        vec![
            // Week 1 (from Monday 2026-03-02): u1 on two days, u2 on one.
            ev("2026-03-02", "u1", "search"),
            ev("2026-03-04", "u1", "search"),
            ev("2026-03-08", "u2", "search"),
            ev("2026-03-03", "u1", "inmail_sent").message("m1"),
            ev("2026-03-03", "u1", "inmail_sent").message("m2"),
            ev("2026-03-05", "u1", "inmail_accepted").message("m1"),
            // Week 2: nobody. Week 3 (three days, the range ends on 2026-03-18): u2.
            ev("2026-03-17", "u2", "search"),
        ],
    )
    .index();
    let controls = Controls::default();
    let range = range("2026-03-02..2026-03-18")
        .resolve(day("2026-03-31"))
        .unwrap();
    let weeks = index.weekly(&controls, range);
    let spans: Vec<(String, String)> = weeks
        .iter()
        .map(|week| (format_day(week.days.start), format_day(week.days.end)))
        .collect();
    assert_eq!(
        spans,
        [
            ("2026-03-02", "2026-03-08"),
            ("2026-03-09", "2026-03-15"),
            ("2026-03-16", "2026-03-18")
        ]
        .map(|(start, end)| (start.to_string(), end.to_string()))
    );
    // Distinct users per week, not user-days.
    assert_eq!(
        weeks
            .iter()
            .map(|week| week.active_users)
            .collect::<Vec<_>>(),
        [2, 0, 1]
    );
    assert_eq!(weeks[0].inmail_acceptance_rate, Some(0.5));
    assert_eq!(weeks[1].inmail_acceptance_rate, None);
    // Each week equals the report of that week, under the same filters.
    let only_u2 = Controls {
        users: vec!["u2".into()],
        ..Controls::default()
    };
    for week in index.weekly(&only_u2, range) {
        let report = index.report_in(&only_u2, week.days);
        assert_eq!(week.active_users, report.team.active_users);
    }
}

#[test]
fn seats_statuses_filters_and_purchased_seats() {
    let seats = vec![
        seat("u1"),
        "S-2,u2,Rep 2,u2@example.com,West; EAST ,,,Pending,2026-03-01,,,,,,,,".to_string(),
        "S-3,,,,,,,Available,,,,,,,,,".to_string(),
        // Assigned, no status, no activation date: invited.
        "S-4,u4,Rep 4,,West,,,,2026-03-28,,,,,,,,".to_string(),
        // Status activated and assigned without a date: activated.
        "S-5,u5,Rep 5,,West,,,Active,,,,,,,,,".to_string(),
    ];
    let index = fixture(&seats, vec![ev("2026-03-02", "u5", "search")]).index();
    let statuses: Vec<SeatStatus> = index.seats.iter().map(|seat| seat.status).collect();
    use SeatStatus::*;
    assert_eq!(
        statuses,
        vec![Activated, Invited, Unassigned, Invited, Activated]
    );
    let report = |controls: Controls| index.report(&controls).unwrap().team;
    let all = report(Controls {
        purchased_seats: Some(10),
        ..Controls::default()
    });
    assert_eq!((all.purchased, all.assigned, all.activated), (10, 4, 2));
    assert_eq!(all.assignment_rate().as_deref(), Some("0.4000"));
    assert_eq!(all.activation_rate().as_deref(), Some("0.5000"));
    // Invited more than a week before as_of: S-2 (30 days), not S-4 (3 days).
    assert_eq!(all.pending_invitations, vec![1]);
    let east = report(Controls {
        groups: vec!["east".into()],
        purchased_seats: Some(10),
        ..Controls::default()
    });
    assert_eq!((east.purchased, east.assigned, east.activated), (2, 2, 1));
    // A group over the team's resolved days (the page's per-group comparison)
    // is the same report, even when the snapped range passes as_of.
    let team = index
        .report(&Controls {
            range: range("last-90"),
            ..Controls::default()
        })
        .unwrap();
    assert!(team.range.end > index.as_of);
    let east_controls = Controls {
        groups: vec!["EAST".into()],
        ..Controls::default()
    };
    let alone = index.report_in(&east_controls, team.range);
    assert_eq!(alone.range, team.range);
    assert_eq!(
        alone,
        index
            .report(&Controls {
                range: range("last-90"),
                ..east_controls
            })
            .unwrap()
    );
    let both = report(Controls {
        groups: vec!["West".into()],
        users: vec!["u5".into(), "u1".into()],
        ..Controls::default()
    });
    assert_eq!(
        (both.purchased, both.activated, both.active_users),
        (1, 1, 1)
    );
    // An empty team's rates are undefined.
    let nobody = report(Controls {
        users: vec!["nobody".into()],
        ..Controls::default()
    });
    assert_eq!(nobody.assignment_rate(), None);
}

#[test]
fn time_zone_decides_the_day() {
    let events = vec![
        ev("2026-03-01T23:30:00Z", "u1", "search"),
        ev("2026-03-02T03:00:00Z", "u1", "search"),
        // A date without a time is that day in any zone.
        ev("2026-03-05T00:00:00Z", "u1", "profile_view"),
    ];
    let mut zoned = fixture(&[seat("u1")], events);
    let utc = zoned.index();
    assert_eq!(
        metric(&utc, "u1", "days_active", "2026-03-01..2026-03-01"),
        1
    );
    zoned.zone = "+05:30".parse().unwrap();
    let east = zoned.index();
    assert_eq!(
        metric(&east, "u1", "days_active", "2026-03-01..2026-03-01"),
        0
    );
    assert_eq!(metric(&east, "u1", "searches", "2026-03-02..2026-03-02"), 2);
    assert_eq!(
        metric(&east, "u1", "profile_views", "2026-03-05..2026-03-05"),
        1
    );
    zoned.zone = "America/New_York".parse().unwrap();
    let west = zoned.index();
    assert_eq!(metric(&west, "u1", "searches", "2026-03-01..2026-03-01"), 2);
    assert_eq!(
        metric(&west, "u1", "profile_views", "2026-03-05..2026-03-05"),
        1
    );
    // The as-of date from the data is the latest day in the zone.
    zoned.as_of = None;
    zoned.events = vec![ev("2026-03-31T22:00:00Z", "u1", "search")];
    zoned.zone = "Europe/Paris".parse().unwrap();
    assert_eq!(format_day(zoned.index().as_of), "2026-04-01");
    zoned.events.clear();
    let seats = read_test_csv(&zoned.seats, SourceKind::Seats);
    let activity = read_test_csv(&activity_csv(&[]), SourceKind::Activity);
    let built = UsageIndex::build(UsageInputs {
        seats: &seats,
        activity: &activity,
        opportunities: None,
        zone: Zone::Utc,
        as_of: None,
    });
    assert_eq!(built.err(), Some(UsageError::NoAsOf));
    assert!("Mars/Olympus".parse::<Zone>().is_err());
    assert_eq!("-08:00".parse::<Zone>().unwrap().to_string(), "-08:00");
}

#[test]
fn roi_counts_won_deals_and_the_ninety_day_window() {
    let mut setup = fixture(
        &[seat("u1"), seat("u2")],
        vec![
            ev("2026-01-01", "u1", "account_page_view").target("A1"),
            ev("2026-01-01", "u1", "profile_view")
                .target("p7")
                .account("A2"),
            // Passive events never influence.
            ev("2026-03-01", "u2", "connection_accepted")
                .target("p8")
                .account("A3"),
        ],
    );
    setup.opportunities = Some(
        "Opportunity ID,Account ID,Owner,Amount,Stage,Close Date,Won\n\
         o1,A1,rep u1,1000.50,Closed Won,2026-04-01,\n\
         o2,A2,U1@example.com,200,Negotiation,2026-04-02,true\n\
         o3,A3,Rep u2,300,Closed Won,2026-03-15,\n\
         o4,A4,Someone Else,500,closed won,2026-03-20,\n\
         o5,A1,rep u1,700,Closed Won,2026-03-20,false\n\
         o6,A1,rep u1,,Closed Won,2026-03-25,\n"
            .into(),
    );
    setup.as_of = Some("2026-04-02");
    let index = setup.index();
    let report = index
        .report(&Controls {
            range: range("2026-03-01..2026-04-02"),
            ..Controls::default()
        })
        .unwrap();
    let (team, per_owner) = report.team.roi.clone().unwrap();
    // o1: close 2026-04-01, touched 2026-01-01 = 90 days before: influenced.
    // o2: close 2026-04-02, 91 days after the touch: not influenced.
    // o6: no amount, counted, influenced (A1 within 90 days of 2026-03-25).
    assert_eq!((team.won, team.influenced), (5, 2));
    assert_eq!(super::numbers::micros_text(team.won_micros, 2), "2000.50");
    assert_eq!(
        super::numbers::micros_text(team.influenced_micros, 2),
        "1000.50"
    );
    assert_eq!(team.influenced_share().as_deref(), Some("0.5001"));
    assert_eq!(per_owner["u1"].won, 3);
    assert_eq!(per_owner["Someone Else"].won, 1);
    // With a filter, only the deals of seats that pass it.
    let filtered = index
        .report(&Controls {
            range: range("2026-03-01..2026-04-02"),
            users: vec!["u2".into()],
            ..Controls::default()
        })
        .unwrap();
    assert_eq!(filtered.team.roi.unwrap().0.won, 1);
}

#[test]
fn the_export_has_every_seat_in_code_point_order() {
    let seats = vec![
        seat("b"),
        "S-a,,,,,,,unassigned,,,,71.00,20.5,15,10.005,25,".to_string(),
        "S-B,=cmd,Rep,,East;;West ,,,invited,,,,,,,,,".to_string(),
    ];
    let index = fixture(
        &seats,
        vec![
            ev("2026-03-02", "b", "inmail_sent").message("m"),
            ev("2026-03-02", "b", "sales_assistant_feedback").feedback("Good Fit"),
            ev("2026-03-03", "b", "sales_assistant_feedback").feedback("not a fit"),
            ev("2026-03-03", "b", "sales_assistant_feedback").feedback("good_fit"),
        ],
    )
    .index();
    let report = index
        .report(&Controls {
            range: range(MARCH),
            ..Controls::default()
        })
        .unwrap();
    let csv = crate::engine::export::csv_text(
        report.export_file(crate::engine::export::ExportFormat::Comma),
    );
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0].split(',').count(), 41);
    assert!(lines[0].starts_with(
        "seat_id,user_id,name,email,groups,job_function,title,status,coach_level,days_active,"
    ));
    assert!(lines[0].ends_with("bp_multithread_leads,bp_multithread_connections"));
    // "S-B" < "S-a" < "S-b" in code points.
    assert!(
        lines[1].starts_with("S-B,'=cmd,Rep,,\"East;West\",,,invited,,,"),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        "S-a,,,,,,,unassigned,,,,,,,,,,,,,,,,,,,71.00,20.50,15.00,10.01,25.00,,,,,,,,,,"
    );
    assert_eq!(
        lines[3],
        "S-b,b,Rep b,b@example.com,East,Sales,Account Executive,activated,Beginner,2,0,0,0,0,0,1,0,0.0000,0,0,2026-03-03,,2,0.6667,0,0,,,,,,0,0,0,0,0,0,0,0,false,false"
    );
    assert_eq!(lines[4], "");
}

#[test]
fn the_summary_has_the_shape_of_usage_md() {
    let mut setup = fixture(&[seat("u1")], vec![ev("2026-03-18", "u1", "search")]);
    setup.as_of = None;
    let index = setup.index();
    let report = index
        .report(&Controls {
            range: range("last-90"),
            ..Controls::default()
        })
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&report.summary_json()).unwrap();
    assert_eq!(json["as_of"], "2026-03-18");
    assert_eq!(
        json["range"]["requested"],
        serde_json::json!(["2025-12-19", "2026-03-18"])
    );
    assert_eq!(
        json["range"]["snapped"],
        serde_json::json!(["2025-12-15", "2026-03-22"])
    );
    assert_eq!(json["seats"]["purchased"], 1);
    assert_eq!(json["seats"]["activation_rate"], "1.0000");
    assert_eq!(json["coach_levels"]["Beginner"], 1);
    assert_eq!(json["metrics"]["searches"]["total"], 1);
    assert_eq!(json["metrics"]["searches"]["average"], "1.0000");
    assert_eq!(json["metrics"].as_object().unwrap().len(), 10);
    assert_eq!(json["team_inmail_acceptance_rate"], serde_json::Value::Null);
    assert_eq!(json["best_practices"]["bp_book_of_business"], "0.0000");
    assert!(json.get("roi").is_none());
}

#[test]
fn other_actions_are_shown_make_a_day_active_and_count_toward_nothing_else() {
    let index = fixture(
        &[seat("u1")],
        vec![
            ev("2026-03-02", "u1", "Smart Link Sent"),
            ev("2026-03-03", "u1", "smart-link-sent"),
        ],
    )
    .index();
    let report = index
        .report(&Controls {
            range: range(MARCH),
            ..Controls::default()
        })
        .unwrap();
    assert_eq!(report.team.other_actions.get("smart_link_sent"), Some(&2));
    assert_eq!(report.team.active_users, 1);
    assert_eq!(metric(&index, "u1", "days_active", MARCH), 2);
    assert_eq!(figures(&index, "u1").last_active, Some(day("2026-03-03")));
    for other in Metric::ALL[1..].iter().map(|metric| metric.column()) {
        assert_eq!(metric(&index, "u1", other, MARCH), 0, "{other}");
    }
    assert_eq!(figures(&index, "u1").coach_points, 0);
    assert!(report.team.adoption.did.iter().all(|users| *users == 0));
}

/// The case that showed the difference: a seat whose only event on a day is an
/// action the vocabulary does not know, just after midnight.
#[test]
fn a_day_whose_only_event_is_an_unknown_action_is_a_day_active() {
    let mut events: Vec<Ev> = (0..10)
        .map(|offset| ev(&format!("2026-02-{:02}", 25 + offset % 4), "u1", "search"))
        .collect();
    events.extend((1..=6).map(|date| ev(&format!("2026-03-{date:02}"), "u1", "profile_view")));
    events.push(ev("2026-03-07T00:01:49Z", "u1", "CRM Sync"));
    let mut fixture = fixture(&[seat("u1")], events);
    fixture.as_of = Some("2026-03-08");
    let index = fixture.index();
    // 25-28 February and 1-6 March: 10 days; 7 March makes it 11.
    assert_eq!(metric(&index, "u1", "days_active", "last-30"), 11);
    assert_eq!(figures(&index, "u1").last_active, Some(day("2026-03-07")));
    let report = index
        .report(&Controls {
            range: range("last-30"),
            ..Controls::default()
        })
        .unwrap();
    let exported = crate::engine::export::csv_text(
        report.export_file(crate::engine::export::ExportFormat::Comma),
    );
    let header: Vec<&str> = exported.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = exported.lines().nth(1).unwrap().split(',').collect();
    let cell = |name: &str| row[header.iter().position(|column| *column == name).unwrap()];
    assert_eq!(cell("days_active"), "11");
    assert_eq!(cell("last_active"), "2026-03-07");
    let daily = index.daily_series(&report);
    assert_eq!(
        daily.active_users[(day("2026-03-07") - daily.start) as usize],
        1
    );
}

#[test]
fn an_unknown_action_follows_the_opt_out_and_a_passive_one_never_counts() {
    let opted_out = seat("u2").replace(",true,", ",false,");
    let index = fixture(
        &[seat("u1"), opted_out],
        vec![
            ev("2026-03-02", "u1", "connection_accepted").target("p1"),
            ev("2026-03-03", "u2", "list_shared").surface("linkedin"),
            ev("2026-03-04", "u2", "list_shared"),
        ],
    )
    .index();
    assert_eq!(metric(&index, "u1", "days_active", MARCH), 0);
    assert_eq!(figures(&index, "u1").last_active, None);
    assert_eq!(metric(&index, "u2", "days_active", MARCH), 1);
    assert_eq!(figures(&index, "u2").last_active, Some(day("2026-03-04")));
}

/// The activity file an enterprise admin gets from the vendor's analytics
/// export: its five columns, its date form (month first, UTC) and its words.
const VENDOR_ACTIVITY: &str = "activityId,activityType,createdAt,seatId,memberIdentityKey
1,SEARCH_PERFORMED,03-02-2026 09:15:00,S-u1,
2,SEARCH_PERFORMED,03-02-2026 17:40:12,S-u1,
3,PROFILE_VIEWED,03-03-2026 10:00:00,S-u1,urn:li:member:101
4,PROFILE_VIEW,03-03-2026 10:05:00,S-u1,urn:li:member:102
5,SAVED_LEAD,03-04-2026 11:00:00,S-u1,urn:li:member:101
6,SAVED_ACCOUNT,03-04-2026 11:30:00,S-u1,
7,INMAIL_SENT,03-05-2026 08:00:00,S-u1,urn:li:member:102
8,MESSAGE_SENT,03-05-2026 23:59:59,S-u1,urn:li:member:103
9,CONNECTION_MADE,03-06-2026 00:00:01,S-u1,urn:li:member:104
10,CONNECTION_MADE,03-09-2026 12:00:00,S-u1,urn:li:member:104
11,CONNECTION_MADE,03-09-2026 12:00:00,S-u2,urn:li:member:104
12,CRM_SYNC,03-10-2026 00:01:49,S-u2,
";

/// March up to the vendor file's last day.
const TO_AS_OF: &str = "2026-03-01..2026-03-10";

#[test]
fn the_vendors_analytics_export_reads_as_the_vocabulary() {
    let seats = read_test_csv(
        &format!("{SEATS_HEADER}\n{}\n{}\n", seat("u1"), seat("u2")),
        SourceKind::Seats,
    );
    let activity = read_test_csv(VENDOR_ACTIVITY, SourceKind::Activity);
    assert_eq!(activity.rows, 12, "every row accepted");
    assert!(activity.column("target_id").is_some(), "memberIdentityKey");
    let index = UsageIndex::build(UsageInputs {
        seats: &seats,
        activity: &activity,
        opportunities: None,
        zone: Zone::Utc,
        as_of: None,
    })
    .expect("an as-of date");
    assert_eq!(index.as_of, day("2026-03-10"), "the latest event's day");
    // Worked out by hand from the twelve rows above.
    let expected_u1 = [
        ("days_active", 4), // 2, 3, 4 and 5 March; connections are passive
        ("searches", 2),
        ("profile_views", 2),
        ("leads_saved", 1),
        ("accounts_saved", 1),
        ("lists_created", 0),
        ("inmails_sent", 1),
        ("inmails_accepted", 0),
        ("messages_sent", 1),
        ("connections", 1), // member 104 twice
    ];
    for (name, expected) in expected_u1 {
        assert_eq!(metric(&index, "u1", name, TO_AS_OF), expected, "u1 {name}");
    }
    assert_eq!(figures(&index, "u1").last_active, Some(day("2026-03-05")));
    // A lead saved, an account saved, an InMail sent: three coach points.
    assert_eq!(figures(&index, "u1").coach_points, 3);
    assert_eq!(metric(&index, "u2", "days_active", TO_AS_OF), 1);
    assert_eq!(metric(&index, "u2", "connections", TO_AS_OF), 1);
    assert_eq!(figures(&index, "u2").last_active, Some(day("2026-03-10")));
    let report = index
        .report(&Controls {
            range: range(TO_AS_OF),
            ..Controls::default()
        })
        .unwrap();
    assert_eq!(report.team.active_users, 2);
    assert_eq!(report.team.unique_connections, 1, "one person, two reps");
    assert_eq!(
        report.team.other_actions.keys().collect::<Vec<_>>(),
        vec!["crm_sync"]
    );
}

#[test]
fn suggested_accounts_are_engaged_and_not_saved() {
    let index = fixture(
        &[seat("u1")],
        vec![
            ev("2026-03-02", "u1", "account_page_view").target("A1"),
            ev("2026-03-02", "u1", "account_iq_view").target("A1"),
            ev("2026-03-03", "u1", "profile_view")
                .target("p1")
                .account("A2"),
            ev("2026-03-04", "u1", "account_page_view").target("A3"),
            ev("2026-03-05", "u1", "account_saved").target("A3"),
        ],
    )
    .index();
    let seat = index
        .seats
        .iter()
        .position(|seat| seat.user_id.as_deref() == Some("u1"))
        .unwrap();
    assert_eq!(
        index.suggested_accounts(seat, day("2026-03-01"), day("2026-03-31")),
        vec![("A1", 2), ("A2", 1)]
    );
}

#[test]
fn daily_series_add_up_to_the_users_counts() {
    let index = fixture(
        &[seat("u1"), seat("u2")],
        vec![
            ev("2026-03-02", "u1", "search"),
            ev("2026-03-02", "u1", "search"),
            ev("2026-03-02", "u2", "lead_saved").target("p1"),
            ev("2026-03-05", "u2", "connection_accepted").target("p2"),
            ev("2026-03-09", "u1", "inmail_sent").message("m"),
            ev("2026-03-10", "u1", "inmail_accepted").message("m"),
        ],
    )
    .index();
    let report = index
        .report(&Controls {
            range: range(MARCH),
            ..Controls::default()
        })
        .unwrap();
    let daily = index.daily_series(&report);
    let at = |date: &str| (day(date) - daily.start) as usize;
    assert_eq!(daily.active_users[at("2026-03-02")], 2);
    assert_eq!(daily.metrics[1][at("2026-03-02")], 2);
    assert_eq!(daily.metrics[9][at("2026-03-05")], 1);
    // An acceptance counts on its send's day.
    assert_eq!(daily.metrics[7][at("2026-03-09")], 1);
    for (metric, name) in Metric::ALL.iter().map(|metric| metric.column()).enumerate() {
        let per_user: u64 = report
            .seats
            .iter()
            .filter_map(|seat| seat.metrics.as_ref())
            .map(|metrics| metrics.counts[metric])
            .sum();
        assert_eq!(
            daily.metrics[metric].iter().sum::<u64>(),
            per_user,
            "{name}"
        );
    }
    assert_eq!(index.group_names(), vec!["East".to_string()]);
}

#[test]
fn each_practice_is_met_at_its_threshold_and_not_one_below() {
    use super::index::SeatFigures;
    let thresholds: Vec<u32> = Practice::ALL[..COUNTED_PRACTICES]
        .iter()
        .map(|practice| practice.threshold().unwrap())
        .collect();
    for (practice, threshold) in thresholds.iter().enumerate() {
        let mut figures = SeatFigures::default();
        figures.practice_counts[practice] = *threshold;
        assert!(
            figures.practices_met()[practice],
            "{:?}",
            Practice::ALL[practice]
        );
        figures.practice_counts[practice] -= 1;
        assert!(
            !figures.practices_met()[practice],
            "{:?}",
            Practice::ALL[practice]
        );
    }
    assert_eq!(thresholds, [25, 40, 25, 5, 5, 10, 10, 90]);
    // Personalize outreach (10), stay up-to-date (10) and customer insights
    // (90) from real logs at their thresholds and one below.
    let saved = |n: usize| ev("2026-01-02", "u1", "lead_saved").target(&format!("p{n}"));
    let personalized = |count: usize| {
        repeat(count, |n| {
            ev("2026-03-01", "u1", "message_sent").target(&format!("w{n}"))
        })
    };
    assert!(figures_of(personalized(10)).practices_met()[5]);
    assert!(!figures_of(personalized(9)).practices_met()[5]);
    let up_to_date = |count: usize| {
        repeat(count, |_| {
            ev("2026-03-01", "u1", "alert_engaged").sentiment("positive")
        })
    };
    assert!(figures_of(up_to_date(10)).practices_met()[6]);
    assert!(!figures_of(up_to_date(9)).practices_met()[6]);
    let insights = |count: usize| {
        let mut events = vec![saved(0)];
        events.extend(repeat(count, |_| {
            ev("2026-03-01", "u1", "profile_view").target("p0")
        }));
        events
    };
    assert!(figures_of(insights(90)).practices_met()[7]);
    assert!(!figures_of(insights(89)).practices_met()[7]);
    let ready = |count: usize| repeat(count, |_| ev("2026-03-01", "u1", "buyer_intent_view"));
    assert!(figures_of(ready(5)).practices_met()[4]);
    assert!(!figures_of(ready(4)).practices_met()[4]);
}

fn figures_of(events: Vec<Ev>) -> super::index::SeatFigures {
    figures(&fixture(&[seat("u1")], events).index(), "u1")
}

/// Days active, last active and the counts the vendor's words feed, worked
/// out from the raw events by the contract's words alone, against the index,
/// on random logs mixing the vocabulary's names, the vendor's names, unknown
/// and passive actions, both surfaces and a user who opted out.
#[test]
fn mixed_logs_agree_with_the_contract_seat_by_seat() {
    use crate::engine::rng::Rng;
    use std::collections::BTreeSet;
    // (as written, what it is read as: None for an action outside the vocabulary)
    const WORDS: [(&str, Option<&str>); 12] = [
        ("search", Some("search")),
        ("SEARCH_PERFORMED", Some("search")),
        ("Profile Viewed", Some("profile_view")),
        ("PROFILE_VIEW", Some("profile_view")),
        ("saved-lead", Some("lead_saved")),
        ("SAVED_ACCOUNT", Some("account_saved")),
        ("CONNECTION_MADE", Some("connection_accepted")),
        ("inmail_accepted", Some("inmail_accepted")),
        ("alert displayed", Some("alert_displayed")),
        ("CRM Sync", None),
        ("teamlink-intro-requested", None),
        ("export_to_crm", None),
    ];
    let passive = |read: Option<&str>| {
        matches!(
            read,
            Some("connection_accepted" | "inmail_accepted" | "alert_displayed")
        )
    };
    for seed in 0..8 {
        let mut rng = Rng::new(seed, 17);
        let users = ["u1", "u2", "u3", "u4"];
        // u4 opted out of tracking on the main site.
        let seats: Vec<String> = users
            .iter()
            .map(|user| {
                let row = seat(user);
                if *user == "u4" {
                    row.replace(",true,", ",false,")
                } else {
                    row
                }
            })
            .collect();
        let mut events = Vec::new();
        let mut written = Vec::new();
        for _ in 0..300 {
            let user = *rng.pick(&users);
            let (word, read) = *rng.pick(&WORDS);
            // 1 February to 31 March, the fixture's as-of date.
            let date = day("2026-02-01") + rng.range(0, 58) as i32;
            let linkedin = rng.chance(0.3);
            let time = format!(
                "{}T{:02}:{:02}:00Z",
                format_day(date),
                rng.range(0, 23),
                rng.range(0, 59)
            );
            let mut event = ev(&time, user, word).target(&format!("p{}", rng.below(20)));
            if linkedin {
                event = event.surface("linkedin");
            }
            events.push(event);
            written.push((user, read, date, linkedin));
        }
        let index = fixture(&seats, events).index();
        let (start, end) = (day("2026-03-02"), day("2026-03-31"));
        for user in users {
            let tracked = |linkedin: bool| !(user == "u4" && linkedin);
            let mine: Vec<_> = written.iter().filter(|event| event.0 == user).collect();
            let active_days: BTreeSet<i32> = mine
                .iter()
                .filter(|event| !passive(event.1) && tracked(event.3))
                .map(|event| event.2)
                .collect();
            let in_range = active_days.range(start..=end).count() as u64;
            let count = |action: &str, opt_out_applies: bool| {
                mine.iter()
                    .filter(|event| {
                        event.1 == Some(action)
                            && (start..=end).contains(&event.2)
                            && (!opt_out_applies || tracked(event.3))
                    })
                    .count() as u64
            };
            assert_eq!(
                metric(&index, user, "days_active", "last-30"),
                in_range,
                "seed {seed} {user}"
            );
            assert_eq!(
                figures(&index, user).last_active,
                active_days.last().copied(),
                "seed {seed} {user}"
            );
            assert_eq!(
                metric(&index, user, "searches", "last-30"),
                count("search", true)
            );
            assert_eq!(
                metric(&index, user, "profile_views", "last-30"),
                count("profile_view", true)
            );
            assert_eq!(
                metric(&index, user, "leads_saved", "last-30"),
                count("lead_saved", false)
            );
            assert_eq!(
                metric(&index, user, "accounts_saved", "last-30"),
                count("account_saved", false)
            );
        }
    }
}

#[test]
fn deals_naming_their_company_are_placed_at_the_accounts_and_can_be_influenced() {
    let setup = fixture(
        &[seat("u1")],
        vec![ev("2026-03-01", "u1", "account_page_view").target("A1")],
    );
    let seats = read_test_csv(&setup.seats, SourceKind::Seats);
    let activity = read_test_csv(&activity_csv(&setup.events), SourceKind::Activity);
    // A HubSpot deals export: the company's name, no account id.
    let deals = read_test_csv(
        "Deal Name,Associated Company,Deal owner,Amount,Deal Stage,Close Date\n\
         Renewal,Acme Corp.,rep u1,1000,Closed Won,2026-03-20\n\
         Upsell,Nowhere Ltd,rep u1,500,Closed Won,2026-03-21\n",
        SourceKind::Opportunities,
    );
    let accounts = read_test_csv(
        "Account ID,Account Name\nA1,Acme Corporation\nA2,Initech\n",
        SourceKind::Accounts,
    );
    let roi = |opportunities: &crate::engine::ingest::table::Table| {
        let index = UsageIndex::build(UsageInputs {
            seats: &seats,
            activity: &activity,
            opportunities: Some(opportunities),
            zone: Zone::Utc,
            as_of: Some(day("2026-03-31")),
        })
        .unwrap();
        let report = index
            .report(&Controls {
                range: range("2026-03-01..2026-03-31"),
                ..Controls::default()
            })
            .unwrap();
        let (team, _) = report.team.roi.unwrap();
        (team.won, team.influenced)
    };
    assert_eq!(
        roi(&deals),
        (2, 0),
        "unplaced, a deal influences no account"
    );
    let placed = crate::engine::links::place_records(
        &deals,
        None,
        &accounts,
        crate::engine::matching::outcome::DEFAULT_THRESHOLD,
        None,
    );
    assert_eq!(
        placed.links.summary(),
        "placed 0 by id, 0 by LinkedIn page, 0 by domain, 1 by name; 1 unplaced"
    );
    assert_eq!(
        roi(&placed.table),
        (2, 1),
        "the Acme deal, touched on 2026-03-01"
    );
}
