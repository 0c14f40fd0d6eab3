//! Alerts (`docs/accounts.md`): the right trigger at the right account at the
//! right time — active signals from the signals dataset, decision-maker moves
//! derived from people, and passive signals from the accounts' own dates.
//!
//! Days are UTC calendar days (a signal's timestamp is read in UTC). A derived
//! and a signalled move are the same alert when they fall on the same day at
//! the same account and the signal's `person` is the person's `person_id`
//! (the people file carries no names).

use crate::engine::export::{Export, ExportError, ExportFormat, Exported};
use crate::engine::ingest::table::Table;
use crate::engine::matching::outcome::Outcome;
use chrono::{Duration, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The signals `docs/inputs.md` names; any other is a custom signal.
pub const SIGNALS: [&str; 9] = [
    "decision_maker_move",
    "seat_holder_move",
    "whitepaper_download",
    "contact_request",
    "web_visit",
    "product_purchase",
    "email_opened",
    "status_update",
    "profile_change",
];

/// A signal's alert type: a standard name in any spelling (`Web Visit` →
/// `web_visit`), else the custom name as written.
pub fn signal_name(written: &str) -> String {
    let token = crate::engine::ingest::values::normalize_token(written);
    if SIGNALS.contains(&token.as_str()) {
        token
    } else {
        written.trim().to_string()
    }
}

/// The canonical seniorities that make a decision maker (`docs/inputs.md`).
pub const DECISION_MAKERS: [&str; 5] = ["Director", "VP", "CXO", "Owner", "Partner"];

/// Look-back windows and thresholds; each a setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertSettings {
    /// Active and derived alerts dated from as-of − this to as-of.
    pub look_back_days: i64,
    /// `no_product_use`: last product use more than this many days before as-of.
    pub no_product_use_days: i64,
    /// `not_contacted`: last activity more than this many days before as-of.
    pub not_contacted_days: i64,
    /// `renewal_due`: renewal from as-of to this many days after it.
    pub renewal_within_days: i64,
}

/// The longest window any alert setting may name: a century of days.
const MOST_DAYS: i64 = 36_525;

impl AlertSettings {
    /// The settings with every window between 0 and [`MOST_DAYS`] (saved
    /// settings, or a restored backup's, may hold anything).
    pub fn within_range(&self) -> AlertSettings {
        let days = |value: i64| value.clamp(0, MOST_DAYS);
        AlertSettings {
            look_back_days: days(self.look_back_days),
            no_product_use_days: days(self.no_product_use_days),
            not_contacted_days: days(self.not_contacted_days),
            renewal_within_days: days(self.renewal_within_days),
        }
    }
}

impl Default for AlertSettings {
    fn default() -> AlertSettings {
        AlertSettings {
            look_back_days: 90,
            no_product_use_days: 14,
            not_contacted_days: 90,
            renewal_within_days: 90,
        }
    }
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub date: NaiveDate,
    /// The account's row in the accounts table.
    pub account: usize,
    pub alert_type: String,
    pub person: String,
    pub sentence: String,
}

/// What the alerts are computed from; every source but the accounts optional.
pub struct AlertInputs<'a> {
    pub accounts: &'a Table,
    /// The companies and each account's outcome, to reach accounts from
    /// companies (signals by company id, people).
    pub companies: Option<(&'a Table, &'a [Outcome])>,
    pub people: Option<&'a Table>,
    pub signals: Option<&'a Table>,
}

fn day(date: NaiveDate) -> String {
    date.format("%b %-d").to_string()
}

