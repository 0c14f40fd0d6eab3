//! `sightline._engine`: Sightline's engine for Python (`docs/scale-out.md`).
//!
//! Files go in as their bytes and are read by the engine's own reader, so a
//! file means here what it means on the command line and in the page (its
//! headers, synonyms, bad values quarantined); exports come out as the bytes
//! the command line writes. The Python package (`sightline/`) turns Arrow
//! tables, pandas and Polars frames into those bytes and back, and its
//! `sightline.spark` finds the candidates on a Spark cluster by a join
//! ([`company_keys`], [`KeyCounts`], [`account_requests`]), compares them there with
//! [`compare_delivered`] and gathers them with [`finish_match`].
//!
//! Heavy work runs without the GIL.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::{PyBytes, PyDict};
use sightline::engine::accounts::enrich::{count_people_rows, enrich};
use sightline::engine::accounts::personas::{matching_people, Persona};
use sightline::engine::accounts::report::{
    account_report as report_of, salesforce_insert, whitespace as whitespace_of, Enrichment,
    PeopleCounts,
};
use sightline::engine::accounts::settings::{
    parse_price, ReportChoices, ReportSettings, DEFAULT_PRICE,
};
use sightline::engine::export::{ExportFormat, Exported};
use sightline::engine::ingest::table::Table;
use sightline::engine::ingest::{ingest, IngestOptions, Ingested};
use sightline::engine::links::PlacedAt;
use sightline::engine::matching::batch::{
    compare_delivered as compare_delivered_with, compare_rows, decode_compared, encode_compared,
    finish_matching, learn_weights as learn_weights_of, rank_account as rank_account_with,
};
use sightline::engine::matching::candidates::joined;
use sightline::engine::matching::matcher::{Compared, Matcher};
use sightline::engine::matching::model::{MatchModel, FEATURES};
use sightline::engine::matching::outcome::{
    match_export, MatchSummary, Outcome, Thresholds, DEFAULT_REVIEW_FLOOR, DEFAULT_THRESHOLD,
};
use sightline::engine::matching::record::MatchRecord;
use sightline::engine::source_kind::SourceKind;
use sightline::engine::usage::calendar::parse_day;
use sightline::engine::usage::parts::UsagePart;
use sightline::engine::usage::{Controls, RangeRequest, UsageIndex, UsageInputs, Zone};
use std::sync::Arc;

fn value_error(error: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(error.to_string())
}

/// A file read by the engine: its table and what was quarantined.
#[pyclass(frozen, module = "sightline._engine")]
struct Dataset {
    read: Arc<Ingested>,
    kind: SourceKind,
}

#[pymethods]
impl Dataset {
    /// Reads a file's bytes as `kind` (`accounts`, `companies`, `people`,
    /// `seats`, `activity`, `signals`, `opportunities`).
    #[new]
    fn new(py: Python<'_>, data: &[u8], kind: &str) -> PyResult<Dataset> {
        let kind: SourceKind = kind.parse().map_err(value_error)?;
        let read = py
            .allow_threads(|| ingest(data, kind, &IngestOptions::default()))
            .map_err(value_error)?;
        Ok(Dataset {
            read: Arc::new(read),
            kind,
        })
    }

    /// Rows read (the quarantined ones excluded).
    #[getter]
    fn rows(&self) -> usize {
        self.read.table.rows
    }

    #[getter]
    fn kind(&self) -> &'static str {
        self.kind.as_str()
    }

    /// Rows set aside as unreadable.
    #[getter]
    fn quarantined(&self) -> usize {
        self.read.report.quarantined.len()
    }

    /// The file's own header of a field (`account_id` → `Account ID`).
    fn source_header(&self, field: &str) -> String {
        self.read.report.source_header(field)
    }

    fn __repr__(&self) -> String {
        format!("<Dataset {}: {} rows>", self.kind, self.read.table.rows)
    }
}

fn of_kind(dataset: &Dataset, kind: SourceKind) -> PyResult<()> {
    if dataset.kind == kind {
        Ok(())
    } else {
        Err(value_error(format!(
            "expected a dataset of {kind}, not of {}",
            dataset.kind
        )))
    }
}

/// The company database indexed for matching, as every worker of a cluster
/// builds it (the same on each).
#[pyclass(module = "sightline._engine")]
struct CompanyIndex {
    companies: Arc<Ingested>,
    matcher: Matcher,
}

#[pymethods]
impl CompanyIndex {
    #[new]
    fn new(py: Python<'_>, companies: &Dataset) -> PyResult<CompanyIndex> {
        of_kind(companies, SourceKind::Companies)?;
        let read = Arc::clone(&companies.read);
        let matcher = py.allow_threads(|| Matcher::build(&read.table));
        Ok(CompanyIndex {
            companies: read,
            matcher,
        })
    }

    #[getter]
    fn companies(&self) -> usize {
        self.companies.table.rows
    }
}

/// Match scores as Python gives them (any integer), checked to be 1 to 5.
fn thresholds(threshold: i64, review_floor: i64) -> PyResult<Thresholds> {
    let score = |name: &str, score: i64| {
        u8::try_from(score)
            .ok()
            .filter(|score| (1..=5).contains(score))
            .ok_or_else(|| {
                value_error(format!(
                    "{name} must be a match score from 1 to 5, not {score}"
                ))
            })
    };
    Ok(Thresholds {
        accept: score("threshold", threshold)?,
        review_floor: score("review_floor", review_floor)?,
    })
}

