//! One account opened from the account report.

use crate::engine::accounts::personas::Persona;
use crate::engine::display::format_number;
use crate::engine::links::{Placed, PlacedAt};
use crate::ui::app::AppState;
use crate::ui::matching_run::MatchingState;
use leptos::prelude::*;
use std::sync::Arc;

/// One account: its match, persona counts and connectivity, and its
/// company's people, warm paths in first (people connected to someone in our
/// company, most connected first), filterable by persona.
#[component]
pub(super) fn AccountDetail(
    row: usize,
    personas: RwSignal<Vec<Persona>>,
    people: RwSignal<Option<Arc<Placed>>>,
    on_close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = expect_context::<MatchingState>();
    let persona_filter: RwSignal<Option<usize>> = RwSignal::new(None);
    let Some(data) = matching.data() else {
        return ().into_any();
    };
    let workspace_id = state.workspace_id.get_untracked().unwrap_or_default();
    let thresholds = state.thresholds(&workspace_id);
    let outcome = matching
        .decisions
        .with_untracked(|decisions| data.outcomes(decisions, thresholds))
        .into_iter()
        .nth(row);
    let Some(outcome) = outcome else {
        return ().into_any();
    };
    let account_name = data.accounts.table.text("name", row).unwrap_or_default();
    let company = outcome
        .company
        .filter(|_| outcome.status.is_matched())
        .map(|company| company as usize);
    let company_id = company.and_then(|company| data.companies.table.text("company_id", company));
    let company_name = company
        .and_then(|company| data.companies.table.text("name", company))
        .unwrap_or_default();
    let people = people.get_untracked();
    // Where the account's people are placed: its company, or the account itself.
    let account_id = data.accounts.table.text("account_id", row);
    let placed_at = people.as_ref().map(|people| people.placed_at);
    let counted_at = match placed_at {
        Some(PlacedAt::Accounts) => account_id.clone(),
        _ => company_id.clone(),
    };
    // The account's people: (title, function, seniority, country, connected).
    let staff: Vec<(String, String, String, String, f64)> = match people {
        Some(people) => {
            let table = &people.table;
            let mut staff: Vec<_> = (0..table.rows)
                .filter(|person| {
                    people.counts_for(*person, counted_at.as_deref(), account_id.as_deref())
                })
                .map(|person| {
                    let text = |field: &str| table.text(field, person).unwrap_or_default();
                    (
                        text("title"),
                        text("job_function"),
                        text("seniority"),
                        text("country"),
                        table.number("connected_to_us", person).unwrap_or(0.0),
                    )
                })
                .collect();
            staff.sort_by(|a, b| b.4.total_cmp(&a.4).then(a.0.cmp(&b.0)));
            staff
        }
        None => Vec::new(),
    };
    let staff = StoredValue::new(staff);
    let shown = move || {
        let rule = persona_filter.get().and_then(|at| {
            personas.with(|personas| {
                personas
                    .get(at)
                    .map(crate::engine::accounts::personas::PersonaRule::new)
            })
        });
        staff.with_value(|staff| {
            staff
                .iter()
                .filter(|(title, function, seniority, country, _)| {
                    rule.as_ref().is_none_or(|rule| {
                        rule.matches(
                            present(title),
                            present(function),
                            present(seniority),
                            present(country),
                        )
                    })
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="account-detail" aria-labelledby="account-detail-heading">
            <h2 id="account-detail-heading">{account_name}</h2>
            <button type="button" class="ghost" on:click=move |_| on_close()>"Close"</button>
            <p>
                {match &company_id {
                    Some(id) => format!("Matched to {company_name} ({id}), score {}, grade {}, {}.", outcome.match_score, outcome.grade, outcome.status.as_str()),
                    None if placed_at == Some(PlacedAt::Accounts) => "No company database: the people below are those placed at this account.".to_string(),
                    None => format!("Not matched ({}): no company data.", outcome.status.as_str()),
                }}
            </p>
            <div class="matching-toolbar">
                <label for="detail-persona">"People"</label>
                <select id="detail-persona" on:change=move |event| persona_filter.set(event_target_value(&event).parse::<usize>().ok())>
                    <option value="">"everyone"</option>
                    {move || personas.get().into_iter().enumerate().map(|(at, persona)| view! {
                        <option value=at.to_string()>{persona.name}</option>
                    }).collect_view()}
                </select>
                <span role="status">{move || {
                    let list = shown();
                    let warm = list.iter().filter(|person| person.4 >= 1.0).count();
                    format!("{} people, {} connected to us (warm paths in, listed first)", list.len(), warm)
                }}</span>
            </div>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Title"</th><th scope="col">"Function"</th><th scope="col">"Seniority"</th>
                        <th scope="col">"Country"</th><th scope="col">"Connected to us"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || shown().into_iter().take(100).map(|(title, function, seniority, country, connected)| view! {
                        <tr>
                            <td>{title}</td><td>{function}</td><td>{seniority}</td><td>{country}</td>
                            <td class="numeric">{format_number(connected)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

/// `Some` for a non-empty text.
fn present(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}
