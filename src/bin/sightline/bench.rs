//! Figures, not tests:
//! - `sightline bench ingest [--rows N] [--seed N]` generates a Salesforce-style
//!   accounts export in memory and times reading it;
//! - `sightline bench load DIR` reads every dataset of a demo workspace written
//!   by `sightline demo` and prints throughput and the size of the tables in
//!   memory (the figure behind "1M companies + 10M people fit in a tab");
//! - `sightline bench personas DIR` counts six personas over a demo
//!   workspace's people, then one persona alone (the page's live count);
//! - `sightline bench usage DIR` indexes a demo workspace's activity log and
//!   times a recompute of the usage report after a range or filter change;
//! - `sightline bench match DIR` matches a demo workspace's accounts and
//!   prints the time taken and the quality against its `match_labels.csv`;
//! - `sightline bench links DIR` places a demo workspace's people at its
//!   companies, by id, then as a contacts export carries them (names and
//!   websites, no ids), and prints the time and the placements per rule.

use crate::args::Args;
use sightline::engine::demo::{default_as_of, Demo, DemoSpec};
use sightline::engine::ingest::{ingest, ingest_on_cores, IngestOptions};
use sightline::engine::source_kind::SourceKind;
use std::time::Instant;

pub fn run(mut args: Args) -> Result<(), String> {
    let what = args.positional()?;
    match what.as_str() {
        "ingest" => {
            let rows: u64 = number(args.optional("--rows")?, 600_000)?;
            let seed: u64 = number(args.optional("--seed")?, 1)?;
            args.finish()?;
            ingest_accounts(rows, seed)
        }
        "load" => {
            let dir = args.positional()?;
            args.finish()?;
            load_workspace(&dir)
        }
        "match" => {
            let dir = args.positional()?;
            let weights = Weights::from_flag(args.flag("--fitted-weights"));
            args.finish()?;
            matching(&dir, weights)
        }
        "personas" => {
            let dir = args.positional()?;
            args.finish()?;
            personas(&dir)
        }
        "usage" => {
            let dir = args.positional()?;
            args.finish()?;
            usage(&dir)
        }
        "links" => {
            let dir = args.positional()?;
            args.finish()?;
            links(&dir)
        }
        "export" => {
            let dir = args.positional()?;
            args.finish()?;
            exports(&dir)
        }
        "lens" => {
            let dir = args.positional()?;
            args.finish()?;
            lens(&dir)
        }
        "unseen" => {
            let accounts = number(args.optional("--accounts")?, 1_000)?;
            let companies = number(args.optional("--companies")?, 10_000)?;
            let seed = number(args.optional("--seed")?, 1)?;
            let out = args.optional("--out")?;
            let weights = Weights::from_flag(args.flag("--fitted-weights"));
            args.finish()?;
            unseen(accounts, companies, seed, out, weights)
        }
        other => Err(format!(
            "unknown benchmark '{other}' (expected: ingest, load, match, unseen, personas, usage, links, export, lens)"
        )),
    }
}

fn number(value: Option<String>, default: u64) -> Result<u64, String> {
    match value {
        None => Ok(default),
        Some(text) => text
            .parse()
            .map_err(|_| format!("expected a whole number, not '{text}'")),
    }
}

