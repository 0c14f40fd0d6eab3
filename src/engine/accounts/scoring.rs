//! Account scoring (`docs/accounts.md`): **Size of Prize** (how big: the account's
//! `lam`) and **Temperature** (how likely and how soon, 0-100: a weighted sum
//! of normalised components, each shown with its contribution), their tiers,
//! and the 3×3 grid.
//!
//! Components, per account:
//! - `engagement`: the account's engagement signals (web visit, whitepaper
//!   download, contact request, email opened, product purchase), each worth
//!   `0.5^(age / half-life)`;
//! - `decision_makers`: decision-maker moves (signalled or derived from
//!   people), decayed the same way;
//! - `hiring_rate`, `headcount_growth` and `connectivity`: the matched
//!   company's, from the account report.
//!
//! Each component is normalised to 0-1 across the accounts: divided by its
//! 95th percentile among accounts where it is positive, capped at 1 (so one
//! outlier does not flatten everyone else; negative growth counts as 0).

use crate::engine::accounts::alerts::Alert;
use crate::engine::accounts::report::ReportTable;
use crate::engine::export::{Cell, Export, ExportError, ExportFormat, Exported};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The signals that count as engagement.
pub const ENGAGEMENT_SIGNALS: [&str; 5] = [
    "web_visit",
    "whitepaper_download",
    "contact_request",
    "email_opened",
    "product_purchase",
];

/// The components, in order, as named in settings and explanations.
pub const COMPONENTS: [&str; 5] = [
    "engagement",
    "decision_makers",
    "hiring_rate",
    "headcount_growth",
    "connectivity",
];

/// Weights, half-life and tier thresholds; each a setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoringSettings {
    /// One weight per component, in [`COMPONENTS`] order.
    pub weights: [f64; 5],
    pub half_life_days: f64,
    /// Tier thresholds `(low/medium, medium/high)`; `None`: terciles.
    pub prize_thresholds: Option<(f64, f64)>,
    /// What Size of Prize is: the `lam`, or the model learned from won deals.
    pub prize_model: PrizeModelChoice,
    pub temperature_thresholds: Option<(f64, f64)>,
}

impl Default for ScoringSettings {
    fn default() -> ScoringSettings {
        ScoringSettings {
            weights: [0.35, 0.2, 0.15, 0.15, 0.15],
            half_life_days: 30.0,
            prize_thresholds: None,
            temperature_thresholds: None,
            prize_model: PrizeModelChoice::Lam,
        }
    }
}

/// The Size of Prize model a person chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PrizeModelChoice {
    /// The account's `lam` (users × price).
    #[default]
    Lam,
    /// Learned from the won deals (`prize_model`), when there are enough.
    Learned,
}

/// Low, Medium, High.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Tier {
    Low,
    Medium,
    High,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Low => "Low",
            Tier::Medium => "Medium",
            Tier::High => "High",
        }
    }
}

/// One account's scores and why.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountScore {
    /// The account's `lam`; `None` when unknown.
    pub size_of_prize: Option<f64>,
    /// 0-100.
    pub temperature: f64,
    /// Each component's contribution to the temperature, in [`COMPONENTS`]
    /// order (they sum to it).
    pub contributions: [f64; 5],
    pub prize_tier: Tier,
    pub temperature_tier: Tier,
}

/// The report's columns of the components with no history (the company's
/// hiring rate, headcount growth and connectivity), looked up once.
pub(super) struct CompanyColumns([Option<usize>; 3]);

impl CompanyColumns {
    pub(super) fn of(report: &ReportTable) -> CompanyColumns {
        CompanyColumns(
            ["hiring_rate", "headcount_growth_1y", "connectivity"].map(|name| report.column(name)),
        )
    }

    /// An account's components before any alert (negative counts as 0).
    pub(super) fn values(&self, report: &ReportTable, row: usize) -> [f64; 5] {
        let value = |at: Option<usize>| {
            at.and_then(|at| report.rows[row][at].number())
                .unwrap_or(0.0)
                .max(0.0)
        };
        let [hiring, growth, connectivity] = self.0;
        [0.0, 0.0, value(hiring), value(growth), value(connectivity)]
    }
}

