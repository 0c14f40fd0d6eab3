//! Does the Temperature work? (`docs/accounts.md`, "The temperature backtest"):
//! each closed deal's account is scored as of 90 days before the deal closed —
//! only the signals and moves dated up to that day count — and the scores are
//! set against the outcomes: the area under the ROC curve (the chance that a
//! won deal's account was warmer than a lost one's; 0.5 is a coin) and the won
//! rate per Temperature tier.
//!
//! The deals' components are computed once ([`Backtest::new`]); a change of a
//! weight re-weights them ([`Backtest::figures`]), fast enough to recompute at
//! every keystroke. The company's own figures (hiring rate, headcount growth,
//! connectivity) have no history in the files: today's are used, as a
//! company's size is.

use super::alerts::Alert;
use super::report::ReportTable;
use super::scoring::{
    add_alert, normalising_scale, tier_cuts, tier_of, CompanyColumns, ScoringSettings, Tier,
};
use crate::engine::deals::deal_outcome;
use crate::engine::ingest::table::Table;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// How long before its close a deal's account is scored.
pub const DAYS_BEFORE_CLOSE: i64 = 90;

/// A closed deal of an account: won or lost, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct ClosedDeal {
    /// The account's row in the accounts table (and the report).
    pub account: usize,
    pub close_date: NaiveDate,
    pub won: bool,
    pub amount: Option<f64>,
}

/// The opportunities' closed deals placed at an account, won or lost as
/// [`deal_outcome`] reads them; open deals, and deals without a close date or
/// an account, are left out.
pub fn closed_deals(
    opportunities: &Table,
    account_of: impl Fn(usize) -> Option<usize>,
) -> Vec<ClosedDeal> {
    (0..opportunities.rows)
        .filter_map(|row| {
            let won = deal_outcome(opportunities, row)?;
            Some(ClosedDeal {
                account: account_of(row)?,
                close_date: opportunities.date("close_date", row)?,
                won,
                amount: opportunities.number("amount", row),
            })
        })
        .collect()
}

/// The closed deals of an opportunities file, placed at their accounts (by
/// id, LinkedIn page, website or name: `docs/inputs.md`).
pub fn closed_deals_at_accounts(
    opportunities: &Table,
    accounts: &Table,
    threshold: u8,
) -> Vec<ClosedDeal> {
    let placed =
        crate::engine::links::place_records(opportunities, None, accounts, threshold, None);
    closed_deals(opportunities, |row| {
        placed.links.placed[row]
            .as_ref()
            .ok()
            .map(|(account, _)| *account as usize)
    })
}

/// How far back from `as_of` the alerts must reach for every deal to be
/// scored: to the earliest deal's scoring day, and its look-back before it.
pub fn alerts_reach(deals: &[ClosedDeal], as_of: NaiveDate, look_back_days: i64) -> i64 {
    let earliest = deals
        .iter()
        .map(|deal| deal.close_date - Duration::days(DAYS_BEFORE_CLOSE))
        .min()
        .unwrap_or(as_of);
    (as_of - earliest).num_days().max(0) + look_back_days
}

/// The figures of a backtest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestFigures {
    pub deals: usize,
    pub won: usize,
    /// `None` without both a won and a lost deal.
    pub auc: Option<f64>,
    /// The won rate of the deals in each Temperature tier, Low to High
    /// (`None` for a tier without deals), and how many deals each holds.
    pub won_rate_by_tier: [Option<f64>; 3],
    pub deals_by_tier: [usize; 3],
}

/// The closed deals with their accounts' components as of 90 days before
/// each close, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    /// Per deal: won, and each component normalised to 0-1.
    deals: Vec<(bool, [f64; 5])>,
    thresholds: Option<(f64, f64)>,
}