/// The match export (CSV, or a workbook with `excel`) and its summary.
fn export_and_summary<'py>(
    py: Python<'py>,
    accounts: &Ingested,
    companies: &Ingested,
    outcomes: &[Outcome],
    excel: bool,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyDict>)> {
    let format = export_format(excel);
    let id_header = accounts.report.source_header("account_id");
    let bytes = py
        .allow_threads(|| {
            match_export(
                &accounts.table,
                &id_header,
                &companies.table,
                outcomes,
                |_| true,
                format,
            )
            .and_then(Exported::into_bytes)
        })
        .map_err(value_error)?;
    let summary = MatchSummary::of(outcomes);
    let counts = PyDict::new(py);
    counts.set_item("accounts", summary.accounts)?;
    counts.set_item("accepted", summary.accepted)?;
    counts.set_item("review", summary.review)?;
    counts.set_item("unmatched", summary.unmatched)?;
    counts.set_item("possible_duplicates", summary.possible_duplicates)?;
    Ok((PyBytes::new(py, &bytes), counts))
}

/// Matches every account on this machine, as `sightline match` does: the
/// export's bytes and the summary's counts.
#[pyfunction]
#[pyo3(signature = (accounts, companies, threshold = i64::from(DEFAULT_THRESHOLD), review_floor = i64::from(DEFAULT_REVIEW_FLOOR), excel = false))]
fn match_accounts<'py>(
    py: Python<'py>,
    accounts: &Dataset,
    companies: &Dataset,
    threshold: i64,
    review_floor: i64,
    excel: bool,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyDict>)> {
    of_kind(accounts, SourceKind::Accounts)?;
    of_kind(companies, SourceKind::Companies)?;
    let thresholds = thresholds(threshold, review_floor)?;
    let outcomes = py.allow_threads(|| {
        sightline::engine::matching::match_without_review(
            &mut Matcher::build(&companies.read.table),
            &accounts.read.table,
            &companies.read.table,
            thresholds,
        )
    });
    export_and_summary(py, &accounts.read, &companies.read, &outcomes, excel)
}

/// Compares the accounts of `rows` with their candidates: each account's
/// compared candidates as bytes, in the order of `rows` (a cluster's
/// workers do this, each for its rows).
#[pyfunction]
fn compare<'py>(
    py: Python<'py>,
    index: &CompanyIndex,
    accounts: &Dataset,
    rows: Vec<usize>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    of_kind(accounts, SourceKind::Accounts)?;
    if let Some(row) = rows.iter().find(|row| **row >= accounts.read.table.rows) {
        return Err(value_error(format!(
            "row {row} is past the accounts' {} rows",
            accounts.read.table.rows
        )));
    }
    let compared = py.allow_threads(|| {
        compare_rows(
            &index.matcher,
            &accounts.read.table,
            &index.companies.table,
            &rows,
        )
    });
    Ok(compared_bytes(py, &compared))
}

/// Each account's compared candidates as the bytes that carry them.
fn compared_bytes<'py>(py: Python<'py>, compared: &[Compared]) -> Vec<Bound<'py, PyBytes>> {
    compared
        .iter()
        .map(|candidates| PyBytes::new(py, &encode_compared(candidates)))
        .collect()
}

/// Every account's compared candidates (`compared[i]` is account row `i`'s,
/// as [`compare`] gave them against `companies`) finished into the match
/// export and its summary: the weights learnt on them, the candidates
/// ranked, the outcomes. No company index is needed for it.
#[pyfunction]
#[pyo3(signature = (companies, accounts, compared, threshold = i64::from(DEFAULT_THRESHOLD), review_floor = i64::from(DEFAULT_REVIEW_FLOOR), excel = false))]
fn finish_match<'py>(
    py: Python<'py>,
    companies: &Dataset,
    accounts: &Dataset,
    compared: Vec<PyBackedBytes>,
    threshold: i64,
    review_floor: i64,
    excel: bool,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyDict>)> {
    of_kind(accounts, SourceKind::Accounts)?;
    of_kind(companies, SourceKind::Companies)?;
    let thresholds = thresholds(threshold, review_floor)?;
    let companies = &companies.read;
    let outcomes = py.allow_threads(|| {
        let compared = decode_all(&compared, accounts.read.table.rows, companies.table.rows)?;
        Ok::<_, String>(finish_matching(
            &mut Matcher::default(),
            &compared,
            &accounts.read.table,
            &companies.table,
            thresholds,
        ))
    });
    let outcomes = outcomes.map_err(value_error)?;
    export_and_summary(py, &accounts.read, companies, &outcomes, excel)
}

/// Every account's compared candidates, one per account, as [`compare`]
/// wrote them against `companies` rows; damage is an error.
fn decode_all(
    compared: &[PyBackedBytes],
    accounts: usize,
    companies: usize,
) -> Result<Vec<Compared>, String> {
    if compared.len() != accounts {
        return Err(format!(
            "{} accounts' comparisons for {accounts} accounts",
            compared.len(),
        ));
    }
    compared
        .iter()
        .map(|bytes| decode_compared(bytes, companies))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| error.to_string())
}

/// The weights learnt on every account's compared candidates (as
/// [`compare`] gave them against `companies` rows), as [`finish_match`]
/// learns them: a list of log-odds, to give [`rank_account`] (learnt once on
/// the driver, broadcast to the workers).
#[pyfunction]
fn learn_weights(
    py: Python<'_>,
    compared: Vec<PyBackedBytes>,
    companies: i64,
) -> PyResult<Vec<f64>> {
    let companies = not_negative("companies", companies)?;
    let model = py
        .allow_threads(|| {
            let compared = compared
                .iter()
                .map(|bytes| decode_compared(bytes, companies))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| error.to_string())?;
            Ok::<_, String>(learn_weights_of(&compared))
        })
        .map_err(value_error)?;
    Ok(model.weights.to_vec())
}