/// Adds a dated alert to its component (engagement or decision makers),
/// worth `0.5^(age / half-life)` on `as_of`.
pub(super) fn add_alert(values: &mut [f64; 5], alert: &Alert, as_of: NaiveDate, half_life: f64) {
    let age = (as_of - alert.date).num_days().max(0) as f64;
    let weight = 0.5f64.powf(age / half_life.max(0.001));
    if ENGAGEMENT_SIGNALS.contains(&alert.alert_type.as_str()) {
        values[0] += weight;
    } else if alert.alert_type == "decision_maker_move" {
        values[1] += weight;
    }
}

/// The raw component values of each account (before normalisation).
fn raw_components(
    report: &ReportTable,
    alerts: &[Alert],
    as_of: NaiveDate,
    half_life: f64,
) -> Vec<[f64; 5]> {
    let columns = CompanyColumns::of(report);
    let mut raw: Vec<[f64; 5]> = (0..report.rows.len())
        .map(|row| columns.values(report, row))
        .collect();
    for alert in alerts {
        if let Some(values) = raw.get_mut(alert.account) {
            add_alert(values, alert, as_of, half_life);
        }
    }
    raw
}

/// The 95th percentile of the positive values (the normalising scale).
pub(super) fn normalising_scale(values: impl Iterator<Item = f64>) -> f64 {
    let mut positive: Vec<f64> = values.filter(|value| *value > 0.0).collect();
    if positive.is_empty() {
        return 1.0;
    }
    positive.sort_by(f64::total_cmp);
    positive[((positive.len() - 1) as f64 * 0.95).round() as usize]
}

/// The two cut points of three tiers, `(low/medium, medium/high)`: terciles
/// as near as ties allow (`docs/accounts.md`, "Tiers and the grid"). A value shared by many
/// accounts stays in one tier — a third of the accounts at 0 are all Low —
/// and the others split the rest, so that three tiers exist whenever there are
/// three distinct values. A cut point belongs to the tier below it.
pub fn tier_cuts(values: &[f64]) -> (f64, f64) {
    let mut sorted: Vec<f64> = values
        .iter()
        .copied()
        .filter(|value| value.is_finite())
        .collect();
    sorted.sort_by(f64::total_cmp);
    // Each distinct value, and how many values are at or below it.
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    for (at, value) in sorted.iter().enumerate() {
        match distinct.last_mut() {
            Some((last, up_to)) if *last == *value => *up_to = at + 1,
            _ => distinct.push((*value, at + 1)),
        }
    }
    let total = sorted.len() as f64;
    // The distinct value in `range` whose count at or below it is nearest `goal`.
    let nearest = |range: std::ops::Range<usize>, goal: f64| {
        range.min_by(|a, b| {
            let off = |at: usize| (distinct[at].1 as f64 - goal).abs();
            off(*a).total_cmp(&off(*b))
        })
    };
    match distinct.len() {
        0 => (0.0, 0.0),
        1 => (distinct[0].0, distinct[0].0),
        // Two values: the lower Low, the higher High.
        2 => (distinct[0].0, distinct[0].0),
        count => {
            // From the bottom: Low near a third, the rest halved; from the
            // top: High near a third, the rest halved. A tie at the bottom
            // is best split the first way, one at the top the second: the
            // nearer to thirds wins. Each leaves a value above each cut.
            let low = nearest(0..count - 2, total / 3.0).unwrap_or(0);
            let below = distinct[low].1 as f64;
            let from_bottom = (
                low,
                nearest(low + 1..count - 1, below + (total - below) / 2.0).unwrap_or(low + 1),
            );
            let high = nearest(1..count - 1, total * 2.0 / 3.0).unwrap_or(count - 2);
            let from_top = (
                nearest(0..high, distinct[high].1 as f64 / 2.0).unwrap_or(0),
                high,
            );
            let off_thirds = |(low, high): (usize, usize)| {
                let sizes = [
                    distinct[low].1 as f64,
                    (distinct[high].1 - distinct[low].1) as f64,
                    total - distinct[high].1 as f64,
                ];
                sizes
                    .iter()
                    .map(|size| (size - total / 3.0).powi(2))
                    .sum::<f64>()
            };
            let (low, high) = if off_thirds(from_top) < off_thirds(from_bottom) {
                from_top
            } else {
                from_bottom
            };
            (distinct[low].0, distinct[high].0)
        }
    }
}

