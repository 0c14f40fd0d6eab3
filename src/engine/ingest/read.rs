//! Reading rows: [`Ingestion`] turns a file's text into typed columns, a
//! bounded number of rows at a time, quarantining the rows that must be and
//! counting the warnings (`DATA.md`).

use super::fields::{self, FieldSpec, FieldType, Presence};
use super::mapping::{self, Mapping};
use super::table::{self, Column, StringPool, Table};
use super::text::{self, TextEncoding};
use super::values::{self, NumberStyle, SlashOrder};
use super::{country, domain, seniority};
use super::{
    IngestError, IngestOptions, IngestReport, Ingested, Problem, Quarantined, WARNING_SAMPLES,
};
use crate::engine::source_kind::SourceKind;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// A mapped field while its column is being built.
struct FieldReader {
    spec: &'static FieldSpec,
    source: usize,
    order: SlashOrder,
    column: Column,
    /// Cells already read, by their text: a country, a date or a status is read
    /// once per distinct spelling, not once per row. `None`: unreadable.
    memo: FxHashMap<Box<str>, Option<Memo>>,
    /// The previous row's cell and its code: exports sorted by company or owner
    /// repeat a label row after row, and comparing with the last one is cheaper
    /// than any lookup.
    last: (String, u32),
    /// For optional date fields: the spellings seen, read only at the end, once
    /// the column's slash order is known (no second pass over the file).
    deferred: Option<DeferredDates>,
}

/// An optional date column while the file is read: each row's spelling, by
/// index into the distinct spellings.
#[derive(Default)]
struct DeferredDates {
    spellings: Vec<Box<str>>,
    index: FxHashMap<Box<str>, u32>,
    /// Per accepted row: its spelling, or `u32::MAX` when the cell was empty.
    rows: Vec<u32>,
}

impl DeferredDates {
    fn spelling(&mut self, cell: &str) -> u32 {
        if let Some(&index) = self.index.get(cell) {
            return index;
        }
        let index = self.spellings.len() as u32;
        self.spellings.push(cell.into());
        self.index.insert(cell.into(), index);
        index
    }
}

/// What a memoised cell reads as.
#[derive(Debug, Clone, Copy)]
enum Memo {
    Code(u32),
    Date(i32),
}

/// Distinct spellings remembered per field; beyond this, cells are read afresh.
const MEMO_LIMIT: usize = 1 << 16;

/// A cell read as its field's type. Text stays in the record until it is
/// pushed, so a row's values need no allocation.
#[derive(Debug, Clone)]
enum Value {
    Missing,
    /// The cell's own (trimmed) text.
    Text,
    /// Text made from the cell (a website's domain).
    Made(String),
    /// A deferred date's spelling index.
    Spelling(u32),
    Code(u32),
    Number(f64),
    Date(i32),
    Moment(i64),
    Bool(bool),
    List(Vec<u32>),
}

/// The columns being built and what reading a cell needs.
struct Columns {
    fields: Vec<FieldReader>,
    /// The current row's values, one per field (reused from row to row).
    values: Vec<Value>,
    /// Unmapped source columns, kept as text.
    extra: Vec<(usize, Column)>,
    pool: StringPool,
    number_style: NumberStyle,
}

/// A row's warnings, or the field and reason that quarantine it.
type RowRead = Result<Vec<(&'static str, String)>, (&'static str, String)>;

impl Columns {
    fn read(&mut self, record: &csv::StringRecord) -> RowRead {
        let values = &mut self.values;
        values.clear();
        let mut warnings = Vec::new();
        for field in &mut self.fields {
            let cell = trim_cell(record.get(field.source).unwrap_or(""));
            let required = field.spec.presence == Presence::Required;
            if cell.is_empty() {
                if required {
                    return Err((field.spec.name, format!("missing {}", field.spec.name)));
                }
                values.push(Value::Missing);
                continue;
            }
            match read_value(field, cell, self.number_style, &mut self.pool) {
                Some(value) => values.push(value),
                None if required => {
                    return Err((
                        field.spec.name,
                        format!("unreadable {}: '{cell}'", field.spec.name),
                    ))
                }
                None => {
                    warnings.push((
                        field.spec.name,
                        format!("unreadable {} kept as missing: '{cell}'", field.spec.name),
                    ));
                    values.push(Value::Missing);
                }
            }
        }
        Ok(warnings)
    }