impl Backtest {
    /// Scores each deal's account as of 90 days before the close. `alerts`
    /// must reach back that far (`AlertSettings::look_back_days` over every
    /// deal); those dated after a deal's day, or before its look-back, do
    /// not count for it.
    pub fn new(
        report: &ReportTable,
        alerts: &[Alert],
        deals: &[ClosedDeal],
        look_back_days: i64,
        settings: &ScoringSettings,
    ) -> Backtest {
        let mut by_account: Vec<Vec<&Alert>> = vec![Vec::new(); report.rows.len()];
        for alert in alerts {
            if let Some(list) = by_account.get_mut(alert.account) {
                list.push(alert);
            }
        }
        let columns = CompanyColumns::of(report);
        let raw: Vec<(bool, [f64; 5])> = deals
            .iter()
            .filter(|deal| deal.account < report.rows.len())
            .map(|deal| {
                let as_of = deal.close_date - Duration::days(DAYS_BEFORE_CLOSE);
                let since = as_of - Duration::days(look_back_days);
                let mut values = columns.values(report, deal.account);
                for alert in &by_account[deal.account] {
                    if alert.date >= since && alert.date <= as_of {
                        add_alert(&mut values, alert, as_of, settings.half_life_days);
                    }
                }
                (deal.won, values)
            })
            .collect();
        let scales: Vec<f64> = (0..5)
            .map(|at| normalising_scale(raw.iter().map(|(_, values)| values[at])))
            .collect();
        Backtest {
            deals: raw
                .into_iter()
                .map(|(won, values)| {
                    (
                        won,
                        std::array::from_fn(|at| (values[at] / scales[at]).clamp(0.0, 1.0)),
                    )
                })
                .collect(),
            thresholds: settings.temperature_thresholds,
        }
    }

    /// The figures under these weights (the temperature is recomputed from
    /// the stored components: no signal is read again).
    pub fn figures(&self, weights: &[f64; 5]) -> BacktestFigures {
        let total_weight: f64 = weights
            .iter()
            .map(|weight| weight.max(0.0))
            .sum::<f64>()
            .max(f64::EPSILON);
        let temperatures: Vec<f64> = self
            .deals
            .iter()
            .map(|(_, parts)| {
                100.0
                    * parts
                        .iter()
                        .zip(weights)
                        .map(|(part, weight)| part * weight.max(0.0))
                        .sum::<f64>()
                    / total_weight
            })
            .collect();
        let cuts = self.thresholds.unwrap_or_else(|| tier_cuts(&temperatures));
        let mut won_by_tier = [0usize; 3];
        let mut deals_by_tier = [0usize; 3];
        for ((won, _), temperature) in self.deals.iter().zip(&temperatures) {
            let tier = tier_of(*temperature, cuts) as usize;
            deals_by_tier[tier] += 1;
            won_by_tier[tier] += usize::from(*won);
        }
        let outcomes: Vec<bool> = self.deals.iter().map(|(won, _)| *won).collect();
        BacktestFigures {
            deals: self.deals.len(),
            won: outcomes.iter().filter(|won| **won).count(),
            auc: area_under_roc(&temperatures, &outcomes),
            won_rate_by_tier: std::array::from_fn(|tier| {
                (deals_by_tier[tier] > 0)
                    .then(|| won_by_tier[tier] as f64 / deals_by_tier[tier] as f64)
            }),
            deals_by_tier,
        }
    }
}

/// The area under the ROC curve of `scores` for the `positive` ones: the
/// chance that a positive scores above a negative, ties counting half
/// (Mann–Whitney, with average ranks). `None` without both kinds.
pub fn area_under_roc(scores: &[f64], positive: &[bool]) -> Option<f64> {
    let positives = positive.iter().filter(|value| **value).count();
    let negatives = positive.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|a, b| scores[*a].total_cmp(&scores[*b]));
    let mut rank_sum = 0.0;
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        while end + 1 < order.len() && scores[order[end + 1]] == scores[order[start]] {
            end += 1;
        }
        // Ranks start..=end (1-based: +1) share their average.
        let average = (start + end) as f64 / 2.0 + 1.0;
        rank_sum += average
            * order[start..=end]
                .iter()
                .filter(|at| positive[**at])
                .count() as f64;
        start = end + 1;
    }
    let positives = positives as f64;
    Some((rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives as f64))
}

