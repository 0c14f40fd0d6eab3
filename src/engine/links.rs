//! Placing records at the records of another dataset (`docs/inputs.md`, "Identity
//! and links"): a person at their company, a signal at its company or account,
//! a deal at its account. The rules are tried in order and the first that
//! decides wins: the id, the LinkedIn page, the domain (of the website, else
//! of a work e-mail), the name. A record nothing decides is *unplaced*: kept,
//! counted, listed with its reason.
//!
//! The name rule compares names as matching normalises them (legal forms,
//! accents, spelling variants): exactly one target with that name decides,
//! several are a tie, left unplaced (a wrong placement inflates a count:
//! unplaced is preferred to misplaced). A name no target has as it is goes to
//! the matcher, whose model decides as it does for accounts: the accept
//! threshold, and no tie.

use crate::engine::export::{ExportError, ExportFormat, Exported};
use crate::engine::ingest::domain::registrable_domain;
use crate::engine::ingest::table::{Column, Table};
use crate::engine::ingest::Ingested;
use crate::engine::matching::matcher::Matcher;
use crate::engine::matching::model::MatchModel;
use crate::engine::matching::normalize::{normalize_name, NormalizedName};
use crate::engine::matching::record::MatchRecord;
use rustc_hash::FxHashMap;
use std::fmt;

/// The rule that placed a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Id,
    LinkedinPage,
    Domain,
    Name,
    /// Placing at companies, the record named its CRM account instead (a
    /// signal's or a CRM contact's `account_id`): it reaches that account
    /// directly, and its row is the account's.
    AccountId,
}

impl Rule {
    pub const ALL: [Rule; 5] = [
        Rule::Id,
        Rule::LinkedinPage,
        Rule::Domain,
        Rule::Name,
        Rule::AccountId,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Rule::Id => "by id",
            Rule::LinkedinPage => "by LinkedIn page",
            Rule::Domain => "by domain",
            Rule::Name => "by name",
            Rule::AccountId => "at their account by its id",
        }
    }
}

/// Why a record was not placed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unplaced {
    /// The record names no target at all.
    NoReference,
    /// Its only reference is a personal e-mail address.
    PersonalEmail,
    /// No target has its id, page, domain or name.
    NotFound,
    /// Several targets have its name (or domain), none told apart.
    Ambiguous(String),
}

impl fmt::Display for Unplaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unplaced::NoReference => write!(f, "no company, account or e-mail given"),
            Unplaced::PersonalEmail => write!(f, "personal e-mail domain"),
            Unplaced::NotFound => write!(f, "no company with this id, page, name or domain"),
            Unplaced::Ambiguous(name) => write!(f, "several companies named \"{name}\""),
        }
    }
}

/// Mail providers whose addresses say nothing of an employer (`docs/inputs.md`).
const PERSONAL_MAIL: [&str; 24] = [
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "orange.fr",
    "free.fr",
    "qq.com",
    "163.com",
    "mail.ru",
];

/// Whether an e-mail domain is a personal mail provider's.
pub fn is_personal_mail(domain: &str) -> bool {
    PERSONAL_MAIL.contains(&domain)
        || ["hotmail.", "yahoo.", "gmx."]
            .iter()
            .any(|prefix| domain.starts_with(prefix))
}

/// The fields a record refers to its target with, and the target's own.
#[derive(Debug, Clone, Copy)]
struct Reference {
    /// The target's id, in both datasets (`company_id`, `account_id`).
    pub id: &'static str,
    /// The record's field naming the target (`company_name`, `account_name`).
    pub name: &'static str,
}

impl Reference {
    /// People and signals at companies.
    pub const COMPANY: Reference = Reference {
        id: "company_id",
        name: "company_name",
    };
    /// People, signals and deals at CRM accounts.
    pub const ACCOUNT: Reference = Reference {
        id: "account_id",
        name: "account_name",
    };
}

/// Where people (and signals) are placed: at companies, or at CRM accounts
/// when the workspace has no company database (`docs/inputs.md`, "How records are
/// placed at companies and accounts").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlacedAt {
    #[default]
    Companies,
    Accounts,
}

impl PlacedAt {
    /// Where records are placed with this company database: at its
    /// companies, or at the accounts when there is none or it holds none.
    pub fn of(companies: Option<&Table>) -> PlacedAt {
        match companies.is_some_and(|companies| companies.rows > 0) {
            true => PlacedAt::Companies,
            false => PlacedAt::Accounts,
        }
    }

