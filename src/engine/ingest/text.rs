//! From a file's bytes to text: encoding (UTF-8 with or without BOM, UTF-16 with
//! a BOM, else Windows-1252 as Excel writes it), files that are not text at all,
//! and the delimiter.

use crate::engine::ingest::IngestError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The encoding a file was read in; the page says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextEncoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-8-bom")]
    Utf8Bom,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[serde(rename = "windows-1252")]
    Windows1252,
    /// UTF-8 but for some lines, which are read as Windows-1252 (rows pasted
    /// in from another export).
    #[serde(rename = "utf-8+windows-1252")]
    Utf8WithWindows1252Lines,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (with BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
            TextEncoding::Utf8WithWindows1252Lines => "UTF-8, some lines Windows-1252",
        })
    }
}

/// What a file's first bytes say about its encoding: a byte-order mark tells it
/// (`Some`); otherwise the file is UTF-8 if all of it is valid UTF-8, else
/// Windows-1252, which only a look at every byte can tell (`None`: see
/// [`Utf8Check`]). Fails for files that are not text at all.
pub fn sniff_encoding(head: &[u8]) -> Result<Option<TextEncoding>, IngestError> {
    if head.starts_with(b"\xFF\xFE") {
        return Ok(Some(TextEncoding::Utf16Le));
    }
    if head.starts_with(b"\xFE\xFF") {
        return Ok(Some(TextEncoding::Utf16Be));
    }
    let with_bom = head.starts_with(b"\xEF\xBB\xBF");
    let body = if with_bom { &head[3..] } else { head };
    if let Some(kind) = binary_kind(body) {
        return Err(IngestError::NotText { looks_like: kind });
    }
    Ok(with_bom.then_some(TextEncoding::Utf8Bom))
}

/// Checks that a file is valid UTF-8, slice by slice (a character may straddle
/// two slices). From the first line that is not, it looks line by line: a file
/// whose other lines hold UTF-8 characters is UTF-8 with some lines pasted in
/// from a Windows-1252 export; without any, it is Windows-1252 throughout.
#[derive(Debug, Default)]
pub struct Utf8Check {
    carry: Vec<u8>,
    invalid: bool,
    /// A line holding a character beyond ASCII, in valid UTF-8, was seen.
    utf8_beyond_ascii: bool,
    /// Once a line is invalid: the line being gathered, and the lines that
    /// are not UTF-8.
    line: Vec<u8>,
    invalid_lines: u64,
}

impl Utf8Check {
    pub fn feed(&mut self, slice: &[u8]) {
        if self.invalid {
            self.feed_lines(slice);
            return;
        }
        let joined;
        let bytes = if self.carry.is_empty() {
            slice
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), slice].concat();
            &joined[..]
        };
        match std::str::from_utf8(bytes) {
            Ok(_) => self.utf8_beyond_ascii |= !bytes.is_ascii(),
            // An incomplete character at the end: wait for the next slice.
            Err(error) if error.error_len().is_none() => {
                let valid = error.valid_up_to();
                self.utf8_beyond_ascii |= !bytes[..valid].is_ascii();
                self.carry = bytes[valid..].to_vec()
            }
            Err(error) => {
                // Line by line from the line of the first invalid byte.
                let valid = error.valid_up_to();
                let line_start = memchr::memrchr(b'\n', &bytes[..valid]).map_or(0, |end| end + 1);
                self.utf8_beyond_ascii |= !bytes[..line_start].is_ascii();
                self.invalid = true;
                self.feed_lines(&bytes[line_start..]);
            }
        }
    }

    fn feed_lines(&mut self, slice: &[u8]) {
        let mut rest = slice;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            self.line.extend_from_slice(&rest[..=end]);
            self.look_at_line();
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
    }

    fn look_at_line(&mut self) {
        match std::str::from_utf8(&self.line) {
            Ok(line) => self.utf8_beyond_ascii |= !line.is_ascii(),
            Err(_) => self.invalid_lines += 1,
        }
        self.line.clear();
    }

    /// Whether everything fed was valid UTF-8, ending on a whole character.
    pub fn is_valid(&self) -> bool {
        !self.invalid && self.carry.is_empty()
    }

    /// The file's encoding once all of it was fed, and how many of its lines
    /// are read as Windows-1252 in a file that is otherwise UTF-8.
    pub fn finish(mut self) -> (TextEncoding, u64) {
        if self.is_valid() {
            return (TextEncoding::Utf8, 0);
        }
        if !self.line.is_empty() || !self.carry.is_empty() {
            if !self.invalid {
                // Only an incomplete character at the very end.
                self.invalid_lines += 1;
            } else {
                self.look_at_line();
            }
        }
        if self.utf8_beyond_ascii && self.invalid_lines > 0 {
            (TextEncoding::Utf8WithWindows1252Lines, self.invalid_lines)
        } else {
            (TextEncoding::Windows1252, 0)
        }
    }
}

