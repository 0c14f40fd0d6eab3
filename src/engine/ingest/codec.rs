//! A read dataset (its table and report) as bytes, so the page can keep it in
//! IndexedDB and a reload does not read the file again.
//!
//! Layout: `SLTB`, a format version (u32), the header's length (u32) and the
//! header (JSON: the report, the options it was read with, the column layout),
//! then every column's raw values, little-endian, back to back. Decoding copies
//! the arrays out and rebuilds the string pool's index; nothing is parsed again.

use crate::engine::ingest::quarantine::{Entry, Quarantine};
use crate::engine::ingest::table::{Column, SparseText, StringPool, Table};
use crate::engine::ingest::{IngestOptions, IngestReport, Ingested};
use serde::{Deserialize, Serialize};
use std::fmt;

const MAGIC: &[u8; 4] = b"SLTB";
/// Bumped whenever the layout or the reading rules change: older caches are
/// then simply read again from their files.
pub const CODEC_VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    NotATable,
    OtherVersion(u32),
    Damaged(String),
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodecError::NotATable => write!(f, "not a cached table"),
            CodecError::OtherVersion(version) => write!(f, "a cached table of format {version}"),
            CodecError::Damaged(cause) => write!(f, "a damaged cached table: {cause}"),
        }
    }
}

impl std::error::Error for CodecError {}

#[derive(Serialize, Deserialize)]
struct Header {
    options: IngestOptions,
    /// Which file the reading was made from (the page's `DatasetMeta::file_key`).
    made_from: String,
    report: IngestReport,
    rows: usize,
    pool_spans: usize,
    columns: Vec<ColumnHeader>,
    extra: Vec<ColumnHeader>,
    /// The quarantine's array lengths: rows, texts' spans, cells' bytes,
    /// cell ends.
    quarantine: [usize; 4],
}

/// A column's name, type and the lengths of its arrays.
#[derive(Serialize, Deserialize)]
struct ColumnHeader {
    name: String,
    kind: String,
    lengths: Vec<usize>,
}

/// A cached reading, with what it was made from.
#[derive(Debug)]
pub struct Cached {
    pub read: Ingested,
    /// The options it was read with.
    pub options: IngestOptions,
    /// The file it was read from, as [`encode`] was told.
    pub made_from: String,
}

/// Encodes a reading of the file `made_from` (any text naming the file's
/// version: a cached reading is good only for that version) with `options`.
pub fn encode(read: &Ingested, options: &IngestOptions, made_from: &str) -> Vec<u8> {
    let table = &read.table;
    let mut body = Vec::with_capacity(table.heap_bytes());
    put_pool(&mut body, &table.pool);
    put_u32s(&mut body, &table.lines);
    let mut describe = |columns: &[(String, Column)]| -> Vec<ColumnHeader> {
        columns
            .iter()
            .map(|(name, column)| {
                let (kind, lengths) = put_column(&mut body, column);
                ColumnHeader {
                    name: name.clone(),
                    kind: kind.to_string(),
                    lengths,
                }
            })
            .collect()
    };
    let columns = describe(&table.fields);
    let extra = describe(&table.extra);
    let quarantine = put_quarantine(&mut body, &read.report.quarantined);
    let header = Header {
        options: options.clone(),
        made_from: made_from.to_string(),
        report: read.report.clone(),
        rows: table.rows,
        pool_spans: table.pool.raw_parts().1.len(),
        columns,
        extra,
        quarantine,
    };
    let header = serde_json::to_vec(&header).expect("plain data always serialises");
    let mut out = Vec::with_capacity(12 + header.len() + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&CODEC_VERSION.to_le_bytes());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&body);
    out
}

