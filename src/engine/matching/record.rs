//! One account or company as matching sees it: every field it compares, in
//! its normalised form, read once from a table row.

use crate::engine::ingest::table::Table;
use crate::engine::matching::candidates::Entity;
use crate::engine::matching::normalize::{
    normalize_name, normalize_postal_code, normalize_region, normalize_street, words,
    NormalizedName,
};

/// The compared fields of one record; `None` (or an empty name) is missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchRecord {
    pub name: NormalizedName,
    /// The name after a parent's or an agency's, when the name is written
    /// `Parent - Own name` (`Salvation Army - Chicago Temple Corps`).
    pub own_name: Option<NormalizedName>,
    /// The registrable domain (ingest has already reduced the website to it).
    pub domain: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166 alpha-2, as ingest reads it.
    pub country: Option<String>,
}

/// The separators between a parent's name and a site's or a subsidiary's.
const PARENT_SEPARATORS: [&str; 4] = [" - ", " – ", " — ", ": "];

/// The part of a name after a parent's, if it is written with one.
fn own_name(name: &str) -> Option<NormalizedName> {
    let (parent, own) = PARENT_SEPARATORS
        .iter()
        .filter_map(|separator| name.split_once(separator))
        .min_by_key(|(parent, _)| parent.len())?;
    let own = normalize_name(own);
    (!parent.trim().is_empty() && !own.tokens.is_empty()).then_some(own)
}

/// `Some` only for a value with something in it.
fn present(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

impl MatchRecord {
    /// A record known by its name alone (and what is added after).
    pub fn named(name: &str) -> MatchRecord {
        MatchRecord {
            name: normalize_name(name),
            own_name: own_name(name),
            ..MatchRecord::default()
        }
    }

    /// A row of an accounts or companies table (both name these fields alike).
    pub fn of(table: &Table, row: usize) -> MatchRecord {
        let field = |name: &str| table.text(name, row).and_then(present);
        let country = field("country").map(|country| country.to_ascii_uppercase());
        let name = field("name").unwrap_or_default();
        MatchRecord {
            own_name: own_name(&name),
            name: normalize_name(&name),
            domain: field("website").map(|domain| domain.to_ascii_lowercase()),
            street: field("street")
                .map(|street| normalize_street(&street))
                .and_then(present),
            city: field("city")
                .map(|city| words(&city).join(" "))
                .and_then(present),
            region: field("region")
                .map(|region| normalize_region(&region, country.as_deref()))
                .and_then(present),
            postal_code: field("postal_code")
                .map(|code| normalize_postal_code(&code))
                .and_then(present),
            country,
        }
    }

    /// Only what the candidate index keeps (name, domain, street, city,
    /// postal code, country): cheaper, for indexing a large company database.
    pub fn for_index(table: &Table, row: usize) -> MatchRecord {
        let field = |name: &str| table.text(name, row).and_then(present);
        MatchRecord {
            name: normalize_name(&field("name").unwrap_or_default()),
            domain: field("website").map(|domain| domain.to_ascii_lowercase()),
            street: field("street")
                .map(|street| normalize_street(&street))
                .and_then(present),
            city: field("city")
                .map(|city| words(&city).join(" "))
                .and_then(present),
            postal_code: field("postal_code")
                .map(|code| normalize_postal_code(&code))
                .and_then(present),
            country: field("country").map(|country| country.to_ascii_uppercase()),
            ..MatchRecord::default()
        }
    }

    /// Every row of a table.
    pub fn all(table: &Table) -> Vec<MatchRecord> {
        (0..table.rows)
            .map(|row| MatchRecord::of(table, row))
            .collect()
    }

    /// What candidate generation looks at.
    pub fn entity(&self) -> Entity<'_> {
        Entity {
            domain: self.domain.as_deref(),
            name: &self.name,
            own_name: self.own_name.as_ref(),
            country: self.country.as_deref(),
            city: self.city.as_deref(),
            postal_code: self.postal_code.as_deref(),
            street: self.street.as_deref(),
        }
    }
}
