//! Writing the files every Sightline download is, the way `docs/inputs.md`
//! (Exports) says: a CSV file (UTF-8 with a header row, RFC 4180 quoting, CRLF
//! line ends, `,` — or `;` with a BOM for spreadsheet users whose locale
//! expects it — and spreadsheet formulas neutralised in text cells), or the
//! same table as an Excel workbook (numbers typed as numbers, dates as dates,
//! the header frozen, column widths set, every text cell written as text, so
//! nothing is ever a formula).
//!
//! An Excel export is recorded as typed cells first ([`WorkbookCells`]) and
//! written as a workbook after ([`workbook`]): the command line writes it at
//! once, the page hands the cells to its workbook worker, so that the page
//! itself loads without the workbook writer.

mod workbook;

use workbook::EXCEL_COLUMNS;
pub use workbook::{WorkbookCells, EXCEL_MOST_CELLS};

use std::borrow::Cow;

/// The kind of file an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// CSV, `,`, no BOM: what CRMs and scripts load.
    #[default]
    Comma,
    /// CSV, `;` with a UTF-8 BOM: what Excel opens directly in comma-decimal locales.
    SemicolonWithBom,
    /// An Excel workbook (`.xlsx`).
    Excel,
}

impl ExportFormat {
    /// The download's name in this format: `matches.csv` → `matches.xlsx`.
    pub fn file_name(self, csv_name: &str) -> String {
        match self {
            ExportFormat::Excel => {
                let stem = csv_name
                    .strip_suffix(".csv")
                    .or_else(|| csv_name.strip_suffix(".CSV"))
                    .unwrap_or(csv_name);
                format!("{stem}.xlsx")
            }
            ExportFormat::Comma | ExportFormat::SemicolonWithBom => csv_name.to_string(),
        }
    }

    /// The file's media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Excel => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ExportFormat::Comma | ExportFormat::SemicolonWithBom => "text/csv",
        }
    }

    /// What the person is offered: "CSV" or "Excel".
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Excel => "Excel",
            ExportFormat::Comma | ExportFormat::SemicolonWithBom => "CSV",
        }
    }
}

/// Why an export could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// An Excel sheet holds at most 16,384 columns.
    TooManyColumnsForExcel { columns: usize },
    /// More cells than a workbook is written with ([`EXCEL_MOST_CELLS`]):
    /// the rows written when the limit was reached.
    TooLargeForExcel { rows: usize },
    /// The workbook writer failed (its message).
    Excel(String),
    /// A workbook's cells, handed over as bytes, are not whole (or come
    /// from another version of Sightline).
    UnreadableCells,
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::TooManyColumnsForExcel { columns } => write!(
                formatter,
                "an Excel sheet holds at most {EXCEL_COLUMNS} columns and this table has {columns}; download it as CSV"
            ),
            ExportError::TooLargeForExcel { rows } => write!(
                formatter,
                "this table is too large for an Excel file (more than {} cells after {rows} rows); download it as CSV, which Excel opens too",
                crate::engine::display::format_figure(EXCEL_MOST_CELLS as f64)
            ),
            ExportError::Excel(message) => {
                write!(formatter, "the Excel file could not be written: {message}")
            }
            ExportError::UnreadableCells => write!(
                formatter,
                "the Excel file could not be written: its cells did not arrive whole; reload the page and try again"
            ),
        }
    }
}

impl std::error::Error for ExportError {}

