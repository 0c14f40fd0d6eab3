//! The demo workspace: a deterministic generator of realistic, messy datasets of
//! every kind in `DATA.md`, with ids consistent across them.
//!
//! Why it exists: a new user gets a believable workspace in one click, tests get
//! real-looking exports, benchmarks get data at any scale (up to 1M companies,
//! ~10M people, 10M events), and the matcher gets ground truth (`match_labels.csv`).
//!
//! How it stays cheap at scale: every company, person, seat and account is a pure
//! function of `(seed, index)`, so each file is streamed row by row and nothing of
//! the world is held in memory. Accounts point at companies through a permutation,
//! people belong to companies by construction (person `n` of company `c`), and
//! activity targets the leads and accounts of each seat's own book.
//!
//! The mess is deliberate and mirrors real exports: a Salesforce accounts report
//! with a BOM and CRLF, names with other legal suffixes, typos, abbreviations and
//! `&`/`and`; websites in every form or missing; countries as names, codes or
//! abbreviations; state names vs codes; `St.` vs `Street`; month-first US dates;
//! a `;`-delimited opportunities file with decimal commas and day-first dates; a
//! Sales Navigator activity log with `MM-DD-YYYY HH:MM:SS UTC` times and actions in
//! mixed spellings; decoy companies (same name in another country, subsidiaries
//! sharing a parent's website, generic names); and a few rows that must be
//! quarantined (no name, a duplicate id).

// `*rng.pick(…)` stays explicit: without it the expected `&'static str` makes
// `pick` infer its item type as `str`, which does not compile.
#![allow(clippy::explicit_auto_deref)]

pub mod contacts;
mod tables;
pub mod unseen;

use crate::engine::rng::Rng;
use crate::engine::source_kind::SourceKind;
use crate::engine::usage::vocabulary::VENDOR_ACTIONS;
use chrono::{Datelike, Duration, NaiveDate};
use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;
use tables::*;

/// The preset sizes of `sightline demo --size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoSize {
    /// A few hundred accounts: the page's one-click demo.
    Small,
    /// 10k accounts, 100k companies, ~1M people, 1M events.
    Medium,
    /// 100k accounts, 1M companies, ~10M people, 10M events: the benchmarks.
    Large,
}

impl FromStr for DemoSize {
    type Err = String;

    fn from_str(name: &str) -> Result<DemoSize, String> {
        match name {
            "small" => Ok(DemoSize::Small),
            "medium" => Ok(DemoSize::Medium),
            "large" => Ok(DemoSize::Large),
            other => Err(format!(
                "unknown size '{other}' (expected small, medium or large)"
            )),
        }
    }
}

/// How many rows of each kind to generate. People are a target: the exact count
/// follows from the companies' sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSpec {
    pub accounts: u64,
    pub companies: u64,
    pub people: u64,
    pub seats: u64,
    pub events: u64,
    pub signals: u64,
    pub opportunities: u64,
}

impl DemoSpec {
    /// Only accounts (and the companies and owners they refer to): the ingest
    /// benchmark's Salesforce-style export of `rows` accounts.
    pub fn accounts_only(rows: u64) -> DemoSpec {
        DemoSpec {
            accounts: rows,
            companies: rows * 10,
            people: 0,
            seats: 12,
            events: 0,
            signals: 0,
            opportunities: 0,
        }
    }
}

impl DemoSize {
    pub fn spec(self) -> DemoSpec {
        match self {
            DemoSize::Small => DemoSpec {
                accounts: 300,
                companies: 3_000,
                people: 30_000,
                seats: 40,
                events: 30_000,
                signals: 600,
                opportunities: 150,
            },
            DemoSize::Medium => DemoSpec {
                accounts: 10_000,
                companies: 100_000,
                people: 1_000_000,
                seats: 300,
                events: 1_000_000,
                signals: 20_000,
                opportunities: 3_000,
            },
            DemoSize::Large => DemoSpec {
                accounts: 100_000,
                companies: 1_000_000,
                people: 10_000_000,
                seats: 2_000,
                events: 10_000_000,
                signals: 1_000_000,
                opportunities: 20_000,
            },
        }
    }
}

/// The files of a demo workspace, named as real exports are.
pub const DEMO_FILES: [(SourceKind, &str); 7] = [
    (SourceKind::Accounts, "Salesforce_Accounts_report.csv"),
    (SourceKind::Companies, "company_database.csv"),
    (SourceKind::People, "people_profiles.csv"),
    (SourceKind::Seats, "sales_navigator_seats.csv"),
    (SourceKind::Activity, "sales_navigator_activity.csv"),
    (SourceKind::Signals, "account_signals.csv"),
    (SourceKind::Opportunities, "opportunities.csv"),
];

/// Ground truth for the matcher: `account_id,company_id` (empty: no true match).
pub const LABELS_FILE: &str = "match_labels.csv";

/// The as-of date the command line uses by default, so that the same seed gives
/// the same files on any day. The page passes today instead.
pub fn default_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).expect("a valid date")
}

// Stream tags: each kind of record draws from its own sequence.
const TAG_COMPANY: u64 = 1;
const TAG_DECOY: u64 = 2;
const TAG_ACCOUNT: u64 = 3;
const TAG_TRUTH: u64 = 4;
const TAG_PERSON: u64 = 5;
const TAG_HEADCOUNT: u64 = 6;
const TAG_SEAT: u64 = 7;
const TAG_FILE: u64 = 8;
const TAG_ACRONYM: u64 = 9;
const TAG_ELSEWHERE: u64 = 10;

fn stream(tag: u64, index: u64) -> u64 {
    index.wrapping_mul(16).wrapping_add(tag)
}

/// Person ids are `PERSON_ID_BASE + company index × PERSON_ID_STRIDE + n`.
const PERSON_ID_BASE: u64 = 10_000_000_000;
const PERSON_ID_STRIDE: u64 = 100_000;
/// Leads at accounts whose company is not in the database get ids from here.
const UNKNOWN_PERSON_ID_BASE: u64 = 90_000_000_000;

/// A demo world: its size, seed and as-of date. Cheap to create; every file is
/// generated on demand.
#[derive(Debug, Clone)]
pub struct Demo {
    spec: DemoSpec,
    seed: u64,
    as_of: NaiveDate,
    /// Profiles per employee, so that the people file comes near `spec.people`.
    coverage: f64,
    /// Multiplier of the permutation from account to company (coprime with the
    /// number of companies).
    account_stride: u64,
}