/// One account's compared candidates competing under `weights` (from
/// [`learn_weights`]), with "none of them" as one more option: the best
/// and the alternatives, each as (company row, confidence, match score,
/// grade), as the match export ranks them.
#[pyfunction]
fn rank_account(
    weights: Vec<f64>,
    compared: PyBackedBytes,
    companies: i64,
) -> PyResult<Vec<(u32, f64, u8, String)>> {
    let weights: [f64; FEATURES] = weights.try_into().map_err(|weights: Vec<f64>| {
        value_error(format!(
            "{} weights, not the model's {FEATURES}",
            weights.len()
        ))
    })?;
    if weights.iter().any(|weight| !weight.is_finite()) {
        return Err(value_error("a weight is not a finite number"));
    }
    let compared =
        decode_compared(&compared, not_negative("companies", companies)?).map_err(value_error)?;
    Ok(rank_account_with(&MatchModel { weights }, &compared)
        .iter()
        .map(|candidate| {
            (
                candidate.company,
                candidate.confidence(),
                candidate.match_score(),
                candidate.evidence.grade(),
            )
        })
        .collect())
}

/// The report's controls: the range read, the filters.
fn usage_controls(
    range: &str,
    groups: Vec<String>,
    users: Vec<String>,
    purchased_seats: Option<u64>,
) -> PyResult<Controls> {
    let range: RangeRequest = range
        .parse()
        .map_err(|error| value_error(format!("range: {error}")))?;
    Ok(Controls {
        range,
        groups,
        users,
        purchased_seats,
    })
}

/// How the log is read: a hand-set as-of day, the time zone.
fn usage_reading(as_of: Option<&str>, tz: &str) -> PyResult<(Option<i32>, Zone)> {
    let as_of = as_of
        .map(|text| parse_day(text).map_err(|error| value_error(format!("as_of: {error}"))))
        .transpose()?;
    let zone: Zone = tz
        .parse()
        .map_err(|error| value_error(format!("tz: {error}")))?;
    Ok((as_of, zone))
}

/// The usage export (CSV, or a workbook with `excel`) and the team figures'
/// JSON of the index `index` makes, without the GIL.
fn usage_export_of<'py>(
    py: Python<'py>,
    controls: &Controls,
    excel: bool,
    index: impl FnOnce() -> Result<UsageIndex, String> + Send,
) -> PyResult<(Bound<'py, PyBytes>, String)> {
    let (export, summary) = py
        .allow_threads(|| {
            let report = index()?
                .report(controls)
                .map_err(|error| format!("range {}: {error}", controls.range))?;
            let export = report
                .export_file(export_format(excel))
                .and_then(Exported::into_bytes)
                .map_err(|error| error.to_string())?;
            Ok::<_, String>((export, report.summary_json()))
        })
        .map_err(value_error)?;
    Ok((PyBytes::new(py, &export), summary))
}

fn usage_inputs<'a>(
    seats: &'a Dataset,
    activity: &'a Dataset,
    opportunities: Option<&'a Dataset>,
    zone: Zone,
    as_of: Option<i32>,
) -> PyResult<UsageInputs<'a>> {
    of_kind(seats, SourceKind::Seats)?;
    of_kind(activity, SourceKind::Activity)?;
    if let Some(deals) = opportunities {
        of_kind(deals, SourceKind::Opportunities)?;
    }
    Ok(UsageInputs {
        seats: &seats.read.table,
        activity: &activity.read.table,
        opportunities: opportunities.map(|deals| &deals.read.table),
        zone,
        as_of,
    })
}

/// The per-seat usage export (CSV, or a workbook with `excel`) and the team
/// figures as JSON, as `sightline usage` writes them (`docs/usage.md`).
#[pyfunction]
#[pyo3(signature = (seats, activity, range = "last-30", as_of = None, groups = Vec::new(), users = Vec::new(), tz = "UTC", purchased_seats = None, opportunities = None, excel = false))]
#[allow(clippy::too_many_arguments)]
fn usage_report<'py>(
    py: Python<'py>,
    seats: &Dataset,
    activity: &Dataset,
    range: &str,
    as_of: Option<&str>,
    groups: Vec<String>,
    users: Vec<String>,
    tz: &str,
    purchased_seats: Option<u64>,
    opportunities: Option<&Dataset>,
    excel: bool,
) -> PyResult<(Bound<'py, PyBytes>, String)> {
    let controls = usage_controls(range, groups, users, purchased_seats)?;
    let (as_of, zone) = usage_reading(as_of, tz)?;
    let inputs = usage_inputs(seats, activity, opportunities, zone, as_of)?;
    usage_export_of(py, &controls, excel, || {
        UsageIndex::build(inputs).map_err(|error| format!("activity: {error}"))
    })
}

/// The figures and daily tallies of the seats at rows `start..end` of the
/// seats file, the whole log read (`engine::usage::parts`): a part of the
/// usage index as JSON, which a cluster's workers build, each for its seats.
#[pyfunction]
#[pyo3(signature = (seats, activity, start, end, as_of = None, tz = "UTC", opportunities = None))]
#[allow(clippy::too_many_arguments)]
fn usage_part(
    py: Python<'_>,
    seats: &Dataset,
    activity: &Dataset,
    start: i64,
    end: i64,
    as_of: Option<&str>,
    tz: &str,
    opportunities: Option<&Dataset>,
) -> PyResult<String> {
    let (as_of, zone) = usage_reading(as_of, tz)?;
    let inputs = usage_inputs(seats, activity, opportunities, zone, as_of)?;
    let (start, end) = (not_negative("start", start)?, not_negative("end", end)?);
    if start > end || end > seats.read.table.rows {
        return Err(value_error(format!(
            "rows {start} to {end} are not within the seats' {} rows",
            seats.read.table.rows
        )));
    }
    py.allow_threads(|| UsagePart::build(inputs, start..end).map(|part| part.to_json()))
        .map_err(|error| value_error(format!("activity: {error}")))
}

