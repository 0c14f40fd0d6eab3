//! Size of Prize learned from your won deals (`docs/accounts.md`, "Size of
//! Prize learned from your deals"): what an account is expected to spend per
//! year, estimated from what the won deals of similar accounts were worth.
//!
//! A ridge regression of the logarithm of each account's won amount per year
//! on its company's size (the logarithm of its employees), industry, HQ
//! country, hiring rate, headcount growth and the sizing persona's count (its
//! logarithm). Industries and countries are indicators of the most frequent
//! ones; what the data does not know is taken at the average. Each feature's
//! effect on an account is a factor ("Software ×1.8"), so the account's "why"
//! reads as a product of them.
//!
//! How well it does is measured on accounts held out of the fit (five folds):
//! the root mean square error of the logarithm, beside the same error of
//! `lam` (scaled by the factor that fits the training folds best), so the
//! person can choose.

use super::backtest::ClosedDeal;
use super::report::ReportTable;
use chrono::NaiveDate;

/// Fewer accounts with won deals than this, and the model is not fitted.
pub const FEWEST_ACCOUNTS: usize = 30;

/// Industries and countries given an indicator: the most frequent ones among
/// the fitted accounts, each with at least [`FEWEST_IN_A_GROUP`] accounts.
const MOST_GROUPS: usize = 10;
const FEWEST_IN_A_GROUP: usize = 3;

/// The ridge penalty on the standardised features.
const RIDGE: f64 = 1.0;

/// Folds of the held-out error.
const FOLDS: usize = 5;

