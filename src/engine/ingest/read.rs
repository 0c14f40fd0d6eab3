//! Reading rows: [`Ingestion`] turns a file's text into typed columns, a
//! bounded number of rows at a time, quarantining the rows that must be and
//! counting the warnings (`DATA.md`).

use super::fields::{self, FieldSpec, FieldType, Presence};
use super::mapping::{self, Mapping};
use super::records::{Next, Record, RecordReader};
use super::table::{self, Column, StringPool, Table};
use super::text::{self, TextEncoding};
use super::values::{self, NumberStyle, Screened, SlashOrder};
use super::{country, domain, linkedin, seniority};
use super::{IngestError, IngestOptions, IngestReport, Ingested, Problem, WARNING_SAMPLES};
use crate::engine::source_kind::SourceKind;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

mod ids;
#[cfg(not(target_arch = "wasm32"))]
mod parts;
use ids::{IdSet, Probe};
#[cfg(not(target_arch = "wasm32"))]
pub use parts::read_in_parts;

/// A mapped field while its column is being built.
struct FieldReader {
    spec: &'static FieldSpec,
    source: usize,
    order: SlashOrder,
    column: Column,
    /// Cells already read, by their text: a country, a date or a status is read
    /// once per distinct spelling, not once per row. `None`: unreadable.
    memo: FxHashMap<Box<str>, Option<Memo>>,
    /// The code of the previous row's label: exports sorted by company or
    /// owner repeat a label row after row, and comparing with the last one (in
    /// the pool: no copy of it is kept) is cheaper than any lookup.
    last_label: Option<u32>,
    /// For optional date fields: the spellings seen, read only at the end, once
    /// the column's slash order is known (no second pass over the file).
    deferred: Option<DeferredDates>,
    /// The text made from the current row's cell ([`Value::Made`]): one
    /// buffer reused row after row.
    made: String,
}

/// An optional date column while the file is read: each row's spelling, by
/// index into the distinct spellings, or the date's numbers themselves when it
/// is written in one of the two usual shapes ([`PackedDate`]: no look-up).
#[derive(Default)]
struct DeferredDates {
    spellings: Vec<Box<str>>,
    index: FxHashMap<Box<str>, u32>,
    /// Per accepted row: a spelling's index, a [`PackedDate`], or
    /// [`NO_DATE`] when the cell was empty.
    rows: Vec<u32>,
    /// A packed `a/b/yyyy` with `a` over 12 was seen: the column is day-first.
    day_first_seen: bool,
    slash_seen: bool,
}

/// A deferred row whose cell was empty.
const NO_DATE: u32 = u32::MAX;

impl DeferredDates {
    fn spelling(&mut self, cell: &str) -> u32 {
        if let Some(packed) = PackedDate::pack(cell) {
            self.slash_seen |= packed.is_slash();
            self.day_first_seen |= packed.is_slash() && packed.first() > 12;
            return packed.0;
        }
        if let Some(&index) = self.index.get(cell) {
            return index;
        }
        let index = self.spellings.len() as u32;
        self.spellings.push(cell.into());
        self.index.insert(cell.into(), index);
        index
    }
}

/// A date written `m/d/yyyy` or `d/m/yyyy` (one or two digits each) or
/// `yyyy-mm-dd`, as its numbers in a `u32` whose top bit is set (spelling
/// indexes never reach it): the year times 10,000 plus the first number times
/// 100 plus the second, the shape, and each number's width, so that the
/// spelling can be written back exactly for a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PackedDate(u32);

impl PackedDate {
    const PACKED: u32 = 1 << 31;
    const ISO: u32 = 1 << 30;
    const FIRST_WIDE: u32 = 1 << 29;
    const SECOND_WIDE: u32 = 1 << 28;

