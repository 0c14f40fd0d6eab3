//! The comparison model, described as data in the spirit of Splink: for each
//! compared field, its levels (exact, similar, different, missing) and the
//! weight each level adds to the log-odds that an account and a company are
//! the same; three term-frequency terms that weaken an exact name or website
//! shared by many companies ("United Systems", a parent's site on every
//! subsidiary) and a city many companies are in (London tells less than
//! Harrogate); and a bias.
//!
//! A candidate's *score* is the bias plus its weights. The candidates of one
//! account compete: the probability that candidate `j` is the account's
//! company is `e^score_j / (1 + Σ e^score_k)`, the `1` standing for "none of
//! them" (a conditional logit with an outside option). The weights are
//! estimated by maximum likelihood on the labelled demo generator (see
//! `quality::fit` and the `estimate_the_match_model` test), which also makes
//! the probabilities calibrated there; each workspace then re-estimates them
//! on its own data ([`estimate`](super::estimate)).

use crate::engine::matching::normalize::{
    is_building_name, post_office_box, street_key, NormalizedName,
};
use crate::engine::matching::record::MatchRecord;

/// The per-field evidence letter of a match grade (`docs/matching.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// `A`: the same.
    Same,
    /// `B`: similar.
    Similar,
    /// `F`: different.
    Different,
    /// `Z`: missing on either side.
    Missing,
}

impl Grade {
    pub fn letter(self) -> char {
        match self {
            Grade::Same => 'A',
            Grade::Similar => 'B',
            Grade::Different => 'F',
            Grade::Missing => 'Z',
        }
    }
}

/// One level of a comparison.
#[derive(Debug, Clone, Copy)]
pub struct Level {
    pub label: &'static str,
    pub grade: Grade,
}

/// One compared field and its levels, most alike first; the last level is
/// always "missing", whose weight is zero (no evidence either way).
#[derive(Debug, Clone, Copy)]
pub struct Comparison {
    pub field: &'static str,
    pub levels: &'static [Level],
}

const fn level(label: &'static str, grade: Grade) -> Level {
    Level { label, grade }
}

use Grade::{Different, Missing, Same, Similar};

/// The place of each comparison in [`COMPARISONS`], in [`Evidence::levels`]
/// and in the match grade's letters.
pub mod field {
    pub const NAME: usize = 0;
    pub const WEBSITE: usize = 1;
    pub const STREET: usize = 2;
    pub const CITY: usize = 3;
    pub const REGION: usize = 4;
    pub const POSTAL_CODE: usize = 5;
    pub const COUNTRY: usize = 6;
}

/// The levels the comparison functions return, by their place among the
/// labels of [`COMPARISONS`] (a test holds the two together).
pub mod level {
    /// The name's levels.
    pub mod name {
        pub const SAME_WITH_LEGAL_FORM: u8 = 0;
        pub const SAME_WORDS: u8 = 1;
        pub const SAME_BUT_A_TYPO: u8 = 2;
        pub const INITIALS: u8 = 3;
        pub const MOST_WORDS: u8 = 4;
        pub const SOME_WORDS: u8 = 5;
        pub const DIFFERENT: u8 = 6;
        pub const MISSING: u8 = 7;
    }
    /// The levels of the postal code, which is compared with the street in
    /// mind: a company at another address of the same postal code (another
    /// street, or another number) is a neighbour more often than the
    /// account's company.
    pub mod postal_code {
        pub const SAME: u8 = 0;
        pub const SAME_AT_ANOTHER_ADDRESS: u8 = 1;
        pub const SIMILAR: u8 = 2;
        pub const DIFFERENT: u8 = 3;
        pub const MISSING: u8 = 4;
    }
    /// The levels of website, street and city.
    pub mod graded {
        pub const SAME: u8 = 0;
        pub const SIMILAR: u8 = 1;
        pub const DIFFERENT: u8 = 2;
        pub const MISSING: u8 = 3;
    }
    /// The levels of region and country, compared exactly.
    pub mod exact {
        pub const SAME: u8 = 0;
        pub const DIFFERENT: u8 = 1;
        pub const MISSING: u8 = 2;
    }
}

/// The comparisons, in [`field`] order.
pub const COMPARISONS: [Comparison; 7] = [
    Comparison {
        field: "name",
        levels: &[
            level("the same words and legal form", Same),
            level("the same words", Same),
            level("the same words, but for a typo or spacing", Similar),
            level("one is the other's initials", Similar),
            level("most of the words, by rarity", Similar),
            level("some of the words, by rarity", Similar),
            level("different", Different),
            level("missing", Missing),
        ],
    },
    Comparison {
        field: "website",
        levels: &[
            level("the same domain", Same),
            level("the same name under another suffix", Similar),
            level("different", Different),
            level("missing", Missing),
        ],
    },
    Comparison {
        field: "street",
        levels: &[
            level("the same", Same),
            level("the same address, written another way", Similar),
            level("different", Different),
            level("missing", Missing),
        ],
    },
    Comparison {
        field: "city",
        levels: &[
            level("the same", Same),
            level("similar", Similar),
            level("different", Different),
            level("missing", Missing),
        ],
    },
    Comparison {
        field: "region",
        levels: &[
            level("the same", Same),
            level("different", Different),
            level("missing", Missing),
        ],
    },
    Comparison {
        field: "postal_code",
        levels: &[
            level("the same", Same),
            level("the same, at another address", Same),
            level("the same area", Similar),
            level("different", Different),
            level("missing", Missing),
        ],
    },
    Comparison {
        field: "country",
        levels: &[
            level("the same", Same),
            level("different", Different),
            level("missing", Missing),
        ],
    },
];

