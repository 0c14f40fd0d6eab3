//! Splitting a file's text into records: [`RecordReader`] drives `csv_core`'s
//! state machine over the text as it arrives, slice by slice, and notes the
//! physical line where each record starts.
//!
//! Why `csv_core` and not `csv::Reader`: the state machine resumes in the middle
//! of a record when a slice ends there, so the text can be handed over as it
//! comes (no copy into a second buffer, no minimum to keep waiting, no limit on
//! a record's length), and a record's cells are read straight from one reused
//! buffer, with no allocation per row.
//!
//! Line numbers are the ones an editor shows: every `\n`, `\r\n` and lone `\r`
//! ends a line, inside quoted cells too, and the blank lines between records
//! count.

use super::text::{StreamDecoder, TextEncoding};

/// One record: a text holding its cells, and where each starts and ends in it.
/// A plain line is the text itself, delimiters and all (copied once, not cell
/// by cell); a record `core` reads has its cells back to back.
#[derive(Debug, Default, Clone)]
pub(super) struct Record {
    text: String,
    cells: Vec<(usize, usize)>,
    /// The physical line (1-based) where the record starts.
    line: u64,
    /// A quote opened a cell that never closed (within [`OPEN_QUOTE_LINES`]
    /// lines, [`OPEN_QUOTE_BYTES`] bytes or the file): the record is its
    /// first line read as it is, quotes included.
    quote_left_open: bool,
}

impl Record {
    /// The number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Cell `index`, untrimmed; `None` past the last cell.
    pub fn get(&self, index: usize) -> Option<&str> {
        let &(start, end) = self.cells.get(index)?;
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|index| self.get(index).unwrap_or(""))
    }

    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn quote_left_open(&self) -> bool {
        self.quote_left_open
    }

    /// How many cells are not empty once trimmed.
    pub fn filled_cells(&self) -> usize {
        self.iter().filter(|cell| !cell.trim().is_empty()).count()
    }

    /// Whether every cell is empty once trimmed (a blank row is not a row).
    pub fn is_blank(&self) -> bool {
        // The first cell that is not blank ends the look: in a real row, the
        // first. Only a non-ASCII byte (a non-breaking space, say) needs a cell
        // trimmed.
        self.iter().all(
            |cell| match cell.bytes().find(|byte| !byte.is_ascii_whitespace()) {
                None => true,
                Some(byte) if byte < 0x80 => false,
                Some(_) => super::read::trim_cell(cell).is_empty(),
            },
        )
    }
}

/// What [`RecordReader::next`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Next {
    /// A record: [`RecordReader::record`].
    Record,
    /// The text fed so far is used up: feed the next slice.
    NeedsInput,
    /// The whole file is read.
    End,
}

/// The records of a text fed slice by slice ([`RecordReader::feed`]).
pub(super) struct RecordReader {
    core: csv_core::Reader,
    delimiter: u8,
    decoder: StreamDecoder,
    /// Bytes fed and not decoded yet: `raw[raw_read..]`. They are decoded a
    /// piece at a time, so that the text `core` reads is still in the cache.
    raw: Vec<u8>,
    raw_read: usize,
    /// The last slice of the file is in `raw`.
    raw_last: bool,
    /// Raw bytes decoded before the current piece, and the current piece's.
    raw_before_piece: u64,
    raw_piece: usize,
    /// Decoded text not yet handed to `core`: `text[read..]`.
    text: String,
    read: usize,
    /// The whole file is decoded.
    finished: bool,
    /// Line ends consumed so far, and whether the last byte consumed was a
    /// `\r` (so that a `\n` right after it is the same line end).
    lines: u64,
    after_cr: bool,
    /// `core` is in the middle of a record (it resumes there).
    in_record: bool,
    /// Where in `text` the record `core` is reading began, while it may yet
    /// turn out to hold a quote that never closes (its text is kept until
    /// then, to be read again line by line).
    record_start: Option<usize>,
    /// The record being read: its cell bytes (`cells[..written]`) and ends.
    cells: Vec<u8>,
    written: usize,
    ends: Vec<usize>,
    ended: usize,
    record: Record,
}

