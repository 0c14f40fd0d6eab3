//! Normalisation for matching (`docs/matching.md`): the forms of a company's name,
//! street, region and postal code that two records share when they describe the
//! same company, however each system wrote them.
//!
//! Websites and countries are normalised at ingest (`ingest::domain`,
//! `ingest::country`); everything here works on text already read.

/// Legal forms as their letters run together once dots and spaces go (`S.p.A.`
/// → `spa`, `GmbH & Co. KG` → `gmbhandcokg`), by country of origin. A name's
/// trailing tokens that spell one of these are its legal form, not its name.
const LEGAL_FORMS: &[&str] = &[
    // United States, Canada
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "pc",
    // United Kingdom, Ireland, Commonwealth
    "plc",
    "cic",
    "ltdco",
    "pvtltd",
    "privatelimited",
    "pteltd",
    "ptyltd",
    "pty",
    "sdnbhd",
    "bhd",
    // Germany, Austria, Switzerland
    "gmbh",
    "ag",
    "kg",
    "ohg",
    "gbr",
    "ug",
    "ev",
    "gmbhcokg",
    "gmbhandcokg",
    "agcokg",
    "se",
    "sagl",
    // France, Belgium, Luxembourg
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "sca",
    "snc",
    "bvba",
    "sprl",
    "srl",
    "scrl",
    // Netherlands
    "bv",
    "nv",
    "vof",
    "cv",
    // Italy, Spain, Portugal, Latin America
    "spa",
    "sapa",
    "sl",
    "slu",
    "sau",
    "lda",
    "ltda",
    "sadecv",
    "sderl",
    "eirl",
    // Nordics
    "ab",
    "publab",
    "as",
    "asa",
    "aps",
    "oy",
    "oyj",
    "hf",
    "ehf",
    // Central and Eastern Europe
    "spzoo",
    "sro",
    "as",
    "doo",
    "dd",
    "kft",
    "zrt",
    "nyrt",
    "srl",
    "ood",
    "ead",
    "ooo",
    "zao",
    "pao",
    "ao",
    // Japan, Korea, China
    "kk",
    "kabushikikaisha",
    "yk",
    "gk",
    "coltd",
    "colimited",
    "cokltd",
    // India
    "pvt",
    "pvtltd",
    "llp",
    "opc",
    // Turkey, Greece, Israel
    "as",
    "ae",
    "ike",
    "epe",
];

/// Words that vary in spelling but not in meaning, to one form each.
const CANONICAL_WORDS: &[(&str, &str)] = &[
    ("international", "intl"),
    ("internacional", "intl"),
    ("manufacturing", "mfg"),
    ("services", "svcs"),
    ("service", "svcs"),
    ("svc", "svcs"),
    ("technologies", "tech"),
    ("technology", "tech"),
    ("techn", "tech"),
    ("systems", "sys"),
    ("system", "sys"),
    ("communications", "comms"),
    ("communication", "comms"),
    ("engineering", "eng"),
    ("financial", "finl"),
    ("group", "grp"),
    ("holdings", "hldgs"),
    ("holding", "hldgs"),
    ("national", "natl"),
    ("associates", "assoc"),
    ("brothers", "bros"),
    ("center", "ctr"),
    ("centre", "ctr"),
    ("management", "mgmt"),
    ("laboratories", "labs"),
    ("laboratory", "labs"),
    ("lab", "labs"),
    ("industries", "ind"),
    ("industry", "ind"),
    ("solutions", "sol"),
    ("solution", "sol"),
];