/// What the model needs to know of the company database to weigh a name.
pub trait Frequencies {
    /// How rare a name token is among companies: `ln((n + 1) / (postings + 1))`.
    fn token_rarity(&self, token: &str) -> f64;
    /// How many companies have exactly this normalised name.
    fn companies_named(&self, name: &NormalizedName) -> u32;
    /// How many companies have this registrable domain.
    fn companies_on_domain(&self, domain: &str) -> u32;
    /// How many companies are in this (normalised) city, and how many are in
    /// a typical company's city (`Σ n² / N` over the cities: the size of a
    /// company's city, on average over the companies).
    fn companies_in_city(&self, city: &str) -> (u32, u32);
}

/// The outcome of comparing one account with one company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// The level of each comparison, in [`COMPARISONS`] order.
    pub levels: [u8; COMPARISONS.len()],
    /// Companies sharing the exact name, when the names are the same (else 1).
    pub name_shared_by: u32,
    /// Companies sharing the domain, when the domains are the same (else 1).
    pub domain_shared_by: u32,
    /// Companies in the city, when the cities are the same, and in a typical
    /// company's city (else 1 and 1).
    pub city_shared_by: (u32, u32),
}

impl Evidence {
    /// The match grade: one letter per field (`ABZAAFA`).
    pub fn grade(&self) -> String {
        self.levels
            .iter()
            .zip(COMPARISONS.iter())
            .map(|(level, comparison)| comparison.levels[*level as usize].grade.letter())
            .collect()
    }
}

/// Compares an account with a company, field by field.
pub fn compare(
    account: &MatchRecord,
    company: &MatchRecord,
    frequencies: &impl Frequencies,
) -> Evidence {
    // A name written after a parent's is compared as well, as it is.
    let name = [Some(&account.name), account.own_name.as_ref()]
        .into_iter()
        .flatten()
        .flat_map(|account_name| {
            [Some(&company.name), company.own_name.as_ref()]
                .into_iter()
                .flatten()
                .map(move |company_name| name_level(account_name, company_name, frequencies))
        })
        .min()
        .unwrap_or(level::name::MISSING);
    let website = website_level(account.domain.as_deref(), company.domain.as_deref());
    let mut levels = [0; COMPARISONS.len()];
    levels[field::NAME] = name;
    levels[field::WEBSITE] = website;
    let street = street_level(account.street.as_deref(), company.street.as_deref());
    levels[field::STREET] = street;
    let city = text_level(account.city.as_deref(), company.city.as_deref());
    levels[field::CITY] = city;
    levels[field::REGION] = exact_level(account.region.as_deref(), company.region.as_deref());
    levels[field::POSTAL_CODE] = postal_code_level(
        account.postal_code.as_deref(),
        company.postal_code.as_deref(),
        street,
    );
    levels[field::COUNTRY] = exact_level(account.country.as_deref(), company.country.as_deref());
    Evidence {
        levels,
        name_shared_by: if name <= level::name::SAME_WORDS {
            frequencies.companies_named(&company.name).max(1)
        } else {
            1
        },
        domain_shared_by: match (website, company.domain.as_deref()) {
            (level::graded::SAME, Some(domain)) => frequencies.companies_on_domain(domain).max(1),
            _ => 1,
        },
        city_shared_by: match (city, company.city.as_deref()) {
            (level::graded::SAME, Some(name)) => {
                let (here, typically) = frequencies.companies_in_city(name);
                (here.max(1), typically.max(1))
            }
            _ => (1, 1),
        },
    }
}

/// Whether two tokens are the same but for one slip (swap, drop, double, or
/// a changed letter) — only for tokens long enough that one slip leaves them
/// recognisable.
fn tokens_alike(a: &str, b: &str) -> bool {
    let one_slip =
        |a: &str, b: &str| a.len() >= 4 && b.len() >= 4 && strsim::osa_distance(a, b) <= 1;
    let confusable = |token: &str| {
        token.contains("rn")
            || token.contains("vv")
            || token.bytes().any(|byte| matches!(byte, b'0' | b'1' | b'5'))
    };
    a == b
        || one_slip(a, b)
        || ((confusable(a) || confusable(b)) && one_slip(&as_read_by_ocr(a), &as_read_by_ocr(b)))
}

/// A token with the characters a scanner confuses made one (`rn` and `m`,
/// `0` and `o`, `1` and `l`, `5` and `s`): historic or scanned lists spell
/// "Nakamura" as "Nakarnura".
fn as_read_by_ocr(token: &str) -> String {
    token
        .replace("rn", "m")
        .replace("vv", "w")
        .chars()
        .map(|character| match character {
            '0' => 'o',
            '1' => 'l',
            '5' => 's',
            other => other,
        })
        .collect()
}

