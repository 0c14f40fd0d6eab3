//! `#/w/<id>/matching`: every account matched to its company, the summary,
//! the accept threshold, the review queue (account and candidate side by
//! side, field by field, with the keyboard), every account listable by
//! status, and the downloads.

use crate::engine::display::{format_percent, human_count};
use crate::engine::export::ExportFormat;
use crate::engine::matching::matcher::{match_score, Candidate};
use crate::engine::matching::model::{
    in_bits, Evidence, MatchModel, BIAS, CITY_SHARED, COMPARISONS, DOMAIN_SHARED, NAME_SHARED,
};
use crate::engine::matching::outcome::{
    match_export, review_queue, search_companies, Decision, MatchSummary, Outcome, Status,
    Thresholds,
};
use crate::engine::matching::quality::decided_by_score;
use crate::engine::workspace::Workspace;
use crate::ui::app::AppState;
use crate::ui::components::download::DownloadButtons;
use crate::ui::components::figure::Figure;
use crate::ui::components::needs_inputs::NeedsInputs;
use crate::ui::components::page_heading::PageHeading;
use crate::ui::components::virtual_rows::{row_window, windowed_rows, RowsScroller};
use crate::ui::matching_run::{keep_matches_current, MatchData, MatchingState, Needs};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

#[component]
pub fn MatchingView(workspace: Workspace) -> impl IntoView {
    let matching = expect_context::<MatchingState>();
    let has_inputs = keep_matches_current(matching, Needs::AccountsAndCompanies);
    {
        let workspace = workspace.clone();
        spawn_local(async move { matching.load_decisions(&workspace).await });
    }
    let workspace_id_for_empty_state = workspace.id.clone();
    view! {
        <section class="matching">
            <PageHeading title="Matching" help="matching.html"/>
            <Show
                when=has_inputs
                fallback=move || view! {
                    <NeedsInputs workspace_id=workspace_id_for_empty_state.clone() needs="Matching links each CRM account to its company record. It needs an accounts export and a company database."/>
                }
            >
                {
                    let workspace = workspace.clone();
                    move || match matching.data() {
                        Some(data) => view! { <MatchResults workspace=workspace.clone() data=data/> }.into_any(),
                        None => view! {
                            <p class="muted">{move || if matching.running.get() { "Matching…" } else { "Preparing…" }}</p>
                        }.into_any(),
                    }
                }
            </Show>
        </section>
    }
}

/// The results of one run, with the person's threshold and decisions applied.
#[component]
fn MatchResults(workspace: Workspace, data: Rc<MatchData>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = expect_context::<MatchingState>();
    let workspace_id = workspace.id.clone();
    let thresholds = state.thresholds_memo(workspace_id.clone());
    let data_for_outcomes = StoredValue::new_local(data.clone());
    let results = Memo::new(move |_| {
        let data = data_for_outcomes.get_value();
        matching
            .decisions
            .with(|decisions| data.outcomes(decisions, thresholds.get()))
    });
    let summary = Memo::new(move |_| results.with(|outcomes| MatchSummary::of(outcomes)));
    // The review queue: nearest the accept threshold first.
    let queue = Memo::new(move |_| results.with(|outcomes| review_queue(outcomes)));
    let selected: RwSignal<Option<usize>> = RwSignal::new(None);
    // Start on the first account waiting for review.
    Effect::new(move |_| {
        if selected.get_untracked().is_none() {
            if let Some(first) = queue.with(|queue| queue.first().copied()) {
                selected.set(Some(first));
            }
        }
    });

    let download = {
        let data = data.clone();
        move |only_unmatched: bool, format: ExportFormat| {
            let bytes = results.with_untracked(|outcomes| {
                match_export(
                    &data.accounts.table,
                    &data.account_id_header(),
                    &data.companies.table,
                    outcomes,
                    |outcome| {
                        !only_unmatched
                            || matches!(outcome.status, Status::Unmatched | Status::Rejected)
                    },
                    format,
                )
            });
            let name = if only_unmatched {
                "unmatched_accounts.csv"
            } else {
                "matches.csv"
            };
            state.download(format, bytes, name);
        }
    };
    let download_all = download.clone();
    let workspace_for_threshold = workspace.clone();
    view! {
        <div class="matching-toolbar">
            <ThresholdSelect
                id="accept-threshold"
                label="Accept matches scoring at least"
                workspace=workspace_for_threshold.clone()
                thresholds=thresholds
                score_of=|thresholds| thresholds.accept
                set_score=|thresholds, score| thresholds.accept = score
            />
            <ThresholdSelect
                id="review-floor"
                label="Review those scoring at least"
                workspace=workspace_for_threshold.clone()
                thresholds=thresholds
                score_of=|thresholds| thresholds.review_floor
                set_score=|thresholds, score| thresholds.review_floor = score
            />
            <DownloadButtons what="matches" download=move |format| download_all(false, format)/>
            <DownloadButtons what="unmatched" download=move |format| download(true, format)/>
            <button type="button" disabled=move || matching.running.get()
                on:click=move |_| spawn_local(async move { matching.run(true).await })>
                "Run again"
            </button>
        </div>
        <SummaryPanel summary=summary/>
        <ReviewPanel
            workspace_id=workspace_id
            data=data.clone()
            results=results
            queue=queue
            selected=selected
        />
        <DecisionsAgainstScores data=data.clone()/>
        <LearntWeights learnt=data.matcher.model.clone()/>
        <AccountsTable data=data results=results selected=selected/>
    }
}