fn ingest_accounts(rows: u64, seed: u64) -> Result<(), String> {
    let spec = DemoSpec::accounts_only(rows);
    let demo = Demo::with_spec(spec, seed, default_as_of());
    let started = Instant::now();
    let bytes = demo.render(SourceKind::Accounts);
    let generated = started.elapsed().as_secs_f64();
    let megabytes = bytes.len() as f64 / 1e6;
    println!("accounts export: {rows} rows, {megabytes:.1} MB (generated in {generated:.2} s)");
    // The floor: the csv crate alone, splitting records without reading values.
    let started = Instant::now();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut record = csv::StringRecord::new();
    let mut records = 0u64;
    while reader
        .read_record(&mut record)
        .map_err(|error| error.to_string())?
    {
        records += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "csv records alone: {records} in {seconds:.3} s, {:.0} MB/s",
        megabytes / seconds
    );
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    for (label, cores) in [("one core (as in the page)", 1), ("every core", cores)] {
        let mut best = f64::MAX;
        for run in 1..=3 {
            let started = Instant::now();
            let read = ingest_on_cores(
                &bytes,
                SourceKind::Accounts,
                &IngestOptions::default(),
                cores,
            )
            .map_err(|error| error.to_string())?;
            let seconds = started.elapsed().as_secs_f64();
            best = best.min(seconds);
            println!(
                "{label}, run {run}: {:.3} s, {:.0} MB/s, {} accepted, {} quarantined, table {:.1} MB in memory",
                seconds,
                megabytes / seconds,
                read.report.accepted,
                read.report.quarantined.len(),
                read.table.heap_bytes() as f64 / 1e6
            );
        }
        println!(
            "ingest, native, {label} ({cores}): best {:.0} MB/s",
            megabytes / best
        );
    }
    Ok(())
}

