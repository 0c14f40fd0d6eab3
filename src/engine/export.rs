//! Writing CSV files the way `docs/inputs.md` (Exports) says every Sightline export is
//! written: UTF-8 with a header row, RFC 4180 quoting, CRLF line ends, `,` (or
//! `;` with a BOM for spreadsheet users whose locale expects it), and spreadsheet
//! formulas neutralised in text cells.

use std::borrow::Cow;

/// The delimiter and BOM of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportDialect {
    /// `,`, no BOM: what CRMs and scripts load.
    #[default]
    Comma,
    /// `;` with a UTF-8 BOM: what Excel opens directly in comma-decimal locales.
    SemicolonWithBom,
}

/// One cell of an export row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text: neutralised if a spreadsheet would read it as a formula.
    Text(&'a str),
    /// A value of a numeric column, written as given (a negative number is a
    /// number, not a formula).
    Number(&'a str),
}

/// Whether text cells a spreadsheet would run as formulas are neutralised
/// (every export), or written exactly as they are (a CRM import file, when
/// the person asks: a CRM reads the file raw, and would keep the `'`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formulas {
    #[default]
    Neutralised,
    WrittenAsTheyAre,
}

/// The characters a spreadsheet reads as the start of a formula, in their
/// ASCII and full-width forms (some spreadsheets fold the latter).
fn starts_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}')
    )
}

/// A number as spreadsheets and CRMs write it (`-5`, `+12.5`, `-1,234.50`,
/// `3.5%`): it cannot run, so it is written as it is.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = digits.strip_suffix('%').unwrap_or(digits);
    digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.' || byte == b',')
}

/// Where a spreadsheet may split a cell into several (a `;` locale, a tab,
/// a parser that ignores quotes).
fn splits_at(character: char) -> bool {
    matches!(character, ',' | ';' | '\t')
}