/// A signal's words in a sentence (written into one string: a million
/// signals make as many sentences). `day_text` is the date as [`day`] writes it.
fn signal_sentence(
    signal: &str,
    person: &str,
    detail: &str,
    account: &str,
    day_text: &str,
) -> String {
    use std::fmt::Write;
    let who = if person.is_empty() { "Someone" } else { person };
    let mut sentence = String::with_capacity(48 + who.len() + account.len() + detail.len());
    let _ = match signal {
        "decision_maker_move" => write!(sentence, "{who}, a decision maker, moved (at {account})"),
        "seat_holder_move" => write!(sentence, "{who}, a seat holder, moved (at {account})"),
        "whitepaper_download" => write!(sentence, "{who} at {account} downloaded a whitepaper"),
        "contact_request" => write!(sentence, "{who} at {account} asked to be contacted"),
        "web_visit" => write!(sentence, "{who} at {account} visited the website"),
        "product_purchase" => write!(sentence, "{who} at {account} bought a product"),
        "email_opened" => write!(sentence, "{who} at {account} opened a marketing email"),
        "status_update" => write!(sentence, "{who} at {account} posted a status update"),
        "profile_change" => write!(sentence, "{who} at {account} changed their profile"),
        custom => write!(sentence, "{custom} at {account}, {who}"),
    };
    if !detail.is_empty() {
        let _ = write!(sentence, " ({detail})");
    }
    let _ = write!(sentence, " on {day_text}");
    sentence
}

