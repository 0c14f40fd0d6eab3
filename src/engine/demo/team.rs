//! The sales team: its seats and its activity log (every event on a lead or
//! an account of the seat's own book, in the vendor's mixed spellings).

use super::*;

impl Demo {
    pub(super) fn seat(&self, index: u64) -> Seat {
        let mut rng = Rng::new(self.seed, stream(TAG_SEAT, index));
        let draw = rng.unit();
        // The first twelve seats are the account owners: always activated.
        let status = if index < 12 || draw < 0.78 {
            SeatStatus::Activated
        } else if draw < 0.9 {
            SeatStatus::Invited
        } else {
            SeatStatus::Unassigned
        };
        let first = FIRST_NAMES[(index % FIRST_NAMES.len() as u64) as usize];
        let last = LAST_NAMES
            [((index / FIRST_NAMES.len() as u64 + index * 7) % LAST_NAMES.len() as u64) as usize];
        let combos = (FIRST_NAMES.len() * LAST_NAMES.len()) as u64;
        let number = if index >= combos {
            (index / combos).to_string()
        } else {
            String::new()
        };
        let email = format!(
            "{}.{}{}@example.com",
            ascii_fold(first),
            ascii_fold(last),
            number
        );
        let activity = match status {
            SeatStatus::Activated => 0.2 + 2.8 * rng.unit().powi(2),
            SeatStatus::Invited => 0.05,
            SeatStatus::Unassigned => 0.0,
        };
        Seat {
            index,
            status,
            name: format!("{first} {last}"),
            email,
            activity,
        }
    }

