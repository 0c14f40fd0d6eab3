//! Usage reporting (`docs/usage.md`): how a sales team uses its seats.
//!
//! - [`vocabulary`]: the actions and what an event's other columns mean;
//! - [`calendar`]: days, the time zone, presets, week snapping;
//! - [`index`]: the seats and the log read once per as-of date and zone;
//! - `seat_events`: one seat's counted events worked through in order;
//! - [`metrics`]: the ten per-user counts and their names;
//! - [`practices`]: the ten best practices, their names, rules and thresholds;
//! - [`report`]: the figures for a range and filters, the per-seat export and
//!   the command line's summary;
//! - [`numbers`]: exact rounding of rates, averages and amounts;
//! - [`parts`]: the index built in parts by a cluster, and put together.
//!
//! Readings chosen where `docs/usage.md` leaves room (each pinned by a test):
//! - an undefined rate or average (0 / 0) is empty in the export and `null` in
//!   the summary, including the seat rates of an empty team;
//! - an action outside the vocabulary makes its user active that day (Days
//!   active, last active) and counts toward no other metric;
//! - a timestamp at exactly 00:00:00 UTC is read as a date without a time (that
//!   calendar day in any zone), which is what date-only logs give;
//! - "invitations pending more than a week": invited seats (not activated)
//!   whose `invited_at` is more than 7 days before as_of;
//! - SSI averages are over every seat left after the filters that has the value.

pub mod calendar;
pub mod index;
pub mod metrics;
pub mod numbers;
pub mod parts;
pub mod practices;
pub mod report;
mod seat_events;
pub mod trend;
pub mod vocabulary;

#[cfg(test)]
mod tests;

pub use calendar::{DayRange, RangeRequest, Zone};
pub use index::{UsageError, UsageIndex, UsageInputs};
pub use report::{Controls, UsageReport};

/// A calendar date as the engine's day number.
fn day_of_date(date: chrono::NaiveDate) -> i32 {
    crate::engine::ingest::table::date_to_days(date)
}
