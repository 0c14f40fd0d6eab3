//! The `sightline` command line, run as a user runs it.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::{Command, Output};

fn sightline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sightline-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn demo_writes_every_dataset_and_is_reproducible() {
    let first = temp_dir("demo-a");
    let second = temp_dir("demo-b");
    for dir in [&first, &second] {
        let output = sightline(&["demo", "--out", dir.to_str().unwrap(), "--seed", "42"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let files = [
        "Salesforce_Accounts_report.csv",
        "company_database.csv",
        "people_profiles.csv",
        "sales_navigator_seats.csv",
        "sales_navigator_activity.csv",
        "account_signals.csv",
        "opportunities.csv",
        "match_labels.csv",
    ];
    for file in files {
        let a = std::fs::read(first.join(file)).unwrap();
        let b = std::fs::read(second.join(file)).unwrap();
        assert!(a.len() > 100, "{file} has content");
        assert_eq!(a, b, "{file} is the same for the same seed");
    }
    let stdout =
        String::from_utf8_lossy(&sightline(&["demo", "--out", first.to_str().unwrap()]).stdout)
            .into_owned();
    assert!(
        stdout.contains("Salesforce_Accounts_report.csv") && stdout.contains("303 rows"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&first);
    let _ = std::fs::remove_dir_all(&second);
}

#[test]
fn mistakes_end_with_one_line_and_status_2() {
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["demo"],
        vec!["demo", "--out", "/tmp/x", "--size", "huge"],
        vec!["demo", "--out", "/tmp/x", "--seed", "many"],
        vec!["demo", "--out", "/tmp/x", "--colour", "red"],
        vec!["demo", "--out", "/proc/sightline-cannot-write-here"],
    ] {
        let output = sightline(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("sightline: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// `sightline match` on the demo: one row per account in input order, the
/// header of `docs/matching.md`, and accepted matches that are right (checked
/// against the demo's labels).
#[test]
fn match_writes_the_match_export() {
    let dir = temp_dir("match");
    let output = sightline(&["demo", "--out", dir.to_str().unwrap(), "--seed", "5"]);
    assert!(output.status.success());
    let out = dir.join("matches.csv");
    let accounts = dir.join("Salesforce_Accounts_report.csv");
    let companies = dir.join("company_database.csv");
    let run_match = |more: &[&str]| {
        let mut args = vec![
            "match",
            "--accounts",
            accounts.to_str().unwrap(),
            "--companies",
            companies.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(more);
        sightline(&args)
    };
    let output = run_match(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("2 row(s) quarantined"), "{stderr}");
    let export = std::fs::read_to_string(&out).unwrap();
    let mut lines = export.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("Account ID,company_id,company_name,match_score,confidence,match_grade,status")
    );
    let labels: std::collections::HashMap<String, String> =
        std::fs::read_to_string(dir.join("match_labels.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(','))
            .map(|(account, company)| (account.to_string(), company.to_string()))
            .collect();
    let rows: Vec<Vec<String>> = lines
        .filter(|line| !line.is_empty())
        .map(|line| line.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 301, "300 accounts and the formula-named extra");
    let (mut accepted, mut right) = (0, 0);
    for row in &rows {
        let (company, score, status) = (&row[1], &row[row.len() - 4], &row[row.len() - 1]);
        match status.as_str() {
            "accepted" => {
                accepted += 1;
                assert!(score == "4" || score == "5", "{row:?}");
                right += usize::from(labels.get(&row[0]) == Some(company));
            }
            "review" => assert!(
                !company.is_empty() && ["2", "3"].contains(&score.as_str()),
                "{row:?}"
            ),
            "unmatched" => assert!(company.is_empty() && score == "0", "{row:?}"),
            other => panic!("unexpected status {other}"),
        }
    }
    assert!(
        accepted > 250 && right as f64 / accepted as f64 >= 0.98,
        "{right}/{accepted}"
    );
    // The review floor at 1: the accounts whose best candidate scores 1 are
    // in review too, with their candidate.
    let at_two = rows
        .iter()
        .filter(|row| row[row.len() - 1] == "review")
        .count();
    assert!(run_match(&["--review-floor", "1"]).status.success());
    let at_one = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .filter(|line| line.ends_with(",review"))
        .count();
    assert!(
        at_one > at_two,
        "{at_one} in review at floor 1, {at_two} at 2"
    );
    let output = sightline(&[
        "match",
        "--accounts",
        "x.csv",
        "--companies",
        "y.csv",
        "--out",
        "z",
        "--threshold",
        "6",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `sightline enrich` and `sightline whitespace` on the demo: the report's
/// columns, one row per account, and whitespace that excludes every company an
/// accepted match points to.
#[test]
fn enrich_and_whitespace_write_their_reports() {
    let dir = temp_dir("enrich");
    assert!(
        sightline(&["demo", "--out", dir.to_str().unwrap(), "--seed", "6"])
            .status
            .success()
    );
    let file = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let personas = dir.join("personas.json");
    std::fs::write(
        &personas,
        r#"[{"name": "Software developers (by title)", "title_include": ["software engineer", "developer"], "title_exclude": ["sales"]}]"#,
    )
    .unwrap();
    let common = [
        "--accounts".to_string(),
        file("Salesforce_Accounts_report.csv"),
        "--companies".to_string(),
        file("company_database.csv"),
        "--people".to_string(),
        file("people_profiles.csv"),
        "--personas".to_string(),
        personas.to_str().unwrap().to_string(),
    ];
    let run = |command: &str, extra: &[&str]| {
        let mut args: Vec<&str> = vec![command];
        args.extend(common.iter().map(String::as_str));
        args.extend(extra);
        let output = sightline(&args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    run("enrich", &["--price", "120", "--out", &file("report.csv")]);
    let report = std::fs::read_to_string(dir.join("report.csv")).unwrap();
    let lines: Vec<&str> = report.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Account ID,account_name,company_id,company_name,match_score,industry,employee_count,hq_city,hq_region,hq_country,jobs_posted_90d,hiring_rate,headcount_growth_1y,connectivity,Software developers (by title),people_coverage,potential_users,lam"
    );
    assert_eq!(lines.len(), 302);
    let column = |text: &str, at: usize| -> Vec<String> {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|record| record.unwrap()[at].to_string())
            .collect()
    };
    let matched: std::collections::HashSet<String> = column(&report, 2)
        .into_iter()
        .filter(|id| !id.is_empty())
        .collect();
    assert!(matched.len() > 250);

    run("whitespace", &["--out", &file("whitespace.csv")]);
    let whitespace = std::fs::read_to_string(dir.join("whitespace.csv")).unwrap();
    let ids = column(&whitespace, 0);
    assert_eq!(
        ids.len() + matched.len(),
        3_000,
        "every company is matched or whitespace"
    );
    assert!(ids.iter().all(|id| !matched.contains(id)));
    run(
        "whitespace",
        &[
            "--format",
            "salesforce-insert",
            "--out",
            &file("insert.csv"),
        ],
    );
    let insert = std::fs::read_to_string(dir.join("insert.csv")).unwrap();
    assert!(insert.starts_with("Name,Website,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,Industry,NumberOfEmployees,Software developers (by title)\r\n"));
    let bad = sightline(&[
        "enrich",
        "--accounts",
        "a",
        "--companies",
        "b",
        "--people",
        "c",
        "--price",
        "lots",
        "--out",
        "d",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `sightline alerts` on the demo: one row per alert, newest first, every kind
/// of alert present, and a refused as-of date ends with status 2.
#[test]
fn alerts_lists_every_kind_newest_first() {
    let dir = temp_dir("alerts");
    assert!(
        sightline(&["demo", "--out", dir.to_str().unwrap(), "--seed", "8"])
            .status
            .success()
    );
    let file = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let output = sightline(&[
        "alerts",
        "--accounts",
        &file("Salesforce_Accounts_report.csv"),
        "--companies",
        &file("company_database.csv"),
        "--people",
        &file("people_profiles.csv"),
        "--signals",
        &file("account_signals.csv"),
        "--out",
        &file("alerts.csv"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(dir.join("alerts.csv")).unwrap();
    assert!(text.starts_with("date,account_id,account_name,owner,alert_type,person,sentence\r\n"));
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert!(rows.len() > 100, "{} alerts", rows.len());
    let dates: Vec<&str> = rows.iter().map(|row| &row[0]).collect();
    assert!(
        dates.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first"
    );
    let kinds: std::collections::HashSet<&str> = rows.iter().map(|row| &row[4]).collect();
    for kind in [
        "decision_maker_move",
        "web_visit",
        "no_product_use",
        "not_contacted",
        "renewal_due",
    ] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    // As-of defaults to the latest signal: the demo's as-of, 2026-11-15.
    assert_eq!(dates[0], "2026-11-15");
    let refused = sightline(&[
        "alerts",
        "--accounts",
        &file("Salesforce_Accounts_report.csv"),
        "--as-of",
        "15/11/2026",
        "--out",
        &file("x.csv"),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_writes_the_per_seat_export_and_the_summary_and_refuses_bad_controls() {
    let dir = temp_dir("usage");
    std::fs::create_dir_all(&dir).unwrap();
    let seats = dir.join("seats.csv");
    let activity = dir.join("activity.csv");
    let opportunities = dir.join("opportunities.csv");
    std::fs::write(
        &seats,
        "Seat ID,User ID,Name,Email,Groups,Status,Activated At\n\
         S2,u2,Bo,bo@example.com,West,invited,\n\
         S1,u1,Al,al@example.com,East;West,activated,2026-01-01\n\
         S3,,,,,,\n",
    )
    .unwrap();
    std::fs::write(
        &activity,
        "createdAt,seatId,activityType,Target ID,Target Account ID,Message ID\n\
         03-01-2026 10:00:00 UTC,u1,Search,,,\n\
         03-02-2026 10:00:00 UTC,u1,InMail Sent,p1,A1,m1\n\
         03-05-2026 10:00:00 UTC,u1,InMail Accepted,p1,A1,m1\n\
         03-18-2026 10:00:00 UTC,u1,session,,,\n",
    )
    .unwrap();
    std::fs::write(
        &opportunities,
        "Opportunity ID,Account ID,Owner,Amount,Stage,Close Date\n\
         o1,A1,Al,5700.50,Closed Won,2026-03-10\n",
    )
    .unwrap();
    let out = dir.join("usage.csv");
    let summary = dir.join("summary.json");
    let (seats, activity, opportunities, out, summary) = (
        seats.to_str().unwrap(),
        activity.to_str().unwrap(),
        opportunities.to_str().unwrap(),
        out.to_str().unwrap(),
        summary.to_str().unwrap(),
    );
    let output = sightline(&[
        "usage",
        "--seats",
        seats,
        "--activity",
        activity,
        "--opportunities",
        opportunities,
        "--range",
        "last-30",
        "--out",
        out,
        "--summary",
        summary,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = std::fs::read_to_string(out).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[1].starts_with("S1,u1,Al,al@example.com,\"East;West\",,,activated,Beginner,3,1,0,0,0,0,1,1,1.0000,0,0,2026-03-18,"), "{}", lines[1]);
    assert!(
        lines[2].starts_with("S2,u2,Bo,bo@example.com,West,,,invited,,,"),
        "{}",
        lines[2]
    );
    assert!(lines[3].starts_with("S3,,,,,,,unassigned,"), "{}", lines[3]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(summary).unwrap()).unwrap();
    assert_eq!(json["as_of"], "2026-03-18");
    assert_eq!(json["seats"]["assignment_rate"], "0.6667");
    assert_eq!(json["seats"]["activation_rate"], "0.5000");
    assert_eq!(json["metrics"]["days_active"]["total"], 3);
    assert_eq!(json["team_inmail_acceptance_rate"], "1.0000");
    assert_eq!(json["roi"]["won_amount"], "5700.50");
    assert_eq!(json["roi"]["influenced"], 1);
    assert_eq!(json["roi"]["per_owner"]["u1"]["influenced_share"], "1.0000");

    // A group filter: only the seats in it, seat counts included.
    let output = sightline(&[
        "usage",
        "--seats",
        seats,
        "--activity",
        activity,
        "--group",
        "east",
        "--out",
        out,
    ]);
    assert!(output.status.success());
    assert_eq!(
        std::fs::read_to_string(out).unwrap().split("\r\n").count(),
        3
    );

    for (args, message) in [
        (
            vec!["--range", "2026-03-10..2026-03-20"],
            "after the data's as-of date",
        ),
        (
            vec!["--range", "2024-01-01..2024-01-02"],
            "more than two years",
        ),
        (vec!["--range", "soon"], "is no range"),
        (vec!["--tz", "Mars/Olympus"], "is no time zone"),
        (vec!["--as-of", "18/03/2026"], "is no date"),
    ] {
        let mut all = vec![
            "usage",
            "--seats",
            seats,
            "--activity",
            activity,
            "--out",
            out,
        ];
        all.extend(args);
        let output = sightline(&all);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(message) && stderr.lines().count() == 1,
            "{stderr}"
        );
    }
}

#[test]
fn lens_ranks_the_accounts_and_backtests_both_models() {
    let dir = temp_dir("lens");
    let demo = sightline(&["demo", "--out", dir.to_str().unwrap()]);
    assert!(demo.status.success());
    let file = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let (ranked, backtest) = (file("lens.csv"), file("backtest.json"));
    let inputs = [
        "--accounts".to_string(),
        file("Salesforce_Accounts_report.csv"),
        "--companies".into(),
        file("company_database.csv"),
        "--people".into(),
        file("people_profiles.csv"),
        "--signals".into(),
        file("account_signals.csv"),
        "--opportunities".into(),
        file("opportunities.csv"),
    ];
    let run = |extra: &[&str]| {
        let mut args = vec!["lens"];
        args.extend(inputs.iter().map(String::as_str));
        args.extend(extra);
        sightline(&args)
    };
    let output = run(&[
        "--prize",
        "learned",
        "--out",
        &ranked,
        "--backtest",
        &backtest,
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&ranked).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Account ID,account_name,size_of_prize,prize_tier,temperature,temperature_tier,engagement_points,decision_makers_points,hiring_rate_points,headcount_growth_points,connectivity_points");
    assert_eq!(lines.len(), 302, "every account");
    // Warmest first.
    let temperature = |line: &str| -> f64 { line.rsplit(',').nth(6).unwrap().parse().unwrap() };
    assert!(temperature(lines[1]) >= temperature(lines[301]));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&backtest).unwrap()).unwrap();
    assert_eq!(json["prize_model"], "learned");
    assert!(json["deals"].as_u64().unwrap() > 50);
    assert!(json["auc"].as_f64().unwrap() > 0.65, "{json}");
    let (learned, lam) = (
        json["prize_holdout_error"]["learned"].as_f64().unwrap(),
        json["prize_holdout_error"]["lam"].as_f64().unwrap(),
    );
    assert!(learned < lam, "{json}");
    for tier in ["Low", "Medium", "High"] {
        assert!(json["won_rate_by_tier"][tier].is_number(), "{json}");
    }
    // Mistakes stop the run before any reading.
    let refused = sightline(&[
        "lens",
        "--accounts",
        "a.csv",
        "--backtest",
        "b.json",
        "--out",
        "c.csv",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--backtest needs --opportunities"));
    let insert = sightline(&[
        "whitespace",
        "--accounts",
        "a.csv",
        "--companies",
        "b.csv",
        "--people",
        "c.csv",
        "--format",
        "salesforce-insert",
        "--out",
        "d.xlsx",
    ]);
    assert!(String::from_utf8_lossy(&insert.stderr).contains("CRM import file, which is CSV"));
    let _ = std::fs::remove_dir_all(&dir);
}
