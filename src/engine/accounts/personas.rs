//! Personas (`docs/accounts.md`): a kind of person to count at each company, by
//! five criteria, with the title rules exactly as written there.
//!
//! Counting is done per distinct value, not per person: titles, functions,
//! seniorities and countries are labels (a few hundred thousand distinct
//! titles among ten million people), so each criterion is decided once per
//! label and each person costs four table lookups.

use crate::engine::entry::Entry;
use crate::engine::ingest::table::{Column, Table};
use crate::engine::links::PlacedAt;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// A persona; an empty criterion does not restrict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Persona {
    pub name: String,
    /// Job functions, any of, compared case-insensitively.
    pub functions: Vec<String>,
    /// Canonical seniorities, any of.
    pub seniorities: Vec<String>,
    /// Title keywords or phrases, any of.
    pub title_include: Vec<String>,
    /// Title keywords or phrases, none of.
    pub title_exclude: Vec<String>,
    /// ISO alpha-2 codes, any of.
    pub countries: Vec<String>,
}

/// A workspace's personas (a new workspace starts with the default one).
impl Entry for Vec<Persona> {
    const KEY: &'static str = "personas";
}

impl Persona {
    /// The persona every workspace starts with.
    pub fn default_persona() -> Persona {
        Persona {
            name: "Engineering & IT (by function)".to_string(),
            functions: vec![
                "Engineering".to_string(),
                "Information Technology".to_string(),
            ],
            ..Persona::default()
        }
    }
}

/// Six personas of the kinds sales teams count: the demo workspace's, and
/// what the benchmarks count.
pub fn sample_personas() -> Vec<Persona> {
    let persona = |name: &str, include: &[&str], exclude: &[&str], seniorities: &[&str]| Persona {
        name: name.to_string(),
        title_include: include.iter().map(|item| item.to_string()).collect(),
        title_exclude: exclude.iter().map(|item| item.to_string()).collect(),
        seniorities: seniorities.iter().map(|item| item.to_string()).collect(),
        ..Persona::default()
    };
    vec![
        Persona::default_persona(),
        persona(
            "Software developers",
            &["software engineer", "developer", "swe", "programmer"],
            &["sales", "manager"],
            &[],
        ),
        persona(
            "Data & analytics",
            &["data*", "analytics", "machine learning"],
            &[],
            &[],
        ),
        persona(
            "Engineering leaders",
            &["engineer*", "platform", "cto"],
            &[],
            &["Director", "VP", "CXO"],
        ),
        persona(
            "Sales",
            &["sales", "account executive", "sdr", "bdr"],
            &[],
            &[],
        ),
        persona(
            "Security",
            &["security", "secops", "infosec"],
            &["physical"],
            &[],
        ),
    ]
}

/// A title or keyword as the title rules compare them: lowercased, every
/// character that is not a letter or digit a space, split into words.
fn title_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// One keyword of `title_include` or `title_exclude`, ready to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    words: Vec<String>,
    /// The keyword ended in `*`: its last word matches any word it begins.
    prefix: bool,
}

impl Keyword {
    pub fn new(keyword: &str) -> Keyword {
        let trimmed = keyword.trim();
        Keyword {
            prefix: trimmed.ends_with('*'),
            words: title_words(trimmed),
        }
    }

    /// Whether the keyword's words appear as consecutive whole words of the
    /// title's words.
    pub fn matches(&self, title: &[String]) -> bool {
        let count = self.words.len();
        if count == 0 || title.len() < count {
            return false;
        }
        title.windows(count).any(|window| {
            window
                .iter()
                .zip(&self.words)
                .enumerate()
                .all(|(at, (word, keyword))| {
                    if self.prefix && at + 1 == count {
                        word.starts_with(keyword.as_str())
                    } else {
                        word == keyword
                    }
                })
        })
    }
}

/// Why a title is or is not the persona's, for the live preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleVerdict {
    /// Passes the title criteria.
    Included,
    /// Contains an include keyword but also an exclude keyword.
    Excluded,
    /// Has no include keyword.
    NotIncluded,
}