fn load_workspace(dir: &str) -> Result<(), String> {
    let mut total_bytes = 0usize;
    let mut total_seconds = 0f64;
    let mut total_memory = 0usize;
    for (kind, file_name) in sightline::engine::demo::DEMO_FILES {
        let path = std::path::Path::new(dir).join(file_name);
        let bytes = std::fs::read(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let started = Instant::now();
        let read = ingest(&bytes, kind, &IngestOptions::default())
            .map_err(|error| format!("{}: {error}", path.display()))?;
        let seconds = started.elapsed().as_secs_f64();
        let memory = read.table.heap_bytes();
        println!(
            "{:<32} {:>11} rows {:>8.1} MB in {:>6.2} s = {:>4.0} MB/s; table {:>7.1} MB",
            file_name,
            read.report.accepted,
            bytes.len() as f64 / 1e6,
            seconds,
            bytes.len() as f64 / 1e6 / seconds,
            memory as f64 / 1e6
        );
        total_bytes += bytes.len();
        total_seconds += seconds;
        total_memory += memory;
    }
    println!(
        "all: {:.1} MB read in {:.1} s ({:.0} MB/s); tables {:.1} MB in memory",
        total_bytes as f64 / 1e6,
        total_seconds,
        total_bytes as f64 / 1e6 / total_seconds,
        total_memory as f64 / 1e6
    );
    Ok(())
}

/// Matching over a demo workspace: index the companies, match every account,
/// and measure the result against `match_labels.csv`.
fn matching(dir: &str, weights: Weights) -> Result<(), String> {
    let read = |file_name: &str,
                kind: SourceKind|
     -> Result<sightline::engine::ingest::Ingested, String> {
        let path = std::path::Path::new(dir).join(file_name);
        let bytes = std::fs::read(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        ingest(&bytes, kind, &IngestOptions::default())
            .map_err(|error| format!("{}: {error}", path.display()))
    };
    // A demo folder, or a labelled set laid out as `../shared/corpus/matching/`.
    let labelled_set = std::path::Path::new(dir).join("truth.csv").exists();
    let (accounts_file, companies_file, labels_file) = if labelled_set {
        ("crm_accounts.csv", "companies.csv", "truth.csv")
    } else {
        (
            "Salesforce_Accounts_report.csv",
            "company_database.csv",
            sightline::engine::demo::LABELS_FILE,
        )
    };
    let accounts = read(accounts_file, SourceKind::Accounts)?.table;
    let companies = read(companies_file, SourceKind::Companies)?.table;
    let labels_path = std::path::Path::new(dir).join(labels_file);
    let labels = std::fs::read(&labels_path)
        .map_err(|error| format!("cannot read {}: {error}", labels_path.display()))?;
    measure_matching(&accounts, &companies, &labels, weights);
    Ok(())
}

/// Which weights `bench match` scores with: learnt on the data at hand (as
/// the page and `sightline match` do), or the fitted ones alone, to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weights {
    Learnt,
    Fitted,
}

impl Weights {
    fn from_flag(fitted: bool) -> Weights {
        if fitted {
            Weights::Fitted
        } else {
            Weights::Learnt
        }
    }
}

/// The second generator's labelled set (`engine::demo::unseen`, never tuned
/// on), matched and measured as `bench match` measures a folder; `--out`
/// also writes it in the corpus's layout.
fn unseen(
    accounts: u64,
    companies: u64,
    seed: u64,
    out: Option<String>,
    weights: Weights,
) -> Result<(), String> {
    let started = Instant::now();
    let set =
        sightline::engine::demo::unseen::labelled_set(accounts as usize, companies as usize, seed);
    println!(
        "unseen labelled set, seed {seed}: {accounts} accounts, {companies} companies (generated in {:.2} s)",
        started.elapsed().as_secs_f64()
    );
    if let Some(dir) = out {
        std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {dir}: {error}"))?;
        for (name, text) in [
            ("crm_accounts.csv", &set.accounts_csv),
            ("companies.csv", &set.companies_csv),
            ("truth.csv", &set.truth_csv),
        ] {
            let path = std::path::Path::new(&dir).join(name);
            std::fs::write(&path, text)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        }
    }
    let read = |text: &str, kind| {
        ingest(text.as_bytes(), kind, &IngestOptions::default())
            .map(|read| read.table)
            .map_err(|error| format!("the unseen {kind}: {error}"))
    };
    let accounts = read(&set.accounts_csv, SourceKind::Accounts)?;
    let companies = read(&set.companies_csv, SourceKind::Companies)?;
    measure_matching(&accounts, &companies, set.truth_csv.as_bytes(), weights);
    println!(
        "accounts that cannot be told from a twin of their company: {} of {} ({} with one to three twins); recall of a matcher that never guesses between twins: {:.4}",
        set.twins.with_a_twin,
        set.twins.accounts_with_company,
        set.twins.with_one_to_three_twins,
        set.twins.recall_ceiling()
    );
    println!(
        "accounts without a company that read as an account of one in the database: {} of {}",
        set.twins.prospects_like_a_company, set.twins.prospects
    );
    Ok(())
}

/// Matches the accounts and prints the time and the quality against the
/// labels (`Account ID,company_id` rows; an account with two true companies
/// is right on either).
fn measure_matching(
    accounts: &sightline::engine::ingest::table::Table,
    companies: &sightline::engine::ingest::table::Table,
    labels: &[u8],
    weights: Weights,
) {
    use sightline::engine::matching::matcher::Matcher;
    use sightline::engine::matching::outcome::{Status, Thresholds, DEFAULT_THRESHOLD};
    use sightline::engine::matching::quality::{read_labels, true_rows_for, QualityReport};
    let labels = read_labels(labels);
    let started = Instant::now();
    let matcher = Matcher::build(companies);
    let indexed = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut matcher = matcher;
    let compared = sightline::engine::matching::compare_all(&matcher, accounts, companies);
    let compared_in = started.elapsed().as_secs_f64();
    let started_learning = Instant::now();
    if weights == Weights::Learnt {
        matcher.learn(&compared, &[]);
    }
    let learnt_in = started_learning.elapsed().as_secs_f64();
    let candidates: Vec<_> = compared
        .iter()
        .map(|compared| matcher.rank(compared))
        .collect();
    let matched = started.elapsed().as_secs_f64();
    let truth = true_rows_for(&candidates, accounts, companies, &labels);
    println!(
        "{} companies indexed in {indexed:.2} s; {} accounts compared in {compared_in:.2} s, weights {} in {learnt_in:.2} s, matched in {matched:.2} s; total {:.2} s",
        companies.rows,
        accounts.rows,
        match weights {
            Weights::Learnt => "learnt",
            Weights::Fitted => "kept as fitted",
        },
        indexed + matched
    );

    print!(
        "{}",
        QualityReport::measure(&candidates, &truth, DEFAULT_THRESHOLD)
    );
    // Blocking's share of the misses: true companies never among the candidates.
    let without_candidate = candidates
        .iter()
        .zip(&truth)
        .filter(|(candidates, truth)| {
            truth.is_some_and(|truth| {
                candidates
                    .iter()
                    .all(|candidate| candidate.company != truth)
            })
        })
        .count();
    println!(
        "true company not among the candidates: {without_candidate} of {} accounts that have one",
        truth.iter().flatten().count()
    );
    let review = candidates
        .iter()
        .filter_map(|candidates| candidates.first())
        .filter(|best| Thresholds::default().status(best.match_score()) == Status::Review)
        .count();
    println!(
        "review queue: {review} of {} accounts ({:.1} %)",
        accounts.rows,
        100.0 * review as f64 / accounts.rows.max(1) as f64
    );
    // The weights scored with, so a figure can be explained level by level.
    print!("weights:\n{}", matcher.model.describe());
}

/// Six personas counted per company over a demo workspace's people file.
fn personas(dir: &str) -> Result<(), String> {
    use sightline::engine::accounts::personas::{matching_people, sample_personas, CompanySlots};
    use sightline::engine::accounts::report::Enrichment;
    let path = std::path::Path::new(dir).join("people_profiles.csv");
    let bytes =
        std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let people = ingest(&bytes, SourceKind::People, &IngestOptions::default())
        .map_err(|error| format!("{}: {error}", path.display()))?
        .table;
    drop(bytes);
    let six = sample_personas();
    let started = Instant::now();
    let enrichment = Enrichment::of(&people, &six);
    let all = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let slots = CompanySlots::of(&people);
    let one = slots.count(&people, &matching_people(&people, &six[1]));
    let single = started.elapsed().as_secs_f64();
    println!(
        "{} people: 6 personas and connectivity counted per company in {all:.3} s; one persona in {single:.3} s ({} developers at {} companies)",
        people.rows,
        one.iter().map(|count| u64::from(*count)).sum::<u64>(),
        one.iter().filter(|count| **count > 0).count()
    );
    let _ = enrichment;
    Ok(())
}

/// The Lens's models on a demo workspace: the Size of Prize model fitted on
/// its won deals and predicting every account and whitespace company, and
/// the Temperature backtest built, then re-weighted as a weight change does.
fn lens(dir: &str) -> Result<(), String> {
    use sightline::engine::accounts::alerts::{alerts, AlertInputs, AlertSettings};
    use sightline::engine::accounts::backtest::{alerts_reach, closed_deals_at_accounts, Backtest};
    use sightline::engine::accounts::enrich::enrich;
    use sightline::engine::accounts::personas::sample_personas;
    use sightline::engine::accounts::prize_model::{fit, won_per_year, PrizeFit};
    use sightline::engine::accounts::report::{account_report, whitespace};
    use sightline::engine::accounts::scoring::ScoringSettings;
    use sightline::engine::accounts::settings::ReportSettings;
    use sightline::engine::matching::outcome::DEFAULT_THRESHOLD;
    let accounts = read_table(dir, "Salesforce_Accounts_report.csv", SourceKind::Accounts)?;
    let companies = read_table(dir, "company_database.csv", SourceKind::Companies)?;
    let people = read_table(dir, "people_profiles.csv", SourceKind::People)?;
    let signals = read_table(dir, "account_signals.csv", SourceKind::Signals)?;
    let opportunities = read_table(dir, "opportunities.csv", SourceKind::Opportunities)?;
    let started = Instant::now();
    let personas = sample_personas();
    let enriched = enrich(
        &accounts,
        Some(&companies),
        &people,
        &personas,
        DEFAULT_THRESHOLD,
    );
    let signals = enriched.place(&signals, Some(&companies), &accounts, DEFAULT_THRESHOLD);
    let (outcomes, people, enrichment) =
        (&enriched.outcomes, &enriched.people, &enriched.enrichment);
    let settings = ReportSettings {
        sizing_persona: 0,
        price: 1.0,
    };
    let report = account_report(
        &accounts,
        "Account ID",
        &companies,
        outcomes,
        enrichment,
        &settings,
    );
    let whitespace = whitespace(&companies, outcomes, enrichment, 0);
    let deals = closed_deals_at_accounts(&opportunities, &accounts, DEFAULT_THRESHOLD);
    let as_of = default_as_of();
    let look_back = AlertSettings::default().look_back_days;
    let inputs = AlertInputs {
        accounts: &accounts,
        companies: Some((&companies, outcomes)),
        people: Some(&people.table),
        signals: Some(&signals.table),
    };
    let reaching = AlertSettings {
        look_back_days: alerts_reach(&deals, as_of, look_back),
        ..AlertSettings::default()
    };
    let found = alerts(&inputs, as_of, &reaching);
    println!(
        "{} accounts, {} whitespace companies, {} closed deals, {} alerts: read, matched and placed in {:.1} s",
        report.rows.len(),
        whitespace.rows.len(),
        deals.len(),
        found.len(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let won = won_per_year(&deals, report.rows.len());
    let fitted = fit(&report, &won, Some(&personas[0].name));
    let fitting = started.elapsed().as_secs_f64();
    let PrizeFit::Fitted(model) = fitted else {
        return Err("too few accounts with won deals to fit the Size of Prize model".into());
    };
    let started = Instant::now();
    let on_accounts = model.predict(&report);
    let on_whitespace = model.predict(&whitespace);
    let predicting = started.elapsed().as_secs_f64();
    println!(
        "Size of Prize learned from {} accounts in {fitting:.2} s (five folds and the fit); {} accounts and {} whitespace companies predicted in {predicting:.2} s; held-out error {:.3} (lam {})",
        model.accounts,
        on_accounts.iter().flatten().count(),
        on_whitespace.iter().flatten().count(),
        model.holdout_error,
        model.lam_holdout_error.map_or("unknown".to_string(), |error| format!("{error:.3}"))
    );
    let scoring = ScoringSettings::default();
    let started = Instant::now();
    let backtest = Backtest::new(&report, &found, &deals, look_back, &scoring);
    let building = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    let mut weights = scoring.weights;
    let mut auc = None;
    for step in 0..10 {
        weights[0] = 0.05 * step as f64;
        auc = backtest.figures(&weights).auc;
    }
    let reweighting = started.elapsed().as_secs_f64() * 100.0;
    println!(
        "backtest of {} deals: built in {building:.0} ms; a weight change re-runs it in {reweighting:.1} ms (AUC {})",
        deals.len(),
        auc.map_or("undefined".to_string(), |auc| format!("{auc:.3}"))
    );
    Ok(())
}

/// A demo workspace's accounts and company database downloaded as the page's
/// "Download these rows" writes them, as CSV and as Excel: time, size, and the
/// peak memory the process reached (Linux).
fn exports(dir: &str) -> Result<(), String> {
    use sightline::engine::export::{ExportFormat, Exported};
    for (file, kind) in [
        ("Salesforce_Accounts_report.csv", SourceKind::Accounts),
        ("company_database.csv", SourceKind::Companies),
    ] {
        let path = std::path::Path::new(dir).join(file);
        let bytes = std::fs::read(&path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let read = ingest(&bytes, kind, &IngestOptions::default())
            .map_err(|error| format!("{}: {error}", path.display()))?;
        drop(bytes);
        let rows: Vec<u32> = (0..read.table.rows as u32).collect();
        for format in [ExportFormat::Comma, ExportFormat::Excel] {
            let before = peak_memory_mb();
            let started = Instant::now();
            let written = read
                .rows_file(&rows, format)
                .and_then(Exported::into_bytes)
                .map_err(|error| error.to_string())?;
            println!(
                "{file} as {}: {} rows, {:.1} MB in {:.2} s (peak memory {before:.0} → {:.0} MB)",
                format.label(),
                rows.len(),
                written.len() as f64 / 1e6,
                started.elapsed().as_secs_f64(),
                peak_memory_mb()
            );
        }
    }
    Ok(())
}

/// The most memory this process has held so far, in MB (0 where unknown).
fn peak_memory_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kilobytes| kilobytes / 1024.0)
}

/// A demo workspace's file, read.
fn read_table(
    dir: &str,
    file: &str,
    kind: SourceKind,
) -> Result<sightline::engine::ingest::table::Table, String> {
    let path = std::path::Path::new(dir).join(file);
    let bytes =
        std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    ingest(&bytes, kind, &IngestOptions::default())
        .map(|read| read.table)
        .map_err(|error| format!("{}: {error}", path.display()))
}

/// The usage index of a demo workspace, then recomputes as the page does on a
/// change of range or filter.
fn usage(dir: &str) -> Result<(), String> {
    use sightline::engine::usage::{Controls, RangeRequest, UsageIndex, UsageInputs, Zone};
    let read = |file: &str, kind| read_table(dir, file, kind);
    let seats = read("sales_navigator_seats.csv", SourceKind::Seats)?;
    let started = Instant::now();
    let activity = read("sales_navigator_activity.csv", SourceKind::Activity)?;
    let read_time = started.elapsed().as_secs_f64();
    let opportunities = read("opportunities.csv", SourceKind::Opportunities)?;
    let started = Instant::now();
    let index = UsageIndex::build(UsageInputs {
        seats: &seats,
        activity: &activity,
        opportunities: Some(&opportunities),
        zone: Zone::Utc,
        as_of: None,
    })
    .map_err(|error| error.to_string())?;
    let build = started.elapsed().as_secs_f64();
    println!(
        "{} seats, {} events (read in {read_time:.2} s): index built in {build:.3} s ({} counted)",
        seats.rows, activity.rows, index.counted_events
    );
    let group = index
        .seats
        .iter()
        .find_map(|seat| seat.groups.first().cloned())
        .unwrap_or_default();
    let cases = [
        ("last-30", Controls::default()),
        (
            "last-90",
            Controls {
                range: RangeRequest::Last90,
                ..Controls::default()
            },
        ),
        (
            "last-month",
            Controls {
                range: RangeRequest::LastMonth,
                ..Controls::default()
            },
        ),
        (
            "two years, custom",
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
                groups: vec![group],
                ..Controls::default()
            },
        ),
    ];
    for (name, controls) in cases {
        let started = Instant::now();
        let report = index.report(&controls).map_err(|error| error.to_string())?;
        let export = report
            .export_file(sightline::engine::export::ExportFormat::Comma)
            .and_then(sightline::engine::export::Exported::into_bytes)
            .map_err(|error| error.to_string())?;
        let took = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "recompute {name}: {took:.1} ms ({} seats, {} active, export {} bytes)",
            report.seats.len(),
            report.team.active_users,
            export.len()
        );
    }
    Ok(())
}

