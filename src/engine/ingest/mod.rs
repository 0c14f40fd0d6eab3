//! Ingest: from a CSV export's bytes to a typed [`Table`], with every row either
//! accepted or quarantined with its line and reason (`docs/inputs.md`). Nothing is lost.
//!
//! The steps, one module each:
//! - [`text`]: encoding (UTF-8 ± BOM, UTF-16 with BOM, else Windows-1252), files
//!   that are not text, the delimiter;
//! - [`fields`] and [`mapping`]: the canonical fields of each kind and which
//!   column feeds which field;
//! - [`values`], [`country`], [`domain`], [`seniority`]: reading one cell;
//! - [`table`]: the compact columnar store;
//! - `read`: [`Ingestion`], the row reader;
//! - [`diff`] and [`codec`]: comparing two readings, and a reading as bytes.
//!
//! [`Ingestion`] works in steps of a bounded number of rows, so the page can show
//! progress and stay responsive between steps; [`ingest`] runs it to the end.

pub mod codec;
pub mod country;
mod derive;
pub mod diff;
pub mod domain;
pub mod fields;
pub mod linkedin;
pub mod mapping;
pub mod quarantine;
mod read;
mod records;
pub mod seniority;
pub mod table;
pub mod text;
pub mod values;

use crate::engine::export::{Cell, Export, ExportError, ExportFormat, Exported};
use crate::engine::source_kind::SourceKind;
use mapping::Mapping;
use quarantine::Quarantine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use table::Table;

pub use read::{plan, Ingestion, Plan, Scan, Step};
use text::TextEncoding;
use values::SlashOrder;

/// Why a whole file could not be read. (A bad row is never an error: it is
/// quarantined and the rest is kept.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestError {
    Empty,
    NotText {
        looks_like: &'static str,
    },
    /// Required fields that no column feeds, with the headers the file has.
    Unmapped {
        fields: Vec<String>,
        headers: Vec<String>,
    },
    /// A header wider than any spreadsheet's ([`read::MAX_COLUMNS`]).
    TooManyColumns {
        columns: usize,
    },
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestError::Empty => write!(f, "the file is empty"),
            IngestError::NotText { looks_like } => {
                write!(f, "this file is {looks_like}, not a CSV export")
            }
            IngestError::TooManyColumns { columns } => write!(
                f,
                "its header has {columns} columns, more than a spreadsheet holds ({}): it is not an export Sightline can read",
                read::MAX_COLUMNS
            ),
            IngestError::Unmapped { fields, headers } => {
                // Fields by name; a reference group says what it is in words.
                let (names, groups): (Vec<&String>, Vec<&String>) =
                    fields.iter().partition(|field| !field.contains(' '));
                let mut wanted = Vec::new();
                if !names.is_empty() {
                    let names: Vec<&str> = names.iter().map(|name| name.as_str()).collect();
                    wanted.push(format!(
                        "the required field{} {}",
                        if names.len() > 1 { "s" } else { "" },
                        names.join(", ")
                    ));
                }
                wanted.extend(groups.iter().map(|group| group.to_string()));
                write!(
                    f,
                    "no column is mapped to {} (the file's headers: {})",
                    wanted.join(", nor to "),
                    headers.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for IngestError {}

/// What a person may set instead of the automatic choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IngestOptions {
    /// The delimiter; sniffed when `None`.
    pub delimiter: Option<u8>,
    /// The mapping; automatic when `None`.
    pub mapping: Option<Mapping>,
}

/// One problem with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The source line where the row starts (1-based).
    pub line: u64,
    pub field: String,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0: a problem of the whole file, not of one line.
        match self.line {
            0 => write!(f, "{}", self.reason),
            line => write!(f, "line {line}: {}", self.reason),
        }
    }
}

/// Where a dataset's record ids come from (`docs/inputs.md`, "Record ids").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdSource {
    /// The file's own id column (or the kind has no record id).
    #[default]
    Column,
    /// Made from each record's LinkedIn page.
    LinkedinUrl,
    /// Made from each record's e-mail, lower-cased.
    Email,
    /// Made from each record's line: `row-<line>`.
    Row,
}

impl IdSource {
    /// The name `inspect --json` writes.
    pub fn name(self) -> &'static str {
        match self {
            IdSource::Column => "column",
            IdSource::LinkedinUrl => "linkedin_url",
            IdSource::Email => "email",
            IdSource::Row => "row",
        }
    }

    /// How ids were made, for a person.
    pub fn describe(self) -> &'static str {
        match self {
            IdSource::Column => "read from the file's id column",
            IdSource::LinkedinUrl => {
                "made from each record's LinkedIn page (the file has no id column)"
            }
            IdSource::Email => "made from each record's e-mail (the file has no id column)",
            IdSource::Row => {
                "made from each record's line number, row-<line> (the file has no id column)"
            }
        }
    }
}