/// A persona compiled for counting.
#[derive(Debug, Clone)]
pub struct PersonaRule {
    include: Vec<Keyword>,
    exclude: Vec<Keyword>,
    functions: Vec<String>,
    seniorities: Vec<String>,
    countries: Vec<String>,
}

impl PersonaRule {
    pub fn new(persona: &Persona) -> PersonaRule {
        let lower = |items: &[String]| -> Vec<String> {
            items
                .iter()
                .map(|item| item.trim().to_lowercase())
                .filter(|item| !item.is_empty())
                .collect()
        };
        let keywords = |items: &[String]| -> Vec<Keyword> {
            items
                .iter()
                .map(|item| Keyword::new(item))
                .filter(|keyword| !keyword.words.is_empty())
                .collect()
        };
        PersonaRule {
            include: keywords(&persona.title_include),
            exclude: keywords(&persona.title_exclude),
            functions: lower(&persona.functions),
            seniorities: lower(&persona.seniorities),
            countries: lower(&persona.countries),
        }
    }

    /// How the title criteria judge a title (`None`: no title).
    pub fn title_verdict(&self, title: Option<&str>) -> TitleVerdict {
        let words = title_words(title.unwrap_or_default());
        let included =
            self.include.is_empty() || self.include.iter().any(|keyword| keyword.matches(&words));
        if !included {
            TitleVerdict::NotIncluded
        } else if self.exclude.iter().any(|keyword| keyword.matches(&words)) {
            TitleVerdict::Excluded
        } else {
            TitleVerdict::Included
        }
    }

    fn any_of(allowed: &[String], value: Option<&str>) -> bool {
        allowed.is_empty()
            || value.is_some_and(|value| {
                allowed
                    .iter()
                    .any(|item| item.eq_ignore_ascii_case(value.trim()))
            })
    }

    /// Whether one person matches: every non-empty criterion holds.
    pub fn matches(
        &self,
        title: Option<&str>,
        function: Option<&str>,
        seniority: Option<&str>,
        country: Option<&str>,
    ) -> bool {
        Self::any_of(&self.functions, function)
            && Self::any_of(&self.seniorities, seniority)
            && Self::any_of(&self.countries, country)
            && self.title_verdict(title) == TitleVerdict::Included
    }
}

/// A criterion decided once per distinct value of a column: per pool code for
/// a label column, per row otherwise, once for a column the table lacks.
enum Decided<'a> {
    ByCode {
        codes: &'a [u32],
        decided: Vec<bool>,
    },
    ByRow(Vec<bool>),
    Always(bool),
}

impl<'a> Decided<'a> {
    fn new(table: &'a Table, field: &str, decide: impl Fn(Option<&str>) -> bool) -> Decided<'a> {
        match table.column(field) {
            Some(Column::Label(codes)) => {
                let mut decided = vec![false; table.pool.len().max(1)];
                let mut seen = vec![false; decided.len()];
                for code in codes {
                    let code = *code as usize;
                    if !seen[code] {
                        seen[code] = true;
                        decided[code] = decide((code != 0).then(|| table.pool.get(code as u32)));
                    }
                }
                Decided::ByCode { codes, decided }
            }
            Some(column) => Decided::ByRow(
                (0..table.rows)
                    .map(|row| decide(table.cell_text(column, row).as_deref()))
                    .collect(),
            ),
            None => Decided::Always(decide(None)),
        }
    }

    fn holds(&self, row: usize) -> bool {
        match self {
            Decided::ByCode { codes, decided } => decided[codes[row] as usize],
            Decided::ByRow(by_row) => by_row[row],
            Decided::Always(value) => *value,
        }
    }
}

/// Which people (rows of a people table) match a persona.
pub fn matching_people(people: &Table, persona: &Persona) -> Vec<bool> {
    let rule = PersonaRule::new(persona);
    // An empty criterion holds for everyone: no need to look at its column.
    let decide = |field: &str, empty: bool, holds: &dyn Fn(Option<&str>) -> bool| {
        if empty {
            Decided::Always(true)
        } else {
            Decided::new(people, field, holds)
        }
    };
    let title = decide(
        "title",
        rule.include.is_empty() && rule.exclude.is_empty(),
        &|title| rule.title_verdict(title) == TitleVerdict::Included,
    );
    let function = decide("job_function", rule.functions.is_empty(), &|value| {
        PersonaRule::any_of(&rule.functions, value)
    });
    let seniority = decide("seniority", rule.seniorities.is_empty(), &|value| {
        PersonaRule::any_of(&rule.seniorities, value)
    });
    let country = decide("country", rule.countries.is_empty(), &|value| {
        PersonaRule::any_of(&rule.countries, value)
    });
    (0..people.rows)
        .map(|row| {
            function.holds(row) && seniority.holds(row) && country.holds(row) && title.holds(row)
        })
        .collect()
}

/// The companies people work at, as slots: a persona's counts are a vector
/// indexed by slot (the pool code of the company id, people's `company_id`
/// being a label), so counting never builds a string. Without a company
/// database, the slots are the CRM accounts people are placed at
/// (`account_id`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompanySlots {
    by_id: FxHashMap<String, u32>,
    slots: usize,
    /// Where the people were placed: the field naming it is [`PlacedAt::field`].
    key: PlacedAt,
}