    /// The field, in both datasets, holding the id of where a record is placed.
    pub fn field(self) -> &'static str {
        self.reference().id
    }

    fn reference(self) -> Reference {
        match self {
            PlacedAt::Companies => Reference::COMPANY,
            PlacedAt::Accounts => Reference::ACCOUNT,
        }
    }
}

/// Records (people, signals) each placed at a company or an account, and how.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The records, each placed one's `company_id` (or `account_id`) set to
    /// where it was placed.
    pub table: Table,
    pub links: Links,
    pub placed_at: PlacedAt,
}

/// Places people or signals at the companies of the company database, or at
/// the accounts when there is none (or it holds no company). `matcher`, when
/// there is one, is the matching run's over those companies: names are then
/// compared with it instead of indexing the companies again.
pub fn place_records(
    records: &Table,
    companies: Option<&Table>,
    accounts: &Table,
    threshold: u8,
    matcher: Option<&Matcher>,
) -> Placed {
    let placer = Placer::new(records, companies, accounts, threshold).with_matcher(matcher);
    let links = placer.place_all();
    placer.placed(links)
}

/// Where each record went: a target row and the rule, or why not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Links {
    pub placed: Vec<Result<(u32, Rule), Unplaced>>,
}

impl Links {
    /// Records placed by each rule, in rule order.
    pub fn placed_by(&self, rule: Rule) -> usize {
        self.placed
            .iter()
            .filter(|link| matches!(link, Ok((_, by)) if *by == rule))
            .count()
    }

    pub fn unplaced(&self) -> usize {
        self.placed.iter().filter(|link| link.is_err()).count()
    }

    /// The count of each rule: `40 by id, 0 by LinkedIn page, 3 by domain…`
    /// (records at their account by its id only when there are some).
    pub fn counts(&self, number: impl Fn(usize) -> String) -> String {
        let placed: Vec<String> = Rule::ALL
            .iter()
            .map(|rule| (rule, self.placed_by(*rule)))
            .filter(|(rule, count)| **rule != Rule::AccountId || *count > 0)
            .map(|(rule, count)| format!("{} {}", number(count), rule.label()))
            .collect();
        placed.join(", ")
    }

    /// The counts as one line: `placed 40 by id, 3 by domain…; 2 unplaced`.
    pub fn summary(&self) -> String {
        format!(
            "placed {}; {} unplaced",
            self.counts(|count| count.to_string()),
            self.unplaced()
        )
    }

    /// The most frequent reasons records were left unplaced, with counts.
    pub fn top_reasons(&self, count: usize) -> Vec<(String, usize)> {
        let mut reasons: FxHashMap<String, usize> = FxHashMap::default();
        for reason in self.placed.iter().filter_map(|link| link.as_ref().err()) {
            *reasons.entry(reason.to_string()).or_default() += 1;
        }
        let mut reasons: Vec<(String, usize)> = reasons.into_iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        reasons.truncate(count);
        reasons
    }
}

impl Placed {
    /// Whether a record is counted for an account: placed where the
    /// account's people are (`placed`, its matched company's id or its own),
    /// or — placing at companies — placed at the account by its id.
    pub fn counts_for(&self, row: usize, placed: Option<&str>, account_id: Option<&str>) -> bool {
        let at = |field: &str, id: Option<&str>| {
            id.is_some_and(|id| self.table.text(field, row).as_deref() == Some(id))
        };
        at(self.placed_at.field(), placed)
            || (self.placed_at == PlacedAt::Companies
                && matches!(self.links.placed.get(row), Some(Ok((_, Rule::AccountId))))
                && at("account_id", account_id))
    }

    /// The records left unplaced, as a CSV of the file's own columns plus
    /// `reason` (`read` is the reading the placement was made from).
    pub fn unplaced_file(
        &self,
        read: &Ingested,
        format: ExportFormat,
    ) -> Result<Exported, ExportError> {
        let (rows, reasons): (Vec<u32>, Vec<String>) = self
            .links
            .placed
            .iter()
            .enumerate()
            .filter_map(|(row, link)| Some((row as u32, link.as_ref().err()?.to_string())))
            .unzip();
        read.rows_file_with(&rows, format, Some(("reason", &reasons)))
    }
}