    fn pack(cell: &str) -> Option<PackedDate> {
        let bytes = cell.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = bytes.get(range)?;
            part.iter().try_fold(0u32, |value, &byte| {
                byte.is_ascii_digit()
                    .then(|| value * 10 + u32::from(byte - b'0'))
            })
        };
        if bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' {
            let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
            return Some(PackedDate(
                Self::PACKED | Self::ISO | (year * 10_000 + month * 100 + day),
            ));
        }
        let first_end = bytes.iter().position(|&byte| byte == b'/')?;
        let second_end = first_end
            + 1
            + bytes[first_end + 1..]
                .iter()
                .position(|&byte| byte == b'/')?;
        let (first_width, second_width) = (first_end, second_end - first_end - 1);
        if !(1..=2).contains(&first_width)
            || !(1..=2).contains(&second_width)
            || bytes.len() != second_end + 5
        {
            return None;
        }
        let (first, second) = (digits(0..first_end)?, digits(first_end + 1..second_end)?);
        let year = digits(second_end + 1..bytes.len())?;
        let mut packed = Self::PACKED | (year * 10_000 + first * 100 + second);
        if first_width == 2 {
            packed |= Self::FIRST_WIDE;
        }
        if second_width == 2 {
            packed |= Self::SECOND_WIDE;
        }
        Some(PackedDate(packed))
    }

    fn of(row: u32) -> Option<PackedDate> {
        (row != NO_DATE && row & Self::PACKED != 0).then_some(PackedDate(row))
    }

    fn numbers(self) -> u32 {
        self.0 & (Self::SECOND_WIDE - 1)
    }

    fn is_slash(self) -> bool {
        self.0 & Self::ISO == 0
    }

    fn first(self) -> u32 {
        self.numbers() / 100 % 100
    }

    /// Days since the epoch, read in `order`; `None` for no such date.
    fn days(self, order: SlashOrder) -> Option<i32> {
        let numbers = self.numbers();
        let (year, first, second) = (numbers / 10_000, numbers / 100 % 100, numbers % 100);
        let (month, day) = match (self.is_slash(), order) {
            (true, SlashOrder::DayFirst) => (second, first),
            _ => (first, second),
        };
        chrono::NaiveDate::from_ymd_opt(year as i32, month, day).map(table::date_to_days)
    }

    /// The spelling it was packed from.
    fn spelling(self) -> String {
        let numbers = self.numbers();
        let (year, first, second) = (numbers / 10_000, numbers / 100 % 100, numbers % 100);
        if !self.is_slash() {
            return format!("{year:04}-{first:02}-{second:02}");
        }
        let first_width = if self.0 & Self::FIRST_WIDE != 0 { 2 } else { 1 };
        let second_width = if self.0 & Self::SECOND_WIDE != 0 {
            2
        } else {
            1
        };
        format!("{first:0first_width$}/{second:0second_width$}/{year:04}")
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
    /// Text made from the cell (a website's domain), in its field's `made`.
    Made,
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
///
/// A row's values go straight into the columns as its cells are read, and a
/// row that turns out to be quarantined is taken back out ([`Columns::reject_row`]):
/// rows are nearly always accepted, so this is cheaper than holding every
/// row's values aside until it is.
struct Columns {
    fields: Vec<FieldReader>,
    /// Unmapped source columns, kept as text.
    extra: Vec<(usize, Column)>,
    pool: StringPool,
    number_style: NumberStyle,
    /// The source line of each accepted row: every column holds as many
    /// rows, plus the current row's values while it is read.
    lines: Vec<u32>,
    /// Which of the current row's fields are missing (one flag per field).
    missing: Vec<bool>,
    /// The position in `fields` of the record id and, for seats, of `user_id`
    /// and `email`.
    id_field: Option<usize>,
    user_field: Option<usize>,
    email_field: Option<usize>,
}

/// A row's warnings, or the field and reason that quarantine it.
type RowRead = Result<Vec<(&'static str, String)>, (&'static str, String)>;

impl Columns {
    /// Reads a row's cells into the columns: its warnings, or why it must be
    /// quarantined (then [`Columns::reject_row`] takes it back out).
    fn push_row(&mut self, record: &Record) -> RowRead {
        let mut warnings = Vec::new();
        for (index, field) in self.fields.iter_mut().enumerate() {
            let (cell, spreadsheet_error) =
                match values::screen_cell(trim_cell(record.get(field.source).unwrap_or(""))) {
                    Screened::Value(cell) => (cell, false),
                    Screened::Missing => ("", false),
                    Screened::SpreadsheetError(cell) => (cell, true),
                };
            let value = if cell.is_empty() || spreadsheet_error {
                None
            } else {
                read_value(field, cell, self.number_style, &mut self.pool)
            };
            if value.is_none() {
                let name = field.spec.name;
                // A mapped id column must hold every row's id.
                if matches!(field.spec.presence, Presence::Required | Presence::Identity) {
                    return Err(if cell.is_empty() {
                        (name, format!("missing {name}"))
                    } else if spreadsheet_error {
                        (name, format!("spreadsheet error {cell}"))
                    } else {
                        (name, format!("unreadable {name}: '{cell}'"))
                    });
                }
                if spreadsheet_error {
                    warnings.push((
                        name,
                        format!("spreadsheet error {cell} in {name} kept as missing"),
                    ));
                } else if !cell.is_empty() {
                    warnings.push((name, format!("unreadable {name} kept as missing: '{cell}'")));
                }
            }
            self.missing[index] = value.is_none();
            let value = value.unwrap_or(Value::Missing);
            if let Some(deferred) = &mut field.deferred {
                deferred.rows.push(match value {
                    Value::Spelling(index) => index,
                    _ => NO_DATE,
                });
            } else {
                let text = match value {
                    Value::Made => field.made.as_str(),
                    _ => cell,
                };
                push_value(&mut field.column, value, text);
            }
        }
        for (source, column) in &mut self.extra {
            push_value(
                column,
                Value::Text,
                trim_cell(record.get(*source).unwrap_or("")),
            );
        }
        Ok(warnings)
    }

    /// Makes room for the text of `rows` more rows, like the rows so far,
    /// but never more than `at_most` bytes in all: rows so far may be far
    /// longer than the rest (a file sorted by a long column).
    fn reserve_content(&mut self, rows: usize, at_most: usize) {
        let fields = self.fields.iter_mut().map(|field| &mut field.column);
        let mut columns: Vec<&mut Column> = fields
            .chain(self.extra.iter_mut().map(|(_, column)| column))
            .collect();
        let rooms: Vec<usize> = columns
            .iter()
            .map(|column| column.content_room_like_so_far(rows))
            .collect();
        let wanted: usize = rooms.iter().sum();
        let share = (at_most as f64 / wanted.max(1) as f64).min(1.0);
        for (column, room) in columns.iter_mut().zip(rooms) {
            column.reserve_content((room as f64 * share) as usize);
        }
    }

    /// The bytes each row takes in the fixed-width part of the columns.
    fn bytes_per_row(&self) -> usize {
        // The row's line, then one value per field.
        4 + self
            .fields
            .iter()
            .map(|field| field.column.bytes_per_row())
            .sum::<usize>()
    }

    /// Rows accepted.
    fn rows(&self) -> usize {
        self.lines.len()
    }

    /// Keeps the row just read, from source line `line`.
    fn accept_row(&mut self, line: u64) {
        self.lines.push(line as u32);
    }

    /// Takes the row just read (all or some of its values) back out.
    fn reject_row(&mut self) {
        let rows = self.rows();
        for field in &mut self.fields {
            match &mut field.deferred {
                Some(deferred) => deferred.rows.truncate(rows),
                None => field.column.truncate(rows),
            }
        }
        for (_, column) in &mut self.extra {
            column.truncate(rows);
        }
    }

    /// Makes room for `rows` rows in every column, up front.
    fn reserve(&mut self, rows: usize) {
        self.lines.reserve(rows);
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

    /// The value of `fields[index]` in the row just read, as text, for the
    /// duplicate checks; `None` when it is missing.
    fn text_of(&self, index: Option<usize>) -> Option<&str> {
        let index = index?;
        if self.missing[index] {
            return None;
        }
        match &self.fields[index].column {
            Column::Label(codes) => Some(self.pool.get(*codes.get(self.rows())?)),
            column @ Column::Text { .. } => Some(column.text_at(self.rows())),
            _ => None,
        }
    }
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
    /// The line of the header row (1-based): after a preamble, not line 1.
    pub header_line: u64,
    /// Lines read as Windows-1252 in a file otherwise UTF-8 (see [`Scan`]).
    windows1252_lines: u64,
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
pub(super) fn header_and_samples(
    text: &str,
    delimiter: u8,
    kind: SourceKind,
    samples: usize,
) -> Option<(u64, Vec<String>, Vec<Vec<String>>)> {
    let records = super::records::first_records(text, delimiter, PREAMBLE_RECORDS + samples);
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
    orders: BTreeMap<String, SlashOrder>,
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
    reader: RecordReader,
    /// Whether the header record was passed (the reader sees it again).
    header_passed: bool,
    header_line: u64,
    /// A blank line was read since the last row: one-cell lines after it may
    /// be a report's footer.
    after_blank: bool,
    /// Line ends read up to the end of the previous record.
    lines_read: u64,
    /// One-cell lines after a blank line, held until a row follows them (then
    /// they are rows) or the file ends (then they are its footer).
    footer: Vec<Record>,
    columns: Columns,
    ids: IdSet,
    seat_users: FxHashSet<String>,
    total_bytes: u64,
    /// The rows the file likely has (from its first slice's bytes per line).
    expected_rows: usize,
    report: IngestReport,
}

/// After this many rows, the text columns are sized for the whole file.
const SIZING_ROWS: usize = 1_000;

impl Ingestion {
    /// Starts reading a file of `total_bytes` by its plan (after its [`Scan`]
    /// when it needs one; without, the file is read as UTF-8).
    pub fn new(plan: Plan, total_bytes: u64) -> Ingestion {
        let Plan {
            kind,
            encoding,
            delimiter,
            header_line,
            windows1252_lines,
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
                    last_label: None,
                    deferred: (spec.field_type == FieldType::Date
                        && spec.presence == Presence::Optional)
                        .then(DeferredDates::default),
                    made: String::new(),
                })
            })
            .collect();
        let extra = (0..headers.len())
            .filter(|column| !mapping.is_mapped(*column))
            .map(|column| (column, Column::sparse()))
            .collect();
        let number_style = if delimiter == b';' {
            NumberStyle::DecimalComma
        } else {
            NumberStyle::DecimalPoint
        };
        let report = IngestReport {
            encoding,
            delimiter: delimiter as char,
            header_line,
            headers: headers.clone(),
            mapping,
            slash_orders: orders,
            windows1252_lines,
            ..IngestReport::empty(kind)
        };
        let position = |name: &str| fields.iter().position(|field| field.spec.name == name);
        let id_field = fields::id_field(kind).and_then(position);
        let (user_field, email_field) = if kind == SourceKind::Seats {
            (position("user_id"), position("email"))
        } else {
            (None, None)
        };
        let mut columns = Columns {
            missing: vec![false; fields.len()],
            fields,
            lines: Vec::new(),
            extra,
            pool: StringPool::default(),
            number_style,
            id_field,
            user_field,
            email_field,
        };
        // Room made before the rows are read stays within the file's size:
        // a head that misleads the estimate asks for no more than that.
        let id_bytes = if columns.id_field.is_some() { 24 } else { 0 };
        let reserved_rows =
            expected_rows.min(total_bytes as usize / (columns.bytes_per_row() + id_bytes));
        columns.reserve(reserved_rows);
        let ids = IdSet::with_room(if columns.id_field.is_some() {
            reserved_rows
        } else {
            0
        });
        Ingestion {
            kind,
            headers,
            reader: RecordReader::new(delimiter, text::StreamDecoder::new(encoding)),
            header_passed: false,
            header_line,
            after_blank: false,
            lines_read: 0,
            footer: Vec::new(),
            columns,
            ids,
            seat_users: FxHashSet::default(),
            total_bytes,
            expected_rows,
            report,
        }
    }

    /// The next slice of the file; `last` for its final one.
    pub fn feed(&mut self, slice: &[u8], last: bool) {
        self.reader.feed(slice, last);
    }

    /// Reads up to `max_rows` more records.
    pub fn step(&mut self, max_rows: usize) -> Step {
        for _ in 0..max_rows {
            match self.reader.next() {
                Next::Record => {}
                Next::NeedsInput => return Step::NeedsInput,
                Next::End => return Step::Done,
            }
            let record = self.reader.record();
            // Blank lines are no records: a gap in the lines shows them.
            let after_gap = record.line() > self.lines_read + 1;
            self.lines_read = self.reader.lines();
            if !self.header_passed {
                // The preamble and the header row itself.
                self.header_passed = record.line() >= self.header_line && !record.is_blank();
                continue;
            }
            if record.is_blank() {
                self.after_blank = true;
                continue;
            }
            self.after_blank |= after_gap;
            if self.after_blank && self.headers.len() > 1 && record.filled_cells() <= 1 {
                let record = self.reader.take_record();
                self.footer.push(record);
                continue;
            }
            self.after_blank = false;
            if !self.footer.is_empty() {
                self.footer_as_rows();
            }
            let record = self.reader.take_record();
            let record = self.read_record(record);
            self.reader.restore(record);
        }
        Step::Working
    }

    /// Reads the one-cell lines held as a possible footer as rows: a row
    /// followed them, or a part that is not the file's last ends with them.
    pub(super) fn footer_as_rows(&mut self) {
        for held in std::mem::take(&mut self.footer) {
            self.read_record(held);
        }
    }

    /// How far the reading is, from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.total_bytes == 0 {
            return 0.0;
        }
        (self.reader.raw_consumed() / self.total_bytes as f64).min(1.0)
    }

    pub fn rows_read(&self) -> u64 {
        self.report.rows_read
    }

    pub fn finish(mut self) -> Ingested {
        // Lines after the last row, a blank line and one cell each: a report's
        // footer (organisation, copyright, "Generated By"), never rows.
        self.report.footer_lines = self.footer.len() as u64;
        if self.report.windows1252_lines > 0 {
            let lines = self.report.windows1252_lines;
            self.warn(
                0,
                "",
                format!("{lines} line(s) not in UTF-8, read as Windows-1252 (the rest is UTF-8)"),
            );
        }
        self.resolve_dates();
        let Columns {
            mut fields,
            mut extra,
            pool,
            mut lines,
            ..
        } = self.columns;
        for column in fields
            .iter_mut()
            .map(|field| &mut field.column)
            .chain(extra.iter_mut().map(|(_, column)| column))
        {
            column.shrink_to_fit();
        }
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
                .map(|(source, column)| (self.headers[source].clone(), column.densified()))
                .collect(),
            lines,
        };
        let mut ingested = Ingested {
            table,
            report: self.report,
        };
        super::derive::complete(&mut ingested);
        ingested
    }

    /// Reads the deferred date columns now that every spelling is known: the
    /// slash order from all of them, then each distinct spelling once.
    fn resolve_dates(&mut self) {
        let mut late_warnings = Vec::new();
        for field in &mut self.columns.fields {
            let Some(deferred) = field.deferred.take() else {
                continue;
            };
            let order = if deferred.day_first_seen {
                SlashOrder::DayFirst
            } else {
                values::detect_slash_order(deferred.spellings.iter().map(|spelling| &**spelling))
            };
            if deferred.slash_seen
                || deferred
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
            let mut packed_days: FxHashMap<u32, Option<i32>> = FxHashMap::default();
            let column: Vec<i32> = deferred
                .rows
                .iter()
                .enumerate()
                .map(|(row, &spelling)| {
                    if spelling == NO_DATE {
                        return table::MISSING_DATE;
                    }
                    let day = match PackedDate::of(spelling) {
                        Some(packed) => *packed_days
                            .entry(spelling)
                            .or_insert_with(|| packed.days(order)),
                        None => days[spelling as usize],
                    };
                    day.unwrap_or_else(|| {
                        let cell = match PackedDate::of(spelling) {
                            Some(packed) => packed.spelling(),
                            None => deferred.spellings[spelling as usize].to_string(),
                        };
                        late_warnings.push((
                            self.columns.lines[row] as u64,
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

    fn quarantine(&mut self, record: &Record, field: &str, reason: String) {
        self.report
            .quarantined
            .push(record.line(), field, &reason, record.iter());
    }

    /// Reads one record as a row (or skips it, a repeated header row), and
    /// gives it back for its buffers to be used again.
    fn read_record(&mut self, record: Record) -> Record {
        if record.quote_left_open() {
            self.warn(
                record.line(),
                "",
                "a quote opens a cell that never closes: this line is read as it is, quotes included, and the lines after it as rows".to_string(),
            );
        }
        if self.is_header_again(&record) {
            self.report.repeated_headers += 1;
            self.warn(
                record.line(),
                "",
                "a repeated header row skipped".to_string(),
            );
            return record;
        }
        self.read_row(&record);
        record
    }

    /// Whether a record repeats the header row (lists pasted together).
    fn is_header_again(&self, record: &Record) -> bool {
        let same = |index: usize| {
            trim_cell(record.get(index).unwrap_or("")) == self.headers[index].as_str()
        };
        !self.headers.is_empty()
            && same(0)
            && record.len() >= self.headers.len()
            && (1..self.headers.len()).all(same)
    }

    fn read_row(&mut self, record: &Record) {
        self.report.rows_read += 1;
        let line = record.line();
        // The id's slot is fetched into the cache while the row's cells are read.
        if let Some(index) = self.columns.id_field {
            let source = self.columns.fields[index].source;
            let id = trim_cell(record.get(source).unwrap_or(""));
            self.ids.prefetch(IdSet::hash(id));
        }
        let problem = match self.columns.push_row(record) {
            Err(problem) => Some(problem),
            Ok(warnings) => {
                if let Some(reason) = self.duplicate() {
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
                    self.columns.accept_row(line);
                    self.report.accepted += 1;
                    if self.columns.rows() == SIZING_ROWS {
                        let rows_left = self.expected_rows.saturating_sub(SIZING_ROWS);
                        self.columns
                            .reserve_content(rows_left, self.total_bytes as usize);
                    }
                    None
                }
            }
        };
        if let Some((field, reason)) = problem {
            self.columns.reject_row();
            self.quarantine(record, field, reason);
        }
    }

    /// `duplicate id` for a repeated record id; for seats, `duplicate user` for a
    /// repeated `user_id` or email (`USAGE.md` §2). Records the row's keys when
    /// it is not a duplicate.
    fn duplicate(&mut self) -> Option<String> {
        let columns = &self.columns;
        let id = columns.text_of(columns.id_field);
        let id_slot = match (id, columns.id_field) {
            (Some(id), Some(index)) => {
                let hash = IdSet::hash(id);
                match self.ids.probe(hash, id, &columns.fields[index].column) {
                    Probe::Seen => return Some("duplicate id".to_string()),
                    Probe::Vacant(at) => Some((at, hash)),
                }
            }
            _ => None,
        };
        let users: Vec<String> = if self.kind == SourceKind::Seats {
            let user = columns
                .text_of(columns.user_field)
                .map(|user| format!("u:{user}"));
            let email = columns
                .text_of(columns.email_field)
                .map(|email| format!("e:{}", email.to_lowercase()));
            user.into_iter().chain(email).collect()
        } else {
            Vec::new()
        };
        if users.iter().any(|user| self.seat_users.contains(user)) {
            return Some("duplicate user".to_string());
        }
        if let Some((at, hash)) = id_slot {
            self.ids.fill(at, hash, columns.rows() as u32);
        }
        self.seat_users.extend(users);
        None
    }
}

/// Trims a cell: ASCII white space quickly, other white space (a non-breaking
/// space, say) only when the cell begins or ends with a non-ASCII character.
pub(super) fn trim_cell(cell: &str) -> &str {
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
        Id | Text | Website | LinkedinUrl => Column::Text {
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
        let code = match field.last_label {
            Some(code) if pool.get(code) == cell => code,
            _ => pool.intern(cell),
        };
        field.last_label = Some(code);
        return Some(Value::Code(code));
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
        Website => {
            if !domain::registrable_domain_into(cell, &mut field.made) {
                return None;
            }
            Value::Made
        }
        LinkedinUrl => {
            if !linkedin::normalize_into(cell, &mut field.made) {
                return None;
            }
            Value::Made
        }
        Token | Country | Seniority | SeatStatus | Date => {
            let memo = match field_type {
                Date => values::parse_date(cell, field.order)
                    .map(|date| Memo::Date(table::date_to_days(date))),
                Token => Some(Memo::Code(pool.intern(&values::normalize_token(cell)))),
                Country => country::normalize_country(cell)
                    .or_else(|| {
                        // A free-text location: its last part names the country.
                        let (_, last) = cell.rsplit_once(',')?;
                        country::normalize_country(last)
                    })
                    .map(|code| Memo::Code(pool.intern(code))),
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
            if matches!(value, Value::Text | Value::Made) {
                bytes.push_str(cell);
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
        (column @ Column::Sparse(_), value) => {
            column.push_text(if matches!(value, Value::Text | Value::Made) {
                cell
            } else {
                ""
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A packed date reads as `values::parse_date` reads its spelling, in
    /// either order, and gives its spelling back exactly.
    #[test]
    fn packed_dates_read_as_their_spelling() {
        for spelling in [
            "1/2/2026",
            "01/02/2026",
            "12/31/2025",
            "31/12/2025",
            "2/29/2024",
            "2/29/2025",
            "0/1/2026",
            "13/13/2026",
            "2026-02-28",
            "2026-02-30",
            "2026-13-01",
            "0000-01-01",
            "9/09/1999",
            "09/9/1999",
        ] {
            let packed = PackedDate::pack(spelling).unwrap_or_else(|| panic!("{spelling}"));
            assert_eq!(packed.spelling(), spelling);
            for order in [SlashOrder::MonthFirst, SlashOrder::DayFirst] {
                assert_eq!(
                    packed.days(order),
                    values::parse_date(spelling, order).map(table::date_to_days),
                    "{spelling} {order:?}"
                );
            }
        }
        for other in [
            "1/2/26",
            "123/1/2026",
            "1/2/2026 10:00",
            "2026-2-28",
            "2026-02-28T10:00:00Z",
            "Jan 5, 2026",
            "1//2026",
            "/1/2026",
            "a/b/cdef",
            "1/2/２０２６",
        ] {
            assert_eq!(PackedDate::pack(other), None, "{other}");
        }
    }
}