    /// Makes room for `rows` rows in every column, up front.
    fn reserve(&mut self, rows: usize) {
        for field in &mut self.fields {
            match &mut field.deferred {
                Some(deferred) => deferred.rows.reserve(rows),
                None => field.column.reserve(rows),
            }
        }
        for (_, column) in &mut self.extra {
            column.reserve(rows);
        }
    }

    /// A field's value in the current row as text, for the duplicate checks.
    fn text_of<'v>(&'v self, record: &'v csv::StringRecord, name: &str) -> Option<&'v str> {
        let index = self
            .fields
            .iter()
            .position(|field| field.spec.name == name)?;
        match &self.values[index] {
            Value::Text => record.get(self.fields[index].source).map(trim_cell),
            Value::Code(code) => Some(self.pool.get(*code)),
            Value::Made(text) => Some(text),
            _ => None,
        }
    }

    fn push(&mut self, record: &csv::StringRecord) {
        for (field, value) in self.fields.iter_mut().zip(self.values.drain(..)) {
            if let Some(deferred) = &mut field.deferred {
                deferred.rows.push(if let Value::Spelling(index) = value {
                    index
                } else {
                    u32::MAX
                });
                continue;
            }
            let cell = trim_cell(record.get(field.source).unwrap_or(""));
            push_value(&mut field.column, value, cell);
        }
        for (source, column) in &mut self.extra {
            push_value(
                column,
                Value::Text,
                trim_cell(record.get(*source).unwrap_or("")),
            );
        }
    }
}

/// Bytes that must wait in a reader's feed before it reads another record,
/// unless the file is done: more than any real record needs. (A single record
/// longer than this, a cell of several megabytes, would be cut in two.)
const LOW_WATER: usize = 8 << 20;

/// A reader's input: text arriving slice by slice. [`Ingestion::step`] stops
/// for more while fewer than [`LOW_WATER`] bytes wait and the file is not done,
/// so the CSV reader never runs dry in the middle of a record.
///
/// It also notes where lines end as it hands bytes to the reader, so that a
/// record's line number is the one an editor shows: every `\n`, `\r\n` and lone
/// `\r` counts, inside quoted cells too, and blank lines the reader skips.
struct Feed {
    buffer: Vec<u8>,
    read: usize,
    finished: bool,
    /// [`LOW_WATER`], but for tests that feed tiny slices.
    low_water: usize,
    /// The offset in the whole text of `buffer[0]`.
    base: u64,
    /// Line ends handed out and not yet counted: (offset, length 1 or 2).
    line_ends: std::collections::VecDeque<(u64, u8)>,
    /// A `\r` whose next byte is not handed out yet (is it `\r\n`?).
    pending_cr: Option<u64>,
    /// Line ends counted so far.
    lines_before: u64,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            buffer: Vec::new(),
            read: 0,
            finished: false,
            low_water: LOW_WATER,
            base: 0,
            line_ends: std::collections::VecDeque::new(),
            pending_cr: None,
            lines_before: 0,
        }
    }
}

impl Feed {
    fn push(&mut self, text: &str, last: bool) {
        // Drop what was read once it is half the buffer (amortised O(1)).
        if self.read > 0 && self.read >= self.buffer.len() / 2 {
            self.buffer.drain(..self.read);
            self.base += self.read as u64;
            self.read = 0;
        }
        self.buffer.extend_from_slice(text.as_bytes());
        self.finished |= last;
    }

    fn waiting(&self) -> usize {
        self.buffer.len() - self.read
    }

    fn ready(&self) -> bool {
        self.finished || self.waiting() >= self.low_water
    }

