//! The account report's inputs made ready (`docs/accounts.md`), as
//! `sightline enrich` and `sightline whitespace` make them and the Python
//! package does: the accounts matched to the companies (when there are any,
//! before any review decision), the people placed at the companies (else at
//! the accounts), and the personas counted where they were placed.
//!
//! A cluster does the same in parts (`docs/scale-out.md`): each partition of
//! the people placed and counted on its own ([`count_people_rows`]), the
//! parts' counts added up ([`PeopleCounts::add`]) and made the enrichment
//! ([`Enrichment::of_counts`]); people are placed one by one, so the parts
//! add up to the whole.

use crate::engine::accounts::personas::Persona;
use crate::engine::accounts::report::{Enrichment, PeopleCounts};
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

/// People rows `rows` placed and counted as [`enrich`] places and counts the
/// whole file. `matcher` is an index of `companies` (any worker's own: names
/// are placed with the fitted weights, not the weights a match learnt).
pub fn count_people_rows(
    people: &Table,
    rows: std::ops::Range<usize>,
    companies: Option<&Table>,
    accounts: &Table,
    personas: &[Persona],
    threshold: u8,
    matcher: Option<&Matcher>,
) -> PeopleCounts {
    let part = people.rows_in(rows);
    let placed = place_records(&part, companies, accounts, threshold, matcher);
    PeopleCounts::of(&placed.table, personas, placed.placed_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::accounts::personas::sample_personas;
    use crate::engine::accounts::report::{account_report, whitespace};
    use crate::engine::accounts::settings::ReportSettings;
    use crate::engine::demo::{default_as_of, Demo, DemoSize};
    use crate::engine::export::{ExportFormat, Exported};
    use crate::engine::ingest::read_test_csv;
    use crate::engine::matching::outcome::DEFAULT_THRESHOLD;
    use crate::engine::source_kind::SourceKind;

    /// The report's and the whitespace's CSV bytes.
    fn exports(
        accounts: &Table,
        companies: Option<&Table>,
        outcomes: &[Outcome],
        enrichment: &Enrichment,
    ) -> Vec<Vec<u8>> {
        let empty = Table::default();
        let companies = companies.unwrap_or(&empty);
        let settings = ReportSettings {
            sizing_persona: 0,
            price: 12.5,
        };
        [
            account_report(accounts, "Id", companies, outcomes, enrichment, &settings),
            whitespace(companies, outcomes, enrichment, 0),
        ]
        .map(|table| {
            table
                .to_file(ExportFormat::Comma)
                .and_then(Exported::into_bytes)
                .expect("a CSV export")
        })
        .to_vec()
    }

    /// Counts people in `parts` (each on its own, in the order given) and
    /// checks the parts' enrichment writes the whole's exports.
    fn parts_add_up(
        accounts: &Table,
        companies: Option<&Table>,
        people: &Table,
        parts: &[std::ops::Range<usize>],
    ) {
        let personas = sample_personas();
        let whole = enrich(accounts, companies, people, &personas, DEFAULT_THRESHOLD);
        // Each worker's own index, never the one the match learnt on.
        let index = companies.map(Matcher::build);
        let mut counts = PeopleCounts {
            placed_at: whole.people.placed_at,
            ..PeopleCounts::default()
        };
        for rows in parts {
            let part = count_people_rows(
                people,
                rows.clone(),
                companies,
                accounts,
                &personas,
                DEFAULT_THRESHOLD,
                index.as_ref(),
            );
            assert_eq!(part.placed_at, whole.people.placed_at);
            counts.add(&part);
        }
        let enrichment = Enrichment::of_counts(&personas, &counts);
        assert_eq!(
            exports(accounts, companies, &whole.outcomes, &enrichment),
            exports(accounts, companies, &whole.outcomes, &whole.enrichment),
            "{parts:?}"
        );
    }

    #[test]
    fn people_counted_in_parts_add_up_to_the_whole() {
        let demo = Demo::new(DemoSize::Small, 11, default_as_of());
        let read = |kind| read_test_csv(&String::from_utf8_lossy(&demo.render(kind)), kind);
        let accounts = read(SourceKind::Accounts);
        let companies = read(SourceKind::Companies);
        let people = read(SourceKind::People);
        let n = people.rows;
        let parts = [n / 2..n, 0..1, 1..n / 3, n / 3..n / 2, n..n];
        parts_add_up(&accounts, Some(&companies), &people, &parts);
        // Without a company database, people are placed at the accounts.
        parts_add_up(&accounts, None, &people, &parts);
    }

    #[test]
    fn people_at_their_account_by_its_id_add_up_when_a_part_has_none() {
        let accounts = read_test_csv(
            "Id,Account Name,Website\n\
             A1,Velquora Systems Inc,velquora.com\n\
             A2,Tessaly Labs,tessaly.io\n\
             A3,Unknown Thing,\n",
            SourceKind::Accounts,
        );
        let companies = read_test_csv(
            "Company ID,Company Name,Website,Employees\n\
             C1,Velquora Systems Inc.,velquora.com,200\n\
             C2,Tessaly Labs,tessaly.io,50\n",
            SourceKind::Companies,
        );
        // k1 and k2 only name their account; k3 and k4 are placed at a
        // company by their e-mail's domain, and k4's account (A3) has no
        // company: a part of k3 and k4 alone places nobody by account id,
        // yet A3 is an account with people, counted 0 beside its none.
        let contacts = read_test_csv(
            "Contact ID,AccountId,Title,Email\n\
             k1,A1,Lead Developer,k1@gmail.com\n\
             k2,A2,Developer,k2@gmail.com\n\
             k3,A1,Software Engineer,k3@velquora.com\n\
             k4,A3,Developer,k4@tessaly.io\n",
            SourceKind::People,
        );
        let (whole, halves, quarters) = (0..4, [2..4, 0..2], [3..4, 0..1, 2..3, 1..2]);
        for parts in [std::slice::from_ref(&whole), &halves, &quarters] {
            parts_add_up(&accounts, Some(&companies), &contacts, parts);
        }
    }
}