/// One cell of an export row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text: neutralised if a spreadsheet would read it as a formula.
    Text(&'a str),
    /// A value of a numeric column, written as given (a negative number is a
    /// number, not a formula).
    Number(&'a str),
    /// A date of a date column, `YYYY-MM-DD`: a date in a workbook, as given
    /// in a CSV file.
    Date(&'a str),
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

/// An export being written in memory, as CSV or as a workbook.
///
/// The CSV is written here rather than with `csv::Writer`: a cell holding `;`
/// or a tab must be quoted in a comma file too (a spreadsheet in a `;` locale
/// splits there), which no quoting style of the `csv` crate expresses.
pub struct Export {
    sink: Sink,
    formulas: Formulas,
}

enum Sink {
    Csv { out: Vec<u8>, delimiter: u8 },
    Workbook(WorkbookCells),
}

/// A finished export.
#[derive(Debug)]
pub enum Exported {
    /// A CSV file's bytes.
    Csv(Vec<u8>),
    /// A workbook's typed cells, to be written as the workbook by
    /// [`WorkbookCells::write`]: at once on the command line, in the page by
    /// its workbook worker (see `ui::workbook`).
    Workbook(WorkbookCells),
}

impl Exported {
    /// The file's bytes: the CSV file, or the workbook, written now.
    pub fn into_bytes(self) -> Result<Vec<u8>, ExportError> {
        match self {
            Exported::Csv(bytes) => Ok(bytes),
            Exported::Workbook(cells) => cells.write(),
        }
    }
}

impl Export {
    /// Starts an export with its header row (headers are text, neutralised too).
    pub fn new(format: ExportFormat, header: &[&str]) -> Export {
        Export::with_formulas(format, Formulas::Neutralised, header)
    }

    /// [`Export::new`], choosing what happens to formulas in a CSV file (a
    /// workbook's text cells are text, never formulas, either way).
    pub fn with_formulas(format: ExportFormat, formulas: Formulas, header: &[&str]) -> Export {
        let sink = match format {
            ExportFormat::Comma => Sink::Csv {
                out: Vec::new(),
                delimiter: b',',
            },
            ExportFormat::SemicolonWithBom => Sink::Csv {
                out: b"\xEF\xBB\xBF".to_vec(),
                delimiter: b';',
            },
            ExportFormat::Excel => Sink::Workbook(WorkbookCells::new(header)),
        };
        let mut export = Export { sink, formulas };
        if let Sink::Csv { .. } = export.sink {
            export.text_row(header.iter().copied());
        }
        export
    }

    /// A row of cells.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        let formulas = self.formulas;
        match &mut self.sink {
            Sink::Csv { out, delimiter } => csv_row(out, *delimiter, formulas, cells),
            Sink::Workbook(workbook) => workbook.row(cells),
        }
    }

    /// A row whose cells are all text.
    pub fn text_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        self.row(cells.into_iter().map(Cell::Text));
    }

    /// The export: a CSV file's bytes, or a workbook's cells; or why a
    /// workbook cannot hold the table.
    pub fn finish(self) -> Result<Exported, ExportError> {
        match self.sink {
            Sink::Csv { out, .. } => Ok(Exported::Csv(out)),
            Sink::Workbook(workbook) => workbook.finished().map(Exported::Workbook),
        }
    }
}

fn csv_row<'a>(
    out: &mut Vec<u8>,
    delimiter: u8,
    formulas: Formulas,
    cells: impl IntoIterator<Item = Cell<'a>>,
) {
    let row_start = out.len();
    let mut count = 0;
    for cell in cells {
        if count > 0 {
            out.push(delimiter);
        }
        let text = match (cell, formulas) {
            (Cell::Text(text), Formulas::Neutralised) => neutralize(text),
            (Cell::Text(text) | Cell::Number(text) | Cell::Date(text), _) => Cow::Borrowed(text),
        };
        csv_field(out, &text);
        count += 1;
    }
    if count == 1 && out.len() == row_start {
        // A row of one empty cell is `""`, not a blank line.
        out.extend_from_slice(b"\"\"");
    }
    out.extend_from_slice(b"\r\n");
}

/// One field, quoted when it holds a delimiter (`,`, `;`, a tab), a quote or
/// a line end (RFC 4180: a quote doubled).
fn csv_field(out: &mut Vec<u8>, text: &str) {
    let quoted = text
        .bytes()
        .any(|byte| matches!(byte, b',' | b';' | b'\t' | b'"' | b'\r' | b'\n'));
    if !quoted {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    out.push(b'"');
    for piece in text.split_inclusive('"') {
        out.extend_from_slice(piece.as_bytes());
        if piece.ends_with('"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

/// A CSV export's text, for the tests that read what an export wrote; a
/// workbook or an error is a failure.
#[cfg(test)]
pub(crate) fn csv_text(export: Result<Exported, ExportError>) -> String {
    match export {
        Ok(Exported::Csv(bytes)) => String::from_utf8(bytes).expect("a CSV export is UTF-8"),
        other => panic!("not a CSV file: {other:?}"),
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
        let mut export = Export::new(ExportFormat::Comma, &["Account ID", "name", "delta"]);
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
        let text = csv_text(export.finish());
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
            let mut export = Export::new(ExportFormat::Comma, &["a"]);
            export.text_row([cell]);
            let text = csv_text(export.finish());
            assert_eq!(text, format!("a\r\n{written}\r\n"), "{cell:?}");
        }
        // A CRM reads its import file raw: cells as they are, on request.
        let mut raw =
            Export::with_formulas(ExportFormat::Comma, Formulas::WrittenAsTheyAre, &["Phone"]);
        raw.text_row(["+44 20 7946"]);
        assert_eq!(
            raw.finish().and_then(Exported::into_bytes).unwrap(),
            b"Phone\r\n+44 20 7946\r\n"
        );
        let mut empty = Export::new(ExportFormat::Comma, &["a", "b"]);
        empty.text_row([""]);
        empty.text_row(["", "x"]);
        assert_eq!(
            empty.finish().and_then(Exported::into_bytes).unwrap(),
            b"a,b\r\n\"\"\r\n,x\r\n"
        );
    }

    #[test]
    fn a_download_is_named_and_typed_by_its_format() {
        assert_eq!(ExportFormat::Excel.file_name("matches.csv"), "matches.xlsx");
        assert_eq!(ExportFormat::Excel.file_name("CRM.CSV"), "CRM.xlsx");
        assert_eq!(ExportFormat::Comma.file_name("matches.csv"), "matches.csv");
        assert!(ExportFormat::Excel.media_type().contains("spreadsheetml"));
        assert_eq!(ExportFormat::SemicolonWithBom.label(), "CSV");
    }

    #[test]
    fn semicolon_dialect_has_a_bom() {
        let mut export = Export::new(ExportFormat::SemicolonWithBom, &["a", "b"]);
        export.text_row(["1;2", "x"]);
        assert_eq!(
            export.finish().and_then(Exported::into_bytes).unwrap(),
            b"\xEF\xBB\xBFa;b\r\n\"1;2\";x\r\n"
        );
    }
}
