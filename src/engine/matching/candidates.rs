//! Candidate generation: for each account, the few companies worth comparing,
//! found through indexes, never by comparing every pair (`docs/matching.md`).
//!
//! The blocking rules are the [`BlockingRule`]s, each with its label and the
//! number of companies beyond which its key is too common to block on. Before
//! they look, a word no company has (`Helpornarros`, `Rlverside`, `Lun0r`) is
//! read as the nearest words the companies do have, within a few edits (found
//! through the words' character trigrams), and the rules use those words too.
//!
//! The companies so gathered are ranked by everything they share with the
//! account (every name token by its rarity, however common; the same domain,
//! country, city and postal code) and cut to a few; the comparison model
//! decides between them.
//!
//! [`joined`] finds the same candidates on a cluster, where no worker holds
//! the whole index: blocking as a join on keys.

#[cfg(doc)]
use crate::engine::matching::normalize::normalize_street;
use crate::engine::matching::normalize::{street_key, NormalizedName};
use crate::engine::matching::spelling::Vocabulary;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::sync::Arc;

pub mod joined;
use joined::KeyCounts;

/// How an account meets the companies worth comparing with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockingRule {
    /// The same registrable domain; a domain on many companies (a parent's
    /// site on every subsidiary, a hosting provider) meets only its first few.
    SameDomain,
    /// A name word, weighted by how rare it is ("tech", "grp" are too common).
    RareWord,
    /// The 4-letter beginning or end of a name word of 5 letters or more, so
    /// that one typo ("Velquroa") still meets its company ("Velquora").
    WordPiece,
    /// An account written as initials meets the companies whose initials
    /// spell it (`VS` → Velquora Systems), and the reverse.
    Initials,
    /// The companies that have the most of the name's words together
    /// (`Moreau & Esposito Foods`, each word on thousands of companies), and
    /// the same for the name written after a parent's (`Riven Corp - Gallagher
    /// & Schaefer Analytics`).
    WordsTogether,
    /// When no other rule met anyone by the name: the first companies of its
    /// rarest key, a word ("Global") or a word's beginning or end.
    RarestWord,
    /// The same house number on the same street (`1347 W Erie Street` =
    /// `1347 W ERIE`): a site listed under another name, or a name with only
    /// common words, is still met at its address.
    SameStreet,
}

impl BlockingRule {
    pub const ALL: [BlockingRule; 7] = [
        BlockingRule::SameDomain,
        BlockingRule::RareWord,
        BlockingRule::WordPiece,
        BlockingRule::Initials,
        BlockingRule::WordsTogether,
        BlockingRule::RarestWord,
        BlockingRule::SameStreet,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            BlockingRule::SameDomain => "the same website",
            BlockingRule::RareWord => "a rare word of the name",
            BlockingRule::WordPiece => "the beginning or end of a rare word",
            BlockingRule::Initials => "initials",
            BlockingRule::WordsTogether => "the name's words together",
            BlockingRule::RarestWord => "the name's rarest word",
            BlockingRule::SameStreet => "the same house number on the same street",
        }
    }

    /// How many companies a key of this rule may be on and still block: more
    /// and it is too common to tell anything (the domain and the rarest
    /// word then meet their first this many).
    pub const fn cap(self) -> usize {
        match self {
            BlockingRule::SameDomain => 50,
            BlockingRule::RareWord | BlockingRule::WordsTogether | BlockingRule::RarestWord => {
                2_000
            }
            // Weaker evidence than a whole word, so rarer.
            BlockingRule::WordPiece | BlockingRule::Initials | BlockingRule::SameStreet => 300,
        }
    }

    /// Whether a key of this rule on `count` companies blocks: on some, and
    /// not more than the cap. The index and a cluster's
    /// [`joined::requests`] decide by this alike.
    pub const fn blocks(self, count: usize) -> bool {
        count > 0 && count <= self.cap()
    }
}

/// What a company is indexed under, and an account looked up by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    /// A name word.
    Word(Box<str>),
    /// The first four letters of a name word of five or more.
    Beginning(Box<str>),
    /// The last four letters of such a word.
    End(Box<str>),
    /// The initials of a name of two or more words.
    Initials(Box<str>),
}

impl Key {
    fn word(word: &str) -> Key {
        Key::Word(word.into())
    }

    /// The rule whose cap a key of this kind is held to.
    fn rule(&self) -> BlockingRule {
        match self {
            Key::Word(_) => BlockingRule::RareWord,
            Key::Beginning(_) | Key::End(_) => BlockingRule::WordPiece,
            Key::Initials(_) => BlockingRule::Initials,
        }
    }

    /// The key as [`blocking_keys`] writes it: a word's beginning or end
    /// with `…` where the rest of the word is (`velq…`, `…uora`).
    fn text(&self) -> String {
        match self {
            Key::Word(text) | Key::Initials(text) => text.to_string(),
            Key::Beginning(piece) => format!("{piece}…"),
            Key::End(piece) => format!("…{piece}"),
        }
    }

    /// The key [`Key::text`] wrote under `rule`; `None` for a rule whose
    /// keys are not a name's.
    fn of(rule: BlockingRule, text: &str) -> Option<Key> {
        match rule {
            BlockingRule::RareWord => Some(Key::word(text)),
            BlockingRule::Initials => Some(Key::Initials(text.into())),
            BlockingRule::WordPiece => match (text.strip_suffix('…'), text.strip_prefix('…')) {
                (Some(piece), _) => Some(Key::Beginning(piece.into())),
                (_, Some(piece)) => Some(Key::End(piece.into())),
                _ => None,
            },
            _ => None,
        }
    }
}

