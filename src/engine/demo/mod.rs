//! The demo workspace: a deterministic generator of realistic, messy datasets of
//! every kind in `docs/inputs.md`, with ids consistent across them.
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
//!
//! One module per dataset: `companies`, `people`, `accounts` (with the ground
//! truth), `team` (seats and the activity log), `deals` (signals and
//! opportunities), `contacts`; `tables` holds the word lists they draw from,
//! and [`unseen`] is the second generator, never tuned on.

// `*rng.pick(…)` stays explicit: without it the expected `&'static str` makes
// `pick` infer its item type as `str`, which does not compile.
#![allow(clippy::explicit_auto_deref)]

mod accounts;
mod companies;
pub mod contacts;
mod deals;
mod people;
mod tables;
mod team;
pub mod unseen;

use accounts::ascii_fold;
use companies::{mean_employees, postal_code, Company};
use team::gcd;

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

    // ----- people ----------------------------------------------------------

    // ----- accounts --------------------------------------------------------

    /// One dataset generated and read with the automatic mapping (tests).
    #[cfg(test)]
    pub fn read(&self, kind: SourceKind) -> crate::engine::ingest::Ingested {
        let options = crate::engine::ingest::IngestOptions::default();
        crate::engine::ingest::ingest(&self.render(kind), kind, &options).expect("demo data reads")
    }

    // ----- seats -----------------------------------------------------------

    // ----- activity --------------------------------------------------------

    // ----- signals and opportunities --------------------------------------
}

// ----- helpers ---------------------------------------------------------------

pub(crate) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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
