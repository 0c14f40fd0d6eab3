//! The canonical fields of every dataset kind, with their types and the header
//! names real exports use for them (`docs/inputs.md`), as data.

use crate::engine::source_kind::SourceKind;

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// A record id: text, compared exactly; duplicates are quarantined.
    Id,
    /// Free text, mostly unique (names, streets): stored as is.
    Text,
    /// Text with few distinct values (industries, titles, owners, ids of other
    /// records): interned.
    Label,
    /// A number (`1,234`, `1 234`, `1234.5`, locale-aware).
    Number,
    /// A fraction: `0.12` or `12%`.
    Fraction,
    /// A calendar date (a date-time keeps its date part).
    Date,
    /// A moment: epoch seconds, UTC.
    DateTime,
    /// `true/false`, `yes/no`, `y/n`, `1/0`, `on/off`.
    Bool,
    /// A `;`-separated list of labels.
    List,
    /// A `;`-separated list of enumerated values, normalised like [`FieldType::Token`].
    TokenList,
    /// An enumerated value: lowercase, runs of spaces, `-` and `_` read as one `_`.
    Token,
    /// A country, normalised to ISO 3166 alpha-2.
    Country,
    /// A website, reduced to its registrable domain (stored as text: nearly
    /// every company has its own).
    Website,
    /// A seniority, read as a canonical one where it is one.
    Seniority,
    /// A LinkedIn page, normalised (`linkedin.com/company/acme`,
    /// `linkedin.com/in/jane-doe`): stored as text.
    LinkedinUrl,
    /// A seat status: `activated`, `invited` or `unassigned`.
    SeatStatus,
}

impl FieldType {
    /// How cells of this type are read, in a few words for the mapping screen.
    pub fn description(self) -> &'static str {
        match self {
            FieldType::Id => "record id (text, unique)",
            FieldType::Text => "text",
            FieldType::Label => "text (repeating)",
            FieldType::Number => "number",
            FieldType::Fraction => "fraction (0.12 or 12%)",
            FieldType::Date => "date",
            FieldType::DateTime => "date and time",
            FieldType::Bool => "yes/no",
            FieldType::List => "list (; separated)",
            FieldType::TokenList => "list of values (; separated)",
            FieldType::Token => "value (any case and spacing)",
            FieldType::Country => "country → ISO code",
            FieldType::Website => "website → domain",
            FieldType::Seniority => "seniority",
            FieldType::LinkedinUrl => "LinkedIn page",
            FieldType::SeatStatus => "seat status",
        }
    }
}

/// Whether a field must be mapped and filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    /// The record's id: read from its column, or made when no column maps to
    /// it (`docs/inputs.md`, "Record ids").
    Identity,
    /// A reference to a record of another dataset: one field of the named
    /// group must be mapped; a row that fills none of them is kept, unplaced
    /// (never quarantined for it).
    Link(&'static str),
}

/// The reference group of people: the company (or CRM account) a person works at.
pub const COMPANY_LINK: &str =
    "a company link (company id, LinkedIn page, website, name, account id or e-mail)";
/// The reference group of signals.
pub const ACCOUNT_OR_COMPANY_LINK: &str =
    "an account or company link (account id, company id, LinkedIn page, website, name or e-mail)";

/// One canonical field of a kind.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub presence: Presence,
    pub field_type: FieldType,
    /// Header names besides the field's own, in order of preference.
    pub synonyms: &'static [&'static str],
    /// More header names, read after `synonyms`: a list several fields share
    /// (the address of an account and of a company, names in other languages).
    pub also: &'static [&'static str],
    /// Another field that may read the same column (a seats file's only `Email`
    /// column is both `user_id` and `email`).
    pub shares_column_with: Option<&'static str>,
}

const fn field(
    name: &'static str,
    presence: Presence,
    field_type: FieldType,
    synonyms: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        name,
        presence,
        field_type,
        synonyms,
        also: &[],
        shares_column_with: None,
    }
}

/// A field whose synonyms end with a shared list.
const fn field_also(
    name: &'static str,
    presence: Presence,
    field_type: FieldType,
    synonyms: &'static [&'static str],
    also: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        also,
        ..field(name, presence, field_type, synonyms)
    }
}

