//! Blocking as a join (`docs/scale-out.md`): each account's candidates found
//! on a cluster where no worker holds the whole company index, and exactly
//! the candidates the whole index finds.
//!
//! 1. **Key the companies** ([`company_keys`]): each company's blocking
//!    keys, the pairs of its name's words, its name (as a number) and its
//!    city.
//! 2. **Count the keys** ([`KeyCounts`]): how many companies are under
//!    each, added up by an aggregation and shared with every worker, with
//!    each word's first sighting (so that a word no company has is read as
//!    the same nearest words as the index reads it).
//! 3. **Ask** ([`requests`]): what each account looks up, decided from the
//!    counts as the index decides it: the keys under their rule's cap, in
//!    full; the first companies of a common website or of the rarest key (a
//!    word, or a word's beginning or end); the companies that have the
//!    name's two rarest words together. What the index would decide only
//!    once it has the companies (whether the words together met anyone) is
//!    asked for either way.
//! 4. **Join and find**: the companies under the asked keys go to the part
//!    of the accounts that asked. An index of only those
//!    ([`CandidateIndex::of_delivered`]) finds each account's candidates,
//!    and the comparison weighs names, websites and cities by the whole
//!    database's counts ([`KeyCounts`] is the model's [`Frequencies`]).
//!
//! Why that is exact: each list the index reads for an account is delivered
//! in full (a key under its cap, the street's companies, the companies with
//! the two rarest words), or its first companies are (a website's first 50,
//! the rarest word's first 2,000) and any other company delivered under that
//! key comes after them; and every count and rarity is the whole
//! database's. Delivering more than an account asked changes nothing, so a
//! part of the accounts shares one index of everything its accounts asked.

#[cfg(doc)]
use super::CandidateIndex;
use super::{
    blocking_keys, initials_lookup, name_keys, rarest_key, rarity, respelled, street_key,
    words_by_rarity, BlockingRule, Entity, Key, Lookup, MAX_TOGETHER_POSTINGS,
};
use crate::engine::matching::matcher::{name_hash, CityCounts};
use crate::engine::matching::model::Frequencies;
use crate::engine::matching::normalize::NormalizedName;
use crate::engine::matching::spelling::Vocabulary;
use rustc_hash::FxHashMap;

/// What a company is joined or counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A blocking rule's key. For [`BlockingRule::WordsTogether`], two
    /// different words of the name, the first in the alphabet first (`foods
    /// moreau`).
    Rule(BlockingRule),
    /// The name's words, as a number: how many companies share a name
    /// weighs an exact name in the comparison.
    Name,
    /// The city: how many companies are in it weighs the same city in the
    /// comparison.
    City,
}

impl KeyKind {
    pub const ALL: [KeyKind; 9] = [
        KeyKind::Rule(BlockingRule::SameDomain),
        KeyKind::Rule(BlockingRule::RareWord),
        KeyKind::Rule(BlockingRule::WordPiece),
        KeyKind::Rule(BlockingRule::Initials),
        KeyKind::Rule(BlockingRule::WordsTogether),
        KeyKind::Rule(BlockingRule::RarestWord),
        KeyKind::Rule(BlockingRule::SameStreet),
        KeyKind::Name,
        KeyKind::City,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            KeyKind::Rule(rule) => rule.label(),
            KeyKind::Name => "the same name",
            KeyKind::City => "the same city",
        }
    }

    pub fn of_label(label: &str) -> Option<KeyKind> {
        KeyKind::ALL.into_iter().find(|kind| kind.label() == label)
    }

    /// Whether [`KeyCounts`] counts keys of this kind: the pairs of words
    /// are only joined on.
    pub fn counted(self) -> bool {
        self != KeyKind::Rule(BlockingRule::WordsTogether)
    }
}

/// One key of a company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyKey {
    pub kind: KeyKind,
    pub key: String,
    /// For a word, when the index first meets it through this company:
    /// `row << 16 | position in the name` (smallest first). 0 otherwise.
    pub first_seen: u64,
}

