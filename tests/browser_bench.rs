//! Benchmarks in headless Chromium (`scripts/bench.sh`), figures not tests: the
//! same engine as the native `sightline bench`, compiled to WASM and run in the
//! browser, printing throughput and WASM memory. Not part of the test suite.
//! The largest one runs in a worker: `browser_worker_bench.rs`.
#![cfg(target_arch = "wasm32")]

use sightline::engine::accounts::personas::{preview, sample_personas};
use sightline::engine::accounts::report::Enrichment;
use sightline::engine::demo::{default_as_of, Demo, DemoSpec};
use sightline::engine::ingest::{ingest, IngestOptions};
use sightline::engine::source_kind::SourceKind;
use wasm_bindgen_test::*;

mod bench_common;
use bench_common::{now_ms, read_generated, wasm_memory_bytes};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn ingest_a_salesforce_accounts_export() {
    let rows = 600_000;
    let spec = DemoSpec::accounts_only(rows);
    let bytes = Demo::with_spec(spec, 1, default_as_of()).render(SourceKind::Accounts);
    let megabytes = bytes.len() as f64 / 1e6;
    let mut best = f64::MAX;
    for run in 1..=3 {
        let started = now_ms();
        let read = ingest(&bytes, SourceKind::Accounts, &IngestOptions::default())
            .expect("the export reads");
        let seconds = (now_ms() - started) / 1000.0;
        best = best.min(seconds);
        console_log!(
            "run {run}: {megabytes:.1} MB, {} rows in {seconds:.2} s = {:.0} MB/s; table {:.1} MB",
            read.report.accepted,
            megabytes / seconds,
            read.table.heap_bytes() as f64 / 1e6
        );
    }
    console_log!(
        "ingest in Chromium: best {:.0} MB/s; WASM memory {:.0} MB",
        megabytes / best,
        wasm_memory_bytes() / 1e6
    );
}

#[wasm_bindgen_test]
async fn reload_a_million_companies_from_the_cache() {
    use sightline::store::{schema, Store};
    let spec = DemoSpec {
        accounts: 0,
        companies: 1_000_000,
        people: 0,
        seats: 0,
        events: 0,
        signals: 0,
        opportunities: 0,
    };
    let bytes = Demo::with_spec(spec, 1, default_as_of()).render(SourceKind::Companies);
    let options = IngestOptions::default();
    let started = now_ms();
    let read = ingest(&bytes, SourceKind::Companies, &options).expect("the companies read");
    let read_seconds = (now_ms() - started) / 1000.0;
    // The dataset preview sorted by a column, as a click on its header does,
    // and filtered by it, as typing in its filter box does.
    for (name, kind, needle) in [
        ("name", "text", "acme"),
        ("country", "label", "de"),
        ("employee_count", "number", "12"),
    ] {
        let column = read.table.column(name).expect("the column");
        let started = now_ms();
        let order = read.table.view_rows(Some((column, false)), None);
        let sorted = now_ms() - started;
        let started = now_ms();
        let kept = read.table.view_rows(None, Some((column, needle)));
        console_log!(
            "1M companies by {name} ({kind}): sorted in {sorted:.0} ms ({} rows), filtered by '{needle}' in {:.0} ms ({} rows kept)",
            order.len(),
            now_ms() - started,
            kept.len()
        );
    }
    let encoded = sightline::engine::ingest::codec::encode(&read, &options, "generated");
    drop(read);
    drop(bytes);

    // Keep the reading in IndexedDB as the page does, then time a reload: the
    // Blob read back from the store, and decoded.
    let name = "bench-reload";
    idb::Factory::new()
        .expect("IndexedDB")
        .delete(name)
        .expect("a delete request")
        .await
        .expect("deleted");
    let store = Store::open_named(name, schema::CURRENT_VERSION, || {})
        .await
        .expect("the store opens");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(encoded.as_slice()));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).expect("a blob");
    store
        .put_cached_table("companies", &blob)
        .await
        .expect("stored");
    drop(encoded);
    let started = now_ms();
    let cached = store
        .cached_table("companies")
        .await
        .expect("read")
        .expect("there");
    let buffer = wasm_bindgen_futures::JsFuture::from(cached.array_buffer())
        .await
        .expect("bytes");
    let back = js_sys::Uint8Array::new(&buffer).to_vec();
    let fetched = (now_ms() - started) / 1000.0;
    let reading = sightline::engine::ingest::codec::decode(&back)
        .expect("the cache decodes")
        .read;
    let total = (now_ms() - started) / 1000.0;
    console_log!(
        "1M companies: file read in {read_seconds:.2} s; reload from IndexedDB in {total:.2} s ({fetched:.2} s to fetch {:.1} MB, the rest to decode {} rows); WASM memory {:.0} MB",
        back.len() as f64 / 1e6,
        reading.table.rows,
        wasm_memory_bytes() / 1e6
    );
    store.close();
}

