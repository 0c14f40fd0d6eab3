//! Reading one cell as a value of its field's type, by the rules of `docs/inputs.md`
//! (dates, numbers, booleans, lists, enumerated tokens, seat statuses).
//!
//! Every reader returns `None` for a value it cannot read; the caller decides
//! whether that quarantines the row (a required field) or is a warning.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// How the numbers of a file are written. In a `;`-delimited file `,` is the
/// decimal separator (`1.234,5`); elsewhere `.` is (`1,234.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    DecimalPoint,
    DecimalComma,
}

/// Reads a number: `1234`, `1,234`, `1 234`, `1234.5`, `-3`, `12%` (= 0.12).
/// Spaces (also non-breaking ones) are thousands separators in both styles.
pub fn parse_number(cell: &str, style: NumberStyle) -> Option<f64> {
    let text = cell.trim();
    // Most cells are plain digits: read them without building a copy.
    if !text.is_empty() && text.len() < 16 && text.bytes().all(|byte| byte.is_ascii_digit()) {
        return text.parse().ok();
    }
    parse_plain_number(text, style)
        .or_else(|| {
            // `$-5` and `-$5` alike.
            let (sign, unsigned) = text
                .strip_prefix('-')
                .map_or((1.0, text), |rest| (-1.0, rest));
            parse_plain_number(strip_currency(unsigned.trim())?, style).map(|value| sign * value)
        })
        .or_else(|| parse_exponent(text))
        .or_else(|| parse_range_lower_bound(text, style))
}

/// A number with a currency sign before or after it (`$1,100.04`, `1.234,50 €`),
/// without the sign.
fn strip_currency(text: &str) -> Option<&str> {
    const SIGNS: [&str; 9] = ["$", "€", "£", "¥", "₹", "CHF", "USD", "EUR", "GBP"];
    SIGNS.iter().find_map(|sign| {
        let rest = text
            .strip_prefix(sign)
            .or_else(|| text.strip_suffix(sign))?
            .trim();
        Some(rest)
    })
}

/// A number a spreadsheet wrote in scientific notation (`2.10E+07`).
fn parse_exponent(text: &str) -> Option<f64> {
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    let plain = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|byte| byte.is_ascii_digit() || matches!(byte, b'.' | b'+' | b'-'))
    };
    if !plain(mantissa) || !plain(exponent) {
        return None;
    }
    text.parse().ok().filter(|value: &f64| value.is_finite())
}

/// A headcount written as a range (`51-200`, `1001-5000 employees`, `10,001+`):
/// its lower bound.
fn parse_range_lower_bound(text: &str, style: NumberStyle) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    let text = lower
        .strip_suffix("employees")
        .or_else(|| lower.strip_suffix("employee"))
        .unwrap_or(&lower)
        .trim();
    if let Some(open) = text.strip_suffix('+') {
        return parse_plain_number(open.trim(), style).filter(|value| *value >= 0.0);
    }
    let (low, high) = text.split_once(['-', '–'])?;
    let (low, high) = (
        parse_plain_number(low.trim(), style)?,
        parse_plain_number(high.trim(), style)?,
    );
    (low >= 0.0 && low <= high).then_some(low)
}