impl FieldSpec {
    /// Every header name besides the field's own, in order of preference.
    pub fn all_synonyms(&self) -> impl Iterator<Item = &'static str> {
        self.synonyms.iter().chain(self.also).copied()
    }
}

// Header names several fields share, the ones in French, German and Spanish
// last (`docs/inputs.md`, localised headers).
const COMPANY_NAME_ABROAD: &[&str] = &[
    "Entreprise",
    "Société",
    "Nom de l'entreprise",
    "Firma",
    "Unternehmen",
    "Firmenname",
    "Empresa",
    "Nombre de la empresa",
];
const WEBSITE_ABROAD: &[&str] = &["Site web", "Site internet", "Webseite", "Sitio web"];
const STREET: &[&str] = &[
    "Billing Street",
    "BillingStreet",
    "Billing Address Line 1",
    "Street Address",
    "Address",
    "address1_line1",
    "Address 1: Street 1",
    "Adresse",
    "Rue",
    "Straße",
    "Strasse",
    "Dirección",
    "Calle",
];
const CITY: &[&str] = &[
    "Billing City",
    "BillingCity",
    "City",
    "address1_city",
    "Address 1: City",
    "Ville",
    "Stadt",
    "Ort",
    "Ciudad",
];
const REGION: &[&str] = &[
    "Billing State/Province",
    "BillingState",
    "State/Region",
    "State",
    "Province",
    "address1_stateorprovince",
    "Address 1: State/Province",
    "Région",
    "Bundesland",
    "Región",
    "Provincia",
];
const POSTAL_CODE: &[&str] = &[
    "Billing Zip/Postal Code",
    "BillingPostalCode",
    "Billing Code",
    "Postal Code",
    "Zip",
    "Zip Code",
    "address1_postalcode",
    "Address 1: ZIP/Postal Code",
    "Code postal",
    "PLZ",
    "Postleitzahl",
    "Código postal",
];
const ACCOUNT_COUNTRY: &[&str] = &[
    "Billing Country",
    "BillingCountry",
    "Country/Region",
    "Country",
    "address1_country",
    "Address 1: Country/Region",
    "Office_Location",
];
const COMPANY_COUNTRY: &[&str] = &[
    "HQ Country",
    "Billing Country",
    "BillingCountry",
    "Country/Region",
    "Country",
    "address1_country",
    "Address 1: Country/Region",
];
const COUNTRY_ABROAD: &[&str] = &["Pays", "Land", "País", "Pais"];

use FieldType::*;
use Presence::*;

const ACCOUNTS: &[FieldSpec] = &[
    field(
        "account_id",
        Identity,
        Id,
        &[
            "Account ID",
            "Id",
            "AccountId",
            "Record ID",
            "Record Id",
            "Company ID",
            "accountid",
            "Account Number",
            "(Do Not Modify) Account",
        ],
    ),
    field_also(
        "name",
        Required,
        Text,
        &[
            "Account Name",
            "Name",
            "Company name",
            "Company",
            "Organization",
            "Account",
            "Organization - Name",
        ],
        COMPANY_NAME_ABROAD,
    ),
    field_also(
        "website",
        Optional,
        Website,
        &[
            "Website",
            "Company Domain Name",
            "Domain",
            "URL",
            "Web Site",
            "websiteurl",
        ],
        WEBSITE_ABROAD,
    ),
    field(
        "linkedin_url",
        Optional,
        LinkedinUrl,
        &[
            "LinkedIn Company Page",
            "LinkedIn URL",
            "Company Linkedin Url",
            "LinkedIn Company URL",
            "LinkedIn",
        ],
    ),
    field("street", Optional, Text, STREET),
    field("city", Optional, Label, CITY),
    field("region", Optional, Label, REGION),
    field("postal_code", Optional, Text, POSTAL_CODE),
    field_also(
        "country",
        Optional,
        Country,
        ACCOUNT_COUNTRY,
        COUNTRY_ABROAD,
    ),
    field(
        "industry",
        Optional,
        Label,
        &[
            "Industry",
            "Sector",
            "Secteur",
            "Branche",
            "Industrie",
            "Sector industrial",
        ],
    ),
    field(
        "employees",
        Optional,
        Number,
        &[
            "Employees",
            "NumberOfEmployees",
            "Number of Employees",
            "# Employees",
            "Effectif",
            "Mitarbeiter",
            "Empleados",
        ],
    ),
    field(
        "owner",
        Optional,
        Label,
        &[
            "Account Owner",
            "Owner",
            "Company owner",
            "Owner Name",
            "Propriétaire",
            "Inhaber",
            "Propietario",
        ],
    ),
    field("potential_users", Optional, Number, &["Potential Users"]),
    field(
        "last_activity",
        Optional,
        Date,
        &[
            "Last Activity",
            "Last Activity Date",
            "LastActivityDate",
            "Last Contacted",
        ],
    ),
    field(
        "renewal_date",
        Optional,
        Date,
        &["Renewal Date", "Contract End Date"],
    ),
    field(
        "last_product_use",
        Optional,
        Date,
        &["Last Product Use", "Last Login"],
    ),
];