    /// Notes the line ends among `buffer[from..to]`, just handed out.
    fn note_line_ends(&mut self, from: usize, to: usize) {
        let base = self.base + from as u64;
        for index in memchr::memchr2_iter(b'\r', b'\n', &self.buffer[from..to]) {
            let offset = base + index as u64;
            let byte = self.buffer[from + index];
            if let Some(cr) = self.pending_cr.take() {
                if byte == b'\n' && offset == cr + 1 {
                    self.line_ends.push_back((cr, 2));
                    continue;
                }
                self.line_ends.push_back((cr, 1));
            }
            if byte == b'\r' {
                self.pending_cr = Some(offset);
            } else {
                self.line_ends.push_back((offset, 1));
            }
        }
        // A `\r` followed by anything but `\n`, or ending the file, is a line
        // end of its own.
        if let Some(cr) = self.pending_cr {
            let next = base + (to - from) as u64;
            if cr + 1 < next || (self.finished && self.waiting() == 0) {
                self.pending_cr = None;
                self.line_ends.push_back((cr, 1));
            }
        }
    }

    /// The line (1-based) of a record the reader started reading at `start`:
    /// after every line end before it and every blank line it skipped there.
    fn line_of(&mut self, start: u64) -> u64 {
        let mut at = start;
        while let Some(&(offset, length)) = self.line_ends.front() {
            if offset < at {
                // A line end before the record (or a `\r\n` the reader left
                // half-read at its start).
                at = at.max(offset + length as u64);
            } else if offset == at {
                // A blank line the reader skipped.
                at += length as u64;
            } else {
                break;
            }
            self.line_ends.pop_front();
            self.lines_before += 1;
        }
        self.lines_before + 1
    }
}

impl std::io::Read for Feed {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let count = out.len().min(self.waiting());
        let from = self.read;
        out[..count].copy_from_slice(&self.buffer[from..from + count]);
        self.read += count;
        self.note_line_ends(from, from + count);
        Ok(count)
    }
}

fn feed_reader(delimiter: u8) -> csv::Reader<Feed> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(Feed::default())
}

/// What a file's first slice settles: its delimiter, header and mapping, and
/// its encoding when a byte-order mark tells it. Made by [`plan`].
#[derive(Debug, Clone)]
pub struct Plan {
    pub kind: SourceKind,
    /// `None` until the whole file is checked: UTF-8 if it all is, else
    /// Windows-1252 (see [`Scan`]).
    encoding: Option<TextEncoding>,
    delimiter: u8,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    orders: BTreeMap<String, SlashOrder>,
    /// Required date fields, whose slash order a pass over the whole file must
    /// settle before any row is judged (optional ones are settled at the end).
    scan_fields: Vec<(&'static str, usize)>,
    /// Bytes per line in the first slice: sizes the columns before reading, so
    /// that they do not grow by doubling (and hold three times their rows).
    bytes_per_line: f64,
}

impl Plan {
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
    let text = text::StreamDecoder::new(guess).decode(head, false);
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| text::sniff_delimiter(&text));
    let mut reader = csv_reader(&text, delimiter);
    let mut record = csv::StringRecord::new();
    let headers: Vec<String> = loop {
        match reader.read_record(&mut record) {
            Ok(true) if is_blank(&record) => continue,
            Ok(true) => {
                break record
                    .iter()
                    .map(|header| header.trim().to_string())
                    .collect()
            }
            _ => return Err(IngestError::Empty),
        }
    };
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
    let lines = head.iter().filter(|byte| **byte == b'\n').count().max(1);
    Ok(Plan {
        kind,
        encoding,
        delimiter,
        headers,
        mapping,
        orders: BTreeMap::new(),
        scan_fields,
        bytes_per_line: head.len() as f64 / lines as f64,
    })
}