/// Every alert, newest first (then by account, type and person).
pub fn alerts(inputs: &AlertInputs<'_>, as_of: NaiveDate, settings: &AlertSettings) -> Vec<Alert> {
    let settings = &settings.within_range();
    let accounts = inputs.accounts;
    let window_start = as_of - Duration::days(settings.look_back_days);
    let in_window = |date: NaiveDate| date >= window_start && date <= as_of;
    // Each account's name, read once (a million signals name accounts often).
    let names: Vec<String> = (0..accounts.rows)
        .map(|row| accounts.text("name", row).unwrap_or_default())
        .collect();
    let account_name = |row: usize| names[row].clone();
    let account_rows: FxHashMap<String, usize> = (0..accounts.rows)
        .filter_map(|row| Some((accounts.text("account_id", row)?, row)))
        .collect();
    // The accounts matched (accepted or confirmed) to each company id.
    let mut accounts_of_company: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    if let Some((companies, outcomes)) = inputs.companies {
        for (row, outcome) in outcomes.iter().enumerate() {
            if let Some(company) = outcome.company.filter(|_| outcome.status.is_matched()) {
                if let Some(id) = companies.text("company_id", company as usize) {
                    accounts_of_company.entry(id).or_default().push(row);
                }
            }
        }
    }
    let mut found: Vec<Alert> = Vec::new();

    if let Some(signals) = inputs.signals {
        // Ids and signal names repeat: each distinct one is looked up once.
        let codes = |field: &str| match signals.column(field) {
            Some(crate::engine::ingest::table::Column::Label(codes)) => Some(codes.as_slice()),
            _ => None,
        };
        let (account_codes, company_codes, signal_codes) =
            (codes("account_id"), codes("company_id"), codes("signal"));
        let mut targets_of: FxHashMap<(u32, u32), Vec<usize>> = FxHashMap::default();
        let mut signal_names: FxHashMap<u32, String> = FxHashMap::default();
        let mut day_texts: FxHashMap<NaiveDate, String> = FxHashMap::default();
        let (person_column, detail_column) = (signals.column("person"), signals.column("detail"));
        let cell = |column: Option<&crate::engine::ingest::table::Column>, row: usize| {
            column
                .and_then(|column| signals.cell_text(column, row))
                .unwrap_or_default()
        };
        let moments: &[i64] = match signals.column("timestamp") {
            Some(crate::engine::ingest::table::Column::Moment(moments)) => moments,
            _ => &[],
        };
        for (row, seconds) in moments.iter().enumerate() {
            let Some(date) = Some(*seconds)
                .filter(|seconds| *seconds != crate::engine::ingest::table::MISSING_MOMENT)
                .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
                .map(|moment| moment.date_naive())
                .filter(|date| in_window(*date))
            else {
                continue;
            };
            let code = |column: Option<&[u32]>| column.map_or(0, |codes| codes[row]);
            let key = (code(account_codes), code(company_codes));
            let targets = targets_of.entry(key).or_insert_with(|| {
                let text =
                    |code: u32| Some(signals.pool.get(code).to_string()).filter(|_| code != 0);
                match text(key.0).and_then(|id| account_rows.get(&id).copied()) {
                    Some(account) => vec![account],
                    None => text(key.1)
                        .and_then(|id| accounts_of_company.get(&id).cloned())
                        .unwrap_or_default(),
                }
            });
            if targets.is_empty() {
                continue;
            }
            let signal = signal_names
                .entry(code(signal_codes))
                .or_insert_with_key(|code| signal_name(signals.pool.get(*code)));
            let person = cell(person_column, row);
            let detail = cell(detail_column, row);
            let day_text = day_texts.entry(date).or_insert_with(|| day(date));
            for &account in targets.iter() {
                found.push(Alert {
                    date,
                    account,
                    sentence: signal_sentence(signal, &person, &detail, &names[account], day_text),
                    alert_type: signal.clone(),
                    person: person.clone(),
                });
            }
        }
    }

    if let (Some(people), Some((companies, _))) = (inputs.people, inputs.companies) {
        let company_names: FxHashMap<String, String> = (0..companies.rows)
            .filter_map(|row| {
                Some((
                    companies.text("company_id", row)?,
                    companies.text("name", row).unwrap_or_default(),
                ))
            })
            .collect();
        // The signalled moves: a derived move of the same person, same day,
        // same account is the same alert.
        let signalled: rustc_hash::FxHashSet<(usize, NaiveDate, String)> = found
            .iter()
            .filter(|alert| alert.alert_type == "decision_maker_move")
            .map(|alert| (alert.account, alert.date, alert.person.clone()))
            .collect();
        for row in 0..people.rows {
            let Some(started) = people
                .date("started_at", row)
                .filter(|date| in_window(*date))
            else {
                continue;
            };
            let seniority = people.text("seniority", row).unwrap_or_default();
            if !DECISION_MAKERS.contains(&seniority.as_str()) {
                continue;
            }
            let (Some(company), Some(previous)) = (
                people.text("company_id", row),
                people.text("previous_company_id", row),
            ) else {
                continue;
            };
            if previous.trim().is_empty() || previous == company {
                continue;
            }
            let Some(targets) = accounts_of_company.get(&company) else {
                continue;
            };
            let person = people.text("person_id", row).unwrap_or_default();
            let title = people
                .text("title", row)
                .filter(|title| !title.is_empty())
                .unwrap_or(seniority.clone());
            let from = company_names
                .get(&previous)
                .cloned()
                .unwrap_or(previous.clone());
            for &account in targets {
                if signalled.contains(&(account, started, person.clone())) {
                    continue;
                }
                found.push(Alert {
                    date: started,
                    account,
                    alert_type: "decision_maker_move".to_string(),
                    sentence: format!(
                        "{person}, a {title} at {}, joined on {} from {from}",
                        company_names
                            .get(&company)
                            .cloned()
                            .unwrap_or_else(|| account_name(account)),
                        day(started)
                    ),
                    person: person.clone(),
                });
            }
        }
    }

    for account in 0..accounts.rows {
        let name = account_name(account);
        let mut passive = |alert_type: &str, sentence: String| {
            found.push(Alert {
                date: as_of,
                account,
                alert_type: alert_type.to_string(),
                person: String::new(),
                sentence,
            });
        };
        if let Some(used) = accounts.date("last_product_use", account) {
            let days = (as_of - used).num_days();
            if days > settings.no_product_use_days {
                passive(
                    "no_product_use",
                    format!(
                        "{name} has not used the product for {days} days (since {})",
                        day(used)
                    ),
                );
            }
        }
        if let Some(contacted) = accounts.date("last_activity", account) {
            let days = (as_of - contacted).num_days();
            if days > settings.not_contacted_days {
                passive(
                    "not_contacted",
                    format!(
                        "{name} has not been contacted for {days} days (since {})",
                        day(contacted)
                    ),
                );
            }
        }
        if let Some(renewal) = accounts.date("renewal_date", account) {
            let days = (renewal - as_of).num_days();
            if (0..=settings.renewal_within_days).contains(&days) {
                passive(
                    "renewal_due",
                    format!("{name} renews in {days} days, on {}", day(renewal)),
                );
            }
        }
    }
    // Sorted through their positions: moving the alerts themselves about is
    // most of the work at a million signals. Ties keep the order found.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (first, second) = (&found[a], &found[b]);
        second
            .date
            .cmp(&first.date)
            .then(first.account.cmp(&second.account))
            .then_with(|| first.alert_type.cmp(&second.alert_type))
            .then_with(|| first.person.cmp(&second.person))
            .then(a.cmp(&b))
    });
    let mut slots: Vec<Option<Alert>> = found.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|at| slots[at].take())
        .collect()
}