/// People placed at companies: by id (the demo's own file), then by name and
/// website (the same people as a contacts export carries them).
fn links(dir: &str) -> Result<(), String> {
    use sightline::engine::demo::contacts::contacts_export;
    use sightline::engine::links::{apply, place, PlacedAt};
    use sightline::engine::matching::outcome::DEFAULT_THRESHOLD;
    let read = |file: &str, kind| read_table(dir, file, kind);
    let companies = read("company_database.csv", SourceKind::Companies)?;
    let people = read("people_profiles.csv", SourceKind::People)?;
    let started = Instant::now();
    let by_id = place(&people, &companies, PlacedAt::Companies, DEFAULT_THRESHOLD);
    println!(
        "{} people at {} companies by id: {:.2} s; {}",
        people.rows,
        companies.rows,
        started.elapsed().as_secs_f64(),
        by_id.summary()
    );
    let export = contacts_export(&people, &companies, 1);
    drop(people);
    let contacts = ingest(
        export.as_bytes(),
        SourceKind::People,
        &IngestOptions::default(),
    )
    .map_err(|error| error.to_string())?
    .table;
    drop(export);
    let started = Instant::now();
    let by_name = place(
        &contacts,
        &companies,
        PlacedAt::Companies,
        DEFAULT_THRESHOLD,
    );
    let placing = started.elapsed().as_secs_f64();
    let mut contacts = contacts;
    let started = Instant::now();
    apply(&mut contacts, &companies, PlacedAt::Companies, &by_name);
    println!(
        "{} contacts (names, websites, no ids): {placing:.2} s, their company ids written in {:.2} s; {}",
        contacts.rows,
        started.elapsed().as_secs_f64(),
        by_name.summary()
    );
    for (reason, count) in by_name.top_reasons(3) {
        println!("  {count} unplaced: {reason}");
    }
    Ok(())
}