/// How rare something is that `postings` of `companies` companies have:
/// `ln((n + 1) / (postings + 1))`.
fn rarity(companies: usize, postings: usize) -> f32 {
    ((companies.max(1) as f32 + 1.0) / (postings as f32 + 1.0)).ln()
}

/// What finding an account's candidates asks of the company database beyond
/// the postings: how many companies are under a key, and the nearest
/// spellings of a word none has. The whole index answers from itself; a
/// cluster's part of it, from the counts of the whole ([`KeyCounts`]).
trait Lookup {
    fn key_count(&self, key: &Key) -> usize;
    fn nearest(&self, word: &str) -> Vec<&str>;
}

/// Whether a word's beginning or end is on so few companies that it finds
/// the word's company alone (one typo in the middle of a long word).
fn a_piece_blocks(lookup: &impl Lookup, token: &str) -> bool {
    word_pieces(token).iter().any(|key| {
        let count = lookup.key_count(key);
        count > 0 && count <= PIECE_FINDS_ALONE
    })
}

/// The name with each word no company has followed by the nearest words
/// the companies do have ([`Vocabulary::nearest`]), and the same for the
/// name written after a parent's (a part of the name, so its words are
/// looked up once). A word whose beginning or end is rare is left as it
/// is: the piece finds the company.
fn respelled<'a>(
    lookup: &'a impl Lookup,
    name: &'a NormalizedName,
    own_name: Option<&'a NormalizedName>,
) -> (Cow<'a, NormalizedName>, Option<Cow<'a, NormalizedName>>) {
    let nearest: Vec<Vec<&str>> = name
        .tokens
        .iter()
        .map(|token| {
            match lookup.key_count(&Key::word(token)) > 0 || a_piece_blocks(lookup, token) {
                true => Vec::new(),
                false => lookup.nearest(token),
            }
        })
        .collect();
    // Nearly every name: nothing to add, nothing copied.
    if nearest.iter().all(Vec::is_empty) {
        return (Cow::Borrowed(name), own_name.map(Cow::Borrowed));
    }
    let spell = |tokens: &[String]| NormalizedName {
        tokens: tokens
            .iter()
            .flat_map(|token| {
                let at = name.tokens.iter().position(|own| own == token);
                std::iter::once(token.clone()).chain(
                    at.into_iter()
                        .flat_map(|at| nearest[at].iter().map(|word| word.to_string())),
                )
            })
            .collect(),
        legal_form: None,
    };
    (
        Cow::Owned(spell(&name.tokens)),
        own_name.map(|own| Cow::Owned(spell(&own.tokens))),
    )
}

/// The key of the name on the fewest companies (some), and how many:
/// [`BlockingRule::RarestWord`]'s, when no other rule met anyone by the name.
fn rarest_key<'a>(lookup: &impl Lookup, keys: &'a [Key]) -> Option<(&'a Key, usize)> {
    keys.iter()
        .map(|key| (key, lookup.key_count(key)))
        .filter(|(_, count)| *count > 0)
        .min_by_key(|(_, count)| *count)
}

/// The name's words some company has, rarest first (in the name's order
/// among equally rare), with how many companies have each: the order in
/// which [`BlockingRule::WordsTogether`] narrows them.
fn words_by_rarity<'a>(lookup: &impl Lookup, name: &'a NormalizedName) -> Vec<(&'a str, usize)> {
    let mut words: Vec<(&str, usize)> = name
        .tokens
        .iter()
        .map(|token| (token.as_str(), lookup.key_count(&Key::word(token))))
        .filter(|(_, count)| *count > 0)
        .collect();
    words.sort_by_key(|(_, count)| *count);
    words
}

/// What an account's initials are looked up as: a name of one word (`VT`)
/// among companies' initials, the initials of a longer name among companies'
/// words (a company known as `VS`). Either is held to the initials' cap.
fn initials_lookup(name: &NormalizedName) -> Option<Key> {
    match name.tokens.as_slice() {
        [only] if only.len() >= 2 => Some(Key::Initials(only.as_str().into())),
        _ => initials(name).map(|initials| Key::word(&initials)),
    }
}

/// The address texts coded as small numbers, for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Coded {
    Country,
    City,
    PostalCode,
}
/// How many of the gathered companies (with any tied at the cut) are ranked on
/// everything they share with the account.
const RERANKED: usize = 200;
/// Words on more companies than this are not narrowed together: every
/// account of common words would merge long lists.
const MAX_TOGETHER_POSTINGS: usize = 50_000;
/// A misspelt word whose beginning or end is on at most this many companies
/// is not looked up among the words: the piece finds its company.
const PIECE_FINDS_ALONE: usize = 30;
/// What candidate generation knows of a record (account or company).
#[derive(Debug, Clone, Copy)]
pub struct Entity<'a> {
    pub domain: Option<&'a str>,
    pub name: &'a NormalizedName,
    /// The name after a parent's (`Parent - Own name`), if written so.
    pub own_name: Option<&'a NormalizedName>,
    pub country: Option<&'a str>,
    pub city: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    /// The street as [`normalize_street`] writes it.
    pub street: Option<&'a str>,
}

