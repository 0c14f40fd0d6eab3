//! The Accounts page's headline: matched accounts, the sizing persona's
//! people, the licence opportunity in the accounts and in the whitespace, and
//! the ten largest accounts (figures from [`Headline`]).

use crate::engine::accounts::headline::{Headline, TOP_ACCOUNTS};
use crate::engine::accounts::report::LOW_PEOPLE_COVERAGE;
use crate::engine::display::{format_figure, format_percent, human_count};
use crate::ui::components::figure::Figure;
use leptos::prelude::*;

#[component]
pub(super) fn AccountsHeadline(headline: Headline, sizing_name: Option<String>) -> impl IntoView {
    let figure = |value: String, label: String| view! { <Figure value=value label=label/> };
    let people = sizing_name.unwrap_or_else(|| "sizing persona".to_string());
    let top = headline.top_accounts.clone();
    view! {
        <section class="account-headline" aria-label="Headline">
            <div class="figures">
                {figure(
                    format!("{} of {}", human_count(headline.matched as u64), human_count(headline.accounts as u64)),
                    "accounts matched to a company".to_string(),
                )}
                {figure(format_figure(headline.sizing_people), format!("{people} in your accounts"))}
                {figure(format_figure(headline.lam), "LAM in your accounts".to_string())}
                {figure(human_count(headline.whitespace_companies as u64), "whitespace companies".to_string())}
                {figure(format_figure(headline.whitespace_people), format!("{people} in the whitespace"))}
                {figure(format_figure(headline.whitespace_lam), "LAM in the whitespace".to_string())}
            </div>
            {(headline.few_profiles > 0).then(|| view! {
                <p class="notice">{format!(
                    "{} account(s) have few profiles in the people data (under {} of their employees): their persona counts may be low for want of profiles, not of people. Sort by People coverage to see them.",
                    human_count(headline.few_profiles as u64),
                    format_percent(LOW_PEOPLE_COVERAGE)
                )}</p>
            })}
            {(!top.is_empty()).then(|| view! {
                <h3>{format!("Top {TOP_ACCOUNTS} accounts by LAM")}</h3>
                <ol class="top-accounts">
                    {top.into_iter().map(|(name, lam)| view! {
                        <li>{name}" "<span class="muted">{format_figure(lam)}</span></li>
                    }).collect_view()}
                </ol>
            })}
        </section>
    }
}
