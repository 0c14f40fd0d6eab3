//! Word lists and reference data for the demo generator. Plain data, no logic.

/// A country as CRMs and data providers write it.
#[derive(Debug)]
pub struct Country {
    pub code: &'static str,
    /// Ways a CRM export spells the country: names, alpha-3, abbreviations.
    pub spellings: &'static [&'static str],
    pub tld: &'static str,
    pub legal_suffixes: &'static [&'static str],
    /// City, region code, region name.
    pub places: &'static [(&'static str, &'static str, &'static str)],
    /// `9` a digit, `A` a capital letter, anything else itself.
    pub postal_pattern: &'static str,
    pub weight: f64,
}

pub const COUNTRIES: &[Country] = &[
    Country {
        code: "US",
        spellings: &[
            "United States",
            "USA",
            "US",
            "U.S.",
            "United States of America",
        ],
        tld: "com",
        legal_suffixes: &["Inc", "Inc.", "LLC", "Corp", "Corporation", "Co"],
        places: &[
            ("New York", "NY", "New York"),
            ("San Francisco", "CA", "California"),
            ("Austin", "TX", "Texas"),
            ("Chicago", "IL", "Illinois"),
            ("Seattle", "WA", "Washington"),
            ("Boston", "MA", "Massachusetts"),
            ("Denver", "CO", "Colorado"),
            ("Atlanta", "GA", "Georgia"),
        ],
        postal_pattern: "99999",
        weight: 40.0,
    },
    Country {
        code: "GB",
        spellings: &[
            "United Kingdom",
            "UK",
            "GB",
            "GBR",
            "Great Britain",
            "England",
        ],
        tld: "co.uk",
        legal_suffixes: &["Ltd", "Limited", "plc", "LLP"],
        places: &[
            ("London", "ENG", "England"),
            ("Manchester", "ENG", "England"),
            ("Edinburgh", "SCT", "Scotland"),
        ],
        postal_pattern: "AA9 9AA",
        weight: 12.0,
    },
    Country {
        code: "DE",
        spellings: &["Germany", "Deutschland", "DE", "DEU"],
        tld: "de",
        legal_suffixes: &["GmbH", "AG", "GmbH & Co. KG", "SE"],
        places: &[
            ("Berlin", "BE", "Berlin"),
            ("Munich", "BY", "Bavaria"),
            ("Hamburg", "HH", "Hamburg"),
        ],
        postal_pattern: "99999",
        weight: 9.0,
    },
    Country {
        code: "FR",
        spellings: &["France", "FR", "FRA"],
        tld: "fr",
        legal_suffixes: &["SAS", "SA", "S.A.", "SARL"],
        places: &[
            ("Paris", "IDF", "Île-de-France"),
            ("Lyon", "ARA", "Auvergne-Rhône-Alpes"),
        ],
        postal_pattern: "99999",
        weight: 7.0,
    },
    Country {
        code: "NL",
        spellings: &[
            "Netherlands",
            "The Netherlands",
            "Nederland",
            "NL",
            "Holland",
        ],
        tld: "nl",
        legal_suffixes: &["B.V.", "BV", "N.V."],
        places: &[
            ("Amsterdam", "NH", "North Holland"),
            ("Rotterdam", "ZH", "South Holland"),
        ],
        postal_pattern: "9999 AA",
        weight: 4.0,
    },
    Country {
        code: "AU",
        spellings: &["Australia", "AU", "AUS"],
        tld: "com.au",
        legal_suffixes: &["Pty Ltd", "Pty. Ltd.", "Limited"],
        places: &[
            ("Sydney", "NSW", "New South Wales"),
            ("Melbourne", "VIC", "Victoria"),
        ],
        postal_pattern: "9999",
        weight: 4.0,
    },
    Country {
        code: "JP",
        spellings: &["Japan", "JP", "JPN"],
        tld: "co.jp",
        legal_suffixes: &["KK", "K.K.", "Co., Ltd."],
        places: &[("Tokyo", "13", "Tokyo"), ("Osaka", "27", "Osaka")],
        postal_pattern: "999-9999",
        weight: 3.0,
    },
    Country {
        code: "SE",
        spellings: &["Sweden", "Sverige", "SE", "SWE"],
        tld: "se",
        legal_suffixes: &["AB"],
        places: &[
            ("Stockholm", "AB", "Stockholm"),
            ("Gothenburg", "O", "Västra Götaland"),
        ],
        postal_pattern: "999 99",
        weight: 2.5,
    },
    Country {
        code: "FI",
        spellings: &["Finland", "Suomi", "FI", "FIN"],
        tld: "fi",
        legal_suffixes: &["Oy", "Oyj"],
        places: &[
            ("Helsinki", "18", "Uusimaa"),
            ("Tampere", "11", "Pirkanmaa"),
        ],
        postal_pattern: "99999",
        weight: 1.5,
    },
    Country {
        code: "IT",
        spellings: &["Italy", "Italia", "IT", "ITA"],
        tld: "it",
        legal_suffixes: &["S.p.A.", "SpA", "S.r.l."],
        places: &[("Milan", "MI", "Lombardy"), ("Rome", "RM", "Lazio")],
        postal_pattern: "99999",
        weight: 3.0,
    },
    Country {
        code: "ES",
        spellings: &["Spain", "España", "ES", "ESP"],
        tld: "es",
        legal_suffixes: &["S.L.", "S.A."],
        places: &[("Madrid", "MD", "Madrid"), ("Barcelona", "CT", "Catalonia")],
        postal_pattern: "99999",
        weight: 3.0,
    },
    Country {
        code: "CA",
        spellings: &["Canada", "CA", "CAN"],
        tld: "ca",
        legal_suffixes: &["Inc", "Ltd", "Corp"],
        places: &[
            ("Toronto", "ON", "Ontario"),
            ("Vancouver", "BC", "British Columbia"),
            ("Montreal", "QC", "Quebec"),
        ],
        postal_pattern: "A9A 9A9",
        weight: 5.0,
    },
    Country {
        code: "CH",
        spellings: &["Switzerland", "Schweiz", "CH", "CHE"],
        tld: "ch",
        legal_suffixes: &["AG", "SA", "GmbH"],
        places: &[("Zurich", "ZH", "Zurich"), ("Geneva", "GE", "Geneva")],
        postal_pattern: "9999",
        weight: 2.0,
    },
    Country {
        code: "IN",
        spellings: &["India", "IN", "IND"],
        tld: "in",
        legal_suffixes: &["Pvt Ltd", "Private Limited", "Ltd"],
        places: &[
            ("Bengaluru", "KA", "Karnataka"),
            ("Mumbai", "MH", "Maharashtra"),
        ],
        postal_pattern: "999999",
        weight: 3.0,
    },
];

