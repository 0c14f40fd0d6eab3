//! The matcher measured against ground truth: precision, recall, F1, the
//! observed precision of each score band and a reliability table; and the
//! fitting of the model's weights on labelled data.
//!
//! A prediction is an accepted match (threshold applied, no decisions). An
//! accepted wrong company is a false positive, and the account's true company
//! then also counts as missed: recall is the share of accounts that have a
//! true company whose accepted match is that company.

use crate::engine::matching::matcher::Candidate;
use crate::engine::matching::model::{Evidence, FEATURES};
use std::collections::HashMap;
use std::fmt;

/// One score band's observed precision.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Band {
    pub matches: usize,
    pub right: usize,
}

impl Band {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.matches)
    }
}

/// One bin of the reliability table: matches given confidence in `[low, high)`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReliabilityBin {
    pub low: f64,
    pub high: f64,
    pub matches: usize,
    pub mean_confidence: f64,
    pub right: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct QualityReport {
    pub accounts: usize,
    pub with_true_company: usize,
    pub accepted: usize,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    /// Best candidates by score band 1-5 (index 0 unused).
    pub bands: [Band; 6],
    pub reliability: Vec<ReliabilityBin>,
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl QualityReport {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.with_true_company)
    }

    pub fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }

    /// Measures each account's best candidate (`truth`: the true company's
    /// row of each account, if it has one) at an accept threshold.
    pub fn measure(
        candidates: &[Vec<Candidate>],
        truth: &[Option<u32>],
        threshold: u8,
    ) -> QualityReport {
        let best = candidates
            .iter()
            .zip(truth)
            .map(|(candidates, truth)| (candidates.first(), *truth));
        let mut report = QualityReport {
            accounts: candidates.len(),
            reliability: (0..10)
                .map(|bin| ReliabilityBin {
                    low: bin as f64 / 10.0,
                    high: (bin + 1) as f64 / 10.0,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        for (candidate, truth) in best {
            report.with_true_company += usize::from(truth.is_some());
            let Some(candidate) = candidate else {
                continue;
            };
            let right = Some(candidate.company) == truth;
            let band = &mut report.bands[candidate.match_score() as usize];
            band.matches += 1;
            band.right += usize::from(right);
            let bin = &mut report.reliability[((candidate.probability * 10.0) as usize).min(9)];
            bin.matches += 1;
            bin.mean_confidence += candidate.probability;
            bin.right += usize::from(right);
            if candidate.match_score() >= threshold {
                report.accepted += 1;
                if right {
                    report.true_positives += 1;
                } else {
                    report.false_positives += 1;
                }
            }
        }
        report.false_negatives = report.with_true_company - report.true_positives;
        for bin in &mut report.reliability {
            if bin.matches > 0 {
                bin.mean_confidence /= bin.matches as f64;
            }
        }
        report
    }
}

impl fmt::Display for QualityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} accounts ({} with a true company): {} accepted, {} right, {} wrong, {} missed",
            self.accounts,
            self.with_true_company,
            self.accepted,
            self.true_positives,
            self.false_positives,
            self.false_negatives
        )?;
        writeln!(
            f,
            "precision {:.4}  recall {:.4}  F1 {:.4}",
            self.precision(),
            self.recall(),
            self.f1()
        )?;
        writeln!(f, "score  band        matches  observed precision")?;
        for score in (1..=5).rev() {
            let band = self.bands[score];
            let low = score as f64 * 0.2 - 0.2;
            writeln!(
                f,
                "{score}      {:.1}-{:.1}     {:>7}  {:.4}",
                low,
                low + 0.2,
                band.matches,
                band.precision()
            )?;
        }
        writeln!(f, "confidence  matches  mean confidence  observed")?;
        for bin in self.reliability.iter().filter(|bin| bin.matches > 0) {
            writeln!(
                f,
                "{:.1}-{:.1}     {:>7}  {:>15.3}  {:.3}",
                bin.low,
                bin.high,
                bin.matches,
                bin.mean_confidence,
                ratio(bin.right, bin.matches)
            )?;
        }
        Ok(())
    }
}

