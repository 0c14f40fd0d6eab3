//! The account report and whitespace over small hand-made files.

use super::personas::Persona;
use super::report::{
    account_report, lam, salesforce_insert, search_text_holds, whitespace, whitespace_rows,
    Enrichment, ReportCell, ReportTable,
};
use crate::engine::accounts::settings::ReportSettings;
use crate::engine::export::ExportFormat;
use crate::engine::ingest::read_test_csv;
use crate::engine::ingest::table::Table;
use crate::engine::matching::match_all;
use crate::engine::matching::matcher::Matcher;
use crate::engine::matching::outcome::{
    outcomes, Decision, Decisions, Outcome, Status, Thresholds, DEFAULT_THRESHOLD,
};
use crate::engine::source_kind::SourceKind;

struct Fixture {
    accounts: Table,
    companies: Table,
    people: Table,
}

fn fixture() -> Fixture {
    Fixture {
        accounts: read_test_csv(
            "Id,Account Name,Website,Potential Users\n\
             A1,Velquora Systems Inc,velquora.com,\n\
             A2,Tessaly Labs,tessaly.io,250\n\
             A3,Unknown Thing,,\n",
            SourceKind::Accounts,
        ),
        companies: read_test_csv(
            "Company ID,Company Name,Website,Industry,Employees,Open Jobs,Headcount Growth,HQ City,HQ Country\n\
             C1,Velquora Systems Inc.,velquora.com,Software,200,10,12%,Austin,US\n\
             C2,Tessaly Labs,tessaly.io,Biotech,50,,0.05,Boston,US\n\
             C3,=Omnira Holdings,omnira.com,Finance,1000,5,,Paris,FR\n",
            SourceKind::Companies,
        ),
        people: read_test_csv(
            "Person ID,Company ID,Title,Function,Connected To Us\n\
             p1,C1,Software Engineer,Engineering,2\n\
             p2,C1,Sr. Developer,Engineering,0\n\
             p3,C1,Account Executive,Sales,1\n\
             p4,C3,Developer,Engineering,\n\
             p5,C3,Data Engineer,Information Technology,3\n",
            SourceKind::People,
        ),
    }
}

fn developers() -> Persona {
    Persona {
        name: "Software developers (by title)".into(),
        title_include: vec!["developer".into(), "software engineer".into()],
        ..Persona::default()
    }
}

fn matched(fixture: &Fixture, decisions: &Decisions) -> Vec<Outcome> {
    let mut matcher = Matcher::build(&fixture.companies);
    let candidates = match_all(&mut matcher, &fixture.accounts, &fixture.companies);
    outcomes(
        &candidates,
        &fixture.accounts,
        &fixture.companies,
        &matcher,
        decisions,
        Thresholds::default(),
    )
}

#[test]
fn the_account_report_has_exactly_the_columns_and_the_lam_rule() {
    let fixture = fixture();
    let outcomes = matched(&fixture, &Decisions::new());
    assert_eq!(outcomes[0].status, Status::Accepted);
    let enrichment = Enrichment::of(&fixture.people, &[Persona::default_persona(), developers()]);
    let settings = ReportSettings {
        sizing_persona: 1,
        price: 120.0,
    };
    let report = account_report(
        &fixture.accounts,
        "Id",
        &fixture.companies,
        &outcomes,
        &enrichment,
        &settings,
    );
    assert_eq!(
        report.columns.join(","),
        "Id,account_name,company_id,company_name,match_score,industry,employee_count,hq_city,hq_region,hq_country,\
         jobs_posted_90d,hiring_rate,headcount_growth_1y,connectivity,Engineering & IT (by function),\
         Software developers (by title),people_coverage,potential_users,lam"
    );
    let cell =
        |row: usize, column: &str| report.rows[row][report.column(column).unwrap()].as_text();
    assert_eq!(cell(0, "company_id"), "C1");
    assert_eq!(cell(0, "hiring_rate"), "0.05");
    assert_eq!(cell(0, "headcount_growth_1y"), "0.12");
    assert_eq!(
        cell(0, "connectivity"),
        "2",
        "p1 and p3 are connected to us"
    );
    assert_eq!(cell(0, "Engineering & IT (by function)"), "2");
    assert_eq!(cell(0, "Software developers (by title)"), "2");
    assert_eq!(cell(0, "lam"), "240", "2 developers × 120");
    // Three people of 200 employees in the people data; none of Tessaly's 50;
    // no company, no coverage.
    assert_eq!(cell(0, "people_coverage"), "0.02");
    assert_eq!(cell(1, "people_coverage"), "0");
    assert_eq!(cell(2, "people_coverage"), "");
    // Without a people file, coverage is unknown, not zero.
    let without = account_report(
        &fixture.accounts,
        "Id",
        &fixture.companies,
        &outcomes,
        &Enrichment::without_people(&[developers()]),
        &settings,
    );
    let coverage = without.column("people_coverage").unwrap();
    assert!(without
        .rows
        .iter()
        .all(|row| row[coverage].number().is_none()));
    assert_eq!(cell(1, "hiring_rate"), "", "unknown jobs: no rate");
    assert_eq!(
        cell(1, "lam"),
        "30000",
        "potential users (250) win over the count (0)"
    );
    assert_eq!(
        cell(2, "company_id"),
        "",
        "unmatched: empty company columns"
    );
    assert_eq!(cell(2, "Software developers (by title)"), "");
    assert_eq!(cell(2, "lam"), "", "neither potential users nor a count");
    assert_eq!(lam(None, Some(0), 99.0), Some(0.0));
    assert_eq!(lam(Some(3.0), Some(10), 2.5), Some(7.5));
    assert_eq!(lam(None, None, 2.5), None);
}