/// What each company keeps for ranking its candidacies: its name tokens and
/// address, as small numbers.
#[derive(Debug, Default, Clone)]
struct Profile {
    tokens: Vec<u32>,
    country: u32,
    city: u32,
    postal_code: u32,
    street: u32,
}

/// The indexes over the company database.
#[derive(Debug)]
pub struct CandidateIndex {
    by_domain: FxHashMap<String, Vec<u32>>,
    by_key: FxHashMap<Key, Vec<u32>>,
    /// Words and address texts as numbers (0: missing), and how many
    /// companies have each word. Words have a map of their own, looked up
    /// by `&str` without a copy: every comparison asks a word's rarity.
    word_codes: FxHashMap<Box<str>, u32>,
    codes: FxHashMap<(Coded, Box<str>), u32>,
    /// Each [`street_key`] as a number (its position here, plus one; 0:
    /// none), and the companies at each.
    street_codes: FxHashMap<Box<str>, u32>,
    at_street: Vec<Vec<u32>>,
    token_counts: Vec<u32>,
    profiles: Vec<Profile>,
    /// Every name word once: how a word no company has finds the words it
    /// may be a misspelling of.
    vocabulary: Vocabulary,
    /// For an index of only the companies a cluster delivered to some
    /// accounts ([`CandidateIndex::of_delivered`]): the whole database's
    /// counts, which every key's rarity and cap are then taken from.
    counts: Option<Arc<KeyCounts>>,
}

thread_local! {
    /// The companies gathered for an account, with their first scores: empty
    /// between calls of [`CandidateIndex::candidates`].
    static GATHERED: std::cell::RefCell<FxHashMap<u32, f32>> =
        std::cell::RefCell::new(FxHashMap::default());
}

/// The keys a name is indexed and looked up under: its words, and the
/// beginnings and ends of its longer words.
fn name_keys(name: &NormalizedName) -> Vec<Key> {
    let mut keys = Vec::with_capacity(name.tokens.len() * 3);
    for token in &name.tokens {
        keys.push(Key::word(token));
        keys.extend(word_pieces(token));
    }
    keys.sort();
    keys.dedup();
    keys
}

/// The blocking keys a company is indexed under, each with the rule it
/// blocks by: its domain, its name's words, their beginnings (`velq…`) and
/// ends (`…uora`), its initials and its street (`1347 erie`). A cluster
/// joins the accounts' [`joined::requests`] with them
/// (`docs/scale-out.md`).
pub fn blocking_keys(company: &Entity<'_>) -> Vec<(BlockingRule, String)> {
    let domain = company
        .domain
        .filter(|domain| !domain.is_empty())
        .map(|domain| (BlockingRule::SameDomain, domain.to_string()));
    let initials = initials(company.name).map(|initials| Key::Initials(initials.into()));
    let name = name_keys(company.name)
        .into_iter()
        .chain(initials)
        .map(|key| (key.rule(), key.text()));
    let street = company
        .street
        .and_then(street_key)
        .map(|street| (BlockingRule::SameStreet, street));
    domain.into_iter().chain(name).chain(street).collect()
}

/// The beginning and end of a word of five letters or more.
fn word_pieces(word: &str) -> Vec<Key> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 {
        return Vec::new();
    }
    vec![
        Key::Beginning(chars[..4].iter().collect::<String>().into()),
        Key::End(chars[chars.len() - 4..].iter().collect::<String>().into()),
    ]
}

impl Lookup for CandidateIndex {
    fn key_count(&self, key: &Key) -> usize {
        match &self.counts {
            Some(counts) => counts.key_count(key),
            None => self.postings(key).map_or(0, Vec::len),
        }
    }

    fn nearest(&self, word: &str) -> Vec<&str> {
        match &self.counts {
            Some(counts) => counts.nearest(word),
            None => self.vocabulary.nearest(word),
        }
    }
}

