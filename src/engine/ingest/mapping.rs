//! Which source column feeds which canonical field.
//!
//! Automatic mapping follows `docs/inputs.md`: headers are compared case-insensitively,
//! ignoring spaces, `_`, `-`, `/`, `.`, `:`, `(`, `)` and `#`; a header equal to a field's own
//! name wins, then the field's synonyms in the order listed. A column feeds one
//! field, except where the contract lets two fields share it (a seats file's only
//! `Email` column is both `user_id` and `email`). A person can override any of it;
//! the mapping is saved with the dataset.

use crate::engine::ingest::fields::{field_spec, fields, FieldSpec, Presence};
use crate::engine::source_kind::SourceKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field name → index of the source column that feeds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: BTreeMap<String, usize>,
}

impl Mapping {
    pub fn column_of(&self, field: &str) -> Option<usize> {
        self.columns.get(field).copied()
    }

    /// The mapping after a person chose `field` (empty: none) for `column`: the
    /// column leaves its old field (but not a field allowed to share it with the
    /// new one, like a seat's `email` with `user_id`), and the field leaves its
    /// old column.
    pub fn reassigned(&self, kind: SourceKind, column: usize, field: &str) -> Mapping {
        let shares = |name: &str| {
            let spec_shares = |a: &str, b: &str| {
                field_spec(kind, a).is_some_and(|spec| spec.shares_column_with == Some(b))
            };
            spec_shares(name, field) || spec_shares(field, name)
        };
        let mut columns = self.columns.clone();
        columns.retain(|name, source| {
            (*source != column || (!field.is_empty() && shares(name))) && name != field
        });
        if !field.is_empty() {
            columns.insert(field.to_string(), column);
        }
        Mapping { columns }
    }

    /// Whether a source column feeds any field.
    pub fn is_mapped(&self, column: usize) -> bool {
        self.columns.values().any(|mapped| *mapped == column)
    }
}

