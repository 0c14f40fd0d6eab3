//! Ingest of real-looking exports, and of everything that goes wrong with them.

use super::*;
use super::{Ingestion, Scan, Step};
use crate::engine::demo::{default_as_of, Demo, DemoSize};
use crate::engine::rng::Rng;
use chrono::NaiveDate;

fn read(kind: SourceKind, bytes: &[u8]) -> Ingested {
    ingest(bytes, kind, &IngestOptions::default()).unwrap_or_else(|error| panic!("{error}"))
}

fn reasons(ingested: &Ingested) -> Vec<String> {
    ingested
        .report
        .quarantined
        .problems()
        .map(|problem| problem.to_string())
        .collect()
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

#[test]
fn salesforce_accounts_from_the_demo() {
    let demo = Demo::new(DemoSize::Small, 7, default_as_of());
    let read = read(SourceKind::Accounts, &demo.render(SourceKind::Accounts));
    let report = &read.report;
    assert_eq!(report.encoding, TextEncoding::Utf8Bom);
    assert_eq!(report.delimiter, ',');
    assert_eq!(report.rows_read, 303);
    assert_eq!(report.accepted, 301);
    assert_eq!(reasons(&read).len(), 2);
    assert!(
        reasons(&read)[0].ends_with("missing name"),
        "{:?}",
        reasons(&read)
    );
    assert!(
        reasons(&read)[1].ends_with("duplicate id"),
        "{:?}",
        reasons(&read)
    );
    assert_eq!(read.table.rows, 301);
    // Every website became a registrable domain, every country a code.
    let table = &read.table;
    for row in 0..table.rows {
        if let Some(domain) = table.text("website", row) {
            assert!(
                !domain.contains('/')
                    && !domain.starts_with("www.")
                    && !domain.starts_with("shop."),
                "{domain}"
            );
        }
        if let Some(country) = table.text("country", row) {
            assert_eq!(country.len(), 2, "{country}");
        }
    }
    assert!(table.date("last_activity", 0).is_some() || table.date("last_activity", 1).is_some());
    assert_eq!(
        report.slash_orders.get("last_activity"),
        Some(&SlashOrder::MonthFirst)
    );
    // The owner column and the others were all mapped; nothing is left over.
    assert_eq!(report.mapping.columns.len(), 14);
    assert!(table.extra.is_empty());
}

#[test]
fn every_demo_dataset_reads() {
    let demo = Demo::new(DemoSize::Small, 3, default_as_of());
    for kind in SourceKind::ALL {
        let read = read(kind, &demo.render(kind));
        assert!(read.report.accepted > 0, "{kind}");
        assert_eq!(read.report.accepted as usize, read.table.rows, "{kind}");
        assert_eq!(
            read.report.rows_read,
            read.report.accepted + read.report.quarantined.len() as u64,
            "{kind}"
        );
        assert!(
            crate::engine::ingest::mapping::unmapped_required(kind, &read.report.mapping)
                .is_empty(),
            "{kind}"
        );
        assert_eq!(
            read.report.warnings, 0,
            "{kind}: {:?}",
            read.report.warning_samples
        );
    }
    let deals = read(
        SourceKind::Opportunities,
        &demo.render(SourceKind::Opportunities),
    );
    assert_eq!(deals.report.delimiter, ';');
    assert_eq!(
        deals.report.slash_orders.get("close_date"),
        Some(&SlashOrder::DayFirst)
    );
    assert!(deals
        .table
        .number("amount", 0)
        .is_some_and(|amount| amount.fract() == 0.0 || amount.fract() == 0.5));
    let activity = read(SourceKind::Activity, &demo.render(SourceKind::Activity));
    let actions: std::collections::HashSet<String> = (0..activity.table.rows)
        .filter_map(|row| activity.table.text("action", row))
        .collect();
    assert!(
        actions.contains("lead_saved")
            && !actions
                .iter()
                .any(|action| action.contains(' ') || action.contains('-')),
        "{actions:?}"
    );
}

#[test]
fn hubspot_export_with_windows_1252_accents() {
    let bytes =
        b"Record ID,Company name,Company Domain Name,City,Country/Region,Number of Employees\r\n\
        101,Soci\xE9t\xE9 G\xE9n\xE9rale,societegenerale.fr,Paris,France,\"1,200\"\r\n\
        102,M\xFCller GmbH,https://www.mueller.de/,M\xFCnchen,Deutschland,45\r\n";
    let read = read(SourceKind::Accounts, bytes);
    assert_eq!(read.report.encoding, TextEncoding::Windows1252);
    assert_eq!(
        read.table.text("name", 0).as_deref(),
        Some("Société Générale")
    );
    assert_eq!(read.table.text("city", 1).as_deref(), Some("München"));
    assert_eq!(read.table.text("country", 1).as_deref(), Some("DE"));
    assert_eq!(read.table.text("website", 1).as_deref(), Some("mueller.de"));
    assert_eq!(read.table.number("employees", 0), Some(1200.0));
}

#[test]
fn dynamics_and_zoho_exports() {
    let dynamics = read(
        SourceKind::Accounts,
        b"accountid,name,websiteurl,address1_city,address1_stateorprovince,address1_country,statecode\n\
          6f1c,Contoso Ltd,contoso.co.uk,London,,United Kingdom,Active\n",
    );
    assert_eq!(
        dynamics.table.text("website", 0).as_deref(),
        Some("contoso.co.uk")
    );
    assert_eq!(dynamics.table.text("country", 0).as_deref(), Some("GB"));
    assert_eq!(
        dynamics.table.extra[0].0, "statecode",
        "unmapped columns are kept"
    );
    assert_eq!(
        dynamics
            .table
            .cell_text(&dynamics.table.extra[0].1, 0)
            .as_deref(),
        Some("Active")
    );

    let zoho = read(SourceKind::Accounts, b"Record Id,Account Name,Billing Code,Last Activity Time\nzcrm_1,Zylker,94105,2026-03-18 10:00:00\n");
    assert_eq!(zoho.table.text("postal_code", 0).as_deref(), Some("94105"));
}

#[test]
fn semicolons_decimal_commas_and_day_first_dates() {
    let bytes = "Opportunity ID;Account ID;Amount;Close Date;Won\n\
                 1;A;1.234,50;03/04/2026;yes\n\
                 2;B;72.3;23/01/2026;No\n\
                 3;C;;;\n"
        .as_bytes();
    let read = read(SourceKind::Opportunities, bytes);
    assert_eq!(read.report.delimiter, ';');
    assert_eq!(read.table.number("amount", 0), Some(1234.5));
    assert_eq!(read.table.number("amount", 1), Some(72.3));
    assert_eq!(
        read.table.number("amount", 2),
        None,
        "empty is missing, not zero"
    );
    assert_eq!(
        read.table.date("close_date", 0),
        Some(ymd(2026, 4, 3)),
        "the column is day-first"
    );
    assert_eq!(read.table.boolean("is_won", 1), Some(false));
}

#[test]
fn quoted_newlines_ragged_rows_and_blank_lines() {
    let bytes = b"Company ID,Name,Street\n\
        1,\"Acme, Inc.\",\"12 Main St\nSuite 4\"\n\
        \n\
        2,Globex\n\
        3,Initech,1 Loop,EXTRA\n\
        ,,\n";
    let read = read(SourceKind::Companies, bytes);
    assert_eq!(read.report.accepted, 3);
    assert_eq!(read.table.text("name", 0).as_deref(), Some("Acme, Inc."));
    assert_eq!(
        read.table.text("street", 0).as_deref(),
        Some("12 Main St\nSuite 4")
    );
    assert_eq!(
        read.table.text("street", 1),
        None,
        "a short row has missing cells"
    );
    assert_eq!(
        read.table.lines,
        vec![2, 5, 6],
        "source lines, counting the quoted newline"
    );
    assert_eq!(read.report.warnings, 1);
    assert!(read.report.warning_samples[0]
        .reason
        .contains("beyond the last header"));
}

#[test]
fn old_mac_line_ends() {
    let read = read(
        SourceKind::Companies,
        b"Company ID,Name\r1,Acme\r\r2,Globex\r",
    );
    assert_eq!(read.report.accepted, 2);
    assert_eq!(read.table.lines, vec![2, 4]);
}

#[test]
fn bad_values_quarantine_required_fields_and_warn_for_optional_ones() {
    let bytes = b"Person ID,Company ID,Seniority,Country,Start Date,Connected To Us\n\
        p1,c1,Sr.,Atlantis,2026-02-30,3\n\
        p2,,Director,US,2026-01-01,1\n\
        p1,c2,VP,US,2026-01-01,0\n\
        p3,c3,Mid-Senior level,FR,,lots\n";
    let read = read(SourceKind::People, bytes);
    assert_eq!(
        read.report.accepted, 3,
        "a person without a company is kept, unplaced"
    );
    assert_eq!(reasons(&read), vec!["line 4: duplicate id"]);
    assert_eq!(read.table.text("seniority", 0).as_deref(), Some("Senior"));
    assert_eq!(read.table.text("seniority", 1).as_deref(), Some("Director"));
    assert_eq!(
        read.table.text("seniority", 2).as_deref(),
        Some("Mid-Senior level"),
        "non-canonical kept as written"
    );
    assert_eq!(read.table.text("country", 0), None);
    assert_eq!(read.table.date("started_at", 0), None);
    assert_eq!(read.report.warnings, 3);
    assert_eq!(read.report.warnings_by_field.get("country"), Some(&1));
    let csv = crate::engine::export::csv_text(read.report.quarantine_file(ExportFormat::Comma));
    assert_eq!(
        csv,
        "Person ID,Company ID,Seniority,Country,Start Date,Connected To Us,reason\r\n\
         p1,c2,VP,US,2026-01-01,0,line 4: duplicate id\r\n"
    );
}

#[test]
fn the_quarantine_download_keeps_every_original_cell() {
    let read = read(
        SourceKind::Accounts,
        b"Account ID,Account Name\nA1,Acme\nA1,Again,surplus,=more\nA1\n",
    );
    let csv = crate::engine::export::csv_text(read.report.quarantine_file(ExportFormat::Comma));
    assert_eq!(
        csv,
        "Account ID,Account Name,extra_1,extra_2,reason\r\n\
         A1,Again,surplus,'=more,line 3: duplicate id\r\n\
         A1,,,,line 4: missing name\r\n"
    );
}

#[test]
fn sales_navigator_activity_api_export() {
    let bytes = b"activityId,seatId,activityType,createdAt,Filters,Relationship\n\
        a1,2001,LEAD-SAVED,03-18-2026 14:05:09 UTC,,1st; Teamlink\n\
        a2,2001,Search,03-18-2026 14:06:00 UTC,Buyer Intent;Seniority,\n\
        a3,2002,session,18-03-2026 14:06:00 UTC,,\n\
        a1,2002,session,03-19-2026 09:00:00 UTC,,\n";
    let read = read(SourceKind::Activity, bytes);
    assert_eq!(read.table.text("action", 0).as_deref(), Some("lead_saved"));
    assert_eq!(
        read.table.list("target_relationship", 0),
        vec!["1st", "teamlink"]
    );
    assert_eq!(
        read.table.list("filters", 1),
        vec!["buyer_intent", "seniority"]
    );
    assert_eq!(
        read.table.moment("timestamp", 0),
        Some(
            ymd(2026, 3, 18)
                .and_hms_opt(14, 5, 9)
                .unwrap()
                .and_utc()
                .timestamp()
        )
    );
    assert_eq!(
        reasons(&read),
        vec![
            "line 4: unreadable timestamp: '18-03-2026 14:06:00 UTC'",
            "line 5: duplicate id"
        ]
    );
}

#[test]
fn seats_quarantine_duplicate_users_and_read_statuses() {
    let bytes = b"Seat ID,Email,Status,LinkedIn Tracking,Groups\n\
        s1,Jane@Example.com,Onboarded,false,EMEA; Enterprise\n\
        s2,jane@example.com,active,,\n\
        s1,john@example.com,active,,\n\
        s3,,Available,,\n\
        s4,ann@example.com,frozen,maybe,\n";
    let read = read(SourceKind::Seats, bytes);
    assert_eq!(
        reasons(&read),
        vec!["line 3: duplicate user", "line 4: duplicate id"]
    );
    assert_eq!(
        read.table.text("user_id", 0).as_deref(),
        Some("Jane@Example.com")
    );
    assert_eq!(
        read.table.text("email", 0).as_deref(),
        Some("Jane@Example.com")
    );
    assert_eq!(read.table.text("status", 0).as_deref(), Some("activated"));
    assert_eq!(read.table.text("status", 1).as_deref(), Some("unassigned"));
    assert_eq!(read.table.text("status", 2), None);
    assert_eq!(read.table.boolean("linkedin_tracking", 0), Some(false));
    assert_eq!(read.table.list("groups", 0), vec!["EMEA", "Enterprise"]);
    assert_eq!(
        read.report.warnings, 2,
        "an unknown status and an unreadable boolean"
    );
}

#[test]
fn signals_without_a_link_are_kept_unplaced() {
    let read = read(SourceKind::Signals, b"Date,Account ID,Company ID,Signal\n2026-03-01,A1,,Web Visit\n2026-03-02,,C1,webinar\n2026-03-03,,,web_visit\n");
    assert_eq!(read.report.accepted, 3);
    assert!(reasons(&read).is_empty());
    assert_eq!(read.table.text("signal", 0).as_deref(), Some("Web Visit"));
}

#[test]
fn files_that_cannot_be_read_say_why() {
    let error =
        |bytes: &[u8]| ingest(bytes, SourceKind::Accounts, &IngestOptions::default()).unwrap_err();
    assert_eq!(error(b""), IngestError::Empty);
    assert_eq!(error(b"\r\n\r\n"), IngestError::Empty);
    assert!(error(b"PK\x03\x04binary")
        .to_string()
        .contains("Excel workbook"));
    let unmapped = error(b"Website,City\nacme.com,Paris\n");
    assert_eq!(
        unmapped.to_string(),
        "no column is mapped to the required field name (the file's headers: Website, City)"
    );
    let people = ingest(
        b"First Name,Title\nAda,CTO\n",
        SourceKind::People,
        &IngestOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(people.starts_with("no column is mapped to a company link (company id, LinkedIn page, website, name, account id or e-mail)"), "{people}");

    // A header-only file and a file whose every row is quarantined read, with 0 rows.
    let header_only = read(SourceKind::Accounts, b"Account ID,Account Name\r\n");
    assert_eq!(
        (header_only.report.rows_read, header_only.report.accepted),
        (0, 0)
    );
    let all_bad = read(SourceKind::Accounts, b"Account ID,Account Name\n1,\n2,\n");
    assert_eq!(
        (all_bad.report.accepted, all_bad.report.quarantined.len()),
        (0, 2)
    );
    assert_eq!(all_bad.table.rows, 0);
}

#[test]
fn a_mapping_chosen_by_hand_wins() {
    let bytes = b"Customer Number,Customer,Web\n7,Acme,acme.com\n";
    assert!(ingest(bytes, SourceKind::Accounts, &IngestOptions::default()).is_err());
    let mut mapping = Mapping::default();
    mapping.columns.insert("account_id".into(), 0);
    mapping.columns.insert("name".into(), 1);
    mapping.columns.insert("website".into(), 2);
    mapping.columns.insert("city".into(), 99); // out of range: ignored
    let options = IngestOptions {
        delimiter: Some(b','),
        mapping: Some(mapping),
    };
    let read = ingest(bytes, SourceKind::Accounts, &options).unwrap();
    assert_eq!(read.table.text("account_id", 0).as_deref(), Some("7"));
    assert_eq!(read.table.text("website", 0).as_deref(), Some("acme.com"));
    assert!(!read.report.mapping.columns.contains_key("city"));
}

/// Property: whatever the bytes, reading never panics, and every data row read
/// is either accepted or quarantined.
#[test]
fn arbitrary_bytes_never_panic_and_lose_no_row() {
    let mut rng = Rng::new(2026, 11);
    let alphabet: &[u8] = b"ab,;\t|\"\n\r 019/-:.%\xC3\xA9\xFF\x00\xEF\xBB\xBF";
    let headers: [&[u8]; 3] = [
        b"",
        b"Account ID,Account Name,Website,Last Activity\n",
        b"Person ID;Company ID;Start Date\n",
    ];
    for case in 0..3_000 {
        let length = rng.below(300) as usize;
        let mut bytes: Vec<u8> = headers[case % 3].to_vec();
        for _ in 0..length {
            bytes.push(if rng.chance(0.5) {
                *rng.pick(alphabet)
            } else {
                rng.below(256) as u8
            });
        }
        for kind in [
            SourceKind::Accounts,
            SourceKind::People,
            SourceKind::Activity,
        ] {
            if let Ok(read) = ingest(&bytes, kind, &IngestOptions::default()) {
                let report = &read.report;
                assert_eq!(
                    report.rows_read,
                    report.accepted + report.quarantined.len() as u64,
                    "{bytes:?}"
                );
                assert_eq!(read.table.rows as u64, report.accepted);
                let _ = report.quarantine_file(ExportFormat::Comma);
            }
        }
    }
}

/// Property: reading a file in slices of any size gives exactly what reading it
/// whole gives (characters, quoted newlines and line ends cut anywhere).
#[test]
fn slices_of_any_size_read_the_same() {
    let demo = Demo::new(DemoSize::Small, 11, default_as_of());
    let accounts = demo.render(SourceKind::Accounts);
    let windows_1252 = b"Person ID;Company ID;Title;Start Date\r\np1;c1;Ing\xE9nieur;23/01/2026\r\r\np2;c2;\"Chef\r\nde projet\";03/02/2026\rp3;c3;;\r\n".to_vec();
    let mut rng = Rng::new(4, 4);
    for (kind, bytes) in [
        (SourceKind::Accounts, accounts),
        (SourceKind::People, windows_1252),
    ] {
        let whole = read(kind, &bytes);
        for _ in 0..20 {
            let mut plan = super::plan(&bytes, kind, &IngestOptions::default()).unwrap();
            let mut cuts = vec![0];
            while *cuts.last().unwrap() < bytes.len() {
                let next = cuts.last().unwrap() + 1 + rng.below(97) as usize;
                cuts.push(next.min(bytes.len()));
            }
            if plan.needs_scan() {
                let mut scan = Scan::new(&plan);
                for pair in cuts.windows(2) {
                    scan.feed(&bytes[pair[0]..pair[1]], pair[1] == bytes.len());
                }
                plan = scan.finish(plan);
            }
            let mut ingestion = Ingestion::new(plan, bytes.len() as u64);
            let mut next = 1;
            loop {
                match ingestion.step(7) {
                    Step::Working => {}
                    Step::Done => break,
                    Step::NeedsInput => {
                        let (from, to) = (cuts[next - 1], cuts[next]);
                        ingestion.feed(&bytes[from..to], to == bytes.len());
                        next += 1;
                    }
                }
            }
            let sliced = ingestion.finish();
            assert_eq!(sliced.report, whole.report, "{kind}");
            assert_eq!(sliced.table.lines, whole.table.lines, "{kind}");
            for ((name, column), (_, other)) in
                whole.table.all_columns().zip(sliced.table.all_columns())
            {
                for row in 0..whole.table.rows {
                    assert_eq!(
                        whole.table.cell_text(column, row),
                        sliced.table.cell_text(other, row),
                        "{kind} {name} {row}"
                    );
                }
            }
        }
    }
    let people = read(SourceKind::People, b"Person ID;Company ID;Title;Start Date\r\np1;c1;Ing\xE9nieur;23/01/2026\r\r\np2;c2;\"Chef\r\nde projet\";03/02/2026\rp3;c3;;\r\n");
    assert_eq!(people.report.encoding, TextEncoding::Windows1252);
    assert_eq!(people.table.lines, vec![2, 4, 6]);
    assert_eq!(people.table.text("title", 0).as_deref(), Some("Ingénieur"));
    assert_eq!(
        people.table.date("started_at", 1),
        Some(ymd(2026, 2, 3)),
        "day-first: 23/01 seen"
    );
}

#[test]
fn rows_export_keeps_the_file_s_columns_and_neutralises_formulas() {
    let read = read(
        SourceKind::Accounts,
        b"Account ID,Notes,Account Name,Website,Employees\n001,=1+1,Acme,https://www.acme.co.uk/x,\"1,200\"\n002,,-Globex,,-5\n",
    );
    let csv = crate::engine::export::csv_text(read.rows_file(&[1, 0], ExportFormat::Comma));
    assert_eq!(
        csv,
        "Account ID,Notes,Account Name,Website,Employees\r\n\
         002,,'-Globex,,-5\r\n\
         001,'=1+1,Acme,acme.co.uk,1200\r\n"
    );
}

// ----- exports as they come (`docs/inputs.md`, general rules; "Identity and links") -----
// Fixtures written from each tool's documented export headers.

#[test]
fn linkedin_connections_after_its_notes_block() {
    let bytes = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,https://www.linkedin.com/in/ada-lovelace,,Analytical Engines Ltd,CTO,12 Mar 2024\nGrace,Hopper,https://www.linkedin.com/in/grace-hopper/,grace@navy.example,US Navy,Rear Admiral,03-Jan-23\n";
    let read = read(SourceKind::People, bytes.as_bytes());
    assert_eq!(read.report.header_line, 4);
    assert_eq!(read.report.accepted, 2);
    assert_eq!(read.report.ids, IdSource::LinkedinUrl);
    assert_eq!(
        read.table.text("person_id", 0).as_deref(),
        Some("linkedin.com/in/ada-lovelace")
    );
    assert_eq!(read.table.text("name", 1).as_deref(), Some("Grace Hopper"));
    assert_eq!(
        read.table.text("company_name", 0).as_deref(),
        Some("Analytical Engines Ltd")
    );
    assert_eq!(read.table.text("title", 1).as_deref(), Some("Rear Admiral"));
    assert_eq!(read.table.lines, vec![5, 6]);
}

#[test]
fn a_sales_navigator_list_pasted_twice_skips_its_repeated_header() {
    let bytes = b"Name,Title,Company,Profile URL,Company Linkedin Url\n\
        Ada Lovelace,CTO,Acme,https://www.linkedin.com/sales/people/ACwAA1,NAME_SEARCH,x,https://www.linkedin.com/sales/company/12515\n\
        Name,Title,Company,Profile URL,Company Linkedin Url\n\
        Alan Turing,Engineer,Acme,https://www.linkedin.com/in/alan-turing,https://www.linkedin.com/company/acme\n";
    let read = read(SourceKind::People, bytes);
    assert_eq!(read.report.repeated_headers, 1);
    assert_eq!(read.report.rows_read, 2, "the repeated header is no row");
    assert!(read
        .report
        .warning_samples
        .iter()
        .any(|warning| warning.line == 3 && warning.reason.contains("repeated header")));
    assert_eq!(
        read.table.text("company_linkedin_url", 1).as_deref(),
        Some("linkedin.com/company/acme")
    );
}

#[test]
fn a_salesforce_report_footer_is_no_row() {
    let bytes = b"\"Account Name\",\"Account ID\",\"Billing City\"\n\
        \"Acme\",\"001A\",\"Paris\"\n\
        \"Globex\",\"001B\",\"Lyon\"\n\
        \n\
        \"Acme Corporation Inc.\"\n\
        \"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n\
        \"Confidential Information - Do Not Distribute\"\n\
        \"Generated By:  Jane Admin  05/12/2026, 09:14\"\n";
    let read = read(SourceKind::Accounts, bytes);
    assert_eq!(read.report.accepted, 2);
    assert!(read.report.quarantined.is_empty());
    assert_eq!(read.report.footer_lines, 4);
    // One-cell lines after a blank line that rows follow are rows after all.
    let bytes = b"Account ID,Account Name\n1,Acme\n\n2\n3,Globex\n";
    let read = super::ingest(bytes, SourceKind::Accounts, &IngestOptions::default()).unwrap();
    assert_eq!(
        (read.report.accepted, read.report.quarantined.len()),
        (2, 1)
    );
    assert_eq!(read.report.footer_lines, 0);
}

#[test]
fn a_dynamics_view_without_ids_gets_row_ids() {
    let bytes = b"Account Name,Main Phone,Address 1: City,Address 1: Country/Region\nContoso,555,Redmond,United States\nFabrikam,556,Paris,France\n";
    let read = read(SourceKind::Accounts, bytes);
    assert_eq!(read.report.ids, IdSource::Row);
    assert_eq!(read.table.text("account_id", 1).as_deref(), Some("row-3"));
    assert_eq!(read.table.text("city", 0).as_deref(), Some("Redmond"));
    assert_eq!(read.table.text("country", 1).as_deref(), Some("FR"));
}

#[test]
fn apollo_hubspot_zoho_pipedrive_and_crunchbase_exports() {
    // Apollo contacts: e-mails, company names, websites and LinkedIn pages.
    let apollo = read(SourceKind::People, b"First Name,Last Name,Title,Company,Email,Seniority,Departments,Person Linkedin Url,Website,Company Linkedin Url,Country\nAda,Lovelace,VP Engineering,Acme Inc,ada@acme.com,VP,Engineering,http://www.linkedin.com/in/ada,http://www.acme.com,http://www.linkedin.com/company/acme,United Kingdom\n");
    let mapping = apollo.report.field_sources();
    for field in [
        "company_name",
        "company_website",
        "company_linkedin_url",
        "linkedin_url",
        "email",
        "seniority",
        "job_function",
    ] {
        assert!(mapping.contains_key(field), "apollo {field}: {mapping:?}");
    }
    assert_eq!(
        apollo.table.text("company_website", 0).as_deref(),
        Some("acme.com")
    );
    assert_eq!(apollo.table.text("country", 0).as_deref(), Some("GB"));
    // HubSpot deals name their company.
    let hubspot = read(SourceKind::Opportunities, b"Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner,Associated Company\n901,Acme renewal,Closed Won,\"$12,500.00\",30-May-24,Jane Doe,Acme Inc\n");
    assert_eq!(
        hubspot.table.text("account_name", 0).as_deref(),
        Some("Acme Inc")
    );
    assert_eq!(hubspot.table.number("amount", 0), Some(12_500.0));
    assert_eq!(hubspot.table.date("close_date", 0), Some(ymd(2024, 5, 30)));
    // Zoho contacts carry the account's name.
    let zoho = read(SourceKind::People, b"Record Id,First Name,Last Name,Account Name,Email,Title\nzcrm_1,Ada,Lovelace,Acme Inc,ada@acme.com,CTO\n");
    assert_eq!(
        zoho.table.text("company_name", 0).as_deref(),
        Some("Acme Inc")
    );
    // Pipedrive persons name their organisation.
    let pipedrive = read(SourceKind::People, b"Person - Name,Organization,Person - Email,Job title\nAda Lovelace,Acme Inc,ada@acme.com,CTO\n");
    assert_eq!(
        pipedrive.table.text("company_name", 0).as_deref(),
        Some("Acme Inc")
    );
    // Crunchbase: a headquarters cell, employee ranges, no ids but pages.
    let crunchbase = read(SourceKind::Companies, b"Organization Name,Website,Headquarters Location,Number of Employees,LinkedIn\nAcme,https://acme.com,\"Berlin, Berlin, Germany\",1001-5000,https://www.linkedin.com/company/acme\nGlobex,globex.com,\"Springfield, Oregon, United States\",10001+,https://www.linkedin.com/company/globex\n");
    assert_eq!(crunchbase.report.ids, IdSource::LinkedinUrl);
    assert_eq!(crunchbase.table.text("city", 0).as_deref(), Some("Berlin"));
    assert_eq!(
        crunchbase.table.text("region", 1).as_deref(),
        Some("Oregon")
    );
    assert_eq!(crunchbase.table.text("country", 1).as_deref(), Some("US"));
    assert_eq!(crunchbase.table.number("employee_count", 0), Some(1001.0));
    assert_eq!(crunchbase.table.number("employee_count", 1), Some(10_001.0));
}

#[test]
fn french_german_and_spanish_headers() {
    let french = read(
        SourceKind::Accounts,
        "Société,Site web,Ville,Pays\nAcme SA,acme.fr,Lyon,France\n".as_bytes(),
    );
    let german = read(
        SourceKind::People,
        "Vorname,Nachname,Firma,Position,Land\nAda,Lovelace,Acme GmbH,CTO,Deutschland\n".as_bytes(),
    );
    let spanish = read(
        SourceKind::Companies,
        "Empresa,Sitio web,Ciudad,País\nAcme SL,acme.es,Madrid,España\n".as_bytes(),
    );
    assert_eq!(french.table.text("name", 0).as_deref(), Some("Acme SA"));
    assert_eq!(french.table.text("website", 0).as_deref(), Some("acme.fr"));
    assert_eq!(
        german.table.text("name", 0).as_deref(),
        Some("Ada Lovelace")
    );
    assert_eq!(
        german.table.text("company_name", 0).as_deref(),
        Some("Acme GmbH")
    );
    assert_eq!(german.table.text("country", 0).as_deref(), Some("DE"));
    assert_eq!(spanish.table.text("city", 0).as_deref(), Some("Madrid"));
    assert_eq!(spanish.table.text("country", 0).as_deref(), Some("ES"));
}

#[test]
fn missing_markers_are_empty_and_spreadsheet_errors_are_bad_values() {
    let bytes = b"Account ID,Account Name,Website,Employees\n1,Acme,#N/A,NULL\n2,#NAME?,globex.com,-\n3,Initech,(blank),#DIV/0!\n";
    let read = read(SourceKind::Accounts, bytes);
    assert_eq!(read.report.accepted, 2);
    assert_eq!(reasons(&read), vec!["line 3: spreadsheet error #NAME?"]);
    assert_eq!(read.report.warnings, 1, "#DIV/0! in an optional field");
    assert_eq!(read.table.text("website", 0), None);
    assert_eq!(read.table.number("employees", 0), None);
}

#[test]
fn ids_come_from_emails_when_pages_repeat() {
    // Two people share a company page in the page column, so pages are not ids.
    let bytes = b"Email,Company,LinkedIn\nada@acme.com,Acme,https://linkedin.com/in/x\nALAN@acme.com,Acme,https://linkedin.com/in/x\n";
    let read = read(SourceKind::People, bytes);
    assert_eq!(read.report.ids, IdSource::Email);
    assert_eq!(
        read.table.text("person_id", 1).as_deref(),
        Some("alan@acme.com")
    );
    let seats = read_seats_without_ids();
    assert_eq!(seats.report.ids, IdSource::Email);
}

fn read_seats_without_ids() -> Ingested {
    read(SourceKind::Seats, b"First Name,Last Name,Primary Email,Title\nAda,Lovelace,ada@acme.com,AE\nAlan,Turing,alan@acme.com,SDR\n")
}

#[test]
fn the_mapping_screens_samples_start_after_the_preamble() {
    let bytes = b"Notes:\n\"Some e-mails may be missing.\"\n\nFirst Name,Last Name,Company\nAda,Lovelace,Acme\nAlan,Turing,Globex\n";
    let (header, samples) = sample_rows(bytes, SourceKind::People, None, 3);
    assert_eq!(header, vec!["First Name", "Last Name", "Company"]);
    assert_eq!(samples.len(), 2);
    assert_eq!(samples[0], vec!["Ada", "Lovelace", "Acme"]);
}

#[test]
fn a_dropped_files_kind_is_guessed_from_its_name_and_headers() {
    let guess = |name: &str, head: &str| guess_kind(name, head.as_bytes());
    assert_eq!(
        guess("export (3).csv", "First Name,Title,Company\nAda,CTO,Acme\n"),
        Some((SourceKind::People, KindClue::Headers))
    );
    assert_eq!(
        guess(
            "account_signals.csv",
            "Date,Account ID,Signal\n2026-01-01,A1,web_visit\n"
        ),
        Some((SourceKind::Signals, KindClue::FileName))
    );
    // A name that says accounts, headers that are a contacts list.
    assert_eq!(
        guess(
            "accounts_export.csv",
            "Email Address,First Name,Last Name,Company,Position\n"
        ),
        Some((SourceKind::People, KindClue::Headers))
    );
    assert_eq!(
        guess(
            "report.csv",
            "activityId,activityType,createdAt,seatId,memberIdentityKey\n"
        ),
        Some((SourceKind::Activity, KindClue::Headers))
    );
    assert_eq!(guess("notes.csv", "foo,bar\n1,2\n"), None);
    let demo = Demo::new(DemoSize::Small, 7, default_as_of());
    for kind in SourceKind::ALL {
        let head = demo.render(kind);
        assert_eq!(
            guess_kind("export.csv", &head[..head.len().min(65_536)]).map(|(kind, _)| kind),
            Some(kind),
            "the demo's {kind} file from its headers alone"
        );
    }
}

#[test]
fn a_utf8_file_with_rows_pasted_from_windows_1252_keeps_both() {
    // `é` in UTF-8 on two lines, and in Windows-1252 (0xE9) on one.
    let mut bytes = "Account ID,Account Name,Billing City\n1,Société Générale,Paris\n2,Crédit Agricole,Montrouge\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"3,Caf\xE9 de Flore,Paris\n");
    let read = read(SourceKind::Accounts, &bytes);
    assert_eq!(
        read.report.encoding,
        text::TextEncoding::Utf8WithWindows1252Lines
    );
    assert_eq!(read.report.windows1252_lines, 1);
    assert_eq!(
        read.table.text("name", 0).as_deref(),
        Some("Société Générale")
    );
    assert_eq!(read.table.text("name", 2).as_deref(), Some("Café de Flore"));
    assert!(read
        .report
        .warning_samples
        .iter()
        .any(|warning| warning.to_string()
            == "1 line(s) not in UTF-8, read as Windows-1252 (the rest is UTF-8)"));
    // Without a single UTF-8 character, the file is Windows-1252 throughout.
    let read = super::ingest(
        b"Account ID,Account Name\n1,Caf\xE9\n",
        SourceKind::Accounts,
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(read.report.encoding, text::TextEncoding::Windows1252);
    assert_eq!(read.table.text("name", 0).as_deref(), Some("Café"));
}

#[test]
fn a_quote_that_never_closes_is_reported_and_the_rows_after_it_are_kept() {
    // One stray quote in a long file: once read as one row, the whole rest.
    let with_stray_quotes = |rows: usize, every: usize| {
        let mut file = String::from("Account ID,Account Name,Notes\n");
        for row in 0..rows {
            match row % every {
                0 => file.push_str(&format!("A{row},\"Acme {row},stray quote\n")),
                _ => file.push_str(&format!("A{row},Company {row},note\n")),
            }
        }
        file
    };
    let file = with_stray_quotes(2_001, 10_000);
    let stray = read(SourceKind::Accounts, file.as_bytes());
    assert_eq!(stray.report.accepted, 2_001, "every row kept");
    assert_eq!(stray.table.text("name", 0).as_deref(), Some("\"Acme 0"));
    assert_eq!(stray.table.text("name", 1).as_deref(), Some("Company 1"));
    assert_eq!(stray.table.lines[1], 3);
    let warning = &stray.report.warning_samples[0];
    assert_eq!(warning.line, 2);
    assert!(warning.reason.contains("never closes"), "{warning:?}");
    // Near the end of the file: the quote runs to the end.
    let short = read(
        SourceKind::Accounts,
        b"Account ID,Account Name\nA1,\"Acme\nA2,Globex\nA3,Initech\n",
    );
    assert_eq!(short.report.accepted, 3);
    assert_eq!(short.table.text("name", 2).as_deref(), Some("Initech"));
    // A quoted cell over a few lines is a cell, as it always was.
    let multi = read(
        SourceKind::Accounts,
        b"Account ID,Account Name,Notes\nA1,Acme,\"line one\nline two\"\nA2,Globex,\n",
    );
    assert_eq!((multi.report.accepted, multi.report.warnings), (2, 0));
    // Read in parts on two cores, the same as in one.
    let long = with_stray_quotes(60_000, 7_000);
    let on = |cores| {
        crate::engine::ingest::ingest_on_cores(
            long.as_bytes(),
            SourceKind::Accounts,
            &IngestOptions::default(),
            cores,
        )
        .unwrap()
    };
    let (parts, whole) = (on(2), on(1));
    assert_eq!(whole.report.accepted, 60_000);
    assert_eq!(parts.report.accepted, whole.report.accepted);
    assert_eq!(parts.report.warnings, whole.report.warnings);
    assert_eq!(parts.table.lines, whole.table.lines);
}