/// Decodes a cached reading, and what it was made from.
pub fn decode(bytes: &[u8]) -> Result<Cached, CodecError> {
    if bytes.len() < 12 || &bytes[..4] != MAGIC {
        return Err(CodecError::NotATable);
    }
    let version = u32::from_le_bytes(bytes[4..8].try_into().expect("four bytes"));
    if version != CODEC_VERSION {
        return Err(CodecError::OtherVersion(version));
    }
    let header_len = u32::from_le_bytes(bytes[8..12].try_into().expect("four bytes")) as usize;
    let header_bytes = bytes[12..]
        .get(..header_len)
        .ok_or_else(|| CodecError::Damaged("short header".into()))?;
    let header: Header = serde_json::from_slice(header_bytes)
        .map_err(|error| CodecError::Damaged(error.to_string()))?;
    let mut reader = Reader {
        bytes: &bytes[12 + header_len..],
    };
    let pool = reader.pool(header.pool_spans)?;
    let lines = reader.u32s(header.rows)?;
    let mut read_columns = |columns: &[ColumnHeader]| -> Result<Vec<(String, Column)>, CodecError> {
        columns
            .iter()
            .map(|column| Ok((column.name.clone(), reader.column(column, header.rows)?)))
            .collect()
    };
    let fields = read_columns(&header.columns)?;
    let extra = read_columns(&header.extra)?;
    // Every code names a text of the pool (counting indexes arrays by code).
    let codes_fit = |codes: &[u32]| codes.iter().all(|code| (*code as usize) < pool.len());
    if !fields.iter().chain(&extra).all(|(_, column)| match column {
        Column::Label(codes) => codes_fit(codes),
        Column::List { items, .. } => codes_fit(items),
        _ => true,
    }) {
        return Err(CodecError::Damaged("a code beyond the string pool".into()));
    }
    let mut report = header.report;
    report.quarantined = reader.quarantine(header.quarantine)?;
    let table = Table {
        rows: header.rows,
        pool,
        fields,
        extra,
        lines,
    };
    Ok(Cached {
        read: Ingested { table, report },
        options: header.options,
        made_from: header.made_from,
    })
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn put_u32s(out: &mut Vec<u8>, values: &[u32]) {
    out.extend(values.iter().flat_map(|value| value.to_le_bytes()));
}

/// Writes a column's arrays; returns its type name and the arrays' lengths.
fn put_column(out: &mut Vec<u8>, column: &Column) -> (&'static str, Vec<usize>) {
    match column {
        Column::Text { bytes, ends } => {
            put_bytes(out, bytes.as_bytes());
            put_u32s(out, ends);
            ("text", vec![bytes.len(), ends.len()])
        }
        Column::Label(codes) => {
            put_u32s(out, codes);
            ("label", vec![codes.len()])
        }
        Column::Number(values) => {
            out.extend(values.iter().flat_map(|value| value.to_le_bytes()));
            ("number", vec![values.len()])
        }
        Column::Date(values) => {
            out.extend(values.iter().flat_map(|value| value.to_le_bytes()));
            ("date", vec![values.len()])
        }
        Column::Moment(values) => {
            out.extend(values.iter().flat_map(|value| value.to_le_bytes()));
            ("moment", vec![values.len()])
        }
        Column::Bool(values) => {
            out.extend_from_slice(values);
            ("bool", vec![values.len()])
        }
        Column::List { items, ends } => {
            put_u32s(out, items);
            put_u32s(out, ends);
            ("list", vec![items.len(), ends.len()])
        }
        Column::Sparse(sparse) => {
            put_bytes(out, sparse.bytes.as_bytes());
            put_u32s(out, &sparse.rows);
            put_u32s(out, &sparse.ends);
            (
                "sparse",
                vec![sparse.bytes.len(), sparse.rows.len(), sparse.len],
            )
        }
    }
}

/// Writes the quarantine's arrays; returns their lengths.
fn put_quarantine(out: &mut Vec<u8>, quarantine: &Quarantine) -> [usize; 4] {
    let (entries, texts, cells, cell_ends) = quarantine.raw_parts();
    for entry in entries {
        out.extend_from_slice(&entry.line.to_le_bytes());
        put_u32s(out, &[entry.field, entry.reason, entry.cells_end]);
    }
    put_pool(out, texts);
    put_bytes(out, cells.as_bytes());
    put_u32s(out, cell_ends);
    [
        entries.len(),
        texts.raw_parts().1.len(),
        cells.len(),
        cell_ends.len(),
    ]
}

/// Writes a string pool: its arena, then its spans (read by [`Reader::pool`]).
fn put_pool(out: &mut Vec<u8>, pool: &StringPool) {
    let (arena, spans) = pool.raw_parts();
    put_bytes(out, arena.as_bytes());
    for (start, end) in spans {
        put_u32s(out, &[*start, *end]);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A string pool: its arena, then its spans.
    fn pool(&mut self, span_count: usize) -> Result<StringPool, CodecError> {
        let arena = self.text()?;
        let flat = self.u32s(
            span_count
                .checked_mul(2)
                .ok_or_else(|| CodecError::Damaged("too long".into()))?,
        )?;
        let spans: Vec<(u32, u32)> = flat
            .chunks_exact(2)
            .map(|pair| (pair[0], pair[1]))
            .collect();
        if spans.iter().any(|(start, end)| {
            start > end
                || *end as usize > arena.len()
                || !arena.is_char_boundary(*start as usize)
                || !arena.is_char_boundary(*end as usize)
        }) {
            return Err(CodecError::Damaged("string spans out of range".into()));
        }
        Ok(StringPool::from_raw_parts(arena, spans))
    }

    /// The quarantine written by [`put_quarantine`].
    fn quarantine(
        &mut self,
        [rows, spans, _, cell_count]: [usize; 4],
    ) -> Result<Quarantine, CodecError> {
        let entries = self.array(rows, |bytes: [u8; 20]| {
            let u32_at =
                |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"));
            Entry {
                line: u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes")),
                field: u32_at(8),
                reason: u32_at(12),
                cells_end: u32_at(16),
            }
        })?;
        let texts = self.pool(spans)?;
        let cells = self.text()?;
        let cell_ends = self.u32s(cell_count)?;
        Quarantine::from_raw_parts(entries, texts, cells, cell_ends)
            .ok_or_else(|| CodecError::Damaged("quarantine offsets out of range".into()))
    }

    fn take(&mut self, count: usize) -> Result<&'a [u8], CodecError> {
        if count > self.bytes.len() {
            return Err(CodecError::Damaged("the data ends early".into()));
        }
        let (taken, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Ok(taken)
    }

    /// Text written by `put_bytes`, checked to be UTF-8.
    fn text(&mut self) -> Result<String, CodecError> {
        String::from_utf8(self.bytes()?.to_vec())
            .map_err(|error| CodecError::Damaged(error.to_string()))
    }

    /// `count` ends of texts laid end to end in `text`: in order, within it,
    /// each on a character boundary.
    fn text_ends(&mut self, count: usize, text: &str) -> Result<Vec<u32>, CodecError> {
        let ends = self.u32s(count)?;
        if !ends.is_sorted()
            || ends
                .iter()
                .any(|end| *end as usize > text.len() || !text.is_char_boundary(*end as usize))
        {
            return Err(CodecError::Damaged("text offsets out of range".into()));
        }
        Ok(ends)
    }

    fn bytes(&mut self) -> Result<&'a [u8], CodecError> {
        let length = u64::from_le_bytes(self.take(8)?.try_into().expect("eight bytes"));
        // On WASM32 `as usize` would cut a damaged length down to one that fits.
        let length = usize::try_from(length)
            .map_err(|_| CodecError::Damaged("a length beyond this machine's memory".into()))?;
        self.take(length)
    }

    fn u32s(&mut self, count: usize) -> Result<Vec<u32>, CodecError> {
        let raw = self.take(
            count
                .checked_mul(4)
                .ok_or_else(|| CodecError::Damaged("too long".into()))?,
        )?;
        Ok(raw
            .chunks_exact(4)
            .map(|chunk| u32::from_le_bytes(chunk.try_into().expect("four bytes")))
            .collect())
    }

    fn array<const N: usize, T>(
        &mut self,
        count: usize,
        from: fn([u8; N]) -> T,
    ) -> Result<Vec<T>, CodecError> {
        let raw = self.take(
            count
                .checked_mul(N)
                .ok_or_else(|| CodecError::Damaged("too long".into()))?,
        )?;
        Ok(raw
            .chunks_exact(N)
            .map(|chunk| from(chunk.try_into().expect("N bytes")))
            .collect())
    }

    fn column(&mut self, header: &ColumnHeader, rows: usize) -> Result<Column, CodecError> {
        let length = |index: usize| {
            header
                .lengths
                .get(index)
                .copied()
                .ok_or_else(|| CodecError::Damaged("a column without lengths".into()))
        };
        let column = match header.kind.as_str() {
            "text" => {
                let bytes = self.text()?;
                let ends = self.text_ends(length(1)?, &bytes)?;
                Column::Text { bytes, ends }
            }
            "label" => Column::Label(self.u32s(length(0)?)?),
            "number" => Column::Number(self.array(length(0)?, f64::from_le_bytes)?),
            "date" => Column::Date(self.array(length(0)?, i32::from_le_bytes)?),
            "moment" => Column::Moment(self.array(length(0)?, i64::from_le_bytes)?),
            "bool" => Column::Bool(self.take(length(0)?)?.to_vec()),
            "list" => {
                let items = self.u32s(length(0)?)?;
                let ends = self.u32s(length(1)?)?;
                if !ends.is_sorted() || ends.iter().any(|end| *end as usize > items.len()) {
                    return Err(CodecError::Damaged("list offsets out of range".into()));
                }
                Column::List { items, ends }
            }
            "sparse" => {
                let bytes = self.text()?;
                let filled = length(1)?;
                let rows = self.u32s(filled)?;
                let ends = self.text_ends(filled, &bytes)?;
                let len = length(2)?;
                if !rows.is_sorted()
                    || rows.windows(2).any(|pair| pair[0] == pair[1])
                    || rows.last().is_some_and(|row| *row as usize >= len)
                {
                    return Err(CodecError::Damaged("sparse offsets out of range".into()));
                }
                Column::Sparse(Box::new(SparseText {
                    rows,
                    ends,
                    bytes,
                    len,
                }))
            }
            other => return Err(CodecError::Damaged(format!("unknown column type {other}"))),
        };
        if column.len() != rows {
            return Err(CodecError::Damaged(format!(
                "column {} has {} rows, not {rows}",
                header.name,
                column.len()
            )));
        }
        Ok(column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::demo::{default_as_of, Demo, DemoSize};
    use crate::engine::ingest::ingest;
    use crate::engine::source_kind::SourceKind;

    #[test]
    fn every_demo_dataset_round_trips() {
        let demo = Demo::new(DemoSize::Small, 5, default_as_of());
        let options = IngestOptions {
            delimiter: None,
            mapping: None,
        };
        for kind in SourceKind::ALL {
            let read = ingest(&demo.render(kind), kind, &options).unwrap();
            let cached = decode(&encode(&read, &options, "file v1")).unwrap();
            let (back, back_options) = (cached.read, cached.options);
            assert_eq!(back_options, options);
            assert_eq!(cached.made_from, "file v1");
            assert_eq!(back.report, read.report, "{kind}");
            assert_eq!(back.table.rows, read.table.rows);
            assert_eq!(back.table.lines, read.table.lines);
            for ((name, column), (back_name, back_column)) in
                read.table.all_columns().zip(back.table.all_columns())
            {
                assert_eq!(name, back_name);
                for row in 0..read.table.rows {
                    assert_eq!(
                        read.table.cell_text(column, row),
                        back.table.cell_text(back_column, row),
                        "{kind} {name} {row}"
                    );
                }
            }
            // The pool's index works after decoding: known texts keep their codes.
            if let Some((_, Column::Label(codes))) = back
                .table
                .fields
                .iter()
                .find(|(_, column)| matches!(column, Column::Label(_)))
            {
                let text = back.table.pool.get(codes[0]).to_string();
                assert_eq!(back.table.pool.code_of(&text), Some(codes[0]));
            }
        }
    }

    #[test]
    fn damaged_or_foreign_bytes_are_refused_without_panic() {
        let demo = Demo::new(DemoSize::Small, 5, default_as_of());
        let read = demo.read(SourceKind::Seats);
        let bytes = encode(&read, &IngestOptions::default(), "file");
        assert_eq!(
            decode(b"Account ID,Name\n").unwrap_err(),
            CodecError::NotATable
        );
        let mut other = bytes.clone();
        other[4] = 99;
        assert_eq!(decode(&other).unwrap_err(), CodecError::OtherVersion(99));
        for cut in [13, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // A header length past any buffer (it would overflow on 32-bit WASM).
        let mut long = bytes.clone();
        long[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(decode(&long), Err(CodecError::Damaged(_))));
        let mut rng = crate::engine::rng::Rng::new(9, 9);
        for _ in 0..300 {
            let mut flipped = bytes.clone();
            let at = 12 + rng.below((flipped.len() - 12) as u64) as usize;
            flipped[at] ^= 1 << rng.below(8);
            let _ = decode(&flipped); // may read or refuse, never panic
        }
    }

    /// Hostile caches: the header's numbers and texts replaced, the body's
    /// words overwritten, the bytes cut. Nothing panics, and a cache that
    /// decodes can be shown and counted cell by cell.
    #[test]
    fn no_crafted_or_damaged_cache_panics_and_what_decodes_can_be_used() {
        use crate::engine::accounts::personas::CompanySlots;
        use crate::engine::links::PlacedAt;
        let demo = Demo::new(DemoSize::Small, 7, default_as_of());
        let options = IngestOptions::default();
        let mut readings: Vec<Vec<u8>> =
            [SourceKind::People, SourceKind::Activity, SourceKind::Seats]
                .into_iter()
                .map(|kind| {
                    let bytes = demo.render(kind);
                    let cut = bytes.len().min(40_000);
                    let end = bytes[..cut]
                        .iter()
                        .rposition(|byte| *byte == b'\n')
                        .unwrap_or(cut);
                    encode(
                        &ingest(&bytes[..=end], kind, &options).unwrap(),
                        &options,
                        "file",
                    )
                })
                .collect();
        let odd = ingest(
            b"Account ID,Account Name,Notes,Founded\nA1,Acme,,2020-01-01\nA1,Again,x\nA2,Globex,\"a, b\",1999-12-31\n",
            SourceKind::Accounts,
            &options,
        )
        .unwrap();
        readings.push(encode(&odd, &options, "file"));
        let mut rng = crate::engine::rng::Rng::new(18, 4);
        let mut decoded = 0;
        for round in 0..1_200 {
            let original = &readings[round % readings.len()];
            let header_len = u32::from_le_bytes(original[8..12].try_into().unwrap()) as usize;
            let mut header: serde_json::Value =
                serde_json::from_slice(&original[12..12 + header_len]).unwrap();
            let mut body = original[12 + header_len..].to_vec();
            if rng.chance(0.6) {
                crate::engine::fuzz::mutate_json(&mut header, &mut rng);
            }
            for _ in 0..rng.below(3) {
                let at = rng.below(body.len().saturating_sub(4) as u64 + 1) as usize;
                let word = *rng.pick(&[u32::MAX, 0x7FFF_FFFE, 0x8000_0000, 1 << 20, 0]);
                let end = (at + 4).min(body.len());
                body[at..end].copy_from_slice(&word.to_le_bytes()[..end - at]);
            }
            let header = serde_json::to_vec(&header).unwrap();
            let mut bytes = original[..8].to_vec();
            bytes.extend_from_slice(&(header.len() as u32).to_le_bytes());
            bytes.extend_from_slice(&header);
            bytes.extend_from_slice(&body);
            if rng.chance(0.1) {
                bytes.truncate(rng.below(bytes.len() as u64) as usize);
            }
            let Ok(cached) = decode(&bytes) else { continue };
            decoded += 1;
            let table = &cached.read.table;
            for (_, column) in table.all_columns() {
                for row in 0..table.rows {
                    let _ = table.cell_text(column, row);
                }
            }
            let everyone = vec![true; table.rows];
            for placed_at in [PlacedAt::Companies, PlacedAt::Accounts] {
                let _ = CompanySlots::at(table, placed_at).count(table, &everyone);
            }
            let _ = cached
                .read
                .report
                .quarantine_file(crate::engine::export::ExportFormat::Comma);
        }
        assert!(
            decoded > 100,
            "some mutations leave a usable cache: {decoded}"
        );
    }
}