/// The two words as a [`BlockingRule::WordsTogether`] key.
fn pair_key(a: &str, b: &str) -> String {
    match a <= b {
        true => format!("{a} {b}"),
        false => format!("{b} {a}"),
    }
}

/// Every key the company of `row` is joined or counted under: its
/// [`blocking_keys`], each pair of different words of its name, its name
/// and its city.
pub fn company_keys(company: &Entity<'_>, row: usize) -> Vec<CompanyKey> {
    let tokens = &company.name.tokens;
    let mut keys: Vec<CompanyKey> = blocking_keys(company)
        .into_iter()
        .map(|(rule, key)| {
            let first_seen = match rule {
                BlockingRule::RareWord => {
                    let position = tokens.iter().position(|token| *token == key).unwrap_or(0);
                    (row as u64) << 16 | position.min(0xFFFF) as u64
                }
                _ => 0,
            };
            CompanyKey {
                kind: KeyKind::Rule(rule),
                key,
                first_seen,
            }
        })
        .collect();
    let mut words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    words.sort_unstable();
    words.dedup();
    for (at, a) in words.iter().enumerate() {
        for b in &words[at + 1..] {
            keys.push(CompanyKey {
                kind: KeyKind::Rule(BlockingRule::WordsTogether),
                key: pair_key(a, b),
                first_seen: 0,
            });
        }
    }
    if !tokens.is_empty() {
        keys.push(CompanyKey {
            kind: KeyKind::Name,
            key: name_hash(company.name).to_string(),
            first_seen: 0,
        });
    }
    if let Some(city) = company.city {
        keys.push(CompanyKey {
            kind: KeyKind::City,
            key: city.to_string(),
            first_seen: 0,
        });
    }
    keys
}

/// One key's count, as an aggregation of [`company_keys`] gives it.
#[derive(Debug, Clone, Copy)]
pub struct CountedKey<'a> {
    pub kind: &'a str,
    pub key: &'a str,
    /// How many companies are under it.
    pub companies: u64,
    /// The smallest [`CompanyKey::first_seen`] of them.
    pub first_seen: u64,
}

/// Why rows are not the counts of a company database's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DamagedCounts {
    /// A kind of key that is not one of [`KeyKind::label`]s, or one that is
    /// not counted.
    UnknownKind { kind: String },
    /// A key its kind cannot have (a word's piece without its `…`, a name
    /// that is not a number).
    NotAKey { kind: &'static str, key: String },
    /// The same key counted twice.
    CountedTwice { kind: &'static str, key: String },
    /// No company, or more than the database has.
    ImpossibleCount {
        kind: &'static str,
        key: String,
        companies: u64,
    },
}

impl std::fmt::Display for DamagedCounts {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DamagedCounts::UnknownKind { kind } => {
                write!(formatter, "'{kind}' is not a kind of key that is counted")
            }
            DamagedCounts::NotAKey { kind, key } => {
                write!(formatter, "'{key}' is not a key of {kind}")
            }
            DamagedCounts::CountedTwice { kind, key } => {
                write!(
                    formatter,
                    "the key '{key}' of {kind} is counted twice: add the counts up by key first"
                )
            }
            DamagedCounts::ImpossibleCount {
                kind,
                key,
                companies,
            } => write!(
                formatter,
                "the key '{key}' of {kind} is on {companies} companies, which is none or more than the database has"
            ),
        }
    }
}

impl std::error::Error for DamagedCounts {}

/// How many companies of the whole database are under each key, and its
/// words in the order the index meets them: what a worker needs to find an
/// account's candidates among a part of the companies as the whole index
/// does, and to weigh the comparisons as it does.
#[derive(Debug, Default)]
pub struct KeyCounts {
    companies: usize,
    words: FxHashMap<Box<str>, u32>,
    /// Word pieces and initials.
    keys: FxHashMap<Key, u32>,
    domains: FxHashMap<Box<str>, u32>,
    streets: FxHashMap<Box<str>, u32>,
    names: FxHashMap<u64, u32>,
    cities: CityCounts,
    vocabulary: Vocabulary,
}

