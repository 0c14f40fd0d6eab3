//! The join, run on one machine as a cluster runs it, finds exactly what the
//! whole index finds.

use super::*;
use crate::engine::demo::{default_as_of, unseen, Demo, DemoSize};
use crate::engine::ingest::table::Table;
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::matching::batch::{compare_delivered, compare_rows};
use crate::engine::matching::matcher::{Compared, Matcher};
use crate::engine::matching::record::MatchRecord;
use crate::engine::source_kind::SourceKind;
use std::collections::HashMap;
use std::sync::Arc;

/// How often each kind of request was made, to show the data tried them all.
#[derive(Debug, Default)]
struct Asked {
    first_of_website: usize,
    first_of_rarest: usize,
    together: usize,
    street: usize,
    respelled: usize,
}

/// The companies under each key (its rule's label and the key), in row
/// order: the join's side of the companies.
type Postings = HashMap<(&'static str, String), Vec<u32>>;

/// Every company keyed and the keys counted (an aggregation).
fn keyed(companies: &Table) -> (Arc<KeyCounts>, Postings) {
    let mut postings = Postings::new();
    let mut counted: HashMap<(&'static str, String), (u64, u64)> = HashMap::new();
    for row in 0..companies.rows {
        let record = MatchRecord::for_index(companies, row);
        for key in company_keys(&record.entity(), row) {
            if key.kind.counted() {
                let count = counted
                    .entry((key.kind.label(), key.key.clone()))
                    .or_insert((0, u64::MAX));
                count.0 += 1;
                count.1 = count.1.min(key.first_seen);
            }
            if let KeyKind::Rule(rule) = key.kind {
                postings
                    .entry((rule.label(), key.key))
                    .or_default()
                    .push(row as u32);
            }
        }
    }
    let rows = counted
        .iter()
        .map(|((kind, key), (companies, first_seen))| CountedKey {
            kind,
            key,
            companies: *companies,
            first_seen: *first_seen,
        });
    let counts = KeyCounts::from_rows(companies.rows, rows).expect("counts of real keys");
    (Arc::new(counts), postings)
}

/// The accounts compared as a cluster compares them: a part of `part`
/// accounts at a time, each part among the companies its accounts' requests
/// were answered with.
fn compared_by_join(accounts: &Table, companies: &Table, part: usize) -> (Vec<Compared>, Asked) {
    let (counts, postings) = keyed(companies);
    let mut asked = Asked::default();
    let mut compared = Vec::new();
    for start in (0..accounts.rows).step_by(part) {
        let rows: Vec<usize> = (start..(start + part).min(accounts.rows)).collect();
        let mut delivered: Vec<u32> = Vec::new();
        for row in &rows {
            let account = MatchRecord::of(accounts, *row);
            let entity = account.entity();
            let (respelled_name, _) = respelled(counts.as_ref(), entity.name, None);
            asked.respelled += usize::from(respelled_name.tokens != entity.name.tokens);
            for request in requests(&counts, &entity) {
                match (request.rule, request.first) {
                    (BlockingRule::SameDomain, Some(_)) => asked.first_of_website += 1,
                    (_, Some(_)) => asked.first_of_rarest += 1,
                    (BlockingRule::WordsTogether, _) => asked.together += 1,
                    (BlockingRule::SameStreet, _) => asked.street += 1,
                    _ => {}
                }
                let under = postings
                    .get(&(request.rule.label(), request.key.clone()))
                    .map_or(&[][..], Vec::as_slice);
                delivered.extend(under.iter().take(request.first.unwrap_or(usize::MAX)));
            }
        }
        compared.extend(compare_delivered(
            &counts, accounts, companies, &rows, &delivered,
        ));
    }
    (compared, asked)
}

fn compared_by_index(accounts: &Table, companies: &Table) -> Vec<Compared> {
    let rows: Vec<usize> = (0..accounts.rows).collect();
    compare_rows(&Matcher::build(companies), accounts, companies, &rows)
}

/// A record known by its name alone.
fn named(name: &NormalizedName) -> Entity<'_> {
    Entity {
        domain: None,
        name,
        own_name: None,
        country: None,
        city: None,
        postal_code: None,
        street: None,
    }
}

fn read(csv: &[u8], kind: SourceKind) -> Table {
    ingest(csv, kind, &IngestOptions::default())
        .expect("the set reads")
        .table
}

#[test]
fn the_join_finds_and_compares_what_the_index_does_on_the_second_generator() {
    let set = unseen::labelled_set(1_500, 15_000, 17);
    let accounts = read(set.accounts_csv.as_bytes(), SourceKind::Accounts);
    let companies = read(set.companies_csv.as_bytes(), SourceKind::Companies);
    let whole = compared_by_index(&accounts, &companies);
    assert!(whole.iter().filter(|compared| !compared.is_empty()).count() > 1_000);
    for part in [1, 211] {
        let (joined, asked) = compared_by_join(&accounts, &companies, part);
        // Every kind of request was needed somewhere.
        assert!(asked.together > 0, "{asked:?}");
        assert!(asked.street > 0, "{asked:?}");
        assert!(asked.respelled > 0, "{asked:?}");
        let differing = (0..whole.len())
            .filter(|row| joined[*row] != whole[*row])
            .collect::<Vec<_>>();
        assert!(
            differing.is_empty(),
            "{} accounts differ, the first: row {}",
            differing.len(),
            differing[0]
        );
    }
}

#[test]
fn the_join_finds_what_the_index_does_on_the_demo_and_a_real_set() {
    let demo = Demo::new(DemoSize::Small, 23, default_as_of());
    let accounts = demo.read(SourceKind::Accounts).table;
    let companies = demo.read(SourceKind::Companies).table;
    let (joined, _) = compared_by_join(&accounts, &companies, 64);
    assert_eq!(joined, compared_by_index(&accounts, &companies));
    // The child-care sites: names after an agency's, addresses that meet.
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/matching/chicago_childcare");
    let file =
        |name: &str| std::fs::read(corpus.join(name)).expect("the corpus has the child-care set");
    let accounts = read(&file("crm_accounts.csv"), SourceKind::Accounts);
    let companies = read(&file("companies.csv"), SourceKind::Companies);
    let (joined, asked) = compared_by_join(&accounts, &companies, 50);
    assert!(asked.street > 0, "{asked:?}");
    assert_eq!(joined, compared_by_index(&accounts, &companies));
}

/// Keys too common to block on: a website on more companies than its cap
/// meets its first 50, and a name of only common words its rarest word's
/// first 2,000 — which the join delivers as the first of many. And names
/// that ask for more: a word twice, a name after a parent's, initials on
/// too many companies.
#[test]
fn the_join_finds_the_first_companies_of_a_common_website_and_word() {
    let mut companies = String::from("company_id,name,website,hq_city,hq_country\n");
    for at in 0..2_300 {
        // Every other company on the parent's site; the words "global" and
        // "holdings" on all of them, pieces of "unit" words on hundreds.
        let website = if at % 2 == 0 { "globalparent.com" } else { "" };
        // The 2,000th company of "global" is the only one in Brest among
        // the first 2,000; another after them is there too.
        let city = match at {
            1_999 | 2_100 => "Brest",
            _ => ["Lyon", "Lille", "Nantes"][at % 3],
        };
        companies.push_str(&format!(
            "C{at},Global Holdings Unit{} {},{website},{city},FR\n",
            at % 7,
            ["Nord", "Sud", "Est", "Ouest"][at % 4]
        ));
    }
    // A company known by initials, which an account of common words meets
    // by its own initials.
    companies.push_str("C2300,GGH,,Paris,FR\n");
    let accounts = "Account ID,Account Name,Website,Billing City,Billing Country\n\
        A1,Global Holdings,,Lille,FR\n\
        A2,Global,,Brest,\n\
        A3,Globel Holdings,globalparent.com,Nantes,FR\n\
        A4,Holdings Unit3,,Lyon,FR\n\
        A5,Global Holdings Unit5 Sud,www.globalparent.com,,\n\
        A6,Global Global Holdings,,Brest,\n\
        A7,Riven Corp - Holdings Unit2 Est,,Lyon,FR\n\
        A8,GHUN,,,\n";
    let accounts = read(accounts.as_bytes(), SourceKind::Accounts);
    let companies = read(companies.as_bytes(), SourceKind::Companies);
    let whole = compared_by_index(&accounts, &companies);
    assert!(
        whole[..5].iter().all(|compared| compared.len() == 10),
        "{whole:?}"
    );
    // A word twice meets, by its initials, the one company known by them.
    assert_eq!(
        whole[5].iter().map(|(row, _)| *row).collect::<Vec<_>>(),
        [2_300]
    );
    assert!(
        whole[7].is_empty(),
        "initials on 575 companies block nothing"
    );
    assert_eq!(
        whole[1][0].0, 1_999,
        "the first 2,000 of the rarest word, no more"
    );
    for part in [1, 2, 8] {
        let (joined, asked) = compared_by_join(&accounts, &companies, part);
        assert!(asked.first_of_website >= 2, "{asked:?}");
        assert!(asked.first_of_rarest >= 3, "{asked:?}");
        assert_eq!(joined, whole);
    }
}

#[test]
fn an_account_of_initials_asks_for_the_companies_they_spell_and_the_reverse() {
    let companies = read(
        b"company_id,name\nC1,Velquora Tessaly Inc\nC2,VS\n",
        SourceKind::Companies,
    );
    let (counts, _) = keyed(&companies);
    let ask = |name: &str| {
        let name = crate::engine::matching::normalize::normalize_name(name);
        requests(&counts, &named(&name))
    };
    let request = |rule, key: &str| Request {
        rule,
        key: key.to_string(),
        first: None,
    };
    assert!(ask("VT").contains(&request(BlockingRule::Initials, "vt")));
    assert!(ask("Velquora Systems").contains(&request(BlockingRule::RareWord, "vs")));
    assert!(ask("Unrelated Words").is_empty());
}

#[test]
fn damaged_counts_are_refused_with_their_key() {
    let row = |kind, key, companies| CountedKey {
        kind,
        key,
        companies,
        first_seen: 0,
    };
    let refused = |rows: Vec<CountedKey<'_>>| KeyCounts::from_rows(10, rows).unwrap_err();
    let word = BlockingRule::RareWord.label();
    assert_eq!(
        refused(vec![row("a typo", "x", 1)]),
        DamagedCounts::UnknownKind {
            kind: "a typo".into()
        }
    );
    // Pairs of words are joined on, never counted.
    let together = BlockingRule::WordsTogether.label();
    assert!(matches!(
        refused(vec![row(together, "a b", 1)]),
        DamagedCounts::UnknownKind { .. }
    ));
    assert!(matches!(
        refused(vec![row(BlockingRule::WordPiece.label(), "velq", 1)]),
        DamagedCounts::NotAKey { .. }
    ));
    assert!(matches!(
        refused(vec![row(KeyKind::Name.label(), "Velquora", 1)]),
        DamagedCounts::NotAKey { .. }
    ));
    for kind in [word, KeyKind::City.label()] {
        assert!(matches!(
            refused(vec![row(kind, "velquora", 2), row(kind, "velquora", 3)]),
            DamagedCounts::CountedTwice { .. }
        ));
    }
    for impossible in [0, 11] {
        let error = refused(vec![row(word, "velquora", impossible)]);
        assert!(
            matches!(error, DamagedCounts::ImpossibleCount { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("velquora"));
    }
    let counts = KeyCounts::from_rows(
        10,
        [
            row(word, "velquora", 2),
            row(BlockingRule::WordPiece.label(), "velq…", 2),
            row(BlockingRule::SameDomain.label(), "velquora.com", 1),
            row(KeyKind::City.label(), "lyon", 8),
            row(KeyKind::City.label(), "dijon", 2),
        ],
    )
    .unwrap();
    // A typical company's city: (8² + 2²) / 10 = 6.8 companies.
    assert_eq!(counts.companies_in_city("lyon"), (8, 7));
    assert_eq!(counts.companies_in_city("nancy"), (0, 7));
    assert_eq!(counts.word_count("velquora"), 2);
    assert_eq!(counts.key_count(&Key::Beginning("velq".into())), 2);
    assert_eq!(counts.companies_on_domain("velquora.com"), 1);
    assert_eq!(counts.nearest("velqora"), ["velquora"]);
}

#[test]
fn a_company_is_joined_on_its_keys_the_pairs_of_its_words_and_its_name() {
    let name = crate::engine::matching::normalize::normalize_name("Moreau Esposito Foods");
    let keys = company_keys(&named(&name), 3);
    let of = |kind: KeyKind| {
        keys.iter()
            .filter(|key| key.kind == kind)
            .map(|key| (key.key.as_str(), key.first_seen))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of(KeyKind::Rule(BlockingRule::RareWord)),
        [
            ("esposito", 3 << 16 | 1),
            ("foods", 3 << 16 | 2),
            ("moreau", 3 << 16)
        ]
    );
    assert_eq!(
        of(KeyKind::Rule(BlockingRule::WordsTogether)),
        [
            ("esposito foods", 0),
            ("esposito moreau", 0),
            ("foods moreau", 0)
        ]
    );
    assert_eq!(of(KeyKind::Name).len(), 1);
    assert_eq!(of(KeyKind::City), [], "no city, no city key");
    let in_lyon = Entity {
        city: Some("lyon"),
        ..named(&name)
    };
    let keys = company_keys(&in_lyon, 3);
    let cities: Vec<_> = keys
        .iter()
        .filter(|key| key.kind == KeyKind::City)
        .map(|key| (key.key.as_str(), key.kind.counted()))
        .collect();
    assert_eq!(cities, [("lyon", true)], "counted, never joined on");
    for kind in KeyKind::ALL {
        assert_eq!(KeyKind::of_label(kind.label()), Some(kind));
    }
}