/// Letters with marks to their plain forms (`é` → `e`, `ß` → `ss`), for the
/// Latin scripts company names are written in.
pub fn fold_accents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => out.push('A'),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ç' | 'ć' | 'č' => out.push('c'),
            'Ç' | 'Ć' | 'Č' => out.push('C'),
            'ď' | 'đ' => out.push('d'),
            'Ď' | 'Đ' => out.push('D'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => out.push('E'),
            'ğ' => out.push('g'),
            'Ğ' => out.push('G'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => out.push('i'),
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => out.push('I'),
            'ł' | 'ľ' | 'ĺ' => out.push('l'),
            'Ł' | 'Ľ' | 'Ĺ' => out.push('L'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'Ñ' | 'Ń' | 'Ň' => out.push('N'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => out.push('O'),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'ř' | 'ŕ' => out.push('r'),
            'Ř' | 'Ŕ' => out.push('R'),
            'ś' | 'š' | 'ş' | 'ș' => out.push('s'),
            'Ś' | 'Š' | 'Ş' | 'Ș' => out.push('S'),
            'ß' => out.push_str("ss"),
            'ť' | 'ţ' | 'ț' => out.push('t'),
            'Ť' | 'Ţ' | 'Ț' => out.push('T'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => out.push('U'),
            'ý' | 'ÿ' => out.push('y'),
            'Ý' | 'Ÿ' => out.push('Y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'Ź' | 'Ż' | 'Ž' => out.push('Z'),
            'þ' => out.push_str("th"),
            'ð' => out.push('d'),
            other => out.push(other),
        }
    }
    out
}

/// Lowercase words of letters and digits: accents folded, `&` read as `and`,
/// every other character a separator. Dotted initials join (`S.p.A.` → `spa`,
/// `U.S.` → `us`) so that abbreviations read as one word.
pub fn words(text: &str) -> Vec<String> {
    // Most names are plain ASCII: fold and lowercase only what needs it.
    let mut folded = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        fold_accents(text).to_lowercase()
    };
    if folded.contains('&') {
        folded = folded.replace('&', " and ");
    }
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut initials = String::new();
    let flush_initials = |initials: &mut String, words: &mut Vec<String>| {
        if !initials.is_empty() {
            words.push(std::mem::take(initials));
        }
    };
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            current.push(c);
            continue;
        }
        // A word of one letter followed by a dot is an initial: join initials.
        let is_initial =
            c == '.' && current.chars().count() == 1 && current.chars().all(char::is_alphabetic);
        if is_initial {
            initials.push_str(&current);
            current.clear();
            continue;
        }
        if !current.is_empty() {
            flush_initials(&mut initials, &mut words);
            words.push(std::mem::take(&mut current));
        } else if !(c == ' '
            && chars.peek().is_some_and(|next| next.is_alphabetic())
            && !initials.is_empty())
        {
            flush_initials(&mut initials, &mut words);
        }
    }
    if !current.is_empty() {
        if initials.is_empty() {
            words.push(current);
        } else {
            // `S.p.A` without the last dot: the last letter closes the initials.
            if current.chars().count() == 1 {
                initials.push_str(&current);
                flush_initials(&mut initials, &mut words);
            } else {
                flush_initials(&mut initials, &mut words);
                words.push(current);
            }
        }
    } else {
        flush_initials(&mut initials, &mut words);
    }
    words
}

/// A company name as matching compares it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NormalizedName {
    /// The name's words without legal form, `and`, a leading `the`, and with
    /// variant spellings made one (`International` = `Intl`).
    pub tokens: Vec<String>,
    /// The legal form as its letters run together (`gmbh`, `ptyltd`), if any.
    pub legal_form: Option<String>,
}

impl NormalizedName {
    /// The tokens as one string: the key exact name comparison uses.
    pub fn key(&self) -> String {
        self.tokens.join(" ")
    }
}

/// One spelling for legal forms written in full or short (`Incorporated` =
/// `Inc`), so that "the same legal form" means the same form.
fn canonical_legal_form(form: &str) -> &str {
    match form {
        "incorporated" => "inc",
        "corporation" => "corp",
        "limited" => "ltd",
        "company" => "co",
        "privatelimited" => "pvtltd",
        "gmbhandcokg" => "gmbhcokg",
        other => other,
    }
}

