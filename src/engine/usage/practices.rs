//! The ten best practices (`docs/usage.md`, "Best practices"): each with its export column, its
//! name in words, what counts toward it and, for the eight counted ones, the
//! count at which it is met — one place the index, the export, the summary
//! and the page all read.

/// One best practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Practice {
    BookOfBusiness,
    FocusTopAccounts,
    RightBuyers,
    WarmPaths,
    BuyersReady,
    PersonalizeOutreach,
    StayUpToDate,
    CustomerInsights,
    MultithreadLeads,
    MultithreadConnections,
}

/// How many practices are met by a count reaching a threshold (the first
/// eight); the last two have a rule of their own.
pub const COUNTED_PRACTICES: usize = 8;

impl Practice {
    /// Every practice, in the export's order.
    pub const ALL: [Practice; 10] = [
        Practice::BookOfBusiness,
        Practice::FocusTopAccounts,
        Practice::RightBuyers,
        Practice::WarmPaths,
        Practice::BuyersReady,
        Practice::PersonalizeOutreach,
        Practice::StayUpToDate,
        Practice::CustomerInsights,
        Practice::MultithreadLeads,
        Practice::MultithreadConnections,
    ];

    /// Its place in [`Practice::ALL`] (and in the counts of the counted ones).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Its column in the export and its key in the summary.
    pub const fn column(self) -> &'static str {
        match self {
            Practice::BookOfBusiness => "bp_book_of_business",
            Practice::FocusTopAccounts => "bp_focus_top_accounts",
            Practice::RightBuyers => "bp_right_buyers",
            Practice::WarmPaths => "bp_warm_paths",
            Practice::BuyersReady => "bp_buyers_ready",
            Practice::PersonalizeOutreach => "bp_personalize_outreach",
            Practice::StayUpToDate => "bp_stay_up_to_date",
            Practice::CustomerInsights => "bp_customer_insights",
            Practice::MultithreadLeads => "bp_multithread_leads",
            Practice::MultithreadConnections => "bp_multithread_connections",
        }
    }

    /// Its name for people.
    pub const fn label(self) -> &'static str {
        match self {
            Practice::BookOfBusiness => "Book of business",
            Practice::FocusTopAccounts => "Focus on top accounts",
            Practice::RightBuyers => "Find the right buyers",
            Practice::WarmPaths => "Find warm paths in",
            Practice::BuyersReady => "Sell when buyers are ready",
            Practice::PersonalizeOutreach => "Personalize outreach",
            Practice::StayUpToDate => "Stay up-to-date",
            Practice::CustomerInsights => "Discover customer insights",
            Practice::MultithreadLeads => "Multi-threading: saved leads",
            Practice::MultithreadConnections => "Multi-threading: connections",
        }
    }

    /// What counts toward it, in a sentence.
    pub const fn definition(self) -> &'static str {
        match self {
            Practice::BookOfBusiness => "Accounts saved in the last two years.",
            Practice::FocusTopAccounts => {
                "Searches, account hub visits and account insight views in the last 90 days."
            }
            Practice::RightBuyers => {
                "Distinct decision makers (Director, VP, CXO, Owner, Partner) sent a connection request or outreach, or saved as leads, in the last 90 days."
            }
            Practice::WarmPaths => {
                "Distinct warm-path targets (1st, 2nd, TeamLink, job change, same company or school, past customer; every message) reached out to, saved, viewed or sent a request in the last 90 days."
            }
            Practice::BuyersReady => {
                "Buyer intent views, searches filtered on buyer intent, category interest or headcount growth, and positive buyer-intent alerts in the last 90 days."
            }
            Practice::PersonalizeOutreach => {
                "Posts engaged with about saved targets, outreach to warm paths, and outreach about saved targets researched within the 90 days before, in the last 90 days."
            }
            Practice::StayUpToDate => {
                "Positive alert engagements, and profile or account views within 7 days of an alert about them, in the last 90 days."
            }
            Practice::CustomerInsights => {
                "Account page, profile and account insight views and positive alerts about saved targets in the last 90 days."
            }
            Practice::MultithreadLeads => {
                "Saved accounts with saved leads: met when at least half of the accounts with a lead have 3 or more."
            }
            Practice::MultithreadConnections => {
                "Saved accounts with accepted connections: met when at least half of the accounts with one have 3 or more."
            }
        }
    }

    /// The count at which a counted practice is met; `None` for the two
    /// multi-threading practices, met by their rule.
    pub const fn threshold(self) -> Option<u32> {
        match self {
            Practice::BookOfBusiness => Some(25),
            Practice::FocusTopAccounts => Some(40),
            Practice::RightBuyers => Some(25),
            Practice::WarmPaths => Some(5),
            Practice::BuyersReady => Some(5),
            Practice::PersonalizeOutreach => Some(10),
            Practice::StayUpToDate => Some(10),
            Practice::CustomerInsights => Some(90),
            Practice::MultithreadLeads | Practice::MultithreadConnections => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counted_practices_come_first_in_order_and_the_rest_have_rules() {
        for (at, practice) in Practice::ALL.iter().enumerate() {
            assert_eq!(practice.index(), at);
            assert_eq!(
                practice.threshold().is_some(),
                at < COUNTED_PRACTICES,
                "{practice:?}"
            );
            assert!(practice.column().starts_with("bp_"));
        }
    }
}
