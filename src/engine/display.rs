//! Numbers, sizes and moments as people read them: one place for the page,
//! the command line's messages and the exports' plain numbers.
//!
//! Figures, percentages and dates follow the reader's [`Locale`]: the page
//! takes it from the browser once, at start (`ui::browser::reader_locale`);
//! the command line keeps the default (`1,234.5`, `2026-11-23`). Exports never
//! use it: their numbers are [`format_number`]'s and their dates ISO.

use std::cell::RefCell;

/// How a reader's locale writes numbers and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// Between groups of three digits: `,` (en), `.` (de), a narrow space (fr).
    pub group: String,
    /// Before the decimals: `.` (en), `,` (de, fr).
    pub decimal: String,
    /// A date's pieces in order: `[Month, "/", Day, "/", Year]` (en-US).
    pub date: Vec<DatePiece>,
}

/// A piece of a written date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatePiece {
    Year,
    /// Two digits.
    Month,
    /// Two digits.
    Day,
    Text(String),
}

impl Default for Locale {
    /// `1,234.5` and `2026-11-23`.
    fn default() -> Locale {
        Locale {
            group: ",".into(),
            decimal: ".".into(),
            date: vec![
                DatePiece::Year,
                DatePiece::Text("-".into()),
                DatePiece::Month,
                DatePiece::Text("-".into()),
                DatePiece::Day,
            ],
        }
    }
}

#[cfg(test)]
impl Locale {
    /// `1.234,5` and `07.03.2026`: a locale unlike the default, for the tests.
    pub fn german() -> Locale {
        Locale {
            group: ".".into(),
            decimal: ",".into(),
            date: vec![
                DatePiece::Day,
                DatePiece::Text(".".into()),
                DatePiece::Month,
                DatePiece::Text(".".into()),
                DatePiece::Year,
            ],
        }
    }
}

thread_local! {
    static LOCALE: RefCell<Locale> = RefCell::new(Locale::default());
}

/// Sets the reader's locale for what follows on this thread (the page, once).
pub fn use_locale(locale: Locale) {
    LOCALE.with(|current| *current.borrow_mut() = locale);
}

fn with_locale<T>(read: impl FnOnce(&Locale) -> T) -> T {
    LOCALE.with(|locale| read(&locale.borrow()))
}

/// A date as the reader writes dates ("11/23/2026", "23.11.2026").
pub fn format_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    with_locale(|locale| {
        locale
            .date
            .iter()
            .map(|piece| match piece {
                DatePiece::Year => date.year().to_string(),
                DatePiece::Month => format!("{:02}", date.month()),
                DatePiece::Day => format!("{:02}", date.day()),
                DatePiece::Text(text) => text.clone(),
            })
            .collect()
    })
}

/// Numbers as a person writes them: integers without a fraction, others with
/// up to six decimals and no trailing zeros.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Formats an integer with thousands separators ("1,234,567"; "1.234.567" in
/// German).
pub fn human_count(count: u64) -> String {
    with_locale(|locale| group_digits(count, &locale.group))
}

/// An integer with `separator` between groups of three digits, whatever the
/// reader's locale: for files (the demo's exports), not for people.
pub fn group_digits(count: u64, separator: &str) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// A figure in a page's table or card: integers with thousands separators
/// ("12,345"), other numbers rounded to two decimals ("21.52", "0.5").
pub fn format_figure(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    let sign = if rounded < 0.0 { "-" } else { "" };
    let whole_text = if whole.abs() < 1e15 {
        human_count(whole.abs() as u64)
    } else {
        format!("{}", whole.abs())
    };
    let fraction = format!("{:.2}", (rounded - whole).abs());
    let digits = fraction
        .trim_start_matches('0')
        .trim_start_matches('.')
        .trim_end_matches('0');
    if digits.is_empty() {
        format!("{sign}{whole_text}")
    } else {
        let decimal = with_locale(|locale| locale.decimal.clone());
        format!("{sign}{whole_text}{decimal}{digits}")
    }
}

/// A share of a whole as a percentage: "92.5%", "100%", "0.4%".
pub fn format_percent(share: f64) -> String {
    let percent = (share * 1000.0).round() / 10.0;
    if percent.fract() == 0.0 {
        format!("{}%", percent as i64)
    } else {
        let decimal = with_locale(|locale| locale.decimal.clone());
        format!("{percent:.1}%").replacen('.', &decimal, 1)
    }
}

/// A figure's change on the previous period, in words: "+12%", "−5%", "no
/// change", or "new" when there was nothing before.
pub fn format_change(current: f64, previous: f64) -> String {
    if previous == 0.0 {
        return if current == 0.0 { "no change" } else { "new" }.to_string();
    }
    let percent = ((current / previous - 1.0) * 100.0).round();
    if percent == 0.0 {
        "no change".to_string()
    } else if percent > 0.0 {
        format!("+{percent}%")
    } else {
        format!("−{}%", -percent)
    }
}

/// Formats a byte count as a person reads it ("1.4 MB").
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// Formats epoch milliseconds as the reader's date and `HH:MM`, UTC.
pub fn format_timestamp(epoch_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(epoch_ms)
        .map(|moment| {
            format!(
                "{} {}",
                format_date(moment.date_naive()),
                moment.format("%H:%M")
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_percentages_as_people_read_them() {
        assert_eq!(format_figure(12345.0), "12,345");
        assert_eq!(format_figure(21.5172), "21.52");
        assert_eq!(format_figure(0.5), "0.5");
        assert_eq!(format_figure(-1234.5), "-1,234.5");
        assert_eq!(format_figure(2.999), "3");
        assert_eq!(format_figure(0.0), "0");
        assert_eq!(format_percent(0.925), "92.5%");
        assert_eq!(format_percent(1.0), "100%");
        assert_eq!(format_percent(0.35264), "35.3%");
        assert_eq!(format_percent(0.0), "0%");
    }

    #[test]
    fn figures_and_dates_in_the_reader_s_locale() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(format_date(day), "2026-03-07");
        use_locale(Locale::german());
        assert_eq!(human_count(1_234_567), "1.234.567");
        assert_eq!(format_figure(-1234.5), "-1.234,5");
        assert_eq!(format_figure(21.5172), "21,52");
        assert_eq!(format_percent(0.925), "92,5%");
        assert_eq!(format_percent(1.0), "100%");
        assert_eq!(format_date(day), "07.03.2026");
        assert_eq!(format_timestamp(1_772_884_800_000), "07.03.2026 12:00");
        // The exports' numbers never follow it.
        assert_eq!(format_number(1234.5), "1234.5");
        use_locale(Locale::default());
        assert_eq!(format_figure(-1234.5), "-1,234.5");
    }

    #[test]
    fn changes_in_words() {
        assert_eq!(format_change(112.0, 100.0), "+12%");
        assert_eq!(format_change(95.0, 100.0), "−5%");
        assert_eq!(format_change(100.2, 100.0), "no change");
        assert_eq!(format_change(3.0, 0.0), "new");
        assert_eq!(format_change(0.0, 0.0), "no change");
    }

    #[test]
    fn human_formats() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(1_400_000), "1.4 MB");
        assert_eq!(human_size(85_000_000), "85 MB");
        assert_eq!(human_count(0), "0");
        assert_eq!(human_count(1234), "1,234");
        assert_eq!(human_count(1_234_567), "1,234,567");
        assert_eq!(format_timestamp(0), "1970-01-01 00:00");
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(-0.126), "-0.126");
    }
}
