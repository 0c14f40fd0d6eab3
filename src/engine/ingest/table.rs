//! The compact in-memory store of a dataset: one typed column per field, strings
//! interned where they repeat, no per-row allocation.
//!
//! Sized for a browser tab (WASM32, a hard 4 GB ceiling): a label is 4 bytes per
//! row (its text once in the pool), a number 8, a date 4, a boolean 1, and free
//! text its bytes plus a 4-byte offset. Missing values have a sentinel per type
//! instead of an `Option` wrapper.

use crate::engine::display::format_number;
use crate::engine::sort::{compare_text, SortKeys};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

/// Interned strings: each distinct text stored once, referred to by a `u32`.
/// Code 0 is the empty string, which stands for "missing".
///
/// The texts sit back to back in one arena and are found by their hash, so
/// interning a new text costs no allocation of its own and a known one costs a
/// hash, one lookup and one comparison.
#[derive(Debug, Clone)]
pub struct StringPool {
    arena: String,
    /// Where each code's text sits in the arena: (start, end).
    spans: Vec<(u32, u32)>,
    /// Hash of a text → its code, for the first text with that hash.
    by_hash: FxHashMap<u64, u32>,
    /// Texts whose hash another text already has (rare).
    colliding: FxHashMap<Box<str>, u32>,
}

impl Default for StringPool {
    fn default() -> Self {
        let mut pool = StringPool {
            arena: String::new(),
            spans: Vec::new(),
            by_hash: FxHashMap::default(),
            colliding: FxHashMap::default(),
        };
        pool.intern("");
        pool
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(text)
}

impl StringPool {
    pub fn intern(&mut self, text: &str) -> u32 {
        let hash = text_hash(text);
        match self.by_hash.get(&hash) {
            Some(&code) if self.get(code) == text => code,
            Some(_) => {
                if let Some(&code) = self.colliding.get(text) {
                    return code;
                }
                let code = self.push(text);
                self.colliding.insert(text.into(), code);
                code
            }
            None => {
                let code = self.push(text);
                self.by_hash.insert(hash, code);
                code
            }
        }
    }

    fn push(&mut self, text: &str) -> u32 {
        let start = self.arena.len() as u32;
        self.arena.push_str(text);
        self.spans.push((start, self.arena.len() as u32));
        (self.spans.len() - 1) as u32
    }

    /// The arena and the spans, for storing the pool (`codec`).
    pub fn raw_parts(&self) -> (&str, &[(u32, u32)]) {
        (&self.arena, &self.spans)
    }

    /// A pool from stored parts; the index is rebuilt. The spans must lie on
    /// character boundaries of the arena (the codec checks).
    pub fn from_raw_parts(arena: String, spans: Vec<(u32, u32)>) -> StringPool {
        let mut pool = StringPool {
            arena,
            spans,
            by_hash: FxHashMap::default(),
            colliding: FxHashMap::default(),
        };
        pool.by_hash.reserve(pool.spans.len());
        for code in 0..pool.spans.len() as u32 {
            let text = pool.get(code);
            let hash = text_hash(text);
            match pool.by_hash.get(&hash) {
                None => {
                    pool.by_hash.insert(hash, code);
                }
                Some(&existing) if pool.get(existing) != text => {
                    let owned: Box<str> = text.into();
                    pool.colliding.entry(owned).or_insert(code);
                }
                Some(_) => {}
            }
        }
        pool
    }

    pub fn get(&self, code: u32) -> &str {
        self.spans.get(code as usize).map_or("", |&(start, end)| {
            &self.arena[start as usize..end as usize]
        })
    }