/// The persona editor's live count: one persona over a million people, as
/// each edit recomputes it.
#[wasm_bindgen_test]
fn a_persona_edit_recounts_a_million_people() {
    let demo = Demo::new(
        sightline::engine::demo::DemoSize::Medium,
        1,
        default_as_of(),
    );
    let people = read_generated(&demo, SourceKind::People);
    let mut developers = sample_personas()[1].clone();
    let mut times = Vec::new();
    for extra in ["programmer", "coder", "engineer*"] {
        developers.title_include.push(extra.to_string());
        let started = now_ms();
        // What the editor shows: the count, matching titles and near misses.
        let live = preview(&people.table, &developers, 8);
        times.push(now_ms() - started);
        assert!(live.matching > 0);
    }
    console_log!(
        "one persona's live count over {} people after an edit: {:.0} ms, {:.0} ms, {:.0} ms",
        people.table.rows,
        times[0],
        times[1],
        times[2]
    );
}

#[wasm_bindgen_test]
async fn match_a_hundred_thousand_accounts_against_a_million_companies() {
    use sightline::engine::matching::matcher::Matcher;
    use sightline::engine::matching::outcome::DEFAULT_THRESHOLD;
    use sightline::engine::matching::quality::{true_rows, QualityReport};
    let demo = Demo::new(sightline::engine::demo::DemoSize::Large, 1, default_as_of());
    let companies = read_generated(&demo, SourceKind::Companies);
    next_frame().await;
    let accounts = read_generated(&demo, SourceKind::Accounts);
    next_frame().await;
    let before = wasm_memory_bytes();
    let started = now_ms();
    let mut matcher = Matcher::build(&companies.table);
    let indexed = (now_ms() - started) / 1000.0;
    let index_memory = wasm_memory_bytes() - before;
    // Let the test runner hear from the page between the long phases.
    next_frame().await;
    // Compared in slices, as the page does, so that the test runner hears
    // from the page while it works.
    let started = now_ms();
    let mut compared = Vec::with_capacity(accounts.table.rows);
    for start in (0..accounts.table.rows).step_by(10_000) {
        for row in start..(start + 10_000).min(accounts.table.rows) {
            compared.push(matcher.compare_candidates(
                &sightline::engine::matching::record::MatchRecord::of(&accounts.table, row),
                &companies.table,
            ));
        }
        next_frame().await;
    }
    let compared_in = (now_ms() - started) / 1000.0;
    matcher.learn(&compared, &[]);
    let candidates: Vec<_> = compared
        .iter()
        .map(|compared| matcher.rank(compared))
        .collect();
    let matched = (now_ms() - started) / 1000.0;
    console_log!("compared in {compared_in:.1} s");
    let truth = true_rows(&accounts.table, &companies.table, &demo.true_companies());
    let report = QualityReport::measure(&candidates, &truth, DEFAULT_THRESHOLD);
    // The account report the Accounts page builds from these matches.
    let started = now_ms();
    let outcomes = sightline::engine::matching::outcome::outcomes(
        &candidates,
        &accounts.table,
        &companies.table,
        &matcher,
        &Default::default(),
        Default::default(),
    );
    let outcomes_ms = now_ms() - started;
    let started = now_ms();
    let enrichment = Enrichment::without_people(&sample_personas());
    let settings = sightline::engine::accounts::settings::ReportSettings {
        sizing_persona: 1,
        price: 120.0,
    };
    let account_report = sightline::engine::accounts::report::account_report(
        &accounts.table,
        "Account ID",
        &companies.table,
        &outcomes,
        &enrichment,
        &settings,
    );
    console_log!(
        "account report of {} accounts: outcomes {outcomes_ms:.0} ms, report {:.0} ms",
        account_report.rows.len(),
        now_ms() - started
    );
    next_frame().await;
    // The lens: alerts from a million signals, scores, then a weight change.
    use sightline::engine::accounts::alerts::{alerts, AlertInputs, AlertSettings};
    use sightline::engine::accounts::scoring::{grid, score, ScoringSettings};
    let signals = read_generated(&demo, SourceKind::Signals);
    let as_of = default_as_of();
    let started = now_ms();
    let inputs = AlertInputs {
        accounts: &accounts.table,
        companies: Some((&companies.table, &outcomes)),
        people: None,
        signals: Some(&signals.table),
    };
    let found = alerts(&inputs, as_of, &AlertSettings::default());
    let alerts_ms = now_ms() - started;
    let started = now_ms();
    let mut settings = ScoringSettings::default();
    let scores = score(&account_report, &found, as_of, &settings, None);
    let cells = grid(&scores);
    let scoring_ms = now_ms() - started;
    settings.weights[0] = 0.5;
    let started = now_ms();
    let rescored = score(&account_report, &found, as_of, &settings, None);
    let rescore_ms = now_ms() - started;
    console_log!(
        "lens of {} accounts with {} signals: alerts {alerts_ms:.0} ms ({} alerts), scores and grid {scoring_ms:.0} ms (top cell {}), re-score after a weight change {rescore_ms:.0} ms ({} accounts)",
        accounts.table.rows,
        signals.table.rows,
        found.len(),
        cells[2][2],
        rescored.len()
    );
    next_frame().await;
    // The lens's models: Size of Prize learned from the won deals and
    // predicted for every account and whitespace company; the backtest built,
    // then re-weighted as a weight change does.
    {
        use sightline::engine::accounts::backtest::{closed_deals_at_accounts, Backtest};
        use sightline::engine::accounts::prize_model::{fit, won_per_year, PrizeFit};
        let opportunities = read_generated(&demo, SourceKind::Opportunities);
        let deals = closed_deals_at_accounts(&opportunities.table, &accounts.table, 4);
        let whitespace = sightline::engine::accounts::report::whitespace(
            &companies.table,
            &outcomes,
            &enrichment,
            0,
        );
        let started = now_ms();
        let won = won_per_year(&deals, account_report.rows.len());
        let PrizeFit::Fitted(model) = fit(&account_report, &won, None) else {
            panic!("the large demo has enough won deals");
        };
        let fit_ms = now_ms() - started;
        let started = now_ms();
        let on_accounts = model.predict(&account_report);
        next_frame().await;
        let on_whitespace = model.predict(&whitespace);
        let predict_ms = now_ms() - started;
        let started = now_ms();
        let backtest = Backtest::new(&account_report, &found, &deals, 90, &settings);
        let build_ms = now_ms() - started;
        let started = now_ms();
        let figures = backtest.figures(&ScoringSettings::default().weights);
        let reweight_ms = now_ms() - started;
        console_log!(
            "lens models: Size of Prize fitted on {} accounts ({} closed deals) in {fit_ms:.0} ms, {} accounts and {} whitespace companies predicted in {predict_ms:.0} ms; backtest built in {build_ms:.0} ms, re-weighted in {reweight_ms:.1} ms ({} deals)",
            model.accounts,
            deals.len(),
            on_accounts.iter().flatten().count(),
            on_whitespace.iter().flatten().count(),
            figures.deals
        );
    }
    console_log!(
        "{} accounts x {} companies: index {indexed:.1} s (WASM memory grew {:.0} MB while indexing), matching {matched:.1} s, total {:.1} s; precision {:.4}, recall {:.4}; WASM memory {:.0} MB",
        accounts.table.rows,
        companies.table.rows,
        index_memory / 1e6,
        indexed + matched,
        report.precision(),
        report.recall(),
        wasm_memory_bytes() / 1e6
    );
}