/// How headers are compared.
pub fn header_key(header: &str) -> String {
    header
        .chars()
        .filter(|c| {
            !matches!(c, ' ' | '_' | '-' | '/' | '.' | ':' | '(' | ')' | '#') && !c.is_whitespace()
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Maps the headers of a file of `kind` to its fields.
pub fn auto_map(kind: SourceKind, headers: &[String]) -> Mapping {
    let keys: Vec<String> = headers.iter().map(|header| header_key(header)).collect();
    let specs = fields(kind);
    let mut mapping = Mapping::default();
    let mut taken = vec![false; headers.len()];
    let first_free = |wanted: &str, taken: &[bool]| {
        keys.iter()
            .enumerate()
            .position(|(i, key)| !taken[i] && key == wanted)
    };

    // A header equal to the field's own name wins over every synonym.
    for spec in specs {
        if let Some(column) = first_free(&header_key(spec.name), &taken) {
            mapping.columns.insert(spec.name.to_string(), column);
            taken[column] = true;
        }
    }
    // Then each remaining field takes its first synonym found, in table order.
    for spec in specs {
        if mapping.columns.contains_key(spec.name) {
            continue;
        }
        // Columns of the fields this one may share with, in either direction.
        let shared: Vec<usize> = specs
            .iter()
            .filter(|other| {
                other.shares_column_with == Some(spec.name)
                    || spec.shares_column_with == Some(other.name)
            })
            .filter_map(|other| mapping.column_of(other.name))
            .collect();
        let found = spec.all_synonyms().find_map(|synonym| {
            let wanted = header_key(synonym);
            first_free(&wanted, &taken).or_else(|| {
                shared
                    .iter()
                    .copied()
                    .find(|column| keys[*column] == wanted)
            })
        });
        if let Some(column) = found {
            mapping.columns.insert(spec.name.to_string(), column);
            taken[column] = true;
        }
    }
    mapping
}

/// The required fields (or reference groups) a mapping leaves unmapped, as a
/// person reads them (`name`, `a company link (…)`). A record id is never
/// missing: it is made when no column maps to it.
pub fn unmapped_required(kind: SourceKind, mapping: &Mapping) -> Vec<String> {
    let mut missing = Vec::new();
    for spec in fields(kind) {
        match spec.presence {
            Presence::Required if mapping.column_of(spec.name).is_none() => {
                missing.push(spec.name.to_string())
            }
            Presence::Link(group) => {
                let group_mapped = fields(kind)
                    .iter()
                    .filter(|other: &&FieldSpec| other.presence == Presence::Link(group))
                    .any(|other| mapping.column_of(other.name).is_some());
                if !group_mapped && !missing.iter().any(|name| name == group) {
                    missing.push(group.to_string());
                }
            }
            _ => {}
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    fn mapped(kind: SourceKind, line: &str) -> Vec<(String, String)> {
        let headers = headers(line);
        auto_map(kind, &headers)
            .columns
            .into_iter()
            .map(|(field, column)| (field, headers[column].clone()))
            .collect()
    }

    fn pair(field: &str, header: &str) -> (String, String) {
        (field.to_string(), header.to_string())
    }

    #[test]
    fn salesforce_hubspot_dynamics_and_zoho_accounts() {
        let salesforce = mapped(
            SourceKind::Accounts,
            "Account ID,Account Name,Website,Billing Street,Billing City,Billing State/Province,Billing Zip/Postal Code,Billing Country,Account Owner,Last Activity",
        );
        assert!(salesforce.contains(&pair("account_id", "Account ID")));
        assert!(salesforce.contains(&pair("region", "Billing State/Province")));
        assert!(salesforce.contains(&pair("postal_code", "Billing Zip/Postal Code")));
        assert!(salesforce.contains(&pair("last_activity", "Last Activity")));
        assert_eq!(salesforce.len(), 10);

        let hubspot = mapped(SourceKind::Accounts, "Record ID,Company name,Company Domain Name,City,State/Region,Country/Region,Company owner");
        assert!(hubspot.contains(&pair("account_id", "Record ID")));
        assert!(hubspot.contains(&pair("name", "Company name")));
        assert!(hubspot.contains(&pair("website", "Company Domain Name")));
        assert!(hubspot.contains(&pair("owner", "Company owner")));

        let dynamics = mapped(SourceKind::Accounts, "accountid,name,websiteurl,address1_line1,address1_city,address1_stateorprovince,address1_postalcode,address1_country");
        assert!(dynamics.contains(&pair("account_id", "accountid")));
        assert!(dynamics.contains(&pair("name", "name")));
        assert!(dynamics.contains(&pair("street", "address1_line1")));
        assert_eq!(dynamics.len(), 8);

        let zoho = mapped(
            SourceKind::Accounts,
            "Record Id,Account Name,Website,Billing Code,Billing City,Billing Country,Employees",
        );
        assert!(zoho.contains(&pair("account_id", "Record Id")));
        assert!(zoho.contains(&pair("postal_code", "Billing Code")));
        assert!(zoho.contains(&pair("employees", "Employees")));
    }

    #[test]
    fn field_names_win_and_spelling_is_forgiven() {
        // `name` equals the field's own name, so it beats the earlier synonym.
        let both = mapped(SourceKind::Accounts, "ID,Account Name,name");
        assert!(both.contains(&pair("name", "name")));
        assert!(both.contains(&pair("account_id", "ID")));
        let spelled = mapped(
            SourceKind::Accounts,
            "ACCOUNT_ID,account-name,  Web.Site ,Zip #",
        );
        assert!(spelled.contains(&pair("account_id", "ACCOUNT_ID")));
        assert!(spelled.contains(&pair("name", "account-name")));
        assert!(spelled.contains(&pair("website", "  Web.Site ")));
        assert!(spelled.contains(&pair("postal_code", "Zip #")));
    }

    #[test]
    fn one_email_column_is_user_and_email_of_a_seat() {
        let seats = mapped(SourceKind::Seats, "Seat ID,Email,Name,Status");
        assert!(seats.contains(&pair("user_id", "Email")));
        assert!(seats.contains(&pair("email", "Email")));
        let with_user = mapped(SourceKind::Seats, "Seat ID,User ID,Email Address");
        assert!(with_user.contains(&pair("user_id", "User ID")));
        assert!(with_user.contains(&pair("email", "Email Address")));
        // Elsewhere a column feeds one field: Member ID is the activity's user.
        let activity = mapped(SourceKind::Activity, "Member ID,Action,Time");
        assert!(activity.contains(&pair("user_id", "Member ID")));
        assert!(!activity.iter().any(|(field, _)| field == "target_id"));
    }

    #[test]
    fn sales_navigator_activity_export() {
        let activity = mapped(
            SourceKind::Activity,
            "activityId,seatId,activityType,createdAt,Target Account ID",
        );
        assert_eq!(
            activity,
            vec![
                pair("action", "activityType"),
                pair("event_id", "activityId"),
                pair("target_account_id", "Target Account ID"),
                pair("timestamp", "createdAt"),
                pair("user_id", "seatId"),
            ]
        );
    }

    #[test]
    fn a_person_reassigns_columns() {
        let accounts = auto_map(
            SourceKind::Accounts,
            &headers("Account ID,Account Name,Website,Domain"),
        );
        // A column moves to another field; the field leaves its old column.
        let moved = accounts.reassigned(SourceKind::Accounts, 3, "website");
        assert_eq!(moved.column_of("website"), Some(3));
        assert!(!moved.is_mapped(2));
        // "Not used" frees the column.
        let unused = accounts.reassigned(SourceKind::Accounts, 2, "");
        assert_eq!(unused.column_of("website"), None);
        assert_eq!(unused.columns.len(), 2);
        // A seat's one Email column keeps feeding both fields when one is chosen again.
        let seats = auto_map(SourceKind::Seats, &headers("Seat ID,Email"));
        let again = seats.reassigned(SourceKind::Seats, 1, "email");
        assert_eq!(
            (again.column_of("email"), again.column_of("user_id")),
            (Some(1), Some(1))
        );
        let neither = seats.reassigned(SourceKind::Seats, 1, "");
        assert_eq!(
            (neither.column_of("email"), neither.column_of("user_id")),
            (None, None)
        );
        let name = seats.reassigned(SourceKind::Seats, 1, "name");
        assert_eq!(
            (name.column_of("name"), name.column_of("email")),
            (Some(1), None)
        );
    }

    #[test]
    fn unmapped_required_fields_are_named() {
        let accounts = auto_map(SourceKind::Accounts, &headers("Website,City"));
        assert_eq!(
            unmapped_required(SourceKind::Accounts, &accounts),
            vec!["name"],
            "an id is made when no column holds it"
        );
        let signals = auto_map(SourceKind::Signals, &headers("Date,Signal"));
        assert_eq!(
            unmapped_required(SourceKind::Signals, &signals),
            vec![crate::engine::ingest::fields::ACCOUNT_OR_COMPANY_LINK]
        );
        let people = auto_map(SourceKind::People, &headers("First Name,Last Name,Title"));
        assert_eq!(
            unmapped_required(SourceKind::People, &people),
            vec![crate::engine::ingest::fields::COMPANY_LINK]
        );
        let people = auto_map(
            SourceKind::People,
            &headers("First Name,Title,Email Address"),
        );
        assert!(
            unmapped_required(SourceKind::People, &people).is_empty(),
            "e-mail domains link"
        );
        let signals = auto_map(SourceKind::Signals, &headers("Date,Signal,Company ID"));
        assert!(unmapped_required(SourceKind::Signals, &signals).is_empty());
    }
}
