//! From candidates to what a person sees and downloads (`MATCHING.md`): the
//! accept threshold, the review decisions a person made, statuses, possible
//! duplicate accounts, the summary and the match export.

use crate::engine::export::{Cell, CsvExport, ExportDialect};
use crate::engine::ingest::table::Table;
use crate::engine::matching::matcher::{Candidate, Matcher};
use crate::engine::matching::record::MatchRecord;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The accept threshold unless the person chooses another.
pub const DEFAULT_THRESHOLD: u8 = 4;

/// Where an account's match stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// The best candidate scores at or above the threshold.
    Accepted,
    /// The best candidate scores below it: a person should look.
    Review,
    /// A person confirmed the candidate or picked the company.
    Confirmed,
    /// A person said none of the candidates is right.
    Rejected,
    /// No candidate at all.
    Unmatched,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Accepted,
        Status::Review,
        Status::Confirmed,
        Status::Rejected,
        Status::Unmatched,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Review => "review",
            Status::Confirmed => "confirmed",
            Status::Rejected => "rejected",
            Status::Unmatched => "unmatched",
        }
    }

    /// Whether the account counts as matched to its company (enrichment,
    /// whitespace): accepted or confirmed.
    pub fn is_matched(self) -> bool {
        matches!(self, Status::Accepted | Status::Confirmed)
    }
}

/// A person's decision on one account. Confirming the suggested company and
/// picking another are the same decision: "this account is that company".
/// Decisions name companies by id, so they hold across a re-run and a newer
/// companies file (while the id exists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Confirmed { company_id: String },
    Rejected,
}

/// Every decision of a workspace, by account id.
pub type Decisions = BTreeMap<String, Decision>;

/// One account's match after threshold and decisions.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub status: Status,
    /// The company's row in the companies table: the accepted, confirmed or
    /// (for review) best candidate.
    pub company: Option<u32>,
    pub confidence: f64,
    pub match_score: u8,
    /// The match grade (`ABZAAFA`); empty with no company.
    pub grade: String,
    /// Another accepted or confirmed account has the same company.
    pub duplicate: bool,
    /// A decision that names a company no longer in the companies file, and
    /// so was set aside.
    pub stale_decision: bool,
}

/// The matching of a whole accounts table.
#[derive(Debug, Clone, Default)]
pub struct MatchResults {
    /// Per account row: the matcher's candidates, best first.
    pub candidates: Vec<Vec<Candidate>>,
    /// Per account row: the outcome.
    pub outcomes: Vec<Outcome>,
}

/// Applies the threshold and the decisions to the matcher's candidates.
pub fn outcomes(
    candidates: &[Vec<Candidate>],
    accounts: &Table,
    companies: &Table,
    matcher: &Matcher,
    decisions: &Decisions,
    threshold: u8,
) -> Vec<Outcome> {
    let company_rows: FxHashMap<String, u32> = if decisions.is_empty() {
        FxHashMap::default()
    } else {
        (0..companies.rows)
            .filter_map(|row| Some((companies.text("company_id", row)?, row as u32)))
            .collect()
    };
    let mut outcomes: Vec<Outcome> = candidates
        .iter()
        .enumerate()
        .map(|(row, candidates)| {
            let decision = accounts
                .text("account_id", row)
                .and_then(|id| decisions.get(&id));
            let suggested = |stale_decision: bool| match candidates.first() {
                None => Outcome {
                    status: Status::Unmatched,
                    company: None,
                    confidence: 0.0,
                    match_score: 0,
                    grade: String::new(),
                    duplicate: false,
                    stale_decision,
                },
                Some(best) => Outcome {
                    status: if best.match_score() >= threshold {
                        Status::Accepted
                    } else {
                        Status::Review
                    },
                    company: Some(best.company),
                    confidence: best.confidence(),
                    match_score: best.match_score(),
                    grade: best.evidence.grade(),
                    duplicate: false,
                    stale_decision,
                },
            };
            match decision {
                None => suggested(false),
                Some(Decision::Rejected) => Outcome {
                    status: Status::Rejected,
                    company: None,
                    confidence: 0.0,
                    match_score: 0,
                    grade: String::new(),
                    duplicate: false,
                    stale_decision: false,
                },
                Some(Decision::Confirmed { company_id }) => match company_rows.get(company_id) {
                    None => suggested(true),
                    Some(&company) => {
                        let grade = candidates
                            .iter()
                            .find(|candidate| candidate.company == company)
                            .map(|candidate| candidate.evidence.grade())
                            .unwrap_or_else(|| {
                                matcher
                                    .evidence(
                                        &MatchRecord::of(accounts, row),
                                        &MatchRecord::of(companies, company as usize),
                                    )
                                    .grade()
                            });
                        Outcome {
                            status: Status::Confirmed,
                            company: Some(company),
                            confidence: 1.0,
                            match_score: 5,
                            grade,
                            duplicate: false,
                            stale_decision: false,
                        }
                    }
                },
            }
        })
        .collect();
    flag_duplicates(&mut outcomes);
    outcomes
}