/// The tier of a value between two cut points (a cut point is in the tier below).
pub(super) fn tier_of(value: f64, (low, high): (f64, f64)) -> Tier {
    if value > high {
        Tier::High
    } else if value > low {
        Tier::Medium
    } else {
        Tier::Low
    }
}

/// Scores every account of an account report (rows in account order), from
/// the alerts dated up to as-of. `prizes` is each account's Size of Prize
/// from the learned model; `None`: the report's `lam`.
pub fn score(
    report: &ReportTable,
    alerts: &[Alert],
    as_of: NaiveDate,
    settings: &ScoringSettings,
    prizes: Option<&[Option<f64>]>,
) -> Vec<AccountScore> {
    let raw = raw_components(report, alerts, as_of, settings.half_life_days);
    let scales: Vec<f64> = (0..5)
        .map(|at| normalising_scale(raw.iter().map(|values| values[at])))
        .collect();
    let total_weight: f64 = settings
        .weights
        .iter()
        .map(|weight| weight.max(0.0))
        .sum::<f64>()
        .max(f64::EPSILON);
    let lam = report.column("lam");
    let scored: Vec<(Option<f64>, [f64; 5])> = raw
        .iter()
        .enumerate()
        .map(|(row, values)| {
            let mut contributions = [0.0; 5];
            for at in 0..5 {
                let normalised = (values[at] / scales[at]).clamp(0.0, 1.0);
                contributions[at] =
                    100.0 * settings.weights[at].max(0.0) * normalised / total_weight;
            }
            let prize = match prizes {
                Some(prizes) => prizes.get(row).copied().flatten(),
                None => lam.and_then(|at| report.rows[row][at].number()),
            };
            (prize, contributions)
        })
        .collect();
    let prizes: Vec<f64> = scored
        .iter()
        .map(|(prize, _)| prize.unwrap_or(0.0))
        .collect();
    let temperatures: Vec<f64> = scored.iter().map(|(_, parts)| parts.iter().sum()).collect();
    let prize_cuts = settings
        .prize_thresholds
        .unwrap_or_else(|| tier_cuts(&prizes));
    let temperature_cuts = settings
        .temperature_thresholds
        .unwrap_or_else(|| tier_cuts(&temperatures));
    scored
        .into_iter()
        .zip(temperatures)
        .map(
            |((size_of_prize, contributions), temperature)| AccountScore {
                size_of_prize,
                temperature,
                contributions,
                prize_tier: tier_of(size_of_prize.unwrap_or(0.0), prize_cuts),
                temperature_tier: tier_of(temperature, temperature_cuts),
            },
        )
        .collect()
}

/// The grid: accounts per (Size of Prize tier, Temperature tier), indexed
/// `[prize][temperature]` from Low to High.
pub fn grid(scores: &[AccountScore]) -> [[usize; 3]; 3] {
    let mut cells = [[0; 3]; 3];
    for score in scores {
        cells[score.prize_tier as usize][score.temperature_tier as usize] += 1;
    }
    cells
}

/// Account rows ranked by Size of Prize (`by_prize`) or by Temperature, the
/// larger first (unknown prizes last, ties by row).
pub fn ranked(scores: &[AccountScore], by_prize: bool) -> Vec<usize> {
    let number = |row: usize| {
        if by_prize {
            scores[row].size_of_prize.unwrap_or(f64::NEG_INFINITY)
        } else {
            scores[row].temperature
        }
    };
    let mut rows: Vec<usize> = (0..scores.len()).collect();
    rows.sort_by(|a, b| number(*b).total_cmp(&number(*a)).then(a.cmp(b)));
    rows
}