impl KeyCounts {
    /// The counts of a database of `companies` companies, from every
    /// counted key's row (in any order).
    pub fn from_rows<'a>(
        companies: usize,
        rows: impl IntoIterator<Item = CountedKey<'a>>,
    ) -> Result<KeyCounts, DamagedCounts> {
        let mut counts = KeyCounts {
            companies,
            ..KeyCounts::default()
        };
        let mut words: Vec<(u64, &str)> = Vec::new();
        for row in rows {
            let kind = KeyKind::of_label(row.kind)
                .filter(|kind| kind.counted())
                .ok_or_else(|| DamagedCounts::UnknownKind {
                    kind: row.kind.to_string(),
                })?;
            let label = kind.label();
            let not_a_key = || DamagedCounts::NotAKey {
                kind: label,
                key: row.key.to_string(),
            };
            if row.companies == 0 || row.companies > companies as u64 {
                return Err(DamagedCounts::ImpossibleCount {
                    kind: label,
                    key: row.key.to_string(),
                    companies: row.companies,
                });
            }
            let count = row.companies as u32;
            let earlier = match kind {
                KeyKind::Rule(BlockingRule::RareWord) => {
                    words.push((row.first_seen, row.key));
                    counts.words.insert(row.key.into(), count)
                }
                KeyKind::Rule(BlockingRule::SameDomain) => {
                    counts.domains.insert(row.key.into(), count)
                }
                KeyKind::Rule(BlockingRule::SameStreet) => {
                    counts.streets.insert(row.key.into(), count)
                }
                KeyKind::Rule(rule) => {
                    let key = Key::of(rule, row.key).ok_or_else(not_a_key)?;
                    counts.keys.insert(key, count)
                }
                KeyKind::Name => {
                    let hash = row.key.parse().map_err(|_| not_a_key())?;
                    counts.names.insert(hash, count)
                }
                KeyKind::City => match counts.cities.add(row.key, count) {
                    0 => None,
                    had => Some(had),
                },
            };
            if earlier.is_some() {
                return Err(DamagedCounts::CountedTwice {
                    kind: label,
                    key: row.key.to_string(),
                });
            }
        }
        // The index adds each word to its vocabulary when it first meets it:
        // nearest spellings tie in that order.
        words.sort_unstable();
        for (_, word) in words {
            counts.vocabulary.add(word);
        }
        Ok(counts)
    }

    /// How many companies the database has.
    pub fn companies(&self) -> usize {
        self.companies
    }

    /// How many companies have this name word.
    pub fn word_count(&self, word: &str) -> usize {
        self.words.get(word).map_or(0, |count| *count as usize)
    }

    /// How many companies have this registrable domain.
    pub fn domain_count(&self, domain: &str) -> usize {
        self.domains.get(domain).map_or(0, |count| *count as usize)
    }

    /// How many companies are at this [`street_key`].
    pub fn street_count(&self, street: &str) -> usize {
        self.streets.get(street).map_or(0, |count| *count as usize)
    }
}

impl Lookup for KeyCounts {
    fn key_count(&self, key: &Key) -> usize {
        match key {
            Key::Word(word) => self.word_count(word),
            _ => self.keys.get(key).map_or(0, |count| *count as usize),
        }
    }

    fn nearest(&self, word: &str) -> Vec<&str> {
        self.vocabulary.nearest(word)
    }
}

impl Frequencies for KeyCounts {
    fn token_rarity(&self, token: &str) -> f64 {
        f64::from(rarity(self.companies, self.word_count(token)))
    }

    fn companies_named(&self, name: &NormalizedName) -> u32 {
        self.names.get(&name_hash(name)).copied().unwrap_or(0)
    }

