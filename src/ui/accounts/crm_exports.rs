//! The Accounts page's CRM update: the profile, its downloads and the export ledger.

use crate::engine::accounts::crm::{CrmField, CrmFormat, CrmProfile, LedgerEntry};
use crate::engine::display::human_count;
use leptos::prelude::*;

/// The CRM update: its profile (format, id column, fields under the CRM's
/// names), the two downloads, and the export ledger.
#[component]
pub(super) fn CrmExports(
    profile: RwSignal<CrmProfile>,
    columns: Vec<String>,
    sizing_name: String,
    send_update: impl Fn(bool) + Copy + Send + Sync + 'static,
    ledger: RwSignal<Vec<LedgerEntry>>,
) -> impl IntoView {
    // Report columns worth sending: everything after the match columns.
    let choices = StoredValue::new(columns.into_iter().skip(5).collect::<Vec<String>>());
    let sizing_name = StoredValue::new(sizing_name);
    view! {
        <section class="crm-exports" aria-labelledby="crm-heading">
            <h2 id="crm-heading">"Send to the CRM"</h2>
            <p class="muted">"A CRM update holds the matched accounts' record ids and the fields you choose, under the names your CRM expects."</p>
            <div class="matching-toolbar">
                <label for="crm-format">"Format"</label>
                <select id="crm-format" on:change=move |event| {
                    let preset = match event_target_value(&event).as_str() {
                        "hubspot" => CrmProfile::hubspot(&sizing_name.get_value()),
                        _ => CrmProfile::salesforce(&sizing_name.get_value()),
                    };
                    profile.set(preset);
                }>
                    <option value="salesforce" selected=move || profile.with(|profile| profile.format == CrmFormat::SalesforceUpdate)>"Salesforce update"</option>
                    <option value="hubspot" selected=move || profile.with(|profile| profile.format == CrmFormat::HubspotImport)>"HubSpot import"</option>
                </select>
                <label for="crm-id-column">"Record id column"</label>
                <input id="crm-id-column" type="text" prop:value=move || profile.with(|profile| profile.id_column.clone())
                    on:change=move |event| {
                        let value = event_target_value(&event);
                        profile.update(|profile| profile.id_column = value.trim().to_string());
                    }/>
            </div>
            <table class="data-table crm-fields">
                <thead>
                    <tr>
                        <th scope="col">"Report column"</th>
                        <th scope="col">"CRM field name"</th>
                        <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {move || profile.with(|profile| profile.fields.clone()).into_iter().enumerate().map(|(index, field)| {
                        let column = field.column.clone();
                        view! {
                            <tr>
                                <td>
                                    <select aria-label=format!("Report column of field {}", index + 1) on:change=move |event| {
                                        let value = event_target_value(&event);
                                        profile.update(|profile| if let Some(field) = profile.fields.get_mut(index) { field.column = value; });
                                    }>
                                        {choices.get_value().into_iter().map(|choice| {
                                            let selected = choice == column;
                                            view! { <option value=choice.clone() selected=selected>{choice.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </td>
                                <td>
                                    <input type="text" aria-label=format!("CRM name of field {}", index + 1) prop:value=field.crm_name.clone()
                                        on:change=move |event| {
                                            let value = event_target_value(&event);
                                            profile.update(|profile| if let Some(field) = profile.fields.get_mut(index) { field.crm_name = value.trim().to_string(); });
                                        }/>
                                </td>
                                <td>
                                    <button type="button" class="ghost" aria-label=format!("Remove field {}", index + 1)
                                        on:click=move |_| profile.update(|profile| { if index < profile.fields.len() { profile.fields.remove(index); } })>
                                        "Remove"
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || profile.with(|profile| profile.cells_as_they_are)
                    on:change=move |event| {
                        let checked = event_target_checked(&event);
                        profile.update(|profile| profile.cells_as_they_are = checked);
                    }/>
                "Write cells exactly as they are (for a CRM import)"
            </label>
            {move || profile.with(|profile| profile.cells_as_they_are).then(|| view! {
                <p class="callout warning" role="note">"Cells that begin with = + - or @ are written as they are: the CRM keeps them exactly (a +44 phone number stays +44), but do not open this file in a spreadsheet, which could run them as formulas."</p>
            })}
            <div class="matching-toolbar">
                <button type="button" on:click=move |_| profile.update(|profile| profile.fields.push(CrmField {
                    column: sizing_name.get_value(),
                    crm_name: String::new(),
                }))>"Add a field"</button>
                <button type="button" class="primary" on:click=move |_| send_update(false)>"Download CRM update (CSV)"</button>
                <button type="button" on:click=move |_| send_update(true)>"Download changes only (CSV)"</button>
            </div>
            <h3>"Export ledger"</h3>
            <Show
                when=move || !ledger.with(Vec::is_empty)
                fallback=|| view! { <p class="muted">"Nothing exported yet. Every download on this page is listed here, so you know what the CRM has."</p> }
            >
                <table class="data-table ledger">
                    <thead>
                        <tr><th scope="col">"When"</th><th scope="col">"Export"</th><th scope="col">"File"</th><th scope="col">"Rows"</th></tr>
                    </thead>
                    <tbody>
                        {move || ledger.get().into_iter().rev().map(|entry| view! {
                            <tr>
                                <td>{crate::engine::display::format_timestamp(entry.at_ms)}</td>
                                <td>{if entry.changes_only { format!("{} (changes only)", entry.profile) } else { entry.profile.clone() }}</td>
                                <td>{entry.file_name.clone()}</td>
                                <td class="numeric">{human_count(entry.rows as u64)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