/// Pieces of made-up brand names; two or three make one ("Velquora").
pub const SYLLABLES: &[&str] = &[
    "ac", "me", "glo", "bex", "ini", "tek", "um", "brel", "la", "ste", "ark", "way", "ne", "hoo",
    "li", "van", "de", "lay", "so", "ly", "cy", "ber", "dyn", "ax", "ora", "vel", "tri", "qu",
    "on", "zen", "it", "no", "va", "pix", "lum", "ter", "ra", "sol", "vi", "ta", "mar", "co",
    "flex", "gen", "ix", "ple", "kor", "bi", "stra", "tum", "dal", "ros", "fin", "ex", "kin", "vo",
    "ant", "pel", "ori", "nex", "sy", "ka", "mo", "ru", "zo",
];

/// Industry name and the words a company in it puts after its brand.
pub const INDUSTRIES: &[(&str, &[&str])] = &[
    (
        "Software",
        &[
            "Software",
            "Systems",
            "Labs",
            "Digital",
            "Cloud",
            "Technologies",
        ],
    ),
    (
        "Financial Services",
        &["Capital", "Financial", "Partners", "Bank", "Investments"],
    ),
    (
        "Manufacturing",
        &["Manufacturing", "Industries", "Works", "Engineering"],
    ),
    ("Healthcare", &["Health", "Medical", "Pharma", "Care"]),
    ("Retail", &["Retail", "Stores", "Brands", "Market"]),
    ("Logistics", &["Logistics", "Freight", "Transport"]),
    ("Energy", &["Energy", "Power", "Solar"]),
    (
        "Consulting",
        &["Consulting", "Advisors", "Group", "International"],
    ),
    ("Media", &["Media", "Studios", "Publishing"]),
    (
        "Telecommunications",
        &["Telecom", "Networks", "Communications"],
    ),
];

/// Names so common that several unrelated companies share them.
pub const GENERIC_NAMES: &[&str] = &[
    "United Systems",
    "Global Solutions",
    "First National Group",
    "Pacific Trading",
    "General Services",
    "Advanced Technologies",
    "Premier Partners",
    "Summit Consulting",
];

/// Words a subsidiary adds to its parent's brand.
pub const SUBSIDIARY_WORDS: &[&str] = &[
    "Financial Services",
    "Holdings",
    "Europe",
    "Logistics",
    "Ventures",
    "Labs",
    "Insurance",
];

/// Abbreviations CRM users type, as (full word, abbreviation).
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("International", "Intl"),
    ("Manufacturing", "Mfg"),
    ("Technologies", "Tech"),
    ("Systems", "Sys"),
    ("Communications", "Comms"),
    ("Engineering", "Eng"),
    ("Financial", "Finl"),
];

pub const STREET_NAMES: &[&str] = &[
    "Main", "Market", "Oak", "Park", "Mill", "Church", "High", "Station", "King", "Harbour",
    "Lake", "River", "Elm", "Maple", "Bridge", "Victoria", "Garden", "Hill",
];

/// Street types as (long form, short forms).
pub const STREET_TYPES: &[(&str, &[&str])] = &[
    ("Street", &["St.", "St", "Str."]),
    ("Avenue", &["Ave", "Ave."]),
    ("Road", &["Rd", "Rd."]),
    ("Boulevard", &["Blvd"]),
    ("Lane", &["Ln"]),
];