/// What a trimmed cell is before it is read as its field's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screened<'a> {
    /// A value to read (possibly empty).
    Value(&'a str),
    /// A missing marker: `#N/A`, `N/A`, `n/a`, `NULL`, `null`, `[null]`,
    /// `(blank)` or `-` alone (`docs/inputs.md`): read as an empty cell.
    Missing,
    /// A spreadsheet's error value (`#NAME?`, `#VALUE!`, `#REF!`, `#DIV/0!`,
    /// `#NUM!`, `#NULL!`): a bad value.
    SpreadsheetError(&'a str),
}

/// Screens a cell for missing markers and spreadsheet errors. Every one of
/// them is at most seven bytes and starts with one of six bytes, so nearly
/// every cell is passed on after one comparison.
pub fn screen_cell(cell: &str) -> Screened<'_> {
    const MARKERS: [&str; 6] = ["#n/a", "n/a", "null", "[null]", "(blank)", "-"];
    const ERRORS: [&str; 6] = ["#name?", "#value!", "#ref!", "#div/0!", "#num!", "#null!"];
    match cell.as_bytes().first() {
        Some(b'#' | b'n' | b'N' | b'[' | b'(' | b'-') if cell.len() <= 7 => {
            if MARKERS
                .iter()
                .any(|marker| cell.eq_ignore_ascii_case(marker))
            {
                Screened::Missing
            } else if ERRORS.iter().any(|error| cell.eq_ignore_ascii_case(error)) {
                Screened::SpreadsheetError(cell)
            } else {
                Screened::Value(cell)
            }
        }
        _ => Screened::Value(cell),
    }
}

/// A number without a currency sign, range or exponent.
fn parse_plain_number(text: &str, style: NumberStyle) -> Option<f64> {
    let (text, percent) = match text.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    };
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() {
        return None;
    }
    // Digits and at most one decimal point, copied to a stack buffer.
    let mut plain = [0u8; 64];
    let mut length = 0;
    let mut points = 0;
    let mut keep = |byte: u8| {
        if length == plain.len() {
            return false;
        }
        plain[length] = byte;
        length += 1;
        true
    };
    let bytes = digits.as_bytes();
    for (index, c) in digits.char_indices() {
        let kept = match c {
            '0'..='9' => keep(c as u8),
            // Spaces, also the non-breaking and thin ones spreadsheets write.
            ' ' | '\u{a0}' | '\u{202f}' => true,
            ',' => match style {
                NumberStyle::DecimalPoint => followed_by_three_digits(bytes, index),
                NumberStyle::DecimalComma => {
                    points += 1;
                    keep(b'.')
                }
            },
            '.' => match style {
                NumberStyle::DecimalPoint => {
                    points += 1;
                    keep(b'.')
                }
                NumberStyle::DecimalComma if followed_by_three_digits(bytes, index) => true,
                NumberStyle::DecimalComma => {
                    points += 1;
                    keep(b'.')
                }
            },
            _ => false,
        };
        if !kept {
            return None;
        }
    }
    let plain = std::str::from_utf8(&plain[..length]).ok()?;
    if plain.is_empty() || plain == "." || points > 1 {
        return None;
    }
    let value: f64 = plain.parse().ok()?;
    let value = if negative { -value } else { value };
    Some(if percent { value / 100.0 } else { value })
}

/// A thousands separator is followed by exactly three digits and then no digit.
fn followed_by_three_digits(bytes: &[u8], separator: usize) -> bool {
    let next = &bytes[separator + 1..];
    next.len() >= 3
        && next[..3].iter().all(u8::is_ascii_digit)
        && next.get(3).is_none_or(|byte| !byte.is_ascii_digit())
}

/// Reads a boolean: `true/false`, `yes/no`, `y/n`, `1/0`, `on/off`, any case.
pub fn parse_bool(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "on" => Some(true),
        "false" | "no" | "n" | "0" | "off" => Some(false),
        _ => None,
    }
}

/// Splits a `;`-list: items trimmed, empty items dropped.
pub fn parse_list(cell: &str) -> Vec<&str> {
    cell.split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect()
}