/// The parts of a company record that decoys copy from their neighbour.
#[derive(Debug, Clone)]
struct CompanyCore {
    brand: String,
    word: Option<&'static str>,
    country: &'static Country,
    industry: usize,
}

/// One company as the data provider knows it.
#[derive(Debug, Clone)]
struct Company {
    index: u64,
    /// The name without its legal suffix.
    base_name: String,
    suffix: Option<&'static str>,
    domain: Option<String>,
    street_number: u32,
    street_name: &'static str,
    street_type: usize,
    place: (&'static str, &'static str, &'static str),
    postal_code: String,
    country: &'static Country,
    industry: usize,
    employees: u64,
    founded: i32,
    jobs_posted_90d: u64,
    followers: u64,
    headcount_growth: f64,
}

impl Company {
    fn id(&self) -> String {
        (1_000_000 + self.index).to_string()
    }

    fn name(&self) -> String {
        match self.suffix {
            Some(suffix) => format!("{} {}", self.base_name, suffix),
            None => self.base_name.clone(),
        }
    }

    fn street(&self) -> String {
        format!(
            "{} {} {}",
            self.street_number, self.street_name, STREET_TYPES[self.street_type].0
        )
    }
}

/// One person at a company.
#[derive(Debug, Clone)]
struct Person {
    id: u64,
    title: String,
    function: &'static str,
    /// Canonical seniority, empty when none.
    seniority: &'static str,
    seniority_as_written: &'static str,
    country: &'static str,
    connected_to_us: u32,
    started_at: NaiveDate,
    previous_company: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeatStatus {
    Activated,
    Invited,
    Unassigned,
}

/// One seat of the sales team's licence.
#[derive(Debug, Clone)]
struct Seat {
    index: u64,
    status: SeatStatus,
    name: String,
    email: String,
    /// Relative activity; 0 for seats whose holder never acts.
    activity: f64,
}

impl Seat {
    fn id(&self) -> String {
        (20_000_000 + self.index).to_string()
    }
}

impl Demo {
    pub fn new(size: DemoSize, seed: u64, as_of: NaiveDate) -> Demo {
        Demo::with_spec(size.spec(), seed, as_of)
    }

    pub fn with_spec(spec: DemoSpec, seed: u64, as_of: NaiveDate) -> Demo {
        let companies = spec.companies.max(1);
        let coverage = spec.people as f64 / (companies as f64 * mean_employees());
        let account_stride = [7_919u64, 104_729, 15_485_863, 32_452_843]
            .into_iter()
            .find(|prime| gcd(*prime, companies) == 1)
            .unwrap_or(1);
        Demo {
            spec,
            seed,
            as_of,
            coverage,
            account_stride,
        }
    }

