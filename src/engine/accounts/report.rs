//! The account report and whitespace (`docs/accounts.md`): every account with its
//! matched company's data and persona counts, and every company no account
//! is matched to. Both are [`ReportTable`]s: named columns of typed cells,
//! which the page sorts, filters and totals, and which write the CSV files.

use crate::engine::accounts::personas::{matching_people, CompanySlots, Persona};
use crate::engine::accounts::settings::ReportSettings;
use crate::engine::display::format_number;
use crate::engine::export::{Cell, Export, ExportError, ExportFormat, Exported, Formulas};
use crate::engine::ingest::table::{Column, Table};
use crate::engine::links::PlacedAt;
use crate::engine::matching::outcome::Outcome;
use crate::engine::sort::SortKeys;
use std::collections::BTreeMap;

/// One cell of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportCell {
    Text(String),
    /// A number, or `None` (an empty cell).
    Number(Option<f64>),
    /// A share of a whole (0.925), or `None`: written as the number, shown
    /// as a percentage (92.5%), never totalled.
    Share(Option<f64>),
}

impl ReportCell {
    /// The cell as written in a CSV file.
    pub fn as_text(&self) -> String {
        match self {
            ReportCell::Text(text) => text.clone(),
            ReportCell::Number(value) | ReportCell::Share(value) => {
                value.map(format_number).unwrap_or_default()
            }
        }
    }

    pub fn number(&self) -> Option<f64> {
        match self {
            ReportCell::Number(value) | ReportCell::Share(value) => *value,
            ReportCell::Text(_) => None,
        }
    }
}

/// Ends each cell in a row's search text: a control character no one types
/// in a filter, so a needle never spans two cells.
pub const CELL_END: char = '\u{1f}';

/// Whether a row's [`search_text`](ReportTable::search_text) holds `needle`
/// (lowercased) in `column`, or in any cell.
pub fn search_text_holds(text: &str, needle: &str, column: Option<usize>) -> bool {
    match column {
        Some(column) => text
            .split(CELL_END)
            .nth(column)
            .is_some_and(|cell| cell.contains(needle)),
        None if needle.contains(CELL_END) => false,
        None => text.contains(needle),
    }
}

/// Named columns and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<ReportCell>>,
}

impl ReportTable {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|column| column == name)
    }

    /// How two rows order by a column: numbers by value, then texts in any
    /// case ([`crate::engine::sort::compare_text`]); empty cells last whichever the direction (a
    /// person sorting by connectivity, most first, wants the known ones on
    /// top). The order cell by cell, which [`ReportTable::sort_rows`]' keys are
    /// held to in tests.
    #[cfg(test)]
    pub fn compare_rows(
        &self,
        column: usize,
        a: usize,
        b: usize,
        descending: bool,
    ) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let (a, b) = (&self.rows[a][column], &self.rows[b][column]);
        let is_empty = |cell: &ReportCell| match cell {
            ReportCell::Text(text) => text.is_empty(),
            number => number.number().is_none(),
        };
        if is_empty(a) || is_empty(b) {
            return is_empty(a).cmp(&is_empty(b));
        }
        let order = match (a, b, a.number(), b.number()) {
            (_, _, Some(a), Some(b)) => a.total_cmp(&b),
            (ReportCell::Text(a), ReportCell::Text(b), ..) => {
                crate::engine::sort::compare_text(a, b)
            }
            (ReportCell::Text(_), ..) => Ordering::Greater,
            _ => Ordering::Less,
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    }

    /// Sorts rows (indices into the table) by a column: numbers by value,
    /// then texts in any case, empty cells last either way; by one key per
    /// row ([`SortKeys`]: 100k rows in a few milliseconds). Stable: equal rows
    /// keep their order.
    pub fn sort_rows(&self, rows: &mut [usize], column: usize, descending: bool) {
        let mut keys = SortKeys::new(descending, rows.len());
        for row in rows.iter() {
            match &self.rows[*row][column] {
                ReportCell::Text(text) => keys.push_text(text),
                number => match number.number() {
                    Some(value) => keys.push_number(value),
                    None => keys.push_missing(),
                },
            }
        }
        let sorted: Vec<usize> = keys.sorted().into_iter().map(|slot| rows[slot]).collect();
        rows.copy_from_slice(&sorted);
    }

    /// What the page's text filter looks in: the row's cells as shown,
    /// lowercased, each followed by [`CELL_END`] ([`search_text_holds`]).
    pub fn search_text(&self, row: usize) -> String {
        let mut text = String::new();
        for cell in &self.rows[row] {
            text.push_str(&cell.as_text().to_lowercase());
            text.push(CELL_END);
        }
        text
    }

    /// The table as a CSV file (formulas neutralised, numbers as numbers).
    pub fn to_file(&self, format: ExportFormat) -> Result<Exported, ExportError> {
        self.to_file_with(format, Formulas::Neutralised)
    }

    /// [`ReportTable::to_file`], choosing what happens to formulas.
    pub fn to_file_with(
        &self,
        format: ExportFormat,
        formulas: Formulas,
    ) -> Result<Exported, ExportError> {
        let header: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        let mut export = Export::with_formulas(format, formulas, &header);
        for row in &self.rows {
            let texts: Vec<String> = row.iter().map(ReportCell::as_text).collect();
            export.row(row.iter().zip(&texts).map(|(cell, text)| match cell {
                ReportCell::Text(_) => Cell::Text(text),
                ReportCell::Number(_) | ReportCell::Share(_) => Cell::Number(text),
            }));
        }
        export.finish()
    }
}

