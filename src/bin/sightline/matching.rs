//! `sightline match --accounts FILE --companies FILE [--threshold SCORE]
//! [--review-floor SCORE] --out FILE`: the match export of `docs/matching.md`, the
//! same bytes as the page's `Download matches` before any review decision.

use crate::args::Args;
use crate::files::{exported, output_format, progress, read_dataset, write_output};
use sightline::engine::matching::match_without_review;
use sightline::engine::matching::matcher::Matcher;
use sightline::engine::matching::outcome::{
    match_export, MatchSummary, Thresholds, DEFAULT_REVIEW_FLOOR, DEFAULT_THRESHOLD,
};
use sightline::engine::source_kind::SourceKind;

/// Reads `--threshold`: a match score from 1 to 5.
pub fn threshold(value: Option<String>) -> Result<u8, String> {
    value.map_or(Ok(DEFAULT_THRESHOLD), |text| score("--threshold", &text))
}

/// A match score from 1 to 5, given as `option`.
fn score(option: &str, text: &str) -> Result<u8, String> {
    match text.trim().parse::<u8>() {
        Ok(score @ 1..=5) => Ok(score),
        _ => Err(format!(
            "{option} must be a match score from 1 to 5, not '{text}'"
        )),
    }
}

pub fn run(mut args: Args) -> Result<(), String> {
    let accounts_file = args.required("--accounts")?;
    let companies_file = args.required("--companies")?;
    let accept = threshold(args.optional("--threshold")?)?;
    let review_floor = args
        .optional("--review-floor")?
        .map_or(Ok(DEFAULT_REVIEW_FLOOR), |text| {
            score("--review-floor", &text)
        })?;
    let out = args.required("--out")?;
    args.finish()?;

    let accounts = read_dataset(&accounts_file, SourceKind::Accounts)?;
    let companies = read_dataset(&companies_file, SourceKind::Companies)?;
    progress(&format!(
        "matching {} accounts against {} companies…",
        accounts.table.rows, companies.table.rows
    ));
    let outcomes = match_without_review(
        &mut Matcher::build(&companies.table),
        &accounts.table,
        &companies.table,
        Thresholds {
            accept,
            review_floor,
        },
    );
    let id_header = accounts.report.source_header("account_id");
    let bytes = match_export(
        &accounts.table,
        &id_header,
        &companies.table,
        &outcomes,
        |_| true,
        output_format(&out),
    );
    write_output(&out, &exported(&out, bytes)?)?;
    let summary = MatchSummary::of(&outcomes);
    eprintln!(
        "{} accounts: {} accepted, {} to review, {} unmatched, {} possible duplicates",
        summary.accounts,
        summary.accepted,
        summary.review,
        summary.unmatched,
        summary.possible_duplicates
    );
    Ok(())
}