    pub fn spec(&self) -> DemoSpec {
        self.spec
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Writes one dataset as CSV and returns the number of data rows written.
    pub fn write(&self, kind: SourceKind, out: impl Write) -> io::Result<u64> {
        match kind {
            SourceKind::Accounts => self.write_accounts(out),
            SourceKind::Companies => self.write_companies(out),
            SourceKind::People => self.write_people(out),
            SourceKind::Seats => self.write_seats(out),
            SourceKind::Activity => self.write_activity(out),
            SourceKind::Signals => self.write_signals(out),
            SourceKind::Opportunities => self.write_opportunities(out),
        }
    }

    /// One dataset's bytes in memory (the page's demo; small sizes only).
    pub fn render(&self, kind: SourceKind) -> Vec<u8> {
        let mut bytes = Vec::new();
        // Writing to a `Vec` has no I/O error, and every row is an array as long
        // as its header, so the CSV writer's one other error cannot happen.
        self.write(kind, &mut bytes)
            .expect("a demo file of fixed-length rows writes to memory");
        bytes
    }

    // ----- companies -------------------------------------------------------

    /// A made-up brand of its own for every company (a real database does not
    /// hold two unrelated companies on one domain): the company's index,
    /// scrambled, written in syllables — three for the first (syllables)³
    /// companies, four after. Same-name companies come only from the decoys below.
    fn brand(&self, index: u64) -> String {
        let base = SYLLABLES.len() as u64;
        let small = base.pow(3);
        let (digits, space, position) = if index < small {
            (3, small, index)
        } else {
            (4, base.pow(4), index - small)
        };
        // 7919 is prime, so coprime with the space: a bijection of it.
        let mut code = (position.wrapping_mul(7_919).wrapping_add(self.seed)) % space;
        let mut brand = String::new();
        for _ in 0..digits {
            brand.push_str(SYLLABLES[(code % base) as usize]);
            code /= base;
        }
        brand
    }

    fn company_core(&self, index: u64) -> CompanyCore {
        let mut rng = Rng::new(self.seed, stream(TAG_COMPANY, index));
        let weights: Vec<f64> = COUNTRIES.iter().map(|country| country.weight).collect();
        let country = &COUNTRIES[rng.weighted(&weights)];
        let industry = rng.below(INDUSTRIES.len() as u64) as usize;
        let brand = capitalise(&self.brand(index));
        let word = rng.chance(0.7).then(|| *rng.pick(INDUSTRIES[industry].1));
        CompanyCore {
            brand,
            word,
            country,
            industry,
        }
    }

    fn company(&self, index: u64) -> Company {
        let core = self.company_core(index);
        let mut rng = Rng::new(self.seed, stream(TAG_DECOY, index));
        let decoy = rng.unit();
        let own_domain = |brand: &str, word: Option<&str>, tld: &str| {
            let mut domain = brand.to_lowercase();
            if let Some(word) = word {
                domain.push_str(&word.to_lowercase().replace(' ', ""));
            }
            format!("{domain}.{tld}")
        };
        let (base_name, domain) = if index > 0 && decoy < 0.03 {
            // The same name as the neighbour, in this company's own country.
            let twin = self.company_core(index - 1);
            (
                join_name(&twin.brand, twin.word),
                Some(own_domain(&twin.brand, None, core.country.tld)),
            )
        } else if index > 0 && decoy < 0.06 {
            // A subsidiary of the neighbour: its brand plus a word, and half the
            // time its parent's website.
            let parent = self.company(index - 1);
            let parent_brand = self.company_core(index - 1).brand;
            let word = *rng.pick(SUBSIDIARY_WORDS);
            let domain = if rng.chance(0.5) {
                parent.domain
            } else {
                Some(own_domain(&parent_brand, Some(word), core.country.tld))
            };
            (format!("{parent_brand} {word}"), domain)
        } else if decoy < 0.08 {
            let generic = *rng.pick(GENERIC_NAMES);
            let domain = format!(
                "{}{}.{}",
                generic.replace(' ', "").to_lowercase(),
                rng.below(90) + 10,
                core.country.tld
            );
            (generic.to_string(), Some(domain))
        } else {
            let base = if core.word.is_some() && rng.chance(0.05) {
                format!("{} & {}", core.brand, core.word.unwrap_or_default())
            } else {
                join_name(&core.brand, core.word)
            };
            (
                base,
                rng.chance(0.92)
                    .then(|| own_domain(&core.brand, core.word, core.country.tld)),
            )
        };
        let suffix = rng
            .chance(0.85)
            .then(|| *rng.pick(core.country.legal_suffixes));
        let employees = (10f64.powf(1.0 + 4.0 * rng.unit().powf(2.5))).round() as u64;
        let growth = (rng.unit() - 0.3) * 0.5;
        Company {
            index,
            base_name,
            suffix,
            domain,
            street_number: rng.range(1, 2500) as u32,
            street_name: *rng.pick(STREET_NAMES),
            street_type: rng.below(STREET_TYPES.len() as u64) as usize,
            place: *rng.pick(core.country.places),
            postal_code: postal_code(core.country.postal_pattern, &mut rng),
            country: core.country,
            industry: core.industry,
            employees,
            founded: rng.range(1890, 2024) as i32,
            jobs_posted_90d: (employees as f64 * rng.unit() * 0.04).round() as u64,
            followers: (employees as f64 * (2.0 + rng.unit() * 20.0)).round() as u64,
            headcount_growth: (growth * 10_000.0).round() / 10_000.0,
        }
    }

    fn write_companies(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::WriterBuilder::new().from_writer(out);
        writer.write_record([
            "Company ID",
            "Company Name",
            "Website",
            "HQ Street",
            "HQ City",
            "HQ State",
            "HQ Postal Code",
            "HQ Country",
            "Industry",
            "Employee Count",
            "Founded",
            "Open Jobs",
            "Followers",
            "Headcount Growth",
        ])?;
        for index in 0..self.spec.companies {
            let company = self.company(index);
            let mut rng = Rng::new(self.seed, stream(TAG_FILE, index));
            let growth = if rng.chance(0.5) {
                format!("{:.1}%", company.headcount_growth * 100.0)
            } else {
                format!("{:.4}", company.headcount_growth)
            };
            writer.write_record([
                company.id(),
                company.name(),
                company
                    .domain
                    .clone()
                    .map(|domain| format!("www.{domain}"))
                    .unwrap_or_default(),
                company.street(),
                company.place.0.to_string(),
                company.place.2.to_string(),
                company.postal_code.clone(),
                company.country.code.to_string(),
                INDUSTRIES[company.industry].0.to_string(),
                company.employees.to_string(),
                if rng.chance(0.8) {
                    company.founded.to_string()
                } else {
                    String::new()
                },
                company.jobs_posted_90d.to_string(),
                company.followers.to_string(),
                growth,
            ])?;
        }
        writer.flush()?;
        Ok(self.spec.companies)
    }

    // ----- people ----------------------------------------------------------

    /// How many profiles the people file holds for company `index`.
    fn people_at(&self, company: &Company) -> u64 {
        let mut rng = Rng::new(self.seed, stream(TAG_HEADCOUNT, company.index));
        let expected = company.employees as f64 * self.coverage;
        ((expected + rng.unit()).floor() as u64).min(PERSON_ID_STRIDE - 1)
    }

    fn person(&self, company: &Company, n: u64) -> Person {
        let id = PERSON_ID_BASE + company.index * PERSON_ID_STRIDE + n;
        let mut rng = Rng::new(self.seed, stream(TAG_PERSON, id));
        let function_weights: Vec<f64> = FUNCTIONS.iter().map(|function| function.1).collect();
        let (function, _, roles) = FUNCTIONS[rng.weighted(&function_weights)];
        let seniority_weights: Vec<f64> = SENIORITIES.iter().map(|seniority| seniority.1).collect();
        let (seniority, _, spellings) = SENIORITIES[rng.weighted(&seniority_weights)];
        let role = *rng.pick(roles);
        let recent_move = rng.chance(0.03);
        let days_in_role = if recent_move {
            rng.range(0, 120)
        } else {
            rng.range(0, 5 * 365)
        };
        let previous_company = (rng.chance(0.6) && self.spec.companies > 1).then(|| {
            (company.index + 1 + rng.below(self.spec.companies - 1)) % self.spec.companies
        });
        Person {
            id,
            title: title_for(role, function, seniority, &mut rng),
            function,
            seniority,
            seniority_as_written: *rng.pick(spellings),
            country: if rng.chance(0.9) {
                company.country.code
            } else {
                rng.pick(COUNTRIES).code
            },
            connected_to_us: if rng.chance(0.85) {
                0
            } else {
                rng.range(1, 6) as u32
            },
            started_at: self.as_of - Duration::days(days_in_role),
            previous_company,
        }
    }

    fn write_people(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::WriterBuilder::new().from_writer(out);
        writer.write_record([
            "Person ID",
            "Company ID",
            "Title",
            "Function",
            "Seniority",
            "Country",
            "Connected To Us",
            "Start Date",
            "Previous Company ID",
        ])?;
        let mut rows = 0;
        for index in 0..self.spec.companies {
            let company = self.company(index);
            for n in 0..self.people_at(&company) {
                let person = self.person(&company, n);
                let mut rng = Rng::new(self.seed, stream(TAG_FILE, person.id));
                // Exports write functions in whatever case their source used.
                let function = if rng.chance(0.1) {
                    person.function.to_lowercase()
                } else {
                    person.function.to_string()
                };
                writer.write_record([
                    person.id.to_string(),
                    company.id(),
                    person.title,
                    if rng.chance(0.93) {
                        function
                    } else {
                        String::new()
                    },
                    person.seniority_as_written.to_string(),
                    person.country.to_string(),
                    person.connected_to_us.to_string(),
                    person.started_at.format("%Y-%m-%d").to_string(),
                    person
                        .previous_company
                        .map(|index| (1_000_000 + index).to_string())
                        .unwrap_or_default(),
                ])?;
                rows += 1;
            }
        }
        writer.flush()?;
        Ok(rows)
    }

    // ----- accounts --------------------------------------------------------

    /// The company an account truly describes, or `None` when the company is
    /// not in the database.
    pub fn account_truth(&self, account: u64) -> Option<u64> {
        let mut rng = Rng::new(self.seed, stream(TAG_TRUTH, account));
        let draw = rng.unit();
        if draw < 0.06 {
            None
        } else if account > 0 && draw < 0.08 {
            // A second CRM record for the company of the previous account.
            Some(self.permuted_company(account - 1))
        } else {
            Some(self.permuted_company(account))
        }
    }

    fn permuted_company(&self, account: u64) -> u64 {
        let companies = self.spec.companies.max(1);
        (account
            .wrapping_mul(self.account_stride)
            .wrapping_add(self.seed % companies))
            % companies
    }

    fn account_id(&self, account: u64) -> String {
        format!("0015g0000{account:06X}AAQ")
    }

    /// The company behind an account: a database company, or for accounts with no
    /// true match, one made the same way that the database does not hold.
    fn account_company(&self, account: u64) -> Company {
        match self.account_truth(account) {
            Some(index) => self.company(index),
            None => self.company(self.spec.companies + account),
        }
    }

    fn seat(&self, index: u64) -> Seat {
        let mut rng = Rng::new(self.seed, stream(TAG_SEAT, index));
        let draw = rng.unit();
        // The first twelve seats are the account owners: always activated.
        let status = if index < 12 || draw < 0.78 {
            SeatStatus::Activated
        } else if draw < 0.9 {
            SeatStatus::Invited
        } else {
            SeatStatus::Unassigned
        };
        let first = FIRST_NAMES[(index % FIRST_NAMES.len() as u64) as usize];
        let last = LAST_NAMES
            [((index / FIRST_NAMES.len() as u64 + index * 7) % LAST_NAMES.len() as u64) as usize];
        let combos = (FIRST_NAMES.len() * LAST_NAMES.len()) as u64;
        let number = if index >= combos {
            (index / combos).to_string()
        } else {
            String::new()
        };
        let email = format!(
            "{}.{}{}@example.com",
            ascii_fold(first),
            ascii_fold(last),
            number
        );
        let activity = match status {
            SeatStatus::Activated => 0.2 + 2.8 * rng.unit().powi(2),
            SeatStatus::Invited => 0.05,
            SeatStatus::Unassigned => 0.0,
        };
        Seat {
            index,
            status,
            name: format!("{first} {last}"),
            email,
            activity,
        }
    }

    fn owners(&self) -> Vec<String> {
        (0..self.spec.seats.min(12))
            .map(|index| self.seat(index).name)
            .collect()
    }

    fn write_accounts(&self, mut out: impl Write) -> io::Result<u64> {
        // Salesforce report exports: UTF-8 with a BOM, CRLF line ends.
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record([
            "Account ID",
            "Account Name",
            "Website",
            "Billing Street",
            "Billing City",
            "Billing State/Province",
            "Billing Zip/Postal Code",
            "Billing Country",
            "Industry",
            "Employees",
            "Account Owner",
            "Last Activity",
            "Renewal Date",
            "Last Product Use",
        ])?;
        let owners = self.owners();
        let mut rows = 0;
        for account in 0..self.spec.accounts {
            writer.write_record(self.account_row(account, &owners))?;
            rows += 1;
            // A few rows every real export has, after the sixth account.
            if account == 5 {
                let mut nameless = self.account_row(account + 1_000_000, &owners);
                nameless[1] = String::new();
                let mut duplicate = self.account_row(account + 2_000_000, &owners);
                duplicate[0] = self.account_id(3);
                let mut formula = self.account_row(account + 3_000_000, &owners);
                formula[1] = "=HYPERLINK(\"http://example.com\",\"Click me\")".to_string();
                for row in [nameless, duplicate, formula] {
                    writer.write_record(row)?;
                    rows += 1;
                }
            }
        }
        writer.flush()?;
        Ok(rows)
    }

    /// A fixed number of cells, so that every record has the header's length
    /// (the CSV writer refuses one that does not, and `render` relies on it).
    fn account_row(&self, account: u64, owners: &[String]) -> [String; 14] {
        let company = self.account_company(account);
        let mut rng = Rng::new(self.seed, stream(TAG_ACCOUNT, account));
        let date = |rng: &mut Rng, back: i64, forward: i64| {
            (self.as_of + Duration::days(rng.range(-back, forward)))
                .format("%m/%d/%Y")
                .to_string()
        };
        let website = match (&company.domain, rng.chance(0.72)) {
            (Some(domain), true) => match rng.below(6) {
                0 => format!("https://www.{domain}/about"),
                1 => format!("www.{domain}"),
                2 => domain.clone(),
                3 => format!("http://shop.{domain}"),
                4 => format!("https://{domain}/"),
                _ => format!("http://www.{domain}"),
            },
            _ => String::new(),
        };
        let has_address = rng.chance(0.75);
        let street = if has_address && rng.chance(0.9) {
            let (long, shorts) = STREET_TYPES[company.street_type];
            let kind = if rng.chance(0.5) {
                long
            } else {
                rng.pick(shorts)
            };
            format!("{} {} {}", company.street_number, company.street_name, kind)
        } else {
            String::new()
        };
        let region = match rng.below(3) {
            0 => company.place.1.to_string(),
            1 => company.place.2.to_string(),
            _ => String::new(),
        };
        let employees = if rng.chance(0.6) {
            let noisy = (company.employees as f64 * (0.7 + rng.unit() * 0.6)).round() as u64;
            crate::engine::display::human_count(noisy)
        } else {
            String::new()
        };
        // Some CRM users know a company by its initials ("VS" for Velquora
        // Systems); drawn apart so that the rest of the row stays as it was.
        let mut name = noisy_name(&company, &mut rng);
        let mut acronym_rng = Rng::new(self.seed, stream(TAG_ACRONYM, account));
        if acronym_rng.chance(0.02) && company.base_name.split_whitespace().count() >= 2 {
            name = company
                .base_name
                .split_whitespace()
                .filter_map(|word| word.chars().next())
                .filter(|initial| initial.is_alphanumeric())
                .collect::<String>()
                .to_uppercase();
        }
        // Not every CRM record points where the database does: a branch
        // office's address, a product or campaign website.
        let mut elsewhere = Rng::new(self.seed, stream(TAG_ELSEWHERE, account));
        let website = if !website.is_empty() && elsewhere.chance(0.04) {
            format!(
                "{}{}.com",
                company
                    .base_name
                    .split_whitespace()
                    .next()
                    .unwrap_or("x")
                    .to_lowercase(),
                elsewhere.pick(&["app", "shop", "cloud", "hq"])
            )
        } else {
            website
        };
        let branch = elsewhere.chance(0.08);
        let street = if branch && !street.is_empty() {
            format!(
                "{} {} {}",
                elsewhere.range(1, 2500),
                elsewhere.pick(STREET_NAMES),
                STREET_TYPES[0].0
            )
        } else {
            street
        };
        let branch_place = branch.then(|| *elsewhere.pick(company.country.places));
        let branch_postal_code =
            branch.then(|| postal_code(company.country.postal_pattern, &mut elsewhere));
        [
            self.account_id(account),
            name,
            website,
            street,
            if has_address && rng.chance(0.9) {
                branch_place.unwrap_or(company.place).0.to_string()
            } else {
                String::new()
            },
            if has_address { region } else { String::new() },
            if has_address && rng.chance(0.7) {
                branch_postal_code.unwrap_or_else(|| company.postal_code.clone())
            } else {
                String::new()
            },
            if rng.chance(0.9) {
                rng.pick(company.country.spellings).to_string()
            } else {
                String::new()
            },
            if rng.chance(0.7) {
                INDUSTRIES[company.industry].0.to_string()
            } else {
                String::new()
            },
            employees,
            if owners.is_empty() || rng.chance(0.05) {
                String::new()
            } else {
                rng.pick(owners).clone()
            },
            if rng.chance(0.8) {
                date(&mut rng, 200, 0)
            } else {
                String::new()
            },
            if rng.chance(0.5) {
                date(&mut rng, -1, 400)
            } else {
                String::new()
            },
            if rng.chance(0.4) {
                date(&mut rng, 60, 0)
            } else {
                String::new()
            },
        ]
    }

    /// The ground truth in memory: account id → id of its true company, for the
    /// accounts that have one (what `match_labels.csv` holds).
    pub fn true_companies(&self) -> std::collections::HashMap<String, String> {
        (0..self.spec.accounts)
            .filter_map(|account| {
                Some((
                    self.account_id(account),
                    (1_000_000 + self.account_truth(account)?).to_string(),
                ))
            })
            .collect()
    }

    /// One dataset generated and read with the automatic mapping (tests).
    #[cfg(test)]
    pub fn read(&self, kind: SourceKind) -> crate::engine::ingest::Ingested {
        let options = crate::engine::ingest::IngestOptions::default();
        crate::engine::ingest::ingest(&self.render(kind), kind, &options).expect("demo data reads")
    }

    /// Writes the ground truth of the accounts file: one row per account the
    /// matcher should be judged on (the quarantined extras are left out).
    pub fn write_match_labels(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["account_id", "company_id"])?;
        for account in 0..self.spec.accounts {
            let company = self
                .account_truth(account)
                .map(|index| (1_000_000 + index).to_string());
            writer.write_record([self.account_id(account), company.unwrap_or_default()])?;
        }
        writer.flush()?;
        Ok(self.spec.accounts)
    }

