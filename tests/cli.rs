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
