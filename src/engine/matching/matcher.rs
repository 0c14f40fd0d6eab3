//! The matcher: the company database indexed once, then each account's
//! candidates compared field by field, weighed by the model and turned into
//! probabilities that compete (see [`model`](super::model)).

use crate::engine::ingest::table::Table;
use crate::engine::matching::candidates::CandidateIndex;
use crate::engine::matching::estimate::{learn, Known};
use crate::engine::matching::model::{compare, probabilities, Evidence, Frequencies, MatchModel};
use crate::engine::matching::normalize::NormalizedName;
use crate::engine::matching::record::MatchRecord;
use crate::engine::parallel::map_range;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// How many candidates from the index are compared with each account.
pub const CANDIDATES_COMPARED: usize = 10;
/// How many alternatives a match carries besides its best candidate.
pub const ALTERNATIVES: usize = 3;

/// An account's compared candidates: each company's row and the evidence.
pub type Compared = Vec<(u32, Evidence)>;

/// One company a matched account may be, with the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The company's row in the companies table.
    pub company: u32,
    /// The calibrated probability that this is the account's company.
    pub probability: f64,
    pub evidence: Evidence,
}

impl Candidate {
    /// The probability as shown and exported: two decimals, never 0.00 for a
    /// candidate (0 is "no candidate").
    pub fn confidence(&self) -> f64 {
        ((self.probability * 100.0).round() / 100.0).max(0.01)
    }

    /// The 0-5 band of the confidence (`docs/matching.md`).
    pub fn match_score(&self) -> u8 {
        match_score(self.confidence())
    }
}

/// The band of a confidence, lower edges inclusive: 0.80 is a 5, 0.60 a 4,
/// 0.40 a 3, 0.20 a 2, anything above 0 a 1, and 0 (no candidate) a 0. The
/// band is taken of the two-decimal confidence a person sees, so the two
/// always agree.
pub fn match_score(confidence: f64) -> u8 {
    let hundredths = (confidence * 100.0).round() as i64;
    match hundredths {
        80.. => 5,
        60..=79 => 4,
        40..=59 => 3,
        20..=39 => 2,
        1..=19 => 1,
        _ => 0,
    }
}

/// A normalised name as a number, to count companies sharing it cheaply.
pub(crate) fn name_hash(name: &NormalizedName) -> u64 {
    let mut hasher = FxHasher::default();
    name.tokens.hash(&mut hasher);
    hasher.finish()
}

/// The company database, indexed for matching.
pub struct Matcher {
    index: CandidateIndex,
    name_counts: FxHashMap<u64, u32>,
    city_counts: CityCounts,
    pub model: MatchModel,
}

impl Default for Matcher {
    fn default() -> Matcher {
        Matcher::new()
    }
}

impl Matcher {
    /// An empty matcher; [`Matcher::add_company`] every company row in order.
    pub fn new() -> Matcher {
        Matcher {
            index: CandidateIndex::new(),
            name_counts: FxHashMap::default(),
            city_counts: CityCounts::default(),
            model: MatchModel::default(),
        }
    }

    /// Indexes a whole companies table (normalising a batch at a time on
    /// every core natively).
    pub fn build(companies: &Table) -> Matcher {
        crate::engine::parallel::run_ready(Matcher::build_pausing(companies, |_| {
            std::future::ready(true)
        }))
        .unwrap_or_default()
    }

    /// The same build, awaiting `pause(fraction done)` between batches of
    /// companies (the page paints meanwhile); stopped, `None`, when a pause
    /// says not to go on.
    pub async fn build_pausing<F: std::future::Future<Output = bool>>(
        companies: &Table,
        mut pause: impl FnMut(f64) -> F,
    ) -> Option<Matcher> {
        let mut matcher = Matcher::new();
        let batch = 1 << 16;
        for start in (0..companies.rows).step_by(batch) {
            let end = (start + batch).min(companies.rows);
            for record in map_range(start..end, |row| MatchRecord::for_index(companies, row)) {
                matcher.add_company(&record);
            }
            if !pause(end as f64 / companies.rows as f64).await {
                return None;
            }
        }
        Some(matcher)
    }

    /// Indexes the next company row.
    pub fn add_company(&mut self, company: &MatchRecord) {
        self.index.add(&company.entity());
        if !company.name.tokens.is_empty() {
            *self
                .name_counts
                .entry(name_hash(&company.name))
                .or_default() += 1;
        }
        if let Some(city) = &company.city {
            self.city_counts.add(city, 1);
        }
    }

    /// How many companies are indexed.
    pub fn companies(&self) -> usize {
        self.index.len()
    }

    /// The evidence for one account and one company.
    pub fn evidence(&self, account: &MatchRecord, company: &MatchRecord) -> Evidence {
        compare(account, company, self)
    }

    /// An account's best candidate and up to [`ALTERNATIVES`] others, most
    /// probable first; empty when the index finds none.
    pub fn match_account(&self, account: &MatchRecord, companies: &Table) -> Vec<Candidate> {
        self.rank(&self.compare_candidates(account, companies))
    }

    /// The same, weighed by another model (placing records by name uses the
    /// fitted weights, whatever this run learnt on its accounts).
    pub fn match_account_with(
        &self,
        model: &MatchModel,
        account: &MatchRecord,
        companies: &Table,
    ) -> Vec<Candidate> {
        rank_with(model, &self.compare_candidates(account, companies))
    }