pub const FIRST_NAMES: &[&str] = &[
    "Jane", "John", "Maria", "Ahmed", "Wei", "Sofia", "Lucas", "Emma", "Noah", "Olivia", "Liam",
    "Ava", "Mateo", "Aisha", "Kenji", "Ingrid", "Pierre", "Chloé", "Björn", "Priya", "Diego",
    "Fatima", "Hannah", "Oskar", "Zoë", "Ravi", "Elena", "Tomás", "Yuki", "Grace",
];

pub const LAST_NAMES: &[&str] = &[
    "Doe",
    "Smith",
    "Garcia",
    "Khan",
    "Chen",
    "Rossi",
    "Martin",
    "Müller",
    "Nakamura",
    "Johansson",
    "Dubois",
    "Patel",
    "O'Brien",
    "Novak",
    "Silva",
    "Kowalski",
    "Nguyen",
    "Schmidt",
    "Jensen",
    "Moreau",
    "Ibrahim",
    "Virtanen",
    "López",
    "Brown",
    "Taylor",
];

/// Job function as written in a people export, its weight, and its titles
/// (without seniority).
pub const FUNCTIONS: &[(&str, f64, &[&str])] = &[
    (
        "Engineering",
        25.0,
        &[
            "Software Engineer",
            "Software Developer",
            "Backend Developer",
            "Frontend Engineer",
            "Full Stack Developer",
            "DevOps Engineer",
            "Site Reliability Engineer",
            "Data Engineer",
            "QA Engineer",
            "Mobile Developer",
            "SWE",
            "Platform Engineer",
            "Embedded Software Engineer",
            "Machine Learning Engineer",
        ],
    ),
    (
        "Information Technology",
        8.0,
        &[
            "IT Support Specialist",
            "Systems Administrator",
            "Network Engineer",
            "Database Administrator",
            "IT Analyst",
        ],
    ),
    (
        "Sales",
        15.0,
        &[
            "Account Executive",
            "Sales Development Representative",
            "Sales Engineer",
            "Account Manager",
            "Solutions Consultant",
        ],
    ),
    (
        "Marketing",
        8.0,
        &[
            "Marketing Specialist",
            "Content Marketer",
            "Growth Marketer",
            "Product Marketing Manager",
        ],
    ),
    (
        "Operations",
        10.0,
        &[
            "Operations Analyst",
            "Supply Chain Analyst",
            "Operations Specialist",
        ],
    ),
    (
        "Finance",
        6.0,
        &["Accountant", "Financial Analyst", "Controller"],
    ),
    (
        "Human Resources",
        5.0,
        &[
            "Recruiter",
            "HR Business Partner",
            "Talent Acquisition Specialist",
        ],
    ),
    (
        "Product Management",
        5.0,
        &["Product Manager", "Product Owner"],
    ),
    (
        "Customer Success",
        5.0,
        &["Customer Success Manager", "Support Engineer"],
    ),
    ("Legal", 2.0, &["Counsel", "Paralegal"]),
    ("Design", 3.0, &["UX Designer", "Product Designer"]),
    ("Research", 3.0, &["Research Scientist", "Data Scientist"]),
    (
        "Administrative",
        5.0,
        &["Office Manager", "Executive Assistant"],
    ),
];

/// Canonical seniority (empty: none), its weight among people, and how exports
/// spell it.
pub const SENIORITIES: &[(&str, f64, &[&str])] = &[
    ("", 16.0, &[""]),
    (
        "Entry",
        20.0,
        &["Entry", "Junior", "entry-level", "Associate"],
    ),
    ("Senior", 35.0, &["Senior", "Sr", "SR.", "senior"]),
    ("Manager", 12.0, &["Manager", "Mgr"]),
    ("Director", 6.0, &["Director", "Head", "Head of"]),
    ("VP", 3.0, &["VP", "Vice President", "SVP"]),
    ("CXO", 1.0, &["CXO", "C-Level", "Chief"]),
    ("Owner", 1.0, &["Owner", "Founder", "Co-Founder"]),
    ("Partner", 1.0, &["Partner", "Principal"]),
    ("Unpaid", 2.0, &["Intern", "Unpaid"]),
    ("", 3.0, &["Mid-Senior level"]),
];

pub const SALES_GROUPS: &[&str] = &[
    "EMEA",
    "North America",
    "APAC",
    "Enterprise",
    "Mid-Market",
    "SMB",
];

pub const WHITEPAPERS: &[&str] = &[
    "The 2026 State of DevOps Report",
    "Platform Engineering Playbook",
    "Cloud Cost Benchmark 2026",
    "Security for Developer Teams",
];

/// Search filters as a Sales Navigator export names them.
pub const SEARCH_FILTERS: &[&str] = &[
    "geography",
    "industry",
    "seniority",
    "function",
    "company_headcount",
    "buyer_intent",
    "headcount_growth",
    "category_interest",
    "posted_on_linkedin",
    "changed_jobs",
    "department_headcount_growth",
    "spotlight_teamlink",
];

/// The relationships of `docs/inputs.md` (activity): every one a warm path.
pub const RELATIONSHIPS: &[&str] = &crate::engine::usage::vocabulary::WARM_RELATIONSHIPS;
