//! The ten per-user counts of `docs/usage.md`, "Usage and effectiveness", each with its export column and
//! its name in words: one place the report, the export, the summary and the
//! page read them from.

/// One per-user count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    DaysActive,
    Searches,
    ProfileViews,
    LeadsSaved,
    AccountsSaved,
    ListsCreated,
    InmailsSent,
    InmailsAccepted,
    MessagesSent,
    Connections,
}

impl Metric {
    /// Every metric, in the export's order.
    pub const ALL: [Metric; 10] = [
        Metric::DaysActive,
        Metric::Searches,
        Metric::ProfileViews,
        Metric::LeadsSaved,
        Metric::AccountsSaved,
        Metric::ListsCreated,
        Metric::InmailsSent,
        Metric::InmailsAccepted,
        Metric::MessagesSent,
        Metric::Connections,
    ];

    /// Its place in [`Metric::ALL`], and in every array of counts per metric.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Its column in the export and its key in the summary.
    pub const fn column(self) -> &'static str {
        match self {
            Metric::DaysActive => "days_active",
            Metric::Searches => "searches",
            Metric::ProfileViews => "profile_views",
            Metric::LeadsSaved => "leads_saved",
            Metric::AccountsSaved => "accounts_saved",
            Metric::ListsCreated => "lists_created",
            Metric::InmailsSent => "inmails_sent",
            Metric::InmailsAccepted => "inmails_accepted",
            Metric::MessagesSent => "messages_sent",
            Metric::Connections => "connections",
        }
    }

    /// Its name for people.
    pub const fn label(self) -> &'static str {
        match self {
            Metric::DaysActive => "Days active",
            Metric::Searches => "Searches performed",
            Metric::ProfileViews => "Profile views",
            Metric::LeadsSaved => "Leads saved",
            Metric::AccountsSaved => "Accounts saved",
            Metric::ListsCreated => "Lists created",
            Metric::InmailsSent => "InMails sent",
            Metric::InmailsAccepted => "InMails accepted",
            Metric::MessagesSent => "Messages sent",
            Metric::Connections => "Connections",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_metric_is_at_its_index() {
        for (at, metric) in Metric::ALL.iter().enumerate() {
            assert_eq!(metric.index(), at, "{}", metric.column());
        }
    }
}
