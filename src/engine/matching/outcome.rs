//! From candidates to what a person sees and downloads (`docs/matching.md`): the
//! accept threshold and the review floor, the review decisions a person made,
//! statuses, possible duplicate accounts, the summary and the match export.

use crate::engine::display::human_count;
use crate::engine::entry::Entry;
use crate::engine::export::{Cell, Export, ExportError, ExportFormat, Exported};
use crate::engine::ingest::table::Table;
use crate::engine::matching::matcher::{Candidate, Matcher};
use crate::engine::matching::record::MatchRecord;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The accept threshold unless the person chooses another.
pub const DEFAULT_THRESHOLD: u8 = 4;

/// The review floor unless the person chooses another (`docs/matching.md`,
/// "Review burden"): an account whose best candidate scores below it is
/// unmatched, not in review (the candidate is still its row's, to be
/// confirmed by hand). At score 1 the candidate is nearly always another
/// company: a queue of them is work for nothing.
pub const DEFAULT_REVIEW_FLOOR: u8 = 2;

/// Where match scores part accepted, review and unmatched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Accepted at or above this score.
    pub accept: u8,
    /// In review at or above this score (below `accept`); unmatched below.
    pub review_floor: u8,
}

impl Thresholds {
    /// Accepting at `accept`, with the default review floor (where only
    /// acceptance matters: reports, alerts).
    pub fn accepting_at(accept: u8) -> Thresholds {
        Thresholds {
            accept,
            review_floor: DEFAULT_REVIEW_FLOOR,
        }
    }

    /// The status of an undecided account whose best candidate has this
    /// match score.
    pub fn status(self, match_score: u8) -> Status {
        if match_score >= self.accept {
            Status::Accepted
        } else if match_score >= self.review_floor {
            Status::Review
        } else {
            Status::Unmatched
        }
    }
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds::accepting_at(DEFAULT_THRESHOLD)
    }
}

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

impl Entry for Decisions {
    const KEY: &'static str = "match_decisions";
}

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

impl Outcome {
    /// An account with no company (no candidate, or no company database).
    pub fn unmatched() -> Outcome {
        Outcome {
            status: Status::Unmatched,
            company: None,
            confidence: 0.0,
            match_score: 0,
            grade: String::new(),
            duplicate: false,
            stale_decision: false,
        }
    }
}

/// The matching of a whole accounts table.
#[derive(Debug, Clone, Default)]
pub struct MatchResults {
    /// Per account row: the matcher's candidates, best first.
    pub candidates: Vec<Vec<Candidate>>,
    /// Per account row: the outcome.
    pub outcomes: Vec<Outcome>,
}

/// The decisions laid over the tables: each account row's decision (by
/// account id) and the row of each company a decision confirms (by company
/// id: rows move between files).
pub struct Decided<'a> {
    by_row: Vec<Option<&'a Decision>>,
    company_rows: rustc_hash::FxHashMap<&'a str, u32>,
}

impl<'a> Decided<'a> {
    pub fn of(accounts: &Table, companies: &Table, decisions: &'a Decisions) -> Decided<'a> {
        if decisions.is_empty() {
            return Decided {
                by_row: Vec::new(),
                company_rows: Default::default(),
            };
        }
        Decided {
            by_row: (0..accounts.rows)
                .map(|row| decisions.get(&accounts.text("account_id", row)?))
                .collect(),
            company_rows: companies.rows_with(
                "company_id",
                decisions.values().filter_map(|decision| match decision {
                    Decision::Confirmed { company_id } => Some(company_id.as_str()),
                    Decision::Rejected => None,
                }),
            ),
        }
    }

    /// The decision on an account row, if any.
    pub fn decision(&self, row: usize) -> Option<&'a Decision> {
        self.by_row.get(row).copied().flatten()
    }

    /// The row of a confirmed company; none when it is no longer there.
    pub fn company_row(&self, company_id: &str) -> Option<u32> {
        self.company_rows.get(company_id).copied()
    }
}