    // ----- seats -----------------------------------------------------------

    fn write_seats(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "Seat ID",
            "Email",
            "Name",
            "Groups",
            "Title",
            "Function",
            "Status",
            "Invited At",
            "Activated At",
            "LinkedIn Tracking",
            "SSI",
            "Create a Professional Brand",
            "Find the Right People",
            "Engage with Insights",
            "Build Strong Relationships",
            "Sales Assistant Setup",
        ])?;
        for index in 0..self.spec.seats {
            let seat = self.seat(index);
            let mut rng = Rng::new(self.seed, stream(TAG_FILE, 7_000_000 + index));
            let invited = self.as_of - Duration::days(rng.range(30, 700));
            let activated = invited + Duration::days(rng.range(0, 20));
            let day = |date: NaiveDate| date.format("%Y-%m-%d").to_string();
            let status = match seat.status {
                SeatStatus::Activated => {
                    *rng.pick(&["Activated", "active", "Onboarded", "ACTIVATED"])
                }
                SeatStatus::Invited => *rng.pick(&["Invited", "Pending"]),
                SeatStatus::Unassigned => *rng.pick(&["Unassigned", "Available", "Revoked"]),
            };
            let assigned = seat.status != SeatStatus::Unassigned;
            let groups = if assigned {
                let first = rng.pick(SALES_GROUPS);
                if rng.chance(0.5) {
                    format!("{first}; {}", rng.pick(SALES_GROUPS))
                } else {
                    first.to_string()
                }
            } else {
                String::new()
            };
            let pillars: Vec<f64> = (0..4)
                .map(|_| (rng.unit() * 25.0 * 100.0).round() / 100.0)
                .collect();
            let mut total: f64 = pillars.iter().sum();
            if rng.chance(0.05) {
                total += 3.0; // An inconsistent SSI row, as real exports sometimes have.
            }
            let has_ssi = assigned && rng.chance(0.85);
            let ssi = |value: f64| {
                if has_ssi {
                    format!("{value:.2}")
                } else {
                    String::new()
                }
            };
            let (title, function) = *rng.pick(&[
                ("Account Executive", "Sales"),
                ("Senior Account Executive", "Sales"),
                ("Sales Development Representative", "Sales"),
                ("Account Manager", "Sales"),
                ("Sales Director", "Sales"),
                ("Solutions Consultant", "Presales"),
            ]);
            writer.write_record([
                seat.id(),
                if assigned {
                    seat.email.clone()
                } else {
                    String::new()
                },
                if assigned {
                    seat.name.clone()
                } else {
                    String::new()
                },
                groups,
                if assigned {
                    title.to_string()
                } else {
                    String::new()
                },
                if assigned {
                    function.to_string()
                } else {
                    String::new()
                },
                status.to_string(),
                if assigned {
                    day(invited)
                } else {
                    String::new()
                },
                if seat.status == SeatStatus::Activated && rng.chance(0.9) {
                    day(activated)
                } else {
                    String::new()
                },
                if assigned {
                    (if rng.chance(0.9) { "true" } else { "false" }).to_string()
                } else {
                    String::new()
                },
                ssi(total),
                ssi(pillars[0]),
                ssi(pillars[1]),
                ssi(pillars[2]),
                ssi(pillars[3]),
                if seat.status == SeatStatus::Activated && rng.chance(0.3) {
                    day(activated + Duration::days(rng.range(0, 60)))
                } else {
                    String::new()
                },
            ])?;
        }
        writer.flush()?;
        Ok(self.spec.seats)
    }

