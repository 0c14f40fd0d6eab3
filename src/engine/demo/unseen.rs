//! A second generator of labelled account lists, written apart from the demo's
//! and never used to fit or tune the matcher: other people keep these
//! records, with other habits. It exists so that the matcher's quality can be
//! measured on data shaped unlike what it was built on (`docs/matching.md`,
//! "Quality bar"), next to the real labelled sets of the corpus.
//!
//! Its company database mixes eight countries, coined and family names,
//! trades, and local legal forms; some names recur in other countries, and
//! groups have several companies that share words. Its CRM accounts were
//! typed by other people: names in capitals, cut at 28 characters (a legacy
//! source system), abbreviated, with a parent group in front, a legal form
//! dropped or spelled out, OCR-like slips; websites of a parent or another
//! suffix; P.O. boxes for streets; cities in the local language; countries
//! as codes of two or three letters or in words. A quarter of the accounts
//! (prospects) have no company in the database.
//!
//! The output has the layout of `../shared/corpus/matching/`: an accounts
//! export, a company database, and the truth (`Account ID,company_id`).

use crate::engine::demo::capitalise;
use crate::engine::rng::Rng;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// A labelled set: three CSV files, and what no matcher could tell apart.
pub struct LabelledSet {
    pub accounts_csv: String,
    pub companies_csv: String,
    pub truth_csv: String,
    pub twins: Twins,
}

/// The accounts whose company has a twin in the database that the account
/// cannot tell apart: the same name before its legal form, and the same value
/// in every field the account gives (its country, city, postal code, street,
/// the company's own website, the legal form it writes). Such an account is
/// as likely to mean the twin as its own company, so a matcher whose
/// confidence is calibrated gives it at most one half, and never accepts it
/// without guessing. This is the data's own limit, known only to the
/// generator (`docs/matching.md`, "What the data allows").
///
/// The count is generous to the matcher: it reads every field as the
/// generator wrote it, before a name was cut short or a slip typed into it,
/// and does not count twins whose name only looks the same once it is cut or
/// damaged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Twins {
    /// Accounts whose company is in the database.
    pub accounts_with_company: usize,
    /// Of those, accounts that cannot be told apart from a twin.
    pub with_a_twin: usize,
    /// Of those, accounts with one to three twins: a calibrated confidence
    /// of a half to a quarter at best, scores 3 and 2, which wait in review
    /// at the default settings (`MATCHING.md`, "Review burden").
    pub with_one_to_three_twins: usize,
    /// Accounts whose company is not in the database (prospects).
    pub prospects: usize,
    /// Of those, accounts that read exactly as an account of a company in
    /// the database would: they lower the confidence any matcher can have in
    /// an account that reads so.
    pub prospects_like_a_company: usize,
}

impl Twins {
    /// The recall of a matcher that gets every other account right and never
    /// accepts a coin toss between twins.
    pub fn recall_ceiling(&self) -> f64 {
        if self.accounts_with_company == 0 {
            return 1.0;
        }
        1.0 - self.with_a_twin as f64 / self.accounts_with_company as f64
    }
}

struct Country {
    code: &'static str,
    alpha3: &'static str,
    name: &'static str,
    tld: &'static str,
    forms: &'static [&'static str],
    /// (English name, local name) of cities.
    cities: &'static [(&'static str, &'static str)],
    street: fn(&mut Rng, &str) -> String,
}