/// Tier names, Low to High, for the `--backtest` JSON.
pub const TIER_NAMES: [Tier; 3] = [Tier::Low, Tier::Medium, Tier::High];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::accounts::report::ReportCell;
    use crate::engine::ingest::read_test_csv;
    use crate::engine::source_kind::SourceKind;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_area_under_the_roc_curve_counts_pairs_ties_half() {
        let won = [false, false, true, true];
        assert_eq!(area_under_roc(&[0.1, 0.4, 0.35, 0.8], &won), Some(0.75));
        assert_eq!(area_under_roc(&[1.0, 2.0, 3.0, 4.0], &won), Some(1.0));
        assert_eq!(area_under_roc(&[4.0, 3.0, 2.0, 1.0], &won), Some(0.0));
        assert_eq!(area_under_roc(&[5.0; 4], &won), Some(0.5));
        assert_eq!(area_under_roc(&[1.0, 2.0], &[true, true]), None);
    }

    #[test]
    fn closed_deals_are_the_won_and_the_lost_with_a_date_and_an_account() {
        let opportunities = read_test_csv(
            "Opportunity ID,Account ID,Amount,Stage,Close Date,Won\n\
             o1,A1,100,Closed Won,2026-05-01,\n\
             o2,A1,50,Closed Lost,2026-05-02,\n\
             o3,A2,70,Negotiation,2026-05-03,false\n\
             o4,A2,80,,2026-05-04,true\n\
             o5,A2,90,Closed Won,,\n\
             o6,A9,10,Closed Won,2026-05-06,\n",
            SourceKind::Opportunities,
        );
        let account_of = |row: usize| match opportunities.text("account_id", row).as_deref() {
            Some("A1") => Some(0),
            Some("A2") => Some(1),
            _ => None,
        };
        let deals = closed_deals(&opportunities, account_of);
        let found: Vec<(usize, bool, Option<f64>)> = deals
            .iter()
            .map(|deal| (deal.account, deal.won, deal.amount))
            .collect();
        // o3 is open, o5 has no close date, o6 no account.
        assert_eq!(
            found,
            [
                (0, true, Some(100.0)),
                (0, false, Some(50.0)),
                (1, true, Some(80.0))
            ]
        );
        assert_eq!(deals[0].close_date, date("2026-05-01"));
    }

    fn signal(account: usize, day: &str) -> Alert {
        Alert {
            date: date(day),
            account,
            alert_type: "web_visit".into(),
            person: String::new(),
            sentence: String::new(),
        }
    }

    #[test]
    fn the_backtest_scores_each_account_as_of_ninety_days_before_the_close() {
        let report = ReportTable {
            columns: vec!["account_name".into(), "connectivity".into()],
            rows: (0..4)
                .map(|at| {
                    vec![
                        ReportCell::Text(format!("A{at}")),
                        ReportCell::Number(Some(1.0)),
                    ]
                })
                .collect(),
        };
        // Deals close on 2026-06-30: scored on 2026-04-01.
        let deal = |account: usize, won: bool| ClosedDeal {
            account,
            close_date: date("2026-06-30"),
            won,
            amount: None,
        };
        let deals = [deal(0, true), deal(1, true), deal(2, false), deal(3, false)];
        let alerts = [
            // The won deals' accounts were visited before the day...
            signal(0, "2026-03-25"),
            signal(1, "2026-03-30"),
            // ...the lost ones' after it (they do not count), or long before
            // the look-back.
            signal(2, "2026-05-10"),
            signal(3, "2025-01-01"),
        ];
        let settings = ScoringSettings::default();
        let backtest = Backtest::new(&report, &alerts, &deals, 365, &settings);
        let figures = backtest.figures(&settings.weights);
        assert_eq!((figures.deals, figures.won), (4, 2));
        assert_eq!(figures.auc, Some(1.0), "{figures:?}");
        // Only the won deals are warm: High wins them all, Low none.
        assert_eq!(figures.won_rate_by_tier[Tier::High as usize], Some(1.0));
        assert_eq!(figures.won_rate_by_tier[Tier::Low as usize], Some(0.0));
        // Without the engagement weight, every account is as warm: a coin.
        let mut weights = settings.weights;
        weights[0] = 0.0;
        assert_eq!(backtest.figures(&weights).auc, Some(0.5));
    }

    /// The demo's deals, with their accounts' report and alerts, as the Lens
    /// page and `sightline lens` read them.
    fn demo_backtest_inputs() -> (ReportTable, Vec<Alert>, Vec<ClosedDeal>) {
        use crate::engine::accounts::alerts::{alerts, AlertInputs, AlertSettings};
        use crate::engine::accounts::enrich::enrich;
        use crate::engine::accounts::personas::sample_personas;
        use crate::engine::accounts::report::account_report;
        use crate::engine::accounts::settings::ReportSettings;
        use crate::engine::demo::{default_as_of, Demo, DemoSize};
        use crate::engine::ingest::{ingest, IngestOptions};
        use crate::engine::matching::outcome::DEFAULT_THRESHOLD;
        let demo = Demo::new(DemoSize::Small, 1, default_as_of());
        let read = |kind| {
            ingest(&demo.render(kind), kind, &IngestOptions::default())
                .unwrap()
                .table
        };
        let (accounts, companies) = (read(SourceKind::Accounts), read(SourceKind::Companies));
        let (people, signals) = (read(SourceKind::People), read(SourceKind::Signals));
        let opportunities = read(SourceKind::Opportunities);
        let enriched = enrich(
            &accounts,
            Some(&companies),
            &people,
            &sample_personas(),
            DEFAULT_THRESHOLD,
        );
        let signals = enriched.place(&signals, Some(&companies), &accounts, DEFAULT_THRESHOLD);
        let (outcomes, people, enrichment) =
            (&enriched.outcomes, &enriched.people, &enriched.enrichment);
        let report = account_report(
            &accounts,
            "Account ID",
            &companies,
            outcomes,
            enrichment,
            &ReportSettings {
                sizing_persona: 0,
                price: 1.0,
            },
        );
        let inputs = AlertInputs {
            accounts: &accounts,
            companies: Some((&companies, outcomes)),
            people: Some(&people.table),
            signals: Some(&signals.table),
        };
        let settings = AlertSettings::default();
        let deals = closed_deals_at_accounts(&opportunities, &accounts, DEFAULT_THRESHOLD);
        let settings = AlertSettings {
            look_back_days: alerts_reach(&deals, default_as_of(), settings.look_back_days),
            ..settings
        };
        let found = alerts(&inputs, default_as_of(), &settings);
        (report, found, deals)
    }

    #[test]
    fn on_the_demo_the_learned_prize_errs_less_than_lam_on_held_out_accounts() {
        use crate::engine::accounts::personas::sample_personas;
        use crate::engine::accounts::prize_model::{fit, won_per_year, PrizeFit};
        let (report, _, deals) = demo_backtest_inputs();
        let won = won_per_year(&deals, report.rows.len());
        let sizing = sample_personas()[0].name.clone();
        let PrizeFit::Fitted(model) = fit(&report, &won, Some(&sizing)) else {
            panic!("the demo has enough won deals");
        };
        let lam = model.lam_holdout_error.expect("lam's error");
        assert!(
            model.holdout_error < lam,
            "learned {:.3} against lam {lam:.3} over {} accounts",
            model.holdout_error,
            model.accounts
        );
    }

    #[test]
    fn on_the_demo_the_temperature_tells_won_from_lost_as_no_shuffle_does() {
        let (report, found, deals) = demo_backtest_inputs();
        let settings = ScoringSettings::default();
        let look_back = crate::engine::accounts::alerts::AlertSettings::default().look_back_days;
        let auc = |deals: &[ClosedDeal]| {
            Backtest::new(&report, &found, deals, look_back, &settings)
                .figures(&settings.weights)
                .auc
                .unwrap()
        };
        let actual = auc(&deals);
        assert!(deals.len() > 50, "{} closed deals", deals.len());
        // The same deals with their outcomes shuffled, 200 times.
        let mut rng = crate::engine::rng::Rng::new(11, 0);
        let mut shuffled = deals.clone();
        let best_shuffle = (0..200)
            .map(|_| {
                let mut outcomes: Vec<bool> = deals.iter().map(|deal| deal.won).collect();
                for at in (1..outcomes.len()).rev() {
                    outcomes.swap(at, rng.below(at as u64 + 1) as usize);
                }
                for (deal, won) in shuffled.iter_mut().zip(outcomes) {
                    deal.won = won;
                }
                auc(&shuffled)
            })
            .fold(0.0, f64::max);
        assert!(
            actual > 0.65 && actual > best_shuffle,
            "AUC {actual:.3}, best of 200 shuffles {best_shuffle:.3}"
        );
        // A weight change moves the figure: without engagement, less is told.
        let mut weights = settings.weights;
        weights[0] = 0.0;
        let without = Backtest::new(&report, &found, &deals, look_back, &settings)
            .figures(&weights)
            .auc
            .unwrap();
        assert!(
            without < actual,
            "{without:.3} without engagement, {actual:.3} with"
        );
    }
}