/// The ranked list as a file (`sightline lens`, and the Lens page's
/// download): the account's id (under the source's own header), its name, the
/// Size of Prize and its tier, the Temperature and its tier, and each
/// component's points.
pub fn scores_file(
    accounts: &crate::engine::ingest::table::Table,
    account_id_header: &str,
    scores: &[AccountScore],
    by_prize: bool,
    format: ExportFormat,
) -> Result<Exported, ExportError> {
    let mut header = vec![
        account_id_header,
        "account_name",
        "size_of_prize",
        "prize_tier",
        "temperature",
        "temperature_tier",
    ];
    let component_columns: Vec<String> = COMPONENTS
        .iter()
        .map(|component| format!("{component}_points"))
        .collect();
    header.extend(component_columns.iter().map(String::as_str));
    let mut export = Export::new(format, &header);
    for row in ranked(scores, by_prize) {
        let score = &scores[row];
        let text = |field: &str| accounts.text(field, row).unwrap_or_default();
        let (id, name) = (text("account_id"), text("name"));
        let prize = score
            .size_of_prize
            .map(|prize| format!("{prize:.2}"))
            .unwrap_or_default();
        let temperature = format!("{:.1}", score.temperature);
        let points: Vec<String> = score
            .contributions
            .iter()
            .map(|points| format!("{points:.1}"))
            .collect();
        let mut cells = vec![
            Cell::Text(&id),
            Cell::Text(&name),
            Cell::Number(&prize),
            Cell::Text(score.prize_tier.name()),
            Cell::Number(&temperature),
            Cell::Text(score.temperature_tier.name()),
        ];
        cells.extend(points.iter().map(|points| Cell::Number(points)));
        export.row(cells);
    }
    export.finish()
}