#[wasm_bindgen_test]
fn index_ten_million_usage_events() {
    use sightline::engine::usage::{Controls, RangeRequest, UsageIndex, UsageInputs, Zone};
    let demo = Demo::new(sightline::engine::demo::DemoSize::Large, 1, default_as_of());
    let seats = read_generated(&demo, SourceKind::Seats);
    let started = now_ms();
    let activity = read_generated(&demo, SourceKind::Activity);
    let read_s = (now_ms() - started) / 1000.0;
    let opportunities = read_generated(&demo, SourceKind::Opportunities);
    let before = wasm_memory_bytes();
    let started = now_ms();
    let index = UsageIndex::build(UsageInputs {
        seats: &seats.table,
        activity: &activity.table,
        opportunities: Some(&opportunities.table),
        zone: Zone::Utc,
        as_of: None,
    })
    .expect("an as-of date");
    let build_s = (now_ms() - started) / 1000.0;
    console_log!(
        "usage: {} seats, {} events read in {read_s:.1} s; index built in {build_s:.2} s ({} counted; WASM memory grew {:.0} MB, {:.0} MB in all)",
        seats.table.rows,
        activity.table.rows,
        index.counted_events,
        (wasm_memory_bytes() - before) / 1e6,
        wasm_memory_bytes() / 1e6
    );
    let group = index.group_names().into_iter().next().unwrap_or_default();
    for (name, controls) in [
        ("last-30", Controls::default()),
        (
            "last-90",
            Controls {
                range: RangeRequest::Last90,
                ..Controls::default()
            },
        ),
        (
            "two years",
            Controls {
                range: RangeRequest::Custom {
                    start: index.as_of - 729,
                    end: index.as_of,
                },
                ..Controls::default()
            },
        ),
        (
            "last-90, one group",
            Controls {
                range: RangeRequest::Last90,
                groups: vec![group.clone()],
                ..Controls::default()
            },
        ),
    ] {
        let started = now_ms();
        let report = index.report(&controls).expect("a range");
        let daily = index.daily_series(&report);
        let recompute = now_ms() - started;
        let started = now_ms();
        let export = report
            .export_file(sightline::engine::export::ExportFormat::Comma)
            .and_then(sightline::engine::export::Exported::into_bytes)
            .expect("the usage export");
        console_log!(
            "usage recompute {name}: {recompute:.0} ms (report and daily series; {} active users, {} days), export {:.0} ms ({} bytes)",
            report.team.active_users,
            daily.active_users.len(),
            now_ms() - started,
            export.len()
        );
    }
}