#[test]
fn whitespace_membership_follows_the_match_status() {
    let fixture = fixture();
    let enrichment = Enrichment::of(&fixture.people, &[developers()]);
    let ids = |rows: Vec<usize>| -> Vec<String> {
        rows.into_iter()
            .map(|row| fixture.companies.text("company_id", row).unwrap())
            .collect()
    };
    let outcomes = matched(&fixture, &Decisions::new());
    assert_eq!(
        ids(whitespace_rows(&fixture.companies, &outcomes)),
        ["C3"],
        "accepted matches claim C1, C2"
    );
    // A rejected match frees its company; a confirmed one claims it.
    let mut decisions = Decisions::new();
    decisions.insert("A1".into(), Decision::Rejected);
    decisions.insert(
        "A3".into(),
        Decision::Confirmed {
            company_id: "C3".into(),
        },
    );
    let outcomes = matched(&fixture, &decisions);
    assert_eq!(ids(whitespace_rows(&fixture.companies, &outcomes)), ["C1"]);
    // A company only in review is whitespace.
    let mut in_review = matched(&fixture, &Decisions::new());
    in_review[1].status = Status::Review;
    assert_eq!(
        ids(whitespace_rows(&fixture.companies, &in_review)),
        ["C2", "C3"]
    );

    let table = whitespace(&fixture.companies, &in_review, &enrichment, 0);
    assert_eq!(
        table.rows[0][0],
        ReportCell::Text("C3".into()),
        "sorted by the sizing persona, most first"
    );
    let developers = Persona {
        name: "Software developers (by title)".into(),
        ..Persona::default_persona()
    };
    let insert = salesforce_insert(&table, &[developers]);
    let csv = crate::engine::export::csv_text(insert.to_file(ExportFormat::Comma));
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("Name,Website,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,Industry,NumberOfEmployees,Software developers (by title)")
    );
    assert_eq!(
        lines.next(),
        Some("'=Omnira Holdings,omnira.com,,Paris,,,FR,Finance,1000,1"),
        "formulas neutralised"
    );
}

#[test]
fn report_rows_sort_with_empty_cells_last_both_ways() {
    let table = ReportTable {
        columns: vec!["name".into(), "connectivity".into()],
        rows: [("b", Some(2.0)), ("", None), ("A", Some(10.0)), ("c", None)]
            .into_iter()
            .map(|(name, value)| vec![ReportCell::Text(name.into()), ReportCell::Number(value)])
            .collect(),
    };
    // The page's sort (a key per cell, made once) and the comparison agree.
    let sorted = |column: usize, descending: bool| {
        let mut rows: Vec<usize> = (0..table.rows.len()).collect();
        rows.sort_by(|a, b| table.compare_rows(column, *a, *b, descending));
        let mut keyed: Vec<usize> = (0..table.rows.len()).collect();
        table.sort_rows(&mut keyed, column, descending);
        assert_eq!(rows, keyed);
        rows
    };
    assert_eq!(
        sorted(1, false),
        [0, 2, 1, 3],
        "2 < 10 as numbers, blanks last"
    );
    assert_eq!(
        sorted(1, true),
        [2, 0, 1, 3],
        "most first, blanks still last"
    );
    assert_eq!(
        sorted(0, false),
        [2, 0, 3, 1],
        "text in any case, blank last"
    );
    assert_eq!(sorted(0, true), [3, 0, 2, 1]);
}