/// Decodes a file slice by slice into UTF-8 text, once its encoding is known.
pub struct StreamDecoder {
    decoder: encoding_rs::Decoder,
    /// Byte-order mark bytes still to skip at the start.
    skip: usize,
    /// For a file of UTF-8 and Windows-1252 lines: the bytes of the line not
    /// yet complete (each line is decoded as the encoding it is in).
    mixed_line: Option<Vec<u8>>,
}

impl StreamDecoder {
    pub fn new(encoding: TextEncoding) -> StreamDecoder {
        let (standard, skip) = match encoding {
            TextEncoding::Utf8 => (encoding_rs::UTF_8, 0),
            TextEncoding::Utf8Bom => (encoding_rs::UTF_8, 3),
            TextEncoding::Utf16Le => (encoding_rs::UTF_16LE, 2),
            TextEncoding::Utf16Be => (encoding_rs::UTF_16BE, 2),
            TextEncoding::Windows1252 => (encoding_rs::WINDOWS_1252, 0),
            TextEncoding::Utf8WithWindows1252Lines => (encoding_rs::UTF_8, 0),
        };
        StreamDecoder {
            decoder: standard.new_decoder_without_bom_handling(),
            skip,
            mixed_line: (encoding == TextEncoding::Utf8WithWindows1252Lines).then(Vec::new),
        }
    }

    /// The text of the next slice; `last` for the file's final slice.
    pub fn decode(&mut self, slice: &[u8], last: bool) -> String {
        let mut text = String::new();
        self.decode_into(slice, last, &mut text);
        text
    }

    /// Appends the text of the next slice to `text` (a buffer reused from
    /// slice to slice costs no allocation).
    pub fn decode_into(&mut self, slice: &[u8], last: bool, text: &mut String) {
        if let Some(line) = &mut self.mixed_line {
            decode_lines(line, slice, last, text);
            return;
        }
        let skipped = self.skip.min(slice.len());
        self.skip -= skipped;
        let slice = &slice[skipped..];
        let capacity = self
            .decoder
            .max_utf8_buffer_length(slice.len())
            .unwrap_or(slice.len() * 3 + 16);
        text.reserve(capacity);
        let _ = self.decoder.decode_to_string(slice, text, last);
    }
}

/// Decodes whole lines, each as UTF-8 when it is, else as Windows-1252; the
/// bytes of a line not yet complete wait in `line` (until `last`).
fn decode_lines(line: &mut Vec<u8>, slice: &[u8], last: bool, text: &mut String) {
    let decode = |bytes: &[u8], text: &mut String| match std::str::from_utf8(bytes) {
        Ok(valid) => text.push_str(valid),
        Err(_) => text.push_str(
            &encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0,
        ),
    };
    let mut rest = slice;
    while let Some(end) = memchr::memchr(b'\n', rest) {
        if line.is_empty() {
            decode(&rest[..=end], text);
        } else {
            line.extend_from_slice(&rest[..=end]);
            decode(line, text);
            line.clear();
        }
        rest = &rest[end + 1..];
    }
    line.extend_from_slice(rest);
    if last && !line.is_empty() {
        decode(line, text);
        line.clear();
    }
}

/// Decodes a whole file held in memory (samples, tests). Fails, with a message
/// a person can act on, for an empty file and for files that are not text.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), IngestError> {
    let encoding = match sniff_encoding(bytes)? {
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => TextEncoding::Utf8,
        None => {
            let mut check = Utf8Check::default();
            check.feed(bytes);
            check.finish().0
        }
    };
    let text = StreamDecoder::new(encoding).decode(bytes, true);
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    Ok((text, encoding))
}

/// What a file that is not text looks like, judged from its first bytes.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (
            b"PK\x03\x04",
            "an Excel workbook or another zip file (save it as CSV first)",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Excel workbook (.xls; save it as CSV first)",
        ),
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"\x1F\x8B", "a gzip archive (unpack it first)"),
    ];
    if let Some((_, kind)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&byte| byte < 0x09 || (0x0E..0x20).contains(&byte))
        .count();
    (head.contains(&0) || controls * 20 > head.len().max(1)).then_some("a binary file, not text")
}