/// Normalises a company name: see [`NormalizedName`].
pub fn normalize_name(name: &str) -> NormalizedName {
    let mut words = words(name);
    // Legal forms come last, sometimes several words long (`Pty Ltd`, `GmbH &
    // Co KG`, `Co., Ltd.`): take the longest run of trailing words that spells one.
    let mut legal_form = None;
    'strip: while words.len() > 1 {
        for take in (1..=4.min(words.len() - 1)).rev() {
            let joined: String = words[words.len() - take..].concat();
            if LEGAL_FORMS.contains(&joined.as_str()) {
                words.truncate(words.len() - take);
                let joined = canonical_legal_form(&joined).to_string();
                legal_form = Some(match legal_form {
                    Some(later) => format!("{joined}{later}"),
                    None => joined,
                });
                // A trailing `and` left by `& Co` goes too.
                while words.len() > 1 && words.last().is_some_and(|word| word == "and") {
                    words.pop();
                }
                continue 'strip;
            }
        }
        break;
    }
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    let tokens = words
        .into_iter()
        .filter(|word| word != "and")
        .map(|word| {
            CANONICAL_WORDS
                .iter()
                .find(|(long, _)| *long == word)
                .map_or(word, |(_, short)| short.to_string())
        })
        .collect();
    NormalizedName { tokens, legal_form }
}

/// Street types and directions to one form each.
const STREET_WORDS: &[(&str, &str)] = &[
    ("street", "st"),
    ("str", "st"),
    ("strasse", "st"),
    ("avenue", "ave"),
    ("av", "ave"),
    ("road", "rd"),
    ("boulevard", "blvd"),
    ("lane", "ln"),
    ("drive", "dr"),
    ("court", "ct"),
    ("place", "pl"),
    ("square", "sq"),
    ("highway", "hwy"),
    ("parkway", "pkwy"),
    ("suite", "ste"),
    ("floor", "fl"),
    ("building", "bldg"),
    ("north", "n"),
    ("south", "s"),
    ("east", "e"),
    ("west", "w"),
];

