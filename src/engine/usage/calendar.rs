//! Days, the workspace time zone and the report's date range (`docs/usage.md`, "Days, the as-of date and the range").
//!
//! Days are counted as days since 1970-01-01 (`i32`, as the store keeps dates),
//! so a range is two integers and "within 90 days" is a subtraction.

use crate::engine::ingest::table::{date_to_days, days_to_date};
use chrono::{Datelike, NaiveDate, Offset, TimeZone};
use std::fmt;
use std::str::FromStr;

/// The workspace time zone: UTC, a fixed offset, or an IANA zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    #[default]
    Utc,
    /// Seconds east of UTC.
    Fixed(i32),
    Named(chrono_tz::Tz),
}

impl Zone {
    /// The zone's offset (seconds east of UTC) at an instant.
    fn offset_at(self, moment: i64) -> i64 {
        match self {
            Zone::Utc => 0,
            Zone::Fixed(seconds) => seconds as i64,
            Zone::Named(zone) => chrono::DateTime::from_timestamp(moment, 0)
                .map(|utc| {
                    zone.offset_from_utc_datetime(&utc.naive_utc())
                        .fix()
                        .local_minus_utc() as i64
                })
                .unwrap_or(0),
        }
    }

    /// The calendar day (days since 1970-01-01) of an instant in this zone.
    pub fn day_of(self, moment: i64) -> i32 {
        (moment + self.offset_at(moment)).div_euclid(86_400) as i32
    }

    /// The instant 00:00 of a day in this zone (the first instant of the day
    /// where a change of offset skips midnight).
    pub fn start_of(self, day: i32) -> i64 {
        let midnight_utc = day as i64 * 86_400;
        let guess = midnight_utc - self.offset_at(midnight_utc);
        // Offsets around the guess may differ (a change that day): settle on
        // the offset in force at the guessed instant.
        midnight_utc - self.offset_at(guess)
    }
}

impl FromStr for Zone {
    type Err = String;

    /// `UTC`, `Z`, an IANA name (`Europe/Paris`) or a fixed offset (`+05:30`,
    /// `-0800`, `+05`).
    fn from_str(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("utc") || text.eq_ignore_ascii_case("z") {
            return Ok(Zone::Utc);
        }
        if let Some(sign) = text.chars().next().filter(|c| *c == '+' || *c == '-') {
            let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
            let valid = matches!(digits.len(), 2 | 4) && digits.bytes().all(|b| b.is_ascii_digit());
            let hours: i32 = digits.get(..2).and_then(|h| h.parse().ok()).unwrap_or(99);
            let minutes: i32 = digits
                .get(2..)
                .filter(|m| !m.is_empty())
                .map_or(Some(0), |m| m.parse().ok())
                .unwrap_or(99);
            if !valid || hours > 18 || minutes > 59 {
                return Err(format!(
                    "`{text}` is no time zone: write an offset as +05:30"
                ));
            }
            let seconds = (hours * 3600 + minutes * 60) * if sign == '-' { -1 } else { 1 };
            return Ok(if seconds == 0 {
                Zone::Utc
            } else {
                Zone::Fixed(seconds)
            });
        }
        text.parse::<chrono_tz::Tz>()
            .map(Zone::Named)
            .map_err(|_| format!("`{text}` is no time zone: use an IANA name such as Europe/Paris, or an offset such as +05:30"))
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Utc => write!(f, "UTC"),
            Zone::Fixed(seconds) => {
                let sign = if *seconds < 0 { '-' } else { '+' };
                let minutes = seconds.abs() / 60;
                write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
            Zone::Named(zone) => write!(f, "{}", zone.name()),
        }
    }
}

/// The range a person asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RangeRequest {
    Last7,
    #[default]
    Last30,
    Last90,
    LastMonth,
    /// Both ends inclusive, as days.
    Custom {
        start: i32,
        end: i32,
    },
}

impl RangeRequest {
    /// The presets, with the names the command line and the page's URL use.
    pub const PRESETS: [(RangeRequest, &'static str, &'static str); 4] = [
        (RangeRequest::Last7, "last-7", "Last 7 days"),
        (RangeRequest::Last30, "last-30", "Last 30 days"),
        (RangeRequest::Last90, "last-90", "Last 90 days"),
        (RangeRequest::LastMonth, "last-month", "Last month"),
    ];