    // ----- activity --------------------------------------------------------

    /// The accounts in a seat's book: the ones its events are about.
    fn book(&self, seat: u64) -> Vec<u64> {
        let accounts = self.spec.accounts.max(1);
        let size = (20 + seat % 80).min(accounts);
        (0..size)
            .map(|m| {
                (seat
                    .wrapping_mul(7_919)
                    .wrapping_add(m.wrapping_mul(104_729)))
                    % accounts
            })
            .collect()
    }

    /// A lead at an account: a real person of its company when the people file has
    /// one, else an id the people file does not know (as in real logs).
    fn lead_at(&self, account: u64, rng: &mut Rng) -> (String, &'static str) {
        if let Some(index) = self.account_truth(account) {
            let company = self.company(index);
            let people = self.people_at(&company);
            if people > 0 {
                let person = self.person(&company, rng.below(people));
                return (person.id.to_string(), person.seniority);
            }
        }
        let seniority = SENIORITIES[rng.below(SENIORITIES.len() as u64) as usize].0;
        (
            (UNKNOWN_PERSON_ID_BASE + account * 100 + rng.below(100)).to_string(),
            seniority,
        )
    }

    fn write_activity(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record([
            "activityId",
            "seatId",
            "activityType",
            "createdAt",
            "Surface",
            "Target Type",
            "Target ID",
            "Target Account ID",
            "Target Seniority",
            "Relationship",
            "Message ID",
            "Filters",
            "Sentiment",
            "Alert Type",
            "Feedback",
        ])?;
        let seats: Vec<Seat> = (0..self.spec.seats).map(|index| self.seat(index)).collect();
        let books: Vec<Vec<u64>> = (0..self.spec.seats).map(|index| self.book(index)).collect();
        let mut cumulative = Vec::with_capacity(seats.len());
        let mut total = 0.0;
        for seat in &seats {
            total += seat.activity;
            cumulative.push(total);
        }
        if seats.is_empty() || total == 0.0 {
            writer.flush()?;
            return Ok(0);
        }
        let mut rng = Rng::new(self.seed, stream(TAG_FILE, u64::MAX >> 8));
        let weights: Vec<f64> = ACTIONS.iter().map(|action| action.1).collect();
        let mut rows = 0u64;
        let mut event_number = 0u64;
        while rows < self.spec.events {
            event_number += 1;
            let seat_index = cumulative
                .partition_point(|edge| *edge <= rng.unit() * total)
                .min(seats.len() - 1);
            let seat = &seats[seat_index];
            // Unknown users exist in every real log.
            let user = if rng.chance(0.003) {
                "29999999".to_string()
            } else {
                seat.id()
            };
            let day = self.as_of - Duration::days((rng.unit().powf(1.5) * 400.0) as i64);
            let seconds = rng.range(7 * 3600, 20 * 3600);
            let action = ACTIONS[rng.weighted(&weights)].0;
            let book = &books[seat_index];
            let account = if book.is_empty() { 0 } else { *rng.pick(book) };
            let mut event = Event::new(format!("A{event_number:010}"), user, day, seconds, action);
            event.surface = match rng.below(100) {
                0..=79 => "sales_navigator",
                80..=84 => "",
                85..=92 => "linkedin",
                93..=97 => "mobile",
                _ => "crm",
            };
            match action {
                "search" => {
                    event.target_type = if rng.chance(0.7) { "lead" } else { "account" };
                    if rng.chance(0.6) {
                        let count = rng.range(1, 3);
                        let filters: Vec<&str> =
                            (0..count).map(|_| *rng.pick(SEARCH_FILTERS)).collect();
                        event.filters = filters.join(";");
                    }
                }
                "account_page_view" | "account_saved" | "account_unsaved" | "account_iq_view"
                | "account_hub_visit" | "note_added" => {
                    event.target_type = "account";
                    event.target_id = self.account_id(account);
                    event.target_account_id = self.account_id(account);
                }
                "alert_engaged" => {
                    event.target_type = "alert";
                    event.sentiment = if rng.chance(0.7) {
                        "positive"
                    } else {
                        "negative"
                    };
                    event.alert_type = *rng.pick(&["buyer_intent", "job_change", "news"]);
                    event.target_account_id = self.account_id(account);
                }
                "sales_assistant_feedback" => {
                    event.feedback = if rng.chance(0.6) {
                        "good_fit"
                    } else {
                        "not_a_fit"
                    };
                }
                "session" | "list_created" | "buyer_intent_view" | "sales_assistant_setup" => {}
                _ => {
                    // Everything else is about a lead at one of the seat's accounts.
                    let (lead, seniority) = self.lead_at(account, &mut rng);
                    event.target_type = "lead";
                    event.target_id = lead;
                    event.target_account_id = self.account_id(account);
                    event.target_seniority = seniority;
                    if rng.chance(0.4) {
                        event.relationship = rng.pick(RELATIONSHIPS).to_string();
                    }
                    if action == "inmail_sent" {
                        event.message_id = format!("M{event_number:010}");
                    }
                }
            }
            // Exports spell actions every way, and the vendor's analytics export
            // in words of its own; USAGE.md reads them all as one.
            let spelled = match rng.below(40) {
                0 => action.replace('_', " ").to_uppercase(),
                1 => capitalise(&action.replace('_', " ")),
                2 => action.replace('_', "-"),
                3..=6 => vendor_spelling(action),
                _ => action.to_string(),
            };
            writer.write_record(event.record(&spelled))?;
            rows += 1;
            if action == "inmail_sent" && rows < self.spec.events && rng.chance(0.3) {
                let accepted_day = (day + Duration::days(rng.range(0, 35))).min(self.as_of);
                let mut accepted = event.clone();
                accepted.id = format!("A{event_number:010}R");
                accepted.day = accepted_day;
                accepted.action = "inmail_accepted";
                writer.write_record(accepted.record("inmail_accepted"))?;
                rows += 1;
            }
        }
        writer.flush()?;
        Ok(rows)
    }