/// [`usage_report`] from the parts of [`usage_part`] that together built
/// every seat once.
#[pyfunction]
#[pyo3(signature = (seats, parts, range = "last-30", groups = Vec::new(), users = Vec::new(), tz = "UTC", purchased_seats = None, excel = false))]
#[allow(clippy::too_many_arguments)]
fn usage_report_of_parts<'py>(
    py: Python<'py>,
    seats: &Dataset,
    parts: Vec<String>,
    range: &str,
    groups: Vec<String>,
    users: Vec<String>,
    tz: &str,
    purchased_seats: Option<u64>,
    excel: bool,
) -> PyResult<(Bound<'py, PyBytes>, String)> {
    of_kind(seats, SourceKind::Seats)?;
    let controls = usage_controls(range, groups, users, purchased_seats)?;
    let (_, zone) = usage_reading(None, tz)?;
    usage_export_of(py, &controls, excel, || {
        let parts = parts
            .iter()
            .map(|json| UsagePart::from_json(json))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| error.to_string())?;
        UsageIndex::from_parts(&seats.read.table, zone, &parts).map_err(|error| error.to_string())
    })
}

/// The personas of a personas file's JSON (`docs/command-line.md`), or the
/// default persona.
fn personas_of(json: Option<&str>) -> PyResult<Vec<Persona>> {
    let Some(json) = json else {
        return Ok(vec![Persona::default_persona()]);
    };
    let personas: Vec<Persona> = serde_json::from_str(json)
        .map_err(|error| value_error(format!("not a personas file: {error}")))?;
    if personas.is_empty() {
        return Err(value_error("no persona in the personas file"));
    }
    Ok(personas)
}

fn export_format(excel: bool) -> ExportFormat {
    if excel {
        ExportFormat::Excel
    } else {
        ExportFormat::Comma
    }
}

/// What an accounts export is: `None` for the report, `Some(as_insert)`
/// for the whitespace (a Salesforce insert, or the plain file).
fn accounts_kind(kind: &str, companies: bool, excel: bool) -> PyResult<Option<bool>> {
    let whitespace = match kind {
        "report" => None,
        "whitespace" => Some(false),
        "whitespace-salesforce-insert" => Some(true),
        _ => {
            return Err(value_error(format!(
                "kind must be report, whitespace or whitespace-salesforce-insert, not '{kind}'"
            )))
        }
    };
    if whitespace.is_some() && !companies {
        return Err(value_error("the whitespace needs a company database"));
    }
    if whitespace == Some(true) && excel {
        return Err(value_error(
            "a Salesforce insert is a CRM import file, which is CSV",
        ));
    }
    Ok(whitespace)
}

/// The report's choices, checked: the personas, which one sizes the prize,
/// the price, the accept threshold.
struct ReportOptions {
    personas: Vec<Persona>,
    sizing_persona: usize,
    price: f64,
    threshold: u8,
}

fn report_options(
    personas: Option<&str>,
    sizing_persona: Option<String>,
    price: Option<f64>,
    threshold: i64,
) -> PyResult<ReportOptions> {
    let threshold = thresholds(threshold, threshold)?.accept;
    let personas = personas_of(personas)?;
    let sizing_persona = ReportChoices {
        sizing_persona: sizing_persona.unwrap_or_default(),
        ..ReportChoices::default()
    }
    .sizing_persona(&personas)
    .map_err(|error| value_error(format!("sizing_persona: {error}")))?;
    let price = match price {
        Some(price) => parse_price(&price.to_string())
            .map_err(|error| value_error(format!("price: {error}")))?,
        None => DEFAULT_PRICE,
    };
    Ok(ReportOptions {
        personas,
        sizing_persona,
        price,
        threshold,
    })
}

/// The report's or the whitespace's bytes, from the matches and the counts.
fn write_accounts_export(
    whitespace: Option<bool>,
    accounts: &Ingested,
    companies: Option<&Table>,
    outcomes: &[Outcome],
    enrichment: &Enrichment,
    options: &ReportOptions,
    excel: bool,
) -> Result<Vec<u8>, String> {
    let empty = Table::default();
    let companies = companies.unwrap_or(&empty);
    let table = match whitespace {
        Some(as_insert) => {
            let table = whitespace_of(companies, outcomes, enrichment, options.sizing_persona);
            match as_insert {
                true => salesforce_insert(&table, &enrichment.personas),
                false => table,
            }
        }
        None => report_of(
            &accounts.table,
            &accounts.report.source_header("account_id"),
            companies,
            outcomes,
            enrichment,
            &ReportSettings {
                sizing_persona: options.sizing_persona,
                price: options.price,
            },
        ),
    };
    table
        .to_file(export_format(excel))
        .and_then(Exported::into_bytes)
        .map_err(|error| error.to_string())
}