/// The as-of date the command line uses without `--as-of`: the latest day
/// in the signals, if any.
pub fn latest_signal_day(signals: &Table) -> Option<NaiveDate> {
    (0..signals.rows)
        .filter_map(|row| signals.moment("timestamp", row))
        .max()
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .map(|moment| moment.date_naive())
}

/// The alerts file of `docs/command-line.md`: `date,account_id,account_name,owner,alert_type,person,sentence`.
pub fn alerts_file(
    accounts: &Table,
    alerts: &[Alert],
    format: ExportFormat,
) -> Result<Exported, ExportError> {
    let mut export = Export::new(
        format,
        &[
            "date",
            "account_id",
            "account_name",
            "owner",
            "alert_type",
            "person",
            "sentence",
        ],
    );
    let columns = ["account_id", "name", "owner"].map(|field| accounts.column(field));
    for alert in alerts {
        let [id, name, owner] = columns.map(|column| {
            column
                .and_then(|column| accounts.cell_text(column, alert.account))
                .unwrap_or_default()
        });
        let date = alert.date.format("%Y-%m-%d").to_string();
        export.text_row([
            date.as_str(),
            &id,
            &name,
            &owner,
            &alert.alert_type,
            &alert.person,
            &alert.sentence,
        ]);
    }
    export.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::read_test_csv;
    use crate::engine::matching::match_without_review;
    use crate::engine::source_kind::SourceKind;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
    }

    fn kinds(alerts: &[Alert], account: usize) -> Vec<String> {
        let mut kinds: Vec<String> = alerts
            .iter()
            .filter(|alert| alert.account == account)
            .map(|alert| alert.alert_type.clone())
            .collect();
        kinds.sort();
        kinds
    }

    #[test]
    fn passive_alerts_at_their_boundaries() {
        // As of Nov 15: 14 days of silence (Nov 1) vs 15 (Oct 31); renewal in 90
        // days (Feb 13) vs 91 (Feb 14); last contact 90 vs 91 days ago.
        let accounts = read_test_csv(
            "Account ID,Account Name,Last Product Use,Renewal Date,Last Activity\n\
             A1,Fourteen,2026-11-01,2027-02-13,2026-08-17\n\
             A2,Fifteen,2026-10-31,2027-02-14,2026-08-16\n\
             A3,Past renewal,,2026-11-14,\n\
             A4,Renews today,,2026-11-15,\n",
            SourceKind::Accounts,
        );
        let inputs = AlertInputs {
            accounts: &accounts,
            companies: None,
            people: None,
            signals: None,
        };
        let alerts = alerts(&inputs, as_of(), &AlertSettings::default());
        assert_eq!(
            kinds(&alerts, 0),
            ["renewal_due"],
            "14 days of silence, contact 90 days ago: no alert"
        );
        assert_eq!(
            kinds(&alerts, 1),
            ["no_product_use", "not_contacted"],
            "15 and 91 days; renewal in 91 days: none"
        );
        assert!(kinds(&alerts, 2).is_empty(), "a renewal already past");
        assert_eq!(kinds(&alerts, 3), ["renewal_due"]);
        assert!(
            alerts.iter().all(|alert| alert.date == as_of()),
            "passive alerts are dated as-of"
        );
    }

    #[test]
    fn moves_from_people_and_signals() {
        let accounts = read_test_csv(
            "Account ID,Account Name,Website\nA1,Acme Corp,acme.com\nA2,Globex,globex.com\n",
            SourceKind::Accounts,
        );
        let companies = read_test_csv(
            "Company ID,Company Name,Website\nC1,Acme Corporation,acme.com\nC2,Globex Inc,globex.com\nC9,Initech,initech.com\n",
            SourceKind::Companies,
        );
        let mut matcher = crate::engine::matching::matcher::Matcher::build(&companies);
        let outcomes =
            match_without_review(&mut matcher, &accounts, &companies, Default::default());
        let people = read_test_csv(
            "Person ID,Company ID,Title,Seniority,Start Date,Previous Company ID\n\
             p1,C1,VP Engineering,VP,2026-08-17,C9\n\
             p2,C1,Head of Sales,Director,2026-08-16,C9\n\
             p3,C1,Software Engineer,Senior,2026-11-01,C9\n\
             p4,C2,CFO,CXO,2026-10-01,\n\
             p5,C2,Director of IT,Director,2026-10-02,C2\n\
             p6,C2,Founder,Owner,2026-11-10,C9\n",
            SourceKind::People,
        );
        let signals = read_test_csv(
            "Timestamp,Company ID,Account ID,Signal,Person,Detail\n\
             2026-11-10T09:00:00Z,C2,,decision_maker_move,p6,\n\
             2026-11-12T10:00:00Z,,A1,Whitepaper Download,Jane Doe,Cloud guide\n\
             2026-08-16T10:00:00Z,,A1,web_visit,,\n\
             2026-11-13T10:00:00Z,,A2,Webinar Attended,Bo,\n",
            SourceKind::Signals,
        );
        let inputs = AlertInputs {
            accounts: &accounts,
            companies: Some((&companies, &outcomes)),
            people: Some(&people),
            signals: Some(&signals),
        };
        let alerts = alerts(&inputs, as_of(), &AlertSettings::default());
        let moves: Vec<(&str, usize)> = alerts
            .iter()
            .filter(|alert| alert.alert_type == "decision_maker_move")
            .map(|alert| (alert.person.as_str(), alert.account))
            .collect();
        // p1 moved 90 days ago (in), p2 91 days ago (out), p3 is no decision
        // maker, p4 has no previous company, p5 moved within its company, p6's
        // derived and signalled move are one alert.
        assert_eq!(moves, [("p6", 1), ("p1", 0)]);
        let p1 = alerts.iter().find(|alert| alert.person == "p1").unwrap();
        assert_eq!(
            p1.sentence,
            "p1, a VP Engineering at Acme Corporation, joined on Aug 17 from Initech"
        );
        assert!(alerts
            .iter()
            .any(|alert| alert.alert_type == "whitepaper_download"
                && alert.sentence
                    == "Jane Doe at Acme Corp downloaded a whitepaper (Cloud guide) on Nov 12"));
        assert!(
            !alerts.iter().any(|alert| alert.alert_type == "web_visit"),
            "91 days ago: outside the window"
        );
        assert!(
            alerts
                .iter()
                .any(|alert| alert.alert_type == "Webinar Attended"),
            "a custom signal keeps its name as written"
        );
        assert!(
            alerts.windows(2).all(|pair| pair[0].date >= pair[1].date),
            "newest first"
        );
        assert_eq!(
            latest_signal_day(&signals),
            NaiveDate::from_ymd_opt(2026, 11, 13)
        );
        let csv =
            crate::engine::export::csv_text(alerts_file(&accounts, &alerts, ExportFormat::Comma));
        assert!(csv.starts_with("date,account_id,account_name,owner,alert_type,person,sentence\r\n2026-11-13,A2,Globex,,"));
    }
}
