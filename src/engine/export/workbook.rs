//! An export as an Excel workbook, in two steps.
//!
//! 1. [`WorkbookCells`] records the table's typed cells as the export's rows
//!    come, and refuses at once what a workbook cannot hold (too many
//!    columns, too many cells).
//! 2. [`WorkbookCells::write`] writes them as the workbook with
//!    `rust_xlsxwriter` (its only dependency is a zip writer).
//!
//! The steps are apart so that the page loads without the writer: the page
//! records the cells and hands them, as bytes ([`WorkbookCells::into_bytes`]),
//! to its workbook worker, a small WebAssembly of its own loaded the first
//! time someone downloads a workbook (`src/workbook_worker.rs`). The command
//! line does both steps at once. Either way the same cells give the same
//! bytes.

use super::{Cell, ExportError};
use std::borrow::Cow;

/// The most rows (the header's included) and columns an Excel sheet holds,
/// and the most characters a cell does.
const EXCEL_ROWS: u32 = 1_048_576;
pub(super) const EXCEL_COLUMNS: usize = 16_384;
const EXCEL_CELL_CHARACTERS: usize = 32_767;

/// The most cells a workbook is written with. A workbook is built in memory,
/// some 80 bytes a cell (`sightline bench export`: 100,000 accounts of 25
/// columns take 1.7 s and 190 MB more natively), beside what the page already
/// holds; past this a CSV file is the way, in the page as on the command line.
pub const EXCEL_MOST_CELLS: usize = 3_000_000;

/// The widest a column is set (in characters): wider text wraps off screen.
const WIDEST_COLUMN: usize = 60;

/// What the recorded cells begin with: the bytes a worker receives are
/// checked to be cells of this version.
const CELLS_MAGIC: &[u8] = b"Sightline workbook cells 1\n";

/// What a row's cell count is instead after the last row: the end, followed
/// by the number of rows after the header (`u32`), so that cells cut short
/// at a row's end are not read as a shorter table.
const END: u32 = u32::MAX;

/// A cell's kind, as recorded.
const TEXT: u8 = 0;
const NUMBER: u8 = 1;
const DATE: u8 = 2;

/// A workbook's cells, typed, in the order they are written: the header row,
/// then each row. Recorded as bytes — each row its cell count (`u32`, little
/// endian), then each cell its kind (a byte), its length (`u32`) and its
/// UTF-8 text; then [`END`] — so that they cross to a worker in one transfer.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookCells {
    encoded: Vec<u8>,
    /// Rows recorded after the header, and cells (the header's excluded).
    rows: usize,
    cells: usize,
    /// The most cells recorded ([`EXCEL_MOST_CELLS`]; fewer in the tests).
    most_cells: usize,
    /// Why the table cannot be a workbook, once it is known.
    error: Option<ExportError>,
}

impl WorkbookCells {
    /// Starts with the header row.
    pub(super) fn new(header: &[&str]) -> WorkbookCells {
        let mut cells = WorkbookCells {
            encoded: CELLS_MAGIC.to_vec(),
            rows: 0,
            cells: 0,
            most_cells: EXCEL_MOST_CELLS,
            error: None,
        };
        if header.len() > EXCEL_COLUMNS {
            cells.refuse(ExportError::TooManyColumnsForExcel {
                columns: header.len(),
            });
        } else {
            cells.record(header.iter().map(|name| Cell::Text(name)));
        }
        cells
    }