/// The account report (`kind = "report"`, as `sightline enrich` writes it)
/// or the whitespace (`whitespace`, `whitespace-salesforce-insert`, as
/// `sightline whitespace` writes it), made on this machine as they do:
/// the accounts matched, the people placed, the personas counted.
#[pyfunction]
#[pyo3(signature = (kind, accounts, people, companies = None, personas = None, sizing_persona = None, price = None, threshold = i64::from(DEFAULT_THRESHOLD), excel = false))]
#[allow(clippy::too_many_arguments)]
fn accounts_export<'py>(
    py: Python<'py>,
    kind: &str,
    accounts: &Dataset,
    people: &Dataset,
    companies: Option<&Dataset>,
    personas: Option<&str>,
    sizing_persona: Option<String>,
    price: Option<f64>,
    threshold: i64,
    excel: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    of_kind(accounts, SourceKind::Accounts)?;
    of_kind(people, SourceKind::People)?;
    if let Some(companies) = companies {
        of_kind(companies, SourceKind::Companies)?;
    }
    let whitespace = accounts_kind(kind, companies.is_some(), excel)?;
    let options = report_options(personas, sizing_persona, price, threshold)?;
    let bytes = py
        .allow_threads(|| {
            let companies = companies.map(|companies| &companies.read.table);
            let enriched = enrich(
                &accounts.read.table,
                companies,
                &people.read.table,
                &options.personas,
                options.threshold,
            );
            write_accounts_export(
                whitespace,
                &accounts.read,
                companies,
                &enriched.outcomes,
                &enriched.enrichment,
                &options,
                excel,
            )
        })
        .map_err(value_error)?;
    Ok(PyBytes::new(py, &bytes))
}

/// The report's options checked as [`accounts_export`] checks them, before a
/// cluster does any work: a mistake is told at once, not after the job.
#[pyfunction]
#[pyo3(signature = (kind, with_companies, personas = None, sizing_persona = None, price = None, threshold = i64::from(DEFAULT_THRESHOLD), excel = false))]
fn check_report_options(
    kind: &str,
    with_companies: bool,
    personas: Option<&str>,
    sizing_persona: Option<String>,
    price: Option<f64>,
    threshold: i64,
    excel: bool,
) -> PyResult<()> {
    accounts_kind(kind, with_companies, excel)?;
    report_options(personas, sizing_persona, price, threshold).map(|_| ())
}

/// The usage options checked as [`usage_report`] checks them.
#[pyfunction]
#[pyo3(signature = (range = "last-30", as_of = None, tz = "UTC"))]
fn check_usage_options(range: &str, as_of: Option<&str>, tz: &str) -> PyResult<()> {
    usage_controls(range, Vec::new(), Vec::new(), None)?;
    usage_reading(as_of, tz).map(|_| ())
}

/// People counts as rows a cluster can add up: `(table, id, measure,
/// count)`, where `table` is `placed` (the id people are placed at) or
/// `account` (placing at companies, an account's own people, by its id),
/// and `measure` is a persona's position, then the connected, then
/// everyone. One row `(by_account_id, "", 0, 1)` says someone was placed at
/// their account by its id, and one `(placed_at, "companies" or "accounts",
/// 0, 1)` where people were placed.
type CountRows = (Vec<String>, Vec<String>, Vec<i64>, Vec<i64>);

const PLACED: &str = "placed";
const AT_ACCOUNT: &str = "account";
const BY_ACCOUNT_ID: &str = "by_account_id";
const PLACED_AT: &str = "placed_at";

fn placed_at_name(placed_at: PlacedAt) -> &'static str {
    match placed_at {
        PlacedAt::Companies => "companies",
        PlacedAt::Accounts => "accounts",
    }
}

/// A count or a position Python gave, which must be 0 or more.
fn not_negative(name: &str, value: i64) -> PyResult<usize> {
    usize::try_from(value)
        .map_err(|_| value_error(format!("{name} must be 0 or more, not {value}")))
}

fn count_rows(counts: &PeopleCounts) -> CountRows {
    let mut rows: CountRows = Default::default();
    let mut push = |table: &str, id: &str, measure: usize, count: u64| {
        rows.0.push(table.to_string());
        rows.1.push(id.to_string());
        rows.2.push(measure as i64);
        rows.3.push(i64::try_from(count).unwrap_or(i64::MAX));
    };
    push(PLACED_AT, placed_at_name(counts.placed_at), 0, 1);
    for (table, by_id) in [(PLACED, &counts.placed), (AT_ACCOUNT, &counts.at_account)] {
        for (id, measures) in by_id {
            for (measure, count) in measures.iter().enumerate() {
                push(table, id, measure, *count);
            }
        }
    }
    if counts.any_at_account {
        push(BY_ACCOUNT_ID, "", 0, 1);
    }
    rows
}

fn counts_of_rows(rows: CountRows, placed_at: PlacedAt, measures: usize) -> PyResult<PeopleCounts> {
    let (tables, ids, at, values) = rows;
    if [ids.len(), at.len(), values.len()] != [tables.len(); 3] {
        return Err(value_error("the counts' four columns differ in length"));
    }
    let mut counts = PeopleCounts {
        placed_at,
        ..PeopleCounts::default()
    };
    for (((table, id), measure), count) in tables.into_iter().zip(ids).zip(at).zip(values) {
        let count = not_negative("a count", count)? as u64;
        let by_id = match table.as_str() {
            PLACED => &mut counts.placed,
            AT_ACCOUNT => &mut counts.at_account,
            BY_ACCOUNT_ID => {
                counts.any_at_account |= count > 0;
                continue;
            }
            PLACED_AT if id == placed_at_name(placed_at) => continue,
            PLACED_AT => {
                return Err(value_error(format!(
                    "the people were counted at {id}, not at {}: count them with the companies' index when there are companies, without one when there are none",
                    placed_at_name(placed_at)
                )))
            }
            other => return Err(value_error(format!("no counts table named '{other}'"))),
        };
        let measure = not_negative("a measure", measure)?;
        if measure >= measures {
            return Err(value_error(format!(
                "measure {measure} of {measures} (each persona, the connected, everyone)"
            )));
        }
        let sums = by_id.entry(id).or_insert_with(|| vec![0; measures]);
        sums[measure] = sums[measure]
            .checked_add(count)
            .ok_or_else(|| value_error("a count too large to add up"))?;
    }
    Ok(counts)
}

