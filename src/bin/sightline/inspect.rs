//! `sightline inspect FILE --kind KIND [--json]`: reads a file as the page does
//! and says how: encoding, delimiter, mapping, accepted, quarantined, warnings.

use crate::args::Args;
use crate::files::read_dataset;
use sightline::engine::ingest::IngestReport;
use sightline::engine::source_kind::SourceKind;

pub fn run(mut args: Args) -> Result<(), String> {
    let file = args.positional()?;
    let kind: SourceKind = args
        .required("--kind")?
        .parse()
        .map_err(|error| format!("{error}"))?;
    let json = args.flag("--json");
    args.finish()?;

    let read = read_dataset(&file, kind)?;
    let report = &read.report;
    if json {
        println!("{}", to_json(report));
    } else {
        print_human(&file, report);
    }
    Ok(())
}

/// The one JSON object of `docs/command-line.md`.
fn to_json(report: &IngestReport) -> String {
    serde_json::json!({
        "kind": report.kind,
        "encoding": report.encoding,
        "delimiter": report.delimiter.to_string(),
        "header_line": report.header_line,
        "ids": report.ids.name(),
        "rows": report.rows_read,
        "accepted": report.accepted,
        "quarantined": report.quarantined.len(),
        "warnings": report.warnings,
        "mapping": report.field_sources(),
    })
    .to_string()
}

fn print_human(file: &str, report: &IngestReport) {
    println!("{file}: {} ({})", report.kind, report.kind.label());
    println!("  encoding     {}", report.encoding);
    let delimiter = match report.delimiter {
        '\t' => "tab".to_string(),
        other => format!("'{other}'"),
    };
    println!("  delimiter    {delimiter}");
    if report.header_line > 1 {
        println!("  header       line {}", report.header_line);
    }
    if report.ids != sightline::engine::ingest::IdSource::Column {
        println!("  ids          {}", report.ids.describe());
    }
    if report.repeated_headers > 0 {
        println!(
            "  skipped      {} repeated header row(s)",
            report.repeated_headers
        );
    }
    if report.footer_lines > 0 {
        println!(
            "  skipped      a report footer of {} line(s)",
            report.footer_lines
        );
    }
    println!("  rows         {}", report.rows_read);
    println!("  accepted     {}", report.accepted);
    println!("  quarantined  {}", report.quarantined.len());
    println!("  warnings     {}", report.warnings);
    for sample in report.warning_samples.iter().take(5) {
        println!("    {sample}");
    }
    println!("  mapping");
    for (field, header) in report.field_sources() {
        println!("    {field:<26} ← {header}");
    }
    for (field, order) in &report.slash_orders {
        println!(
            "  {field}: slash dates read {}",
            if *order == sightline::engine::ingest::values::SlashOrder::DayFirst {
                "day-first"
            } else {
                "month-first"
            }
        );
    }
    let unmapped: Vec<&str> = (0..report.headers.len())
        .filter(|column| !report.mapping.is_mapped(*column))
        .map(|column| report.headers[column].as_str())
        .collect();
    if !unmapped.is_empty() {
        println!("  kept, unmapped: {}", unmapped.join(", "));
    }
}
