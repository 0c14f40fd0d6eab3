//! The usage index built in parts (`docs/scale-out.md`): a cluster's
//! executors each build the figures and daily tallies of some of the seats
//! ([`UsagePart::build`]), the driver puts the parts together
//! ([`UsageIndex::from_parts`]) into the index one machine builds, and the
//! report is written from it as the command line writes it.
//!
//! A seat's figures need all of its events, in order (the coach level, the
//! best practices), so the parts divide the seats, not the events. Every part
//! reads the whole log to find each event's seat, so all parts agree on the
//! as-of day, the events ignored and the deals; a part says them too, and
//! parts that disagree (built from other files or options) are refused.
//!
//! A part travels as JSON ([`UsagePart::to_json`]). It names events' targets
//! and accounts by their text, not by a code of its own reading, so parts
//! read on different machines put together exactly.

use super::index::{
    Deal, DealOwner, IgnoredEvents, Seat, SeatFigures, Tally, UsageIndex, UsageInputs,
};
use crate::engine::ingest::table::Table;
use crate::engine::usage::calendar::Zone;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One seat's share of the index, as a part carries it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
struct SeatPart {
    figures: Option<SeatFigures>,
    tallies: Vec<Tally>,
    /// (day, target) of each accepted connection with a target.
    connections: Vec<(i32, String)>,
    /// (day, index into the part's `other_action_names`).
    other_actions: Vec<(i32, u32)>,
    /// (day, account id) of each engagement with an account.
    engagements: Vec<(i32, String)>,
    /// The accounts saved now.
    saved_accounts: Vec<String>,
}

/// The figures and daily tallies of the seats at `seats` (positions in the
/// seats file), and what every part knows of the whole log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsagePart {
    seats: Range<usize>,
    /// How many seats the seats file has, its seat ids in order as one
    /// hash, and the time zone (its name): what ties the part to its files
    /// and options.
    seats_in_file: usize,
    seat_ids_hash: u64,
    zone: String,
    built: Vec<SeatPart>,
    as_of: i32,
    latest_day: Option<i32>,
    ignored: IgnoredEvents,
    counted_events: usize,
    other_action_names: Vec<String>,
    deals: Option<Vec<Deal>>,
}

/// Why parts do not make one index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartsError {
    /// No part at all.
    NoParts,
    /// A seat no part built, or one two parts built.
    Seats { seat: usize, parts: usize },
    /// A part built from other files or options than the first, or than
    /// the seats file and time zone given.
    Disagree,
    /// Not a part's JSON, or a part whose contents do not hold together.
    Damaged(String),
}

impl std::fmt::Display for PartsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartsError::NoParts => write!(f, "no part of a usage index"),
            PartsError::Seats { seat, parts } => {
                write!(f, "seat {} is built by {parts} parts, not by one", seat + 1)
            }
            PartsError::Disagree => write!(
                f,
                "the parts were built from other files or options (other seats, another time zone, another as-of day, other events)"
            ),
            PartsError::Damaged(cause) => write!(f, "not a part of a usage index: {cause}"),
        }
    }
}