impl CompanySlots {
    pub fn of(people: &Table) -> CompanySlots {
        CompanySlots::at(people, PlacedAt::Companies)
    }

    /// The slots of the companies or accounts people are placed at.
    pub fn at(people: &Table, key: PlacedAt) -> CompanySlots {
        let field = key.field();
        let mut by_id = FxHashMap::default();
        match people.column(field) {
            Some(Column::Label(codes)) => {
                let mut seen = vec![false; people.pool.len().max(1)];
                for code in codes {
                    seen[*code as usize] = true;
                }
                for (code, _) in seen.iter().enumerate().skip(1).filter(|(_, seen)| **seen) {
                    by_id.insert(people.pool.get(code as u32).to_string(), code as u32);
                }
                CompanySlots {
                    by_id,
                    slots: seen.len(),
                    key,
                }
            }
            _ => {
                for row in 0..people.rows {
                    if let Some(id) = people.text(field, row) {
                        let next = by_id.len() as u32 + 1;
                        by_id.entry(id).or_insert(next);
                    }
                }
                let slots = by_id.len() + 1;
                CompanySlots { by_id, slots, key }
            }
        }
    }

    /// Slots for these ids (each once), after the slot of the people
    /// without one.
    pub fn of_ids<'a>(key: PlacedAt, ids: impl IntoIterator<Item = &'a str>) -> CompanySlots {
        let mut by_id = FxHashMap::default();
        for id in ids {
            let next = by_id.len() as u32 + 1;
            by_id.entry(id.to_string()).or_insert(next);
        }
        let slots = by_id.len() + 1;
        CompanySlots { by_id, slots, key }
    }

    /// Each id with its slot, in no particular order.
    pub fn ids(&self) -> impl Iterator<Item = (&str, usize)> {
        self.by_id
            .iter()
            .map(|(id, slot)| (id.as_str(), *slot as usize))
    }

    /// Whether the slots are companies or accounts.
    pub fn placed_at(&self) -> PlacedAt {
        self.key
    }

    /// A company's slot, if anyone works there.
    pub fn slot(&self, company_id: &str) -> Option<usize> {
        self.by_id.get(company_id).map(|slot| *slot as usize)
    }

    /// How many of the marked people work at each company, by slot.
    pub fn count(&self, people: &Table, marked: &[bool]) -> Vec<u32> {
        let mut counts = vec![0u32; self.slots];
        let field = self.key.field();
        match people.column(field) {
            Some(Column::Label(codes)) => {
                for (code, marked) in codes.iter().zip(marked) {
                    counts[*code as usize] += u32::from(*marked);
                }
            }
            _ => {
                for row in (0..people.rows).filter(|row| marked[*row]) {
                    if let Some(slot) = people.text(field, row).and_then(|id| self.slot(&id)) {
                        counts[slot] += 1;
                    }
                }
            }
        }
        counts[0] = 0; // people without a company
        counts
    }
}

