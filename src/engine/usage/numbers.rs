//! Exact figures for the export and the summary: rates and averages rounded
//! half away from zero on the exact fraction, amounts summed as decimals.

/// A value as millionths, read from its shortest decimal spelling (the value
/// as the file wrote it, not its binary neighbour).
pub fn micros(value: f64) -> Option<i128> {
    if !value.is_finite() {
        return None;
    }
    let text = format!("{value}");
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.as_str()),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole: i128 = whole.parse().ok()?;
    let mut micros = whole.checked_mul(1_000_000)?;
    let mut scale = 100_000;
    let mut rest = 0;
    for (position, digit) in fraction.bytes().enumerate() {
        let digit = (digit - b'0') as i128;
        if position < 6 {
            micros += digit * scale;
            scale /= 10;
        } else if position == 6 {
            rest = digit;
        }
    }
    // Beyond six places: round half away from zero on the seventh digit.
    if rest >= 5 {
        micros += 1;
    }
    Some(sign * micros)
}

/// `numerator / denominator` with `places` decimals, rounded half away from
/// zero on the exact fraction; `None` when the denominator is 0.
pub fn ratio(numerator: i128, denominator: i128, places: u32) -> Option<String> {
    if denominator == 0 {
        return None;
    }
    let negative = (numerator < 0) != (denominator < 0) && numerator != 0;
    let (numerator, denominator) = (numerator.abs(), denominator.abs());
    let scale = 10i128.pow(places);
    let scaled = (numerator * scale * 2 + denominator) / (denominator * 2);
    Some(fixed(if negative { -scaled } else { scaled }, places))
}

/// A count of 10^-places units as a decimal with `places` decimals.
fn fixed(units: i128, places: u32) -> String {
    let scale = 10i128.pow(places);
    let sign = if units < 0 { "-" } else { "" };
    let units = units.abs();
    if places == 0 {
        return format!("{sign}{units}");
    }
    format!(
        "{sign}{}.{:0width$}",
        units / scale,
        units % scale,
        width = places as usize
    )
}

/// Millionths with `places` (≤ 6) decimals, rounded half away from zero.
pub fn micros_text(micros: i128, places: u32) -> String {
    ratio(micros, 1_000_000, places).unwrap_or_default()
}

/// A value as written, with `places` (≤ 6) decimals, rounded half away from zero.
pub fn rounded(value: f64, places: u32) -> String {
    micros(value).map_or_else(String::new, |micros| micros_text(micros, places))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_away_from_zero_on_the_exact_fraction() {
        assert_eq!(ratio(1, 3, 4).as_deref(), Some("0.3333"));
        assert_eq!(ratio(2, 3, 4).as_deref(), Some("0.6667"));
        assert_eq!(ratio(1, 8, 2).as_deref(), Some("0.13"));
        assert_eq!(ratio(3, 1, 4).as_deref(), Some("3.0000"));
        assert_eq!(ratio(0, 5, 4).as_deref(), Some("0.0000"));
        assert_eq!(ratio(1, 0, 4), None);
        assert_eq!(ratio(-1, 8, 2).as_deref(), Some("-0.13"));
    }

    #[test]
    fn values_round_as_written_not_as_stored() {
        // 72.345 is stored as 72.34499999…; as written it rounds up.
        assert_eq!(rounded(72.345, 2), "72.35");
        assert_eq!(rounded(1.005, 2), "1.01");
        assert_eq!(rounded(-2.5, 0), "-3");
        assert_eq!(rounded(25.0, 2), "25.00");
        assert_eq!(micros(0.1).unwrap() + micros(0.2).unwrap(), 300_000);
        assert_eq!(micros_text(5_700_500_000, 2), "5700.50");
    }
}