/// An enumerated value as `docs/usage.md` reads it: trimmed, lowercase, each run of
/// spaces, `-` and `_` as one `_` (`Lead Saved` = `LEAD-SAVED` = `lead_saved`).
pub fn normalize_token(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut pending_separator = false;
    for c in cell.trim().chars() {
        if c == ' ' || c == '-' || c == '_' || c == '\t' {
            pending_separator = true;
        } else {
            if pending_separator && !out.is_empty() {
                out.push('_');
            }
            pending_separator = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// A seat's status (`docs/inputs.md`, seats).
pub fn parse_seat_status(cell: &str) -> Option<&'static str> {
    match normalize_token(cell).as_str() {
        "activated" | "active" | "onboarded" | "enabled" => Some("activated"),
        "invited" | "pending" => Some("invited"),
        "unassigned" | "available" | "revoked" | "disabled" => Some("unassigned"),
        _ => None,
    }
}

/// The order of day and month in a column's slash dates (`03/04/2026`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlashOrder {
    MonthFirst,
    DayFirst,
}

impl PartialOrd for SlashOrder {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SlashOrder {
    /// Day-first wins once seen.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self == SlashOrder::DayFirst).cmp(&(*other == SlashOrder::DayFirst))
    }
}

/// Decides a column's slash order: month-first unless some slash value has a
/// first part greater than 12.
pub fn detect_slash_order<'a>(cells: impl IntoIterator<Item = &'a str>) -> SlashOrder {
    for cell in cells {
        let cell = cell.trim();
        if let Some((first, rest)) = cell.split_once('/') {
            if rest.contains('/')
                && first.len() <= 2
                && first.parse::<u32>().is_ok_and(|part| part > 12)
            {
                return SlashOrder::DayFirst;
            }
        }
    }
    SlashOrder::MonthFirst
}

/// Reads a moment in any format of `docs/inputs.md`, as epoch seconds (UTC). A date
/// alone is 00:00 UTC of that day; a date-time without offset is UTC.
pub fn parse_datetime(cell: &str, order: SlashOrder) -> Option<i64> {
    let text = cell.trim();
    if text.contains('/') {
        return parse_slash(text, order).map(|moment| moment.and_utc().timestamp());
    }
    if let Some(moment) = parse_month_first_dashed(text) {
        return moment.map(|moment| moment.and_utc().timestamp());
    }
    // A month's name: any letter but those of ISO 8601's `T` and `Z`.
    if text
        .bytes()
        .any(|byte| byte.is_ascii_alphabetic() && !matches!(byte, b'T' | b'Z' | b'z'))
    {
        if let Some(date) = parse_month_name(text) {
            return Some(date.and_time(NaiveTime::MIN).and_utc().timestamp());
        }
    }
    // `YYYY-MM-DD hh:mm:ss[.fff] UTC`
    parse_iso(text.strip_suffix(" UTC").unwrap_or(text))
}

/// `MM-DD-YYYY HH:MM:SS`, with or without ` UTC` after it: always month-first
/// and always UTC (the sales-intelligence vendor's analytics export). `None`
/// when the text is not of that shape, `Some(None)` when it is but does not read.
fn parse_month_first_dashed(text: &str) -> Option<Option<NaiveDateTime>> {
    let rest = text.strip_suffix(" UTC").unwrap_or(text).trim_end();
    let bytes = rest.as_bytes();
    let shaped = bytes.len() >= 11 && bytes[2] == b'-' && bytes[5] == b'-' && bytes[10] == b' ';
    shaped.then(|| NaiveDateTime::parse_from_str(rest, "%m-%d-%Y %H:%M:%S").ok())
}