impl RecordReader {
    pub fn new(delimiter: u8, decoder: StreamDecoder) -> RecordReader {
        RecordReader {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            decoder,
            raw: Vec::new(),
            raw_read: 0,
            raw_last: false,
            raw_before_piece: 0,
            raw_piece: 0,
            text: String::new(),
            read: 0,
            finished: false,
            lines: 0,
            after_cr: false,
            in_record: false,
            record_start: None,
            cells: vec![0; 4096],
            written: 0,
            ends: vec![0; 64],
            ended: 0,
            record: Record::default(),
        }
    }

    /// The next slice of the file, in its own encoding; `last` for its final
    /// one. Call when [`RecordReader::next`] asks for input.
    pub fn feed(&mut self, slice: &[u8], last: bool) {
        self.raw.drain(..self.raw_read);
        self.raw_read = 0;
        self.raw.extend_from_slice(slice);
        self.raw_last |= last;
    }

    /// Decodes the next piece of what was fed; `false` when nothing is left.
    fn decode_piece(&mut self) -> bool {
        const PIECE: usize = 1 << 20;
        if self.finished || (self.raw_read == self.raw.len() && !self.raw_last) {
            return false;
        }
        // Everything decoded before is consumed by now (`core` keeps its place
        // in a record itself), so the text starts afresh; `read` is never
        // inside a character (`next` returns only at the end of the text or
        // after a record's terminator).
        let kept_from = self.record_start.unwrap_or(self.read);
        self.text.drain(..kept_from);
        self.read -= kept_from;
        if let Some(start) = &mut self.record_start {
            *start -= kept_from;
        }
        let end = self.raw.len().min(self.raw_read + PIECE);
        let last = self.raw_last && end == self.raw.len();
        self.decoder
            .decode_into(&self.raw[self.raw_read..end], last, &mut self.text);
        self.raw_before_piece += self.raw_piece as u64;
        self.raw_piece = end - self.raw_read;
        self.raw_read = end;
        self.finished = last;
        true
    }

    /// Raw bytes of the file consumed so far, about (for progress).
    pub fn raw_consumed(&self) -> f64 {
        let piece_read = if self.text.is_empty() {
            1.0
        } else {
            self.read as f64 / self.text.len() as f64
        };
        self.raw_before_piece as f64 + self.raw_piece as f64 * piece_read
    }

    /// Text bytes decoded and not consumed yet.
    fn waiting(&self) -> usize {
        self.text.len() - self.read
    }

    /// Line ends consumed so far (a gap before the next record's line is a
    /// blank line).
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Counts `count` more line ends, consumed by another reader (that of a
    /// later part of the file, joined to this one's; this and the one below
    /// are for reading a file in parts, natively).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn add_lines(&mut self, count: u64) {
        self.lines += count;
    }