impl UsagePart {
    /// Builds the figures and tallies of the seats at `seats` (clamped to
    /// the seats file), reading the whole log.
    pub fn build(
        inputs: UsageInputs<'_>,
        seats: Range<usize>,
    ) -> Result<UsagePart, super::UsageError> {
        let (activity, zone) = (inputs.activity, inputs.zone);
        let index = crate::engine::parallel::run_ready(UsageIndex::build_seats_pausing(
            inputs,
            Some(seats.clone()),
            |_| std::future::ready(()),
        ))?;
        let end = seats.end.min(index.seats.len());
        let seats = seats.start.min(end)..end;
        let account = |at: &u32| index.account_ids[*at as usize].clone();
        let built = seats
            .clone()
            .map(|seat| SeatPart {
                figures: index.figures[seat],
                tallies: index.tallies[seat].clone(),
                connections: index.connections[seat]
                    .iter()
                    .map(|(day, target)| (*day, activity.pool.get(*target).to_string()))
                    .collect(),
                other_actions: index.other_actions[seat].clone(),
                engagements: index.engagements[seat]
                    .iter()
                    .map(|(day, at)| (*day, account(at)))
                    .collect(),
                saved_accounts: index.saved_accounts[seat].iter().map(account).collect(),
            })
            .collect();
        Ok(UsagePart {
            seats,
            seats_in_file: index.seats.len(),
            seat_ids_hash: seat_ids_hash(&index.seats),
            zone: zone.to_string(),
            built,
            as_of: index.as_of,
            latest_day: index.latest_day,
            ignored: index.ignored,
            counted_events: index.counted_events,
            other_action_names: index.other_action_names,
            deals: index.deals,
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<UsagePart, PartsError> {
        serde_json::from_str(json).map_err(|error| PartsError::Damaged(error.to_string()))
    }

    /// What every part of the same files and options says alike.
    fn whole_log(&self) -> impl PartialEq + '_ {
        (
            self.seats_in_file,
            self.seat_ids_hash,
            &self.zone,
            self.as_of,
            self.latest_day,
            self.ignored,
            self.counted_events,
            &self.other_action_names,
            &self.deals,
        )
    }
}

impl UsagePart {
    /// Whether the part holds together: its seats within the file, one
    /// built seat each, each seat's tallies in order, names and owners that
    /// exist. (A part read from JSON may have been written by anything.)
    fn check(&self) -> Result<(), PartsError> {
        let damaged = |what: &str| Err(PartsError::Damaged(what.to_string()));
        if self.seats.start > self.seats.end || self.seats.end > self.seats_in_file {
            return damaged("its seats are not within the seats file");
        }
        if self.built.len() != self.seats.len() {
            return damaged("it built another number of seats than it names");
        }
        let names = self.other_action_names.len();
        for seat in &self.built {
            let in_order = seat
                .tallies
                .windows(2)
                .all(|pair| (pair[0].day, pair[0].counter) < (pair[1].day, pair[1].counter));
            if !in_order || seat.tallies.iter().any(|tally| !tally.is_known()) {
                return damaged("a seat's daily tallies are out of order or unknown");
            }
            if seat
                .other_actions
                .iter()
                .any(|(_, name)| *name as usize >= names)
            {
                return damaged("an action outside the vocabulary has no name");
            }
        }
        let owners_exist = self.deals.iter().flatten().all(|deal| match deal.owner {
            DealOwner::Seat(seat) => seat < self.seats_in_file,
            DealOwner::Other(_) => true,
        });
        if !owners_exist {
            return damaged("a deal's owner is no seat");
        }
        Ok(())
    }
}

/// The seat ids in order, as one number (FNV-1a): parts of one seats file
/// have the same.
fn seat_ids_hash(seats: &[Seat]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in seats
        .iter()
        .flat_map(|seat| seat.seat_id.bytes().chain([0]))
    {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl UsageIndex {
    /// The index of the seats file `seats` put together from parts that
    /// built each of its seats once, read in `zone`: the index
    /// [`UsageIndex::build`] makes of the same files.
    pub fn from_parts<'a>(
        seats: &Table,
        zone: Zone,
        parts: &'a [UsagePart],
    ) -> Result<UsageIndex, PartsError> {
        let seats = super::index::read_seats(seats);
        let first = parts.first().ok_or(PartsError::NoParts)?;
        if (
            first.seats_in_file,
            first.seat_ids_hash,
            first.zone.as_str(),
        ) != (
            seats.len(),
            seat_ids_hash(&seats),
            zone.to_string().as_str(),
        ) {
            return Err(PartsError::Disagree);
        }
        let mut owner: Vec<Option<(usize, usize)>> = vec![None; seats.len()];
        for (part_at, part) in parts.iter().enumerate() {
            if part.whole_log() != first.whole_log() {
                return Err(PartsError::Disagree);
            }
            part.check()?;
            for (at, seat) in part.seats.clone().enumerate() {
                if owner[seat].is_some() {
                    let parts = parts
                        .iter()
                        .filter(|part| part.seats.contains(&seat))
                        .count();
                    return Err(PartsError::Seats { seat, parts });
                }
                owner[seat] = Some((part_at, at));
            }
        }
        if let Some(seat) = owner.iter().position(Option::is_none) {
            return Err(PartsError::Seats { seat, parts: 0 });
        }
        // Targets and accounts as numbers of this index (one per text).
        let mut targets: FxHashMap<&str, u32> = FxHashMap::default();
        let mut account_ids: Vec<String> = Vec::new();
        let mut accounts: FxHashMap<&str, u32> = FxHashMap::default();
        let mut index = UsageIndex {
            zone,
            as_of: first.as_of,
            latest_day: first.latest_day,
            figures: Vec::with_capacity(seats.len()),
            tallies: Vec::with_capacity(seats.len()),
            connections: Vec::with_capacity(seats.len()),
            other_actions: Vec::with_capacity(seats.len()),
            other_action_names: first.other_action_names.clone(),
            engagements: Vec::with_capacity(seats.len()),
            saved_accounts: Vec::with_capacity(seats.len()),
            account_ids: Vec::new(),
            ignored: first.ignored,
            counted_events: first.counted_events,
            deals: first.deals.clone(),
            seats,
        };
        for (part_at, at) in owner.into_iter().flatten() {
            let seat = &parts[part_at].built[at];
            let mut account = |id: &'a str| -> u32 {
                *accounts.entry(id).or_insert_with(|| {
                    account_ids.push(id.to_string());
                    account_ids.len() as u32 - 1
                })
            };
            index.figures.push(seat.figures);
            index.tallies.push(seat.tallies.clone());
            index.connections.push(
                seat.connections
                    .iter()
                    .map(|(day, target)| {
                        let next = targets.len() as u32 + 1;
                        (*day, *targets.entry(target.as_str()).or_insert(next))
                    })
                    .collect(),
            );
            index.other_actions.push(seat.other_actions.clone());
            index.engagements.push(
                seat.engagements
                    .iter()
                    .map(|(day, id)| (*day, account(id.as_str())))
                    .collect(),
            );
            let mut saved: Vec<u32> = seat
                .saved_accounts
                .iter()
                .map(|id| account(id.as_str()))
                .collect();
            saved.sort_unstable();
            index.saved_accounts.push(saved);
        }
        index.account_ids = account_ids;
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::{default_as_of, Demo, DemoSize};
    use crate::engine::export::{ExportFormat, Exported};
    use crate::engine::ingest::read_test_csv;
    use crate::engine::source_kind::SourceKind;
    use crate::engine::usage::{Controls, RangeRequest};

    /// The export's bytes and the summary of a report over the last 90 days.
    fn report(index: &UsageIndex, controls: &Controls) -> (Vec<u8>, String) {
        let report = index.report(controls).expect("a range");
        let export = report
            .export_file(ExportFormat::Comma)
            .and_then(Exported::into_bytes)
            .expect("a CSV export");
        (export, report.summary_json())
    }

    #[test]
    fn seats_built_in_parts_report_as_the_whole() {
        let demo = Demo::new(DemoSize::Small, 5, default_as_of());
        let read = |kind| read_test_csv(&String::from_utf8_lossy(&demo.render(kind)), kind);
        let seats = read(SourceKind::Seats);
        // Events of an action outside the vocabulary too: a copy of every
        // 40th event, as a webinar.
        let log = String::from_utf8_lossy(&demo.render(SourceKind::Activity)).to_string();
        let webinars: String = log
            .lines()
            .skip(1)
            .step_by(40)
            .filter_map(|line| {
                let [id, seat, _, rest] = line.splitn(4, ',').collect::<Vec<_>>()[..] else {
                    return None;
                };
                Some(format!("W{id},{seat},webinar_attended,{rest}\n"))
            })
            .collect();
        let activity = read_test_csv(&format!("{log}{webinars}"), SourceKind::Activity);
        let opportunities = read(SourceKind::Opportunities);
        let inputs = UsageInputs {
            seats: &seats,
            activity: &activity,
            opportunities: Some(&opportunities),
            zone: Zone::Fixed(-5 * 3600),
            as_of: None,
        };
        let whole = UsageIndex::build(inputs).expect("an index");
        let n = seats.rows;
        // Uneven parts, given out of order, each through its JSON.
        let parts: Vec<UsagePart> = [n / 2..n + 3, 0..1, 1..n / 2]
            .into_iter()
            .map(|seats| UsagePart::build(inputs, seats).expect("a part"))
            .map(|part| UsagePart::from_json(&part.to_json()).expect("its JSON"))
            .collect();
        let together = UsageIndex::from_parts(&seats, inputs.zone, &parts).expect("one index");
        for controls in [
            Controls {
                range: RangeRequest::Last90,
                ..Controls::default()
            },
            Controls {
                range: RangeRequest::Last30,
                groups: vec!["EMEA".to_string()],
                ..Controls::default()
            },
        ] {
            assert_eq!(report(&together, &controls), report(&whole, &controls));
        }
        assert_eq!(together.account_ids.len(), whole.account_ids.len());
        assert!(
            report(&whole, &Controls::default())
                .1
                .contains("webinar_attended"),
            "the summary counts the actions outside the vocabulary"
        );

        // Seats missing, built twice, or parts of another as-of day: refused.
        let refused = |parts: &[UsagePart]| {
            UsageIndex::from_parts(&seats, inputs.zone, parts)
                .expect_err("refused")
                .to_string()
        };
        assert_eq!(
            refused(&parts[..2]),
            format!("seat {} is built by 0 parts, not by one", 2)
        );
        let twice = [parts.clone(), vec![parts[1].clone()]].concat();
        assert_eq!(refused(&twice), "seat 1 is built by 2 parts, not by one");
        let earlier = UsagePart::build(
            UsageInputs {
                as_of: Some(whole.as_of - 1),
                ..inputs
            },
            0..1,
        )
        .expect("a part");
        let mixed = [vec![earlier], parts[..1].to_vec(), parts[2..].to_vec()].concat();
        assert!(refused(&mixed).starts_with("the parts were built from other files"));
        // Parts of another time zone, or of another seats file, than given.
        let other_zone = UsageIndex::from_parts(&seats, Zone::Utc, &parts);
        assert_eq!(other_zone.err(), Some(PartsError::Disagree));
        let fewer_seats = seats.rows_in(0..seats.rows - 1);
        let other_seats = UsageIndex::from_parts(&fewer_seats, inputs.zone, &parts);
        assert_eq!(other_seats.err(), Some(PartsError::Disagree));
        assert_eq!(refused(&[]), "no part of a usage index");
        // Damage a JSON could carry: never a panic, always a message.
        let json = parts[2].to_json();
        let damages = [
            json.replacen("\"seats\":{\"start\":1", "\"seats\":{\"start\":0", 1),
            json.replacen("\"counter\":", "\"counter\":200,\"x\":", 1),
            json.replacen(
                "\"other_action_names\":[\"webinar_attended\"]",
                "\"other_action_names\":[]",
                1,
            ),
        ];
        for damaged in damages {
            assert_ne!(damaged, json, "the damage applies");
            let part = UsagePart::from_json(&damaged);
            let message = match part {
                Ok(part) => refused(&[parts[0].clone(), parts[1].clone(), part]),
                Err(error) => error.to_string(),
            };
            assert!(
                message.starts_with("not a part of a usage index")
                    || message.starts_with("the parts were built"),
                "{message}"
            );
        }
        assert!(UsagePart::from_json("{\"seats\": 3}")
            .expect_err("damaged")
            .to_string()
            .starts_with("not a part of a usage index"));
    }
}