    /// The inclusive range of days asked for, before snapping.
    pub fn requested(self, as_of: i32) -> (i32, i32) {
        match self {
            RangeRequest::Last7 => (as_of - 6, as_of),
            RangeRequest::Last30 => (as_of - 29, as_of),
            RangeRequest::Last90 => (as_of - 89, as_of),
            RangeRequest::LastMonth => {
                let date = days_to_date(as_of).unwrap_or_default();
                let first_of_month = date.with_day(1).unwrap_or(date);
                let last_of_previous = first_of_month.pred_opt().unwrap_or(first_of_month);
                let first_of_previous = last_of_previous.with_day(1).unwrap_or(last_of_previous);
                (
                    date_to_days(first_of_previous),
                    date_to_days(last_of_previous),
                )
            }
            RangeRequest::Custom { start, end } => (start, end),
        }
    }

    /// Resolves the request against the as-of day: refused outside the limits
    /// of `docs/usage.md`, snapped to whole ISO weeks for `last-90` and custom
    /// ranges of more than 30 days.
    pub fn resolve(self, as_of: i32) -> Result<DayRange, RangeError> {
        let (start, end) = self.requested(as_of);
        if let RangeRequest::Custom { .. } = self {
            if start > end {
                return Err(RangeError::StartAfterEnd);
            }
            if end > as_of {
                return Err(RangeError::AfterAsOf { as_of });
            }
            if start < as_of - 729 {
                return Err(RangeError::TooFarBack {
                    earliest: as_of - 729,
                });
            }
        }
        let snap = match self {
            RangeRequest::Last90 => true,
            RangeRequest::Custom { start, end } => end - start + 1 > 30,
            _ => false,
        };
        let snapped = if snap {
            // 1970-01-01 was a Thursday: day 0 has weekday index 3 (Monday = 0).
            let weekday = |day: i32| (day + 3).rem_euclid(7);
            (start - weekday(start), end + 6 - weekday(end))
        } else {
            (start, end)
        };
        Ok(DayRange {
            requested: (start, end),
            start: snapped.0,
            end: snapped.1,
        })
    }
}

impl FromStr for RangeRequest {
    type Err = String;

    /// `last-7`, `last-30`, `last-90`, `last-month` or `YYYY-MM-DD..YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<RangeRequest, String> {
        let text = text.trim();
        if let Some((request, _, _)) = RangeRequest::PRESETS
            .iter()
            .find(|(_, name, _)| *name == text)
        {
            return Ok(*request);
        }
        let (start, end) = text
            .split_once("..")
            .ok_or_else(|| format!("`{text}` is no range: use last-7, last-30, last-90, last-month or YYYY-MM-DD..YYYY-MM-DD"))?;
        Ok(RangeRequest::Custom {
            start: parse_day(start)?,
            end: parse_day(end)?,
        })
    }
}

impl fmt::Display for RangeRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeRequest::Custom { start, end } => {
                write!(f, "{}..{}", format_day(*start), format_day(*end))
            }
            preset => {
                let name = RangeRequest::PRESETS
                    .iter()
                    .find(|(request, _, _)| request == preset)
                    .map_or("last-30", |(_, name, _)| name);
                write!(f, "{name}")
            }
        }
    }
}

/// A resolved range: what was asked and the days used (both inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub requested: (i32, i32),
    pub start: i32,
    pub end: i32,
}

impl DayRange {
    pub fn contains(&self, day: i32) -> bool {
        self.start <= day && day <= self.end
    }

    pub fn is_snapped(&self) -> bool {
        self.requested != (self.start, self.end)
    }

    /// How many days the range holds.
    pub fn days(&self) -> i32 {
        self.end - self.start + 1
    }

    /// The period of the same length just before: what a figure's change is
    /// measured against.
    pub fn previous(&self) -> DayRange {
        let (start, end) = (self.start - self.days(), self.start - 1);
        DayRange {
            requested: (start, end),
            start,
            end,
        }
    }
}

/// Why a range is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    StartAfterEnd,
    AfterAsOf { as_of: i32 },
    TooFarBack { earliest: i32 },
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeError::StartAfterEnd => write!(f, "the range starts after it ends"),
            RangeError::AfterAsOf { as_of } => write!(
                f,
                "the range ends after the data's as-of date, {}",
                format_day(*as_of)
            ),
            RangeError::TooFarBack { earliest } => write!(
                f,
                "the range starts more than two years before the as-of date: the earliest start is {}",
                format_day(*earliest)
            ),
        }
    }
}

impl std::error::Error for RangeError {}

/// `YYYY-MM-DD` of a day.
pub fn format_day(day: i32) -> String {
    days_to_date(day).map_or_else(String::new, |date| date.format("%Y-%m-%d").to_string())
}

/// A day as the reader writes dates (`display::format_date`): what pages show.
/// Files, file names and date inputs keep [`format_day`].
pub fn shown_day(day: i32) -> String {
    days_to_date(day).map_or_else(String::new, crate::engine::display::format_date)
}

/// A day written `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<i32, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(date_to_days)
        .map_err(|_| format!("`{}` is no date: write it YYYY-MM-DD", text.trim()))
}
