//! The report's figures week by week, for the trend lines of the Usage page:
//! each week's figures are those of a report over that week alone, under the
//! same filters (a user active on three days of a week is one active user of
//! that week), so a trend never disagrees with the report of its week.

use super::calendar::DayRange;
use super::index::UsageIndex;
use super::report::Controls;

/// One week of a range: seven days from the range's first (the last week may
/// be shorter, when the range is not whole weeks).
#[derive(Debug, Clone, PartialEq)]
pub struct WeekFigures {
    pub days: DayRange,
    pub active_users: u64,
    /// InMails accepted over InMails sent that week; `None` when none was sent.
    pub inmail_acceptance_rate: Option<f64>,
}

impl UsageIndex {
    /// The figures of each week of `range`, in order.
    pub fn weekly(&self, controls: &Controls, range: DayRange) -> Vec<WeekFigures> {
        (range.start..=range.end)
            .step_by(7)
            .map(|start| {
                let end = (start + 6).min(range.end);
                let days = DayRange {
                    requested: (start, end),
                    start,
                    end,
                };
                let team = self.report_in(controls, days).team;
                WeekFigures {
                    days,
                    active_users: team.active_users,
                    inmail_acceptance_rate: team
                        .inmail_acceptance_rate()
                        .and_then(|rate| rate.parse().ok()),
                }
            })
            .collect()
    }
}