fn first_line() -> u64 {
    1
}

/// How many warnings the report keeps as examples.
const WARNING_SAMPLES: usize = 100;

/// The outcome of reading a file, for the ingest summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestReport {
    pub kind: SourceKind,
    pub encoding: TextEncoding,
    pub delimiter: char,
    /// The line of the header row (1-based; after a preamble, not line 1).
    #[serde(default = "first_line")]
    pub header_line: u64,
    /// How the record ids were made.
    #[serde(default)]
    pub ids: IdSource,
    /// Lines of a report's footer skipped after the last row.
    #[serde(default)]
    pub footer_lines: u64,
    /// Rows equal to the header row, skipped.
    #[serde(default)]
    pub repeated_headers: u64,
    /// Lines read as Windows-1252 in a file that is otherwise UTF-8.
    #[serde(default)]
    pub windows1252_lines: u64,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// The day/month order chosen for each date field that has slash dates.
    pub slash_orders: BTreeMap<String, SlashOrder>,
    /// Data rows read (blank rows are not rows).
    pub rows_read: u64,
    pub accepted: u64,
    /// Kept out of the report's JSON: a cached reading stores it beside the
    /// columns, in binary ([`codec`]).
    #[serde(skip)]
    pub quarantined: Quarantine,
    pub warnings: u64,
    pub warnings_by_field: BTreeMap<String, u64>,
    /// The first warnings, as examples.
    pub warning_samples: Vec<Problem>,
}

impl IngestReport {
    /// The report of a file of `kind` before any row is read: no headers, no
    /// rows, read as UTF-8 with commas.
    pub fn empty(kind: SourceKind) -> IngestReport {
        IngestReport {
            kind,
            encoding: TextEncoding::Utf8,
            delimiter: ',',
            header_line: 1,
            ids: IdSource::Column,
            footer_lines: 0,
            repeated_headers: 0,
            windows1252_lines: 0,
            headers: Vec::new(),
            mapping: Mapping::default(),
            slash_orders: BTreeMap::new(),
            rows_read: 0,
            accepted: 0,
            quarantined: Quarantine::default(),
            warnings: 0,
            warnings_by_field: BTreeMap::new(),
            warning_samples: Vec::new(),
        }
    }

    /// The header of the source column a field was read from (`Account ID`
    /// for `account_id`), else the field's own name: what an export writes
    /// to keep the source's column name.
    pub fn source_header(&self, field: &str) -> String {
        self.mapping
            .column_of(field)
            .and_then(|column| self.headers.get(column).cloned())
            .unwrap_or_else(|| field.to_string())
    }

    /// Which source header feeds each field, as a person reads it: a field fed
    /// by several columns (`name` from first and last names) names the
    /// headers joined by ` + `.
    pub fn field_sources(&self) -> BTreeMap<String, String> {
        let header = |field: &str| {
            self.mapping
                .column_of(field)
                .and_then(|column| self.headers.get(column).cloned())
        };
        let mut sources: BTreeMap<String, String> = self
            .mapping
            .columns
            .keys()
            .filter_map(|field| Some((field.clone(), header(field)?)))
            .collect();
        if self.kind == SourceKind::People && header("name").is_none() {
            let parts: Vec<String> = ["first_name", "last_name"]
                .into_iter()
                .filter_map(header)
                .collect();
            if !parts.is_empty() {
                sources.insert("name".to_string(), parts.join(" + "));
            }
        }
        sources
    }

    /// The quarantined rows as a CSV file: the original columns plus `reason`.
    /// Every original cell is kept: cells beyond the last header go under
    /// `extra_1`, `extra_2`, … columns.
    pub fn quarantine_file(&self, format: ExportFormat) -> Result<Exported, ExportError> {
        let quarantine = &self.quarantined;
        let extra_names: Vec<String> = (self.headers.len()..quarantine.widest())
            .map(|at| format!("extra_{}", at + 1 - self.headers.len()))
            .collect();
        let mut header: Vec<&str> = self
            .headers
            .iter()
            .chain(&extra_names)
            .map(String::as_str)
            .collect();
        let width = header.len();
        header.push("reason");
        let mut export = Export::new(format, &header);
        for row in 0..quarantine.len() {
            let reason = quarantine.problem(row).to_string();
            let mut cells: Vec<&str> = quarantine.cells(row).collect();
            cells.resize(width, "");
            cells.push(&reason);
            export.text_row(cells);
        }
        export.finish()
    }
}