    /// Whether the text consumed so far ends between two records (not inside
    /// one, a quoted cell say).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn between_records(&self) -> bool {
        !self.in_record
    }

    pub fn record(&self) -> &Record {
        &self.record
    }

    /// Lends the record out (its buffers come back with [`RecordReader::restore`]).
    pub fn take_record(&mut self) -> Record {
        std::mem::take(&mut self.record)
    }

    pub fn restore(&mut self, record: Record) {
        self.record = record;
    }

    pub fn next(&mut self) -> Next {
        use csv_core::ReadRecordResult::*;
        // The record before was used: an enormous one (a quoted cell of
        // megabytes) gives its room back rather than keep it to the end.
        if self.record.text.capacity() > KEPT_RECORD_BYTES {
            self.record.text = String::new();
        }
        loop {
            if self.waiting() == 0 && !self.finished {
                if !self.decode_piece() {
                    return Next::NeedsInput;
                }
                // A piece may decode to no text (part of a character).
                continue;
            }
            if !self.in_record {
                self.skip_line_ends();
                if self.waiting() == 0 && !self.finished {
                    continue;
                }
                self.record.line = self.lines + 1;
                self.record.quote_left_open = false;
                if self.quick_record() {
                    return Next::Record;
                }
                self.in_record = true;
                self.record_start = Some(self.read);
                self.written = 0;
                self.ended = 0;
            }
            // Empty input only once the whole file is decoded: `core` reads it
            // as the end of the file, and ends the record it is in.
            let input = &self.text.as_bytes()[self.read..];
            let at_end = input.is_empty();
            let (result, read, written, ended) = self.core.read_record(
                input,
                &mut self.cells[self.written..],
                &mut self.ends[self.ended..],
            );
            self.consume(read);
            self.written += written;
            self.ended += ended;
            match result {
                Record if (at_end && self.quote_never_closed()) || self.quote_runs_too_far() => {
                    self.read_first_line_again();
                    return Next::Record;
                }
                Record => {
                    self.in_record = false;
                    self.record_start = None;
                    self.complete_record();
                    return Next::Record;
                }
                InputEmpty if at_end => return Next::End,
                InputEmpty => {}
                OutputFull | OutputEndsFull => self.grow(result),
                End => return Next::End,
            }
            if self.quote_runs_too_far() {
                self.read_first_line_again();
                return Next::Record;
            }
        }
    }

    /// Reads the usual record the quick way: one line split by [`split_line`]
    /// instead of `core`'s byte-by-byte state machine. `false`, with nothing consumed, for a
    /// record `core` must read: a quoted cell holding a line end, a quote
    /// where a plain cell has one, text after a closing quote, or a record
    /// whose end is not decoded yet.
    fn quick_record(&mut self) -> bool {
        let input = &self.text.as_bytes()[self.read..];
        let (length, terminator) = match memchr::memchr2(b'\n', b'\r', input) {
            Some(at) => (at, 1),
            None if self.finished && !input.is_empty() => (input.len(), 0),
            None => return false,
        };
        // The delimiter and the quote are ASCII: the line splits on
        // character boundaries.
        let line = &self.text[self.read..self.read + length];
        if !split_line(line, self.delimiter, &mut self.record) {
            return false;
        }
        // The line holds no line end and does not start the text with one
        // (`skip_line_ends` took those): its terminator is one more line,
        // counted without a second search through it; a `\r\n` is taken
        // whole (unless the `\n` is not decoded yet).
        let mut terminator = terminator;
        self.after_cr = false;
        if terminator == 1 {
            self.lines += 1;
            let bytes = self.text.as_bytes();
            if bytes[self.read + length] == b'\r' {
                match bytes.get(self.read + length + 1) {
                    Some(b'\n') => terminator = 2,
                    _ => self.after_cr = true,
                }
            }
        }
        self.read += length + terminator;
        true
    }

    /// Whether the record `core` is reading has gone past what a quoted cell
    /// holds ([`OPEN_QUOTE_LINES`] lines, or [`OPEN_QUOTE_BYTES`] bytes over
    /// several lines): a quote that never closes. A first line longer than
    /// that is one enormous cell; it is no longer kept to be read again.
    fn quote_runs_too_far(&mut self) -> bool {
        let Some(start) = self.record_start else {
            return false;
        };
        let span = &self.text.as_bytes()[start..self.read];
        if span.len() > OPEN_QUOTE_BYTES
            && memchr::memchr2(b'\n', b'\r', &span[..OPEN_QUOTE_BYTES]).is_none()
        {
            // A first line longer than that: one enormous cell, whatever
            // follows; not kept to be read again.
            self.record_start = None;
            return false;
        }
        self.lines + 1 - self.record.line > OPEN_QUOTE_LINES || span.len() > OPEN_QUOTE_BYTES
    }

    /// At the end of the file, whether the record just ended inside quotes.
    fn quote_never_closed(&self) -> bool {
        self.record_start.is_some_and(|start| {
            memchr::memchr_iter(b'"', &self.text.as_bytes()[start..self.read]).count() % 2 == 1
        })
    }

    /// Ends a record whose quote never closed: the record is its first line,
    /// split as it is (its quotes are text), and reading goes on from the
    /// line after it, so that no row after a stray quote is lost.
    fn read_first_line_again(&mut self) {
        let start = self
            .record_start
            .take()
            .expect("a record kept to read again");
        self.core.reset();
        self.in_record = false;
        let rest = &self.text.as_bytes()[start..];
        let length = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        let line = &self.text[start..start + length];
        self.record.text.clear();
        self.record.cells.clear();
        self.record.text.push_str(line);
        let mut from = 0;
        for at in memchr::memchr_iter(self.delimiter, line.as_bytes()) {
            self.record.cells.push((from, at));
            from = at + 1;
        }
        self.record.cells.push((from, line.len()));
        self.record.quote_left_open = true;
        // Back to just after the first line: its line end is consumed again.
        self.read = start + length;
        self.lines = self.record.line - 1;
        self.after_cr = false;
        let terminator = match &rest[length..] {
            [b'\r', b'\n', ..] => 2,
            [] => 0,
            _ => 1,
        };
        self.consume(terminator);
    }

    fn grow(&mut self, result: csv_core::ReadRecordResult) {
        if result == csv_core::ReadRecordResult::OutputFull {
            let size = self.cells.len() * 2;
            self.cells.resize(size, 0);
        } else {
            let size = self.ends.len() * 2;
            self.ends.resize(size, 0);
        }
    }

    /// Skips the line ends between records (blank lines, the rest of a `\r\n`),
    /// counting them.
    fn skip_line_ends(&mut self) {
        let skipped = self.text.as_bytes()[self.read..]
            .iter()
            .take_while(|&&byte| byte == b'\n' || byte == b'\r')
            .count();
        if skipped > 0 {
            self.consume(skipped);
        }
    }

    /// Hands `count` bytes over as consumed, counting their line ends.
    fn consume(&mut self, count: usize) {
        let bytes = &self.text.as_bytes()[self.read..self.read + count];
        let mut after_cr = self.after_cr;
        let mut from = 0;
        for at in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            // A `\n` right after a `\r` is the same line end as the `\r`.
            if !(bytes[at] == b'\n' && after_cr && at == from) {
                self.lines += 1;
            }
            after_cr = bytes[at] == b'\r';
            from = at + 1;
        }
        if from < count {
            after_cr = false;
        }
        self.after_cr = after_cr;
        self.read += count;
    }

    fn complete_record(&mut self) {
        let cells = &self.cells[..self.written];
        if cells.len() > KEPT_RECORD_BYTES {
            // Exactly its size, not double the room a growing copy would take.
            self.record.text = String::with_capacity(cells.len());
        }
        // The text was decoded to UTF-8 and `core` splits it only at ASCII
        // bytes, so every record is valid UTF-8; the check costs little.
        self.record.text.clear();
        match std::str::from_utf8(cells) {
            Ok(text) => self.record.text.push_str(text),
            Err(_) => self.record.text.push_str(&String::from_utf8_lossy(cells)),
        }
        if self.cells.len() > KEPT_RECORD_BYTES {
            // Its cells are copied out: `core`'s room goes back to its size.
            self.cells = vec![0; 4096];
        }
        self.record.cells.clear();
        let mut start = 0;
        for &end in &self.ends[..self.ended] {
            self.record.cells.push((start, end));
            start = end;
        }
    }
}