/// The targets, indexed by each key a record may give.
struct Index {
    by_id: FxHashMap<String, u32>,
    by_page: FxHashMap<String, u32>,
    by_domain: FxHashMap<String, Vec<u32>>,
    by_name: FxHashMap<String, Vec<u32>>,
    /// Each target's name with its legal form ([`full_key`]): what tells apart
    /// two companies sharing a domain (`Globex GmbH`, `Globex Inc`).
    names: Vec<String>,
}

/// A normalised name with its legal form.
fn full_key(name: &NormalizedName) -> String {
    format!(
        "{}|{}",
        name.key(),
        name.legal_form.as_deref().unwrap_or("")
    )
}

impl Index {
    /// The targets' keys; their names only `with_names` (when the records
    /// give names: normalising them is most of the work).
    fn new(targets: &Table, reference: Reference, with_names: bool) -> Index {
        let cell = |field: &str| Cells::of(targets, field);
        let (ids, pages, websites) = (cell(reference.id), cell("linkedin_url"), cell("website"));
        let names: Vec<Option<NormalizedName>> = if with_names {
            let names = cell("name");
            crate::engine::parallel::map_range(0..targets.rows, |row| {
                names.get(row).map(normalize_name)
            })
        } else {
            vec![None; targets.rows]
        };
        let mut index = Index {
            by_id: FxHashMap::default(),
            by_page: FxHashMap::default(),
            by_domain: FxHashMap::default(),
            by_name: FxHashMap::default(),
            names: Vec::with_capacity(targets.rows),
        };
        for (row, name) in names.into_iter().enumerate() {
            let at = row as u32;
            if let Some(id) = ids.get(row) {
                index.by_id.entry(id.to_string()).or_insert(at);
            }
            if let Some(page) = pages.get(row) {
                index.by_page.entry(page.to_string()).or_insert(at);
            }
            if let Some(domain) = websites.get(row) {
                index
                    .by_domain
                    .entry(domain.to_string())
                    .or_default()
                    .push(at);
            }
            let key = name.as_ref().map(|name| name.key()).unwrap_or_default();
            if !key.is_empty() {
                index.by_name.entry(key).or_default().push(at);
            }
            index
                .names
                .push(name.map(|name| full_key(&name)).unwrap_or_default());
        }
        index
    }
}

/// A text or label column's cells, borrowed (no string made per row); `None`
/// for an empty cell or a field the table does not have.
#[derive(Clone, Copy)]
enum Cells<'t> {
    Text(&'t Column),
    Label(&'t [u32], &'t Table),
    Absent,
}

impl<'t> Cells<'t> {
    fn of(table: &'t Table, field: &str) -> Cells<'t> {
        match table.column(field) {
            Some(column @ Column::Text { .. }) => Cells::Text(column),
            Some(Column::Label(codes)) => Cells::Label(codes, table),
            _ => Cells::Absent,
        }
    }

    fn get(self, row: usize) -> Option<&'t str> {
        let text = match self {
            Cells::Text(column) => column.text_at(row),
            Cells::Label(codes, table) => table.pool.get(*codes.get(row)?),
            Cells::Absent => return None,
        };
        (!text.is_empty()).then_some(text)
    }
}

/// A name as the rules compare it: its key, and its key with the legal form.
struct NameKeys {
    key: String,
    full: String,
}

/// The reference fields of the records being placed.
struct References<'t> {
    id: Cells<'t>,
    page: Cells<'t>,
    website: Cells<'t>,
    email: Cells<'t>,
    name: Cells<'t>,
    /// Where the record is, when it says: the name rule's matcher weighs it.
    country: Cells<'t>,
}