#[test]
fn the_text_filter_looks_in_one_cell_or_any_as_shown() {
    let table = ReportTable {
        columns: vec!["name".into(), "amount".into(), "empty".into()],
        rows: vec![vec![
            ReportCell::Text("Acme Corp".into()),
            ReportCell::Number(Some(1250.5)),
            ReportCell::Number(None),
        ]],
    };
    let text = table.search_text(0);
    let holds = |needle: &str, column: Option<usize>| search_text_holds(&text, needle, column);
    assert!(holds("corp", None), "any case");
    assert!(holds("1250.5", None), "numbers as shown");
    assert!(holds("corp", Some(0)));
    assert!(!holds("corp", Some(1)), "only the column asked for");
    assert!(holds("", Some(2)));
    assert!(!holds("x", Some(7)), "no such column");
    assert!(!holds("corp1250", None), "never across two cells");
    assert!(!holds("\u{1f}", None));
}

#[test]
fn crm_contacts_placed_by_their_account_id_count_at_that_account_beside_its_company() {
    let fixture = fixture();
    let outcomes = matched(&fixture, &Decisions::new());
    // A CRM contact export: two contacts carry only their account's id, one
    // also its company's website (so it is placed at the company, once).
    let contacts = read_test_csv(
        "Contact ID,AccountId,Title,Email\n\
         k1,A1,Lead Developer,k1@gmail.com\n\
         k2,A3,Developer,k2@gmail.com\n\
         k3,A1,Software Engineer,k3@velquora.com\n\
         k4,A9,Developer,k4@gmail.com\n",
        SourceKind::People,
    );
    let placed = crate::engine::links::place_records(
        &contacts,
        Some(&fixture.companies),
        &fixture.accounts,
        DEFAULT_THRESHOLD,
        None,
    );
    assert_eq!(
        placed.links.summary(),
        "placed 0 by id, 0 by LinkedIn page, 1 by domain, 0 by name, 2 at their account by its id; 1 unplaced"
    );
    let enrichment = Enrichment::at(&placed.table, &[developers()], placed.placed_at);
    let report = account_report(
        &fixture.accounts,
        "Id",
        &fixture.companies,
        &outcomes,
        &enrichment,
        &ReportSettings {
            sizing_persona: 0,
            price: 10.0,
        },
    );
    let cell =
        |row: usize, column: &str| report.rows[row][report.column(column).unwrap()].as_text();
    let developers = "Software developers (by title)";
    assert_eq!(
        cell(0, developers),
        "2",
        "k3 at C1 by domain, k1 at A1 by its id"
    );
    assert_eq!(cell(0, "lam"), "20");
    assert_eq!(
        cell(1, developers),
        "0",
        "A2 matches C2, where nobody is placed"
    );
    assert_eq!(cell(2, "company_id"), "", "A3 matches no company");
    assert_eq!(cell(2, developers), "1", "k2 at A3 by its id");
    let rows_for = |account: usize, company: Option<&str>| {
        let account_id = fixture.accounts.text("account_id", account);
        (0..placed.table.rows)
            .filter(|row| placed.counts_for(*row, company, account_id.as_deref()))
            .collect::<Vec<_>>()
    };
    assert_eq!(rows_for(0, Some("C1")), vec![0, 2]);
    assert_eq!(rows_for(2, None), vec![1]);
}

#[test]
fn without_a_company_database_coverage_divides_by_the_account_s_own_employees() {
    use crate::engine::links::place_records;
    use crate::engine::matching::outcome::DEFAULT_THRESHOLD;
    let accounts = read_test_csv(
        "Id,Account Name,Employees\nA1,Velquora,40\nA2,Tessaly,\n",
        SourceKind::Accounts,
    );
    let people = read_test_csv(
        "Person ID,Account ID,Title\np1,A1,Developer\np2,A1,Sales\np3,A2,Developer\n",
        SourceKind::People,
    );
    let placed = place_records(&people, None, &accounts, DEFAULT_THRESHOLD, None);
    let enrichment = Enrichment::at(&placed.table, &[developers()], placed.placed_at);
    let outcomes = vec![Outcome::unmatched(); accounts.rows];
    let report = account_report(
        &accounts,
        "Id",
        &Table::default(),
        &outcomes,
        &enrichment,
        &ReportSettings {
            sizing_persona: 0,
            price: 1.0,
        },
    );
    let coverage = report.column("people_coverage").unwrap();
    assert_eq!(
        report.rows[0][coverage].as_text(),
        "0.05",
        "2 people of 40 employees"
    );
    assert_eq!(report.rows[1][coverage].as_text(), "", "no employee count");
}