/// A quoted cell that runs over more lines than this never closed.
const OPEN_QUOTE_LINES: u64 = 64;
/// Nor one that runs over more bytes than this, across lines.
const OPEN_QUOTE_BYTES: usize = 1 << 20;

/// A record's buffers larger than this are given back once it is used.
const KEPT_RECORD_BYTES: usize = 1 << 20;

/// Splits one line (no line end in it) into `record`'s cells as `core`
/// would, or returns `false` for a line `core` must read: a quote in a plain
/// cell, text after a closing quote, a quoted cell that does not close on the
/// line (it holds a line end).
fn split_line(line: &str, delimiter: u8, record: &mut Record) -> bool {
    let bytes = line.as_bytes();
    record.text.clear();
    record.cells.clear();
    if split_plain(bytes, delimiter, &mut record.cells) {
        record.text.push_str(line);
        return true;
    }
    record.cells.clear();
    let mut at = 0;
    loop {
        if bytes.get(at) == Some(&b'"') {
            // Quoted: up to the closing quote, `""` standing for one quote.
            let start = record.text.len();
            let mut from = at + 1;
            loop {
                let Some(close) = memchr::memchr(b'"', &bytes[from..]) else {
                    return false;
                };
                let close = from + close;
                record.text.push_str(&line[from..close]);
                if bytes.get(close + 1) == Some(&b'"') {
                    record.text.push('"');
                    from = close + 2;
                } else {
                    at = close + 1;
                    break;
                }
            }
            record.cells.push((start, record.text.len()));
            match bytes.get(at) {
                None => return true,
                Some(&byte) if byte == delimiter => at += 1,
                Some(_) => return false,
            }
        } else {
            // Cells are short: a plain loop beats two vector searches here.
            let end = bytes[at..]
                .iter()
                .position(|&byte| byte == delimiter || byte == b'"')
                .map_or(bytes.len(), |end| at + end);
            if bytes.get(end) == Some(&b'"') {
                return false;
            }
            let start = record.text.len();
            record.text.push_str(&line[at..end]);
            record.cells.push((start, record.text.len()));
            if end == bytes.len() {
                return true;
            }
            at = end + 1;
        }
    }
}