/// One feature: how it is read from a report row, and its label.
#[derive(Debug, Clone, PartialEq)]
enum Feature {
    /// `ln(1 + value)` of a numeric column (employees, a persona's count).
    LogOf { column: String, label: &'static str },
    /// A numeric column as it is (hiring rate, headcount growth).
    Value { column: String, label: &'static str },
    /// 1 when a text column holds this value.
    Is { column: String, value: String },
}

impl Feature {
    /// The feature of a report row; `None` when unknown (taken at the average).
    fn of(
        &self,
        report: &ReportTable,
        columns: &[Option<usize>],
        at: usize,
        row: usize,
    ) -> Option<f64> {
        let cell = &report.rows[row][columns[at]?];
        match self {
            Feature::LogOf { .. } => cell.number().filter(|value| *value >= 0.0).map(f64::ln_1p),
            Feature::Value { .. } => cell.number(),
            Feature::Is { value, .. } => {
                let text = cell.as_text();
                (!text.is_empty()).then(|| f64::from(u8::from(text.eq_ignore_ascii_case(value))))
            }
        }
    }

    fn column(&self) -> &str {
        match self {
            Feature::LogOf { column, .. }
            | Feature::Value { column, .. }
            | Feature::Is { column, .. } => column,
        }
    }

    /// The words of the feature's effect on a row: "Employees", or, for an
    /// industry or a country, the row's own ("Industry: Software"): its
    /// indicators together say what being in that industry does.
    fn label(&self, report: &ReportTable, row: usize) -> String {
        match self {
            Feature::LogOf { label, .. } | Feature::Value { label, .. } => label.to_string(),
            Feature::Is { column, .. } => {
                let what = if column == "industry" {
                    "Industry"
                } else {
                    "HQ country"
                };
                let value = report
                    .column(column)
                    .map(|at| report.rows[row][at].as_text())
                    .unwrap_or_default();
                format!("{what}: {value}")
            }
        }
    }
}

/// The fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct PrizeModel {
    features: Vec<Feature>,
    /// Per feature: its mean over the fitted accounts (what an unknown value
    /// is taken at) and its coefficient on the standardised value.
    means: Vec<f64>,
    scales: Vec<f64>,
    coefficients: Vec<f64>,
    intercept: f64,
    /// Accounts with won deals the model was fitted on.
    pub accounts: usize,
    /// The held-out error (root mean square of the logarithm) of this model,
    /// and of `lam` scaled; `None` for `lam` when too few accounts have one.
    pub holdout_error: f64,
    pub lam_holdout_error: Option<f64>,
}

/// The outcome of fitting: a model, or too few accounts to fit one on.
#[derive(Debug, Clone, PartialEq)]
pub enum PrizeFit {
    Fitted(PrizeModel),
    TooFewAccounts { accounts: usize },
}

/// Each account's won amount per year: its won deals' amounts over the
/// years the deals' close dates span (at least one). `None` without a won
/// deal with an amount.
pub fn won_per_year(deals: &[ClosedDeal], accounts: usize) -> Vec<Option<f64>> {
    let dates: Vec<NaiveDate> = deals.iter().map(|deal| deal.close_date).collect();
    let years = match (dates.iter().min(), dates.iter().max()) {
        (Some(first), Some(last)) => ((*last - *first).num_days() as f64 / 365.25).max(1.0),
        _ => 1.0,
    };
    let mut won = vec![None; accounts];
    for deal in deals.iter().filter(|deal| deal.won) {
        if let (Some(slot), Some(amount)) = (won.get_mut(deal.account), deal.amount) {
            if amount > 0.0 {
                *slot = Some(slot.unwrap_or(0.0) + amount / years);
            }
        }
    }
    won
}

/// The features the model may use on this report: each numeric one, and an
/// indicator per frequent industry and country among `rows`.
fn features(report: &ReportTable, sizing_column: Option<&str>, rows: &[usize]) -> Vec<Feature> {
    let mut features = vec![
        Feature::LogOf {
            column: "employee_count".into(),
            label: "Employees",
        },
        Feature::Value {
            column: "hiring_rate".into(),
            label: "Hiring rate",
        },
        Feature::Value {
            column: "headcount_growth_1y".into(),
            label: "Headcount growth",
        },
    ];
    if let Some(column) = sizing_column {
        features.push(Feature::LogOf {
            column: column.to_string(),
            label: "Sizing persona's people",
        });
    }
    for column in ["industry", "hq_country"] {
        let Some(at) = report.column(column) else {
            continue;
        };
        let mut counts: Vec<(String, usize)> = Vec::new();
        for row in rows {
            let text = report.rows[*row][at].as_text();
            if text.is_empty() {
                continue;
            }
            match counts
                .iter_mut()
                .find(|(value, _)| value.eq_ignore_ascii_case(&text))
            {
                Some((_, count)) => *count += 1,
                None => counts.push((text, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // One group is the baseline: an indicator for every group would
        // only restate the intercept.
        let groups = counts.len().saturating_sub(1).min(MOST_GROUPS);
        features.extend(
            counts
                .into_iter()
                .take(groups)
                .filter(|(_, count)| *count >= FEWEST_IN_A_GROUP)
                .map(|(value, _)| Feature::Is {
                    column: column.to_string(),
                    value,
                }),
        );
    }
    features.retain(|feature| report.column(feature.column()).is_some());
    features
}

/// The design rows: each feature of each row, `None` where unknown.
fn design(report: &ReportTable, features: &[Feature], rows: &[usize]) -> Vec<Vec<Option<f64>>> {
    let columns: Vec<Option<usize>> = features
        .iter()
        .map(|feature| report.column(feature.column()))
        .collect();
    rows.iter()
        .map(|row| {
            (0..features.len())
                .map(|at| features[at].of(report, &columns, at, *row))
                .collect()
        })
        .collect()
}

/// A ridge fit on standardised features: (means, scales, coefficients, intercept).
fn ridge(x: &[Vec<Option<f64>>], y: &[f64], width: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>, f64) {
    let n = y.len().max(1) as f64;
    let means: Vec<f64> = (0..width)
        .map(|at| {
            let known: Vec<f64> = x.iter().filter_map(|row| row[at]).collect();
            if known.is_empty() {
                0.0
            } else {
                known.iter().sum::<f64>() / known.len() as f64
            }
        })
        .collect();
    let scales: Vec<f64> = (0..width)
        .map(|at| {
            let variance = x
                .iter()
                .map(|row| (row[at].unwrap_or(means[at]) - means[at]).powi(2))
                .sum::<f64>()
                / n;
            if variance > 1e-12 {
                variance.sqrt()
            } else {
                1.0
            }
        })
        .collect();
    let standard =
        |row: &[Option<f64>], at: usize| (row[at].unwrap_or(means[at]) - means[at]) / scales[at];
    let mean_y = y.iter().sum::<f64>() / n;
    // (XᵀX + λI) w = Xᵀ(y − ȳ), on the centred, standardised features.
    let mut gram = vec![vec![0.0; width + 1]; width];
    for (row, target) in x.iter().zip(y) {
        let values: Vec<f64> = (0..width).map(|at| standard(row, at)).collect();
        for i in 0..width {
            for j in 0..width {
                gram[i][j] += values[i] * values[j];
            }
            gram[i][width] += values[i] * (target - mean_y);
        }
    }
    for (i, line) in gram.iter_mut().enumerate() {
        line[i] += RIDGE;
    }
    let coefficients = solve(gram);
    (means, scales, coefficients, mean_y)
}

/// Solves an augmented system (Gauss–Jordan with partial pivoting; the ridge
/// keeps it well conditioned).
fn solve(mut system: Vec<Vec<f64>>) -> Vec<f64> {
    let size = system.len();
    for column in 0..size {
        let pivot = (column..size)
            .max_by(|a, b| {
                system[*a][column]
                    .abs()
                    .total_cmp(&system[*b][column].abs())
            })
            .unwrap_or(column);
        system.swap(column, pivot);
        let lead = system[column][column];
        if lead.abs() < 1e-12 {
            continue;
        }
        for value in system[column].iter_mut() {
            *value /= lead;
        }
        let pivot_row = system[column].clone();
        for (row, line) in system.iter_mut().enumerate() {
            if row != column && line[column] != 0.0 {
                let factor = line[column];
                for (value, pivot_value) in line.iter_mut().zip(&pivot_row) {
                    *value -= factor * pivot_value;
                }
            }
        }
    }
    system.iter().map(|line| line[size]).collect()
}

impl PrizeModel {
    /// The logarithm of the expected spend of a design row.
    fn log_prediction(&self, row: &[Option<f64>]) -> f64 {
        self.intercept
            + (0..self.features.len())
                .map(|at| {
                    let value = row[at].unwrap_or(self.means[at]);
                    self.coefficients[at] * (value - self.means[at]) / self.scales[at]
                })
                .sum::<f64>()
    }

    /// The expected spend per year of every row of a report (accounts or
    /// whitespace companies with the same columns); `None` for a row with no
    /// company data at all (an unmatched account).
    pub fn predict(&self, report: &ReportTable) -> Vec<Option<f64>> {
        let predictor = self.predictor(report);
        (0..report.rows.len()).map(predictor).collect()
    }

    /// [`PrizeModel::predict`] a row at a time (the page predicts a million
    /// whitespace companies in slices that yield).
    pub fn predictor<'a>(&'a self, report: &'a ReportTable) -> impl Fn(usize) -> Option<f64> + 'a {
        let columns: Vec<Option<usize>> = self
            .features
            .iter()
            .map(|feature| report.column(feature.column()))
            .collect();
        move |row| {
            let values: Vec<Option<f64>> = (0..self.features.len())
                .map(|at| self.features[at].of(report, &columns, at, row))
                .collect();
            values
                .iter()
                .any(Option::is_some)
                .then(|| (self.log_prediction(&values).exp() * 100.0).round() / 100.0)
        }
    }

    /// Why a row's prize is what it is: each feature's factor on the average
    /// account's spend, largest effect first ("Industry: Software", 1.8).
    pub fn explain(&self, report: &ReportTable, row: usize) -> Vec<(String, f64)> {
        let values = design(report, &self.features, &[row]).remove(0);
        // Log effects, summed per label (an industry's indicators together).
        let mut effects: Vec<(String, f64)> = Vec::new();
        for (at, feature) in self.features.iter().enumerate() {
            let Some(value) = values[at] else {
                continue;
            };
            let log = self.coefficients[at] * (value - self.means[at]) / self.scales[at];
            let label = feature.label(report, row);
            match effects.iter_mut().find(|(found, _)| *found == label) {
                Some((_, sum)) => *sum += log,
                None => effects.push((label, log)),
            }
        }
        effects.retain(|(_, log)| log.abs() > 0.01);
        effects.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        effects
            .into_iter()
            .map(|(label, log)| (label, log.exp()))
            .collect()
    }

    /// The average account's expected spend (every feature at its mean).
    pub fn baseline(&self) -> f64 {
        self.intercept.exp()
    }
}

/// Fits the model on the accounts of `report` with won deals (`won`: per
/// report row, from [`won_per_year`]).
pub fn fit(report: &ReportTable, won: &[Option<f64>], sizing_column: Option<&str>) -> PrizeFit {
    let rows: Vec<usize> = (0..report.rows.len().min(won.len()))
        .filter(|row| won[*row].is_some())
        .collect();
    if rows.len() < FEWEST_ACCOUNTS {
        return PrizeFit::TooFewAccounts {
            accounts: rows.len(),
        };
    }
    let features = features(report, sizing_column, &rows);
    let x = design(report, &features, &rows);
    let y: Vec<f64> = rows
        .iter()
        .filter_map(|row| won[*row])
        .map(f64::ln)
        .collect();
    let lam_at = report.column("lam");
    let lam: Vec<Option<f64>> = rows
        .iter()
        .map(|row| {
            lam_at
                .and_then(|at| report.rows[*row][at].number())
                .filter(|lam| *lam > 0.0)
                .map(f64::ln)
        })
        .collect();
    // Held out in turn: every fifth account (in report order).
    let (mut model_error, mut lam_error, mut lam_count) = (0.0, 0.0, 0usize);
    for fold in 0..FOLDS {
        let (train, test): (Vec<usize>, Vec<usize>) =
            (0..rows.len()).partition(|at| at % FOLDS != fold);
        let pick = |rows: &[usize]| -> (Vec<Vec<Option<f64>>>, Vec<f64>) {
            (
                rows.iter().map(|at| x[*at].clone()).collect(),
                rows.iter().map(|at| y[*at]).collect(),
            )
        };
        let (train_x, train_y) = pick(&train);
        let (means, scales, coefficients, intercept) = ridge(&train_x, &train_y, features.len());
        let model = PrizeModel {
            features: features.clone(),
            means,
            scales,
            coefficients,
            intercept,
            accounts: train.len(),
            holdout_error: 0.0,
            lam_holdout_error: None,
        };
        // `lam` scaled by the factor that fits the training accounts best.
        let offsets: Vec<f64> = train
            .iter()
            .filter_map(|at| lam[*at].map(|lam| y[*at] - lam))
            .collect();
        let offset =
            (!offsets.is_empty()).then(|| offsets.iter().sum::<f64>() / offsets.len() as f64);
        let mean_train = train_y.iter().sum::<f64>() / train_y.len().max(1) as f64;
        for at in test {
            model_error += (model.log_prediction(&x[at]) - y[at]).powi(2);
            if offset.is_some() {
                let guess = lam[at]
                    .zip(offset)
                    .map_or(mean_train, |(lam, offset)| lam + offset);
                lam_error += (guess - y[at]).powi(2);
                lam_count += 1;
            }
        }
    }
    let (means, scales, coefficients, intercept) = ridge(&x, &y, features.len());
    PrizeFit::Fitted(PrizeModel {
        features,
        means,
        scales,
        coefficients,
        intercept,
        accounts: rows.len(),
        holdout_error: (model_error / rows.len() as f64).sqrt(),
        lam_holdout_error: (lam_count > 0).then(|| (lam_error / lam_count as f64).sqrt()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::accounts::report::ReportCell;

    /// Accounts whose spend is `e^(3 + 0.8 ln(1 + employees))`, doubled in
    /// Software, with a little noise.
    fn accounts(count: usize) -> (ReportTable, Vec<Option<f64>>) {
        let mut rng = crate::engine::rng::Rng::new(5, 0);
        let industries = ["Software", "Retail", "Energy"];
        let mut rows = Vec::new();
        let mut won = Vec::new();
        for at in 0..count {
            let employees = (10.0 + rng.unit() * 5_000.0).round();
            let industry = industries[at % 3];
            let spend = (3.0 + 0.8 * f64::ln_1p(employees)).exp()
                * if industry == "Software" { 2.0 } else { 1.0 }
                * (0.1 * (rng.unit() - 0.5)).exp();
            rows.push(vec![
                ReportCell::Text(format!("A{at}")),
                ReportCell::Number(Some(employees)),
                ReportCell::Text(industry.into()),
                ReportCell::Number(Some(employees / 50.0)),
            ]);
            won.push(Some(spend));
        }
        let report = ReportTable {
            columns: ["account_name", "employee_count", "industry", "lam"]
                .map(str::to_string)
                .to_vec(),
            rows,
        };
        (report, won)
    }

    #[test]
    fn the_model_finds_size_and_industry_and_says_so() {
        let (report, won) = accounts(300);
        let PrizeFit::Fitted(model) = fit(&report, &won, None) else {
            panic!("300 accounts are enough");
        };
        assert_eq!(model.accounts, 300);
        // Predictions within 15 % of the truth, on the whole.
        let predicted = model.predict(&report);
        let mean_error = predicted
            .iter()
            .zip(&won)
            .map(|(predicted, truth)| (predicted.unwrap() / truth.unwrap()).ln().abs())
            .sum::<f64>()
            / 300.0;
        assert!(mean_error < 0.15, "mean log error {mean_error:.3}");
        // Held out, it beats `lam`, which knows size but not industry.
        let lam_error = model.lam_holdout_error.unwrap();
        assert!(
            model.holdout_error < lam_error,
            "{} vs lam {lam_error}",
            model.holdout_error
        );
        // A Software account's why names its industry, as a factor above 1.
        let why = model.explain(&report, 0);
        let industry = why.iter().find(|(label, _)| label == "Industry: Software");
        assert!(industry.is_some_and(|(_, factor)| *factor > 1.2), "{why:?}");
        assert!(why.iter().any(|(label, _)| label == "Employees"), "{why:?}");
    }

    #[test]
    fn too_few_accounts_with_won_deals_fit_no_model() {
        let (report, mut won) = accounts(60);
        for slot in won.iter_mut().skip(FEWEST_ACCOUNTS - 1) {
            *slot = None;
        }
        assert_eq!(
            fit(&report, &won, None),
            PrizeFit::TooFewAccounts {
                accounts: FEWEST_ACCOUNTS - 1
            }
        );
    }

    #[test]
    fn an_account_without_company_data_has_no_learned_prize() {
        let (mut report, won) = accounts(90);
        let PrizeFit::Fitted(model) = fit(&report, &won, None) else {
            panic!("enough accounts");
        };
        report.rows.push(vec![
            ReportCell::Text("Unmatched".into()),
            ReportCell::Number(None),
            ReportCell::Text(String::new()),
            ReportCell::Number(None),
        ]);
        let predicted = model.predict(&report);
        assert!(predicted[0].is_some());
        assert_eq!(predicted[90], None);
    }

    #[test]
    fn won_per_year_spreads_each_account_s_won_amounts_over_the_years_of_the_deals() {
        let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        let deal = |account, day: &str, won, amount| ClosedDeal {
            account,
            close_date: date(day),
            won,
            amount: Some(amount),
        };
        let deals = [
            deal(0, "2024-01-01", true, 100.0),
            deal(0, "2025-12-31", true, 300.0),
            deal(1, "2025-06-01", false, 999.0),
        ];
        let won = won_per_year(&deals, 3);
        // Two years of deals: 400 over ~2 years.
        assert!((won[0].unwrap() - 200.1).abs() < 0.5, "{won:?}");
        assert_eq!(won[1], None, "a lost deal is no spend");
        assert_eq!(won[2], None);
    }
}