const COMPANIES: &[FieldSpec] = &[
    field(
        "company_id",
        Identity,
        Id,
        &[
            "Company ID",
            "id",
            "Organization ID",
            "ZoomInfo Company ID",
            "permalink",
            "uuid",
        ],
    ),
    field_also(
        "name",
        Required,
        Text,
        &[
            "Company Name",
            "Name",
            "Organization",
            "Company",
            "Company_Name",
            "Organization Name",
        ],
        COMPANY_NAME_ABROAD,
    ),
    field_also(
        "website",
        Optional,
        Website,
        &[
            "Website",
            "Domain",
            "URL",
            "homepage_url",
            "Link",
            "Company Website",
            "Company Domain",
        ],
        WEBSITE_ABROAD,
    ),
    field(
        "linkedin_url",
        Optional,
        LinkedinUrl,
        &[
            "Linkedin_Company_URL",
            "LinkedIn URL",
            "Company Linkedin Url",
            "LinkedIn Company Page",
            "LinkedIn",
        ],
    ),
    field(
        "headquarters",
        Optional,
        Text,
        &["Headquarters", "HQ", "Location", "Headquarters Location"],
    ),
    // The headquarters' own columns first, then the accounts' synonyms.
    field_also("street", Optional, Text, &["HQ Street"], STREET),
    field_also("city", Optional, Label, &["HQ City"], CITY),
    field_also(
        "region",
        Optional,
        Label,
        &["HQ Region", "HQ State"],
        REGION,
    ),
    field_also(
        "postal_code",
        Optional,
        Text,
        &["HQ Postal Code"],
        POSTAL_CODE,
    ),
    field_also(
        "country",
        Optional,
        Country,
        COMPANY_COUNTRY,
        COUNTRY_ABROAD,
    ),
    field(
        "industry",
        Optional,
        Label,
        &[
            "Industry",
            "Primary Industry",
            "category_code",
            "category_list",
            "Sector",
            "Secteur",
            "Branche",
            "Industrie",
        ],
    ),
    field(
        "employee_count",
        Optional,
        Number,
        &[
            "Employees",
            "Employee Count",
            "Company Size",
            "Company_Size",
            "Headcount",
            "# Employees",
            "employee_count",
            "Number of Employees",
            "Effectif",
            "Mitarbeiter",
            "Empleados",
        ],
    ),
    field(
        "founded_year",
        Optional,
        Number,
        &["Founded", "Year Founded", "Founded Year"],
    ),
    field(
        "jobs_posted_90d",
        Optional,
        Number,
        &["Jobs Posted 90d", "Open Jobs", "Job Postings"],
    ),
    field("follower_count", Optional, Number, &["Followers"]),
    field(
        "headcount_growth_1y",
        Optional,
        Fraction,
        &["Headcount Growth", "Employee Growth"],
    ),
];

