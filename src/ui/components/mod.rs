//! Components several pages use: [`report_table::ReportView`], the table of
//! every report; [`bar_chart::BarChart`]; [`figure::Figure`], a headline
//! figure; and [`needs_inputs::NeedsInputs`],
//! the empty state of a page whose files are not there yet.

pub mod bar_chart;
pub mod figure;
pub mod needs_inputs;
pub mod report_table;