/// The grid as a file: one row per Size of Prize tier, one column per
/// Temperature tier, High first.
pub fn grid_file(cells: &[[usize; 3]; 3], format: ExportFormat) -> Result<Exported, ExportError> {
    let order = [Tier::High, Tier::Medium, Tier::Low];
    let mut export = Export::new(
        format,
        &["size_of_prize/temperature", "High", "Medium", "Low"],
    );
    for prize in order {
        let counts: Vec<String> = order
            .iter()
            .map(|temperature| cells[prize as usize][*temperature as usize].to_string())
            .collect();
        let mut row = vec![Cell::Text(prize.name())];
        row.extend(counts.iter().map(|count| Cell::Number(count)));
        export.row(row);
    }
    export.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::accounts::report::ReportCell;

    fn report(rows: &[[f64; 4]]) -> ReportTable {
        ReportTable {
            columns: ["hiring_rate", "headcount_growth_1y", "connectivity", "lam"]
                .iter()
                .map(|c| c.to_string())
                .collect(),
            rows: rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|value| ReportCell::Number(Some(*value)))
                        .collect()
                })
                .collect(),
        }
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
    }

    fn alert(account: usize, kind: &str, days_ago: i64) -> Alert {
        Alert {
            date: as_of() - chrono::Duration::days(days_ago),
            account,
            alert_type: kind.to_string(),
            person: String::new(),
            sentence: String::new(),
        }
    }

    #[test]
    fn temperature_rises_with_each_component() {
        let base = [0.01, 0.05, 2.0, 1000.0];
        let settings = ScoringSettings::default();
        let temperature = |rows: &[[f64; 4]], alerts: &[Alert]| {
            score(&report(rows), alerts, as_of(), &settings, None)[0].temperature
        };
        let others = [[0.02, 0.1, 4.0, 10.0], [0.03, 0.2, 8.0, 20.0]];
        let with = |first: [f64; 4]| [first, others[0], others[1]];
        let cold = temperature(&with(base), &[]);
        assert!(
            temperature(&with([0.02, 0.05, 2.0, 1000.0]), &[]) > cold,
            "hiring rate"
        );
        assert!(
            temperature(&with([0.01, 0.1, 2.0, 1000.0]), &[]) > cold,
            "headcount growth"
        );
        assert!(
            temperature(&with([0.01, 0.05, 4.0, 1000.0]), &[]) > cold,
            "connectivity"
        );
        assert!(
            temperature(
                &with(base),
                &[alert(0, "web_visit", 1), alert(1, "web_visit", 1)]
            ) > cold,
            "engagement"
        );
        assert!(
            temperature(
                &with(base),
                &[
                    alert(0, "decision_maker_move", 1),
                    alert(2, "decision_maker_move", 1)
                ]
            ) > cold,
            "decision makers"
        );
        // Recency: a visit yesterday is worth more than one a half-life ago.
        let recent = temperature(
            &with(base),
            &[
                alert(0, "web_visit", 1),
                alert(1, "web_visit", 0),
                alert(1, "web_visit", 0),
            ],
        );
        let older = temperature(
            &with(base),
            &[
                alert(0, "web_visit", 30),
                alert(1, "web_visit", 0),
                alert(1, "web_visit", 0),
            ],
        );
        assert!(recent > older);
        // Weights are settings: a zero weight silences its component.
        let no_hiring = ScoringSettings {
            weights: [0.35, 0.2, 0.0, 0.15, 0.15],
            ..ScoringSettings::default()
        };
        let scores = score(
            &report(&with([0.5, 0.05, 2.0, 1000.0])),
            &[],
            as_of(),
            &no_hiring,
            None,
        );
        assert_eq!(scores[0].contributions[2], 0.0);
        let parts: f64 = scores[0].contributions.iter().sum();
        assert!(
            (parts - scores[0].temperature).abs() < 1e-9,
            "contributions sum to the temperature"
        );
        assert!(scores
            .iter()
            .all(|score| (0.0..=100.0).contains(&score.temperature)));
    }

    /// How many values fall in each tier, Low to High.
    fn tier_sizes(values: &[f64]) -> [usize; 3] {
        let cuts = tier_cuts(values);
        let mut sizes = [0; 3];
        for value in values {
            sizes[tier_of(*value, cuts) as usize] += 1;
        }
        sizes
    }

    #[test]
    fn tiers_split_ties_so_that_three_tiers_exist() {
        // The demo's shape: two thirds of the accounts with no Size of Prize.
        let mut values = vec![0.0; 202];
        values.extend((1..=99).map(f64::from));
        assert_eq!(tier_sizes(&values), [202, 49, 50], "0 is a tier of its own");
        // Many at the top: the top value is a tier of its own.
        let mut values: Vec<f64> = (1..=10).map(f64::from).collect();
        values.extend([100.0; 200]);
        assert_eq!(
            tier_sizes(&values),
            [5, 5, 200],
            "the others split the rest"
        );
        // Three distinct values, however unequal: three tiers.
        let mut values = vec![5.0; 1000];
        values.extend([1.0, 9.0]);
        assert_eq!(tier_sizes(&values), [1, 1000, 1]);
        // Fewer distinct values: as many tiers, the lowest Low.
        assert_eq!(tier_sizes(&[3.0, 3.0, 7.0]), [2, 0, 1]);
        assert_eq!(tier_sizes(&[3.0, 3.0]), [2, 0, 0]);
        assert_eq!(tier_sizes(&[]), [0, 0, 0]);
        // No ties: terciles.
        let values: Vec<f64> = (0..300).map(f64::from).collect();
        assert_eq!(tier_sizes(&values), [100, 100, 100]);
    }

    #[test]
    fn tiers_of_heavily_tied_values_are_three_and_ordered() {
        // Property: any multiset with three distinct values or more has three
        // non-empty tiers, and a higher value is never in a lower tier.
        let mut rng = crate::engine::rng::Rng::new(7, 0);
        for case in 0..500 {
            let distinct = 1 + rng.below(6) as usize;
            let count = 1 + rng.below(300) as usize;
            let values: Vec<f64> = (0..count)
                .map(|_| {
                    // Skewed: the first value far more often than the others.
                    if rng.chance(0.6) {
                        0.0
                    } else {
                        (rng.below(distinct as u64) * 10) as f64
                    }
                })
                .collect();
            let cuts = tier_cuts(&values);
            let mut seen: Vec<f64> = values.clone();
            seen.sort_by(f64::total_cmp);
            seen.dedup();
            let sizes = tier_sizes(&values);
            if seen.len() >= 3 {
                assert!(
                    sizes.iter().all(|size| *size > 0),
                    "case {case}: {sizes:?} of {seen:?}"
                );
            }
            for pair in seen.windows(2) {
                assert!(tier_of(pair[0], cuts) as usize <= tier_of(pair[1], cuts) as usize);
            }
        }
    }

    #[test]
    fn tiers_by_terciles_or_thresholds_and_the_grid() {
        let rows: Vec<[f64; 4]> = (0..9)
            .map(|at| [0.0, 0.0, at as f64, (at * 100) as f64])
            .collect();
        let scores = score(
            &report(&rows),
            &[],
            as_of(),
            &ScoringSettings::default(),
            None,
        );
        let prize_tiers: Vec<Tier> = scores.iter().map(|score| score.prize_tier).collect();
        for tier in [Tier::Low, Tier::Medium, Tier::High] {
            assert_eq!(
                prize_tiers.iter().filter(|found| **found == tier).count(),
                3,
                "nine distinct values: three per tier"
            );
        }
        assert_eq!(prize_tiers[8], Tier::High);
        assert_eq!(
            scores[8].size_of_prize,
            Some(800.0),
            "Size of Prize is the lam"
        );
        let cells = grid(&scores);
        assert_eq!(cells.iter().flatten().sum::<usize>(), 9);
        assert_eq!(
            cells[2][2],
            scores
                .iter()
                .filter(
                    |score| score.prize_tier == Tier::High && score.temperature_tier == Tier::High
                )
                .count()
        );
        let set = ScoringSettings {
            prize_thresholds: Some((50.0, 700.0)),
            ..ScoringSettings::default()
        };
        let scores = score(&report(&rows), &[], as_of(), &set, None);
        assert_eq!(scores[0].prize_tier, Tier::Low);
        assert_eq!(scores[1].prize_tier, Tier::Medium);
        assert_eq!(scores[7].prize_tier, Tier::Medium, "700 is not above 700");
        assert_eq!(scores[8].prize_tier, Tier::High);
    }
}