impl<'t> References<'t> {
    fn of(records: &'t Table, reference: Reference) -> References<'t> {
        let cell = |field: &str| Cells::of(records, field);
        let name = match cell(reference.name) {
            Cells::Absent => cell("company_name"),
            named => named,
        };
        References {
            id: cell(reference.id),
            page: cell("company_linkedin_url"),
            website: cell("company_website"),
            email: cell("email"),
            name,
            country: cell("country"),
        }
    }

    /// Where one record goes. `names` remembers the names normalised so far
    /// (people of one company share its name).
    fn place(
        &self,
        row: usize,
        index: &Index,
        names: &mut FxHashMap<&'t str, NameKeys>,
    ) -> Result<(u32, Rule), Unplaced> {
        if let Some(at) = self.id.get(row).and_then(|id| index.by_id.get(id)) {
            return Ok((*at, Rule::Id));
        }
        if let Some(at) = self.page.get(row).and_then(|page| index.by_page.get(page)) {
            return Ok((*at, Rule::LinkedinPage));
        }
        let written = self.name.get(row);
        let mut keys = |written: &'t str| -> (String, String) {
            let keys = names.entry(written).or_insert_with(|| {
                let name = normalize_name(written);
                NameKeys {
                    key: name.key(),
                    full: full_key(&name),
                }
            });
            (keys.key.clone(), keys.full.clone())
        };
        let mut personal = false;
        let domain = match self.website.get(row) {
            Some(website) => Some(website.to_string()),
            None => self.email.get(row).and_then(|email| {
                let domain = registrable_domain(email.rsplit_once('@')?.1)?;
                personal = is_personal_mail(&domain);
                (!personal).then_some(domain)
            }),
        };
        if let Some(domain) = &domain {
            match index.by_domain.get(domain).map(Vec::as_slice) {
                Some([only]) => return Ok((*only, Rule::Domain)),
                Some(several) => {
                    // Several share it: the one that also has the name.
                    if let Some(written) = written {
                        let (_, full) = keys(written);
                        let named: Vec<u32> = several
                            .iter()
                            .copied()
                            .filter(|at| index.names[*at as usize] == full)
                            .collect();
                        if let [only] = named[..] {
                            return Ok((only, Rule::Domain));
                        }
                    }
                }
                None => {}
            }
        }
        match written.map(|written| (keys(written).0, written)) {
            Some((key, written)) if !key.is_empty() => {
                match index.by_name.get(&key).map(Vec::as_slice) {
                    Some([only]) => Ok((*only, Rule::Name)),
                    Some(_) => Err(Unplaced::Ambiguous(written.to_string())),
                    None => Err(Unplaced::NotFound),
                }
            }
            _ if domain.is_some() || self.id.get(row).is_some() || self.page.get(row).is_some() => {
                Err(Unplaced::NotFound)
            }
            _ if personal => Err(Unplaced::PersonalEmail),
            _ => Err(Unplaced::NoReference),
        }
    }
}

/// Records placed in a chunk share one memory of names.
const ROWS_PER_CHUNK: usize = 1 << 16;
/// Chunks placed between two pauses: in the page, one (tens of
/// milliseconds); natively, where nothing pauses, many, shared by the cores.
const CHUNKS_PER_SLICE: usize = if cfg!(target_arch = "wasm32") { 1 } else { 64 };
/// Distinct names the matcher decides between two pauses.
const NAMES_PER_SLICE: usize = 4096;

/// Places every record of `records` at a row of `targets` (natively, chunks
/// of records on every core).
pub fn place(records: &Table, targets: &Table, placed_at: PlacedAt, threshold: u8) -> Links {
    Placer::at(records, targets, placed_at, None, threshold).place_all()
}

/// Placing the records of one table: [`Placer::place_all`] natively, on
/// every core; [`Placer::place_pausing`] in the page, in slices between
/// frames.
pub struct Placer<'t> {
    records: &'t Table,
    targets: &'t Table,
    placed_at: PlacedAt,
    references: References<'t>,
    index: Index,
    /// Accounts by id, for records that name their account (placing at
    /// companies only).
    account_rows: FxHashMap<&'t str, u32>,
    own_accounts: Cells<'t>,
    threshold: u8,
    /// A matcher over the targets already built (see [`Placer::with_matcher`]).
    matcher: Option<&'t Matcher>,
}

/// The names a placer normalised so far (people of one company share its
/// name), one per chunk of rows.
#[derive(Default)]
struct NameMemo<'t>(FxHashMap<&'t str, NameKeys>);

