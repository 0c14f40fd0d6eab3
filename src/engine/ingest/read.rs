//! Reading rows: [`Ingestion`] turns a file's text into typed columns, a
//! bounded number of rows at a time, quarantining the rows that must be and
//! counting the warnings (`docs/inputs.md`).
//!
//! Its parts: [`plan`] and [`Scan`] (what the file is, before any row),
//! `columns` (a cell read as its field's type, a row pushed or taken back),
//! `dates` (optional dates read once their column's order is known), `ids`
//! (duplicate ids) and, natively, `parts` (a large file read on every core).

use super::fields::{self, FieldType, Presence};
use super::records::{Next, Record, RecordReader};
use super::table::{self, Column, StringPool, Table};
use super::text::{self, TextEncoding};
use super::values::{self, NumberStyle, SlashOrder};
use super::{IngestReport, Ingested, Problem, WARNING_SAMPLES};
use crate::engine::source_kind::SourceKind;
use rustc_hash::{FxHashMap, FxHashSet};

mod columns;
mod dates;
mod ids;
#[cfg(not(target_arch = "wasm32"))]
mod parts;
mod plan;
use columns::{empty_column, Columns, FieldReader};
use dates::{DeferredDates, PackedDate, NO_DATE};
use ids::{IdSet, Probe};
#[cfg(not(target_arch = "wasm32"))]
pub use parts::read_in_parts;
pub(super) use plan::header_and_samples;
pub use plan::{plan, Plan, Scan, MAX_COLUMNS};

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
    /// repeated `user_id` or email (`docs/usage.md`, "Who counts"). Records the row's keys when
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