/// What the people file tells about each company: every persona's count and
/// the connectivity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Enrichment {
    pub personas: Vec<Persona>,
    slots: CompanySlots,
    /// Per persona, the count of each company slot.
    persona_counts: Vec<Vec<u32>>,
    /// People with `connected_to_us` ≥ 1, per company slot.
    connectivity: Vec<u32>,
    /// Everyone placed there, per company slot (empty without a people file).
    people: Vec<u32>,
    /// Counting at companies: the people placed at their CRM account by its
    /// id instead (a CRM contact export's `AccountId`, no company found),
    /// counted at that account besides its company's people.
    at_their_account: Option<Box<Enrichment>>,
}

/// The people of a people file, or of a part of it, counted by the id each
/// is counted at (`docs/scale-out.md`): a cluster counts its partitions so,
/// adds the parts' counts up ([`PeopleCounts::add`]) and makes the report's
/// [`Enrichment::of_counts`]. Each id's counts are each persona's, then the
/// people connected to us, then everyone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeopleCounts {
    pub placed_at: PlacedAt,
    /// Per id people are placed at.
    pub placed: BTreeMap<String, Vec<u64>>,
    /// Placing at companies: per account id of the people file, the people
    /// placed at that account by its id (`any_at_account`), else zeros.
    pub at_account: BTreeMap<String, Vec<u64>>,
    /// Whether anyone was placed at their account by its id: only then are
    /// an account's own people added to its company's.
    pub any_at_account: bool,
}

impl PeopleCounts {
    /// The counts of placed people (`people`, a placement's table, or any
    /// rows of it), as [`Enrichment::at`] counts them.
    pub fn of(people: &Table, personas: &[Persona], placed_at: PlacedAt) -> PeopleCounts {
        let enrichment = Enrichment::at(people, personas, placed_at);
        let at_account = match &enrichment.at_their_account {
            Some(direct) => direct.counts_by_id(),
            // Nobody of these rows is at their account by its id, but rows
            // elsewhere may be: every account id of these is one of the
            // whole's accounts with people, so it is kept, with zeros.
            None if placed_at == PlacedAt::Companies && people.column("account_id").is_some() => {
                let zeros = vec![0; personas.len() + 2];
                CompanySlots::at(people, PlacedAt::Accounts)
                    .ids()
                    .map(|(id, _)| (id.to_string(), zeros.clone()))
                    .collect()
            }
            None => BTreeMap::new(),
        };
        PeopleCounts {
            placed_at,
            placed: enrichment.counts_by_id(),
            at_account,
            any_at_account: enrichment.at_their_account.is_some(),
        }
    }