impl<'t> Placer<'t> {
    /// Ready to place `records` at the companies, or at the accounts when there
    /// is no company database (or it holds no company). Indexing the targets
    /// is done here.
    pub fn new(
        records: &'t Table,
        companies: Option<&'t Table>,
        accounts: &'t Table,
        threshold: u8,
    ) -> Placer<'t> {
        let placed_at = PlacedAt::of(companies);
        let targets = match (placed_at, companies) {
            (PlacedAt::Companies, Some(companies)) => companies,
            _ => accounts,
        };
        let accounts = (placed_at == PlacedAt::Companies).then_some(accounts);
        Placer::at(records, targets, placed_at, accounts, threshold)
    }

    fn at(
        records: &'t Table,
        targets: &'t Table,
        placed_at: PlacedAt,
        accounts: Option<&'t Table>,
        threshold: u8,
    ) -> Placer<'t> {
        let reference = placed_at.reference();
        let account_rows = accounts
            .map(|accounts| {
                let ids = Cells::of(accounts, "account_id");
                (0..accounts.rows)
                    .filter_map(|row| Some((ids.get(row)?, row as u32)))
                    .collect()
            })
            .unwrap_or_default();
        let references = References::of(records, reference);
        let index = Index::new(
            targets,
            reference,
            !matches!(references.name, Cells::Absent),
        );
        Placer {
            records,
            targets,
            placed_at,
            references,
            index,
            account_rows,
            own_accounts: Cells::of(records, "account_id"),
            threshold,
            matcher: None,
        }
    }

    /// Compares names no target has as they are with this matcher (the
    /// matching run's, over the same companies) instead of indexing the
    /// targets again. Ignored when the records go to the accounts, or when
    /// the matcher holds another number of companies than the targets.
    pub fn with_matcher(mut self, matcher: Option<&'t Matcher>) -> Placer<'t> {
        self.matcher = matcher.filter(|matcher| {
            self.placed_at == PlacedAt::Companies && matcher.companies() == self.targets.rows
        });
        self
    }

    pub fn rows(&self) -> usize {
        self.records.rows
    }

    /// Where one record goes by the rules before the matcher's (that pass
    /// comes once every row is placed).
    fn place_row(&self, row: usize, names: &mut NameMemo<'t>) -> Result<(u32, Rule), Unplaced> {
        self.references
            .place(row, &self.index, &mut names.0)
            .or_else(|unplaced| match self.own_accounts.get(row) {
                None => Err(unplaced),
                Some(id) => match self.account_rows.get(id) {
                    Some(account) => Ok((*account, Rule::AccountId)),
                    // It named an account, just not one of these.
                    None if unplaced == Unplaced::NoReference => Err(Unplaced::NotFound),
                    None => Err(unplaced),
                },
            })
    }

    /// Every record placed, on every core natively.
    pub fn place_all(&self) -> Links {
        crate::engine::parallel::run_ready(self.place_pausing(|_| std::future::ready(true)))
            .unwrap_or_default()
    }

    /// Every record placed, awaiting `pause(fraction done)` between slices
    /// of the work (the page paints its progress bar meanwhile): each row
    /// by the rules before the matcher's, then the names no target has as
    /// they are through the matcher. Stopped, `None`, when a pause says not
    /// to go on (a newer placement replaces this one).
    pub async fn place_pausing<F: std::future::Future<Output = bool>>(
        &self,
        mut pause: impl FnMut(f64) -> F,
    ) -> Option<Links> {
        let rows = self.records.rows;
        let chunks = rows.div_ceil(ROWS_PER_CHUNK);
        let mut placed = Vec::with_capacity(rows);
        for first in (0..chunks).step_by(CHUNKS_PER_SLICE) {
            let last = (first + CHUNKS_PER_SLICE).min(chunks);
            let slice = crate::engine::parallel::map_range(first..last, |chunk| {
                let start = chunk * ROWS_PER_CHUNK;
                let mut names = NameMemo::default();
                (start..(start + ROWS_PER_CHUNK).min(rows))
                    .map(|row| self.place_row(row, &mut names))
                    .collect::<Vec<_>>()
            });
            placed.extend(slice.into_iter().flatten());
            if !pause(0.5 * placed.len() as f64 / rows as f64).await {
                return None;
            }
        }
        let mut links = Links { placed };
        match_names_not_found(
            &mut links,
            &self.references,
            self.targets,
            self.matcher,
            self.threshold,
            |fraction| pause(0.5 + 0.5 * fraction),
        )
        .await?;
        Some(links)
    }

    /// The records with each placed one's id written ([`apply`]).
    pub fn placed(&self, links: Links) -> Placed {
        let mut table = self.records.clone();
        apply(&mut table, self.targets, self.placed_at, &links);
        Placed {
            table,
            links,
            placed_at: self.placed_at,
        }
    }
}

