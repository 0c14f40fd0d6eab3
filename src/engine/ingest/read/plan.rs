//! Before the rows: [`plan`] settles what a file's first slice can (its
//! delimiter, header, mapping, and encoding when a byte-order mark tells it),
//! and [`Scan`], a first pass over the whole file when the plan needs one,
//! settles the rest (the encoding, the slash order of required dates).

use super::super::fields::{self, FieldType, Presence};
use super::super::mapping::{self, Mapping};
use super::super::records::{Next, RecordReader};
use super::super::text::{self, TextEncoding};
use super::super::values::{self, SlashOrder};
use super::super::{IngestError, IngestOptions};
use crate::engine::source_kind::SourceKind;
use std::collections::BTreeMap;

/// What a file's first slice settles: its delimiter, header and mapping, and
/// its encoding when a byte-order mark tells it. Made by [`plan`].
#[derive(Debug, Clone)]
pub struct Plan {
    pub kind: SourceKind,
    /// `None` until the whole file is checked: UTF-8 if it all is, else
    /// Windows-1252 (see [`Scan`]).
    pub(super) encoding: Option<TextEncoding>,
    pub(super) delimiter: u8,
    /// The line of the header row (1-based): after a preamble, not line 1.
    pub header_line: u64,
    /// Lines read as Windows-1252 in a file otherwise UTF-8 (see [`Scan`]).
    pub(super) windows1252_lines: u64,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    pub(super) orders: BTreeMap<String, SlashOrder>,
    /// Required date fields, whose slash order a pass over the whole file must
    /// settle before any row is judged (optional ones are settled at the end).
    pub(super) scan_fields: Vec<(&'static str, usize)>,
    /// Bytes per line in the first slice: sizes the columns before reading, so
    /// that they do not grow by doubling (and hold three times their rows).
    pub(super) bytes_per_line: f64,
}

impl Plan {
    /// The file's encoding, once known (from a byte-order mark, else after the
    /// [`Scan`]).
    pub fn encoding(&self) -> Option<TextEncoding> {
        self.encoding
    }

    /// Whether a first pass over the whole file ([`Scan`]) must come first.
    pub fn needs_scan(&self) -> bool {
        self.encoding.is_none() || !self.scan_fields.is_empty()
    }
}

/// Reads a file's first slice (it must hold the header row: any slice of a few
/// megabytes does) and settles what can be settled from it.
pub fn plan(head: &[u8], kind: SourceKind, options: &IngestOptions) -> Result<Plan, IngestError> {
    let encoding = text::sniff_encoding(head)?;
    let looks_utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none(),
    };
    let guess = encoding.unwrap_or(if looks_utf8 {
        TextEncoding::Utf8
    } else {
        TextEncoding::Windows1252
    });
    // A megabyte holds the header and the lines the delimiter is judged by;
    // the whole head only when it does not hold a line end.
    let start = &head[..head.len().min(1 << 20)];
    let start = if memchr::memchr2(b'\n', b'\r', start).is_some() {
        start
    } else {
        head
    };
    let text = text::StreamDecoder::new(guess).decode(start, false);
    let delimiter = text::delimiter_of(&text, options.delimiter);
    let (header_line, headers, _) =
        header_and_samples(&text, delimiter, kind, 0).ok_or(IngestError::Empty)?;
    if headers.len() > MAX_COLUMNS {
        return Err(IngestError::TooManyColumns {
            columns: headers.len(),
        });
    }
    let mapping = match &options.mapping {
        Some(mapping) => Mapping {
            columns: mapping
                .columns
                .iter()
                .filter(|(_, column)| **column < headers.len())
                .map(|(field, column)| (field.clone(), *column))
                .collect(),
        },
        None => mapping::auto_map(kind, &headers),
    };
    let unmapped = mapping::unmapped_required(kind, &mapping);
    if !unmapped.is_empty() {
        return Err(IngestError::Unmapped {
            fields: unmapped,
            headers,
        });
    }
    let scan_fields = fields::fields(kind)
        .iter()
        .filter(|spec| {
            spec.field_type == FieldType::DateTime
                || (spec.field_type == FieldType::Date && spec.presence != Presence::Optional)
        })
        .filter_map(|spec| Some((spec.name, mapping.column_of(spec.name)?)))
        .collect();
    // Bytes per line of text: blank lines (padding, say) hold no row.
    let (mut lines, mut blank_bytes, mut start) = (0usize, 0usize, 0usize);
    for end in memchr::memchr_iter(b'\n', head) {
        if head[start..end].iter().all(u8::is_ascii_whitespace) {
            blank_bytes += end + 1 - start;
        } else {
            lines += 1;
        }
        start = end + 1;
    }
    let bytes_per_line = (head.len() - blank_bytes).max(1) as f64 / lines.max(1) as f64;
    Ok(Plan {
        kind,
        encoding,
        delimiter,
        header_line,
        windows1252_lines: 0,
        headers,
        mapping,
        orders: BTreeMap::new(),
        scan_fields,
        bytes_per_line,
    })
}

