//! `#/w/<id>/sources/<dataset>`: one dataset. How it read (encoding, delimiter,
//! accepted, quarantined, warnings, with examples), which column feeds which
//! field (changeable: the file is re-read at once and the mapping saved), and its
//! rows in a virtualised table that sorts and filters by any column.

use crate::engine::display::human_count;
use crate::engine::export::derived_file_name;
use crate::engine::ingest::fields::{self, Presence};
use crate::engine::ingest::mapping::Mapping;
use crate::engine::ingest::values::SlashOrder;
use crate::engine::ingest::{self, IdSource, IngestOptions, Ingested};
use crate::engine::links::Placed;
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::newest;
use crate::engine::workspace::DatasetMeta;
use crate::ui::app::AppState;
use crate::ui::browser::{self, LatestRun};
use crate::ui::components::download::DownloadButtons;
use crate::ui::components::page_heading::PageHeading;
use crate::ui::components::virtual_rows::{row_window, windowed_rows, RowsScroller};
use crate::ui::placement::{place_in_slices, Placement, Records};
use crate::ui::route::Route;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// What the view has of the file: nothing yet, a reading, or why there is none.
#[derive(Clone)]
enum Reading {
    Loading,
    Read(Arc<Ingested>),
    Failed(String),
}

#[component]
pub fn DatasetView(workspace_id: String, dataset_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let dataset = {
        let dataset_id = dataset_id.clone();
        Memo::new(move |_| {
            state.datasets.with(|datasets| {
                datasets
                    .iter()
                    .find(|dataset| dataset.id == dataset_id)
                    .cloned()
            })
        })
    };
    let reading = RwSignal::new(Reading::Loading);
    // The file's first whole lines, read once: the mapping screen's samples are
    // cut from them by the delimiter in force.
    let head = RwSignal::new(Vec::<u8>::new());
    let samples = Memo::new(move |_| {
        let Some((kind, delimiter)) = dataset.with(|meta| {
            meta.as_ref()
                .map(|meta| (meta.kind, meta.options.delimiter))
        }) else {
            return Default::default();
        };
        head.with(|head| ingest::sample_rows(head, kind, delimiter, 3))
    });

    // Read the file once the dataset's record is known (the page may open here).
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(meta) = dataset.get() else {
            return;
        };
        if started.get_value() {
            return;
        }
        started.set_value(true);
        spawn_local(async move {
            let Some(store) = state.storage.store() else {
                return;
            };
            // The raw first rows, for the mapping screen's samples.
            if let Ok(file) = store.dataset_file(&meta.id).await {
                if let Ok(bytes) =
                    browser::read_bytes(&file.slice_with_f64_and_f64(0.0, 65_536.0).unwrap_or(file))
                        .await
                {
                    // Whole lines only: a character cut in two would make the
                    // slice look like another encoding.
                    let whole = bytes
                        .iter()
                        .rposition(|byte| *byte == b'\n')
                        .map_or(bytes.len(), |end| end + 1);
                    head.try_set(bytes[..whole].to_vec());
                }
            }
            reading.try_set(match state.load_table(&meta).await {
                Ok(read) => Reading::Read(Arc::new(read)),
                Err(error) => Reading::Failed(error),
            });
        });
    });

    // Saves new options and shows the file read again with them.
    let reread = move |options: IngestOptions, saved: &'static str| {
        let Some(meta) = dataset.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if let Some(read) = state.save_dataset_options(meta, options).await {
                reading.try_set(match read {
                    Ok(read) => Reading::Read(Arc::new(read)),
                    Err(error) => Reading::Failed(error),
                });
                state.feedback.inform(saved);
            }
        });
    };
    let remap = move |mapping: Mapping| {
        let delimiter =
            dataset.with_untracked(|meta| meta.as_ref().and_then(|meta| meta.options.delimiter));
        let options = IngestOptions {
            delimiter,
            mapping: Some(mapping),
        };
        reread(options, "Mapping saved; the file was read again.");
    };
    let redelimit = move |delimiter: Option<u8>| {
        // Other columns: a mapping by column number no longer holds.
        let options = IngestOptions {
            delimiter,
            mapping: None,
        };
        reread(
            options,
            "Delimiter saved; the file was read again and its columns mapped anew.",
        );
    };

    let back = Route::Sources { workspace_id }.href();
    view! {
        <p><a href=back>"← All sources"</a></p>
        {move || match dataset.get() {
            None => view! { <p class="muted">"Opening the dataset…"</p> }.into_any(),
            Some(meta) => view! {
                <section>
                    <PageHeading title=meta.name.clone() help="inputs.html#reading-a-file"/>
                    <p class="muted">{meta.kind.label()}" — "{meta.kind.description()}</p>
                    <ReadSummary meta=meta.clone() reading=reading/>
                </section>
                <section class="panel">
                    <h2>"Columns and fields"</h2>
                    <DelimiterPicker meta=meta.clone() reading=reading on_change=redelimit/>
                    <MappingEditor meta=meta reading=reading samples=samples on_change=remap/>
                </section>
            }
            .into_any(),
        }}
        {move || match (reading.get(), dataset.get()) {
            (Reading::Read(read), Some(meta)) if read.table.rows > 0 => view! {
                {Records::of(meta.kind).map(|records| view! {
                    <DatasetLinks read=read.clone() records=records/>
                })}
                <section class="panel">
                    <h2>"Rows"</h2>
                    <RowsTable read=read file_name=meta.name/>
                </section>
            }
            .into_any(),
            _ => ().into_any(),
        }}
    }
}