const PEOPLE: &[FieldSpec] = &[
    field(
        "person_id",
        Identity,
        Id,
        &[
            "Person ID",
            "Profile ID",
            "id",
            "ZoomInfo Contact ID",
            "Contact ID",
        ],
    ),
    field(
        "company_id",
        Link(COMPANY_LINK),
        Label,
        &["Company ID", "Current Company ID"],
    ),
    field(
        "company_linkedin_url",
        Link(COMPANY_LINK),
        LinkedinUrl,
        &[
            "Company Linkedin Url",
            "Company_Linkedin_URL",
            "Company LinkedIn Page",
            "Company LinkedIn",
        ],
    ),
    field_also(
        "company_website",
        Link(COMPANY_LINK),
        Website,
        &[
            "Company Website",
            "Website",
            "Company Domain",
            "Website (Company Name)",
            "Website (Company Name) (Account)",
            "Company Domain Name",
        ],
        WEBSITE_ABROAD,
    ),
    field_also(
        "company_name",
        Link(COMPANY_LINK),
        Text,
        &[
            "Company",
            "Company Name",
            "Company_Name",
            "Current Company",
            "Organization",
            "Employer",
            "Account Name",
        ],
        COMPANY_NAME_ABROAD,
    ),
    field(
        "account_id",
        Link(COMPANY_LINK),
        Label,
        &["AccountId", "Account ID"],
    ),
    field(
        "linkedin_url",
        Optional,
        LinkedinUrl,
        &[
            "URL",
            "Profile URL",
            "Person Linkedin Url",
            "Linkedin_Profile_URL",
            "LinkedIn Profile",
            "LinkedIn",
            "LinkedIn URL",
            "Public Profile URL",
        ],
    ),
    field(
        "email",
        Link(COMPANY_LINK),
        Text,
        &[
            "Email",
            "Email Address",
            "Email_ID",
            "Work Email",
            "Primary Email",
            "E-mail",
            "Courriel",
            "Adresse e-mail",
            "E-Mail-Adresse",
            "Correo electrónico",
        ],
    ),
    field(
        "name",
        Optional,
        Text,
        &[
            "Name",
            "Full Name",
            "Nom complet",
            "Vollständiger Name",
            "Nombre completo",
        ],
    ),
    field(
        "first_name",
        Optional,
        Text,
        &[
            "First Name",
            "First_Name",
            "FirstName",
            "Prénom",
            "Vorname",
            "Nombre",
        ],
    ),
    field(
        "last_name",
        Optional,
        Text,
        &[
            "Last Name",
            "Last_Name",
            "LastName",
            "Nom",
            "Nom de famille",
            "Nachname",
            "Apellido",
            "Apellidos",
        ],
    ),
    field(
        "title",
        Optional,
        Label,
        &[
            "Title",
            "Job Title",
            "Position",
            "Headline",
            "Designation",
            "Poste",
            "Titre",
            "Berufsbezeichnung",
            "Cargo",
            "Puesto",
        ],
    ),
    field(
        "job_function",
        Optional,
        Label,
        &[
            "Function",
            "Job Function",
            "Department",
            "Departments",
            "Fonction",
            "Service",
            "Abteilung",
            "Departamento",
        ],
    ),
    field(
        "seniority",
        Optional,
        Seniority,
        &["Seniority", "Level", "Seniority Level", "Management Level"],
    ),
    field_also(
        "country",
        Optional,
        Country,
        &["Country", "Location Country", "Location"],
        COUNTRY_ABROAD,
    ),
    field(
        "connected_to_us",
        Optional,
        Number,
        &["Connected To Us", "Connections To Us", "Connectivity"],
    ),
    field(
        "started_at",
        Optional,
        Date,
        &["Start Date", "Started At", "Position Start"],
    ),
    field(
        "previous_company_id",
        Optional,
        Label,
        &["Previous Company ID"],
    ),
];