/// What the persona editor shows while a person types: the total, and a
/// sample of matching titles and of near misses (titles that contain a
/// keyword's word but were excluded or did not match).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonaPreview {
    pub matching: u64,
    pub matching_titles: Vec<(String, u64)>,
    pub near_misses: Vec<(String, u64)>,
}

/// The preview of a persona over a people table.
pub fn preview(people: &Table, persona: &Persona, sample: usize) -> PersonaPreview {
    let matches = matching_people(people, persona);
    let rule = PersonaRule::new(persona);
    let keyword_words: Vec<String> = rule
        .include
        .iter()
        .chain(&rule.exclude)
        .flat_map(|keyword| keyword.words.clone())
        .collect();
    // People per distinct title, matching and not: tallied by pool code
    // (titles are labels), then each title judged once.
    let mut tallies: Vec<(String, u64, u64)> = match people.column("title") {
        Some(Column::Label(codes)) => {
            let mut by_code = vec![(0u64, 0u64); people.pool.len().max(1)];
            for (code, matched) in codes.iter().zip(&matches) {
                let tally = &mut by_code[*code as usize];
                if *matched {
                    tally.0 += 1;
                } else {
                    tally.1 += 1;
                }
            }
            by_code
                .into_iter()
                .enumerate()
                .filter(|(_, (yes, no))| yes + no > 0)
                .map(|(code, (yes, no))| (people.pool.get(code as u32).to_string(), yes, no))
                .collect()
        }
        _ => {
            let mut by_title: FxHashMap<String, (u64, u64)> = FxHashMap::default();
            for (row, matched) in matches.iter().enumerate() {
                let tally = by_title
                    .entry(people.text("title", row).unwrap_or_default())
                    .or_default();
                if *matched {
                    tally.0 += 1;
                } else {
                    tally.1 += 1;
                }
            }
            by_title
                .into_iter()
                .map(|(title, (yes, no))| (title, yes, no))
                .collect()
        }
    };
    let total = tallies.iter().map(|(_, yes, _)| yes).sum();
    let mut matching_titles: FxHashMap<String, u64> = Default::default();
    let mut near: FxHashMap<String, u64> = Default::default();
    for (title, yes, no) in tallies.drain(..) {
        if title.is_empty() {
            continue;
        }
        // A title that holds one of the keywords' words yet kept people out:
        // excluded, or kept out by another criterion.
        let near_miss = no > 0
            && (rule.title_verdict(Some(&title)) == TitleVerdict::Excluded
                || title_words(&title).iter().any(|word| {
                    keyword_words
                        .iter()
                        .any(|keyword| word.starts_with(keyword.as_str()))
                }));
        if near_miss {
            near.insert(title.clone(), no);
        }
        if yes > 0 {
            matching_titles.insert(title, yes);
        }
    }
    let top = |counts: FxHashMap<String, u64>| {
        let mut list: Vec<(String, u64)> = counts.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(sample);
        list
    };
    PersonaPreview {
        matching: total,
        matching_titles: top(matching_titles),
        near_misses: top(near),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::{ingest, IngestOptions};
    use crate::engine::source_kind::SourceKind;

    fn developers() -> Persona {
        Persona {
            name: "Software developers (by title)".into(),
            title_include: vec![
                "software engineer".into(),
                "developer".into(),
                "swe".into(),
                "engineer*".into(),
            ],
            title_exclude: vec!["sales".into(), "manager".into()],
            seniorities: vec!["Entry".into(), "Senior".into()],
            ..Persona::default()
        }
    }

    #[test]
    fn title_rules_with_real_titles() {
        let engineer = Keyword::new("engineer");
        assert!(engineer.matches(&title_words("Sr. Software Engineer")));
        assert!(!engineer.matches(&title_words("Engineering Manager")));
        assert!(Keyword::new("engineer*").matches(&title_words("Engineering Manager")));
        assert!(
            Keyword::new("software engineer").matches(&title_words("Senior Software Engineer II"))
        );
        assert!(!Keyword::new("software engineer").matches(&title_words("Software Test Engineer")));
        assert!(Keyword::new("swe").matches(&title_words("SWE II")));
        assert!(Keyword::new("platform engineering")
            .matches(&title_words("Head of Platform Engineering")));
        assert!(
            Keyword::new("c++").matches(&title_words("C++ developer")),
            "`c++` reads as the word `c`"
        );

        let rule = PersonaRule::new(&developers());
        let person =
            |title: &str, seniority: &str| rule.matches(Some(title), None, Some(seniority), None);
        assert!(person("Sr. Software Engineer", "Senior"));
        assert!(person("SWE II", "Entry"));
        assert!(
            !person("Sales Engineer", "Senior"),
            "excluded by `sales`: exclude wins"
        );
        assert_eq!(
            rule.title_verdict(Some("Sales Engineer")),
            TitleVerdict::Excluded
        );
        assert!(!person("VP Engineering", "VP"), "excluded by seniority");
        assert!(!person("Head of Platform Engineering", "Director"));
        assert!(
            !rule.matches(None, None, Some("Senior"), None),
            "no title, no title match"
        );
    }

    #[test]
    fn functions_countries_and_empty_criteria() {
        let rule = PersonaRule::new(&Persona::default_persona());
        assert!(
            rule.matches(Some("Anything"), Some("engineering"), None, None),
            "case-insensitive"
        );
        assert!(rule.matches(None, Some("Information Technology"), Some("VP"), Some("DE")));
        assert!(!rule.matches(Some("Software Engineer"), Some("Sales"), None, None));
        assert!(!rule.matches(Some("Software Engineer"), None, None, None));
        let in_germany = PersonaRule::new(&Persona {
            countries: vec!["DE".into()],
            ..Persona::default()
        });
        assert!(in_germany.matches(None, None, None, Some("DE")));
        assert!(!in_germany.matches(None, None, None, Some("FR")));
        assert!(
            PersonaRule::new(&Persona::default()).matches(None, None, None, None),
            "no criteria: everyone"
        );
    }

    #[test]
    fn counts_per_company_and_preview() {
        let people = ingest(
            b"Person ID,Company ID,Title,Seniority\n\
              p1,C1,Sr. Software Engineer,Senior\n\
              p2,C1,Sales Engineer,Senior\n\
              p3,C1,SWE II,Junior\n\
              p4,C2,Software Engineer,sr\n\
              p5,C2,VP Engineering,Vice President\n\
              p6,C3,Accountant,Senior\n",
            SourceKind::People,
            &IngestOptions::default(),
        )
        .unwrap()
        .table;
        let matches = matching_people(&people, &developers());
        assert_eq!(matches, [true, false, true, true, false, false]);
        let slots = CompanySlots::of(&people);
        let counts = slots.count(&people, &matches);
        let count = |id: &str| slots.slot(id).map(|slot| counts[slot]);
        assert_eq!(count("C1"), Some(2));
        assert_eq!(count("C2"), Some(1));
        assert_eq!(count("C3"), Some(0));
        assert_eq!(count("C4"), None, "nobody works there");
        let preview = preview(&people, &developers(), 10);
        assert_eq!(preview.matching, 3);
        assert!(preview
            .near_misses
            .iter()
            .any(|(title, _)| title == "Sales Engineer"));
        assert!(preview
            .near_misses
            .iter()
            .any(|(title, _)| title == "VP Engineering"));
        assert!(!preview
            .near_misses
            .iter()
            .any(|(title, _)| title == "Accountant"));
    }

    #[test]
    fn personas_read_with_missing_keys() {
        let personas: Vec<Persona> =
            serde_json::from_str(r#"[{"name": "Devs", "title_include": ["developer"]}]"#).unwrap();
        assert_eq!(personas[0].title_include, ["developer"]);
        assert!(personas[0].functions.is_empty());
    }
}
