//! The words the page shows for an export's column names: the exports keep
//! their contracted names (`inmail_acceptance_rate`), the page says "InMail
//! acceptance rate". One place for every table of every page.

use crate::engine::usage::metrics::Metric;
use crate::engine::usage::practices::Practice;

/// Columns whose words are not the name's own words, spaced and capitalised.
const WORDS: [(&str, &str); 24] = [
    ("account_id", "Account ID"),
    ("company_id", "Company ID"),
    ("user_id", "User ID"),
    ("seat_id", "Seat ID"),
    ("hq_city", "HQ city"),
    ("hq_region", "HQ region"),
    ("hq_country", "HQ country"),
    ("jobs_posted_90d", "Jobs posted (90 days)"),
    ("headcount_growth_1y", "Headcount growth (1 year)"),
    ("lam", "LAM (users × price)"),
    ("ssi", "SSI"),
    ("ssi_brand", "SSI: brand"),
    ("ssi_find", "SSI: find people"),
    ("ssi_engage", "SSI: engage"),
    ("ssi_build", "SSI: relationships"),
    ("inmail_acceptance_rate", "InMail acceptance rate"),
    ("good_fit_marked", "Marked a good fit"),
    ("good_fit_rate", "Good-fit rate"),
    ("account_iq_views", "Account IQ views"),
    ("lead_iq_views", "Lead IQ views"),
    ("assistant_setup", "Assistant set up"),
    ("average_days_active", "Days active (average)"),
    ("average_searches", "Searches (average)"),
    ("influenced_share", "Influenced share"),
];

/// The page's words for a column. A name that is not an export name (a
/// persona's, or a header of the person's own file) is shown as it is.
pub fn column_label(column: &str) -> String {
    if let Some((_, words)) = WORDS.iter().find(|(name, _)| *name == column) {
        return words.to_string();
    }
    if let Some(metric) = Metric::ALL
        .into_iter()
        .find(|metric| metric.column() == column)
    {
        return metric.label().to_string();
    }
    if let Some(practice) = Practice::ALL
        .into_iter()
        .find(|practice| practice.column() == column)
    {
        return practice.label().to_string();
    }
    let is_export_name = !column.is_empty()
        && column
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_');
    if !is_export_name {
        return column.to_string();
    }
    let spaced = column.replace('_', " ");
    let mut characters = spaced.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::usage::report::EXPORT_COLUMNS;

    #[test]
    fn export_names_read_as_words_and_other_names_stay() {
        assert_eq!(column_label("employee_count"), "Employee count");
        assert_eq!(
            column_label("inmail_acceptance_rate"),
            "InMail acceptance rate"
        );
        assert_eq!(column_label("days_active"), "Days active");
        assert_eq!(
            column_label("bp_book_of_business"),
            Practice::BookOfBusiness.label()
        );
        assert_eq!(
            column_label("Software developers (by title)"),
            "Software developers (by title)"
        );
        assert_eq!(column_label("Account ID"), "Account ID");
        assert_eq!(column_label(""), "");
    }

    /// No column of the usage export is shown under its export name.
    #[test]
    fn every_usage_column_has_words() {
        for column in EXPORT_COLUMNS.iter() {
            let label = column_label(column);
            assert!(!label.contains('_'), "{column}: {label}");
            assert_ne!(label, *column, "{column}");
        }
    }
}