/// Whether `part` is what is left of `whole` after a cut: its beginning, of
/// three letters or more.
fn cut_from(part: &str, whole: &str) -> bool {
    part.len() >= 3 && whole.len() > part.len() && whole.starts_with(part)
}

/// Whether `short` (one token) is the initials of `long` (two or more).
fn is_initials(short: &NormalizedName, long: &NormalizedName) -> bool {
    short.tokens.len() == 1
        && long.tokens.len() >= 2
        && short.tokens[0].len() == long.tokens.len()
        && long
            .tokens
            .iter()
            .zip(short.tokens[0].chars())
            .all(|(token, initial)| token.starts_with(initial))
}

fn name_level(a: &NormalizedName, b: &NormalizedName, frequencies: &impl Frequencies) -> u8 {
    use level::name::*;
    if a.tokens.is_empty() || b.tokens.is_empty() {
        return MISSING;
    }
    if a.tokens == b.tokens {
        return if a.legal_form.is_some() && a.legal_form == b.legal_form {
            SAME_WITH_LEGAL_FORM
        } else {
            SAME_WORDS
        };
    }
    if a.tokens.concat() == b.tokens.concat() {
        return SAME_BUT_A_TYPO;
    }
    if is_initials(a, b) || is_initials(b, a) {
        return INITIALS;
    }
    // Pair each of a's tokens with an unused alike token of b's; weigh every
    // token by its rarity, so that sharing "Velquora" counts for much and
    // sharing "Systems" for little.
    let a_weights: Vec<f64> = a
        .tokens
        .iter()
        .map(|token| frequencies.token_rarity(token))
        .collect();
    let b_weights: Vec<f64> = b
        .tokens
        .iter()
        .map(|token| frequencies.token_rarity(token))
        .collect();
    let mut used = vec![false; b.tokens.len()];
    let mut shared = 0.0;
    let mut paired = 0;
    for (index, (token, weight)) in a.tokens.iter().zip(&a_weights).enumerate() {
        let a_last = index + 1 == a.tokens.len();
        let found = (0..b.tokens.len())
            .find(|&at| !used[at] && b.tokens[at] == *token)
            .or_else(|| {
                (0..b.tokens.len()).find(|&at| !used[at] && tokens_alike(token, &b.tokens[at]))
            })
            .or_else(|| {
                // A name cut short by its source system ends in part of a word.
                (0..b.tokens.len()).find(|&at| {
                    let b_last = at + 1 == b.tokens.len();
                    !used[at]
                        && ((a_last && cut_from(token, &b.tokens[at]))
                            || (b_last && cut_from(&b.tokens[at], token)))
                })
            });
        if let Some(at) = found {
            used[at] = true;
            paired += 1;
            shared += (weight + b_weights[at]) / 2.0;
        }
    }
    // A last word that is the beginning of the other's legal form was cut
    // from it ("… Partners Gm" for "… Partners GmbH"): it weighs nothing.
    let cut_legal_form = |name: &NormalizedName, other: &NormalizedName| {
        name.tokens.last().is_some_and(|last| {
            other.legal_form.as_deref().is_some_and(|form| {
                last.len() >= 2 && form.len() > last.len() && form.starts_with(last.as_str())
            })
        })
    };
    let (a_cut, b_cut) = (cut_legal_form(a, b), cut_legal_form(b, a));
    let a_weight_of = |at: usize| {
        if a_cut && at + 1 == a.tokens.len() {
            0.0
        } else {
            a_weights[at]
        }
    };
    let b_weight_of = |at: usize| {
        if b_cut && at + 1 == b.tokens.len() {
            0.0
        } else {
            b_weights[at]
        }
    };
    let counted = |cut: bool, tokens: usize| tokens - usize::from(cut);
    if paired == counted(a_cut, a.tokens.len()) && paired == counted(b_cut, b.tokens.len()) {
        return SAME_BUT_A_TYPO;
    }
    let total: f64 = (0..a.tokens.len()).map(a_weight_of).sum::<f64>()
        + (0..b.tokens.len()).map(b_weight_of).sum::<f64>();
    let dice = if total > 0.0 {
        2.0 * shared / total
    } else {
        0.0
    };
    if dice >= 0.75 {
        MOST_WORDS
    } else if dice >= 0.4 {
        SOME_WORDS
    } else {
        DIFFERENT
    }
}

fn website_level(a: Option<&str>, b: Option<&str>) -> u8 {
    use level::graded::*;
    match (a, b) {
        (Some(a), Some(b)) if a == b => SAME,
        (Some(a), Some(b)) if a.split('.').next() == b.split('.').next() => SIMILAR,
        (Some(_), Some(_)) => DIFFERENT,
        _ => MISSING,
    }
}

/// A street's leading house number, and the rest.
fn house_number(street: &str) -> (&str, &str) {
    let end = street
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(street.len());
    (&street[..end], street[end..].trim_start())
}

