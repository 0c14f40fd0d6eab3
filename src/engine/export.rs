//! Writing CSV files the way `DATA.md` (Exports) says every Sightline export is
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

/// Prefixes `'` to text a spreadsheet would run as a formula: cells that begin
/// with `=`, `+`, `-`, `@`, a tab or a carriage return.
pub fn neutralize(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// An export being written in memory.
pub struct CsvExport {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvExport {
    /// Starts an export with its header row (headers are text, neutralised too).
    pub fn new(dialect: ExportDialect, header: &[&str]) -> CsvExport {
        let (delimiter, bom) = match dialect {
            ExportDialect::Comma => (b',', false),
            ExportDialect::SemicolonWithBom => (b';', true),
        };
        let buffer = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        let writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(buffer);
        let mut export = CsvExport { writer };
        export.text_row(header.iter().copied());
        export
    }

    /// A row of cells.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) {
        let record = cells.into_iter().map(|cell| match cell {
            Cell::Text(text) => neutralize(text),
            Cell::Number(number) => Cow::Borrowed(number),
        });
        // Writing to a Vec cannot fail.
        let _ = self
            .writer
            .write_record(record.map(|cell| cell.into_owned()));
    }

    /// A row whose cells are all text.
    pub fn text_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        self.row(cells.into_iter().map(Cell::Text));
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.writer.into_inner().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
             004,'\tTab,\"Line\r\nbreak, \"\"quoted\"\"\"\r\n"
        );
    }

    #[test]
    fn semicolon_dialect_has_a_bom() {
        let mut export = CsvExport::new(ExportDialect::SemicolonWithBom, &["a", "b"]);
        export.text_row(["1;2", "x"]);
        assert_eq!(export.finish(), b"\xEF\xBB\xBFa;b\r\n\"1;2\";x\r\n");
    }
}