/// A street as matching compares it: words, with street types, directions and
/// unit words in one form (`12 Main Street, Suite 4` = `12 main st ste 4`).
pub fn normalize_street(street: &str) -> String {
    words(street)
        .into_iter()
        .map(|word| {
            // German compounds: `Hauptstraße` = `Hauptstr.` = `Haupt St`.
            for ending in ["strasse", "str"] {
                if let Some(stem) = word.strip_suffix(ending) {
                    if stem.len() > 2 {
                        return format!("{stem} st");
                    }
                }
            }
            STREET_WORDS
                .iter()
                .find(|(long, _)| *long == word)
                .map_or(word, |(_, short)| short.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words that say "post-office box", by country: the box's number
/// follows them, perhaps after [`POST_OFFICE_BOX_FILLERS`].
const POST_OFFICE_BOX_WORDS: &[&[&str]] = &[
    &["po", "box"],
    &["p", "o", "box"],
    &["pob"],
    &["pobox"],
    &["post", "box"],
    &["post", "office", "box"],
    &["gpo", "box"],
    &["box"],
    &["pmb"],
    &["private", "bag"],
    &["locked", "bag"],
    &["postfach"],
    &["postbus"],
    &["postboks"],
    &["bp"],
    &["boite", "postale"],
    &["case", "postale"],
    &["apartado"],
    &["apdo"],
    &["casilla"],
    &["casella", "postale"],
    &["caixa", "postal"],
];

/// Words between a box's words and its number: `P.O. Box No. 12`,
/// `Apartado Postal 31`, `Apartado Aéreo 7`, `Casilla de Correo 5`.
const POST_OFFICE_BOX_FILLERS: &[&str] = &[
    "no", "nr", "number", "postal", "aereo", "de", "correo", "correos",
];

/// A box number's word: digits, or `X` and digits (South Africa's
/// `Private Bag X1234`).
fn box_number(word: &str) -> Option<&str> {
    let digits = word.strip_prefix('x').unwrap_or(word);
    digits
        .bytes()
        .next()
        .is_some_and(|byte| byte.is_ascii_digit())
        .then_some(digits)
}

/// The number of the post-office box a normalised street is (`P.O. Box
/// 2145`, `Postfach 10 20 30`, `B.P. 7`, `Apartado Postal 31`, `1 Main St,
/// PO Box 5`), as its digits: where the company's mail goes, not where it
/// is. `None` for a street.
pub fn post_office_box(street: &str) -> Option<String> {
    // Most streets have none of the words: nothing is allocated for them.
    let begins_a_box = |word: &str| POST_OFFICE_BOX_WORDS.iter().any(|words| words[0] == word);
    if !street.split(' ').any(begins_a_box) {
        return None;
    }
    let words: Vec<&str> = street.split(' ').collect();
    (0..words.len()).find_map(|start| {
        POST_OFFICE_BOX_WORDS.iter().find_map(|box_words| {
            let after = start + box_words.len();
            if words.get(start..after) != Some(*box_words) {
                return None;
            }
            let mut rest = words[after..]
                .iter()
                .skip_while(|word| POST_OFFICE_BOX_FILLERS.contains(word))
                .map_while(|word| box_number(word))
                .peekable();
            rest.peek()?;
            Some(rest.collect())
        })
    })
}

/// Street types as [`normalize_street`] writes them. They do not tell one
/// street from another, and a building's word before one names a street
/// (`Park Avenue`, `Mill Road`).
const STREET_TYPES: &[&str] = &[
    "st", "ave", "rd", "blvd", "ln", "dr", "ct", "pl", "sq", "hwy", "pkwy", "way",
];

/// Directions, and the words some countries put before a street's name:
/// with the [`STREET_TYPES`], the words that do not tell one street from
/// another.
const DIRECTIONS_AND_LEADING_WORDS: &[&str] = &[
    "n", "s", "e", "w", "ne", "nw", "se", "sw", "the", "calle", "rue", "via", "avenida", "avda",
    "av", "de", "del", "la", "le", "du", "des", "di",
];

/// Whether a word of a normalised street tells one street from another (not
/// a type, a direction or a word some countries put before the name).
fn tells_streets_apart(word: &str) -> bool {
    !STREET_TYPES.contains(&word) && !DIRECTIONS_AND_LEADING_WORDS.contains(&word)
}

/// Words that name a unit inside a building (`normalize_street` writes
/// `Suite` as `ste`, `Building` as `bldg`): they and the number after them
/// are not the house.
const UNIT_WORDS: &[&str] = &["ste", "fl", "bldg", "unit", "apt", "room", "rm"];

/// Whether a word of a normalised street names a unit inside a building.
fn is_unit_word(word: &str) -> bool {
    UNIT_WORDS.contains(&word)
}

/// Whether a word of a normalised street is a number: digits only, as `5th`
/// and `42nd` are streets' names.
fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_digit())
}

/// Words that name a building rather than a street, as [`normalize_street`]
/// writes them (`Building` is `bldg`): `Riverside House`, `Canary Wharf Tower`,
/// `Empire State Building`, `World Financial Center`, `Haus am See`.
const BUILDING_WORDS: &[&str] = &[
    "bldg", "house", "tower", "towers", "centre", "center", "hall", "mall", "chambers", "mill",
    "complex", "park", "haus", "gebaude", "zentrum", "torre", "edificio", "centro", "immeuble",
];

/// Whether a normalised street names only a building (`Riverside House`,
/// `Bldg A Fort Mason`, `Unit 5 Cambridge Science Park`): a building's word
/// with a name of its own, no street type after it (`Park Avenue` is a
/// street) and no house number (`12`, `12a`; a unit's number, `Unit 5`, is
/// not a house's).
pub fn is_building_name(street: &str) -> bool {
    let mut after_a_unit_word = false;
    let (mut building_word, mut street_type_after_it, mut named) = (false, false, false);
    for word in street.split(' ').filter(|word| !word.is_empty()) {
        let begins_with_a_digit = word.as_bytes()[0].is_ascii_digit();
        if begins_with_a_digit && !after_a_unit_word {
            return false;
        }
        if BUILDING_WORDS.contains(&word) {
            building_word = true;
            street_type_after_it = false;
        } else if STREET_TYPES.contains(&word) {
            street_type_after_it |= building_word;
        } else if !begins_with_a_digit && !is_unit_word(word) && tells_streets_apart(word) {
            named = true;
        }
        after_a_unit_word = is_unit_word(word);
    }
    building_word && !street_type_after_it && named
}

/// What an address is indexed and looked up under: the house number (its
/// first run of numbers) and the street's first telling word (`1347 w erie
/// st` → `1347 erie`, `haupt st 5` → `5 haupt`, `350 5th ave` → `350 5th`);
/// none for a P.O. box, a street without a number, or one without a word.
/// A unit and its number (`Suite 200`) are left out wherever they are.
pub fn street_key(street: &str) -> Option<String> {
    // A box is no place to meet a company at.
    if post_office_box(street).is_some() {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    let mut tokens = street.split(' ').filter(|word| !word.is_empty()).peekable();
    while let Some(word) = tokens.next() {
        if is_unit_word(word) {
            tokens.next_if(|next| is_number(next));
            continue;
        }
        words.push(word);
    }
    // The first run of numbers: `6-14-16 Bridge` (read `6 14 16 bridge`) is
    // one house.
    let first = words.iter().position(|word| is_number(word))?;
    let number = words[first..]
        .iter()
        .copied()
        .take_while(|word| is_number(word))
        .collect::<Vec<_>>()
        .join(" ");
    let name = words
        .iter()
        .find(|word| !is_number(word) && tells_streets_apart(word))?;
    Some(format!("{number} {name}"))
}

/// Regions whose names and codes are both common, by ISO country code.
const REGIONS: &[(&str, &str, &str)] = &[
    ("US", "AL", "Alabama"),
    ("US", "AK", "Alaska"),
    ("US", "AZ", "Arizona"),
    ("US", "AR", "Arkansas"),
    ("US", "CA", "California"),
    ("US", "CO", "Colorado"),
    ("US", "CT", "Connecticut"),
    ("US", "DE", "Delaware"),
    ("US", "DC", "District of Columbia"),
    ("US", "FL", "Florida"),
    ("US", "GA", "Georgia"),
    ("US", "HI", "Hawaii"),
    ("US", "ID", "Idaho"),
    ("US", "IL", "Illinois"),
    ("US", "IN", "Indiana"),
    ("US", "IA", "Iowa"),
    ("US", "KS", "Kansas"),
    ("US", "KY", "Kentucky"),
    ("US", "LA", "Louisiana"),
    ("US", "ME", "Maine"),
    ("US", "MD", "Maryland"),
    ("US", "MA", "Massachusetts"),
    ("US", "MI", "Michigan"),
    ("US", "MN", "Minnesota"),
    ("US", "MS", "Mississippi"),
    ("US", "MO", "Missouri"),
    ("US", "MT", "Montana"),
    ("US", "NE", "Nebraska"),
    ("US", "NV", "Nevada"),
    ("US", "NH", "New Hampshire"),
    ("US", "NJ", "New Jersey"),
    ("US", "NM", "New Mexico"),
    ("US", "NY", "New York"),
    ("US", "NC", "North Carolina"),
    ("US", "ND", "North Dakota"),
    ("US", "OH", "Ohio"),
    ("US", "OK", "Oklahoma"),
    ("US", "OR", "Oregon"),
    ("US", "PA", "Pennsylvania"),
    ("US", "RI", "Rhode Island"),
    ("US", "SC", "South Carolina"),
    ("US", "SD", "South Dakota"),
    ("US", "TN", "Tennessee"),
    ("US", "TX", "Texas"),
    ("US", "UT", "Utah"),
    ("US", "VT", "Vermont"),
    ("US", "VA", "Virginia"),
    ("US", "WA", "Washington"),
    ("US", "WV", "West Virginia"),
    ("US", "WI", "Wisconsin"),
    ("US", "WY", "Wyoming"),
    ("US", "PR", "Puerto Rico"),
    ("CA", "AB", "Alberta"),
    ("CA", "BC", "British Columbia"),
    ("CA", "MB", "Manitoba"),
    ("CA", "NB", "New Brunswick"),
    ("CA", "NL", "Newfoundland and Labrador"),
    ("CA", "NS", "Nova Scotia"),
    ("CA", "NT", "Northwest Territories"),
    ("CA", "NU", "Nunavut"),
    ("CA", "ON", "Ontario"),
    ("CA", "PE", "Prince Edward Island"),
    ("CA", "QC", "Quebec"),
    ("CA", "SK", "Saskatchewan"),
    ("CA", "YT", "Yukon"),
    ("AU", "NSW", "New South Wales"),
    ("AU", "VIC", "Victoria"),
    ("AU", "QLD", "Queensland"),
    ("AU", "WA", "Western Australia"),
    ("AU", "SA", "South Australia"),
    ("AU", "TAS", "Tasmania"),
    ("AU", "ACT", "Australian Capital Territory"),
    ("AU", "NT", "Northern Territory"),
    ("DE", "BW", "Baden-Württemberg"),
    ("DE", "BY", "Bavaria"),
    ("DE", "BY", "Bayern"),
    ("DE", "BE", "Berlin"),
    ("DE", "BB", "Brandenburg"),
    ("DE", "HB", "Bremen"),
    ("DE", "HH", "Hamburg"),
    ("DE", "HE", "Hesse"),
    ("DE", "HE", "Hessen"),
    ("DE", "NI", "Lower Saxony"),
    ("DE", "NI", "Niedersachsen"),
    ("DE", "NW", "North Rhine-Westphalia"),
    ("DE", "NW", "Nordrhein-Westfalen"),
    ("DE", "SN", "Saxony"),
    ("DE", "SN", "Sachsen"),
    ("GB", "ENG", "England"),
    ("GB", "SCT", "Scotland"),
    ("GB", "WLS", "Wales"),
    ("GB", "NIR", "Northern Ireland"),
];

/// A region as matching compares it: its code where the country's regions are
/// known (`California` = `CA` in the US), else its folded lowercase words.
pub fn normalize_region(region: &str, country: Option<&str>) -> String {
    let words = words(region).join(" ");
    let matches = |(code, name): (&str, &str)| {
        words == code.to_lowercase() || words == self::words(name).join(" ")
    };
    let in_country = REGIONS
        .iter()
        .filter(|(of, _, _)| country.is_none_or(|country| country.eq_ignore_ascii_case(of)));
    // Without a country, a region name still tells its code when only one
    // country has it (a bare `CA` or `WA` stays ambiguous and as written).
    let found: Vec<&str> = in_country
        .filter(|(_, code, name)| matches((code, name)))
        .map(|(_, code, _)| *code)
        .collect();
    match found.as_slice() {
        [code] => code.to_lowercase(),
        [first, rest @ ..] if rest.iter().all(|code| code == first) => first.to_lowercase(),
        _ => words,
    }
}

/// A postal code as matching compares it: letters and digits only, uppercase
/// (`sw1a 1aa` = `SW1A1AA`; `94105-1234` keeps its ZIP+4).
pub fn normalize_postal_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> String {
        normalize_name(name).key()
    }

    #[test]
    fn legal_forms_of_many_countries_go() {
        for (name, form) in [
            ("Acme Inc", "inc"),
            ("Acme, Inc.", "inc"),
            ("Acme Incorporated", "inc"),
            ("Acme Corp.", "corp"),
            ("Acme LLC", "llc"),
            ("Acme Ltd", "ltd"),
            ("Acme Limited", "ltd"),
            ("Acme plc", "plc"),
            ("Acme GmbH", "gmbh"),
            ("Acme AG", "ag"),
            ("Acme GmbH & Co. KG", "gmbhcokg"),
            ("Acme S.A.", "sa"),
            ("Acme SAS", "sas"),
            ("Acme SARL", "sarl"),
            ("Acme B.V.", "bv"),
            ("Acme N.V.", "nv"),
            ("Acme Pty Ltd", "ptyltd"),
            ("Acme Pty. Ltd.", "ptyltd"),
            ("Acme KK", "kk"),
            ("Acme K.K.", "kk"),
            ("Acme Co., Ltd.", "coltd"),
            ("Acme AB", "ab"),
            ("Acme Oy", "oy"),
            ("Acme Oyj", "oyj"),
            ("Acme S.p.A.", "spa"),
            ("Acme S.r.l.", "srl"),
            ("Acme S.L.", "sl"),
            ("Acme Pvt Ltd", "pvtltd"),
            ("Acme Private Limited", "pvtltd"),
            ("Acme Sp. z o.o.", "spzoo"),
        ] {
            let normalized = normalize_name(name);
            assert_eq!(normalized.key(), "acme", "{name}");
            assert_eq!(normalized.legal_form.as_deref(), Some(form), "{name}");
        }
        // A name that is only a legal-form word keeps it.
        assert_eq!(key("Company"), "company");
        assert_eq!(key("AB"), "ab");
    }

    #[test]
    fn spelling_variants_meet() {
        assert_eq!(key("Smith & Sons Ltd"), key("Smith and Sons Limited"));
        assert_eq!(key("The Acme Group"), key("ACME Grp."));
        assert_eq!(
            key("Globex International Technologies"),
            key("Globex Intl. Tech")
        );
        assert_eq!(key("Société Générale S.A."), "societe generale");
        assert_eq!(key("Müller Maschinenbau GmbH"), "muller maschinenbau");
        assert_eq!(key("Nestlé"), key("NESTLE"));
        assert_eq!(key("Straße AG"), "strasse");
        assert_eq!(key("U.S. Steel Corp"), "us steel");
        assert_eq!(key("A.P. Møller - Mærsk A/S"), "ap moller maersk");
        // Different companies stay different.
        assert_ne!(key("Globex"), key("Globex Financial Services"));
        assert_ne!(key("United Systems"), key("United Solutions"));
    }

    #[test]
    fn streets_regions_and_postal_codes() {
        assert_eq!(
            normalize_street("12 Main Street, Suite 4"),
            "12 main st ste 4"
        );
        assert_eq!(normalize_street("12 Main St."), "12 main st");
        assert_eq!(
            normalize_street("1600 Pennsylvania Avenue NW"),
            "1600 pennsylvania ave nw"
        );
        assert_eq!(
            normalize_street("Hauptstraße 5"),
            normalize_street("Hauptstr. 5")
        );
        assert_eq!(normalize_street("Hauptstraße 5"), "haupt st 5");
        let box_of = |street: &str| post_office_box(&normalize_street(street));
        for (post_office_box, number) in [
            ("P.O. Box 2145", "2145"),
            ("PO Box 12", "12"),
            ("P O Box 12", "12"),
            ("Post Office Box 31", "31"),
            ("GPO Box 2203", "2203"),
            ("Box 5104", "5104"),
            ("P.O. Box No. 1234", "1234"),
            ("Postfach 10 20 30", "102030"),
            ("Postfach 102030", "102030"),
            ("B.P. 7", "7"),
            ("Boîte postale 12", "12"),
            ("Apartado de Correos 31", "31"),
            ("Apartado Postal 31", "31"),
            ("Apdo. 4", "4"),
            ("Casilla de Correo 5", "5"),
            ("Casella Postale 9", "9"),
            ("Caixa Postal 1000", "1000"),
            ("Private Bag X1234", "1234"),
            ("POBox 12", "12"),
            ("RR 2 Box 14", "14"),
            ("12 Main St, PO Box 5", "5"),
        ] {
            assert_eq!(
                box_of(post_office_box).as_deref(),
                Some(number),
                "{post_office_box}"
            );
        }
        for street in [
            "Box Hill Road 4",
            "12 Post Office Square",
            "Postfachstraße 3",
            "Via Po 3",
            "1949 Harbor Avenue",
            "BP",
            "",
        ] {
            assert_eq!(box_of(street), None, "{street}");
        }
        let building = |street: &str| is_building_name(&normalize_street(street));
        for street in [
            "Riverside House",
            "Empire State Building",
            "Bldg. A, Fort Mason",
            "World Financial Center",
            "Unit 5, Cambridge Science Park",
        ] {
            assert!(building(street), "{street}");
        }
        for street in [
            "Riverside House, 12 High Street",
            "Riverside House, 12a High Street",
            "Calle Park 12",
            "Parkstraße 5",
            "30 Rockefeller Plaza",
            "High Street",
            "Park Avenue",
            "Mill Road",
            "Peachtree Center Ave",
            "Park",
            "The Mall",
            "",
        ] {
            assert!(!building(street), "{street}");
        }
        assert_eq!(normalize_region("California", Some("US")), "ca");
        assert_eq!(normalize_region("CA", Some("US")), "ca");
        assert_eq!(normalize_region("new york", None), "ny");
        assert_eq!(normalize_region("Québec", Some("CA")), "qc");
        assert_eq!(normalize_region("Bayern", Some("DE")), "by");
        assert_eq!(normalize_region("Bavaria", None), "by");
        assert_eq!(normalize_region("New South Wales", Some("AU")), "nsw");
        assert_eq!(
            normalize_region("WA", None),
            "wa",
            "Washington or Western Australia: as written"
        );
        assert_eq!(
            normalize_region("Île-de-France", Some("FR")),
            "ile de france"
        );
        assert_eq!(normalize_postal_code("sw1a 1aa"), "SW1A1AA");
        assert_eq!(normalize_postal_code("94105-1234"), "941051234");
        assert_eq!(normalize_postal_code(" 100-0001 "), "1000001");
    }

    #[test]
    fn words_read_initials_and_ampersands() {
        assert_eq!(words("S.p.A."), vec!["spa"]);
        assert_eq!(words("S.p.A"), vec!["spa"]);
        assert_eq!(words("AT&T"), vec!["at", "and", "t"]);
        assert_eq!(words("  Hello,   World! "), vec!["hello", "world"]);
        assert_eq!(words("J. Smith"), vec!["j", "smith"]);
        assert!(words("").is_empty());
    }

    #[test]
    fn a_street_is_keyed_by_its_house_number_and_first_telling_word() {
        let key = |street: &str| street_key(&normalize_street(street));
        assert_eq!(key("1347 W Erie Street").as_deref(), Some("1347 erie"));
        assert_eq!(key("1347 W ERIE"), key("1347 W Erie Street"));
        assert_eq!(key("Harborstraße 21"), key("Harborstr. 21"));
        assert_eq!(key("Calle Mill 39").as_deref(), Some("39 mill"));
        assert_eq!(key("26 rue Harbor").as_deref(), Some("26 harbor"));
        assert_eq!(key("6-14-16 Bridge").as_deref(), Some("6 14 16 bridge"));
        assert_eq!(key("12 Main St, Suite 4"), key("12 Main Street"));
        assert_eq!(
            key("350 5th Avenue").as_deref(),
            Some("350 5th"),
            "an ordinal is a name"
        );
        assert_eq!(key("100 W 42nd St").as_deref(), Some("100 42nd"));
        assert_eq!(
            key("Suite 200, 12 Main St"),
            key("12 Main Street, Suite 200")
        );
        assert_eq!(key("12 Main St, Floor 3").as_deref(), Some("12 main"));
        assert_eq!(
            key("Via Po 3").as_deref(),
            Some("3 po"),
            "a river, not a box"
        );
        assert_eq!(key("P.O. Box 1804"), None, "a box is not a place");
        assert_eq!(key("PO Box 77, 1 Main St"), None);
        assert_eq!(key("Main Street"), None, "no house number");
        assert_eq!(key("1347"), None, "no street");
    }
}

#[cfg(test)]
mod demo_tests {
    use super::*;
    use crate::engine::demo::{default_as_of, Demo, DemoSize};
    use crate::engine::source_kind::SourceKind;

    /// On the demo's messy accounts, normalised names meet their true company's
    /// name far more often than raw names do: suffix changes, `&`/`and`,
    /// abbreviations, capitals and "The" are undone; typos are the matcher's job.
    #[test]
    fn normalised_names_meet_on_the_demo() {
        let demo = Demo::new(DemoSize::Small, 21, default_as_of());
        let accounts = demo.read(SourceKind::Accounts).table;
        let companies = demo.read(SourceKind::Companies).table;
        let truth = demo.true_companies();
        let company_names: std::collections::HashMap<String, String> = (0..companies.rows)
            .map(|row| {
                (
                    companies.text("company_id", row).unwrap(),
                    companies.text("name", row).unwrap(),
                )
            })
            .collect();
        let (mut raw_equal, mut normalized_equal, mut total) = (0, 0, 0);
        for row in 0..accounts.rows {
            let Some(company) = accounts
                .text("account_id", row)
                .and_then(|id| truth.get(&id).cloned())
            else {
                continue;
            };
            let Some(company_name) = company_names.get(&company) else {
                continue;
            };
            let account_name = accounts.text("name", row).unwrap();
            total += 1;
            raw_equal += usize::from(account_name == *company_name);
            normalized_equal += usize::from(
                normalize_name(&account_name).key() == normalize_name(company_name).key(),
            );
        }
        let raw = raw_equal as f64 / total as f64;
        let normalized = normalized_equal as f64 / total as f64;
        println!("names equal: raw {raw:.3}, normalised {normalized:.3} of {total} accounts with a true company");
        assert!(total > 200, "{total}");
        assert!(
            normalized > 0.85 && normalized > raw + 0.3,
            "normalised {normalized:.3} vs raw {raw:.3}"
        );
    }
}
