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
use std::fmt::Write as _;

/// A labelled set: three CSV files.
pub struct LabelledSet {
    pub accounts_csv: String,
    pub companies_csv: String,
    pub truth_csv: String,
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

/// How another person types a company's name into the CRM.
fn typed_name(company: &Company, rng: &mut Rng) -> String {
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
    match rng.below(20) {
        0..=7 => {} // the legal form left out
        8..=9 => {
            let other = *rng.pick(COUNTRIES[company.country].forms);
            let _ = write!(name, " {other}");
        }
        10..=11 => {
            let spelled = match company.form {
                "Ltd" | "Pty Ltd" => "Limited",
                "Inc" => "Incorporated",
                "Corp" => "Corporation",
                other => other,
            };
            let _ = write!(name, " {spelled}");
        }
        _ => {
            let _ = write!(name, " {}", company.form);
        }
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
    match rng.below(10) {
        0..=2 => name.to_uppercase(),
        3 => name.to_lowercase(),
        _ => name,
    }
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
        let website = company
            .website
            .as_ref()
            .filter(|_| rng.chance(0.5))
            .map(|domain| match rng.below(10) {
                // A parent's or a sister's site, another suffix, a full URL.
                0 => domain_of(&coined(&mut rng), "com"),
                1 => domain.replace(place.tld, "com"),
                2 => format!("https://www.{domain}/"),
                _ => domain.clone(),
            });
        let street = if rng.chance(0.1) {
            format!("P.O. Box {}", rng.range(10, 9_999))
        } else if rng.chance(0.6) {
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
        let _ = writeln!(
            accounts_csv,
            "{id},{},{},{},{},,{postal_code},{country}",
            cell(&typed_name(company, &mut rng)),
            website.as_deref().unwrap_or(""),
            cell(&street),
            cell(city),
        );
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
    }
}
