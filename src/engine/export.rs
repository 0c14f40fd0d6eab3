//! Writing the files every Sightline download is, the way `docs/inputs.md`
//! (Exports) says: a CSV file (UTF-8 with a header row, RFC 4180 quoting, CRLF
//! line ends, `,` — or `;` with a BOM for spreadsheet users whose locale
//! expects it — and spreadsheet formulas neutralised in text cells), or the
//! same table as an Excel workbook (numbers typed as numbers, dates as dates,
//! the header frozen, column widths set, every text cell written as text, so
//! nothing is ever a formula).
//!
//! The workbook is written by `rust_xlsxwriter`: its only dependency is a zip
//! writer, and the page pays only for the parts it calls.

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
    Excel(Box<ExcelSheets>),
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
            ExportFormat::Excel => Sink::Excel(Box::new(ExcelSheets::new(header))),
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
            Sink::Excel(sheets) => sheets.row(cells),
        }
    }

    /// A row whose cells are all text.
    pub fn text_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        self.row(cells.into_iter().map(Cell::Text));
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>, ExportError> {
        match self.sink {
            Sink::Csv { out, .. } => Ok(out),
            Sink::Excel(sheets) => sheets.finish(),
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

/// The most rows (the header's included) and columns an Excel sheet holds,
/// and the most characters a cell does.
const EXCEL_ROWS: u32 = 1_048_576;
const EXCEL_COLUMNS: usize = 16_384;
const EXCEL_CELL_CHARACTERS: usize = 32_767;

/// The most cells a workbook is written with. A workbook is built in memory,
/// some 80 bytes a cell (`sightline bench export`: 100,000 accounts of 25
/// columns take 1.7 s and 190 MB more natively), beside what the page already
/// holds; past this a CSV file is the way, in the page as on the command line.
pub const EXCEL_MOST_CELLS: usize = 3_000_000;

/// The widest a column is set (in characters): wider text wraps off screen.
const WIDEST_COLUMN: usize = 60;

/// A workbook being written: the table in a sheet, and in more sheets after
/// it when it has more rows than a sheet holds (so no row is ever lost).
struct ExcelSheets {
    header: Vec<String>,
    done: Vec<rust_xlsxwriter::Worksheet>,
    sheet: rust_xlsxwriter::Worksheet,
    /// The next row of `sheet` to write (the header is row 0).
    next_row: u32,
    /// The rows a sheet holds, the header's included ([`EXCEL_ROWS`]; fewer
    /// in the tests).
    rows_per_sheet: u32,
    /// Each column's widest text so far, in characters.
    widths: Vec<usize>,
    /// Cells written so far, and the rows; the most cells
    /// ([`EXCEL_MOST_CELLS`]; fewer in the tests).
    cells: usize,
    rows: usize,
    most_cells: usize,
    header_format: rust_xlsxwriter::Format,
    date_format: rust_xlsxwriter::Format,
    error: Option<ExportError>,
}

impl ExcelSheets {
    fn new(header: &[&str]) -> ExcelSheets {
        let mut sheets = ExcelSheets {
            header: header.iter().map(|name| name.to_string()).collect(),
            done: Vec::new(),
            sheet: rust_xlsxwriter::Worksheet::new(),
            next_row: 0,
            rows_per_sheet: EXCEL_ROWS,
            cells: 0,
            rows: 0,
            most_cells: EXCEL_MOST_CELLS,
            widths: header.iter().map(|name| name.chars().count()).collect(),
            header_format: rust_xlsxwriter::Format::new().set_bold(),
            date_format: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
            error: None,
        };
        if header.len() > EXCEL_COLUMNS {
            sheets.error = Some(ExportError::TooManyColumnsForExcel {
                columns: header.len(),
            });
        }
        sheets.start_sheet();
        sheets
    }

    /// Writes the header row at the top of the current sheet.
    fn start_sheet(&mut self) {
        let header = std::mem::take(&mut self.header);
        for (column, name) in header.iter().enumerate().take(EXCEL_COLUMNS) {
            let result = self
                .sheet
                .write_string_with_format(0, column as u16, excel_text(name), &self.header_format)
                .map(drop);
            self.keep_error(result);
        }
        self.header = header;
        self.next_row = 1;
    }

    fn keep_error<T>(&mut self, result: Result<T, rust_xlsxwriter::XlsxError>) {
        if let (Err(error), None) = (result, &self.error) {
            self.error = Some(ExportError::Excel(error.to_string()));
        }
    }

    fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        if self.error.is_some() {
            return;
        }
        if self.next_row == self.rows_per_sheet {
            let full = std::mem::replace(&mut self.sheet, rust_xlsxwriter::Worksheet::new());
            self.done.push(full);
            self.start_sheet();
        }
        let row = self.next_row;
        for (column, cell) in cells.into_iter().enumerate() {
            if column >= EXCEL_COLUMNS {
                self.error = Some(ExportError::TooManyColumnsForExcel {
                    columns: column + 1,
                });
                return;
            }
            let at = column as u16;
            let (result, width) = match cell {
                Cell::Number(text) => match text.trim().parse::<f64>() {
                    Ok(number) if number.is_finite() => (
                        self.sheet.write_number(row, at, number).map(drop),
                        text.len(),
                    ),
                    _ => self.text(row, at, text),
                },
                Cell::Date(text) => match excel_date(text) {
                    Some(date) => (
                        self.sheet
                            .write_datetime_with_format(row, at, &date, &self.date_format)
                            .map(drop),
                        10,
                    ),
                    None => self.text(row, at, text),
                },
                Cell::Text(text) => self.text(row, at, text),
            };
            self.keep_error(result);
            self.cells += 1;
            if column >= self.widths.len() {
                self.widths.resize(column + 1, 0);
            }
            self.widths[column] = self.widths[column].max(width);
        }
        self.next_row += 1;
        self.rows += 1;
        if self.cells > self.most_cells {
            self.error = Some(ExportError::TooLargeForExcel { rows: self.rows });
        }
    }

    /// A text cell (empty text is no cell at all, as Excel writes it).
    fn text(
        &mut self,
        row: u32,
        column: u16,
        text: &str,
    ) -> (Result<(), rust_xlsxwriter::XlsxError>, usize) {
        if text.is_empty() {
            return (Ok(()), 0);
        }
        let text = excel_text(text);
        let width = text.chars().count();
        (self.sheet.write_string(row, column, text).map(drop), width)
    }

    fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        self.done.push(self.sheet);
        let mut workbook = rust_xlsxwriter::Workbook::new();
        // A fixed creation date: the engine has no clock, and the same table
        // is the same file.
        if let Ok(date) = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1) {
            workbook.set_properties(
                &rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date),
            );
        }
        let sheet_count = self.done.len();
        let last_column = self.widths.len().clamp(1, EXCEL_COLUMNS) as u16 - 1;
        for (number, mut sheet) in self.done.into_iter().enumerate() {
            let name = if sheet_count == 1 {
                "Sightline".to_string()
            } else {
                format!("Sightline {}", number + 1)
            };
            let rows = if number + 1 == sheet_count {
                self.next_row
            } else {
                self.rows_per_sheet
            };
            let mut result = sheet.set_name(name).map(drop);
            result = result.and(sheet.set_freeze_panes(1, 0).map(drop));
            result = result.and(sheet.autofilter(0, 0, rows - 1, last_column).map(drop));
            for (column, width) in self.widths.iter().enumerate().take(EXCEL_COLUMNS) {
                let width = (*width).clamp(4, WIDEST_COLUMN) + 2;
                result = result.and(
                    sheet
                        .set_column_width(column as u16, width as f64)
                        .map(drop),
                );
            }
            result.map_err(|error| ExportError::Excel(error.to_string()))?;
            workbook.push_worksheet(sheet);
        }
        workbook
            .save_to_buffer()
            .map_err(|error| ExportError::Excel(error.to_string()))
    }
}

