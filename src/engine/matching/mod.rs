//! Matching CRM accounts to company records (`docs/matching.md`).
//!
//! - [`normalize`]: the forms of names, streets, regions and postal codes that
//!   matching compares;
//! - [`record`]: one account or company, normalised;
//! - [`candidates`]: the blocking rules and indexes that find the few
//!   companies worth comparing with each account; [`spelling`]: a word no
//!   company has read as the words they do have;
//! - [`model`]: the comparisons, their levels and weights, as data;
//! - [`matcher`]: the two put together, giving each account its candidates
//!   with calibrated probabilities;
//! - [`estimate`]: the weights re-estimated on the data at hand, and
//!   re-fitted on the person's decisions;
//! - [`outcome`]: threshold, review decisions, statuses, duplicates, export;
//! - [`batch`]: the same steps cut for a cluster: rows compared anywhere,
//!   carried as bytes, finished on the driver;
//! - [`quality`]: precision, recall and calibration against ground truth, and
//!   the fitting of the weights.

pub mod batch;
pub mod candidates;
pub mod estimate;
pub mod matcher;
pub mod model;
pub mod normalize;
pub mod outcome;
pub mod quality;
pub mod record;
pub mod spelling;

#[cfg(test)]
mod tests;

use crate::engine::ingest::table::Table;
use matcher::{Candidate, Compared, Matcher};
use record::MatchRecord;

/// Every account matched and the threshold applied, before any review
/// decision: what the command line writes. `matcher` indexes `companies`
/// ([`Matcher::build`]); it is kept by the caller (placing people by name
/// uses it too), holding the weights learnt on these accounts.
pub fn match_without_review(
    matcher: &mut Matcher,
    accounts: &Table,
    companies: &Table,
    thresholds: outcome::Thresholds,
) -> Vec<outcome::Outcome> {
    let compared = compare_all(matcher, accounts, companies);
    batch::finish_matching(matcher, &compared, accounts, companies, thresholds)
}

/// Matches every account of a table: its candidates compared (natively on
/// every core), the weights learnt on them (no decisions), and each
/// account's candidates ranked. The page does the same a slice at a time.
pub fn match_all(
    matcher: &mut Matcher,
    accounts: &Table,
    companies: &Table,
) -> Vec<Vec<Candidate>> {
    let compared = compare_all(matcher, accounts, companies);
    matcher.learn(&compared, &[]);
    compared
        .iter()
        .map(|candidates| matcher.rank(candidates))
        .collect()
}

/// Every account's candidates, compared (natively on every core).
pub fn compare_all(matcher: &Matcher, accounts: &Table, companies: &Table) -> Vec<Compared> {
    crate::engine::parallel::map_range(0..accounts.rows, |row| {
        matcher.compare_candidates(&MatchRecord::of(accounts, row), companies)
    })
}