/// The people of rows `start..end` placed and counted, as the whole file's
/// report places and counts them ([`CountRows`]; a cluster's workers do
/// this, each for its rows, and add the rows up). `index` is the companies'
/// when there is a company database.
#[pyfunction]
#[pyo3(signature = (people, start, end, accounts, index = None, personas = None, threshold = i64::from(DEFAULT_THRESHOLD)))]
#[allow(clippy::too_many_arguments)]
fn count_people(
    py: Python<'_>,
    people: &Dataset,
    start: i64,
    end: i64,
    accounts: &Dataset,
    index: Option<&CompanyIndex>,
    personas: Option<&str>,
    threshold: i64,
) -> PyResult<CountRows> {
    of_kind(people, SourceKind::People)?;
    of_kind(accounts, SourceKind::Accounts)?;
    let (start, end) = (not_negative("start", start)?, not_negative("end", end)?);
    if start > end || end > people.read.table.rows {
        return Err(value_error(format!(
            "rows {start} to {end} are not within the people's {} rows",
            people.read.table.rows
        )));
    }
    let personas = personas_of(personas)?;
    let threshold = thresholds(threshold, threshold)?.accept;
    Ok(py.allow_threads(|| {
        count_rows(&count_people_rows(
            &people.read.table,
            start..end,
            index.map(|index| &index.companies.table),
            &accounts.read.table,
            &personas,
            threshold,
            index.map(|index| &index.matcher),
        ))
    }))
}

/// [`accounts_export`] from a cluster's work: every account's compared
/// candidates (as [`compare`] gave them, with a company database) and the
/// people's counts added up (as [`count_people`] gave them).
#[pyfunction]
#[pyo3(signature = (kind, accounts, counts, companies = None, compared = None, personas = None, sizing_persona = None, price = None, threshold = i64::from(DEFAULT_THRESHOLD), excel = false))]
#[allow(clippy::too_many_arguments)]
fn accounts_export_of_counts<'py>(
    py: Python<'py>,
    kind: &str,
    accounts: &Dataset,
    counts: CountRows,
    companies: Option<&Dataset>,
    compared: Option<Vec<PyBackedBytes>>,
    personas: Option<&str>,
    sizing_persona: Option<String>,
    price: Option<f64>,
    threshold: i64,
    excel: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    of_kind(accounts, SourceKind::Accounts)?;
    if let Some(companies) = companies {
        of_kind(companies, SourceKind::Companies)?;
    }
    let whitespace = accounts_kind(kind, companies.is_some(), excel)?;
    let options = report_options(personas, sizing_persona, price, threshold)?;
    let companies = companies.map(|companies| &companies.read.table);
    let outcomes = match (companies, compared) {
        (Some(companies), Some(compared)) => py
            .allow_threads(|| {
                let compared = decode_all(&compared, accounts.read.table.rows, companies.rows)?;
                Ok::<_, String>(finish_matching(
                    &mut Matcher::default(),
                    &compared,
                    &accounts.read.table,
                    companies,
                    Thresholds::accepting_at(options.threshold),
                ))
            })
            .map_err(value_error)?,
        (None, None) => vec![Outcome::unmatched(); accounts.read.table.rows],
        (Some(_), None) => return Err(value_error("with companies, give their comparisons")),
        (None, Some(_)) => return Err(value_error("comparisons without their companies")),
    };
    let counts = counts_of_rows(counts, PlacedAt::of(companies), options.personas.len() + 2)?;
    let bytes = py
        .allow_threads(|| {
            let enrichment = Enrichment::of_counts(&options.personas, &counts);
            write_accounts_export(
                whitespace,
                &accounts.read,
                companies,
                &outcomes,
                &enrichment,
                &options,
                excel,
            )
        })
        .map_err(value_error)?;
    Ok(PyBytes::new(py, &bytes))
}

/// Rows `start..end` of a table of `rows` rows, checked.
fn row_range(start: i64, end: i64, rows: usize) -> PyResult<std::ops::Range<usize>> {
    let (start, end) = (not_negative("start", start)?, not_negative("end", end)?);
    if start > end || end > rows {
        return Err(value_error(format!(
            "rows {start} to {end} are not rows of a table of {rows}"
        )));
    }
    Ok(start..end)
}

/// A column as Arrow lays it out, so that a million keys cross into
/// Python as a few buffers rather than a million objects.
mod arrow_layout {
    use super::value_error;
    use pyo3::prelude::*;
    use pyo3::types::PyBytes;

