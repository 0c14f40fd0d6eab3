//! The columns a file's rows are read into: each mapped field's reader (its
//! memo of spellings already read, its deferred dates), a cell read as its
//! field's type, and a row pushed into the columns or taken back out when it
//! is quarantined.

use super::super::fields::{FieldSpec, FieldType, Presence};
use super::super::records::Record;
use super::super::table::{self, Column, StringPool};
use super::super::values::{self, NumberStyle, Screened, SlashOrder};
use super::super::{country, domain, linkedin, seniority};
use super::dates::{DeferredDates, NO_DATE};
use super::trim_cell;
use rustc_hash::FxHashMap;

/// A mapped field while its column is being built.
pub(super) struct FieldReader {
    pub(super) spec: &'static FieldSpec,
    pub(super) source: usize,
    pub(super) order: SlashOrder,
    pub(super) column: Column,
    /// Cells already read, by their text: a country, a date or a status is read
    /// once per distinct spelling, not once per row. `None`: unreadable.
    pub(super) memo: FxHashMap<Box<str>, Option<Memo>>,
    /// The code of the previous row's label: exports sorted by company or
    /// owner repeat a label row after row, and comparing with the last one (in
    /// the pool: no copy of it is kept) is cheaper than any lookup.
    pub(super) last_label: Option<u32>,
    /// For optional date fields: the spellings seen, read only at the end, once
    /// the column's slash order is known (no second pass over the file).
    pub(super) deferred: Option<DeferredDates>,
    /// The text made from the current row's cell ([`Value::Made`]): one
    /// buffer reused row after row.
    pub(super) made: String,
}

/// What a memoised cell reads as.
#[derive(Debug, Clone, Copy)]
pub(super) enum Memo {
    Code(u32),
    Date(i32),
}

/// Distinct spellings remembered per field; beyond this, cells are read afresh.
pub(super) const MEMO_LIMIT: usize = 1 << 16;

/// A cell read as its field's type. Text stays in the record until it is
/// pushed, so a row's values need no allocation.
#[derive(Debug, Clone)]
pub(super) enum Value {
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
pub(super) struct Columns {
    pub(super) fields: Vec<FieldReader>,
    /// Unmapped source columns, kept as text.
    pub(super) extra: Vec<(usize, Column)>,
    pub(super) pool: StringPool,
    pub(super) number_style: NumberStyle,
    /// The source line of each accepted row: every column holds as many
    /// rows, plus the current row's values while it is read.
    pub(super) lines: Vec<u32>,
    /// Which of the current row's fields are missing (one flag per field).
    pub(super) missing: Vec<bool>,
    /// The position in `fields` of the record id and, for seats, of `user_id`
    /// and `email`.
    pub(super) id_field: Option<usize>,
    pub(super) user_field: Option<usize>,
    pub(super) email_field: Option<usize>,
}

/// A row's warnings, or the field and reason that quarantine it.
pub(super) type RowRead = Result<Vec<(&'static str, String)>, (&'static str, String)>;

impl Columns {
    /// Reads a row's cells into the columns: its warnings, or why it must be
    /// quarantined (then [`Columns::reject_row`] takes it back out).
    pub(super) fn push_row(&mut self, record: &Record) -> RowRead {
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
    pub(super) fn reserve_content(&mut self, rows: usize, at_most: usize) {
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
    pub(super) fn bytes_per_row(&self) -> usize {
        // The row's line, then one value per field.
        4 + self
            .fields
            .iter()
            .map(|field| field.column.bytes_per_row())
            .sum::<usize>()
    }

    /// Rows accepted.
    pub(super) fn rows(&self) -> usize {
        self.lines.len()
    }

    /// Keeps the row just read, from source line `line`.
    pub(super) fn accept_row(&mut self, line: u64) {
        self.lines.push(line as u32);
    }

    /// Takes the row just read (all or some of its values) back out.
    pub(super) fn reject_row(&mut self) {
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
    pub(super) fn reserve(&mut self, rows: usize) {
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
    pub(super) fn text_of(&self, index: Option<usize>) -> Option<&str> {
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

pub(super) fn empty_column(field_type: FieldType) -> Column {
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
pub(super) fn read_value(
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
pub(super) fn push_value(column: &mut Column, value: Value, cell: &str) {
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
