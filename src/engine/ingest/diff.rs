//! What changed between two readings of the same kind of dataset (a newer export
//! replacing an older one): rows added, changed and removed.
//!
//! Rows are matched by the kind's record id when it has one (a changed row keeps
//! its id but not all its values); a kind without ids (signals) is compared as a
//! bag of whole rows, where a row is either kept, added or removed.

use crate::engine::ingest::table::Table;
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Diff {
    pub added: u64,
    pub changed: u64,
    pub removed: u64,
}

/// A row's content, as one number: every value, in column order by name.
fn fingerprint(table: &Table, row: usize) -> u64 {
    let mut columns: Vec<(&str, &crate::engine::ingest::table::Column)> =
        table.all_columns().collect();
    columns.sort_by_key(|(name, _)| *name);
    let mut hasher = rustc_hash::FxHasher::default();
    for (name, column) in columns {
        name.hash(&mut hasher);
        table.cell_text(column, row).hash(&mut hasher);
    }
    hasher.finish()
}

/// Compares an older and a newer reading; `id_field` names the record id.
pub fn compare(old: &Table, new: &Table, id_field: Option<&str>) -> Diff {
    let mut diff = Diff::default();
    match id_field.filter(|field| old.column(field).is_some() && new.column(field).is_some()) {
        Some(field) => {
            let rows_by_id = |table: &Table| -> FxHashMap<String, u64> {
                (0..table.rows)
                    .filter_map(|row| Some((table.text(field, row)?, fingerprint(table, row))))
                    .collect()
            };
            let before = rows_by_id(old);
            let after = rows_by_id(new);
            for (id, content) in &after {
                match before.get(id) {
                    None => diff.added += 1,
                    Some(previous) if previous != content => diff.changed += 1,
                    Some(_) => {}
                }
            }
            diff.removed = before.keys().filter(|id| !after.contains_key(*id)).count() as u64;
        }
        None => {
            let mut counts: FxHashMap<u64, i64> = FxHashMap::default();
            for row in 0..old.rows {
                *counts.entry(fingerprint(old, row)).or_default() -= 1;
            }
            for row in 0..new.rows {
                *counts.entry(fingerprint(new, row)).or_default() += 1;
            }
            diff.added = counts
                .values()
                .filter(|count| **count > 0)
                .map(|count| *count as u64)
                .sum();
            diff.removed = counts
                .values()
                .filter(|count| **count < 0)
                .map(|count| count.unsigned_abs())
                .sum();
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::{ingest, IngestOptions};
    use crate::engine::source_kind::SourceKind;

    fn table(kind: SourceKind, text: &str) -> Table {
        ingest(text.as_bytes(), kind, &IngestOptions::default())
            .unwrap()
            .table
    }

    #[test]
    fn by_id_counts_added_changed_and_removed() {
        let old = table(
            SourceKind::Accounts,
            "Account ID,Account Name,City\n1,Acme,Paris\n2,Globex,Berlin\n3,Initech,Austin\n",
        );
        let new = table(
            SourceKind::Accounts,
            "Account ID,Account Name,City\n1,Acme,Paris\n2,Globex,Munich\n4,Hooli,Palo Alto\n",
        );
        assert_eq!(
            compare(&old, &new, Some("account_id")),
            Diff {
                added: 1,
                changed: 1,
                removed: 1
            }
        );
        assert_eq!(compare(&old, &old, Some("account_id")), Diff::default());
        // Row order does not matter.
        let reordered = table(
            SourceKind::Accounts,
            "Account ID,Account Name,City\n3,Initech,Austin\n1,Acme,Paris\n2,Globex,Berlin\n",
        );
        assert_eq!(
            compare(&old, &reordered, Some("account_id")),
            Diff::default()
        );
    }

    #[test]
    fn without_ids_rows_are_a_bag() {
        let old = table(SourceKind::Signals, "Date,Account ID,Signal\n2026-03-01,A,web_visit\n2026-03-01,A,web_visit\n2026-03-02,B,email_opened\n");
        let new = table(
            SourceKind::Signals,
            "Date,Account ID,Signal\n2026-03-01,A,web_visit\n2026-03-03,C,contact_request\n",
        );
        assert_eq!(
            compare(&old, &new, None),
            Diff {
                added: 1,
                changed: 0,
                removed: 2
            }
        );
    }
}
