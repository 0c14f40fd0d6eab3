//! `sightline alerts` (the alerts feed) and `sightline lens` (the ranked
//! accounts and, with `--backtest`, how well the Temperature separated won
//! from lost deals): `docs/command-line.md`. Both read the accounts, match them
//! to the companies when given, and place people and signals, as the Lens page
//! does.

use crate::accounts::{personas, report_settings};
use crate::args::Args;
use crate::files::{
    exported, output_format, place_and_count, progress, read_dataset, write_output,
};
use chrono::NaiveDate;
use sightline::engine::accounts::alerts::{
    alerts, alerts_file, latest_signal_day, Alert, AlertInputs, AlertSettings,
};
use sightline::engine::accounts::backtest::{
    alerts_reach, closed_deals_at_accounts, Backtest, BacktestFigures,
};
use sightline::engine::accounts::report::{account_report, Enrichment};
use sightline::engine::accounts::scoring::{score, scores_file, ScoringSettings};
use sightline::engine::ingest::table::Table;
use sightline::engine::ingest::Ingested;
use sightline::engine::links::Placed;
use sightline::engine::matching::match_without_review;
use sightline::engine::matching::matcher::Matcher;
use sightline::engine::matching::outcome::{Outcome, Thresholds, DEFAULT_THRESHOLD};
use sightline::engine::source_kind::SourceKind;

/// The files `alerts` and `lens` read, named on the command line (read only
/// once every option is known, so a typo stops the run before any work).
struct SourceFiles {
    accounts: String,
    companies: Option<String>,
    people: Option<String>,
    signals: Option<String>,
    as_of: Option<NaiveDate>,
}

/// Those files read: the accounts matched, people and signals placed.
struct Sources {
    accounts: Ingested,
    companies: Option<Ingested>,
    outcomes: Option<Vec<Outcome>>,
    people: Option<Placed>,
    signals: Option<Placed>,
    /// Given, else the latest day in the signals, else today (UTC).
    as_of: NaiveDate,
}

impl SourceFiles {
    fn from_args(args: &mut Args) -> Result<SourceFiles, String> {
        Ok(SourceFiles {
            accounts: args.required("--accounts")?,
            companies: args.optional("--companies")?,
            people: args.optional("--people")?,
            signals: args.optional("--signals")?,
            as_of: args
                .optional("--as-of")?
                .map(|text| {
                    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                        format!("--as-of must be a date written YYYY-MM-DD, not '{text}'")
                    })
                })
                .transpose()?,
        })
    }

    fn read(&self) -> Result<Sources, String> {
        let accounts = read_dataset(&self.accounts, SourceKind::Accounts)?;
        let read = |file: &Option<String>, kind| {
            file.as_ref()
                .map(|file| read_dataset(file, kind))
                .transpose()
        };
        let companies = read(&self.companies, SourceKind::Companies)?;
        let people = read(&self.people, SourceKind::People)?;
        let signals = read(&self.signals, SourceKind::Signals)?;
        let mut matcher = companies.as_ref().map(|companies| {
            progress("matching…");
            Matcher::build(&companies.table)
        });
        let outcomes = companies
            .as_ref()
            .zip(matcher.as_mut())
            .map(|(companies, matcher)| {
                match_without_review(
                    matcher,
                    &accounts.table,
                    &companies.table,
                    Thresholds::default(),
                )
            });
        // People and signals placed at companies (else at the accounts).
        let place = |file: &Option<String>, read: Option<Ingested>, what: &str| {
            read.map(|read| {
                place_and_count(
                    file.as_deref().unwrap_or_default(),
                    what,
                    &read.table,
                    companies.as_ref().map(|companies| &companies.table),
                    &accounts.table,
                    DEFAULT_THRESHOLD,
                    matcher.as_ref(),
                )
            })
        };
        let people = place(&self.people, people, "people");
        let signals = place(&self.signals, signals, "signals");
        let as_of = self
            .as_of
            .or_else(|| {
                signals
                    .as_ref()
                    .and_then(|signals| latest_signal_day(&signals.table))
            })
            .unwrap_or_else(today);
        Ok(Sources {
            accounts,
            companies,
            outcomes,
            people,
            signals,
            as_of,
        })
    }
}

impl Sources {
    /// The alerts dated up to as-of, from `look_back_days` before it.
    fn alerts(&self, look_back_days: i64) -> Vec<Alert> {
        let inputs = AlertInputs {
            accounts: &self.accounts.table,
            companies: self
                .companies
                .as_ref()
                .zip(self.outcomes.as_deref())
                .map(|(companies, outcomes)| (&companies.table, outcomes)),
            people: self.people.as_ref().map(|people| &people.table),
            signals: self.signals.as_ref().map(|signals| &signals.table),
        };
        let settings = AlertSettings {
            look_back_days,
            ..AlertSettings::default()
        };
        alerts(&inputs, self.as_of, &settings)
    }
}