    /// The code of a text already in the pool.
    pub fn code_of(&self, text: &str) -> Option<u32> {
        match self.by_hash.get(&text_hash(text)) {
            Some(&code) if self.get(code) == text => Some(code),
            Some(_) => self.colliding.get(text).copied(),
            None => None,
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.len() <= 1
    }

    /// Bytes held, roughly: the arena, the spans and the hash tables.
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity()
            + self.spans.capacity() * 8
            + self.by_hash.capacity() * 16
            + self.colliding.len() * 32
    }
}

pub const MISSING_DATE: i32 = i32::MIN;
pub const MISSING_MOMENT: i64 = i64::MIN;
pub const MISSING_BOOL: u8 = 2;

/// One column of values, one per accepted row.
#[derive(Debug, Clone)]
pub enum Column {
    /// Mostly unique text, back to back; row `i` is `bytes[ends[i-1]..ends[i]]`.
    Text { bytes: String, ends: Vec<u32> },
    /// Repeating text, as codes into the table's pool (0: missing).
    Label(Vec<u32>),
    /// `NaN`: missing.
    Number(Vec<f64>),
    /// Days since 1970-01-01; [`MISSING_DATE`]: missing.
    Date(Vec<i32>),
    /// Seconds since the epoch, UTC; [`MISSING_MOMENT`]: missing.
    Moment(Vec<i64>),
    /// 0 false, 1 true, [`MISSING_BOOL`] missing.
    Bool(Vec<u8>),
    /// Lists of labels: row `i`'s items are `items[ends[i-1]..ends[i]]`.
    List { items: Vec<u32>, ends: Vec<u32> },
    /// Text of rows of which few have any (boxed: the other columns stay small).
    Sparse(Box<SparseText>),
}

/// Text of `len` rows of which few have any: the `k`-th non-empty cell is
/// row `rows[k]`'s, `bytes[ends[k-1]..ends[k]]`. A file's unmapped columns
/// are read so: a header of thousands of columns over short rows then costs
/// only the cells the file has.
#[derive(Debug, Clone, Default)]
pub struct SparseText {
    pub rows: Vec<u32>,
    pub ends: Vec<u32>,
    pub bytes: String,
    pub len: usize,
}

impl SparseText {
    fn push(&mut self, text: &str) {
        if !text.is_empty() {
            self.rows.push(self.len as u32);
            self.bytes.push_str(text);
            self.ends.push(self.bytes.len() as u32);
        }
        self.len += 1;
    }

    fn append(&mut self, more: SparseText) {
        let (base_row, base) = (self.len as u32, self.bytes.len() as u32);
        self.rows
            .extend(more.rows.into_iter().map(|row| base_row + row));
        self.ends
            .extend(more.ends.into_iter().map(|end| base + end));
        self.bytes.reserve_exact(more.bytes.len());
        self.bytes.push_str(&more.bytes);
        self.len += more.len;
    }

    fn truncate(&mut self, rows: usize) {
        let kept = self.rows.partition_point(|row| (*row as usize) < rows);
        self.rows.truncate(kept);
        self.ends.truncate(kept);
        self.bytes
            .truncate(self.ends.last().map_or(0, |&end| end as usize));
        self.len = self.len.min(rows);
    }

    fn text_at(&self, row: usize) -> &str {
        match self.rows.binary_search(&(row as u32)) {
            Ok(at) => &self.bytes[Column::span(&self.ends, at)],
            Err(_) => "",
        }
    }