const COUNTRIES: [Country; 8] = [
    Country {
        code: "DE",
        alpha3: "DEU",
        name: "Germany",
        tld: "de",
        forms: &["GmbH", "AG", "GmbH & Co. KG", "KG"],
        cities: &[
            ("Munich", "München"),
            ("Cologne", "Köln"),
            ("Berlin", "Berlin"),
            ("Hamburg", "Hamburg"),
            ("Nuremberg", "Nürnberg"),
        ],
        street: |rng, name| format!("{}straße {}", name, rng.range(1, 180)),
    },
    Country {
        code: "FR",
        alpha3: "FRA",
        name: "France",
        tld: "fr",
        forms: &["SAS", "SA", "SARL"],
        cities: &[
            ("Paris", "Paris"),
            ("Lyon", "Lyon"),
            ("Marseille", "Marseille"),
            ("Lille", "Lille"),
        ],
        street: |rng, name| format!("{} rue {}", rng.range(1, 220), name),
    },
    Country {
        code: "GB",
        alpha3: "GBR",
        name: "United Kingdom",
        tld: "co.uk",
        forms: &["Ltd", "PLC", "LLP"],
        cities: &[
            ("London", "London"),
            ("Manchester", "Manchester"),
            ("Leeds", "Leeds"),
            ("Bristol", "Bristol"),
        ],
        street: |rng, name| format!("{} {} Road", rng.range(1, 400), name),
    },
    Country {
        code: "US",
        alpha3: "USA",
        name: "United States",
        tld: "com",
        forms: &["Inc", "LLC", "Corp"],
        cities: &[
            ("Chicago", "Chicago"),
            ("Denver", "Denver"),
            ("Austin", "Austin"),
            ("Boston", "Boston"),
            ("Seattle", "Seattle"),
        ],
        street: |rng, name| format!("{} {} Avenue", rng.range(1, 9_999), name),
    },
    Country {
        code: "SE",
        alpha3: "SWE",
        name: "Sweden",
        tld: "se",
        forms: &["AB"],
        cities: &[
            ("Gothenburg", "Göteborg"),
            ("Stockholm", "Stockholm"),
            ("Malmo", "Malmö"),
        ],
        street: |rng, name| format!("{}gatan {}", name, rng.range(1, 90)),
    },
    Country {
        code: "JP",
        alpha3: "JPN",
        name: "Japan",
        tld: "co.jp",
        forms: &["K.K.", "Co., Ltd."],
        cities: &[("Tokyo", "Tokyo"), ("Osaka", "Osaka"), ("Nagoya", "Nagoya")],
        street: |rng, name| {
            format!(
                "{}-{}-{} {}",
                rng.range(1, 9),
                rng.range(1, 30),
                rng.range(1, 20),
                name
            )
        },
    },
    Country {
        code: "AU",
        alpha3: "AUS",
        name: "Australia",
        tld: "com.au",
        forms: &["Pty Ltd", "Ltd"],
        cities: &[
            ("Sydney", "Sydney"),
            ("Melbourne", "Melbourne"),
            ("Perth", "Perth"),
        ],
        street: |rng, name| format!("{} {} Street", rng.range(1, 500), name),
    },
    Country {
        code: "ES",
        alpha3: "ESP",
        name: "Spain",
        tld: "es",
        forms: &["S.L.", "S.A."],
        cities: &[
            ("Seville", "Sevilla"),
            ("Madrid", "Madrid"),
            ("Barcelona", "Barcelona"),
        ],
        street: |rng, name| format!("Calle {} {}", name, rng.range(1, 150)),
    },
];

const SYLLABLES: [&str; 40] = [
    "zor", "ka", "vel", "mi", "tra", "quin", "bel", "dor", "sa", "lu", "nex", "ri", "po", "tal",
    "ven", "ox", "ar", "li", "gen", "mo", "fi", "ra", "dex", "ula", "cor", "em", "hal", "ist",
    "jun", "kri", "lo", "mar", "nor", "pel", "ros", "sen", "tor", "vi", "wen", "yal",
];
const FAMILIES: [&str; 40] = [
    "Harlow",
    "Finch",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Brennan",
    "Kowalski",
    "Ruiz",
    "Becker",
    "Ashworth",
    "Delacroix",
    "Sato",
    "Novak",
    "Grant",
    "Whitfield",
    "Castellano",
    "Eriksson",
    "Pemberton",
    "Vogel",
    "Abernathy",
    "Bianchi",
    "Chowdhury",
    "Dvorak",
    "Esposito",
    "Fairbanks",
    "Gallagher",
    "Haddad",
    "Iwasaki",
    "Jankowski",
    "Kimura",
    "Laurent",
    "Mbeki",
    "Nakamura",
    "Ostrowski",
    "Petrov",
    "Quintero",
    "Rasmussen",
    "Schaefer",
    "Takahashi",
];
const TRADES: [&str; 18] = [
    "Logistics",
    "Dental",
    "Analytics",
    "Engineering",
    "Foods",
    "Robotics",
    "Pharma",
    "Textiles",
    "Software",
    "Energy",
    "Insurance",
    "Media",
    "Packaging",
    "Telecom",
    "Biotech",
    "Consulting",
    "Hospitality",
    "Materials",
];
const KINDS: [&str; 8] = [
    "Group",
    "Partners",
    "Holdings",
    "Services",
    "Systems",
    "International",
    "Solutions",
    "Technologies",
];
const PLACES: [&str; 12] = [
    "Northgate",
    "Riverside",
    "Blue Harbor",
    "Kingsbridge",
    "Alpine",
    "Meridian",
    "Silverline",
    "Oakfield",
    "Summit",
    "Coastal",
    "Granite",
    "Westbrook",
];
const STREET_NAMES: [&str; 12] = [
    "Linden", "Mill", "Church", "Station", "Park", "Garden", "Market", "Lake", "Harbor", "Castle",
    "Elm", "Bridge",
];

