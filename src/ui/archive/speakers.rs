//! The show's speakers as filters: a toggle for each of the most frequent
//! (and each chosen one), and a list for the rest.

use leptos::prelude::*;

use super::state::ArchiveState;
use crate::archive::present::{split_choices, SpeakerChoice};

/// Speakers with a button of their own (the rest are in a list): those
/// the manifest lists.
const BUTTONS: usize = crate::archive::format::LISTED_SPEAKERS;

/// `button[data-speaker-filter="<key>"]` with `aria-pressed`, and a
/// `select` of the other speakers when there are more. Buttons are keyed,
/// so pressing one keeps it (and the keyboard focus) in place. The buttons
/// come from the manifest; the list is filled from the speakers file,
/// fetched when the pointer or the keyboard focus comes to the filter.
#[component]
pub fn ArchiveSpeakers(state: ArchiveState) -> impl IntoView {
    // Rebuilt only when the number of speakers is known; the lists follow
    // the choices (the manifest's, then all), keyed, so a button keeps the
    // keyboard focus while the speakers file arrives.
    move || {
        let total = state.speaker_total.get();
        if total < 2 {
            return None;
        }
        let split = move |buttons: bool| -> Vec<(usize, SpeakerChoice)> {
            let choices = state.choices.get();
            let chosen = state.speakers.get();
            let (with_button, rest) = split_choices(&choices, &chosen, BUTTONS);
            let colour = |c: &SpeakerChoice| choices.iter().position(|x| x.key == c.key).unwrap_or(0) % 6;
            let list = if buttons { with_button } else { rest };
            list.into_iter().map(|c| (colour(c), c.clone())).collect()
        };
        let others = (total > BUTTONS).then(|| {
            let on_pick = move |e: leptos::ev::Event| {
                let key = event_target_value(&e);
                if !key.is_empty() {
                    state.toggle_speaker(&key);
                }
                // Back to the prompt: the list is for picking, the buttons show what is picked.
                if let Some(select) = e.target() {
                    let _ = js_sys::Reflect::set(&select, &"value".into(), &"".into());
                }
            };
            view! {
                <label class="vba-more-speakers">
                    <span class="vb-visually-hidden">"Filter by another speaker"</span>
                    <select on:change=on_pick>
                        <option value="">"More speakers…"</option>
                        {move || {
                            (state.choices.with(|c| c.len()) < total)
                                .then(|| view! { <option disabled="">"Loading speakers…"</option> })
                        }}
                        <For each=move || split(false) key=|(_, c)| c.key.clone() let:((_, c))>
                            <option value=c.key.clone()>{format!("{} ({})", c.name, episodes_text(c.episodes))}</option>
                        </For>
                    </select>
                </label>
            }
        });
        Some(view! {
            <section
                class="vb-speakers vba-speakers"
                aria-label="Speakers: filter by who is talking"
                on:pointerenter=move |_| state.load_speakers()
                on:focusin=move |_| state.load_speakers()
            >
                <For
                    each=move || split(true)
                    key=|(_, c)| c.key.clone()
                    children=move |(colour, c)| speaker_button(state, c, colour)
                />
                {others}
            </section>
        })
    }
}

fn episodes_text(n: usize) -> String {
    if n == 1 {
        "1 episode".to_string()
    } else {
        format!("{n} episodes")
    }
}

/// One speaker's toggle, pressed when the results keep only them (and the
/// others chosen).
fn speaker_button(state: ArchiveState, choice: SpeakerChoice, colour: usize) -> impl IntoView {
    let key = choice.key.clone();
    let pressed = {
        let key = key.clone();
        move || if state.speakers.with(|chosen| chosen.contains(&key)) { "true" } else { "false" }
    };
    let toggle = {
        let key = key.clone();
        move |_| state.toggle_speaker(&key)
    };
    view! {
        <button
            type="button"
            class=format!("vb-speaker-filter vb-c{colour}")
            data-speaker-filter=key
            aria-pressed=pressed
            on:click=toggle
        >
            <span class="vb-dot" aria-hidden="true"></span>
            <span class="vb-name">{choice.name}</span>
            <span class="vb-role">{episodes_text(choice.episodes)}</span>
        </button>
    }
}
