//! Learning the data at hand (`docs/matching.md`): the weights re-estimated on the
//! workspace's own accounts and companies, without labels, and re-fitted on
//! the person's decisions once there are enough of them.
//!
//! **Re-estimation.** Each account's compared candidates are seen as
//! Fellegi–Sunter sees pairs: the account's company is one of them (or none);
//! its comparison levels are drawn from the *m* distribution (how a true pair
//! compares), the others' from the *u* distribution (how a wrong candidate
//! compares). The posterior of "candidate `j` is the one" is then exactly the
//! matcher's competition (a softmax with a "none" option) with scores of the
//! bias plus `ln(m/u)` of each level. Expectation-maximisation alternates the
//! two steps Splink's documentation describes: the posteriors under the
//! current weights ([`PairCounts::add`]), then `m` and `u` as each level's
//! posterior-weighted share among the true and the wrong pairs, and the bias
//! from the expected number of accounts whose company is among their
//! candidates ([`PairCounts::maximise`]). An exact name or website that `n`
//! companies share weighs `ln n` less, and a city of `n` companies `ln(n /
//! t)` less than a typical company's city of `t`: Fellegi–Sunter's
//! term-frequency adjustment ([`TERM_FREQUENCY_WEIGHT`]). The first round's posteriors are
//! the fitted model's; [`ROUNDS`] rounds are run.
//!
//! **Pooled with the fitted weights.** The re-estimated weights know this
//! data's shape (no websites, names cut short, streets that rarely agree);
//! the fitted ones ([`MatchModel::default`], estimated with labels on the
//! demo generator) know what a level-by-level ratio cannot: that street, city
//! and postal code disagree *together* when a company moved, and that name
//! and website agree together. The weights used are the average of the two,
//! every weight alike ([`POOLED_SHARE`]), a log-linear pool of the two
//! models' odds. Measured by
//! `sightline bench match` on the corpus's labelled sets and the second
//! generator, the pool beats either alone (figures in `docs/matching.md`).
//!
//! **Decisions as labels.** In the expectation step a decided account's
//! posterior is its decision (the confirmed company is the one; a rejected
//! account has none). With at least [`DECISIONS_TO_REFIT`] decisions the
//! weights are then re-fitted on the decided accounts by maximum likelihood,
//! pulled toward the re-estimated ones by a ridge penalty, so that a few
//! dozen decisions nudge and many teach. Decisions always win over scores:
//! the re-fit never changes a decided account's own status.

use crate::engine::ingest::table::Table;
use crate::engine::matching::matcher::{Compared, Matcher, CANDIDATES_COMPARED};
use crate::engine::matching::model::{
    comparison_features, level_feature, probabilities, MatchModel, BIAS, COMPARISONS, FEATURES,
    TERM_FREQUENCY_FEATURES,
};
use crate::engine::matching::outcome::{Decided, Decision, Decisions};
use crate::engine::matching::quality::{fit_toward, TrainingAccount};
use crate::engine::matching::record::MatchRecord;
use crate::engine::parallel::run_ready;

/// The re-estimated weight of each `ln n` of an exact name (or domain) that
/// `n` companies share, and of each `ln(n / t)` of a city of `n` companies
/// (`t` a typical company's city's): the slope of Fellegi–Sunter's
/// term-frequency adjustment (Splink's). A wrong company agrees on a value as often as the
/// value is common, so `u` of the value is its frequency among the companies
/// at hand, and `ln(m/u)` falls by exactly `ln n` from a value on one company
/// to a value on `n`. (Splink adds the adjustment to the weight of an
/// average value; here the exact level's own weight, learnt over the
/// candidates, stands for a value on one company.)
pub const TERM_FREQUENCY_WEIGHT: f64 = -1.0;
/// How many rounds of expectation-maximisation are run.
pub const ROUNDS: usize = 8;
/// The re-estimated weights' share of the pooled weights (the fitted
/// weights have the rest).
pub const POOLED_SHARE: f64 = 0.5;
/// How many decided accounts it takes to re-fit the weights on them.
pub const DECISIONS_TO_REFIT: usize = 30;
/// The ridge that holds re-fitted weights near the re-estimated ones.
const DECISION_RIDGE: f64 = 2.0;
/// The most candidates an account can have: those the index compares, and
/// a company a decision adds.
const MOST_CANDIDATES: usize = CANDIDATES_COMPARED + 1;

/// What is known of an account from the person's decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// Its company is this one of its compared candidates.
    Candidate(usize),
    /// Its company is none of its candidates.
    NoneOfThem,
}