/// The companies on both sorted lists.
fn merge_common(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() * 16 < long.len() {
        // A few against many: look each up in what is left of the long list.
        let mut rest = long;
        let mut common = Vec::new();
        for company in short {
            let at = rest.partition_point(|other| other < company);
            rest = &rest[at..];
            if rest.first() == Some(company) {
                common.push(*company);
            }
        }
        return common;
    }
    let (mut i, mut j) = (0, 0);
    let mut common = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// The initials of a name of two or more tokens (`velquora systems` → `vs`),
/// under which a company is also found by an account that wrote only them.
fn initials(name: &NormalizedName) -> Option<String> {
    (name.tokens.len() >= 2).then(|| {
        name.tokens
            .iter()
            .filter_map(|token| token.chars().next())
            .collect()
    })
}

impl Default for CandidateIndex {
    fn default() -> CandidateIndex {
        CandidateIndex::new()
    }
}

impl CandidateIndex {
    /// Indexes companies, in order: a candidate is the company's position in
    /// this sequence.
    pub fn build<'a>(companies: impl IntoIterator<Item = Entity<'a>>) -> CandidateIndex {
        let mut index = CandidateIndex::new();
        for company in companies {
            index.add(&company);
        }
        index
    }

    /// An empty index; [`CandidateIndex::add`] the companies in order.
    pub fn new() -> CandidateIndex {
        CandidateIndex {
            by_domain: FxHashMap::default(),
            by_key: FxHashMap::default(),
            word_codes: FxHashMap::default(),
            codes: FxHashMap::default(),
            street_codes: FxHashMap::default(),
            at_street: Vec::new(),
            token_counts: vec![0],
            profiles: Vec::new(),
            vocabulary: Vocabulary::default(),
            counts: None,
        }
    }

    /// An index of some of the companies, in the order of their rows, which
    /// finds for an account the candidates the index of all of them would
    /// find, given the counts of all of them, as long as it holds every
    /// company the account's [`joined::requests`] are answered with. A
    /// candidate is then a position among these companies.
    pub fn of_delivered<'a>(
        counts: Arc<KeyCounts>,
        companies: impl IntoIterator<Item = Entity<'a>>,
    ) -> CandidateIndex {
        let mut index = CandidateIndex {
            counts: Some(counts),
            ..CandidateIndex::new()
        };
        for company in companies {
            index.add(&company);
        }
        // Ranking weighs each word by the whole database's count.
        if let Some(counts) = &index.counts {
            for (word, code) in &index.word_codes {
                index.token_counts[*code as usize] = counts.key_count(&Key::word(word)) as u32;
            }
        }
        index
    }

    /// Adds the next company.
    pub fn add(&mut self, company: &Entity<'_>) {
        let position = self.profiles.len() as u32;
        if let Some(domain) = company.domain.filter(|domain| !domain.is_empty()) {
            self.by_domain
                .entry(domain.to_string())
                .or_default()
                .push(position);
        }
        for key in name_keys(company.name) {
            self.by_key.entry(key).or_default().push(position);
        }
        if let Some(initials) = initials(company.name) {
            self.by_key
                .entry(Key::Initials(initials.into()))
                .or_default()
                .push(position);
        }
        let street = match company.street.and_then(street_key) {
            Some(key) => {
                let code = match self.street_codes.get(key.as_str()) {
                    Some(&code) => code,
                    None => {
                        self.at_street.push(Vec::new());
                        let code = self.at_street.len() as u32;
                        self.street_codes.insert(key.into(), code);
                        code
                    }
                };
                self.at_street[code as usize - 1].push(position);
                code
            }
            None => 0,
        };
        let mut tokens: Vec<u32> = company
            .name
            .tokens
            .iter()
            .map(|token| self.token_code(token))
            .collect();
        tokens.sort_unstable();
        tokens.dedup();
        for token in &tokens {
            self.token_counts[*token as usize] += 1;
        }
        let profile = Profile {
            tokens,
            country: self.code(Coded::Country, company.country.unwrap_or("")),
            city: self.code(Coded::City, &company.city.unwrap_or("").to_lowercase()),
            postal_code: self.code(Coded::PostalCode, company.postal_code.unwrap_or("")),
            street,
        };
        self.profiles.push(profile);
    }

    /// How many companies are indexed.
    pub fn len(&self) -> usize {
        self.profiles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }

    /// How rare a name token is among the companies: `ln((n + 1) / (postings + 1))`.
    pub fn token_rarity(&self, token: &str) -> f64 {
        // By `&str`, without a copy: every comparison asks it of each word.
        let postings = match (&self.counts, self.word_codes.get(token)) {
            (Some(counts), _) => counts.word_count(token),
            (None, Some(&code)) => self.token_counts[code as usize] as usize,
            (None, None) => 0,
        };
        f64::from(self.rarity(postings))
    }

    /// How many companies have this registrable domain.
    pub fn companies_on_domain(&self, domain: &str) -> u32 {
        match &self.counts {
            Some(counts) => counts.domain_count(domain) as u32,
            None => self
                .by_domain
                .get(domain)
                .map_or(0, |postings| postings.len() as u32),
        }
    }

    /// How many companies the database has (this index's, or the whole
    /// one's when this is a part of it).
    fn company_count(&self) -> usize {
        self.counts
            .as_ref()
            .map_or(self.profiles.len(), |counts| counts.companies())
    }

    /// The code of a text (0: an empty one), new if it has none yet.
    fn code(&mut self, kind: Coded, text: &str) -> u32 {
        if text.is_empty() {
            return 0;
        }
        if let Some(&code) = self.codes.get(&(kind, text.into())) {
            return code;
        }
        let code = self.new_code();
        self.codes.insert((kind, text.into()), code);
        code
    }

    /// The next code, with no company counted yet.
    fn new_code(&mut self) -> u32 {
        self.token_counts.push(0);
        (self.token_counts.len() - 1) as u32
    }

    /// A name token's code; a token seen for the first time joins the
    /// vocabulary.
    fn token_code(&mut self, token: &str) -> u32 {
        if let Some(&code) = self.word_codes.get(token) {
            return code;
        }
        let code = self.new_code();
        self.word_codes.insert(token.into(), code);
        // Part of an index spells against the whole database's words.
        if self.counts.is_none() {
            self.vocabulary.add(token);
        }
        code
    }

    /// The code of a text (0: an empty one; `u32::MAX`: one no company has).
    fn existing_code(&self, kind: Coded, text: &str) -> u32 {
        if text.is_empty() {
            return 0;
        }
        self.codes
            .get(&(kind, text.into()))
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// The companies indexed under a key.
    fn postings(&self, key: &Key) -> Option<&Vec<u32>> {
        self.by_key.get(key)
    }

    /// How rare something is that `postings` of the companies have.
    fn rarity(&self, postings: usize) -> f32 {
        rarity(self.company_count(), postings)
    }

    /// The companies indexed under a key, none if it has none here.
    fn postings_of(&self, key: &Key) -> &[u32] {
        self.postings(key).map_or(&[], Vec::as_slice)
    }

    /// The companies indexed under a key and how many the database has
    /// under it: one lookup for the whole index, whose lists are whole.
    fn postings_and_count(&self, key: &Key) -> (&[u32], usize) {
        let postings = self.postings_of(key);
        match &self.counts {
            Some(counts) => (postings, counts.key_count(key)),
            None => (postings, postings.len()),
        }
    }

    /// The companies whose names have the most of the account's words
    /// together: the rarest word's companies, narrowed by each next rarest
    /// word while some company is left; none if no second word narrows them.
    /// (Postings are in company order, so narrowing is a merge.)
    fn having_together(&self, name: &NormalizedName) -> Vec<u32> {
        let words = words_by_rarity(self, name);
        let [(rarest, rarest_count), others @ ..] = words.as_slice() else {
            return Vec::new();
        };
        if others.is_empty() || *rarest_count > MAX_TOGETHER_POSTINGS {
            return Vec::new();
        }
        let mut together: Vec<u32> = Vec::new();
        for (word, _) in others {
            let narrower = merge_common(
                if together.is_empty() {
                    self.postings_of(&Key::word(rarest))
                } else {
                    &together
                },
                self.postings_of(&Key::word(word)),
            );
            if narrower.is_empty() {
                break;
            }
            together = narrower;
        }
        together
    }

    /// The best `limit` candidates for an account, most promising first:
    /// gathered by the [`BlockingRule`]s, then ranked by everything they
    /// share with it (every name word, however common, and the address).
    pub fn candidates(&self, account: &Entity<'_>, limit: usize) -> Vec<u32> {
        // The map is kept between accounts: allocating one of this size per
        // account fragments the heap of a long run.
        let mut gathered = Gathered {
            first: GATHERED.with_borrow_mut(std::mem::take),
        };
        let (name, own_name) = respelled(self, account.name, account.own_name);
        let domain = self.gather_on_domain(account, &mut gathered);
        let keys = name_keys(&name);
        let mut met_by_name = self.gather_on_keys(&keys, &mut gathered);
        met_by_name |= self.gather_together(&name, own_name.as_deref(), &mut gathered);
        met_by_name |= self.gather_on_initials(account.name, &mut gathered);
        if !met_by_name {
            self.gather_on_rarest_word(&keys, &mut gathered);
        }
        let codes = self.account_codes(&name, account);
        self.gather_on_street(&codes, &mut gathered);
        let pool = gathered.best(RERANKED);
        self.rank(pool, &codes, &domain, limit)
    }

    /// [`BlockingRule::SameDomain`]: the companies on the account's domain.
    fn gather_on_domain(&self, account: &Entity<'_>, gathered: &mut Gathered) -> DomainMatches {
        let mut domain = DomainMatches::default();
        if let Some((on, postings)) = account
            .domain
            .filter(|domain| !domain.is_empty())
            .and_then(|on| Some(on).zip(self.by_domain.get(on)))
        {
            domain
                .companies
                .extend(postings.iter().take(BlockingRule::SameDomain.cap()));
            // The same website says much when it is one company's, little
            // when a parent's site (or a short stem) is on dozens.
            domain.weight = 10.0 / (self.companies_on_domain(on) as f32).sqrt();
        }
        gathered.add(&domain.companies, domain.weight);
        domain.companies.sort_unstable();
        domain
    }

    /// [`BlockingRule::RareWord`] and [`BlockingRule::WordPiece`]: the
    /// companies under each of the name's keys rare enough to block on.
    /// Whether any was.
    fn gather_on_keys(&self, keys: &[Key], gathered: &mut Gathered) -> bool {
        let mut met = false;
        for key in keys {
            let (postings, count) = self.postings_and_count(key);
            if key.rule().blocks(count) {
                met = true;
                gathered.add(postings, self.rarity(count));
            }
        }
        met
    }

    /// [`BlockingRule::WordsTogether`]: words common alone can be rare
    /// together; the companies that have the most of them count as found by
    /// one key that rare. Whether any was.
    fn gather_together(
        &self,
        name: &NormalizedName,
        own_name: Option<&NormalizedName>,
        gathered: &mut Gathered,
    ) -> bool {
        let mut met = false;
        for words in std::iter::once(name).chain(own_name) {
            let together = self.having_together(words);
            if !together.is_empty() && together.len() <= BlockingRule::WordsTogether.cap() {
                met = true;
                gathered.add(&together, self.rarity(together.len()));
            }
        }
        met
    }

    /// [`BlockingRule::Initials`]: an account that wrote only initials meets
    /// the companies they spell, and one that wrote the words meets a company
    /// known by its initials. Whether any was.
    fn gather_on_initials(&self, name: &NormalizedName, gathered: &mut Gathered) -> bool {
        let Some(key) = initials_lookup(name) else {
            return false;
        };
        let (postings, count) = self.postings_and_count(&key);
        if !BlockingRule::Initials.blocks(count) {
            return false;
        }
        gathered.add(postings, self.rarity(count));
        true
    }

    /// [`BlockingRule::SameStreet`]: the companies at the account's house
    /// number and street that also share a name word or the postal code
    /// with it. An address alone is shared by unrelated companies more often
    /// than a rare word is, so it counts for half a key as rare: it adds
    /// companies the name missed without crowding out the ones it found.
    fn gather_on_street(&self, account: &AccountCodes, gathered: &mut Gathered) {
        let Some(postings) = account
            .street
            .checked_sub(1)
            .and_then(|at| self.at_street.get(at as usize))
            .filter(|_| BlockingRule::SameStreet.blocks(account.street_count))
        else {
            return;
        };
        let weight = 0.5 * self.rarity(account.street_count);
        for company in postings {
            let profile = &self.profiles[*company as usize];
            let shares_a_word = account
                .words
                .iter()
                .any(|word| profile.tokens.binary_search(word).is_ok());
            if shares_a_word || same_code(account.postal_code, profile.postal_code) {
                *gathered.first.entry(*company).or_default() += weight;
            }
        }
    }

    /// The account's name words and address as the index codes them.
    fn account_codes(&self, name: &NormalizedName, account: &Entity<'_>) -> AccountCodes {
        let mut texts: Vec<&str> = name.tokens.iter().map(String::as_str).collect();
        texts.sort_unstable();
        texts.dedup();
        let words = texts
            .into_iter()
            .map(|token| self.word_codes.get(token).copied().unwrap_or(u32::MAX))
            .collect();
        let street = account.street.and_then(street_key);
        let street_code = street
            .as_deref()
            .and_then(|key| self.street_codes.get(key).copied())
            .unwrap_or(0);
        let street_count = match (&self.counts, street_code) {
            (_, 0) => 0,
            (Some(counts), _) => street.as_deref().map_or(0, |key| counts.street_count(key)),
            (None, code) => self.at_street[code as usize - 1].len(),
        };
        AccountCodes {
            words,
            country: self.existing_code(Coded::Country, account.country.unwrap_or("")),
            city: self.existing_code(Coded::City, &account.city.unwrap_or("").to_lowercase()),
            postal_code: self.existing_code(Coded::PostalCode, account.postal_code.unwrap_or("")),
            street: street_code,
            street_count,
        }
    }

    /// [`BlockingRule::RarestWord`]: only common words, and never together
    /// ("Global"): the first companies of the rarest.
    fn gather_on_rarest_word(&self, keys: &[Key], gathered: &mut Gathered) {
        for company in rarest_key(self, keys)
            .into_iter()
            .flat_map(|(key, _)| self.postings_of(key))
            .take(BlockingRule::RarestWord.cap())
        {
            gathered.first.entry(*company).or_default();
        }
    }

    /// The pool ranked by everything each company shares with the account:
    /// every name word by its rarity, the domain, country, city, postal code
    /// and street; the best `limit`.
    fn rank(
        &self,
        pool: Vec<u32>,
        account: &AccountCodes,
        domain: &DomainMatches,
        limit: usize,
    ) -> Vec<u32> {
        let points = |mine: u32, theirs: u32, points: f32| match same_code(mine, theirs) {
            true => points,
            false => 0.0,
        };
        let mut ranked: Vec<(u32, f32)> = pool
            .into_iter()
            .map(|company| {
                let profile = &self.profiles[company as usize];
                // In the account's words' order: the same sum, to the last
                // bit, whatever codes this index gave the words.
                let mut score: f32 = account
                    .words
                    .iter()
                    .filter(|word| profile.tokens.binary_search(word).is_ok())
                    .map(|word| self.rarity(self.token_counts[*word as usize] as usize))
                    .sum();
                if domain.companies.binary_search(&company).is_ok() {
                    score += domain.weight;
                }
                score += points(account.country, profile.country, 1.0);
                score += points(account.city, profile.city, 2.0);
                score += points(account.postal_code, profile.postal_code, 3.0);
                score += points(account.street, profile.street, 3.0);
                (company, score)
            })
            .collect();
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > limit {
            ranked.select_nth_unstable_by(limit, order);
            ranked.truncate(limit);
        }
        ranked.sort_by(order);
        ranked.into_iter().map(|(company, _)| company).collect()
    }
}