    /// Records a row, unless the table is already refused.
    pub(super) fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        if self.error.is_some() {
            return;
        }
        let count = self.record(cells);
        if count > EXCEL_COLUMNS {
            self.refuse(ExportError::TooManyColumnsForExcel { columns: count });
            return;
        }
        self.rows += 1;
        self.cells += count;
        if self.cells > self.most_cells {
            self.refuse(ExportError::TooLargeForExcel { rows: self.rows });
        }
    }

    /// Appends a row's cells; their count.
    fn record<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> usize {
        let count_at = self.encoded.len();
        self.encoded.extend_from_slice(&0u32.to_le_bytes());
        let mut count = 0usize;
        for cell in cells {
            let (kind, text) = match cell {
                Cell::Text(text) => (TEXT, text),
                Cell::Number(text) => (NUMBER, text),
                Cell::Date(text) => (DATE, text),
            };
            self.encoded.push(kind);
            // A cell longer than 4 GB cannot be in a page's table; it is
            // cut to what the length holds rather than misread.
            let text = &text.as_bytes()[..text.len().min(u32::MAX as usize)];
            let text = match std::str::from_utf8(text) {
                Ok(whole) => whole.as_bytes(),
                Err(cut) => &text[..cut.valid_up_to()],
            };
            self.encoded
                .extend_from_slice(&(text.len() as u32).to_le_bytes());
            self.encoded.extend_from_slice(text);
            count += 1;
        }
        let stored = u32::try_from(count).unwrap_or(u32::MAX);
        self.encoded[count_at..count_at + 4].copy_from_slice(&stored.to_le_bytes());
        count
    }

    /// Keeps why the table cannot be a workbook, and drops what was recorded.
    fn refuse(&mut self, error: ExportError) {
        self.error = Some(error);
        self.encoded = Vec::new();
    }

    /// The cells, ended, or why the table cannot be a workbook.
    pub(super) fn finished(mut self) -> Result<WorkbookCells, ExportError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let rows = u32::try_from(self.rows)
            .map_err(|_| ExportError::TooLargeForExcel { rows: self.rows })?;
        self.encoded.extend_from_slice(&END.to_le_bytes());
        self.encoded.extend_from_slice(&rows.to_le_bytes());
        Ok(self)
    }

    /// The cells as bytes, to hand to the workbook worker.
    pub fn into_bytes(self) -> Vec<u8> {
        self.encoded
    }

    /// Cells handed over as bytes ([`WorkbookCells::into_bytes`]), checked
    /// whole: anything else is [`ExportError::UnreadableCells`], never a
    /// panic.
    pub fn from_bytes(encoded: Vec<u8>) -> Result<WorkbookCells, ExportError> {
        let mut cells = WorkbookCells {
            encoded,
            rows: 0,
            cells: 0,
            most_cells: EXCEL_MOST_CELLS,
            error: None,
        };
        let (mut count, mut total) = (0, 0);
        let mut rows = cells.rows_of()?;
        rows.next_row()?.ok_or(ExportError::UnreadableCells)?;
        while let Some(row) = rows.next_row()? {
            count += 1;
            total += row.len();
        }
        (cells.rows, cells.cells) = (count, total);
        Ok(cells)
    }

    fn rows_of(&self) -> Result<EncodedRows<'_>, ExportError> {
        let rest = self
            .encoded
            .strip_prefix(CELLS_MAGIC)
            .ok_or(ExportError::UnreadableCells)?;
        Ok(EncodedRows { rest, rows: 0 })
    }

    /// The workbook's bytes.
    pub fn write(&self) -> Result<Vec<u8>, ExportError> {
        self.write_with_rows_per_sheet(EXCEL_ROWS)
    }

    fn write_with_rows_per_sheet(&self, rows_per_sheet: u32) -> Result<Vec<u8>, ExportError> {
        let mut rows = self.rows_of()?;
        let header = rows.next_row()?.ok_or(ExportError::UnreadableCells)?;
        let header: Vec<&str> = header
            .into_iter()
            .map(|cell| match cell {
                Cell::Text(text) | Cell::Number(text) | Cell::Date(text) => text,
            })
            .collect();
        let mut sheets = ExcelSheets::new(&header, rows_per_sheet);
        while let Some(row) = rows.next_row()? {
            sheets.row(row);
        }
        sheets.finish()
    }
}

/// Reads recorded rows back.
struct EncodedRows<'a> {
    rest: &'a [u8],
    /// Rows read so far, the header's included.
    rows: usize,
}

impl<'a> EncodedRows<'a> {
    fn take(&mut self, length: usize) -> Result<&'a [u8], ExportError> {
        if self.rest.len() < length {
            return Err(ExportError::UnreadableCells);
        }
        let (taken, rest) = self.rest.split_at(length);
        self.rest = rest;
        Ok(taken)
    }

    fn length(&mut self) -> Result<usize, ExportError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize)
    }

    /// The next row, or `None` after the last (at the end, which must be
    /// whole and count the rows read).
    fn next_row(&mut self) -> Result<Option<Vec<Cell<'a>>>, ExportError> {
        let count = self.length()?;
        if count == END as usize {
            let rows = self.length()?;
            if !self.rest.is_empty() || self.rows == 0 || rows != self.rows - 1 {
                return Err(ExportError::UnreadableCells);
            }
            return Ok(None);
        }
        // Each cell takes five bytes at least: a count past that is damage,
        // not a reason to reserve memory.
        if count > self.rest.len() / 5 {
            return Err(ExportError::UnreadableCells);
        }
        let mut row = Vec::with_capacity(count);
        for _ in 0..count {
            let kind = self.take(1)?[0];
            let length = self.length()?;
            let text = std::str::from_utf8(self.take(length)?)
                .map_err(|_| ExportError::UnreadableCells)?;
            row.push(match kind {
                TEXT => Cell::Text(text),
                NUMBER => Cell::Number(text),
                DATE => Cell::Date(text),
                _ => return Err(ExportError::UnreadableCells),
            });
        }
        self.rows += 1;
        Ok(Some(row))
    }
}

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
    header_format: rust_xlsxwriter::Format,
    date_format: rust_xlsxwriter::Format,
    error: Option<ExportError>,
}