/// The first pass over a file, when its [`Plan`] needs one: checks that it is
/// all UTF-8, and finds the slash order of its required date columns (a single
/// late `23/01/2026` makes a whole column day-first).
pub struct Scan {
    utf8: Option<text::Utf8Check>,
    decoder: text::StreamDecoder,
    reader: csv::Reader<Feed>,
    record: csv::ByteRecord,
    seen_header: bool,
    fields: Vec<(&'static str, usize)>,
    orders: BTreeMap<String, SlashOrder>,
}

impl Scan {
    pub fn new(plan: &Plan) -> Scan {
        // Dates, quotes and delimiters are ASCII: Windows-1252 reads them right
        // whatever the file turns out to be, and never fails.
        let encoding = plan.encoding.unwrap_or(TextEncoding::Windows1252);
        Scan {
            utf8: plan.encoding.is_none().then(text::Utf8Check::default),
            decoder: text::StreamDecoder::new(encoding),
            reader: feed_reader(plan.delimiter),
            record: csv::ByteRecord::new(),
            seen_header: false,
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
        let text = self.decoder.decode(slice, last);
        self.reader.get_mut().push(&text, last);
        while self.reader.get_ref().ready() {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => self.look_at_record(),
                Ok(false) => break,
                Err(_) => continue,
            }
        }
    }

    fn look_at_record(&mut self) {
        if !self.seen_header {
            self.seen_header = self.record.iter().any(|cell| !cell.trim_ascii().is_empty());
            return;
        }
        for (name, column) in &self.fields {
            let Some(cell) = self
                .record
                .get(*column)
                .and_then(|cell| std::str::from_utf8(cell).ok())
            else {
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
            plan.encoding = Some(if check.is_valid() {
                TextEncoding::Utf8
            } else {
                TextEncoding::Windows1252
            });
        }
        plan.orders = self.orders;
        plan
    }
}

/// What [`Ingestion::step`] got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// It read its rows; call again.
    Working,
    /// It needs the next slice ([`Ingestion::feed`]).
    NeedsInput,
    /// The file is read: [`Ingestion::finish`].
    Done,
}

/// Reading one file: fed slice by slice, read a bounded number of rows at a
/// time, so that neither the whole file nor a long pause is ever needed.
pub struct Ingestion {
    kind: SourceKind,
    headers: Vec<String>,
    decoder: text::StreamDecoder,
    reader: csv::Reader<Feed>,
    record: csv::StringRecord,
    /// Stands in for `record` while a row is read.
    spare: Option<csv::StringRecord>,
    /// Whether the header record was passed (the reader sees it again).
    header_passed: bool,
    columns: Columns,
    lines: Vec<u32>,
    ids: IdSet,
    seat_users: FxHashSet<String>,
    total_bytes: u64,
    raw_fed: u64,
    text_fed: u64,
    report: IngestReport,
}

impl Ingestion {
    /// Starts reading a file of `total_bytes` by its plan (after its [`Scan`]
    /// when it needs one; without, the file is read as UTF-8).
    pub fn new(plan: Plan, total_bytes: u64) -> Ingestion {
        let Plan {
            kind,
            encoding,
            delimiter,
            headers,
            mapping,
            orders,
            bytes_per_line,
            ..
        } = plan;
        // A little over the rows the file will likely have; the excess is given
        // back when the reading finishes.
        let expected_rows =
            ((total_bytes as f64 / bytes_per_line.max(1.0)) * 1.05).min(50_000_000.0) as usize;
        let encoding = encoding.unwrap_or(TextEncoding::Utf8);
        let fields: Vec<FieldReader> = fields::fields(kind)
            .iter()
            .filter_map(|spec| {
                let source = mapping.column_of(spec.name)?;
                let order = orders
                    .get(spec.name)
                    .copied()
                    .unwrap_or(SlashOrder::MonthFirst);
                Some(FieldReader {
                    spec,
                    source,
                    order,
                    column: empty_column(spec.field_type),
                    memo: FxHashMap::default(),
                    last: (String::new(), 0),
                    deferred: (spec.field_type == FieldType::Date
                        && spec.presence == Presence::Optional)
                        .then(DeferredDates::default),
                })
            })
            .collect();
        let extra = (0..headers.len())
            .filter(|column| !mapping.is_mapped(*column))
            .map(|column| {
                (
                    column,
                    Column::Text {
                        bytes: String::new(),
                        ends: Vec::new(),
                    },
                )
            })
            .collect();
        let number_style = if delimiter == b';' {
            NumberStyle::DecimalComma
        } else {
            NumberStyle::DecimalPoint
        };
        let report = IngestReport {
            kind,
            encoding,
            delimiter: delimiter as char,
            headers: headers.clone(),
            mapping,
            slash_orders: orders,
            rows_read: 0,
            accepted: 0,
            quarantined: Vec::new(),
            warnings: 0,
            warnings_by_field: BTreeMap::new(),
            warning_samples: Vec::new(),
        };
        let mut columns = Columns {
            fields,
            values: Vec::new(),
            extra,
            pool: StringPool::default(),
            number_style,
        };
        columns.reserve(expected_rows);
        let mut ids = IdSet::default();
        if let Some(id) = columns
            .fields
            .iter()
            .find(|field| field.spec.field_type == FieldType::Id)
        {
            ids.reserve(expected_rows, &id.column);
        }
        Ingestion {
            kind,
            headers,
            decoder: text::StreamDecoder::new(encoding),
            reader: feed_reader(delimiter),
            record: csv::StringRecord::new(),
            spare: None,
            header_passed: false,
            columns,
            lines: Vec::with_capacity(expected_rows),
            ids,
            seat_users: FxHashSet::default(),
            total_bytes,
            raw_fed: 0,
            text_fed: 0,
            report,
        }
    }

