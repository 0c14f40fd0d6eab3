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
use sightline::engine::accounts::prize_model::{
    fit, won_per_year, PrizeFit, PrizeModel, FEWEST_ACCOUNTS,
};
use sightline::engine::accounts::report::{account_report, Enrichment};
use sightline::engine::accounts::scoring::{score, scores_file, PrizeModelChoice, ScoringSettings};
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
    let prize_model = match args.optional("--prize")?.as_deref() {
        None | Some("lam") => PrizeModelChoice::Lam,
        Some("learned") => PrizeModelChoice::Learned,
        Some(other) => return Err(format!("--prize must be lam or learned, not '{other}'")),
    };
    let personas = personas(args.optional("--personas")?)?;
    let settings = report_settings(&mut args, &personas)?;
    let out = args.required("--out")?;
    let backtest_file = args.optional("--backtest")?;
    args.finish()?;
    if opportunities_file.is_none() {
        if backtest_file.is_some() {
            return Err(
                "--backtest needs --opportunities: the deals it tests the Temperature on".into(),
            );
        }
        if prize_model == PrizeModelChoice::Learned {
            return Err(
                "--prize learned needs --opportunities: the won deals it learns from".into(),
            );
        }
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
    // The closed deals, placed at their accounts, and the model learned from them.
    let deals = opportunities_file
        .as_ref()
        .map(|file| -> Result<_, String> {
            let opportunities = read_dataset(file, SourceKind::Opportunities)?;
            progress("placing deals…");
            Ok(closed_deals_at_accounts(
                &opportunities.table,
                accounts,
                DEFAULT_THRESHOLD,
            ))
        })
        .transpose()?;
    let fitted = deals.as_ref().map(|deals| {
        let sizing = personas
            .get(settings.sizing_persona)
            .map(|persona| persona.name.as_str());
        fit(&report, &won_per_year(deals, report.rows.len()), sizing)
    });
    let prizes = match (prize_model, &fitted) {
        (PrizeModelChoice::Learned, Some(PrizeFit::Fitted(model))) => Some(model.predict(&report)),
        (PrizeModelChoice::Learned, Some(PrizeFit::TooFewAccounts { accounts })) => {
            return Err(format!(
                "--prize learned: only {accounts} accounts have won deals with an amount; the model needs {FEWEST_ACCOUNTS}"
            ))
        }
        _ => None,
    };
    let scoring = ScoringSettings {
        prize_model,
        ..ScoringSettings::default()
    };
    let look_back = AlertSettings::default().look_back_days;
    let scores = score(
        &report,
        &sources.alerts(look_back),
        sources.as_of,
        &scoring,
        prizes.as_deref(),
    );
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
    if let Some(PrizeFit::Fitted(model)) = &fitted {
        eprintln!(
            "Size of Prize learned from {} accounts' won deals: held-out error {:.3} (lam {})",
            model.accounts,
            model.holdout_error,
            model
                .lam_holdout_error
                .map_or("unknown".to_string(), |error| format!("{error:.3}"))
        );
    }
    let (Some(backtest_file), Some(deals)) = (backtest_file, deals) else {
        return Ok(());
    };
    let reach = alerts_reach(&deals, sources.as_of, look_back);
    let backtest = Backtest::new(&report, &sources.alerts(reach), &deals, look_back, &scoring);
    let figures = backtest.figures(&scoring.weights);
    let model = match &fitted {
        Some(PrizeFit::Fitted(model)) => Some(model),
        _ => None,
    };
    std::fs::write(&backtest_file, backtest_json(&figures, prize_model, model))
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
fn backtest_json(
    figures: &BacktestFigures,
    prize_model: PrizeModelChoice,
    model: Option<&PrizeModel>,
) -> String {
    let round = |value: f64| (value * 10_000.0).round() / 10_000.0;
    let rate = |tier: usize| {
        figures.won_rate_by_tier[tier].map(|rate| (rate * 10_000.0).round() / 10_000.0)
    };
    let json = serde_json::json!({
        "deals": figures.deals,
        "auc": figures.auc.map(|auc| (auc * 10_000.0).round() / 10_000.0),
        "won_rate_by_tier": { "Low": rate(0), "Medium": rate(1), "High": rate(2) },
        "prize_model": match prize_model {
            PrizeModelChoice::Lam => "lam",
            PrizeModelChoice::Learned => "learned",
        },
        "prize_holdout_error": {
            "lam": model.and_then(|model| model.lam_holdout_error).map(round),
            "learned": model.map(|model| round(model.holdout_error)),
        },
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
