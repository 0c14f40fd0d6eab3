//! The action vocabulary of `docs/usage.md`, "Actions in the activity log", and the flags an event
//! carries into the metrics (read once from its enumerated columns).

/// A known action. The order is the table's; [`Action::ALL`] lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Action {
    Session,
    Search,
    ProfileView,
    AccountPageView,
    LeadSaved,
    LeadUnsaved,
    AccountSaved,
    AccountUnsaved,
    ListCreated,
    InmailSent,
    InmailAccepted,
    MessageSent,
    ConnectionRequestSent,
    ConnectionAccepted,
    AlertDisplayed,
    AlertEngaged,
    AccountIqView,
    LeadIqView,
    AccountHubVisit,
    BuyerIntentView,
    PostEngagement,
    SalesAssistantSetup,
    SalesAssistantFeedback,
    NoteAdded,
}

impl Action {
    pub const ALL: [Action; 24] = [
        Action::Session,
        Action::Search,
        Action::ProfileView,
        Action::AccountPageView,
        Action::LeadSaved,
        Action::LeadUnsaved,
        Action::AccountSaved,
        Action::AccountUnsaved,
        Action::ListCreated,
        Action::InmailSent,
        Action::InmailAccepted,
        Action::MessageSent,
        Action::ConnectionRequestSent,
        Action::ConnectionAccepted,
        Action::AlertDisplayed,
        Action::AlertEngaged,
        Action::AccountIqView,
        Action::LeadIqView,
        Action::AccountHubVisit,
        Action::BuyerIntentView,
        Action::PostEngagement,
        Action::SalesAssistantSetup,
        Action::SalesAssistantFeedback,
        Action::NoteAdded,
    ];

    /// The action's normalised name, as the log writes it.
    pub fn name(self) -> &'static str {
        match self {
            Action::Session => "session",
            Action::Search => "search",
            Action::ProfileView => "profile_view",
            Action::AccountPageView => "account_page_view",
            Action::LeadSaved => "lead_saved",
            Action::LeadUnsaved => "lead_unsaved",
            Action::AccountSaved => "account_saved",
            Action::AccountUnsaved => "account_unsaved",
            Action::ListCreated => "list_created",
            Action::InmailSent => "inmail_sent",
            Action::InmailAccepted => "inmail_accepted",
            Action::MessageSent => "message_sent",
            Action::ConnectionRequestSent => "connection_request_sent",
            Action::ConnectionAccepted => "connection_accepted",
            Action::AlertDisplayed => "alert_displayed",
            Action::AlertEngaged => "alert_engaged",
            Action::AccountIqView => "account_iq_view",
            Action::LeadIqView => "lead_iq_view",
            Action::AccountHubVisit => "account_hub_visit",
            Action::BuyerIntentView => "buyer_intent_view",
            Action::PostEngagement => "post_engagement",
            Action::SalesAssistantSetup => "sales_assistant_setup",
            Action::SalesAssistantFeedback => "sales_assistant_feedback",
            Action::NoteAdded => "note_added",
        }
    }

    /// The action of a normalised name (`normalize_token`), if it is a known
    /// one: the vocabulary's own name or the vendor's word for it
    /// ([`VENDOR_ACTIONS`]).
    pub fn of(normalised: &str) -> Option<Action> {
        Action::ALL
            .into_iter()
            .find(|action| action.name() == normalised)
            .or_else(|| {
                VENDOR_ACTIONS
                    .iter()
                    .find(|(vendor, _)| *vendor == normalised)
                    .map(|(_, action)| *action)
            })
    }

    /// Passive actions happen without the user doing anything: they never make
    /// a user active and are no feature to adopt.
    pub fn is_passive(self) -> bool {
        matches!(
            self,
            Action::InmailAccepted | Action::ConnectionAccepted | Action::AlertDisplayed
        )
    }

    /// Outreach: an InMail or a message.
    pub fn is_outreach(self) -> bool {
        matches!(self, Action::InmailSent | Action::MessageSent)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The activity types of the vendor's official analytics export, normalised,
/// and the actions they are read as (`docs/usage.md`, "Actions in the activity log"). Its `INMAIL_SENT`,
/// `MESSAGE_SENT` and `PROFILE_VIEW` are already the vocabulary's own names.
pub const VENDOR_ACTIONS: [(&str, Action); 5] = [
    ("saved_lead", Action::LeadSaved),
    ("saved_account", Action::AccountSaved),
    ("search_performed", Action::Search),
    ("profile_viewed", Action::ProfileView),
    ("connection_made", Action::ConnectionAccepted),
];

/// What an event's other enumerated columns say, as bits.
pub mod flags {
    /// The target's seniority is a decision maker's.
    pub const DECISION_MAKER: u16 = 1;
    /// The target is a warm path (a relationship of the list, or any message).
    pub const WARM_PATH: u16 = 1 << 1;
    /// A search with at least one filter.
    pub const FILTERED: u16 = 1 << 2;
    /// A search filtered on buyer readiness (`buyer_intent`, `category_interest`,
    /// `headcount_growth`, `department_headcount_growth`).
    pub const BUYER_READY_FILTER: u16 = 1 << 3;
    /// Sentiment `positive`.
    pub const POSITIVE: u16 = 1 << 4;
    /// Alert type `buyer_intent`.
    pub const BUYER_INTENT_ALERT: u16 = 1 << 5;
    /// Feedback `good_fit`.
    pub const GOOD_FIT: u16 = 1 << 6;
    /// Feedback `not_a_fit`.
    pub const NOT_A_FIT: u16 = 1 << 7;
    /// Surface `linkedin` (left out of some metrics for users who opted out).
    pub const LINKEDIN: u16 = 1 << 8;
}

/// Relationships that make a target a warm path.
pub const WARM_RELATIONSHIPS: [&str; 7] = [
    "1st",
    "2nd",
    "teamlink",
    "job_change",
    "same_company",
    "same_school",
    "past_customer",
];

/// Search filters that show a buyer is ready.
pub const BUYER_READY_FILTERS: [&str; 4] = [
    "buyer_intent",
    "category_interest",
    "headcount_growth",
    "department_headcount_growth",
];

/// The coach levels, from the number of binary actions a user has done.
pub const COACH_LEVELS: [&str; 5] = [
    "Beginner",
    "Intermediate",
    "Proficient",
    "Advanced",
    "Expert",
];

/// The level of a number of coach points (0-10).
pub fn coach_level(points: u8) -> &'static str {
    match points {
        0..=1 => COACH_LEVELS[0],
        2..=3 => COACH_LEVELS[1],
        4..=5 => COACH_LEVELS[2],
        6..=8 => COACH_LEVELS[3],
        _ => COACH_LEVELS[4],
    }
}