    /// Reads as soon as `bytes` wait instead of `LOW_WATER`: for tests that
    /// feed tiny slices (it must exceed the longest record).
    pub fn with_low_water(mut self, bytes: usize) -> Ingestion {
        self.reader.get_mut().low_water = bytes;
        self
    }

    /// The next slice of the file; `last` for its final one.
    pub fn feed(&mut self, slice: &[u8], last: bool) {
        let text = self.decoder.decode(slice, last);
        self.raw_fed += slice.len() as u64;
        self.text_fed += text.len() as u64;
        self.reader.get_mut().push(&text, last);
    }

    /// Reads up to `max_rows` more records.
    pub fn step(&mut self, max_rows: usize) -> Step {
        for _ in 0..max_rows {
            if !self.reader.get_ref().ready() {
                return Step::NeedsInput;
            }
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return Step::Done,
                Err(error) => {
                    // Decoding makes the text valid UTF-8, so the reader has
                    // nothing left to fail on; keep going if it ever does.
                    let line = self.current_line();
                    self.warn(line, "", format!("unreadable row ({error})"));
                    continue;
                }
            }
            if is_blank(&self.record) {
                continue;
            }
            let line = self.current_line();
            if !self.header_passed {
                self.header_passed = true;
                continue;
            }
            self.read_row(line);
        }
        Step::Working
    }

