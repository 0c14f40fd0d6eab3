//! Accounts (`ACCOUNTS.md`): [`personas`] counted per company, and the
//! [`report`]s built on the matches: the account report and whitespace.

pub mod personas;
pub mod report;

#[cfg(test)]
mod tests;