/// Text as a cell holds it: at most 32,767 characters (Excel's limit; a
/// longer cell ends in `…`), and without the control characters XML cannot
/// carry.
fn excel_text(text: &str) -> Cow<'_, str> {
    let fits = text.len() <= EXCEL_CELL_CHARACTERS;
    let clean = !text
        .chars()
        .any(|character| character.is_control() && !matches!(character, '\t' | '\n' | '\r'));
    if fits && clean {
        return Cow::Borrowed(text);
    }
    let mut out: String = text
        .chars()
        .filter(|character| !character.is_control() || matches!(character, '\t' | '\n' | '\r'))
        .collect();
    if out.chars().count() > EXCEL_CELL_CHARACTERS {
        out = out.chars().take(EXCEL_CELL_CHARACTERS - 1).collect();
        out.push('…');
    }
    Cow::Owned(out)
}

/// A `YYYY-MM-DD` date as a workbook's date (Excel's dates start in 1900).
fn excel_date(text: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    let year = u16::try_from(date.year())
        .ok()
        .filter(|year| (1900..=9999).contains(year))?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8).ok()
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
        let text = String::from_utf8(export.finish().unwrap()).unwrap();
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
            let text = String::from_utf8(export.finish().unwrap()).unwrap();
            assert_eq!(text, format!("a\r\n{written}\r\n"), "{cell:?}");
        }
        // A CRM reads its import file raw: cells as they are, on request.
        let mut raw =
            Export::with_formulas(ExportFormat::Comma, Formulas::WrittenAsTheyAre, &["Phone"]);
        raw.text_row(["+44 20 7946"]);
        assert_eq!(raw.finish().unwrap(), b"Phone\r\n+44 20 7946\r\n");
        let mut empty = Export::new(ExportFormat::Comma, &["a", "b"]);
        empty.text_row([""]);
        empty.text_row(["", "x"]);
        assert_eq!(empty.finish().unwrap(), b"a,b\r\n\"\"\r\n,x\r\n");
    }

    /// The named part of a workbook, as text.
    fn workbook_part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut part = archive.by_name(name).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut part, &mut text).unwrap();
        text
    }

    fn sample(export: &mut Export) {
        export.row([
            Cell::Text("00123"),
            Cell::Text("=HYPERLINK(\"http://x\")"),
            Cell::Number("-3"),
            Cell::Date("2026-01-31"),
        ]);
        export.row([
            Cell::Text("A & B <Ltd>"),
            Cell::Text(""),
            Cell::Number("not a number"),
            Cell::Date("soon"),
        ]);
    }

    #[test]
    fn a_workbook_types_its_cells_and_never_holds_a_formula() {
        let header = ["Account ID", "name", "delta", "closed"];
        let mut export = Export::new(ExportFormat::Excel, &header);
        sample(&mut export);
        let bytes = export.finish().unwrap();
        let sheet = workbook_part(&bytes, "xl/worksheets/sheet1.xml");
        let strings = workbook_part(&bytes, "xl/sharedStrings.xml");
        assert!(!sheet.contains("<f>"), "no formula: {sheet}");
        // Text stays text, as written (no `'`): leading zeros, the would-be
        // formula, markup escaped.
        for text in [
            "00123",
            "=HYPERLINK(\"http://x\")",
            "A &amp; B &lt;Ltd&gt;",
            "Account ID",
        ] {
            assert!(
                strings.contains(&format!(">{text}<")),
                "{text} in {strings}"
            );
        }
        assert!(!strings.contains("'="), "{strings}");
        // -3 is a number; 2026-01-31 is Excel's day 46053, with a date style;
        // what does not read as a number or a date is kept as text.
        assert!(sheet.contains(r#"<c r="C2"><v>-3</v></c>"#), "{sheet}");
        assert!(
            sheet.contains(r#"<c r="D2" s="2"><v>46053</v></c>"#),
            "{sheet}"
        );
        assert!(sheet.contains(r#"<c r="C3" t="s">"#), "{sheet}");
        assert!(sheet.contains(r#"<c r="D3" t="s">"#), "{sheet}");
        assert!(
            !sheet.contains(r#"r="B3""#),
            "an empty cell is no cell: {sheet}"
        );
        // The header frozen and filtered, the columns as wide as their text.
        assert!(
            sheet.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{sheet}"
        );
        assert!(sheet.contains(r#"<autoFilter ref="A1:D3"/>"#), "{sheet}");
        assert!(sheet.contains(r#"<col min="2" max="2" width="#), "{sheet}");
        let styles = workbook_part(&bytes, "xl/styles.xml");
        assert!(styles.contains(r#"formatCode="yyyy-mm-dd""#), "{styles}");
        // The same table is the same file (no clock in it).
        let mut again = Export::new(ExportFormat::Excel, &header);
        sample(&mut again);
        assert_eq!(again.finish().unwrap(), bytes);
    }

    #[test]
    fn a_workbook_keeps_every_row_past_a_sheet_s_limit() {
        let mut export = Export::new(ExportFormat::Excel, &["n"]);
        if let Sink::Excel(sheets) = &mut export.sink {
            sheets.rows_per_sheet = 3;
        }
        for n in 1..=5 {
            export.row([Cell::Number(&n.to_string())]);
        }
        let bytes = export.finish().unwrap();
        let first = workbook_part(&bytes, "xl/worksheets/sheet1.xml");
        let second = workbook_part(&bytes, "xl/worksheets/sheet2.xml");
        let third = workbook_part(&bytes, "xl/worksheets/sheet3.xml");
        // Each sheet: the header, then as many rows as fit.
        assert!(
            first.contains("<v>1</v>") && first.contains("<v>2</v>") && !first.contains("<v>3</v>")
        );
        assert!(second.contains("<v>3</v>") && second.contains("<v>4</v>"));
        assert!(
            third.contains("<v>5</v>") && third.contains(r#"<autoFilter ref="A1:A2"/>"#),
            "{third}"
        );
        let workbook = workbook_part(&bytes, "xl/workbook.xml");
        assert!(workbook.contains(r#"name="Sightline 3""#), "{workbook}");
    }

    #[test]
    fn a_workbook_cuts_what_excel_cannot_hold_and_says_what_it_refuses() {
        let long = "x".repeat(40_000);
        let mut export = Export::new(ExportFormat::Excel, &["long"]);
        export.text_row([format!("{long}\u{1}").as_str()]);
        let strings = workbook_part(&export.finish().unwrap(), "xl/sharedStrings.xml");
        assert!(strings.contains(&format!("{}…<", "x".repeat(EXCEL_CELL_CHARACTERS - 1))));
        let wide: Vec<String> = (0..=EXCEL_COLUMNS).map(|at| format!("c{at}")).collect();
        let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
        let export = Export::new(ExportFormat::Excel, &wide);
        assert_eq!(
            export.finish(),
            Err(ExportError::TooManyColumnsForExcel {
                columns: EXCEL_COLUMNS + 1
            })
        );
        // Past the most cells a workbook is written with, the CSV is the way.
        let mut large = Export::new(ExportFormat::Excel, &["a", "b"]);
        if let Sink::Excel(sheets) = &mut large.sink {
            sheets.most_cells = 5;
        }
        for _ in 0..4 {
            large.text_row(["x", "y"]);
        }
        let refused = large.finish().unwrap_err();
        assert_eq!(refused, ExportError::TooLargeForExcel { rows: 3 });
        assert!(
            refused.to_string().contains("download it as CSV"),
            "{refused}"
        );
        // CSV has no such limits.
        assert!(Export::new(ExportFormat::Comma, &wide).finish().is_ok());
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
            export.finish().unwrap(),
            b"\xEF\xBB\xBFa;b\r\n\"1;2\";x\r\n"
        );
    }
}
