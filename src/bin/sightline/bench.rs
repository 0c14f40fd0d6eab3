//! `sightline bench ingest [--rows N] [--seed N]`: figures, not tests. Generates a
//! Salesforce-style accounts export in memory and times reading it.

use crate::args::Args;
use sightline::engine::demo::{default_as_of, Demo, DemoSpec};
use sightline::engine::ingest::{ingest, IngestOptions};
use sightline::engine::source_kind::SourceKind;
use std::time::Instant;

pub fn run(mut args: Args) -> Result<(), String> {
    let what = args.positional()?;
    let rows: u64 = number(args.optional("--rows")?, 600_000)?;
    let seed: u64 = number(args.optional("--seed")?, 1)?;
    args.finish()?;
    match what.as_str() {
        "ingest" => ingest_accounts(rows, seed),
        other => Err(format!("unknown benchmark '{other}' (expected: ingest)")),
    }
}

fn number(value: Option<String>, default: u64) -> Result<u64, String> {
    match value {
        None => Ok(default),
        Some(text) => text.parse().map_err(|_| format!("expected a whole number, not '{text}'")),
    }
}

fn ingest_accounts(rows: u64, seed: u64) -> Result<(), String> {
    let spec = DemoSpec { accounts: rows, companies: rows * 10, people: 0, seats: 12, events: 0, signals: 0, opportunities: 0 };
    let demo = Demo::with_spec(spec, seed, default_as_of());
    let started = Instant::now();
    let bytes = demo.render(SourceKind::Accounts);
    let generated = started.elapsed().as_secs_f64();
    let megabytes = bytes.len() as f64 / 1e6;
    println!("accounts export: {rows} rows, {megabytes:.1} MB (generated in {generated:.2} s)");
    // The floor: the csv crate alone, splitting records without reading values.
    let started = Instant::now();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes.as_slice());
    let mut record = csv::StringRecord::new();
    let mut records = 0u64;
    while reader.read_record(&mut record).map_err(|error| error.to_string())? {
        records += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("csv records alone: {records} in {seconds:.3} s, {:.0} MB/s", megabytes / seconds);
    let mut best = f64::MAX;
    for run in 1..=3 {
        let started = Instant::now();
        let read = ingest(&bytes, SourceKind::Accounts, &IngestOptions::default()).map_err(|error| error.to_string())?;
        let seconds = started.elapsed().as_secs_f64();
        best = best.min(seconds);
        println!(
            "run {run}: {:.3} s, {:.0} MB/s, {} accepted, {} quarantined, table {:.1} MB in memory",
            seconds,
            megabytes / seconds,
            read.report.accepted,
            read.report.quarantined.len(),
            read.table.heap_bytes() as f64 / 1e6
        );
    }
    println!("ingest, native: best {:.0} MB/s", megabytes / best);
    Ok(())
}
