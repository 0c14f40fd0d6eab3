//! The matcher's steps as functions over batches, for a cluster (`docs/scale-out.md`):
//! what one machine does in [`match_without_review`](super::match_without_review),
//! cut where work can be shared out and its results gathered.
//!
//! 1. **Compare** ([`compare_rows`]): some of the accounts, each with its
//!    candidates from the company index, compared field by field. This is
//!    nearly all the time, and each account is on its own: any worker can
//!    take any rows, given the two tables and the index built on the
//!    companies (built the same on every worker).
//! 2. **Carry** ([`encode_compared`], [`decode_compared`]): an account's
//!    compared candidates as a few bytes (19 a candidate), to go from a worker
//!    to the driver.
//! 3. **Finish** ([`finish_matching`]): on the driver, every account's
//!    compared candidates, in account order — the weights learnt on them,
//!    each account's candidates ranked, and the outcomes (threshold, review
//!    floor, duplicates). The same function finishes a match on one machine,
//!    so a cluster's export is the command line's, byte for byte. The driver
//!    needs no company index for it: without review decisions nothing is
//!    compared again, so an empty [`Matcher::default`] learns and ranks as
//!    the one that indexed the companies.
//!
//! The finish's two steps are also there on their own, with the weights an
//! explicit argument: [`learn_weights`] (learnt once, on every account's
//! compared candidates) and [`rank_account`] (one account's candidates
//! competing under them, with "none of them" as one more option).

use super::candidates::joined::KeyCounts;
use super::candidates::CandidateIndex;
use super::estimate::learn;
use super::estimate::Known;
use super::matcher::{rank_with, Candidate, Compared, Matcher, CANDIDATES_COMPARED};
use super::model::{compare, Evidence, MatchModel, COMPARISONS};
use super::outcome::{outcomes, Decisions, Outcome, Thresholds};
use super::record::MatchRecord;
use crate::engine::ingest::table::Table;
use std::sync::Arc;

/// Compares the accounts of `rows` (rows of `accounts`) with their
/// candidates, in the order given.
pub fn compare_rows(
    matcher: &Matcher,
    accounts: &Table,
    companies: &Table,
    rows: &[usize],
) -> Vec<Compared> {
    crate::engine::parallel::map_range(0..rows.len(), |at| {
        matcher.compare_candidates(&MatchRecord::of(accounts, rows[at]), companies)
    })
}

/// Compares the accounts of `rows` with their candidates among the
/// companies a join delivered to them (`delivered`: company rows, in any
/// order, repeats allowed; rows past the table are left out), with names and
/// websites weighed by the whole database's `counts`. When `delivered`
/// answers every one of these accounts' [`requests`](super::candidates::joined::requests),
/// this is what [`compare_rows`] gives with the whole index.
pub fn compare_delivered(
    counts: &Arc<KeyCounts>,
    accounts: &Table,
    companies: &Table,
    rows: &[usize],
    delivered: &[u32],
) -> Vec<Compared> {
    let mut delivered: Vec<u32> = delivered
        .iter()
        .copied()
        .filter(|row| (*row as usize) < companies.rows)
        .collect();
    delivered.sort_unstable();
    delivered.dedup();
    let records = crate::engine::parallel::map_range(0..delivered.len(), |at| {
        MatchRecord::for_index(companies, delivered[at] as usize)
    });
    let index =
        CandidateIndex::of_delivered(Arc::clone(counts), records.iter().map(MatchRecord::entity));
    crate::engine::parallel::map_range(0..rows.len(), |at| {
        let account = MatchRecord::of(accounts, rows[at]);
        index
            .candidates(&account.entity(), CANDIDATES_COMPARED)
            .into_iter()
            .map(|position| {
                let row = delivered[position as usize];
                let company = MatchRecord::of(companies, row as usize);
                (row, compare(&account, &company, counts.as_ref()))
            })
            .collect()
    })
}

/// Learns the weights on every account's compared candidates (`compared[i]`
/// is account row `i`'s), ranks each account's candidates and gives the
/// outcomes, before any review decision.
pub fn finish_matching(
    matcher: &mut Matcher,
    compared: &[Compared],
    accounts: &Table,
    companies: &Table,
    thresholds: Thresholds,
) -> Vec<Outcome> {
    let known: [Option<Known>; 0] = [];
    matcher.learn(compared, &known);
    let candidates: Vec<_> = compared
        .iter()
        .map(|candidates| matcher.rank(candidates))
        .collect();
    outcomes(
        &candidates,
        accounts,
        companies,
        matcher,
        &Decisions::new(),
        thresholds,
    )
}

