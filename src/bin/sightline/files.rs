//! Reading a dataset file as every command does: the automatic mapping, the
//! quarantine summarised on standard error, and a one-line error naming the
//! file when it cannot be read.

use sightline::engine::export::{ExportError, ExportFormat, Exported};
use sightline::engine::ingest::table::Table;
use sightline::engine::ingest::{ingest, IngestOptions, IngestReport, Ingested};
use sightline::engine::links::{self, Placed};
use sightline::engine::matching::matcher::Matcher;
use sightline::engine::source_kind::SourceKind;
use std::io::IsTerminal;

pub fn read_dataset(file: &str, kind: SourceKind) -> Result<Ingested, String> {
    let bytes = std::fs::read(file).map_err(|error| format!("cannot read {file}: {error}"))?;
    let read = ingest(&bytes, kind, &IngestOptions::default())
        .map_err(|error| format!("{file}: {error}"))?;
    summarise_quarantine(file, &read.report);
    Ok(read)
}

/// Quarantined rows go to standard error: the count and the first reasons.
pub fn summarise_quarantine(file: &str, report: &IngestReport) {
    if report.quarantined.is_empty() {
        return;
    }
    eprintln!("{file}: {} row(s) quarantined", report.quarantined.len());
    for problem in report.quarantined.problems().take(5) {
        eprintln!("  {problem}");
    }
    if report.quarantined.len() > 5 {
        eprintln!("  … and {} more", report.quarantined.len() - 5);
    }
}

/// Places a file's records (`what`: "people", "signals", "deals") at the
/// companies, else the accounts (`docs/inputs.md`, "How records are placed at companies and accounts"), and prints
/// how many each rule placed and why the others were not.
pub fn place_and_count(
    file: &str,
    what: &str,
    records: &Table,
    companies: Option<&Table>,
    accounts: &Table,
    threshold: u8,
    matcher: Option<&Matcher>,
) -> Placed {
    progress(&format!("placing {what}…"));
    let placed = links::place_records(records, companies, accounts, threshold, matcher);
    summarise_placement(file, what, &placed.links);
    placed
}

/// How many records each rule placed and why the others were not, on
/// standard error.
pub fn summarise_placement(file: &str, what: &str, links: &links::Links) {
    eprintln!("{file}: {what} {}", links.summary());
    for (reason, count) in links.top_reasons(3) {
        eprintln!("  {count} unplaced: {reason}");
    }
}

/// A step of long work, on standard error when it is a terminal.
pub fn progress(message: &str) {
    if std::io::stderr().is_terminal() {
        eprintln!("{message}");
    }
}

/// What an output file is written as: an Excel workbook when its name ends in
/// `.xlsx`, a CSV file otherwise.
pub fn output_format(file: &str) -> ExportFormat {
    if file.to_ascii_lowercase().ends_with(".xlsx") {
        ExportFormat::Excel
    } else {
        ExportFormat::Comma
    }
}

/// An export's bytes (a workbook written now), or why they could not be
/// written, naming the file.
pub fn exported(file: &str, export: Result<Exported, ExportError>) -> Result<Vec<u8>, String> {
    export
        .and_then(Exported::into_bytes)
        .map_err(|error| format!("cannot write {file}: {error}"))
}

/// Writes an output file, naming it in the error.
pub fn write_output(file: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(file, bytes).map_err(|error| format!("cannot write {file}: {error}"))
}