const SEATS: &[FieldSpec] = &[
    field("seat_id", Identity, Id, &["Seat ID", "Seat", "seat_id"]),
    field(
        "user_id",
        Optional,
        Text,
        &[
            "User ID",
            "Member ID",
            "employee_id",
            "unique_user_id",
            "Email",
        ],
    ),
    field("name", Optional, Text, &["Name", "Full Name", "User"]),
    FieldSpec {
        shares_column_with: Some("user_id"),
        ..field(
            "email",
            Optional,
            Text,
            &[
                "Email",
                "Email Address",
                "invited_email_address",
                "Primary Email",
            ],
        )
    },
    field(
        "groups",
        Optional,
        List,
        &["Groups", "Group", "Team", "Teams", "Team(s)", "Region"],
    ),
    field("title", Optional, Label, &["Title", "Job Title"]),
    field(
        "job_function",
        Optional,
        Label,
        &["Function", "Job Function"],
    ),
    field(
        "status",
        Optional,
        SeatStatus,
        &["Status", "Seat Status", "sales_license_current_status"],
    ),
    field(
        "invited_at",
        Optional,
        Date,
        &["Invited", "Invited At", "Invite Date"],
    ),
    field(
        "activated_at",
        Optional,
        Date,
        &[
            "Activated",
            "Activated At",
            "Onboarded At",
            "Onboarding Completed",
        ],
    ),
    field(
        "linkedin_tracking",
        Optional,
        Bool,
        &["LinkedIn Tracking", "Activity Tracking"],
    ),
    field("ssi", Optional, Number, &["SSI", "Social Selling Index"]),
    field(
        "ssi_brand",
        Optional,
        Number,
        &["Create a Professional Brand"],
    ),
    field("ssi_find", Optional, Number, &["Find the Right People"]),
    field("ssi_engage", Optional, Number, &["Engage with Insights"]),
    field(
        "ssi_build",
        Optional,
        Number,
        &["Build Strong Relationships"],
    ),
    field(
        "sales_assistant_setup_at",
        Optional,
        Date,
        &["Sales Assistant Setup"],
    ),
];

const ACTIVITY: &[FieldSpec] = &[
    field("event_id", Optional, Id, &["Event ID", "activityId", "id"]),
    field(
        "timestamp",
        Required,
        DateTime,
        &[
            "Timestamp",
            "Time",
            "Date",
            "Occurred At",
            "createdAt",
            "Activity Date",
        ],
    ),
    field(
        "user_id",
        Required,
        Label,
        &[
            "User ID",
            "Seat ID",
            "seatId",
            "Member ID",
            "Email",
            "Activity Owner",
        ],
    ),
    field(
        "action",
        Required,
        Token,
        &[
            "Action",
            "Activity",
            "Event",
            "Event Type",
            "activityType",
            "Activity Type",
        ],
    ),
    field(
        "surface",
        Optional,
        Token,
        &["Surface", "Source", "Channel"],
    ),
    field("target_type", Optional, Token, &["Target Type"]),
    field(
        "target_id",
        Optional,
        Label,
        &["Target ID", "Lead ID", "Member ID", "memberIdentityKey"],
    ),
    field(
        "target_account_id",
        Optional,
        Label,
        &["Target Account ID", "Account ID"],
    ),
    field(
        "target_seniority",
        Optional,
        Seniority,
        &["Target Seniority"],
    ),
    field(
        "target_relationship",
        Optional,
        TokenList,
        &["Relationship"],
    ),
    field("message_id", Optional, Text, &["Message ID", "InMail ID"]),
    field(
        "filters",
        Optional,
        TokenList,
        &["Filters", "Search Filters"],
    ),
    field("sentiment", Optional, Token, &["Sentiment"]),
    field("alert_type", Optional, Token, &["Alert Type"]),
    field("feedback", Optional, Token, &["Feedback"]),
];