/// The weights re-estimated on every account's compared candidates, from
/// the fitted ones, as [`finish_matching`] learns them (no decisions).
pub fn learn_weights(compared: &[Compared]) -> MatchModel {
    learn(&MatchModel::default(), compared, &[])
}

/// One account's compared candidates weighed by `model` and competing: the
/// best first, then the alternatives, as the match export ranks them.
pub fn rank_account(model: &MatchModel, compared: &Compared) -> Vec<Candidate> {
    rank_with(model, compared)
}

/// Bytes of one candidate: its company row (`u32`), each comparison's level,
/// and the four counts (`u32` each: the name's, the domain's, the city's and
/// a typical city's), little endian.
const CANDIDATE_BYTES: usize = 4 + COMPARISONS.len() + 4 * 4;

/// Why carried bytes are not an account's compared candidates (of these
/// companies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedCompared {
    /// How many bytes were given.
    pub length: usize,
}

impl std::fmt::Display for DamagedCompared {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{} bytes are not compared candidates of these companies (each candidate takes {CANDIDATE_BYTES}, its company among the companies' rows, its levels within the comparisons'); were they compared against another companies file?",
            self.length
        )
    }
}

impl std::error::Error for DamagedCompared {}

/// An account's compared candidates as bytes.
pub fn encode_compared(compared: &Compared) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(compared.len() * CANDIDATE_BYTES);
    for (company, evidence) in compared {
        bytes.extend_from_slice(&company.to_le_bytes());
        bytes.extend_from_slice(&evidence.levels);
        bytes.extend_from_slice(&evidence.name_shared_by.to_le_bytes());
        bytes.extend_from_slice(&evidence.domain_shared_by.to_le_bytes());
        bytes.extend_from_slice(&evidence.city_shared_by.0.to_le_bytes());
        bytes.extend_from_slice(&evidence.city_shared_by.1.to_le_bytes());
    }
    bytes
}