    /// How far the reading is, from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.total_bytes == 0 || self.text_fed == 0 {
            return 0.0;
        }
        let read_of_fed = self.reader.position().byte() as f64 / self.text_fed as f64;
        (read_of_fed * self.raw_fed as f64 / self.total_bytes as f64).min(1.0)
    }

    pub fn rows_read(&self) -> u64 {
        self.report.rows_read
    }

    pub fn finish(mut self) -> Ingested {
        self.resolve_dates();
        let Columns {
            mut fields,
            mut extra,
            pool,
            ..
        } = self.columns;
        for column in fields
            .iter_mut()
            .map(|field| &mut field.column)
            .chain(extra.iter_mut().map(|(_, column)| column))
        {
            column.shrink_to_fit();
        }
        let mut lines = self.lines;
        lines.shrink_to_fit();
        let table = Table {
            rows: lines.len(),
            pool,
            fields: fields
                .into_iter()
                .map(|field| (field.spec.name.to_string(), field.column))
                .collect(),
            extra: extra
                .into_iter()
                .map(|(source, column)| (self.headers[source].clone(), column))
                .collect(),
            lines,
        };
        Ingested {
            table,
            report: self.report,
        }
    }

    /// Reads the deferred date columns now that every spelling is known: the
    /// slash order from all of them, then each distinct spelling once.
    fn resolve_dates(&mut self) {
        let mut late_warnings = Vec::new();
        for field in &mut self.columns.fields {
            let Some(deferred) = field.deferred.take() else {
                continue;
            };
            let order =
                values::detect_slash_order(deferred.spellings.iter().map(|spelling| &**spelling));
            if deferred
                .spellings
                .iter()
                .any(|spelling| spelling.contains('/'))
            {
                self.report
                    .slash_orders
                    .insert(field.spec.name.to_string(), order);
            }
            let days: Vec<Option<i32>> = deferred
                .spellings
                .iter()
                .map(|spelling| values::parse_date(spelling, order).map(table::date_to_days))
                .collect();
            let column: Vec<i32> = deferred
                .rows
                .iter()
                .enumerate()
                .map(|(row, &spelling)| {
                    if spelling == u32::MAX {
                        return table::MISSING_DATE;
                    }
                    days[spelling as usize].unwrap_or_else(|| {
                        let cell = &deferred.spellings[spelling as usize];
                        late_warnings.push((
                            self.lines[row] as u64,
                            field.spec.name,
                            format!("unreadable {} kept as missing: '{cell}'", field.spec.name),
                        ));
                        table::MISSING_DATE
                    })
                })
                .collect();
            field.column = Column::Date(column);
        }
        for (line, field, reason) in late_warnings {
            self.warn(line, field, reason);
        }
        self.report
            .warning_samples
            .sort_by_key(|problem| problem.line);
    }

    fn warn(&mut self, line: u64, field: &str, reason: String) {
        self.report.warnings += 1;
        *self
            .report
            .warnings_by_field
            .entry(field.to_string())
            .or_default() += 1;
        if self.report.warning_samples.len() < WARNING_SAMPLES {
            self.report.warning_samples.push(Problem {
                line,
                field: field.to_string(),
                reason,
            });
        }
    }

    fn quarantine(&mut self, line: u64, field: &str, reason: String) {
        let cells = self.record.iter().map(str::to_string).collect();
        self.report.quarantined.push(Quarantined {
            problem: Problem {
                line,
                field: field.to_string(),
                reason,
            },
            cells,
        });
    }

    /// The physical line (1-based) where the current record starts, as an
    /// editor shows it: newlines inside quoted cells count too.
    fn current_line(&mut self) -> u64 {
        let start = self.record.position().map_or(0, |position| position.byte());
        self.reader.get_mut().line_of(start)
    }

    fn read_row(&mut self, line: u64) {
        self.report.rows_read += 1;
        // The record is lent out while the row is read, and a spare takes its
        // place (a swap: no allocation per row).
        let spare = self.spare.take().unwrap_or_default();
        let record = std::mem::replace(&mut self.record, spare);
        let outcome = self.columns.read(&record);
        let problem = match outcome {
            Err(problem) => Some(problem),
            Ok(warnings) => {
                // One of a group (signals: account_id or company_id) must be filled.
                if let Some(group) = self.missing_group() {
                    Some((group, format!("missing {group}")))
                } else if let Some(reason) = self.duplicate(&record) {
                    Some((fields::id_field(self.kind).unwrap_or("user_id"), reason))
                } else {
                    for (field, reason) in warnings {
                        self.warn(line, field, reason);
                    }
                    if record.len() > self.headers.len() {
                        let extra = record.len() - self.headers.len();
                        self.warn(
                            line,
                            "",
                            format!("{extra} cell(s) beyond the last header ignored"),
                        );
                    }
                    self.columns.push(&record);
                    self.lines.push(line as u32);
                    self.report.accepted += 1;
                    None
                }
            }
        };
        self.spare = Some(std::mem::replace(&mut self.record, record));
        if let Some((field, reason)) = problem {
            self.quarantine(line, field, reason);
        }
    }

    fn missing_group(&self) -> Option<&'static str> {
        let mut groups: BTreeMap<&'static str, bool> = BTreeMap::new();
        for (field, value) in self.columns.fields.iter().zip(&self.columns.values) {
            if let Presence::OneOf(group) = field.spec.presence {
                *groups.entry(group).or_default() |= !matches!(value, Value::Missing);
            }
        }
        for spec in fields::fields(self.kind) {
            if let Presence::OneOf(group) = spec.presence {
                groups.entry(group).or_default();
            }
        }
        groups
            .into_iter()
            .find(|(_, filled)| !filled)
            .map(|(group, _)| group)
    }

    /// `duplicate id` for a repeated record id; for seats, `duplicate user` for a
    /// repeated `user_id` or email (`USAGE.md` §2). Records the row's keys when
    /// it is not a duplicate.
    fn duplicate(&mut self, record: &csv::StringRecord) -> Option<String> {
        let id_index = fields::id_field(self.kind).and_then(|name| {
            self.columns
                .fields
                .iter()
                .position(|field| field.spec.name == name)
        });
        let id = id_index.and_then(|index| {
            self.columns
                .text_of(record, self.columns.fields[index].spec.name)
        });
        if let (Some(id), Some(index)) = (id, id_index) {
            if self.ids.contains(id, &self.columns.fields[index].column) {
                return Some("duplicate id".to_string());
            }
        }
        let users: Vec<String> = if self.kind == SourceKind::Seats {
            let user = self
                .columns
                .text_of(record, "user_id")
                .map(|user| format!("u:{user}"));
            let email = self
                .columns
                .text_of(record, "email")
                .map(|email| format!("e:{}", email.to_lowercase()));
            user.into_iter().chain(email).collect()
        } else {
            Vec::new()
        };
        if users.iter().any(|user| self.seat_users.contains(user)) {
            return Some("duplicate user".to_string());
        }
        if let (Some(id), Some(index)) = (id, id_index) {
            self.ids.insert(
                id,
                self.lines.len() as u32,
                &self.columns.fields[index].column,
            );
        }
        self.seat_users.extend(users);
        None
    }
}

