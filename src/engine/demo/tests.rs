use super::deals::european_amount;
use super::people::title_for;
use super::*;
use std::collections::{HashMap, HashSet};

fn small() -> Demo {
    Demo::new(DemoSize::Small, 7, default_as_of())
}

/// Parses a generated file: header and rows (BOM stripped, delimiter given).
fn parse(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|row| row.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|field| field == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn same_seed_gives_same_bytes_and_another_seed_does_not() {
    for (kind, _) in DEMO_FILES {
        assert_eq!(small().render(kind), small().render(kind), "{kind}");
    }
    let other = Demo::new(DemoSize::Small, 8, default_as_of());
    assert_ne!(
        small().render(SourceKind::Accounts),
        other.render(SourceKind::Accounts)
    );
}

#[test]
fn reported_row_counts_match_the_files() {
    let demo = small();
    for (kind, _) in DEMO_FILES {
        let delimiter = if kind == SourceKind::Opportunities {
            b';'
        } else {
            b','
        };
        let mut bytes = Vec::new();
        let written = demo.write(kind, &mut bytes).unwrap();
        let (_, rows) = parse(&bytes, delimiter);
        assert_eq!(rows.len() as u64, written, "{kind}");
    }
    let spec = demo.spec();
    assert_eq!(
        demo.write(SourceKind::Accounts, io::sink()).unwrap(),
        spec.accounts + 3
    );
    assert_eq!(
        demo.write(SourceKind::Activity, io::sink()).unwrap(),
        spec.events
    );
    let people = demo.write(SourceKind::People, io::sink()).unwrap() as f64;
    let target = spec.people as f64;
    assert!(
        (people - target).abs() / target < 0.2,
        "people {people} vs target {target}"
    );
}

#[test]
fn ids_are_consistent_across_files() {
    let demo = small();
    let (company_header, companies) = parse(&demo.render(SourceKind::Companies), b',');
    let company_ids: HashSet<&String> = companies
        .iter()
        .map(|row| &row[column(&company_header, "Company ID")])
        .collect();
    assert_eq!(company_ids.len(), companies.len(), "company ids are unique");

    let (people_header, people) = parse(&demo.render(SourceKind::People), b',');
    let company_of_person = column(&people_header, "Company ID");
    let previous = column(&people_header, "Previous Company ID");
    for person in &people {
        assert!(company_ids.contains(&person[company_of_person]));
        assert!(person[previous].is_empty() || company_ids.contains(&person[previous]));
        assert_ne!(person[previous], person[company_of_person]);
    }

    let mut labels = Vec::new();
    demo.write_match_labels(&mut labels).unwrap();
    let (_, labels) = parse(&labels, b',');
    // The file and the in-memory truth agree.
    let truth = demo.true_companies();
    assert_eq!(
        truth.len(),
        labels.iter().filter(|label| !label[1].is_empty()).count()
    );
    assert!(labels
        .iter()
        .all(|label| label[1].is_empty() || truth.get(&label[0]) == Some(&label[1])));
    assert_eq!(labels.len() as u64, demo.spec().accounts);
    let unmatched = labels.iter().filter(|label| label[1].is_empty()).count();
    assert!(
        unmatched > 0 && unmatched < labels.len() / 5,
        "{unmatched} accounts without a true company"
    );
    assert!(labels
        .iter()
        .all(|label| label[1].is_empty() || company_ids.contains(&label[1])));

    let (account_header, accounts) = parse(&demo.render(SourceKind::Accounts), b',');
    let account_ids: HashSet<&String> = accounts
        .iter()
        .map(|row| &row[column(&account_header, "Account ID")])
        .collect();
    let (seat_header, seats) = parse(&demo.render(SourceKind::Seats), b',');
    let seat_ids: HashSet<&String> = seats
        .iter()
        .map(|row| &row[column(&seat_header, "Seat ID")])
        .collect();
    let seat_names: HashSet<String> = seats
        .iter()
        .map(|row| row[column(&seat_header, "Name")].clone())
        .collect();

    let owner = column(&account_header, "Account Owner");
    assert!(accounts
        .iter()
        .all(|row| row[owner].is_empty() || seat_names.contains(&row[owner])));

    let (activity_header, events) = parse(&demo.render(SourceKind::Activity), b',');
    let user = column(&activity_header, "seatId");
    let target_account = column(&activity_header, "Target Account ID");
    let unknown = events
        .iter()
        .filter(|event| !seat_ids.contains(&event[user]))
        .count();
    assert!(
        unknown < events.len() / 100,
        "{unknown} events of unknown users"
    );
    assert!(events
        .iter()
        .all(|event| event[target_account].is_empty()
            || account_ids.contains(&event[target_account])));

    let (signal_header, signals) = parse(&demo.render(SourceKind::Signals), b',');
    let signal_account = column(&signal_header, "Account ID");
    assert!(signals
        .iter()
        .all(|signal| account_ids.contains(&signal[signal_account])));

    let (deal_header, deals) = parse(&demo.render(SourceKind::Opportunities), b';');
    let deal_account = column(&deal_header, "Account ID");
    assert!(deals
        .iter()
        .all(|deal| account_ids.contains(&deal[deal_account])));
}

#[test]
fn exports_are_as_messy_as_real_ones() {
    let demo = small();
    let accounts = demo.render(SourceKind::Accounts);
    assert!(
        accounts.starts_with(b"\xEF\xBB\xBFAccount ID,"),
        "Salesforce exports carry a BOM"
    );
    assert!(
        accounts.windows(2).any(|pair| pair == b"\r\n"),
        "and CRLF line ends"
    );

    let (header, rows) = parse(&accounts, b',');
    let name = column(&header, "Account Name");
    let id = column(&header, "Account ID");
    let website = column(&header, "Website");
    let country = column(&header, "Billing Country");
    assert_eq!(
        rows.iter().filter(|row| row[name].is_empty()).count(),
        1,
        "one row to quarantine for its name"
    );
    let mut seen = HashMap::new();
    for row in &rows {
        *seen.entry(&row[id]).or_insert(0) += 1;
    }
    assert_eq!(
        seen.values().filter(|count| **count > 1).count(),
        1,
        "one duplicate id"
    );
    assert!(
        rows.iter().any(|row| row[name].starts_with('=')),
        "a formula to neutralise"
    );
    assert!(rows
        .iter()
        .any(|row| row[website].starts_with("https://www.")));
    assert!(rows.iter().any(|row| row[website].is_empty()));
    assert!(rows
        .iter()
        .any(|row| !row[website].contains('/') && !row[website].is_empty()));
    let spellings: HashSet<&str> = rows.iter().map(|row| row[country].as_str()).collect();
    assert!(
        spellings.contains("United States") && spellings.contains("USA"),
        "{spellings:?}"
    );

    let (deal_header, deals) = parse(&demo.render(SourceKind::Opportunities), b';');
    let close = column(&deal_header, "Close Date");
    let amount = column(&deal_header, "Amount");
    assert!(
        deals
            .iter()
            .any(|deal| deal[close][..2].parse::<u32>().unwrap() > 12),
        "day-first dates show it"
    );
    assert!(
        deals.iter().all(|deal| deal[amount].contains(',')),
        "decimal commas"
    );

    let (activity_header, events) = parse(&demo.render(SourceKind::Activity), b',');
    let created = column(&activity_header, "createdAt");
    assert!(events
        .iter()
        .all(|event| event[created].len() == 23 && event[created].ends_with(" UTC")));
    let action = column(&activity_header, "activityType");
    assert!(events
        .iter()
        .any(|event| event[action] == "inmail_accepted"));
    assert!(
        events.iter().any(|event| event[action].contains(' ')),
        "mixed action spellings"
    );
    for vendor in ["SEARCH_PERFORMED", "SAVED_LEAD", "PROFILE_VIEWED"] {
        assert!(
            events.iter().any(|event| event[action] == vendor),
            "the vendor's word {vendor}"
        );
    }
}

#[test]
fn every_size_is_consistent() {
    for size in [DemoSize::Small, DemoSize::Medium, DemoSize::Large] {
        let spec = size.spec();
        assert!(spec.accounts < spec.companies && spec.companies < spec.people);
        assert_eq!(size.to_string().parse::<DemoSize>(), Ok(size));
    }
    assert_eq!(DemoSize::Large.spec().companies, 1_000_000);
    assert_eq!(DemoSize::Large.spec().events, 10_000_000);
    assert!("huge".parse::<DemoSize>().is_err());
}

#[test]
fn titles_and_names_read_naturally() {
    let mut rng = Rng::new(1, 1);
    let chief = title_for("Software Engineer", "Engineering", "CXO", &mut rng);
    assert!(
        chief == "CTO" || chief == "Chief Technology Officer",
        "{chief}"
    );
    let senior = title_for("Software Engineer", "Engineering", "Senior", &mut rng);
    assert!(
        senior.starts_with("S") && senior.ends_with("Software Engineer"),
        "{senior}"
    );
    assert!(title_for("Recruiter", "Human Resources", "Unpaid", &mut rng).ends_with("Intern"));
    assert_eq!(european_amount(1_234_550), "12.345,50");
    assert_eq!(ascii_fold("O'Brien"), "obrien");
    assert_eq!(ascii_fold("Müller"), "muller");
    assert_eq!(postal_code("A9A 9A9", &mut rng).len(), 7);
}

#[test]
fn the_demo_s_files_do_not_follow_the_reader_s_locale() {
    use crate::engine::display::{use_locale, Locale};
    let kinds = [
        SourceKind::Accounts,
        SourceKind::Opportunities,
        SourceKind::Signals,
    ];
    let english: Vec<Vec<u8>> = kinds.iter().map(|kind| small().render(*kind)).collect();
    use_locale(Locale::german());
    let german: Vec<Vec<u8>> = kinds.iter().map(|kind| small().render(*kind)).collect();
    use_locale(Locale::default());
    assert!(
        english == german,
        "a German browser makes the same demo files"
    );
}
