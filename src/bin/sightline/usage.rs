//! `sightline usage`: the per-seat usage export of `docs/usage.md`, "The export" and, with
//! `--summary`, the team figures as JSON; the same bytes as the page's download.

use crate::args::Args;
use crate::files::{
    exported, output_format, place_and_count, progress, read_dataset, write_output,
};
use crate::matching::threshold;
use sightline::engine::source_kind::SourceKind;
use sightline::engine::usage::calendar::{format_day, parse_day};
use sightline::engine::usage::{Controls, RangeRequest, UsageIndex, UsageInputs, Zone};

pub fn run(mut args: Args) -> Result<(), String> {
    let seats_file = args.required("--seats")?;
    let activity_file = args.required("--activity")?;
    let range: RangeRequest = args
        .optional("--range")?
        .map_or(Ok(RangeRequest::default()), |text| text.parse())
        .map_err(|error| format!("--range: {error}"))?;
    let as_of = args
        .optional("--as-of")?
        .map(|text| parse_day(&text).map_err(|error| format!("--as-of: {error}")))
        .transpose()?;
    let groups = args.repeated("--group");
    let users = args.repeated("--user");
    let opportunities_file = args.optional("--opportunities")?;
    // The CRM accounts, for deals that name their company instead of its id.
    let accounts_file = args.optional("--accounts")?;
    let threshold = threshold(args.optional("--threshold")?)?;
    let zone: Zone = args
        .optional("--tz")?
        .map_or(Ok(Zone::Utc), |text| text.parse())
        .map_err(|error| format!("--tz: {error}"))?;
    let purchased_seats = args
        .optional("--purchased-seats")?
        .map(|text| {
            text.trim()
                .parse::<u64>()
                .map_err(|_| format!("--purchased-seats must be a whole number, not '{text}'"))
        })
        .transpose()?;
    let out = args.required("--out")?;
    let summary_file = args.optional("--summary")?;
    args.finish()?;

    let seats = read_dataset(&seats_file, SourceKind::Seats)?;
    let activity = read_dataset(&activity_file, SourceKind::Activity)?;
    let mut opportunities = opportunities_file
        .as_ref()
        .map(|file| read_dataset(file, SourceKind::Opportunities))
        .transpose()?;
    if let (Some(deals), Some(file)) = (opportunities.as_mut(), accounts_file) {
        let accounts = read_dataset(&file, SourceKind::Accounts)?;
        let placed = place_and_count(
            opportunities_file.as_deref().unwrap_or_default(),
            "deals",
            &deals.table,
            None,
            &accounts.table,
            threshold,
            None,
        );
        deals.table = placed.table;
    }
    progress("indexing the activity log…");
    let index = UsageIndex::build(UsageInputs {
        seats: &seats.table,
        activity: &activity.table,
        opportunities: opportunities.as_ref().map(|read| &read.table),
        zone,
        as_of,
    })
    .map_err(|error| format!("{activity_file}: {error} (--as-of YYYY-MM-DD)"))?;
    let controls = Controls {
        range,
        groups,
        users,
        purchased_seats,
    };
    let report = index
        .report(&controls)
        .map_err(|error| format!("--range {range}: {error}"))?;
    write_output(
        &out,
        &exported(&out, report.export_file(output_format(&out)))?,
    )?;
    if let Some(file) = summary_file {
        write_output(&file, report.summary_json().as_bytes())?;
    }
    eprintln!(
        "{} seats, as of {}, {}..{}; {} events counted; {}",
        report.seats.len(),
        format_day(index.as_of),
        format_day(report.range.start),
        format_day(report.range.end),
        index.counted_events,
        index.ignored,
    );
    Ok(())
}