fn coined(rng: &mut Rng) -> String {
    let mut word = String::new();
    for _ in 0..rng.range(2, 4) {
        word.push_str(*rng.pick(&SYLLABLES));
    }
    capitalise(&word)
}

/// A company's name without its legal form: many coined, some a family's,
/// a few a place's (those recur, as "Summit Consulting Group" does).
fn base_name(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=5 => format!("{} {}", coined(rng), *rng.pick(&TRADES)),
        6..=10 => format!(
            "{} & {} {}",
            *rng.pick(&FAMILIES),
            *rng.pick(&FAMILIES),
            *rng.pick(&TRADES)
        ),
        11..=12 => format!(
            "{} {} {}",
            *rng.pick(&PLACES),
            *rng.pick(&TRADES),
            *rng.pick(&KINDS)
        ),
        13..=15 => format!("{} {}", coined(rng), *rng.pick(&KINDS)),
        _ => coined(rng),
    }
}

struct Company {
    id: String,
    base: String,
    form: &'static str,
    website: Option<String>,
    street: String,
    city: usize,
    postal_code: String,
    country: usize,
}

fn domain_of(base: &str, tld: &str) -> String {
    let stem: String = base
        .split_whitespace()
        .take(2)
        .flat_map(|word| word.chars().filter(char::is_ascii_alphanumeric))
        .collect::<String>()
        .to_lowercase();
    format!("{stem}.{tld}")
}

fn companies(count: usize, rng: &mut Rng) -> Vec<Company> {
    let mut made: Vec<Company> = Vec::with_capacity(count);
    while made.len() < count {
        let country = rng.below(COUNTRIES.len() as u64) as usize;
        let place = &COUNTRIES[country];
        // A name again, in another country (a franchise, a namesake), or a
        // group's sister company sharing its first words.
        let base = match made.len() {
            0 => base_name(rng),
            known if rng.chance(0.06) => made[rng.below(known as u64) as usize].base.clone(),
            known if rng.chance(0.08) => {
                let sister = &made[rng.below(known as u64) as usize].base;
                let first = sister
                    .split_whitespace()
                    .next()
                    .unwrap_or("Nova")
                    .to_string();
                format!("{first} {} {}", *rng.pick(&TRADES), *rng.pick(&KINDS))
            }
            _ => base_name(rng),
        };
        let id = format!("UC-{:07}", made.len() + 1);
        let website = rng.chance(0.7).then(|| domain_of(&base, place.tld));
        let street_name = *rng.pick(&STREET_NAMES);
        made.push(Company {
            id,
            street: (place.street)(rng, street_name),
            city: rng.below(place.cities.len() as u64) as usize,
            postal_code: format!("{:05}", rng.below(99_999)),
            form: *rng.pick(place.forms),
            base,
            website,
            country,
        });
    }
    made
}

