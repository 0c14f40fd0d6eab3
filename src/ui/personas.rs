//! `#/w/<id>/personas`: create, edit, duplicate and delete personas, with a
//! live count and sample titles over the workspace's newest people dataset
//! while a criterion is typed.

use crate::engine::accounts::personas::{preview, Persona, PersonaPreview};
use crate::engine::display::human_count;
use crate::engine::entry::Entry;
use crate::engine::ingest::Ingested;
use crate::engine::source_kind::SourceKind;
use crate::engine::workspace::{newest, Workspace};
use crate::store::Store;
use crate::ui::app::AppState;
use crate::ui::components::page_heading::PageHeading;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

impl AppState {
    /// The workspace's personas; a new workspace starts with the default one.
    pub async fn load_personas(&self, workspace_id: &str) -> Vec<Persona> {
        self.storage
            .with_store(async |store: Store| {
                store
                    .entry::<Vec<Persona>>(workspace_id, Vec::<Persona>::KEY)
                    .await
            })
            .await
            .flatten()
            .unwrap_or_else(|| vec![Persona::default_persona()])
    }

    pub async fn save_personas(&self, workspace_id: &str, personas: &[Persona]) {
        self.storage
            .save(async |store: Store| {
                store
                    .put_entry(workspace_id, Vec::<Persona>::KEY, &personas)
                    .await
            })
            .await;
    }

    /// The reading of the workspace's newest dataset of a kind, if it has one.
    pub async fn load_newest(&self, kind: SourceKind) -> Option<Ingested> {
        let dataset = newest(&self.datasets.get_untracked(), kind)?;
        match self.load_table(&dataset).await {
            Ok(read) => Some(read),
            Err(error) => {
                self.feedback.fail(format!("{}: {error}", dataset.name));
                None
            }
        }
    }
}