    /// As a plain text column: an offset per row.
    fn into_text(self) -> Column {
        let mut ends = Vec::with_capacity(self.len);
        let mut end = 0;
        let mut filled = self.rows.iter().zip(&self.ends).peekable();
        for row in 0..self.len as u32 {
            if let Some((_, filled_end)) = filled.next_if(|(at, _)| **at == row) {
                end = *filled_end;
            }
            ends.push(end);
        }
        Column::Text {
            bytes: self.bytes,
            ends,
        }
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date")
}

/// Days since 1970-01-01 of a date.
pub fn date_to_days(date: NaiveDate) -> i32 {
    (date - epoch()).num_days() as i32
}

pub fn days_to_date(days: i32) -> Option<NaiveDate> {
    // A day no calendar holds (a damaged cache) is no date, not a panic.
    (days != MISSING_DATE)
        .then(|| epoch().checked_add_signed(chrono::Duration::days(days as i64)))
        .flatten()
}

impl Column {
    pub fn len(&self) -> usize {
        match self {
            Column::Text { ends, .. } | Column::List { ends, .. } => ends.len(),
            Column::Label(codes) => codes.len(),
            Column::Number(values) => values.len(),
            Column::Date(values) => values.len(),
            Column::Moment(values) => values.len(),
            Column::Bool(values) => values.len(),
            Column::Sparse(sparse) => sparse.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes room for `rows` more rows (text columns: their offsets only).
    pub fn reserve(&mut self, rows: usize) {
        match self {
            Column::Text { ends, .. } | Column::List { ends, .. } => ends.reserve(rows),
            Column::Label(codes) => codes.reserve(rows),
            Column::Number(values) => values.reserve(rows),
            Column::Date(values) => values.reserve(rows),
            Column::Moment(values) => values.reserve(rows),
            Column::Bool(values) => values.reserve(rows),
            // Room for what a row may never have would defeat the purpose.
            Column::Sparse(_) => {}
        }
    }

    /// The bytes one more row takes in the column's fixed-width part.
    pub fn bytes_per_row(&self) -> usize {
        match self {
            Column::Text { .. } | Column::List { .. } | Column::Label(_) | Column::Date(_) => 4,
            Column::Number(_) | Column::Moment(_) => 8,
            Column::Bool(_) => 1,
            Column::Sparse(_) => 0,
        }
    }

    /// The bytes the text (or list items) of `rows` more rows would take at
    /// the rows so far' average, and a tenth over.
    pub fn content_room_like_so_far(&self, rows: usize) -> usize {
        let so_far = self.len().max(1) as f64;
        let room = |used: usize| (used as f64 / so_far * rows as f64 * 1.1) as usize;
        match self {
            Column::Text { bytes, .. } => room(bytes.len()),
            Column::List { items, .. } => room(items.len()) * 4,
            _ => 0,
        }
    }

    /// Makes room for `bytes` more bytes of content (text, or list items):
    /// a column sized once, after its first rows, is not copied each time
    /// it doubles.
    pub fn reserve_content(&mut self, bytes: usize) {
        match self {
            Column::Text { bytes: text, .. } => text.reserve(bytes),
            Column::List { items, .. } => items.reserve(bytes / 4),
            _ => {}
        }
    }

    /// Appends `other`'s rows, a column of the same type read from a later
    /// part of the same file; `codes` maps `other`'s pool codes to this
    /// column's. Columns of different types are left as they are (a reader
    /// never pairs them).
    pub fn append(&mut self, other: Column, codes: &[u32]) {
        let code = |code: u32| codes.get(code as usize).copied().unwrap_or(0);
        match (self, other) {
            (
                Column::Text { bytes, ends },
                Column::Text {
                    bytes: more,
                    ends: more_ends,
                },
            ) => {
                let base = bytes.len() as u32;
                // Exactly: a doubled room would be the bigger part's size again.
                bytes.reserve_exact(more.len());
                bytes.push_str(&more);
                ends.extend(more_ends.into_iter().map(|end| base + end));
            }
            (Column::Label(codes), Column::Label(more)) => codes.extend(more.into_iter().map(code)),
            (Column::Number(values), Column::Number(more)) => values.extend(more),
            (Column::Date(values), Column::Date(more)) => values.extend(more),
            (Column::Moment(values), Column::Moment(more)) => values.extend(more),
            (Column::Bool(values), Column::Bool(more)) => values.extend(more),
            (Column::Sparse(sparse), Column::Sparse(more)) => sparse.append(*more),
            (
                Column::List { items, ends },
                Column::List {
                    items: more,
                    ends: more_ends,
                },
            ) => {
                let base = items.len() as u32;
                items.extend(more.into_iter().map(code));
                ends.extend(more_ends.into_iter().map(|end| base + end));
            }
            _ => {}
        }
    }

    /// Keeps the first `rows` rows.
    pub fn truncate(&mut self, rows: usize) {
        match self {
            Column::Text { bytes, ends } => {
                ends.truncate(rows);
                bytes.truncate(ends.last().map_or(0, |&end| end as usize));
            }
            Column::List { items, ends } => {
                ends.truncate(rows);
                items.truncate(ends.last().map_or(0, |&end| end as usize));
            }
            Column::Label(codes) => codes.truncate(rows),
            Column::Number(values) => values.truncate(rows),
            Column::Date(values) => values.truncate(rows),
            Column::Moment(values) => values.truncate(rows),
            Column::Bool(values) => values.truncate(rows),
            Column::Sparse(sparse) => sparse.truncate(rows),
        }
    }

    /// The cells of rows `rows` (clamped to the column), as a column of
    /// their own.
    pub fn rows_in(&self, rows: std::ops::Range<usize>) -> Column {
        let end = rows.end.min(self.len());
        let rows = rows.start.min(end)..end;
        // Offsets of variable-length cells, from the range's first byte or item.
        let ends_in = |ends: &[u32]| -> (usize, usize, Vec<u32>) {
            let first = if rows.start == 0 {
                0
            } else {
                ends[rows.start - 1]
            };
            let last = if rows.is_empty() {
                first
            } else {
                ends[rows.end - 1]
            };
            let rebased = ends[rows.clone()].iter().map(|end| end - first).collect();
            (first as usize, last as usize, rebased)
        };
        match self {
            Column::Text { bytes, ends } => {
                let (first, last, ends) = ends_in(ends);
                Column::Text {
                    bytes: bytes[first..last].to_string(),
                    ends,
                }
            }
            Column::List { items, ends } => {
                let (first, last, ends) = ends_in(ends);
                Column::List {
                    items: items[first..last].to_vec(),
                    ends,
                }
            }
            Column::Label(codes) => Column::Label(codes[rows].to_vec()),
            Column::Number(values) => Column::Number(values[rows].to_vec()),
            Column::Date(values) => Column::Date(values[rows].to_vec()),
            Column::Moment(values) => Column::Moment(values[rows].to_vec()),
            Column::Bool(values) => Column::Bool(values[rows].to_vec()),
            Column::Sparse(sparse) => {
                let mut part = SparseText::default();
                for row in rows {
                    part.push(sparse.text_at(row));
                }
                Column::Sparse(Box::new(part))
            }
        }
    }

    /// Gives back the room vectors keep for growth (once a table is complete).
    pub fn shrink_to_fit(&mut self) {
        match self {
            Column::Text { bytes, ends } => {
                bytes.shrink_to_fit();
                ends.shrink_to_fit();
            }
            Column::Label(codes) => codes.shrink_to_fit(),
            Column::Number(values) => values.shrink_to_fit(),
            Column::Date(values) => values.shrink_to_fit(),
            Column::Moment(values) => values.shrink_to_fit(),
            Column::Bool(values) => values.shrink_to_fit(),
            Column::List { items, ends } => {
                items.shrink_to_fit();
                ends.shrink_to_fit();
            }
            Column::Sparse(sparse) => {
                sparse.rows.shrink_to_fit();
                sparse.ends.shrink_to_fit();
                sparse.bytes.shrink_to_fit();
            }
        }
    }

    /// Bytes held by the column's vectors.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Column::Text { bytes, ends } => bytes.capacity() + ends.capacity() * 4,
            Column::Label(codes) => codes.capacity() * 4,
            Column::Number(values) => values.capacity() * 8,
            Column::Date(values) => values.capacity() * 4,
            Column::Moment(values) => values.capacity() * 8,
            Column::Bool(values) => values.capacity(),
            Column::List { items, ends } => items.capacity() * 4 + ends.capacity() * 4,
            Column::Sparse(sparse) => {
                sparse.rows.capacity() * 4 + sparse.ends.capacity() * 4 + sparse.bytes.capacity()
            }
        }
    }

