//! Accounts (`docs/accounts.md`): [`personas`] counted per company,
//! [`enrich`] the matching, placing and counting the reports start from, and the
//! [`report`]s built on the matches: the account report and whitespace; and
//! [`crm`], the files that send results back to the CRM, with their ledger;
//! [`headline`], the figures read first; [`alerts`], the signals worth acting on; [`scoring`], Size of Prize and
//! Temperature, their tiers and the grid; [`settings`], how the report sizes
//! accounts, as a person chooses it.

pub mod alerts;
pub mod backtest;
pub mod crm;
pub mod enrich;
pub mod headline;
pub mod personas;
pub mod prize_model;
pub mod report;
pub mod scoring;
pub mod settings;

#[cfg(test)]
mod tests;