/// A criterion as the person types it: items separated by commas or lines.
fn items(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

#[component]
pub fn PersonasView(workspace: Workspace) -> impl IntoView {
    let state = expect_context::<AppState>();
    let personas: RwSignal<Vec<Persona>> = RwSignal::new(Vec::new());
    let editing: RwSignal<Option<usize>> = RwSignal::new(None);
    let workspace_id = StoredValue::new(workspace.id.clone());
    spawn_local(async move {
        let loaded = state.load_personas(&workspace_id.get_value()).await;
        personas.try_set(loaded);
    });
    // The newest people dataset, for the editor's preview; `None` while it is read.
    let people = LocalResource::new(move || async move {
        state.load_newest(SourceKind::People).await.map(Rc::new)
    });
    let save = move |list: Vec<Persona>| {
        personas.set(list.clone());
        spawn_local(async move { state.save_personas(&workspace_id.get_value(), &list).await });
    };
    let add = move |_| {
        let mut list = personas.get_untracked();
        list.push(Persona {
            name: format!("New persona {}", list.len() + 1),
            ..Persona::default()
        });
        editing.set(Some(list.len() - 1));
        save(list);
    };
    view! {
        <section class="personas">
            <PageHeading title="Personas" help="accounts.html#personas"/>
            <p class="muted">"A persona is a kind of person to count at each account, such as software developers. An empty criterion does not restrict."</p>
            <button type="button" class="primary" on:click=add>"New persona"</button>
            <ul class="persona-list">
                {move || personas.get().into_iter().enumerate().map(|(index, persona)| {
                    let name = persona.name.clone();
                    view! {
                        <li>
                            <strong>{persona.name.clone()}</strong>
                            " "
                            <button type="button" aria-label=format!("Edit {name}") on:click=move |_| editing.set(Some(index))>"Edit"</button>
                            <button type="button" aria-label=format!("Duplicate {name}") on:click={
                                let persona = persona.clone();
                                move |_| {
                                    let mut list = personas.get_untracked();
                                    list.push(Persona { name: format!("{} (copy)", persona.name), ..persona.clone() });
                                    save(list);
                                }
                            }>"Duplicate"</button>
                            <button type="button" class="danger" aria-label=format!("Delete {name}") on:click=move |_| {
                                let mut list = personas.get_untracked();
                                if index < list.len() && crate::ui::browser::confirm(&format!("Delete the persona “{}”?", list[index].name)) {
                                    list.remove(index);
                                    editing.set(None);
                                    save(list);
                                }
                            }>"Delete"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || editing.get().and_then(|index| personas.with(|list| list.get(index).cloned())).map(|persona| {
                let index = editing.get_untracked().unwrap_or_default();
                view! {
                    <PersonaEditor
                        persona=persona
                        people=people
                        on_save=move |edited: Persona| {
                            let mut list = personas.get_untracked();
                            if index < list.len() {
                                list[index] = edited;
                                save(list);
                            }
                        }
                    />
                }
            })}
        </section>
    }
}

/// The form for one persona, with its live preview. Every change is saved.
#[component]
fn PersonaEditor(
    persona: Persona,
    people: LocalResource<Option<Rc<Ingested>>>,
    on_save: impl Fn(Persona) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let draft = RwSignal::new(persona);
    let live: Memo<Option<PersonaPreview>> = Memo::new(move |_| {
        let persona = draft.get();
        people.with(|people| {
            people
                .as_ref()?
                .as_ref()
                .map(|people| preview(&people.table, &persona, 8))
        })
    });
    let field = move |id: &'static str,
                      label: &'static str,
                      hint: &'static str,
                      get: fn(&Persona) -> String,
                      set: fn(&mut Persona, &str)| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input
                    id=id
                    type="text"
                    prop:value=move || draft.with(get)
                    on:input=move |event| {
                        let value = event_target_value(&event);
                        draft.update(|persona| set(persona, &value));
                    }
                    on:change=move |_| on_save(draft.get_untracked())
                />
                <small class="muted">{hint}</small>
            </div>
        }
    };
    view! {
        <form class="persona-editor" on:submit=move |event| event.prevent_default()>
            <h2>"Edit persona"</h2>
            {field("persona-name", "Name", "", |persona| persona.name.clone(), |persona, value| persona.name = value.trim().to_string())}
            {field("persona-functions", "Job functions", "any of, separated by commas (e.g. Engineering, Information Technology)",
                |persona| persona.functions.join(", "), |persona, value| persona.functions = items(value))}
            {field("persona-seniorities", "Seniorities", "any of: Entry, Senior, Manager, Director, VP, CXO, Owner, Partner, Unpaid",
                |persona| persona.seniorities.join(", "), |persona, value| persona.seniorities = items(value))}
            {field("persona-include", "Title includes", "any of; whole words; end a word with * for any ending (engineer*)",
                |persona| persona.title_include.join(", "), |persona, value| persona.title_include = items(value))}
            {field("persona-exclude", "Title excludes", "none of; an excluded title never counts",
                |persona| persona.title_exclude.join(", "), |persona, value| persona.title_exclude = items(value))}
            {field("persona-countries", "Countries", "any of, as ISO codes (US, DE, GB)",
                |persona| persona.countries.join(", "), |persona, value| persona.countries = items(value).into_iter().map(|code| code.to_uppercase()).collect())}
            <div class="persona-preview" role="status">
                {move || match live.get() {
                    None if people.with(Option::is_none) => view! { <p class="muted">"Reading people…"</p> }.into_any(),
                    None => view! { <p class="muted">"Add a people dataset on Sources to see how many people match."</p> }.into_any(),
                    Some(preview) => view! {
                        <p><strong>{human_count(preview.matching)}</strong>" people match."</p>
                        <div class="preview-columns">
                            <div>
                                <h3>"Matching titles"</h3>
                                <ul>{preview.matching_titles.into_iter().map(|(title, count)| view! { <li>{title}" "<span class="muted">{format!("× {count}")}</span></li> }).collect_view()}</ul>
                            </div>
                            <div>
                                <h3>"Near misses"</h3>
                                <ul>{preview.near_misses.into_iter().map(|(title, count)| view! { <li>{title}" "<span class="muted">{format!("× {count}")}</span></li> }).collect_view()}</ul>
                            </div>
                        </div>
                    }.into_any(),
                }}
            </div>
        </form>
    }
}