/// Reads a calendar date in any format of `docs/inputs.md`; a date-time gives its date
/// as written (its own offset, not converted).
pub fn parse_date(cell: &str, order: SlashOrder) -> Option<NaiveDate> {
    let text = cell.trim();
    if text.contains('/') {
        return parse_slash(text, order).map(|moment| moment.date());
    }
    if let Some(moment) = parse_month_first_dashed(text) {
        return moment.map(|moment| moment.date());
    }
    if let Some(date) = parse_month_name(text) {
        return Some(date);
    }
    let text = text.strip_suffix(" UTC").unwrap_or(text);
    let date_part = text.get(..10)?;
    let date = NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()?;
    if text.len() == 10 {
        Some(date)
    } else {
        parse_iso(text).map(|_| date)
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DD[T| ]hh:mm[:ss[.fff]]` with an optional `Z`,
/// `±hh:mm`, `±hhmm` or `±hh`.
fn parse_iso(text: &str) -> Option<i64> {
    if text.len() < 10 || !text.is_char_boundary(10) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&text[..10], "%Y-%m-%d").ok()?;
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(date.and_time(NaiveTime::MIN).and_utc().timestamp());
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    // Split the clock from the offset.
    let offset_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, offset) = rest.split_at(offset_at);
    let time = parse_clock(clock)?;
    let offset_seconds = parse_offset(offset)?;
    Some(date.and_time(time).and_utc().timestamp() - offset_seconds)
}

/// A two-digit year: `00`-`69` are 20xx, `70`-`99` 19xx.
fn full_year(two_digits: i32) -> i32 {
    if two_digits < 70 {
        2000 + two_digits
    } else {
        1900 + two_digits
    }
}

/// A date with its month's English name: `30 May 2024`, `May 30, 2024`,
/// `30-May-24` (the time after it, if any, is not read).
fn parse_month_name(text: &str) -> Option<NaiveDate> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month_of = |word: &str| -> Option<u32> {
        let word = word.to_ascii_lowercase();
        let word = word.trim_end_matches('.');
        (word.len() >= 3)
            .then(|| MONTHS.iter().position(|month| word.starts_with(month)))
            .flatten()
            .filter(|&month| {
                // The whole name or its first three letters (`Sept` too).
                let full = [
                    "january",
                    "february",
                    "march",
                    "april",
                    "may",
                    "june",
                    "july",
                    "august",
                    "september",
                    "october",
                    "november",
                    "december",
                ][month];
                full.starts_with(word) || word == "sept"
            })
            .map(|month| month as u32 + 1)
    };
    let words: Vec<&str> = text
        .split([' ', '-', ','])
        .filter(|word| !word.is_empty())
        .take(3)
        .collect();
    let [a, b, c] = words[..] else {
        return None;
    };
    let (day, month, year) = if let Some(month) = month_of(b) {
        (a, month, c)
    } else {
        (b, month_of(a)?, c)
    };
    let day: u32 = short_number(day)?;
    let year: i32 = match year.len() {
        4 if year.bytes().all(|byte| byte.is_ascii_digit()) => year.parse().ok()?,
        2 if year.bytes().all(|byte| byte.is_ascii_digit()) => full_year(year.parse().ok()?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff` (fractions are dropped: days and
/// windows work in seconds).
fn parse_clock(clock: &str) -> Option<NaiveTime> {
    let mut parts = clock.split(':');
    let hours: u32 = two_digits(parts.next()?)?;
    let minutes: u32 = two_digits(parts.next()?)?;
    let seconds: u32 = match parts.next() {
        None => 0,
        Some(seconds) => {
            let whole = seconds
                .split_once('.')
                .map_or(seconds, |(whole, fraction)| {
                    if fraction.is_empty() || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
                        ""
                    } else {
                        whole
                    }
                });
            two_digits(whole)?
        }
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(hours, minutes, seconds)
}

fn two_digits(part: &str) -> Option<u32> {
    (part.len() == 2 && part.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

/// `Z`, `±hh:mm`, `±hhmm`, `±hh` or nothing, as seconds east of UTC.
fn parse_offset(offset: &str) -> Option<i64> {
    if offset.is_empty() || offset.eq_ignore_ascii_case("z") {
        return Some(0);
    }
    let (sign, digits) = match offset.as_bytes()[0] {
        b'+' => (1, &offset[1..]),
        b'-' => (-1, &offset[1..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.len() {
        2 => (digits, "00"),
        4 => (&digits[..2], &digits[2..]),
        5 if digits.as_bytes()[2] == b':' => (&digits[..2], &digits[3..]),
        _ => return None,
    };
    let hours = two_digits(hours)? as i64;
    let minutes = two_digits(minutes)? as i64;
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

/// `MM/DD/YYYY` or `DD/MM/YYYY` (by the column's order), optionally followed by
/// `hh:mm[:ss]` and `AM`/`PM` (12 AM is 00).
fn parse_slash(text: &str, order: SlashOrder) -> Option<NaiveDateTime> {
    let (date_text, time_text) = match text.split_once(' ') {
        // `8/18/18, 9:08 AM`: a comma may end the date.
        Some((date, time)) => (date.strip_suffix(',').unwrap_or(date), Some(time.trim())),
        None => (text, None),
    };
    let mut parts = date_text.split('/');
    let first: u32 = short_number(parts.next()?)?;
    let second: u32 = short_number(parts.next()?)?;
    let year_text = parts.next()?;
    if parts.next().is_some() || !year_text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let year: i32 = match year_text.len() {
        4 => year_text.parse().ok()?,
        2 => full_year(year_text.parse().ok()?),
        _ => return None,
    };
    let (month, day) = match order {
        SlashOrder::MonthFirst => (first, second),
        SlashOrder::DayFirst => (second, first),
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let time = match time_text {
        None => NaiveTime::MIN,
        Some(time) => {
            let upper = time.to_ascii_uppercase();
            let (clock, meridiem) = if let Some(clock) = upper.strip_suffix("AM") {
                (clock.trim_end().to_string(), Some(false))
            } else if let Some(clock) = upper.strip_suffix("PM") {
                (clock.trim_end().to_string(), Some(true))
            } else {
                (upper.clone(), None)
            };
            // Excel writes `9:05 AM`: pad a one-digit hour.
            let clock = if clock.find(':') == Some(1) {
                format!("0{clock}")
            } else {
                clock
            };
            let parsed = parse_clock(&clock)?;
            match meridiem {
                None => parsed,
                Some(is_pm) => {
                    use chrono::Timelike;
                    let hour = parsed.hour();
                    if hour == 0 || hour > 12 {
                        return None;
                    }
                    let hour = match (hour, is_pm) {
                        (12, false) => 0,
                        (12, true) => 12,
                        (hour, true) => hour + 12,
                        (hour, false) => hour,
                    };
                    parsed.with_hour(hour)?
                }
            }
        }
    };
    Some(date.and_time(time))
}

fn short_number(part: &str) -> Option<u32> {
    (!part.is_empty() && part.len() <= 2 && part.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn epoch(text: &str) -> i64 {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn numbers_in_both_styles() {
        use NumberStyle::*;
        for (cell, expected) in [
            ("1234", 1234.0),
            ("1,234", 1234.0),
            ("1 234", 1234.0),
            ("1\u{a0}234", 1234.0),
            ("1234.5", 1234.5),
            ("1,234,567.25", 1_234_567.25),
            ("-3", -3.0),
            ("12%", 0.12),
            ("-12.6%", -0.126),
            (" 7 ", 7.0),
        ] {
            assert_eq!(parse_number(cell, DecimalPoint), Some(expected), "{cell}");
        }
        for (cell, expected) in [
            ("1.234,5", 1234.5),
            ("72.3", 72.3),
            ("1 234,5", 1234.5),
            ("12.500,00", 12500.0),
            ("0,5", 0.5),
            ("1.234", 1234.0),
        ] {
            assert_eq!(parse_number(cell, DecimalComma), Some(expected), "{cell}");
        }
        for cell in [
            "", "-", "abc", "1,23", "12,34,5", "1.2.3", "$", "e5", "%", "200-51",
        ] {
            assert_eq!(parse_number(cell, DecimalPoint), None, "{cell}");
        }
        // Currency signs, scientific notation, headcount ranges (lower bound).
        for (cell, expected) in [
            ("$1,100.04 ", 1100.04),
            ("-$5", -5.0),
            ("USD 250", 250.0),
            ("2.10E+07", 21_000_000.0),
            ("1e5", 100_000.0),
            ("51-200", 51.0),
            ("1001-5000 employees", 1001.0),
            ("10,001+", 10_001.0),
        ] {
            assert_eq!(parse_number(cell, DecimalPoint), Some(expected), "{cell}");
        }
        assert_eq!(parse_number("1.234,50 €", DecimalComma), Some(1234.5));
    }

    #[test]
    fn booleans_lists_tokens() {
        for cell in ["true", "YES", "y", "1", "On"] {
            assert_eq!(parse_bool(cell), Some(true), "{cell}");
        }
        for cell in ["False", "no", "N", "0", "off"] {
            assert_eq!(parse_bool(cell), Some(false), "{cell}");
        }
        assert_eq!(parse_bool("maybe"), None);
        assert_eq!(
            parse_list(" EMEA ; ;Enterprise;"),
            vec!["EMEA", "Enterprise"]
        );
        assert!(parse_list(" ; ").is_empty());
        assert_eq!(normalize_token("Lead Saved"), "lead_saved");
        assert_eq!(normalize_token(" LEAD-SAVED "), "lead_saved");
        assert_eq!(normalize_token("lead__ -saved"), "lead_saved");
        assert_eq!(parse_seat_status("Onboarded"), Some("activated"));
        assert_eq!(parse_seat_status("PENDING"), Some("invited"));
        assert_eq!(parse_seat_status("revoked"), Some("unassigned"));
        assert_eq!(parse_seat_status("frozen"), None);
    }

    #[test]
    fn iso_dates_and_times() {
        let order = SlashOrder::MonthFirst;
        assert_eq!(
            parse_datetime("2026-03-18", order),
            Some(epoch("2026-03-18 00:00:00"))
        );
        assert_eq!(
            parse_datetime("2026-03-18T14:05", order),
            Some(epoch("2026-03-18 14:05:00"))
        );
        assert_eq!(
            parse_datetime("2026-03-18 14:05:09", order),
            Some(epoch("2026-03-18 14:05:09"))
        );
        assert_eq!(
            parse_datetime("2026-03-18T14:05:09.123Z", order),
            Some(epoch("2026-03-18 14:05:09"))
        );
        assert_eq!(
            parse_datetime("2026-03-18T14:05:09+02:00", order),
            Some(epoch("2026-03-18 12:05:09"))
        );
        assert_eq!(
            parse_datetime("2026-03-18T01:00-0530", order),
            Some(epoch("2026-03-18 06:30:00"))
        );
        assert_eq!(
            parse_datetime("2026-03-18T01:00+01", order),
            Some(epoch("2026-03-18 00:00:00"))
        );
        assert_eq!(
            parse_datetime("03-18-2026 14:05:09 UTC", order),
            Some(epoch("2026-03-18 14:05:09"))
        );
        // The vendor's analytics export writes it without the zone: still UTC.
        assert_eq!(
            parse_datetime("03-18-2026 14:05:09", order),
            Some(epoch("2026-03-18 14:05:09"))
        );
        assert_eq!(
            parse_date("03-18-2026 23:59:59", order),
            Some(ymd(2026, 3, 18))
        );
        for bad in [
            "18-03-2026 14:05:09",
            "2026-02-30",
            "2026-03-18T25:00",
            "2026-03-18X10:00",
            "18-03-2026",
            "2026-03-18T10:00+1",
            "tomorrow",
            "",
        ] {
            assert_eq!(parse_datetime(bad, order), None, "{bad}");
        }
        assert_eq!(
            parse_date("2026-03-18T23:30:00-05:00", order),
            Some(ymd(2026, 3, 18)),
            "the date as written"
        );
        assert_eq!(parse_date("2026-03-18T23:30:00+99:00", order), None);
    }

    #[test]
    fn slash_dates_follow_the_column() {
        assert_eq!(
            detect_slash_order(["03/04/2026", "12/31/2026"]),
            SlashOrder::MonthFirst
        );
        assert_eq!(
            detect_slash_order(["03/04/2026", "23/01/2026"]),
            SlashOrder::DayFirst
        );
        assert_eq!(
            detect_slash_order(["2026-01-23", ""]),
            SlashOrder::MonthFirst
        );
        assert_eq!(
            parse_date("03/04/2026", SlashOrder::MonthFirst),
            Some(ymd(2026, 3, 4))
        );
        assert_eq!(
            parse_date("03/04/2026", SlashOrder::DayFirst),
            Some(ymd(2026, 4, 3))
        );
        assert_eq!(
            parse_date("3/7/2026", SlashOrder::MonthFirst),
            Some(ymd(2026, 3, 7))
        );
        assert_eq!(
            parse_date("23/01/2026", SlashOrder::MonthFirst),
            None,
            "month 23 does not exist"
        );
        assert_eq!(
            parse_datetime("03/18/2026 12:00 AM", SlashOrder::MonthFirst),
            Some(epoch("2026-03-18 00:00:00"))
        );
        assert_eq!(
            parse_datetime("03/18/2026 12:30 PM", SlashOrder::MonthFirst),
            Some(epoch("2026-03-18 12:30:00"))
        );
        assert_eq!(
            parse_datetime("03/18/2026 9:05 pm", SlashOrder::MonthFirst),
            Some(epoch("2026-03-18 21:05:00"))
        );
        assert_eq!(
            parse_datetime("18/03/2026 21:05:09", SlashOrder::DayFirst),
            Some(epoch("2026-03-18 21:05:09"))
        );
        assert_eq!(
            parse_datetime("03/18/2026 13:00 PM", SlashOrder::MonthFirst),
            None
        );
        // Two-digit years: 00-69 are 20xx, 70-99 19xx; a comma may end the date.
        assert_eq!(
            parse_datetime("03/18/26", SlashOrder::MonthFirst),
            Some(epoch("2026-03-18 00:00:00"))
        );
        assert_eq!(
            parse_date("02/23/75", SlashOrder::MonthFirst),
            NaiveDate::from_ymd_opt(1975, 2, 23)
        );
        assert_eq!(
            parse_datetime("8/18/18, 9:08 AM", SlashOrder::MonthFirst),
            Some(epoch("2018-08-18 09:08:00"))
        );
        assert_eq!(parse_datetime("03/18/026", SlashOrder::MonthFirst), None);
    }

    #[test]
    fn month_names_and_utc_suffixes() {
        let may_30 = NaiveDate::from_ymd_opt(2024, 5, 30);
        for written in [
            "30 May 2024",
            "May 30, 2024",
            "30-May-24",
            "30-MAY-2024",
            "Thursday",
        ] {
            let expected = if written == "Thursday" { None } else { may_30 };
            assert_eq!(
                parse_date(written, SlashOrder::MonthFirst),
                expected,
                "{written}"
            );
        }
        assert_eq!(
            parse_datetime("2 September 2025", SlashOrder::MonthFirst),
            Some(epoch("2025-09-02 00:00:00"))
        );
        assert_eq!(parse_date("31 Feb 2024", SlashOrder::MonthFirst), None);
        assert_eq!(
            parse_datetime("2026-03-18 14:05:09.250 UTC", SlashOrder::MonthFirst),
            Some(epoch("2026-03-18 14:05:09"))
        );
    }

    #[test]
    fn missing_markers_and_spreadsheet_errors() {
        for marker in [
            "#N/A", "N/A", "n/a", "NULL", "null", "[null]", "(blank)", "-",
        ] {
            assert_eq!(screen_cell(marker), Screened::Missing, "{marker}");
        }
        for value in ["Nathalie", "-5", "NA", "none", "#1", "#1 Fan", "", "(blank"] {
            assert_eq!(screen_cell(value), Screened::Value(value));
        }
        for error in ["#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#name?"] {
            assert_eq!(screen_cell(error), Screened::SpreadsheetError(error));
        }
    }
}