    /// Adds another part's counts (of the same personas, placed alike).
    pub fn add(&mut self, other: &PeopleCounts) {
        let add = |into: &mut BTreeMap<String, Vec<u64>>, from: &BTreeMap<String, Vec<u64>>| {
            for (id, counts) in from {
                let sums = into.entry(id.clone()).or_default();
                sums.resize(sums.len().max(counts.len()), 0);
                for (sum, count) in sums.iter_mut().zip(counts) {
                    *sum += count;
                }
            }
        };
        add(&mut self.placed, &other.placed);
        add(&mut self.at_account, &other.at_account);
        self.any_at_account |= other.any_at_account;
    }
}

/// Where an account's (or a whitespace company's) people are counted.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountedAt<'a> {
    /// The id people are placed at: the matched company's, or the account's
    /// own when people are placed at accounts.
    pub placed: Option<&'a str>,
    /// The account's id, for the people placed at it by its id while the
    /// others are placed at companies (`None` for whitespace).
    pub account: Option<&'a str>,
}

impl Enrichment {
    pub fn of(people: &Table, personas: &[Persona]) -> Enrichment {
        Enrichment::at(people, personas, PlacedAt::Companies)
    }

    /// Counts at companies, or at the accounts people are placed at when the
    /// workspace has no company database.
    pub fn at(people: &Table, personas: &[Persona], placed_at: PlacedAt) -> Enrichment {
        let slots = CompanySlots::at(people, placed_at);
        // Placing at companies: the people with no company but an account,
        // placed there by the account's id, are counted at that account too.
        let (company_ids, account_ids) = (people.column("company_id"), people.column("account_id"));
        let at_account: Option<(CompanySlots, Vec<bool>)> = account_ids
            .filter(|_| placed_at == PlacedAt::Companies)
            .map(|account_ids| {
                (0..people.rows)
                    .map(|row| !company_ids.is_some_and(|ids| ids.has(row)) && account_ids.has(row))
                    .collect::<Vec<bool>>()
            })
            .filter(|rows| rows.contains(&true))
            .map(|rows| (CompanySlots::at(people, PlacedAt::Accounts), rows));
        // Each mark counted at both, made once.
        let count = |marked: &[bool]| {
            let direct = at_account.as_ref().map(|(account_slots, rows)| {
                let only: Vec<bool> = marked.iter().zip(rows).map(|(a, b)| *a && *b).collect();
                account_slots.count(people, &only)
            });
            (slots.count(people, marked), direct)
        };
        // One persona per core natively.
        let (persona_counts, direct_counts): (Vec<Vec<u32>>, Vec<Option<Vec<u32>>>) =
            crate::engine::parallel::map_range(0..personas.len(), |at| {
                count(&matching_people(people, &personas[at]))
            })
            .into_iter()
            .unzip();
        let connected: Vec<bool> = match people.column("connected_to_us") {
            Some(Column::Number(values)) => values.iter().map(|value| *value >= 1.0).collect(),
            _ => vec![false; people.rows],
        };
        let (connectivity, direct_connectivity) = count(&connected);
        let (everyone, direct_everyone) = count(&vec![true; people.rows]);
        let at_their_account = at_account.map(|(account_slots, _)| {
            Box::new(Enrichment {
                personas: personas.to_vec(),
                slots: account_slots,
                persona_counts: direct_counts.into_iter().flatten().collect(),
                connectivity: direct_connectivity.unwrap_or_default(),
                people: direct_everyone.unwrap_or_default(),
                at_their_account: None,
            })
        });
        Enrichment {
            personas: personas.to_vec(),
            slots,
            persona_counts,
            connectivity,
            people: everyone,
            at_their_account,
        }
    }

    /// The enrichment of people counted in parts, each part's
    /// [`PeopleCounts::of`] added up: the same counts as [`Enrichment::at`]
    /// over the whole people file.
    pub fn of_counts(personas: &[Persona], counts: &PeopleCounts) -> Enrichment {
        let at = |placed_at: PlacedAt, by_id: &BTreeMap<String, Vec<u64>>| {
            let slots = CompanySlots::of_ids(placed_at, by_id.keys().map(String::as_str));
            // Slot 0 (nobody's) first, then each id's, as `of_ids` numbered them.
            let column = |measure: usize| -> Vec<u32> {
                std::iter::once(0)
                    .chain(by_id.values().map(|counts| {
                        let count = counts.get(measure).copied().unwrap_or(0);
                        u32::try_from(count).unwrap_or(u32::MAX)
                    }))
                    .collect()
            };
            Enrichment {
                personas: personas.to_vec(),
                slots,
                persona_counts: (0..personas.len()).map(column).collect(),
                connectivity: column(personas.len()),
                people: column(personas.len() + 1),
                at_their_account: None,
            }
        };
        Enrichment {
            at_their_account: counts
                .any_at_account
                .then(|| Box::new(at(PlacedAt::Accounts, &counts.at_account))),
            ..at(counts.placed_at, &counts.placed)
        }
    }