/// `sightline alerts`: one row per alert, newest first.
pub fn alerts_command(mut args: Args) -> Result<(), String> {
    let files = SourceFiles::from_args(&mut args)?;
    let out = args.required("--out")?;
    args.finish()?;
    let sources = files.read()?;
    let found = sources.alerts(AlertSettings::default().look_back_days);
    write_output(
        &out,
        &exported(
            &out,
            alerts_file(&sources.accounts.table, &found, output_format(&out)),
        )?,
    )?;
    eprintln!("{} alerts as of {}", found.len(), sources.as_of);
    Ok(())
}

/// `sightline lens`: the accounts ranked by Temperature with their Size of
/// Prize, tiers and points (the Lens page's "Download the ranked accounts",
/// default settings); `--backtest` writes the backtest's figures as JSON.
pub fn lens_command(mut args: Args) -> Result<(), String> {
    let files = SourceFiles::from_args(&mut args)?;
    let opportunities_file = args.optional("--opportunities")?;
    match args.optional("--prize")?.as_deref() {
        None | Some("lam") => {}
        Some("learned") => {
            return Err("--prize learned: the Size of Prize learned from won deals is not available yet; use --prize lam".into())
        }
        Some(other) => return Err(format!("--prize must be lam or learned, not '{other}'")),
    }
    let personas = personas(args.optional("--personas")?)?;
    let settings = report_settings(&mut args, &personas)?;
    let out = args.required("--out")?;
    let backtest_file = args.optional("--backtest")?;
    args.finish()?;
    if backtest_file.is_some() && opportunities_file.is_none() {
        return Err(
            "--backtest needs --opportunities: the deals it tests the Temperature on".into(),
        );
    }
    let sources = files.read()?;
    let enrichment = match &sources.people {
        Some(placed) => Enrichment::at(&placed.table, &personas, placed.placed_at),
        None => Enrichment::without_people(&personas),
    };
    let accounts = &sources.accounts.table;
    let outcomes = sources
        .outcomes
        .clone()
        .unwrap_or_else(|| vec![Outcome::unmatched(); accounts.rows]);
    let empty = Table::default();
    let companies = sources
        .companies
        .as_ref()
        .map_or(&empty, |companies| &companies.table);
    let id_header = sources.accounts.report.source_header("account_id");
    let report = account_report(
        accounts,
        &id_header,
        companies,
        &outcomes,
        &enrichment,
        &settings,
    );
    let scoring = ScoringSettings::default();
    let look_back = AlertSettings::default().look_back_days;
    let scores = score(&report, &sources.alerts(look_back), sources.as_of, &scoring);
    write_output(
        &out,
        &exported(
            &out,
            scores_file(accounts, &id_header, &scores, false, output_format(&out)),
        )?,
    )?;
    eprintln!(
        "{} accounts ranked by Temperature as of {}",
        scores.len(),
        sources.as_of
    );
    let (Some(backtest_file), Some(opportunities_file)) = (backtest_file, opportunities_file)
    else {
        return Ok(());
    };
    let opportunities = read_dataset(&opportunities_file, SourceKind::Opportunities)?;
    progress("placing deals…");
    let deals = closed_deals_at_accounts(&opportunities.table, accounts, DEFAULT_THRESHOLD);
    let reach = alerts_reach(&deals, sources.as_of, look_back);
    let backtest = Backtest::new(&report, &sources.alerts(reach), &deals, look_back, &scoring);
    let figures = backtest.figures(&scoring.weights);
    std::fs::write(&backtest_file, backtest_json(&figures))
        .map_err(|error| format!("cannot write {backtest_file}: {error}"))?;
    eprintln!(
        "backtest: {} closed deals, AUC {}",
        figures.deals,
        figures
            .auc
            .map_or("undefined".to_string(), |auc| format!("{auc:.3}"))
    );
    Ok(())
}

/// The `--backtest` file of `docs/command-line.md`.
fn backtest_json(figures: &BacktestFigures) -> String {
    let rate = |tier: usize| {
        figures.won_rate_by_tier[tier].map(|rate| (rate * 10_000.0).round() / 10_000.0)
    };
    let json = serde_json::json!({
        "deals": figures.deals,
        "auc": figures.auc.map(|auc| (auc * 10_000.0).round() / 10_000.0),
        "won_rate_by_tier": { "Low": rate(0), "Medium": rate(1), "High": rate(2) },
        "prize_model": "lam",
        // The model learned from won deals is not built yet: no error to compare.
        "prize_holdout_error": { "lam": null, "learned": null },
    });
    format!("{json:#}\n")
}

/// Today's date in UTC, from the system clock.
fn today() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64);
    chrono::DateTime::from_timestamp(seconds, 0).map_or_else(
        || NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
        |moment| moment.date_naive(),
    )
}