/// A legal form spelled out in words, as some people type it.
fn spelled_out(form: &'static str) -> &'static str {
    match form {
        "Ltd" | "Pty Ltd" => "Limited",
        "Inc" => "Incorporated",
        "Corp" => "Corporation",
        other => other,
    }
}

/// How another person types a company's name into the CRM, and the legal
/// form they wrote after it, if any.
fn typed_name(company: &Company, rng: &mut Rng) -> (String, Option<&'static str>) {
    let mut name = company.base.clone();
    if rng.chance(0.2) {
        for (long, short) in [
            ("International", "Intl"),
            ("Services", "Svcs"),
            ("Technologies", "Tech"),
            (" & ", " and "),
            ("Engineering", "Eng."),
            ("Consulting", "Cons."),
        ] {
            name = name.replace(long, short);
        }
    }
    if rng.chance(0.08) {
        let parent = format!(
            "{} {}",
            coined(rng),
            *rng.pick(&["Group", "Holding", "Corp"])
        );
        name = format!("{parent} - {name}");
    }
    let written_form = match rng.below(20) {
        0..=7 => None, // the legal form left out
        8..=9 => Some(*rng.pick(COUNTRIES[company.country].forms)),
        10..=11 => Some(spelled_out(company.form)),
        _ => Some(company.form),
    };
    if let Some(form) = written_form {
        let _ = write!(name, " {form}");
    }
    if rng.chance(0.08) {
        // A slip of the scanner or the keyboard, once or twice.
        for _ in 0..rng.range(1, 2) {
            let swaps = [
                ("m", "rn"),
                ("l", "1"),
                ("o", "0"),
                ("e", "c"),
                ("i", "l"),
                ("a", "e"),
            ];
            let (from, to) = *rng.pick(&swaps);
            if let Some(at) = name.to_lowercase().find(from) {
                name.replace_range(at..at + from.len(), to);
            }
        }
    }
    if rng.chance(0.15) {
        name = name
            .chars()
            .take(28)
            .collect::<String>()
            .trim_end()
            .to_string();
    }
    let name = match rng.below(10) {
        0..=2 => name.to_uppercase(),
        3 => name.to_lowercase(),
        _ => name,
    };
    (name, written_form)
}

/// What an account says of its company, field by field, for telling its
/// company from a twin.
struct Stated {
    form: Option<&'static str>,
    /// The company's own website (perhaps under another suffix), not a
    /// parent's.
    own_website: bool,
    street: bool,
    city: bool,
    postal_code: bool,
    country: bool,
}

/// Whether `other` fits everything the account says at least as well as
/// `company` does: it has the same name before its legal form, and each field
/// the account gives holds the same value in both. A legal form tells them
/// apart only where it reads as the company's and not as the twin's; a form
/// that is neither's favours neither.
fn indistinguishable(company: &Company, other: &Company, stated: &Stated) -> bool {
    let reads_as =
        |written: &str, form: &'static str| written == form || written == spelled_out(form);
    other.base == company.base
        // A city's name belongs to one country here, so a city said is a country said.
        && (!(stated.country || stated.city) || other.country == company.country)
        && (!stated.city || other.city == company.city)
        && (!stated.postal_code || other.postal_code == company.postal_code)
        && (!stated.street || other.street == company.street)
        && (!stated.own_website || other.website == company.website)
        && stated.form.is_none_or(|written| {
            !reads_as(written, company.form) || reads_as(written, other.form)
        })
}

/// Quotes a CSV cell when it must be.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A labelled set of `accounts` accounts against `companies` companies.
pub fn labelled_set(accounts: usize, companies_count: usize, seed: u64) -> LabelledSet {
    let mut rng = Rng::new(seed, 0x5EC0);
    let database = companies(companies_count, &mut rng);
    let mut companies_csv = String::from(
        "company_id,name,website,hq_street,hq_city,hq_region,hq_postal_code,hq_country\n",
    );
    for company in &database {
        let place = &COUNTRIES[company.country];
        let _ = writeln!(
            companies_csv,
            "{},{},{},{},{},,{},{}",
            company.id,
            cell(&format!("{} {}", company.base, company.form)),
            company.website.as_deref().unwrap_or(""),
            cell(&company.street),
            place.cities[company.city].0,
            company.postal_code,
            place.code
        );
    }
    // Prospects: companies of the same making that the database lacks.
    let prospects = companies(accounts / 4 + 1, &mut Rng::new(seed, 0xB0B));
    let mut accounts_csv = String::from(
        "Account ID,Account Name,Website,Billing Street,Billing City,Billing State/Province,Billing Zip/Postal Code,Billing Country\n",
    );
    let mut truth_csv = String::from("Account ID,company_id\n");
    let mut by_base: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (at, company) in database.iter().enumerate() {
        by_base.entry(company.base.as_str()).or_default().push(at);
    }
    let mut twins = Twins::default();
    for row in 0..accounts {
        let id = format!("0018X{:08}", row + 1);
        let (company, in_database) = if rng.chance(0.75) {
            (&database[rng.below(database.len() as u64) as usize], true)
        } else {
            (
                &prospects[rng.below(prospects.len() as u64) as usize],
                false,
            )
        };
        let place = &COUNTRIES[company.country];
        let mut own_website = false;
        let website = company
            .website
            .as_ref()
            .filter(|_| rng.chance(0.5))
            .map(|domain| match rng.below(10) {
                // A parent's or a sister's site, another suffix, a full URL.
                0 => domain_of(&coined(&mut rng), "com"),
                1 => {
                    own_website = true;
                    domain.replace(place.tld, "com")
                }
                2 => {
                    own_website = true;
                    format!("https://www.{domain}/")
                }
                _ => {
                    own_website = true;
                    domain.clone()
                }
            });
        let mut own_street = false;
        let street = if rng.chance(0.1) {
            format!("P.O. Box {}", rng.range(10, 9_999))
        } else if rng.chance(0.6) {
            own_street = true;
            company
                .street
                .replace("Avenue", "Ave")
                .replace("Road", "Rd")
                .replace("Street", "St")
                .replace("straße", "str.")
        } else {
            String::new()
        };
        let city = match rng.below(20) {
            0..=3 => "",
            4..=6 => place.cities[company.city].1,
            _ => place.cities[company.city].0,
        };
        let country = match rng.below(20) {
            0..=2 => "",
            3..=9 => place.code,
            10..=13 => place.alpha3,
            _ => place.name,
        };
        let postal_code = if rng.chance(0.5) {
            company.postal_code.as_str()
        } else {
            ""
        };
        let (name, form) = typed_name(company, &mut rng);
        let _ = writeln!(
            accounts_csv,
            "{id},{},{},{},{},,{postal_code},{country}",
            cell(&name),
            website.as_deref().unwrap_or(""),
            cell(&street),
            cell(city),
        );
        let stated = Stated {
            form,
            own_website,
            street: own_street,
            city: !city.is_empty(),
            postal_code: !postal_code.is_empty(),
            country: !country.is_empty(),
        };
        // A prospect's id may repeat a database company's; it is never that company.
        let twin_count = by_base.get(company.base.as_str()).map_or(0, |others| {
            others
                .iter()
                .filter(|&&other| {
                    let other = &database[other];
                    (!in_database || other.id != company.id)
                        && indistinguishable(company, other, &stated)
                })
                .count()
        });
        if in_database {
            twins.accounts_with_company += 1;
            twins.with_a_twin += usize::from(twin_count > 0);
            twins.with_one_to_three_twins += usize::from((1..=3).contains(&twin_count));
        } else {
            twins.prospects += 1;
            twins.prospects_like_a_company += usize::from(twin_count > 0);
        }
        let _ = writeln!(
            truth_csv,
            "{id},{}",
            if in_database { company.id.as_str() } else { "" }
        );
    }
    LabelledSet {
        accounts_csv,
        companies_csv,
        truth_csv,
        twins,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::read_test_csv;
    use crate::engine::source_kind::SourceKind;

    #[test]
    fn a_labelled_set_reads_whole_and_its_truth_names_real_companies() {
        let set = labelled_set(400, 1_000, 3);
        let accounts = read_test_csv(&set.accounts_csv, SourceKind::Accounts);
        let companies = read_test_csv(&set.companies_csv, SourceKind::Companies);
        assert_eq!((accounts.rows, companies.rows), (400, 1_000));
        let ids: std::collections::HashSet<String> = (0..companies.rows)
            .filter_map(|row| companies.text("company_id", row))
            .collect();
        let truths: Vec<&str> = set
            .truth_csv
            .lines()
            .skip(1)
            .map(|line| line.split(',').nth(1).unwrap_or(""))
            .collect();
        assert_eq!(truths.len(), 400);
        let matched = truths.iter().filter(|truth| !truth.is_empty()).count();
        assert!(
            (250..350).contains(&matched),
            "{matched} accounts with a company"
        );
        assert!(truths
            .iter()
            .filter(|truth| !truth.is_empty())
            .all(|truth| ids.contains(*truth)));
        // Other habits than the demo's: capitals, P.O. boxes, three-letter countries.
        assert!(set.accounts_csv.contains("P.O. Box"));
        assert!(set
            .accounts_csv
            .lines()
            .any(|line| line.ends_with(",DEU") || line.ends_with(",JPN")));
        assert_eq!(
            labelled_set(400, 1_000, 3).accounts_csv,
            set.accounts_csv,
            "reproducible"
        );
        assert_eq!(set.twins.accounts_with_company, matched);
        assert_eq!(set.twins.prospects, 400 - matched);
    }

    fn company(base: &str, form: &'static str, city: usize, postal_code: &str) -> Company {
        Company {
            id: format!("UC-{base}-{form}-{city}-{postal_code}"),
            base: base.to_string(),
            form,
            website: Some(domain_of(base, "co.uk")),
            street: "12 Mill Road".to_string(),
            city,
            postal_code: postal_code.to_string(),
            country: 2,
        }
    }

    #[test]
    fn a_twin_is_told_apart_only_by_a_field_the_account_gives() {
        let says_nothing = Stated {
            form: None,
            own_website: false,
            street: false,
            city: false,
            postal_code: false,
            country: false,
        };
        let ours = company("Summit Foods Group", "Ltd", 0, "11111");
        let elsewhere = company("Summit Foods Group", "PLC", 1, "22222");
        // Name alone: the same name before its legal form is a twin.
        assert!(indistinguishable(&ours, &elsewhere, &says_nothing));
        assert!(!indistinguishable(
            &ours,
            &company("Summit Foods Partners", "Ltd", 0, "11111"),
            &says_nothing
        ));
        // The city, the postal code or the legal form, once given, tell them apart.
        let city = Stated {
            city: true,
            ..says_nothing
        };
        assert!(!indistinguishable(&ours, &elsewhere, &city));
        let same_city = company("Summit Foods Group", "PLC", 0, "22222");
        assert!(indistinguishable(&ours, &same_city, &city));
        let postal_code = Stated {
            postal_code: true,
            ..city
        };
        assert!(!indistinguishable(&ours, &same_city, &postal_code));
        let street = Stated {
            street: true,
            ..city
        };
        assert!(indistinguishable(&ours, &same_city, &street), "one address");
        let down_the_street = Company {
            street: "40 Mill Road".to_string(),
            ..company("Summit Foods Group", "PLC", 0, "22222")
        };
        assert!(!indistinguishable(&ours, &down_the_street, &street));
        for written in ["Ltd", "Limited"] {
            let form = Stated {
                form: Some(written),
                ..city
            };
            assert!(!indistinguishable(&ours, &same_city, &form), "{written}");
        }
        // A legal form that is not the company's does not favour it.
        let wrong_form = Stated {
            form: Some("LLP"),
            ..city
        };
        assert!(indistinguishable(&ours, &same_city, &wrong_form));
        // The company's own website: the twin has the same one, or none.
        let website = Stated {
            own_website: true,
            ..city
        };
        assert!(indistinguishable(&ours, &same_city, &website));
        let without_website = Company {
            website: None,
            ..company("Summit Foods Group", "PLC", 0, "22222")
        };
        assert!(!indistinguishable(&ours, &without_website, &website));
    }

    #[test]
    fn a_larger_database_holds_more_twins() {
        let small = labelled_set(2_000, 5_000, 4).twins;
        let large = labelled_set(2_000, 200_000, 4).twins;
        assert!(small.with_a_twin < large.with_a_twin, "{small:?} {large:?}");
        assert!(
            (1..=large.with_a_twin).contains(&large.with_one_to_three_twins),
            "{large:?}"
        );
        assert!(
            small.prospects_like_a_company < large.prospects_like_a_company,
            "{small:?} {large:?}"
        );
        assert!(
            (0.9..1.0).contains(&large.recall_ceiling()),
            "{}",
            large.recall_ceiling()
        );
        assert_eq!(Twins::default().recall_ceiling(), 1.0);
    }
}
