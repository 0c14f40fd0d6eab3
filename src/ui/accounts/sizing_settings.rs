//! The account report's sizing settings: the sizing persona and the price
//! per user, saved with the workspace, and what is wrong with either.

use crate::engine::accounts::personas::Persona;
use crate::engine::accounts::settings::{parse_price, ReportChoices, SettingsError};
use crate::engine::display::format_number;
use leptos::prelude::*;

/// The sizing persona and the price, as the person chooses them.
#[component]
pub(super) fn SizingSettings(
    personas: RwSignal<Vec<Persona>>,
    /// The saved choices: changing a control saves it.
    settings: RwSignal<ReportChoices>,
    /// The chosen persona's position, or why the saved one is gone.
    sizing: Memo<Result<usize, SettingsError>>,
    personas_link: String,
) -> impl IntoView {
    let price_error: RwSignal<Option<SettingsError>> = RwSignal::new(None);
    // An unknown saved name sizes by the first persona, and says so below.
    let sizing_at = move || sizing.get().unwrap_or(0);
    view! {
        <div class="matching-toolbar">
            <label for="sizing-persona">"Sizing persona"</label>
            <select id="sizing-persona" on:change=move |event| {
                let name = event_target_value(&event);
                settings.set(ReportChoices { sizing_persona: name, ..settings.get_untracked() });
            }>
                {move || personas.get().into_iter().enumerate().map(|(index, persona)| view! {
                    <option value=persona.name.clone() selected=move || sizing_at() == index>{persona.name.clone()}</option>
                }).collect_view()}
            </select>
            <label for="price-per-user">"Price per user per year"</label>
            <input id="price-per-user" type="number" min="0" step="any"
                aria-describedby="report-settings-error"
                prop:value=move || format_number(settings.with(|settings| settings.price_per_user))
                on:change=move |event| {
                    match parse_price(&event_target_value(&event)) {
                        Ok(price) => {
                            price_error.set(None);
                            settings.set(ReportChoices { price_per_user: price, ..settings.get_untracked() });
                        }
                        Err(error) => price_error.set(Some(error)),
                    }
                }/>
            <a href=personas_link.clone()>"Edit personas"</a>
        </div>
        {move || {
            let problems: Vec<String> = price_error
                .get()
                .map(|error| format!("Not saved: {error}."))
                .into_iter()
                .chain(sizing.get().err().map(|error| format!(
                    "The saved sizing persona is gone ({error}): sizing by the first persona until you choose one."
                )))
                .collect();
            (!problems.is_empty()).then(|| view! {
                <p id="report-settings-error" class="callout error" role="alert">{problems.join(" ")}</p>
            })
        }}
    }
}