/// Splits a line at its delimiters into `cells` (ranges of `bytes`), or
/// returns `false` when the line holds a quote. Eight bytes at a time: a
/// bit mask of the delimiters in each word, its bits taken one by one (a
/// vector search per cell costs more than the cell, most cells being short).
fn split_plain(bytes: &[u8], delimiter: u8, cells: &mut Vec<(usize, usize)>) -> bool {
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte of `word` that is `byte`, and no other bit:
    // a byte's high bit survives `+ 0x7F` and `| x` only when it is zero.
    let bytes_equal = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        !(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN)
    };
    let mut from = 0;
    let mut offset = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if bytes_equal(word, b'"') != 0 {
            return false;
        }
        let mut found = bytes_equal(word, delimiter);
        while found != 0 {
            // Little-endian: byte `i` of the word is bits `8 i..8 i + 8`.
            let at = offset + (found.trailing_zeros() / 8) as usize;
            cells.push((from, at));
            from = at + 1;
            found &= found - 1;
        }
        offset += 8;
    }
    for (index, &byte) in words.remainder().iter().enumerate() {
        if byte == b'"' {
            return false;
        }
        if byte == delimiter {
            cells.push((from, offset + index));
            from = offset + index + 1;
        }
    }
    cells.push((from, bytes.len()));
    true
}