    /// Texts as an Arrow `string` column's buffers: `n + 1` offsets
    /// (little-endian `i32`) and the UTF-8 bytes.
    pub fn texts_out<'py, S: AsRef<str>>(
        py: Python<'py>,
        texts: &[S],
    ) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
        let mut offsets = Vec::with_capacity((texts.len() + 1) * 4);
        let mut data = Vec::new();
        offsets.extend_from_slice(&0i32.to_le_bytes());
        for text in texts {
            data.extend_from_slice(text.as_ref().as_bytes());
            let end = i32::try_from(data.len()).map_err(|_| {
                value_error("more than 2 GB of text in one column: ask for fewer rows at a time")
            })?;
            offsets.extend_from_slice(&end.to_le_bytes());
        }
        Ok((PyBytes::new(py, &offsets), PyBytes::new(py, &data)))
    }

    /// Numbers as an Arrow `int64` column's values buffer.
    pub fn ints_out<'py>(
        py: Python<'py>,
        values: impl Iterator<Item = i64>,
    ) -> Bound<'py, PyBytes> {
        let bytes: Vec<u8> = values.flat_map(i64::to_le_bytes).collect();
        PyBytes::new(py, &bytes)
    }

    /// The texts of an Arrow `string` column's buffers (`offsets` from the
    /// column's first row on); damage is an error, never a panic.
    pub fn texts_in<'a>(name: &str, offsets: &[u8], data: &'a [u8]) -> PyResult<Vec<&'a str>> {
        let damaged = || value_error(format!("the {name} are not an Arrow column of texts"));
        if offsets.len() < 4 || offsets.len() % 4 != 0 {
            return Err(damaged());
        }
        let ends: Vec<usize> = offsets
            .chunks_exact(4)
            .map(|at| i32::from_le_bytes([at[0], at[1], at[2], at[3]]))
            .map(|end| usize::try_from(end).map_err(|_| damaged()))
            .collect::<PyResult<_>>()?;
        // Each text on its own: the bytes between them need not be text.
        ends.windows(2)
            .map(|pair| {
                data.get(pair[0]..pair[1])
                    .and_then(|bytes| std::str::from_utf8(bytes).ok())
                    .ok_or_else(damaged)
            })
            .collect()
    }

    /// The numbers of an Arrow `int64` column's values buffer.
    pub fn ints_in(name: &str, values: &[u8]) -> PyResult<Vec<i64>> {
        if values.len() % 8 != 0 {
            return Err(value_error(format!(
                "the {name} are not an Arrow column of numbers"
            )));
        }
        Ok(values
            .chunks_exact(8)
            .map(|at| i64::from_le_bytes(at.try_into().expect("eight bytes")))
            .collect())
    }
}

/// The keys the companies of rows `start..end` are joined and counted
/// under (`engine::matching::candidates::joined::company_keys`), as the
/// buffers of five Arrow columns (`sightline.company_keys` makes the table):
/// the row, the kind of key (a blocking rule's label, `the same name` or
/// `the same city`),
/// the key, the word's first sighting, and whether the key is counted (a
/// byte). A cluster counts the counted ones by kind and key (the count and
/// the smallest first sighting) for [`KeyCounts`], and joins the accounts'
/// [`account_requests`] with all of them.
#[pyfunction]
fn company_keys<'py>(
    py: Python<'py>,
    companies: &Dataset,
    start: i64,
    end: i64,
) -> PyResult<Bound<'py, PyDict>> {
    of_kind(companies, SourceKind::Companies)?;
    let table = &companies.read.table;
    let rows = row_range(start, end, table.rows)?;
    let (at, keys): (Vec<usize>, Vec<joined::CompanyKey>) = py.allow_threads(|| {
        rows.flat_map(|row| {
            let record = MatchRecord::for_index(table, row);
            joined::company_keys(&record.entity(), row)
                .into_iter()
                .map(move |key| (row, key))
        })
        .unzip()
    });
    let columns = PyDict::new(py);
    columns.set_item("rows", keys.len())?;
    columns.set_item(
        "row",
        arrow_layout::ints_out(py, at.iter().map(|row| *row as i64)),
    )?;
    let kinds: Vec<&str> = keys.iter().map(|key| key.kind.label()).collect();
    columns.set_item("kind", arrow_layout::texts_out(py, &kinds)?)?;
    let texts: Vec<&str> = keys.iter().map(|key| key.key.as_str()).collect();
    columns.set_item("key", arrow_layout::texts_out(py, &texts)?)?;
    columns.set_item(
        "first_seen",
        arrow_layout::ints_out(py, keys.iter().map(|key| key.first_seen as i64)),
    )?;
    let counted: Vec<u8> = keys
        .iter()
        .map(|key| u8::from(key.kind.counted()))
        .collect();
    columns.set_item("counted", PyBytes::new(py, &counted))?;
    Ok(columns)
}

/// How many companies of the whole database are under each key
/// (`engine::matching::candidates::joined::KeyCounts`): what every worker
/// of a join needs, built from the counted keys added up.
#[pyclass(frozen, module = "sightline._engine")]
struct KeyCounts {
    counts: Arc<joined::KeyCounts>,
}

