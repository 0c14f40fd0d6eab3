//! The largest benchmark in headless Chromium (`scripts/bench.sh`): 1M
//! companies and 10M people read in slices, the peak WASM memory, six
//! personas counted over them, and the people placed at their companies by
//! id and as a contacts export carries them. It runs in a dedicated worker, as heavy work
//! does in the page: minutes of work on the page's own thread would leave it
//! unable to answer ChromeDriver, which gives up on it after 30 s.
#![cfg(target_arch = "wasm32")]

use sightline::engine::accounts::personas::sample_personas;
use sightline::engine::accounts::report::Enrichment;
use sightline::engine::demo::contacts::contacts_export;
use sightline::engine::demo::{default_as_of, Demo};
use sightline::engine::ingest::{ingest, IngestOptions};
use sightline::engine::links::{place, PlacedAt};
use sightline::engine::matching::outcome::DEFAULT_THRESHOLD;
use sightline::engine::source_kind::SourceKind;
use wasm_bindgen_test::*;

mod bench_common;
use bench_common::{now_ms, read_generated, wasm_memory_bytes};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
fn load_a_million_companies_and_ten_million_people() {
    let demo = Demo::new(sightline::engine::demo::DemoSize::Large, 1, default_as_of());
    let started = now_ms();
    let companies = read_generated(&demo, SourceKind::Companies);
    let people = read_generated(&demo, SourceKind::People);
    console_log!(
        "1M companies + {} people loaded in {:.0} s (generation included); tables {:.0} MB; peak WASM memory {:.0} MB",
        people.table.rows,
        (now_ms() - started) / 1000.0,
        (companies.table.heap_bytes() + people.table.heap_bytes()) as f64 / 1e6,
        wasm_memory_bytes() / 1e6
    );
    let personas = sample_personas();
    let started = now_ms();
    let enrichment = Enrichment::of(&people.table, &personas);
    console_log!(
        "6 personas and connectivity over {} people: {:.2} s",
        people.table.rows,
        (now_ms() - started) / 1000.0
    );
    drop(enrichment);

    // People placed at their companies: by id, then (the same people as a
    // contacts export carries them: names, websites, no ids) by the rules.
    let started = now_ms();
    let by_id = place(
        &people.table,
        &companies.table,
        PlacedAt::Companies,
        DEFAULT_THRESHOLD,
    );
    console_log!(
        "{} people placed by id in {:.2} s; {}",
        people.table.rows,
        (now_ms() - started) / 1000.0,
        by_id.summary()
    );
    drop(by_id);
    let export = contacts_export(&people.table, &companies.table, 1);
    drop(people);
    let contacts = ingest(
        export.as_bytes(),
        SourceKind::People,
        &IngestOptions::default(),
    )
    .expect("the contacts export reads")
    .table;
    drop(export);
    let started = now_ms();
    let by_name = place(
        &contacts,
        &companies.table,
        PlacedAt::Companies,
        DEFAULT_THRESHOLD,
    );
    console_log!(
        "{} contacts placed by name and website in {:.2} s; {}; peak WASM memory {:.0} MB",
        contacts.rows,
        (now_ms() - started) / 1000.0,
        by_name.summary(),
        wasm_memory_bytes() / 1e6
    );
}