/// The name rule for names no target has as they are (a typo, a word more or
/// less): a matcher over the targets (`matcher`, else one built here)
/// compares them with the fitted model (the weights accounts start from,
/// before they are learnt on the data; the record's country too, when it has
/// one) and places a record where its best
/// candidate's match score reaches `threshold` and no other candidate scores
/// as well. Each distinct name and country is matched once. `pause` is
/// awaited between slices, with the fraction of this pass done; `None` when
/// it says not to go on.
async fn match_names_not_found<F: std::future::Future<Output = bool>>(
    links: &mut Links,
    references: &References<'_>,
    targets: &Table,
    matcher: Option<&Matcher>,
    threshold: u8,
    mut pause: impl FnMut(f64) -> F,
) -> Option<()> {
    let unfound: Vec<usize> = (0..links.placed.len())
        .filter(|row| {
            links.placed[*row] == Err(Unplaced::NotFound) && references.name.get(*row).is_some()
        })
        .collect();
    if unfound.is_empty() || targets.rows == 0 {
        return Some(());
    }
    let built;
    let matcher = match matcher {
        Some(matcher) => matcher,
        None => {
            built = Matcher::build_pausing(targets, |fraction| pause(0.6 * fraction)).await?;
            &built
        }
    };
    let fitted = MatchModel::default();
    let mut distinct: FxHashMap<(&str, Option<&str>), usize> = FxHashMap::default();
    let mut keys = Vec::new();
    let key_of: Vec<usize> = unfound
        .iter()
        .map(|row| {
            let key = (
                references.name.get(*row).unwrap_or_default(),
                references.country.get(*row),
            );
            *distinct.entry(key).or_insert_with(|| {
                keys.push(key);
                keys.len() - 1
            })
        })
        .collect();
    let decide = |at: usize| {
        let (name, country) = keys[at];
        let record = MatchRecord {
            country: country.map(str::to_ascii_uppercase),
            ..MatchRecord::named(name)
        };
        let candidates = matcher.match_account_with(&fitted, &record, targets);
        let best = candidates.first()?;
        let tie = candidates
            .get(1)
            .is_some_and(|second| second.match_score() >= best.match_score());
        (best.match_score() >= threshold && !tie).then_some(best.company)
    };
    let mut decided: Vec<Option<u32>> = Vec::with_capacity(keys.len());
    for start in (0..keys.len()).step_by(NAMES_PER_SLICE) {
        let end = (start + NAMES_PER_SLICE).min(keys.len());
        decided.extend(crate::engine::parallel::map_range(start..end, decide));
        if !pause(0.6 + 0.4 * end as f64 / keys.len() as f64).await {
            return None;
        }
    }
    for (row, key) in unfound.into_iter().zip(key_of) {
        if let Some(at) = decided[key] {
            links.placed[row] = Ok((at, Rule::Name));
        }
    }
    Some(())
}

/// Writes each placed record's target id into its `reference.id` column (made
/// when the file had none), so that everything counting by id counts it; an
/// unplaced record's id is left as it was (empty when the file had none).
pub fn apply(records: &mut Table, targets: &Table, placed_at: PlacedAt, links: &Links) {
    let reference = placed_at.reference();
    // The records' own ids, as codes of their pool (a label column), else as text.
    let own: Vec<u32> = match records.column(reference.id) {
        Some(Column::Label(codes)) => codes.clone(),
        Some(_) => (0..records.rows)
            .map(|row| {
                let id = records.text(reference.id, row);
                id.map_or(0, |id| records.pool.intern(&id))
            })
            .collect(),
        None => vec![0; records.rows],
    };
    // Each target's id interned once, however many records are placed there.
    let target_ids = Cells::of(targets, reference.id);
    let mut target_codes = vec![None; targets.rows];
    let codes: Vec<u32> = (0..records.rows)
        .map(|row| match links.placed.get(row) {
            Some(Ok((at, rule))) if *rule != Rule::AccountId => *target_codes[*at as usize]
                .get_or_insert_with(|| {
                    target_ids
                        .get(*at as usize)
                        .map_or(0, |id| records.pool.intern(id))
                }),
            _ => own[row],
        })
        .collect();
    records.fields.retain(|(name, _)| name != reference.id);
    records
        .fields
        .push((reference.id.to_string(), Column::Label(codes)));
}

#[cfg(test)]
mod tests;
