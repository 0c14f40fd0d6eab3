//! Components several pages use: [`report_table::ReportView`], the table of
//! every report, scrolled as [`virtual_rows`] says; the charts
//! ([`bar_chart::BarChart`], [`line_chart::LineChart`]); [`figure::Figure`], a
//! headline figure; [`needs_inputs::NeedsInputs`], the empty state of a page
//! whose files are not there yet; [`download::DownloadButtons`], a table's CSV
//! and Excel downloads; and [`page_heading::PageHeading`], a page's title with
//! its Help link.

pub mod bar_chart;
pub mod download;
pub mod figure;
pub mod line_chart;
pub mod needs_inputs;
pub mod page_heading;
pub mod report_table;
pub mod virtual_rows;
