//! The account report's headline: what a sales leader reads before any table
//! — how many accounts are matched, how many people of the sizing persona
//! they hold, the licence opportunity (`lam`) in the accounts and in the
//! whitespace, and the ten largest accounts by `lam`.

use super::report::{ReportTable, LOW_PEOPLE_COVERAGE};

/// The figures at the top of the Accounts page.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub accounts: usize,
    /// Accounts with a company (matched or confirmed).
    pub matched: usize,
    /// The sizing persona's people across the accounts.
    pub sizing_people: f64,
    /// The sum of the accounts' `lam`.
    pub lam: f64,
    pub whitespace_companies: usize,
    /// The sizing persona's people across the whitespace companies.
    pub whitespace_people: f64,
    /// Those people × the price: the whitespace's `lam`.
    pub whitespace_lam: f64,
    /// The ten accounts with the largest `lam` (name, `lam`), largest first.
    pub top_accounts: Vec<(String, f64)>,
    /// Accounts whose people coverage is below [`LOW_PEOPLE_COVERAGE`]: their
    /// persona counts may be low for want of profiles.
    pub few_profiles: usize,
}

/// Accounts listed in [`Headline::top_accounts`].
pub const TOP_ACCOUNTS: usize = 10;

impl Headline {
    /// Reads the headline off the account report and the whitespace (the
    /// sizing persona's column, when there is one, and the price per user).
    pub fn of(
        report: &ReportTable,
        whitespace: &ReportTable,
        sizing_column: Option<&str>,
        price: f64,
    ) -> Headline {
        let column_sum = |table: &ReportTable, column: Option<usize>| -> f64 {
            column.map_or(0.0, |at| {
                table.rows.iter().filter_map(|row| row[at].number()).sum()
            })
        };
        let sizing = |table: &ReportTable| sizing_column.and_then(|name| table.column(name));
        let company = report.column("company_id");
        let matched = company.map_or(0, |at| {
            report
                .rows
                .iter()
                .filter(|row| !row[at].as_text().is_empty())
                .count()
        });
        let lam = report.column("lam");
        let name = report.column("account_name");
        let mut top_accounts: Vec<(String, f64)> = match (lam, name) {
            (Some(lam), Some(name)) => report
                .rows
                .iter()
                .filter_map(|row| Some((row[name].as_text(), row[lam].number()?)))
                .filter(|(_, lam)| *lam > 0.0)
                .collect(),
            _ => Vec::new(),
        };
        // Largest first; equal ones in the report's order (a stable sort).
        top_accounts.sort_by(|a, b| b.1.total_cmp(&a.1));
        top_accounts.truncate(TOP_ACCOUNTS);
        let whitespace_people = column_sum(whitespace, sizing(whitespace));
        let few_profiles = report.column("people_coverage").map_or(0, |at| {
            report
                .rows
                .iter()
                .filter(|row| {
                    row[at]
                        .number()
                        .is_some_and(|coverage| coverage < LOW_PEOPLE_COVERAGE)
                })
                .count()
        });
        Headline {
            accounts: report.rows.len(),
            matched,
            sizing_people: column_sum(report, sizing(report)),
            lam: column_sum(report, lam),
            whitespace_companies: whitespace.rows.len(),
            whitespace_people,
            whitespace_lam: ((whitespace_people * price) * 100.0).round() / 100.0,
            top_accounts,
            few_profiles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::accounts::report::ReportCell;

    fn text(value: &str) -> ReportCell {
        ReportCell::Text(value.to_string())
    }

    fn number(value: f64) -> ReportCell {
        ReportCell::Number(Some(value))
    }

    #[test]
    fn sums_the_persona_and_lam_and_lists_the_largest_accounts() {
        let columns = |names: &[&str]| names.iter().map(|name| name.to_string()).collect();
        let mut rows = vec![
            vec![text("Acme"), text("C1"), number(10.0), number(1200.0)],
            vec![
                text("Bolt"),
                text(""),
                ReportCell::Number(None),
                ReportCell::Number(None),
            ],
            vec![text("Core"), text("C3"), number(3.0), number(360.0)],
        ];
        for at in 0..12 {
            rows.push(vec![
                text(&format!("Small {at}")),
                text("C"),
                number(1.0),
                number(120.0),
            ]);
        }
        let report = ReportTable {
            columns: columns(&["account_name", "company_id", "Developers", "lam"]),
            rows,
        };
        let whitespace = ReportTable {
            columns: columns(&["company_id", "Developers"]),
            rows: vec![vec![text("W1"), number(4.0)], vec![text("W2"), number(1.5)]],
        };
        let headline = Headline::of(&report, &whitespace, Some("Developers"), 120.0);
        assert_eq!(headline.accounts, 15);
        assert_eq!(headline.matched, 14);
        assert_eq!(headline.sizing_people, 25.0);
        assert_eq!(headline.lam, 3000.0);
        assert_eq!(headline.whitespace_companies, 2);
        assert_eq!(headline.whitespace_lam, 660.0);
        assert_eq!(headline.top_accounts.len(), TOP_ACCOUNTS);
        assert_eq!(headline.top_accounts[0], ("Acme".to_string(), 1200.0));
        assert_eq!(headline.top_accounts[1], ("Core".to_string(), 360.0));
        assert_eq!(
            headline.top_accounts[2].0, "Small 0",
            "ties keep the report's order"
        );

        // Without a sizing persona, nothing is sized.
        let without_sizing = Headline::of(&report, &whitespace, None, 120.0);
        assert_eq!(
            (without_sizing.sizing_people, without_sizing.whitespace_lam),
            (0.0, 0.0)
        );
        assert_eq!(headline.few_profiles, 0, "no coverage column, none counted");

        // Accounts under 30 % coverage are counted; unknown coverage is not.
        let covered = ReportTable {
            columns: columns(&["account_name", "people_coverage"]),
            rows: [Some(0.05), Some(0.3), Some(1.2), None, Some(0.29)]
                .into_iter()
                .map(|coverage| vec![text("A"), ReportCell::Share(coverage)])
                .collect(),
        };
        assert_eq!(
            Headline::of(&covered, &whitespace, None, 1.0).few_profiles,
            2
        );
    }
}