/// Whether the shorter street is words of the longer one, in order, and they
/// place it (a house number and a street's telling word, as [`street_key`]
/// reads them, or a building's name): the same address with a building, a
/// unit or a shopping centre added (`12 High St` within `Riverside House, 12
/// High St`; `2290 Peachtree Rd` within `2290 Peachtree Rd, Peachtree Square
/// Shopping Center`).
fn one_address_within_the_other(a: &str, b: &str) -> bool {
    let (shorter, longer) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // Word for word and in order: `1 2 3 park` is not `3 2 1 park`.
    let starts_a_word = |at: usize| at == 0 || longer.as_bytes()[at - 1] == b' ';
    let ends_a_word = |at: usize| at == longer.len() || longer.as_bytes()[at] == b' ';
    let within = longer
        .match_indices(shorter)
        .any(|(at, _)| starts_a_word(at) && ends_a_word(at + shorter.len()));
    within && (is_building_name(shorter) || street_key(shorter).is_some())
}

fn street_level(a: Option<&str>, b: Option<&str>) -> u8 {
    use level::graded::*;
    match (a, b) {
        (Some(a), Some(b)) if a == b => SAME,
        (Some(a), Some(b)) => match (post_office_box(a), post_office_box(b)) {
            (None, None) => {
                let ((number_a, rest_a), (number_b, rest_b)) = (house_number(a), house_number(b));
                if number_a == number_b && strsim::jaro_winkler(rest_a, rest_b) >= 0.88
                    || one_address_within_the_other(a, b)
                {
                    SIMILAR
                } else if is_building_name(a) != is_building_name(b) {
                    // A building's name and a street are two ways to say
                    // where, not two addresses to compare.
                    MISSING
                } else {
                    DIFFERENT
                }
            }
            // Two boxes are one box (however written) or two.
            (Some(box_a), Some(box_b)) if box_a == box_b => SAME,
            (Some(_), Some(_)) => DIFFERENT,
            // A post-office box and a street are not two addresses to compare.
            _ => MISSING,
        },
        _ => MISSING,
    }
}

fn text_level(a: Option<&str>, b: Option<&str>) -> u8 {
    use level::graded::*;
    match (a, b) {
        (Some(a), Some(b)) if a == b => SAME,
        (Some(a), Some(b)) if strsim::jaro_winkler(a, b) >= 0.92 => SIMILAR,
        (Some(_), Some(_)) => DIFFERENT,
        _ => MISSING,
    }
}

fn exact_level(a: Option<&str>, b: Option<&str>) -> u8 {
    use level::exact::*;
    match (a, b) {
        (Some(a), Some(b)) if a == b => SAME,
        (Some(_), Some(_)) => DIFFERENT,
        _ => MISSING,
    }
}

/// The postal code's level, given the street's: the same postal code at
/// another address is a level of its own, because the two agree together on
/// the account's company and a shared postal code alone is what a neighbour
/// has (a sibling site of a parent, another firm in the same building block).
fn postal_code_level(a: Option<&str>, b: Option<&str>, street: u8) -> u8 {
    use level::postal_code::*;
    match (a, b) {
        (Some(a), Some(b)) if a == b && street == level::graded::DIFFERENT => {
            SAME_AT_ANOTHER_ADDRESS
        }
        (Some(a), Some(b)) if a == b => SAME,
        // ZIP vs ZIP+4, or the same outward code / district.
        (Some(a), Some(b))
            if a.len() >= 3
                && b.len() >= 3
                && (a.starts_with(b) || b.starts_with(a) || a[..3] == b[..3]) =>
        {
            SIMILAR
        }
        (Some(_), Some(_)) => DIFFERENT,
        _ => MISSING,
    }
}

/// Where each comparison's first level sits among the features (after the
/// bias), and where the levels end.
const fn level_offsets() -> ([usize; COMPARISONS.len()], usize) {
    let mut offsets = [0; COMPARISONS.len()];
    let mut next = BIAS + 1;
    let mut at = 0;
    while at < COMPARISONS.len() {
        offsets[at] = next;
        // Every level but "missing" (no evidence either way) has a weight.
        next += COMPARISONS[at].levels.len() - 1;
        at += 1;
    }
    (offsets, next)
}
const LEVEL_OFFSETS: [usize; COMPARISONS.len()] = level_offsets().0;

/// The feature of the bias.
pub const BIAS: usize = 0;
/// The number of model features: the bias, one per level but "missing" of
/// every comparison, and the three term-frequency terms.
pub const FEATURES: usize = level_offsets().1 + 3;

/// The features of a comparison's levels but "missing", in level order.
pub fn comparison_features(comparison: usize) -> std::ops::Range<usize> {
    let start = LEVEL_OFFSETS[comparison];
    start..start + COMPARISONS[comparison].levels.len() - 1
}

/// The feature of a comparison's level; none for "missing".
pub fn level_feature(comparison: usize, level: usize) -> Option<usize> {
    (level + 1 < COMPARISONS[comparison].levels.len()).then(|| LEVEL_OFFSETS[comparison] + level)
}
/// The feature of the exact name's term frequency.
pub const NAME_SHARED: usize = FEATURES - 3;
/// The feature of the domain's term frequency.
pub const DOMAIN_SHARED: usize = FEATURES - 2;
/// The feature of the city's term frequency.
pub const CITY_SHARED: usize = FEATURES - 1;
/// The three term-frequency features: not levels, but weights of `ln n` for
/// an exact name or domain that `n` companies share, and of `ln(n / t)` for
/// a city of `n` companies where a typical company's city has `t`.
pub const TERM_FREQUENCY_FEATURES: [usize; 3] = [NAME_SHARED, DOMAIN_SHARED, CITY_SHARED];