impl Ingested {
    /// The given rows as a CSV export (`docs/inputs.md`, Exports): in the file's own
    /// column order and under its own headers (so the record id keeps its
    /// name, and unmapped columns are carried through), with the values as
    /// read: dates as `YYYY-MM-DD`, countries as codes, websites as domains.
    pub fn rows_file(&self, rows: &[u32], format: ExportFormat) -> Result<Exported, ExportError> {
        self.rows_file_with(rows, format, None)
    }

    /// [`Ingested::rows_file`] with one more column at the end: its header and
    /// a value per given row (the reason a person was left unplaced, say).
    pub fn rows_file_with(
        &self,
        rows: &[u32],
        format: ExportFormat,
        last: Option<(&str, &[String])>,
    ) -> Result<Exported, ExportError> {
        use table::Column;
        let table = &self.table;
        let mut unmapped = table.extra.iter();
        let columns: Vec<(&str, Option<&Column>)> = self
            .report
            .headers
            .iter()
            .enumerate()
            .map(|(source, header)| {
                let field = self
                    .report
                    .mapping
                    .columns
                    .iter()
                    .find(|(_, column)| **column == source)
                    .map(|(field, _)| field);
                let column = match field {
                    Some(field) => table.column(field),
                    None => unmapped.next().map(|(_, column)| column),
                };
                (header.as_str(), column)
            })
            .collect();
        let mut header: Vec<&str> = columns.iter().map(|(header, _)| *header).collect();
        header.extend(last.map(|(name, _)| name));
        let mut export = Export::new(format, &header);
        for (at, &row) in rows.iter().enumerate() {
            let mut cells: Vec<(String, Option<&Column>)> = columns
                .iter()
                .map(|(_, column)| match column {
                    Some(column) => (
                        table.cell_text(column, row as usize).unwrap_or_default(),
                        Some(*column),
                    ),
                    None => (String::new(), None),
                })
                .collect();
            if let Some((_, values)) = last {
                cells.push((values.get(at).cloned().unwrap_or_default(), None));
            }
            export.row(cells.iter().map(|(text, column)| match column {
                Some(Column::Number(_)) => Cell::Number(text),
                Some(Column::Date(_)) => Cell::Date(text),
                _ => Cell::Text(text),
            }));
        }
        export.finish()
    }
}

/// A file read: its table and its report.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub table: Table,
    pub report: IngestReport,
}

impl Ingested {
    /// No file of a kind: no rows, no columns (a workspace without a company
    /// database matches its accounts against this).
    pub fn empty(kind: SourceKind) -> Ingested {
        Ingested {
            table: Table::default(),
            report: IngestReport::empty(kind),
        }
    }
}

/// The size of the slices a file is read in.
pub const SLICE_BYTES: usize = 16 << 20;

/// The size of the slices a file already in memory is fed in: small enough
/// that the reader's buffers stay in the processor's cache.
const FEED_BYTES: usize = 1 << 20;

/// A small CSV written in a test, read with the automatic mapping.
#[cfg(test)]
pub fn read_test_csv(csv: &str, kind: SourceKind) -> Table {
    ingest(csv.as_bytes(), kind, &IngestOptions::default())
        .expect("the test's CSV reads")
        .table
}

/// Reads a whole file held in memory (the command line, tests), in slices as
/// the page does; natively, a large file is read on every core.
pub fn ingest(
    bytes: &[u8],
    kind: SourceKind,
    options: &IngestOptions,
) -> Result<Ingested, IngestError> {
    #[cfg(not(target_arch = "wasm32"))]
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    #[cfg(target_arch = "wasm32")]
    let cores = 1;
    ingest_on_cores(bytes, kind, options, cores)
}