    /// Each id's counts, as [`PeopleCounts`] keeps them.
    fn counts_by_id(&self) -> BTreeMap<String, Vec<u64>> {
        self.slots
            .ids()
            .map(|(id, slot)| {
                let measure = |counts: &Vec<u32>| u64::from(counts.get(slot).copied().unwrap_or(0));
                let counts = self
                    .persona_counts
                    .iter()
                    .chain([&self.connectivity, &self.people])
                    .map(measure)
                    .collect();
                (id.to_string(), counts)
            })
            .collect()
    }

    /// With no people file: every count is zero.
    pub fn without_people(personas: &[Persona]) -> Enrichment {
        Enrichment {
            personas: personas.to_vec(),
            persona_counts: vec![Vec::new(); personas.len()],
            ..Enrichment::default()
        }
    }

    /// Whether people were counted at companies or at accounts.
    pub fn placed_at(&self) -> PlacedAt {
        self.slots.placed_at()
    }

    /// A persona's count at a company.
    pub fn count(&self, persona: usize, company_id: &str) -> u64 {
        self.slots
            .slot(company_id)
            .and_then(|slot| self.persona_counts[persona].get(slot))
            .map_or(0, |count| u64::from(*count))
    }

    /// The company's people connected to us.
    pub fn connectivity(&self, company_id: &str) -> u64 {
        self.slots
            .slot(company_id)
            .and_then(|slot| self.connectivity.get(slot))
            .map_or(0, |count| u64::from(*count))
    }

    /// A persona's count for an account: at where its people are placed,
    /// plus those placed at the account by its id; `None` when it has
    /// neither (no matched company, nobody placed at it directly).
    pub fn count_at(&self, persona: usize, at: CountedAt) -> Option<u64> {
        self.sum_at(at, |enrichment, id| enrichment.count(persona, id))
    }

    /// [`Enrichment::connectivity`] for an account, as [`Enrichment::count_at`].
    pub fn connectivity_at(&self, at: CountedAt) -> Option<u64> {
        self.sum_at(at, Enrichment::connectivity)
    }

    /// Everyone of the people data placed at a company.
    fn people(&self, company_id: &str) -> u64 {
        self.slots
            .slot(company_id)
            .and_then(|slot| self.people.get(slot))
            .map_or(0, |count| u64::from(*count))
    }

    /// An account's people in the people data ÷ its company's employee count
    /// (2 decimals): how much of the company the people data covers. `None`
    /// without a people file, or with no employee count.
    pub fn people_coverage(&self, at: CountedAt, employee_count: Option<f64>) -> Option<f64> {
        let employees = employee_count.filter(|employees| *employees > 0.0)?;
        let people = self
            .sum_at(at, Enrichment::people)
            .filter(|_| self.has_people())?;
        Some((people as f64 * 100.0 / employees).round() / 100.0)
    }

    /// Whether a people file was counted.
    fn has_people(&self) -> bool {
        !self.people.is_empty()
            || self
                .at_their_account
                .as_deref()
                .is_some_and(Enrichment::has_people)
    }

    fn sum_at(&self, at: CountedAt, figure: impl Fn(&Enrichment, &str) -> u64) -> Option<u64> {
        let direct = self
            .at_their_account
            .as_deref()
            .zip(at.account)
            .filter(|(direct, account)| direct.slots.slot(account).is_some())
            .map(|(direct, account)| figure(direct, account));
        match (at.placed, direct) {
            (None, None) => None,
            (placed, direct) => Some(placed.map_or(0, |id| figure(self, id)) + direct.unwrap_or(0)),
        }
    }
}