/// The expectation step's sums over candidate pairs: per level, the
/// posterior mass of true pairs and of wrong pairs at it; the expected
/// number of true pairs; and how many accounts have each number of
/// candidates. Sums of parts add up (a page does it a slice at a time, a
/// cluster a partition at a time).
#[derive(Debug, Clone, PartialEq)]
pub struct PairCounts {
    true_at: [f64; FEATURES],
    wrong_at: [f64; FEATURES],
    true_pairs: f64,
    accounts_with: [f64; MOST_CANDIDATES + 1],
}

impl Default for PairCounts {
    fn default() -> PairCounts {
        PairCounts {
            true_at: [0.0; FEATURES],
            wrong_at: [0.0; FEATURES],
            true_pairs: 0.0,
            accounts_with: [0.0; MOST_CANDIDATES + 1],
        }
    }
}

impl PairCounts {
    /// Adds one account's candidates, weighed by their posteriors under
    /// `model` (or by what is known of the account).
    pub fn add(&mut self, model: &MatchModel, candidates: &Compared, known: Option<Known>) {
        if candidates.is_empty() {
            return;
        }
        let posterior: Vec<f64> = match known {
            Some(Known::Candidate(at)) => (0..candidates.len())
                .map(|j| f64::from(u8::from(j == at)))
                .collect(),
            Some(Known::NoneOfThem) => vec![0.0; candidates.len()],
            None => {
                let scores: Vec<f64> = candidates
                    .iter()
                    .map(|(_, evidence)| model.score(evidence))
                    .collect();
                probabilities(&scores)
            }
        };
        self.accounts_with[candidates.len().min(MOST_CANDIDATES)] += 1.0;
        for ((_, evidence), q) in candidates.iter().zip(&posterior) {
            self.true_pairs += q;
            for (comparison, level) in evidence.levels.iter().enumerate() {
                if let Some(feature) = level_feature(comparison, usize::from(*level)) {
                    self.true_at[feature] += q;
                    self.wrong_at[feature] += 1.0 - q;
                }
            }
        }
    }

    /// Adds another part's sums.
    pub fn merge(&mut self, other: &PairCounts) {
        for (mine, theirs) in self.true_at.iter_mut().zip(&other.true_at) {
            *mine += theirs;
        }
        for (mine, theirs) in self.wrong_at.iter_mut().zip(&other.wrong_at) {
            *mine += theirs;
        }
        self.true_pairs += other.true_pairs;
        for (mine, theirs) in self.accounts_with.iter_mut().zip(&other.accounts_with) {
            *mine += theirs;
        }
    }

    /// The maximisation step: each level's weight `ln(m/u)` (half a pair of
    /// each level added to both sides, so that no level is ever a
    /// certainty), the bias, and the term-frequency weights of Fellegi–Sunter
    /// ([`TERM_FREQUENCY_WEIGHT`]).
    pub fn maximise(&self) -> MatchModel {
        let mut weights = [0.0; FEATURES];
        for comparison in 0..COMPARISONS.len() {
            let features = comparison_features(comparison);
            let levels = features.len() as f64;
            let true_total: f64 = self.true_at[features.clone()].iter().sum::<f64>() + levels / 2.0;
            let wrong_total: f64 =
                self.wrong_at[features.clone()].iter().sum::<f64>() + levels / 2.0;
            for feature in features {
                let m = (self.true_at[feature] + 0.5) / true_total;
                let u = (self.wrong_at[feature] + 0.5) / wrong_total;
                weights[feature] = (m / u).ln();
            }
        }
        weights[BIAS] = self.bias();
        for feature in TERM_FREQUENCY_FEATURES {
            weights[feature] = TERM_FREQUENCY_WEIGHT;
        }
        MatchModel { weights }
    }

    /// The bias `b` under which the prior of "candidate `j` is the one",
    /// `e^b / (1 + k e^b)` for each of `k` candidates, expects as many true
    /// pairs as the posteriors hold.
    fn bias(&self) -> f64 {
        let expected = |bias: f64| -> f64 {
            self.accounts_with
                .iter()
                .enumerate()
                .map(|(k, accounts)| {
                    let k = k as f64;
                    accounts * k / (k + (-bias).exp())
                })
                .sum()
        };
        let (mut low, mut high) = (-30.0, 30.0);
        for _ in 0..80 {
            let middle = (low + high) / 2.0;
            if expected(middle) < self.true_pairs {
                low = middle;
            } else {
                high = middle;
            }
        }
        (low + high) / 2.0
    }
}

