//! The report table every page shows its results in: sortable by any column,
//! filterable, virtualised (only the rows in view are rendered), with totals
//! and a download of the table as shown.

use crate::engine::accounts::report::{search_text_holds, CellNotes, ReportCell, ReportTable};
use crate::engine::display::{format_figure, format_percent, human_count};
use crate::engine::labels::column_label;
use crate::ui::app::AppState;
use crate::ui::browser::build_in_slices;
use crate::ui::components::download::DownloadButtons;
use crate::ui::components::virtual_rows::{row_window, windowed_rows, RowsScroller};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// The report as a table: sortable by any column, filterable, a page at a
/// time, with totals of the numeric columns over the filtered rows.
#[component]
pub fn ReportView(
    /// Shared: a page may show the same large table twice without copying it.
    #[prop(into)]
    report: Arc<ReportTable>,
    /// Called with a row's index when its first cell is clicked (the account
    /// report opens the account's detail).
    #[prop(optional)]
    on_open: Option<Callback<usize>>,
    /// Prefix of the controls' ids, unique on the page.
    #[prop(default = "report")]
    name: &'static str,
    /// What the rows are, for the scroller's label.
    #[prop(default = "Rows of the report")]
    rows_label: &'static str,
    /// When set, a button downloads the table as shown (filtered and sorted)
    /// under this file name.
    #[prop(optional)]
    file_name: Option<&'static str>,
) -> impl IntoView {
    // Downloads go through the page's state (absent when mounted on its own).
    let state = use_context::<AppState>();
    let report = StoredValue::new(report);
    // Which cells say "few profiles" (the account report's), found once.
    let notes = report.with_value(|report| CellNotes::of(report));
    let sort: RwSignal<Option<(usize, bool)>> = RwSignal::new(None);
    let filter = RwSignal::new(String::new());
    // The column the text filter looks in (`None`: every column), and a range
    // on a numeric column (employee count, a persona's count, …).
    let filter_column: RwSignal<Option<usize>> = RwSignal::new(None);
    let range_column: RwSignal<Option<usize>> = RwSignal::new(None);
    let range_min: RwSignal<Option<f64>> = RwSignal::new(None);
    let range_max: RwSignal<Option<f64>> = RwSignal::new(None);
    let scroll_top = RwSignal::new(0usize);
    // Every row's search text, built after the first paint (below).
    let search_index: StoredValue<Option<Arc<Vec<String>>>> = StoredValue::new(None);
    // The rows the filters keep, in table order (the totals are theirs), then
    // sorted: a sort does not recount the totals.
    let filtered = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        let filter_column = filter_column.get();
        let range = range_column
            .get()
            .map(|column| (column, range_min.get(), range_max.get()))
            .filter(|(_, low, high)| low.is_some() || high.is_some());
        report.with_value(|report| {
            if needle.is_empty() && range.is_none() {
                return (0..report.rows.len()).collect::<Vec<usize>>();
            }
            // The rows' search texts, once built (until then each is made as
            // it is looked at: the same text, only slower).
            let index = search_index.get_value();
            (0..report.rows.len())
                .filter(|row| {
                    let cells = &report.rows[*row];
                    let text_holds = needle.is_empty()
                        || match index.as_deref().and_then(|index| index.get(*row)) {
                            Some(text) => search_text_holds(text, &needle, filter_column),
                            None => {
                                search_text_holds(&report.search_text(*row), &needle, filter_column)
                            }
                        };
                    let range_holds = match range {
                        None => true,
                        Some((column, low, high)) => cells[column].number().is_some_and(|value| {
                            low.is_none_or(|low| value >= low)
                                && high.is_none_or(|high| value <= high)
                        }),
                    };
                    text_holds && range_holds
                })
                .collect::<Vec<usize>>()
        })
    });
    let rows = Memo::new(move |_| {
        let mut rows = filtered.get();
        if let Some((column, descending)) = sort.get() {
            report.with_value(|report| report.sort_rows(&mut rows, column, descending));
        }
        rows
    });
    let columns = report.with_value(|report| report.columns.clone());
    // One pass over every row gives the columns holding numbers (for the
    // range filter), the totals while nothing is filtered out, and the rows'
    // search texts (so that a filter needs no text made per keystroke). It
    // starts once the table is painted: the rows show at once, the totals a
    // moment later.
    let every_row: RwSignal<Option<ColumnSums>> = RwSignal::new(None);
    spawn_local(async move {
        crate::ui::browser::after_next_paint().await;
        let Some(mut sums) = report.try_with_value(|report| ColumnSums::new(report)) else {
            return;
        };
        let total = report.with_value(|report| report.rows.len());
        // A slice at a time: 100k rows of 22 cells take far longer than a frame.
        let texts = build_in_slices(
            total,
            |row| {
                report.with_value(|report| {
                    sums.add_row(&report.rows[row]);
                    report.search_text(row)
                })
            },
            move || report.try_with_value(|_| ()).is_some(),
        )
        .await;
        if let Some(texts) = texts {
            every_row.try_set(Some(sums));
            search_index.try_set_value(Some(Arc::new(texts)));
        }
    });
    let numeric_columns = {
        let columns = columns.clone();
        move || {
            every_row.with(|every_row| {
                let Some(every_row) = every_row else {
                    return Vec::new();
                };
                columns
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| every_row.holds_numbers[*index])
                    .map(|(index, name)| (index, name.clone()))
                    .collect::<Vec<(usize, String)>>()
            })
        }
    };
    // Totals of the filtered rows, counted again only when the filters leave
    // some rows out (they keep rows in order, so as many rows means all).
    let totals = Memo::new(move |_| {
        report.with_value(|report| {
            filtered.with(|rows| {
                let sums = if rows.len() == report.rows.len() {
                    every_row
                        .with(|every_row| {
                            every_row.as_ref().map(|every_row| every_row.sums.clone())
                        })
                        .unwrap_or_else(|| vec![None; report.columns.len()])
                } else {
                    ColumnSums::of(report, rows.iter().copied()).sums
                };
                sums.into_iter()
                    .map(|sum| sum.map(format_figure).unwrap_or_default())
                    .collect::<Vec<String>>()
            })
        })
    });
    view! {
        <div class="table-controls">
            <label for=format!("{name}-filter-column")>"Filter"</label>
            <select id=format!("{name}-filter-column") on:change=move |event| { filter_column.set(event_target_value(&event).parse().ok()); scroll_top.set(0); }>
                <option value="">"any column"</option>
                {columns.iter().enumerate().map(|(index, name)| view! { <option value=index.to_string()>{column_label(name)}</option> }).collect_view()}
            </select>
            <label for=format!("{name}-filter") class="visually-hidden">"Filter text"</label>
            <input id=format!("{name}-filter") type="search" placeholder="contains…" on:input=move |event| { filter.set(event_target_value(&event)); scroll_top.set(0); }/>
            <label for=format!("{name}-range-column")>"Range of"</label>
            <select id=format!("{name}-range-column") on:change=move |event| { range_column.set(event_target_value(&event).parse().ok()); scroll_top.set(0); }>
                <option value="">"no column"</option>
                {move || numeric_columns().into_iter().map(|(index, name)| view! { <option value=index.to_string()>{column_label(&name)}</option> }).collect_view()}
            </select>
            <label for=format!("{name}-range-min")>"from"</label>
            <input id=format!("{name}-range-min") type="number" step="any" class="short"
                on:input=move |event| { range_min.set(event_target_value(&event).trim().parse().ok()); scroll_top.set(0); }/>
            <label for=format!("{name}-range-max")>"to"</label>
            <input id=format!("{name}-range-max") type="number" step="any" class="short"
                on:input=move |event| { range_max.set(event_target_value(&event).trim().parse().ok()); scroll_top.set(0); }/>
            <span role="status">{move || format!("{} row(s)", human_count(rows.with(Vec::len) as u64))}</span>
            {file_name.zip(state).map(|(file_name, state)| view! {
                <DownloadButtons what=rows_label.to_lowercase() download=move |format| {
                    let shown = report.with_value(|report| ReportTable {
                        columns: report.columns.clone(),
                        rows: rows.with_untracked(|rows| rows.iter().map(|row| report.rows[*row].clone()).collect()),
                    });
                    state.download(format, shown.to_file(format), file_name);
                }/>
            })}
        </div>
        <RowsScroller label=rows_label scroll_top=scroll_top>
            <table class="data-table rows-table report-table">
                <thead>
                    <tr>
                        {columns.iter().enumerate().map(|(index, name)| {
                            let label = column_label(name);
                            let name = label.clone();
                            view! {
                                <th scope="col" aria-sort=move || match sort.get() {
                                    Some((column, true)) if column == index => "descending",
                                    Some((column, false)) if column == index => "ascending",
                                    _ => "none",
                                }>
                                    <button type="button" class="link" aria-label=format!("Sort by {name}") on:click=move |_| {
                                        sort.update(|sort| *sort = match *sort {
                                            Some((column, false)) if column == index => Some((index, true)),
                                            _ => Some((index, false)),
                                        });
                                    }>{label}</button>
                                </th>
                            }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let window = row_window(scroll_top.get(), rows.with(Vec::len));
                        let shown: Vec<usize> = rows.with(|rows| rows[window.first..window.last].to_vec());
                        let body = report.with_value(|report| shown.into_iter().map(|row| view! {
                            <tr>
                                {report.rows[row].iter().enumerate().map(|(column, cell)| match (cell, on_open) {
                                    (ReportCell::Text(text), Some(open)) if column == 0 => view! {
                                        <td>
                                            <button type="button" class="link" aria-label=format!("Open account {text}")
                                                on:click=move |_| open.run(row)>{text.clone()}</button>
                                        </td>
                                    }.into_any(),
                                    (ReportCell::Number(value), _) => {
                                        // A persona count of an account with few profiles says so on hover.
                                        let note = notes.and_then(|notes| notes.note(report, row, column));
                                        view! { <td class="numeric" class:flagged=note.is_some() title=note>{value.map(format_figure)}</td> }.into_any()
                                    }
                                    (ReportCell::Share(value), _) => {
                                        let note = notes.and_then(|notes| notes.note(report, row, column));
                                        view! {
                                            <td class="numeric" class:flagged=note.is_some() title=note>
                                                {value.map(format_percent)}
                                                {note.map(|note| view! { <span class="cell-note">{format!(" · {note}")}</span> })}
                                            </td>
                                        }.into_any()
                                    }
                                    (ReportCell::Text(text), _) => view! { <td>{text.clone()}</td> }.into_any(),
                                }).collect_view()}
                            </tr>
                        }).collect_view());
                        windowed_rows(window, body)
                    }}
                </tbody>
                <tfoot>
                    <tr>
                        {move || totals.get().into_iter().enumerate().map(|(index, total)| {
                            if index == 0 { view! { <th scope="row">"Total"</th> }.into_any() } else { view! { <td class="numeric">{total}</td> }.into_any() }
                        }).collect_view()}
                    </tr>
                </tfoot>
            </table>
        </RowsScroller>
    }
}