/// `lam`: (potential users when set, else the sizing persona's count) × price.
pub fn lam(potential_users: Option<f64>, sizing_count: Option<u64>, price: f64) -> Option<f64> {
    potential_users
        .or(sizing_count.map(|count| count as f64))
        .map(|users| ((users * price) * 100.0).round() / 100.0)
}

/// The columns both reports share after their own leading ones: the
/// company's data, its connectivity, and one count per persona.
fn columns(lead: &[&str], enrichment: &Enrichment) -> Vec<String> {
    const COMPANY_COLUMNS: [&str; 9] = [
        "industry",
        "employee_count",
        "hq_city",
        "hq_region",
        "hq_country",
        "jobs_posted_90d",
        "hiring_rate",
        "headcount_growth_1y",
        "connectivity",
    ];
    lead.iter()
        .chain(COMPANY_COLUMNS.iter())
        .map(|column| column.to_string())
        .chain(
            enrichment
                .personas
                .iter()
                .map(|persona| persona.name.clone()),
        )
        .collect()
}

/// The cells of those shared columns for a company row (all empty without
/// a company).
fn company_cells(
    companies: &Table,
    company: Option<usize>,
    counted_at: CountedAt,
    enrichment: &Enrichment,
) -> Vec<ReportCell> {
    let text = |field: &str| {
        ReportCell::Text(
            company
                .and_then(|row| companies.text(field, row))
                .unwrap_or_default(),
        )
    };
    let number =
        |field: &str| ReportCell::Number(company.and_then(|row| companies.number(field, row)));
    let hiring_rate = company.and_then(|row| {
        let jobs = companies.number("jobs_posted_90d", row)?;
        let employees = companies
            .number("employee_count", row)
            .filter(|employees| *employees > 0.0)?;
        Some((jobs / employees * 10_000.0).round() / 10_000.0)
    });
    let mut cells = vec![
        text("industry"),
        number("employee_count"),
        text("city"),
        text("region"),
        text("country"),
        number("jobs_posted_90d"),
        ReportCell::Number(hiring_rate),
        number("headcount_growth_1y"),
        ReportCell::Number(
            enrichment
                .connectivity_at(counted_at)
                .map(|count| count as f64),
        ),
    ];
    cells.extend((0..enrichment.personas.len()).map(|persona| {
        ReportCell::Number(
            enrichment
                .count_at(persona, counted_at)
                .map(|count| count as f64),
        )
    }));
    cells
}

/// The account report: one row per account, in input order. Only accepted
/// and confirmed matches enrich an account; the others (in review, rejected,
/// unmatched) have empty company columns.
pub fn account_report(
    accounts: &Table,
    account_id_header: &str,
    companies: &Table,
    outcomes: &[Outcome],
    enrichment: &Enrichment,
    settings: &ReportSettings,
) -> ReportTable {
    let builder = AccountReportBuilder::new(
        accounts,
        account_id_header,
        companies,
        outcomes,
        enrichment,
        settings,
    );
    ReportTable {
        rows: (0..outcomes.len()).map(|row| builder.row(row)).collect(),
        columns: builder.columns,
    }
}

/// The account report a row at a time, for the page to build it in slices
/// and yield between them (a whole report is one long task at 100k accounts).
pub struct AccountReportBuilder<'a> {
    accounts: &'a Table,
    companies: &'a Table,
    outcomes: &'a [Outcome],
    enrichment: &'a Enrichment,
    settings: ReportSettings,
    pub columns: Vec<String>,
}