/// One labelled account for fitting: its candidates' evidence and which of
/// them (if any) is its true company.
pub struct TrainingAccount {
    pub candidates: Vec<Evidence>,
    pub truth: Option<usize>,
}

/// Fits the model's weights by maximum likelihood (Newton's method, a small
/// ridge penalty so that levels never seen stay at zero): each account's true
/// candidate (or "none") against its other candidates.
pub fn fit(accounts: &[TrainingAccount], ridge: f64) -> [f64; FEATURES] {
    fit_toward(accounts, ridge, &[0.0; FEATURES])
}

/// The same fit, starting from `prior` and with the ridge pulling toward it
/// rather than toward zero (a re-fit on a few labels, see `estimate`).
pub fn fit_toward(
    accounts: &[TrainingAccount],
    ridge: f64,
    prior: &[f64; FEATURES],
) -> [f64; FEATURES] {
    let mut weights = *prior;
    let rows: Vec<(Vec<[f64; FEATURES]>, Option<usize>)> = accounts
        .iter()
        .map(|account| {
            (
                account.candidates.iter().map(Evidence::features).collect(),
                account.truth,
            )
        })
        .collect();
    for _ in 0..50 {
        let mut gradient = [0.0; FEATURES];
        let mut hessian = vec![[0.0; FEATURES]; FEATURES];
        for i in 0..FEATURES {
            gradient[i] = -ridge * (weights[i] - prior[i]);
            hessian[i][i] = ridge;
        }
        for (features, truth) in &rows {
            if features.is_empty() {
                continue;
            }
            let scores: Vec<f64> = features
                .iter()
                .map(|x| x.iter().zip(&weights).map(|(x, w)| x * w).sum())
                .collect();
            let probabilities = crate::engine::matching::model::probabilities(&scores);
            let mut mean = [0.0; FEATURES];
            for (x, p) in features.iter().zip(&probabilities) {
                for i in 0..FEATURES {
                    mean[i] += p * x[i];
                }
            }
            if let Some(truth) = truth {
                for i in 0..FEATURES {
                    gradient[i] += features[*truth][i];
                }
            }
            for i in 0..FEATURES {
                gradient[i] -= mean[i];
            }
            for (x, p) in features.iter().zip(&probabilities) {
                for i in 0..FEATURES {
                    if x[i] == 0.0 {
                        continue;
                    }
                    for j in 0..FEATURES {
                        hessian[i][j] += p * x[i] * x[j];
                    }
                }
            }
            for i in 0..FEATURES {
                for j in 0..FEATURES {
                    hessian[i][j] -= mean[i] * mean[j];
                }
            }
        }
        let step = solve(hessian, gradient);
        let size: f64 = step.iter().map(|s| s.abs()).fold(0.0, f64::max);
        // A Newton step far from the optimum can overshoot (the likelihood
        // is flat where the softmax saturates): no weight moves by more
        // than 2 in one step.
        let scale = if size > 2.0 { 2.0 / size } else { 1.0 };
        for i in 0..FEATURES {
            weights[i] += scale * step[i];
        }
        if size < 1e-7 {
            break;
        }
    }
    weights
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<[f64; FEATURES]>, mut b: [f64; FEATURES]) -> [f64; FEATURES] {
    for column in 0..FEATURES {
        let pivot = (column..FEATURES)
            .max_by(|&x, &y| a[x][column].abs().total_cmp(&a[y][column].abs()))
            .unwrap_or(column);
        a.swap(column, pivot);
        b.swap(column, pivot);
        let diagonal = a[column][column];
        if diagonal.abs() < 1e-300 {
            continue;
        }
        for row in column + 1..FEATURES {
            let factor = a[row][column] / diagonal;
            if factor != 0.0 {
                let pivot_row = a[column];
                for (cell, pivot) in a[row][column..].iter_mut().zip(&pivot_row[column..]) {
                    *cell -= factor * pivot;
                }
                b[row] -= factor * b[column];
            }
        }
    }
    let mut x = [0.0; FEATURES];
    for row in (0..FEATURES).rev() {
        let rest: f64 = (row + 1..FEATURES).map(|k| a[row][k] * x[k]).sum();
        x[row] = if a[row][row].abs() < 1e-300 {
            0.0
        } else {
            (b[row] - rest) / a[row][row]
        };
    }
    x
}

