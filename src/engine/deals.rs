//! A deal's outcome as an opportunities export writes it: the usage report's
//! ROI counts the won ones, the lens's backtest the won and the lost ones.

use crate::engine::ingest::table::Table;

/// Won (`Some(true)`), lost (`Some(false)`) or still open (`None`): won when
/// `is_won` is true or the stage says "closed won"; lost when `is_won` is
/// false on a closed (or unnamed) stage, or the stage says "closed lost". An
/// `is_won` false on an open stage ("Negotiation") is no loss yet.
pub fn deal_outcome(opportunities: &Table, row: usize) -> Option<bool> {
    let stage = opportunities
        .text("stage", row)
        .unwrap_or_default()
        .to_lowercase();
    match opportunities.boolean("is_won", row) {
        Some(true) => Some(true),
        Some(false) => (stage.is_empty() || stage.contains("closed") || stage.contains("lost"))
            .then_some(false),
        None if stage.contains("closed won") => Some(true),
        None if stage.contains("closed lost") => Some(false),
        None => None,
    }
}
