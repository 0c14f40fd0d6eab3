//! From a file's bytes to text: encoding (UTF-8 with or without BOM, UTF-16 with
//! a BOM, else Windows-1252 as Excel writes it), files that are not text at all,
//! and the delimiter.

use crate::engine::ingest::IngestError;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
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
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (with BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
        })
    }
}

/// Decodes a file to text. Fails, with a message a person can act on, for an
/// empty file and for files that are not text (a workbook, a PDF, an image).
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), IngestError> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return non_empty(text, TextEncoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return non_empty(text, TextEncoding::Utf16Be);
    }
    let (body, with_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if let Some(kind) = binary_kind(body) {
        return Err(IngestError::NotText { looks_like: kind });
    }
    match std::str::from_utf8(body) {
        Ok(text) => non_empty(
            Cow::Borrowed(text),
            if with_bom {
                TextEncoding::Utf8Bom
            } else {
                TextEncoding::Utf8
            },
        ),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
            non_empty(text, TextEncoding::Windows1252)
        }
    }
}

fn non_empty(
    text: Cow<'_, str>,
    encoding: TextEncoding,
) -> Result<(Cow<'_, str>, TextEncoding), IngestError> {
    if text.trim().is_empty() {
        Err(IngestError::Empty)
    } else {
        Ok((text, encoding))
    }
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

/// The delimiters `DATA.md` sniffs among, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

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