/// Resolves at the browser's next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn scroll_and_sort_a_hundred_thousand_row_report() {
    use leptos::prelude::*;
    use sightline::engine::accounts::report::{ReportCell, ReportTable};
    use sightline::ui::components::report_table::ReportView;
    use wasm_bindgen::JsCast;
    // The shape of the account report: ids, names, then numbers.
    let columns: Vec<String> = (0..22).map(|column| format!("column_{column}")).collect();
    let rows: Vec<Vec<ReportCell>> =
        (0..100_000u64)
            .map(|row| {
                let mut cells = vec![
                    ReportCell::Text(format!("001{row:012}")),
                    ReportCell::Text(format!(
                        "Account number {}",
                        row.wrapping_mul(2_654_435_761) % 100_000
                    )),
                ];
                cells.extend((0..20).map(|column| {
                    ReportCell::Number(Some(((row * 31 + column * 17) % 5_000) as f64))
                }));
                cells
            })
            .collect();
    let table = std::sync::Arc::new(ReportTable { columns, rows });
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("a page");
    // The sort alone, without the page's work around it.
    for (column, kind) in [
        (1, "text column (first use)"),
        (1, "text column"),
        (0, "text column sharing a prefix"),
        (5, "number column"),
    ] {
        let mut order: Vec<usize> = (0..table.rows.len()).collect();
        let started = now_ms();
        table.sort_rows(&mut order, column, false);
        console_log!(
            "sort_rows of 100,000 rows by a {kind}: {:.1} ms",
            now_ms() - started
        );
    }
    // Mounted twice: the first time includes compiling the code on its first
    // use (once per page), the second is what every later visit costs.
    let mount = || {
        let host: web_sys::HtmlElement = document
            .create_element("div")
            .expect("an element")
            .unchecked_into();
        document
            .body()
            .expect("a body")
            .append_child(&host)
            .expect("appended");
        let table = table.clone();
        let started = now_ms();
        let mounted = leptos::mount::mount_to(
            host.clone(),
            move || view! { <ReportView report=table.clone()/> },
        );
        (now_ms() - started, host, mounted)
    };
    let (cold, host, mounted) = mount();
    next_frame().await;
    drop(mounted);
    host.remove();
    let (mounted, _host, _mounted) = mount();
    // The frames just after: the totals are counted in one of them.
    let mut settling = Vec::new();
    let mut last = now_ms();
    for _ in 0..3 {
        next_frame().await;
        settling.push(now_ms() - last);
        last = now_ms();
    }
    let settling = settling.iter().copied().fold(0.0, f64::max);
    let scroller: web_sys::HtmlElement = document
        .query_selector(".rows-scroller")
        .ok()
        .flatten()
        .expect("the scroller")
        .unchecked_into();
    let _ = scroller.set_attribute("style", "display:block;max-height:544px;overflow:auto");
    next_frame().await;
    // Scroll through the report a screen at a time, then jump; time every frame.
    let mut frames = Vec::new();
    let mut last = now_ms();
    for step in 0..150 {
        let top = if step < 100 {
            step * 544
        } else {
            (step - 100) * 60_000
        };
        scroller.set_scroll_top(top);
        next_frame().await;
        let now = now_ms();
        frames.push(now - last);
        last = now;
    }
    let rendered = document
        .query_selector_all(".rows-scroller tbody tr")
        .map(|rows| rows.length())
        .unwrap_or(0);
    frames.sort_by(f64::total_cmp);
    console_log!(
        "report of 100,000 rows x 22 columns: first render {cold:.0} ms (code compiled on first use), {mounted:.0} ms later, longest frame after it {settling:.0} ms (the totals); scrolling {} frames: median {:.1} ms, 95th percentile {:.1} ms, longest {:.1} ms ({rendered} rows in the page)",
        frames.len(),
        frames[frames.len() / 2],
        frames[frames.len() * 95 / 100],
        frames[frames.len() - 1]
    );
    // Sorting by a column is a frame of its own.
    let sort: web_sys::HtmlElement = document
        .query_selector("button[aria-label='Sort by column_1']")
        .ok()
        .flatten()
        .expect("a sort button")
        .unchecked_into();
    for _ in 0..2 {
        let started = now_ms();
        sort.click();
        next_frame().await;
        console_log!(
            "sort 100,000 rows by a text column: {:.0} ms to the next frame",
            now_ms() - started
        );
    }
    // Typing in the filter box, a key at a time, looking in every column.
    let filter: web_sys::HtmlInputElement = document
        .query_selector("#report-filter")
        .ok()
        .flatten()
        .expect("the filter box")
        .unchecked_into();
    let mut typed = String::new();
    let mut keys = Vec::new();
    for key in "number 12".chars() {
        typed.push(key);
        filter.set_value(&typed);
        let started = now_ms();
        let _ = filter.dispatch_event(&web_sys::Event::new("input").expect("an event"));
        next_frame().await;
        keys.push(format!("{:.0}", now_ms() - started));
    }
    console_log!(
        "filter 100,000 rows x 22 columns as '{typed}' is typed: {} ms to the next frame",
        keys.join(", ")
    );
}