impl<'a> AccountReportBuilder<'a> {
    pub fn new(
        accounts: &'a Table,
        account_id_header: &str,
        companies: &'a Table,
        outcomes: &'a [Outcome],
        enrichment: &'a Enrichment,
        settings: &ReportSettings,
    ) -> AccountReportBuilder<'a> {
        let mut columns = columns(
            &[
                account_id_header,
                "account_name",
                "company_id",
                "company_name",
                "match_score",
            ],
            enrichment,
        );
        columns.extend(["people_coverage", "potential_users", "lam"].map(str::to_string));
        AccountReportBuilder {
            accounts,
            companies,
            outcomes,
            enrichment,
            settings: settings.clone(),
            columns,
        }
    }

    /// The report's row of an account.
    pub fn row(&self, row: usize) -> Vec<ReportCell> {
        let (accounts, companies, enrichment) = (self.accounts, self.companies, self.enrichment);
        let outcome = &self.outcomes[row];
        let company = outcome
            .company
            .filter(|_| outcome.status.is_matched())
            .map(|company| company as usize);
        let company_id = company.and_then(|company| companies.text("company_id", company));
        let mut cells = vec![
            ReportCell::Text(accounts.text("account_id", row).unwrap_or_default()),
            ReportCell::Text(accounts.text("name", row).unwrap_or_default()),
            ReportCell::Text(company_id.clone().unwrap_or_default()),
            ReportCell::Text(
                company
                    .and_then(|company| companies.text("name", company))
                    .unwrap_or_default(),
            ),
            ReportCell::Number(company.map(|_| f64::from(outcome.match_score))),
        ];
        let account_id = accounts.text("account_id", row);
        let counted_at = CountedAt {
            placed: match enrichment.placed_at() {
                PlacedAt::Companies => company_id.as_deref(),
                PlacedAt::Accounts => account_id.as_deref(),
            },
            account: account_id.as_deref(),
        };
        cells.extend(company_cells(companies, company, counted_at, enrichment));
        // The company's employees; without one, the account's own (an
        // export's `employees`, as without a company database).
        let employee_count = company
            .and_then(|company| companies.number("employee_count", company))
            .or_else(|| accounts.number("employees", row));
        cells.push(ReportCell::Share(
            enrichment.people_coverage(counted_at, employee_count),
        ));
        let potential_users = accounts.number("potential_users", row);
        let sizing_count = Some(self.settings.sizing_persona)
            .filter(|persona| *persona < enrichment.personas.len())
            .and_then(|persona| enrichment.count_at(persona, counted_at));
        cells.push(ReportCell::Number(potential_users));
        cells.push(ReportCell::Number(lam(
            potential_users,
            sizing_count,
            self.settings.price,
        )));
        cells
    }
}

/// Below this [`Enrichment::people_coverage`], an account's persona counts
/// may be low for want of profiles, not of people: the page says so.
pub const LOW_PEOPLE_COVERAGE: f64 = 0.3;

/// What the page says of a low people coverage.
pub const LOW_PEOPLE_COVERAGE_NOTE: &str = "few profiles: the count may be low";

/// The cells of a report the page notes: on an account whose people
/// coverage is low, its coverage and its persona counts (the columns between
/// `connectivity` and `people_coverage`). Columns looked up once per table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellNotes {
    coverage: usize,
    personas_from: usize,
}

impl CellNotes {
    /// `None` for a table without people coverage (whitespace, usage…).
    pub fn of(report: &ReportTable) -> Option<CellNotes> {
        Some(CellNotes {
            coverage: report.column("people_coverage")?,
            personas_from: report.column("connectivity")? + 1,
        })
    }

    /// What the page says beside a cell, if anything.
    pub fn note(&self, report: &ReportTable, row: usize, column: usize) -> Option<&'static str> {
        let low = report.rows[row][self.coverage]
            .number()
            .is_some_and(|value| value < LOW_PEOPLE_COVERAGE);
        (low && (self.personas_from..=self.coverage).contains(&column))
            .then_some(LOW_PEOPLE_COVERAGE_NOTE)
    }
}

/// Which companies are whitespace: those no accepted or confirmed match
/// points to (a company only in review, or rejected, is whitespace).
pub fn whitespace_rows(companies: &Table, outcomes: &[Outcome]) -> Vec<usize> {
    let mut claimed = vec![false; companies.rows];
    for outcome in outcomes
        .iter()
        .filter(|outcome| outcome.status.is_matched())
    {
        if let Some(company) = outcome.company {
            claimed[company as usize] = true;
        }
    }
    (0..companies.rows).filter(|row| !claimed[*row]).collect()
}