/// Applies the thresholds and the decisions to the matcher's candidates.
pub fn outcomes(
    candidates: &[Vec<Candidate>],
    accounts: &Table,
    companies: &Table,
    matcher: &Matcher,
    decisions: &Decisions,
    thresholds: Thresholds,
) -> Vec<Outcome> {
    let decided = Decided::of(accounts, companies, decisions);
    let mut outcomes: Vec<Outcome> = candidates
        .iter()
        .enumerate()
        .map(|(row, candidates)| {
            let decision = decided.decision(row);
            let suggested = |stale_decision: bool| match candidates.first() {
                None => Outcome {
                    stale_decision,
                    ..Outcome::unmatched()
                },
                Some(best) => Outcome {
                    status: thresholds.status(best.match_score()),
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
                    ..Outcome::unmatched()
                },
                Some(Decision::Confirmed { company_id }) => match decided.company_row(company_id) {
                    None => suggested(true),
                    Some(company) => {
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

/// The review queue (`docs/matching.md`, "The review queue"): the accounts in
/// review, those whose candidate is closest to the accept threshold first
/// (the highest score, then the highest confidence), then in file order.
pub fn review_queue(outcomes: &[Outcome]) -> Vec<usize> {
    let mut queue: Vec<usize> = (0..outcomes.len())
        .filter(|row| outcomes[*row].status == Status::Review)
        .collect();
    queue.sort_by(|a, b| {
        let (a_outcome, b_outcome) = (&outcomes[*a], &outcomes[*b]);
        b_outcome
            .match_score
            .cmp(&a_outcome.match_score)
            .then(b_outcome.confidence.total_cmp(&a_outcome.confidence))
            .then(a.cmp(b))
    });
    queue
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

    /// What the person should do next, in one sentence (the page's headline).
    pub fn next_step(&self) -> String {
        let accounts = |count: usize| {
            if count == 1 {
                "1 account".to_string()
            } else {
                format!("{} accounts", human_count(count as u64))
            }
        };
        if self.accounts == 0 {
            "The accounts file has no rows: add one with accounts on Sources.".to_string()
        } else if self.review > 0 {
            format!(
                "Next: decide the {} in review below (C confirms, R rejects), then download the matches.",
                accounts(self.review)
            )
        } else if self.possible_duplicates > 0 {
            format!(
                "Nothing left to review. {} may be duplicates of another account on the same company: check them in the list, then download the matches.",
                accounts(self.possible_duplicates)
            )
        } else {
            "Nothing left to review: download the matches, or size the accounts on Accounts."
                .to_string()
        }
    }
}

/// The match export of `docs/matching.md`: one row per account, in input order,
/// `<account id header>,company_id,company_name,match_score,confidence,match_grade,status`.
/// Rejected and unmatched rows leave the company, confidence and grade empty,
/// with a score of 0. `keep` chooses the rows (all of them for the full
/// export; the unmatched and rejected for "Download unmatched").
pub fn match_export(
    accounts: &Table,
    account_id_header: &str,
    companies: &Table,
    outcomes: &[Outcome],
    keep: impl Fn(&Outcome) -> bool,
    format: ExportFormat,
) -> Result<Exported, ExportError> {
    let mut export = Export::new(
        format,
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
    for (row, outcome) in outcomes
        .iter()
        .enumerate()
        .filter(|(_, outcome)| keep(outcome))
    {
        let account_id = accounts.text("account_id", row).unwrap_or_default();
        // An unmatched account's best candidate (below the review floor) is
        // shown on the page, but no match is exported.
        let company = outcome
            .company
            .filter(|_| !matches!(outcome.status, Status::Unmatched | Status::Rejected));
        let company_text = |field: &str| {
            company
                .and_then(|company| companies.text(field, company as usize))
                .unwrap_or_default()
        };
        let (company_id, company_name) = (company_text("company_id"), company_text("name"));
        let score = if company.is_some() {
            outcome.match_score.to_string()
        } else {
            "0".to_string()
        };
        let confidence = if company.is_some() {
            format!("{:.2}", outcome.confidence)
        } else {
            String::new()
        };
        let grade = if company.is_some() {
            outcome.grade.as_str()
        } else {
            ""
        };
        export.row([
            Cell::Text(&account_id),
            Cell::Text(&company_id),
            Cell::Text(&company_name),
            Cell::Number(&score),
            Cell::Number(&confidence),
            Cell::Text(grade),
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
    // Cells read in place: this runs on every keystroke over the whole database.
    let cell = |field: &str| {
        let column = companies.column(field);
        move |row: usize| -> std::borrow::Cow<'_, str> {
            match column {
                Some(column @ crate::engine::ingest::table::Column::Text { .. }) => {
                    column.text_at(row).into()
                }
                Some(column) => companies.cell_text(column, row).unwrap_or_default().into(),
                None => "".into(),
            }
        }
    };
    let (id_of, site_of, name_of) = (cell("company_id"), cell("website"), cell("name"));
    // A name's word begins with a typed word, in any case.
    let begins = |part: &str, word: &str| match part.get(..word.len()) {
        Some(head) if part.is_ascii() => head.eq_ignore_ascii_case(word),
        _ => part.to_lowercase().starts_with(word),
    };
    let mut found = Vec::new();
    for row in 0..companies.rows {
        let id_or_site = id_of(row).eq_ignore_ascii_case(&query) || site_of(row) == query;
        let by_name = || {
            let name = name_of(row);
            words.iter().all(|word| {
                name.split(|c: char| !c.is_alphanumeric())
                    .any(|part| begins(part, word))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::read_test_csv;
    use crate::engine::matching::match_all;
    use crate::engine::matching::quality::Band;
    use crate::engine::source_kind::SourceKind;

    #[test]
    fn the_next_step_follows_what_is_left() {
        let summary = |review, possible_duplicates| MatchSummary {
            accounts: 100,
            review,
            possible_duplicates,
            ..MatchSummary::default()
        };
        assert!(summary(3, 2)
            .next_step()
            .starts_with("Next: decide the 3 accounts in review"));
        assert!(summary(1, 0)
            .next_step()
            .starts_with("Next: decide the 1 account in review"));
        assert!(summary(0, 2)
            .next_step()
            .contains("2 accounts may be duplicates"));
        assert!(summary(0, 0)
            .next_step()
            .starts_with("Nothing left to review: download"));
        assert!(MatchSummary::default().next_step().contains("no rows"));
    }

    const ACCOUNTS: &str = "Account ID,Account Name,Website,Billing Country\n\
        A1,Velquora Systems Inc,velquora.com,US\n\
        A2,Velquora Systems,,US\n\
        A3,Brightline Omnira GmbH,brightline-omnira.de,Germany\n\
        A4,Zzyzx Unfindable,,\n\
        =A5,Formula Account,,\n";

    fn companies(extra_first: bool, with_brightline: bool) -> Table {
        let mut csv = String::from("Company ID,Company Name,Website,Country\n");
        if extra_first {
            // A newer file: rows moved, a company added in front.
            csv.push_str("C9,Omnira Holdings,omnira.com,US\n");
        }
        csv.push_str("C1,Velquora Systems Inc.,velquora.com,US\n");
        csv.push_str("C2,Tessaly Labs,tessaly.io,US\n");
        if with_brightline {
            csv.push_str("C3,Brightline Omnira GmbH,brightline-omnira.de,DE\n");
        }
        read_test_csv(&csv, SourceKind::Companies)
    }

    fn run(companies: &Table, decisions: &Decisions, threshold: u8) -> (Table, Vec<Outcome>) {
        let accounts = read_test_csv(ACCOUNTS, SourceKind::Accounts);
        let mut matcher = Matcher::build(companies);
        let candidates = match_all(&mut matcher, &accounts, companies);
        let outcomes = outcomes(
            &candidates,
            &accounts,
            companies,
            &matcher,
            decisions,
            Thresholds::accepting_at(threshold),
        );
        (accounts, outcomes)
    }

    fn company_id(companies: &Table, outcome: &Outcome) -> Option<String> {
        outcome
            .company
            .and_then(|row| companies.text("company_id", row as usize))
    }

    #[test]
    fn decisions_are_counted_against_the_score_of_the_best_candidate() {
        use crate::engine::matching::quality::decided_by_score;
        let companies = companies(false, true);
        let accounts = read_test_csv(ACCOUNTS, SourceKind::Accounts);
        let candidates = match_all(&mut Matcher::build(&companies), &accounts, &companies);
        let score = |row: usize| usize::from(candidates[row][0].match_score());
        let confirmed = |company_id: &str| Decision::Confirmed {
            company_id: company_id.into(),
        };
        let decisions: Decisions = [
            ("A1".to_string(), confirmed("C1")), // the best candidate: right
            ("A2".to_string(), Decision::Rejected), // wrong
            ("A3".to_string(), confirmed("C2")), // another company: wrong
            ("A9".to_string(), confirmed("C1")), // no such account
        ]
        .into_iter()
        .collect();
        let bands = decided_by_score(&candidates, &accounts, &companies, &decisions);
        assert_eq!(bands.iter().map(|band| band.matches).sum::<usize>(), 3);
        assert_eq!(bands.iter().map(|band| band.right).sum::<usize>(), 1);
        assert_eq!(bands[score(0) - 1].right, 1);
        assert!(bands[score(1) - 1].matches >= 1 && bands[score(2) - 1].matches >= 1);
        assert_eq!(
            decided_by_score(&candidates, &accounts, &companies, &Decisions::new()),
            [Band::default(); 5]
        );
    }

    #[test]
    fn below_the_review_floor_an_account_is_unmatched_and_the_queue_starts_nearest_the_threshold() {
        let accounts = read_test_csv(
            "Account ID,Account Name,Billing Country\n\
             B1,Velquora Foods,FR\n\
             B2,Velquora Systems,US\n\
             B3,Tessaly,US\n\
             B4,Brightline Omnira,DE\n",
            SourceKind::Accounts,
        );
        let companies = companies(false, true);
        let mut matcher = Matcher::build(&companies);
        let candidates = match_all(&mut matcher, &accounts, &companies);
        let judged = outcomes(
            &candidates,
            &accounts,
            &companies,
            &matcher,
            &Decisions::new(),
            Thresholds::accepting_at(5),
        );
        for outcome in &judged {
            let expected = match outcome.match_score {
                5 => Status::Accepted,
                score if score >= DEFAULT_REVIEW_FLOOR => Status::Review,
                _ => Status::Unmatched,
            };
            assert_eq!(outcome.status, expected, "{outcome:?}");
        }
        let floor = judged
            .iter()
            .position(|outcome| outcome.match_score == 1)
            .expect("an account whose best candidate scores 1");
        assert_eq!(judged[floor].status, Status::Unmatched);
        assert!(
            judged[floor].company.is_some(),
            "its candidate is kept for the page"
        );
        // Exported as unmatched: no company, no score.
        let export = crate::engine::export::csv_text(match_export(
            &accounts,
            "Account ID",
            &companies,
            &judged,
            |_| true,
            ExportFormat::Comma,
        ));
        let line = export.lines().nth(floor + 1).unwrap();
        assert!(line.ends_with(",,,0,,,unmatched"), "{line}");
        // The queue: the highest scores first.
        let queue = review_queue(&judged);
        assert!(!queue.is_empty());
        assert!(queue.windows(2).all(|pair| {
            let (a, b) = (&judged[pair[0]], &judged[pair[1]]);
            (a.match_score, a.confidence) >= (b.match_score, b.confidence)
        }));
        assert!(queue
            .iter()
            .all(|row| judged[*row].status == Status::Review));
    }

    #[test]
    fn statuses_duplicates_and_threshold() {
        let companies = companies(false, true);
        let (_, outcomes) = run(&companies, &Decisions::new(), DEFAULT_THRESHOLD);
        assert_eq!(outcomes[0].status, Status::Accepted);
        assert_eq!(company_id(&companies, &outcomes[0]).as_deref(), Some("C1"));
        assert_eq!(outcomes[0].match_score, 5);
        assert_eq!(outcomes[2].status, Status::Accepted, "{:?}", outcomes[2]);
        assert_eq!(outcomes[3].status, Status::Unmatched);
        assert_eq!((outcomes[3].match_score, outcomes[3].company), (0, None));
        // The second account (name and country only) names the same company;
        // once it is matched too, both are possible duplicates.
        assert_eq!(company_id(&companies, &outcomes[1]).as_deref(), Some("C1"));
        let mut same = Decisions::new();
        same.insert(
            "A2".into(),
            Decision::Confirmed {
                company_id: "C1".into(),
            },
        );
        let (_, both) = run(&companies, &same, DEFAULT_THRESHOLD);
        assert!(both[0].duplicate && both[1].duplicate);
        assert!(!both[2].duplicate);
        assert_eq!(
            outcomes[0].duplicate,
            outcomes[1].status.is_matched(),
            "flagged only when both are matched"
        );
        assert_eq!(MatchSummary::of(&both).possible_duplicates, 2);
        // The threshold decides acceptance by score alone: at 5 only score-5
        // matches are accepted; at 1 every match with a candidate is. Below
        // the threshold, the review floor parts review from unmatched.
        for threshold in [1, 5] {
            let (_, judged) = run(&companies, &Decisions::new(), threshold);
            for outcome in judged.iter().filter(|outcome| outcome.company.is_some()) {
                let accepted = outcome.match_score >= threshold;
                assert_eq!(
                    outcome.status == Status::Accepted,
                    accepted,
                    "{outcome:?} at {threshold}"
                );
                assert_eq!(
                    outcome.status == Status::Review,
                    !accepted && outcome.match_score >= DEFAULT_REVIEW_FLOOR
                );
                assert_eq!(
                    outcome.status == Status::Unmatched,
                    !accepted && outcome.match_score < DEFAULT_REVIEW_FLOOR
                );
            }
        }
        let summary = MatchSummary::of(&outcomes);
        assert_eq!(summary.accounts, 5);
        assert_eq!(summary.by_score.iter().sum::<usize>(), 5);
        assert_eq!(summary.accepted + summary.review + summary.unmatched, 5);
    }

    #[test]
    fn decisions_survive_a_rerun_and_a_newer_companies_file() {
        let mut decisions = Decisions::new();
        decisions.insert("A1".into(), Decision::Rejected);
        decisions.insert(
            "A2".into(),
            Decision::Confirmed {
                company_id: "C2".into(),
            },
        );
        decisions.insert(
            "A3".into(),
            Decision::Confirmed {
                company_id: "C3".into(),
            },
        );
        let first = companies(false, true);
        let (_, outcomes) = run(&first, &decisions, DEFAULT_THRESHOLD);
        assert_eq!(
            (outcomes[0].status, outcomes[0].company),
            (Status::Rejected, None)
        );
        assert_eq!(outcomes[1].status, Status::Confirmed);
        assert_eq!(
            company_id(&first, &outcomes[1]).as_deref(),
            Some("C2"),
            "a hand-picked company"
        );
        assert_eq!((outcomes[1].match_score, outcomes[1].confidence), (5, 1.0));
        assert_eq!(
            outcomes[1].grade.len(),
            7,
            "a picked company still gets its grade"
        );
        // A newer file: C1 and C2 moved, C3 is gone.
        let newer = companies(true, false);
        let (_, outcomes) = run(&newer, &decisions, DEFAULT_THRESHOLD);
        assert_eq!(outcomes[0].status, Status::Rejected);
        assert_eq!(outcomes[1].status, Status::Confirmed);
        assert_eq!(
            company_id(&newer, &outcomes[1]).as_deref(),
            Some("C2"),
            "followed by id, not row"
        );
        assert!(outcomes[2].stale_decision, "C3 no longer exists");
        assert_ne!(outcomes[2].status, Status::Confirmed);
        assert_eq!(MatchSummary::of(&outcomes).stale_decisions, 1);
    }

    #[test]
    fn the_export_format() {
        let companies = companies(false, true);
        let mut decisions = Decisions::new();
        decisions.insert("A2".into(), Decision::Rejected);
        let (accounts, outcomes) = run(&companies, &decisions, DEFAULT_THRESHOLD);
        let text = crate::engine::export::csv_text(match_export(
            &accounts,
            "Account ID",
            &companies,
            &outcomes,
            |_| true,
            ExportFormat::Comma,
        ));
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Account ID,company_id,company_name,match_score,confidence,match_grade,status"
        );
        assert!(
            lines[1].starts_with("A1,C1,Velquora Systems Inc.,5,"),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with(",accepted"), "{}", lines[1]);
        assert_eq!(lines[2], "A2,,,0,,,rejected");
        assert_eq!(lines[4], "A4,,,0,,,unmatched");
        assert!(
            lines[5].starts_with("'=A5,"),
            "formulas neutralised: {}",
            lines[5]
        );
        assert_eq!(
            lines.len(),
            7,
            "five accounts, in input order, and the final line end"
        );
        let unmatched = crate::engine::export::csv_text(match_export(
            &accounts,
            "Account ID",
            &companies,
            &outcomes,
            |outcome| matches!(outcome.status, Status::Unmatched | Status::Rejected),
            ExportFormat::Comma,
        ));
        assert!(
            unmatched.contains("A2,,,0,,,rejected") && unmatched.contains("A4,,,0,,,unmatched")
        );
        assert!(!unmatched.contains("A1,"));
    }

    #[test]
    fn company_search_by_name_website_or_id() {
        let companies = companies(true, true);
        let name = |rows: Vec<u32>| -> Vec<String> {
            rows.iter()
                .map(|row| companies.text("company_id", *row as usize).unwrap())
                .collect()
        };
        assert_eq!(name(search_companies(&companies, "velq sys", 10)), ["C1"]);
        assert_eq!(name(search_companies(&companies, "tessaly.io", 10)), ["C2"]);
        assert_eq!(name(search_companies(&companies, "c3", 10)), ["C3"]);
        assert_eq!(
            name(search_companies(&companies, "omnira", 10)),
            ["C9", "C3"]
        );
        assert!(search_companies(&companies, "  ", 10).is_empty());
        let accented = read_test_csv(
            "Company ID,Company Name\nK1,ÉCOLE Numérique SAS\nK2,Ecole Libre\n",
            SourceKind::Companies,
        );
        assert_eq!(
            search_companies(&accented, "école num", 10),
            [0],
            "any case, beyond ASCII"
        );
        assert_eq!(search_companies(&accented, "ECOLE", 10), [1]);
        assert_eq!(
            search_companies(&accented, "k2", 10),
            [1],
            "ids in any case"
        );
    }
}