    pub(super) fn write_seats(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "Seat ID",
            "Email",
            "Name",
            "Groups",
            "Title",
            "Function",
            "Status",
            "Invited At",
            "Activated At",
            "LinkedIn Tracking",
            "SSI",
            "Create a Professional Brand",
            "Find the Right People",
            "Engage with Insights",
            "Build Strong Relationships",
            "Sales Assistant Setup",
        ])?;
        for index in 0..self.spec.seats {
            let seat = self.seat(index);
            let mut rng = Rng::new(self.seed, stream(TAG_FILE, 7_000_000 + index));
            let invited = self.as_of - Duration::days(rng.range(30, 700));
            let activated = invited + Duration::days(rng.range(0, 20));
            let day = |date: NaiveDate| date.format("%Y-%m-%d").to_string();
            let status = match seat.status {
                SeatStatus::Activated => {
                    *rng.pick(&["Activated", "active", "Onboarded", "ACTIVATED"])
                }
                SeatStatus::Invited => *rng.pick(&["Invited", "Pending"]),
                SeatStatus::Unassigned => *rng.pick(&["Unassigned", "Available", "Revoked"]),
            };
            let assigned = seat.status != SeatStatus::Unassigned;
            let groups = if assigned {
                let first = rng.pick(SALES_GROUPS);
                if rng.chance(0.5) {
                    format!("{first}; {}", rng.pick(SALES_GROUPS))
                } else {
                    first.to_string()
                }
            } else {
                String::new()
            };
            let pillars: Vec<f64> = (0..4)
                .map(|_| (rng.unit() * 25.0 * 100.0).round() / 100.0)
                .collect();
            let mut total: f64 = pillars.iter().sum();
            if rng.chance(0.05) {
                total += 3.0; // An inconsistent SSI row, as real exports sometimes have.
            }
            let has_ssi = assigned && rng.chance(0.85);
            let ssi = |value: f64| {
                if has_ssi {
                    format!("{value:.2}")
                } else {
                    String::new()
                }
            };
            let (title, function) = *rng.pick(&[
                ("Account Executive", "Sales"),
                ("Senior Account Executive", "Sales"),
                ("Sales Development Representative", "Sales"),
                ("Account Manager", "Sales"),
                ("Sales Director", "Sales"),
                ("Solutions Consultant", "Presales"),
            ]);
            writer.write_record([
                seat.id(),
                if assigned {
                    seat.email.clone()
                } else {
                    String::new()
                },
                if assigned {
                    seat.name.clone()
                } else {
                    String::new()
                },
                groups,
                if assigned {
                    title.to_string()
                } else {
                    String::new()
                },
                if assigned {
                    function.to_string()
                } else {
                    String::new()
                },
                status.to_string(),
                if assigned {
                    day(invited)
                } else {
                    String::new()
                },
                if seat.status == SeatStatus::Activated && rng.chance(0.9) {
                    day(activated)
                } else {
                    String::new()
                },
                if assigned {
                    (if rng.chance(0.9) { "true" } else { "false" }).to_string()
                } else {
                    String::new()
                },
                ssi(total),
                ssi(pillars[0]),
                ssi(pillars[1]),
                ssi(pillars[2]),
                ssi(pillars[3]),
                if seat.status == SeatStatus::Activated && rng.chance(0.3) {
                    day(activated + Duration::days(rng.range(0, 60)))
                } else {
                    String::new()
                },
            ])?;
        }
        writer.flush()?;
        Ok(self.spec.seats)
    }

    /// The accounts in a seat's book: the ones its events are about.
    pub(super) fn book(&self, seat: u64) -> Vec<u64> {
        let accounts = self.spec.accounts.max(1);
        let size = (20 + seat % 80).min(accounts);
        (0..size)
            .map(|m| {
                (seat
                    .wrapping_mul(7_919)
                    .wrapping_add(m.wrapping_mul(104_729)))
                    % accounts
            })
            .collect()
    }

    /// A lead at an account: a real person of its company when the people file has
    /// one, else an id the people file does not know (as in real logs).
    pub(super) fn lead_at(&self, account: u64, rng: &mut Rng) -> (String, &'static str) {
        if let Some(index) = self.account_truth(account) {
            let company = self.company(index);
            let people = self.people_at(&company);
            if people > 0 {
                let person = self.person(&company, rng.below(people));
                return (person.id.to_string(), person.seniority);
            }
        }
        let seniority = SENIORITIES[rng.below(SENIORITIES.len() as u64) as usize].0;
        (
            (UNKNOWN_PERSON_ID_BASE + account * 100 + rng.below(100)).to_string(),
            seniority,
        )
    }

    pub(super) fn write_activity(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "activityId",
            "seatId",
            "activityType",
            "createdAt",
            "Surface",
            "Target Type",
            "Target ID",
            "Target Account ID",
            "Target Seniority",
            "Relationship",
            "Message ID",
            "Filters",
            "Sentiment",
            "Alert Type",
            "Feedback",
        ])?;
        let seats: Vec<Seat> = (0..self.spec.seats).map(|index| self.seat(index)).collect();
        let books: Vec<Vec<u64>> = (0..self.spec.seats).map(|index| self.book(index)).collect();
        let mut cumulative = Vec::with_capacity(seats.len());
        let mut total = 0.0;
        for seat in &seats {
            total += seat.activity;
            cumulative.push(total);
        }
        if seats.is_empty() || total == 0.0 {
            writer.flush()?;
            return Ok(0);
        }
        let mut rng = Rng::new(self.seed, stream(TAG_FILE, u64::MAX >> 8));
        let weights: Vec<f64> = ACTIONS.iter().map(|action| action.1).collect();
        let mut rows = 0u64;
        let mut event_number = 0u64;
        while rows < self.spec.events {
            event_number += 1;
            let seat_index = cumulative
                .partition_point(|edge| *edge <= rng.unit() * total)
                .min(seats.len() - 1);
            let seat = &seats[seat_index];
            // Unknown users exist in every real log.
            let user = if rng.chance(0.003) {
                "29999999".to_string()
            } else {
                seat.id()
            };
            let day = self.as_of - Duration::days((rng.unit().powf(1.5) * 400.0) as i64);
            let seconds = rng.range(7 * 3600, 20 * 3600);
            let action = ACTIONS[rng.weighted(&weights)].0;
            let book = &books[seat_index];
            let account = if book.is_empty() { 0 } else { *rng.pick(book) };
            let mut event = Event::new(format!("A{event_number:010}"), user, day, seconds, action);
            event.surface = match rng.below(100) {
                0..=79 => "sales_navigator",
                80..=84 => "",
                85..=92 => "linkedin",
                93..=97 => "mobile",
                _ => "crm",
            };
            match action {
                "search" => {
                    event.target_type = if rng.chance(0.7) { "lead" } else { "account" };
                    if rng.chance(0.6) {
                        let count = rng.range(1, 3);
                        let filters: Vec<&str> =
                            (0..count).map(|_| *rng.pick(SEARCH_FILTERS)).collect();
                        event.filters = filters.join(";");
                    }
                }
                "account_page_view" | "account_saved" | "account_unsaved" | "account_iq_view"
                | "account_hub_visit" | "note_added" => {
                    event.target_type = "account";
                    event.target_id = self.account_id(account);
                    event.target_account_id = self.account_id(account);
                }
                "alert_engaged" => {
                    event.target_type = "alert";
                    event.sentiment = if rng.chance(0.7) {
                        "positive"
                    } else {
                        "negative"
                    };
                    event.alert_type = *rng.pick(&["buyer_intent", "job_change", "news"]);
                    event.target_account_id = self.account_id(account);
                }
                "sales_assistant_feedback" => {
                    event.feedback = if rng.chance(0.6) {
                        "good_fit"
                    } else {
                        "not_a_fit"
                    };
                }
                "session" | "list_created" | "buyer_intent_view" | "sales_assistant_setup" => {}
                _ => {
                    // Everything else is about a lead at one of the seat's accounts.
                    let (lead, seniority) = self.lead_at(account, &mut rng);
                    event.target_type = "lead";
                    event.target_id = lead;
                    event.target_account_id = self.account_id(account);
                    event.target_seniority = seniority;
                    if rng.chance(0.4) {
                        event.relationship = rng.pick(RELATIONSHIPS).to_string();
                    }
                    if action == "inmail_sent" {
                        event.message_id = format!("M{event_number:010}");
                    }
                }
            }
            // Exports spell actions every way, and the vendor's analytics export
            // in words of its own; the usage report reads them all as one.
            let spelled = match rng.below(40) {
                0 => action.replace('_', " ").to_uppercase(),
                1 => capitalise(&action.replace('_', " ")),
                2 => action.replace('_', "-"),
                3..=6 => vendor_spelling(action),
                _ => action.to_string(),
            };
            writer.write_record(event.record(&spelled))?;
            rows += 1;
            if action == "inmail_sent" && rows < self.spec.events && rng.chance(0.3) {
                let accepted_day = (day + Duration::days(rng.range(0, 35))).min(self.as_of);
                let mut accepted = event.clone();
                accepted.id = format!("A{event_number:010}R");
                accepted.day = accepted_day;
                accepted.action = "inmail_accepted";
                writer.write_record(accepted.record("inmail_accepted"))?;
                rows += 1;
            }
        }
        writer.flush()?;
        Ok(rows)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SeatStatus {
    Activated,
    Invited,
    Unassigned,
}