    fn companies_on_domain(&self, domain: &str) -> u32 {
        self.domain_count(domain) as u32
    }

    fn companies_in_city(&self, city: &str) -> (u32, u32) {
        self.cities.companies_in(city)
    }
}

/// The most companies of one key an account asks for in row order (a
/// website's first 50, the rarest word's first 2,000): a join ranks each
/// key's companies up to this many.
pub const FIRST_AT_MOST: usize = {
    let (website, rarest) = (
        BlockingRule::SameDomain.cap(),
        BlockingRule::RarestWord.cap(),
    );
    if website > rarest {
        website
    } else {
        rarest
    }
};

/// What an account asks of the companies joined on a key: all of them, or
/// the first few in row order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub rule: BlockingRule,
    pub key: String,
    /// `None`: every company under the key.
    pub first: Option<usize>,
}

/// The keys an account looks its candidates up by, decided from the whole
/// database's counts as [`CandidateIndex::candidates`] decides them (the
/// tests compare the two on every kind of request). The first companies of
/// its rarest key are asked for whenever no key of its name is under its
/// cap: the words together may still meet someone, and asking for more than
/// is used changes nothing.
pub fn requests(counts: &KeyCounts, account: &Entity<'_>) -> Vec<Request> {
    let mut asked = Vec::new();
    let mut ask = |rule: BlockingRule, key: String, first: Option<usize>| {
        asked.push(Request { rule, key, first });
    };
    // The first companies of a key, or all of them when it has no more.
    let first = |count: usize, cap: usize| (count > cap).then_some(cap);
    if let Some(domain) = account.domain.filter(|domain| !domain.is_empty()) {
        let count = counts.domain_count(domain);
        if count > 0 {
            let cap = BlockingRule::SameDomain.cap();
            ask(
                BlockingRule::SameDomain,
                domain.to_string(),
                first(count, cap),
            );
        }
    }
    let (name, own_name) = respelled(counts, account.name, account.own_name);
    let keys = name_keys(&name);
    let mut met_by_name = false;
    for key in &keys {
        if key.rule().blocks(counts.key_count(key)) {
            met_by_name = true;
            ask(key.rule(), key.text(), None);
        }
    }
    for words in std::iter::once(name.as_ref()).chain(own_name.as_deref()) {
        if let [(rarest, count), (next, _), ..] = words_by_rarity(counts, words).as_slice() {
            if *count > MAX_TOGETHER_POSTINGS {
                continue;
            }
            match rarest == next {
                // A word twice: the index starts from all of its companies
                // and narrows them by the next word, and keeps them all if
                // none has it. Every one is asked for, lest a part of them
                // be taken for all.
                true => ask(BlockingRule::RareWord, rarest.to_string(), None),
                false => ask(BlockingRule::WordsTogether, pair_key(rarest, next), None),
            }
        }
    }
    if let Some(key) = initials_lookup(account.name) {
        if BlockingRule::Initials.blocks(counts.key_count(&key)) {
            met_by_name = true;
            ask(key.rule(), key.text(), None);
        }
    }
    if !met_by_name {
        if let Some((key, count)) = rarest_key(counts, &keys) {
            let cap = BlockingRule::RarestWord.cap();
            ask(key.rule(), key.text(), first(count, cap));
        }
    }
    if let Some(street) = account.street.and_then(street_key) {
        if BlockingRule::SameStreet.blocks(counts.street_count(&street)) {
            ask(BlockingRule::SameStreet, street, None);
        }
    }
    // Each key once, in full if any ask wants it so.
    asked.sort_by(|a, b| (a.rule.label(), &a.key, a.first).cmp(&(b.rule.label(), &b.key, b.first)));
    asked.dedup_by(|later, kept| later.rule == kept.rule && later.key == kept.key);
    asked
}

#[cfg(test)]
mod tests;