/// Per column of a report, over some of its rows: the total, where totals
/// mean something (counts and amounts, not scores or rates), and whether any
/// of those rows holds a number.
#[derive(Clone)]
struct ColumnSums {
    summable: Vec<bool>,
    sums: Vec<Option<f64>>,
    holds_numbers: Vec<bool>,
}

impl ColumnSums {
    /// Over no rows yet.
    fn new(report: &ReportTable) -> ColumnSums {
        let summable = report
            .columns
            .iter()
            .map(|name| {
                !matches!(
                    name.as_str(),
                    "match_score" | "hiring_rate" | "headcount_growth_1y"
                )
            })
            .collect();
        ColumnSums {
            summable,
            sums: vec![None; report.columns.len()],
            holds_numbers: vec![false; report.columns.len()],
        }
    }

    fn of(report: &ReportTable, rows: impl Iterator<Item = usize>) -> ColumnSums {
        let mut sums = ColumnSums::new(report);
        rows.for_each(|row| sums.add_row(&report.rows[row]));
        sums
    }

    fn add_row(&mut self, cells: &[ReportCell]) {
        let columns = self
            .summable
            .iter()
            .zip(&mut self.sums)
            .zip(&mut self.holds_numbers);
        for (cell, ((summable, sum), holds_numbers)) in cells.iter().zip(columns) {
            match cell {
                ReportCell::Number(value) => {
                    *holds_numbers = true;
                    if let (true, Some(value)) = (*summable, value) {
                        *sum = Some(sum.unwrap_or(0.0) + value);
                    }
                }
                // Shares of different wholes do not add up.
                ReportCell::Share(_) => *holds_numbers = true,
                ReportCell::Text(_) => {}
            }
        }
    }
}