#[pymethods]
impl KeyCounts {
    /// The counts of a database of `companies` companies: for each counted
    /// key, its kind, the key, how many companies are under it and its
    /// smallest first sighting, as the buffers of Arrow columns
    /// (`sightline.key_counts` takes the table).
    #[new]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        companies: i64,
        kind_offsets: &[u8],
        kind_data: &[u8],
        key_offsets: &[u8],
        key_data: &[u8],
        counts: &[u8],
        first_seen: &[u8],
    ) -> PyResult<KeyCounts> {
        let companies = not_negative("the number of companies", companies)?;
        let kinds = arrow_layout::texts_in("kinds", kind_offsets, kind_data)?;
        let keys = arrow_layout::texts_in("keys", key_offsets, key_data)?;
        let counts = arrow_layout::ints_in("counts", counts)?;
        let first_seen = arrow_layout::ints_in("first sightings", first_seen)?;
        let rows = kinds.len();
        if keys.len() != rows || counts.len() != rows || first_seen.len() != rows {
            return Err(value_error(
                "kinds, keys, counts and first sightings must be as many",
            ));
        }
        let number = |name: &str, value: i64| not_negative(name, value).map(|value| value as u64);
        let rows = (0..rows)
            .map(|at| {
                Ok(joined::CountedKey {
                    kind: kinds[at],
                    key: keys[at],
                    companies: number("a count", counts[at])?,
                    first_seen: number("a first sighting", first_seen[at])?,
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let counted = py.allow_threads(|| joined::KeyCounts::from_rows(companies, rows));
        Ok(KeyCounts {
            counts: Arc::new(counted.map_err(value_error)?),
        })
    }

    #[getter]
    fn companies(&self) -> usize {
        self.counts.companies()
    }
}

/// The requests of the accounts of rows `start..end`
/// (`engine::matching::candidates::joined::requests`): four columns, the
/// row, the kind of key (its rule's label), the key, and how many of the
/// companies under it in row order are asked for (0: all of them).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn account_requests(
    py: Python<'_>,
    counts: &KeyCounts,
    accounts: &Dataset,
    start: i64,
    end: i64,
) -> PyResult<(Vec<usize>, Vec<&'static str>, Vec<String>, Vec<usize>)> {
    of_kind(accounts, SourceKind::Accounts)?;
    let table = &accounts.read.table;
    let rows = row_range(start, end, table.rows)?;
    Ok(py.allow_threads(|| {
        let mut columns: (Vec<usize>, Vec<&'static str>, Vec<String>, Vec<usize>) =
            Default::default();
        for row in rows {
            let record = MatchRecord::of(table, row);
            for request in joined::requests(&counts.counts, &record.entity()) {
                columns.0.push(row);
                columns.1.push(request.rule.label());
                columns.2.push(request.key);
                columns.3.push(request.first.unwrap_or(0));
            }
        }
        columns
    }))
}

/// Compares the accounts of `rows` with their candidates among the
/// companies of rows `delivered` (what the join answered their requests
/// with), weighed by `counts`: each account's compared candidates as bytes,
/// in the order of `rows`, the same as [`compare`] gives with the whole
/// index.
#[pyfunction]
fn compare_delivered<'py>(
    py: Python<'py>,
    counts: &KeyCounts,
    accounts: &Dataset,
    companies: &Dataset,
    rows: Vec<usize>,
    delivered: Vec<u32>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    of_kind(accounts, SourceKind::Accounts)?;
    of_kind(companies, SourceKind::Companies)?;
    let (accounts, companies) = (&accounts.read.table, &companies.read.table);
    if counts.counts.companies() != companies.rows {
        return Err(value_error(format!(
            "the counts are of {} companies, not of these {}: were they counted on another companies file?",
            counts.counts.companies(),
            companies.rows
        )));
    }
    if let Some(row) = rows.iter().find(|row| **row >= accounts.rows) {
        return Err(value_error(format!(
            "row {row} is past the accounts' {} rows",
            accounts.rows
        )));
    }
    if let Some(row) = delivered
        .iter()
        .find(|row| **row as usize >= companies.rows)
    {
        return Err(value_error(format!(
            "company row {row} is past the companies' {} rows",
            companies.rows
        )));
    }
    let compared = py.allow_threads(|| {
        compare_delivered_with(&counts.counts, accounts, companies, &rows, &delivered)
    });
    Ok(compared_bytes(py, &compared))
}

/// Per persona (in the personas file's order), whether each person of the
/// people file is one (`engine::accounts::personas::matching_people`): the
/// flags a cluster counts.
#[pyfunction]
#[pyo3(signature = (people, personas = None))]
fn persona_flags(
    py: Python<'_>,
    people: &Dataset,
    personas: Option<&str>,
) -> PyResult<Vec<(String, Vec<bool>)>> {
    of_kind(people, SourceKind::People)?;
    let personas = personas_of(personas)?;
    for (at, persona) in personas.iter().enumerate() {
        if personas[..at]
            .iter()
            .any(|other| other.name == persona.name)
        {
            return Err(value_error(format!(
                "two personas are named '{}': name each once",
                persona.name
            )));
        }
    }
    Ok(py.allow_threads(|| {
        personas
            .iter()
            .map(|persona| {
                (
                    persona.name.clone(),
                    matching_people(&people.read.table, persona),
                )
            })
            .collect()
    }))
}

#[pymodule]
fn _engine(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Dataset>()?;
    module.add_class::<CompanyIndex>()?;
    module.add_function(wrap_pyfunction!(match_accounts, module)?)?;
    module.add_function(wrap_pyfunction!(compare, module)?)?;
    module.add_function(wrap_pyfunction!(finish_match, module)?)?;
    module.add_function(wrap_pyfunction!(usage_report, module)?)?;
    module.add_function(wrap_pyfunction!(accounts_export, module)?)?;
    module.add_function(wrap_pyfunction!(count_people, module)?)?;
    module.add_function(wrap_pyfunction!(accounts_export_of_counts, module)?)?;
    module.add_class::<KeyCounts>()?;
    module.add("FIRST_AT_MOST", joined::FIRST_AT_MOST)?;
    module.add_function(wrap_pyfunction!(company_keys, module)?)?;
    module.add_function(wrap_pyfunction!(account_requests, module)?)?;
    module.add_function(wrap_pyfunction!(compare_delivered, module)?)?;
    module.add_function(wrap_pyfunction!(persona_flags, module)?)?;
    module.add_function(wrap_pyfunction!(usage_part, module)?)?;
    module.add_function(wrap_pyfunction!(usage_report_of_parts, module)?)?;
    module.add_function(wrap_pyfunction!(check_report_options, module)?)?;
    module.add_function(wrap_pyfunction!(check_usage_options, module)?)?;
    module.add_function(wrap_pyfunction!(learn_weights, module)?)?;
    module.add_function(wrap_pyfunction!(rank_account, module)?)?;
    module.add("DEFAULT_THRESHOLD", DEFAULT_THRESHOLD)?;
    module.add("DEFAULT_REVIEW_FLOOR", DEFAULT_REVIEW_FLOOR)?;
    Ok(())
}