    /// A text column's cell (empty for other columns).
    pub fn text_at(&self, row: usize) -> &str {
        match self {
            Column::Text { bytes, ends } => &bytes[Column::span(ends, row)],
            Column::Sparse(sparse) => sparse.text_at(row),
            _ => "",
        }
    }

    /// Whether a row has a value in this column (the one rule of what is
    /// missing, per type).
    pub fn has(&self, row: usize) -> bool {
        match self {
            Column::Label(codes) => codes[row] != 0,
            Column::Number(values) => !values[row].is_nan(),
            Column::Date(values) => values[row] != MISSING_DATE,
            Column::Moment(values) => values[row] != MISSING_MOMENT,
            Column::Bool(values) => values[row] != MISSING_BOOL,
            Column::Text { .. } | Column::Sparse(_) => !self.text_at(row).is_empty(),
            Column::List { ends, .. } => !Column::span(ends, row).is_empty(),
        }
    }

    /// An empty sparse text column.
    pub fn sparse() -> Column {
        Column::Sparse(Box::default())
    }

    /// Appends a row's text to a text column (sparse or not).
    pub fn push_text(&mut self, text: &str) {
        match self {
            Column::Text { bytes, ends } => {
                bytes.push_str(text);
                ends.push(bytes.len() as u32);
            }
            Column::Sparse(sparse) => sparse.push(text),
            _ => {}
        }
    }

    /// A sparse column as a plain text column when most of its rows have
    /// text (then the plain one is the smaller), else as it is.
    pub fn densified(self) -> Column {
        match self {
            Column::Sparse(sparse) if sparse.rows.len() * 2 > sparse.len => sparse.into_text(),
            column => column,
        }
    }