/// The compared candidates [`encode_compared`] wrote, against a table of
/// `companies` rows; anything else is an error, never a panic.
pub fn decode_compared(bytes: &[u8], companies: usize) -> Result<Compared, DamagedCompared> {
    let damaged = DamagedCompared {
        length: bytes.len(),
    };
    if bytes.len() % CANDIDATE_BYTES != 0 {
        return Err(damaged);
    }
    let word = |at: &[u8]| u32::from_le_bytes([at[0], at[1], at[2], at[3]]);
    bytes
        .chunks_exact(CANDIDATE_BYTES)
        .map(|candidate| {
            let mut levels = [0u8; COMPARISONS.len()];
            levels.copy_from_slice(&candidate[4..4 + COMPARISONS.len()]);
            let known = levels
                .iter()
                .zip(COMPARISONS.iter())
                .all(|(level, comparison)| usize::from(*level) < comparison.levels.len());
            let company = word(candidate);
            let counts = &candidate[4 + COMPARISONS.len()..];
            let city_shared_by = (word(&counts[8..]), word(&counts[12..]));
            // A city's counts are never 0 (1 and 1 when there is no city).
            if !known
                || company as usize >= companies
                || city_shared_by.0 == 0
                || city_shared_by.1 == 0
            {
                return Err(damaged.clone());
            }
            Ok((
                company,
                Evidence {
                    levels,
                    name_shared_by: word(counts),
                    domain_shared_by: word(&counts[4..]),
                    city_shared_by,
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::{default_as_of, Demo, DemoSize};
    use crate::engine::export::ExportFormat;
    use crate::engine::export::Exported;
    use crate::engine::matching::outcome::{
        match_export, Status, DEFAULT_REVIEW_FLOOR, DEFAULT_THRESHOLD,
    };
    use crate::engine::source_kind::SourceKind;

    #[test]
    fn compared_candidates_survive_the_trip_and_damage_is_refused() {
        let demo = Demo::new(DemoSize::Small, 3, default_as_of());
        let read = |kind| demo.read(kind).table;
        let (accounts, companies) = (read(SourceKind::Accounts), read(SourceKind::Companies));
        let matcher = Matcher::build(&companies);
        let rows: Vec<usize> = (0..accounts.rows).collect();
        let compared = compare_rows(&matcher, &accounts, &companies, &rows);
        assert!(compared.iter().any(|candidates| candidates.len() > 1));
        for candidates in &compared {
            let bytes = encode_compared(candidates);
            let rows = companies.rows;
            assert_eq!(decode_compared(&bytes, rows).as_ref(), Ok(candidates));
            if !bytes.is_empty() {
                assert!(decode_compared(&bytes[1..], rows).is_err());
                let mut unknown_level = bytes.clone();
                unknown_level[4] = 200;
                assert!(decode_compared(&unknown_level, rows).is_err());
                // Compared against a larger companies file: refused, not misread.
                assert!(decode_compared(&bytes, candidates[0].0 as usize).is_err());
                // A city of no companies would weigh infinitely: refused.
                let mut no_city_count = bytes.clone();
                no_city_count[CANDIDATE_BYTES - 8..CANDIDATE_BYTES - 4].fill(0);
                assert!(decode_compared(&no_city_count, rows).is_err());
            }
        }
    }

    #[test]
    fn weights_learnt_once_rank_each_account_as_the_finish_does() {
        let demo = Demo::new(DemoSize::Small, 9, default_as_of());
        let read = |kind| demo.read(kind).table;
        let (accounts, companies) = (read(SourceKind::Accounts), read(SourceKind::Companies));
        let matcher = Matcher::build(&companies);
        let rows: Vec<usize> = (0..accounts.rows).collect();
        let compared = compare_rows(&matcher, &accounts, &companies, &rows);
        let thresholds = Thresholds {
            accept: DEFAULT_THRESHOLD,
            review_floor: DEFAULT_REVIEW_FLOOR,
        };
        let outcomes = finish_matching(
            &mut Matcher::default(),
            &compared,
            &accounts,
            &companies,
            thresholds,
        );
        let model = learn_weights(&compared);
        assert_ne!(model, MatchModel::default(), "the weights were learnt");
        let mut accepted = 0;
        for (candidates, outcome) in compared.iter().zip(&outcomes) {
            let ranked = rank_account(&model, candidates);
            let Some(company) = outcome.company else {
                continue;
            };
            // Accepted and in review, the outcome is the best candidate.
            let best = &ranked[0];
            assert_eq!(
                (
                    best.company,
                    best.confidence(),
                    best.match_score(),
                    best.evidence.grade()
                ),
                (
                    company,
                    outcome.confidence,
                    outcome.match_score,
                    outcome.grade.clone()
                )
            );
            accepted += usize::from(outcome.status == Status::Accepted);
        }
        assert!(accepted > accounts.rows / 2, "{accepted} accepted");
    }

    #[test]
    fn rows_compared_in_parts_finish_as_the_whole() {
        let demo = Demo::new(DemoSize::Small, 5, default_as_of());
        let read = |kind| demo.read(kind).table;
        let (accounts, companies) = (read(SourceKind::Accounts), read(SourceKind::Companies));
        let thresholds = Thresholds {
            accept: DEFAULT_THRESHOLD,
            review_floor: DEFAULT_REVIEW_FLOOR,
        };
        let export = |outcomes: &[Outcome]| {
            match_export(
                &accounts,
                "Account ID",
                &companies,
                outcomes,
                |_| true,
                ExportFormat::Comma,
            )
            .and_then(Exported::into_bytes)
            .unwrap()
        };
        let whole = crate::engine::matching::match_without_review(
            &mut Matcher::build(&companies),
            &accounts,
            &companies,
            thresholds,
        );
        // As a cluster does it: rows in uneven parts, out of order, each on
        // its own index, carried as bytes and put back in account order.
        let mut parts: Vec<Vec<usize>> = (0..accounts.rows)
            .collect::<Vec<_>>()
            .chunks(37)
            .map(<[usize]>::to_vec)
            .collect();
        parts.reverse();
        let mut carried: Vec<(usize, Vec<u8>)> = Vec::new();
        for rows in &parts {
            let worker = Matcher::build(&companies);
            let compared = compare_rows(&worker, &accounts, &companies, rows);
            carried.extend(
                rows.iter()
                    .copied()
                    .zip(compared.iter().map(encode_compared)),
            );
        }
        carried.sort_by_key(|(row, _)| *row);
        let compared: Vec<Compared> = carried
            .iter()
            .map(|(_, bytes)| decode_compared(bytes, companies.rows).unwrap())
            .collect();
        // The driver finishes without indexing the companies.
        let mut driver = Matcher::default();
        let finished = finish_matching(&mut driver, &compared, &accounts, &companies, thresholds);
        assert_eq!(export(&finished), export(&whole));
    }
}