/// Neutralises text a spreadsheet would run as a formula, with a leading
/// `'`: a cell that begins with `=`, `+`, `-`, `@` (or their full-width
/// forms), a tab or a carriage return — unless it is a plain number — and,
/// after any `,`, `;` or tab inside the cell, a piece that begins with one of
/// those characters and something other than a space.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    let at_start =
        !is_plain_number(text) && (starts_formula(text) || text.starts_with(['\t', '\r']));
    let inside: Vec<usize> = text
        .char_indices()
        .filter(|(_, character)| splits_at(*character))
        .map(|(at, character)| at + character.len_utf8())
        .filter(|at| {
            let piece = &text[*at..];
            let piece = &piece[..piece.find(splits_at).unwrap_or(piece.len())];
            starts_formula(piece)
                && !is_plain_number(piece)
                && piece
                    .chars()
                    .nth(1)
                    .is_some_and(|next| !next.is_whitespace())
        })
        .collect();
    if !at_start && inside.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + inside.len() + 1);
    if at_start {
        out.push('\'');
    }
    let mut from = 0;
    for at in inside {
        out.push_str(&text[from..at]);
        out.push('\'');
        from = at;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// An export being written in memory.
///
/// Written here rather than with `csv::Writer`: a cell holding `;` or a tab
/// must be quoted in a comma file too (a spreadsheet in a `;` locale splits
/// there), which no quoting style of the `csv` crate expresses.
pub struct CsvExport {
    out: Vec<u8>,
    delimiter: u8,
    formulas: Formulas,
}

impl CsvExport {
    /// Starts an export with its header row (headers are text, neutralised too).
    pub fn new(dialect: ExportDialect, header: &[&str]) -> CsvExport {
        CsvExport::with_formulas(dialect, Formulas::Neutralised, header)
    }

    /// [`CsvExport::new`], choosing what happens to formulas.
    pub fn with_formulas(dialect: ExportDialect, formulas: Formulas, header: &[&str]) -> CsvExport {
        let (delimiter, out) = match dialect {
            ExportDialect::Comma => (b',', Vec::new()),
            ExportDialect::SemicolonWithBom => (b';', b"\xEF\xBB\xBF".to_vec()),
        };
        let mut export = CsvExport {
            out,
            delimiter,
            formulas,
        };
        export.text_row(header.iter().copied());
        export
    }

    /// A row of cells.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        let row_start = self.out.len();
        let mut count = 0;
        for cell in cells {
            if count > 0 {
                self.out.push(self.delimiter);
            }
            let text = match (cell, self.formulas) {
                (Cell::Text(text), Formulas::Neutralised) => neutralize(text),
                (Cell::Text(text) | Cell::Number(text), _) => Cow::Borrowed(text),
            };
            self.field(&text);
            count += 1;
        }
        if count == 1 && self.out.len() == row_start {
            // A row of one empty cell is `""`, not a blank line.
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.extend_from_slice(b"\r\n");
    }

    /// One field, quoted when it holds a delimiter (`,`, `;`, a tab), a
    /// quote or a line end (RFC 4180: a quote doubled).
    fn field(&mut self, text: &str) {
        let quoted = text
            .bytes()
            .any(|byte| matches!(byte, b',' | b';' | b'\t' | b'"' | b'\r' | b'\n'));
        if !quoted {
            self.out.extend_from_slice(text.as_bytes());
            return;
        }
        self.out.push(b'"');
        for piece in text.split_inclusive('"') {
            self.out.extend_from_slice(piece.as_bytes());
            if piece.ends_with('"') {
                self.out.push(b'"');
            }
        }
        self.out.push(b'"');
    }

    /// A row whose cells are all text.
    pub fn text_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        self.row(cells.into_iter().map(Cell::Text));
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// The name of a download made from a dataset's file: its name without the
/// `.csv`, then `-what.csv` (`accounts.csv` → `accounts-rows.csv`).
pub fn derived_file_name(source: &str, what: &str) -> String {
    let stem = source.trim_end_matches(".csv").trim_end_matches(".CSV");
    format!("{stem}-{what}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_derived_download_is_named_after_its_file() {
        assert_eq!(
            derived_file_name("accounts.csv", "rows"),
            "accounts-rows.csv"
        );
        assert_eq!(
            derived_file_name("CRM.CSV", "quarantined"),
            "CRM-quarantined.csv"
        );
        assert_eq!(derived_file_name("export", "rows"), "export-rows.csv");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        let mut export = CsvExport::new(ExportDialect::Comma, &["Account ID", "name", "delta"]);
        export.row([
            Cell::Text("001"),
            Cell::Text("=HYPERLINK(\"x\")"),
            Cell::Number("-3"),
        ]);
        export.row([
            Cell::Text("002"),
            Cell::Text("+44 20 7946"),
            Cell::Number("5"),
        ]);
        export.row([
            Cell::Text("003"),
            Cell::Text("-minus"),
            Cell::Text("@SUM(A1)"),
        ]);
        export.row([
            Cell::Text("004"),
            Cell::Text("\tTab"),
            Cell::Text("Line\r\nbreak, \"quoted\""),
        ]);
        let text = String::from_utf8(export.finish()).unwrap();
        assert_eq!(
            text,
            "Account ID,name,delta\r\n\
             001,\"'=HYPERLINK(\"\"x\"\")\",-3\r\n\
             002,'+44 20 7946,5\r\n\
             003,'-minus,'@SUM(A1)\r\n\
             004,\"'\tTab\",\"Line\r\nbreak, \"\"quoted\"\"\"\r\n"
        );
    }

    #[test]
    fn formulas_after_a_delimiter_and_in_full_width_are_neutralised_numbers_are_not() {
        let cases = [
            // A spreadsheet in a `;` locale splits here: quoted, and neutralised.
            ("Acme;=cmd|'/C calc'!A0", "\"Acme;'=cmd|'/C calc'!A0\""),
            ("East;West", "\"East;West\""),
            ("a\t@SUM(A1)", "\"a\t'@SUM(A1)\""),
            ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
            ("x,\u{FF0B}cmd", "\"x,'\u{FF0B}cmd\""),
            // Plain numbers cannot run.
            ("-5", "-5"),
            ("+12.5", "+12.5"),
            ("-1,234.50", "\"-1,234.50\""),
            ("East;-5", "\"East;-5\""),
            // A dash and a space after a comma is prose, not a formula.
            ("Sales, - Inbound", "\"Sales, - Inbound\""),
            ("-minus", "'-minus"),
            ("+44 20 7946", "'+44 20 7946"),
        ];
        for (cell, written) in cases {
            let mut export = CsvExport::new(ExportDialect::Comma, &["a"]);
            export.text_row([cell]);
            let text = String::from_utf8(export.finish()).unwrap();
            assert_eq!(text, format!("a\r\n{written}\r\n"), "{cell:?}");
        }
        // A CRM reads its import file raw: cells as they are, on request.
        let mut raw =
            CsvExport::with_formulas(ExportDialect::Comma, Formulas::WrittenAsTheyAre, &["Phone"]);
        raw.text_row(["+44 20 7946"]);
        assert_eq!(raw.finish(), b"Phone\r\n+44 20 7946\r\n");
        let mut empty = CsvExport::new(ExportDialect::Comma, &["a", "b"]);
        empty.text_row([""]);
        empty.text_row(["", "x"]);
        assert_eq!(empty.finish(), b"a,b\r\n\"\"\r\n,x\r\n");
    }

    #[test]
    fn semicolon_dialect_has_a_bom() {
        let mut export = CsvExport::new(ExportDialect::SemicolonWithBom, &["a", "b"]);
        export.text_row(["1;2", "x"]);
        assert_eq!(export.finish(), b"\xEF\xBB\xBFa;b\r\n\"1;2\";x\r\n");
    }
}