    /// The bytes of the `row`-th of texts laid end to end, from their ends.
    pub(super) fn span(ends: &[u32], row: usize) -> std::ops::Range<usize> {
        let start = if row == 0 { 0 } else { ends[row - 1] as usize };
        start..ends[row] as usize
    }
}

/// A dataset as typed columns.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: usize,
    pub pool: StringPool,
    /// Mapped fields, by canonical name.
    pub fields: Vec<(String, Column)>,
    /// Unmapped source columns, by header, kept as text to carry through to exports.
    pub extra: Vec<(String, Column)>,
    /// The source line of each row (1-based; the header is line 1 or later).
    pub lines: Vec<u32>,
}

impl Table {
    pub fn column(&self, field: &str) -> Option<&Column> {
        self.fields
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, column)| column)
    }

    /// The first row holding each of the given values of a text or label
    /// field, found in one pass that builds no string per row (an id lookup
    /// over a million rows).
    pub fn rows_with<'a>(
        &self,
        field: &str,
        values: impl IntoIterator<Item = &'a str>,
    ) -> FxHashMap<&'a str, u32> {
        let mut wanted: FxHashMap<&'a str, Option<u32>> =
            values.into_iter().map(|value| (value, None)).collect();
        match self.column(field) {
            Some(column @ Column::Text { .. }) => {
                for row in 0..self.rows {
                    if let Some(found @ None) = wanted.get_mut(column.text_at(row)) {
                        *found = Some(row as u32);
                    }
                }
            }
            Some(Column::Label(codes)) => {
                let by_code: FxHashMap<u32, &'a str> = wanted
                    .keys()
                    .filter_map(|value| Some((self.pool.code_of(value)?, *value)))
                    .collect();
                for (row, code) in codes.iter().enumerate() {
                    if let Some(value) = by_code.get(code) {
                        if let Some(found @ None) = wanted.get_mut(value) {
                            *found = Some(row as u32);
                        }
                    }
                }
            }
            _ => {}
        }
        wanted
            .into_iter()
            .filter_map(|(value, row)| Some((value, row?)))
            .collect()
    }

    /// Whether a field has a value in a row (without making its text).
    pub fn has(&self, field: &str, row: usize) -> bool {
        self.column(field).is_some_and(|column| column.has(row))
    }

    /// A field's value as text, whatever its type (dates as `YYYY-MM-DD`), or `None`
    /// when missing or unmapped.
    pub fn text(&self, field: &str, row: usize) -> Option<String> {
        self.column(field)
            .and_then(|column| self.cell_text(column, row))
    }

    /// A cell as text (for previews and exports).
    pub fn cell_text(&self, column: &Column, row: usize) -> Option<String> {
        if !column.has(row) {
            return None;
        }
        let text = match column {
            Column::Text { .. } | Column::Sparse(_) => column.text_at(row).to_string(),
            Column::Label(codes) => self.pool.get(codes[row]).to_string(),
            Column::Number(values) => format_number(values[row]),
            Column::Date(values) => {
                return days_to_date(values[row]).map(|date| date.format("%Y-%m-%d").to_string())
            }
            Column::Moment(values) => {
                return chrono::DateTime::from_timestamp(values[row], 0)
                    .map(|moment| moment.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            }
            Column::Bool(values) => match values[row] {
                0 => "false".to_string(),
                1 => "true".to_string(),
                _ => return None,
            },
            Column::List { items, ends } => items[Column::span(ends, row)]
                .iter()
                .map(|code| self.pool.get(*code))
                .collect::<Vec<_>>()
                .join(";"),
        };
        (!text.is_empty()).then_some(text)
    }

    pub fn number(&self, field: &str, row: usize) -> Option<f64> {
        match self.column(field)? {
            Column::Number(values) => Some(values[row]).filter(|value| !value.is_nan()),
            _ => None,
        }
    }

    pub fn date(&self, field: &str, row: usize) -> Option<NaiveDate> {
        match self.column(field)? {
            Column::Date(values) => days_to_date(values[row]),
            _ => None,
        }
    }

    pub fn moment(&self, field: &str, row: usize) -> Option<i64> {
        match self.column(field)? {
            Column::Moment(values) => {
                Some(values[row]).filter(|seconds| *seconds != MISSING_MOMENT)
            }
            _ => None,
        }
    }

    pub fn boolean(&self, field: &str, row: usize) -> Option<bool> {
        match self.column(field)? {
            Column::Bool(values) => match values[row] {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn list(&self, field: &str, row: usize) -> Vec<&str> {
        match self.column(field) {
            Some(Column::List { items, ends }) => items[Column::span(ends, row)]
                .iter()
                .map(|code| self.pool.get(*code))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Rows `rows` (clamped to the table) as a table of their own: the same
    /// columns, pool and source lines. A part of a file counted on its own
    /// (a cluster's partition) reads as those rows of the whole.
    pub fn rows_in(&self, rows: std::ops::Range<usize>) -> Table {
        let end = rows.end.min(self.rows);
        let rows = rows.start.min(end)..end;
        let part = |columns: &[(String, Column)]| {
            columns
                .iter()
                .map(|(name, column)| (name.clone(), column.rows_in(rows.clone())))
                .collect()
        };
        Table {
            rows: rows.len(),
            pool: self.pool.clone(),
            fields: part(&self.fields),
            extra: part(&self.extra),
            lines: self.lines.get(rows.clone()).unwrap_or_default().to_vec(),
        }
    }

    /// Every column with its name: mapped fields first, then unmapped columns.
    pub fn all_columns(&self) -> impl Iterator<Item = (&str, &Column)> {
        self.fields
            .iter()
            .chain(&self.extra)
            .map(|(name, column)| (name.as_str(), column))
    }

    /// Compares two rows by a column: numbers, dates and moments by value, text
    /// by its characters (any case); missing values sort last in either direction.
    /// The order cell by cell, which the sort keys ([`Table::view_rows`]) are
    /// held to in tests.
    #[cfg(test)]
    pub fn compare_rows(
        &self,
        column: &Column,
        a: usize,
        b: usize,
        descending: bool,
    ) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        fn by_value<T: PartialOrd>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
            match (a, b) {
                (Some(a), Some(b)) => {
                    let order = PartialOrd::partial_cmp(&a, &b).unwrap_or(Ordering::Equal);
                    if descending {
                        order.reverse()
                    } else {
                        order
                    }
                }
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        fn by_text(a: &str, b: &str, descending: bool) -> Ordering {
            if a.is_empty() || b.is_empty() {
                return a.is_empty().cmp(&b.is_empty());
            }
            let order = compare_text(a, b);
            if descending {
                order.reverse()
            } else {
                order
            }
        }
        match column {
            Column::Text { .. } | Column::Sparse(_) => {
                by_text(column.text_at(a), column.text_at(b), descending)
            }
            Column::Label(codes) => {
                by_text(self.pool.get(codes[a]), self.pool.get(codes[b]), descending)
            }
            Column::Number(values) => by_value(
                Some(values[a]).filter(|v| !v.is_nan()),
                Some(values[b]).filter(|v| !v.is_nan()),
                descending,
            ),
            Column::Date(values) => by_value(
                Some(values[a]).filter(|v| *v != MISSING_DATE),
                Some(values[b]).filter(|v| *v != MISSING_DATE),
                descending,
            ),
            Column::Moment(values) => by_value(
                Some(values[a]).filter(|v| *v != MISSING_MOMENT),
                Some(values[b]).filter(|v| *v != MISSING_MOMENT),
                descending,
            ),
            Column::Bool(values) => by_value(
                Some(values[a]).filter(|v| *v != MISSING_BOOL),
                Some(values[b]).filter(|v| *v != MISSING_BOOL),
                descending,
            ),
            Column::List { .. } => by_text(
                &self.cell_text(column, a).unwrap_or_default(),
                &self.cell_text(column, b).unwrap_or_default(),
                descending,
            ),
        }
    }

    /// The rows to show: those whose `filter` column contains the needle (any
    /// case), ordered by the `sort` column (stable; file order otherwise).
    pub fn view_rows(
        &self,
        sort: Option<(&Column, bool)>,
        filter: Option<(&Column, &str)>,
    ) -> Vec<u32> {
        let mut rows: Vec<u32> = match filter {
            Some((column, needle)) if !needle.trim().is_empty() => {
                let needle = needle.trim().to_lowercase();
                (0..self.rows as u32)
                    .filter(|row| {
                        self.cell_text(column, *row as usize)
                            .is_some_and(|text| text.to_lowercase().contains(&needle))
                    })
                    .collect()
            }
            _ => (0..self.rows as u32).collect(),
        };
        if let Some((column, descending)) = sort {
            let keys = self.sort_keys(column, &rows, descending);
            rows = keys.sorted().into_iter().map(|slot| rows[slot]).collect();
        }
        rows
    }

    /// The column's cells in `rows`, as keys that sort as `compare_rows`
    /// (the tests' definition) orders them. A label's key is its rank among
    /// the column's labels, so rows that share a label (a country, an
    /// industry) never compare text.
    fn sort_keys(&self, column: &Column, rows: &[u32], descending: bool) -> SortKeys {
        let mut keys = SortKeys::new(descending, rows.len());
        let rows = rows.iter().map(|row| *row as usize);
        match column {
            Column::Text { .. } | Column::Sparse(_) => {
                rows.for_each(|row| keys.push_text(column.text_at(row)))
            }
            Column::Label(codes) => {
                let rank = self.label_ranks(codes);
                for row in rows {
                    match rank.get(codes[row] as usize).copied().unwrap_or(u32::MAX) {
                        u32::MAX => keys.push_missing(),
                        rank => keys.push_integer(rank.into()),
                    }
                }
            }
            Column::Number(values) => rows.for_each(|row| match values[row] {
                value if value.is_nan() => keys.push_missing(),
                // `+ 0.0` makes -0 into 0: the two are one value here.
                value => keys.push_number(value + 0.0),
            }),
            Column::Date(values) => rows.for_each(|row| match values[row] {
                MISSING_DATE => keys.push_missing(),
                value => keys.push_integer(value.into()),
            }),
            Column::Moment(values) => rows.for_each(|row| match values[row] {
                MISSING_MOMENT => keys.push_missing(),
                value => keys.push_integer(value),
            }),
            Column::Bool(values) => rows.for_each(|row| match values[row] {
                MISSING_BOOL => keys.push_missing(),
                value => keys.push_integer(value.into()),
            }),
            Column::List { .. } => rows
                .for_each(|row| keys.push_text(&self.cell_text(column, row).unwrap_or_default())),
        }
        keys
    }

    /// Per pool code, its label's rank among the labels `codes` hold, in
    /// [`compare_text`]'s order (labels equal in any case share a rank);
    /// `u32::MAX` for the empty label and codes not in the column.
    fn label_ranks(&self, codes: &[u32]) -> Vec<u32> {
        let mut rank = vec![u32::MAX; self.pool.len()];
        let mut used: Vec<u32> = Vec::new();
        for code in codes {
            if let Some(slot) = rank.get_mut(*code as usize) {
                if *slot == u32::MAX && !self.pool.get(*code).is_empty() {
                    *slot = 0;
                    used.push(*code);
                }
            }
        }
        let mut keys = SortKeys::new(false, used.len());
        used.iter()
            .for_each(|code| keys.push_text(self.pool.get(*code)));
        let mut next = 0;
        let mut previous: Option<&str> = None;
        for slot in keys.sorted() {
            let text = self.pool.get(used[slot]);
            if previous.is_some_and(|previous| compare_text(previous, text).is_ne()) {
                next += 1;
            }
            rank[used[slot] as usize] = next;
            previous = Some(text);
        }
        rank
    }

    /// Bytes the table holds, roughly (for memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.pool.heap_bytes()
            + self
                .fields
                .iter()
                .chain(&self.extra)
                .map(|(_, column)| column.heap_bytes())
                .sum::<usize>()
            + self.lines.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_column_is_sized_like_its_first_rows() {
        let mut column = Column::Text {
            bytes: String::new(),
            ends: Vec::new(),
        };
        for _ in 0..10 {
            if let Column::Text { bytes, ends } = &mut column {
                bytes.push_str("acme!");
                ends.push(bytes.len() as u32);
            }
        }
        let room = column.content_room_like_so_far(1_000);
        column.reserve_content(room);
        let Column::Text { bytes, .. } = &column else {
            unreachable!("a text column")
        };
        // 50 bytes so far, 5 a row: 5,000 more and a tenth over.
        assert!(bytes.capacity() >= 50 + 5_500, "{}", bytes.capacity());
        assert!(bytes.capacity() < 50 + 5_500 * 2, "{}", bytes.capacity());
        // Other columns have no content to size.
        let mut numbers = Column::Number(vec![1.0; 10]);
        assert_eq!(numbers.content_room_like_so_far(1_000), 0);
        numbers.reserve_content(1_000);
        assert!(matches!(&numbers, Column::Number(values) if values.capacity() < 100));
    }

    #[test]
    fn rows_with_finds_ids_in_text_and_label_columns() {
        use crate::engine::ingest::read_test_csv;
        use crate::engine::source_kind::SourceKind;
        let companies = read_test_csv(
            "Company ID,Company Name\nC1,Acme\nC2,Globex\nC3,Initech\n",
            SourceKind::Companies,
        );
        let found = companies.rows_with("company_id", ["C3", "C1", "C9"]);
        assert_eq!(
            (found.get("C1"), found.get("C3"), found.get("C9")),
            (Some(&0), Some(&2), None)
        );
        // People's company ids are labels.
        let people = read_test_csv(
            "Person ID,Company ID\np1,C2\np2,C1\np3,C2\n",
            SourceKind::People,
        );
        let found = people.rows_with("company_id", ["C2", "C7"]);
        assert_eq!(found.get("C2"), Some(&0), "the first row holding it");
        assert_eq!(found.get("C7"), None);
        assert!(companies.rows_with("unmapped", ["C1"]).is_empty());
    }

    #[test]
    fn rows_of_a_table_read_as_the_whole_reads_them() {
        use crate::engine::demo::{default_as_of, Demo, DemoSize};
        use crate::engine::ingest::{ingest, IngestOptions};
        use crate::engine::source_kind::SourceKind;
        let demo = Demo::new(DemoSize::Small, 7, default_as_of());
        for kind in SourceKind::ALL {
            let mut table = ingest(&demo.render(kind), kind, &IngestOptions::default())
                .expect("the demo reads")
                .table;
            // A sparse column too: few rows have text.
            let mut sparse = SparseText::default();
            for row in 0..table.rows {
                sparse.push(if row % 7 == 3 { "note" } else { "" });
            }
            table
                .extra
                .push(("Notes".into(), Column::Sparse(Box::new(sparse))));
            let n = table.rows;
            for rows in [
                0..0,
                0..1,
                5..17,
                n - 3..n,
                0..n,
                n - 2..n + 5,
                n + 1..n + 3,
            ] {
                let part = table.rows_in(rows.clone());
                let kept = rows.start.min(n)..rows.end.min(n);
                assert_eq!(part.rows, kept.len(), "{kind:?} {rows:?}");
                assert_eq!(part.lines, table.lines[kept.clone()], "{kind:?} {rows:?}");
                for ((name, whole), (_, column)) in table.all_columns().zip(part.all_columns()) {
                    assert_eq!(column.len(), kept.len(), "{kind:?} {name} {rows:?}");
                    assert_eq!(
                        std::mem::discriminant(column),
                        std::mem::discriminant(whole),
                        "{kind:?} {name}: the same kind of column"
                    );
                    for row in kept.clone() {
                        assert_eq!(
                            part.cell_text(column, row - kept.start),
                            table.cell_text(whole, row),
                            "{kind:?} {name} row {row} of {rows:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_column_of_every_demo_file_sorts_as_its_rows_compare() {
        use crate::engine::demo::{default_as_of, Demo, DemoSize};
        use crate::engine::ingest::{ingest, IngestOptions};
        use crate::engine::source_kind::SourceKind;
        // Real columns of each type: texts, labels (countries, industries,
        // seniorities: many rows per label), numbers, dates, moments,
        // booleans, lists; each with missing cells.
        let demo = Demo::new(DemoSize::Small, 7, default_as_of());
        for kind in SourceKind::ALL {
            let table = ingest(&demo.render(kind), kind, &IngestOptions::default())
                .expect("the demo reads")
                .table;
            // Some rows, as a filter keeps them.
            let kept: Vec<u32> = (0..table.rows as u32).filter(|row| row % 3 != 1).collect();
            for (name, column) in table.all_columns() {
                for descending in [false, true] {
                    let mut expected = kept.clone();
                    expected.sort_by(|a, b| {
                        table.compare_rows(column, *a as usize, *b as usize, descending)
                    });
                    let sorted: Vec<u32> = table
                        .sort_keys(column, &kept, descending)
                        .sorted()
                        .into_iter()
                        .map(|slot| kept[slot])
                        .collect();
                    assert_eq!(sorted, expected, "{kind:?} {name} descending {descending}");
                }
            }
        }
    }

    #[test]
    fn pool_interns_once() {
        let mut pool = StringPool::default();
        assert_eq!(pool.intern(""), 0);
        let acme = pool.intern("Acme");
        assert_eq!(pool.intern("Acme"), acme);
        assert_ne!(pool.intern("Globex"), acme);
        assert_eq!(pool.get(acme), "Acme");
        assert_eq!(pool.len(), 3);
        assert_eq!(pool.code_of("Globex"), Some(2));
        assert_eq!(pool.code_of("Initech"), None);
        // Many texts: each keeps its own code and reads back.
        let codes: Vec<u32> = (0..50_000)
            .map(|i| pool.intern(&format!("company-{i}")))
            .collect();
        for (i, code) in codes.iter().enumerate() {
            assert_eq!(pool.get(*code), format!("company-{i}"));
            assert_eq!(pool.intern(&format!("company-{i}")), *code);
        }
        assert_eq!(pool.len(), 50_003);
    }

    #[test]
    fn cells_read_back_as_text() {
        let mut table = Table {
            rows: 2,
            ..Table::default()
        };
        let code = table.pool.intern("EMEA");
        let day = date_to_days(NaiveDate::from_ymd_opt(2026, 3, 18).unwrap());
        table.fields = vec![
            (
                "name".into(),
                Column::Text {
                    bytes: "Acme".into(),
                    ends: vec![4, 4],
                },
            ),
            (
                "groups".into(),
                Column::List {
                    items: vec![code, code],
                    ends: vec![2, 2],
                },
            ),
            ("amount".into(), Column::Number(vec![1234.5, f64::NAN])),
            ("close_date".into(), Column::Date(vec![day, MISSING_DATE])),
            ("timestamp".into(), Column::Moment(vec![0, MISSING_MOMENT])),
            ("is_won".into(), Column::Bool(vec![1, MISSING_BOOL])),
        ];
        assert_eq!(table.text("name", 0).as_deref(), Some("Acme"));
        assert_eq!(table.text("name", 1), None);
        assert_eq!(table.list("groups", 0), vec!["EMEA", "EMEA"]);
        assert!(table.list("groups", 1).is_empty());
        assert_eq!(table.text("amount", 0).as_deref(), Some("1234.5"));
        assert_eq!(table.number("amount", 1), None);
        assert_eq!(table.text("close_date", 0).as_deref(), Some("2026-03-18"));
        assert_eq!(table.date("close_date", 1), None);
        assert_eq!(
            table.text("timestamp", 0).as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
        assert_eq!(table.boolean("is_won", 0), Some(true));
        assert_eq!(table.boolean("is_won", 1), None);
        let amount = table.column("amount").unwrap();
        let name = table.column("name").unwrap();
        assert_eq!(
            table.view_rows(Some((amount, false)), None),
            vec![0, 1],
            "missing last"
        );
        assert_eq!(
            table.view_rows(Some((amount, true)), None),
            vec![0, 1],
            "missing last when descending too"
        );
        assert_eq!(table.view_rows(Some((name, true)), None), vec![0, 1]);
        assert_eq!(table.view_rows(None, Some((name, "ACM"))), vec![0]);
        assert_eq!(table.view_rows(None, Some((name, "  "))), vec![0, 1]);
        assert_eq!(table.all_columns().count(), 6);
    }
}