    // ----- signals and opportunities --------------------------------------

    fn write_signals(&self, out: impl Write) -> io::Result<u64> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["Date", "Account ID", "Signal", "Person", "Detail"])?;
        let mut rng = Rng::new(self.seed, stream(TAG_FILE, u64::MAX >> 9));
        let signals: [(&str, f64); 10] = [
            ("web_visit", 35.0),
            ("email_opened", 20.0),
            ("whitepaper_download", 12.0),
            ("contact_request", 5.0),
            ("decision_maker_move", 4.0),
            ("seat_holder_move", 2.0),
            ("product_purchase", 3.0),
            ("status_update", 8.0),
            ("profile_change", 8.0),
            ("webinar_attended", 3.0),
        ];
        let weights: Vec<f64> = signals.iter().map(|signal| signal.1).collect();
        for _ in 0..self.spec.signals {
            let account = rng.below(self.spec.accounts.max(1));
            let signal = signals[rng.weighted(&weights)].0;
            let day = self.as_of - Duration::days((rng.unit().powf(1.3) * 120.0) as i64);
            let seconds = rng.range(0, 86_399);
            let person = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            let (person, detail) = match signal {
                "whitepaper_download" => (person, rng.pick(WHITEPAPERS).to_string()),
                "web_visit" => (
                    String::new(),
                    rng.pick(&["/pricing", "/product", "/docs", "/customers"])
                        .to_string(),
                ),
                "decision_maker_move" => (
                    person,
                    rng.pick(&[
                        "joined as VP Engineering",
                        "joined as CTO",
                        "joined as Director of IT",
                    ])
                    .to_string(),
                ),
                "product_purchase" => (String::new(), "Team plan".to_string()),
                _ => (person, String::new()),
            };
            writer.write_record([
                format!(
                    "{}T{:02}:{:02}:00Z",
                    day.format("%Y-%m-%d"),
                    seconds / 3600,
                    seconds / 60 % 60
                ),
                self.account_id(account),
                signal.to_string(),
                person,
                detail,
            ])?;
        }
        writer.flush()?;
        Ok(self.spec.signals)
    }

    fn write_opportunities(&self, out: impl Write) -> io::Result<u64> {
        // A European spreadsheet export: `;` delimiter, decimal commas, day-first dates.
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
        writer.write_record([
            "Opportunity ID",
            "Account ID",
            "Opportunity Owner",
            "Amount",
            "Stage",
            "Close Date",
            "Won",
        ])?;
        let mut rng = Rng::new(self.seed, stream(TAG_FILE, u64::MAX >> 10));
        for index in 0..self.spec.opportunities {
            let account = rng.below(self.spec.accounts.max(1));
            let owner = if self.spec.seats == 0 || rng.chance(0.1) {
                "Former Rep".to_string()
            } else {
                let seat = self.seat(rng.below(self.spec.seats.min(30)));
                if rng.chance(0.75) {
                    seat.name
                } else {
                    seat.email.to_uppercase()
                }
            };
            let amount_cents = rng.range(2_000, 250_000) * 100 + rng.range(0, 1) * 50;
            let stage = *rng.pick(&[
                "Closed Won",
                "Closed Won",
                "Closed Lost",
                "Prospecting",
                "Negotiation",
            ]);
            let close = self.as_of + Duration::days(rng.range(-400, 90));
            let won = match (stage, rng.below(3)) {
                (_, 0) => "",
                ("Closed Won", _) => "true",
                _ => "false",
            };
            writer.write_record([
                format!("006{index:07}"),
                self.account_id(account),
                owner,
                european_amount(amount_cents),
                stage.to_string(),
                close.format("%d/%m/%Y").to_string(),
                won.to_string(),
            ])?;
        }
        writer.flush()?;
        Ok(self.spec.opportunities)
    }
}

