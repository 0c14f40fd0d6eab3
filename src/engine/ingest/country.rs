//! Countries to ISO 3166 alpha-2: names (English and native), alpha-3 codes and
//! the abbreviations CRMs are full of ("USA", "UK", "U.S.").

use std::collections::HashMap;
use std::sync::OnceLock;

/// One line per country: `alpha-2|alpha-3|names…` (names `;`-separated).
const COUNTRIES: &str = "\
AE|ARE|United Arab Emirates;UAE;Emirates
AR|ARG|Argentina
AT|AUT|Austria;Österreich
AU|AUS|Australia
BE|BEL|Belgium;België;Belgique
BG|BGR|Bulgaria
BR|BRA|Brazil;Brasil
CA|CAN|Canada
CH|CHE|Switzerland;Schweiz;Suisse;Svizzera
CL|CHL|Chile
CN|CHN|China;People's Republic of China;PRC
CO|COL|Colombia
CR|CRI|Costa Rica
CY|CYP|Cyprus
CZ|CZE|Czechia;Czech Republic
DE|DEU|Germany;Deutschland
DK|DNK|Denmark;Danmark
EE|EST|Estonia
EG|EGY|Egypt
ES|ESP|Spain;España;Espana
FI|FIN|Finland;Suomi
FR|FRA|France
GB|GBR|United Kingdom;UK;U.K.;Great Britain;Britain;England;Scotland;Wales;Northern Ireland;United Kingdom of Great Britain and Northern Ireland
GR|GRC|Greece
HK|HKG|Hong Kong
HR|HRV|Croatia
HU|HUN|Hungary
ID|IDN|Indonesia
IE|IRL|Ireland;Republic of Ireland;Éire
IL|ISR|Israel
IN|IND|India
IS|ISL|Iceland
IT|ITA|Italy;Italia
JP|JPN|Japan;Nippon
KE|KEN|Kenya
KR|KOR|South Korea;Korea;Republic of Korea;Korea, Republic of
LT|LTU|Lithuania
LU|LUX|Luxembourg
LV|LVA|Latvia
MA|MAR|Morocco
MT|MLT|Malta
MX|MEX|Mexico;México
MY|MYS|Malaysia
NG|NGA|Nigeria
NL|NLD|Netherlands;The Netherlands;Nederland;Holland
NO|NOR|Norway;Norge
NZ|NZL|New Zealand
PE|PER|Peru
PH|PHL|Philippines
PK|PAK|Pakistan
PL|POL|Poland;Polska
PT|PRT|Portugal
RO|ROU|Romania
RS|SRB|Serbia
RU|RUS|Russia;Russian Federation
SA|SAU|Saudi Arabia
SE|SWE|Sweden;Sverige
SG|SGP|Singapore
SI|SVN|Slovenia
SK|SVK|Slovakia
TH|THA|Thailand
TR|TUR|Turkey;Türkiye;Turkiye
TW|TWN|Taiwan
UA|UKR|Ukraine
US|USA|United States;United States of America;U.S.;U.S.A.;America;US of A
UY|URY|Uruguay
VN|VNM|Vietnam;Viet Nam
ZA|ZAF|South Africa";

/// How names are compared: lowercase, dots and a leading "the" dropped, runs of
/// spaces as one.
fn key(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace('.', "");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

fn table() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for line in COUNTRIES.lines() {
            let mut parts = line.split('|');
            let (Some(alpha2), Some(alpha3), Some(names)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            table.insert(key(alpha2), alpha2);
            table.insert(key(alpha3), alpha2);
            for name in names.split(';') {
                table.insert(key(name), alpha2);
            }
        }
        table
    })
}

/// The ISO alpha-2 code of a country as written, or `None` if it is not one.
pub fn normalize_country(cell: &str) -> Option<&'static str> {
    table().get(&key(cell)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_codes_and_abbreviations() {
        for (written, code) in [
            ("United States", "US"),
            ("USA", "US"),
            ("U.S.", "US"),
            ("us", "US"),
            ("United Kingdom", "GB"),
            ("UK", "GB"),
            ("GBR", "GB"),
            ("England", "GB"),
            ("Deutschland", "DE"),
            ("deu", "DE"),
            ("The Netherlands", "NL"),
            ("Holland", "NL"),
            ("España", "ES"),
            ("  japan ", "JP"),
            ("Korea, Republic of", "KR"),
            ("Türkiye", "TR"),
        ] {
            assert_eq!(normalize_country(written), Some(code), "{written}");
        }
        for unknown in ["", "Atlantis", "EU", "the"] {
            assert_eq!(normalize_country(unknown), None, "{unknown}");
        }
    }
}