    /// The companies the index finds for an account, each compared with it.
    pub fn compare_candidates(&self, account: &MatchRecord, companies: &Table) -> Compared {
        self.index
            .candidates(&account.entity(), CANDIDATES_COMPARED)
            .into_iter()
            .map(|company| {
                (
                    company,
                    self.evidence(account, &MatchRecord::of(companies, company as usize)),
                )
            })
            .collect()
    }

    /// Learns this data's weights from its compared candidates and what the
    /// decisions say (`estimate::learn`, from the fitted weights).
    pub fn learn(&mut self, compared: &[Compared], known: &[Option<Known>]) {
        self.model = learn(&MatchModel::default(), compared, known);
    }

    /// An account's compared candidates weighed by the model and competing:
    /// the best and up to [`ALTERNATIVES`] others, most probable first.
    pub fn rank(&self, compared: &[(u32, Evidence)]) -> Vec<Candidate> {
        rank_with(&self.model, compared)
    }
}

/// Compared candidates weighed by `model` and competing, best first, cut to
/// the best and [`ALTERNATIVES`].
pub(super) fn rank_with(model: &MatchModel, compared: &[(u32, Evidence)]) -> Vec<Candidate> {
    let scores: Vec<f64> = compared
        .iter()
        .map(|(_, evidence)| model.score(evidence))
        .collect();
    let mut candidates: Vec<Candidate> = compared
        .iter()
        .zip(probabilities(&scores))
        .map(|(&(company, evidence), probability)| Candidate {
            company,
            probability,
            evidence,
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.company.cmp(&b.company))
    });
    candidates.truncate(1 + ALTERNATIVES);
    candidates
}

impl Frequencies for Matcher {
    fn token_rarity(&self, token: &str) -> f64 {
        self.index.token_rarity(token)
    }

    fn companies_named(&self, name: &NormalizedName) -> u32 {
        self.name_counts.get(&name_hash(name)).copied().unwrap_or(0)
    }

    fn companies_on_domain(&self, domain: &str) -> u32 {
        self.index.companies_on_domain(domain)
    }

    fn companies_in_city(&self, city: &str) -> (u32, u32) {
        self.city_counts.companies_in(city)
    }
}

/// How many companies are in each city, and the sums that give a typical
/// company's city.
#[derive(Debug, Default, Clone)]
pub(crate) struct CityCounts {
    counts: FxHashMap<Box<str>, u32>,
    /// Companies with a city: `Σ n`.
    companies: f64,
    /// `Σ n²` over the cities.
    squares: f64,
}

impl CityCounts {
    /// Adds `companies` companies in `city`; returns how many it had.
    pub(crate) fn add(&mut self, city: &str, companies: u32) -> u32 {
        let count = match self.counts.get_mut(city) {
            Some(count) => count,
            None => self.counts.entry(city.into()).or_default(),
        };
        let had = *count;
        *count += companies;
        let (before, after) = (f64::from(had), f64::from(*count));
        self.companies += after - before;
        self.squares += after * after - before * before;
        had
    }

    /// The companies in `city`, and in a typical company's city.
    pub(crate) fn companies_in(&self, city: &str) -> (u32, u32) {
        let here = self.counts.get(city).copied().unwrap_or(0);
        let typically = if self.companies > 0.0 {
            (self.squares / self.companies).round() as u32
        } else {
            0
        };
        (here, typically)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same city weighs less the more companies are in it: a city of a
    /// typical company's size weighs the level's weight, a big one less, a
    /// small one more (Fellegi–Sunter's term frequency).
    #[test]
    fn a_shared_city_weighs_by_how_many_companies_are_in_it() {
        use crate::engine::matching::model::{field, level};
        let in_city = |name: &str, city: &str| MatchRecord {
            city: Some(city.into()),
            ..MatchRecord::named(name)
        };
        let mut matcher = Matcher::new();
        for at in 0..80 {
            matcher.add_company(&in_city(&format!("Firm {at}"), "london"));
        }
        for at in 0..20 {
            matcher.add_company(&in_city(&format!("Works {at}"), "leeds"));
        }
        matcher.add_company(&in_city("Harrogate Mills", "harrogate"));
        // A typical company's city: (80² + 20² + 1²) / 101 = 67.4 companies.
        assert_eq!(matcher.companies_in_city("london"), (80, 67));
        assert_eq!(matcher.companies_in_city("harrogate"), (1, 67));
        assert_eq!(matcher.companies_in_city("york"), (0, 67));
        let score_in = |city: &str| {
            let evidence = matcher.evidence(&in_city("Acme", city), &in_city("Acme", city));
            assert_eq!(evidence.levels[field::CITY], level::graded::SAME);
            matcher.model.score(&evidence)
        };
        assert!(score_in("harrogate") > score_in("leeds"));
        assert!(score_in("leeds") > score_in("london"));
        let other_cities = matcher.evidence(&in_city("Acme", "york"), &in_city("Acme", "leeds"));
        assert_eq!(other_cities.city_shared_by, (1, 1), "no shared city");
    }

    #[test]
    fn band_edges() {
        for (confidence, score) in [
            (1.0, 5),
            (0.8, 5),
            (0.795, 5),
            (0.794, 4),
            (0.6, 4),
            (0.59, 3),
            (0.4, 3),
            (0.39, 2),
            (0.2, 2),
            (0.19, 1),
            (0.01, 1),
            (0.0, 0),
        ] {
            assert_eq!(match_score(confidence), score, "confidence {confidence}");
        }
    }
}