/// Whitespace as a table: one row per unclaimed company, sorted by the
/// sizing persona's count, highest first (then by input order).
pub fn whitespace(
    companies: &Table,
    outcomes: &[Outcome],
    enrichment: &Enrichment,
    sizing_persona: usize,
) -> ReportTable {
    let builder = WhitespaceBuilder::new(companies, outcomes, enrichment, sizing_persona);
    let rows = (0..builder.len()).map(|at| builder.row(at)).collect();
    builder.finish(rows)
}

/// Whitespace a row at a time (as [`AccountReportBuilder`]).
pub struct WhitespaceBuilder<'a> {
    companies: &'a Table,
    enrichment: &'a Enrichment,
    sizing_persona: usize,
    /// The unclaimed companies' rows.
    company_rows: Vec<usize>,
    columns: Vec<String>,
}

impl<'a> WhitespaceBuilder<'a> {
    pub fn new(
        companies: &'a Table,
        outcomes: &[Outcome],
        enrichment: &'a Enrichment,
        sizing_persona: usize,
    ) -> WhitespaceBuilder<'a> {
        let columns = columns(
            &[
                "company_id",
                "company_name",
                "website",
                "street",
                "postal_code",
            ],
            enrichment,
        );
        WhitespaceBuilder {
            companies,
            enrichment,
            sizing_persona,
            company_rows: whitespace_rows(companies, outcomes),
            columns,
        }
    }

    /// How many companies are whitespace.
    pub fn len(&self) -> usize {
        self.company_rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.company_rows.is_empty()
    }

    /// The `at`-th unclaimed company's row, with its sizing count (to sort by).
    pub fn row(&self, at: usize) -> (u64, Vec<ReportCell>) {
        let (companies, enrichment) = (self.companies, self.enrichment);
        let row = self.company_rows[at];
        let text = |field: &str| ReportCell::Text(companies.text(field, row).unwrap_or_default());
        let id = companies.text("company_id", row).unwrap_or_default();
        let mut cells = vec![
            text("company_id"),
            text("name"),
            text("website"),
            text("street"),
            text("postal_code"),
        ];
        let company_id = companies.text("company_id", row);
        let counted_at = CountedAt {
            placed: company_id.as_deref(),
            account: None,
        };
        cells.extend(company_cells(companies, Some(row), counted_at, enrichment));
        let sizing = if self.sizing_persona < enrichment.personas.len() {
            enrichment.count(self.sizing_persona, &id)
        } else {
            0
        };
        (sizing, cells)
    }

    /// The table of the built rows, the largest sizing count first.
    pub fn finish(self, mut rows: Vec<(u64, Vec<ReportCell>)>) -> ReportTable {
        rows.sort_by_key(|(sizing, _)| std::cmp::Reverse(*sizing));
        ReportTable {
            columns: self.columns,
            rows: rows.into_iter().map(|(_, cells)| cells).collect(),
        }
    }
}

/// Whitespace as a *Salesforce insert* file: the new accounts' fields under
/// Salesforce's names, and a column per persona.
pub fn salesforce_insert(whitespace: &ReportTable, personas: &[Persona]) -> ReportTable {
    let persona_columns: Vec<&str> = personas
        .iter()
        .map(|persona| persona.name.as_str())
        .collect();
    const FIELDS: [(&str, &str); 9] = [
        ("Name", "company_name"),
        ("Website", "website"),
        ("BillingStreet", "street"),
        ("BillingCity", "hq_city"),
        ("BillingState", "hq_region"),
        ("BillingPostalCode", "postal_code"),
        ("BillingCountry", "hq_country"),
        ("Industry", "industry"),
        ("NumberOfEmployees", "employee_count"),
    ];
    let sources: Vec<Option<usize>> = FIELDS
        .iter()
        .map(|(_, source)| whitespace.column(source))
        .chain(
            persona_columns
                .iter()
                .map(|persona| whitespace.column(persona)),
        )
        .collect();
    let mut columns: Vec<String> = FIELDS.iter().map(|(name, _)| name.to_string()).collect();
    columns.extend(persona_columns.iter().map(|name| name.to_string()));
    ReportTable {
        columns,
        rows: whitespace
            .rows
            .iter()
            .map(|row| {
                sources
                    .iter()
                    .map(|source| {
                        source.map_or(ReportCell::Text(String::new()), |at| row[at].clone())
                    })
                    .collect()
            })
            .collect(),
    }
}