/// [`ingest`] on at most `cores` cores (one in the browser, whatever is asked).
/// Reading in parts gives exactly what one reader gives.
pub fn ingest_on_cores(
    bytes: &[u8],
    kind: SourceKind,
    options: &IngestOptions,
    cores: usize,
) -> Result<Ingested, IngestError> {
    let mut plan = read::plan(&bytes[..bytes.len().min(SLICE_BYTES)], kind, options)?;
    if plan.needs_scan() {
        let mut scan = Scan::new(&plan);
        let count = bytes.len().div_ceil(SLICE_BYTES);
        for (index, slice) in bytes.chunks(SLICE_BYTES).enumerate() {
            scan.feed(slice, index + 1 == count);
        }
        plan = scan.finish(plan);
    }
    #[cfg(not(target_arch = "wasm32"))]
    if cores > 1 && bytes.len() >= PARALLEL_BYTES {
        if let Some(read) = ingest_in_parts(bytes, &plan, cores) {
            return Ok(read);
        }
    }
    #[cfg(target_arch = "wasm32")]
    let _ = cores;
    let mut ingestion = Ingestion::new(plan, bytes.len() as u64);
    let mut slices = bytes.chunks(FEED_BYTES).peekable();
    loop {
        match ingestion.step(1 << 16) {
            Step::Working => {}
            Step::Done => break,
            Step::NeedsInput => match slices.next() {
                Some(slice) => ingestion.feed(slice, slices.peek().is_none()),
                None => ingestion.feed(&[], true),
            },
        }
    }
    Ok(ingestion.finish())
}

/// Files from this size on are read in parts, one per core, natively.
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_BYTES: usize = 4 << 20;

/// Reads a whole file in `parts` parts at once (see `read::read_in_parts`);
/// `None` when it must be read in one part.
#[cfg(not(target_arch = "wasm32"))]
fn ingest_in_parts(bytes: &[u8], plan: &Plan, parts: usize) -> Option<Ingested> {
    // Each part decodes its own bytes; only UTF-16 is decoded first (its
    // quotes and line ends are two bytes).
    let decoded;
    let (body, encoding) = match plan.encoding()? {
        TextEncoding::Utf8Bom => (bytes.get(3..)?, TextEncoding::Utf8),
        encoding @ (TextEncoding::Utf8 | TextEncoding::Windows1252) => (bytes, encoding),
        encoding => {
            decoded = text::StreamDecoder::new(encoding).decode(bytes, true);
            (decoded.as_bytes(), TextEncoding::Utf8)
        }
    };
    read::read_in_parts(body, encoding, plan, parts)
}

/// What a kind was guessed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindClue {
    FileName,
    Headers,
}

/// The kind of a dropped file, for the person to confirm: the kind its name
/// suggests when its headers give that kind what it needs and name at least
/// half as many of its fields as of any other kind's (`account_signals.csv` is
/// signals); else the kind whose fields its headers name most among those
/// whose needs they meet (`export (3).csv` with `First Name, Title, Company` is
/// people); else the name's guess.
pub fn guess_kind(file_name: &str, head: &[u8]) -> Option<(SourceKind, KindClue)> {
    let by_name = SourceKind::guess_from_file_name(file_name);
    let Ok((text, _)) = text::decode(head) else {
        return by_name.map(|kind| (kind, KindClue::FileName));
    };
    let delimiter = text::sniff_delimiter(&text);
    // How many fields a kind's reading of the header maps, if it meets the
    // kind's needs.
    let fit = |kind: SourceKind| -> Option<usize> {
        let (_, headers, _) = read::header_and_samples(&text, delimiter, kind, 0)?;
        let mapping = mapping::auto_map(kind, &headers);
        mapping::unmapped_required(kind, &mapping)
            .is_empty()
            .then_some(mapping.columns.len())
            .filter(|mapped| *mapped > 0)
    };
    let by_headers = SourceKind::ALL
        .into_iter()
        .filter_map(|kind| Some((fit(kind)?, kind)))
        // The most fields; on a tie, the first kind in the contract's order.
        .min_by_key(|(mapped, kind)| (std::cmp::Reverse(*mapped), *kind));
    let name_fit = by_name.and_then(fit);
    match (by_name, name_fit, by_headers) {
        // The name is believed unless the headers name at least twice as
        // many fields of another kind.
        (Some(kind), Some(mapped), Some((best, _))) if mapped * 2 >= best => {
            Some((kind, KindClue::FileName))
        }
        (_, _, Some((_, kind))) => Some((kind, KindClue::Headers)),
        (Some(kind), _, None) => Some((kind, KindClue::FileName)),
        (None, _, None) => None,
    }
}

/// The header and first `count` data rows of a file of `kind`, as raw text
/// cells (the mapping screen shows them as samples): the header found as the
/// reader finds it, after any preamble. Empty when the file cannot be read.
pub fn sample_rows(
    bytes: &[u8],
    kind: SourceKind,
    delimiter: Option<u8>,
    count: usize,
) -> (Vec<String>, Vec<Vec<String>>) {
    let Ok((text, _)) = text::decode(bytes) else {
        return (Vec::new(), Vec::new());
    };
    let delimiter = text::delimiter_of(&text, delimiter);
    read::header_and_samples(&text, delimiter, kind, count)
        .map(|(_, header, samples)| (header, samples))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