/// The ids of accepted rows: a hash table of row numbers (4 bytes an id),
/// confirmed against the id column itself, so that ten million ids cost tens of
/// megabytes, not hundreds, and no allocation per row.
#[derive(Default)]
struct IdSet {
    rows: hashbrown::HashTable<u32>,
}

impl IdSet {
    fn hash(id: &str) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault};
        BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(id)
    }

    /// Whether `id` was accepted before; `column` holds the accepted ids.
    fn contains(&self, id: &str, column: &Column) -> bool {
        self.rows
            .find(Self::hash(id), |&row| column.text_at(row as usize) == id)
            .is_some()
    }

    /// Records that `row` (about to be pushed to `column`) has `id`.
    fn insert(&mut self, id: &str, row: u32, column: &Column) {
        self.rows.insert_unique(Self::hash(id), row, |&other| {
            Self::hash(column.text_at(other as usize))
        });
    }

    fn reserve(&mut self, rows: usize, column: &Column) {
        self.rows
            .reserve(rows, |&other| Self::hash(column.text_at(other as usize)));
    }
}

pub(super) fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

pub(super) fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|cell| trim_cell(cell).is_empty())
}

/// Trims a cell: ASCII white space quickly, other white space (a non-breaking
/// space, say) only when the cell begins or ends with a non-ASCII character.
fn trim_cell(cell: &str) -> &str {
    let trimmed = cell.trim_ascii();
    match (trimmed.as_bytes().first(), trimmed.as_bytes().last()) {
        (Some(first), Some(last)) if *first >= 0x80 || *last >= 0x80 => trimmed.trim(),
        _ => trimmed,
    }
}

impl PartialOrd for SlashOrder {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SlashOrder {
    /// Day-first wins once seen.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self == SlashOrder::DayFirst).cmp(&(*other == SlashOrder::DayFirst))
    }
}

fn empty_column(field_type: FieldType) -> Column {
    use FieldType::*;
    match field_type {
        Id | Text | Website => Column::Text {
            bytes: String::new(),
            ends: Vec::new(),
        },
        Label | Token | Country | Seniority | SeatStatus => Column::Label(Vec::new()),
        Number | Fraction => Column::Number(Vec::new()),
        Date => Column::Date(Vec::new()),
        DateTime => Column::Moment(Vec::new()),
        Bool => Column::Bool(Vec::new()),
        List | TokenList => Column::List {
            items: Vec::new(),
            ends: Vec::new(),
        },
    }
}