/// One seat of the sales team's licence.
#[derive(Debug, Clone)]
pub(super) struct Seat {
    pub(super) index: u64,
    pub(super) status: SeatStatus,
    pub(super) name: String,
    pub(super) email: String,
    /// Relative activity; 0 for seats whose holder never acts.
    pub(super) activity: f64,
}

impl Seat {
    pub(super) fn id(&self) -> String {
        (20_000_000 + self.index).to_string()
    }
}

/// Actions of `docs/usage.md`, "Actions in the activity log" and how often the demo team does them. Passive
/// `inmail_accepted` is generated as a follow-up of sends, not drawn.
pub(super) const ACTIONS: [(&str, f64); 23] = [
    ("session", 25.0),
    ("search", 12.0),
    ("profile_view", 18.0),
    ("account_page_view", 8.0),
    ("lead_saved", 6.0),
    ("lead_unsaved", 1.0),
    ("account_saved", 2.0),
    ("account_unsaved", 0.3),
    ("list_created", 0.5),
    ("inmail_sent", 4.0),
    ("message_sent", 3.0),
    ("connection_request_sent", 3.0),
    ("connection_accepted", 1.5),
    ("alert_displayed", 5.0),
    ("alert_engaged", 2.0),
    ("account_iq_view", 2.0),
    ("lead_iq_view", 2.0),
    ("account_hub_visit", 2.0),
    ("buyer_intent_view", 1.0),
    ("post_engagement", 1.5),
    ("sales_assistant_setup", 0.05),
    ("sales_assistant_feedback", 1.0),
    ("note_added", 1.0),
];

/// An action as the vendor's analytics export writes it (`SAVED_LEAD`), or in
/// capitals where it has no word of its own.
pub(super) fn vendor_spelling(action: &str) -> String {
    VENDOR_ACTIONS
        .iter()
        .find(|(_, known)| known.name() == action)
        .map_or(action, |(vendor, _)| vendor)
        .to_uppercase()
}

/// One row of the activity log before it is written.
#[derive(Debug, Clone)]
pub(super) struct Event {
    pub(super) id: String,
    pub(super) user: String,
    pub(super) day: NaiveDate,
    pub(super) seconds: i64,
    pub(super) action: &'static str,
    pub(super) surface: &'static str,
    pub(super) target_type: &'static str,
    pub(super) target_id: String,
    pub(super) target_account_id: String,
    pub(super) target_seniority: &'static str,
    pub(super) relationship: String,
    pub(super) message_id: String,
    pub(super) filters: String,
    pub(super) sentiment: &'static str,
    pub(super) alert_type: &'static str,
    pub(super) feedback: &'static str,
}

impl Event {
    pub(super) fn new(
        id: String,
        user: String,
        day: NaiveDate,
        seconds: i64,
        action: &'static str,
    ) -> Event {
        Event {
            id,
            user,
            day,
            seconds,
            action,
            surface: "",
            target_type: "",
            target_id: String::new(),
            target_account_id: String::new(),
            target_seniority: "",
            relationship: String::new(),
            message_id: String::new(),
            filters: String::new(),
            sentiment: "",
            alert_type: "",
            feedback: "",
        }
    }

    pub(super) fn record(&self, action_as_written: &str) -> [String; 15] {
        [
            self.id.clone(),
            self.user.clone(),
            action_as_written.to_string(),
            format!(
                "{:02}-{:02}-{} {:02}:{:02}:{:02} UTC",
                self.day.month(),
                self.day.day(),
                self.day.year(),
                self.seconds / 3600,
                self.seconds / 60 % 60,
                self.seconds % 60
            ),
            self.surface.to_string(),
            self.target_type.to_string(),
            self.target_id.clone(),
            self.target_account_id.clone(),
            self.target_seniority.to_string(),
            self.relationship.clone(),
            self.message_id.clone(),
            self.filters.clone(),
            self.sentiment.to_string(),
            self.alert_type.to_string(),
            self.feedback.to_string(),
        ]
    }
}

pub(super) fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