/// Where a file's records stand in [`DatasetLinks`].
#[derive(Clone)]
enum Links {
    /// No company database or accounts export to place them at.
    NoTargets,
    Placing,
    /// A company database or accounts export could not be read.
    Failed(String),
    Placed(Arc<Placed>),
}

/// Where a people or signals file's records are placed: at the workspace's
/// companies, else at its accounts (a deals file's, at its accounts); placed
/// again when either file arrives or is replaced.
#[component]
fn DatasetLinks(read: Arc<Ingested>, records: Records) -> impl IntoView {
    let state = expect_context::<AppState>();
    let links: RwSignal<Links> = RwSignal::new(Links::Placing);
    let runs = LatestRun::new();
    let to_place = read.clone();
    let threshold = Memo::new(move |_| {
        state
            .workspace_id
            .with(|id| state.thresholds(id.as_deref().unwrap_or_default()).accept)
    });
    Effect::new(move |_| {
        let (companies, accounts) = state.datasets.with(|datasets| {
            (
                newest(datasets, SourceKind::Companies).filter(|_| records != Records::Deals),
                newest(datasets, SourceKind::Accounts),
            )
        });
        let threshold = threshold.get();
        // Started even without targets: a placement still running stops.
        let still_wanted = runs.start();
        if companies.is_none() && accounts.is_none() {
            links.set(Links::NoTargets);
            return;
        }
        links.set(Links::Placing);
        let read = to_place.clone();
        spawn_local(async move {
            let load = |meta: Option<DatasetMeta>| async move {
                match meta {
                    Some(meta) => state
                        .load_table(&meta)
                        .await
                        .map(|read| Some(read.table))
                        .map_err(|error| format!("{}: {error}", meta.name)),
                    None => Ok(None),
                }
            };
            let (companies, accounts) = match (load(companies).await, load(accounts).await) {
                (Ok(companies), Ok(accounts)) => (companies, accounts.unwrap_or_default()),
                (Err(error), _) | (_, Err(error)) => {
                    if still_wanted() {
                        links.try_set(Links::Failed(error));
                    }
                    return;
                }
            };
            if companies.is_none() && accounts.rows == 0 {
                if still_wanted() {
                    links.try_set(Links::NoTargets);
                }
                return;
            }
            let done = place_in_slices(
                state,
                &read.table,
                companies.as_ref(),
                &accounts,
                threshold,
                None,
                still_wanted,
            )
            .await;
            if let Some(done) = done {
                links.try_set(Links::Placed(Arc::new(done)));
            }
        });
    });
    view! {
        <section class="panel">
            <h2>"Links"</h2>
            {move || match links.get() {
                Links::Placed(placed) => view! {
                    <Placement placed=placed read=read.clone() records=records/>
                }
                .into_any(),
                Links::Placing => view! { <p class="muted" role="status">"Placing the records…"</p> }.into_any(),
                Links::Failed(error) => view! {
                    <p class="callout error" role="alert">{format!("These records cannot be placed: {error}")}</p>
                }
                .into_any(),
                Links::NoTargets => view! {
                    <p class="muted">{match records {
                        Records::Deals => "Add an accounts export: these deals are then placed at their accounts, by id, LinkedIn page, website or name.",
                        _ => "Add a company database or an accounts export: these records are then placed at their companies or accounts, by id, LinkedIn page, domain or name.",
                    }}</p>
                }
                .into_any(),
            }}
        </section>
    }
}