/// Whether an account's code and a company's are the same known text (0 is
/// a missing one, `u32::MAX` one no company has).
fn same_code(account: u32, company: u32) -> bool {
    account != 0 && account != u32::MAX && account == company
}

/// An account's name words and address as the index codes them (see
/// [`CandidateIndex::existing_code`]), for ranking the companies gathered.
struct AccountCodes {
    /// In the order of the words' text, each once.
    words: Vec<u32>,
    country: u32,
    city: u32,
    postal_code: u32,
    /// The [`street_key`]'s code (0: none, or one no company has here).
    street: u32,
    /// How many companies are at that street (0 for none).
    street_count: usize,
}

/// The companies an account's domain is on (sorted), and how much sharing it
/// says.
#[derive(Debug, Default)]
struct DomainMatches {
    companies: Vec<u32>,
    weight: f32,
}

/// The companies gathered for one account, each with a first score: the
/// rarity of the keys that found it.
struct Gathered {
    first: FxHashMap<u32, f32>,
}

impl Gathered {
    fn add(&mut self, companies: &[u32], weight: f32) {
        for company in companies {
            *self.first.entry(*company).or_default() += weight;
        }
    }

    /// The `count` with the best first scores, and any tied with the last;
    /// the map goes back to be reused.
    fn best(mut self, count: usize) -> Vec<u32> {
        let mut pool: Vec<(u32, f32)> = self.first.drain().collect();
        GATHERED.with_borrow_mut(|kept| *kept = std::mem::take(&mut self.first));
        if pool.len() > count {
            pool.select_nth_unstable_by(count, |a, b| b.1.total_cmp(&a.1));
            let cut = pool[count].1;
            pool.retain(|(_, score)| *score >= cut);
        }
        pool.into_iter().map(|(company, _)| company).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::{default_as_of, Demo, DemoSize};
    use crate::engine::matching::normalize::{normalize_name, normalize_street};
    use crate::engine::matching::record::MatchRecord;
    use crate::engine::source_kind::SourceKind;

    fn entity<'a>(
        domain: Option<&'a str>,
        name: &'a NormalizedName,
        country: Option<&'a str>,
    ) -> Entity<'a> {
        Entity {
            domain,
            name,
            own_name: None,
            country,
            city: None,
            postal_code: None,
            street: None,
        }
    }

    #[test]
    fn a_website_many_companies_share_does_not_crowd_out_the_name() {
        // A parent's site on sixty subsidiaries, and the account's own
        // company elsewhere: the account wrote the parent's site.
        let mut names: Vec<NormalizedName> = (0..60)
            .map(|at| normalize_name(&format!("Subsidiary Foods {at}")))
            .collect();
        names.push(normalize_name("Zentrix Omnira Foods KK"));
        let mut index = CandidateIndex::new();
        for (at, name) in names.iter().enumerate() {
            let domain = if at < 60 {
                "parent.com"
            } else {
                "zentrix.co.jp"
            };
            index.add(&entity(Some(domain), name, None));
        }
        let account = normalize_name("Zentrix Omnira Foods");
        let found = index.candidates(&entity(Some("parent.com"), &account, None), 8);
        assert_eq!(found.first(), Some(&60), "{found:?}");
        // A website one company has still leads.
        let own = index.candidates(
            &entity(Some("zentrix.co.jp"), &normalize_name("ZOF"), None),
            8,
        );
        assert_eq!(own.first(), Some(&60), "{own:?}");
    }

    #[test]
    fn an_account_of_common_words_meets_the_company_that_has_them_together() {
        // Every word is on thousands of companies: none blocks alone.
        let mut names: Vec<NormalizedName> = Vec::new();
        for at in 0..2_500 {
            names.push(normalize_name(&format!("Moreau Foods Unit{at}")));
            names.push(normalize_name(&format!("Esposito Foods Unit{at}")));
        }
        names.push(normalize_name("Moreau & Esposito Foods KK"));
        let mut index = CandidateIndex::new();
        for name in &names {
            index.add(&entity(None, name, None));
        }
        let target = (names.len() - 1) as u32;
        let account = normalize_name("MOREAU & ESPOSITO FOODS");
        let found = index.candidates(&entity(None, &account, None), 8);
        assert_eq!(found.first(), Some(&target), "{found:?}");
    }

    #[test]
    fn domains_tokens_typos_and_addresses_find_their_company() {
        let names: Vec<NormalizedName> = [
            "Velquora Systems Inc",
            "Globex Corporation",
            "Globex Financial Services",
            "Initech LLC",
            "United Systems Ltd",
            "Initech GmbH",
        ]
        .iter()
        .map(|name| normalize_name(name))
        .collect();
        let domains = [
            Some("velquora.com"),
            Some("globex.com"),
            Some("globex.com"),
            None,
            Some("unitedsystems.co.uk"),
            None,
        ];
        let countries = [
            Some("US"),
            Some("US"),
            Some("US"),
            Some("US"),
            Some("GB"),
            Some("DE"),
        ];
        let index = CandidateIndex::build(
            (0..names.len()).map(|row| entity(domains[row], &names[row], countries[row])),
        );
        let find = |domain: Option<&str>, name: &str, country: Option<&str>| {
            let name = normalize_name(name);
            index.candidates(&entity(domain, &name, country), 3)
        };
        assert_eq!(
            find(Some("velquora.com"), "Something Else", None)[0],
            0,
            "by domain"
        );
        assert_eq!(find(None, "VELQUORA SYS", None)[0], 0, "by token");
        assert_eq!(
            find(None, "Velquroa Systems", None)[0],
            0,
            "a typo still meets by the token's beginning"
        );
        assert_eq!(
            find(None, "Globex Financial Services", None)[0],
            2,
            "the subsidiary ranks above its parent"
        );
        assert_eq!(
            find(None, "Initech", Some("DE"))[0],
            5,
            "the same name in another country ranks second"
        );
        assert_eq!(find(None, "Initech", Some("US"))[0], 3);
        assert!(find(None, "Umbrella", None).is_empty());
    }

    #[test]
    fn a_record_s_blocking_keys_are_those_its_company_is_indexed_under() {
        let name = normalize_name("Velquora Tessaly Inc");
        let street = normalize_street("1347 W Erie Street");
        let record = Entity {
            street: Some(&street),
            ..entity(Some("velquora.com"), &name, Some("US"))
        };
        let keys = blocking_keys(&record);
        let expected: Vec<(BlockingRule, String)> = [
            (BlockingRule::SameDomain, "velquora.com"),
            (BlockingRule::RareWord, "tessaly"),
            (BlockingRule::RareWord, "velquora"),
            (BlockingRule::WordPiece, "tess…"),
            (BlockingRule::WordPiece, "velq…"),
            (BlockingRule::WordPiece, "…saly"),
            (BlockingRule::WordPiece, "…uora"),
            (BlockingRule::Initials, "vt"),
            (BlockingRule::SameStreet, "1347 erie"),
        ]
        .map(|(rule, key)| (rule, key.to_string()))
        .to_vec();
        assert_eq!(keys, expected);
        // Each key meets the company in the index, and another company
        // sharing one key is met by that key alone.
        let other_name = normalize_name("Velquora Foods");
        let index = CandidateIndex::build([record, entity(None, &other_name, None)]);
        for (rule, key) in &keys {
            let met = match rule {
                BlockingRule::SameDomain => index.by_domain.get(key.as_str()).cloned(),
                BlockingRule::SameStreet => index
                    .street_codes
                    .get(key.as_str())
                    .map(|code| index.at_street[*code as usize - 1].clone()),
                _ => index
                    .postings(&Key::of(*rule, key).expect("a name's key"))
                    .cloned(),
            };
            let expected_met = match key.as_str() {
                "velquora" | "velq…" | "…uora" => vec![0, 1],
                _ => vec![0],
            };
            assert_eq!(met, Some(expected_met), "{rule:?} {key}");
        }
    }

    #[test]
    fn a_site_listed_under_another_name_is_met_at_its_address() {
        // Chicago's child-care sites: the same house, another agency's name.
        let name = |text: &str| normalize_name(text);
        let street = |text: &str| normalize_street(text);
        let companies = [
            (
                name("Henry Booth House West Austin"),
                street("4920 W MADISON"),
                "60644",
            ),
            (name("Mary Crane Center"), street("4920 W MADISON"), "60612"),
            (name("Erie House"), street("1 W MADISON"), "60644"),
        ];
        let index =
            CandidateIndex::build(companies.iter().map(|(name, street, postal_code)| Entity {
                street: Some(street),
                postal_code: Some(postal_code),
                ..entity(None, name, None)
            }));
        let account = name("Lutheran Family Mission Family Center");
        let account_street = street("4920 W Madison Street");
        let at = |postal_code: Option<&'static str>| {
            index.candidates(
                &Entity {
                    street: Some(&account_street),
                    postal_code,
                    ..entity(None, &account, None)
                },
                8,
            )
        };
        assert_eq!(
            at(Some("60644")),
            [0, 1],
            "the same house and postal code first, then the same house and a word (`center`); \
             another house on the street is never met"
        );
        assert_eq!(
            at(None),
            [1],
            "without a postal code, the same house needs a word in common"
        );
    }

    #[test]
    fn a_misspelt_name_of_common_words_meets_its_company() {
        // "Technologies" is on thousands of companies: only the misspelt word
        // can find the company, and its beginning and end are on none.
        let mut names: Vec<NormalizedName> = (0..3_000)
            .map(|at| normalize_name(&format!("Technologies Unit{at}")))
            .collect();
        names.push(normalize_name("Lunor Technologies Ltd"));
        let index = CandidateIndex::build(names.iter().map(|name| entity(None, name, None)));
        let target = (names.len() - 1) as u32;
        let account = normalize_name("LUN0R TECHNOLOGIES");
        let found = index.candidates(&entity(None, &account, None), 8);
        assert_eq!(found.first(), Some(&target), "{found:?}");
    }

    #[test]
    fn the_name_after_a_parents_meets_its_company() {
        // The parent's word is rare and on other companies; the site's own
        // words are each on thousands, and together on one.
        let mut names: Vec<NormalizedName> = Vec::new();
        for at in 0..2_500 {
            names.push(normalize_name(&format!("Haddad Foods Unit{at}")));
            names.push(normalize_name(&format!("Packaging Unit{at}")));
        }
        for at in 0..5 {
            names.push(normalize_name(&format!("Riven Holdings {at}")));
        }
        names.push(normalize_name("Haddad Packaging Ltd"));
        let index = CandidateIndex::build(names.iter().map(|name| entity(None, name, None)));
        let target = (names.len() - 1) as u32;
        let record = MatchRecord::named("Riven Corp - Haddad Packaging");
        let found = index.candidates(&record.entity(), 8);
        assert!(found.contains(&target), "{found:?}");
        // Without the own name, the parent's word narrows to nothing.
        let mut parent_only = record.entity();
        parent_only.own_name = None;
        assert!(!index.candidates(&parent_only, 8).contains(&target));
    }

    /// On the demo's labelled accounts, the true company is among the first ten
    /// candidates for nearly every account that has one.
    #[test]
    fn the_true_company_is_among_the_candidates() {
        let demo = Demo::new(DemoSize::Small, 31, default_as_of());
        let accounts = demo.read(SourceKind::Accounts).table;
        let companies = demo.read(SourceKind::Companies).table;
        let company_records = MatchRecord::all(&companies);
        let index = CandidateIndex::build(company_records.iter().map(MatchRecord::entity));
        let account_records = MatchRecord::all(&accounts);
        let truth = demo.true_companies();
        let (mut found, mut total, mut candidates) = (0, 0, 0);
        for (row, account) in account_records.iter().enumerate() {
            let Some(company) = accounts
                .text("account_id", row)
                .and_then(|id| truth.get(&id).cloned())
                .filter(|company| !company.is_empty())
            else {
                continue;
            };
            let list = index.candidates(&account.entity(), 10);
            total += 1;
            candidates += list.len();
            found += usize::from(list.iter().any(|position| {
                companies.text("company_id", *position as usize).as_deref()
                    == Some(company.as_str())
            }));
        }
        let recall = found as f64 / total as f64;
        println!(
            "candidate recall {recall:.4} over {total} accounts, {:.1} candidates each",
            candidates as f64 / total as f64
        );
        assert!(recall >= 0.99, "candidate recall {recall:.4}");
    }
}
