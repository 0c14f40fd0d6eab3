//! The seven kinds of dataset a workspace holds (`docs/inputs.md`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a dataset is: decides its fields, its mapping and which features use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Accounts,
    Companies,
    People,
    Seats,
    Activity,
    Signals,
    Opportunities,
}

impl SourceKind {
    pub const ALL: [SourceKind; 7] = [
        SourceKind::Accounts,
        SourceKind::Companies,
        SourceKind::People,
        SourceKind::Seats,
        SourceKind::Activity,
        SourceKind::Signals,
        SourceKind::Opportunities,
    ];

    /// The name used in files, URLs and on the command line (`--kind accounts`).
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Accounts => "accounts",
            SourceKind::Companies => "companies",
            SourceKind::People => "people",
            SourceKind::Seats => "seats",
            SourceKind::Activity => "activity",
            SourceKind::Signals => "signals",
            SourceKind::Opportunities => "opportunities",
        }
    }

    /// What a person reads in the interface.
    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Accounts => "CRM accounts",
            SourceKind::Companies => "Company database",
            SourceKind::People => "People (employee profiles)",
            SourceKind::Seats => "Sales team seats",
            SourceKind::Activity => "Activity log",
            SourceKind::Signals => "Account signals",
            SourceKind::Opportunities => "Opportunities",
        }
    }

    /// One line on what the kind is for, shown where a person picks it.
    pub fn description(self) -> &'static str {
        match self {
            SourceKind::Accounts => "Your CRM's account list (Salesforce, HubSpot, Dynamics…)",
            SourceKind::Companies => "The company records accounts are matched against",
            SourceKind::People => "Employee profiles, for personas and connectivity",
            SourceKind::Seats => "Your sales team's licence seats",
            SourceKind::Activity => "One row per action a seat holder took",
            SourceKind::Signals => "Buying signals per account, for alerts",
            SourceKind::Opportunities => "CRM deals, for ROI and temperature",
        }
    }

    /// A best guess from a file name, so the picker starts on the likely kind.
    /// Checks the more specific words first (`account_signals.csv` is signals).
    pub fn guess_from_file_name(file_name: &str) -> Option<SourceKind> {
        let lower = file_name.to_lowercase();
        const CLUES: [(&str, SourceKind); 17] = [
            ("signal", SourceKind::Signals),
            ("intent", SourceKind::Signals),
            ("opportunit", SourceKind::Opportunities),
            ("deal", SourceKind::Opportunities),
            ("activit", SourceKind::Activity),
            ("event", SourceKind::Activity),
            ("usage", SourceKind::Activity),
            ("seat", SourceKind::Seats),
            ("licen", SourceKind::Seats),
            ("people", SourceKind::People),
            ("person", SourceKind::People),
            ("employee", SourceKind::People),
            ("contact", SourceKind::People),
            ("lead", SourceKind::People),
            ("connection", SourceKind::People),
            ("compan", SourceKind::Companies),
            ("account", SourceKind::Accounts),
        ];
        CLUES
            .iter()
            .find(|(clue, _)| lower.contains(clue))
            .map(|(_, kind)| *kind)
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a kind name that is not one of the seven.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind(pub String);

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = SourceKind::ALL.iter().map(|kind| kind.as_str()).collect();
        write!(
            f,
            "unknown kind '{}' (expected one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownKind {}

impl FromStr for SourceKind {
    type Err = UnknownKind;

    fn from_str(name: &str) -> Result<SourceKind, UnknownKind> {
        let wanted = name.trim().to_lowercase();
        SourceKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == wanted)
            .ok_or_else(|| UnknownKind(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in SourceKind::ALL {
            assert_eq!(kind.as_str().parse::<SourceKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(" Accounts ".parse::<SourceKind>(), Ok(SourceKind::Accounts));
        let error = "leads".parse::<SourceKind>().unwrap_err();
        assert!(error.to_string().contains("accounts, companies"), "{error}");
    }

    #[test]
    fn guesses_from_real_file_names() {
        let guess = SourceKind::guess_from_file_name;
        assert_eq!(guess("report1699_Accounts.csv"), Some(SourceKind::Accounts));
        assert_eq!(guess("account_signals.csv"), Some(SourceKind::Signals));
        assert_eq!(
            guess("hubspot-companies-2026.csv"),
            Some(SourceKind::Companies)
        );
        assert_eq!(
            guess("SalesNav_activity_export.csv"),
            Some(SourceKind::Activity)
        );
        assert_eq!(guess("seat_list.csv"), Some(SourceKind::Seats));
        assert_eq!(guess("Opportunities.csv"), Some(SourceKind::Opportunities));
        assert_eq!(guess("Contact.csv"), Some(SourceKind::People));
        assert_eq!(guess("Connections.csv"), Some(SourceKind::People));
        assert_eq!(guess("sales_nav_leads.csv"), Some(SourceKind::People));
        assert_eq!(guess("data.csv"), None);
    }
}