#[cfg(test)]
mod export_tests {
    use super::*;
    use crate::engine::ingest::read_test_csv;
    use crate::engine::source_kind::SourceKind;
    use ExportFormat;

    fn scored(prize: Option<f64>, temperature: f64) -> AccountScore {
        AccountScore {
            size_of_prize: prize,
            temperature,
            contributions: [temperature, 0.0, 0.0, 0.0, 0.0],
            prize_tier: Tier::Low,
            temperature_tier: Tier::High,
        }
    }

    #[test]
    fn the_ranked_list_sorts_by_either_number_and_downloads() {
        let scores = [
            scored(Some(100.0), 10.0),
            scored(None, 90.0),
            scored(Some(500.0), 50.0),
        ];
        assert_eq!(ranked(&scores, true), vec![2, 0, 1]);
        assert_eq!(ranked(&scores, false), vec![1, 2, 0]);
        let accounts = read_test_csv(
            "Account ID,Account Name,Account Owner\nA1,Acme,Ann\nA2,=Globex,Bob\nA3,Initech,Cy\n",
            SourceKind::Accounts,
        );
        let csv = crate::engine::export::csv_text(scores_file(
            &accounts,
            "Account ID",
            &scores,
            false,
            ExportFormat::Comma,
        ));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "Account ID,account_name,size_of_prize,prize_tier,temperature,temperature_tier,engagement_points,decision_makers_points,hiring_rate_points,headcount_growth_points,connectivity_points");
        assert_eq!(lines[1], "A2,'=Globex,,Low,90.0,High,90.0,0.0,0.0,0.0,0.0");
        assert!(lines[2].starts_with("A3,Initech,500.00,"), "{}", lines[2]);
        let grid = grid_file(&[[1, 2, 3], [4, 5, 6], [7, 8, 9]], ExportFormat::Comma);
        assert_eq!(
            crate::engine::export::csv_text(grid),
            "size_of_prize/temperature,High,Medium,Low\r\nHigh,9,8,7\r\nMedium,6,5,4\r\nLow,3,2,1\r\n"
        );
    }
}
