//! Numbers, sizes and moments as people read them: one place for the page,
//! the command line's messages and the exports' plain numbers.

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

/// Formats an integer with thousands separators ("1,234,567").
pub fn human_count(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
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

/// Formats epoch milliseconds as `YYYY-MM-DD HH:MM` UTC.
pub fn format_timestamp(epoch_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(epoch_ms)
        .map(|moment| moment.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