const SIGNALS: &[FieldSpec] = &[
    field(
        "timestamp",
        Required,
        DateTime,
        &[
            "Timestamp",
            "Date",
            "published_at",
            "Published",
            "Created At",
            "created_at",
            "Detected At",
            "created",
            "Activity Date",
        ],
    ),
    field(
        "account_id",
        Link(ACCOUNT_OR_COMPANY_LINK),
        Label,
        &["Account ID", "AccountId"],
    ),
    field(
        "company_id",
        Link(ACCOUNT_OR_COMPANY_LINK),
        Label,
        &["Company ID"],
    ),
    field(
        "company_linkedin_url",
        Link(ACCOUNT_OR_COMPANY_LINK),
        LinkedinUrl,
        &["Company Linkedin Url", "Company LinkedIn Page"],
    ),
    field(
        "company_website",
        Link(ACCOUNT_OR_COMPANY_LINK),
        Website,
        &["Website", "Domain", "Company Website", "Company Domain"],
    ),
    field(
        "company_name",
        Link(ACCOUNT_OR_COMPANY_LINK),
        Text,
        &["Company", "Company Name", "Account Name"],
    ),
    field(
        "email",
        Link(ACCOUNT_OR_COMPANY_LINK),
        Text,
        &["Email", "Recipient", "Email Address"],
    ),
    // Kept as written: alerts recognise the standard names in any spelling
    // and keep a custom signal's name as the person wrote it.
    field(
        "signal",
        Required,
        Label,
        &["Signal", "Type", "Event", "Event Type"],
    ),
    field("person", Optional, Text, &["Person", "Contact", "Name"]),
    field(
        "detail",
        Optional,
        Text,
        &[
            "Detail",
            "Description",
            "Asset",
            "Title",
            "Summary",
            "details",
        ],
    ),
];

const OPPORTUNITIES: &[FieldSpec] = &[
    field(
        "opportunity_id",
        Identity,
        Id,
        &["Opportunity ID", "Id", "Deal ID", "Record ID"],
    ),
    field(
        "account_id",
        Optional,
        Label,
        &[
            "Account ID",
            "AccountId",
            "Associated Company IDs",
            "Associated Company ID",
        ],
    ),
    field(
        "account_name",
        Optional,
        Text,
        &[
            "Account Name",
            "Associated Company",
            "Company",
            "Company Name",
        ],
    ),
    field(
        "owner",
        Optional,
        Label,
        &["Opportunity Owner", "Owner", "Deal owner", "OwnerId"],
    ),
    field("amount", Optional, Number, &["Amount", "Deal Amount"]),
    field(
        "stage",
        Optional,
        Label,
        &["Stage", "Deal Stage", "StageName"],
    ),
    field("close_date", Optional, Date, &["Close Date", "CloseDate"]),
    field(
        "is_won",
        Optional,
        Bool,
        &["Won", "Is Won", "Closed Won", "IsWon"],
    ),
];

/// The canonical fields of a kind, in the order of `docs/inputs.md`.
pub fn fields(kind: SourceKind) -> &'static [FieldSpec] {
    match kind {
        SourceKind::Accounts => ACCOUNTS,
        SourceKind::Companies => COMPANIES,
        SourceKind::People => PEOPLE,
        SourceKind::Seats => SEATS,
        SourceKind::Activity => ACTIVITY,
        SourceKind::Signals => SIGNALS,
        SourceKind::Opportunities => OPPORTUNITIES,
    }
}

/// A kind's field by name.
pub fn field_spec(kind: SourceKind, name: &str) -> Option<&'static FieldSpec> {
    fields(kind).iter().find(|spec| spec.name == name)
}

/// The field whose duplicates are quarantined (`duplicate id`), if the kind has one.
pub fn id_field(kind: SourceKind) -> Option<&'static str> {
    fields(kind)
        .iter()
        .find(|spec| spec.field_type == FieldType::Id)
        .map(|spec| spec.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_required_fields_and_one_id() {
        for kind in SourceKind::ALL {
            let specs = fields(kind);
            assert!(
                specs.iter().any(|spec| spec.presence != Presence::Optional),
                "{kind}"
            );
            let ids = specs
                .iter()
                .filter(|spec| spec.field_type == FieldType::Id)
                .count();
            assert_eq!(ids, usize::from(kind != SourceKind::Signals), "{kind}");
            let mut names: Vec<&str> = specs.iter().map(|spec| spec.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), specs.len(), "{kind}: field names are unique");
        }
        assert_eq!(id_field(SourceKind::Accounts), Some("account_id"));
        assert_eq!(id_field(SourceKind::Signals), None);
        assert_eq!(
            field_spec(SourceKind::Seats, "email").and_then(|spec| spec.shares_column_with),
            Some("user_id")
        );
    }
}