/// The first `count` records of a text held whole that are not blank, their
/// cells trimmed, each with the line it starts on: a file's header and samples.
pub(super) fn first_records(text: &str, delimiter: u8, count: usize) -> Vec<(u64, Vec<String>)> {
    let mut reader = RecordReader::new(delimiter, StreamDecoder::new(TextEncoding::Utf8));
    reader.feed(text.as_bytes(), true);
    let mut records = Vec::new();
    while records.len() < count && reader.next() == Next::Record {
        let record = reader.record();
        if !record.is_blank() {
            records.push((
                record.line(),
                record.iter().map(|cell| cell.trim().to_string()).collect(),
            ));
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &[u8], cuts: &[usize]) -> Vec<(u64, Vec<String>)> {
        records_and_open_quotes(text, cuts).0
    }

    /// The records, and whether a quote was left open in any.
    fn records_and_open_quotes(text: &[u8], cuts: &[usize]) -> (Vec<(u64, Vec<String>)>, bool) {
        let mut reader = RecordReader::new(b',', StreamDecoder::new(TextEncoding::Utf8));
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(text.len());
        let mut next_slice = 0;
        let mut out = Vec::new();
        let mut left_open = false;
        loop {
            match reader.next() {
                Next::Record => {
                    left_open |= reader.record().quote_left_open();
                    out.push((
                        reader.record().line(),
                        reader.record().iter().map(str::to_string).collect(),
                    ))
                }
                Next::NeedsInput => {
                    let (from, to) = (bounds[next_slice], bounds[next_slice + 1]);
                    next_slice += 1;
                    reader.feed(&text[from..to], next_slice + 1 == bounds.len());
                }
                Next::End => return (out, left_open),
            }
        }
    }

    #[test]
    fn records_and_their_lines_whatever_the_slices() {
        // Cut anywhere: inside quotes, between `\r` and `\n`, inside `é`.
        let text = "a,b\r\n\r\n\"x\ny é\",2\r3,\"4\"\"\"\n\n5";
        let expected = vec![
            (1, vec!["a".to_string(), "b".to_string()]),
            (3, vec!["x\ny é".to_string(), "2".to_string()]),
            (5, vec!["3".to_string(), "4\"".to_string()]),
            (7, vec!["5".to_string()]),
        ];
        assert_eq!(records(text.as_bytes(), &[]), expected);
        for cut in 1..text.len() {
            assert_eq!(records(text.as_bytes(), &[cut]), expected, "cut at {cut}");
        }
        let every_byte: Vec<usize> = (1..text.len()).collect();
        assert_eq!(records(text.as_bytes(), &every_byte), expected);
    }

    #[test]
    fn records_are_those_of_the_csv_crate_whatever_the_text() {
        // The quick path (lines with no quote) and `core` (the others) must
        // together read exactly what `core` alone reads, as the `csv` crate
        // drives it; and the lines must not depend on where slices end.
        use crate::engine::rng::Rng;
        let pieces = [
            "a", "bc", "é", ",", ",", "\"", "\"\"", "\"", "\",", ",\"", "\n", "\r", "\r\n", " ",
            ";",
        ];
        let mut rng = Rng::new(3, 3);
        for round in 0..2_000 {
            let pick = |rng: &mut Rng| pieces[rng.below(pieces.len() as u64) as usize];
            let text: String = if round % 2 == 0 {
                (0..rng.below(40)).map(|_| pick(&mut rng)).collect()
            } else {
                // Well-formed records: plain cells, and quoted ones holding
                // delimiters, quotes (doubled) and line ends.
                let mut text = String::new();
                for _ in 0..rng.below(6) {
                    for cell in 0..1 + rng.below(4) {
                        if cell > 0 {
                            text.push(',');
                        }
                        let content: String = (0..rng.below(4)).map(|_| pick(&mut rng)).collect();
                        if rng.chance(0.5) {
                            text.push('"');
                            text.push_str(&content.replace('"', "\"\""));
                            text.push('"');
                        } else {
                            text.push_str(&content.replace(['"', ',', '\n', '\r'], ""));
                        }
                    }
                    text.push_str(if rng.chance(0.5) { "\n" } else { "\r\n" });
                }
                text
            };
            let mut expected = Vec::new();
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            for record in csv.records() {
                let record = record.expect("a text reads");
                expected.push(record.iter().map(str::to_string).collect::<Vec<String>>());
            }
            let (whole, left_open) = records_and_open_quotes(text.as_bytes(), &[]);
            let cells: Vec<Vec<String>> = whole.iter().map(|(_, cells)| cells.clone()).collect();
            // Where a quote never closes, the `csv` crate reads the rest of
            // the text as one cell; this reader reads the line again.
            if !left_open {
                assert_eq!(cells, expected, "round {round}: {text:?}");
            }
            let cuts: Vec<usize> = (1..text.len()).filter(|_| rng.chance(0.3)).collect();
            assert_eq!(
                records(text.as_bytes(), &cuts),
                whole,
                "round {round}: {text:?} cut at {cuts:?}"
            );
        }
    }

    #[test]
    fn a_record_longer_than_the_buffers() {
        let long = "z".repeat(100_000);
        let cells: Vec<String> = (0..500).map(|index| index.to_string()).collect();
        let text = format!("{long},{}\nend\n", cells.join(","));
        let read = records(text.as_bytes(), &[10, 50_000, 100_003]);
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].1.len(), 501);
        assert_eq!(read[0].1[0], long);
        assert_eq!(read[0].1[500], "499");
        assert_eq!(read[1], (2, vec!["end".to_string()]));
    }

    #[test]
    fn plain_lines_split_as_a_byte_by_byte_split_would() {
        // Every length around the eight-byte words, delimiters anywhere,
        // bytes of every value (a quote makes the line not plain).
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut cells = Vec::new();
        for length in 0..40 {
            for _ in 0..200 {
                let line: Vec<u8> = (0..length)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        [b',', b';', b'a', b'"', 0x00, 0x80, 0xAC, 0xFF][(state % 8) as usize]
                    })
                    .collect();
                cells.clear();
                let plain = split_plain(&line, b',', &mut cells);
                assert_eq!(plain, !line.contains(&b'"'), "{line:?}");
                if plain {
                    let expected: Vec<&[u8]> = line.split(|&byte| byte == b',').collect();
                    let found: Vec<&[u8]> = cells
                        .iter()
                        .map(|&(start, end)| &line[start..end])
                        .collect();
                    assert_eq!(found, expected, "{line:?}");
                }
            }
        }
    }

    #[test]
    fn blank_records() {
        let mut record = Record::default();
        for (text, blank) in [
            (" \t", true),
            ("", true),
            ("\u{a0}", true),
            (" x", false),
            ("\u{a0}é", false),
        ] {
            record.text = text.to_string();
            record.cells = vec![(0, text.len())];
            assert_eq!(record.is_blank(), blank, "{text:?}");
        }
        // A plain line keeps its delimiters between the cells.
        for (line, blank) in [
            (" , ,\t", true),
            (",,", true),
            (",x", false),
            ("\u{a0},é,", false),
        ] {
            split_line(line, b',', &mut record);
            assert_eq!(record.is_blank(), blank, "{line:?}");
        }
    }
}