/// The widest header read: a spreadsheet's (16,384 columns). Wider is no
/// export, and every column costs memory on every row.
pub const MAX_COLUMNS: usize = 16_384;

/// How many records at the top of a file may come before its header row.
const PREAMBLE_RECORDS: usize = 50;

/// The header row and up to `samples` rows after it. The header is the first
/// record (of the first few) that has two cells or more and names at least
/// one of the kind's fields; a preamble above it (a title line, LinkedIn's
/// `Notes:` block) is skipped. Without such a record, the first record that is
/// not blank (the mapping then says what is missing).
pub(in crate::engine::ingest) fn header_and_samples(
    text: &str,
    delimiter: u8,
    kind: SourceKind,
    samples: usize,
) -> Option<(u64, Vec<String>, Vec<Vec<String>>)> {
    let records = super::super::records::first_records(text, delimiter, PREAMBLE_RECORDS + samples);
    let names_a_field = |cells: &Vec<String>| {
        cells.iter().filter(|cell| !cell.is_empty()).count() >= 2
            && !mapping::auto_map(kind, cells).columns.is_empty()
    };
    let found = records
        .iter()
        .take(PREAMBLE_RECORDS)
        .position(|(_, cells)| names_a_field(cells))
        .unwrap_or(0);
    let mut records = records.into_iter().skip(found);
    let (line, mut headers) = records.next()?;
    // A line ending in `,` has no last column.
    while headers.len() > 1 && headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    let samples = records.take(samples).map(|(_, cells)| cells).collect();
    Some((line, headers, samples))
}

/// The first pass over a file, when its [`Plan`] needs one: checks that it is
/// all UTF-8, and finds the slash order of its required date columns (a single
/// late `23/01/2026` makes a whole column day-first).
pub struct Scan {
    utf8: Option<text::Utf8Check>,
    reader: RecordReader,
    seen_header: bool,
    header_line: u64,
    fields: Vec<(&'static str, usize)>,
    pub(super) orders: BTreeMap<String, SlashOrder>,
}

impl Scan {
    pub fn new(plan: &Plan) -> Scan {
        // Dates, quotes and delimiters are ASCII: Windows-1252 reads them right
        // whatever the file turns out to be, and never fails.
        let encoding = plan.encoding.unwrap_or(TextEncoding::Windows1252);
        Scan {
            utf8: plan.encoding.is_none().then(text::Utf8Check::default),
            reader: RecordReader::new(plan.delimiter, text::StreamDecoder::new(encoding)),
            seen_header: false,
            header_line: plan.header_line,
            fields: plan.scan_fields.clone(),
            orders: BTreeMap::new(),
        }
    }

    /// The next slice of the file; `last` for its final one.
    pub fn feed(&mut self, slice: &[u8], last: bool) {
        if let Some(check) = &mut self.utf8 {
            check.feed(slice);
        }
        if self.fields.is_empty() {
            return;
        }
        self.reader.feed(slice, last);
        while self.reader.next() == Next::Record {
            self.look_at_record();
        }
    }

    fn look_at_record(&mut self) {
        let record = self.reader.record();
        if !self.seen_header {
            self.seen_header = record.line() >= self.header_line;
            return;
        }
        for (name, column) in &self.fields {
            let Some(cell) = record.get(*column) else {
                continue;
            };
            if cell.contains('/') {
                let seen = *self.orders.get(*name).unwrap_or(&SlashOrder::MonthFirst);
                self.orders.insert(
                    name.to_string(),
                    values::detect_slash_order([cell]).max(seen),
                );
            }
        }
    }

    /// The plan, with the encoding and slash orders this pass settled.
    pub fn finish(self, mut plan: Plan) -> Plan {
        if let Some(check) = self.utf8 {
            let (encoding, windows1252_lines) = check.finish();
            plan.encoding = Some(encoding);
            plan.windows1252_lines = windows1252_lines;
        }
        plan.orders = self.orders;
        plan
    }
}