/// The person's decisions against the matcher's scores (`docs/matching.md`,
/// "Learning the data at hand"): for the decided accounts whose best
/// candidate had a given match score, how often the decision agreed with it
/// (confirmed that company) and how often not (rejected it, or confirmed
/// another). Index 0 is score 1, index 4 score 5.
pub fn decided_by_score(
    candidates: &[Vec<Candidate>],
    accounts: &crate::engine::ingest::table::Table,
    companies: &crate::engine::ingest::table::Table,
    decisions: &crate::engine::matching::outcome::Decisions,
) -> [Band; 5] {
    use crate::engine::matching::outcome::{Decided, Decision};
    let decided = Decided::of(accounts, companies, decisions);
    let mut bands = [Band::default(); 5];
    for (row, candidates) in candidates.iter().enumerate() {
        let (Some(best), Some(decision)) = (candidates.first(), decided.decision(row)) else {
            continue;
        };
        let agreed = match decision {
            Decision::Confirmed { company_id } => {
                companies
                    .text("company_id", best.company as usize)
                    .as_deref()
                    == Some(company_id.as_str())
            }
            Decision::Rejected => false,
        };
        let band = &mut bands[usize::from(best.match_score().clamp(1, 5)) - 1];
        band.matches += 1;
        band.right += usize::from(agreed);
    }
    bands
}

/// The true company's row of each account row, from the labels
/// (account id → company id) and the two tables.
pub fn true_rows(
    accounts: &crate::engine::ingest::table::Table,
    companies: &crate::engine::ingest::table::Table,
    labels: &HashMap<String, String>,
) -> Vec<Option<u32>> {
    let company_rows: HashMap<String, u32> = (0..companies.rows)
        .filter_map(|row| Some((companies.text("company_id", row)?, row as u32)))
        .collect();
    (0..accounts.rows)
        .map(|row| {
            let account = accounts.text("account_id", row)?;
            company_rows.get(labels.get(&account)?).copied()
        })
        .collect()
}

/// A labelled set's answers (`account id, company id` per line, a header
/// first; an empty company id: the account has none), by account id. An
/// account may have two true companies (a database that lists one twice).
pub fn read_labels(csv: &[u8]) -> HashMap<String, Vec<String>> {
    let mut labels: HashMap<String, Vec<String>> = HashMap::new();
    for record in csv::Reader::from_reader(csv)
        .records()
        .filter_map(Result::ok)
        .filter(|record| record.len() >= 2 && !record[1].is_empty())
    {
        labels
            .entry(record[0].to_string())
            .or_default()
            .push(record[1].to_string());
    }
    labels
}

/// The true company's row of each account row, where an account with two
/// true companies has the one its best candidate names (either is right).
pub fn true_rows_for(
    candidates: &[Vec<Candidate>],
    accounts: &crate::engine::ingest::table::Table,
    companies: &crate::engine::ingest::table::Table,
    labels: &HashMap<String, Vec<String>>,
) -> Vec<Option<u32>> {
    let chosen: HashMap<String, String> = (0..accounts.rows)
        .filter_map(|row| {
            let account = accounts.text("account_id", row)?;
            let truths = labels.get(&account)?;
            let best = candidates
                .get(row)?
                .first()
                .and_then(|best| companies.text("company_id", best.company as usize));
            let truth = truths
                .iter()
                .find(|truth| Some(truth.as_str()) == best.as_deref())
                .unwrap_or(&truths[0]);
            Some((account, truth.clone()))
        })
        .collect();
    true_rows(accounts, companies, &chosen)
}