/// Flags accounts whose accepted or confirmed company another such account has.
fn flag_duplicates(outcomes: &mut [Outcome]) {
    let mut accounts_per_company: FxHashMap<u32, u32> = FxHashMap::default();
    for outcome in outcomes
        .iter()
        .filter(|outcome| outcome.status.is_matched())
    {
        if let Some(company) = outcome.company {
            *accounts_per_company.entry(company).or_default() += 1;
        }
    }
    for outcome in outcomes
        .iter_mut()
        .filter(|outcome| outcome.status.is_matched())
    {
        outcome.duplicate = outcome
            .company
            .is_some_and(|company| accounts_per_company[&company] > 1);
    }
}

/// How the matches stand, as the summary shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MatchSummary {
    pub accounts: usize,
    /// Accounts at each score, 0 to 5.
    pub by_score: [usize; 6],
    pub accepted: usize,
    pub review: usize,
    pub confirmed: usize,
    pub rejected: usize,
    pub unmatched: usize,
    pub possible_duplicates: usize,
    pub stale_decisions: usize,
}

impl MatchSummary {
    pub fn of(outcomes: &[Outcome]) -> MatchSummary {
        let mut summary = MatchSummary {
            accounts: outcomes.len(),
            ..Default::default()
        };
        for outcome in outcomes {
            summary.by_score[outcome.match_score.min(5) as usize] += 1;
            *match outcome.status {
                Status::Accepted => &mut summary.accepted,
                Status::Review => &mut summary.review,
                Status::Confirmed => &mut summary.confirmed,
                Status::Rejected => &mut summary.rejected,
                Status::Unmatched => &mut summary.unmatched,
            } += 1;
            summary.possible_duplicates += usize::from(outcome.duplicate);
            summary.stale_decisions += usize::from(outcome.stale_decision);
        }
        summary
    }
}

/// The match export of `MATCHING.md`: one row per account, in input order,
/// `<account id header>,company_id,company_name,match_score,confidence,match_grade,status`.
/// Rejected and unmatched rows leave the company, score, confidence and
/// grade empty but for a score of 0.
pub fn match_export(
    accounts: &Table,
    account_id_header: &str,
    companies: &Table,
    outcomes: &[Outcome],
    dialect: ExportDialect,
) -> Vec<u8> {
    let mut export = CsvExport::new(
        dialect,
        &[
            account_id_header,
            "company_id",
            "company_name",
            "match_score",
            "confidence",
            "match_grade",
            "status",
        ],
    );
    for (row, outcome) in outcomes.iter().enumerate() {
        let account_id = accounts.text("account_id", row).unwrap_or_default();
        let company = |field: &str| {
            outcome
                .company
                .and_then(|company| companies.text(field, company as usize))
                .unwrap_or_default()
        };
        let (company_id, company_name) = (company("company_id"), company("name"));
        let score = outcome.match_score.to_string();
        let confidence = if outcome.company.is_some() {
            format!("{:.2}", outcome.confidence)
        } else {
            String::new()
        };
        export.row([
            Cell::Text(&account_id),
            Cell::Text(&company_id),
            Cell::Text(&company_name),
            Cell::Number(&score),
            Cell::Number(&confidence),
            Cell::Text(&outcome.grade),
            Cell::Text(outcome.status.as_str()),
        ]);
    }
    export.finish()
}

/// Finds companies by name, website or id, for picking one by hand: ids and
/// domains exactly, names by every word typed (prefixes of the name's words).
pub fn search_companies(companies: &Table, query: &str, limit: usize) -> Vec<u32> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut found = Vec::new();
    for row in 0..companies.rows {
        let id_or_site = companies
            .text("company_id", row)
            .is_some_and(|id| id.to_lowercase() == query)
            || companies
                .text("website", row)
                .is_some_and(|site| site == query);
        let by_name = || {
            let name = companies
                .text("name", row)
                .unwrap_or_default()
                .to_lowercase();
            words.iter().all(|word| {
                name.split(|c: char| !c.is_alphanumeric())
                    .any(|part| part.starts_with(word))
            })
        };
        if id_or_site || by_name() {
            found.push(row as u32);
            if found.len() >= limit {
                break;
            }
        }
    }
    found
}