/// The weights used: the re-estimated ones pooled with the fitted ones
/// (see the module's documentation), every weight alike.
pub fn pool(fitted: &MatchModel, reestimated: &MatchModel) -> MatchModel {
    let mut weights = fitted.weights;
    for (weight, reestimated) in weights.iter_mut().zip(reestimated.weights) {
        *weight = POOLED_SHARE * reestimated + (1.0 - POOLED_SHARE) * *weight;
    }
    MatchModel { weights }
}

/// The weights re-estimated on a workspace's candidate pairs, from `fitted`,
/// pooled, and re-fitted on the decisions when there are enough.
pub fn learn(fitted: &MatchModel, accounts: &[Compared], known: &[Option<Known>]) -> MatchModel {
    let no_pause = |_: f64| std::future::ready(Ok::<(), std::convert::Infallible>(()));
    match run_ready(learn_pausing(fitted, accounts, known, no_pause)) {
        Ok(model) => model,
        Err(never) => match never {},
    }
}

/// Accounts weighed between two pauses of [`learn_pausing`].
pub const ACCOUNTS_PER_PAUSE: usize = 20_000;

/// [`learn`], awaiting `pause(fraction done)` before each slice of
/// [`ACCOUNTS_PER_PAUSE`] accounts: the page paints between slices, and a
/// pause that fails (the person pressed Cancel) stops the learning.
pub async fn learn_pausing<F: std::future::Future<Output = Result<(), E>>, E>(
    fitted: &MatchModel,
    accounts: &[Compared],
    known: &[Option<Known>],
    mut pause: impl FnMut(f64) -> F,
) -> Result<MatchModel, E> {
    let mut model = fitted.clone();
    let slices = accounts.len().div_ceil(ACCOUNTS_PER_PAUSE).max(1);
    for round in 0..ROUNDS {
        let mut counts = PairCounts::default();
        for slice in 0..slices {
            pause((round * slices + slice) as f64 / (ROUNDS * slices) as f64).await?;
            let start = slice * ACCOUNTS_PER_PAUSE;
            let end = (start + ACCOUNTS_PER_PAUSE).min(accounts.len());
            for (row, candidates) in accounts[start..end].iter().enumerate() {
                counts.add(
                    &model,
                    candidates,
                    known.get(start + row).copied().flatten(),
                );
            }
        }
        model = counts.maximise();
    }
    Ok(finish(fitted, &model, accounts, known))
}

/// The weights used, once the rounds are run: the re-estimated weights
/// pooled with the fitted ones, then re-fitted on the decisions.
pub fn finish(
    fitted: &MatchModel,
    reestimated: &MatchModel,
    accounts: &[Compared],
    known: &[Option<Known>],
) -> MatchModel {
    refit_on_decisions(&pool(fitted, reestimated), accounts, known)
}

/// The weights re-fitted on the decided accounts, pulled toward `model`; the
/// model itself when fewer than [`DECISIONS_TO_REFIT`] are decided.
pub fn refit_on_decisions(
    model: &MatchModel,
    accounts: &[Compared],
    known: &[Option<Known>],
) -> MatchModel {
    let decided: Vec<TrainingAccount> = accounts
        .iter()
        .zip(known)
        .filter_map(|(candidates, known)| {
            let truth = match (*known)? {
                Known::Candidate(at) => Some(at),
                Known::NoneOfThem => None,
            };
            Some(TrainingAccount {
                candidates: candidates.iter().map(|(_, evidence)| *evidence).collect(),
                truth,
            })
        })
        .collect();
    if decided.len() < DECISIONS_TO_REFIT {
        return model.clone();
    }
    MatchModel {
        weights: fit_toward(&decided, DECISION_RIDGE, &model.weights),
    }
}

