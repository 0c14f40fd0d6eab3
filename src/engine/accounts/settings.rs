//! How the account report sizes accounts: the settings a person chooses (the
//! sizing persona by name, the price per user) and the rules that turn them
//! into [`ReportSettings`]. The page and the command line both read their
//! choices through these, so that a price or a persona name the one refuses
//! the other refuses too.

use crate::engine::accounts::personas::Persona;
use crate::engine::entry::Entry;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The price per user per year when none is given: 1, so that `lam` counts
/// users until a person sets a price.
pub const DEFAULT_PRICE: f64 = 1.0;

/// How the account report sizes accounts, resolved against the personas.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSettings {
    /// The persona whose count sizes an account (index into the personas).
    pub sizing_persona: usize,
    /// Price per user per year.
    pub price: f64,
}

/// The report's settings as a person chooses them and a workspace saves them:
/// the sizing persona by name (so that reordering personas keeps it; empty:
/// the first persona) and the price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportChoices {
    pub sizing_persona: String,
    pub price_per_user: f64,
}

impl Entry for ReportChoices {
    const KEY: &'static str = "report_settings";
}

impl Default for ReportChoices {
    fn default() -> ReportChoices {
        ReportChoices {
            sizing_persona: String::new(),
            price_per_user: DEFAULT_PRICE,
        }
    }
}

/// Why a choice cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsError {
    /// The price is not a finite amount of zero or more.
    Price(String),
    /// No persona has the sizing persona's name.
    UnknownPersona(String),
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::Price(text) => {
                write!(
                    f,
                    "the price must be an amount of zero or more, not '{text}'"
                )
            }
            SettingsError::UnknownPersona(name) => write!(f, "no persona is named '{name}'"),
        }
    }
}

impl std::error::Error for SettingsError {}

/// A price as a person types it: a finite amount of zero or more.
pub fn parse_price(text: &str) -> Result<f64, SettingsError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|price| price.is_finite() && *price >= 0.0)
        .ok_or_else(|| SettingsError::Price(text.to_string()))
}

impl ReportChoices {
    /// The sizing persona's position among `personas`: the one named, the
    /// first when none is named.
    pub fn sizing_persona(&self, personas: &[Persona]) -> Result<usize, SettingsError> {
        if self.sizing_persona.is_empty() {
            return Ok(0);
        }
        personas
            .iter()
            .position(|persona| persona.name == self.sizing_persona)
            .ok_or_else(|| SettingsError::UnknownPersona(self.sizing_persona.clone()))
    }

    /// The settings the report is built with.
    pub fn resolve(&self, personas: &[Persona]) -> Result<ReportSettings, SettingsError> {
        Ok(ReportSettings {
            sizing_persona: self.sizing_persona(personas)?,
            price: self.price_per_user,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Persona {
        Persona {
            name: name.to_string(),
            ..Persona::default_persona()
        }
    }

    #[test]
    fn a_price_is_a_finite_amount_of_zero_or_more() {
        assert_eq!(parse_price(" 120.5 "), Ok(120.5));
        assert_eq!(parse_price("0"), Ok(0.0));
        for refused in ["-1", "NaN", "inf", "", "12 EUR"] {
            assert_eq!(
                parse_price(refused),
                Err(SettingsError::Price(refused.to_string())),
                "{refused}"
            );
        }
    }

    #[test]
    fn the_sizing_persona_is_found_by_name_and_an_unknown_name_is_an_error() {
        let personas = [named("developers"), named("security")];
        let choose = |name: &str| ReportChoices {
            sizing_persona: name.to_string(),
            price_per_user: 90.0,
        };
        assert_eq!(choose("").sizing_persona(&personas), Ok(0));
        assert_eq!(
            choose("security").resolve(&personas),
            Ok(ReportSettings {
                sizing_persona: 1,
                price: 90.0
            })
        );
        assert_eq!(
            choose("designers").sizing_persona(&personas),
            Err(SettingsError::UnknownPersona("designers".to_string()))
        );
    }

    #[test]
    fn choices_saved_before_a_setting_existed_read_with_its_default() {
        let old: ReportChoices = serde_json::from_str(r#"{"sizing_persona":"security"}"#).unwrap();
        assert_eq!(old.price_per_user, DEFAULT_PRICE);
        let empty: ReportChoices = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.sizing_persona, "");
    }
}