/// Actions of `USAGE.md` §3 and how often the demo team does them. Passive
/// `inmail_accepted` is generated as a follow-up of sends, not drawn.
const ACTIONS: [(&str, f64); 23] = [
    ("session", 25.0),
    ("search", 12.0),
    ("profile_view", 18.0),
    ("account_page_view", 8.0),
    ("lead_saved", 6.0),
    ("lead_unsaved", 1.0),
    ("account_saved", 2.0),
    ("account_unsaved", 0.3),
    ("list_created", 0.5),
    ("inmail_sent", 4.0),
    ("message_sent", 3.0),
    ("connection_request_sent", 3.0),
    ("connection_accepted", 1.5),
    ("alert_displayed", 5.0),
    ("alert_engaged", 2.0),
    ("account_iq_view", 2.0),
    ("lead_iq_view", 2.0),
    ("account_hub_visit", 2.0),
    ("buyer_intent_view", 1.0),
    ("post_engagement", 1.5),
    ("sales_assistant_setup", 0.05),
    ("sales_assistant_feedback", 1.0),
    ("note_added", 1.0),
];

/// An action as the vendor's analytics export writes it (`SAVED_LEAD`), or in
/// capitals where it has no word of its own.
fn vendor_spelling(action: &str) -> String {
    VENDOR_ACTIONS
        .iter()
        .find(|(_, known)| known.name() == action)
        .map_or(action, |(vendor, _)| vendor)
        .to_uppercase()
}

/// One row of the activity log before it is written.
#[derive(Debug, Clone)]
struct Event {
    id: String,
    user: String,
    day: NaiveDate,
    seconds: i64,
    action: &'static str,
    surface: &'static str,
    target_type: &'static str,
    target_id: String,
    target_account_id: String,
    target_seniority: &'static str,
    relationship: String,
    message_id: String,
    filters: String,
    sentiment: &'static str,
    alert_type: &'static str,
    feedback: &'static str,
}

