//! Fields made from others once a file is read (`docs/inputs.md`): a record id when
//! no column holds one ("Identity and links"), a person's name from their
//! first and last names, a company's city, region and country from its
//! `Headquarters` cell.

use super::fields::{self, FieldType, Presence};
use super::table::{Column, Table};
use super::{country, IdSource, Ingested};
use crate::engine::source_kind::SourceKind;
use rustc_hash::FxHashSet;

/// Makes every derived field a reading lacks.
pub(super) fn complete(ingested: &mut Ingested) {
    join_names(ingested);
    split_headquarters(ingested);
    make_ids(ingested);
}

/// A text column of `rows` cells.
fn text_column(cells: impl Iterator<Item = String>) -> Column {
    let (mut bytes, mut ends) = (String::new(), Vec::new());
    for cell in cells {
        bytes.push_str(&cell);
        ends.push(bytes.len() as u32);
    }
    Column::Text { bytes, ends }
}

/// A field's cell as text, empty when missing.
fn cell(table: &Table, field: &str, row: usize) -> String {
    table.text(field, row).unwrap_or_default()
}

/// People: `name` from `first_name` and `last_name` when no column holds it.
fn join_names(ingested: &mut Ingested) {
    let table = &mut ingested.table;
    let has_parts = table.column("first_name").is_some() || table.column("last_name").is_some();
    if !has_parts || table.column("name").is_some() {
        return;
    }
    let column = text_column((0..table.rows).map(|row| {
        let (first, last) = (
            cell(table, "first_name", row),
            cell(table, "last_name", row),
        );
        match (first.is_empty(), last.is_empty()) {
            (false, false) => format!("{first} {last}"),
            _ => first + &last,
        }
    }));
    table.fields.push(("name".to_string(), column));
}

/// Companies: a `Headquarters` cell (`City, Region, Country`) fills `city`,
/// `region` and `country` when they have no column of their own; a last part
/// that names a country is the country.
fn split_headquarters(ingested: &mut Ingested) {
    let table = &mut ingested.table;
    if table.column("headquarters").is_none() {
        return;
    }
    let wanted: Vec<&str> = ["city", "region", "country"]
        .into_iter()
        .filter(|field| table.column(field).is_none())
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut split: [Vec<String>; 3] = Default::default();
    for row in 0..table.rows {
        let text = cell(table, "headquarters", row);
        let mut parts: Vec<&str> = text
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect();
        let country = parts
            .last()
            .and_then(|last| country::normalize_country(last))
            .inspect(|_| {
                parts.pop();
            });
        split[0].push(
            parts
                .first()
                .map_or_else(String::new, |city| city.to_string()),
        );
        split[1].push(
            parts
                .get(1)
                .map_or_else(String::new, |region| region.to_string()),
        );
        split[2].push(country.unwrap_or_default().to_string());
    }
    for (index, field) in ["city", "region", "country"].into_iter().enumerate() {
        if !wanted.contains(&field) {
            continue;
        }
        // City, region and country are labels: few distinct values.
        let codes = split[index]
            .iter()
            .map(|value| {
                if value.is_empty() {
                    0
                } else {
                    table.pool.intern(value)
                }
            })
            .collect();
        table.fields.push((field.to_string(), Column::Label(codes)));
    }
}

/// The fields a kind's ids are made from when no column holds them, in order.
fn id_sources(kind: SourceKind) -> &'static [(&'static str, IdSource)] {
    match kind {
        SourceKind::Companies => &[("linkedin_url", IdSource::LinkedinUrl)],
        SourceKind::People => &[
            ("linkedin_url", IdSource::LinkedinUrl),
            ("email", IdSource::Email),
        ],
        SourceKind::Seats => &[("email", IdSource::Email)],
        _ => &[],
    }
}

/// A record id for every row when no column maps to the kind's id: the first
/// source field that every row fills with a value no other row has, else the
/// row's line (`row-<line>`).
fn make_ids(ingested: &mut Ingested) {
    let kind = ingested.report.kind;
    let Some(id_field) = fields::id_field(kind) else {
        return;
    };
    let made_if_missing = fields::field_spec(kind, id_field).is_some_and(|spec| {
        spec.presence == Presence::Identity && spec.field_type == FieldType::Id
    });
    let table = &mut ingested.table;
    if !made_if_missing || table.column(id_field).is_some() {
        return;
    }
    let unique_values = |field: &str| -> Option<Vec<String>> {
        table.column(field)?;
        let mut seen = FxHashSet::default();
        (0..table.rows)
            .map(|row| {
                let value = cell(table, field, row);
                let value = if field == "email" {
                    value.to_lowercase()
                } else {
                    value
                };
                (!value.is_empty() && seen.insert(value.clone())).then_some(value)
            })
            .collect()
    };
    let (ids, source) = id_sources(kind)
        .iter()
        .find_map(|(field, source)| Some((unique_values(field)?, *source)))
        .unwrap_or_else(|| {
            let ids = table
                .lines
                .iter()
                .map(|line| format!("row-{line}"))
                .collect();
            (ids, IdSource::Row)
        });
    table
        .fields
        .insert(0, (id_field.to_string(), text_column(ids.into_iter())));
    ingested.report.ids = source;
}