impl ExcelSheets {
    fn new(header: &[&str], rows_per_sheet: u32) -> ExcelSheets {
        let mut sheets = ExcelSheets {
            header: header.iter().map(|name| name.to_string()).collect(),
            done: Vec::new(),
            sheet: rust_xlsxwriter::Worksheet::new(),
            next_row: 0,
            rows_per_sheet,
            widths: header.iter().map(|name| name.chars().count()).collect(),
            header_format: rust_xlsxwriter::Format::new().set_bold(),
            date_format: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
            error: None,
        };
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
        for (column, cell) in cells.into_iter().enumerate().take(EXCEL_COLUMNS) {
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
            if column >= self.widths.len() {
                self.widths.resize(column + 1, 0);
            }
            self.widths[column] = self.widths[column].max(width);
        }
        self.next_row += 1;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::export::{Export, ExportFormat, Exported, Sink};

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
        let bytes = export.finish().and_then(Exported::into_bytes).unwrap();
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
        assert_eq!(
            again.finish().and_then(Exported::into_bytes).unwrap(),
            bytes
        );
    }

    #[test]
    fn a_workbook_keeps_every_row_past_a_sheet_s_limit() {
        let mut export = Export::new(ExportFormat::Excel, &["n"]);
        for n in 1..=5 {
            export.row([Cell::Number(&n.to_string())]);
        }
        let Ok(Exported::Workbook(cells)) = export.finish() else {
            panic!("an Excel export finishes as cells");
        };
        let bytes = cells.write_with_rows_per_sheet(3).unwrap();
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
        let strings = workbook_part(
            &export.finish().and_then(Exported::into_bytes).unwrap(),
            "xl/sharedStrings.xml",
        );
        assert!(strings.contains(&format!("{}…<", "x".repeat(EXCEL_CELL_CHARACTERS - 1))));
        let wide: Vec<String> = (0..=EXCEL_COLUMNS).map(|at| format!("c{at}")).collect();
        let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
        let export = Export::new(ExportFormat::Excel, &wide);
        assert_eq!(
            export.finish().map(drop),
            Err(ExportError::TooManyColumnsForExcel {
                columns: EXCEL_COLUMNS + 1
            })
        );
        // Past the most cells a workbook is written with, the CSV is the way.
        let mut large = Export::new(ExportFormat::Excel, &["a", "b"]);
        if let Sink::Workbook(cells) = &mut large.sink {
            cells.most_cells = 5;
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
    fn cells_handed_over_as_bytes_write_the_same_workbook() {
        let header = ["Account ID", "name", "delta", "closed"];
        let mut export = Export::new(ExportFormat::Excel, &header);
        sample(&mut export);
        let Ok(Exported::Workbook(cells)) = export.finish() else {
            panic!("an Excel export finishes as cells");
        };
        let written = cells.write().unwrap();
        let handed = WorkbookCells::from_bytes(cells.clone().into_bytes()).unwrap();
        assert_eq!((handed.rows, handed.cells), (2, 8));
        assert_eq!(handed.write().unwrap(), written);
    }

    #[test]
    fn damaged_cells_are_refused_never_misread() {
        let mut export = Export::new(ExportFormat::Excel, &["a", "b"]);
        export.text_row(["été", "x"]);
        export.row([Cell::Number("1"), Cell::Date("2026-01-31")]);
        let Ok(Exported::Workbook(cells)) = export.finish() else {
            panic!("an Excel export finishes as cells");
        };
        let bytes = cells.into_bytes();
        // Every cut short, every byte changed: refused or read whole, never a panic.
        for end in 0..bytes.len() {
            assert_eq!(
                WorkbookCells::from_bytes(bytes[..end].to_vec()).map(drop),
                Err(ExportError::UnreadableCells),
                "cut at {end}"
            );
        }
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 0xA5;
            if let Ok(cells) = WorkbookCells::from_bytes(changed) {
                assert!(cells.write().is_ok(), "changed at {at}");
            }
        }
        // Cells of another version are refused with what to do.
        let mut other = bytes.clone();
        other[CELLS_MAGIC.len() - 2] = b'2';
        let refused = WorkbookCells::from_bytes(other).unwrap_err();
        assert!(refused.to_string().contains("reload the page"), "{refused}");
        // A huge count is damage, not memory to reserve.
        let mut huge = CELLS_MAGIC.to_vec();
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            WorkbookCells::from_bytes(huge).map(drop),
            Err(ExportError::UnreadableCells)
        );
    }
}