/// How the file read, with the first problems.
#[component]
fn ReadSummary(meta: DatasetMeta, reading: RwSignal<Reading>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let for_download = meta.clone();
    move || match reading.get() {
        Reading::Loading => view! { <p class="muted">"Reading the file…"</p> }.into_any(),
        Reading::Failed(reason) => view! {
            <div class="callout error" role="alert">
                <p><strong>"This file cannot be used yet: "</strong>{reason}</p>
                <p>"Choose below which column holds each required field."</p>
            </div>
        }
        .into_any(),
        Reading::Read(read) => {
            let report = &read.report;
            let delimiter = if report.delimiter == '\t' {
                "tab".to_string()
            } else {
                format!("“{}”", report.delimiter)
            };
            let dates: Vec<String> = report
                .slash_orders
                .iter()
                .map(|(field, order)| {
                    format!(
                        "{field}: {}",
                        if *order == SlashOrder::DayFirst {
                            "day first (DD/MM/YYYY)"
                        } else {
                            "month first (MM/DD/YYYY)"
                        }
                    )
                })
                .collect();
            let quarantined = report.quarantined.len();
            let first_problems: Vec<String> = report
                .quarantined
                .problems()
                .take(10)
                .map(|problem| problem.to_string())
                .collect();
            let warnings: Vec<String> = report
                .warning_samples
                .iter()
                .take(10)
                .map(ToString::to_string)
                .collect();
            let dataset = for_download.clone();
            view! {
                <dl class="facts">
                    <div><dt>"Rows accepted"</dt><dd>{human_count(report.accepted)}</dd></div>
                    <div><dt>"Quarantined"</dt><dd>{human_count(quarantined as u64)}</dd></div>
                    <div><dt>"Warnings"</dt><dd>{human_count(report.warnings)}</dd></div>
                    <div><dt>"Encoding"</dt><dd>{report.encoding.to_string()}</dd></div>
                    <div><dt>"Delimiter"</dt><dd>{delimiter}</dd></div>
                </dl>
                {(!dates.is_empty()).then(|| view! { <p class="muted">"Slash dates read as — "{dates.join("; ")}</p> })}
                <ul class="muted reading-notes">
                    {(report.header_line > 1).then(|| view! { <li>{format!("The header row is on line {}; the lines above it were skipped.", report.header_line)}</li> })}
                    {(report.ids != IdSource::Column).then(|| view! { <li>{format!("Record ids {}.", report.ids.describe())}</li> })}
                    {(report.ids == IdSource::Row && matches!(report.kind, SourceKind::Accounts | SourceKind::Opportunities)).then(|| view! { <li>"CRM update files need the CRM's own record id: map its id column if the file has one."</li> })}
                    {(report.repeated_headers > 0).then(|| view! { <li>{format!("{} repeated header row(s) skipped.", human_count(report.repeated_headers))}</li> })}
                    {(report.footer_lines > 0).then(|| view! { <li>{format!("A report footer of {} line(s) skipped.", human_count(report.footer_lines))}</li> })}
                </ul>
                {(quarantined > 0).then(|| view! {
                    <h3>"Quarantined rows"</h3>
                    <p class="muted">"These rows were set aside, not lost: download them with their reasons, fix them in the source, and load the file again."</p>
                    <ul class="problems">{first_problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}</ul>
                    <DownloadButtons what="quarantined rows" download=move |format| {
                        let dataset = dataset.clone();
                        spawn_local(async move { state.download_quarantine(dataset, format).await });
                    }/>
                })}
                {(!warnings.is_empty()).then(|| view! {
                    <h3>"Warnings"</h3>
                    <p class="muted">"Optional values that could not be read; they are kept as missing."</p>
                    <ul class="problems">{warnings.into_iter().map(|warning| view! { <li>{warning}</li> }).collect_view()}</ul>
                })}
            }
            .into_any()
        }
    }
}

