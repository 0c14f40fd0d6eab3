//! `sightline enrich` (the account report of `docs/accounts.md`) and `sightline
//! whitespace` (companies no account is matched to), the same bytes as the
//! page's downloads for the same inputs and settings.

use crate::args::Args;
use crate::files::{
    exported, output_format, progress, read_dataset, summarise_placement, write_output,
};
use crate::matching::threshold;
use sightline::engine::accounts::enrich;
use sightline::engine::accounts::personas::Persona;
use sightline::engine::accounts::report::{
    account_report, salesforce_insert, whitespace, Enrichment,
};
use sightline::engine::accounts::settings::{
    parse_price, ReportChoices, ReportSettings, DEFAULT_PRICE,
};
use sightline::engine::export::ExportFormat;
use sightline::engine::ingest::table::Table;
use sightline::engine::ingest::Ingested;
use sightline::engine::matching::outcome::Outcome;
use sightline::engine::source_kind::SourceKind;

/// Reads a personas file (`docs/command-line.md`), or gives the default persona.
pub(crate) fn personas(file: Option<String>) -> Result<Vec<Persona>, String> {
    let Some(file) = file else {
        return Ok(vec![Persona::default_persona()]);
    };
    let text =
        std::fs::read_to_string(&file).map_err(|error| format!("cannot read {file}: {error}"))?;
    let personas: Vec<Persona> = serde_json::from_str(&text)
        .map_err(|error| format!("{file}: not a personas file: {error}"))?;
    if personas.is_empty() {
        return Err(format!("{file}: no persona in it"));
    }
    Ok(personas)
}

/// `--sizing-persona`'s position among the personas (the first by default).
fn sizing_persona(args: &mut Args, personas: &[Persona]) -> Result<usize, String> {
    let sizing = ReportChoices {
        sizing_persona: args.optional("--sizing-persona")?.unwrap_or_default(),
        ..ReportChoices::default()
    };
    sizing
        .sizing_persona(personas)
        .map_err(|error| format!("--sizing-persona: {error}"))
}

/// `--price` (the price per user per year, [`DEFAULT_PRICE`] by default).
fn price(args: &mut Args) -> Result<f64, String> {
    match args.optional("--price")? {
        Some(text) => parse_price(&text).map_err(|error| format!("--price: {error}")),
        None => Ok(DEFAULT_PRICE),
    }
}

/// `--sizing-persona` and `--price`, as the account report takes them.
pub(crate) fn report_settings(
    args: &mut Args,
    personas: &[Persona],
) -> Result<ReportSettings, String> {
    Ok(ReportSettings {
        price: price(args)?,
        sizing_persona: sizing_persona(args, personas)?,
    })
}

/// The accounts, companies and people read, matched and enriched.
struct Enriched {
    accounts: Ingested,
    /// Empty without a company database (people are then counted at accounts).
    companies: Table,
    outcomes: Vec<Outcome>,
    enrichment: Enrichment,
    /// The `--sizing-persona`'s position among the personas.
    sizing_persona: usize,
}

/// Reads the inputs of `enrich` and `whitespace`, places the people (at
/// companies, else at the accounts themselves), matches and counts.
fn enrich_inputs(args: &mut Args, companies_required: bool) -> Result<Enriched, String> {
    let accounts_file = args.required("--accounts")?;
    let companies_file = if companies_required {
        Some(args.required("--companies")?)
    } else {
        args.optional("--companies")?
    };
    let people_file = args.required("--people")?;
    let personas = personas(args.optional("--personas")?)?;
    let sizing_persona = sizing_persona(args, &personas)?;
    let threshold = threshold(args.optional("--threshold")?)?;
    let accounts = read_dataset(&accounts_file, SourceKind::Accounts)?;
    let companies = companies_file
        .map(|file| read_dataset(&file, SourceKind::Companies))
        .transpose()?;
    let people = read_dataset(&people_file, SourceKind::People)?;
    progress("matching, placing people and counting personas…");
    let enriched = enrich::enrich(
        &accounts.table,
        companies.as_ref().map(|companies| &companies.table),
        &people.table,
        &personas,
        threshold,
    );
    summarise_placement(&people_file, "people", &enriched.people.links);
    Ok(Enriched {
        accounts,
        companies: companies
            .map(|companies| companies.table)
            .unwrap_or_default(),
        outcomes: enriched.outcomes,
        enrichment: enriched.enrichment,
        sizing_persona,
    })
}

pub fn enrich(mut args: Args) -> Result<(), String> {
    let price = price(&mut args)?;
    let enriched = enrich_inputs(&mut args, false)?;
    let out = args.required("--out")?;
    args.finish()?;
    let settings = ReportSettings {
        sizing_persona: enriched.sizing_persona,
        price,
    };
    let id_header = enriched.accounts.report.source_header("account_id");
    let table = account_report(
        &enriched.accounts.table,
        &id_header,
        &enriched.companies,
        &enriched.outcomes,
        &enriched.enrichment,
        &settings,
    );
    write_output(&out, &exported(&out, table.to_file(output_format(&out)))?)
}

pub fn whitespace_command(mut args: Args) -> Result<(), String> {
    let format = args
        .optional("--format")?
        .unwrap_or_else(|| "plain".to_string());
    if format != "plain" && format != "salesforce-insert" {
        return Err(format!(
            "--format must be plain or salesforce-insert, not '{format}'"
        ));
    }
    let out = args.required("--out")?;
    if format == "salesforce-insert" && output_format(&out) == ExportFormat::Excel {
        return Err(
            "--format salesforce-insert writes a CRM import file, which is CSV: name --out FILE.csv"
                .into(),
        );
    }
    let enriched = enrich_inputs(&mut args, true)?;
    args.finish()?;
    let table = whitespace(
        &enriched.companies,
        &enriched.outcomes,
        &enriched.enrichment,
        enriched.sizing_persona,
    );
    let table = if format == "salesforce-insert" {
        salesforce_insert(&table, &enriched.enrichment.personas)
    } else {
        table
    };
    write_output(&out, &exported(&out, table.to_file(output_format(&out)))?)
}