/// The term-frequency weights as the learnt-weights table lists them:
/// field, what the weight is for, and its feature.
const TERM_FREQUENCIES: [(&str, &str, usize); 3] = [
    (
        "name",
        "the same words, by how many companies share them",
        NAME_SHARED,
    ),
    (
        "website",
        "the same domain, by how many companies share it",
        DOMAIN_SHARED,
    ),
    (
        "city",
        "the same city, by how many companies are in it against a typical city",
        CITY_SHARED,
    ),
];

/// The weights this run learnt on the workspace's data beside the fitted
/// ones they started from (`estimate`), in bits as the review panel shows
/// them: what a level means here.
#[component]
fn LearntWeights(learnt: MatchModel) -> impl IntoView {
    let fitted = MatchModel::default();
    let bits = |weight: f64| format!("{:+.1}", in_bits(weight));
    // A weight per `ln n` in natural log-odds is the same number of bits per
    // doubling of `n`.
    let per_doubling = |weight: f64| format!("{weight:+.1} a doubling");
    view! {
        <details class="panel learnt-weights">
            <summary>"Weights learnt on this data"</summary>
            <p class="muted">
                "Each level's weight, in bits, as Sightline started (fitted on its labelled generator) and as it learnt them on these accounts and companies; your decisions count once you have made 30. The last three rows weaken a name, a website or a city that many companies share: so many bits each time their number doubles."
            </p>
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Field"</th>
                        <th scope="col">"Level"</th>
                        <th scope="col" class="numeric">"Started at"</th>
                        <th scope="col" class="numeric">"Learnt here"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <td>"every candidate"</td>
                        <td>"before any evidence"</td>
                        <td class="numeric">{bits(fitted.weights[BIAS])}</td>
                        <td class="numeric">{bits(learnt.weights[BIAS])}</td>
                    </tr>
                    {COMPARISONS.iter().enumerate().flat_map(|(at, comparison)| {
                        let (fitted, learnt) = (fitted.clone(), learnt.clone());
                        // "missing" weighs nothing either way: not listed.
                        (0..comparison.levels.len() - 1).map(move |level| view! {
                            <tr>
                                <td>{comparison.field.replace('_', " ")}</td>
                                <td>{comparison.levels[level].label}</td>
                                <td class="numeric">{bits(fitted.level_weight(at, level))}</td>
                                <td class="numeric">{bits(learnt.level_weight(at, level))}</td>
                            </tr>
                        })
                    }).collect_view()}
                    {TERM_FREQUENCIES.iter().map(|(field, what, feature)| view! {
                        <tr>
                            <td>{*field}</td>
                            <td>{*what}</td>
                            <td class="numeric">{per_doubling(fitted.weights[*feature])}</td>
                            <td class="numeric">{per_doubling(learnt.weights[*feature])}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}

/// A match score from 1 to 5, one of the workspace's thresholds: changing it
/// saves it (and every status follows).
#[component]
fn ThresholdSelect(
    id: &'static str,
    label: &'static str,
    workspace: Workspace,
    thresholds: Memo<Thresholds>,
    score_of: fn(&Thresholds) -> u8,
    set_score: fn(&mut Thresholds, u8),
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let current = move || thresholds.with(score_of);
    view! {
        <label for=id>{label}</label>
        <select
            id=id
            prop:value=move || current().to_string()
            on:change=move |event| {
                if let Ok(score) = event_target_value(&event).parse::<u8>() {
                    let workspace = workspace.clone();
                    let mut chosen = thresholds.get_untracked();
                    set_score(&mut chosen, score);
                    spawn_local(async move { state.save_thresholds(workspace, chosen).await });
                }
            }
        >
            {(1..=5u8).rev().map(|score| view! {
                <option value=score.to_string() selected=move || current() == score>{score.to_string()}</option>
            }).collect_view()}
        </select>
    }
}

/// How the scores compared with the person's decisions (`docs/matching.md`:
/// decisions are labels): for each score, the decided accounts whose best
/// candidate had it, and how often that candidate was the right company.
#[component]
fn DecisionsAgainstScores(data: Rc<MatchData>) -> impl IntoView {
    let matching = expect_context::<MatchingState>();
    let data = StoredValue::new_local(data);
    let bands = Memo::new(move |_| {
        matching.decisions.with(|decisions| {
            data.with_value(|data| {
                decided_by_score(
                    &data.candidates,
                    &data.accounts.table,
                    &data.companies.table,
                    decisions,
                )
            })
        })
    });
    let decided = move || bands.with(|bands| bands.iter().map(|band| band.matches).sum::<usize>());
    // Named outside `view!`, where a `>` would end the tag.
    let any_decided = move || decided() != 0;
    view! {
        <section class="panel" aria-labelledby="decided-heading">
            <h2 id="decided-heading">"Your decisions against the scores"</h2>
            <Show
                when=any_decided
                fallback=|| view! { <p class="muted">"Confirm or reject a few accounts: this table then shows, for each score, how often the suggested company was the right one."</p> }
            >
                <p role="status">{move || format!("{} decided", human_count(decided() as u64))}</p>
                <table class="data-table reliability">
                    <thead>
                        <tr>
                            <th scope="col">"Score"</th>
                            <th scope="col">"Its confidence"</th>
                            <th scope="col" class="numeric">"Decided"</th>
                            <th scope="col" class="numeric">"The suggestion was right"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {(1..=5usize).rev().map(|score| {
                            let band = move || bands.with(|bands| bands[score - 1]);
                            view! {
                                <tr>
                                    <td>{score.to_string()}</td>
                                    <td>{format!("{}–{} %", (score - 1) * 20, score * 20)}</td>
                                    <td class="numeric">{move || human_count(band().matches as u64)}</td>
                                    <td class="numeric">{move || match band() {
                                        band if band.matches == 0 => "–".to_string(),
                                        band => format!("{} ({:.0} %)", human_count(band.right as u64), band.precision() * 100.0),
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

#[component]
fn SummaryPanel(summary: Memo<MatchSummary>) -> impl IntoView {
    let figure = move |label: &'static str, value: fn(&MatchSummary) -> usize| {
        let value = Signal::derive(move || human_count(summary.with(value) as u64));
        view! { <Figure value=value label=label/> }
    };
    view! {
        <section class="match-summary" aria-label="Summary">
            <p class="next-step" role="status">{move || summary.with(MatchSummary::next_step)}</p>
            <div class="figures">
                {figure("accounts", |summary| summary.accounts)}
                {figure("accepted", |summary| summary.accepted)}
                {figure("to review", |summary| summary.review)}
                {figure("confirmed", |summary| summary.confirmed)}
                {figure("rejected", |summary| summary.rejected)}
                {figure("unmatched", |summary| summary.unmatched)}
                {figure("possible duplicates", |summary| summary.possible_duplicates)}
            </div>
            <table class="score-bars">
                <caption>"Accounts by match score"</caption>
                <tbody>
                    {(0..=5usize).rev().map(|score| {
                        let count = move || summary.with(|summary| summary.by_score[score]);
                        // An SVG bar: the page's CSP allows no inline styles.
                        let width = move || summary.with(|summary| {
                            let most = summary.by_score.iter().copied().max().unwrap_or(0).max(1);
                            format!("{:.1}", summary.by_score[score] as f64 * 100.0 / most as f64)
                        });
                        view! {
                            <tr>
                                <th scope="row">{format!("score {score}")}</th>
                                <td class="bar-cell">
                                    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                        <rect class=format!("score-{score}") x="0" y="0" height="10" width=width></rect>
                                    </svg>
                                </td>
                                <td class="number">{move || human_count(count() as u64)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <Show when=move || summary.with(|summary| summary.stale_decisions > 0)>
                <p class="muted">
                    {move || summary.with(|summary| format!(
                        "{} decision(s) name a company that is no longer in the companies file; those accounts are matched afresh.",
                        summary.stale_decisions
                    ))}
                </p>
            </Show>
        </section>
    }
}

/// The grade letter's class and a person's word for it.
fn grade_class(letter: char) -> &'static str {
    match letter {
        'A' => "grade grade-a",
        'B' => "grade grade-b",
        'F' => "grade grade-f",
        _ => "grade grade-z",
    }
}

/// One account in review: side by side with its candidate, field by field.
#[component]
fn ReviewPanel(
    workspace_id: String,
    data: Rc<MatchData>,
    results: Memo<Vec<Outcome>>,
    queue: Memo<Vec<usize>>,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let matching = expect_context::<MatchingState>();
    let data = StoredValue::new_local(data);
    let workspace_id = StoredValue::new(workspace_id);
    let search = RwSignal::new(String::new());
    let search_input = NodeRef::<leptos::html::Input>::new();

    // The account a step away in the queue from the selected one.
    let step = move |forward: bool| {
        let current = selected.get_untracked();
        queue.with_untracked(|queue| {
            if queue.is_empty() {
                return;
            }
            let position =
                current.and_then(|row| queue.iter().position(|candidate| *candidate == row));
            let next = match (position, forward) {
                (None, _) => 0,
                (Some(at), true) => (at + 1).min(queue.len() - 1),
                (Some(at), false) => at.saturating_sub(1),
            };
            selected.set(Some(queue[next]));
        });
    };
    // Decides on the selected account and moves on to the next in review.
    let decide = move |decision: Option<Decision>| {
        let Some(row) = selected.get_untracked() else {
            return;
        };
        let account_id = data
            .with_value(|data| data.accounts.table.text("account_id", row))
            .unwrap_or_default();
        // The next account to look at: the one after this in the queue.
        let next = queue.with_untracked(|queue| {
            let at = queue.iter().position(|candidate| *candidate == row);
            at.and_then(|at| queue.get(at + 1).copied())
                .or_else(|| queue.first().copied().filter(|first| *first != row))
        });
        let workspace_id = workspace_id.get_value();
        spawn_local(async move { matching.decide(&workspace_id, account_id, decision).await });
        if let Some(next) = next {
            selected.set(Some(next));
        }
        search.set(String::new());
    };
    let company_id = move |company: u32| {
        data.with_value(|data| data.companies.table.text("company_id", company as usize))
            .unwrap_or_default()
    };
    let confirm = move || {
        let company = selected
            .get_untracked()
            .and_then(|row| results.with_untracked(|outcomes| outcomes[row].company));
        if let Some(company) = company {
            decide(Some(Decision::Confirmed {
                company_id: company_id(company),
            }));
        }
    };
    let pick_alternative = move |index: usize| {
        let company = selected.get_untracked().and_then(|row| {
            data.with_value(|data| {
                data.candidates[row]
                    .get(index)
                    .map(|candidate| candidate.company)
            })
        });
        if let Some(company) = company {
            decide(Some(Decision::Confirmed {
                company_id: company_id(company),
            }));
        }
    };
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        // Typing in the search box is typing, not a shortcut.
        let in_input = event
            .target()
            .and_then(|target| {
                wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(target).ok()
            })
            .is_some();
        if in_input || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        match event.key().as_str() {
            "c" | "Enter" => confirm(),
            "r" => decide(Some(Decision::Rejected)),
            "u" => decide(None),
            "j" | "n" | "ArrowDown" => step(true),
            "k" | "p" | "ArrowUp" => step(false),
            "1" => pick_alternative(1),
            "2" => pick_alternative(2),
            "3" => pick_alternative(3),
            "/" => {
                if let Some(input) = search_input.get() {
                    let _ = input.focus();
                }
            }
            _ => return,
        }
        event.prevent_default();
    };

    let position = move || {
        let row = selected.get()?;
        queue.with(|queue| {
            queue
                .iter()
                .position(|candidate| *candidate == row)
                .map(|at| (at + 1, queue.len()))
        })
    };
    view! {
        <section class="review" aria-labelledby="review-heading" tabindex="0" on:keydown=on_keydown>
            <h2 id="review-heading">"Review"</h2>
            <p class="muted keys">
                "Keys: " <kbd>"c"</kbd> " confirm, " <kbd>"r"</kbd> " reject, " <kbd>"1"</kbd> "–" <kbd>"3"</kbd>
                " pick an alternative, " <kbd>"j"</kbd> "/" <kbd>"k"</kbd> " next/previous, " <kbd>"u"</kbd>
                " undo the decision, " <kbd>"/"</kbd> " search companies."
            </p>
            <p role="status">
                {move || match (position(), queue.with(Vec::len)) {
                    (_, 0) => "Nothing waits for review.".to_string(),
                    (Some((at, of)), _) => format!("Review {at} of {of}"),
                    (None, waiting) => format!("{waiting} account(s) wait for review."),
                }}
            </p>
            <div class="review-nav">
                <button type="button" on:click=move |_| step(false)>"Previous"</button>
                <button type="button" on:click=move |_| step(true)>"Next"</button>
            </div>
            {move || selected.get().map(|row| {
                let outcome = results.with(|outcomes| outcomes[row].clone());
                let (account_fields, company_fields, evidence, alternatives) = data.with_value(|data| {
                    let fields = |table: &crate::engine::ingest::table::Table, row: usize| -> Vec<String> {
                        COMPARISONS.iter().map(|comparison| table.text(comparison.field, row).unwrap_or_default()).collect()
                    };
                    let account_fields = fields(&data.accounts.table, row);
                    let company_fields = outcome.company.map(|company| fields(&data.companies.table, company as usize));
                    let evidence: Option<Evidence> = outcome.company.and_then(|company| {
                        data.candidates[row].iter().find(|candidate| candidate.company == company).map(|candidate| candidate.evidence)
                    });
                    let alternatives: Vec<(usize, Candidate, String, String)> = data.candidates[row]
                        .iter()
                        .enumerate()
                        .skip(1)
                        .map(|(index, candidate)| (
                            index,
                            candidate.clone(),
                            data.companies.table.text("name", candidate.company as usize).unwrap_or_default(),
                            data.companies.table.text("website", candidate.company as usize).unwrap_or_default(),
                        ))
                        .collect();
                    (account_fields, company_fields, evidence, alternatives)
                });
                let model_weights = data.with_value(|data| data.matcher.model.clone());
                let grade: Vec<char> = outcome.grade.chars().collect();
                view! {
                    <div class="review-card">
                        <p>
                            <strong>{account_fields[0].clone()}</strong>
                            {format!(" — {}, score {}, confidence {}", outcome.status.as_str(), outcome.match_score, format_percent(outcome.confidence))}
                            {outcome.duplicate.then(|| view! { <span class="tag">"possible duplicate"</span> })}
                        </p>
                        <table class="side-by-side">
                            <thead>
                                <tr><th scope="col">"Field"</th><th scope="col">"Account"</th><th scope="col">"Company"</th><th scope="col">"Grade"</th></tr>
                            </thead>
                            <tbody>
                                {COMPARISONS.iter().enumerate().map(|(at, comparison)| {
                                    let letter = grade.get(at).copied().unwrap_or('Z');
                                    let why = evidence.map(|evidence| {
                                        let level = evidence.levels[at] as usize;
                                        format!("{}, {:+.1} bits", comparison.levels[level].label,
                                            in_bits(model_weights.comparison_weight(&evidence, at)))
                                    }).unwrap_or_default();
                                    view! {
                                        <tr>
                                            <th scope="row">{comparison.field.replace('_', " ")}</th>
                                            <td>{account_fields[at].clone()}</td>
                                            <td>{company_fields.as_ref().map(|fields| fields[at].clone()).unwrap_or_default()}</td>
                                            <td><span class=grade_class(letter) title=why.clone()>{letter.to_string()}</span>" "<span class="muted">{why.clone()}</span></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <div class="review-actions">
                            <button type="button" class="primary" disabled=outcome.company.is_none() on:click=move |_| confirm()>"Confirm (c)"</button>
                            <button type="button" on:click=move |_| decide(Some(Decision::Rejected))>"Reject (r)"</button>
                            <button type="button" class="ghost" on:click=move |_| decide(None)>"Undo decision (u)"</button>
                        </div>
                        <Show when={let empty = alternatives.is_empty(); move || !empty}>
                            <h3>"Alternatives"</h3>
                        </Show>
                        <ol class="alternatives">
                            {alternatives.clone().into_iter().map(|(index, candidate, name, website)| view! {
                                <li>
                                    <button type="button" on:click=move |_| pick_alternative(index)>{format!("Pick ({index})")}</button>
                                    " " {name} " " <span class="muted">{website}</span>
                                    {format!(" — score {}, confidence {}, ", match_score(candidate.confidence()), format_percent(candidate.confidence()))}
                                    <code>{candidate.evidence.grade()}</code>
                                </li>
                            }).collect_view()}
                        </ol>
                        <CompanySearch data=data search=search search_input=search_input decide=decide company_id=company_id/>
                    </div>
                }
            })}
        </section>
    }
}

/// Picking another company by name, website or id.
#[component]
fn CompanySearch(
    data: StoredValue<Rc<MatchData>, LocalStorage>,
    search: RwSignal<String>,
    search_input: NodeRef<leptos::html::Input>,
    decide: impl Fn(Option<Decision>) + Copy + Send + Sync + 'static,
    company_id: impl Fn(u32) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let found = move || {
        let query = search.get();
        data.with_value(|data| {
            search_companies(&data.companies.table, &query, 10)
                .into_iter()
                .map(|company| {
                    let text = |field: &str| {
                        data.companies
                            .table
                            .text(field, company as usize)
                            .unwrap_or_default()
                    };
                    (company, text("name"), text("website"), text("country"))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="company-search">
            <label for="company-search">"Pick another company (name, website or id)"</label>
            <input
                id="company-search"
                type="search"
                node_ref=search_input
                prop:value=move || search.get()
                on:input=move |event| search.set(event_target_value(&event))
            />
            <ul>
                {move || found().into_iter().map(|(company, name, website, country)| view! {
                    <li>
                        <button type="button" on:click=move |_| decide(Some(Decision::Confirmed { company_id: company_id(company) }))>"Pick"</button>
                        " " {name} " " <span class="muted">{format!("{website} {country}")}</span>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Every account, filterable by status, in a virtualised table.
#[component]
fn AccountsTable(
    data: Rc<MatchData>,
    results: Memo<Vec<Outcome>>,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let data = StoredValue::new_local(data);
    let filter = RwSignal::new(String::from("all"));
    let scroll_top = RwSignal::new(0usize);
    let rows = Memo::new(move |_| {
        let filter = filter.get();
        results.with(|outcomes| {
            (0..outcomes.len())
                .filter(|row| {
                    let outcome = &outcomes[*row];
                    match filter.as_str() {
                        "all" => true,
                        "duplicates" => outcome.duplicate,
                        status => outcome.status.as_str() == status,
                    }
                })
                .collect::<Vec<usize>>()
        })
    });
    view! {
        <section class="match-accounts" aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">"Accounts"</h2>
            <div class="table-controls">
                <label for="status-filter">"Show"</label>
                <select id="status-filter" on:change=move |event| { filter.set(event_target_value(&event)); scroll_top.set(0); }>
                    <option value="all">"all accounts"</option>
                    {Status::ALL.iter().map(|status| view! { <option value=status.as_str()>{status.as_str()}</option> }).collect_view()}
                    <option value="duplicates">"possible duplicates"</option>
                </select>
                <span role="status">{move || format!("{} account(s)", human_count(rows.with(Vec::len) as u64))}</span>
            </div>
            <RowsScroller label="Accounts and their matches" scroll_top=scroll_top>
            <table class="data-table rows-table">
                <thead>
                    <tr>
                        <th scope="col">"Account"</th>
                        <th scope="col">"Company"</th>
                        <th scope="col">"Score"</th>
                        <th scope="col">"Confidence"</th>
                        <th scope="col">"Grade"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let window = row_window(scroll_top.get(), rows.with(Vec::len));
                        let shown: Vec<usize> = rows.with(|rows| rows[window.first..window.last].to_vec());
                        windowed_rows(window, shown.into_iter().map(|row| {
                            let outcome = results.with(|outcomes| outcomes[row].clone());
                            let (account, company) = data.with_value(|data| (
                                data.accounts.table.text("name", row).unwrap_or_default(),
                                outcome.company.and_then(|company| data.companies.table.text("name", company as usize)).unwrap_or_default(),
                            ));
                            view! {
                                <tr class:selected=move || selected.get() == Some(row)>
                                    <td>
                                        <button type="button" class="link" on:click=move |_| selected.set(Some(row))>{account}</button>
                                    </td>
                                    <td>{company}</td>
                                    <td class="numeric">{outcome.match_score.to_string()}</td>
                                    <td class="numeric">{outcome.company.map(|_| format_percent(outcome.confidence))}</td>
                                    <td><code>{outcome.grade.clone()}</code></td>
                                    <td>{outcome.status.as_str()}{outcome.duplicate.then_some(" · duplicate?")}</td>
                                </tr>
                            }
                        }).collect_view())
                    }}
                </tbody>
            </table>
            </RowsScroller>
        </section>
    }
}