/// The delimiter: as detected, or as the person sets it.
#[component]
fn DelimiterPicker(
    meta: DatasetMeta,
    reading: RwSignal<Reading>,
    on_change: impl Fn(Option<u8>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let chosen = meta.options.delimiter;
    let detected = move || match reading.get() {
        Reading::Read(read) if chosen.is_none() => match read.report.delimiter {
            '\t' => " (tab)".to_string(),
            other => format!(" (“{other}”)"),
        },
        _ => String::new(),
    };
    let choices: [(&str, Option<u8>); 5] = [
        ("automatic", None),
        ("comma ,", Some(b',')),
        ("semicolon ;", Some(b';')),
        ("tab", Some(b'\t')),
        ("pipe |", Some(b'|')),
    ];
    view! {
        <div class="inline-form">
            <label for="delimiter">"Delimiter"</label>
            <select id="delimiter" on:change=move |event| {
                let value = event_target_value(&event);
                on_change(value.bytes().next());
            }>
                {choices
                    .into_iter()
                    .map(|(label, value)| {
                        let text = label.to_string();
                        let value_text = value.map(|byte| (byte as char).to_string()).unwrap_or_default();
                        view! {
                            <option value=value_text selected=chosen == value>
                                {text}
                                {move || if value.is_none() { detected() } else { String::new() }}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// One row per source column: its samples, the field it feeds (changeable) and
/// how that field is read.
#[component]
fn MappingEditor(
    meta: DatasetMeta,
    reading: RwSignal<Reading>,
    samples: Memo<(Vec<String>, Vec<Vec<String>>)>,
    on_change: impl Fn(Mapping) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let kind = meta.kind;
    // The mapping in force: the reading's, else the saved one, else automatic.
    let mapping = move || match reading.get() {
        Reading::Read(read) => read.report.mapping.clone(),
        _ => meta.options.mapping.clone().unwrap_or_else(|| {
            samples.with(|(headers, _)| ingest::mapping::auto_map(kind, headers))
        }),
    };
    let specs = fields::fields(kind);
    view! {
        <p class="muted">
            "Each column of the file feeds at most one field. Required fields are marked *; at least one of the fields marked (link) is needed to place each record at its company or account. A record id is made when no column holds one. Columns not used are kept and carried through to exports."
        </p>
        <table class="data-table mapping">
            <thead>
                <tr>
                    <th scope="col">"Column in the file"</th>
                    <th scope="col">"Sample values"</th>
                    <th scope="col">"Field"</th>
                    <th scope="col">"Read as"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let (headers, rows) = samples.get();
                    let current = mapping();
                    headers
                        .iter()
                        .enumerate()
                        .map(|(column, header)| {
                            let field = current.columns.iter().find(|(_, source)| **source == column).map(|(field, _)| field.clone());
                            let sample: Vec<String> = rows.iter().filter_map(|row| row.get(column)).filter(|cell| !cell.is_empty()).cloned().collect();
                            let read_as = field
                                .as_deref()
                                .and_then(|name| fields::field_spec(kind, name))
                                .map_or("kept as text", |spec| spec.field_type.description());
                            let select_id = format!("map-column-{column}");
                            let chosen = field.clone().unwrap_or_default();
                            let before = current.clone();
                            view! {
                                <tr>
                                    <th scope="row"><label for=select_id.clone()>{header.clone()}</label></th>
                                    <td class="samples">{sample.join(" · ")}</td>
                                    <td>
                                        <select id=select_id on:change=move |event| {
                                            on_change(before.reassigned(kind, column, &event_target_value(&event)));
                                        }>
                                            <option value="" selected=chosen.is_empty()>"— not used —"</option>
                                            {specs
                                                .iter()
                                                .map(|spec| {
                                                    let label = match spec.presence {
                                                        Presence::Required => format!("{} *", spec.name),
                                                        Presence::Link(_) => format!("{} (link)", spec.name),
                                                        Presence::Identity | Presence::Optional => spec.name.to_string(),
                                                    };
                                                    view! { <option value=spec.name selected=chosen == spec.name>{label}</option> }
                                                })
                                                .collect_view()}
                                        </select>
                                    </td>
                                    <td class="muted">{read_as}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

/// The dataset's rows: virtualised (only the rows in view are in the page), so a
/// million rows scroll as smoothly as ten. Sorts by any column, filters by any.
#[component]
fn RowsTable(read: Arc<Ingested>, file_name: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let columns: Vec<String> = read
        .table
        .all_columns()
        .map(|(name, _)| name.to_string())
        .collect();
    let sort = RwSignal::new(None::<(usize, bool)>);
    let filter_column = RwSignal::new(0usize);
    let filter_text = RwSignal::new(String::new());
    let scroll_top = RwSignal::new(0usize);
    let table_for_order = read.clone();
    let order = Memo::new_with_compare(
        move |_| {
            let table = &table_for_order.table;
            let all: Vec<&ingest::table::Column> =
                table.all_columns().map(|(_, column)| column).collect();
            let sort_by = sort
                .get()
                .map(|(index, descending)| (all[index], descending));
            let needle = filter_text.get();
            let filter_by = Some((all[filter_column.get().min(all.len() - 1)], needle.as_str()));
            Arc::new(table.view_rows(sort_by, filter_by))
        },
        |_, _| true,
    );
    let header_cells = columns
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let name = name.clone();
            let label = name.clone();
            let aria_sort = move || match sort.get() {
                Some((sorted, false)) if sorted == index => "ascending",
                Some((sorted, true)) if sorted == index => "descending",
                _ => "none",
            };
            view! {
                <th scope="col" aria-sort=aria_sort>
                    <button type="button" class="sort" title=format!("Sort by {name}") on:click=move |_| {
                        sort.update(|sort| {
                            *sort = match *sort {
                                Some((sorted, false)) if sorted == index => Some((index, true)),
                                Some((sorted, true)) if sorted == index => None,
                                _ => Some((index, false)),
                            }
                        });
                    }>{label}</button>
                </th>
            }
        })
        .collect_view();
    let body_read = read.clone();
    let body = move || {
        let order = order.get();
        let table = &body_read.table;
        let all: Vec<&ingest::table::Column> =
            table.all_columns().map(|(_, column)| column).collect();
        let window = row_window(scroll_top.get(), order.len());
        let rows = order[window.first..window.last]
            .iter()
            .map(|&row| {
                let cells = all
                    .iter()
                    .map(|column| view! { <td>{table.cell_text(column, row as usize).unwrap_or_default()}</td> })
                    .collect_view();
                view! { <tr><td class="line">{table.lines[row as usize]}</td>{cells}</tr> }
            })
            .collect_view();
        windowed_rows(window, rows)
    };
    let shown = move || order.with(|order| order.len());
    let total = read.table.rows;
    // What is shown, as shown: the filtered rows in their order.
    let export_read = read.clone();
    let download = move |format| {
        let bytes = order.with_untracked(|rows| export_read.rows_file(rows, format));
        state.download(format, bytes, &derived_file_name(&file_name, "rows"));
    };
    view! {
        <div class="inline-form table-tools">
            <label for="filter-column">"Filter"</label>
            <select id="filter-column" on:change=move |event| {
                filter_column.set(event_target_value(&event).parse().unwrap_or(0));
            }>
                {columns.iter().enumerate().map(|(index, name)| view! { <option value=index.to_string()>{name.clone()}</option> }).collect_view()}
            </select>
            <label class="visually-hidden" for="filter-text">"contains"</label>
            <input id="filter-text" type="search" placeholder="contains…" prop:value=move || filter_text.get()
                on:input=move |event| filter_text.set(event_target_value(&event))/>
            <span class="muted" role="status">{move || format!("{} of {} rows", human_count(shown() as u64), human_count(total as u64))}</span>
            <DownloadButtons what="these rows" download=download/>
        </div>
        <RowsScroller label="Rows of the dataset" scroll_top=scroll_top>
            <table class="data-table rows-table">
                <thead><tr><th scope="col">"Line"</th>{header_cells}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </RowsScroller>
    }
}
