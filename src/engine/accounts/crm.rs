//! Sending results back to the CRM (`docs/accounts.md`, `docs/inputs.md` Exports): a
//! *CRM update* file (the CRM's record id and the chosen report columns under
//! the names the CRM expects) for the accounts with an accepted or confirmed
//! match; the **export ledger** that records each export; and the *changes
//! only* file: the accounts whose exported values changed since the last
//! export of the same profile.

use crate::engine::accounts::report::{ReportCell, ReportTable};
use crate::engine::entry::Entry;
use crate::engine::export::Formulas;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which CRM file a profile writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CrmFormat {
    /// `Id` plus field API names.
    #[default]
    SalesforceUpdate,
    /// `Record ID,Company name,Company Domain Name` plus properties.
    HubspotImport,
}

/// One exported field: a report column under the CRM's name for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmField {
    pub column: String,
    pub crm_name: String,
}

/// How a CRM update is written; saved per workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrmProfile {
    pub format: CrmFormat,
    /// The header of the record id column (`Id`, `Record ID`).
    pub id_column: String,
    pub fields: Vec<CrmField>,
    /// Cells written exactly as they are, formulas not neutralised: a CRM
    /// reads its import file raw and would keep the `'` (a `+44…` phone
    /// number). Off unless the person turns it on.
    pub cells_as_they_are: bool,
}

impl Entry for CrmProfile {
    const KEY: &'static str = "crm_profile";
}

/// The export ledger: every CRM file downloaded, oldest first.
impl Entry for Vec<LedgerEntry> {
    const KEY: &'static str = "export_ledger";
}

impl Default for CrmProfile {
    fn default() -> CrmProfile {
        CrmProfile::salesforce("Engineering & IT (by function)")
    }
}

impl CrmProfile {
    /// The Salesforce preset: `Id,LinkedIn_Developer_Count__c` from the
    /// sizing persona, and the employee count.
    pub fn salesforce(sizing_persona: &str) -> CrmProfile {
        CrmProfile {
            format: CrmFormat::SalesforceUpdate,
            id_column: "Id".to_string(),
            fields: vec![
                CrmField {
                    column: sizing_persona.to_string(),
                    crm_name: "LinkedIn_Developer_Count__c".to_string(),
                },
                CrmField {
                    column: "employee_count".to_string(),
                    crm_name: "LinkedIn_Employee_Count__c".to_string(),
                },
            ],
            cells_as_they_are: false,
        }
    }

    /// The HubSpot preset.
    pub fn hubspot(sizing_persona: &str) -> CrmProfile {
        CrmProfile {
            format: CrmFormat::HubspotImport,
            id_column: "Record ID".to_string(),
            fields: vec![CrmField {
                column: sizing_persona.to_string(),
                crm_name: "linkedin_developer_count".to_string(),
            }],
            cells_as_they_are: false,
        }
    }

    /// What happens to formulas in the file.
    pub fn formulas(&self) -> Formulas {
        if self.cells_as_they_are {
            Formulas::WrittenAsTheyAre
        } else {
            Formulas::Neutralised
        }
    }

    /// The profile's name in the ledger.
    pub fn label(&self) -> &'static str {
        match self.format {
            CrmFormat::SalesforceUpdate => "Salesforce update",
            CrmFormat::HubspotImport => "HubSpot import",
        }
    }
}

/// A CRM update: its header, and per account id, the values written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CrmUpdate {
    pub header: Vec<String>,
    /// `(account id, the row's cells)`, in report order.
    pub rows: Vec<(String, Vec<ReportCell>)>,
}

/// The CRM update for the matched accounts of a report (its rows with a
/// company). A chosen column the report does not have is written empty.
/// `domains` holds each report row's website (HubSpot's `Company Domain
/// Name`): the matched company's, else the account's own.
pub fn crm_update(report: &ReportTable, domains: &[String], profile: &CrmProfile) -> CrmUpdate {
    let company_id = report.column("company_id");
    let mut header = vec![profile.id_column.clone()];
    let hubspot = profile.format == CrmFormat::HubspotImport;
    if hubspot {
        header.extend([
            "Company name".to_string(),
            "Company Domain Name".to_string(),
        ]);
    }
    header.extend(profile.fields.iter().map(|field| field.crm_name.clone()));
    let sources: Vec<Option<usize>> = profile
        .fields
        .iter()
        .map(|field| report.column(&field.column))
        .collect();
    let account_name = report.column("account_name");
    let rows = report
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| company_id.is_some_and(|at| !row[at].as_text().is_empty()))
        .map(|(index, row)| {
            let id = row[0].as_text();
            let mut cells = vec![ReportCell::Text(id.clone())];
            if hubspot {
                cells.push(
                    account_name.map_or(ReportCell::Text(String::new()), |at| row[at].clone()),
                );
                cells.push(ReportCell::Text(
                    domains.get(index).cloned().unwrap_or_default(),
                ));
            }
            cells.extend(sources.iter().map(|source| {
                source.map_or(ReportCell::Text(String::new()), |at| row[at].clone())
            }));
            (id, cells)
        })
        .collect();
    CrmUpdate { header, rows }
}