/// What the decisions say of each account row. A company confirmed by hand
/// that the index did not find is added to the account's compared
/// candidates, so that the label is a pair like the others.
pub fn known_from_decisions(
    compared: &mut [Compared],
    matcher: &Matcher,
    accounts: &Table,
    companies: &Table,
    decisions: &Decisions,
) -> Vec<Option<Known>> {
    if decisions.is_empty() {
        return Vec::new();
    }
    let decided = Decided::of(accounts, companies, decisions);
    compared
        .iter_mut()
        .enumerate()
        .map(|(row, candidates)| {
            Some(match decided.decision(row)? {
                Decision::Rejected => Known::NoneOfThem,
                Decision::Confirmed { company_id } => {
                    // A company no longer in the database teaches nothing.
                    let company = decided.company_row(company_id)?;
                    match candidates.iter().position(|(row, _)| *row == company) {
                        Some(at) => Known::Candidate(at),
                        None => {
                            let evidence = matcher.evidence(
                                &MatchRecord::of(accounts, row),
                                &MatchRecord::of(companies, company as usize),
                            );
                            candidates.push((company, evidence));
                            Known::Candidate(candidates.len() - 1)
                        }
                    }
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::matching::model::{Evidence, COMPARISONS};
    use crate::engine::rng::Rng;

    /// The share of true (`m`) and wrong (`u`) pairs at each level of each
    /// comparison, in [`COMPARISONS`] order, for a labelled set shaped
    /// unlike the generator: no websites at all, names mostly cut short or
    /// partly shared even when right, and streets that agree on wrong
    /// candidates as often as on right ones (a shopping centre's address).
    const M: [&[f64]; 7] = [
        &[0.05, 0.05, 0.50, 0.0, 0.30, 0.10, 0.0, 0.0],
        &[0.0, 0.0, 0.0, 1.0],
        &[0.30, 0.10, 0.40, 0.20],
        &[0.90, 0.05, 0.05, 0.0],
        &[0.0, 0.0, 1.0],
        &[0.50, 0.10, 0.20, 0.20, 0.0],
        &[1.0, 0.0, 0.0],
    ];
    const U: [&[f64]; 7] = [
        &[0.01, 0.01, 0.05, 0.01, 0.30, 0.42, 0.20, 0.0],
        &[0.0, 0.0, 0.0, 1.0],
        &[0.30, 0.05, 0.45, 0.20],
        &[0.40, 0.05, 0.55, 0.0],
        &[0.0, 0.0, 1.0],
        &[0.03, 0.02, 0.15, 0.80, 0.0],
        &[0.95, 0.05, 0.0],
    ];

    fn draw(rng: &mut Rng, shares: &[&[f64]; 7]) -> Evidence {
        let mut levels = [0u8; 7];
        for (comparison, shares) in shares.iter().enumerate() {
            let mut left = rng.unit();
            levels[comparison] = (shares.len() - 1) as u8;
            for (level, share) in shares.iter().enumerate() {
                if left < *share {
                    levels[comparison] = level as u8;
                    break;
                }
                left -= share;
            }
        }
        Evidence {
            levels,
            name_shared_by: 1,
            city_shared_by: (1, 1),
            domain_shared_by: 1,
        }
    }

    /// Accounts of 1-6 candidates; 80 % have their company among them (the
    /// first). Returns the accounts and the true candidate of each.
    fn labelled_set(accounts: usize, seed: u64) -> (Vec<Compared>, Vec<Option<usize>>) {
        let mut rng = Rng::new(seed, 1);
        let mut compared = Vec::new();
        let mut truth = Vec::new();
        for _ in 0..accounts {
            let candidates = 1 + rng.below(6) as usize;
            let has_one = rng.chance(0.8);
            let mut list: Compared = (0..candidates)
                .map(|j| {
                    let shares = if has_one && j == 0 { &M } else { &U };
                    (j as u32, draw(&mut rng, shares))
                })
                .collect();
            // The true one's place among the candidates must not give it away.
            let at = rng.below(candidates as u64) as usize;
            list.swap(0, at);
            compared.push(list);
            truth.push(has_one.then_some(at));
        }
        (compared, truth)
    }

    /// `ln(m/u)` of each level of the labelled set, where both are given.
    fn true_weights() -> Vec<(usize, usize, f64)> {
        let mut weights = Vec::new();
        for comparison in 0..COMPARISONS.len() {
            for level in 0..COMPARISONS[comparison].levels.len() - 1 {
                let (m, u) = (M[comparison][level], U[comparison][level]);
                if m > 0.0 && u > 0.0 {
                    weights.push((comparison, level, (m / u).ln()));
                }
            }
        }
        weights
    }

    fn distance(model: &MatchModel) -> f64 {
        true_weights()
            .iter()
            .map(|(comparison, level, weight)| {
                (model.level_weight(*comparison, *level) - weight).powi(2)
            })
            .sum::<f64>()
            .sqrt()
    }

    #[test]
    fn expectation_maximisation_moves_the_weights_toward_the_truth_of_other_data() {
        let (compared, _) = labelled_set(20_000, 5);
        let fitted = MatchModel::default();
        let mut model = fitted.clone();
        for _ in 0..ROUNDS {
            // One round of expectation-maximisation, unpooled.
            let mut counts = PairCounts::default();
            for candidates in &compared {
                counts.add(&model, candidates, None);
            }
            model = counts.maximise();
        }
        let (before, after) = (distance(&fitted), distance(&model));
        assert!(
            after < before / 3.0,
            "distance to the true ln(m/u): fitted {before:.2}, re-estimated {after:.2}"
        );
        // The street agrees as often on wrong candidates: no evidence here,
        // where the generator taught that it is strong evidence.
        assert!(fitted.level_weight(2, 0) > 3.0);
        assert!(
            model.level_weight(2, 0).abs() < 0.5,
            "street weight {:.2}",
            model.level_weight(2, 0)
        );
        // The pooled weights lie between, the term-frequency weights too:
        // Fellegi–Sunter's on this side, the generator's on the other.
        let pooled = finish(&fitted, &model, &compared, &[]);
        assert!(distance(&pooled) < before);
        for feature in TERM_FREQUENCY_FEATURES {
            assert_eq!(model.weights[feature], TERM_FREQUENCY_WEIGHT);
            assert_eq!(
                pooled.weights[feature],
                POOLED_SHARE * TERM_FREQUENCY_WEIGHT
                    + (1.0 - POOLED_SHARE) * fitted.weights[feature]
            );
        }
    }

    #[test]
    fn the_bias_recovers_how_often_an_account_has_its_company_among_the_candidates() {
        // Accounts of 1-6 candidates whose company is among them with the
        // prior's chance, `k e^b / (1 + k e^b)`, for a known bias.
        let mut rng = Rng::new(9, 1);
        for true_bias in [-1.5, 0.5] {
            let mut counts = PairCounts::default();
            for _ in 0..40_000 {
                let k = 1 + rng.below(6) as usize;
                let odds = k as f64 * f64::exp(true_bias);
                let known = if rng.chance(odds / (1.0 + odds)) {
                    Known::Candidate(rng.below(k as u64) as usize)
                } else {
                    Known::NoneOfThem
                };
                let candidates: Compared = (0..k).map(|j| (j as u32, draw(&mut rng, &U))).collect();
                counts.add(&MatchModel::default(), &candidates, Some(known));
            }
            let bias = counts.bias();
            assert!(
                (bias - true_bias).abs() < 0.06,
                "bias {bias:.3}, true {true_bias}"
            );
        }
    }

    #[test]
    fn counts_of_parts_add_up_to_the_whole() {
        let (compared, _) = labelled_set(1_000, 7);
        let model = MatchModel::default();
        let mut whole = PairCounts::default();
        for candidates in &compared {
            whole.add(&model, candidates, None);
        }
        let mut first = PairCounts::default();
        let mut second = PairCounts::default();
        for (row, candidates) in compared.iter().enumerate() {
            let part = if row < 400 { &mut first } else { &mut second };
            part.add(&model, candidates, None);
        }
        first.merge(&second);
        assert!((whole.true_pairs - first.true_pairs).abs() < 1e-9);
        let (whole, parts) = (whole.maximise(), first.maximise());
        for (a, b) in whole.weights.iter().zip(&parts.weights) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
    }

    #[test]
    fn enough_decisions_re_fit_the_weights_and_fewer_do_not() {
        let (compared, truth) = labelled_set(2_000, 8);
        let start = MatchModel::default();
        let decided = |count: usize| -> Vec<Option<Known>> {
            truth
                .iter()
                .enumerate()
                .map(|(row, truth)| {
                    (row < count).then(|| truth.map_or(Known::NoneOfThem, Known::Candidate))
                })
                .collect()
        };
        let few = refit_on_decisions(&start, &compared, &decided(DECISIONS_TO_REFIT - 1));
        assert_eq!(
            few, start,
            "fewer than {DECISIONS_TO_REFIT} decisions change nothing"
        );
        let many = refit_on_decisions(&start, &compared, &decided(600));
        assert_ne!(many, start);
        // The decisions say the street is no evidence here: its weight falls.
        assert!(
            many.level_weight(2, 0) < start.level_weight(2, 0) - 1.0,
            "street weight {:.2} from {:.2}",
            many.level_weight(2, 0),
            start.level_weight(2, 0)
        );
        // …and the decided accounts now agree with the model more often.
        let agreement = |model: &MatchModel| {
            compared[..600]
                .iter()
                .zip(&truth)
                .filter(|(candidates, truth)| {
                    let scores: Vec<f64> = candidates.iter().map(|(_, e)| model.score(e)).collect();
                    let p = probabilities(&scores);
                    let best = (0..p.len()).max_by(|a, b| p[*a].total_cmp(&p[*b]));
                    let predicted = best.filter(|best| p[*best] >= 0.5);
                    predicted == **truth
                })
                .count()
        };
        assert!(agreement(&many) > agreement(&start));
    }
}