/// Reads a non-empty, trimmed cell as its field's type; `None` when it cannot
/// be read. Normalised labels and dates are memoised per field.
fn read_value(
    field: &mut FieldReader,
    cell: &str,
    style: NumberStyle,
    pool: &mut StringPool,
) -> Option<Value> {
    use FieldType::*;
    let field_type = field.spec.field_type;
    if let Some(deferred) = &mut field.deferred {
        return Some(Value::Spelling(deferred.spelling(cell)));
    }
    if field_type == Label {
        if field.last.0 != cell {
            field.last.0.clear();
            field.last.0.push_str(cell);
            field.last.1 = pool.intern(cell);
        }
        return Some(Value::Code(field.last.1));
    }
    let memoised = matches!(field_type, Token | Country | Seniority | SeatStatus | Date);
    if memoised {
        if let Some(memo) = field.memo.get(cell) {
            return memo.map(|memo| match memo {
                Memo::Code(code) => Value::Code(code),
                Memo::Date(days) => Value::Date(days),
            });
        }
    }
    let value = match field_type {
        Id | Text => Value::Text,
        Label => Value::Code(pool.intern(cell)),
        Number | Fraction => Value::Number(values::parse_number(cell, style)?),
        DateTime => Value::Moment(values::parse_datetime(cell, field.order)?),
        Bool => Value::Bool(values::parse_bool(cell)?),
        List => Value::List(
            values::parse_list(cell)
                .into_iter()
                .map(|item| pool.intern(item))
                .collect(),
        ),
        TokenList => Value::List(
            values::parse_list(cell)
                .into_iter()
                .map(|item| pool.intern(&values::normalize_token(item)))
                .collect(),
        ),
        // Mostly distinct (one per company): kept as text, not interned.
        Website => Value::Made(domain::registrable_domain(cell)?),
        Token | Country | Seniority | SeatStatus | Date => {
            let memo = match field_type {
                Date => values::parse_date(cell, field.order)
                    .map(|date| Memo::Date(table::date_to_days(date))),
                Token => Some(Memo::Code(pool.intern(&values::normalize_token(cell)))),
                Country => {
                    country::normalize_country(cell).map(|code| Memo::Code(pool.intern(code)))
                }
                Seniority => Some(Memo::Code(
                    pool.intern(seniority::canonical_seniority(cell).unwrap_or(cell)),
                )),
                _ => values::parse_seat_status(cell).map(|status| Memo::Code(pool.intern(status))),
            };
            if field.memo.len() < MEMO_LIMIT {
                field.memo.insert(cell.into(), memo);
            }
            match memo? {
                Memo::Code(code) => Value::Code(code),
                Memo::Date(days) => Value::Date(days),
            }
        }
    };
    Some(value)
}

/// Appends a value to its column; `cell` is the trimmed cell, for text.
fn push_value(column: &mut Column, value: Value, cell: &str) {
    match (column, value) {
        (Column::Text { bytes, ends }, value) => {
            match value {
                Value::Text => bytes.push_str(cell),
                Value::Made(text) => bytes.push_str(&text),
                _ => {}
            }
            ends.push(bytes.len() as u32);
        }
        (Column::Label(codes), Value::Code(code)) => codes.push(code),
        (Column::Label(codes), _) => codes.push(0),
        (Column::Number(numbers), Value::Number(number)) => numbers.push(number),
        (Column::Number(numbers), _) => numbers.push(f64::NAN),
        (Column::Date(days), Value::Date(day)) => days.push(day),
        (Column::Date(days), _) => days.push(table::MISSING_DATE),
        (Column::Moment(moments), Value::Moment(moment)) => moments.push(moment),
        (Column::Moment(moments), _) => moments.push(table::MISSING_MOMENT),
        (Column::Bool(flags), Value::Bool(flag)) => flags.push(u8::from(flag)),
        (Column::Bool(flags), _) => flags.push(table::MISSING_BOOL),
        (Column::List { items, ends }, Value::List(list)) => {
            items.extend(list);
            ends.push(items.len() as u32);
        }
        (Column::List { items, ends }, _) => ends.push(items.len() as u32),
    }
}