/// A weight (natural log odds) in bits, as Splink and the page show it: +10
/// bits make a match about a thousand times likelier.
pub fn in_bits(weight: f64) -> f64 {
    weight / std::f64::consts::LN_2
}

impl Evidence {
    /// How much more common than a typical company's city the shared city
    /// is, as `ln(n / t)` (0 when the cities are not the same).
    fn city_commonness(&self) -> f64 {
        match self.city_shared_by {
            // No count: nothing to weigh (never infinite).
            (0, _) | (_, 0) => 0.0,
            (here, typically) => (f64::from(here) / f64::from(typically)).ln(),
        }
    }

    /// The evidence as the model's features (see [`FEATURES`]).
    pub fn features(&self) -> [f64; FEATURES] {
        let mut features = [0.0; FEATURES];
        features[BIAS] = 1.0;
        for (comparison, level) in self.levels.iter().enumerate() {
            if let Some(feature) = level_feature(comparison, usize::from(*level)) {
                features[feature] = 1.0;
            }
        }
        features[NAME_SHARED] = f64::from(self.name_shared_by).ln();
        features[DOMAIN_SHARED] = f64::from(self.domain_shared_by).ln();
        features[CITY_SHARED] = self.city_commonness();
        features
    }
}

/// The weights of the comparison model, in natural log-odds, in
/// [`Evidence::features`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchModel {
    pub weights: [f64; FEATURES],
}

impl Default for MatchModel {
    fn default() -> MatchModel {
        MatchModel {
            weights: ESTIMATED_WEIGHTS,
        }
    }
}

impl MatchModel {
    /// A candidate's score: the log-odds that it is the account's company
    /// rather than none of the candidates: the bias and what each
    /// comparison adds (the features' weighted sum, see
    /// `Evidence::features`).
    pub fn score(&self, evidence: &Evidence) -> f64 {
        self.weights[BIAS]
            + (0..COMPARISONS.len())
                .map(|comparison| self.comparison_weight(evidence, comparison))
                .sum::<f64>()
    }

    /// What one comparison adds to a candidate's score: its level's weight
    /// and, for the name, the website and the city, the term frequency of
    /// the value the two share. The review panel shows it field by field.
    pub fn comparison_weight(&self, evidence: &Evidence, comparison: usize) -> f64 {
        let shared = |count: u32, weight: f64| {
            if count > 1 {
                weight * f64::from(count).ln()
            } else {
                0.0
            }
        };
        let term_frequency = match comparison {
            field::NAME => shared(evidence.name_shared_by, self.weights[NAME_SHARED]),
            field::WEBSITE => shared(evidence.domain_shared_by, self.weights[DOMAIN_SHARED]),
            field::CITY => self.weights[CITY_SHARED] * evidence.city_commonness(),
            _ => 0.0,
        };
        self.level_weight(comparison, usize::from(evidence.levels[comparison])) + term_frequency
    }

    /// The weight a comparison's level adds (zero for missing).
    pub fn level_weight(&self, comparison: usize, level: usize) -> f64 {
        level_feature(comparison, level).map_or(0.0, |feature| self.weights[feature])
    }

    /// The model as a person reads it: every comparison's levels and weights,
    /// in bits (log2 odds) as Splink shows them.
    pub fn describe(&self) -> String {
        let mut out = format!("bias: {:+.2} bits\n", in_bits(self.weights[BIAS]));
        for (at, comparison) in COMPARISONS.iter().enumerate() {
            out.push_str(&format!("{}:\n", comparison.field));
            for (level, spec) in comparison.levels.iter().enumerate() {
                out.push_str(&format!(
                    "  {} {:<45} {:+.2} bits\n",
                    spec.grade.letter(),
                    spec.label,
                    in_bits(self.level_weight(at, level))
                ));
            }
        }
        out.push_str(&format!(
            "exact name shared by n companies: {:+.2} bits × ln n\nsame domain shared by n companies: {:+.2} bits × ln n\nsame city, n companies where a typical city has t: {:+.2} bits × ln(n / t)\n",
            in_bits(self.weights[NAME_SHARED]),
            in_bits(self.weights[DOMAIN_SHARED]),
            in_bits(self.weights[CITY_SHARED])
        ));
        out
    }
}

/// The probabilities that each of an account's candidates is its company,
/// from their scores (the rest, `1 - Σ`, is "none of them").
pub fn probabilities(scores: &[f64]) -> Vec<f64> {
    let top = scores.iter().copied().fold(0.0_f64, f64::max);
    let exps: Vec<f64> = scores.iter().map(|score| (score - top).exp()).collect();
    let total = (-top).exp() + exps.iter().sum::<f64>();
    exps.iter().map(|value| value / total).collect()
}