/// The delimiters `docs/inputs.md` sniffs among, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Whether a chosen delimiter can split a file: an ASCII character that is
/// neither a quote nor a line end (a stored or restored choice may be
/// anything; one that cannot be used is ignored and the delimiter sniffed).
pub fn usable_delimiter(byte: u8) -> bool {
    byte.is_ascii() && !matches!(byte, b'"' | b'\n' | b'\r' | 0)
}

/// The person's delimiter when it can be used, else the one the first lines
/// show.
pub fn delimiter_of(text: &str, chosen: Option<u8>) -> u8 {
    chosen
        .filter(|byte| usable_delimiter(*byte))
        .unwrap_or_else(|| sniff_delimiter(text))
}

/// Picks the delimiter from the first lines: the candidate that splits the
/// header most consistently across the lines that follow.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines = first_lines(text, 20);
    let mut best = (b',', 0usize, 0usize);
    for delimiter in DELIMITERS {
        let counts: Vec<usize> = lines
            .iter()
            .map(|line| count_outside_quotes(line, delimiter))
            .collect();
        let Some(&header_count) = counts.first() else {
            continue;
        };
        if header_count == 0 {
            continue;
        }
        let consistent = counts
            .iter()
            .filter(|&&count| count == header_count)
            .count();
        if (consistent, header_count) > (best.1, best.2) {
            best = (delimiter, consistent, header_count);
        }
    }
    best.0
}

/// Up to `limit` non-blank logical lines (newlines inside quotes kept).
fn first_lines(text: &str, limit: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut in_quotes = false;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => {
                let line = &text[start..index];
                if !line.trim().is_empty() {
                    lines.push(line);
                    if lines.len() == limit {
                        return lines;
                    }
                }
                start = index + 1;
            }
            _ => {}
        }
        if index > 1 << 20 {
            break; // a megabyte is plenty to judge by
        }
    }
    let last = &text[start.min(text.len())..];
    if lines.len() < limit && !last.trim().is_empty() && text.len() <= (1 << 20) + 1 {
        lines.push(last);
    }
    lines
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut in_quotes = false;
    line.bytes()
        .filter(|&byte| {
            if byte == b'"' {
                in_quotes = !in_quotes;
            }
            byte == delimiter && !in_quotes
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let (text, encoding) = decode(b"\xEF\xBB\xBFName\nJos\xC3\xA9\n").unwrap();
        assert_eq!(
            (text.as_ref(), encoding),
            ("Name\nJosé\n", TextEncoding::Utf8Bom)
        );
        let (text, encoding) = decode(b"Name\nJos\xE9 M\xFCller \x80\n").unwrap();
        assert_eq!(
            (text.as_ref(), encoding),
            ("Name\nJosé Müller €\n", TextEncoding::Windows1252)
        );
        let utf16: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain(
                "Name\tCity\nJosé\tKöln\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let (text, encoding) = decode(&utf16).unwrap();
        assert_eq!(
            (text.as_ref(), encoding),
            ("Name\tCity\nJosé\tKöln\n", TextEncoding::Utf16Le)
        );
        let (_, encoding) = decode(b"a,b\n1,2\n").unwrap();
        assert_eq!(encoding, TextEncoding::Utf8);
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(decode(b"").unwrap_err(), IngestError::Empty);
        assert_eq!(
            decode(b"\xEF\xBB\xBF \r\n\r\n").unwrap_err(),
            IngestError::Empty
        );
        assert!(
            matches!(decode(b"PK\x03\x04\x14\x00rest").unwrap_err(), IngestError::NotText { looks_like } if looks_like.contains("Excel"))
        );
        assert!(matches!(
            decode(b"a,b\n\x00\x01\x02\x03").unwrap_err(),
            IngestError::NotText { .. }
        ));
        assert!(matches!(
            decode(&[0x07u8; 100]).unwrap_err(),
            IngestError::NotText { .. }
        ));
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(
            sniff_delimiter("Name;Amount\nAcme;1.234,50\nGlobex;12,00\n"),
            b';'
        );
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3"), b'|');
        assert_eq!(
            sniff_delimiter("\"Name, full\";City\n\"Doe, Jane\";Paris\n"),
            b';'
        );
        assert_eq!(sniff_delimiter("single column\nvalue\n"), b',');
    }
}
