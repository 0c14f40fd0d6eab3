//! Matching CRM accounts to company records (`MATCHING.md`).
//!
//! So far: [`normalize`], the forms of names, streets, regions and postal codes
//! that matching compares, and [`candidates`], the blocking indexes that find
//! the few companies worth comparing with each account. The comparison model,
//! its calibration and the review queue build on them.

pub mod candidates;
pub mod normalize;

use crate::engine::ingest::table::Table;
use candidates::Entity;
use normalize::{normalize_name, normalize_postal_code, NormalizedName};

/// The fields of a table's rows that matching uses, normalised once.
#[derive(Debug, Clone)]
pub struct MatchFields {
    names: Vec<NormalizedName>,
    domains: Vec<Option<String>>,
    countries: Vec<Option<String>>,
    cities: Vec<Option<String>>,
    postal_codes: Vec<Option<String>>,
}

impl MatchFields {
    /// From an accounts or companies table (both name their fields alike).
    pub fn of(table: &Table) -> MatchFields {
        let rows = 0..table.rows;
        MatchFields {
            names: rows
                .clone()
                .map(|row| normalize_name(&table.text("name", row).unwrap_or_default()))
                .collect(),
            domains: rows.clone().map(|row| table.text("website", row)).collect(),
            countries: rows.clone().map(|row| table.text("country", row)).collect(),
            cities: rows.clone().map(|row| table.text("city", row)).collect(),
            postal_codes: rows
                .map(|row| {
                    table
                        .text("postal_code", row)
                        .map(|code| normalize_postal_code(&code))
                })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn entity(&self, row: usize) -> Entity<'_> {
        Entity {
            domain: self.domains[row].as_deref(),
            name: &self.names[row],
            country: self.countries[row].as_deref(),
            city: self.cities[row].as_deref(),
            postal_code: self.postal_codes[row].as_deref(),
        }
    }
}
