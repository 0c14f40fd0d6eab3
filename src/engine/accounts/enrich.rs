//! The account report's inputs made ready (`docs/accounts.md`), as
//! `sightline enrich` and `sightline whitespace` make them and the Python
//! package does: the accounts matched to the companies (when there are any,
//! before any review decision), the people placed at the companies (else at
//! the accounts), and the personas counted where they were placed.

use crate::engine::accounts::personas::Persona;
use crate::engine::accounts::report::Enrichment;
use crate::engine::ingest::table::Table;
use crate::engine::links::{place_records, Placed};
use crate::engine::matching::match_without_review;
use crate::engine::matching::matcher::Matcher;
use crate::engine::matching::outcome::{Outcome, Thresholds};

/// The matches, where the people went, and the counts.
pub struct Enriched {
    /// Each account's outcome, in account order (all unmatched without a
    /// company database).
    pub outcomes: Vec<Outcome>,
    /// The matching run's index of the companies, with the weights learnt on
    /// these accounts: other records (signals) are placed with it
    /// ([`Enriched::place`]).
    pub matcher: Option<Matcher>,
    /// The people, each placed one's company (or account) written, and
    /// where each went or why not.
    pub people: Placed,
    pub enrichment: Enrichment,
}

impl Enriched {
    /// Other records (signals) placed as the people were.
    pub fn place(
        &self,
        records: &Table,
        companies: Option<&Table>,
        accounts: &Table,
        threshold: u8,
    ) -> Placed {
        place_records(
            records,
            companies,
            accounts,
            threshold,
            self.matcher.as_ref(),
        )
    }
}

/// Matches `accounts` to `companies` accepting at `threshold`, places
/// `people` and counts `personas`.
pub fn enrich(
    accounts: &Table,
    companies: Option<&Table>,
    people: &Table,
    personas: &[Persona],
    threshold: u8,
) -> Enriched {
    let (outcomes, matcher) = match companies {
        Some(companies) => {
            let mut matcher = Matcher::build(companies);
            let outcomes = match_without_review(
                &mut matcher,
                accounts,
                companies,
                Thresholds::accepting_at(threshold),
            );
            (outcomes, Some(matcher))
        }
        None => (vec![Outcome::unmatched(); accounts.rows], None),
    };
    let people = place_records(people, companies, accounts, threshold, matcher.as_ref());
    let enrichment = Enrichment::at(&people.table, personas, people.placed_at);
    Enriched {
        outcomes,
        matcher,
        people,
        enrichment,
    }
}