impl Event {
    fn new(id: String, user: String, day: NaiveDate, seconds: i64, action: &'static str) -> Event {
        Event {
            id,
            user,
            day,
            seconds,
            action,
            surface: "",
            target_type: "",
            target_id: String::new(),
            target_account_id: String::new(),
            target_seniority: "",
            relationship: String::new(),
            message_id: String::new(),
            filters: String::new(),
            sentiment: "",
            alert_type: "",
            feedback: "",
        }
    }

    fn record(&self, action_as_written: &str) -> [String; 15] {
        [
            self.id.clone(),
            self.user.clone(),
            action_as_written.to_string(),
            format!(
                "{:02}-{:02}-{} {:02}:{:02}:{:02} UTC",
                self.day.month(),
                self.day.day(),
                self.day.year(),
                self.seconds / 3600,
                self.seconds / 60 % 60,
                self.seconds % 60
            ),
            self.surface.to_string(),
            self.target_type.to_string(),
            self.target_id.clone(),
            self.target_account_id.clone(),
            self.target_seniority.to_string(),
            self.relationship.clone(),
            self.message_id.clone(),
            self.filters.clone(),
            self.sentiment.to_string(),
            self.alert_type.to_string(),
            self.feedback.to_string(),
        ]
    }
}

// ----- helpers ---------------------------------------------------------------

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The mean of the employee-count distribution `10^(1 + 4u^2.5)`, u uniform.
fn mean_employees() -> f64 {
    const STEPS: usize = 10_000;
    (0..STEPS)
        .map(|step| 10f64.powf(1.0 + 4.0 * ((step as f64 + 0.5) / STEPS as f64).powf(2.5)))
        .sum::<f64>()
        / STEPS as f64
}

pub(crate) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join_name(brand: &str, word: Option<&str>) -> String {
    match word {
        Some(word) => format!("{brand} {word}"),
        None => brand.to_string(),
    }
}

fn postal_code(pattern: &str, rng: &mut Rng) -> String {
    pattern
        .chars()
        .map(|slot| match slot {
            '9' => char::from(b'0' + rng.below(10) as u8),
            'A' => char::from(b'A' + rng.below(26) as u8),
            other => other,
        })
        .collect()
}

/// Lowercase ASCII for an email address ("Müller" → "muller", "O'Brien" → "obrien").
fn ascii_fold(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => Some('a'),
            'é' | 'è' | 'ë' | 'ê' => Some('e'),
            'í' | 'ï' => Some('i'),
            'ó' | 'ö' | 'ô' => Some('o'),
            'ú' | 'ü' => Some('u'),
            'ñ' => Some('n'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// `1234550` cents → `12.345,50`.
fn european_amount(cents: i64) -> String {
    let units = crate::engine::display::human_count((cents / 100) as u64).replace(',', ".");
    format!("{units},{:02}", cents % 100)
}

/// How a CRM user typed the company's name: another legal suffix or none, `and`
/// for `&`, a leading "The", abbreviations, a typo, capitals.
fn noisy_name(company: &Company, rng: &mut Rng) -> String {
    let mut name = company.base_name.clone();
    if rng.chance(0.3) {
        for (full, short) in ABBREVIATIONS {
            if name.contains(full) {
                name = name.replace(full, short);
                break;
            }
        }
    }
    if rng.chance(0.5) {
        name = name.replace(" & ", " and ");
    }
    if rng.chance(0.08) {
        name = typo(&name, rng);
    }
    let suffix = match (company.suffix, rng.below(10)) {
        (_, 0..=2) => None,
        (Some(suffix), 3..=7) => Some(suffix),
        _ => Some(*rng.pick(company.country.legal_suffixes)),
    };
    if let Some(suffix) = suffix {
        name = format!("{name}{} {suffix}", if rng.chance(0.2) { "," } else { "" });
    }
    if rng.chance(0.03) {
        name = format!("The {name}");
    }
    if rng.chance(0.05) {
        name = name.to_uppercase();
    }
    name
}

/// One keyboard slip: two letters swapped, one dropped or one doubled.
fn typo(name: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() < 4 {
        return name.to_string();
    }
    let at = 1 + rng.below(chars.len() as u64 - 2) as usize;
    match rng.below(3) {
        0 => chars.swap(at, at + 1),
        1 => {
            chars.remove(at);
        }
        _ => chars.insert(at, chars[at]),
    }
    chars.into_iter().collect()
}

/// A job title from a role and a seniority, in the forms people really use.
fn title_for(role: &str, function: &str, seniority: &str, rng: &mut Rng) -> String {
    let area = if function == "Engineering" {
        "Engineering"
    } else {
        function
    };
    match seniority {
        "Senior" => format!("{}{role}", rng.pick(&["Senior ", "Sr. ", "Sr "])),
        "Entry" => format!("{}{role}", rng.pick(&["Junior ", "Associate ", ""])),
        "Manager" if function == "Engineering" => rng
            .pick(&["Engineering Manager", "Manager, Software Engineering"])
            .to_string(),
        "Manager" => format!("{function} Manager"),
        "Director" if function == "Engineering" => rng
            .pick(&["Director of Engineering", "Head of Platform Engineering"])
            .to_string(),
        "Director" => format!("{} {area}", rng.pick(&["Director of", "Head of"])),
        "VP" => format!("{} {area}", rng.pick(&["VP", "Vice President,", "SVP"])),
        "CXO" => match function {
            "Engineering" => rng.pick(&["CTO", "Chief Technology Officer"]).to_string(),
            "Information Technology" => "CIO".to_string(),
            "Finance" => "CFO".to_string(),
            "Marketing" => "CMO".to_string(),
            "Sales" => "Chief Revenue Officer".to_string(),
            "Operations" => "COO".to_string(),
            _ => "CEO".to_string(),
        },
        "Owner" => rng
            .pick(&["Founder", "Co-Founder & CEO", "Owner"])
            .to_string(),
        "Partner" => format!("Principal {role}"),
        "Unpaid" => format!("{role} Intern"),
        _ if rng.chance(0.15) => format!("{role} {}", rng.pick(&["II", "III"])),
        _ => role.to_string(),
    }
}

impl fmt::Display for DemoSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DemoSize::Small => "small",
            DemoSize::Medium => "medium",
            DemoSize::Large => "large",
        })
    }
}

#[cfg(test)]
mod tests;