impl CrmUpdate {
    /// Only the accounts whose values differ from (or were not in) a
    /// previous export's.
    pub fn changes_since(&self, previous: &BTreeMap<String, Vec<String>>) -> CrmUpdate {
        CrmUpdate {
            header: self.header.clone(),
            rows: self
                .rows
                .iter()
                .filter(|(id, cells)| previous.get(id) != Some(&texts(cells)))
                .cloned()
                .collect(),
        }
    }

    /// The values written, by account id (what the ledger keeps).
    pub fn values(&self) -> BTreeMap<String, Vec<String>> {
        self.rows
            .iter()
            .map(|(id, cells)| (id.clone(), texts(cells)))
            .collect()
    }

    pub fn table(&self) -> ReportTable {
        ReportTable {
            columns: self.header.clone(),
            rows: self.rows.iter().map(|(_, cells)| cells.clone()).collect(),
        }
    }
}

fn texts(cells: &[ReportCell]) -> Vec<String> {
    cells.iter().map(ReportCell::as_text).collect()
}

/// One export, as the ledger records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub at_ms: i64,
    /// What was exported: "Salesforce update", "Salesforce insert", …
    pub profile: String,
    pub file_name: String,
    pub rows: usize,
    pub changes_only: bool,
    /// For CRM updates: the values written per account id, the base of the
    /// next changes-only export (empty for other exports).
    #[serde(default)]
    pub values: BTreeMap<String, Vec<String>>,
}

/// The values a changes-only export compares with: everything exported so
/// far with this profile, the newest value of each account winning.
pub fn last_exported(ledger: &[LedgerEntry], profile: &str) -> BTreeMap<String, Vec<String>> {
    let mut values = BTreeMap::new();
    let mut entries: Vec<&LedgerEntry> = ledger
        .iter()
        .filter(|entry| entry.profile == profile)
        .collect();
    entries.sort_by_key(|entry| entry.at_ms);
    for entry in entries {
        values.extend(entry.values.clone());
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::export::ExportFormat;

    fn report(developers_of_a1: f64) -> ReportTable {
        let text = |text: &str| ReportCell::Text(text.to_string());
        ReportTable {
            columns: [
                "Account ID",
                "account_name",
                "company_id",
                "employee_count",
                "Devs",
            ]
            .iter()
            .map(|column| column.to_string())
            .collect(),
            rows: vec![
                vec![
                    text("A1"),
                    text("Acme"),
                    text("C1"),
                    ReportCell::Number(Some(200.0)),
                    ReportCell::Number(Some(developers_of_a1)),
                ],
                vec![
                    text("A2"),
                    text("Unmatched"),
                    text(""),
                    ReportCell::Number(None),
                    ReportCell::Number(None),
                ],
                vec![
                    text("-A3"),
                    text("Globex"),
                    text("C2"),
                    ReportCell::Number(Some(-5.0)),
                    ReportCell::Number(Some(3.0)),
                ],
            ],
        }
    }

    #[test]
    fn a_salesforce_update_for_matched_accounts_only() {
        let update = crm_update(&report(12.0), &[], &CrmProfile::salesforce("Devs"));
        let csv = crate::engine::export::csv_text(update.table().to_file(ExportFormat::Comma));
        assert_eq!(
            csv,
            "Id,LinkedIn_Developer_Count__c,LinkedIn_Employee_Count__c\r\nA1,12,200\r\n'-A3,3,-5\r\n",
            "the id column kept, text formulas neutralised, numbers left alone"
        );
        let domains = [
            "acme.com".to_string(),
            String::new(),
            "globex.com".to_string(),
        ];
        let hubspot = crm_update(&report(12.0), &domains, &CrmProfile::hubspot("Devs"));
        let csv = crate::engine::export::csv_text(hubspot.table().to_file(ExportFormat::Comma));
        assert_eq!(
            csv,
            "Record ID,Company name,Company Domain Name,linkedin_developer_count\r\nA1,Acme,acme.com,12\r\n'-A3,Globex,globex.com,3\r\n"
        );
    }

    #[test]
    fn changes_only_after_a_newer_file() {
        let profile = CrmProfile::salesforce("Devs");
        let first = crm_update(&report(12.0), &[], &profile);
        let ledger = vec![LedgerEntry {
            at_ms: 1,
            profile: profile.label().to_string(),
            file_name: "update.csv".into(),
            rows: first.rows.len(),
            changes_only: false,
            values: first.values(),
        }];
        let base = last_exported(&ledger, "Salesforce update");
        // Nothing changed: nothing to send.
        assert!(crm_update(&report(12.0), &[], &profile)
            .changes_since(&base)
            .rows
            .is_empty());
        // A newer people file: Acme has 13 developers now.
        let changed = crm_update(&report(13.0), &[], &profile).changes_since(&base);
        assert_eq!(changed.rows.len(), 1);
        assert_eq!(changed.rows[0].0, "A1");
        assert!(
            last_exported(&ledger, "HubSpot import").is_empty(),
            "per profile"
        );
    }
}