/// Estimated by `quality::fit` on the labelled generator (seed 7, 20,000
/// accounts × 200,000 companies), but for the postal code at another
/// address, which no candidate there has (it is the same postal code's),
/// and the city's term frequency, which is Fellegi–Sunter's slope (the
/// generator's cities tell little once the postal code is known).
/// Re-estimate with
/// `cargo test --release estimate_the_match_model -- --ignored --nocapture`.
#[rustfmt::skip]
const ESTIMATED_WEIGHTS: [f64; FEATURES] = [
    // bias
    0.4885,
    // name: legal form, same words, typo, initials, most words, some words, different
    7.1184, 5.6495, 1.4736, -1.3349, -3.3894, -1.7643, -7.2644,
    // website: same, other suffix, different
    5.4940, -0.0181, -1.7769,
    // street: same, similar, different
    4.3275, -0.0507, -1.8968,
    // city: same, similar, different
    0.2157, 0.0000, 0.3178,
    // region: same, different
    0.7221, -1.6441,
    // postal_code: same, same at another address, same area, different
    3.4702, 3.4702, -0.0011, -0.7664,
    // country: same, different
    0.5123, -3.5451,
    // exact name shared by n companies, same domain shared by n (× ln n),
    // same city in n companies where a typical company's has t (× ln(n / t))
    -1.5471, -0.7612, -1.0,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::matching::normalize::normalize_name;
    use level::{graded, postal_code};

    /// The named levels the comparison functions return are the labels'
    /// places: a label moved or added without its constant fails here.
    #[test]
    fn named_levels_are_the_labels_places() {
        let check = |field: usize, named: &[(u8, Grade, &str)]| {
            let comparison = &COMPARISONS[field];
            assert_eq!(comparison.levels.len(), named.len(), "{}", comparison.field);
            for (at, (constant, grade, words)) in named.iter().enumerate() {
                let level = &comparison.levels[usize::from(*constant)];
                assert_eq!(usize::from(*constant), at, "{}", comparison.field);
                assert_eq!(level.grade, *grade, "{} {}", comparison.field, level.label);
                assert!(
                    level.label.contains(words),
                    "{}: {}",
                    comparison.field,
                    level.label
                );
            }
        };
        use level::{exact, graded, name, postal_code};
        check(
            field::NAME,
            &[
                (name::SAME_WITH_LEGAL_FORM, Same, "legal form"),
                (name::SAME_WORDS, Same, "the same words"),
                (name::SAME_BUT_A_TYPO, Similar, "typo"),
                (name::INITIALS, Similar, "initials"),
                (name::MOST_WORDS, Similar, "most"),
                (name::SOME_WORDS, Similar, "some"),
                (name::DIFFERENT, Different, "different"),
                (name::MISSING, Missing, "missing"),
            ],
        );
        let graded_levels = [
            (graded::SAME, Same, "the same"),
            (graded::SIMILAR, Similar, ""),
            (graded::DIFFERENT, Different, "different"),
            (graded::MISSING, Missing, "missing"),
        ];
        for field in [field::WEBSITE, field::STREET, field::CITY] {
            check(field, &graded_levels);
        }
        check(
            field::POSTAL_CODE,
            &[
                (postal_code::SAME, Same, "the same"),
                (
                    postal_code::SAME_AT_ANOTHER_ADDRESS,
                    Same,
                    "another address",
                ),
                (postal_code::SIMILAR, Similar, "area"),
                (postal_code::DIFFERENT, Different, "different"),
                (postal_code::MISSING, Missing, "missing"),
            ],
        );
        for field in [field::REGION, field::COUNTRY] {
            check(
                field,
                &[
                    (exact::SAME, Same, "the same"),
                    (exact::DIFFERENT, Different, "different"),
                    (exact::MISSING, Missing, "missing"),
                ],
            );
        }
        let fields = [
            "name",
            "website",
            "street",
            "city",
            "region",
            "postal_code",
            "country",
        ];
        let places = [
            field::NAME,
            field::WEBSITE,
            field::STREET,
            field::CITY,
            field::REGION,
            field::POSTAL_CODE,
            field::COUNTRY,
        ];
        for (name, place) in fields.iter().zip(places) {
            assert_eq!(COMPARISONS[place].field, *name);
        }
    }

    struct Uniform;
    impl Frequencies for Uniform {
        fn token_rarity(&self, token: &str) -> f64 {
            if ["sys", "svcs", "finl"].contains(&token) {
                1.0
            } else {
                8.0
            }
        }
        fn companies_named(&self, _: &NormalizedName) -> u32 {
            1
        }
        fn companies_on_domain(&self, _: &str) -> u32 {
            1
        }
        fn companies_in_city(&self, _: &str) -> (u32, u32) {
            (1, 1)
        }
    }

    fn record(name: &str) -> MatchRecord {
        MatchRecord::named(name)
    }

    fn name_grade(a: &str, b: &str) -> u8 {
        compare(&record(a), &record(b), &Uniform).levels[field::NAME]
    }

    #[test]
    fn name_levels() {
        for (a, b, level) in [
            ("Velquora Systems Inc", "VELQUORA SYSTEMS, Incorporated", 0),
            ("Velquora Systems Inc", "VELQUORA SYSTEMS, LLC", 1),
            ("Velquora Systems", "Velquora Systems GmbH", 1),
            ("Velquroa Systems", "Velquora Systems", 2),
            ("Velquora Omnira", "VelquoraOmnira", 2),
            ("Systems Velquora", "Velquora Systems", 2),
            ("VS", "Velquora Systems", 3),
            ("Velquora", "Velquora Systems", 4),
            ("Globex", "Globex Financial Services", 4),
            ("Globex Zentrix", "Globex Omnira", 5),
            ("United Systems", "Brightline Systems", 6),
            ("", "Brightline Systems", 7),
            // Cut short by a source system (28 characters): a word's
            // beginning, or a legal form's, ends the name.
            (
                "Kingsbridge Software Technol",
                "Kingsbridge Software Technologies SARL",
                2,
            ),
            (
                "Kingsbridge Orchard Tramways Ltd",
                "Kingsbridge Orchard Tramw",
                2,
            ),
            (
                "Silverline Foods Partners Gm",
                "Silverline Foods Partners GmbH",
                2,
            ),
            // Not a cut: the beginning of a word in the middle, or too short.
            (
                "Kingsbridge Tram Orchard",
                "Kingsbridge Tramways Orchard",
                5,
            ),
            ("Kingsbridge Orchard Tr", "Kingsbridge Orchard Tramways", 5),
            // Scanned: characters an OCR confuses, and one slip more.
            ("Ruiz Nakarnura Pharma", "Ruiz Nakamura Pharma", 2),
            ("Zorarpc1lo", "Zorarpello", 2),
            ("Vvestbrook Dental", "Westbrook Dental", 2),
            // A parent's name in front: the site's own name is compared too.
            (
                "Krisasen Holding - Rasmussen & Harlow Biotech",
                "Rasmussen & Harlow Biotech Pty Ltd",
                1,
            ),
            ("Salvation Army - Chicago Temple", "Chicago Temple", 1),
            // …which alone shares only some of the words with another.
            ("Blue Harbor Group - Logistics", "Northgate Logistics", 5),
        ] {
            assert_eq!(name_grade(a, b), level, "{a} / {b}");
        }
    }

    #[test]
    fn each_grade_letter() {
        let account = MatchRecord {
            name: normalize_name("Acme Corp"),
            domain: Some("acme.com".into()),
            street: Some("12 main st".into()),
            city: Some("springfield".into()),
            region: None,
            postal_code: Some("94105".into()),
            country: Some("US".into()),
            own_name: None,
        };
        let company = MatchRecord {
            name: normalize_name("ACME Corporation"),
            domain: Some("acme.co.uk".into()),
            street: Some("12 main st".into()),
            city: Some("springfeld".into()),
            region: Some("ca".into()),
            postal_code: Some("10001".into()),
            country: Some("US".into()),
            own_name: None,
        };
        let evidence = compare(&account, &company, &Uniform);
        assert_eq!(evidence.grade(), "ABABZFA");
        let company = MatchRecord {
            street: Some("14 main st".into()),
            postal_code: Some("941051234".into()),
            country: Some("GB".into()),
            domain: Some("other.com".into()),
            ..company
        };
        assert_eq!(compare(&account, &company, &Uniform).grade(), "AFFBZBF");
    }

    /// A postal code shared at another address is a level of its own (a
    /// neighbour's), graded `A` all the same; a P.O. box against a street
    /// compares no street at all, and two boxes compare by their numbers.
    #[test]
    fn the_street_decides_what_a_shared_postal_code_means() {
        use crate::engine::matching::normalize::normalize_street;
        let record = |street: &str, postal_code: &str| MatchRecord {
            name: normalize_name("Centers for New Horizons"),
            domain: None,
            street: (!street.is_empty()).then(|| normalize_street(street)),
            city: None,
            region: None,
            postal_code: Some(postal_code.into()),
            country: None,
            own_name: None,
        };
        let levels = |a: &MatchRecord, b: &MatchRecord| {
            let evidence = compare(a, b, &Uniform);
            (
                evidence.levels[field::STREET],
                evidence.levels[field::POSTAL_CODE],
                evidence.grade(),
            )
        };
        let site = record("5120 S Federal Street", "60609");
        assert_eq!(
            levels(&site, &record("3901 S State", "60609")),
            (
                graded::DIFFERENT,
                postal_code::SAME_AT_ANOTHER_ADDRESS,
                "AZFZZAZ".into()
            )
        );
        assert_eq!(
            levels(&site, &record("5120 S Federal St.", "60609")),
            (graded::SAME, postal_code::SAME, "AZAZZAZ".into())
        );
        assert_eq!(
            levels(&site, &record("5120 S Federall St", "60609")).1,
            postal_code::SAME,
            "a similar street is the same place"
        );
        assert_eq!(
            levels(&site, &record("", "60609")).1,
            postal_code::SAME,
            "no street to tell"
        );
        assert_eq!(
            levels(&site, &record("3901 S State", "94105")).1,
            postal_code::DIFFERENT
        );
        let boxed = record("P.O. Box 2145", "60609");
        assert_eq!(
            levels(&boxed, &site),
            (graded::MISSING, postal_code::SAME, "AZZZZAZ".into()),
            "a box says nothing of the street"
        );
        for the_same_box in ["Post Office Box 2145", "Box No. 2145"] {
            assert_eq!(
                levels(&boxed, &record(the_same_box, "60609")).0,
                graded::SAME,
                "{the_same_box}"
            );
        }
        assert_eq!(
            levels(&boxed, &record("PO Box 77", "60609")).0,
            graded::DIFFERENT
        );
    }

    /// The same address with a building, a unit or a shopping centre added is
    /// a similar street; a building's name alone against a street compares
    /// no street at all; two buildings, or two streets, are different.
    #[test]
    fn buildings_and_additions_to_a_street() {
        use crate::engine::matching::normalize::normalize_street;
        let street_level_of =
            |a: &str, b: &str| street_level(Some(&normalize_street(a)), Some(&normalize_street(b)));
        for (a, b) in [
            ("12 High Street", "Riverside House, 12 High Street"),
            (
                "2290 Peachtree Rd.",
                "2290 Peachtree Rd. Peachtree Square Shopping Center",
            ),
            (
                "240 E. 58th St.",
                "240 E. 58th St. between 2nd and 3rd Aves.",
            ),
            ("1 Martin Place", "Level 12, 1 Martin Place"),
            ("Riverside House", "Riverside House, 12 High Street"),
        ] {
            assert_eq!(street_level_of(a, b), graded::SIMILAR, "{a} / {b}");
            assert_eq!(street_level_of(b, a), graded::SIMILAR, "{b} / {a}");
        }
        for (a, b, level) in [
            ("Riverside House", "40 Old Broad Street", graded::MISSING),
            ("Bldg. A, Fort Mason", "2 Marina Blvd", graded::MISSING),
            (
                "Riverside House",
                "Empire State Building",
                graded::DIFFERENT,
            ),
            // Words of the other street, but not the house: `2 High St` is
            // not within `12 High St`, nor `1-2-3 Park` within `3-2-1 Park`.
            ("2 High Street", "12 High Street", graded::DIFFERENT),
            ("1-2-3 Park", "3-2-1 Park", graded::DIFFERENT),
            // No house number to place the shorter: a street, not an address,
            // nor a unit alone.
            ("High Street", "12 High Street", graded::DIFFERENT),
            ("Park Avenue", "350 Park Avenue", graded::DIFFERENT),
            (
                "Suite 100",
                "500 Other Avenue, Suite 100",
                graded::DIFFERENT,
            ),
            ("Floor 2", "12 Main Street, Floor 2", graded::DIFFERENT),
            ("12 High Street", "12 Low Street", graded::DIFFERENT),
        ] {
            assert_eq!(street_level_of(a, b), level, "{a} / {b}");
            assert_eq!(street_level_of(b, a), level, "{b} / {a}");
        }
    }

    #[test]
    fn features_place_each_level_once() {
        let evidence = Evidence {
            levels: [0, 3, 3, 3, 2, 4, 2],
            name_shared_by: 4,
            domain_shared_by: 1,
            city_shared_by: (30, 12),
        };
        let features = evidence.features();
        assert_eq!(features[0], 1.0);
        assert_eq!(features[1], 1.0, "name exact");
        assert_eq!(
            features[2..NAME_SHARED].iter().sum::<f64>(),
            0.0,
            "missing levels weigh nothing"
        );
        assert!((features[NAME_SHARED] - 4f64.ln()).abs() < 1e-12);
        assert_eq!(features[DOMAIN_SHARED], 0.0);
        assert!((features[CITY_SHARED] - 2.5f64.ln()).abs() < 1e-12);
        assert_eq!(LEVEL_OFFSETS[6] + 2, NAME_SHARED, "24 level features");
    }

    #[test]
    fn a_score_is_the_weighted_sum_of_the_features() {
        let model = MatchModel::default();
        for levels in [
            [0, 0, 0, 0, 0, 0, 0],
            [7, 3, 3, 3, 2, 3, 2],
            [4, 2, 1, 2, 1, 1, 1],
            [2, 1, 0, 1, 0, 2, 0],
        ] {
            for (name_shared_by, domain_shared_by, city_shared_by) in [
                (1, 1, (1, 1)),
                (3, 1, (400, 90)),
                (1, 40, (5, 90)),
                (7, 2, (1, 1)),
            ] {
                let evidence = Evidence {
                    levels,
                    name_shared_by,
                    domain_shared_by,
                    city_shared_by,
                };
                let weighted: f64 = evidence
                    .features()
                    .iter()
                    .zip(&model.weights)
                    .map(|(feature, weight)| feature * weight)
                    .sum();
                assert!(
                    (model.score(&evidence) - weighted).abs() < 1e-9,
                    "{levels:?}"
                );
            }
        }
    }

    #[test]
    fn probabilities_leave_room_for_none() {
        let p = probabilities(&[0.0]);
        assert!((p[0] - 0.5).abs() < 1e-12);
        let p = probabilities(&[5.0, 5.0]);
        assert!(
            p[0] < 0.5 && (p[0] - p[1]).abs() < 1e-12,
            "two equal candidates split"
        );
        let p = probabilities(&[800.0, -3.0]);
        assert!(p[0] > 0.999 && p[0].is_finite());
    }
}
